/* SPDX-License-Identifier: MIT */
/*
 * The clinical catalogue: techniques, goals, strategies and phase tasks.
 *
 * Everything here is static const data.  The texts are libipt's own short
 * summaries; each entry names the published source it summarises.  Where an
 * entry relies on a fact that libipt's reference notes could not check
 * against an accessible source, its source text says "unverified".
 *
 * Techniques and tasks are indexed by their enum value minus one, so that
 * a lookup is a range check and an array access; the designated
 * initialisers keep each row at its enum's place.
 */
#include <string.h>

#include "internal.h"

/* ---- sources ------------------------------------------------------------ */

#define SRC_GUIDE_2018                                                      \
    "Weissman, Markowitz & Klerman, The Guide to Interpersonal "            \
    "Psychotherapy, 2018"
#define SRC_GUIDE_2018_CH10 SRC_GUIDE_2018 ", ch. 10"
#define SRC_GUIDE_2000                                                      \
    "Weissman, Markowitz & Klerman, Comprehensive Guide to Interpersonal "  \
    "Psychotherapy, 2000"
#define SRC_KLERMAN_1984                                                    \
    "Klerman, Weissman, Rounsaville & Chevron, Interpersonal "              \
    "Psychotherapy of Depression, 1984"
#define SRC_STUART_2012                                                     \
    "Stuart & Robertson, Interpersonal Psychotherapy: A Clinician's "       \
    "Guide, 2nd ed., 2012"
#define SRC_ISIPT                                                           \
    "International Society of Interpersonal Psychotherapy, Key IPT "       \
    "strategies"
#define SRC_MARKOWITZ_PTSD                                                  \
    "Markowitz, Interpersonal Psychotherapy for Posttraumatic Stress "      \
    "Disorder, 2016"
#define SRC_MIT_2015                                                        \
    "Dimaggio, Montano, Popolo & Salvatore, Metacognitive Interpersonal "   \
    "Therapy for Personality Disorders, 2015"
#define SRC_MIT_2020                                                        \
    "Dimaggio, Ottavi, Popolo & Salvatore, Metacognitive Interpersonal "    \
    "Therapy: Body, Imagery and Change, 2020"
#define SRC_OVERALL                                                         \
    "IPT goals as summarised in libipt's source article; see Weissman, "    \
    "Markowitz & Klerman 2018"

/* Every MIT definition ends with this reminder. */
#define MIT_NOTE                                                            \
    " MIT is a different therapy from IPT, developed for personality "      \
    "disorders."

/* ---- techniques --------------------------------------------------------- */

#define TECHNIQUE_FIRST IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION
#define TECHNIQUE_LAST IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION

#define ROW(t) [(t) - TECHNIQUE_FIRST]

