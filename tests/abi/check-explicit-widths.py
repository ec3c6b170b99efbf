#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that the public headers use only explicit-width integer types.

A binding in another language must know the exact width of every integer
that crosses the C ABI.  Outside comments and preprocessor lines, no public
header may use `size_t`, `ssize_t`, `bool` / `_Bool`, `long`, `short`,
`unsigned`, `signed` or a plain `int` (fixed-width types such as `int32_t`
and enums, which tests/abi/test-sizes.c proves int-sized, are the
alternatives).  One TAP line per header.

Usage: check-explicit-widths.py HEADER...
Only the Python standard library is used.
"""

import os
import re
import sys

import tap

FORBIDDEN = re.compile(
    r"\b(size_t|ssize_t|bool|_Bool|long|short|unsigned|signed|int)\b")


def blank(match):
    """Replace a match by as many newlines as it held, keeping line numbers."""
    return "\n" * match.group(0).count("\n") or " "


def strip(text):
    text = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    # Preprocessor lines (include guards, IPT_API, version macros) and
    # string literals carry no types.
    text = re.sub(r"^[ \t]*#[^\n]*(\\\n[^\n]*)*", blank, text, flags=re.M)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


def main(paths):
    results = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            code = strip(f.read())
        bad = []
        for number, line in enumerate(code.splitlines(), 1):
            for match in FORBIDDEN.finditer(line):
                bad.append("%s: `%s` in: %s" % (number, match.group(1),
                                                 line.strip()))
        results.append((not bad, os.path.basename(path), bad))
    return tap.report(results)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
