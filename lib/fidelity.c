/* SPDX-License-Identifier: MIT */
/*
 * The fidelity report: a course, its event log and its session records,
 * read against a protocol profile.  The rules, their severities and their
 * sources are listed in docs/fidelity.md.
 *
 * The check never allocates.  First a summary of the course is gathered in
 * a fixed-size struct (when each task was done, which sessions have a
 * measure or a safety flag, the first offending choice of focus); then the
 * report is written in order by sweeping over sessions: each pass runs
 * every rule in rule order, keeps the findings of the session it is at,
 * and notes the next session that has any.  The findings come out sorted
 * by session, then rule, without a buffer to sort in.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* measure_gap: longest run of held sessions without any measure that is
 * not reported (IPT Institute: PHQ-9 and GAD-7 every 4 sessions). */
#define MEASURE_GAP_MAX 4u

/* Words of a bit set with one bit per possible session number. */
#define SESSION_WORDS ((IPT_PROFILE_MAX_SESSIONS + 1 + 31) / 32)

/* Focus findings: one focus_count, one focus_allowed per area, one
 * deficits_alone. */
#define FOCUS_FINDINGS_MAX 6

struct focus_finding {
    uint32_t session;
    enum ipt_fidelity_rule rule;
    uint32_t count;                 /* focus_count: areas chosen */
    enum ipt_area area;             /* focus_allowed: the area */
};

/* What the rules need to know about a course. */
struct summary {
    const struct ipt_course *c;
    const struct ipt_profile_params *p;
    const char *profile_name;

    uint32_t held;
    uint32_t planned;
    int ended;                      /* completed, maintenance, discontinued,
                                     * referred */
    int completed;                  /* completed or maintenance */
    int reached_termination;        /* termination or completed, ever */
    int passed_initial;             /* middle or later, ever */
    int initial_measure;            /* a measure in an initial-phase session */

    uint32_t task_session[IPT_TASK_PLAN_CONTINUATION + 1]; /* 0: never */

    uint32_t safety[SESSION_WORDS];  /* PHQ-9 item 9 above 0 */

    struct focus_finding focus[FOCUS_FINDINGS_MAX];
    uint32_t focus_count;
};

/* Where the sweep writes. */
struct report {
    uint32_t at;                    /* session of this pass */
    uint32_t next;                  /* least session above `at` seen */
    int has_next;
    struct ipt_finding *out;
    uint32_t capacity;
    uint32_t count;
};

/* ---- names and sources -------------------------------------------------- */

static const struct ipt__name rule_names[] = {
    { IPT_FIDELITY_INITIAL_TASKS, "initial_tasks" },
    { IPT_FIDELITY_ENDING_NOTICE, "ending_notice" },
    { IPT_FIDELITY_SESSION_COUNT, "session_count" },
    { IPT_FIDELITY_FOCUS_COUNT, "focus_count" },
    { IPT_FIDELITY_FOCUS_ALLOWED, "focus_allowed" },
    { IPT_FIDELITY_DEFICITS_ALONE, "deficits_alone" },
    { IPT_FIDELITY_MEASURE_GAP, "measure_gap" },
    { IPT_FIDELITY_SAFETY_FOLLOW_UP, "safety_follow_up" },
    { IPT_FIDELITY_NO_BASELINE, "no_baseline" },
};

static const struct ipt__name rule_sources[] = {
    { IPT_FIDELITY_INITIAL_TASKS,
      "Guide 2000 (initial-phase tasks, sessions 1-3); ISIPT" },
    { IPT_FIDELITY_ENDING_NOTICE,
      "Guide 2000 ch. 7: ending discussed at least 2-4 sessions before the "
      "last" },
    { IPT_FIDELITY_SESSION_COUNT, "Guide 2000 (12-16 weekly sessions); ISIPT" },
    { IPT_FIDELITY_FOCUS_COUNT, "ISIPT; Guide 2018 ch. 5" },
    { IPT_FIDELITY_FOCUS_ALLOWED,
      "the profile (the standard profile allows the four areas of Guide "
      "2000)" },
    { IPT_FIDELITY_DEFICITS_ALONE, "Guide 2018 ch. 8" },
    { IPT_FIDELITY_MEASURE_GAP,
      "IPT Institute: PHQ-9 and GAD-7 every 4 sessions" },
    { IPT_FIDELITY_SAFETY_FOLLOW_UP,
      "PHQ-9 item 9 guidance (any answer above 0 warrants a risk "
      "assessment); libipt (within one session)" },
    { IPT_FIDELITY_NO_BASELINE,
      "Guide 2000 (severity rated in the initial phase); IPT Institute" },
};

