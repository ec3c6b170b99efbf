/* SPDX-License-Identifier: MIT */
/*
 * The five-item Social Rhythm Metric (SRM-5, Monk et al. 2002): the
 * regularity score of one week of clock times.
 *
 * For each activity done on at least IPT_SRM_MIN_DAYS days the habitual
 * time is the mean of its times, and a day within IPT_SRM_WINDOW_MINUTES of
 * that mean is a hit.  The hit test compares n * t with the sum of the n
 * times, so the mean is never rounded before it is used: a time exactly 45
 * minutes from the exact mean is a hit.  Bedtimes from 00:00 to 11:59 count
 * as the night before (+1440), so a bedtime around midnight is one
 * habit, not two.  All of it is whole-number arithmetic; the largest value
 * is 7 * 2159, far from any overflow.
 *
 * docs/measures.md states the rule and which parts of it are unverified.
 * Nothing here allocates, prints or keeps state.
 */
#include <inttypes.h>
#include <string.h>

#include "internal.h"

/* Size of the first released version of struct ipt_srm5_week. */
#define SRM5_WEEK_V1_SIZE ((uint32_t)sizeof(struct ipt_srm5_week))

/* Minutes of a day; bedtimes before NOON are the night before. */
#define DAY_MINUTES 1440
#define NOON 720

static const struct ipt__name activity_names[] = {
    { IPT_SRM_OUT_OF_BED, "out_of_bed" },
    { IPT_SRM_FIRST_CONTACT, "first_contact" },
    { IPT_SRM_START_WORK, "start_work" },
    { IPT_SRM_DINNER, "dinner" },
    { IPT_SRM_TO_BED, "to_bed" },
};
IPT__NAME_FUNCTIONS(ipt_srm_activity, enum ipt_srm_activity, activity_names)

enum ipt_status
ipt_srm5_week_init(struct ipt_srm5_week *week)
{
    if (week == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    memset(week, 0, sizeof(*week));
    week->size = SRM5_WEEK_V1_SIZE;
    for (uint32_t d = 0; d < IPT_SRM_DAYS; d++) {
        for (uint32_t a = 0; a < IPT_SRM5_ACTIVITIES; a++)
            week->minutes[d][a] = IPT_SRM_NOT_DONE;
    }
    return IPT_OK;
}

/* Copies the caller's week (any version) into *w and checks its reserved
 * fields and its times, in day order and, within a day, activity order. */
static enum ipt_status
read_week(const struct ipt_srm5_week *in, struct ipt_srm5_week *w,
          char *msg, uint64_t size)
{
    uint32_t in_size;
    enum ipt_status st;

    memcpy(&in_size, in, sizeof(in_size));
    st = ipt__read_sized(in, SRM5_WEEK_V1_SIZE, w, sizeof(*w));
    if (st == IPT_ERR_INVALID_ARGUMENT) {
        ipt__format(msg, size, "srm5 week size %" PRIu32 " is below %"
                    PRIu32, in_size, SRM5_WEEK_V1_SIZE);
        return st;
    }
    if (st != IPT_OK) {
        ipt__format(msg, size, "srm5 week size %" PRIu32 " is larger than %"
                    PRIu32 " and the extra bytes are not 0", in_size,
                    SRM5_WEEK_V1_SIZE);
        return st;
    }
    if (w->reserved != 0 || w->reserved2 != 0) {
        ipt__format(msg, size, "srm5 week %s field must be 0, not %"
                    PRIu32,
                    w->reserved != 0 ? "reserved" : "reserved2",
                    w->reserved != 0 ? w->reserved : (uint32_t)w->reserved2);
        return IPT_ERR_INVALID_ARGUMENT;
    }
    for (uint32_t d = 0; d < IPT_SRM_DAYS; d++) {
        for (uint32_t a = 0; a < IPT_SRM5_ACTIVITIES; a++) {
            int t = w->minutes[d][a];

            if (t == IPT_SRM_NOT_DONE ||
                (t >= 0 && t <= IPT_SRM_MINUTE_MAX))
                continue;
            ipt__format(msg, size, "srm5 day %" PRIu32 " %s: %d out of "
                        "range 0..%d (or %d for not done)", d + 1,
                        ipt_srm_activity_name(
                            (enum ipt_srm_activity)(a + 1)),
                        t, IPT_SRM_MINUTE_MAX, IPT_SRM_NOT_DONE);
            return IPT_ERR_OUT_OF_RANGE;
        }
    }
    return IPT_OK;
}

/* Time of activity index @a on day @d on the scale the mean uses. */
static int32_t
adjusted(const struct ipt_srm5_week *w, uint32_t d, uint32_t a)
{
    int32_t t = w->minutes[d][a];

    if (a + 1 == IPT_SRM_TO_BED && t < NOON)
        t += DAY_MINUTES;
    return t;
}

/* Scores activity index @a of a checked week into @s. */
static void
score_activity(const struct ipt_srm5_week *w, uint32_t a,
               struct ipt_srm_score *s)
{
    int32_t n = 0, sum = 0;
    uint32_t hits = 0;

    for (uint32_t d = 0; d < IPT_SRM_DAYS; d++) {
        if (w->minutes[d][a] == IPT_SRM_NOT_DONE)
            continue;
        n++;
        sum += adjusted(w, d, a);
    }
    s->activity_level += (uint32_t)n;
    if (n < (int32_t)IPT_SRM_MIN_DAYS)
        return;

    /* |t - sum / n| <= window  <=>  |n * t - sum| <= n * window */
    for (uint32_t d = 0; d < IPT_SRM_DAYS; d++) {
        int32_t dev;

        if (w->minutes[d][a] == IPT_SRM_NOT_DONE)
            continue;
        dev = n * adjusted(w, d, a) - sum;
        if (dev < 0)
            dev = -dev;
        if (dev <= n * (int32_t)IPT_SRM_WINDOW_MINUTES)
            hits++;
    }
    s->counted |= UINT32_C(1) << (a + 1);
    s->activities_counted++;
    s->hits += hits;
    s->activity_hits[a] = (uint16_t)hits;
    s->habitual[a] = (int16_t)(((sum + n / 2) / n) % DAY_MINUTES);
}

enum ipt_status
ipt_srm5_score(const struct ipt_srm5_week *week, struct ipt_srm_score *out,
               char *message, uint64_t message_size)
{
    struct ipt_srm5_week w;
    struct ipt_srm_score s;
    enum ipt_status st;

    if (week == NULL || out == NULL) {
        ipt__format(message, message_size, "%s is NULL",
                    week == NULL ? "week" : "out");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = read_week(week, &w, message, message_size);
    if (st != IPT_OK)
        return st;

    memset(&s, 0, sizeof(s));
    for (uint32_t a = 0; a < IPT_SRM5_ACTIVITIES; a++) {
        s.habitual[a] = IPT_SRM_NOT_DONE;
        score_activity(&w, a, &s);
    }
    /* round(10 * hits / counted), halves up */
    if (s.activities_counted > 0)
        s.regularity_tenths = (20 * s.hits + s.activities_counted) /
                              (2 * s.activities_counted);
    *out = s;
    return IPT_OK;
}