static const struct ipt_technique_info techniques[] = {
    ROW(IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION) = {
        .technique = IPT_TECHNIQUE_NONDIRECTIVE_EXPLORATION,
        .modality = IPT_MODALITY_IPT,
        .id = "nondirective_exploration",
        .display_name = "Nondirective exploration",
        .definition =
            "The therapist asks open questions and listens supportively, "
            "letting the patient bring up material in their own order. It "
            "opens a new topic and each session's review of the week.",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_KLERMAN_1984
                  " (exploratory techniques)",
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_DIRECT_ELICITATION) = {
        .technique = IPT_TECHNIQUE_DIRECT_ELICITATION,
        .modality = IPT_MODALITY_IPT,
        .id = "direct_elicitation",
        .display_name = "Direct elicitation of material",
        .definition =
            "The therapist asks focused questions to obtain specific "
            "information, such as symptoms, history or the people in the "
            "interpersonal inventory.",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_KLERMAN_1984
                  " (exploratory techniques)",
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT) = {
        .technique = IPT_TECHNIQUE_ENCOURAGEMENT_OF_AFFECT,
        .modality = IPT_MODALITY_IPT,
        .id = "encouragement_of_affect",
        .display_name = "Encouragement of affect",
        .definition =
            "The therapist helps the patient notice, bear and put into "
            "words painful or held-back feelings, and then use them as "
            "information about relationships.",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_KLERMAN_1984,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_CLARIFICATION) = {
        .technique = IPT_TECHNIQUE_CLARIFICATION,
        .modality = IPT_MODALITY_IPT,
        .id = "clarification",
        .display_name = "Clarification",
        .definition =
            "The therapist restates what the patient has said and points "
            "out gaps, contradictions or unspoken assumptions, so that the "
            "interpersonal problem becomes clear to the patient. It covers "
            "what libipt's source article calls \"clarification of "
            "interpersonal problems\".",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_KLERMAN_1984,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_COMMUNICATION_ANALYSIS) = {
        .technique = IPT_TECHNIQUE_COMMUNICATION_ANALYSIS,
        .modality = IPT_MODALITY_IPT,
        .id = "communication_analysis",
        .display_name = "Communication analysis",
        .definition =
            "Patient and therapist go through a recent, emotionally charged "
            "conversation step by step: what each person said, what the "
            "patient felt at each point, and what was meant compared with "
            "what was heard. The aim is to find where communication failed "
            "and how it could work better.",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_KLERMAN_1984,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_DECISION_ANALYSIS) = {
        .technique = IPT_TECHNIQUE_DECISION_ANALYSIS,
        .modality = IPT_MODALITY_IPT,
        .id = "decision_analysis",
        .display_name = "Decision analysis",
        .definition =
            "The patient lists possible ways of dealing with an "
            "interpersonal problem, weighs what each would bring, and picks "
            "one to try before the next session (also called exploring "
            "options).",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_KLERMAN_1984
                  " (behaviour-change techniques)",
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_ROLE_PLAY) = {
        .technique = IPT_TECHNIQUE_ROLE_PLAY,
        .modality = IPT_MODALITY_BOTH,
        .id = "role_play",
        .display_name = "Role play",
        .definition =
            "Patient and therapist act out a conversation: in IPT, to "
            "rehearse a new way of speaking with someone before trying it "
            "for real; in MIT, as one of the drama techniques that bring a "
            "remembered episode into the session.",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_MIT_2020,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP) = {
        .technique = IPT_TECHNIQUE_THERAPEUTIC_RELATIONSHIP,
        .modality = IPT_MODALITY_IPT,
        .id = "therapeutic_relationship",
        .display_name = "Use of the therapeutic relationship",
        .definition =
            "The therapist draws on how the patient relates to the "
            "therapist, which may mirror the patient's other relationships, "
            "to give feedback on how the patient comes across and to model "
            "a different way of relating.",
        .source = SRC_GUIDE_2018_CH10 "; " SRC_KLERMAN_1984,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_PSYCHOEDUCATION) = {
        .technique = IPT_TECHNIQUE_PSYCHOEDUCATION,
        .modality = IPT_MODALITY_IPT,
        .id = "psychoeducation",
        .display_name = "Psychoeducation",
        .definition =
            "The therapist explains depression as a common, treatable "
            "illness, how it relates to what happens between people, how "
            "it usually runs and what treatments exist. It includes giving "
            "the limited sick role: some duties are set aside for now, in "
            "exchange for working at getting better.",
        .source = SRC_GUIDE_2000 " (initial phase); Parsons, The Social "
                  "System, 1951 (sick role)",
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_CONTRACT_SETTING) = {
        .technique = IPT_TECHNIQUE_CONTRACT_SETTING,
        .modality = IPT_MODALITY_IPT,
        .id = "contract_setting",
        .display_name = "Contract setting",
        .definition =
            "Therapist and patient agree on the focus, the number, "
            "frequency and length of sessions, the time limit and each "
            "one's role; the contract is negotiated again for continuation "
            "or maintenance.",
        .source = SRC_GUIDE_2000 "; " SRC_STUART_2012 "; its grouping among "
                  "the 'adjunctive techniques' of " SRC_KLERMAN_1984
                  " is unverified",
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_ADDRESSING_CONFLICT) = {
        .technique = IPT_TECHNIQUE_ADDRESSING_CONFLICT,
        .modality = IPT_MODALITY_IPT,
        .id = "addressing_conflict",
        .display_name = "Addressing conflict",
        .definition =
            "The name libipt's source article gives to the work on a role "
            "dispute. The manuals do not list it as a technique of its own: "
            "it is built from clarification, communication analysis, "
            "decision analysis and role play.",
        .source = "libipt's source article; " SRC_GUIDE_2018_CH10
                  " (the component techniques)",
        .components = IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_CLARIFICATION) |
                      IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_COMMUNICATION_ANALYSIS) |
                      IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_DECISION_ANALYSIS) |
                      IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_ROLE_PLAY),
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_SAFETY_ASSESSMENT) = {
        .technique = IPT_TECHNIQUE_SAFETY_ASSESSMENT,
        .modality = IPT_MODALITY_GENERAL,
        .id = "safety_assessment",
        .display_name = "Safety assessment",
        .definition =
            "The therapist asks about thoughts of death or self-harm, "
            "plans, intent and access to means, and acts on the answers. "
            "It belongs to every clinical practice rather than to IPT or "
            "MIT; any positive answer to item 9 of the PHQ-9 calls for it.",
        .source = "General clinical practice; Kroenke, Spitzer & Williams, "
                  "The PHQ-9, J Gen Intern Med, 2001 (item 9)",
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_GUIDED_IMAGERY) = {
        .technique = IPT_TECHNIQUE_GUIDED_IMAGERY,
        .modality = IPT_MODALITY_MIT,
        .id = "guided_imagery",
        .display_name = "Guided imagery",
        .definition =
            "The patient goes back into a specific remembered episode and "
            "describes it in the present tense, with eyes closed after an "
            "induction or informally with eyes open, to reach the feelings "
            "and thoughts it held." MIT_NOTE,
        .source = SRC_MIT_2020,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_IMAGERY_RESCRIPTING) = {
        .technique = IPT_TECHNIQUE_IMAGERY_RESCRIPTING,
        .modality = IPT_MODALITY_MIT,
        .id = "imagery_rescripting",
        .display_name = "Imagery rescripting",
        .definition =
            "Starting from an imagined painful episode, the patient changes "
            "how it unfolds so that unmet needs are answered and a kinder "
            "view of self and others can be felt." MIT_NOTE,
        .source = SRC_MIT_2020,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_TWO_CHAIR_WORK) = {
        .technique = IPT_TECHNIQUE_TWO_CHAIR_WORK,
        .modality = IPT_MODALITY_MIT,
        .id = "two_chair_work",
        .display_name = "Two-chair work",
        .definition =
            "A drama technique: the patient moves between two chairs to "
            "give voice to two sides, such as a harsh and a hurt part of "
            "the self, or self and another person, and so gains distance "
            "from a rigid pattern." MIT_NOTE,
        .source = SRC_MIT_2020,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_BODY_ORIENTED_WORK) = {
        .technique = IPT_TECHNIQUE_BODY_ORIENTED_WORK,
        .modality = IPT_MODALITY_MIT,
        .id = "body_oriented_work",
        .display_name = "Body-oriented work",
        .definition =
            "Work with posture, breathing and bodily sensation, for example "
            "a body scan, used when talking alone does not reach the "
            "patient's inner states." MIT_NOTE,
        .source = SRC_MIT_2020,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_MINDFULNESS_ATTENTION_REGULATION) = {
        .technique = IPT_TECHNIQUE_MINDFULNESS_ATTENTION_REGULATION,
        .modality = IPT_MODALITY_MIT,
        .id = "mindfulness_attention_regulation",
        .display_name = "Mindfulness and attention regulation",
        .definition =
            "Exercises that move attention away from rumination and worry, "
            "including mindfulness practice and interpersonal mindfulness "
            "exercises." MIT_NOTE,
        .source = SRC_MIT_2020,
        .components = 0,
        .reserved = 0,
    },
    ROW(IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION) = {
        .technique = IPT_TECHNIQUE_INTERPERSONAL_SCHEMA_EXPLORATION,
        .modality = IPT_MODALITY_MIT,
        .id = "interpersonal_schema_exploration",
        .display_name = "Interpersonal schema exploration",
        .definition =
            "From detailed accounts of specific episodes, patient and "
            "therapist trace the mental states involved and the recurring "
            "pattern of what the patient wants, how others are expected to "
            "respond and how the patient then reacts, so that the patient "
            "can step back from that pattern." MIT_NOTE,
        .source = SRC_MIT_2015 "; " SRC_MIT_2020
                  "; the three-part schema formula is unverified",
        .components = 0,
        .reserved = 0,
    },
};

