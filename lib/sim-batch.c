/* SPDX-License-Identifier: MIT */
/*
 * The batched path of cohort-v1: IPT__SIM_BLOCK patients advanced in
 * lockstep, session by session, with their state kept as arrays (the four
 * xoshiro128** words, the score and the rate of each patient) so that the
 * compiler can turn the inner loops into vector code.
 *
 * Why the results equal the per-patient path bit for bit:
 *
 * - Every patient still draws from its own stream, in the order of the
 *   specification (baseline, area, rate; then per session the dropout draw,
 *   a and b).  A patient who drops out goes on drawing in the loop, but
 *   those draws are thrown away with the rest of its lane: its score,
 *   sessions and phase are frozen by the `keep` mask at the dropout.
 * - The phase of each session comes from one course per block, advanced
 *   with the same events as a single patient's course (start, holds, the
 *   initial tasks, advance_phase, discuss_ending).  Every patient still in
 *   treatment has had exactly those events, so its course would be in the
 *   same state; the block's course is asked once per session whether it
 *   would accept `discontinue`, which a patient who drops out applies.
 * - The arithmetic is the same IEEE double arithmetic, operation by
 *   operation, with no contraction (the project builds with
 *   -ffp-contract=off).  Some steps are rewritten into forms that are
 *   exactly equal and vectorise better:
 *   - u < p is next < ceil(p * 2^32): u = next * 2^-32 exactly, and p * 2^32
 *     is exact because 2^32 is a power of two.  The same holds for the
 *     area bounds, so the area is 1 + [next >= t0] + [next >= t1] +
 *     [next >= t2], which is the specification's chain of comparisons
 *     because the bounds are non-decreasing (checked when the run starts);
 *   - floor(x) of a non-negative double below 2^31 is its truncation;
 *   - (double)x of a uint32 x is (double)(int32)(x ^ 2^31) + 2^31;
 *   - (u(a) + u(b)) - 1.0 is (centred(a) + centred(b)) * 2^-32 with
 *     centred(x) = (double)(int32)(x ^ 2^31): both are the real number
 *     (a + b - 2^32) * 2^-32, and every step of either is exact.
 */
#include <string.h>

#include "sim-internal.h"

#define LANES IPT__SIM_BLOCK

/* gcc vectorises the session loop at -O2; clang's cost model declines it
 * for baseline x86-64 (SSE2) although four lanes run about 30 % faster
 * there, so clang is asked to.  Only speed changes: every lane does the
 * same IEEE operations either way. */
#if defined(__clang__)
#define VECTORIZE_4 _Pragma("clang loop vectorize(enable) vectorize_width(4)")
#else
#define VECTORIZE_4
#endif

/* On x86-64 with GNU ifunc support, the session step is compiled twice,
 * for baseline x86-64 and for AVX2, and the loader picks the clone the
 * processor runs.  AVX2 doubles the lanes per instruction; it adds no
 * fused multiply-add (that is the separate FMA feature, and the project
 * builds with -ffp-contract=off), so both clones do the same IEEE
 * operations and give the same bits.
 *
 * Not under ThreadSanitizer: gcc instruments the clones' resolver, which
 * the dynamic loader runs while it relocates the library, before the TSan
 * runtime is set up, so every program linked with the library would crash
 * at start-up. */
#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) &&        \
    !defined(__clang__) && !defined(__SANITIZE_THREAD__) &&               \
    !defined(IPT_SIM_NO_CLONES)
#define IPT__SIM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define IPT__SIM_CLONES
#endif

struct ipt__sim_block {
    uint32_t s0[LANES];
    uint32_t s1[LANES];
    uint32_t s2[LANES];
    uint32_t s3[LANES];
    double score[LANES];
    double rate[LANES];
    uint32_t alive[LANES];          /* all ones in treatment, else 0 */
    uint32_t attended[LANES];
    int32_t dphase[LANES];          /* ipt_state of the dropout, or 0 */
    int32_t area[LANES];
    int32_t baseline[LANES];
    uint32_t draw[3][LANES];        /* the first three draws */
};

size_t
ipt__sim_block_size(void)
{
    return sizeof(struct ipt__sim_block);
}

