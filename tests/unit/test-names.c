/* SPDX-License-Identifier: MIT */
/*
 * Stable names of every public enum, status messages, rule descriptions,
 * task phases and the library version.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

/*
 * Every enum is tested through one generic description: its valid values
 * with the names documented in the headers (NULL where the headers give no
 * name), some values it must not know, and adapters around its functions.
 */
struct enum_value {
    int value;
    const char *name;
};

struct enum_desc {
    const char *what;
    const struct enum_value *values;
    size_t count;
    const int *unknown;
    size_t unknown_count;
    const char *(*name_of)(int value);
    /* Looks @p name up; writes the value to *out only on success. */
    enum ipt_status (*from_name)(const char *name, int *out, int null_out);
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Adapters.  The from_name adapters store the enum through a variable of the
 * enum type that is preset to a sentinel, so that "out untouched" can be
 * checked whatever the enum's underlying type.
 */
#define ADAPT(prefix, type)                                                \
    static const char *prefix##_name_adapter(int v)                        \
    {                                                                      \
        return prefix##_name((type)v);                                     \
    }                                                                      \
    static enum ipt_status prefix##_from_adapter(const char *name,         \
                                                 int *out, int null_out)   \
    {                                                                      \
        type v = (type)0x5A5A;                                             \
        enum ipt_status st;                                                \
        if (null_out)                                                      \
            return prefix##_from_name(name, NULL);                         \
        st = prefix##_from_name(name, &v);                                 \
        *out = (int)v;                                                     \
        return st;                                                         \
    }

ADAPT(ipt_status, enum ipt_status)
ADAPT(ipt_state, enum ipt_state)
ADAPT(ipt_area, enum ipt_area)
ADAPT(ipt_dispute_stage, enum ipt_dispute_stage)
ADAPT(ipt_task, enum ipt_task)
ADAPT(ipt_end_reason, enum ipt_end_reason)
ADAPT(ipt_event_type, enum ipt_event_type)
ADAPT(ipt_rule, enum ipt_rule)
ADAPT(ipt_diagram_format, enum ipt_diagram_format)

#define SENTINEL 0x5A5A

static const struct enum_value status_values[] = {
    { IPT_OK, NULL },
    { IPT_ERR_INVALID_ARGUMENT, NULL },
    { IPT_ERR_OUT_OF_RANGE, NULL },
    { IPT_ERR_NO_MEMORY, NULL },
    { IPT_ERR_UNKNOWN_NAME, NULL },
    { IPT_ERR_INVALID_PROFILE, NULL },
    { IPT_ERR_EVENT_NOT_ALLOWED, NULL },
    { IPT_ERR_GUARD_FAILED, "guard_failed" },
    { IPT_ERR_BUFFER_TOO_SMALL, NULL },
    { IPT_ERR_LOG_FULL, NULL },
    { IPT_ERR_NOT_AVAILABLE, NULL },
    { IPT_ERR_UNSUPPORTED, NULL },
    { IPT_ERR_BUSY, NULL },
    { IPT_ERR_ITEM_COUNT, "item_count" },
    { IPT_ERR_NO_BASELINE, "no_baseline" },
    { IPT_ERR_IO, "io" },
    { IPT_ERR_FORMAT, "format" },
    { IPT_ERR_VERSION, "version" },
    { IPT_ERR_HISTORY, "history" },
    { IPT_ERR_NOT_BUILT, "not_built" },
    { IPT_ERR_ENCODING, "encoding" },
    { IPT_ERR_CANCELLED, "cancelled" },
    { IPT_ERR_SYSTEM, "system" },
};
static const int status_unknown[] = { -1, 23, INT_MIN, INT_MAX };

