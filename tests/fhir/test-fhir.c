/* SPDX-License-Identifier: MIT */
/*
 * The FHIR R4 export (ipt_course_export_fhir()): the Bundle parsed back
 * with jansson (resource counts, codes, references), determinism, buffer
 * semantics, every error path, notes only on request, and jansson
 * allocation failures.  Validity against FHIR itself is checked by
 * check-fhir.sh with independent validators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ipt/ipt.h>

#include "../records/helpers.h"

#if defined(IPT_TEST_HAVE_JANSSON)
#include <jansson.h>
#endif

#define PATIENT "Patient/p-1"
#define NOTE "Fictional note: talked about the dispute."

static struct ipt_fhir_options
options(uint32_t flags)
{
    struct ipt_fhir_options o;

    memset(&o, 0, sizeof(o));
    o.size = (uint32_t)sizeof(o);
    o.flags = flags;
    o.patient_reference = PATIENT;
    return o;
}

/* ---- argument checks (with and without jansson) ------------------------- */

static void
test_arguments(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_fhir_options o = options(0), bad;
    unsigned char big[sizeof(o) + 8];
    size_t length = 99;
    char buf[8];
    char longref[4100];
    static const char *const bad_refs[] = {
        "", "Patient/a b", "Patient/\n1", "Patient/\x7f", "Patient/\xc3\xa9",
    };
    static const char *const bad_ids[] = {
        "", "a_b", "a b", "0123456789012345678901234567890123456789"
                          "0123456789012345678901234",
    };

    (void)state;
    assert_int_equal(ipt_course_export_fhir(NULL, &o, NULL, 0, &length),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_export_fhir(c, NULL, NULL, 0, &length),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 4, &length),
                     IPT_ERR_INVALID_ARGUMENT);
    bad = o;
    bad.size = 4;
    assert_int_equal(ipt_course_export_fhir(c, &bad, buf, sizeof(buf),
                                            &length),
                     IPT_ERR_INVALID_ARGUMENT);
    bad = o;
    bad.flags = 1u << 7;
    assert_int_equal(ipt_course_export_fhir(c, &bad, buf, sizeof(buf),
                                            &length),
                     IPT_ERR_UNSUPPORTED);
    bad = o;
    bad.patient_reference = NULL;
    assert_int_equal(ipt_course_export_fhir(c, &bad, buf, sizeof(buf),
                                            &length),
                     IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < sizeof(bad_refs) / sizeof(bad_refs[0]); i++) {
        bad = o;
        bad.patient_reference = bad_refs[i];
        assert_int_equal(ipt_course_export_fhir(c, &bad, buf, sizeof(buf),
                                                &length),
                         IPT_ERR_INVALID_ARGUMENT);
    }
    memset(longref, 'a', sizeof(longref) - 1);
    longref[sizeof(longref) - 1] = '\0';
    bad = o;
    bad.patient_reference = longref;
    assert_int_equal(ipt_course_export_fhir(c, &bad, buf, sizeof(buf),
                                            &length),
                     IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
        bad = o;
        bad.bundle_id = bad_ids[i];
        assert_int_equal(ipt_course_export_fhir(c, &bad, buf, sizeof(buf),
                                                &length),
                         IPT_ERR_INVALID_ARGUMENT);
    }
    /* A larger struct from a newer caller: zero tail fine, else refused. */
    memset(big, 0, sizeof(big));
    memcpy(big, &o, sizeof(o));
    ((struct ipt_fhir_options *)(void *)big)->size = (uint32_t)sizeof(big);
    big[sizeof(o) + 3] = 1;
    assert_int_equal(ipt_course_export_fhir(
                         c, (const struct ipt_fhir_options *)(void *)big,
                         buf, sizeof(buf), &length),
                     IPT_ERR_UNSUPPORTED);
    assert_int_equal(length, 99);   /* untouched on error */
    ipt_course_free(c);
}

static void
test_not_built(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_fhir_options o = options(0);
    size_t length = 7;

    (void)state;
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_NOT_BUILT);
    assert_int_equal(length, 7);
    assert_int_equal(ipt_course_export_fhir(NULL, &o, NULL, 0, &length),
                     IPT_ERR_INVALID_ARGUMENT);
    ipt_course_free(c);
}

