/* SPDX-License-Identifier: MIT */
/*
 * Symptom measures: score and band the PHQ-9, the HAM-D-17 and the GAD-7,
 * and derive outcomes (change, response, remission, early non-response)
 * from a series of totals.
 *
 * Each measure is described by one table entry (items, item maxima, total
 * range, whether a total alone is accepted), and each banding by a table of
 * upper bounds, so that scoring is the same code for every measure.
 * Outcomes use exact integer arithmetic: a percentage threshold p is met by
 * a reduction r of a baseline b when r * 100 >= p * b.
 *
 * docs/measures.md lists every item range, band, threshold and default with
 * its source.  Nothing here allocates, prints or keeps state.
 */
#include <inttypes.h>
#include <string.h>

#include "internal.h"

/* Size of the first released version of struct ipt_outcome_params. */
#define OUTCOME_PARAMS_V1_SIZE ((uint32_t)sizeof(struct ipt_outcome_params))

/* Defaults of struct ipt_outcome_params (docs/measures.md, "Outcomes"). */
#define DEFAULT_RESPONSE_PCT 50U
#define DEFAULT_PHQ9_REMISSION_BELOW 5
#define DEFAULT_HAMD17_REMISSION_AT_MOST 7
#define DEFAULT_GAD7_REMISSION_BELOW 5
#define DEFAULT_EARLY_SESSION 4U
#define DEFAULT_EARLY_MIN_REDUCTION_PCT 20U

/* Documented ranges of the thresholds. */
#define RESPONSE_PCT_MIN 1U
#define PCT_MAX 100U
#define EARLY_SESSION_MIN 2U
#define EARLY_SESSION_MAX 520U

#define PHQ9_TOTAL_MAX 27
#define HAMD17_TOTAL_MAX 52
#define GAD7_TOTAL_MAX 21

/* ---- measures ----------------------------------------------------------- */

/* Highest answer of each item; the PHQ-9's tenth is the difficulty item. */
static const uint8_t phq9_item_max[IPT_PHQ9_ITEMS + 1] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/* HAM-D-17: items 4-6, 12-14, 16 and 17 are scored 0-2, the rest 0-4. */
static const uint8_t hamd17_item_max[IPT_HAMD17_ITEMS] = {
    4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2,
};

static const uint8_t gad7_item_max[IPT_GAD7_ITEMS] = {
    3, 3, 3, 3, 3, 3, 3,
};

struct measure_def {
    enum ipt_measure_kind kind;
    const char *name;
    uint32_t items;             /* scored items */
    uint32_t extra_items;       /* 1: an optional, unscored last item */
    int total_only;             /* item_count 0 with a total is accepted */
    int32_t total_max;
    uint32_t safety_item;       /* item whose answer > 0 sets the flag */
    const uint8_t *item_max;    /* items + extra_items entries */
};

static const struct measure_def measure_defs[] = {
    { IPT_MEASURE_PHQ9, "phq9", IPT_PHQ9_ITEMS, 1, 0, PHQ9_TOTAL_MAX, 9,
      phq9_item_max },
    { IPT_MEASURE_HAMD17, "hamd17", IPT_HAMD17_ITEMS, 0, 1,
      HAMD17_TOTAL_MAX, 0, hamd17_item_max },
    { IPT_MEASURE_GAD7, "gad7", IPT_GAD7_ITEMS, 0, 1, GAD7_TOTAL_MAX, 0,
      gad7_item_max },
};

static const struct measure_def *
measure_def(int32_t kind)
{
    for (size_t i = 0; i < IPT__ARRAY_SIZE(measure_defs); i++) {
        if ((int32_t)measure_defs[i].kind == kind)
            return &measure_defs[i];
    }
    return NULL;
}

/* ---- bands -------------------------------------------------------------- */

/* A band reaches up to and including @upto. */
struct band_limit {
    int32_t upto;
    enum ipt_band band;
};

struct band_table {
    const struct band_limit *limits;
    size_t count;
};

