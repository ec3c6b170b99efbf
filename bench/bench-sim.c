/* SPDX-License-Identifier: MIT */
/*
 * Measures the cohort-v1 simulation in patients per second.
 *
 * Usage: bench-sim [PATIENTS [SEED]]   (default 4000000 patients, seed 42)
 *
 * Times four configurations on the same cohort, each the best of three
 * repetitions:
 *
 *   plain      cohort-v1 written out as a straightforward scalar C loop, with
 *              no library at all: per patient, seed the stream, draw, run 16
 *              sessions with a hard-coded phase table, add to integer
 *              aggregates.  This is the loop a researcher would write.
 *   1 thread   ipt_sim_run() with threads = 1 and no sink.
 *   2 threads  ipt_sim_run() with threads = 2.
 *   all cores  ipt_sim_run() with threads = 0 (every online processor).
 *
 * Every run's aggregates must equal the plain loop's, or the program says
 * which differ and exits with status 1; so the benchmark is also a check
 * that the library reproduces the specification.  It prints patients/s for
 * each configuration, the ratio of the library (1 thread) to the plain
 * loop, and the speed-up of 2 threads and of all cores over 1 thread.
 *
 * The plain loop must be compiled without contraction of a * b + c into a
 * fused multiply-add (the project builds with -ffp-contract=off), as the
 * specification requires.  Wall-clock times on a shared machine vary; run it
 * a few times and take the largest figures.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ipt/ipt.h>

#define REPETITIONS 3
#define SESSIONS 16

static double
seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the plain loop ------------------------------------------------------ */

static uint32_t
fmix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x;
}

