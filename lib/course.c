/* SPDX-License-Identifier: MIT */
/*
 * A course of IPT.
 *
 * Every event goes through evaluate(), which runs the checks in the
 * documented order (arguments, transition table, timestamp, guards, log
 * capacity) and picks the table edge to take, without touching the course.
 * Only when evaluate() accepts does apply_effect() change the course; it
 * cannot fail, so a refused event leaves the course exactly as it was.
 * ipt_course_check() is evaluate() alone.
 *
 *   not_started --start--> initial --advance_phase [tasks done]--> middle
 *   middle --hold_session/renegotiate [remaining <= T]--> termination
 *   middle --advance_phase--> termination
 *   termination --hold_session [remaining == 0]--> completed
 *   completed --enter_maintenance [continuation planned]--> maintenance
 *   any phase or not_started --discontinue--> discontinued | referred
 *
 * The full table is in machine.c; the rules are listed in docs/protocol.md.
 */
#include <string.h>

#include "internal.h"

/* Capacity limit of ipt_course_reserve_log(). */
#define LOG_CAPACITY_MAX UINT32_C(1048576)

/* What evaluate() found out about an event. */
struct verdict {
    enum ipt_rule rule;
    const struct ipt__target *target; /* where to go, when accepted */
};

/* ---- small helpers ------------------------------------------------------ */

static uint32_t
remaining(const struct ipt_course *c)
{
    return c->planned - c->held;
}

/* Appends @p text to the string in @p buf (@p size bytes, @p *len used),
 * cutting what does not fit; with @p spaces, '_' is written as ' '. */
static void
append_text(char *buf, size_t size, size_t *len, const char *text,
            int spaces)
{
    for (size_t i = 0; text[i] != '\0' && *len + 1 < size; i++) {
        buf[(*len)++] = (char)(spaces && text[i] == '_' ? ' ' : text[i]);
        buf[*len] = '\0';
    }
}

/* Appends "<task>, <task> not done", with the human names of the tasks in
 * @p mask, to buf; what does not fit is cut, so that a short buffer holds
 * the start of the full message. */
static void
list_missing_tasks(char *buf, size_t size, uint32_t mask)
{
    size_t len;
    int first = 1;

    if (buf == NULL || size == 0)
        return;
    len = strlen(buf);
    for (int32_t t = IPT_TASK_HISTORY_AND_DIAGNOSIS;
         t <= IPT_TASK_PLAN_CONTINUATION; t++) {
        if ((mask & IPT_TASK_BIT(t)) == 0)
            continue;
        if (!first)
            append_text(buf, size, &len, ", ", 0);
        first = 0;
        append_text(buf, size, &len, ipt_task_name((enum ipt_task)t), 1);
    }
    append_text(buf, size, &len, " not done", 0);
}

static enum ipt_status
refuse(struct verdict *v, enum ipt_rule rule, enum ipt_status status)
{
    v->rule = rule;
    return status;
}

/* ---- argument checks ---------------------------------------------------- */