static const struct enum_value state_values[] = {
    { IPT_STATE_NOT_STARTED, "not_started" },
    { IPT_STATE_INITIAL, "initial" },
    { IPT_STATE_MIDDLE, "middle" },
    { IPT_STATE_TERMINATION, "termination" },
    { IPT_STATE_COMPLETED, "completed" },
    { IPT_STATE_DISCONTINUED, "discontinued" },
    { IPT_STATE_REFERRED, "referred" },
    { IPT_STATE_MAINTENANCE, "maintenance" },
};
static const int state_unknown[] = { 0, -1, 9, INT_MIN, INT_MAX };

static const struct enum_value area_values[] = {
    { IPT_AREA_GRIEF, "grief" },
    { IPT_AREA_ROLE_DISPUTE, "role_dispute" },
    { IPT_AREA_ROLE_TRANSITION, "role_transition" },
    { IPT_AREA_INTERPERSONAL_DEFICITS, "interpersonal_deficits" },
    { IPT_AREA_LOST_HEALTHY_SELF, "lost_healthy_self" },
};
static const int area_unknown[] = { 0, -1, 6, INT_MIN, INT_MAX };

static const struct enum_value stage_values[] = {
    { IPT_DISPUTE_RENEGOTIATION, "renegotiation" },
    { IPT_DISPUTE_IMPASSE, "impasse" },
    { IPT_DISPUTE_DISSOLUTION, "dissolution" },
};
static const int stage_unknown[] = { 0, -1, 4, INT_MIN, INT_MAX };

static const struct enum_value task_values[] = {
    { IPT_TASK_HISTORY_AND_DIAGNOSIS, "history_and_diagnosis" },
    { IPT_TASK_PSYCHOEDUCATION, "psychoeducation" },
    { IPT_TASK_SICK_ROLE, "sick_role" },
    { IPT_TASK_INTERPERSONAL_INVENTORY, "interpersonal_inventory" },
    { IPT_TASK_PROBLEM_AREA, "problem_area" },
    { IPT_TASK_INTERPERSONAL_FORMULATION, "interpersonal_formulation" },
    { IPT_TASK_TREATMENT_CONTRACT, "treatment_contract" },
    { IPT_TASK_DISCUSS_ENDING, "discuss_ending" },
    { IPT_TASK_INDEPENDENT_COMPETENCE, "independent_competence" },
    { IPT_TASK_REVIEW_GAINS, "review_gains" },
    { IPT_TASK_RELAPSE_PREVENTION, "relapse_prevention" },
    { IPT_TASK_ADDRESS_NONRESPONSE, "address_nonresponse" },
    { IPT_TASK_PLAN_CONTINUATION, "plan_continuation" },
};
static const int task_unknown[] = { 0, -1, 14, INT_MIN, INT_MAX };

static const struct enum_value reason_values[] = {
    { IPT_END_DROPOUT, "dropout" },
    { IPT_END_REFERRAL, "referral" },
    { IPT_END_OTHER, "other" },
};
static const int reason_unknown[] = { 0, -1, 4, INT_MIN, INT_MAX };

static const struct enum_value event_values[] = {
    { IPT_EVENT_START, "start" },
    { IPT_EVENT_HOLD_SESSION, "hold_session" },
    { IPT_EVENT_COMPLETE_TASK, "complete_task" },
    { IPT_EVENT_CHOOSE_FOCUS, "choose_focus" },
    { IPT_EVENT_SET_DISPUTE_STAGE, "set_dispute_stage" },
    { IPT_EVENT_ADVANCE_PHASE, "advance_phase" },
    { IPT_EVENT_DISCONTINUE, "discontinue" },
    { IPT_EVENT_RENEGOTIATE_CONTRACT, "renegotiate_contract" },
    { IPT_EVENT_ENTER_MAINTENANCE, "enter_maintenance" },
};
static const int event_unknown[] = { 0, 1, 99, -1, 109, INT_MIN, INT_MAX };

