/* SPDX-License-Identifier: MIT */
/*
 * White-box tests of the atomic writer and the whole-file reader of
 * lib/io.c: every file operation failed in turn (once, and from then on),
 * short writes and reads, a crash simulated after every prefix of the
 * operation sequence, and the path and directory handling.  The sweeps run
 * on raw bytes through ipt__file_write_atomic(), and on whole courses
 * through ipt_course_save_file().
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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ipt/ipt.h>

#include "internal.h"

#include "helpers.h"

#define MSG_SIZE 512

/* ---- a fault-injecting file layer ---------------------------------------- */

enum op {
    OP_OPEN, OP_READ, OP_WRITE, OP_SYNC, OP_CLOSE, OP_RENAME, OP_UNLINK,
    OP_SYNC_DIR, OP_NONE
};

/* What the message of a save must say when this operation failed first.
 * The first unlink is the removal of a stale temp file. */
static const char *const save_step[] = {
    [OP_OPEN] = "save failed at open of '",
    [OP_READ] = "(no read in a save)",
    [OP_WRITE] = "save failed at write of '",
    [OP_SYNC] = "save failed at fsync of '",
    [OP_CLOSE] = "save failed at close of '",
    [OP_RENAME] = "save failed at rename of '",
    [OP_UNLINK] = "save failed at unlink of stale '",
    [OP_SYNC_DIR] = "save failed at fsync of directory '",
};

static const char *const load_step[] = {
    [OP_OPEN] = "load failed at open of '",
    [OP_READ] = "load failed at read of '",
    [OP_CLOSE] = "load failed at close of '",
};

/* Wraps ipt_io_default(): operation number fail_at (from 1) fails with
 * err, and with persistent every later one too.  An injected failure does
 * nothing, except for close, which releases the descriptor all the same
 * (as Linux does) so that the test leaks nothing. */
struct fault {
    struct ipt_io_ops real;
    unsigned count;
    unsigned fail_at;       /* 0: never */
    bool persistent;
    int err;
    bool short_io;          /* reads and writes move one byte per call */
    unsigned failures;
    enum op first_failed;
    unsigned unlinks;
    bool cleanup_unlink_failed;
    unsigned opens_ok;
    unsigned closes;
};

static bool
inject(struct fault *f, enum op op)
{
    bool fail;

    f->count++;
    fail = f->fail_at != 0 &&
           (f->persistent ? f->count >= f->fail_at : f->count == f->fail_at);
    if (fail && f->failures++ == 0)
        f->first_failed = op;
    return fail;
}

static int
f_open(void *u, const char *path, uint32_t flags, uint32_t mode, int64_t *h)
{
    struct fault *f = u;
    int err;

    if (inject(f, OP_OPEN))
        return f->err;
    err = f->real.open(NULL, path, flags, mode, h);
    if (err == 0)
        f->opens_ok++;
    return err;
}

static int
f_read(void *u, int64_t h, void *buf, size_t size, size_t *done)
{
    struct fault *f = u;

    if (inject(f, OP_READ))
        return f->err;
    return f->real.read(NULL, h, buf, f->short_io && size > 1 ? 1 : size,
                        done);
}

static int
f_write(void *u, int64_t h, const void *buf, size_t size, size_t *done)
{
    struct fault *f = u;

    if (inject(f, OP_WRITE))
        return f->err;
    return f->real.write(NULL, h, buf, f->short_io && size > 1 ? 1 : size,
                         done);
}

static int
f_sync(void *u, int64_t h)
{
    struct fault *f = u;

    return inject(f, OP_SYNC) ? f->err : f->real.sync(NULL, h);
}

static int
f_close(void *u, int64_t h)
{
    struct fault *f = u;
    int err;

    f->closes++;
    err = f->real.close(NULL, h);
    return inject(f, OP_CLOSE) ? f->err : err;
}

static int
f_rename(void *u, const char *from, const char *to)
{
    struct fault *f = u;

    return inject(f, OP_RENAME) ? f->err : f->real.rename(NULL, from, to);
}

static int
f_unlink(void *u, const char *path)
{
    struct fault *f = u;
    bool cleanup = f->unlinks++ > 0; /* the first removes a stale file */

    if (inject(f, OP_UNLINK)) {
        if (cleanup)
            f->cleanup_unlink_failed = true;
        return f->err;
    }
    return f->real.unlink(NULL, path);
}

static int
f_sync_dir(void *u, const char *dir)
{
    struct fault *f = u;

    return inject(f, OP_SYNC_DIR) ? f->err : f->real.sync_dir(NULL, dir);
}

