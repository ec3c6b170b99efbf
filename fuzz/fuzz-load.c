/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the course loader: the input is a course document.
 *
 * Oracle: ipt_course_load_json() never crashes, leaks or hangs on any
 * input, refuses with a documented status and a message, and leaves its
 * output untouched when it refuses.  When the input loads, the course
 * saves; the saved text loads again; and saving that course gives the same
 * bytes (save(load(save(load(x)))) == save(load(x))).  The fidelity report
 * and the outcome run on every loaded course, since a document can hold
 * records no sequence of API calls would build.  A broken oracle stops the
 * run with __builtin_trap().
 *
 * Built twice by fuzz/meson.build: with -fsanitize=fuzzer as fuzz-load
 * (clang, -Dfuzzing=true), and with replay.c as an ordinary program that
 * runs the corpus as a meson test.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MSG_SIZE 256

static void
check(int ok)
{
    if (!ok)
        __builtin_trap();
}

/* The statuses ipt_course_load_json() documents for a bad document. */
static int
documented(enum ipt_status st)
{
    return st == IPT_ERR_FORMAT || st == IPT_ERR_VERSION ||
           st == IPT_ERR_HISTORY || st == IPT_ERR_NO_MEMORY ||
           st == IPT_ERR_NOT_BUILT;
}

/* The document of a loaded course, in a malloc()ed buffer; NULL only when
 * malloc fails. */
static char *
save(const struct ipt_course *course, size_t *length)
{
    size_t n = 0;
    char *buf;

    check(ipt_course_save_json(course, NULL, 0, &n) ==
          IPT_ERR_BUFFER_TOO_SMALL);
    buf = malloc(n + 1);
    if (buf == NULL)
        return NULL;
    check(ipt_course_save_json(course, buf, n + 1, length) == IPT_OK);
    check(*length == n && buf[n] == '\0');
    return buf;
}

/* Reads the loaded course the way an application would. */
static void
inspect(const struct ipt_course *course)
{
    struct ipt_finding findings[8];
    struct ipt_outcome outcome;
    uint32_t count = 0;

    check(ipt_fidelity_check(course, NULL, findings, 8, &count) == IPT_OK);
    for (uint32_t i = 0; i < count && i < 8; i++)
        check(memchr(findings[i].message, '\0',
                     sizeof(findings[i].message)) != NULL);
    for (int32_t kind = IPT_MEASURE_PHQ9; kind <= IPT_MEASURE_GAD7; kind++) {
        enum ipt_status st = ipt_course_outcome(
            course, (enum ipt_measure_kind)kind, NULL, &outcome);

        check(st == IPT_OK || st == IPT_ERR_NO_BASELINE);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Never dereferenced: shows whether a failed load wrote *out. */
    /* NOLINTNEXTLINE(performance-no-int-to-ptr) */
    struct ipt_course *const sentinel = (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *first = sentinel;
    struct ipt_course *second = NULL;
    const char *json = data != NULL ? (const char *)data : "";
    char msg[MSG_SIZE];
    char *doc1 = NULL;
    char *doc2 = NULL;
    size_t len1 = 0;
    size_t len2 = 0;
    enum ipt_status st;

    memset(msg, 'x', sizeof(msg));
    st = ipt_course_load_json(json, size, NULL, &first, msg, sizeof(msg));
    check(memchr(msg, '\0', sizeof(msg)) != NULL);
    if (st != IPT_OK) {
        check(documented(st));
        check(first == sentinel);
        check(msg[0] != '\0');
        return 0;
    }
    check(first != NULL && first != sentinel && msg[0] == '\0');
    inspect(first);

    doc1 = save(first, &len1);
    if (doc1 != NULL) {
        st = ipt_course_load_json(doc1, len1, NULL, &second, msg,
                                  sizeof(msg));
        /* what this library saved, it loads (memory aside) */
        check(st == IPT_OK || st == IPT_ERR_NO_MEMORY);
        if (st == IPT_OK) {
            doc2 = save(second, &len2);
            check(doc2 == NULL ||
                  (len1 == len2 && memcmp(doc1, doc2, len1) == 0));
        }
    }
    free(doc2);
    free(doc1);
    ipt_course_free(second);
    ipt_course_free(first);
    return 0;
}
