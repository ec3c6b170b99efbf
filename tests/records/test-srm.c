/* SPDX-License-Identifier: MIT */
/*
 * The Social Rhythm Metric (SRM-5): hand-computed weeks (perfectly regular,
 * an activity on too few days, the edges of the 45-minute window, the exact
 * mean, bedtimes around midnight, nothing done), the activity level, the
 * rounding of the regularity score, every error path with its message, and
 * the activity names.  Black-box: only the public API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <ipt/ipt.h>

#define MSG_SIZE 128
#define POISON 0xA5

#define OUT_OF_BED (IPT_SRM_OUT_OF_BED - 1)
#define FIRST_CONTACT (IPT_SRM_FIRST_CONTACT - 1)
#define START_WORK (IPT_SRM_START_WORK - 1)
#define DINNER (IPT_SRM_DINNER - 1)
#define TO_BED (IPT_SRM_TO_BED - 1)

#define HM(h, m) ((int16_t)((h) * 60 + (m)))

/* ---- helpers ------------------------------------------------------------ */

static struct ipt_srm5_week
empty_week(void)
{
    struct ipt_srm5_week w;

    memset(&w, POISON, sizeof(w));
    assert_int_equal(ipt_srm5_week_init(&w), IPT_OK);
    return w;
}

/* Sets activity index @a on the first @n days from @times. */
static void
set_days(struct ipt_srm5_week *w, int a, const int16_t *times, size_t n)
{
    for (size_t d = 0; d < n; d++)
        w->minutes[d][a] = times[d];
}

#define SET(w, a, ...)                                                    \
    do {                                                                  \
        static const int16_t t_[] = { __VA_ARGS__ };                      \
        set_days((w), (a), t_, sizeof(t_) / sizeof(t_[0]));               \
    } while (0)

static struct ipt_srm_score
score_ok(const struct ipt_srm5_week *w)
{
    struct ipt_srm_score s;
    char msg[MSG_SIZE];

    memset(msg, 'x', sizeof(msg));
    memset(&s, POISON, sizeof(s));
    assert_int_equal(ipt_srm5_score(w, &s, msg, sizeof(msg)), IPT_OK);
    /* The message buffer is written on error only. */
    for (size_t i = 0; i < sizeof(msg); i++)
        assert_int_equal(msg[i], 'x');
    assert_int_equal(s.reserved, 0);
    /* Uncounted activities carry no habitual time and no hits. */
    for (unsigned a = 0; a < IPT_SRM5_ACTIVITIES; a++) {
        if ((s.counted & (1u << (a + 1))) == 0) {
            assert_int_equal(s.habitual[a], IPT_SRM_NOT_DONE);
            assert_int_equal(s.activity_hits[a], 0);
        }
    }
    return s;
}

/* Scoring fails with @want and the message @text, leaving the score
 * untouched. */
static void
score_fails(const struct ipt_srm5_week *w, enum ipt_status want,
            const char *text)
{
    struct ipt_srm_score s, before;
    char msg[MSG_SIZE];

    memset(&s, POISON, sizeof(s));
    memcpy(&before, &s, sizeof(s));
    memset(msg, 0, sizeof(msg));
    assert_int_equal(ipt_srm5_score(w, &s, msg, sizeof(msg)), want);
    assert_string_equal(msg, text);
    assert_memory_equal(&s, &before, sizeof(s));
    /* The same without a message buffer. */
    assert_int_equal(ipt_srm5_score(w, &s, NULL, 0), want);
    assert_memory_equal(&s, &before, sizeof(s));
}

/* ---- weeks -------------------------------------------------------------- */

static void
test_week_init(void **state)
{
    struct ipt_srm5_week w = empty_week();

    (void)state;
    assert_int_equal(w.size, sizeof(struct ipt_srm5_week));
    assert_int_equal(w.size, 80);
    assert_int_equal(w.reserved, 0);
    assert_int_equal(w.reserved2, 0);
    for (unsigned d = 0; d < IPT_SRM_DAYS; d++) {
        for (unsigned a = 0; a < IPT_SRM5_ACTIVITIES; a++)
            assert_int_equal(w.minutes[d][a], IPT_SRM_NOT_DONE);
    }
    assert_int_equal(ipt_srm5_week_init(NULL), IPT_ERR_INVALID_ARGUMENT);
}

