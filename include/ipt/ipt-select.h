/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-select.h
 * @brief Technique selection: which techniques fit the session at hand.
 */
#ifndef IPT_SELECT_H
#define IPT_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-alloc.h>
#include <ipt/ipt-catalog.h>
#include <ipt/ipt-course.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup select Technique selection
 * Rank the catalogue's techniques for the session at hand.
 *
 * ipt_select_techniques() scores each technique from a weight table
 * (phase × problem area × dispute stage), adjusts the scores for the
 * context's flags, and returns them ranked with machine-readable reasons.
 * The result is deterministic: equal scores are ordered by ::ipt_technique
 * value, lowest first.  The default weight table is libipt's synthesis of
 * the manuals' phase and problem-area strategies; it is not a table found
 * in any manual (see the @ref selection "technique selection page").
 * Callers can copy it, change weights and select with their own table.
 *
 * The ranking supports a clinician's choice; it does not replace it.
 * @{
 */

/** Context flags (bits of ipt_select_context.flags). */
enum ipt_select_flag {
    /** Offer the techniques of Metacognitive Interpersonal Therapy
     *  ("allow_mit").  Without it, MIT-only techniques never appear. */
    IPT_SELECT_ALLOW_MIT = 1 << 0,
    /** The patient is an adolescent ("adolescent"). */
    IPT_SELECT_ADOLESCENT = 1 << 1,
    /** Group format ("group"). */
    IPT_SELECT_GROUP = 1 << 2,
    /** Personality-disorder features ("personality_disorder_features"). */
    IPT_SELECT_PD_FEATURES = 1 << 3,
    /** No response at mid-course ("nonresponse"). */
    IPT_SELECT_NONRESPONSE = 1 << 4,
    /** PHQ-9 item 9 (thoughts of death or self-harm) was above 0 since
     *  the last session ("safety_item9"). */
    IPT_SELECT_SAFETY_ITEM9 = 1 << 5
};

/** Mask of every flag this version knows. */
#define IPT_SELECT_FLAGS_ALL UINT32_C(0x3F)

/**
 * What the selection is about.
 *
 * Starts with its own size so that it can grow: set @ref size to
 * `sizeof(struct ipt_select_context)`.  A larger struct from newer headers
 * is accepted if the bytes this library does not know are zero.
 */
struct ipt_select_context {
    /** `sizeof(struct ipt_select_context)` as seen by the caller. */
    uint32_t size;
    /** Phase of the session: #IPT_STATE_INITIAL, #IPT_STATE_MIDDLE or
     *  #IPT_STATE_TERMINATION. */
    int32_t phase;
    /** Focal areas (mask of #IPT_AREA_BIT); the middle phase needs at
     *  least one. */
    uint32_t focus;
    /** ::ipt_dispute_stage of the role dispute, or 0 if not staged. */
    int32_t dispute_stage;
    /** Number of the session being planned (1 = the first). */
    uint32_t session;
    /** Planned sessions left, counting the session being planned. */
    uint32_t sessions_remaining;
    /** Mask of ::ipt_select_flag bits. */
    uint32_t flags;
    /** Techniques used in recent sessions (mask of #IPT_TECHNIQUE_BIT). */
    uint32_t recent_techniques;
};

/** Reasons attached to a suggestion (bits of ipt_suggestion.reasons). */
enum ipt_select_reason {
    /** The phase's weight for this technique ("phase_weight"). */
    IPT_REASON_PHASE_WEIGHT = 1,
    /** Fits the focal problem area ("area_fit"). */
    IPT_REASON_AREA_FIT = 2,
    /** Fits the stage of the role dispute ("dispute_stage_fit"). */
    IPT_REASON_DISPUTE_STAGE_FIT = 3,
    /** PHQ-9 item 9 was positive: safety comes first ("safety_first"). */
    IPT_REASON_SAFETY_FIRST = 4,
    /** MIT technique, offered because MIT is enabled ("mit_enabled"). */
    IPT_REASON_MIT_ENABLED = 5,
    /** Raised for personality-disorder features
     *  ("personality_disorder_features"). */
    IPT_REASON_PD_FEATURES = 6,
    /** Adjusted for an adolescent ("adolescent"). */
    IPT_REASON_ADOLESCENT = 7,
    /** Adjusted for the group format ("group_format"). */
    IPT_REASON_GROUP_FORMAT = 8,
    /** Raised because the course is not responding at mid-course
     *  ("nonresponse"). */
    IPT_REASON_NONRESPONSE = 9,
    /** Raised because few sessions remain ("ending_near"). */
    IPT_REASON_ENDING_NEAR = 10,
    /** Used in recent sessions: continues that work
     *  ("continues_recent_work"). */
    IPT_REASON_CONTINUES_RECENT_WORK = 11,
    /** Lowered because it was used in recent sessions, to vary the work
     *  ("recently_used"). */
    IPT_REASON_RECENTLY_USED = 12
};

/** One ranked technique. */
struct ipt_suggestion {
    /** The ::ipt_technique. */
    int32_t technique;
    /** Score from 1 to 100. */
    uint32_t score;
    /** Mask of ::ipt_select_reason bits (`1 << reason`). */
    uint32_t reasons;
    /** Always 0. */
    uint32_t reserved;
};

/** Columns of a weight table. */
enum ipt_weight_column {
    /** Initial phase, any area ("initial"). */
    IPT_COLUMN_INITIAL = 1,
    /** Middle phase, grief ("grief"). */
    IPT_COLUMN_GRIEF = 2,
    /** Middle phase, role dispute not yet staged ("role_dispute"). */
    IPT_COLUMN_ROLE_DISPUTE = 3,
    /** Middle phase, role dispute in renegotiation
     *  ("dispute_renegotiation"). */
    IPT_COLUMN_DISPUTE_RENEGOTIATION = 4,
    /** Middle phase, role dispute at an impasse ("dispute_impasse"). */
    IPT_COLUMN_DISPUTE_IMPASSE = 5,
    /** Middle phase, dissolved dispute ("dispute_dissolution"). */
    IPT_COLUMN_DISPUTE_DISSOLUTION = 6,
    /** Middle phase, role transition ("role_transition"). */
    IPT_COLUMN_ROLE_TRANSITION = 7,
    /** Middle phase, interpersonal deficits
     *  ("interpersonal_deficits"). */
    IPT_COLUMN_INTERPERSONAL_DEFICITS = 8,
    /** Termination phase, any area ("termination"). */
    IPT_COLUMN_TERMINATION = 9
};

/** A weight table (opaque): a weight from 0 to 100 for every technique and
 *  column. */
struct ipt_weights;

/**
 * Name of a context flag, e.g. "allow_mit".
 * @param[in] flag  One flag bit.
 * @return Static string, or NULL if @p flag is not a single known flag.
 * @since 0.1
 */
IPT_API const char *
ipt_select_flag_name(enum ipt_select_flag flag);

/**
 * Context flag named @p name.
 * @param[in]  name  A name as returned by ipt_select_flag_name().
 * @param[out] out   Receives the flag; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No flag has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_select_flag_from_name(const char *name, enum ipt_select_flag *out);

/**
 * Name of a selection reason, e.g. "area_fit".
 * @param[in] reason  Any value.
 * @return Static string, or NULL if @p reason is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_select_reason_name(enum ipt_select_reason reason);

/**
 * Selection reason named @p name.
 * @param[in]  name  A name as returned by ipt_select_reason_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No reason has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_select_reason_from_name(const char *name, enum ipt_select_reason *out);

/**
 * Human-readable explanation of a selection reason, e.g. "weighted for
 * the focal problem area".
 * @param[in] reason  Any value.
 * @return Static string, or NULL if @p reason is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_select_reason_text(enum ipt_select_reason reason);

/**
 * Name of a weight column, e.g. "dispute_impasse".
 * @param[in] column  Any value.
 * @return Static string, or NULL if @p column is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_weight_column_name(enum ipt_weight_column column);

/**
 * Weight column named @p name.
 * @param[in]  name  A name as returned by ipt_weight_column_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No column has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_weight_column_from_name(const char *name, enum ipt_weight_column *out);

/**
 * Create a weight table holding a copy of @p from.
 * @param[in]  from       Table to copy, or NULL for libipt's default table.
 * @param[in]  allocator  Allocator, or NULL for malloc/free; copied.
 * @param[out] out        Receives the table, owned by the caller (release
 *                        with ipt_weights_free()); untouched on error.
 * @retval IPT_OK                    Created.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL or the allocator lacks a
 *                                   function.
 * @retval IPT_ERR_NO_MEMORY         Allocation failed.
 * @note Thread-safe; @p from may be read by other threads meanwhile.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_weights_new(const struct ipt_weights *from,
                const struct ipt_allocator *allocator,
                struct ipt_weights **out);

/**
 * Release a weight table.
 * @param[in] weights  The table; NULL does nothing.
 * @since 0.1
 */
IPT_API void
ipt_weights_free(struct ipt_weights *weights);

/**
 * Read one weight.
 * @param[in]  weights    The table, or NULL for the default table.
 * @param[in]  technique  A technique.
 * @param[in]  column     A column.
 * @param[out] out        Receives the weight (0–100); untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      Unknown @p technique or @p column.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_weights_get(const struct ipt_weights *weights,
                enum ipt_technique technique, enum ipt_weight_column column,
                uint32_t *out);

/**
 * Change one weight.
 * @param[in,out] weights    The table (not the default one).
 * @param[in]     technique  A technique.
 * @param[in]     column     A column.
 * @param[in]     weight     0 (never suggested there) to 100.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p weights is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      Unknown @p technique or @p column, or
 *                                   @p weight above 100; the table is
 *                                   unchanged.
 * @note Not thread-safe for the same table.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_weights_set(struct ipt_weights *weights, enum ipt_technique technique,
                enum ipt_weight_column column, uint32_t weight);

/**
 * Fill the course-derived fields of a selection context from a course:
 * phase (of the next session), focus, dispute stage, session number and
 * sessions remaining.  From the session records (see @ref record) it also
 * adds, never removes:
 * - #IPT_SELECT_SAFETY_ITEM9 when the PHQ-9 recorded in the latest held
 *   session has item 9 above 0;
 * - #IPT_SELECT_NONRESPONSE when the next session is in the middle phase
 *   and the course's PHQ-9 series shows early non-response under the
 *   default thresholds (ipt_course_outcome());
 * - the techniques recorded in the last two held sessions to
 *   @ref ipt_select_context.recent_techniques.
 *
 * Other flags (MIT, adolescent, group, personality-disorder features) are
 * left as the caller set them; set @ref ipt_select_context.size, flags and
 * recent_techniques before the call.
 *
 * @param[in]     course  The course.
 * @param[in,out] ctx     Context with its size set.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL or `ctx->size` is too
 *                                   small.
 * @retval IPT_ERR_NOT_AVAILABLE     No session can be held: the course has
 *                                   not started or has ended; @p ctx is
 *                                   unchanged.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_select_context_from_course(const struct ipt_course *course,
                               struct ipt_select_context *ctx);

/**
 * Rank techniques for a session.
 *
 * Writes the best min(@p capacity, n) suggestions, best first, where n is
 * the number of techniques with a score above 0.  Call with @p out NULL and
 * @p capacity 0 to learn n.  Never allocates.
 *
 * @param[in]  weights   Weight table, or NULL for the default.
 * @param[in]  ctx       The context.
 * @param[out] out       Array of @p capacity suggestions, or NULL if
 *                       @p capacity is 0.
 * @param[in]  capacity  Entries in @p out.
 * @param[out] count     Receives the number of suggestions written (n when
 *                       @p capacity is 0).
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p ctx or @p count is NULL, @p out is
 *                                   NULL with a non-zero @p capacity, or
 *                                   `ctx->size` is too small.
 * @retval IPT_ERR_UNSUPPORTED       `ctx` has unknown non-zero fields.
 * @retval IPT_ERR_OUT_OF_RANGE      Unknown phase, focus bits, dispute
 *                                   stage, flags or technique bits, or a
 *                                   middle-phase context without a focus.
 * @note Thread-safe; @p weights may be shared read-only.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_select_techniques(const struct ipt_weights *weights,
                      const struct ipt_select_context *ctx,
                      struct ipt_suggestion *out, uint32_t capacity,
                      uint32_t *count);

/**
 * Explain one suggestion in a sentence, e.g. "Communication analysis
 * (score 92): weighted for the stage of the role dispute; weighted for
 * the focal problem area".
 * @param[in]  suggestion  A suggestion from ipt_select_techniques().
 * @param[out] buf         Buffer for the NUL-terminated text.
 * @param[in]  size        Size of @p buf.
 * @param[out] length      Optional; the full length without the NUL.
 * @retval IPT_OK                    Written.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p suggestion is NULL, or @p buf is NULL
 *                                   with a non-zero @p size.
 * @retval IPT_ERR_OUT_OF_RANGE      Unknown technique or reason bits.
 * @retval IPT_ERR_BUFFER_TOO_SMALL  Truncated to fit.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_suggestion_explain(const struct ipt_suggestion *suggestion, char *buf,
                       uint64_t size, uint64_t *length);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_SELECT_H */
