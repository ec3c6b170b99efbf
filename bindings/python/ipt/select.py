# SPDX-License-Identifier: MIT
"""Technique selection (ipt-select.h)."""

import collections
import ctypes
import dataclasses
import weakref

from . import _lib
from ._lib import lib
from .catalog import techniques_mask
from .enums import (Area, DisputeStage, SelectFlag, SelectReason, State,
                    Technique, WeightColumn)
from .errors import check
from .profile import _areas_mask

Suggestion = collections.namedtuple("Suggestion",
                                    "technique score reasons explanation")


@dataclasses.dataclass
class SelectContext:
    """What technique selection knows about the moment (struct
    ipt_select_context)."""

    phase: State = State.INITIAL
    focus: frozenset = frozenset()
    dispute_stage: object = None
    session: int = 1
    sessions_remaining: int = 0
    flags: int = 0
    recent_techniques: frozenset = frozenset()

    @classmethod
    def from_struct(cls, ctx, flags=0, recent_techniques=()):
        from .profile import areas_from_mask
        from .catalog import techniques_from_mask
        return cls(State(ctx.phase), frozenset(areas_from_mask(ctx.focus)),
                   DisputeStage(ctx.dispute_stage) if ctx.dispute_stage
                   else None, ctx.session, ctx.sessions_remaining,
                   ctx.flags | int(flags),
                   frozenset(techniques_from_mask(ctx.recent_techniques)) |
                   frozenset(recent_techniques))

    def to_struct(self):
        ctx = _lib.SelectContext()
        ctx.size = ctypes.sizeof(ctx)
        ctx.phase = int(self.phase)
        ctx.focus = _areas_mask(self.focus)
        ctx.dispute_stage = int(self.dispute_stage or 0)
        ctx.session = self.session
        ctx.sessions_remaining = self.sessions_remaining
        flags = self.flags
        if not isinstance(flags, int):
            mask = 0
            for f in flags:
                mask |= int(SelectFlag[f.upper()] if isinstance(f, str)
                            else f)
            flags = mask
        ctx.flags = flags
        ctx.recent_techniques = techniques_mask(self.recent_techniques)
        return ctx


class Weights:
    """A technique weight table; ``Weights()`` copies libipt's default.
    Released with ipt_weights_free() when collected."""

    def __init__(self, copy_from=None):
        out = ctypes.c_void_p()
        src = copy_from._ptr if copy_from is not None else None
        check(lib.ipt_weights_new(src, None, ctypes.byref(out)), "weights")
        self._ptr = ctypes.c_void_p(out.value)
        self._finalizer = weakref.finalize(self, lib.ipt_weights_free,
                                           out.value)

    def __getitem__(self, key):
        technique, column = key
        out = ctypes.c_uint32()
        check(lib.ipt_weights_get(self._ptr, int(technique), int(column),
                                  ctypes.byref(out)))
        return out.value

    def __setitem__(self, key, weight):
        technique, column = key
        check(lib.ipt_weights_set(self._ptr, int(technique), int(column),
                                  weight))


def explain(suggestion_struct):
    return _lib.call_buffer(lib.ipt_suggestion_explain,
                            ctypes.byref(suggestion_struct), initial=512)


def select_techniques(context, weights=None, limit=None):
    """Rank techniques for @p context (a SelectContext), best first."""
    ctx = context.to_struct() if isinstance(context, SelectContext) \
        else context
    wptr = weights._ptr if weights is not None else None
    count = ctypes.c_uint32()
    check(lib.ipt_select_techniques(wptr, ctypes.byref(ctx), None, 0,
                                    ctypes.byref(count)), "select")
    n = count.value if limit is None else min(limit, count.value)
    arr = (_lib.Suggestion * max(n, 1))()
    check(lib.ipt_select_techniques(wptr, ctypes.byref(ctx), arr, n,
                                    ctypes.byref(count)), "select")
    result = []
    for s in arr[:n]:
        reasons = {r for r in SelectReason if s.reasons & (1 << int(r))}
        result.append(Suggestion(Technique(s.technique), s.score, reasons,
                                 explain(s)))
    return result
