/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-status.h
 * @brief Status codes returned by every fallible libipt function.
 */
#ifndef IPT_STATUS_H
#define IPT_STATUS_H

#include <ipt/ipt-export.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup status Status codes
 * Result of every fallible call.
 *
 * Every function that can fail returns an ::ipt_status.  #IPT_OK (zero)
 * means success; every other value names the failure.  On failure, output
 * parameters and the objects passed in are left exactly as they were,
 * unless the function's documentation says otherwise.  The values are stable
 * ABI: they are never renumbered, and new codes are only appended.
 * @{
 */

/** Result of a libipt call. */
enum ipt_status {
    /** Success. */
    IPT_OK = 0,
    /** A required pointer was NULL, or an argument is malformed (a struct
     *  size that is too small, a reserved field that is not zero, text that
     *  is not valid). */
    IPT_ERR_INVALID_ARGUMENT = 1,
    /** An enum value or a number lies outside the range the call accepts. */
    IPT_ERR_OUT_OF_RANGE = 2,
    /** The allocator returned NULL. */
    IPT_ERR_NO_MEMORY = 3,
    /** A name does not match any value of the enum it was looked up in. */
    IPT_ERR_UNKNOWN_NAME = 4,
    /** The parameters of a protocol profile contradict each other. */
    IPT_ERR_INVALID_PROFILE = 5,
    /** The event is never accepted in the course's current state. */
    IPT_ERR_EVENT_NOT_ALLOWED = 6,
    /** The event is accepted in the current state, but a protocol rule
     *  (a guard) is not met yet.  The rule is named by ipt_course_last_rule()
     *  and described by ipt_course_last_error(). */
    IPT_ERR_GUARD_FAILED = 7,
    /** A caller-supplied buffer is too small for the result. */
    IPT_ERR_BUFFER_TOO_SMALL = 8,
    /** The course's event log is full; grow it with
     *  ipt_course_reserve_log() and try again. */
    IPT_ERR_LOG_FULL = 9,
    /** The value asked for does not exist in the object's current state
     *  (for example the dispute stage when no dispute has been staged). */
    IPT_ERR_NOT_AVAILABLE = 10,
    /** A struct passed in is newer than this library and uses fields it
     *  does not know (its size is larger and the extra bytes are not zero). */
    IPT_ERR_UNSUPPORTED = 11,
    /** The object is busy: a function that changes a course was called from
     *  that course's own observer callback. */
    IPT_ERR_BUSY = 12,
    /** A measure was given a number of items that does not fit it (for
     *  example 8 items for the PHQ-9). */
    IPT_ERR_ITEM_COUNT = 13,
    /** An outcome needs a baseline measurement and there is none. */
    IPT_ERR_NO_BASELINE = 14,
    /** A file operation failed; the message names the step and the
     *  system's error. */
    IPT_ERR_IO = 15,
    /** A document is not valid JSON, or not a valid course document; the
     *  message names the place as a JSON path. */
    IPT_ERR_FORMAT = 16,
    /** A document has a newer major format version than this library
     *  reads. */
    IPT_ERR_VERSION = 17,
    /** A saved history is refused when replayed: the course machine does
     *  not accept one of its events, or a record does not fit it. */
    IPT_ERR_HISTORY = 18,
    /** The function needs a feature this build of libipt does not have
     *  (for example JSON support without jansson). */
    IPT_ERR_NOT_BUILT = 19,
    /** Text is not valid UTF-8, or holds a NUL byte. */
    IPT_ERR_ENCODING = 20,
    /** The caller asked a long operation to stop (a simulation's progress
     *  callback returned non-zero). */
    IPT_ERR_CANCELLED = 21,
    /** The operating system refused a resource other than memory or files
     *  (for example a thread could not be started). */
    IPT_ERR_SYSTEM = 22
};

/**
 * Stable identifier of a status code, e.g. "guard_failed".
 *
 * @param[in] status  Any value.
 * @return A static string (never free it), or NULL if @p status is not a
 *         status code of this library version.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API const char *
ipt_status_name(enum ipt_status status);

/**
 * Human-readable description of a status code, e.g.
 * "a protocol rule for this event is not met".
 *
 * @param[in] status  Any value.
 * @return A static string (never free it).  Never NULL: an unknown code
 *         yields "unknown status code".
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API const char *
ipt_status_message(enum ipt_status status);

/**
 * Look a status code up by its identifier.
 *
 * @param[in]  name  Identifier as returned by ipt_status_name().
 * @param[out] out   Receives the code; untouched on error.
 * @retval IPT_OK                    @p out was set.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No status code has that identifier.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_status_from_name(const char *name, enum ipt_status *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_STATUS_H */
