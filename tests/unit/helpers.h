/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers for the black-box unit tests: building events, driving a
 * course into a given state, taking snapshots of everything a caller can
 * observe about a course, and the event/state table of docs/protocol.md.
 *
 * Include after <cmocka.h>; every helper asserts through cmocka, so a
 * failure inside a helper fails the calling test.
 */
#ifndef IPT_TEST_HELPERS_H
#define IPT_TEST_HELPERS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <ipt/ipt.h>

/* Ranges of the public enums, for loops. */
#define H_STATE_FIRST 1
#define H_STATE_LAST 8
#define H_EVENT_FIRST 100
#define H_EVENT_LAST 108
#define H_TASK_FIRST 1
#define H_TASK_LAST 13

#define H_BIT(area) IPT_AREA_BIT(area)
#define H_TBIT(task) IPT_TASK_BIT(task)

/* ---- events ------------------------------------------------------------ */

static inline struct ipt_event
h_event(int type, int32_t value, uint32_t areas, int64_t timestamp)
{
    struct ipt_event e;

    memset(&e, 0, sizeof(e));
    e.type = (int32_t)type;
    e.value = value;
    e.areas = areas;
    e.timestamp = timestamp;
    return e;
}

/* Timestamp one above the newest logged one (1 for an empty log), so that
 * events applied by the helpers have strictly increasing timestamps. */
static inline int64_t
h_next_ts(const struct ipt_course *c)
{
    uint32_t count = 0;
    struct ipt_log_entry e;

    assert_int_equal(ipt_course_log_size(c, &count, NULL), IPT_OK);
    if (count == 0)
        return 1;
    assert_int_equal(ipt_course_log_get(c, count - 1, &e), IPT_OK);
    return e.timestamp + 1;
}

static inline enum ipt_status
h_try(struct ipt_course *c, int type, int32_t value, uint32_t areas)
{
    struct ipt_event e = h_event(type, value, areas, h_next_ts(c));

    return ipt_course_apply(c, &e);
}

/* Applies an event that must be accepted; on refusal the test fails with the
 * course's message. */
static inline void
h_ok(struct ipt_course *c, int type, int32_t value, uint32_t areas)
{
    enum ipt_status st = h_try(c, type, value, areas);

    if (st != IPT_OK)
        fail_msg("event %d (value %d, areas 0x%x) refused: %s: %s", type,
                 (int)value, (unsigned)areas, ipt_status_name(st),
                 ipt_course_last_error(c));
}

static inline void h_start(struct ipt_course *c)
{ h_ok(c, IPT_EVENT_START, 0, 0); }
static inline void h_hold(struct ipt_course *c)
{ h_ok(c, IPT_EVENT_HOLD_SESSION, 0, 0); }
static inline void h_task(struct ipt_course *c, int task)
{ h_ok(c, IPT_EVENT_COMPLETE_TASK, (int32_t)task, 0); }
static inline void h_focus(struct ipt_course *c, uint32_t areas)
{ h_ok(c, IPT_EVENT_CHOOSE_FOCUS, 0, areas); }
static inline void h_stage(struct ipt_course *c, int stage)
{ h_ok(c, IPT_EVENT_SET_DISPUTE_STAGE, (int32_t)stage, 0); }
static inline void h_advance(struct ipt_course *c)
{ h_ok(c, IPT_EVENT_ADVANCE_PHASE, 0, 0); }
static inline void h_discontinue(struct ipt_course *c, int reason)
{ h_ok(c, IPT_EVENT_DISCONTINUE, (int32_t)reason, 0); }
static inline void h_renegotiate(struct ipt_course *c, uint32_t planned)
{ h_ok(c, IPT_EVENT_RENEGOTIATE_CONTRACT, (int32_t)planned, 0); }
static inline void h_maintenance(struct ipt_course *c)
{ h_ok(c, IPT_EVENT_ENTER_MAINTENANCE, 0, 0); }

/* ---- observation ------------------------------------------------------- */

static inline enum ipt_state
h_state(const struct ipt_course *c)
{
    enum ipt_state s = (enum ipt_state)0;

    assert_int_equal(ipt_course_get_state(c, &s), IPT_OK);
    return s;
}

static inline uint32_t
h_held(const struct ipt_course *c)
{
    uint32_t held = 0;

    assert_int_equal(ipt_course_get_sessions(c, &held, NULL, NULL), IPT_OK);
    return held;
}

static inline uint32_t
h_planned(const struct ipt_course *c)
{
    uint32_t planned = 0;

    assert_int_equal(ipt_course_get_sessions(c, NULL, &planned, NULL),
                     IPT_OK);
    return planned;
}

