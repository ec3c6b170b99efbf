/* SPDX-License-Identifier: MIT */
/*
 * Problem-area triage: rank the focal areas that an interpersonal inventory
 * points to.  The rules, their thresholds and their sources are stated in
 * docs/triage.md; every number below is named there.
 *
 * The work is done in three steps that never overlap:
 *
 *   1. validate the whole input, writing only result->message on failure;
 *   2. gather the evidence for grief, role dispute and role transition, and
 *      for interpersonal deficits only when none of those three applies;
 *   3. apply the profile (allowed areas, focus limit), rank and write.
 *
 * Nothing is allocated and nothing global is written, so the function is
 * thread-safe and a safe fuzzing target.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* ---- limits and thresholds (docs/triage.md) ---------------------------- */

#define MAX_ENTRIES 256u        /* people or events in one inventory */
#define YEAR_MIN 1900
#define YEAR_MAX 2200
#define RATING_MIN 0
#define RATING_MAX 4

/* The window "near onset": from 365 days before onset to 30 days after. */
#define NEAR_BEFORE_DAYS 365
#define NEAR_AFTER_DAYS 30

#define CLOSE_MIN 3             /* closeness of a close relationship */
#define SUPPORT_MIN 2           /* support of a supportive relationship */
#define CONFLICT_MIN 3          /* conflict of an active dispute */
#define ENGAGED_MIN 2           /* closeness or contact of an active dispute */
#define CONTACT_NEGOTIATING 2   /* contact of a dispute still negotiated */
#define FEW_CLOSE_MAX 1u        /* "few" close, supportive relationships */

#define SCORE_DEATH_NEAR 90     /* +5 per closeness step above 2 */
#define SCORE_EARLIER_DEATH 50  /* +5 per closeness step above 3 */
#define SCORE_ACTIVE_DISPUTE 80 /* +5 per conflict step above 3 */
#define BONUS_DISPUTE_NEAR 15
#define SCORE_DISPUTE_NEAR 60   /* a dispute began, ratings do not show it */
#define SCORE_ROLE_CHANGE 80
#define SCORE_REL_CHANGED 60
#define BONUS_BOTH_CHANGES 5
#define SCORE_DEFICITS 60       /* one close, supportive relationship */
#define SCORE_DEFICITS_NONE 65  /* none at all */
#define STEP 5

#define AREA_COUNT 4            /* grief .. interpersonal deficits */
#define REASON_BIT(r) (UINT32_C(1) << (unsigned)(r))

/* ---- names ------------------------------------------------------------- */


static const struct ipt__name relationship_names[] = {
    { IPT_REL_PARTNER, "partner" },
    { IPT_REL_PARENT, "parent" },
    { IPT_REL_CHILD, "child" },
    { IPT_REL_SIBLING, "sibling" },
    { IPT_REL_RELATIVE, "relative" },
    { IPT_REL_FRIEND, "friend" },
    { IPT_REL_COWORKER, "coworker" },
    { IPT_REL_OTHER, "other" },
};
IPT__NAME_FUNCTIONS(ipt_relationship, enum ipt_relationship,
                      relationship_names)

static const struct ipt__name reciprocity_names[] = {
    { IPT_RECIPROCITY_RECIPROCAL, "reciprocal" },
    { IPT_RECIPROCITY_NON_RECIPROCAL, "non_reciprocal" },
    { IPT_RECIPROCITY_UNKNOWN, "unknown" },
};
IPT__NAME_FUNCTIONS(ipt_reciprocity, enum ipt_reciprocity,
                      reciprocity_names)

static const struct ipt__name change_names[] = {
    { IPT_CHANGE_NONE, "none" },
    { IPT_CHANGE_WORSE, "worse" },
    { IPT_CHANGE_BETTER, "better" },
    { IPT_CHANGE_ENDED, "ended" },
    { IPT_CHANGE_NEW, "new" },
    { IPT_CHANGE_UNKNOWN, "unknown" },
};
IPT__NAME_FUNCTIONS(ipt_change, enum ipt_change, change_names)

