/* SPDX-License-Identifier: MIT */
/*
 * Symptom measures: scoring, every band boundary of every measure and
 * HAM-D-17 convention, the PHQ-9 safety flag and difficulty item, outcomes
 * (change, response, remission, early non-response), outcome parameters,
 * names, and every error path with its message.  Black-box: only the
 * public API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

#define MSG_SIZE 128
#define POISON 0xA5

/* ---- helpers ------------------------------------------------------------ */

/* PHQ-9 items 1-8 spread to reach @total (0-24), item 9 as given. */
static struct ipt_measure
phq9_total(int32_t total, uint8_t item9)
{
    struct ipt_measure m = h_measure(IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS, NULL);
    int32_t left = total - item9;

    assert_true(left >= 0 && left <= 24);
    for (uint32_t i = 0; i < 8 && left > 0; i++) {
        uint8_t v = (uint8_t)(left > 3 ? 3 : left);

        m.items[i] = v;
        left -= v;
    }
    m.items[8] = item9;
    return m;
}

static struct ipt_measure_score
score_ok(const struct ipt_measure *m, enum ipt_hamd_banding banding)
{
    struct ipt_measure_score s;
    char msg[MSG_SIZE];

    memset(msg, 'x', sizeof(msg));
    memset(&s, POISON, sizeof(s));
    assert_int_equal(ipt_measure_score(m, banding, &s, msg, sizeof(msg)),
                     IPT_OK);
    /* The message buffer is written on error only. */
    for (size_t i = 0; i < sizeof(msg); i++)
        assert_int_equal(msg[i], 'x');
    assert_int_equal(s.kind, m->kind);
    assert_int_equal(s.reserved, 0);
    return s;
}

/* Scoring fails with @want and the message @text, leaving the score
 * untouched. */
static void
score_fails(const struct ipt_measure *m, enum ipt_hamd_banding banding,
            enum ipt_status want, const char *text)
{
    struct ipt_measure_score s, before;
    char msg[MSG_SIZE];

    memset(&s, POISON, sizeof(s));
    memcpy(&before, &s, sizeof(s));
    memset(msg, 0, sizeof(msg));
    assert_int_equal(ipt_measure_score(m, banding, &s, msg, sizeof(msg)),
                     want);
    assert_string_equal(msg, text);
    assert_memory_equal(&s, &before, sizeof(s));
    /* The same without a message buffer. */
    assert_int_equal(ipt_measure_score(m, banding, &s, NULL, 0), want);
    assert_memory_equal(&s, &before, sizeof(s));
}

static struct ipt_score_point
pt(uint32_t session, int32_t total)
{
    struct ipt_score_point p;

    p.session = session;
    p.total = total;
    return p;
}

static struct ipt_outcome
outcome_ok(enum ipt_measure_kind kind, const struct ipt_score_point *p,
           size_t n, const struct ipt_outcome_params *params)
{
    struct ipt_outcome o;

    memset(&o, POISON, sizeof(o));
    assert_int_equal(ipt_outcome_compute(kind, p, n, params, &o), IPT_OK);
    assert_int_equal(o.kind, (int32_t)kind);
    assert_int_equal(o.count, n);
    assert_int_equal(o.reserved, 0);
    return o;
}

static void
outcome_fails(enum ipt_measure_kind kind, const struct ipt_score_point *p,
              size_t n, const struct ipt_outcome_params *params,
              enum ipt_status want)
{
    struct ipt_outcome o, before;

    memset(&o, POISON, sizeof(o));
    memcpy(&before, &o, sizeof(o));
    assert_int_equal(ipt_outcome_compute(kind, p, n, params, &o), want);
    assert_memory_equal(&o, &before, sizeof(o));
}

static struct ipt_outcome_params
defaults(void)
{
    struct ipt_outcome_params p;

    assert_int_equal(ipt_outcome_params_default(&p), IPT_OK);
    return p;
}

/* ---- bands -------------------------------------------------------------- */

struct band_case {
    int32_t total;
    enum ipt_band band;
};

static const struct band_case phq9_cases[] = {
    { 0, IPT_BAND_NONE },
    { 4, IPT_BAND_NONE },
    { 5, IPT_BAND_MILD },
    { 9, IPT_BAND_MILD },
    { 10, IPT_BAND_MODERATE },
    { 14, IPT_BAND_MODERATE },
    { 15, IPT_BAND_MODERATELY_SEVERE },
    { 19, IPT_BAND_MODERATELY_SEVERE },
    { 20, IPT_BAND_SEVERE },
    { 27, IPT_BAND_SEVERE },
};

static const struct band_case gad7_cases[] = {
    { 0, IPT_BAND_NONE },
    { 4, IPT_BAND_NONE },
    { 5, IPT_BAND_MILD },
    { 9, IPT_BAND_MILD },
    { 10, IPT_BAND_MODERATE },
    { 14, IPT_BAND_MODERATE },
    { 15, IPT_BAND_SEVERE },
    { 21, IPT_BAND_SEVERE },
};

static const struct band_case clinical_cases[] = {
    { 0, IPT_BAND_NONE },
    { 7, IPT_BAND_NONE },
    { 8, IPT_BAND_MILD },
    { 13, IPT_BAND_MILD },
    { 14, IPT_BAND_MODERATE },
    { 18, IPT_BAND_MODERATE },
    { 19, IPT_BAND_SEVERE },
    { 22, IPT_BAND_SEVERE },
    { 23, IPT_BAND_VERY_SEVERE },
    { 52, IPT_BAND_VERY_SEVERE },
};

static const struct band_case zimmerman_cases[] = {
    { 0, IPT_BAND_NONE },
    { 7, IPT_BAND_NONE },
    { 8, IPT_BAND_MILD },
    { 16, IPT_BAND_MILD },
    { 17, IPT_BAND_MODERATE },
    { 23, IPT_BAND_MODERATE },
    { 24, IPT_BAND_SEVERE },
    { 52, IPT_BAND_SEVERE },
};

static const struct band_case rush_cases[] = {
    { 0, IPT_BAND_NONE },
    { 7, IPT_BAND_NONE },
    { 8, IPT_BAND_MILD },
    { 13, IPT_BAND_MILD },
    { 14, IPT_BAND_MODERATE },
    { 19, IPT_BAND_MODERATE },
    { 20, IPT_BAND_SEVERE },
    { 25, IPT_BAND_SEVERE },
    { 26, IPT_BAND_VERY_SEVERE },
    { 52, IPT_BAND_VERY_SEVERE },
};

static void
expect_band(const char *what, int32_t total, enum ipt_band got,
            enum ipt_band want)
{
    if (got != want)
        fail_msg("%s total %d: band %s, want %s", what, (int)total,
                 ipt_band_name(got), ipt_band_name(want));
}

/* A total-only HAM-D-17 or GAD-7, or PHQ-9 items, score to the same band
 * as the band function. */