static inline uint32_t
h_focus_mask(const struct ipt_course *c)
{
    uint32_t areas = 0xFFFFFFFFu;

    assert_int_equal(ipt_course_get_focus(c, &areas), IPT_OK);
    return areas;
}

static inline uint32_t
h_done(const struct ipt_course *c)
{
    uint32_t done = 0xFFFFFFFFu;

    assert_int_equal(ipt_course_get_tasks(c, &done, NULL), IPT_OK);
    return done;
}

static inline uint32_t
h_log_count(const struct ipt_course *c)
{
    uint32_t count = 0xFFFFFFFFu;

    assert_int_equal(ipt_course_log_size(c, &count, NULL), IPT_OK);
    return count;
}

static inline uint32_t
h_log_capacity(const struct ipt_course *c)
{
    uint32_t cap = 0xFFFFFFFFu;

    assert_int_equal(ipt_course_log_size(c, NULL, &cap), IPT_OK);
    return cap;
}

static inline struct ipt_log_entry
h_log_last(const struct ipt_course *c)
{
    struct ipt_log_entry e;
    uint32_t n = h_log_count(c);

    memset(&e, 0, sizeof(e));
    assert_true(n > 0);
    assert_int_equal(ipt_course_log_get(c, n - 1, &e), IPT_OK);
    return e;
}

static inline void
h_assert_entry_equal(const struct ipt_log_entry *a,
                     const struct ipt_log_entry *b)
{
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->value, b->value);
    assert_true(a->timestamp == b->timestamp);
    assert_int_equal(a->areas, b->areas);
    assert_int_equal(a->session, b->session);
    assert_int_equal(a->state_before, b->state_before);
    assert_int_equal(a->state_after, b->state_after);
    assert_int_equal(a->focus_after, b->focus_after);
    assert_int_equal(a->reserved, b->reserved);
}

/* Everything a caller can observe about a course through its getters. */
struct h_snapshot {
    enum ipt_state state;
    enum ipt_status next_phase_status;
    enum ipt_state next_phase;
    uint32_t held, planned, remaining;
    uint32_t focus;
    enum ipt_status stage_status;
    enum ipt_dispute_stage stage;
    uint32_t done, missing;
    enum ipt_status reason_status;
    enum ipt_end_reason reason;
    uint32_t log_count, log_capacity;
    struct ipt_log_entry last;
};

static inline struct h_snapshot
h_snapshot_take(const struct ipt_course *c)
{
    struct h_snapshot s;

    memset(&s, 0, sizeof(s));
    assert_int_equal(ipt_course_get_state(c, &s.state), IPT_OK);
    s.next_phase_status = ipt_course_get_next_phase(c, &s.next_phase);
    assert_int_equal(ipt_course_get_sessions(c, &s.held, &s.planned,
                                             &s.remaining), IPT_OK);
    assert_int_equal(ipt_course_get_focus(c, &s.focus), IPT_OK);
    s.stage_status = ipt_course_get_dispute_stage(c, &s.stage);
    assert_int_equal(ipt_course_get_tasks(c, &s.done, &s.missing), IPT_OK);
    s.reason_status = ipt_course_get_end_reason(c, &s.reason);
    assert_int_equal(ipt_course_log_size(c, &s.log_count, &s.log_capacity),
                     IPT_OK);
    if (s.log_count > 0)
        assert_int_equal(ipt_course_log_get(c, s.log_count - 1, &s.last),
                         IPT_OK);
    return s;
}

static inline void
h_snapshot_assert_equal(const struct h_snapshot *a, const struct h_snapshot *b)
{
    assert_int_equal(a->state, b->state);
    assert_int_equal(a->next_phase_status, b->next_phase_status);
    assert_int_equal(a->next_phase, b->next_phase);
    assert_int_equal(a->held, b->held);
    assert_int_equal(a->planned, b->planned);
    assert_int_equal(a->remaining, b->remaining);
    assert_int_equal(a->focus, b->focus);
    assert_int_equal(a->stage_status, b->stage_status);
    assert_int_equal(a->stage, b->stage);
    assert_int_equal(a->done, b->done);
    assert_int_equal(a->missing, b->missing);
    assert_int_equal(a->reason_status, b->reason_status);
    assert_int_equal(a->reason, b->reason);
    assert_int_equal(a->log_count, b->log_count);
    assert_int_equal(a->log_capacity, b->log_capacity);
    h_assert_entry_equal(&a->last, &b->last);
}

