#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Writes the ABI baseline of libipt-therapy (abi/libipt-therapy.abi) from a
# build directory, with libabigail's abidw.  Run it deliberately, after an
# intended ABI change (new symbols, in the same commit as the change to the
# version script); the abidiff test compares every build against it.
#
#   bash scripts/update-abi-baseline.sh [BUILD_DIR]     (default: build)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
lib=$(find "$build/lib" -maxdepth 1 -name 'libipt-therapy.so.*.*.*' | head -n 1)
if [ -z "$lib" ]; then
    echo "update-abi-baseline: no libipt-therapy.so in $build/lib" >&2
    exit 1
fi
abidw --headers-dir include/ipt --headers-dir "$build/include/ipt" \
    --no-corpus-path --out-file abi/libipt-therapy.abi "$lib"
echo "update-abi-baseline: wrote abi/libipt-therapy.abi from $lib"
