/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for every public function that reads a caller's text:
 * the *_from_name() functions of every public enum (ipt_status_from_name()
 * included), ipt_goal_find(), ipt_profile_builtin(), the name given to
 * ipt_profile_new(), the note of ipt_course_set_note(), the model name of
 * ipt_sim_totals_json(), and the patient reference and bundle id of
 * ipt_course_export_fhir().
 *
 * The first byte picks the function (the index into `targets` below; other
 * values are ignored, and new functions are only ever appended, so that
 * the corpus keeps its meaning); the rest is the text, NUL-terminated for
 * the functions that take a C string (so text after a NUL byte is not
 * seen) and passed as bytes with their length to ipt_course_set_note().
 *
 * Oracle: no call crashes, leaks or reads out of bounds; each returns a
 * documented status; on success the text round-trips (the name of the
 * value found is the text itself, the entry or profile found carries it as
 * its identifier, the note reads back byte for byte, the JSON and the
 * Bundle carry the text); on failure the output is untouched (and an
 * existing note is kept).  For the texts with a stated syntax (profile
 * names, notes, model names, FHIR references and ids) the harness checks
 * the syntax itself, independently of the library, and the status must
 * agree; a refused note's message names the byte offset this harness
 * finds.  A broken oracle stops the run with __builtin_trap().
 *
 * Built twice by fuzz/meson.build: with -fsanitize=fuzzer as fuzz-names
 * (clang, -Dfuzzing=true), and with replay.c as an ordinary program that
 * runs the corpus as a meson test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Filled into outputs before a call, to see that a failure left them. */
#define SENTINEL 0xA5

static void
check(int ok)
{
    if (!ok)
        __builtin_trap();
}

static int
untouched(const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++) {
        if (b[i] != SENTINEL)
            return 0;
    }
    return 1;
}

/*
 * One checker per enum: from_name(text) either finds a value whose name is
 * the text, or fails with IPT_ERR_UNKNOWN_NAME and leaves its output; a
 * NULL argument is IPT_ERR_INVALID_ARGUMENT.
 */
