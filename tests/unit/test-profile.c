/* SPDX-License-Identifier: MIT */
/*
 * Protocol profiles: the built-in "standard" profile, parameter checking,
 * caller-made profiles and copying parameters out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A params struct from "newer headers": the known fields plus a tail. */
struct params_v2 {
    struct ipt_profile_params p;
    uint32_t extra[4];
};

static const struct ipt_profile *const sentinel_profile =
    (const struct ipt_profile *)(uintptr_t)0x1000;

static void
assert_params_equal(const struct ipt_profile_params *a,
                    const struct ipt_profile_params *b)
{
    assert_int_equal(a->planned_sessions, b->planned_sessions);
    assert_int_equal(a->min_sessions, b->min_sessions);
    assert_int_equal(a->max_sessions, b->max_sessions);
    assert_int_equal(a->initial_last_session, b->initial_last_session);
    assert_int_equal(a->termination_sessions, b->termination_sessions);
    assert_int_equal(a->ending_notice_sessions, b->ending_notice_sessions);
    assert_int_equal(a->max_focal_areas, b->max_focal_areas);
    assert_int_equal(a->allowed_areas, b->allowed_areas);
}

/* ---- built-in profiles ------------------------------------------------- */

static void
test_standard_parameters(void **state)
{
    const struct ipt_profile *p = NULL;
    struct ipt_profile_params params;

    (void)state;
    assert_int_equal(ipt_profile_builtin("standard", &p), IPT_OK);
    assert_non_null(p);
    assert_string_equal(ipt_profile_name(p), "standard");

    memset(&params, 0, sizeof(params));
    params.size = (uint32_t)sizeof(params);
    assert_int_equal(ipt_profile_get_params(p, &params), IPT_OK);
    assert_int_equal(params.size, sizeof(params));
    assert_int_equal(params.planned_sessions, 16);
    assert_int_equal(params.min_sessions, 12);
    assert_int_equal(params.max_sessions, 16);
    assert_int_equal(params.initial_last_session, 3);
    assert_int_equal(params.termination_sessions, 4);
    assert_int_equal(params.ending_notice_sessions, 2);
    assert_int_equal(params.max_focal_areas, 2);
    assert_int_equal(params.allowed_areas, IPT_AREAS_CORE);
    assert_int_equal(params.allowed_areas,
                     IPT_AREA_BIT(IPT_AREA_GRIEF) |
                         IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE) |
                         IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION) |
                         IPT_AREA_BIT(IPT_AREA_INTERPERSONAL_DEFICITS));

    /* the standard parameters pass the check */
    assert_int_equal(ipt_profile_check(&params, NULL, 0), IPT_OK);

    /* the same static profile every time */
    {
        const struct ipt_profile *again = NULL;

        assert_int_equal(ipt_profile_builtin("standard", &again), IPT_OK);
        assert_ptr_equal(again, p);
    }
}

