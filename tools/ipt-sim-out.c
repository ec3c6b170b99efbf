/* SPDX-License-Identifier: MIT */
/*
 * Output helpers of the ipt-sim tool (see ipt-sim-out.h).
 *
 * Atomic replace of PATH:
 *
 *   mkstemp PATH.tmp.XXXXXX             a unique name in the same directory
 *   fchmod 0666 & ~umask                as if PATH had been created anew
 *   write through a 1 MiB stdio buffer
 *   fflush, fsync, fclose               every error counts
 *   rename PATH.tmp.XXXXXX -> PATH      atomic within one directory
 *   fsync the directory                 makes the rename durable
 *
 * Until the rename, PATH is untouched: a failure removes the temporary file
 * and leaves whatever PATH held before.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipt-sim-out.h"

/* Permission bits of a new output file: 0666 minus the umask. */
static mode_t new_file_mode = 0644;

void
out_init_mode(void)
{
    mode_t mask = umask(0);

    umask(mask);
    new_file_mode = (mode_t)(0666 & ~mask);
}

static int
fail(char *err, const char *what, const char *path, int errnum)
{
    /* strerror() runs on the main thread only: the library's threads
     * never call it. */
    (void)snprintf(err, OUT_ERR_SIZE, "%s '%s': %s", what, path,
                   strerror(errnum)); /* NOLINT(concurrency-mt-unsafe) */
    return -1;
}

int
out_open(struct out_file *f, const char *path, char *err)
{
    static const char suffix[] = ".tmp.XXXXXX";
    size_t len = strlen(path);
    int fd;

    f->path = path;
    f->fp = NULL;
    f->write_errno = 0;
    f->tmp = malloc(len + sizeof(suffix));
    if (f->tmp == NULL)
        return fail(err, "cannot create a temporary file for", path, ENOMEM);
    memcpy(f->tmp, path, len);
    memcpy(f->tmp + len, suffix, sizeof(suffix));

    fd = mkstemp(f->tmp);
    if (fd < 0) {
        int e = errno;

        free(f->tmp);
        f->tmp = NULL;
        return fail(err, "cannot create a temporary file for", path, e);
    }
    if (fchmod(fd, new_file_mode) != 0 ||
        (f->fp = fdopen(fd, "w")) == NULL) {
        int e = errno;

        close(fd);
        out_discard(f);
        return fail(err, "cannot open", path, e);
    }
    /* Without the large buffer, writes are only slower. */
    (void)setvbuf(f->fp, NULL, _IOFBF, (size_t)1 << 20);
    return 0;
}

int
out_check(struct out_file *f)
{
    if (f->write_errno == 0 && f->fp != NULL && ferror(f->fp))
        f->write_errno = errno != 0 ? errno : EIO;
    return f->write_errno == 0 ? 0 : -1;
}

int
out_finish(struct out_file *f, char *err)
{
    FILE *fp = f->fp;
    int e = 0;

    if (out_check(f) != 0)
        e = f->write_errno;
    else if (fflush(fp) != 0 || ferror(fp))
        e = errno != 0 ? errno : EIO;
    else if (fsync(fileno(fp)) != 0)
        e = errno;
    f->fp = NULL;
    if (fclose(fp) != 0 && e == 0)
        e = errno != 0 ? errno : EIO;
    if (e != 0)
        return fail(err, "cannot write", f->path, e);
    return 0;
}

/* fsync the directory holding @p path, so that a rename in it survives a
 * crash.  File systems that cannot sync a directory (EINVAL) are fine. */
static int
sync_parent(const char *path, char *err)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int fd, rc = 0;

    if (slash == NULL)
        dir = strdup(".");
    else if (slash == path)
        dir = strdup("/");
    else
        dir = strndup(path, (size_t)(slash - path));
    if (dir == NULL)
        return fail(err, "cannot sync the directory of", path, ENOMEM);
    fd = open(dir, O_RDONLY);
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL && errno != EBADF))
        rc = fail(err, "cannot sync directory", dir, errno);
    if (fd >= 0)
        close(fd);
    free(dir);
    return rc;
}

int
out_commit(struct out_file *f, char *err)
{
    if (rename(f->tmp, f->path) != 0) {
        int e = errno;

        out_discard(f);
        return fail(err, "cannot replace", f->path, e);
    }
    free(f->tmp);
    f->tmp = NULL;
    return sync_parent(f->path, err);
}

void
out_discard(struct out_file *f)
{
    if (f->fp != NULL) {
        (void)fclose(f->fp); /* the file is removed below */
        f->fp = NULL;
    }
    if (f->tmp != NULL) {
        unlink(f->tmp);
        free(f->tmp);
        f->tmp = NULL;
    }
}

/*
 * out_double() prints what the first of "%.15g", "%.16g" and "%.17g" that
 * reads back as x would print.  A correctly rounded decimal of N
 * significant digits that reads back as x is the closest N-digit decimal
 * to x, so the first that reads back is the shortest: any decimal of 15
 * digits or fewer that reads back as x is what "%.15g" prints once %g has
 * dropped the trailing zeros (DBL_DIG is 15), and 17 digits always read
 * back.
 *
 * printf() is slow enough to dominate a trajectories file, so it is called
 * once, for 17 digits; the 16- and 15-digit candidates are rounded from
 * those digits.  That double rounding is exact unless the digits dropped
 * are exactly 5, 50, ... (x may lie just below the tie); then printf()
 * rounds again from x.
 */

