/* SPDX-License-Identifier: MIT */
/*
 * Frozen ABI of the public types.
 *
 * Every public enum is int-sized (libipt must never be built with
 * -fshort-enums), and every public struct keeps its size and field offsets
 * forever: later versions add new functions or size-prefixed structs, they
 * never change these.  The checks are static_asserts, so a change breaks the
 * build, and are repeated at run time so that they show up in `meson test`.
 * check-sizes-coverage.py makes sure every public enum and struct defined
 * in the headers is listed here.
 */
#include <ipt/ipt.h>

#include <assert.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define ENUM_IS_INT(name)                                                 \
    static_assert(sizeof(enum name) == sizeof(int),                      \
                  "enum " #name " must be int-sized")

ENUM_IS_INT(ipt_area);
ENUM_IS_INT(ipt_diagram_format);
ENUM_IS_INT(ipt_dispute_stage);
ENUM_IS_INT(ipt_end_reason);
ENUM_IS_INT(ipt_event_type);
ENUM_IS_INT(ipt_rule);
ENUM_IS_INT(ipt_state);
ENUM_IS_INT(ipt_status);
ENUM_IS_INT(ipt_task);
ENUM_IS_INT(ipt_change);
ENUM_IS_INT(ipt_goal_kind);
ENUM_IS_INT(ipt_life_event_type);
ENUM_IS_INT(ipt_modality);
ENUM_IS_INT(ipt_reciprocity);
ENUM_IS_INT(ipt_relationship);
ENUM_IS_INT(ipt_select_flag);
ENUM_IS_INT(ipt_select_reason);
ENUM_IS_INT(ipt_technique);
ENUM_IS_INT(ipt_triage_reason);
ENUM_IS_INT(ipt_triage_verdict);
ENUM_IS_INT(ipt_weight_column);
ENUM_IS_INT(ipt_band);
ENUM_IS_INT(ipt_fhir_flag);
ENUM_IS_INT(ipt_fidelity_rule);
ENUM_IS_INT(ipt_hamd_banding);
ENUM_IS_INT(ipt_io_open_flag);
ENUM_IS_INT(ipt_measure_flag);
ENUM_IS_INT(ipt_measure_kind);
ENUM_IS_INT(ipt_outcome_flag);
ENUM_IS_INT(ipt_severity);
ENUM_IS_INT(ipt_sim_model);
ENUM_IS_INT(ipt_srm_activity);

#define FROZEN_SIZE(name, size)                                           \
    static_assert(sizeof(struct name) == (size),                          \
                  "struct " #name " has a frozen size")

FROZEN_SIZE(ipt_allocator, 3 * sizeof(void *));
FROZEN_SIZE(ipt_event, 24);
FROZEN_SIZE(ipt_log_entry, 40);
FROZEN_SIZE(ipt_profile_params, 36);
FROZEN_SIZE(ipt_transition, 16 + sizeof(char *));

#define FROZEN_OFFSET(name, field, offset)                                \
    static_assert(offsetof(struct name, field) == (offset),               \
                  "struct " #name " field " #field " has a frozen offset")

FROZEN_OFFSET(ipt_allocator, alloc, 0);
FROZEN_OFFSET(ipt_allocator, free, sizeof(void *));
FROZEN_OFFSET(ipt_allocator, user_data, 2 * sizeof(void *));

FROZEN_OFFSET(ipt_event, type, 0);
FROZEN_OFFSET(ipt_event, value, 4);
FROZEN_OFFSET(ipt_event, timestamp, 8);
FROZEN_OFFSET(ipt_event, areas, 16);
FROZEN_OFFSET(ipt_event, reserved, 20);

FROZEN_OFFSET(ipt_log_entry, type, 0);
FROZEN_OFFSET(ipt_log_entry, value, 4);
FROZEN_OFFSET(ipt_log_entry, timestamp, 8);
FROZEN_OFFSET(ipt_log_entry, areas, 16);
FROZEN_OFFSET(ipt_log_entry, session, 20);
FROZEN_OFFSET(ipt_log_entry, state_before, 24);
FROZEN_OFFSET(ipt_log_entry, state_after, 28);
FROZEN_OFFSET(ipt_log_entry, focus_after, 32);
FROZEN_OFFSET(ipt_log_entry, reserved, 36);

FROZEN_OFFSET(ipt_profile_params, size, 0);
FROZEN_OFFSET(ipt_profile_params, planned_sessions, 4);
FROZEN_OFFSET(ipt_profile_params, min_sessions, 8);
FROZEN_OFFSET(ipt_profile_params, max_sessions, 12);
FROZEN_OFFSET(ipt_profile_params, initial_last_session, 16);
FROZEN_OFFSET(ipt_profile_params, termination_sessions, 20);
FROZEN_OFFSET(ipt_profile_params, ending_notice_sessions, 24);
FROZEN_OFFSET(ipt_profile_params, max_focal_areas, 28);
FROZEN_OFFSET(ipt_profile_params, allowed_areas, 32);

FROZEN_OFFSET(ipt_transition, from, 0);
FROZEN_OFFSET(ipt_transition, event, 4);
FROZEN_OFFSET(ipt_transition, to, 8);
FROZEN_OFFSET(ipt_transition, reserved, 12);
FROZEN_OFFSET(ipt_transition, condition, 16);

/* Catalogue, selection and triage. */
FROZEN_SIZE(ipt_date, 12);
FROZEN_SIZE(ipt_life_event, 24);
FROZEN_SIZE(ipt_person, 32);
FROZEN_SIZE(ipt_select_context, 32);
FROZEN_SIZE(ipt_suggestion, 16);
FROZEN_SIZE(ipt_triage_candidate, 16);
FROZEN_SIZE(ipt_triage_result, 336);

FROZEN_OFFSET(ipt_date, year, 0);
FROZEN_OFFSET(ipt_date, month, 4);
FROZEN_OFFSET(ipt_date, day, 8);

FROZEN_OFFSET(ipt_life_event, type, 0);
FROZEN_OFFSET(ipt_life_event, person, 4);
FROZEN_OFFSET(ipt_life_event, date, 8);
FROZEN_OFFSET(ipt_life_event, reserved, 20);

FROZEN_OFFSET(ipt_person, relationship, 0);
FROZEN_OFFSET(ipt_person, closeness, 4);
FROZEN_OFFSET(ipt_person, contact, 8);
FROZEN_OFFSET(ipt_person, support, 12);
FROZEN_OFFSET(ipt_person, conflict, 16);
FROZEN_OFFSET(ipt_person, reciprocity, 20);
FROZEN_OFFSET(ipt_person, change, 24);
FROZEN_OFFSET(ipt_person, reserved, 28);

FROZEN_OFFSET(ipt_select_context, size, 0);
FROZEN_OFFSET(ipt_select_context, phase, 4);
FROZEN_OFFSET(ipt_select_context, focus, 8);
FROZEN_OFFSET(ipt_select_context, dispute_stage, 12);
FROZEN_OFFSET(ipt_select_context, session, 16);
FROZEN_OFFSET(ipt_select_context, sessions_remaining, 20);
FROZEN_OFFSET(ipt_select_context, flags, 24);
FROZEN_OFFSET(ipt_select_context, recent_techniques, 28);

FROZEN_OFFSET(ipt_suggestion, technique, 0);
FROZEN_OFFSET(ipt_suggestion, score, 4);
FROZEN_OFFSET(ipt_suggestion, reasons, 8);
FROZEN_OFFSET(ipt_suggestion, reserved, 12);

FROZEN_OFFSET(ipt_triage_candidate, area, 0);
FROZEN_OFFSET(ipt_triage_candidate, score, 4);
FROZEN_OFFSET(ipt_triage_candidate, reasons, 8);
FROZEN_OFFSET(ipt_triage_candidate, suggested_stage, 12);

FROZEN_OFFSET(ipt_triage_result, size, 0);
FROZEN_OFFSET(ipt_triage_result, verdict, 4);
FROZEN_OFFSET(ipt_triage_result, count, 8);
FROZEN_OFFSET(ipt_triage_result, reserved, 12);
FROZEN_OFFSET(ipt_triage_result, candidates, 16);
FROZEN_OFFSET(ipt_triage_result, message, 144);

/* Structs with pointers: sizes and offsets in terms of the pointer size. */
#define P sizeof(void *)
FROZEN_SIZE(ipt_goal_info, 3 * P + 8);
FROZEN_OFFSET(ipt_goal_info, id, 0);
FROZEN_OFFSET(ipt_goal_info, kind, P);
FROZEN_OFFSET(ipt_goal_info, area, P + 4);
FROZEN_OFFSET(ipt_goal_info, text, P + 8);
FROZEN_OFFSET(ipt_goal_info, source, 2 * P + 8);

FROZEN_SIZE(ipt_task_info, 4 * P + 8);
FROZEN_OFFSET(ipt_task_info, task, 0);
FROZEN_OFFSET(ipt_task_info, phase, 4);
FROZEN_OFFSET(ipt_task_info, id, 8);
FROZEN_OFFSET(ipt_task_info, display_name, P + 8);
FROZEN_OFFSET(ipt_task_info, description, 2 * P + 8);
FROZEN_OFFSET(ipt_task_info, source, 3 * P + 8);

FROZEN_SIZE(ipt_technique_info, 4 * P + 16);
FROZEN_OFFSET(ipt_technique_info, technique, 0);
FROZEN_OFFSET(ipt_technique_info, modality, 4);
FROZEN_OFFSET(ipt_technique_info, id, 8);
FROZEN_OFFSET(ipt_technique_info, display_name, P + 8);
FROZEN_OFFSET(ipt_technique_info, definition, 2 * P + 8);
FROZEN_OFFSET(ipt_technique_info, source, 3 * P + 8);
FROZEN_OFFSET(ipt_technique_info, components, 4 * P + 8);
FROZEN_OFFSET(ipt_technique_info, reserved, 4 * P + 12);

FROZEN_SIZE(ipt_inventory, 2 * P + 32);
FROZEN_OFFSET(ipt_inventory, size, 0);
FROZEN_OFFSET(ipt_inventory, person_count, 4);
FROZEN_OFFSET(ipt_inventory, people, 8);
FROZEN_OFFSET(ipt_inventory, event_count, P + 8);
FROZEN_OFFSET(ipt_inventory, reserved, P + 12);
FROZEN_OFFSET(ipt_inventory, events, P + 16);
FROZEN_OFFSET(ipt_inventory, onset, 2 * P + 16);
FROZEN_OFFSET(ipt_inventory, reserved2, 2 * P + 28);
#undef P

/* Session records, measures, fidelity and save/restore. */
FROZEN_SIZE(ipt_measure, 36);
FROZEN_OFFSET(ipt_measure, kind, 0);
FROZEN_OFFSET(ipt_measure, item_count, 4);
FROZEN_OFFSET(ipt_measure, total, 8);
FROZEN_OFFSET(ipt_measure, reserved, 12);
FROZEN_OFFSET(ipt_measure, items, 16);

FROZEN_SIZE(ipt_measure_score, 24);
FROZEN_OFFSET(ipt_measure_score, kind, 0);
FROZEN_OFFSET(ipt_measure_score, total, 4);
FROZEN_OFFSET(ipt_measure_score, band, 8);
FROZEN_OFFSET(ipt_measure_score, flags, 12);
FROZEN_OFFSET(ipt_measure_score, difficulty, 16);
FROZEN_OFFSET(ipt_measure_score, reserved, 20);

FROZEN_SIZE(ipt_outcome_params, 32);
FROZEN_OFFSET(ipt_outcome_params, size, 0);
FROZEN_OFFSET(ipt_outcome_params, response_reduction_pct, 4);
FROZEN_OFFSET(ipt_outcome_params, phq9_remission_below, 8);
FROZEN_OFFSET(ipt_outcome_params, hamd17_remission_at_most, 12);
FROZEN_OFFSET(ipt_outcome_params, gad7_remission_below, 16);
FROZEN_OFFSET(ipt_outcome_params, early_session, 20);
FROZEN_OFFSET(ipt_outcome_params, early_min_reduction_pct, 24);
FROZEN_OFFSET(ipt_outcome_params, reserved, 28);

FROZEN_SIZE(ipt_score_point, 8);
FROZEN_OFFSET(ipt_score_point, session, 0);
FROZEN_OFFSET(ipt_score_point, total, 4);

FROZEN_SIZE(ipt_outcome, 40);
FROZEN_OFFSET(ipt_outcome, kind, 0);
FROZEN_OFFSET(ipt_outcome, count, 4);
FROZEN_OFFSET(ipt_outcome, baseline_session, 8);
FROZEN_OFFSET(ipt_outcome, baseline, 12);
FROZEN_OFFSET(ipt_outcome, latest_session, 16);
FROZEN_OFFSET(ipt_outcome, latest, 20);
FROZEN_OFFSET(ipt_outcome, change, 24);
FROZEN_OFFSET(ipt_outcome, reduction_permille, 28);
FROZEN_OFFSET(ipt_outcome, flags, 32);
FROZEN_OFFSET(ipt_outcome, reserved, 36);

/* The Social Rhythm Metric: a size-prefixed week without padding (the
 * trailing reserved2 fills what would be 2 bytes of it), and its score. */
FROZEN_SIZE(ipt_srm5_week, 80);
FROZEN_OFFSET(ipt_srm5_week, size, 0);
FROZEN_OFFSET(ipt_srm5_week, reserved, 4);
FROZEN_OFFSET(ipt_srm5_week, minutes, 8);
FROZEN_OFFSET(ipt_srm5_week, reserved2, 78);

FROZEN_SIZE(ipt_srm_score, 44);
FROZEN_OFFSET(ipt_srm_score, hits, 0);
FROZEN_OFFSET(ipt_srm_score, activities_counted, 4);
FROZEN_OFFSET(ipt_srm_score, regularity_tenths, 8);
FROZEN_OFFSET(ipt_srm_score, activity_level, 12);
FROZEN_OFFSET(ipt_srm_score, counted, 16);
FROZEN_OFFSET(ipt_srm_score, reserved, 20);
FROZEN_OFFSET(ipt_srm_score, habitual, 24);
FROZEN_OFFSET(ipt_srm_score, activity_hits, 34);

FROZEN_SIZE(ipt_session_info, 40);
FROZEN_OFFSET(ipt_session_info, size, 0);
FROZEN_OFFSET(ipt_session_info, session, 4);
FROZEN_OFFSET(ipt_session_info, phase, 8);
FROZEN_OFFSET(ipt_session_info, techniques, 12);
FROZEN_OFFSET(ipt_session_info, areas, 16);
FROZEN_OFFSET(ipt_session_info, tasks, 20);
FROZEN_OFFSET(ipt_session_info, measures, 24);
FROZEN_OFFSET(ipt_session_info, note_bytes, 28);
FROZEN_OFFSET(ipt_session_info, timestamp, 32);

FROZEN_SIZE(ipt_finding, 176);
FROZEN_OFFSET(ipt_finding, rule, 0);
FROZEN_OFFSET(ipt_finding, severity, 4);
FROZEN_OFFSET(ipt_finding, session, 8);
FROZEN_OFFSET(ipt_finding, reserved, 12);
FROZEN_OFFSET(ipt_finding, message, 16);

/* Simulation. */
FROZEN_SIZE(ipt_rng, 16);
FROZEN_OFFSET(ipt_rng, s, 0);

FROZEN_SIZE(ipt_cohort_v1_params, 104);
FROZEN_OFFSET(ipt_cohort_v1_params, size, 0);
FROZEN_OFFSET(ipt_cohort_v1_params, reserved, 4);
FROZEN_OFFSET(ipt_cohort_v1_params, dropout, 8);
FROZEN_OFFSET(ipt_cohort_v1_params, dropout_multiplier, 32);
FROZEN_OFFSET(ipt_cohort_v1_params, area_bounds, 40);
FROZEN_OFFSET(ipt_cohort_v1_params, base_rate, 64);
FROZEN_OFFSET(ipt_cohort_v1_params, noise, 96);

FROZEN_SIZE(ipt_sim_patient, 48);
FROZEN_OFFSET(ipt_sim_patient, index, 0);
FROZEN_OFFSET(ipt_sim_patient, area, 4);
FROZEN_OFFSET(ipt_sim_patient, baseline, 8);
FROZEN_OFFSET(ipt_sim_patient, attended, 12);
FROZEN_OFFSET(ipt_sim_patient, score, 16);
FROZEN_OFFSET(ipt_sim_patient, model, 24);

FROZEN_SIZE(ipt_sim_patient_result, 32);
FROZEN_OFFSET(ipt_sim_patient_result, patient, 0);
FROZEN_OFFSET(ipt_sim_patient_result, area, 4);
FROZEN_OFFSET(ipt_sim_patient_result, baseline, 8);
FROZEN_OFFSET(ipt_sim_patient_result, attended, 12);
FROZEN_OFFSET(ipt_sim_patient_result, dropout_phase, 16);
FROZEN_OFFSET(ipt_sim_patient_result, final_score, 20);
FROZEN_OFFSET(ipt_sim_patient_result, responder, 24);
FROZEN_OFFSET(ipt_sim_patient_result, remitter, 28);

FROZEN_SIZE(ipt_sim_session_point, 24);
FROZEN_OFFSET(ipt_sim_session_point, patient, 0);
FROZEN_OFFSET(ipt_sim_session_point, session, 4);
FROZEN_OFFSET(ipt_sim_session_point, phase, 8);
FROZEN_OFFSET(ipt_sim_session_point, reserved, 12);
FROZEN_OFFSET(ipt_sim_session_point, score, 16);

FROZEN_SIZE(ipt_sim_totals, 136);
FROZEN_OFFSET(ipt_sim_totals, patients, 0);
FROZEN_OFFSET(ipt_sim_totals, completed, 8);
FROZEN_OFFSET(ipt_sim_totals, dropped, 16);
FROZEN_OFFSET(ipt_sim_totals, sessions_attended, 40);
FROZEN_OFFSET(ipt_sim_totals, responders, 48);
FROZEN_OFFSET(ipt_sim_totals, remitters, 56);
FROZEN_OFFSET(ipt_sim_totals, final_score_sum, 64);
FROZEN_OFFSET(ipt_sim_totals, area_patients, 72);
FROZEN_OFFSET(ipt_sim_totals, area_remitters, 104);

/* Simulation structs with pointers. */
FROZEN_SIZE(ipt_sim_callbacks, 8 + 4 * sizeof(void *));
FROZEN_OFFSET(ipt_sim_callbacks, user_data, 8);
FROZEN_OFFSET(ipt_sim_callbacks, init, 8 + sizeof(void *));
FROZEN_OFFSET(ipt_sim_callbacks, dropout, 8 + 2 * sizeof(void *));
FROZEN_OFFSET(ipt_sim_callbacks, update, 8 + 3 * sizeof(void *));
FROZEN_SIZE(ipt_sim_sink, 8 + 3 * sizeof(void *));
FROZEN_OFFSET(ipt_sim_sink, user_data, 8);
FROZEN_OFFSET(ipt_sim_sink, patients, 8 + sizeof(void *));
FROZEN_OFFSET(ipt_sim_sink, sessions, 8 + 2 * sizeof(void *));
FROZEN_SIZE(ipt_sim_config, 24 + 7 * sizeof(void *));
FROZEN_OFFSET(ipt_sim_config, size, 0);
FROZEN_OFFSET(ipt_sim_config, model, 4);
FROZEN_OFFSET(ipt_sim_config, seed, 8);
FROZEN_OFFSET(ipt_sim_config, threads, 12);
FROZEN_OFFSET(ipt_sim_config, patients, 16);
FROZEN_OFFSET(ipt_sim_config, profile, 24);
FROZEN_OFFSET(ipt_sim_config, allocator, 24 + 6 * sizeof(void *));

/* The I/O table: two 32-bit fields, then user data and eight functions. */
FROZEN_SIZE(ipt_io_ops, 8 + 9 * sizeof(void *));
FROZEN_OFFSET(ipt_io_ops, size, 0);
FROZEN_OFFSET(ipt_io_ops, reserved, 4);
FROZEN_OFFSET(ipt_io_ops, user_data, 8);
FROZEN_OFFSET(ipt_io_ops, open, 8 + sizeof(void *));
FROZEN_OFFSET(ipt_io_ops, sync_dir, 8 + 8 * sizeof(void *));

FROZEN_SIZE(ipt_fhir_options, 8 + 2 * sizeof(void *));
FROZEN_OFFSET(ipt_fhir_options, size, 0);
FROZEN_OFFSET(ipt_fhir_options, flags, 4);
FROZEN_OFFSET(ipt_fhir_options, patient_reference, 8);
FROZEN_OFFSET(ipt_fhir_options, bundle_id, 8 + sizeof(void *));

static void
test_enums_are_int_sized(void **state)
{
    (void)state;
    assert_int_equal(sizeof(enum ipt_area), sizeof(int));
    assert_int_equal(sizeof(enum ipt_diagram_format), sizeof(int));
    assert_int_equal(sizeof(enum ipt_dispute_stage), sizeof(int));
    assert_int_equal(sizeof(enum ipt_end_reason), sizeof(int));
    assert_int_equal(sizeof(enum ipt_event_type), sizeof(int));
    assert_int_equal(sizeof(enum ipt_rule), sizeof(int));
    assert_int_equal(sizeof(enum ipt_state), sizeof(int));
    assert_int_equal(sizeof(enum ipt_status), sizeof(int));
    assert_int_equal(sizeof(enum ipt_task), sizeof(int));
}

static void
test_struct_sizes_are_frozen(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct ipt_allocator), 3 * sizeof(void *));
    assert_int_equal(sizeof(struct ipt_event), 24);
    assert_int_equal(sizeof(struct ipt_fhir_options), 8 + 2 * sizeof(void *));
    assert_int_equal(sizeof(struct ipt_log_entry), 40);
    assert_int_equal(sizeof(struct ipt_profile_params), 36);
    assert_int_equal(sizeof(struct ipt_transition), 16 + sizeof(char *));
}

static void
test_struct_offsets_are_frozen(void **state)
{
    (void)state;
    assert_int_equal(offsetof(struct ipt_event, timestamp), 8);
    assert_int_equal(offsetof(struct ipt_event, reserved), 20);
    assert_int_equal(offsetof(struct ipt_log_entry, session), 20);
    assert_int_equal(offsetof(struct ipt_log_entry, reserved), 36);
    assert_int_equal(offsetof(struct ipt_profile_params, allowed_areas), 32);
    assert_int_equal(offsetof(struct ipt_transition, condition), 16);
    assert_int_equal(offsetof(struct ipt_allocator, user_data),
                     2 * sizeof(void *));
}

static void
test_profile_params_size_field_fits(void **state)
{
    /* Callers set params.size = sizeof(struct ipt_profile_params); the
     * first version of the struct is the smallest the library accepts. */
    struct ipt_profile_params params = {0};

    (void)state;
    params.size = (uint32_t)sizeof params;
    assert_int_equal(params.size, 36);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enums_are_int_sized),
        cmocka_unit_test(test_struct_sizes_are_frozen),
        cmocka_unit_test(test_struct_offsets_are_frozen),
        cmocka_unit_test(test_profile_params_size_field_fits),
    };

    return cmocka_run_group_tests_name("abi sizes", tests, NULL, NULL);
}
