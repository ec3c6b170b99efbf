#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that the misuse and allocation-failure gates cover the public API.

Reads every IPT_API declaration of the public headers (the same parser as
tests/abi/check-symbols.py) and checks that

  * every public function has a MISUSE(function, ...) entry in
    tests/misuse/test-misuse.c, and every entry names a public function,
    once;
  * every public function whose documentation comment lists
    IPT_ERR_NO_MEMORY has an ALLOCFAIL(function) entry in
    tests/misuse/test-allocfail.c, and every entry names such a function.

So a new public function fails this check until it has misuse cases, and a
function that starts to allocate (and documents IPT_ERR_NO_MEMORY) until it
has allocation-failure cases.

Output is TAP; the exit status is 0 only if every check passed.  Only the
Python standard library is used.
"""

import argparse
import glob
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ABI_DIR = os.path.join(HERE, "..", "abi")
sys.path.insert(0, ABI_DIR)

from tap import report  # noqa: E402


def load_symbols_module():
    """tests/abi/check-symbols.py, whose name is not a module name."""
    spec = importlib.util.spec_from_file_location(
        "check_symbols", os.path.join(ABI_DIR, "check-symbols.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documented_no_memory(path):
    """Names of the IPT_API functions of a header whose doc comment (the
    /** ... */ block right before the declaration) names
    IPT_ERR_NO_MEMORY."""
    text = open(path, encoding="utf-8").read()
    names = set()
    pattern = re.compile(r"/\*\*((?:(?!\*/).)*)\*/\s*IPT_API\b([^;{]*)",
                         re.S)
    for match in pattern.finditer(text):
        name = re.search(r"\b(ipt_\w+)\s*\(", match.group(2))
        if name and "IPT_ERR_NO_MEMORY" in match.group(1):
            names.add(name.group(1))
    return names


def markers(path, macro):
    """Function names of the MACRO(ipt_...) markers of a C file, in order,
    outside comments."""
    symbols = load_symbols_module()
    text = symbols.strip_comments(open(path, encoding="utf-8").read())
    return re.findall(r"\b%s\(\s*(ipt_\w+)" % macro, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--header-dir", required=True,
                        help="include/ipt of the source tree")
    parser.add_argument("--header", action="append", default=[],
                        help="a generated public header (ipt-version.h)")
    parser.add_argument("--misuse", required=True)
    parser.add_argument("--allocfail", required=True)
    args = parser.parse_args()

    symbols = load_symbols_module()
    headers = sorted(glob.glob(os.path.join(args.header_dir, "*.h")))
    headers += args.header
    results = []
    api = []
    no_memory = set()
    for header in headers:
        names, problems = symbols.api_functions(header)
        results.append((not problems, "parse %s" % os.path.basename(header),
                        problems))
        api.extend(names)
        no_memory |= documented_no_memory(header)
    public = set(api)
    results.append((len(public) > 0, "the headers declare IPT_API "
                    "functions (%d)" % len(public), []))

    misuse = markers(args.misuse, "MISUSE")
    missing = sorted(public - set(misuse))
    unknown = sorted(set(misuse) - public)
    twice = sorted({n for n in misuse if misuse.count(n) > 1})
    results.append((not missing, "every public function has a MISUSE() "
                    "entry (%d of %d)" % (len(public) - len(missing),
                                          len(public)),
                    ["no MISUSE(%s, ...) in %s" % (n, args.misuse)
                     for n in missing]))
    results.append((not unknown, "every MISUSE() entry names a public "
                    "function", ["MISUSE(%s): not an IPT_API function" % n
                                 for n in unknown]))
    results.append((not twice, "no function has two MISUSE() entries",
                    ["MISUSE(%s) appears more than once" % n
                     for n in twice]))

    allocfail = set(markers(args.allocfail, "ALLOCFAIL"))
    missing = sorted(no_memory - allocfail)
    extra = sorted(allocfail - no_memory)
    results.append((not missing, "every function documented to return "
                    "IPT_ERR_NO_MEMORY has an ALLOCFAIL() entry (%d of %d)"
                    % (len(no_memory) - len(missing), len(no_memory)),
                    ["no ALLOCFAIL(%s) in %s" % (n, args.allocfail)
                     for n in missing]))
    results.append((not extra, "every ALLOCFAIL() entry names a function "
                    "documented to return IPT_ERR_NO_MEMORY",
                    ["ALLOCFAIL(%s): %s" % (n, "not an IPT_API function"
                                           if n not in public else
                                           "its documentation does not list "
                                           "IPT_ERR_NO_MEMORY")
                     for n in extra]))
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
