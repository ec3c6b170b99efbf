/* SPDX-License-Identifier: MIT */
/*
 * Personal data goes nowhere the caller did not send it.
 *
 * A canary, a distinctive made-up name, is fed through every public
 * function that takes text from the caller: session notes (set, replaced,
 * refused for length, encoding, NUL bytes or a session not held), course
 * documents holding it in notes, well-formed and malformed in every way
 * the JSON parser and the loader refuse, from memory and from files, saved
 * files, the FHIR export with and without notes and its text options, the
 * profile and enum names, the simulation's model name, and the reports
 * built from a course that holds it (fidelity findings, technique
 * suggestions, outcomes).  Calls that must fail are made to fail next to
 * it.  Then:
 *
 *   - no error message holds any 5 consecutive bytes of the canary:
 *     message buffers, ipt_course_last_error(), ipt_status_message(),
 *     fidelity findings, suggestion explanations;
 *   - the observer is handed nothing of it;
 *   - nothing at all is written to stdout or stderr: file descriptors 1
 *     and 2 are redirected to files around every test, and those files
 *     must come back empty;
 *   - files are created with mode 0600 whatever the umask (0, 022, 077),
 *     the temporary file too.
 *
 * Where the caller asks for the text (the saved document, the FHIR export
 * with notes, ipt_course_get_note(), the model name in the totals), the
 * test checks that the canary is there, which proves it was fed.
 *
 * Not covered here, by design: file paths and the names of the document's
 * vocabularies (techniques, tasks, profile names...) are identifiers that
 * messages quote on purpose ("load failed at open of 'PATH'", "unknown
 * task 'foo'"); they are not places for personal data.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <ipt/ipt.h>

#include "../records/helpers.h"

#define CANARY "CANARY-Jane-Doe-7731"
/* The shortest piece of the canary that counts as a leak. */
#define PIECE 5
#define MSG_SIZE 1024

/* Figures for the summary. */
static struct {
    unsigned calls;         /* calls given the canary */
    unsigned failing;       /* ... of which were refused */
    unsigned scanned;       /* messages and outputs checked */
    unsigned documents;     /* malformed documents loaded */
    unsigned files;         /* files whose mode was checked */
} stats;

/* ---- looking for the canary ---------------------------------------------- */

static bool
holds(const char *p, size_t len, const char *what, size_t what_len)
{
    if (what_len == 0 || len < what_len)
        return false;
    for (size_t i = 0; i + what_len <= len; i++) {
        if (p[i] == what[0] && memcmp(p + i, what, what_len) == 0)
            return true;
    }
    return false;
}

/* Whether @p len bytes at @p p hold any PIECE consecutive bytes of the
 * canary. */
static bool
holds_piece(const char *p, size_t len)
{
    static const char canary[] = CANARY;

    for (size_t i = 0; i + PIECE < sizeof(canary); i++) {
        if (holds(p, len, canary + i, PIECE))
            return true;
    }
    return false;
}

static bool
holds_canary(const char *p, size_t len)
{
    return holds(p, len, CANARY, strlen(CANARY));
}

/* A message or output that must not quote the canary. */
static void
clean(const char *text, const char *where)
{
    stats.scanned++;
    if (text != NULL && holds_piece(text, strlen(text)))
        fail_msg("%s quotes the canary: %s", where, text);
}

/* A call given the canary returned @p st, which must be @p want; its
 * status message is checked too. */
static void
status_is(enum ipt_status st, enum ipt_status want, const char *call)
{
    stats.calls++;
    if (want != IPT_OK)
        stats.failing++;
    if (st != want)
        fail_msg("%s returned %s, not %s", call, ipt_status_name(st),
                 ipt_status_name(want));
    clean(ipt_status_message(st), "ipt_status_message()");
    clean(ipt_status_name(st), "ipt_status_name()");
}

/* ---- stdout and stderr --------------------------------------------------- */

/* Each test runs with descriptors 1 and 2 redirected to files. */
struct capture {
    bool active;
    int saved[2];
    char path[2][64];
};

static struct capture cap;

static int
capture_begin(void **state)
{
    (void)state;
    (void)fflush(NULL);
    for (int i = 0; i < 2; i++) {
        int fd;

        (void)snprintf(cap.path[i], sizeof(cap.path[i]),
                       "privacy-fd%d-XXXXXX", i + 1);
        fd = mkstemp(cap.path[i]);
        if (fd < 0)
            return -1;
        cap.saved[i] = dup(i + 1);
        if (cap.saved[i] < 0 || dup2(fd, i + 1) < 0)
            return -1;
        (void)close(fd);
    }
    cap.active = true;
    return 0;
}

