/* SPDX-License-Identifier: MIT */
/*
 * Output helpers of the ipt-sim tool: files replaced atomically, numbers
 * written so that they read back exactly, and JSON strings.
 *
 * Not part of the library: nothing here is installed or exported.
 */
#ifndef IPT_SIM_OUT_H
#define IPT_SIM_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A file written through a temporary file in the same directory and renamed
 * over the final path only when everything has been written and synced.
 *
 *   out_open     creates PATH.tmp.XXXXXX (mkstemp) with the permissions a
 *                new file would get (0666 minus the umask)
 *   out_finish   fflush, fsync and fclose the temporary file
 *   out_commit   renames it to PATH and syncs the directory
 *   out_discard  closes and removes the temporary file, if any
 *
 * Each function returns 0 on success and -1 on failure, with a sentence in
 * err[] naming the step, the file and the system's error.  out_discard()
 * may be called in any state, any number of times.
 */
struct out_file {
    /* Final path, borrowed. */
    const char *path;
    /* Temporary path (owned) while it exists, else NULL. */
    char *tmp;
    /* Open stream on the temporary file, or NULL. */
    FILE *fp;
    /* The first write error seen by out_check(), 0 if none. */
    int write_errno;
};

/* Size of the err[] buffers the helpers fill. */
#define OUT_ERR_SIZE 512

int
out_open(struct out_file *f, const char *path, char *err);
int
out_check(struct out_file *f);
int
out_finish(struct out_file *f, char *err);
int
out_commit(struct out_file *f, char *err);
void
out_discard(struct out_file *f);

/* Record the new-file permission mode once, before any thread starts
 * (reading the umask means setting it). */
void
out_init_mode(void);

/*
 * The shortest decimal text, in "%.Ng" form with N at most 17, that reads
 * back as exactly @p x (strtod, R, pandas with float_precision=
 * "round_trip").  @p buf must hold at least 32 bytes.  Returns @p buf.
 */
#define OUT_DOUBLE_SIZE 32
const char *
out_double(char *buf, double x);

/* Write @p s as a JSON string, with quotes; bytes that are not valid
 * UTF-8 become U+FFFD. */
void
out_json_string(FILE *fp, const char *s);

#endif /* IPT_SIM_OUT_H */
