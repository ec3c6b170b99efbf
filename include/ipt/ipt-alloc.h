/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-alloc.h
 * @brief Caller-supplied memory allocator.
 */
#ifndef IPT_ALLOC_H
#define IPT_ALLOC_H

#include <stdint.h>

#include <ipt/ipt-export.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup alloc Allocator
 * Memory hooks a caller can supply wherever libipt creates an object.
 *
 * libipt has no global allocator: each object remembers the allocator it was
 * created with and releases its memory through it.  Passing NULL selects the
 * C library's malloc() and free().
 * @{
 */

/**
 * A memory allocator.
 *
 * The struct is copied when an object is created; it need not outlive the
 * call.  Its layout is frozen: later versions add a new constructor rather
 * than a field.
 */
struct ipt_allocator {
    /** Returns @p size bytes aligned for any object type, or NULL on
     *  failure.  Never called with @p size 0.  Required. */
    void *(*alloc)(uint64_t size, void *user_data);
    /** Releases memory returned by @ref alloc.  Never called with NULL.
     *  Required. */
    void (*free)(void *ptr, void *user_data);
    /** Passed unchanged to both functions; may be NULL. */
    void *user_data;
};

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_ALLOC_H */
