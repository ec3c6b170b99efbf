/* SPDX-License-Identifier: MIT */
/*
 * Private declarations shared by the simulation engine (sim.c) and its
 * batched cohort-v1 path (sim-batch.c).  Nothing here is exported.
 */
#ifndef IPT_SIM_INTERNAL_H
#define IPT_SIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Patients advanced in lockstep by the batched path. */
#define IPT__SIM_BLOCK 256u

/* The checked parameters of a cohort-v1 run. */
struct ipt__sim_cohort {
    /* Dropout probability before a session in the initial, middle and
     * termination phase, multiplier applied and capped at 1. */
    double dropout[3];
    /* ceil(dropout[k] * 2^32): u < p exactly when next() < threshold. */
    uint64_t threshold[3];
    double area_bounds[3];
    /* ceil(area_bounds[k] * 2^32). */
    uint64_t area_threshold[3];
    double base_rate[4];
    double noise;
};

/* ---- random numbers ----------------------------------------------------- */

static inline uint32_t
ipt__fmix32(uint32_t x)
{
    x ^= x >> 16;
    x *= UINT32_C(0x85EBCA6B);
    x ^= x >> 13;
    x *= UINT32_C(0xC2B2AE35);
    x ^= x >> 16;
    return x;
}

static inline uint32_t
ipt__rotl32(uint32_t x, unsigned k)
{
    return (x << k) | (x >> (32u - k));
}

/* Seeds the four words of patient @patient's stream in a run seeded with
 * @seed, as cohort-v1 specifies. */
static inline void
ipt__rng_seed(uint32_t s[4], uint32_t seed, uint32_t patient)
{
    for (uint32_t k = 0; k < 4; k++)
        s[k] = ipt__fmix32(ipt__fmix32(seed + (k + 1) * UINT32_C(0x9E3779B9)) ^
                           patient);
    /* The specification's guard against the all-zero state, which no
     * seed gives: fmix32 is a bijection with fmix32(0) = 0, so s[k] = 0
     * needs fmix32(seed + (k + 1) * 0x9E3779B9) = patient, which holds
     * for at most one k. */
    if ((s[0] | s[1] | s[2] | s[3]) == 0) /* GCOVR_EXCL_BR_LINE */
        s[0] = 1; /* GCOVR_EXCL_LINE */
}

/* xoshiro128**. */
static inline uint32_t
ipt__rng_next(uint32_t s[4])
{
    uint32_t result = ipt__rotl32(s[1] * 5u, 7) * 9u;
    uint32_t t = s[1] << 9;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ipt__rotl32(s[3], 11);
    return result;
}

/* ---- the protocol driver (sim.c) ---------------------------------------- */

/* Applies `start` to a course just reset. */
enum ipt_status
ipt__sim_protocol_start(struct ipt_course *course, char *msg,
                        uint64_t msg_size);

/* Applies `hold_session` and then the bookkeeping events the protocol
 * needs before the next session: after session 1 the initial tasks with a
 * focus of @area (every bit of @also_allowed is checked to be an accepted
 * focus too, for a block of patients); at the profile's last initial
 * session `advance_phase`; in the termination phase `discuss_ending`.  A
 * refusal returns IPT_ERR_HISTORY with the machine's message. */
enum ipt_status
ipt__sim_protocol_hold(struct ipt_course *course, enum ipt_area area,
                       uint32_t also_allowed, char *msg, uint64_t msg_size);

/* Checks that the course would accept `discontinue` (dropout) now. */
enum ipt_status
ipt__sim_protocol_check_dropout(const struct ipt_course *course, char *msg,
                                uint64_t msg_size);

/* ---- the batched path (sim-batch.c) ------------------------------------- */

/* Working memory of one worker of the batched path. */
struct ipt__sim_block;

size_t
ipt__sim_block_size(void);

/* Simulates patients first .. first + count - 1 of a cohort-v1 run in
 * blocks of IPT__SIM_BLOCK, with @clock (a course of the run's profile)
 * as each block's protocol clock.  Writes count results to @results and,
 * when @points is not NULL, the session points of patient j at
 * points[j * stride ...], then compacts them in patient order and sets
 * *npoints.  @stride is at least the planned sessions. */
enum ipt_status
ipt__sim_batch(const struct ipt__sim_cohort *model, uint32_t seed,
               struct ipt__sim_block *block, struct ipt_course *clock,
               uint32_t first, uint32_t count,
               struct ipt_sim_patient_result *results,
               struct ipt_sim_session_point *points, uint32_t stride,
               size_t *npoints, char *msg, uint64_t msg_size);

#endif /* IPT_SIM_INTERNAL_H */
