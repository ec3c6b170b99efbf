# SPDX-License-Identifier: MIT
"""The cohort simulation (ipt-sim.h).

:func:`simulate` runs ipt_sim_run() in the library (on its worker threads)
and returns the aggregates as the dict that ipt_sim_totals_json() writes,
the same JSON the ipt-sim tool prints.  Per-patient results and per-session
trajectories arrive through the library's sink, from one thread at a time
and in patient order; they can be written as the CSV files of ipt-sim, or
handed to Python callables.
"""

import ctypes
import json

from . import _lib
from ._lib import lib
from .enums import Area, SimModel, State, Status
from .errors import check
from .profile import as_profile

PATIENT_FIELDS = ("patient", "problem_area", "baseline", "sessions_attended",
                  "dropout_phase", "final_score", "responder", "remitter")
SESSION_FIELDS = ("patient", "session", "phase", "score")

COHORT_V1_PARAMS = [f for f, _ in _lib.CohortV1Params._fields_
                    if f not in ("size", "reserved")]


def format_double(x):
    """The shortest of %.15g, %.16g, %.17g that reads back as @p x, as
    ipt-sim writes scores."""
    for digits in (15, 16, 17):
        s = "%.*g" % (digits, x)
        if float(s) == x:
            return s
    return s


def cohort_v1_defaults():
    p = _lib.CohortV1Params()
    check(lib.ipt_cohort_v1_defaults(ctypes.byref(p)))
    return {f: (list(getattr(p, f)) if f in ("dropout", "area_bounds",
                                             "base_rate")
                else getattr(p, f)) for f in COHORT_V1_PARAMS}


def _names(cls):
    return {int(m): m.ipt_name for m in cls}


class _Sink:
    """Turns sink blocks into CSV rows and Python calls; remembers the
    first exception so that it never crosses into C."""

    def __init__(self, patients_csv, trajectories, on_patients,
                 on_sessions):
        self.files = []
        self.error = None
        self.areas = _names(Area)
        self.states = _names(State)
        self.pfile = self._open(patients_csv, PATIENT_FIELDS)
        self.tfile = self._open(trajectories, SESSION_FIELDS)
        self.on_patients = on_patients
        self.on_sessions = on_sessions

    def _open(self, path, header):
        if path is None:
            return None
        f = open(path, "w", encoding="utf-8", newline="")
        self.files.append(f)
        f.write(",".join(header) + "\n")
        return f

    def close(self):
        for f in self.files:
            f.close()

    def patients(self, _user, results, count):
        try:
            block = results[:count]
            if self.pfile is not None:
                areas, states = self.areas, self.states
                self.pfile.write("".join(
                    "%d,%s,%d,%d,%s,%d,%d,%d\n" % (
                        r.patient, areas.get(r.area, "unknown"), r.baseline,
                        r.attended,
                        states.get(r.dropout_phase, "unknown")
                        if r.dropout_phase else "",
                        r.final_score, r.responder, r.remitter)
                    for r in block))
            if self.on_patients is not None:
                self.on_patients([{
                    "patient": r.patient, "area": Area(r.area),
                    "baseline": r.baseline, "attended": r.attended,
                    "dropout_phase": State(r.dropout_phase)
                    if r.dropout_phase else None,
                    "final_score": r.final_score,
                    "responder": bool(r.responder),
                    "remitter": bool(r.remitter)} for r in block])
            return Status.OK
        except BaseException as exc:     # never let it cross into C
            self.error = exc
            return Status.CANCELLED

    def sessions(self, _user, points, count):
        try:
            block = points[:count]
            if self.tfile is not None:
                states = self.states
                self.tfile.write("".join(
                    "%d,%d,%s,%s\n" % (p.patient, p.session,
                                       states.get(p.phase, "unknown"),
                                       format_double(p.score))
                    for p in block))
            if self.on_sessions is not None:
                self.on_sessions([(p.patient, p.session, State(p.phase),
                                   p.score) for p in block])
            return Status.OK
        except BaseException as exc:
            self.error = exc
            return Status.CANCELLED


