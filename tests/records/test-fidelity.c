/* SPDX-License-Identifier: MIT */
/*
 * The fidelity report: a clean course gives no finding, each rule fires on
 * its own with the right session and severity, a stricter profile of the
 * caller's own finds what the course's own profile allowed, findings are
 * ordered and counted, and the names round-trip.  Black-box: only the
 * public API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

#define TBIT(t) IPT_TECHNIQUE_BIT(t)
#define ABIT(a) IPT_AREA_BIT(a)
#define SAFETY TBIT(IPT_TECHNIQUE_SAFETY_ASSESSMENT)
#define MAXF 64u

/* ---- courses ------------------------------------------------------------ */

static struct ipt_profile *
profile(const char *name, struct ipt_profile_params p)
{
    struct ipt_profile *out = NULL;
    char msg[160] = "";

    if (ipt_profile_check(&p, msg, sizeof(msg)) != IPT_OK)
        fail_msg("bad test profile: %s", msg);
    assert_int_equal(ipt_profile_new(name, &p, NULL, &out), IPT_OK);
    return out;
}

/* How the scripted course runs. */
struct plan {
    uint32_t focus;             /* chosen at session 1 */
    uint32_t ending_at;         /* session of discuss_ending; 0: never */
    uint32_t missing;           /* initial tasks left out */
};

static const struct plan standard_plan = {
    ABIT(IPT_AREA_ROLE_DISPUTE), 12, 0
};

/* Initial tasks by session: 1 history, psychoeducation; 2 sick role,
 * inventory, problem area; 3 formulation, contract, then advance_phase. */
static void
initial_tasks_of(struct ipt_course *c, uint32_t s, uint32_t missing)
{
    static const int by_session[4][4] = {
        { 0 },
        { IPT_TASK_HISTORY_AND_DIAGNOSIS, IPT_TASK_PSYCHOEDUCATION, 0 },
        { IPT_TASK_SICK_ROLE, IPT_TASK_INTERPERSONAL_INVENTORY,
          IPT_TASK_PROBLEM_AREA, 0 },
        { IPT_TASK_INTERPERSONAL_FORMULATION, IPT_TASK_TREATMENT_CONTRACT,
          0 },
    };

    for (int i = 0; s <= 3 && by_session[s][i] != 0; i++) {
        if ((missing & IPT_TASK_BIT(by_session[s][i])) == 0)
            h_task(c, by_session[s][i]);
    }
    if (s == 3 && missing == 0)
        h_ok(c, IPT_EVENT_ADVANCE_PHASE, 0, 0);
}

/* Runs the course on, following @p plan, up to and including session
 * @p upto; termination tasks follow the ending discussion. */
static void
run(struct ipt_course *c, const struct plan *plan, uint32_t upto)
{
    if (h_state(c) == IPT_STATE_NOT_STARTED)
        h_ok(c, IPT_EVENT_START, 0, 0);
    for (uint32_t s = h_held(c) + 1; s <= upto; s++) {
        h_ok(c, IPT_EVENT_HOLD_SESSION, 0, 0);
        if (s == 1)
            h_ok(c, IPT_EVENT_CHOOSE_FOCUS, 0, plan->focus);
        initial_tasks_of(c, s, plan->missing);
        if (s == plan->ending_at)
            h_task(c, IPT_TASK_DISCUSS_ENDING);
        if (s == 15 && plan->ending_at != 0) {
            h_task(c, IPT_TASK_REVIEW_GAINS);
            h_task(c, IPT_TASK_PLAN_CONTINUATION);
        }
    }
}

static void
measure(struct ipt_course *c, uint32_t s, uint8_t item9)
{
    struct ipt_measure m = h_phq9(1, item9);

    assert_int_equal(ipt_course_record_measure(c, s, &m), IPT_OK);
}

/* A PHQ-9 in every session from @p from to @p to. */
static void
measures(struct ipt_course *c, uint32_t from, uint32_t to)
{
    for (uint32_t s = from; s <= to; s++)
        measure(c, s, 0);
}

static void
techniques(struct ipt_course *c, uint32_t s, uint32_t mask)
{
    assert_int_equal(ipt_course_record_techniques(c, s, mask), IPT_OK);
}

/* The clean standard course: 16 sessions, a PHQ-9 in each, item 9 above 0
 * at session 5 and a safety assessment recorded at session 6. */
static struct ipt_course *
clean_course(void)
{
    struct ipt_course *c = h_new_standard();

    run(c, &standard_plan, 16);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    measures(c, 1, 16);
    measure(c, 5, 2);
    techniques(c, 6, SAFETY | TBIT(IPT_TECHNIQUE_CLARIFICATION));
    return c;
}

/* ---- running the check -------------------------------------------------- */

/* Runs the check with room for MAXF findings; checks what holds for every
 * finding and the order. */
static uint32_t
check(const struct ipt_course *c, const struct ipt_profile *p,
      struct ipt_finding *out)
{
    uint32_t n = 0xDEADu;

    memset(out, 0x7E, sizeof(*out) * MAXF);
    assert_int_equal(ipt_fidelity_check(c, p, out, MAXF, &n), IPT_OK);
    assert_true(n <= MAXF);
    for (uint32_t i = 0; i < n; i++) {
        const char *nul = memchr(out[i].message, '\0',
                                 sizeof(out[i].message));
        size_t len = nul != NULL ? (size_t)(nul - out[i].message) : 0;

        assert_non_null(ipt_fidelity_rule_name(
            (enum ipt_fidelity_rule)out[i].rule));
        assert_non_null(ipt_severity_name(
            (enum ipt_severity)out[i].severity));
        assert_int_equal(out[i].reserved, 0);
        assert_true(len > 0 && len < IPT_FINDING_MESSAGE_SIZE);
        if (i > 0)
            assert_true(out[i - 1].session < out[i].session ||
                        (out[i - 1].session == out[i].session &&
                         out[i - 1].rule <= out[i].rule));
    }
    return n;
}

