/* SPDX-License-Identifier: MIT */
/*
 * Measures saving and loading a course.
 *
 * Usage: bench-store [ITERATIONS]   (default 2000)
 *
 * Builds a 16-session course with a PHQ-9 every session, a GAD-7 every
 * fourth and a note of 200 bytes, then times ITERATIONS of each of:
 * ipt_course_save_json() into a caller's buffer, ipt_course_load_json()
 * (with ipt_course_free() of the result), and ipt_course_save_file() to a
 * temporary directory, once with the default file operations (every save
 * syncs the file and the directory) and once with operations whose syncs do
 * nothing, to show what the syncs cost.  Wall-clock times on a shared
 * machine vary; run it a few times and take the smallest figure.  The
 * temporary directory is removed at the end.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ipt/ipt.h>

#define SESSIONS 16

static double
seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
apply(struct ipt_course *c, int32_t type, int32_t value, uint32_t areas)
{
    static int64_t t = 1;
    struct ipt_event ev = { type, value, t++, areas, 0 };

    return ipt_course_apply(c, &ev) == IPT_OK ? 0 : -1;
}

/* Records session @p s: techniques, area, a PHQ-9, a GAD-7 every fourth
 * session and, in session 8, the note. */
static int
record(struct ipt_course *c, uint32_t s)
{
    static const char note[] =
        "Fictional benchmark note. Discussed the new role at work, the loss "
        "of the old team, and one concrete step for the coming week; the "
        "patient will call a former colleague. Mood a little brighter.";
    struct ipt_measure m;
    int rc = 0;

    memset(&m, 0, sizeof(m));
    m.kind = IPT_MEASURE_PHQ9;
    m.item_count = IPT_PHQ9_ITEMS;
    for (uint32_t i = 0; i < 8; i++)
        m.items[i] = (uint8_t)((s + i) % 3);
    rc |= ipt_course_record_measure(c, s, &m) != IPT_OK;
    if (s % 4 == 1) {
        memset(&m, 0, sizeof(m));
        m.kind = IPT_MEASURE_GAD7;
        m.item_count = IPT_GAD7_ITEMS;
        for (uint32_t i = 0; i < IPT_GAD7_ITEMS; i++)
            m.items[i] = (uint8_t)((s + i) % 2);
        rc |= ipt_course_record_measure(c, s, &m) != IPT_OK;
    }
    rc |= ipt_course_record_techniques(
              c, s,
              IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_CLARIFICATION) |
                  IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_COMMUNICATION_ANALYSIS)) !=
          IPT_OK;
    rc |= ipt_course_record_areas(
              c, s, IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION)) != IPT_OK;
    if (s == 8)
        rc |= ipt_course_set_note(c, s, note, strlen(note)) != IPT_OK;
    return rc ? -1 : 0;
}

static int
hold(struct ipt_course *c)
{
    uint32_t held = 0;

    if (apply(c, IPT_EVENT_HOLD_SESSION, 0, 0) != 0)
        return -1;
    (void)ipt_course_get_sessions(c, &held, NULL, NULL);
    return record(c, held);
}

static struct ipt_course *
build_course(void)
{
    const struct ipt_profile *standard;
    struct ipt_course *c = NULL;
    int rc;

    if (ipt_profile_builtin("standard", &standard) != IPT_OK ||
        ipt_course_new(standard, NULL, &c) != IPT_OK)
        return NULL;
    rc = apply(c, IPT_EVENT_START, 0, 0);
    rc |= hold(c);
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_HISTORY_AND_DIAGNOSIS, 0);
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_PSYCHOEDUCATION, 0);
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE, 0);
    rc |= hold(c);
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_INTERPERSONAL_INVENTORY,
                0);
    rc |= apply(c, IPT_EVENT_CHOOSE_FOCUS, 0,
                IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION));
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_PROBLEM_AREA, 0);
    rc |= hold(c);
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK,
                IPT_TASK_INTERPERSONAL_FORMULATION, 0);
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_TREATMENT_CONTRACT, 0);
    rc |= apply(c, IPT_EVENT_ADVANCE_PHASE, 0, 0);
    for (int s = 4; s <= 12 && rc == 0; s++)
        rc |= hold(c);
    rc |= apply(c, IPT_EVENT_COMPLETE_TASK, IPT_TASK_DISCUSS_ENDING, 0);
    for (int s = 13; s <= SESSIONS && rc == 0; s++)
        rc |= hold(c);
    if (rc != 0) {
        fprintf(stderr, "building the course failed: %s\n",
                ipt_course_last_error(c));
        ipt_course_free(c);
        return NULL;
    }
    return c;
}

