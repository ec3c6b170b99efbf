/* SPDX-License-Identifier: MIT */
/*
 * Session records: techniques, areas, measures and notes per held session,
 * the session view built from the event log, outcomes, and every error
 * path with its strong guarantee (a failed call changes nothing but the
 * last error).  Black-box: only the public API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

#define TBIT(t) IPT_TECHNIQUE_BIT(t)
#define ABIT(a) IPT_AREA_BIT(a)
#define KBIT(k) (UINT32_C(1) << (unsigned)(k))
#define MAXS 16u
/* A string literal and its length without the terminating NUL. */
#define B(lit) lit, sizeof(lit) - 1

/* ---- courses ------------------------------------------------------------ */

/*
 * The scripted standard course, run on from where it stands up to and
 * including session @p upto:
 *   1  history_and_diagnosis, psychoeducation (focus role dispute first)
 *   2  sick_role, interpersonal_inventory, problem_area
 *   3  interpersonal_formulation, treatment_contract, then advance_phase
 *   4..12 middle; after 12 the course is in termination: discuss_ending
 *   13 independent_competence, review_gains
 *   14 relapse_prevention
 *   15 plan_continuation
 *   16 the course completes
 */
static void
script(struct ipt_course *c, uint32_t upto)
{
    enum ipt_state st = IPT_STATE_NOT_STARTED;

    assert_int_equal(ipt_course_get_state(c, &st), IPT_OK);
    if (st == IPT_STATE_NOT_STARTED)
        h_ok(c, IPT_EVENT_START, 0, 0);
    for (uint32_t s = h_held(c) + 1; s <= upto; s++) {
        h_hold(c);
        switch (s) {
        case 1:
            h_ok(c, IPT_EVENT_CHOOSE_FOCUS, 0, ABIT(IPT_AREA_ROLE_DISPUTE));
            h_task(c, IPT_TASK_HISTORY_AND_DIAGNOSIS);
            h_task(c, IPT_TASK_PSYCHOEDUCATION);
            break;
        case 2:
            h_task(c, IPT_TASK_SICK_ROLE);
            h_task(c, IPT_TASK_INTERPERSONAL_INVENTORY);
            h_task(c, IPT_TASK_PROBLEM_AREA);
            break;
        case 3:
            h_task(c, IPT_TASK_INTERPERSONAL_FORMULATION);
            h_task(c, IPT_TASK_TREATMENT_CONTRACT);
            h_ok(c, IPT_EVENT_ADVANCE_PHASE, 0, 0);
            break;
        case 12:
            h_task(c, IPT_TASK_DISCUSS_ENDING);
            break;
        case 13:
            h_task(c, IPT_TASK_INDEPENDENT_COMPETENCE);
            h_task(c, IPT_TASK_REVIEW_GAINS);
            break;
        case 14:
            h_task(c, IPT_TASK_RELAPSE_PREVENTION);
            break;
        case 15:
            h_task(c, IPT_TASK_PLAN_CONTINUATION);
            break;
        default:
            break;
        }
    }
}

static struct ipt_session_info
session_info(const struct ipt_course *c, uint32_t s)
{
    struct ipt_session_info info;

    memset(&info, 0xAB, sizeof(info));
    info.size = (uint32_t)sizeof(info);
    assert_int_equal(ipt_course_get_session(c, s, &info), IPT_OK);
    return info;
}

static void
record_ok(enum ipt_status st, const struct ipt_course *c)
{
    if (st != IPT_OK)
        fail_msg("refused: %s: %s", ipt_status_name(st),
                 ipt_course_last_error(c));
    assert_string_equal(ipt_course_last_error(c), "");
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
}

/* ---- snapshots of everything the record API shows ----------------------- */

struct snapshot {
    uint32_t held;
    uint32_t log_count;
    struct ipt_session_info info[MAXS];
    enum ipt_status mst[MAXS][3];
    struct ipt_measure m[MAXS][3];
    size_t note_len[MAXS];
    char *note[MAXS];
};

static struct snapshot *
snap(const struct ipt_course *c)
{
    struct snapshot *s = calloc(1, sizeof(*s));

    assert_non_null(s);
    s->held = h_held(c);
    assert_true(s->held <= MAXS);
    assert_int_equal(ipt_course_log_size(c, &s->log_count, NULL), IPT_OK);
    for (uint32_t n = 1; n <= s->held; n++) {
        const char *text = NULL;

        s->info[n - 1] = session_info(c, n);
        for (int k = 1; k <= 3; k++) {
            memset(&s->m[n - 1][k - 1], 0, sizeof(s->m[0][0]));
            s->mst[n - 1][k - 1] = ipt_course_get_measure(
                c, n, (enum ipt_measure_kind)k, &s->m[n - 1][k - 1]);
        }
        assert_int_equal(ipt_course_get_note(c, n, &text, &s->note_len[n - 1]),
                         IPT_OK);
        s->note[n - 1] = malloc(s->note_len[n - 1] + 1);
        assert_non_null(s->note[n - 1]);
        memcpy(s->note[n - 1], text, s->note_len[n - 1] + 1);
    }
    return s;
}

static void
snap_free(struct snapshot *s)
{
    for (uint32_t n = 0; n < MAXS; n++)
        free(s->note[n]);
    free(s);
}

/* Asserts the course shows what @p before showed, then frees it. */
static void
assert_unchanged(const struct ipt_course *c, struct snapshot *before)
{
    struct snapshot *now = snap(c);

    assert_int_equal(now->held, before->held);
    assert_int_equal(now->log_count, before->log_count);
    assert_memory_equal(now->info, before->info, sizeof(now->info));
    assert_memory_equal(now->mst, before->mst, sizeof(now->mst));
    assert_memory_equal(now->m, before->m, sizeof(now->m));
    for (uint32_t n = 0; n < now->held; n++) {
        assert_int_equal(now->note_len[n], before->note_len[n]);
        assert_memory_equal(now->note[n], before->note[n],
                            now->note_len[n] + 1);
    }
    snap_free(now);
    snap_free(before);
}

/* A course with 4 sessions held and a record in each field of sessions 2
 * and 3. */
