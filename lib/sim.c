/* SPDX-License-Identifier: MIT */
/*
 * The simulation engine: random streams, the protocol driver, the
 * per-patient (scalar) path, the worker threads and the ordered delivery
 * of results.  docs/simulation.md describes the engine for users.
 *
 * A run is cut into chunks of patients.  Workers (the calling thread and
 * threads - 1 POSIX threads) take the next chunk from a counter under the
 * run's lock, simulate it into buffers of their own without the lock, add
 * it to totals of their own, and then deliver it: when the run has a sink,
 * a worker waits on a condition variable until every earlier chunk has
 * been delivered, so the sink sees patients in order and no more chunks
 * are in flight than there are workers.  Totals are integer sums, so
 * adding the workers' totals at the end gives the same result whatever the
 * thread count or the order the chunks finished in.
 *
 * All working memory is allocated before the first patient and freed
 * before the run returns; a patient allocates nothing (each worker resets
 * one course per patient, or per block on the batched path).
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim-internal.h"

/* Largest chunk, in patients. */
#define CHUNK_MAX 4096u
/* Session points one chunk's buffer holds at most (1.5 MiB), when a sink
 * takes them; longer contracts get smaller chunks, down to one block. */
#define CHUNK_POINTS 65536u
/* Chunks per worker a run aims at, so that the last chunks balance. */
#define CHUNKS_PER_WORKER 4u
#define THREADS_MAX 256u
#define PATIENTS_MAX (UINT64_C(1) << 32)
#define SCORE_MAX 27.0

static const char *
status_text(enum ipt_status st)
{
    const char *name = ipt_status_name(st);

    return name != NULL ? name : "unknown status";
}

/* ---- random numbers ----------------------------------------------------- */

enum ipt_status
ipt_rng_seed_patient(struct ipt_rng *rng, uint32_t seed, uint32_t patient)
{
    if (rng == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    ipt__rng_seed(rng->s, seed, patient);
    return IPT_OK;
}

uint32_t
ipt_rng_next(struct ipt_rng *rng)
{
    return rng != NULL ? ipt__rng_next(rng->s) : 0;
}

double
ipt_rng_uniform(struct ipt_rng *rng)
{
    return rng != NULL ? (double)ipt__rng_next(rng->s) * 0x1p-32 : 0.0;
}

uint32_t
ipt_sim_cell_seed(uint32_t seed, uint32_t cell)
{
    return ipt__fmix32(seed ^ ipt__fmix32(cell + 1));
}

/* ---- names and defaults ------------------------------------------------- */

static const struct ipt__name model_names[] = {
    { IPT_SIM_COHORT_V1, "cohort-v1" },
    { IPT_SIM_CALLBACKS, "callbacks" },
};

IPT__NAME_FUNCTIONS(ipt_sim_model, enum ipt_sim_model, model_names)

enum ipt_status
ipt_cohort_v1_defaults(struct ipt_cohort_v1_params *out)
{
    static const struct ipt_cohort_v1_params defaults = {
        sizeof(struct ipt_cohort_v1_params), 0,
        { 0.04, 0.02, 0.01 }, 1.0,
        { 0.20, 0.55, 0.85 },
        { 0.07, 0.06, 0.08, 0.045 },
        3.0,
    };

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    *out = defaults;
    return IPT_OK;
}

/* ---- aggregates as JSON ------------------------------------------------- */

/* Whether @s can be written between quotes as it is: valid UTF-8, with no
 * quote, backslash or control character. */
static int
json_name_ok(const char *s)
{
    size_t n = 0;
    size_t bad = 0;

    for (; s[n] != '\0'; n++) {
        unsigned char c = (unsigned char)s[n];

        if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F)
            return 0;
    }
    return ipt__utf8_valid(s, n, &bad);
}

enum ipt_status
ipt_sim_totals_json(const char *model, uint32_t seed,
                    const struct ipt_sim_totals *t, char *buf, uint64_t size,
                    uint64_t *length)
{
    static const char *const areas[4] = {
        "grief", "role_dispute", "role_transition", "interpersonal_deficits",
    };
    char tail[4][96];
    int n;

    if (model == NULL || t == NULL || length == NULL ||
        (buf == NULL && size > 0) || !json_name_ok(model))
        return IPT_ERR_INVALID_ARGUMENT;
    for (int a = 0; a < 4; a++)
        ipt__format(tail[a], sizeof(tail[a]),
                    "\"%s\": {\"patients\": %llu, \"remitters\": %llu}",
                    areas[a], (unsigned long long)t->area_patients[a],
                    (unsigned long long)t->area_remitters[a]);
    n = snprintf(buf, ipt__size_clamp(size),
                 "{\"model\": \"%s\", \"seed\": %lu, \"patients\": %llu, "
                 "\"completed\": %llu, \"dropped\": {\"initial\": %llu, "
                 "\"middle\": %llu, \"termination\": %llu}, "
                 "\"sessions_attended\": %llu, \"responders\": %llu, "
                 "\"remitters\": %llu, \"final_score_sum\": %llu, "
                 "\"by_area\": {%s, %s, %s, %s}}\n",
                 model, (unsigned long)seed, (unsigned long long)t->patients,
                 (unsigned long long)t->completed,
                 (unsigned long long)t->dropped[0],
                 (unsigned long long)t->dropped[1],
                 (unsigned long long)t->dropped[2],
                 (unsigned long long)t->sessions_attended,
                 (unsigned long long)t->responders,
                 (unsigned long long)t->remitters,
                 (unsigned long long)t->final_score_sum, tail[0], tail[1],
                 tail[2], tail[3]);
    /* snprintf fails only on an encoding error or a text longer than
     * INT_MAX bytes; the model name is checked ASCII and the numbers are
     * bounded. */
    if (n < 0) /* GCOVR_EXCL_BR_LINE */
        return IPT_ERR_INVALID_ARGUMENT; /* GCOVR_EXCL_LINE */
    *length = (uint64_t)n;
    return (uint64_t)n < size ? IPT_OK : IPT_ERR_BUFFER_TOO_SMALL;
}