static enum ipt_status
check_arguments(const struct ipt_event *ev, char *msg, uint64_t msg_size)
{
    int uses_value = 0;

    if (ev->type < IPT__EVENT_FIRST || ev->type > IPT__EVENT_LAST) {
        ipt__format(msg, msg_size, "unknown event type %d", (int)ev->type);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (ev->reserved != 0) {
        ipt__format(msg, msg_size, "event field 'reserved' must be 0");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    if (ev->areas != 0 && ev->type != IPT_EVENT_CHOOSE_FOCUS) {
        ipt__format(msg, msg_size, "event '%s' takes no areas",
                    ipt_event_type_name((enum ipt_event_type)ev->type));
        return IPT_ERR_INVALID_ARGUMENT;
    }

    switch ((enum ipt_event_type)ev->type) {
    case IPT_EVENT_COMPLETE_TASK:
        uses_value = 1;
        if (ev->value < IPT_TASK_HISTORY_AND_DIAGNOSIS ||
            ev->value > IPT_TASK_PLAN_CONTINUATION) {
            ipt__format(msg, msg_size, "unknown task %d", (int)ev->value);
            return IPT_ERR_OUT_OF_RANGE;
        }
        break;
    case IPT_EVENT_SET_DISPUTE_STAGE:
        uses_value = 1;
        if (ev->value < IPT_DISPUTE_RENEGOTIATION ||
            ev->value > IPT_DISPUTE_DISSOLUTION) {
            ipt__format(msg, msg_size, "unknown dispute stage %d",
                        (int)ev->value);
            return IPT_ERR_OUT_OF_RANGE;
        }
        break;
    case IPT_EVENT_DISCONTINUE:
        uses_value = 1;
        if (ev->value < IPT_END_DROPOUT || ev->value > IPT_END_OTHER) {
            ipt__format(msg, msg_size, "unknown end reason %d",
                        (int)ev->value);
            return IPT_ERR_OUT_OF_RANGE;
        }
        break;
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        uses_value = 1;
        if (ev->value < 1) {
            ipt__format(msg, msg_size,
                        "planned sessions must be positive, not %d",
                        (int)ev->value);
            return IPT_ERR_OUT_OF_RANGE;
        }
        break;
    case IPT_EVENT_CHOOSE_FOCUS:
        if ((ev->areas & ~IPT__AREA_MASK) != 0) {
            ipt__format(msg, msg_size, "unknown problem area bits 0x%x",
                        (unsigned)(ev->areas & ~IPT__AREA_MASK));
            return IPT_ERR_OUT_OF_RANGE;
        }
        break;
    case IPT_EVENT_START:
    case IPT_EVENT_HOLD_SESSION:
    case IPT_EVENT_ADVANCE_PHASE:
    case IPT_EVENT_ENTER_MAINTENANCE:
        break;
    }
    if (!uses_value && ev->value != 0) {
        ipt__format(msg, msg_size, "event '%s' takes no value",
                    ipt_event_type_name((enum ipt_event_type)ev->type));
        return IPT_ERR_INVALID_ARGUMENT;
    }
    return IPT_OK;
}

/* ---- guards, one per event type ---------------------------------------- */

static enum ipt_status
need_session(const struct ipt_course *c, const char *what, struct verdict *v,
             char *msg, uint64_t msg_size)
{
    if (c->held > 0)
        return IPT_OK;
    ipt__format(msg, msg_size, "%s cannot be recorded before the first "
                "session is held", what);
    return refuse(v, IPT_RULE_SESSION_HELD, IPT_ERR_GUARD_FAILED);
}

static enum ipt_status
guard_hold_session(const struct ipt_course *c, struct verdict *v, char *msg,
                   uint64_t msg_size)
{
    const struct ipt_profile_params *p = &c->profile.params;
    uint32_t next = c->held + 1;

    if (remaining(c) == 0) {
        ipt__format(msg, msg_size, "no planned session remains: all %u "
                    "sessions of the contract were held", c->planned);
        return refuse(v, IPT_RULE_SESSIONS_REMAIN, IPT_ERR_GUARD_FAILED);
    }
    if (c->state == IPT_STATE_INITIAL && next > p->initial_last_session) {
        uint32_t missing = IPT_TASKS_INITIAL & ~c->tasks_done;

        if (missing != 0) {
            ipt__format(msg, msg_size, "session %u cannot be held in the "
                        "initial phase, which ends by session %u: ",
                        next, p->initial_last_session);
            list_missing_tasks(msg, ipt__size_clamp(msg_size), missing);
        } else {
            ipt__format(msg, msg_size, "session %u cannot be held in the "
                        "initial phase, which ends by session %u: advance "
                        "to the middle phase first",
                        next, p->initial_last_session);
        }
        return refuse(v, IPT_RULE_INITIAL_PHASE_LENGTH, IPT_ERR_GUARD_FAILED);
    }
    if (p->ending_notice_sessions > 0 &&
        next > c->planned - p->ending_notice_sessions &&
        (c->tasks_done & IPT_TASK_BIT(IPT_TASK_DISCUSS_ENDING)) == 0) {
        ipt__format(msg, msg_size, "session %u cannot be held before the "
                    "ending is discussed: with %u planned sessions the "
                    "ending must be discussed by session %u",
                    next, c->planned,
                    c->planned - p->ending_notice_sessions);
        return refuse(v, IPT_RULE_ENDING_NOTICE, IPT_ERR_GUARD_FAILED);
    }
    return IPT_OK;
}

static enum ipt_status
guard_complete_task(const struct ipt_course *c, enum ipt_task task,
                    struct verdict *v, char *msg, uint64_t msg_size)
{
    enum ipt_state phase = IPT_STATE_INITIAL;
    enum ipt_status st;

    st = need_session(c, "a task", v, msg, msg_size);
    if (st != IPT_OK)
        return st;
    (void)ipt_task_phase(task, &phase);
    if (phase != c->state) {
        ipt__format(msg, msg_size, "task '%s' belongs to the %s phase, but "
                    "the course is in the %s phase", ipt_task_name(task),
                    ipt_state_name(phase), ipt_state_name(c->state));
        return refuse(v, IPT_RULE_TASK_IN_PHASE, IPT_ERR_GUARD_FAILED);
    }
    if ((c->tasks_done & IPT_TASK_BIT(task)) != 0) {
        ipt__format(msg, msg_size, "task '%s' is already done",
                    ipt_task_name(task));
        return refuse(v, IPT_RULE_TASK_ONCE, IPT_ERR_GUARD_FAILED);
    }
    if (task == IPT_TASK_PROBLEM_AREA && c->focus == 0) {
        ipt__format(msg, msg_size, "the problem area cannot be identified "
                    "before a focus is chosen");
        return refuse(v, IPT_RULE_TASK_ORDER, IPT_ERR_GUARD_FAILED);
    }
    if (task == IPT_TASK_INTERPERSONAL_FORMULATION &&
        (c->tasks_done & IPT_TASK_BIT(IPT_TASK_PROBLEM_AREA)) == 0) {
        ipt__format(msg, msg_size, "the interpersonal formulation cannot be "
                    "agreed before the problem area is identified");
        return refuse(v, IPT_RULE_TASK_ORDER, IPT_ERR_GUARD_FAILED);
    }
    return IPT_OK;
}

static enum ipt_status
guard_choose_focus(const struct ipt_course *c, uint32_t areas,
                   struct verdict *v, char *msg, uint64_t msg_size)
{
    const struct ipt_profile_params *p = &c->profile.params;
    const uint32_t deficits = IPT_AREA_BIT(IPT_AREA_INTERPERSONAL_DEFICITS);
    uint32_t n = ipt__popcount(areas);
    enum ipt_status st;

    st = need_session(c, "a focus", v, msg, msg_size);
    if (st != IPT_OK)
        return st;
    if (n == 0 || n > p->max_focal_areas) {
        ipt__format(msg, msg_size, "a focus names 1 to %u problem areas, "
                    "not %u", p->max_focal_areas, n);
        return refuse(v, IPT_RULE_FOCUS_COUNT, IPT_ERR_GUARD_FAILED);
    }
    if ((areas & ~p->allowed_areas) != 0) {
        for (int32_t a = IPT__AREA_FIRST; a <= IPT__AREA_LAST; a++) {
            if ((areas & ~p->allowed_areas & IPT_AREA_BIT(a)) != 0) {
                ipt__format(msg, msg_size, "problem area '%s' is not allowed "
                            "by profile '%s'",
                            ipt_area_name((enum ipt_area)a), c->profile.name);
                break;
            }
        }
        return refuse(v, IPT_RULE_FOCUS_ALLOWED, IPT_ERR_GUARD_FAILED);
    }
    if ((areas & deficits) != 0 && n > 1) {
        ipt__format(msg, msg_size, "interpersonal deficits is the area of "
                    "last resort and cannot be chosen with another area");
        return refuse(v, IPT_RULE_DEFICITS_ALONE, IPT_ERR_GUARD_FAILED);
    }
    if (areas == c->focus) {
        ipt__format(msg, msg_size, "the focus is already these areas");
        return refuse(v, IPT_RULE_FOCUS_CHANGED, IPT_ERR_GUARD_FAILED);
    }
    return IPT_OK;
}

static enum ipt_status
guard_set_dispute_stage(const struct ipt_course *c,
                        enum ipt_dispute_stage stage, struct verdict *v,
                        char *msg, uint64_t msg_size)
{
    const uint32_t transition = IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION);
    enum ipt_status st;

    st = need_session(c, "a dispute stage", v, msg, msg_size);
    if (st != IPT_OK)
        return st;
    if ((c->focus & IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE)) == 0) {
        if (c->staged && c->stage == IPT_DISPUTE_DISSOLUTION)
            ipt__format(msg, msg_size, "the dispute was dissolved and is "
                        "now worked on as a role transition");
        else
            ipt__format(msg, msg_size, "a dispute stage needs role dispute "
                        "as a focus");
        return refuse(v, IPT_RULE_DISPUTE_IS_FOCUS, IPT_ERR_GUARD_FAILED);
    }
    if (c->staged && c->stage == stage) {
        ipt__format(msg, msg_size, "the dispute is already at stage '%s'",
                    ipt_dispute_stage_name(stage));
        return refuse(v, IPT_RULE_DISPUTE_STAGE_CHANGED,
                      IPT_ERR_GUARD_FAILED);
    }
    if (stage == IPT_DISPUTE_DISSOLUTION &&
        (c->profile.params.allowed_areas & transition) == 0) {
        ipt__format(msg, msg_size, "dissolution turns the dispute into a "
                    "role transition, which profile '%s' does not allow",
                    c->profile.name);
        return refuse(v, IPT_RULE_FOCUS_ALLOWED, IPT_ERR_GUARD_FAILED);
    }
    return IPT_OK;
}

