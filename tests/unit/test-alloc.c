/* SPDX-License-Identifier: MIT */
/*
 * Caller-supplied allocators: every allocation goes through the object's
 * allocator, a failed allocation returns IPT_ERR_NO_MEMORY and leaks
 * nothing, and applying events never allocates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

#define MAX_LIVE 64

/* A malloc-backed allocator that counts calls, tracks the blocks it handed
 * out, and can fail one chosen allocation. */
struct counter {
    unsigned allocs;    /* alloc calls, including failed ones */
    unsigned frees;     /* free calls */
    long fail_at;       /* fail the alloc call with this index; -1: never */
    unsigned armed_calls; /* alloc calls since fail_at was set */
    unsigned failures;  /* allocations refused */
    bool zero_size;     /* alloc was called with size 0 */
    bool bad_free;      /* free of a block this allocator did not hand out */
    void *live[MAX_LIVE];
    unsigned live_count;
};

static void *
counting_alloc(size_t size, void *user_data)
{
    struct counter *k = user_data;
    void *p;

    k->allocs++;
    if (size == 0)
        k->zero_size = true;
    if (k->fail_at >= 0 && (long)k->armed_calls++ == k->fail_at) {
        k->failures++;
        return NULL;
    }
    if (k->live_count == MAX_LIVE)
        return NULL;
    p = malloc(size);
    if (p != NULL)
        k->live[k->live_count++] = p;
    return p;
}

static void
counting_free(void *ptr, void *user_data)
{
    struct counter *k = user_data;

    k->frees++;
    for (unsigned i = 0; i < k->live_count; i++) {
        if (k->live[i] == ptr) {
            k->live[i] = k->live[--k->live_count];
            free(ptr);
            return;
        }
    }
    k->bad_free = true; /* includes NULL */
}

static void
counter_init(struct counter *k, struct ipt_allocator *a)
{
    memset(k, 0, sizeof(*k));
    k->fail_at = -1;
    a->alloc = counting_alloc;
    a->free = counting_free;
    a->user_data = k;
}

static void
counter_arm(struct counter *k, long fail_at)
{
    k->fail_at = fail_at;
    k->armed_calls = 0;
}

static void
counter_check(const struct counter *k)
{
    assert_false(k->zero_size);
    assert_false(k->bad_free);
}

/* ---- out-of-memory loops ----------------------------------------------- */

static void
test_profile_new_no_memory(void **state)
{
    struct counter k;
    struct ipt_allocator a;
    const struct ipt_profile_params params = h_standard_params();
    struct ipt_profile *const sentinel =
        (struct ipt_profile *)(uintptr_t)0x1000;
    struct ipt_profile *p = sentinel;
    long fail_at;
    enum ipt_status st = IPT_ERR_NO_MEMORY;

    (void)state;
    counter_init(&k, &a);
    for (fail_at = 0; fail_at < 100; fail_at++) {
        unsigned live = k.live_count;

        counter_arm(&k, fail_at);
        p = sentinel;
        st = ipt_profile_new("oom", &params, &a, &p);
        if (st != IPT_ERR_NO_MEMORY)
            break;
        assert_ptr_equal(p, sentinel);
        assert_int_equal(k.live_count, live);
    }
    assert_int_equal(st, IPT_OK);
    assert_true(fail_at >= 1); /* the profile came from the allocator */
    assert_true(p != sentinel && p != NULL);
    assert_string_equal(ipt_profile_name(p), "oom");
    assert_true(k.live_count >= 1);
    counter_arm(&k, -1);
    ipt_profile_free(p);
    assert_int_equal(k.live_count, 0);
    counter_check(&k);
}

static void
test_course_new_no_memory(void **state)
{
    struct counter k;
    struct ipt_allocator a;
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    long fail_at;
    enum ipt_status st = IPT_ERR_NO_MEMORY;

    (void)state;
    counter_init(&k, &a);
    for (fail_at = 0; fail_at < 100; fail_at++) {
        counter_arm(&k, fail_at);
        c = sentinel;
        st = ipt_course_new(h_standard(), &a, &c);
        if (st != IPT_ERR_NO_MEMORY)
            break;
        assert_ptr_equal(c, sentinel);
        assert_int_equal(k.live_count, 0);
    }
    assert_int_equal(st, IPT_OK);
    assert_true(fail_at >= 1);
    assert_true(c != sentinel && c != NULL);
    counter_arm(&k, -1);
    /* the new course works */
    h_drive(c, IPT_STATE_COMPLETED);
    ipt_course_free(c);
    assert_int_equal(k.live_count, 0);
    counter_check(&k);
}

