/* SPDX-License-Identifier: MIT */
/*
 * Technique selection: rank the catalogue's techniques for one session.
 *
 *   1. base weight: the weight table's column for the phase (initial,
 *      termination) or, in the middle phase, the best column of the focal
 *      areas (role dispute by stage);
 *   2. adjustments for the context's flags, in a fixed order, each clamped
 *      to 0..100 and each recording its reason when it changes the score;
 *   3. the safety override (PHQ-9 item 9): safety assessment first;
 *   4. sort by score, then by technique value.
 *
 * docs/selection.md explains every weight and adjustment.  Nothing here
 * allocates except ipt_weights_new().
 */
#include <string.h>

#include "internal.h"

#define TECHNIQUE_FIRST IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION
#define TECHNIQUE_LAST IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION
#define TECHNIQUES (TECHNIQUE_LAST - TECHNIQUE_FIRST + 1)

#define COLUMN_FIRST IPT_COLUMN_INITIAL
#define COLUMN_LAST IPT_COLUMN_TERMINATION
#define COLUMNS (COLUMN_LAST - COLUMN_FIRST + 1)

/* Every technique bit (1..18) and every reason bit (1..12). */
#define TECHNIQUE_MASK (((UINT32_C(1) << (TECHNIQUES + 1)) - 1) & ~UINT32_C(1))
#define REASON_LAST IPT_REASON_RECENTLY_USED
#define REASON_MASK (((UINT32_C(1) << (REASON_LAST + 1)) - 1) & ~UINT32_C(1))
#define REASON_BIT(r) (UINT32_C(1) << (unsigned)(r))

/* Size of the first released version of struct ipt_select_context. */
#define SELECT_CONTEXT_V1_SIZE ((uint32_t)sizeof(struct ipt_select_context))

#define WEIGHT_MAX 100U
/* Score of every technique other than the safety assessment when PHQ-9
 * item 9 is positive, so that the assessment is strictly first. */
#define SAFETY_CAP 99

/* Adjustments (docs/selection.md, "Adjustments"). */
#define PD_RELATIONSHIP 15
#define PD_MIT 15
#define ADOLESCENT_PSYCHOEDUCATION 10
#define ADOLESCENT_ROLE_PLAY 5
#define ADOLESCENT_RELATIONSHIP (-5)
#define GROUP_ROLE_PLAY 10
#define GROUP_COMMUNICATION 10
#define GROUP_RELATIONSHIP (-15)
#define NONRESPONSE_DECISION 15
#define NONRESPONSE_PSYCHOEDUCATION 15
#define NONRESPONSE_CLARIFICATION 10
#define ENDING_NEAR_SESSIONS 4U
#define ENDING_NEAR_AFFECT 10
#define ENDING_NEAR_DECISION 5
#define RECENT_KEEP_WEIGHT 60
#define RECENT_CONTINUE 5
#define RECENT_VARY (-10)

struct ipt_weights {
    uint8_t w[TECHNIQUES][COLUMNS];
    struct ipt_allocator allocator;
};

/*
 * The default weights: libipt's synthesis, starting from the domain
 * reference's technique x phase x problem-area table (itself a synthesis,
 * not a table from any manual).  high ~ 85-95, med ~ 55-65, low ~ 20-35,
 * none = 0.  MIT techniques (rows 13-18) are used only with
 * IPT_SELECT_ALLOW_MIT.  Columns, in order: initial, grief, role_dispute
 * (unstaged), dispute_renegotiation, dispute_impasse, dispute_dissolution,
 * role_transition, interpersonal_deficits, termination.
 */
