/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-record.h
 * @brief Session records: what happened in each session of a course.
 */
#ifndef IPT_RECORD_H
#define IPT_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-course.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-measure.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup record Session records
 * What happened in each held session of a course.
 *
 * Each session that a course has held (see ipt_course_get_sessions()) can
 * carry a record: the techniques used, the problem areas worked on, one
 * administration of each measure, and a note.  The phase of the session,
 * its timestamp and the tasks completed in it come from the course's
 * event log and cannot be set here.  Sessions are numbered from 1; a
 * record can be set for session n once n sessions have been held.
 *
 * Setting a record replaces what was there for that session and field.
 * The first record set on a course allocates room for the profile's
 * maximum number of sessions through the course's allocator; event
 * dispatch itself never allocates.  A failed call leaves the course as it
 * was and describes the failure in ipt_course_last_error().
 *
 * **Notes** are the caller's text, held in a copy owned by the course.
 * libipt never logs, prints or writes them anywhere by itself; they leave
 * the library only through ipt_course_get_note() and a save the caller
 * asks for (see @ref store).
 *
 * Thread safety: as for the course; never use one course from two threads
 * at once.
 * @{
 */

/** Longest note, in bytes of UTF-8 (without a terminating NUL). */
#define IPT_NOTE_MAX_BYTES 4096u

/**
 * A session's record.  Set @ref size to `sizeof(struct ipt_session_info)`
 * before calling ipt_course_get_session().
 */
struct ipt_session_info {
    /** `sizeof(struct ipt_session_info)` as seen by the caller. */
    uint32_t size;
    /** Session number, from 1. */
    uint32_t session;
    /** ::ipt_state (phase) in which the session was held. */
    int32_t phase;
    /** Techniques used: mask of `1 << ipt_technique`. */
    uint32_t techniques;
    /** Problem areas worked on: mask of IPT_AREA_BIT() bits. */
    uint32_t areas;
    /** Tasks completed in this session (from the event log): mask of
     *  IPT_TASK_BIT() bits. */
    uint32_t tasks;
    /** Measures recorded: mask of `1 << ipt_measure_kind`. */
    uint32_t measures;
    /** Length of the note in bytes; 0 when there is none. */
    uint32_t note_bytes;
    /** Timestamp of the `hold_session` event. */
    int64_t timestamp;
};

/**
 * Read the record of one held session.
 * @param[in]  course   The course.
 * @param[in]  session  Session number, 1 to the number held.
 * @param[out] out      Receives the record; its @ref ipt_session_info.size
 *                      must be set.  Untouched on error.
 * @retval IPT_OK                   Read.
 * @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL or out->size is too
 *                                  small.
 * @retval IPT_ERR_NOT_AVAILABLE    That session has not been held.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_session(const struct ipt_course *course, uint32_t session,
                       struct ipt_session_info *out);

/**
 * Record the techniques used in a session, replacing any earlier record.
 * @param[in,out] course      The course.
 * @param[in]     session     Session number, 1 to the number held.
 * @param[in]     techniques  Mask of `1 << ipt_technique`; 0 clears.
 * @retval IPT_OK                   Recorded.
 * @retval IPT_ERR_INVALID_ARGUMENT @p course is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE     A bit names no technique.
 * @retval IPT_ERR_NOT_AVAILABLE    That session has not been held.
 * @retval IPT_ERR_NO_MEMORY        The first record could not be allocated.
 * @retval IPT_ERR_BUSY             Called from the course's observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_record_techniques(struct ipt_course *course, uint32_t session,
                             uint32_t techniques);

/**
 * Record the problem areas worked on in a session, replacing any earlier
 * record.  The areas must be allowed by the course's profile.
 * @param[in,out] course   The course.
 * @param[in]     session  Session number, 1 to the number held.
 * @param[in]     areas    Mask of IPT_AREA_BIT() bits; 0 clears.
 * @retval IPT_OK                   Recorded.
 * @retval IPT_ERR_INVALID_ARGUMENT @p course is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE     A bit names no area, or an area the
 *                                  profile does not allow.
 * @retval IPT_ERR_NOT_AVAILABLE    That session has not been held.
 * @retval IPT_ERR_NO_MEMORY        The first record could not be allocated.
 * @retval IPT_ERR_BUSY             Called from the course's observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_record_areas(struct ipt_course *course, uint32_t session,
                        uint32_t areas);

/**
 * Record one administration of a measure in a session, replacing any
 * earlier one of the same kind in that session.  The measure is validated
 * and scored as by ipt_measure_score(); the stored copy carries the
 * computed total.
 * @param[in,out] course   The course.
 * @param[in]     session  Session number, 1 to the number held.
 * @param[in]     measure  The answers; copied.
 * @retval IPT_OK  Recorded.
 * @retval IPT_ERR_INVALID_ARGUMENT, IPT_ERR_OUT_OF_RANGE,
 *         IPT_ERR_ITEM_COUNT  As for ipt_measure_score(); the message is
 *         in ipt_course_last_error().
 * @retval IPT_ERR_NOT_AVAILABLE  That session has not been held.
 * @retval IPT_ERR_NO_MEMORY      The first record could not be allocated.
 * @retval IPT_ERR_BUSY           Called from the course's observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_record_measure(struct ipt_course *course, uint32_t session,
                          const struct ipt_measure *measure);

/**
 * Remove the measure of one kind from a session's record.
 * @param[in,out] course   The course.
 * @param[in]     session  Session number, 1 to the number held.
 * @param[in]     kind     The measure.
 * @retval IPT_OK                   Removed.
 * @retval IPT_ERR_INVALID_ARGUMENT @p course is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE     Unknown kind.
 * @retval IPT_ERR_NOT_AVAILABLE    That session has not been held, or has
 *                                  no measure of that kind.
 * @retval IPT_ERR_BUSY             Called from the course's observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_clear_measure(struct ipt_course *course, uint32_t session,
                         enum ipt_measure_kind kind);

/**
 * Read the measure of one kind recorded in a session.
 * @param[in]  course   The course.
 * @param[in]  session  Session number, 1 to the number held.
 * @param[in]  kind     The measure.
 * @param[out] out      Receives a copy (with the computed total);
 *                      untouched on error.
 * @retval IPT_OK                   Read.
 * @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE     Unknown kind.
 * @retval IPT_ERR_NOT_AVAILABLE    That session has not been held, or has
 *                                  no measure of that kind.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_measure(const struct ipt_course *course, uint32_t session,
                       enum ipt_measure_kind kind, struct ipt_measure *out);

/**
 * Set a session's note, replacing any earlier note.  The text is copied.
 * It must be valid UTF-8 (no overlong forms, no surrogates) without NUL
 * bytes, at most #IPT_NOTE_MAX_BYTES bytes.  A length of 0 removes the
 * note.
 * @param[in,out] course   The course.
 * @param[in]     session  Session number, 1 to the number held.
 * @param[in]     text     The note; may be NULL when @p length is 0.
 * @param[in]     length   Length of @p text in bytes.
 * @retval IPT_OK                   Set.
 * @retval IPT_ERR_INVALID_ARGUMENT @p course is NULL, or @p text is NULL
 *                                  with @p length above 0.
 * @retval IPT_ERR_OUT_OF_RANGE     @p length exceeds #IPT_NOTE_MAX_BYTES.
 * @retval IPT_ERR_ENCODING         The text is not valid UTF-8 or holds a
 *                                  NUL byte; the message gives the byte
 *                                  offset, never the text.
 * @retval IPT_ERR_NOT_AVAILABLE    That session has not been held.
 * @retval IPT_ERR_NO_MEMORY        No memory for the copy.
 * @retval IPT_ERR_BUSY             Called from the course's observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_set_note(struct ipt_course *course, uint32_t session,
                    const char *text, uint64_t length);

/**
 * Read a session's note.
 * @param[in]  course   The course.
 * @param[in]  session  Session number, 1 to the number held.
 * @param[out] text     Receives the note, NUL-terminated; borrowed from the
 *                      course, valid until the note is set again or the
 *                      course is freed.  An empty string when there is no
 *                      note.
 * @param[out] length   Optional (may be NULL): receives its length in
 *                      bytes.
 * @retval IPT_OK                   Read.
 * @retval IPT_ERR_INVALID_ARGUMENT @p course or @p text is NULL.
 * @retval IPT_ERR_NOT_AVAILABLE    That session has not been held.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_note(const struct ipt_course *course, uint32_t session,
                    const char **text, uint64_t *length);

/**
 * Outcome of the course so far for one measure: the series is every
 * session with that measure recorded, in session order, the first being
 * the baseline.  See ipt_outcome_compute().
 * @param[in]  course  The course.
 * @param[in]  kind    The measure.
 * @param[in]  params  Thresholds, or NULL for the defaults.
 * @param[out] out     Receives the outcome; untouched on error.
 * @retval IPT_OK  Computed.
 * @retval IPT_ERR_NO_BASELINE  No session has that measure recorded.
 * @retval IPT_ERR_INVALID_ARGUMENT, IPT_ERR_OUT_OF_RANGE,
 *         IPT_ERR_UNSUPPORTED  As for ipt_outcome_compute().
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_outcome(const struct ipt_course *course,
                   enum ipt_measure_kind kind,
                   const struct ipt_outcome_params *params,
                   struct ipt_outcome *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_RECORD_H */
