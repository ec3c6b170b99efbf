/* SPDX-License-Identifier: MIT */
/*
 * Saving courses to files and loading them back, through the public API
 * only: round trips, missing files and directories, the 64 MiB limit,
 * argument and operations-table checks, permissions, stale temp files,
 * allocation failure at every allocation, and a writer killed with SIGKILL
 * at random moments.  The step-by-step fault and crash sweeps of the
 * atomic writer are in test-io-atomic.c.
 *
 * Each test works in a fresh directory made with mkdtemp() under the
 * current directory (meson runs the test in its build directory).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ipt/ipt.h>

#include "helpers.h"
#include "jansson-fail.h"

#define MSG_SIZE 512
#define MIB ((size_t)1024 * 1024)

/* ---- courses ------------------------------------------------------------- */

/* A standard course driven into @p state. */
static struct ipt_course *
course_in(int state, const struct ipt_allocator *a)
{
    struct ipt_course *c = h_new_course(a);

    h_drive(c, state);
    return c;
}

/* Saves @p c to @p path, which must succeed. */
static void
save_ok(const struct ipt_course *c, const char *path)
{
    char msg[MSG_SIZE] = "junk";

    if (ipt_course_save_file(c, path, NULL, msg, sizeof(msg)) != IPT_OK)
        fail_msg("save of %s failed: %s", path, msg);
    assert_string_equal(msg, "");
}

/* Loads @p path, which must succeed, and returns the document of the
 * loaded course (free() it). */
static char *
load_doc(const char *path, const struct ipt_allocator *a)
{
    struct ipt_course *c = NULL;
    char msg[MSG_SIZE] = "junk";
    char *doc;

    if (ipt_course_load_file(path, NULL, a, &c, msg, sizeof(msg)) != IPT_OK)
        fail_msg("load of %s failed: %s", path, msg);
    assert_string_equal(msg, "");
    assert_non_null(c);
    doc = h_doc_of(c);
    ipt_course_free(c);
    return doc;
}

/* ---- the defaults -------------------------------------------------------- */

static void
test_io_default(void **state)
{
    struct ipt_io_ops io;

    (void)state;
    assert_int_equal(ipt_io_default(NULL), IPT_ERR_INVALID_ARGUMENT);
    memset(&io, 0xAB, sizeof(io));
    assert_int_equal(ipt_io_default(&io), IPT_OK);
    assert_int_equal(io.size, sizeof(io));
    assert_int_equal(io.reserved, 0);
    assert_null(io.user_data);
    assert_non_null(io.open);
    assert_non_null(io.read);
    assert_non_null(io.write);
    assert_non_null(io.sync);
    assert_non_null(io.close);
    assert_non_null(io.rename);
    assert_non_null(io.unlink);
    assert_non_null(io.sync_dir);
}

/* The default open refuses flags it does not know. */
static void
test_io_default_open_flags(void **state)
{
    struct ipt_io_ops io;
    int64_t h = -1;

    (void)state;
    assert_int_equal(ipt_io_default(&io), IPT_OK);
    assert_int_equal(io.open(NULL, "x", 0, 0600, &h), EINVAL);
    assert_int_equal(io.open(NULL, "x", IPT_IO_READ | IPT_IO_CREATE, 0600,
                             &h),
                     EINVAL);
    assert_int_equal(io.open(NULL, "x", 1u << 7, 0600, &h), EINVAL);
    assert_true(h == -1);
    assert_int_equal(io.close(NULL, -1), EBADF);
    assert_int_equal(io.sync(NULL, INT64_C(1) << 40), EBADF);
}

/* Every default operation checks its pointers and handle before it calls
 * the system; each limit is tried at and past its edge. */