/* Puts descriptors 1 and 2 back; returns what was written to them (free()
 * both). */
static void
capture_stop(char *out[2], size_t len[2])
{
    (void)fflush(NULL);
    for (int i = 0; i < 2; i++) {
        (void)dup2(cap.saved[i], i + 1);
        (void)close(cap.saved[i]);
        out[i] = h_read_file(cap.path[i], &len[i]);
        (void)unlink(cap.path[i]);
    }
    cap.active = false;
}

/* Ends a test: nothing may have been written to stdout or stderr. */
static void
capture_check(void)
{
    char *out[2];
    size_t len[2];

    capture_stop(out, len);
    for (int i = 0; i < 2; i++) {
        stats.scanned++;
        if (len[i] > 0)
            fail_msg("%zu bytes were written to %s%s:\n%s", len[i],
                     i == 0 ? "stdout" : "stderr",
                     holds_piece(out[i], len[i]) ? ", with the canary" : "",
                     out[i]);
        free(out[i]);
    }
}

/* After a failed test: puts the descriptors back and shows what was
 * written meanwhile (the failure's own report among it). */
static int
capture_end(void **state)
{
    char *out[2];
    size_t len[2];

    (void)state;
    if (!cap.active)
        return 0;
    capture_stop(out, len);
    for (int i = 0; i < 2; i++) {
        if (len[i] > 0)
            (void)fwrite(out[i], 1, len[i], i == 0 ? stdout : stderr);
        free(out[i]);
    }
    return 0;
}

/* ---- courses ------------------------------------------------------------- */

/* What the observer was handed. */
struct seen {
    unsigned char bytes[64 * sizeof(struct ipt_log_entry)];
    size_t used;
    unsigned calls;
};

static void
observe(const struct ipt_course *course, const struct ipt_log_entry *entry,
        void *user_data)
{
    struct seen *s = user_data;

    (void)course;
    s->calls++;
    if (s->used + sizeof(*entry) <= sizeof(s->bytes)) {
        memcpy(s->bytes + s->used, entry, sizeof(*entry));
        s->used += sizeof(*entry);
    }
}

/* A standard course in the middle phase, watched by @p seen (may be
 * NULL), whose held sessions hold the note @p note, a PHQ-9 and the
 * techniques used. */
static struct ipt_course *
course_with_note(const char *note, struct seen *seen)
{
    struct ipt_course *c = h_new_course(NULL);
    uint32_t held = 0;

    if (seen != NULL)
        assert_int_equal(ipt_course_set_observer(c, observe, seen), IPT_OK);
    h_drive(c, IPT_STATE_MIDDLE);
    h_hold(c);
    h_hold(c);
    assert_int_equal(ipt_course_get_sessions(c, &held, NULL, NULL), IPT_OK);
    for (uint32_t s = 1; s <= held; s++) {
        struct ipt_measure m = h_phq9((uint8_t)(3 - s % 3), 1);

        status_is(ipt_course_set_note(c, s, note, strlen(note)), IPT_OK,
                  "ipt_course_set_note");
        assert_int_equal(ipt_course_record_measure(c, s, &m), IPT_OK);
        assert_int_equal(ipt_course_record_techniques(c, s,
                             1u << IPT_TECHNIQUE_CLARIFICATION),
                         IPT_OK);
    }
    return c;
}

/* The canary, said several times, as a note. */
static const char canary_note[] =
    CANARY " said: " CANARY " lives at " CANARY " Street.";

/* ---- notes --------------------------------------------------------------- */