/* One xoshiro128** step on four words held in variables. */
static inline uint32_t
lane_next(uint32_t *a0, uint32_t *a1, uint32_t *a2, uint32_t *a3)
{
    uint32_t result = ipt__rotl32(*a1 * 5u, 7) * 9u;
    uint32_t t = *a1 << 9;

    *a2 ^= *a0;
    *a3 ^= *a1;
    *a1 ^= *a2;
    *a0 ^= *a3;
    *a2 ^= t;
    *a3 = ipt__rotl32(*a3, 11);
    return result;
}

/* next * 2^-32, through a signed conversion that SSE2 can vectorise;
 * exact, as (double)x is. */
static inline double
lane_unit(uint32_t x)
{
    double d = (double)(int32_t)(x ^ UINT32_C(0x80000000)) + 2147483648.0;

    return d * 0x1p-32;
}

/* x - 2^31 as a double.  For the noise, (u(a) + u(b)) - 1.0 equals
 * (centred(a) + centred(b)) * 2^-32 exactly: both sides are the real
 * (a + b - 2^32) * 2^-32, and every step on either side is exact (sums of
 * integers below 2^33, scaling by powers of two, and a difference of two
 * multiples of 2^-32 below 2 in magnitude, which has at most 33
 * significant bits). */
static inline double
lane_centred(uint32_t x)
{
    return (double)(int32_t)(x ^ UINT32_C(0x80000000));
}

/* Seeds the streams of the block's lanes and makes the first three draws
 * (baseline, area, rate).  Integer work only. */
static void
block_seed(uint32_t seed, uint32_t first, uint32_t *restrict s0,
           uint32_t *restrict s1, uint32_t *restrict s2,
           uint32_t *restrict s3, uint32_t (*restrict draw)[LANES])
{
    uint32_t h[4];

    for (uint32_t k = 0; k < 4; k++)
        h[k] = ipt__fmix32(seed + (k + 1) * UINT32_C(0x9E3779B9));
    for (uint32_t i = 0; i < LANES; i++) {
        uint32_t p = first + i;
        uint32_t a0 = ipt__fmix32(h[0] ^ p);
        uint32_t a1 = ipt__fmix32(h[1] ^ p);
        uint32_t a2 = ipt__fmix32(h[2] ^ p);
        uint32_t a3 = ipt__fmix32(h[3] ^ p);

        a0 |= (uint32_t)((a0 | a1 | a2 | a3) == 0);
        draw[0][i] = lane_next(&a0, &a1, &a2, &a3);
        draw[1][i] = lane_next(&a0, &a1, &a2, &a3);
        draw[2][i] = lane_next(&a0, &a1, &a2, &a3);
        s0[i] = a0;
        s1[i] = a1;
        s2[i] = a2;
        s3[i] = a3;
    }
}

/* Seeds the block's lanes and draws baseline, area and rate.  Every lane
 * is filled so that the loops run a constant count, which the compiler
 * vectorises without a remainder loop; lanes from @n on are out of
 * treatment from the start. */
static void
block_init(struct ipt__sim_block *restrict blk,
           const struct ipt__sim_cohort *restrict m, uint32_t seed,
           uint32_t first, uint32_t n)
{
    const double b0 = m->area_bounds[0];
    const double b1 = m->area_bounds[1];
    const double b2 = m->area_bounds[2];
    const double r0 = m->base_rate[0];
    const double r1 = m->base_rate[1];
    const double r2 = m->base_rate[2];
    const double r3 = m->base_rate[3];
    /* u >= b exactly when next >= ceil(b * 2^32), never when that is
     * 2^32. */
    const uint32_t t0 = (uint32_t)m->area_threshold[0];
    const uint32_t t1 = (uint32_t)m->area_threshold[1];
    const uint32_t t2 = (uint32_t)m->area_threshold[2];
    const int below0 = m->area_threshold[0] <= UINT32_MAX;
    const int below1 = m->area_threshold[1] <= UINT32_MAX;
    const int below2 = m->area_threshold[2] <= UINT32_MAX;

    block_seed(seed, first, blk->s0, blk->s1, blk->s2, blk->s3, blk->draw);
    for (uint32_t i = 0; i < LANES; i++) {
        double u = lane_unit(blk->draw[0][i]);
        int32_t base = 10 + (int32_t)(u * 18.0);

        blk->baseline[i] = base;
        blk->score[i] = (double)base;
    }
    for (uint32_t i = 0; i < LANES; i++) {
        double u = lane_unit(blk->draw[1][i]);
        double base = r3;

        /* Every comparison is made, so that the compiler may evaluate
         * them all in vector registers. */
        base = u < b2 ? r2 : base;
        base = u < b1 ? r1 : base;
        base = u < b0 ? r0 : base;
        blk->rate[i] = base;
    }
    for (uint32_t i = 0; i < LANES; i++) {
        uint32_t x = blk->draw[1][i];

        blk->area[i] = 1 + (int32_t)(x >= t0 && below0) +
                       (int32_t)(x >= t1 && below1) +
                       (int32_t)(x >= t2 && below2);
    }
    for (uint32_t i = 0; i < LANES; i++)
        blk->rate[i] *= 0.5 + lane_unit(blk->draw[2][i]);
    for (uint32_t i = 0; i < LANES; i++) {
        blk->alive[i] = i < n ? UINT32_MAX : 0;
        blk->attended[i] = 0;
        blk->dphase[i] = 0;
    }
}