static void
print_findings(const struct ipt_finding *f, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        print_message("  %s %s @%u: %s\n",
                      ipt_severity_name((enum ipt_severity)f[i].severity),
                      ipt_fidelity_rule_name(
                          (enum ipt_fidelity_rule)f[i].rule),
                      f[i].session, f[i].message);
}

/* Asserts the report is exactly one finding. */
static const struct ipt_finding *
expect_one(const struct ipt_course *c, const struct ipt_profile *p,
           struct ipt_finding *out, enum ipt_fidelity_rule rule,
           uint32_t session, enum ipt_severity severity)
{
    uint32_t n = check(c, p, out);

    if (n != 1) {
        print_findings(out, n);
        fail_msg("%u findings, expected one %s", n,
                 ipt_fidelity_rule_name(rule));
    }
    assert_int_equal(out[0].rule, rule);
    assert_int_equal(out[0].session, session);
    assert_int_equal(out[0].severity, severity);
    return &out[0];
}

static void
expect_none(const struct ipt_course *c, const struct ipt_profile *p,
            struct ipt_finding *out)
{
    uint32_t n = check(c, p, out);

    if (n != 0) {
        print_findings(out, n);
        fail_msg("%u findings, expected none", n);
    }
}

static void
assert_contains(const char *s, const char *part)
{
    if (strstr(s, part) == NULL)
        fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* ---- a clean course ----------------------------------------------------- */

static void
test_clean_course(void **state)
{
    struct ipt_course *c = clean_course();
    struct ipt_finding out[MAXF];
    const struct ipt_profile *own = NULL;

    (void)state;
    expect_none(c, NULL, out);
    assert_int_equal(ipt_course_get_profile(c, &own), IPT_OK);
    expect_none(c, own, out);
    ipt_course_free(c);
}

/* The clean course is clean at every point on its way, except for the
 * moment between the safety flag and the session that follows it. */
static void
test_clean_course_on_the_way(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_finding out[MAXF];

    (void)state;
    expect_none(c, NULL, out);
    for (uint32_t s = 1; s <= 16; s++) {
        run(c, &standard_plan, s);
        measure(c, s, s == 5 ? 1 : 0);
        if (s == 5) {
            const struct ipt_finding *f = expect_one(
                c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 5,
                IPT_SEVERITY_INFO);

            assert_contains(f->message, "follow-up due at the next session");
            continue;
        }
        if (s == 6)
            techniques(c, 6, SAFETY);
        expect_none(c, NULL, out);
    }
    ipt_course_free(c);
}

/* ---- initial_tasks ------------------------------------------------------ */

static void
test_initial_tasks(void **state)
{
    struct plan plan = standard_plan;
    struct ipt_finding out[MAXF];
    struct ipt_course *c;
    const struct ipt_finding *f;

    (void)state;
    /* still in the initial phase at session 3 with a task missing */
    plan.missing = IPT_TASK_BIT(IPT_TASK_TREATMENT_CONTRACT);
    c = h_new_standard();
    run(c, &plan, 2);
    measures(c, 1, 2);
    expect_none(c, NULL, out);                  /* session 3 not yet held */
    run(c, &plan, 3);
    measure(c, 3, 0);
    f = expect_one(c, NULL, out, IPT_FIDELITY_INITIAL_TASKS, 3,
                   IPT_SEVERITY_WARNING);
    assert_string_equal(f->message, "initial-phase tasks not done by "
                                    "session 3: treatment contract");
    ipt_course_free(c);

    /* ended early: judged at once, at session 3 */
    c = h_new_standard();
    run(c, &plan, 2);
    measures(c, 1, 2);
    h_ok(c, IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT, 0);
    f = expect_one(c, NULL, out, IPT_FIDELITY_INITIAL_TASKS, 3,
                   IPT_SEVERITY_WARNING);
    assert_contains(f->message, "treatment contract");
    ipt_course_free(c);

    /* ended before any session: nothing to judge */
    c = h_new_standard();
    h_ok(c, IPT_EVENT_DISCONTINUE, IPT_END_REFERRAL, 0);
    expect_none(c, NULL, out);
    ipt_course_free(c);

    /* every task missing: the list is cut to fit and says how many are
     * left out */
    plan.missing = IPT_TASKS_INITIAL;
    c = h_new_standard();
    run(c, &plan, 3);
    measures(c, 1, 3);
    f = expect_one(c, NULL, out, IPT_FIDELITY_INITIAL_TASKS, 3,
                   IPT_SEVERITY_WARNING);
    assert_contains(f->message, "history and diagnosis, psychoeducation");
    assert_contains(f->message, " more");
    ipt_course_free(c);
}

/* Tasks done at session 3 are late for a profile whose initial phase ends
 * at session 2. */
static void
test_initial_tasks_stricter_profile(void **state)
{
    struct ipt_course *c = clean_course();
    struct ipt_profile *p = profile(
        "short_initial", h_params(16, 12, 16, 2, 4, 2, 2, IPT_AREAS_ALL));
    struct ipt_finding out[MAXF];
    const struct ipt_finding *f;

    (void)state;
    f = expect_one(c, p, out, IPT_FIDELITY_INITIAL_TASKS, 2,
                   IPT_SEVERITY_WARNING);
    assert_string_equal(f->message, "initial-phase tasks not done by "
                                    "session 2: interpersonal formulation, "
                                    "treatment contract");
    ipt_profile_free(p);
    ipt_course_free(c);
}

/* ---- ending_notice ------------------------------------------------------ */

static void
test_ending_notice(void **state)
{
    struct plan plan = standard_plan;
    struct ipt_finding out[MAXF];
    struct ipt_profile *three = profile(
        "notice3", h_params(16, 12, 16, 3, 4, 3, 2, IPT_AREAS_ALL));
    struct ipt_profile *four = profile(
        "notice4", h_params(16, 12, 16, 3, 4, 4, 2, IPT_AREAS_ALL));
    struct ipt_course *c;
    const struct ipt_finding *f;

    (void)state;
    /* discussed at session 14: in time for the standard notice of 2, late
     * for a notice of 3 */
    plan.ending_at = 14;
    c = h_new_standard();
    run(c, &plan, 16);
    measures(c, 1, 16);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    expect_none(c, NULL, out);
    f = expect_one(c, three, out, IPT_FIDELITY_ENDING_NOTICE, 14,
                   IPT_SEVERITY_ERROR);
    assert_string_equal(f->message, "the ending was discussed at session "
                                    "14; with 16 sessions it is due by "
                                    "session 13 (3 ahead)");
    ipt_course_free(c);

    /* never discussed, in the termination phase after session 14 (the
     * machine refuses session 15) */
    plan.ending_at = 0;
    c = h_new_standard();
    run(c, &plan, 14);
    measures(c, 1, 14);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    expect_none(c, NULL, out);                  /* session 14 may still do */
    f = expect_one(c, three, out, IPT_FIDELITY_ENDING_NOTICE, 14,
                   IPT_SEVERITY_ERROR);
    assert_string_equal(f->message, "the ending was not discussed by "
                                    "session 13, 3 sessions before the last "
                                    "(16)");
    expect_one(c, four, out, IPT_FIDELITY_ENDING_NOTICE, 13,
               IPT_SEVERITY_ERROR);
    ipt_course_free(c);

    /* termination reached, the deadline session under way: nothing */
    c = h_new_standard();
    run(c, &plan, 12);
    measures(c, 1, 12);
    assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
    expect_none(c, NULL, out);
    expect_none(c, three, out);
    expect_none(c, four, out);
    run(c, &plan, 13);
    measure(c, 13, 0);
    expect_one(c, four, out, IPT_FIDELITY_ENDING_NOTICE, 13,
               IPT_SEVERITY_ERROR);
    ipt_course_free(c);

    /* discontinued in termination before the deadline: nothing */
    c = h_new_standard();
    run(c, &plan, 13);
    measures(c, 1, 13);
    h_ok(c, IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT, 0);
    expect_none(c, NULL, out);
    expect_none(c, three, out);
    ipt_course_free(c);

    /* the middle phase is not judged, even past a stricter deadline */
    {
        struct ipt_profile *six = profile(
            "notice6", h_params(16, 12, 16, 3, 6, 6, 2, IPT_AREAS_ALL));

        c = h_new_standard();
        run(c, &plan, 11);
        measures(c, 1, 11);
        assert_int_equal(h_state(c), IPT_STATE_MIDDLE);
        expect_none(c, six, out);
        ipt_course_free(c);
        ipt_profile_free(six);
    }

    /* a notice of 0 disables the rule */
    {
        struct ipt_profile *none = profile(
            "no_notice", h_params(16, 12, 16, 3, 4, 0, 2, IPT_AREAS_ALL));

        c = h_new_standard();
        run(c, &plan, 14);
        measures(c, 1, 14);
        expect_none(c, none, out);
        ipt_course_free(c);
        ipt_profile_free(none);
    }
    ipt_profile_free(three);
    ipt_profile_free(four);
}

/* A completed course counts its last session as the one it held: a
 * contract renegotiated to 12 is judged against session 12. */
static void
test_ending_notice_renegotiated(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct plan plan = standard_plan;
    struct ipt_finding out[MAXF];
    struct ipt_profile *p = profile(
        "notice3", h_params(16, 12, 16, 3, 4, 3, 2, IPT_AREAS_ALL));

    (void)state;
    plan.ending_at = 0;
    run(c, &plan, 5);
    h_ok(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 12, 0);
    run(c, &plan, 9);
    h_task(c, IPT_TASK_DISCUSS_ENDING);           /* at 9: 3 before 12 */
    run(c, &plan, 12);
    assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
    measures(c, 1, 12);
    expect_none(c, NULL, out);
    expect_none(c, p, out);
    ipt_profile_free(p);
    p = profile("notice4", h_params(16, 12, 16, 3, 4, 4, 2, IPT_AREAS_ALL));
    expect_one(c, p, out, IPT_FIDELITY_ENDING_NOTICE, 9, IPT_SEVERITY_ERROR);
    ipt_profile_free(p);
    ipt_course_free(c);
}

/* ---- session_count ------------------------------------------------------ */

static void
test_session_count(void **state)
{
    struct ipt_profile *brief = profile(
        "brief", h_params(12, 8, 12, 3, 3, 2, 1, IPT_AREAS_ALL));
    struct ipt_profile *long_ = profile(
        "long", h_params(20, 18, 24, 3, 4, 2, 2, IPT_AREAS_ALL));
    struct ipt_finding out[MAXF];
    struct ipt_course *c;
    const struct ipt_finding *f;

    (void)state;
    c = clean_course();
    f = expect_one(c, brief, out, IPT_FIDELITY_SESSION_COUNT, 0,
                   IPT_SEVERITY_WARNING);
    assert_string_equal(f->message,
                        "16 sessions held; profile 'brief' allows 8 to 12");
    f = expect_one(c, long_, out, IPT_FIDELITY_SESSION_COUNT, 0,
                   IPT_SEVERITY_WARNING);
    assert_contains(f->message, "'long' allows 18 to 24");
    ipt_course_free(c);

    /* a course not ended: its plan */
    c = h_new_standard();
    expect_one(c, brief, out, IPT_FIDELITY_SESSION_COUNT, 0,
               IPT_SEVERITY_WARNING);
    run(c, &standard_plan, 5);
    measures(c, 1, 5);
    f = expect_one(c, brief, out, IPT_FIDELITY_SESSION_COUNT, 0,
                   IPT_SEVERITY_WARNING);
    assert_string_equal(f->message,
                        "16 sessions planned; profile 'brief' allows 8 to "
                        "12");
    h_ok(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 12, 0);
    expect_none(c, brief, out);

    /* discontinued: not judged */
    h_ok(c, IPT_EVENT_RENEGOTIATE_CONTRACT, 16, 0);
    h_ok(c, IPT_EVENT_DISCONTINUE, IPT_END_OTHER, 0);
    expect_none(c, brief, out);
    ipt_course_free(c);

    /* referred: not judged */
    c = h_new_standard();
    run(c, &standard_plan, 4);
    measures(c, 1, 4);
    h_ok(c, IPT_EVENT_DISCONTINUE, IPT_END_REFERRAL, 0);
    expect_none(c, brief, out);
    ipt_course_free(c);

    /* maintenance counts as completed */
    c = clean_course();
    h_ok(c, IPT_EVENT_ENTER_MAINTENANCE, 0, 0);
    expect_none(c, NULL, out);
    expect_one(c, brief, out, IPT_FIDELITY_SESSION_COUNT, 0,
               IPT_SEVERITY_WARNING);
    ipt_course_free(c);
    ipt_profile_free(brief);
    ipt_profile_free(long_);
}

/* ---- focus rules -------------------------------------------------------- */

static void
test_focus_allowed(void **state)
{
    struct ipt_profile *p = profile(
        "no_dispute", h_params(16, 12, 16, 3, 4, 2, 1,
                             ABIT(IPT_AREA_GRIEF) |
                                 ABIT(IPT_AREA_ROLE_TRANSITION)));
    struct ipt_finding out[MAXF];
    struct ipt_course *c = clean_course();
    const struct ipt_finding *f;

    (void)state;
    f = expect_one(c, p, out, IPT_FIDELITY_FOCUS_ALLOWED, 1,
                   IPT_SEVERITY_ERROR);
    assert_string_equal(f->message, "problem area 'role_dispute' chosen, "
                                    "which profile 'no_dispute' does not "
                                    "allow");
    ipt_course_free(c);
    ipt_profile_free(p);
}

/* Every focus the course ever took is judged, each area once, at the
 * session of its first choice. */
static void
test_focus_history(void **state)
{
    struct ipt_profile *p = profile(
        "transition_only", h_params(16, 12, 16, 3, 4, 2, 1,
                                  ABIT(IPT_AREA_ROLE_TRANSITION)));
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    struct plan plan = standard_plan;
    uint32_t n;

    (void)state;
    plan.focus = ABIT(IPT_AREA_GRIEF);
    run(c, &plan, 1);
    h_ok(c, IPT_EVENT_HOLD_SESSION, 0, 0);
    h_ok(c, IPT_EVENT_CHOOSE_FOCUS, 0, ABIT(IPT_AREA_ROLE_DISPUTE));
    h_ok(c, IPT_EVENT_CHOOSE_FOCUS, 0, ABIT(IPT_AREA_GRIEF));
    initial_tasks_of(c, 2, 0);
    run(c, &plan, 16);
    measures(c, 1, 16);
    expect_none(c, NULL, out);
    n = check(c, p, out);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].rule, IPT_FIDELITY_FOCUS_ALLOWED);
    assert_int_equal(out[0].session, 1);
    assert_contains(out[0].message, "'grief'");
    assert_int_equal(out[1].rule, IPT_FIDELITY_FOCUS_ALLOWED);
    assert_int_equal(out[1].session, 2);
    assert_contains(out[1].message, "'role_dispute'");
    ipt_course_free(c);
    ipt_profile_free(p);
}

