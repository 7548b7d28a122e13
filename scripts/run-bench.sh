#!/usr/bin/env bash
# Benchmarks (make bench): starts a release tarn on a temporary data directory and drives it with
# bench/load_gen — SigV4-signed STS GetCallerIdentity, then the unauthenticated health endpoint
# to show what signing, routing and the codecs cost. Prints the figures; asserts nothing.
#   CONNECTIONS=64 SECONDS=10 scripts/run-bench.sh build/release
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
CONNECTIONS=${CONNECTIONS:-64}
SECONDS_=${SECONDS:-10}
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
"$BUILD/tarn" serve --data "$data" --port 0 >"$data.out" 2>&1 &
pid=$!
for _ in $(seq 200); do [ -f "$data/server.json" ] && break; sleep 0.05; done
echo "tarn $("$BUILD/tarn" version) on $(nproc) cores; load generator on the same machine"
for mode in signed health; do
  "$BUILD/load_gen" --data "$data" --mode $mode --connections "$CONNECTIONS" --seconds "$SECONDS_" --warmup 2
done
