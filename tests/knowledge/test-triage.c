/* SPDX-License-Identifier: MIT */
/*
 * Problem-area triage, black box: the rules of docs/triage.md, every
 * validation error with its status and message, the profile's filter and
 * limit, the name tables and determinism.  All cases are fictional.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ipt/ipt.h>

#include <stdio.h>
#include <string.h>

/* ---- builders ----------------------------------------------------------- */

/* Onset of symptoms in every case: 2025-06-15. */
#define ONSET_Y 2025
#define ONSET_M 6
#define ONSET_D 15

#define REL(r) IPT_REL_##r
#define REC(r) IPT_RECIPROCITY_##r
#define CHG(c) IPT_CHANGE_##c

/* Initializers of a person (relationship, closeness, contact, support,
 * conflict, reciprocity, change) and of a life event (type, person, year,
 * month, day). */
#define PERSON(...) { __VA_ARGS__, 0 }
#define EVENT(type, who, y, m, d) { (type), (who), { (y), (m), (d) }, 0 }

static struct ipt_inventory
inventory(const struct ipt_person *people, uint32_t np,
          const struct ipt_life_event *events, uint32_t ne)
{
    struct ipt_inventory inv;

    memset(&inv, 0, sizeof(inv));
    inv.size = (uint32_t)sizeof(inv);
    inv.person_count = np;
    inv.people = people;
    inv.event_count = ne;
    inv.events = events;
    inv.onset.year = ONSET_Y;
    inv.onset.month = ONSET_M;
    inv.onset.day = ONSET_D;
    return inv;
}

static const struct ipt_profile *
standard(void)
{
    const struct ipt_profile *p = NULL;

    assert_int_equal(ipt_profile_builtin("standard", &p), IPT_OK);
    return p;
}

/* A profile of standard IPT with another focus limit and area set. */
static struct ipt_profile *
custom(const char *name, uint32_t max_focal, uint32_t allowed)
{
    struct ipt_profile_params pp;
    struct ipt_profile *p = NULL;

    memset(&pp, 0, sizeof(pp));
    pp.size = (uint32_t)sizeof(pp);
    pp.planned_sessions = 16;
    pp.min_sessions = 12;
    pp.max_sessions = 16;
    pp.initial_last_session = 3;
    pp.termination_sessions = 4;
    pp.ending_notice_sessions = 2;
    pp.max_focal_areas = max_focal;
    pp.allowed_areas = allowed;
    assert_int_equal(ipt_profile_new(name, &pp, NULL, &p), IPT_OK);
    return p;
}

static enum ipt_status
triage(const struct ipt_profile *profile, const struct ipt_inventory *inv,
       struct ipt_triage_result *r)
{
    memset(r, 0x5A, sizeof(*r));
    r->size = (uint32_t)sizeof(*r);
    return ipt_triage(profile, inv, r);
}

static int
has_reason(const struct ipt_triage_candidate *c, enum ipt_triage_reason r)
{
    return (c->reasons & (UINT32_C(1) << (unsigned)r)) != 0;
}

static void
assert_contains(const char *text, const char *part)
{
    if (strstr(text, part) == NULL)
        fail_msg("\"%s\" does not contain \"%s\"", text, part);
}

/* Candidates past count are zero. */
static void
assert_tail_zero(const struct ipt_triage_result *r)
{
    static const struct ipt_triage_candidate zero;

    for (uint32_t i = r->count; i < IPT_TRIAGE_MAX_CANDIDATES; i++)
        assert_memory_equal(&r->candidates[i], &zero, sizeof(zero));
}

/* Two supportive, reciprocal, unchanged relationships: the background of
 * most cases, so that deficits does not apply. */
#define FRIENDS                                                            \
    PERSON(REL(FRIEND), 3, 3, 3, 0, REC(RECIPROCAL), CHG(NONE)),           \
        PERSON(REL(SIBLING), 3, 2, 3, 1, REC(RECIPROCAL), CHG(NONE))

/* ---- grief -------------------------------------------------------------- */

static void
test_death_near_onset_is_grief(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARENT), 4, 3, 3, 0, REC(RECIPROCAL), CHG(ENDED)),
        FRIENDS,
    };
    /* Two months before onset. */
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_DEATH, 0, 2025, 4, 15),
    };
    struct ipt_inventory inv = inventory(people, 3, events, 1);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.size, sizeof(r));
    assert_int_equal(r.verdict, IPT_TRIAGE_FOCUS_FOUND);
    assert_int_equal(r.reserved, 0);
    /* The parent's relationship "ended" by death: not a transition. */
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_DEATH_NEAR_ONSET));
    assert_int_equal(r.candidates[0].score, 100);
    assert_int_equal(r.candidates[0].suggested_stage, 0);
    assert_tail_zero(&r);
    assert_contains(r.message, "grief (death near onset)");
}

static void
test_death_score_follows_closeness(void **state)
{
    struct ipt_person people[] = {
        PERSON(REL(RELATIVE), 0, 0, 0, 0, REC(RECIPROCAL), CHG(NONE)),
        FRIENDS,
    };
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_DEATH, 0, 2025, 4, 15),
    };
    const struct ipt_life_event unnamed[] = {
        EVENT(IPT_LIFE_DEATH, -1, 2025, 4, 15),
    };
    struct ipt_inventory inv = inventory(people, 3, events, 1);
    struct ipt_triage_result r;

    (void)state;
    for (int32_t c = 0; c <= 4; c++) {
        people[0].closeness = c;
        assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
        assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
        assert_int_equal(r.candidates[0].score, (uint32_t)(80 + 5 * c));
    }
    inv = inventory(people, 3, unnamed, 1);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].score, 90);
}

static void
test_earlier_death(void **state)
{
    struct ipt_person people[] = {
        PERSON(REL(PARTNER), 4, 0, 0, 0, REC(RECIPROCAL), CHG(NONE)),
        FRIENDS,
    };
    /* Two and a half years before onset. */
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_DEATH, 0, 2022, 12, 1),
    };
    struct ipt_inventory inv = inventory(people, 3, events, 1);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_EARLIER_DEATH));
    assert_false(has_reason(&r.candidates[0], IPT_TRIAGE_DEATH_NEAR_ONSET));
    assert_int_equal(r.candidates[0].score, 55);

    people[0].closeness = 3;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].score, 50);

    /* Not close: no grief, and the friends leave no focus. */
    people[0].closeness = 2;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_int_equal(r.count, 0);
}

/* Several deaths: the strongest gives the score, in whichever order they
 * are listed, and each kind adds its reason. */
