/* SPDX-License-Identifier: MIT */
/*
 * The simulation engine, black box: the random streams and seeds against
 * an independent implementation written here from the specification
 * (docs/simulation.md, cohort-v1), cohort-v1 against a plain loop of the
 * specification (totals and every patient and session), the same model
 * written as callbacks (the per-patient path) against the built-in
 * (batched) path, determinism for any thread count, ordered delivery to a
 * sink, zero allocation per patient, every validation error, cancellation,
 * sink errors, allocation failure at every step, and a profile other than
 * the standard one.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ipt/ipt.h>

#define N_AREAS 4
#define MAX_PLANNED 64

/* ---- an independent implementation of the specification ----------------- */

static uint32_t
ref_fmix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x;
}

static uint32_t
ref_rotl(uint32_t x, int k)
{
    return (uint32_t)(x << k) | (x >> (32 - k));
}

struct ref_rng {
    uint32_t s[4];
};

static void
ref_seed(struct ref_rng *r, uint32_t seed, uint32_t i)
{
    for (uint32_t k = 0; k < 4; k++)
        r->s[k] = ref_fmix32(ref_fmix32(seed + (k + 1) * 0x9E3779B9u) ^ i);
    if (r->s[0] == 0 && r->s[1] == 0 && r->s[2] == 0 && r->s[3] == 0)
        r->s[0] = 1;
}

static uint32_t
ref_next(struct ref_rng *r)
{
    uint32_t *s = r->s;
    uint32_t result = ref_rotl(s[1] * 5, 7) * 9;
    uint32_t t = s[1] << 9;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ref_rotl(s[3], 11);
    return result;
}

static double
ref_u(struct ref_rng *r)
{
    return (double)ref_next(r) / 4294967296.0;
}

/* floor() of a non-negative number below 2^62 (the test does not link
 * libm). */
static double
ref_floor(double x)
{
    return (double)(int64_t)x;
}

/* Model parameters and protocol shape of the reference: the standard
 * profile is initial for s <= 3, middle for s <= 12, termination after,
 * over 16 sessions. */
struct ref_params {
    double dropout[3];
    double bounds[3];
    double rate[4];
    double noise;
    uint32_t planned;
    uint32_t initial_last;
    uint32_t termination;
};

static const struct ref_params ref_standard = {
    { 0.04, 0.02, 0.01 }, { 0.20, 0.55, 0.85 },
    { 0.07, 0.06, 0.08, 0.045 }, 3.0, 16, 3, 4,
};

static int32_t
ref_phase(const struct ref_params *p, uint32_t s)
{
    if (s <= p->initial_last)
        return IPT_STATE_INITIAL;
    if (s <= p->planned - p->termination)
        return IPT_STATE_MIDDLE;
    return IPT_STATE_TERMINATION;
}

/* One patient, straight from the specification's list of steps.  Writes
 * the result and the score after each attended session. */
static void
ref_patient(const struct ref_params *p, uint32_t seed, uint32_t i,
            struct ipt_sim_patient_result *res, double *scores)
{
    struct ref_rng r;
    double u, rate, score;
    int32_t baseline, area, final;

    ref_seed(&r, seed, i);
    baseline = 10 + (int32_t)ref_floor(ref_u(&r) * 18);
    u = ref_u(&r);
    if (u < p->bounds[0])
        area = IPT_AREA_GRIEF;
    else if (u < p->bounds[1])
        area = IPT_AREA_ROLE_DISPUTE;
    else if (u < p->bounds[2])
        area = IPT_AREA_ROLE_TRANSITION;
    else
        area = IPT_AREA_INTERPERSONAL_DEFICITS;
    rate = p->rate[area - 1] * (0.5 + ref_u(&r));
    score = baseline;
    memset(res, 0, sizeof(*res));
    res->patient = i;
    res->area = area;
    res->baseline = baseline;
    for (uint32_t s = 1; s <= p->planned; s++) {
        int32_t phase = ref_phase(p, s);
        double a, b, noise;

        if (ref_u(&r) < p->dropout[phase - IPT_STATE_INITIAL]) {
            res->dropout_phase = phase;
            break;
        }
        a = ref_u(&r);
        b = ref_u(&r);
        noise = ((a + b) - 1.0) * p->noise;
        score = (score - (rate * score)) + noise;
        if (score < 0)
            score = 0;
        if (score > 27)
            score = 27;
        res->attended = s;
        scores[s - 1] = score;
    }
    final = (int32_t)ref_floor(score + 0.5);
    res->final_score = final;
    res->responder = final * 2 <= baseline;
    res->remitter = final < 5;
}

static void
ref_add(struct ipt_sim_totals *t, const struct ipt_sim_patient_result *r)
{
    t->patients++;
    if (r->dropout_phase == 0)
        t->completed++;
    else
        t->dropped[r->dropout_phase - IPT_STATE_INITIAL]++;
    t->sessions_attended += r->attended;
    t->responders += r->responder;
    t->remitters += r->remitter;
    t->final_score_sum += (uint64_t)r->final_score;
    t->area_patients[r->area - 1]++;
    t->area_remitters[r->area - 1] += r->remitter;
}

/* ---- a sink that keeps everything --------------------------------------- */

struct collect {
    uint32_t expected;              /* patients in the run */
    struct ipt_sim_patient_result *results;
    uint32_t count;
    struct ipt_sim_session_point *points;
    size_t npoints;
    size_t capacity;
    uint32_t patient_calls;
    uint32_t session_calls;
    bool order_ok;                  /* results and points came in order */
    uint32_t fail_patients_at;      /* 1-based call that fails; 0: none */
    uint32_t fail_sessions_at;
    enum ipt_status fail_with;
};

static enum ipt_status
collect_patients(void *user_data, const struct ipt_sim_patient_result *r,
                 size_t count)
{
    struct collect *c = user_data;

    c->patient_calls++;
    if (c->fail_patients_at == c->patient_calls)
        return c->fail_with;
    if (count == 0 || c->count + count > c->expected) {
        c->order_ok = false;
        return IPT_OK;
    }
    for (size_t k = 0; k < count; k++) {
        if (r[k].patient != c->count + k)
            c->order_ok = false;
    }
    memcpy(&c->results[c->count], r, sizeof(*r) * count);
    c->count += (uint32_t)count;
    return IPT_OK;
}

static enum ipt_status
collect_sessions(void *user_data, const struct ipt_sim_session_point *p,
                 size_t count)
{
    struct collect *c = user_data;

    c->session_calls++;
    if (c->fail_sessions_at == c->session_calls)
        return c->fail_with;
    if (count == 0 || c->npoints + count > c->capacity) {
        c->order_ok = false;
        return IPT_OK;
    }
    for (size_t k = 0; k < count; k++) {
        const struct ipt_sim_session_point *prev =
            c->npoints + k > 0 ? (k > 0 ? &p[k - 1]
                                        : &c->points[c->npoints - 1])
                               : NULL;

        if (p[k].reserved != 0 || p[k].session == 0)
            c->order_ok = false;
        if (prev != NULL &&
            !(p[k].patient > prev->patient ||
              (p[k].patient == prev->patient &&
               p[k].session == prev->session + 1)))
            c->order_ok = false;
        if ((prev == NULL || p[k].patient != prev->patient) &&
            p[k].session != 1)
            c->order_ok = false;
    }
    memcpy(&c->points[c->npoints], p, sizeof(*p) * count);
    c->npoints += count;
    return IPT_OK;
}

static void
collect_init(struct collect *c, uint32_t patients, uint32_t planned)
{
    memset(c, 0, sizeof(*c));
    c->expected = patients;
    c->results = calloc(patients, sizeof(*c->results));
    c->capacity = (size_t)patients * planned;
    c->points = calloc(c->capacity, sizeof(*c->points));
    c->order_ok = true;
    c->fail_with = IPT_OK;
    assert_non_null(c->results);
    assert_non_null(c->points);
}

static void
collect_free(struct collect *c)
{
    free(c->results);
    free(c->points);
}

static struct ipt_sim_sink
collect_sink(struct collect *c)
{
    struct ipt_sim_sink s;

    memset(&s, 0, sizeof(s));
    s.size = sizeof(s);
    s.user_data = c;
    s.patients = collect_patients;
    s.sessions = collect_sessions;
    return s;
}

/* ---- helpers ------------------------------------------------------------ */

static struct ipt_sim_config
config_of(int32_t model, uint32_t seed, uint64_t patients, uint32_t threads)
{
    struct ipt_sim_config c;

    memset(&c, 0, sizeof(c));
    c.size = sizeof(c);
    c.model = model;
    c.seed = seed;
    c.patients = patients;
    c.threads = threads;
    return c;
}

static void
run_ok(const struct ipt_sim_config *c, struct ipt_sim_totals *t)
{
    char msg[256];
    enum ipt_status st = ipt_sim_run(c, t, msg, sizeof(msg));

    if (st != IPT_OK)
        fail_msg("run failed: %s: %s", ipt_status_name(st), msg);
    assert_string_equal(msg, "");
}

static void
totals_equal(const struct ipt_sim_totals *a, const struct ipt_sim_totals *b)
{
    assert_memory_equal(a, b, sizeof(*a));
}