/* The significant digits of x (positive, finite) at @p n digits and the
 * decimal exponent: x ~ 0.d1d2...dn × 10^(exp10 + 1). */
struct digits {
    char d[18];
    int n;
    int exp10;
};

static void
printf_digits(double x, int n, struct digits *out)
{
    char buf[40];
    int len = snprintf(buf, sizeof(buf), "%.*e", n - 1, x);
    const char *e = memchr(buf, 'e', (size_t)(len > 0 ? len : 0));

    out->n = 0;
    out->exp10 = 0;
    for (const char *p = buf; e != NULL && p < e && out->n < n; p++)
        if (*p >= '0' && *p <= '9')
            out->d[out->n++] = *p;
    if (out->n != n) {
        /* Cannot happen: "%.16e" of a finite double fits in 24 bytes.  n
         * zero digits keep the callers' reads defined all the same. */
        memset(out->d, '0', sizeof(out->d));
        out->n = n;
        return;
    }
    out->exp10 = (int)strtol(e + 1, NULL, 10);
}

/* @p from rounded to @p n digits (n < from->n). */
static void
round_digits(double x, const struct digits *from, int n, struct digits *out)
{
    int tie = from->d[n] == '5';

    for (int i = n + 1; tie && i < from->n; i++)
        tie = from->d[i] == '0';
    if (tie) {
        printf_digits(x, n, out);
        return;
    }
    memcpy(out->d, from->d, (size_t)n);
    out->n = n;
    out->exp10 = from->exp10;
    if (from->d[n] < '5')
        return;
    for (int i = n - 1; i >= 0; i--) {
        if (out->d[i] != '9') {
            out->d[i]++;
            return;
        }
        out->d[i] = '0';
    }
    out->d[0] = '1';
    out->exp10++;
}

static int
reads_back(const struct digits *g, double x)
{
    char buf[40], *p = buf;
    int e = g->exp10 < 0 ? -g->exp10 : g->exp10;

    /* "d.ddde-308" by hand: snprintf() costs as much as strtod(). */
    *p++ = g->d[0];
    *p++ = '.';
    memcpy(p, g->d + 1, (size_t)(g->n - 1));
    p += g->n - 1;
    *p++ = 'e';
    *p++ = g->exp10 < 0 ? '-' : '+';
    *p++ = (char)('0' + e / 100 % 10);
    *p++ = (char)('0' + e / 10 % 10);
    *p++ = (char)('0' + e % 10);
    *p = '\0';
    return strtod(buf, NULL) == x;
}

/* What "%.<precision>g" prints for digits @p g. */
static void
print_g(char *buf, const struct digits *g, int precision)
{
    int n = g->n, x = g->exp10;
    char *p = buf;

    while (n > 1 && g->d[n - 1] == '0')
        n--;
    if (x < -4 || x >= precision) {
        *p++ = g->d[0];
        if (n > 1) {
            *p++ = '.';
            memcpy(p, g->d + 1, (size_t)(n - 1));
            p += n - 1;
        }
        (void)snprintf(p, 8, "e%c%02d", x < 0 ? '-' : '+',
                       (x < 0 ? -x : x) % 1000);
        return;
    }
    if (x < 0) {
        memcpy(p, "0.", 2);
        p += 2;
        memset(p, '0', (size_t)(-x - 1));
        p += -x - 1;
        memcpy(p, g->d, (size_t)n);
        p += n;
    } else {
        for (int i = 0; i <= x; i++)
            *p++ = (char)(i < n ? g->d[i] : '0');
        if (n > x + 1) {
            *p++ = '.';
            memcpy(p, g->d + x + 1, (size_t)(n - x - 1));
            p += n - x - 1;
        }
    }
    *p = '\0';
}

const char *
out_double(char *buf, double x)
{
    struct digits d17, d16, d15;
    char *p = buf;

    if (!isfinite(x) || x == 0.0) {
        (void)snprintf(buf, OUT_DOUBLE_SIZE, "%.17g", x);
        return buf;
    }
    if (x < 0.0) {
        *p++ = '-';
        x = -x;
    }
    printf_digits(x, 17, &d17);
    round_digits(x, &d17, 16, &d16);
    if (!reads_back(&d16, x)) {
        print_g(p, &d17, 17);
        return buf;
    }
    round_digits(x, &d17, 15, &d15);
    if (!reads_back(&d15, x))
        print_g(p, &d16, 16);
    else
        print_g(p, &d15, 15);
    return buf;
}

/* Length of the valid UTF-8 sequence at @p s, or 0 if it is not one. */
static size_t
utf8_length(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return n;
}

void
out_json_string(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    fputc('"', fp);
    while (*p != '\0') {
        size_t n = utf8_length(p);

        if (n == 0) {
            fputs("\\ufffd", fp);
            p++;
        } else if (*p == '"' || *p == '\\') {
            fprintf(fp, "\\%c", *p++);
        } else if (*p == '\n') {
            fputs("\\n", fp);
            p++;
        } else if (*p == '\t') {
            fputs("\\t", fp);
            p++;
        } else if (*p < 0x20) {
            fprintf(fp, "\\u%04x", (unsigned)*p++);
        } else {
            fwrite(p, 1, n, fp);
            p += n;
        }
    }
    fputc('"', fp);
}
