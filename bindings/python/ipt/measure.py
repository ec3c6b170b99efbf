# SPDX-License-Identifier: MIT
"""Measures, bands, outcomes and the Social Rhythm Metric (ipt-measure.h)."""

import collections
import ctypes

from . import _lib
from ._lib import lib
from .enums import Band, HamdBanding, MeasureFlag, MeasureKind, OutcomeFlag
from .errors import check

Score = collections.namedtuple("Score",
                               "kind total band flags difficulty message")
Outcome = collections.namedtuple(
    "Outcome", "kind count baseline_session baseline latest_session latest "
    "change reduction_permille flags response remission")
SrmScore = collections.namedtuple(
    "SrmScore", "hits activities_counted regularity activity_level counted "
    "habitual activity_hits")

OUTCOME_FIELDS = [f for f, _ in _lib.OutcomeParams._fields_
                  if f not in ("size", "reserved")]


def _kind(kind):
    return MeasureKind.from_name(kind) if isinstance(kind, str) \
        else MeasureKind(kind)


def _measure_struct(kind, items=None, total=None):
    m = _lib.Measure()
    m.kind = int(_kind(kind))
    if items is not None:
        items = list(items)
        if len(items) > _lib.MEASURE_ITEMS_MAX:
            raise ValueError("at most %d items" % _lib.MEASURE_ITEMS_MAX)
        m.item_count = len(items)
        for i, v in enumerate(items):
            m.items[i] = v
        m.total = sum(items) if total is None else total
    else:
        if total is None:
            raise ValueError("give the items or the total")
        m.total = total
    return m


def score(kind, items=None, total=None, banding=HamdBanding.CLINICAL):
    """Score a PHQ-9, HAM-D-17 or GAD-7 (ipt_measure_score())."""
    m = _measure_struct(kind, items, total)
    out = _lib.MeasureScore()
    msg = ctypes.create_string_buffer(256)
    st = lib.ipt_measure_score(ctypes.byref(m), int(banding),
                               ctypes.byref(out), msg, len(msg))
    check(st, "measure", msg.value.decode("utf-8"))
    return Score(MeasureKind(out.kind), out.total, Band(out.band),
                 MeasureFlag(out.flags), out.difficulty,
                 msg.value.decode("utf-8"))


def _band(fn, *args):
    out = ctypes.c_int(0)
    check(fn(*args, ctypes.byref(out)))
    return Band(out.value)


def phq9_band(total):
    return _band(lib.ipt_phq9_band, total)


def gad7_band(total):
    return _band(lib.ipt_gad7_band, total)


def hamd17_band(total, banding=HamdBanding.CLINICAL):
    return _band(lib.ipt_hamd17_band, total, int(banding))


def item_max(kind, item):
    out = ctypes.c_uint32()
    check(lib.ipt_measure_item_max(int(_kind(kind)), item, ctypes.byref(out)))
    return out.value


def outcome_params_default():
    p = _lib.OutcomeParams()
    check(lib.ipt_outcome_params_default(ctypes.byref(p)))
    return {f: getattr(p, f) for f in OUTCOME_FIELDS}


def _outcome_params(overrides):
    p = _lib.OutcomeParams()
    check(lib.ipt_outcome_params_default(ctypes.byref(p)))
    for k, v in overrides.items():
        if k not in OUTCOME_FIELDS:
            raise TypeError("unknown outcome parameter %r" % k)
        setattr(p, k, v)
    return p


def _outcome_from(o):
    flags = OutcomeFlag(o.flags)
    return Outcome(MeasureKind(o.kind), o.count, o.baseline_session,
                   o.baseline, o.latest_session, o.latest, o.change,
                   o.reduction_permille, flags,
                   bool(flags & OutcomeFlag.RESPONSE),
                   bool(flags & OutcomeFlag.REMISSION))


def outcome(kind, points, **params):
    """Outcome of a series of (session, total) points."""
    points = list(points)
    arr = (_lib.ScorePoint * max(len(points), 1))()
    for i, (session, total) in enumerate(points):
        arr[i].session, arr[i].total = session, total
    p = _outcome_params(params)
    out = _lib.Outcome()
    check(lib.ipt_outcome_compute(int(_kind(kind)), arr, len(points),
                                  ctypes.byref(p), ctypes.byref(out)))
    return _outcome_from(out)


NOT_DONE = -1


def srm5_score(minutes):
    """Score one week of the SRM-5: ``minutes[day][activity - 1]`` is the
    clock time in minutes after midnight, or None / -1 when not done."""
    week = _lib.Srm5Week()
    check(lib.ipt_srm5_week_init(ctypes.byref(week)))
    for d, day in enumerate(minutes):
        for a, v in enumerate(day):
            week.minutes[d][a] = NOT_DONE if v is None else v
    out = _lib.SrmScore()
    msg = ctypes.create_string_buffer(256)
    st = lib.ipt_srm5_score(ctypes.byref(week), ctypes.byref(out), msg,
                            len(msg))
    check(st, "srm5", msg.value.decode("utf-8"))
    return SrmScore(out.hits, out.activities_counted,
                    out.regularity_tenths / 10.0, out.activity_level,
                    out.counted, list(out.habitual), list(out.activity_hits))