static void
test_several_deaths(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARENT), 4, 2, 3, 0, REC(RECIPROCAL), CHG(NONE)),
        PERSON(REL(RELATIVE), 1, 0, 0, 0, REC(RECIPROCAL), CHG(NONE)),
        PERSON(REL(PARTNER), 4, 0, 0, 0, REC(RECIPROCAL), CHG(NONE)),
        FRIENDS,
    };
    const struct ipt_life_event close_first[] = {
        EVENT(IPT_LIFE_DEATH, 0, 2025, 4, 15),  /* near, closeness 4: 100 */
        EVENT(IPT_LIFE_DEATH, 1, 2025, 5, 1),   /* near, closeness 1: 85 */
    };
    const struct ipt_life_event close_last[] = {
        EVENT(IPT_LIFE_DEATH, 1, 2025, 5, 1),
        EVENT(IPT_LIFE_DEATH, 0, 2025, 4, 15),
    };
    const struct ipt_life_event both_kinds[] = {
        EVENT(IPT_LIFE_DEATH, 1, 2025, 5, 1),   /* near: 85 */
        EVENT(IPT_LIFE_DEATH, 2, 2022, 12, 1),  /* earlier, closeness 4: 55 */
    };
    struct ipt_triage_result r;
    struct ipt_inventory inv = inventory(people, 5, close_first, 2);

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_int_equal(r.candidates[0].score, 100);
    assert_int_equal(r.candidates[0].reasons,
                     UINT32_C(1) << IPT_TRIAGE_DEATH_NEAR_ONSET);
    inv = inventory(people, 5, close_last, 2);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].score, 100);
    inv = inventory(people, 5, both_kinds, 2);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_int_equal(r.candidates[0].score, 85);
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_DEATH_NEAR_ONSET));
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_EARLIER_DEATH));
    assert_contains(r.message, "grief (death near onset, earlier death)");
}

/* The window runs from 365 days before onset to 30 days after it. */
static void
test_near_onset_window(void **state)
{
    static const struct {
        int32_t y, m, d;
        int grief;
        enum ipt_triage_reason reason;
    } cases[] = {
        { 2024, 6, 15, 1, IPT_TRIAGE_DEATH_NEAR_ONSET }, /* -365 */
        { 2024, 6, 14, 1, IPT_TRIAGE_EARLIER_DEATH },    /* -366 */
        { 2025, 6, 15, 1, IPT_TRIAGE_DEATH_NEAR_ONSET }, /* 0 */
        { 2025, 7, 15, 1, IPT_TRIAGE_DEATH_NEAR_ONSET }, /* +30 */
        { 2025, 7, 16, 0, IPT_TRIAGE_DEATH_NEAR_ONSET }, /* +31 */
    };
    const struct ipt_person people[] = {
        PERSON(REL(PARENT), 3, 2, 2, 0, REC(RECIPROCAL), CHG(NONE)),
        FRIENDS,
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ipt_life_event ev =
            EVENT(IPT_LIFE_DEATH, 0, cases[i].y, cases[i].m, cases[i].d);
        struct ipt_inventory inv = inventory(people, 3, &ev, 1);
        struct ipt_triage_result r;

        assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
        if (!cases[i].grief) {
            assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
            continue;
        }
        assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
        assert_true(has_reason(&r.candidates[0], cases[i].reason));
    }
}

/* ---- role dispute ------------------------------------------------------- */

static void
test_active_dispute_renegotiation(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARTNER), 3, 4, 1, 4, REC(NON_RECIPROCAL), CHG(WORSE)),
        FRIENDS,
    };
    struct ipt_inventory inv = inventory(people, 3, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_FOCUS_FOUND);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_DISPUTE);
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_ACTIVE_DISPUTE));
    assert_int_equal(r.candidates[0].score, 85);
    assert_int_equal(r.candidates[0].suggested_stage,
                     IPT_DISPUTE_RENEGOTIATION);
    assert_tail_zero(&r);
    assert_contains(r.message, "role dispute");
    assert_contains(r.message, "renegotiation");
}

static void
test_dispute_low_contact_is_impasse(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARTNER), 3, 1, 1, 3, REC(NON_RECIPROCAL), CHG(WORSE)),
        FRIENDS,
    };
    struct ipt_inventory inv = inventory(people, 3, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_DISPUTE);
    assert_int_equal(r.candidates[0].score, 80);
    assert_int_equal(r.candidates[0].suggested_stage, IPT_DISPUTE_IMPASSE);
    assert_contains(r.message, "impasse");
}

static void
test_ended_relationship_is_dissolution(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARTNER), 2, 0, 0, 4, REC(NON_RECIPROCAL), CHG(ENDED)),
        FRIENDS,
    };
    struct ipt_inventory inv = inventory(people, 3, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    /* The dispute, staged as dissolution, and the ended relationship as a
     * transition. */
    assert_int_equal(r.count, 2);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_DISPUTE);
    assert_int_equal(r.candidates[0].suggested_stage,
                     IPT_DISPUTE_DISSOLUTION);
    assert_int_equal(r.candidates[1].area, IPT_AREA_ROLE_TRANSITION);
    assert_true(
        has_reason(&r.candidates[1], IPT_TRIAGE_RELATIONSHIP_CHANGED));
    assert_int_equal(r.candidates[1].score, 60);
    assert_int_equal(r.candidates[1].suggested_stage, 0);
    assert_contains(r.message, "dissolution");
}

static void
test_not_a_dispute(void **state)
{
    /* Conflict without non-reciprocity, non-reciprocity without conflict,
     * and a distant person: none is an active dispute. */
    const struct ipt_person people[] = {
        PERSON(REL(PARENT), 3, 3, 2, 4, REC(RECIPROCAL), CHG(NONE)),
        PERSON(REL(COWORKER), 1, 3, 1, 2, REC(NON_RECIPROCAL), CHG(NONE)),
        PERSON(REL(RELATIVE), 1, 1, 0, 4, REC(NON_RECIPROCAL), CHG(NONE)),
        FRIENDS,
    };
    struct ipt_inventory inv = inventory(people, 5, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_int_equal(r.count, 0);
}

static void
test_dispute_near_onset(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARTNER), 3, 4, 1, 3, REC(NON_RECIPROCAL), CHG(WORSE)),
        PERSON(REL(PARENT), 3, 3, 3, 0, REC(UNKNOWN), CHG(NONE)),
        FRIENDS,
    };
    struct ipt_life_event ev = EVENT(IPT_LIFE_DISPUTE_START, 0, 2025, 3, 1);
    struct ipt_inventory inv = inventory(people, 4, &ev, 1);
    struct ipt_triage_result r;

    (void)state;
    /* Named person with an active dispute: 80 + 15. */
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_DISPUTE);
    assert_int_equal(r.candidates[0].score, 95);
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_ACTIVE_DISPUTE));
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_DISPUTE_NEAR_ONSET));
    assert_contains(r.message, "dispute near onset");

    /* Nobody named: it raises the active dispute too. */
    ev.person = -1;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].score, 95);

    /* Named person whose ratings show no active dispute: 60, staged from
     * that person's ratings; the active dispute still ranks first. */
    ev.person = 1;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].score, 80);
    assert_int_equal(r.candidates[0].suggested_stage,
                     IPT_DISPUTE_RENEGOTIATION);
    assert_false(has_reason(&r.candidates[0], IPT_TRIAGE_DISPUTE_NEAR_ONSET));

    /* Only the event: a candidate of 60 without a stage. */
    ev.person = -1;
    inv = inventory(people + 2, 2, &ev, 1);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_DISPUTE);
    assert_int_equal(r.candidates[0].score, 60);
    assert_int_equal(r.candidates[0].reasons,
                     UINT32_C(1) << IPT_TRIAGE_DISPUTE_NEAR_ONSET);
    assert_int_equal(r.candidates[0].suggested_stage, 0);

    /* Long before onset it adds nothing. */
    ev = (struct ipt_life_event)EVENT(IPT_LIFE_DISPUTE_START, -1, 2020, 1, 1);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
}