static enum ipt_status
guard_advance_phase(const struct ipt_course *c, struct verdict *v, char *msg,
                    uint64_t msg_size)
{
    uint32_t missing = IPT_TASKS_INITIAL & ~c->tasks_done;

    if (c->state != IPT_STATE_INITIAL || missing == 0)
        return IPT_OK;
    ipt__format(msg, msg_size, "initial phase cannot end: ");
    list_missing_tasks(msg, ipt__size_clamp(msg_size), missing);
    return refuse(v, IPT_RULE_INITIAL_TASKS_DONE, IPT_ERR_GUARD_FAILED);
}

static enum ipt_status
guard_renegotiate(const struct ipt_course *c, uint32_t planned,
                  struct verdict *v, char *msg, uint64_t msg_size)
{
    const struct ipt_profile_params *p = &c->profile.params;

    if (planned < p->min_sessions || planned > p->max_sessions) {
        ipt__format(msg, msg_size, "a contract plans %u to %u sessions in "
                    "profile '%s', not %u", p->min_sessions, p->max_sessions,
                    c->profile.name, planned);
        return refuse(v, IPT_RULE_CONTRACT_LIMITS, IPT_ERR_GUARD_FAILED);
    }
    if (planned == c->planned) {
        ipt__format(msg, msg_size, "the contract already plans %u sessions",
                    planned);
        return refuse(v, IPT_RULE_CONTRACT_CHANGED, IPT_ERR_GUARD_FAILED);
    }
    if (planned <= c->held) {
        ipt__format(msg, msg_size, "a contract of %u sessions must plan "
                    "more than the %u already held", planned, c->held);
        return refuse(v, IPT_RULE_CONTRACT_AFTER_HELD, IPT_ERR_GUARD_FAILED);
    }
    if (c->state == IPT_STATE_MIDDLE &&
        planned - c->held < p->ending_notice_sessions) {
        ipt__format(msg, msg_size, "a contract of %u sessions leaves %u "
                    "after session %u, but the ending must be discussed "
                    "%u sessions ahead", planned, planned - c->held, c->held,
                    p->ending_notice_sessions);
        return refuse(v, IPT_RULE_ENDING_NOTICE, IPT_ERR_GUARD_FAILED);
    }
    return IPT_OK;
}