static void
test_reserve_log_no_memory(void **state)
{
    struct counter k;
    struct ipt_allocator a;
    struct ipt_course *c = NULL;
    uint32_t cap;
    long fail_at;
    enum ipt_status st = IPT_ERR_NO_MEMORY;
    int stage = IPT_DISPUTE_RENEGOTIATION;

    (void)state;
    counter_init(&k, &a);
    assert_int_equal(ipt_course_new(h_standard(), &a, &c), IPT_OK);
    h_to_initial(c, 0);
    cap = h_log_capacity(c);
    for (fail_at = 0; fail_at < 100; fail_at++) {
        unsigned live = k.live_count;
        struct h_snapshot before = h_snapshot_take(c);
        struct h_snapshot after;
        struct ipt_log_entry first_before, first_after;

        assert_int_equal(ipt_course_log_get(c, 0, &first_before), IPT_OK);
        counter_arm(&k, fail_at);
        st = ipt_course_reserve_log(c, cap * 4);
        if (st != IPT_ERR_NO_MEMORY)
            break;
        counter_arm(&k, -1);
        assert_int_equal(k.live_count, live);
        /* the course is unchanged ... */
        after = h_snapshot_take(c);
        h_snapshot_assert_equal(&before, &after);
        assert_int_equal(h_log_capacity(c), cap);
        assert_int_equal(ipt_course_log_get(c, 0, &first_after), IPT_OK);
        h_assert_entry_equal(&first_before, &first_after);
        /* ... and still usable */
        h_stage(c, stage);
        stage = stage == IPT_DISPUTE_RENEGOTIATION ? IPT_DISPUTE_IMPASSE
                                                   : IPT_DISPUTE_RENEGOTIATION;
        assert_int_equal(k.live_count, live);
    }
    assert_int_equal(st, IPT_OK);
    assert_true(fail_at >= 1); /* growing the log allocated */
    counter_arm(&k, -1);
    assert_true(h_log_capacity(c) >= cap * 4);
    /* the grown log holds every entry and takes more */
    {
        uint32_t n = h_log_count(c);

        while (h_log_count(c) < cap + 8) {
            h_stage(c, stage);
            stage = stage == IPT_DISPUTE_RENEGOTIATION
                        ? IPT_DISPUTE_IMPASSE
                        : IPT_DISPUTE_RENEGOTIATION;
        }
        assert_true(h_log_count(c) > n);
    }
    ipt_course_free(c);
    assert_int_equal(k.live_count, 0);
    counter_check(&k);
}

/* ---- which allocator is used ------------------------------------------- */

/* Applying, checking and reading a course never calls the allocator. */
static void
test_events_never_allocate(void **state)
{
    struct counter k;
    struct ipt_allocator a;
    struct ipt_course *c = NULL;
    unsigned allocs, frees;

    (void)state;
    counter_init(&k, &a);
    assert_int_equal(ipt_course_new(h_standard(), &a, &c), IPT_OK);
    allocs = k.allocs;
    frees = k.frees;

    h_drive(c, IPT_STATE_COMPLETED);
    /* refusals too */
    assert_int_equal(h_try(c, IPT_EVENT_HOLD_SESSION, 0, 0),
                     IPT_ERR_EVENT_NOT_ALLOWED);
    {
        struct ipt_event e = h_event(IPT_EVENT_ENTER_MAINTENANCE, 0, 0,
                                     INT64_C(1) << 50);
        char msg[128];
        enum ipt_rule rule;

        assert_int_equal(ipt_course_check(c, &e, &rule, msg, sizeof(msg)),
                         IPT_OK);
        e.reserved = 1;
        assert_int_equal(ipt_course_apply(c, &e), IPT_ERR_INVALID_ARGUMENT);
    }
    h_maintenance(c);
    (void)h_snapshot_take(c);
    (void)ipt_course_last_error(c);
    assert_int_equal(k.allocs, allocs);
    assert_int_equal(k.frees, frees);

    /* a capacity at or below the current one does nothing */
    assert_int_equal(ipt_course_reserve_log(c, h_log_capacity(c)), IPT_OK);
    assert_int_equal(k.allocs, allocs);

    /* ... but clears the last error, as every successful call does */
    assert_int_equal(ipt_course_reserve_log(c, UINT32_MAX),
                     IPT_ERR_OUT_OF_RANGE);
    assert_string_not_equal(ipt_course_last_error(c), "");
    assert_int_equal(ipt_course_reserve_log(c, 1), IPT_OK);
    assert_string_equal(ipt_course_last_error(c), "");

    ipt_course_free(c);
    assert_int_equal(k.live_count, 0);
    counter_check(&k);
}

/* A course uses its own allocator, not its profile's, and a profile frees
 * through the allocator it was made with. */
