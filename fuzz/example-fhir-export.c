/* SPDX-License-Identifier: MIT */
/*
 * examples/fhir-export.c compiled for fuzz-examples.c, with its main()
 * renamed; see fuzz-examples.h.
 */
#define main fuzz_fhir_export_main
int
main(int argc, char **argv);
/* The example is compiled here with its main() renamed, so that the
 * harness can call its parse_args(). */
/* NOLINTNEXTLINE(bugprone-suspicious-include) */
#include "fhir-export.c"
#undef main

#include "fuzz-examples.h"

int
fuzz_fhir_export_args(int argc, char **argv, uint32_t *flags)
{
    return parse_args(argc, argv, flags);
}
