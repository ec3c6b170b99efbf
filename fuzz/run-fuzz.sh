#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Builds every fuzz target of fuzz/ with clang, libFuzzer, ASan and UBSan
# (every finding fatal: -fno-sanitize-recover=all), replays each committed
# corpus, then fuzzes each target from a copy of its corpus.
#
#   fuzz/run-fuzz.sh [SECONDS [TARGET...]]
#
# SECONDS (default 120) bounds each target's run; a target also stops after
# 1,000,000 executions, whichever comes first.  TARGETs are names from
# fuzz/meson.build (load names events sim-opts examples, the default: all).
#
# Prints one line per target with the executions done and their rate (from
# libFuzzer's -print_final_stats=1) and writes those lines to
# build-fuzz/fuzz-summary.txt.  Exits non-zero when a replay fails or a
# target finds a crash, a leak, a timeout (one input over 5 s) or an
# out-of-memory (over 1024 MB): the input that did it is kept as
# build-fuzz/fuzz-artifacts/<target>-*, the log as
# build-fuzz/fuzz-<target>.log.
#
# New inputs the fuzzer finds are not copied into fuzz/corpus/.  To add the
# useful ones, merge them in; this keeps only inputs that reach code the
# corpus does not (-use_counters=0: new edges, not new hit counts, which
# keeps the corpus to tens or hundreds of files):
#   build-fuzz/fuzz/fuzz-NAME -merge=1 -use_counters=0 -max_len=N \
#       fuzz/corpus/NAME NEW-INPUTS-DIR
# A crash found this way is fixed in the library, and its input is added to
# the corpus (under a name that says what it is), so that every build's
# replay keeps checking it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
    echo "usage: $0 [SECONDS [TARGET...]]" >&2
    exit 2
}

seconds=${1:-120}
case $seconds in
    '' | *[!0-9]* | 0) usage ;;
esac
shift $(($# > 0 ? 1 : 0))
all_targets=(load names events sim-opts examples)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=("${all_targets[@]}")
fi

# Per target: longest input, and dictionary (if any).
max_len() {
    case $1 in
        load) echo 65536 ;;
        names) echo 8192 ;;      # notes of up to 4096 bytes, and beyond
        events) echo 1024 ;;
        sim-opts | examples) echo 1024 ;;
        *) echo "unknown target '$1'" >&2; usage ;;
    esac
}
dict() {
    if [ -f "fuzz/$1.dict" ]; then
        echo "-dict=fuzz/$1.dict"
    fi
}
for t in "${targets[@]}"; do
    max_len "$t" >/dev/null
done

build="build-fuzz"
options=(-Dfuzzing=true "-Db_sanitize=address,undefined" -Db_lundef=false
         "-Dc_args=-fno-sanitize-recover=all -fno-omit-frame-pointer"
         -Dtests=disabled -Ddocs=disabled -Dexamples=false)
if [ -f "$build/meson-private/coredata.dat" ]; then
    CC=clang meson setup --reconfigure "$build" "${options[@]}" >/dev/null
else
    CC=clang meson setup "$build" "${options[@]}" >/dev/null
fi
meson compile -C "$build" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# Every corpus file once, under the sanitizers (the meson tests of the
# suite 'fuzz', built by replay.c).
echo "== replaying the corpora (meson test --suite fuzz)"
meson test -C "$build" --suite fuzz --print-errorlogs

work=$(mktemp -d "${TMPDIR:-/tmp}/ipt-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/fuzz-artifacts"
summary_file=$build/fuzz-summary.txt
: >"$summary_file"
failed=0

# stat NAME LOG: the value of libFuzzer's final statistic stat::NAME.
stat() {
    sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

for t in "${targets[@]}"; do
    echo "== fuzzing $t: up to 1000000 runs or ${seconds} s"
    mkdir -p "$work/$t"
    cp fuzz/corpus/"$t"/* "$work/$t/"
    log=$build/fuzz-$t.log
    status=0
    start=$SECONDS
    # shellcheck disable=SC2046
    "$build/fuzz/fuzz-$t" "$work/$t" \
        -runs=1000000 -max_total_time="$seconds" \
        -max_len="$(max_len "$t")" $(dict "$t") \
        -timeout=5 -rss_limit_mb=1024 -malloc_limit_mb=1024 \
        -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/$t-" \
        >"$log" 2>&1 || status=$?
    elapsed=$((SECONDS - start))
    runs=$(stat number_of_executed_units "$log")
    rate=$(stat average_exec_per_sec "$log")
    rss=$(stat peak_rss_mb "$log")
    added=$(stat new_units_added "$log")
    seed=$(sed -n 's/^INFO: Seed: //p' "$log" | head -n 1)
    if [ "$status" -eq 0 ]; then
        verdict=ok
    else
        verdict="FAILED (exit $status; see $log)"
        failed=1
        grep -aE '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
            "$log" >&2 || true
        tail -n 40 "$log" >&2
    fi
    line=$(printf '%-9s %8s runs in %4s s, %6s exec/s, peak RSS %s MB, %s new inputs, seed %s: %s' \
        "$t" "${runs:-?}" "$elapsed" "${rate:-?}" "${rss:-?}" "${added:-?}" \
        "${seed:-?}" "$verdict")
    echo "$line"
    echo "$line" >>"$summary_file"
done

echo "== summary ($summary_file)"
cat "$summary_file"
exit "$failed"
