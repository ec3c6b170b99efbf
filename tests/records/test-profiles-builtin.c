/* SPDX-License-Identifier: MIT */
/*
 * The built-in protocol profiles: listing, lookup by name, every metadata
 * accessor and its error paths, and a complete course through each profile
 * (start to completed) whose sessions fall in the phases the profile's
 * documentation gives; the fidelity report on each course is clean, the
 * course survives a JSON round trip, a disallowed problem area is refused
 * with the profile's name, and cohort-v1 runs under each profile.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers.h"

/* What the profiles page documents for each built-in profile, written out
 * independently of lib/profile.c. */
struct expect {
    const char *name;
    uint32_t planned, min, max;
    uint32_t initial_last;      /* initial phase: sessions 1..initial_last */
    uint32_t first_termination; /* termination: first_termination..planned */
    uint32_t notice, focal;
    uint32_t areas;
    uint32_t cadence, pre;
};

#define LHS IPT_AREA_BIT(IPT_AREA_LOST_HEALTHY_SELF)

static const struct expect expected[] = {
    { "standard", 16, 12, 16, 3, 13, 2, 2, IPT_AREAS_CORE, 7, 0 },
    { "brief", 8, 8, 8, 2, 7, 1, 1, IPT_AREAS_CORE, 7, 1 },
    { "adolescent", 12, 12, 12, 4, 9, 2, 2, IPT_AREAS_CORE, 7, 0 },
    { "group_who", 8, 8, 8, 1, 8, 1, 2, IPT_AREAS_CORE, 7, 1 },
    { "counselling", 6, 3, 6, 1, 6, 1, 1, IPT_AREAS_CORE, 7, 0 },
    { "maintenance", 36, 24, 36, 1, 34, 2, 2, IPT_AREAS_CORE, 30, 0 },
    { "ipsrt", 20, 16, 24, 5, 18, 2, 2, IPT_AREAS_CORE | LHS, 7, 0 },
    { "eating_disorders", 19, 19, 19, 4, 17, 2, 2, IPT_AREAS_CORE, 7, 0 },
};

#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

static const struct ipt_profile *
builtin(const char *name)
{
    const struct ipt_profile *p = NULL;

    assert_int_equal(ipt_profile_builtin(name, &p), IPT_OK);
    assert_non_null(p);
    return p;
}

/* ---- listing and lookup -------------------------------------------------- */

static void
test_listing(void **state)
{
    (void)state;
    assert_int_equal(ipt_profile_builtin_count(), N_EXPECTED);
    for (uint32_t i = 0; i < N_EXPECTED; i++) {
        const struct ipt_profile *p = NULL;

        assert_int_equal(ipt_profile_builtin_at(i, &p), IPT_OK);
        assert_string_equal(ipt_profile_name(p), expected[i].name);
        assert_ptr_equal(builtin(expected[i].name), p);
    }
}

static void
test_params(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const struct expect *e = &expected[i];
        struct ipt_profile_params pp;

        memset(&pp, 0, sizeof(pp));
        pp.size = (uint32_t)sizeof(pp);
        assert_int_equal(ipt_profile_get_params(builtin(e->name), &pp),
                         IPT_OK);
        assert_int_equal(ipt_profile_check(&pp, NULL, 0), IPT_OK);
        assert_int_equal(pp.planned_sessions, e->planned);
        assert_int_equal(pp.min_sessions, e->min);
        assert_int_equal(pp.max_sessions, e->max);
        assert_int_equal(pp.initial_last_session, e->initial_last);
        assert_int_equal(pp.planned_sessions - pp.termination_sessions + 1,
                         e->first_termination);
        assert_int_equal(pp.ending_notice_sessions, e->notice);
        assert_int_equal(pp.max_focal_areas, e->focal);
        assert_int_equal(pp.allowed_areas, e->areas);
    }
}

/* ---- metadata accessors -------------------------------------------------- */

static void
test_metadata(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const struct ipt_profile *p = builtin(expected[i].name);

        assert_true(strlen(ipt_profile_title(p)) > 0);
        assert_true(strlen(ipt_profile_source(p)) > 0);
        assert_true(strlen(ipt_profile_notes(p)) > 0);
        assert_int_equal(ipt_profile_cadence_days(p), expected[i].cadence);
        assert_int_equal(ipt_profile_pre_sessions(p), expected[i].pre);
        assert_int_equal(ipt_profile_measures(p) &
                             ~(IPT_MEASURE_KIND_BIT(IPT_MEASURE_PHQ9) |
                               IPT_MEASURE_KIND_BIT(IPT_MEASURE_HAMD17) |
                               IPT_MEASURE_KIND_BIT(IPT_MEASURE_GAD7)),
                         0);
        for (int a = IPT_AREA_GRIEF; a <= IPT_AREA_LOST_HEALTHY_SELF; a++) {
            const char *l = ipt_profile_area_label(p, (enum ipt_area)a);

            if ((expected[i].areas & IPT_AREA_BIT(a)) != 0)
                assert_true(l != NULL && strlen(l) > 0);
            else
                assert_null(l);
        }
        assert_null(ipt_profile_area_label(p, (enum ipt_area)0));
        assert_null(ipt_profile_area_label(p, (enum ipt_area)6));
        assert_null(ipt_profile_area_label(p, (enum ipt_area)-1));
    }
}

