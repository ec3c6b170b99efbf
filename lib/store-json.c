/* SPDX-License-Identifier: MIT */
/*
 * The course document: a whole course as versioned JSON (format 1.0,
 * specified in docs/course-format.md with the JSON Schema
 * docs/course.schema.json).
 *
 * Saving builds a jansson tree in a fixed member order and dumps it with
 * two-space indentation plus a final newline, so that one course always
 * gives the same bytes.  Only what cannot be recomputed is written: the
 * profile, the accepted events (without the derived fields of the log) and
 * the session records.
 *
 * Loading runs in three steps, so that every format error is reported
 * before any history error:
 *   1. parse and check the whole document, member by member, without
 *      building anything (check_document());
 *   2. create the course and replay the events through ipt_course_apply();
 *   3. apply the session records through the ipt_course_record_*()
 *      functions.
 * Steps 2 and 3 read the same tree again with the same parse functions,
 * which cannot fail the second time.  Every message starts with the JSON
 * path of the offending value, e.g. "$.sessions[3].phq9[8]: ...".
 *
 * jansson allocates through its own allocator (the application's choice);
 * the course and a custom profile go through the caller's allocator.
 * Nothing here prints, logs or keeps global state.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#if defined(IPT_HAVE_JANSSON)
#include <jansson.h>
#endif

#include "internal.h"

#if defined(IPT_HAVE_JANSSON)

/* The value of the top-level "format" member. */
#define FORMAT_NAME "libipt-course"

/* The version this library writes, "MAJOR.MINOR". */
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
#define FORMAT_VERSION \
    STRINGIFY(IPT_FORMAT_MAJOR) "." STRINGIFY(IPT_FORMAT_MINOR)

/* Capacity limit of ipt_course_reserve_log(). */
#define LOG_CAPACITY_MAX UINT32_C(1048576)

/* The dump flags: the canonical layout is part of the format. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* Room for a JSON path such as "$.sessions[123].hamd17[16]". */
#define PATH_MAX_BYTES 96

/* Longest quotation of a document's string in a message, in bytes. */
#define QUOTE_MAX_BYTES 48

_Static_assert(sizeof(json_int_t) >= sizeof(int64_t),
               "jansson integers must hold every int64_t timestamp");

/* ---- vocabularies: stable names <-> values ------------------------------ */

struct vocab {
    const char *what;   /* for messages: "unknown <what> 'x'" */
    const char *(*name)(int32_t value);
    enum ipt_status (*value)(const char *name, int32_t *out);
};

#define VOCAB_FUNCTIONS(prefix, type)                                       \
    static const char *prefix##_name32(int32_t v)                          \
    {                                                                       \
        return prefix##_name((type)v);                                      \
    }                                                                       \
    static enum ipt_status prefix##_value32(const char *name, int32_t *out) \
    {                                                                       \
        type v;                                                             \
        enum ipt_status st = prefix##_from_name(name, &v);                  \
        if (st == IPT_OK)                                                   \
            *out = (int32_t)v;                                              \
        return st;                                                          \
    }

VOCAB_FUNCTIONS(ipt_event_type, enum ipt_event_type)
VOCAB_FUNCTIONS(ipt_task, enum ipt_task)
VOCAB_FUNCTIONS(ipt_area, enum ipt_area)
VOCAB_FUNCTIONS(ipt_dispute_stage, enum ipt_dispute_stage)
VOCAB_FUNCTIONS(ipt_end_reason, enum ipt_end_reason)
VOCAB_FUNCTIONS(ipt_technique, enum ipt_technique)

static const struct vocab event_vocab = {
    "event type", ipt_event_type_name32, ipt_event_type_value32 };
static const struct vocab task_vocab = {
    "task", ipt_task_name32, ipt_task_value32 };
static const struct vocab area_vocab = {
    "problem area", ipt_area_name32, ipt_area_value32 };
static const struct vocab stage_vocab = {
    "dispute stage", ipt_dispute_stage_name32, ipt_dispute_stage_value32 };
static const struct vocab reason_vocab = {
    "end reason", ipt_end_reason_name32, ipt_end_reason_value32 };
static const struct vocab technique_vocab = {
    "technique", ipt_technique_name32, ipt_technique_value32 };

/* The numeric members of "profile", in document order. */
static const struct {
    const char *key;
    size_t offset;
} profile_numbers[] = {
    { "planned_sessions",
      offsetof(struct ipt_profile_params, planned_sessions) },
    { "min_sessions", offsetof(struct ipt_profile_params, min_sessions) },
    { "max_sessions", offsetof(struct ipt_profile_params, max_sessions) },
    { "initial_last_session",
      offsetof(struct ipt_profile_params, initial_last_session) },
    { "termination_sessions",
      offsetof(struct ipt_profile_params, termination_sessions) },
    { "ending_notice_sessions",
      offsetof(struct ipt_profile_params, ending_notice_sessions) },
    { "max_focal_areas",
      offsetof(struct ipt_profile_params, max_focal_areas) },
};

static uint32_t *
param_field(struct ipt_profile_params *p, size_t i)
{
    return (uint32_t *)(void *)((unsigned char *)p +
                                profile_numbers[i].offset);
}

/* The measures of a session record, in document order. */
static const struct {
    const char *key;
    enum ipt_measure_kind kind;
} measure_members[] = {
    { "phq9", IPT_MEASURE_PHQ9 },
    { "hamd17", IPT_MEASURE_HAMD17 },
    { "gad7", IPT_MEASURE_GAD7 },
};

#define MEASURE_COUNT IPT__ARRAY_SIZE(measure_members)

/* The member holding an event's value, or NULL for none. */
static const char *
event_member(enum ipt_event_type type)
{
    switch (type) {
    case IPT_EVENT_COMPLETE_TASK:
        return "task";
    case IPT_EVENT_CHOOSE_FOCUS:
        return "areas";
    case IPT_EVENT_SET_DISPUTE_STAGE:
        return "stage";
    case IPT_EVENT_DISCONTINUE:
        return "reason";
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        return "sessions";
    case IPT_EVENT_START:
    case IPT_EVENT_HOLD_SESSION:
    case IPT_EVENT_ADVANCE_PHASE:
    case IPT_EVENT_ENTER_MAINTENANCE:
        break;
    }
    return NULL;
}

/* ======================================================================== */
/* Saving                                                                   */
/* ======================================================================== */

