/* SPDX-License-Identifier: MIT */
/*
 * The allocation-failure gate: every public function that allocates,
 * run with allocation k failing, for every k = 1, 2, ... until the call
 * succeeds, once with only allocation k failing ("once") and once with
 * allocation k and every later one failing ("persistent").
 *
 * All memory goes through one counting allocator (common.h, m_fault): the
 * objects under test are created with it as their ipt_allocator, and, when
 * libipt has JSON support, jansson allocates through it too
 * (json_set_alloc_funcs()), since the JSON functions allocate with jansson.
 * jansson's allocations are refused while documents are built and written,
 * but not while they are parsed (see jansson_refusable below).
 * For each k the test checks that the call
 *   - returns IPT_ERR_NO_MEMORY (and failed only because an allocation
 *     was refused; a call that succeeds although one was refused fails the
 *     test);
 *   - leaks nothing and keeps nothing: the live blocks are the same before
 *     and after the call;
 *   - leaves its outputs and its objects as they were: output pointers
 *     keep their sentinels, a course shows the same state through every
 *     getter and saves to the same document;
 *   - leaves the objects usable: the same call, repeated without a
 *     failure, succeeds and gives the result of a run that never failed.
 *
 * The table at the end has one ALLOCFAIL(function, ...) entry per function;
 * check-misuse-coverage.py fails when a function whose documentation lists
 * IPT_ERR_NO_MEMORY has none.  The test prints its figures as a TAP
 * comment ("# allocfail: ...").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#if defined(IPT_TEST_HAVE_JANSSON)
#include <jansson.h>
#endif

#include "common.h"

/* The allocator of every object under test, and of jansson. */
static struct m_fault fault;
static bool json_built;

/* Whether jansson's allocations may be refused.  They are not while a
 * document is parsed: jansson (2.14, the version of Debian 12) does not
 * handle every allocation failure of its parser, and then reports a
 * syntax error, drops a byte of a string, or crashes (jansson issue 362;
 * the "store" group of ipt-store.h says so).  Those allocations are still
 * tracked for leaks. */
static bool jansson_refusable = true;

#if defined(IPT_TEST_HAVE_JANSSON)
static void *
jansson_malloc(size_t size)
{
    if (!jansson_refusable)
        return m_fault_malloc_spared(&fault, size);
    return m_fault_malloc(&fault, size);
}

static void
jansson_free(void *ptr)
{
    if (ptr != NULL)
        m_fault_release(&fault, ptr);
}
#endif

/* ---- what one run needs ---------------------------------------------- */

#define SENTINEL 0x5A

struct ctx {
    struct ipt_allocator a;         /* the counting allocator */
    int variant;                    /* of the scenario */
    struct ipt_course *c;           /* the object under test, or NULL */
    struct m_snap before;           /* c before the call */
    char *before_doc;               /* c saved before the call, or NULL */

    /* outputs, preset to sentinels */
    struct ipt_course *out_course;
    struct ipt_profile *out_profile;
    struct ipt_weights *out_weights;
    struct ipt_sim_totals totals;
    char *buf;
    size_t size, length;
    char msg[512];

    /* inputs */
    struct ipt_weights *from;
    const char *doc;
    size_t doc_length;
    struct m_memfs fs;
    struct ipt_io_ops io;
};

struct scenario {
    const char *function;           /* the ALLOCFAIL marker */
    const char *name;               /* what the variants are */
    int variants;                   /* run with x->variant 0 .. variants-1 */
    bool needs_json;
    bool parses_json;               /* jansson's allocations are spared */
    void (*setup)(struct ctx *x);
    enum ipt_status (*call)(struct ctx *x);
    /* After a failed call: outputs and objects as they were. */
    void (*check_failed)(struct ctx *x);
    /* After a call that succeeded: the result of a run without failures. */
    void (*check_ok)(struct ctx *x);
    void (*teardown)(struct ctx *x);
};