static void
test_labels(void **state)
{
    const struct ipt_profile *who = builtin("group_who");
    const struct ipt_profile *ipc = builtin("counselling");
    const struct ipt_profile *std = builtin("standard");
    const struct ipt_profile *ipsrt = builtin("ipsrt");

    (void)state;
    assert_string_equal(ipt_profile_area_label(who, IPT_AREA_GRIEF), "grief");
    assert_string_equal(ipt_profile_area_label(who, IPT_AREA_ROLE_DISPUTE),
                        "disputes");
    assert_string_equal(
        ipt_profile_area_label(who, IPT_AREA_ROLE_TRANSITION), "life changes");
    assert_string_equal(
        ipt_profile_area_label(who, IPT_AREA_INTERPERSONAL_DEFICITS),
        "loneliness/social isolation");
    assert_string_equal(
        ipt_profile_area_label(ipc, IPT_AREA_INTERPERSONAL_DEFICITS),
        "boredom, loneliness and isolation");
    assert_string_equal(ipt_profile_area_label(std, IPT_AREA_ROLE_DISPUTE),
                        "role dispute");
    assert_string_equal(
        ipt_profile_area_label(ipsrt, IPT_AREA_LOST_HEALTHY_SELF),
        "grief for the lost healthy self");
    assert_string_equal(ipt_area_name(IPT_AREA_LOST_HEALTHY_SELF),
                        "lost_healthy_self");
    /* IPSRT's notes point to the SRM-5 scorer; IPT-BN names no measure */
    assert_non_null(strstr(ipt_profile_notes(ipsrt), "SRM-5"));
    assert_non_null(strstr(ipt_profile_notes(ipsrt), "ipt_srm5_score()"));
    assert_non_null(strstr(ipt_profile_notes(ipsrt), "Unverified"));
    assert_int_equal(ipt_profile_measures(builtin("eating_disorders")), 0);
    assert_non_null(strstr(ipt_profile_notes(builtin("adolescent")),
                           "Unverified"));
}

static void
test_metadata_errors(void **state)
{
    struct ipt_profile_params pp = h_standard_params();
    struct ipt_profile *custom = NULL;
    struct ipt_course *c = NULL;
    const struct ipt_profile *copy = NULL;

    (void)state;
    assert_null(ipt_profile_title(NULL));
    assert_null(ipt_profile_source(NULL));
    assert_null(ipt_profile_notes(NULL));
    assert_null(ipt_profile_area_label(NULL, IPT_AREA_GRIEF));
    assert_int_equal(ipt_profile_cadence_days(NULL), 0);
    assert_int_equal(ipt_profile_pre_sessions(NULL), 0);
    assert_int_equal(ipt_profile_measures(NULL), 0);

    /* a caller's profile: empty or default metadata */
    pp.allowed_areas = IPT_AREAS_ALL;
    assert_int_equal(ipt_profile_new("mine", &pp, NULL, &custom), IPT_OK);
    assert_string_equal(ipt_profile_title(custom), "");
    assert_string_equal(ipt_profile_source(custom), "");
    assert_string_equal(ipt_profile_notes(custom), "");
    assert_int_equal(ipt_profile_cadence_days(custom), 0);
    assert_int_equal(ipt_profile_pre_sessions(custom), 0);
    assert_int_equal(ipt_profile_measures(custom), 0);
    assert_string_equal(
        ipt_profile_area_label(custom, IPT_AREA_ROLE_TRANSITION),
        "role transition");
    assert_string_equal(
        ipt_profile_area_label(custom, IPT_AREA_LOST_HEALTHY_SELF),
        "grief for the lost healthy self");
    assert_null(ipt_profile_area_label(custom, (enum ipt_area)7));
    ipt_profile_free(custom);

    /* unknown names */
    assert_int_equal(ipt_profile_builtin("IPSRT", &copy),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_profile_builtin("group", &copy),
                     IPT_ERR_UNKNOWN_NAME);

    /* a course's copy keeps the metadata */
    assert_int_equal(ipt_course_new(builtin("group_who"), NULL, &c), IPT_OK);
    assert_int_equal(ipt_course_get_profile(c, &copy), IPT_OK);
    assert_string_equal(ipt_profile_name(copy), "group_who");
    assert_string_equal(ipt_profile_title(copy),
                        ipt_profile_title(builtin("group_who")));
    assert_int_equal(ipt_profile_pre_sessions(copy), 1);
    assert_string_equal(
        ipt_profile_area_label(copy, IPT_AREA_ROLE_TRANSITION),
        "life changes");
    ipt_course_free(c);
}