#define ENUM_TARGET(prefix, type)                                           \
    static void prefix##_target(const char *text)                           \
    {                                                                       \
        type v;                                                             \
        enum ipt_status st;                                                 \
                                                                            \
        memset(&v, SENTINEL, sizeof(v));                                    \
        st = prefix##_from_name(text, &v);                                  \
        if (st == IPT_OK) {                                                 \
            const char *name = prefix##_name(v);                            \
                                                                            \
            check(name != NULL && strcmp(name, text) == 0);                 \
        } else {                                                            \
            check(st == IPT_ERR_UNKNOWN_NAME && untouched(&v, sizeof(v)));  \
        }                                                                   \
        memset(&v, SENTINEL, sizeof(v));                                    \
        check(prefix##_from_name(NULL, &v) == IPT_ERR_INVALID_ARGUMENT &&   \
              untouched(&v, sizeof(v)));                                    \
        check(prefix##_from_name(text, NULL) == IPT_ERR_INVALID_ARGUMENT);  \
    }

ENUM_TARGET(ipt_status, enum ipt_status)
ENUM_TARGET(ipt_state, enum ipt_state)
ENUM_TARGET(ipt_area, enum ipt_area)
ENUM_TARGET(ipt_dispute_stage, enum ipt_dispute_stage)
ENUM_TARGET(ipt_task, enum ipt_task)
ENUM_TARGET(ipt_end_reason, enum ipt_end_reason)
ENUM_TARGET(ipt_event_type, enum ipt_event_type)
ENUM_TARGET(ipt_rule, enum ipt_rule)
ENUM_TARGET(ipt_diagram_format, enum ipt_diagram_format)
ENUM_TARGET(ipt_technique, enum ipt_technique)
ENUM_TARGET(ipt_modality, enum ipt_modality)
ENUM_TARGET(ipt_goal_kind, enum ipt_goal_kind)
ENUM_TARGET(ipt_fidelity_rule, enum ipt_fidelity_rule)
ENUM_TARGET(ipt_severity, enum ipt_severity)
ENUM_TARGET(ipt_measure_kind, enum ipt_measure_kind)
ENUM_TARGET(ipt_band, enum ipt_band)
ENUM_TARGET(ipt_hamd_banding, enum ipt_hamd_banding)
ENUM_TARGET(ipt_srm_activity, enum ipt_srm_activity)
ENUM_TARGET(ipt_select_flag, enum ipt_select_flag)
ENUM_TARGET(ipt_select_reason, enum ipt_select_reason)
ENUM_TARGET(ipt_weight_column, enum ipt_weight_column)
ENUM_TARGET(ipt_sim_model, enum ipt_sim_model)
ENUM_TARGET(ipt_relationship, enum ipt_relationship)
ENUM_TARGET(ipt_reciprocity, enum ipt_reciprocity)
ENUM_TARGET(ipt_change, enum ipt_change)
ENUM_TARGET(ipt_life_event_type, enum ipt_life_event_type)
ENUM_TARGET(ipt_triage_reason, enum ipt_triage_reason)
ENUM_TARGET(ipt_triage_verdict, enum ipt_triage_verdict)

/* ---- look-ups by identifier --------------------------------------------- */

/* The outputs of the next three targets are pointers; the sentinel fills
 * the pointer itself, so sizeof of a pointer is meant. */
/* NOLINTBEGIN(bugprone-sizeof-expression) */
static void
goal_find_target(const char *text)
{
    const struct ipt_goal_info *g;
    enum ipt_status st;

    memset(&g, SENTINEL, sizeof(g));
    st = ipt_goal_find(text, &g);
    if (st == IPT_OK)
        check(g != NULL && strcmp(g->id, text) == 0);
    else
        check(st == IPT_ERR_UNKNOWN_NAME && untouched(&g, sizeof(g)));
}

static void
profile_builtin_target(const char *text)
{
    const struct ipt_profile *p;
    enum ipt_status st;

    memset(&p, SENTINEL, sizeof(p));
    st = ipt_profile_builtin(text, &p);
    if (st == IPT_OK)
        check(p != NULL && strcmp(ipt_profile_name(p), text) == 0);
    else
        check(st == IPT_ERR_UNKNOWN_NAME && untouched(&p, sizeof(p)));
}

/* NOLINTEND(bugprone-sizeof-expression) */

/* ---- texts with a syntax ------------------------------------------------ */

/* 1 to IPT_PROFILE_NAME_MAX characters from a-z, 0-9 and '_'. */
static int
profile_name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > IPT_PROFILE_NAME_MAX)
        return 0;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static void
profile_new_target(const char *text)
{
    const struct ipt_profile *standard = NULL;
    struct ipt_profile_params params;
    struct ipt_profile *p;
    enum ipt_status st;

    check(ipt_profile_builtin("standard", &standard) == IPT_OK);
    memset(&params, 0, sizeof(params));
    params.size = (uint32_t)sizeof(params);
    check(ipt_profile_get_params(standard, &params) == IPT_OK);
    /* The output is a pointer; the sentinel fills the pointer itself. */
    /* NOLINTNEXTLINE(bugprone-sizeof-expression) */
    memset(&p, SENTINEL, sizeof(p));
    st = ipt_profile_new(text, &params, NULL, &p);
    if (st == IPT_ERR_NO_MEMORY)
        return;
    if (profile_name_ok(text)) {
        check(st == IPT_OK && strcmp(ipt_profile_name(p), text) == 0);
        ipt_profile_free(p);
    } else {
        /* NOLINTNEXTLINE(bugprone-sizeof-expression) */
        check(st == IPT_ERR_INVALID_ARGUMENT && untouched(&p, sizeof(p)));
    }
}

/*
 * Offset of the first byte that does not start a well-formed UTF-8
 * sequence (Unicode 15, table 3-7), or @p n when all are; NUL counts as
 * ill-formed, because notes may not hold it.
 *
 * One function that follows the table row by row, which is easier to check
 * against the standard than a split one.
 */