static struct ipt_course *
recorded_course(const struct ipt_allocator *a)
{
    struct ipt_course *c = h_new_course(a);
    struct ipt_measure m = h_phq9(1, 1);
    struct ipt_measure g = h_total_only(IPT_MEASURE_GAD7, 9);

    script(c, 4);
    record_ok(ipt_course_record_techniques(
                  c, 2, TBIT(IPT_TECHNIQUE_CLARIFICATION)), c);
    record_ok(ipt_course_record_areas(c, 2, ABIT(IPT_AREA_ROLE_DISPUTE)), c);
    record_ok(ipt_course_record_measure(c, 2, &m), c);
    record_ok(ipt_course_record_measure(c, 3, &g), c);
    record_ok(ipt_course_set_note(c, 3, "note three", 10), c);
    return c;
}

/* ---- techniques --------------------------------------------------------- */

static void
test_techniques(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    uint32_t all = 0;
    struct ipt_session_info info;

    (void)state;
    script(c, 2);
    for (int t = 1; t <= 18; t++)
        all |= TBIT(t);
    assert_int_equal(ipt_technique_count(), 18);

    /* clearing before any record allocates nothing and succeeds */
    record_ok(ipt_course_record_techniques(c, 1, 0), c);
    info = session_info(c, 1);
    assert_int_equal(info.techniques, 0);

    record_ok(ipt_course_record_techniques(c, 1, all), c);
    assert_int_equal(session_info(c, 1).techniques, all);
    assert_int_equal(session_info(c, 2).techniques, 0);

    /* replace, then clear */
    record_ok(ipt_course_record_techniques(
                  c, 1, TBIT(IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION)),
              c);
    assert_int_equal(session_info(c, 1).techniques,
                     TBIT(IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION));
    record_ok(ipt_course_record_techniques(c, 2,
                                           TBIT(IPT_TECHNIQUE_ROLE_PLAY)), c);
    record_ok(ipt_course_record_techniques(c, 1, 0), c);
    assert_int_equal(session_info(c, 1).techniques, 0);
    assert_int_equal(session_info(c, 2).techniques,
                     TBIT(IPT_TECHNIQUE_ROLE_PLAY));

    /* bits that name no technique */
    {
        const uint32_t bad[] = { 1u, UINT32_C(1) << 19, UINT32_C(1) << 31,
                                 all | 1u, 0xFFFFFFFFu };

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            struct snapshot *before = snap(c);

            assert_int_equal(ipt_course_record_techniques(c, 2, bad[i]),
                             IPT_ERR_OUT_OF_RANGE);
            assert_non_null(strstr(ipt_course_last_error(c), "technique"));
            assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
            assert_unchanged(c, before);
        }
    }
    ipt_course_free(c);
}

/* ---- areas -------------------------------------------------------------- */

static void
test_areas(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_profile_params pp;
    struct ipt_profile *narrow = NULL;
    struct ipt_course *n = NULL;

    (void)state;
    script(c, 3);
    record_ok(ipt_course_record_areas(c, 3, 0), c);
    record_ok(ipt_course_record_areas(c, 3, IPT_AREAS_CORE), c);
    assert_int_equal(session_info(c, 3).areas, IPT_AREAS_CORE);
    record_ok(ipt_course_record_areas(c, 3, ABIT(IPT_AREA_GRIEF)), c);
    assert_int_equal(session_info(c, 3).areas, ABIT(IPT_AREA_GRIEF));
    record_ok(ipt_course_record_areas(c, 3, 0), c);
    assert_int_equal(session_info(c, 3).areas, 0);

    {
        const uint32_t bad[] = { 1u, UINT32_C(1) << 6, UINT32_C(1) << 31,
                                 IPT_AREAS_ALL | 1u };

        record_ok(ipt_course_record_areas(c, 2, ABIT(IPT_AREA_GRIEF)), c);
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            struct snapshot *before = snap(c);

            assert_int_equal(ipt_course_record_areas(c, 2, bad[i]),
                             IPT_ERR_OUT_OF_RANGE);
            assert_non_null(strstr(ipt_course_last_error(c), "area"));
            assert_unchanged(c, before);
        }
    }
    ipt_course_free(c);

    /* a profile that allows only grief and role dispute */
    pp = h_params(16, 12, 16, 3, 4, 2, 1,
                  ABIT(IPT_AREA_GRIEF) | ABIT(IPT_AREA_ROLE_DISPUTE));
    assert_int_equal(ipt_profile_new("narrow", &pp, NULL, &narrow), IPT_OK);
    assert_int_equal(ipt_course_new(narrow, NULL, &n), IPT_OK);
    ipt_profile_free(narrow);
    script(n, 1);
    record_ok(ipt_course_record_areas(n, 1, ABIT(IPT_AREA_GRIEF) |
                                                ABIT(IPT_AREA_ROLE_DISPUTE)),
              n);
    {
        struct snapshot *before = snap(n);

        assert_int_equal(ipt_course_record_areas(
                             n, 1, ABIT(IPT_AREA_GRIEF) |
                                       ABIT(IPT_AREA_ROLE_TRANSITION)),
                         IPT_ERR_OUT_OF_RANGE);
        assert_string_equal(ipt_course_last_error(n),
                            "problem area 'role_transition' is not allowed "
                            "by profile 'narrow'");
        assert_unchanged(n, before);
    }
    ipt_course_free(n);
}

/* ---- measures ----------------------------------------------------------- */

