// Synthetic city benchmark: walking-coverage lists for many sources on a
// grid-like street network of about a million nodes.
//
//   bench_network_synthetic [--side 1000] [--spacing 50] [--sources 20000]
//       [--targets 100000] [--threads 2] [--threshold 900] [--seed 20240]
//       [--reps 1] [--order hilbert|rows] [--export-edges FILE] [--export-sample FILE]
//       [--sample 200]
//
// The network: side x side intersections on a square grid `spacing` metres apart,
// 4-neighbour streets with 10 % removed at random, each street's walking length
// spacing x U(1, 1.2) (the networkx peer's synthetic grid, shared/bench/networkx_peer.md).
// Sources (candidate sites) and targets (estate points) are uniform random points
// in the city, snapped to the nearest street; lists are door to door within the threshold.
// Node ids follow a Hilbert curve (NetworkBuildOptions::spatial_order, as for
// networks read from OSM or lines); `--order rows` keeps the row-major ids of the
// generator (the layout measured before spatial_order existed).
//
// --export-edges writes the graph as "u v length" lines (nodes 0..n-1) and
// --export-sample the ids of `sample` source nodes drawn from the largest
// component; the program then also times bounded Dijkstra from those nodes
// (node distances only, one thread) for the side-by-side with networkx.
#include "bench_network_common.hpp"

#include "lc/geo/network/dijkstra.hpp"
#include "lc/geo/network/distances.hpp"
#include "lc/geo/network/snap.hpp"
#include "lc/geo/network/walk_network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <random>
#include <string>
#include <vector>

using namespace lc::geo;
using lc::bench::median;
using lc::bench::now_s;
using lc::bench::print_row;
using lc::bench::time_runs;

namespace {

struct Args {
    std::uint32_t side = 1000;
    double spacing = 50.0;
    std::size_t sources = 20000;
    std::size_t targets = 100000;
    unsigned threads = 2;
    double threshold = 900.0;
    std::uint64_t seed = 20240;
    int reps = 1;
    std::string export_edges;
    std::string export_sample;
    std::size_t sample = 200;
    bool hilbert = true;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error("missing value after " + k);
            return argv[++i];
        };
        if (k == "--side") a.side = static_cast<std::uint32_t>(std::stoul(next()));
        else if (k == "--spacing") a.spacing = std::stod(next());
        else if (k == "--sources") a.sources = std::stoul(next());
        else if (k == "--targets") a.targets = std::stoul(next());
        else if (k == "--threads") a.threads = static_cast<unsigned>(std::stoul(next()));
        else if (k == "--threshold") a.threshold = std::stod(next());
        else if (k == "--seed") a.seed = std::stoull(next());
        else if (k == "--reps") a.reps = std::stoi(next());
        else if (k == "--export-edges") a.export_edges = next();
        else if (k == "--export-sample") a.export_sample = next();
        else if (k == "--sample") a.sample = std::stoul(next());
        else if (k == "--order") {
            const std::string v = next();
            if (v != "hilbert" && v != "rows") throw std::runtime_error("--order is hilbert or rows");
            a.hilbert = v == "hilbert";
        }
        else throw std::runtime_error("unknown argument " + k);
    }
    return a;
}

WalkNetwork generate(const Args& a) {
    std::mt19937_64 rng(a.seed);
    std::uniform_real_distribution<double> stretch(1.0, 1.2);
    std::bernoulli_distribution removed(0.10);
    const std::uint32_t n = a.side;
    std::vector<Point> nodes;
    nodes.reserve(static_cast<std::size_t>(n) * n);
    for (std::uint32_t r = 0; r < n; ++r) {
        for (std::uint32_t c = 0; c < n; ++c) nodes.push_back({c * a.spacing, r * a.spacing});
    }
    std::vector<EdgeSpec> edges;
    edges.reserve(static_cast<std::size_t>(n) * n * 2);
    for (std::uint32_t r = 0; r < n; ++r) {
        for (std::uint32_t c = 0; c < n; ++c) {
            const NodeId v = r * n + c;
            if (c + 1 < n && !removed(rng)) edges.push_back({v, v + 1, a.spacing * stretch(rng)});
            if (r + 1 < n && !removed(rng)) edges.push_back({v, v + n, a.spacing * stretch(rng)});
        }
    }
    NetworkBuildOptions options;
    options.spatial_order = a.hilbert;
    return WalkNetwork::from_edges(std::move(nodes), edges, options);
}

