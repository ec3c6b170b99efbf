/* SPDX-License-Identifier: MIT */
/**
 * @file course-record.c
 * A fictional 16-session course of standard IPT, recorded session by
 * session, saved to a file and restored.
 *
 * The focus is a role transition.  Every session records the techniques
 * used and the problem area worked on; a PHQ-9 is given each session and a
 * GAD-7 every fourth, except that no questionnaire was given in sessions
 * 9 to 13, which the fidelity report flags (its one deliberate finding).
 * At session 6 the PHQ-9's item 9 is above 0; the safety assessment in
 * session 7 is the follow-up the report looks for.  One session carries a
 * short fictional note; the program prints only its length.
 *
 * The course is saved with ipt_course_save_file() to the path given as the
 * first argument, or to a temporary directory that is removed at the end,
 * then loaded with ipt_course_load_file() and compared with the original.
 * The patient is fictional and the program records no personal data.
 *
 * Usage: `course-record [FILE]`
 *
 * Build: `cc course-record.c $(pkg-config --cflags --libs ipt-therapy)`
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ipt/ipt.h>

#define DAY INT64_C(86400)
#define SESSIONS 16u

#define TECH(t) IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_##t)
#define ROLE_TRANSITION IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION)

/* Start of the course: 2026-01-05 00:00 UTC, a Monday. */
static int64_t now = INT64_C(1767571200);

/* The fictional patient's PHQ-9 totals by session (index 0 unused); -1: not
 * given.  Item 9 is 1 at session 6, 0 otherwise. */
static const int phq9_totals[SESSIONS + 1] = {
    -1, 18, 17, 16, 13, 12, 12, 11, 10, -1, -1, -1, -1, -1, 6, 5, 4,
};
#define SAFETY_SESSION 6u

/* GAD-7 totals, given every fourth session from the first. */
static const int gad7_totals[SESSIONS + 1] = {
    -1, 12, -1, -1, 10, -1, -1, -1, 8, -1, -1, -1, -1, -1, -1, -1, 4,
};

static const char note[] =
    "Fictional: rehearsed asking a new colleague for help; felt less alone.";
#define NOTE_SESSION 8u

static int
apply(struct ipt_course *course, int32_t type, int32_t value, uint32_t areas)
{
    struct ipt_event ev = { type, value, now, areas, 0 };
    enum ipt_status st = ipt_course_apply(course, &ev);

    if (st != IPT_OK)
        fprintf(stderr, "refused %s: %s: %s\n",
                ipt_event_type_name((enum ipt_event_type)type),
                ipt_status_name(st), ipt_course_last_error(course));
    return st == IPT_OK ? 0 : -1;
}

static int
task(struct ipt_course *course, enum ipt_task t)
{
    return apply(course, IPT_EVENT_COMPLETE_TASK, (int32_t)t, 0);
}

/* Answers that add up to @p total: spread over items 1-8, item 9 apart. */
static struct ipt_measure
answers(enum ipt_measure_kind kind, int total, int item9)
{
    struct ipt_measure m;
    uint32_t spread = kind == IPT_MEASURE_PHQ9 ? 8u : IPT_GAD7_ITEMS;

    memset(&m, 0, sizeof(m));
    m.kind = (int32_t)kind;
    m.item_count = kind == IPT_MEASURE_PHQ9 ? IPT_PHQ9_ITEMS : IPT_GAD7_ITEMS;
    for (int left = total, i = 0; left > 0; left--, i++)
        m.items[(uint32_t)i % spread]++;
    if (kind == IPT_MEASURE_PHQ9)
        m.items[8] = (uint8_t)item9;
    return m;
}

/* Techniques used in session @p s, by phase. */
static uint32_t
techniques_of(uint32_t s)
{
    if (s == 1)
        return TECH(PSYCHOEDUCATION) | TECH(NONDIRECTIVE_EXPLORATION);
    if (s == 2)
        return TECH(DIRECT_ELICITATION) | TECH(CLARIFICATION);
    if (s == 3)
        return TECH(CONTRACT_SETTING) | TECH(PSYCHOEDUCATION);
    if (s == SAFETY_SESSION + 1)
        return TECH(SAFETY_ASSESSMENT) | TECH(ENCOURAGEMENT_OF_AFFECT);
    if (s <= 12)
        return s % 2 == 0 ? TECH(DECISION_ANALYSIS) | TECH(ROLE_PLAY)
                          : TECH(COMMUNICATION_ANALYSIS) |
                                TECH(ENCOURAGEMENT_OF_AFFECT);
    return TECH(THERAPEUTIC_RELATIONSHIP) | TECH(CLARIFICATION);
}

