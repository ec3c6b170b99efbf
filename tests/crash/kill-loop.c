/* SPDX-License-Identifier: MIT */
/*
 * A saving process killed with SIGKILL at random moments.
 *
 *   kill-loop [ITERATIONS [SEED]]      (defaults: 200, a seed from the clock)
 *
 * Each iteration forks a child that saves two courses in turn to the same
 * path, as fast as it can, through the default file operations; the parent
 * kills it after a random delay in microseconds, then checks that the file
 * exists, has mode 0600, loads, and equals one of the two courses: never
 * torn, never missing.  A temporary file the kill left behind (PATH.tmp) is
 * counted, and the parent's next save must succeed and remove it.
 *
 * The child reports in shared memory which step of the save it is in, so
 * the parent can tell how many kills landed in the middle of a save and at
 * which step.  The seed and every figure are printed; run again with the
 * same seed to draw the same delays (the moments the kills land still
 * depend on the machine).
 *
 * This runs the real system calls; the loss of unsynced data in a power
 * cut is the business of the crash model in tests/records/test-io-atomic.c.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ipt/ipt.h>

#include "../records/helpers.h"

#define DEFAULT_ITERATIONS 200
/* A child that was never killed gives up after this long. */
#define CHILD_LIMIT_NS (INT64_C(20) * 1000000000)

/* ---- where the child is -------------------------------------------------- */

/* The steps of a save, in order, as ipt_course_save_file() makes them
 * through its file operations. */
enum step {
    STEP_UNLINK,    /* the stale temp file */
    STEP_OPEN,
    STEP_WRITE,
    STEP_SYNC,
    STEP_CLOSE,
    STEP_RENAME,
    STEP_SYNC_DIR,
    STEP_COUNT
};

static const char *const step_names[STEP_COUNT] = {
    "unlink", "open", "write", "fsync", "close", "rename", "directory fsync",
};

/* Where the child is; one of these, or for an operation of the save
 * PHASE_IN(step) while it runs and PHASE_AFTER(step) once it returned. */
enum {
    PHASE_NOT_STARTED = 0,  /* forked, no save begun yet */
    PHASE_BETWEEN = 1,      /* between two saves */
    PHASE_BUILDING = 2,     /* in a save, before its first file operation:
                             * the document is being built */
    PHASE_OPS = 3
};
#define PHASE_IN(step) (PHASE_OPS + 2 * (int)(step))
#define PHASE_AFTER(step) (PHASE_OPS + 2 * (int)(step) + 1)
#define PHASES (PHASE_OPS + 2 * STEP_COUNT)

/* Shared between the child and the parent (mmap MAP_SHARED). */
struct shared {
    atomic_int phase;
    atomic_uint saves_done;     /* by this child */
    atomic_uint save_failures;  /* saves that did not return IPT_OK */
    char failure[256];          /* the first failure's message */
};

static struct shared *shm;
static struct ipt_io_ops real_io;

static void
enter(int phase)
{
    atomic_store(&shm->phase, phase);
}

/* File operations that record the step, then run the default one. */
static int
r_open(void *u, const char *path, uint32_t flags, uint32_t mode, int64_t *h)
{
    int err;

    (void)u;
    enter(PHASE_IN(STEP_OPEN));
    err = real_io.open(NULL, path, flags, mode, h);
    enter(PHASE_AFTER(STEP_OPEN));
    return err;
}

static int
r_read(void *u, int64_t h, void *buf, size_t size, size_t *done)
{
    (void)u;
    return real_io.read(NULL, h, buf, size, done);
}

static int
r_write(void *u, int64_t h, const void *buf, size_t size, size_t *done)
{
    int err;

    (void)u;
    enter(PHASE_IN(STEP_WRITE));
    err = real_io.write(NULL, h, buf, size, done);
    enter(PHASE_AFTER(STEP_WRITE));
    return err;
}

static int
r_sync(void *u, int64_t h)
{
    int err;

    (void)u;
    enter(PHASE_IN(STEP_SYNC));
    err = real_io.sync(NULL, h);
    enter(PHASE_AFTER(STEP_SYNC));
    return err;
}

static int
r_close(void *u, int64_t h)
{
    int err;

    (void)u;
    enter(PHASE_IN(STEP_CLOSE));
    err = real_io.close(NULL, h);
    enter(PHASE_AFTER(STEP_CLOSE));
    return err;
}

static int
r_rename(void *u, const char *from, const char *to)
{
    int err;

    (void)u;
    enter(PHASE_IN(STEP_RENAME));
    err = real_io.rename(NULL, from, to);
    enter(PHASE_AFTER(STEP_RENAME));
    return err;
}

static int
r_unlink(void *u, const char *path)
{
    int err;

    (void)u;
    enter(PHASE_IN(STEP_UNLINK));
    err = real_io.unlink(NULL, path);
    enter(PHASE_AFTER(STEP_UNLINK));
    return err;
}

