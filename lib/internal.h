/* SPDX-License-Identifier: MIT */
/*
 * Private declarations shared by the library's modules.  Nothing here is
 * exported; every name is static or carries the ipt__ prefix.
 */
#ifndef IPT_INTERNAL_H
#define IPT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt.h>

/* ---- allocation (alloc.c) ---------------------------------------------- */

/* Resolve a caller's allocator (NULL = malloc/free) into *out.  Fails with
 * IPT_ERR_INVALID_ARGUMENT when a function is missing. */
enum ipt_status
ipt__allocator_resolve(const struct ipt_allocator *in,
                       struct ipt_allocator *out);

void *
ipt__alloc(const struct ipt_allocator *a, size_t size);

void
ipt__free(const struct ipt_allocator *a, void *ptr);

/* ---- name tables (names.c) --------------------------------------------- */

struct ipt__name {
    int32_t value;
    const char *name;
};

const char *
ipt__name_of(const struct ipt__name *table, size_t n, int32_t value);

enum ipt_status
ipt__value_of(const struct ipt__name *table, size_t n, const char *name,
              int32_t *out);

/* ---- formatting (status.c) --------------------------------------------- */

/* snprintf into a buffer that may be NULL or empty; never fails. */
void
ipt__format(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- profiles (profile.c) ---------------------------------------------- */

/* Size of the first released version of struct ipt_profile_params. */
#define IPT__PROFILE_PARAMS_V1_SIZE ((uint32_t)sizeof(struct ipt_profile_params))

struct ipt_profile {
    struct ipt_profile_params params;
    char name[IPT_PROFILE_NAME_MAX + 1];
    int is_builtin;
    struct ipt_allocator allocator;
};

/* Number of set bits. */
uint32_t
ipt__popcount(uint32_t mask);

/* Bits of every known problem area. */
#define IPT__AREA_MASK IPT_AREAS_ALL

/* ---- state machine table (machine.c) ----------------------------------- */

/* Conditions that select among several edges of one state and event.  They
 * are evaluated on the course after the event's effect. */
enum ipt__cond {
    IPT__COND_ALWAYS = 0,
    IPT__COND_ABOVE_TERMINATION,    /* remaining > termination_sessions */
    IPT__COND_WITHIN_TERMINATION,   /* remaining <= termination_sessions */
    IPT__COND_SESSIONS_LEFT,        /* remaining > 0 */
    IPT__COND_NO_SESSIONS_LEFT,     /* remaining == 0 */
    IPT__COND_REFERRAL,             /* end reason is referral */
    IPT__COND_NOT_REFERRAL          /* any other end reason */
};

struct ipt__edge {
    enum ipt_state from;
    enum ipt_event_type event;
    enum ipt_state to;
    enum ipt__cond cond;
};

extern const struct ipt__edge ipt__edges[];
extern const size_t ipt__edge_count;

const char *
ipt__cond_text(enum ipt__cond cond);

#define IPT__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* IPT_INTERNAL_H */
