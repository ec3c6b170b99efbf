#!/usr/bin/env bash
# TAP test of the command-line behaviour of the example programs
# technique-picker and problem-area-triage: exit status, the usage text on
# stderr for a bad command line, and the facts the output must show.
#
# usage: check-example-cli.sh TECHNIQUE_PICKER PROBLEM_AREA_TRIAGE
# IPT_TEST_WRAPPER, when set, is a command (words separated by spaces) put
# before every run of a program, e.g. tests/valgrind-wrap.sh
# (meson test --setup=valgrind_scripts).
set -u

picker=$1
triage=$2
read -r -a wrap <<<"${IPT_TEST_WRAPPER:-}"
n=0
failed=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# run EXPECTED_STATUS DESCRIPTION PROGRAM ARGS...: runs the program with no
# input and records one TAP result for its exit status.
run() {
    local want=$1 what=$2 status
    shift 2
    "${wrap[@]}" "$@" <"/dev/null" >"$out" 2>"$err"
    status=$?
    n=$((n + 1))
    if [ "$status" -eq "$want" ]; then
        echo "ok $n - $what (exit $status)"
    else
        echo "not ok $n - $what (exit $status, expected $want)"
        sed 's/^/#   /' "$err"
        failed=$((failed + 1))
    fi
}

# expect FILE PATTERN DESCRIPTION: one TAP result for a grep -E match.
expect() {
    n=$((n + 1))
    if grep -Eq -- "$2" "$1"; then
        echo "ok $n - $3"
    else
        echo "not ok $n - $3"
        sed 's/^/#   /' "$1"
        failed=$((failed + 1))
    fi
}

# refuse DESCRIPTION ARGS...: a bad command line exits 2 with the usage
# on stderr and nothing on stdout.
refuse() {
    local what=$1
    shift
    run 2 "technique-picker refuses $what" "$picker" "$@"
    expect "$err" '^usage: ' "usage on stderr for $what"
    n=$((n + 1))
    if [ -s "$out" ]; then
        echo "not ok $n - nothing on stdout for $what"
        failed=$((failed + 1))
    else
        echo "ok $n - nothing on stdout for $what"
    fi
}

run 0 "technique-picker runs its demonstration" "$picker"
expect "$out" '^ 1\. Clarification' "the demonstration (impasse) ranks clarification first"

run 0 "technique-picker ranks for a dispute at impasse" \
    "$picker" --phase middle --area role_dispute --stage impasse
expect "$out" '^ [12]\. Communication analysis' \
    "communication analysis is in the top two at impasse"
expect "$out" 'weighted for the stage of the role dispute' \
    "the reason names the dispute stage"

run 0 "technique-picker with --item9" "$picker" --phase middle --area grief --item9
expect "$out" '^ 1\. Safety assessment .*assess safety first' \
    "a positive item 9 puts the safety assessment first, with its reason"

run 0 "technique-picker without --mit" "$picker" --phase middle --area interpersonal_deficits
n=$((n + 1))
if grep -Eq 'imagery|Two-chair|Body-oriented|Mindfulness' "$out"; then
    echo "not ok $n - no MIT technique unless --mit"
    failed=$((failed + 1))
else
    echo "ok $n - no MIT technique unless --mit"
fi
run 0 "technique-picker with --mit" "$picker" --phase middle --area interpersonal_deficits --mit
expect "$out" 'Metacognitive Interpersonal Therapy' "--mit offers MIT techniques"

run 0 "technique-picker --help" "$picker" --help
expect "$out" '^Exit status: ' "--help prints the whole help on stdout"

refuse "an unknown option" --bogus
refuse "options without --phase" --area grief
refuse "an unknown phase" --phase maintenance
refuse "the middle phase without an area" --phase middle
refuse "three focal areas" --phase middle --area grief --area role_dispute --area role_transition
refuse "an unknown area" --phase middle --area loneliness
refuse "an unknown stage" --phase middle --area role_dispute --stage truce
refuse "a session that is not a number" --phase middle --area grief --session x
refuse "an unknown recent technique" --phase middle --area grief --recent hypnosis
refuse "a missing option value" --phase

run 0 "problem-area-triage runs its cases" "$triage"
expect "$out" 'verdict: focus_found' "a case with a clear focus"
expect "$out" 'suggested dispute stage: renegotiation' "the dispute case suggests a stage"
expect "$out" 'verdict: no_clear_focus' "the incomplete inventory gives no clear focus"
expect "$out" 'complete the inventory' "and says to complete the inventory"
run 2 "problem-area-triage refuses arguments" "$triage" --bogus
expect "$err" '^usage: ' "problem-area-triage prints its usage on stderr"

echo "1..$n"
[ "$failed" -eq 0 ]