#if defined(IPT_TEST_HAVE_JANSSON)

/* A middle-phase course (role dispute) with two sessions: session 1 has a
 * PHQ-9 with the difficulty item, a GAD-7 and a HAM-D total, techniques
 * and a note; session 2 a PHQ-9 without difficulty. */
static struct ipt_course *
sample_course(void)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_measure m = h_phq9(2, 1);

    h_drive(c, IPT_STATE_MIDDLE);
    m.item_count = 10;
    m.items[9] = 2;                 /* "Very difficult": LA6575-0 */
    assert_int_equal(ipt_course_record_measure(c, 1, &m), IPT_OK);
    m = h_measure(IPT_MEASURE_GAD7, IPT_GAD7_ITEMS,
                  (const uint8_t[]){ 1, 1, 1, 1, 1, 1, 1 });
    assert_int_equal(ipt_course_record_measure(c, 1, &m), IPT_OK);
    m = h_total_only(IPT_MEASURE_HAMD17, 17);
    assert_int_equal(ipt_course_record_measure(c, 1, &m), IPT_OK);
    assert_int_equal(ipt_course_record_techniques(
                         c, 1, IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY)),
                     IPT_OK);
    assert_int_equal(ipt_course_set_note(c, 1, NOTE, strlen(NOTE)), IPT_OK);
    h_hold(c);
    m = h_phq9(1, 0);
    assert_int_equal(ipt_course_record_measure(c, 2, &m), IPT_OK);
    return c;
}

/* The Bundle as a malloc'ed string. */
static char *
export(const struct ipt_course *c, const struct ipt_fhir_options *o)
{
    size_t length = 0, again = 0;
    char *buf;

    assert_int_equal(ipt_course_export_fhir(c, o, NULL, 0, &length),
                     IPT_ERR_BUFFER_TOO_SMALL);
    buf = malloc(length + 1);
    assert_non_null(buf);
    assert_int_equal(ipt_course_export_fhir(c, o, buf, length + 1, &again),
                     IPT_OK);
    assert_int_equal(again, length);
    assert_int_equal(strlen(buf), length);
    return buf;
}

/* ---- the Bundle, parsed back -------------------------------------------- */

static json_t *
parse(const char *text)
{
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);

    if (root == NULL)
        fail_msg("not JSON: %s", err.text);
    return root;
}

static json_t *
res(json_t *bundle, size_t i)
{
    return json_object_get(json_array_get(json_object_get(bundle, "entry"),
                                          i), "resource");
}

static const char *
sget(json_t *obj, const char *path)
{
    char key[64];
    const char *dot;

    while ((dot = strchr(path, '.')) != NULL) {
        size_t n = (size_t)(dot - path);

        assert_true(n < sizeof(key));
        memcpy(key, path, n);
        key[n] = '\0';
        obj = json_object_get(obj, key);
        if (json_is_array(obj))
            obj = json_array_get(obj, 0);
        path = dot + 1;
    }
    obj = json_object_get(obj, path);
    return json_is_string(obj) ? json_string_value(obj) : NULL;
}

static size_t
count_type(json_t *bundle, const char *type)
{
    size_t n = 0, i;
    json_t *e;

    json_array_foreach(json_object_get(bundle, "entry"), i, e) {
        if (strcmp(sget(json_object_get(e, "resource"), "resourceType"),
                   type) == 0)
            n++;
    }
    return n;
}

/* The resource whose fullUrl is @p urn, or NULL. */
static json_t *
target(json_t *bundle, const char *urn)
{
    size_t i;
    json_t *e;

    json_array_foreach(json_object_get(bundle, "entry"), i, e) {
        if (strcmp(sget(e, "fullUrl"), urn) == 0)
            return json_object_get(e, "resource");
    }
    return NULL;
}

/* The first Observation with LOINC @p code, or NULL. */
static json_t *
observation(json_t *bundle, const char *code)
{
    size_t i;
    json_t *e;

    json_array_foreach(json_object_get(bundle, "entry"), i, e) {
        json_t *r = json_object_get(e, "resource");
        const char *c = sget(r, "code.coding.code");

        if (strcmp(sget(r, "resourceType"), "Observation") == 0 &&
            c != NULL && strcmp(c, code) == 0)
            return r;
    }
    return NULL;
}