static const struct ipt__name severity_names[] = {
    { IPT_SEVERITY_INFO, "info" },
    { IPT_SEVERITY_WARNING, "warning" },
    { IPT_SEVERITY_ERROR, "error" },
};

IPT__NAME_FUNCTIONS(ipt_fidelity_rule, enum ipt_fidelity_rule, rule_names)

const char *
ipt_fidelity_rule_source(enum ipt_fidelity_rule rule)
{
    return ipt__name_of(rule_sources, IPT__ARRAY_SIZE(rule_sources),
                        (int32_t)rule);
}

IPT__NAME_FUNCTIONS(ipt_severity, enum ipt_severity, severity_names)

/* ---- the report --------------------------------------------------------- */

/* Adds a finding to the pass if it belongs to the pass's session; else
 * remembers its session for a later pass.  Only findings that fit in the
 * caller's array are formatted. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void
emit(struct report *r, uint32_t session, enum ipt_fidelity_rule rule,
     enum ipt_severity severity, const char *fmt, ...)
{
    struct ipt_finding *f;
    va_list ap;

    if (session != r->at) {
        if (session > r->at && (!r->has_next || session < r->next)) {
            r->next = session;
            r->has_next = 1;
        }
        return;
    }
    if (r->count++ >= r->capacity)
        return;
    f = &r->out[r->count - 1];
    memset(f, 0, sizeof(*f));
    f->rule = (int32_t)rule;
    f->severity = (int32_t)severity;
    f->session = session;
    va_start(ap, fmt);
    (void)vsnprintf(f->message, sizeof(f->message), fmt, ap);
    va_end(ap);
}

/* Writes the tasks of @p mask into @p buf as a ", "-separated list of their
 * names with spaces ("sick role, treatment contract"); what does not fit is
 * counted as "and N more". */
static void
list_tasks(char *buf, size_t size, uint32_t mask)
{
    size_t len = 0;
    uint32_t left = ipt__popcount(mask);

    buf[0] = '\0';
    for (int32_t t = IPT_TASK_HISTORY_AND_DIAGNOSIS;
         t <= IPT_TASK_PLAN_CONTINUATION; t++) {
        const char *name;
        size_t n;

        if ((mask & IPT_TASK_BIT(t)) == 0)
            continue;
        name = ipt_task_name((enum ipt_task)t);
        n = strlen(name);
        /* room for ", ", the name and, unless it is the last, a later
         * " and 99 more" */
        if (len + 2 + n + (left > 1 ? 13 : 0) >= size) {
            ipt__format(buf + len, size - len, " and %u more", left);
            return;
        }
        if (len > 0) {
            memcpy(buf + len, ", ", 2);
            len += 2;
        }
        for (size_t i = 0; i < n; i++)
            buf[len++] = (char)(name[i] == '_' ? ' ' : name[i]);
        buf[len] = '\0';
        left--;
    }
}

static void
rule_initial_tasks(const struct summary *s, struct report *r)
{
    uint32_t last = s->p->initial_last_session;
    uint32_t missing = 0;
    char tasks[IPT_FINDING_MESSAGE_SIZE];

    /* Judged once session `last` was held, or once a course that held any
     * session has ended. */
    if (s->held < last && !(s->ended && s->held > 0))
        return;
    for (int32_t t = IPT_TASK_HISTORY_AND_DIAGNOSIS;
         t <= IPT_TASK_TREATMENT_CONTRACT; t++) {
        uint32_t at = s->task_session[t];

        if (at == 0 || at > last)
            missing |= IPT_TASK_BIT(t);
    }
    if (missing == 0)
        return;
    list_tasks(tasks, sizeof(tasks) - 48, missing);
    emit(r, last, IPT_FIDELITY_INITIAL_TASKS, IPT_SEVERITY_WARNING,
         "initial-phase tasks not done by session %u: %s", last, tasks);
}

