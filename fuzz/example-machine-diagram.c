/* SPDX-License-Identifier: MIT */
/*
 * examples/machine-diagram.c compiled for fuzz-examples.c, with its main()
 * renamed; see fuzz-examples.h.
 */
#define main fuzz_machine_diagram_main
int
main(int argc, char **argv);
/* The example is compiled here with its main() renamed, so that the
 * harness can call its parse_args(). */
/* NOLINTNEXTLINE(bugprone-suspicious-include) */
#include "machine-diagram.c"
#undef main

#include "fuzz-examples.h"

int
fuzz_machine_diagram_args(int argc, char **argv,
                          enum ipt_diagram_format *format)
{
    return parse_args(argc, argv, format);
}