/* ---- the protocol driver ------------------------------------------------ */

/* Applies one event; a refusal is the engine's error, reported with the
 * machine's message. */
static enum ipt_status
drive(struct ipt_course *c, enum ipt_event_type type, int32_t value,
      uint32_t areas, char *msg, uint64_t msg_size)
{
    struct ipt_event ev;
    enum ipt_status st;

    memset(&ev, 0, sizeof(ev));
    ev.type = (int32_t)type;
    ev.value = value;
    ev.areas = areas;
    st = ipt_course_apply(c, &ev);
    if (st == IPT_OK)
        return IPT_OK;
    ipt__format(msg, msg_size, "the course machine refused '%s' after "
                "session %u under profile '%s' (%s): %s",
                ipt_event_type_name(type), c->held, c->profile.name,
                status_text(st), ipt_course_last_error(c));
    return IPT_ERR_HISTORY;
}

static enum ipt_status
drive_task(struct ipt_course *c, enum ipt_task task, char *msg,
           uint64_t msg_size)
{
    return drive(c, IPT_EVENT_COMPLETE_TASK, (int32_t)task, 0, msg,
                 msg_size);
}

enum ipt_status
ipt__sim_protocol_start(struct ipt_course *c, char *msg, uint64_t msg_size)
{
    return drive(c, IPT_EVENT_START, 0, 0, msg, msg_size);
}

enum ipt_status
ipt__sim_protocol_check_dropout(const struct ipt_course *c, char *msg,
                                uint64_t msg_size)
{
    struct ipt_event ev;
    char why[IPT__MSG_SIZE];
    enum ipt_status st;

    memset(&ev, 0, sizeof(ev));
    ev.type = IPT_EVENT_DISCONTINUE;
    ev.value = IPT_END_DROPOUT;
    st = ipt_course_check(c, &ev, NULL, why, sizeof(why));
    if (st == IPT_OK)
        return IPT_OK;
    ipt__format(msg, msg_size, "the course machine would refuse "
                "'discontinue' before session %u (%s): %s", c->held + 1,
                status_text(st), why);
    return IPT_ERR_HISTORY;
}

/* The focus of a patient, with the other areas of a block checked to be
 * accepted as well. */
static enum ipt_status
choose_focus(struct ipt_course *c, enum ipt_area area, uint32_t also,
             char *msg, uint64_t msg_size)
{
    for (int32_t a = IPT_AREA_GRIEF; a <= IPT_AREA_INTERPERSONAL_DEFICITS;
         a++) {
        struct ipt_event ev;
        char why[IPT__MSG_SIZE];
        enum ipt_status st;

        if ((also & IPT_AREA_BIT(a)) == 0 || a == (int32_t)area)
            continue;
        memset(&ev, 0, sizeof(ev));
        ev.type = IPT_EVENT_CHOOSE_FOCUS;
        ev.areas = IPT_AREA_BIT(a);
        st = ipt_course_check(c, &ev, NULL, why, sizeof(why));
        if (st != IPT_OK) {
            ipt__format(msg, msg_size, "the course machine refused "
                        "'choose_focus' after session 1 under profile '%s' "
                        "(%s): %s", c->profile.name, status_text(st), why);
            return IPT_ERR_HISTORY;
        }
    }
    return drive(c, IPT_EVENT_CHOOSE_FOCUS, 0, IPT_AREA_BIT(area), msg,
                 msg_size);
}

/* The initial-phase tasks, all done after the first session. */
static enum ipt_status
initial_tasks(struct ipt_course *c, enum ipt_area area, uint32_t also,
              char *msg, uint64_t msg_size)
{
    static const enum ipt_task before[] = {
        IPT_TASK_HISTORY_AND_DIAGNOSIS, IPT_TASK_PSYCHOEDUCATION,
        IPT_TASK_SICK_ROLE, IPT_TASK_INTERPERSONAL_INVENTORY,
    };
    static const enum ipt_task after[] = {
        IPT_TASK_PROBLEM_AREA, IPT_TASK_INTERPERSONAL_FORMULATION,
        IPT_TASK_TREATMENT_CONTRACT,
    };
    enum ipt_status st = IPT_OK;

    for (size_t i = 0; st == IPT_OK && i < IPT__ARRAY_SIZE(before); i++)
        st = drive_task(c, before[i], msg, msg_size);
    if (st == IPT_OK)
        st = choose_focus(c, area, also, msg, msg_size);
    for (size_t i = 0; st == IPT_OK && i < IPT__ARRAY_SIZE(after); i++)
        st = drive_task(c, after[i], msg, msg_size);
    return st;
}

