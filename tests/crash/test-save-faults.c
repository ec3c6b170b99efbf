/* SPDX-License-Identifier: MIT */
/*
 * Saving a course while the system calls under the default file operations
 * fail.  tests/records/test-io-atomic.c fails the operations of an
 * ipt_io_ops table; this test goes one level lower: the calls of lib/io.c
 * to open, write, fsync, close, rename and unlink are wrapped at link time
 * (-Wl,--wrap=...), so the default operations themselves meet short
 * writes, EINTR and errors, as they would from the kernel.
 *
 * For each kind of fault, in "once" mode (only call k fails) and in
 * "persistent" mode (call k and every later call the fault applies to
 * fail), k runs 1, 2, ... until the save makes fewer than k calls.  After
 * every save:
 *
 *   - a short write or EINTR is absorbed: the save succeeds (the default
 *     operations retry EINTR and continue short writes);
 *   - an error gives IPT_ERR_IO and exactly the documented message, naming
 *     the step, the file and the error;
 *   - the file loads and equals the course saved before (or is still
 *     absent when there was none), except after a failed directory sync,
 *     where it equals the new course, as documented;
 *   - no temporary file is left, unless removing it was made to fail too;
 *   - every descriptor opened was closed exactly once;
 *   - a save with the fault gone succeeds.
 *
 * Linked with the library's objects (the shared library's calls cannot be
 * wrapped at link time); it uses the public API only.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <ipt/ipt.h>

#include "../records/helpers.h"

#define MSG_SIZE 1024

/* ---- the calls a save makes ---------------------------------------------- */

enum call {
    CALL_UNLINK,        /* the stale temp file, or the temp file after a
                         * failure */
    CALL_OPEN_FILE,
    CALL_WRITE,
    CALL_FSYNC_FILE,
    CALL_CLOSE_FILE,
    CALL_RENAME,
    CALL_OPEN_DIR,      /* the three calls of the directory sync */
    CALL_FSYNC_DIR,
    CALL_CLOSE_DIR,
    CALL_READ,          /* loads only */
    CALL_KINDS
};

#define BIT(c) (1u << (c))
#define SAVE_CALLS (BIT(CALL_READ) - 1u)

static const char *const call_names[CALL_KINDS] = {
    [CALL_UNLINK] = "unlink",
    [CALL_OPEN_FILE] = "open",
    [CALL_WRITE] = "write",
    [CALL_FSYNC_FILE] = "fsync",
    [CALL_CLOSE_FILE] = "close",
    [CALL_RENAME] = "rename",
    [CALL_OPEN_DIR] = "open of the directory",
    [CALL_FSYNC_DIR] = "fsync of the directory",
    [CALL_CLOSE_DIR] = "close of the directory",
    [CALL_READ] = "read",
};

/* ---- kinds of fault ------------------------------------------------------ */

enum effect {
    EFFECT_ERROR,   /* the call fails with err and does nothing (a close
                     * releases the descriptor all the same, as on Linux) */
    EFFECT_EINTR,   /* the call is interrupted before doing anything */
    EFFECT_SHORT    /* a write writes half of what it was given */
};

struct fault_kind {
    const char *name;
    enum effect effect;
    int err;
    const char *err_text;   /* as the messages spell it */
    unsigned calls;         /* mask of BIT(enum call) it applies to */
};

