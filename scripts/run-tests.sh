#!/usr/bin/env bash
# Runs every test suite against one build directory and ends with "N passed, N failed".
# Suites: unit (GoogleTest binaries), static checks (format, includes), compat (pytest with
# Debian's boto3/awscli v2 and with the machine's newer boto3/awscli v1), JS SDK v3 (node --test).
# Every suite writes JUnit XML into BUILD/test-results; tools/summarize_tests.py totals them.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build/asan}
BUILD=$(cd "$BUILD" && pwd)
RESULTS=$BUILD/test-results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

export TARN_BIN=$BUILD/tarn
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tools/lsan.supp}

suite() { echo; echo "=== $*"; }

# --- unit ------------------------------------------------------------------------------------
for bin in "$BUILD"/unit_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  suite "$name"
  "$bin" --gtest_brief=1 --gtest_output="xml:$RESULTS/$name.xml" || true
  [ -s "$RESULTS/$name.xml" ] || bash tools/junit_crash.sh "$RESULTS/$name.xml" "$name" "crashed before writing results"
done

# --- static checks ---------------------------------------------------------------------------
suite "static checks"
bash tools/check_format.sh --junit "$RESULTS/format.xml"
/usr/bin/python3 tools/check_includes.py --junit "$RESULTS/includes.xml"

# --- compat: real clients against a real tarn --------------------------------------------------
# The client sets run at the same time (each test starts its own tarn on a free port with its own
# data dir), which keeps the suite within its time budget on 2 cores; each writes a log that is
# printed whole when all have finished.
pids=()
logs=()
background() {  # background NAME COMMAND...: runs COMMAND with output to RESULTS/NAME.log
  local name=$1
  shift
  "$@" >"$RESULTS/$name.log" 2>&1 &
  pids+=($!)
  logs+=("$name")
}

# Debian's python: boto3 1.26 ("old", no AWS_ENDPOINT_URL) and awscli v2 (/usr/bin/aws).
compat_debian() {
  suite "compat (Debian boto3 + awscli v2)"
  TARN_CLIENTS=debian /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/compat \
    --junitxml="$RESULTS/compat-debian.xml" -o junit_suite_name=compat-debian || true
  [ -s "$RESULTS/compat-debian.xml" ] || bash tools/junit_crash.sh "$RESULTS/compat-debian.xml" compat-debian "pytest did not run"
}
background compat-debian compat_debian

# The machine's newer boto3/awscli v1 (pip), when present, run by the same pytest from Debian.
NEWPY=""
for cand in python3 /root/.pyenv/shims/python3; do
  p=$(command -v "$cand" 2>/dev/null) || continue
  [ "$p" = /usr/bin/python3 ] && continue
  if "$p" -c 'import boto3, awscli' 2>/dev/null; then NEWPY=$p; break; fi
done
compat_pip() {
  suite "compat ($("$NEWPY" -c 'import boto3;print("boto3", boto3.__version__)') + awscli v1)"
  local shim=$BUILD/pytest-shim
  rm -rf "$shim"; mkdir -p "$shim"
  for m in pytest _pytest pluggy iniconfig packaging py py.py; do
    [ -e /usr/lib/python3/dist-packages/$m ] && ln -s /usr/lib/python3/dist-packages/$m "$shim/$m"
  done
  local aws_cli_v1
  aws_cli_v1=$(dirname "$NEWPY")/aws
  TARN_CLIENTS=pip TARN_AWS_CLI="$aws_cli_v1" PYTHONPATH="$shim" "$NEWPY" -m pytest -q -p no:cacheprovider \
    tests/compat --junitxml="$RESULTS/compat-pip.xml" -o junit_suite_name=compat-pip || true
  [ -s "$RESULTS/compat-pip.xml" ] || bash tools/junit_crash.sh "$RESULTS/compat-pip.xml" compat-pip "pytest did not run"
}
if [ -n "$NEWPY" ]; then
  background compat-pip compat_pip
else
  echo "no pip-installed boto3/awscli on this machine: the newer-client compat run is skipped"
fi

# --- compat: AWS SDK for JavaScript v3 ---------------------------------------------------------
compat_js() {
  suite "compat (AWS SDK for JavaScript v3)"
  (cd tests/compat/js && node --test --test-reporter=spec --test-reporter-destination=stdout \
     --test-reporter=junit --test-reporter-destination="$RESULTS/compat-js.xml" ./*.test.mjs) || true
  [ -s "$RESULTS/compat-js.xml" ] || bash tools/junit_crash.sh "$RESULTS/compat-js.xml" compat-js "node --test did not run"
}
if [ -d tests/compat/js/node_modules ]; then
  background compat-js compat_js
fi

for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || true
  cat "$RESULTS/${logs[$i]}.log"
done

echo
/usr/bin/python3 tools/summarize_tests.py "$RESULTS"
