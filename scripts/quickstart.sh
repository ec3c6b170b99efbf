#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Quick start: install the dependencies, configure and build libipt in
# ./build, and run the walkthrough example.
#
#   bash scripts/quickstart.sh [MESON SETUP OPTIONS...]
#
# Options are passed to `meson setup`, e.g. `-Dwerror=true`.  An existing
# ./build is reconfigured with them.  Then run the tests with
#
#   meson test -C build --print-errorlogs
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n-- quickstart: %s\n' "$*"; }

step "Installing dependencies"
bash scripts/install-deps.sh

if [ -f build/meson-private/coredata.dat ]; then
    step "Reconfiguring build/"
    meson setup --reconfigure build "$@"
else
    step "Configuring build/"
    meson setup build "$@"
fi

step "Building"
meson compile -C build

step "Running build/examples/course-walkthrough"
./build/examples/course-walkthrough

step "Done. Run the tests with: meson test -C build --print-errorlogs"
