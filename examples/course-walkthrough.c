/* SPDX-License-Identifier: MIT */
/**
 * @file course-walkthrough.c
 * A fictional 16-session course of standard IPT, from start to maintenance.
 *
 * The focus is a role dispute that moves from renegotiation to impasse and
 * back to renegotiation.  One early attempt to leave the initial phase is
 * refused, and the program prints the rule and message the library gives.
 * At the end it prints the course's event log.  The patient is fictional
 * and the program records no personal data.
 *
 * Build: `cc course-walkthrough.c $(pkg-config --cflags --libs ipt-therapy)`
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <ipt/ipt.h>

#define DAY INT64_C(86400)

/* Start of the course: 2026-01-05 00:00 UTC, a Monday. */
static int64_t now = INT64_C(1767571200);

static int
apply(struct ipt_course *course, int32_t type, int32_t value, uint32_t areas)
{
    struct ipt_event ev = { type, value, now, areas, 0 };
    enum ipt_status st = ipt_course_apply(course, &ev);

    if (st != IPT_OK) {
        fprintf(stderr, "  refused %s: %s (rule %s): %s\n",
                ipt_event_type_name((enum ipt_event_type)type),
                ipt_status_name(st),
                ipt_rule_name(ipt_course_last_rule(course)),
                ipt_course_last_error(course));
    }
    return st == IPT_OK ? 0 : -1;
}

static int
task(struct ipt_course *course, enum ipt_task t)
{
    return apply(course, IPT_EVENT_COMPLETE_TASK, (int32_t)t, 0);
}

static int
stage(struct ipt_course *course, enum ipt_dispute_stage s)
{
    return apply(course, IPT_EVENT_SET_DISPUTE_STAGE, (int32_t)s, 0);
}

/* Holds the next weekly session and prints the phase it belongs to. */
static int
session(struct ipt_course *course)
{
    enum ipt_state phase;
    uint32_t held;

    if (ipt_course_get_next_phase(course, &phase) != IPT_OK)
        return -1;
    now += 7 * DAY;
    if (apply(course, IPT_EVENT_HOLD_SESSION, 0, 0) != 0)
        return -1;
    (void)ipt_course_get_sessions(course, &held, NULL, NULL);
    printf("session %2" PRIu32 ": %s phase\n", held, ipt_state_name(phase));
    return 0;
}

/* The clinical story, session by session.  Returns 0 when every event was
 * accepted as expected. */
static int
run_course(struct ipt_course *course)
{
    char why[256];
    enum ipt_rule rule;
    struct ipt_event advance = { IPT_EVENT_ADVANCE_PHASE, 0, 0, 0, 0 };
    int rc = 0;

    rc |= apply(course, IPT_EVENT_START, 0, 0);

    /* Session 1: history, diagnosis and psychoeducation; the sick role. */
    rc |= session(course);
    rc |= task(course, IPT_TASK_HISTORY_AND_DIAGNOSIS);
    rc |= task(course, IPT_TASK_PSYCHOEDUCATION);
    rc |= task(course, IPT_TASK_SICK_ROLE);

    /* Session 2: the interpersonal inventory points to a dispute with the
     * patient's partner over the division of care for a parent. */
    rc |= session(course);
    rc |= task(course, IPT_TASK_INTERPERSONAL_INVENTORY);
    rc |= apply(course, IPT_EVENT_CHOOSE_FOCUS, 0,
                IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE));
    rc |= task(course, IPT_TASK_PROBLEM_AREA);
    rc |= stage(course, IPT_DISPUTE_RENEGOTIATION);

    /* Trying to leave the initial phase too early is refused, and the
     * course stays exactly as it was.  ipt_course_check() would have given
     * the same answer without trying. */
    advance.timestamp = now;
    if (ipt_course_check(course, &advance, &rule, why, sizeof(why)) ==
            IPT_OK ||
        ipt_course_apply(course, &advance) != IPT_ERR_GUARD_FAILED) {
        fprintf(stderr, "unexpected: early advance was accepted\n");
        return -1;
    }
    printf("early advance refused (rule %s): %s\n",
           ipt_rule_name(ipt_course_last_rule(course)),
           ipt_course_last_error(course));

    /* Session 3: formulation and contract agreed; the middle phase begins. */
    rc |= session(course);
    rc |= task(course, IPT_TASK_INTERPERSONAL_FORMULATION);
    rc |= task(course, IPT_TASK_TREATMENT_CONTRACT);
    rc |= apply(course, IPT_EVENT_ADVANCE_PHASE, 0, 0);

    /* Sessions 4-12: the dispute stalls into an impasse at session 6 and
     * is reopened at session 9. */
    for (int s = 4; s <= 12 && rc == 0; s++) {
        rc |= session(course);
        if (s == 6)
            rc |= stage(course, IPT_DISPUTE_IMPASSE);
        if (s == 9)
            rc |= stage(course, IPT_DISPUTE_RENEGOTIATION);
    }

    /* Sessions 13-16: termination.  The ending is discussed at once, well
     * before the required two sessions ahead. */
    rc |= task(course, IPT_TASK_DISCUSS_ENDING);
    for (int s = 13; s <= 16 && rc == 0; s++) {
        rc |= session(course);
        if (s == 13)
            rc |= task(course, IPT_TASK_REVIEW_GAINS);
        if (s == 14)
            rc |= task(course, IPT_TASK_INDEPENDENT_COMPETENCE);
        if (s == 15) {
            rc |= task(course, IPT_TASK_RELAPSE_PREVENTION);
            rc |= task(course, IPT_TASK_PLAN_CONTINUATION);
        }
    }

    /* A monthly maintenance contract follows the completed course. */
    now += DAY;
    rc |= apply(course, IPT_EVENT_ENTER_MAINTENANCE, 0, 0);
    return rc;
}

