#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Simulate a cohort through courses of IPT with libipt's cohort-v1 model
and draw two figures to a PNG: remission by problem area, and the dropout
curve by session.

    IPT_BUILD_DIR=build PYTHONPATH=bindings/python \\
        python3 examples/python/cohort_plots.py [--patients N] [out.png]

Exits 77 (skipped) when matplotlib is not installed (Debian:
python3-matplotlib).
"""
import argparse
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed (python3-matplotlib); skipping")
    sys.exit(77)

import ipt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output", nargs="?", default="cohort.png")
    ap.add_argument("--patients", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    # Per-patient results arrive in blocks, in patient order, from the
    # library's sink; keep only what the dropout curve needs.
    attended = []     # sessions attended by each patient who dropped out
    planned = ipt.Profile.builtin("standard").params["planned_sessions"]

    def on_patients(rows):
        attended.extend(r["attended"] for r in rows
                        if r["dropout_phase"] is not None)

    totals = ipt.simulate(model="cohort-v1", patients=args.patients,
                          seed=args.seed, profile="standard",
                          on_patients=on_patients)
    n = totals["patients"]

    # Remission by problem area, from the aggregates.
    areas = list(totals["by_area"])
    rates = [100.0 * a["remitters"] / a["patients"] if a["patients"] else 0
             for a in totals["by_area"].values()]
    labels = [ipt.Profile.builtin("standard").area_label(
        ipt.Area.from_name(a)) for a in areas]

    # Dropout curve: share of the cohort that has dropped out before each
    # session (a patient who attended k sessions dropped out before k + 1).
    sessions = list(range(1, planned + 1))
    dropped_before = [0] * (planned + 2)
    for k in attended:
        dropped_before[k + 1] += 1
    cumulative, total = [], 0
    for s in sessions:
        total += dropped_before[s]
        cumulative.append(100.0 * total / n)

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    bars = left.bar(labels, rates, color="#4C72B0")
    left.bar_label(bars, fmt="%.1f%%")
    left.set_ylabel("remission (PHQ-9 < 5), % of patients")
    left.set_title("Remission by problem area")
    left.tick_params(axis="x", labelrotation=15)
    right.step(sessions, cumulative, where="mid", color="#C44E52")
    right.set_xlabel("session")
    right.set_ylabel("dropped out before the session, % of cohort")
    right.set_title("Dropout by session")
    right.set_xticks(sessions)
    right.set_ylim(bottom=0)
    fig.suptitle("cohort-v1, %d patients, seed %d, standard IPT "
                 "(libipt %s)" % (n, args.seed, ipt.version()))
    fig.tight_layout()
    fig.savefig(args.output, dpi=100)
    print("%s: remission %.1f%%, completed %.1f%%" % (
        args.output, 100.0 * totals["remitters"] / n,
        100.0 * totals["completed"] / n))


if __name__ == "__main__":
    main()