static void
test_focus_count(void **state)
{
    struct ipt_profile *p = profile(
        "one_area", h_params(16, 12, 16, 3, 4, 2, 1, IPT_AREAS_ALL));
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    struct plan plan = standard_plan;
    const struct ipt_finding *f;

    (void)state;
    plan.focus = ABIT(IPT_AREA_GRIEF) | ABIT(IPT_AREA_ROLE_TRANSITION);
    run(c, &plan, 1);
    h_ok(c, IPT_EVENT_HOLD_SESSION, 0, 0);
    /* a second choice of two areas is the same problem: reported once */
    h_ok(c, IPT_EVENT_CHOOSE_FOCUS, 0,
       ABIT(IPT_AREA_GRIEF) | ABIT(IPT_AREA_ROLE_DISPUTE));
    initial_tasks_of(c, 2, 0);
    run(c, &plan, 16);
    measures(c, 1, 16);
    expect_none(c, NULL, out);
    f = expect_one(c, p, out, IPT_FIDELITY_FOCUS_COUNT, 1,
                   IPT_SEVERITY_ERROR);
    assert_string_equal(f->message, "2 focal areas chosen; profile "
                                    "'one_area' allows at most 1");
    ipt_course_free(c);
    ipt_profile_free(p);
}

/* Dissolving a dispute turns the focus into a role transition, which is
 * judged at the session of the dissolution. */
