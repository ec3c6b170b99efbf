/* SPDX-License-Identifier: MIT */
/*
 * ipt-sim: run libipt's cohort simulation from the command line.
 *
 *   ipt-sim --patients N [--seed S] [--threads T] [--profile NAME]
 *           [--output FILE] [--patients-csv FILE] [--trajectories FILE]
 *           [--sweep PARAM=V1,V2,... [--sweep ...]] [--sweep-csv FILE]
 *
 * The aggregates go to stdout (or --output) as the JSON object cohort-v1
 * specifies; per-patient and per-session rows are streamed through the
 * engine's sink into CSV files, so memory stays flat for any cohort; a
 * sweep runs one full simulation per grid cell and writes one CSV row per
 * cell.  docs/ipt-sim.md describes every option and file.
 *
 * How a run goes:
 *
 *   1. parse and check the whole command line (ipt-sim-opts.c): a bad one
 *      exits 2 before any file is opened;
 *   2. open a temporary file beside every output and its manifest;
 *   3. run the engine (once, or once per sweep cell);
 *   4. write the aggregates and the manifests, fsync every temporary file;
 *   5. print to stdout if it is an output, then rename every temporary file
 *      over its final name.
 *
 * Any failure before step 5 removes the temporary files, so no output is
 * left half written and files that existed before are untouched.  SIGINT
 * and SIGTERM cancel the run through the progress callback and clean up
 * the same way.  The library never prints; only this tool does.
 *
 * Exit status: 0 success, 1 run or I/O failure, 2 bad command line,
 * 128 + signal number when interrupted.
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ipt/ipt.h>

#include "ipt-sim-opts.h"
#include "ipt-sim-out.h"

#define PROG "ipt-sim"

enum { EXIT_RUN_FAILED = 1, EXIT_BAD_USAGE = 2 };

/* The signal that asked the run to stop, or 0.  Set by the handler, read
 * by the progress callback and between steps. */
static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
    stop_signal = sig;
}

/*
 * SIGINT and SIGTERM cancel the run (unless the shell started us with them
 * ignored, as it does for background jobs); a second one kills the process
 * as usual.  SIGXFSZ is ignored so that a file-size limit turns into a
 * write error (EFBIG), which is reported and cleaned up like any other.
 */
static void
catch_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM };
    struct sigaction sa, old;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = (int)SA_RESETHAND;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
    (void)signal(SIGXFSZ, SIG_IGN);
}

/* ---- progress ------------------------------------------------------------ */

struct progress {
    enum progress_mode mode;
    struct timespec start;
    double last_draw;
    /* Characters of the line on stderr, 0 when nothing is drawn. */
    int width;
    uint32_t cell;
    uint32_t cells;
};

static double
elapsed(const struct progress *p)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->start.tv_sec) +
           (double)(now.tv_nsec - p->start.tv_nsec) * 1e-9;
}

static void
progress_draw(struct progress *p, uint64_t done, uint64_t total)
{
    char bar[21];
    size_t fill = (size_t)(total > 0 ? done * 20 / total : 20);
    int n;

    memset(bar, '#', fill);
    memset(bar + fill, ' ', 20 - fill);
    bar[20] = '\0';
    n = fprintf(stderr, "\r[%s] %3u%% %llu/%llu patients", bar,
                (unsigned)(total > 0 ? done * 100 / total : 100),
                (unsigned long long)done, (unsigned long long)total);
    if (p->cells > 1)
        n += fprintf(stderr, ", cell %lu of %lu",
                     (unsigned long)p->cell + 1, (unsigned long)p->cells);
    if (n - 1 < p->width)
        fprintf(stderr, "%*s", p->width - (n - 1), "");
    else
        p->width = n - 1;
    (void)fflush(stderr); /* the progress line is best effort */
}

/* The engine's progress callback: cancels the run after a signal, and
 * draws at most ten times a second once the run has lasted a second (or
 * from the start with --progress). */
static int32_t
progress_cb(void *user_data, uint64_t done, uint64_t total)
{
    struct progress *p = user_data;
    double t;

    if (stop_signal != 0)
        return 1;
    if (p->mode == PROGRESS_NEVER)
        return 0;
    t = elapsed(p);
    if (p->mode == PROGRESS_AUTO && t < 1.0)
        return 0;
    if (p->width > 0 && t - p->last_draw < 0.1 && done < total)
        return 0;
    p->last_draw = t;
    progress_draw(p, done, total);
    return 0;
}