static void
test_structure_and_codes(void **state)
{
    struct ipt_course *c = sample_course();
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
    char *text = export(c, &o);
    json_t *b = parse(text), *r, *members, *m;
    static const char *const items[] = {
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
        "44258-2", "44252-5", "44253-3", "44260-8",
    };
    size_t i;

    (void)state;
    assert_string_equal(sget(b, "resourceType"), "Bundle");
    assert_string_equal(sget(b, "type"), "collection");
    assert_null(json_object_get(b, "id"));
    assert_int_equal(count_type(b, "EpisodeOfCare"), 1);
    assert_int_equal(count_type(b, "CarePlan"), 1);
    assert_int_equal(count_type(b, "Goal"), 1);
    assert_int_equal(count_type(b, "Encounter"), 2);
    assert_int_equal(count_type(b, "Procedure"), 2);
    /* Session 1: panel + 9 items + difficulty + total + GAD-7 + HAM-D;
     * session 2: panel + 9 items + total. */
    assert_int_equal(count_type(b, "Observation"), 14 + 11);

    r = res(b, 0);
    assert_string_equal(sget(r, "resourceType"), "EpisodeOfCare");
    assert_string_equal(sget(r, "status"), "active");
    assert_string_equal(sget(r, "patient.reference"), PATIENT);
    assert_string_equal(sget(r, "period.start"), "1970-01-01T00:00:01Z");
    r = res(b, 1);
    assert_string_equal(sget(r, "status"), "active");
    assert_string_equal(sget(r, "intent"), "plan");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(
        json_object_get(json_object_get(json_array_get(json_object_get(
            r, "activity"), 0), "detail"), "scheduledTiming"), "repeat"),
        "count")), 16);
    assert_non_null(target(b, sget(r, "goal.reference")));
    assert_string_equal(sget(target(b, sget(r, "goal.reference")),
                             "description.text"),
                        "Focal problem area: Role dispute");

    r = res(b, 3);
    assert_string_equal(sget(r, "resourceType"), "Encounter");
    assert_string_equal(sget(r, "status"), "finished");
    assert_string_equal(sget(r, "class.system"),
                        "http://terminology.hl7.org/CodeSystem/v3-ActCode");
    assert_string_equal(sget(r, "class.code"), "AMB");
    assert_ptr_equal(target(b, sget(r, "episodeOfCare.reference")),
                     res(b, 0));
    r = res(b, 4);
    assert_string_equal(sget(r, "resourceType"), "Procedure");
    assert_string_equal(sget(r, "code.coding.system"),
                        "http://snomed.info/sct");
    assert_string_equal(sget(r, "code.coding.code"), "443730003");
    assert_string_equal(sget(r, "category.coding.code"), "24642003");
    assert_ptr_equal(target(b, sget(r, "encounter.reference")), res(b, 3));
    assert_ptr_equal(target(b, sget(r, "basedOn.reference")), res(b, 1));
    assert_string_equal(sget(r, "note.text"), "Session 1, initial phase");
    assert_true(h_contains(json_string_value(json_object_get(
        json_array_get(json_object_get(r, "note"), 1), "text")),
        "Role play"));
    assert_false(h_contains(text, "Fictional note"));

    r = observation(b, "44249-1");
    assert_non_null(r);
    assert_string_equal(sget(r, "status"), "final");
    assert_string_equal(sget(r, "category.coding.code"), "survey");
    assert_string_equal(sget(r, "code.coding.system"), "http://loinc.org");
    assert_ptr_equal(target(b, sget(r, "encounter.reference")), res(b, 3));
    members = json_object_get(r, "hasMember");
    assert_int_equal(json_array_size(members), 11);
    json_array_foreach(members, i, m) {
        json_t *t = target(b, sget(m, "reference"));
        const char *code;

        assert_non_null(t);
        code = sget(t, "code.coding.code");
        if (i < 9) {
            assert_string_equal(code, items[i]);
            assert_string_equal(sget(t, "valueCodeableConcept.coding.code"),
                                i == 8 ? "LA6569-3" : "LA6570-1");
        } else if (i == 9) {
            assert_string_equal(code, "69722-7");
            assert_string_equal(sget(t, "valueCodeableConcept.coding.code"),
                                "LA6575-0");
            assert_string_equal(
                sget(t, "valueCodeableConcept.coding.display"),
                "Very difficult");
        } else {
            assert_string_equal(code, "44261-6");
            assert_int_equal(json_integer_value(json_object_get(
                                 t, "valueInteger")), 17);
        }
    }
    r = observation(b, "70274-6");
    assert_non_null(r);
    assert_int_equal(json_integer_value(json_object_get(r, "valueInteger")),
                     7);
    json_array_foreach(json_object_get(b, "entry"), i, m) {
        json_t *t = json_object_get(m, "resource");
        const char *ctext = sget(t, "code.text");

        if (ctext != NULL && strcmp(ctext, "HAM-D-17 total") == 0) {
            assert_null(json_object_get(json_object_get(t, "code"),
                                        "coding"));
            assert_int_equal(json_integer_value(json_object_get(
                                 t, "valueInteger")), 17);
            break;
        }
    }
    assert_true(i < json_array_size(json_object_get(b, "entry")));
    /* Every fullUrl is a distinct urn:uuid. */
    json_array_foreach(json_object_get(b, "entry"), i, m) {
        const char *u = sget(m, "fullUrl");

        assert_int_equal(strlen(u), 45);
        assert_memory_equal(u, "urn:uuid:", 9);
        assert_ptr_equal(target(b, u), json_object_get(m, "resource"));
    }
    json_decref(b);
    free(text);
    ipt_course_free(c);
}

