#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# TAP test: the freshly built library against the committed ABI baseline,
# with libabigail's abidiff.  Added functions and types are allowed (the
# baseline is then updated deliberately with scripts/update-abi-baseline.sh);
# any incompatible change (a removed or changed function, a struct or enum
# that changed size or layout) fails.
#
#   check-abidiff.sh ABIDIFF BASELINE LIBRARY PUBLIC_HEADERS_DIR GENERATED_HEADERS_DIR
set -u

abidiff=$1
baseline=$2
library=$3
headers=$4
generated=$5

out=$("$abidiff" --headers-dir2 "$headers" --headers-dir2 "$generated" \
    "$baseline" "$library" 2>&1)
rc=$?
echo "1..2"
# abidiff's exit status is a bit mask: 1 error, 2 usage error, 4 an ABI
# change, 8 an incompatible ABI change.
if [ $((rc & 3)) -eq 0 ]; then
    echo "ok 1 - abidiff ran (exit status $rc)"
else
    echo "not ok 1 - abidiff ran (exit status $rc)"
    printf '%s\n' "$out" | sed 's/^/#   /'
    echo "not ok 2 - no incompatible change against the baseline # SKIP"
    exit 1
fi
# abidiff sets bit 8 only for changes it knows to be incompatible (such as
# a removed function); a changed struct layout sets only bit 4.  libipt
# allows additions alone, so any removed or changed function or variable
# in the summaries fails too.
changed=$(printf '%s\n' "$out" |
    sed -n 's/^.*changes summary: \([0-9]*\) Removed, \([0-9]*\) Changed.*$/\1 \2/p' |
    awk '{ n += $1 + $2 } END { print n + 0 }')
if [ $((rc & 8)) -eq 0 ] && [ "$changed" -eq 0 ]; then
    echo "ok 2 - no incompatible change against the baseline"
    if [ $((rc & 4)) -ne 0 ]; then
        echo "# additions (update the baseline deliberately):"
        printf '%s\n' "$out" | sed 's/^/#   /'
    fi
    exit 0
fi
echo "not ok 2 - no incompatible change against the baseline"
printf '%s\n' "$out" | sed 's/^/#   /'
printf '%s\n' "$out" >&2
exit 1