static void
test_builtin_unknown(void **state)
{
    static const char *const bad[] = { "", "Standard", "STANDARD",
                                       "standard ", "standar", "nonsense" };
    const struct ipt_profile *p = sentinel_profile;

    (void)state;
    for (size_t i = 0; i < COUNT(bad); i++) {
        assert_int_equal(ipt_profile_builtin(bad[i], &p),
                         IPT_ERR_UNKNOWN_NAME);
        assert_ptr_equal(p, sentinel_profile);
    }
    assert_int_equal(ipt_profile_builtin(NULL, &p), IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(p, sentinel_profile);
    assert_int_equal(ipt_profile_builtin("standard", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_profile_builtin(NULL, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

static void
test_builtin_listing(void **state)
{
    uint32_t n = ipt_profile_builtin_count();
    int found_standard = 0;
    const struct ipt_profile *p = sentinel_profile;

    (void)state;
    assert_true(n >= 1);
    for (uint32_t i = 0; i < n; i++) {
        const struct ipt_profile *q = NULL;
        const struct ipt_profile *by_name = NULL;
        struct ipt_profile_params params;
        const char *name;

        assert_int_equal(ipt_profile_builtin_at(i, &q), IPT_OK);
        assert_non_null(q);
        name = ipt_profile_name(q);
        assert_non_null(name);
        assert_true(h_is_snake_case(name));
        assert_true(strlen(name) <= IPT_PROFILE_NAME_MAX);
        assert_int_equal(ipt_profile_builtin(name, &by_name), IPT_OK);
        assert_ptr_equal(by_name, q);
        if (strcmp(name, "standard") == 0)
            found_standard = 1;
        /* every built-in profile is itself valid */
        memset(&params, 0, sizeof(params));
        params.size = (uint32_t)sizeof(params);
        assert_int_equal(ipt_profile_get_params(q, &params), IPT_OK);
        assert_int_equal(ipt_profile_check(&params, NULL, 0), IPT_OK);
    }
    assert_true(found_standard);

    assert_int_equal(ipt_profile_builtin_at(n, &p), IPT_ERR_OUT_OF_RANGE);
    assert_ptr_equal(p, sentinel_profile);
    assert_int_equal(ipt_profile_builtin_at(n + 1, &p), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_profile_builtin_at(UINT32_MAX, &p),
                     IPT_ERR_OUT_OF_RANGE);
    assert_ptr_equal(p, sentinel_profile);
    assert_int_equal(ipt_profile_builtin_at(0, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

/* ---- ipt_profile_check ------------------------------------------------- */

struct bad_case {
    const char *what;
    struct ipt_profile_params params;
    /* the message names at least one of these fields */
    const char *fields[3];
};

static size_t
bad_cases(struct bad_case *out)
{
    size_t n = 0;
    struct ipt_profile_params p;

#define BAD(desc, f0, f1, f2)                                               \
    do {                                                                    \
        out[n].what = (desc);                                               \
        out[n].params = p;                                                  \
        out[n].fields[0] = (f0);                                            \
        out[n].fields[1] = (f1);                                            \
        out[n].fields[2] = (f2);                                            \
        n++;                                                                \
    } while (0)

    /* 1 <= min_sessions */
    p = h_params(16, 0, 16, 3, 4, 2, 2, IPT_AREAS_ALL);
    BAD("min_sessions 0", "min_sessions", NULL, NULL);
    /* min_sessions <= planned_sessions */
    p = h_params(14, 15, 16, 3, 4, 2, 2, IPT_AREAS_ALL);
    BAD("min above planned", "min_sessions", "planned_sessions", NULL);
    /* planned_sessions <= max_sessions */
    p = h_params(17, 12, 16, 3, 4, 2, 2, IPT_AREAS_ALL);
    BAD("planned above max", "planned_sessions", "max_sessions", NULL);
    /* min_sessions <= max_sessions (and planned between them) */
    p = h_params(16, 17, 16, 3, 4, 2, 2, IPT_AREAS_ALL);
    BAD("min above max", "min_sessions", "max_sessions", "planned_sessions");
    /* max_sessions <= IPT_PROFILE_MAX_SESSIONS */
    p = h_params(16, 12, IPT_PROFILE_MAX_SESSIONS + 1, 3, 4, 2, 2,
                 IPT_AREAS_ALL);
    BAD("max above 520", "max_sessions", NULL, NULL);
    p = h_params(IPT_PROFILE_MAX_SESSIONS + 1, IPT_PROFILE_MAX_SESSIONS + 1,
                 IPT_PROFILE_MAX_SESSIONS + 1, 3, 4, 2, 2, IPT_AREAS_ALL);
    BAD("all counts 521", "max_sessions", "planned_sessions", "min_sessions");
    /* initial_last_session >= 1 */
    p = h_params(16, 12, 16, 0, 4, 2, 2, IPT_AREAS_ALL);
    BAD("initial_last_session 0", "initial_last_session", NULL, NULL);
    /* termination_sessions >= 1 (notice 0 so that only this rule breaks) */
    p = h_params(16, 12, 16, 3, 0, 0, 2, IPT_AREAS_ALL);
    BAD("termination_sessions 0", "termination_sessions", NULL, NULL);
    /* initial_last_session + termination_sessions < min_sessions */
    p = h_params(16, 12, 16, 3, 9, 2, 2, IPT_AREAS_ALL);
    BAD("no middle session", "initial_last_session", "termination_sessions",
        "min_sessions");
    p = h_params(16, 12, 16, 8, 4, 2, 2, IPT_AREAS_ALL);
    BAD("no middle session (long initial phase)", "initial_last_session",
        "termination_sessions", "min_sessions");
    p = h_params(16, 12, 16, UINT32_MAX, 4, 2, 2, IPT_AREAS_ALL);
    BAD("initial_last_session + termination_sessions overflows",
        "initial_last_session", "termination_sessions", "min_sessions");
    /* ending_notice_sessions <= termination_sessions */
    p = h_params(16, 12, 16, 3, 4, 5, 2, IPT_AREAS_ALL);
    BAD("ending notice above termination", "ending_notice_sessions",
        "termination_sessions", NULL);
    /* allowed_areas non-empty */
    p = h_params(16, 12, 16, 3, 4, 2, 1, 0);
    BAD("no allowed areas", "allowed_areas", NULL, NULL);
    /* allowed_areas only known areas */
    p = h_params(16, 12, 16, 3, 4, 2, 2, IPT_AREAS_ALL | UINT32_C(1));
    BAD("allowed area bit 0", "allowed_areas", NULL, NULL);
    p = h_params(16, 12, 16, 3, 4, 2, 2, IPT_AREAS_ALL | IPT_AREA_BIT(6));
    BAD("allowed area bit 6", "allowed_areas", NULL, NULL);
    p = h_params(16, 12, 16, 3, 4, 2, 2, UINT32_C(0x80000000));
    BAD("allowed area bit 31 only", "allowed_areas", NULL, NULL);
    /* 1 <= max_focal_areas */
    p = h_params(16, 12, 16, 3, 4, 2, 0, IPT_AREAS_ALL);
    BAD("max_focal_areas 0", "max_focal_areas", NULL, NULL);
    /* max_focal_areas <= number of allowed areas */
    p = h_params(16, 12, 16, 3, 4, 2, 3,
                 IPT_AREA_BIT(IPT_AREA_GRIEF) |
                     IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION));
    BAD("max_focal_areas above allowed", "max_focal_areas", "allowed_areas",
        NULL);
    p = h_params(16, 12, 16, 3, 4, 2, 5, IPT_AREAS_CORE);
    BAD("max_focal_areas 5 of 4", "max_focal_areas", "allowed_areas", NULL);
#undef BAD
    return n;
}

static void
test_check_each_rule(void **state)
{
    struct bad_case cases[32];
    size_t n = bad_cases(cases);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        char msg[256];
        int named = 0;
        enum ipt_status st;

        memset(msg, 'x', sizeof(msg));
        st = ipt_profile_check(&cases[i].params, msg, sizeof(msg));
        if (st != IPT_ERR_INVALID_PROFILE)
            fail_msg("%s: status %s, expected invalid_profile", cases[i].what,
                     ipt_status_name(st));
        assert_non_null(memchr(msg, '\0', sizeof(msg)));
        if (strlen(msg) == 0)
            fail_msg("%s: empty message", cases[i].what);
        for (size_t k = 0; k < 3; k++) {
            if (cases[i].fields[k] != NULL &&
                strstr(msg, cases[i].fields[k]) != NULL)
                named = 1;
        }
        if (!named)
            fail_msg("%s: message \"%s\" does not name %s", cases[i].what,
                     msg, cases[i].fields[0]);
        /* without a message buffer the answer is the same */
        assert_int_equal(ipt_profile_check(&cases[i].params, NULL, 0),
                         IPT_ERR_INVALID_PROFILE);
        /* and ipt_profile_new refuses it */
        {
            struct ipt_profile *prof = (struct ipt_profile *)(uintptr_t)0x1000;

            assert_int_equal(ipt_profile_new("bad", &cases[i].params, NULL,
                                             &prof),
                             IPT_ERR_INVALID_PROFILE);
            assert_ptr_equal(prof, (struct ipt_profile *)(uintptr_t)0x1000);
        }
    }
}

/* Boundaries that every rule allows. */
static void
test_check_valid_boundaries(void **state)
{
    struct ipt_profile_params good[8];
    size_t n = 0;

    (void)state;
    good[n++] = h_standard_params();
    /* every count at the maximum */
    good[n++] = h_params(IPT_PROFILE_MAX_SESSIONS, IPT_PROFILE_MAX_SESSIONS,
                         IPT_PROFILE_MAX_SESSIONS, 3, 4, 2, 2, IPT_AREAS_ALL);
    /* the smallest course with one middle session */
    good[n++] = h_params(3, 3, 3, 1, 1, 1, 1, H_BIT(IPT_AREA_GRIEF));
    /* initial + termination == min - 1 */
    good[n++] = h_params(16, 12, 16, 7, 4, 4, 4, IPT_AREAS_ALL);
    /* ending notice disabled */
    good[n++] = h_params(16, 12, 16, 3, 4, 0, 2, IPT_AREAS_ALL);
    /* max_focal equal to the number of allowed areas */
    good[n++] = h_params(12, 12, 20, 2, 3, 3, 2,
                         H_BIT(IPT_AREA_ROLE_DISPUTE) |
                             H_BIT(IPT_AREA_ROLE_TRANSITION));
    for (size_t i = 0; i < n; i++) {
        char msg[64];
        enum ipt_status st;

        memset(msg, 'x', sizeof(msg));
        st = ipt_profile_check(&good[i], msg, sizeof(msg));
        if (st != IPT_OK)
            fail_msg("valid params #%zu refused: %s", i, msg);
        assert_string_equal(msg, "");
    }
}

static void
test_check_message_truncation(void **state)
{
    struct ipt_profile_params p = h_params(16, 0, 16, 3, 4, 2, 2,
                                           IPT_AREAS_ALL);
    char full[256];
    char small[6];
    char none[4] = { 'a', 'b', 'c', 'd' };

    (void)state;
    assert_int_equal(ipt_profile_check(&p, full, sizeof(full)),
                     IPT_ERR_INVALID_PROFILE);
    assert_true(strlen(full) > 5);

    memset(small, 'x', sizeof(small));
    assert_int_equal(ipt_profile_check(&p, small, sizeof(small)),
                     IPT_ERR_INVALID_PROFILE);
    assert_int_equal(small[sizeof(small) - 1], '\0');
    assert_int_equal(strlen(small), sizeof(small) - 1);
    assert_memory_equal(small, full, sizeof(small) - 1);

    /* a size of 0 writes nothing */
    assert_int_equal(ipt_profile_check(&p, none, 0), IPT_ERR_INVALID_PROFILE);
    assert_memory_equal(none, "abcd", 4);

    /* a one-byte buffer receives only the terminator */
    none[0] = 'z';
    assert_int_equal(ipt_profile_check(&p, none, 1), IPT_ERR_INVALID_PROFILE);
    assert_int_equal(none[0], '\0');
    assert_memory_equal(none + 1, "bcd", 3);
}

static void
test_check_size(void **state)
{
    struct ipt_profile_params p = h_standard_params();
    struct params_v2 big;

    (void)state;
    assert_int_equal(ipt_profile_check(NULL, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);

    p.size = (uint32_t)sizeof(p) - 1;
    assert_int_equal(ipt_profile_check(&p, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    p.size = 4;
    assert_int_equal(ipt_profile_check(&p, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    p.size = 0;
    assert_int_equal(ipt_profile_check(&p, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);

    /* a newer, larger struct with a zero tail is accepted */
    memset(&big, 0, sizeof(big));
    big.p = h_standard_params();
    big.p.size = (uint32_t)sizeof(big);
    assert_int_equal(ipt_profile_check(&big.p, NULL, 0), IPT_OK);

    /* ... and rejected when the tail holds anything */
    for (size_t i = 0; i < COUNT(big.extra); i++) {
        memset(big.extra, 0, sizeof(big.extra));
        big.extra[i] = 1;
        assert_int_equal(ipt_profile_check(&big.p, NULL, 0),
                         IPT_ERR_UNSUPPORTED);
    }
    /* only the bytes the caller's size covers count */
    memset(big.extra, 0, sizeof(big.extra));
    big.extra[1] = 7;
    big.p.size = (uint32_t)(sizeof(struct ipt_profile_params) +
                            sizeof(uint32_t));
    assert_int_equal(ipt_profile_check(&big.p, NULL, 0), IPT_OK);

    /* the size check comes before the rules */
    big.p.min_sessions = 0;
    big.p.size = (uint32_t)sizeof(big);
    assert_int_equal(ipt_profile_check(&big.p, NULL, 0), IPT_ERR_UNSUPPORTED);
    big.p.size = (uint32_t)sizeof(struct ipt_profile_params) - 1;
    assert_int_equal(ipt_profile_check(&big.p, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);
}

/* ---- ipt_profile_new --------------------------------------------------- */

static void
test_new_names(void **state)
{
    char long63[64];
    char long64[65];
    const struct ipt_profile_params params = h_standard_params();
    static const char *const bad[] = {
        "", "Standard", "MY", "has space", " lead", "trail ", "dash-name",
        "dot.name", "caf\xc3\xa9", "tab\t", "new\nline", "a/b",
    };
    static const char *const good[] = {
        "a", "0", "_", "my_profile_2", "brief12", "ipt_a_16_sessions",
    };
    struct ipt_profile *const sentinel =
        (struct ipt_profile *)(uintptr_t)0x1000;

    (void)state;
    memset(long63, 'a', 63);
    long63[63] = '\0';
    memset(long64, 'b', 64);
    long64[64] = '\0';

    for (size_t i = 0; i < COUNT(bad); i++) {
        struct ipt_profile *p = sentinel;

        if (ipt_profile_new(bad[i], &params, NULL, &p) !=
            IPT_ERR_INVALID_ARGUMENT)
            fail_msg("name \"%s\" was not refused", bad[i]);
        assert_ptr_equal(p, sentinel);
    }
    {
        struct ipt_profile *p = sentinel;

        assert_int_equal(ipt_profile_new(long64, &params, NULL, &p),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_ptr_equal(p, sentinel);
        assert_int_equal(ipt_profile_new(NULL, &params, NULL, &p),
                         IPT_ERR_INVALID_ARGUMENT);
        assert_ptr_equal(p, sentinel);
    }

    for (size_t i = 0; i < COUNT(good) + 1; i++) {
        const char *name = i < COUNT(good) ? good[i] : long63;
        struct ipt_profile *p = NULL;
        struct ipt_profile_params got;
        char copy[64];

        /* the name is copied */
        strcpy(copy, name);
        if (ipt_profile_new(copy, &params, NULL, &p) != IPT_OK)
            fail_msg("name \"%s\" was refused", name);
        assert_non_null(p);
        memset(copy, 'q', strlen(copy));
        assert_string_equal(ipt_profile_name(p), name);
        memset(&got, 0, sizeof(got));
        got.size = (uint32_t)sizeof(got);
        assert_int_equal(ipt_profile_get_params(p, &got), IPT_OK);
        assert_params_equal(&got, &params);
        ipt_profile_free(p);
    }
}

static void
test_new_arguments(void **state)
{
    struct ipt_profile_params params = h_standard_params();
    struct ipt_profile *const sentinel =
        (struct ipt_profile *)(uintptr_t)0x1000;
    struct ipt_profile *p = sentinel;
    struct params_v2 big;

    (void)state;
    assert_int_equal(ipt_profile_new("x", NULL, NULL, &p),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(p, sentinel);
    assert_int_equal(ipt_profile_new("x", &params, NULL, NULL),
                     IPT_ERR_INVALID_ARGUMENT);

    params.size = (uint32_t)sizeof(params) - 1;
    assert_int_equal(ipt_profile_new("x", &params, NULL, &p),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(p, sentinel);

    memset(&big, 0, sizeof(big));
    big.p = h_standard_params();
    big.p.size = (uint32_t)sizeof(big);
    big.extra[3] = 0xFFu;
    assert_int_equal(ipt_profile_new("x", &big.p, NULL, &p),
                     IPT_ERR_UNSUPPORTED);
    assert_ptr_equal(p, sentinel);

    /* a larger struct with a zero tail is accepted and copied */
    big.extra[3] = 0;
    big.p.planned_sessions = 14;
    assert_int_equal(ipt_profile_new("x", &big.p, NULL, &p), IPT_OK);
    assert_true(p != sentinel && p != NULL);
    {
        struct ipt_profile_params got;

        memset(&got, 0, sizeof(got));
        got.size = (uint32_t)sizeof(got);
        assert_int_equal(ipt_profile_get_params(p, &got), IPT_OK);
        assert_int_equal(got.size, sizeof(got));
        assert_int_equal(got.planned_sessions, 14);
    }
    ipt_profile_free(p);
}

/* The parameters are copied: changing the caller's struct afterwards does
 * not change the profile. */
static void
test_new_copies_params(void **state)
{
    struct ipt_profile_params params = h_params(12, 12, 20, 2, 3, 1, 1,
                                                H_BIT(IPT_AREA_GRIEF));
    struct ipt_profile_params expect = params;
    struct ipt_profile_params got;
    struct ipt_profile *p = NULL;

    (void)state;
    assert_int_equal(ipt_profile_new("copy", &params, NULL, &p), IPT_OK);
    params.planned_sessions = 99;
    params.allowed_areas = 0;
    memset(&got, 0, sizeof(got));
    got.size = (uint32_t)sizeof(got);
    assert_int_equal(ipt_profile_get_params(p, &got), IPT_OK);
    assert_params_equal(&got, &expect);
    ipt_profile_free(p);
}

/* ---- ipt_profile_get_params -------------------------------------------- */

static void
test_get_params_sizes(void **state)
{
    const struct ipt_profile *std = h_standard();
    struct ipt_profile_params small;
    struct params_v2 big;

    (void)state;
    /* smaller than the first version: refused, nothing written */
    memset(&small, 0xAB, sizeof(small));
    small.size = (uint32_t)sizeof(small) - 1;
    assert_int_equal(ipt_profile_get_params(std, &small),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(small.size, sizeof(small) - 1);
    assert_int_equal(small.planned_sessions, 0xABABABABu);
    small.size = 0;
    assert_int_equal(ipt_profile_get_params(std, &small),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(small.planned_sessions, 0xABABABABu);

    /* larger: the known fields are copied and size stays as the caller
     * set it */
    memset(&big, 0, sizeof(big));
    big.p.size = (uint32_t)sizeof(big);
    assert_int_equal(ipt_profile_get_params(std, &big.p), IPT_OK);
    assert_int_equal(big.p.size, sizeof(big));
    {
        struct ipt_profile_params expect = h_standard_params();

        assert_params_equal(&big.p, &expect);
    }

    /* exact size */
    memset(&small, 0, sizeof(small));
    small.size = (uint32_t)sizeof(small);
    assert_int_equal(ipt_profile_get_params(std, &small), IPT_OK);
    assert_int_equal(small.size, sizeof(small));
    assert_int_equal(small.planned_sessions, 16);
}

static void
test_null_arguments(void **state)
{
    struct ipt_profile_params params;

    (void)state;
    memset(&params, 0, sizeof(params));
    params.size = (uint32_t)sizeof(params);
    assert_int_equal(ipt_profile_get_params(NULL, &params),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(params.planned_sessions, 0);
    assert_int_equal(ipt_profile_get_params(h_standard(), NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_null(ipt_profile_name(NULL));
    ipt_profile_free(NULL); /* does nothing */
}

/* Custom allocator struct with a missing function is refused. */
static void *
plain_alloc(size_t size, void *user_data)
{
    (void)user_data;
    return malloc(size);
}

static void
plain_free(void *ptr, void *user_data)
{
    (void)user_data;
    free(ptr);
}

static void
test_new_allocator(void **state)
{
    const struct ipt_profile_params params = h_standard_params();
    struct ipt_allocator a = { plain_alloc, plain_free, NULL };
    struct ipt_allocator no_alloc = { NULL, plain_free, NULL };
    struct ipt_allocator no_free = { plain_alloc, NULL, NULL };
    struct ipt_profile *const sentinel =
        (struct ipt_profile *)(uintptr_t)0x1000;
    struct ipt_profile *p = sentinel;

    (void)state;
    assert_int_equal(ipt_profile_new("x", &params, &no_alloc, &p),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(p, sentinel);
    assert_int_equal(ipt_profile_new("x", &params, &no_free, &p),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(p, sentinel);
    assert_int_equal(ipt_profile_new("x", &params, &a, &p), IPT_OK);
    assert_string_equal(ipt_profile_name(p), "x");
    ipt_profile_free(p);
}

/* A course copies its profile: the profile may be freed first. */
static void
test_course_outlives_profile(void **state)
{
    struct ipt_profile_params params = h_params(14, 12, 18, 2, 3, 2, 1,
                                                IPT_AREAS_ALL);
    struct ipt_profile *p = NULL;
    struct ipt_course *c = NULL;
    const struct ipt_profile *copy = NULL;
    struct ipt_profile_params got;

    (void)state;
    assert_int_equal(ipt_profile_new("brief", &params, NULL, &p), IPT_OK);
    assert_int_equal(ipt_course_new(p, NULL, &c), IPT_OK);
    ipt_profile_free(p);
    assert_int_equal(ipt_course_get_profile(c, &copy), IPT_OK);
    assert_non_null(copy);
    assert_string_equal(ipt_profile_name(copy), "brief");
    memset(&got, 0, sizeof(got));
    got.size = (uint32_t)sizeof(got);
    assert_int_equal(ipt_profile_get_params(copy, &got), IPT_OK);
    assert_params_equal(&got, &params);
    assert_int_equal(h_planned(c), 14);
    ipt_course_free(c);
}

/* Freeing a built-in profile or a course's copy does nothing. */
static void
test_free_not_owned(void **state)
{
    const struct ipt_profile *std = h_standard();
    struct ipt_course *c = h_new_standard();
    const struct ipt_profile *copy = NULL;
    struct ipt_profile_params params;

    (void)state;
    ipt_profile_free((struct ipt_profile *)(uintptr_t)std);
    assert_string_equal(ipt_profile_name(std), "standard");
    assert_ptr_equal(h_standard(), std);

    assert_int_equal(ipt_course_get_profile(c, &copy), IPT_OK);
    ipt_profile_free((struct ipt_profile *)(uintptr_t)copy);
    assert_string_equal(ipt_profile_name(copy), "standard");
    memset(&params, 0, sizeof(params));
    params.size = (uint32_t)sizeof(params);
    assert_int_equal(ipt_profile_get_params(copy, &params), IPT_OK);
    assert_int_equal(params.planned_sessions, 16);
    h_drive(c, IPT_STATE_MAINTENANCE);
    ipt_course_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standard_parameters),
        cmocka_unit_test(test_builtin_unknown),
        cmocka_unit_test(test_builtin_listing),
        cmocka_unit_test(test_check_each_rule),
        cmocka_unit_test(test_check_valid_boundaries),
        cmocka_unit_test(test_check_message_truncation),
        cmocka_unit_test(test_check_size),
        cmocka_unit_test(test_new_names),
        cmocka_unit_test(test_new_arguments),
        cmocka_unit_test(test_new_copies_params),
        cmocka_unit_test(test_get_params_sizes),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_new_allocator),
        cmocka_unit_test(test_course_outlives_profile),
        cmocka_unit_test(test_free_not_owned),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