static const struct fault_kind fault_kinds[] = {
    { "short write", EFFECT_SHORT, 0, NULL, BIT(CALL_WRITE) },
    { "EINTR", EFFECT_EINTR, EINTR, NULL, SAVE_CALLS | BIT(CALL_READ) },
    { "ENOSPC", EFFECT_ERROR, ENOSPC, "error 28 (no space left on device)",
      BIT(CALL_OPEN_FILE) | BIT(CALL_WRITE) | BIT(CALL_FSYNC_FILE) |
          BIT(CALL_CLOSE_FILE) | BIT(CALL_RENAME) },
    { "EIO on fsync", EFFECT_ERROR, EIO, "error 5 (I/O error)",
      BIT(CALL_FSYNC_FILE) | BIT(CALL_FSYNC_DIR) },
    { "rename failure", EFFECT_ERROR, EACCES, "error 13 (permission denied)",
      BIT(CALL_RENAME) },
    { "directory sync failure", EFFECT_ERROR, EIO, "error 5 (I/O error)",
      BIT(CALL_OPEN_DIR) | BIT(CALL_FSYNC_DIR) | BIT(CALL_CLOSE_DIR) },
    { "open failure", EFFECT_ERROR, EMFILE, "error 24 (too many open files)",
      BIT(CALL_OPEN_FILE) | BIT(CALL_OPEN_DIR) },
    { "close failure", EFFECT_ERROR, EIO, "error 5 (I/O error)",
      BIT(CALL_CLOSE_FILE) | BIT(CALL_CLOSE_DIR) },
    { "unlink failure", EFFECT_ERROR, EPERM,
      "error 1 (operation not permitted)", BIT(CALL_UNLINK) },
    { "EIO everywhere", EFFECT_ERROR, EIO, "error 5 (I/O error)",
      SAVE_CALLS },
};

/* ---- the wrapped calls --------------------------------------------------- */

struct fd_slot {
    int fd;
    bool dir;
    bool open;
};

#define MAX_FDS 16

/* The state of the wrappers.  Disarmed, they pass every call through. */
static struct {
    bool armed;
    const struct fault_kind *kind;
    unsigned fail_at;       /* fail call number fail_at, from 1 */
    bool persistent;
    unsigned calls;         /* calls seen since arming */
    unsigned seen[CALL_KINDS];
    unsigned injected;      /* calls made to fail, or short */
    enum call first;        /* the first of them */
    bool last_interrupted;  /* the previous call was interrupted... */
    enum call last_call;    /* ...and was this one */
    unsigned unlinks;
    bool cleanup_unlink_failed; /* an unlink after the first one failed */
    struct fd_slot fds[MAX_FDS];
    size_t nfds;
    unsigned stray_closes;  /* closes of a descriptor not open here */
} w;

static void
arm(const struct fault_kind *kind, unsigned fail_at, bool persistent)
{
    memset(&w, 0, sizeof(w));
    w.kind = kind;
    w.fail_at = fail_at;
    w.persistent = persistent;
    w.first = CALL_KINDS;
    w.last_call = CALL_KINDS;
    w.armed = true;
}

static void
disarm(void)
{
    w.armed = false;
}

/* Counts call @p c and tells whether the fault applies to it. */
static bool
hit(enum call c)
{
    unsigned n = ++w.calls;
    bool on = false;

    w.seen[c]++;
    if ((w.kind->calls & BIT(c)) != 0)
        on = w.persistent ? n >= w.fail_at : n == w.fail_at;
    /* Persistent EINTR interrupts each call once: the retry goes through,
     * or the save could never end. */
    if (on && w.kind->effect == EFFECT_EINTR && w.last_interrupted &&
        w.last_call == c)
        on = false;
    w.last_interrupted = on && w.kind->effect == EFFECT_EINTR;
    w.last_call = c;
    if (on && w.injected++ == 0)
        w.first = c;
    return on;
}

static int
fault_errno(void)
{
    return w.kind->effect == EFFECT_EINTR ? EINTR : w.kind->err;
}

static struct fd_slot *
slot_of(int fd)
{
    for (size_t i = 0; i < w.nfds; i++) {
        if (w.fds[i].fd == fd && w.fds[i].open)
            return &w.fds[i];
    }
    return NULL;
}

static void
track(int fd, bool dir)
{
    if (w.nfds == MAX_FDS) {
        w.stray_closes++; /* reported as a failure by the caller */
        return;
    }
    w.fds[w.nfds].fd = fd;
    w.fds[w.nfds].dir = dir;
    w.fds[w.nfds].open = true;
    w.nfds++;
}

