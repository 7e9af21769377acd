# Shared by the optimiser benchmarks (bench_tsplib.sh, bench_mclp_real.sh,
# bench_pcenter.sh): their options. Sourced, not run:
#   source "$here/bench_common.sh"; bench_args NAME "$@"
# sets build (default ../../build), limit (--time-limit, default 60 s) and
# only (--only REGEX, default every run).
bench_args() {
  local name="$1"
  shift
  build="$here/../../build"
  limit=60
  only='.'
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --time-limit) limit="$2"; shift 2 ;;
      --build) build="$2"; shift 2 ;;
      --only) only="$2"; shift 2 ;;
      *) echo "$name: unknown argument $1" >&2; exit 2 ;;
    esac
  done
}
