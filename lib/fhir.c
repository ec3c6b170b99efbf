/* SPDX-License-Identifier: MIT */
/*
 * FHIR R4 export of a course (docs/fhir.md).
 *
 * The Bundle is built as a jansson tree in a fixed order and dumped like
 * the course document (two-space indentation, members in insertion order,
 * a final newline), so one course and one set of options always give the
 * same bytes.  Resources are numbered in the order they appear; each one's
 * fullUrl is "urn:uuid:" and a UUID (version 8, RFC 9562) computed from a
 * 128-bit seed and that number, so references can be written before the
 * resource they point to.
 *
 * Building never fails half-way with a half-written buffer: every jansson
 * failure only sets exp->failed, the tree is thrown away and
 * IPT_ERR_NO_MEMORY returned.  Arguments and timestamps are checked before
 * anything is built.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#if defined(IPT_HAVE_JANSSON)
#include <jansson.h>
#endif

#include "internal.h"

#define FLAGS_KNOWN \
    ((uint32_t)(IPT_FHIR_UNIX_SECONDS | IPT_FHIR_INCLUDE_NOTES))

/* Longest patient reference accepted, in bytes. */
#define PATIENT_REFERENCE_MAX 4096u
/* Longest FHIR id. */
#define FHIR_ID_MAX 64u

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds. */
#define UNIX_MIN INT64_C(-62135596800)
#define UNIX_MAX INT64_C(253402300799)

/* ---- argument checks (also without jansson) ----------------------------- */

static int
patient_reference_ok(const char *ref)
{
    size_t n = 0;

    if (ref == NULL)
        return 0;
    for (; ref[n] != '\0'; n++) {
        unsigned char c = (unsigned char)ref[n];

        if (c < 0x21 || c > 0x7E || n >= PATIENT_REFERENCE_MAX)
            return 0;
    }
    return n > 0;
}

