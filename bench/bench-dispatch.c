/* SPDX-License-Identifier: MIT */
/*
 * Measures the cost of one event dispatch and the size of a course.
 *
 * Usage: bench-dispatch [COURSES]   (default 200000)
 *
 * Creates COURSES courses from the standard profile, then applies the same
 * 35-event script of a complete 16-session course (start to maintenance) to
 * each, timing the ipt_course_apply() calls on their own.  A second pass
 * times ipt_course_check() of a refused event with its message.  Wall-clock
 * times on a shared machine vary; run it a few times and take the smallest
 * figure.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <ipt/ipt.h>

#include "internal.h"

static struct ipt_event script[64];
static size_t script_len;

static void
add(int32_t type, int32_t value, uint32_t areas)
{
    struct ipt_event ev = { type, value, (int64_t)script_len, areas, 0 };

    script[script_len++] = ev;
}

static void
build_script(void)
{
    add(IPT_EVENT_START, 0, 0);
    add(IPT_EVENT_HOLD_SESSION, 0, 0);
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_HISTORY_AND_DIAGNOSIS, 0);
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_PSYCHOEDUCATION, 0);
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_SICK_ROLE, 0);
    add(IPT_EVENT_HOLD_SESSION, 0, 0);
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_INTERPERSONAL_INVENTORY, 0);
    add(IPT_EVENT_CHOOSE_FOCUS, 0, IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE));
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_PROBLEM_AREA, 0);
    add(IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_RENEGOTIATION, 0);
    add(IPT_EVENT_HOLD_SESSION, 0, 0);
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_INTERPERSONAL_FORMULATION, 0);
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_TREATMENT_CONTRACT, 0);
    add(IPT_EVENT_ADVANCE_PHASE, 0, 0);
    for (int s = 4; s <= 12; s++) {
        add(IPT_EVENT_HOLD_SESSION, 0, 0);
        if (s == 6)
            add(IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0);
        if (s == 9)
            add(IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_RENEGOTIATION, 0);
    }
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_DISCUSS_ENDING, 0);
    add(IPT_EVENT_COMPLETE_TASK, IPT_TASK_PLAN_CONTINUATION, 0);
    for (int s = 13; s <= 16; s++)
        add(IPT_EVENT_HOLD_SESSION, 0, 0);
    add(IPT_EVENT_ENTER_MAINTENANCE, 0, 0);
}

static double
seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Courses are created, driven and freed in batches of this many, so that
 * the figures reflect a working set that fits in cache, as in an app that
 * holds a few courses, rather than a cohort spread over gigabytes. */
#define BATCH 256

/* Every timed loop stays inline in main(), next to its clock readings.
 * NOLINTBEGIN(readability-function-cognitive-complexity) */
int
main(int argc, char **argv)
{
    const struct ipt_profile *standard;
    struct ipt_course *batch[BATCH];
    struct ipt_event early = { IPT_EVENT_ADVANCE_PHASE, 0, 1, 0, 0 };
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    double t_new = 0, t_apply = 0, t_check = 0, t_free = 0;
    uint32_t capacity = 0;
    unsigned long refused = 0, courses = 0;

    if (n <= 0 || n > 100000000) {
        fprintf(stderr, "usage: %s [COURSES 1..100000000]\n", argv[0]);
        return 2;
    }
    build_script();
    if (ipt_profile_builtin("standard", &standard) != IPT_OK)
        return 1;

    while (courses < (unsigned long)n) {
        double t0 = seconds();
        for (int i = 0; i < BATCH; i++) {
            if (ipt_course_new(standard, NULL, &batch[i]) != IPT_OK)
                return 1;
        }
        t_new += seconds() - t0;

        t0 = seconds();
        for (int i = 0; i < BATCH; i++) {
            for (size_t k = 0; k < script_len; k++) {
                if (ipt_course_apply(batch[i], &script[k]) != IPT_OK) {
                    fprintf(stderr, "event %zu refused: %s\n", k,
                            ipt_course_last_error(batch[i]));
                    return 1;
                }
            }
        }
        t_apply += seconds() - t0;

        /* ipt_course_check() of an event that a course in maintenance
         * refuses: the transition table refuses it, and the message is
         * written into the caller's buffer. */
        t0 = seconds();
        for (int i = 0; i < BATCH; i++) {
            char msg[128];

            refused += ipt_course_check(batch[i], &early, NULL, msg,
                                        sizeof(msg)) != IPT_OK;
        }
        t_check += seconds() - t0;

        if (courses == 0)
            (void)ipt_course_log_size(batch[0], NULL, &capacity);
        t0 = seconds();
        for (int i = 0; i < BATCH; i++)
            ipt_course_free(batch[i]);
        t_free += seconds() - t0;
        courses += BATCH;
    }

    printf("courses: %lu, events per course: %zu\n", courses, script_len);
    printf("ipt_course_new:    %8.1f ns per course\n",
           t_new * 1e9 / (double)courses);
    printf("ipt_course_apply:  %8.1f ns per accepted event\n",
           t_apply * 1e9 / ((double)courses * (double)script_len));
    printf("ipt_course_check:  %8.1f ns per refused check\n",
           t_check * 1e9 / (double)courses);
    printf("ipt_course_free:   %8.1f ns per course\n",
           t_free * 1e9 / (double)courses);
    printf("course object:     %8zu bytes\n", sizeof(struct ipt_course));
    printf("event log:         %8zu bytes (%u entries x %zu bytes)\n",
           (size_t)capacity * sizeof(struct ipt_log_entry), capacity,
           sizeof(struct ipt_log_entry));
    return refused == courses ? 0 : 1;
}
/* NOLINTEND(readability-function-cognitive-complexity) */
