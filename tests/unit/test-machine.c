/* SPDX-License-Identifier: MIT */
/*
 * The machine as data: the transition table agrees with the running course
 * and with docs/protocol.md, and the DOT and Mermaid diagrams draw exactly
 * the table's edges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "helpers.h"

#define NSTATE (H_STATE_LAST + 1)
#define NEVENT (H_EVENT_LAST - H_EVENT_FIRST + 1)

/* Number of edges per (from, event, to), indexed by state value and event
 * value - H_EVENT_FIRST. */
typedef unsigned edge_counts[NSTATE][NEVENT][NSTATE];

static struct ipt_transition
edge_at(uint32_t i)
{
    struct ipt_transition t;

    memset(&t, 0, sizeof(t));
    assert_int_equal(ipt_machine_transition_at(i, &t), IPT_OK);
    return t;
}

static void
table_counts(edge_counts counts)
{
    uint32_t n = ipt_machine_transition_count();

    memset(counts, 0, sizeof(edge_counts));
    for (uint32_t i = 0; i < n; i++) {
        struct ipt_transition t = edge_at(i);

        counts[t.from][t.event - H_EVENT_FIRST][t.to]++;
    }
}

static unsigned
edges_for(int from, int event)
{
    uint32_t n = ipt_machine_transition_count();
    unsigned k = 0;

    for (uint32_t i = 0; i < n; i++) {
        struct ipt_transition t = edge_at(i);

        if (t.from == from && t.event == event)
            k++;
    }
    return k;
}

/* ---- the table --------------------------------------------------------- */