/* NOLINTBEGIN(readability-function-cognitive-complexity) */
static size_t
utf8_first_bad(const uint8_t *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        uint8_t b = p[i];
        uint8_t lo = 0x80, hi = 0xBF;
        size_t len;

        if (b >= 0x01 && b <= 0x7F)
            len = 1;
        else if (b >= 0xC2 && b <= 0xDF)
            len = 2;
        else if (b >= 0xE0 && b <= 0xEF)
            len = 3;
        else if (b >= 0xF0 && b <= 0xF4)
            len = 4;
        else
            return i;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
        else if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
        if (len > n - i)
            return i;
        for (size_t k = 1; k < len; k++) {
            uint8_t c = p[i + k];

            if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF))
                return i;
        }
        i += len;
    }
    return n;
}
/* NOLINTEND(readability-function-cognitive-complexity) */

/* A course of the standard profile with session 1 held and a note on it. */
static struct ipt_course *
course_with_session(void)
{
    const struct ipt_profile *standard = NULL;
    struct ipt_course *c = NULL;
    struct ipt_event ev;

    check(ipt_profile_builtin("standard", &standard) == IPT_OK);
    if (ipt_course_new(standard, NULL, &c) != IPT_OK)
        return NULL;
    memset(&ev, 0, sizeof(ev));
    ev.type = IPT_EVENT_START;
    check(ipt_course_apply(c, &ev) == IPT_OK);
    ev.type = IPT_EVENT_HOLD_SESSION;
    ev.timestamp = 1;
    check(ipt_course_apply(c, &ev) == IPT_OK);
    return c;
}

static void
note_target(const uint8_t *text, size_t length)
{
    static const char previous[] = "previous note";
    struct ipt_course *c = course_with_session();
    size_t bad = utf8_first_bad(text, length);
    const char *got = NULL;
    size_t got_length = 0;
    enum ipt_status st;

    if (c == NULL)
        return;
    check(ipt_course_set_note(c, 1, previous, sizeof(previous) - 1) ==
          IPT_OK);
    st = ipt_course_set_note(c, 1, (const char *)text, length);
    check(ipt_course_get_note(c, 1, &got, &got_length) == IPT_OK);
    check(got != NULL && got[got_length] == '\0');
    if (length > IPT_NOTE_MAX_BYTES) {
        check(st == IPT_ERR_OUT_OF_RANGE);
    } else if (bad < length) {
        char where[48];

        check(st == IPT_ERR_ENCODING);
        /* the message gives the offset, never the text */
        (void)snprintf(where, sizeof(where), "at byte %zu", bad);
        check(strstr(ipt_course_last_error(c), where) != NULL);
    } else if (st != IPT_ERR_NO_MEMORY) {
        check(st == IPT_OK && got_length == length &&
              (length == 0 || memcmp(got, text, length) == 0));
        check(ipt_course_last_error(c)[0] == '\0');
        ipt_course_free(c);
        return;
    }
    check(got_length == sizeof(previous) - 1 && strcmp(got, previous) == 0);
    check(ipt_course_last_rule(c) == IPT_RULE_NONE &&
          ipt_course_last_error(c)[0] != '\0');
    ipt_course_free(c);
}

/* A JSON string's content as ipt_sim_totals_json() accepts it: valid
 * UTF-8 without a quote, a backslash or a control character. */
static int
model_name_ok(const char *s)
{
    size_t n = 0;

    for (; s[n] != '\0'; n++) {
        unsigned char ch = (unsigned char)s[n];

        if (ch == '"' || ch == '\\' || ch < 0x20 || ch == 0x7F)
            return 0;
    }
    return utf8_first_bad((const uint8_t *)s, n) == n;
}

static void
sim_model_target(const char *text)
{
    static const char tail[] = "\", \"seed\": 7, \"patients\": 0, ";
    struct ipt_sim_totals totals;
    size_t length = 0, written = 0;
    enum ipt_status st;
    char *buf;

    memset(&totals, 0, sizeof(totals));
    st = ipt_sim_totals_json(text, 7, &totals, NULL, 0, &length);
    if (!model_name_ok(text)) {
        check(st == IPT_ERR_INVALID_ARGUMENT);
        return;
    }
    check(st == IPT_ERR_BUFFER_TOO_SMALL);
    buf = malloc(length + 1);
    if (buf == NULL)
        return;
    check(ipt_sim_totals_json(text, 7, &totals, buf, length + 1, &written) ==
          IPT_OK);
    check(written == length && buf[length] == '\0' && buf[length - 1] == '\n');
    check(strncmp(buf, "{\"model\": \"", 11) == 0 &&
          strncmp(buf + 11, text, strlen(text)) == 0 &&
          strncmp(buf + 11 + strlen(text), tail, sizeof(tail) - 1) == 0);
    free(buf);
}

