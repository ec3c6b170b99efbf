/* SPDX-License-Identifier: MIT */
/*
 * Command line of the ipt-sim tool (see ipt-sim-opts.h and
 * docs/ipt-sim.md).
 *
 * Everything is checked here, before any file is opened: a bad command line
 * yields one sentence, which ipt-sim prints with the usage on stderr, and
 * leaves the file system as it was.  Nothing here prints except the two
 * reporting functions at the end.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ipt/ipt.h>

#include "ipt-sim-opts.h"

#define PROG "ipt-sim"

/* Largest patient count the engine takes: 2^32. */
#define MAX_PATIENTS (UINT64_C(1) << 32)
/* Largest explicit thread count the engine takes. */
#define MAX_THREADS 256u

enum {
    OPT_MODEL = 256,
    OPT_PATIENTS,
    OPT_SEED,
    OPT_THREADS,
    OPT_PROFILE,
    OPT_PATIENTS_CSV,
    OPT_TRAJECTORIES,
    OPT_OUTPUT,
    OPT_SWEEP,
    OPT_SWEEP_CSV,
    OPT_PROGRESS,
    OPT_NO_PROGRESS,
    OPT_END
};

static const struct option long_options[] = {
    { "model", required_argument, NULL, OPT_MODEL },
    { "patients", required_argument, NULL, OPT_PATIENTS },
    { "seed", required_argument, NULL, OPT_SEED },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "profile", required_argument, NULL, OPT_PROFILE },
    { "patients-csv", required_argument, NULL, OPT_PATIENTS_CSV },
    { "trajectories", required_argument, NULL, OPT_TRAJECTORIES },
    { "output", required_argument, NULL, OPT_OUTPUT },
    { "sweep", required_argument, NULL, OPT_SWEEP },
    { "sweep-csv", required_argument, NULL, OPT_SWEEP_CSV },
    { "progress", no_argument, NULL, OPT_PROGRESS },
    { "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
};

/* What a sweep parameter accepts. */
static const struct sweep_def {
    const char *name;
    enum sweep_param param;
    double min;
    double max;
    int whole;
} sweep_defs[] = {
    { "dropout_multiplier", SWEEP_DROPOUT_MULTIPLIER, 0.0, 1000.0, 0 },
    { "noise", SWEEP_NOISE, 0.0, 27.0, 0 },
    { "planned_sessions", SWEEP_PLANNED_SESSIONS, 1.0,
      (double)IPT_PROFILE_MAX_SESSIONS, 1 },
};

#define N_SWEEP_DEFS (sizeof(sweep_defs) / sizeof(sweep_defs[0]))

static const char usage_text[] =
    "usage: " PROG " --patients N [--model cohort-v1] [--seed S]"
    " [--threads T]\n"
    "               [--profile NAME] [--output FILE]"
    " [--patients-csv FILE]\n"
    "               [--trajectories FILE]"
    " [--sweep PARAM=V1,V2,... [--sweep ...]]\n"
    "               [--sweep-csv FILE] [--progress | --no-progress]\n";

static const char help_text[] =
    "Simulate a cohort of patients through courses of Interpersonal\n"
    "Psychotherapy with libipt's reference model, and write the\n"
    "aggregates as JSON (on stdout unless --output is given).\n"
    "\n"
    "Run:\n"
    "  --patients N         number of patients, 1 to 4294967296 (required)\n"
    "  --model NAME         the model; only cohort-v1 (the default)\n"
    "  --seed S             the run's seed, 0 to 4294967295 (default 0)\n"
    "  --threads T          worker threads, 0 to 256; 0 (the default) uses\n"
    "                       every online processor.  The results do not\n"
    "                       depend on it.\n"
    "  --profile NAME       built-in protocol profile (default standard)\n"
    "\n"
    "Output (each FILE is replaced atomically and gets FILE.manifest.json):\n"
    "  --output FILE        the aggregates JSON, instead of stdout\n"
    "  --patients-csv FILE  one row per patient: patient,problem_area,\n"
    "                       baseline,sessions_attended,dropout_phase,\n"
    "                       final_score,responder,remitter\n"
    "  --trajectories FILE  one row per attended session: patient,session,\n"
    "                       phase,score\n"
    "\n"
    "Sweeps (one or two; each grid cell is a full run with its own seed):\n"
    "  --sweep PARAM=V1,V2,...\n"
    "                       PARAM is dropout_multiplier (0 to 1000),\n"
    "                       noise (0 to 27) or planned_sessions (whole\n"
    "                       number; the profile's minimum and maximum are\n"
    "                       widened to include it)\n"
    "  --sweep-csv FILE     the sweep's CSV, instead of stdout\n"
    "\n"
    "Other:\n"
    "  --progress           show a progress bar on stderr for every run\n"
    "  --no-progress        never show it (by default it appears when\n"
    "                       stderr is a terminal and a run takes over 1 s)\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the library version and exit\n"
    "\n"
    "Exit status: 0 success, 1 run or I/O failure (no file is left half\n"
    "written), 2 bad command line (nothing is written), 128 + the signal\n"
    "number when interrupted (130 for Ctrl-C).\n"
    "The rates of cohort-v1 are illustrative, not clinical estimates.\n";

