/* SPDX-License-Identifier: MIT */
/*
 * Black-box tests of the catalogue: techniques, goals and strategies, phase
 * tasks and the names of modalities and goal kinds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include <ipt/ipt.h>

#define N_TECHNIQUES 18u
#define N_TASKS 13

/* Values that no enum of the catalogue uses. */
static const int bad_values[] = { 0, -1, INT_MAX, INT_MIN };

static const struct ipt_technique_info sentinel_technique;
static const struct ipt_goal_info sentinel_goal;
static const struct ipt_task_info sentinel_task;

static int
is_snake_case(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || s[0] < 'a' || s[0] > 'z' || s[n - 1] == '_')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
        if (c == '_' && s[i + 1] == '_')
            return 0;
    }
    return 1;
}

static int
starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
assert_text(const char *s)
{
    assert_non_null(s);
    assert_true(strlen(s) > 0);
}

static const struct ipt_technique_info *
technique(enum ipt_technique t)
{
    const struct ipt_technique_info *info = NULL;

    assert_int_equal(ipt_technique_describe(t, &info), IPT_OK);
    assert_non_null(info);
    return info;
}

/* ---- techniques --------------------------------------------------------- */

static void
test_technique_count(void **state)
{
    (void)state;
    assert_int_equal(ipt_technique_count(), N_TECHNIQUES);
}

static void
test_technique_entries(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *t = NULL;
        const char *name;

        assert_int_equal(ipt_technique_at(i, &t), IPT_OK);
        assert_non_null(t);
        /* ::ipt_technique order, values 1 to 18. */
        assert_int_equal(t->technique, (int32_t)i + 1);
        assert_ptr_equal(technique((enum ipt_technique)t->technique), t);
        assert_text(t->id);
        assert_text(t->display_name);
        assert_text(t->definition);
        assert_text(t->source);
        assert_true(is_snake_case(t->id));
        name = ipt_technique_name((enum ipt_technique)t->technique);
        assert_non_null(name);
        assert_string_equal(t->id, name);
        assert_non_null(ipt_modality_name((enum ipt_modality)t->modality));
        assert_int_equal(t->reserved, 0);
        if (t->technique != IPT_TECHNIQUE_ADDRESSING_CONFLICT)
            assert_int_equal(t->components, 0);
    }
}

static void
test_technique_ids_unique(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *a = NULL;

        assert_int_equal(ipt_technique_at(i, &a), IPT_OK);
        for (uint32_t j = i + 1; j < ipt_technique_count(); j++) {
            const struct ipt_technique_info *b = NULL;

            assert_int_equal(ipt_technique_at(j, &b), IPT_OK);
            assert_string_not_equal(a->id, b->id);
            assert_string_not_equal(a->display_name, b->display_name);
        }
    }
}

static void
test_technique_ids_match_header(void **state)
{
    static const struct {
        enum ipt_technique t;
        const char *id;
    } want[] = {
        { IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION, "nondirective_exploration" },
        { IPT_TECHNIQUE_DIRECT_ELICITATION, "direct_elicitation" },
        { IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT, "encouragement_of_affect" },
        { IPT_TECHNIQUE_CLARIFICATION, "clarification" },
        { IPT_TECHNIQUE_COMMUNICATION_ANALYSIS, "communication_analysis" },
        { IPT_TECHNIQUE_DECISION_ANALYSIS, "decision_analysis" },
        { IPT_TECHNIQUE_ROLE_PLAY, "role_play" },
        { IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP, "therapeutic_relationship" },
        { IPT_TECHNIQUE_PSYCHOEDUCATION, "psychoeducation" },
        { IPT_TECHNIQUE_CONTRACT_SETTING, "contract_setting" },
        { IPT_TECHNIQUE_ADDRESSING_CONFLICT, "addressing_conflict" },
        { IPT_TECHNIQUE_SAFETY_ASSESSMENT, "safety_assessment" },
        { IPT_TECHNIQUE_GUIDED_IMAGERY, "guided_imagery" },
        { IPT_TECHNIQUE_IMAGERY_RESCRIPTING, "imagery_rescripting" },
        { IPT_TECHNIQUE_TWO_CHAIR_WORK, "two_chair_work" },
        { IPT_TECHNIQUE_BODY_ORIENTED_WORK, "body_oriented_work" },
        { IPT_TECHNIQUE_MINDFULNESS_ATTENTION_REGULATION,
          "mindfulness_attention_regulation" },
        { IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION,
          "interpersonal_schema_exploration" },
    };

    (void)state;
    assert_int_equal(sizeof(want) / sizeof(want[0]), N_TECHNIQUES);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_string_equal(ipt_technique_name(want[i].t), want[i].id);
        assert_string_equal(technique(want[i].t)->id, want[i].id);
    }
}

