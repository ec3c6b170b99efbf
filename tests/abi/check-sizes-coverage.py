#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that test-sizes.c covers every public enum and struct.

Every `enum ipt_x { ... }` defined in a public header must appear in the
sizes test as `sizeof(enum ipt_x)` or `ENUM_IS_INT(ipt_x)`, and every
`struct ipt_x { ... }` (opaque structs are declared without a body and are
skipped) as `sizeof(struct ipt_x)` or `FROZEN_SIZE(ipt_x, ...)`, so adding a
public type without freezing its size fails this test.

Usage: check-sizes-coverage.py --sizes-test FILE HEADER...
Output is TAP.  Only the Python standard library is used.
"""

import argparse
import os
import re
import sys

import tap


def strip_comments(text):
    return re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes-test", required=True)
    parser.add_argument("headers", nargs="+")
    args = parser.parse_args()

    defined = {"enum": set(), "struct": set()}
    for header in args.headers:
        text = strip_comments(open(header, encoding="utf-8").read())
        for kind, name in re.findall(r"\b(enum|struct)\s+(ipt_\w+)\s*\{",
                                     text):
            defined[kind].add(name)

    test = strip_comments(open(args.sizes_test, encoding="utf-8").read())
    covered = {
        "enum": set(re.findall(r"sizeof\s*\(\s*enum\s+(ipt_\w+)\s*\)", test))
        | set(re.findall(r"\bENUM_IS_INT\s*\(\s*(ipt_\w+)\s*\)", test)),
        "struct": set(re.findall(r"sizeof\s*\(\s*struct\s+(ipt_\w+)\s*\)",
                                 test))
        | set(re.findall(r"\bFROZEN_SIZE\s*\(\s*(ipt_\w+)\s*,", test)),
    }

    results = []
    for kind in ("enum", "struct"):
        missing = sorted(defined[kind] - covered[kind])
        results.append((bool(defined[kind]) and not missing,
                        "every public %s (%d) has a size check in %s"
                        % (kind, len(defined[kind]),
                           os.path.basename(args.sizes_test)),
                        ["no size check for %s %s" % (kind, n)
                         for n in missing]
                        or ["no public %s found" % kind]))
        stale = sorted(covered[kind] - defined[kind])
        results.append((not stale,
                        "every %s checked in %s is public" %
                        (kind, os.path.basename(args.sizes_test)),
                        ["%s %s is not defined by a public header" % (kind, n)
                         for n in stale]))

    return tap.report(results)


if __name__ == "__main__":
    sys.exit(main())
