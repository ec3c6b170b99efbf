/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the misuse and allocation-failure gates (tests/misuse/):
 * a course observed through every getter (m_snap), a fault-injecting
 * counting allocator (m_fault) that libipt's allocator hooks and, in the
 * allocation-failure test, jansson's hooks both go through, and a file
 * system kept in memory (m_memfs) for ipt_course_save_file() and
 * ipt_course_load_file().
 *
 * Builds on tests/unit/helpers.h (events, h_drive(), h_standard()).  Include
 * after <cmocka.h>; every helper asserts through cmocka.
 */
#ifndef IPT_TEST_MISUSE_COMMON_H
#define IPT_TEST_MISUSE_COMMON_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#include "../unit/helpers.h"

#define M_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a course as its getters show it --------------------------------- */

/* Log entries and sessions compared by m_snap; the courses of the gates
 * stay well below. */
#define M_SNAP_LOG 64
#define M_SNAP_SESSIONS 24
#define M_SNAP_NOTE 64

struct m_session_snap {
    struct ipt_session_info info;
    enum ipt_status measure_status[3];
    struct ipt_measure measure[3];
    char note[M_SNAP_NOTE];
    size_t note_length;
};

/* Everything a caller can observe about a course except its last error,
 * which failed calls are documented to change. */
struct m_snap {
    struct h_snapshot head;
    struct ipt_profile_params params;
    const char *profile_name;
    uint32_t log_count;
    struct ipt_log_entry log[M_SNAP_LOG];
    uint32_t held;
    struct m_session_snap sessions[M_SNAP_SESSIONS];
};

static inline void
m_snap_take(const struct ipt_course *c, struct m_snap *s)
{
    const struct ipt_profile *p = NULL;

    memset(s, 0, sizeof(*s));
    s->head = h_snapshot_take(c);
    assert_int_equal(ipt_course_get_profile(c, &p), IPT_OK);
    s->params.size = (uint32_t)sizeof(s->params);
    assert_int_equal(ipt_profile_get_params(p, &s->params), IPT_OK);
    s->profile_name = ipt_profile_name(p);
    s->log_count = s->head.log_count;
    assert_true(s->log_count <= M_SNAP_LOG);
    for (uint32_t i = 0; i < s->log_count; i++)
        assert_int_equal(ipt_course_log_get(c, i, &s->log[i]), IPT_OK);
    s->held = s->head.held;
    assert_true(s->held <= M_SNAP_SESSIONS);
    for (uint32_t n = 1; n <= s->held; n++) {
        struct m_session_snap *ss = &s->sessions[n - 1];
        const char *text = NULL;

        ss->info.size = (uint32_t)sizeof(ss->info);
        assert_int_equal(ipt_course_get_session(c, n, &ss->info), IPT_OK);
        for (int k = 0; k < 3; k++)
            ss->measure_status[k] = ipt_course_get_measure(
                c, n, (enum ipt_measure_kind)(IPT_MEASURE_PHQ9 + k),
                &ss->measure[k]);
        assert_int_equal(ipt_course_get_note(c, n, &text, &ss->note_length),
                         IPT_OK);
        assert_true(ss->note_length < M_SNAP_NOTE);
        memcpy(ss->note, text, ss->note_length + 1);
    }
}

static inline void
m_snap_assert_equal(const struct m_snap *a, const struct m_snap *b)
{
    h_snapshot_assert_equal(&a->head, &b->head);
    assert_memory_equal(&a->params, &b->params, sizeof(a->params));
    assert_ptr_equal(a->profile_name, b->profile_name);
    assert_int_equal(a->log_count, b->log_count);
    for (uint32_t i = 0; i < a->log_count; i++)
        h_assert_entry_equal(&a->log[i], &b->log[i]);
    assert_int_equal(a->held, b->held);
    for (uint32_t n = 0; n < a->held; n++) {
        const struct m_session_snap *x = &a->sessions[n];
        const struct m_session_snap *y = &b->sessions[n];

        assert_memory_equal(&x->info, &y->info, sizeof(x->info));
        for (int k = 0; k < 3; k++) {
            assert_int_equal(x->measure_status[k], y->measure_status[k]);
            if (x->measure_status[k] == IPT_OK)
                assert_memory_equal(&x->measure[k], &y->measure[k],
                                    sizeof(x->measure[k]));
        }
        assert_int_equal(x->note_length, y->note_length);
        assert_string_equal(x->note, y->note);
    }
}

