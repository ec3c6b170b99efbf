/* SPDX-License-Identifier: MIT */
/*
 * examples/course-record.c compiled for fuzz-examples.c, with its main()
 * renamed; see fuzz-examples.h.
 */
#define main fuzz_course_record_main
int
main(int argc, char **argv);
/* The example is compiled here with its main() renamed, so that the
 * harness can call its parse_args(). */
/* NOLINTNEXTLINE(bugprone-suspicious-include) */
#include "course-record.c"
#undef main

#include "fuzz-examples.h"

int
fuzz_course_record_args(int argc, char **argv, char *path,
                        size_t path_size)
{
    return parse_args(argc, argv, path, path_size);
}