/* ---- role transition ---------------------------------------------------- */

static void
test_job_loss_is_transition(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(COWORKER), 2, 1, 2, 1, REC(RECIPROCAL), CHG(WORSE)),
        FRIENDS,
    };
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_ROLE_CHANGE, -1, 2025, 5, 2),
    };
    struct ipt_inventory inv = inventory(people, 3, events, 1);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_TRANSITION);
    assert_int_equal(r.candidates[0].score, 80);
    assert_int_equal(r.candidates[0].reasons,
                     UINT32_C(1) << IPT_TRIAGE_ROLE_CHANGE_NEAR_ONSET);
    assert_contains(r.message, "role transition (role change near onset)");
}

static void
test_transition_with_new_relationship(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(CHILD), 4, 4, 1, 0, REC(RECIPROCAL), CHG(NEW)),
        FRIENDS,
    };
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_ROLE_CHANGE, 0, 2025, 1, 20),
    };
    struct ipt_inventory inv = inventory(people, 3, events, 1);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_TRANSITION);
    assert_int_equal(r.candidates[0].score, 85);
    assert_true(
        has_reason(&r.candidates[0], IPT_TRIAGE_ROLE_CHANGE_NEAR_ONSET));
    assert_true(
        has_reason(&r.candidates[0], IPT_TRIAGE_RELATIONSHIP_CHANGED));
}

/* ---- interpersonal deficits --------------------------------------------- */

static const struct ipt_person few_close[] = {
    PERSON(REL(SIBLING), 2, 1, 1, 1, REC(RECIPROCAL), CHG(NONE)),
    PERSON(REL(COWORKER), 1, 3, 1, 0, REC(RECIPROCAL), CHG(NONE)),
    PERSON(REL(PARENT), 3, 1, 2, 1, REC(NON_RECIPROCAL), CHG(NONE)),
};

static void
test_deficits_alone(void **state)
{
    struct ipt_inventory inv = inventory(few_close, 3, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_FOCUS_FOUND);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_INTERPERSONAL_DEFICITS);
    assert_true(
        has_reason(&r.candidates[0], IPT_TRIAGE_FEW_CLOSE_RELATIONSHIPS));
    assert_true(has_reason(&r.candidates[0], IPT_TRIAGE_NO_OTHER_AREA));
    /* One close, supportive relationship (the parent). */
    assert_int_equal(r.candidates[0].score, 60);
    assert_int_equal(r.candidates[0].suggested_stage, 0);
    assert_tail_zero(&r);
    assert_contains(r.message, "interpersonal deficits");

    /* None at all. */
    inv = inventory(few_close, 2, NULL, 0);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].area, IPT_AREA_INTERPERSONAL_DEFICITS);
    assert_int_equal(r.candidates[0].score, 65);
}

static void
test_deficits_never_paired(void **state)
{
    struct ipt_profile *wide = custom("four_areas", 4, IPT_AREAS_ALL);
    struct ipt_person people[4];
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_DEATH, -1, 2025, 5, 1),
        EVENT(IPT_LIFE_ROLE_CHANGE, -1, 2025, 5, 1),
        EVENT(IPT_LIFE_DISPUTE_START, -1, 2025, 5, 1),
    };
    struct ipt_triage_result r;

    (void)state;
    memcpy(people, few_close, sizeof(few_close));
    people[3] = (struct ipt_person)PERSON(REL(PARTNER), 1, 2, 0, 4,
                                          REC(NON_RECIPROCAL), CHG(WORSE));
    /* Each other area on its own, then all three: never deficits. */
    for (uint32_t n = 1; n <= 3; n++) {
        struct ipt_inventory inv = inventory(people, 3, &events[n - 1], 1);

        assert_int_equal(triage(wide, &inv, &r), IPT_OK);
        assert_int_equal(r.count, 1);
        assert_int_not_equal(r.candidates[0].area,
                             IPT_AREA_INTERPERSONAL_DEFICITS);
    }
    {
        struct ipt_inventory inv = inventory(people, 4, events, 3);

        assert_int_equal(triage(wide, &inv, &r), IPT_OK);
        assert_int_equal(r.count, 3);
        for (uint32_t i = 0; i < r.count; i++)
            assert_int_not_equal(r.candidates[i].area,
                                 IPT_AREA_INTERPERSONAL_DEFICITS);
    }
    ipt_profile_free(wide);
}

/* ---- ranking and the profile -------------------------------------------- */

static const struct ipt_person death_and_dispute_people[] = {
    PERSON(REL(PARENT), 4, 2, 3, 0, REC(RECIPROCAL), CHG(ENDED)),
    PERSON(REL(PARTNER), 3, 4, 1, 3, REC(NON_RECIPROCAL), CHG(WORSE)),
    FRIENDS,
};
static const struct ipt_life_event death_and_dispute_events[] = {
    EVENT(IPT_LIFE_DEATH, 0, 2025, 3, 3),
};

static void
test_death_and_dispute_ranked(void **state)
{
    struct ipt_inventory inv =
        inventory(death_and_dispute_people, 4, death_and_dispute_events, 1);
    struct ipt_profile *one = custom("one_focus", 1, IPT_AREAS_ALL);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_int_equal(r.candidates[1].area, IPT_AREA_ROLE_DISPUTE);
    assert_true(r.candidates[0].score > r.candidates[1].score);
    assert_int_equal(r.candidates[1].suggested_stage,
                     IPT_DISPUTE_RENEGOTIATION);
    assert_tail_zero(&r);
    assert_contains(r.message, "grief");
    assert_contains(r.message, "role dispute");

    assert_int_equal(triage(one, &inv, &r), IPT_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_tail_zero(&r);
    assert_contains(r.message, "1 more beyond the profile's limit of 1");
    ipt_profile_free(one);
}

static void
test_ties_rank_by_area(void **state)
{
    /* An unnamed death long ago adds nothing; an ended relationship (60)
     * and a dispute begun near onset with nobody active (60) tie. */
    const struct ipt_person people[] = {
        PERSON(REL(FRIEND), 2, 1, 1, 0, REC(RECIPROCAL), CHG(ENDED)),
        FRIENDS,
    };
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_DEATH, -1, 2001, 1, 1),
        EVENT(IPT_LIFE_DISPUTE_START, -1, 2025, 6, 1),
    };
    struct ipt_inventory inv = inventory(people, 3, events, 2);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.candidates[0].score, r.candidates[1].score);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_DISPUTE);
    assert_int_equal(r.candidates[1].area, IPT_AREA_ROLE_TRANSITION);
}

