#!/usr/bin/env python3
"""The networkx side of the side-by-side benchmark (see network_vs_networkx.sh).

Reads an edge list ("u v length" per line) and a list of source node ids, builds
an undirected nx.Graph (parallel edges: the shortest kept), and times
nx.single_source_dijkstra_path_length(G, s, cutoff=CUTOFF, weight="length") for
every source, as the peer did (shared/bench/networkx_peer.md, step 6 / scale test).
Prints the median of REPS repetitions (wall and CPU time of the search loop
only: Python start-up, imports and the graph build are outside it), the total
number of nodes reached and the sum of all returned distances (both must equal
the C++ program's, computed in an untimed pass).
"""
import argparse
import statistics
import sys
import time

import networkx as nx


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("edges")
    ap.add_argument("sources")
    ap.add_argument("--cutoff", type=float, default=900.0)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()

    t0 = time.perf_counter()
    g = nx.Graph()
    with open(a.edges) as f:
        for line in f:
            u, v, w = line.split()
            u, v, w = int(u), int(v), float(w)
            if g.has_edge(u, v) and g[u][v]["length"] <= w:
                continue
            g.add_edge(u, v, length=w)
    build = time.perf_counter() - t0
    with open(a.sources) as f:
        sources = [int(x) for x in f if x.strip()]
    print(f"networkx {nx.__version__} (python {sys.version.split()[0]}): graph {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
          f"built in {build:.2f} s; {len(sources)} sources, cutoff {a.cutoff:g}")
    times = []
    cpu = []
    reached = 0
    for _ in range(a.reps):
        reached = 0
        t = time.perf_counter()
        c = time.thread_time()
        for s in sources:
            d = nx.single_source_dijkstra_path_length(g, s, cutoff=a.cutoff, weight="length")
            reached += len(d)
        cpu.append(time.thread_time() - c)
        times.append(time.perf_counter() - t)
    dist_sum = 0.0  # untimed: the same results as the C++ side?
    for s in sources:
        dist_sum += sum(nx.single_source_dijkstra_path_length(g, s, cutoff=a.cutoff, weight="length").values())
    med = statistics.median(times)
    print(f"networkx: {len(sources)} bounded single-source Dijkstras: median {med:.4f} s "
          f"(min {min(times):.4f}, max {max(times):.4f}), {1000 * med / len(sources):.3f} ms per source, "
          f"{reached} nodes reached in total")
    print(f"networkx: CPU time median {statistics.median(cpu):.4f} s")
    print(f"NX_SSSP_SECONDS {med:.9f}")
    print(f"NX_SSSP_CPU_SECONDS {statistics.median(cpu):.9f}")
    print(f"NX_SSSP_REACHED {reached}")
    print(f"NX_SSSP_DISTANCE_SUM {dist_sum:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