/* Failure points exercised (calls that saw an allocation refused), per
 * mode; scenario variants run; the most allocations one call made. */
static unsigned long points[2];
static unsigned long scenarios_run;
static unsigned long allocations_max;

/* The course @p c saved as JSON (malloc), or NULL without JSON support. */
static char *
saved(const struct ipt_course *c)
{
    size_t len = 0;
    char *doc;

    if (!json_built)
        return NULL;
    assert_int_equal(ipt_course_save_json(c, NULL, 0, &len),
                     IPT_ERR_BUFFER_TOO_SMALL);
    doc = malloc(len + 1);
    if (doc == NULL) {
        fail_msg("no memory");
        return NULL;
    }
    assert_int_equal(ipt_course_save_json(c, doc, len + 1, &len), IPT_OK);
    return doc;
}

static void
assert_saved_equal(const struct ipt_course *c, const char *doc)
{
    char *now;

    if (doc == NULL)
        return;
    now = saved(c);
    assert_string_equal(now, doc);
    free(now);
}

/* The course under test is as before the call. */
static void
course_unchanged(struct ctx *x)
{
    m_assert_unchanged(x->c, &x->before);
    assert_saved_equal(x->c, x->before_doc);
}

static void
free_course(struct ctx *x)
{
    ipt_course_free(x->c);
    x->c = NULL;
}

/* ---- reference results, computed once without failures --------------- */

static char *ref_course_doc;        /* m_recorded_course() saved */
static char *ref_custom_doc;        /* a course of a caller's profile */
static char *ref_fhir;              /* m_recorded_course() as FHIR */
static struct ipt_sim_totals ref_totals[3];

static struct ipt_fhir_options
fhir_options(void)
{
    struct ipt_fhir_options o;

    memset(&o, 0, sizeof(o));
    o.size = (uint32_t)sizeof(o);
    o.flags = IPT_FHIR_UNIX_SECONDS | IPT_FHIR_INCLUDE_NOTES;
    o.patient_reference = "Patient/123";
    o.bundle_id = "bundle-1";
    return o;
}

/* A course of a profile of its own, so that loading it creates a
 * profile. */
static struct ipt_course *
custom_course(const struct ipt_allocator *a)
{
    struct ipt_profile_params params = h_standard_params();
    struct ipt_profile *p = NULL;
    struct ipt_course *c = NULL;

    params.planned_sessions = 14;
    assert_int_equal(ipt_profile_new("own_profile", &params, a, &p), IPT_OK);
    assert_int_equal(ipt_course_new(p, a, &c), IPT_OK);
    ipt_profile_free(p);
    h_drive(c, IPT_STATE_MIDDLE);
    assert_int_equal(ipt_course_set_note(c, 1, "n\xC3\xA9", 3), IPT_OK);
    return c;
}

/* Simulation runs: cohort-v1; cohort-v1 with a sink of patients and
 * sessions; a caller's model. */
static enum ipt_status
sink_patients(void *user_data, const struct ipt_sim_patient_result *r,
              size_t count)
{
    (void)user_data;
    (void)r;
    (void)count;
    return IPT_OK;
}

static enum ipt_status
sink_sessions(void *user_data, const struct ipt_sim_session_point *p,
              size_t count)
{
    (void)user_data;
    (void)p;
    (void)count;
    return IPT_OK;
}

static enum ipt_status
model_init(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p)
{
    (void)user_data;
    p->area = (int32_t)(ipt_rng_next(rng) % 4) + 1;
    p->baseline = 12 + (int32_t)(ipt_rng_next(rng) % 10);
    return IPT_OK;
}

static double
model_dropout(void *user_data, const struct ipt_sim_patient *p,
              uint32_t session, enum ipt_state phase)
{
    (void)user_data;
    (void)p;
    (void)session;
    (void)phase;
    return 0.05;
}