/* Describes a bad command line in o->error (cut to fit). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static enum parse_result
bad(struct sim_opts *o, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    /* va_start() is just above; the analyzer loses track of it here. */
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
    (void)vsnprintf(o->error, sizeof(o->error), fmt, ap);
    va_end(ap);
    return PARSE_BAD;
}

/* A whole number of decimal digits only: 0 found, -1 not a number, -2
 * outside min..max. */
static int
parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    unsigned long long v;
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (*end != '\0')
        return -1;
    if (errno == ERANGE || v < min || v > max)
        return -2;
    *out = (uint64_t)v;
    return 0;
}

/* A decimal number such as 0.5, 2 or 1e-3 (no hexadecimal, inf or nan):
 * 0 found, -1 not a number, -2 outside min..max. */
static int
parse_double(const char *s, double min, double max, double *out)
{
    double v;
    char *end;

    if (*s == '\0' || strspn(s, "+-.0123456789eE") != strlen(s))
        return -1;
    v = strtod(s, &end);
    if (*end != '\0')
        return -1;
    if (!isfinite(v) || v < min || v > max)
        return -2;
    /* -0 becomes 0. */
    *out = v + 0.0;
    return 0;
}

static enum parse_result
number_option(struct sim_opts *o, const char *opt, const char *arg,
              uint64_t min, uint64_t max, uint64_t *out)
{
    switch (parse_u64(arg, min, max, out)) {
    case 0:
        return PARSE_RUN;
    case -1:
        return bad(o, "%s: '%s' is not a whole number", opt, arg);
    default:
        return bad(o, "%s: %s is out of range (%llu to %llu)", opt, arg,
                   (unsigned long long)min, (unsigned long long)max);
    }
}

static const struct sweep_def *
find_sweep_def(const char *name, size_t len)
{
    for (size_t i = 0; i < N_SWEEP_DEFS; i++)
        if (strlen(sweep_defs[i].name) == len &&
            memcmp(sweep_defs[i].name, name, len) == 0)
            return &sweep_defs[i];
    return NULL;
}

/* One value of a sweep list, @p len bytes at @p s. */
static enum parse_result
sweep_value(struct sim_opts *o, const struct sweep_def *d, const char *s,
            size_t len, double *out)
{
    char text[64];
    uint64_t u = 0;
    int rc;

    if (len == 0)
        return bad(o, "--sweep %s: empty value in the list", d->name);
    if (len >= sizeof(text))
        return bad(o, "--sweep %s: value '%.*s' is too long", d->name,
                   (int)len, s);
    memcpy(text, s, len);
    text[len] = '\0';
    if (d->whole) {
        rc = parse_u64(text, (uint64_t)d->min, (uint64_t)d->max, &u);
        if (rc == 0)
            *out = (double)u;
    } else {
        rc = parse_double(text, d->min, d->max, out);
    }
    if (rc == -1)
        return bad(o, "--sweep %s: '%s' is not a %s", d->name, text,
                   d->whole ? "whole number" : "number");
    if (rc == -2)
        return bad(o, "--sweep %s: %s is out of range (%g to %g)", d->name,
                   text, d->min, d->max);
    return PARSE_RUN;
}

