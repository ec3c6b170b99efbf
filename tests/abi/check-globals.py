#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that the built shared library has no writable global data.

libipt keeps no global mutable state: its tables are const, and the ones
that hold pointers are relocated once at load time into .data.rel.ro,
which the dynamic loader then makes read-only (the GNU_RELRO segment).
This script reads the library's symbols (nm) and sections and segments
(readelf) and checks that

  * no symbol lies in a section that stays writable: .data, .bss, .tdata,
    .tbss or another .data.* or .bss.* section, except the toolchain's
    symbols listed in TOOLCHAIN below;
  * the GNU_RELRO segment covers .data.rel.ro, so that its tables do become
    read-only.

Output is TAP.  Only the Python standard library is used.
"""

import argparse
import re
import subprocess
import sys

import tap

# Symbols that the compiler's start-up files and runtime library put into
# every shared library; none belongs to libipt's code.  (name pattern,
# reason)
TOOLCHAIN = [
    (r"__dso_handle",
     "crtbeginS.o: the library's identity for __cxa_atexit(); never "
     "written"),
    (r"__TMC_END__",
     "crtend: zero-size end marker of the transactional-memory clone "
     "table"),
    (r"completed\.\d+",
     "crtstuff: set once by __do_global_dtors_aux() when the library is "
     "unloaded"),
    (r"__cpu_model|__cpu_features2",
     "libgcc/compiler-rt CPU feature data, filled once by its constructor "
     "when the library is loaded; read by the resolver that picks the "
     "simulation's AVX2 or baseline clone"),
]

WRITABLE = re.compile(r"^\.(data|bss|tdata|tbss)(\..*)?$")
RELRO_ONLY = re.compile(r"^\.data\.rel\.ro(\..*)?$")


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          universal_newlines=True).stdout


def sections(readelf, lib):
    """(name, address, size) of every allocated section."""
    found = []
    for line in run([readelf, "-S", "-W", lib]).splitlines():
        match = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-fA-F]+)\s+"
                         r"[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+\S+\s+(\S*)",
                         line)
        if match and "A" in match.group(4):
            found.append((match.group(1), int(match.group(2), 16),
                          int(match.group(3), 16)))
    return found


def relro(readelf, lib):
    """(start, end) of the GNU_RELRO segment, or None."""
    for line in run([readelf, "-l", "-W", lib]).splitlines():
        fields = line.split()
        if fields and fields[0] == "GNU_RELRO":
            start = int(fields[2], 16)
            return start, start + int(fields[5], 16)
    return None


def symbols(nm, lib):
    """(address, type, name) of every defined symbol with an address."""
    found = []
    for line in run([nm, "--defined-only", lib]).splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] not in "aAUw":
            found.append((int(fields[0], 16), fields[1], fields[2]))
    return found


def toolchain_reason(name):
    for pattern, reason in TOOLCHAIN:
        if re.fullmatch(pattern, name):
            return reason
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nm", default="nm")
    parser.add_argument("--readelf", default="readelf")
    parser.add_argument("--lib", required=True)
    args = parser.parse_args()

    secs = sections(args.readelf, args.lib)
    syms = symbols(args.nm, args.lib)
    writable = [s for s in secs
                if WRITABLE.match(s[0]) and not RELRO_ONLY.match(s[0])]
    found, allowed = [], []
    for address, kind, name in syms:
        for sec, start, size in writable:
            if start <= address < start + size:
                reason = toolchain_reason(name)
                entry = "%s (%s) in %s" % (name, kind, sec)
                if reason is None:
                    found.append(entry)
                else:
                    allowed.append("%s: %s" % (entry, reason))
                break

    span = relro(args.readelf, args.lib)
    uncovered = []
    for sec, start, size in secs:
        if RELRO_ONLY.match(sec) and size > 0 and (
                span is None or start < span[0] or start + size > span[1]):
            uncovered.append("%s at 0x%x, %d bytes; GNU_RELRO %s" % (
                sec, start, size,
                "missing" if span is None
                else "0x%x-0x%x" % span))

    results = [
        (bool(secs), "readelf -S lists the library's sections",
         ["no sections read from %s" % args.lib]),
        (bool(syms), "nm lists the library's symbols (it is not stripped)",
         ["no symbol table in %s" % args.lib]),
        (not found,
         "no libipt symbol in .data, .bss, .tdata or .tbss",
         found),
        (not uncovered, ".data.rel.ro lies inside the GNU_RELRO segment",
         uncovered),
    ]
    comments = ["toolchain symbol %s" % line for line in allowed]
    return tap.report(results, comments)


if __name__ == "__main__":
    sys.exit(main())