static void
rule_ending_notice(const struct summary *s, struct report *r)
{
    uint32_t k = s->p->ending_notice_sessions;
    uint32_t last = s->completed ? s->held : s->planned;
    uint32_t deadline = last > k ? last - k : 0;
    uint32_t done = s->task_session[IPT_TASK_DISCUSS_ENDING];

    if (k == 0 || !s->reached_termination)
        return;
    if (done != 0 && done > deadline) {
        emit(r, done, IPT_FIDELITY_ENDING_NOTICE, IPT_SEVERITY_ERROR,
             "the ending was discussed at session %u; with %u sessions it "
             "is due by session %u (%u ahead)", done, last, deadline, k);
    } else if (done == 0 && s->held > deadline) {
        emit(r, deadline + 1, IPT_FIDELITY_ENDING_NOTICE, IPT_SEVERITY_ERROR,
             "the ending was not discussed by session %u, %u sessions "
             "before the last (%u)", deadline, k, last);
    }
}

static void
rule_session_count(const struct summary *s, struct report *r)
{
    const struct ipt_profile_params *p = s->p;
    uint32_t n;

    if (s->completed)
        n = s->held;
    else if (!s->ended)
        n = s->planned;
    else
        return;                     /* discontinued or referred */
    if (n >= p->min_sessions && n <= p->max_sessions)
        return;
    emit(r, 0, IPT_FIDELITY_SESSION_COUNT, IPT_SEVERITY_WARNING,
         "%u sessions %s; profile '%s' allows %u to %u", n,
         s->completed ? "held" : "planned", s->profile_name, p->min_sessions,
         p->max_sessions);
}

static void
rule_focus(const struct summary *s, struct report *r)
{
    const struct ipt_profile_params *p = s->p;

    for (uint32_t i = 0; i < s->focus_count; i++) {
        const struct focus_finding *f = &s->focus[i];

        /* judge_focus() records these three rules only. */
        if (f->rule == IPT_FIDELITY_FOCUS_COUNT)
            emit(r, f->session, f->rule, IPT_SEVERITY_ERROR,
                 "%u focal areas chosen; profile '%s' allows at most %u",
                 f->count, s->profile_name, p->max_focal_areas);
        else if (f->rule == IPT_FIDELITY_FOCUS_ALLOWED)
            emit(r, f->session, f->rule, IPT_SEVERITY_ERROR,
                 "problem area '%s' chosen, which profile '%s' does not "
                 "allow", ipt_area_name(f->area), s->profile_name);
        else
            emit(r, f->session, IPT_FIDELITY_DEFICITS_ALONE,
                 IPT_SEVERITY_ERROR, "interpersonal deficits chosen "
                 "together with another area");
    }
}

static uint32_t
measures_of(const struct ipt_course *c, uint32_t session)
{
    const struct ipt__session_record *rec = ipt__record_at(c, session);

    return rec != NULL ? rec->measures : 0;
}

static void
rule_measure_gap(const struct summary *s, struct report *r)
{
    uint32_t run = 0;

    for (uint32_t n = 1; n <= s->held + 1; n++) {
        if (n <= s->held && measures_of(s->c, n) == 0) {
            run++;
            continue;
        }
        if (run > MEASURE_GAP_MAX)
            emit(r, n - run + MEASURE_GAP_MAX, IPT_FIDELITY_MEASURE_GAP,
                 IPT_SEVERITY_WARNING, "no symptom measure in sessions %u "
                 "to %u (%u in a row; at most %u)", n - run, n - 1, run,
                 MEASURE_GAP_MAX);
        run = 0;
    }
}

/* Sessions of the bit set: a course holds at most its profile's
 * max_sessions, which is at most IPT_PROFILE_MAX_SESSIONS. */
static uint32_t
sessions_in_set(uint32_t held)
{
    return held < IPT_PROFILE_MAX_SESSIONS ? held : IPT_PROFILE_MAX_SESSIONS;
}

static int
bit_test(const uint32_t *set, uint32_t n)
{
    return (int)((set[n / 32] >> (n % 32)) & 1u);
}

