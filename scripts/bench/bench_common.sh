# Shared by the optimiser benchmarks (bench_tsplib.sh, bench_mclp_real.sh,
# bench_pcenter.sh): their options. Sourced, not run:
#   source "$here/bench_common.sh"; bench_args NAME "$@"
# sets build (default ../../build), limit (--time-limit, default 60 s), only
# (--only REGEX, default every run) and paper_max (--paper-max S: only the runs
# whose published time is at most S seconds; default every run).
bench_args() {
  local name="$1"
  shift
  build="$here/../../build"
  limit=60
  only='.'
  paper_max=''
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --time-limit) limit="$2"; shift 2 ;;
      --build) build="$2"; shift 2 ;;
      --only) only="$2"; shift 2 ;;
      --paper-max) paper_max="$2"; shift 2 ;;
      *) echo "$name: unknown argument $1" >&2; exit 2 ;;
    esac
  done
}

# paper_within SECONDS: true when --paper-max is unset or SECONDS is a number <= it.
paper_within() {
  [[ -z "$paper_max" ]] && return 0
  python3 -c 'import sys; v = sys.argv[1]; sys.exit(0 if v.replace(".", "", 1).isdigit() and float(v) <= float(sys.argv[2]) else 1)' \
    "$1" "$paper_max"
}