static void
test_focus_dissolution(void **state)
{
    struct ipt_profile *p = profile(
        "no_transition", h_params(16, 12, 16, 3, 4, 2, 2,
                                ABIT(IPT_AREA_GRIEF) |
                                    ABIT(IPT_AREA_ROLE_DISPUTE)));
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    const struct ipt_finding *f;

    (void)state;
    run(c, &standard_plan, 6);
    h_ok(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0);
    run(c, &standard_plan, 7);
    h_ok(c, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_DISSOLUTION, 0);
    run(c, &standard_plan, 16);
    measures(c, 1, 16);
    expect_none(c, NULL, out);
    f = expect_one(c, p, out, IPT_FIDELITY_FOCUS_ALLOWED, 7,
                   IPT_SEVERITY_ERROR);
    assert_contains(f->message, "'role_transition'");
    ipt_course_free(c);
    ipt_profile_free(p);
}

/* The machine refuses interpersonal deficits beside another area under
 * every profile, so deficits_alone cannot fire for a course built through
 * ipt_course_apply(); the rule guards courses from other sources. */
static void
test_deficits_alone_unreachable(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e;
    struct ipt_finding out[MAXF];

    (void)state;
    h_ok(c, IPT_EVENT_START, 0, 0);
    h_ok(c, IPT_EVENT_HOLD_SESSION, 0, 0);
    memset(&e, 0, sizeof(e));
    e.type = IPT_EVENT_CHOOSE_FOCUS;
    e.areas = ABIT(IPT_AREA_INTERPERSONAL_DEFICITS) | ABIT(IPT_AREA_GRIEF);
    e.timestamp = h_next_ts(c);
    assert_int_equal(ipt_course_apply(c, &e), IPT_ERR_GUARD_FAILED);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_DEFICITS_ALONE);
    h_ok(c, IPT_EVENT_CHOOSE_FOCUS, 0, ABIT(IPT_AREA_INTERPERSONAL_DEFICITS));
    measure(c, 1, 0);
    expect_none(c, NULL, out);
    ipt_course_free(c);
}

