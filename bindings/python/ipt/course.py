# SPDX-License-Identifier: MIT
"""A course of IPT (ipt-course.h, ipt-record.h, ipt-store.h, ipt-fhir.h,
ipt-fidelity.h and the course half of ipt-select.h)."""

import collections
import ctypes
import os
import weakref

from . import _lib
from ._lib import lib, text
from .enums import (Area, DisputeStage, EndReason, EventType, FhirFlag,
                    FidelityRule, MeasureKind, Rule, Severity, State, Status,
                    Task)
from .errors import check, error_for
from .measure import Outcome, _outcome_params, _outcome_from
from .profile import Profile, _areas_mask, areas_from_mask, as_profile

LogEntry = collections.namedtuple(
    "LogEntry", "type value timestamp areas session state_before state_after "
    "focus_after")
Finding = collections.namedtuple("Finding", "rule severity session message")
SessionInfo = collections.namedtuple(
    "SessionInfo", "session phase techniques areas tasks measures note_bytes "
    "timestamp")
CheckResult = collections.namedtuple("CheckResult", "status rule message")


def _log_entry(e):
    return LogEntry(EventType(e.type), e.value, e.timestamp,
                    areas_from_mask(e.areas), e.session,
                    State(e.state_before), State(e.state_after),
                    areas_from_mask(e.focus_after))


def _tasks_from_mask(mask):
    return {t for t in Task if mask & (1 << int(t))}


def _event(type_, value=0, timestamp=0, areas=0):
    timestamp = 0 if timestamp is None else timestamp
    ev = _lib.Event()
    ev.type = int(EventType(type_) if isinstance(type_, int)
                  else EventType.from_name(type_))
    ev.value = int(value)
    ev.timestamp = int(timestamp)
    ev.areas = areas if isinstance(areas, int) else _areas_mask(areas)
    return ev


