#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Builds the loader's libFuzzer target with clang, ASan and UBSan, and runs
# it for a bounded time on a copy of fuzz/corpus/load.
#
#   fuzz/run-fuzz.sh [SECONDS]      (default 60)
#
# Prints the number of executions and exits non-zero when the fuzzer found
# a crash, a leak, a timeout (over 5 s) or an out-of-memory (over 1 GiB); the
# input that did it is kept in build-fuzz/fuzz-artifacts/ and the whole log
# in build-fuzz/fuzz-load.log.  New inputs the
# fuzzer found are not copied back into the corpus: add the interesting ones
# by hand (minimise first with `fuzz-load -merge=1`).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-60}
case $seconds in
    '' | *[!0-9]*)
        echo "usage: $0 [SECONDS]" >&2
        exit 2
        ;;
esac

build=build-fuzz
options=(-Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
         -Dtests=disabled -Ddocs=disabled -Dexamples=false)
if [ -f "$build/meson-private/coredata.dat" ]; then
    CC=clang meson setup --reconfigure "$build" "${options[@]}" >/dev/null
else
    CC=clang meson setup "$build" "${options[@]}" >/dev/null
fi
meson compile -C "$build" >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/ipt-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$build/fuzz-artifacts"
cp fuzz/corpus/load/* "$work/corpus/"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
"$build/fuzz/fuzz-load" \
    -max_total_time="$seconds" -max_len=65536 -timeout=5 \
    -rss_limit_mb=1024 -print_final_stats=1 -dict=fuzz/load.dict \
    -artifact_prefix="$build/fuzz-artifacts/" \
    "$work/corpus" >"$work/log" 2>&1 || status=$?

log=$build/fuzz-load.log
cp "$work/log" "$log"
summary='^(INFO: seed corpus|Dictionary|#[0-9]+[[:space:]]+DONE|stat::'
summary+='|==[0-9]+==ERROR|SUMMARY)'
grep -aE "$summary" "$log" || true
executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz-load: FAILED (exit $status) after ${executions:-?}" \
         "executions; see $build/fuzz-artifacts/" >&2
    exit 1
fi
echo "fuzz-load: ${executions:-0} executions in ${seconds} s, no crash"