#undef ROW

_Static_assert(IPT__ARRAY_SIZE(techniques) ==
                   TECHNIQUE_LAST - TECHNIQUE_FIRST + 1,
               "one catalogue entry per technique");

/* Entry of a technique, or NULL if it is unknown. */
static const struct ipt_technique_info *
technique_entry(enum ipt_technique technique)
{
    int32_t v = (int32_t)technique;

    if (v < TECHNIQUE_FIRST || v > TECHNIQUE_LAST)
        return NULL;
    return &techniques[v - TECHNIQUE_FIRST];
}

/* ---- goals and strategies ----------------------------------------------- */

#define OVERALL(id_, text_)                                                 \
    { .id = (id_), .kind = IPT_GOAL_OVERALL, .area = 0, .text = (text_),    \
      .source = SRC_OVERALL }
#define GOAL(area_, id_, text_, source_)                                    \
    { .id = (id_), .kind = IPT_GOAL_AREA, .area = (area_), .text = (text_), \
      .source = (source_) }
#define STRATEGY(area_, id_, text_, source_)                                \
    { .id = (id_), .kind = IPT_GOAL_STRATEGY, .area = (area_),              \
      .text = (text_), .source = (source_) }

#define SRC_GRIEF SRC_GUIDE_2018 " (grief chapter); " SRC_ISIPT
#define SRC_DISPUTE SRC_GUIDE_2018 " (role disputes chapter); " SRC_ISIPT
#define SRC_DISPUTE_TECHNIQUES                                              \
    SRC_GUIDE_2018 " (role disputes chapter; ch. 10)"