static void
model_update(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p,
             uint32_t session, enum ipt_state phase)
{
    (void)user_data;
    (void)session;
    (void)phase;
    p->score -= ipt_rng_uniform(rng);
}

static const struct ipt_sim_sink the_sink = {
    sizeof(struct ipt_sim_sink), 0, NULL, sink_patients, sink_sessions,
};

static const struct ipt_sim_callbacks the_model = {
    sizeof(struct ipt_sim_callbacks), 0, NULL, model_init, model_dropout,
    model_update,
};

static struct ipt_sim_config
sim_config(int variant, const struct ipt_allocator *a)
{
    struct ipt_sim_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.size = (uint32_t)sizeof(cfg);
    cfg.model = variant == 2 ? IPT_SIM_CALLBACKS : IPT_SIM_COHORT_V1;
    cfg.seed = 7;
    cfg.threads = 1;        /* the counting allocator is not thread-safe */
    cfg.patients = 100;
    cfg.sink = variant == 1 ? &the_sink : NULL;
    cfg.callbacks = variant == 2 ? &the_model : NULL;
    cfg.allocator = a;
    return cfg;
}

static void
make_references(void)
{
    struct ipt_course *c = m_recorded_course(NULL);
    struct ipt_fhir_options o = fhir_options();
    size_t len = 0;

    ref_course_doc = saved(c);
    if (json_built) {
        assert_int_equal(ipt_course_export_fhir(c, &o, NULL, 0, &len),
                         IPT_ERR_BUFFER_TOO_SMALL);
        ref_fhir = malloc(len + 1);
        assert_non_null(ref_fhir);
        assert_int_equal(ipt_course_export_fhir(c, &o, ref_fhir, len + 1,
                                                &len), IPT_OK);
    }
    ipt_course_free(c);
    c = custom_course(NULL);
    ref_custom_doc = saved(c);
    ipt_course_free(c);
    for (int v = 0; v < 3; v++) {
        struct ipt_sim_config cfg = sim_config(v, NULL);

        assert_int_equal(ipt_sim_run(&cfg, &ref_totals[v], NULL, 0), IPT_OK);
    }
}

/* ---- constructors ---------------------------------------------------- */

static void
setup_outputs(struct ctx *x)
{
    x->out_course = (struct ipt_course *)(uintptr_t)0x1000;
    x->out_profile = (struct ipt_profile *)(uintptr_t)0x2000;
    x->out_weights = (struct ipt_weights *)(uintptr_t)0x3000;
    memset(&x->totals, SENTINEL, sizeof(x->totals));
    x->length = SENTINEL;
    memset(x->msg, 'x', sizeof(x->msg));
    x->msg[sizeof(x->msg) - 1] = '\0';
}

static void
outputs_untouched(struct ctx *x)
{
    struct ipt_sim_totals t;

    assert_ptr_equal(x->out_course, (struct ipt_course *)(uintptr_t)0x1000);
    assert_ptr_equal(x->out_profile, (struct ipt_profile *)(uintptr_t)0x2000);
    assert_ptr_equal(x->out_weights, (struct ipt_weights *)(uintptr_t)0x3000);
    memset(&t, SENTINEL, sizeof(t));
    assert_memory_equal(&x->totals, &t, sizeof(t));
    assert_int_equal(x->length, SENTINEL);
}

static void
release_outputs(struct ctx *x)
{
    if (x->out_course != (struct ipt_course *)(uintptr_t)0x1000)
        ipt_course_free(x->out_course);
    if (x->out_profile != (struct ipt_profile *)(uintptr_t)0x2000)
        ipt_profile_free(x->out_profile);
    if (x->out_weights != (struct ipt_weights *)(uintptr_t)0x3000)
        ipt_weights_free(x->out_weights);
    setup_outputs(x);
}

static void
nothing(struct ctx *x)
{
    (void)x;
}

