/* SPDX-License-Identifier: MIT */
/*
 * The protocol rules of docs/protocol.md, one test per rule; the automatic
 * transitions; the event log and its capacity; the observer; a full
 * 16-session standard course; the getters in each state; and argument
 * checking of every course function.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

#define SENTINEL 0x5A5A

/*
 * Applies @p e, which must be refused with @p want and @p rule, and checks
 * that: ipt_course_check() agreed beforehand (same status, rule and message)
 * without changing anything; the refusal changed nothing observable; the
 * message is not empty.  Returns the message (owned by the course).
 */
static const char *
refuse(struct ipt_course *c, const struct ipt_event *e, enum ipt_status want,
       enum ipt_rule rule)
{
    struct h_snapshot before = h_snapshot_take(c);
    struct h_snapshot after;
    char check_msg[512];
    char error_before[512];
    enum ipt_rule check_rule = (enum ipt_rule)SENTINEL;
    enum ipt_status check_st, st;
    const char *msg;

    snprintf(error_before, sizeof(error_before), "%s",
             ipt_course_last_error(c));
    memset(check_msg, 'x', sizeof(check_msg));
    check_st = ipt_course_check(c, e, &check_rule, check_msg,
                                sizeof(check_msg));
    assert_string_equal(ipt_course_last_error(c), error_before);
    st = ipt_course_apply(c, e);
    msg = ipt_course_last_error(c);
    if (st != want || ipt_course_last_rule(c) != rule)
        fail_msg("event %s: got %s / rule %s (\"%s\"), expected %s / %s",
                 ipt_event_type_name((enum ipt_event_type)e->type),
                 ipt_status_name(st),
                 ipt_rule_name(ipt_course_last_rule(c)), msg,
                 ipt_status_name(want), ipt_rule_name(rule));
    assert_int_equal(check_st, st);
    assert_int_equal(check_rule, rule);
    assert_non_null(msg);
    assert_true(strlen(msg) > 0);
    assert_string_equal(check_msg, msg);
    after = h_snapshot_take(c);
    h_snapshot_assert_equal(&before, &after);
    return msg;
}

/* refuse() for an event built from its parts, timestamped after the log. */
static const char *
refuse_ev(struct ipt_course *c, int type, int32_t value, uint32_t areas,
          enum ipt_status want, enum ipt_rule rule)
{
    struct ipt_event e = h_event(type, value, areas, h_next_ts(c));

    return refuse(c, &e, want, rule);
}

static const char *
refuse_guard(struct ipt_course *c, int type, int32_t value, uint32_t areas,
             enum ipt_rule rule)
{
    return refuse_ev(c, type, value, areas, IPT_ERR_GUARD_FAILED, rule);
}

/* The course used by the rules about custom contracts: 12 planned
 * sessions, 6 to 12 allowed, initial phase sessions 1-2, termination the
 * last 3, no ending notice, one focal area. */
static struct ipt_course *
new_short_course(void)
{
    struct ipt_profile_params p = h_params(12, 6, 12, 2, 3, 0, 1,
                                           IPT_AREAS_ALL);

    return h_new_custom(&p);
}

/* start, session 1, focus grief, every initial task, advance. */
static void
to_middle_grief(struct ipt_course *c)
{
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    h_initial_tasks(c, IPT_TASKS_INITIAL);
    h_advance(c);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
}

/* ---- one test per rule ------------------------------------------------- */

static void
test_rule_event_allowed_in_state(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    refuse_ev(c, IPT_EVENT_HOLD_SESSION, 0, 0, IPT_ERR_EVENT_NOT_ALLOWED,
              IPT_RULE_EVENT_ALLOWED_IN_STATE);
    h_drive(c, IPT_STATE_TERMINATION);
    /* the contract cannot be renegotiated in the termination phase */
    refuse_ev(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 13, 0,
              IPT_ERR_EVENT_NOT_ALLOWED, IPT_RULE_EVENT_ALLOWED_IN_STATE);
    refuse_ev(c, IPT_EVENT_ADVANCE_PHASE, 0, 0, IPT_ERR_EVENT_NOT_ALLOWED,
              IPT_RULE_EVENT_ALLOWED_IN_STATE);
    ipt_course_free(c);
}

static void
test_rule_timestamp_order(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e;

    (void)state;
    e = h_event(IPT_EVENT_START, 0, 0, 1000);
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);

    /* earlier than the previous accepted event */
    e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, 999);
    refuse(c, &e, IPT_ERR_OUT_OF_RANGE, IPT_RULE_TIMESTAMP_ORDER);
    e.timestamp = INT64_MIN;
    refuse(c, &e, IPT_ERR_OUT_OF_RANGE, IPT_RULE_TIMESTAMP_ORDER);

    /* the timestamp rule comes before the guards: a guard-failing event
     * with an old timestamp is refused for its timestamp */
    e = h_event(IPT_EVENT_COMPLETE_TASK, IPT_TASK_PSYCHOEDUCATION, 0, 5);
    refuse(c, &e, IPT_ERR_OUT_OF_RANGE, IPT_RULE_TIMESTAMP_ORDER);

    /* the same timestamp is fine */
    e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, 1000);
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);

    /* a refused event does not move the clock */
    e = h_event(IPT_EVENT_COMPLETE_TASK, IPT_TASK_PROBLEM_AREA, 0, 5000);
    refuse(c, &e, IPT_ERR_GUARD_FAILED, IPT_RULE_TASK_ORDER);
    e = h_event(IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE, 0, 2000);
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
    assert_true(h_log_last(c).timestamp == 2000);
    ipt_course_free(c);

    /* any unit, any sign: the first event may carry any timestamp */
    c = h_new_standard();
    e = h_event(IPT_EVENT_START, 0, 0, INT64_MIN);
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
    e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, -5);
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
    e = h_event(IPT_EVENT_DISCONTINUE, IPT_END_OTHER, 0, INT64_MAX);
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
    ipt_course_free(c);
}

static void
test_rule_session_held(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_HISTORY_AND_DIAGNOSIS, 0,
                 IPT_RULE_SESSION_HELD);
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0, H_BIT(IPT_AREA_GRIEF),
                 IPT_RULE_SESSION_HELD);
    /* session_held is checked before dispute_is_focus */
    refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0,
                 IPT_RULE_SESSION_HELD);
    h_hold(c);
    h_task(c, IPT_TASK_HISTORY_AND_DIAGNOSIS);
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
    h_stage(c, IPT_DISPUTE_IMPASSE);
    ipt_course_free(c);
}

/* sessions_remain is a safety net behind the automatic transitions: a
 * course never reaches a state in which a session may be held while no
 * planned session is left.  Every hold_session of a full course is
 * accepted, and the one after the last planned session is refused by the
 * table (the course has completed). */
static void
test_rule_sessions_remain(void **state)
{
    struct ipt_course *c = new_short_course();
    uint32_t held, planned, remaining;

    (void)state;
    to_middle_grief(c);
    while (h_state(c) != IPT_STATE_COMPLETED) {
        assert_int_equal(ipt_course_get_sessions(c, &held, &planned,
                                                 &remaining), IPT_OK);
        assert_true(remaining > 0);
        h_hold(c);
    }
    assert_int_equal(ipt_course_get_sessions(c, &held, &planned, &remaining),
                     IPT_OK);
    assert_int_equal(held, 12);
    assert_int_equal(remaining, 0);
    refuse_ev(c, IPT_EVENT_HOLD_SESSION, 0, 0, IPT_ERR_EVENT_NOT_ALLOWED,
              IPT_RULE_EVENT_ALLOWED_IN_STATE);
    assert_non_null(ipt_rule_description(IPT_RULE_SESSIONS_REMAIN));
    ipt_course_free(c);
}

static void
test_rule_initial_phase_length(void **state)
{
    struct ipt_course *c = h_new_standard();
    const char *msg;

    (void)state;
    h_start(c);
    h_hold(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    h_initial_tasks(c, IPT_TASKS_INITIAL &
                           ~(IPT_TASK_BIT(IPT_TASK_INTERPERSONAL_FORMULATION) |
                             IPT_TASK_BIT(IPT_TASK_TREATMENT_CONTRACT)));
    h_hold(c); /* session 3, the last initial session */
    assert_int_equal(h_held(c), 3);

    msg = refuse_guard(c, IPT_EVENT_HOLD_SESSION, 0, 0,
                       IPT_RULE_INITIAL_PHASE_LENGTH);
    /* the message names the missing tasks, and only those */
    if (!h_contains(msg, "interpersonal formulation") ||
        !h_contains(msg, "treatment contract"))
        fail_msg("message \"%s\" does not name the missing tasks", msg);
    if (h_contains(msg, "psychoeducation") || h_contains(msg, "inventory"))
        fail_msg("message \"%s\" names a task that is done", msg);

    /* all tasks done but still in the initial phase: still refused */
    h_task(c, IPT_TASK_INTERPERSONAL_FORMULATION);
    h_task(c, IPT_TASK_TREATMENT_CONTRACT);
    refuse_guard(c, IPT_EVENT_HOLD_SESSION, 0, 0,
                 IPT_RULE_INITIAL_PHASE_LENGTH);

    /* once in the middle phase, session 4 is held */
    h_advance(c);
    h_hold(c);
    assert_int_equal(h_held(c), 4);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    ipt_course_free(c);
}

/* With a custom initial phase of 4 sessions, session 4 is still held in the
 * initial phase and session 5 is not. */
static void
test_rule_initial_phase_length_custom(void **state)
{
    struct ipt_profile_params p = h_params(16, 12, 16, 4, 4, 2, 1,
                                           IPT_AREAS_ALL);
    struct ipt_course *c = h_new_custom(&p);

    (void)state;
    h_start(c);
    for (int i = 0; i < 4; i++)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_INITIAL);
    refuse_guard(c, IPT_EVENT_HOLD_SESSION, 0, 0,
                 IPT_RULE_INITIAL_PHASE_LENGTH);
    ipt_course_free(c);
}

