/* SPDX-License-Identifier: MIT */
/*
 * Technique selection: clinically sensible rankings, the adjustments, the
 * safety override, determinism, weight tables, names and every error path.
 * Black-box: only the public API.
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

#define ALL_TECHNIQUES 18
#define RBIT(r) (UINT32_C(1) << (unsigned)(r))
#define TBIT(t) IPT_TECHNIQUE_BIT(t)

/* ---- helpers ------------------------------------------------------------ */

static struct ipt_select_context
context(int32_t phase, uint32_t focus, int32_t stage, uint32_t flags)
{
    struct ipt_select_context c;

    memset(&c, 0, sizeof(c));
    c.size = (uint32_t)sizeof(c);
    c.phase = phase;
    c.focus = focus;
    c.dispute_stage = stage;
    c.session = 6;
    c.sessions_remaining = 0; /* not known: no ending-near adjustment */
    c.flags = flags;
    return c;
}

static struct ipt_select_context
middle(enum ipt_area area, int32_t stage, uint32_t flags)
{
    return context(IPT_STATE_MIDDLE, IPT_AREA_BIT(area), stage, flags);
}

/* Runs the selection with room for every technique. */
static uint32_t
select_all(const struct ipt_weights *w, const struct ipt_select_context *c,
           struct ipt_suggestion *out)
{
    uint32_t n = 0;

    assert_int_equal(ipt_select_techniques(w, c, out, ALL_TECHNIQUES, &n),
                     IPT_OK);
    assert_true(n <= ALL_TECHNIQUES);
    return n;
}

/* Position of technique @t in the list, or -1. */
static int
rank_of(const struct ipt_suggestion *s, uint32_t n, enum ipt_technique t)
{
    for (uint32_t i = 0; i < n; i++) {
        if (s[i].technique == (int32_t)t)
            return (int)i;
    }
    return -1;
}

static const struct ipt_suggestion *
find(const struct ipt_suggestion *s, uint32_t n, enum ipt_technique t)
{
    int r = rank_of(s, n, t);

    return r < 0 ? NULL : &s[r];
}

/* Technique @t, which must be in the list. */
static const struct ipt_suggestion *
must_find(const struct ipt_suggestion *s, uint32_t n, enum ipt_technique t)
{
    int r = rank_of(s, n, t);

    if (r < 0) {
        fprintf(stderr, "%s missing from the list\n", ipt_technique_name(t));
        fail();
        r = 0;
    }
    return &s[r];
}

static void
assert_in_top(const struct ipt_select_context *c, enum ipt_technique t,
              int top)
{
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n = select_all(NULL, c, s);
    int r = rank_of(s, n, t);

    if (r < 0 || r >= top) {
        fprintf(stderr, "%s ranked %d, wanted in the top %d\n",
                ipt_technique_name(t), r + 1, top);
        fail();
    }
}

/* Invariants every result must satisfy. */
static void
assert_well_formed(const struct ipt_suggestion *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        assert_true(s[i].technique >= 1 && s[i].technique <= ALL_TECHNIQUES);
        assert_true(s[i].score >= 1 && s[i].score <= 100);
        assert_int_equal(s[i].reserved, 0);
        assert_int_equal(s[i].reasons & ~UINT32_C(0x1FFE), 0);
        assert_true(s[i].reasons != 0);
        if (i > 0) {
            assert_true(s[i - 1].score > s[i].score ||
                        (s[i - 1].score == s[i].score &&
                         s[i - 1].technique < s[i].technique));
        }
    }
}

static int
is_mit_technique(int32_t t)
{
    const struct ipt_technique_info *info = NULL;

    if (t >= IPT_TECHNIQUE_GUIDED_IMAGERY &&
        t <= IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION)
        return 1;
    /* Cross-check against the catalogue's modality. */
    if (ipt_technique_describe((enum ipt_technique)t, &info) == IPT_OK &&
        info != NULL)
        return info->modality == IPT_MODALITY_MIT;
    return 0;
}

/* ---- clinically sensible rankings -------------------------------------- */

static void
test_grief_middle(void **state)
{
    struct ipt_select_context c = middle(IPT_AREA_GRIEF, 0, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n;

    (void)state;
    assert_in_top(&c, IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT, 3);
    assert_in_top(&c, IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION, 3);
    n = select_all(NULL, &c, s);
    assert_well_formed(s, n);
    /* Middle phase: area fit, no dispute stage, no phase-only weight. */
    assert_int_equal(s[0].reasons, RBIT(IPT_REASON_AREA_FIT));
    /* Contract setting and addressing conflict have no weight in grief. */
    assert_null(find(s, n, IPT_TECHNIQUE_CONTRACT_SETTING));
    assert_null(find(s, n, IPT_TECHNIQUE_ADDRESSING_CONFLICT));
    assert_null(find(s, n, IPT_TECHNIQUE_SAFETY_ASSESSMENT));
}

static void
test_dispute_impasse(void **state)
{
    struct ipt_select_context c =
        middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_IMPASSE, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n;

    (void)state;
    assert_in_top(&c, IPT_TECHNIQUE_CLARIFICATION, 3);
    assert_in_top(&c, IPT_TECHNIQUE_COMMUNICATION_ANALYSIS, 3);
    n = select_all(NULL, &c, s);
    assert_well_formed(s, n);
    assert_int_equal(s[0].reasons, RBIT(IPT_REASON_AREA_FIT) |
                                       RBIT(IPT_REASON_DISPUTE_STAGE_FIT));
}

static void
test_dispute_renegotiation(void **state)
{
    struct ipt_select_context c =
        middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_RENEGOTIATION, 0);

    (void)state;
    assert_in_top(&c, IPT_TECHNIQUE_COMMUNICATION_ANALYSIS, 4);
    assert_in_top(&c, IPT_TECHNIQUE_DECISION_ANALYSIS, 4);
    assert_in_top(&c, IPT_TECHNIQUE_ROLE_PLAY, 4);
}

static void
test_dispute_unstaged_and_dissolution(void **state)
{
    struct ipt_select_context c = middle(IPT_AREA_ROLE_DISPUTE, 0, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n;

    (void)state;
    /* Not yet staged: clarify (stage the dispute) first. */
    n = select_all(NULL, &c, s);
    assert_well_formed(s, n);
    assert_int_equal(s[0].technique, IPT_TECHNIQUE_CLARIFICATION);
    assert_int_equal(s[0].reasons, RBIT(IPT_REASON_AREA_FIT));
    assert_in_top(&c, IPT_TECHNIQUE_COMMUNICATION_ANALYSIS, 4);

    /* Dissolution: mourn and move on, like a transition. */
    c = middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_DISSOLUTION, 0);
    assert_in_top(&c, IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT, 2);
    assert_in_top(&c, IPT_TECHNIQUE_DECISION_ANALYSIS, 2);
}

static void
test_role_transition(void **state)
{
    struct ipt_select_context c = middle(IPT_AREA_ROLE_TRANSITION, 0, 0);

    (void)state;
    assert_in_top(&c, IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT, 2);
    assert_in_top(&c, IPT_TECHNIQUE_DECISION_ANALYSIS, 2);
}

static void
test_deficits(void **state)
{
    struct ipt_select_context c =
        middle(IPT_AREA_INTERPERSONAL_DEFICITS, 0, 0);

    (void)state;
    assert_in_top(&c, IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP, 4);
    assert_in_top(&c, IPT_TECHNIQUE_ROLE_PLAY, 4);
    assert_in_top(&c, IPT_TECHNIQUE_COMMUNICATION_ANALYSIS, 4);
}