def simulate(model="cohort-v1", patients=1000, seed=0, threads=0,
             profile="standard", patients_csv=None, trajectories=None,
             on_patients=None, on_sessions=None, progress=None, **params):
    """Run a simulation in libipt and return the aggregates as a dict.

    @p params override cohort-v1's parameters (see cohort_v1_defaults()).
    @p patients_csv and @p trajectories are paths of CSV files written as
    ipt-sim writes them.  @p on_patients receives lists of per-patient
    dicts, @p on_sessions lists of (patient, session, phase, score),
    @p progress ``(done, total)`` and may return True to cancel.  An
    exception raised by any of them stops the run and is re-raised here.
    """
    model_enum = SimModel.from_name(model) if isinstance(model, str) \
        else SimModel(model)
    if model_enum != SimModel.COHORT_V1:
        raise ValueError("only cohort-v1 can be run from Python")
    prof = as_profile(profile)
    cohort = _lib.CohortV1Params()
    check(lib.ipt_cohort_v1_defaults(ctypes.byref(cohort)))
    for key, value in params.items():
        if key not in COHORT_V1_PARAMS:
            raise TypeError("unknown cohort-v1 parameter %r" % key)
        if isinstance(value, (list, tuple)):
            arr = getattr(cohort, key)
            if len(value) != len(arr):
                raise ValueError("%s needs %d values" % (key, len(arr)))
            for i, v in enumerate(value):
                arr[i] = v
        else:
            setattr(cohort, key, value)

    cfg = _lib.SimConfig()
    cfg.size = ctypes.sizeof(cfg)
    cfg.model = int(model_enum)
    cfg.seed = seed
    cfg.threads = threads
    cfg.patients = patients
    cfg.profile = prof._ptr
    cfg.cohort_v1 = ctypes.pointer(cohort)

    sink = _Sink(patients_csv, trajectories, on_patients, on_sessions)
    keep = []                         # CFUNCTYPE objects live for the call
    try:
        if (patients_csv or trajectories or on_patients or on_sessions):
            s = _lib.SimSink()
            s.size = ctypes.sizeof(s)
            if patients_csv or on_patients:
                s.patients = _lib.SINK_PATIENTS_FN(sink.patients)
            if trajectories or on_sessions:
                s.sessions = _lib.SINK_SESSIONS_FN(sink.sessions)
            keep.append(s)
            cfg.sink = ctypes.pointer(s)
        if progress is not None:
            def prog(_user, done, total):
                try:
                    return 1 if progress(done, total) else 0
                except BaseException as exc:
                    sink.error = exc
                    return 1
            cfn = _lib.PROGRESS_FN(prog)
            keep.append(cfn)
            cfg.progress = cfn
        totals = _lib.SimTotals()
        msg = ctypes.create_string_buffer(512)
        st = lib.ipt_sim_run(ctypes.byref(cfg), ctypes.byref(totals), msg,
                             len(msg))
    finally:
        sink.close()
    if sink.error is not None:
        raise sink.error
    check(st, "simulation", msg.value.decode("utf-8"))
    text = _lib.call_buffer(lib.ipt_sim_totals_json,
                            _lib.encode(model_enum.ipt_name), seed,
                            ctypes.byref(totals))
    return json.loads(text)


def totals_json(model, seed, totals):
    """ipt_sim_totals_json() for a SimTotals struct (the exact text)."""
    return _lib.call_buffer(lib.ipt_sim_totals_json, _lib.encode(model),
                            seed, ctypes.byref(totals))


class Rng:
    """A patient's random stream (struct ipt_rng), as the engine seeds it."""

    def __init__(self, seed, patient):
        self._s = _lib.Rng()
        check(lib.ipt_rng_seed_patient(ctypes.byref(self._s), seed, patient))

    def next(self):
        return lib.ipt_rng_next(ctypes.byref(self._s))

    def uniform(self):
        return lib.ipt_rng_uniform(ctypes.byref(self._s))


def cell_seed(seed, cell):
    return lib.ipt_sim_cell_seed(seed, cell)