static void
progress_clear(struct progress *p)
{
    if (p->width > 0) {
        fprintf(stderr, "\r%*s\r", p->width, "");
        (void)fflush(stderr);
        p->width = 0;
    }
}

/* ---- output files -------------------------------------------------------- */

enum out_kind { OUT_AGGREGATES, OUT_PATIENTS, OUT_TRAJECTORIES, OUT_SWEEP,
                OUT_KINDS };

static const char *const kind_names[OUT_KINDS] = {
    "aggregates", "patients", "trajectories", "sweep"
};

/* Every output of the run with its manifest; path[k] is NULL when output
 * k is not asked for. */
struct outputs {
    const char *path[OUT_KINDS];
    char *manifest_path[OUT_KINDS];
    struct out_file data[OUT_KINDS];
    struct out_file manifest[OUT_KINDS];
};

static void
outputs_init(struct outputs *w, const struct sim_opts *o)
{
    memset(w, 0, sizeof(*w));
    w->path[OUT_AGGREGATES] = o->output;
    w->path[OUT_PATIENTS] = o->patients_csv;
    w->path[OUT_TRAJECTORIES] = o->trajectories;
    w->path[OUT_SWEEP] = o->sweep_csv;
}

static void
outputs_discard(struct outputs *w)
{
    for (int k = 0; k < OUT_KINDS; k++) {
        out_discard(&w->data[k]);
        out_discard(&w->manifest[k]);
        free(w->manifest_path[k]);
        w->manifest_path[k] = NULL;
    }
}

/* Temporary files for every output and manifest, before the run, so that
 * an unwritable path fails at once. */
static int
outputs_open(struct outputs *w, char *err)
{
    static const char suffix[] = ".manifest.json";

    for (int k = 0; k < OUT_KINDS; k++) {
        size_t len;

        if (w->path[k] == NULL)
            continue;
        len = strlen(w->path[k]);
        w->manifest_path[k] = malloc(len + sizeof(suffix));
        if (w->manifest_path[k] == NULL) {
            (void)snprintf(err, OUT_ERR_SIZE, "out of memory");
            return -1;
        }
        memcpy(w->manifest_path[k], w->path[k], len);
        memcpy(w->manifest_path[k] + len, suffix, sizeof(suffix));
        if (out_open(&w->data[k], w->path[k], err) != 0 ||
            out_open(&w->manifest[k], w->manifest_path[k], err) != 0)
            return -1;
    }
    return 0;
}

/* The first write error of any output, as a sentence; 0 if none. */
static int
outputs_write_error(struct outputs *w, char *err)
{
    for (int k = 0; k < OUT_KINDS; k++) {
        if (w->path[k] != NULL && out_check(&w->data[k]) != 0) {
            int e = w->data[k].write_errno;

            /* strerror() runs on the main thread only: the library's
             * threads never call it. */
            (void)snprintf(err, OUT_ERR_SIZE, "cannot write '%s': %s",
                           w->path[k],
                           strerror(e)); /* NOLINT(concurrency-mt-unsafe) */
            return -1;
        }
    }
    return 0;
}

/* ---- manifest ------------------------------------------------------------ */

/* What the manifests share: the run, and when it started. */
struct run_info {
    const struct sim_opts *o;
    char **argv;
    char created[32];
};

static void
json_double(FILE *fp, double x)
{
    char buf[OUT_DOUBLE_SIZE];

    fputs(out_double(buf, x), fp);
}

static void
manifest_model(FILE *fp, const struct sim_opts *o)
{
    const struct ipt_cohort_v1_params *p = &o->params;
    static const char *const phases[3] = { "initial", "middle",
                                           "termination" };

    fputs("  \"model\": {\n    \"name\": ", fp);
    out_json_string(fp, ipt_sim_model_name(o->model));
    fputs(",\n    \"parameters\": {\n      \"dropout\": {", fp);
    for (int i = 0; i < 3; i++) {
        fprintf(fp, "%s\"%s\": ", i > 0 ? ", " : "", phases[i]);
        json_double(fp, p->dropout[i]);
    }
    fputs("},\n      \"dropout_multiplier\": ", fp);
    json_double(fp, p->dropout_multiplier);
    fputs(",\n      \"area_bounds\": [", fp);
    for (int i = 0; i < 3; i++) {
        fputs(i > 0 ? ", " : "", fp);
        json_double(fp, p->area_bounds[i]);
    }
    fputs("],\n      \"base_rate\": {", fp);
    for (int i = 0; i < 4; i++) {
        fprintf(fp, "%s\"%s\": ", i > 0 ? ", " : "",
                ipt_area_name((enum ipt_area)(i + 1)));
        json_double(fp, p->base_rate[i]);
    }
    fputs("},\n      \"noise\": ", fp);
    json_double(fp, p->noise);
    fputs("\n    }\n  },\n", fp);
}