static void
test_initial_phase(void **state)
{
    struct ipt_select_context c = context(IPT_STATE_INITIAL, 0, 0, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n;

    (void)state;
    assert_in_top(&c, IPT_TECHNIQUE_PSYCHOEDUCATION, 4);
    assert_in_top(&c, IPT_TECHNIQUE_DIRECT_ELICITATION, 4);
    assert_in_top(&c, IPT_TECHNIQUE_CONTRACT_SETTING, 4);
    n = select_all(NULL, &c, s);
    assert_well_formed(s, n);
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(s[i].reasons, RBIT(IPT_REASON_PHASE_WEIGHT));
    /* A focus given in the initial phase does not change the ranking. */
    {
        struct ipt_suggestion s2[ALL_TECHNIQUES];
        uint32_t n2;

        c.focus = IPT_AREA_BIT(IPT_AREA_GRIEF);
        n2 = select_all(NULL, &c, s2);
        assert_int_equal(n2, n);
        assert_memory_equal(s, s2, n * sizeof(s[0]));
    }
}

static void
test_termination(void **state)
{
    struct ipt_select_context c =
        context(IPT_STATE_TERMINATION, IPT_AREA_BIT(IPT_AREA_GRIEF), 0, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    const struct ipt_suggestion *rp;
    uint32_t n;

    (void)state;
    assert_in_top(&c, IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT, 3);
    assert_in_top(&c, IPT_TECHNIQUE_DECISION_ANALYSIS, 3);
    n = select_all(NULL, &c, s);
    assert_well_formed(s, n);
    assert_null(find(s, n, IPT_TECHNIQUE_ROLE_PLAY));

    /* No new role plays, but one already under way continues. */
    c.recent_techniques = TBIT(IPT_TECHNIQUE_ROLE_PLAY);
    n = select_all(NULL, &c, s);
    rp = must_find(s, n, IPT_TECHNIQUE_ROLE_PLAY);
    assert_true(rp->reasons & RBIT(IPT_REASON_CONTINUES_RECENT_WORK));
    assert_true(rp->reasons & RBIT(IPT_REASON_PHASE_WEIGHT));
    assert_true(rp->score <= 35);

    /* Other recent techniques are not adjusted in termination. */
    {
        struct ipt_suggestion s2[ALL_TECHNIQUES];
        uint32_t n2;

        c.recent_techniques = TBIT(IPT_TECHNIQUE_PSYCHOEDUCATION) |
                              TBIT(IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT);
        n2 = select_all(NULL, &c, s2);
        c.recent_techniques = 0;
        n = select_all(NULL, &c, s);
        assert_int_equal(n, n2);
        assert_memory_equal(s, s2, n * sizeof(s[0]));
    }
}

static void
test_two_focal_areas(void **state)
{
    struct ipt_select_context both =
        context(IPT_STATE_MIDDLE,
                IPT_AREA_BIT(IPT_AREA_GRIEF) |
                    IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE),
                IPT_DISPUTE_IMPASSE, 0);
    struct ipt_select_context grief = middle(IPT_AREA_GRIEF, 0, 0);
    struct ipt_select_context impasse =
        middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_IMPASSE, 0);
    struct ipt_suggestion sb[ALL_TECHNIQUES], sg[ALL_TECHNIQUES],
        si[ALL_TECHNIQUES];
    uint32_t nb, ng, ni;

    (void)state;
    nb = select_all(NULL, &both, sb);
    ng = select_all(NULL, &grief, sg);
    ni = select_all(NULL, &impasse, si);
    assert_well_formed(sb, nb);
    for (int32_t t = 1; t <= ALL_TECHNIQUES; t++) {
        const struct ipt_suggestion *b;
        const struct ipt_suggestion *g = find(sg, ng, (enum ipt_technique)t);
        const struct ipt_suggestion *i = find(si, ni, (enum ipt_technique)t);
        uint32_t want = 0, from_stage = 0;

        if (g != NULL && g->score > want)
            want = g->score;
        if (i != NULL && i->score > want)
            want = i->score;
        if (i != NULL)
            from_stage = i->score;
        if (want == 0) {
            assert_null(find(sb, nb, (enum ipt_technique)t));
            continue;
        }
        b = must_find(sb, nb, (enum ipt_technique)t);
        assert_int_equal(b->score, want);
        assert_true(b->reasons & RBIT(IPT_REASON_AREA_FIT));
        if (from_stage == want)
            assert_true(b->reasons & RBIT(IPT_REASON_DISPUTE_STAGE_FIT));
        else
            assert_false(b->reasons & RBIT(IPT_REASON_DISPUTE_STAGE_FIT));
    }
    /* Encouragement of affect comes from grief; clarification from the
     * impasse. */
    assert_false(must_find(sb, nb, IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT)->reasons &
                 RBIT(IPT_REASON_DISPUTE_STAGE_FIT));
    assert_true(must_find(sb, nb, IPT_TECHNIQUE_CLARIFICATION)->reasons &
                RBIT(IPT_REASON_DISPUTE_STAGE_FIT));
}

static void
test_stage_without_dispute_focus(void **state)
{
    /* After dissolution the course's focus is a role transition while the
     * stage stays "dissolution": the stage is then ignored. */
    struct ipt_select_context staged =
        middle(IPT_AREA_ROLE_TRANSITION, IPT_DISPUTE_DISSOLUTION, 0);
    struct ipt_select_context plain = middle(IPT_AREA_ROLE_TRANSITION, 0, 0);
    struct ipt_suggestion a[ALL_TECHNIQUES], b[ALL_TECHNIQUES];
    uint32_t na, nb;

    (void)state;
    na = select_all(NULL, &staged, a);
    nb = select_all(NULL, &plain, b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na * sizeof(a[0]));
}

/* ---- MIT ---------------------------------------------------------------- */

static void
test_mit_never_without_flag(void **state)
{
    static const int32_t phases[] = { IPT_STATE_INITIAL, IPT_STATE_MIDDLE,
                                      IPT_STATE_TERMINATION };
    static const uint32_t other_flags[] = {
        0, IPT_SELECT_PD_FEATURES,
        IPT_SELECT_PD_FEATURES | IPT_SELECT_SAFETY_ITEM9 |
            IPT_SELECT_NONRESPONSE | IPT_SELECT_GROUP |
            IPT_SELECT_ADOLESCENT,
    };
    unsigned checked = 0;

    (void)state;
    for (size_t p = 0; p < sizeof(phases) / sizeof(phases[0]); p++) {
        for (uint32_t focus = 0; focus <= IPT_AREAS_ALL; focus++) {
            if ((focus & ~IPT_AREAS_ALL) != 0)
                continue;
            if (phases[p] == IPT_STATE_MIDDLE && focus == 0)
                continue;
            for (int32_t stage = 0; stage <= IPT_DISPUTE_DISSOLUTION;
                 stage++) {
                for (size_t f = 0;
                     f < sizeof(other_flags) / sizeof(other_flags[0]); f++) {
                    struct ipt_select_context c =
                        context(phases[p], focus, stage, other_flags[f]);
                    struct ipt_suggestion s[ALL_TECHNIQUES];
                    uint32_t n;

                    c.recent_techniques = UINT32_C(0x7FFFE);
                    n = select_all(NULL, &c, s);
                    assert_well_formed(s, n);
                    for (uint32_t i = 0; i < n; i++) {
                        assert_false(is_mit_technique(s[i].technique));
                        assert_false(s[i].reasons &
                                     RBIT(IPT_REASON_MIT_ENABLED));
                    }
                    checked++;
                }
            }
        }
    }
    assert_true(checked > 100);
}