static const struct ipt__name life_event_names[] = {
    { IPT_LIFE_DEATH, "death" },
    { IPT_LIFE_ROLE_CHANGE, "role_change" },
    { IPT_LIFE_DISPUTE_START, "dispute_start" },
};
IPT__NAME_FUNCTIONS(ipt_life_event_type, enum ipt_life_event_type,
                      life_event_names)

static const struct ipt__name reason_names[] = {
    { IPT_TRIAGE_DEATH_NEAR_ONSET, "death_near_onset" },
    { IPT_TRIAGE_EARLIER_DEATH, "earlier_death" },
    { IPT_TRIAGE_ACTIVE_DISPUTE, "active_dispute" },
    { IPT_TRIAGE_DISPUTE_NEAR_ONSET, "dispute_near_onset" },
    { IPT_TRIAGE_ROLE_CHANGE_NEAR_ONSET, "role_change_near_onset" },
    { IPT_TRIAGE_RELATIONSHIP_CHANGED, "relationship_changed" },
    { IPT_TRIAGE_FEW_CLOSE_RELATIONSHIPS, "few_close_relationships" },
    { IPT_TRIAGE_NO_OTHER_AREA, "no_other_area" },
    { IPT_TRIAGE_NOT_ALLOWED, "not_allowed_by_profile" },
};
IPT__NAME_FUNCTIONS(ipt_triage_reason, enum ipt_triage_reason,
                      reason_names)

static const struct ipt__name reason_texts[] = {
    { IPT_TRIAGE_DEATH_NEAR_ONSET,
      "someone significant died between a year before and a month after "
      "the onset of symptoms" },
    { IPT_TRIAGE_EARLIER_DEATH,
      "a close person died more than a year before onset; mourning may be "
      "unfinished" },
    { IPT_TRIAGE_ACTIVE_DISPUTE,
      "a close or frequent relationship has marked conflict and "
      "non-reciprocal expectations" },
    { IPT_TRIAGE_DISPUTE_NEAR_ONSET,
      "a dispute began between a year before and a month after the onset "
      "of symptoms" },
    { IPT_TRIAGE_ROLE_CHANGE_NEAR_ONSET,
      "a role change (job, move, marriage, separation, parenthood, illness, "
      "retirement) happened between a year before and a month after the "
      "onset of symptoms" },
    { IPT_TRIAGE_RELATIONSHIP_CHANGED,
      "an important relationship ended or began since onset, other than by "
      "a death" },
    { IPT_TRIAGE_FEW_CLOSE_RELATIONSHIPS,
      "at most one relationship is both close and supportive" },
    { IPT_TRIAGE_NO_OTHER_AREA,
      "no death, dispute or life change points to another problem area" },
    { IPT_TRIAGE_NOT_ALLOWED,
      "the profile does not allow this problem area, so it was left out" },
};

const char *
ipt_triage_reason_text(enum ipt_triage_reason reason)
{
    return ipt__name_of(reason_texts, IPT__ARRAY_SIZE(reason_texts),
                        (int32_t)reason);
}

static const struct ipt__name verdict_names[] = {
    { IPT_TRIAGE_FOCUS_FOUND, "focus_found" },
    { IPT_TRIAGE_NO_CLEAR_FOCUS, "no_clear_focus" },
};
IPT__NAME_FUNCTIONS(ipt_triage_verdict, enum ipt_triage_verdict,
                      verdict_names)