static void
test_notes(void **state)
{
    static char long_note[IPT_NOTE_MAX_BYTES + 64];
    struct seen seen;
    struct ipt_course *c;
    const char *text = NULL;
    size_t len = 0;
    char bad[64];
    struct ipt_measure m;
    struct ipt_event e;
    char msg[MSG_SIZE];

    (void)state;
    memset(&seen, 0, sizeof(seen));
    c = course_with_note(canary_note, &seen);

    /* read back, as asked */
    status_is(ipt_course_get_note(c, 2, &text, &len), IPT_OK,
              "ipt_course_get_note");
    assert_string_equal(text, canary_note);

    /* refused notes: too long, bad UTF-8, a NUL, a session not held */
    for (size_t i = 0; i < sizeof(long_note) - 1; i++)
        long_note[i] = CANARY[i % strlen(CANARY)];
    status_is(ipt_course_set_note(c, 1, long_note, IPT_NOTE_MAX_BYTES + 1),
              IPT_ERR_OUT_OF_RANGE, "ipt_course_set_note (too long)");
    clean(ipt_course_last_error(c), "a too long note");
    (void)snprintf(bad, sizeof(bad), "%s%c%c%s", CANARY, 0xC0, 0xAF, CANARY);
    status_is(ipt_course_set_note(c, 1, bad, strlen(bad)), IPT_ERR_ENCODING,
              "ipt_course_set_note (overlong)");
    clean(ipt_course_last_error(c), "a note with an overlong form");
    (void)snprintf(bad, sizeof(bad), "%s%c%s", CANARY, 0xFF, CANARY);
    status_is(ipt_course_set_note(c, 1, bad, strlen(bad)), IPT_ERR_ENCODING,
              "ipt_course_set_note (0xFF)");
    clean(ipt_course_last_error(c), "a note with a byte 0xFF");
    memcpy(bad, CANARY "\0" CANARY, 2 * strlen(CANARY) + 1);
    status_is(ipt_course_set_note(c, 1, bad, 2 * strlen(CANARY) + 1),
              IPT_ERR_ENCODING, "ipt_course_set_note (NUL)");
    clean(ipt_course_last_error(c), "a note with a NUL");
    status_is(ipt_course_set_note(c, 99, canary_note, strlen(canary_note)),
              IPT_ERR_NOT_AVAILABLE, "ipt_course_set_note (session 99)");
    clean(ipt_course_last_error(c), "a note for a session not held");
    status_is(ipt_course_set_note(c, 0, canary_note, strlen(canary_note)),
              IPT_ERR_NOT_AVAILABLE, "ipt_course_set_note (session 0)");
    clean(ipt_course_last_error(c), "a note for session 0");
    status_is(ipt_course_set_note(NULL, 1, canary_note, strlen(canary_note)),
              IPT_ERR_INVALID_ARGUMENT, "ipt_course_set_note (NULL)");
    clean(ipt_course_last_error(NULL), "ipt_course_last_error(NULL)");
    /* the refused notes changed nothing */
    status_is(ipt_course_get_note(c, 1, &text, &len), IPT_OK,
              "ipt_course_get_note");
    assert_string_equal(text, canary_note);

    /* other refused calls on a course full of the canary */
    m = h_phq9(1, 0);
    m.items[3] = 9;
    status_is(ipt_course_record_measure(c, 1, &m), IPT_ERR_OUT_OF_RANGE,
              "ipt_course_record_measure (item out of range)");
    clean(ipt_course_last_error(c), "an item out of range");
    status_is(ipt_course_record_areas(c, 1,
                                      IPT_AREA_BIT(IPT_AREA_LOST_HEALTHY_SELF)),
              IPT_ERR_OUT_OF_RANGE, "ipt_course_record_areas");
    clean(ipt_course_last_error(c), "an area not allowed");
    status_is(ipt_course_record_techniques(c, 1, 1u << 30),
              IPT_ERR_OUT_OF_RANGE, "ipt_course_record_techniques");
    clean(ipt_course_last_error(c), "an unknown technique bit");
    status_is(ipt_course_clear_measure(c, 1, IPT_MEASURE_GAD7),
              IPT_ERR_NOT_AVAILABLE, "ipt_course_clear_measure");
    clean(ipt_course_last_error(c), "clearing a measure not recorded");
    e = h_event(IPT_EVENT_START, 0, 0, h_next_ts(c));
    status_is(ipt_course_apply(c, &e), IPT_ERR_EVENT_NOT_ALLOWED,
              "ipt_course_apply (start twice)");
    clean(ipt_course_last_error(c), "a refused event");
    e = h_event(IPT_EVENT_HOLD_SESSION, 0, 0, 0);
    status_is(ipt_course_check(c, &e, NULL, msg, sizeof(msg)),
              IPT_ERR_OUT_OF_RANGE, "ipt_course_check (old timestamp)");
    clean(msg, "ipt_course_check's message");
    clean(ipt_course_last_error(c), "ipt_course_last_error after a check");

    /* removed, then set again */
    status_is(ipt_course_set_note(c, 1, NULL, 0), IPT_OK,
              "ipt_course_set_note (remove)");
    status_is(ipt_course_set_note(c, 1, canary_note, strlen(canary_note)),
              IPT_OK, "ipt_course_set_note (again)");

    /* the observer saw events, and nothing of the canary */
    assert_true(seen.calls > 0);
    stats.scanned++;
    assert_false(holds_piece((const char *)seen.bytes, seen.used));
    ipt_course_free(c);
    capture_check();
}