static void
test_transition_at(void **state)
{
    uint32_t n = ipt_machine_transition_count();
    struct ipt_transition t, pattern;

    (void)state;
    assert_true(n > 0);
    for (uint32_t i = 0; i < n; i++) {
        t = edge_at(i);
        if (ipt_state_name((enum ipt_state)t.from) == NULL)
            fail_msg("edge %u: bad from %d", (unsigned)i, (int)t.from);
        if (ipt_state_name((enum ipt_state)t.to) == NULL)
            fail_msg("edge %u: bad to %d", (unsigned)i, (int)t.to);
        if (ipt_event_type_name((enum ipt_event_type)t.event) == NULL)
            fail_msg("edge %u: bad event %d", (unsigned)i, (int)t.event);
        assert_int_equal(t.reserved, 0);
        /* a condition exactly when the edge shares its state and event */
        if (edges_for(t.from, t.event) > 1) {
            if (t.condition == NULL || t.condition[0] == '\0')
                fail_msg("edge %u (%s, %s) has siblings but no condition",
                         (unsigned)i, ipt_state_name((enum ipt_state)t.from),
                         ipt_event_type_name((enum ipt_event_type)t.event));
        } else {
            assert_null(t.condition);
        }
        /* the same edge twice is never listed */
        for (uint32_t k = 0; k < i; k++) {
            struct ipt_transition u = edge_at(k);

            if (u.from == t.from && u.event == t.event && u.to == t.to &&
                ((u.condition == NULL && t.condition == NULL) ||
                 (u.condition != NULL && t.condition != NULL &&
                  strcmp(u.condition, t.condition) == 0)))
                fail_msg("edges %u and %u are the same", (unsigned)k,
                         (unsigned)i);
        }
    }

    memset(&pattern, 0xA5, sizeof(pattern));
    t = pattern;
    assert_int_equal(ipt_machine_transition_at(n, &t), IPT_ERR_OUT_OF_RANGE);
    assert_memory_equal(&t, &pattern, sizeof(t));
    assert_int_equal(ipt_machine_transition_at(n + 1, &t),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_machine_transition_at(UINT32_MAX, &t),
                     IPT_ERR_OUT_OF_RANGE);
    assert_memory_equal(&t, &pattern, sizeof(t));
    assert_int_equal(ipt_machine_transition_at(0, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_machine_transition_at(n, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
}

/* The table has an edge for (state, event) exactly when docs/protocol.md
 * lists the event for the state. */
/*
 * Every state and event with edges has exactly one that applies, whatever
 * the course: a single unconditional edge, or two whose conditions are
 * complementary, so that the course machine never finds no target.
 */
static void
test_conditions_complementary(void **state)
{
    static const char *const pairs[][2] = {
        { "remaining > termination_sessions",
          "remaining <= termination_sessions" },
        { "remaining > 0", "remaining == 0" },
        { "reason == referral", "reason != referral" },
    };
    uint32_t n = ipt_machine_transition_count();

    (void)state;
    for (uint32_t i = 0; i < n; i++) {
        struct ipt_transition t = edge_at(i);
        struct ipt_transition u;
        bool found = false;

        if (i > 0) {
            u = edge_at(i - 1);
            if (u.from == t.from && u.event == t.event)
                continue;       /* the second of a pair, checked below */
        }
        if (edges_for(t.from, t.event) == 1) {
            assert_null(t.condition);
            continue;
        }
        assert_int_equal(edges_for(t.from, t.event), 2);
        assert_true(i + 1 < n);
        u = edge_at(i + 1);
        assert_int_equal(u.from, t.from);
        assert_int_equal(u.event, t.event);
        assert_non_null(t.condition);
        assert_non_null(u.condition);
        for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
            if ((strcmp(t.condition, pairs[k][0]) == 0 &&
                 strcmp(u.condition, pairs[k][1]) == 0) ||
                (strcmp(t.condition, pairs[k][1]) == 0 &&
                 strcmp(u.condition, pairs[k][0]) == 0))
                found = true;
        }
        if (!found)
            fail_msg("%s, %s: conditions \"%s\" and \"%s\" are not "
                     "complementary",
                     ipt_state_name((enum ipt_state)t.from),
                     ipt_event_type_name((enum ipt_event_type)t.event),
                     t.condition, u.condition);
    }
}

static void
test_table_matches_docs(void **state)
{
    (void)state;
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        for (int ev = H_EVENT_FIRST; ev <= H_EVENT_LAST; ev++) {
            bool has = edges_for(s, ev) > 0;

            if (has != h_doc_allows(s, ev))
                fail_msg("%s x %s: table %s an edge, docs %s it",
                         ipt_state_name((enum ipt_state)s),
                         ipt_event_type_name((enum ipt_event_type)ev),
                         has ? "has" : "lacks",
                         h_doc_allows(s, ev) ? "allow" : "forbid");
        }
    }
}

/* The course accepts (state, event) exactly when the table has an edge, and
 * the state it enters is the target of one of those edges. */
static void
test_table_matches_course(void **state)
{
    uint32_t n = ipt_machine_transition_count();

    (void)state;
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        for (int ev = H_EVENT_FIRST; ev <= H_EVENT_LAST; ev++) {
            struct ipt_course *c = h_new_standard();
            struct ipt_event e = h_matrix_event(s, ev);
            bool has = edges_for(s, ev) > 0;
            enum ipt_status st;

            h_matrix_setup(c, s, ev);
            st = ipt_course_apply(c, &e);
            if (has != (st != IPT_ERR_EVENT_NOT_ALLOWED))
                fail_msg("%s x %s: table %s an edge, course says %s",
                         ipt_state_name((enum ipt_state)s),
                         ipt_event_type_name((enum ipt_event_type)ev),
                         has ? "has" : "lacks", ipt_status_name(st));
            if (st == IPT_OK) {
                enum ipt_state after = h_state(c);
                bool found = false;

                for (uint32_t i = 0; i < n; i++) {
                    struct ipt_transition t = edge_at(i);

                    if (t.from == s && t.event == ev &&
                        t.to == (int32_t)after)
                        found = true;
                }
                if (!found)
                    fail_msg("%s x %s entered %s, no such edge",
                             ipt_state_name((enum ipt_state)s),
                             ipt_event_type_name((enum ipt_event_type)ev),
                             ipt_state_name(after));
            }
            ipt_course_free(c);
        }
    }
    /* the machine's own helper agrees */
    for (int s = H_STATE_FIRST; s <= H_STATE_LAST; s++) {
        for (int ev = H_EVENT_FIRST; ev <= H_EVENT_LAST; ev++)
            assert_int_equal(h_matrix_try(s, ev) == IPT_ERR_EVENT_NOT_ALLOWED,
                             edges_for(s, ev) == 0);
    }
}

