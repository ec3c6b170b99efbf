#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Static analysis of libipt: clang-tidy (the checks of .clang-tidy) and
# cppcheck over lib/, tools/, fuzz/ and bench/, with the compiler flags of a
# meson build directory's compile_commands.json.  Exits non-zero on any
# finding of either tool; a deliberate exception is marked in the code
# (`NOLINT(check): reason`, `cppcheck-suppress id` after its reason).
#
#   bash scripts/run-static-analysis.sh [BUILD_DIR]     (default build-static)
#
# A missing BUILD_DIR is configured first (debug, no tests, no docs: only
# its compile_commands.json and generated headers are used, nothing is
# compiled).  Runs two jobs at a time (JOBS overrides it) and prints the
# time each tool took.  Needs clang-tidy 14 and cppcheck 2.10 or later
# (Debian packages clang-tidy, cppcheck; scripts/install-deps.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=${1:-build-static}
jobs=${JOBS:-2}
dirs=(lib tools fuzz bench)

for tool in clang-tidy cppcheck python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-static-analysis: $tool not found;" \
            "run bash scripts/install-deps.sh" >&2
        exit 2
    fi
done

if [ ! -f "$build/compile_commands.json" ]; then
    meson setup "$build" --buildtype=debug -Dtests=disabled -Ddocs=disabled \
        >/dev/null
fi
db=$build/compile_commands.json

# The translation units of ${dirs[@]} in the database, once each.
mapfile -t files < <(python3 - "$db" "$PWD" "${dirs[@]}" <<'EOF'
import json, os, sys

db, root, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
seen = set()
for entry in json.load(open(db)):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if rel.split(os.sep)[0] in dirs and rel.endswith(".c") and rel not in seen:
        seen.add(rel)
        print(rel)
EOF
)
if [ ${#files[@]} -eq 0 ]; then
    echo "run-static-analysis: no file of ${dirs[*]} in $db" >&2
    exit 2
fi

status=0
start=$SECONDS

# --- clang-tidy ---------------------------------------------------------------
# One clang-tidy process per file: some analyzer checks carry state from
# one file to the next inside a single process.
printf '==> clang-tidy %s: %d files, %d jobs\n' \
    "$(clang-tidy --version | sed -n 's/.*LLVM version \([0-9.]*\).*/\1/p')" \
    ${#files[@]} "$jobs"
tidy_log=$build/clang-tidy.log
tidy_rc=0
if command -v run-clang-tidy >/dev/null 2>&1; then
    regex="^$(printf '%s' "$PWD" | sed 's/[][\.*^$+?(){}|]/\\&/g')/($(
        IFS='|'; echo "${dirs[*]}"))/[^/]*\.c$"
    run-clang-tidy -quiet -j "$jobs" -p "$build" "$regex" \
        >"$tidy_log.color" 2>&1 || tidy_rc=$?
else
    printf '%s\n' "${files[@]}" |
        xargs -P "$jobs" -n 1 clang-tidy --quiet -p "$build" \
        >"$tidy_log.color" 2>&1 || tidy_rc=$?
fi
# run-clang-tidy always asks for colours.
sed 's/\x1b\[[0-9;]*m//g' "$tidy_log.color" >"$tidy_log"
rm -f "$tidy_log.color"
# The findings, without the progress and "N warnings generated" lines.
grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error): |^ ' "$tidy_log" |
    grep -vE '^ *[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' || true
findings=$(grep -cE ':[0-9]+:[0-9]+: (warning|error): ' "$tidy_log" || true)
tidy_time=$((SECONDS - start))
if [ "$tidy_rc" -ne 0 ] || [ "$findings" -ne 0 ]; then
    printf 'clang-tidy: FAILED, %d findings (exit %d); log in %s\n' \
        "$findings" "$tidy_rc" "$tidy_log"
    status=1
else
    printf 'clang-tidy: clean, %d files in %ds\n' ${#files[@]} "$tidy_time"
fi

# --- cppcheck -----------------------------------------------------------------
step=$SECONDS
printf '==> %s: %s, %d jobs\n' "$(cppcheck --version)" "${dirs[*]}" "$jobs"
mkdir -p "$build/cppcheck"
filters=()
for dir in "${dirs[@]}"; do
    filters+=("--file-filter=$dir/*")
done
cppcheck_rc=0
cppcheck --project="$db" "${filters[@]}" \
    --enable=warning,style,performance,portability \
    --inline-suppr --error-exitcode=1 --quiet -j "$jobs" \
    --cppcheck-build-dir="$build/cppcheck" \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
    || cppcheck_rc=$?
cppcheck_time=$((SECONDS - step))
if [ "$cppcheck_rc" -ne 0 ]; then
    printf 'cppcheck: FAILED (exit %d)\n' "$cppcheck_rc"
    status=1
else
    printf 'cppcheck: clean in %ds\n' "$cppcheck_time"
fi

printf 'run-static-analysis: %s in %ds (clang-tidy %ds, cppcheck %ds)\n' \
    "$([ "$status" -eq 0 ] && echo clean || echo FAILED)" \
    $((SECONDS - start)) "$tidy_time" "$cppcheck_time"
exit "$status"
