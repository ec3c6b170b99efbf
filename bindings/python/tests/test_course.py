# SPDX-License-Identifier: MIT
import gc
import json

import pytest

import ipt
from ipt import Area, EventType, MeasureKind, Rule, State, Status, Task

from conftest import json_built

# Saving, loading and the FHIR export need a library built with jansson.
needs_json = pytest.mark.skipif(not json_built(),
                                reason="libipt was built without JSON")

INITIAL_TASKS = [Task.HISTORY_AND_DIAGNOSIS, Task.PSYCHOEDUCATION,
                 Task.SICK_ROLE, Task.INTERPERSONAL_INVENTORY]


def full_course(profile="standard", measures=True):
    c = ipt.Course(profile)
    c.start(timestamp=0)
    c.hold_session(timestamp=1)
    if measures:
        c.record_measure(1, MeasureKind.PHQ9, [2] * 9)
    for t in INITIAL_TASKS:
        c.complete_task(t)
    c.choose_focus(Area.ROLE_TRANSITION)
    c.complete_task(Task.PROBLEM_AREA)
    c.complete_task(Task.INTERPERSONAL_FORMULATION)
    c.complete_task(Task.TREATMENT_CONTRACT)
    c.advance_phase()
    ts = 2
    while c.state == State.MIDDLE:
        c.hold_session(timestamp=ts)
        ts += 1
    c.complete_task(Task.DISCUSS_ENDING)
    for t in (Task.INDEPENDENT_COMPETENCE, Task.REVIEW_GAINS,
              Task.RELAPSE_PREVENTION):
        c.complete_task(t)
    while c.state == State.TERMINATION:
        c.hold_session(timestamp=ts)
        ts += 1
    if measures:
        c.record_measure(c.sessions[0], MeasureKind.PHQ9,
                         [1, 1, 1, 0, 0, 0, 0, 0, 0])
    return c


def test_full_standard_course():
    c = full_course()
    assert c.state == State.COMPLETED
    held, planned, remaining = c.sessions
    assert (held, planned, remaining) == (16, 16, 0)
    assert c.focus == {Area.ROLE_TRANSITION}
    log = c.log
    assert log[0].type == EventType.START
    assert log[-1].state_after == State.COMPLETED
    assert c.next_phase is None
    out = c.outcome(MeasureKind.PHQ9)
    assert out.baseline == 18 and out.latest == 3
    assert out.response and out.remission


def test_guard_failed_carries_rule_and_message():
    c = ipt.Course()
    c.start()
    c.hold_session()
    with pytest.raises(ipt.GuardFailed) as info:
        c.advance_phase()
    err = info.value
    assert err.status == Status.GUARD_FAILED
    assert err.name == "guard_failed"
    assert err.rule == Rule.INITIAL_TASKS_DONE
    assert "not done" in err.message
    assert err.message == c.last_error
    assert isinstance(err, ipt.IptError)
    # the refused event changed nothing
    assert c.state == State.INITIAL and len(c.log) == 2


def test_event_not_allowed():
    c = ipt.Course()
    with pytest.raises(ipt.EventNotAllowed) as info:
        c.hold_session()
    assert info.value.status == Status.EVENT_NOT_ALLOWED


def test_check_does_not_raise():
    c = ipt.Course()
    res = c.check(EventType.ADVANCE_PHASE)
    assert res.status != Status.OK
    assert c.check("start").status == Status.OK


def test_observer_and_its_exceptions():
    c = ipt.Course()
    seen = []
    c.set_observer(lambda course, entry: seen.append(entry.type))
    c.start()
    assert seen == [EventType.START]

    def boom(course, entry):
        raise RuntimeError("observer failed")
    c.set_observer(boom)
    with pytest.raises(RuntimeError, match="observer failed"):
        c.hold_session()
    assert c.sessions[0] == 1       # the event itself was applied
    c.set_observer(None)
    c.complete_task(Task.SICK_ROLE)


