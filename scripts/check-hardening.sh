#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Checks the hardening of a build's ELF files: the shared library
# libipt-therapy.so and the installed tool ipt-sim.
#
#   bash scripts/check-hardening.sh BUILD_DIR
#   bash scripts/check-hardening.sh --skip REASON   (prints it, exits 77)
#
# For each file, one line per check, with readelf (READELF overrides it):
#
#   pic              the library is position independent (ELF type DYN)
#   pie              the tool is a position-independent executable (DYN)
#   no-textrel       no text relocations (no TEXTREL entry or flag)
#   relro            a GNU_RELRO segment: relocated data made read-only
#   bind-now         BIND_NOW, or FLAGS_1 NOW: with relro, full RELRO
#   noexecstack      a GNU_STACK segment without the execute flag
#   stack-protector  imports __stack_chk_fail (-fstack-protector-strong);
#                    every libipt file has functions with local arrays,
#                    so a missing import means the flag was not used
#   fortify          imports __*_chk functions (_FORTIFY_SOURCE)
#   cet              informative only: the IBT and SHSTK property notes
#                    (-fcf-protection); they also need a CET C library
#
# Exits 1 if any check fails, 2 on a usage error.  The meson test
# 'hardening' (suite 'hardening') runs it on optimised builds.
set -euo pipefail

usage() {
    echo "usage: $0 BUILD_DIR | --skip REASON" >&2
    exit 2
}

[ $# -ge 1 ] || usage
if [ "$1" = --skip ]; then
    echo "SKIP: ${2:-not applicable to this build}"
    exit 77
fi
[ $# -eq 1 ] || usage
build=$1
readelf=${READELF:-readelf}
command -v "$readelf" >/dev/null 2>&1 || {
    echo "check-hardening: $readelf not found (Debian package binutils)" >&2
    exit 2
}

failures=0
checks=0

# result STATUS FILE CHECK DETAIL
result() {
    printf '%-4s  %-16s  %-24s  %s\n' "$1" "$3" "$(basename "$2")" "$4"
    case $1 in
        ok) checks=$((checks + 1)) ;;
        FAIL)
            checks=$((checks + 1))
            failures=$((failures + 1))
            ;;
    esac
}

# check_file FILE KIND: KIND is "library" or "executable".
check_file() {
    local file=$1 kind=$2 header segments dynamic dynsyms notes
    local type stack chk

    header=$("$readelf" -hW "$file")
    segments=$("$readelf" -lW "$file")
    dynamic=$("$readelf" -dW "$file")
    dynsyms=$("$readelf" --dyn-syms -W "$file")
    notes=$("$readelf" -nW "$file" 2>/dev/null || true)

    type=$(sed -n 's/^ *Type: *\([A-Z]*\).*/\1/p' <<<"$header")
    if [ "$kind" = library ]; then
        if [ "$type" = DYN ]; then
            result ok "$file" pic "ELF type DYN"
        else
            result FAIL "$file" pic "ELF type ${type:-unknown}"
        fi
    elif [ "$type" = DYN ]; then
        result ok "$file" pie "ELF type DYN"
    else
        result FAIL "$file" pie "ELF type ${type:-unknown}, not DYN"
    fi

    if grep -Eq '\(TEXTREL\)|\(FLAGS\).*TEXTREL' <<<"$dynamic"; then
        result FAIL "$file" no-textrel "text relocations present"
    else
        result ok "$file" no-textrel "no TEXTREL"
    fi

    if grep -q '^ *GNU_RELRO ' <<<"$segments"; then
        result ok "$file" relro "GNU_RELRO segment"
    else
        result FAIL "$file" relro "no GNU_RELRO segment (-Wl,-z,relro)"
    fi

    if grep -Eq '\(BIND_NOW\)|\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*[[:space:]]NOW' \
        <<<"$dynamic"; then
        result ok "$file" bind-now \
            "$(grep -Eo '\((BIND_NOW|FLAGS|FLAGS_1)\).*' <<<"$dynamic" |
                tr -s ' ' | paste -sd ';' -)"
    else
        result FAIL "$file" bind-now "no BIND_NOW or NOW flag (-Wl,-z,now)"
    fi

    stack=$(awk '$1 == "GNU_STACK" { print $7 }' <<<"$segments")
    if [ -z "$stack" ]; then
        result FAIL "$file" noexecstack "no GNU_STACK segment"
    elif [[ $stack == *E* ]]; then
        result FAIL "$file" noexecstack "GNU_STACK flags $stack"
    else
        result ok "$file" noexecstack "GNU_STACK flags $stack"
    fi

    # Undefined (imported) dynamic symbols, without their version.
    chk=$(awk '$7 == "UND" { sub(/@.*/, "", $8); print $8 }' \
        <<<"$dynsyms" | sort -u)
    if grep -qx '__stack_chk_fail' <<<"$chk"; then
        result ok "$file" stack-protector "imports __stack_chk_fail"
    else
        result FAIL "$file" stack-protector \
            "no __stack_chk_fail import (-fstack-protector-strong)"
    fi

    chk=$(grep -E '^__[A-Za-z0-9_]+_chk$' <<<"$chk" |
        grep -vx '__stack_chk_fail' || true)
    if [ -n "$chk" ]; then
        result ok "$file" fortify \
            "$(wc -l <<<"$chk") imports: $(paste -sd ' ' - <<<"$chk")"
    else
        result FAIL "$file" fortify "no __*_chk import (_FORTIFY_SOURCE)"
    fi

    if grep -q 'x86 feature:.*IBT.*SHSTK' <<<"$notes"; then
        result info "$file" cet "IBT and SHSTK marked"
    else
        result info "$file" cet \
            "not marked: needs the note in every linked object, crt files too"
    fi
}

lib=$build/lib/libipt-therapy.so
tool=$build/tools/ipt-sim
for file in "$lib" "$tool"; do
    if [ ! -e "$file" ]; then
        echo "check-hardening: $file not found; build $build first" >&2
        exit 2
    fi
done

check_file "$(readlink -f "$lib")" library
check_file "$tool" executable

if [ "$failures" -ne 0 ]; then
    echo "check-hardening: $failures of $checks checks failed"
    exit 1
fi
echo "check-hardening: all $checks checks passed"