/* Compares a collected run with the reference, patient by patient and
 * session by session. */
static void
check_against_reference(const struct ref_params *p, uint32_t seed,
                        const struct collect *c,
                        const struct ipt_sim_totals *got)
{
    struct ipt_sim_totals want;
    size_t point = 0;

    memset(&want, 0, sizeof(want));
    assert_true(c->order_ok);
    assert_int_equal(c->count, c->expected);
    for (uint32_t i = 0; i < c->expected; i++) {
        struct ipt_sim_patient_result r;
        double scores[MAX_PLANNED];

        ref_patient(p, seed, i, &r, scores);
        ref_add(&want, &r);
        if (memcmp(&r, &c->results[i], sizeof(r)) != 0)
            fail_msg("seed %u patient %u: attended %u/%u, final %d/%d, "
                     "area %d/%d", seed, i, c->results[i].attended,
                     r.attended, c->results[i].final_score, r.final_score,
                     c->results[i].area, r.area);
        for (uint32_t s = 1; s <= r.attended; s++, point++) {
            const struct ipt_sim_session_point *pt = &c->points[point];

            assert_true(point < c->npoints);
            assert_int_equal(pt->patient, i);
            assert_int_equal(pt->session, s);
            assert_int_equal(pt->phase, ref_phase(p, s));
            if (pt->score != scores[s - 1])
                fail_msg("seed %u patient %u session %u: score %.17g, "
                         "expected %.17g", seed, i, s, pt->score,
                         scores[s - 1]);
        }
    }
    assert_int_equal(point, c->npoints);
    totals_equal(got, &want);
}

static void
cohort_params_of(const struct ref_params *p, struct ipt_cohort_v1_params *out)
{
    assert_int_equal(ipt_cohort_v1_defaults(out), IPT_OK);
    memcpy(out->dropout, p->dropout, sizeof(out->dropout));
    memcpy(out->area_bounds, p->bounds, sizeof(out->area_bounds));
    memcpy(out->base_rate, p->rate, sizeof(out->base_rate));
    out->noise = p->noise;
}

/* Runs cohort-v1 (or its callbacks twin) with a collecting sink and checks
 * every patient against the reference. */
static void
check_run(const struct ref_params *p, const struct ipt_profile *profile,
          const struct ipt_sim_callbacks *cb, uint32_t seed,
          uint32_t patients, uint32_t threads)
{
    struct ipt_sim_config c = config_of(cb != NULL ? IPT_SIM_CALLBACKS
                                                   : IPT_SIM_COHORT_V1,
                                        seed, patients, threads);
    struct ipt_cohort_v1_params params;
    struct ipt_sim_totals t;
    struct collect col;
    struct ipt_sim_sink sink;

    cohort_params_of(p, &params);
    collect_init(&col, patients, p->planned);
    sink = collect_sink(&col);
    c.sink = &sink;
    c.profile = profile;
    c.cohort_v1 = &params;
    c.callbacks = cb;
    run_ok(&c, &t);
    check_against_reference(p, seed, &col, &t);
    collect_free(&col);
}

/* ---- cohort-v1 written as callbacks ------------------------------------- */

static enum ipt_status
twin_init(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p)
{
    const struct ref_params *rp = user_data;
    double u;

    p->baseline = 10 + (int32_t)ref_floor(ipt_rng_uniform(rng) * 18);
    u = ipt_rng_uniform(rng);
    p->area = u < rp->bounds[0] ? IPT_AREA_GRIEF
              : u < rp->bounds[1] ? IPT_AREA_ROLE_DISPUTE
              : u < rp->bounds[2] ? IPT_AREA_ROLE_TRANSITION
                                  : IPT_AREA_INTERPERSONAL_DEFICITS;
    p->model[0] = rp->rate[p->area - 1] * (0.5 + ipt_rng_uniform(rng));
    return IPT_OK;
}

static double
twin_dropout(void *user_data, const struct ipt_sim_patient *p,
             uint32_t session, enum ipt_state phase)
{
    const struct ref_params *rp = user_data;

    (void)p;
    (void)session;
    return rp->dropout[phase - IPT_STATE_INITIAL];
}

static void
twin_update(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p,
            uint32_t session, enum ipt_state phase)
{
    const struct ref_params *rp = user_data;
    double a = ipt_rng_uniform(rng);
    double b = ipt_rng_uniform(rng);

    (void)session;
    (void)phase;
    p->score = (p->score - (p->model[0] * p->score)) +
               ((a + b) - 1.0) * rp->noise;
}

static struct ipt_sim_callbacks
twin_of(const struct ref_params *p)
{
    struct ipt_sim_callbacks cb;

    memset(&cb, 0, sizeof(cb));
    cb.size = sizeof(cb);
    cb.user_data = (void *)(uintptr_t)p;
    cb.init = twin_init;
    cb.dropout = twin_dropout;
    cb.update = twin_update;
    return cb;
}

/* ---- random numbers ----------------------------------------------------- */

static void
test_rng_known_values(void **state)
{
    /* Computed by hand (in Python) from the specification. */
    static const uint32_t first_draws[4] = {
        0x22c8a277u, 0x58e9fe4bu, 0xebf26390u, 0x3c5be38du,
    };
    static const uint32_t seeded[4] = {
        4137983873u, 867435477u, 1251782973u, 925373698u,
    };
    struct ipt_rng rng;

    (void)state;
    assert_int_equal(ref_fmix32(1), 0x514e28b7u);
    assert_int_equal(ipt_rng_seed_patient(&rng, 0, 0), IPT_OK);
    for (int k = 0; k < 4; k++)
        assert_int_equal(ipt_rng_next(&rng), first_draws[k]);
    assert_int_equal(ipt_rng_seed_patient(&rng, 1, 2), IPT_OK);
    assert_memory_equal(rng.s, seeded, sizeof(seeded));
    assert_int_equal(ipt_rng_next(&rng), 0x52563889u);
    assert_int_equal(ipt_rng_next(&rng), 0xd1fdbe16u);
    assert_int_equal(ipt_rng_next(&rng), 0xba5b84dfu);

    assert_int_equal(ipt_rng_seed_patient(NULL, 0, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_rng_next(NULL), 0);
    assert_true(ipt_rng_uniform(NULL) == 0.0);
}

static void
test_rng_matches_reference(void **state)
{
    static const uint32_t seeds[] = { 0, 1, 2, 42, 0x9E3779B9u, 0x7FFFFFFFu,
                                      0x80000000u, 0xFFFFFFFFu };
    static const uint32_t patients[] = { 0, 1, 255, 256, 65535, 1000003,
                                         0x80000000u, 0xFFFFFFFFu };

    (void)state;
    for (size_t a = 0; a < sizeof(seeds) / sizeof(seeds[0]); a++) {
        for (size_t b = 0; b < sizeof(patients) / sizeof(patients[0]); b++) {
            struct ipt_rng rng, copy;
            struct ref_rng ref;

            assert_int_equal(ipt_rng_seed_patient(&rng, seeds[a],
                                                  patients[b]), IPT_OK);
            ref_seed(&ref, seeds[a], patients[b]);
            assert_memory_equal(rng.s, ref.s, sizeof(ref.s));
            /* The seeding rule never gives four zero words: they would
             * need fmix32(seed + (k + 1) * 0x9E3779B9) to be the same for
             * four different arguments, and fmix32 is a bijection. */
            assert_true((rng.s[0] | rng.s[1] | rng.s[2] | rng.s[3]) != 0);
            for (int k = 0; k < 100; k++) {
                uint32_t want = ref_next(&ref);
                double u;

                copy = rng;
                assert_int_equal(ipt_rng_next(&copy), want);
                u = ipt_rng_uniform(&rng);
                assert_true(u == (double)want * 0x1p-32);
                assert_true(u >= 0.0 && u < 1.0);
                assert_memory_equal(rng.s, copy.s, sizeof(copy.s));
            }
        }
    }
}

static void
test_cell_seeds(void **state)
{
    (void)state;
    /* fmix32(seed ^ fmix32(cell + 1)), computed by hand. */
    assert_int_equal(ipt_sim_cell_seed(0, 0), 0x2fef5c8fu);
    assert_int_equal(ipt_sim_cell_seed(1, 0), 0x3d8ed02fu);
    assert_int_equal(ipt_sim_cell_seed(1, 1), 0x371fc43bu);
    assert_int_equal(ipt_sim_cell_seed(12345, 7), 0x47671bc5u);
    for (uint32_t seed = 0; seed < 50; seed++) {
        for (uint32_t cell = 0; cell < 50; cell++)
            assert_int_equal(ipt_sim_cell_seed(seed * 0x01000193u, cell),
                             ref_fmix32(seed * 0x01000193u ^
                                        ref_fmix32(cell + 1)));
    }
    assert_int_equal(ipt_sim_cell_seed(7, 0xFFFFFFFFu),
                     ref_fmix32(7 ^ ref_fmix32(0)));
}

/* ---- cohort-v1 ---------------------------------------------------------- */

static void
check_json(uint32_t seed, uint64_t patients, uint32_t threads,
           const char *want)
{
    struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, seed, patients,
                                        threads);
    struct ipt_sim_totals t;
    char buf[1024];
    size_t len = 0;

    run_ok(&c, &t);
    assert_int_equal(ipt_sim_totals_json("cohort-v1", seed, &t, buf,
                                         sizeof(buf), &len), IPT_OK);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));
}