static uint32_t
rotl(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

static uint32_t
next(uint32_t s[4])
{
    uint32_t result = rotl(s[1] * 5u, 7) * 9u;
    uint32_t t = s[1] << 9;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
}

static double
uniform(uint32_t s[4])
{
    return (double)next(s) * 0x1p-32;
}

/* cohort-v1 for patients 0 .. n-1 of a run seeded with @p seed.  The
 * reference loop stays in one piece, in the order of the model's
 * specification, so that it can be read against docs/simulation.md.
 * NOLINTBEGIN(readability-function-cognitive-complexity) */
static void
plain_loop(uint32_t seed, uint64_t n, struct ipt_sim_totals *tot)
{
    /* Phase of session s (0 initial, 1 middle, 2 termination). */
    static const int phase_of[SESSIONS + 1] = {
        0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2
    };
    static const double dropout[3] = { 0.04, 0.02, 0.01 };
    static const double base_rate[4] = { 0.07, 0.06, 0.08, 0.045 };

    memset(tot, 0, sizeof(*tot));
    tot->patients = n;
    for (uint64_t p = 0; p < n; p++) {
        uint32_t i = (uint32_t)p;
        uint32_t s[4];

        for (uint32_t k = 0; k < 4; k++)
            s[k] = fmix32(fmix32(seed + (k + 1) * 0x9E3779B9u) ^ i);
        if ((s[0] | s[1] | s[2] | s[3]) == 0)
            s[0] = 1;

        int32_t baseline = 10 + (int32_t)floor(uniform(s) * 18.0);
        double ua = uniform(s);
        int area = ua < 0.20 ? 0 : ua < 0.55 ? 1 : ua < 0.85 ? 2 : 3;
        double r = base_rate[area] * (0.5 + uniform(s));
        double score = (double)baseline;
        uint32_t attended = 0;
        int dropped = -1;

        for (uint32_t sess = 1; sess <= SESSIONS; sess++) {
            int phase = phase_of[sess];

            if (uniform(s) < dropout[phase]) {
                dropped = phase;
                break;
            }
            double a = uniform(s);
            double b = uniform(s);
            double noise = ((a + b) - 1.0) * 3.0;

            score = (score - (r * score)) + noise;
            if (score < 0.0)
                score = 0.0;
            else if (score > 27.0)
                score = 27.0;
            attended = sess;
        }

        int32_t final = (int32_t)floor(score + 0.5);
        int remitter = final < 5;

        if (dropped < 0)
            tot->completed++;
        else
            tot->dropped[dropped]++;
        tot->sessions_attended += attended;
        tot->responders += (uint64_t)(final * 2 <= baseline);
        tot->remitters += (uint64_t)remitter;
        tot->final_score_sum += (uint64_t)final;
        tot->area_patients[area]++;
        tot->area_remitters[area] += (uint64_t)remitter;
    }
}
/* NOLINTEND(readability-function-cognitive-complexity) */

/* ---- the library --------------------------------------------------------- */

static int
library_run(uint32_t seed, uint64_t n, uint32_t threads,
            struct ipt_sim_totals *tot)
{
    struct ipt_sim_config cfg;
    char message[256];
    enum ipt_status st;

    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.model = IPT_SIM_COHORT_V1;
    cfg.seed = seed;
    cfg.threads = threads;
    cfg.patients = n;
    st = ipt_sim_run(&cfg, tot, message, sizeof(message));
    if (st != IPT_OK) {
        fprintf(stderr, "bench-sim: ipt_sim_run (%" PRIu32 " threads): %s\n",
                threads, message[0] ? message : "failed");
        return -1;
    }
    return 0;
}

/* ---- measuring ----------------------------------------------------------- */

/* One configuration: the plain loop, or the library with `threads`
 * worker threads (0: every online processor). */
struct config {
    const char *name;
    int plain;
    uint32_t threads;
};

static int
run_once(const struct config *c, uint32_t seed, uint64_t n,
         struct ipt_sim_totals *tot)
{
    if (c->plain) {
        plain_loop(seed, n, tot);
        return 0;
    }
    return library_run(seed, n, c->threads, tot);
}

static void
print_json(const char *label, uint32_t seed, const struct ipt_sim_totals *t)
{
    char buf[1024];
    uint64_t len;

    if (ipt_sim_totals_json("cohort-v1", seed, t, buf, sizeof(buf), &len) ==
        IPT_OK)
        fprintf(stderr, "  %-10s %s", label, buf);
}

/* Best time of REPETITIONS runs of @p c; -1 if a run failed or its totals
 * differ from @p want. */
static double
measure(const struct config *c, uint32_t seed, uint64_t n,
        const struct ipt_sim_totals *want)
{
    double best = -1.0;

    for (int rep = 0; rep < REPETITIONS; rep++) {
        struct ipt_sim_totals got;
        double t0 = seconds();

        memset(&got, 0, sizeof(got));
        if (run_once(c, seed, n, &got) != 0)
            return -1.0;
        double dt = seconds() - t0;

        if (memcmp(&got, want, sizeof(got)) != 0) {
            fprintf(stderr, "bench-sim: %s: totals differ from the plain "
                    "loop's:\n", c->name);
            print_json("plain", seed, want);
            print_json(c->name, seed, &got);
            return -1.0;
        }
        if (best < 0.0 || dt < best)
            best = dt;
    }
    return best;
}

static int
parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (text[0] < '0' || text[0] > '9')
        return -1;
    v = strtoull(text, &end, 10);
    if (*end != '\0' || v < min || v > max)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int
main(int argc, char **argv)
{
    static const struct config configs[] = {
        { "plain", 1, 0 },
        { "1 thread", 0, 1 },
        { "2 threads", 0, 2 },
        { "all cores", 0, 0 },
    };
    enum { NCONFIGS = sizeof(configs) / sizeof(configs[0]) };
    uint64_t n = 4000000, seed64 = 42;
    struct ipt_sim_totals want;
    double best[NCONFIGS];
    double rate[NCONFIGS];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    if (argc > 3 ||
        (argc > 1 && parse_u64(argv[1], 1, UINT64_C(1) << 32, &n) != 0) ||
        (argc > 2 && parse_u64(argv[2], 0, UINT32_MAX, &seed64) != 0)) {
        fprintf(stderr, "usage: bench-sim [PATIENTS [SEED]]\n"
                "  PATIENTS  1 to 4294967296 (default 4000000)\n"
                "  SEED      0 to 4294967295 (default 42)\n");
        return 2;
    }
    uint32_t seed = (uint32_t)seed64;

    /* The reference totals, from the plain loop; every timed run of every
     * configuration is compared with them. */
    plain_loop(seed, n, &want);

    printf("cohort-v1, %" PRIu64 " patients, seed %" PRIu32 ", best of %d, "
           "%ld online processors\n", n, seed, REPETITIONS, cores);
    for (int k = 0; k < NCONFIGS; k++) {
        best[k] = measure(&configs[k], seed, n, &want);
        if (best[k] < 0.0)
            return 1;
        rate[k] = (double)n / (best[k] > 1e-9 ? best[k] : 1e-9);
        printf("  %-10s %10.3f s  %14.0f patients/s\n", configs[k].name,
               best[k], rate[k]);
    }
    printf("  library (1 thread) / plain loop: %.3f\n", rate[1] / rate[0]);
    printf("  speed-up, 2 threads over 1:      %.3f\n", rate[2] / rate[1]);
    printf("  speed-up, all cores over 1:      %.3f\n", rate[3] / rate[1]);
    printf("  totals agree with the plain loop in every run\n");
    return 0;
}
