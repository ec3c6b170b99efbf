/* SPDX-License-Identifier: MIT */
/*
 * gen-catalog-docs OUTDIR
 *
 * Writes the documentation pages that list the catalogue, read through the
 * public API only, so that the pages can never drift from the library:
 *
 *   OUTDIR/techniques.md  every technique with its definition and source
 *   OUTDIR/goals.md       overall goals, each area's goals and strategies,
 *                         and the initial-phase and termination tasks
 *   OUTDIR/weights.md     the default technique weight table
 *   OUTDIR/profiles.md    the built-in protocol profiles side by side,
 *                         with each one's source and unverified notes
 *
 * The pages are Doxygen Markdown.  Exit status: 0 on success, 1 on an I/O
 * or library error, 2 on wrong arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ipt/ipt.h>

/* An output page.  The first failed write is remembered; later writes are
 * skipped, and the failure is reported once when the page is closed. */
struct page {
    FILE *f;
    char path[4096];
    int failed;
    int saved_errno;
};

static void
fail(struct page *p)
{
    if (!p->failed) {
        p->failed = 1;
        p->saved_errno = errno;
    }
}

/* Raw Markdown. */
static void
put(struct page *p, const char *s)
{
    if (!p->failed && fputs(s, p->f) == EOF)
        fail(p);
}

static void
put_u32(struct page *p, uint32_t v)
{
    if (!p->failed && fprintf(p->f, "%lu", (unsigned long)v) < 0)
        fail(p);
}

/*
 * Text from the catalogue, escaped so that Doxygen shows it literally:
 * characters that start Doxygen commands, HTML, entities or Markdown
 * markup get a backslash.  `|` is escaped too, so that text can sit in a
 * table cell.
 */
static void
put_text(struct page *p, const char *s)
{
    static const char special[] = "\\@&$#<>%|*_`[]";

    for (; *s != '\0' && !p->failed; s++) {
        char buf[3] = { '\\', *s, '\0' };

        put(p, strchr(special, *s) != NULL ? buf : buf + 1);
    }
}

static int
page_open(struct page *p, const char *dir, const char *name)
{
    int n = snprintf(p->path, sizeof(p->path), "%s/%s", dir, name);

    p->failed = 0;
    p->saved_errno = 0;
    if (n < 0 || (size_t)n >= sizeof(p->path)) {
        fprintf(stderr, "gen-catalog-docs: output path too long: %s/%s\n",
                dir, name);
        return -1;
    }
    p->f = fopen(p->path, "w");
    if (p->f == NULL) {
        /* strerror() is safe here: the program has a single thread. */
        fprintf(stderr, "gen-catalog-docs: cannot create %s: %s\n", p->path,
                strerror(errno)); /* NOLINT(concurrency-mt-unsafe) */
        return -1;
    }
    return 0;
}

static int
page_close(struct page *p)
{
    if (!p->failed && fflush(p->f) != 0)
        fail(p);
    if (fclose(p->f) != 0)
        fail(p);
    p->f = NULL;
    if (p->failed) {
        /* strerror() is safe here: the program has a single thread. */
        fprintf(stderr, "gen-catalog-docs: cannot write %s: %s\n", p->path,
                strerror(p->saved_errno)); /* NOLINT(concurrency-mt-unsafe) */
        return -1;
    }
    return 0;
}

static int
library_error(const char *what, enum ipt_status st)
{
    fprintf(stderr, "gen-catalog-docs: %s: %s\n", what,
            ipt_status_message(st));
    return -1;
}

/* ---- techniques.md ------------------------------------------------------ */

static void
put_components(struct page *p, uint32_t mask)
{
    int first = 1;

    put(p, "Combines: ");
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *c = NULL;

        if (ipt_technique_at(i, &c) != IPT_OK ||
            (mask & IPT_TECHNIQUE_BIT(c->technique)) == 0)
            continue;
        put(p, first ? "" : ", ");
        put(p, "@ref technique_");
        put(p, c->id);
        put(p, " \"");
        put_text(p, c->display_name);
        put(p, "\"");
        first = 0;
    }
    put(p, ".\n\n");
}

