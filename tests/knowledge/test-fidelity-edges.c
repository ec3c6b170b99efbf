/* SPDX-License-Identifier: MIT */
/*
 * The fidelity report at its edges, white box: the focus rules on event
 * logs the course machine never writes (interpersonal deficits with
 * another area, every focus finding at once), the ending-notice deadline
 * when the notice is as long as the course, and the safety rule on a
 * course of the longest length a profile may plan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <ipt/ipt.h>

#include "internal.h"

#include "../records/helpers.h"

#define MAX_FINDINGS 16

static uint32_t
check(const struct ipt_course *c, const struct ipt_profile *p,
      struct ipt_finding *out)
{
    uint32_t n = 0;

    assert_int_equal(ipt_fidelity_check(c, p, out, MAX_FINDINGS, &n),
                     IPT_OK);
    assert_true(n <= MAX_FINDINGS);
    return n;
}

/* Findings of @p rule among out[0..n). */
static uint32_t
count_rule(const struct ipt_finding *out, uint32_t n,
           enum ipt_fidelity_rule rule)
{
    uint32_t k = 0;

    for (uint32_t i = 0; i < n; i++)
        k += out[i].rule == (int32_t)rule;
    return k;
}

/* Makes the focus that the log records for the course's first
 * choose_focus @p areas, as a log the machine never writes would. */
static void
forge_focus(struct ipt_course *c, uint32_t areas)
{
    for (uint32_t i = 0; i < c->log_count; i++) {
        if (c->log[i].type == IPT_EVENT_CHOOSE_FOCUS) {
            c->log[i].focus_after = areas;
            return;
        }
    }
    fail_msg("no choose_focus in the log");
}

/* deficits_alone fires on a focus of interpersonal deficits and another
 * area, once, at the session of the choice. */
static void
test_deficits_alone(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_finding out[MAX_FINDINGS];
    uint32_t n;

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE);
    n = check(c, NULL, out);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_DEFICITS_ALONE), 0);

    forge_focus(c, H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS) |
                       H_BIT(IPT_AREA_ROLE_DISPUTE));
    n = check(c, NULL, out);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_DEFICITS_ALONE), 1);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_FOCUS_COUNT), 0);
    for (uint32_t i = 0; i < n; i++) {
        if (out[i].rule != IPT_FIDELITY_DEFICITS_ALONE)
            continue;
        assert_int_equal(out[i].severity, IPT_SEVERITY_ERROR);
        assert_int_equal(out[i].session, 1);
        assert_string_equal(out[i].message, "interpersonal deficits chosen "
                                            "together with another area");
    }

    /* Deficits alone is fine. */
    forge_focus(c, H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS));
    n = check(c, NULL, out);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_DEFICITS_ALONE), 0);
    ipt_course_free(c);
}

/* Every focus finding at once: too many areas, four areas a one-area
 * profile does not allow, deficits with others.  The six findings come
 * in rule order and, for focus_allowed, in area order. */
static void
test_every_focus_finding(void **state)
{
    const struct ipt_profile_params pp =
        h_params(16, 12, 16, 3, 4, 2, 1, H_BIT(IPT_AREA_GRIEF));
    struct ipt_profile *grief_only = NULL;
    struct ipt_course *c = h_new_standard();
    struct ipt_finding out[MAX_FINDINGS];
    static const char *const allowed_msgs[] = {
        "problem area 'role_dispute' chosen, which profile 'grief_only' "
        "does not allow",
        "problem area 'role_transition' chosen, which profile 'grief_only' "
        "does not allow",
        "problem area 'interpersonal_deficits' chosen, which profile "
        "'grief_only' does not allow",
        "problem area 'lost_healthy_self' chosen, which profile "
        "'grief_only' does not allow",
    };
    uint32_t n, k = 0;

    (void)state;
    assert_int_equal(ipt_profile_new("grief_only", &pp, NULL, &grief_only),
                     IPT_OK);
    h_drive(c, IPT_STATE_MIDDLE);
    forge_focus(c, IPT_AREAS_ALL);
    n = check(c, grief_only, out);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_FOCUS_COUNT), 1);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_FOCUS_ALLOWED), 4);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_DEFICITS_ALONE), 1);
    for (uint32_t i = 0; i < n; i++) {
        if (out[i].rule == IPT_FIDELITY_FOCUS_COUNT)
            assert_string_equal(out[i].message,
                                "5 focal areas chosen; profile "
                                "'grief_only' allows at most 1");
        if (out[i].rule == IPT_FIDELITY_FOCUS_ALLOWED)
            assert_string_equal(out[i].message, allowed_msgs[k++]);
        if (i > 0 && out[i].session == out[i - 1].session)
            assert_true(out[i].rule >= out[i - 1].rule);
    }
    ipt_profile_free(grief_only);
    ipt_course_free(c);
}