static void
test_mit_with_flag(void **state)
{
    struct ipt_select_context c = middle(IPT_AREA_GRIEF, 0,
                                         IPT_SELECT_ALLOW_MIT);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n, mit = 0;

    (void)state;
    n = select_all(NULL, &c, s);
    assert_well_formed(s, n);
    for (uint32_t i = 0; i < n; i++) {
        if (is_mit_technique(s[i].technique)) {
            mit++;
            assert_true(s[i].reasons & RBIT(IPT_REASON_MIT_ENABLED));
            assert_true(s[i].reasons & RBIT(IPT_REASON_AREA_FIT));
        } else {
            assert_false(s[i].reasons & RBIT(IPT_REASON_MIT_ENABLED));
        }
    }
    assert_int_equal(mit, 6);
    /* MIT supplements IPT; it does not lead it by default. */
    assert_false(is_mit_technique(s[0].technique));

    /* Personality-disorder features raise MIT techniques by 15. */
    {
        struct ipt_suggestion p[ALL_TECHNIQUES];
        uint32_t np;
        const struct ipt_suggestion *a, *b;

        c.flags |= IPT_SELECT_PD_FEATURES;
        np = select_all(NULL, &c, p);
        a = must_find(s, n, IPT_TECHNIQUE_TWO_CHAIR_WORK);
        b = must_find(p, np, IPT_TECHNIQUE_TWO_CHAIR_WORK);
        assert_int_equal(b->score, a->score + 15);
        assert_true(b->reasons & RBIT(IPT_REASON_PD_FEATURES));
    }
}

/* ---- safety ------------------------------------------------------------- */

static void
check_safety_first(const struct ipt_weights *w,
                   const struct ipt_select_context *c)
{
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n = select_all(w, c, s);

    assert_true(n >= 1);
    assert_well_formed(s, n);
    assert_int_equal(s[0].technique, IPT_TECHNIQUE_SAFETY_ASSESSMENT);
    assert_int_equal(s[0].score, 100);
    assert_int_equal(s[0].reasons, RBIT(IPT_REASON_SAFETY_FIRST));
    for (uint32_t i = 1; i < n; i++) {
        assert_true(s[i].score <= 99);
        assert_false(s[i].reasons & RBIT(IPT_REASON_SAFETY_FIRST));
    }
}

static void
test_safety_item9(void **state)
{
    struct ipt_weights *w = NULL;
    struct ipt_select_context c;
    uint32_t v = 1;

    (void)state;
    c = context(IPT_STATE_INITIAL, 0, 0, IPT_SELECT_SAFETY_ITEM9);
    check_safety_first(NULL, &c);
    c = context(IPT_STATE_TERMINATION, 0, 0, IPT_SELECT_SAFETY_ITEM9);
    check_safety_first(NULL, &c);
    c = middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_IMPASSE,
               IPT_SELECT_SAFETY_ITEM9 | IPT_SELECT_ALLOW_MIT |
                   IPT_SELECT_PD_FEATURES | IPT_SELECT_NONRESPONSE);
    c.sessions_remaining = 3;
    c.recent_techniques = TBIT(IPT_TECHNIQUE_CLARIFICATION);
    check_safety_first(NULL, &c);

    /* The default table gives safety assessment no weight anywhere: it
     * appears only through the item-9 flag. */
    for (int32_t col = IPT_COLUMN_INITIAL; col <= IPT_COLUMN_TERMINATION;
         col++) {
        assert_int_equal(ipt_weights_get(NULL,
                                         IPT_TECHNIQUE_SAFETY_ASSESSMENT,
                                         (enum ipt_weight_column)col, &v),
                         IPT_OK);
        assert_int_equal(v, 0);
    }

    /* A caller table with every weight at 100 and safety at 0. */
    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    for (int32_t t = 1; t <= ALL_TECHNIQUES; t++) {
        for (int32_t col = IPT_COLUMN_INITIAL; col <= IPT_COLUMN_TERMINATION;
             col++) {
            assert_int_equal(
                ipt_weights_set(w, (enum ipt_technique)t,
                                (enum ipt_weight_column)col,
                                t == IPT_TECHNIQUE_SAFETY_ASSESSMENT ? 0
                                                                     : 100),
                IPT_OK);
        }
    }
    c = context(IPT_STATE_INITIAL, 0, 0, IPT_SELECT_SAFETY_ITEM9);
    check_safety_first(w, &c);
    c = middle(IPT_AREA_GRIEF, 0,
               IPT_SELECT_SAFETY_ITEM9 | IPT_SELECT_ALLOW_MIT);
    check_safety_first(w, &c);
    /* Without the flag it is absent from that table. */
    c.flags = IPT_SELECT_ALLOW_MIT;
    {
        struct ipt_suggestion s[ALL_TECHNIQUES];
        uint32_t n = select_all(w, &c, s);

        assert_null(find(s, n, IPT_TECHNIQUE_SAFETY_ASSESSMENT));
        assert_int_equal(n, ALL_TECHNIQUES - 1);
    }
    ipt_weights_free(w);
}

/* ---- adjustments -------------------------------------------------------- */

/* Score of @t with and without @flags added to @base_ctx. */
static void
compare(const struct ipt_select_context *base_ctx, uint32_t flags,
        enum ipt_technique t, int delta, enum ipt_select_reason reason)
{
    struct ipt_select_context with = *base_ctx;
    struct ipt_suggestion a[ALL_TECHNIQUES], b[ALL_TECHNIQUES];
    const struct ipt_suggestion *x, *y;
    uint32_t na, nb;

    with.flags |= flags;
    na = select_all(NULL, base_ctx, a);
    nb = select_all(NULL, &with, b);
    x = must_find(a, na, t);
    y = must_find(b, nb, t);
    assert_int_equal((int)y->score - (int)x->score, delta);
    if (delta != 0)
        assert_true(y->reasons & RBIT(reason));
    assert_false(x->reasons & RBIT(reason));
}

static void
test_adjustments(void **state)
{
    struct ipt_select_context c =
        middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_IMPASSE, 0);
    struct ipt_select_context ini = context(IPT_STATE_INITIAL, 0, 0, 0);

    (void)state;
    compare(&c, IPT_SELECT_PD_FEATURES,
            IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP, 15,
            IPT_REASON_PD_FEATURES);
    compare(&c, IPT_SELECT_ADOLESCENT, IPT_TECHNIQUE_PSYCHOEDUCATION, 10,
            IPT_REASON_ADOLESCENT);
    compare(&c, IPT_SELECT_ADOLESCENT, IPT_TECHNIQUE_ROLE_PLAY, 5,
            IPT_REASON_ADOLESCENT);
    compare(&c, IPT_SELECT_ADOLESCENT,
            IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP, -5,
            IPT_REASON_ADOLESCENT);
    compare(&c, IPT_SELECT_GROUP, IPT_TECHNIQUE_ROLE_PLAY, 10,
            IPT_REASON_GROUP_FORMAT);
    compare(&c, IPT_SELECT_GROUP, IPT_TECHNIQUE_COMMUNICATION_ANALYSIS, 8,
            IPT_REASON_GROUP_FORMAT); /* 92 + 10, clamped to 100 */
    compare(&c, IPT_SELECT_GROUP, IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP,
            -15, IPT_REASON_GROUP_FORMAT);
    compare(&c, IPT_SELECT_NONRESPONSE, IPT_TECHNIQUE_DECISION_ANALYSIS, 15,
            IPT_REASON_NONRESPONSE);
    compare(&c, IPT_SELECT_NONRESPONSE, IPT_TECHNIQUE_PSYCHOEDUCATION, 15,
            IPT_REASON_NONRESPONSE);
    compare(&c, IPT_SELECT_NONRESPONSE, IPT_TECHNIQUE_CLARIFICATION, 5,
            IPT_REASON_NONRESPONSE); /* 95 + 10, clamped to 100 */
    /* Non-response is a middle-phase adjustment only. */
    compare(&ini, IPT_SELECT_NONRESPONSE, IPT_TECHNIQUE_DECISION_ANALYSIS, 0,
            IPT_REASON_NONRESPONSE);
    /* Unaffected techniques stay as they were. */
    compare(&c, IPT_SELECT_GROUP, IPT_TECHNIQUE_CLARIFICATION, 0,
            IPT_REASON_GROUP_FORMAT);
}

