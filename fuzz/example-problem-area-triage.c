/* SPDX-License-Identifier: MIT */
/*
 * examples/problem-area-triage.c compiled for fuzz-examples.c, with its main()
 * renamed; see fuzz-examples.h.
 */
#define main fuzz_problem_area_triage_main
int
main(int argc, char **argv);
/* The example is compiled here with its main() renamed, so that the
 * harness can call its parse_args(). */
/* NOLINTNEXTLINE(bugprone-suspicious-include) */
#include "problem-area-triage.c"
#undef main

#include "fuzz-examples.h"

int
fuzz_problem_area_triage_args(int argc, char **argv)
{
    return parse_args(argc, argv);
}
