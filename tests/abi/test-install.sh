#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Install the build into a temporary DESTDIR and use it the way a user
# would: compile installed-client.c with nothing but
# `pkg-config --cflags --libs ipt-therapy`, run it, and check that it uses
# libipt-therapy.so.0 from the install and never Intel's libipt.so.2 (the
# Processor Trace decoder, which Debian installs under the name libipt).
#
# Usage: test-install.sh --meson MESON --builddir DIR --client FILE
#            --headers-dir DIR --version VERSION [--pkg-config PKG_CONFIG]
#            [--sanitize LIST] [--coverage]
# --coverage: the library was built with -Db_coverage=true, so the clients
# are linked with --coverage too (the static archive needs libgcov).
# The C compiler is taken from $CC (default cc).  Output is TAP.
# IPT_TEST_WRAPPER, when set, is a command (words separated by spaces) put
# before every run of the installed client, e.g. tests/valgrind-wrap.sh
# (meson test --setup=valgrind_scripts).
set -euo pipefail

meson=meson
builddir=
client=
headers_dir=
version=
pkg_config=pkg-config
sanitize=none
coverage=false

while [ $# -gt 0 ]; do
    case $1 in
        --meson) meson=$2; shift 2 ;;
        --builddir) builddir=$2; shift 2 ;;
        --client) client=$2; shift 2 ;;
        --headers-dir) headers_dir=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        --pkg-config) pkg_config=$2; shift 2 ;;
        --sanitize) sanitize=$2; shift 2 ;;
        --coverage) coverage=true; shift ;;
        *) echo "test-install.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
for v in builddir client headers_dir version; do
    if [ -z "${!v}" ]; then
        echo "test-install.sh: --${v/_/-} is required" >&2
        exit 2
    fi
done

if ! command -v "$pkg_config" >/dev/null 2>&1; then
    echo "1..0 # SKIP pkg-config not found"
    exit 0
fi

# shellcheck disable=SC2206  # CC may be a command with arguments
cc=(${CC:-cc})
build_flags=()
if [ -n "$sanitize" ] && [ "$sanitize" != none ]; then
    build_flags=("-fsanitize=$sanitize" -fno-omit-frame-pointer)
fi
if [ "$coverage" = true ]; then
    build_flags+=(--coverage)
fi

# Like a user's shell: nothing points into the build tree.
unset LD_LIBRARY_PATH
read -r -a wrap <<<"${IPT_TEST_WRAPPER:-}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipt-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/destdir

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok $n - $1"
    echo "not ok - $1" >&2
    shift
    local line
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/#   /'
        printf '%s\n' "$line" | sed 's/^/    /' >&2
    done
}
finish() {
    echo "1..$n"
    echo "# $((n - failed)) passed, $failed failed"
    if [ "$failed" -eq 0 ]; then
        exit 0
    fi
    exit 1
}
# check DESCRIPTION COMMAND...: runs COMMAND, reports its output on failure.
check() {
    local what=$1 out
    shift
    if out=$("$@" 2>&1); then
        ok "$what"
    else
        not_ok "$what" "$out"
    fi
}

# 1. Install.
if out=$("$meson" install -C "$builddir" --no-rebuild --destdir "$dest" 2>&1)
then
    ok "meson install --destdir"
else
    not_ok "meson install --destdir" "$out"
    finish
fi

# 2. The installed files, wherever prefix and libdir put them.
find_one() {
    # find_one NAME: the single installed path whose name is NAME.
    find "$dest" -name "$1" \( -type f -o -type l \) | sort
}
declare -A found
for name in libipt-therapy.so.0 libipt-therapy.so libipt-therapy.a \
            ipt-therapy.pc; do
    paths=$(find_one "$name")
    count=$(printf '%s' "$paths" | grep -c . || true)
    if [ "$count" -eq 1 ]; then
        found[$name]=$paths
        ok "installs one $name (${paths#"$dest"})"
    else
        not_ok "installs one $name" "found $count:" "$paths"
    fi
done
umbrella=$(find "$dest" -path '*/include/ipt/ipt.h' -type f | sort)
if [ "$(printf '%s' "$umbrella" | grep -c . || true)" -eq 1 ]; then
    ok "installs include/ipt/ipt.h (${umbrella#"$dest"})"
else
    not_ok "installs include/ipt/ipt.h" "found: ${umbrella:-nothing}"
    finish
fi
for name in libipt-therapy.so.0 ipt-therapy.pc libipt-therapy.a; do
    [ -n "${found[$name]:-}" ] || finish
done

# Every public header and nothing else is installed under include/ipt/.
expected=$( (cd "$headers_dir" && ls -- *.h; echo ipt-version.h) | sort -u)
installed=$(find "$(dirname "$umbrella")" -mindepth 1 -maxdepth 1 \
    -printf '%f\n' | sort)
