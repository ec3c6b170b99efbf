/* SPDX-License-Identifier: MIT */
/*
 * Failing jansson's allocations from a test.  jansson's allocator is the
 * application's, set with json_set_alloc_funcs(); the tests find that
 * function in the process (libipt links jansson) and install
 * h_jansson_malloc(), which fails the allocation with index
 * h_jansson_fail_at counted from the last reset of h_jansson_calls.
 *
 *   h_json_set_alloc_fn set_alloc = h_find_json_set_alloc();
 *   if (set_alloc == NULL) skip();
 *   set_alloc(h_jansson_malloc, free);
 *   h_jansson_fail_at = k; h_jansson_calls = 0;  ... the call ...
 *   h_jansson_fail_at = -1; set_alloc(malloc, free);
 *
 * Include once per test program, after <cmocka.h>.
 */
#ifndef IPT_TEST_JANSSON_FAIL_H
#define IPT_TEST_JANSSON_FAIL_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#define H_HAVE_DLFCN 1
#endif

typedef void *(*h_json_malloc_fn)(size_t);
typedef void (*h_json_free_fn)(void *);
typedef void (*h_json_set_alloc_fn)(h_json_malloc_fn, h_json_free_fn);

static long h_jansson_fail_at = -1;
static long h_jansson_calls;

static void *
h_jansson_malloc(size_t size)
{
    if (h_jansson_calls++ == h_jansson_fail_at)
        return NULL;
    return malloc(size);
}

/* json_set_alloc_funcs() of the jansson in this process, or NULL (no
 * dlsym(), or libipt built without JSON). */
static h_json_set_alloc_fn
h_find_json_set_alloc(void)
{
    h_json_set_alloc_fn fn = NULL;
#if defined(H_HAVE_DLFCN)
    void *self = dlopen(NULL, RTLD_LAZY);
    void *sym = self != NULL ? dlsym(self, "json_set_alloc_funcs") : NULL;

    if (sym != NULL)
        memcpy(&fn, &sym, sizeof(fn));
    if (self != NULL)
        (void)dlclose(self);
#endif
    return fn;
}

#endif
