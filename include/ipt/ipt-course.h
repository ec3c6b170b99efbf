/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-course.h
 * @brief A course of IPT: the protocol state machine, its events, rules and
 *        event log.
 */
#ifndef IPT_COURSE_H
#define IPT_COURSE_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-alloc.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-profile.h>
#include <ipt/ipt-status.h>
#include <ipt/ipt-types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup course Courses
 * One patient's course of IPT, moved through the protocol by events.
 *
 * A course starts in #IPT_STATE_NOT_STARTED and changes only through
 * ipt_course_apply().  Each event is first checked against the machine's
 * transition table (is it ever allowed in this state?) and then against the
 * protocol's rules (the guards).  A refused event returns a status code,
 * leaves the course exactly as it was apart from its last-error message and
 * rule, and writes nothing to the log.  An accepted event is appended to the
 * course's event log and passed to the observer, if one is set.
 * ipt_course_check() answers whether an event would be accepted without
 * applying it.  The @ref protocol "protocol rules page" lists every rule
 * with its source.
 *
 * Once a course exists, applying and checking events never allocates
 * memory: the event log has a fixed capacity that only
 * ipt_course_reserve_log() changes.
 *
 * Thread safety: a course is not locked.  Distinct courses may be used from
 * distinct threads at the same time; one course must not be used from two
 * threads at once without the caller's own lock.  The const functions may
 * run concurrently with each other on the same course.
 * @{
 */

/** Events that move a course.  Values start at 100 so that they are never
 *  mistaken for an ::ipt_state. */
enum ipt_event_type {
    /** Start the contract: not started → initial ("start"). */
    IPT_EVENT_START = 100,
    /** A session was held ("hold_session").  The course numbers sessions
     *  from 1; the new number is the log entry's
     *  @ref ipt_log_entry.session. */
    IPT_EVENT_HOLD_SESSION = 101,
    /** A phase task was done ("complete_task"); ipt_event.value is an
     *  ::ipt_task of the current phase. */
    IPT_EVENT_COMPLETE_TASK = 102,
    /** Choose the focal problem area(s) ("choose_focus"); ipt_event.areas
     *  is a mask of ::ipt_area bits.  Initial phase only; a later choice
     *  replaces an earlier one. */
    IPT_EVENT_CHOOSE_FOCUS = 103,
    /** Set the role-dispute stage ("set_dispute_stage"); ipt_event.value is
     *  an ::ipt_dispute_stage.  Only while role dispute is a focus.
     *  Renegotiation and impasse may follow each other in either direction.
     *  Dissolution is final: the role-dispute focus is replaced by a
     *  role-transition focus, because the manuals handle the aftermath of a
     *  dissolved relationship as a transition (mourn what was lost, build
     *  what comes next). */
    IPT_EVENT_SET_DISPUTE_STAGE = 104,
    /** Advance the phase explicitly ("advance_phase"): initial → middle
     *  (guarded by the initial-phase tasks) or middle → termination (an
     *  early start of the ending). */
    IPT_EVENT_ADVANCE_PHASE = 105,
    /** End the course early ("discontinue"); ipt_event.value is an
     *  ::ipt_end_reason.  #IPT_END_REFERRAL ends in #IPT_STATE_REFERRED,
     *  the others in #IPT_STATE_DISCONTINUED. */
    IPT_EVENT_DISCONTINUE = 106,
    /** Renegotiate the contract ("renegotiate_contract"); ipt_event.value
     *  is the new number of planned sessions.  Not in the termination
     *  phase. */
    IPT_EVENT_RENEGOTIATE_CONTRACT = 107,
    /** Agree a continuation or maintenance contract after completion
     *  ("enter_maintenance"). */
    IPT_EVENT_ENTER_MAINTENANCE = 108
};

/** Protocol rules a refused event may break; see the @ref protocol
 *  "protocol rules page" for their sources. */
enum ipt_rule {
    /** No rule: the last call succeeded or failed for another reason
     *  ("none"). */
    IPT_RULE_NONE = 0,
    /** The event is never accepted in the current state
     *  ("event_allowed_in_state"). */
    IPT_RULE_EVENT_ALLOWED_IN_STATE = 1,
    /** Timestamps never go backwards ("timestamp_order"). */
    IPT_RULE_TIMESTAMP_ORDER = 2,
    /** The event log has room for the event ("log_capacity"). */
    IPT_RULE_LOG_CAPACITY = 3,
    /** Clinical work is recorded only after the first session
     *  ("session_held"). */
    IPT_RULE_SESSION_HELD = 4,
    /** The initial phase ends by the profile's last initial session
     *  ("initial_phase_length"). */
    IPT_RULE_INITIAL_PHASE_LENGTH = 5,
    /** Every initial-phase task is done before the middle phase
     *  ("initial_tasks_done"). */
    IPT_RULE_INITIAL_TASKS_DONE = 6,
    /** The ending is discussed at least the profile's notice before the
     *  last session ("ending_notice"). */
    IPT_RULE_ENDING_NOTICE = 7,
    /** A task is recorded in its own phase ("task_in_phase"). */
    IPT_RULE_TASK_IN_PHASE = 8,
    /** A task is recorded once ("task_once"). */
    IPT_RULE_TASK_ONCE = 9,
    /** The problem area is identified only once a focus is chosen, and the
     *  formulation only once the problem area is identified
     *  ("task_order"). */
    IPT_RULE_TASK_ORDER = 10,
    /** One focal area, up to the profile's maximum ("focus_count"). */
    IPT_RULE_FOCUS_COUNT = 11,
    /** Focal areas are among those the profile allows
     *  ("focus_allowed"). */
    IPT_RULE_FOCUS_ALLOWED = 12,
    /** Interpersonal deficits only when no other area is chosen
     *  ("deficits_alone"). */
    IPT_RULE_DEFICITS_ALONE = 13,
    /** A new choice of focus differs from the current one
     *  ("focus_changed"). */
    IPT_RULE_FOCUS_CHANGED = 14,
    /** A dispute is staged only while role dispute is a focus
     *  ("dispute_is_focus"). */
    IPT_RULE_DISPUTE_IS_FOCUS = 15,
    /** A new dispute stage differs from the current one
     *  ("dispute_stage_changed"). */
    IPT_RULE_DISPUTE_STAGE_CHANGED = 16,
    /** A contract stays within the profile's session limits
     *  ("contract_limits"). */
    IPT_RULE_CONTRACT_LIMITS = 17,
    /** A renegotiated contract differs from the current one
     *  ("contract_changed"). */
    IPT_RULE_CONTRACT_CHANGED = 18,
    /** A renegotiated contract plans more sessions than were held
     *  ("contract_after_held"). */
    IPT_RULE_CONTRACT_AFTER_HELD = 19,
    /** Maintenance follows a discussion of continuation
     *  ("continuation_planned"). */
    IPT_RULE_CONTINUATION_PLANNED = 20,
    /** A session is held only while the contract has sessions left
     *  ("sessions_remain"). */
    IPT_RULE_SESSIONS_REMAIN = 21
};

/**
 * An event to apply to a course.
 *
 * Zero-initialise it and set the fields the event type uses; the others
 * must stay zero.  The layout is frozen (24 bytes).
 */
struct ipt_event {
    /** An ::ipt_event_type. */
    int32_t type;
    /** Task, dispute stage, end reason or planned session count, as the
     *  event type says; otherwise 0. */
    int32_t value;
    /** Caller's timestamp in any unit (for example seconds since the
     *  epoch).  libipt never reads a clock; it only requires that
     *  timestamps of accepted events never decrease. */
    int64_t timestamp;
    /** Mask of ::ipt_area bits for #IPT_EVENT_CHOOSE_FOCUS; otherwise 0. */
    uint32_t areas;
    /** Must be 0. */
    uint32_t reserved;
};

/**
 * One accepted event, as recorded in the event log.
 *
 * The layout is frozen (40 bytes).
 */
struct ipt_log_entry {
    /** The ::ipt_event_type. */
    int32_t type;
    /** ipt_event.value as applied. */
    int32_t value;
    /** ipt_event.timestamp. */
    int64_t timestamp;
    /** ipt_event.areas as applied. */
    uint32_t areas;
    /** Sessions held once the event was applied: for
     *  #IPT_EVENT_HOLD_SESSION the number of the session just held, for
     *  other events the session they belong to (0 before the first). */
    uint32_t session;
    /** ::ipt_state before the event. */
    int32_t state_before;
    /** ::ipt_state after the event. */
    int32_t state_after;
    /** Focal areas after the event (mask of ::ipt_area bits). */
    uint32_t focus_after;
    /** Always 0. */
    uint32_t reserved;
};

/** A course of IPT (opaque). */
struct ipt_course;

/**
 * Observer of accepted events.
 *
 * Called synchronously, on the thread that applied the event, after the
 * course has changed and the entry is in the log.  The observer may call
 * the const functions of @p course but not change it: ipt_course_apply()
 * and ipt_course_reserve_log() return #IPT_ERR_BUSY when called from it.
 *
 * @param[in] course     The course that changed.
 * @param[in] entry      The new log entry; valid only during the call.
 * @param[in] user_data  As given to ipt_course_set_observer().
 */
typedef void (*ipt_observer_fn)(const struct ipt_course *course,
                                const struct ipt_log_entry *entry,
                                void *user_data);

/**
 * Name of an event type, e.g. "hold_session".
 * @param[in] type  Any value.
 * @return Static string, or NULL if @p type is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_event_type_name(enum ipt_event_type type);

/**
 * Event type named @p name.
 * @param[in]  name  A name as returned by ipt_event_type_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No event type has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_event_type_from_name(const char *name, enum ipt_event_type *out);

/**
 * Name of a rule, e.g. "initial_tasks_done".
 * @param[in] rule  Any value.
 * @return Static string, or NULL if @p rule is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_rule_name(enum ipt_rule rule);

/**
 * Rule named @p name.
 * @param[in]  name  A name as returned by ipt_rule_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No rule has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_rule_from_name(const char *name, enum ipt_rule *out);

/**
 * One-sentence statement of a rule, e.g. "every initial-phase task is done
 * before the middle phase begins".
 * @param[in] rule  Any value.
 * @return Static string, or NULL if @p rule is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_rule_description(enum ipt_rule rule);

/**
 * Create a course in #IPT_STATE_NOT_STARTED.
 *
 * The course copies @p profile and plans its
 * @ref ipt_profile_params.planned_sessions.  Its event log starts with room
 * for `2 * max_sessions + 32` entries.
 *
 * @param[in]  profile    Protocol profile; copied, need not outlive the
 *                        course.
 * @param[in]  allocator  Allocator, or NULL for malloc/free; copied.
 * @param[out] out        Receives the course, owned by the caller (release
 *                        with ipt_course_free()); untouched on error.
 * @retval IPT_OK                    Created.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p profile or @p out is NULL, or the
 *                                   allocator lacks a function.
 * @retval IPT_ERR_NO_MEMORY         Allocation failed; nothing leaked.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_new(const struct ipt_profile *profile,
               const struct ipt_allocator *allocator,
               struct ipt_course **out);

/**
 * Release a course and its event log.
 * @param[in] course  The course; NULL does nothing.
 * @since 0.1
 */
IPT_API void
ipt_course_free(struct ipt_course *course);

/**
 * Apply an event.
 *
 * Checks, in this order: the arguments (#IPT_ERR_INVALID_ARGUMENT,
 * #IPT_ERR_OUT_OF_RANGE), the transition table (#IPT_ERR_EVENT_NOT_ALLOWED),
 * the timestamp order (#IPT_ERR_OUT_OF_RANGE), the protocol's guards
 * (#IPT_ERR_GUARD_FAILED) and the log's capacity (#IPT_ERR_LOG_FULL).  On
 * any failure the course is unchanged except that ipt_course_last_error()
 * and ipt_course_last_rule() describe the failure.  On success the event is
 * logged, automatic transitions are taken (middle → termination when the
 * remaining planned sessions reach the profile's termination length;
 * termination → completed after the last planned session), and the
 * observer is called.  Never allocates.
 *
 * @param[in,out] course  The course.
 * @param[in]     event   The event; copied.
 * @retval IPT_OK                     Accepted.
 * @retval IPT_ERR_INVALID_ARGUMENT   A pointer is NULL or a reserved field
 *                                    is not zero.
 * @retval IPT_ERR_OUT_OF_RANGE       Unknown event type, a value out of
 *                                    range, or a timestamp earlier than the
 *                                    previous event's.
 * @retval IPT_ERR_EVENT_NOT_ALLOWED  Never accepted in the current state.
 * @retval IPT_ERR_GUARD_FAILED       A protocol rule is not met.
 * @retval IPT_ERR_LOG_FULL           The event log is full.
 * @retval IPT_ERR_BUSY               Called from the course's observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_apply(struct ipt_course *course, const struct ipt_event *event);

/**
 * Tell whether an event would be accepted now, without applying it.
 *
 * Runs exactly the checks of ipt_course_apply() and returns the status it
 * would return; neither the course nor its last error changes.  Meant for
 * user interfaces that grey out actions.
 *
 * @param[in]  course    The course.
 * @param[in]  event     The event.
 * @param[out] rule      Optional; receives the rule that would refuse the
 *                       event (#IPT_RULE_NONE if accepted or refused for a
 *                       bad argument).
 * @param[out] msg       Optional buffer for the refusal message ("" when the
 *                       event would be accepted); may be NULL.
 * @param[in]  msg_size  Size of @p msg; the message is truncated to fit.
 * @return As ipt_course_apply() would, except that #IPT_ERR_BUSY is never
 *         returned.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_check(const struct ipt_course *course,
                 const struct ipt_event *event, enum ipt_rule *rule,
                 char *msg, uint64_t msg_size);

/**
 * Message describing the course's last failed call, e.g. "initial phase
 * cannot end: interpersonal formulation not done".
 *
 * @param[in] course  The course.
 * @return A string owned by the course, valid until the next call that
 *         changes it; "" if the last call succeeded.  Never NULL: a NULL
 *         @p course yields a static message saying so.
 * @since 0.1
 */
IPT_API const char *
ipt_course_last_error(const struct ipt_course *course);

/**
 * Rule broken by the course's last failed call.
 * @param[in] course  The course.
 * @return The rule, or #IPT_RULE_NONE (also when @p course is NULL).
 * @since 0.1
 */
IPT_API enum ipt_rule
ipt_course_last_rule(const struct ipt_course *course);

/**
 * Set or clear the observer.
 * @param[in,out] course     The course.
 * @param[in]     fn         Observer, or NULL to clear it.
 * @param[in]     user_data  Passed to @p fn; may be NULL.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p course is NULL.
 * @retval IPT_ERR_BUSY              Called from the observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_set_observer(struct ipt_course *course, ipt_observer_fn fn,
                        void *user_data);

/**
 * Current state.
 * @param[in]  course  The course.
 * @param[out] out     Receives the state.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_state(const struct ipt_course *course, enum ipt_state *out);

/**
 * Phase in which the next session would be held: the current phase while
 * the course is in the initial, middle or termination phase.
 *
 * @param[in]  course  The course.
 * @param[out] out     Receives #IPT_STATE_INITIAL, #IPT_STATE_MIDDLE or
 *                     #IPT_STATE_TERMINATION; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL.
 * @retval IPT_ERR_NOT_AVAILABLE     No session can be held: the course has
 *                                   not started or has ended.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_next_phase(const struct ipt_course *course,
                          enum ipt_state *out);

/**
 * Session counts.  Each output is optional.
 * @param[in]  course     The course.
 * @param[out] held       Sessions held so far, or NULL.
 * @param[out] planned    Sessions in the current contract, or NULL.
 * @param[out] remaining  Planned sessions not yet held, or NULL.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p course is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_sessions(const struct ipt_course *course, uint32_t *held,
                        uint32_t *planned, uint32_t *remaining);

/**
 * Focal problem areas.
 * @param[in]  course  The course.
 * @param[out] areas   Receives a mask of ::ipt_area bits (0 if none chosen).
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_focus(const struct ipt_course *course, uint32_t *areas);

/**
 * Stage of the role dispute.
 *
 * After dissolution the stage stays #IPT_DISPUTE_DISSOLUTION although role
 * dispute is no longer a focus.
 *
 * @param[in]  course  The course.
 * @param[out] out     Receives the stage; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL.
 * @retval IPT_ERR_NOT_AVAILABLE     No dispute has been staged.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_dispute_stage(const struct ipt_course *course,
                             enum ipt_dispute_stage *out);

/**
 * Tasks done and missing.  Each output is optional.
 * @param[in]  course   The course.
 * @param[out] done     Mask of ::ipt_task bits done, or NULL.
 * @param[out] missing  Mask of ::ipt_task bits not done, or NULL; AND it
 *                      with #IPT_TASKS_INITIAL or #IPT_TASKS_TERMINATION
 *                      for one phase.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p course is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_tasks(const struct ipt_course *course, uint32_t *done,
                     uint32_t *missing);

/**
 * Why the course was discontinued.
 * @param[in]  course  The course.
 * @param[out] out     Receives the reason; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL.
 * @retval IPT_ERR_NOT_AVAILABLE     The course was not discontinued.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_end_reason(const struct ipt_course *course,
                          enum ipt_end_reason *out);

/**
 * The course's copy of its profile.
 * @param[in]  course  The course.
 * @param[out] out     Receives a profile owned by the course, valid as long
 *                     as the course; never free it.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_get_profile(const struct ipt_course *course,
                       const struct ipt_profile **out);

/**
 * Number of entries in the event log, and its capacity.  Each output is
 * optional.
 * @param[in]  course    The course.
 * @param[out] count     Entries logged, or NULL.
 * @param[out] capacity  Entries the log can hold, or NULL.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p course is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_log_size(const struct ipt_course *course, uint32_t *count,
                    uint32_t *capacity);

/**
 * Read one entry of the event log.
 * @param[in]  course  The course.
 * @param[in]  index   0 (the oldest) to count - 1.
 * @param[out] out     Receives a copy of the entry; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p index is not below the count.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_log_get(const struct ipt_course *course, uint32_t index,
                   struct ipt_log_entry *out);

/**
 * Make room for at least @p capacity log entries.
 *
 * The only course function besides ipt_course_new() that allocates.  A
 * capacity at or below the current one does nothing.
 *
 * @param[in,out] course    The course.
 * @param[in]     capacity  Entries wanted, at most 1048576.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p course is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p capacity is too large.
 * @retval IPT_ERR_NO_MEMORY         Allocation failed; the log is unchanged.
 * @retval IPT_ERR_BUSY              Called from the observer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_reserve_log(struct ipt_course *course, uint32_t capacity);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_COURSE_H */
