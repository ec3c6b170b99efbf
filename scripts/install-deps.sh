#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Install what libipt needs to build, test and document itself, on Debian
# or Ubuntu, with apt-get.  Idempotent: packages already installed are left
# alone, and `apt-get update` runs only when something is missing.  Needs no
# input; as a normal user it uses sudo (non-interactively when there is no
# terminal).
#
#   bash scripts/install-deps.sh
set -euo pipefail

# build:  meson ninja-build gcc libc6-dev pkg-config
# tests:  libcmocka-dev; g++ (the C++ header test); binutils (nm, readelf;
#         also scripts/check-hardening.sh);
#         linux-libc-dev (the netfilter headers the clash test includes);
#         python3 (the ABI check scripts; meson needs it anyway);
#         python3-jsonschema (validates documents against the course schema);
#         abigail-tools (abidiff against the committed ABI baseline);
#         gcc-multilib (the 32-bit compile check of the ABI suite);
#         gcovr (the coverage gate, scripts/coverage.sh; gcov comes with gcc)
# python: python3-pytest (the Python binding's tests), python3-matplotlib
#         (its example, examples/python/cohort_plots.py)
# docs:   doxygen graphviz
# json:   libjansson-dev (save and load; the meson feature 'json')
# fuzz:   clang libclang-rt-14-dev (libFuzzer and the sanitizer runtimes)
# static analysis: clang-tidy (with run-clang-tidy) and cppcheck
#         (scripts/run-static-analysis.sh)
# memcheck: valgrind (scripts/run-valgrind.sh, meson test --setup=valgrind)
# tsan:   nothing more: gcc's ThreadSanitizer runtime, libtsan2, comes with
#         gcc (libgcc-12-dev depends on it) (scripts/run-tsan.sh)
# fhir:   nodejs and npm (the FHIR validator of the tests, installed from
#         npm by scripts/install-fhir-validator.sh; Node.js 20 or later);
#         where nodejs comes with its own npm (NodeSource), npm is
#         satisfied by nodejs
# "a|b" is satisfied by either package and installs a.
packages=(
    meson
    ninja-build
    gcc
    g++
    libc6-dev
    'pkg-config|pkgconf'
    libcmocka-dev
    binutils
    linux-libc-dev
    python3
    python3-jsonschema
    abigail-tools
    gcc-multilib
    gcovr
    python3-pytest
    python3-matplotlib
    doxygen
    graphviz
    libjansson-dev
    clang
    'libclang-rt-14-dev|libclang-rt-dev'
    clang-tidy
    cppcheck
    valgrind
    nodejs
    'npm|nodejs'
)

say() { printf 'install-deps: %s\n' "$*"; }

if ! command -v dpkg-query >/dev/null 2>&1 ||
    ! command -v apt-get >/dev/null 2>&1; then
    say "no dpkg/apt-get here; install these (or your system's equivalent)"
    say "by hand: ${packages[*]//|*/}"
    missing_tools=()
    for tool in meson ninja cc pkg-config nm readelf python3 doxygen dot node npm \
        clang-tidy cppcheck valgrind; do
        command -v "$tool" >/dev/null 2>&1 || missing_tools+=("$tool")
    done
    if [ ${#missing_tools[@]} -gt 0 ]; then
        say "missing commands: ${missing_tools[*]}"
        exit 1
    fi
    exit 0
fi

# installed "a|b": is a or b installed?
installed() {
    local pkg
    for pkg in ${1//|/ }; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" \
            = installed ]; then
            return 0
        fi
    done
    return 1
}

missing=()
for pkg in "${packages[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
    say "all ${#packages[@]} packages are installed"
    exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        say "missing: ${missing[*]}"
        say "run this script as root, or install sudo"
        exit 1
    fi
    if [ -t 0 ]; then
        as_root=(sudo)
    else
        as_root=(sudo -n)   # no terminal to ask for a password on
    fi
fi

wanted=()
for pkg in "${missing[@]}"; do
    wanted+=("${pkg%%|*}")
done

say "installing: ${wanted[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${wanted[@]}" </dev/null

still=()
for pkg in "${missing[@]}"; do
    installed "$pkg" || still+=("$pkg")
done
if [ ${#still[@]} -gt 0 ]; then
    say "still missing after apt-get install: ${still[*]}"
    exit 1
fi
say "done"
