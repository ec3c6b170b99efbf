/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-types.h
 * @brief The vocabulary of the IPT protocol: course states, problem areas,
 *        role-dispute stages, phase tasks and reasons for ending early.
 */
#ifndef IPT_TYPES_H
#define IPT_TYPES_H

#include <stdint.h>

#include <ipt/ipt-export.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup types Protocol vocabulary
 * Enums shared by every part of libipt, with their stable names.
 *
 * Every enum has explicit values that never change, and every value has a
 * stable snake_case name (used in files, command lines and language
 * bindings).  `*_name()` turns a value into its name and returns NULL for a
 * value this library does not know; `*_from_name()` turns a name back into
 * its value and fails with #IPT_ERR_UNKNOWN_NAME.  Names are matched
 * exactly (case-sensitive).  All these functions are thread-safe.
 * @{
 */

/** State of a course of IPT: its three phases and the ways it can end. */
enum ipt_state {
    /** Created, contract not started ("not_started"). */
    IPT_STATE_NOT_STARTED = 1,
    /** Initial phase: assessment, inventory, formulation, contract
     *  ("initial"). */
    IPT_STATE_INITIAL = 2,
    /** Middle phase: work on the focal problem area(s) ("middle"). */
    IPT_STATE_MIDDLE = 3,
    /** Termination phase: consolidation and ending ("termination"). */
    IPT_STATE_TERMINATION = 4,
    /** End: the last planned session was held ("completed"). */
    IPT_STATE_COMPLETED = 5,
    /** End: the course stopped early, by dropout or for another reason
     *  ("discontinued"). */
    IPT_STATE_DISCONTINUED = 6,
    /** End: the course stopped early so that the patient could receive
     *  another treatment ("referred"). */
    IPT_STATE_REFERRED = 7,
    /** End: after completion, a continuation or maintenance contract was
     *  agreed ("maintenance"). */
    IPT_STATE_MAINTENANCE = 8
};

/** Interpersonal problem area that a course may focus on. */
enum ipt_area {
    /** Complicated bereavement after a death ("grief"). */
    IPT_AREA_GRIEF = 1,
    /** Non-reciprocal expectations in a relationship ("role_dispute"). */
    IPT_AREA_ROLE_DISPUTE = 2,
    /** A life change: a role lost and a role gained
     *  ("role_transition"). */
    IPT_AREA_ROLE_TRANSITION = 3,
    /** Social isolation or unfulfilling relationships, chosen only when no
     *  other area applies ("interpersonal_deficits"). */
    IPT_AREA_INTERPERSONAL_DEFICITS = 4,
    /** Grief for the lost healthy self: mourning the life and self the
     *  patient had before the illness ("lost_healthy_self").  The fifth
     *  problem area of interpersonal and social rhythm therapy (IPSRT) for
     *  bipolar disorder; only the "ipsrt" built-in profile allows it.
     *  Technique selection weighs it with the grief column, the problem-area
     *  triage never proposes it, and simulated patients never have it.
     *  @since 0.1 */
    IPT_AREA_LOST_HEALTHY_SELF = 5
};

/** Bit of @p area in a mask of problem areas (see ipt_course_get_focus()). */
#define IPT_AREA_BIT(area) (UINT32_C(1) << (unsigned)(area))

/**
 * Mask of the four problem areas of standard IPT (Klerman and Weissman):
 * grief, role dispute, role transition and interpersonal deficits.  Most
 * built-in profiles allow exactly these.
 * @since 0.1
 */
#define IPT_AREAS_CORE                                                  \
    (IPT_AREA_BIT(IPT_AREA_GRIEF) | IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE) | \
     IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION) |                           \
     IPT_AREA_BIT(IPT_AREA_INTERPERSONAL_DEFICITS))

/**
 * Mask with every problem area of ::ipt_area set: the four core areas
 * (#IPT_AREAS_CORE) and #IPT_AREA_LOST_HEALTHY_SELF.  Use
 * #IPT_AREAS_CORE for a profile of standard IPT.
 */
#define IPT_AREAS_ALL                                                   \
    (IPT_AREAS_CORE | IPT_AREA_BIT(IPT_AREA_LOST_HEALTHY_SELF))

/** Stage of a role dispute. */
enum ipt_dispute_stage {
    /** Both parties know they differ and are still trying to change things
     *  ("renegotiation"). */
    IPT_DISPUTE_RENEGOTIATION = 1,
    /** Negotiation has stopped; the disagreement persists in silence
     *  ("impasse"). */
    IPT_DISPUTE_IMPASSE = 2,
    /** The relationship is judged irretrievably broken ("dissolution").
     *  Final: from then on the course treats the dispute as a role
     *  transition (see ::IPT_EVENT_SET_DISPUTE_STAGE). */
    IPT_DISPUTE_DISSOLUTION = 3
};

/**
 * A task of the initial phase (values 1–7) or of the termination phase
 * (values 8–13).
 */