enum ipt_status
ipt__sim_protocol_hold(struct ipt_course *c, enum ipt_area area,
                       uint32_t also, char *msg, uint64_t msg_size)
{
    const uint32_t ending = IPT_TASK_BIT(IPT_TASK_DISCUSS_ENDING);
    enum ipt_status st;

    st = drive(c, IPT_EVENT_HOLD_SESSION, 0, 0, msg, msg_size);
    if (st == IPT_OK && c->state == IPT_STATE_INITIAL && c->held == 1)
        st = initial_tasks(c, area, also, msg, msg_size);
    if (st == IPT_OK && c->state == IPT_STATE_INITIAL &&
        c->held >= c->profile.params.initial_last_session)
        st = drive(c, IPT_EVENT_ADVANCE_PHASE, 0, 0, msg, msg_size);
    /* The ending is discussed as soon as the termination phase begins,
     * which is no later than the profile's notice requires. */
    if (st == IPT_OK && c->state == IPT_STATE_TERMINATION &&
        (c->tasks_done & ending) == 0)
        st = drive_task(c, IPT_TASK_DISCUSS_ENDING, msg, msg_size);
    return st;
}

static int
in_treatment(enum ipt_state s)
{
    return s == IPT_STATE_INITIAL || s == IPT_STATE_MIDDLE ||
           s == IPT_STATE_TERMINATION;
}

/* ---- the run ------------------------------------------------------------ */

struct run;

/* A worker's buffers and totals. */
struct worker {
    struct run *run;
    pthread_t thread;
    int started;
    struct ipt_course *course;                  /* patient's or block's */
    struct ipt__sim_block *block;               /* batched path only */
    struct ipt_sim_patient_result *results;     /* one chunk */
    struct ipt_sim_session_point *points;       /* one chunk, or NULL */
    struct ipt_sim_totals totals;
    char msg[IPT__MSG_SIZE];
};

struct run {
    /* The checked configuration. */
    int32_t model;
    uint32_t seed;
    uint64_t patients;
    const struct ipt_profile *profile;
    uint32_t planned;
    struct ipt__sim_cohort cohort;
    struct ipt_sim_callbacks cb;
    struct ipt_sim_sink sink;
    int has_sink;
    int ordered;                                /* deliver in chunk order */
    ipt_sim_progress_fn progress;
    void *progress_data;
    struct ipt_allocator alloc;
    uint32_t threads;

    uint32_t chunk;
    uint64_t chunks;
    struct worker *workers;
    uint32_t nworkers;

    /* Shared, under lock. */
    pthread_mutex_t lock;
    pthread_cond_t turn;
    uint64_t next_chunk;
    uint64_t delivered;                         /* chunks */
    uint64_t done;                              /* patients */
    int stop;
    enum ipt_status status;
    char msg[IPT__MSG_SIZE];
};

/* ---- the scalar path ---------------------------------------------------- */

/* The score after a model's update, kept in range by the engine. */
static double
clamp_score(double s)
{
    s = s < 0.0 ? 0.0 : s;
    return s > SCORE_MAX ? SCORE_MAX : s;
}

/* floor(score + 0.5) of a score in [0, 27]: for a non-negative number,
 * truncation is floor. */
static int32_t
final_score(double score)
{
    return (int32_t)(score + 0.5);
}

static void
set_outcome(struct ipt_sim_patient_result *res, double score)
{
    int32_t final = final_score(score);

    res->final_score = final;
    res->responder = (uint32_t)(final * 2 <= res->baseline);
    res->remitter = (uint32_t)(final < 5);
}

static enum ipt_status
model_init(struct worker *w, uint32_t index, struct ipt_rng *rng,
           struct ipt_sim_patient *p)
{
    const struct ipt_sim_callbacks *cb = &w->run->cb;
    enum ipt_status st = cb->init(cb->user_data, rng, p);

    if (st != IPT_OK) {
        ipt__format(w->msg, sizeof(w->msg), "the model's init returned "
                    "'%s' for patient %u", status_text(st), index);
        return st;
    }
    if (p->area < IPT_AREA_GRIEF || p->area > IPT_AREA_INTERPERSONAL_DEFICITS) {
        ipt__format(w->msg, sizeof(w->msg), "the model's init set area %d "
                    "for patient %u, expected 1 to 4", (int)p->area, index);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (p->baseline < 0 || p->baseline > (int32_t)SCORE_MAX) {
        ipt__format(w->msg, sizeof(w->msg), "the model's init set baseline "
                    "%d for patient %u, expected 0 to 27", (int)p->baseline,
                    index);
        return IPT_ERR_OUT_OF_RANGE;
    }
    return IPT_OK;
}

/* What a model sees of a patient; the engine keeps the authoritative
 * copy, so a model cannot change the index, area, baseline, sessions or
 * score behind its back. */
static void
patient_view(struct ipt_sim_patient *p,
             const struct ipt_sim_patient_result *res, double score)
{
    p->index = res->patient;
    p->area = res->area;
    p->baseline = res->baseline;
    p->attended = res->attended;
    p->score = score;
}

/* The dropout draw of one session: 1 if the patient drops out. */
static enum ipt_status
dropout_draw(struct worker *w, struct ipt_rng *rng,
             const struct ipt_sim_patient *p, uint32_t session,
             enum ipt_state phase, int *drops)
{
    const struct ipt_sim_callbacks *cb = &w->run->cb;
    double prob = cb->dropout(cb->user_data, p, session, phase);