static int
write_techniques(struct page *p)
{
    put(p, "# Techniques {#techniques}\n\n"
           "The techniques of libipt's catalogue, in ::ipt_technique "
           "order.  Each entry gives its stable identifier, the therapy it "
           "belongs to (::ipt_modality), a short definition in libipt's own "
           "words and the source it summarises.  Where the catalogue relies "
           "on a fact that could not be checked against an accessible "
           "source, the source says \"unverified\".\n\n"
           "Techniques of Metacognitive Interpersonal Therapy (modality "
           "`mit`) belong to a different therapy, developed for personality "
           "disorders.  The selection helper, ipt_select_techniques(), only "
           "offers them when the context sets #IPT_SELECT_ALLOW_MIT.\n\n"
           "This page is generated from the catalogue "
           "(ipt_technique_at()) when the library is built.\n\n");
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *t = NULL;
        enum ipt_status st = ipt_technique_at(i, &t);
        const char *modality;

        if (st != IPT_OK)
            return library_error("ipt_technique_at", st);
        modality = ipt_modality_name((enum ipt_modality)t->modality);
        put(p, "## ");
        put_text(p, t->display_name);
        put(p, " {#technique_");
        put(p, t->id);
        put(p, "}\n\n");
        put(p, "- Identifier: `");
        put(p, t->id);
        put(p, "`\n- Modality: `");
        put(p, modality != NULL ? modality : "unknown");
        put(p, "`\n\n");
        put_text(p, t->definition);
        put(p, "\n\n");
        if (t->components != 0)
            put_components(p, t->components);
        put(p, "Source: ");
        put_text(p, t->source);
        put(p, ".\n\n");
    }
    return 0;
}

/* ---- goals.md ----------------------------------------------------------- */

static const char *const area_titles[] = {
    [IPT_AREA_GRIEF] = "Grief",
    [IPT_AREA_ROLE_DISPUTE] = "Role dispute",
    [IPT_AREA_ROLE_TRANSITION] = "Role transition",
    [IPT_AREA_INTERPERSONAL_DEFICITS] = "Interpersonal deficits",
};

/* One bullet per goal entry of @p kind and @p area. */
static int
put_goals(struct page *p, int32_t kind, int32_t area)
{
    for (uint32_t i = 0; i < ipt_goal_count(); i++) {
        const struct ipt_goal_info *g = NULL;
        enum ipt_status st = ipt_goal_at(i, &g);

        if (st != IPT_OK)
            return library_error("ipt_goal_at", st);
        if (g->kind != kind || g->area != area)
            continue;
        put(p, "- ");
        put_text(p, g->text);
        put(p, " (`");
        put(p, g->id);
        put(p, "`; source: ");
        put_text(p, g->source);
        put(p, ")\n");
    }
    put(p, "\n");
    return 0;
}

static int
put_tasks(struct page *p, int32_t phase)
{
    for (int32_t v = IPT_TASK_HISTORY_AND_DIAGNOSIS;
         v <= IPT_TASK_PLAN_CONTINUATION; v++) {
        const struct ipt_task_info *t = NULL;
        enum ipt_status st = ipt_task_describe((enum ipt_task)v, &t);

        if (st != IPT_OK)
            return library_error("ipt_task_describe", st);
        if (t->phase != phase)
            continue;
        put(p, "- **");
        put_text(p, t->display_name);
        put(p, "** (`");
        put(p, t->id);
        put(p, "`): ");
        put_text(p, t->description);
        put(p, " Source: ");
        put_text(p, t->source);
        put(p, ".\n");
    }
    put(p, "\n");
    return 0;
}

