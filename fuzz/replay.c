/* SPDX-License-Identifier: MIT */
/*
 * Runs a fuzz target over files without libFuzzer, so that an ordinary
 * (gcc) build checks the whole corpus as a meson test.  fuzz/meson.build
 * links it with each target as fuzz-NAME-replay.
 *
 * Usage: fuzz-NAME-replay PATH...
 *
 * Each PATH is a file or a directory; every regular file directly in a
 * directory is run.  A broken oracle traps (the process dies of SIGILL).
 * Exits 0 when every file ran, 1 when a path cannot be read or no file was
 * found.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs longer than libFuzzer's -max_len in fuzz/run-fuzz.sh run all the
 * same; this only bounds memory. */
#define MAX_INPUT ((size_t)64 * 1024 * 1024)

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    struct stat st;
    size_t size;
    size_t n;

    if (f == NULL || fstat(fileno(f), &st) != 0 ||
        (uintmax_t)st.st_size > MAX_INPUT) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        if (f != NULL)
            (void)fclose(f);
        return -1;
    }
    size = (size_t)st.st_size;
    /* one byte more, to notice a file that grew */
    buf = malloc(size + 1);
    if (buf == NULL) {
        (void)fclose(f);
        fprintf(stderr, "replay: out of memory\n");
        return -1;
    }
    n = fread(buf, 1, size + 1, f);
    if (ferror(f) || n != size) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        (void)fclose(f);
        free(buf);
        return -1;
    }
    (void)fclose(f); /* read only: nothing to lose */
    (void)LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int
is_dir(const char *path, int *dir)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return -1;
    *dir = S_ISDIR(st.st_mode);
    return S_ISDIR(st.st_mode) || S_ISREG(st.st_mode) ? 0 : 1;
}

/* Runs every regular file in @p dir; adds their number to *count. */
static int
run_dir(const char *dir, unsigned *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "replay: cannot open directory %s\n", dir);
        return -1;
    }
    /* readdir() on a stream of this single-threaded program only. */
    /* NOLINTNEXTLINE(concurrency-mt-unsafe) */
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char path[4096];
        int sub = 0;

        if (e->d_name[0] == '.')
            continue;
        if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
            (int)sizeof(path))
            continue;
        if (is_dir(path, &sub) != 0 || sub)
            continue;
        rc = run_file(path);
        if (rc == 0)
            (*count)++;
    }
    closedir(d);
    return rc;
}

int
main(int argc, char **argv)
{
    unsigned count = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        int dir = 0;

        if (is_dir(argv[i], &dir) < 0) {
            fprintf(stderr, "replay: no such file or directory: %s\n",
                    argv[i]);
            return 1;
        }
        if (dir) {
            if (run_dir(argv[i], &count) != 0)
                return 1;
        } else {
            if (run_file(argv[i]) != 0)
                return 1;
            count++;
        }
    }
    printf("replayed %u inputs\n", count);
    return count > 0 ? 0 : 1;
}
