#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The memcheck gate: every test program, every C program that the test
# scripts run, and every example, under valgrind's memcheck, with 0 errors
# and 0 leaks of any kind allowed, and no file descriptor left open.
#
#   bash scripts/run-valgrind.sh [BUILD_DIR]       (default: build-valgrind)
#
# 1. configures BUILD_DIR without sanitizers (valgrind and the sanitizers
#    cannot be combined) and builds it;
# 2. meson test --setup=valgrind: the compiled test programs;
# 3. meson test --setup=valgrind_scripts --suite script: the test scripts,
#    which run ipt-sim, the examples and the installed client under the
#    same wrapper (IPT_TEST_WRAPPER);
# 4. every program in BUILD_DIR/examples, with no input.
#
# Each program runs under tests/valgrind-wrap.sh, which gives valgrind
# --error-exitcode=99 --leak-check=full --show-leak-kinds=all
# --errors-for-leak-kinds=all --track-fds=yes and fails on a descriptor
# left open.  The script ends with the number of programs checked and the
# time taken, and exits non-zero if any step failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
build=${1:-build-valgrind}
start=$SECONDS
failed=()

say() { printf 'run-valgrind: %s\n' "$*"; }

if ! command -v valgrind >/dev/null 2>&1; then
    say "valgrind is not installed (bash scripts/install-deps.sh)" >&2
    exit 1
fi

options=(-Db_sanitize=none -Dtests=enabled -Ddocs=disabled -Dwerror=true)
if [ -f "$build/meson-private/coredata.dat" ]; then
    meson setup --reconfigure "$build" "${options[@]}" >/dev/null
else
    meson setup "$build" "${options[@]}" >/dev/null
fi || exit 1
meson compile -C "$build" >/dev/null || {
    meson compile -C "$build"
    exit 1
}

# One line per program run under the wrapper: its status and its path.
log=$(mktemp "${TMPDIR:-/tmp}/run-valgrind.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT
export IPT_VALGRIND_LOG=$log
wrap=$PWD/tests/valgrind-wrap.sh

step_start=$SECONDS
say "test programs (meson test --setup=valgrind)"
meson test -C "$build" --setup=valgrind --print-errorlogs ||
    failed+=("meson test --setup=valgrind")
tests_runs=$(wc -l <"$log")
say "test programs: done in $((SECONDS - step_start)) s"

step_start=$SECONDS
say "test scripts (meson test --setup=valgrind_scripts --suite script)"
meson test -C "$build" --setup=valgrind_scripts --suite script \
    --print-errorlogs || failed+=("meson test --setup=valgrind_scripts")
script_runs=$(($(wc -l <"$log") - tests_runs))
say "test scripts: done in $((SECONDS - step_start)) s"

step_start=$SECONDS
say "examples ($build/examples)"
examples=0
while IFS= read -r exe; do
    printf -- '--- %s\n' "$exe"
    if timeout 600 "$wrap" "$exe" </dev/null >/dev/null; then
        printf -- '--- %s: clean\n' "$exe"
    else
        failed+=("example $exe")
    fi
    examples=$((examples + 1))
done < <(find "$build/examples" -maxdepth 1 -type f -executable | sort)
if [ "$examples" -eq 0 ]; then
    failed+=("no example programs in $build/examples")
fi
say "examples: done in $((SECONDS - step_start)) s"

runs=$(wc -l <"$log")
programs=$(awk -F '\t' '{ n = split($2, p, "/"); print p[n] }' "$log" |
    sort -u | wc -l)
problems=$(awk -F '\t' '$1 == 99' "$log" | wc -l)
say "$runs program runs under memcheck ($programs distinct programs):" \
    "$tests_runs test programs, $script_runs runs from test scripts," \
    "$examples examples"
say "$problems runs with memory errors, leaks or open descriptors"
say "wall time $((SECONDS - start)) s"
if [ ${#failed[@]} -gt 0 ] || [ "$problems" -ne 0 ]; then
    for step in "${failed[@]}"; do
        say "FAILED: $step" >&2
    done
    exit 1
fi
say "passed"