static int
write_goals(struct page *p)
{
    put(p, "# Goals and strategies {#goals}\n\n"
           "IPT's overall goals, then the goals and strategies of each "
           "problem area (::ipt_area), then the tasks of the initial and "
           "termination phases (::ipt_task).  Texts are libipt's own "
           "summaries of the sources named; \"unverified\" marks a fact "
           "that could not be checked against an accessible source.  "
           "Identifiers are those of ipt_goal_find() and ipt_task_name().\n\n"
           "This page is generated from the catalogue when the library is "
           "built.\n\n"
           "## Overall goals {#goals_overall}\n\n");
    if (put_goals(p, IPT_GOAL_OVERALL, 0) != 0)
        return -1;
    for (int32_t area = IPT_AREA_GRIEF;
         area <= IPT_AREA_INTERPERSONAL_DEFICITS; area++) {
        const char *name = ipt_area_name((enum ipt_area)area);

        if (name == NULL)
            return library_error("ipt_area_name", IPT_ERR_OUT_OF_RANGE);
        put(p, "## ");
        put(p, area_titles[area]);
        put(p, " {#goals_");
        put(p, name);
        put(p, "}\n\nProblem area `");
        put(p, name);
        put(p, "`.\n\n### Goals\n\n");
        if (put_goals(p, IPT_GOAL_AREA, area) != 0)
            return -1;
        put(p, "### Strategies\n\n");
        if (put_goals(p, IPT_GOAL_STRATEGY, area) != 0)
            return -1;
    }
    put(p, "## Initial-phase tasks {#goals_initial_tasks}\n\n"
           "A course enters the middle phase only when all of these are "
           "done (rule `initial_tasks_done`, see @ref protocol).\n\n");
    if (put_tasks(p, IPT_STATE_INITIAL) != 0)
        return -1;
    put(p, "## Termination tasks {#goals_termination_tasks}\n\n");
    return put_tasks(p, IPT_STATE_TERMINATION);
}

/* ---- weights.md --------------------------------------------------------- */

#define COLUMN_FIRST IPT_COLUMN_INITIAL
#define COLUMN_LAST IPT_COLUMN_TERMINATION

static int
write_weights(struct page *p)
{
    put(p, "# Default technique weights {#weights}\n\n"
           "The weight table that ipt_select_techniques() uses when it is "
           "given no table of its own: a weight from 0 (never suggested) to "
           "100 for each technique in each column (::ipt_weight_column).\n\n"
           "**This table is not taken from any manual.**  It is libipt's "
           "own synthesis of the phase and problem-area strategies that "
           "the IPT manuals describe, starting from a synthesis table in "
           "libipt's reference notes.  Treat it as a reasonable default, "
           "not as clinical guidance: copy it with ipt_weights_new() and "
           "change any weight with ipt_weights_set().\n\n"
           "MIT techniques are only offered when the context sets "
           "#IPT_SELECT_ALLOW_MIT, whatever their weight here.  The safety "
           "assessment is not ranked from this table: it comes first "
           "whenever the context sets #IPT_SELECT_SAFETY_ITEM9.\n\n"
           "This page is generated from the library's default table "
           "(ipt_weights_get()) when the library is built.\n\n"
           "| Technique |");
    for (int32_t c = COLUMN_FIRST; c <= COLUMN_LAST; c++) {
        const char *name = ipt_weight_column_name((enum ipt_weight_column)c);

        if (name == NULL)
            return library_error("ipt_weight_column_name",
                                 IPT_ERR_OUT_OF_RANGE);
        put(p, " `");
        put(p, name);
        put(p, "` |");
    }
    put(p, "\n|---|");
    for (int32_t c = COLUMN_FIRST; c <= COLUMN_LAST; c++)
        put(p, "---:|");
    put(p, "\n");
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *t = NULL;
        enum ipt_status st = ipt_technique_at(i, &t);

        if (st != IPT_OK)
            return library_error("ipt_technique_at", st);
        put(p, "| @ref technique_");
        put(p, t->id);
        put(p, " \"");
        put_text(p, t->display_name);
        put(p, "\" |");
        for (int32_t c = COLUMN_FIRST; c <= COLUMN_LAST; c++) {
            uint32_t w = 0;

            st = ipt_weights_get(NULL, (enum ipt_technique)t->technique,
                                 (enum ipt_weight_column)c, &w);
            if (st != IPT_OK)
                return library_error("ipt_weights_get", st);
            put(p, " ");
            put_u32(p, w);
            put(p, " |");
        }
        put(p, "\n");
    }
    put(p, "\nColumns: `initial` and `termination` apply to any problem "
           "area; the others are middle-phase columns for one problem area "
           "or, for a role dispute, one stage of the dispute "
           "(`role_dispute` is a dispute whose stage has not been set).\n");
    return 0;
}

