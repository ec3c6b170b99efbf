/* SPDX-License-Identifier: MIT */
/*
 * Every state x every event: an event is accepted exactly in the states the
 * table of docs/protocol.md (rule event_allowed_in_state) lists, and a
 * refused event changes nothing a caller can observe.  ipt_course_check()
 * answers as ipt_course_apply() does and never changes the last error.
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

static void
count_calls(const struct ipt_course *course, const struct ipt_log_entry *entry,
            void *user_data)
{
    (void)course;
    (void)entry;
    (*(unsigned *)user_data)++;
}

/* The expected state after an accepted matrix event, from the rules and the
 * automatic transitions of docs/protocol.md. */
static int
expected_state_after(int state, int event)
{
    switch (event) {
    case IPT_EVENT_START:
        return IPT_STATE_INITIAL;
    case IPT_EVENT_ADVANCE_PHASE:
        return state == IPT_STATE_INITIAL ? IPT_STATE_MIDDLE
                                          : IPT_STATE_TERMINATION;
    case IPT_EVENT_DISCONTINUE: /* the matrix event's reason is dropout */
        return IPT_STATE_DISCONTINUED;
    case IPT_EVENT_ENTER_MAINTENANCE:
        return IPT_STATE_MAINTENANCE;
    default:
        return state;
    }
}

static void
check_cell(int state, int event)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e = h_matrix_event(state, event);
    struct h_snapshot before, after;
    enum ipt_rule check_rule = (enum ipt_rule)99;
    char check_msg[512];
    char error_before[512];
    enum ipt_status check_st, st;
    unsigned calls = 0;
    const bool allowed = h_doc_allows(state, event);

    h_matrix_setup(c, state, event);
    assert_int_equal(ipt_course_set_observer(c, count_calls, &calls),
                     IPT_OK);
    before = h_snapshot_take(c);

    /* check first: it must not change the (empty) last error */
    snprintf(error_before, sizeof(error_before), "%s",
             ipt_course_last_error(c));
    assert_string_equal(error_before, "");
    memset(check_msg, 'x', sizeof(check_msg));
    check_st = ipt_course_check(c, &e, &check_rule, check_msg,
                                sizeof(check_msg));
    assert_string_equal(ipt_course_last_error(c), error_before);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
    after = h_snapshot_take(c);
    h_snapshot_assert_equal(&before, &after);
    assert_int_equal(calls, 0);

    st = ipt_course_apply(c, &e);
    if (st != check_st)
        fail_msg("%s x %s: check said %s, apply said %s",
                 ipt_state_name((enum ipt_state)state),
                 ipt_event_type_name((enum ipt_event_type)event),
                 ipt_status_name(check_st), ipt_status_name(st));

    if (allowed) {
        if (st != IPT_OK)
            fail_msg("%s x %s: refused with %s (%s), the table allows it",
                     ipt_state_name((enum ipt_state)state),
                     ipt_event_type_name((enum ipt_event_type)event),
                     ipt_status_name(st), ipt_course_last_error(c));
        assert_int_equal(check_rule, IPT_RULE_NONE);
        assert_string_equal(check_msg, "");
        assert_string_equal(ipt_course_last_error(c), "");
        assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
        assert_int_equal(calls, 1);
        assert_int_equal(h_log_count(c), before.log_count + 1);
        assert_int_equal(h_state(c), expected_state_after(state, event));
        {
            struct ipt_log_entry last = h_log_last(c);

            assert_int_equal(last.type, event);
            assert_int_equal(last.state_before, state);
            assert_int_equal(last.state_after, h_state(c));
        }
    } else {
        if (st != IPT_ERR_EVENT_NOT_ALLOWED)
            fail_msg("%s x %s: status %s, the table has no edge",
                     ipt_state_name((enum ipt_state)state),
                     ipt_event_type_name((enum ipt_event_type)event),
                     ipt_status_name(st));
        assert_int_equal(ipt_course_last_rule(c),
                         IPT_RULE_EVENT_ALLOWED_IN_STATE);
        assert_int_equal(check_rule, IPT_RULE_EVENT_ALLOWED_IN_STATE);
        assert_true(strlen(ipt_course_last_error(c)) > 0);
        assert_string_equal(check_msg, ipt_course_last_error(c));
        after = h_snapshot_take(c);
        h_snapshot_assert_equal(&before, &after);
        assert_int_equal(calls, 0);

        /* check after a refusal leaves that refusal's message and rule */
        snprintf(error_before, sizeof(error_before), "%s",
                 ipt_course_last_error(c));
        {
            struct ipt_event start = h_event(IPT_EVENT_START, 0, 0,
                                             INT64_C(1) << 41);
            struct ipt_event same = e;

            (void)ipt_course_check(c, &start, NULL, NULL, 0);
            (void)ipt_course_check(c, &same, NULL, NULL, 0);
        }
        assert_string_equal(ipt_course_last_error(c), error_before);
        assert_int_equal(ipt_course_last_rule(c),
                         IPT_RULE_EVENT_ALLOWED_IN_STATE);
        after = h_snapshot_take(c);
        h_snapshot_assert_equal(&before, &after);
    }
    ipt_course_free(c);
}