int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);
int __real_open64(const char *path, int flags, ...);
int __wrap_open64(const char *path, int flags, ...);
ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);
ssize_t __real_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __real_close(int fd);
int __wrap_close(int fd);
int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);
int __real_unlink(const char *path);
int __wrap_unlink(const char *path);

static int
wrapped_open(int (*real)(const char *, int, ...), const char *path,
             int flags, int mode)
{
    bool dir = (flags & O_DIRECTORY) != 0;
    int fd;

    if (!w.armed)
        return real(path, flags, mode);
    if (hit(dir ? CALL_OPEN_DIR : CALL_OPEN_FILE)) {
        errno = fault_errno();
        return -1;
    }
    fd = real(path, flags, mode);
    if (fd >= 0)
        track(fd, dir);
    return fd;
}

int
__wrap_open(const char *path, int flags, ...)
{
    int mode = 0;

    if ((flags & O_CREAT) != 0) {
        va_list ap;

        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    return wrapped_open(__real_open, path, flags, mode);
}

int
__wrap_open64(const char *path, int flags, ...)
{
    int mode = 0;

    if ((flags & O_CREAT) != 0) {
        va_list ap;

        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    return wrapped_open(__real_open64, path, flags, mode);
}

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
    if (!w.armed || slot_of(fd) == NULL)
        return __real_read(fd, buf, n);
    if (hit(CALL_READ)) {
        errno = fault_errno();
        return -1;
    }
    return __real_read(fd, buf, n);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
    if (!w.armed || slot_of(fd) == NULL)
        return __real_write(fd, buf, n);
    if (hit(CALL_WRITE)) {
        if (w.kind->effect == EFFECT_SHORT)
            return __real_write(fd, buf, n > 1 ? n / 2 : n);
        errno = fault_errno();
        return -1;
    }
    return __real_write(fd, buf, n);
}

int
__wrap_fsync(int fd)
{
    struct fd_slot *s = w.armed ? slot_of(fd) : NULL;

    if (s == NULL)
        return __real_fsync(fd);
    if (hit(s->dir ? CALL_FSYNC_DIR : CALL_FSYNC_FILE)) {
        errno = fault_errno();
        return -1;
    }
    return __real_fsync(fd);
}

int
__wrap_close(int fd)
{
    struct fd_slot *s;
    bool on;
    int rc;

    if (!w.armed)
        return __real_close(fd);
    s = slot_of(fd);
    if (s == NULL) {
        w.stray_closes++;
        return __real_close(fd);
    }
    on = hit(s->dir ? CALL_CLOSE_DIR : CALL_CLOSE_FILE);
    /* Linux releases the descriptor whatever close() returns. */
    rc = __real_close(fd);
    s->open = false;
    if (on) {
        errno = fault_errno();
        return -1;
    }
    return rc;
}

int
__wrap_rename(const char *from, const char *to)
{
    if (w.armed && hit(CALL_RENAME)) {
        errno = fault_errno();
        return -1;
    }
    return __real_rename(from, to);
}

int
__wrap_unlink(const char *path)
{
    if (w.armed) {
        bool cleanup = w.unlinks++ > 0; /* the first removes a stale file */

        if (hit(CALL_UNLINK)) {
            if (cleanup && w.kind->effect == EFFECT_ERROR)
                w.cleanup_unlink_failed = true;
            errno = fault_errno();
            return -1;
        }
    }
    return __real_unlink(path);
}

/* Every descriptor opened since arming was closed, each once. */
static void
assert_descriptors_closed(void)
{
    for (size_t i = 0; i < w.nfds; i++) {
        if (w.fds[i].open)
            fail_msg("descriptor %d (%s) was left open", w.fds[i].fd,
                     w.fds[i].dir ? "directory" : "file");
    }
    assert_int_equal(w.stray_closes, 0);
}

/* ---- courses ------------------------------------------------------------- */

/* A standard course driven into @p state, with a note and a PHQ-9 in
 * every held session; the notes make the document several kilobytes, so
 * that halved writes take several calls. */
static struct ipt_course *
course_in(int state, const char *note_word)
{
    struct ipt_course *c = h_new_course(NULL);
    uint32_t held = 0;
    char note[1200];
    size_t len = 0;

    h_drive(c, state);
    while (len + strlen(note_word) + 2 < sizeof(note)) {
        len += (size_t)snprintf(note + len, sizeof(note) - len, "%s ",
                                note_word);
    }
    assert_int_equal(ipt_course_get_sessions(c, &held, NULL, NULL), IPT_OK);
    for (uint32_t s = 1; s <= held; s++) {
        struct ipt_measure m = h_phq9((uint8_t)(s % 4), 0);

        assert_int_equal(ipt_course_set_note(c, s, note, len), IPT_OK);
        assert_int_equal(ipt_course_record_measure(c, s, &m), IPT_OK);
    }
    return c;
}

/* Loads @p path with the default operations; returns the document of the
 * loaded course (free() it). */
static char *
load_doc(const char *path)
{
    struct ipt_course *c = NULL;
    char msg[MSG_SIZE];
    char *doc;

    if (ipt_course_load_file(path, NULL, NULL, &c, msg, sizeof(msg)) !=
        IPT_OK)
        fail_msg("loading %s failed: %s", path, msg);
    doc = h_doc_of(c);
    ipt_course_free(c);
    return doc;
}

/* @p path holds exactly @p doc, loads, and the course loaded saves as
 * @p doc again; or, with @p doc NULL, there is no file at @p path. */
static void
assert_course_file(const char *path, const char *doc)
{
    char *again;

    h_assert_file(path, doc);
    if (doc == NULL)
        return;
    assert_int_equal(h_file_mode(path), 0600);
    again = load_doc(path);
    assert_string_equal(again, doc);
    free(again);
}

static void
save_clean(const struct ipt_course *c, const char *path)
{
    char msg[MSG_SIZE];

    if (ipt_course_save_file(c, path, NULL, msg, sizeof(msg)) != IPT_OK)
        fail_msg("save of %s failed: %s", path, msg);
}

/* ---- the sweep ----------------------------------------------------------- */

/* What a save replaces: an older course, or nothing. */
struct scenario {
    const char *name;
    const struct ipt_course *old_course; /* NULL: no file before */
    const char *old_doc;
    const struct ipt_course *new_course;
    const char *new_doc;
};

struct tally {
    unsigned runs;          /* saves made */
    unsigned faulted;       /* saves that met at least one fault */
    unsigned absorbed;      /* ... and succeeded all the same */
    unsigned failed;        /* ... and returned IPT_ERR_IO */
    unsigned not_durable;   /* ... of which after the rename */
    unsigned tmp_left;      /* ... of which left PATH.tmp behind */
    unsigned by_call[CALL_KINDS]; /* first faulted call */
};

static void
prepare(const struct scenario *sc, const struct h_dir *d)
{
    if (h_exists(d->tmp))
        assert_int_equal(unlink(d->tmp), 0);
    if (sc->old_course != NULL)
        save_clean(sc->old_course, d->path);
    else if (h_exists(d->path))
        assert_int_equal(unlink(d->path), 0);
}

/* The message of a save that failed first at call @p c. */
static void
expected_message(char *out, size_t size, enum call c, const struct h_dir *d,
                 const char *err_text)
{
    static const char *const steps[CALL_KINDS] = {
        [CALL_UNLINK] = "unlink of stale",
        [CALL_OPEN_FILE] = "open of",
        [CALL_WRITE] = "write of",
        [CALL_FSYNC_FILE] = "fsync of",
        [CALL_CLOSE_FILE] = "close of",
    };
    size_t len;

    switch (c) {
    case CALL_UNLINK:
    case CALL_OPEN_FILE:
    case CALL_WRITE:
    case CALL_FSYNC_FILE:
    case CALL_CLOSE_FILE:
        (void)snprintf(out, size, "save failed at %s '%s': %s", steps[c],
                       d->tmp, err_text);
        break;
    case CALL_RENAME:
        (void)snprintf(out, size, "save failed at rename of '%s' to '%s': %s",
                       d->tmp, d->path, err_text);
        break;
    case CALL_OPEN_DIR:
    case CALL_FSYNC_DIR:
        (void)snprintf(out, size, "save failed at fsync of directory '%s': "
                       "%s; the new file is in place but may not survive a "
                       "crash", d->root, err_text);
        break;
    case CALL_CLOSE_DIR:
    case CALL_READ:
    case CALL_KINDS:
        fail_msg("no save fails at %s", call_names[c]);
    }
    if (w.cleanup_unlink_failed) {
        len = strlen(out);
        (void)snprintf(out + len, size - len,
                       "; removing it failed too: %s", err_text);
    }
}

/* Checks a save that met a fault. */
static void
check_faulted(const struct scenario *sc, const struct h_dir *d,
              enum ipt_status st, const char *msg, struct tally *t)
{
    const struct fault_kind *k = w.kind;
    char want[MSG_SIZE];
    bool absorbed = k->effect != EFFECT_ERROR || w.first == CALL_CLOSE_DIR;

    t->faulted++;
    t->by_call[w.first]++;
    if (absorbed) {
        /* EINTR retried, a short write continued, and closing the
         * read-only directory descriptor loses nothing */
        if (st != IPT_OK)
            fail_msg("%s at call %u (%s): status %s, message: %s", k->name,
                     w.fail_at, call_names[w.first], ipt_status_name(st),
                     msg);
        assert_string_equal(msg, "");
        assert_course_file(d->path, sc->new_doc);
        assert_false(h_exists(d->tmp));
        t->absorbed++;
        return;
    }
    t->failed++;
    assert_int_equal(st, IPT_ERR_IO);
    expected_message(want, sizeof(want), w.first, d, k->err_text);
    if (strcmp(msg, want) != 0)
        fail_msg("%s at call %u (%s):\n  message: %s\n  expected: %s",
                 k->name, w.fail_at, call_names[w.first], msg, want);
    if (w.first == CALL_OPEN_DIR || w.first == CALL_FSYNC_DIR) {
        /* documented: the rename has happened */
        t->not_durable++;
        assert_course_file(d->path, sc->new_doc);
    } else {
        assert_course_file(d->path, sc->old_doc);
    }
    /* the temp file is gone unless removing it was made to fail */
    assert_int_equal(h_exists(d->tmp), w.cleanup_unlink_failed);
    if (w.cleanup_unlink_failed)
        t->tmp_left++;
    /* with the fault gone, the next save succeeds and clears the temp */
    save_clean(sc->new_course, d->path);
    assert_course_file(d->path, sc->new_doc);
    assert_false(h_exists(d->tmp));
}

/* Fails call k = 1, 2, ... until the save makes fewer than k calls. */
static void
sweep(const struct scenario *sc, const struct fault_kind *k, bool persistent,
      struct tally *t)
{
    struct h_dir d;
    unsigned n;

    h_dir_make(&d, "test-save-faults");
    for (n = 1; n < 100000; n++) {
        char msg[MSG_SIZE];
        enum ipt_status st;

        prepare(sc, &d);
        arm(k, n, persistent);
        st = ipt_course_save_file(sc->new_course, d.path, NULL, msg,
                                  sizeof(msg));
        disarm();
        t->runs++;
        assert_descriptors_closed();
        if (w.injected > 0) {
            check_faulted(sc, &d, st, msg, t);
            continue;
        }
        /* call n was not one the fault applies to, or there was none */
        if (st != IPT_OK)
            fail_msg("no fault, yet: %s", msg);
        assert_course_file(d.path, sc->new_doc);
        assert_false(h_exists(d.tmp));
        if (w.calls < n) {
            /* the wrappers saw every step of the save */
            for (int c = CALL_UNLINK; c < CALL_READ; c++) {
                if (w.seen[c] == 0)
                    fail_msg("no %s was seen: are the wrappers linked?",
                             call_names[c]);
            }
            break;
        }
    }
    assert_true(n < 100000);
    h_dir_remove(&d);
}

static void
sweep_all(const struct scenario *sc)
{
    unsigned runs = 0, faulted = 0;

    for (size_t i = 0; i < sizeof(fault_kinds) / sizeof(fault_kinds[0]); i++) {
        for (int mode = 0; mode < 2; mode++) {
            struct tally t;

            memset(&t, 0, sizeof(t));
            sweep(sc, &fault_kinds[i], mode == 1, &t);
            print_message("# %s, %s, %s: %u saves, %u met the fault: "
                          "%u succeeded, %u failed (%u after the rename, "
                          "%u left PATH.tmp)\n",
                          sc->name, fault_kinds[i].name,
                          mode == 1 ? "persistent" : "once", t.runs,
                          t.faulted, t.absorbed, t.failed, t.not_durable,
                          t.tmp_left);
            /* the fault met every call it applies to at least once */
            for (int c = CALL_UNLINK; c < CALL_READ; c++) {
                if ((fault_kinds[i].calls & BIT(c)) != 0 &&
                    t.by_call[c] == 0)
                    fail_msg("%s never failed a %s", fault_kinds[i].name,
                             call_names[c]);
            }
            runs += t.runs;
            faulted += t.faulted;
        }
    }
    print_message("# %s: %u saves in all, %u with a fault\n", sc->name, runs,
                  faulted);
}

/* ---- tests --------------------------------------------------------------- */

struct fixture {
    struct ipt_course *old_course;
    struct ipt_course *new_course;
    char *old_doc;
    char *new_doc;
};

static int
setup(void **state)
{
    static struct fixture f;

    f.old_course = course_in(IPT_STATE_INITIAL, "before");
    f.new_course = course_in(IPT_STATE_TERMINATION, "after");
    f.old_doc = h_doc_of(f.old_course);
    f.new_doc = h_doc_of(f.new_course);
    assert_true(strlen(f.new_doc) > 8192);
    *state = &f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    free(f->old_doc);
    free(f->new_doc);
    ipt_course_free(f->old_course);
    ipt_course_free(f->new_course);
    return 0;
}

/* A file saved before is replaced. */
static void
test_replace(void **state)
{
    struct fixture *f = *state;
    const struct scenario sc = { "replace", f->old_course, f->old_doc,
                                 f->new_course, f->new_doc };

    sweep_all(&sc);
}

/* The first save of a file: a failure leaves no file at all. */
static void
test_create(void **state)
{
    struct fixture *f = *state;
    const struct scenario sc = { "create", NULL, NULL, f->new_course,
                                 f->new_doc };

    sweep_all(&sc);
}

/* Loading retries interrupted calls too. */
static void
test_load_eintr(void **state)
{
    struct fixture *f = *state;
    struct h_dir d;
    unsigned interrupted = 0, loads = 0;

    h_dir_make(&d, "test-save-faults");
    save_clean(f->new_course, d.path);
    for (int mode = 0; mode < 2; mode++) {
        for (unsigned n = 1;; n++) {
            struct ipt_course *c = NULL;
            char msg[MSG_SIZE];
            enum ipt_status st;
            char *doc;

            arm(&fault_kinds[1], n, mode == 1);
            st = ipt_course_load_file(d.path, NULL, NULL, &c, msg,
                                      sizeof(msg));
            disarm();
            assert_descriptors_closed();
            if (st != IPT_OK)
                fail_msg("load with call %u interrupted: %s", n, msg);
            doc = h_doc_of(c);
            assert_string_equal(doc, f->new_doc);
            free(doc);
            ipt_course_free(c);
            interrupted += w.injected;
            loads++;
            if (w.calls < n)
                break;
        }
    }
    print_message("# load, EINTR, once and persistent: %u loads, %u calls "
                  "interrupted, all loaded\n", loads, interrupted);
    assert_true(interrupted >= 6); /* open, reads, close; twice */
    h_dir_remove(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_load_eintr),
    };

    if (!h_json_built()) {
        printf("1..0 # SKIP libipt was built without JSON support\n");
        return 0;
    }
    (void)umask(022);
    return cmocka_run_group_tests(tests, setup, teardown);
}
