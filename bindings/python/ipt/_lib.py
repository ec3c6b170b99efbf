# SPDX-License-Identifier: MIT
"""Loading libipt-therapy and declaring every C function with ctypes.

Where the shared library comes from, in this order:

1. ``IPT_LIBRARY``: the path of the shared library itself, e.g.
   ``build/lib/libipt-therapy.so``;
2. ``IPT_BUILD_DIR``: a meson build folder; its ``lib/libipt-therapy.so``
   is loaded;
3. the system's search path (``ctypes.util.find_library("ipt-therapy")``,
   then ``libipt-therapy.so.0``), i.e. an installed library.

Every function gets ``argtypes`` and ``restype``.  The struct mirrors below
copy the headers field for field with fixed-width types; their sizes are
checked on import against the sizes that tests/abi/test-sizes.c freezes.
"""

import ctypes
import ctypes.util
import os

c_int = ctypes.c_int        # every C enum is an int (tests/abi/test-sizes.c)
c_u32 = ctypes.c_uint32
c_i32 = ctypes.c_int32
c_u64 = ctypes.c_uint64
c_i64 = ctypes.c_int64
c_i16 = ctypes.c_int16
c_u16 = ctypes.c_uint16
c_u8 = ctypes.c_uint8
c_size = ctypes.c_uint64   # public sizes and lengths are uint64_t
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
c_double = ctypes.c_double
P = ctypes.POINTER
PTR = ctypes.sizeof(ctypes.c_void_p)

LIBRARY_NAME = "ipt-therapy"


class LibraryNotFound(OSError):
    """libipt-therapy could not be loaded."""


def _candidates():
    path = os.environ.get("IPT_LIBRARY")
    if path:
        return [path]
    build = os.environ.get("IPT_BUILD_DIR")
    if build:
        return [os.path.join(build, "lib", "libipt-therapy.so"),
                os.path.join(build, "lib", "libipt-therapy.so.0"),
                os.path.join(build, "lib", "libipt-therapy.dylib")]
    found = ctypes.util.find_library(LIBRARY_NAME)
    return [c for c in (found, "libipt-therapy.so.0", "libipt-therapy.so")
            if c]


def load():
    """Load the shared library as the module docstring describes."""
    errors = []
    for cand in _candidates():
        try:
            return ctypes.CDLL(cand)
        except OSError as exc:
            errors.append("%s: %s" % (cand, exc))
    raise LibraryNotFound(
        "cannot load libipt-therapy (set IPT_LIBRARY to the library's path "
        "or IPT_BUILD_DIR to a meson build folder): " + "; ".join(errors))


def encode(text):
    """A Python str (or bytes) as bytes for a ``const char *``."""
    if text is None:
        return None
    if isinstance(text, bytes):
        return text
    return str(text).encode("utf-8")


# ---- struct mirrors (fields exactly as in include/ipt/*.h) ----------------

class Allocator(ctypes.Structure):
    _fields_ = [("alloc", c_void_p), ("free", c_void_p),
                ("user_data", c_void_p)]


class ProfileParams(ctypes.Structure):
    _fields_ = [("size", c_u32), ("planned_sessions", c_u32),
                ("min_sessions", c_u32), ("max_sessions", c_u32),
                ("initial_last_session", c_u32),
                ("termination_sessions", c_u32),
                ("ending_notice_sessions", c_u32),
                ("max_focal_areas", c_u32), ("allowed_areas", c_u32)]


class Event(ctypes.Structure):
    _fields_ = [("type", c_i32), ("value", c_i32), ("timestamp", c_i64),
                ("areas", c_u32), ("reserved", c_u32)]


class LogEntry(ctypes.Structure):
    _fields_ = [("type", c_i32), ("value", c_i32), ("timestamp", c_i64),
                ("areas", c_u32), ("session", c_u32),
                ("state_before", c_i32), ("state_after", c_i32),
                ("focus_after", c_u32), ("reserved", c_u32)]


