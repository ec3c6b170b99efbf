/* SPDX-License-Identifier: MIT */
/*
 * The misuse gate: every public function of libipt, called the ways a
 * careless or hostile caller (or a language binding) would call it.
 *
 * The table at the end has one MISUSE(function, note) entry per IPT_API
 * function of the public headers; check-misuse-coverage.py fails when a
 * function has none.  Each entry runs the function with
 *   - each pointer parameter NULL;
 *   - each enum parameter at min - 1, max + 1, INT_MIN and INT_MAX;
 *   - each size or count at 0, its documented maximum, maximum + 1 and
 *     SIZE_MAX / UINT32_MAX / UINT64_MAX (where a pointer of that size could
 *     not exist, with the pointer NULL, so that no call reads past a real
 *     buffer);
 *   - versioned structs too small, too large with non-zero tail bytes, and
 *     reserved fields set;
 *   - objects in a state the call does not accept (a course not started or
 *     ended, a built-in profile to free, a course changed from its own
 *     observer);
 * and checks the status named in the function's documentation, and that
 * objects and output parameters are unchanged on failure.  An entry whose
 * note is not NULL says why the function has no fallible input; it still
 * checks what the function promises.
 *
 * The test counts the calls it checks and prints the figure as a TAP
 * comment ("# misuse: N functions, M checked calls").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "common.h"

/* ---- checking and counting ------------------------------------------- */

static unsigned long checked;   /* calls checked by the entries */
static bool json_built;         /* libipt was built with jansson */

#define CHECK(call, want)                                                   \
    do {                                                                    \
        checked++;                                                          \
        assert_int_equal((call), (want));                                   \
    } while (0)

/* A call with two faults may report either one's documented status. */
#define CHECK_EITHER(call, one, other)                                      \
    do {                                                                    \
        enum ipt_status st_ = (call);                                       \
                                                                            \
        checked++;                                                          \
        if (st_ != (one) && st_ != (other))                                 \
            fail_msg("%s gave %s, expected %s or %s", #call,                \
                     ipt_status_name(st_), ipt_status_name(one),            \
                     ipt_status_name(other));                               \
    } while (0)

#define CHECK_TRUE(expr)                                                    \
    do {                                                                    \
        checked++;                                                          \
        assert_true(expr);                                                  \
    } while (0)

#define CHECK_NULL(expr)                                                    \
    do {                                                                    \
        checked++;                                                          \
        assert_null(expr);                                                  \
    } while (0)

#define CHECK_NONNULL(expr)                                                 \
    do {                                                                    \
        checked++;                                                          \
        assert_non_null(expr);                                              \
    } while (0)

/* The status a JSON function gives once its arguments pass: @p st when
 * libipt has JSON support, IPT_ERR_NOT_BUILT otherwise. */
#define JSON_OR_NOT_BUILT(st) (json_built ? (st) : IPT_ERR_NOT_BUILT)

/* Out-of-range values of an enum whose values run from lo to hi. */
#define BAD_ENUM(lo, hi) { (int)(lo) - 1, (int)(hi) + 1, INT_MIN, INT_MAX }

/* Written into output parameters before a call that must fail. */
#define SENTINEL 0x5A
#define SENTINEL_U32 UINT32_C(0x5A5A5A5A)

/* ---- names of enum values -------------------------------------------- */

/* Names that no enum has: empty, blank, unknown, and variants of a real
 * name (upper case, with a trailing blank, with a leading blank, cut
 * short). */
static void
bad_names(const char *good, char out[][80], size_t *n)
{
    size_t len = strlen(good);
    size_t k = 0;

    assert_true(len > 1 && len < 70);
    strcpy(out[k++], "");
    strcpy(out[k++], " ");
    strcpy(out[k++], "no_such_name");
    for (size_t i = 0; i <= len; i++)
        out[k][i] = (char)(good[i] >= 'a' && good[i] <= 'z'
                               ? good[i] - 'a' + 'A' : good[i]);
    k++;
    snprintf(out[k++], 80, "%s ", good);
    snprintf(out[k++], 80, " %s", good);
    memcpy(out[k], good, len - 1);
    out[k++][len - 1] = '\0';
    *n = k;
}

/*
 * prefix_name() and prefix_from_name() of an enum whose values run from
 * lo to hi: every bad value has no name, every value has one that reads
 * back; NULL arguments and unknown names fail and leave *out alone.
 */