static enum parse_result
parse_sweep(struct sim_opts *o, const char *arg)
{
    const char *eq = strchr(arg, '='), *p;
    const struct sweep_def *d;
    struct sweep *sw;

    if (o->nsweeps == SIM_MAX_SWEEPS)
        return bad(o, "at most %u --sweep options are allowed",
                   SIM_MAX_SWEEPS);
    if (eq == NULL)
        return bad(o, "--sweep '%s': expected PARAM=V1,V2,...", arg);
    d = find_sweep_def(arg, (size_t)(eq - arg));
    if (d == NULL)
        return bad(o, "--sweep: unknown parameter '%.*s' (known: "
                   "dropout_multiplier, noise, planned_sessions)",
                   (int)(eq - arg), arg);
    for (size_t i = 0; i < o->nsweeps; i++)
        if (o->sweeps[i].param == d->param)
            return bad(o, "--sweep: parameter %s is swept twice", d->name);
    if (eq[1] == '\0')
        return bad(o, "--sweep %s: empty list of values", d->name);

    sw = &o->sweeps[o->nsweeps++];
    sw->param = d->param;
    sw->name = d->name;
    sw->count = 1;
    for (p = eq + 1; *p != '\0'; p++)
        sw->count += *p == ',';
    sw->values = calloc(sw->count, sizeof(double));
    if (sw->values == NULL)
        return bad(o, "--sweep %s: out of memory", d->name);
    p = eq + 1;
    for (size_t i = 0; i < sw->count; i++) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);

        if (sweep_value(o, d, p, len, &sw->values[i]) != PARSE_RUN)
            return PARSE_BAD;
        p += len + 1;
    }
    return PARSE_RUN;
}

/* A file option: not empty, not given twice. */
static enum parse_result
file_option(struct sim_opts *o, const char *opt, const char *arg,
            const char **slot)
{
    if (*slot != NULL)
        return bad(o, "option %s is given twice", opt);
    if (*arg == '\0')
        return bad(o, "%s: empty file name", opt);
    *slot = arg;
    return PARSE_RUN;
}

static const char *
option_name(int val)
{
    for (const struct option *lo = long_options; lo->name != NULL; lo++)
        if (lo->val == val)
            return lo->name;
    return "?";
}

/* One option of getopt_long(); @p seen marks the value options given. */
static enum parse_result
one_option(struct sim_opts *o, int c, const char *arg, unsigned *seen)
{
    uint64_t v = 0;
    enum parse_result r = PARSE_RUN;

    if (c >= OPT_MODEL && c <= OPT_PROFILE) {
        unsigned bit = 1u << (c - OPT_MODEL);

        if (*seen & bit)
            return bad(o, "option --%s is given twice", option_name(c));
        *seen |= bit;
    }
    switch (c) {
    case OPT_MODEL:
        o->model_name = arg;
        break;
    case OPT_PATIENTS:
        r = number_option(o, "--patients", arg, 1, MAX_PATIENTS, &o->patients);
        break;
    case OPT_SEED:
        r = number_option(o, "--seed", arg, 0, UINT32_MAX, &v);
        o->seed = (uint32_t)v;
        break;
    case OPT_THREADS:
        r = number_option(o, "--threads", arg, 0, MAX_THREADS, &v);
        o->threads = (uint32_t)v;
        break;
    case OPT_PROFILE:
        o->profile_name = arg;
        break;
    case OPT_PATIENTS_CSV:
        return file_option(o, "--patients-csv", arg, &o->patients_csv);
    case OPT_TRAJECTORIES:
        return file_option(o, "--trajectories", arg, &o->trajectories);
    case OPT_OUTPUT:
        return file_option(o, "--output", arg, &o->output);
    case OPT_SWEEP_CSV:
        return file_option(o, "--sweep-csv", arg, &o->sweep_csv);
    case OPT_SWEEP:
        return parse_sweep(o, arg);
    case OPT_PROGRESS:
        o->progress = PROGRESS_ALWAYS;
        break;
    case OPT_NO_PROGRESS:
        o->progress = PROGRESS_NEVER;
        break;
    default:
        return bad(o, "internal error: option %d", c);
    }
    return r;
}