/* ---- dates --------------------------------------------------------------- */

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static int
is_leap(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int32_t
days_in_month(int32_t y, int32_t m)
{
    static const int32_t days[12] = { 31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31 };

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Writes why @p d is not a valid date into @p why and returns 1, or
 * returns 0 when it is valid. */
static int
date_problem(const struct ipt_date *d, char *why, size_t size)
{
    if (d->year < YEAR_MIN || d->year > YEAR_MAX) {
        ipt__format(why, size, "years run from %d to %d", YEAR_MIN,
                    YEAR_MAX);
        return 1;
    }
    if (d->month < 1 || d->month > 12) {
        ipt__format(why, size, "months run from 1 to 12");
        return 1;
    }
    if (d->day < 1 || d->day > days_in_month(d->year, d->month)) {
        ipt__format(why, size, "%s %" PRId32 " has %" PRId32 " days",
                    month_names[d->month - 1], d->year,
                    days_in_month(d->year, d->month));
        return 1;
    }
    return 0;
}

/* Days since 1970-01-01 of a valid date (proleptic Gregorian; H. Hinnant's
 * days_from_civil).  Years 1900-2200 keep every term far from overflow,
 * and the year is never negative, so the era is a plain quotient. */
static int32_t
day_number(const struct ipt_date *d)
{
    int32_t y = d->year - (d->month <= 2 ? 1 : 0);
    int32_t era = y / 400;
    int32_t yoe = y - era * 400;
    int32_t mp = d->month > 2 ? d->month - 3 : d->month + 9;
    int32_t doy = (153 * mp + 2) / 5 + d->day - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

/* ---- validation -------------------------------------------------------- */

#define FAIL(st, ...)                                                       \
    do {                                                                    \
        ipt__format(msg, msg_size, __VA_ARGS__);                            \
        return (st);                                                        \
    } while (0)

static const char *
people_word(uint32_t n)
{
    return n == 1 ? "person" : "people";
}

static enum ipt_status
check_rating(const char *field, uint32_t i, int32_t value, char *msg,
             uint64_t msg_size)
{
    if (value < RATING_MIN || value > RATING_MAX)
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "people[%" PRIu32 "].%s is %" PRId32
             "; ratings run from %d to %d",
             i, field, value, RATING_MIN, RATING_MAX);
    return IPT_OK;
}

static enum ipt_status
check_person(const struct ipt_person *p, uint32_t i, char *msg,
             uint64_t msg_size)
{
    enum ipt_status st;

    if (ipt_relationship_name((enum ipt_relationship)p->relationship) ==
        NULL)
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "people[%" PRIu32 "].relationship %" PRId32 " is unknown", i,
             p->relationship);
    if ((st = check_rating("closeness", i, p->closeness, msg, msg_size)) !=
            IPT_OK ||
        (st = check_rating("contact", i, p->contact, msg, msg_size)) !=
            IPT_OK ||
        (st = check_rating("support", i, p->support, msg, msg_size)) !=
            IPT_OK ||
        (st = check_rating("conflict", i, p->conflict, msg, msg_size)) !=
            IPT_OK)
        return st;
    if (ipt_reciprocity_name((enum ipt_reciprocity)p->reciprocity) == NULL)
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "people[%" PRIu32 "].reciprocity %" PRId32 " is unknown", i,
             p->reciprocity);
    if (ipt_change_name((enum ipt_change)p->change) == NULL)
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "people[%" PRIu32 "].change %" PRId32 " is unknown", i,
             p->change);
    if (p->reserved != 0)
        FAIL(IPT_ERR_INVALID_ARGUMENT,
             "people[%" PRIu32 "].reserved is %" PRId32 "; it must be 0", i,
             p->reserved);
    return IPT_OK;
}

static enum ipt_status
check_event(const struct ipt_life_event *e, uint32_t i, uint32_t people,
            char *msg, uint64_t msg_size)
{
    char why[64];

    if (ipt_life_event_type_name((enum ipt_life_event_type)e->type) == NULL)
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "events[%" PRIu32 "].type %" PRId32 " is unknown", i, e->type);
    if (e->person < -1 || (e->person >= 0 && (uint32_t)e->person >= people))
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "events[%" PRIu32 "].person %" PRId32
             " is out of range (%" PRIu32 " %s; -1 means nobody listed)",
             i, e->person, people, people_word(people));
    if (date_problem(&e->date, why, sizeof(why)))
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "events[%" PRIu32 "].date %04" PRId32 "-%02" PRId32
             "-%02" PRId32 " is not a valid date; %s",
             i, e->date.year, e->date.month, e->date.day, why);
    if (e->reserved != 0)
        FAIL(IPT_ERR_INVALID_ARGUMENT,
             "events[%" PRIu32 "].reserved is %" PRId32 "; it must be 0", i,
             e->reserved);
    return IPT_OK;
}

