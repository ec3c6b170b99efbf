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

/* Value of @p name in @p table into *out (never NULL): IPT_OK,
 * IPT_ERR_INVALID_ARGUMENT for a NULL name, IPT_ERR_UNKNOWN_NAME. */
enum ipt_status
ipt__value_of(const struct ipt__name *table, size_t n, const char *name,
              int32_t *out);

/* The two public conversion functions of an enum, prefix_name() and
 * prefix_from_name(), over its name table; every module writes them with
 * this macro so that all of them behave the same way. */
#define IPT__NAME_FUNCTIONS(prefix, type, table)                            \
    const char *prefix##_name(type v)                                       \
    {                                                                       \
        return ipt__name_of(table, IPT__ARRAY_SIZE(table), (int32_t)v);     \
    }                                                                       \
    /* NOLINTNEXTLINE(bugprone-macro-parentheses): type is a type name */   \
    enum ipt_status prefix##_from_name(const char *name, type *out)         \
    {                                                                       \
        int32_t v;                                                          \
        enum ipt_status st;                                                 \
        if (out == NULL)                                                    \
            return IPT_ERR_INVALID_ARGUMENT;                                \
        st = ipt__value_of(table, IPT__ARRAY_SIZE(table), name, &v);        \
        if (st == IPT_OK)                                                   \
            *out = (type)v;                                                 \
        return st;                                                          \
    }

/* ---- formatting (status.c) --------------------------------------------- */

/* Public signatures carry sizes as uint64_t.  A buffer in memory is never
 * larger than SIZE_MAX bytes, so the size of a caller's output buffer can be
 * clamped to SIZE_MAX without losing anything. */
static inline size_t
ipt__size_clamp(uint64_t size)
{
#if SIZE_MAX < UINT64_MAX
    if (size > (uint64_t)SIZE_MAX)
        return SIZE_MAX;
#endif
    return (size_t)size;
}

/* snprintf into a buffer that may be NULL or empty; never fails.  The size
 * is a uint64_t so that public message sizes pass straight through. */
