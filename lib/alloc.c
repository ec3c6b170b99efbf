/* SPDX-License-Identifier: MIT */
/*
 * Allocation through the caller's hooks.  Each object keeps a copy of the
 * allocator it was created with; there is no global allocator.
 */
#include <stdlib.h>

#include "internal.h"

static void *
default_alloc(uint64_t size, void *user_data)
{
    (void)user_data;
#if SIZE_MAX < UINT64_MAX
    if (size > (uint64_t)SIZE_MAX)
        return NULL;
#endif
    return malloc((size_t)size);
}

static void
default_free(void *ptr, void *user_data)
{
    (void)user_data;
    free(ptr);
}

enum ipt_status
ipt__allocator_resolve(const struct ipt_allocator *in,
                       struct ipt_allocator *out)
{
    if (in == NULL) {
        out->alloc = default_alloc;
        out->free = default_free;
        out->user_data = NULL;
        return IPT_OK;
    }
    if (in->alloc == NULL || in->free == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    *out = *in;
    return IPT_OK;
}

void *
ipt__alloc(const struct ipt_allocator *a, size_t size)
{
    return a->alloc(size, a->user_data);
}

void
ipt__free(const struct ipt_allocator *a, void *ptr)
{
    if (ptr != NULL)
        a->free(ptr, a->user_data);
}
