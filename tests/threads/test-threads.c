/* SPDX-License-Identifier: MIT */
/*
 * Concurrency stress test (suite 'threads').
 *
 * Eight worker threads each make at least 10,000 library calls on courses
 * of their own: create a course, move it through a 16-session course of
 * standard IPT, record techniques, areas, measures and a note, ask for
 * technique suggestions, the outcome, the fidelity report and the FHIR
 * Bundle, save the course to JSON in memory, load it back, save the copy,
 * and free both.  Every round also reads the data the library shares
 * between threads: the built-in profiles (one more course per round on
 * each of them in turn), the technique catalogue, the status names and
 * messages, and a weight table that the main thread made before the start.
 * At the same time two more threads each run cohort simulations whose
 * engine starts several worker threads of its own: one with the built-in
 * model cohort-v1, one with a caller's model whose functions the engine
 * calls concurrently.
 *
 * All threads wait at a gate and start together.  Every result is checked
 * against what the main thread computed alone before the start: each saved
 * document and each Bundle byte for byte, each simulation's aggregates
 * (which must not depend on the thread count).  Worker threads never call
 * cmocka, whose assertions are not thread-safe: they count their failures
 * and keep the first one, and the main thread asserts after joining them.
 *
 * In an ordinary build the test checks that results do not depend on
 * concurrency; scripts/run-tsan.sh builds it with ThreadSanitizer, for
 * which it is the workload.  IPT_TEST_THREADS_OPS sets the calls per
 * worker (default 10000).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#define WORKERS 8u
#define DEFAULT_OPS 10000u
#define SESSIONS 16u
#define DAY INT64_C(86400)
#define START_TIME INT64_C(1767571200) /* 2026-01-05 00:00 UTC */
#define STATUS_LAST IPT_ERR_SYSTEM
#define DOC_MAX (256u * 1024u)
#define MAX_PROFILES 32u
#define SIM_RUNS_MAX 1000u

#define TECH(t) IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_##t)
#define ROLE_TRANSITION IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION)

static const char note[] =
    "Fictional: rehearsed asking a new colleague for help.";

/* ---- shared read-only data ----------------------------------------------- */

/* Set up by the main thread before any other thread starts; read-only
 * afterwards. */
struct shared {
    const struct ipt_profile *standard;
    const struct ipt_profile *profiles[MAX_PROFILES];
    uint32_t profile_count;
    struct ipt_weights *weights;
    /* What the library returned to the main thread, to compare with. */
    const char *status_names[STATUS_LAST + 1];
    const char *status_messages[STATUS_LAST + 1];
    const struct ipt_technique_info *techniques[64];
    uint32_t technique_count;
    /* The reference round's saved document and FHIR Bundle, or empty
     * strings when this build has no JSON support. */
    char *document;
    size_t document_length;
    char *bundle;
    size_t bundle_length;
    bool json;
    uint64_t ops_per_worker;
};

/* All threads wait here until every one has arrived. */
struct gate {
    pthread_mutex_t lock;
    pthread_cond_t opened;
    unsigned expected;
    unsigned arrived;
    /* Workers still running, so that the simulations go on as long as
     * they do. */
    unsigned working;
};

static void
gate_wait(struct gate *g)
{
    pthread_mutex_lock(&g->lock);
    if (++g->arrived == g->expected)
        pthread_cond_broadcast(&g->opened);
    while (g->arrived < g->expected)
        pthread_cond_wait(&g->opened, &g->lock);
    pthread_mutex_unlock(&g->lock);
}

static void
gate_worker_done(struct gate *g)
{
    pthread_mutex_lock(&g->lock);
    g->working--;
    pthread_mutex_unlock(&g->lock);
}

static bool
gate_workers_busy(struct gate *g)
{
    bool busy;

    pthread_mutex_lock(&g->lock);
    busy = g->working > 0;
    pthread_mutex_unlock(&g->lock);
    return busy;
}

/* ---- failures, counted per thread ---------------------------------------- */

