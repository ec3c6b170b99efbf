/* SPDX-License-Identifier: MIT */
/*
 * Names of the caller's profiles, black box: every byte value, alone and
 * after a valid first character, is accepted exactly when it is one of
 * a-z, 0-9 and '_' (the identifiers of ipt_profile_new()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <ipt/ipt.h>

static int
documented(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static void
test_every_byte(void **state)
{
    struct ipt_profile_params pp;

    (void)state;
    memset(&pp, 0, sizeof(pp));
    pp.size = (uint32_t)sizeof(pp);
    pp.planned_sessions = 16;
    pp.min_sessions = 12;
    pp.max_sessions = 16;
    pp.initial_last_session = 3;
    pp.termination_sessions = 4;
    pp.ending_notice_sessions = 2;
    pp.max_focal_areas = 1;
    pp.allowed_areas = IPT_AREAS_CORE;
    for (unsigned c = 1; c <= 0xFF; c++) {
        const char alone[2] = { (char)c, '\0' };
        const char second[3] = { 'p', (char)c, '\0' };
        const char *names[2] = { alone, second };

        for (int k = 0; k < 2; k++) {
            struct ipt_profile *p = NULL;
            enum ipt_status st = ipt_profile_new(names[k], &pp, NULL, &p);

            if (documented(c)) {
                if (st != IPT_OK)
                    fail_msg("byte 0x%02x refused in \"%s\"", c, names[k]);
                assert_string_equal(ipt_profile_name(p), names[k]);
                ipt_profile_free(p);
            } else if (st != IPT_ERR_INVALID_ARGUMENT || p != NULL) {
                fail_msg("byte 0x%02x accepted in a name", c);
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte),
    };

    return cmocka_run_group_tests_name("profile-names", tests, NULL, NULL);
}