/* The inventory struct itself: size, unknown tail, reserved, arrays and
 * counts, onset. */
static enum ipt_status
check_header(const struct ipt_inventory *inv, char *msg, uint64_t msg_size)
{
    char why[64];

    if (inv->size < sizeof(*inv))
        FAIL(IPT_ERR_INVALID_ARGUMENT,
             "inventory.size is %" PRIu32 "; expected at least %zu",
             inv->size, sizeof(*inv));
    if (inv->size > sizeof(*inv)) {
        const unsigned char *extra = (const unsigned char *)inv;

        for (size_t i = sizeof(*inv); i < inv->size; i++) {
            if (extra[i] != 0)
                FAIL(IPT_ERR_UNSUPPORTED,
                     "inventory byte %zu is not zero; this library knows "
                     "only the first %zu bytes",
                     i, sizeof(*inv));
        }
    }
    if (inv->reserved != 0)
        FAIL(IPT_ERR_INVALID_ARGUMENT,
             "inventory.reserved is %" PRIu32 "; it must be 0",
             inv->reserved);
    if (inv->reserved2 != 0)
        FAIL(IPT_ERR_INVALID_ARGUMENT,
             "inventory.reserved2 is %" PRIu32 "; it must be 0",
             inv->reserved2);
    if (inv->people == NULL && inv->person_count > 0)
        FAIL(IPT_ERR_INVALID_ARGUMENT,
             "inventory.people is NULL but person_count is %" PRIu32,
             inv->person_count);
    if (inv->events == NULL && inv->event_count > 0)
        FAIL(IPT_ERR_INVALID_ARGUMENT,
             "inventory.events is NULL but event_count is %" PRIu32,
             inv->event_count);
    if (inv->person_count > MAX_ENTRIES)
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "inventory.person_count is %" PRIu32 "; at most %u people",
             inv->person_count, MAX_ENTRIES);
    if (inv->event_count > MAX_ENTRIES)
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "inventory.event_count is %" PRIu32 "; at most %u events",
             inv->event_count, MAX_ENTRIES);
    if (date_problem(&inv->onset, why, sizeof(why)))
        FAIL(IPT_ERR_OUT_OF_RANGE,
             "onset %04" PRId32 "-%02" PRId32 "-%02" PRId32
             " is not a valid date; %s",
             inv->onset.year, inv->onset.month, inv->onset.day, why);
    return IPT_OK;
}

static enum ipt_status
check_inventory(const struct ipt_inventory *inv, char *msg, uint64_t msg_size)
{
    enum ipt_status st = check_header(inv, msg, msg_size);

    for (uint32_t i = 0; st == IPT_OK && i < inv->person_count; i++)
        st = check_person(&inv->people[i], i, msg, msg_size);
    for (uint32_t i = 0; st == IPT_OK && i < inv->event_count; i++)
        st = check_event(&inv->events[i], i, inv->person_count, msg,
                         msg_size);
    return st;
}

#undef FAIL

/* ---- evidence ------------------------------------------------------------ */

/* Evidence for one area; score 0 means the area does not apply. */
struct finding {
    int32_t score;
    uint32_t reasons;
    int32_t stage;
};

/* What the rules see of the inventory once it is valid. */
struct facts {
    const struct ipt_inventory *inv;
    int32_t onset_day;
    /* 1 for a person named by any death event: not a current relationship. */
    unsigned char died[MAX_ENTRIES];
};

enum timing { TIMING_EARLIER, TIMING_NEAR, TIMING_LATER };