static void
test_ending_near(void **state)
{
    struct ipt_select_context c = middle(IPT_AREA_GRIEF, 0, 0);
    struct ipt_suggestion a[ALL_TECHNIQUES], b[ALL_TECHNIQUES];
    uint32_t na, nb;

    (void)state;
    c.sessions_remaining = 5;
    na = select_all(NULL, &c, a);
    c.sessions_remaining = 4;
    nb = select_all(NULL, &c, b);
    assert_int_equal(must_find(b, nb, IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT)->score,
                     100); /* 95 + 10, clamped */
    assert_true(must_find(b, nb, IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT)->reasons &
                RBIT(IPT_REASON_ENDING_NEAR));
    assert_int_equal(must_find(b, nb, IPT_TECHNIQUE_DECISION_ANALYSIS)->score,
                     must_find(a, na, IPT_TECHNIQUE_DECISION_ANALYSIS)->score + 5);
    assert_false(must_find(a, na, IPT_TECHNIQUE_DECISION_ANALYSIS)->reasons &
                 RBIT(IPT_REASON_ENDING_NEAR));
    /* 0 means "not known": no adjustment. */
    c.sessions_remaining = 0;
    nb = select_all(NULL, &c, b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na * sizeof(a[0]));
}

static void
test_recent_techniques(void **state)
{
    struct ipt_select_context c =
        middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_RENEGOTIATION, 0);
    struct ipt_suggestion a[ALL_TECHNIQUES], b[ALL_TECHNIQUES];
    const struct ipt_suggestion *x, *y;
    uint32_t na, nb;

    (void)state;
    na = select_all(NULL, &c, a);
    c.recent_techniques = TBIT(IPT_TECHNIQUE_ROLE_PLAY) |
                          TBIT(IPT_TECHNIQUE_PSYCHOEDUCATION);
    nb = select_all(NULL, &c, b);
    /* A well-fitting technique continues... */
    x = must_find(a, na, IPT_TECHNIQUE_ROLE_PLAY);
    y = must_find(b, nb, IPT_TECHNIQUE_ROLE_PLAY);
    assert_int_equal(y->score, x->score + 5);
    assert_true(y->reasons & RBIT(IPT_REASON_CONTINUES_RECENT_WORK));
    /* ...a poorly fitting one yields to others. */
    x = must_find(a, na, IPT_TECHNIQUE_PSYCHOEDUCATION);
    y = must_find(b, nb, IPT_TECHNIQUE_PSYCHOEDUCATION);
    assert_int_equal(y->score + 10, x->score);
    assert_true(y->reasons & RBIT(IPT_REASON_RECENTLY_USED));

    /* In the initial phase too. */
    c = context(IPT_STATE_INITIAL, 0, 0, 0);
    c.recent_techniques = TBIT(IPT_TECHNIQUE_ROLE_PLAY);
    nb = select_all(NULL, &c, b);
    assert_true(must_find(b, nb, IPT_TECHNIQUE_ROLE_PLAY)->reasons &
                RBIT(IPT_REASON_RECENTLY_USED));
}

/* Recent work at the edges of the documented numbers: a base weight of 59
 * yields (-10), 60 continues (+5); a weight lowered to 0 or below is
 * clamped to 0 and the technique left out, 1 stays. */
static void
test_recent_edges(void **state)
{
    static const struct {
        uint32_t weight;
        uint32_t score;         /* 0: left out */
        enum ipt_select_reason reason;
    } cases[] = {
        { 61, 66, IPT_REASON_CONTINUES_RECENT_WORK },
        { 60, 65, IPT_REASON_CONTINUES_RECENT_WORK },
        { 59, 49, IPT_REASON_RECENTLY_USED },
        { 11, 1, IPT_REASON_RECENTLY_USED },
        { 10, 0, IPT_REASON_RECENTLY_USED },
        { 9, 0, IPT_REASON_RECENTLY_USED },
        { 1, 0, IPT_REASON_RECENTLY_USED },
    };
    struct ipt_weights *w = NULL;
    struct ipt_select_context c = context(IPT_STATE_INITIAL, 0, 0, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];

    (void)state;
    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    c.recent_techniques = TBIT(IPT_TECHNIQUE_CLARIFICATION);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct ipt_suggestion *x;
        uint32_t n;

        assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_CLARIFICATION,
                                         IPT_COLUMN_INITIAL,
                                         cases[i].weight),
                         IPT_OK);
        n = select_all(w, &c, s);
        assert_well_formed(s, n);
        x = find(s, n, IPT_TECHNIQUE_CLARIFICATION);
        if (cases[i].score == 0) {
            if (x != NULL)
                fail_msg("weight %u: kept with score %u", cases[i].weight,
                         x->score);
            continue;
        }
        x = must_find(s, n, IPT_TECHNIQUE_CLARIFICATION);
        assert_int_equal(x->score, cases[i].score);
        assert_int_equal(x->reasons, RBIT(IPT_REASON_PHASE_WEIGHT) |
                                         RBIT(cases[i].reason));
    }
    /* A negative adjustment of a flag clamps the same way: the group
     * format lowers the therapeutic relationship by 15. */
    c = context(IPT_STATE_INITIAL, 0, 0, IPT_SELECT_GROUP);
    assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP,
                                     IPT_COLUMN_INITIAL, 14),
                     IPT_OK);
    assert_null(find(s, select_all(w, &c, s),
                     IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP));
    assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP,
                                     IPT_COLUMN_INITIAL, 16),
                     IPT_OK);
    assert_int_equal(must_find(s, select_all(w, &c, s),
                               IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP)->score,
                     1);
    ipt_weights_free(w);
}

/* ---- determinism, ties and caller tables -------------------------------- */

static void
test_ties_by_technique_value(void **state)
{
    struct ipt_weights *w = NULL;
    struct ipt_select_context c = context(IPT_STATE_INITIAL, 0, 0, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n;

    (void)state;
    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    for (int32_t t = 1; t <= ALL_TECHNIQUES; t++) {
        assert_int_equal(ipt_weights_set(w, (enum ipt_technique)t,
                                         IPT_COLUMN_INITIAL, 50),
                         IPT_OK);
    }
    n = select_all(w, &c, s);
    assert_int_equal(n, 12); /* every IPT and general technique */
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(s[i].technique, (int32_t)i + 1);
        assert_int_equal(s[i].score, 50);
    }
    c.flags = IPT_SELECT_ALLOW_MIT;
    n = select_all(w, &c, s);
    assert_int_equal(n, ALL_TECHNIQUES);
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(s[i].technique, (int32_t)i + 1);
    ipt_weights_free(w);
}