/* Each builder returns a new tree or NULL when jansson runs out of memory.
 * json_object_set_new*() and json_array_append_new() take the value even
 * when they fail (and accept NULL, failing), so a chain of them needs no
 * cleanup of its own. */

static int
put(json_t *obj, const char *key, json_t *value)
{
    return json_object_set_new_nocheck(obj, key, value);
}

static json_t *
name_string(const struct vocab *v, int32_t value)
{
    const char *name = v->name(value);

    return name != NULL ? json_string_nocheck(name) : NULL;
}

/* Names of the set bits of @p mask, lowest bit first. */
static json_t *
names_array(const struct vocab *v, uint32_t mask)
{
    json_t *arr = json_array();

    for (int32_t bit = 0; arr != NULL && bit < 32; bit++) {
        if ((mask & (UINT32_C(1) << bit)) == 0)
            continue;
        if (json_array_append_new(arr, name_string(v, bit)) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

static json_t *
profile_to_json(const struct ipt_profile *profile)
{
    struct ipt_profile_params p;
    json_t *obj = json_object();

    memset(&p, 0, sizeof(p));
    p.size = (uint32_t)sizeof(p);
    if (obj == NULL || ipt_profile_get_params(profile, &p) != IPT_OK ||
        put(obj, "name", json_string(ipt_profile_name(profile))) != 0)
        goto fail;
    for (size_t i = 0; i < IPT__ARRAY_SIZE(profile_numbers); i++) {
        if (put(obj, profile_numbers[i].key,
                json_integer(*param_field(&p, i))) != 0)
            goto fail;
    }
    if (put(obj, "allowed_areas", names_array(&area_vocab,
                                              p.allowed_areas)) != 0)
        goto fail;
    return obj;
fail:
    json_decref(obj);
    return NULL;
}

static json_t *
event_to_json(const struct ipt_log_entry *e)
{
    enum ipt_event_type type = (enum ipt_event_type)e->type;
    const char *key = event_member(type);
    json_t *obj = json_object();
    json_t *value = NULL;

    if (obj == NULL ||
        put(obj, "type", name_string(&event_vocab, e->type)) != 0 ||
        put(obj, "timestamp", json_integer((json_int_t)e->timestamp)) != 0)
        goto fail;
    switch (type) {
    case IPT_EVENT_COMPLETE_TASK:
        value = name_string(&task_vocab, e->value);
        break;
    case IPT_EVENT_CHOOSE_FOCUS:
        value = names_array(&area_vocab, e->areas);
        break;
    case IPT_EVENT_SET_DISPUTE_STAGE:
        value = name_string(&stage_vocab, e->value);
        break;
    case IPT_EVENT_DISCONTINUE:
        value = name_string(&reason_vocab, e->value);
        break;
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        value = json_integer(e->value);
        break;
    case IPT_EVENT_START:
    case IPT_EVENT_HOLD_SESSION:
    case IPT_EVENT_ADVANCE_PHASE:
    case IPT_EVENT_ENTER_MAINTENANCE:
        break;
    }
    if (key != NULL && put(obj, key, value) != 0)
        goto fail;
    return obj;
fail:
    json_decref(obj);
    return NULL;
}

/* Items as an array, or a total alone as {"total": n}. */
static json_t *
measure_to_json(const struct ipt_measure *m)
{
    json_t *v;

    if (m->item_count == 0) {
        v = json_object();
        if (v != NULL && put(v, "total", json_integer(m->total)) != 0) {
            json_decref(v);
            v = NULL;
        }
        return v;
    }
    v = json_array();
    for (uint32_t i = 0; v != NULL && i < m->item_count; i++) {
        if (json_array_append_new(v, json_integer(m->items[i])) != 0) {
            json_decref(v);
            v = NULL;
        }
    }
    return v;
}

/* Appends session @p s to @p sessions unless its record is empty. */
static enum ipt_status
append_session(const struct ipt_course *course, uint32_t s, json_t *sessions)
{
    struct ipt_session_info info;
    json_t *obj;

    memset(&info, 0, sizeof(info));
    info.size = (uint32_t)sizeof(info);
    if (ipt_course_get_session(course, s, &info) != IPT_OK ||
        (info.techniques == 0 && info.areas == 0 && info.measures == 0 &&
         info.note_bytes == 0))
        return IPT_OK;

    obj = json_object();
    if (json_array_append_new(sessions, obj) != 0 ||
        put(obj, "session", json_integer(s)) != 0)
        return IPT_ERR_NO_MEMORY;
    if (info.techniques != 0 &&
        put(obj, "techniques", names_array(&technique_vocab,
                                           info.techniques)) != 0)
        return IPT_ERR_NO_MEMORY;
    if (info.areas != 0 &&
        put(obj, "areas", names_array(&area_vocab, info.areas)) != 0)
        return IPT_ERR_NO_MEMORY;
    for (size_t k = 0; k < MEASURE_COUNT; k++) {
        enum ipt_measure_kind kind = measure_members[k].kind;
        struct ipt_measure m;

        if ((info.measures & (UINT32_C(1) << (unsigned)kind)) == 0 ||
            ipt_course_get_measure(course, s, kind, &m) != IPT_OK)
            continue;
        if (put(obj, measure_members[k].key, measure_to_json(&m)) != 0)
            return IPT_ERR_NO_MEMORY;
    }
    if (info.note_bytes != 0) {
        const char *text = NULL;
        uint64_t len = 0;

        if (ipt_course_get_note(course, s, &text, &len) == IPT_OK &&
            put(obj, "note", json_stringn(text, (size_t)len)) != 0)
            return IPT_ERR_NO_MEMORY;
    }
    return IPT_OK;
}

static enum ipt_status
course_to_json(const struct ipt_course *course, json_t *root)
{
    const struct ipt_profile *profile = NULL;
    uint32_t count = 0, capacity = 0, held = 0;
    json_t *events = json_array();
    json_t *sessions = json_array();

    (void)ipt_course_get_profile(course, &profile);
    (void)ipt_course_log_size(course, &count, &capacity);
    (void)ipt_course_get_sessions(course, &held, NULL, NULL);
    if (put(root, "format", json_string_nocheck(FORMAT_NAME)) != 0 ||
        put(root, "version", json_string_nocheck(FORMAT_VERSION)) != 0 ||
        put(root, "library", json_string(ipt_version_string())) != 0 ||
        put(root, "profile", profile_to_json(profile)) != 0 ||
        put(root, "log_capacity", json_integer(capacity)) != 0) {
        json_decref(events);
        json_decref(sessions);
        return IPT_ERR_NO_MEMORY;
    }
    if (put(root, "events", events) != 0) {
        json_decref(sessions);
        return IPT_ERR_NO_MEMORY;
    }
    if (put(root, "sessions", sessions) != 0)
        return IPT_ERR_NO_MEMORY;
    for (uint32_t i = 0; i < count; i++) {
        struct ipt_log_entry e;

        if (ipt_course_log_get(course, i, &e) != IPT_OK ||
            json_array_append_new(events, event_to_json(&e)) != 0)
            return IPT_ERR_NO_MEMORY;
    }
    for (uint32_t s = 1; s <= held; s++) {
        enum ipt_status st = append_session(course, s, sessions);

        if (st != IPT_OK)
            return st;
    }
    return IPT_OK;
}

enum ipt_status
ipt_course_save_json(const struct ipt_course *course, char *buf, uint64_t size,
                     uint64_t *length)
{
    json_t *root;
    enum ipt_status st;

    if (course == NULL || length == NULL || (buf == NULL && size > 0))
        return IPT_ERR_INVALID_ARGUMENT;
    root = json_object();
    if (root == NULL)
        return IPT_ERR_NO_MEMORY;
    st = course_to_json(course, root);
    if (st != IPT_OK) {
        json_decref(root);
        return st;
    }
    return ipt__json_dump(root, buf, size, length);
}

enum ipt_status
ipt__json_dump(json_t *root, char *buf, uint64_t size, uint64_t *length)
{
    size_t n;

    /* One pass in the common case: json_dumpb() copies only what fits and
     * returns the full length either way.  It fails (0) only when it runs
     * out of memory; a document is never empty. */
    n = json_dumpb(root, buf, ipt__size_clamp(size), DUMP_FLAGS);
    json_decref(root);
    if (n == 0) {
        /* It may have written part of the document: leave no prefix of
         * one, as when the buffer is too small. */
        if (size > 0)
            buf[0] = '\0';
        return IPT_ERR_NO_MEMORY;
    }
    *length = n + 1;                /* the final newline */
    if (size > n + 1) {
        buf[n] = '\n';
        buf[n + 1] = '\0';
        return IPT_OK;
    }
    if (size > 0)
        buf[0] = '\0';
    return IPT_ERR_BUFFER_TOO_SMALL;
}

/* ======================================================================== */
/* Loading                                                                  */
/* ======================================================================== */

struct loader {
    char *msg;
    uint64_t msg_size;
    unsigned major, minor;      /* the document's format version */
    int newer;                  /* minor above ours: unknown members skipped */
    char path[PATH_MAX_BYTES];
    size_t path_len;
};

/* One session record as read from the document. */
struct session_rec {
    uint32_t session;
    uint32_t techniques;
    uint32_t areas;
    uint32_t measures;          /* bit k: measure_members[k] present */
    struct ipt_measure measure[MEASURE_COUNT];
    const char *note;           /* NULL: no "note" member */
    size_t note_len;
};

/* ---- paths and messages ------------------------------------------------- */

/* Appends @p n bytes to the path, cutting what does not fit. */
static void
path_append(struct loader *ld, const char *text, size_t n)
{
    size_t room = sizeof(ld->path) - 1 - ld->path_len;

    /* GCOVR_EXCL_START: defensive: a path names only members of the
     * format and array indices; the longest, "$.sessions[N].techniques[N]"
     * with two 20-digit indices, has 66 bytes, under PATH_MAX_BYTES. */
    if (n > room)
        n = room;
    /* GCOVR_EXCL_STOP */
    memcpy(ld->path + ld->path_len, text, n);
    ld->path_len += n;
    ld->path[ld->path_len] = '\0';
}

/* Descend into member @p key; returns the length to restore with
 * path_pop(). */
static size_t
path_key(struct loader *ld, const char *key)
{
    size_t saved = ld->path_len;

    path_append(ld, ".", 1);
    path_append(ld, key, strlen(key));
    return saved;
}

static size_t
path_index(struct loader *ld, size_t index)
{
    size_t saved = ld->path_len;
    char digits[24];
    size_t n = sizeof(digits);

    /* By hand: this runs for every array element, twice. */
    digits[--n] = ']';
    do {
        digits[--n] = (char)('0' + index % 10);
        index /= 10;
    } while (index > 0);
    digits[--n] = '[';
    path_append(ld, digits + n, sizeof(digits) - n);
    return saved;
}

static void
path_pop(struct loader *ld, size_t saved)
{
    ld->path_len = saved;
    ld->path[saved] = '\0';
}

static enum ipt_status
fail(struct loader *ld, enum ipt_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Writes "<path>: <text>" into the caller's message buffer. */
static enum ipt_status
fail(struct loader *ld, enum ipt_status st, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (ld->msg == NULL || ld->msg_size == 0)
        return st;
    n = snprintf(ld->msg, ipt__size_clamp(ld->msg_size), "%s: ", ld->path);
    if (n < 0 || (uint64_t)n >= ld->msg_size)
        return st;
    va_start(ap, fmt);
    (void)vsnprintf(ld->msg + n, ipt__size_clamp(ld->msg_size - (uint64_t)n),
                    fmt, ap);
    va_end(ap);
    return st;
}

/* Copies a document string into @p out for a message: at most
 * QUOTE_MAX_BYTES bytes, cut on a character boundary, with control
 * characters, quotes and backslashes escaped. */
static void
quote(char *out, size_t size, const char *s, size_t len)
{
    size_t o = 0;
    size_t i = 0;

    while (i < len && o + 8 < size && i < QUOTE_MAX_BYTES) {
        unsigned char c = (unsigned char)s[i];
        size_t seq = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

        if (c < 0x20 || c == 0x7F || c == '\'' || c == '\\') {
            o += (size_t)snprintf(out + o, size - o, "\\x%02X", c);
            i++;
        } else if (i + seq <= len && o + seq < size) {
            memcpy(out + o, s + i, seq);
            o += seq;
            i += seq;
        } else {
            break;
        }
    }
    if (i < len && o + 4 <= size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* @p j is never NULL: a missing member fails in member() before any
 * type check.  The static analyzer does not follow the variadic fail(), so
 * it thinks member() may return IPT_OK with a NULL member. */
static const char *
type_text(const json_t *j)
{
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a real number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        break;
    }
    return "null";
}

static enum ipt_status
wrong_type(struct loader *ld, const json_t *j, const char *expected)
{
    return fail(ld, IPT_ERR_FORMAT, "expected %s, not %s", expected,
                type_text(j));
}

/* ---- members ------------------------------------------------------------ */

/* Refuses members not in @p known, unless the document is of a newer minor
 * version (then they are skipped, and dropped when the course is saved
 * again). */
static enum ipt_status
check_members(struct loader *ld, json_t *obj, const char *const *known,
              size_t n)
{
    const char *key;
    json_t *value;

    if (ld->newer)
        return IPT_OK;
    json_object_foreach(obj, key, value) {
        size_t i = 0;
        char q[QUOTE_MAX_BYTES + 16];

        while (i < n && (known[i] == NULL || strcmp(known[i], key) != 0))
            i++;
        if (i < n)
            continue;
        quote(q, sizeof(q), key, strlen(key));
        return fail(ld, IPT_ERR_FORMAT, "unknown member '%s'", q);
    }
    return IPT_OK;
}

/* Member @p key of @p obj.  A missing required member is an error; a
 * missing optional one leaves *out NULL. */
static enum ipt_status
member(struct loader *ld, json_t *obj, const char *key, int required,
       json_t **out)
{
    *out = json_object_get(obj, key);
    if (*out == NULL && required)
        return fail(ld, IPT_ERR_FORMAT, "missing member '%s'", key);
    return IPT_OK;
}

/* The value of a string without NUL characters. */
static enum ipt_status
as_string(struct loader *ld, json_t *j, const char **out, size_t *len)
{
    const char *s;
    size_t n;
    const char *nul;

    if (!json_is_string(j))
        return wrong_type(ld, j, "a string");
    s = json_string_value(j);
    n = json_string_length(j);
    nul = memchr(s, '\0', n);
    if (nul != NULL)
        return fail(ld, IPT_ERR_FORMAT, "contains a NUL character "
                    "(U+0000) at byte %zu", (size_t)(nul - s));
    *out = s;
    if (len != NULL)
        *len = n;
    return IPT_OK;
}

static enum ipt_status
as_integer(struct loader *ld, json_t *j, json_int_t min, json_int_t max,
           json_int_t *out)
{
    json_int_t v;

    if (!json_is_integer(j))
        return wrong_type(ld, j, "an integer");
    v = json_integer_value(j);
    if (v < min || v > max)
        return fail(ld, IPT_ERR_FORMAT, "value %lld out of range %lld..%lld",
                    (long long)v, (long long)min, (long long)max);
    *out = v;
    return IPT_OK;
}

/* A name of @p vocab.  An unknown name in a document of a newer minor
 * version is reported as IPT_ERR_VERSION: it most likely belongs to a
 * vocabulary that grew after this library. */
static enum ipt_status
as_name(struct loader *ld, json_t *j, const struct vocab *v, int32_t *out)
{
    const char *s = NULL;
    size_t len = 0;
    char q[QUOTE_MAX_BYTES + 16];
    enum ipt_status st = as_string(ld, j, &s, &len);

    if (st != IPT_OK || v->value(s, out) == IPT_OK)
        return st;
    quote(q, sizeof(q), s, len);
    if (ld->newer)
        return fail(ld, IPT_ERR_VERSION, "unknown %s '%s' in a document of "
                    "format %u.%u, newer than %d.%d, which this library "
                    "reads", v->what, q, ld->major, ld->minor,
                    IPT_FORMAT_MAJOR, IPT_FORMAT_MINOR);
    return fail(ld, IPT_ERR_FORMAT, "unknown %s '%s'", v->what, q);
}

/* An array of distinct names of @p vocab, as a mask of 1 << value. */
static enum ipt_status
as_name_mask(struct loader *ld, json_t *j, const struct vocab *v,
             uint32_t *out)
{
    uint32_t mask = 0;

    if (!json_is_array(j))
        return wrong_type(ld, j, "an array");
    for (size_t i = 0; i < json_array_size(j); i++) {
        size_t saved = path_index(ld, i);
        int32_t value = 0;
        enum ipt_status st = as_name(ld, json_array_get(j, i), v, &value);

        if (st != IPT_OK)
            return st;
        /* GCOVR_EXCL_START: defensive: the vocabularies read as masks
         * (today problem areas 1..5 and techniques 1..18) have values 1..31;
         * this keeps a grown vocabulary from shifting past bit 31. */
        if (value < 1 || value > 31)
            return fail(ld, IPT_ERR_FORMAT, "%s '%s' cannot be listed",
                        v->what, v->name(value));
        /* GCOVR_EXCL_STOP */
        if ((mask & (UINT32_C(1) << value)) != 0)
            return fail(ld, IPT_ERR_FORMAT, "duplicate %s '%s'", v->what,
                        v->name(value));
        mask |= UINT32_C(1) << value;
        path_pop(ld, saved);
    }
    *out = mask;
    return IPT_OK;
}

/* Helpers that read member @p key of @p obj in one step. */

static enum ipt_status
get_integer(struct loader *ld, json_t *obj, const char *key, json_int_t min,
            json_int_t max, json_int_t *out)
{
    json_t *j;
    size_t saved;
    enum ipt_status st = member(ld, obj, key, 1, &j);

    if (st != IPT_OK)
        return st;
    saved = path_key(ld, key);
    st = as_integer(ld, j, min, max, out);
    if (st == IPT_OK)
        path_pop(ld, saved);
    return st;
}

static enum ipt_status
get_uint32(struct loader *ld, json_t *obj, const char *key, uint32_t min,
           uint32_t max, uint32_t *out)
{
    json_int_t v = 0;
    enum ipt_status st = get_integer(ld, obj, key, min, max, &v);

    if (st == IPT_OK)
        *out = (uint32_t)v;
    return st;
}

static enum ipt_status
get_name(struct loader *ld, json_t *obj, const char *key,
         const struct vocab *v, int32_t *out)
{
    json_t *j;
    size_t saved;
    enum ipt_status st = member(ld, obj, key, 1, &j);

    if (st != IPT_OK)
        return st;
    saved = path_key(ld, key);
    st = as_name(ld, j, v, out);
    if (st == IPT_OK)
        path_pop(ld, saved);
    return st;
}

static enum ipt_status
get_name_mask(struct loader *ld, json_t *obj, const char *key, int required,
              const struct vocab *v, uint32_t *out)
{
    json_t *j;
    size_t saved;
    enum ipt_status st = member(ld, obj, key, required, &j);

    *out = 0;
    if (st != IPT_OK || j == NULL)
        return st;
    saved = path_key(ld, key);
    st = as_name_mask(ld, j, v, out);
    if (st == IPT_OK)
        path_pop(ld, saved);
    return st;
}

/* ---- the header: format and version ------------------------------------- */

/* "MAJOR.MINOR": decimal numbers without sign, spaces or leading zeros, of
 * at most six digits each. */
static int
parse_version(const char *s, unsigned *major, unsigned *minor)
{
    unsigned *part[2] = { major, minor };

    for (int k = 0; k < 2; k++) {
        unsigned v = 0;
        size_t digits = 0;

        while (s[digits] >= '0' && s[digits] <= '9' && digits < 7) {
            v = v * 10 + (unsigned)(s[digits] - '0');
            digits++;
        }
        if (digits == 0 || digits > 6 || (digits > 1 && s[0] == '0'))
            return 0;
        *part[k] = v;
        s += digits;
        if (*s != (k == 0 ? '.' : '\0'))
            return 0;
        s++;
    }
    return 1;
}

static enum ipt_status
check_header(struct loader *ld, json_t *root)
{
    const char *s = NULL;
    size_t len = 0;
    char q[QUOTE_MAX_BYTES + 16];
    json_t *j;
    size_t saved;
    enum ipt_status st;

    st = member(ld, root, "format", 1, &j);
    if (st != IPT_OK)
        return st;
    saved = path_key(ld, "format");
    st = as_string(ld, j, &s, &len);
    if (st != IPT_OK)
        return st;
    /* as_string() set s (the analyzer does not follow the variadic fail()
     * that its error path returns through). */
    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
    if (strcmp(s, FORMAT_NAME) != 0) {
        quote(q, sizeof(q), s, len);
        return fail(ld, IPT_ERR_FORMAT, "expected '" FORMAT_NAME "', not "
                    "'%s'", q);
    }
    path_pop(ld, saved);

    st = member(ld, root, "version", 1, &j);
    if (st != IPT_OK)
        return st;
    saved = path_key(ld, "version");
    st = as_string(ld, j, &s, &len);
    if (st != IPT_OK)
        return st;
    if (!parse_version(s, &ld->major, &ld->minor)) {
        quote(q, sizeof(q), s, len);
        return fail(ld, IPT_ERR_FORMAT, "'%s' is not a version of the form "
                    "MAJOR.MINOR", q);
    }
    if (ld->major > IPT_FORMAT_MAJOR)
        return fail(ld, IPT_ERR_VERSION, "document format %u.%u is newer "
                    "than %d.%d, which this library reads", ld->major,
                    ld->minor, IPT_FORMAT_MAJOR, IPT_FORMAT_MINOR);
    if (ld->major < 1)
        return fail(ld, IPT_ERR_FORMAT, "document format %u.%u does not "
                    "exist; the first is 1.0", ld->major, ld->minor);
    ld->newer = ld->major == IPT_FORMAT_MAJOR &&
                ld->minor > IPT_FORMAT_MINOR;
    path_pop(ld, saved);
    return IPT_OK;
}

/* ---- the profile -------------------------------------------------------- */

/* Same rule as ipt_profile_new(). */
static int
valid_profile_name(const char *s, size_t len)
{
    if (len == 0 || len > IPT_PROFILE_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

static enum ipt_status
check_profile(struct loader *ld, json_t *root, const char **name,
              struct ipt_profile_params *p)
{
    static const char *const known[] = {
        "name", "planned_sessions", "min_sessions", "max_sessions",
        "initial_last_session", "termination_sessions",
        "ending_notice_sessions", "max_focal_areas", "allowed_areas",
    };
    char text[IPT__MSG_SIZE];
    size_t len = 0;
    json_t *obj, *j;
    size_t saved, saved_name;
    enum ipt_status st;

    st = member(ld, root, "profile", 1, &obj);
    if (st != IPT_OK)
        return st;
    saved = path_key(ld, "profile");
    if (!json_is_object(obj))
        return wrong_type(ld, obj, "an object");
    st = check_members(ld, obj, known, IPT__ARRAY_SIZE(known));
    if (st != IPT_OK)
        return st;

    st = member(ld, obj, "name", 1, &j);
    if (st != IPT_OK)
        return st;
    saved_name = path_key(ld, "name");
    st = as_string(ld, j, name, &len);
    if (st != IPT_OK)
        return st;
    if (!valid_profile_name(*name, len)) {
        char q[QUOTE_MAX_BYTES + 16];

        quote(q, sizeof(q), *name, len);
        return fail(ld, IPT_ERR_FORMAT, "'%s' is not a profile name: 1 to "
                    "%u characters from a-z, 0-9 and _", q,
                    IPT_PROFILE_NAME_MAX);
    }
    path_pop(ld, saved_name);

    memset(p, 0, sizeof(*p));
    p->size = (uint32_t)sizeof(*p);
    for (size_t i = 0; i < IPT__ARRAY_SIZE(profile_numbers); i++) {
        st = get_uint32(ld, obj, profile_numbers[i].key, 0, UINT32_MAX,
                        param_field(p, i));
        if (st != IPT_OK)
            return st;
    }
    st = get_name_mask(ld, obj, "allowed_areas", 1, &area_vocab,
                       &p->allowed_areas);
    if (st != IPT_OK)
        return st;
    if (ipt_profile_check(p, text, sizeof(text)) != IPT_OK)
        return fail(ld, IPT_ERR_FORMAT, "%s", text);
    path_pop(ld, saved);
    return IPT_OK;
}

/* ---- events ------------------------------------------------------------- */

static enum ipt_status
parse_event(struct loader *ld, json_t *obj, struct ipt_event *ev)
{
    const char *known[3] = { "type", "timestamp", NULL };
    enum ipt_event_type type;
    json_int_t v = 0;
    int32_t value = 0;
    enum ipt_status st;

    memset(ev, 0, sizeof(*ev));
    if (!json_is_object(obj))
        return wrong_type(ld, obj, "an object");
    st = get_name(ld, obj, "type", &event_vocab, &ev->type);
    if (st != IPT_OK)
        return st;
    type = (enum ipt_event_type)ev->type;
    known[2] = event_member(type);
    st = check_members(ld, obj, known, known[2] != NULL ? 3 : 2);
    if (st == IPT_OK)
        st = get_integer(ld, obj, "timestamp", INT64_MIN, INT64_MAX, &v);
    if (st != IPT_OK)
        return st;
    ev->timestamp = (int64_t)v;

    switch (type) {
    case IPT_EVENT_COMPLETE_TASK:
        st = get_name(ld, obj, "task", &task_vocab, &value);
        break;
    case IPT_EVENT_CHOOSE_FOCUS:
        st = get_name_mask(ld, obj, "areas", 1, &area_vocab, &ev->areas);
        break;
    case IPT_EVENT_SET_DISPUTE_STAGE:
        st = get_name(ld, obj, "stage", &stage_vocab, &value);
        break;
    case IPT_EVENT_DISCONTINUE:
        st = get_name(ld, obj, "reason", &reason_vocab, &value);
        break;
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        st = get_integer(ld, obj, "sessions", 1, INT32_MAX, &v);
        value = (int32_t)v;
        break;
    case IPT_EVENT_START:
    case IPT_EVENT_HOLD_SESSION:
    case IPT_EVENT_ADVANCE_PHASE:
    case IPT_EVENT_ENTER_MAINTENANCE:
        break;
    }
    ev->value = value;
    return st;
}

/* ---- session records ---------------------------------------------------- */

/* A measure: an array of item answers, or {"total": n} where the measure
 * may be given as a total alone.  Validated and scored as the course will
 * when the record is applied. */
static enum ipt_status
parse_measure(struct loader *ld, json_t *j, enum ipt_measure_kind kind,
              struct ipt_measure *m)
{
    static const char *const known[] = { "total" };
    struct ipt_measure_score score;
    char text[IPT__MSG_SIZE];
    enum ipt_status st;

    memset(m, 0, sizeof(*m));
    m->kind = (int32_t)kind;
    if (json_is_array(j)) {
        size_t n = json_array_size(j);

        /* An empty list would read as a total of 0. */
        if (n == 0)
            return fail(ld, IPT_ERR_FORMAT, "an empty list of items; give "
                        "the items, or the total as {\"total\": n}");
        if (n > IPT_MEASURE_ITEMS_MAX)
            return fail(ld, IPT_ERR_FORMAT, "%zu items; no measure has more "
                        "than %u", n, IPT_MEASURE_ITEMS_MAX);
        for (size_t i = 0; i < n; i++) {
            size_t saved = path_index(ld, i);
            uint32_t max = 255;
            json_int_t v = 0;

            /* Items beyond the measure are left to ipt_measure_score(),
             * which names the right count. */
            (void)ipt_measure_item_max(kind, (uint32_t)i + 1, &max);
            st = as_integer(ld, json_array_get(j, i), 0, max, &v);
            if (st != IPT_OK)
                return st;
            m->items[i] = (uint8_t)v;
            path_pop(ld, saved);
        }
        m->item_count = (uint32_t)n;
    } else if (json_is_object(j)) {
        json_int_t v = 0;

        st = check_members(ld, j, known, IPT__ARRAY_SIZE(known));
        if (st == IPT_OK)
            st = get_integer(ld, j, "total", INT32_MIN, INT32_MAX, &v);
        if (st != IPT_OK)
            return st;
        m->total = (int32_t)v;
    } else {
        return wrong_type(ld, j, "an array of items or an object");
    }
    text[0] = '\0';
    if (ipt_measure_score(m, (enum ipt_hamd_banding)0, &score, text,
                          sizeof(text)) != IPT_OK)
        return fail(ld, IPT_ERR_FORMAT, "%s", text);
    return IPT_OK;
}

static enum ipt_status
parse_note(struct loader *ld, json_t *obj, struct session_rec *r)
{
    json_t *j;
    size_t saved;
    enum ipt_status st = member(ld, obj, "note", 0, &j);

    if (st != IPT_OK || j == NULL)
        return st;
    saved = path_key(ld, "note");
    st = as_string(ld, j, &r->note, &r->note_len);
    if (st != IPT_OK)
        return st;
    /* Never quote a note: it is the patient's record. */
    if (r->note_len > IPT_NOTE_MAX_BYTES)
        return fail(ld, IPT_ERR_FORMAT, "%zu bytes; a note holds at most %u",
                    r->note_len, IPT_NOTE_MAX_BYTES);
    path_pop(ld, saved);
    return IPT_OK;
}

static enum ipt_status
parse_session(struct loader *ld, json_t *obj, struct session_rec *r)
{
    static const char *const known[] = {
        "session", "techniques", "areas", "phq9", "hamd17", "gad7", "note",
    };
    enum ipt_status st;

    memset(r, 0, sizeof(*r));
    if (!json_is_object(obj))
        return wrong_type(ld, obj, "an object");
    st = check_members(ld, obj, known, IPT__ARRAY_SIZE(known));
    if (st == IPT_OK)
        st = get_uint32(ld, obj, "session", 1, UINT32_MAX, &r->session);
    if (st == IPT_OK)
        st = get_name_mask(ld, obj, "techniques", 0, &technique_vocab,
                           &r->techniques);
    if (st == IPT_OK)
        st = get_name_mask(ld, obj, "areas", 0, &area_vocab, &r->areas);
    for (size_t k = 0; st == IPT_OK && k < MEASURE_COUNT; k++) {
        json_t *j = json_object_get(obj, measure_members[k].key);
        size_t saved;

        if (j == NULL)
            continue;
        saved = path_key(ld, measure_members[k].key);
        st = parse_measure(ld, j, measure_members[k].kind, &r->measure[k]);
        if (st == IPT_OK)
            path_pop(ld, saved);
        r->measures |= UINT32_C(1) << k;
    }
    if (st == IPT_OK)
        st = parse_note(ld, obj, r);
    return st;
}

/* ---- the whole document ------------------------------------------------- */

struct document {
    const char *profile_name;
    struct ipt_profile_params params;
    uint32_t log_capacity;
    json_t *events;
    json_t *sessions;
};

static enum ipt_status
get_array(struct loader *ld, json_t *root, const char *key, json_t **out)
{
    size_t saved;
    enum ipt_status st = member(ld, root, key, 1, out);

    if (st != IPT_OK)
        return st;
    saved = path_key(ld, key);
    if (!json_is_array(*out))
        return wrong_type(ld, *out, "an array");
    path_pop(ld, saved);
    return IPT_OK;
}

static enum ipt_status
check_events(struct loader *ld, struct document *d)
{
    for (size_t i = 0; i < json_array_size(d->events); i++) {
        struct ipt_event ev;
        size_t saved = path_index(ld, i);
        enum ipt_status st;

        st = parse_event(ld, json_array_get(d->events, i), &ev);
        if (st != IPT_OK)
            return st;
        path_pop(ld, saved);
    }
    return IPT_OK;
}

static enum ipt_status
check_sessions(struct loader *ld, struct document *d)
{
    uint32_t previous = 0;

    for (size_t i = 0; i < json_array_size(d->sessions); i++) {
        struct session_rec r;
        size_t saved = path_index(ld, i);
        enum ipt_status st;

        st = parse_session(ld, json_array_get(d->sessions, i), &r);
        if (st != IPT_OK)
            return st;
        if (r.session <= previous) {
            (void)path_key(ld, "session");
            return fail(ld, IPT_ERR_FORMAT, "session %u follows session %u; "
                        "records are listed once each, in increasing "
                        "session order", r.session, previous);
        }
        previous = r.session;
        path_pop(ld, saved);
    }
    return IPT_OK;
}

/* Step 1: every format check, building nothing. */
static enum ipt_status
check_document(struct loader *ld, json_t *root, struct document *d)
{
    static const char *const known[] = {
        "format", "version", "library", "profile", "log_capacity",
        "events", "sessions",
    };
    const char *library = NULL;
    json_t *j;
    size_t saved;
    enum ipt_status st;

    if (!json_is_object(root))
        return wrong_type(ld, root, "an object");
    st = check_header(ld, root);
    if (st == IPT_OK)
        st = check_members(ld, root, known, IPT__ARRAY_SIZE(known));
    if (st == IPT_OK)
        st = member(ld, root, "library", 1, &j);
    if (st != IPT_OK)
        return st;
    saved = path_key(ld, "library");
    st = as_string(ld, j, &library, NULL);
    if (st != IPT_OK)
        return st;
    path_pop(ld, saved);

    st = check_profile(ld, root, &d->profile_name, &d->params);
    if (st == IPT_OK)
        st = get_uint32(ld, root, "log_capacity", 0, LOG_CAPACITY_MAX,
                        &d->log_capacity);
    if (st == IPT_OK)
        st = get_array(ld, root, "events", &d->events);
    if (st == IPT_OK)
        st = get_array(ld, root, "sessions", &d->sessions);
    if (st != IPT_OK)
        return st;

    saved = path_key(ld, "events");
    st = check_events(ld, d);
    if (st != IPT_OK)
        return st;
    path_pop(ld, saved);
    if (json_array_size(d->events) > d->log_capacity) {
        (void)path_key(ld, "log_capacity");
        return fail(ld, IPT_ERR_FORMAT, "%u is less than the number of "
                    "events (%zu)", d->log_capacity,
                    json_array_size(d->events));
    }
    saved = path_key(ld, "sessions");
    st = check_sessions(ld, d);
    if (st != IPT_OK)
        return st;
    path_pop(ld, saved);
    return IPT_OK;
}

/* ---- building the course ------------------------------------------------ */

static enum ipt_status
no_memory(struct loader *ld)
{
    ld->path_len = 0;
    ld->path[0] = '\0';
    ipt__format(ld->msg, ld->msg_size, "out of memory");
    return IPT_ERR_NO_MEMORY;
}

/* The built-in profile when the document names one with its exact
 * parameters, otherwise a profile of the document's own. */
static enum ipt_status
new_course(struct loader *ld, const struct document *d,
           const struct ipt_allocator *allocator, struct ipt_course **out)
{
    const struct ipt_profile *builtin = NULL;
    struct ipt_profile *custom = NULL;
    struct ipt_profile_params bp;
    enum ipt_status st;

    memset(&bp, 0, sizeof(bp));
    bp.size = (uint32_t)sizeof(bp);
    if (ipt_profile_builtin(d->profile_name, &builtin) != IPT_OK ||
        ipt_profile_get_params(builtin, &bp) != IPT_OK ||
        memcmp(&bp, &d->params, sizeof(bp)) != 0) {
        builtin = NULL;
        st = ipt_profile_new(d->profile_name, &d->params, allocator,
                             &custom);
        if (st == IPT_ERR_NO_MEMORY)
            return no_memory(ld);
        /* GCOVR_EXCL_START: defensive: the parameters were checked in step
         * 1 and the allocator on entry, so only memory can run out. */
        if (st != IPT_OK)
            return fail(ld, st, "the profile cannot be created: %s",
                        ipt_status_message(st));
        /* GCOVR_EXCL_STOP */
    }
    st = ipt_course_new(builtin != NULL ? builtin : custom, allocator, out);
    ipt_profile_free(custom);
    if (st == IPT_ERR_NO_MEMORY)
        return no_memory(ld);
    /* GCOVR_EXCL_START: defensive: the profile is valid and the allocator
     * was checked on entry, so only memory can run out. */
    if (st != IPT_OK)
        return fail(ld, st, "the course cannot be created: %s",
                    ipt_status_message(st));
    /* GCOVR_EXCL_STOP */
    st = ipt_course_reserve_log(*out, d->log_capacity);
    if (st != IPT_OK) {
        ipt_course_free(*out);
        *out = NULL;
        return st == IPT_ERR_NO_MEMORY ? no_memory(ld)
                                       : fail(ld, IPT_ERR_FORMAT, "%s",
                                              ipt_status_message(st));
    }
    return IPT_OK;
}

/* Step 2: replay the events through the course machine. */
static enum ipt_status
replay_events(struct loader *ld, const struct document *d,
              struct ipt_course *course)
{
    size_t saved = path_key(ld, "events");

    for (size_t i = 0; i < json_array_size(d->events); i++) {
        struct ipt_event ev;
        size_t item = path_index(ld, i);
        enum ipt_status st = parse_event(ld, json_array_get(d->events, i),
                                         &ev);

        if (st != IPT_OK)
            return st;
        /* parse_event() makes only events whose arguments the machine
         * accepts, so a refusal always names the rule it breaks. */
        if (ipt_course_apply(course, &ev) != IPT_OK) {
            enum ipt_rule rule = ipt_course_last_rule(course);

            return fail(ld, IPT_ERR_HISTORY, "refused by rule %s: %s",
                        ipt_rule_name(rule), ipt_course_last_error(course));
        }
        path_pop(ld, item);
    }
    path_pop(ld, saved);
    return IPT_OK;
}

/* Maps a failed record call on member @p key to the load's status. */
static enum ipt_status
record_failed(struct loader *ld, const struct ipt_course *course,
              const char *key, enum ipt_status st)
{
    if (st == IPT_ERR_NO_MEMORY)
        return no_memory(ld);
    (void)path_key(ld, key);
    return fail(ld, IPT_ERR_HISTORY, "%s", ipt_course_last_error(course));
}

static enum ipt_status
apply_session(struct loader *ld, const struct session_rec *r,
              struct ipt_course *course)
{
    uint32_t held = 0;
    enum ipt_status st;

    (void)ipt_course_get_sessions(course, &held, NULL, NULL);
    if (r->session > held) {
        (void)path_key(ld, "session");
        return fail(ld, IPT_ERR_HISTORY, "session %u was not held; the "
                    "events hold %u", r->session, held);
    }
    if (r->techniques != 0) {
        st = ipt_course_record_techniques(course, r->session, r->techniques);
        if (st != IPT_OK)
            return record_failed(ld, course, "techniques", st);
    }
    if (r->areas != 0) {
        st = ipt_course_record_areas(course, r->session, r->areas);
        if (st != IPT_OK)
            return record_failed(ld, course, "areas", st);
    }
    for (size_t k = 0; k < MEASURE_COUNT; k++) {
        if ((r->measures & (UINT32_C(1) << k)) == 0)
            continue;
        st = ipt_course_record_measure(course, r->session, &r->measure[k]);
        if (st != IPT_OK)
            return record_failed(ld, course, measure_members[k].key, st);
    }
    if (r->note_len > 0) {
        st = ipt_course_set_note(course, r->session, r->note, r->note_len);
        if (st != IPT_OK)
            return record_failed(ld, course, "note", st);
    }
    return IPT_OK;
}

/* Step 3: the session records. */
static enum ipt_status
apply_sessions(struct loader *ld, const struct document *d,
               struct ipt_course *course)
{
    size_t saved = path_key(ld, "sessions");

    for (size_t i = 0; i < json_array_size(d->sessions); i++) {
        struct session_rec r;
        size_t item = path_index(ld, i);
        enum ipt_status st = parse_session(
            ld, json_array_get(d->sessions, i), &r);

        if (st == IPT_OK)
            st = apply_session(ld, &r, course);
        if (st != IPT_OK)
            return st;
        path_pop(ld, item);
    }
    path_pop(ld, saved);
    return IPT_OK;
}

/* jansson reports running out of memory with its own error code, or, when
 * it fails before reading anything, with no text at all.  Its text ends
 * with the token it stopped in, " near '<token>'", which may be part of a
 * note: that part is left out, the line and column say where. */
static enum ipt_status
parse_failed(struct loader *ld, const json_error_t *err)
{
    const char *near;
    int len;

#if JANSSON_VERSION_HEX >= 0x020b00
    /* GCOVR_EXCL_START: jansson's parser (2.14, and upstream since)
     * reports a failed allocation with an empty text, handled below, and
     * never with this code; kept for versions that set it. */
    if (json_error_code(err) == json_error_out_of_memory)
        return no_memory(ld);
    /* GCOVR_EXCL_STOP */
#endif
    if (err->text[0] == '\0')
        return no_memory(ld);
    near = strstr(err->text, " near '");
    len = near != NULL ? (int)(near - err->text) : (int)strlen(err->text);
    ipt__format(ld->msg, ld->msg_size, "line %d, column %d: %.*s", err->line,
                err->column, len, err->text);
    return IPT_ERR_FORMAT;
}

enum ipt_status
ipt_course_load_json(const char *json, uint64_t length,
                     const struct ipt_allocator *allocator,
                     struct ipt_course **out, char *message,
                     uint64_t message_size)
{
    struct loader ld;
    struct document d;
    struct ipt_allocator check;
    struct ipt_course *course = NULL;
    json_error_t err;
    json_t *root;
    enum ipt_status st;

    if (json == NULL || out == NULL) {
        ipt__format(message, message_size, "%s is NULL",
                    json == NULL ? "json" : "out");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    if (ipt__allocator_resolve(allocator, &check) != IPT_OK) {
        ipt__format(message, message_size, "the allocator lacks a function");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    memset(&ld, 0, sizeof(ld));
    memset(&d, 0, sizeof(d));
    ld.msg = message;
    ld.msg_size = message_size;
    memcpy(ld.path, "$", 2);
    ld.path_len = 1;
#if SIZE_MAX < UINT64_MAX
    if (length > (uint64_t)SIZE_MAX)
        return fail(&ld, IPT_ERR_INVALID_ARGUMENT,
                    "length is larger than any buffer in memory");
#endif
    /* jansson sets the error code (the last byte of err.text) only when it
     * reports an error; when it runs out of memory before parsing (for its
     * lexer) it leaves that byte unset, and parse_failed() reads it. */
    memset(&err, 0, sizeof(err));

    root = json_loadb(json, (size_t)length, JSON_REJECT_DUPLICATES |
                      JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (root == NULL)
        return parse_failed(&ld, &err);
    st = check_document(&ld, root, &d);
    if (st == IPT_OK)
        st = new_course(&ld, &d, allocator, &course);
    if (st == IPT_OK)
        st = replay_events(&ld, &d, course);
    if (st == IPT_OK)
        st = apply_sessions(&ld, &d, course);
    json_decref(root);
    if (st != IPT_OK) {
        ipt_course_free(course);
        return st;
    }
    ipt__format(message, message_size, "%s", "");
    *out = course;
    return IPT_OK;
}

#else /* !IPT_HAVE_JANSSON */

enum ipt_status
ipt_course_save_json(const struct ipt_course *course, char *buf, uint64_t size,
                     uint64_t *length)
{
    if (course == NULL || length == NULL || (buf == NULL && size > 0))
        return IPT_ERR_INVALID_ARGUMENT;
    return IPT_ERR_NOT_BUILT;
}

enum ipt_status
ipt_course_load_json(const char *json, uint64_t length,
                     const struct ipt_allocator *allocator,
                     struct ipt_course **out, char *message,
                     uint64_t message_size)
{
    struct ipt_allocator check;

    (void)length;
    if (json == NULL || out == NULL) {
        ipt__format(message, message_size, "%s is NULL",
                    json == NULL ? "json" : "out");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    if (ipt__allocator_resolve(allocator, &check) != IPT_OK) {
        ipt__format(message, message_size, "the allocator lacks a function");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    ipt__format(message, message_size, "libipt was built without JSON "
                "support (jansson)");
    return IPT_ERR_NOT_BUILT;
}

#endif /* IPT_HAVE_JANSSON */