class TechniqueInfo(ctypes.Structure):
    _fields_ = [("technique", c_i32), ("modality", c_i32), ("id", c_char_p),
                ("display_name", c_char_p), ("definition", c_char_p),
                ("source", c_char_p), ("components", c_u32),
                ("reserved", c_u32)]


class GoalInfo(ctypes.Structure):
    _fields_ = [("id", c_char_p), ("kind", c_i32), ("area", c_i32),
                ("text", c_char_p), ("source", c_char_p)]


class TaskInfo(ctypes.Structure):
    _fields_ = [("task", c_i32), ("phase", c_i32), ("id", c_char_p),
                ("display_name", c_char_p), ("description", c_char_p),
                ("source", c_char_p)]


FINDING_MESSAGE_SIZE = 160


class Finding(ctypes.Structure):
    _fields_ = [("rule", c_i32), ("severity", c_i32), ("session", c_u32),
                ("reserved", c_u32),
                ("message", ctypes.c_char * FINDING_MESSAGE_SIZE)]


class Transition(ctypes.Structure):
    _fields_ = [("from_", c_i32), ("event", c_i32), ("to", c_i32),
                ("reserved", c_i32), ("condition", c_char_p)]


MEASURE_ITEMS_MAX = 20


class Measure(ctypes.Structure):
    _fields_ = [("kind", c_i32), ("item_count", c_u32), ("total", c_i32),
                ("reserved", c_i32), ("items", c_u8 * MEASURE_ITEMS_MAX)]


class MeasureScore(ctypes.Structure):
    _fields_ = [("kind", c_i32), ("total", c_i32), ("band", c_i32),
                ("flags", c_u32), ("difficulty", c_i32), ("reserved", c_i32)]


class OutcomeParams(ctypes.Structure):
    _fields_ = [("size", c_u32), ("response_reduction_pct", c_u32),
                ("phq9_remission_below", c_i32),
                ("hamd17_remission_at_most", c_i32),
                ("gad7_remission_below", c_i32), ("early_session", c_u32),
                ("early_min_reduction_pct", c_u32), ("reserved", c_u32)]


class ScorePoint(ctypes.Structure):
    _fields_ = [("session", c_u32), ("total", c_i32)]


class Outcome(ctypes.Structure):
    _fields_ = [("kind", c_i32), ("count", c_u32),
                ("baseline_session", c_u32), ("baseline", c_i32),
                ("latest_session", c_u32), ("latest", c_i32),
                ("change", c_i32), ("reduction_permille", c_i32),
                ("flags", c_u32), ("reserved", c_u32)]


SRM5_ACTIVITIES = 5
SRM_DAYS = 7


class Srm5Week(ctypes.Structure):
    _fields_ = [("size", c_u32), ("reserved", c_u32),
                ("minutes", (c_i16 * SRM5_ACTIVITIES) * SRM_DAYS),
                ("reserved2", c_u16)]


class SrmScore(ctypes.Structure):
    _fields_ = [("hits", c_u32), ("activities_counted", c_u32),
                ("regularity_tenths", c_u32), ("activity_level", c_u32),
                ("counted", c_u32), ("reserved", c_u32),
                ("habitual", c_i16 * SRM5_ACTIVITIES),
                ("activity_hits", c_u16 * SRM5_ACTIVITIES)]


class SessionInfo(ctypes.Structure):
    _fields_ = [("size", c_u32), ("session", c_u32), ("phase", c_i32),
                ("techniques", c_u32), ("areas", c_u32), ("tasks", c_u32),
                ("measures", c_u32), ("note_bytes", c_u32),
                ("timestamp", c_i64)]


class SelectContext(ctypes.Structure):
    _fields_ = [("size", c_u32), ("phase", c_i32), ("focus", c_u32),
                ("dispute_stage", c_i32), ("session", c_u32),
                ("sessions_remaining", c_u32), ("flags", c_u32),
                ("recent_techniques", c_u32)]


