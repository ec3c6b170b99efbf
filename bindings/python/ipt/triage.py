# SPDX-License-Identifier: MIT
"""Problem-area triage from an interpersonal inventory (ipt-triage.h)."""

import collections
import ctypes
import dataclasses
import datetime

from . import _lib
from ._lib import lib
from .enums import (Area, Change, DisputeStage, LifeEventType, Reciprocity,
                    Relationship, TriageReason, TriageVerdict)
from .errors import check
from .profile import as_profile

Candidate = collections.namedtuple("Candidate",
                                   "area score reasons suggested_stage")
TriageResult = collections.namedtuple("TriageResult",
                                      "verdict candidates message")


def _enum(cls, v):
    return cls.from_name(v) if isinstance(v, str) else cls(v)


@dataclasses.dataclass
class Person:
    """A person of the interpersonal inventory (struct ipt_person); the
    ratings are 0 to 4."""

    relationship: object
    closeness: int = 0
    contact: int = 0
    support: int = 0
    conflict: int = 0
    reciprocity: object = Reciprocity.UNKNOWN
    change: object = Change.UNKNOWN


@dataclasses.dataclass
class LifeEvent:
    """A life event (struct ipt_life_event); @p person indexes the
    inventory's people, or -1."""

    type: object
    date: datetime.date
    person: int = -1


def _date(d):
    return _lib.Date(d.year, d.month, d.day)


def triage(people, events, onset, profile="standard"):
    """Rank the problem areas the inventory points to."""
    people, events = list(people), list(events)
    parr = (_lib.Person * max(len(people), 1))()
    for i, p in enumerate(people):
        parr[i] = _lib.Person(int(_enum(Relationship, p.relationship)),
                              p.closeness, p.contact, p.support, p.conflict,
                              int(_enum(Reciprocity, p.reciprocity)),
                              int(_enum(Change, p.change)), 0)
    earr = (_lib.LifeEvent * max(len(events), 1))()
    for i, e in enumerate(events):
        earr[i] = _lib.LifeEvent(int(_enum(LifeEventType, e.type)), e.person,
                                 _date(e.date), 0)
    inv = _lib.Inventory()
    inv.size = ctypes.sizeof(inv)
    inv.person_count = len(people)
    inv.people = parr
    inv.event_count = len(events)
    inv.events = earr
    inv.onset = _date(onset)
    res = _lib.TriageResult()
    res.size = ctypes.sizeof(res)
    check(lib.ipt_triage(as_profile(profile)._ptr, ctypes.byref(inv),
                         ctypes.byref(res)), "triage",
          res.message.decode("utf-8", "replace"))
    cands = []
    for c in res.candidates[:res.count]:
        cands.append(Candidate(
            Area(c.area), c.score,
            {r for r in TriageReason if c.reasons & (1 << int(r))},
            DisputeStage(c.suggested_stage) if c.suggested_stage else None))
    return TriageResult(TriageVerdict(res.verdict), cands,
                        res.message.decode("utf-8"))