/* ---- documents ----------------------------------------------------------- */

#define PLACEHOLDER "\"NOTE-PLACEHOLDER\""

/* The document of a course with one note, PLACEHOLDER in place of that
 * note's JSON string (free() it). */
static char *
template_doc(void)
{
    struct ipt_course *c = h_new_course(NULL);
    char *doc;

    h_drive(c, IPT_STATE_MIDDLE);
    assert_int_equal(ipt_course_set_note(c, 1, "NOTE-PLACEHOLDER", 16),
                     IPT_OK);
    doc = h_doc_of(c);
    ipt_course_free(c);
    assert_non_null(strstr(doc, PLACEHOLDER));
    return doc;
}

/* @p doc with PLACEHOLDER replaced by @p len bytes at @p with, and cut
 * there when @p cut (free() it). */
static char *
replace(const char *doc, const char *with, size_t len, bool cut,
        size_t *out_len)
{
    const char *at = strstr(doc, PLACEHOLDER);
    size_t head = (size_t)(at - doc);
    size_t tail = cut ? 0 : strlen(at + strlen(PLACEHOLDER));
    char *out = malloc(head + len + tail + 1);

    assert_non_null(out);
    memcpy(out, doc, head);
    memcpy(out + head, with, len);
    memcpy(out + head + len, at + strlen(PLACEHOLDER), tail);
    out[head + len + tail] = '\0';
    *out_len = head + len + tail;
    return out;
}

/* Loads @p len bytes at @p json from memory and from a file in @p d;
 * both must give @p want with a message free of the canary. */