/* ---- measure_gap -------------------------------------------------------- */

static void
test_measure_gap(void **state)
{
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    const struct ipt_finding *f;
    uint32_t n;

    (void)state;
    run(c, &standard_plan, 16);
    /* sessions 4..9 without a measure: 6 in a row */
    measures(c, 1, 3);
    measures(c, 10, 16);
    f = expect_one(c, NULL, out, IPT_FIDELITY_MEASURE_GAP, 8,
                   IPT_SEVERITY_WARNING);
    assert_string_equal(f->message, "no symptom measure in sessions 4 to 9 "
                                    "(6 in a row; at most 4)");

    /* a GAD-7 or a HAM-D counts as a measure: runs of 4 are allowed */
    {
        struct ipt_measure g;

        memset(&g, 0, sizeof(g));
        g.kind = IPT_MEASURE_GAD7;
        g.total = 5;
        assert_int_equal(ipt_course_record_measure(c, 6, &g), IPT_OK);
        g.kind = IPT_MEASURE_HAMD17;
        assert_int_equal(ipt_course_record_measure(c, 9, &g), IPT_OK);
    }
    expect_none(c, NULL, out);

    /* two runs, two findings, in session order */
    assert_int_equal(ipt_course_clear_measure(c, 3, IPT_MEASURE_PHQ9),
                     IPT_OK);
    assert_int_equal(ipt_course_clear_measure(c, 6, IPT_MEASURE_GAD7),
                     IPT_OK);
    for (uint32_t s = 11; s <= 16; s++)
        assert_int_equal(ipt_course_clear_measure(c, s, IPT_MEASURE_PHQ9),
                         IPT_OK);
    n = check(c, NULL, out);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].rule, IPT_FIDELITY_MEASURE_GAP);
    assert_int_equal(out[0].session, 7);        /* run 3..8 (6 held) */
    assert_int_not_equal(out[0].session, 0);
    assert_int_equal(out[1].rule, IPT_FIDELITY_MEASURE_GAP);
    assert_int_equal(out[1].session, 15);       /* run 11..16 */
    assert_contains(out[1].message, "sessions 11 to 16");
    ipt_course_free(c);

    /* an open run at the end of an ongoing course */
    c = h_new_standard();
    run(c, &standard_plan, 8);
    measures(c, 1, 4);
    expect_none(c, NULL, out);                  /* 5..8 is 4 in a row */
    run(c, &standard_plan, 9);
    f = expect_one(c, NULL, out, IPT_FIDELITY_MEASURE_GAP, 9,
                   IPT_SEVERITY_WARNING);
    assert_contains(f->message, "sessions 5 to 9 (5 in a row");
    run(c, &standard_plan, 10);
    f = expect_one(c, NULL, out, IPT_FIDELITY_MEASURE_GAP, 9,
                   IPT_SEVERITY_WARNING);
    assert_contains(f->message, "sessions 5 to 10");
    ipt_course_free(c);
}