static enum ipt_status
guard_enter_maintenance(const struct ipt_course *c, struct verdict *v,
                        char *msg, uint64_t msg_size)
{
    if ((c->tasks_done & IPT_TASK_BIT(IPT_TASK_PLAN_CONTINUATION)) != 0)
        return IPT_OK;
    ipt__format(msg, msg_size, "maintenance cannot begin: continuation was "
                "not discussed (task 'plan_continuation')");
    return refuse(v, IPT_RULE_CONTINUATION_PLANNED, IPT_ERR_GUARD_FAILED);
}

static enum ipt_status
check_guards(const struct ipt_course *c, const struct ipt_event *ev,
             struct verdict *v, char *msg, uint64_t msg_size)
{
    switch ((enum ipt_event_type)ev->type) {
    case IPT_EVENT_START:
    case IPT_EVENT_DISCONTINUE:
        break;
    case IPT_EVENT_HOLD_SESSION:
        return guard_hold_session(c, v, msg, msg_size);
    case IPT_EVENT_COMPLETE_TASK:
        return guard_complete_task(c, (enum ipt_task)ev->value, v, msg,
                                   msg_size);
    case IPT_EVENT_CHOOSE_FOCUS:
        return guard_choose_focus(c, ev->areas, v, msg, msg_size);
    case IPT_EVENT_SET_DISPUTE_STAGE:
        return guard_set_dispute_stage(
            c, (enum ipt_dispute_stage)ev->value, v, msg, msg_size);
    case IPT_EVENT_ADVANCE_PHASE:
        return guard_advance_phase(c, v, msg, msg_size);
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        return guard_renegotiate(c, (uint32_t)ev->value, v, msg, msg_size);
    case IPT_EVENT_ENTER_MAINTENANCE:
        return guard_enter_maintenance(c, v, msg, msg_size);
    }
    return IPT_OK;
}