static const uint8_t default_weights[TECHNIQUES][COLUMNS] = {
    /*                  init grf  dsp  ren  imp  dis  trn  def  term */
    /* nondirective  */ { 88, 90,  60,  55,  60,  65,  62,  85,  58 },
    /* direct elicit */ { 92, 60,  60,  55,  60,  55,  58,  82,  30 },
    /* affect        */ { 60, 95,  55,  55,  75,  92,  92,  60,  95 },
    /* clarification */ { 55, 60,  92,  70,  95,  60,  58,  60,  55 },
    /* communication */ { 25, 30,  85,  95,  92,  45,  55,  88,  30 },
    /* decision      */ { 25, 55,  80,  92,  65,  90,  90,  58,  90 },
    /* role play     */ { 20, 40,  78,  90,  60,  50,  58,  90,  12 },
    /* relationship  */ { 30, 30,  55,  60,  60,  30,  30,  95,  62 },
    /* psychoeduc.   */ { 95, 25,  25,  25,  25,  25,  25,  25,  30 },
    /* contract      */ { 90,  0,   0,   0,   0,   0,   0,   0,  60 },
    /* addr.conflict */ {  0,  0,  85,  88,  85,  60,   0,   0,  25 },
    /* safety        */ {  0,  0,   0,   0,   0,   0,   0,   0,   0 },
    /* MIT imagery   */ { 10, 50,  40,  35,  45,  45,  40,  45,  10 },
    /* MIT rescript  */ { 10, 55,  45,  40,  50,  50,  40,  55,  10 },
    /* MIT two-chair */ { 10, 60,  50,  50,  55,  55,  45,  50,  10 },
    /* MIT body      */ { 15, 40,  35,  30,  40,  40,  35,  45,  15 },
    /* MIT mindful   */ { 30, 40,  40,  35,  40,  40,  40,  45,  30 },
    /* MIT schemas   */ { 20, 35,  55,  50,  55,  45,  40,  60,  20 },
};

/* ---- names -------------------------------------------------------------- */


static const struct ipt__name flag_names[] = {
    { IPT_SELECT_ALLOW_MIT, "allow_mit" },
    { IPT_SELECT_ADOLESCENT, "adolescent" },
    { IPT_SELECT_GROUP, "group" },
    { IPT_SELECT_PD_FEATURES, "personality_disorder_features" },
    { IPT_SELECT_NONRESPONSE, "nonresponse" },
    { IPT_SELECT_SAFETY_ITEM9, "safety_item9" },
};
IPT__NAME_FUNCTIONS(ipt_select_flag, enum ipt_select_flag, flag_names)

static const struct ipt__name reason_names[] = {
    { IPT_REASON_PHASE_WEIGHT, "phase_weight" },
    { IPT_REASON_AREA_FIT, "area_fit" },
    { IPT_REASON_DISPUTE_STAGE_FIT, "dispute_stage_fit" },
    { IPT_REASON_SAFETY_FIRST, "safety_first" },
    { IPT_REASON_MIT_ENABLED, "mit_enabled" },
    { IPT_REASON_PD_FEATURES, "personality_disorder_features" },
    { IPT_REASON_ADOLESCENT, "adolescent" },
    { IPT_REASON_GROUP_FORMAT, "group_format" },
    { IPT_REASON_NONRESPONSE, "nonresponse" },
    { IPT_REASON_ENDING_NEAR, "ending_near" },
    { IPT_REASON_CONTINUES_RECENT_WORK, "continues_recent_work" },
    { IPT_REASON_RECENTLY_USED, "recently_used" },
};
IPT__NAME_FUNCTIONS(ipt_select_reason, enum ipt_select_reason,
                      reason_names)

static const struct ipt__name reason_texts[] = {
    { IPT_REASON_PHASE_WEIGHT, "weighted for this phase of treatment" },
    { IPT_REASON_AREA_FIT, "weighted for the focal problem area" },
    { IPT_REASON_DISPUTE_STAGE_FIT, "weighted for the stage of the role dispute" },
    { IPT_REASON_SAFETY_FIRST,
      "PHQ-9 item 9 was positive: assess safety first" },
    { IPT_REASON_MIT_ENABLED,
      "a technique of Metacognitive Interpersonal Therapy, offered because "
      "MIT is enabled" },
    { IPT_REASON_PD_FEATURES, "raised for personality-disorder features" },
    { IPT_REASON_ADOLESCENT, "adjusted for an adolescent patient" },
    { IPT_REASON_GROUP_FORMAT, "adjusted for the group format" },
    { IPT_REASON_NONRESPONSE,
      "raised because the course is not responding at mid-course" },
    { IPT_REASON_ENDING_NEAR, "raised because few sessions remain" },
    { IPT_REASON_CONTINUES_RECENT_WORK, "continues the work of recent "
      "sessions" },
    { IPT_REASON_RECENTLY_USED,
      "lowered because it was used in recent sessions, to vary the work" },
};

const char *
ipt_select_reason_text(enum ipt_select_reason reason)
{
    return ipt__name_of(reason_texts, IPT__ARRAY_SIZE(reason_texts),
                        (int32_t)reason);
}

