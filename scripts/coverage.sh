#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The coverage gate of libipt.  Builds the library and its tests with gcc
# and gcov instrumentation in build-cov (-Db_coverage=true
# --buildtype=debug), runs the whole meson suite, and measures lib/ with
# gcovr.  The gate:
#
#   - all of lib/:            line >= 95 %, branch >= 90 %
#   - the course machine, persistence and scoring modules (CORE_FILES
#     below):                 line = 100 % each
#
# Branches are counted with --exclude-unreachable-branches and
# --exclude-throw-branches.  Lines and branches that no test can reach are
# marked in the source with GCOVR_EXCL_LINE, GCOVR_EXCL_START/STOP or
# GCOVR_EXCL_BR_LINE, each with the reason on the marker's line
# ("GCOVR_EXCL_START: defensive: ..."); a marker without one fails the
# gate, and the table lists them all.
#
# Output:
#   build-cov/coverage.txt          the table printed below (file, lines %,
#                                   branches %), and the verdict
#   build-cov/coverage/index.html   the HTML report, one page per file
#   build-cov/coverage.json         gcovr's JSON summary
#
# Exits 0 when every threshold is met, 1 when one is missed (each miss is
# named, with its file), and other non-zero codes when the build or the test
# suite fails.  Needs gcc, meson, ninja, cmocka and gcovr
# (scripts/install-deps.sh installs them).
#
#   bash scripts/coverage.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

LINE_MIN=95
BRANCH_MIN=90
CORE_FILES=(
    lib/course.c
    lib/machine.c
    lib/store-json.c
    lib/io.c
    lib/measure.c
    lib/srm.c
    lib/record.c
)

builddir=build-cov

for tool in gcc gcov gcovr meson ninja python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "coverage: $tool not found (bash scripts/install-deps.sh)" >&2
        exit 2
    fi
done

# gcov reads only what gcc writes: the build must use gcc, whatever CC says.
options=(-Db_coverage=true --buildtype=debug -Dtests=enabled -Ddocs=disabled)
if [ -f "$builddir/meson-private/coredata.dat" ]; then
    CC=gcc meson setup --reconfigure "$builddir" "${options[@]}"
else
    CC=gcc meson setup "$builddir" "${options[@]}"
fi
compiler_id=$(sed -n -E \
    's/^C compiler for the host machine: [^ ]+ \(([a-z]+) .*/\1/p' \
    "$builddir/meson-logs/meson-log.txt" | head -n 1)
if [ "$compiler_id" != gcc ]; then
    echo "coverage: $builddir is configured with ${compiler_id:-an unknown" \
        "compiler}, not gcc; remove $builddir and run again" >&2
    exit 2
fi
meson compile -C "$builddir"

# Counters from an earlier run would add to this one.
find "$builddir" -name '*.gcda' -delete

meson test -C "$builddir" --print-errorlogs

mkdir -p "$builddir/coverage"
gcovr_rc=0
gcovr --root . --filter 'lib/' \
    --exclude-unreachable-branches --exclude-throw-branches \
    --fail-under-line "$LINE_MIN" --fail-under-branch "$BRANCH_MIN" \
    --json-summary "$builddir/coverage.json" \
    --html-details "$builddir/coverage/index.html" \
    --html-title 'libipt: coverage of lib/' \
    "$builddir" || gcovr_rc=$?
# 2, 4 and 6 are gcovr's "under the line / branch threshold" codes, which
# the table below explains; anything else means gcovr itself failed.
case $gcovr_rc in
    0 | 2 | 4 | 6) ;;
    *) echo "coverage: gcovr failed (exit $gcovr_rc)" >&2; exit "$gcovr_rc" ;;
esac

gate_rc=0
python3 - "$builddir/coverage.json" "$builddir/coverage.txt" \
    "$LINE_MIN" "$BRANCH_MIN" "$gcovr_rc" "${CORE_FILES[@]}" <<'EOF' ||
import glob
import json
import re
import sys

summary_path, table_path = sys.argv[1], sys.argv[2]
line_min, branch_min = float(sys.argv[3]), float(sys.argv[4])
gcovr_rc = int(sys.argv[5])
core = sys.argv[6:]

with open(summary_path) as f:
    summary = json.load(f)
files = {entry["filename"]: entry for entry in summary["files"]}


def percent(covered, total):
    # Exact, not rounded: 99.96 % must not pass as 100 %.
    return 100.0 * covered / total if total else 100.0