/* ---- main --------------------------------------------------------------- */

/* ---- profiles.md -------------------------------------------------------- */

/* "a–b", or "a" when both are the same. */
static void
put_range(struct page *p, uint32_t a, uint32_t b)
{
    put_u32(p, a);
    if (b != a) {
        put(p, "–");
        put_u32(p, b);
    }
}

static void
put_profile_areas(struct page *p, const struct ipt_profile *prof)
{
    const char *sep = "";

    for (int32_t a = IPT_AREA_GRIEF; ipt_area_name((enum ipt_area)a) != NULL;
         a++) {
        const char *label = ipt_profile_area_label(prof, (enum ipt_area)a);

        if (label == NULL)
            continue;
        put(p, sep);
        put_text(p, label);
        put(p, " (`");
        put(p, ipt_area_name((enum ipt_area)a));
        put(p, "`)");
        sep = "; ";
    }
}

static void
put_profile_measures(struct page *p, uint32_t mask)
{
    const char *sep = "";

    for (int32_t k = 1; k < 32; k++) {
        const char *name = ipt_measure_kind_name((enum ipt_measure_kind)k);

        if (name == NULL || (mask & IPT_MEASURE_KIND_BIT(k)) == 0)
            continue;
        put(p, sep);
        put(p, name);
        sep = ", ";
    }
    if (*sep == '\0')
        put(p, "none");
}

static void
put_cadence(struct page *p, uint32_t days)
{
    if (days == 7) {
        put(p, "weekly");
    } else if (days == 30) {
        put(p, "monthly");
    } else {
        put(p, "every ");
        put_u32(p, days);
        put(p, " days");
    }
}

/* One table row: the numbers of @p prof, phases as session ranges of its
 * planned contract. */
static int
put_profile_row(struct page *p, const struct ipt_profile *prof)
{
    struct ipt_profile_params pp;
    enum ipt_status st;
    uint32_t first_term;

    memset(&pp, 0, sizeof(pp));
    pp.size = (uint32_t)sizeof(pp);
    st = ipt_profile_get_params(prof, &pp);
    if (st != IPT_OK)
        return library_error("ipt_profile_get_params", st);
    first_term = pp.planned_sessions - pp.termination_sessions + 1;
    put(p, "| @ref profile_");
    put(p, ipt_profile_name(prof));
    put(p, " \"");
    put(p, ipt_profile_name(prof));
    put(p, "\" | ");
    put_u32(p, pp.planned_sessions);
    put(p, " (");
    put_range(p, pp.min_sessions, pp.max_sessions);
    put(p, ") | ");
    put_range(p, 1, pp.initial_last_session);
    put(p, " | ");
    put_range(p, pp.initial_last_session + 1, first_term - 1);
    put(p, " | ");
    put_range(p, first_term, pp.planned_sessions);
    put(p, " | ");
    put_u32(p, pp.ending_notice_sessions);
    put(p, " | ");
    put_cadence(p, ipt_profile_cadence_days(prof));
    put(p, " | ");
    put_u32(p, ipt_profile_pre_sessions(prof));
    put(p, " | ");
    put_u32(p, pp.max_focal_areas);
    put(p, " | ");
    put_profile_areas(p, prof);
    put(p, " | ");
    put_profile_measures(p, ipt_profile_measures(prof));
    put(p, " |\n");
    return 0;
}