/* ---- a complete course through each profile ------------------------------ */

static void
phq9(struct ipt_course *c, uint32_t s)
{
    struct ipt_measure m = h_phq9(1, 0);

    if (ipt_course_record_measure(c, s, &m) != IPT_OK)
        fail_msg("measure at session %u: %s", s, ipt_course_last_error(c));
}

/* Runs a course of @p e from start to completed with @p focus, the way a
 * careful therapist would: every initial task in session 1, the middle
 * phase as soon as the profile allows, the ending discussed as soon as the
 * termination phase begins.  Checks the state before every session against
 * the documented boundaries. */
static struct ipt_course *
complete_course(const struct expect *e, uint32_t focus)
{
    struct ipt_course *c = NULL;

    assert_int_equal(ipt_course_new(builtin(e->name), NULL, &c), IPT_OK);
    h_start(c);
    for (uint32_t s = 1; s <= e->planned; s++) {
        enum ipt_state want = s <= e->initial_last ? IPT_STATE_INITIAL
                              : s < e->first_termination
                                  ? IPT_STATE_MIDDLE
                                  : IPT_STATE_TERMINATION;

        if (h_state(c) != want)
            fail_msg("%s: session %u held in '%s', documented '%s'",
                     e->name, s, ipt_state_name(h_state(c)),
                     ipt_state_name(want));
        h_hold(c);
        phq9(c, s);
        if (s == 1) {
            h_focus(c, focus);
            h_initial_tasks(c, IPT_TASKS_INITIAL);
        }
        if (h_state(c) == IPT_STATE_INITIAL && s == e->initial_last)
            h_advance(c);
        if (s == e->first_termination - 1) {
            assert_int_equal(h_state(c), IPT_STATE_TERMINATION);
            h_task(c, IPT_TASK_DISCUSS_ENDING);
            h_task(c, IPT_TASK_REVIEW_GAINS);
            h_task(c, IPT_TASK_RELAPSE_PREVENTION);
            h_task(c, IPT_TASK_PLAN_CONTINUATION);
        }
    }
    if (h_state(c) != IPT_STATE_COMPLETED)
        fail_msg("%s: '%s' after %u sessions", e->name,
                 ipt_state_name(h_state(c)), e->planned);
    return c;
}

static void
assert_clean(const struct ipt_course *c, const char *name)
{
    struct ipt_finding f[16];
    uint32_t n = 99;

    assert_int_equal(ipt_fidelity_check(c, NULL, f, 16, &n), IPT_OK);
    for (uint32_t i = 0; i < n && i < 16; i++) {
        if (f[i].severity != IPT_SEVERITY_INFO)
            fail_msg("%s: finding '%s' at session %u: %s", name,
                     ipt_fidelity_rule_name(
                         (enum ipt_fidelity_rule)f[i].rule),
                     f[i].session, f[i].message);
    }
}

static void
round_trip(const struct ipt_course *c, const char *name)
{
    char msg[256];
    struct ipt_course *back = NULL;
    const struct ipt_profile *p = NULL;
    char *doc;
    char *again;

    if (!h_json_built())
        return;
    doc = h_doc_of(c);
    if (ipt_course_load_json(doc, strlen(doc), NULL, &back, msg,
                             sizeof(msg)) != IPT_OK)
        fail_msg("%s: reload: %s", name, msg);
    assert_int_equal(ipt_course_get_profile(back, &p), IPT_OK);
    assert_string_equal(ipt_profile_name(p), name);
    again = h_doc_of(back);
    assert_string_equal(doc, again);
    free(again);
    free(doc);
    ipt_course_free(back);
}

static void
test_complete_courses(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXPECTED; i++) {
        struct ipt_course *c;

        c = complete_course(&expected[i], IPT_AREA_BIT(IPT_AREA_GRIEF));
        assert_clean(c, expected[i].name);
        round_trip(c, expected[i].name);
        ipt_course_free(c);
        c = complete_course(&expected[i],
                            IPT_AREA_BIT(IPT_AREA_INTERPERSONAL_DEFICITS));
        assert_clean(c, expected[i].name);
        ipt_course_free(c);
    }
}

/* IPSRT's fifth area: a course focuses on it, technique selection works
 * in the middle phase, and the document names it. */
