/* SPDX-License-Identifier: MIT */
/*
 * Course files: the default POSIX file operations, the atomic writer, the
 * whole-file reader, and ipt_course_save_file() / ipt_course_load_file() on
 * top of the JSON functions of store-json.c.
 *
 * Atomic replace of PATH (every step through the caller's ipt_io_ops):
 *
 *   unlink PATH.tmp (ENOENT is fine)    a temp file left by a crash
 *   open PATH.tmp, create, 0600         O_CREAT|O_EXCL|O_NOFOLLOW
 *   write the whole document            short writes continue
 *   sync PATH.tmp                       fsync, or F_FULLFSYNC
 *   close PATH.tmp                      its error counts
 *   rename PATH.tmp -> PATH             atomic within one directory
 *   sync the directory of PATH          makes the rename durable
 *
 * Until the rename, a failure closes the temp file if it is open, removes
 * it and leaves PATH as it was.  A failed directory sync comes after the
 * rename: PATH then holds the new document, which a crash may still undo,
 * and the call reports IPT_ERR_IO.  A failed sync is never retried: Linux
 * may drop the dirty pages and report the error once only, so a second
 * fsync could "succeed" without the data ever reaching the disk.
 *
 * What this relies on, as SQLite states it for itself: rename() within one
 * directory replaces the target atomically; a successful fsync() of a file
 * makes its data durable and one of a directory makes its entries durable;
 * unsynced data may be lost or torn by a crash.  Detecting later bit rot on
 * the disk is not attempted.
 *
 * Messages name the step, the file and the error, e.g. "save failed at
 * fsync of 'course.json.tmp': error 5 (I/O error)".  The error text comes
 * from a table of our own: strerror() is not thread-safe, and strerror_r()
 * comes in two incompatible variants.
 */
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE 1 /* F_FULLFSYNC next to the POSIX names */
#endif
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#define IO_POSIX 1
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "internal.h"

/* First capacity of the read buffer; it doubles from there. */
#define READ_CHUNK ((size_t)4096)

/* ---- messages ------------------------------------------------------------ */

static const struct {
    int code;
    const char *text;
} errno_texts[] = {
    { EPERM, "operation not permitted" },
    { ENOENT, "no such file or directory" },
    { EINTR, "interrupted system call" },
    { EIO, "I/O error" },
    { ENXIO, "no such device or address" },
    { EBADF, "bad file descriptor" },
    { EAGAIN, "resource temporarily unavailable" },
    { ENOMEM, "out of memory" },
    { EACCES, "permission denied" },
    { EBUSY, "device or resource busy" },
    { EEXIST, "file exists" },
    { EXDEV, "invalid cross-device link" },
    { ENODEV, "no such device" },
    { ENOTDIR, "not a directory" },
    { EISDIR, "is a directory" },
    { EINVAL, "invalid argument" },
    { ENFILE, "too many open files in system" },
    { EMFILE, "too many open files" },
    { ETXTBSY, "text file busy" },
    { EFBIG, "file too large" },
    { ENOSPC, "no space left on device" },
    { ESPIPE, "illegal seek" },
    { EROFS, "read-only file system" },
    { EMLINK, "too many links" },
    { ENAMETOOLONG, "file name too long" },
    { ENOSYS, "operation not supported by the system" },
    { ENOTEMPTY, "directory not empty" },
    { ELOOP, "too many levels of symbolic links" },
    { EOVERFLOW, "value too large for defined data type" },
#if defined(EDQUOT)
    { EDQUOT, "disk quota exceeded" },
#endif
    { ENOTSUP, "operation not supported" },
#if defined(ESTALE)
    { ESTALE, "stale file handle" },
#endif
    { ETIMEDOUT, "connection timed out" },
};

/* "error 5 (I/O error)", or "error 1234" for a code not in the table. */
static void
error_text(int err, char *buf, size_t size)
{
    for (size_t i = 0; i < IPT__ARRAY_SIZE(errno_texts); i++) {
        if (errno_texts[i].code == err) {
            ipt__format(buf, size, "error %d (%s)", err, errno_texts[i].text);
            return;
        }
    }
    ipt__format(buf, size, "error %d", err);
}

