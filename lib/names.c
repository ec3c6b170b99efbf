/* SPDX-License-Identifier: MIT */
/*
 * Stable names of every public enum.  These strings appear in files,
 * command lines and language bindings: never change one, only add.
 */
#include <string.h>

#include "internal.h"

const char *
ipt__name_of(const struct ipt__name *table, size_t n, int32_t value)
{
    for (size_t i = 0; i < n; i++) {
        if (table[i].value == value)
            return table[i].name;
    }
    return NULL;
}

enum ipt_status
ipt__value_of(const struct ipt__name *table, size_t n, const char *name,
              int32_t *out)
{
    /* Every caller passes its own variable as @p out. */
    if (name == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(table[i].name, name) == 0) {
            *out = table[i].value;
            return IPT_OK;
        }
    }
    return IPT_ERR_UNKNOWN_NAME;
}


static const struct ipt__name state_names[] = {
    { IPT_STATE_NOT_STARTED, "not_started" },
    { IPT_STATE_INITIAL, "initial" },
    { IPT_STATE_MIDDLE, "middle" },
    { IPT_STATE_TERMINATION, "termination" },
    { IPT_STATE_COMPLETED, "completed" },
    { IPT_STATE_DISCONTINUED, "discontinued" },
    { IPT_STATE_REFERRED, "referred" },
    { IPT_STATE_MAINTENANCE, "maintenance" },
};
IPT__NAME_FUNCTIONS(ipt_state, enum ipt_state, state_names)

static const struct ipt__name area_names[] = {
    { IPT_AREA_GRIEF, "grief" },
    { IPT_AREA_ROLE_DISPUTE, "role_dispute" },
    { IPT_AREA_ROLE_TRANSITION, "role_transition" },
    { IPT_AREA_INTERPERSONAL_DEFICITS, "interpersonal_deficits" },
    { IPT_AREA_LOST_HEALTHY_SELF, "lost_healthy_self" },
};
IPT__NAME_FUNCTIONS(ipt_area, enum ipt_area, area_names)

static const struct ipt__name dispute_stage_names[] = {
    { IPT_DISPUTE_RENEGOTIATION, "renegotiation" },
    { IPT_DISPUTE_IMPASSE, "impasse" },
    { IPT_DISPUTE_DISSOLUTION, "dissolution" },
};
IPT__NAME_FUNCTIONS(ipt_dispute_stage, enum ipt_dispute_stage,
                    dispute_stage_names)

static const struct ipt__name task_names[] = {
    { IPT_TASK_HISTORY_AND_DIAGNOSIS, "history_and_diagnosis" },
    { IPT_TASK_PSYCHOEDUCATION, "psychoeducation" },
    { IPT_TASK_SICK_ROLE, "sick_role" },
    { IPT_TASK_INTERPERSONAL_INVENTORY, "interpersonal_inventory" },
    { IPT_TASK_PROBLEM_AREA, "problem_area" },
    { IPT_TASK_INTERPERSONAL_FORMULATION, "interpersonal_formulation" },
    { IPT_TASK_TREATMENT_CONTRACT, "treatment_contract" },
    { IPT_TASK_DISCUSS_ENDING, "discuss_ending" },
    { IPT_TASK_INDEPENDENT_COMPETENCE, "independent_competence" },
    { IPT_TASK_REVIEW_GAINS, "review_gains" },
    { IPT_TASK_RELAPSE_PREVENTION, "relapse_prevention" },
    { IPT_TASK_ADDRESS_NONRESPONSE, "address_nonresponse" },
    { IPT_TASK_PLAN_CONTINUATION, "plan_continuation" },
};
IPT__NAME_FUNCTIONS(ipt_task, enum ipt_task, task_names)

static const struct ipt__name end_reason_names[] = {
    { IPT_END_DROPOUT, "dropout" },
    { IPT_END_REFERRAL, "referral" },
    { IPT_END_OTHER, "other" },
};
IPT__NAME_FUNCTIONS(ipt_end_reason, enum ipt_end_reason, end_reason_names)

static const struct ipt__name event_type_names[] = {
    { IPT_EVENT_START, "start" },
    { IPT_EVENT_HOLD_SESSION, "hold_session" },
    { IPT_EVENT_COMPLETE_TASK, "complete_task" },
    { IPT_EVENT_CHOOSE_FOCUS, "choose_focus" },
    { IPT_EVENT_SET_DISPUTE_STAGE, "set_dispute_stage" },
    { IPT_EVENT_ADVANCE_PHASE, "advance_phase" },
    { IPT_EVENT_DISCONTINUE, "discontinue" },
    { IPT_EVENT_RENEGOTIATE_CONTRACT, "renegotiate_contract" },
    { IPT_EVENT_ENTER_MAINTENANCE, "enter_maintenance" },
};
IPT__NAME_FUNCTIONS(ipt_event_type, enum ipt_event_type, event_type_names)

static const struct ipt__name diagram_format_names[] = {
    { IPT_DIAGRAM_DOT, "dot" },
    { IPT_DIAGRAM_MERMAID, "mermaid" },
};
IPT__NAME_FUNCTIONS(ipt_diagram_format, enum ipt_diagram_format,
                    diagram_format_names)

