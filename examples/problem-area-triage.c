/* SPDX-License-Identifier: MIT */
/**
 * @file problem-area-triage.c
 * Suggest focal problem areas for four fictional interpersonal
 * inventories.
 *
 * Each case lists the people who matter by relationship and ratings only
 * (no names, no personal data) and the life events around the onset of
 * symptoms; ipt_triage() ranks the problem areas they point to under the
 * "standard" profile.  The cases are invented.  Triage supports the
 * therapist's formulation, which is agreed with the patient; it does not
 * diagnose.  The rules are on the @ref triage_rules "triage page".
 *
 * Usage: `problem-area-triage` (no arguments).
 *
 * Build: `cc problem-area-triage.c $(pkg-config --cflags --libs ipt-therapy)`
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <ipt/ipt.h>

#define PERSON(rel, closeness, contact, support, conflict, rec, change)    \
    { (rel), (closeness), (contact), (support), (conflict), (rec),         \
      (change), 0 }
#define EVENT(type, who, y, m, d) { (type), (who), { (y), (m), (d) }, 0 }

struct fictional_case {
    const char *title;
    const struct ipt_person *people;
    uint32_t person_count;
    const struct ipt_life_event *events;
    uint32_t event_count;
    struct ipt_date onset;
};

/* Case A: a parent died seven weeks before the low mood began. */
static const struct ipt_person people_a[] = {
    PERSON(IPT_REL_PARENT, 4, 3, 3, 1, IPT_RECIPROCITY_RECIPROCAL,
           IPT_CHANGE_ENDED),
    PERSON(IPT_REL_PARTNER, 3, 4, 3, 1, IPT_RECIPROCITY_RECIPROCAL,
           IPT_CHANGE_NONE),
    PERSON(IPT_REL_FRIEND, 3, 2, 3, 0, IPT_RECIPROCITY_RECIPROCAL,
           IPT_CHANGE_WORSE),
};
static const struct ipt_life_event events_a[] = {
    EVENT(IPT_LIFE_DEATH, 0, 2025, 2, 10),
};

/* Case B: open, repeated arguments with a partner about who does what at
 * home, beginning shortly before onset; both still try to sort it out. */
static const struct ipt_person people_b[] = {
    PERSON(IPT_REL_PARTNER, 3, 4, 1, 4, IPT_RECIPROCITY_NON_RECIPROCAL,
           IPT_CHANGE_WORSE),
    PERSON(IPT_REL_SIBLING, 3, 2, 3, 0, IPT_RECIPROCITY_RECIPROCAL,
           IPT_CHANGE_NONE),
    PERSON(IPT_REL_COWORKER, 2, 4, 2, 1, IPT_RECIPROCITY_RECIPROCAL,
           IPT_CHANGE_NONE),
};
static const struct ipt_life_event events_b[] = {
    EVENT(IPT_LIFE_DISPUTE_START, 0, 2025, 1, 20),
};

/* Case C: long-standing isolation, no recent loss, dispute or change. */
static const struct ipt_person people_c[] = {
    PERSON(IPT_REL_PARENT, 2, 1, 1, 1, IPT_RECIPROCITY_RECIPROCAL,
           IPT_CHANGE_NONE),
    PERSON(IPT_REL_COWORKER, 1, 3, 1, 0, IPT_RECIPROCITY_RECIPROCAL,
           IPT_CHANGE_NONE),
};

/* Case D: the first session; two people named, but how the relationships
 * have changed and whether expectations match is not yet explored. */
static const struct ipt_person people_d[] = {
    PERSON(IPT_REL_PARTNER, 3, 4, 2, 2, IPT_RECIPROCITY_UNKNOWN,
           IPT_CHANGE_UNKNOWN),
    PERSON(IPT_REL_FRIEND, 2, 1, 2, 0, IPT_RECIPROCITY_UNKNOWN,
           IPT_CHANGE_UNKNOWN),
};

static const struct fictional_case cases[] = {
    { "Case A (fictional): bereavement", people_a, 3, events_a, 1,
      { 2025, 4, 1 } },
    { "Case B (fictional): dispute with partner", people_b, 3, events_b, 1,
      { 2025, 3, 3 } },
    { "Case C (fictional): few close relationships, nothing recent",
      people_c, 2, NULL, 0, { 2025, 5, 12 } },
    { "Case D (fictional): inventory only begun", people_d, 2, NULL, 0,
      { 2025, 6, 2 } },
};

static void
print_candidate(const struct ipt_triage_candidate *c, uint32_t rank)
{
    printf("  %" PRIu32 ". %s, score %" PRIu32 "\n", rank,
           ipt_area_name((enum ipt_area)c->area), c->score);
    for (int r = IPT_TRIAGE_DEATH_NEAR_ONSET; r <= IPT_TRIAGE_NOT_ALLOWED;
         r++) {
        if ((c->reasons & (UINT32_C(1) << (unsigned)r)) != 0)
            printf("     - %s\n",
                   ipt_triage_reason_text((enum ipt_triage_reason)r));
    }
    if (c->suggested_stage != 0)
        printf("     suggested dispute stage: %s\n",
               ipt_dispute_stage_name(
                   (enum ipt_dispute_stage)c->suggested_stage));
}

static int
run_case(const struct ipt_profile *profile, const struct fictional_case *fc)
{
    struct ipt_inventory inv;
    struct ipt_triage_result result;
    enum ipt_status st;

    memset(&inv, 0, sizeof(inv));
    inv.size = (uint32_t)sizeof(inv);
    inv.person_count = fc->person_count;
    inv.people = fc->people;
    inv.event_count = fc->event_count;
    inv.events = fc->events;
    inv.onset = fc->onset;
    memset(&result, 0, sizeof(result));
    result.size = (uint32_t)sizeof(result);

    printf("%s\n", fc->title);
    st = ipt_triage(profile, &inv, &result);
    if (st != IPT_OK) {
        fprintf(stderr, "  triage failed: %s: %s\n", ipt_status_name(st),
                result.message);
        return -1;
    }
    printf("  verdict: %s\n",
           ipt_triage_verdict_name((enum ipt_triage_verdict)result.verdict));
    for (uint32_t i = 0; i < result.count; i++)
        print_candidate(&result.candidates[i], i + 1);
    printf("  summary: %s\n\n", result.message);
    return 0;
}

/* The program takes no arguments: -1 when given any.  Prints nothing. */
static int
parse_args(int argc, char **argv)
{
    (void)argv;
    return argc > 1 ? -1 : 0;
}

int
main(int argc, char **argv)
{
    const struct ipt_profile *profile = NULL;
    int rc = 0;

    if (parse_args(argc, argv) != 0) {
        fprintf(stderr,
                "usage: %s\n"
                "Runs four fictional inventories through problem-area "
                "triage.\n",
                argv[0]);
        return 2;
    }
    if (ipt_profile_builtin("standard", &profile) != IPT_OK) {
        fprintf(stderr, "the \"standard\" profile is missing\n");
        return 1;
    }
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        rc |= run_case(profile, &cases[i]);
    printf("These suggestions support, not replace, the therapist's "
           "formulation, which is agreed with the patient.\n");
    return rc == 0 ? 0 : 1;
}
