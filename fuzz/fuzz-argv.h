/* SPDX-License-Identifier: MIT */
/*
 * Turns a fuzz input into a command line, for the targets that fuzz
 * argument parsers (fuzz-sim-opts.c, fuzz-examples.c).
 */
#ifndef IPT_FUZZ_ARGV_H
#define IPT_FUZZ_ARGV_H

#include <stddef.h>
#include <stdint.h>

/* A command line: argv[0] is the program's name, argv[argc] is NULL. */
struct fuzz_argv {
    int argc;
    char **argv;
    /* One allocation holds the array and the strings. */
    void *mem;
};

/*
 * Splits @p data into arguments after argv[0] = @p prog: every NUL or
 * newline byte ends an argument, so "--seed\n1" is two arguments and
 * "a\n\nb" three (the second empty).  A separator at the very end ends the
 * last argument without starting an empty one, so that corpus files may
 * end with a newline.  Returns 0, or -1 when memory runs out.
 */
int
fuzz_argv_split(const uint8_t *data, size_t size, const char *prog,
                struct fuzz_argv *out);

void
fuzz_argv_free(struct fuzz_argv *a);

#endif /* IPT_FUZZ_ARGV_H */