static void
expect_score_band(enum ipt_measure_kind kind, enum ipt_hamd_banding banding,
                  int32_t total, enum ipt_band want)
{
    struct ipt_measure m;
    struct ipt_measure_score s;

    if (kind == IPT_MEASURE_PHQ9)
        m = phq9_total(total, total > 24 ? (uint8_t)(total - 24) : 0);
    else
        m = h_total_only(kind, total);
    s = score_ok(&m, banding);
    assert_int_equal(s.total, total);
    expect_band(ipt_measure_kind_name(kind), total, (enum ipt_band)s.band,
                want);
}

static void
test_phq9_bands(void **state)
{
    enum ipt_band b;

    (void)state;
    for (size_t i = 0; i < sizeof(phq9_cases) / sizeof(phq9_cases[0]); i++) {
        const struct band_case *c = &phq9_cases[i];

        assert_int_equal(ipt_phq9_band(c->total, &b), IPT_OK);
        expect_band("phq9", c->total, b, c->band);
        expect_score_band(IPT_MEASURE_PHQ9, 0, c->total, c->band);
    }
    b = (enum ipt_band)99;
    assert_int_equal(ipt_phq9_band(-1, &b), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_phq9_band(28, &b), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal((int)b, 99);
    assert_int_equal(ipt_phq9_band(5, NULL), IPT_ERR_INVALID_ARGUMENT);
}

static void
test_gad7_bands(void **state)
{
    enum ipt_band b;

    (void)state;
    for (size_t i = 0; i < sizeof(gad7_cases) / sizeof(gad7_cases[0]); i++) {
        const struct band_case *c = &gad7_cases[i];

        assert_int_equal(ipt_gad7_band(c->total, &b), IPT_OK);
        expect_band("gad7", c->total, b, c->band);
        expect_score_band(IPT_MEASURE_GAD7, 0, c->total, c->band);
    }
    b = (enum ipt_band)99;
    assert_int_equal(ipt_gad7_band(-1, &b), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_gad7_band(22, &b), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal((int)b, 99);
    assert_int_equal(ipt_gad7_band(5, NULL), IPT_ERR_INVALID_ARGUMENT);
}

static void
check_hamd_cases(enum ipt_hamd_banding banding, const struct band_case *c,
                 size_t n)
{
    enum ipt_band b;

    for (size_t i = 0; i < n; i++) {
        assert_int_equal(ipt_hamd17_band(c[i].total, banding, &b), IPT_OK);
        expect_band(ipt_hamd_banding_name(banding), c[i].total, b,
                    c[i].band);
        expect_score_band(IPT_MEASURE_HAMD17, banding, c[i].total,
                          c[i].band);
    }
}

static void
test_hamd17_bands(void **state)
{
    enum ipt_band b, clinical;

    (void)state;
    check_hamd_cases(IPT_HAMD_BANDING_CLINICAL, clinical_cases,
                     sizeof(clinical_cases) / sizeof(clinical_cases[0]));
    check_hamd_cases(IPT_HAMD_BANDING_ZIMMERMAN, zimmerman_cases,
                     sizeof(zimmerman_cases) / sizeof(zimmerman_cases[0]));
    check_hamd_cases(IPT_HAMD_BANDING_RUSH, rush_cases,
                     sizeof(rush_cases) / sizeof(rush_cases[0]));

    /* 0 selects the clinical banding, for every total. */
    for (int32_t t = 0; t <= 52; t++) {
        assert_int_equal(ipt_hamd17_band(t, 0, &b), IPT_OK);
        assert_int_equal(
            ipt_hamd17_band(t, IPT_HAMD_BANDING_CLINICAL, &clinical), IPT_OK);
        assert_int_equal(b, clinical);
    }
    /* Zimmerman never uses "very severe". */
    for (int32_t t = 0; t <= 52; t++) {
        assert_int_equal(ipt_hamd17_band(t, IPT_HAMD_BANDING_ZIMMERMAN, &b),
                         IPT_OK);
        assert_int_not_equal(b, IPT_BAND_VERY_SEVERE);
        assert_int_not_equal(b, IPT_BAND_MODERATELY_SEVERE);
    }
}

static void
test_hamd17_band_errors(void **state)
{
    enum ipt_band b = (enum ipt_band)99;

    (void)state;
    assert_int_equal(ipt_hamd17_band(-1, 0, &b), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_hamd17_band(53, 0, &b), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_hamd17_band(53, IPT_HAMD_BANDING_RUSH, &b),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_hamd17_band(10, (enum ipt_hamd_banding)4, &b),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_hamd17_band(10, (enum ipt_hamd_banding)-1, &b),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal((int)b, 99);
    assert_int_equal(ipt_hamd17_band(10, 0, NULL), IPT_ERR_INVALID_ARGUMENT);
}

/* ---- scoring ------------------------------------------------------------ */

static void
test_phq9_items(void **state)
{
    static const uint8_t items[] = { 1, 1, 1, 1, 1, 1, 1, 1, 0 };
    struct ipt_measure m = h_measure(IPT_MEASURE_PHQ9, 9, items);
    struct ipt_measure_score s;

    (void)state;
    m.total = 99; /* ignored when items are given */
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 8);
    assert_int_equal(s.band, IPT_BAND_MILD);
    assert_int_equal(s.flags, IPT_MEASURE_HAS_ITEMS);
    assert_int_equal(s.difficulty, -1);

    /* Every item at its maximum. */
    for (size_t i = 0; i < 9; i++)
        m.items[i] = 3;
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 27);
    assert_int_equal(s.band, IPT_BAND_SEVERE);
    assert_int_equal(s.flags, IPT_MEASURE_HAS_ITEMS | IPT_MEASURE_SAFETY);
}

static void
test_phq9_safety_flag(void **state)
{
    struct ipt_measure m;
    struct ipt_measure_score s;

    (void)state;
    /* Item 9 = 1 with nothing else: total 1, no symptoms band, but the
     * safety flag is set whatever the total. */
    m = phq9_total(1, 1);
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 1);
    assert_int_equal(s.band, IPT_BAND_NONE);
    assert_true((s.flags & IPT_MEASURE_SAFETY) != 0);

    for (uint8_t v = 1; v <= 3; v++) {
        m = phq9_total(v, v);
        s = score_ok(&m, 0);
        assert_true((s.flags & IPT_MEASURE_SAFETY) != 0);
    }

    /* A high total with item 9 at 0 is not flagged. */
    m = phq9_total(24, 0);
    s = score_ok(&m, 0);
    assert_int_equal(s.band, IPT_BAND_SEVERE);
    assert_int_equal(s.flags & IPT_MEASURE_SAFETY, 0);

    /* The flag comes from item 9 only, not from the difficulty item. */
    m = phq9_total(0, 0);
    m.item_count = 10;
    m.items[9] = 3;
    s = score_ok(&m, 0);
    assert_int_equal(s.flags & IPT_MEASURE_SAFETY, 0);
}