static enum timing
timing_of(const struct facts *f, const struct ipt_life_event *e)
{
    int32_t delta = day_number(&e->date) - f->onset_day;

    if (delta < -NEAR_BEFORE_DAYS)
        return TIMING_EARLIER;
    return delta <= NEAR_AFTER_DAYS ? TIMING_NEAR : TIMING_LATER;
}

static const struct ipt_person *
person_of(const struct facts *f, const struct ipt_life_event *e)
{
    return e->person >= 0 ? &f->inv->people[e->person] : NULL;
}

static int
is_living(const struct facts *f, uint32_t i)
{
    return f->died[i] == 0;
}

static void
keep_best(struct finding *best, int32_t score, uint32_t reasons)
{
    if (score > best->score)
        best->score = score;
    best->reasons |= reasons;
}

static struct finding
find_grief(const struct facts *f)
{
    struct finding g = { 0, 0, 0 };

    for (uint32_t i = 0; i < f->inv->event_count; i++) {
        const struct ipt_life_event *e = &f->inv->events[i];
        const struct ipt_person *p = person_of(f, e);
        enum timing t;

        if (e->type != IPT_LIFE_DEATH)
            continue;
        t = timing_of(f, e);
        if (t == TIMING_NEAR) {
            int32_t s = SCORE_DEATH_NEAR;

            if (p != NULL)
                s += STEP * (p->closeness - 2);
            keep_best(&g, s, REASON_BIT(IPT_TRIAGE_DEATH_NEAR_ONSET));
        } else if (t == TIMING_EARLIER && p != NULL &&
                   p->closeness >= CLOSE_MIN) {
            keep_best(&g, SCORE_EARLIER_DEATH +
                              STEP * (p->closeness - CLOSE_MIN),
                      REASON_BIT(IPT_TRIAGE_EARLIER_DEATH));
        }
    }
    return g;
}

static int
is_active_dispute(const struct ipt_person *p)
{
    return p->conflict >= CONFLICT_MIN &&
           p->reciprocity == IPT_RECIPROCITY_NON_RECIPROCAL &&
           (p->closeness >= ENGAGED_MIN || p->contact >= ENGAGED_MIN);
}

/* libipt's heuristic for the stage of a dispute with @p p. */
static int32_t
dispute_stage_of(const struct ipt_person *p)
{
    if (p->change == IPT_CHANGE_ENDED)
        return IPT_DISPUTE_DISSOLUTION;
    if (p->contact >= CONTACT_NEGOTIATING && p->conflict >= CONFLICT_MIN)
        return IPT_DISPUTE_RENEGOTIATION;
    return IPT_DISPUTE_IMPASSE;
}

/* Does a dispute_start event near onset name person @p who (or nobody,
 * when @p who is -1)? */
static int
dispute_began_near(const struct facts *f, int32_t who)
{
    for (uint32_t i = 0; i < f->inv->event_count; i++) {
        const struct ipt_life_event *e = &f->inv->events[i];

        if (e->type == IPT_LIFE_DISPUTE_START && e->person == who &&
            timing_of(f, e) == TIMING_NEAR)
            return 1;
    }
    return 0;
}

/* The strongest dispute with one living person gives the score, the
 * reasons and the suggested stage; ties go to the person listed first. */