class Suggestion(ctypes.Structure):
    _fields_ = [("technique", c_i32), ("score", c_u32), ("reasons", c_u32),
                ("reserved", c_u32)]


class Rng(ctypes.Structure):
    _fields_ = [("s", c_u32 * 4)]


class CohortV1Params(ctypes.Structure):
    _fields_ = [("size", c_u32), ("reserved", c_u32),
                ("dropout", c_double * 3), ("dropout_multiplier", c_double),
                ("area_bounds", c_double * 3), ("base_rate", c_double * 4),
                ("noise", c_double)]


class SimPatient(ctypes.Structure):
    _fields_ = [("index", c_u32), ("area", c_i32), ("baseline", c_i32),
                ("attended", c_u32), ("score", c_double),
                ("model", c_double * 3)]


SIM_INIT_FN = ctypes.CFUNCTYPE(c_int, c_void_p, P(Rng), P(SimPatient))
SIM_DROPOUT_FN = ctypes.CFUNCTYPE(c_double, c_void_p, P(SimPatient), c_u32,
                                  c_int)
SIM_UPDATE_FN = ctypes.CFUNCTYPE(None, c_void_p, P(Rng), P(SimPatient),
                                 c_u32, c_int)


class SimCallbacks(ctypes.Structure):
    _fields_ = [("size", c_u32), ("reserved", c_u32),
                ("user_data", c_void_p), ("init", SIM_INIT_FN),
                ("dropout", SIM_DROPOUT_FN), ("update", SIM_UPDATE_FN)]


class SimPatientResult(ctypes.Structure):
    _fields_ = [("patient", c_u32), ("area", c_i32), ("baseline", c_i32),
                ("attended", c_u32), ("dropout_phase", c_i32),
                ("final_score", c_i32), ("responder", c_u32),
                ("remitter", c_u32)]


class SimSessionPoint(ctypes.Structure):
    _fields_ = [("patient", c_u32), ("session", c_u32), ("phase", c_i32),
                ("reserved", c_u32), ("score", c_double)]


SINK_PATIENTS_FN = ctypes.CFUNCTYPE(c_int, c_void_p, P(SimPatientResult),
                                    c_size)
SINK_SESSIONS_FN = ctypes.CFUNCTYPE(c_int, c_void_p, P(SimSessionPoint),
                                    c_size)
PROGRESS_FN = ctypes.CFUNCTYPE(c_i32, c_void_p, c_u64, c_u64)


class SimSink(ctypes.Structure):
    _fields_ = [("size", c_u32), ("reserved", c_u32),
                ("user_data", c_void_p), ("patients", SINK_PATIENTS_FN),
                ("sessions", SINK_SESSIONS_FN)]


class SimConfig(ctypes.Structure):
    _fields_ = [("size", c_u32), ("model", c_i32), ("seed", c_u32),
                ("threads", c_u32), ("patients", c_u64),
                ("profile", c_void_p), ("cohort_v1", P(CohortV1Params)),
                ("callbacks", P(SimCallbacks)), ("sink", P(SimSink)),
                ("progress", PROGRESS_FN), ("progress_data", c_void_p),
                ("allocator", P(Allocator))]


class SimTotals(ctypes.Structure):
    _fields_ = [("patients", c_u64), ("completed", c_u64),
                ("dropped", c_u64 * 3), ("sessions_attended", c_u64),
                ("responders", c_u64), ("remitters", c_u64),
                ("final_score_sum", c_u64), ("area_patients", c_u64 * 4),
                ("area_remitters", c_u64 * 4)]


class IoOps(ctypes.Structure):
    _fields_ = [("size", c_u32), ("reserved", c_u32),
                ("user_data", c_void_p)] + [
                    (n, c_void_p) for n in ("open", "read", "write", "sync",
                                            "close", "rename", "unlink",
                                            "sync_dir")]


