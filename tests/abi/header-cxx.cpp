// SPDX-License-Identifier: MIT
//
// The umbrella header compiles as C++ (with -Wall -Wextra -Wpedantic
// -Werror) and its functions link with C linkage: without the headers'
// extern "C" blocks the calls below would not resolve.
#include <ipt/ipt.h>

#include <cstdio>
#include <cstring>

static_assert(sizeof(struct ipt_event) == 24, "struct ipt_event is frozen");
static_assert(sizeof(enum ipt_status) == sizeof(int),
              "enum ipt_status is int-sized");

int
main()
{
    int failed = 0;

    std::printf("1..3\n");

    bool ok = ipt_version() == static_cast<uint32_t>(IPT_VERSION_NUMBER);
    std::printf("%s 1 - ipt_version() == IPT_VERSION_NUMBER from C++\n",
                ok ? "ok" : "not ok");
    failed += !ok;

    const char *name = ipt_status_name(IPT_ERR_GUARD_FAILED);
    ok = name != nullptr && std::strcmp(name, "guard_failed") == 0;
    std::printf("%s 2 - ipt_status_name() links with C linkage\n",
                ok ? "ok" : "not ok");
    failed += !ok;

    struct ipt_event event = {};
    event.type = IPT_EVENT_START;
    ok = event.value == 0 && event.reserved == 0;
    std::printf("%s 3 - struct ipt_event value-initialises in C++\n",
                ok ? "ok" : "not ok");
    failed += !ok;

    return failed ? 1 : 0;
}