static void
test_custom_table(void **state)
{
    struct ipt_weights *w = NULL, *copy = NULL;
    struct ipt_select_context c = middle(IPT_AREA_GRIEF, 0, 0);
    struct ipt_suggestion a[ALL_TECHNIQUES], b[ALL_TECHNIQUES];
    uint32_t na, nb, v = 0;

    (void)state;
    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    /* A fresh table equals the default one. */
    na = select_all(NULL, &c, a);
    nb = select_all(w, &c, b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na * sizeof(a[0]));

    /* A trainer who wants role play first in grief work. */
    assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, 100),
                     IPT_OK);
    /* ...and no direct elicitation there at all. */
    assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_DIRECT_ELICITATION,
                                     IPT_COLUMN_GRIEF, 0),
                     IPT_OK);
    nb = select_all(w, &c, b);
    assert_int_equal(b[0].technique, IPT_TECHNIQUE_ROLE_PLAY);
    assert_int_equal(b[0].score, 100);
    assert_null(find(b, nb, IPT_TECHNIQUE_DIRECT_ELICITATION));
    assert_int_equal(nb, na - 1);
    /* The default table is unchanged. */
    assert_int_equal(ipt_weights_get(NULL, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, &v),
                     IPT_OK);
    assert_true(v < 100);

    /* A copy of a caller table carries its changes. */
    assert_int_equal(ipt_weights_new(w, NULL, &copy), IPT_OK);
    assert_int_equal(ipt_weights_get(copy, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, &v),
                     IPT_OK);
    assert_int_equal(v, 100);
    ipt_weights_free(copy);
    ipt_weights_free(w);
    ipt_weights_free(NULL);
}

static void
test_determinism(void **state)
{
    struct ipt_select_context c =
        context(IPT_STATE_MIDDLE,
                IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE) |
                    IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION),
                IPT_DISPUTE_RENEGOTIATION,
                IPT_SELECT_ALLOW_MIT | IPT_SELECT_GROUP |
                    IPT_SELECT_PD_FEATURES);
    struct ipt_suggestion a[ALL_TECHNIQUES], b[ALL_TECHNIQUES];
    uint32_t na, nb;

    (void)state;
    c.sessions_remaining = 3;
    c.recent_techniques = TBIT(IPT_TECHNIQUE_ROLE_PLAY) |
                          TBIT(IPT_TECHNIQUE_GUIDED_IMAGERY);
    memset(a, 0xA5, sizeof(a));
    memset(b, 0x5A, sizeof(b));
    na = select_all(NULL, &c, a);
    nb = select_all(NULL, &c, b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na * sizeof(a[0]));
    assert_well_formed(a, na);
}

static void
test_capacity_and_count(void **state)
{
    struct ipt_select_context c = middle(IPT_AREA_GRIEF, 0, 0);
    struct ipt_suggestion all[ALL_TECHNIQUES], few[ALL_TECHNIQUES];
    uint32_t n, m = 12345;

    (void)state;
    n = select_all(NULL, &c, all);
    assert_int_equal(ipt_select_techniques(NULL, &c, NULL, 0, &m), IPT_OK);
    assert_int_equal(m, n);

    memset(few, 0xEE, sizeof(few));
    assert_int_equal(ipt_select_techniques(NULL, &c, few, 3, &m), IPT_OK);
    assert_int_equal(m, 3);
    assert_memory_equal(few, all, 3 * sizeof(all[0]));
    /* Nothing written past the capacity. */
    {
        unsigned char fill[sizeof(few[0])];

        memset(fill, 0xEE, sizeof(fill));
        assert_memory_equal(&few[3], fill, sizeof(fill));
    }

    /* A capacity larger than n writes n. */
    assert_int_equal(ipt_select_techniques(NULL, &c, few, ALL_TECHNIQUES, &m),
                     IPT_OK);
    assert_int_equal(m, n);
    /* Count query with a non-NULL but empty array. */
    assert_int_equal(ipt_select_techniques(NULL, &c, few, 0, &m), IPT_OK);
    assert_int_equal(m, n);
}

/* ---- errors ------------------------------------------------------------- */

static void
expect_error(const struct ipt_select_context *c, enum ipt_status want)
{
    struct ipt_suggestion s[ALL_TECHNIQUES], before[ALL_TECHNIQUES];
    uint32_t n = 777;

    memset(s, 0x3C, sizeof(s));
    memcpy(before, s, sizeof(s));
    assert_int_equal(ipt_select_techniques(NULL, c, s, ALL_TECHNIQUES, &n),
                     want);
    assert_int_equal(n, 777);
    assert_memory_equal(s, before, sizeof(s));
    assert_int_equal(ipt_select_techniques(NULL, c, NULL, 0, &n), want);
    assert_int_equal(n, 777);
}

struct bigger_context {
    struct ipt_select_context v1;
    uint32_t future_field;
    uint32_t future_field2;
};

static void
test_select_errors(void **state)
{
    struct ipt_select_context good = middle(IPT_AREA_GRIEF, 0, 0);
    struct ipt_select_context c;
    struct ipt_suggestion s[2];
    uint32_t n = 777;

    (void)state;
    assert_int_equal(ipt_select_techniques(NULL, NULL, s, 2, &n),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_select_techniques(NULL, &good, s, 2, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_select_techniques(NULL, &good, NULL, 2, &n),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(n, 777);

    c = good;
    c.size = 0;
    expect_error(&c, IPT_ERR_INVALID_ARGUMENT);
    c.size = (uint32_t)sizeof(c) - 4;
    expect_error(&c, IPT_ERR_INVALID_ARGUMENT);

    /* A newer, larger context: zero tail accepted, non-zero refused. */
    {
        struct bigger_context big;
        struct ipt_suggestion a[ALL_TECHNIQUES], b[ALL_TECHNIQUES];
        uint32_t na, nb;

        memset(&big, 0, sizeof(big));
        big.v1 = good;
        big.v1.size = (uint32_t)sizeof(big);
        na = select_all(NULL, &good, a);
        nb = select_all(NULL, &big.v1, b);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na * sizeof(a[0]));
        big.future_field2 = 1;
        expect_error(&big.v1, IPT_ERR_UNSUPPORTED);
    }

    c = good;
    c.phase = IPT_STATE_NOT_STARTED;
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.phase = IPT_STATE_COMPLETED;
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.phase = 0;
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.phase = -1;
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);

    c = good;
    c.focus = UINT32_C(1); /* bit 0 is no area */
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.focus = IPT_AREA_BIT(IPT_AREA_GRIEF) | UINT32_C(0x40);
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.focus = 0; /* the middle phase needs a focus */
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.phase = IPT_STATE_INITIAL;
    c.focus = UINT32_C(0x100);
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    /* ...but other phases do not. */
    c.focus = 0;
    assert_int_equal(ipt_select_techniques(NULL, &c, NULL, 0, &n), IPT_OK);
    c.phase = IPT_STATE_TERMINATION;
    assert_int_equal(ipt_select_techniques(NULL, &c, NULL, 0, &n), IPT_OK);

    c = good;
    c.dispute_stage = 4;
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.dispute_stage = -1;
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);

    c = good;
    c.flags = UINT32_C(0x40);
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.flags = UINT32_C(0x80000000) | IPT_SELECT_ALLOW_MIT;
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);

    c = good;
    c.recent_techniques = UINT32_C(1); /* bit 0 is no technique */
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.recent_techniques = TBIT(19);
    expect_error(&c, IPT_ERR_OUT_OF_RANGE);
    c.recent_techniques = UINT32_C(0x7FFFE); /* every technique: fine */
    assert_int_equal(ipt_select_techniques(NULL, &c, NULL, 0, &n), IPT_OK);
}