/* Totals computed by an implementation of the specification in Python,
 * printed with json.dumps(). */
static void
test_cohort_v1_golden(void **state)
{
    (void)state;
    check_json(0, 1000, 1,
        "{\"model\": \"cohort-v1\", \"seed\": 0, \"patients\": 1000, "
        "\"completed\": 702, \"dropped\": {\"initial\": 111, \"middle\": "
        "153, \"termination\": 34}, \"sessions_attended\": 12844, "
        "\"responders\": 596, \"remitters\": 264, \"final_score_sum\": "
        "8761, \"by_area\": {\"grief\": {\"patients\": 200, \"remitters\": "
        "61}, \"role_dispute\": {\"patients\": 357, \"remitters\": 80}, "
        "\"role_transition\": {\"patients\": 289, \"remitters\": 110}, "
        "\"interpersonal_deficits\": {\"patients\": 154, \"remitters\": "
        "13}}}\n");
    check_json(4294967295u, 1000, 2,
        "{\"model\": \"cohort-v1\", \"seed\": 4294967295, \"patients\": "
        "1000, \"completed\": 702, \"dropped\": {\"initial\": 109, "
        "\"middle\": 154, \"termination\": 35}, \"sessions_attended\": "
        "12863, \"responders\": 575, \"remitters\": 261, "
        "\"final_score_sum\": 8844, \"by_area\": {\"grief\": {\"patients\": "
        "199, \"remitters\": 57}, \"role_dispute\": {\"patients\": 348, "
        "\"remitters\": 81}, \"role_transition\": {\"patients\": 300, "
        "\"remitters\": 104}, \"interpersonal_deficits\": {\"patients\": "
        "153, \"remitters\": 19}}}\n");
    check_json(42, 1, 3,
        "{\"model\": \"cohort-v1\", \"seed\": 42, \"patients\": 1, "
        "\"completed\": 1, \"dropped\": {\"initial\": 0, \"middle\": 0, "
        "\"termination\": 0}, \"sessions_attended\": 16, \"responders\": 1, "
        "\"remitters\": 0, \"final_score_sum\": 7, \"by_area\": {\"grief\": "
        "{\"patients\": 0, \"remitters\": 0}, \"role_dispute\": "
        "{\"patients\": 0, \"remitters\": 0}, \"role_transition\": "
        "{\"patients\": 1, \"remitters\": 0}, \"interpersonal_deficits\": "
        "{\"patients\": 0, \"remitters\": 0}}}\n");
    check_json(0, 1, 0,
        "{\"model\": \"cohort-v1\", \"seed\": 0, \"patients\": 1, "
        "\"completed\": 1, \"dropped\": {\"initial\": 0, \"middle\": 0, "
        "\"termination\": 0}, \"sessions_attended\": 16, \"responders\": 0, "
        "\"remitters\": 0, \"final_score_sum\": 10, \"by_area\": {\"grief\": "
        "{\"patients\": 0, \"remitters\": 0}, \"role_dispute\": "
        "{\"patients\": 1, \"remitters\": 0}, \"role_transition\": "
        "{\"patients\": 0, \"remitters\": 0}, \"interpersonal_deficits\": "
        "{\"patients\": 0, \"remitters\": 0}}}\n");
}

/* Many seeds and sizes, every patient and session against the plain loop:
 * sizes around the block (256) and chunk boundaries. */
static void
test_cohort_v1_reference(void **state)
{
    static const uint32_t sizes[] = { 1, 2, 255, 256, 257, 1000, 4097 };

    (void)state;
    for (uint32_t k = 0; k < 24; k++) {
        uint32_t seed = k < 2 ? (k == 0 ? 0 : 0xFFFFFFFFu)
                              : ref_fmix32(k) ^ k;
        uint32_t n = sizes[k % (sizeof(sizes) / sizeof(sizes[0]))];

        check_run(&ref_standard, NULL, NULL, seed, n, 1 + k % 3);
    }
    check_run(&ref_standard, NULL, NULL, 7, 60000, 2);
}

/* Parameters at the edges: dropout probabilities that are exact binary
 * fractions (u < p at the threshold), 0 and 1, equal and extreme area
 * bounds, no noise. */
static void
test_cohort_v1_edges(void **state)
{
    struct ref_params p = ref_standard;

    (void)state;
    p.dropout[0] = 0.0;
    p.dropout[1] = 0.5;
    p.dropout[2] = 1.0;
    p.bounds[0] = 0.0;
    p.bounds[1] = 0.5;
    p.bounds[2] = 1.0;
    check_run(&p, NULL, NULL, 11, 3000, 2);

    p = ref_standard;
    p.dropout[0] = 0x1p-32;
    p.dropout[1] = 0.25;
    p.dropout[2] = 0.1;
    p.bounds[0] = 0.3;
    p.bounds[1] = 0.3;
    p.bounds[2] = 0.3;
    p.noise = 0.0;
    check_run(&p, NULL, NULL, 12, 3000, 2);

    p = ref_standard;
    p.dropout[0] = 0.0;
    p.dropout[1] = 0.0;
    p.dropout[2] = 0.0;
    p.noise = 27.0;
    p.rate[0] = 1.0;
    p.rate[3] = 0.0;
    check_run(&p, NULL, NULL, 13, 3000, 1);
}

static void
test_dropout_multiplier(void **state)
{
    struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 5, 2000, 2);
    struct ipt_cohort_v1_params params;
    struct ipt_sim_totals t;
    struct ref_params p = ref_standard;

    (void)state;
    assert_int_equal(ipt_cohort_v1_defaults(&params), IPT_OK);
    c.cohort_v1 = &params;

    params.dropout_multiplier = 0.0;
    run_ok(&c, &t);
    assert_int_equal(t.completed, 2000);
    assert_int_equal(t.sessions_attended, 2000 * 16);

    /* Capped at 1: everybody drops out before the first session and is
     * judged on the baseline. */
    params.dropout_multiplier = 1000.0;
    run_ok(&c, &t);
    assert_int_equal(t.dropped[0], 2000);
    assert_int_equal(t.sessions_attended, 0);
    assert_int_equal(t.responders, 0);
    assert_int_equal(t.remitters, 0);

    /* Against the reference with the products it would use. */
    params.dropout_multiplier = 2.5;
    for (int k = 0; k < 3; k++)
        p.dropout[k] = ref_standard.dropout[k] * 2.5;
    {
        struct collect col;
        struct ipt_sim_sink sink;

        collect_init(&col, 2000, 16);
        sink = collect_sink(&col);
        c.sink = &sink;
        run_ok(&c, &t);
        check_against_reference(&p, 5, &col, &t);
        collect_free(&col);
    }
}

/* ---- callbacks ---------------------------------------------------------- */

/* The per-patient path (callbacks, one course per patient) and the batched
 * path (built-in) give the same patients and sessions, bit for bit. */
static void
test_callbacks_equal_builtin(void **state)
{
    struct ipt_sim_callbacks cb = twin_of(&ref_standard);
    struct ipt_sim_sink sink_a, sink_b;
    struct collect a, b;
    const uint32_t n = 100000;

    (void)state;
    collect_init(&a, n, 16);
    collect_init(&b, n, 16);
    sink_a = collect_sink(&a);
    sink_b = collect_sink(&b);
    for (uint32_t k = 0; k < 3; k++) {
        uint32_t seed = k == 0 ? 2024 : ref_fmix32(k + 100);
        uint32_t count = k == 0 ? n : n / 5;
        struct ipt_sim_config ca = config_of(IPT_SIM_COHORT_V1, seed, count,
                                             2);
        struct ipt_sim_config cc = config_of(IPT_SIM_CALLBACKS, seed, count,
                                             2);
        struct ipt_sim_totals ta, tb;

        a.count = b.count = 0;
        a.npoints = b.npoints = 0;
        a.expected = b.expected = count;
        ca.sink = &sink_a;
        cc.sink = &sink_b;
        cc.callbacks = &cb;
        run_ok(&ca, &ta);
        run_ok(&cc, &tb);
        totals_equal(&ta, &tb);
        assert_true(a.order_ok && b.order_ok);
        assert_int_equal(a.count, count);
        assert_int_equal(b.count, count);
        assert_memory_equal(a.results, b.results,
                            sizeof(*a.results) * count);
        assert_int_equal(a.npoints, b.npoints);
        assert_memory_equal(a.points, b.points, sizeof(*a.points) * a.npoints);
    }
    collect_free(&a);
    collect_free(&b);

    check_run(&ref_standard, NULL, &cb, 99, 5000, 3);
}

/* Each callback misbehaving in turn. */
struct bad_model {
    int mode;
    uint32_t patient;               /* misbehave for this patient */
};

enum { BAD_INIT_STATUS = 1, BAD_INIT_UNKNOWN, BAD_AREA_LOW, BAD_AREA_HIGH,
       BAD_BASELINE_LOW, BAD_BASELINE_HIGH, BAD_DROPOUT_HIGH, BAD_DROPOUT_NAN,
       BAD_DROPOUT_LOW, BAD_SCORE_NAN, BAD_SCORE_RANGE };