static void
test_profile_disallowing_grief(void **state)
{
    uint32_t no_grief = IPT_AREAS_ALL & ~IPT_AREA_BIT(IPT_AREA_GRIEF);
    struct ipt_profile *p = custom("no_grief", 2, no_grief);
    struct ipt_inventory inv =
        inventory(death_and_dispute_people, 4, death_and_dispute_events, 1);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(p, &inv, &r), IPT_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_ROLE_DISPUTE);
    assert_tail_zero(&r);
    assert_contains(r.message, "left out: grief");
    assert_contains(r.message, "no_grief");

    /* Only the death: no focus, and no deficits either (grief applies,
     * the profile just does not allow it). */
    inv = inventory(death_and_dispute_people, 1, death_and_dispute_events,
                    1);
    assert_int_equal(triage(p, &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_int_equal(r.count, 0);
    assert_tail_zero(&r);
    assert_contains(r.message, "grief");
    assert_contains(r.message, "not allowed");
    ipt_profile_free(p);
}

static void
test_profile_disallowing_deficits(void **state)
{
    uint32_t three = IPT_AREAS_ALL &
                     ~IPT_AREA_BIT(IPT_AREA_INTERPERSONAL_DEFICITS);
    struct ipt_profile *p = custom("three_areas", 1, three);
    struct ipt_inventory inv = inventory(few_close, 3, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(p, &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_int_equal(r.count, 0);
    assert_contains(r.message, "interpersonal deficits");
    ipt_profile_free(p);
}

/* The summary is cut to the 191 bytes the result holds, and still ends
 * with a NUL: two candidates with every reason they can have, and an area
 * left out by a profile with the longest name. */
static void
test_message_cut_to_fit(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARENT), 4, 2, 3, 0, REC(RECIPROCAL), CHG(NONE)),
        PERSON(REL(PARTNER), 4, 0, 0, 0, REC(RECIPROCAL), CHG(NONE)),
        PERSON(REL(SIBLING), 3, 4, 1, 4, REC(NON_RECIPROCAL), CHG(WORSE)),
        PERSON(REL(FRIEND), 3, 3, 3, 0, REC(RECIPROCAL), CHG(NEW)),
    };
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_DEATH, 0, 2025, 4, 15),
        EVENT(IPT_LIFE_DEATH, 1, 2022, 12, 1),
        EVENT(IPT_LIFE_DISPUTE_START, 2, 2025, 5, 1),
        EVENT(IPT_LIFE_ROLE_CHANGE, -1, 2025, 3, 1),
    };
    char name[IPT_PROFILE_NAME_MAX + 1];
    char want[512];
    struct ipt_profile *p;
    struct ipt_inventory inv = inventory(people, 4, events, 4);
    struct ipt_triage_result r;

    (void)state;
    memset(name, 'n', IPT_PROFILE_NAME_MAX);
    name[IPT_PROFILE_NAME_MAX] = '\0';
    p = custom(name, 2, IPT_AREA_BIT(IPT_AREA_GRIEF) |
                            IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE));
    assert_int_equal(triage(p, &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_FOCUS_FOUND);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_int_equal(r.candidates[1].area, IPT_AREA_ROLE_DISPUTE);
    (void)snprintf(want, sizeof(want),
                   "grief (death near onset, earlier death); role dispute "
                   "(active dispute, dispute near onset; suggested stage "
                   "%s); left out: role transition (not allowed by "
                   "profile \"%s\")",
                   ipt_dispute_stage_name((enum ipt_dispute_stage)
                                              r.candidates[1]
                                                  .suggested_stage),
                   name);
    assert_true(strlen(want) >= sizeof(r.message));
    assert_int_equal(strlen(r.message), sizeof(r.message) - 1);
    assert_memory_equal(r.message, want, sizeof(r.message) - 1);
    ipt_profile_free(p);
}

/* ---- no clear focus ----------------------------------------------------- */

static void
test_empty_inventory(void **state)
{
    struct ipt_inventory inv = inventory(NULL, 0, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.reserved, 0);
    assert_tail_zero(&r);
    assert_contains(r.message, "inventory");
    assert_contains(r.message, "no people recorded");
}

static void
test_mostly_unexplored(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARTNER), 3, 3, 1, 2, REC(UNKNOWN), CHG(NONE)),
        PERSON(REL(PARENT), 2, 1, 1, 0, REC(RECIPROCAL), CHG(UNKNOWN)),
        PERSON(REL(FRIEND), 1, 1, 1, 0, REC(RECIPROCAL), CHG(NONE)),
    };
    struct ipt_inventory inv = inventory(people, 3, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_int_equal(r.count, 0);
    assert_contains(r.message, "complete the inventory");
    assert_contains(r.message, "2 of 3");

    /* Half unexplored is not "mostly": deficits applies. */
    inv = inventory(people + 1, 2, NULL, 0);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.candidates[0].area, IPT_AREA_INTERPERSONAL_DEFICITS);
}

static void
test_good_support_nothing_else(void **state)
{
    const struct ipt_person people[] = { FRIENDS };
    struct ipt_inventory inv = inventory(people, 2, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_int_equal(r.count, 0);
    assert_contains(r.message, "2 close, supportive relationships");
}

/* "person" for one, "people" for any other count. */
static void
test_one_person_wording(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARTNER), 3, 3, 1, 2, REC(UNKNOWN), CHG(NONE)),
        FRIENDS,
    };
    struct ipt_life_event ev = EVENT(IPT_LIFE_DEATH, 1, 2025, 4, 15);
    struct ipt_inventory inv = inventory(people, 1, NULL, 0);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_contains(r.message, "for 1 of 1 person)");

    inv = inventory(people, 1, &ev, 1);
    assert_int_equal(triage(standard(), &inv, &r), IPT_ERR_OUT_OF_RANGE);
    assert_contains(r.message, "(1 person; -1 means nobody listed)");
    ev.person = 3;
    inv = inventory(people, 3, &ev, 1);
    assert_int_equal(triage(standard(), &inv, &r), IPT_ERR_OUT_OF_RANGE);
    assert_contains(r.message, "(3 people; -1 means nobody listed)");
}

static void
test_only_people_who_died(void **state)
{
    /* A death more than 30 days after onset is outside every rule. */
    const struct ipt_person people[] = {
        PERSON(REL(PARENT), 4, 2, 3, 0, REC(RECIPROCAL), CHG(ENDED)),
    };
    struct ipt_life_event ev = EVENT(IPT_LIFE_DEATH, 0, 2025, 9, 1);
    struct ipt_inventory inv = inventory(people, 1, &ev, 1);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
    assert_contains(r.message, "only people who died");
}