static void
test_measures(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_measure m = h_phq9(2, 1);
    struct ipt_measure got;
    struct ipt_measure ham = h_total_only(IPT_MEASURE_HAMD17, 18);
    struct ipt_measure gad;

    (void)state;
    script(c, 3);

    /* the caller's total is ignored when items are given */
    m.total = 99;
    record_ok(ipt_course_record_measure(c, 2, &m), c);
    memset(&got, 0xEE, sizeof(got));
    assert_int_equal(ipt_course_get_measure(c, 2, IPT_MEASURE_PHQ9, &got),
                     IPT_OK);
    assert_int_equal(got.kind, IPT_MEASURE_PHQ9);
    assert_int_equal(got.item_count, 9);
    assert_int_equal(got.total, 17);
    assert_int_equal(got.reserved, 0);
    assert_memory_equal(got.items, m.items, sizeof(m.items));
    assert_int_equal(session_info(c, 2).measures, KBIT(IPT_MEASURE_PHQ9));

    /* a total alone, and the PHQ-9 with its difficulty item */
    record_ok(ipt_course_record_measure(c, 2, &ham), c);
    gad = h_total_only(IPT_MEASURE_GAD7, 21);
    record_ok(ipt_course_record_measure(c, 2, &gad), c);
    assert_int_equal(session_info(c, 2).measures,
                     KBIT(IPT_MEASURE_PHQ9) | KBIT(IPT_MEASURE_HAMD17) |
                         KBIT(IPT_MEASURE_GAD7));
    assert_int_equal(ipt_course_get_measure(c, 2, IPT_MEASURE_HAMD17, &got),
                     IPT_OK);
    assert_int_equal(got.total, 18);
    assert_int_equal(got.item_count, 0);
    m = h_phq9(0, 0);
    m.item_count = 10;
    m.items[9] = 3;
    record_ok(ipt_course_record_measure(c, 2, &m), c);
    assert_int_equal(ipt_course_get_measure(c, 2, IPT_MEASURE_PHQ9, &got),
                     IPT_OK);
    assert_int_equal(got.total, 0);
    assert_int_equal(got.item_count, 10);
    assert_int_equal(got.items[9], 3);

    /* invalid answers: the scorer's status and message */
    {
        struct {
            struct ipt_measure m;
            enum ipt_status want;
            const char *text;
        } bad[5];

        bad[0].m = h_phq9(1, 1);
        bad[0].m.item_count = 8;
        bad[0].want = IPT_ERR_ITEM_COUNT;
        bad[0].text = "items";
        bad[1].m = h_phq9(1, 4);
        bad[1].want = IPT_ERR_OUT_OF_RANGE;
        bad[1].text = "item 9";
        bad[2].m = h_phq9(1, 1);
        bad[2].m.reserved = 1;
        bad[2].want = IPT_ERR_INVALID_ARGUMENT;
        bad[2].text = "";
        bad[3].m = h_total_only(7, 1);
        bad[3].want = IPT_ERR_OUT_OF_RANGE;
        bad[3].text = "";
        bad[4].m = h_total_only(IPT_MEASURE_GAD7, 22);
        bad[4].want = IPT_ERR_OUT_OF_RANGE;
        bad[4].text = "22";
        for (size_t i = 0; i < 5; i++) {
            struct snapshot *before = snap(c);
            char expect[256] = "";
            struct ipt_measure_score score;

            assert_int_equal(ipt_measure_score(&bad[i].m, 0, &score, expect,
                                               sizeof(expect)),
                             bad[i].want);
            assert_int_equal(ipt_course_record_measure(c, 3, &bad[i].m),
                             bad[i].want);
            assert_string_equal(ipt_course_last_error(c), expect);
            assert_non_null(strstr(ipt_course_last_error(c), bad[i].text));
            assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
            assert_unchanged(c, before);
        }
    }
    {
        struct snapshot *before = snap(c);

        assert_int_equal(ipt_course_record_measure(c, 3, NULL),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_string_equal(ipt_course_last_error(c), "measure is NULL");
        assert_unchanged(c, before);
    }

    /* clear */
    record_ok(ipt_course_clear_measure(c, 2, IPT_MEASURE_HAMD17), c);
    assert_int_equal(session_info(c, 2).measures,
                     KBIT(IPT_MEASURE_PHQ9) | KBIT(IPT_MEASURE_GAD7));
    assert_int_equal(ipt_course_get_measure(c, 2, IPT_MEASURE_HAMD17, &got),
                     IPT_ERR_NOT_AVAILABLE);
    {
        struct snapshot *before = snap(c);

        assert_int_equal(ipt_course_clear_measure(c, 2, IPT_MEASURE_HAMD17),
                         IPT_ERR_NOT_AVAILABLE);
        assert_string_equal(ipt_course_last_error(c),
                            "session 2 has no hamd17 recorded");
        assert_int_equal(ipt_course_clear_measure(c, 1, IPT_MEASURE_PHQ9),
                         IPT_ERR_NOT_AVAILABLE);
        assert_int_equal(ipt_course_clear_measure(
                             c, 2, (enum ipt_measure_kind)0),
                         IPT_ERR_OUT_OF_RANGE);
        assert_string_equal(ipt_course_last_error(c),
                            "unknown measure kind 0");
        assert_int_equal(ipt_course_clear_measure(
                             c, 2, (enum ipt_measure_kind)4),
                         IPT_ERR_OUT_OF_RANGE);
        assert_unchanged(c, before);
    }
    /* a measure of another kind is untouched by clear */
    assert_int_equal(ipt_course_get_measure(c, 2, IPT_MEASURE_GAD7, &got),
                     IPT_OK);
    assert_int_equal(got.total, 21);

    /* get_measure errors leave out untouched */
    memset(&got, 0x5A, sizeof(got));
    {
        struct ipt_measure copy = got;

        assert_int_equal(ipt_course_get_measure(c, 1, IPT_MEASURE_PHQ9, &got),
                         IPT_ERR_NOT_AVAILABLE);
        assert_int_equal(ipt_course_get_measure(c, 9, IPT_MEASURE_PHQ9, &got),
                         IPT_ERR_NOT_AVAILABLE);
        assert_int_equal(ipt_course_get_measure(c, 0, IPT_MEASURE_PHQ9, &got),
                         IPT_ERR_NOT_AVAILABLE);
        assert_int_equal(ipt_course_get_measure(
                             c, 2, (enum ipt_measure_kind)0, &got),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(ipt_course_get_measure(
                             c, 2, (enum ipt_measure_kind)4, &got),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(ipt_course_get_measure(c, 2, IPT_MEASURE_PHQ9, NULL),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_int_equal(ipt_course_get_measure(NULL, 2, IPT_MEASURE_PHQ9,
                                                &got),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_memory_equal(&got, &copy, sizeof(got));
    }
    ipt_course_free(c);
}

/* ---- notes -------------------------------------------------------------- */

static void
test_notes(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    /* two-, three- and four-byte sequences, and the largest code points
     * below the surrogates and at the top */
    static const char text[] = "Caf\xC3\xA9 \xE2\x82\xAC \xE6\x97\xA5 "
                               "\xF0\x9D\x84\x9E \xED\x9F\xBF "
                               "\xEE\x80\x80 \xF4\x8F\xBF\xBF";
    const char *got = NULL;
    size_t len = 99;

    (void)state;
    script(c, 2);

    /* no note: a static empty string */
    assert_int_equal(ipt_course_get_note(c, 1, &got, &len), IPT_OK);
    assert_string_equal(got, "");
    assert_int_equal(len, 0);
    assert_int_equal(ipt_course_get_note(c, 1, &got, NULL), IPT_OK);
    assert_int_equal(session_info(c, 1).note_bytes, 0);

    /* removing a note that is not there */
    record_ok(ipt_course_set_note(c, 1, NULL, 0), c);
    record_ok(ipt_course_set_note(c, 1, "x", 0), c);

    record_ok(ipt_course_set_note(c, 1, text, sizeof(text) - 1), c);
    assert_int_equal(ipt_course_get_note(c, 1, &got, &len), IPT_OK);
    assert_int_equal(len, sizeof(text) - 1);
    assert_string_equal(got, text);
    /* the length is optional */
    got = NULL;
    assert_int_equal(ipt_course_get_note(c, 1, &got, NULL), IPT_OK);
    assert_string_equal(got, text);
    assert_int_equal(session_info(c, 1).note_bytes, sizeof(text) - 1);
    assert_int_equal(session_info(c, 2).note_bytes, 0);

    /* the text is copied, and need not be NUL-terminated */
    {
        char buf[8] = { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' };

        record_ok(ipt_course_set_note(c, 2, buf, 3), c);
        memset(buf, 'z', sizeof(buf));
        assert_int_equal(ipt_course_get_note(c, 2, &got, &len), IPT_OK);
        assert_int_equal(len, 3);
        assert_string_equal(got, "abc");
    }

    /* replace, then remove */
    record_ok(ipt_course_set_note(c, 1, "second", 6), c);
    assert_int_equal(ipt_course_get_note(c, 1, &got, &len), IPT_OK);
    assert_string_equal(got, "second");
    record_ok(ipt_course_set_note(c, 1, NULL, 0), c);
    assert_int_equal(ipt_course_get_note(c, 1, &got, &len), IPT_OK);
    assert_string_equal(got, "");
    assert_int_equal(len, 0);
    assert_int_equal(ipt_course_get_note(c, 2, &got, &len), IPT_OK);
    assert_string_equal(got, "abc");

    /* get_note errors */
    got = (const char *)&len;
    assert_int_equal(ipt_course_get_note(c, 3, &got, &len),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(ipt_course_get_note(c, 0, &got, &len),
                     IPT_ERR_NOT_AVAILABLE);
    assert_ptr_equal(got, (const char *)&len);
    assert_int_equal(ipt_course_get_note(c, 1, NULL, &len),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_note(NULL, 1, &got, &len),
                     IPT_ERR_INVALID_ARGUMENT);
    ipt_course_free(c);
}

static void
test_note_limits(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    char *big = malloc(IPT_NOTE_MAX_BYTES + 2);
    const char *got = NULL;
    size_t len = 0;

    (void)state;
    assert_non_null(big);
    script(c, 1);

    /* exactly 4096 bytes, ending in a four-byte sequence */
    memset(big, 'a', IPT_NOTE_MAX_BYTES + 1);
    memcpy(big + IPT_NOTE_MAX_BYTES - 4, "\xF0\x9F\x98\x80", 4);
    record_ok(ipt_course_set_note(c, 1, big, IPT_NOTE_MAX_BYTES), c);
    assert_int_equal(ipt_course_get_note(c, 1, &got, &len), IPT_OK);
    assert_int_equal(len, IPT_NOTE_MAX_BYTES);
    assert_memory_equal(got, big, IPT_NOTE_MAX_BYTES);
    assert_int_equal(got[IPT_NOTE_MAX_BYTES], '\0');

    /* 4097 bytes, and absurd lengths */
    {
        const size_t lengths[] = { IPT_NOTE_MAX_BYTES + 1, SIZE_MAX };

        for (size_t i = 0; i < 2; i++) {
            struct snapshot *before = snap(c);

            assert_int_equal(ipt_course_set_note(c, 1, big, lengths[i]),
                             IPT_ERR_OUT_OF_RANGE);
            assert_non_null(strstr(ipt_course_last_error(c), "4096"));
            assert_unchanged(c, before);
        }
    }
    {
        struct snapshot *before = snap(c);

        assert_int_equal(ipt_course_set_note(c, 1, NULL, 5),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_unchanged(c, before);
    }
    free(big);
    ipt_course_free(c);
}

/* Every class of malformed UTF-8, with the offset the message must name.
 * Each note hides the word "secret", which must never appear in a
 * message. */
static void
test_note_encoding(void **state)
{
    static const struct {
        const char *bytes;
        size_t len;
        size_t offset;
    } bad[] = {
        { B("secret\x80"), 6 },                     /* stray continuation */
        { B("secret\xBF tail"), 6 },
        { B("secret\xC0\xAF"), 6 },                 /* overlong '/' (C0) */
        { B("secret\xC1\xBF"), 6 },                 /* overlong (C1) */
        { B("secret\xE0\x80\xAF"), 6 },             /* overlong 3-byte */
        { B("secret\xE0\x9F\xBF"), 6 },             /* overlong U+07FF */
        { B("secret\xF0\x80\x80\xAF"), 6 },        /* overlong 4-byte */
        { B("secret\xF0\x8F\xBF\xBF"), 6 },        /* overlong U+FFFF */
        { B("secret\xED\xA0\x80"), 6 },             /* U+D800 */
        { B("secret\xED\xBF\xBF"), 6 },             /* U+DFFF */
        { B("secret\xF4\x90\x80\x80"), 6 },        /* U+110000 */
        { B("secret\xF5\x80\x80\x80"), 6 },        /* lead F5 */
        { B("secret\xF8\x88\x80\x80\x80"), 6 },    /* 5-byte form */
        { B("secret\xFE"), 6 },
        { B("secret\xFF"), 6 },
        { B("secret\xC3"), 6 },                     /* truncated at end */
        { B("secret\xE2\x82"), 6 },
        { B("secret\xF0\x9F\x98"), 6 },
        { B("secret\xE2\x82x"), 6 },                /* truncated inside */
        { B("secret\xC3\xC3\xA9"), 6 },
        { B("\xC3\xA9secret\xC3("), 8 },           /* after multibyte */
        { B("0123456789abcdef\xC3"), 16 },
        { B("01234567\xE2\x82\xAC" "56789\xFF"), 16 },
    };
    struct ipt_course *c = h_new_course(NULL);
    char msg[64];

    (void)state;
    script(c, 2);
    record_ok(ipt_course_set_note(c, 1, "kept", 4), c);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct snapshot *before = snap(c);

        assert_int_equal(ipt_course_set_note(c, 1, bad[i].bytes, bad[i].len),
                         IPT_ERR_ENCODING);
        snprintf(msg, sizeof(msg), "note is not valid UTF-8 at byte %zu",
                 bad[i].offset);
        assert_string_equal(ipt_course_last_error(c), msg);
        assert_null(strstr(ipt_course_last_error(c), "secret"));
        assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
        assert_unchanged(c, before);
    }
    /* NUL bytes: at the start, inside and at the end */
    {
        static const struct {
            const char *bytes;
            size_t len;
            size_t offset;
        } nul[] = {
            { B("\0secret"), 0 },
            { B("sec\0ret"), 3 },
            { B("secret\0"), 6 },
        };

        for (size_t i = 0; i < 3; i++) {
            struct snapshot *before = snap(c);

            assert_int_equal(ipt_course_set_note(c, 2, nul[i].bytes,
                                                 nul[i].len),
                             IPT_ERR_ENCODING);
            snprintf(msg, sizeof(msg), "note holds a NUL byte at byte %zu",
                     nul[i].offset);
            assert_string_equal(ipt_course_last_error(c), msg);
            assert_unchanged(c, before);
        }
    }
    ipt_course_free(c);
}

/* ---- sessions not held, NULL arguments ---------------------------------- */

/* Runs every mutator on session @p s and asserts that each fails with
 * NOT_AVAILABLE and the expected message, changing nothing. */
static void
assert_mutators_refuse(struct ipt_course *c, uint32_t s, const char *msg)
{
    struct ipt_measure m = h_phq9(1, 0);
    enum ipt_status got[5];
    struct snapshot *before = snap(c);

    got[0] = ipt_course_record_techniques(c, s, TBIT(1));
    assert_string_equal(ipt_course_last_error(c), msg);
    got[1] = ipt_course_record_areas(c, s, ABIT(IPT_AREA_GRIEF));
    assert_string_equal(ipt_course_last_error(c), msg);
    got[2] = ipt_course_record_measure(c, s, &m);
    assert_string_equal(ipt_course_last_error(c), msg);
    got[3] = ipt_course_clear_measure(c, s, IPT_MEASURE_PHQ9);
    assert_string_equal(ipt_course_last_error(c), msg);
    got[4] = ipt_course_set_note(c, s, "n", 1);
    assert_string_equal(ipt_course_last_error(c), msg);
    for (int i = 0; i < 5; i++)
        assert_int_equal(got[i], IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
    assert_unchanged(c, before);
}

static void
test_not_held(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_session_info info;
    const char *text = NULL;
    struct ipt_measure m;

    (void)state;
    assert_mutators_refuse(c, 1, "session 1 has not been held (0 held)");
    script(c, 2);
    assert_mutators_refuse(c, 5, "session 5 has not been held (2 held)");
    assert_mutators_refuse(c, 3, "session 3 has not been held (2 held)");
    assert_mutators_refuse(c, UINT32_MAX,
                           "session 4294967295 has not been held (2 held)");
    assert_mutators_refuse(c, 0, "session 0 does not exist: sessions are "
                                 "numbered from 1");
    record_ok(ipt_course_record_techniques(c, 2, TBIT(3)), c);
    assert_mutators_refuse(c, 3, "session 3 has not been held (2 held)");

    memset(&info, 0, sizeof(info));
    info.size = (uint32_t)sizeof(info);
    assert_int_equal(ipt_course_get_session(c, 3, &info),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(ipt_course_get_session(c, 0, &info),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(info.session, 0);
    assert_int_equal(ipt_course_get_note(c, 3, &text, NULL),
                     IPT_ERR_NOT_AVAILABLE);
    assert_int_equal(ipt_course_get_measure(c, 3, IPT_MEASURE_PHQ9, &m),
                     IPT_ERR_NOT_AVAILABLE);
    ipt_course_free(c);
}

static void
test_null_arguments(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_measure m = h_phq9(0, 0);
    struct ipt_session_info info;
    struct ipt_outcome o;
    const char *text;

    (void)state;
    script(c, 1);
    assert_int_equal(ipt_course_record_techniques(NULL, 1, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_record_areas(NULL, 1, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_record_measure(NULL, 1, &m),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_clear_measure(NULL, 1, IPT_MEASURE_PHQ9),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_set_note(NULL, 1, "a", 1),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_note(NULL, 1, &text, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_measure(NULL, 1, IPT_MEASURE_PHQ9, &m),
                     IPT_ERR_INVALID_ARGUMENT);
    memset(&info, 0, sizeof(info));
    info.size = (uint32_t)sizeof(info);
    assert_int_equal(ipt_course_get_session(NULL, 1, &info),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_get_session(c, 1, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_outcome(NULL, IPT_MEASURE_PHQ9, NULL, &o),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_PHQ9, NULL, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    ipt_course_free(c);
}

/* ---- the session view --------------------------------------------------- */

static void
test_get_session_size(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct {
        struct ipt_session_info info;
        unsigned char tail[16];
    } big;
    struct ipt_session_info small;

    (void)state;
    script(c, 1);
    memset(&small, 0x77, sizeof(small));
    small.size = (uint32_t)sizeof(small) - 1;
    assert_int_equal(ipt_course_get_session(c, 1, &small),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(small.session, 0x77777777u);
    small.size = 0;
    assert_int_equal(ipt_course_get_session(c, 1, &small),
                     IPT_ERR_INVALID_ARGUMENT);

    /* a caller with a larger struct: known fields written, its size and
     * the unknown tail kept */
    memset(&big, 0x33, sizeof(big));
    big.info.size = (uint32_t)sizeof(big);
    assert_int_equal(ipt_course_get_session(c, 1, &big.info), IPT_OK);
    assert_int_equal(big.info.size, sizeof(big));
    assert_int_equal(big.info.session, 1);
    assert_int_equal(big.info.phase, IPT_STATE_INITIAL);
    for (size_t i = 0; i < sizeof(big.tail); i++)
        assert_int_equal(big.tail[i], 0x33);
    ipt_course_free(c);
}

static void
test_full_course_sessions(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    uint32_t tasks[MAXS + 1];
    enum ipt_state st;

    (void)state;
    script(c, 16);
    assert_int_equal(ipt_course_get_state(c, &st), IPT_OK);
    assert_int_equal(st, IPT_STATE_COMPLETED);

    /* the view works before any record exists: zeros */
    memset(tasks, 0, sizeof(tasks));
    tasks[1] = IPT_TASK_BIT(IPT_TASK_HISTORY_AND_DIAGNOSIS) |
               IPT_TASK_BIT(IPT_TASK_PSYCHOEDUCATION);
    tasks[2] = IPT_TASK_BIT(IPT_TASK_SICK_ROLE) |
               IPT_TASK_BIT(IPT_TASK_INTERPERSONAL_INVENTORY) |
               IPT_TASK_BIT(IPT_TASK_PROBLEM_AREA);
    tasks[3] = IPT_TASK_BIT(IPT_TASK_INTERPERSONAL_FORMULATION) |
               IPT_TASK_BIT(IPT_TASK_TREATMENT_CONTRACT);
    tasks[12] = IPT_TASK_BIT(IPT_TASK_DISCUSS_ENDING);
    tasks[13] = IPT_TASK_BIT(IPT_TASK_INDEPENDENT_COMPETENCE) |
                IPT_TASK_BIT(IPT_TASK_REVIEW_GAINS);
    tasks[14] = IPT_TASK_BIT(IPT_TASK_RELAPSE_PREVENTION);
    tasks[15] = IPT_TASK_BIT(IPT_TASK_PLAN_CONTINUATION);

    for (uint32_t s = 1; s <= 16; s++) {
        struct ipt_session_info info = session_info(c, s);
        int32_t phase = s <= 3    ? IPT_STATE_INITIAL
                        : s <= 12 ? IPT_STATE_MIDDLE
                                  : IPT_STATE_TERMINATION;
        uint32_t count = 0;
        int64_t ts = -1;

        assert_int_equal(info.size, sizeof(info));
        assert_int_equal(info.session, s);
        assert_int_equal(info.phase, phase);
        assert_int_equal(info.tasks, tasks[s]);
        assert_int_equal(info.techniques, 0);
        assert_int_equal(info.areas, 0);
        assert_int_equal(info.measures, 0);
        assert_int_equal(info.note_bytes, 0);
        /* the timestamp of that session's hold_session entry */
        assert_int_equal(ipt_course_log_size(c, &count, NULL), IPT_OK);
        for (uint32_t i = 0; i < count; i++) {
            struct ipt_log_entry e;

            assert_int_equal(ipt_course_log_get(c, i, &e), IPT_OK);
            if (e.type == IPT_EVENT_HOLD_SESSION && e.session == s)
                ts = e.timestamp;
        }
        assert_true(ts > 0);
        assert_true(info.timestamp == ts);
    }

    /* records show up next to the log's fields */
    {
        struct ipt_measure m = h_phq9(1, 0);
        struct ipt_session_info info;

        record_ok(ipt_course_record_techniques(
                      c, 13, TBIT(IPT_TECHNIQUE_PSYCHOEDUCATION)), c);
        record_ok(ipt_course_record_areas(c, 13,
                                          ABIT(IPT_AREA_ROLE_DISPUTE)), c);
        record_ok(ipt_course_record_measure(c, 13, &m), c);
        record_ok(ipt_course_set_note(c, 13, "ok", 2), c);
        info = session_info(c, 13);
        assert_int_equal(info.phase, IPT_STATE_TERMINATION);
        assert_int_equal(info.tasks, tasks[13]);
        assert_int_equal(info.techniques,
                         TBIT(IPT_TECHNIQUE_PSYCHOEDUCATION));
        assert_int_equal(info.areas, ABIT(IPT_AREA_ROLE_DISPUTE));
        assert_int_equal(info.measures, KBIT(IPT_MEASURE_PHQ9));
        assert_int_equal(info.note_bytes, 2);
        info = session_info(c, 16);
        assert_int_equal(info.techniques, 0);
        assert_int_equal(info.note_bytes, 0);
    }
    ipt_course_free(c);
}

/* Records can be set after the course has ended, for every session held. */
static void
test_records_after_end(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_measure g = h_total_only(IPT_MEASURE_GAD7, 3);

    (void)state;
    script(c, 2);
    h_ok(c, IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT, 0);
    record_ok(ipt_course_record_measure(c, 2, &g), c);
    record_ok(ipt_course_set_note(c, 1, "after", 5), c);
    assert_mutators_refuse(c, 3, "session 3 has not been held (2 held)");
    ipt_course_free(c);
}

/* ---- outcome ------------------------------------------------------------ */

static void
test_outcome(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_outcome o, untouched;
    struct ipt_outcome_params params;
    const struct {
        uint32_t session;
        uint8_t each;
    } series[] = { { 1, 2 }, { 4, 2 }, { 8, 1 }, { 16, 0 } };

    (void)state;
    script(c, 16);
    memset(&untouched, 0x44, sizeof(untouched));
    o = untouched;
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_PHQ9, NULL, &o),
                     IPT_ERR_NO_BASELINE);
    assert_memory_equal(&o, &untouched, sizeof(o));

    for (size_t i = 0; i < 4; i++) {
        struct ipt_measure m = h_phq9(series[i].each, 0);

        record_ok(ipt_course_record_measure(c, series[i].session, &m), c);
    }
    /* a GAD-7 elsewhere does not enter the PHQ-9 series */
    {
        struct ipt_measure g = h_total_only(IPT_MEASURE_GAD7, 12);

        record_ok(ipt_course_record_measure(c, 2, &g), c);
    }
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_PHQ9, NULL, &o),
                     IPT_OK);
    assert_int_equal(o.kind, IPT_MEASURE_PHQ9);
    assert_int_equal(o.count, 4);
    assert_int_equal(o.baseline_session, 1);
    assert_int_equal(o.baseline, 16);
    assert_int_equal(o.latest_session, 16);
    assert_int_equal(o.latest, 0);
    assert_int_equal(o.change, -16);
    assert_int_equal(o.reduction_permille, 1000);
    assert_true((o.flags & IPT_OUTCOME_RESPONSE) != 0);
    assert_true((o.flags & IPT_OUTCOME_REMISSION) != 0);
    assert_true((o.flags & IPT_OUTCOME_EARLY_JUDGED) != 0);
    assert_true((o.flags & IPT_OUTCOME_EARLY_NONRESPONSE) != 0);

    /* the same as ipt_outcome_compute() on the series */
    {
        struct ipt_score_point pts[4];
        struct ipt_outcome direct;

        for (size_t i = 0; i < 4; i++) {
            pts[i].session = series[i].session;
            pts[i].total = 8 * series[i].each;
        }
        assert_int_equal(ipt_outcome_compute(IPT_MEASURE_PHQ9, pts, 4, NULL,
                                             &direct), IPT_OK);
        assert_memory_equal(&direct, &o, sizeof(o));
    }

    /* clearing the baseline moves it to the next measurement */
    record_ok(ipt_course_clear_measure(c, 1, IPT_MEASURE_PHQ9), c);
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_PHQ9, NULL, &o),
                     IPT_OK);
    assert_int_equal(o.count, 3);
    assert_int_equal(o.baseline_session, 4);

    /* GAD-7: one point */
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_GAD7, NULL, &o),
                     IPT_OK);
    assert_int_equal(o.count, 1);
    assert_int_equal(o.baseline, 12);
    assert_int_equal(o.change, 0);
    o = untouched;
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_HAMD17, NULL, &o),
                     IPT_ERR_NO_BASELINE);

    /* thresholds of the caller's own */
    assert_int_equal(ipt_outcome_params_default(&params), IPT_OK);
    params.phq9_remission_below = 1;
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_PHQ9, &params, &o),
                     IPT_OK);
    assert_true((o.flags & IPT_OUTCOME_REMISSION) != 0);
    params.size = 0;
    o = untouched;
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_PHQ9, &params, &o),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_outcome_params_default(&params), IPT_OK);
    params.response_reduction_pct = 0;
    assert_int_equal(ipt_course_outcome(c, IPT_MEASURE_PHQ9, &params, &o),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_course_outcome(c, (enum ipt_measure_kind)0, NULL,
                                        &o),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_course_outcome(c, (enum ipt_measure_kind)4, NULL,
                                        &o),
                     IPT_ERR_OUT_OF_RANGE);
    assert_memory_equal(&o, &untouched, sizeof(o));
    ipt_course_free(c);
}

/* ---- last error ------------------------------------------------------- */

static void
test_last_error_cleared(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_measure m = h_phq9(1, 1);

    (void)state;
    script(c, 1);
    assert_int_equal(ipt_course_record_techniques(c, 1, 1u),
                     IPT_ERR_OUT_OF_RANGE);
    assert_string_not_equal(ipt_course_last_error(c), "");
    record_ok(ipt_course_record_techniques(c, 1, TBIT(2)), c);

    assert_int_equal(ipt_course_set_note(c, 2, "x", 1),
                     IPT_ERR_NOT_AVAILABLE);
    record_ok(ipt_course_record_areas(c, 1, 0), c);
    assert_int_equal(ipt_course_set_note(c, 2, "x", 1),
                     IPT_ERR_NOT_AVAILABLE);
    record_ok(ipt_course_record_measure(c, 1, &m), c);
    assert_int_equal(ipt_course_set_note(c, 2, "x", 1),
                     IPT_ERR_NOT_AVAILABLE);
    record_ok(ipt_course_clear_measure(c, 1, IPT_MEASURE_PHQ9), c);
    assert_int_equal(ipt_course_set_note(c, 2, "x", 1),
                     IPT_ERR_NOT_AVAILABLE);
    record_ok(ipt_course_set_note(c, 1, "x", 1), c);

    /* a guard refusal from the course machine is replaced too */
    {
        struct ipt_event e;

        memset(&e, 0, sizeof(e));
        e.type = IPT_EVENT_ADVANCE_PHASE;
        e.timestamp = h_next_ts(c);
        assert_int_equal(ipt_course_apply(c, &e), IPT_ERR_GUARD_FAILED);
        assert_int_not_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
        record_ok(ipt_course_set_note(c, 1, "y", 1), c);
    }
    ipt_course_free(c);
}

/* ---- observer ----------------------------------------------------------- */

struct busy_probe {
    struct ipt_course *course;
    int calls;
    enum ipt_status st[5];
    enum ipt_status read_st;
    uint32_t read_session;
};

static void
busy_observer(const struct ipt_course *course,
              const struct ipt_log_entry *entry, void *user_data)
{
    struct busy_probe *p = user_data;
    struct ipt_measure m = h_phq9(1, 0);
    struct ipt_session_info info;

    assert_ptr_equal(course, p->course);
    if (entry->type != IPT_EVENT_HOLD_SESSION || entry->session != 2)
        return;
    p->calls++;
    p->st[0] = ipt_course_record_techniques(p->course, 1, TBIT(1));
    p->st[1] = ipt_course_record_areas(p->course, 1, 0);
    p->st[2] = ipt_course_record_measure(p->course, 1, &m);
    p->st[3] = ipt_course_clear_measure(p->course, 1, IPT_MEASURE_GAD7);
    p->st[4] = ipt_course_set_note(p->course, 1, "n", 1);
    /* readers work from the observer, also for the session just held */
    memset(&info, 0, sizeof(info));
    info.size = (uint32_t)sizeof(info);
    p->read_st = ipt_course_get_session(course, entry->session, &info);
    p->read_session = info.session;
}

static void
test_observer_busy(void **state)
{
    struct ipt_course *c = h_new_course(NULL);
    struct busy_probe probe;
    struct ipt_measure g = h_total_only(IPT_MEASURE_GAD7, 4);
    struct snapshot *before;

    (void)state;
    memset(&probe, 0, sizeof(probe));
    probe.course = c;
    script(c, 1);
    record_ok(ipt_course_record_measure(c, 1, &g), c);
    record_ok(ipt_course_set_note(c, 1, "first", 5), c);
    before = snap(c);
    assert_int_equal(ipt_course_set_observer(c, busy_observer, &probe),
                     IPT_OK);
    script(c, 2);
    assert_int_equal(probe.calls, 1);
    for (int i = 0; i < 5; i++)
        assert_int_equal(probe.st[i], IPT_ERR_BUSY);
    assert_int_equal(probe.read_st, IPT_OK);
    assert_int_equal(probe.read_session, 2);
    /* session 1 is as it was */
    {
        struct snapshot *now = snap(c);

        assert_memory_equal(&now->info[0], &before->info[0],
                            sizeof(now->info[0]));
        assert_memory_equal(now->m[0], before->m[0], sizeof(now->m[0]));
        assert_string_equal(now->note[0], "first");
        snap_free(now);
        snap_free(before);
    }
    ipt_course_free(c);
}

/* ---- allocation --------------------------------------------------------- */

/* Calls one mutator on a course; returns its status. */
typedef enum ipt_status (*mutator_fn)(struct ipt_course *c);

static enum ipt_status
do_techniques(struct ipt_course *c)
{
    return ipt_course_record_techniques(c, 2, TBIT(IPT_TECHNIQUE_ROLE_PLAY));
}

static enum ipt_status
do_areas(struct ipt_course *c)
{
    return ipt_course_record_areas(c, 2, ABIT(IPT_AREA_GRIEF));
}

static enum ipt_status
do_measure(struct ipt_course *c)
{
    struct ipt_measure m = h_phq9(3, 3);

    return ipt_course_record_measure(c, 2, &m);
}

static enum ipt_status
do_note(struct ipt_course *c)
{
    return ipt_course_set_note(c, 2, B("\xC3\xA9t\xC3\xA9"));
}

/* Fails the k-th allocation of @p fn, for k = 0, 1, ... until it succeeds;
 * each failure must be NO_MEMORY, change nothing and leak nothing.  With
 * @p fresh the course has no record yet; otherwise it has some. */
static void
oom_loop(mutator_fn fn, bool fresh)
{
    struct h_counter k;
    struct ipt_allocator a;
    struct ipt_course *c;
    enum ipt_status st = IPT_ERR_NO_MEMORY;
    long fail_at;

    a = h_counter_init(&k);
    if (fresh) {
        c = h_new_course(&a);
        script(c, 3);
    } else {
        c = recorded_course(&a);
    }
    for (fail_at = 0; fail_at < 20; fail_at++) {
        long live = k.live;
        struct snapshot *before = snap(c);

        h_counter_arm(&k, fail_at);
        st = fn(c);
        h_counter_arm(&k, -1);
        if (st != IPT_ERR_NO_MEMORY) {
            snap_free(before);
            break;
        }
        assert_string_not_equal(ipt_course_last_error(c), "");
        assert_int_equal(k.live, live);
        assert_unchanged(c, before);
    }
    assert_int_equal(st, IPT_OK);
    assert_string_equal(ipt_course_last_error(c), "");
    /* the first record allocates the array (and a note its copy) */
    if (fresh)
        assert_true(fail_at >= 1);
    /* a second call over the same field does not leak the first */
    assert_int_equal(fn(c), IPT_OK);
    ipt_course_free(c);
    assert_int_equal(k.live, 0);
    assert_false(k.bad_free);
    assert_int_equal(k.allocs - (unsigned long)fail_at, k.frees);
}

static void
test_no_memory(void **state)
{
    (void)state;
    oom_loop(do_techniques, true);
    oom_loop(do_areas, true);
    oom_loop(do_measure, true);
    oom_loop(do_note, true);
    oom_loop(do_techniques, false);
    oom_loop(do_areas, false);
    oom_loop(do_measure, false);
    oom_loop(do_note, false);
}

/* Without any record the course allocates nothing for records; freeing a
 * course with notes in many sessions returns every block. */
static void
test_allocation_balance(void **state)
{
    struct h_counter k;
    struct ipt_allocator a;
    struct ipt_course *c;
    unsigned long after_new;

    (void)state;
    a = h_counter_init(&k);
    c = h_new_course(&a);
    after_new = k.allocs;
    script(c, 16);
    assert_int_equal(ipt_course_record_techniques(c, 1, 0), IPT_OK);
    assert_int_equal(ipt_course_record_areas(c, 1, 0), IPT_OK);
    assert_int_equal(ipt_course_set_note(c, 1, NULL, 0), IPT_OK);
    assert_int_equal(k.allocs, after_new);

    for (uint32_t s = 1; s <= 16; s++) {
        char text[32];
        int n = snprintf(text, sizeof(text), "session %u", s);

        assert_int_equal(ipt_course_set_note(c, s, text, (size_t)n), IPT_OK);
        assert_int_equal(ipt_course_set_note(c, s, text, (size_t)n), IPT_OK);
    }
    assert_int_equal(ipt_course_set_note(c, 5, NULL, 0), IPT_OK);
    ipt_course_free(c);
    assert_int_equal(k.live, 0);
    assert_int_equal(k.allocs, k.frees);
    assert_false(k.bad_free);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_techniques),
        cmocka_unit_test(test_areas),
        cmocka_unit_test(test_measures),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_note_limits),
        cmocka_unit_test(test_note_encoding),
        cmocka_unit_test(test_not_held),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_get_session_size),
        cmocka_unit_test(test_full_course_sessions),
        cmocka_unit_test(test_records_after_end),
        cmocka_unit_test(test_outcome),
        cmocka_unit_test(test_last_error_cleared),
        cmocka_unit_test(test_observer_busy),
        cmocka_unit_test(test_no_memory),
        cmocka_unit_test(test_allocation_balance),
    };

    return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
