/* SPDX-License-Identifier: MIT */
/*
 * examples/technique-picker.c compiled for fuzz-examples.c, with its main()
 * renamed; see fuzz-examples.h.
 */
#define main fuzz_technique_picker_main
int
main(int argc, char **argv);
/* The example is compiled here with its main() renamed, so that the
 * harness can call its parse_args(). */
/* NOLINTNEXTLINE(bugprone-suspicious-include) */
#include "technique-picker.c"
#undef main

#include "fuzz-examples.h"

int
fuzz_technique_picker_args(int argc, char **argv,
                           struct ipt_select_context *ctx, char *err,
                           size_t err_size)
{
    return parse_args(argc, argv, ctx, err, err_size);
}