/* Asserts that @p c is as @p before recorded it. */
static inline void
m_assert_unchanged(const struct ipt_course *c, const struct m_snap *before)
{
    struct m_snap now;

    m_snap_take(c, &now);
    m_snap_assert_equal(before, &now);
}

/* A standard course in the middle phase, allocating through @p a, with
 * records on sessions 1 and 2: techniques, areas, a PHQ-9, a GAD-7 given
 * by its total, and a note on session 2. */
static inline struct ipt_course *
m_recorded_course(const struct ipt_allocator *a)
{
    static const char note[] = "note on session 2";
    struct ipt_course *c = NULL;
    struct ipt_measure phq9, gad7;

    assert_int_equal(ipt_course_new(h_standard(), a, &c), IPT_OK);
    h_drive(c, IPT_STATE_MIDDLE);
    h_hold(c);
    memset(&phq9, 0, sizeof(phq9));
    phq9.kind = IPT_MEASURE_PHQ9;
    phq9.item_count = IPT_PHQ9_ITEMS;
    for (unsigned i = 0; i < IPT_PHQ9_ITEMS; i++)
        phq9.items[i] = (uint8_t)(i % 3);
    memset(&gad7, 0, sizeof(gad7));
    gad7.kind = IPT_MEASURE_GAD7;
    gad7.total = 9;
    assert_int_equal(ipt_course_record_techniques(
                         c, 1, IPT_TECHNIQUE_BIT(IPT_TECHNIQUE_CLARIFICATION)),
                     IPT_OK);
    assert_int_equal(ipt_course_record_areas(
                         c, 2, IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE)),
                     IPT_OK);
    assert_int_equal(ipt_course_record_measure(c, 1, &phq9), IPT_OK);
    assert_int_equal(ipt_course_record_measure(c, 2, &gad7), IPT_OK);
    assert_int_equal(ipt_course_set_note(c, 2, note, sizeof(note) - 1),
                     IPT_OK);
    return c;
}

/* ---- a fault-injecting counting allocator ---------------------------- */

/* Every block carries a header, so that frees are checked and live blocks
 * counted without a table.  16 bytes keep the block aligned for any type. */
#define M_BLOCK_MAGIC UINT64_C(0x6970742d626c6f6b)
#define M_BLOCK_FREED UINT64_C(0x667265652d646f6e)

struct m_block {
    uint64_t magic;
    uint64_t size;
};

enum m_mode {
    M_ONCE = 0,         /* only allocation number fail_at fails */
    M_PERSISTENT = 1    /* allocation fail_at and every later one fail */
};

struct m_fault {
    unsigned long calls;    /* allocations asked for since m_fault_arm() */
    unsigned long fail_at;  /* 1-based; 0 never fails */
    enum m_mode mode;
    unsigned long injected; /* allocations refused since m_fault_arm() */
    long live;              /* blocks handed out and not yet freed */
    size_t live_bytes;
    unsigned long total;    /* allocations ever asked for */
    unsigned long spared;   /* of which never refused (spared) */
    bool zero_size;         /* asked for 0 bytes through libipt's hooks */
    bool bad_free;          /* freed NULL, or a block not ours */
};

static inline void
m_fault_init(struct m_fault *f)
{
    memset(f, 0, sizeof(*f));
}

/* From now on, fail allocation number @p fail_at (1-based; 0: none). */
static inline void
m_fault_arm(struct m_fault *f, unsigned long fail_at, enum m_mode mode)
{
    f->calls = 0;
    f->fail_at = fail_at;
    f->mode = mode;
    f->injected = 0;
}

static inline void
m_fault_disarm(struct m_fault *f)
{
    m_fault_arm(f, 0, M_ONCE);
}

/* An allocation that is tracked but never refused and not counted among
 * the calls that m_fault_arm() numbers. */
static inline void *
m_fault_malloc_spared(struct m_fault *f, size_t size)
{
    struct m_block *b;

    f->total++;
    f->spared++;
    if (size > SIZE_MAX - sizeof(*b))
        return NULL;
    b = malloc(sizeof(*b) + size);
    if (b == NULL)
        return NULL;
    b->magic = M_BLOCK_MAGIC;
    b->size = size;
    f->live++;
    f->live_bytes += size;
    return b + 1;
}