enum ipt_task {
    /** Initial: psychiatric history and explicit diagnosis
     *  ("history_and_diagnosis"). */
    IPT_TASK_HISTORY_AND_DIAGNOSIS = 1,
    /** Initial: psychoeducation about depression and its treatment
     *  ("psychoeducation"). */
    IPT_TASK_PSYCHOEDUCATION = 2,
    /** Initial: give the limited sick role ("sick_role"). */
    IPT_TASK_SICK_ROLE = 3,
    /** Initial: interpersonal inventory ("interpersonal_inventory"). */
    IPT_TASK_INTERPERSONAL_INVENTORY = 4,
    /** Initial: identify the problem area(s) ("problem_area").  Needs a
     *  focus chosen first. */
    IPT_TASK_PROBLEM_AREA = 5,
    /** Initial: interpersonal formulation agreed with the patient
     *  ("interpersonal_formulation").  Needs #IPT_TASK_PROBLEM_AREA done
     *  first. */
    IPT_TASK_INTERPERSONAL_FORMULATION = 6,
    /** Initial: treatment contract agreed ("treatment_contract"). */
    IPT_TASK_TREATMENT_CONTRACT = 7,
    /** Termination: ending discussed explicitly ("discuss_ending"). */
    IPT_TASK_DISCUSS_ENDING = 8,
    /** Termination: sense of independent competence fostered
     *  ("independent_competence"). */
    IPT_TASK_INDEPENDENT_COMPETENCE = 9,
    /** Termination: gains reviewed and consolidated ("review_gains"). */
    IPT_TASK_REVIEW_GAINS = 10,
    /** Termination: warning signs and a plan for relapse
     *  ("relapse_prevention"). */
    IPT_TASK_RELAPSE_PREVENTION = 11,
    /** Termination: non-response addressed and alternatives offered; it
     *  applies when the patient has not improved ("address_nonresponse"). */
    IPT_TASK_ADDRESS_NONRESPONSE = 12,
    /** Termination: continuation or maintenance discussed
     *  ("plan_continuation"). */
    IPT_TASK_PLAN_CONTINUATION = 13
};

/** Bit of @p task in a mask of tasks (see ipt_course_get_tasks()). */
#define IPT_TASK_BIT(task) (UINT32_C(1) << (unsigned)(task))

/** Mask of the seven initial-phase tasks. */
#define IPT_TASKS_INITIAL UINT32_C(0x000000FE)

/** Mask of the six termination-phase tasks. */
#define IPT_TASKS_TERMINATION UINT32_C(0x00003F00)

/** Why a course was discontinued. */
enum ipt_end_reason {
    /** The patient stopped attending ("dropout"). */
    IPT_END_DROPOUT = 1,
    /** Referred to another treatment ("referral"); the course ends in
     *  #IPT_STATE_REFERRED. */
    IPT_END_REFERRAL = 2,
    /** Any other reason ("other"). */
    IPT_END_OTHER = 3
};

/**
 * Name of a course state, e.g. "middle".
 * @param[in] state  Any value.
 * @return Static string, or NULL if @p state is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_state_name(enum ipt_state state);

/**
 * Course state named @p name.
 * @param[in]  name  A name as returned by ipt_state_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No state has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_state_from_name(const char *name, enum ipt_state *out);

/**
 * Name of a problem area, e.g. "role_dispute".
 * @param[in] area  Any value.
 * @return Static string, or NULL if @p area is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_area_name(enum ipt_area area);

/**
 * Problem area named @p name.
 * @param[in]  name  A name as returned by ipt_area_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No problem area has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_area_from_name(const char *name, enum ipt_area *out);

/**
 * Name of a role-dispute stage, e.g. "impasse".
 * @param[in] stage  Any value.
 * @return Static string, or NULL if @p stage is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_dispute_stage_name(enum ipt_dispute_stage stage);

/**
 * Role-dispute stage named @p name.
 * @param[in]  name  A name as returned by ipt_dispute_stage_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No stage has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_dispute_stage_from_name(const char *name, enum ipt_dispute_stage *out);

/**
 * Name of a task, e.g. "interpersonal_inventory".
 * @param[in] task  Any value.
 * @return Static string, or NULL if @p task is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_task_name(enum ipt_task task);

/**
 * Task named @p name.
 * @param[in]  name  A name as returned by ipt_task_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No task has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_task_from_name(const char *name, enum ipt_task *out);

/**
 * Phase a task belongs to.
 * @param[in]  task  A task.
 * @param[out] out   Receives #IPT_STATE_INITIAL or #IPT_STATE_TERMINATION;
 *                   untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p task is unknown.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_task_phase(enum ipt_task task, enum ipt_state *out);

/**
 * Name of a reason for discontinuing, e.g. "dropout".
 * @param[in] reason  Any value.
 * @return Static string, or NULL if @p reason is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_end_reason_name(enum ipt_end_reason reason);

/**
 * Reason for discontinuing named @p name.
 * @param[in]  name  A name as returned by ipt_end_reason_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No reason has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_end_reason_from_name(const char *name, enum ipt_end_reason *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_TYPES_H */