/* Records session @p s: techniques, area, measures and the note. */
static int
record(struct ipt_course *course, uint32_t s)
{
    struct ipt_measure m;
    int rc = 0;

    rc |= ipt_course_record_techniques(course, s, techniques_of(s)) != IPT_OK;
    if (s >= 2)
        rc |= ipt_course_record_areas(course, s, ROLE_TRANSITION) != IPT_OK;
    if (phq9_totals[s] >= 0) {
        m = answers(IPT_MEASURE_PHQ9, phq9_totals[s] - (s == SAFETY_SESSION),
                    s == SAFETY_SESSION);
        rc |= ipt_course_record_measure(course, s, &m) != IPT_OK;
    }
    if (gad7_totals[s] >= 0) {
        m = answers(IPT_MEASURE_GAD7, gad7_totals[s], 0);
        rc |= ipt_course_record_measure(course, s, &m) != IPT_OK;
    }
    if (s == NOTE_SESSION)
        rc |= ipt_course_set_note(course, s, note, strlen(note)) != IPT_OK;
    if (rc != 0)
        fprintf(stderr, "session %" PRIu32 " record refused: %s\n", s,
                ipt_course_last_error(course));
    return rc ? -1 : 0;
}

/* Holds the next weekly session and records it. */
static int
session(struct ipt_course *course)
{
    uint32_t held = 0;

    now += 7 * DAY;
    if (apply(course, IPT_EVENT_HOLD_SESSION, 0, 0) != 0)
        return -1;
    (void)ipt_course_get_sessions(course, &held, NULL, NULL);
    return record(course, held);
}

/* The clinical story: the protocol's tasks, session by session. */
static int
run_course(struct ipt_course *course)
{
    int rc = apply(course, IPT_EVENT_START, 0, 0);

    rc |= session(course);                                        /* 1 */
    rc |= task(course, IPT_TASK_HISTORY_AND_DIAGNOSIS);
    rc |= task(course, IPT_TASK_PSYCHOEDUCATION);
    rc |= task(course, IPT_TASK_SICK_ROLE);
    rc |= session(course);                                        /* 2 */
    rc |= task(course, IPT_TASK_INTERPERSONAL_INVENTORY);
    rc |= apply(course, IPT_EVENT_CHOOSE_FOCUS, 0, ROLE_TRANSITION);
    rc |= task(course, IPT_TASK_PROBLEM_AREA);
    rc |= session(course);                                        /* 3 */
    rc |= task(course, IPT_TASK_INTERPERSONAL_FORMULATION);
    rc |= task(course, IPT_TASK_TREATMENT_CONTRACT);
    rc |= apply(course, IPT_EVENT_ADVANCE_PHASE, 0, 0);
    for (int s = 4; s <= 12 && rc == 0; s++)                      /* middle */
        rc |= session(course);
    rc |= task(course, IPT_TASK_DISCUSS_ENDING);                  /* ending */
    for (int s = 13; s <= 16 && rc == 0; s++) {
        rc |= session(course);
        if (s == 13)
            rc |= task(course, IPT_TASK_REVIEW_GAINS);
        if (s == 14)
            rc |= task(course, IPT_TASK_INDEPENDENT_COMPETENCE);
        if (s == 15)
            rc |= task(course, IPT_TASK_RELAPSE_PREVENTION);
    }
    return rc;
}

/* ---- reports ------------------------------------------------------------- */

static const char *
band_of(enum ipt_measure_kind kind, int32_t total)
{
    enum ipt_band band = IPT_BAND_NONE;
    enum ipt_status st = kind == IPT_MEASURE_PHQ9
                             ? ipt_phq9_band(total, &band)
                             : ipt_gad7_band(total, &band);

    return st == IPT_OK ? ipt_band_name(band) : "?";
}