static void
test_dates_only_on_request(void **state)
{
    struct ipt_course *c = sample_course();
    struct ipt_fhir_options o = options(0);
    char *text = export(c, &o);

    (void)state;
    assert_false(h_contains(text, "period"));
    assert_false(h_contains(text, "effectiveDateTime"));
    assert_false(h_contains(text, "performedDateTime"));
    free(text);
    ipt_course_free(c);
}

static void
test_date_out_of_range(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_event e = h_event(IPT_EVENT_START, 0, 0,
                                 INT64_C(253402300800));
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
    size_t length = 0;

    (void)state;
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_OUT_OF_RANGE);
    o.flags = 0;
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_BUFFER_TOO_SMALL);
    ipt_course_free(c);
}

static void
test_notes_only_with_flag(void **state)
{
    struct ipt_course *c = sample_course();
    struct ipt_fhir_options o = options(IPT_FHIR_INCLUDE_NOTES);
    char *text = export(c, &o);

    (void)state;
    assert_true(h_contains(text, NOTE));
    free(text);
    ipt_course_free(c);
}

static void
test_deterministic(void **state)
{
    struct ipt_course *c = sample_course(), *d = sample_course();
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
    char *a = export(c, &o), *b = export(c, &o), *e = export(d, &o), *f;

    (void)state;
    assert_string_equal(a, b);
    assert_string_equal(a, e);     /* same history, same bytes */
    o.bundle_id = "bundle-1";
    f = export(c, &o);
    assert_true(h_contains(f, "\"id\": \"bundle-1\""));
    assert_memory_not_equal(strstr(a, "urn:uuid:"), strstr(f, "urn:uuid:"),
                            45);
    free(f);
    o.bundle_id = NULL;
    o.patient_reference = "Patient/other";
    f = export(c, &o);
    assert_memory_not_equal(strstr(a, "urn:uuid:"), strstr(f, "urn:uuid:"),
                            45);
    free(a);
    free(b);
    free(e);
    free(f);
    ipt_course_free(c);
    ipt_course_free(d);
}