static void
test_io_default_arguments(void **state)
{
    struct ipt_io_ops io;
    int64_t h = -1;
    uint64_t done = 0;
    char buf[16];
    char missing[128];
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    assert_int_equal(ipt_io_default(&io), IPT_OK);
    (void)snprintf(missing, sizeof(missing), "%s/missing", d.root);

    /* open: path and handle; the mode has 12 bits (07777) */
    assert_int_equal(io.open(NULL, NULL, IPT_IO_READ, 0, &h), EINVAL);
    assert_int_equal(io.open(NULL, d.path, IPT_IO_CREATE, 0600, NULL),
                     EINVAL);
    assert_int_equal(io.open(NULL, d.path, IPT_IO_CREATE, 010000u, &h),
                     EINVAL);
    assert_true(h == -1);
    assert_false(h_exists(d.path));
    assert_int_equal(io.open(NULL, d.path, IPT_IO_CREATE, 07777u, &h), 0);
    assert_int_equal(io.close(NULL, h), 0);
    assert_int_equal(io.unlink(NULL, d.path), 0);
    assert_int_equal(io.open(NULL, missing, IPT_IO_READ, 0, &h), ENOENT);

    /* write and read: buffer and count pointers */
    assert_int_equal(io.open(NULL, d.path, IPT_IO_CREATE, 0600, &h), 0);
    assert_int_equal(io.write(NULL, h, NULL, 3, &done), EINVAL);
    assert_int_equal(io.write(NULL, h, "abc", 3, NULL), EINVAL);
    assert_int_equal(io.write(NULL, h, "abc", 3, &done), 0);
    assert_int_equal(done, 3);
    assert_int_equal(io.sync(NULL, h), 0);
    assert_int_equal(io.close(NULL, h), 0);
    /* a handle already closed */
    assert_int_equal(io.close(NULL, h), EBADF);
    assert_int_equal(io.write(NULL, h, "abc", 3, &done), EBADF);

    assert_int_equal(io.open(NULL, d.path, IPT_IO_READ, 0, &h), 0);
    assert_int_equal(io.read(NULL, h, NULL, sizeof(buf), &done), EINVAL);
    assert_int_equal(io.read(NULL, h, buf, sizeof(buf), NULL), EINVAL);
    assert_int_equal(io.read(NULL, h, buf, sizeof(buf), &done), 0);
    assert_int_equal(done, 3);
    assert_memory_equal(buf, "abc", 3);
    assert_int_equal(io.read(NULL, h, buf, sizeof(buf), &done), 0);
    assert_int_equal(done, 0);  /* end of file */
    assert_int_equal(io.close(NULL, h), 0);

    /* handles outside 0..INT_MAX are no descriptors */
    assert_int_equal(io.read(NULL, -1, buf, sizeof(buf), &done), EBADF);
    assert_int_equal(io.read(NULL, (int64_t)INT_MAX + 1, buf, sizeof(buf),
                             &done),
                     EBADF);
    assert_int_equal(io.write(NULL, INT64_MIN, "a", 1, &done), EBADF);
    assert_int_equal(io.sync(NULL, -1), EBADF);

    /* operations on paths */
    assert_int_equal(io.rename(NULL, NULL, d.tmp), EINVAL);
    assert_int_equal(io.rename(NULL, d.path, NULL), EINVAL);
    assert_int_equal(io.rename(NULL, missing, d.tmp), ENOENT);
    assert_int_equal(io.unlink(NULL, NULL), EINVAL);
    assert_int_equal(io.unlink(NULL, missing), ENOENT);
    assert_int_equal(io.sync_dir(NULL, NULL), EINVAL);
    assert_int_equal(io.sync_dir(NULL, missing), ENOENT);
    assert_int_equal(io.sync_dir(NULL, d.path), ENOTDIR);
    assert_int_equal(io.sync_dir(NULL, d.root), 0);
    assert_int_equal(io.rename(NULL, d.path, d.tmp), 0);
    assert_true(h_exists(d.tmp));
    assert_false(h_exists(d.path));
    h_dir_remove(&d);
}

/* ---- round trips --------------------------------------------------------- */

static void
test_round_trip(void **state)
{
    static const int states[] = {
        IPT_STATE_NOT_STARTED, IPT_STATE_INITIAL, IPT_STATE_MIDDLE,
        IPT_STATE_COMPLETED, IPT_STATE_MAINTENANCE, IPT_STATE_REFERRED,
    };
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
        struct ipt_course *c = course_in(states[i], NULL);
        char *want = h_doc_of(c);
        char *again;

        save_ok(c, d.path);
        /* the file holds exactly the document */
        h_assert_file(d.path, want);
        assert_false(h_exists(d.tmp));
        again = load_doc(d.path, NULL);
        assert_string_equal(again, want);
        free(again);
        free(want);
        ipt_course_free(c);
    }
    h_dir_remove(&d);
}

/* The loaded course uses the caller's allocator, the saved one its own. */
static void
test_round_trip_allocators(void **state)
{
    struct h_counter kc, kl;
    struct ipt_allocator ac = h_counter_init(&kc);
    struct ipt_allocator al = h_counter_init(&kl);
    struct ipt_course *c = course_in(IPT_STATE_TERMINATION, &ac);
    char *want = h_doc_of(c);
    char *again;
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(c, d.path);
    again = load_doc(d.path, &al);
    assert_string_equal(again, want);
    assert_true(kl.allocs >= 2); /* the read buffer and the course */
    assert_int_equal(kl.live, 0);
    ipt_course_free(c);
    assert_int_equal(kc.live, 0);
    assert_false(kc.bad_free || kl.bad_free);
    free(want);
    free(again);
    h_dir_remove(&d);
}

/* A second save replaces the first; the file is 0600 whatever it was. */
static void
test_replace_and_mode(void **state)
{
    struct ipt_course *a = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *b = course_in(IPT_STATE_COMPLETED, NULL);
    char *doc_a = h_doc_of(a);
    char *doc_b = h_doc_of(b);
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(b, d.path);
    assert_int_equal(h_file_mode(d.path), 0600);
    h_assert_file(d.path, doc_b);
    /* a shorter document leaves no tail of the longer one */
    assert_true(strlen(doc_a) < strlen(doc_b));
    assert_int_equal(chmod(d.path, 0644), 0);
    save_ok(a, d.path);
    h_assert_file(d.path, doc_a);
    assert_int_equal(h_file_mode(d.path), 0600);
    free(doc_a);
    free(doc_b);
    ipt_course_free(a);
    ipt_course_free(b);
    h_dir_remove(&d);
}