    if (!(prob >= 0.0 && prob <= 1.0)) {
        ipt__format(w->msg, sizeof(w->msg), "the model's dropout gave %g "
                    "for patient %u before session %u, expected 0 to 1",
                    prob, p->index, session);
        return IPT_ERR_OUT_OF_RANGE;
    }
    *drops = (double)ipt__rng_next(rng->s) * 0x1p-32 < prob;
    return IPT_OK;
}

/* The model's update of one attended session; returns the kept score. */
static enum ipt_status
model_update(struct worker *w, struct ipt_rng *rng, struct ipt_sim_patient *p,
             uint32_t session, enum ipt_state phase, double *score)
{
    const struct ipt_sim_callbacks *cb = &w->run->cb;
    uint32_t index = p->index;

    cb->update(cb->user_data, rng, p, session, phase);
    if (p->score != p->score) {
        ipt__format(w->msg, sizeof(w->msg), "the model's update left a "
                    "score that is not a number for patient %u after "
                    "session %u", index, session);
        return IPT_ERR_OUT_OF_RANGE;
    }
    *score = clamp_score(p->score);
    return IPT_OK;
}

/* One patient through its own course, reset rather than allocated.  The
 * session points go to points[*npoints ...]. */
static enum ipt_status
simulate_patient(struct worker *w, uint32_t index,
                 struct ipt_sim_patient_result *res,
                 struct ipt_sim_session_point *points, size_t *npoints)
{
    struct ipt_course *c = w->course;
    struct ipt_sim_patient p;
    struct ipt_rng rng;
    enum ipt_status st;
    double score;

    memset(&p, 0, sizeof(p));
    memset(res, 0, sizeof(*res));
    p.index = index;
    ipt__rng_seed(rng.s, w->run->seed, index);
    st = model_init(w, index, &rng, &p);
    if (st != IPT_OK)
        return st;
    res->patient = index;
    res->area = p.area;
    res->baseline = p.baseline;
    score = (double)p.baseline;

    ipt__course_reset(c);
    st = ipt__sim_protocol_start(c, w->msg, sizeof(w->msg));
    while (st == IPT_OK && in_treatment(c->state)) {
        enum ipt_state phase = c->state;
        uint32_t session = c->held + 1;
        int drops = 0;

        patient_view(&p, res, score);
        st = dropout_draw(w, &rng, &p, session, phase, &drops);
        if (st == IPT_OK && drops) {
            st = drive(c, IPT_EVENT_DISCONTINUE, IPT_END_DROPOUT, 0, w->msg,
                       sizeof(w->msg));
            res->dropout_phase = (int32_t)phase;
            break;
        }
        if (st == IPT_OK)
            st = ipt__sim_protocol_hold(c, (enum ipt_area)res->area, 0,
                                        w->msg, sizeof(w->msg));
        if (st != IPT_OK)
            break;
        patient_view(&p, res, score);
        st = model_update(w, &rng, &p, session, phase, &score);
        res->attended = session;
        if (st == IPT_OK && points != NULL) {
            struct ipt_sim_session_point *pt = &points[(*npoints)++];

            pt->patient = index;
            pt->session = session;
            pt->phase = (int32_t)phase;
            pt->reserved = 0;
            pt->score = score;
        }
    }
    if (st == IPT_OK)
        set_outcome(res, score);
    return st;
}

/* ---- chunks ------------------------------------------------------------- */

static void
add_results(struct ipt_sim_totals *t, const struct ipt_sim_patient_result *r,
            uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (r[i].dropout_phase == 0)
            t->completed++;
        else
            t->dropped[r[i].dropout_phase - IPT_STATE_INITIAL]++;
        t->sessions_attended += r[i].attended;
        t->responders += r[i].responder;
        t->remitters += r[i].remitter;
        t->final_score_sum += (uint64_t)r[i].final_score;
        t->area_patients[r[i].area - IPT_AREA_GRIEF]++;
        t->area_remitters[r[i].area - IPT_AREA_GRIEF] += r[i].remitter;
    }
    t->patients += n;
}

static enum ipt_status
compute_chunk(struct worker *w, uint64_t k, uint32_t *count, size_t *npoints)
{
    const struct run *r = w->run;
    uint64_t first = k * r->chunk;
    uint64_t left = r->patients - first;
    uint32_t n = left < r->chunk ? (uint32_t)left : r->chunk;
    enum ipt_status st = IPT_OK;

    *npoints = 0;
    if (r->model == IPT_SIM_COHORT_V1) {
        st = ipt__sim_batch(&r->cohort, r->seed, w->block, w->course,
                            (uint32_t)first, n, w->results, w->points,
                            r->planned, npoints, w->msg, sizeof(w->msg));
    } else {
        for (uint32_t i = 0; st == IPT_OK && i < n; i++)
            st = simulate_patient(w, (uint32_t)(first + i), &w->results[i],
                                  w->points, npoints);
    }
    if (st == IPT_OK)
        add_results(&w->totals, w->results, n);
    *count = n;
    return st;
}