static enum ipt_status
call_profile_new(struct ctx *x)
{
    const struct ipt_profile_params params = h_standard_params();

    return ipt_profile_new("mine", &params, &x->a, &x->out_profile);
}

static void
ok_profile_new(struct ctx *x)
{
    struct ipt_profile_params p;

    assert_string_equal(ipt_profile_name(x->out_profile), "mine");
    p.size = (uint32_t)sizeof(p);
    assert_int_equal(ipt_profile_get_params(x->out_profile, &p), IPT_OK);
    assert_int_equal(p.planned_sessions, 16);
    release_outputs(x);
}

static enum ipt_status
call_course_new(struct ctx *x)
{
    return ipt_course_new(h_standard(), &x->a, &x->out_course);
}

static void
ok_course_new(struct ctx *x)
{
    assert_int_equal(h_state(x->out_course), IPT_STATE_NOT_STARTED);
    h_drive(x->out_course, IPT_STATE_MIDDLE);
    release_outputs(x);
}

static void
setup_weights(struct ctx *x)
{
    if (x->variant == 1) {
        assert_int_equal(ipt_weights_new(NULL, &x->a, &x->from), IPT_OK);
        assert_int_equal(ipt_weights_set(x->from, IPT_TECHNIQUE_ROLE_PLAY,
                                         IPT_COLUMN_GRIEF, 77), IPT_OK);
    }
}

static enum ipt_status
call_weights_new(struct ctx *x)
{
    return ipt_weights_new(x->from, &x->a, &x->out_weights);
}

static void
ok_weights_new(struct ctx *x)
{
    uint32_t w = 0, d = 1;

    assert_int_equal(ipt_weights_get(x->out_weights, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, &w), IPT_OK);
    assert_int_equal(ipt_weights_get(NULL, IPT_TECHNIQUE_ROLE_PLAY,
                                     IPT_COLUMN_GRIEF, &d), IPT_OK);
    assert_int_equal(w, x->variant == 1 ? 77u : d);
    release_outputs(x);
}

static void
teardown_weights(struct ctx *x)
{
    ipt_weights_free(x->from);
    x->from = NULL;
}

/* ---- course mutators ------------------------------------------------- */

/* variant 0: a course without records; 1 and 2: with records
 * (m_recorded_course()) */
static void
setup_course(struct ctx *x)
{
    if (x->variant >= 1) {
        x->c = m_recorded_course(&x->a);
    } else {
        assert_int_equal(ipt_course_new(h_standard(), &x->a, &x->c), IPT_OK);
        h_drive(x->c, IPT_STATE_MIDDLE);
        h_hold(x->c);
    }
}

static enum ipt_status
call_reserve_log(struct ctx *x)
{
    return ipt_course_reserve_log(x->c, 1000);
}

static void
ok_reserve_log(struct ctx *x)
{
    assert_int_equal(h_log_capacity(x->c), 1000);
    h_stage(x->c, IPT_DISPUTE_IMPASSE);
}

static enum ipt_status
call_record_techniques(struct ctx *x)
{
    return ipt_course_record_techniques(
        x->c, 2, IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY));
}

static void
ok_record_techniques(struct ctx *x)
{
    struct ipt_session_info info;

    info.size = (uint32_t)sizeof(info);
    assert_int_equal(ipt_course_get_session(x->c, 2, &info), IPT_OK);
    assert_int_equal(info.techniques,
                     IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY));
}

static enum ipt_status
call_record_areas(struct ctx *x)
{
    return ipt_course_record_areas(x->c, 1, IPT_AREA_BIT(IPT_AREA_GRIEF));
}

static void
ok_record_areas(struct ctx *x)
{
    struct ipt_session_info info;

    info.size = (uint32_t)sizeof(info);
    assert_int_equal(ipt_course_get_session(x->c, 1, &info), IPT_OK);
    assert_int_equal(info.areas, IPT_AREA_BIT(IPT_AREA_GRIEF));
}