static void
manifest_profile(FILE *fp, const struct sim_opts *o)
{
    struct ipt_profile_params p;
    int first = 1;

    memset(&p, 0, sizeof(p));
    p.size = sizeof(p);
    ipt_profile_get_params(o->profile, &p);
    fputs("  \"profile\": {\n    \"name\": ", fp);
    out_json_string(fp, ipt_profile_name(o->profile));
    fprintf(fp, ",\n    \"parameters\": {\n"
            "      \"planned_sessions\": %lu,\n"
            "      \"min_sessions\": %lu,\n"
            "      \"max_sessions\": %lu,\n"
            "      \"initial_last_session\": %lu,\n"
            "      \"termination_sessions\": %lu,\n"
            "      \"ending_notice_sessions\": %lu,\n"
            "      \"max_focal_areas\": %lu,\n"
            "      \"allowed_areas\": [",
            (unsigned long)p.planned_sessions,
            (unsigned long)p.min_sessions, (unsigned long)p.max_sessions,
            (unsigned long)p.initial_last_session,
            (unsigned long)p.termination_sessions,
            (unsigned long)p.ending_notice_sessions,
            (unsigned long)p.max_focal_areas);
    /* Every area the profile allows, the fifth (IPSRT) included. */
    for (int a = IPT_AREA_GRIEF; ipt_area_name((enum ipt_area)a) != NULL;
         a++) {
        if ((p.allowed_areas & IPT_AREA_BIT(a)) == 0)
            continue;
        fprintf(fp, "%s\"%s\"", first ? "" : ", ",
                ipt_area_name((enum ipt_area)a));
        first = 0;
    }
    fputs("]\n    }\n  },\n", fp);
}

static void
manifest_sweep(FILE *fp, const struct sim_opts *o)
{
    if (o->nsweeps == 0) {
        fputs("  \"sweep\": null,\n", fp);
        return;
    }
    fputs("  \"sweep\": {\n    \"parameters\": [", fp);
    for (size_t i = 0; i < o->nsweeps; i++) {
        const struct sweep *sw = &o->sweeps[i];

        fprintf(fp, "%s\n      {\"name\": \"%s\", \"values\": [",
                i > 0 ? "," : "", sw->name);
        for (size_t k = 0; k < sw->count; k++) {
            fputs(k > 0 ? ", " : "", fp);
            json_double(fp, sw->values[k]);
        }
        fputs("]}", fp);
    }
    fprintf(fp, "\n    ],\n    \"cells\": %lu,\n"
            "    \"order\": \"row-major, the first parameter varying "
            "slowest\",\n"
            "    \"cell_seed\": \"fmix32(seed ^ fmix32(cell + 1))\"\n"
            "  },\n", (unsigned long)o->cells);
}

static void
manifest_outputs(FILE *fp, const struct outputs *w)
{
    int first = 1;

    fputs("  \"outputs\": {", fp);
    for (int k = 0; k < OUT_KINDS; k++) {
        if (w->path[k] == NULL)
            continue;
        fprintf(fp, "%s\n    \"%s\": ", first ? "" : ",", kind_names[k]);
        out_json_string(fp, w->path[k]);
        first = 0;
    }
    fputs("\n  }\n", fp);
}