static void
test_rule_ending_notice(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_drive(c, IPT_STATE_TERMINATION); /* 12 sessions held */
    h_hold(c);                         /* 13 */
    h_hold(c);                         /* 14 = planned - 2 */
    /* session 15 = planned - k + 1 needs the ending discussed */
    refuse_guard(c, IPT_EVENT_HOLD_SESSION, 0, 0, IPT_RULE_ENDING_NOTICE);
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    h_hold(c);
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    ipt_course_free(c);
}

/* A renegotiated contract in the middle phase leaves at least the notice
 * after the sessions already held. */
static void
test_rule_ending_notice_renegotiation(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE);
    while (h_held(c) < 11)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    /* 12 planned with 11 held leaves 1 < 2 sessions */
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 12, 0,
                 IPT_RULE_ENDING_NOTICE);
    /* 13 leaves 2: accepted, and the course is now within the termination
     * window */
    h_renegotiate(c, 13);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    assert_int_equal(h_planned(c), 13);
    /* session 12 = 13 - 2 + 1 needs the ending discussed */
    refuse_guard(c, IPT_EVENT_HOLD_SESSION, 0, 0, IPT_RULE_ENDING_NOTICE);
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    h_hold(c);
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    assert_int_equal(h_held(c), 13);
    ipt_course_free(c);
}

/* ending_notice_sessions = 0 disables the rule. */
static void
test_rule_ending_notice_disabled(void **state)
{
    struct ipt_course *c = new_short_course();

    (void)state;
    to_middle_grief(c);
    while (h_state(c) != IPT_STATE_COMPLETED)
        h_hold(c);
    assert_int_equal(h_held(c), 12);
    assert_int_equal(h_done(c) & IPT_TASKS_TERMINATION, 0);
    ipt_course_free(c);
}

static void
test_rule_initial_tasks_done(void **state)
{
    struct ipt_course *c = h_new_standard();
    const char *msg;

    (void)state;
    h_start(c);
    h_hold(c);
    msg = refuse_guard(c, IPT_EVENT_ADVANCE_PHASE, 0, 0,
                       IPT_RULE_INITIAL_TASKS_DONE);
    if (!h_contains(msg, "interpersonal formulation") ||
        !h_contains(msg, "treatment contract") ||
        !h_contains(msg, "psychoeducation"))
        fail_msg("message \"%s\" does not name every missing task", msg);

    h_focus(c, H_BIT(IPT_AREA_ROLE_TRANSITION));
    h_initial_tasks(c, IPT_TASKS_INITIAL &
                           ~(IPT_TASK_BIT(IPT_TASK_INTERPERSONAL_FORMULATION) |
                             IPT_TASK_BIT(IPT_TASK_TREATMENT_CONTRACT)));
    msg = refuse_guard(c, IPT_EVENT_ADVANCE_PHASE, 0, 0,
                       IPT_RULE_INITIAL_TASKS_DONE);
    if (!h_contains(msg, "interpersonal formulation") ||
        !h_contains(msg, "treatment contract"))
        fail_msg("message \"%s\" does not name the missing tasks", msg);
    if (h_contains(msg, "psychoeducation") || h_contains(msg, "inventory") ||
        h_contains(msg, "sick role"))
        fail_msg("message \"%s\" names a task that is done", msg);

    h_task(c, IPT_TASK_INTERPERSONAL_FORMULATION);
    msg = refuse_guard(c, IPT_EVENT_ADVANCE_PHASE, 0, 0,
                       IPT_RULE_INITIAL_TASKS_DONE);
    if (!h_contains(msg, "treatment contract") ||
        h_contains(msg, "interpersonal formulation"))
        fail_msg("message \"%s\" should name only the treatment contract",
                 msg);
    h_task(c, IPT_TASK_TREATMENT_CONTRACT);
    h_advance(c);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    ipt_course_free(c);
}

static void
test_rule_task_in_phase(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    h_hold(c);
    for (int t = IPT_TASK_DISCUSS_ENDING; t <= IPT_TASK_PLAN_CONTINUATION; t++)
        refuse_guard(c, IPT_EVENT_COMPLETE_TASK, t, 0,
                     IPT_RULE_TASK_IN_PHASE);
    ipt_course_free(c);

    c = h_new_standard();
    h_drive(c, IPT_STATE_TERMINATION);
    for (int t = IPT_TASK_HISTORY_AND_DIAGNOSIS;
         t <= IPT_TASK_TREATMENT_CONTRACT; t++)
        refuse_guard(c, IPT_EVENT_COMPLETE_TASK, t, 0,
                     IPT_RULE_TASK_IN_PHASE);
    /* every termination task is accepted in its phase */
    for (int t = IPT_TASK_DISCUSS_ENDING; t <= IPT_TASK_PLAN_CONTINUATION; t++)
        h_task(c, t);
    assert_int_equal(h_done(c), IPT_TASKS_INITIAL | IPT_TASKS_TERMINATION);
    ipt_course_free(c);
}

static void
test_rule_task_once(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    h_hold(c);
    h_task(c, IPT_TASK_SICK_ROLE);
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE, 0,
                 IPT_RULE_TASK_ONCE);
    h_hold(c);
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE, 0,
                 IPT_RULE_TASK_ONCE);
    ipt_course_free(c);

    c = h_new_standard();
    h_drive(c, IPT_STATE_TERMINATION);
    h_task(c, IPT_TASK_REVIEW_GAINS);
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_REVIEW_GAINS, 0,
                 IPT_RULE_TASK_ONCE);
    ipt_course_free(c);
}

static void
test_rule_task_order(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    h_hold(c);
    /* problem_area needs a focus */
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_PROBLEM_AREA, 0,
                 IPT_RULE_TASK_ORDER);
    /* interpersonal_formulation needs problem_area */
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK,
                 IPT_TASK_INTERPERSONAL_FORMULATION, 0, IPT_RULE_TASK_ORDER);
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK,
                 IPT_TASK_INTERPERSONAL_FORMULATION, 0, IPT_RULE_TASK_ORDER);
    h_task(c, IPT_TASK_PROBLEM_AREA);
    h_task(c, IPT_TASK_INTERPERSONAL_FORMULATION);
    /* the other tasks need no order */
    h_task(c, IPT_TASK_TREATMENT_CONTRACT);
    h_task(c, IPT_TASK_HISTORY_AND_DIAGNOSIS);
    ipt_course_free(c);
}

static void
test_rule_focus_count(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    h_hold(c);
    /* at least one area */
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0, 0, IPT_RULE_FOCUS_COUNT);
    /* at most max_focal_areas (2) */
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                 H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_DISPUTE) |
                     H_BIT(IPT_AREA_ROLE_TRANSITION),
                 IPT_RULE_FOCUS_COUNT);
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0, IPT_AREAS_ALL,
                 IPT_RULE_FOCUS_COUNT);
    h_focus(c, H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_DISPUTE));
    assert_int_equal(h_focus_mask(c),
                     H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_DISPUTE));
    ipt_course_free(c);

    /* a profile allowing one focal area */
    {
        struct ipt_profile_params p = h_params(16, 12, 16, 3, 4, 2, 1,
                                               IPT_AREAS_ALL);

        c = h_new_custom(&p);
        h_start(c);
        h_hold(c);
        refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                     H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_DISPUTE),
                     IPT_RULE_FOCUS_COUNT);
        h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
        ipt_course_free(c);
    }
}

static void
test_rule_focus_allowed(void **state)
{
    const uint32_t allowed = H_BIT(IPT_AREA_GRIEF) |
                             H_BIT(IPT_AREA_ROLE_TRANSITION);
    struct ipt_profile_params p = h_params(16, 12, 16, 3, 4, 2, 2, allowed);
    struct ipt_course *c = h_new_custom(&p);

    (void)state;
    h_start(c);
    h_hold(c);
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0, H_BIT(IPT_AREA_ROLE_DISPUTE),
                 IPT_RULE_FOCUS_ALLOWED);
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                 H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_DISPUTE),
                 IPT_RULE_FOCUS_ALLOWED);
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                 H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS),
                 IPT_RULE_FOCUS_ALLOWED);
    h_focus(c, H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_TRANSITION));
    ipt_course_free(c);
}

static void
test_rule_deficits_alone(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    h_hold(c);
    for (int a = IPT_AREA_GRIEF; a <= IPT_AREA_ROLE_TRANSITION; a++)
        refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                     H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS) | H_BIT(a),
                     IPT_RULE_DEFICITS_ALONE);
    h_focus(c, H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS));
    assert_int_equal(h_focus_mask(c), H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS));
    ipt_course_free(c);
}

static void
test_rule_focus_changed(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0, H_BIT(IPT_AREA_GRIEF),
                 IPT_RULE_FOCUS_CHANGED);
    /* a different choice replaces the earlier one */
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE) | H_BIT(IPT_AREA_GRIEF));
    assert_int_equal(h_focus_mask(c),
                     H_BIT(IPT_AREA_ROLE_DISPUTE) | H_BIT(IPT_AREA_GRIEF));
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                 H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_DISPUTE),
                 IPT_RULE_FOCUS_CHANGED);
    h_focus(c, H_BIT(IPT_AREA_ROLE_TRANSITION));
    assert_int_equal(h_focus_mask(c), H_BIT(IPT_AREA_ROLE_TRANSITION));
    ipt_course_free(c);
}