static void
test_phq9_difficulty(void **state)
{
    struct ipt_measure m = phq9_total(12, 0);
    struct ipt_measure_score s;

    (void)state;
    s = score_ok(&m, 0);
    assert_int_equal(s.difficulty, -1);
    assert_int_equal(s.flags & IPT_MEASURE_HAS_DIFFICULTY, 0);

    for (uint8_t d = 0; d <= 3; d++) {
        m.item_count = 10;
        m.items[9] = d;
        s = score_ok(&m, 0);
        assert_int_equal(s.difficulty, d);
        assert_int_equal(s.total, 12); /* not counted */
        assert_int_equal(s.band, IPT_BAND_MODERATE);
        assert_int_equal(s.flags,
                         IPT_MEASURE_HAS_ITEMS | IPT_MEASURE_HAS_DIFFICULTY);
    }
}

static void
test_phq9_ignores_banding(void **state)
{
    struct ipt_measure m = phq9_total(17, 0);
    struct ipt_measure_score s;

    (void)state;
    s = score_ok(&m, IPT_HAMD_BANDING_RUSH);
    assert_int_equal(s.band, IPT_BAND_MODERATELY_SEVERE);
    s = score_ok(&m, IPT_HAMD_BANDING_ZIMMERMAN);
    assert_int_equal(s.band, IPT_BAND_MODERATELY_SEVERE);
}

static const uint8_t hamd_max_items[17] = {
    4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2,
};

static void
test_hamd17_items(void **state)
{
    struct ipt_measure m = h_measure(IPT_MEASURE_HAMD17, 17, hamd_max_items);
    struct ipt_measure_score s;

    (void)state;
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 52);
    assert_int_equal(s.band, IPT_BAND_VERY_SEVERE);
    assert_int_equal(s.flags, IPT_MEASURE_HAS_ITEMS);
    assert_int_equal(s.difficulty, -1);

    /* Item 1 = 4 is within range; the same answers banded three ways. */
    m = h_measure(IPT_MEASURE_HAMD17, 17, NULL);
    m.items[0] = 4;
    m.items[1] = 4;
    m.items[2] = 4;
    m.items[3] = 2;
    m.items[6] = 4; /* total 18 */
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 18);
    assert_int_equal(s.band, IPT_BAND_MODERATE);
    s = score_ok(&m, IPT_HAMD_BANDING_ZIMMERMAN);
    assert_int_equal(s.band, IPT_BAND_MODERATE);
    m.items[7] = 1; /* total 19 */
    s = score_ok(&m, IPT_HAMD_BANDING_CLINICAL);
    assert_int_equal(s.band, IPT_BAND_SEVERE);
    s = score_ok(&m, IPT_HAMD_BANDING_RUSH);
    assert_int_equal(s.band, IPT_BAND_MODERATE);
    s = score_ok(&m, IPT_HAMD_BANDING_ZIMMERMAN);
    assert_int_equal(s.band, IPT_BAND_MODERATE);
}

/* Each HAM-D-17 item accepts its maximum and refuses one more. */
static void
test_hamd17_item_maxima(void **state)
{
    char want[MSG_SIZE];

    (void)state;
    for (uint32_t i = 0; i < 17; i++) {
        struct ipt_measure m = h_measure(IPT_MEASURE_HAMD17, 17, NULL);
        struct ipt_measure_score s;

        m.items[i] = hamd_max_items[i];
        s = score_ok(&m, 0);
        assert_int_equal(s.total, hamd_max_items[i]);
        m.items[i] = (uint8_t)(hamd_max_items[i] + 1);
        snprintf(want, sizeof(want),
                 "hamd17 item %u: value %u out of range 0..%u",
                 (unsigned)(i + 1), (unsigned)(hamd_max_items[i] + 1),
                 (unsigned)hamd_max_items[i]);
        score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE, want);
    }

    /* The two cases named in the scale's definition. */
    {
        struct ipt_measure m = h_measure(IPT_MEASURE_HAMD17, 17, NULL);

        m.items[3] = 3;
        score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                    "hamd17 item 4: value 3 out of range 0..2");
        m.items[3] = 0;
        m.items[0] = 4;
        (void)score_ok(&m, 0);
    }
}

static void
test_hamd17_total_only(void **state)
{
    struct ipt_measure m = h_total_only(IPT_MEASURE_HAMD17, 20);
    struct ipt_measure_score s;

    (void)state;
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 20);
    assert_int_equal(s.band, IPT_BAND_SEVERE);
    assert_int_equal(s.flags, 0);
    assert_int_equal(s.difficulty, -1);
    s = score_ok(&m, IPT_HAMD_BANDING_ZIMMERMAN);
    assert_int_equal(s.band, IPT_BAND_MODERATE);
    s = score_ok(&m, IPT_HAMD_BANDING_RUSH);
    assert_int_equal(s.band, IPT_BAND_SEVERE);

    m.total = 52;
    s = score_ok(&m, 0);
    assert_int_equal(s.band, IPT_BAND_VERY_SEVERE);
    m.total = 0;
    s = score_ok(&m, 0);
    assert_int_equal(s.band, IPT_BAND_NONE);

    m.total = 53;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "hamd17 total 53 out of range 0..52");
    m.total = -1;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "hamd17 total -1 out of range 0..52");
    m.total = 10;
    m.items[0] = 1;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "hamd17 item 1 is unused and must be 0");
}

static void
test_gad7(void **state)
{
    static const uint8_t items[] = { 3, 3, 3, 3, 3, 3, 3 };
    struct ipt_measure m = h_measure(IPT_MEASURE_GAD7, 7, items);
    struct ipt_measure_score s;

    (void)state;
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 21);
    assert_int_equal(s.band, IPT_BAND_SEVERE);
    assert_int_equal(s.flags, IPT_MEASURE_HAS_ITEMS);
    assert_int_equal(s.difficulty, -1);

    m.items[0] = 0;
    m.items[1] = 0;
    m.items[2] = 0;
    m.items[3] = 0;
    m.items[4] = 0; /* total 6 */
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 6);
    assert_int_equal(s.band, IPT_BAND_MILD);

    m.items[6] = 4;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "gad7 item 7: value 4 out of range 0..3");
    m.items[6] = 3;
    m.items[7] = 1;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "gad7 item 8 is unused and must be 0");

    m = h_total_only(IPT_MEASURE_GAD7, 12);
    s = score_ok(&m, 0);
    assert_int_equal(s.total, 12);
    assert_int_equal(s.band, IPT_BAND_MODERATE);
    assert_int_equal(s.flags, 0);
    m.total = 22;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "gad7 total 22 out of range 0..21");
    m.total = -3;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "gad7 total -3 out of range 0..21");
}