/* ---- safety_follow_up --------------------------------------------------- */

static void
test_safety_follow_up(void **state)
{
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    const struct ipt_finding *f;

    (void)state;
    run(c, &standard_plan, 16);
    measures(c, 1, 16);
    measure(c, 5, 1);
    f = expect_one(c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 5,
                   IPT_SEVERITY_ERROR);
    assert_string_equal(f->message, "PHQ-9 item 9 above 0 at session 5; no "
                                    "safety assessment recorded in that "
                                    "session or the next");

    /* in the same session, or the next, is enough */
    techniques(c, 5, SAFETY);
    expect_none(c, NULL, out);
    techniques(c, 5, TBIT(IPT_TECHNIQUE_CLARIFICATION));
    techniques(c, 6, SAFETY);
    expect_none(c, NULL, out);
    /* two sessions later is too late */
    techniques(c, 6, 0);
    techniques(c, 7, SAFETY);
    expect_one(c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 5,
               IPT_SEVERITY_ERROR);
    /* a high total with item 9 at 0 is no flag */
    measure(c, 5, 0);
    {
        struct ipt_measure m = h_phq9(3, 0);

        assert_int_equal(ipt_course_record_measure(c, 5, &m), IPT_OK);
    }
    expect_none(c, NULL, out);
    /* the flag in the last session of a completed course */
    measure(c, 16, 3);
    expect_one(c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 16,
               IPT_SEVERITY_ERROR);
    techniques(c, 16, SAFETY);
    expect_none(c, NULL, out);
    /* clearing the measure clears the finding */
    measure(c, 4, 2);
    expect_one(c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 4,
               IPT_SEVERITY_ERROR);
    assert_int_equal(ipt_course_clear_measure(c, 4, IPT_MEASURE_PHQ9),
                     IPT_OK);
    expect_none(c, NULL, out);
    ipt_course_free(c);
}

static void
test_safety_latest_session(void **state)
{
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    const struct ipt_finding *f;

    (void)state;
    run(c, &standard_plan, 5);
    measures(c, 1, 5);
    measure(c, 5, 1);
    f = expect_one(c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 5,
                   IPT_SEVERITY_INFO);
    assert_string_equal(f->message, "PHQ-9 item 9 above 0 at session 5; no "
                                    "safety assessment recorded yet: "
                                    "follow-up due at the next session");
    /* the next session passes without one */
    run(c, &standard_plan, 6);
    measure(c, 6, 0);
    expect_one(c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 5,
               IPT_SEVERITY_ERROR);
    ipt_course_free(c);

    /* the course ends at the flagged session */
    c = h_new_standard();
    run(c, &standard_plan, 5);
    measures(c, 1, 5);
    measure(c, 5, 1);
    h_ok(c, IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT, 0);
    expect_one(c, NULL, out, IPT_FIDELITY_SAFETY_FOLLOW_UP, 5,
               IPT_SEVERITY_ERROR);
    ipt_course_free(c);
}

/* ---- no_baseline -------------------------------------------------------- */

static void
test_no_baseline(void **state)
{
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    const struct ipt_finding *f;

    (void)state;
    run(c, &standard_plan, 2);
    expect_none(c, NULL, out);                  /* initial phase ongoing */
    run(c, &standard_plan, 4);
    measure(c, 4, 0);
    f = expect_one(c, NULL, out, IPT_FIDELITY_NO_BASELINE, 0,
                   IPT_SEVERITY_WARNING);
    assert_string_equal(f->message, "no symptom measure recorded in the "
                                    "initial phase, so the course has no "
                                    "baseline");
    /* any measure in an initial-phase session is a baseline */
    {
        struct ipt_measure h;

        memset(&h, 0, sizeof(h));
        h.kind = IPT_MEASURE_HAMD17;
        h.total = 20;
        assert_int_equal(ipt_course_record_measure(c, 3, &h), IPT_OK);
    }
    expect_none(c, NULL, out);
    ipt_course_free(c);

    /* advanced to the middle phase at session 3 without a measure */
    c = h_new_standard();
    run(c, &standard_plan, 3);
    expect_one(c, NULL, out, IPT_FIDELITY_NO_BASELINE, 0,
               IPT_SEVERITY_WARNING);
    ipt_course_free(c);
}

/* ---- several rules at once ---------------------------------------------- */

/* A course checked against a stricter profile of the caller's own: shorter
 * course, earlier ending notice, one allowed area. */
static void
test_stricter_profile(void **state)
{
    struct ipt_profile *p = profile(
        "strict", h_params(12, 10, 12, 3, 4, 4, 1, ABIT(IPT_AREA_GRIEF)));
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    struct plan plan = standard_plan;
    uint32_t n;

    (void)state;
    plan.focus = ABIT(IPT_AREA_ROLE_DISPUTE) | ABIT(IPT_AREA_ROLE_TRANSITION);
    plan.ending_at = 13;
    run(c, &plan, 16);
    measures(c, 1, 16);
    expect_none(c, NULL, out);
    n = check(c, p, out);
    if (n != 5)
        print_findings(out, n);
    assert_int_equal(n, 5);
    assert_int_equal(out[0].rule, IPT_FIDELITY_SESSION_COUNT);
    assert_int_equal(out[0].session, 0);
    assert_int_equal(out[1].rule, IPT_FIDELITY_FOCUS_COUNT);
    assert_int_equal(out[1].session, 1);
    assert_int_equal(out[2].rule, IPT_FIDELITY_FOCUS_ALLOWED);
    assert_int_equal(out[2].session, 1);
    assert_contains(out[2].message, "'role_dispute'");
    assert_int_equal(out[3].rule, IPT_FIDELITY_FOCUS_ALLOWED);
    assert_int_equal(out[3].session, 1);
    assert_contains(out[3].message, "'role_transition'");
    assert_int_equal(out[4].rule, IPT_FIDELITY_ENDING_NOTICE);
    assert_int_equal(out[4].session, 13);
    assert_int_equal(out[4].severity, IPT_SEVERITY_ERROR);
    ipt_course_free(c);
    ipt_profile_free(p);
}