static void
write_manifest(FILE *fp, const struct run_info *ri, const struct outputs *w,
               int kind)
{
    const struct sim_opts *o = ri->o;

    fputs("{\n  \"tool\": \"" PROG "\",\n  \"library_version\": ", fp);
    out_json_string(fp, ipt_version_string());
    fputs(",\n  \"file\": ", fp);
    out_json_string(fp, w->path[kind]);
    fprintf(fp, ",\n  \"content\": \"%s\",\n  \"created_utc\": \"%s\",\n",
            kind_names[kind], ri->created);
    fputs("  \"command_line\": [", fp);
    for (int i = 0; i < o->argc; i++) {
        fputs(i > 0 ? ", " : "", fp);
        out_json_string(fp, ri->argv[i]);
    }
    fputs("],\n", fp);
    manifest_model(fp, o);
    manifest_profile(fp, o);
    fprintf(fp, "  \"seed\": %lu,\n  \"patients\": %llu,\n"
            "  \"threads\": {\"requested\": %lu, \"actual\": %lu},\n",
            (unsigned long)o->seed, (unsigned long long)o->patients,
            (unsigned long)o->threads, (unsigned long)o->threads_used);
    manifest_sweep(fp, o);
    manifest_outputs(fp, w);
    fputs("}\n", fp);
}

/* Step 4: manifests written, every temporary file synced and closed. */
static int
outputs_finish(struct outputs *w, const struct run_info *ri, char *err)
{
    for (int k = 0; k < OUT_KINDS; k++) {
        if (w->path[k] == NULL)
            continue;
        write_manifest(w->manifest[k].fp, ri, w, k);
        if (out_finish(&w->data[k], err) != 0 ||
            out_finish(&w->manifest[k], err) != 0)
            return -1;
    }
    return 0;
}

/* Step 5: every file renamed into place, data before its manifest.  A
 * failure here stops at the first file that could not be renamed. */
static int
outputs_commit(struct outputs *w, char *err)
{
    for (int k = 0; k < OUT_KINDS; k++) {
        if (w->path[k] == NULL)
            continue;
        if (out_commit(&w->data[k], err) != 0 ||
            out_commit(&w->manifest[k], err) != 0)
            return -1;
    }
    return 0;
}

/* ---- CSV sink ------------------------------------------------------------ */

static const char *
name_or_unknown(const char *name)
{
    return name != NULL ? name : "unknown";
}

/* Rows are built by hand: fprintf() would dominate a large file. */
static char *
put_uint(char *p, uint64_t v)
{
    char tmp[24];
    size_t n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        *p++ = tmp[--n];
    return p;
}

static char *
put_int(char *p, int64_t v)
{
    if (v < 0) {
        *p++ = '-';
        return put_uint(p, (uint64_t)0 - (uint64_t)v);
    }
    return put_uint(p, (uint64_t)v);
}

/* @p s and a comma; at most @p max bytes of @p s. */
static char *
put_field(char *p, const char *s, size_t max)
{
    size_t n = strnlen(s, max);

    memcpy(p, s, n);
    p[n] = ',';
    return p + n + 1;
}

/* Longest state or area name we print; longer ones are cut. */
#define NAME_MAX_LEN 32

static enum ipt_status
sink_patients(void *user_data, const struct ipt_sim_patient_result *r,
              uint64_t count)
{
    struct out_file *f = &((struct outputs *)user_data)->data[OUT_PATIENTS];
    char line[8 * 24 + 2 * NAME_MAX_LEN];

    for (uint64_t i = 0; i < count; i++) {
        const char *area = ipt_area_name((enum ipt_area)r[i].area);
        const char *phase = r[i].dropout_phase == 0 ? "" :
            ipt_state_name((enum ipt_state)r[i].dropout_phase);
        char *p = put_uint(line, r[i].patient);

        *p++ = ',';
        p = put_field(p, name_or_unknown(area), NAME_MAX_LEN);
        p = put_int(p, r[i].baseline);
        *p++ = ',';
        p = put_uint(p, r[i].attended);
        *p++ = ',';
        p = put_field(p, name_or_unknown(phase), NAME_MAX_LEN);
        p = put_int(p, r[i].final_score);
        *p++ = ',';
        p = put_uint(p, r[i].responder);
        *p++ = ',';
        p = put_uint(p, r[i].remitter);
        *p++ = '\n';
        fwrite(line, 1, (size_t)(p - line), f->fp);
    }
    return out_check(f) == 0 ? IPT_OK : IPT_ERR_IO;
}