/* Choosing a focus without role dispute clears the dispute stage. */
static void
test_focus_change_clears_stage(void **state)
{
    struct ipt_course *c = h_new_standard();
    enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;

    (void)state;
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
    h_stage(c, IPT_DISPUTE_IMPASSE);
    /* keeping role dispute keeps the stage */
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE) | H_BIT(IPT_AREA_GRIEF));
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage), IPT_OK);
    assert_int_equal(stage, IPT_DISPUTE_IMPASSE);
    /* dropping it clears the stage */
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    stage = (enum ipt_dispute_stage)SENTINEL;
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(stage, SENTINEL);
    ipt_course_free(c);
}

/* A new choice that adds role dispute starts without a stage, also after a
 * dissolution. */
static void
test_focus_adding_dispute_clears_stage(void **state)
{
    struct ipt_course *c = h_new_standard();
    enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;

    (void)state;
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
    h_stage(c, IPT_DISPUTE_DISSOLUTION);
    assert_int_equal(h_focus_mask(c), H_BIT(IPT_AREA_ROLE_TRANSITION));
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage), IPT_OK);
    assert_int_equal(stage, IPT_DISPUTE_DISSOLUTION);
    /* choosing role dispute again (in the initial phase) */
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE) |
                   H_BIT(IPT_AREA_ROLE_TRANSITION));
    stage = (enum ipt_dispute_stage)SENTINEL;
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(stage, SENTINEL);
    /* so the new dispute can be staged from the start */
    h_stage(c, IPT_DISPUTE_IMPASSE);
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage), IPT_OK);
    assert_int_equal(stage, IPT_DISPUTE_IMPASSE);
    ipt_course_free(c);
}

/* Whatever a dissolution does in a profile that does not allow role
 * transition, the focus never holds an area the profile forbids. */
static void
test_dissolution_respects_allowed_areas(void **state)
{
    struct ipt_profile_params p = h_params(16, 12, 16, 3, 4, 2, 2,
                                           H_BIT(IPT_AREA_ROLE_DISPUTE) |
                                               H_BIT(IPT_AREA_GRIEF));
    struct ipt_course *c = h_new_custom(&p);
    enum ipt_status st;

    (void)state;
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
    st = h_try(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_DISSOLUTION, 0);
    if (st == IPT_OK) {
        if ((h_focus_mask(c) & ~p.allowed_areas) != 0)
            fail_msg("focus 0x%x after dissolution holds an area the "
                     "profile forbids", (unsigned)h_focus_mask(c));
    } else {
        assert_int_equal(st, IPT_ERR_GUARD_FAILED);
        assert_int_equal(h_focus_mask(c), H_BIT(IPT_AREA_ROLE_DISPUTE));
    }
    ipt_course_free(c);
}

static void
test_rule_dispute_is_focus(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_start(c);
    h_hold(c);
    /* no focus at all */
    refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_RENEGOTIATION, 0,
                 IPT_RULE_DISPUTE_IS_FOCUS);
    /* a focus without role dispute */
    h_focus(c, H_BIT(IPT_AREA_GRIEF) | H_BIT(IPT_AREA_ROLE_TRANSITION));
    for (int s = IPT_DISPUTE_RENEGOTIATION; s <= IPT_DISPUTE_DISSOLUTION; s++)
        refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, s, 0,
                     IPT_RULE_DISPUTE_IS_FOCUS);
    ipt_course_free(c);

    /* also in the middle phase */
    c = h_new_standard();
    to_middle_grief(c);
    refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0,
                 IPT_RULE_DISPUTE_IS_FOCUS);
    ipt_course_free(c);
}

static void
test_rule_dispute_stage_changed(void **state)
{
    struct ipt_course *c = h_new_standard();
    enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;

    (void)state;
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(stage, SENTINEL);
    h_stage(c, IPT_DISPUTE_RENEGOTIATION);
    refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_RENEGOTIATION, 0,
                 IPT_RULE_DISPUTE_STAGE_CHANGED);
    /* renegotiation and impasse follow each other in either direction */
    h_stage(c, IPT_DISPUTE_IMPASSE);
    refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0,
                 IPT_RULE_DISPUTE_STAGE_CHANGED);
    h_stage(c, IPT_DISPUTE_RENEGOTIATION);
    h_stage(c, IPT_DISPUTE_IMPASSE);
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage), IPT_OK);
    assert_int_equal(stage, IPT_DISPUTE_IMPASSE);
    ipt_course_free(c);
}

/* Dissolution is final: role dispute becomes role transition, and no
 * further stage can be set. */
static void
test_dissolution(void **state)
{
    static const struct {
        uint32_t before, after;
    } cases[] = {
        { H_BIT(IPT_AREA_ROLE_DISPUTE), H_BIT(IPT_AREA_ROLE_TRANSITION) },
        { H_BIT(IPT_AREA_ROLE_DISPUTE) | H_BIT(IPT_AREA_ROLE_TRANSITION),
          H_BIT(IPT_AREA_ROLE_TRANSITION) },
        { H_BIT(IPT_AREA_ROLE_DISPUTE) | H_BIT(IPT_AREA_GRIEF),
          H_BIT(IPT_AREA_ROLE_TRANSITION) | H_BIT(IPT_AREA_GRIEF) },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ipt_course *c = h_new_standard();
        enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;
        struct ipt_log_entry e;

        h_start(c);
        h_hold(c);
        h_focus(c, cases[i].before);
        h_stage(c, IPT_DISPUTE_IMPASSE);
        h_stage(c, IPT_DISPUTE_DISSOLUTION);
        assert_int_equal(h_focus_mask(c), cases[i].after);
        e = h_log_last(c);
        assert_int_equal(e.type, IPT_EVENT_SET_DISPUTE_STAGE);
        assert_int_equal(e.value, IPT_DISPUTE_DISSOLUTION);
        assert_int_equal(e.focus_after, cases[i].after);
        /* the stage stays dissolution */
        assert_int_equal(ipt_course_get_dispute_stage(c, &stage), IPT_OK);
        assert_int_equal(stage, IPT_DISPUTE_DISSOLUTION);
        /* role dispute is no longer a focus: nothing can be staged */
        for (int s = IPT_DISPUTE_RENEGOTIATION; s <= IPT_DISPUTE_DISSOLUTION;
             s++)
            refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, s, 0,
                         IPT_RULE_DISPUTE_IS_FOCUS);
        ipt_course_free(c);
    }
}

/* Dissolution straight from renegotiation, in the middle phase. */
static void
test_dissolution_in_middle(void **state)
{
    struct ipt_course *c = h_new_standard();
    enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE); /* focus role dispute, no stage */
    h_stage(c, IPT_DISPUTE_RENEGOTIATION);
    h_hold(c);
    h_stage(c, IPT_DISPUTE_DISSOLUTION);
    assert_int_equal(h_focus_mask(c), H_BIT(IPT_AREA_ROLE_TRANSITION));
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage), IPT_OK);
    assert_int_equal(stage, IPT_DISPUTE_DISSOLUTION);
    refuse_guard(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0,
                 IPT_RULE_DISPUTE_IS_FOCUS);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    ipt_course_free(c);
}

static void
test_rule_contract_limits(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 11, 0,
                 IPT_RULE_CONTRACT_LIMITS);
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 17, 0,
                 IPT_RULE_CONTRACT_LIMITS);
    h_renegotiate(c, 12);
    assert_int_equal(h_planned(c), 12);
    assert_int_equal(h_state(c), IPT_STATE_NOT_STARTED);
    h_start(c);
    h_hold(c);
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 17, 0,
                 IPT_RULE_CONTRACT_LIMITS);
    h_renegotiate(c, 16);
    assert_int_equal(h_planned(c), 16);
    ipt_course_free(c);
}

/* Contract values that no profile allows are refused whatever the
 * status: the course is unchanged. */
static void
test_contract_value_out_of_range(void **state)
{
    static const int32_t bad[] = { 0, -1, INT32_MIN, INT32_MAX,
                                   (int32_t)IPT_PROFILE_MAX_SESSIONS + 1 };
    struct ipt_course *c = h_new_standard();

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct h_snapshot before = h_snapshot_take(c);
        struct h_snapshot after;
        struct ipt_event e = h_event(IPT_EVENT_RENEGOTIATE_CONTRACT, bad[i],
                                     0, 1);
        enum ipt_status st = ipt_course_apply(c, &e);

        if (st != IPT_ERR_OUT_OF_RANGE && st != IPT_ERR_GUARD_FAILED)
            fail_msg("renegotiate to %d: %s", (int)bad[i],
                     ipt_status_name(st));
        if (st == IPT_ERR_GUARD_FAILED)
            assert_int_equal(ipt_course_last_rule(c),
                             IPT_RULE_CONTRACT_LIMITS);
        after = h_snapshot_take(c);
        h_snapshot_assert_equal(&before, &after);
    }
    ipt_course_free(c);
}

static void
test_rule_contract_changed(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 16, 0,
                 IPT_RULE_CONTRACT_CHANGED);
    h_renegotiate(c, 14);
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 14, 0,
                 IPT_RULE_CONTRACT_CHANGED);
    h_start(c);
    h_hold(c);
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 14, 0,
                 IPT_RULE_CONTRACT_CHANGED);
    ipt_course_free(c);
}

/* Guards are checked in the order docs/protocol.md lists them, and the
 * first broken one is reported. */