/* ---- scoring errors ----------------------------------------------------- */

static void
test_score_null_arguments(void **state)
{
    struct ipt_measure m = phq9_total(3, 0);
    struct ipt_measure_score s;
    char msg[MSG_SIZE];

    (void)state;
    msg[0] = '\0';
    assert_int_equal(ipt_measure_score(NULL, 0, &s, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "measure is NULL");
    assert_int_equal(ipt_measure_score(&m, 0, NULL, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "out is NULL");
    assert_int_equal(ipt_measure_score(NULL, 0, NULL, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_score_kind_and_banding(void **state)
{
    struct ipt_measure m = phq9_total(3, 0);

    (void)state;
    m.kind = 7;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE, "unknown measure kind 7");
    m.kind = 0;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE, "unknown measure kind 0");
    m.kind = -2;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE, "unknown measure kind -2");

    /* The banding must be known even where it is not used. */
    m = phq9_total(3, 0);
    score_fails(&m, (enum ipt_hamd_banding)4, IPT_ERR_OUT_OF_RANGE,
                "unknown hamd banding 4");
    m = h_total_only(IPT_MEASURE_GAD7, 3);
    score_fails(&m, (enum ipt_hamd_banding)-1, IPT_ERR_OUT_OF_RANGE,
                "unknown hamd banding -1");
    m = h_total_only(IPT_MEASURE_HAMD17, 3);
    score_fails(&m, (enum ipt_hamd_banding)99, IPT_ERR_OUT_OF_RANGE,
                "unknown hamd banding 99");
}

static void
test_score_reserved(void **state)
{
    struct ipt_measure m = phq9_total(3, 0);

    (void)state;
    m.reserved = 1;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "phq9 reserved field must be 0, not 1");
}

static void
test_score_item_count(void **state)
{
    struct ipt_measure m;

    (void)state;
    m = h_measure(IPT_MEASURE_PHQ9, 8, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT, "phq9 takes 9 or 10 items, not 8");
    /* Items are required: item 9 drives the safety flag. */
    m = h_total_only(IPT_MEASURE_PHQ9, 10);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT, "phq9 takes 9 or 10 items, not 0");
    m = h_measure(IPT_MEASURE_PHQ9, 11, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT,
                "phq9 takes 9 or 10 items, not 11");
    m = h_measure(IPT_MEASURE_PHQ9, 21, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT,
                "phq9 takes 9 or 10 items, not 21");
    m = h_measure(IPT_MEASURE_PHQ9, UINT32_MAX, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT,
                "phq9 takes 9 or 10 items, not 4294967295");

    m = h_measure(IPT_MEASURE_HAMD17, 16, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT,
                "hamd17 takes 17 items or 0 with a total, not 16");
    m = h_measure(IPT_MEASURE_HAMD17, 18, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT,
                "hamd17 takes 17 items or 0 with a total, not 18");
    m = h_measure(IPT_MEASURE_GAD7, 9, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT,
                "gad7 takes 7 items or 0 with a total, not 9");
    m = h_measure(IPT_MEASURE_GAD7, 8, NULL);
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT,
                "gad7 takes 7 items or 0 with a total, not 8");
}

static void
test_score_item_range(void **state)
{
    struct ipt_measure m = phq9_total(3, 0);

    (void)state;
    m.items[8] = 4;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "phq9 item 9: value 4 out of range 0..3");
    m.items[8] = 0;
    m.items[0] = 255;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "phq9 item 1: value 255 out of range 0..3");

    m = phq9_total(3, 0);
    m.item_count = 10;
    m.items[9] = 4;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "phq9 item 10 (difficulty): value 4 out of range 0..3");
}

static void
test_score_unused_items(void **state)
{
    struct ipt_measure m = phq9_total(3, 0);

    (void)state;
    m.items[11] = 1;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "phq9 item 12 is unused and must be 0");
    /* With 9 items the difficulty slot is unused too. */
    m.items[11] = 0;
    m.items[9] = 2;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "phq9 item 10 is unused and must be 0");
    m.items[9] = 0;
    m.items[IPT_MEASURE_ITEMS_MAX - 1] = 1;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "phq9 item 20 is unused and must be 0");
    m = h_measure(IPT_MEASURE_HAMD17, 17, NULL);
    m.items[17] = 1;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "hamd17 item 18 is unused and must be 0");
}

/* When several things are wrong, the first in the documented order is
 * reported. */
static void
test_score_validation_order(void **state)
{
    struct ipt_measure m;

    (void)state;
    m = h_measure(IPT_MEASURE_PHQ9, 8, NULL);
    m.kind = 7;
    m.reserved = 1;
    score_fails(&m, (enum ipt_hamd_banding)9, IPT_ERR_OUT_OF_RANGE,
                "unknown measure kind 7");
    m.kind = IPT_MEASURE_PHQ9;
    score_fails(&m, (enum ipt_hamd_banding)9, IPT_ERR_OUT_OF_RANGE,
                "unknown hamd banding 9");
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "phq9 reserved field must be 0, not 1");
    m.reserved = 0;
    m.items[0] = 9;
    score_fails(&m, 0, IPT_ERR_ITEM_COUNT, "phq9 takes 9 or 10 items, not 8");
    m.item_count = 9;
    m.items[15] = 1;
    score_fails(&m, 0, IPT_ERR_OUT_OF_RANGE,
                "phq9 item 1: value 9 out of range 0..3");
    m.items[0] = 0;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "phq9 item 16 is unused and must be 0");
    /* Unused items are checked before a lone total. */
    m = h_total_only(IPT_MEASURE_GAD7, 40);
    m.items[2] = 1;
    score_fails(&m, 0, IPT_ERR_INVALID_ARGUMENT,
                "gad7 item 3 is unused and must be 0");
}

