/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the command line of ipt-sim: the input is split into
 * arguments at NUL and newline bytes (fuzz-argv.h) and handed to
 * sim_opts_parse() of tools/ipt-sim-opts.c, the tool's own parser.
 *
 * Oracle: the parser never crashes, leaks, prints or exits, and returns
 * one of its four results.  A refusal comes with one line of text.  An
 * accepted command line is one ipt-sim can run: the patient, seed and
 * thread counts are in range, the model is cohort-v1, the profile is the
 * built-in one named, output files are distinct and not each other's
 * manifests, sweeps are not mixed with --output/--patients-csv/
 * --trajectories, every swept value is in its range, the grid has 1 to
 * SIM_MAX_CELLS cells, and every planned_sessions value gives a profile
 * (sim_planned_profile(), which the run calls later, succeeds).  A broken
 * oracle stops the run with __builtin_trap().
 *
 * Built twice by fuzz/meson.build: with -fsanitize=fuzzer as fuzz-sim-opts
 * (clang, -Dfuzzing=true), and with replay.c as an ordinary program that
 * runs the corpus as a meson test.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "fuzz-argv.h"
#include "ipt-sim-opts.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
    if (!ok)
        __builtin_trap();
}

/* The message of a refusal: one line, not empty, terminated. */
static void
check_error(const struct sim_opts *o)
{
    const char *end = memchr(o->error, '\0', sizeof(o->error));

    check(end != NULL && end != o->error);
    check(memchr(o->error, '\n', (size_t)(end - o->error)) == NULL);
}

static int
same_or_manifest(const char *a, const char *b)
{
    static const char suffix[] = ".manifest.json";
    size_t la = strlen(a);

    return strcmp(a, b) == 0 ||
           (strncmp(a, b, la) == 0 && strcmp(b + la, suffix) == 0);
}

static void
check_paths(const struct sim_opts *o)
{
    const char *paths[] = { o->output, o->patients_csv, o->trajectories,
                            o->sweep_csv };
    const size_t n = sizeof(paths) / sizeof(paths[0]);

    for (size_t i = 0; i < n; i++) {
        check(paths[i] == NULL || paths[i][0] != '\0');
        for (size_t j = 0; paths[i] != NULL && j < n; j++) {
            if (i != j && paths[j] != NULL)
                check(!same_or_manifest(paths[i], paths[j]));
        }
    }
}

static void
check_sweeps(const struct sim_opts *o)
{
    uint64_t cells = 1;

    check(o->nsweeps <= SIM_MAX_SWEEPS);
    if (o->nsweeps > 0)
        check(o->output == NULL && o->patients_csv == NULL &&
              o->trajectories == NULL);
    else
        check(o->sweep_csv == NULL);
    for (size_t i = 0; i < o->nsweeps; i++) {
        const struct sweep *sw = &o->sweeps[i];

        check(sw->count >= 1 && sw->values != NULL);
        cells *= sw->count;
        for (size_t j = 0; j < i; j++)
            check(o->sweeps[j].param != sw->param);
        for (size_t k = 0; k < sw->count; k++) {
            double v = sw->values[k];
            struct ipt_profile *p = NULL;

            switch (sw->param) {
            case SWEEP_DROPOUT_MULTIPLIER:
                check(v >= 0.0 && v <= 1000.0);
                break;
            case SWEEP_NOISE:
                check(v >= 0.0 && v <= 27.0);
                break;
            case SWEEP_PLANNED_SESSIONS:
                check(v >= 1.0 && v <= (double)IPT_PROFILE_MAX_SESSIONS &&
                      v == (double)(uint32_t)v);
                check(sim_planned_profile(o->profile, (uint32_t)v, &p, NULL,
                                          0) == IPT_OK);
                ipt_profile_free(p);
                break;
            }
        }
    }
    check(cells >= 1 && cells <= SIM_MAX_CELLS && o->cells == cells);
    if (o->nsweeps > 0) {
        size_t index[SIM_MAX_SWEEPS] = { 0 };

        sim_cell_values(o, o->cells - 1, index);
        for (size_t i = 0; i < o->nsweeps; i++)
            check(index[i] == o->sweeps[i].count - 1);
    }
}

static void
check_run(const struct sim_opts *o)
{
    check(o->error[0] == '\0');
    check(o->patients >= 1 && o->patients <= (UINT64_C(1) << 32));
    check(o->threads <= 256 && o->threads_used >= 1 &&
          o->threads_used <= 256);
    check(o->threads == 0 || o->threads_used == o->threads);
    check(o->model == IPT_SIM_COHORT_V1);
    check(o->profile != NULL &&
          strcmp(ipt_profile_name(o->profile), o->profile_name) == 0);
    check_paths(o);
    check_sweeps(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_argv args;
    struct sim_opts o;

    if (fuzz_argv_split(data, size, "ipt-sim", &args) != 0)
        return 0;
    switch (sim_opts_parse(&o, args.argc, args.argv)) {
    case PARSE_RUN:
        check_run(&o);
        break;
    case PARSE_HELP:
    case PARSE_VERSION:
        break;
    case PARSE_BAD:
        check_error(&o);
        break;
    default:
        check(0);
    }
    sim_opts_free(&o);
    fuzz_argv_free(&args);
    return 0;
}
