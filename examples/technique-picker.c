/* SPDX-License-Identifier: MIT */
/**
 * @file technique-picker.c
 * Rank IPT techniques for a session described on the command line.
 *
 *     technique-picker --phase middle --area role_dispute --stage impasse
 *
 * prints the ranked techniques, one line each with its score and reasons
 * (the text of ipt_suggestion_explain()).  Without arguments it runs that
 * same demonstration, so that it can be run unattended; `--help` lists
 * every option.  The ranking supports a clinician's choice; it does not
 * replace it.
 *
 * Build: `cc technique-picker.c $(pkg-config --cflags --libs ipt-therapy)`
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

#define MAX_TECHNIQUES 32

/* Prints the synopsis; with @full, the whole help text. */
static void
usage(FILE *to, const char *prog, int full)
{
    fprintf(to,
"usage: %s --phase initial|middle|termination [--area NAME]...\n"
"          [--stage renegotiation|impasse|dissolution] [--session N]\n"
"          [--remaining N] [--mit] [--adolescent] [--group] [--pd-features]\n"
"          [--nonresponse] [--item9] [--recent TECHNIQUE]... [--help]\n",
            prog);
    if (!full) {
        fprintf(to, "Run '%s --help' for the options.\n", prog);
        return;
    }
    fputs(
"\n"
"Ranks IPT techniques for the session described and explains each.\n"
"\n"
"  --phase P         phase of the session (required when any option is given)\n"
"  --area NAME       focal problem area, at most twice: grief, role_dispute,\n"
"                    role_transition, interpersonal_deficits or\n"
"                    lost_healthy_self (the middle phase needs at least one)\n"
"  --stage S         stage of the role dispute\n"
"  --session N       number of the session being planned (1 = the first)\n"
"  --remaining N     planned sessions left, counting this one (0 = unknown)\n"
"  --mit             also offer Metacognitive Interpersonal Therapy techniques\n"
"  --adolescent      the patient is an adolescent\n"
"  --group           group format\n"
"  --pd-features     personality-disorder features\n"
"  --nonresponse     no response at mid-course\n"
"  --item9           PHQ-9 item 9 was above 0 since the last session\n"
"  --recent T        technique used in recent sessions, e.g. role_play\n"
"                    (may be repeated)\n"
"  --help            show this text and exit\n"
"\n"
"Without arguments the program runs a demonstration:\n"
"  --phase middle --area role_dispute --stage impasse\n"
"\n"
"Exit status: 0 on success, 2 for a bad command line, 1 for other errors.\n",
          to);
}

/* Parses a non-negative decimal number. */
static int
parse_count(const char *text, uint32_t *out)
{
    char *end = NULL;
    unsigned long v;

    if (text == NULL || text[0] < '0' || text[0] > '9')
        return -1;
    errno = 0;
    v = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* Fills @ctx from the command line.  Returns 0 to rank, 1 for --help, or
 * -1 with a sentence in @err.  Prints nothing, so that the program decides
 * what to show (and the fuzz target fuzz/fuzz-examples.c can call it). */
static int
parse_args(int argc, char **argv, struct ipt_select_context *ctx, char *err,
           size_t err_size)
{
    int areas = 0, have_phase = 0;

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *arg = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0)
            return 1;

        if (strcmp(opt, "--mit") == 0) {
            ctx->flags |= IPT_SELECT_ALLOW_MIT;
        } else if (strcmp(opt, "--adolescent") == 0) {
            ctx->flags |= IPT_SELECT_ADOLESCENT;
        } else if (strcmp(opt, "--group") == 0) {
            ctx->flags |= IPT_SELECT_GROUP;
        } else if (strcmp(opt, "--pd-features") == 0) {
            ctx->flags |= IPT_SELECT_PD_FEATURES;
        } else if (strcmp(opt, "--nonresponse") == 0) {
            ctx->flags |= IPT_SELECT_NONRESPONSE;
        } else if (strcmp(opt, "--item9") == 0) {
            ctx->flags |= IPT_SELECT_SAFETY_ITEM9;
        } else if (strcmp(opt, "--phase") == 0) {
            enum ipt_state phase;

            if (arg == NULL || ipt_state_from_name(arg, &phase) != IPT_OK ||
                (phase != IPT_STATE_INITIAL && phase != IPT_STATE_MIDDLE &&
                 phase != IPT_STATE_TERMINATION)) {
                snprintf(err, err_size, "--phase needs initial, middle or "
                         "termination");
                return -1;
            }
            ctx->phase = (int32_t)phase;
            have_phase = 1;
            i++;
        } else if (strcmp(opt, "--area") == 0) {
            enum ipt_area area;

            if (arg == NULL || ipt_area_from_name(arg, &area) != IPT_OK) {
                snprintf(err, err_size, "--area needs grief, role_dispute, "
                         "role_transition, interpersonal_deficits or "
                         "lost_healthy_self");
                return -1;
            }
            if ((ctx->focus & IPT_AREA_BIT(area)) == 0 && ++areas > 2) {
                snprintf(err, err_size, "at most two focal areas");
                return -1;
            }
            ctx->focus |= IPT_AREA_BIT(area);
            i++;
        } else if (strcmp(opt, "--stage") == 0) {
            enum ipt_dispute_stage stage;

            if (arg == NULL ||
                ipt_dispute_stage_from_name(arg, &stage) != IPT_OK) {
                snprintf(err, err_size, "--stage needs renegotiation, impasse "
                         "or dissolution");
                return -1;
            }
            ctx->dispute_stage = (int32_t)stage;
            i++;
        } else if (strcmp(opt, "--session") == 0) {
            if (parse_count(arg, &ctx->session) != 0 || ctx->session == 0) {
                snprintf(err, err_size, "--session needs a number from 1");
                return -1;
            }
            i++;
        } else if (strcmp(opt, "--remaining") == 0) {
            if (parse_count(arg, &ctx->sessions_remaining) != 0) {
                snprintf(err, err_size, "--remaining needs a number");
                return -1;
            }
            i++;
        } else if (strcmp(opt, "--recent") == 0) {
            enum ipt_technique t;

            if (arg == NULL || ipt_technique_from_name(arg, &t) != IPT_OK) {
                snprintf(err, err_size, "--recent needs a technique name, "
                         "e.g. role_play");
                return -1;
            }
            ctx->recent_techniques |= IPT_TECHNIQUE_BIT(t);
            i++;
        } else {
            snprintf(err, err_size, "unknown option '%s'", opt);
            return -1;
        }
    }
    if (!have_phase) {
        snprintf(err, err_size, "--phase is required");
        return -1;
    }
    if (ctx->phase == IPT_STATE_MIDDLE && ctx->focus == 0) {
        snprintf(err, err_size, "the middle phase needs at least one --area");
        return -1;
    }
    if (ctx->dispute_stage != 0 &&
        (ctx->focus & IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE)) == 0) {
        snprintf(err, err_size, "--stage needs --area role_dispute");
        return -1;
    }
    return 0;
}