/* Both discontinue edges are in the table for each running state, and the
 * course takes the one its reason selects. */
static void
test_discontinue_edges(void **state)
{
    static const int from[] = { IPT_STATE_NOT_STARTED, IPT_STATE_INITIAL,
                                IPT_STATE_MIDDLE, IPT_STATE_TERMINATION };
    edge_counts counts;

    (void)state;
    table_counts(counts);
    for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
        unsigned *to = counts[from[i]][IPT_EVENT_DISCONTINUE - H_EVENT_FIRST];

        assert_int_equal(to[IPT_STATE_REFERRED], 1);
        assert_int_equal(to[IPT_STATE_DISCONTINUED], 1);
    }
}

/* ---- diagrams ---------------------------------------------------------- */

static char *
diagram(enum ipt_diagram_format format, size_t *len_out)
{
    size_t len = 0;
    char *buf;

    assert_int_equal(ipt_machine_diagram(format, NULL, 0, &len),
                     IPT_ERR_BUFFER_TOO_SMALL);
    assert_true(len > 0);
    buf = malloc(len + 1);
    assert_non_null(buf);
    assert_int_equal(ipt_machine_diagram(format, buf, len + 1, NULL),
                     IPT_OK);
    assert_int_equal(strlen(buf), len);
    *len_out = len;
    return buf;
}

static void
check_sizes(enum ipt_diagram_format format)
{
    size_t len = 0, len2 = 0;
    char *buf;
    char *ref;

    ref = diagram(format, &len);

    /* the size query alone */
    assert_int_equal(ipt_machine_diagram(format, NULL, 0, NULL),
                     IPT_ERR_BUFFER_TOO_SMALL);

    /* exact size: written, nothing past the terminator */
    buf = malloc(len + 1 + 16);
    assert_non_null(buf);
    memset(buf, '#', len + 1 + 16);
    assert_int_equal(ipt_machine_diagram(format, buf, len + 1, &len2),
                     IPT_OK);
    assert_int_equal(len2, len);
    assert_int_equal(buf[len], '\0');
    assert_string_equal(buf, ref);
    for (size_t i = len + 1; i < len + 1 + 16; i++)
        assert_int_equal(buf[i], '#');

    /* one byte short: refused, nothing written past the buffer, length
     * still reported */
    memset(buf, '#', len + 1 + 16);
    len2 = 0;
    assert_int_equal(ipt_machine_diagram(format, buf, len, &len2),
                     IPT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len2, len);
    for (size_t i = len; i < len + 1 + 16; i++)
        assert_int_equal(buf[i], '#');

    /* tiny buffers */
    memset(buf, '#', len + 1 + 16);
    assert_int_equal(ipt_machine_diagram(format, buf, 1, &len2),
                     IPT_ERR_BUFFER_TOO_SMALL);
    for (size_t i = 1; i < len + 1 + 16; i++)
        assert_int_equal(buf[i], '#');
    memset(buf, '#', len + 1 + 16);
    assert_int_equal(ipt_machine_diagram(format, buf, 0, NULL),
                     IPT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(buf[0], '#');
    free(buf);

    /* a larger buffer: the same text */
    buf = malloc(len + 100);
    assert_non_null(buf);
    assert_int_equal(ipt_machine_diagram(format, buf, len + 100, &len2),
                     IPT_OK);
    assert_int_equal(len2, len);
    assert_string_equal(buf, ref);
    free(buf);

    /* NULL buffer with a size */
    len2 = 12345;
    assert_int_equal(ipt_machine_diagram(format, NULL, 10, &len2),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_machine_diagram(format, NULL, len + 1, NULL),
                     IPT_ERR_INVALID_ARGUMENT);
    free(ref);
}

static void
test_diagram_sizes_dot(void **state)
{
    (void)state;
    check_sizes(IPT_DIAGRAM_DOT);
}

static void
test_diagram_sizes_mermaid(void **state)
{
    (void)state;
    check_sizes(IPT_DIAGRAM_MERMAID);
}

static void
test_diagram_bad_format(void **state)
{
    static const int bad[] = { 0, 3, -1, 100, INT32_MAX };
    char buf[64];

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t len = 777;

        memset(buf, '#', sizeof(buf));
        assert_int_equal(ipt_machine_diagram((enum ipt_diagram_format)bad[i],
                                             buf, sizeof(buf), &len),
                         IPT_ERR_OUT_OF_RANGE);
        assert_int_equal(len, 777);
    }
}