static int
r_sync_dir(void *u, const char *dir)
{
    int err;

    (void)u;
    enter(PHASE_IN(STEP_SYNC_DIR));
    err = real_io.sync_dir(NULL, dir);
    enter(PHASE_AFTER(STEP_SYNC_DIR));
    return err;
}

static struct ipt_io_ops
recording_io(void)
{
    struct ipt_io_ops io;

    assert_int_equal(ipt_io_default(&real_io), IPT_OK);
    io = real_io;
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

static const char *
phase_name(int phase, char *buf, size_t size)
{
    switch (phase) {
    case PHASE_NOT_STARTED:
        return "before the first save";
    case PHASE_BETWEEN:
        return "between two saves";
    case PHASE_BUILDING:
        return "building the document";
    default:
        break;
    }
    (void)snprintf(buf, size, "%s %s",
                   (phase - PHASE_OPS) % 2 == 0 ? "in" : "after",
                   step_names[(phase - PHASE_OPS) / 2]);
    return buf;
}

/* ---- the child ----------------------------------------------------------- */

static int64_t
now_ns(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Saves @p a and @p b in turn until killed; never returns. */
static void
child(const struct ipt_course *a, const struct ipt_course *b,
      const char *path, const struct ipt_io_ops *io)
{
    const int64_t start = now_ns();

    for (unsigned n = 0;; n++) {
        char msg[256];
        enum ipt_status st;

        enter(PHASE_BUILDING);
        st = ipt_course_save_file(n % 2 == 0 ? b : a, path, io, msg,
                                  sizeof(msg));
        enter(PHASE_BETWEEN);
        if (st == IPT_OK) {
            atomic_fetch_add(&shm->saves_done, 1u);
        } else if (atomic_fetch_add(&shm->save_failures, 1u) == 0) {
            (void)snprintf(shm->failure, sizeof(shm->failure), "%s", msg);
        }
        if (now_ns() - start > CHILD_LIMIT_NS)
            _exit(3); /* the parent is gone or stuck */
    }
}

/* ---- the parent ---------------------------------------------------------- */

static unsigned long iterations = DEFAULT_ITERATIONS;
static uint64_t seed;

static uint64_t
next_random(uint64_t *s)
{
    /* splitmix64 */
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void
sleep_us(long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* A standard course in @p state whose held sessions carry a note and a
 * PHQ-9 each. */
static struct ipt_course *
course_in(int state, const char *word)
{
    struct ipt_course *c = h_new_course(NULL);
    uint32_t held = 0;
    char note[4000];
    size_t len = 0;

    h_drive(c, state);
    while (len + strlen(word) + 2 < sizeof(note))
        len += (size_t)snprintf(note + len, sizeof(note) - len, "%s ", word);
    assert_int_equal(ipt_course_get_sessions(c, &held, NULL, NULL), IPT_OK);
    for (uint32_t s = 1; s <= held; s++) {
        struct ipt_measure m = h_phq9((uint8_t)(s % 4), 0);

        assert_int_equal(ipt_course_set_note(c, s, note, len), IPT_OK);
        assert_int_equal(ipt_course_record_measure(c, s, &m), IPT_OK);
    }
    return c;
}

static void
save_ok(const struct ipt_course *c, const char *path)
{
    char msg[256];

    if (ipt_course_save_file(c, path, NULL, msg, sizeof(msg)) != IPT_OK)
        fail_msg("save of %s failed: %s", path, msg);
}

/* The document in @p path, which must load (free() it). */
static char *
load_doc(const char *path)
{
    struct ipt_course *c = NULL;
    char msg[256];
    char *doc;

    if (ipt_course_load_file(path, NULL, NULL, &c, msg, sizeof(msg)) !=
        IPT_OK)
        fail_msg("load of %s failed: %s", path, msg);
    doc = h_doc_of(c);
    ipt_course_free(c);
    return doc;
}

/* A struct shared with the children: a file in @p dir mapped with
 * MAP_SHARED (POSIX has no anonymous mappings before 2024). */
static struct shared *
map_shared(const char *dir)
{
    char path[128];
    void *p;
    int fd;

    (void)snprintf(path, sizeof(path), "%s/shared", dir);
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)sizeof(struct shared)), 0);
    p = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE,
             MAP_SHARED, fd, 0);
    assert_true(p != MAP_FAILED);
    assert_int_equal(close(fd), 0);
    return p;
}

