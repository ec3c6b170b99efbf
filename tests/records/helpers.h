/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers for the tests of session records, measures, the fidelity
 * report and saving and loading courses (tests/records/): standard courses
 * with any allocator, measures, a counting allocator that fails on demand,
 * course documents, and temporary directories and files.
 *
 * Builds on tests/unit/helpers.h, which it includes: events with strictly
 * increasing timestamps (h_ok(), h_hold(), h_task(), h_next_ts()), driving
 * a course into a state (h_drive()), observation (h_state(), h_held()),
 * profiles (h_standard(), h_params()) and h_contains().
 *
 * Include after <cmocka.h>; every helper asserts through cmocka, so a
 * failure inside a helper fails the calling test.  The temporary-directory
 * helpers use mkdtemp() and lstat(): they are there only when the test
 * defines _POSIX_C_SOURCE to 200809L or later before its first #include.
 */
#ifndef IPT_TEST_RECORDS_HELPERS_H
#define IPT_TEST_RECORDS_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "../unit/helpers.h"

/* ---- courses ----------------------------------------------------------- */

/* A fresh standard course that allocates through @p a (NULL: the
 * default allocator). */
static inline struct ipt_course *
h_new_course(const struct ipt_allocator *a)
{
    struct ipt_course *c = NULL;

    assert_int_equal(ipt_course_new(h_standard(), a, &c), IPT_OK);
    assert_non_null(c);
    return c;
}

/* ---- measures ---------------------------------------------------------- */

/* A measure of @p kind with @p count items copied from @p items (all 0
 * when @p items is NULL); the total and the rest are 0. */
static inline struct ipt_measure
h_measure(enum ipt_measure_kind kind, uint32_t count, const uint8_t *items)
{
    struct ipt_measure m;

    memset(&m, 0, sizeof(m));
    m.kind = (int32_t)kind;
    m.item_count = count;
    if (items != NULL)
        memcpy(m.items, items, count);
    return m;
}

/* A measure of @p kind given by its total alone. */
static inline struct ipt_measure
h_total_only(enum ipt_measure_kind kind, int32_t total)
{
    struct ipt_measure m = h_measure(kind, 0, NULL);

    m.total = total;
    return m;
}

/* A PHQ-9 whose items 1-8 are all @p each and item 9 is @p item9. */
static inline struct ipt_measure
h_phq9(uint8_t each, uint8_t item9)
{
    struct ipt_measure m = h_measure(IPT_MEASURE_PHQ9, IPT_PHQ9_ITEMS, NULL);

    for (unsigned i = 0; i < 8; i++)
        m.items[i] = each;
    m.items[8] = item9;
    return m;
}

/* ---- course documents -------------------------------------------------- */

/* Whether this build of libipt saves JSON (-Djson=enabled). */
static inline bool
h_json_built(void)
{
    const struct ipt_profile *p = NULL;
    struct ipt_course *c = NULL;
    size_t len = 0;
    enum ipt_status st;

    if (ipt_profile_builtin("standard", &p) != IPT_OK ||
        ipt_course_new(p, NULL, &c) != IPT_OK)
        return false;
    st = ipt_course_save_json(c, NULL, 0, &len);
    ipt_course_free(c);
    return st != IPT_ERR_NOT_BUILT;
}

/* The document of a course, NUL-terminated; free() it.  A first call
 * without a buffer must report the length. */
static inline char *
h_doc_of(const struct ipt_course *c)
{
    size_t len = 0;
    char *buf;

    assert_int_equal(ipt_course_save_json(c, NULL, 0, &len),
                     IPT_ERR_BUFFER_TOO_SMALL);
    buf = malloc(len + 1);
    assert_non_null(buf);
    assert_int_equal(ipt_course_save_json(c, buf, len + 1, &len), IPT_OK);
    assert_int_equal(strlen(buf), len);
    return buf;
}

/* ---- a counting allocator that fails on demand ------------------------- */

/* Every block carries a header with a magic number, so that a free of a
 * block this allocator did not hand out (or of NULL) is noticed. */
#define H_ALLOC_HEADER 16u
#define H_ALLOC_MAGIC 0x5AFEC0DEu

struct h_counter {
    unsigned long allocs;       /* alloc calls, the failed ones included */
    unsigned long frees;        /* free calls */
    long fail_at;               /* fail the alloc call with this index,
                                 * counted from h_counter_arm(); -1: never */
    unsigned long armed_calls;
    unsigned long failures;     /* alloc calls failed on purpose */
    long live;                  /* blocks handed out and not yet freed */
    bool bad_free;              /* a free of NULL or of a foreign block */
};