static const struct ipt__name column_names[] = {
    { IPT_COLUMN_INITIAL, "initial" },
    { IPT_COLUMN_GRIEF, "grief" },
    { IPT_COLUMN_ROLE_DISPUTE, "role_dispute" },
    { IPT_COLUMN_DISPUTE_RENEGOTIATION, "dispute_renegotiation" },
    { IPT_COLUMN_DISPUTE_IMPASSE, "dispute_impasse" },
    { IPT_COLUMN_DISPUTE_DISSOLUTION, "dispute_dissolution" },
    { IPT_COLUMN_ROLE_TRANSITION, "role_transition" },
    { IPT_COLUMN_INTERPERSONAL_DEFICITS, "interpersonal_deficits" },
    { IPT_COLUMN_TERMINATION, "termination" },
};
IPT__NAME_FUNCTIONS(ipt_weight_column, enum ipt_weight_column,
                      column_names)

/* ---- weight tables ------------------------------------------------------ */

static int
valid_technique(int32_t t)
{
    return t >= TECHNIQUE_FIRST && t <= TECHNIQUE_LAST;
}

static int
valid_column(int32_t c)
{
    return c >= COLUMN_FIRST && c <= COLUMN_LAST;
}

/* Techniques of Metacognitive Interpersonal Therapy only (the catalogue's
 * modality "mit"): those from guided imagery to the last one of the table,
 * the only kind @p t is.  Role play belongs to both therapies and is not
 * one. */
static int
mit_only(int32_t t)
{
    return t >= IPT_TECHNIQUE_GUIDED_IMAGERY;
}

static const uint8_t (*table_of(const struct ipt_weights *weights))[COLUMNS]
{
    return weights != NULL ? weights->w : default_weights;
}

enum ipt_status
ipt_weights_new(const struct ipt_weights *from,
                const struct ipt_allocator *allocator,
                struct ipt_weights **out)
{
    struct ipt_allocator a;
    struct ipt_weights *w;
    enum ipt_status st;

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    st = ipt__allocator_resolve(allocator, &a);
    if (st != IPT_OK)
        return st;
    w = ipt__alloc(&a, sizeof(*w));
    if (w == NULL)
        return IPT_ERR_NO_MEMORY;
    memcpy(w->w, table_of(from), sizeof(w->w));
    w->allocator = a;
    *out = w;
    return IPT_OK;
}

void
ipt_weights_free(struct ipt_weights *weights)
{
    struct ipt_allocator a;

    if (weights == NULL)
        return;
    a = weights->allocator;
    ipt__free(&a, weights);
}

enum ipt_status
ipt_weights_get(const struct ipt_weights *weights,
                enum ipt_technique technique, enum ipt_weight_column column,
                uint32_t *out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!valid_technique((int32_t)technique) || !valid_column((int32_t)column))
        return IPT_ERR_OUT_OF_RANGE;
    *out = table_of(weights)[(int)technique - TECHNIQUE_FIRST]
                            [(int)column - COLUMN_FIRST];
    return IPT_OK;
}

enum ipt_status
ipt_weights_set(struct ipt_weights *weights, enum ipt_technique technique,
                enum ipt_weight_column column, uint32_t weight)
{
    if (weights == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!valid_technique((int32_t)technique) ||
        !valid_column((int32_t)column) || weight > WEIGHT_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    weights->w[(int)technique - TECHNIQUE_FIRST][(int)column - COLUMN_FIRST] =
        (uint8_t)weight;
    return IPT_OK;
}

/* ---- context ------------------------------------------------------------ */

/*
 * Copy a caller's context of any size at least as large as version 1.
 * Bytes beyond what this library knows must be zero.
 */
static enum ipt_status
read_context(const struct ipt_select_context *in,
             struct ipt_select_context *c)
{
    return ipt__read_sized(in, SELECT_CONTEXT_V1_SIZE, c, sizeof(*c));
}

static enum ipt_status
check_context(const struct ipt_select_context *c)
{
    if (c->phase != IPT_STATE_INITIAL && c->phase != IPT_STATE_MIDDLE &&
        c->phase != IPT_STATE_TERMINATION)
        return IPT_ERR_OUT_OF_RANGE;
    if ((c->focus & ~IPT__AREA_MASK) != 0)
        return IPT_ERR_OUT_OF_RANGE;
    if (c->phase == IPT_STATE_MIDDLE && c->focus == 0)
        return IPT_ERR_OUT_OF_RANGE;
    if (c->dispute_stage < 0 || c->dispute_stage > IPT_DISPUTE_DISSOLUTION)
        return IPT_ERR_OUT_OF_RANGE;
    if ((c->flags & ~IPT_SELECT_FLAGS_ALL) != 0)
        return IPT_ERR_OUT_OF_RANGE;
    if ((c->recent_techniques & ~TECHNIQUE_MASK) != 0)
        return IPT_ERR_OUT_OF_RANGE;
    return IPT_OK;
}

/* Sessions whose recorded techniques count as recent. */
#define RECENT_SESSIONS 2u

/* Flags that the course's session records imply for the next session: a
 * PHQ-9 with item 9 above 0 in the latest held session, and early
 * non-response of the PHQ-9 series (default thresholds) in the middle
 * phase. */
static uint32_t
flags_from_records(const struct ipt_course *course, uint32_t held,
                   enum ipt_state phase)
{
    struct ipt_measure phq9;
    struct ipt_measure_score score;
    struct ipt_outcome outcome;
    uint32_t flags = 0;