/* ---- courses ----------------------------------------------------------- */

static inline const struct ipt_profile *
h_standard(void)
{
    const struct ipt_profile *p = NULL;

    assert_int_equal(ipt_profile_builtin("standard", &p), IPT_OK);
    assert_non_null(p);
    return p;
}

static inline struct ipt_course *
h_new_standard(void)
{
    struct ipt_course *c = NULL;

    assert_int_equal(ipt_course_new(h_standard(), NULL, &c), IPT_OK);
    assert_non_null(c);
    return c;
}

static inline struct ipt_profile_params
h_params(uint32_t planned, uint32_t min, uint32_t max, uint32_t initial_last,
         uint32_t termination, uint32_t notice, uint32_t max_focal,
         uint32_t allowed)
{
    struct ipt_profile_params p;

    memset(&p, 0, sizeof(p));
    p.size = (uint32_t)sizeof(p);
    p.planned_sessions = planned;
    p.min_sessions = min;
    p.max_sessions = max;
    p.initial_last_session = initial_last;
    p.termination_sessions = termination;
    p.ending_notice_sessions = notice;
    p.max_focal_areas = max_focal;
    p.allowed_areas = allowed;
    return p;
}

static inline struct ipt_profile_params
h_standard_params(void)
{
    return h_params(16, 12, 16, 3, 4, 2, 2, IPT_AREAS_CORE);
}

/* A course from a profile of its own; the profile is freed at once (the
 * course keeps its own copy). */
static inline struct ipt_course *
h_new_custom(const struct ipt_profile_params *params)
{
    struct ipt_profile *p = NULL;
    struct ipt_course *c = NULL;

    assert_int_equal(ipt_profile_new("custom", params, NULL, &p), IPT_OK);
    assert_int_equal(ipt_course_new(p, NULL, &c), IPT_OK);
    ipt_profile_free(p);
    assert_non_null(c);
    return c;
}

/* Completes the initial-phase tasks in @p mask, in protocol order
 * (problem_area before interpersonal_formulation).  A focus must already be
 * chosen if problem_area is in the mask. */
static inline void
h_initial_tasks(struct ipt_course *c, uint32_t mask)
{
    for (int t = IPT_TASK_HISTORY_AND_DIAGNOSIS;
         t <= IPT_TASK_TREATMENT_CONTRACT; t++) {
        if ((mask & IPT_TASK_BIT(t)) != 0)
            h_task(c, t);
    }
}

/* Not started -> initial, session 1 held, role dispute chosen as focus and
 * the initial tasks in @p tasks done. */
static inline void
h_to_initial(struct ipt_course *c, uint32_t tasks)
{
    h_start(c);
    h_hold(c);
    h_focus(c, H_BIT(IPT_AREA_ROLE_DISPUTE));
    h_initial_tasks(c, tasks);
}

/*
 * Drives a fresh standard course into @p state:
 *   initial       start, session 1, focus role_dispute, all 7 initial tasks
 *   middle        initial + advance_phase (1 session held)
 *   termination   middle + sessions 2..12 (automatic termination)
 *   completed     termination + discuss_ending, plan_continuation,
 *                 sessions 13..16
 *   maintenance   completed + enter_maintenance
 *   discontinued  initial + discontinue(dropout)
 *   referred      initial + discontinue(referral)
 */
static inline void
h_drive(struct ipt_course *c, int state)
{
    switch (state) {
    case IPT_STATE_NOT_STARTED:
        break;
    case IPT_STATE_INITIAL:
        h_to_initial(c, IPT_TASKS_INITIAL);
        break;
    case IPT_STATE_MIDDLE:
        h_drive(c, IPT_STATE_INITIAL);
        h_advance(c);
        break;
    case IPT_STATE_TERMINATION:
        h_drive(c, IPT_STATE_MIDDLE);
        while (h_state(c) == IPT_STATE_MIDDLE)
            h_hold(c);
        break;
    case IPT_STATE_COMPLETED:
        h_drive(c, IPT_STATE_TERMINATION);
        h_task(c, IPT_TASK_DISCUSS_ENDING);
        h_task(c, IPT_TASK_PLAN_CONTINUATION);
        while (h_state(c) == IPT_STATE_TERMINATION)
            h_hold(c);
        break;
    case IPT_STATE_MAINTENANCE:
        h_drive(c, IPT_STATE_COMPLETED);
        h_maintenance(c);
        break;
    case IPT_STATE_DISCONTINUED:
        h_drive(c, IPT_STATE_INITIAL);
        h_discontinue(c, IPT_END_DROPOUT);
        break;
    case IPT_STATE_REFERRED:
        h_drive(c, IPT_STATE_INITIAL);
        h_discontinue(c, IPT_END_REFERRAL);
        break;
    default:
        fail_msg("no such state %d", state);
    }
    assert_int_equal(h_state(c), state);
}