/* Reads an identifier of [a-z_] at *p; returns its length. */
static size_t
ident(const char *p)
{
    size_t n = 0;

    while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_' ||
           (p[n] >= '0' && p[n] <= '9'))
        n++;
    return n;
}

static int
state_of(const char *p, size_t n)
{
    char name[64];
    enum ipt_state s;

    if (n == 0 || n >= sizeof(name))
        return 0;
    memcpy(name, p, n);
    name[n] = '\0';
    if (ipt_state_from_name(name, &s) != IPT_OK)
        return 0;
    return (int)s;
}

/* The event named by the first word of an edge label. */
static int
event_of(const char *label)
{
    char name[64];
    size_t n = ident(label);
    enum ipt_event_type e;

    if (n == 0 || n >= sizeof(name))
        return 0;
    if (label[n] != '\0' && label[n] != ' ' && label[n] != '"' &&
        label[n] != '\n' && label[n] != '[' && label[n] != '\\')
        return 0;
    memcpy(name, label, n);
    name[n] = '\0';
    if (ipt_event_type_from_name(name, &e) != IPT_OK)
        return 0;
    return (int)e;
}

static const char *
skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/*
 * Parses the edges of a diagram into @p counts.
 *
 * DOT:     `  from -> to [label="event ..."];`
 * Mermaid: `  from --> to : event ...`
 *
 * Lines whose endpoints are both states must carry an event label; lines
 * with a pseudo node (the DOT start point, Mermaid's [*]) are skipped.
 */
static unsigned
parse_diagram(enum ipt_diagram_format format, const char *text,
              edge_counts counts)
{
    const char *arrow = format == IPT_DIAGRAM_DOT ? "->" : "-->";
    const char *line = text;
    unsigned edges = 0;

    memset(counts, 0, sizeof(edge_counts));
    while (*line != '\0') {
        const char *end = strchr(line, '\n');
        size_t line_len = end != NULL ? (size_t)(end - line) : strlen(line);
        char buf[512];
        const char *p;
        size_t n;
        int from, to, ev;

        assert_true(line_len < sizeof(buf));
        memcpy(buf, line, line_len);
        buf[line_len] = '\0';
        line = end != NULL ? end + 1 : line + line_len;

        if (strstr(buf, arrow) == NULL)
            continue;
        p = skip_spaces(buf);
        n = ident(p);
        from = state_of(p, n);
        p = skip_spaces(p + n);
        if (strncmp(p, arrow, strlen(arrow)) != 0)
            continue; /* e.g. "[*] --> not_started" */
        p = skip_spaces(p + strlen(arrow));
        n = ident(p);
        to = state_of(p, n);
        p += n;
        if (from == 0 || to == 0)
            continue; /* a pseudo node: start point or final marker */

        if (format == IPT_DIAGRAM_DOT) {
            const char *label = strstr(p, "label=\"");

            if (label == NULL)
                fail_msg("DOT edge without a label: \"%s\"", buf);
            ev = event_of(label + strlen("label=\""));
        } else {
            p = skip_spaces(p);
            if (*p != ':')
                fail_msg("Mermaid edge without a label: \"%s\"", buf);
            ev = event_of(skip_spaces(p + 1));
        }
        if (ev == 0)
            fail_msg("no event in the label of \"%s\"", buf);
        counts[from][ev - H_EVENT_FIRST][to]++;
        edges++;
    }
    return edges;
}

