#!/usr/bin/env bash
# Benchmarks (make bench): starts a release tarn on a temporary data directory and drives it with
# bench/load_gen — SigV4-signed STS GetCallerIdentity, then the unauthenticated health endpoint
# to show what signing, routing and the codecs cost; then DynamoDB PutItem (1 KB items, durable),
# PutItem on a table with a NEW_AND_OLD_IMAGES stream, GetItem and Query (10 items); PutItem as an
# IAM user with 10 policies and a boundary (bench/iam_user_setup.py); S3 PutObject
# 4 KiB (durable), GetObject 4 KiB and GetObject 1 MiB (MB/s); against tarn and, when moto_server
# is installed, against moto with the same generator; then the DynamoDB Streams
# ack-to-record latency (bench/stream_latency.py). Prints the figures;
# asserts nothing.
#   CONNECTIONS=64 SECONDS=10 scripts/run-bench.sh build/release
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
CONNECTIONS=${CONNECTIONS:-64}
SECONDS_=${SECONDS:-10}
MOTO_SECONDS=${MOTO_SECONDS:-$SECONDS_}
data=$(mktemp -d)
pid=""
moto=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$moto" ] && kill "$moto" 2>/dev/null && wait "$moto" 2>/dev/null
  rm -rf "$data" "$data.out" "$data.moto"
}
trap cleanup EXIT
"$BUILD/tarn" serve --data "$data" --port 0 >"$data.out" 2>&1 &
pid=$!
for _ in $(seq 200); do [ -f "$data/server.json" ] && break; sleep 0.05; done
echo "tarn $("$BUILD/tarn" version) on $(nproc) cores; load generator on the same machine"
gen() { "$BUILD/load_gen" --connections "$CONNECTIONS" --warmup 2 "$@"; }
for mode in signed health; do
  gen --data "$data" --mode $mode --seconds "$SECONDS_"
done
echo "--- DynamoDB (1 KB items, 1000 partitions x 10 items, durable writes)"
gen --data "$data" --label tarn --mode put --setup --seconds "$SECONDS_"
gen --data "$data" --label tarn-stream --mode put --setup --stream --table bench_stream --seconds "$SECONDS_"
gen --data "$data" --label tarn --mode get --seconds "$SECONDS_"
gen --data "$data" --label tarn --mode query --seconds "$SECONDS_"
echo "--- IAM: the same PutItem as a user with 10 attached policies and a permissions boundary"
read -r user_key user_secret < <(/usr/bin/python3 bench/iam_user_setup.py "$data" bench "$BUILD/tarn")
endpoint=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['endpoint'])" "$data/server.json")
gen --endpoint "$endpoint" --access-key "$user_key" --secret "$user_secret" --label tarn-iam-user --mode put \
  --seconds "$SECONDS_"
echo "--- S3 (path-style, SigV4 with signed payload hash; PutObject durable)"
gen --data "$data" --label tarn --mode s3-put --setup --seconds "$SECONDS_"
gen --data "$data" --label tarn --mode s3-get --setup --seconds "$SECONDS_"
gen --data "$data" --label tarn --mode s3-get-1m --setup --seconds "$SECONDS_"
echo "--- DynamoDB Streams: PutItem acknowledgement to GetRecords in a second client"
/usr/bin/python3 bench/stream_latency.py "$BUILD/tarn" --count 2000
echo "--- DynamoDB backups, restores, exports and imports of a 100,000-item table"
/usr/bin/python3 bench/backup_export.py "$BUILD/tarn" --items 100000

if command -v moto_server >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  moto_server -H 127.0.0.1 -p "$port" >"$data.moto" 2>&1 &
  moto=$!
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break
    sleep 0.1
  done
  creds=(--endpoint "http://127.0.0.1:$port" --access-key testing --secret testing)
  gen "${creds[@]}" --label moto --mode put --setup --seconds "$MOTO_SECONDS"
  gen "${creds[@]}" --label moto --mode get --seconds "$MOTO_SECONDS"
  gen "${creds[@]}" --label moto --mode query --seconds "$MOTO_SECONDS"
  gen "${creds[@]}" --label moto --mode s3-put --setup --seconds "$MOTO_SECONDS"
  gen "${creds[@]}" --label moto --mode s3-get --setup --seconds "$MOTO_SECONDS"
  gen "${creds[@]}" --label moto --mode s3-get-1m --setup --seconds "$MOTO_SECONDS"
else
  echo "moto_server not installed: no side-by-side figures"
fi