static void
test_score_message_buffer(void **state)
{
    struct ipt_measure m = phq9_total(3, 0);
    struct ipt_measure_score s;
    char msg[16];

    (void)state;
    m.items[8] = 4;
    /* NULL buffer with a size, and a buffer of size 0: not written. */
    assert_int_equal(ipt_measure_score(&m, 0, &s, NULL, 64),
                     IPT_ERR_OUT_OF_RANGE);
    memset(msg, 'x', sizeof(msg));
    assert_int_equal(ipt_measure_score(&m, 0, &s, msg, 0),
                     IPT_ERR_OUT_OF_RANGE);
    for (size_t i = 0; i < sizeof(msg); i++)
        assert_int_equal(msg[i], 'x');

    /* A small buffer is truncated and NUL-terminated, nothing beyond it
     * is written. */
    assert_int_equal(ipt_measure_score(&m, 0, &s, msg, 8),
                     IPT_ERR_OUT_OF_RANGE);
    assert_string_equal(msg, "phq9 it");
    for (size_t i = 8; i < sizeof(msg); i++)
        assert_int_equal(msg[i], 'x');
    assert_int_equal(ipt_measure_score(&m, 0, &s, msg, 1),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(msg[0], '\0');
}

static void
test_item_max(void **state)
{
    uint32_t max;

    (void)state;
    for (uint32_t i = 1; i <= 10; i++) {
        max = 0;
        assert_int_equal(ipt_measure_item_max(IPT_MEASURE_PHQ9, i, &max),
                         IPT_OK);
        assert_int_equal(max, 3);
    }
    for (uint32_t i = 1; i <= 17; i++) {
        max = 0;
        assert_int_equal(ipt_measure_item_max(IPT_MEASURE_HAMD17, i, &max),
                         IPT_OK);
        assert_int_equal(max, hamd_max_items[i - 1]);
    }
    for (uint32_t i = 1; i <= 7; i++) {
        max = 0;
        assert_int_equal(ipt_measure_item_max(IPT_MEASURE_GAD7, i, &max),
                         IPT_OK);
        assert_int_equal(max, 3);
    }

    max = 77;
    assert_int_equal(ipt_measure_item_max(IPT_MEASURE_PHQ9, 0, &max),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_measure_item_max(IPT_MEASURE_PHQ9, 11, &max),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_measure_item_max(IPT_MEASURE_HAMD17, 18, &max),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_measure_item_max(IPT_MEASURE_GAD7, 8, &max),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_measure_item_max((enum ipt_measure_kind)0, 1, &max),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_measure_item_max((enum ipt_measure_kind)4, 1, &max),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(max, 77);
    assert_int_equal(ipt_measure_item_max(IPT_MEASURE_PHQ9, 1, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

/* ---- outcomes ----------------------------------------------------------- */

static void
test_params_default(void **state)
{
    struct ipt_outcome_params p;

    (void)state;
    memset(&p, POISON, sizeof(p));
    assert_int_equal(ipt_outcome_params_default(&p), IPT_OK);
    assert_int_equal(p.size, sizeof(p));
    assert_int_equal(p.response_reduction_pct, 50);
    assert_int_equal(p.phq9_remission_below, 5);
    assert_int_equal(p.hamd17_remission_at_most, 7);
    assert_int_equal(p.gad7_remission_below, 5);
    assert_int_equal(p.early_session, 4);
    assert_int_equal(p.early_min_reduction_pct, 20);
    assert_int_equal(p.reserved, 0);
    assert_int_equal(ipt_outcome_params_default(NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_outcome_basic(void **state)
{
    const struct ipt_score_point p[] = { pt(1, 20), pt(4, 15), pt(8, 6) };
    struct ipt_outcome_params d = defaults();
    struct ipt_outcome o, o2;

    (void)state;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 3, NULL);
    assert_int_equal(o.baseline_session, 1);
    assert_int_equal(o.baseline, 20);
    assert_int_equal(o.latest_session, 8);
    assert_int_equal(o.latest, 6);
    assert_int_equal(o.change, -14);
    assert_int_equal(o.reduction_permille, 700);
    /* 25 % at session 4 is above the early threshold of 20 %. */
    assert_int_equal(o.flags,
                     IPT_OUTCOME_RESPONSE | IPT_OUTCOME_EARLY_JUDGED);

    /* NULL params are the defaults. */
    o2 = outcome_ok(IPT_MEASURE_PHQ9, p, 3, &d);
    assert_memory_equal(&o, &o2, sizeof(o));
}

static void
test_outcome_response_threshold(void **state)
{
    struct ipt_score_point p[2] = { pt(1, 20), pt(12, 10) };
    struct ipt_outcome o;

    (void)state;
    /* Exactly 50 %. */
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 2, NULL);
    assert_int_equal(o.reduction_permille, 500);
    assert_true((o.flags & IPT_OUTCOME_RESPONSE) != 0);
    /* Just below. */
    p[1].total = 11;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 2, NULL);
    assert_int_equal(o.reduction_permille, 450);
    assert_int_equal(o.flags & IPT_OUTCOME_RESPONSE, 0);

    /* An odd baseline: 8 of 15 is 53.3 %, 7 of 15 is 46.7 %; the per mille
     * value is rounded toward zero. */
    p[0].total = 15;
    p[1].total = 7;
    o = outcome_ok(IPT_MEASURE_HAMD17, p, 2, NULL);
    assert_int_equal(o.reduction_permille, 533);
    assert_true((o.flags & IPT_OUTCOME_RESPONSE) != 0);
    p[1].total = 8;
    o = outcome_ok(IPT_MEASURE_HAMD17, p, 2, NULL);
    assert_int_equal(o.reduction_permille, 466);
    assert_int_equal(o.flags & IPT_OUTCOME_RESPONSE, 0);
}

static void
test_outcome_rising_scores(void **state)
{
    struct ipt_score_point p[2] = { pt(1, 10), pt(6, 13) };
    struct ipt_outcome o;

    (void)state;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 2, NULL);
    assert_int_equal(o.change, 3);
    assert_int_equal(o.reduction_permille, -300);
    assert_int_equal(o.flags & IPT_OUTCOME_RESPONSE, 0);
    /* -66.7 rounds toward zero. */
    p[0].total = 15;
    p[1].total = 16;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 2, NULL);
    assert_int_equal(o.change, 1);
    assert_int_equal(o.reduction_permille, -66);
    /* Early non-response: symptoms rose by session 6. */
    assert_int_equal(o.flags,
                     IPT_OUTCOME_EARLY_JUDGED | IPT_OUTCOME_EARLY_NONRESPONSE);
}

static void
expect_remission(enum ipt_measure_kind kind, int32_t latest, int want,
                 const struct ipt_outcome_params *params)
{
    const struct ipt_score_point p[] = { pt(1, 20), pt(2, latest) };
    struct ipt_outcome o = outcome_ok(kind, p, 2, params);

    if (((o.flags & IPT_OUTCOME_REMISSION) != 0) != want)
        fail_msg("%s latest %d: remission %d, want %d",
                 ipt_measure_kind_name(kind), (int)latest, !want, want);
}

static void
test_outcome_remission_thresholds(void **state)
{
    (void)state;
    expect_remission(IPT_MEASURE_PHQ9, 4, 1, NULL);
    expect_remission(IPT_MEASURE_PHQ9, 5, 0, NULL);
    expect_remission(IPT_MEASURE_PHQ9, 0, 1, NULL);
    expect_remission(IPT_MEASURE_HAMD17, 7, 1, NULL);
    expect_remission(IPT_MEASURE_HAMD17, 8, 0, NULL);
    expect_remission(IPT_MEASURE_GAD7, 4, 1, NULL);
    expect_remission(IPT_MEASURE_GAD7, 5, 0, NULL);
}

static void
test_outcome_baseline_only(void **state)
{
    struct ipt_score_point p[1] = { pt(6, 3) };
    struct ipt_outcome o;

    (void)state;
    /* Remission is judged on the baseline; nothing else can be. The
     * baseline is never judged as an early measurement, even when it is
     * taken after the early session. */
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 1, NULL);
    assert_int_equal(o.baseline_session, 6);
    assert_int_equal(o.latest_session, 6);
    assert_int_equal(o.baseline, 3);
    assert_int_equal(o.latest, 3);
    assert_int_equal(o.change, 0);
    assert_int_equal(o.reduction_permille, 0);
    assert_int_equal(o.flags, IPT_OUTCOME_REMISSION);

    p[0].total = 12;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 1, NULL);
    assert_int_equal(o.flags, 0);
}

static void
test_outcome_baseline_zero(void **state)
{
    struct ipt_score_point p[2] = { pt(1, 0), pt(5, 0) };
    struct ipt_outcome o;

    (void)state;
    o = outcome_ok(IPT_MEASURE_GAD7, p, 2, NULL);
    assert_int_equal(o.change, 0);
    assert_int_equal(o.reduction_permille, 0);
    /* No response from a baseline of 0; judged early but nothing to
     * reduce, so not a non-response. */
    assert_int_equal(o.flags,
                     IPT_OUTCOME_REMISSION | IPT_OUTCOME_EARLY_JUDGED);

    p[1].total = 6;
    o = outcome_ok(IPT_MEASURE_GAD7, p, 2, NULL);
    assert_int_equal(o.change, 6);
    assert_int_equal(o.reduction_permille, 0);
    assert_int_equal(o.flags, IPT_OUTCOME_EARLY_JUDGED);
}

static void
test_outcome_early_nonresponse(void **state)
{
    struct ipt_score_point p[4] = { pt(1, 20), pt(2, 19), pt(3, 18),
                                    pt(4, 17) };
    struct ipt_outcome o;

    (void)state;
    /* Nothing at or after session 4: not judged. */
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 3, NULL);
    assert_int_equal(o.flags & (IPT_OUTCOME_EARLY_JUDGED |
                                IPT_OUTCOME_EARLY_NONRESPONSE), 0);
    /* 15 % at session 4: judged, non-response. */
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 4, NULL);
    assert_int_equal(o.flags,
                     IPT_OUTCOME_EARLY_JUDGED | IPT_OUTCOME_EARLY_NONRESPONSE);
    /* Exactly 20 %: judged, not a non-response. */
    p[3].total = 16;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 4, NULL);
    assert_int_equal(o.flags, IPT_OUTCOME_EARLY_JUDGED);

    /* Judged at the first measurement at or after the session, even when
     * a later one shows a response. */
    {
        const struct ipt_score_point q[] = { pt(1, 20), pt(3, 12), pt(5, 19),
                                             pt(6, 4) };

        o = outcome_ok(IPT_MEASURE_PHQ9, q, 4, NULL);
        assert_int_equal(o.flags, IPT_OUTCOME_RESPONSE |
                                      IPT_OUTCOME_REMISSION |
                                      IPT_OUTCOME_EARLY_JUDGED |
                                      IPT_OUTCOME_EARLY_NONRESPONSE);
        /* A measurement before the early session does not count, however
         * good: without the later ones nothing is judged. */
        o = outcome_ok(IPT_MEASURE_PHQ9, q, 2, NULL);
        assert_int_equal(o.flags & IPT_OUTCOME_EARLY_JUDGED, 0);
    }
}

