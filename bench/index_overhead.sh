#!/usr/bin/env bash
# Secondary index costs (issue 9): PutItem on a table with 2 GSIs vs the same items on a table without
# indexes, then a GSI Query of 10 items vs the base-table Query of the same 10 items. Starts a tarn on
# a temporary data directory and drives it with bench/load_gen; prints the figures, asserts nothing.
# Targets: PutItem with 2 GSIs >= 60% of the rate without; GSI Query within +-20% of the base Query.
#   CONNECTIONS=64 SECONDS=10 bench/index_overhead.sh build/release
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
CONNECTIONS=${CONNECTIONS:-64}
SECONDS_=${SECONDS:-10}
data=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$data" "$data.out"
}
trap cleanup EXIT
"$BUILD/tarn" serve --data "$data" --port 0 >"$data.out" 2>&1 &
pid=$!
for _ in $(seq 200); do [ -f "$data/server.json" ] && break; sleep 0.05; done
gen() { "$BUILD/load_gen" --data "$data" --connections "$CONNECTIONS" --warmup 2 --seconds "$SECONDS_" "$@"; }
echo "--- PutItem, 1 KB items, 1000 partitions x 10 items, durable writes"
gen --label no-index --mode put --setup --gsis 0 --table bench_plain
gen --label 2-gsis --mode put --setup --gsis 2 --table bench_gsi
echo "--- Query of 10 items: base table vs GSI (ALL projection)"
gen --label base --mode query --table bench_gsi
gen --label gsi --mode query-gsi --table bench_gsi
