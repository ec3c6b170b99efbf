/* SPDX-License-Identifier: MIT */
/*
 * Protocol profiles: validation, the built-in profiles and caller-made ones.
 * Built-in profiles are static data; adding one is a new table row, never a
 * new code path.
 */
#include <string.h>

#include "internal.h"

/* Measures of the depression profiles.  The choice is ours [S]: standard
 * IPT trials rate severity with the HAM-D and practice uses the PHQ-9. */
#define DEPRESSION_MEASURES                                                 \
    (IPT_MEASURE_KIND_BIT(IPT_MEASURE_PHQ9) |                               \
     IPT_MEASURE_KIND_BIT(IPT_MEASURE_HAMD17))

#define PARAMS(planned, min, max, initial, term, notice, focal, areas)     \
    {                                                                       \
        .size = IPT__PROFILE_PARAMS_V1_SIZE, .planned_sessions = (planned), \
        .min_sessions = (min), .max_sessions = (max),                       \
        .initial_last_session = (initial),                                  \
        .termination_sessions = (term),                                     \
        .ending_notice_sessions = (notice), .max_focal_areas = (focal),     \
        .allowed_areas = (areas),                                           \
    }

/* The texts below are the profiles' documentation: the generated page
 * "Protocol profiles" prints them.  Everything the domain reference marks
 * unverified, and every number that is our own choice, is in the notes. */

static const struct ipt__profile_meta standard_meta = {
    .title = "Standard IPT for depression",
    .source = "Weissman, Markowitz & Klerman, Comprehensive Guide to "
              "Interpersonal Psychotherapy (2000) and The Guide to "
              "Interpersonal Psychotherapy (2018); ISIPT, "
              "https://interpersonalpsychotherapy.org/ipt-basics/"
              "key-ipt-strategies",
    .notes = "Sources disagree on the phase boundaries: the initial phase "
             "is sessions 1-3 (Weissman/Markowitz) or 1-4 (IPTUK), "
             "termination the last 2-4 sessions; this profile takes 1-3 and "
             "the last 4. Planning 16 sessions and allowing 12 to 16 is the "
             "library's reading of '12-16 weekly sessions'. The measures are "
             "the library's choice.",
    .cadence_days = 7,
    .pre_sessions = 0,
    .measures = DEPRESSION_MEASURES,
};

static const struct ipt__profile_meta brief_meta = {
    .title = "Brief IPT (IPT-B)",
    .source = "IPT Institute, https://iptinstitute.com/ipt-brief-treatment ; "
              "Swartz et al., Am J Psychother 2014;68(4):443, "
              "https://dx.doi.org/10.1176/appi.psychotherapy.2014.68.4.443",
    .notes = "Verified: 8 sessions, usually preceded by 1 engagement session "
             "based on motivational interviewing (9 in all in most trials); "
             "initial phase shortened to 2 sessions; a 'manageable' focus. "
             "The library's choices, not stated by the sources: termination "
             "is the last 2 sessions, the ending is discussed at least 1 "
             "session ahead, one focal area only, weekly sessions, and a "
             "contract fixed at 8 sessions. The engagement session is "
             "optional and is not an event of a course.",
    .cadence_days = 7,
    .pre_sessions = 1,
    .measures = DEPRESSION_MEASURES,
};

static const struct ipt__profile_meta adolescent_meta = {
    .title = "IPT for depressed adolescents (IPT-A)",
    .source = "Mufson et al.; https://nreppadmin.net/viewintervention_id_198"
              ".html ; https://childadolescentpsych.cumc.columbia.edu/"
              "articles/interpersonal-therapy-adolescents-ipta",
    .notes = "Verified: ages 12-18; 12 weekly sessions of 35-50 minutes over "
             "12-16 weeks; the four problem areas; a parent is involved at "
             "the start, optionally mid-treatment, and at the end (parent "
             "meetings are not events of a course). Unverified: the phase "
             "boundaries 1-4 / 5-8 / 9-12, and whether 'single-parent "
             "families' was a formal fifth problem area in the first IPT-A "
             "manual (not modelled). The library's choices: the ending is "
             "discussed at least 2 sessions ahead, at most two focal areas, "
             "a contract fixed at 12 sessions, the measures.",
    .cadence_days = 7,
    .pre_sessions = 0,
    .measures = DEPRESSION_MEASURES,
};