static void
test_guard_order(void **state)
{
    /* role dispute is not allowed */
    const uint32_t allowed = H_BIT(IPT_AREA_GRIEF) |
                             H_BIT(IPT_AREA_ROLE_TRANSITION) |
                             H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS);
    struct ipt_profile_params p = h_params(16, 6, 16, 2, 3, 2, 2, allowed);
    struct ipt_course *c = h_new_custom(&p);

    (void)state;
    h_start(c);
    /* session_held before task_in_phase */
    refuse_guard(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_DISCUSS_ENDING, 0,
                 IPT_RULE_SESSION_HELD);
    h_hold(c);
    /* focus_count before focus_allowed */
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                 H_BIT(IPT_AREA_ROLE_DISPUTE) | H_BIT(IPT_AREA_GRIEF) |
                     H_BIT(IPT_AREA_ROLE_TRANSITION),
                 IPT_RULE_FOCUS_COUNT);
    /* focus_allowed before deficits_alone */
    refuse_guard(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                 H_BIT(IPT_AREA_ROLE_DISPUTE) |
                     H_BIT(IPT_AREA_INTERPERSONAL_DEFICITS),
                 IPT_RULE_FOCUS_ALLOWED);
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    h_initial_tasks(c, IPT_TASKS_INITIAL);
    h_advance(c);
    while (h_held(c) < 8)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    /* 8 planned with 8 held breaks contract_after_held and ending_notice
     * (no session left for the notice); contract_after_held is checked
     * first */
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 8, 0,
                 IPT_RULE_CONTRACT_AFTER_HELD);
    /* 9 breaks only ending_notice; 10 breaks nothing */
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 9, 0,
                 IPT_RULE_ENDING_NOTICE);
    h_renegotiate(c, 10);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    ipt_course_free(c);
}

/* Fields an event type does not use must stay zero. */
static void
test_unused_fields(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e;

    (void)state;
    e = h_event(IPT_EVENT_START, 1, 0, 1);
    refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    e = h_event(IPT_EVENT_START, 0, H_BIT(IPT_AREA_GRIEF), 1);
    refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    h_start(c);
    e = h_event(IPT_EVENT_HOLD_SESSION, 3, 0, 1);
    refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    h_hold(c);
    e = h_event(IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE,
                H_BIT(IPT_AREA_GRIEF), 1);
    refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    e = h_event(IPT_EVENT_CHOOSE_FOCUS, 1, H_BIT(IPT_AREA_GRIEF), 1);
    refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    e = h_event(IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT,
                H_BIT(IPT_AREA_GRIEF), 1);
    refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    ipt_course_free(c);
}

static void
test_rule_contract_after_held(void **state)
{
    struct ipt_course *c = new_short_course();

    (void)state;
    to_middle_grief(c);
    while (h_held(c) < 8)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 8, 0,
                 IPT_RULE_CONTRACT_AFTER_HELD);
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 7, 0,
                 IPT_RULE_CONTRACT_AFTER_HELD);
    refuse_guard(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 6, 0,
                 IPT_RULE_CONTRACT_AFTER_HELD);
    /* one more than held: accepted, straight into termination */
    h_renegotiate(c, 9);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    ipt_course_free(c);
}

static void
test_rule_continuation_planned(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_drive(c, IPT_STATE_TERMINATION);
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    h_task(c, IPT_TASK_REVIEW_GAINS);
    while (h_state(c) == IPT_STATE_TERMINATION)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    refuse_guard(c, IPT_EVENT_ENTER_MAINTENANCE, 0, 0,
                 IPT_RULE_CONTINUATION_PLANNED);
    /* termination tasks cannot be made up after completion */
    refuse_ev(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_PLAN_CONTINUATION, 0,
              IPT_ERR_EVENT_NOT_ALLOWED, IPT_RULE_EVENT_ALLOWED_IN_STATE);
    ipt_course_free(c);

    c = h_new_standard();
    h_drive(c, IPT_STATE_COMPLETED); /* plan_continuation done */
    h_maintenance(c);
    assert_int_equal(h_state(c), IPT_STATE_MAINTENANCE);
    ipt_course_free(c);
}

static void
test_rule_log_capacity(void **state)
{
    struct ipt_course *c = h_new_standard();
    uint32_t cap = h_log_capacity(c);
    struct ipt_log_entry first, first_again;
    int stage = IPT_DISPUTE_RENEGOTIATION;
    struct ipt_event e;

    (void)state;
    /* room for 2 * max_sessions + 32 entries */
    assert_int_equal(cap, 2 * 16 + 32);
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
    while (h_log_count(c) < cap) {
        h_stage(c, stage);
        stage = stage == IPT_DISPUTE_RENEGOTIATION ? IPT_DISPUTE_IMPASSE
                                                   : IPT_DISPUTE_RENEGOTIATION;
    }
    assert_int_equal(h_log_count(c), cap);
    assert_int_equal(h_log_capacity(c), cap);
    assert_int_equal(ipt_course_log_get(c, 0, &first), IPT_OK);

    /* the next accepted event does not fit */
    refuse_ev(c, IPT_EVENT_SET_DISPUTE_STAGE, stage, 0, IPT_ERR_LOG_FULL,
              IPT_RULE_LOG_CAPACITY);
    refuse_ev(c, IPT_EVENT_HOLD_SESSION, 0, 0, IPT_ERR_LOG_FULL,
              IPT_RULE_LOG_CAPACITY);
    /* the table, the timestamp and the guards come first */
    refuse_ev(c, IPT_EVENT_START, 0, 0, IPT_ERR_EVENT_NOT_ALLOWED,
              IPT_RULE_EVENT_ALLOWED_IN_STATE);
    e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, 0);
    refuse(c, &e, IPT_ERR_OUT_OF_RANGE, IPT_RULE_TIMESTAMP_ORDER);
    refuse_ev(c, IPT_EVENT_SET_DISPUTE_STAGE,
              stage == IPT_DISPUTE_IMPASSE ? IPT_DISPUTE_RENEGOTIATION
                                           : IPT_DISPUTE_IMPASSE,
              0, IPT_ERR_GUARD_FAILED, IPT_RULE_DISPUTE_STAGE_CHANGED);

    /* a capacity at or below the current one does nothing */
    assert_int_equal(ipt_course_reserve_log(c, cap), IPT_OK);
    assert_int_equal(ipt_course_reserve_log(c, 1), IPT_OK);
    assert_int_equal(ipt_course_reserve_log(c, 0), IPT_OK);
    assert_int_equal(h_log_capacity(c), cap);
    refuse_ev(c, IPT_EVENT_HOLD_SESSION, 0, 0, IPT_ERR_LOG_FULL,
              IPT_RULE_LOG_CAPACITY);

    /* growing the log lets the course continue, and keeps the entries */
    assert_int_equal(ipt_course_reserve_log(c, cap + 2), IPT_OK);
    assert_true(h_log_capacity(c) >= cap + 2);
    h_stage(c, stage);
    h_hold(c);
    assert_int_equal(h_log_count(c), cap + 2);
    assert_int_equal(ipt_course_log_get(c, 0, &first_again), IPT_OK);
    h_assert_entry_equal(&first, &first_again);
    ipt_course_free(c);
}

/* Capacity follows the profile's max_sessions. */
static void
test_log_capacity_custom(void **state)
{
    struct ipt_profile_params p = h_params(3, 3, 3, 1, 1, 1, 1,
                                           IPT_AREAS_ALL);
    struct ipt_course *c = h_new_custom(&p);

    (void)state;
    assert_int_equal(h_log_capacity(c), 2 * 3 + 32);
    assert_int_equal(h_log_count(c), 0);
    ipt_course_free(c);
}

static void
test_reserve_log_limits(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    assert_int_equal(ipt_course_reserve_log(NULL, 100),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_reserve_log(c, 1048577u),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_course_reserve_log(c, UINT32_MAX),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(h_log_capacity(c), 64);
    assert_int_equal(ipt_course_reserve_log(c, 1048576u), IPT_OK);
    assert_true(h_log_capacity(c) >= 1048576u);
    h_drive(c, IPT_STATE_INITIAL);
    ipt_course_free(c);
}

/* ---- arguments --------------------------------------------------------- */

static void
test_reserved_field(void **state)
{
    (void)state;
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        struct ipt_course *c = h_new_standard();
        struct ipt_event e;
        const char *msg;

        h_drive(c, s);
        /* arguments are checked before the table */
        e = h_matrix_event(s, IPT_EVENT_DISCONTINUE);
        e.reserved = 1;
        msg = refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
        assert_true(strlen(msg) > 0);
        e.reserved = 0x80000000u;
        refuse(c, &e, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
        ipt_course_free(c);
    }
}

static void
test_out_of_range_values(void **state)
{
    struct {
        int type;
        int32_t value;
        uint32_t areas;
    } bad[] = {
        { 0, 0, 0 },
        { 1, 0, 0 },
        { 99, 0, 0 },
        { 109, 0, 0 },
        { -1, 0, 0 },
        { INT32_MAX, 0, 0 },
        { INT32_MIN, 0, 0 },
        { IPT_EVENT_COMPLETE_TASK, 0, 0 },
        { IPT_EVENT_COMPLETE_TASK, 14, 0 },
        { IPT_EVENT_COMPLETE_TASK, -1, 0 },
        { IPT_EVENT_SET_DISPUTE_STAGE, 0, 0 },
        { IPT_EVENT_SET_DISPUTE_STAGE, 4, 0 },
        { IPT_EVENT_DISCONTINUE, 0, 0 },
        { IPT_EVENT_DISCONTINUE, 4, 0 },
        { IPT_EVENT_DISCONTINUE, -3, 0 },
        { IPT_EVENT_CHOOSE_FOCUS, 0, UINT32_C(1) },
        { IPT_EVENT_CHOOSE_FOCUS, 0, IPT_AREA_BIT(6) },
        { IPT_EVENT_CHOOSE_FOCUS, 0, IPT_AREA_BIT(IPT_AREA_GRIEF) |
                                         UINT32_C(0x80000000) },
    };

    (void)state;
    /* in a state accepting every event type but start and maintenance, and
     * in states accepting none of them: arguments come first */
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        struct ipt_course *c = h_new_standard();

        h_drive(c, s);
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            struct ipt_event e = h_event(bad[i].type, bad[i].value,
                                         bad[i].areas, INT64_C(1) << 40);
            struct h_snapshot before = h_snapshot_take(c);
            struct h_snapshot after;
            enum ipt_rule rule = (enum ipt_rule)SENTINEL;
            enum ipt_status st;

            assert_int_equal(ipt_course_check(c, &e, &rule, NULL, 0),
                             IPT_ERR_OUT_OF_RANGE);
            assert_int_equal(rule, IPT_RULE_NONE);
            st = ipt_course_apply(c, &e);
            if (st != IPT_ERR_OUT_OF_RANGE)
                fail_msg("state %s, event type %d value %d areas 0x%x: %s",
                         ipt_state_name((enum ipt_state)s), bad[i].type,
                         (int)bad[i].value, (unsigned)bad[i].areas,
                         ipt_status_name(st));
            assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
            assert_true(strlen(ipt_course_last_error(c)) > 0);
            after = h_snapshot_take(c);
            h_snapshot_assert_equal(&before, &after);
        }
        ipt_course_free(c);
    }
}