/* A status no version of libipt defines. */
#define UNKNOWN_STATUS ((enum ipt_status)4242)

static enum ipt_status
bad_init(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p)
{
    const struct bad_model *m = user_data;

    (void)twin_init((void *)(uintptr_t)&ref_standard, rng, p);
    if (p->index != m->patient)
        return IPT_OK;
    switch (m->mode) {
    case BAD_INIT_STATUS:
        return IPT_ERR_IO;
    case BAD_INIT_UNKNOWN:
        return UNKNOWN_STATUS;
    case BAD_AREA_LOW:
        p->area = 0;
        break;
    case BAD_AREA_HIGH:
        p->area = 5;
        break;
    case BAD_BASELINE_LOW:
        p->baseline = -1;
        break;
    case BAD_BASELINE_HIGH:
        p->baseline = 28;
        break;
    default:
        break;
    }
    return IPT_OK;
}

static double
bad_dropout(void *user_data, const struct ipt_sim_patient *p,
            uint32_t session, enum ipt_state phase)
{
    const struct bad_model *m = user_data;
    double zero = 0.0;

    (void)phase;
    if (p->index != m->patient)
        return 0.01;
    if (session != 5)
        return 0.0;                 /* make sure the patient gets there */
    switch (m->mode) {
    case BAD_DROPOUT_HIGH:
        return 1.5;
    case BAD_DROPOUT_LOW:
        return -0.25;
    case BAD_DROPOUT_NAN:
        return zero / zero;
    default:
        return 0.0;
    }
}

static void
bad_update(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p,
           uint32_t session, enum ipt_state phase)
{
    const struct bad_model *m = user_data;
    double zero = 0.0;

    twin_update((void *)(uintptr_t)&ref_standard, rng, p, session, phase);
    if (p->index == m->patient && session == 3 && m->mode == BAD_SCORE_NAN)
        p->score = zero / zero;
    /* Out of range is clamped by the engine, not an error. */
    if (m->mode == BAD_SCORE_RANGE)
        p->score = session % 2 ? -5.0 : 100.0;
}

static void
test_callback_errors(void **state)
{
    static const struct {
        int mode;
        enum ipt_status want;
        const char *text;
    } cases[] = {
        { BAD_INIT_STATUS, IPT_ERR_IO, "init returned 'io'" },
        { BAD_INIT_UNKNOWN, UNKNOWN_STATUS, "init returned 'unknown status'" },
        { BAD_AREA_LOW, IPT_ERR_OUT_OF_RANGE, "area" },
        { BAD_AREA_HIGH, IPT_ERR_OUT_OF_RANGE, "area" },
        { BAD_BASELINE_LOW, IPT_ERR_OUT_OF_RANGE, "baseline" },
        { BAD_BASELINE_HIGH, IPT_ERR_OUT_OF_RANGE, "baseline" },
        { BAD_DROPOUT_HIGH, IPT_ERR_OUT_OF_RANGE, "dropout" },
        { BAD_DROPOUT_LOW, IPT_ERR_OUT_OF_RANGE, "dropout" },
        { BAD_DROPOUT_NAN, IPT_ERR_OUT_OF_RANGE, "dropout" },
        { BAD_SCORE_NAN, IPT_ERR_OUT_OF_RANGE, "not a number" },
    };
    struct ipt_sim_callbacks cb;
    struct bad_model m;

    (void)state;
    memset(&cb, 0, sizeof(cb));
    cb.size = sizeof(cb);
    cb.user_data = &m;
    cb.init = bad_init;
    cb.dropout = bad_dropout;
    cb.update = bad_update;
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        for (uint32_t threads = 1; threads <= 3; threads += 2) {
            struct ipt_sim_config c = config_of(IPT_SIM_CALLBACKS, 1, 3000,
                                                threads);
            struct ipt_sim_totals t, before;
            char msg[256];

            m.mode = cases[k].mode;
            m.patient = 2500;
            c.callbacks = &cb;
            memset(&t, 0xAB, sizeof(t));
            before = t;
            assert_int_equal(ipt_sim_run(&c, &t, msg, sizeof(msg)),
                             cases[k].want);
            assert_non_null(strstr(msg, cases[k].text));
            assert_non_null(strstr(msg, "2500"));
            totals_equal(&t, &before);
        }
    }

    {
        struct ipt_sim_config c = config_of(IPT_SIM_CALLBACKS, 1, 500, 2);
        struct ipt_sim_totals t;
        struct collect col;
        struct ipt_sim_sink sink;

        m.mode = BAD_SCORE_RANGE;
        m.patient = 0;
        c.callbacks = &cb;
        collect_init(&col, 500, 16);
        sink = collect_sink(&col);
        c.sink = &sink;
        run_ok(&c, &t);
        for (size_t i = 0; i < col.npoints; i++)
            assert_true(col.points[i].score ==
                        (col.points[i].session % 2 ? 0.0 : 27.0));
        collect_free(&col);
    }
}

/* ---- threads and delivery ----------------------------------------------- */

static uint64_t
hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001B3u;
    return h;
}

static void
test_thread_invariance(void **state)
{
    static const uint32_t threads[] = { 1, 2, 3, 8, 0 };
    struct ipt_sim_callbacks cb = twin_of(&ref_standard);

    (void)state;
    for (int model = IPT_SIM_COHORT_V1; model <= IPT_SIM_CALLBACKS; model++) {
        uint32_t n = model == IPT_SIM_COHORT_V1 ? 50000 : 6000;
        struct ipt_sim_totals first;
        uint64_t first_hash = 0;

        for (size_t k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
            struct ipt_sim_config c = config_of(model, 77, n, threads[k]);
            struct ipt_sim_totals t;
            struct collect col;
            struct ipt_sim_sink sink;
            uint64_t h = 0xcbf29ce484222325u;

            collect_init(&col, n, 16);
            sink = collect_sink(&col);
            c.sink = &sink;
            c.callbacks = &cb;
            run_ok(&c, &t);
            assert_true(col.order_ok);
            assert_int_equal(col.count, n);
            h = hash_bytes(h, col.results, sizeof(*col.results) * n);
            h = hash_bytes(h, col.points, sizeof(*col.points) * col.npoints);
            if (k == 0) {
                first = t;
                first_hash = h;
            } else {
                totals_equal(&t, &first);
                assert_true(h == first_hash);
            }
            /* Without a sink too. */
            c.sink = NULL;
            run_ok(&c, &t);
            totals_equal(&t, &first);
            collect_free(&col);
        }
    }
}

struct progress_log {
    uint64_t calls;
    uint64_t last;
    uint64_t total;
    bool monotone;
    uint64_t cancel_after;          /* calls; 0: never */
};

static int
progress_fn(void *user_data, uint64_t done, uint64_t total)
{
    struct progress_log *p = user_data;

    p->calls++;
    if (done <= p->last || done > total)
        p->monotone = false;
    p->last = done;
    p->total = total;
    return p->cancel_after != 0 && p->calls >= p->cancel_after;
}

/* The sink gets blocks in patient order, never more than a chunk's worth,
 * and only patients or only sessions when only one function is set. */
static void
test_sink_delivery(void **state)
{
    (void)state;
    for (uint32_t threads = 1; threads <= 4; threads++) {
        struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 3, 30001,
                                            threads);
        struct ipt_sim_totals t;
        struct collect col;
        struct ipt_sim_sink sink;
        struct progress_log pl = { 0, 0, 0, true, 0 };

        collect_init(&col, 30001, 16);
        sink = collect_sink(&col);
        c.sink = &sink;
        c.progress = progress_fn;
        c.progress_data = &pl;
        run_ok(&c, &t);
        assert_true(col.order_ok);
        assert_int_equal(col.count, 30001);
        assert_int_equal(col.npoints, t.sessions_attended);
        assert_true(col.patient_calls >= 2);
        assert_true(pl.monotone);
        assert_int_equal(pl.last, 30001);
        assert_int_equal(pl.total, 30001);
        assert_int_equal(pl.calls, col.patient_calls);

        /* Only one function of the sink. */
        col.count = 0;
        col.npoints = 0;
        sink.sessions = NULL;
        run_ok(&c, &t);
        assert_int_equal(col.count, 30001);
        assert_int_equal(col.npoints, 0);
        sink.patients = NULL;
        sink.sessions = collect_sessions;
        run_ok(&c, &t);
        assert_true(col.order_ok);
        assert_int_equal(col.npoints, t.sessions_attended);
        collect_free(&col);
    }
}

static void
test_cancel(void **state)
{
    (void)state;
    for (int model = IPT_SIM_COHORT_V1; model <= IPT_SIM_CALLBACKS; model++) {
        for (uint32_t threads = 1; threads <= 3; threads++) {
            struct ipt_sim_callbacks cb = twin_of(&ref_standard);
            struct ipt_sim_config c = config_of(model, 3, 200000, threads);
            struct ipt_sim_totals t, before;
            struct progress_log pl = { 0, 0, 0, true, 2 };
            char msg[256];

            c.callbacks = &cb;
            c.progress = progress_fn;
            c.progress_data = &pl;
            memset(&t, 0x5A, sizeof(t));
            before = t;
            assert_int_equal(ipt_sim_run(&c, &t, msg, sizeof(msg)),
                             IPT_ERR_CANCELLED);
            assert_int_equal(pl.calls, 2);
            assert_true(pl.last < 200000);
            assert_non_null(strstr(msg, "cancel"));
            totals_equal(&t, &before);
        }
    }
}