    /* A recorded measure was validated, so scoring it again succeeds. */
    memset(&score, 0, sizeof(score));
    if (held > 0 &&
        ipt_course_get_measure(course, held, IPT_MEASURE_PHQ9, &phq9) ==
            IPT_OK) {
        (void)ipt_measure_score(&phq9, IPT_HAMD_BANDING_CLINICAL, &score,
                                NULL, 0);
        if ((score.flags & IPT_MEASURE_SAFETY) != 0)
            flags |= IPT_SELECT_SAFETY_ITEM9;
    }
    if (phase == IPT_STATE_MIDDLE &&
        ipt_course_outcome(course, IPT_MEASURE_PHQ9, NULL, &outcome) ==
            IPT_OK &&
        (outcome.flags & IPT_OUTCOME_EARLY_NONRESPONSE) != 0)
        flags |= IPT_SELECT_NONRESPONSE;
    return flags;
}

enum ipt_status
ipt_select_context_from_course(const struct ipt_course *course,
                               struct ipt_select_context *ctx)
{
    enum ipt_state phase;
    enum ipt_dispute_stage stage;
    uint32_t focus = 0, held = 0, remaining = 0;
    int32_t stage_value = 0;
    enum ipt_status st;

    if (course == NULL || ctx == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (ctx->size < SELECT_CONTEXT_V1_SIZE)
        return IPT_ERR_INVALID_ARGUMENT;
    st = ipt_course_get_next_phase(course, &phase);
    if (st != IPT_OK)
        return st;
    /* The other getters fail only on NULL arguments; the stage is not
     * available until one is set. */
    (void)ipt_course_get_focus(course, &focus);
    if (ipt_course_get_dispute_stage(course, &stage) == IPT_OK)
        stage_value = (int32_t)stage;
    (void)ipt_course_get_sessions(course, &held, NULL, &remaining);

    ctx->phase = (int32_t)phase;
    ctx->focus = focus;
    ctx->dispute_stage = stage_value;
    ctx->session = held + 1;
    ctx->sessions_remaining = remaining;
    ctx->flags |= flags_from_records(course, held, phase);
    for (uint32_t s = held > RECENT_SESSIONS ? held - RECENT_SESSIONS + 1 : 1;
         s <= held; s++) {
        struct ipt_session_info info;

        memset(&info, 0, sizeof(info));
        info.size = (uint32_t)sizeof(info);
        (void)ipt_course_get_session(course, s, &info);    /* s <= held */
        ctx->recent_techniques |= info.techniques & TECHNIQUE_MASK;
    }
    return IPT_OK;
}

/* ---- scoring ------------------------------------------------------------ */

/* Weight column of a problem area in the middle phase.  The weight table
 * has no column for grief for the lost healthy self (IPSRT): it is a kind
 * of mourning and uses the grief column. */
static enum ipt_weight_column
area_column(int32_t area, int32_t stage)
{
    if (area == IPT_AREA_GRIEF || area == IPT_AREA_LOST_HEALTHY_SELF)
        return IPT_COLUMN_GRIEF;
    if (area == IPT_AREA_ROLE_TRANSITION)
        return IPT_COLUMN_ROLE_TRANSITION;
    if (area == IPT_AREA_INTERPERSONAL_DEFICITS)
        return IPT_COLUMN_INTERPERSONAL_DEFICITS;
    /* role dispute */
    if (stage == IPT_DISPUTE_RENEGOTIATION)
        return IPT_COLUMN_DISPUTE_RENEGOTIATION;
    if (stage == IPT_DISPUTE_IMPASSE)
        return IPT_COLUMN_DISPUTE_IMPASSE;
    if (stage == IPT_DISPUTE_DISSOLUTION)
        return IPT_COLUMN_DISPUTE_DISSOLUTION;
    return IPT_COLUMN_ROLE_DISPUTE;
}

static int
staged_column(enum ipt_weight_column column)
{
    return column == IPT_COLUMN_DISPUTE_RENEGOTIATION ||
           column == IPT_COLUMN_DISPUTE_IMPASSE ||
           column == IPT_COLUMN_DISPUTE_DISSOLUTION;
}

/* Adds @delta to @s's score, clamped to 0..100, and records @reason if the
 * score changed. */
static void
adjust(struct ipt_suggestion *s, int delta, enum ipt_select_reason reason)
{
    int v = (int)s->score + delta;

    if (v < 0)
        v = 0;
    if (v > (int)WEIGHT_MAX)
        v = (int)WEIGHT_MAX;
    if ((uint32_t)v != s->score) {
        s->score = (uint32_t)v;
        s->reasons |= REASON_BIT(reason);
    }
}

/* Base score and reasons of technique @t: its weight in the context's
 * column, or in the middle phase the best weight among the focal areas'
 * columns.  A score of 0 means the table never suggests it here. */
static void
base_score(const uint8_t (*table)[COLUMNS],
           const struct ipt_select_context *c, int32_t t,
           struct ipt_suggestion *s)
{
    const uint8_t *row = table[t - TECHNIQUE_FIRST];