/* What one thread did and the first thing that went wrong. */
struct tally {
    uint64_t ops;
    uint64_t rounds;
    uint64_t failures;
    char first[256];
};

static bool
t_check(struct tally *t, bool ok, int line, const char *what,
        enum ipt_status st)
{
    if (!ok && t->failures++ == 0)
        (void)snprintf(t->first, sizeof(t->first), "line %d: %s (%s)", line,
                       what, ipt_status_name(st));
    return ok;
}

/* A condition; a library call that must return IPT_OK (one operation). */
#define CHECK(t, cond) t_check((t), (cond), __LINE__, #cond, IPT_OK)
#define CALL_OK(t, call) t_ok((t), (call), __LINE__, #call)

static bool
t_ok(struct tally *t, enum ipt_status st, int line, const char *what)
{
    t->ops++;
    return t_check(t, st == IPT_OK, line, what, st);
}

/* ---- one course of standard IPT ------------------------------------------ */

/* A course being played, with its own clock. */
struct play {
    struct tally *t;
    const struct shared *sh;
    struct ipt_course *course;
    int64_t now;
};

static void
apply(struct play *p, enum ipt_event_type type, int32_t value,
      uint32_t areas)
{
    struct ipt_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.type = (int32_t)type;
    ev.value = value;
    ev.timestamp = p->now;
    ev.areas = areas;
    CALL_OK(p->t, ipt_course_apply(p->course, &ev));
}

static void
task(struct play *p, enum ipt_task task)
{
    apply(p, IPT_EVENT_COMPLETE_TASK, (int32_t)task, 0);
}

static uint32_t
techniques_of(uint32_t s)
{
    if (s <= 3)
        return TECH(PSYCHOEDUCATION) | TECH(CLARIFICATION);
    if (s <= 12)
        return s % 2 == 0 ? TECH(DECISION_ANALYSIS) | TECH(ROLE_PLAY)
                          : TECH(COMMUNICATION_ANALYSIS);
    return TECH(THERAPEUTIC_RELATIONSHIP);
}

/* A measure of @p kind with @p count items whose answers add up to
 * @p total. */
static struct ipt_measure
measure(enum ipt_measure_kind kind, uint32_t count, uint32_t total)
{
    struct ipt_measure m;

    memset(&m, 0, sizeof(m));
    m.kind = (int32_t)kind;
    m.item_count = count;
    for (uint32_t i = 0; i < total; i++)
        m.items[i % (count - 1)]++;
    return m;
}

/* Suggestions for the next session, with the shared weight table. */
static void
suggest(struct play *p)
{
    struct ipt_select_context ctx;
    struct ipt_suggestion best[4];
    uint32_t n = 0;
    char text[256];

    memset(&ctx, 0, sizeof(ctx));
    ctx.size = (uint32_t)sizeof(ctx);
    if (!CALL_OK(p->t, ipt_select_context_from_course(p->course, &ctx)))
        return;
    if (CALL_OK(p->t, ipt_select_techniques(p->sh->weights, &ctx, best, 4,
                                            &n)) &&
        CHECK(p->t, n > 0)) {
        enum ipt_status st =
            ipt_suggestion_explain(&best[0], text, sizeof(text), NULL);

        p->t->ops++;
        CHECK(p->t, st == IPT_OK || st == IPT_ERR_BUFFER_TOO_SMALL);
    }
}

/* Holds session @p s and records it. */
static void
session(struct play *p, uint32_t s)
{
    struct ipt_measure m;
    uint32_t held = 0;

    p->now += 7 * DAY;
    apply(p, IPT_EVENT_HOLD_SESSION, 0, 0);
    CALL_OK(p->t, ipt_course_get_sessions(p->course, &held, NULL, NULL));
    CHECK(p->t, held == s);
    CALL_OK(p->t, ipt_course_record_techniques(p->course, s,
                                               techniques_of(s)));
    if (s >= 2)
        CALL_OK(p->t, ipt_course_record_areas(p->course, s,
                                              ROLE_TRANSITION));
    m = measure(IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS, 20 - s);
    CALL_OK(p->t, ipt_course_record_measure(p->course, s, &m));
    if (s % 4 == 1) {
        m = measure(IPT_MEASURE_GAD7, IPT_GAD7_ITEMS, 14 - s / 2);
        CALL_OK(p->t, ipt_course_record_measure(p->course, s, &m));
    }
    if (s == 8)
        CALL_OK(p->t, ipt_course_set_note(p->course, s, note, strlen(note)));
}