/* ---- automatic transitions --------------------------------------------- */

static void
test_auto_middle_to_termination(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_log_entry e;
    uint32_t held, planned, remaining;

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE);
    while (h_held(c) < 11)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    h_hold(c); /* session 12: 4 sessions remain */
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    assert_int_equal(ipt_course_get_sessions(c, &held, &planned, &remaining),
                     IPT_OK);
    assert_int_equal(held, 12);
    assert_int_equal(planned, 16);
    assert_int_equal(remaining, 4);
    e = h_log_last(c);
    assert_int_equal(e.type, IPT_EVENT_HOLD_SESSION);
    assert_int_equal(e.session, 12);
    assert_int_equal(e.state_before, IPT_STATE_MIDDLE);
    assert_int_equal(e.state_after, IPT_STATE_TERMINATION);
    ipt_course_free(c);
}

static void
test_auto_termination_to_completed(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_log_entry e;
    enum ipt_state phase = (enum ipt_state)SENTINEL;

    (void)state;
    h_drive(c, IPT_STATE_TERMINATION);
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    while (h_held(c) < 15)
        h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    e = h_log_last(c);
    assert_int_equal(e.session, 16);
    assert_int_equal(e.state_before, IPT_STATE_TERMINATION);
    assert_int_equal(e.state_after, IPT_STATE_COMPLETED);
    assert_int_equal(ipt_course_get_next_phase(c, &phase),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(phase, SENTINEL);
    ipt_course_free(c);
}

static void
test_auto_renegotiate_into_termination(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_log_entry e;
    uint32_t remaining = 0;

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE);
    while (h_held(c) < 7)
        h_hold(c);
    /* 13 planned leaves 6 > 4: still middle */
    h_renegotiate(c, 13);
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    h_hold(c); /* 8 held, 5 remain */
    assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
    /* 12 planned leaves 4: termination at once */
    h_renegotiate(c, 12);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    e = h_log_last(c);
    assert_int_equal(e.type, IPT_EVENT_RENEGOTIATE_CONTRACT);
    assert_int_equal(e.value, 12);
    assert_int_equal(e.session, 8);
    assert_int_equal(e.state_before, IPT_STATE_MIDDLE);
    assert_int_equal(e.state_after, IPT_STATE_TERMINATION);
    assert_int_equal(ipt_course_get_sessions(c, NULL, NULL, &remaining),
                     IPT_OK);
    assert_int_equal(remaining, 4);
    /* session 11 = 12 - 2 + 1 needs the ending discussed */
    h_hold(c);
    h_hold(c);
    refuse_guard(c, IPT_EVENT_HOLD_SESSION, 0, 0, IPT_RULE_ENDING_NOTICE);
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    h_hold(c);
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    assert_int_equal(h_held(c), 12);
    ipt_course_free(c);
}

/* Renegotiating in the initial phase or before the start changes the
 * contract without changing the state; the middle phase then ends at the
 * new window. */
static void
test_renegotiate_early(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    h_renegotiate(c, 12);
    assert_int_equal(h_state(c), IPT_STATE_NOT_STARTED);
    h_start(c);
    h_hold(c);
    h_renegotiate(c, 14);
    assert_int_equal(h_state(c), IPT_STATE_INITIAL);
    assert_int_equal(h_planned(c), 14);
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    h_initial_tasks(c, IPT_TASKS_INITIAL);
    h_advance(c);
    while (h_state(c) == IPT_STATE_MIDDLE)
        h_hold(c);
    /* 14 - 4 */
    assert_int_equal(h_held(c), 10);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    ipt_course_free(c);
}

static void
test_explicit_early_advance(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_log_entry e;
    enum ipt_state phase = (enum ipt_state)SENTINEL;

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE);
    while (h_held(c) < 5)
        h_hold(c);
    h_advance(c);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    e = h_log_last(c);
    assert_int_equal(e.type, IPT_EVENT_ADVANCE_PHASE);
    assert_int_equal(e.session, 5);
    assert_int_equal(e.state_before, IPT_STATE_MIDDLE);
    assert_int_equal(e.state_after, IPT_STATE_TERMINATION);
    assert_int_equal(ipt_course_get_next_phase(c, &phase), IPT_OK);
    assert_int_equal(phase, IPT_STATE_TERMINATION);
    /* the course still completes after its last planned session */
    h_task(c, IPT_TASK_DISCUSS_ENDING);
    while (h_held(c) < 15) {
        h_hold(c);
        assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    }
    h_hold(c);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    assert_int_equal(h_held(c), 16);
    ipt_course_free(c);
}

static void
test_discontinue_reasons(void **state)
{
    static const int from[] = { IPT_STATE_NOT_STARTED, IPT_STATE_INITIAL,
                                IPT_STATE_MIDDLE, IPT_STATE_TERMINATION };

    (void)state;
    for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
        for (int r = IPT_END_DROPOUT; r <= IPT_END_OTHER; r++) {
            struct ipt_course *c = h_new_standard();
            enum ipt_end_reason reason = (enum ipt_end_reason)SENTINEL;
            enum ipt_state phase = (enum ipt_state)SENTINEL;
            int want = r == IPT_END_REFERRAL ? IPT_STATE_REFERRED
                                             : IPT_STATE_DISCONTINUED;
            struct ipt_log_entry e;

            h_drive(c, from[i]);
            assert_int_equal(ipt_course_get_end_reason(c, &reason),
                             IPT_ERR_NOT_AVAILABLE);
            assert_int_equal(reason, SENTINEL);
            h_discontinue(c, r);
            assert_int_equal(h_state(c), want);
            assert_int_equal(ipt_course_get_end_reason(c, &reason), IPT_OK);
            assert_int_equal(reason, r);
            assert_int_equal(ipt_course_get_next_phase(c, &phase),
                             IPT_ERR_NOT_AVAILABLE);
            assert_int_equal(phase, SENTINEL);
            e = h_log_last(c);
            assert_int_equal(e.type, IPT_EVENT_DISCONTINUE);
            assert_int_equal(e.value, r);
            assert_int_equal(e.state_before, from[i]);
            assert_int_equal(e.state_after, want);
            ipt_course_free(c);
        }
    }
}

/* ---- the event log ----------------------------------------------------- */