static enum ipt_status
sink_sessions(void *user_data, const struct ipt_sim_session_point *pt,
              uint64_t count)
{
    struct out_file *f =
        &((struct outputs *)user_data)->data[OUT_TRAJECTORIES];
    char line[2 * 24 + NAME_MAX_LEN + OUT_DOUBLE_SIZE + 4];

    for (uint64_t i = 0; i < count; i++) {
        const char *phase = ipt_state_name((enum ipt_state)pt[i].phase);
        char *p = put_uint(line, pt[i].patient);
        size_t n;

        *p++ = ',';
        p = put_uint(p, pt[i].session);
        *p++ = ',';
        p = put_field(p, name_or_unknown(phase), NAME_MAX_LEN);
        out_double(p, pt[i].score);
        n = strlen(p);
        p[n] = '\n';
        fwrite(line, 1, (size_t)(p + n + 1 - line), f->fp);
    }
    return out_check(f) == 0 ? IPT_OK : IPT_ERR_IO;
}

/* ---- runs ---------------------------------------------------------------- */

static void
base_config(struct ipt_sim_config *cfg, const struct sim_opts *o,
            struct progress *pg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->size = sizeof(*cfg);
    cfg->model = (int32_t)o->model;
    cfg->seed = o->seed;
    cfg->threads = o->threads_used;
    cfg->patients = o->patients;
    cfg->profile = o->profile;
    cfg->cohort_v1 = &o->params;
    cfg->progress = progress_cb;
    cfg->progress_data = pg;
}

/* The engine failed: a write error of ours, a signal, or the engine's own
 * message. */
static void
run_failure(struct outputs *w, enum ipt_status st, const char *msg,
            char *err)
{
    if (outputs_write_error(w, err) != 0)
        return;
    (void)snprintf(err, OUT_ERR_SIZE, "simulation failed: %s: %s",
                   name_or_unknown(ipt_status_name(st)),
                   msg[0] != '\0' ? msg : ipt_status_message(st));
}

/* The aggregates as JSON, in a buffer to free(); NULL with err[] set. */
static char *
totals_json(const struct sim_opts *o, uint32_t seed,
            const struct ipt_sim_totals *t, char *err)
{
    const char *model = ipt_sim_model_name(o->model);
    uint64_t len = 0;
    enum ipt_status st;
    char *buf;

    st = ipt_sim_totals_json(model, seed, t, NULL, 0, &len);
    if (st != IPT_OK && st != IPT_ERR_BUFFER_TOO_SMALL)
        goto fail;
    buf = malloc((size_t)len + 1);
    if (buf == NULL) {
        st = IPT_ERR_NO_MEMORY;
        goto fail;
    }
    st = ipt_sim_totals_json(model, seed, t, buf, len + 1, &len);
    if (st == IPT_OK)
        return buf;
    free(buf);
fail:
    (void)snprintf(err, OUT_ERR_SIZE, "cannot format the aggregates: %s",
                   name_or_unknown(ipt_status_name(st)));
    return NULL;
}

/* Standard output written and flushed; its failure is a run failure. */
static int
put_stdout(const char *text, char *err)
{
    if (fputs(text, stdout) == EOF || fflush(stdout) != 0 ||
        ferror(stdout)) {
        (void)snprintf(err, OUT_ERR_SIZE, "cannot write to standard output");
        return -1;
    }
    return 0;
}

/* Steps 4 and 5 for a run whose stdout text (or NULL) is @p text. */
static int
finish_run(struct outputs *w, const struct run_info *ri, const char *text,
           char *err)
{
    if (outputs_finish(w, ri, err) != 0)
        return -1;
    if (stop_signal != 0) {
        (void)snprintf(err, OUT_ERR_SIZE, "interrupted");
        return -1;
    }
    if (text != NULL && put_stdout(text, err) != 0)
        return -1;
    return outputs_commit(w, err);
}