/* Session 0 first, then by session and rule. */
static void
test_order(void **state)
{
    struct ipt_profile *p = profile(
        "brief", h_params(12, 8, 12, 2, 3, 2, 1, ABIT(IPT_AREA_GRIEF)));
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    uint32_t n;

    (void)state;
    run(c, &standard_plan, 16);
    measures(c, 6, 8);
    measure(c, 7, 1);
    /* findings: session_count 0, no_baseline 0, focus_allowed 1,
     * initial_tasks 2, measure_gap 5 (1..5), safety 7, measure_gap 13
     * (9..16) */
    n = check(c, p, out);
    if (n != 7)
        print_findings(out, n);
    assert_int_equal(n, 7);
    {
        const struct {
            uint32_t session;
            enum ipt_fidelity_rule rule;
        } want[] = {
            { 0, IPT_FIDELITY_SESSION_COUNT },
            { 0, IPT_FIDELITY_NO_BASELINE },
            { 1, IPT_FIDELITY_FOCUS_ALLOWED },
            { 2, IPT_FIDELITY_INITIAL_TASKS },
            { 5, IPT_FIDELITY_MEASURE_GAP },
            { 7, IPT_FIDELITY_SAFETY_FOLLOW_UP },
            { 13, IPT_FIDELITY_MEASURE_GAP },
        };

        for (uint32_t i = 0; i < n; i++) {
            assert_int_equal(out[i].session, want[i].session);
            assert_int_equal(out[i].rule, want[i].rule);
        }
    }
    ipt_course_free(c);
    ipt_profile_free(p);
}

/* ---- count and capacity ------------------------------------------------- */

static void
test_capacity(void **state)
{
    struct ipt_profile *p = profile(
        "brief", h_params(12, 8, 12, 2, 3, 2, 1, ABIT(IPT_AREA_GRIEF)));
    struct ipt_finding all[MAXF], some[MAXF];
    struct ipt_course *c = h_new_standard();
    uint32_t n, total;

    (void)state;
    run(c, &standard_plan, 16);
    measure(c, 7, 1);
    total = check(c, p, all);
    assert_true(total >= 5);

    /* the count alone */
    n = 0;
    assert_int_equal(ipt_fidelity_check(c, p, NULL, 0, &n), IPT_OK);
    assert_int_equal(n, total);
    n = 0;
    assert_int_equal(ipt_fidelity_check(c, p, some, 0, &n), IPT_OK);
    assert_int_equal(n, total);

    /* each capacity gets the first findings, the count stays the total,
     * and nothing past the capacity is written */
    for (uint32_t cap = 1; cap <= total + 2; cap++) {
        memset(some, 0x5C, sizeof(some));
        n = 0;
        assert_int_equal(ipt_fidelity_check(c, p, some, cap, &n), IPT_OK);
        assert_int_equal(n, total);
        for (uint32_t i = 0; i < cap && i < total; i++)
            assert_memory_equal(&some[i], &all[i], sizeof(some[i]));
        for (uint32_t i = cap < total ? cap : total; i < MAXF; i++) {
            const unsigned char *b = (const unsigned char *)&some[i];

            for (size_t k = 0; k < sizeof(some[i]); k++)
                assert_int_equal(b[k], 0x5C);
        }
    }
    ipt_course_free(c);
    ipt_profile_free(p);
}