static void
test_matrix(void **state)
{
    int s = *(int *)*state;

    for (int ev = H_EVENT_FIRST; ev <= H_EVENT_LAST; ev++)
        check_cell(s, ev);
}

/* A successful apply clears the previous refusal. */
static void
test_success_clears_error(void **state)
{
    struct ipt_course *c = h_new_standard();

    (void)state;
    assert_int_equal(h_try(c, IPT_EVENT_HOLD_SESSION, 0, 0),
                     IPT_ERR_EVENT_NOT_ALLOWED);
    assert_true(strlen(ipt_course_last_error(c)) > 0);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_EVENT_ALLOWED_IN_STATE);
    h_start(c);
    assert_string_equal(ipt_course_last_error(c), "");
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_NONE);
    ipt_course_free(c);
}

/* Every event type in every state also with its other well-formed values:
 * the transition table is consulted before any guard, so a state without an
 * edge refuses all of them with event_not_allowed. */
static void
test_refusal_independent_of_value(void **state)
{
    (void)state;
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        struct ipt_course *c = h_new_standard();

        h_drive(c, s);
        for (int ev = H_EVENT_FIRST; ev <= H_EVENT_LAST; ev++) {
            struct ipt_event variants[16];
            size_t n = 0;

            if (h_doc_allows(s, ev))
                continue;
            switch (ev) {
            case IPT_EVENT_COMPLETE_TASK:
                for (int t = H_TASK_FIRST; t <= H_TASK_LAST; t++)
                    variants[n++] = h_event(ev, t, 0, INT64_C(1) << 40);
                break;
            case IPT_EVENT_CHOOSE_FOCUS:
                variants[n++] = h_event(ev, 0, H_BIT(IPT_AREA_GRIEF), 0);
                variants[n++] = h_event(ev, 0, IPT_AREAS_ALL, 0);
                variants[n++] = h_event(ev, 0, 0, 0);
                break;
            case IPT_EVENT_SET_DISPUTE_STAGE:
                for (int v = 1; v <= 3; v++)
                    variants[n++] = h_event(ev, v, 0, 0);
                break;
            case IPT_EVENT_DISCONTINUE:
                for (int v = 1; v <= 3; v++)
                    variants[n++] = h_event(ev, v, 0, 0);
                break;
            case IPT_EVENT_RENEGOTIATE_CONTRACT:
                variants[n++] = h_event(ev, 12, 0, 0);
                variants[n++] = h_event(ev, 14, 0, 0);
                variants[n++] = h_event(ev, 16, 0, 0);
                break;
            default:
                variants[n++] = h_event(ev, 0, 0, 0);
                break;
            }
            for (size_t i = 0; i < n; i++) {
                struct h_snapshot before = h_snapshot_take(c);
                struct h_snapshot after;
                enum ipt_status st = ipt_course_apply(c, &variants[i]);

                if (st != IPT_ERR_EVENT_NOT_ALLOWED)
                    fail_msg("%s x %s (value %d, areas 0x%x): %s",
                             ipt_state_name((enum ipt_state)s),
                             ipt_event_type_name((enum ipt_event_type)ev),
                             (int)variants[i].value,
                             (unsigned)variants[i].areas,
                             ipt_status_name(st));
                assert_int_equal(ipt_course_last_rule(c),
                                 IPT_RULE_EVENT_ALLOWED_IN_STATE);
                after = h_snapshot_take(c);
                h_snapshot_assert_equal(&before, &after);
            }
        }
        ipt_course_free(c);
    }
}

/* The table's refusal comes before the timestamp rule: an event without an
 * edge and with an old timestamp is refused as not allowed. */
static void
test_table_before_timestamp(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e;

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE);
    e = h_event(IPT_EVENT_CHOOSE_FOCUS, 0, H_BIT(IPT_AREA_GRIEF), -1);
    assert_int_equal(ipt_course_apply(c, &e), IPT_ERR_EVENT_NOT_ALLOWED);
    assert_int_equal(ipt_course_last_rule(c), IPT_RULE_EVENT_ALLOWED_IN_STATE);
    ipt_course_free(c);
}

static int state_values[H_STATE_LAST + 1];

int
main(void)
{
    for (int s = 0; s <= H_STATE_LAST; s++)
        state_values[s] = s;
    {
        const struct CMUnitTest tests[] = {
            /* one test case per state, each covering all nine events */
            { "matrix_not_started", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_NOT_STARTED] },
            { "matrix_initial", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_INITIAL] },
            { "matrix_middle", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_MIDDLE] },
            { "matrix_termination", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_TERMINATION] },
            { "matrix_completed", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_COMPLETED] },
            { "matrix_discontinued", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_DISCONTINUED] },
            { "matrix_referred", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_REFERRED] },
            { "matrix_maintenance", test_matrix, NULL, NULL,
              &state_values[IPT_STATE_MAINTENANCE] },
            cmocka_unit_test(test_success_clears_error),
            cmocka_unit_test(test_refusal_independent_of_value),
            cmocka_unit_test(test_table_before_timestamp),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
    }
}