/* A completed course of 3 sessions: start, focus, the initial tasks,
 * the middle phase from session 2, termination at session 3 with the
 * ending discussed there. */
static struct ipt_course *
three_session_course(void)
{
    const struct ipt_profile_params pp =
        h_params(3, 3, 3, 1, 1, 1, 1, IPT_AREAS_CORE);
    struct ipt_course *c = h_new_custom(&pp);

    h_to_initial(c, IPT_TASKS_INITIAL);
    h_advance(c);
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    h_task(c, IPT_TASK_PLAN_CONTINUATION);
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    assert_int_equal(h_held(c), 3);
    return c;
}

/* The deadline is the last session minus the notice, and session 0 when
 * the notice is as long as the course or longer. */
static void
test_ending_notice_as_long_as_the_course(void **state)
{
    static const struct {
        uint32_t notice;
        const char *message;    /* NULL: no finding */
    } cases[] = {
        { 1, NULL },
        { 2, "the ending was discussed at session 2; with 3 sessions it is "
             "due by session 1 (2 ahead)" },
        { 3, "the ending was discussed at session 2; with 3 sessions it is "
             "due by session 0 (3 ahead)" },
        { 4, "the ending was discussed at session 2; with 3 sessions it is "
             "due by session 0 (4 ahead)" },
    };
    struct ipt_course *c = three_session_course();
    struct ipt_finding out[MAX_FINDINGS];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct ipt_profile_params pp =
            h_params(8, 6, 8, 1, 4, cases[i].notice, 1, IPT_AREAS_CORE);
        struct ipt_profile *p = NULL;
        uint32_t n, k = 0;

        assert_int_equal(ipt_profile_new("notice", &pp, NULL, &p), IPT_OK);
        n = check(c, p, out);
        for (uint32_t j = 0; j < n; j++) {
            if (out[j].rule != IPT_FIDELITY_ENDING_NOTICE)
                continue;
            k++;
            assert_non_null(cases[i].message);
            assert_int_equal(out[j].session, 2);
            assert_string_equal(out[j].message, cases[i].message);
        }
        assert_int_equal(k, cases[i].message != NULL ? 1 : 0);
        ipt_profile_free(p);
    }
    ipt_course_free(c);
}

/* A course of IPT_PROFILE_MAX_SESSIONS sessions with PHQ-9 item 9 above 0
 * in its last two: both are judged, the last one as an ended course's. */
static void
test_safety_at_the_last_possible_session(void **state)
{
    const uint32_t last = IPT_PROFILE_MAX_SESSIONS;
    const struct ipt_profile_params pp =
        h_params(last, last, last, 3, 4, 2, 1, IPT_AREAS_CORE);
    struct ipt_course *c = h_new_custom(&pp);
    struct ipt_finding out[MAX_FINDINGS];
    struct ipt_measure m = h_phq9(1, 1);
    uint32_t n, k = 0;

    (void)state;
    h_to_initial(c, IPT_TASKS_INITIAL);
    h_advance(c);
    while (h_state(c) == IPT_STATE_MIDDLE)
        h_hold(c);
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    h_task(c, IPT_TASK_PLAN_CONTINUATION);
    while (h_state(c) == IPT_STATE_TERMINATION)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    assert_int_equal(h_held(c), last);
    assert_int_equal(ipt_course_record_measure(c, last - 1, &m), IPT_OK);
    assert_int_equal(ipt_course_record_measure(c, last, &m), IPT_OK);

    n = check(c, NULL, out);
    for (uint32_t i = 0; i < n; i++) {
        if (out[i].rule != IPT_FIDELITY_SAFETY_FOLLOW_UP)
            continue;
        assert_int_equal(out[i].session, last - 1 + k);
        assert_int_equal(out[i].severity, IPT_SEVERITY_ERROR);
        k++;
    }
    assert_int_equal(k, 2);

    /* A safety assessment in the last session covers both. */
    assert_int_equal(ipt_course_record_techniques(
                         c, last, IPT_TECHNIQUE_BIT(
                                      IPT_TECHNIQUE_SAFETY_ASSESSMENT)),
                     IPT_OK);
    n = check(c, NULL, out);
    assert_int_equal(count_rule(out, n, IPT_FIDELITY_SAFETY_FOLLOW_UP), 0);
    ipt_course_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deficits_alone),
        cmocka_unit_test(test_every_focus_finding),
        cmocka_unit_test(test_ending_notice_as_long_as_the_course),
        cmocka_unit_test(test_safety_at_the_last_possible_session),
    };

    return cmocka_run_group_tests_name("fidelity-edges", tests, NULL, NULL);
}