static void
load_both(const char *json, size_t len, enum ipt_status want,
          const struct h_dir *d, const char *what)
{
    struct ipt_course *c = NULL;
    char msg[MSG_SIZE];
    FILE *f;

    stats.documents++;
    status_is(ipt_course_load_json(json, len, NULL, &c, msg, sizeof(msg)),
              want, what);
    clean(msg, what);
    if (want != IPT_OK && msg[0] == '\0')
        fail_msg("%s: no message", what);
    ipt_course_free(c);
    c = NULL;
    f = fopen(d->path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(json, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    status_is(ipt_course_load_file(d->path, NULL, NULL, &c, msg, sizeof(msg)),
              want, what);
    clean(msg, what);
    ipt_course_free(c);
}

static void
test_documents(void **state)
{
    /* What replaces the note's string in the document.  Where the JSON
     * parser stops inside the note, it would say "near '<the token so
     * far>'", which is the note itself. */
    static const struct {
        const char *what;
        const char *json;
        size_t len;             /* 0: strlen(json) */
        bool cut;               /* the document ends there */
        enum ipt_status want;
    } cases[] = {
        { "a well-formed note", "\"" CANARY "\"", 0, false, IPT_OK },
        { "a control character in the note",
          "\"CANARY-Jane\x01-Doe-7731\"", 0, false, IPT_ERR_FORMAT },
        { "a bad escape in the note", "\"CANARY-J\\q-Doe-7731\"", 0, false,
          IPT_ERR_FORMAT },
        { "a lone surrogate in the note", "\"CANARY-J\\ud800-Doe\"", 0, false,
          IPT_ERR_FORMAT },
        { "a byte 0xFF in the note", "\"CANARY-Jane\xff-Doe-7731\"", 0, false,
          IPT_ERR_FORMAT },
        { "an overlong form in the note", "\"CANARY-J\xc0\xaf-Doe-7731\"", 0,
          false, IPT_ERR_FORMAT },
        { "a note without quotes", CANARY, 0, false, IPT_ERR_FORMAT },
        { "a note without its closing quote", "\"CANARY-Jane-Doe, ", 0,
          false, IPT_ERR_FORMAT },
        { "a document cut inside the note", "\"CANARY-Jane", 0, true,
          IPT_ERR_FORMAT },
        { "a document cut after the note", "\"" CANARY "\"", 0, true,
          IPT_ERR_FORMAT },
        { "a NUL in the note", "\"" CANARY "\\u0000" CANARY "\"", 0, false,
          IPT_ERR_FORMAT },
        { "a note that is an array", "[\"" CANARY "\"]", 0, false,
          IPT_ERR_FORMAT },
        { "a note that is an object", "{\"" CANARY "\": 1}", 0, false,
          IPT_ERR_FORMAT },
        { "a note given twice", "\"" CANARY "\", \"note\": \"" CANARY "\"",
          0, false, IPT_ERR_FORMAT },
        { "an unknown member after the note",
          "\"" CANARY "\", \"nickname\": 1", 0, false, IPT_ERR_FORMAT },
        { "a bad value after the note", "\"" CANARY "\", \"phq9\": [9]", 0,
          false, IPT_ERR_FORMAT },
        { "a trailing comma after the note", "\"" CANARY "\",", 0, false,
          IPT_ERR_FORMAT },
    };
    static char too_long[IPT_NOTE_MAX_BYTES + 16];
    char *doc;
    struct h_dir d;

    (void)state;
    doc = template_doc();
    h_dir_make(&d, "test-privacy");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = cases[i].len != 0 ? cases[i].len : strlen(cases[i].json);
        size_t len = 0;
        char *json = replace(doc, cases[i].json, n, cases[i].cut, &len);

        if (cases[i].want == IPT_OK)
            assert_true(holds_canary(json, len));
        load_both(json, len, cases[i].want, &d, cases[i].what);
        free(json);
    }

    /* a note one byte too long */
    too_long[0] = '"';
    for (size_t i = 1; i <= IPT_NOTE_MAX_BYTES + 1; i++)
        too_long[i] = CANARY[(i - 1) % strlen(CANARY)];
    too_long[IPT_NOTE_MAX_BYTES + 2] = '"';
    {
        size_t len = 0;
        char *json = replace(doc, too_long, IPT_NOTE_MAX_BYTES + 3, false,
                             &len);

        load_both(json, len, IPT_ERR_FORMAT, &d, "a note too long");
        free(json);
    }
    h_dir_remove(&d);
    free(doc);
    capture_check();
}

/* ---- files --------------------------------------------------------------- */

/* Default file operations that note the mode of each file they create,
 * right after creating it. */
struct modes {
    struct ipt_io_ops real;
    unsigned created;
    unsigned wrong;         /* created with a mode other than 0600 */
    bool canary_written;
};

static int
m_open(void *u, const char *path, uint32_t flags, uint32_t mode, int64_t *h)
{
    struct modes *m = u;
    int err = m->real.open(NULL, path, flags, mode, h);
    struct stat st;

    if (err == 0 && flags == IPT_IO_CREATE) {
        m->created++;
        if (stat(path, &st) != 0 || (st.st_mode & 07777) != 0600)
            m->wrong++;
    }
    return err;
}

static int
m_write(void *u, int64_t h, const void *buf, size_t size, size_t *done)
{
    struct modes *m = u;

    if (holds_canary(buf, size))
        m->canary_written = true;
    return m->real.write(NULL, h, buf, size, done);
}

static struct ipt_io_ops
modes_io(struct modes *m)
{
    struct ipt_io_ops io;

    memset(m, 0, sizeof(*m));
    assert_int_equal(ipt_io_default(&m->real), IPT_OK);
    io = m->real;
    io.user_data = m;
    io.open = m_open;
    io.write = m_write;
    return io;
}

/* Every operation fails with EIO. */
static int
x_open(void *u, const char *p, uint32_t f, uint32_t m, int64_t *h)
{
    (void)u, (void)p, (void)f, (void)m, (void)h;
    return EIO;
}

static void
test_files(void **state)
{
    static const mode_t masks[] = { 0, 022, 077 };
    struct ipt_course *c = course_with_note(canary_note, NULL);
    struct ipt_course *back = NULL;
    struct ipt_io_ops io;
    struct modes m;
    char msg[MSG_SIZE];
    struct h_dir d;
    char *saved;
    size_t len = 0;

    (void)state;
    h_dir_make(&d, "test-privacy");
    for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
        mode_t old = umask(masks[i]);

        /* a new file, then a file replaced */
        for (int round = 0; round < 2; round++) {
            io = modes_io(&m);
            status_is(ipt_course_save_file(c, d.path, &io, msg, sizeof(msg)),
                      IPT_OK, "ipt_course_save_file");
            assert_string_equal(msg, "");
            assert_int_equal(m.created, 1);
            assert_int_equal(m.wrong, 0); /* PATH.tmp, as created */
            assert_true(m.canary_written);
            assert_int_equal(h_file_mode(d.path), 0600);
            stats.files += 2;
        }
        /* and with the default operations */
        assert_int_equal(unlink(d.path), 0);
        status_is(ipt_course_save_file(c, d.path, NULL, msg, sizeof(msg)),
                  IPT_OK, "ipt_course_save_file");
        assert_int_equal(h_file_mode(d.path), 0600);
        stats.files++;
        (void)umask(old);
    }
    /* the file holds the canary, as asked, and loads with it */
    saved = h_read_file(d.path, &len);
    assert_true(holds_canary(saved, len));
    status_is(ipt_course_load_file(d.path, NULL, NULL, &back, msg,
                                   sizeof(msg)),
              IPT_OK, "ipt_course_load_file");
    assert_non_null(back);
    ipt_course_free(back);
    back = NULL;

    /* a failed save: the file operations refuse */
    io = modes_io(&m);
    io.open = x_open;
    status_is(ipt_course_save_file(c, d.path, &io, msg, sizeof(msg)),
              IPT_ERR_IO, "ipt_course_save_file (open fails)");
    clean(msg, "a failed save");
    /* a file cut inside a note */
    for (size_t cut = 0; cut < len; cut += 97) {
        FILE *f = fopen(d.path, "wb");

        assert_non_null(f);
        assert_int_equal(fwrite(saved, 1, cut, f), cut);
        assert_int_equal(fclose(f), 0);
        stats.documents++;
        status_is(ipt_course_load_file(d.path, NULL, NULL, &back, msg,
                                       sizeof(msg)),
                  IPT_ERR_FORMAT, "ipt_course_load_file (cut)");
        clean(msg, "a file cut short");
    }
    /* a single byte of the canary changed to a control character */
    {
        char *at = strstr(saved, CANARY);

        for (size_t k = 0; k < strlen(CANARY); k++) {
            char keep = at[k];

            at[k] = '\x02';
            stats.documents++;
            status_is(ipt_course_load_json(saved, len, NULL, &back, msg,
                                           sizeof(msg)),
                      IPT_ERR_FORMAT, "ipt_course_load_json (damaged)");
            clean(msg, "a document with a damaged note");
            at[k] = keep;
        }
    }
    free(saved);
    h_dir_remove(&d);
    ipt_course_free(c);
    capture_check();
}