static int
no_sync(void *user_data, int64_t handle)
{
    (void)user_data;
    (void)handle;
    return 0;
}

static int
no_sync_dir(void *user_data, const char *dir)
{
    (void)user_data;
    (void)dir;
    return 0;
}

/* Seconds per ipt_course_save_file() of @p c to @p path through @p io. */
static double
time_save_file(const struct ipt_course *c, const char *path,
               const struct ipt_io_ops *io, long n)
{
    char msg[256];
    double t0 = seconds();

    for (long i = 0; i < n; i++) {
        if (ipt_course_save_file(c, path, io, msg, sizeof(msg)) != IPT_OK) {
            fprintf(stderr, "save failed: %s\n", msg);
            return -1;
        }
    }
    return (seconds() - t0) / (double)n;
}

int
main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
    /* getenv() before any other thread exists. */
    const char *tmpdir = getenv("TMPDIR"); /* NOLINT(concurrency-mt-unsafe) */
    struct ipt_io_ops fast;
    struct ipt_course *c;
    char dir[512];
    char path[600];
    char msg[256];
    char *buf;
    uint64_t len = 0;
    double t0, t_save, t_load, t_file, t_file_nosync;
    int rc = 0;

    if (n <= 0 || n > 10000000) {
        fprintf(stderr, "usage: %s [ITERATIONS 1..10000000]\n", argv[0]);
        return 2;
    }
    c = build_course();
    if (c == NULL)
        return 1;
    (void)ipt_course_save_json(c, NULL, 0, &len);
    buf = malloc((size_t)len + 1);
    if (buf == NULL)
        return 1;

    t0 = seconds();
    for (long i = 0; i < n; i++)
        rc |= ipt_course_save_json(c, buf, len + 1, &len) != IPT_OK;
    t_save = (seconds() - t0) / (double)n;

    t0 = seconds();
    for (long i = 0; i < n; i++) {
        struct ipt_course *loaded = NULL;

        rc |= ipt_course_load_json(buf, len, NULL, &loaded, msg,
                                   sizeof(msg)) != IPT_OK;
        ipt_course_free(loaded);
    }
    t_load = (seconds() - t0) / (double)n;

    (void)snprintf(dir, sizeof(dir), "%s/bench-store-XXXXXX",
                   tmpdir != NULL && tmpdir[0] != '\0' ? tmpdir : "/tmp");
    if (rc != 0 || mkdtemp(dir) == NULL) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    (void)snprintf(path, sizeof(path), "%s/course.json", dir);
    (void)ipt_io_default(&fast);
    fast.sync = no_sync;
    fast.sync_dir = no_sync_dir;
    t_file = time_save_file(c, path, NULL, n);
    t_file_nosync = time_save_file(c, path, &fast, n);
    (void)unlink(path);
    (void)rmdir(dir);

    printf("course: %d sessions, PHQ-9 every session, GAD-7 every fourth, "
           "one note; document %" PRIu64 " bytes\n", SESSIONS, len);
    printf("iterations:                        %ld\n", n);
    printf("ipt_course_save_json:              %9.1f us per save\n",
           t_save * 1e6);
    printf("ipt_course_load_json (+ free):     %9.1f us per load\n",
           t_load * 1e6);
    printf("ipt_course_save_file, synced:      %9.1f us per save\n",
           t_file * 1e6);
    printf("ipt_course_save_file, no syncs:    %9.1f us per save\n",
           t_file_nosync * 1e6);
    free(buf);
    ipt_course_free(c);
    return t_file < 0 || t_file_nosync < 0 ? 1 : 0;
}