static void
test_outcome_custom_params(void **state)
{
    struct ipt_outcome_params c = defaults();
    const struct ipt_score_point p[] = { pt(1, 20), pt(5, 17), pt(6, 15),
                                         pt(10, 12) };
    struct ipt_outcome o;

    (void)state;
    /* Defaults: 40 % is no response; 15 % at session 5 is early
     * non-response. */
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 4, NULL);
    assert_int_equal(o.flags,
                     IPT_OUTCOME_EARLY_JUDGED | IPT_OUTCOME_EARLY_NONRESPONSE);

    c.response_reduction_pct = 40;
    c.phq9_remission_below = 13;
    c.early_session = 6;
    c.early_min_reduction_pct = 25;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 4, &c);
    /* 40 % response, 12 below 13, judged at session 6 where 25 % met. */
    assert_int_equal(o.flags, IPT_OUTCOME_RESPONSE | IPT_OUTCOME_REMISSION |
                                  IPT_OUTCOME_EARLY_JUDGED);
    c.early_min_reduction_pct = 26;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 4, &c);
    assert_true((o.flags & IPT_OUTCOME_EARLY_NONRESPONSE) != 0);
    /* 0 %: non-response only when symptoms did not fall at all... */
    c.early_min_reduction_pct = 0;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 4, &c);
    assert_int_equal(o.flags & IPT_OUTCOME_EARLY_NONRESPONSE, 0);
    /* ...i.e. when they rose. */
    {
        const struct ipt_score_point r[] = { pt(1, 10), pt(6, 11) };

        o = outcome_ok(IPT_MEASURE_PHQ9, r, 2, &c);
        assert_true((o.flags & IPT_OUTCOME_EARLY_NONRESPONSE) != 0);
    }
    /* Early session beyond the series: not judged. */
    c.early_session = 11;
    o = outcome_ok(IPT_MEASURE_PHQ9, p, 4, &c);
    assert_int_equal(o.flags & IPT_OUTCOME_EARLY_JUDGED, 0);

    /* 100 %: only a latest total of 0 is a response. */
    c = defaults();
    c.response_reduction_pct = 100;
    {
        struct ipt_score_point r[] = { pt(1, 20), pt(8, 1) };

        o = outcome_ok(IPT_MEASURE_PHQ9, r, 2, &c);
        assert_int_equal(o.flags & IPT_OUTCOME_RESPONSE, 0);
        r[1].total = 0;
        o = outcome_ok(IPT_MEASURE_PHQ9, r, 2, &c);
        assert_true((o.flags & IPT_OUTCOME_RESPONSE) != 0);
    }

    /* Remission thresholds of the other measures. */
    c = defaults();
    c.hamd17_remission_at_most = 6;
    expect_remission(IPT_MEASURE_HAMD17, 6, 1, &c);
    expect_remission(IPT_MEASURE_HAMD17, 7, 0, &c);
    c.hamd17_remission_at_most = 0;
    expect_remission(IPT_MEASURE_HAMD17, 0, 1, &c);
    expect_remission(IPT_MEASURE_HAMD17, 1, 0, &c);
    c.gad7_remission_below = 3;
    expect_remission(IPT_MEASURE_GAD7, 2, 1, &c);
    expect_remission(IPT_MEASURE_GAD7, 3, 0, &c);
    c.phq9_remission_below = 1;
    expect_remission(IPT_MEASURE_PHQ9, 0, 1, &c);
    expect_remission(IPT_MEASURE_PHQ9, 1, 0, &c);
}