static const struct enum_value rule_values[] = {
    { IPT_RULE_NONE, "none" },
    { IPT_RULE_EVENT_ALLOWED_IN_STATE, "event_allowed_in_state" },
    { IPT_RULE_TIMESTAMP_ORDER, "timestamp_order" },
    { IPT_RULE_LOG_CAPACITY, "log_capacity" },
    { IPT_RULE_SESSION_HELD, "session_held" },
    { IPT_RULE_INITIAL_PHASE_LENGTH, "initial_phase_length" },
    { IPT_RULE_INITIAL_TASKS_DONE, "initial_tasks_done" },
    { IPT_RULE_ENDING_NOTICE, "ending_notice" },
    { IPT_RULE_TASK_IN_PHASE, "task_in_phase" },
    { IPT_RULE_TASK_ONCE, "task_once" },
    { IPT_RULE_TASK_ORDER, "task_order" },
    { IPT_RULE_FOCUS_COUNT, "focus_count" },
    { IPT_RULE_FOCUS_ALLOWED, "focus_allowed" },
    { IPT_RULE_DEFICITS_ALONE, "deficits_alone" },
    { IPT_RULE_FOCUS_CHANGED, "focus_changed" },
    { IPT_RULE_DISPUTE_IS_FOCUS, "dispute_is_focus" },
    { IPT_RULE_DISPUTE_STAGE_CHANGED, "dispute_stage_changed" },
    { IPT_RULE_CONTRACT_LIMITS, "contract_limits" },
    { IPT_RULE_CONTRACT_CHANGED, "contract_changed" },
    { IPT_RULE_CONTRACT_AFTER_HELD, "contract_after_held" },
    { IPT_RULE_CONTINUATION_PLANNED, "continuation_planned" },
    { IPT_RULE_SESSIONS_REMAIN, "sessions_remain" },
};
static const int rule_unknown[] = { -1, 22, INT_MIN, INT_MAX };

static const struct enum_value format_values[] = {
    { IPT_DIAGRAM_DOT, "dot" },
    { IPT_DIAGRAM_MERMAID, "mermaid" },
};
static const int format_unknown[] = { 0, -1, 3, INT_MIN, INT_MAX };

#define DESC(what, prefix, vals, unk)                                      \
    { what, vals, COUNT(vals), unk, COUNT(unk), prefix##_name_adapter,     \
      prefix##_from_adapter }

static const struct enum_desc all_enums[] = {
    DESC("ipt_status", ipt_status, status_values, status_unknown),
    DESC("ipt_state", ipt_state, state_values, state_unknown),
    DESC("ipt_area", ipt_area, area_values, area_unknown),
    DESC("ipt_dispute_stage", ipt_dispute_stage, stage_values,
         stage_unknown),
    DESC("ipt_task", ipt_task, task_values, task_unknown),
    DESC("ipt_end_reason", ipt_end_reason, reason_values, reason_unknown),
    DESC("ipt_event_type", ipt_event_type, event_values, event_unknown),
    DESC("ipt_rule", ipt_rule, rule_values, rule_unknown),
    DESC("ipt_diagram_format", ipt_diagram_format, format_values,
         format_unknown),
};

/* value -> name -> value for every value; names are snake_case, unique
 * within their enum, and match the documented name. */
static void
test_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(all_enums); i++) {
        const struct enum_desc *d = &all_enums[i];

        for (size_t j = 0; j < d->count; j++) {
            const char *name = d->name_of(d->values[j].value);
            int back = SENTINEL;

            if (name == NULL)
                fail_msg("%s value %d has no name", d->what,
                         d->values[j].value);
            if (!h_is_snake_case(name))
                fail_msg("%s name \"%s\" is not snake_case", d->what, name);
            if (d->values[j].name != NULL &&
                strcmp(name, d->values[j].name) != 0)
                fail_msg("%s value %d: name \"%s\", documented \"%s\"",
                         d->what, d->values[j].value, name,
                         d->values[j].name);
            assert_int_equal(d->from_name(name, &back, 0), IPT_OK);
            assert_int_equal(back, d->values[j].value);
            /* the same pointer each time (a static string) */
            assert_ptr_equal(d->name_of(d->values[j].value), name);
            for (size_t k = 0; k < j; k++) {
                if (strcmp(name, d->name_of(d->values[k].value)) == 0)
                    fail_msg("%s: name \"%s\" used twice", d->what, name);
            }
        }
    }
}