static void
test_log_entries(void **state)
{
    struct ipt_course *c = h_new_standard();
    const uint32_t dt = H_BIT(IPT_AREA_ROLE_DISPUTE) |
                        H_BIT(IPT_AREA_GRIEF);
    const uint32_t tg = H_BIT(IPT_AREA_ROLE_TRANSITION) |
                        H_BIT(IPT_AREA_GRIEF);
    const struct ipt_log_entry want[] = {
        /* type, value, timestamp, areas, session, before, after, focus */
        { IPT_EVENT_START, 0, 10, 0, 0, IPT_STATE_NOT_STARTED,
          IPT_STATE_INITIAL, 0, 0 },
        { IPT_EVENT_RENEGOTIATE_CONTRACT, 14, 10, 0, 0, IPT_STATE_INITIAL,
          IPT_STATE_INITIAL, 0, 0 },
        { IPT_EVENT_HOLD_SESSION, 0, 20, 0, 1, IPT_STATE_INITIAL,
          IPT_STATE_INITIAL, 0, 0 },
        { IPT_EVENT_CHOOSE_FOCUS, 0, 21, dt, 1, IPT_STATE_INITIAL,
          IPT_STATE_INITIAL, dt, 0 },
        { IPT_EVENT_COMPLETE_TASK, IPT_TASK_PROBLEM_AREA, 22, 0, 1,
          IPT_STATE_INITIAL, IPT_STATE_INITIAL, dt, 0 },
        { IPT_EVENT_HOLD_SESSION, 0, 30, 0, 2, IPT_STATE_INITIAL,
          IPT_STATE_INITIAL, dt, 0 },
        { IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 31, 0, 2,
          IPT_STATE_INITIAL, IPT_STATE_INITIAL, dt, 0 },
        { IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_DISSOLUTION, 32, 0, 2,
          IPT_STATE_INITIAL, IPT_STATE_INITIAL, tg, 0 },
        { IPT_EVENT_DISCONTINUE, IPT_END_REFERRAL, 40, 0, 2,
          IPT_STATE_INITIAL, IPT_STATE_REFERRED, tg, 0 },
    };
    const size_t n = sizeof(want) / sizeof(want[0]);
    struct ipt_log_entry got;

    (void)state;
    for (size_t i = 0; i < n; i++) {
        struct ipt_event e = h_event(want[i].type, want[i].value,
                                     want[i].areas, want[i].timestamp);

        if (ipt_course_apply(c, &e) != IPT_OK)
            fail_msg("event #%zu refused: %s", i, ipt_course_last_error(c));
        assert_int_equal(h_log_count(c), i + 1);
    }
    for (size_t i = 0; i < n; i++) {
        memset(&got, 0xEE, sizeof(got));
        assert_int_equal(ipt_course_log_get(c, (uint32_t)i, &got), IPT_OK);
        h_assert_entry_equal(&got, &want[i]);
    }

    /* out of range: untouched */
    memset(&got, 0xEE, sizeof(got));
    assert_int_equal(ipt_course_log_get(c, (uint32_t)n, &got),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_course_log_get(c, UINT32_MAX, &got),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(got.type, (int32_t)0xEEEEEEEEu);
    assert_int_equal(got.session, 0xEEEEEEEEu);
    ipt_course_free(c);

    /* an empty log has no entry 0 */
    c = h_new_standard();
    assert_int_equal(ipt_course_log_get(c, 0, &got), IPT_ERR_OUT_OF_RANGE);
    ipt_course_free(c);
}

/* ---- the observer ------------------------------------------------------ */

struct observed {
    unsigned calls;
    struct ipt_log_entry entries[256];
    uint32_t log_count_seen[256];
    enum ipt_state state_seen[256];
    const struct ipt_course *course_seen;
    /* the course, for the calls that change it */
    struct ipt_course *course;
    /* results of calls made from inside the observer */
    int try_reentry;
    enum ipt_status apply_st, reserve_st, observer_st, check_st, state_st;
};

static void
observer(const struct ipt_course *course, const struct ipt_log_entry *entry,
         void *user_data)
{
    struct observed *o = user_data;
    unsigned i = o->calls++;

    o->course_seen = course;
    if (i < 256) {
        o->entries[i] = *entry;
        (void)ipt_course_log_size(course, &o->log_count_seen[i], NULL);
        (void)ipt_course_get_state(course, &o->state_seen[i]);
    }
    if (o->try_reentry) {
        struct ipt_course *mut = o->course;
        struct ipt_event e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0,
                                     INT64_C(1) << 40);
        enum ipt_state s;

        o->apply_st = ipt_course_apply(mut, &e);
        o->reserve_st = ipt_course_reserve_log(mut, 100000);
        o->observer_st = ipt_course_set_observer(mut, NULL, NULL);
        o->check_st = ipt_course_check(course, &e, NULL, NULL, 0);
        o->state_st = ipt_course_get_state(course, &s);
    }
}

static void
test_observer(void **state)
{
    static struct observed o;
    struct ipt_course *c = h_new_standard();
    uint32_t n;

    (void)state;
    memset(&o, 0, sizeof(o));
    assert_int_equal(ipt_course_set_observer(c, observer, &o), IPT_OK);
    h_drive(c, IPT_STATE_COMPLETED);
    /* refused events are not observed */
    assert_int_equal(h_try(c, IPT_EVENT_HOLD_SESSION, 0, 0),
                     IPT_ERR_EVENT_NOT_ALLOWED);
    {
        struct ipt_event e = h_event(IPT_EVENT_START, 0, 0, 0);

        assert_int_equal(ipt_course_check(c, &e, NULL, NULL, 0),
                         IPT_ERR_EVENT_NOT_ALLOWED);
    }
    n = h_log_count(c);
    assert_int_equal(o.calls, n);
    assert_ptr_equal(o.course_seen, c);
    for (uint32_t i = 0; i < n; i++) {
        struct ipt_log_entry e;

        assert_int_equal(ipt_course_log_get(c, i, &e), IPT_OK);
        h_assert_entry_equal(&o.entries[i], &e);
        /* the course has changed and the entry is in the log */
        assert_int_equal(o.log_count_seen[i], i + 1);
        assert_int_equal(o.state_seen[i], e.state_after);
    }

    /* clearing the observer stops the calls */
    assert_int_equal(ipt_course_set_observer(c, NULL, NULL), IPT_OK);
    h_maintenance(c);
    assert_int_equal(o.calls, n);
    ipt_course_free(c);
}

/* A check never calls the observer. */
static void
test_observer_not_called_by_check(void **state)
{
    static struct observed o;
    struct ipt_course *c = h_new_standard();
    struct ipt_event e = h_event(IPT_EVENT_START, 0, 0, 1);

    (void)state;
    memset(&o, 0, sizeof(o));
    assert_int_equal(ipt_course_set_observer(c, observer, &o), IPT_OK);
    assert_int_equal(ipt_course_check(c, &e, NULL, NULL, 0), IPT_OK);
    assert_int_equal(o.calls, 0);
    assert_int_equal(h_log_count(c), 0);
    assert_int_equal(h_state(c), IPT_STATE_NOT_STARTED);
    ipt_course_free(c);
}

static void
test_observer_reentry_busy(void **state)
{
    static struct observed o;
    struct ipt_course *c = h_new_standard();
    uint32_t cap = h_log_capacity(c);

    (void)state;
    memset(&o, 0, sizeof(o));
    h_start(c);
    o.course = c;
    assert_int_equal(ipt_course_set_observer(c, observer, &o), IPT_OK);
    o.try_reentry = 1;
    h_hold(c);
    o.try_reentry = 0;
    assert_int_equal(o.calls, 1);
    assert_int_equal(o.apply_st, IPT_ERR_BUSY);
    assert_int_equal(o.reserve_st, IPT_ERR_BUSY);
    assert_int_equal(o.observer_st, IPT_ERR_BUSY);
    assert_int_equal(o.check_st, IPT_OK); /* const functions work */
    assert_int_equal(o.state_st, IPT_OK);
    /* nothing but the outer event happened */
    assert_int_equal(h_log_count(c), 2);
    assert_int_equal(h_held(c), 1);
    assert_int_equal(h_log_capacity(c), cap);
    /* the observer is still set, and the course is usable */
    h_hold(c);
    assert_int_equal(o.calls, 2);
    assert_int_equal(h_held(c), 2);
    ipt_course_free(c);
}

/* ---- a full standard course -------------------------------------------- */

