/* SPDX-License-Identifier: MIT */
/*
 * Protocol profiles: validation, the built-in profiles and caller-made ones.
 * Built-in profiles are static data; adding one is a new table row, never a
 * new code path.
 */
#include <string.h>

#include "internal.h"

static const struct ipt_profile builtin_profiles[] = {
    {
        /* Standard IPT for depression: 12-16 weekly sessions (16 planned),
         * initial phase sessions 1-3, termination the final 4 sessions,
         * ending discussed at least 2 sessions ahead, one focal area and at
         * most two.  Weissman, Markowitz & Klerman 2000; ISIPT. */
        .params = {
            .size = IPT__PROFILE_PARAMS_V1_SIZE,
            .planned_sessions = 16,
            .min_sessions = 12,
            .max_sessions = 16,
            .initial_last_session = 3,
            .termination_sessions = 4,
            .ending_notice_sessions = 2,
            .max_focal_areas = 2,
            .allowed_areas = IPT_AREAS_ALL,
        },
        .name = "standard",
        .is_builtin = 1,
        .allocator = { NULL, NULL, NULL },
    },
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
check_rules(const struct ipt_profile_params *p, char *msg, size_t msg_size)
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
                  size_t msg_size)
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
    if (caller_size > n)
        memset((unsigned char *)out + n, 0, caller_size - n);
    out->size = caller_size;
    return IPT_OK;
}
