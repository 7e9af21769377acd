#!/bin/sh
# Runs the optimiser benchmarks (build first: cmake --build build --target bench_orlib bench_mclp_synthetic lifecircle).
set -eu
BUILD=${BUILD:-build}
DATA=${LC_SHARED_DATASETS:-$(dirname "$0")/../../../shared/datasets}
"$BUILD/scripts/bench/bench_orlib" "$DATA/orlib-pmed"
/usr/bin/time -v "$BUILD/scripts/bench/bench_mclp_synthetic" 2>&1 | grep -E "city|mclp|greedy|Elapsed|Maximum resident"
SF="$DATA/san-francisco-spopt"
for model in "mclp --radius 5000 --p 4" "pmedian --p 4"; do
  # shellcheck disable=SC2086
  "$BUILD/src/lifecircle" optimize --cost-matrix "$SF/SF_network_distance_candidateStore_16_censusTract_205_new.csv" \
    --demand "$SF/SF_demand_205_centroid_uniform_weight.csv" --demand-id NAME --weight POP2000 \
    --cost-fields candidate=name,demand=DestinationName,cost=distance --model $model
done