static void
test_weights_errors(void **state)
{
    struct ipt_weights *w = NULL;
    uint32_t v = 4242;

    (void)state;
    assert_int_equal(ipt_weights_new(NULL, NULL, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_weights_get(NULL, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_weights_get(NULL, (enum ipt_technique)0,
                                     IPT_COLUMN_GRIEF, &v),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_weights_get(NULL, (enum ipt_technique)19,
                                     IPT_COLUMN_GRIEF, &v),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_weights_get(NULL, IPT_TECHNIQUE_ROLE_PLAY,
                                     (enum ipt_weight_column)0, &v),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_weights_get(NULL, IPT_TECHNIQUE_ROLE_PLAY,
                                     (enum ipt_weight_column)10, &v),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(v, 4242);

    assert_int_equal(ipt_weights_set(NULL, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, 10),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    assert_int_equal(ipt_weights_get(w, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, &v),
                     IPT_OK);
    {
        uint32_t before = v;

        assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY,
                                         IPT_COLUMN_GRIEF, 101),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(ipt_weights_set(w, (enum ipt_technique)0,
                                         IPT_COLUMN_GRIEF, 10),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY,
                                         (enum ipt_weight_column)0, 10),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY,
                                         (enum ipt_weight_column)10, 10),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(ipt_weights_get(w, IPT_TECHNIQUE_ROLE_PLAY,
                                         IPT_COLUMN_GRIEF, &v),
                         IPT_OK);
        assert_int_equal(v, before);
    }
    /* Edge weights are accepted. */
    assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, 100),
                     IPT_OK);
    assert_int_equal(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, 0),
                     IPT_OK);
    ipt_weights_free(w);

    /* Every default weight lies in 0..100. */
    for (int32_t t = 1; t <= ALL_TECHNIQUES; t++) {
        for (int32_t col = IPT_COLUMN_INITIAL; col <= IPT_COLUMN_TERMINATION;
             col++) {
            assert_int_equal(ipt_weights_get(NULL, (enum ipt_technique)t,
                                             (enum ipt_weight_column)col, &v),
                             IPT_OK);
            assert_true(v <= 100);
        }
    }
}

struct counting {
    int allocs;
    int frees;
    int fail_after; /* -1: never fail */
};

static void *
counting_alloc(size_t size, void *user_data)
{
    struct counting *c = user_data;

    if (c->fail_after >= 0 && c->allocs >= c->fail_after)
        return NULL;
    c->allocs++;
    return malloc(size);
}

static void
counting_free(void *ptr, void *user_data)
{
    struct counting *c = user_data;

    c->frees++;
    free(ptr);
}

static void
test_weights_allocation(void **state)
{
    struct counting cnt = { 0, 0, 0 };
    struct ipt_allocator a = { counting_alloc, counting_free, &cnt };
    struct ipt_allocator half = { counting_alloc, NULL, &cnt };
    struct ipt_weights *w = (struct ipt_weights *)&cnt; /* sentinel */
    struct ipt_weights *sentinel = w;

    (void)state;
    assert_int_equal(ipt_weights_new(NULL, &a, &w), IPT_ERR_NO_MEMORY);
    assert_ptr_equal(w, sentinel);
    assert_int_equal(cnt.allocs, cnt.frees);

    assert_int_equal(ipt_weights_new(NULL, &half, &w),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(w, sentinel);

    cnt.fail_after = -1;
    assert_int_equal(ipt_weights_new(NULL, &a, &w), IPT_OK);
    assert_true(cnt.allocs >= 1);
    ipt_weights_free(w);
    assert_int_equal(cnt.allocs, cnt.frees);
}

/* ---- context from a course ---------------------------------------------- */

static void
apply(struct ipt_course *course, int32_t type, int32_t value, uint32_t areas)
{
    struct ipt_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.type = type;
    ev.value = value;
    ev.areas = areas;
    if (ipt_course_apply(course, &ev) != IPT_OK) {
        fprintf(stderr, "%s refused: %s\n",
                ipt_event_type_name((enum ipt_event_type)type),
                ipt_course_last_error(course));
        fail();
    }
}

/* Records a PHQ-9 whose items sum to @total (at most 24) with item 9 set to
 * @item9. */
static void
record_phq9(struct ipt_course *course, uint32_t session, int total,
            int item9)
{
    struct ipt_measure m;

    memset(&m, 0, sizeof(m));
    m.kind = IPT_MEASURE_PHQ9;
    m.item_count = IPT_PHQ9_ITEMS;
    m.items[8] = (uint8_t)item9;
    total -= item9;
    for (int i = 0; i < 8 && total > 0; i++) {
        m.items[i] = (uint8_t)(total >= 3 ? 3 : total);
        total -= m.items[i];
    }
    assert_int_equal(ipt_course_record_measure(course, session, &m), IPT_OK);
}

/* The session records add the item-9 flag, early non-response and the
 * recent techniques; they never remove what the caller set. */
static void
test_context_from_records(void **state)
{
    const struct ipt_profile *profile = NULL;
    struct ipt_course *course = NULL;
    struct ipt_select_context c;
    struct ipt_suggestion s[ALL_TECHNIQUES];

    (void)state;
    assert_int_equal(ipt_profile_builtin("standard", &profile), IPT_OK);
    assert_int_equal(ipt_course_new(profile, NULL, &course), IPT_OK);
    apply(course, IPT_EVENT_START, 0, 0);
    apply(course, IPT_EVENT_HOLD_SESSION, 0, 0);
    for (int t = IPT_TASK_HISTORY_AND_DIAGNOSIS;
         t <= IPT_TASK_INTERPERSONAL_INVENTORY; t++)
        apply(course, IPT_EVENT_COMPLETE_TASK, t, 0);
    apply(course, IPT_EVENT_CHOOSE_FOCUS, 0, IPT_AREA_BIT(IPT_AREA_GRIEF));
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_PROBLEM_AREA, 0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_INTERPERSONAL_FORMULATION,
          0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_TREATMENT_CONTRACT, 0);
    record_phq9(course, 1, 18, 0);

    memset(&c, 0, sizeof(c));
    c.size = (uint32_t)sizeof(c);
    c.flags = IPT_SELECT_GROUP;
    assert_int_equal(ipt_select_context_from_course(course, &c), IPT_OK);
    assert_int_equal(c.flags, IPT_SELECT_GROUP);
    assert_int_equal(c.recent_techniques, 0);

    /* Item 9 above 0 in the latest session: safety first next time. */
    record_phq9(course, 1, 18, 1);
    assert_int_equal(ipt_course_record_techniques(
                         course, 1, TBIT(IPT_TECHNIQUE_PSYCHOEDUCATION)),
                     IPT_OK);
    assert_int_equal(ipt_select_context_from_course(course, &c), IPT_OK);
    assert_int_equal(c.flags, IPT_SELECT_GROUP | IPT_SELECT_SAFETY_ITEM9);
    assert_int_equal(c.recent_techniques, TBIT(IPT_TECHNIQUE_PSYCHOEDUCATION));
    assert_int_equal(select_all(NULL, &c, s) > 0, 1);
    assert_int_equal(s[0].technique, IPT_TECHNIQUE_SAFETY_ASSESSMENT);

    /* Into the middle phase; by session 4 the PHQ-9 has barely moved
     * (18 -> 16, 11 %), which is early non-response under the defaults.
     * Only the last two sessions' techniques count as recent. */
    apply(course, IPT_EVENT_ADVANCE_PHASE, 0, 0);
    for (uint32_t n = 2; n <= 4; n++) {
        uint32_t used = TBIT(IPT_TECHNIQUE_CLARIFICATION + (int)n);

        apply(course, IPT_EVENT_HOLD_SESSION, 0, 0);
        assert_int_equal(ipt_course_record_techniques(course, n, used),
                         IPT_OK);
    }
    record_phq9(course, 4, 16, 0);
    c.flags = 0;
    c.recent_techniques = 0;
    assert_int_equal(ipt_select_context_from_course(course, &c), IPT_OK);
    assert_int_equal(c.flags, IPT_SELECT_NONRESPONSE);
    assert_int_equal(c.recent_techniques,
                     TBIT(IPT_TECHNIQUE_CLARIFICATION + 3) |
                         TBIT(IPT_TECHNIQUE_CLARIFICATION + 4));

    /* A real improvement (18 -> 9, 50 %) clears nothing the caller set but
     * no longer adds non-response. */
    record_phq9(course, 4, 9, 0);
    c.flags = IPT_SELECT_ALLOW_MIT;
    assert_int_equal(ipt_select_context_from_course(course, &c), IPT_OK);
    assert_int_equal(c.flags, IPT_SELECT_ALLOW_MIT);
    ipt_course_free(course);
}

