#!/usr/bin/env python3
"""Enforces STYLE.md's include rules (run by `make test`):
- a service module (src/<svc>/) is included by other modules only through <svc>/<svc>.h (and
  the few pure-library headers in PUBLIC_HEADERS);
- headers named *_internal.h or under an internal/ folder are private to their module;
- Boost.Beast/Asio only in src/net/*.cpp (and net's private headers), RocksDB only in
  src/storage, duckdb.h only in src/sql, CLI11 only in src/cli.
usage: check_includes.py [--junit OUT.xml]"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVICES = {"iam", "sts", "dynamodb", "streams", "s3", "lambda", "glue", "athena", "logs",
            "cloudwatch", "events", "sns", "cloudformation"}
LIBRARY_HOMES = [
    (re.compile(r"^boost/(beast|asio)"), lambda p: p.parts[1] == "net" and (
        p.suffix == ".cpp" or p.name.endswith("_internal.h"))),
    (re.compile(r"^rocksdb/"), lambda p: p.parts[1] == "storage"),
    (re.compile(r"^duckdb\.h$"), lambda p: p.parts[1] == "sql"),
    (re.compile(r"^CLI/"), lambda p: p.parts[1] == "cli"),
]
# Extra public headers: pure libraries inside a service folder that other modules may use.
# policy evaluation (bucket/topic/function policies); event patterns (Lambda filters, EventBridge rules)
PUBLIC_HEADERS = {"iam/policy/policy.h", "events/pattern/pattern.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def check(path):
    rel = path.relative_to(ROOT)
    module = rel.parts[1]
    problems = []
    for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        inc = m.group(1)
        for pattern, allowed in LIBRARY_HOMES:
            if pattern.search(inc) and not allowed(rel):
                problems.append(f"{rel}:{n}: {inc} may not be included here")
        parts = inc.split("/")
        if len(parts) < 2 or parts[0] == module or not (ROOT / "src" / parts[0]).is_dir():
            continue
        if parts[-1].endswith("_internal.h") or "internal" in parts[1:-1]:
            problems.append(f"{rel}:{n}: {inc} is private to src/{parts[0]}")
        elif parts[0] in SERVICES and inc != f"{parts[0]}/{parts[0]}.h" and inc not in PUBLIC_HEADERS:
            problems.append(f"{rel}:{n}: other modules include only {parts[0]}/{parts[0]}.h")
    return problems


def main():
    problems = []
    for path in sorted((ROOT / "src").rglob("*")):
        if path.suffix in (".h", ".cpp"):
            problems += check(path)
    if len(sys.argv) > 2 and sys.argv[1] == "--junit":
        with open(sys.argv[2], "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="static" tests="1">')
            f.write('<testcase classname="static" name="include-rules">')
            if problems:
                msg = "; ".join(problems).replace('"', "'").replace("<", "&lt;").replace(">", "&gt;")
                f.write(f'<failure message="{msg}"/>')
            f.write("</testcase></testsuite></testsuites>\n")
    for p in problems:
        print(p)
    if not problems:
        print("include rules: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
