/* SPDX-License-Identifier: MIT */
/*
 * A program built against an installed copy of libipt, the way a user
 * builds it: `cc installed-client.c $(pkg-config --cflags --libs
 * ipt-therapy)`.  test-install.sh compiles it against a DESTDIR install
 * and runs it.  It sees only <ipt/ipt.h>.
 */
#include <ipt/ipt.h>

#include <stdio.h>
#include <string.h>

static int failures;

static void
check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    if (!ok)
        failures++;
}

int
main(void)
{
    const struct ipt_profile *profile = NULL;
    struct ipt_course *course = NULL;
    struct ipt_event event;
    enum ipt_state state = IPT_STATE_NOT_STARTED;
    enum ipt_status status;

    check(ipt_version() == (uint32_t)IPT_VERSION_NUMBER,
          "ipt_version() == IPT_VERSION_NUMBER");
    check(strcmp(ipt_version_string(), IPT_VERSION_STRING) == 0,
          "ipt_version_string() == IPT_VERSION_STRING");

    status = ipt_profile_builtin("standard", &profile);
    check(status == IPT_OK && profile != NULL,
          "the \"standard\" built-in profile exists");
    if (status != IPT_OK)
        return 1;

    status = ipt_course_new(profile, NULL, &course);
    check(status == IPT_OK && course != NULL, "ipt_course_new()");
    if (status != IPT_OK)
        return 1;

    memset(&event, 0, sizeof event);
    event.type = IPT_EVENT_START;
    event.timestamp = 1;
    status = ipt_course_apply(course, &event);
    check(status == IPT_OK, "IPT_EVENT_START is accepted");

    status = ipt_course_get_state(course, &state);
    check(status == IPT_OK && state == IPT_STATE_INITIAL,
          "the course is in the initial phase");

    ipt_course_free(course);
    printf("%s\n", failures ? "FAIL" : "PASS");
    return failures ? 1 : 0;
}