/* A temp file left by a crash is removed; a symbolic link in its place is
 * removed, not followed. */
static void
test_stale_temp(void **state)
{
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE, NULL);
    char *doc = h_doc_of(c);
    char victim[160];
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    h_write_file(d.tmp, "{\"half\": \"a docu");
    save_ok(c, d.path);
    assert_false(h_exists(d.tmp));
    h_assert_file(d.path, doc);

    (void)snprintf(victim, sizeof(victim), "%s/victim", d.root);
    h_write_file(victim, "untouched");
    assert_int_equal(symlink("victim", d.tmp), 0);
    save_ok(c, d.path);
    assert_false(h_exists(d.tmp));
    h_assert_file(victim, "untouched");
    h_assert_file(d.path, doc);
    free(doc);
    ipt_course_free(c);
    h_dir_remove(&d);
}

/* ---- files that cannot be used ------------------------------------------- */

static void
test_missing_file(void **state)
{
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    char msg[MSG_SIZE];
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    assert_int_equal(ipt_course_load_file(d.path, NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_IO);
    assert_ptr_equal(c, sentinel);
    assert_true(h_contains(msg, "load failed at open of '"));
    assert_true(h_contains(msg, "course.json'"));
    assert_true(h_contains(msg, "error 2 (no such file or directory)"));
    h_dir_remove(&d);
}

static void
test_missing_directory(void **state)
{
    struct ipt_course *c = course_in(IPT_STATE_INITIAL, NULL);
    char msg[MSG_SIZE];
    char path[200];
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    (void)snprintf(path, sizeof(path), "%s/no-such-dir/course.json",
                   d.root);
    assert_int_equal(ipt_course_save_file(c, path, NULL, msg, sizeof(msg)),
                     IPT_ERR_IO);
    assert_true(h_contains(msg, "save failed at open of '"));
    assert_true(h_contains(msg, "course.json.tmp'"));
    assert_true(h_contains(msg, "no such file or directory"));
    assert_false(h_exists(path));
    ipt_course_free(c);
    h_dir_remove(&d);
}

/* A directory where the file should be, and a file that is no course. */
static void
test_unusable_files(void **state)
{
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    struct ipt_course *course = course_in(IPT_STATE_INITIAL, NULL);
    char msg[MSG_SIZE];
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    assert_int_equal(ipt_course_load_file(d.root, NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_IO);
    assert_true(h_contains(msg, "load failed at read of '"));
    /* saving over a directory fails at the rename and cleans up */
    assert_int_equal(mkdir(d.path, 0700), 0);
    assert_int_equal(ipt_course_save_file(course, d.path, NULL, msg,
                                          sizeof(msg)),
                     IPT_ERR_IO);
    assert_true(h_contains(msg, "save failed at rename of '"));
    assert_false(h_exists(d.tmp));
    assert_int_equal(rmdir(d.path), 0);

    h_write_file(d.path, "this is not JSON");
    assert_int_equal(ipt_course_load_file(d.path, NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_FORMAT);
    assert_true(msg[0] != '\0');
    h_write_file(d.path, "");
    assert_int_equal(ipt_course_load_file(d.path, NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_FORMAT);
    assert_ptr_equal(c, sentinel);
    ipt_course_free(course);
    h_dir_remove(&d);
}

/* ---- the size limit ------------------------------------------------------ */

/* A file layer that serves @p size bytes of spaces from any path, without
 * a file behind it. */
struct endless {
    size_t size;
    size_t served;
    unsigned opens;
    unsigned closes;
};

static int
e_open(void *u, const char *path, uint32_t flags, uint32_t mode, int64_t *h)
{
    struct endless *e = u;

    (void)path;
    (void)mode;
    assert_int_equal(flags, IPT_IO_READ);
    e->opens++;
    e->served = 0;
    *h = 7;
    return 0;
}

static int
e_read(void *u, int64_t h, void *buf, size_t size, size_t *done)
{
    struct endless *e = u;
    size_t n = e->size - e->served < size ? e->size - e->served : size;

    assert_true(h == 7);
    memset(buf, ' ', n);
    e->served += n;
    *done = n;
    return 0;
}

static int
e_close(void *u, int64_t h)
{
    struct endless *e = u;

    assert_true(h == 7);
    e->closes++;
    return 0;
}

static int
e_write(void *u, int64_t h, const void *buf, size_t size, size_t *done)
{
    (void)u, (void)h, (void)buf, (void)size, (void)done;
    return ENOSYS;
}

static int
e_handle(void *u, int64_t h)
{
    (void)u, (void)h;
    return ENOSYS;
}

static int
e_two(void *u, const char *a, const char *b)
{
    (void)u, (void)a, (void)b;
    return ENOSYS;
}

static int
e_one(void *u, const char *a)
{
    (void)u, (void)a;
    return ENOSYS;
}

static struct ipt_io_ops
endless_io(struct endless *e, size_t size)
{
    struct ipt_io_ops io;

    memset(e, 0, sizeof(*e));
    e->size = size;
    memset(&io, 0, sizeof(io));
    io.size = (uint32_t)sizeof(io);
    io.user_data = e;
    io.open = e_open;
    io.read = e_read;
    io.write = e_write;
    io.sync = e_handle;
    io.close = e_close;
    io.rename = e_two;
    io.unlink = e_one;
    io.sync_dir = e_one;
    return io;
}

static void
test_too_large(void **state)
{
    static const struct {
        size_t size;
        enum ipt_status want;
    } cases[] = {
        { SIZE_MAX, IPT_ERR_OUT_OF_RANGE },          /* never ends */
        { 64 * MIB + 1, IPT_ERR_OUT_OF_RANGE },
        { 64 * MIB, IPT_ERR_FORMAT },                 /* read, then parsed */
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct endless e;
        struct ipt_io_ops io = endless_io(&e, cases[i].size);
        struct h_counter k;
        struct ipt_allocator a = h_counter_init(&k);
        struct ipt_course *c = NULL;
        char msg[MSG_SIZE];

        assert_int_equal(ipt_course_load_file("big.json", &io, &a, &c, msg,
                                              sizeof(msg)),
                         cases[i].want);
        assert_null(c);
        assert_int_equal(e.opens, 1);
        assert_int_equal(e.closes, 1);
        assert_int_equal(k.live, 0);
        if (cases[i].want == IPT_ERR_OUT_OF_RANGE) {
            assert_true(h_contains(msg, "'big.json' is larger than "
                                        "67108864 bytes"));
            /* it stopped one byte past the limit */
            assert_true(e.served == 64 * MIB + 1);
        }
    }
}

/* ---- arguments ----------------------------------------------------------- */

static void
test_null_arguments(void **state)
{
    static char long_path[4100];
    struct ipt_course *course = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    struct ipt_allocator half = { NULL, NULL, NULL };
    char msg[MSG_SIZE];

    (void)state;
    memset(long_path, 'x', 4092);
    long_path[4092] = '\0';

    assert_int_equal(ipt_course_save_file(NULL, "f", NULL, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_true(h_contains(msg, "course is NULL"));
    assert_int_equal(ipt_course_save_file(course, NULL, NULL, msg,
                                          sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_true(h_contains(msg, "path is NULL"));
    assert_int_equal(ipt_course_save_file(course, "", NULL, msg,
                                          sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_true(h_contains(msg, "path is empty"));
    assert_int_equal(ipt_course_save_file(course, "dir/", NULL, msg,
                                          sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_save_file(course, long_path, NULL, msg,
                                          sizeof(msg)),
                     IPT_ERR_OUT_OF_RANGE);
    assert_true(h_contains(msg, "longer than 4091 bytes"));
    assert_int_equal(ipt_course_save_file(course, NULL, NULL, NULL, 0),
                     IPT_ERR_INVALID_ARGUMENT);

    assert_int_equal(ipt_course_load_file("f", NULL, NULL, NULL, msg,
                                          sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_load_file(NULL, NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_load_file("", NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt_course_load_file(long_path, NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_OUT_OF_RANGE);
    assert_int_equal(ipt_course_load_file("f", NULL, &half, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_true(h_contains(msg, "allocator"));
    assert_ptr_equal(c, sentinel);
    ipt_course_free(course);
}

/* Messages are optional, truncated to fit, and "" on success. */
static void
test_message_buffers(void **state)
{
    struct ipt_course *course = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *c = NULL;
    char msg[MSG_SIZE];
    char tiny[8] = "abcdefg";
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    assert_int_equal(ipt_course_save_file(course, d.path, NULL, NULL, 0),
                     IPT_OK);
    assert_int_equal(ipt_course_save_file(course, d.path, NULL, tiny, 0),
                     IPT_OK);
    assert_string_equal(tiny, "abcdefg");
    assert_int_equal(ipt_course_load_file(d.path, NULL, NULL, &c, NULL, 0),
                     IPT_OK);
    ipt_course_free(c);
    assert_int_equal(ipt_course_load_file(d.tmp, NULL, NULL, &c, tiny,
                                          sizeof(tiny)),
                     IPT_ERR_IO);
    assert_string_equal(tiny, "load fa");
    strcpy(msg, "junk");
    assert_int_equal(ipt_course_load_file(d.path, NULL, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_OK);
    assert_string_equal(msg, "");
    ipt_course_free(c);
    ipt_course_free(course);
    h_dir_remove(&d);
}

/* ---- operations tables --------------------------------------------------- */

/* Every operation counts its calls and fails. */
static unsigned io_calls;

static int
c_open(void *u, const char *p, uint32_t f, uint32_t m, int64_t *h)
{
    (void)u, (void)p, (void)f, (void)m, (void)h;
    io_calls++;
    return EIO;
}

static int
c_read(void *u, int64_t h, void *b, size_t s, size_t *d)
{
    (void)u, (void)h, (void)b, (void)s, (void)d;
    io_calls++;
    return EIO;
}

static int
c_write(void *u, int64_t h, const void *b, size_t s, size_t *d)
{
    (void)u, (void)h, (void)b, (void)s, (void)d;
    io_calls++;
    return EIO;
}

static int
c_handle(void *u, int64_t h)
{
    (void)u, (void)h;
    io_calls++;
    return EIO;
}

static int
c_two(void *u, const char *a, const char *b)
{
    (void)u, (void)a, (void)b;
    io_calls++;
    return EIO;
}

static int
c_one(void *u, const char *a)
{
    (void)u, (void)a;
    io_calls++;
    return EIO;
}

static struct ipt_io_ops
failing_io(void)
{
    struct ipt_io_ops io;

    memset(&io, 0, sizeof(io));
    io.size = (uint32_t)sizeof(io);
    io.open = c_open;
    io.read = c_read;
    io.write = c_write;
    io.sync = c_handle;
    io.close = c_handle;
    io.rename = c_two;
    io.unlink = c_one;
    io.sync_dir = c_one;
    return io;
}

/* Runs a save and a load with @p io; both must return @p want, and call
 * no operation unless the table was accepted. */
static void
try_table(const struct ipt_io_ops *io, enum ipt_status want)
{
    struct ipt_course *course = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *c = NULL;
    char msg[MSG_SIZE];

    io_calls = 0;
    assert_int_equal(ipt_course_save_file(course, "f.json", io, msg,
                                          sizeof(msg)),
                     want);
    assert_true(msg[0] != '\0');
    assert_int_equal(ipt_course_load_file("f.json", io, NULL, &c, msg,
                                          sizeof(msg)),
                     want);
    assert_null(c);
    assert_true(msg[0] != '\0');
    assert_true(want == IPT_ERR_IO ? io_calls > 0 : io_calls == 0);
    ipt_course_free(course);
}

static void
test_malformed_tables(void **state)
{
    struct bigger {
        struct ipt_io_ops ops;
        uint64_t extra[2];
    } big;
    struct ipt_io_ops io;

    (void)state;
    /* the table itself works: every operation fails with EIO */
    io = failing_io();
    try_table(&io, IPT_ERR_IO);

    io.size = 0;
    try_table(&io, IPT_ERR_INVALID_ARGUMENT);
    io.size = (uint32_t)sizeof(io) - 1;
    try_table(&io, IPT_ERR_INVALID_ARGUMENT);
    io = failing_io();
    io.reserved = 1;
    try_table(&io, IPT_ERR_INVALID_ARGUMENT);
    for (int i = 0; i < 8; i++) {
        io = failing_io();
        switch (i) {
        case 0: io.open = NULL; break;
        case 1: io.read = NULL; break;
        case 2: io.write = NULL; break;
        case 3: io.sync = NULL; break;
        case 4: io.close = NULL; break;
        case 5: io.rename = NULL; break;
        case 6: io.unlink = NULL; break;
        default: io.sync_dir = NULL; break;
        }
        try_table(&io, IPT_ERR_INVALID_ARGUMENT);
    }

    /* a newer, larger table: fine while its extra bytes are 0 */
    memset(&big, 0, sizeof(big));
    big.ops = failing_io();
    big.ops.size = (uint32_t)sizeof(big);
    try_table(&big.ops, IPT_ERR_IO);
    big.extra[1] = 1;
    try_table(&big.ops, IPT_ERR_UNSUPPORTED);
}

/* ---- error codes in messages ------------------------------------------- */

/* The default operations, except that sync fails with sync_err and every
 * unlink after the first (the removal of a stale temp file) fails with
 * unlink_err; reads may claim more bytes than they were asked for. */
struct faults {
    struct ipt_io_ops real;
    int32_t sync_err;
    int32_t sync_dir_err;
    int32_t unlink_err;
    bool read_overclaims;
    unsigned unlinks;
};

static struct faults *
faults_of(void *user_data)
{
    return user_data;
}

static int32_t
f_open(void *u, const char *path, uint32_t flags, uint32_t mode,
       int64_t *handle)
{
    return faults_of(u)->real.open(NULL, path, flags, mode, handle);
}

static int32_t
f_read(void *u, int64_t h, void *buf, uint64_t size, uint64_t *done)
{
    int32_t err = faults_of(u)->real.read(NULL, h, buf, size, done);

    if (err == 0 && faults_of(u)->read_overclaims)
        *done = size + 1;
    return err;
}

static int32_t
f_write(void *u, int64_t h, const void *buf, uint64_t size, uint64_t *done)
{
    return faults_of(u)->real.write(NULL, h, buf, size, done);
}

static int32_t
f_sync(void *u, int64_t h)
{
    if (faults_of(u)->sync_err != 0)
        return faults_of(u)->sync_err;
    return faults_of(u)->real.sync(NULL, h);
}

static int32_t
f_close(void *u, int64_t h)
{
    return faults_of(u)->real.close(NULL, h);
}

static int32_t
f_rename(void *u, const char *from, const char *to)
{
    return faults_of(u)->real.rename(NULL, from, to);
}

static int32_t
f_unlink(void *u, const char *path)
{
    struct faults *f = faults_of(u);

    if (f->unlinks++ > 0 && f->unlink_err != 0)
        return f->unlink_err;
    return f->real.unlink(NULL, path);
}

static int32_t
f_sync_dir(void *u, const char *dir)
{
    if (faults_of(u)->sync_dir_err != 0)
        return faults_of(u)->sync_dir_err;
    return faults_of(u)->real.sync_dir(NULL, dir);
}

static struct ipt_io_ops
faults_io(struct faults *f)
{
    struct ipt_io_ops io;

    memset(f, 0, sizeof(*f));
    assert_int_equal(ipt_io_default(&f->real), IPT_OK);
    memset(&io, 0, sizeof(io));
    io.size = (uint32_t)sizeof(io);
    io.user_data = f;
    io.open = f_open;
    io.read = f_read;
    io.write = f_write;
    io.sync = f_sync;
    io.close = f_close;
    io.rename = f_rename;
    io.unlink = f_unlink;
    io.sync_dir = f_sync_dir;
    return io;
}

/* An error code the library has no text for is given as its number; a
 * failed removal of the temp file is added to the message; the file is
 * left as it was. */
static void
test_error_codes_in_messages(void **state)
{
    struct ipt_course *old = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *c = course_in(IPT_STATE_MIDDLE, NULL);
    char *old_doc = h_doc_of(old);
    struct faults f;
    struct ipt_io_ops io = faults_io(&f);
    char msg[MSG_SIZE];
    char want[MSG_SIZE];
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(old, d.path);

    f.sync_err = 1234;
    assert_int_equal(ipt_course_save_file(c, d.path, &io, msg, sizeof(msg)),
                     IPT_ERR_IO);
    (void)snprintf(want, sizeof(want),
                   "save failed at fsync of '%s': error 1234", d.tmp);
    assert_string_equal(msg, want);
    assert_false(h_exists(d.tmp));

    io = faults_io(&f);
    f.sync_err = ENOSPC;
    f.unlink_err = 4321;
    assert_int_equal(ipt_course_save_file(c, d.path, &io, msg, sizeof(msg)),
                     IPT_ERR_IO);
    (void)snprintf(want, sizeof(want),
                   "save failed at fsync of '%s': error %d (no space left "
                   "on device); removing it failed too: error 4321",
                   d.tmp, ENOSPC);
    assert_string_equal(msg, want);
    assert_int_equal(f.unlinks, 2);
    assert_true(h_exists(d.tmp));    /* the next save removes it */
    h_assert_file(d.path, old_doc);

    /* the next save removes the temp file and replaces the course */
    save_ok(c, d.path);
    assert_false(h_exists(d.tmp));
    free(old_doc);
    ipt_course_free(old);
    ipt_course_free(c);
    h_dir_remove(&d);
}

/* A failed sync of the directory comes after the rename, and its message
 * has two parts; for every buffer size the message is the longest prefix
 * of the full one that fits, and without a buffer the status is the same. */
static void
test_sync_dir_message_cut(void **state)
{
    struct ipt_course *c = course_in(IPT_STATE_INITIAL, NULL);
    char *doc = h_doc_of(c);
    struct faults f;
    struct ipt_io_ops io = faults_io(&f);
    char full[MSG_SIZE];
    char buf[MSG_SIZE + 16];
    size_t full_len;
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    f.sync_dir_err = EIO;
    assert_int_equal(ipt_course_save_file(c, d.path, &io, full,
                                          sizeof(full)),
                     IPT_ERR_IO);
    (void)snprintf(buf, sizeof(buf),
                   "save failed at fsync of directory '%s': error %d (I/O "
                   "error); the new file is in place but may not survive a "
                   "crash", d.root, EIO);
    assert_string_equal(full, buf);
    h_assert_file(d.path, doc);
    full_len = strlen(full);

    assert_int_equal(ipt_course_save_file(c, d.path, &io, NULL, 0),
                     IPT_ERR_IO);
    for (size_t size = 1; size <= full_len + 2; size++) {
        size_t want_len = size - 1 < full_len ? size - 1 : full_len;

        memset(buf, 'x', sizeof(buf));
        assert_int_equal(ipt_course_save_file(c, d.path, &io, buf, size),
                         IPT_ERR_IO);
        if (strlen(buf) != want_len || memcmp(buf, full, want_len) != 0)
            fail_msg("with %zu bytes the message is \"%s\"", size, buf);
        for (size_t k = size; k < sizeof(buf); k++)
            assert_int_equal(buf[k], 'x');
    }
    h_assert_file(d.path, doc);
    free(doc);
    ipt_course_free(c);
    h_dir_remove(&d);
}

/* A read that claims more bytes than it was given room for is an I/O
 * error, not a read past the buffer. */
static void
test_read_overclaim(void **state)
{
    struct ipt_course *src = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    struct faults f;
    struct ipt_io_ops io = faults_io(&f);
    char msg[MSG_SIZE];
    char want[MSG_SIZE];
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(src, d.path);
    f.read_overclaims = true;
    assert_int_equal(ipt_course_load_file(d.path, &io, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_ERR_IO);
    (void)snprintf(want, sizeof(want),
                   "load failed at read of '%s': error %d (I/O error)",
                   d.path, EIO);
    assert_string_equal(msg, want);
    assert_ptr_equal(c, sentinel);
    f.read_overclaims = false;
    assert_int_equal(ipt_course_load_file(d.path, &io, NULL, &c, msg,
                                          sizeof(msg)),
                     IPT_OK);
    ipt_course_free(c);
    ipt_course_free(src);
    h_dir_remove(&d);
}

/* ---- allocation failure -------------------------------------------------- */

static void
test_save_no_memory(void **state)
{
    struct h_counter k;
    struct ipt_allocator a = h_counter_init(&k);
    struct ipt_course *old = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *c = course_in(IPT_STATE_COMPLETED, &a);
    char *old_doc = h_doc_of(old);
    char *new_doc = h_doc_of(c);
    long live = k.live;
    long fail_at;
    enum ipt_status st = IPT_ERR_NO_MEMORY;
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(old, d.path);
    for (fail_at = 0; fail_at < 1000; fail_at++) {
        char msg[MSG_SIZE];

        h_counter_arm(&k, fail_at);
        st = ipt_course_save_file(c, d.path, NULL, msg, sizeof(msg));
        if (st != IPT_ERR_NO_MEMORY)
            break;
        assert_true(h_contains(msg, "memory"));
        assert_int_equal(k.live, live);
        h_assert_file(d.path, old_doc);
        assert_false(h_exists(d.tmp));
    }
    assert_int_equal(st, IPT_OK);
    assert_true(fail_at >= 1); /* the document buffer */
    assert_int_equal(k.live, live);
    h_assert_file(d.path, new_doc);
    ipt_course_free(c);
    ipt_course_free(old);
    assert_int_equal(k.live, 0);
    assert_false(k.bad_free);
    free(old_doc);
    free(new_doc);
    h_dir_remove(&d);
}

/* jansson runs out of memory while the document is built, in the pass
 * that measures it or in the one that writes it: the save fails with
 * IPT_ERR_NO_MEMORY, and the file and the directory are as they were. */
static void
test_save_jansson_no_memory(void **state)
{
    h_json_set_alloc_fn set_alloc = h_find_json_set_alloc();
    struct ipt_course *old = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *c = course_in(IPT_STATE_COMPLETED, NULL);
    char *old_doc = h_doc_of(old);
    char *new_doc = h_doc_of(c);
    enum ipt_status st = IPT_ERR_NO_MEMORY;
    long failures = 0;
    long first_pass;
    uint64_t length = 0;
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(old, d.path);
    if (set_alloc == NULL || !h_json_built()) {
        free(old_doc);
        free(new_doc);
        ipt_course_free(old);
        ipt_course_free(c);
        h_dir_remove(&d);
        skip();
    }
    set_alloc(h_jansson_malloc, free);
    /* the allocations of the pass that measures the document */
    h_jansson_calls = 0;
    assert_int_equal(ipt_course_save_json(c, NULL, 0, &length),
                     IPT_ERR_BUFFER_TOO_SMALL);
    first_pass = h_jansson_calls;
    for (long k = 0; k < 100000; k++) {
        char msg[MSG_SIZE];

        h_jansson_fail_at = k;
        h_jansson_calls = 0;
        st = ipt_course_save_file(c, d.path, NULL, msg, sizeof(msg));
        if (h_jansson_calls <= k)
            break;              /* no allocation failed */
        if (st != IPT_ERR_NO_MEMORY) {
            h_jansson_fail_at = -1;
            set_alloc(malloc, free);
            fail_msg("jansson allocation %ld failed: %s, \"%s\"", k,
                     ipt_status_name(st), msg);
        }
        assert_string_equal(msg, "save failed: memory allocation failed");
        h_assert_file(d.path, old_doc);
        assert_false(h_exists(d.tmp));
        failures++;
    }
    h_jansson_fail_at = -1;
    set_alloc(malloc, free);
    assert_int_equal(st, IPT_OK);
    /* allocations of both passes failed */
    assert_true(first_pass >= 1);
    assert_true(failures > first_pass);
    h_assert_file(d.path, new_doc);
    free(old_doc);
    free(new_doc);
    ipt_course_free(old);
    ipt_course_free(c);
    h_dir_remove(&d);
}

static void
test_load_no_memory(void **state)
{
    struct h_counter k;
    struct ipt_allocator a = h_counter_init(&k);
    struct ipt_course *src = course_in(IPT_STATE_MAINTENANCE, NULL);
    struct ipt_course *const sentinel =
        (struct ipt_course *)(uintptr_t)0x1000;
    struct ipt_course *c = sentinel;
    char *want = h_doc_of(src);
    char *have;
    long fail_at;
    enum ipt_status st = IPT_ERR_NO_MEMORY;
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(src, d.path);
    for (fail_at = 0; fail_at < 1000; fail_at++) {
        char msg[MSG_SIZE];

        h_counter_arm(&k, fail_at);
        c = sentinel;
        st = ipt_course_load_file(d.path, NULL, &a, &c, msg, sizeof(msg));
        if (st != IPT_ERR_NO_MEMORY)
            break;
        assert_ptr_equal(c, sentinel);
        assert_int_equal(k.live, 0);
        h_assert_file(d.path, want);
    }
    assert_int_equal(st, IPT_OK);
    assert_true(fail_at >= 2); /* the read buffer and the course */
    h_counter_arm(&k, -1);
    have = h_doc_of(c);
    assert_string_equal(have, want);
    ipt_course_free(c);
    assert_int_equal(k.live, 0);
    assert_false(k.bad_free);
    free(want);
    free(have);
    ipt_course_free(src);
    h_dir_remove(&d);
}

/* ---- a writer killed at random moments ----------------------------------- */

/* Kills per run; the environment variable IPT_TEST_KILLS overrides it
 * (e.g. 1000 before a release). */
#define KILLS 200

static int
kills_wanted(void)
{
    const char *env = getenv("IPT_TEST_KILLS");
    long n = env != NULL ? strtol(env, NULL, 10) : KILLS;

    return n > 0 && n <= 1000000 ? (int)n : KILLS;
}

static uint32_t
next_random(uint32_t *s)
{
    /* xorshift32 */
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void
sleep_us(long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/*
 * A child saves two documents in turn to the same path, as fast as it can;
 * the parent kills it with SIGKILL after a random delay, then loads the
 * file, which must be one of the two documents, complete.  This runs the
 * real system calls; power loss is the simulation's job
 * (test-io-atomic.c).
 */
static void
test_kill_while_saving(void **state)
{
    struct ipt_course *a = course_in(IPT_STATE_INITIAL, NULL);
    struct ipt_course *b = course_in(IPT_STATE_MAINTENANCE, NULL);
    char *doc_a = h_doc_of(a);
    char *doc_b = h_doc_of(b);
    unsigned seen_a = 0, seen_b = 0, torn_tmp = 0;
    uint32_t seed = 0x1F0A2B3Cu;
    const int kills = kills_wanted();
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "test-io");
    save_ok(a, d.path);
    for (int i = 0; i < kills; i++) {
        pid_t pid;
        int status = 0;
        char *have;

        (void)fflush(NULL);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            for (unsigned n = 0;; n++)
                (void)ipt_course_save_file(n % 2 ? b : a, d.path, NULL,
                                           NULL, 0);
        }
        sleep_us((long)(next_random(&seed) % 4000));
        assert_int_equal(kill(pid, SIGKILL), 0);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        if (h_exists(d.tmp))
            torn_tmp++;
        have = load_doc(d.path, NULL);
        if (strcmp(have, doc_a) == 0)
            seen_a++;
        else if (strcmp(have, doc_b) == 0)
            seen_b++;
        else
            fail_msg("kill %d left a file that is neither document", i);
        free(have);
        assert_int_equal(h_file_mode(d.path), 0600);
    }
    /* a save after the last kill removes any temp file left behind */
    save_ok(b, d.path);
    assert_false(h_exists(d.tmp));
    print_message("# %d kills: %u times the first document, %u the second, "
                  "%u with a temp file left\n",
                  kills, seen_a, seen_b, torn_tmp);
    assert_int_equal(seen_a + seen_b, (unsigned)kills);
    free(doc_a);
    free(doc_b);
    ipt_course_free(a);
    ipt_course_free(b);
    h_dir_remove(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_io_default),
        cmocka_unit_test(test_io_default_open_flags),
        cmocka_unit_test(test_io_default_arguments),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_allocators),
        cmocka_unit_test(test_replace_and_mode),
        cmocka_unit_test(test_stale_temp),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_missing_directory),
        cmocka_unit_test(test_unusable_files),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_message_buffers),
        cmocka_unit_test(test_malformed_tables),
        cmocka_unit_test(test_error_codes_in_messages),
        cmocka_unit_test(test_sync_dir_message_cut),
        cmocka_unit_test(test_read_overclaim),
        cmocka_unit_test(test_save_no_memory),
        cmocka_unit_test(test_save_jansson_no_memory),
        cmocka_unit_test(test_load_no_memory),
        cmocka_unit_test(test_kill_while_saving),
    };

    /* new files get exactly the mode the library asks for */
    if (!h_json_built()) {
        printf("1..0 # SKIP libipt was built without JSON support\n");
        return 0;
    }
    (void)umask(022);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