static void
test_unknown_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(all_enums); i++) {
        const struct enum_desc *d = &all_enums[i];

        for (size_t j = 0; j < d->unknown_count; j++) {
            const char *name = d->name_of(d->unknown[j]);

            if (name != NULL)
                fail_msg("%s: unknown value %d has name \"%s\"", d->what,
                         d->unknown[j], name);
        }
    }
}

static void
test_unknown_names(void **state)
{
    static const char *const bad[] = {
        "", "MIDDLE", "middle ", " middle", "nonsense", "Guard_failed",
        "guard-failed", "hold_session\n", "not_started_", "grie",
    };

    (void)state;
    for (size_t i = 0; i < COUNT(all_enums); i++) {
        const struct enum_desc *d = &all_enums[i];

        for (size_t j = 0; j < COUNT(bad); j++) {
            int out = SENTINEL;
            enum ipt_status st = d->from_name(bad[j], &out, 0);

            if (st != IPT_ERR_UNKNOWN_NAME)
                fail_msg("%s_from_name(\"%s\") returned %d", d->what, bad[j],
                         (int)st);
            assert_int_equal(out, SENTINEL);
        }
        /* a valid name of another enum is unknown here */
        {
            int out = SENTINEL;
            const char *other = i == 0 ? "middle" : "guard_failed";

            assert_int_equal(d->from_name(other, &out, 0),
                             IPT_ERR_UNKNOWN_NAME);
            assert_int_equal(out, SENTINEL);
        }
    }
}