/* Cancelling on the last call, when every patient is done, still cancels;
 * any non-zero value cancels. */
struct stop_at {
    uint64_t calls;
    int32_t value;                  /* returned when done == total */
    int32_t first;                  /* returned on the first call */
};

static int32_t
stop_at_fn(void *user_data, uint64_t done, uint64_t total)
{
    struct stop_at *s = user_data;

    s->calls++;
    if (s->calls == 1 && s->first != 0)
        return s->first;
    return done == total ? s->value : 0;
}

static void
test_cancel_edges(void **state)
{
    (void)state;
    for (int model = IPT_SIM_COHORT_V1; model <= IPT_SIM_CALLBACKS; model++) {
        for (uint32_t threads = 1; threads <= 2; threads++) {
            struct ipt_sim_callbacks cb = twin_of(&ref_standard);
            struct ipt_sim_config c = config_of(model, 4, 5000, threads);
            struct ipt_sim_totals t, before;
            struct stop_at s = { 0, 1, 0 };
            char msg[256];

            c.callbacks = &cb;
            c.progress = stop_at_fn;
            c.progress_data = &s;
            memset(&t, 0x3C, sizeof(t));
            before = t;
            assert_int_equal(ipt_sim_run(&c, &t, msg, sizeof(msg)),
                             IPT_ERR_CANCELLED);
            assert_non_null(strstr(msg, "after 5000 of 5000 patients"));
            totals_equal(&t, &before);

            s.calls = 0;
            s.value = 0;
            s.first = -1;
            assert_int_equal(ipt_sim_run(&c, &t, msg, sizeof(msg)),
                             IPT_ERR_CANCELLED);
            assert_int_equal(s.calls, 1);
            totals_equal(&t, &before);

            s.calls = 0;
            s.first = 0;
            run_ok(&c, &t);
            assert_int_equal(t.patients, 5000);
        }
    }
}

/* The largest run is accepted; cancelled after its first chunk. */
static void
test_largest_run(void **state)
{
    struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 1,
                                        UINT64_C(1) << 32, 1);
    struct ipt_sim_totals t;
    struct progress_log pl = { 0, 0, 0, true, 1 };

    (void)state;
    c.progress = progress_fn;
    c.progress_data = &pl;
    assert_int_equal(ipt_sim_run(&c, &t, NULL, 0), IPT_ERR_CANCELLED);
    assert_int_equal(pl.calls, 1);
    assert_int_equal(pl.total, UINT64_C(1) << 32);
}

static void
test_sink_errors(void **state)
{
    (void)state;
    for (int model = IPT_SIM_COHORT_V1; model <= IPT_SIM_CALLBACKS; model++) {
        for (uint32_t threads = 1; threads <= 3; threads++) {
            for (int which = 0; which < 2; which++) {
                struct ipt_sim_callbacks cb = twin_of(&ref_standard);
                struct ipt_sim_config c = config_of(model, 3, 20000,
                                                    threads);
                struct ipt_sim_totals t, before;
                struct collect col;
                struct ipt_sim_sink sink;
                char msg[256];

                collect_init(&col, 20000, 16);
                sink = collect_sink(&col);
                if (which == 0)
                    col.fail_patients_at = 3;
                else
                    col.fail_sessions_at = 2;
                col.fail_with = IPT_ERR_IO;
                c.sink = &sink;
                c.callbacks = &cb;
                memset(&t, 0x11, sizeof(t));
                before = t;
                assert_int_equal(ipt_sim_run(&c, &t, msg, sizeof(msg)),
                                 IPT_ERR_IO);
                assert_non_null(strstr(msg, which == 0 ? "patients"
                                                       : "sessions"));
                totals_equal(&t, &before);
                /* Nothing is delivered after the failing call. */
                if (which == 0)
                    assert_int_equal(col.patient_calls, 3);
                else
                    assert_int_equal(col.session_calls, 2);
                collect_free(&col);
            }
        }
    }
}

/* ---- memory ------------------------------------------------------------- */

/* Counts calls; can fail the n-th allocation; checks that everything is
 * freed. */
struct counting {
    pthread_mutex_t lock;
    uint64_t allocs;
    uint64_t frees;
    long live;
    long fail_at;                   /* -1: never */
};

static void *
count_alloc(size_t size, void *user_data)
{
    struct counting *k = user_data;
    void *p = NULL;

    pthread_mutex_lock(&k->lock);
    if (k->fail_at < 0 || (long)k->allocs != k->fail_at) {
        p = malloc(size);
        if (p != NULL)
            k->live++;
    }
    k->allocs++;
    pthread_mutex_unlock(&k->lock);
    return p;
}

static void
count_free(void *ptr, void *user_data)
{
    struct counting *k = user_data;

    pthread_mutex_lock(&k->lock);
    k->frees++;
    k->live--;
    pthread_mutex_unlock(&k->lock);
    free(ptr);
}

static struct ipt_allocator
counting_allocator(struct counting *k, long fail_at)
{
    struct ipt_allocator a = { count_alloc, count_free, k };

    k->allocs = 0;
    k->frees = 0;
    k->live = 0;
    k->fail_at = fail_at;
    return a;
}

/* Allocations of one run. */
static uint64_t
allocations(int32_t model, uint64_t patients, uint32_t threads, bool sink)
{
    struct ipt_sim_callbacks cb = twin_of(&ref_standard);
    struct ipt_sim_config c = config_of(model, 9, patients, threads);
    struct ipt_sim_sink s;
    struct ipt_sim_totals t;
    struct counting k;
    struct ipt_allocator a;
    struct collect col;

    pthread_mutex_init(&k.lock, NULL);
    a = counting_allocator(&k, -1);
    collect_init(&col, (uint32_t)patients, 16);
    s = collect_sink(&col);
    c.allocator = &a;
    c.callbacks = &cb;
    c.sink = sink ? &s : NULL;
    run_ok(&c, &t);
    assert_int_equal(k.live, 0);
    assert_int_equal(k.allocs, k.frees);
    assert_true(k.allocs > 0);
    collect_free(&col);
    pthread_mutex_destroy(&k.lock);
    return k.allocs;
}

static void
test_no_allocation_per_patient(void **state)
{
    (void)state;
    for (int s = 0; s < 2; s++) {
        bool sink = s == 1;

        assert_int_equal(allocations(IPT_SIM_COHORT_V1, 10, 1, sink),
                         allocations(IPT_SIM_COHORT_V1, 100000, 1, sink));
        assert_int_equal(allocations(IPT_SIM_CALLBACKS, 10, 1, sink),
                         allocations(IPT_SIM_CALLBACKS, 20000, 1, sink));
        /* With two threads, runs of at least two chunks. */
        assert_int_equal(allocations(IPT_SIM_COHORT_V1, 10000, 2, sink),
                         allocations(IPT_SIM_COHORT_V1, 100000, 2, sink));
        assert_int_equal(allocations(IPT_SIM_CALLBACKS, 3000, 2, sink),
                         allocations(IPT_SIM_CALLBACKS, 20000, 2, sink));
    }
}

static void
test_allocation_failure(void **state)
{
    (void)state;
    for (int model = IPT_SIM_COHORT_V1; model <= IPT_SIM_CALLBACKS; model++) {
        for (uint32_t threads = 1; threads <= 3; threads += 2) {
            uint64_t n = allocations(model, 5000, threads, true);

            for (long fail = 0; fail < (long)n; fail++) {
                struct ipt_sim_callbacks cb = twin_of(&ref_standard);
                struct ipt_sim_config c = config_of(model, 9, 5000, threads);
                struct ipt_sim_sink s;
                struct ipt_sim_totals t, before;
                struct counting k;
                struct ipt_allocator a;
                struct collect col;
                char msg[256];

                pthread_mutex_init(&k.lock, NULL);
                a = counting_allocator(&k, fail);
                collect_init(&col, 5000, 16);
                s = collect_sink(&col);
                c.allocator = &a;
                c.callbacks = &cb;
                c.sink = &s;
                memset(&t, 0x33, sizeof(t));
                before = t;
                assert_int_equal(ipt_sim_run(&c, &t, msg, sizeof(msg)),
                                 IPT_ERR_NO_MEMORY);
                assert_non_null(strstr(msg, "memory"));
                assert_int_equal(k.live, 0);
                assert_int_equal(col.patient_calls, 0);
                totals_equal(&t, &before);
                collect_free(&col);
                pthread_mutex_destroy(&k.lock);
            }
        }
    }
}

/* ---- validation --------------------------------------------------------- */

/* Runs a configuration that must fail, checks the status, a word of the
 * message and that the totals were not touched. */