static void
test_separate_allocators(void **state)
{
    struct counter kp, kc;
    struct ipt_allocator ap, ac;
    const struct ipt_profile_params params = h_standard_params();
    struct ipt_profile *p = NULL;
    struct ipt_course *c1 = NULL, *c2 = NULL;
    unsigned profile_allocs;

    (void)state;
    counter_init(&kp, &ap);
    counter_init(&kc, &ac);
    assert_int_equal(ipt_profile_new("mine", &params, &ap, &p), IPT_OK);
    profile_allocs = kp.allocs;
    assert_true(kp.live_count >= 1);

    assert_int_equal(ipt_course_new(p, &ac, &c1), IPT_OK);
    assert_int_equal(ipt_course_new(p, NULL, &c2), IPT_OK);
    assert_int_equal(kp.allocs, profile_allocs);
    assert_true(kc.live_count >= 1);

    ipt_profile_free(p);
    assert_int_equal(kp.live_count, 0);
    h_drive(c1, IPT_STATE_MIDDLE);
    h_drive(c2, IPT_STATE_MIDDLE);
    assert_int_equal(ipt_course_reserve_log(c1, 500), IPT_OK);
    assert_int_equal(ipt_course_reserve_log(c2, 500), IPT_OK);
    assert_int_equal(kp.allocs, profile_allocs);
    ipt_course_free(c2);
    ipt_course_free(c1);
    assert_int_equal(kc.live_count, 0);
    assert_int_equal(kp.frees, kp.allocs);
    counter_check(&kp);
    counter_check(&kc);
}

/* The allocator struct is copied: it need not outlive the call. */
static void
test_allocator_copied(void **state)
{
    struct counter k;
    struct ipt_allocator a;
    struct ipt_course *c = NULL;
    struct ipt_profile *p = NULL;
    const struct ipt_profile_params params = h_standard_params();

    (void)state;
    counter_init(&k, &a);
    assert_int_equal(ipt_course_new(h_standard(), &a, &c), IPT_OK);
    assert_int_equal(ipt_profile_new("copied", &params, &a, &p), IPT_OK);
    memset(&a, 0, sizeof(a));
    assert_int_equal(ipt_course_reserve_log(c, 300), IPT_OK);
    ipt_course_free(c);
    ipt_profile_free(p);
    assert_int_equal(k.live_count, 0);
    counter_check(&k);
}

static void
test_incomplete_allocator(void **state)
{
    struct counter k;
    struct ipt_allocator a, no_alloc, no_free, neither;
    const struct ipt_profile_params params = h_standard_params();
    struct ipt_profile *const psentinel =
        (struct ipt_profile *)(uintptr_t)0x1000;
    struct ipt_course *const csentinel =
        (struct ipt_course *)(uintptr_t)0x2000;
    struct ipt_profile *p = psentinel;
    struct ipt_course *c = csentinel;

    (void)state;
    counter_init(&k, &a);
    no_alloc = a;
    no_alloc.alloc = NULL;
    no_free = a;
    no_free.free = NULL;
    memset(&neither, 0, sizeof(neither));

    assert_int_equal(ipt_profile_new("x", &params, &no_alloc, &p),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_profile_new("x", &params, &no_free, &p),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_profile_new("x", &params, &neither, &p),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(p, psentinel);
    assert_int_equal(ipt_course_new(h_standard(), &no_alloc, &c),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_new(h_standard(), &no_free, &c),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_new(h_standard(), &neither, &c),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(c, csentinel);
    /* nothing was allocated through the complete half */
    assert_int_equal(k.allocs, 0);
    assert_int_equal(k.frees, 0);
}

/* NULL selects malloc/free: no allocator of ours is involved. */
static void
test_default_allocator(void **state)
{
    const struct ipt_profile_params params = h_standard_params();
    struct ipt_profile *p = NULL;
    struct ipt_course *c = NULL;

    (void)state;
    assert_int_equal(ipt_profile_new("dflt", &params, NULL, &p), IPT_OK);
    assert_int_equal(ipt_course_new(p, NULL, &c), IPT_OK);
    assert_int_equal(ipt_course_reserve_log(c, 1000), IPT_OK);
    h_drive(c, IPT_STATE_REFERRED);
    ipt_course_free(c);
    ipt_profile_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile_new_no_memory),
        cmocka_unit_test(test_course_new_no_memory),
        cmocka_unit_test(test_reserve_log_no_memory),
        cmocka_unit_test(test_events_never_allocate),
        cmocka_unit_test(test_separate_allocators),
        cmocka_unit_test(test_allocator_copied),
        cmocka_unit_test(test_incomplete_allocator),
        cmocka_unit_test(test_default_allocator),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