static void
test_context_from_course(void **state)
{
    const struct ipt_profile *profile = NULL;
    struct ipt_course *course = NULL;
    struct ipt_select_context c, before;
    struct ipt_suggestion s[ALL_TECHNIQUES];
    uint32_t n;

    (void)state;
    assert_int_equal(ipt_profile_builtin("standard", &profile), IPT_OK);
    assert_int_equal(ipt_course_new(profile, NULL, &course), IPT_OK);

    memset(&c, 0x55, sizeof(c));
    c.size = (uint32_t)sizeof(c);
    c.flags = IPT_SELECT_ADOLESCENT;
    c.recent_techniques = TBIT(IPT_TECHNIQUE_ROLE_PLAY);
    before = c;
    /* Not started: nothing to plan. */
    assert_int_equal(ipt_select_context_from_course(course, &c),
                     IPT_ERR_NOT_AVAILABLE);
    assert_memory_equal(&c, &before, sizeof(c));
    assert_int_equal(ipt_select_context_from_course(NULL, &c),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_select_context_from_course(course, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    c.size = 8;
    assert_int_equal(ipt_select_context_from_course(course, &c),
                     IPT_ERR_INVALID_ARGUMENT);
    c.size = (uint32_t)sizeof(c);

    /* Started: the first session is in the initial phase. */
    apply(course, IPT_EVENT_START, 0, 0);
    assert_int_equal(ipt_select_context_from_course(course, &c), IPT_OK);
    assert_int_equal(c.size, sizeof(c));
    assert_int_equal(c.phase, IPT_STATE_INITIAL);
    assert_int_equal(c.focus, 0);
    assert_int_equal(c.dispute_stage, 0);
    assert_int_equal(c.session, 1);
    assert_int_equal(c.sessions_remaining, 16);
    assert_int_equal(c.flags, IPT_SELECT_ADOLESCENT);
    assert_int_equal(c.recent_techniques, TBIT(IPT_TECHNIQUE_ROLE_PLAY));
    n = select_all(NULL, &c, s);
    assert_true(n > 0);

    /* Through the initial phase into the middle, with a role dispute at an
     * impasse. */
    apply(course, IPT_EVENT_HOLD_SESSION, 0, 0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_HISTORY_AND_DIAGNOSIS, 0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_PSYCHOEDUCATION, 0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE, 0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_INTERPERSONAL_INVENTORY,
          0);
    apply(course, IPT_EVENT_CHOOSE_FOCUS, 0,
          IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE));
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_PROBLEM_AREA, 0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_INTERPERSONAL_FORMULATION,
          0);
    apply(course, IPT_EVENT_COMPLETE_TASK, IPT_TASK_TREATMENT_CONTRACT, 0);
    apply(course, IPT_EVENT_ADVANCE_PHASE, 0, 0);

    assert_int_equal(ipt_select_context_from_course(course, &c), IPT_OK);
    assert_int_equal(c.phase, IPT_STATE_MIDDLE);
    assert_int_equal(c.focus, IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE));
    assert_int_equal(c.dispute_stage, 0); /* not staged yet */

    apply(course, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0);
    apply(course, IPT_EVENT_HOLD_SESSION, 0, 0);
    assert_int_equal(ipt_select_context_from_course(course, &c), IPT_OK);
    assert_int_equal(c.phase, IPT_STATE_MIDDLE);
    assert_int_equal(c.focus, IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE));
    assert_int_equal(c.dispute_stage, IPT_DISPUTE_IMPASSE);
    assert_int_equal(c.session, 3);
    assert_int_equal(c.sessions_remaining, 14);

    c.flags = 0;
    c.recent_techniques = 0;
    n = select_all(NULL, &c, s);
    assert_true(rank_of(s, n, IPT_TECHNIQUE_CLARIFICATION) < 3);
    assert_true(s[0].reasons & RBIT(IPT_REASON_DISPUTE_STAGE_FIT));

    ipt_course_free(course);
}

/* ---- names -------------------------------------------------------------- */