/* Nothing done: nothing counted, regularity 0, activity level 0. */
static void
test_nothing_done(void **state)
{
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s = score_ok(&w);

    (void)state;
    assert_int_equal(s.hits, 0);
    assert_int_equal(s.activities_counted, 0);
    assert_int_equal(s.regularity_tenths, 0);
    assert_int_equal(s.activity_level, 0);
    assert_int_equal(s.counted, 0);
}

/* Every activity every day at the same time: 7.0, activity level 35. */
static void
test_perfectly_regular(void **state)
{
    static const int16_t at[IPT_SRM5_ACTIVITIES] = {
        HM(7, 0), HM(8, 15), HM(9, 0), HM(19, 0), HM(23, 0),
    };
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s;

    (void)state;
    for (unsigned d = 0; d < IPT_SRM_DAYS; d++)
        memcpy(w.minutes[d], at, sizeof(at));
    s = score_ok(&w);
    assert_int_equal(s.hits, 35);
    assert_int_equal(s.activities_counted, 5);
    assert_int_equal(s.regularity_tenths, 70);
    assert_int_equal(s.activity_level, 35);
    assert_int_equal(s.counted, 0x3e);
    for (unsigned a = 0; a < IPT_SRM5_ACTIVITIES; a++) {
        assert_int_equal(s.habitual[a], at[a]);
        assert_int_equal(s.activity_hits[a], 7);
    }
}

/* Done on 2 days: not counted, but part of the activity level; 3 days
 * counts. */
static void
test_minimum_days(void **state)
{
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s;

    (void)state;
    SET(&w, OUT_OF_BED, HM(7, 0), HM(7, 0));
    SET(&w, DINNER, HM(18, 0), HM(18, 30), HM(19, 0));
    s = score_ok(&w);
    assert_int_equal(s.activities_counted, 1);
    assert_int_equal(s.counted, 1u << IPT_SRM_DINNER);
    assert_int_equal(s.habitual[OUT_OF_BED], IPT_SRM_NOT_DONE);
    /* mean 18:30: 30, 0 and 30 minutes away, all hits */
    assert_int_equal(s.habitual[DINNER], HM(18, 30));
    assert_int_equal(s.activity_hits[DINNER], 3);
    assert_int_equal(s.hits, 3);
    /* 3 hits / 1 activity: a habit of 3 days scores at most 3.0 */
    assert_int_equal(s.regularity_tenths, 30);
    assert_int_equal(s.activity_level, 5);

    /* Days need not be the first ones: 2 days spread over the week. */
    w = empty_week();
    w.minutes[1][START_WORK] = HM(9, 0);
    w.minutes[6][START_WORK] = HM(9, 0);
    s = score_ok(&w);
    assert_int_equal(s.activities_counted, 0);
    assert_int_equal(s.regularity_tenths, 0);
    assert_int_equal(s.activity_level, 2);
}

/* Exactly 45 minutes from the habitual time is a hit, 46 is not. */
static void
test_window_edges(void **state)
{
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s;

    (void)state;
    /* mean (2 * 1080 + 1125 + 1035) / 4 = 1080 */
    SET(&w, DINNER, HM(18, 0), HM(18, 0), HM(18, 45), HM(17, 15));
    s = score_ok(&w);
    assert_int_equal(s.habitual[DINNER], HM(18, 0));
    assert_int_equal(s.activity_hits[DINNER], 4);
    assert_int_equal(s.regularity_tenths, 40);

    /* mean (2 * 1080 + 1126 + 1034) / 4 = 1080 */
    SET(&w, DINNER, HM(18, 0), HM(18, 0), HM(18, 46), HM(17, 14));
    s = score_ok(&w);
    assert_int_equal(s.habitual[DINNER], HM(18, 0));
    assert_int_equal(s.activity_hits[DINNER], 2);
    assert_int_equal(s.hits, 2);
    assert_int_equal(s.regularity_tenths, 20);
}

/* The hit test uses the exact mean, not the rounded habitual time. */
static void
test_exact_mean(void **state)
{
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s;

    (void)state;
    /* 600, 600, 668: mean 622.67, reported 623.  668 is 45.33 minutes
     * from the mean (a miss), though only 45 from the rounded 623. */
    SET(&w, START_WORK, 600, 600, 668);
    s = score_ok(&w);
    assert_int_equal(s.habitual[START_WORK], 623);
    assert_int_equal(s.activity_hits[START_WORK], 2);
    assert_int_equal(s.regularity_tenths, 20);

    /* 600, 601: mean 600.5 rounds half up to 601 */
    SET(&w, START_WORK, 600, 601, 600, 601);
    s = score_ok(&w);
    assert_int_equal(s.habitual[START_WORK], 601);
    assert_int_equal(s.activity_hits[START_WORK], 4);
}

