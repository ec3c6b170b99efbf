/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-store.h
 * @brief Saving a course to JSON and restoring it, in memory and to files.
 */
#ifndef IPT_STORE_H
#define IPT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-alloc.h>
#include <ipt/ipt-course.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup store Save and restore
 * A whole course as a versioned JSON document, and files written so that
 * they are never lost or torn.
 *
 * The document holds the profile, the accepted events, the session
 * records (techniques, areas, measures, notes) and the event-log
 * capacity; its format is specified on the @ref course_format
 * "course format page" with a JSON Schema.  Loading rebuilds the course by
 * replaying the events through the course machine, so a history the
 * machine would refuse is refused, not trusted.  Saving what was loaded
 * gives the same bytes.
 *
 * Files are replaced atomically: the document goes to a temporary file in
 * the same directory (mode 0600), which is synced, renamed over the old
 * file, and the directory is synced.  A failure or a crash at any step
 * leaves either the old file or the new one.  All file access goes through
 * an ::ipt_io_ops table, which callers may replace (for tests, or for a
 * platform's own storage).
 *
 * The JSON functions need libipt to be built with jansson (the meson
 * feature `json`, on by default); without it they return
 * #IPT_ERR_NOT_BUILT.  Allocations of jansson itself go through jansson's
 * allocator (malloc unless the application set another with
 * json_set_alloc_funcs()); libipt's own go through the course's allocator.
 * A failure of libipt's allocator always gives #IPT_ERR_NO_MEMORY, and so
 * does a failure of jansson's while a document is built and written.
 * While a document is parsed, jansson up to at least 2.14 does not handle
 * every failure of its allocator (jansson issue 362): the load may then
 * report #IPT_ERR_FORMAT, or read a string with a byte missing, or crash.
 * An application that installs a jansson allocator which can fail should
 * know this.
 *
 * Notes are part of the document: a course is saved only where the caller
 * says, and libipt writes it nowhere else.
 * @{
 */

/** Major version of the course document format this library writes.  A
 *  document with a higher major version is refused with
 *  #IPT_ERR_VERSION. */
#define IPT_FORMAT_MAJOR 1
/** Minor version of the course document format this library writes.  A
 *  document with a higher minor version loads; members this version does
 *  not know are ignored. */
#define IPT_FORMAT_MINOR 0

/** Bits of the @p flags argument of ipt_io_ops.open. */
enum ipt_io_open_flag {
    /** Open an existing file for reading. */
    IPT_IO_READ = 1 << 0,
    /** Create a new file for writing; fail with EEXIST when it exists, and
     *  do not follow a symbolic link. */
    IPT_IO_CREATE = 1 << 1
};

/**
 * File operations used by ipt_course_save_file() and
 * ipt_course_load_file().  Every operation returns 0 on success or a
 * positive errno value on failure.  Fill a table with ipt_io_default()
 * and replace the operations you need; set @ref size to
 * `sizeof(struct ipt_io_ops)`.
 */
struct ipt_io_ops {
    /** `sizeof(struct ipt_io_ops)` as seen by the caller. */
    uint32_t size;
    /** Must be 0. */
    uint32_t reserved;
    /** Passed unchanged to every operation. */
    void *user_data;
    /** Open @p path with ::ipt_io_open_flag @p flags; new files get
     *  permission bits @p mode.  Stores a handle in @p *handle. */
    int32_t (*open)(void *user_data, const char *path, uint32_t flags,
                    uint32_t mode, int64_t *handle);
    /** Read up to @p size bytes; stores the number read in @p *done
     *  (0 at end of file). */
    int32_t (*read)(void *user_data, int64_t handle, void *buf,
                    uint64_t size, uint64_t *done);
    /** Write up to @p size bytes; stores the number written in @p *done
     *  (short writes are retried by the caller). */
    int32_t (*write)(void *user_data, int64_t handle, const void *buf,
                     uint64_t size, uint64_t *done);
    /** Make the file's data durable (fsync, or F_FULLFSYNC where it
     *  exists). */
    int32_t (*sync)(void *user_data, int64_t handle);
    /** Close the handle.  Called exactly once per successful open. */
    int32_t (*close)(void *user_data, int64_t handle);
    /** Rename @p from to @p to, replacing @p to atomically. */
    int32_t (*rename)(void *user_data, const char *from, const char *to);
    /** Remove @p path. */
    int32_t (*unlink)(void *user_data, const char *path);
    /** Make the directory @p dir's entries durable. */
    int32_t (*sync_dir)(void *user_data, const char *dir);
};

/**
 * Fill @p out with the POSIX implementation (open with O_CLOEXEC, and for
 * #IPT_IO_CREATE also O_CREAT, O_EXCL and O_NOFOLLOW; read, write, fsync,
 * close, rename, unlink, and fsync of the directory), with EINTR retried.
 * Where the platform defines F_FULLFSYNC (Apple), sync uses it and falls
 * back to fsync on file systems that do not support it.  A close
 * interrupted by EINTR counts as done, since the descriptor is released
 * all the same.  On platforms without POSIX files every operation fails
 * with ENOSYS.
 * @param[out] out  Receives the table, size set, user_data NULL.
 * @retval IPT_OK Filled.  @retval IPT_ERR_INVALID_ARGUMENT @p out is NULL.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_io_default(struct ipt_io_ops *out);

/**
 * Write a course as a JSON document into a caller's buffer.
 *
 * Behaves like snprintf(): @p length receives the document's full length
 * (without the NUL); when @p size is larger than that the document and a
 * NUL are written and #IPT_OK returned, otherwise nothing useful is
 * written and #IPT_ERR_BUFFER_TOO_SMALL returned.  @p buf may be NULL
 * when @p size is 0, to ask for the length.  On #IPT_ERR_NO_MEMORY, too,
 * @p buf holds no document: it is left as it was, or holds an empty
 * string if writing had begun; @p length is untouched.
 *
 * @param[in]  course  The course.
 * @param[out] buf     Buffer of @p size bytes.
 * @param[in]  size    Size of @p buf.
 * @param[out] length  Receives the length of the document.
 * @retval IPT_OK                   Written.
 * @retval IPT_ERR_INVALID_ARGUMENT @p course or @p length is NULL, or
 *                                  @p buf is NULL with @p size above 0.
 * @retval IPT_ERR_BUFFER_TOO_SMALL @p size is not larger than the length.
 * @retval IPT_ERR_NO_MEMORY        No memory to build the document.
 * @retval IPT_ERR_NOT_BUILT        libipt was built without JSON support.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_save_json(const struct ipt_course *course, char *buf,
                     uint64_t size, uint64_t *length);

/**
 * Rebuild a course from a JSON document.
 *
 * The document is checked member by member, then its events are replayed
 * through the course machine and its session records applied.  On error,
 * @p message (if given) receives a sentence that says what is wrong and
 * where, as a JSON path, e.g. "$.sessions[3].phq9[8]: value 4 out of
 * range 0..3" or "$.events[12]: refused by rule initial_tasks_done: ...".
 *
 * @param[in]  json          The document (UTF-8); need not be
 *                           NUL-terminated.
 * @param[in]  length        Its length in bytes.
 * @param[in]  allocator     Allocator for the new course, or NULL for
 *                           malloc/free.
 * @param[out] out           Receives the new course, owned by the caller
 *                           (free with ipt_course_free()); untouched on
 *                           error.
 * @param[out] message       Optional buffer (may be NULL) for the error
 *                           message; set to "" on success.
 * @param[in]  message_size  Size of @p message.
 * @retval IPT_OK                   Loaded.
 * @retval IPT_ERR_INVALID_ARGUMENT @p json or @p out is NULL, or the
 *                                  allocator lacks a function.
 * @retval IPT_ERR_FORMAT           Not JSON, or not a course document: a
 *                                  member is missing, of the wrong type,
 *                                  or out of range.
 * @retval IPT_ERR_VERSION          A newer major format version, or a
 *                                  name this library does not know in a
 *                                  document of a newer minor version.
 * @retval IPT_ERR_HISTORY          The course machine refuses an event, or
 *                                  a session record does not fit the
 *                                  replayed course.
 * @retval IPT_ERR_NO_MEMORY        No memory.
 * @retval IPT_ERR_NOT_BUILT        libipt was built without JSON support.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_load_json(const char *json, uint64_t length,
                     const struct ipt_allocator *allocator,
                     struct ipt_course **out, char *message,
                     uint64_t message_size);

/**
 * Save a course to a file, replacing it atomically.
 *
 * The steps are: remove a temporary file left by an earlier crash
 * (`PATH.tmp`); create `PATH.tmp` exclusively with mode 0600; write the
 * document (a short write continues where it stopped); sync it; close it;
 * rename it to @p path; sync the directory.  If any step up to the rename
 * fails, the temporary file is removed and @p path is left as it was.  If
 * only the directory sync fails, the rename has happened: @p path holds
 * the new document, which a crash may still undo, and the call returns
 * #IPT_ERR_IO.  A failed sync is never retried: it is reported as
 * #IPT_ERR_IO.  An error returned by an operation of @p io (EINTR too) is
 * a failure of its step; the operations retry what they must retry.
 *
 * The save relies on rename() within one directory replacing the target
 * atomically, and on a successful sync making a file's data, or a
 * directory's entries, durable.
 *
 * A process killed in the middle of a save (or a crash) may leave
 * `PATH.tmp` behind, complete or not; @p path still holds the old document
 * or the new one.  The leftover never blocks a later save: the next save
 * removes it before it creates its own, even though the temporary file is
 * created exclusively.  Saves to the same path must not overlap, from two
 * threads or two processes: each would remove the other's temporary file,
 * so one of them fails, and the rename of one could put the other's
 * unfinished file in place.
 *
 * @param[in]  course        The course.
 * @param[in]  path          The file.  Its directory must exist.  At most
 *                           4091 bytes, so that `PATH.tmp` fits in 4096.
 * @param[in]  io            File operations, or NULL for
 *                           ipt_io_default().
 * @param[out] message       Optional buffer (may be NULL) for a sentence
 *                           naming the failed step and the error, e.g.
 *                           "save failed at fsync of 'course.json.tmp':
 *                           error 5 (I/O error)"; set to "" on success.
 * @param[in]  message_size  Size of @p message.
 * @retval IPT_OK                   Saved and durable.
 * @retval IPT_ERR_INVALID_ARGUMENT A required pointer is NULL, @p io is
 *                                  malformed (size too small, reserved
 *                                  not 0, an operation NULL), or @p path
 *                                  is empty or ends with '/'.
 * @retval IPT_ERR_OUT_OF_RANGE     @p path is longer than 4091 bytes.
 * @retval IPT_ERR_UNSUPPORTED      @p io is larger than this library
 *                                  knows and its extra bytes are not 0.
 * @retval IPT_ERR_IO               A file operation failed.
 * @retval IPT_ERR_NO_MEMORY        No memory.
 * @retval IPT_ERR_NOT_BUILT        libipt was built without JSON support.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_save_file(const struct ipt_course *course, const char *path,
                     const struct ipt_io_ops *io, char *message,
                     uint64_t message_size);

/**
 * Load a course from a file written by ipt_course_save_file().
 *
 * The whole file is read through @p io into a buffer from @p allocator,
 * then passed to ipt_course_load_json().
 * @param[in]  path          The file; at most 4091 bytes.
 * @param[in]  io            File operations, or NULL for
 *                           ipt_io_default().
 * @param[in]  allocator     Allocator for the new course, or NULL.
 * @param[out] out           Receives the new course, owned by the caller;
 *                           untouched on error.
 * @param[out] message       Optional buffer (may be NULL) for the error
 *                           message; set to "" on success.
 * @param[in]  message_size  Size of @p message.
 * @retval IPT_OK  Loaded.
 * @retval IPT_ERR_IO  The file could not be opened, read or closed; the
 *         message names the step and the error, e.g. "load failed at open
 *         of 'course.json': error 2 (no such file or directory)".
 * @retval IPT_ERR_OUT_OF_RANGE  The file is larger than 64 MiB, or
 *         @p path is longer than 4091 bytes.
 * @retval IPT_ERR_INVALID_ARGUMENT  @p path or @p out is NULL, @p path is
 *         empty or ends with '/', @p io is malformed, or the allocator
 *         lacks a function.
 * @retval IPT_ERR_UNSUPPORTED  @p io is larger than this library knows and
 *         its extra bytes are not 0.
 * @retval IPT_ERR_FORMAT, IPT_ERR_VERSION, IPT_ERR_HISTORY,
 *         IPT_ERR_NO_MEMORY, IPT_ERR_NOT_BUILT  As for
 *         ipt_course_load_json().
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_load_file(const char *path, const struct ipt_io_ops *io,
                     const struct ipt_allocator *allocator,
                     struct ipt_course **out, char *message,
                     uint64_t message_size);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_STORE_H */