static void
test_null_arguments(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(all_enums); i++) {
        const struct enum_desc *d = &all_enums[i];
        const char *valid = d->name_of(d->values[0].value);
        int out = SENTINEL;

        assert_non_null(valid);
        assert_int_equal(d->from_name(NULL, &out, 0),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(out, SENTINEL);
        assert_int_equal(d->from_name(valid, NULL, 1),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(d->from_name(NULL, NULL, 1),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(d->from_name("nonsense", NULL, 1),
                         IPT_ERR_INVALID_ARGUMENT);
    }
}

/* Names are matched exactly: case-sensitive, no prefix matching. */
static void
test_exact_match(void **state)
{
    enum ipt_state s = IPT_STATE_MAINTENANCE;
    enum ipt_event_type e = IPT_EVENT_START;

    (void)state;
    assert_int_equal(ipt_state_from_name("middle", &s), IPT_OK);
    assert_int_equal(s, IPT_STATE_MIDDLE);
    assert_int_equal(ipt_state_from_name("Middle", &s), IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(s, IPT_STATE_MIDDLE);
    assert_int_equal(ipt_event_type_from_name("hold", &e),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(e, IPT_EVENT_START);
    assert_int_equal(ipt_event_type_from_name("hold_session", &e), IPT_OK);
    assert_int_equal(e, IPT_EVENT_HOLD_SESSION);
}

static void
test_status_message(void **state)
{
    static const int unknown[] = { -1, 23, 100, INT_MIN, INT_MAX };

    (void)state;
    for (size_t i = 0; i < COUNT(status_values); i++) {
        enum ipt_status st = (enum ipt_status)status_values[i].value;
        const char *msg = ipt_status_message(st);

        assert_non_null(msg);
        assert_true(strlen(msg) > 0);
        if (strcmp(msg, "unknown status code") == 0)
            fail_msg("status %d has the message of an unknown code",
                     status_values[i].value);
        for (size_t k = 0; k < i; k++) {
            if (strcmp(msg, ipt_status_message(
                                (enum ipt_status)status_values[k].value)) == 0)
                fail_msg("statuses %d and %d share the message \"%s\"",
                         status_values[k].value, status_values[i].value,
                         msg);
        }
    }
    for (size_t i = 0; i < COUNT(unknown); i++) {
        const char *msg = ipt_status_message((enum ipt_status)unknown[i]);

        assert_non_null(msg);
        assert_string_equal(msg, "unknown status code");
    }
}

static void
test_rule_description(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(rule_values); i++) {
        enum ipt_rule r = (enum ipt_rule)rule_values[i].value;
        const char *d = ipt_rule_description(r);

        if (d == NULL)
            fail_msg("rule %s has no description", ipt_rule_name(r));
        assert_true(strlen(d) > 0);
        for (size_t k = 0; k < i; k++) {
            if (strcmp(d, ipt_rule_description(
                              (enum ipt_rule)rule_values[k].value)) == 0)
                fail_msg("rules %d and %d share the description \"%s\"",
                         rule_values[k].value, rule_values[i].value, d);
        }
    }
    for (size_t i = 0; i < COUNT(rule_unknown); i++)
        assert_null(ipt_rule_description((enum ipt_rule)rule_unknown[i]));
}

static void
test_task_phase(void **state)
{
    (void)state;
    for (int t = H_TASK_FIRST; t <= H_TASK_LAST; t++) {
        enum ipt_state phase = (enum ipt_state)SENTINEL;
        enum ipt_state want = (IPT_TASK_BIT(t) & IPT_TASKS_INITIAL) != 0
                                  ? IPT_STATE_INITIAL
                                  : IPT_STATE_TERMINATION;

        assert_int_equal(ipt_task_phase((enum ipt_task)t, &phase), IPT_OK);
        assert_int_equal(phase, want);
        assert_int_equal(ipt_task_phase((enum ipt_task)t, NULL),
                         IPT_ERR_INVALID_ARGUMENT);
    }
    /* the task masks match the documented split: 1-7 initial, 8-13
     * termination */
    assert_int_equal(IPT_TASKS_INITIAL,
                     IPT_TASK_BIT(IPT_TASK_HISTORY_AND_DIAGNOSIS) |
                         IPT_TASK_BIT(IPT_TASK_PSYCHOEDUCATION) |
                         IPT_TASK_BIT(IPT_TASK_SICK_ROLE) |
                         IPT_TASK_BIT(IPT_TASK_INTERPERSONAL_INVENTORY) |
                         IPT_TASK_BIT(IPT_TASK_PROBLEM_AREA) |
                         IPT_TASK_BIT(IPT_TASK_INTERPERSONAL_FORMULATION) |
                         IPT_TASK_BIT(IPT_TASK_TREATMENT_CONTRACT));
    for (size_t i = 0; i < COUNT(task_unknown); i++) {
        enum ipt_state phase = (enum ipt_state)SENTINEL;

        assert_int_equal(ipt_task_phase((enum ipt_task)task_unknown[i],
                                        &phase),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(phase, SENTINEL);
    }
}

static void
test_version(void **state)
{
    char expect[32];

    (void)state;
    assert_int_equal(ipt_version(), IPT_VERSION_NUMBER);
    assert_non_null(ipt_version_string());
    assert_string_equal(ipt_version_string(), IPT_VERSION_STRING);
    snprintf(expect, sizeof(expect), "%d.%d.%d", IPT_VERSION_MAJOR,
             IPT_VERSION_MINOR, IPT_VERSION_PATCH);
    assert_string_equal(IPT_VERSION_STRING, expect);
    assert_int_equal(ipt_version() >> 16, IPT_VERSION_MAJOR);
    assert_int_equal((ipt_version() >> 8) & 0xFFu, IPT_VERSION_MINOR);
    assert_int_equal(ipt_version() & 0xFFu, IPT_VERSION_PATCH);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_unknown_values),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_exact_match),
        cmocka_unit_test(test_status_message),
        cmocka_unit_test(test_rule_description),
        cmocka_unit_test(test_task_phase),
        cmocka_unit_test(test_version),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
