#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Runs one program under valgrind's memcheck, for the 'valgrind' test setup
# (meson test --setup=valgrind) and, through IPT_TEST_WRAPPER, for the C
# programs that the test scripts run (--setup=valgrind_scripts).
#
#   valgrind-wrap.sh PROGRAM [ARGS...]
#
# Exits with the program's own status, or with 99 when memcheck reports an
# error or a leak of any kind (definite, indirect, possible or still
# reachable), or when the program ends with a file descriptor open that it
# did not inherit.  valgrind 3.19 lists such descriptors (--track-fds=yes)
# without counting them as errors, so this script reads its report.  The
# report goes to a temporary file and is copied to stderr only when it
# shows a problem: tests that check what a program prints on stderr see
# only the program's own output.
#
# VALGRIND names the valgrind program (default: valgrind).  When
# IPT_VALGRIND_LOG is set, one line per program checked is appended to that
# file (scripts/run-valgrind.sh counts them).
set -u

if [ $# -eq 0 ]; then
    echo "usage: valgrind-wrap.sh PROGRAM [ARGS...]" >&2
    exit 2
fi

report=$(mktemp "${TMPDIR:-/tmp}/valgrind-wrap.XXXXXX") || exit 1

"${VALGRIND:-valgrind}" --quiet \
    --error-exitcode=99 \
    --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
    --track-fds=yes \
    --vgdb=no \
    --log-file="$report" \
    "$@"
status=$?

# Descriptors open at exit that the program did not inherit: each "Open
# ..." entry is followed by "<inherited from parent>" or by the stack that
# opened it.
leaked_fds=$(awk '
    /^==[0-9]+== Open / { entry = 1; next }
    entry { if ($0 !~ /<inherited from parent>/) n++; entry = 0 }
    END { print n + 0 }
' "$report")

if [ "$status" -eq 99 ] || [ "$leaked_fds" -gt 0 ]; then
    {
        echo "valgrind-wrap: memcheck found a problem in: $*"
        [ "$leaked_fds" -gt 0 ] &&
            echo "valgrind-wrap: $leaked_fds file descriptor(s) left open"
        cat "$report"
    } >&2
    status=99
fi
if [ -n "${IPT_VALGRIND_LOG:-}" ]; then
    printf '%s\t%s\n' "$status" "$1" >>"$IPT_VALGRIND_LOG"
fi
rm -f "$report"
exit "$status"