static const struct ipt__profile_meta group_who_meta = {
    .title = "WHO group IPT for depression",
    .source = "World Health Organization, Group Interpersonal Therapy (IPT) "
              "for Depression, WHO/MSD/MER/16.4, 2016, https://www.mhpss.net/"
              "toolkit/emergency/resource/group-interpersonal-therapy-for-"
              "depression ; problem-area labels: https://mhpss.net/toolkit/"
              "curated-space-for-psychological-interventions/resource/"
              "interpersonal-psychotherapy-ipt",
    .notes = "Verified: 1 individual pre-group meeting, then 8 group "
             "sessions: initial phase session 1, middle phase 2-7, "
             "termination session 8; the WHO's names of the four problem "
             "areas. Unverified: session length and group size in the WHO "
             "manual (not modelled) and the weekly cadence. The library's "
             "choices: a course follows one group member; the ending is "
             "discussed by session 7; at most two focal areas; the measures. "
             "The pre-group meeting is not an event of a course.",
    .area_labels = {
        [IPT_AREA_GRIEF] = "grief",
        [IPT_AREA_ROLE_DISPUTE] = "disputes",
        [IPT_AREA_ROLE_TRANSITION] = "life changes",
        [IPT_AREA_INTERPERSONAL_DEFICITS] = "loneliness/social isolation",
    },
    .cadence_days = 7,
    .pre_sessions = 1,
    .measures = DEPRESSION_MEASURES,
};

static const struct ipt__profile_meta counselling_meta = {
    .title = "Interpersonal Counselling (IPC)",
    .source = "Weissman et al.; https://pmc.ncbi.nlm.nih.gov/articles/"
              "PMC3433760 ; http://psychotherapy.psychiatryonline.org/doi/"
              "10.1176/appi.psychotherapy.2014.68.4.359 ; problem-area "
              "labels: https://curriculumandresou.wixsite.com/mysite/post/"
              "interpersonal-counseling",
    .notes = "Verified: flexible, from 3 sessions (IPC-3 / IPT-EST) to six "
             "30-minute weekly sessions; session 1 is assessment and the "
             "choice of a focus; the problem-area labels. The library's "
             "choices: a contract of 3 to 6 sessions (6 planned), "
             "termination is the last session, the ending is discussed at "
             "least 1 session ahead, one focal area, the measures. The "
             "10-session nurse-delivered variant (Mossey 1996) lies outside "
             "this profile.",
    .area_labels = {
        [IPT_AREA_GRIEF] = "grief",
        [IPT_AREA_ROLE_DISPUTE] = "disputes",
        [IPT_AREA_ROLE_TRANSITION] = "transitions (life changes)",
        [IPT_AREA_INTERPERSONAL_DEFICITS] =
            "boredom, loneliness and isolation",
    },
    .cadence_days = 7,
    .pre_sessions = 0,
    .measures = DEPRESSION_MEASURES,
};

static const struct ipt__profile_meta maintenance_meta = {
    .title = "Maintenance IPT (IPT-M)",
    .source = "Frank et al. 1990/1991; https://iptinstitute.com/about-ipt/"
              "maintenance-ipt/ ; Weissman, Markowitz & Klerman 2000, ch. 7",
    .notes = "Verified: for patients already in remission; sessions as "
             "sparse as monthly for up to about 3 years (monthly for 3 "
             "years in two trials; weekly or twice-monthly also tested). "
             "The library's choices: 36 monthly sessions planned (3 years), "
             "24 to 36 allowed; the initial phase is the first session "
             "(re-contracting after the acute course); termination is the "
             "last 3 sessions and the ending is discussed at least 2 "
             "sessions ahead; the measures. The sources give IPT-M no phase "
             "structure of its own.",
    .cadence_days = 30,
    .pre_sessions = 0,
    .measures = DEPRESSION_MEASURES,
};

