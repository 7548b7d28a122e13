#!/usr/bin/env bash
# Installs everything tarn needs to build, run and test: Debian 12 packages (pinned by the
# release) and npm packages pinned to exact versions and integrity hashes. Idempotent: a second
# run with everything present does nothing but check. Runs as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# --- Debian packages -------------------------------------------------------------------------
APT_PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config python3 clang-format
  # libraries (DESIGN.md, "Dependencies")
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  librocksdb-dev libssl-dev zlib1g-dev libcurl4-openssl-dev libzip-dev
  libcli11-dev libspdlog-dev libfmt-dev
  # xxHash (S3's XXHASH64/XXHASH3/XXHASH128 checksums), used header-only
  libxxhash-dev
  # libdeflate: CRC-32 with carry-less multiplication (x-amz-crc32 of every DynamoDB response, S3's
  # CRC32 checksums), several times zlib's speed
  libdeflate-dev
  # zstd: ImportTable of zstd-compressed objects (InputCompressionType ZSTD)
  libzstd-dev
  # tcmalloc (the minimal one: no profiler), linked into the release binary: a request's many small
  # allocations cost about a tenth of its CPU with glibc's malloc (docs/architecture.md, "Memory")
  libgoogle-perftools-dev
  # tests and benchmarks (the zstd tool makes the zstd objects the import tests read)
  libgtest-dev libgmock-dev googletest libbenchmark-dev zstd
  # real clients: awscli v2 and boto3 (old) from Debian; the machine's pip copies are the new ones
  awscli python3-boto3 python3-botocore python3-pytest
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-deps: installing nodejs and npm"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi

# --- npm: the DuckDB C API pair (one version) ------------------------------------------------
# libduckdb.so comes from @duckdb/node-bindings-linux-x64 and duckdb.h from the duckdb package,
# both DuckDB 1.4.4. Fetched with `npm pack` (no install scripts run) and checked against the
# registry's sha512 integrity before extraction.
DUCKDB_DIR=$ROOT/.deps/duckdb
DUCKDB_VERSION=1.4.4
DUCKDB_STAMP=$DUCKDB_DIR/.version-$DUCKDB_VERSION
if [ ! -f "$DUCKDB_STAMP" ]; then
  echo "install-deps: fetching DuckDB $DUCKDB_VERSION (npm)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  fetch() { # name@version integrity
    local spec=$1 want=$2 file got
    file=$(cd "$tmp" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)
    got="sha512-$(openssl dgst -sha512 -binary "$tmp/$file" | base64 -w0)"
    if [ "$got" != "$want" ]; then
      echo "install-deps: integrity mismatch for $spec: $got" >&2
      exit 1
    fi
    echo "$tmp/$file"
  }
  bindings=$(fetch @duckdb/node-bindings-linux-x64@1.4.4-r.4 \
    'sha512-jBTL/WvfwxLToFa/pVHfT6elMtltJGnc3wSuxZD9OfMltit9YUdVFS37vBFQzXMT1Z8OWjtSjMh+zPKxOwHLHA==')
  header=$(fetch duckdb@1.4.4 \
    'sha512-hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog==')
  rm -rf "$DUCKDB_DIR"
  mkdir -p "$DUCKDB_DIR/lib" "$DUCKDB_DIR/include"
  tar -xzf "$bindings" -C "$tmp" package/libduckdb.so
  mv "$tmp/package/libduckdb.so" "$DUCKDB_DIR/lib/"
  tar -xzf "$header" -C "$tmp" package/src/duckdb/src/include/duckdb.h
  mv "$tmp/package/src/duckdb/src/include/duckdb.h" "$DUCKDB_DIR/include/"
  touch "$DUCKDB_STAMP"
fi

# --- npm: the AWS SDK for JavaScript v3 in two places, each pinned by its package-lock.json ----
# data/lambda/nodejs: the SDK tarn's nodejs runtimes provide to functions (as Lambda's do);
# tests/compat/js: the JS SDK test clients.
for JS_DIR in "$ROOT/data/lambda/nodejs" "$ROOT/tests/compat/js"; do
  [ -f "$JS_DIR/package-lock.json" ] || continue
  lock_sum=$(sha256sum "$JS_DIR/package-lock.json" | cut -c1-16)
  if [ ! -f "$JS_DIR/node_modules/.tarn-lock-$lock_sum" ]; then
    echo "install-deps: npm ci in ${JS_DIR#"$ROOT"/}"
    (cd "$JS_DIR" && npm ci --ignore-scripts --no-audit --no-fund --silent)
    touch "$JS_DIR/node_modules/.tarn-lock-$lock_sum"
  fi
done

echo "install-deps: ok"