static int
safety_assessed(const struct ipt_course *c, uint32_t session)
{
    const struct ipt__session_record *rec = ipt__record_at(c, session);

    /* Asked only for a flagged session, which has a record, and for the
     * session after it: the course has records then, one per session it
     * may hold. */
    if (rec == NULL) /* GCOVR_EXCL_BR_LINE */
        return 0; /* GCOVR_EXCL_LINE */
    return (rec->techniques &
            IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_SAFETY_ASSESSMENT)) != 0;
}

static void
rule_safety(const struct summary *s, struct report *r)
{
    uint32_t last = sessions_in_set(s->held);

    for (uint32_t n = 1; n <= last; n++) {
        if (!bit_test(s->safety, n) || safety_assessed(s->c, n) ||
            (n < s->held && safety_assessed(s->c, n + 1)))
            continue;
        if (n < s->held || s->ended)
            emit(r, n, IPT_FIDELITY_SAFETY_FOLLOW_UP, IPT_SEVERITY_ERROR,
                 "PHQ-9 item 9 above 0 at session %u; no safety assessment "
                 "recorded in that session or the next", n);
        else
            emit(r, n, IPT_FIDELITY_SAFETY_FOLLOW_UP, IPT_SEVERITY_INFO,
                 "PHQ-9 item 9 above 0 at session %u; no safety assessment "
                 "recorded yet: follow-up due at the next session", n);
    }
}

static void
rule_no_baseline(const struct summary *s, struct report *r)
{
    if (!s->passed_initial || s->initial_measure)
        return;
    emit(r, 0, IPT_FIDELITY_NO_BASELINE, IPT_SEVERITY_WARNING,
         "no symptom measure recorded in the initial phase, so the course "
         "has no baseline");
}

/* One pass: every rule, in rule order. */
static void
run_rules(const struct summary *s, struct report *r)
{
    rule_initial_tasks(s, r);       /* 1 */
    rule_ending_notice(s, r);       /* 2 */
    rule_session_count(s, r);       /* 3 */
    rule_focus(s, r);               /* 4, 5, 6 */
    rule_measure_gap(s, r);         /* 7 */
    rule_safety(s, r);              /* 8 */
    rule_no_baseline(s, r);         /* 9 */
}

/* ---- the summary -------------------------------------------------------- */

static void
add_focus_finding(struct summary *s, uint32_t session,
                  enum ipt_fidelity_rule rule, uint32_t count,
                  enum ipt_area area)
{
    for (uint32_t i = 0; i < s->focus_count; i++) {
        if (s->focus[i].rule == rule &&
            (rule != IPT_FIDELITY_FOCUS_ALLOWED || s->focus[i].area == area))
            return;                 /* reported once, at its first session */
    }
    /* The findings are at most one per rule and area, which the array
     * holds; the test only keeps the index within it. */
    if (s->focus_count < FOCUS_FINDINGS_MAX) { /* GCOVR_EXCL_BR_LINE */
        struct focus_finding *f = &s->focus[s->focus_count++];

        f->session = session;
        f->rule = rule;
        f->count = count;
        f->area = area;
    }
}

/* Judges one focus the course took at @p session. */
static void
judge_focus(struct summary *s, uint32_t session, uint32_t areas)
{
    const uint32_t deficits = IPT_AREA_BIT(IPT_AREA_INTERPERSONAL_DEFICITS);
    uint32_t n = ipt__popcount(areas);

    if (n > s->p->max_focal_areas)
        add_focus_finding(s, session, IPT_FIDELITY_FOCUS_COUNT, n,
                          (enum ipt_area)0);
    for (int32_t a = IPT__AREA_FIRST; a <= IPT__AREA_LAST; a++) {
        if ((areas & ~s->p->allowed_areas & IPT_AREA_BIT(a)) != 0)
            add_focus_finding(s, session, IPT_FIDELITY_FOCUS_ALLOWED, 0,
                              (enum ipt_area)a);
    }
    if ((areas & deficits) != 0 && n > 1)
        add_focus_finding(s, session, IPT_FIDELITY_DEFICITS_ALONE, n,
                          (enum ipt_area)0);
}

