/* SPDX-License-Identifier: MIT */
/*
 * White-box tests of the course machine's safety nets.  Some refusals can
 * only happen to a course whose counts break the machine's own invariants,
 * which no sequence of events produces: these tests first show, through
 * the public API, that the invariant holds along every path they take,
 * then break it on purpose in the course object (lib/internal.h) and check
 * that the net catches the event and changes nothing.
 *
 * Rule sessions_remain (docs/protocol.md): profiles require
 * initial_last_session + termination_sessions < min_sessions and
 * termination_sessions >= 1, and the automatic transitions move a course
 * to termination and then to completed, so every state that accepts
 * hold_session still has a planned session left.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <ipt/ipt.h>

#include "internal.h"

#include "helpers.h"

/* hold_session is accepted in these states only. */
static bool
holds_sessions(enum ipt_state s)
{
    return s == IPT_STATE_INITIAL || s == IPT_STATE_MIDDLE ||
           s == IPT_STATE_TERMINATION;
}

/* Through the public API: along a course that holds every session of its
 * contract, and along one whose contract is renegotiated down to the
 * minimum, a planned session remains whenever the course is in a state
 * that accepts hold_session. */
static void
test_sessions_remain_invariant(void **state)
{
    const struct ipt_profile_params p = h_standard_params();

    (void)state;
    for (int variant = 0; variant < 2; variant++) {
        struct ipt_course *c = h_new_standard();
        uint32_t done = 0;
        uint32_t remaining = 0;

        h_drive(c, IPT_STATE_INITIAL);
        if (variant == 1)
            h_renegotiate(c, p.min_sessions);
        while (holds_sessions(h_state(c))) {
            assert_int_equal(ipt_course_get_sessions(c, NULL, NULL,
                                                     &remaining), IPT_OK);
            assert_true(remaining >= 1);
            assert_int_equal(ipt_course_get_tasks(c, &done, NULL), IPT_OK);
            if (h_state(c) == IPT_STATE_INITIAL &&
                h_held(c) == p.initial_last_session)
                h_advance(c);
            else if (h_state(c) == IPT_STATE_TERMINATION &&
                     (done & IPT_TASK_BIT(IPT_TASK_DISCUSS_ENDING)) == 0)
                h_task(c, IPT_TASK_DISCUSS_ENDING);
            else
                h_hold(c);
        }
        assert_int_equal(h_state(c), IPT_STATE_COMPLETED);
        assert_int_equal(h_held(c), variant == 0 ? p.planned_sessions
                                                 : p.min_sessions);
        ipt_course_free(c);
    }
}

/* With the counts broken (every planned session held while the course is
 * still in a phase), hold_session is refused by sessions_remain, before
 * any other rule, and the course is left as it was. */
static void
test_sessions_remain_net(void **state)
{
    static const int phases[] = {
        IPT_STATE_INITIAL, IPT_STATE_MIDDLE, IPT_STATE_TERMINATION,
    };

    (void)state;
    for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
        struct ipt_course *c = h_new_standard();
        struct ipt_event e;
        struct h_snapshot before, after;
        enum ipt_rule rule = IPT_RULE_NONE;
        char msg[256];

        h_drive(c, phases[i]);
        c->held = c->planned;
        e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, h_next_ts(c));
        before = h_snapshot_take(c);

        assert_int_equal(ipt_course_check(c, &e, &rule, msg, sizeof(msg)),
                         IPT_ERR_GUARD_FAILED);
        assert_int_equal(rule, IPT_RULE_SESSIONS_REMAIN);
        assert_string_equal(msg, "no planned session remains: all 16 "
                            "sessions of the contract were held");

        assert_int_equal(ipt_course_apply(c, &e), IPT_ERR_GUARD_FAILED);
        assert_int_equal(ipt_course_last_rule(c), IPT_RULE_SESSIONS_REMAIN);
        assert_string_equal(ipt_course_last_error(c), msg);
        after = h_snapshot_take(c);
        h_snapshot_assert_equal(&before, &after);
        ipt_course_free(c);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sessions_remain_invariant),
        cmocka_unit_test(test_sessions_remain_net),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
