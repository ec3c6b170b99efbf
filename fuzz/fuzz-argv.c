/* SPDX-License-Identifier: MIT */
/* See fuzz-argv.h. */
#include <stdlib.h>
#include <string.h>

#include "fuzz-argv.h"

static int
is_separator(uint8_t c)
{
    return c == '\0' || c == '\n';
}

int
fuzz_argv_split(const uint8_t *data, size_t size, const char *prog,
                struct fuzz_argv *out)
{
    size_t prog_len = strlen(prog);
    size_t count = 1;
    size_t array_bytes;
    char **argv;
    char *text;
    int argc = 1;

    if (size > 0)
        count++;
    for (size_t i = 0; i + 1 < size; i++)
        count += is_separator(data[i]) ? 1u : 0u;
    /* argv[count] = NULL, then prog and the bytes, each NUL-terminated */
    array_bytes = (count + 1) * sizeof(char *);
    argv = malloc(array_bytes + prog_len + 1 + size + 1);
    if (argv == NULL)
        return -1;
    text = (char *)argv + array_bytes;
    memcpy(text, prog, prog_len + 1);
    argv[0] = text;
    text += prog_len + 1;
    if (size > 0) {
        memcpy(text, data, size);
        text[size] = '\0';
        argv[argc++] = text;
        for (size_t i = 0; i + 1 < size; i++) {
            if (is_separator((uint8_t)text[i])) {
                text[i] = '\0';
                argv[argc++] = text + i + 1;
            }
        }
        if (is_separator((uint8_t)text[size - 1]))
            text[size - 1] = '\0';
    }
    argv[argc] = NULL;
    out->argc = argc;
    out->argv = argv;
    out->mem = argv;
    return 0;
}

void
fuzz_argv_free(struct fuzz_argv *a)
{
    free(a->mem);
    a->mem = NULL;
    a->argv = NULL;
    a->argc = 0;
}