static struct ipt_io_ops
fault_init(struct fault *f, unsigned fail_at, bool persistent, int err,
           bool short_io)
{
    struct ipt_io_ops io;

    memset(f, 0, sizeof(*f));
    assert_int_equal(ipt_io_default(&f->real), IPT_OK);
    f->fail_at = fail_at;
    f->persistent = persistent;
    f->err = err;
    f->short_io = short_io;
    f->first_failed = OP_NONE;
    io = f->real;
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

/* ---- the sweep ----------------------------------------------------------- */

/* One save of new_doc to PATH through io; returns its status.  kind 0 saves
 * raw bytes with the internal writer, kind 1 a course with the public
 * function (new_doc is then that course's document). */
struct save_case {
    int kind;
    const char *old_doc;            /* NULL: PATH does not exist before */
    const char *new_doc;
    const struct ipt_course *course; /* kind 1 */
};

static enum ipt_status
do_save(const struct save_case *sc, const struct h_dir *d,
        const struct ipt_io_ops *io, char *msg)
{
    if (sc->kind == 0)
        return ipt__file_write_atomic(io, d->path, sc->new_doc,
                                      strlen(sc->new_doc), msg, MSG_SIZE);
    return ipt_course_save_file(sc->course, d->path, io, msg, MSG_SIZE);
}

static void
reset(const struct save_case *sc, const struct h_dir *d)
{
    char msg[MSG_SIZE];

    if (h_exists(d->tmp))
        assert_int_equal(unlink(d->tmp), 0);
    if (sc->old_doc == NULL) {
        if (h_exists(d->path))
            assert_int_equal(unlink(d->path), 0);
        return;
    }
    assert_int_equal(ipt__file_write_atomic(NULL, d->path, sc->old_doc,
                                            strlen(sc->old_doc), msg,
                                            sizeof(msg)),
                     IPT_OK);
}

/* Checks one failed save. */
static void
check_failure(const struct save_case *sc, const struct h_dir *d,
              const struct fault *f, enum ipt_status st, const char *msg,
              const char *err_text)
{
    assert_int_equal(st, IPT_ERR_IO);
    assert_true(f->first_failed != OP_NONE);
    if (!h_contains(msg, save_step[f->first_failed]) ||
        !h_contains(msg, err_text))
        fail_msg("op %u failed first (%d), message: %s", f->fail_at,
                 (int)f->first_failed, msg);
    if (f->first_failed == OP_SYNC_DIR) {
        /* after the rename: the new file is in place, not yet durable */
        h_assert_file(d->path, sc->new_doc);
        assert_true(h_contains(msg, "may not survive a crash"));
    } else {
        h_assert_file(d->path, sc->old_doc);
    }
    /* the temp file is gone unless removing it was made to fail too */
    assert_int_equal(h_exists(d->tmp), f->cleanup_unlink_failed);
    if (!f->persistent)
        assert_false(f->cleanup_unlink_failed);
}

/* Fails operation n = 1, 2, ... until a save gets through; returns the
 * number of operations the successful save took. */
static unsigned
sweep(const struct save_case *sc, bool persistent, int err,
      const char *err_text, bool short_io)
{
    struct h_dir d;
    unsigned n;
    unsigned seen[OP_NONE + 1] = { 0 };

    h_dir_make(&d, "test-io-atomic");
    for (n = 1; n < 100000; n++) {
        struct fault f;
        struct ipt_io_ops io = fault_init(&f, n, persistent, err, short_io);
        char msg[MSG_SIZE];
        enum ipt_status st;

        reset(sc, &d);
        st = do_save(sc, &d, &io, msg);
        assert_int_equal(f.opens_ok, f.closes);
        if (f.failures == 0) {
            assert_int_equal(st, IPT_OK);
            assert_string_equal(msg, "");
            h_assert_file(d.path, sc->new_doc);
            assert_int_equal(h_file_mode(d.path), 0600);
            assert_false(h_exists(d.tmp));
            break;
        }
        seen[f.first_failed]++;
        check_failure(sc, &d, &f, st, msg, err_text);
    }
    /* every step of a save was made to fail at least once */
    for (int op = OP_OPEN; op < OP_NONE; op++) {
        assert_true(op == OP_READ || seen[op] > 0 ||
                    (op == OP_WRITE && sc->new_doc[0] == '\0'));
    }
    assert_int_equal(seen[OP_READ], 0);
    h_dir_remove(&d);
    return n - 1;
}

static const struct {
    int err;
    const char *text;
} sweep_errors[] = {
    { EIO, "error 5 (I/O error)" },
    { ENOSPC, "error 28 (no space left on device)" },
    { EINTR, "error 4 (interrupted system call)" },
};

static void
sweep_all(const struct save_case *sc)
{
    for (size_t e = 0; e < IPT__ARRAY_SIZE(sweep_errors); e++) {
        for (int mode = 0; mode < 2; mode++) {
            bool persistent = mode == 1;
            unsigned ops = sweep(sc, persistent, sweep_errors[e].err,
                                 sweep_errors[e].text, false);
            unsigned short_ops;

            /* unlink, open, write(s), sync, close, rename, sync_dir */
            assert_true(ops >= 7);
            if (e > 0)
                continue;
            short_ops = sweep(sc, persistent, sweep_errors[e].err,
                              sweep_errors[e].text, true);
            assert_int_equal(short_ops, 6 + strlen(sc->new_doc));
        }
    }
}

static const char old_text[] = "{\"old\": \"the complete old document\"}\n";
static const char new_text[] =
    "{\"new\": \"the complete new document, longer than the old one\"}\n";

static void
test_sweep_replace(void **state)
{
    const struct save_case sc = { 0, old_text, new_text, NULL };

    (void)state;
    sweep_all(&sc);
}

static void
test_sweep_create(void **state)
{
    const struct save_case sc = { 0, NULL, new_text, NULL };

    (void)state;
    sweep_all(&sc);
}

/* A shorter new document must not leave a tail of the old one. */
static void
test_sweep_shrink(void **state)
{
    const struct save_case sc = { 0, new_text, old_text, NULL };

    (void)state;
    sweep_all(&sc);
}

/* An empty document is written as an empty file. */
static void
test_sweep_empty(void **state)
{
    const struct save_case sc = { 0, old_text, "", NULL };

    (void)state;
    assert_int_equal(sweep(&sc, false, EIO, "error 5 (I/O error)", false),
                     6);
}

/* ---- the same through ipt_course_save_file() ----------------------------- */

static struct ipt_course *
course_with_sessions(uint32_t sessions)
{
    const struct ipt_profile *p = NULL;
    struct ipt_course *c = NULL;
    struct ipt_event e;

    assert_int_equal(ipt_profile_builtin("standard", &p), IPT_OK);
    assert_int_equal(ipt_course_new(p, NULL, &c), IPT_OK);
    memset(&e, 0, sizeof(e));
    e.type = IPT_EVENT_START;
    e.timestamp = 1000;
    assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
    for (uint32_t i = 0; i < sessions; i++) {
        e.type = IPT_EVENT_HOLD_SESSION;
        e.timestamp += 7 * 86400;
        assert_int_equal(ipt_course_apply(c, &e), IPT_OK);
    }
    return c;
}

static void
test_sweep_course(void **state)
{
    struct ipt_course *a;
    struct ipt_course *b;
    char *doc_a;
    char *doc_b;
    struct save_case sc;

    (void)state;
    a = course_with_sessions(1);
    b = course_with_sessions(2);
    if (!h_json_built()) {
        /* -Djson=disabled: refused before any file is touched */
        struct fault f;
        struct ipt_io_ops io = fault_init(&f, 0, false, 0, false);
        char msg[MSG_SIZE];

        assert_int_equal(ipt_course_save_file(b, "f.json", &io, msg,
                                              sizeof(msg)),
                         IPT_ERR_NOT_BUILT);
        assert_int_equal(f.count, 0);
        ipt_course_free(a);
        ipt_course_free(b);
        return;
    }
    doc_a = h_doc_of(a);
    doc_b = h_doc_of(b);
    assert_string_not_equal(doc_a, doc_b);
    sc.kind = 1;
    sc.old_doc = doc_a;
    sc.new_doc = doc_b;
    sc.course = b;
    for (int mode = 0; mode < 2; mode++)
        (void)sweep(&sc, mode == 1, EIO, "error 5 (I/O error)", false);
    sc.old_doc = NULL;
    (void)sweep(&sc, true, ENOSPC, "error 28", false);
    free(doc_a);
    free(doc_b);
    ipt_course_free(a);
    ipt_course_free(b);
}

/* ---- crash simulation ---------------------------------------------------- */

#define REC_MAX_OPS 4096
#define REC_ARENA (1 << 16)

struct rec_op {
    enum op op;
    int64_t handle;
    uint32_t flags;
    char path[128];
    char path2[128];
    size_t offset;  /* write: where its bytes are in the arena */
    size_t len;     /* write: how many */
};

/* A file layer that performs every operation through the defaults and
 * logs the successful ones, with the bytes of each write. */
struct recorder {
    struct ipt_io_ops real;
    bool short_io;
    struct rec_op ops[REC_MAX_OPS];
    size_t n;
    unsigned char arena[REC_ARENA];
    size_t used;
};

static struct rec_op *
rec_add(struct recorder *r, enum op op)
{
    struct rec_op *o;

    assert_true(r->n < REC_MAX_OPS);
    o = &r->ops[r->n++];
    memset(o, 0, sizeof(*o));
    o->op = op;
    o->handle = -1;
    return o;
}

static void
copy_path(char *dst, const char *src)
{
    assert_true(strlen(src) < 128);
    memcpy(dst, src, strlen(src) + 1);
}

static int
r_open(void *u, const char *path, uint32_t flags, uint32_t mode, int64_t *h)
{
    struct recorder *r = u;
    int err = r->real.open(NULL, path, flags, mode, h);

    if (err == 0) {
        struct rec_op *o = rec_add(r, OP_OPEN);

        o->handle = *h;
        o->flags = flags;
        copy_path(o->path, path);
    }
    return err;
}

static int
r_read(void *u, int64_t h, void *buf, size_t size, size_t *done)
{
    struct recorder *r = u;

    return r->real.read(NULL, h, buf, size, done);
}

static int
r_write(void *u, int64_t h, const void *buf, size_t size, size_t *done)
{
    struct recorder *r = u;
    int err = r->real.write(NULL, h, buf, r->short_io && size > 1 ? 1 : size,
                            done);

    if (err == 0) {
        struct rec_op *o = rec_add(r, OP_WRITE);

        assert_true(r->used + *done <= REC_ARENA);
        o->handle = h;
        o->offset = r->used;
        o->len = *done;
        memcpy(r->arena + r->used, buf, *done);
        r->used += *done;
    }
    return err;
}

static int
r_sync(void *u, int64_t h)
{
    struct recorder *r = u;
    int err = r->real.sync(NULL, h);

    if (err == 0)
        rec_add(r, OP_SYNC)->handle = h;
    return err;
}

static int
r_close(void *u, int64_t h)
{
    struct recorder *r = u;

    rec_add(r, OP_CLOSE)->handle = h;
    return r->real.close(NULL, h);
}

static int
r_rename(void *u, const char *from, const char *to)
{
    struct recorder *r = u;
    int err = r->real.rename(NULL, from, to);

    if (err == 0) {
        struct rec_op *o = rec_add(r, OP_RENAME);

        copy_path(o->path, from);
        copy_path(o->path2, to);
    }
    return err;
}

static int
r_unlink(void *u, const char *path)
{
    struct recorder *r = u;
    int err = r->real.unlink(NULL, path);

    copy_path(rec_add(r, OP_UNLINK)->path, path);
    return err;
}

static int
r_sync_dir(void *u, const char *dir)
{
    struct recorder *r = u;
    int err = r->real.sync_dir(NULL, dir);

    if (err == 0)
        copy_path(rec_add(r, OP_SYNC_DIR)->path, dir);
    return err;
}

static struct ipt_io_ops
recorder_init(struct recorder *r, bool short_io)
{
    struct ipt_io_ops io;

    memset(r, 0, sizeof(*r));
    assert_int_equal(ipt_io_default(&r->real), IPT_OK);
    r->short_io = short_io;
    io = r->real;
    io.user_data = r;
    io.open = r_open;
    io.read = r_read;
    io.write = r_write;
    io.sync = r_sync;
    io.close = r_close;
    io.rename = r_rename;
    io.unlink = r_unlink;
    io.sync_dir = r_sync_dir;
    return io;
}

/*
 * The crash model.  A crash after the first k operations of a save leaves
 * PATH as one of these images:
 *
 *  - Before the rename, PATH is the old file: the save touches only
 *    PATH.tmp until then (checked: no operation names PATH but the rename).
 *  - After the rename and before a sync of PATH's directory, the rename may
 *    or may not have reached the disk: PATH is the old file or the renamed
 *    temp file.  After the directory sync, it is the renamed temp file.
 *  - The renamed temp file holds, for certain, only what was written to it
 *    before its last successful sync.  If anything was written after that
 *    (or it was never synced), the crash may lose any part of the unsynced
 *    bytes, so the file may be empty or torn.
 *
 * The old file is taken as durable (it was written by an earlier complete
 * save).  Every image must be the old document (or no file, when there was
 * none) or the complete new one; and once the save has returned IPT_OK, the
 * only image left must be the new document.  The model is coarse on
 * purpose: it does not reorder operations of the same file system beyond
 * what is listed above, and it assumes that a successful fsync of a file
 * and of a directory do what POSIX says.
 */
enum verdict {
    V_OK = 0,
    V_TORN,         /* an image may be empty, torn or wrong */
    V_NOT_DURABLE,  /* after the last operation PATH may still be old */
    V_TOUCHES_PATH  /* an operation other than the rename names PATH */
};

struct image_state {
    bool renamed;
    bool dir_synced;
    int64_t tmp_handle;
    size_t written;     /* bytes written to the temp file */
    size_t synced;      /* of which made durable */
    unsigned char data[REC_ARENA];
};

static void
replay_op(const struct recorder *r, const struct rec_op *o,
          const char *path, const char *tmp, const char *dir,
          struct image_state *s, enum verdict *v)
{
    if ((o->op == OP_OPEN || o->op == OP_UNLINK) &&
        strcmp(o->path, path) == 0)
        *v = V_TOUCHES_PATH;
    if (o->op == OP_OPEN && strcmp(o->path, tmp) == 0) {
        s->tmp_handle = o->handle;
        s->written = 0;
        s->synced = 0;
    } else if (o->op == OP_WRITE && o->handle == s->tmp_handle) {
        memcpy(s->data + s->written, r->arena + o->offset, o->len);
        s->written += o->len;
    } else if (o->op == OP_SYNC && o->handle == s->tmp_handle) {
        s->synced = s->written;
    } else if (o->op == OP_RENAME) {
        if (strcmp(o->path, tmp) != 0 || strcmp(o->path2, path) != 0)
            *v = V_TOUCHES_PATH;
        s->renamed = true;
        s->dir_synced = false;
    } else if (o->op == OP_SYNC_DIR && s->renamed &&
               strcmp(o->path, dir) == 0) {
        s->dir_synced = true;
    }
}

static enum verdict
crash_check(const struct recorder *r, const char *path, const char *tmp,
            const char *dir, const char *new_doc)
{
    static struct image_state s;
    enum verdict v = V_OK;

    for (size_t k = 0; k <= r->n; k++) {
        memset(&s, 0, sizeof(s));
        s.tmp_handle = -1;
        for (size_t i = 0; i < k; i++)
            replay_op(r, &r->ops[i], path, tmp, dir, &s, &v);
        if (v != V_OK)
            return v;
        if (s.renamed) {
            /* the renamed file is a possible image */
            if (s.synced != s.written || s.written != strlen(new_doc) ||
                memcmp(s.data, new_doc, s.written) != 0)
                return V_TORN;
        }
        /* the old file (or none) is a possible image unless the rename is
         * durable; after the whole save it must not be */
        if (k == r->n && !(s.renamed && s.dir_synced))
            return V_NOT_DURABLE;
    }
    return V_OK;
}

static void
crash_case(const char *old_doc, const char *new_doc, bool short_io)
{
    static struct recorder r;
    struct h_dir d;
    struct ipt_io_ops io = recorder_init(&r, short_io);
    char msg[MSG_SIZE];

    h_dir_make(&d, "test-io-atomic");
    if (old_doc != NULL)
        assert_int_equal(ipt__file_write_atomic(NULL, d.path, old_doc,
                                                strlen(old_doc), msg,
                                                sizeof(msg)),
                         IPT_OK);
    /* a stale temp file from an earlier crash */
    h_write_file(d.tmp, "{\"stale\": tru");
    assert_int_equal(ipt__file_write_atomic(&io, d.path, new_doc,
                                            strlen(new_doc), msg,
                                            sizeof(msg)),
                     IPT_OK);
    assert_int_equal(crash_check(&r, d.path, d.tmp, d.root, new_doc), V_OK);
    assert_true(r.n >= 7);
    h_assert_file(d.path, new_doc);
    assert_false(h_exists(d.tmp));
    h_dir_remove(&d);
}

static void
test_crash_images(void **state)
{
    (void)state;
    crash_case(old_text, new_text, false);
    crash_case(old_text, new_text, true);
    crash_case(NULL, new_text, false);
    crash_case(new_text, old_text, true);
}

/* The model itself finds the classic mistakes. */
static void
test_crash_model_catches_bugs(void **state)
{
    static struct recorder r;
    static const struct {
        enum op ops[8];
        enum verdict want;
    } cases[] = {
        /* no fsync of the file before the rename: may come back empty */
        { { OP_OPEN, OP_WRITE, OP_CLOSE, OP_RENAME, OP_SYNC_DIR, OP_NONE },
          V_TORN },
        /* fsync after the rename: a crash in between tears the file */
        { { OP_OPEN, OP_WRITE, OP_CLOSE, OP_RENAME, OP_SYNC, OP_SYNC_DIR,
            OP_NONE },
          V_TORN },
        /* no directory sync: the rename may be lost after "success" */
        { { OP_OPEN, OP_WRITE, OP_SYNC, OP_CLOSE, OP_RENAME, OP_NONE },
          V_NOT_DURABLE },
        /* writing PATH in place */
        { { OP_UNLINK, OP_OPEN, OP_WRITE, OP_SYNC, OP_CLOSE, OP_NONE },
          V_TOUCHES_PATH },
        /* the right sequence */
        { { OP_UNLINK, OP_OPEN, OP_WRITE, OP_SYNC, OP_CLOSE, OP_RENAME,
            OP_SYNC_DIR, OP_NONE },
          V_OK },
    };
    const char *path = "d/f";
    const char *tmp = "d/f.tmp";

    (void)state;
    for (size_t c = 0; c < IPT__ARRAY_SIZE(cases); c++) {
        bool in_place = cases[c].want == V_TOUCHES_PATH;

        memset(&r, 0, sizeof(r));
        for (size_t i = 0; cases[c].ops[i] != OP_NONE; i++) {
            struct rec_op *o = rec_add(&r, cases[c].ops[i]);

            o->handle = 3;
            copy_path(o->path, in_place ? path : tmp);
            if (o->op == OP_RENAME)
                copy_path(o->path2, path);
            if (o->op == OP_SYNC_DIR)
                copy_path(o->path, "d");
            if (o->op == OP_WRITE) {
                o->len = strlen(new_text);
                memcpy(r.arena, new_text, o->len);
            }
        }
        assert_int_equal(crash_check(&r, path, tmp, "d", new_text),
                         cases[c].want);
    }
}

/* ---- paths and directories ----------------------------------------------- */

/* A file layer that touches no file: it remembers the names it was given. */
struct fake {
    char opened[IPT__PATH_MAX + 16];
    char renamed_from[IPT__PATH_MAX + 16];
    char renamed_to[IPT__PATH_MAX + 16];
    char dir[IPT__PATH_MAX + 16];
    size_t written;
    size_t write_done;      /* what each write reports */
    bool write_done_fixed;
};

static void
remember(char *dst, const char *src)
{
    assert_true(strlen(src) < IPT__PATH_MAX + 16);
    memcpy(dst, src, strlen(src) + 1);
}

static int
k_open(void *u, const char *path, uint32_t flags, uint32_t mode, int64_t *h)
{
    struct fake *k = u;

    (void)flags;
    (void)mode;
    remember(k->opened, path);
    *h = 42;
    return 0;
}

static int
k_read(void *u, int64_t h, void *buf, size_t size, size_t *done)
{
    (void)u;
    (void)h;
    (void)buf;
    (void)size;
    *done = 0;
    return 0;
}

static int
k_write(void *u, int64_t h, const void *buf, size_t size, size_t *done)
{
    struct fake *k = u;

    (void)h;
    (void)buf;
    *done = k->write_done_fixed ? k->write_done : size;
    k->written += *done;
    return 0;
}

static int
k_handle(void *u, int64_t h)
{
    (void)u;
    assert_true(h == 42);
    return 0;
}

static int
k_rename(void *u, const char *from, const char *to)
{
    struct fake *k = u;

    remember(k->renamed_from, from);
    remember(k->renamed_to, to);
    return 0;
}

static int
k_unlink(void *u, const char *path)
{
    (void)u;
    (void)path;
    return ENOENT;
}

static int
k_sync_dir(void *u, const char *dir)
{
    struct fake *k = u;

    remember(k->dir, dir);
    return 0;
}

static struct ipt_io_ops
fake_init(struct fake *k)
{
    struct ipt_io_ops io;

    memset(k, 0, sizeof(*k));
    memset(&io, 0, sizeof(io));
    io.size = (uint32_t)sizeof(io);
    io.user_data = k;
    io.open = k_open;
    io.read = k_read;
    io.write = k_write;
    io.sync = k_handle;
    io.close = k_handle;
    io.rename = k_rename;
    io.unlink = k_unlink;
    io.sync_dir = k_sync_dir;
    return io;
}

static void
test_directory_of_path(void **state)
{
    static const struct {
        const char *path;
        const char *dir;
    } cases[] = {
        { "course.json", "." },
        { "d/course.json", "d" },
        { "/course.json", "/" },
        { "//course.json", "/" },
        { "a/b/c", "a/b" },
        { "a//b", "a" },
        { "./x", "." },
        { "../x", ".." },
        { "/var/lib/ipt/c.json", "/var/lib/ipt" },
    };
    char msg[MSG_SIZE];

    (void)state;
    for (size_t i = 0; i < IPT__ARRAY_SIZE(cases); i++) {
        struct fake k;
        struct ipt_io_ops io = fake_init(&k);
        char copy[64];
        char tmp[64];

        /* the caller's string is not modified */
        (void)snprintf(copy, sizeof(copy), "%s", cases[i].path);
        (void)snprintf(tmp, sizeof(tmp), "%s.tmp", cases[i].path);
        assert_int_equal(ipt__file_write_atomic(&io, copy, "x", 1, msg,
                                                sizeof(msg)),
                         IPT_OK);
        assert_string_equal(copy, cases[i].path);
        assert_string_equal(k.dir, cases[i].dir);
        assert_string_equal(k.opened, tmp);
        assert_string_equal(k.renamed_from, tmp);
        assert_string_equal(k.renamed_to, cases[i].path);
    }
}

static void
test_path_limits(void **state)
{
    static char path[IPT__PATH_MAX + 2];
    char msg[MSG_SIZE];
    struct fake k;
    struct ipt_io_ops io = fake_init(&k);

    (void)state;
    memset(path, 'p', sizeof(path) - 1);
    path[sizeof(path) - 1] = '\0';
    /* IPT__PATH_MAX + 1 bytes: too long */
    assert_int_equal(ipt__file_write_atomic(&io, path, "x", 1, msg,
                                            sizeof(msg)),
                     IPT_ERR_OUT_OF_RANGE);
    assert_true(h_contains(msg, "longer than 4091 bytes"));
    assert_int_equal(k.written, 0);
    /* IPT__PATH_MAX bytes: accepted, and PATH.tmp fits in 4096 */
    path[IPT__PATH_MAX] = '\0';
    assert_int_equal(ipt__file_write_atomic(&io, path, "x", 1, msg,
                                            sizeof(msg)),
                     IPT_OK);
    assert_int_equal(strlen(k.opened), 4095);
    assert_int_equal(ipt__path_check(path, msg, sizeof(msg)), IPT_OK);
    assert_int_equal(ipt__path_check("", msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt__path_check("dir/", msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt__path_check(NULL, msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt__file_write_atomic(&io, "f", NULL, 1, msg,
                                            sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    assert_int_equal(ipt__file_write_atomic(&io, "f", NULL, 0, msg,
                                            sizeof(msg)),
                     IPT_OK);
}

/* A write that reports no progress, or more than it was given, fails the
 * save instead of looping or overrunning. */
static void
test_bad_write_counts(void **state)
{
    char msg[MSG_SIZE];
    struct fake k;
    struct ipt_io_ops io = fake_init(&k);

    (void)state;
    k.write_done_fixed = true;
    k.write_done = 0;
    assert_int_equal(ipt__file_write_atomic(&io, "f", "abc", 3, msg,
                                            sizeof(msg)),
                     IPT_ERR_IO);
    assert_true(h_contains(msg, "save failed at write of 'f.tmp'"));
    k.write_done = 4;
    assert_int_equal(ipt__file_write_atomic(&io, "f", "abc", 3, msg,
                                            sizeof(msg)),
                     IPT_ERR_IO);
    assert_true(h_contains(msg, "write of"));
    /* the message buffer may be NULL or tiny */
    assert_int_equal(ipt__file_write_atomic(&io, "f", "abc", 3, NULL, 0),
                     IPT_ERR_IO);
    msg[0] = 'x';
    assert_int_equal(ipt__file_write_atomic(&io, "f", "abc", 3, msg, 1),
                     IPT_ERR_IO);
    assert_int_equal(msg[0], '\0');
}

/* ---- the reader ---------------------------------------------------------- */

static void
test_read_all_limits(void **state)
{
    struct h_dir d;
    struct ipt_allocator a;
    char msg[MSG_SIZE];
    char *data = NULL;
    size_t size = 1;

    (void)state;
    assert_int_equal(ipt__allocator_resolve(NULL, &a), IPT_OK);
    h_dir_make(&d, "test-io-atomic");
    /* an empty file gives a buffer all the same */
    h_write_file(d.path, "");
    assert_int_equal(ipt__file_read_all(NULL, d.path, &a, 10, &data, &size,
                                        msg, sizeof(msg)),
                     IPT_OK);
    assert_non_null(data);
    assert_int_equal(size, 0);
    ipt__free(&a, data);
    /* exactly max bytes: fine; one more: refused */
    h_write_file(d.path, "0123456789");
    assert_int_equal(ipt__file_read_all(NULL, d.path, &a, 10, &data, &size,
                                        msg, sizeof(msg)),
                     IPT_OK);
    assert_int_equal(size, 10);
    assert_memory_equal(data, "0123456789", 10);
    ipt__free(&a, data);
    data = NULL;
    size = 77;
    assert_int_equal(ipt__file_read_all(NULL, d.path, &a, 9, &data, &size,
                                        msg, sizeof(msg)),
                     IPT_ERR_OUT_OF_RANGE);
    assert_null(data);
    assert_int_equal(size, 77);
    assert_true(h_contains(msg, "is larger than 9 bytes"));
    assert_int_equal(ipt__file_read_all(NULL, d.path, &a, 0, &data, &size,
                                        msg, sizeof(msg)),
                     IPT_ERR_OUT_OF_RANGE);
    /* a directory opens but does not read */
    assert_int_equal(ipt__file_read_all(NULL, d.root, &a, 10, &data, &size,
                                        msg, sizeof(msg)),
                     IPT_ERR_IO);
    assert_true(h_contains(msg, "load failed at read of '"));
    assert_true(h_contains(msg, "error 21 (is a directory)"));
    assert_int_equal(ipt__file_read_all(NULL, d.path, NULL, 10, &data, &size,
                                        msg, sizeof(msg)),
                     IPT_ERR_INVALID_ARGUMENT);
    h_dir_remove(&d);
}

/* A file larger than the first chunk, read one byte per call and in
 * whole, grows the buffer and comes back intact. */
static void
test_read_all_grows(void **state)
{
    static char big[20000];
    struct h_dir d;
    struct ipt_allocator a;
    char msg[MSG_SIZE];

    (void)state;
    for (size_t i = 0; i < sizeof(big) - 1; i++)
        big[i] = (char)('a' + i % 26);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(ipt__allocator_resolve(NULL, &a), IPT_OK);
    h_dir_make(&d, "test-io-atomic");
    h_write_file(d.path, big);
    for (int short_io = 0; short_io < 2; short_io++) {
        struct fault f;
        struct ipt_io_ops io = fault_init(&f, 0, false, 0, short_io == 1);
        char *data = NULL;
        size_t size = 0;

        assert_int_equal(ipt__file_read_all(&io, d.path, &a, IPT__FILE_MAX,
                                            &data, &size, msg, sizeof(msg)),
                         IPT_OK);
        assert_int_equal(size, strlen(big));
        assert_memory_equal(data, big, size);
        assert_int_equal(f.opens_ok, 1);
        assert_int_equal(f.closes, 1);
        ipt__free(&a, data);
    }
    h_dir_remove(&d);
}

/* Every operation of a read fails in turn. */
static void
test_read_all_faults(void **state)
{
    struct h_dir d;
    struct ipt_allocator a;
    unsigned n;

    (void)state;
    assert_int_equal(ipt__allocator_resolve(NULL, &a), IPT_OK);
    h_dir_make(&d, "test-io-atomic");
    h_write_file(d.path, new_text);
    for (int mode = 0; mode < 4; mode++) {
        for (n = 1; n < 1000; n++) {
            struct fault f;
            struct ipt_io_ops io = fault_init(&f, n, (mode & 1) != 0, EIO,
                                              (mode & 2) != 0);
            char msg[MSG_SIZE];
            char *data = NULL;
            size_t size = 0;
            enum ipt_status st = ipt__file_read_all(&io, d.path, &a, 1000,
                                                    &data, &size, msg,
                                                    sizeof(msg));

            assert_int_equal(f.opens_ok, f.closes);
            if (f.failures == 0) {
                assert_int_equal(st, IPT_OK);
                assert_int_equal(size, strlen(new_text));
                ipt__free(&a, data);
                break;
            }
            assert_int_equal(st, IPT_ERR_IO);
            assert_null(data);
            assert_true(h_contains(msg, load_step[f.first_failed]));
            assert_true(h_contains(msg, "error 5 (I/O error)"));
        }
        /* open, read(s), the read at the end, close */
        assert_true(n >= 4);
    }
    h_dir_remove(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_replace),
        cmocka_unit_test(test_sweep_create),
        cmocka_unit_test(test_sweep_shrink),
        cmocka_unit_test(test_sweep_empty),
        cmocka_unit_test(test_sweep_course),
        cmocka_unit_test(test_crash_images),
        cmocka_unit_test(test_crash_model_catches_bugs),
        cmocka_unit_test(test_directory_of_path),
        cmocka_unit_test(test_path_limits),
        cmocka_unit_test(test_bad_write_counts),
        cmocka_unit_test(test_read_all_limits),
        cmocka_unit_test(test_read_all_grows),
        cmocka_unit_test(test_read_all_faults),
    };

    (void)umask(022);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
