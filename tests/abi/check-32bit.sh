#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Compiles the library, the tools and the examples for a 32-bit x86 target
# (gcc -m32, syntax and warnings only: nothing is linked), with -Wconversion
# and -Werror.  On x86-64, size_t and uint64_t are the same type, so a
# uint64_t length passed where a size_t is meant, or a size_t pointer where
# a uint64_t pointer is meant, goes unnoticed; on a 32-bit target each one
# is a warning.  This keeps the public ABI's explicit widths honest.
#
#   check-32bit.sh CC SOURCE_ROOT BUILD_INCLUDE_DIR [JANSSON]
#
# TAP output, one line per file; the whole test is skipped when CC cannot
# compile for -m32 (Debian: gcc-multilib).  JANSSON=1 defines
# IPT_HAVE_JANSSON, as the build does with the 'json' feature.
set -u

cc=$1
root=$2
build_include=$3
jansson=${4:-0}

probe=$(mktemp "${TMPDIR:-/tmp}/ipt-m32.XXXXXX.c")
trap 'rm -f "$probe"' EXIT
printf '#include <stdint.h>\n#include <stdio.h>\nint main(void) { return 0; }\n' \
    >"$probe"
if ! "$cc" -m32 -fsyntax-only "$probe" 2>/dev/null; then
    echo "1..0 # SKIP $cc cannot compile for -m32 (install gcc-multilib)"
    exit 0
fi

flags=(-m32 -std=c11 -fsyntax-only -Wall -Wextra -Wpedantic -Wconversion
       -Wformat=2 -Werror -D_GNU_SOURCE -I"$root/include" -I"$build_include"
       -I"$root/lib" -I"$root/tools")
if [ "$jansson" = 1 ]; then
    flags+=(-DIPT_HAVE_JANSSON=1)
fi

files=()
for f in "$root"/lib/*.c "$root"/tools/*.c "$root"/examples/*.c; do
    files+=("$f")
done

echo "1..${#files[@]}"
n=0
failed=0
for f in "${files[@]}"; do
    n=$((n + 1))
    extra=()
    case $f in
        "$root"/lib/*) extra=(-DIPT_BUILDING_LIBRARY) ;;
    esac
    if out=$("$cc" "${flags[@]}" "${extra[@]}" "$f" 2>&1); then
        echo "ok $n - ${f#"$root"/}"
    else
        echo "not ok $n - ${f#"$root"/}"
        printf '%s\n' "$out" | sed 's/^/#   /'
        printf '%s\n' "$out" >&2
        failed=$((failed + 1))
    fi
done
[ "$failed" -eq 0 ]