static void
check_refused(const struct ipt_sim_config *c, enum ipt_status want,
              const char *text)
{
    struct ipt_sim_totals t, before;
    char msg[256];
    enum ipt_status st;

    memset(&t, 0xC3, sizeof(t));
    before = t;
    st = ipt_sim_run(c, &t, msg, sizeof(msg));
    if (st != want || strstr(msg, text) == NULL)
        fail_msg("want %s with '%s', got %s: '%s'", ipt_status_name(want),
                 text, ipt_status_name(st), msg);
    totals_equal(&t, &before);
}

static void
test_validation(void **state)
{
    struct ipt_sim_config base = config_of(IPT_SIM_COHORT_V1, 1, 100, 1);
    struct ipt_sim_config c;
    struct ipt_sim_totals t;
    char msg[256];
    struct {
        struct ipt_sim_config cfg;
        unsigned char extra[16];
    } big;

    (void)state;
    assert_int_equal(ipt_sim_run(NULL, &t, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(msg, "config"));
    assert_int_equal(ipt_sim_run(&base, NULL, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(msg, "totals"));
    assert_int_equal(ipt_sim_run(NULL, &t, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);

    c = base;
    c.size = sizeof(c) - 1;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.size");
    memset(&big, 0, sizeof(big));
    big.cfg = base;
    big.cfg.size = sizeof(big);
    run_ok(&big.cfg, &t);               /* zero tail: fine */
    big.extra[3] = 1;
    check_refused(&big.cfg, IPT_ERR_UNSUPPORTED, "config.size");

    c = base;
    c.model = 0;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "config.model");
    c.model = 3;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "config.model");
    c = base;
    c.patients = 0;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "config.patients");
    c.patients = (UINT64_C(1) << 32) + 1;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "config.patients");
    c = base;
    c.threads = 257;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "config.threads");
    c.threads = 256;
    run_ok(&c, &t);
    {
        struct ipt_allocator a = { NULL, count_free, NULL };

        c = base;
        c.allocator = &a;
        check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.allocator");
    }
}

static void
test_validation_cohort(void **state)
{
    struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 1, 100, 1);
    struct ipt_cohort_v1_params p, d;
    double zero = 0.0;
    double nan = zero / zero;
    struct {
        struct ipt_cohort_v1_params p;
        unsigned char extra[8];
    } big;
    struct ipt_sim_totals t;

    (void)state;
    assert_int_equal(ipt_cohort_v1_defaults(&d), IPT_OK);
    c.cohort_v1 = &p;

    p = d;
    p.size = sizeof(p) - 8;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.cohort_v1.size");
    memset(&big, 0, sizeof(big));
    big.p = d;
    big.p.size = sizeof(big);
    c.cohort_v1 = &big.p;
    run_ok(&c, &t);
    big.extra[7] = 9;
    check_refused(&c, IPT_ERR_UNSUPPORTED, "config.cohort_v1.size");
    c.cohort_v1 = &p;
    p = d;
    p.reserved = 1;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.cohort_v1.reserved");

    for (int k = 0; k < 3; k++) {
        static const char *const names[] = {
            "dropout[0]", "dropout[1]", "dropout[2]",
        };

        p = d;
        p.dropout[k] = -0.01;
        check_refused(&c, IPT_ERR_OUT_OF_RANGE, names[k]);
        p.dropout[k] = 1.01;
        check_refused(&c, IPT_ERR_OUT_OF_RANGE, names[k]);
        p.dropout[k] = nan;
        check_refused(&c, IPT_ERR_OUT_OF_RANGE, names[k]);
    }
    p = d;
    p.dropout_multiplier = -1.0;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "dropout_multiplier");
    p.dropout_multiplier = 1000.5;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "dropout_multiplier");
    p.dropout_multiplier = nan;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "dropout_multiplier");
    p = d;
    p.area_bounds[1] = 0.1;             /* below area_bounds[0] */
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "area_bounds[1]");
    p = d;
    p.area_bounds[2] = 1.5;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "area_bounds[2]");
    p = d;
    p.area_bounds[0] = -0.5;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "area_bounds[0]");
    for (int a = 0; a < 4; a++) {
        char name[32];

        snprintf(name, sizeof(name), "base_rate[%d]", a);
        p = d;
        p.base_rate[a] = 1.5;
        check_refused(&c, IPT_ERR_OUT_OF_RANGE, name);
        p.base_rate[a] = nan;
        check_refused(&c, IPT_ERR_OUT_OF_RANGE, name);
    }
    p = d;
    p.noise = 27.5;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "noise");
    p.noise = -1.0;
    check_refused(&c, IPT_ERR_OUT_OF_RANGE, "noise");
}

/* A profile that does not allow an area the model gives: refused before
 * the run for cohort-v1, by the course machine for callbacks. */
static void
test_validation_profile_areas(void **state)
{
    struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 1, 100, 1);
    struct ipt_cohort_v1_params p, d;
    struct ipt_sim_totals t;

    (void)state;
    assert_int_equal(ipt_cohort_v1_defaults(&d), IPT_OK);
    c.cohort_v1 = &p;
    {
        struct ipt_profile_params pp;
        struct ipt_profile *profile = NULL;
        const struct ipt_profile *standard = NULL;

        assert_int_equal(ipt_profile_builtin("standard", &standard), IPT_OK);
        memset(&pp, 0, sizeof(pp));
        pp.size = sizeof(pp);
        assert_int_equal(ipt_profile_get_params(standard, &pp), IPT_OK);
        pp.allowed_areas &= ~IPT_AREA_BIT(IPT_AREA_GRIEF);
        pp.max_focal_areas = 1;
        assert_int_equal(ipt_profile_new("no_grief", &pp, NULL, &profile),
                         IPT_OK);
        c.profile = profile;
        p = d;
        check_refused(&c, IPT_ERR_OUT_OF_RANGE, "grief");
        /* Fine when the draw never gives grief. */
        p.area_bounds[0] = 0.0;
        run_ok(&c, &t);
        assert_int_equal(t.area_patients[0], 0);

        /* A callbacks model choosing grief: the course machine refuses
         * the focus after session 1. */
        {
            struct ipt_sim_callbacks cb = twin_of(&ref_standard);

            c.model = IPT_SIM_CALLBACKS;
            c.callbacks = &cb;
            check_refused(&c, IPT_ERR_HISTORY, "choose_focus");
            check_refused(&c, IPT_ERR_HISTORY, "grief");
            c.threads = 2;
            check_refused(&c, IPT_ERR_HISTORY, "no_grief");
        }
        ipt_profile_free(profile);
    }
}

static void
test_validation_callbacks_and_sink(void **state)
{
    struct ipt_sim_callbacks good = twin_of(&ref_standard), cb;
    struct ipt_sim_config c = config_of(IPT_SIM_CALLBACKS, 1, 100, 1);
    struct ipt_sim_sink s, sgood;
    struct collect col;

    (void)state;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.callbacks");
    c.callbacks = &cb;
    cb = good;
    cb.size = sizeof(cb) - 1;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.callbacks.size");
    cb = good;
    cb.reserved = 2;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.callbacks.reserved");
    cb = good;
    cb.init = NULL;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.callbacks.init");
    cb = good;
    cb.dropout = NULL;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.callbacks.dropout");
    cb = good;
    cb.update = NULL;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.callbacks.update");
    cb = good;

    collect_init(&col, 100, 16);
    sgood = collect_sink(&col);
    c.sink = &s;
    s = sgood;
    s.size = 8;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.sink.size");
    s = sgood;
    s.reserved = 1;
    check_refused(&c, IPT_ERR_INVALID_ARGUMENT, "config.sink.reserved");
    assert_int_equal(col.patient_calls, 0);
    collect_free(&col);

    /* The cohort-v1 parameters are not read for the callbacks model, nor
     * the callbacks for cohort-v1. */
    {
        struct ipt_cohort_v1_params bad;
        struct ipt_sim_totals t;

        memset(&bad, 0xFF, sizeof(bad));
        c.sink = NULL;
        c.cohort_v1 = &bad;
        run_ok(&c, &t);
        c.model = IPT_SIM_COHORT_V1;
        c.cohort_v1 = NULL;
        cb.init = NULL;
        run_ok(&c, &t);
    }
}

/* ---- edges ---------------------------------------------------------------- */

/* A sink with neither function is no sink; a sessions function is not
 * called when no patient attends a session (everybody drops out before
 * the first), while every patient is still delivered. */
static void
test_sink_edges(void **state)
{
    struct ref_params p = ref_standard;
    struct ipt_sim_callbacks cb;

    (void)state;
    p.dropout[0] = 1.0;
    cb = twin_of(&p);
    for (int model = IPT_SIM_COHORT_V1; model <= IPT_SIM_CALLBACKS; model++) {
        for (uint32_t threads = 1; threads <= 2; threads++) {
            struct ipt_sim_config c = config_of(model, 9, 3000, threads);
            struct ipt_cohort_v1_params params;
            struct ipt_sim_totals bare, t;
            struct collect col;
            struct ipt_sim_sink sink;

            c.callbacks = &cb;
            run_ok(&c, &bare);
            collect_init(&col, 3000, 16);
            sink = collect_sink(&col);
            sink.patients = NULL;
            sink.sessions = NULL;
            c.sink = &sink;
            run_ok(&c, &t);
            totals_equal(&t, &bare);

            cohort_params_of(&p, &params);
            c.cohort_v1 = &params;
            sink = collect_sink(&col);
            run_ok(&c, &t);
            assert_int_equal(t.dropped[0], 3000);
            assert_int_equal(t.sessions_attended, 0);
            assert_int_equal(col.count, 3000);
            assert_true(col.order_ok);
            assert_int_equal(col.session_calls, 0);
            assert_int_equal(col.npoints, 0);
            for (uint32_t i = 0; i < 3000; i++) {
                assert_int_equal(col.results[i].attended, 0);
                assert_int_equal(col.results[i].dropout_phase,
                                 IPT_STATE_INITIAL);
            }
            collect_free(&col);
        }
    }
}