/* Records the run's first failure and wakes every worker to stop.  Called
 * with the lock held. */
static void
fail_locked(struct run *r, enum ipt_status st, const char *msg)
{
    if (r->status == IPT_OK) {
        r->status = st;
        ipt__format(r->msg, sizeof(r->msg), "%s", msg);
    }
    r->stop = 1;
    pthread_cond_broadcast(&r->turn);
}

static void
fail(struct run *r, enum ipt_status st, const char *msg)
{
    pthread_mutex_lock(&r->lock);
    fail_locked(r, st, msg);
    pthread_mutex_unlock(&r->lock);
}

/* Hands chunk k to the sink once every earlier chunk is delivered; the
 * sink runs outside the lock, since the turn alone keeps other workers
 * out of it.  Returns non-zero when the worker must stop. */
static int
deliver(struct worker *w, uint64_t k, uint32_t n, size_t npoints)
{
    struct run *r = w->run;
    const struct ipt_sim_sink *sink = &r->sink;
    enum ipt_status st = IPT_OK;
    int stop;

    if (r->ordered) {
        pthread_mutex_lock(&r->lock);
        while (!r->stop && r->delivered != k)
            pthread_cond_wait(&r->turn, &r->lock);
        stop = r->stop;
        pthread_mutex_unlock(&r->lock);
        if (stop)
            return 1;
        if (sink->patients != NULL) {
            st = sink->patients(sink->user_data, w->results, n);
            if (st != IPT_OK)
                ipt__format(w->msg, sizeof(w->msg), "the sink's patients "
                            "function returned '%s'", status_text(st));
        }
        if (st == IPT_OK && sink->sessions != NULL && npoints > 0) {
            st = sink->sessions(sink->user_data, w->points, npoints);
            if (st != IPT_OK)
                ipt__format(w->msg, sizeof(w->msg), "the sink's sessions "
                            "function returned '%s'", status_text(st));
        }
    }

    pthread_mutex_lock(&r->lock);
    if (st != IPT_OK) {
        fail_locked(r, st, w->msg);
    } else if (!r->stop) {
        r->delivered++;
        r->done += n;
        if (r->progress != NULL &&
            r->progress(r->progress_data, r->done, r->patients) != 0) {
            ipt__format(w->msg, sizeof(w->msg), "the progress callback "
                        "cancelled the run after %llu of %llu patients",
                        (unsigned long long)r->done,
                        (unsigned long long)r->patients);
            fail_locked(r, IPT_ERR_CANCELLED, w->msg);
        }
        pthread_cond_broadcast(&r->turn);
    }
    stop = r->stop;
    pthread_mutex_unlock(&r->lock);
    return stop;
}

static void
work(struct worker *w)
{
    struct run *r = w->run;

    for (;;) {
        uint64_t k;
        uint32_t n = 0;
        size_t npoints = 0;
        enum ipt_status st;

        pthread_mutex_lock(&r->lock);
        if (r->stop || r->next_chunk >= r->chunks) {
            pthread_mutex_unlock(&r->lock);
            return;
        }
        k = r->next_chunk++;
        pthread_mutex_unlock(&r->lock);

        st = compute_chunk(w, k, &n, &npoints);
        if (st != IPT_OK) {
            fail(r, st, w->msg);
            return;
        }
        if (deliver(w, k, n, npoints))
            return;
    }
}

static void *
worker_main(void *arg)
{
    work(arg);
    return NULL;
}

/* Runs the calling thread as worker 0 next to nworkers - 1 threads. */
static void
run_workers(struct run *r)
{
    for (uint32_t i = 1; i < r->nworkers; i++) {
        struct worker *w = &r->workers[i];
        int e = pthread_create(&w->thread, NULL, worker_main, w);

        /* Only a system out of threads or memory fails here, which no
         * test can arrange; the run then stops with IPT_ERR_SYSTEM. */
        /* GCOVR_EXCL_START */
        if (e != 0) {
            char msg[IPT__MSG_SIZE];

            ipt__format(msg, sizeof(msg), "could not start worker thread %u "
                        "of %u (error %d)", i + 1, r->nworkers, e);
            fail(r, IPT_ERR_SYSTEM, msg);
            break;
        }
        /* GCOVR_EXCL_STOP */
        w->started = 1;
    }
    work(&r->workers[0]);
    for (uint32_t i = 1; i < r->nworkers; i++) {
        /* A worker is not started only when pthread_create() failed, as
         * above. */
        if (r->workers[i].started) /* GCOVR_EXCL_BR_LINE */
            pthread_join(r->workers[i].thread, NULL);
    }
}

/* ---- configuration ------------------------------------------------------ */

static int
in_range(double x, double lo, double hi)
{
    return x >= lo && x <= hi;          /* false for NaN */
}

/* ceil(p * 2^32) for p in [0, 1]: the number of draws next() below p. */
static uint64_t
threshold(double p)
{
    double x = p * 0x1p32;              /* exact: a power of two */
    uint64_t t = (uint64_t)x;

    return (double)t < x ? t + 1 : t;
}