static const struct ipt__profile_meta ipsrt_meta = {
    .title = "Interpersonal and social rhythm therapy (IPSRT) for bipolar "
             "disorder",
    .source = "Frank et al. 2007, Dialogues Clin Neurosci 9(3):325; Frank, "
              "Treating Bipolar Disorder (2005); https://www.alpfmedical."
              "info/bipolar-disorder/integrating-the-components.html",
    .notes = "Verified: initial phase 3-5 sessions; intermediate phase "
             "weekly, about 10-12 sessions in trials; a final phase that "
             "tapers; a fifth problem area, grief for the lost healthy self; "
             "the Social Rhythm Metric reviewed every week. The library's "
             "choices: the profile is the acute course only, 20 weekly "
             "sessions planned (5 + 12 + 3), 16 to 24 allowed; the initial "
             "phase ends by session 5; the final phase is the last 3 "
             "sessions, the ending discussed at least 2 sessions ahead; the "
             "measures. Continuation and maintenance (e.g. 3 months biweekly "
             "then 21 months monthly in the MTBD trial) are not part of it. "
             "The Social Rhythm Metric (SRM-5 regularity score 0-7, Monk et "
             "al. 2002) is scored by ipt_srm5_score() from a week of clock "
             "times, but it is not a measure kind: it is not stored in "
             "session records and not listed among the profile's measures "
             "yet. Unverified: its hit rule (within 45 minutes of the "
             "habitual time, only activities done at least 3 times a week); "
             "the library's choice: bedtimes from 00:00 to 11:59 count as "
             "the night before.",
    .area_labels = {
        [IPT_AREA_LOST_HEALTHY_SELF] = "grief for the lost healthy self",
    },
    .cadence_days = 7,
    .pre_sessions = 0,
    .measures = DEPRESSION_MEASURES,
};

static const struct ipt__profile_meta eating_disorders_meta = {
    .title = "IPT for bulimia nervosa (IPT-BN)",
    .source = "Fairburn et al. 1993, Arch Gen Psychiatry 50:419, "
              "http://archpsyc.jamanetwork.com/article.aspx?articleid=496200 "
              "; Agras et al. 2000, Arch Gen Psychiatry 57:459, "
              "https://jamanetwork.com/journals/jamapsychiatry/fullarticle/"
              "481603",
    .notes = "Verified: 19 sessions over 18 weeks (Fairburn 1993) or about "
             "20 weeks (Agras 2000); the eating problem is discussed early, "
             "then only implicitly. Unverified: the problem areas (the four "
             "of standard IPT are assumed; the reference does not list "
             "IPT-BN's) and the phase boundaries (initial sessions 1-4, "
             "termination the last 3, i.e. 17-19: recalled, not checked). "
             "The library's choices: 'weekly' for 19 sessions in 18-20 "
             "weeks, a contract fixed at 19 sessions, the ending discussed "
             "at least 2 sessions ahead, at most two focal areas. None of "
             "the library's measures is an eating-disorder measure, so the "
             "profile names none.",
    .cadence_days = 7,
    .pre_sessions = 0,
    .measures = 0,
};

#define BUILTIN(n, m, ...)                                                  \
    {                                                                       \
        .params = PARAMS(__VA_ARGS__), .name = n, .is_builtin = 1,          \
        .allocator = { NULL, NULL, NULL }, .meta = &(m),                    \
    }

/* Listing order is part of the API (ipt_profile_builtin_at()): only append.
 * Columns: planned, min, max, initial_last, termination, notice, focal
 * areas, allowed areas. */
static const struct ipt_profile builtin_profiles[] = {
    BUILTIN("standard", standard_meta, 16, 12, 16, 3, 4, 2, 2,
            IPT_AREAS_CORE),
    BUILTIN("brief", brief_meta, 8, 8, 8, 2, 2, 1, 1, IPT_AREAS_CORE),
    BUILTIN("adolescent", adolescent_meta, 12, 12, 12, 4, 4, 2, 2,
            IPT_AREAS_CORE),
    BUILTIN("group_who", group_who_meta, 8, 8, 8, 1, 1, 1, 2,
            IPT_AREAS_CORE),
    BUILTIN("counselling", counselling_meta, 6, 3, 6, 1, 1, 1, 1,
            IPT_AREAS_CORE),
    BUILTIN("maintenance", maintenance_meta, 36, 24, 36, 1, 3, 2, 2,
            IPT_AREAS_CORE),
    BUILTIN("ipsrt", ipsrt_meta, 20, 16, 24, 5, 3, 2, 2, IPT_AREAS_ALL),
    BUILTIN("eating_disorders", eating_disorders_meta, 19, 19, 19, 4, 3, 2,
            2, IPT_AREAS_CORE),
};

uint32_t
ipt__popcount(uint32_t mask)
{
    uint32_t n = 0;

    while (mask != 0) {
        mask &= mask - 1;
        n++;
    }
    return n;
}

enum ipt_status
ipt_profile_builtin(const char *name, const struct ipt_profile **out)
{
    if (name == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < IPT__ARRAY_SIZE(builtin_profiles); i++) {
        if (strcmp(builtin_profiles[i].name, name) == 0) {
            *out = &builtin_profiles[i];
            return IPT_OK;
        }
    }
    return IPT_ERR_UNKNOWN_NAME;
}