/* A whole course: the protocol's tasks, session by session, with
 * suggestions before every session. */
static void
play_course(struct play *p)
{
    enum ipt_state state = IPT_STATE_NOT_STARTED;

    p->now = START_TIME;
    apply(p, IPT_EVENT_START, 0, 0);
    for (uint32_t s = 1; s <= SESSIONS; s++) {
        suggest(p);
        session(p, s);
        if (s == 1) {
            task(p, IPT_TASK_HISTORY_AND_DIAGNOSIS);
            task(p, IPT_TASK_PSYCHOEDUCATION);
            task(p, IPT_TASK_SICK_ROLE);
        } else if (s == 2) {
            task(p, IPT_TASK_INTERPERSONAL_INVENTORY);
            apply(p, IPT_EVENT_CHOOSE_FOCUS, 0, ROLE_TRANSITION);
            task(p, IPT_TASK_PROBLEM_AREA);
        } else if (s == 3) {
            task(p, IPT_TASK_INTERPERSONAL_FORMULATION);
            task(p, IPT_TASK_TREATMENT_CONTRACT);
            apply(p, IPT_EVENT_ADVANCE_PHASE, 0, 0);
        } else if (s == 12) {
            task(p, IPT_TASK_DISCUSS_ENDING);
        } else if (s == 13) {
            task(p, IPT_TASK_REVIEW_GAINS);
        } else if (s == 14) {
            task(p, IPT_TASK_INDEPENDENT_COMPETENCE);
        } else if (s == 15) {
            task(p, IPT_TASK_RELAPSE_PREVENTION);
        }
    }
    CALL_OK(p->t, ipt_course_get_state(p->course, &state));
    CHECK(p->t, state == IPT_STATE_COMPLETED);
}

/* The course's reports: outcome and fidelity findings. */
static void
reports(struct play *p)
{
    struct ipt_outcome o;
    struct ipt_finding findings[8];
    uint32_t count = 0;

    if (CALL_OK(p->t, ipt_course_outcome(p->course, IPT_MEASURE_PHQ9, NULL,
                                         &o)))
        CHECK(p->t, o.baseline == 19 && o.latest == 4);
    CALL_OK(p->t, ipt_fidelity_check(p->course, NULL, findings, 8, &count));
}

/* Saves @p course into @p buf (@p size bytes); returns the length, or 0
 * on failure. */
static size_t
save(struct tally *t, const struct ipt_course *course, char *buf,
     size_t size)
{
    size_t len = 0;

    return CALL_OK(t, ipt_course_save_json(course, buf, size, &len)) ? len
                                                                      : 0;
}

static size_t
bundle(struct tally *t, const struct ipt_course *course, char *buf,
       size_t size)
{
    struct ipt_fhir_options opt;
    size_t len = 0;

    memset(&opt, 0, sizeof(opt));
    opt.size = (uint32_t)sizeof(opt);
    opt.flags = IPT_FHIR_INCLUDE_NOTES;
    opt.patient_reference = "Patient/fictional-1";
    opt.bundle_id = "threads-1";
    return CALL_OK(t, ipt_course_export_fhir(course, &opt, buf, size, &len))
               ? len
               : 0;
}

/* ---- a worker's round ---------------------------------------------------- */

struct worker {
    pthread_t thread;
    unsigned index;
    const struct shared *sh;
    struct gate *gate;
    struct tally t;
    char *doc;
    char *copy;
};

/* The data every thread reads: status texts, the catalogue and the
 * built-in profiles, which must be what the main thread was given. */