/* ---- validation --------------------------------------------------------- */

enum mutation {
    M_ONSET_FEB29, M_EVENT_FEB30, M_EVENT_MONTH13, M_EVENT_DAY0,
    M_EVENT_YEAR1899, M_EVENT_YEAR2201, M_ONSET_APR31,
    M_REL_99, M_REL_0, M_RECIPROCITY_0, M_RECIPROCITY_4, M_CHANGE_7,
    M_EVENT_TYPE_4, M_EVENT_TYPE_0,
    M_CLOSENESS_5, M_CLOSENESS_NEG, M_CONTACT_5, M_SUPPORT_NEG,
    M_CONFLICT_5, M_CLOSENESS_7,
    M_PERSON_NEG2, M_PERSON_COUNT,
    M_PEOPLE_257, M_EVENTS_257, M_PEOPLE_NULL, M_EVENTS_NULL,
    M_INV_RESERVED, M_INV_RESERVED2,
    M_PERSON_RESERVED, M_EVENT_RESERVED,
    M_INV_SIZE_SMALL, M_INV_SIZE_ZERO
};

static const struct {
    enum mutation m;
    enum ipt_status status;
    const char *message;
} validation_cases[] = {
    { M_ONSET_FEB29, IPT_ERR_OUT_OF_RANGE,
      "onset 2025-02-29 is not a valid date; February 2025 has 28 days" },
    { M_EVENT_FEB30, IPT_ERR_OUT_OF_RANGE,
      "events[0].date 2025-02-30 is not a valid date" },
    { M_EVENT_MONTH13, IPT_ERR_OUT_OF_RANGE,
      "events[1].date 2024-13-01 is not a valid date; months run from 1" },
    { M_EVENT_DAY0, IPT_ERR_OUT_OF_RANGE,
      "events[0].date 2025-03-00 is not a valid date" },
    { M_EVENT_YEAR1899, IPT_ERR_OUT_OF_RANGE,
      "events[0].date 1899-12-31 is not a valid date; years run from 1900" },
    { M_EVENT_YEAR2201, IPT_ERR_OUT_OF_RANGE,
      "events[0].date 2201-01-01 is not a valid date; years run from 1900 "
      "to 2200" },
    { M_ONSET_APR31, IPT_ERR_OUT_OF_RANGE,
      "onset 2025-04-31 is not a valid date; April 2025 has 30 days" },
    { M_REL_99, IPT_ERR_OUT_OF_RANGE, "people[1].relationship 99 is unknown" },
    { M_REL_0, IPT_ERR_OUT_OF_RANGE, "people[0].relationship 0 is unknown" },
    { M_RECIPROCITY_0, IPT_ERR_OUT_OF_RANGE,
      "people[2].reciprocity 0 is unknown" },
    { M_RECIPROCITY_4, IPT_ERR_OUT_OF_RANGE,
      "people[0].reciprocity 4 is unknown" },
    { M_CHANGE_7, IPT_ERR_OUT_OF_RANGE, "people[1].change 7 is unknown" },
    { M_EVENT_TYPE_4, IPT_ERR_OUT_OF_RANGE, "events[1].type 4 is unknown" },
    { M_EVENT_TYPE_0, IPT_ERR_OUT_OF_RANGE, "events[0].type 0 is unknown" },
    { M_CLOSENESS_5, IPT_ERR_OUT_OF_RANGE,
      "people[2].closeness is 5; ratings run from 0 to 4" },
    { M_CLOSENESS_NEG, IPT_ERR_OUT_OF_RANGE,
      "people[0].closeness is -1; ratings run from 0 to 4" },
    { M_CONTACT_5, IPT_ERR_OUT_OF_RANGE,
      "people[1].contact is 5; ratings run from 0 to 4" },
    { M_SUPPORT_NEG, IPT_ERR_OUT_OF_RANGE,
      "people[1].support is -1; ratings run from 0 to 4" },
    { M_CONFLICT_5, IPT_ERR_OUT_OF_RANGE,
      "people[0].conflict is 5; ratings run from 0 to 4" },
    { M_CLOSENESS_7, IPT_ERR_OUT_OF_RANGE,
      "people[2].closeness is 7; ratings run from 0 to 4" },
    { M_PERSON_NEG2, IPT_ERR_OUT_OF_RANGE,
      "events[0].person -2 is out of range (3 people" },
    { M_PERSON_COUNT, IPT_ERR_OUT_OF_RANGE,
      "events[1].person 3 is out of range (3 people" },
    { M_PEOPLE_257, IPT_ERR_OUT_OF_RANGE,
      "inventory.person_count is 257; at most 256 people" },
    { M_EVENTS_257, IPT_ERR_OUT_OF_RANGE,
      "inventory.event_count is 257; at most 256 events" },
    { M_PEOPLE_NULL, IPT_ERR_INVALID_ARGUMENT,
      "inventory.people is NULL but person_count is 1" },
    { M_EVENTS_NULL, IPT_ERR_INVALID_ARGUMENT,
      "inventory.events is NULL but event_count is 2" },
    { M_INV_RESERVED, IPT_ERR_INVALID_ARGUMENT,
      "inventory.reserved is 1; it must be 0" },
    { M_INV_RESERVED2, IPT_ERR_INVALID_ARGUMENT,
      "inventory.reserved2 is 3; it must be 0" },
    { M_PERSON_RESERVED, IPT_ERR_INVALID_ARGUMENT,
      "people[2].reserved is 9; it must be 0" },
    { M_EVENT_RESERVED, IPT_ERR_INVALID_ARGUMENT,
      "events[1].reserved is -1; it must be 0" },
    { M_INV_SIZE_SMALL, IPT_ERR_INVALID_ARGUMENT, "inventory.size is" },
    { M_INV_SIZE_ZERO, IPT_ERR_INVALID_ARGUMENT,
      "inventory.size is 0; expected at least" },
};

static struct ipt_person big_people[257];
static struct ipt_life_event big_events[257];