/* A caller built against a newer, larger struct. */
struct params_v2 {
    struct ipt_outcome_params p;
    uint32_t newer[2];
};

static void
test_params_size(void **state)
{
    const struct ipt_score_point pts[] = { pt(1, 20), pt(4, 10) };
    struct params_v2 big;
    struct ipt_outcome_params p;
    struct ipt_outcome o, o2;

    (void)state;
    p = defaults();
    p.size = 0;
    outcome_fails(IPT_MEASURE_PHQ9, pts, 2, &p, IPT_ERR_INVALID_ARGUMENT);
    p.size = (uint32_t)sizeof(p) - 1;
    outcome_fails(IPT_MEASURE_PHQ9, pts, 2, &p, IPT_ERR_INVALID_ARGUMENT);

    memset(&big, 0, sizeof(big));
    big.p = defaults();
    big.p.size = (uint32_t)sizeof(big);
    big.p.response_reduction_pct = 60;
    o = outcome_ok(IPT_MEASURE_PHQ9, pts, 2, &big.p);
    assert_int_equal(o.flags & IPT_OUTCOME_RESPONSE, 0);
    o2 = outcome_ok(IPT_MEASURE_PHQ9, pts, 2, NULL);
    assert_true((o2.flags & IPT_OUTCOME_RESPONSE) != 0);

    big.newer[1] = 1;
    outcome_fails(IPT_MEASURE_PHQ9, pts, 2, &big.p, IPT_ERR_UNSUPPORTED);
}

static void
expect_param_error(const struct ipt_outcome_params *p, enum ipt_status want)
{
    const struct ipt_score_point pts[] = { pt(1, 10), pt(4, 5) };

    outcome_fails(IPT_MEASURE_PHQ9, pts, 2, p, want);
}

static void
expect_param_ok(const struct ipt_outcome_params *p)
{
    const struct ipt_score_point pts[] = { pt(1, 10), pt(4, 5) };

    (void)outcome_ok(IPT_MEASURE_PHQ9, pts, 2, p);
}

static void
test_params_ranges(void **state)
{
    struct ipt_outcome_params p;

    (void)state;
    p = defaults();
    p.reserved = 1;
    expect_param_error(&p, IPT_ERR_INVALID_ARGUMENT);

#define RANGE(field, lo, hi)                                                  \
    do {                                                                      \
        p = defaults();                                                       \
        p.field = (lo);                                                       \
        expect_param_ok(&p);                                                  \
        p.field = (hi);                                                       \
        expect_param_ok(&p);                                                  \
        p.field = (hi) + 1;                                                   \
        expect_param_error(&p, IPT_ERR_OUT_OF_RANGE);                         \
    } while (0)

    RANGE(response_reduction_pct, 1U, 100U);
    RANGE(phq9_remission_below, 1, 27);
    RANGE(hamd17_remission_at_most, 0, 52);
    RANGE(gad7_remission_below, 1, 21);
    RANGE(early_session, 2U, 520U);
    RANGE(early_min_reduction_pct, 0U, 100U);
#undef RANGE

    /* Below the lowest. */
    p = defaults();
    p.response_reduction_pct = 0;
    expect_param_error(&p, IPT_ERR_OUT_OF_RANGE);
    p = defaults();
    p.phq9_remission_below = 0;
    expect_param_error(&p, IPT_ERR_OUT_OF_RANGE);
    p = defaults();
    p.hamd17_remission_at_most = -1;
    expect_param_error(&p, IPT_ERR_OUT_OF_RANGE);
    p = defaults();
    p.gad7_remission_below = 0;
    expect_param_error(&p, IPT_ERR_OUT_OF_RANGE);
    p = defaults();
    p.early_session = 1;
    expect_param_error(&p, IPT_ERR_OUT_OF_RANGE);
    p = defaults();
    p.early_min_reduction_pct = UINT32_MAX;
    expect_param_error(&p, IPT_ERR_OUT_OF_RANGE);

    /* Every threshold is checked, whatever the measure. */
    p = defaults();
    p.gad7_remission_below = 0;
    {
        const struct ipt_score_point pts[] = { pt(1, 10) };

        outcome_fails(IPT_MEASURE_HAMD17, pts, 1, &p, IPT_ERR_OUT_OF_RANGE);
    }
}