static int
fhir_id_ok(const char *id)
{
    size_t n = 0;

    for (; id[n] != '\0'; n++) {
        char c = id[n];

        if (n >= FHIR_ID_MAX ||
            !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return 0;
    }
    return n > 0;
}

static enum ipt_status
check_arguments(const struct ipt_course *course,
                const struct ipt_fhir_options *options, const char *buf,
                uint64_t size, const uint64_t *length,
                struct ipt_fhir_options *o)
{
    enum ipt_status st;

    if (course == NULL || options == NULL || length == NULL ||
        (buf == NULL && size > 0))
        return IPT_ERR_INVALID_ARGUMENT;
    st = ipt__read_sized(options, sizeof(*o), o, sizeof(*o));
    if (st != IPT_OK)
        return st;
    if ((o->flags & ~FLAGS_KNOWN) != 0)
        return IPT_ERR_UNSUPPORTED;
    if (!patient_reference_ok(o->patient_reference) ||
        (o->bundle_id != NULL && !fhir_id_ok(o->bundle_id)))
        return IPT_ERR_INVALID_ARGUMENT;
    if ((o->flags & IPT_FHIR_UNIX_SECONDS) != 0) {
        for (uint32_t i = 0; i < course->log_count; i++) {
            int64_t t = course->log[i].timestamp;

            if (t < UNIX_MIN || t > UNIX_MAX)
                return IPT_ERR_OUT_OF_RANGE;
        }
    }
    return IPT_OK;
}

#if defined(IPT_HAVE_JANSSON)

/* ---- codes (docs/fhir.md lists their sources) --------------------------- */

#define SCT "http://snomed.info/sct"
#define LOINC "http://loinc.org"
#define OBS_CATEGORY \
    "http://terminology.hl7.org/CodeSystem/observation-category"
#define ACT_CODE "http://terminology.hl7.org/CodeSystem/v3-ActCode"

#define SCT_IPT "443730003"
#define SCT_IPT_DISPLAY "Interpersonal psychotherapy"
#define SCT_PSYCHIATRY "24642003"
#define SCT_PSYCHIATRY_DISPLAY "Psychiatry procedure or service"

#define LOINC_PHQ9_PANEL "44249-1"
#define LOINC_PHQ9_TOTAL "44261-6"
#define LOINC_PHQ9_TOTAL_DISPLAY \
    "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
#define LOINC_PHQ9_DIFFICULTY "69722-7"
#define LOINC_GAD7_TOTAL "70274-6"

/* PHQ-9 items 1-9 in questionnaire order, with libipt's short wording. */
static const struct {
    const char *code;
    const char *text;
} phq9_items[IPT_PHQ9_ITEMS] = {
    { "44250-9", "PHQ-9 item 1: little interest or pleasure" },
    { "44255-8", "PHQ-9 item 2: feeling down, depressed or hopeless" },
    { "44259-0", "PHQ-9 item 3: trouble with sleep" },
    { "44254-1", "PHQ-9 item 4: feeling tired or having little energy" },
    { "44251-7", "PHQ-9 item 5: poor appetite or overeating" },
    { "44258-2", "PHQ-9 item 6: feeling bad about yourself" },
    { "44252-5", "PHQ-9 item 7: trouble concentrating" },
    { "44253-3", "PHQ-9 item 8: moving or speaking slowly, or restless" },
    { "44260-8", "PHQ-9 item 9: thoughts of being better off dead or of "
                 "self-harm" },
};

/* LOINC answers by score 0-3.  Difficulty: LA6575-0 is "Very difficult"
 * and LA6574-3 "Extremely difficult"; some public code bases swap them. */
static const struct {
    const char *code;
    const char *display;
} frequency_answers[4] = {
    { "LA6568-5", "Not at all" },
    { "LA6569-3", "Several days" },
    { "LA6570-1", "More than half the days" },
    { "LA6571-9", "Nearly every day" },
}, difficulty_answers[4] = {
    { "LA6572-7", "Not difficult at all" },
    { "LA6573-5", "Somewhat difficult" },
    { "LA6575-0", "Very difficult" },
    { "LA6574-3", "Extremely difficult" },
};

static const char *const area_display[] = {
    [IPT_AREA_GRIEF] = "Grief",
    [IPT_AREA_ROLE_DISPUTE] = "Role dispute",
    [IPT_AREA_ROLE_TRANSITION] = "Role transition",
    [IPT_AREA_INTERPERSONAL_DEFICITS] = "Interpersonal deficits",
    [IPT_AREA_LOST_HEALTHY_SELF] = "Grief for the lost healthy self",
};

/* ---- status mappings ---------------------------------------------------- */

/* The FHIR statuses of a course in each state (docs/fhir.md): the
 * EpisodeOfCare, the CarePlan, its activity and the Goals. */
struct fhir_statuses {
    const char *episode;
    const char *careplan;
    const char *activity;
    const char *goal;
};

static const struct fhir_statuses state_statuses[] = {
    [IPT_STATE_NOT_STARTED] = { "planned", "draft", "not-started",
                                "proposed" },
    [IPT_STATE_INITIAL] = { "active", "active", "in-progress", "active" },
    [IPT_STATE_MIDDLE] = { "active", "active", "in-progress", "active" },
    [IPT_STATE_TERMINATION] = { "active", "active", "in-progress",
                                "active" },
    [IPT_STATE_COMPLETED] = { "finished", "completed", "completed",
                              "completed" },
    [IPT_STATE_DISCONTINUED] = { "finished", "revoked", "stopped",
                                 "cancelled" },
    [IPT_STATE_REFERRED] = { "finished", "revoked", "stopped", "cancelled" },
    [IPT_STATE_MAINTENANCE] = { "active", "completed", "completed",
                                "completed" },
};

/* A course's state is always one of the table's: the machine sets no
 * other. */
static const struct fhir_statuses *
statuses(enum ipt_state s)
{
    return &state_statuses[s];
}

/* A course that ended (discontinued or referred on) before its first
 * session never became an episode of care: it was cancelled. */
static const char *
episode_status(enum ipt_state s, uint32_t held)
{
    if ((s == IPT_STATE_DISCONTINUED || s == IPT_STATE_REFERRED) && held == 0)
        return "cancelled";
    return statuses(s)->episode;
}

static int
is_end(int32_t s)
{
    return s == IPT_STATE_COMPLETED || s == IPT_STATE_DISCONTINUED ||
           s == IPT_STATE_REFERRED;
}

/* ---- dates and ids ------------------------------------------------------ */

/* "YYYY-MM-DDThh:mm:ssZ" of Unix seconds already known to be in range
 * (days_from_civil inverted, after H. Hinnant's public-domain algorithm).
 * In range, the days counted from 0000-03-01 are never negative, so the
 * era is a plain quotient. */
static void
format_datetime(int64_t t, char out[80])
{
    int64_t days = t / 86400, secs = t % 86400, era, y;
    unsigned doe, yoe, doy, mp, d, m;

    if (secs < 0) {
        secs += 86400;
        days--;
    }
    days += 719468;
    era = days / 146097;
    doe = (unsigned)(days - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = (int64_t)yoe + era * 400 + (m <= 2);
    (void)snprintf(out, 80, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02uZ", y, m,
                   d, (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60),
                   (unsigned)(secs % 60));
}

static uint64_t
fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static uint64_t
fnv_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];

    for (unsigned i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return fnv1a(h, b, sizeof(b));
}

/* splitmix64's finaliser. */
static uint64_t
mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* ---- the exporter ------------------------------------------------------- */

struct exporter {
    const struct ipt_course *course;
    struct ipt_fhir_options o;
    uint64_t seed[2];
    json_t *entries;
    int failed;
    enum ipt_state state;
    uint32_t held, planned, focus, goals;
    int has_start, has_end;
    int64_t start, end;
};

/* "urn:uuid:..." of resource number @p index. */
static void
urn_of(const struct exporter *x, uint32_t index, char out[48])
{
    uint64_t hi = mix(x->seed[0] ^ mix(UINT64_C(2) * index + 1));
    uint64_t lo = mix(x->seed[1] ^ mix(UINT64_C(2) * index + 2));

    hi = (hi & ~UINT64_C(0xF000)) | UINT64_C(0x8000);          /* v8 */
    lo = (lo & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62);     /* variant */
    (void)snprintf(out, 48, "urn:uuid:%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64
                   "-%04" PRIx64 "-%012" PRIx64, hi >> 32,
                   (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48,
                   lo & UINT64_C(0xFFFFFFFFFFFF));
}

static json_t *
check(struct exporter *x, json_t *v)
{
    if (v == NULL)
        x->failed = 1;
    return v;
}

/* Sets obj[key] = v, taking v even on failure. */
static void
set(struct exporter *x, json_t *obj, const char *key, json_t *v)
{
    if (obj == NULL) {
        json_decref(v);
        x->failed = 1;
        return;
    }
    if (json_object_set_new_nocheck(obj, key, v) != 0)
        x->failed = 1;
}

static void
append(struct exporter *x, json_t *arr, json_t *v)
{
    if (arr == NULL) {
        json_decref(v);
        x->failed = 1;
        return;
    }
    if (json_array_append_new(arr, v) != 0)
        x->failed = 1;
}

static json_t *
str(struct exporter *x, const char *s)
{
    return check(x, json_string(s));
}

static void
set_str(struct exporter *x, json_t *obj, const char *key, const char *s)
{
    set(x, obj, key, str(x, s));
}

static json_t *
resource(struct exporter *x, const char *type)
{
    json_t *r = check(x, json_object());

    set_str(x, r, "resourceType", type);
    return r;
}

static json_t *
coding(struct exporter *x, const char *system, const char *code,
       const char *display)
{
    json_t *c = check(x, json_object());

    set_str(x, c, "system", system);
    set_str(x, c, "code", code);
    if (display != NULL)
        set_str(x, c, "display", display);
    return c;
}

/* A CodeableConcept of one coding (none when @p system is NULL) and an
 * optional text. */
static json_t *
concept(struct exporter *x, const char *system, const char *code,
        const char *display, const char *text)
{
    json_t *cc = check(x, json_object());

    if (system != NULL) {
        json_t *codings = check(x, json_array());

        append(x, codings, coding(x, system, code, display));
        set(x, cc, "coding", codings);
    }
    if (text != NULL)
        set_str(x, cc, "text", text);
    return cc;
}

static json_t *
one(struct exporter *x, json_t *v)
{
    json_t *arr = check(x, json_array());

    append(x, arr, v);
    return arr;
}

static json_t *
reference(struct exporter *x, const char *ref)
{
    json_t *r = check(x, json_object());

    set_str(x, r, "reference", ref);
    return r;
}

static json_t *
ref_index(struct exporter *x, uint32_t index)
{
    char urn[48];

    urn_of(x, index, urn);
    return reference(x, urn);
}

static json_t *
patient(struct exporter *x)
{
    return reference(x, x->o.patient_reference);
}

static int
dates(const struct exporter *x)
{
    return (x->o.flags & IPT_FHIR_UNIX_SECONDS) != 0;
}

static void
set_datetime(struct exporter *x, json_t *obj, const char *key, int64_t t)
{
    char when[80];

    format_datetime(t, when);
    set_str(x, obj, key, when);
}

/* A Period from the course's start to its end, when dates are written and
 * the course has started; NULL otherwise (not a failure). */
static json_t *
course_period(struct exporter *x)
{
    json_t *p;

    if (!dates(x) || !x->has_start)
        return NULL;
    p = check(x, json_object());
    set_datetime(x, p, "start", x->start);
    if (x->has_end)
        set_datetime(x, p, "end", x->end);
    return p;
}

static json_t *
annotation(struct exporter *x, const char *text, size_t n)
{
    json_t *a = check(x, json_object());

    set(x, a, "text", check(x, json_stringn(text, n)));
    return a;
}

static void
add_note(struct exporter *x, json_t *notes, const char *text)
{
    append(x, notes, annotation(x, text, strlen(text)));
}

/* Appends resource number @p index to the Bundle. */
static void
add_entry(struct exporter *x, uint32_t index, json_t *res)
{
    char urn[48];
    json_t *e = check(x, json_object());

    urn_of(x, index, urn);
    set_str(x, e, "fullUrl", urn);
    set(x, e, "resource", res);
    append(x, x->entries, e);
}

/* "Role dispute, Role transition" of an area mask. */
static void
areas_text(uint32_t mask, char *out, size_t size)
{
    size_t n = 0, room;

    out[0] = '\0';
    for (int a = IPT_AREA_GRIEF; a <= IPT_AREA_LOST_HEALTHY_SELF; a++) {
        if ((mask & IPT_AREA_BIT(a)) == 0)
            continue;
        /* The five names take 93 bytes and every caller's buffer holds
         * them, so the text is never cut: the guard never applies. */
        room = n < size ? size - n : 0; /* GCOVR_EXCL_BR_LINE */
        n += (size_t)snprintf(out + n, room, "%s%s", n > 0 ? ", " : "",
                              area_display[a]);
    }
}

/* ---- resources ---------------------------------------------------------- */

enum {
    INDEX_EPISODE = 0,
    INDEX_CAREPLAN = 1,
    INDEX_GOALS = 2
};

static void
episode_of_care(struct exporter *x)
{
    json_t *r = resource(x, "EpisodeOfCare");
    json_t *period = course_period(x);

    set_str(x, r, "status", episode_status(x->state, x->held));
    set(x, r, "type", one(x, concept(x, SCT, SCT_IPT, SCT_IPT_DISPLAY,
                                     NULL)));
    set(x, r, "patient", patient(x));
    if (period != NULL)
        set(x, r, "period", period);
    add_entry(x, INDEX_EPISODE, r);
}

static void
care_plan(struct exporter *x)
{
    json_t *r = resource(x, "CarePlan");
    json_t *period = course_period(x);
    json_t *goals = check(x, json_array());
    json_t *activity = check(x, json_object());
    json_t *detail = check(x, json_object());
    json_t *timing = check(x, json_object());
    json_t *repeat = check(x, json_object());
    const struct ipt_profile *profile = NULL;
    enum ipt_dispute_stage stage;
    char areas[96], text[256];

    (void)ipt_course_get_profile(x->course, &profile);
    areas_text(x->focus, areas, sizeof(areas));
    set_str(x, r, "status", statuses(x->state)->careplan);
    set_str(x, r, "intent", "plan");
    set_str(x, r, "title", "IPT treatment contract");
    (void)snprintf(text, sizeof(text),
                   "Interpersonal psychotherapy (profile %s): %" PRIu32
                   " planned sessions, %" PRIu32 " held; focal problem "
                   "area: %s", ipt_profile_name(profile), x->planned,
                   x->held, x->focus != 0 ? areas : "not chosen yet");
    set_str(x, r, "description", text);
    set(x, r, "subject", patient(x));
    if (period != NULL)
        set(x, r, "period", period);
    for (uint32_t g = 0; g < x->goals; g++)
        append(x, goals, ref_index(x, INDEX_GOALS + g));
    if (x->goals > 0)
        set(x, r, "goal", goals);
    else
        json_decref(goals);

    set_str(x, detail, "kind", "Appointment");
    set(x, detail, "code", concept(x, SCT, SCT_IPT, SCT_IPT_DISPLAY, NULL));
    set_str(x, detail, "status", statuses(x->state)->activity);
    set(x, repeat, "count", check(x, json_integer(x->planned)));
    set(x, timing, "repeat", repeat);
    set(x, detail, "scheduledTiming", timing);
    (void)snprintf(text, sizeof(text),
                   "%" PRIu32 " planned sessions of interpersonal "
                   "psychotherapy", x->planned);
    set_str(x, detail, "description", text);
    set(x, activity, "detail", detail);
    set(x, r, "activity", one(x, activity));

    if (x->focus != 0) {
        json_t *notes = check(x, json_array());

        (void)snprintf(text, sizeof(text), "Focal problem area: %s", areas);
        add_note(x, notes, text);
        if (ipt_course_get_dispute_stage(x->course, &stage) == IPT_OK) {
            (void)snprintf(text, sizeof(text), "Role-dispute stage: %s",
                           ipt_dispute_stage_name(stage));
            add_note(x, notes, text);
        }
        set(x, r, "note", notes);
    }
    add_entry(x, INDEX_CAREPLAN, r);
}

static void
goal(struct exporter *x, uint32_t index, enum ipt_area area)
{
    json_t *r = resource(x, "Goal");
    json_t *notes = check(x, json_array());
    uint32_t n = ipt_goal_count(), count = 0;
    char text[96];

    set_str(x, r, "lifecycleStatus", statuses(x->state)->goal);
    (void)snprintf(text, sizeof(text), "Focal problem area: %s",
                   area_display[area]);
    set(x, r, "description", concept(x, NULL, NULL, NULL, text));
    set(x, r, "subject", patient(x));
    for (uint32_t i = 0; i < n; i++) {
        const struct ipt_goal_info *g = NULL;

        (void)ipt_goal_at(i, &g);       /* i < ipt_goal_count() */
        if (g->kind == IPT_GOAL_AREA && g->area == (int32_t)area) {
            add_note(x, notes, g->text);
            count++;
        }
    }
    if (count > 0)
        set(x, r, "note", notes);
    else
        json_decref(notes);
    add_entry(x, index, r);
}

/* Encounter and Procedure of one session, at @p index and @p index + 1. */
static void
session_resources(struct exporter *x, const struct ipt_session_info *info,
                  uint32_t index)
{
    json_t *enc = resource(x, "Encounter");
    json_t *proc = resource(x, "Procedure");
    json_t *notes = check(x, json_array());
    char text[1024];

    set_str(x, enc, "status", "finished");
    set(x, enc, "class", coding(x, ACT_CODE, "AMB", "ambulatory"));
    set(x, enc, "subject", patient(x));
    set(x, enc, "episodeOfCare", one(x, ref_index(x, INDEX_EPISODE)));
    if (dates(x)) {
        json_t *period = check(x, json_object());

        set_datetime(x, period, "start", info->timestamp);
        set(x, enc, "period", period);
    }
    add_entry(x, index, enc);

    set(x, proc, "basedOn", one(x, ref_index(x, INDEX_CAREPLAN)));
    set_str(x, proc, "status", "completed");
    set(x, proc, "category", concept(x, SCT, SCT_PSYCHIATRY,
                                     SCT_PSYCHIATRY_DISPLAY, NULL));
    set(x, proc, "code", concept(x, SCT, SCT_IPT, SCT_IPT_DISPLAY, NULL));
    set(x, proc, "subject", patient(x));
    set(x, proc, "encounter", ref_index(x, index));
    if (dates(x))
        set_datetime(x, proc, "performedDateTime", info->timestamp);

    (void)snprintf(text, sizeof(text), "Session %" PRIu32 ", %s phase",
                   info->session,
                   ipt_state_name((enum ipt_state)info->phase));
    add_note(x, notes, text);
    if (info->techniques != 0) {
        size_t n = (size_t)snprintf(text, sizeof(text), "Techniques used:");

        for (int t = 1; t < 32; t++) {
            const struct ipt_technique_info *ti = NULL;
            size_t room;

            if ((info->techniques & IPT_TECHNIQUE_BIT(t)) == 0)
                continue;
            /* A recorded mask names catalogued techniques only. */
            (void)ipt_technique_describe((enum ipt_technique)t, &ti);
            /* All 18 display names with their separators take 425
             * bytes, so the text is never cut: the guard never applies. */
            /* GCOVR_EXCL_BR_START: the guard never applies, see above */
            room = n < sizeof(text) ? sizeof(text) - n : 0;
            /* GCOVR_EXCL_BR_STOP */
            n += (size_t)snprintf(text + n, room, "%s %s",
                                  text[n - 1] == ':' ? "" : ";",
                                  ti->display_name);
        }
        add_note(x, notes, text);
    }
    if (info->areas != 0) {
        char areas[96];

        areas_text(info->areas, areas, sizeof(areas));
        (void)snprintf(text, sizeof(text), "Problem areas worked on: %s",
                       areas);
        add_note(x, notes, text);
    }
    if ((x->o.flags & IPT_FHIR_INCLUDE_NOTES) != 0 && info->note_bytes > 0) {
        const struct ipt__session_record *rec =
            ipt__record_at(x->course, info->session);

        append(x, notes, annotation(x, rec->note, rec->note_bytes));
    }
    set(x, proc, "note", notes);
    add_entry(x, index + 1, proc);
}

/* An Observation with what every one of ours shares. */
static json_t *
observation(struct exporter *x, const struct ipt_session_info *info,
            uint32_t encounter, json_t *code)
{
    json_t *r = resource(x, "Observation");

    set_str(x, r, "status", "final");
    set(x, r, "category", one(x, concept(x, OBS_CATEGORY, "survey", "Survey",
                                         NULL)));
    set(x, r, "code", code);
    set(x, r, "subject", patient(x));
    set(x, r, "encounter", ref_index(x, encounter));
    if (dates(x))
        set_datetime(x, r, "effectiveDateTime", info->timestamp);
    return r;
}

/* Resources of a PHQ-9 from @p index on; returns how many. */
static uint32_t
phq9_resources(struct exporter *x, const struct ipt_session_info *info,
               uint32_t encounter, const struct ipt_measure *m,
               uint32_t index)
{
    int has_difficulty = m->item_count > IPT_PHQ9_ITEMS;
    uint32_t total_index = index + 1 + IPT_PHQ9_ITEMS + (has_difficulty ? 1u
                                                                        : 0u);
    json_t *panel = observation(x, info, encounter,
                                concept(x, LOINC, LOINC_PHQ9_PANEL, NULL,
                                        "PHQ-9 panel"));
    json_t *members = check(x, json_array());

    for (uint32_t i = index + 1; i <= total_index; i++)
        append(x, members, ref_index(x, i));
    set(x, panel, "hasMember", members);
    add_entry(x, index, panel);

    for (uint32_t i = 0; i < IPT_PHQ9_ITEMS; i++) {
        unsigned v = m->items[i] < 4 ? m->items[i] : 3;
        json_t *r = observation(x, info, encounter,
                                concept(x, LOINC, phq9_items[i].code, NULL,
                                        phq9_items[i].text));

        set(x, r, "valueCodeableConcept",
            concept(x, LOINC, frequency_answers[v].code,
                    frequency_answers[v].display,
                    frequency_answers[v].display));
        add_entry(x, index + 1 + i, r);
    }
    if (has_difficulty) {
        unsigned v = m->items[IPT_PHQ9_ITEMS] < 4 ? m->items[IPT_PHQ9_ITEMS]
                                                  : 3;
        json_t *r = observation(x, info, encounter,
                                concept(x, LOINC, LOINC_PHQ9_DIFFICULTY,
                                        NULL, "PHQ-9 difficulty"));

        set(x, r, "valueCodeableConcept",
            concept(x, LOINC, difficulty_answers[v].code,
                    difficulty_answers[v].display,
                    difficulty_answers[v].display));
        add_entry(x, index + 1 + IPT_PHQ9_ITEMS, r);
    }
    {
        json_t *r = observation(x, info, encounter,
                                concept(x, LOINC, LOINC_PHQ9_TOTAL,
                                        LOINC_PHQ9_TOTAL_DISPLAY,
                                        "PHQ-9 total score"));

        set(x, r, "valueInteger", check(x, json_integer(m->total)));
        add_entry(x, total_index, r);
    }
    return total_index - index + 1;
}

/* One Observation of a total alone. */
static void
total_resource(struct exporter *x, const struct ipt_session_info *info,
               uint32_t encounter, json_t *code, int32_t total,
               uint32_t index)
{
    json_t *r = observation(x, info, encounter, code);

    set(x, r, "valueInteger", check(x, json_integer(total)));
    add_entry(x, index, r);
}

/* Every resource of session @p s from @p *index on. */
static void
session(struct exporter *x, uint32_t s, uint32_t *index)
{
    struct ipt_session_info info;
    struct ipt_measure m;
    uint32_t encounter = *index;

    memset(&info, 0, sizeof(info));
    info.size = (uint32_t)sizeof(info);
    (void)ipt_course_get_session(x->course, s, &info);  /* s <= held */
    session_resources(x, &info, encounter);
    *index += 2;
    if (ipt_course_get_measure(x->course, s, IPT_MEASURE_PHQ9, &m) ==
        IPT_OK)
        *index += phq9_resources(x, &info, encounter, &m, *index);
    if (ipt_course_get_measure(x->course, s, IPT_MEASURE_GAD7, &m) ==
        IPT_OK) {
        total_resource(x, &info, encounter,
                       concept(x, LOINC, LOINC_GAD7_TOTAL, NULL,
                               "GAD-7 total score"),
                       m.total, *index);
        *index += 1;
    }
    if (ipt_course_get_measure(x->course, s, IPT_MEASURE_HAMD17, &m) ==
        IPT_OK) {
        total_resource(x, &info, encounter,
                       concept(x, NULL, NULL, NULL, "HAM-D-17 total"),
                       m.total, *index);
        *index += 1;
    }
}

/* Course facts, the seed of the UUIDs. */
static void
survey(struct exporter *x)
{
    const struct ipt_course *c = x->course;
    uint64_t h0 = UINT64_C(0xcbf29ce484222325), h1 = UINT64_C(0x84222325cbf2);

    (void)ipt_course_get_state(x->course, &x->state);
    (void)ipt_course_get_sessions(x->course, &x->held, &x->planned, NULL);
    (void)ipt_course_get_focus(x->course, &x->focus);
    x->goals = ipt__popcount(x->focus & IPT_AREAS_ALL);
    if (x->o.bundle_id != NULL) {
        h0 = fnv1a(h0, "bundle:", 7);
        h0 = fnv1a(h0, x->o.bundle_id, strlen(x->o.bundle_id));
    } else {
        h0 = fnv1a(h0, "patient:", 8);
        h0 = fnv1a(h0, x->o.patient_reference,
                   strlen(x->o.patient_reference) + 1);
    }
    h1 = fnv1a(h1, &h0, 0) ^ mix(h0);
    /* The log holds one start, and at most one event that ends the
     * course: the ended states accept no event but enter_maintenance,
     * which leads to maintenance, not an end. */
    for (uint32_t i = 0; i < c->log_count; i++) {
        const struct ipt_log_entry *e = &c->log[i];

        if (e->type == IPT_EVENT_START) {
            x->has_start = 1;
            x->start = e->timestamp;
        }
        if (is_end(e->state_after)) {
            x->has_end = 1;
            x->end = e->timestamp;
        }
        if (x->o.bundle_id == NULL) {
            h1 = fnv_u64(h1, (uint64_t)(uint32_t)e->type);
            h1 = fnv_u64(h1, (uint64_t)(uint32_t)e->value);
            h1 = fnv_u64(h1, (uint64_t)e->timestamp);
            h1 = fnv_u64(h1, e->areas);
        }
    }
    x->seed[0] = mix(h0);
    x->seed[1] = mix(h1 ^ UINT64_C(0x9e3779b97f4a7c15));
}

static json_t *
bundle(struct exporter *x)
{
    json_t *root = check(x, json_object());
    uint32_t index = INDEX_GOALS;

    set_str(x, root, "resourceType", "Bundle");
    if (x->o.bundle_id != NULL)
        set_str(x, root, "id", x->o.bundle_id);
    set_str(x, root, "type", "collection");
    x->entries = check(x, json_array());
    set(x, root, "entry", x->entries);
    if (x->failed)
        return root;
    episode_of_care(x);
    care_plan(x);
    for (int a = IPT_AREA_GRIEF; a <= IPT_AREA_LOST_HEALTHY_SELF; a++) {
        if ((x->focus & IPT_AREA_BIT(a)) != 0)
            goal(x, index++, (enum ipt_area)a);
    }
    for (uint32_t s = 1; s <= x->held && !x->failed; s++)
        session(x, s, &index);
    return root;
}

enum ipt_status
ipt_course_export_fhir(const struct ipt_course *course,
                       const struct ipt_fhir_options *options, char *buf,
                       uint64_t size, uint64_t *length)
{
    struct exporter x;
    enum ipt_status st;
    json_t *root;

    memset(&x, 0, sizeof(x));
    st = check_arguments(course, options, buf, size, length, &x.o);
    if (st != IPT_OK)
        return st;
    x.course = course;
    survey(&x);
    root = bundle(&x);
    if (x.failed) {
        json_decref(root);
        return IPT_ERR_NO_MEMORY;
    }
    return ipt__json_dump(root, buf, size, length);
}

#else /* !IPT_HAVE_JANSSON */

enum ipt_status
ipt_course_export_fhir(const struct ipt_course *course,
                       const struct ipt_fhir_options *options, char *buf,
                       uint64_t size, uint64_t *length)
{
    struct ipt_fhir_options o;
    enum ipt_status st = check_arguments(course, options, buf, size,
                                         length, &o);

    return st != IPT_OK ? st : IPT_ERR_NOT_BUILT;
}

#endif /* IPT_HAVE_JANSSON */