/* Appends to the message already in @msg (which may be NULL). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
append(char *msg, uint64_t msg_size, const char *fmt, ...)
{
    va_list ap;
    size_t len;

    if (msg == NULL || msg_size == 0)
        return;
    len = strlen(msg);
    if (len + 1 >= msg_size)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(msg + len, ipt__size_clamp(msg_size - len), fmt, ap);
    va_end(ap);
}

/* "<verb> failed at <step> '<file>': error N (text)". */
static void
fail(char *msg, uint64_t msg_size, const char *verb, const char *step,
     const char *file, int err)
{
    char why[64];

    error_text(err, why, sizeof(why));
    ipt__format(msg, msg_size, "%s failed at %s '%s': %s", verb, step, file,
                why);
}

/* Overwrites @p n bytes before they are freed: the documents hold notes. */
static void
wipe(void *p, size_t n)
{
    if (p == NULL || n == 0)
        return;
#if defined(__GNUC__)
    memset(p, 0, n);
    /* The compiler must assume the asm reads the zeroed bytes. */
    __asm__ __volatile__("" : : "r"(p) : "memory");
#else
    {
        volatile unsigned char *v = p;

        while (n-- > 0)
            *v++ = 0;
    }
#endif
}

/* ---- the default operations ---------------------------------------------- */

#if defined(IO_POSIX)

static int
last_error(void)
{
    return errno > 0 ? errno : EIO;
}

static int
fd_of(int64_t handle, int *fd)
{
    if (handle < 0 || handle > INT_MAX)
        return EBADF;
    *fd = (int)handle;
    return 0;
}