#define NAME_PAIR(prefix, type, lo, hi)                                     \
    static void misuse_##prefix##_name(void)                                \
    {                                                                       \
        const int bad[] = BAD_ENUM(lo, hi);                                 \
                                                                            \
        for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)                      \
            CHECK_NULL(prefix##_name((type)bad[i]));                        \
        for (int v = (lo); v <= (hi); v++)                                  \
            CHECK_NONNULL(prefix##_name((type)v));                          \
    }                                                                       \
    static void misuse_##prefix##_from_name(void)                           \
    {                                                                       \
        const char *good = prefix##_name((type)(lo));                       \
        char names[8][80];                                                  \
        size_t n = 0;                                                       \
        type out = (type)SENTINEL;                                          \
                                                                            \
        CHECK(prefix##_from_name(NULL, &out), IPT_ERR_INVALID_ARGUMENT);    \
        CHECK(prefix##_from_name(good, NULL), IPT_ERR_INVALID_ARGUMENT);    \
        CHECK(prefix##_from_name(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);    \
        bad_names(good, names, &n);                                         \
        for (size_t i = 0; i < n; i++)                                      \
            CHECK(prefix##_from_name(names[i], &out),                       \
                  IPT_ERR_UNKNOWN_NAME);                                    \
        assert_int_equal((int)out, SENTINEL);                               \
        for (int v = (lo); v <= (hi); v++) {                                \
            CHECK(prefix##_from_name(prefix##_name((type)v), &out),         \
                  IPT_OK);                                                  \
            assert_int_equal((int)out, v);                                  \
        }                                                                   \
    }

/* A function that gives a static text for each value from lo to hi, and
 * NULL for any other. */
#define TEXT_OF(fn, type, lo, hi)                                           \
    static void misuse_##fn(void)                                           \
    {                                                                       \
        const int bad[] = BAD_ENUM(lo, hi);                                 \
                                                                            \
        for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)                      \
            CHECK_NULL(fn((type)bad[i]));                                   \
        for (int v = (lo); v <= (hi); v++)                                  \
            CHECK_TRUE(fn((type)v) != NULL && fn((type)v)[0] != '\0');      \
    }

NAME_PAIR(ipt_status, enum ipt_status, IPT_OK, IPT_ERR_SYSTEM)
NAME_PAIR(ipt_state, enum ipt_state, IPT_STATE_NOT_STARTED,
          IPT_STATE_MAINTENANCE)
NAME_PAIR(ipt_area, enum ipt_area, IPT_AREA_GRIEF,
          IPT_AREA_LOST_HEALTHY_SELF)
NAME_PAIR(ipt_dispute_stage, enum ipt_dispute_stage,
          IPT_DISPUTE_RENEGOTIATION, IPT_DISPUTE_DISSOLUTION)
NAME_PAIR(ipt_task, enum ipt_task, IPT_TASK_HISTORY_AND_DIAGNOSIS,
          IPT_TASK_PLAN_CONTINUATION)
NAME_PAIR(ipt_end_reason, enum ipt_end_reason, IPT_END_DROPOUT,
          IPT_END_OTHER)
NAME_PAIR(ipt_event_type, enum ipt_event_type, IPT_EVENT_START,
          IPT_EVENT_ENTER_MAINTENANCE)
NAME_PAIR(ipt_rule, enum ipt_rule, IPT_RULE_NONE, IPT_RULE_SESSIONS_REMAIN)
NAME_PAIR(ipt_diagram_format, enum ipt_diagram_format, IPT_DIAGRAM_DOT,
          IPT_DIAGRAM_MERMAID)
NAME_PAIR(ipt_technique, enum ipt_technique,
          IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION,
          IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION)
NAME_PAIR(ipt_modality, enum ipt_modality, IPT_MODALITY_IPT,
          IPT_MODALITY_GENERAL)
NAME_PAIR(ipt_goal_kind, enum ipt_goal_kind, IPT_GOAL_OVERALL,
          IPT_GOAL_STRATEGY)
NAME_PAIR(ipt_measure_kind, enum ipt_measure_kind, IPT_MEASURE_PHQ9,
          IPT_MEASURE_GAD7)
NAME_PAIR(ipt_band, enum ipt_band, IPT_BAND_NONE, IPT_BAND_VERY_SEVERE)
NAME_PAIR(ipt_hamd_banding, enum ipt_hamd_banding, IPT_HAMD_BANDING_CLINICAL,
          IPT_HAMD_BANDING_RUSH)
NAME_PAIR(ipt_srm_activity, enum ipt_srm_activity, IPT_SRM_OUT_OF_BED,
          IPT_SRM_TO_BED)
NAME_PAIR(ipt_select_reason, enum ipt_select_reason, IPT_REASON_PHASE_WEIGHT,
          IPT_REASON_RECENTLY_USED)
NAME_PAIR(ipt_weight_column, enum ipt_weight_column, IPT_COLUMN_INITIAL,
          IPT_COLUMN_TERMINATION)
NAME_PAIR(ipt_relationship, enum ipt_relationship, IPT_REL_PARTNER,
          IPT_REL_OTHER)
NAME_PAIR(ipt_reciprocity, enum ipt_reciprocity, IPT_RECIPROCITY_RECIPROCAL,
          IPT_RECIPROCITY_UNKNOWN)
NAME_PAIR(ipt_change, enum ipt_change, IPT_CHANGE_NONE, IPT_CHANGE_UNKNOWN)
NAME_PAIR(ipt_life_event_type, enum ipt_life_event_type, IPT_LIFE_DEATH,
          IPT_LIFE_DISPUTE_START)
NAME_PAIR(ipt_triage_reason, enum ipt_triage_reason,
          IPT_TRIAGE_DEATH_NEAR_ONSET, IPT_TRIAGE_NOT_ALLOWED)
NAME_PAIR(ipt_triage_verdict, enum ipt_triage_verdict,
          IPT_TRIAGE_FOCUS_FOUND, IPT_TRIAGE_NO_CLEAR_FOCUS)
NAME_PAIR(ipt_fidelity_rule, enum ipt_fidelity_rule,
          IPT_FIDELITY_INITIAL_TASKS, IPT_FIDELITY_NO_BASELINE)
NAME_PAIR(ipt_severity, enum ipt_severity, IPT_SEVERITY_INFO,
          IPT_SEVERITY_ERROR)
NAME_PAIR(ipt_sim_model, enum ipt_sim_model, IPT_SIM_COHORT_V1,
          IPT_SIM_CALLBACKS)

TEXT_OF(ipt_rule_description, enum ipt_rule, IPT_RULE_NONE,
        IPT_RULE_SESSIONS_REMAIN)
TEXT_OF(ipt_select_reason_text, enum ipt_select_reason,
        IPT_REASON_PHASE_WEIGHT, IPT_REASON_RECENTLY_USED)
TEXT_OF(ipt_triage_reason_text, enum ipt_triage_reason,
        IPT_TRIAGE_DEATH_NEAR_ONSET, IPT_TRIAGE_NOT_ALLOWED)
TEXT_OF(ipt_fidelity_rule_source, enum ipt_fidelity_rule,
        IPT_FIDELITY_INITIAL_TASKS, IPT_FIDELITY_NO_BASELINE)

/* Flags are single bits: no value but one bit from 1 << 0 to 1 << 5 has a
 * name. */
static void
misuse_ipt_select_flag_name(void)
{
    const int bad[] = { 0, 3, 1 << 6, -1, INT_MIN, INT_MAX };

    for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)
        CHECK_NULL(ipt_select_flag_name((enum ipt_select_flag)bad[i]));
    for (int b = 0; b < 6; b++)
        CHECK_NONNULL(ipt_select_flag_name((enum ipt_select_flag)(1 << b)));
}

static void
misuse_ipt_select_flag_from_name(void)
{
    const char *good = ipt_select_flag_name(IPT_SELECT_ALLOW_MIT);
    char names[8][80];
    size_t n = 0;
    enum ipt_select_flag out = (enum ipt_select_flag)SENTINEL;

    CHECK(ipt_select_flag_from_name(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_select_flag_from_name(good, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_select_flag_from_name(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    bad_names(good, names, &n);
    for (size_t i = 0; i < n; i++)
        CHECK(ipt_select_flag_from_name(names[i], &out),
              IPT_ERR_UNKNOWN_NAME);
    assert_int_equal((int)out, SENTINEL);
    for (int b = 0; b < 6; b++) {
        enum ipt_select_flag f = (enum ipt_select_flag)(1 << b);

        CHECK(ipt_select_flag_from_name(ipt_select_flag_name(f), &out),
              IPT_OK);
        assert_int_equal(out, f);
    }
}

/* ---- status and version ---------------------------------------------- */

static void
misuse_ipt_status_message(void)
{
    const int bad[] = BAD_ENUM(IPT_OK, IPT_ERR_SYSTEM);

    for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)
        CHECK_TRUE(strcmp(ipt_status_message((enum ipt_status)bad[i]),
                          "unknown status code") == 0);
    for (int v = IPT_OK; v <= IPT_ERR_SYSTEM; v++)
        CHECK_TRUE(strcmp(ipt_status_message((enum ipt_status)v),
                          "unknown status code") != 0);
}

static void
misuse_ipt_version(void)
{
    CHECK_TRUE(ipt_version() == (uint32_t)IPT_VERSION_NUMBER);
}

static void
misuse_ipt_version_string(void)
{
    CHECK_TRUE(strcmp(ipt_version_string(), IPT_VERSION_STRING) == 0);
}

/* ---- types ----------------------------------------------------------- */

static void
misuse_ipt_task_phase(void)
{
    const int bad[] = BAD_ENUM(IPT_TASK_HISTORY_AND_DIAGNOSIS,
                               IPT_TASK_PLAN_CONTINUATION);
    enum ipt_state out = (enum ipt_state)SENTINEL;

    CHECK(ipt_task_phase(IPT_TASK_SICK_ROLE, NULL), IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++) {
        CHECK(ipt_task_phase((enum ipt_task)bad[i], &out),
              IPT_ERR_OUT_OF_RANGE);
        CHECK_EITHER(ipt_task_phase((enum ipt_task)bad[i], NULL),
                     IPT_ERR_INVALID_ARGUMENT, IPT_ERR_OUT_OF_RANGE);
    }
    assert_int_equal((int)out, SENTINEL);
    CHECK(ipt_task_phase(IPT_TASK_PLAN_CONTINUATION, &out), IPT_OK);
    assert_int_equal(out, IPT_STATE_TERMINATION);
}

/* ---- catalogue ------------------------------------------------------- */

static void
misuse_ipt_technique_describe(void)
{
    const int bad[] = BAD_ENUM(IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION,
                               IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION);
    const struct ipt_technique_info *const sentinel =
        (const struct ipt_technique_info *)(uintptr_t)0x1000;
    const struct ipt_technique_info *out = sentinel;

    CHECK(ipt_technique_describe(IPT_TECHNIQUE_ROLE_PLAY, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)
        CHECK(ipt_technique_describe((enum ipt_technique)bad[i], &out),
              IPT_ERR_OUT_OF_RANGE);
    assert_ptr_equal(out, sentinel);
}

static void
misuse_ipt_technique_count(void)
{
    /* No argument; the count agrees with ipt_technique_at(). */
    uint32_t n = ipt_technique_count();
    const struct ipt_technique_info *info = NULL;

    CHECK_TRUE(n > 0);
    CHECK(ipt_technique_at(n - 1, &info), IPT_OK);
    CHECK(ipt_technique_at(n, &info), IPT_ERR_OUT_OF_RANGE);
}

/* An index-based lookup of a table of @p count entries. */
#define INDEX_CASES(fn, type, count)                                        \
    do {                                                                    \
        type const sentinel = (type)(uintptr_t)0x1000;                      \
        type out = sentinel;                                                \
        const uint32_t bad[] = { (count), (count) + 1, UINT32_MAX };        \
                                                                            \
        CHECK(fn(0, NULL), IPT_ERR_INVALID_ARGUMENT);                       \
        CHECK(fn(UINT32_MAX, NULL), IPT_ERR_INVALID_ARGUMENT);              \
        for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)                      \
            CHECK(fn(bad[i], &out), IPT_ERR_OUT_OF_RANGE);                  \
        assert_ptr_equal(out, sentinel);                                    \
        CHECK(fn((count) - 1, &out), IPT_OK);                               \
        CHECK(fn(0, &out), IPT_OK);                                         \
    } while (0)

static void
misuse_ipt_technique_at(void)
{
    INDEX_CASES(ipt_technique_at, const struct ipt_technique_info *,
                ipt_technique_count());
}

static void
misuse_ipt_goal_count(void)
{
    uint32_t n = ipt_goal_count();
    const struct ipt_goal_info *info = NULL;

    CHECK_TRUE(n > 0);
    CHECK(ipt_goal_at(n - 1, &info), IPT_OK);
    CHECK(ipt_goal_at(n, &info), IPT_ERR_OUT_OF_RANGE);
}

static void
misuse_ipt_goal_at(void)
{
    INDEX_CASES(ipt_goal_at, const struct ipt_goal_info *, ipt_goal_count());
}

static void
misuse_ipt_goal_find(void)
{
    const struct ipt_goal_info *first = NULL;
    const struct ipt_goal_info *const sentinel =
        (const struct ipt_goal_info *)(uintptr_t)0x1000;
    const struct ipt_goal_info *out = sentinel;
    char names[8][80];
    size_t n = 0;

    assert_int_equal(ipt_goal_at(0, &first), IPT_OK);
    CHECK(ipt_goal_find(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_goal_find(first->id, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_goal_find(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    bad_names(first->id, names, &n);
    for (size_t i = 0; i < n; i++)
        CHECK(ipt_goal_find(names[i], &out), IPT_ERR_UNKNOWN_NAME);
    assert_ptr_equal(out, sentinel);
    CHECK(ipt_goal_find(first->id, &out), IPT_OK);
    assert_ptr_equal(out, first);
}

static void
misuse_ipt_task_describe(void)
{
    const int bad[] = BAD_ENUM(IPT_TASK_HISTORY_AND_DIAGNOSIS,
                               IPT_TASK_PLAN_CONTINUATION);
    const struct ipt_task_info *const sentinel =
        (const struct ipt_task_info *)(uintptr_t)0x1000;
    const struct ipt_task_info *out = sentinel;

    CHECK(ipt_task_describe(IPT_TASK_SICK_ROLE, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)
        CHECK(ipt_task_describe((enum ipt_task)bad[i], &out),
              IPT_ERR_OUT_OF_RANGE);
    assert_ptr_equal(out, sentinel);
}

/* ---- courses --------------------------------------------------------- */

/* A fresh standard course driven into @p state (see h_drive()). */
static struct ipt_course *
course_in(int state)
{
    struct ipt_course *c = h_new_standard();

    h_drive(c, state);
    return c;
}

/* An allocator that lacks one function or both. */
static struct ipt_allocator
broken_allocator(int which)
{
    struct m_fault *unused = NULL;
    struct ipt_allocator a;

    a.alloc = which & 1 ? NULL : m_fault_alloc_hook;
    a.free = which & 2 ? NULL : m_fault_free_hook;
    a.user_data = unused;
    return a;
}

static void
misuse_ipt_course_new(void)
{
    struct ipt_course *const sentinel = (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;

    CHECK(ipt_course_new(NULL, NULL, &c), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_new(h_standard(), NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_new(NULL, NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    for (int which = 1; which <= 3; which++) {
        struct ipt_allocator a = broken_allocator(which);

        CHECK(ipt_course_new(h_standard(), &a, &c),
              IPT_ERR_INVALID_ARGUMENT);
    }
    assert_ptr_equal(c, sentinel);
    /* every built-in profile gives a course */
    for (uint32_t i = 0; i < ipt_profile_builtin_count(); i++) {
        const struct ipt_profile *p = NULL;

        assert_int_equal(ipt_profile_builtin_at(i, &p), IPT_OK);
        CHECK(ipt_course_new(p, NULL, &c), IPT_OK);
        ipt_course_free(c);
    }
}

static void
misuse_ipt_course_free(void)
{
    /* NULL does nothing; a course in any state is released (the sanitizer
     * build reports a leak otherwise). */
    ipt_course_free(NULL);
    checked++;
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        ipt_course_free(course_in(s));
        checked++;
    }
    ipt_course_free(m_recorded_course(NULL));
    checked++;
}

/* One malformed or refused event for a course in the middle phase (as
 * h_drive() leaves it: role dispute in focus, no stage, session 1 held,
 * 16 planned), with the status ipt_course_apply() must give. */
struct bad_event {
    struct ipt_event event;
    enum ipt_status want;
    enum ipt_rule rule;
};

#define FAR_TS (INT64_C(1) << 40)

static size_t
bad_events(struct bad_event *out, size_t room)
{
    const int bad_type[] = BAD_ENUM(IPT_EVENT_START,
                                    IPT_EVENT_ENTER_MAINTENANCE);
    const int bad_task[] = BAD_ENUM(IPT_TASK_HISTORY_AND_DIAGNOSIS,
                                    IPT_TASK_PLAN_CONTINUATION);
    const int bad_stage[] = BAD_ENUM(IPT_DISPUTE_RENEGOTIATION,
                                     IPT_DISPUTE_DISSOLUTION);
    const int bad_reason[] = BAD_ENUM(IPT_END_DROPOUT, IPT_END_OTHER);
    const uint32_t bad_areas[] = { 1u, 1u << 6, 0x80000000u, UINT32_MAX };
    size_t n = 0;

#define ADD(type, value, areas, ts, st, r)                                  \
    do {                                                                    \
        assert_true(n < room);                                              \
        out[n].event = h_event((type), (value), (areas), (ts));             \
        out[n].want = (st);                                                 \
        out[n].rule = (r);                                                  \
        n++;                                                                \
    } while (0)

    for (size_t i = 0; i < 4; i++) {
        ADD(bad_type[i], 0, 0, FAR_TS, IPT_ERR_OUT_OF_RANGE, IPT_RULE_NONE);
        ADD(IPT_EVENT_COMPLETE_TASK, bad_task[i], 0, FAR_TS,
            IPT_ERR_OUT_OF_RANGE, IPT_RULE_NONE);
        ADD(IPT_EVENT_SET_DISPUTE_STAGE, bad_stage[i], 0, FAR_TS,
            IPT_ERR_OUT_OF_RANGE, IPT_RULE_NONE);
        ADD(IPT_EVENT_DISCONTINUE, bad_reason[i], 0, FAR_TS,
            IPT_ERR_OUT_OF_RANGE, IPT_RULE_NONE);
        ADD(IPT_EVENT_CHOOSE_FOCUS, 0, bad_areas[i], FAR_TS,
            IPT_ERR_OUT_OF_RANGE, IPT_RULE_NONE);
    }
    /* a planned session count below 1 is out of range; above the
     * profile's maximum (16) it breaks a rule */
    ADD(IPT_EVENT_RENEGOTIATE_CONTRACT, 0, 0, FAR_TS, IPT_ERR_OUT_OF_RANGE,
        IPT_RULE_NONE);
    ADD(IPT_EVENT_RENEGOTIATE_CONTRACT, -1, 0, FAR_TS, IPT_ERR_OUT_OF_RANGE,
        IPT_RULE_NONE);
    ADD(IPT_EVENT_RENEGOTIATE_CONTRACT, INT_MIN, 0, FAR_TS,
        IPT_ERR_OUT_OF_RANGE, IPT_RULE_NONE);
    ADD(IPT_EVENT_RENEGOTIATE_CONTRACT, 17, 0, FAR_TS, IPT_ERR_GUARD_FAILED,
        IPT_RULE_CONTRACT_LIMITS);
    ADD(IPT_EVENT_RENEGOTIATE_CONTRACT, INT_MAX, 0, FAR_TS,
        IPT_ERR_GUARD_FAILED, IPT_RULE_CONTRACT_LIMITS);
    ADD(IPT_EVENT_RENEGOTIATE_CONTRACT, 16, 0, FAR_TS, IPT_ERR_GUARD_FAILED,
        IPT_RULE_CONTRACT_CHANGED);
    ADD(IPT_EVENT_RENEGOTIATE_CONTRACT, 1, 0, FAR_TS, IPT_ERR_GUARD_FAILED,
        IPT_RULE_CONTRACT_LIMITS);
    /* fields an event type does not use must stay 0 */
    ADD(IPT_EVENT_HOLD_SESSION, 1, 0, FAR_TS, IPT_ERR_INVALID_ARGUMENT,
        IPT_RULE_NONE);
    ADD(IPT_EVENT_HOLD_SESSION, INT_MIN, 0, FAR_TS, IPT_ERR_INVALID_ARGUMENT,
        IPT_RULE_NONE);
    ADD(IPT_EVENT_HOLD_SESSION, 0, IPT_AREA_BIT(IPT_AREA_GRIEF), FAR_TS,
        IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    ADD(IPT_EVENT_CHOOSE_FOCUS, 1, IPT_AREA_BIT(IPT_AREA_GRIEF), FAR_TS,
        IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    ADD(IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT, IPT_AREA_BIT(IPT_AREA_GRIEF),
        FAR_TS, IPT_ERR_INVALID_ARGUMENT, IPT_RULE_NONE);
    /* timestamps never go backwards */
    ADD(IPT_EVENT_HOLD_SESSION, 0, 0, INT64_MIN, IPT_ERR_OUT_OF_RANGE,
        IPT_RULE_TIMESTAMP_ORDER);
    ADD(IPT_EVENT_HOLD_SESSION, 0, 0, 0, IPT_ERR_OUT_OF_RANGE,
        IPT_RULE_TIMESTAMP_ORDER);
    /* allowed in the middle phase only with its rules met */
    ADD(IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0, FAR_TS, IPT_OK,
        IPT_RULE_NONE);
    /* never allowed in the middle phase */
    ADD(IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE, 0, FAR_TS,
        IPT_ERR_EVENT_NOT_ALLOWED, IPT_RULE_EVENT_ALLOWED_IN_STATE);
    ADD(IPT_EVENT_CHOOSE_FOCUS, 0, IPT_AREA_BIT(IPT_AREA_GRIEF), FAR_TS,
        IPT_ERR_EVENT_NOT_ALLOWED, IPT_RULE_EVENT_ALLOWED_IN_STATE);
    ADD(IPT_EVENT_START, 0, 0, FAR_TS, IPT_ERR_EVENT_NOT_ALLOWED,
        IPT_RULE_EVENT_ALLOWED_IN_STATE);
    ADD(IPT_EVENT_ENTER_MAINTENANCE, 0, 0, FAR_TS, IPT_ERR_EVENT_NOT_ALLOWED,
        IPT_RULE_EVENT_ALLOWED_IN_STATE);
#undef ADD
    {
        struct ipt_event e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, FAR_TS);

        e.reserved = 1;
        assert_true(n < room);
        out[n].event = e;
        out[n].want = IPT_ERR_INVALID_ARGUMENT;
        out[n].rule = IPT_RULE_NONE;
        n++;
        e.reserved = UINT32_MAX;
        assert_true(n < room);
        out[n].event = e;
        out[n].want = IPT_ERR_INVALID_ARGUMENT;
        out[n].rule = IPT_RULE_NONE;
        n++;
    }
    return n;
}

/* Fills the event log of @p c (in the middle phase, role dispute in focus)
 * by moving the dispute stage back and forth. */
static void
fill_log(struct ipt_course *c)
{
    int stage = IPT_DISPUTE_RENEGOTIATION;

    while (h_log_count(c) < h_log_capacity(c)) {
        h_stage(c, stage);
        stage = stage == IPT_DISPUTE_RENEGOTIATION ? IPT_DISPUTE_IMPASSE
                                                   : IPT_DISPUTE_RENEGOTIATION;
    }
}

static void
misuse_ipt_course_apply(void)
{
    struct bad_event bad[64];
    size_t n = bad_events(bad, M_ARRAY_SIZE(bad));
    struct ipt_event ok = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, FAR_TS);
    struct ipt_course *c;
    struct m_snap before;

    CHECK(ipt_course_apply(NULL, &ok), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_apply(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);

    c = course_in(IPT_STATE_MIDDLE);
    m_snap_take(c, &before);
    CHECK(ipt_course_apply(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
    m_assert_unchanged(c, &before);
    for (size_t i = 0; i < n; i++) {
        if (bad[i].want == IPT_OK)
            continue;
        CHECK(ipt_course_apply(c, &bad[i].event), bad[i].want);
        assert_int_equal(ipt_course_last_rule(c), bad[i].rule);
        assert_true(ipt_course_last_error(c)[0] != '\0');
        m_assert_unchanged(c, &before);
    }
    ipt_course_free(c);

    /* every event in every state where the table never accepts it */
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        c = course_in(s);
        m_snap_take(c, &before);
        for (int e = H_EVENT_FIRST; e <= H_EVENT_LAST; e++) {
            struct ipt_event ev = h_matrix_event(s, e);

            if (h_doc_allows(s, e))
                continue;
            CHECK(ipt_course_apply(c, &ev), IPT_ERR_EVENT_NOT_ALLOWED);
            assert_int_equal(ipt_course_last_rule(c),
                             IPT_RULE_EVENT_ALLOWED_IN_STATE);
            m_assert_unchanged(c, &before);
        }
        ipt_course_free(c);
    }

    /* a full log */
    c = course_in(IPT_STATE_MIDDLE);
    fill_log(c);
    m_snap_take(c, &before);
    ok = h_event(IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_DISSOLUTION, 0,
                 h_next_ts(c));
    CHECK(ipt_course_apply(c, &ok), IPT_ERR_LOG_FULL);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_LOG_CAPACITY);
    m_assert_unchanged(c, &before);
    /* and usable again once grown */
    assert_int_equal(ipt_course_reserve_log(c, h_log_capacity(c) + 1),
                     IPT_OK);
    CHECK(ipt_course_apply(c, &ok), IPT_OK);
    ipt_course_free(c);
}

static void
misuse_ipt_course_check(void)
{
    struct bad_event bad[64];
    size_t n = bad_events(bad, M_ARRAY_SIZE(bad));
    struct ipt_event ok = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, FAR_TS);
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    struct m_snap before;
    enum ipt_rule rule = (enum ipt_rule)SENTINEL;
    char msg[256], last[256];

    /* give the course a last error that check must not touch */
    assert_int_equal(ipt_course_apply(c, &bad[0].event), bad[0].want);
    snprintf(last, sizeof(last), "%s", ipt_course_last_error(c));
    m_snap_take(c, &before);

    CHECK(ipt_course_check(NULL, &ok, &rule, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(rule, IPT_RULE_NONE);
    CHECK(ipt_course_check(c, NULL, &rule, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_check(NULL, NULL, NULL, NULL, 0),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < n; i++) {
        rule = (enum ipt_rule)SENTINEL;
        CHECK(ipt_course_check(c, &bad[i].event, &rule, msg, sizeof(msg)),
              bad[i].want);
        assert_int_equal(rule, bad[i].rule);
        assert_true((msg[0] == '\0') == (bad[i].want == IPT_OK));
        /* every output is optional, and a NULL message has no size */
        CHECK(ipt_course_check(c, &bad[i].event, NULL, NULL, 0), bad[i].want);
        CHECK(ipt_course_check(c, &bad[i].event, NULL, NULL, SIZE_MAX),
              bad[i].want);
        m_assert_unchanged(c, &before);
        assert_string_equal(ipt_course_last_error(c), last);
    }
    /* message sizes: 0 leaves the buffer alone, 1 holds only the NUL */
    memset(msg, 'x', sizeof(msg));
    CHECK(ipt_course_check(c, &bad[0].event, NULL, msg, 0), bad[0].want);
    assert_int_equal(msg[0], 'x');
    CHECK(ipt_course_check(c, &bad[0].event, NULL, msg, 1), bad[0].want);
    assert_int_equal(msg[0], '\0');
    assert_int_equal(msg[1], 'x');
    m_assert_unchanged(c, &before);
    ipt_course_free(c);
}

static void
misuse_ipt_course_last_error(void)
{
    struct ipt_course *c = course_in(IPT_STATE_NOT_STARTED);

    CHECK_TRUE(ipt_course_last_error(NULL) != NULL &&
               ipt_course_last_error(NULL)[0] != '\0');
    CHECK_TRUE(strcmp(ipt_course_last_error(c), "") == 0);
    CHECK(h_try(c, IPT_EVENT_HOLD_SESSION, 0, 0), IPT_ERR_EVENT_NOT_ALLOWED);
    CHECK_TRUE(ipt_course_last_error(c)[0] != '\0');
    ipt_course_free(c);
}

static void
misuse_ipt_course_last_rule(void)
{
    struct ipt_course *c = course_in(IPT_STATE_NOT_STARTED);

    CHECK(ipt_course_last_rule(NULL), IPT_RULE_NONE);
    CHECK(h_try(c, IPT_EVENT_HOLD_SESSION, 0, 0), IPT_ERR_EVENT_NOT_ALLOWED);
    CHECK(ipt_course_last_rule(c), IPT_RULE_EVENT_ALLOWED_IN_STATE);
    ipt_course_free(c);
}

/* ---- calls from a course's own observer ------------------------------ */

/* Mutators that must refuse to run from the course's observer. */
enum busy_call {
    BUSY_APPLY,
    BUSY_RESERVE_LOG,
    BUSY_SET_OBSERVER,
    BUSY_RECORD_TECHNIQUES,
    BUSY_RECORD_AREAS,
    BUSY_RECORD_MEASURE,
    BUSY_CLEAR_MEASURE,
    BUSY_SET_NOTE,
    BUSY_CHECK              /* allowed: a const function */
};

struct busy_probe {
    enum busy_call call;
    enum ipt_status status;
    int runs;
    struct m_snap before, after;    /* around the call */
};

static void
busy_observer(const struct ipt_course *course,
              const struct ipt_log_entry *entry, void *user_data)
{
    struct busy_probe *p = user_data;
    /* The observer is handed a const course; changing it is the misuse
     * under test.  The object itself is not const. */
    struct ipt_course *c = (struct ipt_course *)(uintptr_t)course;
    struct ipt_event ev = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, FAR_TS);
    struct ipt_measure m;

    (void)entry;
    memset(&m, 0, sizeof(m));
    m.kind = IPT_MEASURE_GAD7;
    m.total = 3;
    m_snap_take(course, &p->before);
    switch (p->call) {
    case BUSY_APPLY:
        p->status = ipt_course_apply(c, &ev);
        break;
    case BUSY_RESERVE_LOG:
        p->status = ipt_course_reserve_log(c, 1000);
        break;
    case BUSY_SET_OBSERVER:
        p->status = ipt_course_set_observer(c, NULL, NULL);
        break;
    case BUSY_RECORD_TECHNIQUES:
        p->status = ipt_course_record_techniques(
            c, 1, IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY));
        break;
    case BUSY_RECORD_AREAS:
        p->status = ipt_course_record_areas(
            c, 1, IPT_AREA_BIT(IPT_AREA_GRIEF));
        break;
    case BUSY_RECORD_MEASURE:
        p->status = ipt_course_record_measure(c, 1, &m);
        break;
    case BUSY_CLEAR_MEASURE:
        p->status = ipt_course_clear_measure(c, 1, IPT_MEASURE_PHQ9);
        break;
    case BUSY_SET_NOTE:
        p->status = ipt_course_set_note(c, 1, "x", 1);
        break;
    case BUSY_CHECK:
        p->status = ipt_course_check(course, &ev, NULL, NULL, 0);
        break;
    }
    m_snap_take(course, &p->after);
    p->runs++;
}

/* Runs @p call from the observer of a recorded course and returns its
 * status; the course must be unchanged by the refused call. */
static enum ipt_status
from_observer(enum busy_call call)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct busy_probe p;

    memset(&p, 0, sizeof(p));
    p.call = call;
    assert_int_equal(ipt_course_set_observer(c, busy_observer, &p), IPT_OK);
    h_stage(c, IPT_DISPUTE_IMPASSE);
    assert_int_equal(p.runs, 1);
    m_snap_assert_equal(&p.before, &p.after);
    /* the course takes changes again once the observer has returned */
    assert_int_equal(ipt_course_set_observer(c, NULL, NULL), IPT_OK);
    h_stage(c, IPT_DISPUTE_RENEGOTIATION);
    ipt_course_free(c);
    return p.status;
}

static void
misuse_ipt_course_set_observer(void)
{
    struct busy_probe p;

    memset(&p, 0, sizeof(p));
    CHECK(ipt_course_set_observer(NULL, busy_observer, &p),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_set_observer(NULL, NULL, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(from_observer(BUSY_SET_OBSERVER), IPT_ERR_BUSY);
    CHECK(from_observer(BUSY_APPLY), IPT_ERR_BUSY);
    CHECK(from_observer(BUSY_CHECK), IPT_OK);
}

/* ---- course getters -------------------------------------------------- */

/* A getter of one enum value: NULL pointers fail, and states without the
 * value fail with IPT_ERR_NOT_AVAILABLE, leaving *out alone. */
static void
misuse_ipt_course_get_state(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    enum ipt_state out = (enum ipt_state)SENTINEL;

    CHECK(ipt_course_get_state(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_state(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_state(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal((int)out, SENTINEL);
    ipt_course_free(c);
}

static void
misuse_ipt_course_get_next_phase(void)
{
    enum ipt_state out = (enum ipt_state)SENTINEL;

    CHECK(ipt_course_get_next_phase(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        struct ipt_course *c = course_in(s);
        bool in_phase = s == IPT_STATE_INITIAL || s == IPT_STATE_MIDDLE ||
                        s == IPT_STATE_TERMINATION;

        CHECK(ipt_course_get_next_phase(c, NULL), IPT_ERR_INVALID_ARGUMENT);
        out = (enum ipt_state)SENTINEL;
        CHECK(ipt_course_get_next_phase(c, &out),
              in_phase ? IPT_OK : IPT_ERR_NOT_AVAILABLE);
        assert_int_equal((int)out, in_phase ? s : SENTINEL);
        ipt_course_free(c);
    }
}

static void
misuse_ipt_course_get_sessions(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    uint32_t held = SENTINEL_U32, planned = SENTINEL_U32,
             remaining = SENTINEL_U32;

    CHECK(ipt_course_get_sessions(NULL, &held, &planned, &remaining),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_sessions(NULL, NULL, NULL, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(held, SENTINEL_U32);
    assert_int_equal(planned, SENTINEL_U32);
    assert_int_equal(remaining, SENTINEL_U32);
    /* every output is optional */
    CHECK(ipt_course_get_sessions(c, NULL, NULL, NULL), IPT_OK);
    CHECK(ipt_course_get_sessions(c, NULL, &planned, NULL), IPT_OK);
    assert_int_equal(planned, 16);
    ipt_course_free(c);
}

static void
misuse_ipt_course_get_focus(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    uint32_t areas = SENTINEL_U32;

    CHECK(ipt_course_get_focus(NULL, &areas), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_focus(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_focus(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(areas, SENTINEL_U32);
    ipt_course_free(c);
}

static void
misuse_ipt_course_get_dispute_stage(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    enum ipt_dispute_stage out = (enum ipt_dispute_stage)SENTINEL;

    CHECK(ipt_course_get_dispute_stage(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_dispute_stage(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    /* no stage set yet */
    CHECK(ipt_course_get_dispute_stage(c, &out), IPT_ERR_NOT_AVAILABLE);
    assert_int_equal((int)out, SENTINEL);
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        struct ipt_course *d = course_in(s);

        CHECK(ipt_course_get_dispute_stage(d, &out), IPT_ERR_NOT_AVAILABLE);
        ipt_course_free(d);
    }
    assert_int_equal((int)out, SENTINEL);
    ipt_course_free(c);
}

static void
misuse_ipt_course_get_tasks(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    uint32_t done = SENTINEL_U32, missing = SENTINEL_U32;

    CHECK(ipt_course_get_tasks(NULL, &done, &missing),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_tasks(NULL, NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(done, SENTINEL_U32);
    assert_int_equal(missing, SENTINEL_U32);
    CHECK(ipt_course_get_tasks(c, NULL, NULL), IPT_OK);
    ipt_course_free(c);
}

static void
misuse_ipt_course_get_end_reason(void)
{
    enum ipt_end_reason out = (enum ipt_end_reason)SENTINEL;

    CHECK(ipt_course_get_end_reason(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        struct ipt_course *c = course_in(s);
        bool ended = s == IPT_STATE_DISCONTINUED || s == IPT_STATE_REFERRED;

        CHECK(ipt_course_get_end_reason(c, NULL), IPT_ERR_INVALID_ARGUMENT);
        out = (enum ipt_end_reason)SENTINEL;
        CHECK(ipt_course_get_end_reason(c, &out),
              ended ? IPT_OK : IPT_ERR_NOT_AVAILABLE);
        if (!ended)
            assert_int_equal((int)out, SENTINEL);
        ipt_course_free(c);
    }
}

static void
misuse_ipt_course_get_profile(void)
{
    struct ipt_course *c = course_in(IPT_STATE_NOT_STARTED);
    const struct ipt_profile *const sentinel =
        (const struct ipt_profile *)(uintptr_t)0x1000;
    const struct ipt_profile *out = sentinel;

    CHECK(ipt_course_get_profile(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_profile(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_profile(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(out, sentinel);
    ipt_course_free(c);
}

static void
misuse_ipt_course_log_size(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    uint32_t count = SENTINEL_U32, capacity = SENTINEL_U32;

    CHECK(ipt_course_log_size(NULL, &count, &capacity),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_log_size(NULL, NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(count, SENTINEL_U32);
    assert_int_equal(capacity, SENTINEL_U32);
    CHECK(ipt_course_log_size(c, NULL, NULL), IPT_OK);
    CHECK(ipt_course_log_size(c, NULL, &capacity), IPT_OK);
    assert_int_equal(capacity, 2 * 16 + 32);
    ipt_course_free(c);
}

static void
misuse_ipt_course_log_get(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    uint32_t count = h_log_count(c);
    const uint32_t bad[] = { count, count + 1, h_log_capacity(c),
                             UINT32_MAX };
    struct ipt_log_entry e, sentinel;

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    e = sentinel;
    CHECK(ipt_course_log_get(NULL, 0, &e), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_log_get(c, 0, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_log_get(NULL, UINT32_MAX, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)
        CHECK(ipt_course_log_get(c, bad[i], &e), IPT_ERR_OUT_OF_RANGE);
    assert_memory_equal(&e, &sentinel, sizeof(e));
    CHECK(ipt_course_log_get(c, count - 1, &e), IPT_OK);
    ipt_course_free(c);

    /* an empty log has no entry 0 */
    c = course_in(IPT_STATE_NOT_STARTED);
    CHECK(ipt_course_log_get(c, 0, &e), IPT_ERR_OUT_OF_RANGE);
    ipt_course_free(c);
}

static void
misuse_ipt_course_reserve_log(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    struct m_snap before;
    const uint32_t too_large[] = { 1048577u, 0x80000000u, UINT32_MAX };

    CHECK(ipt_course_reserve_log(NULL, 100), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_reserve_log(NULL, UINT32_MAX), IPT_ERR_INVALID_ARGUMENT);
    m_snap_take(c, &before);
    for (size_t i = 0; i < M_ARRAY_SIZE(too_large); i++) {
        CHECK(ipt_course_reserve_log(c, too_large[i]), IPT_ERR_OUT_OF_RANGE);
        m_assert_unchanged(c, &before);
    }
    /* 0 and the current capacity do nothing */
    CHECK(ipt_course_reserve_log(c, 0), IPT_OK);
    CHECK(ipt_course_reserve_log(c, h_log_capacity(c)), IPT_OK);
    m_assert_unchanged(c, &before);
    /* the documented maximum */
    CHECK(ipt_course_reserve_log(c, 1048576u), IPT_OK);
    assert_int_equal(h_log_capacity(c), 1048576u);
    CHECK(ipt_course_reserve_log(c, 1048577u), IPT_ERR_OUT_OF_RANGE);
    ipt_course_free(c);
    CHECK(from_observer(BUSY_RESERVE_LOG), IPT_ERR_BUSY);
}

/* ---- session records ------------------------------------------------- */

/* Session numbers no recorded course (2 sessions held) has held. */
static const uint32_t bad_sessions[] = { 0, 3, 4, 0x80000000u, UINT32_MAX };

static void
misuse_ipt_course_get_session(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct ipt_session_info info, sentinel;
    const uint32_t bad_size[] = { 0, 1, (uint32_t)sizeof(info) - 1 };

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    sentinel.size = (uint32_t)sizeof(sentinel);
    info = sentinel;
    CHECK(ipt_course_get_session(NULL, 1, &info), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_session(c, 1, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_session(NULL, 0, NULL), IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_size); i++) {
        struct ipt_session_info small = sentinel;

        small.size = bad_size[i];
        CHECK(ipt_course_get_session(c, 1, &small),
              IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(small.size, bad_size[i]);
        assert_int_equal(small.session, sentinel.session);
    }
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        CHECK(ipt_course_get_session(c, bad_sessions[i], &info),
              IPT_ERR_NOT_AVAILABLE);
    assert_memory_equal(&info, &sentinel, sizeof(info));
    /* a caller's larger struct from newer headers is accepted */
    {
        struct {
            struct ipt_session_info info;
            uint64_t newer;
        } big;

        memset(&big, 0, sizeof(big));
        big.info.size = (uint32_t)sizeof(big);
        CHECK(ipt_course_get_session(c, 2, &big.info), IPT_OK);
        assert_int_equal(big.info.session, 2);
        assert_int_equal(big.info.size, sizeof(big));
    }
    ipt_course_free(c);
}

/* Runs @p call (a record mutator on course c) and checks that it fails
 * with @p want and leaves the course as @p before. */
#define REFUSED(c, before, call, want)                                      \
    do {                                                                    \
        CHECK((call), (want));                                              \
        assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);           \
        assert_true(ipt_course_last_error(c)[0] != '\0');                   \
        m_assert_unchanged((c), (before));                                  \
    } while (0)

static void
misuse_ipt_course_record_techniques(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct m_snap before;
    const uint32_t bad_bits[] = {
        1u, 1u << 19, 1u << 31, UINT32_MAX,
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY) | 1u,
    };
    const uint32_t ok = IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY);

    CHECK(ipt_course_record_techniques(NULL, 1, ok),
          IPT_ERR_INVALID_ARGUMENT);
    m_snap_take(c, &before);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_bits); i++)
        REFUSED(c, &before, ipt_course_record_techniques(c, 1, bad_bits[i]),
                IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        REFUSED(c, &before,
                ipt_course_record_techniques(c, bad_sessions[i], ok),
                IPT_ERR_NOT_AVAILABLE);
    ipt_course_free(c);

    /* before any session: no record to write, also for the mask 0 */
    c = course_in(IPT_STATE_NOT_STARTED);
    m_snap_take(c, &before);
    REFUSED(c, &before, ipt_course_record_techniques(c, 1, 0),
            IPT_ERR_NOT_AVAILABLE);
    ipt_course_free(c);
    CHECK(from_observer(BUSY_RECORD_TECHNIQUES), IPT_ERR_BUSY);
}

static void
misuse_ipt_course_record_areas(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct m_snap before;
    const uint32_t bad_bits[] = {
        1u, 1u << 6, 1u << 31, UINT32_MAX,
        /* known but not allowed by the standard profile */
        IPT_AREA_BIT(IPT_AREA_LOST_HEALTHY_SELF),
    };
    const uint32_t ok = IPT_AREA_BIT(IPT_AREA_GRIEF);

    CHECK(ipt_course_record_areas(NULL, 1, ok), IPT_ERR_INVALID_ARGUMENT);
    m_snap_take(c, &before);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_bits); i++)
        REFUSED(c, &before, ipt_course_record_areas(c, 1, bad_bits[i]),
                IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        REFUSED(c, &before, ipt_course_record_areas(c, bad_sessions[i], ok),
                IPT_ERR_NOT_AVAILABLE);
    ipt_course_free(c);
    CHECK(from_observer(BUSY_RECORD_AREAS), IPT_ERR_BUSY);
}

/* Measures that ipt_measure_score() refuses, with its status. */
struct bad_measure {
    struct ipt_measure m;
    enum ipt_status want;
};

static size_t
bad_measures(struct bad_measure *out, size_t room)
{
    const int bad_kind[] = BAD_ENUM(IPT_MEASURE_PHQ9, IPT_MEASURE_GAD7);
    const uint32_t phq9_counts[] = { 0, 8, 11, IPT_MEASURE_ITEMS_MAX,
                                     IPT_MEASURE_ITEMS_MAX + 1, UINT32_MAX };
    const uint32_t gad7_counts[] = { 1, 6, 8, UINT32_MAX };
    const uint32_t hamd_counts[] = { 16, 18, IPT_MEASURE_ITEMS_MAX + 1 };
    const int32_t gad7_totals[] = { -1, 22, INT32_MIN, INT32_MAX };
    const int32_t hamd_totals[] = { -1, 53, INT32_MIN, INT32_MAX };
    size_t n = 0;

#define ADD_MEASURE(kind_, count_, st_)                                     \
    do {                                                                    \
        assert_true(n < room);                                              \
        memset(&out[n].m, 0, sizeof(out[n].m));                             \
        out[n].m.kind = (int32_t)(kind_);                                   \
        out[n].m.item_count = (count_);                                     \
        out[n].want = (st_);                                                \
        n++;                                                                \
    } while (0)

    for (size_t i = 0; i < M_ARRAY_SIZE(bad_kind); i++)
        ADD_MEASURE(bad_kind[i], 0, IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(phq9_counts); i++)
        ADD_MEASURE(IPT_MEASURE_PHQ9, phq9_counts[i], IPT_ERR_ITEM_COUNT);
    for (size_t i = 0; i < M_ARRAY_SIZE(gad7_counts); i++)
        ADD_MEASURE(IPT_MEASURE_GAD7, gad7_counts[i], IPT_ERR_ITEM_COUNT);
    for (size_t i = 0; i < M_ARRAY_SIZE(hamd_counts); i++)
        ADD_MEASURE(IPT_MEASURE_HAMD17, hamd_counts[i], IPT_ERR_ITEM_COUNT);
    for (size_t i = 0; i < M_ARRAY_SIZE(gad7_totals); i++) {
        ADD_MEASURE(IPT_MEASURE_GAD7, 0, IPT_ERR_OUT_OF_RANGE);
        out[n - 1].m.total = gad7_totals[i];
        ADD_MEASURE(IPT_MEASURE_HAMD17, 0, IPT_ERR_OUT_OF_RANGE);
        out[n - 1].m.total = hamd_totals[i];
    }
    /* an item above its maximum: PHQ-9 item 1 (0-3), HAM-D item 4 (0-2),
     * the PHQ-9 difficulty item (0-3) */
    ADD_MEASURE(IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS, IPT_ERR_OUT_OF_RANGE);
    out[n - 1].m.items[0] = 4;
    ADD_MEASURE(IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS, IPT_ERR_OUT_OF_RANGE);
    out[n - 1].m.items[8] = UINT8_MAX;
    ADD_MEASURE(IPT_MEASURE_HAMD17, IPT_HAMD17_ITEMS, IPT_ERR_OUT_OF_RANGE);
    out[n - 1].m.items[3] = 3;
    ADD_MEASURE(IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS + 1, IPT_ERR_OUT_OF_RANGE);
    out[n - 1].m.items[9] = 4;
    /* unused items and the reserved field must be 0 */
    ADD_MEASURE(IPT_MEASURE_GAD7, IPT_GAD7_ITEMS, IPT_ERR_INVALID_ARGUMENT);
    out[n - 1].m.items[IPT_GAD7_ITEMS] = 1;
    ADD_MEASURE(IPT_MEASURE_GAD7, 0, IPT_ERR_INVALID_ARGUMENT);
    out[n - 1].m.items[IPT_MEASURE_ITEMS_MAX - 1] = 1;
    ADD_MEASURE(IPT_MEASURE_GAD7, 0, IPT_ERR_INVALID_ARGUMENT);
    out[n - 1].m.reserved = 1;
    ADD_MEASURE(IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS, IPT_ERR_INVALID_ARGUMENT);
    out[n - 1].m.reserved = INT32_MIN;
#undef ADD_MEASURE
    return n;
}

static void
misuse_ipt_course_record_measure(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct bad_measure bad[64];
    size_t n = bad_measures(bad, M_ARRAY_SIZE(bad));
    struct ipt_measure ok;
    struct m_snap before;

    memset(&ok, 0, sizeof(ok));
    ok.kind = IPT_MEASURE_GAD7;
    ok.total = 21;
    CHECK(ipt_course_record_measure(NULL, 1, &ok), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_record_measure(NULL, 1, NULL), IPT_ERR_INVALID_ARGUMENT);
    m_snap_take(c, &before);
    REFUSED(c, &before, ipt_course_record_measure(c, 1, NULL),
            IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < n; i++)
        REFUSED(c, &before, ipt_course_record_measure(c, 1, &bad[i].m),
                bad[i].want);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        REFUSED(c, &before,
                ipt_course_record_measure(c, bad_sessions[i], &ok),
                IPT_ERR_NOT_AVAILABLE);
    ipt_course_free(c);
    CHECK(from_observer(BUSY_RECORD_MEASURE), IPT_ERR_BUSY);
}

static void
misuse_ipt_course_clear_measure(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    const int bad_kind[] = BAD_ENUM(IPT_MEASURE_PHQ9, IPT_MEASURE_GAD7);
    struct m_snap before;

    CHECK(ipt_course_clear_measure(NULL, 1, IPT_MEASURE_PHQ9),
          IPT_ERR_INVALID_ARGUMENT);
    m_snap_take(c, &before);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_kind); i++)
        REFUSED(c, &before,
                ipt_course_clear_measure(c, 1,
                                         (enum ipt_measure_kind)bad_kind[i]),
                IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        REFUSED(c, &before,
                ipt_course_clear_measure(c, bad_sessions[i],
                                         IPT_MEASURE_PHQ9),
                IPT_ERR_NOT_AVAILABLE);
    /* held sessions without a measure of that kind */
    REFUSED(c, &before, ipt_course_clear_measure(c, 1, IPT_MEASURE_HAMD17),
            IPT_ERR_NOT_AVAILABLE);
    REFUSED(c, &before, ipt_course_clear_measure(c, 2, IPT_MEASURE_PHQ9),
            IPT_ERR_NOT_AVAILABLE);
    ipt_course_free(c);
    /* a course with no records at all */
    c = course_in(IPT_STATE_MIDDLE);
    m_snap_take(c, &before);
    REFUSED(c, &before, ipt_course_clear_measure(c, 1, IPT_MEASURE_GAD7),
            IPT_ERR_NOT_AVAILABLE);
    ipt_course_free(c);
    CHECK(from_observer(BUSY_CLEAR_MEASURE), IPT_ERR_BUSY);
}

static void
misuse_ipt_course_get_measure(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    const int bad_kind[] = BAD_ENUM(IPT_MEASURE_PHQ9, IPT_MEASURE_GAD7);
    struct ipt_measure m, sentinel;

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    m = sentinel;
    CHECK(ipt_course_get_measure(NULL, 1, IPT_MEASURE_PHQ9, &m),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_measure(c, 1, IPT_MEASURE_PHQ9, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_kind); i++)
        CHECK(ipt_course_get_measure(c, 1,
                                     (enum ipt_measure_kind)bad_kind[i], &m),
              IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        CHECK(ipt_course_get_measure(c, bad_sessions[i], IPT_MEASURE_PHQ9,
                                     &m),
              IPT_ERR_NOT_AVAILABLE);
    CHECK(ipt_course_get_measure(c, 1, IPT_MEASURE_HAMD17, &m),
          IPT_ERR_NOT_AVAILABLE);
    assert_memory_equal(&m, &sentinel, sizeof(m));
    ipt_course_free(c);
}

static void
misuse_ipt_course_set_note(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    static char text[IPT_NOTE_MAX_BYTES + 2];
    struct m_snap before;
    const char *const bad_utf8[] = {
        "\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80",
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xE2\x82",
        "ok\xC3",
    };
    const char with_nul[] = { 'a', '\0', 'b' };

    memset(text, 'n', sizeof(text));
    CHECK(ipt_course_set_note(NULL, 1, "x", 1), IPT_ERR_INVALID_ARGUMENT);
    m_snap_take(c, &before);
    REFUSED(c, &before, ipt_course_set_note(c, 1, NULL, 1),
            IPT_ERR_INVALID_ARGUMENT);
    REFUSED(c, &before, ipt_course_set_note(c, 1, NULL, SIZE_MAX),
            IPT_ERR_INVALID_ARGUMENT);
    /* one byte above the limit, and lengths no buffer can have: the
     * length is refused before any byte is read */
    REFUSED(c, &before,
            ipt_course_set_note(c, 1, text, IPT_NOTE_MAX_BYTES + 1),
            IPT_ERR_OUT_OF_RANGE);
    REFUSED(c, &before, ipt_course_set_note(c, 1, text, SIZE_MAX),
            IPT_ERR_OUT_OF_RANGE);
    REFUSED(c, &before, ipt_course_set_note(c, 1, text, UINT32_MAX),
            IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_utf8); i++)
        REFUSED(c, &before,
                ipt_course_set_note(c, 2, bad_utf8[i], strlen(bad_utf8[i])),
                IPT_ERR_ENCODING);
    REFUSED(c, &before, ipt_course_set_note(c, 2, with_nul, sizeof(with_nul)),
            IPT_ERR_ENCODING);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        REFUSED(c, &before, ipt_course_set_note(c, bad_sessions[i], "x", 1),
                IPT_ERR_NOT_AVAILABLE);
    /* the documented maximum is accepted; NULL with length 0 removes */
    CHECK(ipt_course_set_note(c, 1, text, IPT_NOTE_MAX_BYTES), IPT_OK);
    CHECK(ipt_course_set_note(c, 1, NULL, 0), IPT_OK);
    m_assert_unchanged(c, &before);
    ipt_course_free(c);
    CHECK(from_observer(BUSY_SET_NOTE), IPT_ERR_BUSY);
}

static void
misuse_ipt_course_get_note(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    static const char sentinel[] = "sentinel";
    const char *text = sentinel;
    size_t length = SENTINEL;

    CHECK(ipt_course_get_note(NULL, 2, &text, &length),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_note(c, 2, NULL, &length),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_get_note(NULL, 2, NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_sessions); i++)
        CHECK(ipt_course_get_note(c, bad_sessions[i], &text, &length),
              IPT_ERR_NOT_AVAILABLE);
    assert_ptr_equal(text, sentinel);
    assert_int_equal(length, SENTINEL);
    /* the length is optional */
    CHECK(ipt_course_get_note(c, 2, &text, NULL), IPT_OK);
    ipt_course_free(c);
}

/* Outcome thresholds each out of its documented range, or malformed. */
struct bad_params {
    struct ipt_outcome_params p;
    enum ipt_status want;
};

static size_t
bad_outcome_params(struct bad_params *out, size_t room)
{
    struct ipt_outcome_params d;
    size_t n = 0;

    assert_int_equal(ipt_outcome_params_default(&d), IPT_OK);
#define ADD_PARAMS(field, value, st)                                        \
    do {                                                                    \
        assert_true(n < room);                                              \
        out[n].p = d;                                                       \
        out[n].p.field = (value);                                           \
        out[n].want = (st);                                                 \
        n++;                                                                \
    } while (0)
    ADD_PARAMS(size, 0, IPT_ERR_INVALID_ARGUMENT);
    ADD_PARAMS(size, (uint32_t)sizeof(d) - 1, IPT_ERR_INVALID_ARGUMENT);
    ADD_PARAMS(reserved, 1, IPT_ERR_INVALID_ARGUMENT);
    ADD_PARAMS(response_reduction_pct, 0, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(response_reduction_pct, 101, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(response_reduction_pct, UINT32_MAX, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(phq9_remission_below, 0, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(phq9_remission_below, 28, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(phq9_remission_below, INT32_MIN, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(hamd17_remission_at_most, -1, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(hamd17_remission_at_most, 53, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(hamd17_remission_at_most, INT32_MAX, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(gad7_remission_below, 0, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(gad7_remission_below, 22, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(early_session, 1, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(early_session, 521, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(early_session, UINT32_MAX, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(early_min_reduction_pct, 101, IPT_ERR_OUT_OF_RANGE);
    ADD_PARAMS(early_min_reduction_pct, UINT32_MAX, IPT_ERR_OUT_OF_RANGE);
    /* every documented limit is accepted */
    ADD_PARAMS(response_reduction_pct, 100, IPT_OK);
    ADD_PARAMS(phq9_remission_below, 27, IPT_OK);
    ADD_PARAMS(hamd17_remission_at_most, 0, IPT_OK);
    ADD_PARAMS(gad7_remission_below, 21, IPT_OK);
    ADD_PARAMS(early_session, 520, IPT_OK);
    ADD_PARAMS(early_min_reduction_pct, 0, IPT_OK);
#undef ADD_PARAMS
    return n;
}

/* Outcome parameters of a newer caller: larger, with a non-zero tail. */
struct newer_params {
    struct ipt_outcome_params p;
    uint32_t extra[2];
};

static void
misuse_ipt_course_outcome(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    const int bad_kind[] = BAD_ENUM(IPT_MEASURE_PHQ9, IPT_MEASURE_GAD7);
    struct bad_params bad[32];
    size_t n = bad_outcome_params(bad, M_ARRAY_SIZE(bad));
    struct ipt_outcome out, sentinel;
    struct newer_params newer;
    struct m_snap before;

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    out = sentinel;
    m_snap_take(c, &before);
    CHECK(ipt_course_outcome(NULL, IPT_MEASURE_PHQ9, NULL, &out),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_outcome(c, IPT_MEASURE_PHQ9, NULL, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_kind); i++)
        CHECK(ipt_course_outcome(c, (enum ipt_measure_kind)bad_kind[i], NULL,
                                 &out),
              IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < n; i++) {
        if (bad[i].want == IPT_OK)
            continue;
        CHECK(ipt_course_outcome(c, IPT_MEASURE_PHQ9, &bad[i].p, &out),
              bad[i].want);
    }
    memset(&newer, 0, sizeof(newer));
    assert_int_equal(ipt_outcome_params_default(&newer.p), IPT_OK);
    newer.p.size = (uint32_t)sizeof(newer);
    newer.extra[1] = 1;
    CHECK(ipt_course_outcome(c, IPT_MEASURE_PHQ9, &newer.p, &out),
          IPT_ERR_UNSUPPORTED);
    /* no HAM-D-17 was recorded */
    CHECK(ipt_course_outcome(c, IPT_MEASURE_HAMD17, NULL, &out),
          IPT_ERR_NO_BASELINE);
    assert_memory_equal(&out, &sentinel, sizeof(out));
    newer.extra[1] = 0;
    CHECK(ipt_course_outcome(c, IPT_MEASURE_PHQ9, &newer.p, &out), IPT_OK);
    m_assert_unchanged(c, &before);
    ipt_course_free(c);
}

/* ---- measures -------------------------------------------------------- */

static void
misuse_ipt_measure_score(void)
{
    struct bad_measure bad[64];
    size_t n = bad_measures(bad, M_ARRAY_SIZE(bad));
    const int bad_banding[] = BAD_ENUM(0, IPT_HAMD_BANDING_RUSH);
    struct ipt_measure ok;
    struct ipt_measure_score out, sentinel;
    char msg[128];

    memset(&ok, 0, sizeof(ok));
    ok.kind = IPT_MEASURE_HAMD17;
    ok.total = 52;
    memset(&sentinel, SENTINEL, sizeof(sentinel));
    out = sentinel;
    CHECK(ipt_measure_score(NULL, 0, &out, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_measure_score(&ok, 0, NULL, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_measure_score(NULL, 0, NULL, NULL, 0),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < n; i++) {
        CHECK(ipt_measure_score(&bad[i].m, 0, &out, msg, sizeof(msg)),
              bad[i].want);
        assert_true(msg[0] != '\0');
        CHECK(ipt_measure_score(&bad[i].m, 0, &out, NULL, SIZE_MAX),
              bad[i].want);
    }
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_banding); i++) {
        /* checked for every measure, also where it does not apply */
        CHECK(ipt_measure_score(&ok, (enum ipt_hamd_banding)bad_banding[i],
                                &out, msg, sizeof(msg)),
              IPT_ERR_OUT_OF_RANGE);
        ok.kind = IPT_MEASURE_GAD7;
        ok.total = 0;
        CHECK(ipt_measure_score(&ok, (enum ipt_hamd_banding)bad_banding[i],
                                &out, msg, sizeof(msg)),
              IPT_ERR_OUT_OF_RANGE);
        ok.kind = IPT_MEASURE_HAMD17;
        ok.total = 52;
    }
    assert_memory_equal(&out, &sentinel, sizeof(out));
    /* the message is written on error only */
    memset(msg, 'x', sizeof(msg));
    CHECK(ipt_measure_score(&ok, IPT_HAMD_BANDING_RUSH, &out, msg,
                            sizeof(msg)),
          IPT_OK);
    assert_int_equal(msg[0], 'x');
}

/* A band function of totals 0 to max. */
#define BAND_CASES(call_of_total, max)                                      \
    do {                                                                    \
        const int32_t bad[] = { -1, (max) + 1, INT32_MIN, INT32_MAX };      \
        enum ipt_band b_out = (enum ipt_band)SENTINEL;                      \
        enum ipt_band *b_o= NULL;                                           \
                                                                            \
        CHECK(call_of_total(0, b_o), IPT_ERR_INVALID_ARGUMENT);             \
        b_o = &b_out;                                                       \
        for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)                      \
            CHECK(call_of_total(bad[i], b_o), IPT_ERR_OUT_OF_RANGE);        \
        assert_int_equal((int)b_out, SENTINEL);                             \
        CHECK(call_of_total(0, b_o), IPT_OK);                               \
        CHECK(call_of_total((max), b_o), IPT_OK);                           \
    } while (0)

static void
misuse_ipt_phq9_band(void)
{
    BAND_CASES(ipt_phq9_band, 27);
}

static void
misuse_ipt_gad7_band(void)
{
    BAND_CASES(ipt_gad7_band, 21);
}

static enum ipt_status
hamd17_clinical(int32_t total, enum ipt_band *out)
{
    return ipt_hamd17_band(total, IPT_HAMD_BANDING_CLINICAL, out);
}

static void
misuse_ipt_hamd17_band(void)
{
    const int bad_banding[] = BAD_ENUM(0, IPT_HAMD_BANDING_RUSH);
    enum ipt_band out = (enum ipt_band)SENTINEL;

    BAND_CASES(hamd17_clinical, 52);
    out = (enum ipt_band)SENTINEL;
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_banding); i++) {
        CHECK(ipt_hamd17_band(10, (enum ipt_hamd_banding)bad_banding[i],
                              &out),
              IPT_ERR_OUT_OF_RANGE);
        CHECK_EITHER(ipt_hamd17_band(10,
                                     (enum ipt_hamd_banding)bad_banding[i],
                                     NULL),
                     IPT_ERR_INVALID_ARGUMENT, IPT_ERR_OUT_OF_RANGE);
    }
    assert_int_equal((int)out, SENTINEL);
}

static void
misuse_ipt_measure_item_max(void)
{
    const int bad_kind[] = BAD_ENUM(IPT_MEASURE_PHQ9, IPT_MEASURE_GAD7);
    const struct {
        enum ipt_measure_kind kind;
        uint32_t last;          /* last item with a range */
    } kinds[] = {
        { IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS + 1 },
        { IPT_MEASURE_HAMD17, IPT_HAMD17_ITEMS },
        { IPT_MEASURE_GAD7, IPT_GAD7_ITEMS },
    };
    uint32_t max = SENTINEL_U32;

    CHECK(ipt_measure_item_max(IPT_MEASURE_PHQ9, 1, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_kind); i++)
        CHECK(ipt_measure_item_max((enum ipt_measure_kind)bad_kind[i], 1,
                                   &max),
              IPT_ERR_OUT_OF_RANGE);
    for (size_t k = 0; k < M_ARRAY_SIZE(kinds); k++) {
        const uint32_t bad_item[] = { 0, kinds[k].last + 1,
                                      IPT_MEASURE_ITEMS_MAX + 1,
                                      UINT32_MAX };

        for (size_t i = 0; i < M_ARRAY_SIZE(bad_item); i++)
            CHECK(ipt_measure_item_max(kinds[k].kind, bad_item[i], &max),
                  IPT_ERR_OUT_OF_RANGE);
    }
    assert_int_equal(max, SENTINEL_U32);
    for (size_t k = 0; k < M_ARRAY_SIZE(kinds); k++)
        CHECK(ipt_measure_item_max(kinds[k].kind, kinds[k].last, &max),
              IPT_OK);
}

static void
misuse_ipt_outcome_params_default(void)
{
    struct ipt_outcome_params p;

    CHECK(ipt_outcome_params_default(NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_outcome_params_default(&p), IPT_OK);
    assert_int_equal(p.size, sizeof(p));
}

static void
misuse_ipt_outcome_compute(void)
{
    const struct ipt_score_point good[] = { { 1, 20 }, { 4, 12 }, { 8, 4 } };
    const int bad_kind[] = BAD_ENUM(IPT_MEASURE_PHQ9, IPT_MEASURE_GAD7);
    const struct {
        struct ipt_score_point p[2];
        enum ipt_status want;
    } bad_points[] = {
        { { { 0, 10 }, { 2, 5 } }, IPT_ERR_INVALID_ARGUMENT },
        { { { 3, 10 }, { 3, 5 } }, IPT_ERR_INVALID_ARGUMENT },
        { { { 3, 10 }, { 2, 5 } }, IPT_ERR_INVALID_ARGUMENT },
        { { { UINT32_MAX, 10 }, { 1, 5 } }, IPT_ERR_INVALID_ARGUMENT },
        { { { 1, -1 }, { 2, 5 } }, IPT_ERR_OUT_OF_RANGE },
        { { { 1, 10 }, { 2, 28 } }, IPT_ERR_OUT_OF_RANGE },
        { { { 1, INT32_MIN }, { 2, 5 } }, IPT_ERR_OUT_OF_RANGE },
        { { { 1, 10 }, { 2, INT32_MAX } }, IPT_ERR_OUT_OF_RANGE },
    };
    struct bad_params bad[32];
    size_t n = bad_outcome_params(bad, M_ARRAY_SIZE(bad));
    struct ipt_outcome out, sentinel;
    struct newer_params newer;

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    out = sentinel;
    CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, good, 3, NULL, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    /* points NULL: the count says whether that is an error */
    CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, NULL, 1, NULL, &out),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, NULL, SIZE_MAX, NULL, &out),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, NULL, 0, NULL, &out),
          IPT_ERR_NO_BASELINE);
    CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, good, 0, NULL, &out),
          IPT_ERR_NO_BASELINE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_kind); i++)
        CHECK(ipt_outcome_compute((enum ipt_measure_kind)bad_kind[i], good,
                                  3, NULL, &out),
              IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_points); i++)
        CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, bad_points[i].p, 2, NULL,
                                  &out),
              bad_points[i].want);
    for (size_t i = 0; i < n; i++) {
        if (bad[i].want == IPT_OK)
            continue;
        CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, good, 3, &bad[i].p,
                                  &out),
              bad[i].want);
        /* bad parameters and no baseline */
        CHECK_EITHER(ipt_outcome_compute(IPT_MEASURE_PHQ9, NULL, 0,
                                         &bad[i].p, &out),
                     bad[i].want, IPT_ERR_NO_BASELINE);
    }
    memset(&newer, 0, sizeof(newer));
    assert_int_equal(ipt_outcome_params_default(&newer.p), IPT_OK);
    newer.p.size = (uint32_t)sizeof(newer);
    newer.extra[0] = 1;
    CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, good, 3, &newer.p, &out),
          IPT_ERR_UNSUPPORTED);
    assert_memory_equal(&out, &sentinel, sizeof(out));
    for (size_t i = 0; i < n; i++) {
        if (bad[i].want == IPT_OK)
            CHECK(ipt_outcome_compute(IPT_MEASURE_PHQ9, good, 3, &bad[i].p,
                                      &out),
                  IPT_OK);
    }
}

static void
misuse_ipt_srm5_week_init(void)
{
    struct ipt_srm5_week w;

    CHECK(ipt_srm5_week_init(NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_srm5_week_init(&w), IPT_OK);
    assert_int_equal(w.minutes[6][4], IPT_SRM_NOT_DONE);
}

static void
misuse_ipt_srm5_score(void)
{
    const int16_t bad_time[] = { -2, IPT_SRM_MINUTE_MAX + 1, INT16_MIN,
                                 INT16_MAX };
    const uint32_t bad_size[] = { 0, 1,
                                  (uint32_t)sizeof(struct ipt_srm5_week) - 1 };
    struct {
        struct ipt_srm5_week w;
        uint8_t extra[8];
    } newer;
    struct ipt_srm5_week w;
    struct ipt_srm_score out, sentinel;
    char msg[128];

    assert_int_equal(ipt_srm5_week_init(&w), IPT_OK);
    memset(&sentinel, SENTINEL, sizeof(sentinel));
    out = sentinel;
    CHECK(ipt_srm5_score(NULL, &out, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_srm5_score(&w, NULL, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_srm5_score(NULL, NULL, NULL, SIZE_MAX),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_size); i++) {
        struct ipt_srm5_week small = w;

        small.size = bad_size[i];
        CHECK(ipt_srm5_score(&small, &out, msg, sizeof(msg)),
              IPT_ERR_INVALID_ARGUMENT);
    }
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_time); i++) {
        for (uint32_t a = 0; a < IPT_SRM5_ACTIVITIES; a++) {
            struct ipt_srm5_week bad = w;

            bad.minutes[i % IPT_SRM_DAYS][a] = bad_time[i];
            CHECK(ipt_srm5_score(&bad, &out, msg, sizeof(msg)),
                  IPT_ERR_OUT_OF_RANGE);
            CHECK(ipt_srm5_score(&bad, &out, NULL, SIZE_MAX),
                  IPT_ERR_OUT_OF_RANGE);
        }
    }
    {
        struct ipt_srm5_week bad = w;

        bad.reserved = 1;
        CHECK(ipt_srm5_score(&bad, &out, msg, sizeof(msg)),
              IPT_ERR_INVALID_ARGUMENT);
        bad = w;
        bad.reserved2 = UINT16_MAX;
        CHECK(ipt_srm5_score(&bad, &out, msg, sizeof(msg)),
              IPT_ERR_INVALID_ARGUMENT);
    }
    memset(&newer, 0, sizeof(newer));
    newer.w = w;
    newer.w.size = (uint32_t)sizeof(newer);
    newer.extra[7] = 1;
    CHECK(ipt_srm5_score(&newer.w, &out, msg, sizeof(msg)),
          IPT_ERR_UNSUPPORTED);
    assert_memory_equal(&out, &sentinel, sizeof(out));
    newer.extra[7] = 0;
    CHECK(ipt_srm5_score(&newer.w, &out, msg, sizeof(msg)), IPT_OK);
}

/* ---- profiles -------------------------------------------------------- */

static void
misuse_ipt_profile_builtin(void)
{
    const struct ipt_profile *const sentinel =
        (const struct ipt_profile *)(uintptr_t)0x1000;
    const struct ipt_profile *out = sentinel;
    char names[8][80];
    size_t n = 0;

    CHECK(ipt_profile_builtin(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_profile_builtin("standard", NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_profile_builtin(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    bad_names("standard", names, &n);
    for (size_t i = 0; i < n; i++)
        CHECK(ipt_profile_builtin(names[i], &out), IPT_ERR_UNKNOWN_NAME);
    assert_ptr_equal(out, sentinel);
}

static void
misuse_ipt_profile_builtin_count(void)
{
    uint32_t n = ipt_profile_builtin_count();
    const struct ipt_profile *p = NULL;

    CHECK_TRUE(n >= 1);
    CHECK(ipt_profile_builtin_at(n - 1, &p), IPT_OK);
    CHECK(ipt_profile_builtin_at(n, &p), IPT_ERR_OUT_OF_RANGE);
}

static void
misuse_ipt_profile_builtin_at(void)
{
    INDEX_CASES(ipt_profile_builtin_at, const struct ipt_profile *,
                ipt_profile_builtin_count());
}

/* Profile parameters that break one rule of ipt_profile_check() each,
 * and malformed structs. */
struct bad_profile {
    struct ipt_profile_params p;
    enum ipt_status want;
};

static size_t
bad_profiles(struct bad_profile *out, size_t room)
{
    const struct ipt_profile_params d = h_standard_params();
    size_t n = 0;

#define ADD_PROFILE(field, value, st)                                       \
    do {                                                                    \
        assert_true(n < room);                                              \
        out[n].p = d;                                                       \
        out[n].p.field = (value);                                           \
        out[n].want = (st);                                                 \
        n++;                                                                \
    } while (0)
    ADD_PROFILE(size, 0, IPT_ERR_INVALID_ARGUMENT);
    ADD_PROFILE(size, 4, IPT_ERR_INVALID_ARGUMENT);
    ADD_PROFILE(size, (uint32_t)sizeof(d) - 1, IPT_ERR_INVALID_ARGUMENT);
    ADD_PROFILE(min_sessions, 0, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(min_sessions, 17, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(min_sessions, UINT32_MAX, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(max_sessions, IPT_PROFILE_MAX_SESSIONS + 1,
                IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(max_sessions, UINT32_MAX, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(max_sessions, 15, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(planned_sessions, 11, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(planned_sessions, 17, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(planned_sessions, 0, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(initial_last_session, 0, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(initial_last_session, 8, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(initial_last_session, UINT32_MAX, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(termination_sessions, 0, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(termination_sessions, UINT32_MAX, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(ending_notice_sessions, 5, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(ending_notice_sessions, UINT32_MAX, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(allowed_areas, 0, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(allowed_areas, 1u, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(allowed_areas, IPT_AREAS_CORE | (1u << 6),
                IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(allowed_areas, UINT32_MAX, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(max_focal_areas, 0, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(max_focal_areas, 5, IPT_ERR_INVALID_PROFILE);
    ADD_PROFILE(max_focal_areas, UINT32_MAX, IPT_ERR_INVALID_PROFILE);
    /* the documented limits hold */
    assert_true(n + 2 <= room);
    out[n].p = h_params(IPT_PROFILE_MAX_SESSIONS, 3, IPT_PROFILE_MAX_SESSIONS,
                        1, 1, 1, 5, IPT_AREAS_ALL);
    out[n++].want = IPT_OK;
    out[n].p = h_params(IPT_PROFILE_MAX_SESSIONS + 1, 3,
                        IPT_PROFILE_MAX_SESSIONS + 1, 1, 1, 1, 5,
                        IPT_AREAS_ALL);
    out[n++].want = IPT_ERR_INVALID_PROFILE;
#undef ADD_PROFILE
    return n;
}

/* Profile parameters of a newer caller: larger, tail bytes set or not. */
struct newer_profile {
    struct ipt_profile_params p;
    uint32_t extra[3];
};

static void
misuse_ipt_profile_check(void)
{
    struct bad_profile bad[40];
    size_t n = bad_profiles(bad, M_ARRAY_SIZE(bad));
    struct newer_profile newer;
    char msg[256];

    CHECK(ipt_profile_check(NULL, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    assert_true(msg[0] != '\0');
    CHECK(ipt_profile_check(NULL, NULL, SIZE_MAX), IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < n; i++) {
        CHECK(ipt_profile_check(&bad[i].p, msg, sizeof(msg)), bad[i].want);
        assert_true((msg[0] == '\0') == (bad[i].want == IPT_OK));
        CHECK(ipt_profile_check(&bad[i].p, NULL, SIZE_MAX), bad[i].want);
    }
    memset(&newer, 0, sizeof(newer));
    newer.p = h_standard_params();
    newer.p.size = (uint32_t)sizeof(newer);
    newer.extra[2] = 1;
    CHECK(ipt_profile_check(&newer.p, msg, sizeof(msg)), IPT_ERR_UNSUPPORTED);
    newer.extra[2] = 0;
    CHECK(ipt_profile_check(&newer.p, msg, sizeof(msg)), IPT_OK);
    /* size 0 leaves the message alone, 1 gives "" */
    memset(msg, 'x', sizeof(msg));
    CHECK(ipt_profile_check(&bad[3].p, msg, 0), IPT_ERR_INVALID_PROFILE);
    assert_int_equal(msg[0], 'x');
    CHECK(ipt_profile_check(&bad[3].p, msg, 1), IPT_ERR_INVALID_PROFILE);
    assert_int_equal(msg[0], '\0');
}

static void
misuse_ipt_profile_new(void)
{
    const struct ipt_profile_params params = h_standard_params();
    struct bad_profile bad[40];
    size_t n = bad_profiles(bad, M_ARRAY_SIZE(bad));
    struct ipt_profile *const sentinel =
        (struct ipt_profile *)(uintptr_t)0x1000;
    struct ipt_profile *p = sentinel;
    struct newer_profile newer;
    char longest[IPT_PROFILE_NAME_MAX + 2];
    const char *const bad_name[] = {
        "", "Standard", "with space", "dash-ed", "dot.", "\xC3\xA9",
        longest,
    };

    memset(longest, 'a', sizeof(longest));
    longest[IPT_PROFILE_NAME_MAX + 1] = '\0';       /* one too many */
    CHECK(ipt_profile_new(NULL, &params, NULL, &p), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_profile_new("mine", NULL, NULL, &p), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_profile_new("mine", &params, NULL, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_profile_new(NULL, NULL, NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_name); i++)
        CHECK(ipt_profile_new(bad_name[i], &params, NULL, &p),
              IPT_ERR_INVALID_ARGUMENT);
    for (int which = 1; which <= 3; which++) {
        struct ipt_allocator a = broken_allocator(which);

        CHECK(ipt_profile_new("mine", &params, &a, &p),
              IPT_ERR_INVALID_ARGUMENT);
    }
    for (size_t i = 0; i < n; i++) {
        if (bad[i].want != IPT_OK)
            CHECK(ipt_profile_new("mine", &bad[i].p, NULL, &p), bad[i].want);
    }
    memset(&newer, 0, sizeof(newer));
    newer.p = params;
    newer.p.size = (uint32_t)sizeof(newer);
    newer.extra[0] = 1;
    CHECK(ipt_profile_new("mine", &newer.p, NULL, &p), IPT_ERR_UNSUPPORTED);
    assert_ptr_equal(p, sentinel);
    /* the longest name is accepted */
    longest[IPT_PROFILE_NAME_MAX] = '\0';
    CHECK(ipt_profile_new(longest, &params, NULL, &p), IPT_OK);
    assert_string_equal(ipt_profile_name(p), longest);
    ipt_profile_free(p);
}

static void
misuse_ipt_profile_free(void)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    const struct ipt_profile *copy = NULL;
    const struct ipt_profile *builtin = h_standard();
    struct m_snap before;

    /* NULL, a built-in profile and a course's copy: nothing happens (the
     * built-in one and the copy remain usable; ASan reports a bad free) */
    ipt_profile_free(NULL);
    checked++;
    ipt_profile_free((struct ipt_profile *)(uintptr_t)builtin);
    checked++;
    CHECK_TRUE(strcmp(ipt_profile_name(builtin), "standard") == 0);
    assert_int_equal(ipt_course_get_profile(c, &copy), IPT_OK);
    m_snap_take(c, &before);
    ipt_profile_free((struct ipt_profile *)(uintptr_t)copy);
    checked++;
    m_assert_unchanged(c, &before);
    h_hold(c);
    ipt_course_free(c);
}

/* A profile accessor that takes only the profile and returns a string:
 * NULL for NULL; "" for a caller's profile, unless it is its name; text for
 * a built-in one (which may be "" where the documentation allows it). */
#define PROFILE_TEXT(fn, own_is_empty, builtin_may_be_empty)                \
    static void misuse_##fn(void)                                           \
    {                                                                       \
        const struct ipt_profile_params params = h_standard_params();       \
        struct ipt_profile *own = NULL;                                     \
                                                                            \
        CHECK_NULL(fn(NULL));                                               \
        assert_int_equal(ipt_profile_new("own", &params, NULL, &own),       \
                         IPT_OK);                                           \
        CHECK_TRUE(fn(own) != NULL &&                                       \
                   (fn(own)[0] == '\0') == (own_is_empty));                 \
        for (uint32_t i = 0; i < ipt_profile_builtin_count(); i++) {        \
            const struct ipt_profile *p = NULL;                             \
                                                                            \
            assert_int_equal(ipt_profile_builtin_at(i, &p), IPT_OK);        \
            CHECK_TRUE(fn(p) != NULL &&                                     \
                       ((builtin_may_be_empty) || fn(p)[0] != '\0'));       \
        }                                                                   \
        ipt_profile_free(own);                                              \
    }

PROFILE_TEXT(ipt_profile_name, false, false)
PROFILE_TEXT(ipt_profile_title, true, false)
PROFILE_TEXT(ipt_profile_source, true, false)
PROFILE_TEXT(ipt_profile_notes, true, true)

/* A profile accessor that returns a number: 0 for NULL and for a caller's
 * profile. */
#define PROFILE_NUMBER(fn)                                                  \
    static void misuse_##fn(void)                                           \
    {                                                                       \
        const struct ipt_profile_params params = h_standard_params();       \
        struct ipt_profile *own = NULL;                                     \
                                                                            \
        CHECK(fn(NULL), 0);                                                 \
        assert_int_equal(ipt_profile_new("own", &params, NULL, &own),       \
                         IPT_OK);                                           \
        CHECK(fn(own), 0);                                                  \
        ipt_profile_free(own);                                              \
    }

PROFILE_NUMBER(ipt_profile_cadence_days)
PROFILE_NUMBER(ipt_profile_pre_sessions)
PROFILE_NUMBER(ipt_profile_measures)

static void
misuse_ipt_profile_get_params(void)
{
    const struct ipt_profile *p = h_standard();
    struct ipt_profile_params out, sentinel;
    const uint32_t bad_size[] = { 0, 4, (uint32_t)sizeof(out) - 1 };
    struct {
        struct ipt_profile_params p;
        uint32_t extra[4];
    } newer;

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    sentinel.size = (uint32_t)sizeof(sentinel);
    out = sentinel;
    CHECK(ipt_profile_get_params(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_profile_get_params(p, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_profile_get_params(NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_memory_equal(&out, &sentinel, sizeof(out));
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_size); i++) {
        out = sentinel;
        out.size = bad_size[i];
        CHECK(ipt_profile_get_params(p, &out), IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(out.size, bad_size[i]);
        assert_int_equal(out.planned_sessions, sentinel.planned_sessions);
    }
    /* a newer caller's tail is zeroed and its size kept */
    memset(&newer, SENTINEL, sizeof(newer));
    newer.p.size = (uint32_t)sizeof(newer);
    CHECK(ipt_profile_get_params(p, &newer.p), IPT_OK);
    assert_int_equal(newer.p.size, sizeof(newer));
    assert_int_equal(newer.extra[3], 0);
}

static void
misuse_ipt_profile_area_label(void)
{
    const int bad_area[] = BAD_ENUM(IPT_AREA_GRIEF,
                                    IPT_AREA_LOST_HEALTHY_SELF);
    const struct ipt_profile *standard = h_standard();

    CHECK_NULL(ipt_profile_area_label(NULL, IPT_AREA_GRIEF));
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_area); i++) {
        CHECK_NULL(ipt_profile_area_label(standard,
                                          (enum ipt_area)bad_area[i]));
        CHECK_NULL(ipt_profile_area_label(NULL, (enum ipt_area)bad_area[i]));
    }
    /* known, but not allowed by the profile */
    CHECK_NULL(ipt_profile_area_label(standard, IPT_AREA_LOST_HEALTHY_SELF));
    CHECK_NONNULL(ipt_profile_area_label(standard, IPT_AREA_GRIEF));
}

/* ---- the machine ----------------------------------------------------- */

static void
misuse_ipt_machine_transition_count(void)
{
    uint32_t n = ipt_machine_transition_count();
    struct ipt_transition t;

    CHECK_TRUE(n > 0);
    CHECK(ipt_machine_transition_at(n - 1, &t), IPT_OK);
    CHECK(ipt_machine_transition_at(n, &t), IPT_ERR_OUT_OF_RANGE);
}

static void
misuse_ipt_machine_transition_at(void)
{
    uint32_t n = ipt_machine_transition_count();
    const uint32_t bad[] = { n, n + 1, UINT32_MAX };
    struct ipt_transition t, sentinel;

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    t = sentinel;
    CHECK(ipt_machine_transition_at(0, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_machine_transition_at(UINT32_MAX, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad); i++)
        CHECK(ipt_machine_transition_at(bad[i], &t), IPT_ERR_OUT_OF_RANGE);
    assert_memory_equal(&t, &sentinel, sizeof(t));
}

/* A function that writes text into a caller's buffer with snprintf()
 * semantics: @p call is an expression of t_buf, t_size and t_len, its
 * buffer, the buffer's size and the length it reports. */
#define TEXT_BUFFER_CASES(call, ok_status)                                  \
    do {                                                                    \
        char *t_buf = NULL;                                                 \
        size_t t_size = 0, t_len = SIZE_MAX, full;                          \
        char t_small[16];                                                   \
        size_t null_sizes[3];                                               \
                                                                            \
        /* the length of the text, asked with NULL and 0 */                 \
        CHECK((call), IPT_ERR_BUFFER_TOO_SMALL);                            \
        full = t_len;                                                       \
        assert_true(full > 0 && full < SIZE_MAX);                           \
        /* NULL with any other size */                                      \
        null_sizes[0] = 1;                                                  \
        null_sizes[1] = full + 1;                                           \
        null_sizes[2] = SIZE_MAX;                                           \
        for (size_t i_ = 0; i_ < M_ARRAY_SIZE(null_sizes); i_++) {          \
            t_size = null_sizes[i_];                                        \
            t_len = SENTINEL;                                               \
            CHECK((call), IPT_ERR_INVALID_ARGUMENT);                        \
            assert_int_equal(t_len, SENTINEL);                              \
        }                                                                   \
        /* a real buffer of 0 bytes is left alone */                        \
        memset(t_small, 'x', sizeof(t_small));                              \
        t_buf = t_small;                                                    \
        t_size = 0;                                                         \
        CHECK((call), IPT_ERR_BUFFER_TOO_SMALL);                            \
        assert_int_equal(t_small[0], 'x');                                  \
        assert_int_equal(t_len, full);                                      \
        /* exactly the length, one more: too t_small, and fits */           \
        t_buf = malloc(full + 1);                                           \
        assert_non_null(t_buf);                                             \
        t_size = full;                                                      \
        CHECK((call), IPT_ERR_BUFFER_TOO_SMALL);                            \
        assert_int_equal(t_len, full);                                      \
        t_size = full + 1;                                                  \
        CHECK((call), (ok_status));                                         \
        assert_int_equal(t_len, full);                                      \
        if ((ok_status) == IPT_OK)                                          \
            assert_int_equal(strlen(t_buf), full);                          \
        free(t_buf);                                                        \
    } while (0)

static void
misuse_ipt_machine_diagram(void)
{
    const int bad_format[] = BAD_ENUM(IPT_DIAGRAM_DOT, IPT_DIAGRAM_MERMAID);
    size_t len = SENTINEL;
    char buf[64];

    for (size_t i = 0; i < M_ARRAY_SIZE(bad_format); i++) {
        CHECK(ipt_machine_diagram((enum ipt_diagram_format)bad_format[i], buf,
                                  sizeof(buf), &len),
              IPT_ERR_OUT_OF_RANGE);
        CHECK(ipt_machine_diagram((enum ipt_diagram_format)bad_format[i],
                                  NULL, 0, NULL),
              IPT_ERR_OUT_OF_RANGE);
    }
    assert_int_equal(len, SENTINEL);
    /* the length is optional */
    CHECK(ipt_machine_diagram(IPT_DIAGRAM_DOT, NULL, 0, NULL),
          IPT_ERR_BUFFER_TOO_SMALL);
    CHECK(ipt_machine_diagram(IPT_DIAGRAM_DOT, buf, sizeof(buf), NULL),
          IPT_ERR_BUFFER_TOO_SMALL);
    for (int f = IPT_DIAGRAM_DOT; f <= IPT_DIAGRAM_MERMAID; f++)
        TEXT_BUFFER_CASES(ipt_machine_diagram((enum ipt_diagram_format)f,
                                              t_buf, t_size, &t_len),
                          IPT_OK);
}

/* ---- technique selection --------------------------------------------- */

static void
misuse_ipt_weights_new(void)
{
    struct ipt_weights *const sentinel =
        (struct ipt_weights *)(uintptr_t)0x1000;
    struct ipt_weights *w = sentinel, *copy = NULL;

    CHECK(ipt_weights_new(NULL, NULL, NULL), IPT_ERR_INVALID_ARGUMENT);
    for (int which = 1; which <= 3; which++) {
        struct ipt_allocator a = broken_allocator(which);

        CHECK(ipt_weights_new(NULL, &a, &w), IPT_ERR_INVALID_ARGUMENT);
    }
    assert_ptr_equal(w, sentinel);
    CHECK(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    CHECK(ipt_weights_new(w, NULL, &copy), IPT_OK);
    ipt_weights_free(copy);
    ipt_weights_free(w);
}

static void
misuse_ipt_weights_free(void)
{
    struct ipt_weights *w = NULL;

    ipt_weights_free(NULL);
    checked++;
    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    ipt_weights_free(w);
    checked++;
}

static const int bad_technique[] = BAD_ENUM(
    IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION,
    IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION);
static const int bad_column[] = BAD_ENUM(IPT_COLUMN_INITIAL,
                                         IPT_COLUMN_TERMINATION);

static void
misuse_ipt_weights_get(void)
{
    struct ipt_weights *w = NULL;
    uint32_t out = SENTINEL_U32;

    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    CHECK(ipt_weights_get(w, IPT_TECHNIQUE_ROLE_PLAY, IPT_COLUMN_GRIEF, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < 4; i++) {
        CHECK(ipt_weights_get(w, (enum ipt_technique)bad_technique[i],
                              IPT_COLUMN_GRIEF, &out),
              IPT_ERR_OUT_OF_RANGE);
        CHECK(ipt_weights_get(NULL, IPT_TECHNIQUE_ROLE_PLAY,
                              (enum ipt_weight_column)bad_column[i], &out),
              IPT_ERR_OUT_OF_RANGE);
        CHECK_EITHER(ipt_weights_get(NULL,
                                     (enum ipt_technique)bad_technique[i],
                                     (enum ipt_weight_column)bad_column[i],
                                     NULL),
                     IPT_ERR_INVALID_ARGUMENT, IPT_ERR_OUT_OF_RANGE);
    }
    assert_int_equal(out, SENTINEL_U32);
    /* NULL is the default table */
    CHECK(ipt_weights_get(NULL, IPT_TECHNIQUE_ROLE_PLAY, IPT_COLUMN_GRIEF,
                          &out),
          IPT_OK);
    ipt_weights_free(w);
}

static void
misuse_ipt_weights_set(void)
{
    struct ipt_weights *w = NULL, *fresh = NULL;
    const uint32_t bad_weight[] = { 101, 255, 256, UINT32_MAX };

    assert_int_equal(ipt_weights_new(NULL, NULL, &w), IPT_OK);
    assert_int_equal(ipt_weights_new(NULL, NULL, &fresh), IPT_OK);
    CHECK(ipt_weights_set(NULL, IPT_TECHNIQUE_ROLE_PLAY, IPT_COLUMN_GRIEF, 1),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < 4; i++) {
        CHECK(ipt_weights_set(w, (enum ipt_technique)bad_technique[i],
                              IPT_COLUMN_GRIEF, 1),
              IPT_ERR_OUT_OF_RANGE);
        CHECK(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY,
                              (enum ipt_weight_column)bad_column[i], 1),
              IPT_ERR_OUT_OF_RANGE);
        CHECK(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY, IPT_COLUMN_GRIEF,
                              bad_weight[i]),
              IPT_ERR_OUT_OF_RANGE);
    }
    /* the table is unchanged: every weight as in a fresh copy */
    for (int t = IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION;
         t <= IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION; t++) {
        for (int col = IPT_COLUMN_INITIAL; col <= IPT_COLUMN_TERMINATION;
             col++) {
            uint32_t a = 0, b = 1;

            assert_int_equal(ipt_weights_get(w, (enum ipt_technique)t,
                                             (enum ipt_weight_column)col,
                                             &a), IPT_OK);
            assert_int_equal(ipt_weights_get(fresh, (enum ipt_technique)t,
                                             (enum ipt_weight_column)col,
                                             &b), IPT_OK);
            assert_int_equal(a, b);
        }
    }
    /* the limits of a weight */
    CHECK(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY, IPT_COLUMN_GRIEF, 100),
          IPT_OK);
    CHECK(ipt_weights_set(w, IPT_TECHNIQUE_ROLE_PLAY, IPT_COLUMN_GRIEF, 0),
          IPT_OK);
    ipt_weights_free(fresh);
    ipt_weights_free(w);
}

/* A valid middle-phase selection context. */
static struct ipt_select_context
middle_context(void)
{
    struct ipt_select_context ctx;

    memset(&ctx, 0, sizeof(ctx));
    ctx.size = (uint32_t)sizeof(ctx);
    ctx.phase = IPT_STATE_MIDDLE;
    ctx.focus = IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE);
    ctx.dispute_stage = IPT_DISPUTE_IMPASSE;
    ctx.session = 6;
    ctx.sessions_remaining = 10;
    return ctx;
}

static void
misuse_ipt_select_context_from_course(void)
{
    struct ipt_select_context ctx, sentinel;
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE);
    const uint32_t bad_size[] = { 0, 4, (uint32_t)sizeof(ctx) - 1 };

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    sentinel.size = (uint32_t)sizeof(sentinel);
    ctx = sentinel;
    CHECK(ipt_select_context_from_course(NULL, &ctx),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_select_context_from_course(c, NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_select_context_from_course(NULL, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    assert_memory_equal(&ctx, &sentinel, sizeof(ctx));
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_size); i++) {
        ctx = sentinel;
        ctx.size = bad_size[i];
        CHECK(ipt_select_context_from_course(c, &ctx),
              IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(ctx.phase, sentinel.phase);
    }
    ipt_course_free(c);
    /* no session can be held: the context is unchanged */
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        bool in_phase = s == IPT_STATE_INITIAL || s == IPT_STATE_MIDDLE ||
                        s == IPT_STATE_TERMINATION;

        c = course_in(s);
        ctx = sentinel;
        if (!in_phase) {
            CHECK(ipt_select_context_from_course(c, &ctx),
                  IPT_ERR_NOT_AVAILABLE);
            assert_memory_equal(&ctx, &sentinel, sizeof(ctx));
        }
        ipt_course_free(c);
    }
}

static void
misuse_ipt_select_techniques(void)
{
    const struct ipt_select_context good = middle_context();
    struct ipt_suggestion out[32], sentinel;
    uint32_t count = SENTINEL_U32, n = 0;
    struct {
        struct ipt_select_context ctx;
        uint32_t extra[2];
    } newer;
    struct {
        struct ipt_select_context ctx;
        enum ipt_status want;
    } bad[40];
    size_t nbad = 0;
    const int bad_phase[] = { IPT_STATE_NOT_STARTED, IPT_STATE_COMPLETED,
                              0, 9, INT_MIN, INT_MAX };
    const int bad_stage[] = BAD_ENUM(0, IPT_DISPUTE_DISSOLUTION);

#define ADD_CTX(field, value, st)                                           \
    do {                                                                    \
        assert_true(nbad < M_ARRAY_SIZE(bad));                              \
        bad[nbad].ctx = good;                                               \
        bad[nbad].ctx.field = (value);                                      \
        bad[nbad].want = (st);                                              \
        nbad++;                                                             \
    } while (0)
    ADD_CTX(size, 0, IPT_ERR_INVALID_ARGUMENT);
    ADD_CTX(size, (uint32_t)sizeof(good) - 1, IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_phase); i++)
        ADD_CTX(phase, bad_phase[i], IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_stage); i++)
        ADD_CTX(dispute_stage, bad_stage[i], IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(focus, 0, IPT_ERR_OUT_OF_RANGE);   /* middle phase, no focus */
    ADD_CTX(focus, 1u, IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(focus, 1u << 6, IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(focus, UINT32_MAX, IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(flags, 1u << 6, IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(flags, UINT32_MAX, IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(recent_techniques, 1u, IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(recent_techniques, 1u << 19, IPT_ERR_OUT_OF_RANGE);
    ADD_CTX(recent_techniques, UINT32_MAX, IPT_ERR_OUT_OF_RANGE);
#undef ADD_CTX

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    for (size_t i = 0; i < M_ARRAY_SIZE(out); i++)
        out[i] = sentinel;
    CHECK(ipt_select_techniques(NULL, NULL, out, 32, &count),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_select_techniques(NULL, &good, out, 32, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_select_techniques(NULL, &good, NULL, 1, &count),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_select_techniques(NULL, &good, NULL, UINT32_MAX, &count),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < nbad; i++)
        CHECK(ipt_select_techniques(NULL, &bad[i].ctx, out, 32, &count),
              bad[i].want);
    memset(&newer, 0, sizeof(newer));
    newer.ctx = good;
    newer.ctx.size = (uint32_t)sizeof(newer);
    newer.extra[1] = 1;
    CHECK(ipt_select_techniques(NULL, &newer.ctx, out, 32, &count),
          IPT_ERR_UNSUPPORTED);
    assert_int_equal(count, SENTINEL_U32);
    for (size_t i = 0; i < M_ARRAY_SIZE(out); i++)
        assert_memory_equal(&out[i], &sentinel, sizeof(sentinel));
    /* capacity 0 (with or without an array), 1, n and n + 1 */
    CHECK(ipt_select_techniques(NULL, &good, NULL, 0, &n), IPT_OK);
    assert_true(n > 1 && n < M_ARRAY_SIZE(out));
    CHECK(ipt_select_techniques(NULL, &good, out, 0, &count), IPT_OK);
    assert_int_equal(count, n);
    assert_memory_equal(&out[0], &sentinel, sizeof(sentinel));
    CHECK(ipt_select_techniques(NULL, &good, out, 1, &count), IPT_OK);
    assert_int_equal(count, 1);
    assert_memory_equal(&out[1], &sentinel, sizeof(sentinel));
    CHECK(ipt_select_techniques(NULL, &good, out, n, &count), IPT_OK);
    assert_int_equal(count, n);
    CHECK(ipt_select_techniques(NULL, &good, out, n + 1, &count), IPT_OK);
    assert_int_equal(count, n);
    assert_memory_equal(&out[n], &sentinel, sizeof(sentinel));
    newer.extra[1] = 0;
    CHECK(ipt_select_techniques(NULL, &newer.ctx, out, n, &count), IPT_OK);
    /* session numbers have no documented range: every value is taken */
    {
        const uint32_t any[] = { 0, 1, UINT32_MAX };

        for (size_t i = 0; i < M_ARRAY_SIZE(any); i++) {
            for (size_t j = 0; j < M_ARRAY_SIZE(any); j++) {
                struct ipt_select_context ctx = good;

                ctx.session = any[i];
                ctx.sessions_remaining = any[j];
                ctx.flags = IPT_SELECT_FLAGS_ALL;
                ctx.recent_techniques = UINT32_C(0x7FFFE);
                CHECK(ipt_select_techniques(NULL, &ctx, out, n, &count),
                      IPT_OK);
            }
        }
    }
}

static void
misuse_ipt_suggestion_explain(void)
{
    struct ipt_suggestion s, bad;
    char small[8];
    size_t len = SENTINEL;

    memset(&s, 0, sizeof(s));
    s.technique = IPT_TECHNIQUE_COMMUNICATION_ANALYSIS;
    s.score = 92;
    s.reasons = (1u << IPT_REASON_AREA_FIT) | (1u << IPT_REASON_PHASE_WEIGHT);
    memset(small, 'x', sizeof(small));
    CHECK(ipt_suggestion_explain(NULL, small, sizeof(small), &len),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < 4; i++) {
        bad = s;
        bad.technique = bad_technique[i];
        CHECK(ipt_suggestion_explain(&bad, small, sizeof(small), &len),
              IPT_ERR_OUT_OF_RANGE);
    }
    {
        const uint32_t bad_reasons[] = { 1u, 1u << 13, 1u << 31,
                                         UINT32_MAX };

        for (size_t i = 0; i < M_ARRAY_SIZE(bad_reasons); i++) {
            bad = s;
            bad.reasons = bad_reasons[i];
            CHECK(ipt_suggestion_explain(&bad, small, sizeof(small), &len),
                  IPT_ERR_OUT_OF_RANGE);
        }
    }
    assert_int_equal(len, SENTINEL);
    assert_int_equal(small[0], 'x');
    /* the length is optional */
    CHECK(ipt_suggestion_explain(&s, small, sizeof(small), NULL),
          IPT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(strlen(small), sizeof(small) - 1);
    TEXT_BUFFER_CASES(ipt_suggestion_explain(&s, t_buf, t_size, &t_len),
                      IPT_OK);
}

/* ---- simulation ------------------------------------------------------ */

static void
misuse_ipt_rng_seed_patient(void)
{
    struct ipt_rng rng;

    CHECK(ipt_rng_seed_patient(NULL, 1, 2), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_rng_seed_patient(NULL, UINT32_MAX, UINT32_MAX),
          IPT_ERR_INVALID_ARGUMENT);
    /* every seed and patient is valid; the state is never all zero */
    CHECK(ipt_rng_seed_patient(&rng, UINT32_MAX, UINT32_MAX), IPT_OK);
    CHECK(ipt_rng_seed_patient(&rng, 0, 0), IPT_OK);
    CHECK_TRUE((rng.s[0] | rng.s[1] | rng.s[2] | rng.s[3]) != 0);
}

static void
misuse_ipt_rng_next(void)
{
    struct ipt_rng rng, copy;

    CHECK(ipt_rng_next(NULL), 0);
    assert_int_equal(ipt_rng_seed_patient(&rng, 7, 7), IPT_OK);
    copy = rng;
    (void)ipt_rng_next(&rng);
    CHECK_TRUE(memcmp(&rng, &copy, sizeof(rng)) != 0);
}

static void
misuse_ipt_rng_uniform(void)
{
    struct ipt_rng rng;

    CHECK_TRUE(ipt_rng_uniform(NULL) == 0.0);
    assert_int_equal(ipt_rng_seed_patient(&rng, 7, 7), IPT_OK);
    for (int i = 0; i < 1000; i++) {
        double u = ipt_rng_uniform(&rng);

        assert_true(u >= 0.0 && u < 1.0);
    }
    checked++;
}

static void
misuse_ipt_sim_cell_seed(void)
{
    /* Every seed and cell is valid, including the last cell, whose
     * cell + 1 wraps to 0; the value is a pure function of both. */
    CHECK_TRUE(ipt_sim_cell_seed(UINT32_MAX, UINT32_MAX) ==
               ipt_sim_cell_seed(UINT32_MAX, UINT32_MAX));
    CHECK_TRUE(ipt_sim_cell_seed(0, 0) != ipt_sim_cell_seed(0, 1));
}

static void
misuse_ipt_cohort_v1_defaults(void)
{
    struct ipt_cohort_v1_params p;

    CHECK(ipt_cohort_v1_defaults(NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_cohort_v1_defaults(&p), IPT_OK);
    assert_int_equal(p.size, sizeof(p));
}

/* Callbacks of a model that does nothing wrong. */
static enum ipt_status
cb_init(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p)
{
    (void)user_data;
    (void)rng;
    p->area = IPT_AREA_GRIEF;
    p->baseline = 15;
    return IPT_OK;
}

static double
cb_dropout(void *user_data, const struct ipt_sim_patient *p,
           uint32_t session, enum ipt_state phase)
{
    (void)user_data;
    (void)p;
    (void)session;
    (void)phase;
    return 0.0;
}

static void
cb_update(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p,
          uint32_t session, enum ipt_state phase)
{
    (void)user_data;
    (void)rng;
    (void)session;
    (void)phase;
    p->score -= 0.5;
}

static struct ipt_sim_config
small_run(void)
{
    struct ipt_sim_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.size = (uint32_t)sizeof(cfg);
    cfg.model = IPT_SIM_COHORT_V1;
    cfg.seed = 42;
    cfg.threads = 1;
    cfg.patients = 3;
    return cfg;
}

/* A caller's model that does what its plan says, right or wrong. */
struct cb_plan {
    enum ipt_status init_status;
    int32_t area, baseline;
    double prob, score;
    enum ipt_status sink_status;
    int cancel;
};

static enum ipt_status
plan_init(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p)
{
    const struct cb_plan *plan = user_data;

    (void)rng;
    p->area = plan->area;
    p->baseline = plan->baseline;
    return plan->init_status;
}

static double
plan_dropout(void *user_data, const struct ipt_sim_patient *p,
             uint32_t session, enum ipt_state phase)
{
    const struct cb_plan *plan = user_data;

    (void)p;
    (void)session;
    (void)phase;
    return plan->prob;
}

static void
plan_update(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p,
            uint32_t session, enum ipt_state phase)
{
    const struct cb_plan *plan = user_data;

    (void)rng;
    (void)session;
    (void)phase;
    p->score = plan->score;
}

static enum ipt_status
plan_patients(void *user_data, const struct ipt_sim_patient_result *results,
              size_t count)
{
    const struct cb_plan *plan = user_data;

    (void)results;
    (void)count;
    return plan->sink_status;
}

static int
plan_progress(void *user_data, uint64_t done, uint64_t total)
{
    const struct cb_plan *plan = user_data;

    (void)done;
    (void)total;
    return plan->cancel;
}

/* Runs the plan's model on 3 patients under @p profile (NULL: standard)
 * and returns the status; the totals must be untouched on failure. */
static enum ipt_status
run_plan(const struct cb_plan *plan, const struct ipt_profile *profile)
{
    struct ipt_sim_config cfg = small_run();
    struct ipt_sim_callbacks cb;
    struct ipt_sim_sink sink;
    struct ipt_sim_totals totals, sentinel;
    char msg[256] = "";
    enum ipt_status st;

    memset(&cb, 0, sizeof(cb));
    cb.size = (uint32_t)sizeof(cb);
    cb.user_data = (void *)(uintptr_t)plan;
    cb.init = plan_init;
    cb.dropout = plan_dropout;
    cb.update = plan_update;
    memset(&sink, 0, sizeof(sink));
    sink.size = (uint32_t)sizeof(sink);
    sink.user_data = cb.user_data;
    sink.patients = plan_patients;
    cfg.model = IPT_SIM_CALLBACKS;
    cfg.callbacks = &cb;
    cfg.sink = &sink;
    cfg.progress = plan_progress;
    cfg.progress_data = cb.user_data;
    cfg.profile = profile;
    memset(&sentinel, SENTINEL, sizeof(sentinel));
    totals = sentinel;
    st = ipt_sim_run(&cfg, &totals, msg, sizeof(msg));
    if (st != IPT_OK) {
        assert_memory_equal(&totals, &sentinel, sizeof(totals));
        assert_true(msg[0] != '\0');
    }
    return st;
}

static void
misuse_ipt_sim_run(void)
{
    const struct ipt_sim_config good = small_run();
    struct ipt_sim_totals totals, sentinel;
    struct ipt_cohort_v1_params cohort;
    struct ipt_sim_callbacks cb;
    struct ipt_sim_sink sink;
    struct {
        struct ipt_sim_config cfg;
        enum ipt_status want;
    } bad[48];
    size_t n = 0;
    char msg[256];
    struct ipt_allocator broken[3];
    struct {
        struct ipt_sim_config cfg;
        uint64_t extra;
    } newer;
    const struct ipt_profile *grief_less = NULL;
    struct ipt_profile *own = NULL;
    struct ipt_profile_params no_grief = h_standard_params();

    for (int which = 1; which <= 3; which++)
        broken[which - 1] = broken_allocator(which);
    no_grief.allowed_areas &= ~IPT_AREA_BIT(IPT_AREA_GRIEF);
    assert_int_equal(ipt_profile_new("no_grief", &no_grief, NULL, &own),
                     IPT_OK);
    grief_less = own;
    memset(&cb, 0, sizeof(cb));
    cb.size = (uint32_t)sizeof(cb);
    cb.init = cb_init;
    cb.dropout = cb_dropout;
    cb.update = cb_update;
    memset(&sink, 0, sizeof(sink));
    sink.size = (uint32_t)sizeof(sink);
    assert_int_equal(ipt_cohort_v1_defaults(&cohort), IPT_OK);

#define ADD_RUN(field, value, st)                                           \
    do {                                                                    \
        assert_true(n < M_ARRAY_SIZE(bad));                                 \
        bad[n].cfg = good;                                                  \
        bad[n].cfg.field = (value);                                         \
        bad[n].want = (st);                                                 \
        n++;                                                                \
    } while (0)
    ADD_RUN(size, 0, IPT_ERR_INVALID_ARGUMENT);
    ADD_RUN(size, (uint32_t)sizeof(good) - 1, IPT_ERR_INVALID_ARGUMENT);
    {
        const int bad_model[] = BAD_ENUM(IPT_SIM_COHORT_V1,
                                         IPT_SIM_CALLBACKS);

        for (size_t i = 0; i < M_ARRAY_SIZE(bad_model); i++)
            ADD_RUN(model, bad_model[i], IPT_ERR_OUT_OF_RANGE);
    }
    /* 1 to 2^32 patients, 0 to 256 threads */
    ADD_RUN(patients, 0, IPT_ERR_OUT_OF_RANGE);
    ADD_RUN(patients, (UINT64_C(1) << 32) + 1, IPT_ERR_OUT_OF_RANGE);
    ADD_RUN(patients, UINT64_MAX, IPT_ERR_OUT_OF_RANGE);
    ADD_RUN(threads, 257, IPT_ERR_OUT_OF_RANGE);
    ADD_RUN(threads, UINT32_MAX, IPT_ERR_OUT_OF_RANGE);
    ADD_RUN(threads, 256, IPT_OK);
    for (int i = 0; i < 3; i++)
        ADD_RUN(allocator, &broken[i], IPT_ERR_INVALID_ARGUMENT);
    /* cohort-v1 draws grief, which this profile does not allow */
    ADD_RUN(profile, grief_less, IPT_ERR_OUT_OF_RANGE);
    /* the callbacks model without callbacks */
    ADD_RUN(model, IPT_SIM_CALLBACKS, IPT_ERR_INVALID_ARGUMENT);
#undef ADD_RUN

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    totals = sentinel;
    CHECK(ipt_sim_run(&good, NULL, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_sim_run(NULL, &totals, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_sim_run(NULL, NULL, NULL, SIZE_MAX), IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < n; i++) {
        if (bad[i].want == IPT_OK)
            continue;
        msg[0] = '\0';
        CHECK(ipt_sim_run(&bad[i].cfg, &totals, msg, sizeof(msg)),
              bad[i].want);
        assert_true(msg[0] != '\0');
        CHECK(ipt_sim_run(&bad[i].cfg, &totals, NULL, SIZE_MAX),
              bad[i].want);
    }

    /* the structs the config points to */
    {
        struct ipt_sim_config cfg = good;
        struct ipt_cohort_v1_params p = cohort;
        struct ipt_sim_callbacks c2 = cb;
        struct ipt_sim_sink s2 = sink;
        const double bad_prob[] = { -0.01, 1.01, NAN, INFINITY };

        cfg.cohort_v1 = &p;
        p.size = 0;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
        p = cohort;
        p.reserved = 1;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
        for (size_t i = 0; i < M_ARRAY_SIZE(bad_prob); i++) {
            p = cohort;
            p.dropout[i % 3] = bad_prob[i];
            CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);
            p = cohort;
            p.area_bounds[i % 3] = bad_prob[i];
            CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);
            p = cohort;
            p.base_rate[i % 4] = bad_prob[i];
            CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);
        }
        p = cohort;
        p.area_bounds[1] = 0.1;         /* below the previous bound */
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);
        p = cohort;
        p.dropout_multiplier = 1000.5;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);
        p.dropout_multiplier = -1.0;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);
        p = cohort;
        p.noise = 27.5;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);
        p.noise = NAN;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_OUT_OF_RANGE);

        cfg = good;
        cfg.model = IPT_SIM_CALLBACKS;
        cfg.callbacks = &c2;
        c2.size = (uint32_t)sizeof(c2) - 1;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
        c2 = cb;
        c2.reserved = 1;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
        c2 = cb;
        c2.init = NULL;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
        c2 = cb;
        c2.dropout = NULL;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
        c2 = cb;
        c2.update = NULL;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);

        cfg = good;
        cfg.sink = &s2;
        s2.size = 0;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
        s2 = sink;
        s2.reserved = UINT32_MAX;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_ERR_INVALID_ARGUMENT);
    }
    memset(&newer, 0, sizeof(newer));
    newer.cfg = good;
    newer.cfg.size = (uint32_t)sizeof(newer);
    newer.extra = 1;
    CHECK(ipt_sim_run(&newer.cfg, &totals, NULL, 0), IPT_ERR_UNSUPPORTED);
    assert_memory_equal(&totals, &sentinel, sizeof(totals));

    /* the limits that fit a test: 256 threads (for 3 patients), a larger
     * struct with a zero tail, the callbacks model */
    for (size_t i = 0; i < n; i++) {
        if (bad[i].want == IPT_OK)
            CHECK(ipt_sim_run(&bad[i].cfg, &totals, NULL, 0), IPT_OK);
    }
    newer.extra = 0;
    CHECK(ipt_sim_run(&newer.cfg, &totals, NULL, 0), IPT_OK);
    {
        struct ipt_sim_config cfg = good;

        cfg.model = IPT_SIM_CALLBACKS;
        cfg.callbacks = &cb;
        CHECK(ipt_sim_run(&cfg, &totals, NULL, 0), IPT_OK);
        assert_int_equal(totals.patients, 3);
    }

    /* a caller's model that breaks its contract */
    {
        const struct cb_plan ok = { IPT_OK, IPT_AREA_GRIEF, 15, 0.0, 10.0,
                                    IPT_OK, 0 };
        const int32_t bad_area[] = { 0, IPT_AREA_LOST_HEALTHY_SELF,
                                     INT32_MIN, INT32_MAX };
        const int32_t bad_baseline[] = { -1, 28, INT32_MIN, INT32_MAX };
        const double bad_prob[] = { -0.01, 1.01, NAN, INFINITY };
        const double kept_score[] = { -1e300, 1e300, -INFINITY, INFINITY };
        struct cb_plan plan;

        CHECK(run_plan(&ok, NULL), IPT_OK);
        for (size_t i = 0; i < 4; i++) {
            plan = ok;
            plan.area = bad_area[i];
            CHECK(run_plan(&plan, NULL), IPT_ERR_OUT_OF_RANGE);
            plan = ok;
            plan.baseline = bad_baseline[i];
            CHECK(run_plan(&plan, NULL), IPT_ERR_OUT_OF_RANGE);
            plan = ok;
            plan.prob = bad_prob[i];
            CHECK(run_plan(&plan, NULL), IPT_ERR_OUT_OF_RANGE);
            /* scores out of range are kept in range by the engine */
            plan = ok;
            plan.score = kept_score[i];
            CHECK(run_plan(&plan, NULL), IPT_OK);
        }
        plan = ok;
        plan.score = NAN;
        CHECK(run_plan(&plan, NULL), IPT_ERR_OUT_OF_RANGE);
        /* an area the course machine refuses under the profile */
        CHECK(run_plan(&ok, grief_less), IPT_ERR_HISTORY);
        /* statuses of the model, the sink and the progress callback */
        plan = ok;
        plan.init_status = IPT_ERR_IO;
        CHECK(run_plan(&plan, NULL), IPT_ERR_IO);
        plan = ok;
        plan.sink_status = IPT_ERR_NO_MEMORY;
        CHECK(run_plan(&plan, NULL), IPT_ERR_NO_MEMORY);
        plan = ok;
        plan.cancel = 1;
        CHECK(run_plan(&plan, NULL), IPT_ERR_CANCELLED);
    }
    ipt_profile_free(own);
}

static void
misuse_ipt_sim_totals_json(void)
{
    struct ipt_sim_totals t;
    const char *const bad_model[] = { "a\"b", "a\\b", "tab\there", "\x1f",
                                      "\x7f" };
    char buf[1024];
    size_t len = SENTINEL;

    /* every count at its largest gives the longest text */
    memset(&t, 0xFF, sizeof(t));
    memset(buf, 'x', sizeof(buf));
    CHECK(ipt_sim_totals_json(NULL, 1, &t, buf, sizeof(buf), &len),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_sim_totals_json("m", 1, NULL, buf, sizeof(buf), &len),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_sim_totals_json("m", 1, &t, buf, sizeof(buf), NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_model); i++)
        CHECK(ipt_sim_totals_json(bad_model[i], 1, &t, buf, sizeof(buf),
                                  &len),
              IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(len, SENTINEL);
    assert_int_equal(buf[0], 'x');
    TEXT_BUFFER_CASES(ipt_sim_totals_json("cohort-v1", UINT32_MAX, &t, t_buf,
                                          t_size, &t_len),
                      IPT_OK);
    /* an empty model name is valid JSON */
    CHECK(ipt_sim_totals_json("", 0, &t, buf, sizeof(buf), &len), IPT_OK);
}

/* ---- saving and loading ---------------------------------------------- */

static void
misuse_ipt_io_default(void)
{
    struct ipt_io_ops io;

    CHECK(ipt_io_default(NULL), IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_io_default(&io), IPT_OK);
    assert_int_equal(io.size, sizeof(io));
    assert_non_null(io.open);
}

static void
misuse_ipt_course_save_json(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct m_snap before;
    size_t len = SENTINEL;
    char buf[8];

    m_snap_take(c, &before);
    memset(buf, 'x', sizeof(buf));
    CHECK(ipt_course_save_json(NULL, buf, sizeof(buf), &len),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_save_json(c, buf, sizeof(buf), NULL),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_save_json(NULL, NULL, SIZE_MAX, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(len, SENTINEL);
    assert_int_equal(buf[0], 'x');
    if (json_built) {
        TEXT_BUFFER_CASES(ipt_course_save_json(c, t_buf, t_size, &t_len),
                          IPT_OK);
    } else {
        const size_t sizes[] = { 0, sizeof(buf) };

        CHECK(ipt_course_save_json(c, NULL, 1, &len),
              IPT_ERR_INVALID_ARGUMENT);
        for (size_t i = 0; i < M_ARRAY_SIZE(sizes); i++)
            CHECK(ipt_course_save_json(c, buf, sizes[i], &len),
                  IPT_ERR_NOT_BUILT);
    }
    m_assert_unchanged(c, &before);
    ipt_course_free(c);
}

/* The document of a recorded course, with @p from replaced by @p to;
 * free() it. */
static char *
edited_document(const char *from, const char *to, size_t *length)
{
    struct ipt_course *c = m_recorded_course(NULL);
    size_t len = 0;
    char *doc, *out, *at;

    assert_int_equal(ipt_course_save_json(c, NULL, 0, &len),
                     IPT_ERR_BUFFER_TOO_SMALL);
    doc = malloc(len + 1);
    assert_non_null(doc);
    assert_int_equal(ipt_course_save_json(c, doc, len + 1, &len), IPT_OK);
    ipt_course_free(c);
    at = strstr(doc, from);
    assert_non_null(at);
    out = malloc(len + strlen(to) + 1);
    assert_non_null(out);
    memcpy(out, doc, (size_t)(at - doc));
    strcpy(out + (at - doc), to);
    strcat(out, at + strlen(from));
    free(doc);
    *length = strlen(out);
    return out;
}

static void
misuse_ipt_course_load_json(void)
{
    struct ipt_course *const sentinel = (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    char msg[256];
    static const char *const not_courses[] = {
        "", " ", "{", "[]", "null", "\"libipt-course\"", "{}",
        "{\"format\": \"libipt-course\"}",
    };

    CHECK(ipt_course_load_json(NULL, 1, NULL, &c, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_load_json("{}", 2, NULL, NULL, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_load_json(NULL, SIZE_MAX, NULL, NULL, NULL, SIZE_MAX),
          IPT_ERR_INVALID_ARGUMENT);
    for (int which = 1; which <= 3; which++) {
        struct ipt_allocator a = broken_allocator(which);

        CHECK(ipt_course_load_json("{}", 2, &a, &c, msg, sizeof(msg)),
              IPT_ERR_INVALID_ARGUMENT);
    }
    if (!json_built) {
        CHECK(ipt_course_load_json("{}", 2, NULL, &c, msg, sizeof(msg)),
              IPT_ERR_NOT_BUILT);
        assert_ptr_equal(c, sentinel);
        return;
    }
    for (size_t i = 0; i < M_ARRAY_SIZE(not_courses); i++) {
        msg[0] = '\0';
        CHECK(ipt_course_load_json(not_courses[i], strlen(not_courses[i]),
                                   NULL, &c, msg, sizeof(msg)),
              IPT_ERR_FORMAT);
        assert_true(msg[0] != '\0');
        CHECK(ipt_course_load_json(not_courses[i], strlen(not_courses[i]),
                                   NULL, &c, NULL, SIZE_MAX),
              IPT_ERR_FORMAT);
    }
    /* a length of 0 reads nothing, whatever the bytes */
    CHECK(ipt_course_load_json("{}", 0, NULL, &c, msg, sizeof(msg)),
          IPT_ERR_FORMAT);
    {
        static const struct {
            const char *from, *to;
            enum ipt_status want;
        } edits[] = {
            { "\"version\": \"1.0\"", "\"version\": \"2.0\"",
              IPT_ERR_VERSION },
            { "\"version\": \"1.0\"", "\"version\": \"99999999999.0\"",
              IPT_ERR_FORMAT },
            { "\"type\": \"start\"", "\"type\": \"hold_session\"",
              IPT_ERR_HISTORY },
            { "\"log_capacity\": 64", "\"log_capacity\": 1048577",
              IPT_ERR_FORMAT },
            { "\"log_capacity\": 64", "\"log_capacity\": -1",
              IPT_ERR_FORMAT },
            { "\"format\"", "\"formats\"", IPT_ERR_FORMAT },
        };

        for (size_t i = 0; i < M_ARRAY_SIZE(edits); i++) {
            size_t len = 0;
            char *doc = edited_document(edits[i].from, edits[i].to, &len);

            CHECK(ipt_course_load_json(doc, len, NULL, &c, msg, sizeof(msg)),
                  edits[i].want);
            /* a document cut short */
            CHECK(ipt_course_load_json(doc, len / 2, NULL, &c, msg,
                                       sizeof(msg)),
                  IPT_ERR_FORMAT);
            free(doc);
        }
    }
    assert_ptr_equal(c, sentinel);
    /* message size 0 is left alone */
    memset(msg, 'x', sizeof(msg));
    CHECK(ipt_course_load_json("{", 1, NULL, &c, msg, 0), IPT_ERR_FORMAT);
    assert_int_equal(msg[0], 'x');
    assert_ptr_equal(c, sentinel);
}

/* A path of @p length bytes in a static buffer. */
static const char *
long_path(size_t length)
{
    static char path[4200];

    assert_true(length < sizeof(path));
    memset(path, 'p', length);
    path[length] = '\0';
    return path;
}

/* File-operation tables that are malformed, with the status they give. */
struct bad_io {
    struct ipt_io_ops io;
    enum ipt_status want;
};

static size_t
bad_ios(struct m_memfs *fs, struct bad_io *out, size_t room)
{
    const struct ipt_io_ops good = m_memfs_ops(fs);
    size_t n = 0;

#define ADD_IO(stmt, st)                                                    \
    do {                                                                    \
        struct ipt_io_ops *io_;                                             \
                                                                            \
        assert_true(n < room);                                              \
        io_ = &out[n].io;                                                   \
        *io_ = good;                                                        \
        stmt;                                                               \
        out[n].want = (st);                                                 \
        n++;                                                                \
    } while (0)
    ADD_IO(io_->size = 0, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->size = (uint32_t)sizeof(good) - 1, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->reserved = 1, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->open = NULL, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->read = NULL, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->write = NULL, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->sync = NULL, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->close = NULL, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->rename = NULL, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->unlink = NULL, IPT_ERR_INVALID_ARGUMENT);
    ADD_IO(io_->sync_dir = NULL, IPT_ERR_INVALID_ARGUMENT);
#undef ADD_IO
    return n;
}

/* An io table of a newer caller, with a tail. */
struct newer_io {
    struct ipt_io_ops io;
    uint64_t extra;
};

/* Paths that fail before any file operation. */
static const struct {
    size_t length;          /* of long_path(), when text is NULL */
    const char *text;
    enum ipt_status want;
} bad_paths[] = {
    { 0, "", IPT_ERR_INVALID_ARGUMENT },
    { 0, "dir/", IPT_ERR_INVALID_ARGUMENT },
    { 0, "/", IPT_ERR_INVALID_ARGUMENT },
    { 4092, NULL, IPT_ERR_OUT_OF_RANGE },
    { 4199, NULL, IPT_ERR_OUT_OF_RANGE },
};

static void
misuse_ipt_course_save_file(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct m_memfs fs;
    struct ipt_io_ops io;
    struct bad_io bad[16];
    size_t n;
    struct newer_io newer;
    struct m_snap before;
    char msg[512];

    memset(&fs, 0, sizeof(fs));
    io = m_memfs_ops(&fs);
    n = bad_ios(&fs, bad, M_ARRAY_SIZE(bad));
    m_snap_take(c, &before);
    CHECK(ipt_course_save_file(NULL, "c.json", &io, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_save_file(c, NULL, &io, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_save_file(NULL, NULL, NULL, NULL, SIZE_MAX),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_paths); i++) {
        const char *path = bad_paths[i].text != NULL
                               ? bad_paths[i].text
                               : long_path(bad_paths[i].length);

        msg[0] = '\0';
        CHECK(ipt_course_save_file(c, path, &io, msg, sizeof(msg)),
              bad_paths[i].want);
        assert_true(msg[0] != '\0');
    }
    for (size_t i = 0; i < n; i++)
        CHECK(ipt_course_save_file(c, "c.json", &bad[i].io, msg, sizeof(msg)),
              bad[i].want);
    memset(&newer, 0, sizeof(newer));
    newer.io = io;
    newer.io.size = (uint32_t)sizeof(newer);
    newer.extra = 1;
    CHECK(ipt_course_save_file(c, "c.json", &newer.io, msg, sizeof(msg)),
          IPT_ERR_UNSUPPORTED);
    /* nothing was written */
    for (int i = 0; i < M_MEMFS_FILES; i++)
        assert_false(fs.files[i].used);
    /* the longest path passes the checks and reaches the file system,
     * which refuses it */
    CHECK(ipt_course_save_file(c, long_path(4091), &io, msg, sizeof(msg)),
          JSON_OR_NOT_BUILT(IPT_ERR_IO));
    /* a failing file operation */
    fs.fail_at = 1;
    CHECK(ipt_course_save_file(c, "c.json", &io, msg, sizeof(msg)),
          JSON_OR_NOT_BUILT(IPT_ERR_IO));
    fs.fail_at = 0;
    newer.extra = 0;
    CHECK(ipt_course_save_file(c, "c.json", &newer.io, msg, sizeof(msg)),
          JSON_OR_NOT_BUILT(IPT_OK));
    m_assert_unchanged(c, &before);
    m_memfs_clear(&fs);
    ipt_course_free(c);
}

static void
misuse_ipt_course_load_file(void)
{
    struct ipt_course *const sentinel = (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    struct m_memfs fs;
    struct ipt_io_ops io;
    struct bad_io bad[16];
    size_t n;
    struct newer_io newer;
    char msg[512];

    memset(&fs, 0, sizeof(fs));
    io = m_memfs_ops(&fs);
    n = bad_ios(&fs, bad, M_ARRAY_SIZE(bad));
    m_memfs_put(&fs, "c.json", "{}", 2);
    CHECK(ipt_course_load_file(NULL, &io, NULL, &c, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_load_file("c.json", &io, NULL, NULL, msg, sizeof(msg)),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_load_file(NULL, NULL, NULL, NULL, NULL, SIZE_MAX),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_paths); i++) {
        const char *path = bad_paths[i].text != NULL
                               ? bad_paths[i].text
                               : long_path(bad_paths[i].length);

        CHECK(ipt_course_load_file(path, &io, NULL, &c, msg, sizeof(msg)),
              bad_paths[i].want);
    }
    for (size_t i = 0; i < n; i++)
        CHECK(ipt_course_load_file("c.json", &bad[i].io, NULL, &c, msg,
                                   sizeof(msg)),
              bad[i].want);
    memset(&newer, 0, sizeof(newer));
    newer.io = io;
    newer.io.size = (uint32_t)sizeof(newer);
    newer.extra = 1;
    CHECK(ipt_course_load_file("c.json", &newer.io, NULL, &c, msg,
                               sizeof(msg)),
          IPT_ERR_UNSUPPORTED);
    for (int which = 1; which <= 3; which++) {
        struct ipt_allocator a = broken_allocator(which);

        CHECK(ipt_course_load_file("c.json", &io, &a, &c, msg, sizeof(msg)),
              IPT_ERR_INVALID_ARGUMENT);
    }
    /* no such file; a failing read; a file that is not a course */
    CHECK(ipt_course_load_file("none.json", &io, NULL, &c, msg, sizeof(msg)),
          IPT_ERR_IO);
    fs.fail_at = 2;
    CHECK(ipt_course_load_file("c.json", &io, NULL, &c, msg, sizeof(msg)),
          IPT_ERR_IO);
    fs.fail_at = 0;
    fs.ops = 0;
    CHECK(ipt_course_load_file("c.json", &io, NULL, &c, msg, sizeof(msg)),
          JSON_OR_NOT_BUILT(IPT_ERR_FORMAT));
    /* 64 MiB is the largest file: one byte more is refused while reading */
    fs.claim = (size_t)64 << 20;
    CHECK(ipt_course_load_file("c.json", &io, NULL, &c, msg, sizeof(msg)),
          JSON_OR_NOT_BUILT(IPT_ERR_FORMAT));
    fs.claim = ((size_t)64 << 20) + 1;
    CHECK(ipt_course_load_file("c.json", &io, NULL, &c, msg, sizeof(msg)),
          IPT_ERR_OUT_OF_RANGE);
    fs.claim = 0;
    assert_ptr_equal(c, sentinel);
    m_memfs_clear(&fs);
}

/* ---- FHIR export ----------------------------------------------------- */

static struct ipt_fhir_options
fhir_options(void)
{
    struct ipt_fhir_options o;

    memset(&o, 0, sizeof(o));
    o.size = (uint32_t)sizeof(o);
    o.patient_reference = "Patient/123";
    return o;
}

static void
misuse_ipt_course_export_fhir(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    const struct ipt_fhir_options good = fhir_options();
    static char ref_max[4098], id_max[66];
    const char *const bad_ref[] = {
        "", "Patient/ 1", "Patient/\x01", "Patient/\x7f", "Patient/\xC3\xA9",
        ref_max,
    };
    const char *const bad_id[] = { "", "a b", "a_b", "a/b", "\xC3\xA9",
                                   id_max };
    struct {
        struct ipt_fhir_options o;
        enum ipt_status want;
    } bad[32];
    size_t n = 0;
    struct {
        struct ipt_fhir_options o;
        uint64_t extra;
    } newer;
    struct m_snap before;
    size_t len = SENTINEL;
    char buf[8];

    memset(ref_max, 'r', 4097);                 /* 4097 bytes: one too many */
    ref_max[4097] = '\0';
    memset(id_max, 'i', 65);                    /* 65: one too many */
    id_max[65] = '\0';
#define ADD_OPT(stmt, st)                                                   \
    do {                                                                    \
        assert_true(n < M_ARRAY_SIZE(bad));                                 \
        bad[n].o = good;                                                    \
        {                                                                   \
            struct ipt_fhir_options *o_ = &bad[n].o;                        \
            stmt;                                                           \
        }                                                                   \
        bad[n].want = (st);                                                 \
        n++;                                                                \
    } while (0)
    ADD_OPT(o_->size = 0, IPT_ERR_INVALID_ARGUMENT);
    ADD_OPT(o_->size = (uint32_t)sizeof(good) - 1, IPT_ERR_INVALID_ARGUMENT);
    ADD_OPT(o_->flags = 1u << 2, IPT_ERR_UNSUPPORTED);
    ADD_OPT(o_->flags = UINT32_MAX, IPT_ERR_UNSUPPORTED);
    ADD_OPT(o_->patient_reference = NULL, IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_ref); i++)
        ADD_OPT(o_->patient_reference = bad_ref[i], IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_id); i++)
        ADD_OPT(o_->bundle_id = bad_id[i], IPT_ERR_INVALID_ARGUMENT);
#undef ADD_OPT

    m_snap_take(c, &before);
    memset(buf, 'x', sizeof(buf));
    CHECK(ipt_course_export_fhir(NULL, &good, buf, sizeof(buf), &len),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_export_fhir(c, NULL, buf, sizeof(buf), &len),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_export_fhir(c, &good, buf, sizeof(buf), NULL),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_export_fhir(c, &good, NULL, 1, &len),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_course_export_fhir(NULL, NULL, NULL, SIZE_MAX, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < n; i++)
        CHECK(ipt_course_export_fhir(c, &bad[i].o, buf, sizeof(buf), &len),
              bad[i].want);
    memset(&newer, 0, sizeof(newer));
    newer.o = good;
    newer.o.size = (uint32_t)sizeof(newer);
    newer.extra = 1;
    CHECK(ipt_course_export_fhir(c, &newer.o, buf, sizeof(buf), &len),
          IPT_ERR_UNSUPPORTED);
    assert_int_equal(len, SENTINEL);
    assert_int_equal(buf[0], 'x');
    /* the longest patient reference and bundle id are accepted */
    ref_max[4096] = '\0';
    id_max[64] = '\0';
    newer.extra = 0;
    newer.o.patient_reference = ref_max;
    newer.o.bundle_id = id_max;
    CHECK(ipt_course_export_fhir(c, &newer.o, NULL, 0, &len),
          JSON_OR_NOT_BUILT(IPT_ERR_BUFFER_TOO_SMALL));
    if (json_built)
        TEXT_BUFFER_CASES(ipt_course_export_fhir(c, &good, t_buf, t_size,
                                                 &t_len),
                          IPT_OK);
    m_assert_unchanged(c, &before);
    ipt_course_free(c);

    /* with IPT_FHIR_UNIX_SECONDS, timestamps outside the years 1-9999 */
    {
        const int64_t bad_ts[] = { INT64_C(253402300800), INT64_MAX };
        struct ipt_fhir_options o = good;

        o.flags = IPT_FHIR_UNIX_SECONDS;
        for (size_t i = 0; i < M_ARRAY_SIZE(bad_ts); i++) {
            struct ipt_event e = h_event(IPT_EVENT_START, 0, 0, bad_ts[i]);

            c = course_in(IPT_STATE_NOT_STARTED);
            assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
            CHECK(ipt_course_export_fhir(c, &o, NULL, 0, &len),
                  IPT_ERR_OUT_OF_RANGE);
            /* without the flag the timestamp is not a date */
            CHECK(ipt_course_export_fhir(c, &good, NULL, 0, &len),
                  JSON_OR_NOT_BUILT(IPT_ERR_BUFFER_TOO_SMALL));
            ipt_course_free(c);
        }
        c = course_in(IPT_STATE_NOT_STARTED);
        {
            struct ipt_event e = h_event(IPT_EVENT_START, 0, 0,
                                         INT64_C(-62135596801));

            assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
        }
        CHECK(ipt_course_export_fhir(c, &o, NULL, 0, &len),
              IPT_ERR_OUT_OF_RANGE);
        ipt_course_free(c);
        /* the first and the last second of the years 1-9999 are dates */
        c = course_in(IPT_STATE_NOT_STARTED);
        {
            struct ipt_event e = h_event(IPT_EVENT_START, 0, 0,
                                         INT64_C(-62135596800));

            assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
            e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0,
                        INT64_C(253402300799));
            assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
        }
        CHECK(ipt_course_export_fhir(c, &o, NULL, 0, &len),
              JSON_OR_NOT_BUILT(IPT_ERR_BUFFER_TOO_SMALL));
        ipt_course_free(c);
    }
}

/* ---- triage ---------------------------------------------------------- */

static struct ipt_person
person(void)
{
    struct ipt_person p;

    memset(&p, 0, sizeof(p));
    p.relationship = IPT_REL_PARTNER;
    p.closeness = 3;
    p.contact = 3;
    p.support = 2;
    p.conflict = 3;
    p.reciprocity = IPT_RECIPROCITY_NON_RECIPROCAL;
    p.change = IPT_CHANGE_WORSE;
    return p;
}

static struct ipt_date
date(int32_t y, int32_t m, int32_t d)
{
    struct ipt_date t;

    t.year = y;
    t.month = m;
    t.day = d;
    return t;
}

/* 257 people and events, so that counts up to one past the limit have
 * real arrays behind them. */
static struct ipt_person many_people[257];
static struct ipt_life_event many_events[257];

static struct ipt_inventory
inventory(void)
{
    struct ipt_inventory inv;

    memset(&inv, 0, sizeof(inv));
    inv.size = (uint32_t)sizeof(inv);
    inv.person_count = 1;
    inv.people = many_people;
    inv.event_count = 1;
    inv.events = many_events;
    inv.onset = date(2024, 3, 1);
    return inv;
}

static void
misuse_ipt_triage(void)
{
    const struct ipt_profile *p = h_standard();
    const struct ipt_inventory good = inventory();
    struct ipt_triage_result result, sentinel;
    struct {
        struct ipt_inventory inv;
        uint32_t extra[2];
    } newer;
    const int bad_rating[] = { -1, 5, INT_MIN, INT_MAX };
    const int bad_rel[] = BAD_ENUM(IPT_REL_PARTNER, IPT_REL_OTHER);
    const int bad_rec[] = BAD_ENUM(IPT_RECIPROCITY_RECIPROCAL,
                                   IPT_RECIPROCITY_UNKNOWN);
    const int bad_change[] = BAD_ENUM(IPT_CHANGE_NONE, IPT_CHANGE_UNKNOWN);
    const int bad_type[] = BAD_ENUM(IPT_LIFE_DEATH, IPT_LIFE_DISPUTE_START);
    const struct ipt_date bad_dates[] = {
        { 1899, 12, 31 }, { 2201, 1, 1 }, { 2024, 0, 1 }, { 2024, 13, 1 },
        { 2024, 1, 0 }, { 2024, 1, 32 }, { 2023, 2, 29 }, { 2024, 4, 31 },
        { 1900, 2, 29 }, { INT32_MIN, 1, 1 }, { 2024, INT32_MAX, 1 },
        { 2024, 1, INT32_MIN },
    };
    const uint32_t bad_result_size[] = { 0, 4,
                                         (uint32_t)sizeof(result) - 1 };

    for (size_t i = 0; i < M_ARRAY_SIZE(many_people); i++)
        many_people[i] = person();
    for (size_t i = 0; i < M_ARRAY_SIZE(many_events); i++) {
        memset(&many_events[i], 0, sizeof(many_events[i]));
        many_events[i].type = IPT_LIFE_DISPUTE_START;
        many_events[i].person = 0;
        many_events[i].date = date(2024, 1, 15);
    }
    memset(&sentinel, SENTINEL, sizeof(sentinel));
    sentinel.size = (uint32_t)sizeof(sentinel);
    sentinel.message[sizeof(sentinel.message) - 1] = '\0';

    /* without a result of the full size nothing is written */
    CHECK(ipt_triage(p, &good, NULL), IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < M_ARRAY_SIZE(bad_result_size); i++) {
        result = sentinel;
        result.size = bad_result_size[i];
        CHECK(ipt_triage(p, &good, &result), IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(result.verdict, sentinel.verdict);
        assert_memory_equal(result.message, sentinel.message,
                            sizeof(result.message));
    }

/* Runs the triage on @p inv and checks @p want, with only the message of
 * the result written. */
#define TRIAGE_REFUSED(prof, inv, want)                                     \
    do {                                                                    \
        result = sentinel;                                                  \
        CHECK(ipt_triage((prof), (inv), &result), (want));                  \
        assert_int_equal(result.verdict, sentinel.verdict);                 \
        assert_int_equal(result.count, sentinel.count);                     \
        assert_memory_equal(result.candidates, sentinel.candidates,         \
                            sizeof(result.candidates));                     \
        assert_true(result.message[0] != '\0' &&                            \
                    result.message[0] != (char)SENTINEL);                   \
    } while (0)

    TRIAGE_REFUSED(NULL, &good, IPT_ERR_INVALID_ARGUMENT);
    TRIAGE_REFUSED(p, NULL, IPT_ERR_INVALID_ARGUMENT);
    {
        struct ipt_inventory inv = good;

        inv.size = 0;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        inv.size = (uint32_t)sizeof(inv) - 1;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        inv = good;
        inv.reserved = 1;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        inv = good;
        inv.reserved2 = UINT32_MAX;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        /* arrays NULL with counts, up to the largest */
        inv = good;
        inv.people = NULL;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        inv.person_count = UINT32_MAX;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        inv = good;
        inv.events = NULL;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        inv.event_count = UINT32_MAX;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_INVALID_ARGUMENT);
        /* counts: 256 at most */
        inv = good;
        inv.person_count = 257;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_OUT_OF_RANGE);
        inv.person_count = UINT32_MAX;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_OUT_OF_RANGE);
        inv = good;
        inv.event_count = 257;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_OUT_OF_RANGE);
        inv.event_count = UINT32_MAX;
        TRIAGE_REFUSED(p, &inv, IPT_ERR_OUT_OF_RANGE);
        for (size_t i = 0; i < M_ARRAY_SIZE(bad_dates); i++) {
            inv = good;
            inv.onset = bad_dates[i];
            TRIAGE_REFUSED(p, &inv, IPT_ERR_OUT_OF_RANGE);
            inv = good;
            many_events[0].date = bad_dates[i];
            TRIAGE_REFUSED(p, &inv, IPT_ERR_OUT_OF_RANGE);
            many_events[0].date = date(2024, 1, 15);
        }
    }
    /* one bad field of a person or an event */
    for (size_t i = 0; i < 4; i++) {
        struct ipt_person saved = many_people[0];
        struct ipt_life_event saved_event = many_events[0];

#define BAD_PERSON_FIELD(field, value, want)                                \
        do {                                                                \
            many_people[0].field = (value);                                 \
            TRIAGE_REFUSED(p, &good, (want));                               \
            many_people[0] = saved;                                         \
        } while (0)
        BAD_PERSON_FIELD(relationship, bad_rel[i], IPT_ERR_OUT_OF_RANGE);
        BAD_PERSON_FIELD(closeness, bad_rating[i], IPT_ERR_OUT_OF_RANGE);
        BAD_PERSON_FIELD(contact, bad_rating[i], IPT_ERR_OUT_OF_RANGE);
        BAD_PERSON_FIELD(support, bad_rating[i], IPT_ERR_OUT_OF_RANGE);
        BAD_PERSON_FIELD(conflict, bad_rating[i], IPT_ERR_OUT_OF_RANGE);
        BAD_PERSON_FIELD(reciprocity, bad_rec[i], IPT_ERR_OUT_OF_RANGE);
        BAD_PERSON_FIELD(change, bad_change[i], IPT_ERR_OUT_OF_RANGE);
        BAD_PERSON_FIELD(reserved, bad_rating[i], IPT_ERR_INVALID_ARGUMENT);
#undef BAD_PERSON_FIELD
        many_events[0].type = bad_type[i];
        TRIAGE_REFUSED(p, &good, IPT_ERR_OUT_OF_RANGE);
        many_events[0] = saved_event;
        many_events[0].reserved = bad_rating[i];
        TRIAGE_REFUSED(p, &good, IPT_ERR_INVALID_ARGUMENT);
        many_events[0] = saved_event;
    }
    {
        /* the person of an event: -1 (nobody) up to person_count - 1 */
        const int32_t bad_person[] = { -2, 1, INT32_MIN, INT32_MAX };

        for (size_t i = 0; i < M_ARRAY_SIZE(bad_person); i++) {
            many_events[0].person = bad_person[i];
            TRIAGE_REFUSED(p, &good, IPT_ERR_OUT_OF_RANGE);
        }
        many_events[0].person = 0;
    }
    memset(&newer, 0, sizeof(newer));
    newer.inv = good;
    newer.inv.size = (uint32_t)sizeof(newer);
    newer.extra[0] = 1;
    TRIAGE_REFUSED(p, &newer.inv, IPT_ERR_UNSUPPORTED);
#undef TRIAGE_REFUSED

    /* the limits: 256 people and events, an empty inventory, a larger
     * struct with a zero tail */
    {
        struct ipt_inventory inv = good;

        inv.person_count = 256;
        inv.event_count = 256;
        result = sentinel;
        CHECK(ipt_triage(p, &inv, &result), IPT_OK);
        inv.person_count = 0;
        inv.event_count = 0;
        inv.people = NULL;
        inv.events = NULL;
        CHECK(ipt_triage(p, &inv, &result), IPT_OK);
        assert_int_equal(result.verdict, IPT_TRIAGE_NO_CLEAR_FOCUS);
        newer.extra[0] = 0;
        CHECK(ipt_triage(p, &newer.inv, &result), IPT_OK);
    }
}

/* ---- fidelity -------------------------------------------------------- */

static void
misuse_ipt_fidelity_check(void)
{
    struct ipt_course *c = course_in(IPT_STATE_COMPLETED);
    struct ipt_finding out[64], sentinel;
    uint32_t count = SENTINEL_U32, n = 0;
    struct m_snap before;

    memset(&sentinel, SENTINEL, sizeof(sentinel));
    for (size_t i = 0; i < M_ARRAY_SIZE(out); i++)
        out[i] = sentinel;
    m_snap_take(c, &before);
    CHECK(ipt_fidelity_check(NULL, NULL, out, 64, &count),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_fidelity_check(c, NULL, out, 64, NULL),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_fidelity_check(c, NULL, NULL, 1, &count),
          IPT_ERR_INVALID_ARGUMENT);
    CHECK(ipt_fidelity_check(c, NULL, NULL, UINT32_MAX, &count),
          IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(count, SENTINEL_U32);
    assert_memory_equal(&out[0], &sentinel, sizeof(sentinel));
    /* capacity 0 (with or without an array), 1, n, n + 1 */
    CHECK(ipt_fidelity_check(c, NULL, NULL, 0, &n), IPT_OK);
    assert_true(n >= 2 && n < M_ARRAY_SIZE(out));
    CHECK(ipt_fidelity_check(c, NULL, out, 0, &count), IPT_OK);
    assert_int_equal(count, n);
    assert_memory_equal(&out[0], &sentinel, sizeof(sentinel));
    CHECK(ipt_fidelity_check(c, NULL, out, 1, &count), IPT_OK);
    assert_int_equal(count, n);
    assert_memory_equal(&out[1], &sentinel, sizeof(sentinel));
    CHECK(ipt_fidelity_check(c, NULL, out, n, &count), IPT_OK);
    CHECK(ipt_fidelity_check(c, NULL, out, n + 1, &count), IPT_OK);
    assert_memory_equal(&out[n], &sentinel, sizeof(sentinel));
    /* against another profile, including a caller's */
    CHECK(ipt_fidelity_check(c, h_standard(), out, n, &count), IPT_OK);
    m_assert_unchanged(c, &before);
    ipt_course_free(c);
}

/* ---- the table ------------------------------------------------------- */

struct misuse_entry {
    const char *function;
    void (*run)(void);
    /* Why the function has no fallible input, or NULL. */
    const char *note;
};

/* One entry per public function; check-misuse-coverage.py reads these
 * markers and compares them with the IPT_API declarations. */
#define MISUSE(fn, note) { #fn, misuse_##fn, (note) }

static struct misuse_entry entries[] = {
    /* ipt-catalog.h */
    MISUSE(ipt_technique_name, NULL),
    MISUSE(ipt_technique_from_name, NULL),
    MISUSE(ipt_modality_name, NULL),
    MISUSE(ipt_modality_from_name, NULL),
    MISUSE(ipt_goal_kind_name, NULL),
    MISUSE(ipt_goal_kind_from_name, NULL),
    MISUSE(ipt_technique_describe, NULL),
    MISUSE(ipt_technique_count, "takes no argument and cannot fail"),
    MISUSE(ipt_technique_at, NULL),
    MISUSE(ipt_goal_count, "takes no argument and cannot fail"),
    MISUSE(ipt_goal_at, NULL),
    MISUSE(ipt_goal_find, NULL),
    MISUSE(ipt_task_describe, NULL),
    /* ipt-course.h */
    MISUSE(ipt_event_type_name, NULL),
    MISUSE(ipt_event_type_from_name, NULL),
    MISUSE(ipt_rule_name, NULL),
    MISUSE(ipt_rule_from_name, NULL),
    MISUSE(ipt_rule_description, NULL),
    MISUSE(ipt_course_new, NULL),
    MISUSE(ipt_course_free, "NULL is its only bad input; does nothing then"),
    MISUSE(ipt_course_apply, NULL),
    MISUSE(ipt_course_check, NULL),
    MISUSE(ipt_course_last_error, NULL),
    MISUSE(ipt_course_last_rule, NULL),
    MISUSE(ipt_course_set_observer, NULL),
    MISUSE(ipt_course_get_state, NULL),
    MISUSE(ipt_course_get_next_phase, NULL),
    MISUSE(ipt_course_get_sessions, NULL),
    MISUSE(ipt_course_get_focus, NULL),
    MISUSE(ipt_course_get_dispute_stage, NULL),
    MISUSE(ipt_course_get_tasks, NULL),
    MISUSE(ipt_course_get_end_reason, NULL),
    MISUSE(ipt_course_get_profile, NULL),
    MISUSE(ipt_course_log_size, NULL),
    MISUSE(ipt_course_log_get, NULL),
    MISUSE(ipt_course_reserve_log, NULL),
    /* ipt-fhir.h */
    MISUSE(ipt_course_export_fhir, NULL),
    /* ipt-fidelity.h */
    MISUSE(ipt_fidelity_check, NULL),
    MISUSE(ipt_fidelity_rule_name, NULL),
    MISUSE(ipt_fidelity_rule_from_name, NULL),
    MISUSE(ipt_fidelity_rule_source, NULL),
    MISUSE(ipt_severity_name, NULL),
    MISUSE(ipt_severity_from_name, NULL),
    /* ipt-machine.h */
    MISUSE(ipt_machine_transition_count, "takes no argument and cannot fail"),
    MISUSE(ipt_machine_transition_at, NULL),
    MISUSE(ipt_machine_diagram, NULL),
    MISUSE(ipt_diagram_format_name, NULL),
    MISUSE(ipt_diagram_format_from_name, NULL),
    /* ipt-measure.h */
    MISUSE(ipt_measure_score, NULL),
    MISUSE(ipt_phq9_band, NULL),
    MISUSE(ipt_gad7_band, NULL),
    MISUSE(ipt_hamd17_band, NULL),
    MISUSE(ipt_measure_item_max, NULL),
    MISUSE(ipt_outcome_params_default, NULL),
    MISUSE(ipt_outcome_compute, NULL),
    MISUSE(ipt_measure_kind_name, NULL),
    MISUSE(ipt_measure_kind_from_name, NULL),
    MISUSE(ipt_band_name, NULL),
    MISUSE(ipt_band_from_name, NULL),
    MISUSE(ipt_hamd_banding_name, NULL),
    MISUSE(ipt_hamd_banding_from_name, NULL),
    MISUSE(ipt_srm5_week_init, NULL),
    MISUSE(ipt_srm5_score, NULL),
    MISUSE(ipt_srm_activity_name, NULL),
    MISUSE(ipt_srm_activity_from_name, NULL),
    /* ipt-profile.h */
    MISUSE(ipt_profile_builtin, NULL),
    MISUSE(ipt_profile_builtin_count, "takes no argument and cannot fail"),
    MISUSE(ipt_profile_builtin_at, NULL),
    MISUSE(ipt_profile_check, NULL),
    MISUSE(ipt_profile_new, NULL),
    MISUSE(ipt_profile_free, NULL),
    MISUSE(ipt_profile_name, NULL),
    MISUSE(ipt_profile_get_params, NULL),
    MISUSE(ipt_profile_title, NULL),
    MISUSE(ipt_profile_source, NULL),
    MISUSE(ipt_profile_notes, NULL),
    MISUSE(ipt_profile_area_label, NULL),
    MISUSE(ipt_profile_cadence_days, NULL),
    MISUSE(ipt_profile_pre_sessions, NULL),
    MISUSE(ipt_profile_measures, NULL),
    /* ipt-record.h */
    MISUSE(ipt_course_get_session, NULL),
    MISUSE(ipt_course_record_techniques, NULL),
    MISUSE(ipt_course_record_areas, NULL),
    MISUSE(ipt_course_record_measure, NULL),
    MISUSE(ipt_course_clear_measure, NULL),
    MISUSE(ipt_course_get_measure, NULL),
    MISUSE(ipt_course_set_note, NULL),
    MISUSE(ipt_course_get_note, NULL),
    MISUSE(ipt_course_outcome, NULL),
    /* ipt-select.h */
    MISUSE(ipt_select_flag_name, NULL),
    MISUSE(ipt_select_flag_from_name, NULL),
    MISUSE(ipt_select_reason_name, NULL),
    MISUSE(ipt_select_reason_from_name, NULL),
    MISUSE(ipt_select_reason_text, NULL),
    MISUSE(ipt_weight_column_name, NULL),
    MISUSE(ipt_weight_column_from_name, NULL),
    MISUSE(ipt_weights_new, NULL),
    MISUSE(ipt_weights_free, "NULL is its only bad input; does nothing then"),
    MISUSE(ipt_weights_get, NULL),
    MISUSE(ipt_weights_set, NULL),
    MISUSE(ipt_select_context_from_course, NULL),
    MISUSE(ipt_select_techniques, NULL),
    MISUSE(ipt_suggestion_explain, NULL),
    /* ipt-sim.h */
    MISUSE(ipt_rng_seed_patient, NULL),
    MISUSE(ipt_rng_next, "NULL is its only bad input; returns 0 then"),
    MISUSE(ipt_rng_uniform, "NULL is its only bad input; returns 0.0 then"),
    MISUSE(ipt_sim_cell_seed, "every seed and cell is valid; cannot fail"),
    MISUSE(ipt_cohort_v1_defaults, NULL),
    MISUSE(ipt_sim_run, NULL),
    MISUSE(ipt_sim_totals_json, NULL),
    MISUSE(ipt_sim_model_name, NULL),
    MISUSE(ipt_sim_model_from_name, NULL),
    /* ipt-status.h */
    MISUSE(ipt_status_name, NULL),
    MISUSE(ipt_status_message, NULL),
    MISUSE(ipt_status_from_name, NULL),
    /* ipt-store.h */
    MISUSE(ipt_io_default, NULL),
    MISUSE(ipt_course_save_json, NULL),
    MISUSE(ipt_course_load_json, NULL),
    MISUSE(ipt_course_save_file, NULL),
    MISUSE(ipt_course_load_file, NULL),
    /* ipt-triage.h */
    MISUSE(ipt_relationship_name, NULL),
    MISUSE(ipt_relationship_from_name, NULL),
    MISUSE(ipt_reciprocity_name, NULL),
    MISUSE(ipt_reciprocity_from_name, NULL),
    MISUSE(ipt_change_name, NULL),
    MISUSE(ipt_change_from_name, NULL),
    MISUSE(ipt_life_event_type_name, NULL),
    MISUSE(ipt_life_event_type_from_name, NULL),
    MISUSE(ipt_triage_reason_name, NULL),
    MISUSE(ipt_triage_reason_from_name, NULL),
    MISUSE(ipt_triage_reason_text, NULL),
    MISUSE(ipt_triage_verdict_name, NULL),
    MISUSE(ipt_triage_verdict_from_name, NULL),
    MISUSE(ipt_triage, NULL),
    /* ipt-types.h */
    MISUSE(ipt_state_name, NULL),
    MISUSE(ipt_state_from_name, NULL),
    MISUSE(ipt_area_name, NULL),
    MISUSE(ipt_area_from_name, NULL),
    MISUSE(ipt_dispute_stage_name, NULL),
    MISUSE(ipt_dispute_stage_from_name, NULL),
    MISUSE(ipt_task_name, NULL),
    MISUSE(ipt_task_from_name, NULL),
    MISUSE(ipt_task_phase, NULL),
    MISUSE(ipt_end_reason_name, NULL),
    MISUSE(ipt_end_reason_from_name, NULL),
    /* ipt-version.h.in */
    MISUSE(ipt_version, "takes no argument and cannot fail"),
    MISUSE(ipt_version_string, "takes no argument and cannot fail"),
};

static void
run_entry(void **state)
{
    const struct misuse_entry *e = *state;
    unsigned long before = checked;

    e->run();
    /* every entry checks at least one call */
    assert_true(checked > before);
}

int
main(void)
{
    struct CMUnitTest tests[M_ARRAY_SIZE(entries)];
    size_t len = 0;
    size_t with_note = 0;
    struct ipt_course *c = h_new_standard();
    int failed;

    json_built = ipt_course_save_json(c, NULL, 0, &len) != IPT_ERR_NOT_BUILT;
    ipt_course_free(c);
    for (size_t i = 0; i < M_ARRAY_SIZE(entries); i++) {
        memset(&tests[i], 0, sizeof(tests[i]));
        tests[i].name = entries[i].function;
        tests[i].test_func = run_entry;
        tests[i].initial_state = &entries[i];
        if (entries[i].note != NULL)
            with_note++;
    }
    failed = cmocka_run_group_tests_name("misuse", tests, NULL, NULL);
    printf("# misuse: %zu public functions (%zu without fallible input), "
           "%lu checked calls%s\n",
           M_ARRAY_SIZE(entries), with_note, checked,
           json_built ? "" : " (built without JSON)");
    return failed;
}