static void
read_shared(struct tally *t, const struct shared *sh)
{
    for (int s = 0; s <= (int)STATUS_LAST; s++) {
        enum ipt_status st = (enum ipt_status)s, back = IPT_OK;
        const char *name = ipt_status_name(st);

        t->ops += 2;
        CHECK(t, name == sh->status_names[s]);
        CHECK(t, ipt_status_message(st) == sh->status_messages[s]);
        if (CALL_OK(t, ipt_status_from_name(name, &back)))
            CHECK(t, back == st);
    }
    for (uint32_t i = 0; i < sh->technique_count; i++) {
        const struct ipt_technique_info *info = NULL;
        enum ipt_technique back = IPT_TECHNIQUE_CLARIFICATION;

        if (!CALL_OK(t, ipt_technique_at(i, &info)) ||
            !CHECK(t, info == sh->techniques[i]))
            continue;
        t->ops++;
        CHECK(t, strcmp(ipt_technique_name((enum ipt_technique)
                                               info->technique),
                        info->id) == 0);
        if (CALL_OK(t, ipt_technique_from_name(info->id, &back)))
            CHECK(t, (int32_t)back == info->technique);
    }
    for (uint32_t i = 0; i < sh->profile_count; i++) {
        const struct ipt_profile *p = NULL;

        t->ops++;
        if (CALL_OK(t, ipt_profile_builtin(ipt_profile_name(sh->profiles[i]),
                                           &p)))
            CHECK(t, p == sh->profiles[i]);
    }
}

/* A short course on built-in profile @p which: start, one session. */
static void
other_profile(struct tally *t, const struct shared *sh, uint32_t which)
{
    struct play p = { t, sh, NULL, START_TIME };
    enum ipt_state state = IPT_STATE_NOT_STARTED;

    if (!CALL_OK(t, ipt_course_new(sh->profiles[which], NULL, &p.course)))
        return;
    apply(&p, IPT_EVENT_START, 0, 0);
    apply(&p, IPT_EVENT_HOLD_SESSION, 0, 0);
    CALL_OK(t, ipt_course_get_state(p.course, &state));
    CHECK(t, state == IPT_STATE_INITIAL);
    ipt_course_free(p.course);
    t->ops++;
}

static void
round_of(struct worker *w)
{
    struct tally *t = &w->t;
    const struct shared *sh = w->sh;
    struct play p = { t, sh, NULL, START_TIME };
    struct ipt_course *restored = NULL;
    char msg[256];
    size_t len;

    if (!CALL_OK(t, ipt_course_new(sh->standard, NULL, &p.course)))
        return;
    play_course(&p);
    reports(&p);
    if (sh->json) {
        len = bundle(t, p.course, w->doc, DOC_MAX);
        CHECK(t, len == sh->bundle_length &&
                     memcmp(w->doc, sh->bundle, len) == 0);
        len = save(t, p.course, w->doc, DOC_MAX);
        CHECK(t, len == sh->document_length &&
                     memcmp(w->doc, sh->document, len) == 0);
        if (CALL_OK(t, ipt_course_load_json(w->doc, len, NULL, &restored,
                                            msg, sizeof(msg)))) {
            len = save(t, restored, w->copy, DOC_MAX);
            CHECK(t, len == sh->document_length &&
                         memcmp(w->copy, sh->document, len) == 0);
        }
        ipt_course_free(restored);
        t->ops++;
    }
    ipt_course_free(p.course);
    t->ops++;
    read_shared(t, sh);
    other_profile(t, sh, (uint32_t)((t->rounds + w->index) %
                                    sh->profile_count));
    t->rounds++;
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;

    gate_wait(w->gate);
    while (w->t.ops < w->sh->ops_per_worker && w->t.failures == 0)
        round_of(w);
    gate_worker_done(w->gate);
    return NULL;
}

/* ---- simulations --------------------------------------------------------- */

/* A caller's model that reads only its patient, its stream and the shared,
 * read-only user data: safe to call from the engine's threads. */
struct toy_model {
    double dropout;
    double step;
};

