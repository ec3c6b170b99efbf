/* SPDX-License-Identifier: MIT */
/**
 * @file fhir-export.c
 * A fictional course of standard IPT exported as a FHIR R4 Bundle.
 *
 * The course has started, its focus is a role dispute at an impasse, and
 * four weekly sessions have been held (the initial phase and the first
 * session of the middle phase).  Session 1 records a PHQ-9 with the
 * difficulty item, a GAD-7 and a HAM-D-17 total; session 4 a second PHQ-9
 * and HAM-D-17.  Session 2 carries a short fictional note, which is left
 * out of the Bundle unless the program is run with `--with-notes`.
 *
 * The Bundle goes to standard output.  The timestamps are Unix seconds, so
 * the export writes dates (#IPT_FHIR_UNIX_SECONDS).  The patient is the
 * fictional reference "Patient/example"; libipt never invents identities.
 *
 * Usage: `fhir-export [--with-notes]`
 *
 * Build: `cc fhir-export.c $(pkg-config --cflags --libs ipt-therapy)`
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#define DAY INT64_C(86400)
#define ROLE_DISPUTE IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE)
#define TECH(t) IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_##t)

/* Start of the course: 2026-01-05 09:00 UTC. */
static int64_t now = INT64_C(1767603600);

static int
apply(struct ipt_course *course, int32_t type, int32_t value, uint32_t areas)
{
    struct ipt_event ev = { type, value, now, areas, 0 };
    enum ipt_status st = ipt_course_apply(course, &ev);

    if (st != IPT_OK)
        fprintf(stderr, "refused %s: %s\n",
                ipt_event_type_name((enum ipt_event_type)type),
                ipt_course_last_error(course));
    return st == IPT_OK ? 0 : -1;
}

static int
task(struct ipt_course *course, enum ipt_task t)
{
    return apply(course, IPT_EVENT_COMPLETE_TASK, (int32_t)t, 0);
}

static int
hold(struct ipt_course *course, uint32_t techniques)
{
    uint32_t held = 0;

    now += 7 * DAY;
    if (apply(course, IPT_EVENT_HOLD_SESSION, 0, 0) != 0)
        return -1;
    (void)ipt_course_get_sessions(course, &held, NULL, NULL);
    return ipt_course_record_techniques(course, held, techniques) == IPT_OK
               ? 0 : -1;
}

static int
measure(struct ipt_course *course, uint32_t session,
        enum ipt_measure_kind kind, uint32_t count, const uint8_t *items,
        int32_t total)
{
    struct ipt_measure m;

    memset(&m, 0, sizeof(m));
    m.kind = (int32_t)kind;
    m.item_count = count;
    m.total = total;
    if (count > 0)
        memcpy(m.items, items, count);
    if (ipt_course_record_measure(course, session, &m) != IPT_OK) {
        fprintf(stderr, "measure refused: %s\n",
                ipt_course_last_error(course));
        return -1;
    }
    return 0;
}

