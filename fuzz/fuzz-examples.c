/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the command lines of the example programs.  The
 * first byte picks the example (0 technique-picker, 1 machine-diagram,
 * 2 fhir-export, 3 course-record, 4 problem-area-triage; other values are
 * ignored, so that the corpus keeps its meaning when an example is added);
 * the rest is split into arguments at NUL and newline bytes (fuzz-argv.h).
 * The parsers are the examples' own parse_args(), compiled from examples/
 * by the example-*.c files of this directory.
 *
 * Oracle: no parser crashes, leaks or prints, and each returns one of its
 * documented results.  technique-picker: a refusal comes with a sentence;
 * an accepted context has a phase of a session, at most two focal areas
 * (at least one in the middle phase), a dispute stage only with a role
 * dispute, and ipt_select_techniques() and ipt_suggestion_explain() accept
 * it, so the program never fails after its parser said yes.  The other
 * examples take at most one argument, and their parsers must agree with a
 * plain restatement of their usage lines.  A broken oracle stops the run
 * with __builtin_trap().
 *
 * Built twice by fuzz/meson.build: with -fsanitize=fuzzer as fuzz-examples
 * (clang, -Dfuzzing=true), and with replay.c as an ordinary program that
 * runs the corpus as a meson test.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ipt/ipt.h>

#include "fuzz-argv.h"
#include "fuzz-examples.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TECHNIQUES 32

static void
check(int ok)
{
    if (!ok)
        __builtin_trap();
}

static uint32_t
popcount(uint32_t v)
{
    uint32_t n = 0;

    for (; v != 0; v &= v - 1)
        n++;
    return n;
}

static void
technique_picker(int argc, char **argv)
{
    struct ipt_select_context ctx;
    struct ipt_suggestion list[MAX_TECHNIQUES];
    char err[256];
    uint32_t n = 0;
    int rc;

    memset(&ctx, 0, sizeof(ctx));
    ctx.size = (uint32_t)sizeof(ctx);
    memset(err, 'x', sizeof(err));
    rc = fuzz_technique_picker_args(argc, argv, &ctx, err, sizeof(err));
    check(rc == -1 || rc == 0 || rc == 1);
    if (rc == -1)
        check(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL);
    if (rc != 0)
        return;
    check(ctx.phase == IPT_STATE_INITIAL || ctx.phase == IPT_STATE_MIDDLE ||
          ctx.phase == IPT_STATE_TERMINATION);
    check(popcount(ctx.focus) <= 2);
    check(ctx.phase != IPT_STATE_MIDDLE || ctx.focus != 0);
    check(ctx.dispute_stage == 0 ||
          (ctx.focus & IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE)) != 0);
    check(ipt_select_techniques(NULL, &ctx, list, MAX_TECHNIQUES, &n) ==
          IPT_OK);
    check(n <= MAX_TECHNIQUES);
    for (uint32_t i = 0; i < n; i++) {
        char line[512];
        enum ipt_status st =
            ipt_suggestion_explain(&list[i], line, sizeof(line), NULL);

        check(st == IPT_OK || st == IPT_ERR_BUFFER_TOO_SMALL);
    }
}

static void
machine_diagram(int argc, char **argv)
{
    enum ipt_diagram_format format;
    int want = argc <= 1 ? 0
               : argc == 2 && (strcmp(argv[1], "dot") == 0 ||
                               strcmp(argv[1], "mermaid") == 0)
                   ? 0
                   : -1;

    check(fuzz_machine_diagram_args(argc, argv, &format) == want);
    if (want == 0)
        check(format == (argc == 2 && strcmp(argv[1], "mermaid") == 0
                             ? IPT_DIAGRAM_MERMAID
                             : IPT_DIAGRAM_DOT));
}

static void
fhir_export(int argc, char **argv)
{
    uint32_t flags = IPT_FHIR_UNIX_SECONDS;
    int notes = argc == 2 && strcmp(argv[1], "--with-notes") == 0;
    int want = argc <= 1 || notes ? 0 : -1;

    check(fuzz_fhir_export_args(argc, argv, &flags) == want);
    if (want == 0)
        check(flags == (IPT_FHIR_UNIX_SECONDS |
                        (notes ? (uint32_t)IPT_FHIR_INCLUDE_NOTES : 0u)));
}

static void
course_record(int argc, char **argv)
{
    char path[600];
    int want;

    memset(path, 'x', sizeof(path));
    if (argc > 2)
        want = -1;
    else if (argc < 2)
        want = 0;
    else
        want = strlen(argv[1]) < sizeof(path) ? 1 : -1;
    check(fuzz_course_record_args(argc, argv, path, sizeof(path)) == want);
    if (want == 1)
        check(strcmp(path, argv[1]) == 0);
}

static void
problem_area_triage(int argc, char **argv)
{
    check(fuzz_problem_area_triage_args(argc, argv) == (argc > 1 ? -1 : 0));
}

static const struct {
    const char *prog;
    void (*run)(int argc, char **argv);
} examples[] = {
    { "technique-picker", technique_picker },
    { "machine-diagram", machine_diagram },
    { "fhir-export", fhir_export },
    { "course-record", course_record },
    { "problem-area-triage", problem_area_triage },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_argv args;
    size_t which;

    if (size == 0 || data[0] >= sizeof(examples) / sizeof(examples[0]))
        return 0;
    which = data[0];
    if (fuzz_argv_split(data + 1, size - 1, examples[which].prog, &args) != 0)
        return 0;
    examples[which].run(args.argc, args.argv);
    fuzz_argv_free(&args);
    return 0;
}