/* Appends to a line buffer. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
add(char *line, size_t size, const char *fmt, ...)
{
    size_t len = strlen(line);
    va_list ap;

    va_start(ap, fmt);
    (void)vsnprintf(line + len, size - len, fmt, ap);
    va_end(ap);
}

static void
print_sessions(const struct ipt_course *course)
{
    uint32_t held = 0;

    (void)ipt_course_get_sessions(course, &held, NULL, NULL);
    printf("session  phase         PHQ-9                 GAD-7\n");
    for (uint32_t s = 1; s <= held; s++) {
        struct ipt_session_info info, next;
        struct ipt_measure m;
        char line[160] = "";
        size_t len;

        memset(&info, 0, sizeof(info));
        info.size = (uint32_t)sizeof(info);
        if (ipt_course_get_session(course, s, &info) != IPT_OK)
            continue;
        add(line, sizeof(line), "%7" PRIu32 "  %-12s  ", s,
            ipt_state_name((enum ipt_state)info.phase));
        if (ipt_course_get_measure(course, s, IPT_MEASURE_PHQ9, &m) ==
            IPT_OK)
            add(line, sizeof(line), "%2" PRId32 " %-17s  ", m.total,
                band_of(IPT_MEASURE_PHQ9, m.total));
        else
            add(line, sizeof(line), "%-22s", "-- not given");
        if (ipt_course_get_measure(course, s, IPT_MEASURE_GAD7, &m) ==
            IPT_OK)
            add(line, sizeof(line), "%2" PRId32 " %-10s", m.total,
                band_of(IPT_MEASURE_GAD7, m.total));
        else
            add(line, sizeof(line), "%-13s", "");
        if (ipt_course_get_measure(course, s, IPT_MEASURE_PHQ9, &m) ==
                IPT_OK &&
            m.items[8] > 0)
            add(line, sizeof(line), "  PHQ-9 item 9 above 0");
        if (info.note_bytes > 0)
            add(line, sizeof(line), "  note of %" PRIu32 " bytes",
                info.note_bytes);
        len = strlen(line);
        while (len > 0 && line[len - 1] == ' ')
            line[--len] = '\0';
        printf("%s\n", line);
        if (s == SAFETY_SESSION && s < held) {
            memset(&next, 0, sizeof(next));
            next.size = (uint32_t)sizeof(next);
            if (ipt_course_get_session(course, s + 1, &next) == IPT_OK &&
                (next.techniques & TECH(SAFETY_ASSESSMENT)) != 0)
                printf("         follow-up: safety assessment recorded in "
                       "session %" PRIu32 "\n", s + 1);
        }
    }
}

static int
print_outcome(const struct ipt_course *course)
{
    struct ipt_outcome o;
    enum ipt_status st =
        ipt_course_outcome(course, IPT_MEASURE_PHQ9, NULL, &o);

    if (st != IPT_OK) {
        fprintf(stderr, "no PHQ-9 outcome: %s\n", ipt_status_name(st));
        return -1;
    }
    printf("PHQ-9 outcome: %" PRIu32 " measurements; baseline %" PRId32
           " (session %" PRIu32 "), latest %" PRId32 " (session %" PRIu32
           "), change %+" PRId32 ", reduction %" PRId32 ".%" PRId32 " %%\n",
           o.count, o.baseline, o.baseline_session, o.latest,
           o.latest_session, o.change, o.reduction_permille / 10,
           o.reduction_permille % 10);
    printf("  response: %s, remission: %s, early non-response: %s\n",
           (o.flags & IPT_OUTCOME_RESPONSE) ? "yes" : "no",
           (o.flags & IPT_OUTCOME_REMISSION) ? "yes" : "no",
           !(o.flags & IPT_OUTCOME_EARLY_JUDGED)     ? "not judged"
           : (o.flags & IPT_OUTCOME_EARLY_NONRESPONSE) ? "yes"
                                                       : "no");
    return 0;
}

/* Prints the fidelity report; returns the number of findings. */
static uint32_t
print_fidelity(const struct ipt_course *course)
{
    struct ipt_finding findings[16];
    uint32_t count = 0;

    if (ipt_fidelity_check(course, NULL, findings, 16, &count) != IPT_OK)
        return UINT32_MAX;
    printf("fidelity report: %" PRIu32 " finding%s\n", count,
           count == 1 ? "" : "s");
    for (uint32_t i = 0; i < count && i < 16; i++)
        printf("  session %2" PRIu32 "  %-7s %-16s %s\n", findings[i].session,
               ipt_severity_name((enum ipt_severity)findings[i].severity),
               ipt_fidelity_rule_name(
                   (enum ipt_fidelity_rule)findings[i].rule),
               findings[i].message);
    return count;
}

/* ---- saving and restoring ------------------------------------------------ */