uint32_t
ipt_profile_builtin_count(void)
{
    return (uint32_t)IPT__ARRAY_SIZE(builtin_profiles);
}

enum ipt_status
ipt_profile_builtin_at(uint32_t index, const struct ipt_profile **out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (index >= IPT__ARRAY_SIZE(builtin_profiles))
        return IPT_ERR_OUT_OF_RANGE;
    *out = &builtin_profiles[index];
    return IPT_OK;
}

/*
 * Accept a params struct of any size at least as large as version 1.  Bytes
 * beyond what this library knows must be zero, so that a newer caller's
 * request is never half-understood.
 */
static enum ipt_status
read_params(const struct ipt_profile_params *in, struct ipt_profile_params *p)
{
    return ipt__read_sized(in, IPT__PROFILE_PARAMS_V1_SIZE, p, sizeof(*p));
}

static enum ipt_status
check_rules(const struct ipt_profile_params *p, char *msg, uint64_t msg_size)
{
#define FAIL(...)                                                           \
    do {                                                                    \
        ipt__format(msg, msg_size, __VA_ARGS__);                            \
        return IPT_ERR_INVALID_PROFILE;                                     \
    } while (0)

    if (p->min_sessions < 1)
        FAIL("min_sessions must be at least 1");
    if (p->max_sessions > IPT_PROFILE_MAX_SESSIONS)
        FAIL("max_sessions (%u) must not exceed %u", p->max_sessions,
             IPT_PROFILE_MAX_SESSIONS);
    if (p->min_sessions > p->max_sessions)
        FAIL("min_sessions (%u) must not exceed max_sessions (%u)",
             p->min_sessions, p->max_sessions);
    if (p->planned_sessions < p->min_sessions ||
        p->planned_sessions > p->max_sessions)
        FAIL("planned_sessions (%u) must lie between min_sessions (%u) and "
             "max_sessions (%u)",
             p->planned_sessions, p->min_sessions, p->max_sessions);
    if (p->initial_last_session < 1)
        FAIL("initial_last_session must be at least 1");
    if (p->termination_sessions < 1)
        FAIL("termination_sessions must be at least 1");
    if ((uint64_t)p->initial_last_session + p->termination_sessions >=
        p->min_sessions)
        FAIL("initial_last_session (%u) + termination_sessions (%u) must be "
             "less than min_sessions (%u), so that every course has a "
             "middle session",
             p->initial_last_session, p->termination_sessions,
             p->min_sessions);
    if (p->ending_notice_sessions > p->termination_sessions)
        FAIL("ending_notice_sessions (%u) must not exceed "
             "termination_sessions (%u)",
             p->ending_notice_sessions, p->termination_sessions);
    if (p->allowed_areas == 0 || (p->allowed_areas & ~IPT__AREA_MASK) != 0)
        FAIL("allowed_areas (0x%x) must be a non-empty mask of known "
             "problem areas",
             p->allowed_areas);
    if (p->max_focal_areas < 1 ||
        p->max_focal_areas > ipt__popcount(p->allowed_areas))
        FAIL("max_focal_areas (%u) must lie between 1 and the number of "
             "allowed_areas (%u)",
             p->max_focal_areas, ipt__popcount(p->allowed_areas));
#undef FAIL
    ipt__format(msg, msg_size, "%s", "");
    return IPT_OK;
}