/* Callbacks and sink structs from newer headers: a zero tail is accepted,
 * any other byte refused with the field's name. */
static void
test_larger_callbacks_and_sink(void **state)
{
    struct {
        struct ipt_sim_callbacks cb;
        unsigned char extra[8];
    } bigcb;
    struct {
        struct ipt_sim_sink sink;
        unsigned char extra[8];
    } bigsink;
    struct ipt_sim_config c = config_of(IPT_SIM_CALLBACKS, 2, 300, 1);
    struct ipt_sim_totals t, want;
    struct collect col;

    (void)state;
    memset(&bigcb, 0, sizeof(bigcb));
    bigcb.cb = twin_of(&ref_standard);
    c.callbacks = &bigcb.cb;
    run_ok(&c, &want);
    bigcb.cb.size = sizeof(bigcb);
    run_ok(&c, &t);
    totals_equal(&t, &want);
    bigcb.extra[7] = 1;
    check_refused(&c, IPT_ERR_UNSUPPORTED, "config.callbacks.size is");
    check_refused(&c, IPT_ERR_UNSUPPORTED, "larger than this library");
    bigcb.extra[7] = 0;

    collect_init(&col, 300, 16);
    memset(&bigsink, 0, sizeof(bigsink));
    bigsink.sink = collect_sink(&col);
    bigsink.sink.size = sizeof(bigsink);
    c.sink = &bigsink.sink;
    run_ok(&c, &t);
    totals_equal(&t, &want);
    assert_int_equal(col.count, 300);
    bigsink.extra[0] = 1;
    check_refused(&c, IPT_ERR_UNSUPPORTED, "config.sink.size is");
    check_refused(&c, IPT_ERR_UNSUPPORTED, "larger than this library");
    collect_free(&col);
}

/* A message buffer of size 0 is never written, and a buffer of one byte
 * gets the empty string of a successful run. */
static void
test_message_sizes(void **state)
{
    struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 1, 10, 1);
    struct ipt_sim_totals t;
    char msg[4] = "xyz";

    (void)state;
    assert_int_equal(ipt_sim_run(NULL, &t, msg, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "xyz");
    assert_int_equal(ipt_sim_run(&c, NULL, msg, 0),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "xyz");
    assert_int_equal(ipt_sim_run(&c, &t, msg, 1), IPT_OK);
    assert_string_equal(msg, "");
    assert_string_equal(msg + 1, "yz");
    assert_int_equal(ipt_sim_run(NULL, &t, msg, 3),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_string_equal(msg, "co");     /* "config is NULL", cut */
}

/* Area bounds of 1: the draws above a bound of 1 never happen, so every
 * patient has the first area whose bound is 1; against the reference. */
static void
test_area_bounds_at_one(void **state)
{
    static const double bounds[][3] = {
        { 1.0, 1.0, 1.0 },
        { 0.0, 1.0, 1.0 },
        { 0.0, 0.0, 1.0 },
        { 0.5, 1.0, 1.0 },
    };

    (void)state;
    for (size_t k = 0; k < sizeof(bounds) / sizeof(bounds[0]); k++) {
        struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 31, 2000, 2);
        struct ref_params p = ref_standard;
        struct ipt_cohort_v1_params params;
        struct ipt_sim_totals t;

        memcpy(p.bounds, bounds[k], sizeof(p.bounds));
        check_run(&p, NULL, NULL, 31, 2000, 2);
        cohort_params_of(&p, &params);
        c.cohort_v1 = &params;
        run_ok(&c, &t);
        assert_int_equal(t.area_patients[3], 0);
        if (k < 3)
            assert_int_equal(t.area_patients[k], 2000);
        else
            assert_int_equal(t.area_patients[0] + t.area_patients[1], 2000);
    }
}

/* Two workers whose models fail at nearly the same time: the run reports
 * the first failure, whole, and frees everything. */
struct rendezvous {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    uint32_t arrived;
    uint32_t chunk;                 /* first patient of the second chunk */
};

static enum ipt_status
meet_and_fail(void *user_data, struct ipt_rng *rng, struct ipt_sim_patient *p)
{
    struct rendezvous *z = user_data;
    struct timespec until;

    (void)rng;
    if (p->index != 0 && p->index != z->chunk)
        return IPT_ERR_IO;
    /* Wait (at most 10 s) until the other worker's patient is here too,
     * so that both fail while the run is still going. */
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&z->lock);
    z->arrived++;
    pthread_cond_broadcast(&z->cond);
    while (z->arrived < 2 &&
           pthread_cond_timedwait(&z->cond, &z->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&z->lock);
    if (p->index == 0)
        return IPT_ERR_IO;
    /* The second failure comes 0.3 s after the first, while the run is
     * still stopping. */
    {
        const struct timespec pause = { 0, 300000000L };

        nanosleep(&pause, NULL);
    }
    return IPT_ERR_SYSTEM;
}

static void
test_two_workers_fail(void **state)
{
    struct rendezvous z;
    struct ipt_sim_callbacks cb = twin_of(&ref_standard);
    /* Two threads, two chunks of 256 patients (a chunk is a whole number
     * of 256-patient blocks, about four per thread). */
    struct ipt_sim_config c = config_of(IPT_SIM_CALLBACKS, 1, 512, 2);
    struct counting k;
    struct ipt_allocator a = counting_allocator(&k, -1);
    struct ipt_sim_totals t, before;
    char msg[256];
    enum ipt_status st;

    (void)state;
    memset(&z, 0, sizeof(z));
    assert_int_equal(pthread_mutex_init(&z.lock, NULL), 0);
    assert_int_equal(pthread_cond_init(&z.cond, NULL), 0);
    assert_int_equal(pthread_mutex_init(&k.lock, NULL), 0);
    z.chunk = 256;
    cb.user_data = &z;
    cb.init = meet_and_fail;
    c.callbacks = &cb;
    c.allocator = &a;
    memset(&t, 0x77, sizeof(t));
    before = t;
    st = ipt_sim_run(&c, &t, msg, sizeof(msg));
    assert_int_equal(z.arrived, 2);
    assert_int_equal(st, IPT_ERR_IO);
    assert_string_equal(msg, "the model's init returned 'io' for patient 0");
    totals_equal(&t, &before);
    assert_int_equal(k.live, 0);
    pthread_mutex_destroy(&k.lock);
    pthread_cond_destroy(&z.cond);
    pthread_mutex_destroy(&z.lock);
}

/* ---- profiles ----------------------------------------------------------- */

/* A profile of 12 planned sessions (8 to 20), initial phase to session 2,
 * termination the last 3, ending discussed 2 ahead: its sessions follow
 * its phases, in both paths, and both agree with the reference. */
static void
test_custom_profile(void **state)
{
    struct ipt_profile_params pp;
    struct ipt_profile *profile = NULL;
    struct ref_params p = ref_standard;
    struct ipt_sim_callbacks cb;

    (void)state;
    memset(&pp, 0, sizeof(pp));
    pp.size = sizeof(pp);
    pp.planned_sessions = 12;
    pp.min_sessions = 8;
    pp.max_sessions = 20;
    pp.initial_last_session = 2;
    pp.termination_sessions = 3;
    pp.ending_notice_sessions = 2;
    pp.max_focal_areas = 2;
    pp.allowed_areas = IPT_AREAS_ALL;
    assert_int_equal(ipt_profile_new("short_course", &pp, NULL, &profile),
                     IPT_OK);
    p.planned = 12;
    p.initial_last = 2;
    p.termination = 3;
    cb = twin_of(&p);
    check_run(&p, profile, NULL, 21, 5000, 2);
    check_run(&p, profile, &cb, 21, 5000, 3);
    check_run(&p, profile, NULL, 22, 700, 1);
    check_run(&p, profile, &cb, 22, 700, 1);
    {
        struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, 21, 5000, 2);
        struct ipt_sim_totals t;

        c.profile = profile;
        run_ok(&c, &t);
        /* Completers attend 12 sessions; phases as the profile says. */
        assert_true(t.sessions_attended <= 12 * t.patients);
        assert_true(t.sessions_attended >= 12 * t.completed);
    }
    ipt_profile_free(profile);
}

/* The shortest and longest shapes a profile may have, and every built-in
 * profile: the course machine accepts every event the engine applies. */
