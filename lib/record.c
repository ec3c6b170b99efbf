/* SPDX-License-Identifier: MIT */
/*
 * Session records: what happened in each held session of a course.
 *
 * The records live in one array of profile.params.max_sessions entries
 * (index 0 = session 1), allocated through the course's allocator the first
 * time a record is set; a course that never records anything never pays for
 * it.  The phase, timestamp and tasks of a session are not stored here: they
 * are read from the event log, which stays the single source of truth.
 *
 * Every mutator checks everything and allocates everything it needs before
 * it writes, so a failed call leaves the course as it was (apart from its
 * last-error message).  Notes are the caller's private text: this file
 * copies them and hands them back, and never puts them in a message.
 */
#include <inttypes.h>
#include <string.h>

#include "internal.h"

/* Highest technique value (IPT_TECHNIQUE_* run from 1 without gaps). */
#define TECHNIQUE_LAST IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION
/* Bits 1..TECHNIQUE_LAST. */
#define TECHNIQUE_MASK \
    (((UINT32_C(1) << (TECHNIQUE_LAST + 1)) - 1) & ~UINT32_C(1))

#define MEASURE_FIRST IPT_MEASURE_PHQ9
#define MEASURE_LAST IPT_MEASURE_GAD7

_Static_assert(MEASURE_LAST - MEASURE_FIRST + 1 ==
                   (int)IPT__ARRAY_SIZE(((struct ipt__session_record *)0)
                                            ->measure),
               "one stored measure per kind");

/* Returned by ipt_course_get_note() when a session has no note. */
static const char empty_note[] = "";

/* ---- UTF-8 ------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at @p p, which has @p n bytes
 * left, or 0 when it is not one: NUL, a stray continuation byte, a lead
 * byte that is always overlong (C0, C1) or beyond U+10FFFF (F5..FF), a
 * truncated sequence, an overlong form or a surrogate. */
static size_t
utf8_sequence(const unsigned char *p, size_t n)
{
    size_t len;
    uint32_t cp;

    if (p[0] >= 0x01 && p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] < 0xE0) {
        len = 2;
        cp = p[0] & 0x1Fu;
    } else if (p[0] >= 0xE0 && p[0] < 0xF0) {
        len = 3;
        cp = p[0] & 0x0Fu;
    } else if (p[0] >= 0xF0 && p[0] < 0xF5) {
        len = 4;
        cp = p[0] & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (p[k] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800u) || (len == 4 && cp < 0x10000u) ||
        cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
        return 0;
    return len;
}

int
ipt__utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        size_t len = utf8_sequence(p + i, n - i);

        if (len == 0) {
            if (bad_offset != NULL)
                *bad_offset = i;
            return 0;
        }
        i += len;
    }
    return 1;
}

/* ---- helpers ------------------------------------------------------------ */

/* Record of @p session, or NULL when the array has none for it.  The
 * records are not part of the course object proper, so a const course
 * still yields a record its mutators may change. */
static struct ipt__session_record *
record_of(const struct ipt_course *c, uint32_t session)
{
    if (c->records == NULL || session == 0 || session > c->records_capacity)
        return NULL;
    return &c->records[session - 1];
}

const struct ipt__session_record *
ipt__record_at(const struct ipt_course *c, uint32_t session)
{
    return record_of(c, session);
}

static void
succeed(struct ipt_course *c)
{
    c->last_rule = IPT_RULE_NONE;
    c->last_error[0] = '\0';
}

/* Marks the course's last error as one with no protocol rule and returns
 * @p st; the caller has written the message. */
static enum ipt_status
fail(struct ipt_course *c, enum ipt_status st)
{
    c->last_rule = IPT_RULE_NONE;
    return st;
}

static int
session_held(const struct ipt_course *c, uint32_t session)
{
    return session >= 1 && session <= c->held;
}

/* Checks that @p session has been held, and says why not in the course's
 * last error. */
static enum ipt_status
need_held(struct ipt_course *c, uint32_t session)
{
    if (session_held(c, session))
        return IPT_OK;
    if (session == 0)
        ipt__format(c->last_error, sizeof(c->last_error), "session 0 does "
                    "not exist: sessions are numbered from 1");
    else
        ipt__format(c->last_error, sizeof(c->last_error), "session %u has "
                    "not been held (%u held)", session, c->held);
    return fail(c, IPT_ERR_NOT_AVAILABLE);
}

/* Allocates the zeroed records array unless it exists, with room for the
 * profile's maximum: no course holds more sessions, since its contracts
 * stay within that maximum (rule contract_limits). */