static struct finding
find_dispute(const struct facts *f)
{
    struct finding d = { 0, 0, 0 };
    int unnamed_near = dispute_began_near(f, -1);

    for (uint32_t i = 0; i < f->inv->person_count; i++) {
        const struct ipt_person *p = &f->inv->people[i];
        int active = is_active_dispute(p);
        int near = dispute_began_near(f, (int32_t)i) ||
                   (unnamed_near && active);
        struct finding c = { 0, 0, dispute_stage_of(p) };

        if (!is_living(f, i) || (!active && !near))
            continue;
        if (active) {
            c.score = SCORE_ACTIVE_DISPUTE +
                      STEP * (p->conflict - CONFLICT_MIN);
            c.reasons |= REASON_BIT(IPT_TRIAGE_ACTIVE_DISPUTE);
        }
        if (near) {
            c.score = active ? c.score + BONUS_DISPUTE_NEAR
                             : SCORE_DISPUTE_NEAR;
            c.reasons |= REASON_BIT(IPT_TRIAGE_DISPUTE_NEAR_ONSET);
        }
        if (c.score > d.score)
            d = c;
    }
    if (d.score == 0 && unnamed_near) {
        d.score = SCORE_DISPUTE_NEAR;
        d.reasons = REASON_BIT(IPT_TRIAGE_DISPUTE_NEAR_ONSET);
        d.stage = 0; /* nobody named: the inventory cannot stage it */
    }
    return d;
}

static struct finding
find_transition(const struct facts *f)
{
    struct finding t = { 0, 0, 0 };
    int role_change = 0;
    int rel_changed = 0;

    for (uint32_t i = 0; i < f->inv->event_count; i++) {
        const struct ipt_life_event *e = &f->inv->events[i];

        if (e->type == IPT_LIFE_ROLE_CHANGE && timing_of(f, e) == TIMING_NEAR)
            role_change = 1;
    }
    for (uint32_t i = 0; i < f->inv->person_count; i++) {
        int32_t c = f->inv->people[i].change;

        if (is_living(f, i) && (c == IPT_CHANGE_ENDED || c == IPT_CHANGE_NEW))
            rel_changed = 1;
    }
    if (role_change) {
        t.score = SCORE_ROLE_CHANGE;
        t.reasons |= REASON_BIT(IPT_TRIAGE_ROLE_CHANGE_NEAR_ONSET);
    }
    if (rel_changed) {
        t.score = role_change ? t.score + BONUS_BOTH_CHANGES
                              : SCORE_REL_CHANGED;
        t.reasons |= REASON_BIT(IPT_TRIAGE_RELATIONSHIP_CHANGED);
    }
    return t;
}

/* Counts over the living people, for deficits and for "no clear focus". */
struct census {
    uint32_t living;
    uint32_t close_supportive;
    uint32_t unexplored;        /* reciprocity or change still unknown */
};

static struct census
take_census(const struct facts *f)
{
    struct census c = { 0, 0, 0 };

    for (uint32_t i = 0; i < f->inv->person_count; i++) {
        const struct ipt_person *p = &f->inv->people[i];

        if (!is_living(f, i))
            continue;
        c.living++;
        if (p->closeness >= CLOSE_MIN && p->support >= SUPPORT_MIN)
            c.close_supportive++;
        if (p->reciprocity == IPT_RECIPROCITY_UNKNOWN ||
            p->change == IPT_CHANGE_UNKNOWN)
            c.unexplored++;
    }
    return c;
}

/* ---- summary text -------------------------------------------------------- */

struct text {
    char *buf;
    size_t size;
    size_t len;
};

static void
add(struct text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void
add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    /* len is at most size - 1: a full text stays full, since vsnprintf
     * then writes only the NUL into its last byte. */
    va_start(ap, fmt);
    n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    va_end(ap);
    /* Only an encoding error or a text above INT_MAX bytes fails; the
     * formats here are plain ASCII and short. */
    if (n < 0) /* GCOVR_EXCL_BR_LINE */
        return; /* GCOVR_EXCL_LINE */
    t->len += (size_t)n;
    if (t->len >= t->size)
        t->len = t->size - 1;
}

/* Labels of the four areas triage judges (grief to interpersonal
 * deficits); it never considers grief for the lost healthy self. */
static const char *const area_labels[] = {
    [IPT_AREA_GRIEF] = "grief",
    [IPT_AREA_ROLE_DISPUTE] = "role dispute",
    [IPT_AREA_ROLE_TRANSITION] = "role transition",
    [IPT_AREA_INTERPERSONAL_DEFICITS] = "interpersonal deficits",
};