static int
run_single(const struct run_info *ri, struct outputs *w, struct progress *pg,
           char *err)
{
    const struct sim_opts *o = ri->o;
    struct ipt_sim_config cfg;
    struct ipt_sim_sink sink;
    struct ipt_sim_totals t;
    char msg[512] = "", *json;
    enum ipt_status st;
    int rc;

    base_config(&cfg, o, pg);
    memset(&sink, 0, sizeof(sink));
    sink.size = sizeof(sink);
    sink.user_data = w;
    if (w->path[OUT_PATIENTS] != NULL) {
        sink.patients = sink_patients;
        fputs("patient,problem_area,baseline,sessions_attended,"
              "dropout_phase,final_score,responder,remitter\n",
              w->data[OUT_PATIENTS].fp);
    }
    if (w->path[OUT_TRAJECTORIES] != NULL) {
        sink.sessions = sink_sessions;
        fputs("patient,session,phase,score\n", w->data[OUT_TRAJECTORIES].fp);
    }
    if (sink.patients != NULL || sink.sessions != NULL)
        cfg.sink = &sink;

    st = ipt_sim_run(&cfg, &t, msg, sizeof(msg));
    progress_clear(pg);
    if (st != IPT_OK) {
        run_failure(w, st, msg, err);
        return -1;
    }
    json = totals_json(o, o->seed, &t, err);
    if (json == NULL)
        return -1;
    if (w->path[OUT_AGGREGATES] != NULL)
        fputs(json, w->data[OUT_AGGREGATES].fp);
    rc = finish_run(w, ri, w->path[OUT_AGGREGATES] == NULL ? json : NULL,
                    err);
    free(json);
    return rc;
}

/* One cell of a sweep: its parameters, its seed, its run. */
static int
run_cell(const struct sim_opts *o, struct progress *pg, uint32_t cell,
         struct ipt_sim_totals *t, char *err)
{
    struct ipt_cohort_v1_params params = o->params;
    struct ipt_profile *own = NULL;
    struct ipt_sim_config cfg;
    size_t idx[SIM_MAX_SWEEPS];
    char msg[512] = "";
    enum ipt_status st = IPT_OK;

    base_config(&cfg, o, pg);
    sim_cell_values(o, cell, idx);
    for (size_t i = 0; i < o->nsweeps && st == IPT_OK; i++) {
        double v = o->sweeps[i].values[idx[i]];

        switch (o->sweeps[i].param) {
        case SWEEP_DROPOUT_MULTIPLIER:
            params.dropout_multiplier = v;
            break;
        case SWEEP_NOISE:
            params.noise = v;
            break;
        case SWEEP_PLANNED_SESSIONS:
            st = sim_planned_profile(o->profile, (uint32_t)v, &own, msg,
                                     sizeof(msg));
            cfg.profile = own;
            break;
        }
    }
    cfg.cohort_v1 = &params;
    cfg.seed = ipt_sim_cell_seed(o->seed, cell);
    pg->cell = cell;
    if (st == IPT_OK)
        st = ipt_sim_run(&cfg, t, msg, sizeof(msg));
    ipt_profile_free(own);
    if (st == IPT_OK)
        return 0;
    (void)snprintf(err, OUT_ERR_SIZE,
                   "simulation of sweep cell %lu failed: %s: %s",
                   (unsigned long)cell, name_or_unknown(ipt_status_name(st)),
                   msg[0] != '\0' ? msg : ipt_status_message(st));
    return -1;
}

static void
sweep_csv_row(FILE *fp, const struct sim_opts *o, uint32_t cell,
              const struct ipt_sim_totals *t)
{
    size_t idx[SIM_MAX_SWEEPS];
    char buf[OUT_DOUBLE_SIZE];

    sim_cell_values(o, cell, idx);
    for (size_t i = 0; i < o->nsweeps; i++)
        fprintf(fp, "%s,", out_double(buf, o->sweeps[i].values[idx[i]]));
    fprintf(fp, "%lu,%lu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu",
            (unsigned long)cell,
            (unsigned long)ipt_sim_cell_seed(o->seed, cell),
            (unsigned long long)t->patients,
            (unsigned long long)t->completed,
            (unsigned long long)t->dropped[0],
            (unsigned long long)t->dropped[1],
            (unsigned long long)t->dropped[2],
            (unsigned long long)t->sessions_attended,
            (unsigned long long)t->responders,
            (unsigned long long)t->remitters,
            (unsigned long long)t->final_score_sum);
    for (int a = 0; a < 4; a++)
        fprintf(fp, ",%llu,%llu", (unsigned long long)t->area_patients[a],
                (unsigned long long)t->area_remitters[a]);
    fputc('\n', fp);
}

