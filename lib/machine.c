/* SPDX-License-Identifier: MIT */
/*
 * The course state machine as data.  ipt_course_apply() looks every event up
 * in this table, and the diagrams are drawn from it, so the picture in the
 * documentation is the machine that runs.
 *
 * For one state and event, edges are tried in order; the first whose
 * condition holds after the event's effect is taken.
 */
#include <string.h>

#include "internal.h"

#define E(from, ev, to, cond)                                               \
    { IPT_STATE_##from, IPT_EVENT_##ev, IPT_STATE_##to, IPT__COND_##cond }

const struct ipt__edge ipt__edges[] = {
    E(NOT_STARTED, START, INITIAL, ALWAYS),
    E(NOT_STARTED, RENEGOTIATE_CONTRACT, NOT_STARTED, ALWAYS),
    E(NOT_STARTED, DISCONTINUE, REFERRED, REFERRAL),
    E(NOT_STARTED, DISCONTINUE, DISCONTINUED, NOT_REFERRAL),

    E(INITIAL, HOLD_SESSION, INITIAL, ALWAYS),
    E(INITIAL, COMPLETE_TASK, INITIAL, ALWAYS),
    E(INITIAL, CHOOSE_FOCUS, INITIAL, ALWAYS),
    E(INITIAL, SET_DISPUTE_STAGE, INITIAL, ALWAYS),
    E(INITIAL, RENEGOTIATE_CONTRACT, INITIAL, ALWAYS),
    E(INITIAL, ADVANCE_PHASE, MIDDLE, ALWAYS),
    E(INITIAL, DISCONTINUE, REFERRED, REFERRAL),
    E(INITIAL, DISCONTINUE, DISCONTINUED, NOT_REFERRAL),

    E(MIDDLE, HOLD_SESSION, MIDDLE, ABOVE_TERMINATION),
    E(MIDDLE, HOLD_SESSION, TERMINATION, WITHIN_TERMINATION),
    E(MIDDLE, SET_DISPUTE_STAGE, MIDDLE, ALWAYS),
    E(MIDDLE, RENEGOTIATE_CONTRACT, MIDDLE, ABOVE_TERMINATION),
    E(MIDDLE, RENEGOTIATE_CONTRACT, TERMINATION, WITHIN_TERMINATION),
    E(MIDDLE, ADVANCE_PHASE, TERMINATION, ALWAYS),
    E(MIDDLE, DISCONTINUE, REFERRED, REFERRAL),
    E(MIDDLE, DISCONTINUE, DISCONTINUED, NOT_REFERRAL),

    E(TERMINATION, HOLD_SESSION, TERMINATION, SESSIONS_LEFT),
    E(TERMINATION, HOLD_SESSION, COMPLETED, NO_SESSIONS_LEFT),
    E(TERMINATION, COMPLETE_TASK, TERMINATION, ALWAYS),
    E(TERMINATION, SET_DISPUTE_STAGE, TERMINATION, ALWAYS),
    E(TERMINATION, DISCONTINUE, REFERRED, REFERRAL),
    E(TERMINATION, DISCONTINUE, DISCONTINUED, NOT_REFERRAL),

    E(COMPLETED, ENTER_MAINTENANCE, MAINTENANCE, ALWAYS),
};

#undef E

const size_t ipt__edge_count = IPT__ARRAY_SIZE(ipt__edges);

const char *
ipt__cond_text(enum ipt__cond cond)
{
    switch (cond) {
    case IPT__COND_ALWAYS:
        return NULL;
    case IPT__COND_ABOVE_TERMINATION:
        return "remaining > termination_sessions";
    case IPT__COND_WITHIN_TERMINATION:
        return "remaining <= termination_sessions";
    case IPT__COND_SESSIONS_LEFT:
        return "remaining > 0";
    case IPT__COND_NO_SESSIONS_LEFT:
        return "remaining == 0";
    case IPT__COND_REFERRAL:
        return "reason == referral";
    case IPT__COND_NOT_REFERRAL:
        return "reason != referral";
    }
    return NULL;
}

uint32_t
ipt_machine_transition_count(void)
{
    return (uint32_t)ipt__edge_count;
}

enum ipt_status
ipt_machine_transition_at(uint32_t index, struct ipt_transition *out)
{
    const struct ipt__edge *e;

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (index >= ipt__edge_count)
        return IPT_ERR_OUT_OF_RANGE;
    e = &ipt__edges[index];
    out->from = (int32_t)e->from;
    out->event = (int32_t)e->event;
    out->to = (int32_t)e->to;
    out->reserved = 0;
    out->condition = ipt__cond_text(e->cond);
    return IPT_OK;
}

/* Appends text to a caller's buffer, counting the full length even when the
 * buffer is too small. */
struct writer {
    char *buf;
    size_t size;
    size_t len;
};

static void
put(struct writer *w, const char *s)
{
    size_t n = strlen(s);

    if (w->len < w->size) {
        size_t room = w->size - w->len;
        size_t k = n < room ? n : room;

        memcpy(w->buf + w->len, s, k);
    }
    w->len += n;
}

static void
put_edge_label(struct writer *w, const struct ipt__edge *e)
{
    const char *cond = ipt__cond_text(e->cond);

    put(w, ipt_event_type_name(e->event));
    if (cond != NULL) {
        put(w, " [");
        put(w, cond);
        put(w, "]");
    }
}

static void
draw_dot(struct writer *w)
{
    put(w, "digraph ipt_course {\n");
    put(w, "    rankdir=LR;\n");
    put(w, "    node [shape=box, style=rounded];\n");
    put(w, "    start_ [shape=point, label=\"\"];\n");
    put(w, "    start_ -> not_started;\n");
    for (int32_t s = IPT_STATE_COMPLETED; s <= IPT_STATE_MAINTENANCE; s++) {
        put(w, "    ");
        put(w, ipt_state_name((enum ipt_state)s));
        put(w, " [peripheries=2];\n");
    }
    for (size_t i = 0; i < ipt__edge_count; i++) {
        const struct ipt__edge *e = &ipt__edges[i];

        put(w, "    ");
        put(w, ipt_state_name(e->from));
        put(w, " -> ");
        put(w, ipt_state_name(e->to));
        put(w, " [label=\"");
        put_edge_label(w, e);
        put(w, "\"];\n");
    }
    put(w, "}\n");
}

static void
draw_mermaid(struct writer *w)
{
    put(w, "stateDiagram-v2\n");
    put(w, "    [*] --> not_started\n");
    for (size_t i = 0; i < ipt__edge_count; i++) {
        const struct ipt__edge *e = &ipt__edges[i];

        put(w, "    ");
        put(w, ipt_state_name(e->from));
        put(w, " --> ");
        put(w, ipt_state_name(e->to));
        put(w, " : ");
        put_edge_label(w, e);
        put(w, "\n");
    }
    for (int32_t s = IPT_STATE_COMPLETED; s <= IPT_STATE_MAINTENANCE; s++) {
        if (s == IPT_STATE_COMPLETED)
            continue; /* completed can still move on to maintenance */
        put(w, "    ");
        put(w, ipt_state_name((enum ipt_state)s));
        put(w, " --> [*]\n");
    }
    put(w, "    completed --> [*]\n");
}

enum ipt_status
ipt_machine_diagram(enum ipt_diagram_format format, char *buf, size_t size,
                    size_t *length)
{
    struct writer w = { buf, size, 0 };

    if (buf == NULL && size != 0)
        return IPT_ERR_INVALID_ARGUMENT;
    switch (format) {
    case IPT_DIAGRAM_DOT:
        draw_dot(&w);
        break;
    case IPT_DIAGRAM_MERMAID:
        draw_mermaid(&w);
        break;
    default:
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (length != NULL)
        *length = w.len;
    if (w.len >= size) {
        if (size > 0)
            buf[size - 1] = '\0';
        return IPT_ERR_BUFFER_TOO_SMALL;
    }
    buf[w.len] = '\0';
    return IPT_OK;
}