static void
mutate(enum mutation m, struct ipt_inventory *inv, struct ipt_person *p,
       struct ipt_life_event *e)
{
    switch (m) {
    case M_ONSET_FEB29: inv->onset.month = 2; inv->onset.day = 29; break;
    case M_EVENT_FEB30: e[0].date.month = 2; e[0].date.day = 30; break;
    case M_EVENT_MONTH13: e[1].date.month = 13; e[1].date.day = 1; break;
    case M_EVENT_DAY0: e[0].date.month = 3; e[0].date.day = 0; break;
    case M_EVENT_YEAR1899:
        e[0].date.year = 1899; e[0].date.month = 12; e[0].date.day = 31;
        break;
    case M_EVENT_YEAR2201:
        e[0].date.year = 2201; e[0].date.month = 1; e[0].date.day = 1;
        break;
    case M_ONSET_APR31: inv->onset.month = 4; inv->onset.day = 31; break;
    case M_REL_99: p[1].relationship = 99; break;
    case M_REL_0: p[0].relationship = 0; break;
    case M_RECIPROCITY_0: p[2].reciprocity = 0; break;
    case M_RECIPROCITY_4: p[0].reciprocity = 4; break;
    case M_CHANGE_7: p[1].change = 7; break;
    case M_EVENT_TYPE_4: e[1].type = 4; break;
    case M_EVENT_TYPE_0: e[0].type = 0; break;
    case M_CLOSENESS_5: p[2].closeness = 5; break;
    case M_CLOSENESS_NEG: p[0].closeness = -1; break;
    case M_CONTACT_5: p[1].contact = 5; break;
    case M_SUPPORT_NEG: p[1].support = -1; break;
    case M_CONFLICT_5: p[0].conflict = 5; break;
    case M_CLOSENESS_7: p[2].closeness = 7; break;
    case M_PERSON_NEG2: e[0].person = -2; break;
    case M_PERSON_COUNT: e[1].person = 3; break;
    case M_PEOPLE_257: inv->people = big_people; inv->person_count = 257;
        break;
    case M_EVENTS_257: inv->events = big_events; inv->event_count = 257;
        break;
    case M_PEOPLE_NULL: inv->people = NULL; inv->person_count = 1; break;
    case M_EVENTS_NULL: inv->events = NULL; break;
    case M_INV_RESERVED: inv->reserved = 1; break;
    case M_INV_RESERVED2: inv->reserved2 = 3; break;
    case M_PERSON_RESERVED: p[2].reserved = 9; break;
    case M_EVENT_RESERVED: e[1].reserved = -1; break;
    case M_INV_SIZE_SMALL: inv->size = (uint32_t)sizeof(*inv) - 4; break;
    case M_INV_SIZE_ZERO: inv->size = 0; break;
    }
}

/* A failed call writes the message and nothing else. */
static void
assert_only_message_written(const struct ipt_triage_result *before,
                            const struct ipt_triage_result *after)
{
    size_t off = offsetof(struct ipt_triage_result, message);

    assert_memory_equal(before, after, off);
    assert_true(memchr(after->message, '\0', sizeof(after->message)) !=
                NULL);
}

static void
test_validation_errors(void **state)
{
    (void)state;
    for (size_t i = 0;
         i < sizeof(validation_cases) / sizeof(validation_cases[0]); i++) {
        struct ipt_person p[] = {
            PERSON(REL(PARTNER), 3, 4, 1, 4, REC(NON_RECIPROCAL),
                   CHG(WORSE)),
            FRIENDS,
        };
        struct ipt_life_event e[] = {
            EVENT(IPT_LIFE_DEATH, 1, 2025, 3, 3),
            EVENT(IPT_LIFE_ROLE_CHANGE, -1, 2024, 2, 29), /* leap: valid */
        };
        struct ipt_inventory inv = inventory(p, 3, e, 2);
        struct ipt_triage_result before;
        struct ipt_triage_result after;
        enum ipt_status st;

        mutate(validation_cases[i].m, &inv, p, e);
        memset(&before, 0x5A, sizeof(before));
        before.size = (uint32_t)sizeof(before);
        before.count = 7;
        before.verdict = 12345;
        after = before;
        st = ipt_triage(standard(), &inv, &after);
        if (st != validation_cases[i].status)
            fail_msg("case %zu: status %s, expected %s (%s)", i,
                     ipt_status_name(st),
                     ipt_status_name(validation_cases[i].status),
                     after.message);
        assert_only_message_written(&before, &after);
        assert_contains(after.message, validation_cases[i].message);
    }
}

/* 256 people and 256 events, the most an inventory may hold, are
 * accepted (257 are refused above); the last person and the last event
 * count. */
static void
test_inventory_at_the_limit(void **state)
{
    static struct ipt_person people[256];
    static struct ipt_life_event events[256];
    const struct ipt_person friend =
        PERSON(REL(FRIEND), 3, 3, 3, 0, REC(RECIPROCAL), CHG(NONE));
    const struct ipt_life_event old =
        EVENT(IPT_LIFE_ROLE_CHANGE, -1, 2001, 1, 1);
    struct ipt_inventory inv;
    struct ipt_triage_result r;

    (void)state;
    for (size_t i = 0; i < 256; i++) {
        people[i] = friend;
        events[i] = old;
    }
    people[255].closeness = 4;
    events[255] = (struct ipt_life_event)EVENT(IPT_LIFE_DEATH, 255, 2025, 5,
                                               1);
    inv = inventory(people, 256, events, 256);
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
    assert_int_equal(r.verdict, IPT_TRIAGE_FOCUS_FOUND);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.candidates[0].area, IPT_AREA_GRIEF);
    assert_int_equal(r.candidates[0].score, 100);
}

static void
test_leap_years(void **state)
{
    static const struct {
        int32_t y, m, d;
        enum ipt_status st;
    } dates[] = {
        { 2024, 2, 29, IPT_OK },  { 2025, 2, 29, IPT_ERR_OUT_OF_RANGE },
        { 2000, 2, 29, IPT_OK },  { 1900, 2, 29, IPT_ERR_OUT_OF_RANGE },
        { 2100, 2, 29, IPT_ERR_OUT_OF_RANGE },
        { 1900, 1, 1, IPT_OK },   { 2200, 12, 31, IPT_OK },
        { 2025, 12, 31, IPT_OK }, { 2025, 12, 32, IPT_ERR_OUT_OF_RANGE },
        { 2025, 6, 31, IPT_ERR_OUT_OF_RANGE },
        { 2025, 0, 10, IPT_ERR_OUT_OF_RANGE },
        { INT32_MIN, 1, 1, IPT_ERR_OUT_OF_RANGE },
        { 2025, INT32_MAX, 1, IPT_ERR_OUT_OF_RANGE },
        { 2025, 1, INT32_MIN, IPT_ERR_OUT_OF_RANGE },
    };
    const struct ipt_person people[] = { FRIENDS };

    (void)state;
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        struct ipt_life_event ev = EVENT(IPT_LIFE_ROLE_CHANGE, -1,
                                         dates[i].y, dates[i].m, dates[i].d);
        struct ipt_inventory inv = inventory(people, 2, &ev, 1);
        struct ipt_triage_result r;

        assert_int_equal(triage(standard(), &inv, &r), dates[i].st);
        if (dates[i].st != IPT_OK)
            assert_contains(r.message, "events[0].date");
        /* The same date as onset. */
        inv = inventory(people, 2, NULL, 0);
        inv.onset = ev.date;
        assert_int_equal(triage(standard(), &inv, &r), dates[i].st);
        if (dates[i].st != IPT_OK)
            assert_contains(r.message, "onset");
    }
}