static int
run_course(struct ipt_course *course)
{
    /* PHQ-9 items 1-9 and the difficulty item ("very difficult"). */
    static const uint8_t phq9_first[10] = { 2, 3, 2, 2, 1, 2, 1, 1, 0, 2 };
    static const uint8_t phq9_fourth[9] = { 1, 2, 1, 1, 1, 1, 1, 0, 0 };
    static const uint8_t gad7[7] = { 2, 2, 1, 2, 1, 1, 1 };
    static const char note[] =
        "Fictional: described the last argument with her partner in detail.";
    int rc = apply(course, IPT_EVENT_START, 0, 0);

    rc |= hold(course, TECH(PSYCHOEDUCATION) | TECH(SAFETY_ASSESSMENT));
    rc |= task(course, IPT_TASK_HISTORY_AND_DIAGNOSIS);
    rc |= task(course, IPT_TASK_PSYCHOEDUCATION);
    rc |= task(course, IPT_TASK_SICK_ROLE);
    rc |= measure(course, 1, IPT_MEASURE_PHQ9, 10, phq9_first, 0);
    rc |= measure(course, 1, IPT_MEASURE_GAD7, 7, gad7, 0);
    rc |= measure(course, 1, IPT_MEASURE_HAMD17, 0, NULL, 19);
    rc |= hold(course, TECH(DIRECT_ELICITATION) | TECH(CLARIFICATION));
    rc |= task(course, IPT_TASK_INTERPERSONAL_INVENTORY);
    rc |= apply(course, IPT_EVENT_CHOOSE_FOCUS, 0, ROLE_DISPUTE);
    rc |= task(course, IPT_TASK_PROBLEM_AREA);
    rc |= apply(course, IPT_EVENT_SET_DISPUTE_STAGE, IPT_DISPUTE_IMPASSE, 0);
    rc |= ipt_course_record_areas(course, 2, ROLE_DISPUTE) != IPT_OK;
    rc |= ipt_course_set_note(course, 2, note, strlen(note)) != IPT_OK;
    rc |= hold(course, TECH(CONTRACT_SETTING));
    rc |= task(course, IPT_TASK_INTERPERSONAL_FORMULATION);
    rc |= task(course, IPT_TASK_TREATMENT_CONTRACT);
    rc |= apply(course, IPT_EVENT_ADVANCE_PHASE, 0, 0);
    rc |= hold(course, TECH(COMMUNICATION_ANALYSIS) | TECH(ROLE_PLAY));
    rc |= ipt_course_record_areas(course, 4, ROLE_DISPUTE) != IPT_OK;
    rc |= measure(course, 4, IPT_MEASURE_PHQ9, 9, phq9_fourth, 0);
    rc |= measure(course, 4, IPT_MEASURE_HAMD17, 0, NULL, 14);
    return rc;
}

/* Adds the flags the command line asks for to @p flags; -1 for a bad
 * command line.  Prints nothing. */
static int
parse_args(int argc, char **argv, uint32_t *flags)
{
    if (argc > 2 || (argc == 2 && strcmp(argv[1], "--with-notes") != 0))
        return -1;
    if (argc == 2)
        *flags |= IPT_FHIR_INCLUDE_NOTES;
    return 0;
}

int
main(int argc, char **argv)
{
    const struct ipt_profile *profile = NULL;
    struct ipt_course *course = NULL;
    struct ipt_fhir_options options;
    enum ipt_status st;
    uint64_t length = 0;
    char *buf = NULL;
    int rc = 1;

    memset(&options, 0, sizeof(options));
    options.size = (uint32_t)sizeof(options);
    options.flags = IPT_FHIR_UNIX_SECONDS;
    options.patient_reference = "Patient/example";
    options.bundle_id = "ipt-course-example";
    if (parse_args(argc, argv, &options.flags) != 0) {
        fprintf(stderr, "usage: fhir-export [--with-notes]\n");
        return 2;
    }

    if (ipt_profile_builtin("standard", &profile) != IPT_OK ||
        ipt_course_new(profile, NULL, &course) != IPT_OK)
        return 1;
    if (run_course(course) != 0)
        goto out;

    /* Ask for the length, then write into a buffer of that size. */
    st = ipt_course_export_fhir(course, &options, NULL, 0, &length);
    if (st == IPT_ERR_NOT_BUILT) {
        fprintf(stderr, "this libipt was built without JSON support: "
                        "no FHIR export\n");
        rc = 0;
        goto out;
    }
    if (st != IPT_ERR_BUFFER_TOO_SMALL ||
        (buf = malloc((size_t)length + 1)) == NULL)
        goto out;
    st = ipt_course_export_fhir(course, &options, buf, length + 1, &length);
    if (st != IPT_OK) {
        fprintf(stderr, "export failed: %s\n", ipt_status_name(st));
        goto out;
    }
    rc = fwrite(buf, 1, (size_t)length, stdout) == length ? 0 : 1;
out:
    free(buf);
    ipt_course_free(course);
    return rc;
}