static void
sweep_csv(FILE *fp, const struct sim_opts *o,
          const struct ipt_sim_totals *totals)
{
    for (size_t i = 0; i < o->nsweeps; i++)
        fprintf(fp, "%s,", o->sweeps[i].name);
    fputs("cell,seed,patients,completed,dropped_initial,dropped_middle,"
          "dropped_termination,sessions_attended,responders,remitters,"
          "final_score_sum", fp);
    for (int a = IPT_AREA_GRIEF; a <= IPT_AREA_INTERPERSONAL_DEFICITS; a++) {
        const char *name = ipt_area_name((enum ipt_area)a);

        fprintf(fp, ",%s_patients,%s_remitters", name, name);
    }
    fputc('\n', fp);
    for (uint32_t c = 0; c < o->cells; c++)
        sweep_csv_row(fp, o, c, &totals[c]);
}

/* The sweep's CSV in memory, for stdout; NULL with err[] set. */
static char *
sweep_text(const struct sim_opts *o, const struct ipt_sim_totals *totals,
           char *err)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);

    if (fp == NULL) {
        (void)snprintf(err, OUT_ERR_SIZE, "out of memory");
        return NULL;
    }
    sweep_csv(fp, o, totals);
    if (ferror(fp) || fclose(fp) != 0) {
        free(text);
        (void)snprintf(err, OUT_ERR_SIZE, "out of memory");
        return NULL;
    }
    return text;
}

static int
run_sweep(const struct run_info *ri, struct outputs *w, struct progress *pg,
          char *err)
{
    const struct sim_opts *o = ri->o;
    struct ipt_sim_totals *totals = calloc(o->cells, sizeof(*totals));
    char *text = NULL;
    int rc = -1;

    if (totals == NULL) {
        (void)snprintf(err, OUT_ERR_SIZE, "out of memory");
        return -1;
    }
    pg->cells = o->cells;
    for (uint32_t c = 0; c < o->cells; c++) {
        if (run_cell(o, pg, c, &totals[c], err) != 0) {
            progress_clear(pg);
            goto out;
        }
    }
    progress_clear(pg);
    if (w->path[OUT_SWEEP] != NULL)
        sweep_csv(w->data[OUT_SWEEP].fp, o, totals);
    else if ((text = sweep_text(o, totals, err)) == NULL)
        goto out;
    rc = finish_run(w, ri, text, err);
out:
    free(text);
    free(totals);
    return rc;
}

/* ---- main ---------------------------------------------------------------- */

static void
utc_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;

    if (gmtime_r(&now, &tm) == NULL ||
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        (void)snprintf(buf, size, "unknown");
}

static int
run(const struct sim_opts *o, char **argv)
{
    struct run_info ri = { o, argv, "" };
    struct outputs w;
    struct progress pg;
    char err[OUT_ERR_SIZE] = "";
    int rc;

    memset(&pg, 0, sizeof(pg));
    pg.mode = o->progress;
    if (pg.mode == PROGRESS_AUTO && !isatty(STDERR_FILENO))
        pg.mode = PROGRESS_NEVER;
    clock_gettime(CLOCK_MONOTONIC, &pg.start);
    utc_now(ri.created, sizeof(ri.created));

    outputs_init(&w, o);
    out_init_mode();
    catch_signals();
    rc = outputs_open(&w, err);
    if (rc == 0)
        rc = o->nsweeps > 0 ? run_sweep(&ri, &w, &pg, err)
                            : run_single(&ri, &w, &pg, err);
    outputs_discard(&w);
    if (rc != 0 && stop_signal != 0) {
        fprintf(stderr, PROG ": interrupted; no output was written\n");
        return 128 + stop_signal;
    }
    if (rc != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return EXIT_RUN_FAILED;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    struct sim_opts o;
    char **args = calloc((size_t)argc + 1, sizeof(*args));
    enum parse_result pr;
    int rc;

    if (args == NULL) {
        fputs(PROG ": out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    /* getopt_long() may permute argv; the manifest records it as given. */
    memcpy(args, argv, (size_t)argc * sizeof(*args));
    pr = sim_opts_parse(&o, argc, argv);
    switch (pr) {
    case PARSE_RUN:
        rc = run(&o, args);
        break;
    case PARSE_HELP:
        sim_opts_help(stdout);
        rc = 0;
        break;
    case PARSE_VERSION:
        printf(PROG " (libipt) %s\n", ipt_version_string());
        rc = 0;
        break;
    case PARSE_BAD:
    default:
        sim_opts_usage_error(stderr, o.error);
        rc = EXIT_BAD_USAGE;
        break;
    }
    sim_opts_free(&o);
    free(args);
    return rc;
}