    s->technique = t;
    s->score = 0;
    s->reasons = 0;
    s->reserved = 0;

    if (c->phase == IPT_STATE_INITIAL || c->phase == IPT_STATE_TERMINATION) {
        enum ipt_weight_column col = c->phase == IPT_STATE_INITIAL
                                         ? IPT_COLUMN_INITIAL
                                         : IPT_COLUMN_TERMINATION;

        s->score = row[(int)col - COLUMN_FIRST];
        s->reasons = REASON_BIT(IPT_REASON_PHASE_WEIGHT);
        return;
    }

    /* Middle phase: the best column among the focal areas. */
    {
        int staged_best = 0;

        for (int32_t a = IPT__AREA_FIRST; a <= IPT__AREA_LAST; a++) {
            enum ipt_weight_column col;
            uint32_t w;

            if ((c->focus & IPT_AREA_BIT(a)) == 0)
                continue;
            col = area_column(a, c->dispute_stage);
            w = row[(int)col - COLUMN_FIRST];
            if (w > s->score) {
                s->score = w;
                staged_best = staged_column(col);
            } else if (w == s->score && staged_column(col)) {
                staged_best = 1;
            }
        }
        s->reasons = REASON_BIT(IPT_REASON_AREA_FIT);
        if (staged_best)
            s->reasons |= REASON_BIT(IPT_REASON_DISPUTE_STAGE_FIT);
    }
}

/* Applies the documented adjustments, in order, to a technique whose base
 * score is above 0.
 *
 * One block per row of the adjustment table of docs/selection.md: the
 * function is long but flat, and two cases of a row stay separate branches
 * even when their weights are equal today (PD_RELATIONSHIP and PD_MIT).
 * NOLINTBEGIN(readability-function-cognitive-complexity,bugprone-branch-clone)
 */
static void
apply_adjustments(const struct ipt_select_context *c, struct ipt_suggestion *s,
                  uint32_t base)
{
    int32_t t = s->technique;
    uint32_t f = c->flags;
    int recent = (c->recent_techniques & IPT_TECHNIQUE_BIT(t)) != 0;

    /* 1. MIT: only offered when enabled, and then said so. */
    if (mit_only(t))
        s->reasons |= REASON_BIT(IPT_REASON_MIT_ENABLED);

    /* 2. Personality-disorder features. */
    if ((f & IPT_SELECT_PD_FEATURES) != 0) {
        if (t == IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP)
            adjust(s, PD_RELATIONSHIP, IPT_REASON_PD_FEATURES);
        else if (mit_only(t))
            adjust(s, PD_MIT, IPT_REASON_PD_FEATURES);
    }

    /* 3. Adolescent. */
    if ((f & IPT_SELECT_ADOLESCENT) != 0) {
        if (t == IPT_TECHNIQUE_PSYCHOEDUCATION)
            adjust(s, ADOLESCENT_PSYCHOEDUCATION, IPT_REASON_ADOLESCENT);
        else if (t == IPT_TECHNIQUE_ROLE_PLAY)
            adjust(s, ADOLESCENT_ROLE_PLAY, IPT_REASON_ADOLESCENT);
        else if (t == IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP)
            adjust(s, ADOLESCENT_RELATIONSHIP, IPT_REASON_ADOLESCENT);
    }

    /* 4. Group format. */
    if ((f & IPT_SELECT_GROUP) != 0) {
        if (t == IPT_TECHNIQUE_ROLE_PLAY)
            adjust(s, GROUP_ROLE_PLAY, IPT_REASON_GROUP_FORMAT);
        else if (t == IPT_TECHNIQUE_COMMUNICATION_ANALYSIS)
            adjust(s, GROUP_COMMUNICATION, IPT_REASON_GROUP_FORMAT);
        else if (t == IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP)
            adjust(s, GROUP_RELATIONSHIP, IPT_REASON_GROUP_FORMAT);
    }

    /* 5. Non-response at mid-course (middle phase only). */
    if ((f & IPT_SELECT_NONRESPONSE) != 0 && c->phase == IPT_STATE_MIDDLE) {
        if (t == IPT_TECHNIQUE_DECISION_ANALYSIS)
            adjust(s, NONRESPONSE_DECISION, IPT_REASON_NONRESPONSE);
        else if (t == IPT_TECHNIQUE_PSYCHOEDUCATION)
            adjust(s, NONRESPONSE_PSYCHOEDUCATION, IPT_REASON_NONRESPONSE);
        else if (t == IPT_TECHNIQUE_CLARIFICATION)
            adjust(s, NONRESPONSE_CLARIFICATION, IPT_REASON_NONRESPONSE);
    }

    /* 6. Ending near: the middle phase with 1..4 planned sessions left
     *    (0 means "not known"). */
    if (c->phase == IPT_STATE_MIDDLE && c->sessions_remaining > 0 &&
        c->sessions_remaining <= ENDING_NEAR_SESSIONS) {
        if (t == IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT)
            adjust(s, ENDING_NEAR_AFFECT, IPT_REASON_ENDING_NEAR);
        else if (t == IPT_TECHNIQUE_DECISION_ANALYSIS)
            adjust(s, ENDING_NEAR_DECISION, IPT_REASON_ENDING_NEAR);
    }

    /* 7. Recent work.  Termination starts no new role plays; elsewhere a
     *    well-fitting technique continues, a poorly fitting one yields. */
    if (c->phase == IPT_STATE_TERMINATION) {
        if (t == IPT_TECHNIQUE_ROLE_PLAY) {
            if (recent) {
                s->reasons |= REASON_BIT(IPT_REASON_CONTINUES_RECENT_WORK);
            } else {
                s->score = 0;
                s->reasons = 0;
            }
        }
    } else if (recent) {
        if (base >= RECENT_KEEP_WEIGHT)
            adjust(s, RECENT_CONTINUE, IPT_REASON_CONTINUES_RECENT_WORK);
        else
            adjust(s, RECENT_VARY, IPT_REASON_RECENTLY_USED);
    }
}
/* NOLINTEND(readability-function-cognitive-complexity,bugprone-branch-clone) */

/* Orders by score, highest first, then by technique value. */
static int
ranks_before(const struct ipt_suggestion *a, const struct ipt_suggestion *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    return a->technique < b->technique;
}

/* Checks, scores and ranks in one pass, in the order docs/selection.md
 * gives; the safety item and the MIT filter are the only special cases.
 * NOLINTBEGIN(readability-function-cognitive-complexity) */
enum ipt_status
ipt_select_techniques(const struct ipt_weights *weights,
                      const struct ipt_select_context *ctx,
                      struct ipt_suggestion *out, uint32_t capacity,
                      uint32_t *count)
{
    const uint8_t (*table)[COLUMNS] = table_of(weights);
    struct ipt_select_context c;
    struct ipt_suggestion list[TECHNIQUES];
    uint32_t n = 0;
    enum ipt_status st;
    int safety;

    if (ctx == NULL || count == NULL || (out == NULL && capacity > 0))
        return IPT_ERR_INVALID_ARGUMENT;
    st = read_context(ctx, &c);
    if (st != IPT_OK)
        return st;
    st = check_context(&c);
    if (st != IPT_OK)
        return st;
    safety = (c.flags & IPT_SELECT_SAFETY_ITEM9) != 0;

    for (int32_t t = TECHNIQUE_FIRST; t <= TECHNIQUE_LAST; t++) {
        struct ipt_suggestion s;

        if (safety && t == IPT_TECHNIQUE_SAFETY_ASSESSMENT) {
            s.technique = t;
            s.score = WEIGHT_MAX;
            s.reasons = REASON_BIT(IPT_REASON_SAFETY_FIRST);
            s.reserved = 0;
        } else {
            uint32_t base;

            if (mit_only(t) && (c.flags & IPT_SELECT_ALLOW_MIT) == 0)
                continue;
            base_score(table, &c, t, &s);
            base = s.score;
            if (base == 0)
                continue; /* a weight of 0: never suggested here */
            apply_adjustments(&c, &s, base);
            if (safety && s.score > SAFETY_CAP)
                s.score = SAFETY_CAP;
            if (s.score == 0)
                continue;
        }

        /* Insertion into the sorted list. */
        {
            uint32_t i = n;

            while (i > 0 && ranks_before(&s, &list[i - 1])) {
                list[i] = list[i - 1];
                i--;
            }
            list[i] = s;
            n++;
        }
    }

    if (capacity == 0) {
        *count = n;
        return IPT_OK;
    }
    if (n > capacity)
        n = capacity;
    memcpy(out, list, n * sizeof(list[0]));
    *count = n;
    return IPT_OK;
}
/* NOLINTEND(readability-function-cognitive-complexity) */

/* ---- explanation -------------------------------------------------------- */

/* Order of reasons in an explanation: the most specific first. */
static const enum ipt_select_reason explain_order[] = {
    IPT_REASON_SAFETY_FIRST,
    IPT_REASON_DISPUTE_STAGE_FIT,
    IPT_REASON_AREA_FIT,
    IPT_REASON_PHASE_WEIGHT,
    IPT_REASON_MIT_ENABLED,
    IPT_REASON_PD_FEATURES,
    IPT_REASON_ADOLESCENT,
    IPT_REASON_GROUP_FORMAT,
    IPT_REASON_NONRESPONSE,
    IPT_REASON_ENDING_NEAR,
    IPT_REASON_CONTINUES_RECENT_WORK,
    IPT_REASON_RECENTLY_USED,
};

/* Appends text to a buffer of @size bytes, keeping it NUL-terminated and
 * counting the full length in *len even past the end. */
static void
append(char *buf, size_t size, size_t *len, const char *text)
{
    size_t n = strlen(text);

    if (*len + 1 < size) {
        size_t room = size - 1 - *len;
        size_t k = n < room ? n : room;

        memcpy(buf + *len, text, k);
        buf[*len + k] = '\0';
    }
    *len += n;
}

enum ipt_status
ipt_suggestion_explain(const struct ipt_suggestion *suggestion, char *buf,
                       uint64_t size, uint64_t *length)
{
    const struct ipt_technique_info *info = NULL;
    size_t cap;
    char score[32];
    size_t len = 0;
    const char *sep = ": ";

    if (suggestion == NULL || (buf == NULL && size > 0))
        return IPT_ERR_INVALID_ARGUMENT;
    if ((suggestion->reasons & ~REASON_MASK) != 0)
        return IPT_ERR_OUT_OF_RANGE;
    if (ipt_technique_describe((enum ipt_technique)suggestion->technique,
                               &info) != IPT_OK)
        return IPT_ERR_OUT_OF_RANGE;

    cap = ipt__size_clamp(size);
    if (cap > 0)
        buf[0] = '\0';
    append(buf, cap, &len, info->display_name);
    ipt__format(score, sizeof(score), " (score %u)",
                (unsigned)suggestion->score);
    append(buf, cap, &len, score);
    for (size_t i = 0; i < IPT__ARRAY_SIZE(explain_order); i++) {
        if ((suggestion->reasons & REASON_BIT(explain_order[i])) == 0)
            continue;
        append(buf, cap, &len, sep);
        append(buf, cap, &len, ipt_select_reason_text(explain_order[i]));
        sep = "; ";
    }
    if (length != NULL)
        *length = len;
    return len < cap ? IPT_OK : IPT_ERR_BUFFER_TOO_SMALL;
}