static enum ipt_status
toy_init(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *pt)
{
    (void)user_data;
    pt->area = (int32_t)(1 + ipt_rng_next(rng) % 4);
    pt->baseline = (int32_t)(10 + ipt_rng_next(rng) % 18);
    return IPT_OK;
}

static double
toy_dropout(void *user_data, const struct ipt_sim_patient *pt,
            uint32_t session, enum ipt_state phase)
{
    const struct toy_model *m = user_data;

    (void)pt;
    (void)session;
    return phase == IPT_STATE_INITIAL ? 2 * m->dropout : m->dropout;
}

static void
toy_update(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *pt,
           uint32_t session, enum ipt_state phase)
{
    const struct toy_model *m = user_data;

    (void)session;
    (void)phase;
    pt->score -= m->step * ipt_rng_uniform(rng);
}

static const struct toy_model toy = { 0.02, 1.5 };

/* Per-patient results as delivered, which the engine promises to hand over
 * from one thread at a time and in patient order. */
struct delivered {
    uint64_t next_patient;
    uint64_t final_sum;
    uint64_t sessions;
    uint64_t last_done;
    bool in_order;
};

static enum ipt_status
sink_patients(void *user_data, const struct ipt_sim_patient_result *r,
              size_t count)
{
    struct delivered *d = user_data;

    for (size_t i = 0; i < count; i++) {
        if (r[i].patient != d->next_patient)
            d->in_order = false;
        d->next_patient++;
        d->final_sum += (uint64_t)r[i].final_score;
    }
    return IPT_OK;
}

static enum ipt_status
sink_sessions(void *user_data, const struct ipt_sim_session_point *pts,
              size_t count)
{
    struct delivered *d = user_data;

    (void)pts;
    d->sessions += count;
    return IPT_OK;
}

static int
progress(void *user_data, uint64_t done, uint64_t total)
{
    struct delivered *d = user_data;

    if (done < d->last_done || done > total)
        d->in_order = false;
    d->last_done = done;
    return 0;
}

struct sim_job {
    pthread_t thread;
    struct gate *gate;
    enum ipt_sim_model model;
    uint32_t seed;
    uint64_t patients;
    uint32_t runs;
    struct ipt_sim_totals reference;
    struct tally t;
};

static void
sim_config(const struct sim_job *job, uint32_t threads,
           const struct ipt_sim_sink *sink, struct delivered *d,
           const struct ipt_sim_callbacks *cb, struct ipt_sim_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->size = (uint32_t)sizeof(*cfg);
    cfg->model = (int32_t)job->model;
    cfg->seed = job->seed;
    cfg->threads = threads;
    cfg->patients = job->patients;
    cfg->callbacks = job->model == IPT_SIM_CALLBACKS ? cb : NULL;
    cfg->sink = sink;
    cfg->progress = sink != NULL ? progress : NULL;
    cfg->progress_data = d;
}

static void
toy_callbacks(struct ipt_sim_callbacks *cb)
{
    memset(cb, 0, sizeof(*cb));
    cb->size = (uint32_t)sizeof(*cb);
    cb->user_data = (void *)(uintptr_t)&toy;
    cb->init = toy_init;
    cb->dropout = toy_dropout;
    cb->update = toy_update;
}

/* One run with @p threads engine threads; checks it against the
 * reference. */
static void
sim_once(struct sim_job *job, uint32_t threads)
{
    struct ipt_sim_callbacks cb;
    struct ipt_sim_sink sink;
    struct ipt_sim_config cfg;
    struct ipt_sim_totals got;
    struct delivered d;
    char msg[256];

    memset(&d, 0, sizeof(d));
    d.in_order = true;
    memset(&sink, 0, sizeof(sink));
    sink.size = (uint32_t)sizeof(sink);
    sink.user_data = &d;
    sink.patients = sink_patients;
    sink.sessions = sink_sessions;
    toy_callbacks(&cb);
    sim_config(job, threads, &sink, &d, &cb, &cfg);
    if (!CALL_OK(&job->t, ipt_sim_run(&cfg, &got, msg, sizeof(msg))))
        return;
    CHECK(&job->t, memcmp(&got, &job->reference, sizeof(got)) == 0);
    CHECK(&job->t, d.in_order && d.next_patient == job->patients &&
                       d.last_done == job->patients);
    CHECK(&job->t, d.final_sum == got.final_score_sum);
    CHECK(&job->t, d.sessions == got.sessions_attended);
}