static void
test_buffer(void **state)
{
    struct ipt_course *c = sample_course();
    struct ipt_fhir_options o = options(0);
    char *text = export(c, &o);
    size_t n = strlen(text), length = 0;
    char *buf = malloc(n + 1);

    (void)state;
    assert_non_null(buf);
    assert_int_equal(text[n - 1], '\n');
    memset(buf, 'x', n + 1);
    assert_int_equal(ipt_course_export_fhir(c, &o, buf, n, &length),
                     IPT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(length, n);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(ipt_course_export_fhir(c, &o, buf, n + 1, &length),
                     IPT_OK);
    assert_string_equal(buf, text);
    free(buf);
    free(text);
    ipt_course_free(c);
}

/* EpisodeOfCare, CarePlan and Goal statuses by course state. */
static void
test_status_mapping(void **state)
{
    static const struct {
        int state;
        const char *episode, *plan, *goal;
    } cases[] = {
        { IPT_STATE_NOT_STARTED, "planned", "draft", NULL },
        { IPT_STATE_INITIAL, "active", "active", "active" },
        { IPT_STATE_TERMINATION, "active", "active", "active" },
        { IPT_STATE_COMPLETED, "finished", "completed", "completed" },
        { IPT_STATE_MAINTENANCE, "active", "completed", "completed" },
        { IPT_STATE_DISCONTINUED, "finished", "revoked", "cancelled" },
        { IPT_STATE_REFERRED, "finished", "revoked", "cancelled" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ipt_course *c = h_new_standard();
        struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
        char *text;
        json_t *b;

        h_drive(c, cases[i].state);
        text = export(c, &o);
        b = parse(text);
        assert_string_equal(sget(res(b, 0), "status"), cases[i].episode);
        assert_string_equal(sget(res(b, 1), "status"), cases[i].plan);
        if (cases[i].goal != NULL)
            assert_string_equal(sget(res(b, 2), "lifecycleStatus"),
                                cases[i].goal);
        else
            assert_int_equal(count_type(b, "Goal"), 0);
        if (cases[i].state == IPT_STATE_COMPLETED ||
            cases[i].state == IPT_STATE_DISCONTINUED)
            assert_non_null(sget(res(b, 0), "period.end"));
        json_decref(b);
        free(text);
        ipt_course_free(c);
    }
}

/* IPSRT's fifth problem area becomes a Goal like the other four. */
static void
test_fifth_area(void **state)
{
    const struct ipt_profile *ipsrt = NULL;
    struct ipt_course *c = NULL;
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
    struct ipt_event ev;
    char *text;
    json_t *b;

    (void)state;
    assert_int_equal(ipt_profile_builtin("ipsrt", &ipsrt), IPT_OK);
    assert_int_equal(ipt_course_new(ipsrt, NULL, &c), IPT_OK);
    memset(&ev, 0, sizeof(ev));
    ev.type = IPT_EVENT_START;
    ev.timestamp = 1700000000;
    assert_int_equal(ipt_course_apply(c, &ev), IPT_OK);
    ev.type = IPT_EVENT_HOLD_SESSION;
    assert_int_equal(ipt_course_apply(c, &ev), IPT_OK);
    ev.type = IPT_EVENT_CHOOSE_FOCUS;
    ev.areas = IPT_AREA_BIT(IPT_AREA_LOST_HEALTHY_SELF) |
               IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION);
    assert_int_equal(ipt_course_apply(c, &ev), IPT_OK);

    text = export(c, &o);
    b = parse(text);
    assert_int_equal(count_type(b, "Goal"), 2);
    assert_string_equal(sget(res(b, 3), "description.text"),
                        "Focal problem area: Grief for the lost healthy "
                        "self");
    assert_non_null(strstr(text, "Grief for the lost healthy self"));
    json_decref(b);
    free(text);
    ipt_course_free(c);
}

/* ---- dates, ids and notes at their limits -------------------------------- */

/* Applies an event at @p ts that must be accepted. */
static void
apply_at(struct ipt_course *c, int type, int32_t value, uint32_t areas,
         int64_t ts)
{
    struct ipt_event e = h_event(type, value, areas, ts);

    if (ipt_course_apply(c, &e) != IPT_OK)
        fail_msg("event %d at %lld refused: %s", type, (long long)ts,
                 ipt_course_last_error(c));
}

/* The first and last instants FHIR dates can hold (years 1 and 9999), the
 * seconds around 1970-01-01 (negative Unix times) and a leap day, each as
 * the start of a session's Encounter and Procedure. */
static void
test_dates_at_the_limits(void **state)
{
    static const struct {
        int64_t t;
        const char *when;
    } sessions[] = {
        { INT64_C(-86401), "1969-12-30T23:59:59Z" },
        { INT64_C(-86400), "1969-12-31T00:00:00Z" },
        { INT64_C(-1), "1969-12-31T23:59:59Z" },
    }, later[] = {
        { INT64_C(0), "1970-01-01T00:00:00Z" },
        { INT64_C(951782400), "2000-02-29T00:00:00Z" },
        { INT64_C(951868800), "2000-03-01T00:00:00Z" },
    };
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
    struct ipt_course *c = h_new_standard();
    char *text;
    json_t *b;

    (void)state;
    apply_at(c, IPT_EVENT_START, 0, 0, INT64_C(-62135596800));
    for (size_t i = 0; i < 3; i++)
        apply_at(c, IPT_EVENT_HOLD_SESSION, 0, 0, sessions[i].t);
    apply_at(c, IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT, 0,
             INT64_C(253402300799));
    text = export(c, &o);
    b = parse(text);
    assert_string_equal(sget(res(b, 0), "period.start"),
                        "0001-01-01T00:00:00Z");
    assert_string_equal(sget(res(b, 0), "period.end"),
                        "9999-12-31T23:59:59Z");
    for (size_t i = 0; i < 3; i++) {
        /* No focus, so no Goal: session i's Encounter is entry 2 + 2i. */
        assert_string_equal(sget(res(b, 2 + 2 * i), "resourceType"),
                            "Encounter");
        assert_string_equal(sget(res(b, 2 + 2 * i), "period.start"),
                            sessions[i].when);
        assert_string_equal(sget(res(b, 3 + 2 * i), "performedDateTime"),
                            sessions[i].when);
    }
    json_decref(b);
    free(text);
    ipt_course_free(c);

    c = h_new_standard();
    apply_at(c, IPT_EVENT_START, 0, 0, 0);
    for (size_t i = 0; i < 3; i++)
        apply_at(c, IPT_EVENT_HOLD_SESSION, 0, 0, later[i].t);
    text = export(c, &o);
    b = parse(text);
    assert_null(sget(res(b, 0), "period.end"));     /* not ended */
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(sget(res(b, 2 + 2 * i), "period.start"),
                            later[i].when);
    json_decref(b);
    free(text);
    ipt_course_free(c);
}

/* One second before 0001-01-01T00:00:00Z is refused with dates, and
 * exported without them. */
static void
test_date_before_year_one(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
    uint64_t length = 0;

    (void)state;
    apply_at(c, IPT_EVENT_START, 0, 0, INT64_C(-62135596801));
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(length, 0);
    o.flags = 0;
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_BUFFER_TOO_SMALL);
    assert_true(length > 0);
    ipt_course_free(c);
}