/* ---- the state x event matrix ------------------------------------------ */

/* docs/protocol.md, rule event_allowed_in_state: the states in which each
 * event is accepted. */
static inline bool
h_doc_allows(int state, int event)
{
    switch (event) {
    case IPT_EVENT_START:
        return state == IPT_STATE_NOT_STARTED;
    case IPT_EVENT_HOLD_SESSION:
        return state == IPT_STATE_INITIAL || state == IPT_STATE_MIDDLE ||
               state == IPT_STATE_TERMINATION;
    case IPT_EVENT_COMPLETE_TASK:
        return state == IPT_STATE_INITIAL || state == IPT_STATE_TERMINATION;
    case IPT_EVENT_CHOOSE_FOCUS:
        return state == IPT_STATE_INITIAL;
    case IPT_EVENT_SET_DISPUTE_STAGE:
        return state == IPT_STATE_INITIAL || state == IPT_STATE_MIDDLE ||
               state == IPT_STATE_TERMINATION;
    case IPT_EVENT_ADVANCE_PHASE:
        return state == IPT_STATE_INITIAL || state == IPT_STATE_MIDDLE;
    case IPT_EVENT_DISCONTINUE:
        return state == IPT_STATE_NOT_STARTED || state == IPT_STATE_INITIAL ||
               state == IPT_STATE_MIDDLE || state == IPT_STATE_TERMINATION;
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        return state == IPT_STATE_NOT_STARTED || state == IPT_STATE_INITIAL ||
               state == IPT_STATE_MIDDLE;
    case IPT_EVENT_ENTER_MAINTENANCE:
        return state == IPT_STATE_COMPLETED;
    default:
        fail_msg("no such event %d", event);
    }
    return false;
}

/* Prepares a fresh standard course for the matrix cell (state, event): the
 * course is driven into @p state such that the event h_matrix_event()
 * returns passes every guard whenever the table allows it. */
static inline void
h_matrix_setup(struct ipt_course *c, int state, int event)
{
    if (state == IPT_STATE_INITIAL && event == IPT_EVENT_COMPLETE_TASK) {
        /* leave one initial task to be done */
        h_to_initial(c, IPT_TASKS_INITIAL &
                            ~IPT_TASK_BIT(IPT_TASK_TREATMENT_CONTRACT));
        return;
    }
    h_drive(c, state);
}

/* A well-formed event of type @p event for the matrix cell (state, event);
 * its timestamp is later than any the helpers use. */
static inline struct ipt_event
h_matrix_event(int state, int event)
{
    const int64_t ts = INT64_C(1) << 40;

    switch (event) {
    case IPT_EVENT_COMPLETE_TASK:
        if (state == IPT_STATE_TERMINATION)
            return h_event(event, IPT_TASK_DISCUSS_ENDING, 0, ts);
        if (state == IPT_STATE_INITIAL)
            return h_event(event, IPT_TASK_TREATMENT_CONTRACT, 0, ts);
        return h_event(event, IPT_TASK_HISTORY_AND_DIAGNOSIS, 0, ts);
    case IPT_EVENT_CHOOSE_FOCUS:
        return h_event(event, 0, H_BIT(IPT_AREA_GRIEF), ts);
    case IPT_EVENT_SET_DISPUTE_STAGE:
        return h_event(event, IPT_DISPUTE_IMPASSE, 0, ts);
    case IPT_EVENT_DISCONTINUE:
        return h_event(event, IPT_END_DROPOUT, 0, ts);
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        return h_event(event, 12, 0, ts);
    default:
        return h_event(event, 0, 0, ts);
    }
}

/* Applies the matrix cell's event to a freshly prepared course and returns
 * the status. */
static inline enum ipt_status
h_matrix_try(int state, int event)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e = h_matrix_event(state, event);
    enum ipt_status st;

    h_matrix_setup(c, state, event);
    st = ipt_course_apply(c, &e);
    ipt_course_free(c);
    return st;
}

/* ---- text -------------------------------------------------------------- */

static inline bool
h_contains(const char *haystack, const char *needle)
{
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

static inline bool
h_is_snake_case(const char *s)
{
    if (s == NULL || *s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    }
    return true;
}

#endif /* IPT_TEST_HELPERS_H */