static void
test_arguments(void **state)
{
    struct ipt_course *c = clean_course();
    struct ipt_finding out[2];
    uint32_t n = 77;

    (void)state;
    assert_int_equal(ipt_fidelity_check(NULL, NULL, out, 2, &n),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_fidelity_check(c, NULL, out, 2, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_fidelity_check(c, NULL, NULL, 1, &n),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(n, 77);
    assert_int_equal(ipt_fidelity_check(c, NULL, NULL, 0, &n), IPT_OK);
    assert_int_equal(n, 0);
    ipt_course_free(c);
}

/* The report reads the course only, and never quotes a note. */
static void
test_reads_only_and_no_notes(void **state)
{
    static const char secret[] = "SECRET note about the patient";
    struct ipt_profile *p = profile(
        "brief", h_params(12, 8, 12, 2, 3, 2, 1, ABIT(IPT_AREA_GRIEF)));
    struct ipt_finding out[MAXF];
    struct ipt_course *c = h_new_standard();
    struct ipt_event e;
    uint32_t n, log_before, log_after;

    (void)state;
    run(c, &standard_plan, 16);
    measure(c, 7, 1);
    for (uint32_t s = 1; s <= 16; s++)
        assert_int_equal(ipt_course_set_note(c, s, secret,
                                             sizeof(secret) - 1),
                         IPT_OK);
    /* leave a refusal in the last error */
    memset(&e, 0, sizeof(e));
    e.type = IPT_EVENT_START;
    e.timestamp = h_next_ts(c);
    assert_int_equal(ipt_course_apply(c, &e), IPT_ERR_EVENT_NOT_ALLOWED);
    assert_int_equal(ipt_course_log_size(c, &log_before, NULL), IPT_OK);
    {
        char before[256];

        snprintf(before, sizeof(before), "%s", ipt_course_last_error(c));
        n = check(c, p, out);
        assert_true(n >= 5);
        assert_string_equal(ipt_course_last_error(c), before);
    }
    assert_int_equal(ipt_course_last_rule(c),
                     IPT_RULE_EVENT_ALLOWED_IN_STATE);
    assert_int_equal(ipt_course_log_size(c, &log_after, NULL), IPT_OK);
    assert_int_equal(log_after, log_before);
    for (uint32_t i = 0; i < n; i++) {
        assert_null(strstr(out[i].message, "SECRET"));
        assert_null(strstr(out[i].message, "patient"));
    }
    ipt_course_free(c);
    ipt_profile_free(p);
}

/* ---- names -------------------------------------------------------------- */

static void
test_rule_names(void **state)
{
    static const char *const names[] = {
        NULL, "initial_tasks", "ending_notice", "session_count",
        "focus_count", "focus_allowed", "deficits_alone", "measure_gap",
        "safety_follow_up", "no_baseline",
    };
    enum ipt_fidelity_rule r;

    (void)state;
    for (int v = 1; v <= 9; v++) {
        const char *src = ipt_fidelity_rule_source((enum ipt_fidelity_rule)v);

        assert_string_equal(ipt_fidelity_rule_name((enum ipt_fidelity_rule)v),
                            names[v]);
        r = (enum ipt_fidelity_rule)0;
        assert_int_equal(ipt_fidelity_rule_from_name(names[v], &r), IPT_OK);
        assert_int_equal(r, v);
        assert_non_null(src);
        assert_true(strlen(src) > 0);
    }
    assert_contains(ipt_fidelity_rule_source(IPT_FIDELITY_MEASURE_GAP),
                    "IPT Institute");
    assert_contains(ipt_fidelity_rule_source(IPT_FIDELITY_ENDING_NOTICE),
                    "Guide 2000");
    assert_contains(ipt_fidelity_rule_source(IPT_FIDELITY_DEFICITS_ALONE),
                    "Guide 2018");
    assert_contains(ipt_fidelity_rule_source(IPT_FIDELITY_FOCUS_COUNT),
                    "ISIPT");
    assert_contains(ipt_fidelity_rule_source(IPT_FIDELITY_SAFETY_FOLLOW_UP),
                    "libipt");
    assert_null(ipt_fidelity_rule_name((enum ipt_fidelity_rule)0));
    assert_null(ipt_fidelity_rule_name((enum ipt_fidelity_rule)10));
    assert_null(ipt_fidelity_rule_source((enum ipt_fidelity_rule)0));
    assert_null(ipt_fidelity_rule_source((enum ipt_fidelity_rule)10));
    r = IPT_FIDELITY_NO_BASELINE;
    assert_int_equal(ipt_fidelity_rule_from_name("Measure_gap", &r),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_fidelity_rule_from_name("", &r),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(r, IPT_FIDELITY_NO_BASELINE);
    assert_int_equal(ipt_fidelity_rule_from_name(NULL, &r),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_fidelity_rule_from_name("measure_gap", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_severity_names(void **state)
{
    static const char *const names[] = { NULL, "info", "warning", "error" };
    enum ipt_severity s;

    (void)state;
    for (int v = 1; v <= 3; v++) {
        assert_string_equal(ipt_severity_name((enum ipt_severity)v),
                            names[v]);
        s = (enum ipt_severity)0;
        assert_int_equal(ipt_severity_from_name(names[v], &s), IPT_OK);
        assert_int_equal(s, v);
    }
    assert_null(ipt_severity_name((enum ipt_severity)0));
    assert_null(ipt_severity_name((enum ipt_severity)4));
    s = IPT_SEVERITY_INFO;
    assert_int_equal(ipt_severity_from_name("fatal", &s),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(s, IPT_SEVERITY_INFO);
    assert_int_equal(ipt_severity_from_name(NULL, &s),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_severity_from_name("info", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_course),
        cmocka_unit_test(test_clean_course_on_the_way),
        cmocka_unit_test(test_initial_tasks),
        cmocka_unit_test(test_initial_tasks_stricter_profile),
        cmocka_unit_test(test_ending_notice),
        cmocka_unit_test(test_ending_notice_renegotiated),
        cmocka_unit_test(test_session_count),
        cmocka_unit_test(test_focus_allowed),
        cmocka_unit_test(test_focus_history),
        cmocka_unit_test(test_focus_count),
        cmocka_unit_test(test_focus_dissolution),
        cmocka_unit_test(test_deficits_alone_unreachable),
        cmocka_unit_test(test_measure_gap),
        cmocka_unit_test(test_safety_follow_up),
        cmocka_unit_test(test_safety_latest_session),
        cmocka_unit_test(test_no_baseline),
        cmocka_unit_test(test_stricter_profile),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_reads_only_and_no_notes),
        cmocka_unit_test(test_rule_names),
        cmocka_unit_test(test_severity_names),
    };

    return cmocka_run_group_tests_name("fidelity", tests, NULL, NULL);
}
