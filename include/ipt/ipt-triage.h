/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-triage.h
 * @brief Problem-area triage: candidate focal areas from an interpersonal
 *        inventory and life events.
 */
#ifndef IPT_TRIAGE_H
#define IPT_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-export.h>
#include <ipt/ipt-profile.h>
#include <ipt/ipt-status.h>
#include <ipt/ipt-types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup triage Problem-area triage
 * Suggest focal problem areas from the interpersonal inventory.
 *
 * ipt_triage() reads the people who matter to the patient and the life
 * events around the onset of symptoms, and ranks the problem areas that
 * the data point to, with reasons, following the manuals' logic: a
 * significant death near onset points to grief, an active non-reciprocal
 * dispute to role dispute, a major life change near onset to role
 * transition, and only when none of these applies and close relationships
 * are few, to interpersonal deficits, the area of last resort.  The rules
 * and their thresholds are listed on the @ref triage_rules "triage page".
 * Only these four areas are ever proposed: the triage has no rule for
 * #IPT_AREA_LOST_HEALTHY_SELF (IPSRT), which the therapist chooses.
 *
 * Triage supports the therapist's formulation, which is agreed with the
 * patient; it does not diagnose or decide.  The inventory describes people
 * only by relationship and ratings: it holds no names.
 * @{
 */

/** A calendar date (proleptic Gregorian). */
struct ipt_date {
    /** Year, 1900 to 2200. */
    int32_t year;
    /** Month, 1 to 12. */
    int32_t month;
    /** Day of the month, 1 to 28–31. */
    int32_t day;
};

/** How a person is related to the patient. */
enum ipt_relationship {
    IPT_REL_PARTNER = 1,      /**< Spouse or partner ("partner"). */
    IPT_REL_PARENT = 2,       /**< Parent ("parent"). */
    IPT_REL_CHILD = 3,        /**< Child ("child"). */
    IPT_REL_SIBLING = 4,      /**< Sibling ("sibling"). */
    IPT_REL_RELATIVE = 5,     /**< Other relative ("relative"). */
    IPT_REL_FRIEND = 6,       /**< Friend ("friend"). */
    IPT_REL_COWORKER = 7,     /**< Colleague or fellow student
                                   ("coworker"). */
    IPT_REL_OTHER = 8         /**< Anyone else ("other"). */
};

/** Whether the patient and a person expect the same of their
 *  relationship. */
enum ipt_reciprocity {
    /** Expectations match ("reciprocal"). */
    IPT_RECIPROCITY_RECIPROCAL = 1,
    /** Expectations differ ("non_reciprocal"). */
    IPT_RECIPROCITY_NON_RECIPROCAL = 2,
    /** Not yet explored ("unknown"). */
    IPT_RECIPROCITY_UNKNOWN = 3
};

/** How a relationship changed since symptoms began. */
enum ipt_change {
    IPT_CHANGE_NONE = 1,      /**< Unchanged ("none"). */
    IPT_CHANGE_WORSE = 2,     /**< Got worse ("worse"). */
    IPT_CHANGE_BETTER = 3,    /**< Got better ("better"). */
    IPT_CHANGE_ENDED = 4,     /**< Ended ("ended"). */
    IPT_CHANGE_NEW = 5,       /**< Began ("new"). */
    IPT_CHANGE_UNKNOWN = 6    /**< Not yet explored ("unknown"). */
};

/** One person in the interpersonal inventory.  Ratings run from 0 (none)
 *  to 4 (very high).  The layout is frozen (32 bytes). */
struct ipt_person {
    /** ::ipt_relationship. */
    int32_t relationship;
    /** Emotional closeness, 0–4. */
    int32_t closeness;
    /** Frequency of contact, 0–4. */
    int32_t contact;
    /** Support the patient receives, 0–4. */
    int32_t support;
    /** Open or silent conflict, 0–4. */
    int32_t conflict;
    /** ::ipt_reciprocity of expectations. */
    int32_t reciprocity;
    /** ::ipt_change since the onset of symptoms. */
    int32_t change;
    /** Must be 0. */
    int32_t reserved;
};

/** Kinds of life events. */
enum ipt_life_event_type {
    /** Death of someone significant ("death"). */
    IPT_LIFE_DEATH = 1,
    /** A role change: job, move, marriage, separation, parenthood,
     *  illness, retirement ("role_change"). */
    IPT_LIFE_ROLE_CHANGE = 2,
    /** The start of a dispute ("dispute_start"). */
    IPT_LIFE_DISPUTE_START = 3
};

/** A life event.  The layout is frozen (24 bytes). */
struct ipt_life_event {
    /** ::ipt_life_event_type. */
    int32_t type;
    /** Index of the person involved in the inventory's people, or -1. */
    int32_t person;
    /** When it happened. */
    struct ipt_date date;
    /** Must be 0. */
    int32_t reserved;
};

/**
 * Input of ipt_triage().  Starts with its own size: set @ref size to
 * `sizeof(struct ipt_inventory)`.
 */
struct ipt_inventory {
    /** `sizeof(struct ipt_inventory)` as seen by the caller. */
    uint32_t size;
    /** Number of entries in @ref people. */
    uint32_t person_count;
    /** The people who matter; may be NULL when @ref person_count is 0.
     *  Borrowed for the call. */
    const struct ipt_person *people;
    /** Number of entries in @ref events. */
    uint32_t event_count;
    /** Must be 0. */
    uint32_t reserved;
    /** Life events; may be NULL when @ref event_count is 0.  Borrowed for
     *  the call. */
    const struct ipt_life_event *events;
    /** When depressive symptoms began. */
    struct ipt_date onset;
    /** Must be 0 (keeps the size free of padding). */
    uint32_t reserved2;
};

/** Reasons attached to a candidate (bits of ipt_triage_candidate.reasons). */
enum ipt_triage_reason {
    /** A significant death within the window before onset
     *  ("death_near_onset"). */
    IPT_TRIAGE_DEATH_NEAR_ONSET = 1,
    /** A significant death longer ago, with mourning possibly unfinished
     *  ("earlier_death"). */
    IPT_TRIAGE_EARLIER_DEATH = 2,
    /** A close relationship with conflict and non-reciprocal expectations
     *  ("active_dispute"). */
    IPT_TRIAGE_ACTIVE_DISPUTE = 3,
    /** A dispute began near onset ("dispute_near_onset"). */
    IPT_TRIAGE_DISPUTE_NEAR_ONSET = 4,
    /** A role change near onset ("role_change_near_onset"). */
    IPT_TRIAGE_ROLE_CHANGE_NEAR_ONSET = 5,
    /** An important relationship ended or began since onset
     *  ("relationship_changed"). */
    IPT_TRIAGE_RELATIONSHIP_CHANGED = 6,
    /** Few close or supportive relationships
     *  ("few_close_relationships"). */
    IPT_TRIAGE_FEW_CLOSE_RELATIONSHIPS = 7,
    /** No death, dispute or life change points elsewhere
     *  ("no_other_area"). */
    IPT_TRIAGE_NO_OTHER_AREA = 8,
    /** The area is not allowed by the profile and was left out
     *  ("not_allowed_by_profile"). */
    IPT_TRIAGE_NOT_ALLOWED = 9
};

/** Overall result of a triage. */
enum ipt_triage_verdict {
    /** At least one candidate area ("focus_found"). */
    IPT_TRIAGE_FOCUS_FOUND = 1,
    /** No clear focus yet: complete the inventory
     *  ("no_clear_focus"). */
    IPT_TRIAGE_NO_CLEAR_FOCUS = 2
};

/** A candidate focal area. */
struct ipt_triage_candidate {
    /** The ::ipt_area. */
    int32_t area;
    /** Strength of the evidence, 1 to 100. */
    uint32_t score;
    /** Mask of ::ipt_triage_reason bits (`1 << reason`). */
    uint32_t reasons;
    /** For a role dispute, the suggested ::ipt_dispute_stage; otherwise
     *  0. */
    int32_t suggested_stage;
};

/** Name of a relationship, e.g. "partner"; NULL if unknown.
 *  @param[in] relationship Any value.
 *  @return Static string, never to be freed; NULL if the value is
 *  unknown. @since 0.1 */
IPT_API const char *
ipt_relationship_name(enum ipt_relationship relationship);

/** Relationship named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_relationship_from_name(const char *name, enum ipt_relationship *out);

/** Name of a reciprocity value, e.g. "non_reciprocal"; NULL if unknown.
 *  @param[in] reciprocity Any value.
 *  @return Static string, never to be freed; NULL if the value is
 *  unknown. @since 0.1 */
IPT_API const char *
ipt_reciprocity_name(enum ipt_reciprocity reciprocity);

/** Reciprocity named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_reciprocity_from_name(const char *name, enum ipt_reciprocity *out);

/** Name of a change, e.g. "ended"; NULL if unknown.
 *  @param[in] change Any value.
 *  @return Static string, never to be freed; NULL if the value is
 *  unknown. @since 0.1 */
IPT_API const char *
ipt_change_name(enum ipt_change change);

/** Change named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_change_from_name(const char *name, enum ipt_change *out);

/** Name of a life-event type, e.g. "death"; NULL if unknown.
 *  @param[in] type Any value.
 *  @return Static string, never to be freed; NULL if the value is
 *  unknown. @since 0.1 */
IPT_API const char *
ipt_life_event_type_name(enum ipt_life_event_type type);

/** Life-event type named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_life_event_type_from_name(const char *name,
                              enum ipt_life_event_type *out);

/** Name of a triage reason, e.g. "death_near_onset"; NULL if unknown.
 *  @param[in] reason Any value.
 *  @return Static string, never to be freed; NULL if the value is
 *  unknown. @since 0.1 */
IPT_API const char *
ipt_triage_reason_name(enum ipt_triage_reason reason);

/** Triage reason named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_triage_reason_from_name(const char *name, enum ipt_triage_reason *out);

/** Human-readable explanation of a triage reason; NULL if unknown.
 *  @param[in] reason Any value.
 *  @return Static string, never to be freed; NULL if the value is
 *  unknown. @since 0.1 */
IPT_API const char *
ipt_triage_reason_text(enum ipt_triage_reason reason);

/** Name of a triage verdict, e.g. "no_clear_focus"; NULL if unknown.
 *  @param[in] verdict Any value.
 *  @return Static string, never to be freed; NULL if the value is
 *  unknown. @since 0.1 */
IPT_API const char *
ipt_triage_verdict_name(enum ipt_triage_verdict verdict);

/** Triage verdict named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_triage_verdict_from_name(const char *name,
                             enum ipt_triage_verdict *out);

/** Most candidates a triage result can hold. */
#define IPT_TRIAGE_MAX_CANDIDATES 8

/**
 * Output of ipt_triage().  Set @ref size to
 * `sizeof(struct ipt_triage_result)` before the call; the library fills
 * the rest.
 */
struct ipt_triage_result {
    /** `sizeof(struct ipt_triage_result)` as seen by the caller. */
    uint32_t size;
    /** ::ipt_triage_verdict. */
    int32_t verdict;
    /** Candidates written, strongest first. */
    uint32_t count;
    /** Always 0. */
    uint32_t reserved;
    /** The candidates; entries past @ref count are zero. */
    struct ipt_triage_candidate candidates[IPT_TRIAGE_MAX_CANDIDATES];
    /** On success, a one-line summary (for #IPT_TRIAGE_NO_CLEAR_FOCUS:
     *  what to complete).  On failure, which field of which entry is
     *  wrong, e.g. "people[2].closeness is 7; ratings run from 0 to 4". */
    char message[192];
};

/**
 * Rank candidate focal areas.
 *
 * Writes at most the profile's max_focal_areas candidates, strongest
 * first, and never pairs interpersonal deficits with another area.  When
 * the data point to no area, the verdict is #IPT_TRIAGE_NO_CLEAR_FOCUS and
 * the count is 0.  Never allocates.
 *
 * @param[in]     profile    Profile whose allowed areas and focus limit
 *                           apply.
 * @param[in]     inventory  The inventory; validated in full before use.
 * @param[in,out] result     Receives the result; its size must be set.
 *                           On failure only @ref ipt_triage_result.message
 *                           is written.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  A pointer is NULL, a size is too small,
 *                                   a reserved field is not zero, or an
 *                                   array is NULL with a non-zero count.
 * @retval IPT_ERR_UNSUPPORTED       `inventory` has unknown non-zero fields.
 * @retval IPT_ERR_OUT_OF_RANGE      A bad date, an unknown relationship,
 *                                   reciprocity, change or event type, a
 *                                   rating outside 0–4, a person index out
 *                                   of range, or more than 256 people or
 *                                   events.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_triage(const struct ipt_profile *profile,
           const struct ipt_inventory *inventory,
           struct ipt_triage_result *result);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_TRIAGE_H */