static const char *
area_label(int32_t area)
{
    return area_labels[area];
}

/* A reason's name, which every reason has, with spaces for underscores. */
static void
add_reason(struct text *t, enum ipt_triage_reason r)
{
    const char *name = ipt_triage_reason_name(r);

    for (; *name != '\0'; name++)
        add(t, "%c", *name == '_' ? ' ' : *name);
}

static void
add_candidate(struct text *t, const struct ipt_triage_candidate *c)
{
    const char *sep = "";

    add(t, "%s (", area_label(c->area));
    for (int r = IPT_TRIAGE_DEATH_NEAR_ONSET; r <= IPT_TRIAGE_NOT_ALLOWED;
         r++) {
        if ((c->reasons & REASON_BIT(r)) == 0)
            continue;
        add(t, "%s", sep);
        add_reason(t, (enum ipt_triage_reason)r);
        sep = ", ";
    }
    if (c->suggested_stage != 0)
        add(t, "; suggested stage %s",
            ipt_dispute_stage_name((enum ipt_dispute_stage)c->suggested_stage));
    add(t, ")");
}

static void
add_left_out(struct text *t, uint32_t left_out, const char *profile)
{
    const char *sep = "";

    for (int32_t a = IPT_AREA_GRIEF; a <= IPT_AREA_INTERPERSONAL_DEFICITS;
         a++) {
        if ((left_out & IPT_AREA_BIT(a)) == 0)
            continue;
        add(t, "%s%s", sep, area_label(a));
        sep = ", ";
    }
    add(t, " (not allowed by profile \"%s\")", profile);
}

/* ---- ranking and writing ------------------------------------------------- */

struct outcome {
    struct ipt_triage_candidate cand[AREA_COUNT];
    uint32_t count;             /* allowed candidates, before the cap */
    uint32_t left_out;          /* mask of areas the profile removed */
};

static void
add_finding(struct outcome *o, int32_t area, struct finding fd,
            uint32_t allowed)
{
    struct ipt_triage_candidate c;
    uint32_t i;

    if (fd.score <= 0)
        return;
    if ((allowed & IPT_AREA_BIT(area)) == 0) {
        o->left_out |= IPT_AREA_BIT(area);
        return;
    }
    c.area = area;
    c.score = (uint32_t)(fd.score > 100 ? 100 : fd.score);
    c.reasons = fd.reasons;
    c.suggested_stage = area == IPT_AREA_ROLE_DISPUTE ? fd.stage : 0;
    /* Insert in rank order: score descending, then area ascending.  The
     * areas come in ascending order, so on a tie the earlier one stays
     * ahead. */
    for (i = o->count; i > 0; i--) {
        const struct ipt_triage_candidate *prev = &o->cand[i - 1];

        if (prev->score >= c.score)
            break;
        o->cand[i] = *prev;
    }
    o->cand[i] = c;
    o->count++;
}

/* The message when no candidate is written. */
static void
explain_no_focus(struct text *t, const struct facts *f,
                 const struct outcome *o, const struct census *c,
                 const char *profile)
{
    if (o->left_out != 0) {
        add(t, "no clear focus within the profile: the data point to ");
        add_left_out(t, o->left_out, profile);
        return;
    }
    add(t, "no clear focus yet: complete the inventory (");
    if (f->inv->person_count == 0)
        add(t, "no people recorded");
    else if (c->living == 0)
        add(t, "only people who died are recorded");
    else if (c->unexplored * 2 > c->living)
        add(t,
            "reciprocity or change not yet explored for %" PRIu32
            " of %" PRIu32 " %s",
            c->unexplored, c->living, people_word(c->living));
    else
        add(t,
            "%" PRIu32 " close, supportive relationships and no death, "
            "dispute or life change near onset",
            c->close_supportive);
    add(t, ")");
}

