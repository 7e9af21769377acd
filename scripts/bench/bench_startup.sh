#!/usr/bin/env bash
# Start-up time of lifecircle commands that read no GIS layer (issue 17: under
# 15 ms), and one that does, for comparison. Not a ctest test (ctest checks the
# loading itself: StartupLoading.* in tests/CMakeLists.txt).
#
#   scripts/bench/bench_startup.sh [--runs N] [--build DIR] [--only REGEX]
#
# --runs: runs per command (default 50; the machine is shared: quote the minimum
# and the median); --only: commands to run, matched against the command line.
# One line per command: runs, min and median wall ms of the whole process
# (fork + exec + dynamic loading + the command), the median CPU ms (user +
# system; less inflated by a loaded machine), the shared libraries the dynamic
# loader opened (LD_DEBUG=files: needed and dlopen()ed), and the target.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/../../build"
runs=50
only='.'
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "bench_startup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
data="${LC_SHARED_DATASETS:-$here/../../../shared/datasets}"
cli="$build/src/lifecircle"
pmed1="$data/orlib-pmed/pmed1.txt"
[[ -x "$cli" ]] || { echo "bench_startup.sh: $cli not found (scripts/build.sh)" >&2; exit 1; }
[[ -f "$pmed1" ]] || { echo "bench_startup.sh: $pmed1 not found" >&2; exit 1; }
target_ms=15
# Wall time of each run in ms, measured around fork+exec+wait by Python (its own
# start is outside the timing), and the CPU time (user + system) the run used,
# which a loaded machine inflates less; prints "min median cpu_median".
timing=$(cat <<'PY'
import os, statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
ms, cpu = [], []
for _ in range(runs):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    ms.append(1000 * (time.perf_counter() - t))
    cpu.append(1000 * (usage.ru_utime + usage.ru_stime))
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench_startup.sh: {' '.join(cmd)} exited {os.waitstatus_to_exitcode(status)}")
print(f"{min(ms):.1f} {statistics.median(ms):.1f} {statistics.median(cpu):.1f}")
PY
)
commands=(
  "--version"
  "--help"
  "profiles"
  "optimize --orlib $pmed1"
  "optimize --help"
  "audit --demo --quiet --json"
)
echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') runs $runs"
printf '%-48s %5s %8s %9s %7s %5s %9s\n' command runs min_ms median_ms cpu_ms libs target_ms
for c in "${commands[@]}"; do
  grep -Eq -- "$only" <<< "$c" || continue
  read -r -a args <<< "$c"
  # Libraries: the loader's "file=NAME [0];  needed by" / "dynamically loaded by"
# lines (not the "(relocation dependency)" ones, which name a library already loaded).
  libs=$(LD_DEBUG=files "$cli" "${args[@]}" 2>&1 >/dev/null | grep -E 'file=[^ ]+ +\[[0-9]+\]; +(needed|dynamically loaded) by' | grep -vc 'relocation dependency' || true)
  read -r min med cpu < <(python3 -c "$timing" "$runs" "$cli" "${args[@]}")
  shown="lifecircle ${c/$data\//}"
  printf '%-48s %5s %8s %9s %7s %5s %9s\n' "$shown" "$runs" "$min" "$med" "$cpu" "$libs" "$target_ms"
done