static enum ipt_status
ensure_records(struct ipt_course *c)
{
    uint32_t n = c->profile.params.max_sessions;
    struct ipt__session_record *r;

    if (c->records != NULL)
        return IPT_OK;
    r = ipt__alloc(&c->allocator, sizeof(*r) * n);
    if (r == NULL) {
        ipt__format(c->last_error, sizeof(c->last_error), "no memory for "
                    "the records of %u sessions", n);
        return fail(c, IPT_ERR_NO_MEMORY);
    }
    memset(r, 0, sizeof(*r) * n);
    c->records = r;
    c->records_capacity = n;
    return IPT_OK;
}

/* Record of held session @p session, allocating the array if needed. */
static enum ipt_status
writable_record(struct ipt_course *c, uint32_t session,
                struct ipt__session_record **out)
{
    enum ipt_status st = ensure_records(c);

    if (st != IPT_OK)
        return st;
    if (session > c->records_capacity) {
        /* Unreachable while held <= records_capacity; kept so that a bad
         * course never leads to a write out of bounds. */
        ipt__format(c->last_error, sizeof(c->last_error), "session %u has "
                    "no room for a record", session);
        return fail(c, IPT_ERR_NOT_AVAILABLE);
    }
    *out = &c->records[session - 1];
    return IPT_OK;
}

static int
measure_kind_known(int32_t kind)
{
    return kind >= MEASURE_FIRST && kind <= MEASURE_LAST;
}

static uint32_t
measure_bit(int32_t kind)
{
    return UINT32_C(1) << (unsigned)kind;
}

/* ---- reading ------------------------------------------------------------ */

/* Tasks completed in @p session and the phase and timestamp of its
 * hold_session entry, from the event log. */
static void
session_from_log(const struct ipt_course *c, uint32_t session,
                 struct ipt_session_info *info)
{
    for (uint32_t i = 0; i < c->log_count; i++) {
        const struct ipt_log_entry *e = &c->log[i];

        if (e->session != session)
            continue;
        if (e->type == IPT_EVENT_HOLD_SESSION) {
            info->phase = e->state_before;
            info->timestamp = e->timestamp;
        } else if (e->type == IPT_EVENT_COMPLETE_TASK) {
            info->tasks |= IPT_TASK_BIT(e->value);
        }
    }
}

enum ipt_status
ipt_course_get_session(const struct ipt_course *c, uint32_t session,
                       struct ipt_session_info *out)
{
    const struct ipt__session_record *r;
    struct ipt_session_info info;

    if (c == NULL || out == NULL || out->size < sizeof(info))
        return IPT_ERR_INVALID_ARGUMENT;
    if (!session_held(c, session))
        return IPT_ERR_NOT_AVAILABLE;

    memset(&info, 0, sizeof(info));
    info.size = out->size;
    info.session = session;
    session_from_log(c, session, &info);
    r = ipt__record_at(c, session);
    if (r != NULL) {
        info.techniques = r->techniques;
        info.areas = r->areas;
        info.measures = r->measures;
        info.note_bytes = r->note_bytes;
    }
    memcpy(out, &info, sizeof(info));
    return IPT_OK;
}

enum ipt_status
ipt_course_get_measure(const struct ipt_course *c, uint32_t session,
                       enum ipt_measure_kind kind, struct ipt_measure *out)
{
    const struct ipt__session_record *r;

    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!measure_kind_known((int32_t)kind))
        return IPT_ERR_OUT_OF_RANGE;
    if (!session_held(c, session))
        return IPT_ERR_NOT_AVAILABLE;
    r = ipt__record_at(c, session);
    if (r == NULL || (r->measures & measure_bit((int32_t)kind)) == 0)
        return IPT_ERR_NOT_AVAILABLE;
    *out = r->measure[kind - MEASURE_FIRST];
    return IPT_OK;
}

enum ipt_status
ipt_course_get_note(const struct ipt_course *c, uint32_t session,
                    const char **text, uint64_t *length)
{
    const struct ipt__session_record *r;

    if (c == NULL || text == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!session_held(c, session))
        return IPT_ERR_NOT_AVAILABLE;
    r = ipt__record_at(c, session);
    if (r == NULL || r->note == NULL) {
        *text = empty_note;
        if (length != NULL)
            *length = 0;
        return IPT_OK;
    }
    *text = r->note;
    if (length != NULL)
        *length = r->note_bytes;
    return IPT_OK;
}

