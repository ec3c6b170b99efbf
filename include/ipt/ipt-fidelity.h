/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-fidelity.h
 * @brief Fidelity report: where a course strays from its protocol.
 */
#ifndef IPT_FIDELITY_H
#define IPT_FIDELITY_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-course.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-profile.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup fidelity Fidelity report
 * Check a course, with its session records, against a protocol profile.
 *
 * The course machine refuses events that break the protocol; the fidelity
 * report looks at the whole record afterwards and also covers what the
 * machine cannot refuse: missing measures, a safety flag without a
 * recorded follow-up, and a course checked against a stricter profile
 * than the one it ran under.  Every rule, its severity and its source are
 * on the @ref fidelity_rules "fidelity page".
 *
 * A finding is a prompt for supervision, not a judgement of the therapy.
 * @{
 */

/** Fidelity rules; each finding names one. */
enum ipt_fidelity_rule {
    /** Initial-phase tasks not all done by the profile's last initial
     *  session ("initial_tasks"). */
    IPT_FIDELITY_INITIAL_TASKS = 1,
    /** The ending was not discussed at least the profile's notice before
     *  the last session ("ending_notice"). */
    IPT_FIDELITY_ENDING_NOTICE = 2,
    /** Sessions held (or planned, for a course not yet ended) outside the
     *  profile's minimum and maximum ("session_count"). */
    IPT_FIDELITY_SESSION_COUNT = 3,
    /** More focal areas than the profile allows ("focus_count"). */
    IPT_FIDELITY_FOCUS_COUNT = 4,
    /** A focal area the profile does not allow ("focus_allowed"). */
    IPT_FIDELITY_FOCUS_ALLOWED = 5,
    /** Interpersonal deficits chosen together with another area
     *  ("deficits_alone"). */
    IPT_FIDELITY_DEFICITS_ALONE = 6,
    /** More than 4 consecutive held sessions without a symptom measure
     *  ("measure_gap"). */
    IPT_FIDELITY_MEASURE_GAP = 7,
    /** A PHQ-9 with item 9 above 0 and no safety assessment recorded in
     *  that session or the next ("safety_follow_up"). */
    IPT_FIDELITY_SAFETY_FOLLOW_UP = 8,
    /** No symptom measure in the initial phase, so there is no baseline
     *  ("no_baseline"). */
    IPT_FIDELITY_NO_BASELINE = 9
};

/** Severity of a finding. */
enum ipt_severity {
    /** Worth knowing; not a departure from the protocol ("info"). */
    IPT_SEVERITY_INFO = 1,
    /** A departure that may be justified ("warning"). */
    IPT_SEVERITY_WARNING = 2,
    /** A departure from a rule of the protocol, or an unmet safety
     *  follow-up ("error"). */
    IPT_SEVERITY_ERROR = 3
};

/** Size of ipt_finding.message, including the terminating NUL. */
#define IPT_FINDING_MESSAGE_SIZE 160u

/** One finding of the fidelity report. */
struct ipt_finding {
    /** ::ipt_fidelity_rule. */
    int32_t rule;
    /** ::ipt_severity. */
    int32_t severity;
    /** The session the finding concerns, or 0 for the course as a
     *  whole. */
    uint32_t session;
    /** Always 0. */
    uint32_t reserved;
    /** A sentence describing the finding, NUL-terminated.  It never quotes
     *  a note. */
    char message[IPT_FINDING_MESSAGE_SIZE];
};

/**
 * Check a course against a profile.
 *
 * Findings are ordered by session (course-wide findings, session 0,
 * first), then by rule value.  The function writes the first @p capacity
 * findings and sets @p count to the number there are, so a caller can ask
 * for the count with @p out NULL and @p capacity 0, then call again.
 *
 * @param[in]  course    The course, with its session records.
 * @param[in]  profile   The profile to check against, or NULL for the
 *                       course's own.  Borrowed for the call.
 * @param[out] out       Array of @p capacity findings; may be NULL when
 *                       @p capacity is 0.
 * @param[in]  capacity  Room in @p out.
 * @param[out] count     Receives the number of findings (all of them,
 *                       also when more than @p capacity).
 * @retval IPT_OK                   Checked (also when findings were cut
 *                                  off by @p capacity).
 * @retval IPT_ERR_INVALID_ARGUMENT @p course or @p count is NULL, or
 *                                  @p out is NULL with @p capacity above
 *                                  0.
 * @note Reads the course only; safe to call concurrently with other
 *       readers of the same course, never with a writer.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_fidelity_check(const struct ipt_course *course,
                   const struct ipt_profile *profile,
                   struct ipt_finding *out, uint32_t capacity,
                   uint32_t *count);

/** Name of a fidelity rule, e.g. "measure_gap"; NULL if unknown.
 *  @param[in] rule Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_fidelity_rule_name(enum ipt_fidelity_rule rule);

/** Fidelity rule named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_fidelity_rule_from_name(const char *name, enum ipt_fidelity_rule *out);

/** Source of a fidelity rule (manual, guideline, or "libipt"), e.g.
 *  "IPT Institute: PHQ-9 and GAD-7 every 4 sessions".
 *  @param[in] rule Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_fidelity_rule_source(enum ipt_fidelity_rule rule);

/** Name of a severity, e.g. "warning"; NULL if unknown.
 *  @param[in] severity Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_severity_name(enum ipt_severity severity);

/** Severity named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_severity_from_name(const char *name, enum ipt_severity *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_FIDELITY_H */