/* The argument of a log entry, as a name. */
static const char *
detail(const struct ipt_log_entry *e)
{
    switch ((enum ipt_event_type)e->type) {
    case IPT_EVENT_COMPLETE_TASK:
        return ipt_task_name((enum ipt_task)e->value);
    case IPT_EVENT_SET_DISPUTE_STAGE:
        return ipt_dispute_stage_name((enum ipt_dispute_stage)e->value);
    case IPT_EVENT_DISCONTINUE:
        return ipt_end_reason_name((enum ipt_end_reason)e->value);
    case IPT_EVENT_CHOOSE_FOCUS:
        /* This course has a single focal area. */
        for (int32_t a = IPT_AREA_GRIEF;
             a <= IPT_AREA_INTERPERSONAL_DEFICITS; a++) {
            if (e->areas == IPT_AREA_BIT(a))
                return ipt_area_name((enum ipt_area)a);
        }
        return "several areas";
    case IPT_EVENT_START:
    case IPT_EVENT_HOLD_SESSION:
    case IPT_EVENT_ADVANCE_PHASE:
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
    case IPT_EVENT_ENTER_MAINTENANCE:
        break;
    }
    return "";
}

static void
print_log(const struct ipt_course *course)
{
    uint32_t count = 0;

    (void)ipt_course_log_size(course, &count, NULL);
    printf("\nevent log (%" PRIu32 " entries):\n", count);
    for (uint32_t i = 0; i < count; i++) {
        struct ipt_log_entry e;

        if (ipt_course_log_get(course, i, &e) != IPT_OK)
            break;
        printf("%3" PRIu32 "  day %3" PRId64 "  session %2" PRIu32
               "  %-18s %-26s %-12s -> %s\n",
               i, (e.timestamp - INT64_C(1767571200)) / DAY, e.session,
               ipt_event_type_name((enum ipt_event_type)e.type),
               detail(&e), ipt_state_name((enum ipt_state)e.state_before),
               ipt_state_name((enum ipt_state)e.state_after));
    }
}

int
main(void)
{
    const struct ipt_profile *standard;
    struct ipt_course *course;
    enum ipt_state state;
    int rc;

    printf("libipt %s: a fictional course of standard IPT\n\n",
           ipt_version_string());
    if (ipt_profile_builtin("standard", &standard) != IPT_OK ||
        ipt_course_new(standard, NULL, &course) != IPT_OK) {
        fprintf(stderr, "cannot create the course\n");
        return EXIT_FAILURE;
    }
    rc = run_course(course);
    print_log(course);
    (void)ipt_course_get_state(course, &state);
    printf("\nfinal state: %s\n", ipt_state_name(state));
    ipt_course_free(course);
    return rc == 0 && state == IPT_STATE_MAINTENANCE ? EXIT_SUCCESS
                                                     : EXIT_FAILURE;
}
