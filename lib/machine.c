/* SPDX-License-Identifier: MIT */
/*
 * The course state machine as data.  ipt_course_apply() looks every event up
 * in this table, and the diagrams are drawn from it, so the picture in the
 * documentation is the machine that runs.
 *
 * For one state and event, the targets of its cell are tried in order; the
 * first whose condition holds after the event's effect is taken.  A cell
 * with no target means the event is never accepted in that state.
 */
#include <string.h>

#include "internal.h"

#define S(state) [IPT_STATE_##state - IPT__STATE_FIRST]
#define EV(event) [IPT_EVENT_##event - IPT__EVENT_FIRST]
#define TO(state) { 1, { { IPT_STATE_##state, IPT__COND_ALWAYS } } }
#define TO2(s1, c1, s2, c2)                                                \
    { 2, { { IPT_STATE_##s1, IPT__COND_##c1 },                             \
           { IPT_STATE_##s2, IPT__COND_##c2 } } }
#define ENDS TO2(REFERRED, REFERRAL, DISCONTINUED, NOT_REFERRAL)

const struct ipt__cell ipt__machine[IPT__STATES][IPT__EVENTS] = {
    S(NOT_STARTED) = {
        EV(START) = TO(INITIAL),
        EV(DISCONTINUE) = ENDS,
        EV(RENEGOTIATE_CONTRACT) = TO(NOT_STARTED),
    },
    S(INITIAL) = {
        EV(HOLD_SESSION) = TO(INITIAL),
        EV(COMPLETE_TASK) = TO(INITIAL),
        EV(CHOOSE_FOCUS) = TO(INITIAL),
        EV(SET_DISPUTE_STAGE) = TO(INITIAL),
        EV(ADVANCE_PHASE) = TO(MIDDLE),
        EV(DISCONTINUE) = ENDS,
        EV(RENEGOTIATE_CONTRACT) = TO(INITIAL),
    },
    S(MIDDLE) = {
        EV(HOLD_SESSION) = TO2(MIDDLE, ABOVE_TERMINATION,
                               TERMINATION, WITHIN_TERMINATION),
        EV(SET_DISPUTE_STAGE) = TO(MIDDLE),
        EV(ADVANCE_PHASE) = TO(TERMINATION),
        EV(DISCONTINUE) = ENDS,
        EV(RENEGOTIATE_CONTRACT) = TO2(MIDDLE, ABOVE_TERMINATION,
                                       TERMINATION, WITHIN_TERMINATION),
    },
    S(TERMINATION) = {
        EV(HOLD_SESSION) = TO2(TERMINATION, SESSIONS_LEFT,
                               COMPLETED, NO_SESSIONS_LEFT),
        EV(COMPLETE_TASK) = TO(TERMINATION),
        EV(SET_DISPUTE_STAGE) = TO(TERMINATION),
        EV(DISCONTINUE) = ENDS,
    },
    S(COMPLETED) = {
        EV(ENTER_MAINTENANCE) = TO(MAINTENANCE),
    },
    /* discontinued, referred and maintenance accept no event. */
};

#undef S
#undef EV
#undef TO
#undef TO2
#undef ENDS

/* The table read as a flat list of edges, state by state and event by
 * event, for the public API and the diagrams. */
struct edge {
    enum ipt_state from;
    enum ipt_event_type event;
    enum ipt_state to;
    enum ipt__cond cond;
};

/* Calls fn for every edge in order; stops early when fn returns non-zero.
 * Returns the number of edges visited. */
static uint32_t
for_each_edge(int (*fn)(const struct edge *e, void *ctx), void *ctx)
{
    uint32_t n = 0;

    for (int s = 0; s < IPT__STATES; s++) {
        for (int ev = 0; ev < IPT__EVENTS; ev++) {
            const struct ipt__cell *cell = &ipt__machine[s][ev];

            for (uint32_t k = 0; k < cell->count; k++) {
                struct edge e = {
                    (enum ipt_state)(s + IPT__STATE_FIRST),
                    (enum ipt_event_type)(ev + IPT__EVENT_FIRST),
                    cell->targets[k].to, cell->targets[k].cond,
                };

                n++;
                if (fn != NULL && fn(&e, ctx))
                    return n;
            }
        }
    }
    return n;
}

const char *
ipt__cond_text(enum ipt__cond cond)
{
    switch (cond) {
    case IPT__COND_ALWAYS:
        break;                  /* an unconditional edge has no text */
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
    return for_each_edge(NULL, NULL);
}

struct find_ctx {
    uint32_t index;
    uint32_t seen;
    struct ipt_transition *out;
};

static int
find_edge(const struct edge *e, void *ctx)
{
    struct find_ctx *f = ctx;

    if (f->seen++ != f->index)
        return 0;
    f->out->from = (int32_t)e->from;
    f->out->event = (int32_t)e->event;
    f->out->to = (int32_t)e->to;
    f->out->reserved = 0;
    f->out->condition = ipt__cond_text(e->cond);
    return 1;
}

enum ipt_status
ipt_machine_transition_at(uint32_t index, struct ipt_transition *out)
{
    struct find_ctx f = { index, 0, out };

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    if (index >= ipt_machine_transition_count())
        return IPT_ERR_OUT_OF_RANGE;
    (void)for_each_edge(find_edge, &f);
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
put_edge_label(struct writer *w, const struct edge *e)
{
    const char *cond = ipt__cond_text(e->cond);

    put(w, ipt_event_type_name(e->event));
    if (cond != NULL) {
        put(w, " [");
        put(w, cond);
        put(w, "]");
    }
}

static int
dot_edge(const struct edge *e, void *ctx)
{
    struct writer *w = ctx;

    put(w, "    ");
    put(w, ipt_state_name(e->from));
    put(w, " -> ");
    put(w, ipt_state_name(e->to));
    put(w, " [label=\"");
    put_edge_label(w, e);
    put(w, "\"];\n");
    return 0;
}

static int
mermaid_edge(const struct edge *e, void *ctx)
{
    struct writer *w = ctx;

    put(w, "    ");
    put(w, ipt_state_name(e->from));
    put(w, " --> ");
    put(w, ipt_state_name(e->to));
    put(w, " : ");
    put_edge_label(w, e);
    put(w, "\n");
    return 0;
}

static void
draw_dot(struct writer *w)
{
    put(w, "digraph ipt_course {\n");
    put(w, "    rankdir=LR;\n");
    put(w, "    node [shape=box, style=rounded];\n");
    put(w, "    edge [fontsize=10];\n");
    put(w, "    start_ [shape=point, label=\"\"];\n");
    put(w, "    start_ -> not_started;\n");
    for (int32_t s = IPT_STATE_COMPLETED; s <= IPT_STATE_MAINTENANCE; s++) {
        put(w, "    ");
        put(w, ipt_state_name((enum ipt_state)s));
        put(w, " [peripheries=2];\n");
    }
    (void)for_each_edge(dot_edge, w);
    put(w, "}\n");
}

static void
draw_mermaid(struct writer *w)
{
    put(w, "stateDiagram-v2\n");
    put(w, "    [*] --> not_started\n");
    (void)for_each_edge(mermaid_edge, w);
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
ipt_machine_diagram(enum ipt_diagram_format format, char *buf, uint64_t size,
                    uint64_t *length)
{
    struct writer w = { buf, ipt__size_clamp(size), 0 };

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