static int32_t
posix_open(void *user_data, const char *path, uint32_t flags, uint32_t mode,
           int64_t *handle)
{
    int oflags;
    int fd;

    (void)user_data;
    if (path == NULL || handle == NULL || mode > 07777u)
        return EINVAL;
    if (flags == (uint32_t)IPT_IO_READ)
        oflags = O_RDONLY | O_CLOEXEC;
    else if (flags == (uint32_t)IPT_IO_CREATE)
        oflags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW;
    else
        return EINVAL;
    do {
        fd = open(path, oflags, (mode_t)mode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return last_error();
    *handle = fd;
    return 0;
}

/* One read (into @rbuf) or write (from @wbuf) of up to @size bytes, with
 * EINTR retried. */
static int32_t
posix_transfer(int64_t handle, void *rbuf, const void *wbuf, uint64_t size,
               uint64_t *done)
{
    ssize_t n;
    int fd;
    int err = fd_of(handle, &fd);

    if (err != 0)
        return err;
    if ((rbuf == NULL && wbuf == NULL) || done == NULL)
        return EINVAL;
    /* GCOVR_EXCL_START: defensive: POSIX leaves a transfer of more than
     * SSIZE_MAX bytes to the implementation.  No buffer is that large, and
     * Linux refuses such a call (EFAULT) with or without the clamp, so no
     * test can tell it is there. */
    if (size > (uint64_t)SSIZE_MAX)
        size = (uint64_t)SSIZE_MAX;
    /* GCOVR_EXCL_STOP */
    do {
        n = rbuf != NULL ? read(fd, rbuf, (size_t)size)
                         : write(fd, wbuf, (size_t)size);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return last_error();
    *done = (uint64_t)n;
    return 0;
}

static int32_t
posix_read(void *user_data, int64_t handle, void *buf, uint64_t size,
           uint64_t *done)
{
    (void)user_data;
    if (buf == NULL)
        return EINVAL;
    return posix_transfer(handle, buf, NULL, size, done);
}

static int32_t
posix_write(void *user_data, int64_t handle, const void *buf, uint64_t size,
            uint64_t *done)
{
    (void)user_data;
    if (buf == NULL)
        return EINVAL;
    return posix_transfer(handle, NULL, buf, size, done);
}

/* fsync, or F_FULLFSYNC where it exists (Apple's fsync does not flush the
 * drive's cache).  EINTR means the call was interrupted before it reported
 * anything, so it is repeated; an error is returned as it came. */
static int
sync_fd(int fd)
{
    int rc;

#if defined(F_FULLFSYNC)
    do {
        rc = fcntl(fd, F_FULLFSYNC);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0)
        return 0;
    /* Some file systems do not support it; fsync is the best they offer. */
    if (errno != ENOTSUP && errno != ENOTTY && errno != EINVAL)
        return last_error();
#endif
    do {
        rc = fsync(fd);
    } while (rc < 0 && errno == EINTR);
    return rc == 0 ? 0 : last_error();
}

static int32_t
posix_sync(void *user_data, int64_t handle)
{
    int fd;
    int err = fd_of(handle, &fd);

    (void)user_data;
    return err != 0 ? err : sync_fd(fd);
}

static int32_t
posix_close(void *user_data, int64_t handle)
{
    int fd;
    int err = fd_of(handle, &fd);

    (void)user_data;
    if (err != 0)
        return err;
    if (close(fd) == 0)
        return 0;
    /* After EINTR the descriptor is released all the same (Linux, the
     * BSDs); closing it again could close another thread's new file.  The
     * data was synced before, so nothing is lost. */
    return errno == EINTR ? 0 : last_error();
}

static int32_t
posix_rename(void *user_data, const char *from, const char *to)
{
    int rc;

    (void)user_data;
    if (from == NULL || to == NULL)
        return EINVAL;
    do {
        rc = rename(from, to);
    } while (rc < 0 && errno == EINTR);
    return rc == 0 ? 0 : last_error();
}

static int32_t
posix_unlink(void *user_data, const char *path)
{
    int rc;

    (void)user_data;
    if (path == NULL)
        return EINVAL;
    do {
        rc = unlink(path);
    } while (rc < 0 && errno == EINTR);
    return rc == 0 ? 0 : last_error();
}

static int32_t
posix_sync_dir(void *user_data, const char *dir)
{
    int fd;
    int err;

    (void)user_data;
    if (dir == NULL)
        return EINVAL;
    do {
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return last_error();
    err = sync_fd(fd);
    /* Closing a read-only directory descriptor loses nothing. */
    (void)close(fd);
    return err;
}

#else /* !IO_POSIX: no file access; every operation fails. */

static int32_t
none_open(void *user_data, const char *path, uint32_t flags, uint32_t mode,
          int64_t *handle)
{
    (void)user_data, (void)path, (void)flags, (void)mode, (void)handle;
    return ENOSYS;
}

static int32_t
none_rw(void *user_data, int64_t handle, void *buf, uint64_t size,
        uint64_t *done)
{
    (void)user_data, (void)handle, (void)buf, (void)size, (void)done;
    return ENOSYS;
}

static int32_t
none_write(void *user_data, int64_t handle, const void *buf, uint64_t size,
           uint64_t *done)
{
    (void)user_data, (void)handle, (void)buf, (void)size, (void)done;
    return ENOSYS;
}

static int32_t
none_handle(void *user_data, int64_t handle)
{
    (void)user_data, (void)handle;
    return ENOSYS;
}

static int32_t
none_path(void *user_data, const char *path)
{
    (void)user_data, (void)path;
    return ENOSYS;
}

static int32_t
none_rename(void *user_data, const char *from, const char *to)
{
    (void)user_data, (void)from, (void)to;
    return ENOSYS;
}

#endif

enum ipt_status
ipt_io_default(struct ipt_io_ops *out)
{
    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof(*out));
    out->size = (uint32_t)sizeof(*out);
#if defined(IO_POSIX)
    out->open = posix_open;
    out->read = posix_read;
    out->write = posix_write;
    out->sync = posix_sync;
    out->close = posix_close;
    out->rename = posix_rename;
    out->unlink = posix_unlink;
    out->sync_dir = posix_sync_dir;
#else
    out->open = none_open;
    out->read = none_rw;
    out->write = none_write;
    out->sync = none_handle;
    out->close = none_handle;
    out->rename = none_rename;
    out->unlink = none_path;
    out->sync_dir = none_path;
#endif
    return IPT_OK;
}

/* ---- arguments ----------------------------------------------------------- */

enum ipt_status
ipt__io_resolve(const struct ipt_io_ops *in, struct ipt_io_ops *out,
                char *msg, uint64_t msg_size)
{
    struct ipt_io_ops io;
    enum ipt_status st;

    if (in == NULL)
        return ipt_io_default(out);
    st = ipt__read_sized(in, sizeof(*in), &io, sizeof(io));
    if (st == IPT_ERR_INVALID_ARGUMENT) {
        ipt__format(msg, msg_size,
                    "io->size (%u) is smaller than sizeof(struct ipt_io_ops) "
                    "(%u)", (unsigned)in->size, (unsigned)sizeof(*in));
        return st;
    }
    if (st != IPT_OK) {
        ipt__format(msg, msg_size,
                    "io->size (%u) is larger than this library knows "
                    "and the extra bytes are not 0", (unsigned)in->size);
        return st;
    }
    if (io.reserved != 0) {
        ipt__format(msg, msg_size, "io->reserved is not 0");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    if (io.open == NULL || io.read == NULL || io.write == NULL ||
        io.sync == NULL || io.close == NULL || io.rename == NULL ||
        io.unlink == NULL || io.sync_dir == NULL) {
        ipt__format(msg, msg_size, "io lacks an operation (one is NULL)");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    *out = io;
    return IPT_OK;
}

enum ipt_status
ipt__path_check(const char *path, char *msg, uint64_t msg_size)
{
    size_t len = 0;

    if (path == NULL) {
        ipt__format(msg, msg_size, "path is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    while (len <= IPT__PATH_MAX && path[len] != '\0')
        len++;
    if (len == 0) {
        ipt__format(msg, msg_size, "path is empty");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    if (len > IPT__PATH_MAX) {
        ipt__format(msg, msg_size, "path is longer than %u bytes",
                    (unsigned)IPT__PATH_MAX);
        return IPT_ERR_OUT_OF_RANGE;
    }
    if (path[len - 1] == '/') {
        ipt__format(msg, msg_size, "path ends with '/': it names a directory");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    return IPT_OK;
}

/* Directory of a checked path, without changing it: "." when there is no
 * slash, "/" for a file in the root. */
static void
dir_of(const char *path, char *dir)
{
    size_t end = strlen(path);

    while (end > 0 && path[end - 1] != '/')
        end--;
    if (end == 0) {
        memcpy(dir, ".", 2);
        return;
    }
    while (end > 1 && path[end - 1] == '/')
        end--;
    memcpy(dir, path, end);
    dir[end] = '\0';
}

/* ---- atomic write -------------------------------------------------------- */

/* Writes everything; short writes continue where they stopped.  A write
 * that reports no progress, or more than it was given, counts as EIO rather
 * than looping for ever or running off the buffer. */
static int
write_all(const struct ipt_io_ops *io, int64_t handle,
          const unsigned char *p, size_t size)
{
    while (size > 0) {
        uint64_t done = 0;
        int err = io->write(io->user_data, handle, p, size, &done);

        if (err != 0)
            return err;
        if (done == 0 || done > size)
            return EIO;
        p += (size_t)done;
        size -= (size_t)done;
    }
    return 0;
}

/* Removes the temp file after a failed step; says so when that fails too
 * (the next save removes it). */
static void
discard(const struct ipt_io_ops *io, const char *tmp, char *msg,
        uint64_t msg_size)
{
    int err = io->unlink(io->user_data, tmp);

    if (err != 0 && err != ENOENT) {
        char why[64];

        error_text(err, why, sizeof(why));
        append(msg, msg_size, "; removing it failed too: %s", why);
    }
}

/* Steps from the open temp file to the rename; closes the handle exactly
 * once.  Returns 0, or the error with the message written. */
static int
write_and_rename(const struct ipt_io_ops *io, int64_t handle,
                 const char *tmp, const char *path, const void *data,
                 size_t size, char *msg, uint64_t msg_size)
{
    const char *step = "write of";
    int err = write_all(io, handle, data, size);

    if (err == 0) {
        step = "fsync of";
        err = io->sync(io->user_data, handle);
    }
    if (err != 0) {
        (void)io->close(io->user_data, handle);
        fail(msg, msg_size, "save", step, tmp, err);
        return err;
    }
    err = io->close(io->user_data, handle);
    if (err != 0) {
        fail(msg, msg_size, "save", "close of", tmp, err);
        return err;
    }
    err = io->rename(io->user_data, tmp, path);
    if (err != 0) {
        char why[64];

        error_text(err, why, sizeof(why));
        ipt__format(msg, msg_size, "save failed at rename of '%s' to '%s': %s",
                    tmp, path, why);
    }
    return err;
}

enum ipt_status
ipt__file_write_atomic(const struct ipt_io_ops *io, const char *path,
                       const void *data, size_t size, char *msg,
                       uint64_t msg_size)
{
    struct ipt_io_ops ops;
    char tmp[IPT__PATH_MAX + sizeof(IPT__TMP_SUFFIX)];
    char dir[IPT__PATH_MAX + 1];
    int64_t handle = -1;
    enum ipt_status st;
    int err;

    ipt__format(msg, msg_size, "%s", "");
    st = ipt__io_resolve(io, &ops, msg, msg_size);
    if (st == IPT_OK)
        st = ipt__path_check(path, msg, msg_size);
    if (st == IPT_OK && data == NULL && size > 0) {
        ipt__format(msg, msg_size, "data is NULL");
        st = IPT_ERR_INVALID_ARGUMENT;
    }
    if (st != IPT_OK)
        return st;
    ipt__format(tmp, sizeof(tmp), "%s%s", path, IPT__TMP_SUFFIX);
    dir_of(path, dir);

    err = ops.unlink(ops.user_data, tmp);
    if (err != 0 && err != ENOENT) {
        fail(msg, msg_size, "save", "unlink of stale", tmp, err);
        return IPT_ERR_IO;
    }
    /* O_EXCL: after a failed open there is no file of ours to remove. */
    err = ops.open(ops.user_data, tmp, IPT_IO_CREATE, 0600u, &handle);
    if (err != 0) {
        fail(msg, msg_size, "save", "open of", tmp, err);
        return IPT_ERR_IO;
    }
    if (write_and_rename(&ops, handle, tmp, path, data, size, msg,
                         msg_size) != 0) {
        discard(&ops, tmp, msg, msg_size);
        return IPT_ERR_IO;
    }
    err = ops.sync_dir(ops.user_data, dir);
    if (err != 0) {
        fail(msg, msg_size, "save", "fsync of directory", dir, err);
        append(msg, msg_size, "; the new file is in place but may not "
               "survive a crash");
        return IPT_ERR_IO;
    }
    return IPT_OK;
}

/* ---- whole-file read ----------------------------------------------------- */

struct growbuf {
    char *p;
    size_t len;
    size_t cap;
};

/* Doubles the buffer's capacity, up to @p limit. */
static enum ipt_status
grow(struct growbuf *b, const struct ipt_allocator *a, size_t limit)
{
    size_t cap = b->cap == 0 ? READ_CHUNK : b->cap;
    char *p;

    if (b->cap != 0)
        cap = b->cap > limit / 2 ? limit : b->cap * 2;
    if (cap > limit)
        cap = limit;
    p = ipt__alloc(a, cap);
    if (p == NULL)
        return IPT_ERR_NO_MEMORY;
    if (b->len > 0)
        memcpy(p, b->p, b->len);
    wipe(b->p, b->len);
    ipt__free(a, b->p);
    b->p = p;
    b->cap = cap;
    return IPT_OK;
}

/* Reads to the end of the file.  The buffer holds at most max + 1 bytes, one
 * more than allowed, to tell a file of exactly @p max bytes from a longer
 * one.  Sets *err for IPT_ERR_IO. */
static enum ipt_status
read_loop(const struct ipt_io_ops *io, int64_t handle,
          const struct ipt_allocator *a, size_t max, struct growbuf *b,
          int *err)
{
    const size_t limit = max < SIZE_MAX ? max + 1 : max;

    for (;;) {
        uint64_t done = 0;

        if (b->len == b->cap) {
            if (b->cap == limit)
                return IPT_ERR_OUT_OF_RANGE;
            if (grow(b, a, limit) != IPT_OK)
                return IPT_ERR_NO_MEMORY;
        }
        *err = io->read(io->user_data, handle, b->p + b->len,
                        b->cap - b->len, &done);
        if (*err != 0)
            return IPT_ERR_IO;
        if (done > b->cap - b->len) {
            *err = EIO;
            return IPT_ERR_IO;
        }
        if (done == 0)
            return IPT_OK;
        b->len += (size_t)done;
    }
}

enum ipt_status
ipt__file_read_all(const struct ipt_io_ops *io, const char *path,
                   const struct ipt_allocator *allocator, size_t max,
                   char **data, size_t *size, char *msg, uint64_t msg_size)
{
    struct ipt_io_ops ops;
    struct growbuf b = { NULL, 0, 0 };
    int64_t handle = -1;
    enum ipt_status st;
    int err = 0;
    int close_err;

    ipt__format(msg, msg_size, "%s", "");
    if (allocator == NULL || data == NULL || size == NULL) {
        ipt__format(msg, msg_size, "allocator, data or size is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = ipt__io_resolve(io, &ops, msg, msg_size);
    if (st == IPT_OK)
        st = ipt__path_check(path, msg, msg_size);
    if (st != IPT_OK)
        return st;
    err = ops.open(ops.user_data, path, IPT_IO_READ, 0, &handle);
    if (err != 0) {
        fail(msg, msg_size, "load", "open of", path, err);
        return IPT_ERR_IO;
    }
    st = read_loop(&ops, handle, allocator, max, &b, &err);
    close_err = ops.close(ops.user_data, handle);
    if (st == IPT_OK && close_err != 0) {
        err = close_err;
        st = IPT_ERR_IO;
        fail(msg, msg_size, "load", "close of", path, err);
    } else if (st == IPT_ERR_IO) {
        fail(msg, msg_size, "load", "read of", path, err);
    } else if (st == IPT_ERR_OUT_OF_RANGE) {
        ipt__format(msg, msg_size, "load failed: '%s' is larger than %zu "
                    "bytes", path, max);
    } else if (st == IPT_ERR_NO_MEMORY) {
        ipt__format(msg, msg_size, "load failed: no memory to read '%s'",
                    path);
    }
    if (st != IPT_OK) {
        wipe(b.p, b.len);
        ipt__free(allocator, b.p);
        return st;
    }
    *data = b.p;
    *size = b.len;
    return IPT_OK;
}

/* ---- courses ------------------------------------------------------------- */

enum ipt_status
ipt_course_save_file(const struct ipt_course *course, const char *path,
                     const struct ipt_io_ops *io, char *message,
                     uint64_t message_size)
{
    struct ipt_io_ops ops;
    uint64_t length = 0;
    uint64_t written = 0;
    char *doc;
    enum ipt_status st;

    ipt__format(message, message_size, "%s", "");
    if (course == NULL) {
        ipt__format(message, message_size, "course is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = ipt__io_resolve(io, &ops, message, message_size);
    if (st == IPT_OK)
        st = ipt__path_check(path, message, message_size);
    if (st != IPT_OK)
        return st;

    st = ipt_course_save_json(course, NULL, 0, &length);
    if (st == IPT_OK || st == IPT_ERR_BUFFER_TOO_SMALL)
        st = length < SIZE_MAX ? IPT_OK : IPT_ERR_NO_MEMORY;
    if (st != IPT_OK) {
        ipt__format(message, message_size, "save failed: %s",
                    ipt_status_message(st));
        return st;
    }
    doc = ipt__alloc(&course->allocator, (size_t)length + 1);
    if (doc == NULL) {
        ipt__format(message, message_size,
                    "save failed: no memory for the document (%zu bytes)",
                    (size_t)length + 1);
        return IPT_ERR_NO_MEMORY;
    }
    st = ipt_course_save_json(course, doc, length + 1, &written);
    if (st == IPT_OK)
        st = ipt__file_write_atomic(&ops, path, doc, (size_t)written, message,
                                    message_size);
    else
        ipt__format(message, message_size, "save failed: %s",
                    ipt_status_message(st));
    wipe(doc, (size_t)length + 1);
    ipt__free(&course->allocator, doc);
    return st;
}

enum ipt_status
ipt_course_load_file(const char *path, const struct ipt_io_ops *io,
                     const struct ipt_allocator *allocator,
                     struct ipt_course **out, char *message,
                     uint64_t message_size)
{
    struct ipt_io_ops ops;
    struct ipt_allocator a;
    char *data = NULL;
    size_t size = 0;
    enum ipt_status st;

    ipt__format(message, message_size, "%s", "");
    if (out == NULL) {
        ipt__format(message, message_size, "out is NULL");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    if (ipt__allocator_resolve(allocator, &a) != IPT_OK) {
        ipt__format(message, message_size, "the allocator lacks a function");
        return IPT_ERR_INVALID_ARGUMENT;
    }
    st = ipt__io_resolve(io, &ops, message, message_size);
    if (st != IPT_OK)
        return st;
    st = ipt__file_read_all(&ops, path, &a, IPT__FILE_MAX, &data, &size,
                            message, message_size);
    if (st != IPT_OK)
        return st;
    st = ipt_course_load_json(data, size, allocator, out, message,
                              message_size);
    wipe(data, size);
    ipt__free(&a, data);
    return st;
}
