# SPDX-License-Identifier: MIT
import datetime

import pytest

import ipt
from ipt import Area, Band, MeasureKind, State, Technique


def test_enum_names_round_trip():
    for cls in ipt.enums.C_ENUMS.values():
        if not issubclass(cls, ipt.enums.NamedEnum):
            continue
        for member in cls:
            name = member.ipt_name
            assert name, (cls, member)
            assert cls.from_name(name) is member
            assert str(member) == name


def test_unknown_name():
    with pytest.raises(ipt.UnknownName) as info:
        State.from_name("nope")
    assert info.value.status == ipt.Status.UNKNOWN_NAME
    assert info.value.message


def test_status_names():
    assert ipt.Status.GUARD_FAILED.ipt_name == "guard_failed"
    assert ipt.status_message(ipt.Status.OK)


def test_technique_ranking():
    ctx = ipt.SelectContext(phase=State.MIDDLE, focus={Area.ROLE_DISPUTE},
                            dispute_stage=ipt.DisputeStage.IMPASSE,
                            session=6, sessions_remaining=10)
    ranked = ipt.select_techniques(ctx)
    assert ranked
    scores = [s.score for s in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(s.explanation for s in ranked)
    top3 = ipt.select_techniques(ctx, limit=3)
    assert top3 == ranked[:3]
    w = ipt.Weights()
    w[Technique.ROLE_PLAY, ipt.WeightColumn.DISPUTE_IMPASSE] = 0
    w[Technique.ROLE_PLAY, ipt.WeightColumn.ROLE_DISPUTE] = 0
    assert w[Technique.ROLE_PLAY, ipt.WeightColumn.ROLE_DISPUTE] == 0
    ipt.select_techniques(ctx, weights=w)


def test_catalog():
    assert len(ipt.techniques()) == len(Technique) or ipt.techniques()
    info = ipt.describe_technique("communication_analysis")
    assert info.technique == Technique.COMMUNICATION_ANALYSIS
    assert info.display_name
    assert ipt.describe_task("sick_role").phase == State.INITIAL
    goals = ipt.goals()
    assert ipt.find_goal(goals[0].id) == goals[0]
    assert ipt.transitions()
    assert "digraph" in ipt.diagram("dot")


def test_triage():
    onset = datetime.date(2024, 3, 1)
    people = [ipt.Person(ipt.Relationship.PARTNER, closeness=4, contact=4,
                         support=1, conflict=4,
                         reciprocity=ipt.Reciprocity.NON_RECIPROCAL,
                         change=ipt.Change.WORSE)]
    events = [ipt.LifeEvent(ipt.LifeEventType.DISPUTE_START,
                            datetime.date(2024, 2, 1), person=0)]
    res = ipt.triage(people, events, onset)
    assert res.verdict == ipt.TriageVerdict.FOCUS_FOUND
    assert res.candidates[0].area == Area.ROLE_DISPUTE
    assert res.candidates[0].reasons


def test_measures_and_outcome():
    s = ipt.score(MeasureKind.PHQ9, [3] * 9)
    assert s.total == 27 and s.band == Band.SEVERE
    assert ipt.phq9_band(12) == Band.MODERATE
    assert ipt.gad7_band(0) == Band.NONE
    assert ipt.hamd17_band(30) in set(Band)
    assert ipt.item_max(MeasureKind.PHQ9, 1) == 3
    with pytest.raises(ipt.ItemCount):
        ipt.score(MeasureKind.PHQ9, [1] * 8)
    out = ipt.outcome(MeasureKind.PHQ9, [(1, 20), (8, 12), (16, 4)])
    assert out.baseline == 20 and out.latest == 4
    assert out.response and out.remission
    with pytest.raises(ipt.NoBaseline):
        ipt.outcome(MeasureKind.PHQ9, [])
    assert ipt.outcome_params_default()["response_reduction_pct"] == 50


def test_srm5():
    week = [[420, 480, 540, 1140, 1380]] * 7
    s = ipt.srm5_score(week)
    assert s.hits > 0 and s.regularity > 0


def test_version():
    assert ipt.version().count(".") == 2
    assert ipt.version_number() >> 16 == int(ipt.version().split(".")[0])
