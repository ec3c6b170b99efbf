/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-machine.h
 * @brief The course state machine as data: its transition table and
 *        diagrams.
 */
#ifndef IPT_MACHINE_H
#define IPT_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-export.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup machine State machine
 * The table that drives every course, readable and drawable.
 *
 * The course machine is one static table of transitions.  ipt_course_apply()
 * consults it for every event; these functions expose the same table, so
 * diagrams and documentation cannot drift from the running code.  All
 * functions here are thread-safe.
 * @{
 */

/**
 * One edge of the transition table.
 *
 * For a given state and event, edges are tried in table order and the first
 * whose condition holds after the event's effect is taken.  The layout is
 * frozen (24 bytes on LP64).
 */
struct ipt_transition {
    /** ::ipt_state the edge leaves. */
    int32_t from;
    /** ::ipt_event_type that takes it. */
    int32_t event;
    /** ::ipt_state it enters (may equal @ref from). */
    int32_t to;
    /** Always 0. */
    int32_t reserved;
    /** Static text of the condition that selects this edge, e.g.
     *  "remaining <= termination_sessions", or NULL when the edge is the
     *  only one for its state and event. */
    const char *condition;
};

/** Diagram formats. */
enum ipt_diagram_format {
    /** Graphviz DOT ("dot"). */
    IPT_DIAGRAM_DOT = 1,
    /** Mermaid state diagram, for Markdown ("mermaid"). */
    IPT_DIAGRAM_MERMAID = 2
};

/**
 * Number of edges in the transition table.
 * @return The count.
 * @since 0.1
 */
IPT_API uint32_t
ipt_machine_transition_count(void);

/**
 * Read one edge of the transition table.
 * @param[in]  index  0 to ipt_machine_transition_count() - 1.
 * @param[out] out    Receives the edge; untouched on error.
 * @retval IPT_OK                    Done.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p out is NULL.
 * @retval IPT_ERR_OUT_OF_RANGE      @p index is too large.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_machine_transition_at(uint32_t index, struct ipt_transition *out);

/**
 * Draw the machine.
 *
 * Writes the diagram as NUL-terminated text.  To learn the size needed,
 * call with @p buf NULL and @p size 0.
 *
 * @param[in]  format  Diagram format.
 * @param[out] buf     Buffer, or NULL when @p size is 0.
 * @param[in]  size    Size of @p buf in bytes.
 * @param[out] length  Optional; receives the length of the diagram in bytes
 *                     without the NUL, also when the buffer is too small.
 * @retval IPT_OK                    Written.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p buf is NULL while @p size is not 0.
 * @retval IPT_ERR_OUT_OF_RANGE      Unknown @p format.
 * @retval IPT_ERR_BUFFER_TOO_SMALL  @p size is too small; nothing useful was
 *                                   written (the buffer may hold a
 *                                   truncated prefix).
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_machine_diagram(enum ipt_diagram_format format, char *buf, uint64_t size,
                    uint64_t *length);

/**
 * Name of a diagram format, e.g. "mermaid".
 * @param[in] format  Any value.
 * @return Static string, or NULL if @p format is unknown.
 * @since 0.1
 */
IPT_API const char *
ipt_diagram_format_name(enum ipt_diagram_format format);

/**
 * Diagram format named @p name.
 * @param[in]  name  A name as returned by ipt_diagram_format_name().
 * @param[out] out   Receives the value; untouched on error.
 * @retval IPT_OK                    Found.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p name or @p out is NULL.
 * @retval IPT_ERR_UNKNOWN_NAME      No format has that name.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_diagram_format_from_name(const char *name, enum ipt_diagram_format *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_MACHINE_H */