def test_profile_collected_before_course():
    prof = ipt.Profile.new("short_course", planned_sessions=12,
                           min_sessions=10, max_sessions=14)
    c = ipt.Course(prof)
    del prof
    gc.collect()
    assert c.profile.name == "short_course"
    assert c.sessions[1] == 12
    c.start()
    copy = c.profile
    del c
    gc.collect()
    assert copy.name == "short_course"   # the copy keeps its course alive
    del copy
    gc.collect()


def test_course_collected_before_profile():
    prof = ipt.Profile.new("other_course", planned_sessions=14)
    courses = [ipt.Course(prof) for _ in range(5)]
    del courses
    gc.collect()
    assert prof.params["planned_sessions"] == 14


def test_invalid_profile_message():
    with pytest.raises(ipt.InvalidProfile) as info:
        ipt.Profile.new("bad", planned_sessions=100)
    assert info.value.message


def test_builtin_profiles():
    names = [p.name for p in ipt.Profile.builtins()]
    assert names[0] == "standard" and "ipsrt" in names
    std = ipt.Profile.builtin("standard")
    assert std.params["planned_sessions"] == 16
    assert Area.GRIEF in std.allowed_areas
    assert std.title
    with pytest.raises(ipt.UnknownName):
        ipt.Profile.builtin("no_such_profile")


def test_fidelity_findings():
    c = full_course(measures=False)
    findings = c.fidelity()
    rules = {f.rule for f in findings}
    assert ipt.FidelityRule.NO_BASELINE in rules
    assert ipt.FidelityRule.MEASURE_GAP in rules
    assert all(isinstance(f.severity, ipt.Severity) for f in findings)
    assert all(f.message for f in findings)
    strict = {f.rule for f in c.fidelity("brief")}
    assert ipt.FidelityRule.SESSION_COUNT in strict
    assert ipt.fidelity_rule_source(ipt.FidelityRule.NO_BASELINE)


@needs_json
def test_save_load_json_round_trip():
    c = full_course()
    c.set_note(2, "Spoke about the move — the new city.")
    doc = c.save_json()
    json.loads(doc)
    d = ipt.Course.load_json(doc)
    assert d.state == c.state and d.sessions == c.sessions
    assert d.log == c.log
    assert d.get_note(2) == "Spoke about the move — the new city."
    assert d.save_json() == doc


@needs_json
def test_load_json_error_message():
    with pytest.raises(ipt.FormatError) as info:
        ipt.Course.load_json('{"format": 1')
    assert info.value.message


@needs_json
def test_save_load_file(tmp_path):
    c = full_course()
    path = tmp_path / "course.json"
    c.save_file(path)
    d = ipt.Course.load_file(path)
    assert d.save_json() == c.save_json()
    with pytest.raises(ipt.IoError):
        ipt.Course.load_file(tmp_path / "missing.json")


@needs_json
def test_fhir_export_is_a_bundle():
    c = full_course()
    doc = json.loads(c.export_fhir("Patient/123", bundle_id="b1"))
    assert doc["resourceType"] == "Bundle"
    assert doc["id"] == "b1"
    kinds = {e["resource"]["resourceType"] for e in doc["entry"]}
    assert "EpisodeOfCare" in kinds
    with pytest.raises(ipt.InvalidArgument):
        c.export_fhir("not a reference")


def test_records():
    c = ipt.Course()
    c.start()
    c.hold_session(timestamp=5)
    c.record_techniques(1, [ipt.Technique.PSYCHOEDUCATION])
    c.record_areas(1, [Area.GRIEF])
    c.record_measure(1, "phq9", [1] * 9)
    info = c.session(1)
    assert info.techniques == {ipt.Technique.PSYCHOEDUCATION}
    assert info.measures == {MeasureKind.PHQ9}
    assert c.get_measure(1, MeasureKind.PHQ9)["total"] == 9
    c.clear_measure(1, MeasureKind.PHQ9)
    assert c.get_measure(1, MeasureKind.PHQ9) is None
    with pytest.raises(ipt.IptError):
        c.record_measure(1, "phq9", [1] * 8)


def test_reserve_log():
    c = ipt.Course()
    cap = c.log_capacity
    c.reserve_log(cap + 100)
    assert c.log_capacity >= cap + 100
