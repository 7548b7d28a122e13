#!/usr/bin/env python3
"""Totals every JUnit XML file in a directory and prints one line per suite file, then the final
line "N passed, N failed" that `make test` ends with. Exit status 1 if anything failed."""
import pathlib
import sys
import xml.etree.ElementTree as ET


def count(path):
    passed = failed = skipped = 0
    failures = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return 0, 1, 0, [f"{path.name}: unreadable results ({e})"]
    for case in root.iter("testcase"):
        bad = case.find("failure") if case.find("failure") is not None else case.find("error")
        if bad is not None:
            failed += 1
            failures.append(f"{case.get('classname', '')}.{case.get('name', '')}")
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped, failures


def main():
    results = pathlib.Path(sys.argv[1])
    total_p = total_f = total_s = 0
    all_failures = []
    for path in sorted(results.glob("*.xml")):
        p, f, s, fails = count(path)
        total_p, total_f, total_s = total_p + p, total_f + f, total_s + s
        all_failures += [f"{path.stem}: {x}" for x in fails]
        extra = f", {s} skipped" if s else ""
        print(f"  {path.stem:<28} {p} passed, {f} failed{extra}")
    if all_failures:
        print("failed:")
        for f in all_failures:
            print(f"  {f}")
    if total_s:
        print(f"({total_s} skipped)")
    print(f"{total_p} passed, {total_f} failed")
    return 1 if total_f or total_p == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