static void
test_technique_modalities(void **state)
{
    const uint32_t mit = IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_GUIDED_IMAGERY) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_IMAGERY_RESCRIPTING) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_TWO_CHAIR_WORK) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_BODY_ORIENTED_WORK) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_MINDFULNESS_ATTENTION_REGULATION) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION);
    uint32_t seen_mit = 0;

    (void)state;
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *t = NULL;
        int32_t want = IPT_MODALITY_IPT;

        assert_int_equal(ipt_technique_at(i, &t), IPT_OK);
        if ((IPT_TECHNIQUE_BIT(t->technique) & mit) != 0)
            want = IPT_MODALITY_MIT;
        else if (t->technique == IPT_TECHNIQUE_ROLE_PLAY)
            want = IPT_MODALITY_BOTH;
        else if (t->technique == IPT_TECHNIQUE_SAFETY_ASSESSMENT)
            want = IPT_MODALITY_GENERAL;
        assert_int_equal(t->modality, want);
        if (t->modality == IPT_MODALITY_MIT)
            seen_mit |= IPT_TECHNIQUE_BIT(t->technique);
    }
    assert_int_equal(seen_mit, mit);
}

static void
test_technique_texts(void **state)
{
    const struct ipt_technique_info *t;

    (void)state;
    t = technique(IPT_TECHNIQUE_CLARIFICATION);
    assert_non_null(
        strstr(t->definition, "clarification of interpersonal problems"));
    t = technique(IPT_TECHNIQUE_PSYCHOEDUCATION);
    assert_non_null(strstr(t->definition, "sick role"));
    t = technique(IPT_TECHNIQUE_CONTRACT_SETTING);
    assert_non_null(strstr(t->source, "unverified"));
    assert_non_null(strstr(t->source, "1984"));
    t = technique(IPT_TECHNIQUE_ADDRESSING_CONFLICT);
    assert_non_null(strstr(t->definition, "source article"));
    assert_non_null(strstr(t->definition, "clarification"));
    assert_non_null(strstr(t->definition, "communication analysis"));
    assert_non_null(strstr(t->definition, "decision analysis"));
    assert_non_null(strstr(t->definition, "role play"));
    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        assert_int_equal(ipt_technique_at(i, &t), IPT_OK);
        if (t->modality != IPT_MODALITY_MIT)
            continue;
        assert_non_null(strstr(t->definition, "different therapy"));
        assert_non_null(strstr(t->definition, "personality disorders"));
        assert_non_null(strstr(t->source, "Dimaggio"));
    }
}

static void
test_addressing_conflict_components(void **state)
{
    const uint32_t want = IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_CLARIFICATION) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_COMMUNICATION_ANALYSIS) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_DECISION_ANALYSIS) |
        IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY);
    const struct ipt_technique_info *t;

    (void)state;
    t = technique(IPT_TECHNIQUE_ADDRESSING_CONFLICT);
    assert_int_equal(t->components, want);
    assert_int_equal(t->modality, IPT_MODALITY_IPT);
}

static void
test_technique_name_round_trip(void **state)
{
    (void)state;
    for (int v = 1; v <= (int)N_TECHNIQUES; v++) {
        enum ipt_technique out = (enum ipt_technique)0;
        const char *name = ipt_technique_name((enum ipt_technique)v);

        assert_non_null(name);
        assert_int_equal(ipt_technique_from_name(name, &out), IPT_OK);
        assert_int_equal(out, v);
    }
}