/* ---- exports and reports ------------------------------------------------- */

/* The FHIR Bundle of @p c with @p opt (free() it), or NULL with the status
 * in *st. */
static char *
fhir_of(const struct ipt_course *c, const struct ipt_fhir_options *opt,
        enum ipt_status *st)
{
    size_t len = 0;
    char *buf;

    *st = ipt_course_export_fhir(c, opt, NULL, 0, &len);
    if (*st != IPT_ERR_BUFFER_TOO_SMALL)
        return NULL;
    buf = malloc(len + 1);
    assert_non_null(buf);
    *st = ipt_course_export_fhir(c, opt, buf, len + 1, &len);
    assert_int_equal(*st, IPT_OK);
    return buf;
}

static void
test_fhir(void **state)
{
    struct ipt_course *c = course_with_note(canary_note, NULL);
    struct ipt_fhir_options opt;
    enum ipt_status st;
    char *out;

    (void)state;
    memset(&opt, 0, sizeof(opt));
    opt.size = (uint32_t)sizeof(opt);
    opt.patient_reference = "Patient/p-001";

    /* without notes: not a trace of them */
    out = fhir_of(c, &opt, &st);
    status_is(st, IPT_OK, "ipt_course_export_fhir");
    clean(out, "the FHIR export without notes");
    free(out);
    opt.flags = IPT_FHIR_UNIX_SECONDS;
    out = fhir_of(c, &opt, &st);
    status_is(st, IPT_OK, "ipt_course_export_fhir");
    clean(out, "the FHIR export without notes, with dates");
    free(out);

    /* with notes, as asked */
    opt.flags = IPT_FHIR_INCLUDE_NOTES;
    out = fhir_of(c, &opt, &st);
    status_is(st, IPT_OK, "ipt_course_export_fhir (notes)");
    assert_true(holds_canary(out, strlen(out)));
    free(out);

    /* the patient reference and the bundle id are the caller's text: they
     * appear where the caller put them, and refused ones go nowhere */
    opt.flags = 0;
    opt.patient_reference = "Patient/" CANARY;
    opt.bundle_id = CANARY;
    out = fhir_of(c, &opt, &st);
    status_is(st, IPT_OK, "ipt_course_export_fhir (canary reference)");
    assert_true(holds(out, strlen(out), "\"Patient/" CANARY "\"",
                      strlen(CANARY) + 10));
    assert_true(holds(out, strlen(out), "\"id\": \"" CANARY "\"",
                      strlen(CANARY) + 8));
    free(out);
    opt.patient_reference = "Patient/" CANARY " Street";
    out = fhir_of(c, &opt, &st);
    assert_null(out);
    status_is(st, IPT_ERR_INVALID_ARGUMENT,
              "ipt_course_export_fhir (reference with a space)");
    opt.patient_reference = "Patient/p-001";
    opt.bundle_id = CANARY "/x";
    out = fhir_of(c, &opt, &st);
    assert_null(out);
    status_is(st, IPT_ERR_INVALID_ARGUMENT,
              "ipt_course_export_fhir (bad bundle id)");
    opt.bundle_id = NULL;
    opt.flags = 1u << 20;
    out = fhir_of(c, &opt, &st);
    assert_null(out);
    status_is(st, IPT_ERR_UNSUPPORTED, "ipt_course_export_fhir (flags)");
    ipt_course_free(c);
    capture_check();
}