/* Bundle ids: every character class at its edges, and 64 characters
 * against 65; patient references: 0x21 and 0x7E, 4096 bytes against
 * 4097. */
static void
test_id_and_reference_edges(void **state)
{
    static const char *const good_ids[] = {
        "A", "Z", "a", "z", "0", "9", "-", ".", "aZ09-.",
        "0123456789012345678901234567890123456789012345678901234567890123",
    };
    static const char *const bad_ids[] = {
        "@", "[", "`", "{", "/", ":", ",", "+", "a~", "\xc3\xa9",
        "01234567890123456789012345678901234567890123456789012345678901234",
    };
    struct ipt_course *c = h_new_standard();
    struct ipt_fhir_options o = options(0);
    char ref[4098];
    uint64_t length = 0;
    char *text;

    (void)state;
    for (size_t i = 0; i < sizeof(good_ids) / sizeof(good_ids[0]); i++) {
        o.bundle_id = good_ids[i];
        text = export(c, &o);
        assert_true(h_contains(text, good_ids[i]));
        free(text);
    }
    for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
        o.bundle_id = bad_ids[i];
        if (ipt_course_export_fhir(c, &o, NULL, 0, &length) !=
            IPT_ERR_INVALID_ARGUMENT)
            fail_msg("bundle id \"%s\" accepted", bad_ids[i]);
    }
    o.bundle_id = NULL;

    o.patient_reference = "!~";
    text = export(c, &o);
    assert_true(h_contains(text, "\"reference\": \"!~\""));
    free(text);
    o.patient_reference = "Patient/ 1";
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_INVALID_ARGUMENT);

    memset(ref, 'p', sizeof(ref));
    ref[4096] = '\0';
    o.patient_reference = ref;
    text = export(c, &o);
    assert_true(h_contains(text, ref));
    free(text);
    ref[4096] = 'p';
    ref[4097] = '\0';
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_INVALID_ARGUMENT);
    ipt_course_free(c);
}

