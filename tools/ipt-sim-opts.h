/* SPDX-License-Identifier: MIT */
/*
 * Command line of the ipt-sim tool: what was asked for, checked completely
 * before any file is opened.
 *
 * sim_opts_parse() neither prints nor exits: it returns what it found and,
 * for a bad command line, a sentence in sim_opts.error, and the caller
 * reports it (sim_opts_help(), sim_opts_usage_error()).  So the parser can
 * also run under the fuzz target fuzz/fuzz-sim-opts.c.
 *
 * Not part of the library: nothing here is installed or exported.
 */
#ifndef IPT_SIM_OPTS_H
#define IPT_SIM_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ipt/ipt.h>

/* Most --sweep options, and most cells of a sweep grid. */
#define SIM_MAX_SWEEPS 2u
#define SIM_MAX_CELLS 100000u

/* Room for the sentence that describes a bad command line. */
#define SIM_ERROR_SIZE 512u

/* Parameters a sweep can vary. */
enum sweep_param {
    SWEEP_DROPOUT_MULTIPLIER,
    SWEEP_NOISE,
    SWEEP_PLANNED_SESSIONS
};

/* One --sweep NAME=V1,V2,...: the values in the order given. */
struct sweep {
    enum sweep_param param;
    /* The parameter's name, static. */
    const char *name;
    size_t count;
    /* Owned; planned_sessions values are whole numbers. */
    double *values;
};

/* Progress bar: never, only for long runs on a terminal, or always. */
enum progress_mode {
    PROGRESS_NEVER,
    PROGRESS_AUTO,
    PROGRESS_ALWAYS
};

struct sim_opts {
    const char *model_name;
    enum ipt_sim_model model;
    uint64_t patients;
    uint32_t seed;
    /* As given (0 = every online processor) and as passed to the engine. */
    uint32_t threads;
    uint32_t threads_used;
    const char *profile_name;
    const struct ipt_profile *profile;
    /* cohort-v1 parameters of the run, before any sweep override. */
    struct ipt_cohort_v1_params params;
    /* Output files, or NULL. */
    const char *output;
    const char *patients_csv;
    const char *trajectories;
    const char *sweep_csv;
    struct sweep sweeps[SIM_MAX_SWEEPS];
    size_t nsweeps;
    /* Cells of the sweep grid: the product of the value counts; 1 without
     * a sweep. */
    uint32_t cells;
    enum progress_mode progress;
    int argc;
    char **argv;
    /* Why the command line is bad (PARSE_BAD), without the program's name
     * or a newline; "" otherwise. */
    char error[SIM_ERROR_SIZE];
};

/* What sim_opts_parse() found. */
enum parse_result {
    /* Run the simulation. */
    PARSE_RUN,
    /* --help: print sim_opts_help() on stdout, exit 0. */
    PARSE_HELP,
    /* --version: print the version on stdout, exit 0. */
    PARSE_VERSION,
    /* A bad command line, described in o->error: report it with
     * sim_opts_usage_error() and exit 2. */
    PARSE_BAD
};

/* Parses and checks the command line.  Prints nothing and never exits;
 * may be called again on another command line (getopt_long() is reset).
 * getopt_long() may permute @p argv.  Call sim_opts_free() afterwards,
 * whatever the result. */
enum parse_result
sim_opts_parse(struct sim_opts *o, int argc, char **argv);

/* Writes the usage and the help text (for --help). */
void
sim_opts_help(FILE *to);

/* Writes "ipt-sim: MESSAGE", then the short usage and where to find more. */
void
sim_opts_usage_error(FILE *to, const char *message);

void
sim_opts_free(struct sim_opts *o);

/* The profile for one value of planned_sessions: the base profile's
 * parameters with planned_sessions set and min_sessions / max_sessions
 * widened to include it.  Returns IPT_OK or the status of
 * ipt_profile_new(); @p msg receives ipt_profile_check()'s sentence. */
enum ipt_status
sim_planned_profile(const struct ipt_profile *base, uint32_t planned,
                    struct ipt_profile **out, char *msg, size_t msg_size);

/* Parameters of the sweep cell @p cell: row-major, the first sweep varying
 * slowest.  @p index receives each sweep's value index. */
void
sim_cell_values(const struct sim_opts *o, uint32_t cell,
                size_t index[SIM_MAX_SWEEPS]);

#endif /* IPT_SIM_OPTS_H */