static void
test_pointers_and_sizes(void **state)
{
    const struct ipt_person people[] = { FRIENDS };
    struct ipt_inventory inv = inventory(people, 2, NULL, 0);
    struct ipt_triage_result r;
    struct ipt_triage_result before;

    (void)state;
    assert_int_equal(ipt_triage(standard(), &inv, NULL),
                     IPT_ERR_INVALID_ARGUMENT);

    assert_int_equal(triage(NULL, &inv, &r), IPT_ERR_INVALID_ARGUMENT);
    assert_contains(r.message, "profile is NULL");
    assert_int_equal(triage(standard(), NULL, &r), IPT_ERR_INVALID_ARGUMENT);
    assert_contains(r.message, "inventory is NULL");

    /* A result too small for its message: nothing at all is written. */
    memset(&r, 0x5A, sizeof(r));
    r.size = (uint32_t)sizeof(r) - 1;
    before = r;
    assert_int_equal(ipt_triage(standard(), &inv, &r),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_memory_equal(&r, &before, sizeof(r));
    r.size = 0;
    assert_int_equal(ipt_triage(standard(), &inv, &r),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_larger_structs(void **state)
{
    struct {
        struct ipt_inventory inv;
        uint32_t newer_field;
        uint32_t pad;
    } big;
    struct {
        struct ipt_triage_result r;
        uint32_t newer_field;
    } out;
    const struct ipt_person people[] = { FRIENDS };

    (void)state;
    memset(&big, 0, sizeof(big));
    big.inv = inventory(people, 2, NULL, 0);
    big.inv.size = (uint32_t)sizeof(big);
    memset(&out, 0, sizeof(out));
    out.r.size = (uint32_t)sizeof(out);
    out.newer_field = 77;

    /* Unknown zero bytes are fine; the result's unknown tail is left as
     * it was. */
    assert_int_equal(ipt_triage(standard(), &big.inv, &out.r), IPT_OK);
    assert_int_equal(out.r.size, sizeof(out));
    assert_int_equal(out.newer_field, 77);
    assert_int_equal(out.r.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);

    /* A non-zero unknown byte is refused. */
    big.newer_field = 1;
    assert_int_equal(ipt_triage(standard(), &big.inv, &out.r),
                     IPT_ERR_UNSUPPORTED);
    assert_contains(out.r.message, "inventory byte");
    assert_contains(out.r.message, "not zero");
}

/* The first problem found is reported: validation stops there and nothing
 * is scored. */
static void
test_first_error_reported(void **state)
{
    struct ipt_person p[] = {
        PERSON(REL(PARTNER), 9, 4, 1, 4, REC(NON_RECIPROCAL), CHG(WORSE)),
        PERSON(99, 3, 3, 3, 0, REC(RECIPROCAL), CHG(NONE)),
    };
    struct ipt_life_event e = EVENT(IPT_LIFE_DEATH, 5, 2025, 2, 30);
    struct ipt_inventory inv = inventory(p, 2, &e, 1);
    struct ipt_triage_result r;

    (void)state;
    assert_int_equal(triage(standard(), &inv, &r), IPT_ERR_OUT_OF_RANGE);
    assert_contains(r.message, "people[0].closeness is 9");
    p[0].closeness = 1;
    assert_int_equal(triage(standard(), &inv, &r), IPT_ERR_OUT_OF_RANGE);
    assert_contains(r.message, "people[1].relationship 99");
    p[1].relationship = IPT_REL_FRIEND;
    assert_int_equal(triage(standard(), &inv, &r), IPT_ERR_OUT_OF_RANGE);
    assert_contains(r.message, "events[0].person 5 is out of range (2 "
                               "people");
    e.person = 0;
    assert_int_equal(triage(standard(), &inv, &r), IPT_ERR_OUT_OF_RANGE);
    assert_contains(r.message, "events[0].date 2025-02-30");
    e.date.day = 28;
    assert_int_equal(triage(standard(), &inv, &r), IPT_OK);
}

/* ---- names -------------------------------------------------------------- */

static void
test_names(void **state)
{
    static const char *const rels[] = { "partner", "parent", "child",
                                        "sibling", "relative", "friend",
                                        "coworker", "other" };
    static const char *const recs[] = { "reciprocal", "non_reciprocal",
                                        "unknown" };
    static const char *const chgs[] = { "none", "worse", "better",
                                        "ended", "new", "unknown" };
    static const char *const evs[] = { "death", "role_change",
                                       "dispute_start" };
    static const char *const reasons[] = {
        "death_near_onset", "earlier_death", "active_dispute",
        "dispute_near_onset", "role_change_near_onset",
        "relationship_changed", "few_close_relationships", "no_other_area",
        "not_allowed_by_profile",
    };
    static const char *const verdicts[] = { "focus_found",
                                            "no_clear_focus" };

    (void)state;
    for (int32_t i = 0; i < 8; i++) {
        enum ipt_relationship v;

        assert_string_equal(
            ipt_relationship_name((enum ipt_relationship)(i + 1)), rels[i]);
        assert_int_equal(ipt_relationship_from_name(rels[i], &v), IPT_OK);
        assert_int_equal(v, i + 1);
    }
    for (int32_t i = 0; i < 3; i++) {
        enum ipt_reciprocity v;
        enum ipt_life_event_type t;

        assert_string_equal(
            ipt_reciprocity_name((enum ipt_reciprocity)(i + 1)), recs[i]);
        assert_int_equal(ipt_reciprocity_from_name(recs[i], &v), IPT_OK);
        assert_int_equal(v, i + 1);
        assert_string_equal(
            ipt_life_event_type_name((enum ipt_life_event_type)(i + 1)),
            evs[i]);
        assert_int_equal(ipt_life_event_type_from_name(evs[i], &t), IPT_OK);
        assert_int_equal(t, i + 1);
    }
    for (int32_t i = 0; i < 6; i++) {
        enum ipt_change v;

        assert_string_equal(ipt_change_name((enum ipt_change)(i + 1)),
                            chgs[i]);
        assert_int_equal(ipt_change_from_name(chgs[i], &v), IPT_OK);
        assert_int_equal(v, i + 1);
    }
    for (int32_t i = 0; i < 9; i++) {
        enum ipt_triage_reason v;
        const char *text =
            ipt_triage_reason_text((enum ipt_triage_reason)(i + 1));

        assert_string_equal(
            ipt_triage_reason_name((enum ipt_triage_reason)(i + 1)),
            reasons[i]);
        assert_int_equal(ipt_triage_reason_from_name(reasons[i], &v),
                         IPT_OK);
        assert_int_equal(v, i + 1);
        assert_non_null(text);
        assert_true(strlen(text) > 10);
    }
    for (int32_t i = 0; i < 2; i++) {
        enum ipt_triage_verdict v;

        assert_string_equal(
            ipt_triage_verdict_name((enum ipt_triage_verdict)(i + 1)),
            verdicts[i]);
        assert_int_equal(ipt_triage_verdict_from_name(verdicts[i], &v),
                         IPT_OK);
        assert_int_equal(v, i + 1);
    }
}

static void
test_unknown_names(void **state)
{
    enum ipt_relationship rel = IPT_REL_OTHER;
    enum ipt_reciprocity rec = IPT_RECIPROCITY_UNKNOWN;
    enum ipt_change chg = IPT_CHANGE_NONE;
    enum ipt_life_event_type ev = IPT_LIFE_DEATH;
    enum ipt_triage_reason reason = IPT_TRIAGE_NOT_ALLOWED;
    enum ipt_triage_verdict verdict = IPT_TRIAGE_FOCUS_FOUND;

    (void)state;
    assert_null(ipt_relationship_name((enum ipt_relationship)0));
    assert_null(ipt_relationship_name((enum ipt_relationship)9));
    assert_null(ipt_reciprocity_name((enum ipt_reciprocity)0));
    assert_null(ipt_reciprocity_name((enum ipt_reciprocity)4));
    assert_null(ipt_change_name((enum ipt_change)0));
    assert_null(ipt_change_name((enum ipt_change)7));
    assert_null(ipt_life_event_type_name((enum ipt_life_event_type)0));
    assert_null(ipt_life_event_type_name((enum ipt_life_event_type)4));
    assert_null(ipt_triage_reason_name((enum ipt_triage_reason)0));
    assert_null(ipt_triage_reason_name((enum ipt_triage_reason)10));
    assert_null(ipt_triage_reason_text((enum ipt_triage_reason)0));
    assert_null(ipt_triage_reason_text((enum ipt_triage_reason)10));
    assert_null(ipt_triage_verdict_name((enum ipt_triage_verdict)0));
    assert_null(ipt_triage_verdict_name((enum ipt_triage_verdict)3));

    assert_int_equal(ipt_relationship_from_name("Partner", &rel),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_reciprocity_from_name("", &rec),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_change_from_name("same", &chg),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_life_event_type_from_name("birth", &ev),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_triage_reason_from_name("grief", &reason),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_triage_verdict_from_name("focus", &verdict),
                     IPT_ERR_UNKNOWN_NAME);
    /* Untouched on error. */
    assert_int_equal(rel, IPT_REL_OTHER);
    assert_int_equal(rec, IPT_RECIPROCITY_UNKNOWN);
    assert_int_equal(chg, IPT_CHANGE_NONE);
    assert_int_equal(ev, IPT_LIFE_DEATH);
    assert_int_equal(reason, IPT_TRIAGE_NOT_ALLOWED);
    assert_int_equal(verdict, IPT_TRIAGE_FOCUS_FOUND);

    assert_int_equal(ipt_relationship_from_name(NULL, &rel),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_relationship_from_name("partner", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_reciprocity_from_name(NULL, &rec),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_change_from_name("none", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_life_event_type_from_name(NULL, &ev),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_triage_reason_from_name("earlier_death", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_triage_verdict_from_name(NULL, &verdict),
                     IPT_ERR_INVALID_ARGUMENT);
    /* Every conversion refuses a NULL output. */
    assert_int_equal(ipt_reciprocity_from_name("reciprocal", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_life_event_type_from_name("death", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_triage_verdict_from_name("focus_found", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

/* ---- determinism -------------------------------------------------------- */

static void
test_deterministic(void **state)
{
    const struct ipt_person people[] = {
        PERSON(REL(PARENT), 4, 2, 3, 0, REC(RECIPROCAL), CHG(ENDED)),
        PERSON(REL(PARTNER), 3, 1, 1, 4, REC(NON_RECIPROCAL), CHG(WORSE)),
        PERSON(REL(COWORKER), 1, 3, 0, 1, REC(UNKNOWN), CHG(NEW)),
        FRIENDS,
    };
    const struct ipt_life_event events[] = {
        EVENT(IPT_LIFE_DEATH, 0, 2024, 11, 30),
        EVENT(IPT_LIFE_ROLE_CHANGE, 2, 2025, 7, 1),
        EVENT(IPT_LIFE_DISPUTE_START, 1, 2025, 1, 1),
    };
    struct ipt_inventory inv = inventory(people, 5, events, 3);
    struct ipt_profile *wide = custom("all_four", 4, IPT_AREAS_ALL);
    struct ipt_triage_result a;
    struct ipt_triage_result b;

    (void)state;
    memset(&a, 0x00, sizeof(a));
    memset(&b, 0xFF, sizeof(b));
    a.size = b.size = (uint32_t)sizeof(a);
    assert_int_equal(ipt_triage(wide, &inv, &a), IPT_OK);
    assert_int_equal(ipt_triage(wide, &inv, &b), IPT_OK);
    assert_memory_equal(&a, &b, sizeof(a));
    assert_int_equal(a.count, 3);
    for (uint32_t i = 1; i < a.count; i++)
        assert_true(a.candidates[i - 1].score >= a.candidates[i].score);
    for (uint32_t i = 0; i < a.count; i++) {
        assert_true(a.candidates[i].score >= 1);
        assert_true(a.candidates[i].score <= 100);
    }
    /* The input is not modified. */
    assert_int_equal(inv.person_count, 5);
    assert_int_equal(people[0].closeness, 4);
    ipt_profile_free(wide);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_death_near_onset_is_grief),
        cmocka_unit_test(test_death_score_follows_closeness),
        cmocka_unit_test(test_earlier_death),
        cmocka_unit_test(test_near_onset_window),
        cmocka_unit_test(test_several_deaths),
        cmocka_unit_test(test_active_dispute_renegotiation),
        cmocka_unit_test(test_dispute_low_contact_is_impasse),
        cmocka_unit_test(test_ended_relationship_is_dissolution),
        cmocka_unit_test(test_not_a_dispute),
        cmocka_unit_test(test_dispute_near_onset),
        cmocka_unit_test(test_job_loss_is_transition),
        cmocka_unit_test(test_transition_with_new_relationship),
        cmocka_unit_test(test_deficits_alone),
        cmocka_unit_test(test_deficits_never_paired),
        cmocka_unit_test(test_death_and_dispute_ranked),
        cmocka_unit_test(test_ties_rank_by_area),
        cmocka_unit_test(test_profile_disallowing_grief),
        cmocka_unit_test(test_profile_disallowing_deficits),
        cmocka_unit_test(test_message_cut_to_fit),
        cmocka_unit_test(test_empty_inventory),
        cmocka_unit_test(test_mostly_unexplored),
        cmocka_unit_test(test_good_support_nothing_else),
        cmocka_unit_test(test_one_person_wording),
        cmocka_unit_test(test_only_people_who_died),
        cmocka_unit_test(test_validation_errors),
        cmocka_unit_test(test_inventory_at_the_limit),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_pointers_and_sizes),
        cmocka_unit_test(test_larger_structs),
        cmocka_unit_test(test_first_error_reported),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_deterministic),
    };

    return cmocka_run_group_tests_name("triage", tests, NULL, NULL);
}