/* The options struct one byte short of this version, and larger with a
 * zero tail (a newer caller): refused, and exported as usual. */
static void
test_options_sizes(void **state)
{
    struct ipt_course *c = sample_course();
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);
    unsigned char big[sizeof(o) + 16];
    struct ipt_fhir_options *bigo = (struct ipt_fhir_options *)(void *)big;
    char *want = export(c, &o), *have;
    uint64_t length = 0;

    (void)state;
    o.size = (uint32_t)sizeof(o) - 1;
    assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &length),
                     IPT_ERR_INVALID_ARGUMENT);
    o.size = (uint32_t)sizeof(o);
    memset(big, 0, sizeof(big));
    memcpy(big, &o, sizeof(o));
    bigo->size = (uint32_t)sizeof(big);
    have = export(c, bigo);
    assert_string_equal(have, want);
    free(have);
    free(want);
    ipt_course_free(c);
}

/* A course ended before its first session was never an episode of care:
 * cancelled, not finished. */
static void
test_cancelled_before_first_session(void **state)
{
    static const int reasons[] = { IPT_END_DROPOUT, IPT_END_REFERRAL };
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS);

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        struct ipt_course *c = h_new_standard();
        char *text;
        json_t *b;

        h_start(c);
        h_discontinue(c, reasons[i]);
        text = export(c, &o);
        b = parse(text);
        assert_string_equal(sget(res(b, 0), "status"), "cancelled");
        assert_string_equal(sget(res(b, 1), "status"), "revoked");
        assert_non_null(sget(res(b, 0), "period.end"));
        assert_int_equal(json_array_size(json_object_get(b, "entry")), 2);
        json_decref(b);
        free(text);
        ipt_course_free(c);
    }
}

/* The CarePlan names the dispute's stage once one is set. */
static void
test_dispute_stage_note(void **state)
{
    struct ipt_course *c = h_new_standard();
    struct ipt_fhir_options o = options(0);
    char *text;
    json_t *b, *notes;

    (void)state;
    h_drive(c, IPT_STATE_MIDDLE);
    text = export(c, &o);
    b = parse(text);
    notes = json_object_get(res(b, 1), "note");
    assert_int_equal(json_array_size(notes), 1);
    assert_string_equal(sget(json_array_get(notes, 0), "text"),
                        "Focal problem area: Role dispute");
    json_decref(b);
    free(text);

    h_stage(c, IPT_DISPUTE_IMPASSE);
    text = export(c, &o);
    b = parse(text);
    notes = json_object_get(res(b, 1), "note");
    assert_int_equal(json_array_size(notes), 2);
    assert_string_equal(sget(json_array_get(notes, 1), "text"),
                        "Role-dispute stage: impasse");
    json_decref(b);
    free(text);
    ipt_course_free(c);
}

/* A session's techniques and areas as Procedure notes: every technique of
 * the catalogue in catalogue order, and all five areas of IPSRT, in full. */