#define SRC_TRANSITION SRC_GUIDE_2000 "; " SRC_ISIPT
#define SRC_DEFICITS SRC_GUIDE_2018 " (interpersonal deficits chapter); "  \
    SRC_ISIPT

static const struct ipt_goal_info goals[] = {
    OVERALL("overall_relieve_depressive_symptoms",
            "Relieve the patient's depressive symptoms."),
    OVERALL("overall_improve_relationships",
            "Improve the patient's relationships with others and the way "
            "the patient communicates in them."),
    OVERALL("overall_build_social_support",
            "Help the patient build up social support."),
    OVERALL("overall_regulate_interpersonal_emotion",
            "Help the patient regulate emotions during interactions with "
            "other people."),

    /* Grief. */
    GOAL(IPT_AREA_GRIEF, "grief_facilitate_mourning",
         "Help the patient mourn the person who died.", SRC_GRIEF),
    GOAL(IPT_AREA_GRIEF, "grief_reestablish_interests",
         "Help the patient take up interests and relationships again that "
         "can make up, in part, for what was lost.",
         SRC_GRIEF),
    STRATEGY(IPT_AREA_GRIEF, "grief_review_relationship",
             "Go over the relationship with the person who died, its good "
             "sides as well as its bad ones.",
             SRC_GRIEF),
    STRATEGY(IPT_AREA_GRIEF, "grief_review_events_of_death",
             "Go over what happened before, around and after the death.",
             SRC_GRIEF),
    STRATEGY(IPT_AREA_GRIEF, "grief_elicit_avoided_affect",
             "Bring out feelings about the loss that the patient has been "
             "avoiding.",
             SRC_GRIEF),
    STRATEGY(IPT_AREA_GRIEF, "grief_find_new_direction",
             "Help the patient find new purpose, activities and people to "
             "turn to.",
             SRC_GRIEF "; " SRC_MARKOWITZ_PTSD),

    /* Role dispute. */
    GOAL(IPT_AREA_ROLE_DISPUTE, "dispute_identify",
         "Name the dispute: who disagrees with whom, and about which "
         "expectations.",
         SRC_DISPUTE),
    GOAL(IPT_AREA_ROLE_DISPUTE, "dispute_choose_plan",
         "Choose a plan of action for the dispute.", SRC_DISPUTE),
    GOAL(IPT_AREA_ROLE_DISPUTE, "dispute_resolve",
         "Change expectations, faulty communication or both, so that the "
         "dispute is resolved or at least handled better.",
         SRC_DISPUTE),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_determine_stage",
             "Work out the stage the dispute has reached: renegotiation, "
             "impasse or dissolution.",
             SRC_DISPUTE),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_analyse_communication",
             "Analyse recent exchanges between the two parties with "
             "communication analysis.",
             SRC_DISPUTE_TECHNIQUES),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_explore_options",
             "Weigh the patient's options with decision analysis.",
             SRC_DISPUTE_TECHNIQUES),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_rehearse",
             "Rehearse new ways of raising the disagreement through role "
             "play.",
             SRC_DISPUTE_TECHNIQUES),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_relationship_feedback",
             "Use the therapeutic relationship to show the patient how they "
             "come across.",
             SRC_DISPUTE_TECHNIQUES),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_stage_renegotiation_negotiate",
             "Renegotiation stage: help the patient negotiate more "
             "effectively, calming the conflict and making it clearer.",
             SRC_DISPUTE),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_stage_impasse_reopen",
             "Impasse stage: bring the silent disagreement back into the "
             "open so that renegotiation can start again.",
             SRC_DISPUTE "; the wording of this stage is unverified"),
    STRATEGY(IPT_AREA_ROLE_DISPUTE, "dispute_stage_dissolution_mourn",
             "Dissolution stage: help the patient end the relationship and "
             "mourn it, and treat what follows as a role transition.",
             SRC_DISPUTE "; the wording of this stage is unverified"),

    /* Role transition. */
    GOAL(IPT_AREA_ROLE_TRANSITION, "transition_mourn_old_role",
         "Help the patient mourn the old role and accept that it is gone.",
         SRC_TRANSITION),
    GOAL(IPT_AREA_ROLE_TRANSITION, "transition_view_new_role",
         "Help the patient see the new role in a more positive and more "
         "realistic light.",
         SRC_TRANSITION),
    GOAL(IPT_AREA_ROLE_TRANSITION, "transition_restore_self_esteem",
         "Restore self-esteem as the patient learns to master what the new "
         "role demands.",
         SRC_TRANSITION),
    STRATEGY(IPT_AREA_ROLE_TRANSITION, "transition_explore_loss",
             "Explore the patient's feelings about what the change took "
             "away.",
             SRC_TRANSITION),
    STRATEGY(IPT_AREA_ROLE_TRANSITION, "transition_balanced_review",
             "Review the old and the new role evenly, the good and the bad "
             "in each.",
             SRC_TRANSITION),
    STRATEGY(IPT_AREA_ROLE_TRANSITION, "transition_build_skills",
             "Identify the skills the new role calls for and help the "
             "patient acquire them.",
             SRC_TRANSITION),
    STRATEGY(IPT_AREA_ROLE_TRANSITION, "transition_build_supports",
             "Help the patient find people who can support them in the new "
             "role.",
             SRC_TRANSITION),

    /* Interpersonal deficits. */
    GOAL(IPT_AREA_INTERPERSONAL_DEFICITS, "deficits_reduce_isolation",
         "Reduce the patient's social isolation.", SRC_DEFICITS),
    GOAL(IPT_AREA_INTERPERSONAL_DEFICITS, "deficits_strengthen_relationships",
         "Encourage new relationships and strengthen the ones that "
         "already exist.",
         SRC_DEFICITS),
    STRATEGY(IPT_AREA_INTERPERSONAL_DEFICITS,
             "deficits_review_past_relationships",
             "Look through important past relationships for patterns that "
             "repeat.",
             SRC_DEFICITS),
    STRATEGY(IPT_AREA_INTERPERSONAL_DEFICITS,
             "deficits_use_therapeutic_relationship",
             "Use the relationship with the therapist as a model and a safe "
             "place to practise relating.",
             SRC_DEFICITS),
    STRATEGY(IPT_AREA_INTERPERSONAL_DEFICITS, "deficits_role_play",
             "Rehearse social situations through role play.", SRC_DEFICITS),
    STRATEGY(IPT_AREA_INTERPERSONAL_DEFICITS,
             "deficits_analyse_communication",
             "Analyse the patient's recent conversations with communication "
             "analysis.",
             SRC_DEFICITS),
};