/* ---- the transition table ----------------------------------------------- */

/* Planned sessions not yet held once @ev has taken effect: only holding a
 * session and renegotiating the contract change them. */
static uint32_t
remaining_after(const struct ipt_course *c, const struct ipt_event *ev)
{
    uint32_t planned = ev->type == IPT_EVENT_RENEGOTIATE_CONTRACT
                           ? (uint32_t)ev->value
                           : c->planned;
    uint32_t held = ev->type == IPT_EVENT_HOLD_SESSION ? c->held + 1
                                                       : c->held;

    return planned - held;
}

static int
condition_holds(const struct ipt_course *c, const struct ipt_event *ev,
                enum ipt__cond cond)
{
    uint32_t term = c->profile.params.termination_sessions;
    int holds = 0;

    switch (cond) {
    case IPT__COND_ALWAYS:
        holds = 1;
        break;
    case IPT__COND_ABOVE_TERMINATION:
        holds = remaining_after(c, ev) > term;
        break;
    case IPT__COND_WITHIN_TERMINATION:
        holds = remaining_after(c, ev) <= term;
        break;
    case IPT__COND_SESSIONS_LEFT:
        holds = remaining_after(c, ev) > 0;
        break;
    case IPT__COND_NO_SESSIONS_LEFT:
        holds = remaining_after(c, ev) == 0;
        break;
    case IPT__COND_REFERRAL:
        holds = ev->value == IPT_END_REFERRAL;
        break;
    case IPT__COND_NOT_REFERRAL:
        holds = ev->value != IPT_END_REFERRAL;
        break;
    }
    return holds;
}

static const struct ipt__target *
select_target(const struct ipt_course *c, const struct ipt_event *ev)
{
    const struct ipt__cell *cell = ipt__cell(c->state, ev->type);

    for (uint32_t k = 0; k < cell->count; k++) {
        if (condition_holds(c, ev, cell->targets[k].cond))
            return &cell->targets[k];
    }
    /* GCOVR_EXCL_START: defensive: the conditions of every cell with
     * targets end in a complementary pair (or ALWAYS), so one of them
     * holds (tests/unit/test-machine.c, test_conditions_complementary). */
    return NULL;
    /* GCOVR_EXCL_STOP */
}

/* ---- evaluation and application ----------------------------------------- */

static enum ipt_status
evaluate(const struct ipt_course *c, const struct ipt_event *ev,
         struct verdict *v, char *msg, uint64_t msg_size)
{
    enum ipt_status st;

    v->rule = IPT_RULE_NONE;
    v->target = NULL;
    if (msg != NULL && msg_size > 0)
        msg[0] = '\0';