/* 1 to 4096 bytes of printable ASCII without space. */
static int
patient_reference_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 4096)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x21 || s[i] > 0x7E)
            return 0;
    }
    return 1;
}

/* A FHIR id: 1 to 64 of A-Z, a-z, 0-9, '-' and '.'. */
static int
fhir_id_ok(const char *s)
{
    size_t n = strlen(s);

    return n >= 1 && n <= 64 &&
           strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                     "0123456789-.") == n;
}

/* Exports a course with session 1 held; on success @p expect (when not
 * NULL) must appear in the Bundle. */
static void
export_fhir(const char *patient, const char *bundle_id, int valid,
            const char *expect)
{
    struct ipt_course *c = course_with_session();
    struct ipt_fhir_options o;
    size_t length = 0, written = 0;
    enum ipt_status st;
    char *buf;

    if (c == NULL)
        return;
    memset(&o, 0, sizeof(o));
    o.size = (uint32_t)sizeof(o);
    o.patient_reference = patient;
    o.bundle_id = bundle_id;
    st = ipt_course_export_fhir(c, &o, NULL, 0, &length);
    if (!valid) {
        check(st == IPT_ERR_INVALID_ARGUMENT);
    } else if (st != IPT_ERR_NOT_BUILT && st != IPT_ERR_NO_MEMORY) {
        check(st == IPT_ERR_BUFFER_TOO_SMALL);
        buf = malloc(length + 1);
        if (buf != NULL) {
            st = ipt_course_export_fhir(c, &o, buf, length + 1, &written);
            check(st == IPT_OK || st == IPT_ERR_NO_MEMORY);
            if (st == IPT_OK)
                check(written == length && buf[length] == '\0' &&
                      (expect == NULL || strstr(buf, expect) != NULL));
            free(buf);
        }
    }
    ipt_course_free(c);
}

static void
fhir_patient_target(const char *text)
{
    /* JSON escapes quotes and backslashes; look for the others verbatim */
    int plain = strpbrk(text, "\"\\") == NULL;

    export_fhir(text, NULL, patient_reference_ok(text), plain ? text : NULL);
}

static void
fhir_bundle_id_target(const char *text)
{
    export_fhir("Patient/example", text, fhir_id_ok(text), text);
}

/* ---- dispatch ----------------------------------------------------------- */

/* Append only: a corpus file's first byte is an index into this table. */
static void (*const targets[])(const char *text) = {
    ipt_status_target,
    ipt_state_target,
    ipt_area_target,
    ipt_dispute_stage_target,
    ipt_task_target,
    ipt_end_reason_target,
    ipt_event_type_target,
    ipt_rule_target,
    ipt_diagram_format_target,
    ipt_technique_target,
    ipt_modality_target,
    ipt_goal_kind_target,
    ipt_fidelity_rule_target,
    ipt_severity_target,
    ipt_measure_kind_target,
    ipt_band_target,
    ipt_hamd_banding_target,
    ipt_srm_activity_target,
    ipt_select_flag_target,
    ipt_select_reason_target,
    ipt_weight_column_target,
    ipt_sim_model_target,
    ipt_relationship_target,
    ipt_reciprocity_target,
    ipt_change_target,
    ipt_life_event_type_target,
    ipt_triage_reason_target,
    ipt_triage_verdict_target,
    goal_find_target,
    profile_builtin_target,
    profile_new_target,
    NULL, /* the note: bytes and a length, see below */
    sim_model_target,
    fhir_patient_target,
    fhir_bundle_id_target,
};

#define NOTE_TARGET 31u

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t which;
    char *text;

    if (size == 0 || data[0] >= sizeof(targets) / sizeof(targets[0]))
        return 0;
    which = data[0];
    if (which == NOTE_TARGET) {
        note_target(data + 1, size - 1);
        return 0;
    }
    text = malloc(size);
    if (text == NULL)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    targets[which](text);
    free(text);
    return 0;
}