static void *
sim_main(void *arg)
{
    struct sim_job *job = arg;

    gate_wait(job->gate);
    /* At least job->runs runs, and more while the workers are busy. */
    for (uint32_t r = 0; job->t.failures == 0 && r < SIM_RUNS_MAX &&
                         (r < job->runs || gate_workers_busy(job->gate));
         r++) {
        sim_once(job, 2 + r % 3);
        job->t.rounds++;
    }
    return NULL;
}

/* The reference aggregates of @p job, on one engine thread. */
static void
sim_reference(struct sim_job *job)
{
    struct ipt_sim_callbacks cb;
    struct ipt_sim_config cfg;
    char msg[256] = "";

    toy_callbacks(&cb);
    sim_config(job, 1, NULL, NULL, &cb, &cfg);
    assert_int_equal(ipt_sim_run(&cfg, &job->reference, msg, sizeof(msg)),
                     IPT_OK);
    assert_int_equal(job->reference.patients, job->patients);
}

/* ---- the test ------------------------------------------------------------ */

static uint64_t
ops_per_worker(void)
{
    const char *env = getenv("IPT_TEST_THREADS_OPS");
    char *end = NULL;
    unsigned long long n;

    if (env == NULL || env[0] == '\0')
        return DEFAULT_OPS;
    n = strtoull(env, &end, 10);
    assert_true(end != NULL && *end == '\0' && n > 0);
    return (uint64_t)n;
}

/* Fills @p sh from the main thread alone, with the reference round. */
static void
shared_setup(struct shared *sh)
{
    struct tally t;
    struct play p;
    size_t len = 0;

    memset(sh, 0, sizeof(*sh));
    sh->ops_per_worker = ops_per_worker();
    assert_int_equal(ipt_profile_builtin("standard", &sh->standard), IPT_OK);
    sh->profile_count = ipt_profile_builtin_count();
    assert_true(sh->profile_count > 0 && sh->profile_count <= MAX_PROFILES);
    for (uint32_t i = 0; i < sh->profile_count; i++)
        assert_int_equal(ipt_profile_builtin_at(i, &sh->profiles[i]), IPT_OK);
    assert_int_equal(ipt_weights_new(NULL, NULL, &sh->weights), IPT_OK);
    for (int s = 0; s <= (int)STATUS_LAST; s++) {
        sh->status_names[s] = ipt_status_name((enum ipt_status)s);
        sh->status_messages[s] = ipt_status_message((enum ipt_status)s);
        assert_non_null(sh->status_names[s]);
        assert_non_null(sh->status_messages[s]);
    }
    sh->technique_count = ipt_technique_count();
    assert_true(sh->technique_count > 0 && sh->technique_count <= 64);
    for (uint32_t i = 0; i < sh->technique_count; i++)
        assert_int_equal(ipt_technique_at(i, &sh->techniques[i]), IPT_OK);

    memset(&t, 0, sizeof(t));
    memset(&p, 0, sizeof(p));
    p.t = &t;
    p.sh = sh;
    assert_int_equal(ipt_course_new(sh->standard, NULL, &p.course), IPT_OK);
    play_course(&p);
    reports(&p);
    sh->json = ipt_course_save_json(p.course, NULL, 0, &len) !=
               IPT_ERR_NOT_BUILT;
    sh->document = calloc(1, DOC_MAX);
    sh->bundle = calloc(1, DOC_MAX);
    assert_non_null(sh->document);
    assert_non_null(sh->bundle);
    if (sh->json) {
        sh->document_length = save(&t, p.course, sh->document, DOC_MAX);
        sh->bundle_length = bundle(&t, p.course, sh->bundle, DOC_MAX);
    }
    ipt_course_free(p.course);
    if (t.failures != 0)
        fail_msg("reference round: %s", t.first);
    if (sh->json) {
        assert_true(sh->document_length > 0);
        assert_true(sh->bundle_length > 0);
    }
}