/* Bedtimes from 00:00 to 11:59 are the night before. */
static void
test_bedtimes_around_midnight(void **state)
{
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s;

    (void)state;
    /* 23:30, 00:30, 23:30, 00:30: 1410, 1470, 1410, 1470, mean 1440 =
     * 00:00, every night 30 minutes away.  Without the rule the mean
     * would be 12:00 and no night a hit. */
    SET(&w, TO_BED, HM(23, 30), HM(0, 30), HM(23, 30), HM(0, 30));
    s = score_ok(&w);
    assert_int_equal(s.habitual[TO_BED], 0);
    assert_int_equal(s.activity_hits[TO_BED], 4);
    assert_int_equal(s.regularity_tenths, 40);

    /* 23:30, 00:10, 23:50, 00:30, 23:40: sum 7180 / 5 = 1436 = 23:56 */
    w = empty_week();
    SET(&w, TO_BED, HM(23, 30), HM(0, 10), HM(23, 50), HM(0, 30),
        HM(23, 40));
    s = score_ok(&w);
    assert_int_equal(s.habitual[TO_BED], HM(23, 56));
    assert_int_equal(s.activity_hits[TO_BED], 5);

    /* 00:10, 00:20, 23:50: 1450, 1460, 1430, mean 1446.67 -> 00:07 */
    w = empty_week();
    SET(&w, TO_BED, HM(0, 10), HM(0, 20), HM(23, 50));
    s = score_ok(&w);
    assert_int_equal(s.habitual[TO_BED], HM(0, 7));
    assert_int_equal(s.activity_hits[TO_BED], 3);

    /* 11:59 is the night before, 12:00 is not: 2159 and 720 are far
     * apart, so 11:59, 11:59, 12:00, 12:00 has mean 1439.5 -> 1440 ->
     * 00:00, and no night within 45 minutes of it. */
    w = empty_week();
    SET(&w, TO_BED, HM(11, 59), HM(11, 59), HM(12, 0), HM(12, 0));
    s = score_ok(&w);
    assert_int_equal(s.habitual[TO_BED], 0);
    assert_int_equal(s.activity_hits[TO_BED], 0);
    assert_int_equal(s.activities_counted, 1);
    assert_int_equal(s.regularity_tenths, 0);

    /* The rule is for bedtimes only: dinners at 23:50, 23:50 and 00:10
     * have mean 15:57 (956.67) and no hit. */
    w = empty_week();
    SET(&w, DINNER, HM(23, 50), HM(23, 50), HM(0, 10));
    s = score_ok(&w);
    assert_int_equal(s.habitual[DINNER], 957);
    assert_int_equal(s.activity_hits[DINNER], 0);
}

/* regularity_tenths = round(10 * hits / counted), halves up. */
static void
test_regularity_rounding(void **state)
{
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s;

    (void)state;
    /* One hit (0, 500, 1000: only 500 is near the mean 500) and three
     * activities without a hit (0, 0, 1000, 1000: mean 500, all 500 away):
     * 1 / 4 = 0.25 -> 3 tenths. */
    SET(&w, OUT_OF_BED, 0, 500, 1000);
    SET(&w, FIRST_CONTACT, 0, 0, 1000, 1000);
    SET(&w, START_WORK, 0, 0, 1000, 1000);
    SET(&w, DINNER, 0, 0, 1000, 1000);
    s = score_ok(&w);
    assert_int_equal(s.activity_hits[OUT_OF_BED], 1);
    assert_int_equal(s.hits, 1);
    assert_int_equal(s.activities_counted, 4);
    assert_int_equal(s.regularity_tenths, 3);
    assert_int_equal(s.activity_level, 15);

    /* 1 / 3 = 0.33 -> 3 tenths */
    w.minutes[0][DINNER] = IPT_SRM_NOT_DONE;
    w.minutes[1][DINNER] = IPT_SRM_NOT_DONE;
    s = score_ok(&w);
    assert_int_equal(s.activities_counted, 3);
    assert_int_equal(s.regularity_tenths, 3);

    /* 2 / 3 = 0.67 -> 7 tenths: a second activity with one hit */
    SET(&w, START_WORK, 0, 500, 1000, IPT_SRM_NOT_DONE);
    s = score_ok(&w);
    assert_int_equal(s.hits, 2);
    assert_int_equal(s.activities_counted, 3);
    assert_int_equal(s.regularity_tenths, 7);

    /* 17 / 5 = 3.4 -> 34 tenths: 7 + 7 + 3 + 0 + 0 */
    w = empty_week();
    SET(&w, OUT_OF_BED, 420, 420, 420, 420, 420, 420, 420);
    SET(&w, FIRST_CONTACT, 480, 480, 480, 480, 480, 480, 480);
    SET(&w, START_WORK, 540, 540, 540);
    SET(&w, DINNER, 0, 0, 1000, 1000);
    SET(&w, TO_BED, HM(12, 0), HM(12, 0), HM(22, 0), HM(22, 0));
    s = score_ok(&w);
    assert_int_equal(s.hits, 17);
    assert_int_equal(s.activities_counted, 5);
    assert_int_equal(s.regularity_tenths, 34);
    assert_int_equal(s.activity_level, 25);
}