static void
test_technique_name_errors(void **state)
{
    static const char *const unknown[] = {
        "", "Role_play", "role play", "role_play ", "addressing", "mit",
    };
    enum ipt_technique out = IPT_TECHNIQUE_ROLE_PLAY;

    (void)state;
    for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
        assert_null(ipt_technique_name((enum ipt_technique)bad_values[i]));
    assert_null(ipt_technique_name((enum ipt_technique)(N_TECHNIQUES + 1)));

    assert_int_equal(ipt_technique_from_name(NULL, &out),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_technique_from_name("role_play", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        assert_int_equal(ipt_technique_from_name(unknown[i], &out),
                         IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(out, IPT_TECHNIQUE_ROLE_PLAY);
}

static void
test_technique_lookup_errors(void **state)
{
    const struct ipt_technique_info *out = &sentinel_technique;

    (void)state;
    for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
        assert_int_equal(
            ipt_technique_describe((enum ipt_technique)bad_values[i], &out),
            IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(
        ipt_technique_describe((enum ipt_technique)(N_TECHNIQUES + 1), &out),
        IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_technique_describe(IPT_TECHNIQUE_ROLE_PLAY, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_technique_describe((enum ipt_technique)0, NULL),
                     IPT_ERR_INVALID_ARGUMENT);

    assert_int_equal(ipt_technique_at(N_TECHNIQUES, &out),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_technique_at(UINT32_MAX, &out),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_technique_at(0, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(out, &sentinel_technique);
}

/* ---- modality and goal-kind names --------------------------------------- */

static void
test_modality_names(void **state)
{
    static const struct {
        enum ipt_modality m;
        const char *name;
    } want[] = {
        { IPT_MODALITY_IPT, "ipt" },
        { IPT_MODALITY_MIT, "mit" },
        { IPT_MODALITY_BOTH, "both" },
        { IPT_MODALITY_GENERAL, "general" },
    };
    enum ipt_modality out = IPT_MODALITY_BOTH;

    (void)state;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        enum ipt_modality got = (enum ipt_modality)0;

        assert_string_equal(ipt_modality_name(want[i].m), want[i].name);
        assert_int_equal(ipt_modality_from_name(want[i].name, &got), IPT_OK);
        assert_int_equal(got, want[i].m);
    }
    for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
        assert_null(ipt_modality_name((enum ipt_modality)bad_values[i]));
    assert_null(ipt_modality_name((enum ipt_modality)5));
    assert_int_equal(ipt_modality_from_name(NULL, &out),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_modality_from_name("ipt", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_modality_from_name("IPT", &out),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_modality_from_name("", &out), IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(out, IPT_MODALITY_BOTH);
}

static void
test_goal_kind_names(void **state)
{
    static const struct {
        enum ipt_goal_kind k;
        const char *name;
    } want[] = {
        { IPT_GOAL_OVERALL, "overall" },
        { IPT_GOAL_AREA, "area_goal" },
        { IPT_GOAL_STRATEGY, "area_strategy" },
    };
    enum ipt_goal_kind out = IPT_GOAL_AREA;

    (void)state;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        enum ipt_goal_kind got = (enum ipt_goal_kind)0;

        assert_string_equal(ipt_goal_kind_name(want[i].k), want[i].name);
        assert_int_equal(ipt_goal_kind_from_name(want[i].name, &got), IPT_OK);
        assert_int_equal(got, want[i].k);
    }
    for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
        assert_null(ipt_goal_kind_name((enum ipt_goal_kind)bad_values[i]));
    assert_null(ipt_goal_kind_name((enum ipt_goal_kind)4));
    assert_int_equal(ipt_goal_kind_from_name(NULL, &out),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_goal_kind_from_name("overall", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_goal_kind_from_name("strategy", &out),
                     IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_goal_kind_from_name("", &out), IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(out, IPT_GOAL_AREA);
}

/* ---- goals and strategies ----------------------------------------------- */

static const struct ipt_goal_info *
goal_at(uint32_t i)
{
    const struct ipt_goal_info *g = NULL;

    assert_int_equal(ipt_goal_at(i, &g), IPT_OK);
    assert_non_null(g);
    return g;
}

/* Id prefix of each area's entries. */
static const char *
area_prefix(int32_t area)
{
    switch (area) {
    case IPT_AREA_GRIEF:
        return "grief_";
    case IPT_AREA_ROLE_DISPUTE:
        return "dispute_";
    case IPT_AREA_ROLE_TRANSITION:
        return "transition_";
    case IPT_AREA_INTERPERSONAL_DEFICITS:
        return "deficits_";
    default:
        return "overall_";
    }
}

static void
test_overall_goals(void **state)
{
    static const char *const want[] = {
        "overall_relieve_depressive_symptoms",
        "overall_improve_relationships",
        "overall_build_social_support",
        "overall_regulate_interpersonal_emotion",
    };
    uint32_t n_overall = 0;

    (void)state;
    assert_true(ipt_goal_count() > 4);
    for (uint32_t i = 0; i < 4; i++) {
        const struct ipt_goal_info *g = goal_at(i);

        assert_string_equal(g->id, want[i]);
        assert_int_equal(g->kind, IPT_GOAL_OVERALL);
        assert_int_equal(g->area, 0);
    }
    for (uint32_t i = 0; i < ipt_goal_count(); i++)
        n_overall += goal_at(i)->kind == IPT_GOAL_OVERALL;
    assert_int_equal(n_overall, 4);
}

static void
test_goal_entries(void **state)
{
    int32_t last_area = 0;
    int32_t last_kind = IPT_GOAL_OVERALL;

    (void)state;
    for (uint32_t i = 0; i < ipt_goal_count(); i++) {
        const struct ipt_goal_info *g = goal_at(i);

        assert_text(g->id);
        assert_text(g->text);
        assert_text(g->source);
        assert_true(is_snake_case(g->id));
        assert_non_null(ipt_goal_kind_name((enum ipt_goal_kind)g->kind));
        if (g->kind == IPT_GOAL_OVERALL) {
            assert_int_equal(g->area, 0);
        } else {
            assert_non_null(ipt_area_name((enum ipt_area)g->area));
        }
        assert_true(starts_with(g->id, area_prefix(g->area)));
        /* Overall goals first, then areas in order; goals before
         * strategies within an area. */
        assert_true(g->area >= last_area);
        if (g->area == last_area)
            assert_true(g->kind >= last_kind);
        last_area = g->area;
        last_kind = g->kind;
    }
}

static void
test_goal_ids_unique(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < ipt_goal_count(); i++) {
        for (uint32_t j = i + 1; j < ipt_goal_count(); j++)
            assert_string_not_equal(goal_at(i)->id, goal_at(j)->id);
    }
}

static void
test_every_area_has_goals_and_strategies(void **state)
{
    (void)state;
    for (int32_t area = IPT_AREA_GRIEF;
         area <= IPT_AREA_INTERPERSONAL_DEFICITS; area++) {
        uint32_t n_goals = 0;
        uint32_t n_strategies = 0;

        for (uint32_t i = 0; i < ipt_goal_count(); i++) {
            const struct ipt_goal_info *g = goal_at(i);

            if (g->area != area)
                continue;
            n_goals += g->kind == IPT_GOAL_AREA;
            n_strategies += g->kind == IPT_GOAL_STRATEGY;
        }
        assert_true(n_goals >= 1);
        assert_true(n_strategies >= 1);
    }
}

static void
test_dispute_stage_strategies(void **state)
{
    (void)state;
    for (int stage = IPT_DISPUTE_RENEGOTIATION;
         stage <= IPT_DISPUTE_DISSOLUTION; stage++) {
        const char *name =
            ipt_dispute_stage_name((enum ipt_dispute_stage)stage);
        char prefix[64];
        uint32_t n = 0;

        assert_non_null(name);
        assert_true(strlen("dispute_stage_") + strlen(name) + 2 <
                    sizeof(prefix));
        strcpy(prefix, "dispute_stage_");
        strcat(prefix, name);
        strcat(prefix, "_");
        for (uint32_t i = 0; i < ipt_goal_count(); i++) {
            const struct ipt_goal_info *g = goal_at(i);

            if (!starts_with(g->id, prefix))
                continue;
            assert_int_equal(g->kind, IPT_GOAL_STRATEGY);
            assert_int_equal(g->area, IPT_AREA_ROLE_DISPUTE);
            n++;
        }
        assert_int_equal(n, 1);
    }
}

static void
test_goal_find(void **state)
{
    const struct ipt_goal_info *out = &sentinel_goal;

    (void)state;
    for (uint32_t i = 0; i < ipt_goal_count(); i++) {
        const struct ipt_goal_info *g = goal_at(i);
        const struct ipt_goal_info *found = NULL;

        assert_int_equal(ipt_goal_find(g->id, &found), IPT_OK);
        assert_ptr_equal(found, g);
    }
    assert_int_equal(ipt_goal_find("grief_facilitate_mourning", &out), IPT_OK);
    assert_int_equal(out->kind, IPT_GOAL_AREA);
    assert_int_equal(out->area, IPT_AREA_GRIEF);
    assert_int_equal(ipt_goal_find("dispute_stage_impasse_reopen", &out),
                     IPT_OK);
    assert_int_equal(out->kind, IPT_GOAL_STRATEGY);
    assert_non_null(strstr(out->source, "unverified"));
}

static void
test_goal_errors(void **state)
{
    static const char *const unknown[] = {
        "", "grief", "Grief_facilitate_mourning", "grief_facilitate_mourning ",
        "no_such_goal",
    };
    const struct ipt_goal_info *out = &sentinel_goal;

    (void)state;
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        assert_int_equal(ipt_goal_find(unknown[i], &out),
                         IPT_ERR_UNKNOWN_NAME);
    assert_int_equal(ipt_goal_find(NULL, &out), IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_goal_find("grief_facilitate_mourning", NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_goal_at(ipt_goal_count(), &out),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_goal_at(UINT32_MAX, &out), IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_goal_at(0, NULL), IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(out, &sentinel_goal);
}

/* ---- tasks -------------------------------------------------------------- */

static void
test_tasks(void **state)
{
    (void)state;
    for (int v = 1; v <= N_TASKS; v++) {
        const struct ipt_task_info *t = NULL;
        enum ipt_state phase = IPT_STATE_NOT_STARTED;

        assert_int_equal(ipt_task_describe((enum ipt_task)v, &t), IPT_OK);
        assert_non_null(t);
        assert_int_equal(t->task, v);
        assert_text(t->id);
        assert_text(t->display_name);
        assert_text(t->description);
        assert_text(t->source);
        assert_string_equal(t->id, ipt_task_name((enum ipt_task)v));
        assert_int_equal(t->phase,
                         v <= 7 ? IPT_STATE_INITIAL : IPT_STATE_TERMINATION);
        assert_int_equal(ipt_task_phase((enum ipt_task)v, &phase), IPT_OK);
        assert_int_equal(t->phase, phase);
    }
}

static void
test_task_errors(void **state)
{
    const struct ipt_task_info *out = &sentinel_task;

    (void)state;
    for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
        assert_int_equal(ipt_task_describe((enum ipt_task)bad_values[i], &out),
                         IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_task_describe((enum ipt_task)(N_TASKS + 1), &out),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_task_describe(IPT_TASK_SICK_ROLE, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_task_describe((enum ipt_task)0, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_ptr_equal(out, &sentinel_task);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_technique_count),
        cmocka_unit_test(test_technique_entries),
        cmocka_unit_test(test_technique_ids_unique),
        cmocka_unit_test(test_technique_ids_match_header),
        cmocka_unit_test(test_technique_modalities),
        cmocka_unit_test(test_technique_texts),
        cmocka_unit_test(test_addressing_conflict_components),
        cmocka_unit_test(test_technique_name_round_trip),
        cmocka_unit_test(test_technique_name_errors),
        cmocka_unit_test(test_technique_lookup_errors),
        cmocka_unit_test(test_modality_names),
        cmocka_unit_test(test_goal_kind_names),
        cmocka_unit_test(test_overall_goals),
        cmocka_unit_test(test_goal_entries),
        cmocka_unit_test(test_goal_ids_unique),
        cmocka_unit_test(test_every_area_has_goals_and_strategies),
        cmocka_unit_test(test_dispute_stage_strategies),
        cmocka_unit_test(test_goal_find),
        cmocka_unit_test(test_goal_errors),
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_task_errors),
    };

    return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