def row(name, lc, lt, bc, bt, mark):
    branches = ("%6.1f %%  %5d/%-5d" % (percent(bc, bt), bc, bt)
                if bt else "     -            ")
    return "%-24s %6.1f %%  %5d/%-5d  %s  %s" % (
        name, percent(lc, lt), lc, lt, branches, mark)


out = []
out.append("%-24s %8s  %11s  %8s  %11s" % (
    "file", "lines", "", "branches", ""))
out.append("-" * 72)
failures = []
for name in sorted(files):
    e = files[name]
    mark = ""
    if name in core:
        mark = "core"
        if e["line_covered"] != e["line_total"]:
            mark = "core: FAIL"
            failures.append("%s: line coverage %.2f %% (%d of %d lines), "
                            "the gate is 100 %%" % (
                                name, percent(e["line_covered"],
                                              e["line_total"]),
                                e["line_covered"], e["line_total"]))
    out.append(row(name, e["line_covered"], e["line_total"],
                   e["branch_covered"], e["branch_total"], mark))
for name in core:
    if name not in files:
        failures.append("%s: no coverage data (not built or never run)"
                        % name)
out.append("-" * 72)
lc, lt = summary["line_covered"], summary["line_total"]
bc, bt = summary["branch_covered"], summary["branch_total"]
out.append(row("TOTAL (lib/)", lc, lt, bc, bt, ""))
if percent(lc, lt) < line_min or gcovr_rc & 2:
    failures.append("lib/ overall: line coverage %.2f %%, the gate is %g %%"
                    % (percent(lc, lt), line_min))
if percent(bc, bt) < branch_min or gcovr_rc & 4:
    failures.append("lib/ overall: branch coverage %.2f %%, the gate is "
                    "%g %%" % (percent(bc, bt), branch_min))
# Every exclusion marker but STOP carries its reason: on the same line
# ("GCOVR_EXCL_START: defensive: ..."), or in the comment that ends just
# above it or above the run of marked lines it belongs to.
marker = re.compile(r"\b(?:GCOVR|LCOV)_EXCL_(LINE|START|STOP|BR_LINE|"
                    r"BR_START|BR_STOP)\b(.*)")


def comment_above(lines, index):
    """The text of the comment block that ends right above lines[index],
    after skipping the marked lines just above it; '' when there is none."""
    i = index - 1
    while i >= 0 and marker.search(lines[i]):
        i -= 1
    if i < 0 or not lines[i].rstrip().endswith("*/") or \
            not lines[i].lstrip().startswith(("/*", "*")):
        return ""
    text = []
    while i >= 0:
        text.insert(0, lines[i].strip())
        if lines[i].lstrip().startswith("/*"):
            break
        i -= 1
    words = re.sub(r"/\*+|\*+/|(^|\s)\*(\s|$)", " ", " ".join(text))
    return " ".join(words.split())


exclusions = []
for path in sorted(glob.glob("lib/*.[ch]")):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for number, line in enumerate(lines, 1):
        m = marker.search(line)
        if m is None or m.group(1).endswith("STOP"):
            continue
        reason = m.group(2).strip().lstrip(":").strip()
        reason = reason.replace("*/", "").strip()
        if len(reason) < 10 or reason.startswith("see above"):
            reason = comment_above(lines, number - 1) or reason
        exclusions.append("%s:%d: %s %s" % (path, number, m.group(1),
                                            reason[:70]))
        if len(reason) < 10:
            failures.append("%s:%d: exclusion without a reason on its line "
                            "or in the comment above it" % (path, number))
out.append("")
out.append("exclusions in lib/ (%d), with the start of each reason:"
           % len(exclusions))
out.extend("  " + e for e in exclusions)
out.append("")
out.append("gate: lib/ line >= %g %%, branch >= %g %%; line = 100 %% in %s"
           % (line_min, branch_min, ", ".join(core)))
if failures:
    out.append("coverage gate FAILED:")
    out.extend("  " + f for f in failures)
else:
    out.append("coverage gate passed")

text = "\n".join(out) + "\n"
with open(table_path, "w") as f:
    f.write(text)
sys.stdout.write(text)
sys.exit(1 if failures else 0)
EOF
    gate_rc=$?
echo "coverage: table in $builddir/coverage.txt," \
    "HTML report in $builddir/coverage/index.html"
exit "$gate_rc"