static void
test_reports(void **state)
{
    struct ipt_course *c = course_with_note(canary_note, NULL);
    struct ipt_finding findings[32];
    struct ipt_suggestion sugg[32];
    struct ipt_select_context ctx;
    struct ipt_outcome outcome;
    uint32_t count = 0;

    (void)state;
    /* findings of the course's own profile and of a stricter one */
    status_is(ipt_fidelity_check(c, NULL, findings, 32, &count), IPT_OK,
              "ipt_fidelity_check");
    assert_true(count > 0); /* item 9 without a safety assessment */
    for (uint32_t i = 0; i < count && i < 32; i++)
        clean(findings[i].message, "a fidelity finding");
    {
        const struct ipt_profile *brief = NULL;

        assert_int_equal(ipt_profile_builtin("brief", &brief), IPT_OK);
        status_is(ipt_fidelity_check(c, brief, findings, 32, &count),
                  IPT_OK, "ipt_fidelity_check (brief)");
        for (uint32_t i = 0; i < count && i < 32; i++)
            clean(findings[i].message, "a fidelity finding (brief)");
    }

    /* suggestions for the next session, explained */
    memset(&ctx, 0, sizeof(ctx));
    ctx.size = (uint32_t)sizeof(ctx);
    status_is(ipt_select_context_from_course(c, &ctx), IPT_OK,
              "ipt_select_context_from_course");
    status_is(ipt_select_techniques(NULL, &ctx, sugg, 32, &count), IPT_OK,
              "ipt_select_techniques");
    for (uint32_t i = 0; i < count; i++) {
        char text[MSG_SIZE];
        size_t len = 0;

        assert_int_equal(ipt_suggestion_explain(&sugg[i], text, sizeof(text),
                                                &len),
                         IPT_OK);
        clean(text, "a suggestion's explanation");
    }
    status_is(ipt_course_outcome(c, IPT_MEASURE_PHQ9, NULL, &outcome), IPT_OK,
              "ipt_course_outcome");
    status_is(ipt_course_outcome(c, IPT_MEASURE_GAD7, NULL, &outcome),
              IPT_ERR_NO_BASELINE, "ipt_course_outcome (no GAD-7)");
    clean(ipt_course_last_error(c), "ipt_course_last_error after reports");
    ipt_course_free(c);
    capture_check();
}

/* ---- names --------------------------------------------------------------- */

