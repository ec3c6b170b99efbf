/* SPDX-License-Identifier: MIT */
/*
 * The command-line parsers of the example programs, as fuzz-examples.c
 * calls them.  Each example-*.c file here compiles one example from
 * examples/ with its main() renamed and exports its parse_args(), so that
 * every example stays one file that builds on its own.
 */
#ifndef IPT_FUZZ_EXAMPLES_H
#define IPT_FUZZ_EXAMPLES_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt.h>

/* examples/technique-picker.c: 0 to rank, 1 for --help, -1 with @p err. */
int
fuzz_technique_picker_args(int argc, char **argv,
                           struct ipt_select_context *ctx, char *err,
                           size_t err_size);

/* examples/machine-diagram.c: 0 with @p format, or -1. */
int
fuzz_machine_diagram_args(int argc, char **argv,
                          enum ipt_diagram_format *format);

/* examples/fhir-export.c: 0 with flags added to @p flags, or -1. */
int
fuzz_fhir_export_args(int argc, char **argv, uint32_t *flags);

/* examples/course-record.c: 1 with @p path set, 0 without a FILE, -1. */
int
fuzz_course_record_args(int argc, char **argv, char *path,
                        size_t path_size);

/* examples/problem-area-triage.c: 0 without arguments, else -1. */
int
fuzz_problem_area_triage_args(int argc, char **argv);

#endif /* IPT_FUZZ_EXAMPLES_H */