static inline void *
m_fault_malloc(struct m_fault *f, size_t size)
{
    struct m_block *b;
    unsigned long n = ++f->calls;

    f->total++;
    if (f->fail_at != 0 &&
        (n == f->fail_at || (f->mode == M_PERSISTENT && n > f->fail_at))) {
        f->injected++;
        return NULL;
    }
    if (size > SIZE_MAX - sizeof(*b))
        return NULL;
    b = malloc(sizeof(*b) + size);
    if (b == NULL)
        return NULL;
    b->magic = M_BLOCK_MAGIC;
    b->size = size;
    f->live++;
    f->live_bytes += size;
    return b + 1;
}

static inline void
m_fault_release(struct m_fault *f, void *ptr)
{
    struct m_block *b;

    if (ptr == NULL) {
        f->bad_free = true;
        return;
    }
    b = (struct m_block *)ptr - 1;
    if (b->magic != M_BLOCK_MAGIC) {
        f->bad_free = true;
        return;
    }
    b->magic = M_BLOCK_FREED;
    f->live--;
    f->live_bytes -= (size_t)b->size;
    free(b);
}

static inline void *
m_fault_alloc_hook(size_t size, void *user_data)
{
    struct m_fault *f = user_data;

    if (size == 0)
        f->zero_size = true;
    return m_fault_malloc(f, size);
}

static inline void
m_fault_free_hook(void *ptr, void *user_data)
{
    m_fault_release(user_data, ptr);
}

/* The libipt allocator of @p f. */
static inline struct ipt_allocator
m_fault_allocator(struct m_fault *f)
{
    struct ipt_allocator a;

    a.alloc = m_fault_alloc_hook;
    a.free = m_fault_free_hook;
    a.user_data = f;
    return a;
}

static inline void
m_fault_assert_clean(const struct m_fault *f)
{
    assert_false(f->zero_size);
    assert_false(f->bad_free);
}

/* ---- an in-memory file system for the file functions ----------------- */

#define M_MEMFS_FILES 4
#define M_MEMFS_PATH 64

struct m_memfs_file {
    bool used;
    char path[M_MEMFS_PATH];
    char *data;
    size_t size;
};

/* One handle per open: 1 + index of the file. */
struct m_memfs {
    struct m_memfs_file files[M_MEMFS_FILES];
    unsigned long ops;      /* operations called */
    unsigned long fail_at;  /* 1-based operation that fails with EIO */
    int fail_errno;
    size_t claim;           /* read: a file of this many spaces (0: off) */
    size_t offset[M_MEMFS_FILES + 1];   /* read offset, per handle */
};

static inline struct m_memfs_file *
m_memfs_find(struct m_memfs *fs, const char *path)
{
    for (int i = 0; i < M_MEMFS_FILES; i++) {
        if (fs->files[i].used && strcmp(fs->files[i].path, path) == 0)
            return &fs->files[i];
    }
    return NULL;
}

static inline int
m_memfs_step(struct m_memfs *fs)
{
    if (fs->fail_at != 0 && ++fs->ops == fs->fail_at)
        return fs->fail_errno != 0 ? fs->fail_errno : EIO;
    return 0;
}

static inline void
m_memfs_drop(struct m_memfs_file *f)
{
    free(f->data);
    memset(f, 0, sizeof(*f));
}

static inline int
m_memfs_open(void *user_data, const char *path, uint32_t flags,
             uint32_t mode, int64_t *handle)
{
    struct m_memfs *fs = user_data;
    struct m_memfs_file *f;
    int err = m_memfs_step(fs);

    (void)mode;
    if (err != 0)
        return err;
    if (strlen(path) >= M_MEMFS_PATH)
        return ENAMETOOLONG;
    f = m_memfs_find(fs, path);
    if ((flags & IPT_IO_CREATE) != 0) {
        if (f != NULL)
            return EEXIST;
        for (int i = 0; i < M_MEMFS_FILES && f == NULL; i++) {
            if (!fs->files[i].used)
                f = &fs->files[i];
        }
        if (f == NULL)
            return ENOSPC;
        f->used = true;
        memcpy(f->path, path, strlen(path) + 1);
        f->data = NULL;
        f->size = 0;
    } else if (f == NULL) {
        return ENOENT;
    }
    *handle = (int64_t)(f - fs->files) + 1;
    fs->offset[*handle] = 0;
    return 0;
}