    st = check_arguments(ev, msg, msg_size);
    if (st != IPT_OK)
        return st;
    if (ipt__cell(c->state, ev->type)->count == 0) {
        ipt__format(msg, msg_size, "event '%s' is not allowed when the "
                    "course is '%s'",
                    ipt_event_type_name((enum ipt_event_type)ev->type),
                    ipt_state_name(c->state));
        return refuse(v, IPT_RULE_EVENT_ALLOWED_IN_STATE,
                      IPT_ERR_EVENT_NOT_ALLOWED);
    }
    if (c->has_timestamp && ev->timestamp < c->last_timestamp) {
        ipt__format(msg, msg_size, "timestamp %lld is earlier than the "
                    "previous event's (%lld)", (long long)ev->timestamp,
                    (long long)c->last_timestamp);
        return refuse(v, IPT_RULE_TIMESTAMP_ORDER, IPT_ERR_OUT_OF_RANGE);
    }
    st = check_guards(c, ev, v, msg, msg_size);
    if (st != IPT_OK)
        return st;
    if (c->log_count >= c->log_capacity) {
        ipt__format(msg, msg_size, "the event log is full (%u entries); "
                    "grow it with ipt_course_reserve_log()", c->log_capacity);
        return refuse(v, IPT_RULE_LOG_CAPACITY, IPT_ERR_LOG_FULL);
    }
    v->target = select_target(c, ev);
    /* GCOVR_EXCL_START: defensive: select_target() always finds a target
     * (see there); this only guards against a table edited out of step
     * with its conditions. */
    if (v->target == NULL) {
        ipt__format(msg, msg_size, "no transition of '%s' applies in state "
                    "'%s'",
                    ipt_event_type_name((enum ipt_event_type)ev->type),
                    ipt_state_name(c->state));
        return refuse(v, IPT_RULE_EVENT_ALLOWED_IN_STATE,
                      IPT_ERR_EVENT_NOT_ALLOWED);
    }
    /* GCOVR_EXCL_STOP */
    return IPT_OK;
}

static void
apply_effect(struct ipt_course *c, const struct ipt_event *ev)
{
    const uint32_t dispute = IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE);

    switch ((enum ipt_event_type)ev->type) {
    case IPT_EVENT_HOLD_SESSION:
        c->held++;
        break;
    case IPT_EVENT_COMPLETE_TASK:
        c->tasks_done |= IPT_TASK_BIT(ev->value);
        break;
    case IPT_EVENT_CHOOSE_FOCUS:
        /* A stage belongs to the dispute chosen with the focus: adding or
         * removing role dispute starts without one. */
        if (((c->focus ^ ev->areas) & dispute) != 0)
            c->staged = 0;
        c->focus = ev->areas;
        break;
    case IPT_EVENT_SET_DISPUTE_STAGE:
        c->stage = (enum ipt_dispute_stage)ev->value;
        c->staged = 1;
        if (c->stage == IPT_DISPUTE_DISSOLUTION)
            c->focus = (c->focus & ~dispute) |
                       IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION);
        break;
    case IPT_EVENT_DISCONTINUE:
        c->end_reason = (enum ipt_end_reason)ev->value;
        c->has_end_reason = 1;
        break;
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        c->planned = (uint32_t)ev->value;
        break;
    case IPT_EVENT_START:
    case IPT_EVENT_ADVANCE_PHASE:
    case IPT_EVENT_ENTER_MAINTENANCE:
        break;
    }
}