static enum ipt_status
call_record_measure(struct ctx *x)
{
    struct ipt_measure m;

    memset(&m, 0, sizeof(m));
    m.kind = IPT_MEASURE_HAMD17;
    m.total = 30;
    return ipt_course_record_measure(x->c, 2, &m);
}

static void
ok_record_measure(struct ctx *x)
{
    struct ipt_measure m;

    assert_int_equal(ipt_course_get_measure(x->c, 2, IPT_MEASURE_HAMD17, &m),
                     IPT_OK);
    assert_int_equal(m.total, 30);
}

static const char new_note[] = "a new note, \xE2\x9C\x93";

/* variant 0: the first record; 1: a new note where records exist; 2: a
 * note that replaces one */
static enum ipt_status
call_set_note(struct ctx *x)
{
    return ipt_course_set_note(x->c, x->variant == 2 ? 2 : 1, new_note,
                               sizeof(new_note) - 1);
}

static void
ok_set_note(struct ctx *x)
{
    const char *text = NULL;
    size_t len = 0;

    assert_int_equal(ipt_course_get_note(x->c, x->variant == 2 ? 2 : 1,
                                         &text, &len), IPT_OK);
    assert_int_equal(len, sizeof(new_note) - 1);
    assert_string_equal(text, new_note);
}

/* ---- JSON, files, FHIR ----------------------------------------------- */

static void
setup_recorded(struct ctx *x)
{
    x->c = m_recorded_course(&x->a);
    x->buf = malloc(64 * 1024);
    assert_non_null(x->buf);
    memset(x->buf, 'x', 64 * 1024);
    x->size = 64 * 1024;
}

static void
teardown_recorded(struct ctx *x)
{
    free(x->buf);
    x->buf = NULL;
    free_course(x);
    m_memfs_clear(&x->fs);
}

/* variant 0: into a buffer large enough; 1: asking for the length */
static enum ipt_status
call_save_json(struct ctx *x)
{
    return ipt_course_save_json(x->c, x->variant == 1 ? NULL : x->buf,
                                x->variant == 1 ? 0 : x->size, &x->length);
}

static enum ipt_status
call_save_json_status(struct ctx *x)
{
    enum ipt_status st = call_save_json(x);

    /* asking for the length is answered with IPT_ERR_BUFFER_TOO_SMALL */
    return x->variant == 1 && st == IPT_ERR_BUFFER_TOO_SMALL ? IPT_OK : st;
}

/* A buffer after a failed call holds no document: it is as it was, or
 * holds an empty string. */
static void
buffer_holds_no_document(struct ctx *x)
{
    if (x->buf[0] != '\0')
        assert_int_equal(x->buf[0], 'x');
}

static void
failed_save_json(struct ctx *x)
{
    course_unchanged(x);
    assert_int_equal(x->length, SENTINEL);
    buffer_holds_no_document(x);
}

static void
ok_save_json(struct ctx *x)
{
    assert_int_equal(x->length, strlen(ref_course_doc));
    if (x->variant == 0)
        assert_string_equal(x->buf, ref_course_doc);
    x->length = SENTINEL;
    memset(x->buf, 'x', x->size);
}

static enum ipt_status
call_export_fhir(struct ctx *x)
{
    struct ipt_fhir_options o = fhir_options();

    return ipt_course_export_fhir(x->c, &o, x->buf, x->size, &x->length);
}

static void
ok_export_fhir(struct ctx *x)
{
    assert_int_equal(x->length, strlen(ref_fhir));
    assert_string_equal(x->buf, ref_fhir);
    x->length = SENTINEL;
    memset(x->buf, 'x', x->size);
}

/* variant 0: a course of a built-in profile with records; 1: of a profile
 * of its own */