enum ipt_status
ipt_course_outcome(const struct ipt_course *c, enum ipt_measure_kind kind,
                   const struct ipt_outcome_params *params,
                   struct ipt_outcome *out)
{
    struct ipt_score_point points[IPT_PROFILE_MAX_SESSIONS];
    size_t n = 0;

    if (c == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (!measure_kind_known((int32_t)kind))
        return IPT_ERR_OUT_OF_RANGE;
    for (uint32_t s = 1; s <= c->held && n < IPT__ARRAY_SIZE(points); s++) {
        const struct ipt__session_record *r = ipt__record_at(c, s);

        if (r == NULL || (r->measures & measure_bit((int32_t)kind)) == 0)
            continue;
        points[n].session = s;
        points[n].total = r->measure[kind - MEASURE_FIRST].total;
        n++;
    }
    /* With no point, ipt_outcome_compute() still checks params, then
     * reports IPT_ERR_NO_BASELINE. */
    return ipt_outcome_compute(kind, points, n, params, out);
}

/* ---- writing ------------------------------------------------------------ */

enum ipt_status
ipt_course_record_techniques(struct ipt_course *c, uint32_t session,
                             uint32_t techniques)
{
    struct ipt__session_record *r;
    enum ipt_status st;

    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    if ((techniques & ~TECHNIQUE_MASK) != 0) {
        ipt__format(c->last_error, sizeof(c->last_error), "unknown "
                    "technique bits 0x%x",
                    (unsigned)(techniques & ~TECHNIQUE_MASK));
        return fail(c, IPT_ERR_OUT_OF_RANGE);
    }
    st = need_held(c, session);
    if (st != IPT_OK)
        return st;
    if (techniques == 0 && c->records == NULL) {
        succeed(c);                     /* nothing to clear */
        return IPT_OK;
    }
    st = writable_record(c, session, &r);
    if (st != IPT_OK)
        return st;
    r->techniques = techniques;
    succeed(c);
    return IPT_OK;
}

static enum ipt_status
check_areas(struct ipt_course *c, uint32_t areas)
{
    uint32_t refused = areas & ~c->profile.params.allowed_areas;

    if ((areas & ~IPT__AREA_MASK) != 0) {
        ipt__format(c->last_error, sizeof(c->last_error), "unknown problem "
                    "area bits 0x%x", (unsigned)(areas & ~IPT__AREA_MASK));
        return fail(c, IPT_ERR_OUT_OF_RANGE);
    }
    for (int32_t a = IPT__AREA_FIRST; a <= IPT__AREA_LAST; a++) {
        if ((refused & IPT_AREA_BIT(a)) != 0) {
            ipt__format(c->last_error, sizeof(c->last_error), "problem "
                        "area '%s' is not allowed by profile '%s'",
                        ipt_area_name((enum ipt_area)a), c->profile.name);
            return fail(c, IPT_ERR_OUT_OF_RANGE);
        }
    }
    return IPT_OK;
}

enum ipt_status
ipt_course_record_areas(struct ipt_course *c, uint32_t session,
                        uint32_t areas)
{
    struct ipt__session_record *r;
    enum ipt_status st;

    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    st = check_areas(c, areas);
    if (st != IPT_OK)
        return st;
    st = need_held(c, session);
    if (st != IPT_OK)
        return st;
    if (areas == 0 && c->records == NULL) {
        succeed(c);
        return IPT_OK;
    }
    st = writable_record(c, session, &r);
    if (st != IPT_OK)
        return st;
    r->areas = areas;
    succeed(c);
    return IPT_OK;
}

enum ipt_status
ipt_course_record_measure(struct ipt_course *c, uint32_t session,
                          const struct ipt_measure *measure)
{
    struct ipt_measure_score score;
    struct ipt__session_record *r;
    char msg[IPT__MSG_SIZE] = "measure is not valid";
    enum ipt_status st;

    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    if (measure == NULL) {
        ipt__format(c->last_error, sizeof(c->last_error), "measure is NULL");
        return fail(c, IPT_ERR_INVALID_ARGUMENT);
    }
    st = ipt_measure_score(measure, (enum ipt_hamd_banding)0, &score, msg,
                           sizeof(msg));
    if (st != IPT_OK) {
        memcpy(c->last_error, msg, sizeof(c->last_error));
        c->last_error[sizeof(c->last_error) - 1] = '\0';
        return fail(c, st);
    }
    st = need_held(c, session);
    if (st != IPT_OK)
        return st;
    st = writable_record(c, session, &r);
    if (st != IPT_OK)
        return st;
    r->measure[measure->kind - MEASURE_FIRST] = *measure;
    r->measure[measure->kind - MEASURE_FIRST].total = score.total;
    r->measures |= measure_bit(measure->kind);
    succeed(c);
    return IPT_OK;
}

enum ipt_status
ipt_course_clear_measure(struct ipt_course *c, uint32_t session,
                         enum ipt_measure_kind kind)
{
    struct ipt__session_record *r;
    enum ipt_status st;

    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    if (!measure_kind_known((int32_t)kind)) {
        ipt__format(c->last_error, sizeof(c->last_error), "unknown measure "
                    "kind %d", (int)kind);
        return fail(c, IPT_ERR_OUT_OF_RANGE);
    }
    st = need_held(c, session);
    if (st != IPT_OK)
        return st;
    r = record_of(c, session);
    if (r == NULL || (r->measures & measure_bit((int32_t)kind)) == 0) {
        ipt__format(c->last_error, sizeof(c->last_error), "session %u has "
                    "no %s recorded", session, ipt_measure_kind_name(kind));
        return fail(c, IPT_ERR_NOT_AVAILABLE);
    }
    r->measures &= ~measure_bit((int32_t)kind);
    memset(&r->measure[kind - MEASURE_FIRST], 0, sizeof(r->measure[0]));
    succeed(c);
    return IPT_OK;
}

static enum ipt_status
check_note(struct ipt_course *c, const char *text, uint64_t length)
{
    size_t bad = 0;

    if (text == NULL && length > 0) {
        ipt__format(c->last_error, sizeof(c->last_error), "note text is "
                    "NULL but its length is %" PRIu64, length);
        return fail(c, IPT_ERR_INVALID_ARGUMENT);
    }
    if (length > IPT_NOTE_MAX_BYTES) {
        ipt__format(c->last_error, sizeof(c->last_error), "note is %" PRIu64
                    " bytes; the limit is %u", length, IPT_NOTE_MAX_BYTES);
        return fail(c, IPT_ERR_OUT_OF_RANGE);
    }
    if (length > 0 && !ipt__utf8_valid(text, (size_t)length, &bad)) {
        /* The offset only: a note must never reach a message. */
        if (text[bad] == '\0')
            ipt__format(c->last_error, sizeof(c->last_error), "note holds "
                        "a NUL byte at byte %zu", bad);
        else
            ipt__format(c->last_error, sizeof(c->last_error), "note is not "
                        "valid UTF-8 at byte %zu", bad);
        return fail(c, IPT_ERR_ENCODING);
    }
    return IPT_OK;
}

enum ipt_status
ipt_course_set_note(struct ipt_course *c, uint32_t session, const char *text,
                    uint64_t length)
{
    struct ipt__session_record *r;
    char *copy;
    enum ipt_status st;

    if (c == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (c->busy)
        return IPT_ERR_BUSY;
    st = check_note(c, text, length);
    if (st != IPT_OK)
        return st;
    st = need_held(c, session);
    if (st != IPT_OK)
        return st;

    if (length == 0) {
        r = record_of(c, session);
        if (r != NULL) {
            ipt__free(&c->allocator, r->note);
            r->note = NULL;
            r->note_bytes = 0;
        }
        succeed(c);
        return IPT_OK;
    }

    /* The copy first: if the array cannot be had either, the copy goes and
     * the course is as it was. */
    copy = ipt__alloc(&c->allocator, (size_t)length + 1);
    if (copy == NULL) {
        ipt__format(c->last_error, sizeof(c->last_error), "no memory for a "
                    "note of %" PRIu64 " bytes", length);
        return fail(c, IPT_ERR_NO_MEMORY);
    }
    st = writable_record(c, session, &r);
    if (st != IPT_OK) {
        ipt__free(&c->allocator, copy);
        return st;
    }
    memcpy(copy, text, (size_t)length);
    copy[length] = '\0';
    ipt__free(&c->allocator, r->note);
    r->note = copy;
    r->note_bytes = (uint32_t)length;
    succeed(c);
    return IPT_OK;
}

void
ipt__records_free(struct ipt_course *c)
{
    if (c == NULL || c->records == NULL)
        return;
    for (uint32_t i = 0; i < c->records_capacity; i++)
        ipt__free(&c->allocator, c->records[i].note);
    ipt__free(&c->allocator, c->records);
    c->records = NULL;
    c->records_capacity = 0;
}
