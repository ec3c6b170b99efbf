/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-measure.h
 * @brief Symptom measures (PHQ-9, HAM-D-17, GAD-7), outcomes and the
 *        Social Rhythm Metric (SRM-5).
 */
#ifndef IPT_MEASURE_H
#define IPT_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-export.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup measure Symptom measures
 * Score the PHQ-9, the HAM-D-17 and the GAD-7, band their totals, and
 * derive outcomes (change, response, remission, early non-response) from
 * a series of totals; score a week of the Social Rhythm Metric (SRM-5).
 *
 * The functions are pure: they read their arguments, write their outputs
 * and keep no state, so they may be called from any thread.  Scores are
 * descriptions of questionnaire answers; they are not diagnoses.  The
 * thresholds and their sources are listed on the @ref measures
 * "measures page".
 * @{
 */

/** A symptom measure. */
enum ipt_measure_kind {
    /** Patient Health Questionnaire, 9 items ("phq9"): total 0–27. */
    IPT_MEASURE_PHQ9 = 1,
    /** Hamilton Depression Rating Scale, 17 items ("hamd17"): total
     *  0–52. */
    IPT_MEASURE_HAMD17 = 2,
    /** Generalized Anxiety Disorder scale, 7 items ("gad7"): total
     *  0–21. */
    IPT_MEASURE_GAD7 = 3
};

/** Items of the PHQ-9, without the difficulty item. */
#define IPT_PHQ9_ITEMS 9u
/** Items of the HAM-D-17. */
#define IPT_HAMD17_ITEMS 17u
/** Items of the GAD-7. */
#define IPT_GAD7_ITEMS 7u
/** Room for items in struct ipt_measure. */
#define IPT_MEASURE_ITEMS_MAX 20u

/** Severity band of a total.  Which bands a measure uses is listed on the
 *  @ref measures "measures page". */
enum ipt_band {
    /** None or minimal ("none"). */
    IPT_BAND_NONE = 1,
    /** Mild ("mild"). */
    IPT_BAND_MILD = 2,
    /** Moderate ("moderate"). */
    IPT_BAND_MODERATE = 3,
    /** Moderately severe ("moderately_severe"; PHQ-9 15–19). */
    IPT_BAND_MODERATELY_SEVERE = 4,
    /** Severe ("severe"). */
    IPT_BAND_SEVERE = 5,
    /** Very severe ("very_severe"; HAM-D-17 under two of the three
     *  conventions). */
    IPT_BAND_VERY_SEVERE = 6
};

/** Convention for banding a HAM-D-17 total; three are in use. */
enum ipt_hamd_banding {
    /** The widely circulated clinical banding ("clinical"): 0–7 none,
     *  8–13 mild, 14–18 moderate, 19–22 severe, 23–52 very severe.  Its
     *  original attribution is unverified. */
    IPT_HAMD_BANDING_CLINICAL = 1,
    /** Zimmerman et al. 2013 ("zimmerman"): 0–7 none, 8–16 mild, 17–23
     *  moderate, 24–52 severe. */
    IPT_HAMD_BANDING_ZIMMERMAN = 2,
    /** Rush et al. 2003, IDS/QIDS conversion ("rush"): 0–7 none, 8–13
     *  mild, 14–19 moderate, 20–25 severe, 26–52 very severe. */
    IPT_HAMD_BANDING_RUSH = 3
};

/**
 * One administration of a measure, as answered.
 *
 * Give either the items or, where the measure allows it, only the total:
 * - PHQ-9: @ref item_count 9 (items 1–9, each 0–3) or 10 (the tenth is
 *   the difficulty item, 0–3, which does not count towards the total).
 *   Items are required: the safety flag depends on item 9.
 * - HAM-D-17: @ref item_count 17 (each item 0–4 or 0–2, as the scale
 *   defines it) or 0 with @ref total 0–52.
 * - GAD-7: @ref item_count 7 (each 0–3) or 0 with @ref total 0–21.
 *
 * When items are given, @ref total is computed by the library and any
 * value the caller put there is ignored.  Unused items must be 0.
 */
struct ipt_measure {
    /** ::ipt_measure_kind. */
    int32_t kind;
    /** Number of items in @ref items, or 0 for a total only. */
    uint32_t item_count;
    /** The total score. */
    int32_t total;
    /** Must be 0. */
    int32_t reserved;
    /** Item answers; items[i] is item i + 1. */
    uint8_t items[IPT_MEASURE_ITEMS_MAX];
};

/** Bits of ipt_measure_score.flags. */
enum ipt_measure_flag {
    /** PHQ-9 item 9 (thoughts of being better off dead or of self-harm)
     *  is above 0 ("safety"), whatever the total.  Any answer other than
     *  "not at all" warrants a further suicide-risk assessment by a
     *  clinician. */
    IPT_MEASURE_SAFETY = 1 << 0,
    /** The PHQ-9 difficulty item was answered ("difficulty"). */
    IPT_MEASURE_HAS_DIFFICULTY = 1 << 1,
    /** The score was computed from items ("items"). */
    IPT_MEASURE_HAS_ITEMS = 1 << 2
};

/** The score of one administration. */
struct ipt_measure_score {
    /** ::ipt_measure_kind. */
    int32_t kind;
    /** Total score. */
    int32_t total;
    /** ::ipt_band of the total. */
    int32_t band;
    /** Mask of ::ipt_measure_flag bits. */
    uint32_t flags;
    /** PHQ-9 difficulty item (0–3), or -1 when not answered. */
    int32_t difficulty;
    /** Always 0. */
    int32_t reserved;
};

/**
 * Validate and score one administration.
 * @param[in]  measure       The answers; not modified.
 * @param[in]  banding       Banding of a HAM-D-17 total; 0 selects
 *                           #IPT_HAMD_BANDING_CLINICAL.  Ignored for the
 *                           other measures, but must still be 0 or a
 *                           known value.
 * @param[out] out           Receives the score; untouched on error.
 * @param[out] message       Optional buffer (may be NULL) for a sentence
 *                           naming what is wrong, e.g. "phq9 item 9: value
 *                           4 out of range 0..3".  Written on error only.
 * @param[in]  message_size  Size of @p message.
 * @retval IPT_OK                   Scored.
 * @retval IPT_ERR_INVALID_ARGUMENT @p measure or @p out is NULL, or
 *                                  reserved or unused items are not 0.
 * @retval IPT_ERR_OUT_OF_RANGE     Unknown kind or banding, an item or
 *                                  total out of its range.
 * @retval IPT_ERR_ITEM_COUNT       The number of items does not fit the
 *                                  measure.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_measure_score(const struct ipt_measure *measure,
                  enum ipt_hamd_banding banding,
                  struct ipt_measure_score *out, char *message,
                  uint64_t message_size);

/**
 * Band of a PHQ-9 total: 0–4 none, 5–9 mild, 10–14 moderate, 15–19
 * moderately severe, 20–27 severe (Kroenke, Spitzer & Williams 2001).
 * @param[in]  total  0 to 27.
 * @param[out] out    Receives the ::ipt_band.
 * @retval IPT_OK Banded.  @retval IPT_ERR_INVALID_ARGUMENT @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE @p total is outside 0–27.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_phq9_band(int32_t total, enum ipt_band *out);

/**
 * Band of a GAD-7 total: 0–4 none, 5–9 mild, 10–14 moderate, 15–21 severe.
 * @param[in]  total  0 to 21.
 * @param[out] out    Receives the ::ipt_band.
 * @retval IPT_OK Banded.  @retval IPT_ERR_INVALID_ARGUMENT @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE @p total is outside 0–21.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_gad7_band(int32_t total, enum ipt_band *out);

/**
 * Band of a HAM-D-17 total under one of the three conventions.
 * @param[in]  total    0 to 52.
 * @param[in]  banding  The convention; 0 selects
 *                      #IPT_HAMD_BANDING_CLINICAL.
 * @param[out] out      Receives the ::ipt_band.
 * @retval IPT_OK Banded.  @retval IPT_ERR_INVALID_ARGUMENT @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE @p total is outside 0–52, or @p banding is
 *         unknown.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_hamd17_band(int32_t total, enum ipt_hamd_banding banding,
                enum ipt_band *out);

/**
 * Range of one item of a measure.
 * @param[in]  kind  The measure.
 * @param[in]  item  Item number, from 1 (for the PHQ-9, 10 is the
 *                   difficulty item).
 * @param[out] max   Receives the highest answer (the lowest is 0).
 * @retval IPT_OK Found.  @retval IPT_ERR_INVALID_ARGUMENT @p max is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE Unknown kind or item.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_measure_item_max(enum ipt_measure_kind kind, uint32_t item,
                     uint32_t *max);

/**
 * Thresholds for outcomes.  Set @ref size to
 * `sizeof(struct ipt_outcome_params)`; ipt_outcome_params_default() fills
 * in the defaults, whose sources are on the @ref measures "measures page".
 */
struct ipt_outcome_params {
    /** `sizeof(struct ipt_outcome_params)` as seen by the caller. */
    uint32_t size;
    /** Response: the latest total is at least this many percent below the
     *  baseline (default 50). 1 to 100. */
    uint32_t response_reduction_pct;
    /** PHQ-9 remission: latest total below this (default 5). 1 to 27. */
    int32_t phq9_remission_below;
    /** HAM-D-17 remission: latest total at most this (default 7). 0 to
     *  52. */
    int32_t hamd17_remission_at_most;
    /** GAD-7 remission: latest total below this (default 5). 1 to 21. */
    int32_t gad7_remission_below;
    /** Early non-response is judged at the first measurement after the
     *  baseline taken at or after this session (default 4). 2 to 520. */
    uint32_t early_session;
    /** Early non-response: the reduction from baseline at that measurement
     *  is below this percentage (default 20). 0 to 100. */
    uint32_t early_min_reduction_pct;
    /** Must be 0. */
    uint32_t reserved;
};

/**
 * Fill @p params with the defaults and set its size.
 * @param[out] params  Receives the defaults.
 * @retval IPT_OK Filled.  @retval IPT_ERR_INVALID_ARGUMENT @p params is
 *         NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_outcome_params_default(struct ipt_outcome_params *params);

/** One total in a series: the session it was taken at and the total. */
struct ipt_score_point {
    /** Session number, from 1; strictly increasing along a series. */
    uint32_t session;
    /** Total score, in the measure's range. */
    int32_t total;
};

/** Bits of ipt_outcome.flags. */
enum ipt_outcome_flag {
    /** The latest total is at least the response percentage below the
     *  baseline ("response").  Never set when the baseline is 0. */
    IPT_OUTCOME_RESPONSE = 1 << 0,
    /** The latest total meets the remission threshold ("remission"). */
    IPT_OUTCOME_REMISSION = 1 << 1,
    /** A measurement after the baseline, taken at or after the early
     *  session, exists, so early non-response was judged
     *  ("early_judged"). */
    IPT_OUTCOME_EARLY_JUDGED = 1 << 2,
    /** Early non-response: at the first measurement after the baseline
     *  taken at or after the early session, the reduction from baseline
     *  was below the early threshold ("early_nonresponse").  Never set
     *  when the baseline is 0. */
    IPT_OUTCOME_EARLY_NONRESPONSE = 1 << 3
};

/** Outcome of a series of totals of one measure. */
struct ipt_outcome {
    /** ::ipt_measure_kind. */
    int32_t kind;
    /** Number of totals in the series. */
    uint32_t count;
    /** Session of the baseline (the first total). */
    uint32_t baseline_session;
    /** The baseline total. */
    int32_t baseline;
    /** Session of the latest total. */
    uint32_t latest_session;
    /** The latest total. */
    int32_t latest;
    /** latest − baseline: negative when symptoms went down. */
    int32_t change;
    /** Reduction from baseline in per mille, (baseline − latest) × 1000 /
     *  baseline rounded toward zero; negative when symptoms rose; 0 when
     *  the baseline is 0. */
    int32_t reduction_permille;
    /** Mask of ::ipt_outcome_flag bits. */
    uint32_t flags;
    /** Always 0. */
    uint32_t reserved;
};

/**
 * Outcome of a series of totals, the first being the baseline.
 * @param[in]  kind    The measure the totals belong to.
 * @param[in]  points  The totals, in strictly increasing session order.
 * @param[in]  count   Number of totals.
 * @param[in]  params  Thresholds, or NULL for the defaults.
 * @param[out] out     Receives the outcome; untouched on error.
 * @retval IPT_OK                   Computed.
 * @retval IPT_ERR_INVALID_ARGUMENT @p out is NULL, @p points is NULL with
 *                                  @p count above 0, sessions not strictly
 *                                  increasing or 0, or @p params malformed
 *                                  (size too small, reserved not 0).
 * @retval IPT_ERR_OUT_OF_RANGE     Unknown kind, a total or a threshold out
 *                                  of range.
 * @retval IPT_ERR_NO_BASELINE      @p count is 0.
 * @retval IPT_ERR_UNSUPPORTED      @p params is larger than this library
 *                                  knows and its extra bytes are not 0.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_outcome_compute(enum ipt_measure_kind kind,
                    const struct ipt_score_point *points, uint64_t count,
                    const struct ipt_outcome_params *params,
                    struct ipt_outcome *out);

/** Name of a measure, e.g. "phq9"; NULL if unknown.
 *  @param[in] kind Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_measure_kind_name(enum ipt_measure_kind kind);

/** Measure named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_measure_kind_from_name(const char *name, enum ipt_measure_kind *out);

/** Name of a band, e.g. "moderately_severe"; NULL if unknown.
 *  @param[in] band Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_band_name(enum ipt_band band);

/** Band named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_band_from_name(const char *name, enum ipt_band *out);

/** Name of a HAM-D banding convention, e.g. "zimmerman"; NULL if unknown.
 *  @param[in] banding Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_hamd_banding_name(enum ipt_hamd_banding banding);

/** HAM-D banding convention named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_hamd_banding_from_name(const char *name, enum ipt_hamd_banding *out);

/**
 * @name Social Rhythm Metric (SRM-5)
 * The five-item Social Rhythm Metric (Monk et al. 2002), the regularity
 * measure of interpersonal and social rhythm therapy (IPSRT).  A week of
 * clock times goes in (::ipt_srm5_week); a regularity score 0–7 and an
 * activity level come out (::ipt_srm_score).  The SRM-5 is not an
 * ::ipt_measure_kind: it is not stored in session records.  The rule,
 * and which parts of it are unverified, is on the @ref measures_srm
 * "measures page".
 * @{
 */

/** Activities of the SRM-5. */
#define IPT_SRM5_ACTIVITIES 5u
/** Days of one SRM week. */
#define IPT_SRM_DAYS 7u
/** Value of ipt_srm5_week::minutes for an activity not done that day. */
#define IPT_SRM_NOT_DONE (-1)
/** Last minute of a day (23:59); the first is 0 (00:00). */
#define IPT_SRM_MINUTE_MAX 1439
/** An activity enters the score when done on at least this many days of
 *  the week (unverified; see the @ref measures_srm "measures page"). */
#define IPT_SRM_MIN_DAYS 3u
/** A day is a hit when the activity was done within this many minutes,
 *  either way, of its habitual time (unverified; see the
 *  @ref measures_srm "measures page"). */
#define IPT_SRM_WINDOW_MINUTES 45u

/** An activity of the SRM-5. */
enum ipt_srm_activity {
    /** Out of bed ("out_of_bed"). */
    IPT_SRM_OUT_OF_BED = 1,
    /** First contact (in person or by telephone) with another person
     *  ("first_contact"). */
    IPT_SRM_FIRST_CONTACT = 2,
    /** Start of work, housework or volunteer activities ("start_work"). */
    IPT_SRM_START_WORK = 3,
    /** Dinner ("dinner"). */
    IPT_SRM_DINNER = 4,
    /** Going to bed ("to_bed").  Times from 00:00 to 11:59 count as the
     *  night before (see ipt_srm5_score()). */
    IPT_SRM_TO_BED = 5
};

/**
 * One week of the SRM-5, as recorded.  Set @ref size to
 * `sizeof(struct ipt_srm5_week)`; ipt_srm5_week_init() does that and marks
 * every activity as not done.  A week of zero bytes is not an empty week:
 * 0 is midnight.
 */
struct ipt_srm5_week {
    /** `sizeof(struct ipt_srm5_week)` as seen by the caller. */
    uint32_t size;
    /** Must be 0. */
    uint32_t reserved;
    /** minutes[d][a - 1] is the clock time of activity @c a
     *  (::ipt_srm_activity) on day @c d + 1 of the week, in minutes after
     *  midnight (0 to #IPT_SRM_MINUTE_MAX), or #IPT_SRM_NOT_DONE. */
    int16_t minutes[IPT_SRM_DAYS][IPT_SRM5_ACTIVITIES];
    /** Must be 0. */
    uint16_t reserved2;
};

/** The score of one SRM-5 week. */
struct ipt_srm_score {
    /** Hits over all counted activities, 0 to 35. */
    uint32_t hits;
    /** Activities done on at least #IPT_SRM_MIN_DAYS days, 0 to 5. */
    uint32_t activities_counted;
    /** Regularity (hits / activities counted, 0 to 7) times 10, rounded
     *  half up: 0 to 70.  0 when no activity is counted. */
    uint32_t regularity_tenths;
    /** Activity level: the (day, activity) entries done, 0 to 35. */
    uint32_t activity_level;
    /** Mask of `1 << activity` (::ipt_srm_activity) of the counted
     *  activities. */
    uint32_t counted;
    /** Always 0. */
    uint32_t reserved;
    /** habitual[a - 1]: habitual time of activity @c a in minutes after
     *  midnight (the mean of its times, rounded half up, 0 to
     *  #IPT_SRM_MINUTE_MAX), or #IPT_SRM_NOT_DONE when it is not
     *  counted. */
    int16_t habitual[IPT_SRM5_ACTIVITIES];
    /** activity_hits[a - 1]: hits of activity @c a, 0 to 7; 0 when it is
     *  not counted. */
    uint16_t activity_hits[IPT_SRM5_ACTIVITIES];
};

/**
 * Set the size of @p week and mark every activity of every day as not
 * done (#IPT_SRM_NOT_DONE).
 * @param[out] week  The week to fill.
 * @retval IPT_OK Filled.  @retval IPT_ERR_INVALID_ARGUMENT @p week is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_srm5_week_init(struct ipt_srm5_week *week);

/**
 * Score one week of the SRM-5.
 *
 * For each activity done on at least #IPT_SRM_MIN_DAYS days, its habitual
 * time is the mean of its times that week, and each day it was done within
 * #IPT_SRM_WINDOW_MINUTES minutes of that mean (inclusive) is a hit; the
 * comparison is exact (whole numbers, no rounded mean).  Bedtimes from
 * 00:00 to 11:59 count as the night before: #IPT_SRM_TO_BED times below
 * 720 are taken as 1440 more for the mean and the hit test, so 23:30 and
 * 00:10 are 40 minutes apart.  Other activities are taken as given.
 * Regularity is the hits divided by the activities counted.
 *
 * @param[in]  week          The week; not modified.
 * @param[out] out           Receives the score; untouched on error.
 * @param[out] message       Optional buffer (may be NULL) for a sentence
 *                           naming what is wrong, e.g. "srm5 day 3
 *                           dinner: 1500 out of range 0..1439 (or -1 for
 *                           not done)".  Written on error only.
 * @param[in]  message_size  Size of @p message.
 * @retval IPT_OK                   Scored.
 * @retval IPT_ERR_INVALID_ARGUMENT @p week or @p out is NULL, the size of
 *                                  @p week is below the first version's,
 *                                  or a reserved field is not 0.
 * @retval IPT_ERR_UNSUPPORTED      @p week is larger than this library
 *                                  knows and its extra bytes are not 0.
 * @retval IPT_ERR_OUT_OF_RANGE     A time outside 0–1439 that is not
 *                                  #IPT_SRM_NOT_DONE.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_srm5_score(const struct ipt_srm5_week *week, struct ipt_srm_score *out,
               char *message, uint64_t message_size);

/** Name of an SRM activity, e.g. "first_contact"; NULL if unknown.
 *  @param[in] activity Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_srm_activity_name(enum ipt_srm_activity activity);

/** SRM activity named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_srm_activity_from_name(const char *name, enum ipt_srm_activity *out);

/** @} */

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_MEASURE_H */