static inline int
m_memfs_read(void *user_data, int64_t handle, void *buf, size_t size,
             size_t *done)
{
    struct m_memfs *fs = user_data;
    struct m_memfs_file *f = &fs->files[handle - 1];
    size_t *off = &fs->offset[handle];
    size_t n;
    int err = m_memfs_step(fs);

    if (err != 0)
        return err;
    if (fs->claim != 0) {
        /* A file of fs->claim bytes of spaces, generated on the fly. */
        n = fs->claim - *off < size ? fs->claim - *off : size;
        memset(buf, ' ', n);
        *off += n;
        *done = n;
        return 0;
    }
    n = f->size - *off < size ? f->size - *off : size;
    memcpy(buf, f->data + *off, n);
    *off += n;
    *done = n;
    return 0;
}

static inline int
m_memfs_write(void *user_data, int64_t handle, const void *buf, size_t size,
              size_t *done)
{
    struct m_memfs *fs = user_data;
    struct m_memfs_file *f = &fs->files[handle - 1];
    char *p;
    int err = m_memfs_step(fs);

    if (err != 0)
        return err;
    p = realloc(f->data, f->size + size + 1);
    if (p == NULL)
        return ENOMEM;
    memcpy(p + f->size, buf, size);
    f->data = p;
    f->size += size;
    *done = size;
    return 0;
}

static inline int
m_memfs_sync(void *user_data, int64_t handle)
{
    (void)handle;
    return m_memfs_step(user_data);
}

static inline int
m_memfs_close(void *user_data, int64_t handle)
{
    struct m_memfs *fs = user_data;

    fs->offset[handle] = 0;
    return m_memfs_step(fs);
}

static inline int
m_memfs_rename(void *user_data, const char *from, const char *to)
{
    struct m_memfs *fs = user_data;
    struct m_memfs_file *f, *old;
    int err = m_memfs_step(fs);

    if (err != 0)
        return err;
    f = m_memfs_find(fs, from);
    if (f == NULL)
        return ENOENT;
    if (strlen(to) >= M_MEMFS_PATH)
        return ENAMETOOLONG;
    old = m_memfs_find(fs, to);
    if (old != NULL)
        m_memfs_drop(old);
    memcpy(f->path, to, strlen(to) + 1);
    return 0;
}

static inline int
m_memfs_unlink(void *user_data, const char *path)
{
    struct m_memfs *fs = user_data;
    struct m_memfs_file *f;
    int err = m_memfs_step(fs);

    if (err != 0)
        return err;
    f = m_memfs_find(fs, path);
    if (f == NULL)
        return ENOENT;
    m_memfs_drop(f);
    return 0;
}

static inline int
m_memfs_sync_dir(void *user_data, const char *dir)
{
    (void)dir;
    return m_memfs_step(user_data);
}

static inline struct ipt_io_ops
m_memfs_ops(struct m_memfs *fs)
{
    struct ipt_io_ops io;

    memset(&io, 0, sizeof(io));
    io.size = (uint32_t)sizeof(io);
    io.user_data = fs;
    io.open = m_memfs_open;
    io.read = m_memfs_read;
    io.write = m_memfs_write;
    io.sync = m_memfs_sync;
    io.close = m_memfs_close;
    io.rename = m_memfs_rename;
    io.unlink = m_memfs_unlink;
    io.sync_dir = m_memfs_sync_dir;
    return io;
}

static inline void
m_memfs_clear(struct m_memfs *fs)
{
    for (int i = 0; i < M_MEMFS_FILES; i++) {
        if (fs->files[i].used)
            m_memfs_drop(&fs->files[i]);
    }
    memset(fs, 0, sizeof(*fs));
}

/* Adds a file @p path holding @p size bytes of @p data. */
static inline void
m_memfs_put(struct m_memfs *fs, const char *path, const char *data,
            size_t size)
{
    struct m_memfs_file *f = NULL;

    for (int i = 0; i < M_MEMFS_FILES && f == NULL; i++) {
        if (!fs->files[i].used)
            f = &fs->files[i];
    }
    assert_true(strlen(path) < M_MEMFS_PATH);
    if (f == NULL) {
        fail_msg("the in-memory file system is full");
        return;
    }
    f->data = malloc(size + 1);
    if (f->data == NULL) {
        fail_msg("no memory for a file");
        return;
    }
    f->used = true;
    memcpy(f->path, path, strlen(path) + 1);
    memcpy(f->data, data, size);
    f->size = size;
}

#endif /* IPT_TEST_MISUSE_COMMON_H */