#undef OVERALL
#undef GOAL
#undef STRATEGY

/* ---- phase tasks -------------------------------------------------------- */

#define TASK_FIRST IPT_TASK_HISTORY_AND_DIAGNOSIS
#define TASK_LAST IPT_TASK_PLAN_CONTINUATION

#define TASK(t, phase_, id_, name_, description_, source_)                  \
    [(t) - TASK_FIRST] = { .task = (t), .phase = (phase_), .id = (id_),     \
                           .display_name = (name_),                         \
                           .description = (description_),                   \
                           .source = (source_) }
#define INITIAL IPT_STATE_INITIAL
#define TERMINATION IPT_STATE_TERMINATION
#define SRC_ENDING SRC_GUIDE_2000 ", ch. 7"

static const struct ipt_task_info tasks[] = {
    TASK(IPT_TASK_HISTORY_AND_DIAGNOSIS, INITIAL, "history_and_diagnosis",
         "Psychiatric history and diagnosis",
         "Take the psychiatric history and check the symptoms against "
         "diagnostic criteria, often rating severity on a scale such as "
         "the HAM-D, so that the depression can be named as a medical "
         "illness.",
         SRC_GUIDE_2000 " (initial phase)"),
    TASK(IPT_TASK_PSYCHOEDUCATION, INITIAL, "psychoeducation",
         "Psychoeducation",
         "Explain the depressive syndrome, how it connects with the "
         "patient's relationships and how it usually runs, and weigh "
         "whether medication is needed.",
         SRC_GUIDE_2000 " (initial phase)"),
    TASK(IPT_TASK_SICK_ROLE, INITIAL, "sick_role", "Limited sick role",
         "Excuse the patient, for now, from obligations that depression "
         "makes unmanageable, while the patient takes on the duty of "
         "working to recover.",
         SRC_GUIDE_2000 " (initial phase); Parsons, The Social System, "
         "1951"),
    TASK(IPT_TASK_INTERPERSONAL_INVENTORY, INITIAL, "interpersonal_inventory",
         "Interpersonal inventory",
         "Review the patient's important relationships, current and past: "
         "support and confiding, what each side expects, how they "
         "communicate, and what changed around the time symptoms began.",
         SRC_GUIDE_2000 " (initial phase); " SRC_ISIPT),
    TASK(IPT_TASK_PROBLEM_AREA, INITIAL, "problem_area",
         "Problem area identification",
         "Link the onset or persistence of symptoms to grief, a role "
         "dispute, a role transition or, when none of these applies, "
         "interpersonal deficits; usually one area is chosen, at most two.",
         SRC_ISIPT "; " SRC_GUIDE_2018 " (role disputes chapter)"),
    TASK(IPT_TASK_INTERPERSONAL_FORMULATION, INITIAL,
         "interpersonal_formulation", "Interpersonal formulation",
         "Tell the patient how the depression connects with the chosen "
         "problem area and obtain the patient's explicit agreement.",
         "Markowitz & Swartz, Case formulation in interpersonal "
         "psychotherapy of depression, 1997"),
    TASK(IPT_TASK_TREATMENT_CONTRACT, INITIAL, "treatment_contract",
         "Treatment contract",
         "Agree together on the focus, the number, frequency and length of "
         "sessions, the time limit and the roles of patient and therapist.",
         SRC_GUIDE_2000 "; " SRC_STUART_2012),
    TASK(IPT_TASK_DISCUSS_ENDING, TERMINATION, "discuss_ending",
         "Discussing the ending",
         "Raise the end of treatment openly, at least two to four sessions "
         "ahead, and make room for the feelings it brings; the ending can "
         "be framed as a role transition or a graduation.",
         SRC_ENDING),
    TASK(IPT_TASK_INDEPENDENT_COMPETENCE, TERMINATION,
         "independent_competence", "Fostering independent competence",
         "Ask the patient why they feel better, so that they credit their "
         "own efforts and the interpersonal skills they have learned.",
         SRC_ENDING "; " SRC_MARKOWITZ_PTSD),
    TASK(IPT_TASK_REVIEW_GAINS, TERMINATION, "review_gains",
         "Reviewing gains",
         "Look back at what has improved, consolidate it and name the goals "
         "that remain.",
         SRC_ENDING),
    TASK(IPT_TASK_RELAPSE_PREVENTION, TERMINATION, "relapse_prevention",
         "Relapse prevention",
         "Identify early warning signs, agree a plan for when they appear "
         "and say when the patient should come back.",
         SRC_ENDING),
    TASK(IPT_TASK_ADDRESS_NONRESPONSE, TERMINATION, "address_nonresponse",
         "Addressing non-response",
         "If the patient has not improved, present this as the treatment "
         "failing rather than the patient, acknowledge any partial gains "
         "and offer another effective treatment.",
         SRC_MARKOWITZ_PTSD "; " SRC_GUIDE_2000),
    TASK(IPT_TASK_PLAN_CONTINUATION, TERMINATION, "plan_continuation",
         "Planning continuation or maintenance",
         "Discuss further treatment: a continuation contract if the "
         "patient has partly improved, or maintenance sessions if the "
         "patient has recovered but the risk of relapse is high.",
         SRC_MARKOWITZ_PTSD "; " SRC_STUART_2012
         "; Frank 1991 (maintenance IPT)"),
};

