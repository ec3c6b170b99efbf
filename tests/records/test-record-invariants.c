/* SPDX-License-Identifier: MIT */
/*
 * White-box tests of the bounds of the session records (lib/record.c).  A
 * course's records array has room for its profile's max_sessions, and no
 * sequence of events holds more sessions than that: contracts stay within
 * the maximum (rule contract_limits) and sessions within the contract
 * (rule sessions_remain).  The tests show this through the public API,
 * then break it on purpose in the course object (lib/internal.h): a
 * record for a session past the array is refused, never written out of
 * bounds, and the records already there are kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <ipt/ipt.h>

#include "internal.h"

#include "helpers.h"

#define TECH_BIT(t) (UINT32_C(1) << (t))

/* Through the public API: a course renegotiated to its profile's maximum
 * holds exactly max_sessions sessions, the last one gets a record, and the
 * maximum is where contracts stop. */
static void
test_records_reach_the_maximum(void **state)
{
    const struct ipt_profile_params p = h_standard_params();
    struct ipt_course *c = h_new_course(NULL);
    struct ipt_session_info info;

    (void)state;
    assert_int_equal(h_try(c, IPT_EVENT_RENEGOTIATE_CONTRACT,
                           (int32_t)p.max_sessions + 1, 0),
                     IPT_ERR_GUARD_FAILED);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_CONTRACT_LIMITS);
    h_renegotiate(c, p.max_sessions - 1);
    h_renegotiate(c, p.max_sessions);
    h_drive(c, IPT_STATE_COMPLETED);
    assert_int_equal(h_held(c), p.max_sessions);
    assert_int_equal(ipt_course_record_techniques(
                         c, p.max_sessions,
                         TECH_BIT(IPT_TECHNIQUE_ROLE_PLAY)), IPT_OK);
    assert_int_equal(c->records_capacity, p.max_sessions);
    memset(&info, 0, sizeof(info));
    info.size = (uint32_t)sizeof(info);
    assert_int_equal(ipt_course_get_session(c, p.max_sessions, &info),
                     IPT_OK);
    assert_int_equal(info.techniques, TECH_BIT(IPT_TECHNIQUE_ROLE_PLAY));
    ipt_course_free(c);
}

/* A course that claims one session more than its records array holds: the
 * record is refused whether or not the array exists yet, and session 1's
 * record is kept. */
static void
test_record_past_the_array_refused(void **state)
{
    const struct ipt_profile_params p = h_standard_params();

    (void)state;
    for (int allocated = 0; allocated < 2; allocated++) {
        struct ipt_course *c = h_new_course(NULL);
        struct ipt_session_info info;
        uint32_t past = p.max_sessions + 1;
        char want[128];

        h_drive(c, IPT_STATE_MIDDLE);
        if (allocated)
            assert_int_equal(ipt_course_record_areas(
                                 c, 1, H_BIT(IPT_AREA_ROLE_DISPUTE)),
                             IPT_OK);
        c->held = past;

        assert_int_equal(ipt_course_record_techniques(
                             c, past, TECH_BIT(IPT_TECHNIQUE_ROLE_PLAY)),
                         IPT_ERR_NOT_AVAILABLE);
        assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
        (void)snprintf(want, sizeof(want),
                       "session %u has no room for a record", past);
        assert_string_equal(ipt_course_last_error(c), want);
        assert_int_equal(c->records_capacity, p.max_sessions);

        /* the session reads as held without a record */
        memset(&info, 0, sizeof(info));
        info.size = (uint32_t)sizeof(info);
        assert_int_equal(ipt_course_get_session(c, past, &info), IPT_OK);
        assert_int_equal(info.techniques, 0);
        /* and session 1 keeps its record */
        assert_int_equal(ipt_course_get_session(c, 1, &info), IPT_OK);
        assert_int_equal(info.areas,
                         allocated ? H_BIT(IPT_AREA_ROLE_DISPUTE) : 0);
        ipt_course_free(c);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_reach_the_maximum),
        cmocka_unit_test(test_record_past_the_array_refused),
    };

    return cmocka_run_group_tests_name("record-invariants", tests, NULL,
                                       NULL);
}