#define BAND_TABLE(a) { (a), IPT__ARRAY_SIZE(a) }

/* Kroenke, Spitzer & Williams 2001. */
static const struct band_limit phq9_bands[] = {
    { 4, IPT_BAND_NONE },
    { 9, IPT_BAND_MILD },
    { 14, IPT_BAND_MODERATE },
    { 19, IPT_BAND_MODERATELY_SEVERE },
    { PHQ9_TOTAL_MAX, IPT_BAND_SEVERE },
};

static const struct band_limit gad7_bands[] = {
    { 4, IPT_BAND_NONE },
    { 9, IPT_BAND_MILD },
    { 14, IPT_BAND_MODERATE },
    { GAD7_TOTAL_MAX, IPT_BAND_SEVERE },
};

/* The widely circulated banding; its original attribution is unverified. */
static const struct band_limit hamd17_clinical_bands[] = {
    { 7, IPT_BAND_NONE },
    { 13, IPT_BAND_MILD },
    { 18, IPT_BAND_MODERATE },
    { 22, IPT_BAND_SEVERE },
    { HAMD17_TOTAL_MAX, IPT_BAND_VERY_SEVERE },
};

/* Zimmerman et al. 2013. */
static const struct band_limit hamd17_zimmerman_bands[] = {
    { 7, IPT_BAND_NONE },
    { 16, IPT_BAND_MILD },
    { 23, IPT_BAND_MODERATE },
    { HAMD17_TOTAL_MAX, IPT_BAND_SEVERE },
};

/* Rush et al. 2003, IDS/QIDS conversion. */
static const struct band_limit hamd17_rush_bands[] = {
    { 7, IPT_BAND_NONE },
    { 13, IPT_BAND_MILD },
    { 19, IPT_BAND_MODERATE },
    { 25, IPT_BAND_SEVERE },
    { HAMD17_TOTAL_MAX, IPT_BAND_VERY_SEVERE },
};

static const struct band_table phq9_table = BAND_TABLE(phq9_bands);
static const struct band_table gad7_table = BAND_TABLE(gad7_bands);

/* Indexed by ipt_hamd_banding - 1. */
static const struct band_table hamd17_tables[] = {
    BAND_TABLE(hamd17_clinical_bands),
    BAND_TABLE(hamd17_zimmerman_bands),
    BAND_TABLE(hamd17_rush_bands),
};

/* 0 selects the clinical banding; returns 0 for an unknown value. */
static int
banding_known(enum ipt_hamd_banding banding)
{
    return (int)banding >= 0 &&
           (int)banding <= (int)IPT__ARRAY_SIZE(hamd17_tables);
}

static const struct band_table *
hamd17_table(enum ipt_hamd_banding banding)
{
    int i = (int)banding == 0 ? 0 : (int)banding - 1;

    return &hamd17_tables[i];
}

/* Band of a total already known to be within the table's range. */
static enum ipt_band
band_of(const struct band_table *t, int32_t total)
{
    for (size_t i = 0; i + 1 < t->count; i++) {
        if (total <= t->limits[i].upto)
            return t->limits[i].band;
    }
    return t->limits[t->count - 1].band;
}

static const struct band_table *
table_of(const struct measure_def *def, enum ipt_hamd_banding banding)
{
    if (def->kind == IPT_MEASURE_PHQ9)
        return &phq9_table;
    if (def->kind == IPT_MEASURE_GAD7)
        return &gad7_table;
    return hamd17_table(banding);
}