void
ipt__format(char *buf, uint64_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- versioned structs (status.c) -------------------------------------- */

/* Copies a caller's struct that starts with its own uint32_t size into
 * *out, which is out_size bytes (the version this library knows).  Fails
 * with IPT_ERR_INVALID_ARGUMENT when the caller's size is below min_size,
 * and with IPT_ERR_UNSUPPORTED when it is larger than out_size and a byte
 * past out_size is not zero; *out is untouched then.  On success the size
 * field of *out is out_size. */
enum ipt_status
ipt__read_sized(const void *in, size_t min_size, void *out, size_t out_size);

/* ---- JSON output (store-json.c) ---------------------------------------- */

#if defined(IPT_HAVE_JANSSON)
struct json_t;

/* Dumps @root (two-space indent, keys in insertion order) and a final
 * newline into a caller's buffer with snprintf semantics: *length gets the
 * full length; IPT_ERR_BUFFER_TOO_SMALL when @size is not larger.  Takes
 * over @root's reference and releases it. */
enum ipt_status
ipt__json_dump(struct json_t *root, char *buf, uint64_t size,
               uint64_t *length);
#endif

/* ---- profiles (profile.c) ---------------------------------------------- */

/* Size of the first released version of struct ipt_profile_params. */
#define IPT__PROFILE_PARAMS_V1_SIZE ((uint32_t)sizeof(struct ipt_profile_params))

/* What a built-in profile says about itself beyond its numbers.  Static;
 * a course's copy of a profile points at the same data. */
struct ipt__profile_meta {
    const char *title;
    const char *source;
    const char *notes;              /* what is unverified or our choice */
    const char *area_labels[IPT_AREA_LOST_HEALTHY_SELF + 1]; /* NULL: default */
    uint32_t cadence_days;
    uint32_t pre_sessions;
    uint32_t measures;              /* IPT_MEASURE_KIND_BIT mask */
};

struct ipt_profile {
    struct ipt_profile_params params;
    char name[IPT_PROFILE_NAME_MAX + 1];
    int is_builtin;
    struct ipt_allocator allocator;
    const struct ipt__profile_meta *meta;   /* NULL for caller-made ones */
};

/* Number of set bits. */
uint32_t
ipt__popcount(uint32_t mask);

/* Bits of every known problem area. */
#define IPT__AREA_MASK IPT_AREAS_ALL

/* First and last value of enum ipt_area, for loops over every area. */
#define IPT__AREA_FIRST IPT_AREA_GRIEF
#define IPT__AREA_LAST IPT_AREA_LOST_HEALTHY_SELF

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

/* The transition table, indexed by state and event so that dispatch finds
 * its edges in one step.  A cell lists up to two targets, tried in order. */
#define IPT__STATE_FIRST IPT_STATE_NOT_STARTED
#define IPT__STATE_LAST IPT_STATE_MAINTENANCE
#define IPT__EVENT_FIRST IPT_EVENT_START
#define IPT__EVENT_LAST IPT_EVENT_ENTER_MAINTENANCE
#define IPT__STATES (IPT__STATE_LAST - IPT__STATE_FIRST + 1)
#define IPT__EVENTS (IPT__EVENT_LAST - IPT__EVENT_FIRST + 1)
#define IPT__CELL_TARGETS 2

struct ipt__target {
    enum ipt_state to;
    enum ipt__cond cond;
};

struct ipt__cell {
    uint32_t count;             /* 0: the event is not allowed */
    struct ipt__target targets[IPT__CELL_TARGETS];
};

extern const struct ipt__cell ipt__machine[IPT__STATES][IPT__EVENTS];

/* Cell of a known state and a known event type. */
static inline const struct ipt__cell *
ipt__cell(enum ipt_state state, int32_t event)
{
    return &ipt__machine[(int)state - IPT__STATE_FIRST]
                        [event - IPT__EVENT_FIRST];
}

const char *
ipt__cond_text(enum ipt__cond cond);

/* ---- courses (course.c) ------------------------------------------------ */

#define IPT__MSG_SIZE 256

/* The record of one held session (record.c).  Index 0 of a course's
 * records array is session 1. */
struct ipt__session_record {
    uint32_t techniques;            /* mask of 1 << ipt_technique */
    uint32_t areas;                 /* mask of IPT_AREA_BIT() */
    uint32_t measures;              /* mask of 1 << ipt_measure_kind */
    uint32_t note_bytes;            /* 0: no note */
    struct ipt_measure measure[3];  /* index kind - 1; valid per mask */
    char *note;                     /* NUL-terminated copy, or NULL */
};

struct ipt_course {
    struct ipt_profile profile;     /* the course's own copy */
    struct ipt_allocator allocator;

    enum ipt_state state;
    uint32_t held;
    uint32_t planned;
    uint32_t focus;                 /* mask of ipt_area bits */
    uint32_t tasks_done;            /* mask of ipt_task bits */
    enum ipt_dispute_stage stage;
    int staged;                     /* stage is meaningful */
    enum ipt_end_reason end_reason;
    int has_end_reason;
    int64_t last_timestamp;
    int has_timestamp;

    struct ipt_log_entry *log;
    uint32_t log_count;
    uint32_t log_capacity;

    ipt_observer_fn observer;
    void *observer_data;
    int busy;                       /* inside the observer */

    /* Session records (record.c): NULL until the first record is set,
     * then profile.params.max_sessions entries. */
    struct ipt__session_record *records;
    uint32_t records_capacity;

    enum ipt_rule last_rule;
    char last_error[IPT__MSG_SIZE];
};

/* Frees the session records and their notes (record.c). */
void
ipt__records_free(struct ipt_course *course);

/* Returns a course to the state ipt_course_new() left it in (not started,
 * the profile's planned sessions, empty log, no records, no observer, no
 * last error) without allocating: the profile, the allocator and the log
 * buffer with its capacity are kept.  Session records, if any, are freed.
 * Lets the simulation reuse one course for every patient of a thread. */
void
ipt__course_reset(struct ipt_course *course);

#define IPT__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- session records (record.c) ---- */

/* Returns 1 when the @p n bytes at @p s are well-formed UTF-8 without NUL
 * bytes (no overlong forms, no surrogates U+D800..U+DFFF, nothing above
 * U+10FFFF, no truncated sequence), else 0 with *bad_offset (if not NULL)
 * set to the offset of the first byte of the first bad sequence.  @p s may
 * be NULL when @p n is 0. */
int
ipt__utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* Record of session @p session (from 1) of a course, or NULL when none was
 * ever set for it.  Session phase, timestamp and tasks are in the log. */
const struct ipt__session_record *
ipt__record_at(const struct ipt_course *course, uint32_t session);

/* ---- file I/O (io.c) --------------------------------------------------- */

/* Longest path the file functions accept, in bytes without the NUL: the
 * temporary file PATH.tmp then fits in 4096 bytes, Linux's PATH_MAX. */
#define IPT__PATH_MAX 4091u
/* Suffix of the temporary file of an atomic write. */
#define IPT__TMP_SUFFIX ".tmp"
/* Largest file ipt_course_load_file() reads: 64 MiB. */
#define IPT__FILE_MAX ((size_t)64 * 1024 * 1024)

/* Checks a caller's operations table and copies it into *out; NULL gives
 * ipt_io_default().  IPT_ERR_INVALID_ARGUMENT for a size below
 * sizeof(struct ipt_io_ops), a reserved field that is not 0 or a NULL
 * operation; IPT_ERR_UNSUPPORTED for a larger size with extra bytes that
 * are not 0.  Writes a message on error. */
enum ipt_status
ipt__io_resolve(const struct ipt_io_ops *in, struct ipt_io_ops *out,
                char *msg, uint64_t msg_size);

/* Checks a path for the file functions: IPT_ERR_INVALID_ARGUMENT when it is
 * NULL, empty or ends with '/'; IPT_ERR_OUT_OF_RANGE when it is longer than
 * IPT__PATH_MAX bytes. */
enum ipt_status
ipt__path_check(const char *path, char *msg, uint64_t msg_size);

/* Replaces @path atomically with @size bytes of @data through @io (NULL:
 * the defaults): unlink stale PATH.tmp, create it 0600, write, sync, close,
 * rename over PATH, sync the directory.  IPT_ERR_IO names the failed step
 * in @msg; up to the rename, PATH is left as it was and PATH.tmp removed.
 * Argument errors as ipt__io_resolve() and ipt__path_check(). */
enum ipt_status
ipt__file_write_atomic(const struct ipt_io_ops *io, const char *path,
                       const void *data, size_t size, char *msg,
                       uint64_t msg_size);

/* Reads the whole of @path through @io (NULL: the defaults) into a buffer
 * from @allocator (resolved, not NULL), which the caller frees with
 * ipt__free().  Always allocates, also for an empty file.
 * IPT_ERR_OUT_OF_RANGE when the file holds more than @max bytes,
 * IPT_ERR_IO (step in @msg), IPT_ERR_NO_MEMORY; *data and *size are set
 * only on success. */
enum ipt_status
ipt__file_read_all(const struct ipt_io_ops *io, const char *path,
                   const struct ipt_allocator *allocator, size_t max,
                   char **data, size_t *size, char *msg, uint64_t msg_size);

#endif /* IPT_INTERNAL_H */