/* The course's document in a malloc()ed buffer, or NULL. */
static char *
document(const struct ipt_course *course, uint64_t *length)
{
    uint64_t n = 0;
    char *buf;

    if (ipt_course_save_json(course, NULL, 0, &n) != IPT_ERR_BUFFER_TOO_SMALL)
        return NULL;
    buf = malloc((size_t)n + 1);
    if (buf != NULL &&
        ipt_course_save_json(course, buf, n + 1, length) != IPT_OK) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

/* Saves, restores and compares; returns 0 when the restored course saves
 * to the same bytes. */
static int
save_and_restore(const struct ipt_course *course, const char *path)
{
    struct ipt_course *restored = NULL;
    enum ipt_state state = IPT_STATE_NOT_STARTED;
    char msg[256];
    char *before, *after;
    uint64_t len_before = 0, len_after = 0;
    uint32_t held = 0;
    int same;

    enum ipt_status st =
        ipt_course_save_file(course, path, NULL, msg, sizeof(msg));

    if (st == IPT_ERR_NOT_BUILT) {
        printf("\nthis libipt was built without JSON support: not saved\n");
        return 0;
    }
    if (st != IPT_OK) {
        fprintf(stderr, "%s\n", msg);
        return -1;
    }
    if (ipt_course_load_file(path, NULL, NULL, &restored, msg,
                             sizeof(msg)) != IPT_OK) {
        fprintf(stderr, "%s\n", msg);
        return -1;
    }
    before = document(course, &len_before);
    after = document(restored, &len_after);
    same = before != NULL && after != NULL && len_before == len_after &&
           memcmp(before, after, (size_t)len_before) == 0;
    (void)ipt_course_get_state(restored, &state);
    (void)ipt_course_get_sessions(restored, &held, NULL, NULL);
    printf("\nsaved %" PRIu64 " bytes and restored the course: state %s, "
           "%" PRIu32 " sessions held\n",
           len_before, ipt_state_name(state), held);
    if (print_outcome(restored) != 0)
        same = 0;
    printf("saving the restored course gives %s bytes\n",
           same ? "identical" : "DIFFERENT");
    free(before);
    free(after);
    ipt_course_free(restored);
    return same ? 0 : -1;
}

/* Copies the FILE argument, if any, into @p path.  Returns 1 when a FILE
 * was given, 0 when not, and -1 for a bad command line: more than one
 * argument, or a FILE too long for @p path.  Prints nothing. */
static int
parse_args(int argc, char **argv, char *path, size_t path_size)
{
    size_t len;

    if (argc > 2)
        return -1;
    if (argc < 2)
        return 0;
    len = strlen(argv[1]);
    if (len >= path_size)
        return -1;
    memcpy(path, argv[1], len + 1);
    return 1;
}

int
main(int argc, char **argv)
{
    const struct ipt_profile *standard = NULL;
    struct ipt_course *course = NULL;
    char dir[512] = "";
    char path[600];
    const char *tmpdir = getenv("TMPDIR");
    int rc;

    rc = parse_args(argc, argv, path, sizeof(path));
    if (rc < 0) {
        fprintf(stderr, "usage: %s [FILE]\n",
                argc > 0 ? argv[0] : "course-record");
        return EXIT_FAILURE;
    }
    if (rc == 0) {
        (void)snprintf(dir, sizeof(dir), "%s/course-record-XXXXXX",
                       tmpdir != NULL && tmpdir[0] != '\0' ? tmpdir : "/tmp");
        if (mkdtemp(dir) == NULL) {
            perror("mkdtemp");
            return EXIT_FAILURE;
        }
        (void)snprintf(path, sizeof(path), "%s/course.json", dir);
    }

    printf("libipt %s: recording a fictional course of standard IPT\n\n",
           ipt_version_string());
    if (ipt_profile_builtin("standard", &standard) != IPT_OK ||
        ipt_course_new(standard, NULL, &course) != IPT_OK) {
        fprintf(stderr, "cannot create the course\n");
        return EXIT_FAILURE;
    }
    rc = run_course(course);
    if (rc == 0) {
        print_sessions(course);
        printf("\n");
        rc |= print_outcome(course);
        printf("\n");
        rc |= print_fidelity(course) != 1;  /* the measure gap, only */
        rc |= save_and_restore(course, path);
    }
    ipt_course_free(course);
    if (dir[0] != '\0') {
        (void)unlink(path);
        if (rmdir(dir) != 0) {
            perror("rmdir");
            rc = -1;
        }
    }
    return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
