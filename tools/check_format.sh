#!/usr/bin/env bash
# Checks that every C++ source in the repository is clang-formatted (.clang-format).
# usage: check_format.sh [--junit OUT.xml]
cd "$(dirname "$0")/.."
files=$(git ls-files --cached --others --exclude-standard -- 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h')
bad=()
for f in $files; do
  [ -f "$f" ] || continue
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${1:-}" = --junit ]; then
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuites><testsuite name=\"static\" tests=\"1\"><testcase classname=\"static\" name=\"clang-format\">"
    [ ${#bad[@]} -gt 0 ] && echo "<failure message=\"not clang-formatted: ${bad[*]}\"/>"
    echo "</testcase></testsuite></testsuites>"
  } > "$2"
fi
if [ ${#bad[@]} -gt 0 ]; then
  echo "not clang-formatted (run 'make format'): ${bad[*]}"
  exit 1
fi
echo "clang-format: all files formatted"