static void
test_flag_names(void **state)
{
    static const enum ipt_select_flag flags[] = {
        IPT_SELECT_ALLOW_MIT,    IPT_SELECT_ADOLESCENT,
        IPT_SELECT_GROUP,        IPT_SELECT_PD_FEATURES,
        IPT_SELECT_NONRESPONSE,  IPT_SELECT_SAFETY_ITEM9,
    };
    uint32_t all = 0;
    enum ipt_select_flag f = IPT_SELECT_GROUP;

    (void)state;
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        const char *name = ipt_select_flag_name(flags[i]);
        enum ipt_select_flag back;

        assert_non_null(name);
        assert_int_equal(ipt_select_flag_from_name(name, &back), IPT_OK);
        assert_int_equal(back, flags[i]);
        all |= (uint32_t)flags[i];
    }
    assert_int_equal(all, IPT_SELECT_FLAGS_ALL);
    assert_string_equal(ipt_select_flag_name(IPT_SELECT_ALLOW_MIT),
                        "allow_mit");
    assert_string_equal(ipt_select_flag_name(IPT_SELECT_PD_FEATURES),
                        "personality_disorder_features");
    assert_string_equal(ipt_select_flag_name(IPT_SELECT_SAFETY_ITEM9),
                        "safety_item9");
    assert_null(ipt_select_flag_name((enum ipt_select_flag)0));
    assert_null(ipt_select_flag_name((enum ipt_select_flag)3));
    assert_null(ipt_select_flag_name((enum ipt_select_flag)0x40));
    assert_int_equal(ipt_select_flag_from_name("ALLOW_MIT", &f),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(f, IPT_SELECT_GROUP);
    assert_int_equal(ipt_select_flag_from_name(NULL, &f),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_select_flag_from_name("group", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_reason_names(void **state)
{
    enum ipt_select_reason r = IPT_REASON_AREA_FIT;

    (void)state;
    for (int32_t v = IPT_REASON_PHASE_WEIGHT; v <= IPT_REASON_RECENTLY_USED;
         v++) {
        const char *name = ipt_select_reason_name((enum ipt_select_reason)v);
        const char *text = ipt_select_reason_text((enum ipt_select_reason)v);
        enum ipt_select_reason back;

        assert_non_null(name);
        assert_non_null(text);
        assert_true(strlen(text) > 10);
        assert_int_equal(ipt_select_reason_from_name(name, &back), IPT_OK);
        assert_int_equal(back, v);
    }
    assert_string_equal(ipt_select_reason_name(IPT_REASON_AREA_FIT),
                        "area_fit");
    assert_string_equal(ipt_select_reason_name(IPT_REASON_GROUP_FORMAT),
                        "group_format");
    assert_string_equal(ipt_select_reason_text(IPT_REASON_AREA_FIT),
                        "weighted for the focal problem area");
    assert_null(ipt_select_reason_name((enum ipt_select_reason)0));
    assert_null(ipt_select_reason_name((enum ipt_select_reason)13));
    assert_null(ipt_select_reason_text((enum ipt_select_reason)0));
    assert_null(ipt_select_reason_text((enum ipt_select_reason)13));
    assert_int_equal(ipt_select_reason_from_name("nope", &r),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(r, IPT_REASON_AREA_FIT);
    assert_int_equal(ipt_select_reason_from_name(NULL, &r),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_select_reason_from_name("area_fit", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_column_names(void **state)
{
    static const char *const names[] = {
        "initial", "grief", "role_dispute", "dispute_renegotiation",
        "dispute_impasse", "dispute_dissolution", "role_transition",
        "interpersonal_deficits", "termination",
    };
    enum ipt_weight_column col = IPT_COLUMN_GRIEF;

    (void)state;
    for (int32_t v = IPT_COLUMN_INITIAL; v <= IPT_COLUMN_TERMINATION; v++) {
        const char *name = ipt_weight_column_name((enum ipt_weight_column)v);
        enum ipt_weight_column back;

        assert_non_null(name);
        assert_string_equal(name, names[v - 1]);
        assert_int_equal(ipt_weight_column_from_name(name, &back), IPT_OK);
        assert_int_equal(back, v);
    }
    assert_null(ipt_weight_column_name((enum ipt_weight_column)0));
    assert_null(ipt_weight_column_name((enum ipt_weight_column)10));
    assert_int_equal(ipt_weight_column_from_name("middle", &col),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(col, IPT_COLUMN_GRIEF);
    assert_int_equal(ipt_weight_column_from_name(NULL, &col),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_weight_column_from_name("grief", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

/* ---- explanations ------------------------------------------------------- */

static void
test_explain(void **state)
{
    struct ipt_select_context c =
        middle(IPT_AREA_ROLE_DISPUTE, IPT_DISPUTE_IMPASSE, 0);
    struct ipt_suggestion s[ALL_TECHNIQUES];
    const struct ipt_technique_info *info = NULL;
    char buf[512], want[64];
    size_t len = 0;
    uint32_t n;

    (void)state;
    n = select_all(NULL, &c, s);
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(ipt_suggestion_explain(&s[i], buf, sizeof(buf),
                                                &len),
                         IPT_OK);
        assert_int_equal(len, strlen(buf));
        assert_int_equal(
            ipt_technique_describe((enum ipt_technique)s[i].technique, &info),
            IPT_OK);
        assert_non_null(strstr(buf, info->display_name));
        assert_ptr_equal(strstr(buf, info->display_name), buf);
        snprintf(want, sizeof(want), "(score %u)", (unsigned)s[i].score);
        assert_non_null(strstr(buf, want));
        assert_non_null(
            strstr(buf, ipt_select_reason_text(IPT_REASON_AREA_FIT)));
    }
    /* The top one fits the stage; the stage reason comes first. */
    assert_int_equal(ipt_suggestion_explain(&s[0], buf, sizeof(buf), NULL),
                     IPT_OK);
    {
        const char *stage =
            strstr(buf, ipt_select_reason_text(IPT_REASON_DISPUTE_STAGE_FIT));
        const char *area =
            strstr(buf, ipt_select_reason_text(IPT_REASON_AREA_FIT));

        assert_non_null(stage);
        assert_non_null(area);
        assert_true(stage < area);
        assert_non_null(strstr(buf, "; "));
    }

    /* Too small: a truncated, terminated prefix and the full length. */
    {
        char full[512], small[16];
        size_t full_len = 0, small_len = 0;

        assert_int_equal(ipt_suggestion_explain(&s[0], full, sizeof(full),
                                                &full_len),
                         IPT_OK);
        memset(small, 'x', sizeof(small));
        assert_int_equal(ipt_suggestion_explain(&s[0], small, sizeof(small),
                                                &small_len),
                         IPT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(small_len, full_len);
        assert_int_equal(strlen(small), sizeof(small) - 1);
        assert_memory_equal(small, full, sizeof(small) - 1);

        /* Exactly the length: no room for the NUL. */
        assert_true(full_len < sizeof(full));
        assert_int_equal(ipt_suggestion_explain(&s[0], full, full_len,
                                                &small_len),
                         IPT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(ipt_suggestion_explain(&s[0], full, full_len + 1,
                                                &small_len),
                         IPT_OK);
        /* Length query. */
        small_len = 0;
        assert_int_equal(ipt_suggestion_explain(&s[0], NULL, 0, &small_len),
                         IPT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(small_len, full_len);
    }

    /* Errors leave the length untouched. */
    {
        struct ipt_suggestion bad = s[0];

        len = 999;
        assert_int_equal(ipt_suggestion_explain(NULL, buf, sizeof(buf), &len),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(ipt_suggestion_explain(&bad, NULL, 5, &len),
                         IPT_ERR_INVALID_ARGUMENT);
        bad.reasons |= UINT32_C(1) << 13;
        assert_int_equal(ipt_suggestion_explain(&bad, buf, sizeof(buf), &len),
                         IPT_ERR_OUT_OF_RANGE);
        bad = s[0];
        bad.reasons |= UINT32_C(1);
        assert_int_equal(ipt_suggestion_explain(&bad, buf, sizeof(buf), &len),
                         IPT_ERR_OUT_OF_RANGE);
        bad = s[0];
        bad.technique = 0;
        assert_int_equal(ipt_suggestion_explain(&bad, buf, sizeof(buf), &len),
                         IPT_ERR_OUT_OF_RANGE);
        bad.technique = 19;
        assert_int_equal(ipt_suggestion_explain(&bad, buf, sizeof(buf), &len),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(len, 999);
    }

    /* Safety first is explained as such. */
    c.flags = IPT_SELECT_SAFETY_ITEM9;
    n = select_all(NULL, &c, s);
    assert_int_equal(ipt_suggestion_explain(&s[0], buf, sizeof(buf), NULL),
                     IPT_OK);
    assert_non_null(strstr(buf, "(score 100)"));
    assert_non_null(
        strstr(buf, ipt_select_reason_text(IPT_REASON_SAFETY_FIRST)));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grief_middle),
        cmocka_unit_test(test_dispute_impasse),
        cmocka_unit_test(test_dispute_renegotiation),
        cmocka_unit_test(test_dispute_unstaged_and_dissolution),
        cmocka_unit_test(test_role_transition),
        cmocka_unit_test(test_deficits),
        cmocka_unit_test(test_initial_phase),
        cmocka_unit_test(test_termination),
        cmocka_unit_test(test_two_focal_areas),
        cmocka_unit_test(test_stage_without_dispute_focus),
        cmocka_unit_test(test_mit_never_without_flag),
        cmocka_unit_test(test_mit_with_flag),
        cmocka_unit_test(test_safety_item9),
        cmocka_unit_test(test_adjustments),
        cmocka_unit_test(test_ending_near),
        cmocka_unit_test(test_recent_techniques),
        cmocka_unit_test(test_recent_edges),
        cmocka_unit_test(test_ties_by_technique_value),
        cmocka_unit_test(test_custom_table),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_capacity_and_count),
        cmocka_unit_test(test_select_errors),
        cmocka_unit_test(test_weights_errors),
        cmocka_unit_test(test_weights_allocation),
        cmocka_unit_test(test_context_from_course),
        cmocka_unit_test(test_context_from_records),
        cmocka_unit_test(test_flag_names),
        cmocka_unit_test(test_reason_names),
        cmocka_unit_test(test_column_names),
        cmocka_unit_test(test_explain),
    };

    return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