class FhirOptions(ctypes.Structure):
    _fields_ = [("size", c_u32), ("flags", c_u32),
                ("patient_reference", c_char_p), ("bundle_id", c_char_p)]


class Date(ctypes.Structure):
    _fields_ = [("year", c_i32), ("month", c_i32), ("day", c_i32)]


class Person(ctypes.Structure):
    _fields_ = [("relationship", c_i32), ("closeness", c_i32),
                ("contact", c_i32), ("support", c_i32), ("conflict", c_i32),
                ("reciprocity", c_i32), ("change", c_i32),
                ("reserved", c_i32)]


class LifeEvent(ctypes.Structure):
    _fields_ = [("type", c_i32), ("person", c_i32), ("date", Date),
                ("reserved", c_i32)]


class Inventory(ctypes.Structure):
    _fields_ = [("size", c_u32), ("person_count", c_u32),
                ("people", P(Person)), ("event_count", c_u32),
                ("reserved", c_u32), ("events", P(LifeEvent)),
                ("onset", Date), ("reserved2", c_u32)]


TRIAGE_MAX_CANDIDATES = 8


class TriageCandidate(ctypes.Structure):
    _fields_ = [("area", c_i32), ("score", c_u32), ("reasons", c_u32),
                ("suggested_stage", c_i32)]


class TriageResult(ctypes.Structure):
    _fields_ = [("size", c_u32), ("verdict", c_i32), ("count", c_u32),
                ("reserved", c_u32),
                ("candidates", TriageCandidate * TRIAGE_MAX_CANDIDATES),
                ("message", ctypes.c_char * 192)]


OBSERVER_FN = ctypes.CFUNCTYPE(None, c_void_p, P(LogEntry), c_void_p)

# The sizes tests/abi/test-sizes.c freezes.
FROZEN_SIZES = {
    Allocator: 3 * PTR, Event: 24, LogEntry: 40, ProfileParams: 36,
    Transition: 16 + PTR, Date: 12, LifeEvent: 24, Person: 32,
    SelectContext: 32, Suggestion: 16, TriageCandidate: 16,
    TriageResult: 336, GoalInfo: 3 * PTR + 8, TaskInfo: 4 * PTR + 8,
    TechniqueInfo: 4 * PTR + 16, Inventory: 2 * PTR + 32, Measure: 36,
    MeasureScore: 24, OutcomeParams: 32, ScorePoint: 8, Outcome: 40,
    Srm5Week: 80, SrmScore: 44, SessionInfo: 40, Finding: 176, Rng: 16,
    CohortV1Params: 104, SimPatient: 48, SimPatientResult: 32,
    SimSessionPoint: 24, SimTotals: 136, SimCallbacks: 8 + 4 * PTR,
    SimSink: 8 + 3 * PTR, SimConfig: 24 + 7 * PTR, IoOps: 8 + 9 * PTR,
    FhirOptions: 8 + 2 * PTR,
}
for _cls, _size in FROZEN_SIZES.items():
    assert ctypes.sizeof(_cls) == _size, (_cls.__name__,
                                          ctypes.sizeof(_cls), _size)

# ---- prototypes -------------------------------------------------------------

VP = c_void_p          # opaque handles: struct ipt_course *, ipt_profile *, ...
PI = P(c_int)          # enum out-parameters
S = c_int              # enum ipt_status
STR = c_char_p