static enum parse_result
check_model(struct sim_opts *o)
{
    if (ipt_sim_model_from_name(o->model_name, &o->model) != IPT_OK)
        return bad(o, "unknown model '%s' (known: cohort-v1)", o->model_name);
    if (o->model != IPT_SIM_COHORT_V1)
        return bad(o, "model '%s' needs a program linked with libipt; "
                   PROG " runs cohort-v1", o->model_name);
    if (ipt_cohort_v1_defaults(&o->params) != IPT_OK)
        return bad(o, "cannot read the parameters of cohort-v1");
    return PARSE_RUN;
}

static enum parse_result
check_profile(struct sim_opts *o)
{
    char names[512] = "";
    size_t used = 0;

    if (ipt_profile_builtin(o->profile_name, &o->profile) == IPT_OK)
        return PARSE_RUN;
    for (uint32_t i = 0; i < ipt_profile_builtin_count(); i++) {
        const struct ipt_profile *p;
        int n;

        if (ipt_profile_builtin_at(i, &p) != IPT_OK || used >= sizeof(names))
            break;
        n = snprintf(names + used, sizeof(names) - used, "%s%s",
                     i > 0 ? ", " : "", ipt_profile_name(p));
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return bad(o, "unknown profile '%s' (built-in profiles: %s)",
               o->profile_name, names);
}

static void
planned_params(const struct ipt_profile *base, uint32_t planned,
               struct ipt_profile_params *p)
{
    memset(p, 0, sizeof(*p));
    p->size = sizeof(*p);
    ipt_profile_get_params(base, p);
    p->planned_sessions = planned;
    if (p->min_sessions > planned)
        p->min_sessions = planned;
    if (p->max_sessions < planned)
        p->max_sessions = planned;
}

enum ipt_status
sim_planned_profile(const struct ipt_profile *base, uint32_t planned,
                    struct ipt_profile **out, char *msg, size_t msg_size)
{
    struct ipt_profile_params p;
    /* Room for any uint32_t; planned <= IPT_PROFILE_MAX_SESSIONS keeps the
     * name within IPT_PROFILE_NAME_MAX. */
    char name[IPT_PROFILE_NAME_MAX + 16];
    enum ipt_status st;

    planned_params(base, planned, &p);
    st = ipt_profile_check(&p, msg, msg_size);
    if (st != IPT_OK)
        return st;
    /* "<base>_planned_<n>", the base cut so that the name fits. */
    (void)snprintf(name, sizeof(name), "%.*s_planned_%lu",
                   (int)(IPT_PROFILE_NAME_MAX - 12), ipt_profile_name(base),
                   (unsigned long)planned);
    return ipt_profile_new(name, &p, NULL, out);
}

static enum parse_result
check_sweeps(struct sim_opts *o)
{
    uint64_t cells = 1;

    if (o->nsweeps > 0 &&
        (o->output != NULL || o->patients_csv != NULL ||
         o->trajectories != NULL))
        return bad(o, "--sweep writes one CSV row per cell (--sweep-csv); "
                   "--output, --patients-csv and --trajectories cannot be "
                   "used with it");
    if (o->nsweeps == 0 && o->sweep_csv != NULL)
        return bad(o, "--sweep-csv needs at least one --sweep");
    for (size_t i = 0; i < o->nsweeps; i++) {
        const struct sweep *sw = &o->sweeps[i];

        cells *= sw->count;
        if (cells > SIM_MAX_CELLS)
            return bad(o, "the sweep has more than %u cells", SIM_MAX_CELLS);
        for (size_t k = 0; sw->param == SWEEP_PLANNED_SESSIONS &&
                           k < sw->count; k++) {
            struct ipt_profile_params p;
            char msg[256];

            planned_params(o->profile, (uint32_t)sw->values[k], &p);
            if (ipt_profile_check(&p, msg, sizeof(msg)) != IPT_OK)
                return bad(o, "--sweep planned_sessions: %lu does not fit "
                           "profile '%s': %s",
                           (unsigned long)sw->values[k], o->profile_name,
                           msg);
        }
    }
    o->cells = (uint32_t)cells;
    return PARSE_RUN;
}

/* No two outputs (or their manifests) may be the same file name. */
static enum parse_result
check_paths(struct sim_opts *o)
{
    const char *paths[] = { o->output, o->patients_csv, o->trajectories,
                            o->sweep_csv };
    const size_t n = sizeof(paths) / sizeof(paths[0]);
    static const char suffix[] = ".manifest.json";
    const size_t sl = sizeof(suffix) - 1;

    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; paths[i] != NULL && j < n; j++) {
            size_t li, lj;

            if (paths[j] == NULL)
                continue;
            li = strlen(paths[i]);
            lj = strlen(paths[j]);
            if (i < j && strcmp(paths[i], paths[j]) == 0)
                return bad(o, "'%s' is named as two outputs", paths[i]);
            if (lj == li + sl && strncmp(paths[j], paths[i], li) == 0 &&
                strcmp(paths[j] + li, suffix) == 0)
                return bad(o, "'%s' is the manifest of '%s'", paths[j],
                           paths[i]);
        }
    }
    return PARSE_RUN;
}