/* One session for every lane: the dropout draw against @thr (all lanes
 * drop when @drop_all is set), then a and b and the score update.  Returns
 * non-zero when some lane is still in treatment. */
IPT__SIM_CLONES static uint32_t
block_step(uint32_t thr, uint32_t drop_all, double noise,
           uint32_t session, int32_t phase, uint32_t *restrict s0,
           uint32_t *restrict s1, uint32_t *restrict s2,
           uint32_t *restrict s3, double *restrict score,
           const double *restrict rate, uint32_t *restrict alive,
           uint32_t *restrict attended, int32_t *restrict dphase)
{
    uint32_t any = 0;
    const uint32_t may_stay = drop_all ? 0u : UINT32_MAX;

    VECTORIZE_4
    for (uint32_t i = 0; i < LANES; i++) {
        uint32_t a0 = s0[i], a1 = s1[i], a2 = s2[i], a3 = s3[i];
        uint32_t x = lane_next(&a0, &a1, &a2, &a3);
        uint32_t xa = lane_next(&a0, &a1, &a2, &a3);
        uint32_t xb = lane_next(&a0, &a1, &a2, &a3);
        uint32_t was = alive[i];
        uint32_t keep = was & may_stay & (0u - (uint32_t)(x >= thr));
        double nz = ((lane_centred(xa) + lane_centred(xb)) * 0x1p-32) *
                    noise;
        double old = score[i];
        double s = (old - (rate[i] * old)) + nz;

        s = s < 0.0 ? 0.0 : s;
        s = s > 27.0 ? 27.0 : s;
        score[i] = keep ? s : old;
        attended[i] = keep ? session : attended[i];
        dphase[i] = (was & ~keep) ? phase : dphase[i];
        alive[i] = keep;
        any |= keep;
        s0[i] = a0;
        s1[i] = a1;
        s2[i] = a2;
        s3[i] = a3;
    }
    return any;
}

/* Session points of one session at points[i * stride + session - 1]; the
 * lanes out of treatment write too, past their last attended session,
 * where the compaction never looks. */
static void
block_points(const struct ipt__sim_block *blk, uint32_t first, uint32_t n,
             uint32_t session, int32_t phase,
             struct ipt_sim_session_point *points, uint32_t stride)
{
    for (uint32_t i = 0; i < n; i++) {
        struct ipt_sim_session_point *pt =
            &points[(size_t)i * stride + session - 1];

        pt->patient = first + i;
        pt->session = session;
        pt->phase = phase;
        pt->reserved = 0;
        pt->score = blk->score[i];
    }
}

/* Problem areas (mask of IPT_AREA_BIT) of the lanes still in treatment,
 * and the area of the first of them. */
static uint32_t
block_areas(const struct ipt__sim_block *blk, uint32_t n,
            enum ipt_area *first_area)
{
    uint32_t mask = 0;

    for (uint32_t i = 0; i < n; i++) {
        if (blk->alive[i] == 0)
            continue;
        if (mask == 0)
            *first_area = (enum ipt_area)blk->area[i];
        mask |= IPT_AREA_BIT(blk->area[i]);
    }
    return mask;
}