/* Calls @p fn, a name lookup, with the canary; it must not know it. */
#define UNKNOWN(fn, type)                                                    \
    do {                                                                     \
        type value_;                                                         \
        status_is(fn(CANARY, &value_), IPT_ERR_UNKNOWN_NAME, #fn);           \
    } while (0)

static void
test_names(void **state)
{
    const struct ipt_goal_info *goal = NULL;
    const struct ipt_profile *builtin = NULL;
    struct ipt_profile *profile = NULL;
    struct ipt_profile_params params = h_standard_params();
    struct ipt_sim_totals totals;
    char buf[MSG_SIZE];
    size_t len = 0;

    (void)state;
    UNKNOWN(ipt_status_from_name, enum ipt_status);
    UNKNOWN(ipt_state_from_name, enum ipt_state);
    UNKNOWN(ipt_area_from_name, enum ipt_area);
    UNKNOWN(ipt_dispute_stage_from_name, enum ipt_dispute_stage);
    UNKNOWN(ipt_task_from_name, enum ipt_task);
    UNKNOWN(ipt_end_reason_from_name, enum ipt_end_reason);
    UNKNOWN(ipt_event_type_from_name, enum ipt_event_type);
    UNKNOWN(ipt_rule_from_name, enum ipt_rule);
    UNKNOWN(ipt_diagram_format_from_name, enum ipt_diagram_format);
    UNKNOWN(ipt_technique_from_name, enum ipt_technique);
    UNKNOWN(ipt_modality_from_name, enum ipt_modality);
    UNKNOWN(ipt_goal_kind_from_name, enum ipt_goal_kind);
    UNKNOWN(ipt_fidelity_rule_from_name, enum ipt_fidelity_rule);
    UNKNOWN(ipt_severity_from_name, enum ipt_severity);
    UNKNOWN(ipt_measure_kind_from_name, enum ipt_measure_kind);
    UNKNOWN(ipt_band_from_name, enum ipt_band);
    UNKNOWN(ipt_hamd_banding_from_name, enum ipt_hamd_banding);
    UNKNOWN(ipt_srm_activity_from_name, enum ipt_srm_activity);
    UNKNOWN(ipt_select_flag_from_name, enum ipt_select_flag);
    UNKNOWN(ipt_select_reason_from_name, enum ipt_select_reason);
    UNKNOWN(ipt_weight_column_from_name, enum ipt_weight_column);
    UNKNOWN(ipt_sim_model_from_name, enum ipt_sim_model);
    UNKNOWN(ipt_relationship_from_name, enum ipt_relationship);
    UNKNOWN(ipt_reciprocity_from_name, enum ipt_reciprocity);
    UNKNOWN(ipt_change_from_name, enum ipt_change);
    UNKNOWN(ipt_life_event_type_from_name, enum ipt_life_event_type);
    UNKNOWN(ipt_triage_reason_from_name, enum ipt_triage_reason);
    UNKNOWN(ipt_triage_verdict_from_name, enum ipt_triage_verdict);
    status_is(ipt_goal_find(CANARY, &goal), IPT_ERR_UNKNOWN_NAME,
              "ipt_goal_find");
    status_is(ipt_profile_builtin(CANARY, &builtin), IPT_ERR_UNKNOWN_NAME,
              "ipt_profile_builtin");

    /* a profile name is an identifier: the canary is refused as one */
    status_is(ipt_profile_new(CANARY, &params, NULL, &profile),
              IPT_ERR_INVALID_ARGUMENT, "ipt_profile_new");
    assert_null(profile);
    status_is(ipt_profile_check(&params, buf, sizeof(buf)), IPT_OK,
              "ipt_profile_check");

    /* the model name is written where the caller asked, and refused with a
     * quote */
    memset(&totals, 0, sizeof(totals));
    status_is(ipt_sim_totals_json(CANARY, 1, &totals, buf, sizeof(buf), &len),
              IPT_OK, "ipt_sim_totals_json");
    assert_true(holds_canary(buf, len));
    status_is(ipt_sim_totals_json(CANARY "\"", 1, &totals, buf, sizeof(buf),
                                  &len),
              IPT_ERR_INVALID_ARGUMENT, "ipt_sim_totals_json (quote)");
    capture_check();
}

#define TEST(fn) \
    cmocka_unit_test_setup_teardown(fn, capture_begin, capture_end)

int
main(void)
{
    const struct CMUnitTest all_tests[] = {
        TEST(test_notes), TEST(test_reports), TEST(test_names),
        TEST(test_documents), TEST(test_files), TEST(test_fhir),
    };
    /* without JSON support there are no documents, files or Bundles */
    const struct CMUnitTest core_tests[] = {
        TEST(test_notes), TEST(test_reports), TEST(test_names),
    };
    int failed;

    if (h_json_built())
        failed = cmocka_run_group_tests(all_tests, NULL, NULL);
    else
        failed = cmocka_run_group_tests(core_tests, NULL, NULL);
    printf("# %u calls given the canary (%u refused), %u malformed "
           "documents, %u messages and outputs checked, %u file modes\n",
           stats.calls, stats.failing, stats.documents, stats.scanned,
           stats.files);
    return failed;
}
