#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The ThreadSanitizer gate: 0 data-race, deadlock or other reports.
#
#   bash scripts/run-tsan.sh [BUILD_DIR]              (default: build-tsan)
#
# 1. configures BUILD_DIR with -Db_sanitize=thread (gcc; its runtime is
#    Debian's libtsan2, which gcc's libgcc-12-dev already depends on) and
#    builds it;
# 2. runs the 'threads' suite: tests/threads/test-threads.c, 8 threads of
#    at least 10,000 library calls each on courses of their own, while two
#    more threads run multi-threaded simulations;
# 3. runs the rest of the suite, which is cheap enough (the simulation's
#    tests, ipt-sim and its scripts use the engine's worker threads);
# 4. runs every example.
#
# TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1, and every report is
# also written to a log file under BUILD_DIR/tsan-logs: the script fails if
# a step fails or if any report was written, also one from a program whose
# failure a test expected.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
build=${1:-build-tsan}
start=$SECONDS
failed=()

say() { printf 'run-tsan: %s\n' "$*"; }

options=(-Db_sanitize=thread -Db_lundef=false -Dtests=enabled
         -Ddocs=disabled -Dwerror=true)
if [ -f "$build/meson-private/coredata.dat" ]; then
    meson setup --reconfigure "$build" "${options[@]}" >/dev/null
else
    meson setup "$build" "${options[@]}" >/dev/null
fi || exit 1
meson compile -C "$build" >/dev/null || {
    meson compile -C "$build"
    exit 1
}

logs=$PWD/$build/tsan-logs
mkdir -p "$logs"
find "$logs" -maxdepth 1 -type f -name 'tsan.*' -delete
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
export TSAN_OPTIONS="$TSAN_OPTIONS:log_path=$logs/tsan"

step_start=$SECONDS
say "the threads suite"
meson test -C "$build" --suite threads --print-errorlogs \
    --logbase tsan-threads || failed+=("meson test --suite threads")
# The test's own account of what it did.
grep -h '^# .* workers: ' "$build/meson-logs/tsan-threads.txt" || true
say "the threads suite: done in $((SECONDS - step_start)) s"

step_start=$SECONDS
say "the rest of the suite"
meson test -C "$build" --no-suite threads --print-errorlogs ||
    failed+=("meson test --no-suite threads")
say "the rest of the suite: done in $((SECONDS - step_start)) s"

step_start=$SECONDS
say "examples ($build/examples)"
examples=0
while IFS= read -r exe; do
    timeout 600 "$exe" </dev/null >/dev/null || failed+=("example $exe")
    examples=$((examples + 1))
done < <(find "$build/examples" -maxdepth 1 -type f -executable | sort)
say "examples: $examples run in $((SECONDS - step_start)) s"

reports=$(find "$logs" -maxdepth 1 -type f -name 'tsan.*' | sort)
if [ -n "$reports" ]; then
    failed+=("ThreadSanitizer reports in $logs")
    while IFS= read -r report; do
        say "report $report:"
        head -n 60 "$report"
    done <<<"$reports"
fi
say "wall time $((SECONDS - start)) s"
if [ ${#failed[@]} -gt 0 ]; then
    for step in "${failed[@]}"; do
        say "FAILED: $step" >&2
    done
    exit 1
fi
say "passed: no ThreadSanitizer report"
