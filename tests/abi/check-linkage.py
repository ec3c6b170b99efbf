#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the dynamic section of the built shared library.

  * its SONAME is the expected one (libipt-therapy.so.0), so programs never
    pick up Intel's Processor Trace decoder (libipt.so.2) or the other way
    round;
  * it needs only the C library (plus the sanitizer runtimes when the build
    is instrumented, given with --allow);
  * it carries no RPATH or RUNPATH and no text relocations.

Output is TAP.  Only the Python standard library is used.
"""

import argparse
import fnmatch
import re
import subprocess
import sys

import tap


def dynamic_section(readelf, lib):
    out = subprocess.run([readelf, "-d", "-W", lib], check=True,
                         stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    entries = []
    for line in out.splitlines():
        match = re.match(r"\s*0x[0-9a-fA-F]+\s+\((\w+)\)\s+(.*)$", line)
        if match:
            value = match.group(2)
            bracket = re.search(r"\[(.*)\]", value)
            entries.append((match.group(1),
                            bracket.group(1) if bracket else value.strip()))
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readelf", default="readelf")
    parser.add_argument("--lib", required=True)
    parser.add_argument("--soname", required=True)
    parser.add_argument("--allow", action="append", default=["libc.so.*"],
                        help="glob of a permitted NEEDED entry")
    args = parser.parse_args()

    entries = dynamic_section(args.readelf, args.lib)
    sonames = [v for k, v in entries if k == "SONAME"]
    needed = [v for k, v in entries if k == "NEEDED"]
    paths = ["%s %s" % (k, v) for k, v in entries if k in ("RPATH", "RUNPATH")]
    textrel = [k for k, v in entries
               if k == "TEXTREL" or (k == "FLAGS" and "TEXTREL" in v)]
    extra = [n for n in needed
             if not any(fnmatch.fnmatchcase(n, g) for g in args.allow)]

    results = [
        (bool(entries), "readelf -d reads a dynamic section",
         ["no dynamic entries in %s" % args.lib]),
        (sonames == [args.soname], "SONAME is %s" % args.soname,
         ["SONAME entries: %s" % (", ".join(sonames) or "(none)")]),
        (not extra, "NEEDED only %s" % ", ".join(args.allow),
         ["unexpected NEEDED: %s" % n for n in extra]),
        (not paths, "no RPATH or RUNPATH", paths),
        (not textrel, "no text relocations", textrel),
    ]
    return tap.report(results, ["NEEDED: %s" % ", ".join(needed)])


if __name__ == "__main__":
    sys.exit(main())
