/* SPDX-License-Identifier: MIT */
/*
 * The simulation's protocol driver and batched path, white box: what they
 * report when the course machine refuses an event.  For every valid
 * profile the machine accepts what the driver applies (test-sim.c,
 * test_profiles_accept_driver); here courses in states the engine never
 * makes, and a clock whose profile does not allow the drawn areas, check
 * that a refusal becomes IPT_ERR_HISTORY with the machine's reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "sim-internal.h"

#include "../unit/helpers.h"

#define MSG 512

static void
assert_contains(const char *text, const char *part)
{
    if (strstr(text, part) == NULL)
        fail_msg("\"%s\" does not contain \"%s\"", text, part);
}

/* A course of a standard profile without grief. */
static struct ipt_course *
no_grief_course(void)
{
    const struct ipt_profile_params pp =
        h_params(16, 12, 16, 3, 4, 2, 1,
                 IPT_AREAS_CORE & ~H_BIT(IPT_AREA_GRIEF));
    struct ipt_profile *p = NULL;
    struct ipt_course *c = NULL;

    assert_int_equal(ipt_profile_new("no_grief", &pp, NULL, &p), IPT_OK);
    assert_int_equal(ipt_course_new(p, NULL, &c), IPT_OK);
    ipt_profile_free(p);
    return c;
}

static void
test_start_refused(void **state)
{
    struct ipt_course *c = h_new_standard();
    char msg[MSG];

    (void)state;
    h_start(c);
    assert_int_equal(ipt__sim_protocol_start(c, msg, sizeof(msg)),
                     IPT_ERR_HISTORY);
    assert_contains(msg, "the course machine refused 'start' after session "
                         "0 under profile 'standard' (event_not_allowed): "
                         "event 'start' is not allowed when the course is "
                         "'initial'");
    ipt_course_free(c);
}

static void
test_dropout_refused(void **state)
{
    struct ipt_course *c = h_new_standard();
    char msg[MSG];

    (void)state;
    assert_int_equal(ipt__sim_protocol_check_dropout(c, msg, sizeof(msg)),
                     IPT_OK);
    h_drive(c, IPT_STATE_DISCONTINUED);
    assert_int_equal(ipt__sim_protocol_check_dropout(c, msg, sizeof(msg)),
                     IPT_ERR_HISTORY);
    assert_contains(msg, "the course machine would refuse 'discontinue' "
                         "before session 2 (event_not_allowed): event "
                         "'discontinue' is not allowed when the course is "
                         "'discontinued'");
    ipt_course_free(c);
}

static void
test_hold_refused(void **state)
{
    struct ipt_course *c = h_new_standard();
    char msg[MSG];

    (void)state;
    assert_int_equal(ipt__sim_protocol_hold(c, IPT_AREA_ROLE_DISPUTE, 0, msg,
                                            sizeof(msg)),
                     IPT_ERR_HISTORY);
    assert_contains(msg, "refused 'hold_session' after session 0");
    assert_contains(msg, "not allowed when the course is 'not_started'");
    assert_int_equal(h_log_count(c), 0);
    ipt_course_free(c);
}

/* A task of the initial phase already done (a state the engine never
 * makes): the driver stops at it and names it. */
static void
test_initial_task_refused(void **state)
{
    struct ipt_course *c = h_new_standard();
    char msg[MSG];

    (void)state;
    assert_int_equal(ipt__sim_protocol_start(c, msg, sizeof(msg)), IPT_OK);
    c->tasks_done |= IPT_TASK_BIT(IPT_TASK_PSYCHOEDUCATION);
    assert_int_equal(ipt__sim_protocol_hold(c, IPT_AREA_ROLE_DISPUTE, 0, msg,
                                            sizeof(msg)),
                     IPT_ERR_HISTORY);
    assert_contains(msg, "refused 'complete_task' after session 1");
    assert_contains(msg, "already done");
    /* It stopped there: no focus was chosen. */
    assert_int_equal(h_focus_mask(c), 0);
    ipt_course_free(c);
}

/* Another area of a block that the profile does not allow is refused
 * before the patient's own focus is chosen. */
static void
test_block_area_refused(void **state)
{
    struct ipt_course *c = no_grief_course();
    char msg[MSG];

    (void)state;
    assert_int_equal(ipt__sim_protocol_start(c, msg, sizeof(msg)), IPT_OK);
    assert_int_equal(ipt__sim_protocol_hold(c, IPT_AREA_ROLE_DISPUTE,
                                            H_BIT(IPT_AREA_ROLE_DISPUTE) |
                                                H_BIT(IPT_AREA_GRIEF),
                                            msg, sizeof(msg)),
                     IPT_ERR_HISTORY);
    assert_contains(msg, "refused 'choose_focus' after session 1 under "
                         "profile 'no_grief'");
    assert_contains(msg, "grief");
    assert_int_equal(h_focus_mask(c), 0);
    ipt_course_free(c);
}

/* The batched path with a clock that refuses the drawn areas: the error
 * reaches the caller, whichever block it comes from. */
static void
test_batch_refused(void **state)
{
    struct ipt__sim_cohort m;
    struct ipt_course *clock = no_grief_course();
    struct ipt__sim_block *block = malloc(ipt__sim_block_size());
    struct ipt_sim_patient_result *results =
        calloc(2 * IPT__SIM_BLOCK, sizeof(*results));
    size_t npoints = 99;
    char msg[MSG];

    (void)state;
    assert_non_null(block);
    assert_non_null(results);
    memset(&m, 0, sizeof(m));
    /* Nobody drops out; every patient draws grief. */
    for (int k = 0; k < 3; k++) {
        m.area_bounds[k] = 1.0;
        m.area_threshold[k] = UINT64_C(1) << 32;
    }
    for (int a = 0; a < 4; a++)
        m.base_rate[a] = 0.05;
    assert_int_equal(ipt__sim_batch(&m, 1, block, clock, 0,
                                    2 * IPT__SIM_BLOCK, results, NULL, 16,
                                    &npoints, msg, sizeof(msg)),
                     IPT_ERR_HISTORY);
    assert_contains(msg, "'choose_focus'");
    assert_contains(msg, "no_grief");
    assert_int_equal(npoints, 99);

    /* Grief only from the second block on: the first block passes. */
    for (int k = 0; k < 3; k++) {
        m.area_bounds[k] = 0.0;
        m.area_threshold[k] = 0;
    }
    assert_int_equal(ipt__sim_batch(&m, 1, block, clock, 0, IPT__SIM_BLOCK,
                                    results, NULL, 16, &npoints, msg,
                                    sizeof(msg)),
                     IPT_OK);
    assert_int_equal(npoints, 0);
    assert_int_equal(results[0].area, IPT_AREA_INTERPERSONAL_DEFICITS);
    free(results);
    free(block);
    ipt_course_free(clock);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_refused),
        cmocka_unit_test(test_dropout_refused),
        cmocka_unit_test(test_hold_refused),
        cmocka_unit_test(test_initial_task_refused),
        cmocka_unit_test(test_block_area_refused),
        cmocka_unit_test(test_batch_refused),
    };

    return cmocka_run_group_tests_name("sim-driver", tests, NULL, NULL);
}