PROTOTYPES = {
    # ipt-version.h
    "ipt_version": (c_u32, []),
    "ipt_version_string": (STR, []),
    # ipt-status.h
    "ipt_status_name": (STR, [c_int]),
    "ipt_status_message": (STR, [c_int]),
    "ipt_status_from_name": (S, [STR, PI]),
    # ipt-types.h
    "ipt_state_name": (STR, [c_int]),
    "ipt_state_from_name": (S, [STR, PI]),
    "ipt_area_name": (STR, [c_int]),
    "ipt_area_from_name": (S, [STR, PI]),
    "ipt_dispute_stage_name": (STR, [c_int]),
    "ipt_dispute_stage_from_name": (S, [STR, PI]),
    "ipt_task_name": (STR, [c_int]),
    "ipt_task_from_name": (S, [STR, PI]),
    "ipt_task_phase": (S, [c_int, PI]),
    "ipt_end_reason_name": (STR, [c_int]),
    "ipt_end_reason_from_name": (S, [STR, PI]),
    # ipt-catalog.h
    "ipt_technique_name": (STR, [c_int]),
    "ipt_technique_from_name": (S, [STR, PI]),
    "ipt_modality_name": (STR, [c_int]),
    "ipt_modality_from_name": (S, [STR, PI]),
    "ipt_goal_kind_name": (STR, [c_int]),
    "ipt_goal_kind_from_name": (S, [STR, PI]),
    "ipt_technique_describe": (S, [c_int, P(P(TechniqueInfo))]),
    "ipt_technique_count": (c_u32, []),
    "ipt_technique_at": (S, [c_u32, P(P(TechniqueInfo))]),
    "ipt_goal_count": (c_u32, []),
    "ipt_goal_at": (S, [c_u32, P(P(GoalInfo))]),
    "ipt_goal_find": (S, [STR, P(P(GoalInfo))]),
    "ipt_task_describe": (S, [c_int, P(P(TaskInfo))]),
    # ipt-profile.h
    "ipt_profile_builtin": (S, [STR, P(VP)]),
    "ipt_profile_builtin_count": (c_u32, []),
    "ipt_profile_builtin_at": (S, [c_u32, P(VP)]),
    "ipt_profile_check": (S, [P(ProfileParams), STR, c_size]),
    "ipt_profile_new": (S, [STR, P(ProfileParams), P(Allocator), P(VP)]),
    "ipt_profile_free": (None, [VP]),
    "ipt_profile_name": (STR, [VP]),
    "ipt_profile_get_params": (S, [VP, P(ProfileParams)]),
    "ipt_profile_title": (STR, [VP]),
    "ipt_profile_source": (STR, [VP]),
    "ipt_profile_notes": (STR, [VP]),
    "ipt_profile_area_label": (STR, [VP, c_int]),
    "ipt_profile_cadence_days": (c_u32, [VP]),
    "ipt_profile_pre_sessions": (c_u32, [VP]),
    "ipt_profile_measures": (c_u32, [VP]),
    # ipt-course.h
    "ipt_event_type_name": (STR, [c_int]),
    "ipt_event_type_from_name": (S, [STR, PI]),
    "ipt_rule_name": (STR, [c_int]),
    "ipt_rule_from_name": (S, [STR, PI]),
    "ipt_rule_description": (STR, [c_int]),
    "ipt_course_new": (S, [VP, P(Allocator), P(VP)]),
    "ipt_course_free": (None, [VP]),
    "ipt_course_apply": (S, [VP, P(Event)]),
    "ipt_course_check": (S, [VP, P(Event), PI, STR, c_size]),
    "ipt_course_last_error": (STR, [VP]),
    "ipt_course_last_rule": (c_int, [VP]),
    "ipt_course_set_observer": (S, [VP, OBSERVER_FN, c_void_p]),
    "ipt_course_get_state": (S, [VP, PI]),
    "ipt_course_get_next_phase": (S, [VP, PI]),
    "ipt_course_get_sessions": (S, [VP, P(c_u32), P(c_u32), P(c_u32)]),
    "ipt_course_get_focus": (S, [VP, P(c_u32)]),
    "ipt_course_get_dispute_stage": (S, [VP, PI]),
    "ipt_course_get_tasks": (S, [VP, P(c_u32), P(c_u32)]),
    "ipt_course_get_end_reason": (S, [VP, PI]),
    "ipt_course_get_profile": (S, [VP, P(VP)]),
    "ipt_course_log_size": (S, [VP, P(c_u32), P(c_u32)]),
    "ipt_course_log_get": (S, [VP, c_u32, P(LogEntry)]),
    "ipt_course_reserve_log": (S, [VP, c_u32]),
    # ipt-record.h
    "ipt_course_get_session": (S, [VP, c_u32, P(SessionInfo)]),
    "ipt_course_record_techniques": (S, [VP, c_u32, c_u32]),
    "ipt_course_record_areas": (S, [VP, c_u32, c_u32]),
    "ipt_course_record_measure": (S, [VP, c_u32, P(Measure)]),
    "ipt_course_clear_measure": (S, [VP, c_u32, c_int]),
    "ipt_course_get_measure": (S, [VP, c_u32, c_int, P(Measure)]),
    "ipt_course_set_note": (S, [VP, c_u32, STR, c_size]),
    "ipt_course_get_note": (S, [VP, c_u32, P(c_void_p), P(c_size)]),
    "ipt_course_outcome": (S, [VP, c_int, P(OutcomeParams), P(Outcome)]),
    # ipt-fidelity.h
    "ipt_fidelity_check": (S, [VP, VP, P(Finding), c_u32, P(c_u32)]),
    "ipt_fidelity_rule_name": (STR, [c_int]),
    "ipt_fidelity_rule_from_name": (S, [STR, PI]),
    "ipt_fidelity_rule_source": (STR, [c_int]),
    "ipt_severity_name": (STR, [c_int]),
    "ipt_severity_from_name": (S, [STR, PI]),
    # ipt-machine.h
    "ipt_machine_transition_count": (c_u32, []),
    "ipt_machine_transition_at": (S, [c_u32, P(Transition)]),
    "ipt_machine_diagram": (S, [c_int, STR, c_size, P(c_size)]),
    "ipt_diagram_format_name": (STR, [c_int]),
    "ipt_diagram_format_from_name": (S, [STR, PI]),
    # ipt-measure.h
    "ipt_measure_score": (S, [P(Measure), c_int, P(MeasureScore), STR,
                              c_size]),
    "ipt_phq9_band": (S, [c_i32, PI]),
    "ipt_gad7_band": (S, [c_i32, PI]),
    "ipt_hamd17_band": (S, [c_i32, c_int, PI]),
    "ipt_measure_item_max": (S, [c_int, c_u32, P(c_u32)]),
    "ipt_outcome_params_default": (S, [P(OutcomeParams)]),
    "ipt_outcome_compute": (S, [c_int, P(ScorePoint), c_size,
                                P(OutcomeParams), P(Outcome)]),
    "ipt_measure_kind_name": (STR, [c_int]),
    "ipt_measure_kind_from_name": (S, [STR, PI]),
    "ipt_band_name": (STR, [c_int]),
    "ipt_band_from_name": (S, [STR, PI]),
    "ipt_hamd_banding_name": (STR, [c_int]),
    "ipt_hamd_banding_from_name": (S, [STR, PI]),
    "ipt_srm5_week_init": (S, [P(Srm5Week)]),
    "ipt_srm5_score": (S, [P(Srm5Week), P(SrmScore), STR, c_size]),
    "ipt_srm_activity_name": (STR, [c_int]),
    "ipt_srm_activity_from_name": (S, [STR, PI]),
    # ipt-select.h
    "ipt_select_flag_name": (STR, [c_int]),
    "ipt_select_flag_from_name": (S, [STR, PI]),
    "ipt_select_reason_name": (STR, [c_int]),
    "ipt_select_reason_from_name": (S, [STR, PI]),
    "ipt_select_reason_text": (STR, [c_int]),
    "ipt_weight_column_name": (STR, [c_int]),
    "ipt_weight_column_from_name": (S, [STR, PI]),
    "ipt_weights_new": (S, [VP, P(Allocator), P(VP)]),
    "ipt_weights_free": (None, [VP]),
    "ipt_weights_get": (S, [VP, c_int, c_int, P(c_u32)]),
    "ipt_weights_set": (S, [VP, c_int, c_int, c_u32]),
    "ipt_select_context_from_course": (S, [VP, P(SelectContext)]),
    "ipt_select_techniques": (S, [VP, P(SelectContext), P(Suggestion),
                                  c_u32, P(c_u32)]),
    "ipt_suggestion_explain": (S, [P(Suggestion), STR, c_size, P(c_size)]),
    # ipt-sim.h
    "ipt_rng_seed_patient": (S, [P(Rng), c_u32, c_u32]),
    "ipt_rng_next": (c_u32, [P(Rng)]),
    "ipt_rng_uniform": (c_double, [P(Rng)]),
    "ipt_sim_cell_seed": (c_u32, [c_u32, c_u32]),
    "ipt_cohort_v1_defaults": (S, [P(CohortV1Params)]),
    "ipt_sim_run": (S, [P(SimConfig), P(SimTotals), STR, c_size]),
    "ipt_sim_totals_json": (S, [STR, c_u32, P(SimTotals), STR, c_size,
                                P(c_size)]),
    "ipt_sim_model_name": (STR, [c_int]),
    "ipt_sim_model_from_name": (S, [STR, PI]),
    # ipt-store.h
    "ipt_course_save_json": (S, [VP, STR, c_size, P(c_size)]),
    "ipt_course_load_json": (S, [STR, c_size, P(Allocator), P(VP), STR,
                                 c_size]),
    "ipt_course_save_file": (S, [VP, STR, P(IoOps), STR, c_size]),
    "ipt_course_load_file": (S, [STR, P(IoOps), P(Allocator), P(VP), STR,
                                 c_size]),
    # ipt-fhir.h
    "ipt_course_export_fhir": (S, [VP, P(FhirOptions), STR, c_size,
                                   P(c_size)]),
    # ipt-triage.h
    "ipt_relationship_name": (STR, [c_int]),
    "ipt_relationship_from_name": (S, [STR, PI]),
    "ipt_reciprocity_name": (STR, [c_int]),
    "ipt_reciprocity_from_name": (S, [STR, PI]),
    "ipt_change_name": (STR, [c_int]),
    "ipt_change_from_name": (S, [STR, PI]),
    "ipt_life_event_type_name": (STR, [c_int]),
    "ipt_life_event_type_from_name": (S, [STR, PI]),
    "ipt_triage_reason_name": (STR, [c_int]),
    "ipt_triage_reason_from_name": (S, [STR, PI]),
    "ipt_triage_reason_text": (STR, [c_int]),
    "ipt_triage_verdict_name": (STR, [c_int]),
    "ipt_triage_verdict_from_name": (S, [STR, PI]),
    "ipt_triage": (S, [VP, P(Inventory), P(TriageResult)]),
}


def _declare(cdll):
    for name, (restype, argtypes) in PROTOTYPES.items():
        fn = getattr(cdll, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return cdll


lib = _declare(load())


def text(raw):
    """A ``const char *`` result as str (None stays None)."""
    return raw.decode("utf-8") if raw is not None else None


def call_buffer(fn, *args, initial=4096):
    """Call an snprintf()-like function ``fn(*args, buf, size, &length)``
    and return the text as str; grows the buffer once when the library
    says it is too small."""
    from .errors import check
    from .enums import Status
    length = c_size(0)
    size = initial
    while True:
        buf = ctypes.create_string_buffer(size)
        st = fn(*args, buf, size, ctypes.byref(length))
        if st == Status.BUFFER_TOO_SMALL and length.value + 1 > size:
            size = length.value + 1
            continue
        check(st)
        return ctypes.string_at(buf, length.value).decode("utf-8")
