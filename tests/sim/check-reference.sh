#!/usr/bin/env bash
# TAP test: the ipt-sim tool must reproduce cohort-v1 exactly as the
# independent Python reference implementation (cohort_v1_reference.py,
# written from the specification alone) computes it.
#
# For every seed in {0, 1, 42, 4294967295} and cohort size in
# {1, 2, 1000, 20000}, the aggregate JSON of the tool (1 thread) and of the
# reference must be the same bytes.  For the largest size the tool is run
# again with 3 threads, which must not change a byte.  For two seed/size
# pairs the per-patient CSV files are compared too.  On a difference the
# test prints the two outputs, key by key or row by row.
#
# usage: check-reference.sh IPT_SIM REFERENCE_PY
# The reference runs under $PYTHON (default python3); without it the test
# is skipped.  It takes about 10 s, almost all of it in Python.
# IPT_TEST_WRAPPER, when set, is a command (words separated by spaces) put
# before every run of ipt-sim, e.g. tests/valgrind-wrap.sh
# (meson test --setup=valgrind_scripts).
set -u

if [ $# -ne 2 ]; then
    echo "usage: check-reference.sh IPT_SIM REFERENCE_PY" >&2
    exit 2
fi
sim=$1
ref=$2
python=${PYTHON:-python3}
read -r -a wrap <<<"${IPT_TEST_WRAPPER:-}"

if ! command -v "$python" >/dev/null 2>&1; then
    echo "1..0 # SKIP $python not found"
    exit 0
fi

seeds="0 1 42 4294967295"
sizes="1 2 1000 20000"
# seed:size pairs whose per-patient CSV files are compared.
csv_cases=" 42:1000 4294967295:20000 "

n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}

not_ok() {
    n=$((n + 1))
    echo "not ok $n - $1"
    failed=$((failed + 1))
}

# Indents a file as TAP diagnostics, at most 40 lines.
diag() {
    head -n 40 "$1" | sed 's/^/#   /'
}

# One aggregate per line, named by its path (by_area.grief.remitters: 61),
# so that diff points at the aggregate that differs; the raw text if the
# file is not JSON.
split_keys() {
    "$python" - "$1" <<'PY' 2>/dev/null || cat "$1"
import json, sys
def walk(prefix, value):
    if isinstance(value, dict):
        for key, item in value.items():
            walk(prefix + [key], item)
    else:
        print("%s: %s" % (".".join(prefix), json.dumps(value)))
with open(sys.argv[1]) as f:
    walk([], json.load(f))
PY
}

# compare_json DESCRIPTION WANT GOT
compare_json() {
    if cmp -s "$2" "$3"; then
        ok "$1"
    else
        not_ok "$1"
        echo "#   reference: $(cat "$2")"
        echo "#   ipt-sim:   $(cat "$3")"
        diff <(split_keys "$2") <(split_keys "$3") >"$tmp/diff"
        diag "$tmp/diff"
    fi
}

# run_sim OUT ERR ARGS...: runs the tool; on failure records a "not ok"
# with its stderr and returns 1.
run_sim() {
    local out=$1 err=$2 status
    shift 2
    "${wrap[@]}" "$sim" "$@" >"$out" 2>"$err"
    status=$?
    if [ "$status" -ne 0 ]; then
        not_ok "ipt-sim $* (exit $status)"
        diag "$err"
        return 1
    fi
    return 0
}

for seed in $seeds; do
    for size in $sizes; do
        case=$seed:$size
        want=$tmp/ref.json
        ref_args=(--seed "$seed" --patients "$size")
        csv=no
        if [[ $csv_cases == *" $case "* ]]; then
            csv=yes
            ref_args+=(--patients-csv "$tmp/ref.csv")
        fi

        if ! "$python" "$ref" "${ref_args[@]}" >"$want" 2>"$tmp/err"; then
            not_ok "reference, seed $seed, $size patients"
            diag "$tmp/err"
            continue
        fi

        args=(--model cohort-v1 --patients "$size" --seed "$seed")
        if run_sim "$tmp/sim.json" "$tmp/err" "${args[@]}" --threads 1; then
            compare_json "JSON, seed $seed, $size patients, 1 thread" \
                "$want" "$tmp/sim.json"
        fi

        if [ "$size" -eq 20000 ] &&
           run_sim "$tmp/sim.json" "$tmp/err" "${args[@]}" --threads 3; then
            compare_json "JSON, seed $seed, $size patients, 3 threads" \
                "$want" "$tmp/sim.json"
        fi

        if [ "$csv" = yes ] &&
           run_sim "$tmp/sim.json" "$tmp/err" "${args[@]}" --threads 2 \
               --patients-csv "$tmp/sim.csv"; then
            what="patients CSV, seed $seed, $size patients, 2 threads"
            if cmp -s "$tmp/ref.csv" "$tmp/sim.csv"; then
                ok "$what"
            else
                not_ok "$what"
                echo "#   diff reference ipt-sim (first lines):"
                diff "$tmp/ref.csv" "$tmp/sim.csv" >"$tmp/diff"
                diag "$tmp/diff"
            fi
            compare_json "JSON with --patients-csv, seed $seed, $size patients" \
                "$want" "$tmp/sim.json"
        fi
    done
done

echo "1..$n"
[ "$failed" -eq 0 ]
