# SPDX-License-Identifier: MIT
"""Python binding of libipt, a C library that models Interpersonal
Psychotherapy (IPT).

Pure ctypes: it loads the shared library libipt-therapy (set IPT_LIBRARY to
its path, or IPT_BUILD_DIR to a meson build folder; otherwise the installed
library is used).  See docs/python.md.

    import ipt
    course = ipt.Course("standard")
    course.start().hold_session()
"""

from . import _lib
from ._lib import lib as _c, text as _text
from .enums import *  # noqa: F401,F403
from .enums import __all__ as _enum_names
from .errors import *  # noqa: F401,F403
from .errors import IptError, ERRORS
from .profile import Profile
from .course import Course, LogEntry, Finding, SessionInfo, CheckResult
from .measure import (score, phq9_band, gad7_band, hamd17_band, item_max,
                      outcome, outcome_params_default, srm5_score)
from .catalog import (describe_technique, techniques, goals, find_goal,
                      describe_task, task_phase, transitions, diagram)
from .select import SelectContext, Weights, select_techniques
from .triage import Person, LifeEvent, triage
from .sim import simulate, cohort_v1_defaults, Rng, cell_seed


def version():
    """Version of the loaded library as a string, e.g. "0.1.0"."""
    return _text(_c.ipt_version_string())


def version_number():
    """(major << 16) | (minor << 8) | patch of the loaded library."""
    return _c.ipt_version()


def status_message(status):
    return _text(_c.ipt_status_message(int(status)))


def rule_description(rule):
    return _text(_c.ipt_rule_description(int(rule)))


def fidelity_rule_source(rule):
    return _text(_c.ipt_fidelity_rule_source(int(rule)))


def select_reason_text(reason):
    return _text(_c.ipt_select_reason_text(int(reason)))


def triage_reason_text(reason):
    return _text(_c.ipt_triage_reason_text(int(reason)))


library_path = getattr(_c, "_name", None)

__all__ = list(_enum_names) + [
    "IptError", "Profile", "Course", "LogEntry", "Finding", "SessionInfo",
    "CheckResult", "score", "phq9_band", "gad7_band", "hamd17_band",
    "item_max", "outcome", "outcome_params_default", "srm5_score",
    "describe_technique", "techniques", "goals", "find_goal",
    "describe_task", "task_phase", "transitions", "diagram",
    "SelectContext", "Weights", "select_techniques", "Person", "LifeEvent",
    "triage", "simulate", "cohort_v1_defaults", "Rng", "cell_seed",
    "version", "version_number", "status_message", "rule_description",
    "fidelity_rule_source", "select_reason_text", "triage_reason_text",
] + [cls.__name__ for cls in ERRORS.values()]
__version__ = "0.1.0"