static void
test_ipsrt_fifth_area(void **state)
{
    const struct expect *e = &expected[6];
    struct ipt_course *c;

    (void)state;
    assert_string_equal(e->name, "ipsrt");
    c = complete_course(e, LHS);
    assert_int_equal(h_focus_mask(c), LHS);
    assert_clean(c, e->name);
    if (h_json_built()) {
        char *doc = h_doc_of(c);

        assert_non_null(strstr(doc, "\"lost_healthy_self\""));
        free(doc);
    }
    round_trip(c, e->name);
    ipt_course_free(c);

    /* technique selection weighs the fifth area with the grief column */
    {
        struct ipt_select_context ctx;
        struct ipt_suggestion a[32], b[32];
        uint32_t na = 0, nb = 0;

        memset(&ctx, 0, sizeof(ctx));
        ctx.size = (uint32_t)sizeof(ctx);
        ctx.phase = IPT_STATE_MIDDLE;
        ctx.session = 8;
        ctx.sessions_remaining = 12;
        ctx.focus = LHS;
        assert_int_equal(ipt_select_techniques(NULL, &ctx, a, 32, &na),
                         IPT_OK);
        ctx.focus = IPT_AREA_BIT(IPT_AREA_GRIEF);
        assert_int_equal(ipt_select_techniques(NULL, &ctx, b, 32, &nb),
                         IPT_OK);
        assert_true(na > 0);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na * sizeof(a[0]));
    }

    /* with another area, up to the profile's two */
    assert_int_equal(ipt_course_new(builtin("ipsrt"), NULL, &c), IPT_OK);
    h_start(c);
    h_hold(c);
    h_focus(c, LHS | IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE));
    ipt_course_free(c);
}

/* Choosing an area a profile does not allow is a guard error that names
 * the area and the profile. */
static void
test_disallowed_area(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXPECTED; i++) {
        struct ipt_course *c = NULL;
        struct ipt_event ev;
        enum ipt_rule rule = IPT_RULE_NONE;
        char msg[256];

        if ((expected[i].areas & LHS) != 0)
            continue;
        assert_int_equal(ipt_course_new(builtin(expected[i].name), NULL, &c),
                         IPT_OK);
        h_start(c);
        h_hold(c);
        ev = h_event(IPT_EVENT_CHOOSE_FOCUS, 0, LHS, h_next_ts(c));
        assert_int_equal(ipt_course_check(c, &ev, &rule, msg, sizeof(msg)),
                         IPT_ERR_GUARD_FAILED);
        assert_int_equal(rule, IPT_RULE_FOCUS_ALLOWED);
        assert_non_null(strstr(msg, "'lost_healthy_self'"));
        assert_non_null(strstr(msg, expected[i].name));
        assert_int_equal(ipt_course_apply(c, &ev), IPT_ERR_GUARD_FAILED);
        assert_non_null(strstr(ipt_course_last_error(c), expected[i].name));
        assert_int_equal(ipt_course_record_areas(c, 1, LHS),
                         IPT_ERR_OUT_OF_RANGE);
        ipt_course_free(c);
    }
}

/* ---- simulation ---------------------------------------------------------- */

/* cohort-v1 draws only the four core areas, which every built-in profile
 * allows, so it runs under each of them. */
static void
test_simulation(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EXPECTED; i++) {
        struct ipt_sim_config cfg;
        struct ipt_sim_totals t;
        char msg[256];
        enum ipt_status st;

        memset(&cfg, 0, sizeof(cfg));
        cfg.size = (uint32_t)sizeof(cfg);
        cfg.model = IPT_SIM_COHORT_V1;
        cfg.seed = 42;
        cfg.threads = 2;
        cfg.patients = 1000;
        cfg.profile = builtin(expected[i].name);
        st = ipt_sim_run(&cfg, &t, msg, sizeof(msg));
        if (st != IPT_OK)
            fail_msg("%s: %s: %s", expected[i].name, ipt_status_name(st),
                     msg);
        assert_int_equal(t.patients, 1000);
        assert_int_equal(t.completed + t.dropped[0] + t.dropped[1] +
                             t.dropped[2],
                         1000);
        assert_true(t.sessions_attended <= 1000 * (uint64_t)
                                               expected[i].planned);
        assert_int_equal(t.area_patients[0] + t.area_patients[1] +
                             t.area_patients[2] + t.area_patients[3],
                         1000);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listing),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_metadata_errors),
        cmocka_unit_test(test_complete_courses),
        cmocka_unit_test(test_ipsrt_fifth_area),
        cmocka_unit_test(test_disallowed_area),
        cmocka_unit_test(test_simulation),
    };

    return cmocka_run_group_tests_name("profiles-builtin", tests, NULL, NULL);
}
