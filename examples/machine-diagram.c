/* SPDX-License-Identifier: MIT */
/**
 * @file machine-diagram.c
 * Print the course state machine as a Graphviz DOT or Mermaid diagram.
 *
 * Usage: `machine-diagram [dot|mermaid]` (default: dot).  The diagram is
 * drawn from the same transition table that runs every course; the
 * documentation's diagram is this program's output.
 */
#include <stdio.h>
#include <stdlib.h>

#include <ipt/ipt.h>

/* The format named on the command line, or the default; -1 for a bad
 * command line.  Prints nothing. */
static int
parse_args(int argc, char **argv, enum ipt_diagram_format *format)
{
    *format = IPT_DIAGRAM_DOT;
    if (argc > 2 ||
        (argc == 2 && ipt_diagram_format_from_name(argv[1], format) != IPT_OK))
        return -1;
    return 0;
}

int
main(int argc, char **argv)
{
    enum ipt_diagram_format format;
    uint64_t length = 0;
    char *text;
    enum ipt_status st;

    if (parse_args(argc, argv, &format) != 0) {
        fprintf(stderr, "usage: %s [dot|mermaid]\n",
                argc > 0 ? argv[0] : "machine-diagram");
        return 2;
    }
    /* First ask for the size, then draw into a buffer of that size. */
    st = ipt_machine_diagram(format, NULL, 0, &length);
    if (st != IPT_OK && st != IPT_ERR_BUFFER_TOO_SMALL) {
        fprintf(stderr, "%s\n", ipt_status_message(st));
        return 1;
    }
    text = malloc((size_t)length + 1);
    if (text == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    st = ipt_machine_diagram(format, text, length + 1, NULL);
    if (st != IPT_OK) {
        fprintf(stderr, "%s\n", ipt_status_message(st));
        free(text);
        return 1;
    }
    fputs(text, stdout);
    free(text);
    return 0;
}