static enum ipt_status
check_cohort_ranges(const struct ipt_cohort_v1_params *p, char *msg,
                    uint64_t msg_size)
{
    for (int k = 0; k < 3; k++) {
        if (!in_range(p->dropout[k], 0.0, 1.0)) {
            ipt__format(msg, msg_size, "config.cohort_v1.dropout[%d] is %g, "
                        "expected 0 to 1", k, p->dropout[k]);
            return IPT_ERR_OUT_OF_RANGE;
        }
        if (!in_range(p->area_bounds[k], 0.0, 1.0) ||
            (k > 0 && p->area_bounds[k] < p->area_bounds[k - 1])) {
            ipt__format(msg, msg_size, "config.cohort_v1.area_bounds[%d] is "
                        "%g, expected 0 to 1 and not below the previous "
                        "bound", k, p->area_bounds[k]);
            return IPT_ERR_OUT_OF_RANGE;
        }
    }
    for (int a = 0; a < 4; a++) {
        if (!in_range(p->base_rate[a], 0.0, 1.0)) {
            ipt__format(msg, msg_size, "config.cohort_v1.base_rate[%d] is "
                        "%g, expected 0 to 1", a, p->base_rate[a]);
            return IPT_ERR_OUT_OF_RANGE;
        }
    }
    if (!in_range(p->dropout_multiplier, 0.0, 1000.0)) {
        ipt__format(msg, msg_size, "config.cohort_v1.dropout_multiplier is "
                    "%g, expected 0 to 1000", p->dropout_multiplier);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (!in_range(p->noise, 0.0, SCORE_MAX)) {
        ipt__format(msg, msg_size, "config.cohort_v1.noise is %g, expected "
                    "0 to 27", p->noise);
        return IPT_ERR_OUT_OF_RANGE;
    }
    return IPT_OK;
}

/* Every problem area the area draw can give must be one the profile
 * allows, or the course machine would refuse the patient's focus. */
static enum ipt_status
check_cohort_areas(const struct ipt__sim_cohort *m,
                   const struct ipt_profile *profile, char *msg,
                   uint64_t msg_size)
{
    /* Draws u = k * 2^-32 below each bound; area a is drawn when the
     * counts of its two bounds differ. */
    const uint64_t below[5] = {
        0, m->area_threshold[0], m->area_threshold[1], m->area_threshold[2],
        UINT64_C(1) << 32,
    };

    for (int32_t a = IPT_AREA_GRIEF; a <= IPT_AREA_INTERPERSONAL_DEFICITS;
         a++) {
        if (below[a] > below[a - 1] &&
            (profile->params.allowed_areas & IPT_AREA_BIT(a)) == 0) {
            ipt__format(msg, msg_size, "cohort-v1 draws problem area '%s', "
                        "which profile '%s' does not allow",
                        ipt_area_name((enum ipt_area)a), profile->name);
            return IPT_ERR_OUT_OF_RANGE;
        }
    }
    return IPT_OK;
}

static enum ipt_status
read_cohort(const struct ipt_cohort_v1_params *in, struct run *r, char *msg,
            uint64_t msg_size)
{
    struct ipt_cohort_v1_params p;
    struct ipt__sim_cohort *m = &r->cohort;
    enum ipt_status st;

    if (in == NULL) {
        (void)ipt_cohort_v1_defaults(&p);
    } else {
        st = ipt__read_sized(in, sizeof(p), &p, sizeof(p));
        if (st != IPT_OK) {
            ipt__format(msg, msg_size, "config.cohort_v1.size is %u: %s",
                        (unsigned)in->size, st == IPT_ERR_INVALID_ARGUMENT
                        ? "too small" : "larger than this library knows, "
                        "with extra bytes that are not 0");
            return st;
        }
        if (p.reserved != 0) {
            ipt__format(msg, msg_size, "config.cohort_v1.reserved must be 0");
            return IPT_ERR_INVALID_ARGUMENT;
        }
    }
    st = check_cohort_ranges(&p, msg, msg_size);
    if (st != IPT_OK)
        return st;
    for (int k = 0; k < 3; k++) {
        double d = p.dropout[k] * p.dropout_multiplier;

        m->dropout[k] = d < 1.0 ? d : 1.0;
        m->threshold[k] = threshold(m->dropout[k]);
        m->area_bounds[k] = p.area_bounds[k];
        m->area_threshold[k] = threshold(p.area_bounds[k]);
    }
    for (int a = 0; a < 4; a++)
        m->base_rate[a] = p.base_rate[a];
    m->noise = p.noise;
    return check_cohort_areas(m, r->profile, msg, msg_size);
}

static enum ipt_status
read_callbacks(const struct ipt_sim_callbacks *in, struct run *r, char *msg,
               uint64_t msg_size)
{
    struct ipt_sim_callbacks *cb = &r->cb;
    enum ipt_status st;

    if (in == NULL) {
        ipt__format(msg, msg_size, "config.callbacks is NULL, but the model "
                    "is 'callbacks'");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = ipt__read_sized(in, sizeof(*cb), cb, sizeof(*cb));
    if (st != IPT_OK) {
        ipt__format(msg, msg_size, "config.callbacks.size is %u: %s",
                    (unsigned)in->size, st == IPT_ERR_INVALID_ARGUMENT
                    ? "too small" : "larger than this library knows, with "
                    "extra bytes that are not 0");
        return st;
    }
    if (cb->reserved != 0) {
        ipt__format(msg, msg_size, "config.callbacks.reserved must be 0");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    if (cb->init == NULL || cb->dropout == NULL || cb->update == NULL) {
        ipt__format(msg, msg_size, "config.callbacks.%s is NULL",
                    cb->init == NULL ? "init"
                    : cb->dropout == NULL ? "dropout" : "update");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    return IPT_OK;
}

static enum ipt_status
read_sink(const struct ipt_sim_sink *in, struct run *r, char *msg,
          uint64_t msg_size)
{
    enum ipt_status st;

    if (in == NULL)
        return IPT_OK;
    st = ipt__read_sized(in, sizeof(r->sink), &r->sink, sizeof(r->sink));
    if (st != IPT_OK) {
        ipt__format(msg, msg_size, "config.sink.size is %u: %s",
                    (unsigned)in->size, st == IPT_ERR_INVALID_ARGUMENT
                    ? "too small" : "larger than this library knows, with "
                    "extra bytes that are not 0");
        return st;
    }
    if (r->sink.reserved != 0) {
        ipt__format(msg, msg_size, "config.sink.reserved must be 0");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    r->has_sink = r->sink.patients != NULL || r->sink.sessions != NULL;
    return IPT_OK;
}

static uint32_t
online_processors(void)
{
#if defined(_SC_NPROCESSORS_ONLN)
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    /* What the machine has: sysconf does not fail on Linux, and the test
     * machines have fewer than 256 processors. */
    if (n >= 1) { /* GCOVR_EXCL_BR_LINE */
        if (n > (long)THREADS_MAX) /* GCOVR_EXCL_BR_LINE */
            return THREADS_MAX; /* GCOVR_EXCL_LINE */
        return (uint32_t)n;
    }
#endif
    return 1; /* GCOVR_EXCL_LINE: sysconf() does not fail on Linux */
}

static enum ipt_status
read_config(const struct ipt_sim_config *in, struct run *r, char *msg,
            uint64_t msg_size)
{
    struct ipt_sim_config cfg;
    enum ipt_status st;

    if (in == NULL) {
        ipt__format(msg, msg_size, "config is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = ipt__read_sized(in, sizeof(cfg), &cfg, sizeof(cfg));
    if (st != IPT_OK) {
        ipt__format(msg, msg_size, "config.size is %u: %s",
                    (unsigned)in->size, st == IPT_ERR_INVALID_ARGUMENT
                    ? "too small" : "larger than this library knows, with "
                    "extra bytes that are not 0");
        return st;
    }
    if (cfg.model != IPT_SIM_COHORT_V1 && cfg.model != IPT_SIM_CALLBACKS) {
        ipt__format(msg, msg_size, "config.model is %d, not a known model",
                    (int)cfg.model);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (cfg.patients < 1 || cfg.patients > PATIENTS_MAX) {
        ipt__format(msg, msg_size, "config.patients is %llu, expected 1 to "
                    "4294967296", (unsigned long long)cfg.patients);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (cfg.threads > THREADS_MAX) {
        ipt__format(msg, msg_size, "config.threads is %u, expected 0 to 256",
                    (unsigned)cfg.threads);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (ipt__allocator_resolve(cfg.allocator, &r->alloc) != IPT_OK) {
        ipt__format(msg, msg_size, "config.allocator lacks a function");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    r->model = cfg.model;
    r->seed = cfg.seed;
    r->patients = cfg.patients;
    r->threads = cfg.threads != 0 ? cfg.threads : online_processors();
    r->progress = cfg.progress;
    r->progress_data = cfg.progress_data;
    r->profile = cfg.profile;
    if (r->profile == NULL)
        (void)ipt_profile_builtin("standard", &r->profile);
    r->planned = r->profile->params.planned_sessions;
    st = read_sink(cfg.sink, r, msg, msg_size);
    if (st == IPT_OK && r->model == IPT_SIM_COHORT_V1)
        st = read_cohort(cfg.cohort_v1, r, msg, msg_size);
    else if (st == IPT_OK)
        st = read_callbacks(cfg.callbacks, r, msg, msg_size);
    return st;
}

/* Chunks of whole blocks: about CHUNKS_PER_WORKER per worker, at most
 * CHUNK_MAX patients, and small enough that their session points fit
 * CHUNK_POINTS when a sink takes them. */
static void
plan_chunks(struct run *r)
{
    uint64_t ways = (uint64_t)r->threads * CHUNKS_PER_WORKER;
    uint64_t chunk = (r->patients + ways - 1) / ways;
    uint64_t cap = CHUNK_MAX;

    if (r->sink.sessions != NULL) {
        uint64_t fit = (uint64_t)CHUNK_POINTS / r->planned /
                       IPT__SIM_BLOCK * IPT__SIM_BLOCK;

        cap = fit < cap ? fit : cap;
    }
    chunk = (chunk + IPT__SIM_BLOCK - 1) / IPT__SIM_BLOCK * IPT__SIM_BLOCK;
    chunk = chunk < cap ? chunk : cap;
    chunk = chunk < IPT__SIM_BLOCK ? IPT__SIM_BLOCK : chunk;
    r->chunk = (uint32_t)chunk;
    r->chunks = (r->patients + chunk - 1) / chunk;
    r->nworkers = r->chunks < r->threads ? (uint32_t)r->chunks : r->threads;
    r->ordered = r->has_sink;
}

/* ---- working memory ----------------------------------------------------- */

/* Frees the workers of alloc_workers(), which succeeded. */
static void
free_workers(struct run *r)
{
    for (uint32_t i = 0; i < r->nworkers; i++) {
        struct worker *w = &r->workers[i];

        ipt_course_free(w->course);
        ipt__free(&r->alloc, w->block);
        ipt__free(&r->alloc, w->results);
        ipt__free(&r->alloc, w->points);
    }
    ipt__free(&r->alloc, r->workers);
    r->workers = NULL;
}

static enum ipt_status
alloc_worker(struct run *r, struct worker *w)
{
    size_t n = r->patients < r->chunk ? (size_t)r->patients : r->chunk;

    w->run = r;
    if (ipt_course_new(r->profile, &r->alloc, &w->course) != IPT_OK)
        return IPT_ERR_NO_MEMORY;
    w->results = ipt__alloc(&r->alloc, sizeof(*w->results) * n);
    if (w->results == NULL)
        return IPT_ERR_NO_MEMORY;
    if (r->sink.sessions != NULL) {
        /* The batched path writes a chunk's points with a stride of the
         * planned sessions, whole blocks at a time. */
        w->points = ipt__alloc(&r->alloc, sizeof(*w->points) * n *
                               r->planned);
        if (w->points == NULL)
            return IPT_ERR_NO_MEMORY;
    }
    if (r->model == IPT_SIM_COHORT_V1) {
        w->block = ipt__alloc(&r->alloc, ipt__sim_block_size());
        if (w->block == NULL)
            return IPT_ERR_NO_MEMORY;
    }
    return IPT_OK;
}

static enum ipt_status
alloc_workers(struct run *r, char *msg, uint64_t msg_size)
{
    r->workers = ipt__alloc(&r->alloc, sizeof(*r->workers) * r->nworkers);
    if (r->workers != NULL) {
        memset(r->workers, 0, sizeof(*r->workers) * r->nworkers);
        for (uint32_t i = 0; i < r->nworkers; i++) {
            if (alloc_worker(r, &r->workers[i]) != IPT_OK) {
                free_workers(r);
                break;
            }
        }
    }
    if (r->workers == NULL) {
        ipt__format(msg, msg_size, "no memory for the working memory of %u "
                    "worker threads", r->nworkers);
        return IPT_ERR_NO_MEMORY;
    }
    return IPT_OK;
}

/* ---- the public entry --------------------------------------------------- */

static enum ipt_status
run_threads(struct run *r, char *msg, uint64_t msg_size)
{
    int e = pthread_mutex_init(&r->lock, NULL);

    /* With default attributes these fail only when the system is out of
     * memory, which no test can arrange. */
    /* GCOVR_EXCL_START */
    if (e == 0 && (e = pthread_cond_init(&r->turn, NULL)) != 0)
        pthread_mutex_destroy(&r->lock);
    if (e != 0) {
        ipt__format(msg, msg_size, "could not create the run's lock "
                    "(error %d)", e);
        return IPT_ERR_SYSTEM;
    }
    /* GCOVR_EXCL_STOP */
    run_workers(r);
    pthread_cond_destroy(&r->turn);
    pthread_mutex_destroy(&r->lock);
    if (r->status != IPT_OK)
        ipt__format(msg, msg_size, "%s", r->msg);
    return r->status;
}

enum ipt_status
ipt_sim_run(const struct ipt_sim_config *config, struct ipt_sim_totals *totals,
            char *message, uint64_t message_size)
{
    struct run r;
    struct ipt_sim_totals sum;
    enum ipt_status st;

    memset(&r, 0, sizeof(r));
    if (message != NULL && message_size > 0)
        message[0] = '\0';
    if (totals == NULL) {
        ipt__format(message, message_size, "totals is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = read_config(config, &r, message, message_size);
    if (st != IPT_OK)
        return st;
    plan_chunks(&r);
    st = alloc_workers(&r, message, message_size);
    if (st != IPT_OK)
        return st;
    st = run_threads(&r, message, message_size);
    if (st == IPT_OK) {
        memset(&sum, 0, sizeof(sum));
        for (uint32_t i = 0; i < r.nworkers; i++) {
            const struct ipt_sim_totals *t = &r.workers[i].totals;

            sum.patients += t->patients;
            sum.completed += t->completed;
            for (int k = 0; k < 3; k++)
                sum.dropped[k] += t->dropped[k];
            sum.sessions_attended += t->sessions_attended;
            sum.responders += t->responders;
            sum.remitters += t->remitters;
            sum.final_score_sum += t->final_score_sum;
            for (int a = 0; a < 4; a++) {
                sum.area_patients[a] += t->area_patients[a];
                sum.area_remitters[a] += t->area_remitters[a];
            }
        }
        *totals = sum;
    }
    free_workers(&r);
    return st;
}