static void
shared_teardown(struct shared *sh)
{
    ipt_weights_free(sh->weights);
    free(sh->document);
    free(sh->bundle);
}

static void
test_concurrent_courses_and_simulations(void **state)
{
    struct shared sh;
    struct worker workers[WORKERS];
    struct sim_job jobs[2];
    struct gate gate;
    uint64_t ops = 0, rounds = 0, sim_runs = 0;

    (void)state;
    shared_setup(&sh);
    memset(&gate, 0, sizeof(gate));
    assert_int_equal(pthread_mutex_init(&gate.lock, NULL), 0);
    assert_int_equal(pthread_cond_init(&gate.opened, NULL), 0);
    gate.expected = WORKERS + 2;
    gate.working = WORKERS;

    memset(jobs, 0, sizeof(jobs));
    jobs[0].model = IPT_SIM_COHORT_V1;
    jobs[0].seed = 20240611;
    jobs[1].model = IPT_SIM_CALLBACKS;
    jobs[1].seed = 7;
    for (unsigned j = 0; j < 2; j++) {
        jobs[j].gate = &gate;
        jobs[j].patients = 4000;
        jobs[j].runs = 3;
        sim_reference(&jobs[j]);
    }

    memset(workers, 0, sizeof(workers));
    for (unsigned i = 0; i < WORKERS; i++) {
        workers[i].index = i;
        workers[i].sh = &sh;
        workers[i].gate = &gate;
        workers[i].doc = malloc(DOC_MAX);
        workers[i].copy = malloc(DOC_MAX);
        assert_non_null(workers[i].doc);
        assert_non_null(workers[i].copy);
        assert_int_equal(pthread_create(&workers[i].thread, NULL,
                                        worker_main, &workers[i]),
                         0);
    }
    for (unsigned j = 0; j < 2; j++)
        assert_int_equal(pthread_create(&jobs[j].thread, NULL, sim_main,
                                        &jobs[j]),
                         0);

    for (unsigned j = 0; j < 2; j++)
        assert_int_equal(pthread_join(jobs[j].thread, NULL), 0);
    for (unsigned i = 0; i < WORKERS; i++) {
        assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
        free(workers[i].doc);
        free(workers[i].copy);
    }
    pthread_cond_destroy(&gate.opened);
    pthread_mutex_destroy(&gate.lock);

    for (unsigned i = 0; i < WORKERS; i++) {
        if (workers[i].t.failures != 0)
            fail_msg("worker %u: %" PRIu64 " failures, first at %s", i,
                     workers[i].t.failures, workers[i].t.first);
        assert_true(workers[i].t.ops >= sh.ops_per_worker);
        ops += workers[i].t.ops;
        rounds += workers[i].t.rounds;
    }
    for (unsigned j = 0; j < 2; j++) {
        if (jobs[j].t.failures != 0)
            fail_msg("simulation %u: %" PRIu64 " failures, first at %s", j,
                     jobs[j].t.failures, jobs[j].t.first);
        assert_true(jobs[j].t.rounds >= jobs[j].runs);
        sim_runs += jobs[j].t.rounds;
    }
    print_message("# %u workers: %" PRIu64 " library calls in %" PRIu64
                  " rounds (at least %" PRIu64 " calls each)%s; 2 threads: "
                  "%" PRIu64 " simulation runs of %" PRIu64 " patients "
                  "on 2 to 4 engine threads\n",
                  WORKERS, ops, rounds, sh.ops_per_worker,
                  sh.json ? "" : " without JSON (not built)", sim_runs,
                  jobs[0].patients);
    shared_teardown(&sh);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_courses_and_simulations),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