static void
test_kill_loop(void **state)
{
    /* a small document and a large one (about 5 and 50 KiB) */
    struct ipt_course *a = course_in(IPT_STATE_INITIAL, "first");
    struct ipt_course *b = course_in(IPT_STATE_TERMINATION, "second");
    char *doc_a = h_doc_of(a);
    char *doc_b = h_doc_of(b);
    const struct ipt_io_ops io = recording_io();
    unsigned long seen_a = 0, seen_b = 0, mid_save = 0, tmp_left = 0;
    unsigned long by_phase[PHASES] = { 0 };
    unsigned long child_saves = 0;
    uint64_t rng = seed;
    int64_t t0;
    long save_us, max_delay_us;
    struct h_dir d;

    (void)state;
    h_dir_make(&d, "kill-loop");
    shm = map_shared(d.root);

    /* How long one save takes here: the delays span a few saves. */
    t0 = now_ns();
    for (int i = 0; i < 10; i++)
        save_ok(i % 2 == 0 ? a : b, d.path);
    save_us = (long)((now_ns() - t0) / 10 / 1000);
    max_delay_us = 500 + 4 * save_us;
    print_message("# seed %llu (rerun: kill-loop %lu %llu); documents of %zu "
                  "and %zu bytes; a save takes %ld us here; kills after 0 to "
                  "%ld us\n",
                  (unsigned long long)seed, iterations,
                  (unsigned long long)seed, strlen(doc_a), strlen(doc_b),
                  save_us, max_delay_us);

    for (unsigned long i = 0; i < iterations; i++) {
        long delay = (long)(next_random(&rng) % (uint64_t)max_delay_us);
        int status = 0;
        int phase;
        pid_t pid;
        char *have;

        memset(shm, 0, sizeof(*shm));
        (void)fflush(NULL);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            child(a, b, d.path, &io);
        sleep_us(delay);
        assert_int_equal(kill(pid, SIGKILL), 0);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            fail_msg("iteration %lu: the child was not killed (status %d)",
                     i, status);
        if (atomic_load(&shm->save_failures) != 0)
            fail_msg("iteration %lu: a save of the child failed: %s", i,
                     shm->failure);
        child_saves += atomic_load(&shm->saves_done);
        phase = atomic_load(&shm->phase);
        assert_true(phase >= 0 && phase < PHASES);
        by_phase[phase]++;
        if (phase >= PHASE_BUILDING)
            mid_save++;

        /* never missing, never torn */
        if (!h_exists(d.path))
            fail_msg("iteration %lu: no file after a kill", i);
        assert_int_equal(h_file_mode(d.path), 0600);
        have = load_doc(d.path);
        if (strcmp(have, doc_a) == 0)
            seen_a++;
        else if (strcmp(have, doc_b) == 0)
            seen_b++;
        else
            fail_msg("iteration %lu (delay %ld us): the file is neither "
                     "course", i, delay);
        free(have);

        /* a temp file left by the kill does not block the next save */
        if (h_exists(d.tmp)) {
            tmp_left++;
            save_ok(i % 2 == 0 ? a : b, d.path);
            assert_false(h_exists(d.tmp));
            have = load_doc(d.path);
            assert_string_equal(have, i % 2 == 0 ? doc_a : doc_b);
            free(have);
        }
    }

    print_message("# %lu iterations done: %lu kills landed in the middle of "
                  "a save; %lu left PATH.tmp, and the next save removed it "
                  "each time\n",
                  iterations, mid_save, tmp_left);
    print_message("# the file held the first course %lu times and the "
                  "second %lu times; the children completed %lu saves\n",
                  seen_a, seen_b, child_saves);
    for (int p = 0; p < PHASES; p++) {
        char buf[64];

        if (by_phase[p] > 0)
            print_message("#   %5lu killed %s\n", by_phase[p],
                          phase_name(p, buf, sizeof(buf)));
    }
    assert_int_equal(seen_a + seen_b, iterations);
    /* a save after the last kill leaves no temp file behind */
    save_ok(b, d.path);
    assert_false(h_exists(d.tmp));
    h_dir_remove(&d);
    assert_int_equal(munmap(shm, sizeof(*shm)), 0);
    free(doc_a);
    free(doc_b);
    ipt_course_free(a);
    ipt_course_free(b);
}

/* A whole number in 1..max, or 0. */
static unsigned long long
parse_count(const char *s, unsigned long long max)
{
    char *end = NULL;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v > max)
        return 0;
    return v;
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_loop),
    };

    seed = (uint64_t)now_ns() ^ ((uint64_t)getpid() << 32);
    if (argc > 3 || (argc > 1 && (iterations = (unsigned long)parse_count(
                                      argv[1], 100000000)) == 0)) {
        fprintf(stderr, "usage: kill-loop [ITERATIONS [SEED]]\n");
        return 2;
    }
    if (argc == 3) {
        if (strcmp(argv[2], "0") == 0)
            seed = 0;
        else if ((seed = parse_count(argv[2], UINT64_MAX)) == 0) {
            fprintf(stderr, "kill-loop: SEED must be a whole number\n");
            return 2;
        }
    }
    if (!h_json_built()) {
        printf("1..0 # SKIP libipt was built without JSON support\n");
        return 0;
    }
    (void)umask(022);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