static void
check_diagram_edges(enum ipt_diagram_format format)
{
    static edge_counts want, got;
    size_t len;
    char *text = diagram(format, &len);

    table_counts(want);
    assert_int_equal(parse_diagram(format, text, got),
                     ipt_machine_transition_count());
    for (int f = 0; f < NSTATE; f++) {
        for (int e = 0; e < NEVENT; e++) {
            for (int t = 0; t < NSTATE; t++) {
                if (want[f][e][t] != got[f][e][t])
                    fail_msg("%s: edge %s -> %s on %s: table %u, diagram %u",
                             ipt_diagram_format_name(format),
                             ipt_state_name((enum ipt_state)f),
                             ipt_state_name((enum ipt_state)t),
                             ipt_event_type_name(
                                 (enum ipt_event_type)(e + H_EVENT_FIRST)),
                             want[f][e][t], got[f][e][t]);
            }
        }
    }
    free(text);
}

static void
test_dot_edges(void **state)
{
    size_t len;
    char *text = diagram(IPT_DIAGRAM_DOT, &len);

    (void)state;
    assert_true(strncmp(text, "digraph", 7) == 0);
    assert_non_null(strchr(text, '{'));
    assert_non_null(strrchr(text, '}'));
    free(text);
    check_diagram_edges(IPT_DIAGRAM_DOT);
}

static void
test_mermaid_edges(void **state)
{
    size_t len;
    char *text = diagram(IPT_DIAGRAM_MERMAID, &len);

    (void)state;
    assert_true(strncmp(text, "stateDiagram", 12) == 0);
    free(text);
    check_diagram_edges(IPT_DIAGRAM_MERMAID);
}

/* The parser finds the edges of a small hand-written diagram and skips the
 * pseudo nodes, so a diagram missing an edge cannot pass. */
static void
test_parser_sanity(void **state)
{
    static edge_counts got;
    static const char dot[] =
        "digraph x {\n"
        "    rankdir=LR;\n"
        "    start_ -> not_started;\n"
        "    completed [peripheries=2];\n"
        "    not_started -> initial [label=\"start\"];\n"
        "    middle -> termination [label=\"hold_session [x <= y]\"];\n"
        "}\n";
    static const char mermaid[] =
        "stateDiagram-v2\n"
        "    [*] --> not_started\n"
        "    not_started --> initial : start\n"
        "    completed --> maintenance : enter_maintenance\n"
        "    completed --> [*]\n";

    (void)state;
    assert_int_equal(parse_diagram(IPT_DIAGRAM_DOT, dot, got), 2);
    assert_int_equal(got[IPT_STATE_NOT_STARTED]
                        [IPT_EVENT_START - H_EVENT_FIRST][IPT_STATE_INITIAL],
                     1);
    assert_int_equal(got[IPT_STATE_MIDDLE]
                        [IPT_EVENT_HOLD_SESSION - H_EVENT_FIRST]
                        [IPT_STATE_TERMINATION],
                     1);
    assert_int_equal(parse_diagram(IPT_DIAGRAM_MERMAID, mermaid, got), 2);
    assert_int_equal(got[IPT_STATE_COMPLETED]
                        [IPT_EVENT_ENTER_MAINTENANCE - H_EVENT_FIRST]
                        [IPT_STATE_MAINTENANCE],
                     1);
    assert_int_equal(event_of("hold_sessionx"), 0);
    assert_int_equal(event_of("nonsense"), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transition_at),
        cmocka_unit_test(test_conditions_complementary),
        cmocka_unit_test(test_table_matches_docs),
        cmocka_unit_test(test_table_matches_course),
        cmocka_unit_test(test_discontinue_edges),
        cmocka_unit_test(test_diagram_sizes_dot),
        cmocka_unit_test(test_diagram_sizes_mermaid),
        cmocka_unit_test(test_diagram_bad_format),
        cmocka_unit_test(test_parser_sanity),
        cmocka_unit_test(test_dot_edges),
        cmocka_unit_test(test_mermaid_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