static void
test_session_notes_in_full(void **state)
{
    const struct ipt_profile *ipsrt = NULL;
    struct ipt_course *c = NULL;
    struct ipt_fhir_options o = options(0);
    uint32_t all = 0;
    char want[1024];
    size_t n;
    char *text;
    json_t *b, *notes;

    (void)state;
    n = (size_t)snprintf(want, sizeof(want), "Techniques used:");
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *ti = NULL;

        assert_int_equal(ipt_technique_at(i, &ti), IPT_OK);
        all |= IPT_TECHNIQUE_BIT(ti->technique);
        n += (size_t)snprintf(want + n, sizeof(want) - n, "%s %s",
                              i == 0 ? "" : ";", ti->display_name);
        assert_true(n < sizeof(want));
    }
    assert_int_equal(ipt_profile_builtin("ipsrt", &ipsrt), IPT_OK);
    assert_int_equal(ipt_course_new(ipsrt, NULL, &c), IPT_OK);
    h_start(c);
    h_hold(c);
    assert_int_equal(ipt_course_record_techniques(c, 1, all), IPT_OK);
    assert_int_equal(ipt_course_record_areas(c, 1, IPT_AREAS_ALL), IPT_OK);
    h_hold(c);
    assert_int_equal(ipt_course_record_techniques(
                         c, 2, IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY) |
                                   IPT_TECHNIQUE_BIT(
                                       IPT_TECHNIQUE_CLARIFICATION)),
                     IPT_OK);
    text = export(c, &o);
    b = parse(text);
    notes = json_object_get(res(b, 3), "note");
    assert_string_equal(sget(res(b, 3), "resourceType"), "Procedure");
    assert_int_equal(json_array_size(notes), 3);
    assert_string_equal(sget(json_array_get(notes, 1), "text"), want);
    assert_string_equal(sget(json_array_get(notes, 2), "text"),
                        "Problem areas worked on: Grief, Role dispute, Role "
                        "transition, Interpersonal deficits, Grief for the "
                        "lost healthy self");
    notes = json_object_get(res(b, 5), "note");
    assert_int_equal(json_array_size(notes), 2);
    assert_string_equal(sget(json_array_get(notes, 1), "text"),
                        "Techniques used: Clarification; Role play");
    json_decref(b);
    free(text);
    ipt_course_free(c);
}

/* ---- jansson allocation failures ---------------------------------------- */

static long fail_at = -1, calls;

static void *
failing_malloc(size_t size)
{
    if (calls++ == fail_at)
        return NULL;
    return malloc(size);
}

static void
test_allocation_failure(void **state)
{
    struct ipt_course *c = sample_course();
    struct ipt_fhir_options o = options(IPT_FHIR_UNIX_SECONDS |
                                        IPT_FHIR_INCLUDE_NOTES);
    char *text = export(c, &o);
    size_t n = strlen(text) + 1, length;
    char *buf = malloc(n);
    int done = 0;

    (void)state;
    assert_non_null(buf);
    json_set_alloc_funcs(failing_malloc, free);
    for (fail_at = 0; fail_at < 1000000 && !done; fail_at++) {
        enum ipt_status st;

        calls = 0;
        st = ipt_course_export_fhir(c, &o, buf, n, &length);
        if (st == IPT_OK) {
            assert_string_equal(buf, text);
            done = 1;
        } else {
            assert_int_equal(st, IPT_ERR_NO_MEMORY);
        }
    }
    json_set_alloc_funcs(malloc, free);
    assert_true(done);
    free(buf);
    free(text);
    ipt_course_free(c);
}

#endif /* IPT_TEST_HAVE_JANSSON */

int
main(void)
{
    const struct CMUnitTest not_built[] = {
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_not_built),
    };
#if defined(IPT_TEST_HAVE_JANSSON)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_structure_and_codes),
        cmocka_unit_test(test_dates_only_on_request),
        cmocka_unit_test(test_date_out_of_range),
        cmocka_unit_test(test_notes_only_with_flag),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_buffer),
        cmocka_unit_test(test_status_mapping),
        cmocka_unit_test(test_fifth_area),
        cmocka_unit_test(test_dates_at_the_limits),
        cmocka_unit_test(test_date_before_year_one),
        cmocka_unit_test(test_id_and_reference_edges),
        cmocka_unit_test(test_options_sizes),
        cmocka_unit_test(test_cancelled_before_first_session),
        cmocka_unit_test(test_dispute_stage_note),
        cmocka_unit_test(test_session_notes_in_full),
        cmocka_unit_test(test_allocation_failure),
    };

    if (h_json_built())
        return cmocka_run_group_tests_name("fhir", tests, NULL, NULL);
#endif
    return cmocka_run_group_tests_name("fhir", not_built, NULL, NULL);
}
