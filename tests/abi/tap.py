"""TAP output shared by the ABI check scripts of libipt's test suite."""

import sys


def report(results, comments=()):
    """Print (ok, name, details) triples as TAP; return the exit status.

    Failed checks are also written to stderr with their details, so that
    `meson test --print-errorlogs` shows them.  Each comment line is printed
    after the results, prefixed with '# '.
    """
    print("1..%d" % len(results))
    failed = 0
    for number, (ok, name, details) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", number, name))
        if ok:
            continue
        failed += 1
        sys.stderr.write("not ok - %s\n" % name)
        for line in details:
            print("#   %s" % line)
            sys.stderr.write("    %s\n" % line)
    for line in comments:
        print("# %s" % line)
    print("# %d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0