enum ipt_status
ipt_course_apply(struct ipt_course *c, const struct ipt_event *ev)
{
    struct verdict v;
    struct ipt_log_entry *entry;
    enum ipt_state before;
    enum ipt_status st;

    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    if (ev == NULL) {
        c->last_rule = IPT_RULE_NONE;
        ipt__format(c->last_error, sizeof(c->last_error), "event is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = evaluate(c, ev, &v, c->last_error, sizeof(c->last_error));
    c->last_rule = v.rule;
    if (st != IPT_OK)
        return st;

    before = c->state;
    apply_effect(c, ev);
    c->state = v.target->to;
    c->last_timestamp = ev->timestamp;
    c->has_timestamp = 1;

    entry = &c->log[c->log_count++];
    entry->type = ev->type;
    entry->value = ev->value;
    entry->timestamp = ev->timestamp;
    entry->areas = ev->areas;
    entry->session = c->held;
    entry->state_before = (int32_t)before;
    entry->state_after = (int32_t)c->state;
    entry->focus_after = c->focus;
    entry->reserved = 0;

    if (c->observer != NULL) {
        c->busy = 1;
        c->observer(c, entry, c->observer_data);
        c->busy = 0;
    }
    return IPT_OK;
}

enum ipt_status
ipt_course_check(const struct ipt_course *c, const struct ipt_event *ev,
                 enum ipt_rule *rule, char *msg, uint64_t msg_size)
{
    struct verdict v = { IPT_RULE_NONE, NULL };
    enum ipt_status st;

    if (c == NULL || ev == NULL) {
        ipt__format(msg, msg_size, "%s is NULL",
                    c == NULL ? "course" : "event");
        st = IPT_ERR_INVALID_ARGUMENT;
    } else {
        st = evaluate(c, ev, &v, msg, msg_size);
    }
    if (rule != NULL)
        *rule = v.rule;
    return st;
}

/* ---- lifecycle ----------------------------------------------------------- */

static enum ipt_status
alloc_log(const struct ipt_allocator *a, uint32_t capacity,
          struct ipt_log_entry **out)
{
    struct ipt_log_entry *log = ipt__alloc(a, sizeof(*log) * capacity);

    if (log == NULL)
        return IPT_ERR_NO_MEMORY;
    *out = log;
    return IPT_OK;
}

enum ipt_status
ipt_course_new(const struct ipt_profile *profile,
               const struct ipt_allocator *allocator, struct ipt_course **out)
{
    struct ipt_allocator a;
    struct ipt_course *c;
    uint32_t capacity;
    enum ipt_status st;

    if (profile == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    st = ipt__allocator_resolve(allocator, &a);
    if (st != IPT_OK)
        return st;

    c = ipt__alloc(&a, sizeof(*c));
    if (c == NULL)
        return IPT_ERR_NO_MEMORY;
    memset(c, 0, sizeof(*c));
    capacity = 2 * profile->params.max_sessions + 32;
    st = alloc_log(&a, capacity, &c->log);
    if (st != IPT_OK) {
        ipt__free(&a, c);
        return st;
    }
    c->profile = *profile;
    c->profile.is_builtin = 1;      /* owned by the course: never freed */
    c->allocator = a;
    c->state = IPT_STATE_NOT_STARTED;
    c->planned = profile->params.planned_sessions;
    c->log_capacity = capacity;
    c->last_rule = IPT_RULE_NONE;
    *out = c;
    return IPT_OK;
}

void
ipt_course_free(struct ipt_course *c)
{
    struct ipt_allocator a;

    if (c == NULL)
        return;
    a = c->allocator;
    ipt__records_free(c);
    ipt__free(&a, c->log);
    ipt__free(&a, c);
}

void
ipt__course_reset(struct ipt_course *c)
{
    /* Everything ipt_course_new() sets, except the profile, the allocator
     * and the log buffer, which are kept; nothing is allocated. */
    ipt__records_free(c);
    c->state = IPT_STATE_NOT_STARTED;
    c->held = 0;
    c->planned = c->profile.params.planned_sessions;
    c->focus = 0;
    c->tasks_done = 0;
    c->stage = (enum ipt_dispute_stage)0;
    c->staged = 0;
    c->end_reason = (enum ipt_end_reason)0;
    c->has_end_reason = 0;
    c->last_timestamp = 0;
    c->has_timestamp = 0;
    c->log_count = 0;
    c->observer = NULL;
    c->observer_data = NULL;
    c->busy = 0;
    c->last_rule = IPT_RULE_NONE;
    c->last_error[0] = '\0';
}

enum ipt_status
ipt_course_reserve_log(struct ipt_course *c, uint32_t capacity)
{
    struct ipt_log_entry *log;
    enum ipt_status st;

    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    if (capacity > LOG_CAPACITY_MAX) {
        c->last_rule = IPT_RULE_NONE;
        ipt__format(c->last_error, sizeof(c->last_error), "log capacity %u "
                    "exceeds the limit of %u", capacity, LOG_CAPACITY_MAX);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (capacity <= c->log_capacity) {
        /* Nothing to grow; a successful call still clears the last error. */
        c->last_rule = IPT_RULE_NONE;
        c->last_error[0] = '\0';
        return IPT_OK;
    }
    st = alloc_log(&c->allocator, capacity, &log);
    if (st != IPT_OK) {
        c->last_rule = IPT_RULE_NONE;
        ipt__format(c->last_error, sizeof(c->last_error), "no memory for "
                    "%u log entries", capacity);
        return st;
    }
    if (c->log_count > 0)
        memcpy(log, c->log, sizeof(*log) * c->log_count);
    ipt__free(&c->allocator, c->log);
    c->log = log;
    c->log_capacity = capacity;
    c->last_rule = IPT_RULE_NONE;
    c->last_error[0] = '\0';
    return IPT_OK;
}

enum ipt_status
ipt_course_set_observer(struct ipt_course *c, ipt_observer_fn fn,
                        void *user_data)
{
    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    c->observer = fn;
    c->observer_data = user_data;
    return IPT_OK;
}

/* ---- queries ------------------------------------------------------------ */

const char *
ipt_course_last_error(const struct ipt_course *c)
{
    return c != NULL ? c->last_error : "course is NULL";
}

enum ipt_rule
ipt_course_last_rule(const struct ipt_course *c)
{
    return c != NULL ? c->last_rule : IPT_RULE_NONE;
}

enum ipt_status
ipt_course_get_state(const struct ipt_course *c, enum ipt_state *out)
{
    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    *out = c->state;
    return IPT_OK;
}

enum ipt_status
ipt_course_get_next_phase(const struct ipt_course *c, enum ipt_state *out)
{
    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    switch (c->state) {
    case IPT_STATE_INITIAL:
    case IPT_STATE_MIDDLE:
    case IPT_STATE_TERMINATION:
        *out = c->state;
        return IPT_OK;
    case IPT_STATE_NOT_STARTED:
    case IPT_STATE_COMPLETED:
    case IPT_STATE_DISCONTINUED:
    case IPT_STATE_REFERRED:
    case IPT_STATE_MAINTENANCE:
        break;
    }
    return IPT_ERR_NOT_AVAILABLE;
}

enum ipt_status
ipt_course_get_sessions(const struct ipt_course *c, uint32_t *held,
                        uint32_t *planned, uint32_t *remaining_out)
{
    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (held != NULL)
        *held = c->held;
    if (planned != NULL)
        *planned = c->planned;
    if (remaining_out != NULL)
        *remaining_out = remaining(c);
    return IPT_OK;
}

enum ipt_status
ipt_course_get_focus(const struct ipt_course *c, uint32_t *areas)
{
    if (c == NULL || areas == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    *areas = c->focus;
    return IPT_OK;
}

enum ipt_status
ipt_course_get_dispute_stage(const struct ipt_course *c,
                             enum ipt_dispute_stage *out)
{
    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!c->staged)
        return IPT_ERR_NOT_AVAILABLE;
    *out = c->stage;
    return IPT_OK;
}

enum ipt_status
ipt_course_get_tasks(const struct ipt_course *c, uint32_t *done,
                     uint32_t *missing)
{
    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (done != NULL)
        *done = c->tasks_done;
    if (missing != NULL)
        *missing = (IPT_TASKS_INITIAL | IPT_TASKS_TERMINATION) &
                   ~c->tasks_done;
    return IPT_OK;
}

enum ipt_status
ipt_course_get_end_reason(const struct ipt_course *c,
                          enum ipt_end_reason *out)
{
    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!c->has_end_reason)
        return IPT_ERR_NOT_AVAILABLE;
    *out = c->end_reason;
    return IPT_OK;
}

enum ipt_status
ipt_course_get_profile(const struct ipt_course *c,
                       const struct ipt_profile **out)
{
    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    *out = &c->profile;
    return IPT_OK;
}

enum ipt_status
ipt_course_log_size(const struct ipt_course *c, uint32_t *count,
                    uint32_t *capacity)
{
    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (count != NULL)
        *count = c->log_count;
    if (capacity != NULL)
        *capacity = c->log_capacity;
    return IPT_OK;
}

enum ipt_status
ipt_course_log_get(const struct ipt_course *c, uint32_t index,
                   struct ipt_log_entry *out)
{
    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (index >= c->log_count)
        return IPT_ERR_OUT_OF_RANGE;
    *out = c->log[index];
    return IPT_OK;
}