static const struct ipt__name rule_names[] = {
    { IPT_RULE_NONE, "none" },
    { IPT_RULE_EVENT_ALLOWED_IN_STATE, "event_allowed_in_state" },
    { IPT_RULE_TIMESTAMP_ORDER, "timestamp_order" },
    { IPT_RULE_LOG_CAPACITY, "log_capacity" },
    { IPT_RULE_SESSION_HELD, "session_held" },
    { IPT_RULE_INITIAL_PHASE_LENGTH, "initial_phase_length" },
    { IPT_RULE_INITIAL_TASKS_DONE, "initial_tasks_done" },
    { IPT_RULE_ENDING_NOTICE, "ending_notice" },
    { IPT_RULE_TASK_IN_PHASE, "task_in_phase" },
    { IPT_RULE_TASK_ONCE, "task_once" },
    { IPT_RULE_TASK_ORDER, "task_order" },
    { IPT_RULE_FOCUS_COUNT, "focus_count" },
    { IPT_RULE_FOCUS_ALLOWED, "focus_allowed" },
    { IPT_RULE_DEFICITS_ALONE, "deficits_alone" },
    { IPT_RULE_FOCUS_CHANGED, "focus_changed" },
    { IPT_RULE_DISPUTE_IS_FOCUS, "dispute_is_focus" },
    { IPT_RULE_DISPUTE_STAGE_CHANGED, "dispute_stage_changed" },
    { IPT_RULE_CONTRACT_LIMITS, "contract_limits" },
    { IPT_RULE_CONTRACT_CHANGED, "contract_changed" },
    { IPT_RULE_CONTRACT_AFTER_HELD, "contract_after_held" },
    { IPT_RULE_CONTINUATION_PLANNED, "continuation_planned" },
    { IPT_RULE_SESSIONS_REMAIN, "sessions_remain" },
};
IPT__NAME_FUNCTIONS(ipt_rule, enum ipt_rule, rule_names)

static const struct ipt__name rule_descriptions[] = {
    { IPT_RULE_NONE, "no rule was broken" },
    { IPT_RULE_EVENT_ALLOWED_IN_STATE,
      "an event is accepted only in the states the transition table lists" },
    { IPT_RULE_TIMESTAMP_ORDER,
      "timestamps of accepted events never decrease" },
    { IPT_RULE_LOG_CAPACITY, "the event log has room for the event" },
    { IPT_RULE_SESSION_HELD,
      "tasks, focus and dispute stages are recorded after the first session" },
    { IPT_RULE_INITIAL_PHASE_LENGTH,
      "the initial phase ends by the profile's last initial session" },
    { IPT_RULE_INITIAL_TASKS_DONE,
      "every initial-phase task is done before the middle phase begins" },
    { IPT_RULE_ENDING_NOTICE,
      "the ending is discussed at least the profile's notice before the "
      "last session" },
    { IPT_RULE_TASK_IN_PHASE, "a task is recorded in its own phase" },
    { IPT_RULE_TASK_ONCE, "a task is recorded once" },
    { IPT_RULE_TASK_ORDER,
      "the problem area follows the choice of focus, and the formulation "
      "follows the problem area" },
    { IPT_RULE_FOCUS_COUNT,
      "a focus names one area, or up to the profile's maximum" },
    { IPT_RULE_FOCUS_ALLOWED, "every focal area is allowed by the profile" },
    { IPT_RULE_DEFICITS_ALONE,
      "interpersonal deficits is chosen only when no other area is" },
    { IPT_RULE_FOCUS_CHANGED, "a new focus differs from the current one" },
    { IPT_RULE_DISPUTE_IS_FOCUS,
      "a dispute stage is set only while role dispute is a focus" },
    { IPT_RULE_DISPUTE_STAGE_CHANGED,
      "a new dispute stage differs from the current one" },
    { IPT_RULE_CONTRACT_LIMITS,
      "a contract stays within the profile's session limits" },
    { IPT_RULE_CONTRACT_CHANGED,
      "a renegotiated contract differs from the current one" },
    { IPT_RULE_CONTRACT_AFTER_HELD,
      "a renegotiated contract plans more sessions than were held" },
    { IPT_RULE_CONTINUATION_PLANNED,
      "maintenance follows a discussion of continuation" },
    { IPT_RULE_SESSIONS_REMAIN,
      "a session is held only while the contract has sessions left" },
};

const char *
ipt_rule_description(enum ipt_rule rule)
{
    return ipt__name_of(rule_descriptions, IPT__ARRAY_SIZE(rule_descriptions),
                        (int32_t)rule);
}

enum ipt_status
ipt_task_phase(enum ipt_task task, enum ipt_state *out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (ipt_task_name(task) == NULL)
        return IPT_ERR_OUT_OF_RANGE;
    *out = (IPT_TASK_BIT(task) & IPT_TASKS_INITIAL) != 0
               ? IPT_STATE_INITIAL
               : IPT_STATE_TERMINATION;
    return IPT_OK;
}