static void
test_full_standard_course(void **state)
{
    struct ipt_course *c = h_new_standard();
    enum ipt_state phase;
    uint32_t held, planned, remaining, done, missing;

    (void)state;
    phase = (enum ipt_state)SENTINEL;
    assert_int_equal(ipt_course_get_next_phase(c, &phase),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(phase, SENTINEL);
    h_start(c);

    for (uint32_t s = 1; s <= 16; s++) {
        enum ipt_state want = s <= 3    ? IPT_STATE_INITIAL
                              : s <= 12 ? IPT_STATE_MIDDLE
                                        : IPT_STATE_TERMINATION;
        struct ipt_log_entry e;

        phase = (enum ipt_state)SENTINEL;
        assert_int_equal(ipt_course_get_next_phase(c, &phase), IPT_OK);
        if (phase != want)
            fail_msg("session %u would be held in %s, expected %s",
                     (unsigned)s, ipt_state_name(phase),
                     ipt_state_name(want));
        assert_int_equal(h_state(c), want);
        h_hold(c);
        e = h_log_last(c);
        assert_int_equal(e.type, IPT_EVENT_HOLD_SESSION);
        assert_int_equal(e.session, s);
        assert_int_equal(e.state_before, want);
        assert_int_equal(ipt_course_get_sessions(c, &held, &planned,
                                                 &remaining), IPT_OK);
        assert_int_equal(held, s);
        assert_int_equal(planned, 16);
        assert_int_equal(remaining, 16 - s);

        switch (s) {
        case 1:
            h_task(c, IPT_TASK_HISTORY_AND_DIAGNOSIS);
            h_task(c, IPT_TASK_PSYCHOEDUCATION);
            h_task(c, IPT_TASK_SICK_ROLE);
            break;
        case 2:
            h_task(c, IPT_TASK_INTERPERSONAL_INVENTORY);
            h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
            h_task(c, IPT_TASK_PROBLEM_AREA);
            h_stage(c, IPT_DISPUTE_IMPASSE);
            break;
        case 3:
            h_task(c, IPT_TASK_INTERPERSONAL_FORMULATION);
            h_task(c, IPT_TASK_TREATMENT_CONTRACT);
            assert_int_equal(ipt_course_get_tasks(c, &done, &missing),
                             IPT_OK);
            assert_int_equal(done, IPT_TASKS_INITIAL);
            assert_int_equal(missing, IPT_TASKS_TERMINATION);
            h_advance(c);
            break;
        case 7:
            h_stage(c, IPT_DISPUTE_RENEGOTIATION);
            break;
        case 12:
            assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
            assert_int_equal(e.state_after, IPT_STATE_TERMINATION);
            break;
        case 13:
            h_task(c, IPT_TASK_DISCUSS_ENDING);
            h_task(c, IPT_TASK_INDEPENDENT_COMPETENCE);
            break;
        case 14:
            h_task(c, IPT_TASK_REVIEW_GAINS);
            h_task(c, IPT_TASK_RELAPSE_PREVENTION);
            break;
        case 15:
            h_task(c, IPT_TASK_PLAN_CONTINUATION);
            break;
        default:
            break;
        }
    }
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    phase = (enum ipt_state)SENTINEL;
    assert_int_equal(ipt_course_get_next_phase(c, &phase),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(phase, SENTINEL);
    assert_int_equal(ipt_course_get_tasks(c, &done, &missing), IPT_OK);
    assert_int_equal(done, (IPT_TASKS_INITIAL | IPT_TASKS_TERMINATION) &
                               ~IPT_TASK_BIT(IPT_TASK_ADDRESS_NONRESPONSE));
    assert_int_equal(missing, IPT_TASK_BIT(IPT_TASK_ADDRESS_NONRESPONSE));
    h_maintenance(c);
    assert_int_equal(h_state(c), IPT_STATE_MAINTENANCE);
    assert_int_equal(h_held(c), 16);
    assert_int_equal(h_focus_mask(c), H_BIT(IPT_AREA_ROLE_DISPUTE));
    {
        enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;
        enum ipt_end_reason reason = (enum ipt_end_reason)SENTINEL;

        assert_int_equal(ipt_course_get_dispute_stage(c, &stage), IPT_OK);
        assert_int_equal(stage, IPT_DISPUTE_RENEGOTIATION);
        assert_int_equal(ipt_course_get_end_reason(c, &reason),
                         IPT_ERR_NOT_AVAILABLE);
        assert_int_equal(reason, SENTINEL);
    }
    /* 1 start + 16 sessions + 13 tasks - 1 + focus + 2 stages + advance +
     * maintenance */
    assert_int_equal(h_log_count(c), 1 + 16 + 12 + 1 + 2 + 1 + 1);
    ipt_course_free(c);
}

/* The same events give the same course: two courses driven alike have
 * identical logs and getters. */
static void
test_deterministic(void **state)
{
    struct ipt_course *a = h_new_standard();
    struct ipt_course *b = h_new_standard();
    struct h_snapshot sa, sb;
    uint32_t n;

    (void)state;
    h_drive(a, IPT_STATE_MAINTENANCE);
    h_drive(b, IPT_STATE_MAINTENANCE);
    sa = h_snapshot_take(a);
    sb = h_snapshot_take(b);
    h_snapshot_assert_equal(&sa, &sb);
    n = h_log_count(a);
    for (uint32_t i = 0; i < n; i++) {
        struct ipt_log_entry ea, eb;

        memset(&ea, 0x11, sizeof(ea));
        memset(&eb, 0x22, sizeof(eb));
        assert_int_equal(ipt_course_log_get(a, i, &ea), IPT_OK);
        assert_int_equal(ipt_course_log_get(b, i, &eb), IPT_OK);
        h_assert_entry_equal(&ea, &eb);
        assert_int_equal(ea.reserved, 0);
    }
    ipt_course_free(a);
    ipt_course_free(b);
}

/* ---- getters ----------------------------------------------------------- */

static void
test_getters_not_started(void **state)
{
    struct ipt_course *c = h_new_standard();
    uint32_t held = 99, planned = 99, remaining = 99, done = 99,
             missing = 99, count = 99, cap = 99;
    enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;
    enum ipt_end_reason reason = (enum ipt_end_reason)SENTINEL;
    const struct ipt_profile *prof = NULL;

    (void)state;
    assert_int_equal(h_state(c), IPT_STATE_NOT_STARTED);
    assert_int_equal(ipt_course_get_sessions(c, &held, &planned, &remaining),
                     IPT_OK);
    assert_int_equal(held, 0);
    assert_int_equal(planned, 16);
    assert_int_equal(remaining, 16);
    assert_int_equal(h_focus_mask(c), 0);
    assert_int_equal(ipt_course_get_dispute_stage(c, &stage),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(stage, SENTINEL);
    assert_int_equal(ipt_course_get_tasks(c, &done, &missing), IPT_OK);
    assert_int_equal(done, 0);
    assert_int_equal(missing, IPT_TASKS_INITIAL | IPT_TASKS_TERMINATION);
    assert_int_equal(ipt_course_get_end_reason(c, &reason),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(reason, SENTINEL);
    assert_int_equal(ipt_course_get_profile(c, &prof), IPT_OK);
    assert_non_null(prof);
    assert_string_equal(ipt_profile_name(prof), "standard");
    assert_int_equal(ipt_course_log_size(c, &count, &cap), IPT_OK);
    assert_int_equal(count, 0);
    assert_int_equal(cap, 64);
    assert_string_equal(ipt_course_last_error(c), "");
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
    ipt_course_free(c);
}

static void
test_getters_each_state(void **state)
{
    (void)state;
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        struct ipt_course *c = h_new_standard();
        struct h_snapshot snap;
        const struct ipt_profile *prof = NULL;
        struct ipt_profile_params params;
        bool running = s == IPT_STATE_INITIAL || s == IPT_STATE_MIDDLE ||
                       s == IPT_STATE_TERMINATION;

        h_drive(c, s);
        snap = h_snapshot_take(c);
        assert_int_equal(snap.state, s);
        assert_int_equal(snap.next_phase_status,
                         running ? IPT_OK : IPT_ERR_NOT_AVAILABLE);
        if (running)
            assert_int_equal(snap.next_phase, s);
        assert_int_equal(snap.planned, 16);
        assert_int_equal(snap.held + snap.remaining, snap.planned);
        assert_int_equal(snap.missing,
                         (IPT_TASKS_INITIAL | IPT_TASKS_TERMINATION) &
                             ~snap.done);
        assert_int_equal(snap.reason_status,
                         s == IPT_STATE_DISCONTINUED ||
                                 s == IPT_STATE_REFERRED
                             ? IPT_OK
                             : IPT_ERR_NOT_AVAILABLE);
        if (s == IPT_STATE_DISCONTINUED)
            assert_int_equal(snap.reason, IPT_END_DROPOUT);
        if (s == IPT_STATE_REFERRED)
            assert_int_equal(snap.reason, IPT_END_REFERRAL);
        if (s != IPT_STATE_NOT_STARTED) {
            assert_int_equal(snap.focus, H_BIT(IPT_AREA_ROLE_DISPUTE));
            assert_int_equal(snap.done & IPT_TASKS_INITIAL,
                             IPT_TASKS_INITIAL);
        }
        /* no stage was set by h_drive */
        assert_int_equal(snap.stage_status, IPT_ERR_NOT_AVAILABLE);
        if (snap.log_count > 0)
            assert_int_equal(snap.last.state_after, s);
        else
            assert_int_equal(s, IPT_STATE_NOT_STARTED);
        assert_int_equal(ipt_course_get_profile(c, &prof), IPT_OK);
        memset(&params, 0, sizeof(params));
        params.size = (uint32_t)sizeof(params);
        assert_int_equal(ipt_profile_get_params(prof, &params), IPT_OK);
        assert_int_equal(params.planned_sessions, 16);
        ipt_course_free(c);
    }
}

/* The course's profile keeps the planned count of the profile even after
 * the contract is renegotiated. */
static void
test_profile_copy_unchanged(void **state)
{
    struct ipt_course *c = h_new_standard();
    const struct ipt_profile *prof = NULL;
    struct ipt_profile_params params;

    (void)state;
    h_renegotiate(c, 13);
    assert_int_equal(ipt_course_get_profile(c, &prof), IPT_OK);
    memset(&params, 0, sizeof(params));
    params.size = (uint32_t)sizeof(params);
    assert_int_equal(ipt_profile_get_params(prof, &params), IPT_OK);
    assert_int_equal(params.planned_sessions, 16);
    assert_int_equal(h_planned(c), 13);
    ipt_course_free(c);
}

/* ---- NULL and malformed arguments -------------------------------------- */

static void
test_null_arguments(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *out = sentinel;
    struct ipt_event e = h_event(IPT_EVENT_START, 0, 0, 1);
    enum ipt_state s = (enum ipt_state)SENTINEL;
    enum ipt_dispute_stage stage = (enum ipt_dispute_stage)SENTINEL;
    enum ipt_end_reason reason = (enum ipt_end_reason)SENTINEL;
    enum ipt_rule rule = (enum ipt_rule)SENTINEL;
    const struct ipt_profile *prof = NULL;
    struct ipt_log_entry entry;
    uint32_t u = 77;
    char msg[64];
    struct h_snapshot before, after;

    (void)state;
    /* ipt_course_new */
    assert_int_equal(ipt_course_new(NULL, NULL, &out),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(out, sentinel);
    assert_int_equal(ipt_course_new(h_standard(), NULL, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    ipt_course_free(NULL);

    before = h_snapshot_take(c);

    /* ipt_course_apply / ipt_course_check */
    assert_int_equal(ipt_course_apply(NULL, &e), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_apply(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
    assert_true(strlen(ipt_course_last_error(c)) > 0);
    assert_int_equal(ipt_course_check(NULL, &e, &rule, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_check(c, NULL, &rule, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(rule, IPT_RULE_NONE);
    assert_int_equal(ipt_course_check(c, &e, NULL, NULL, 0), IPT_OK);
    assert_int_equal(ipt_course_check(c, &e, NULL, msg, sizeof(msg)),
                     IPT_OK);
    assert_string_equal(msg, "");

    /* last error and rule of no course */
    assert_non_null(ipt_course_last_error(NULL));
    assert_true(strlen(ipt_course_last_error(NULL)) > 0);
    assert_int_equal(ipt_course_last_rule(NULL), IPT_RULE_NONE);

    /* observer */
    assert_int_equal(ipt_course_set_observer(NULL, NULL, NULL),
                     IPT_ERR_INVALID_ARGUMENT);

    /* getters */
    assert_int_equal(ipt_course_get_state(NULL, &s),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_state(c, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_next_phase(NULL, &s),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_next_phase(c, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(s, SENTINEL);
    assert_int_equal(ipt_course_get_sessions(NULL, &u, &u, &u),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(u, 77);
    assert_int_equal(ipt_course_get_sessions(c, NULL, NULL, NULL), IPT_OK);
    assert_int_equal(ipt_course_get_focus(NULL, &u),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(u, 77);
    assert_int_equal(ipt_course_get_focus(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_dispute_stage(NULL, &stage),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_dispute_stage(c, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(stage, SENTINEL);
    assert_int_equal(ipt_course_get_tasks(NULL, &u, &u),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(u, 77);
    assert_int_equal(ipt_course_get_tasks(c, NULL, NULL), IPT_OK);
    u = 77;
    assert_int_equal(ipt_course_get_tasks(c, NULL, &u), IPT_OK);
    assert_int_equal(u, IPT_TASKS_INITIAL | IPT_TASKS_TERMINATION);
    u = 77;
    assert_int_equal(ipt_course_get_sessions(c, NULL, NULL, &u), IPT_OK);
    assert_int_equal(u, 16);
    u = 77;
    assert_int_equal(ipt_course_get_end_reason(NULL, &reason),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_end_reason(c, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(reason, SENTINEL);
    assert_int_equal(ipt_course_get_profile(NULL, &prof),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_null(prof);
    assert_int_equal(ipt_course_get_profile(c, NULL),
                     IPT_ERR_INVALID_ARGUMENT);

    /* log */
    assert_int_equal(ipt_course_log_size(NULL, &u, &u),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(u, 77);
    assert_int_equal(ipt_course_log_size(c, NULL, NULL), IPT_OK);
    assert_int_equal(ipt_course_log_get(NULL, 0, &entry),
                     IPT_ERR_INVALID_ARGUMENT);
    h_start(c);
    assert_int_equal(ipt_course_log_get(c, 0, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_reserve_log(NULL, 1000),
                     IPT_ERR_INVALID_ARGUMENT);

    /* nothing above changed the course but the start */
    after = h_snapshot_take(c);
    assert_int_equal(after.log_count, before.log_count + 1);
    assert_int_equal(after.state, IPT_STATE_INITIAL);
    ipt_course_free(c);
}

static void *
plain_alloc(size_t size, void *user_data)
{
    (void)user_data;
    return test_malloc(size);
}

static void
plain_free(void *ptr, void *user_data)
{
    (void)user_data;
    test_free(ptr);
}

static void
test_course_new_allocator(void **state)
{
    struct ipt_allocator no_alloc = { NULL, plain_free, NULL };
    struct ipt_allocator no_free = { plain_alloc, NULL, NULL };
    struct ipt_allocator ok = { plain_alloc, plain_free, NULL };
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;

    (void)state;
    assert_int_equal(ipt_course_new(h_standard(), &no_alloc, &c),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(c, sentinel);
    assert_int_equal(ipt_course_new(h_standard(), &no_free, &c),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(c, sentinel);
    /* cmocka's test_malloc reports any leak at the end of the test */
    assert_int_equal(ipt_course_new(h_standard(), &ok, &c), IPT_OK);
    h_drive(c, IPT_STATE_MAINTENANCE);
    assert_int_equal(ipt_course_reserve_log(c, 1000), IPT_OK);
    ipt_course_free(c);
}

/* ipt_course_check's message is truncated to the buffer. */
static void
test_check_message_truncation(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, 1);
    char full[512];
    char small[8];
    char none[2] = { 'a', 'b' };

    (void)state;
    assert_int_equal(ipt_course_check(c, &e, NULL, full, sizeof(full)),
                     IPT_ERR_EVENT_NOT_ALLOWED);
    assert_true(strlen(full) >= sizeof(small));
    memset(small, 'x', sizeof(small));
    assert_int_equal(ipt_course_check(c, &e, NULL, small, sizeof(small)),
                     IPT_ERR_EVENT_NOT_ALLOWED);
    assert_int_equal(strlen(small), sizeof(small) - 1);
    assert_memory_equal(small, full, sizeof(small) - 1);
    assert_int_equal(ipt_course_check(c, &e, NULL, none, 0),
                     IPT_ERR_EVENT_NOT_ALLOWED);
    assert_memory_equal(none, "ab", 2);
    ipt_course_free(c);
}

/*
 * The refusals that list the missing initial tasks, for every buffer size
 * from 1 to two bytes past the message: the message is cut to the longest
 * prefix of the full one that fits, NUL-terminated, and nothing is written
 * past the buffer.  Without a buffer, or with one of size 0, the verdict
 * and the rule are the same.
 */
static void
check_cut_messages(const struct ipt_course *c, const struct ipt_event *e,
                   enum ipt_rule want_rule)
{
    char full[512];
    char buf[sizeof(full) + 16];
    enum ipt_rule rule = (enum ipt_rule)SENTINEL;
    size_t full_len;

    assert_int_equal(ipt_course_check(c, e, &rule, full, sizeof(full)),
                     IPT_ERR_GUARD_FAILED);
    assert_int_equal(rule, want_rule);
    full_len = strlen(full);
    assert_true(full_len + 2 < sizeof(full));
    if (full_len < 9 || strcmp(full + full_len - 9, " not done") != 0)
        fail_msg("message \"%s\" does not end with \" not done\"", full);

    rule = (enum ipt_rule)SENTINEL;
    assert_int_equal(ipt_course_check(c, e, &rule, NULL, 0),
                     IPT_ERR_GUARD_FAILED);
    assert_int_equal(rule, want_rule);
    /* a buffer of size 0 is not touched */
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(ipt_course_check(c, e, NULL, buf, 0),
                     IPT_ERR_GUARD_FAILED);
    for (size_t k = 0; k < sizeof(buf); k++)
        assert_int_equal(buf[k], 'x');

    for (size_t size = 1; size <= full_len + 2; size++) {
        size_t want_len = size - 1 < full_len ? size - 1 : full_len;

        memset(buf, 'x', sizeof(buf));
        assert_int_equal(ipt_course_check(c, e, NULL, buf, size),
                         IPT_ERR_GUARD_FAILED);
        if (strlen(buf) != want_len || memcmp(buf, full, want_len) != 0)
            fail_msg("with %zu bytes the message is \"%s\", not the first "
                     "%zu bytes of \"%s\"", size, buf, want_len, full);
        for (size_t k = size; k < sizeof(buf); k++)
            assert_int_equal(buf[k], 'x');
    }
}

static void
test_missing_tasks_message_cut(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event advance = h_event(IPT_EVENT_ADVANCE_PHASE, 0, 0, 100);
    struct ipt_event hold = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, 100);

    (void)state;
    h_start(c);
    h_hold(c);
    /* all seven initial tasks missing: six separators */
    check_cut_messages(c, &advance, IPT_RULE_INITIAL_TASKS_DONE);
    h_hold(c);
    h_hold(c);
    check_cut_messages(c, &hold, IPT_RULE_INITIAL_PHASE_LENGTH);
    /* one task missing: no separator */
    h_focus(c, H_BIT(IPT_AREA_GRIEF));
    h_initial_tasks(c, IPT_TASKS_INITIAL &
                           ~IPT_TASK_BIT(IPT_TASK_TREATMENT_CONTRACT));
    check_cut_messages(c, &advance, IPT_RULE_INITIAL_TASKS_DONE);
    check_cut_messages(c, &hold, IPT_RULE_INITIAL_PHASE_LENGTH);
    ipt_course_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_event_allowed_in_state),
        cmocka_unit_test(test_rule_timestamp_order),
        cmocka_unit_test(test_rule_session_held),
        cmocka_unit_test(test_rule_sessions_remain),
        cmocka_unit_test(test_rule_initial_phase_length),
        cmocka_unit_test(test_rule_initial_phase_length_custom),
        cmocka_unit_test(test_rule_ending_notice),
        cmocka_unit_test(test_rule_ending_notice_renegotiation),
        cmocka_unit_test(test_rule_ending_notice_disabled),
        cmocka_unit_test(test_rule_initial_tasks_done),
        cmocka_unit_test(test_rule_task_in_phase),
        cmocka_unit_test(test_rule_task_once),
        cmocka_unit_test(test_rule_task_order),
        cmocka_unit_test(test_rule_focus_count),
        cmocka_unit_test(test_rule_focus_allowed),
        cmocka_unit_test(test_rule_deficits_alone),
        cmocka_unit_test(test_rule_focus_changed),
        cmocka_unit_test(test_focus_change_clears_stage),
        cmocka_unit_test(test_focus_adding_dispute_clears_stage),
        cmocka_unit_test(test_dissolution_respects_allowed_areas),
        cmocka_unit_test(test_rule_dispute_is_focus),
        cmocka_unit_test(test_rule_dispute_stage_changed),
        cmocka_unit_test(test_dissolution),
        cmocka_unit_test(test_dissolution_in_middle),
        cmocka_unit_test(test_rule_contract_limits),
        cmocka_unit_test(test_contract_value_out_of_range),
        cmocka_unit_test(test_rule_contract_changed),
        cmocka_unit_test(test_guard_order),
        cmocka_unit_test(test_unused_fields),
        cmocka_unit_test(test_rule_contract_after_held),
        cmocka_unit_test(test_rule_continuation_planned),
        cmocka_unit_test(test_rule_log_capacity),
        cmocka_unit_test(test_log_capacity_custom),
        cmocka_unit_test(test_reserve_log_limits),
        cmocka_unit_test(test_reserved_field),
        cmocka_unit_test(test_out_of_range_values),
        cmocka_unit_test(test_auto_middle_to_termination),
        cmocka_unit_test(test_auto_termination_to_completed),
        cmocka_unit_test(test_auto_renegotiate_into_termination),
        cmocka_unit_test(test_renegotiate_early),
        cmocka_unit_test(test_explicit_early_advance),
        cmocka_unit_test(test_discontinue_reasons),
        cmocka_unit_test(test_log_entries),
        cmocka_unit_test(test_observer),
        cmocka_unit_test(test_observer_not_called_by_check),
        cmocka_unit_test(test_observer_reentry_busy),
        cmocka_unit_test(test_full_standard_course),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_getters_not_started),
        cmocka_unit_test(test_getters_each_state),
        cmocka_unit_test(test_profile_copy_unchanged),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_course_new_allocator),
        cmocka_unit_test(test_check_message_truncation),
        cmocka_unit_test(test_missing_tasks_message_cut),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
