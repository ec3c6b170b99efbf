#!/bin/sh
# Fails when the diagram committed in docs/ differs from what the library
# draws from its transition table.  Usage: check-diagram.sh PROGRAM FORMAT FILE
# IPT_TEST_WRAPPER, when set, is a command (words separated by spaces) put
# before the program, e.g. tests/valgrind-wrap.sh.
set -eu
prog=$1 format=$2 committed=$3
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# shellcheck disable=SC2086  # the wrapper is a list of words
${IPT_TEST_WRAPPER:-} "$prog" "$format" > "$tmp"
if ! cmp -s "$tmp" "$committed"; then
    echo "$committed is out of date; regenerate it with:"
    echo "  build/examples/machine-diagram $format > docs/$(basename "$committed")"
    diff -u "$committed" "$tmp" || true
    exit 1
fi
echo "$committed matches the transition table"