static void
test_outcome_point_errors(void **state)
{
    struct ipt_score_point p[3] = { pt(1, 10), pt(4, 8), pt(8, 5) };

    (void)state;
    outcome_fails(IPT_MEASURE_PHQ9, p, 0, NULL, IPT_ERR_NO_BASELINE);
    outcome_fails(IPT_MEASURE_PHQ9, NULL, 0, NULL, IPT_ERR_NO_BASELINE);
    outcome_fails(IPT_MEASURE_PHQ9, NULL, 2, NULL, IPT_ERR_INVALID_ARGUMENT);

    p[0].session = 0;
    outcome_fails(IPT_MEASURE_PHQ9, p, 3, NULL, IPT_ERR_INVALID_ARGUMENT);
    p[0].session = 4;
    outcome_fails(IPT_MEASURE_PHQ9, p, 3, NULL, IPT_ERR_INVALID_ARGUMENT);
    p[0].session = 5;
    outcome_fails(IPT_MEASURE_PHQ9, p, 3, NULL, IPT_ERR_INVALID_ARGUMENT);
    p[0].session = 1;
    p[2].session = 4;
    outcome_fails(IPT_MEASURE_PHQ9, p, 3, NULL, IPT_ERR_INVALID_ARGUMENT);
    p[2].session = 8;

    p[1].total = -1;
    outcome_fails(IPT_MEASURE_PHQ9, p, 3, NULL, IPT_ERR_OUT_OF_RANGE);
    p[1].total = 28;
    outcome_fails(IPT_MEASURE_PHQ9, p, 3, NULL, IPT_ERR_OUT_OF_RANGE);
    p[1].total = 27;
    (void)outcome_ok(IPT_MEASURE_PHQ9, p, 3, NULL);
    p[1].total = 22;
    outcome_fails(IPT_MEASURE_GAD7, p, 3, NULL, IPT_ERR_OUT_OF_RANGE);
    p[1].total = 21;
    (void)outcome_ok(IPT_MEASURE_GAD7, p, 3, NULL);
    p[1].total = 53;
    outcome_fails(IPT_MEASURE_HAMD17, p, 3, NULL, IPT_ERR_OUT_OF_RANGE);
    p[1].total = 52;
    (void)outcome_ok(IPT_MEASURE_HAMD17, p, 3, NULL);

    outcome_fails((enum ipt_measure_kind)0, p, 3, NULL, IPT_ERR_OUT_OF_RANGE);
    outcome_fails((enum ipt_measure_kind)4, p, 3, NULL, IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_outcome_compute(IPT_MEASURE_PHQ9, p, 3, NULL, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

/* Argument errors come before a missing baseline. */
static void
test_outcome_error_order(void **state)
{
    struct ipt_outcome_params p = defaults();
    struct ipt_score_point bad[2] = { pt(2, 10), pt(1, 99) };

    (void)state;
    assert_int_equal(ipt_outcome_compute(IPT_MEASURE_PHQ9, NULL, 0, NULL,
                                         NULL), IPT_ERR_INVALID_ARGUMENT);
    outcome_fails((enum ipt_measure_kind)9, NULL, 0, NULL,
                  IPT_ERR_OUT_OF_RANGE);
    p.reserved = 1;
    outcome_fails(IPT_MEASURE_PHQ9, NULL, 0, &p, IPT_ERR_INVALID_ARGUMENT);
    p = defaults();
    p.early_session = 0;
    outcome_fails(IPT_MEASURE_PHQ9, NULL, 0, &p, IPT_ERR_OUT_OF_RANGE);
    /* Sessions are checked point by point: the order error of point 2 is
     * found before its total. */
    outcome_fails(IPT_MEASURE_PHQ9, bad, 2, NULL, IPT_ERR_INVALID_ARGUMENT);
    bad[1].session = 3;
    outcome_fails(IPT_MEASURE_PHQ9, bad, 2, NULL, IPT_ERR_OUT_OF_RANGE);
}

/* ---- names -------------------------------------------------------------- */

static void
test_kind_names(void **state)
{
    static const struct {
        enum ipt_measure_kind v;
        const char *name;
    } names[] = {
        { IPT_MEASURE_PHQ9, "phq9" },
        { IPT_MEASURE_HAMD17, "hamd17" },
        { IPT_MEASURE_GAD7, "gad7" },
    };
    enum ipt_measure_kind k;

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_string_equal(ipt_measure_kind_name(names[i].v), names[i].name);
        assert_int_equal(ipt_measure_kind_from_name(names[i].name, &k),
                         IPT_OK);
        assert_int_equal(k, names[i].v);
    }
    assert_null(ipt_measure_kind_name((enum ipt_measure_kind)0));
    assert_null(ipt_measure_kind_name((enum ipt_measure_kind)4));
    k = (enum ipt_measure_kind)99;
    assert_int_equal(ipt_measure_kind_from_name("PHQ9", &k),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_measure_kind_from_name("phq-9", &k),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_measure_kind_from_name("", &k),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal((int)k, 99);
    assert_int_equal(ipt_measure_kind_from_name(NULL, &k),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_measure_kind_from_name("phq9", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_band_names(void **state)
{
    static const struct {
        enum ipt_band v;
        const char *name;
    } names[] = {
        { IPT_BAND_NONE, "none" },
        { IPT_BAND_MILD, "mild" },
        { IPT_BAND_MODERATE, "moderate" },
        { IPT_BAND_MODERATELY_SEVERE, "moderately_severe" },
        { IPT_BAND_SEVERE, "severe" },
        { IPT_BAND_VERY_SEVERE, "very_severe" },
    };
    enum ipt_band b;

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_string_equal(ipt_band_name(names[i].v), names[i].name);
        assert_int_equal(ipt_band_from_name(names[i].name, &b), IPT_OK);
        assert_int_equal(b, names[i].v);
    }
    assert_null(ipt_band_name((enum ipt_band)0));
    assert_null(ipt_band_name((enum ipt_band)7));
    b = (enum ipt_band)99;
    assert_int_equal(ipt_band_from_name("moderately severe", &b),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal((int)b, 99);
    assert_int_equal(ipt_band_from_name(NULL, &b), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_band_from_name("mild", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_banding_names(void **state)
{
    static const struct {
        enum ipt_hamd_banding v;
        const char *name;
    } names[] = {
        { IPT_HAMD_BANDING_CLINICAL, "clinical" },
        { IPT_HAMD_BANDING_ZIMMERMAN, "zimmerman" },
        { IPT_HAMD_BANDING_RUSH, "rush" },
    };
    enum ipt_hamd_banding b;

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_string_equal(ipt_hamd_banding_name(names[i].v), names[i].name);
        assert_int_equal(ipt_hamd_banding_from_name(names[i].name, &b),
                         IPT_OK);
        assert_int_equal(b, names[i].v);
    }
    /* 0 means "the default" when passed, but has no name of its own. */
    assert_null(ipt_hamd_banding_name((enum ipt_hamd_banding)0));
    assert_null(ipt_hamd_banding_name((enum ipt_hamd_banding)4));
    b = (enum ipt_hamd_banding)99;
    assert_int_equal(ipt_hamd_banding_from_name("default", &b),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal((int)b, 99);
    assert_int_equal(ipt_hamd_banding_from_name(NULL, &b),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_hamd_banding_from_name("rush", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phq9_bands),
        cmocka_unit_test(test_gad7_bands),
        cmocka_unit_test(test_hamd17_bands),
        cmocka_unit_test(test_hamd17_band_errors),
        cmocka_unit_test(test_phq9_items),
        cmocka_unit_test(test_phq9_safety_flag),
        cmocka_unit_test(test_phq9_difficulty),
        cmocka_unit_test(test_phq9_ignores_banding),
        cmocka_unit_test(test_hamd17_items),
        cmocka_unit_test(test_hamd17_item_maxima),
        cmocka_unit_test(test_hamd17_total_only),
        cmocka_unit_test(test_gad7),
        cmocka_unit_test(test_score_null_arguments),
        cmocka_unit_test(test_score_kind_and_banding),
        cmocka_unit_test(test_score_reserved),
        cmocka_unit_test(test_score_item_count),
        cmocka_unit_test(test_score_item_range),
        cmocka_unit_test(test_score_unused_items),
        cmocka_unit_test(test_score_validation_order),
        cmocka_unit_test(test_score_message_buffer),
        cmocka_unit_test(test_item_max),
        cmocka_unit_test(test_params_default),
        cmocka_unit_test(test_outcome_basic),
        cmocka_unit_test(test_outcome_response_threshold),
        cmocka_unit_test(test_outcome_rising_scores),
        cmocka_unit_test(test_outcome_remission_thresholds),
        cmocka_unit_test(test_outcome_baseline_only),
        cmocka_unit_test(test_outcome_baseline_zero),
        cmocka_unit_test(test_outcome_early_nonresponse),
        cmocka_unit_test(test_outcome_custom_params),
        cmocka_unit_test(test_params_size),
        cmocka_unit_test(test_params_ranges),
        cmocka_unit_test(test_outcome_point_errors),
        cmocka_unit_test(test_outcome_error_order),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_band_names),
        cmocka_unit_test(test_banding_names),
    };

    return cmocka_run_group_tests_name("measure", tests, NULL, NULL);
}
