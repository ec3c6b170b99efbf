/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-sim.h
 * @brief Cohort simulation: many simulated patients through the course
 *        machine, reproducibly and in parallel.
 */
#ifndef IPT_SIM_H
#define IPT_SIM_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-alloc.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-profile.h>
#include <ipt/ipt-status.h>
#include <ipt/ipt-types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup sim Cohort simulation
 * Simulate a cohort of patients through the course machine.
 *
 * Each simulated patient has a random stream of its own, derived from the
 * run's seed and the patient's index, so a patient's draws never depend on
 * the thread count, the scheduling, or the other patients.  Aggregates are
 * integer sums, so a run gives the same result, bit for bit, for any number
 * of threads.  The phase of every session comes from the library's course
 * machine under the run's protocol profile; the events the engine applies
 * to a simulated course are listed on the @ref simulation
 * "simulation page", with the built-in model `cohort-v1`.
 *
 * The models are illustrative: their rates are round numbers chosen to
 * give plausible curves, not clinical estimates.
 * @{
 */

/* ---- random numbers ----------------------------------------------------- */

/** State of one xoshiro128** stream. */
struct ipt_rng {
    /** The four 32-bit state words. */
    uint32_t s[4];
};

/**
 * Seed the stream of patient @p patient of a run seeded with @p seed, as
 * cohort-v1 specifies: `s[k] = fmix32(fmix32(seed + (k + 1) * 0x9E3779B9)
 * ^ patient)` for k = 0..3, and s[0] = 1 if all four are 0.
 * @param[out] rng      The stream.
 * @param[in]  seed     The run's seed.
 * @param[in]  patient  The patient's index, from 0.
 * @retval IPT_OK Seeded.  @retval IPT_ERR_INVALID_ARGUMENT @p rng is NULL.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_rng_seed_patient(struct ipt_rng *rng, uint32_t seed, uint32_t patient);

/**
 * Next 32-bit output of a stream (xoshiro128**).
 * @param[in,out] rng  The stream.
 * @return The output; 0 (and no change) when @p rng is NULL.
 * @note Thread-safe for distinct streams.
 * @since 0.1
 */
IPT_API uint32_t
ipt_rng_next(struct ipt_rng *rng);

/**
 * Next uniform draw in [0, 1): ipt_rng_next() × 2^-32.
 * @param[in,out] rng  The stream.
 * @return The draw; 0.0 (and no change) when @p rng is NULL.
 * @note Thread-safe for distinct streams.
 * @since 0.1
 */
IPT_API double
ipt_rng_uniform(struct ipt_rng *rng);

/**
 * The seed of cell @p cell of a sweep whose run seed is @p seed:
 * `fmix32(seed ^ fmix32(cell + 1))` (see the @ref simulation
 * "simulation page").  Cells are numbered from 0 in row-major order.
 * @param[in] seed  The run's seed.
 * @param[in] cell  The cell's index.
 * @return The cell's seed.
 * @note Thread-safe.
 * @since 0.1
 */
IPT_API uint32_t
ipt_sim_cell_seed(uint32_t seed, uint32_t cell);

/* ---- models -------------------------------------------------------------- */

/** The model a run uses. */
enum ipt_sim_model {
    /** The built-in reference model cohort-v1 ("cohort-v1"), with
     *  ::ipt_cohort_v1_params. */
    IPT_SIM_COHORT_V1 = 1,
    /** A caller's model given as ::ipt_sim_callbacks ("callbacks"). */
    IPT_SIM_CALLBACKS = 2
};

/**
 * Parameters of cohort-v1.  ipt_cohort_v1_defaults() gives the values of
 * the specification; with them a run reproduces cohort-v1 exactly.  Set
 * @ref size to `sizeof(struct ipt_cohort_v1_params)`.
 */
struct ipt_cohort_v1_params {
    /** `sizeof(struct ipt_cohort_v1_params)` as seen by the caller. */
    uint32_t size;
    /** Must be 0. */
    uint32_t reserved;
    /** Dropout probability before a session in the initial, middle and
     *  termination phase (0.04, 0.02, 0.01), each 0 to 1. */
    double dropout[3];
    /** Multiplies every dropout probability (1.0); the product is capped
     *  at 1.  0 to 1000. */
    double dropout_multiplier;
    /** Cumulative bounds of the problem-area draw: grief below the first,
     *  role dispute below the second, role transition below the third,
     *  interpersonal deficits above (0.20, 0.55, 0.85); non-decreasing,
     *  0 to 1. */
    double area_bounds[3];
    /** Base improvement rate per session for grief, role dispute, role
     *  transition and interpersonal deficits (0.07, 0.06, 0.08, 0.045);
     *  each 0 to 1. */
    double base_rate[4];
    /** Noise amplitude (3.0); 0 to 27. */
    double noise;
};

/**
 * Fill @p out with cohort-v1's specified parameters and set its size.
 * @param[out] out  Receives the parameters.
 * @retval IPT_OK Filled.  @retval IPT_ERR_INVALID_ARGUMENT @p out is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_cohort_v1_defaults(struct ipt_cohort_v1_params *out);

/** One simulated patient, as a caller's model sees it. */
struct ipt_sim_patient {
    /** The patient's index, from 0. */
    uint32_t index;
    /** ::ipt_area: the problem area (set by the model's init), one of the
     *  four core areas (1 to 4); #IPT_AREA_LOST_HEALTHY_SELF is not
     *  simulated. */
    int32_t area;
    /** Baseline PHQ-9 total, 0 to 27 (set by the model's init). */
    int32_t baseline;
    /** Sessions attended so far. */
    uint32_t attended;
    /** Current score, kept in [0, 27] by the engine after each update;
     *  the engine sets it to the baseline after init. */
    double score;
    /** Free for the model (cohort-v1 keeps its improvement rate here). */
    double model[3];
};

/**
 * A caller's model.  The engine calls the functions from its worker
 * threads, concurrently for different patients, so they must be
 * thread-safe; @ref user_data is shared.  Each call gets the patient's own
 * stream; a model that draws only from it stays reproducible.
 */
struct ipt_sim_callbacks {
    /** `sizeof(struct ipt_sim_callbacks)` as seen by the caller. */
    uint32_t size;
    /** Must be 0. */
    uint32_t reserved;
    /** Passed to every function. */
    void *user_data;
    /** Sets the patient's area and baseline (and model fields).  A status
     *  other than #IPT_OK stops the run with that status. */
    enum ipt_status (*init)(void *user_data, struct ipt_rng *rng,
                            struct ipt_sim_patient *patient);
    /** Probability, 0 to 1, that the patient drops out before @p session
     *  (from 1), which the course machine places in @p phase.  The engine
     *  then draws u from the patient's stream and drops the patient when
     *  u < p. */
    double (*dropout)(void *user_data, const struct ipt_sim_patient *patient,
                      uint32_t session, enum ipt_state phase);
    /** Updates the patient's score after attending @p session. */
    void (*update)(void *user_data, struct ipt_rng *rng,
                   struct ipt_sim_patient *patient, uint32_t session,
                   enum ipt_state phase);
};

/* ---- results ------------------------------------------------------------- */

/** Outcome of one simulated patient. */
struct ipt_sim_patient_result {
    /** The patient's index. */
    uint32_t patient;
    /** ::ipt_area. */
    int32_t area;
    /** Baseline score. */
    int32_t baseline;
    /** Sessions attended. */
    uint32_t attended;
    /** ::ipt_state in which the patient dropped out, or 0 if the course
     *  was completed. */
    int32_t dropout_phase;
    /** Final score: floor(score + 0.5). */
    int32_t final_score;
    /** 1 if final × 2 ≤ baseline (a 50 % reduction), else 0. */
    uint32_t responder;
    /** 1 if final < 5, else 0. */
    uint32_t remitter;
};

/** The score after one attended session. */
struct ipt_sim_session_point {
    /** The patient's index. */
    uint32_t patient;
    /** The session, from 1. */
    uint32_t session;
    /** ::ipt_state: the phase the session was held in. */
    int32_t phase;
    /** Always 0. */
    uint32_t reserved;
    /** The score after the session, in [0, 27]. */
    double score;
};

/**
 * Receives per-patient and per-session results while a run goes on.  The
 * engine calls the functions from one thread at a time, in patient order,
 * with blocks of results that are valid only during the call.  A status
 * other than #IPT_OK stops the run with that status.  Either function may
 * be NULL.
 */
struct ipt_sim_sink {
    /** `sizeof(struct ipt_sim_sink)` as seen by the caller. */
    uint32_t size;
    /** Must be 0. */
    uint32_t reserved;
    /** Passed to every function. */
    void *user_data;
    /** A block of patient results, in patient order. */
    enum ipt_status (*patients)(void *user_data,
                                const struct ipt_sim_patient_result *results,
                                uint64_t count);
    /** A block of session points, by patient then session. */
    enum ipt_status (*sessions)(void *user_data,
                                const struct ipt_sim_session_point *points,
                                uint64_t count);
};

/**
 * Progress of a run: @p done of @p total patients have been delivered.
 * Called from one thread at a time, at most about once per block of
 * patients.  Return 0 to continue, anything else to cancel the run (it
 * then returns #IPT_ERR_CANCELLED).
 */
typedef int32_t (*ipt_sim_progress_fn)(void *user_data, uint64_t done,
                                       uint64_t total);

/**
 * A run.  Set @ref size to `sizeof(struct ipt_sim_config)` and zero the
 * fields you do not use.
 */
struct ipt_sim_config {
    /** `sizeof(struct ipt_sim_config)` as seen by the caller. */
    uint32_t size;
    /** ::ipt_sim_model. */
    int32_t model;
    /** The run's seed; every value is valid. */
    uint32_t seed;
    /** Worker threads; 0 uses every online processor.  1 to 256. */
    uint32_t threads;
    /** Number of patients, 1 to 2^32. */
    uint64_t patients;
    /** The protocol profile, or NULL for "standard".  Borrowed for the
     *  call. */
    const struct ipt_profile *profile;
    /** Parameters of cohort-v1, or NULL for its defaults.  Borrowed. */
    const struct ipt_cohort_v1_params *cohort_v1;
    /** The caller's model, for #IPT_SIM_CALLBACKS.  Borrowed. */
    const struct ipt_sim_callbacks *callbacks;
    /** Where per-patient and per-session results go, or NULL.  Borrowed. */
    const struct ipt_sim_sink *sink;
    /** Progress callback, or NULL. */
    ipt_sim_progress_fn progress;
    /** Passed to @ref progress. */
    void *progress_data;
    /** Allocator for the run's working memory, or NULL for malloc/free.
     *  Memory is allocated when the run starts (per thread, never per
     *  patient) and freed before it returns. */
    const struct ipt_allocator *allocator;
};

/** Aggregates of a run, as cohort-v1 defines them. */
struct ipt_sim_totals {
    /** Patients simulated. */
    uint64_t patients;
    /** Patients who completed the course. */
    uint64_t completed;
    /** Dropouts in the initial, middle and termination phase. */
    uint64_t dropped[3];
    /** Sessions attended, summed over patients. */
    uint64_t sessions_attended;
    /** Responders. */
    uint64_t responders;
    /** Remitters. */
    uint64_t remitters;
    /** Sum of the final scores. */
    uint64_t final_score_sum;
    /** Patients by problem area, indexed by ::ipt_area − 1. */
    uint64_t area_patients[4];
    /** Remitters by problem area, indexed by ::ipt_area − 1. */
    uint64_t area_remitters[4];
};

/**
 * Run a simulation.
 *
 * @param[in]  config        The run.
 * @param[out] totals        Receives the aggregates; untouched on error.
 * @param[out] message       Optional buffer (may be NULL) for a sentence
 *                           describing a failure; "" on success.
 * @param[in]  message_size  Size of @p message.
 * @retval IPT_OK                   Done.
 * @retval IPT_ERR_INVALID_ARGUMENT A required pointer is NULL, a struct
 *                                  is malformed, or the callbacks lack a
 *                                  function.
 * @retval IPT_ERR_UNSUPPORTED      A struct is larger than this library
 *                                  knows and its extra bytes are not 0.
 * @retval IPT_ERR_OUT_OF_RANGE     Unknown model, a parameter, the patient
 *                                  count or the thread count out of range;
 *                                  a problem area cohort-v1 can draw that
 *                                  the profile does not allow; or a
 *                                  callback's area, baseline, dropout
 *                                  probability or score out of range.
 * @retval IPT_ERR_NO_MEMORY        The working memory could not be
 *                                  allocated.
 * @retval IPT_ERR_HISTORY          The course machine refused an event the
 *                                  engine applied (for example a callback
 *                                  model's area that the profile does not
 *                                  allow); the message has the machine's.
 * @retval IPT_ERR_CANCELLED        The progress callback asked to stop.
 * @retval IPT_ERR_SYSTEM           A thread (or the run's lock) could not
 *                                  be created.
 * @return Or the status a callback or sink function returned.
 * @note Thread-safe: distinct runs may go on at the same time.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_sim_run(const struct ipt_sim_config *config,
            struct ipt_sim_totals *totals, char *message,
            uint64_t message_size);

/**
 * Write a run's aggregates as the JSON object cohort-v1 specifies, on one
 * line with ", " and ": " as separators and keys in the specification's
 * order, followed by a newline.  Behaves like snprintf(), as
 * ipt_course_save_json() does.
 * @param[in]  model     Name written as "model", e.g. "cohort-v1".
 * @param[in]  seed      The run's seed.
 * @param[in]  totals    The aggregates.
 * @param[out] buf       Buffer of @p size bytes; may be NULL if @p size is
 *                       0.
 * @param[in]  size      Size of @p buf.
 * @param[out] length    Receives the length of the text.
 * @retval IPT_OK                   Written.
 * @retval IPT_ERR_INVALID_ARGUMENT A required pointer is NULL, or @p model
 *                                  is not valid UTF-8 or holds a quote, a
 *                                  backslash or a control character.
 * @retval IPT_ERR_BUFFER_TOO_SMALL @p size is not larger than the length.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_sim_totals_json(const char *model, uint32_t seed,
                    const struct ipt_sim_totals *totals, char *buf,
                    uint64_t size, uint64_t *length);

/** Name of a model, e.g. "cohort-v1"; NULL if unknown.
 *  @param[in] model Any value.
 *  @return Static string, never to be freed; NULL if unknown. @since 0.1 */
IPT_API const char *
ipt_sim_model_name(enum ipt_sim_model model);

/** Model named @p name.
 *  @param[in] name A name. @param[out] out Receives the value.
 *  @retval IPT_OK Found. @retval IPT_ERR_INVALID_ARGUMENT A pointer is NULL.
 *  @retval IPT_ERR_UNKNOWN_NAME No such name. @since 0.1 */
IPT_API enum ipt_status
ipt_sim_model_from_name(const char *name, enum ipt_sim_model *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_SIM_H */
