#!/usr/bin/env bash
# Side by side: the same bounded single-source Dijkstras (same graph, same
# sources, same cutoff) in lifecircle (C++, one thread) and in networkx.
#
#   scripts/bench/network_vs_networkx.sh [BUILD_DIR] [synthetic|poa] [-- extra args]
#
# synthetic (default): the 1000 x 1000 grid at 50 m spacing (the peer's scale
# test), 200 sources from the largest component, cutoff 900 m; e.g.
# `-- --spacing 10` for the peer's 10 m variant.
# poa: the Porto Alegre walking graph (chains contracted), the 40 facilities'
# nearest nodes, cutoff 900 m.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
shift || true
which="${1:-synthetic}"
shift || true
[[ "${1:-}" == "--" ]] && shift
case "$which" in
  synthetic) bench="$build/scripts/bench/bench_network_synthetic" ;;
  poa) bench="$build/scripts/bench/bench_network_poa" ;;
  *) echo "network_vs_networkx: unknown graph '$which' (synthetic or poa)" >&2; exit 2 ;;
esac
if [[ ! -x "$bench" ]]; then
  echo "network_vs_networkx: $bench not built (cmake --build $build --target $(basename "$bench"))" >&2
  exit 2
fi
# The peer measured Debian's python3-networkx (2.8.8) under /usr/bin/python3;
# set PYTHON to compare with another interpreter (e.g. a pyenv networkx 3.x).
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x /usr/bin/python3 ]]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== lifecircle (C++) =="
if [[ "$which" == synthetic ]]; then
  "$bench" --sources 200 --targets 200 --sample 200 --reps 5 \
    --export-edges "$work/edges.txt" --export-sample "$work/sources.txt" "$@" | tee "$work/lc.txt"
else
  "$bench" --reps 3 --export-edges "$work/edges.txt" --export-sample "$work/sources.txt" "$@" | tee "$work/lc.txt"
fi
echo "== networkx =="
"$PYTHON" "$here/bench_networkx.py" "$work/edges.txt" "$work/sources.txt" --cutoff 900 --reps 5 | tee "$work/nx.txt"

lc_s=$(awk '/^LC_SSSP_SECONDS/ {print $2}' "$work/lc.txt")
lc_n=$(awk '/^LC_SSSP_REACHED/ {print $2}' "$work/lc.txt")
nx_s=$(awk '/^NX_SSSP_SECONDS/ {print $2}' "$work/nx.txt")
lc_c=$(awk '/^LC_SSSP_CPU_SECONDS/ {print $2}' "$work/lc.txt")
nx_c=$(awk '/^NX_SSSP_CPU_SECONDS/ {print $2}' "$work/nx.txt")
nx_n=$(awk '/^NX_SSSP_REACHED/ {print $2}' "$work/nx.txt")
lc_d=$(awk '/^LC_SSSP_DISTANCE_SUM/ {print $2}' "$work/lc.txt")
nx_d=$(awk '/^NX_SSSP_DISTANCE_SUM/ {print $2}' "$work/nx.txt")
echo "== result =="
if [[ "$lc_n" != "$nx_n" ]]; then
  echo "MISMATCH: lifecircle reached $lc_n nodes, networkx $nx_n" >&2
  exit 1
fi
if ! awk -v a="$lc_d" -v b="$nx_d" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * (a > 0 ? a : 1)) }'; then
  echo "MISMATCH: lifecircle distances sum to $lc_d m, networkx $nx_d m" >&2
  exit 1
fi
awk -v a="$nx_s" -v b="$lc_s" -v c="$nx_c" -v d="$lc_c" -v n="$lc_n" -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "same searches (%d nodes reached and the same distances in both), medians:\n", n
  printf "  wall: networkx %.4f s, lifecircle %.6f s -> %.0fx faster\n", a, b, a / b
  printf "  CPU:  networkx %.4f s, lifecircle %.6f s -> %.0fx faster (load average %s)\n", c, d, c / d, l }'