static void
decide(const struct facts *f, const struct ipt_profile_params *pp,
       const char *profile, struct ipt_triage_result *result)
{
    struct outcome o;
    struct census c = take_census(f);
    struct text t = { result->message, sizeof(result->message), 0 };
    /* 1 to the allowed areas, at most 5 (ipt_profile_check()). */
    uint32_t limit = pp->max_focal_areas;

    memset(&o, 0, sizeof(o));
    add_finding(&o, IPT_AREA_GRIEF, find_grief(f), pp->allowed_areas);
    add_finding(&o, IPT_AREA_ROLE_DISPUTE, find_dispute(f), pp->allowed_areas);
    add_finding(&o, IPT_AREA_ROLE_TRANSITION, find_transition(f),
                pp->allowed_areas);
    /* Deficits is the area of last resort: only when none of the other
     * three applies, whether or not the profile allows them, and never on
     * an inventory that is mostly unexplored. */
    if (o.count == 0 && o.left_out == 0 && c.living > 0 &&
        c.unexplored * 2 <= c.living && c.close_supportive <= FEW_CLOSE_MAX) {
        struct finding fd = {
            c.close_supportive == 0 ? SCORE_DEFICITS_NONE : SCORE_DEFICITS,
            REASON_BIT(IPT_TRIAGE_FEW_CLOSE_RELATIONSHIPS) |
                REASON_BIT(IPT_TRIAGE_NO_OTHER_AREA),
            0,
        };

        add_finding(&o, IPT_AREA_INTERPERSONAL_DEFICITS, fd,
                    pp->allowed_areas);
    }
    result->reserved = 0;
    result->count = o.count < limit ? o.count : limit;
    memset(result->candidates, 0, sizeof(result->candidates));
    memcpy(result->candidates, o.cand,
           result->count * sizeof(result->candidates[0]));
    memset(result->message, 0, sizeof(result->message));
    if (result->count == 0) {
        result->verdict = IPT_TRIAGE_NO_CLEAR_FOCUS;
        explain_no_focus(&t, f, &o, &c, profile);
        return;
    }
    result->verdict = IPT_TRIAGE_FOCUS_FOUND;
    for (uint32_t i = 0; i < result->count; i++) {
        add(&t, "%s", i > 0 ? "; " : "");
        add_candidate(&t, &result->candidates[i]);
    }
    if (o.count > result->count)
        add(&t, "; %" PRIu32 " more beyond the profile's limit of %" PRIu32,
            o.count - result->count, limit);
    if (o.left_out != 0) {
        add(&t, "; left out: ");
        add_left_out(&t, o.left_out, profile);
    }
}

enum ipt_status
ipt_triage(const struct ipt_profile *profile,
           const struct ipt_inventory *inventory,
           struct ipt_triage_result *result)
{
    struct ipt_profile_params pp;
    struct facts f;
    enum ipt_status st;
    char *msg;
    uint64_t msg_size;

    /* Without a result of the full size there is nowhere safe to write. */
    if (result == NULL || result->size < sizeof(*result))
        return IPT_ERR_INVALID_ARGUMENT;
    msg = result->message;
    msg_size = sizeof(result->message);
    if (profile == NULL || inventory == NULL) {
        ipt__format(msg, msg_size, "%s is NULL",
                    profile == NULL ? "profile" : "inventory");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    memset(&pp, 0, sizeof(pp));
    pp.size = (uint32_t)sizeof(pp);
    /* A profile and a struct of this version: the copy cannot fail. */
    (void)ipt_profile_get_params(profile, &pp);
    st = check_inventory(inventory, msg, msg_size);
    if (st != IPT_OK)
        return st;

    memset(&f, 0, sizeof(f));
    f.inv = inventory;
    f.onset_day = day_number(&inventory->onset);
    for (uint32_t i = 0; i < inventory->event_count; i++) {
        const struct ipt_life_event *e = &inventory->events[i];

        if (e->type == IPT_LIFE_DEATH && e->person >= 0)
            f.died[e->person] = 1;
    }
    decide(&f, &pp, ipt_profile_name(profile), result);
    return IPT_OK;
}