/* One line describing the session, e.g. "middle phase, focus role_dispute
 * (impasse)". */
static void
print_context(const struct ipt_select_context *ctx)
{
    printf("Ranked techniques for the %s phase",
           ipt_state_name((enum ipt_state)ctx->phase));
    if (ctx->focus != 0) {
        const char *sep = "";

        printf(", focus ");
        for (int32_t a = IPT_AREA_GRIEF; a <= IPT_AREA_INTERPERSONAL_DEFICITS;
             a++) {
            if ((ctx->focus & IPT_AREA_BIT(a)) == 0)
                continue;
            printf("%s%s", sep, ipt_area_name((enum ipt_area)a));
            if (a == IPT_AREA_ROLE_DISPUTE && ctx->dispute_stage != 0)
                printf(" (%s)", ipt_dispute_stage_name(
                                    (enum ipt_dispute_stage)ctx->dispute_stage));
            sep = " and ";
        }
    }
    if (ctx->session != 0)
        printf(", session %u", (unsigned)ctx->session);
    if (ctx->sessions_remaining != 0)
        printf(", %u planned session%s left", (unsigned)ctx->sessions_remaining,
               ctx->sessions_remaining == 1 ? "" : "s");
    for (uint32_t bit = 1; bit <= IPT_SELECT_FLAGS_ALL; bit <<= 1) {
        if ((ctx->flags & bit) != 0)
            printf(", %s", ipt_select_flag_name((enum ipt_select_flag)bit));
    }
    printf(":\n");
}

int
main(int argc, char **argv)
{
    const char *prog = argc > 0 && argv[0] != NULL ? argv[0]
                                                   : "technique-picker";
    struct ipt_select_context ctx;
    struct ipt_suggestion list[MAX_TECHNIQUES];
    char err[256];
    uint32_t n = 0;
    enum ipt_status st;
    int rc;

    memset(&ctx, 0, sizeof(ctx));
    ctx.size = (uint32_t)sizeof(ctx);

    if (argc <= 1) {
        /* The demonstration's command line. */
        static char d_prog[] = "technique-picker", d_phase[] = "--phase",
                    d_middle[] = "middle", d_area[] = "--area",
                    d_dispute[] = "role_dispute", d_stage[] = "--stage",
                    d_impasse[] = "impasse";
        char *demo[] = { d_prog, d_phase, d_middle, d_area, d_dispute,
                         d_stage, d_impasse, NULL };

        printf("(demonstration: --phase middle --area role_dispute "
               "--stage impasse; see --help)\n");
        rc = parse_args(7, demo, &ctx, err, sizeof(err));
    } else {
        rc = parse_args(argc, argv, &ctx, err, sizeof(err));
    }
    if (rc == 1) {
        usage(stdout, prog, 1);
        return 0;
    }
    if (rc != 0) {
        fprintf(stderr, "%s\n", err);
        usage(stderr, prog, 0);
        return 2;
    }

    st = ipt_select_techniques(NULL, &ctx, list, MAX_TECHNIQUES, &n);
    if (st != IPT_OK) {
        fprintf(stderr, "%s: cannot rank techniques: %s\n", prog,
                ipt_status_message(st));
        return st == IPT_ERR_OUT_OF_RANGE ? 2 : 1;
    }

    print_context(&ctx);
    for (uint32_t i = 0; i < n; i++) {
        char line[512];

        st = ipt_suggestion_explain(&list[i], line, sizeof(line), NULL);
        if (st != IPT_OK && st != IPT_ERR_BUFFER_TOO_SMALL) {
            fprintf(stderr, "%s: cannot explain a suggestion: %s\n", prog,
                    ipt_status_message(st));
            return 1;
        }
        printf("%2u. %s\n", (unsigned)(i + 1), line);
    }
    if (n == 0)
        printf("(no technique has a weight for this session)\n");
    printf("\nThis ranking supports, and does not replace, clinical "
           "judgement.\n");
    return 0;
}
