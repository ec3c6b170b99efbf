#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that no name of libipt is also a name of the kernel's iptables API.

The Linux UAPI headers <linux/netfilter_ipv4/*.h> use the same ipt_/IPT_
prefix as libipt.  A struct tag or function prototype defined by both fails
to compile, but a netfilter *macro* such as `#define ipt_counters
xt_counters` would silently rename a libipt identifier of the same name, so
compiling both together is not enough.  This script runs the preprocessor
(with -dD, so macro definitions are kept) on <ipt/ipt.h> and on each
netfilter header, collects every identifier that starts with ipt_ or IPT_
(after optional leading underscores), and fails if the two sets meet.

Usage: check-netfilter-names.py [--header H]... -- CC [CFLAGS...]
Output is TAP.  Only the Python standard library is used.
"""

import argparse
import re
import subprocess
import sys

import tap

NAME = re.compile(r"\b_*(?:ipt|IPT)_\w+")


def names(cc, header):
    source = "#include <%s>\n" % header
    proc = subprocess.run(cc + ["-E", "-dD", "-x", "c", "-"], input=source,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode != 0:
        return None, proc.stderr
    text = "\n".join(line for line in proc.stdout.splitlines()
                     if not line.startswith("# "))
    return set(NAME.findall(text)), ""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--libipt", default="ipt/ipt.h")
    parser.add_argument("--header", action="append", default=[],
                        help="a netfilter header, e.g. "
                        "linux/netfilter_ipv4/ip_tables.h")
    parser.add_argument("cc", nargs="+", help="compiler command and flags")
    args = parser.parse_args()
    headers = args.header or ["linux/netfilter_ipv4/ip_tables.h"]

    results = []
    ours, err = names(args.cc, args.libipt)
    results.append((ours is not None and len(ours) > 0,
                    "<%s> preprocesses and declares ipt_/IPT_ names"
                    % args.libipt, err.splitlines()))
    for header in headers:
        theirs, err = names(args.cc, header)
        if theirs is None or ours is None:
            results.append((False, "<%s> preprocesses" % header,
                            err.splitlines()))
            continue
        clash = sorted(ours & theirs)
        results.append((not clash and len(theirs) > 0,
                        "no name of <%s> (%d ipt_/IPT_ names) is also a "
                        "libipt name" % (header, len(theirs)),
                        ["defined by both: %s" % n for n in clash]
                        or ["no ipt_/IPT_ name found in <%s>" % header]))

    return tap.report(results)


if __name__ == "__main__":
    sys.exit(main())