static uint32_t
online_processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (n < 1)
        return 1;
    return n > (long)MAX_THREADS ? MAX_THREADS : (uint32_t)n;
}

static enum parse_result
check_all(struct sim_opts *o)
{
    if (o->patients == 0)
        return bad(o, "--patients is required");
    if (check_model(o) != PARSE_RUN || check_profile(o) != PARSE_RUN ||
        check_sweeps(o) != PARSE_RUN || check_paths(o) != PARSE_RUN)
        return PARSE_BAD;
    o->threads_used = o->threads != 0 ? o->threads : online_processors();
    return PARSE_RUN;
}

/* getopt_long()'s complaint about argv[optind - 1]. */
static enum parse_result
getopt_error(struct sim_opts *o, int c, char **argv)
{
    const char *arg = argv[optind - 1];

    if (c == ':') {
        if (optopt >= OPT_MODEL && optopt < OPT_END)
            return bad(o, "option --%s needs a value", option_name(optopt));
        return bad(o, "option '%s' needs a value", arg);
    }
    if (optopt != 0 && optopt < OPT_MODEL && strncmp(arg, "--", 2) != 0)
        return bad(o, "unknown option '-%c'", optopt);
    return bad(o, "unknown or ambiguous option '%s'", arg);
}

enum parse_result
sim_opts_parse(struct sim_opts *o, int argc, char **argv)
{
    unsigned seen = 0;
    int c;

    memset(o, 0, sizeof(*o));
    o->model_name = "cohort-v1";
    o->profile_name = "standard";
    o->progress = PROGRESS_AUTO;
    o->argc = argc;
    o->argv = argv;

    /* getopt_long() keeps its place in globals; 0 starts it afresh (glibc,
     * musl and the BSDs), so that a second command line parses too. */
    optind = 0;
    opterr = 0;
    /* The tool parses its options on the main thread, before any other. */
    /* NOLINTNEXTLINE(concurrency-mt-unsafe) */
    while ((c = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1) {
        if (c == 'h')
            return PARSE_HELP;
        if (c == 'V')
            return PARSE_VERSION;
        if (c == '?' || c == ':')
            return getopt_error(o, c, argv);
        if (one_option(o, c, optarg, &seen) != PARSE_RUN)
            return PARSE_BAD;
    }
    if (optind < argc)
        return bad(o, "unexpected argument '%s'", argv[optind]);
    return check_all(o);
}

void
sim_opts_help(FILE *to)
{
    fputs(usage_text, to);
    fputs("\n", to);
    fputs(help_text, to);
}

void
sim_opts_usage_error(FILE *to, const char *message)
{
    fprintf(to, PROG ": %s\n", message);
    fputs("usage: " PROG " --patients N [OPTION]...\n"
          "Try '" PROG " --help' for more information.\n", to);
}

void
sim_opts_free(struct sim_opts *o)
{
    for (size_t i = 0; i < o->nsweeps; i++) {
        free(o->sweeps[i].values);
        o->sweeps[i].values = NULL;
    }
    o->nsweeps = 0;
}

void
sim_cell_values(const struct sim_opts *o, uint32_t cell,
                size_t index[SIM_MAX_SWEEPS])
{
    size_t rest = cell;

    for (size_t i = o->nsweeps; i-- > 0;) {
        index[i] = rest % o->sweeps[i].count;
        rest /= o->sweeps[i].count;
    }
}