std::vector<Point> random_points(std::mt19937_64& rng, std::size_t count, double extent) {
    std::uniform_real_distribution<double> u(0.0, extent);
    std::vector<Point> pts(count);
    for (auto& p : pts) p = {u(rng), u(rng)};
    return pts;
}

}  // namespace

int main(int argc, char** argv) try {
    const Args a = parse(argc, argv);
    std::printf("synthetic city: %u x %u grid, %.0f m spacing, %zu sources, %zu targets, %.0f m, %u threads, seed "
                "%llu, %s node order\n",
                a.side, a.side, a.spacing, a.sources, a.targets, a.threshold, a.threads,
                static_cast<unsigned long long>(a.seed), a.hilbert ? "Hilbert" : "row-major");
    const double rss0 = lc::bench::peak_rss_mib();
    double t = now_s();
    const WalkNetwork net = generate(a);
    const double t_build = now_s() - t;
    const auto& st = net.stats();
    std::printf("network: %zu nodes, %zu edges, %zu components (largest %zu); arrays %.1f MiB; built in %.3f s\n",
                st.nodes, st.edges, st.components, st.largest_component_nodes,
                static_cast<double>(net.memory_bytes()) / 1048576.0, t_build);

    std::mt19937_64 rng(a.seed + 1);
    const double extent = (a.side - 1) * a.spacing;
    const auto src_pts = random_points(rng, a.sources, extent);
    const auto dst_pts = random_points(rng, a.targets, extent);
    t = now_s();
    const SnapIndex index(net);
    const double t_index = now_s() - t;
    t = now_s();
    const auto sources = index.snap(src_pts, 500.0);
    const auto targets = index.snap(dst_pts, 500.0);
    const double t_snap = now_s() - t;
    std::printf("snapping: R-tree over %zu segments %.3f s, %zu points snapped %.3f s\n", st.edges, t_index,
                a.sources + a.targets, t_snap);

    WalkDistanceOptions opt;
    opt.threshold = a.threshold;
    opt.threads = a.threads;
    CoverageLists lists;
    std::vector<double> cpu_lists;
    const auto t_lists = time_runs(a.reps, [&] {
        const double c0 = lc::bench::process_cpu_s();
        lists = coverage_lists(net, sources, targets, opt);
        cpu_lists.push_back(lc::bench::process_cpu_s() - c0);
    });
    std::sort(cpu_lists.begin(), cpu_lists.end());
    std::size_t max_list = 0;
    for (std::size_t s = 0; s < lists.source_count(); ++s) max_list = std::max(max_list, lists.targets_of(s).size());
    std::printf("coverage lists: %zu sources -> %zu (source, target) pairs, mean %.1f, max %zu per source\n",
                lists.source_count(), lists.pair_count(),
                static_cast<double>(lists.pair_count()) / static_cast<double>(lists.source_count()), max_list);
    print_row("coverage lists (all sources)", t_lists);
    std::printf("  %-44s median %8.4f s  (CPU time of all threads; load average at end %.2f)\n",
                "coverage lists, CPU", median(cpu_lists), lc::bench::load_average());
    std::printf("  %-44s %8.3f s\n", "TOTAL build + index + snap + lists", t_build + t_index + t_snap + median(t_lists));
    std::printf("peak RSS %.1f MiB (at start %.1f MiB)\n", lc::bench::peak_rss_mib(), rss0);

    if (!a.export_edges.empty() && !a.export_sample.empty()) {
        // Sample nodes of the largest component (component 0), taken in row-major
        // order of their points: both --order values search from the same places.
        std::vector<std::pair<std::uint64_t, NodeId>> by_place;
        const auto comp = net.components();
        for (NodeId v = 0; v < net.node_count(); ++v) {
            if (comp[v] != 0) continue;
            const Point p = net.node(v);
            by_place.emplace_back(std::llround(p.y / a.spacing) * a.side + std::llround(p.x / a.spacing), v);
        }
        std::sort(by_place.begin(), by_place.end());
        std::vector<NodeId> pool;
        pool.reserve(by_place.size());
        for (const auto& bp : by_place) pool.push_back(bp.second);
        std::mt19937_64 srng(a.seed + 2);
        std::vector<NodeId> sample;
        std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
        for (std::size_t i = 0; i < a.sample; ++i) sample.push_back(pool[pick(srng)]);
        lc::bench::side_by_side(net, sample, a.threshold, a.export_edges, a.export_sample, std::max(3, a.reps));
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_network_synthetic: %s\n", e.what());
    return 2;
}
