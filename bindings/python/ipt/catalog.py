# SPDX-License-Identifier: MIT
"""The catalogue of techniques, goals and tasks (ipt-catalog.h), and the
course machine's transition table and diagrams (ipt-machine.h)."""

import collections
import ctypes

from . import _lib
from ._lib import lib, text
from .enums import (Area, DiagramFormat, EventType, GoalKind, Modality, State,
                    Task, Technique)
from .errors import check

TechniqueInfo = collections.namedtuple(
    "TechniqueInfo", "technique modality id display_name definition source "
    "components")
GoalInfo = collections.namedtuple("GoalInfo", "id kind area text source")
TaskInfo = collections.namedtuple(
    "TaskInfo", "task phase id display_name description source")
Transition = collections.namedtuple("Transition",
                                    "from_state event to_state condition")


def techniques_mask(techniques):
    mask = 0
    for t in techniques:
        t = Technique.from_name(t) if isinstance(t, str) else Technique(t)
        mask |= 1 << int(t)
    return mask


def techniques_from_mask(mask):
    return {t for t in Technique if mask & (1 << int(t))}


def _technique_info(p):
    i = p.contents
    return TechniqueInfo(Technique(i.technique), Modality(i.modality),
                         text(i.id), text(i.display_name),
                         text(i.definition), text(i.source), i.components)


def describe_technique(technique):
    if isinstance(technique, str):
        technique = Technique.from_name(technique)
    out = ctypes.POINTER(_lib.TechniqueInfo)()
    check(lib.ipt_technique_describe(int(technique), ctypes.byref(out)))
    return _technique_info(out)


def techniques():
    result = []
    for i in range(lib.ipt_technique_count()):
        out = ctypes.POINTER(_lib.TechniqueInfo)()
        check(lib.ipt_technique_at(i, ctypes.byref(out)))
        result.append(_technique_info(out))
    return result


def _goal_info(p):
    g = p.contents
    return GoalInfo(text(g.id), GoalKind(g.kind),
                    Area(g.area) if g.area else None, text(g.text),
                    text(g.source))


def goals():
    result = []
    for i in range(lib.ipt_goal_count()):
        out = ctypes.POINTER(_lib.GoalInfo)()
        check(lib.ipt_goal_at(i, ctypes.byref(out)))
        result.append(_goal_info(out))
    return result


def find_goal(goal_id):
    out = ctypes.POINTER(_lib.GoalInfo)()
    check(lib.ipt_goal_find(_lib.encode(goal_id), ctypes.byref(out)),
          "goal %r" % goal_id)
    return _goal_info(out)


def describe_task(task):
    if isinstance(task, str):
        task = Task.from_name(task)
    out = ctypes.POINTER(_lib.TaskInfo)()
    check(lib.ipt_task_describe(int(task), ctypes.byref(out)))
    t = out.contents
    return TaskInfo(Task(t.task), State(t.phase), text(t.id),
                    text(t.display_name), text(t.description),
                    text(t.source))


def task_phase(task):
    out = ctypes.c_int(0)
    check(lib.ipt_task_phase(int(task), ctypes.byref(out)))
    return State(out.value)


def transitions():
    result = []
    t = _lib.Transition()
    for i in range(lib.ipt_machine_transition_count()):
        check(lib.ipt_machine_transition_at(i, ctypes.byref(t)))
        result.append(Transition(State(t.from_), EventType(t.event),
                                 State(t.to), text(t.condition)))
    return result


def diagram(fmt=DiagramFormat.DOT):
    """The course machine as Graphviz DOT or Mermaid text."""
    if isinstance(fmt, str):
        fmt = DiagramFormat.from_name(fmt)
    return _lib.call_buffer(lib.ipt_machine_diagram, int(fmt))
