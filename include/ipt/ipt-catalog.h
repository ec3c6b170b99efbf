/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-catalog.h
 * @brief The clinical knowledge base: techniques, goals, strategies and
 *        phase tasks, as read-only data with stable identifiers.
 */
#ifndef IPT_CATALOG_H
#define IPT_CATALOG_H

#include <stdint.h>

#include <ipt/ipt-export.h>
#include <ipt/ipt-status.h>
#include <ipt/ipt-types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup catalog Catalogue
 * Techniques, goals, strategies and tasks of IPT, with sources.
 *
 * The catalogue is static, immutable data: every pointer it returns is
 * static (never free it) and may be shared between threads.  Entries have
 * stable snake_case identifiers; texts are libipt's own summaries of the
 * published sources named in each entry.  The documentation's technique
 * and goal pages are generated from these same entries when the library is
 * built.
 * @{
 */

/** The therapy a technique belongs to. */
enum ipt_modality {
    /** Interpersonal Psychotherapy (Klerman, Weissman et al.) ("ipt"). */
    IPT_MODALITY_IPT = 1,
    /** Metacognitive Interpersonal Therapy (Dimaggio et al.), a different
     *  therapy for personality disorders ("mit"). */
    IPT_MODALITY_MIT = 2,
    /** Used in both IPT and MIT ("both"). */
    IPT_MODALITY_BOTH = 3,
    /** General clinical practice that every therapy includes, not a
     *  technique of IPT or MIT ("general"). */
    IPT_MODALITY_GENERAL = 4
};

/** Therapeutic techniques. */
enum ipt_technique {
    /** Open, non-directive exploration ("nondirective_exploration"). */
    IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION = 1,
    /** Direct elicitation of material ("direct_elicitation"). */
    IPT_TECHNIQUE_DIRECT_ELICITATION = 2,
    /** Encouragement of affect ("encouragement_of_affect"). */
    IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT = 3,
    /** Clarification ("clarification"). */
    IPT_TECHNIQUE_CLARIFICATION = 4,
    /** Communication analysis ("communication_analysis"). */
    IPT_TECHNIQUE_COMMUNICATION_ANALYSIS = 5,
    /** Decision analysis ("decision_analysis"). */
    IPT_TECHNIQUE_DECISION_ANALYSIS = 6,
    /** Role play (IPT and MIT) ("role_play"). */
    IPT_TECHNIQUE_ROLE_PLAY = 7,
    /** Use of the therapeutic relationship
     *  ("therapeutic_relationship"). */
    IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP = 8,
    /** Psychoeducation, including the sick role ("psychoeducation"). */
    IPT_TECHNIQUE_PSYCHOEDUCATION = 9,
    /** Contract setting ("contract_setting"). */
    IPT_TECHNIQUE_CONTRACT_SETTING = 10,
    /** Addressing conflict: the role-dispute work that combines
     *  clarification, communication analysis, decision analysis and role
     *  play ("addressing_conflict"). */
    IPT_TECHNIQUE_ADDRESSING_CONFLICT = 11,
    /** Safety (suicide risk) assessment ("safety_assessment"). */
    IPT_TECHNIQUE_SAFETY_ASSESSMENT = 12,
    /** MIT: guided imagery ("guided_imagery"). */
    IPT_TECHNIQUE_GUIDED_IMAGERY = 13,
    /** MIT: imagery rescripting ("imagery_rescripting"). */
    IPT_TECHNIQUE_IMAGERY_RESCRIPTING = 14,
    /** MIT: two-chair work ("two_chair_work"). */
    IPT_TECHNIQUE_TWO_CHAIR_WORK = 15,
    /** MIT: body-oriented work ("body_oriented_work"). */
    IPT_TECHNIQUE_BODY_ORIENTED_WORK = 16,
    /** MIT: mindfulness and attention regulation
     *  ("mindfulness_attention_regulation"). */
    IPT_TECHNIQUE_MINDFULNESS_ATTENTION_REGULATION = 17,
    /** MIT: interpersonal exploration of schemas
     *  ("interpersonal_schema_exploration"). */
    IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION = 18
};

/** Bit of @p technique in a mask of techniques. */
#define IPT_TECHNIQUE_BIT(technique) (UINT32_C(1) << (unsigned)(technique))

/** A catalogue entry for a technique.  Static data owned by the library;
 *  later versions may append fields. */
struct ipt_technique_info {
    /** The ::ipt_technique. */
    int32_t technique;
    /** Its ::ipt_modality. */
    int32_t modality;
    /** Stable identifier, e.g. "communication_analysis". */
    const char *id;
    /** Display name, e.g. "Communication analysis". */
    const char *display_name;
    /** A short definition in libipt's own words. */
    const char *definition;
    /** Source reference (author, title, year; chapter where known). */
    const char *source;
    /** For a technique that names a combination of others (addressing
     *  conflict), the mask (#IPT_TECHNIQUE_BIT) of its parts; otherwise 0. */
    uint32_t components;
    /** Always 0. */
    uint32_t reserved;
};

/** Kinds of goal entries. */
enum ipt_goal_kind {
    /** One of IPT's overall goals ("overall"). */
    IPT_GOAL_OVERALL = 1,
    /** A goal for one problem area ("area_goal"). */
    IPT_GOAL_AREA = 2,
    /** A strategy for one problem area ("area_strategy"). */
    IPT_GOAL_STRATEGY = 3
};

/** A catalogue entry for a goal or strategy.  Static data owned by the
 *  library; later versions may append fields. */
struct ipt_goal_info {
    /** Stable identifier, e.g. "grief_facilitate_mourning". */
    const char *id;
    /** Its ::ipt_goal_kind. */
    int32_t kind;
    /** The ::ipt_area it belongs to, or 0 for an overall goal. */
    int32_t area;
    /** The goal in libipt's own words. */
    const char *text;
    /** Source reference. */
    const char *source;
};

/** A catalogue entry for a phase task.  Static data owned by the library;
 *  later versions may append fields. */
struct ipt_task_info {
    /** The ::ipt_task. */
    int32_t task;
    /** The phase it belongs to: #IPT_STATE_INITIAL or
     *  #IPT_STATE_TERMINATION. */
    int32_t phase;
    /** Stable identifier (the name given by ipt_task_name()). */
    const char *id;
    /** Display name, e.g. "Interpersonal inventory". */
    const char *display_name;
    /** What the task involves, in libipt's own words. */
    const char *description;
    /** Source reference. */
    const char *source;
};

/**
 * Name (stable identifier) of a technique, e.g. "role_play".
 * @param[in] technique  Any value.
 * @return Static string, or NULL if @p technique is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_technique_name(enum ipt_technique technique);

/**
 * Technique named @p name.
 * @param[in]  name  A name as returned by ipt_technique_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No technique has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_technique_from_name(const char *name, enum ipt_technique *out);

/**
 * Name of a modality, e.g. "mit".
 * @param[in] modality  Any value.
 * @return Static string, or NULL if @p modality is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_modality_name(enum ipt_modality modality);

/**
 * Modality named @p name.
 * @param[in]  name  A name as returned by ipt_modality_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No modality has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_modality_from_name(const char *name, enum ipt_modality *out);

/**
 * Name of a goal kind, e.g. "area_goal".
 * @param[in] kind  Any value.
 * @return Static string, or NULL if @p kind is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_goal_kind_name(enum ipt_goal_kind kind);

/**
 * Goal kind named @p name.
 * @param[in]  name  A name as returned by ipt_goal_kind_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No goal kind has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_goal_kind_from_name(const char *name, enum ipt_goal_kind *out);

/**
 * Catalogue entry of a technique.
 * @param[in]  technique  A technique.
 * @param[out] out        Receives a static entry; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p technique is unknown.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_technique_describe(enum ipt_technique technique,
                       const struct ipt_technique_info **out);

/**
 * Number of techniques in the catalogue.
 * @return The count.
 * @since 0.1
 */
IPT_API uint32_t
ipt_technique_count(void);

/**
 * Catalogue entry of a technique by position, in ::ipt_technique order.
 * @param[in]  index  0 to ipt_technique_count() - 1.
 * @param[out] out    Receives a static entry; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p index is too large.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_technique_at(uint32_t index, const struct ipt_technique_info **out);

/**
 * Number of goal and strategy entries in the catalogue.
 * @return The count.
 * @since 0.1
 */
IPT_API uint32_t
ipt_goal_count(void);

/**
 * Goal or strategy entry by position: overall goals first, then each
 * problem area's goals and strategies in ::ipt_area order.
 * @param[in]  index  0 to ipt_goal_count() - 1.
 * @param[out] out    Receives a static entry; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p index is too large.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_goal_at(uint32_t index, const struct ipt_goal_info **out);

/**
 * Goal or strategy entry by identifier.
 * @param[in]  id   Stable identifier.
 * @param[out] out  Receives a static entry; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p id or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No entry has that identifier.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_goal_find(const char *id, const struct ipt_goal_info **out);

/**
 * Catalogue entry of a phase task.
 * @param[in]  task  A task.
 * @param[out] out   Receives a static entry; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p task is unknown.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_task_describe(enum ipt_task task, const struct ipt_task_info **out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_CATALOG_H */