class Course:
    """One patient's course of IPT.

    ``Course("standard")`` or ``Course(profile)`` creates a course in
    :attr:`State.NOT_STARTED`; the C course is released with
    ipt_course_free() when the object is collected.  The course copies its
    profile, so the profile object may be collected first.
    """

    def __init__(self, profile="standard", _ptr=None):
        if _ptr is None:
            prof = as_profile(profile)
            out = ctypes.c_void_p()
            check(lib.ipt_course_new(prof._ptr, None, ctypes.byref(out)),
                  "course")
            _ptr = out.value
        self._ptr = ctypes.c_void_p(_ptr)
        self._finalizer = weakref.finalize(self, lib.ipt_course_free, _ptr)
        self._observer = None           # keeps the CFUNCTYPE alive
        self._observer_error = None

    # ---- errors -----------------------------------------------------------

    def _check(self, status, context=None):
        """Raise for a failed mutating call, with the course's message."""
        if self._observer_error is not None:
            exc, self._observer_error = self._observer_error, None
            if status == Status.OK:
                raise exc
        if status != Status.OK:
            msg = text(lib.ipt_course_last_error(self._ptr))
            rule = Rule(lib.ipt_course_last_rule(self._ptr))
            raise error_for(status, msg, context, **(
                {"rule": rule} if status in (Status.GUARD_FAILED,
                                             Status.EVENT_NOT_ALLOWED)
                else {}))

    @property
    def last_error(self):
        return text(lib.ipt_course_last_error(self._ptr))

    @property
    def last_rule(self):
        return Rule(lib.ipt_course_last_rule(self._ptr))

    # ---- events -----------------------------------------------------------

    def _last_timestamp(self):
        count = ctypes.c_uint32()
        check(lib.ipt_course_log_size(self._ptr, ctypes.byref(count), None))
        if count.value == 0:
            return 0
        e = _lib.LogEntry()
        check(lib.ipt_course_log_get(self._ptr, count.value - 1,
                                     ctypes.byref(e)))
        return e.timestamp

    def apply(self, type_, value=0, timestamp=None, areas=0):
        """Apply an event (an :class:`EventType` or its name).  Without a
        @p timestamp the event takes the previous event's (timestamps of
        accepted events never decrease)."""
        if timestamp is None:
            timestamp = self._last_timestamp()
        ev = _event(type_, value, timestamp, areas)
        self._check(lib.ipt_course_apply(self._ptr, ctypes.byref(ev)),
                    EventType(ev.type).ipt_name)
        return self

    def check(self, type_, value=0, timestamp=None, areas=0):
        """Would the event be accepted?  Returns a CheckResult(status,
        rule, message) and never raises for a refusal."""
        if timestamp is None:
            timestamp = self._last_timestamp()
        ev = _event(type_, value, timestamp, areas)
        rule = ctypes.c_int(0)
        msg = ctypes.create_string_buffer(256)
        st = lib.ipt_course_check(self._ptr, ctypes.byref(ev),
                                  ctypes.byref(rule), msg, len(msg))
        return CheckResult(Status(st), Rule(rule.value),
                           msg.value.decode("utf-8"))

    def start(self, timestamp=None):
        return self.apply(EventType.START, timestamp=timestamp)

    def hold_session(self, timestamp=None):
        return self.apply(EventType.HOLD_SESSION, timestamp=timestamp)

    def complete_task(self, task, timestamp=None):
        if isinstance(task, str):
            task = Task.from_name(task)
        return self.apply(EventType.COMPLETE_TASK, int(task), timestamp)

    def choose_focus(self, *areas, timestamp=None):
        areas = [Area.from_name(a) if isinstance(a, str) else a
                 for a in areas]
        return self.apply(EventType.CHOOSE_FOCUS, timestamp=timestamp,
                          areas=_areas_mask(areas))

    def set_dispute_stage(self, stage, timestamp=None):
        if isinstance(stage, str):
            stage = DisputeStage.from_name(stage)
        return self.apply(EventType.SET_DISPUTE_STAGE, int(stage), timestamp)

    def advance_phase(self, timestamp=None):
        return self.apply(EventType.ADVANCE_PHASE, timestamp=timestamp)

    def discontinue(self, reason=EndReason.DROPOUT, timestamp=None):
        if isinstance(reason, str):
            reason = EndReason.from_name(reason)
        return self.apply(EventType.DISCONTINUE, int(reason), timestamp)

    def renegotiate_contract(self, sessions, timestamp=None):
        return self.apply(EventType.RENEGOTIATE_CONTRACT, sessions,
                          timestamp)

    def enter_maintenance(self, timestamp=None):
        return self.apply(EventType.ENTER_MAINTENANCE, timestamp=timestamp)

    def set_observer(self, fn):
        """Call ``fn(course, entry)`` after every accepted event (None
        clears it).  An exception in @p fn is re-raised by the call that
        applied the event (the event stays applied)."""
        if fn is None:
            self._check(lib.ipt_course_set_observer(
                self._ptr, _lib.OBSERVER_FN(), None))
            self._observer = None
            return
        me = weakref.ref(self)

        def trampoline(_course, entry, _user):
            course = me()
            try:
                if course is not None:
                    fn(course, _log_entry(entry.contents))
            except BaseException as exc:    # never let it cross into C
                if course is not None and course._observer_error is None:
                    course._observer_error = exc
        cfn = _lib.OBSERVER_FN(trampoline)
        self._check(lib.ipt_course_set_observer(self._ptr, cfn, None))
        self._observer = cfn

    # ---- state ------------------------------------------------------------

    def _get_enum(self, fn, enum_cls, missing=None):
        out = ctypes.c_int(0)
        st = fn(self._ptr, ctypes.byref(out))
        if st == Status.NOT_AVAILABLE:
            return missing
        check(st)
        return enum_cls(out.value)

    @property
    def state(self):
        return self._get_enum(lib.ipt_course_get_state, State)

    @property
    def next_phase(self):
        """Phase of the next session, or None if none can be held."""
        return self._get_enum(lib.ipt_course_get_next_phase, State)

    @property
    def dispute_stage(self):
        return self._get_enum(lib.ipt_course_get_dispute_stage,
                              DisputeStage)

    @property
    def end_reason(self):
        return self._get_enum(lib.ipt_course_get_end_reason, EndReason)

    @property
    def sessions(self):
        """(held, planned, remaining)."""
        v = [ctypes.c_uint32() for _ in range(3)]
        check(lib.ipt_course_get_sessions(self._ptr, *map(ctypes.byref, v)))
        return tuple(x.value for x in v)

    @property
    def focus(self):
        out = ctypes.c_uint32()
        check(lib.ipt_course_get_focus(self._ptr, ctypes.byref(out)))
        return areas_from_mask(out.value)

    @property
    def tasks(self):
        """(done, missing) as sets of :class:`Task`."""
        done, missing = ctypes.c_uint32(), ctypes.c_uint32()
        check(lib.ipt_course_get_tasks(self._ptr, ctypes.byref(done),
                                       ctypes.byref(missing)))
        return _tasks_from_mask(done.value), _tasks_from_mask(missing.value)

    @property
    def profile(self):
        """The course's own copy of its profile (kept alive with it)."""
        out = ctypes.c_void_p()
        check(lib.ipt_course_get_profile(self._ptr, ctypes.byref(out)))
        return Profile(out.value, owned=False, owner=self)

    @property
    def log(self):
        count, cap = ctypes.c_uint32(), ctypes.c_uint32()
        check(lib.ipt_course_log_size(self._ptr, ctypes.byref(count),
                                      ctypes.byref(cap)))
        entries = []
        e = _lib.LogEntry()
        for i in range(count.value):
            check(lib.ipt_course_log_get(self._ptr, i, ctypes.byref(e)))
            entries.append(_log_entry(e))
        return entries

    @property
    def log_capacity(self):
        cap = ctypes.c_uint32()
        check(lib.ipt_course_log_size(self._ptr, None, ctypes.byref(cap)))
        return cap.value

    def reserve_log(self, capacity):
        self._check(lib.ipt_course_reserve_log(self._ptr, capacity))

    # ---- session records ----------------------------------------------------

    def session(self, number):
        info = _lib.SessionInfo()
        info.size = ctypes.sizeof(info)
        self._check(lib.ipt_course_get_session(self._ptr, number,
                                               ctypes.byref(info)))
        from .catalog import techniques_from_mask
        return SessionInfo(info.session, State(info.phase),
                           techniques_from_mask(info.techniques),
                           areas_from_mask(info.areas),
                           _tasks_from_mask(info.tasks),
                           {k for k in MeasureKind
                            if info.measures & (1 << int(k))},
                           info.note_bytes, info.timestamp)

    def record_techniques(self, session, techniques):
        from .catalog import techniques_mask
        self._check(lib.ipt_course_record_techniques(
            self._ptr, session, techniques_mask(techniques)))

    def record_areas(self, session, areas):
        self._check(lib.ipt_course_record_areas(self._ptr, session,
                                                _areas_mask(areas)))

    def record_measure(self, session, kind, items=None, total=None):
        """Record a PHQ-9, HAM-D-17 or GAD-7 at @p session: the item
        scores, or only the total."""
        from .measure import _measure_struct
        m = _measure_struct(kind, items, total)
        self._check(lib.ipt_course_record_measure(self._ptr, session,
                                                  ctypes.byref(m)))

    def clear_measure(self, session, kind):
        self._check(lib.ipt_course_clear_measure(self._ptr, session,
                                                 int(MeasureKind(kind))))

    def get_measure(self, session, kind):
        """The recorded measure as a dict, or None if none is recorded."""
        m = _lib.Measure()
        st = lib.ipt_course_get_measure(self._ptr, session,
                                        int(MeasureKind(kind)),
                                        ctypes.byref(m))
        if st == Status.NOT_AVAILABLE:
            return None
        self._check(st)
        return {"kind": MeasureKind(m.kind), "total": m.total,
                "items": list(m.items[:m.item_count])}

    def set_note(self, session, note):
        data = _lib.encode(note)
        self._check(lib.ipt_course_set_note(self._ptr, session, data,
                                            len(data)))

    def get_note(self, session):
        ptr, length = ctypes.c_void_p(), ctypes.c_uint64()
        self._check(lib.ipt_course_get_note(self._ptr, session,
                                            ctypes.byref(ptr),
                                            ctypes.byref(length)))
        if not ptr.value:
            return ""
        return ctypes.string_at(ptr.value, length.value).decode("utf-8")

    def outcome(self, kind=MeasureKind.PHQ9, **params):
        out = _lib.Outcome()
        p = _outcome_params(params)
        self._check(lib.ipt_course_outcome(self._ptr, int(MeasureKind(kind)),
                                           ctypes.byref(p),
                                           ctypes.byref(out)))
        return _outcome_from(out)

    # ---- fidelity ---------------------------------------------------------

    def fidelity(self, profile=None):
        """Fidelity findings against @p profile (None: the course's own)."""
        prof = None if profile is None else as_profile(profile)._ptr
        count = ctypes.c_uint32()
        check(lib.ipt_fidelity_check(self._ptr, prof, None, 0,
                                     ctypes.byref(count)))
        arr = (_lib.Finding * max(count.value, 1))()
        check(lib.ipt_fidelity_check(self._ptr, prof, arr, count.value,
                                     ctypes.byref(count)))
        return [Finding(FidelityRule(f.rule), Severity(f.severity),
                        f.session, f.message.decode("utf-8"))
                for f in arr[:count.value]]

    # ---- technique selection ------------------------------------------------

    def select_context(self, flags=0, recent_techniques=()):
        from .select import SelectContext
        ctx = _lib.SelectContext()
        ctx.size = ctypes.sizeof(ctx)
        check(lib.ipt_select_context_from_course(self._ptr,
                                                 ctypes.byref(ctx)),
              "select context")
        return SelectContext.from_struct(ctx, flags=flags,
                                         recent_techniques=recent_techniques)

    def suggest_techniques(self, weights=None, flags=0,
                           recent_techniques=(), limit=None):
        from .select import select_techniques
        return select_techniques(self.select_context(flags,
                                                     recent_techniques),
                                 weights, limit)

    # ---- save, load, export -------------------------------------------------

    def save_json(self):
        """The course document (docs/course-format.md) as a str."""
        return _lib.call_buffer(lib.ipt_course_save_json, self._ptr)

    @classmethod
    def load_json(cls, document):
        data = _lib.encode(document)
        out = ctypes.c_void_p()
        msg = ctypes.create_string_buffer(512)
        st = lib.ipt_course_load_json(data, len(data), None,
                                      ctypes.byref(out), msg, len(msg))
        check(st, "load_json", msg.value.decode("utf-8"))
        return cls(_ptr=out.value)

    def save_file(self, path):
        msg = ctypes.create_string_buffer(512)
        st = lib.ipt_course_save_file(self._ptr, _lib.encode(os.fspath(path)),
                                      None, msg, len(msg))
        check(st, "save_file", msg.value.decode("utf-8"))

    @classmethod
    def load_file(cls, path):
        out = ctypes.c_void_p()
        msg = ctypes.create_string_buffer(512)
        st = lib.ipt_course_load_file(_lib.encode(os.fspath(path)), None,
                                      None, ctypes.byref(out), msg, len(msg))
        check(st, "load_file", msg.value.decode("utf-8"))
        return cls(_ptr=out.value)

    def export_fhir(self, patient_reference, bundle_id=None,
                    unix_seconds=False, include_notes=False):
        """The course as a FHIR R4 Bundle (JSON text)."""
        opts = _lib.FhirOptions()
        opts.size = ctypes.sizeof(opts)
        opts.flags = ((FhirFlag.UNIX_SECONDS if unix_seconds else 0) |
                      (FhirFlag.INCLUDE_NOTES if include_notes else 0))
        opts.patient_reference = _lib.encode(patient_reference)
        opts.bundle_id = _lib.encode(bundle_id)
        return _lib.call_buffer(lib.ipt_course_export_fhir, self._ptr,
                                ctypes.byref(opts), initial=1 << 16)

    def __repr__(self):
        return "<ipt.Course %s %s>" % (self.state.ipt_name, self.sessions)