static int
write_profiles(struct page *p)
{
    uint32_t n = ipt_profile_builtin_count();

    put(p, "# Protocol profiles {#profiles}\n\n"
           "The built-in protocol profiles side by side "
           "(ipt_profile_builtin(), ipt_profile_builtin_at()).  This page "
           "is generated from the library's own data by "
           "`tools/gen-catalog-docs`, so it cannot drift from the code.\n\n"
           "Sessions are those of a new course's contract, with the range "
           "it may be renegotiated within.  The phase columns give the "
           "sessions of each phase for the planned contract: the initial "
           "phase ends by session `initial_last_session`, and the last "
           "`termination_sessions` sessions form the termination phase "
           "(@ref ipt_profile_params).  *Notice* is how many sessions "
           "before the last one the ending must have been discussed.  "
           "*Pre* counts meetings held before session 1 (an engagement "
           "session, a pre-group meeting): informational, not events of a "
           "course.  Cadence and measures are informational too "
           "(ipt_profile_cadence_days(), ipt_profile_measures()).  Problem "
           "areas show each profile's own label "
           "(ipt_profile_area_label()) with the stable name.\n\n"
           "Numbers that the sources do not state, or that the project's "
           "domain reference marks unverified, are named in each "
           "profile's notes below (ipt_profile_notes()): read them before "
           "relying on a number.\n\n"
           "| Profile | Sessions (range) | Initial | Middle | Termination "
           "| Notice | Cadence | Pre | Focal areas | Problem areas "
           "| Measures |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (uint32_t i = 0; i < n; i++) {
        const struct ipt_profile *prof = NULL;
        enum ipt_status st = ipt_profile_builtin_at(i, &prof);

        if (st != IPT_OK)
            return library_error("ipt_profile_builtin_at", st);
        if (put_profile_row(p, prof) != 0)
            return -1;
    }
    put(p, "\n");
    for (uint32_t i = 0; i < n; i++) {
        const struct ipt_profile *prof = NULL;
        enum ipt_status st = ipt_profile_builtin_at(i, &prof);

        if (st != IPT_OK)
            return library_error("ipt_profile_builtin_at", st);
        put(p, "## ");
        put_text(p, ipt_profile_title(prof));
        put(p, " {#profile_");
        put(p, ipt_profile_name(prof));
        put(p, "}\n\nName: `");
        put(p, ipt_profile_name(prof));
        put(p, "`.\n\nSource: ");
        put_text(p, ipt_profile_source(prof));
        put(p, ".\n\nNotes: ");
        put_text(p, ipt_profile_notes(prof));
        put(p, "\n\n");
    }
    return 0;
}

static int
write_page(const char *dir, const char *name, int (*body)(struct page *))
{
    struct page p = { NULL, "", 0, 0 };
    int ret;

    if (page_open(&p, dir, name) != 0)
        return -1;
    ret = body(&p);
    if (page_close(&p) != 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '\0') {
        fprintf(stderr, "usage: %s OUTDIR\n"
                        "Writes techniques.md, goals.md, weights.md and "
                        "profiles.md into OUTDIR.\n",
                argc > 0 ? argv[0] : "gen-catalog-docs");
        return 2;
    }
    if (write_page(argv[1], "techniques.md", write_techniques) != 0 ||
        write_page(argv[1], "goals.md", write_goals) != 0 ||
        write_page(argv[1], "weights.md", write_weights) != 0 ||
        write_page(argv[1], "profiles.md", write_profiles) != 0)
        return 1;
    return 0;
}