static inline void *
h_counting_alloc(size_t size, void *user_data)
{
    struct h_counter *k = user_data;
    unsigned char *p;

    k->allocs++;
    assert_true(size > 0); /* <ipt/ipt-alloc.h>: never called with 0 */
    if (k->fail_at >= 0 && (long)k->armed_calls++ == k->fail_at) {
        k->failures++;
        return NULL;
    }
    p = malloc(size + H_ALLOC_HEADER);
    if (p == NULL)
        return NULL;
    memcpy(p, &(unsigned){ H_ALLOC_MAGIC }, sizeof(unsigned));
    k->live++;
    return p + H_ALLOC_HEADER;
}

static inline void
h_counting_free(void *ptr, void *user_data)
{
    struct h_counter *k = user_data;
    unsigned char *p;
    unsigned magic;

    k->frees++;
    if (ptr == NULL) {
        k->bad_free = true;
        return;
    }
    p = (unsigned char *)ptr - H_ALLOC_HEADER;
    memcpy(&magic, p, sizeof(magic));
    if (magic != H_ALLOC_MAGIC) {
        k->bad_free = true;
        return;
    }
    memset(p, 0, sizeof(magic));
    k->live--;
    free(p);
}

/* Resets @p k (nothing fails) and returns an allocator that counts in it. */
static inline struct ipt_allocator
h_counter_init(struct h_counter *k)
{
    struct ipt_allocator a;

    memset(k, 0, sizeof(*k));
    k->fail_at = -1;
    a.alloc = h_counting_alloc;
    a.free = h_counting_free;
    a.user_data = k;
    return a;
}

/* From now on, the alloc call with index @p fail_at (0: the next one)
 * fails; -1: none does. */
static inline void
h_counter_arm(struct h_counter *k, long fail_at)
{
    k->fail_at = fail_at;
    k->armed_calls = 0;
}

/* ---- files ------------------------------------------------------------- */

/* The whole file, NUL-terminated (free() it), or NULL if it is absent;
 * its length in *length unless @p length is NULL. */
static inline char *
h_read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    assert_int_equal(fclose(f), 0);
    if (length != NULL)
        *length = (size_t)n;
    return buf;
}

/* Makes @p path a file that holds exactly @p text. */
static inline void
h_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* Asserts that @p path holds exactly @p want, byte for byte, or, with
 * @p want NULL, that there is no file at @p path. */
static inline void
h_assert_file(const char *path, const char *want)
{
    size_t n = 0;
    char *have = h_read_file(path, &n);

    if (want == NULL) {
        assert_null(have);
        return;
    }
    assert_non_null(have);
    assert_string_equal(have, want);
    assert_int_equal(n, strlen(want)); /* no NUL byte within */
    free(have);
}

/* ---- temporary directories (POSIX) ------------------------------------- */

#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh directory under the current directory (meson runs the tests in
 * their build directory) and the two paths a save uses in it. */
struct h_dir {
    char root[64];
    char path[128];   /* root/course.json */
    char tmp[128];    /* root/course.json.tmp */
};

/* Makes the directory @p prefix-XXXXXX with mkdtemp(). */
static inline void
h_dir_make(struct h_dir *d, const char *prefix)
{
    int n = snprintf(d->root, sizeof(d->root), "%s-XXXXXX", prefix);

    assert_true(n > 0 && (size_t)n < sizeof(d->root));
    assert_non_null(mkdtemp(d->root));
    (void)snprintf(d->path, sizeof(d->path), "%s/course.json", d->root);
    (void)snprintf(d->tmp, sizeof(d->tmp), "%s/course.json.tmp", d->root);
}

/* Removes the directory and every file in it. */
static inline void
h_dir_remove(const struct h_dir *d)
{
    DIR *dp = opendir(d->root);
    struct dirent *e;
    char p[400];

    assert_non_null(dp);
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        (void)snprintf(p, sizeof(p), "%s/%s", d->root, e->d_name);
        assert_int_equal(unlink(p), 0);
    }
    (void)closedir(dp);
    assert_int_equal(rmdir(d->root), 0);
}

/* Whether anything, a dangling symbolic link included, is at @p path. */
static inline bool
h_exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

/* The permission bits of @p path. */
static inline unsigned
h_file_mode(const char *path)
{
    struct stat st;

    assert_int_equal(stat(path, &st), 0);
    return (unsigned)(st.st_mode & 07777);
}

#endif /* _POSIX_C_SOURCE >= 200809L */

#endif /* IPT_TEST_RECORDS_HELPERS_H */
