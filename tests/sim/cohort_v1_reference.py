#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent reference implementation of the cohort-v1 simulation model.

Written from the specification (docs: cohort-v1) alone, with the Python
standard library only, so that the C engine can be checked against a second
implementation that shares no code with it.  Every operation follows the
specification literally:

* xoshiro128** on four 32-bit words, every result masked to 32 bits;
* u() = next() * 2**-32, a Python float (an IEEE double, as in C; the
  product is exact);
* score = (score - (r * score)) + noise, two roundings per operation and
  no fused multiply-add (Python never fuses);
* final = math.floor(score + 0.5).

The phase of a session comes from the table of the specification:
initial for s <= 3, middle for 4 <= s <= 12, termination for s >= 13.

usage: cohort_v1_reference.py --seed S --patients N [--patients-csv FILE]

Prints the aggregates as one line of JSON, exactly as json.dumps() writes it
(", " and ": " separators, keys in the specification's order), followed by
a newline.  With --patients-csv, also writes one CSV row per patient.
"""

import argparse
import json
import math
import sys

MASK = 0xFFFFFFFF
GOLDEN = 0x9E3779B9
TWO_POW_MINUS_32 = 2.0 ** -32

PLANNED_SESSIONS = 16
NOISE = 3.0
SCORE_MIN = 0.0
SCORE_MAX = 27.0

# Phases, in the order of the "dropped" object.
INITIAL, MIDDLE, TERMINATION = 0, 1, 2
PHASE_NAMES = ("initial", "middle", "termination")
DROPOUT = (0.04, 0.02, 0.01)

# Problem areas, in the order of the "by_area" object.
AREA_NAMES = ("grief", "role_dispute", "role_transition",
              "interpersonal_deficits")
AREA_BOUNDS = (0.20, 0.55, 0.85)
BASE_RATE = (0.07, 0.06, 0.08, 0.045)


def phase_of(session):
    """Phase of session @session (from 1), by the specification's table."""
    if session <= 3:
        return INITIAL
    if session <= 12:
        return MIDDLE
    return TERMINATION


# The phase of sessions 1..16, looked up once.
SESSION_PHASES = tuple((s, phase_of(s))
                       for s in range(1, PLANNED_SESSIONS + 1))


def fmix32(x):
    """MurmurHash3's 32-bit finaliser."""
    x &= MASK
    x ^= x >> 16
    x = (x * 0x85EBCA6B) & MASK
    x ^= x >> 13
    x = (x * 0xC2B2AE35) & MASK
    x ^= x >> 16
    return x


def seed_patient(seed, patient):
    """The four state words of patient @patient's stream."""
    s = [fmix32(fmix32((seed + (k + 1) * GOLDEN) & MASK) ^ (patient & MASK))
         for k in range(4)]
    if s == [0, 0, 0, 0]:
        s[0] = 1
    return s


def xoshiro128ss(state):
    """Endless xoshiro128** outputs (32-bit integers) from @state."""
    s0, s1, s2, s3 = state
    while True:
        # result = rotl(s1 * 5, 7) * 9
        x = (s1 * 5) & MASK
        result = ((((x << 7) | (x >> 25)) & MASK) * 9) & MASK
        t = (s1 << 9) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 11) | (s3 >> 21)) & MASK
        yield result


def uniforms(state):
    """Endless u() draws: next() * 2**-32, doubles in [0, 1)."""
    for v in xoshiro128ss(state):
        yield v * TWO_POW_MINUS_32


def simulate_patient(seed, patient):
    """Runs one patient; returns (area, baseline, attended, dropout_phase,
    final, responder, remitter), dropout_phase None for a completer."""
    u = uniforms(seed_patient(seed, patient)).__next__

    # 1. baseline
    baseline = 10 + math.floor(u() * 18)
    # 2. area
    ua = u()
    if ua < AREA_BOUNDS[0]:
        area = 0
    elif ua < AREA_BOUNDS[1]:
        area = 1
    elif ua < AREA_BOUNDS[2]:
        area = 2
    else:
        area = 3
    # 3. improvement rate
    r = BASE_RATE[area] * (0.5 + u())
    # 4.
    score = float(baseline)
    attended = 0
    dropout_phase = None
    # 5. the sessions
    for s, phase in SESSION_PHASES:
        if u() < DROPOUT[phase]:
            dropout_phase = phase
            break
        a = u()
        b = u()
        noise = ((a + b) - 1.0) * NOISE
        score = (score - (r * score)) + noise
        if score < SCORE_MIN:
            score = SCORE_MIN
        elif score > SCORE_MAX:
            score = SCORE_MAX
        attended = s
    # 6. and 7.
    final = math.floor(score + 0.5)
    responder = 1 if final * 2 <= baseline else 0
    remitter = 1 if final < 5 else 0
    return area, baseline, attended, dropout_phase, final, responder, \
        remitter


def run(seed, patients, csv_file=None):
    """Simulates @patients patients; returns the aggregate object."""
    completed = 0
    dropped = [0, 0, 0]
    sessions = 0
    responders = 0
    remitters = 0
    final_sum = 0
    area_patients = [0, 0, 0, 0]
    area_remitters = [0, 0, 0, 0]

    if csv_file is not None:
        csv_file.write("patient,problem_area,baseline,sessions_attended,"
                       "dropout_phase,final_score,responder,remitter\n")
    for i in range(patients):
        (area, baseline, attended, dphase, final, responder,
         remitter) = simulate_patient(seed, i)
        if dphase is None:
            completed += 1
        else:
            dropped[dphase] += 1
        sessions += attended
        responders += responder
        remitters += remitter
        final_sum += final
        area_patients[area] += 1
        area_remitters[area] += remitter
        if csv_file is not None:
            csv_file.write("%d,%s,%d,%d,%s,%d,%d,%d\n" % (
                i, AREA_NAMES[area], baseline, attended,
                "" if dphase is None else PHASE_NAMES[dphase],
                final, responder, remitter))

    return {
        "model": "cohort-v1",
        "seed": seed,
        "patients": patients,
        "completed": completed,
        "dropped": {name: dropped[k] for k, name in enumerate(PHASE_NAMES)},
        "sessions_attended": sessions,
        "responders": responders,
        "remitters": remitters,
        "final_score_sum": final_sum,
        "by_area": {name: {"patients": area_patients[k],
                           "remitters": area_remitters[k]}
                    for k, name in enumerate(AREA_NAMES)},
    }


def uint32(text):
    value = int(text, 0)
    if not 0 <= value <= MASK:
        raise argparse.ArgumentTypeError("%s is not a 32-bit unsigned value"
                                         % text)
    return value


def patient_count(text):
    value = int(text, 0)
    if not 1 <= value <= 1 << 32:
        raise argparse.ArgumentTypeError("the patient count must be 1 to "
                                         "2^32")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Reference implementation of cohort-v1.")
    parser.add_argument("--seed", type=uint32, required=True)
    parser.add_argument("--patients", type=patient_count, required=True)
    parser.add_argument("--patients-csv", metavar="FILE",
                        help="also write one CSV row per patient to FILE")
    args = parser.parse_args(argv)

    if args.patients_csv is not None:
        with open(args.patients_csv, "w", encoding="ascii",
                  newline="\n") as f:
            totals = run(args.seed, args.patients, f)
    else:
        totals = run(args.seed, args.patients)
    sys.stdout.write(json.dumps(totals) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