static void
test_profiles_accept_driver(void **state)
{
    static const uint32_t shapes[][5] = {
        /* planned, min, max, initial_last, termination (notice = term) */
        { 3, 3, 3, 1, 1 },
        { 4, 4, 10, 1, 2 },
        { 40, 30, 60, 5, 10 },
        { 60, 60, 60, 20, 20 },
    };
    struct ipt_sim_totals t;

    (void)state;
    for (uint32_t i = 0; i < ipt_profile_builtin_count(); i++) {
        const struct ipt_profile *profile = NULL;
        struct ipt_sim_callbacks cb = twin_of(&ref_standard);
        struct ipt_sim_config c = config_of(IPT_SIM_COHORT_V1, i, 3000, 2);

        assert_int_equal(ipt_profile_builtin_at(i, &profile), IPT_OK);
        c.profile = profile;
        c.callbacks = &cb;
        run_ok(&c, &t);
        c.model = IPT_SIM_CALLBACKS;
        run_ok(&c, &t);
    }
    for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
        struct ipt_profile_params pp;
        struct ipt_profile *profile = NULL;
        struct ref_params p = ref_standard;

        memset(&pp, 0, sizeof(pp));
        pp.size = sizeof(pp);
        pp.planned_sessions = shapes[k][0];
        pp.min_sessions = shapes[k][1];
        pp.max_sessions = shapes[k][2];
        pp.initial_last_session = shapes[k][3];
        pp.termination_sessions = shapes[k][4];
        pp.ending_notice_sessions = shapes[k][4];
        pp.max_focal_areas = 1;
        pp.allowed_areas = IPT_AREAS_ALL;
        {
            char why[256];

            if (ipt_profile_check(&pp, why, sizeof(why)) != IPT_OK)
                fail_msg("shape %zu: %s", k, why);
        }
        assert_int_equal(ipt_profile_new("shape", &pp, NULL, &profile),
                         IPT_OK);
        p.planned = shapes[k][0];
        p.initial_last = shapes[k][3];
        p.termination = shapes[k][4];
        {
            struct ipt_sim_callbacks cb = twin_of(&p);

            check_run(&p, profile, NULL, (uint32_t)k, 1000, 2);
            check_run(&p, profile, &cb, (uint32_t)k, 1000, 2);
        }
        ipt_profile_free(profile);
    }
}

/* ---- the JSON aggregate, names, defaults --------------------------------- */

static void
test_totals_json(void **state)
{
    struct ipt_sim_totals t;
    char buf[1024];
    size_t len = 0, len2 = 0;
    const char *want =
        "{\"model\": \"m\", \"seed\": 4294967295, \"patients\": "
        "18446744073709551615, \"completed\": 1, \"dropped\": "
        "{\"initial\": 2, \"middle\": 3, \"termination\": 4}, "
        "\"sessions_attended\": 5, \"responders\": 6, \"remitters\": 7, "
        "\"final_score_sum\": 8, \"by_area\": {\"grief\": {\"patients\": 9, "
        "\"remitters\": 10}, \"role_dispute\": {\"patients\": 11, "
        "\"remitters\": 12}, \"role_transition\": {\"patients\": 13, "
        "\"remitters\": 14}, \"interpersonal_deficits\": {\"patients\": 15, "
        "\"remitters\": 16}}}\n";

    (void)state;
    t.patients = UINT64_MAX;
    t.completed = 1;
    t.dropped[0] = 2;
    t.dropped[1] = 3;
    t.dropped[2] = 4;
    t.sessions_attended = 5;
    t.responders = 6;
    t.remitters = 7;
    t.final_score_sum = 8;
    for (int a = 0; a < 4; a++) {
        t.area_patients[a] = (uint64_t)(9 + 2 * a);
        t.area_remitters[a] = (uint64_t)(10 + 2 * a);
    }
    assert_int_equal(ipt_sim_totals_json("m", 0xFFFFFFFFu, &t, buf,
                                         sizeof(buf), &len), IPT_OK);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));

    /* snprintf semantics. */
    assert_int_equal(ipt_sim_totals_json("m", 0xFFFFFFFFu, &t, NULL, 0,
                                         &len2), IPT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len2, len);
    assert_int_equal(ipt_sim_totals_json("m", 0xFFFFFFFFu, &t, buf, len,
                                         &len2), IPT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len2, len);
    assert_int_equal(ipt_sim_totals_json("m", 0xFFFFFFFFu, &t, buf, len + 1,
                                         &len2), IPT_OK);
    assert_string_equal(buf, want);

    assert_int_equal(ipt_sim_totals_json(NULL, 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("m", 0, NULL, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("m", 0, &t, buf, sizeof(buf),
                                         NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("m", 0, &t, NULL, 10, &len),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("a\"b", 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("a\\b", 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("a\nb", 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    /* Every control character, DEL included, is refused; the printable
     * characters around them are kept. */
    assert_int_equal(ipt_sim_totals_json("a\x1f", 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("a\x7f", 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json(" ~", 0, &t, buf, sizeof(buf),
                                         &len), IPT_OK);
    assert_non_null(strstr(buf, "{\"model\": \" ~\""));
    /* The name must be valid UTF-8: a stray continuation byte, a cut
     * sequence and an overlong form are refused; a whole character is
     * kept. */
    assert_int_equal(ipt_sim_totals_json("a\x80", 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("a\xc3", 0, &t, buf, sizeof(buf),
                                         &len), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("\xc0\xaf", 0, &t, buf,
                                         sizeof(buf), &len),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_totals_json("caf\xc3\xa9", 0, &t, buf,
                                         sizeof(buf), &len), IPT_OK);
    assert_non_null(strstr(buf, "{\"model\": \"caf\xc3\xa9\""));
    assert_int_equal(ipt_sim_totals_json("", 0, &t, buf, sizeof(buf),
                                         &len), IPT_OK);
}

static void
test_names_and_defaults(void **state)
{
    enum ipt_sim_model m = IPT_SIM_CALLBACKS;
    struct ipt_cohort_v1_params p;

    (void)state;
    assert_string_equal(ipt_sim_model_name(IPT_SIM_COHORT_V1), "cohort-v1");
    assert_string_equal(ipt_sim_model_name(IPT_SIM_CALLBACKS), "callbacks");
    assert_null(ipt_sim_model_name((enum ipt_sim_model)0));
    assert_null(ipt_sim_model_name((enum ipt_sim_model)3));
    assert_int_equal(ipt_sim_model_from_name("cohort-v1", &m), IPT_OK);
    assert_int_equal(m, IPT_SIM_COHORT_V1);
    assert_int_equal(ipt_sim_model_from_name("callbacks", &m), IPT_OK);
    assert_int_equal(m, IPT_SIM_CALLBACKS);
    assert_int_equal(ipt_sim_model_from_name("cohort-v2", &m),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(m, IPT_SIM_CALLBACKS);
    assert_int_equal(ipt_sim_model_from_name(NULL, &m),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_sim_model_from_name("callbacks", NULL),
                     IPT_ERR_INVALID_ARGUMENT);

    assert_int_equal(ipt_cohort_v1_defaults(NULL), IPT_ERR_INVALID_ARGUMENT);
    memset(&p, 0xEE, sizeof(p));
    assert_int_equal(ipt_cohort_v1_defaults(&p), IPT_OK);
    assert_int_equal(p.size, sizeof(p));
    assert_int_equal(p.reserved, 0);
    assert_true(p.dropout[0] == 0.04 && p.dropout[1] == 0.02 &&
                p.dropout[2] == 0.01);
    assert_true(p.dropout_multiplier == 1.0);
    assert_true(p.area_bounds[0] == 0.20 && p.area_bounds[1] == 0.55 &&
                p.area_bounds[2] == 0.85);
    assert_true(p.base_rate[0] == 0.07 && p.base_rate[1] == 0.06 &&
                p.base_rate[2] == 0.08 && p.base_rate[3] == 0.045);
    assert_true(p.noise == 3.0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_known_values),
        cmocka_unit_test(test_rng_matches_reference),
        cmocka_unit_test(test_cell_seeds),
        cmocka_unit_test(test_cohort_v1_golden),
        cmocka_unit_test(test_cohort_v1_reference),
        cmocka_unit_test(test_cohort_v1_edges),
        cmocka_unit_test(test_dropout_multiplier),
        cmocka_unit_test(test_callbacks_equal_builtin),
        cmocka_unit_test(test_callback_errors),
        cmocka_unit_test(test_thread_invariance),
        cmocka_unit_test(test_sink_delivery),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_cancel_edges),
        cmocka_unit_test(test_largest_run),
        cmocka_unit_test(test_sink_errors),
        cmocka_unit_test(test_sink_edges),
        cmocka_unit_test(test_larger_callbacks_and_sink),
        cmocka_unit_test(test_message_sizes),
        cmocka_unit_test(test_area_bounds_at_one),
        cmocka_unit_test(test_two_workers_fail),
        cmocka_unit_test(test_no_allocation_per_patient),
        cmocka_unit_test(test_allocation_failure),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_validation_cohort),
        cmocka_unit_test(test_validation_profile_areas),
        cmocka_unit_test(test_validation_callbacks_and_sink),
        cmocka_unit_test(test_custom_profile),
        cmocka_unit_test(test_profiles_accept_driver),
        cmocka_unit_test(test_totals_json),
        cmocka_unit_test(test_names_and_defaults),
    };

    return cmocka_run_group_tests_name("sim", tests, NULL, NULL);
}