#undef TASK
#undef INITIAL
#undef TERMINATION

_Static_assert(IPT__ARRAY_SIZE(tasks) == TASK_LAST - TASK_FIRST + 1,
               "one catalogue entry per task");

/* ---- names -------------------------------------------------------------- */


static const struct ipt__name modality_names[] = {
    { IPT_MODALITY_IPT, "ipt" },
    { IPT_MODALITY_MIT, "mit" },
    { IPT_MODALITY_BOTH, "both" },
    { IPT_MODALITY_GENERAL, "general" },
};
IPT__NAME_FUNCTIONS(ipt_modality, enum ipt_modality, modality_names)

static const struct ipt__name goal_kind_names[] = {
    { IPT_GOAL_OVERALL, "overall" },
    { IPT_GOAL_AREA, "area_goal" },
    { IPT_GOAL_STRATEGY, "area_strategy" },
};
IPT__NAME_FUNCTIONS(ipt_goal_kind, enum ipt_goal_kind, goal_kind_names)

/*
 * A technique's name is the id of its catalogue entry, so that the two can
 * never disagree.
 */
const char *
ipt_technique_name(enum ipt_technique technique)
{
    const struct ipt_technique_info *t = technique_entry(technique);

    return t != NULL ? t->id : NULL;
}

enum ipt_status
ipt_technique_from_name(const char *name, enum ipt_technique *out)
{
    if (name == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < IPT__ARRAY_SIZE(techniques); i++) {
        if (strcmp(techniques[i].id, name) == 0) {
            *out = (enum ipt_technique)techniques[i].technique;
            return IPT_OK;
        }
    }
    return IPT_ERR_UNKNOWN_NAME;
}

