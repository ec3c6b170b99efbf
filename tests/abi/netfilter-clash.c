/* SPDX-License-Identifier: MIT */
/*
 * libipt and the kernel's iptables API share the ipt_/IPT_ prefix.  This
 * file includes <ipt/ipt.h> together with the iptables headers, in the
 * order chosen by NETFILTER_FIRST (the build compiles it both ways, with
 * -Werror), and uses names of both.  A struct tag, prototype or macro
 * defined differently by both breaks the build; a netfilter macro that
 * renames a libipt function breaks the link.  check-netfilter-names.py
 * catches the clashes that would compile silently.
 */
#if NETFILTER_FIRST
#  include "netfilter-all.h"
#  include <ipt/ipt.h>
#else
#  include <ipt/ipt.h>
#  include "netfilter-all.h"
#endif

#include <stdio.h>
#include <string.h>

#define ORDER (NETFILTER_FIRST ? "netfilter first" : "libipt first")

int
main(void)
{
    struct ipt_entry entry;          /* netfilter */
    struct ipt_event event;          /* libipt */
    int failed = 0;
    int ok;

    memset(&entry, 0, sizeof entry);
    memset(&event, 0, sizeof event);
    entry.target_offset = (__u16)sizeof entry;
    event.type = IPT_EVENT_START;

    printf("1..3\n");

    ok = ipt_version() == (uint32_t)IPT_VERSION_NUMBER &&
         ipt_status_name(IPT_OK) != NULL;
    printf("%s 1 - libipt functions link (%s)\n", ok ? "ok" : "not ok",
           ORDER);
    failed += !ok;

    ok = IPT_SO_SET_REPLACE == 64 && IPT_F_GOTO == 0x02 &&
         ipt_get_target(&entry) != NULL;
    printf("%s 2 - netfilter names keep their meaning (%s)\n",
           ok ? "ok" : "not ok", ORDER);
    failed += !ok;

    ok = sizeof(struct ipt_event) == 24 && event.type == IPT_EVENT_START &&
         IPT_OK == 0;
    printf("%s 3 - libipt types keep their meaning (%s)\n",
           ok ? "ok" : "not ok", ORDER);
    failed += !ok;

    return failed ? 1 : 0;
}