static void
block_results(const struct ipt__sim_block *blk, uint32_t first, uint32_t n,
              struct ipt_sim_patient_result *out)
{
    for (uint32_t i = 0; i < n; i++) {
        int32_t final = (int32_t)(blk->score[i] + 0.5);

        out[i].patient = first + i;
        out[i].area = blk->area[i];
        out[i].baseline = blk->baseline[i];
        out[i].attended = blk->attended[i];
        out[i].dropout_phase = blk->dphase[i];
        out[i].final_score = final;
        out[i].responder = (uint32_t)(final * 2 <= blk->baseline[i]);
        out[i].remitter = (uint32_t)(final < 5);
    }
}

/* One block through the course machine's sessions. */
static enum ipt_status
run_block(const struct ipt__sim_cohort *m, uint32_t seed,
          struct ipt__sim_block *blk, struct ipt_course *clock,
          uint32_t first, uint32_t n, struct ipt_sim_patient_result *results,
          struct ipt_sim_session_point *points, uint32_t stride, char *msg,
          uint64_t msg_size)
{
    enum ipt_status st;

    block_init(blk, m, seed, first, n);
    ipt__course_reset(clock);
    st = ipt__sim_protocol_start(clock, msg, msg_size);
    for (uint32_t session = 1; st == IPT_OK; session++) {
        enum ipt_state phase = IPT_STATE_NOT_STARTED;
        enum ipt_area area = IPT_AREA_GRIEF;
        uint64_t thr;
        uint32_t any, mask;

        (void)ipt_course_get_state(clock, &phase);
        if (phase != IPT_STATE_INITIAL && phase != IPT_STATE_MIDDLE &&
            phase != IPT_STATE_TERMINATION)
            break;
        /* The machine allows a dropout in every treatment phase, so the
         * check of the lanes' dropouts (which the clock never applies)
         * cannot fail while it does. */
        st = ipt__sim_protocol_check_dropout(clock, msg, msg_size);
        if (st != IPT_OK) /* GCOVR_EXCL_BR_LINE: cannot fail, see above */
            break; /* GCOVR_EXCL_LINE: cannot fail, see above */
        thr = m->threshold[phase - IPT_STATE_INITIAL];
        any = block_step((uint32_t)thr, (uint32_t)(thr > UINT32_MAX), m->noise,
                         session, (int32_t)phase, blk->s0, blk->s1, blk->s2,
                         blk->s3, blk->score, blk->rate, blk->alive,
                         blk->attended, blk->dphase);
        if (points != NULL)
            block_points(blk, first, n, session, (int32_t)phase, points,
                         stride);
        if (!any)
            break;
        mask = session == 1 ? block_areas(blk, n, &area) : 0;
        st = ipt__sim_protocol_hold(clock, area, mask, msg, msg_size);
    }
    if (st == IPT_OK)
        block_results(blk, first, n, results);
    return st;
}

/* Moves each patient's points, attended of them at points[j * stride],
 * to follow the previous patient's. */
static size_t
compact_points(const struct ipt_sim_patient_result *results, uint32_t count,
               struct ipt_sim_session_point *points, uint32_t stride)
{
    size_t out = 0;

    for (uint32_t j = 0; j < count; j++) {
        size_t from = (size_t)j * stride;
        uint32_t k = results[j].attended;

        if (k > 0 && from != out)
            memmove(&points[out], &points[from], sizeof(*points) * k);
        out += k;
    }
    return out;
}

enum ipt_status
ipt__sim_batch(const struct ipt__sim_cohort *model, uint32_t seed,
               struct ipt__sim_block *block, struct ipt_course *clock,
               uint32_t first, uint32_t count,
               struct ipt_sim_patient_result *results,
               struct ipt_sim_session_point *points, uint32_t stride,
               size_t *npoints, char *msg, uint64_t msg_size)
{
    for (uint32_t done = 0; done < count; done += LANES) {
        uint32_t n = count - done < LANES ? count - done : LANES;
        struct ipt_sim_session_point *pts =
            points != NULL ? &points[(size_t)done * stride] : NULL;
        enum ipt_status st;

        st = run_block(model, seed, block, clock, first + done, n,
                       &results[done], pts, stride, msg, msg_size);
        if (st != IPT_OK)
            return st;
    }
    *npoints = points != NULL ? compact_points(results, count, points, stride)
                              : 0;
    return IPT_OK;
}