/* ---- lookups ------------------------------------------------------------ */

enum ipt_status
ipt_technique_describe(enum ipt_technique technique,
                       const struct ipt_technique_info **out)
{
    const struct ipt_technique_info *t;

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    t = technique_entry(technique);
    if (t == NULL)
        return IPT_ERR_OUT_OF_RANGE;
    *out = t;
    return IPT_OK;
}

uint32_t
ipt_technique_count(void)
{
    return (uint32_t)IPT__ARRAY_SIZE(techniques);
}

enum ipt_status
ipt_technique_at(uint32_t index, const struct ipt_technique_info **out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (index >= IPT__ARRAY_SIZE(techniques))
        return IPT_ERR_OUT_OF_RANGE;
    *out = &techniques[index];
    return IPT_OK;
}

uint32_t
ipt_goal_count(void)
{
    return (uint32_t)IPT__ARRAY_SIZE(goals);
}

enum ipt_status
ipt_goal_at(uint32_t index, const struct ipt_goal_info **out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (index >= IPT__ARRAY_SIZE(goals))
        return IPT_ERR_OUT_OF_RANGE;
    *out = &goals[index];
    return IPT_OK;
}

enum ipt_status
ipt_goal_find(const char *id, const struct ipt_goal_info **out)
{
    if (id == NULL || out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < IPT__ARRAY_SIZE(goals); i++) {
        if (strcmp(goals[i].id, id) == 0) {
            *out = &goals[i];
            return IPT_OK;
        }
    }
    return IPT_ERR_UNKNOWN_NAME;
}

enum ipt_status
ipt_task_describe(enum ipt_task task, const struct ipt_task_info **out)
{
    int32_t v = (int32_t)task;

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (v < TASK_FIRST || v > TASK_LAST)
        return IPT_ERR_OUT_OF_RANGE;
    *out = &tasks[v - TASK_FIRST];
    return IPT_OK;
}