static int
safety_flag(const struct ipt_course *c, uint32_t session)
{
    const struct ipt__session_record *rec = ipt__record_at(c, session);
    struct ipt_measure_score score;

    if (rec == NULL ||
        (rec->measures & (UINT32_C(1) << IPT_MEASURE_PHQ9)) == 0)
        return 0;
    /* A recorded measure was validated, so scoring it again succeeds. */
    memset(&score, 0, sizeof(score));
    (void)ipt_measure_score(&rec->measure[IPT_MEASURE_PHQ9 - 1],
                            (enum ipt_hamd_banding)0, &score, NULL, 0);
    return (score.flags & IPT_MEASURE_SAFETY) != 0;
}

static int
state_past_initial(int32_t state)
{
    return state == IPT_STATE_MIDDLE || state == IPT_STATE_TERMINATION ||
           state == IPT_STATE_COMPLETED || state == IPT_STATE_MAINTENANCE;
}

/* The machine logs known tasks only; the test keeps the index within
 * task_session all the same. */
static int
task_known(int32_t task)
{
    /* GCOVR_EXCL_BR_START: defensive, the machine logs known tasks only */
    return task >= IPT_TASK_HISTORY_AND_DIAGNOSIS &&
           task <= IPT_TASK_PLAN_CONTINUATION;
    /* GCOVR_EXCL_BR_STOP */
}

static void
read_log(struct summary *s)
{
    const struct ipt_course *c = s->c;
    uint32_t focus = 0;

    for (uint32_t i = 0; i < c->log_count; i++) {
        const struct ipt_log_entry *e = &c->log[i];

        if (state_past_initial(e->state_after))
            s->passed_initial = 1;
        if (e->state_after == IPT_STATE_TERMINATION ||
            e->state_after == IPT_STATE_COMPLETED)
            s->reached_termination = 1;
        /* The machine logs each task once, when it is done. */
        if (e->type == IPT_EVENT_COMPLETE_TASK) {
            /* GCOVR_EXCL_BR_START: defensive, always true (see task_known) */
            if (task_known(e->value))
                s->task_session[e->value] = e->session;
            /* GCOVR_EXCL_BR_STOP */
        }
        if (e->type == IPT_EVENT_HOLD_SESSION &&
            e->state_before == IPT_STATE_INITIAL &&
            measures_of(c, e->session) != 0)
            s->initial_measure = 1;
        /* every focus the course took: chosen, or changed by a dissolved
         * dispute */
        if ((e->type == IPT_EVENT_CHOOSE_FOCUS ||
             e->type == IPT_EVENT_SET_DISPUTE_STAGE) &&
            e->focus_after != focus)
            judge_focus(s, e->session, e->focus_after);
        focus = e->focus_after;
    }
}

static void
summarise(const struct ipt_course *c, const struct ipt_profile *profile,
          struct summary *s)
{
    memset(s, 0, sizeof(*s));
    s->c = c;
    s->p = &profile->params;
    s->profile_name = profile->name;
    s->held = c->held;
    s->planned = c->planned;
    s->completed = c->state == IPT_STATE_COMPLETED ||
                   c->state == IPT_STATE_MAINTENANCE;
    s->ended = s->completed || c->state == IPT_STATE_DISCONTINUED ||
               c->state == IPT_STATE_REFERRED;
    if (state_past_initial((int32_t)c->state) ||
        c->held > s->p->initial_last_session)
        s->passed_initial = 1;
    if (c->state == IPT_STATE_TERMINATION || s->completed)
        s->reached_termination = 1;
    read_log(s);
    for (uint32_t n = 1; n <= sessions_in_set(c->held); n++) {
        if (safety_flag(c, n))
            s->safety[n / 32] |= UINT32_C(1) << (n % 32);
    }
}

enum ipt_status
ipt_fidelity_check(const struct ipt_course *course,
                   const struct ipt_profile *profile, struct ipt_finding *out,
                   uint32_t capacity, uint32_t *count)
{
    struct summary s;
    struct report r;

    if (course == NULL || count == NULL || (out == NULL && capacity > 0))
        return IPT_ERR_INVALID_ARGUMENT;
    summarise(course, profile != NULL ? profile : &course->profile, &s);

    memset(&r, 0, sizeof(r));
    r.out = out;
    r.capacity = capacity;
    for (;;) {
        r.has_next = 0;
        run_rules(&s, &r);
        if (!r.has_next)
            break;
        r.at = r.next;
    }
    *count = r.count;
    return IPT_OK;
}