static void
setup_document(struct ctx *x)
{
    x->doc = x->variant == 1 ? ref_custom_doc : ref_course_doc;
    if (x->doc == NULL)
        x->doc = "{}";              /* without JSON support */
    x->doc_length = strlen(x->doc);
    x->io = m_memfs_ops(&x->fs);
    m_memfs_put(&x->fs, "course.json", x->doc, x->doc_length);
}

static void
teardown_document(struct ctx *x)
{
    m_memfs_clear(&x->fs);
}

static enum ipt_status
call_load_json(struct ctx *x)
{
    return ipt_course_load_json(x->doc, x->doc_length, &x->a, &x->out_course,
                                x->msg, sizeof(x->msg));
}

static void
failed_load(struct ctx *x)
{
    outputs_untouched(x);
    assert_true(x->msg[0] != '\0' && x->msg[0] != 'x');
}

static void
ok_load(struct ctx *x)
{
    assert_string_equal(x->msg, "");
    assert_saved_equal(x->out_course, x->doc);
    release_outputs(x);
}

static enum ipt_status
call_load_file(struct ctx *x)
{
    return ipt_course_load_file("course.json", &x->io, &x->a, &x->out_course,
                                x->msg, sizeof(x->msg));
}

/* variant 0: a new file; 1: replacing an older file */
static void
setup_save_file(struct ctx *x)
{
    setup_recorded(x);
    x->io = m_memfs_ops(&x->fs);
    if (x->variant == 1)
        m_memfs_put(&x->fs, "course.json", "old", 3);
}

static enum ipt_status
call_save_file(struct ctx *x)
{
    return ipt_course_save_file(x->c, "course.json", &x->io, x->msg,
                                sizeof(x->msg));
}

static void
failed_save_file(struct ctx *x)
{
    const struct m_memfs_file *f = m_memfs_find(&x->fs, "course.json");

    course_unchanged(x);
    assert_true(x->msg[0] != '\0' && x->msg[0] != 'x');
    /* the old file, or none, and no temporary file */
    if (x->variant == 1) {
        assert_non_null(f);
        assert_int_equal(f->size, 3);
        assert_memory_equal(f->data, "old", 3);
    } else {
        assert_null(f);
    }
    assert_null(m_memfs_find(&x->fs, "course.json.tmp"));
}

static void
ok_save_file(struct ctx *x)
{
    struct m_memfs_file *f = m_memfs_find(&x->fs, "course.json");

    assert_string_equal(x->msg, "");
    if (f == NULL) {
        fail_msg("course.json was not written");
        return;
    }
    assert_int_equal(f->size, strlen(ref_course_doc));
    assert_memory_equal(f->data, ref_course_doc, f->size);
    assert_null(m_memfs_find(&x->fs, "course.json.tmp"));
    m_memfs_drop(f);
    if (x->variant == 1)
        m_memfs_put(&x->fs, "course.json", "old", 3);
}

/* ---- simulation ------------------------------------------------------ */

static enum ipt_status
call_sim_run(struct ctx *x)
{
    struct ipt_sim_config cfg = sim_config(x->variant, &x->a);

    return ipt_sim_run(&cfg, &x->totals, x->msg, sizeof(x->msg));
}

static void
failed_sim_run(struct ctx *x)
{
    outputs_untouched(x);
    assert_true(x->msg[0] != '\0' && x->msg[0] != 'x');
}

static void
ok_sim_run(struct ctx *x)
{
    assert_string_equal(x->msg, "");
    assert_memory_equal(&x->totals, &ref_totals[x->variant],
                        sizeof(x->totals));
    memset(&x->totals, SENTINEL, sizeof(x->totals));
}

/* ---- the driver ------------------------------------------------------ */

/* Runs @p s with allocation k failing in @p mode, for k = 1, 2, ... until
 * the call succeeds: returns IPT_OK, or, for a JSON function of a build
 * without JSON support, IPT_ERR_NOT_BUILT (the allocations made before it
 * knows are still tested). */