enum ipt_status
ipt_phq9_band(int32_t total, enum ipt_band *out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (total < 0 || total > PHQ9_TOTAL_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    *out = band_of(&phq9_table, total);
    return IPT_OK;
}

enum ipt_status
ipt_gad7_band(int32_t total, enum ipt_band *out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (total < 0 || total > GAD7_TOTAL_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    *out = band_of(&gad7_table, total);
    return IPT_OK;
}

enum ipt_status
ipt_hamd17_band(int32_t total, enum ipt_hamd_banding banding,
                enum ipt_band *out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!banding_known(banding))
        return IPT_ERR_OUT_OF_RANGE;
    if (total < 0 || total > HAMD17_TOTAL_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    *out = band_of(hamd17_table(banding), total);
    return IPT_OK;
}

enum ipt_status
ipt_measure_item_max(enum ipt_measure_kind kind, uint32_t item,
                     uint32_t *max)
{
    const struct measure_def *def;

    if (max == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    def = measure_def((int32_t)kind);
    if (def == NULL || item == 0 || item > def->items + def->extra_items)
        return IPT_ERR_OUT_OF_RANGE;
    *max = def->item_max[item - 1];
    return IPT_OK;
}

/* ---- scoring ------------------------------------------------------------ */

static enum ipt_status
check_item_count(const struct measure_def *def, uint32_t count, char *msg,
                 uint64_t size)
{
    if (count == def->items)
        return IPT_OK;
    if (def->extra_items > 0 && count == def->items + def->extra_items)
        return IPT_OK;
    if (def->total_only && count == 0)
        return IPT_OK;
    if (def->extra_items > 0)
        ipt__format(msg, size, "%s takes %" PRIu32 " or %" PRIu32
                    " items, not %" PRIu32, def->name, def->items,
                    def->items + def->extra_items, count);
    else
        ipt__format(msg, size, "%s takes %" PRIu32 " items or 0 with a "
                    "total, not %" PRIu32, def->name, def->items, count);
    return IPT_ERR_ITEM_COUNT;
}

/* Items within their ranges, then unused items 0, then a lone total within
 * its range. */
static enum ipt_status
check_answers(const struct measure_def *def, const struct ipt_measure *m,
              char *msg, uint64_t size)
{
    for (uint32_t i = 0; i < m->item_count; i++) {
        if (m->items[i] > def->item_max[i]) {
            ipt__format(msg, size, "%s item %" PRIu32 "%s: value %u out of "
                        "range 0..%u", def->name, i + 1,
                        i >= def->items ? " (difficulty)" : "",
                        (unsigned)m->items[i], (unsigned)def->item_max[i]);
            return IPT_ERR_OUT_OF_RANGE;
        }
    }
    for (uint32_t i = m->item_count; i < IPT_MEASURE_ITEMS_MAX; i++) {
        if (m->items[i] != 0) {
            ipt__format(msg, size, "%s item %" PRIu32 " is unused and must "
                        "be 0", def->name, i + 1);
            return IPT_ERR_INVALID_ARGUMENT;
        }
    }
    if (m->item_count == 0 && (m->total < 0 || m->total > def->total_max)) {
        ipt__format(msg, size, "%s total %" PRId32 " out of range 0..%"
                    PRId32, def->name, m->total, def->total_max);
        return IPT_ERR_OUT_OF_RANGE;
    }
    return IPT_OK;
}

/* Fills @s from answers that passed check_answers(). */
static void
score_answers(const struct measure_def *def, const struct ipt_measure *m,
              struct ipt_measure_score *s)
{
    memset(s, 0, sizeof(*s));
    s->kind = (int32_t)def->kind;
    s->difficulty = -1;
    if (m->item_count == 0) {
        s->total = m->total;
        return;
    }
    for (uint32_t i = 0; i < def->items; i++)
        s->total += m->items[i];
    s->flags |= IPT_MEASURE_HAS_ITEMS;
    if (m->item_count > def->items) {
        s->difficulty = m->items[def->items];
        s->flags |= IPT_MEASURE_HAS_DIFFICULTY;
    }
    if (def->safety_item > 0 && m->items[def->safety_item - 1] > 0)
        s->flags |= IPT_MEASURE_SAFETY;
}

enum ipt_status
ipt_measure_score(const struct ipt_measure *measure,
                  enum ipt_hamd_banding banding,
                  struct ipt_measure_score *out, char *message,
                  uint64_t message_size)
{
    const struct measure_def *def;
    struct ipt_measure_score s;
    enum ipt_status st;

    if (measure == NULL || out == NULL) {
        ipt__format(message, message_size, "%s is NULL",
                    measure == NULL ? "measure" : "out");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    def = measure_def(measure->kind);
    if (def == NULL) {
        ipt__format(message, message_size,
                    "unknown measure kind %" PRId32, measure->kind);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (!banding_known(banding)) {
        ipt__format(message, message_size, "unknown hamd banding %d",
                    (int)banding);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (measure->reserved != 0) {
        ipt__format(message, message_size,
                    "%s reserved field must be 0, not %" PRId32, def->name,
                    measure->reserved);
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = check_item_count(def, measure->item_count, message, message_size);
    if (st != IPT_OK)
        return st;
    st = check_answers(def, measure, message, message_size);
    if (st != IPT_OK)
        return st;

    score_answers(def, measure, &s);
    s.band = (int32_t)band_of(table_of(def, banding), s.total);
    *out = s;
    return IPT_OK;
}

/* ---- outcomes ----------------------------------------------------------- */

enum ipt_status
ipt_outcome_params_default(struct ipt_outcome_params *params)
{
    if (params == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    memset(params, 0, sizeof(*params));
    params->size = OUTCOME_PARAMS_V1_SIZE;
    params->response_reduction_pct = DEFAULT_RESPONSE_PCT;
    params->phq9_remission_below = DEFAULT_PHQ9_REMISSION_BELOW;
    params->hamd17_remission_at_most = DEFAULT_HAMD17_REMISSION_AT_MOST;
    params->gad7_remission_below = DEFAULT_GAD7_REMISSION_BELOW;
    params->early_session = DEFAULT_EARLY_SESSION;
    params->early_min_reduction_pct = DEFAULT_EARLY_MIN_REDUCTION_PCT;
    return IPT_OK;
}

/* Copies the fields this library knows; a newer caller's extra fields are
 * accepted only while they are 0. */
static enum ipt_status
read_params(const struct ipt_outcome_params *in,
            struct ipt_outcome_params *p)
{
    if (in == NULL)
        return ipt_outcome_params_default(p);
    return ipt__read_sized(in, OUTCOME_PARAMS_V1_SIZE, p, sizeof(*p));
}

static enum ipt_status
check_params(const struct ipt_outcome_params *p)
{
    if (p->reserved != 0)
        return IPT_ERR_INVALID_ARGUMENT;
    if (p->response_reduction_pct < RESPONSE_PCT_MIN ||
        p->response_reduction_pct > PCT_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    if (p->phq9_remission_below < 1 ||
        p->phq9_remission_below > PHQ9_TOTAL_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    if (p->hamd17_remission_at_most < 0 ||
        p->hamd17_remission_at_most > HAMD17_TOTAL_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    if (p->gad7_remission_below < 1 ||
        p->gad7_remission_below > GAD7_TOTAL_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    if (p->early_session < EARLY_SESSION_MIN ||
        p->early_session > EARLY_SESSION_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    if (p->early_min_reduction_pct > PCT_MAX)
        return IPT_ERR_OUT_OF_RANGE;
    return IPT_OK;
}

static enum ipt_status
check_points(const struct measure_def *def,
             const struct ipt_score_point *points, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        if (points[i].session == 0 ||
            (i > 0 && points[i].session <= points[i - 1].session))
            return IPT_ERR_INVALID_ARGUMENT;
        if (points[i].total < 0 || points[i].total > def->total_max)
            return IPT_ERR_OUT_OF_RANGE;
    }
    return IPT_OK;
}

/* Whether @total is at least @pct percent below @baseline; never when the
 * baseline is 0.  Totals are at most 52, so nothing overflows. */
static int
reduced_by(int32_t baseline, int32_t total, uint32_t pct)
{
    return baseline > 0 &&
           (int64_t)(baseline - total) * 100 >= (int64_t)pct * baseline;
}

static int
remitted(const struct measure_def *def, const struct ipt_outcome_params *p,
         int32_t total)
{
    if (def->kind == IPT_MEASURE_PHQ9)
        return total < p->phq9_remission_below;
    if (def->kind == IPT_MEASURE_HAMD17)
        return total <= p->hamd17_remission_at_most;
    return total < p->gad7_remission_below;
}

/* Early non-response is judged at the first measurement after the baseline
 * taken at or after the early session.  A baseline of 0 leaves nothing to
 * reduce: judged, but never a non-response. */
static uint32_t
early_flags(const struct ipt_score_point *points, size_t count,
            const struct ipt_outcome_params *p)
{
    int32_t baseline = points[0].total;

    for (size_t i = 1; i < count; i++) {
        if (points[i].session < p->early_session)
            continue;
        if (baseline > 0 &&
            !reduced_by(baseline, points[i].total,
                        p->early_min_reduction_pct))
            return IPT_OUTCOME_EARLY_JUDGED | IPT_OUTCOME_EARLY_NONRESPONSE;
        return IPT_OUTCOME_EARLY_JUDGED;
    }
    return 0;
}

enum ipt_status
ipt_outcome_compute(enum ipt_measure_kind kind,
                    const struct ipt_score_point *points, uint64_t count,
                    const struct ipt_outcome_params *params,
                    struct ipt_outcome *out)
{
    const struct measure_def *def;
    struct ipt_outcome_params p;
    struct ipt_outcome o;
    enum ipt_status st;

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    def = measure_def((int32_t)kind);
    if (def == NULL)
        return IPT_ERR_OUT_OF_RANGE;
    st = read_params(params, &p);
    if (st != IPT_OK)
        return st;
    st = check_params(&p);
    if (st != IPT_OK)
        return st;
    if (count == 0)
        return IPT_ERR_NO_BASELINE;
    if (points == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    st = check_points(def, points, count);
    if (st != IPT_OK)
        return st;

    memset(&o, 0, sizeof(o));
    o.kind = (int32_t)def->kind;
    /* Sessions are distinct, non-zero uint32_t values, so count fits. */
    o.count = (uint32_t)count;
    o.baseline_session = points[0].session;
    o.baseline = points[0].total;
    o.latest_session = points[count - 1].session;
    o.latest = points[count - 1].total;
    o.change = o.latest - o.baseline;
    if (o.baseline > 0)
        o.reduction_permille = (o.baseline - o.latest) * 1000 / o.baseline;
    if (reduced_by(o.baseline, o.latest, p.response_reduction_pct))
        o.flags |= IPT_OUTCOME_RESPONSE;
    if (remitted(def, &p, o.latest))
        o.flags |= IPT_OUTCOME_REMISSION;
    o.flags |= early_flags(points, (size_t)count, &p);
    *out = o;
    return IPT_OK;
}

/* ---- names -------------------------------------------------------------- */


static const struct ipt__name kind_names[] = {
    { IPT_MEASURE_PHQ9, "phq9" },
    { IPT_MEASURE_HAMD17, "hamd17" },
    { IPT_MEASURE_GAD7, "gad7" },
};
IPT__NAME_FUNCTIONS(ipt_measure_kind, enum ipt_measure_kind, kind_names)

static const struct ipt__name band_names[] = {
    { IPT_BAND_NONE, "none" },
    { IPT_BAND_MILD, "mild" },
    { IPT_BAND_MODERATE, "moderate" },
    { IPT_BAND_MODERATELY_SEVERE, "moderately_severe" },
    { IPT_BAND_SEVERE, "severe" },
    { IPT_BAND_VERY_SEVERE, "very_severe" },
};
IPT__NAME_FUNCTIONS(ipt_band, enum ipt_band, band_names)

static const struct ipt__name banding_names[] = {
    { IPT_HAMD_BANDING_CLINICAL, "clinical" },
    { IPT_HAMD_BANDING_ZIMMERMAN, "zimmerman" },
    { IPT_HAMD_BANDING_RUSH, "rush" },
};
IPT__NAME_FUNCTIONS(ipt_hamd_banding, enum ipt_hamd_banding,
                       banding_names)
