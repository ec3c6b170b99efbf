/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-profile.h
 * @brief Protocol profiles: the numbers that shape a course of IPT.
 */
#ifndef IPT_PROFILE_H
#define IPT_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-alloc.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-measure.h>
#include <ipt/ipt-status.h>
#include <ipt/ipt-types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup profile Protocol profiles
 * The numbers that shape a course, as data.
 *
 * A profile is an immutable object.  Built-in profiles are static and live
 * as long as the program; profiles made with ipt_profile_new() belong to the
 * caller and are released with ipt_profile_free().  A course copies its
 * profile when it is created, so a profile may be freed while courses made
 * from it are still in use.  Profiles may be shared read-only between
 * threads.
 * @{
 */

/** Largest session count a profile may plan (ten years of weekly
 *  sessions). */
#define IPT_PROFILE_MAX_SESSIONS 520u

/** Longest profile name, in bytes, without the terminating NUL. */
#define IPT_PROFILE_NAME_MAX 63u

/** An immutable protocol profile (opaque). */
struct ipt_profile;

/**
 * Parameters of a protocol profile.
 *
 * The struct starts with its own size so that it can grow without breaking
 * callers: set @ref size to `sizeof(struct ipt_profile_params)` before
 * passing it in.  A larger struct from newer headers is accepted if the
 * bytes this library does not know are zero.
 *
 * Session numbers count from 1.  ipt_profile_check() states the rules the
 * numbers must obey.
 */
struct ipt_profile_params {
    /** `sizeof(struct ipt_profile_params)` as seen by the caller. */
    uint32_t size;
    /** Sessions in a new course's contract. */
    uint32_t planned_sessions;
    /** Fewest sessions a contract may be renegotiated to. */
    uint32_t min_sessions;
    /** Most sessions a contract may be renegotiated to. */
    uint32_t max_sessions;
    /** Last session that may belong to the initial phase: the initial phase
     *  must be over before session `initial_last_session + 1` is held. */
    uint32_t initial_last_session;
    /** Number of final sessions that form the termination phase: the middle
     *  phase turns into termination as soon as no more than this many
     *  planned sessions remain. */
    uint32_t termination_sessions;
    /** How many sessions before the last one, at the latest, the ending must
     *  have been discussed (task #IPT_TASK_DISCUSS_ENDING). 0 disables the
     *  rule. */
    uint32_t ending_notice_sessions;
    /** Most problem areas a course may focus on at once. */
    uint32_t max_focal_areas;
    /** Mask of the problem areas the profile allows (#IPT_AREA_BIT). */
    uint32_t allowed_areas;
};

/**
 * Look up a built-in profile by name.
 *
 * The built-in profiles, in listing order: "standard" (standard IPT for
 * depression: 16 planned weekly sessions, 12 to 16 allowed; initial phase
 * sessions 1–3; termination the final 4 sessions; ending discussed at least
 * 2 sessions ahead; one focal area, at most two), "brief" (IPT-B),
 * "adolescent" (IPT-A), "group_who" (WHO group IPT), "counselling"
 * (Interpersonal Counselling, IPC), "maintenance" (IPT-M), "ipsrt"
 * (interpersonal and social rhythm therapy for bipolar disorder) and
 * "eating_disorders" (IPT for bulimia nervosa, IPT-BN).  The page
 * @ref profiles compares them side by side, with each one's source and
 * the numbers that are not verified.  Names are stable.
 *
 * @param[in]  name  Profile name.
 * @param[out] out   Receives a static profile (never free it); untouched on
 *                   error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No built-in profile has that name.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_profile_builtin(const char *name, const struct ipt_profile **out);

/**
 * Number of built-in profiles.
 * @return The count; at least 1.
 * @note Thread-safe; never fails.
 * @since 0.1
 */
IPT_API uint32_t
ipt_profile_builtin_count(void);

/**
 * Built-in profile by position, for listing them.
 * @param[in]  index  0 to ipt_profile_builtin_count() - 1.
 * @param[out] out    Receives a static profile; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p index is too large.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_profile_builtin_at(uint32_t index, const struct ipt_profile **out);

/**
 * Check profile parameters without creating a profile.
 *
 * The rules: 1 ≤ min_sessions ≤ planned_sessions ≤ max_sessions ≤
 * #IPT_PROFILE_MAX_SESSIONS; initial_last_session ≥ 1;
 * termination_sessions ≥ 1; initial_last_session + termination_sessions <
 * min_sessions (every course has at least one middle session);
 * ending_notice_sessions ≤ termination_sessions; allowed_areas is a
 * non-empty mask of known areas; 1 ≤ max_focal_areas ≤ the number of
 * allowed areas.
 *
 * @param[in]  params    Parameters to check.
 * @param[out] msg       Optional buffer that receives a NUL-terminated
 *                       sentence naming the first rule broken (or "" when
 *                       the parameters are valid); may be NULL.
 * @param[in]  msg_size  Size of @p msg in bytes; the text is truncated to
 *                       fit.
 * @retval IPT_OK                    The parameters are valid.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p params is NULL or its size is too
 *                                   small.
 * @retval IPT_ERR_UNSUPPORTED       @p params is larger than this library
 *                                   knows and the extra bytes are not zero.
 * @retval IPT_ERR_INVALID_PROFILE   A rule is broken.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_profile_check(const struct ipt_profile_params *params, char *msg,
                  uint64_t msg_size);

/**
 * Create a profile of the caller's own.
 *
 * @param[in]  name       Stable identifier: 1 to #IPT_PROFILE_NAME_MAX
 *                        characters from `a`–`z`, `0`–`9` and `_`.  Copied.
 * @param[in]  params     Parameters, checked as by ipt_profile_check().
 *                        Copied.
 * @param[in]  allocator  Allocator for the profile, or NULL for malloc/free.
 *                        Copied.
 * @param[out] out        Receives the new profile, owned by the caller
 *                        (release with ipt_profile_free()); untouched on
 *                        error.
 * @retval IPT_OK                    Created.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL, the allocator lacks a
 *                                   function, @p name is not a valid
 *                                   identifier or @p params is too small.
 * @retval IPT_ERR_UNSUPPORTED       @p params has unknown non-zero fields.
 * @retval IPT_ERR_INVALID_PROFILE   The parameters break a rule (use
 *                                   ipt_profile_check() for the message).
 * @retval IPT_ERR_NO_MEMORY         Allocation failed.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_profile_new(const char *name, const struct ipt_profile_params *params,
                const struct ipt_allocator *allocator,
                struct ipt_profile **out);

/**
 * Release a profile made by ipt_profile_new().
 *
 * Courses made from it are not affected.
 *
 * @param[in] profile  The profile; NULL does nothing, and so does a
 *                     built-in profile or a course's copy (see
 *                     ipt_course_get_profile()).
 * @since 0.1
 */
IPT_API void
ipt_profile_free(struct ipt_profile *profile);

/**
 * Name of a profile.
 * @param[in] profile  The profile.
 * @return A string owned by the profile, valid as long as it; NULL if
 *         @p profile is NULL.
 * @since 0.1
 */
IPT_API const char *
ipt_profile_name(const struct ipt_profile *profile);

/**
 * Copy a profile's parameters out.
 *
 * Copies min(`out->size`, `sizeof(struct ipt_profile_params)`) bytes, so
 * callers compiled against older or newer headers both work; `out->size` is
 * left as the caller set it.
 *
 * @param[in]     profile  The profile.
 * @param[in,out] out      Caller's struct with @ref ipt_profile_params.size
 *                         set.
 * @retval IPT_OK                    Copied.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL or `out->size` is
 *                                   smaller than the first version of the
 *                                   struct.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_profile_get_params(const struct ipt_profile *profile,
                       struct ipt_profile_params *out);

/** Bit of a measure @p kind in a mask of measures (see
 *  ipt_profile_measures()). */
#define IPT_MEASURE_KIND_BIT(kind) (UINT32_C(1) << (unsigned)(kind))

/**
 * Human-readable title of a profile, e.g. "Brief IPT (IPT-B)".
 * @param[in] profile  The profile.
 * @return A static string for a built-in profile (and a course's copy of
 *         one); "" for a profile made with ipt_profile_new(); NULL if
 *         @p profile is NULL.
 * @since 0.1
 */
IPT_API const char *
ipt_profile_title(const struct ipt_profile *profile);

/**
 * Where a profile's numbers come from: the manuals, papers or web pages the
 * project's domain reference cites.
 * @param[in] profile  The profile.
 * @return A static string for a built-in profile; "" for a profile made
 *         with ipt_profile_new(); NULL if @p profile is NULL.
 * @since 0.1
 */
IPT_API const char *
ipt_profile_source(const struct ipt_profile *profile);

/**
 * What in a profile is not verified, or is the library's own choice.
 *
 * Every number of a built-in profile that the sources do not state, or
 * that the project's domain reference marks unverified, is named here.
 *
 * @param[in] profile  The profile.
 * @return A static string for a built-in profile ("" when nothing is
 *         unverified); "" for a profile made with ipt_profile_new(); NULL
 *         if @p profile is NULL.
 * @since 0.1
 */
IPT_API const char *
ipt_profile_notes(const struct ipt_profile *profile);

/**
 * A profile's own label for a problem area.
 *
 * Variants name the same problem area differently: WHO group IPT calls
 * role transitions "life changes" and interpersonal deficits "loneliness/
 * social isolation".  The label is for people; files and programs use
 * ipt_area_name().
 *
 * @param[in] profile  The profile.
 * @param[in] area     A problem area.
 * @return A static string: the profile's label, or for a profile made with
 *         ipt_profile_new() a plain English label ("grief", "role dispute",
 *         "role transition", "interpersonal deficits", "grief for the lost
 *         healthy self").  NULL if @p profile is NULL, @p area is unknown
 *         or the profile does not allow @p area.
 * @since 0.1
 */
IPT_API const char *
ipt_profile_area_label(const struct ipt_profile *profile,
                       enum ipt_area area);

/**
 * Days between sessions that a profile plans: 7 for weekly sessions, 30
 * for monthly ones.
 *
 * Informational: courses record session numbers, not dates, and nothing in
 * the library schedules sessions.
 *
 * @param[in] profile  The profile.
 * @return The cadence in days; 0 for a profile made with ipt_profile_new()
 *         (not stated) or if @p profile is NULL.
 * @since 0.1
 */
IPT_API uint32_t
ipt_profile_cadence_days(const struct ipt_profile *profile);

/**
 * Meetings a profile holds before its first session: the engagement
 * session of IPT-B, the individual pre-group meeting of WHO group IPT.
 *
 * They are counted outside the phases.  A course does not record them: they
 * are not events, do not count as held sessions and do not move a course
 * out of #IPT_STATE_NOT_STARTED.  The number is informational, like
 * ipt_profile_cadence_days().
 *
 * @param[in] profile  The profile.
 * @return The number of such meetings (at most); 0 for a profile made with
 *         ipt_profile_new() or if @p profile is NULL.
 * @since 0.1
 */
IPT_API uint32_t
ipt_profile_pre_sessions(const struct ipt_profile *profile);

/**
 * Measures a profile uses to follow a course.
 *
 * Informational: a course accepts every measure kind whatever its profile.
 * Only kinds of ::ipt_measure_kind appear.  The Social Rhythm Metric that
 * IPSRT reviews every week is scored by ipt_srm5_score() but is not a
 * measure kind, so it is not listed (see ipt_profile_notes() of "ipsrt").
 *
 * @param[in] profile  The profile.
 * @return A mask of #IPT_MEASURE_KIND_BIT bits of ::ipt_measure_kind; 0 for
 *         a profile made with ipt_profile_new() or if @p profile is NULL.
 * @since 0.1
 */
IPT_API uint32_t
ipt_profile_measures(const struct ipt_profile *profile);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_PROFILE_H */