if [ "$expected" = "$installed" ]; then
    ok "include/ipt/ holds exactly the public headers"
else
    not_ok "include/ipt/ holds exactly the public headers" \
        "$(diff <(echo "$expected") <(echo "$installed") || true)"
fi

# Nothing is installed under the name of Intel's library.
intel=$(find "$dest" -name 'libipt.so*' -o -name 'libipt.a' -o \
    -name 'libipt.pc' | sort)
if [ -z "$intel" ]; then
    ok "nothing installed as libipt.so*, libipt.a or libipt.pc"
else
    not_ok "nothing installed as libipt.so*, libipt.a or libipt.pc" "$intel"
fi

libdir=$(dirname "${found[libipt-therapy.so.0]}")
pcdir=$(dirname "${found[ipt-therapy.pc]}")

# 3. pkg-config finds ipt-therapy only in the temporary tree; the system's
# own directories come after it, for the libraries libipt itself needs
# (jansson, a private requirement).
system_pc=$("$pkg_config" --variable pc_path pkg-config 2>/dev/null || true)
pc() {
    env PKG_CONFIG_LIBDIR="$pcdir${system_pc:+:$system_pc}" PKG_CONFIG_PATH= \
        PKG_CONFIG_SYSROOT_DIR="$dest" "$pkg_config" "$@"
}
if modversion=$(pc --modversion ipt-therapy 2>&1) &&
    [ "$modversion" = "$version" ]; then
    ok "pkg-config --modversion ipt-therapy is $version"
else
    not_ok "pkg-config --modversion ipt-therapy is $version" "$modversion"
fi
if ! flags=$(pc --cflags --libs ipt-therapy 2>&1); then
    not_ok "pkg-config --cflags --libs ipt-therapy" "$flags"
    finish
fi
flags=${flags%"${flags##*[![:space:]]}"}   # without trailing blanks
ok "pkg-config --cflags --libs ipt-therapy: $flags"
cflags=$(pc --cflags ipt-therapy)
case " $flags " in
    *" -lipt-therapy "*) ok "the link flags name -lipt-therapy" ;;
    *) not_ok "the link flags name -lipt-therapy" "$flags" ;;
esac
case " $flags " in
    *" -lipt "*) not_ok "the link flags do not name -lipt (Intel's)" "$flags" ;;
    *) ok "the link flags do not name -lipt (Intel's)" ;;
esac

# 4. Build and run a client against the shared library.
# shellcheck disable=SC2086  # pkg-config output is a list of flags
check "installed-client.c compiles and links with the pkg-config flags" \
    "${cc[@]}" -std=c11 -Wall -Wextra -Werror "${build_flags[@]}" \
    "$client" $flags -o "$tmp/client"
if [ ! -x "$tmp/client" ]; then
    finish
fi

deps=$(LD_LIBRARY_PATH="$libdir" ldd "$tmp/client" 2>&1 || true)
resolved=$(printf '%s\n' "$deps" | awk '$1 == "libipt-therapy.so.0" {print $3}')
if [ "$resolved" = "$libdir/libipt-therapy.so.0" ]; then
    ok "the client loads libipt-therapy.so.0 from the install"
else
    not_ok "the client loads libipt-therapy.so.0 from the install" "$deps"
fi
if printf '%s\n' "$deps" | grep -q 'libipt\.so'; then
    not_ok "the client does not load Intel's libipt.so" "$deps"
else
    ok "the client does not load Intel's libipt.so"
fi
check "the client runs against the installed shared library" \
    env LD_LIBRARY_PATH="$libdir" "${wrap[@]}" "$tmp/client"

# 5. And against the static archive: `pkg-config --static --libs`, with
# -lipt-therapy pinned to the archive.
static_libs=
for flag in $(pc --static --libs ipt-therapy); do
    if [ "$flag" = -lipt-therapy ]; then
        flag=-l:libipt-therapy.a
    fi
    static_libs="$static_libs $flag"
done
# shellcheck disable=SC2086
check "installed-client.c links statically with pkg-config --static" \
    "${cc[@]}" -std=c11 -Wall -Wextra -Werror "${build_flags[@]}" \
    "$client" $cflags $static_libs -o "$tmp/client-static"
if [ -x "$tmp/client-static" ]; then
    if ldd "$tmp/client-static" 2>&1 | grep -q 'libipt'; then
        not_ok "the static client needs no libipt shared library" \
            "$(ldd "$tmp/client-static" 2>&1)"
    else
        ok "the static client needs no libipt shared library"
    fi
    check "the client runs with the static archive" \
        "${wrap[@]}" "$tmp/client-static"
fi

finish
