/* SPDX-License-Identifier: MIT */
/*
 * Frozen ABI of the public types.
 *
 * Every public enum is int-sized (libipt must never be built with
 * -fshort-enums), and every public struct keeps its size and field offsets
 * forever: later versions add new functions or size-prefixed structs, they
 * never change these.  The checks are static_asserts, so a change breaks the
 * build, and are repeated at run time so that they show up in `meson test`.
 * check-sizes-coverage.py makes sure every public enum and struct defined
 * in the headers is listed here.
 */
#include <ipt/ipt.h>

#include <assert.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define ENUM_IS_INT(name)                                                 \
    static_assert(sizeof(enum name) == sizeof(int),                      \
                  "enum " #name " must be int-sized")

ENUM_IS_INT(ipt_area);
ENUM_IS_INT(ipt_diagram_format);
ENUM_IS_INT(ipt_dispute_stage);
ENUM_IS_INT(ipt_end_reason);
ENUM_IS_INT(ipt_event_type);
ENUM_IS_INT(ipt_rule);
ENUM_IS_INT(ipt_state);
ENUM_IS_INT(ipt_status);
ENUM_IS_INT(ipt_task);

#define FROZEN_SIZE(name, size)                                           \
    static_assert(sizeof(struct name) == (size),                          \
                  "struct " #name " has a frozen size")

FROZEN_SIZE(ipt_allocator, 3 * sizeof(void *));
FROZEN_SIZE(ipt_event, 24);
FROZEN_SIZE(ipt_log_entry, 40);
FROZEN_SIZE(ipt_profile_params, 36);
FROZEN_SIZE(ipt_transition, 16 + sizeof(char *));

#define FROZEN_OFFSET(name, field, offset)                                \
    static_assert(offsetof(struct name, field) == (offset),               \
                  "struct " #name " field " #field " has a frozen offset")

FROZEN_OFFSET(ipt_allocator, alloc, 0);
FROZEN_OFFSET(ipt_allocator, free, sizeof(void *));
FROZEN_OFFSET(ipt_allocator, user_data, 2 * sizeof(void *));

FROZEN_OFFSET(ipt_event, type, 0);
FROZEN_OFFSET(ipt_event, value, 4);
FROZEN_OFFSET(ipt_event, timestamp, 8);
FROZEN_OFFSET(ipt_event, areas, 16);
FROZEN_OFFSET(ipt_event, reserved, 20);

FROZEN_OFFSET(ipt_log_entry, type, 0);
FROZEN_OFFSET(ipt_log_entry, value, 4);
FROZEN_OFFSET(ipt_log_entry, timestamp, 8);
FROZEN_OFFSET(ipt_log_entry, areas, 16);
FROZEN_OFFSET(ipt_log_entry, session, 20);
FROZEN_OFFSET(ipt_log_entry, state_before, 24);
FROZEN_OFFSET(ipt_log_entry, state_after, 28);
FROZEN_OFFSET(ipt_log_entry, focus_after, 32);
FROZEN_OFFSET(ipt_log_entry, reserved, 36);

FROZEN_OFFSET(ipt_profile_params, size, 0);
FROZEN_OFFSET(ipt_profile_params, planned_sessions, 4);
FROZEN_OFFSET(ipt_profile_params, min_sessions, 8);
FROZEN_OFFSET(ipt_profile_params, max_sessions, 12);
FROZEN_OFFSET(ipt_profile_params, initial_last_session, 16);
FROZEN_OFFSET(ipt_profile_params, termination_sessions, 20);
FROZEN_OFFSET(ipt_profile_params, ending_notice_sessions, 24);
FROZEN_OFFSET(ipt_profile_params, max_focal_areas, 28);
FROZEN_OFFSET(ipt_profile_params, allowed_areas, 32);

FROZEN_OFFSET(ipt_transition, from, 0);
FROZEN_OFFSET(ipt_transition, event, 4);
FROZEN_OFFSET(ipt_transition, to, 8);
FROZEN_OFFSET(ipt_transition, reserved, 12);
FROZEN_OFFSET(ipt_transition, condition, 16);

static void
test_enums_are_int_sized(void **state)
{
    (void)state;
    assert_int_equal(sizeof(enum ipt_area), sizeof(int));
    assert_int_equal(sizeof(enum ipt_diagram_format), sizeof(int));
    assert_int_equal(sizeof(enum ipt_dispute_stage), sizeof(int));
    assert_int_equal(sizeof(enum ipt_end_reason), sizeof(int));
    assert_int_equal(sizeof(enum ipt_event_type), sizeof(int));
    assert_int_equal(sizeof(enum ipt_rule), sizeof(int));
    assert_int_equal(sizeof(enum ipt_state), sizeof(int));
    assert_int_equal(sizeof(enum ipt_status), sizeof(int));
    assert_int_equal(sizeof(enum ipt_task), sizeof(int));
}

static void
test_struct_sizes_are_frozen(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct ipt_allocator), 3 * sizeof(void *));
    assert_int_equal(sizeof(struct ipt_event), 24);
    assert_int_equal(sizeof(struct ipt_log_entry), 40);
    assert_int_equal(sizeof(struct ipt_profile_params), 36);
    assert_int_equal(sizeof(struct ipt_transition), 16 + sizeof(char *));
}

static void
test_struct_offsets_are_frozen(void **state)
{
    (void)state;
    assert_int_equal(offsetof(struct ipt_event, timestamp), 8);
    assert_int_equal(offsetof(struct ipt_event, reserved), 20);
    assert_int_equal(offsetof(struct ipt_log_entry, session), 20);
    assert_int_equal(offsetof(struct ipt_log_entry, reserved), 36);
    assert_int_equal(offsetof(struct ipt_profile_params, allowed_areas), 32);
    assert_int_equal(offsetof(struct ipt_transition, condition), 16);
    assert_int_equal(offsetof(struct ipt_allocator, user_data),
                     2 * sizeof(void *));
}

static void
test_profile_params_size_field_fits(void **state)
{
    /* Callers set params.size = sizeof(struct ipt_profile_params); the
     * first version of the struct is the smallest the library accepts. */
    struct ipt_profile_params params = {0};

    (void)state;
    params.size = (uint32_t)sizeof params;
    assert_int_equal(params.size, 36);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enums_are_int_sized),
        cmocka_unit_test(test_struct_sizes_are_frozen),
        cmocka_unit_test(test_struct_offsets_are_frozen),
        cmocka_unit_test(test_profile_params_size_field_fits),
    };

    return cmocka_run_group_tests_name("abi sizes", tests, NULL, NULL);
}