/* A larger week from a newer caller is accepted while its extra bytes are
 * 0. */
static void
test_larger_week(void **state)
{
    union {
        struct ipt_srm5_week w;
        unsigned char bytes[96];
    } big;
    struct ipt_srm_score s;

    (void)state;
    memset(&big, 0, sizeof(big));
    big.w = empty_week();
    big.w.size = sizeof(big);
    SET(&big.w, DINNER, HM(18, 0), HM(18, 0), HM(18, 0));
    s = score_ok(&big.w);
    assert_int_equal(s.hits, 3);

    big.bytes[90] = 1;
    score_fails(&big.w, IPT_ERR_UNSUPPORTED,
                "srm5 week size 96 is larger than 80 and the extra bytes "
                "are not 0");
}

/* ---- errors ------------------------------------------------------------- */

static void
test_null_arguments(void **state)
{
    struct ipt_srm5_week w = empty_week();
    struct ipt_srm_score s;
    char msg[MSG_SIZE];

    (void)state;
    assert_int_equal(ipt_srm5_score(NULL, &s, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "week is NULL");
    assert_int_equal(ipt_srm5_score(&w, NULL, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "out is NULL");
    assert_int_equal(ipt_srm5_score(NULL, NULL, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_size_too_small(void **state)
{
    struct ipt_srm5_week w = empty_week();

    (void)state;
    w.size = 79;
    score_fails(&w, IPT_ERR_INVALID_ARGUMENT,
                "srm5 week size 79 is below 80");
    w.size = 0;
    score_fails(&w, IPT_ERR_INVALID_ARGUMENT, "srm5 week size 0 is below 80");
}

static void
test_reserved(void **state)
{
    struct ipt_srm5_week w = empty_week();

    (void)state;
    w.reserved = 1;
    score_fails(&w, IPT_ERR_INVALID_ARGUMENT,
                "srm5 week reserved field must be 0, not 1");
    w.reserved = 0;
    w.reserved2 = 7;
    score_fails(&w, IPT_ERR_INVALID_ARGUMENT,
                "srm5 week reserved2 field must be 0, not 7");
}

static void
test_time_range(void **state)
{
    static const struct {
        unsigned day, activity;
        int16_t value;
        const char *text;
    } cases[] = {
        { 2, DINNER, 1500, "srm5 day 3 dinner: 1500 out of range 0..1439 "
                           "(or -1 for not done)" },
        { 0, OUT_OF_BED, 1440, "srm5 day 1 out_of_bed: 1440 out of range "
                               "0..1439 (or -1 for not done)" },
        { 6, TO_BED, -2, "srm5 day 7 to_bed: -2 out of range 0..1439 (or "
                         "-1 for not done)" },
        { 4, FIRST_CONTACT, INT16_MIN, "srm5 day 5 first_contact: -32768 "
                                       "out of range 0..1439 (or -1 for "
                                       "not done)" },
        { 5, START_WORK, INT16_MAX, "srm5 day 6 start_work: 32767 out of "
                                    "range 0..1439 (or -1 for not done)" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ipt_srm5_week w = empty_week();

        w.minutes[cases[i].day][cases[i].activity] = cases[i].value;
        score_fails(&w, IPT_ERR_OUT_OF_RANGE, cases[i].text);
    }

    /* The ends of the range are valid. */
    {
        struct ipt_srm5_week w = empty_week();
        struct ipt_srm_score s;

        SET(&w, OUT_OF_BED, 0, 0, 0);
        SET(&w, DINNER, 1439, 1439, 1439);
        s = score_ok(&w);
        assert_int_equal(s.habitual[OUT_OF_BED], 0);
        assert_int_equal(s.habitual[DINNER], 1439);
        assert_int_equal(s.hits, 6);
    }
}

/* Size, then reserved fields, then times in day order and, within a day,
 * activity order. */
static void
test_validation_order(void **state)
{
    struct ipt_srm5_week w = empty_week();
    char msg[8];
    struct ipt_srm_score s;

    (void)state;
    w.minutes[3][TO_BED] = 2000;
    w.minutes[3][OUT_OF_BED] = 1500;
    w.minutes[5][OUT_OF_BED] = 1600;
    score_fails(&w, IPT_ERR_OUT_OF_RANGE,
                "srm5 day 4 out_of_bed: 1500 out of range 0..1439 (or -1 "
                "for not done)");
    w.minutes[2][TO_BED] = 3000;
    score_fails(&w, IPT_ERR_OUT_OF_RANGE,
                "srm5 day 3 to_bed: 3000 out of range 0..1439 (or -1 for "
                "not done)");
    w.reserved2 = 1;
    score_fails(&w, IPT_ERR_INVALID_ARGUMENT,
                "srm5 week reserved2 field must be 0, not 1");
    w.reserved = 2;
    score_fails(&w, IPT_ERR_INVALID_ARGUMENT,
                "srm5 week reserved field must be 0, not 2");
    w.size = 4;
    score_fails(&w, IPT_ERR_INVALID_ARGUMENT, "srm5 week size 4 is below 80");

    /* A short buffer gets a truncated, NUL-terminated message. */
    memset(msg, 'x', sizeof(msg));
    assert_int_equal(ipt_srm5_score(&w, &s, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "srm5 we");
    /* A size of 0 leaves the buffer alone. */
    memset(msg, 'x', sizeof(msg));
    assert_int_equal(ipt_srm5_score(&w, &s, msg, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(msg[0], 'x');
}

/* ---- names -------------------------------------------------------------- */

static void
test_activity_names(void **state)
{
    static const struct {
        enum ipt_srm_activity v;
        const char *name;
    } names[] = {
        { IPT_SRM_OUT_OF_BED, "out_of_bed" },
        { IPT_SRM_FIRST_CONTACT, "first_contact" },
        { IPT_SRM_START_WORK, "start_work" },
        { IPT_SRM_DINNER, "dinner" },
        { IPT_SRM_TO_BED, "to_bed" },
    };
    enum ipt_srm_activity a;

    (void)state;
    assert_int_equal(sizeof(names) / sizeof(names[0]), IPT_SRM5_ACTIVITIES);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_string_equal(ipt_srm_activity_name(names[i].v),
                            names[i].name);
        assert_int_equal(ipt_srm_activity_from_name(names[i].name, &a),
                         IPT_OK);
        assert_int_equal(a, names[i].v);
    }
    assert_null(ipt_srm_activity_name((enum ipt_srm_activity)0));
    assert_null(ipt_srm_activity_name((enum ipt_srm_activity)6));
    assert_null(ipt_srm_activity_name((enum ipt_srm_activity)-1));
    a = (enum ipt_srm_activity)99;
    assert_int_equal(ipt_srm_activity_from_name("Dinner", &a),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_srm_activity_from_name("to-bed", &a),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_srm_activity_from_name("", &a),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal((int)a, 99);
    assert_int_equal(ipt_srm_activity_from_name(NULL, &a),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_srm_activity_from_name("dinner", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_week_init),
        cmocka_unit_test(test_nothing_done),
        cmocka_unit_test(test_perfectly_regular),
        cmocka_unit_test(test_minimum_days),
        cmocka_unit_test(test_window_edges),
        cmocka_unit_test(test_exact_mean),
        cmocka_unit_test(test_bedtimes_around_midnight),
        cmocka_unit_test(test_regularity_rounding),
        cmocka_unit_test(test_larger_week),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_size_too_small),
        cmocka_unit_test(test_reserved),
        cmocka_unit_test(test_time_range),
        cmocka_unit_test(test_validation_order),
        cmocka_unit_test(test_activity_names),
    };

    return cmocka_run_group_tests_name("srm", tests, NULL, NULL);
}