enum ipt_status
ipt_profile_check(const struct ipt_profile_params *params, char *msg,
                  uint64_t msg_size)
{
    struct ipt_profile_params p;
    enum ipt_status st;

    if (params == NULL) {
        ipt__format(msg, msg_size, "params is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = read_params(params, &p);
    if (st == IPT_ERR_INVALID_ARGUMENT) {
        ipt__format(msg, msg_size,
                    "params->size (%u) is smaller than "
                    "sizeof(struct ipt_profile_params) (%u)",
                    params->size, IPT__PROFILE_PARAMS_V1_SIZE);
        return st;
    }
    if (st != IPT_OK) {
        ipt__format(msg, msg_size,
                    "params->size (%u) is larger than this library knows "
                    "and the extra fields are not zero",
                    params->size);
        return st;
    }
    return check_rules(&p, msg, msg_size);
}

static int
valid_name(const char *name)
{
    size_t n = 0;

    for (; name[n] != '\0'; n++) {
        char c = name[n];

        if (n >= IPT_PROFILE_NAME_MAX)
            return 0;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return n > 0;
}

enum ipt_status
ipt_profile_new(const char *name, const struct ipt_profile_params *params,
                const struct ipt_allocator *allocator,
                struct ipt_profile **out)
{
    struct ipt_allocator a;
    struct ipt_profile_params p;
    struct ipt_profile *prof;
    enum ipt_status st;

    if (name == NULL || params == NULL || out == NULL || !valid_name(name))
        return IPT_ERR_INVALID_ARGUMENT;
    st = ipt__allocator_resolve(allocator, &a);
    if (st != IPT_OK)
        return st;
    st = read_params(params, &p);
    if (st != IPT_OK)
        return st;
    st = check_rules(&p, NULL, 0);
    if (st != IPT_OK)
        return st;

    prof = ipt__alloc(&a, sizeof(*prof));
    if (prof == NULL)
        return IPT_ERR_NO_MEMORY;
    memset(prof, 0, sizeof(*prof));
    prof->params = p;
    memcpy(prof->name, name, strlen(name) + 1);
    prof->is_builtin = 0;
    prof->allocator = a;
    prof->meta = NULL;
    *out = prof;
    return IPT_OK;
}

void
ipt_profile_free(struct ipt_profile *profile)
{
    struct ipt_allocator a;

    if (profile == NULL || profile->is_builtin)
        return;
    a = profile->allocator;
    ipt__free(&a, profile);
}

const char *
ipt_profile_name(const struct ipt_profile *profile)
{
    return profile != NULL ? profile->name : NULL;
}

enum ipt_status
ipt_profile_get_params(const struct ipt_profile *profile,
                       struct ipt_profile_params *out)
{
    uint32_t caller_size;
    size_t n;

    if (profile == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    caller_size = out->size;
    if (caller_size < IPT__PROFILE_PARAMS_V1_SIZE)
        return IPT_ERR_INVALID_ARGUMENT;
    n = caller_size < sizeof(profile->params) ? caller_size
                                              : sizeof(profile->params);
    memcpy(out, &profile->params, n);
    /* A caller built against a newer header passes a larger struct; its
     * size is only known at run time. */
    /* cppcheck-suppress knownConditionTrueFalse */
    if (caller_size > n)
        memset((unsigned char *)out + n, 0, caller_size - n);
    out->size = caller_size;
    return IPT_OK;
}

/* Plain labels of the problem areas, for profiles that have none of their
 * own. */
static const char *const default_area_labels[IPT__AREA_LAST + 1] = {
    [IPT_AREA_GRIEF] = "grief",
    [IPT_AREA_ROLE_DISPUTE] = "role dispute",
    [IPT_AREA_ROLE_TRANSITION] = "role transition",
    [IPT_AREA_INTERPERSONAL_DEFICITS] = "interpersonal deficits",
    [IPT_AREA_LOST_HEALTHY_SELF] = "grief for the lost healthy self",
};

const char *
ipt_profile_title(const struct ipt_profile *profile)
{
    if (profile == NULL)
        return NULL;
    return profile->meta != NULL ? profile->meta->title : "";
}

const char *
ipt_profile_source(const struct ipt_profile *profile)
{
    if (profile == NULL)
        return NULL;
    return profile->meta != NULL ? profile->meta->source : "";
}

const char *
ipt_profile_notes(const struct ipt_profile *profile)
{
    if (profile == NULL)
        return NULL;
    return profile->meta != NULL ? profile->meta->notes : "";
}

const char *
ipt_profile_area_label(const struct ipt_profile *profile, enum ipt_area area)
{
    if (profile == NULL || ipt_area_name(area) == NULL ||
        (profile->params.allowed_areas & IPT_AREA_BIT(area)) == 0)
        return NULL;
    if (profile->meta != NULL && profile->meta->area_labels[area] != NULL)
        return profile->meta->area_labels[area];
    return default_area_labels[area];
}

uint32_t
ipt_profile_cadence_days(const struct ipt_profile *profile)
{
    return profile != NULL && profile->meta != NULL
               ? profile->meta->cadence_days
               : 0;
}

uint32_t
ipt_profile_pre_sessions(const struct ipt_profile *profile)
{
    return profile != NULL && profile->meta != NULL
               ? profile->meta->pre_sessions
               : 0;
}

uint32_t
ipt_profile_measures(const struct ipt_profile *profile)
{
    return profile != NULL && profile->meta != NULL
               ? profile->meta->measures
               : 0;
}