static void
run_mode(const struct scenario *s, int variant, enum m_mode mode)
{
    const enum ipt_status want =
        s->needs_json && !json_built ? IPT_ERR_NOT_BUILT : IPT_OK;

    for (unsigned long k = 1;; k++) {
        struct ctx x;
        long live_start = fault.live, live_before;
        unsigned long calls, injected;
        enum ipt_status st;
        bool done;

        memset(&x, 0, sizeof(x));
        x.a = m_fault_allocator(&fault);
        x.variant = variant;
        setup_outputs(&x);
        s->setup(&x);
        if (x.c != NULL) {
            m_snap_take(x.c, &x.before);
            x.before_doc = saved(x.c);
        }
        live_before = fault.live;

        m_fault_arm(&fault, k, mode);
        jansson_refusable = !s->parses_json;
        st = s->call(&x);
        jansson_refusable = true;
        calls = fault.calls;
        injected = fault.injected;
        m_fault_disarm(&fault);

        done = st == want;
        if (done) {
            /* the first k past the last allocation */
            if (injected != 0)
                fail_msg("%s (%s, variant %d): allocation %lu of %lu was "
                         "refused, yet the call succeeded", s->function,
                         s->name, variant, k, calls);
            assert_int_equal(calls, k - 1);
            if (calls > allocations_max)
                allocations_max = calls;
        } else {
            if (st != IPT_ERR_NO_MEMORY || injected == 0)
                fail_msg("%s (%s, variant %d, %s): allocation %lu failing "
                         "gave %s (%lu refused)", s->function, s->name,
                         variant, mode == M_ONCE ? "once" : "persistent", k,
                         ipt_status_name(st), injected);
            /* nothing leaked, nothing kept, nothing changed */
            assert_int_equal(fault.live, live_before);
            s->check_failed(&x);
            /* usable: the same call without a failure succeeds */
            st = s->call(&x);
            if (st != want)
                fail_msg("%s (%s): the call after a failure gave %s",
                         s->function, s->name, ipt_status_name(st));
            points[mode]++;
        }
        if (want == IPT_OK)
            s->check_ok(&x);
        s->teardown(&x);
        free(x.before_doc);
        release_outputs(&x);
        assert_int_equal(fault.live, live_start);
        m_fault_assert_clean(&fault);
        if (done)
            break;
        assert_true(k < 100000);
    }
}

static void
run_scenario(void **state)
{
    const struct scenario *s = *state;

    for (int variant = 0; variant < s->variants; variant++) {
        unsigned long before = points[M_ONCE];

        run_mode(s, variant, M_ONCE);
        run_mode(s, variant, M_PERSISTENT);
        scenarios_run++;
        printf("# %s (%s), variant %d: allocations failed in turn: %lu\n",
               s->function, s->name, variant, points[M_ONCE] - before);
    }
}

/* ---- the table ------------------------------------------------------- */

/* One entry per public function documented to return IPT_ERR_NO_MEMORY;
 * check-misuse-coverage.py reads the ALLOCFAIL(function, ...) markers.
 * Each gives the variants, whether the function needs JSON support and
 * parses JSON, and its setup, call, checks and teardown. */
#define ALLOCFAIL(fn, what, n, json, parses, setup, call, failed, ok, down) \
    { #fn, (what), (n), (json), (parses), (setup), (call), (failed), (ok),  \
      (down) }

