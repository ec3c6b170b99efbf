/* SPDX-License-Identifier: MIT */
/* Run-time version of the library. */
#include "internal.h"

uint32_t
ipt_version(void)
{
    return (uint32_t)IPT_VERSION_NUMBER;
}

const char *
ipt_version_string(void)
{
    return IPT_VERSION_STRING;
}