static struct scenario scenarios[] = {
    ALLOCFAIL(ipt_profile_new, "a caller's profile", 1, false, false,
              nothing, call_profile_new, outputs_untouched, ok_profile_new,
              nothing),
    ALLOCFAIL(ipt_course_new, "a standard course", 1, false, false,
              nothing, call_course_new, outputs_untouched, ok_course_new,
              nothing),
    ALLOCFAIL(ipt_weights_new, "0: the default table, 1: a copy", 2,
              false, false, setup_weights, call_weights_new,
              outputs_untouched, ok_weights_new, teardown_weights),
    ALLOCFAIL(ipt_course_reserve_log, "0: without records, 1: with", 2,
              false, false, setup_course, call_reserve_log,
              course_unchanged, ok_reserve_log, free_course),
    ALLOCFAIL(ipt_course_record_techniques,
              "0: the first record, 1: records exist", 2, false, false,
              setup_course, call_record_techniques, course_unchanged,
              ok_record_techniques, free_course),
    ALLOCFAIL(ipt_course_record_areas,
              "0: the first record, 1: records exist", 2, false, false,
              setup_course, call_record_areas, course_unchanged,
              ok_record_areas, free_course),
    ALLOCFAIL(ipt_course_record_measure,
              "0: the first record, 1: records exist", 2, false, false,
              setup_course, call_record_measure, course_unchanged,
              ok_record_measure, free_course),
    ALLOCFAIL(ipt_course_set_note,
              "0: the first record, 1: a new note, 2: a note replaced", 3,
              false, false, setup_course, call_set_note, course_unchanged,
              ok_set_note, free_course),
    ALLOCFAIL(ipt_course_save_json, "0: into a buffer, 1: the length only",
              2, true, false, setup_recorded, call_save_json_status,
              failed_save_json, ok_save_json, teardown_recorded),
    ALLOCFAIL(ipt_course_load_json,
              "0: a built-in profile, 1: a profile of its own", 2, true,
              true, setup_document, call_load_json, failed_load, ok_load,
              teardown_document),
    ALLOCFAIL(ipt_course_save_file, "0: a new file, 1: replacing one", 2,
              true, false, setup_save_file, call_save_file,
              failed_save_file, ok_save_file, teardown_recorded),
    ALLOCFAIL(ipt_course_load_file,
              "0: a built-in profile, 1: a profile of its own", 2, true,
              true, setup_document, call_load_file, failed_load, ok_load,
              teardown_document),
    ALLOCFAIL(ipt_course_export_fhir, "dates and notes", 1, true, false,
              setup_recorded, call_export_fhir, failed_save_json,
              ok_export_fhir, teardown_recorded),
    ALLOCFAIL(ipt_sim_run,
              "0: cohort-v1, 1: with a sink, 2: a caller's model", 3, false,
              false, nothing, call_sim_run, failed_sim_run, ok_sim_run,
              nothing),
};



int
main(void)
{
    struct CMUnitTest tests[M_ARRAY_SIZE(scenarios)];
    struct ipt_course *c;
    size_t len = 0;
    int failed;

#if defined(IPT_TEST_HAVE_JANSSON)
    /* before jansson allocates anything */
    json_set_alloc_funcs(jansson_malloc, jansson_free);
#endif
    m_fault_init(&fault);
    c = h_new_standard();
    json_built = ipt_course_save_json(c, NULL, 0, &len) != IPT_ERR_NOT_BUILT;
    ipt_course_free(c);
    make_references();
    for (size_t i = 0; i < M_ARRAY_SIZE(scenarios); i++) {
        memset(&tests[i], 0, sizeof(tests[i]));
        tests[i].name = scenarios[i].function;
        tests[i].test_func = run_scenario;
        tests[i].initial_state = &scenarios[i];
    }
    failed = cmocka_run_group_tests_name("allocfail", tests, NULL, NULL);
    printf("# allocfail: %zu functions, %lu scenarios, %lu failure points "
           "(%lu once, %lu persistent), up to %lu allocations per call%s\n",
           M_ARRAY_SIZE(scenarios), scenarios_run,
           points[M_ONCE] + points[M_PERSISTENT], points[M_ONCE],
           points[M_PERSISTENT], allocations_max,
           json_built ? "" : " (built without JSON)");
    free(ref_course_doc);
    free(ref_custom_doc);
    free(ref_fhir);
    return failed;
}
