/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for sequences of course operations: the input is a
 * small program that builds a course and changes it through the public
 * API, one operation at a time.
 *
 * Input: the first byte picks the profile.  Below 0x80 it is a built-in
 * profile (the byte modulo their number).  From 0x80 the next eight bytes
 * are a profile's parameters, read as they are (0xC0 and above) or mapped
 * so that they usually pass ipt_profile_check(); a profile the library
 * refuses falls back to a built-in one.  Then each operation is one byte
 * (modulo 16) and its operands:
 *
 *   0-8   an event of type 100 + op (start ... enter_maintenance): two
 *         bytes give its value or areas, the timestamp step and flags that
 *         make it malformed (a value or areas it does not take, a reserved
 *         field set, a timestamp going back)
 *   9     an event of 24 raw bytes (any type, value, timestamp, areas)
 *   10    ipt_course_record_techniques()   11  ipt_course_record_areas()
 *   12    ipt_course_record_measure()      13  ipt_course_clear_measure()
 *   14    ipt_course_set_note()
 *   15    one of: ipt_course_reserve_log(); a save and load round trip; the
 *         read-only calls (fidelity report, outcomes, the selection context
 *         of the course and its ranking); a FHIR export.  Only the first
 *         MAX_COSTLY round trips and exports of an input run.
 *
 * A missing operand byte reads as 0.  Session numbers are taken modulo
 * (sessions held + 2), so they include 0 and one past the last.
 *
 * Oracle (any failure stops the run with __builtin_trap()):
 * - every call returns one of its documented statuses;
 * - ipt_course_check() returns what ipt_course_apply() then returns, with
 *   the same rule and message, and changes nothing, last error included;
 * - a refused event or record call leaves every getter of the course as it
 *   was (state, next phase, sessions, focus, dispute stage, tasks, end
 *   reason, log size, last log entry; for a record call also the records
 *   of the session and its neighbours), and says why in
 *   ipt_course_last_error();
 * - an accepted event appends exactly one log entry that matches the event
 *   and the new state, calls the observer exactly once, and has exactly
 *   the effect its type documents; inside the observer every mutating call
 *   returns IPT_ERR_BUSY;
 * - after every operation the course satisfies the protocol's invariants
 *   (held <= planned within the profile's limits, the focus allowed and
 *   small enough, the middle phase only after the initial tasks and while
 *   more than the termination sessions remain, and so on);
 * - an accepted record reads back; the course saves, the saved document
 *   loads to a course with the same getters, log and records, and that
 *   course saves to the same bytes;
 * - no crash, leak, or out-of-bounds access (the sanitizers).
 *
 * Built twice by fuzz/meson.build: with -fsanitize=fuzzer as fuzz-events
 * (clang, -Dfuzzing=true), and with replay.c as an ordinary program that
 * runs the corpus as a meson test.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipt/ipt.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Most operations of one input, and most save/load round trips and
 * exports (the costly operations) among them. */
#define MAX_OPS 2048
#define MAX_COSTLY 2

#define DISPUTE IPT_AREA_BIT(IPT_AREA_ROLE_DISPUTE)
#define TRANSITION IPT_AREA_BIT(IPT_AREA_ROLE_TRANSITION)
#define DEFICITS IPT_AREA_BIT(IPT_AREA_INTERPERSONAL_DEFICITS)
#define STATUS_BIT(st) (UINT32_C(1) << (unsigned)(st))

static void
check(int ok)
{
    if (!ok)
        __builtin_trap();
}

/* ---- reading the input -------------------------------------------------- */

struct reader {
    const uint8_t *p;
    size_t n;
};

static uint8_t
take(struct reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

static uint32_t
take32(struct reader *r)
{
    uint32_t v = 0;

    for (int i = 0; i < 4; i++)
        v |= (uint32_t)take(r) << (8 * i);
    return v;
}

static uint64_t
take64(struct reader *r)
{
    uint64_t lo = take32(r);

    return lo | (uint64_t)take32(r) << 32;
}

/* ---- the course as its getters show it ---------------------------------- */

struct snapshot {
    int32_t state;
    int32_t next_status;
    int32_t next;
    uint32_t held;
    uint32_t planned;
    uint32_t remaining;
    uint32_t focus;
    int32_t stage_status;
    int32_t stage;
    uint32_t done;
    uint32_t missing;
    int32_t end_status;
    int32_t end;
    uint32_t log_count;
    uint32_t log_capacity;
    struct ipt_log_entry last;
    /* Compared only where the last error must not change: */
    int32_t rule;
    char error[256];
};

#define SNAPSHOT_STATE offsetof(struct snapshot, rule)

static void
take_snapshot(const struct ipt_course *c, struct snapshot *s)
{
    enum ipt_state state = (enum ipt_state)0, next = (enum ipt_state)0;
    enum ipt_dispute_stage stage = (enum ipt_dispute_stage)0;
    enum ipt_end_reason end = (enum ipt_end_reason)0;

    memset(s, 0, sizeof(*s));
    check(ipt_course_get_state(c, &state) == IPT_OK);
    s->state = (int32_t)state;
    s->next_status = (int32_t)ipt_course_get_next_phase(c, &next);
    s->next = (int32_t)next;
    check(ipt_course_get_sessions(c, &s->held, &s->planned, &s->remaining) ==
          IPT_OK);
    check(ipt_course_get_focus(c, &s->focus) == IPT_OK);
    s->stage_status = (int32_t)ipt_course_get_dispute_stage(c, &stage);
    s->stage = (int32_t)stage;
    check(ipt_course_get_tasks(c, &s->done, &s->missing) == IPT_OK);
    s->end_status = (int32_t)ipt_course_get_end_reason(c, &end);
    s->end = (int32_t)end;
    check(ipt_course_log_size(c, &s->log_count, &s->log_capacity) == IPT_OK);
    if (s->log_count > 0)
        check(ipt_course_log_get(c, s->log_count - 1, &s->last) == IPT_OK);
    check(ipt_course_log_get(c, s->log_count, &s->last) ==
          IPT_ERR_OUT_OF_RANGE);
    s->rule = (int32_t)ipt_course_last_rule(c);
    strncpy(s->error, ipt_course_last_error(c), sizeof(s->error) - 1);
}

static int
same_state(const struct snapshot *a, const struct snapshot *b)
{
    return memcmp(a, b, SNAPSHOT_STATE) == 0;
}

static int
same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
    /* take_snapshot() zeroes the whole struct, padding included, before it
     * fills it, so the bytes compare exactly. */
    /* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c) */
    return memcmp(a, b, sizeof(*a)) == 0;
}

static uint32_t
popcount(uint32_t v)
{
    uint32_t n = 0;

    for (; v != 0; v &= v - 1)
        n++;
    return n;
}

static int
in_phase(int32_t state)
{
    return state == IPT_STATE_INITIAL || state == IPT_STATE_MIDDLE ||
           state == IPT_STATE_TERMINATION;
}

/* The protocol's invariants, which hold after every operation.  Kept in one
 * function, a list of independent checks, so that it reads as the list. */
/* NOLINTBEGIN(readability-function-cognitive-complexity) */
static void
check_invariants(const struct ipt_course *c, const struct snapshot *s)
{
    const struct ipt_profile *profile = NULL;
    struct ipt_profile_params p;
    uint32_t all_tasks = IPT_TASKS_INITIAL | IPT_TASKS_TERMINATION;
    int32_t st = s->state;

    check(ipt_course_get_profile(c, &profile) == IPT_OK);
    memset(&p, 0, sizeof(p));
    p.size = (uint32_t)sizeof(p);
    check(ipt_profile_get_params(profile, &p) == IPT_OK);

    check(st >= IPT_STATE_NOT_STARTED && st <= IPT_STATE_MAINTENANCE);
    check(s->held <= s->planned && s->remaining == s->planned - s->held);
    check(s->planned >= p.min_sessions && s->planned <= p.max_sessions);
    check((s->focus & ~p.allowed_areas) == 0 &&
          popcount(s->focus) <= p.max_focal_areas);
    check((s->focus & DEFICITS) == 0 || s->focus == DEFICITS);
    check((s->done & ~all_tasks) == 0 && s->missing == (all_tasks & ~s->done));
    check(s->log_count <= s->log_capacity);

    /* the next phase is the current one while a session can be held */
    if (in_phase(st))
        check(s->next_status == IPT_OK && s->next == st);
    else
        check(s->next_status == IPT_ERR_NOT_AVAILABLE && s->next == 0);
    /* a stage belongs to a role-dispute focus, or ended it */
    if (s->stage_status == IPT_OK)
        check(((s->focus & DISPUTE) != 0 ||
               s->stage == IPT_DISPUTE_DISSOLUTION) &&
              s->stage >= IPT_DISPUTE_RENEGOTIATION &&
              s->stage <= IPT_DISPUTE_DISSOLUTION);
    else
        check(s->stage_status == IPT_ERR_NOT_AVAILABLE);
    /* an end reason exactly when the course was stopped early */
    if (st == IPT_STATE_DISCONTINUED || st == IPT_STATE_REFERRED)
        check(s->end_status == IPT_OK &&
              (s->end == IPT_END_REFERRAL) == (st == IPT_STATE_REFERRED));
    else
        check(s->end_status == IPT_ERR_NOT_AVAILABLE);

    if (st == IPT_STATE_NOT_STARTED)
        check(s->held == 0 && s->focus == 0 && s->done == 0);
    /* past the initial phase: its tasks are done, so a focus was chosen */
    if (st == IPT_STATE_MIDDLE || st == IPT_STATE_TERMINATION ||
        st == IPT_STATE_COMPLETED || st == IPT_STATE_MAINTENANCE)
        check((s->done & IPT_TASKS_INITIAL) == IPT_TASKS_INITIAL &&
              s->focus != 0);
    if (st == IPT_STATE_MIDDLE)
        check(s->remaining > p.termination_sessions);
    if (st == IPT_STATE_TERMINATION)
        check(s->remaining >= 1);
    if (st == IPT_STATE_COMPLETED || st == IPT_STATE_MAINTENANCE)
        check(s->remaining == 0);
    if (st == IPT_STATE_MAINTENANCE)
        check((s->done & IPT_TASK_BIT(IPT_TASK_PLAN_CONTINUATION)) != 0);
}
/* NOLINTEND(readability-function-cognitive-complexity) */

/* ---- session records ---------------------------------------------------- */

struct record {
    int32_t status;
    struct ipt_session_info info;
    int32_t measure_status[3];
    struct ipt_measure measure[3];
    size_t note_length;
    char note[IPT_NOTE_MAX_BYTES + 1];
};

static void
take_record(const struct ipt_course *c, uint32_t session, struct record *r)
{
    memset(r, 0, offsetof(struct record, note));
    r->note[0] = '\0';
    r->info.size = (uint32_t)sizeof(r->info);
    r->status = (int32_t)ipt_course_get_session(c, session, &r->info);
    for (int32_t k = IPT_MEASURE_PHQ9; k <= IPT_MEASURE_GAD7; k++)
        r->measure_status[k - 1] = (int32_t)ipt_course_get_measure(
            c, session, (enum ipt_measure_kind)k, &r->measure[k - 1]);
    if (r->status == IPT_OK) {
        const char *text = NULL;

        check(ipt_course_get_note(c, session, &text, &r->note_length) ==
              IPT_OK);
        check(r->note_length <= IPT_NOTE_MAX_BYTES &&
              text[r->note_length] == '\0' &&
              r->note_length == r->info.note_bytes);
        memcpy(r->note, text, r->note_length + 1);
    } else {
        const char *text = NULL;

        check(r->status == IPT_ERR_NOT_AVAILABLE);
        check(ipt_course_get_note(c, session, &text, NULL) ==
              IPT_ERR_NOT_AVAILABLE);
    }
}

static int
same_record(const struct record *a, const struct record *b)
{
    return memcmp(a, b, offsetof(struct record, note)) == 0 &&
           memcmp(a->note, b->note, a->note_length + 1) == 0;
}

/* The records of a session and of its two neighbours. */
struct records {
    uint32_t session;
    struct record r[3];
};

static void
take_records(const struct ipt_course *c, uint32_t session,
             struct records *rs)
{
    rs->session = session;
    for (uint32_t i = 0; i < 3; i++)
        take_record(c, session + i - 1, &rs->r[i]);
}

/* ---- the harness's state ------------------------------------------------ */

struct observer {
    struct ipt_course *course;
    uint32_t calls;
    struct ipt_log_entry entry;
};

struct run {
    struct ipt_course *course;
    struct observer obs;
    struct reader in;
    int64_t clock;
    int costly;
    uint32_t technique_mask;
};

/* Every mutating call made from the observer is refused as busy, and
 * changes nothing (ipt_course_apply() checks its last error afterwards). */
static void
observe(const struct ipt_course *course, const struct ipt_log_entry *entry,
        void *user_data)
{
    struct observer *o = user_data;
    struct ipt_course *c = o->course;
    struct ipt_measure m;
    struct ipt_event ev;
    struct ipt_log_entry last;
    uint32_t count = 0;

    check(course == c);
    o->calls++;
    o->entry = *entry;
    check(ipt_course_log_size(course, &count, NULL) == IPT_OK && count > 0);
    check(ipt_course_log_get(course, count - 1, &last) == IPT_OK &&
          memcmp(&last, entry, sizeof(last)) == 0);

    memset(&ev, 0, sizeof(ev));
    ev.type = IPT_EVENT_HOLD_SESSION;
    ev.timestamp = entry->timestamp;
    memset(&m, 0, sizeof(m));
    m.kind = IPT_MEASURE_GAD7;
    m.total = 3;
    check(ipt_course_apply(c, &ev) == IPT_ERR_BUSY);
    check(ipt_course_reserve_log(c, count + 64) == IPT_ERR_BUSY);
    check(ipt_course_set_observer(c, NULL, NULL) == IPT_ERR_BUSY);
    check(ipt_course_record_techniques(c, 1, 0) == IPT_ERR_BUSY);
    check(ipt_course_record_areas(c, 1, 0) == IPT_ERR_BUSY);
    check(ipt_course_record_measure(c, 1, &m) == IPT_ERR_BUSY);
    check(ipt_course_clear_measure(c, 1, IPT_MEASURE_GAD7) == IPT_ERR_BUSY);
    check(ipt_course_set_note(c, 1, "x", 1) == IPT_ERR_BUSY);
}

/* ---- events ------------------------------------------------------------- */

static int64_t
step_clock(int64_t clock, uint8_t flags)
{
    int64_t step = flags & 0x0F;

    if (flags & 0x10)
        return clock >= INT64_MIN + step + 1 ? clock - step - 1 : INT64_MIN;
    return clock <= INT64_MAX - step ? clock + step : INT64_MAX;
}

/* An event of @p type with operands from the input. */
static void
shaped_event(struct run *run, int32_t type, struct ipt_event *ev)
{
    uint8_t a = take(&run->in), flags = take(&run->in);

    memset(ev, 0, sizeof(*ev));
    ev->type = type;
    switch ((enum ipt_event_type)type) {
    case IPT_EVENT_COMPLETE_TASK:
        ev->value = a % 15;              /* 1..13 are tasks */
        break;
    case IPT_EVENT_SET_DISPUTE_STAGE:
    case IPT_EVENT_DISCONTINUE:
        ev->value = a % 5;               /* 1..3 are stages or reasons */
        break;
    case IPT_EVENT_RENEGOTIATE_CONTRACT:
        ev->value = (int32_t)a + ((flags & 0x20) ? 256 : 0) - 4;
        break;
    case IPT_EVENT_CHOOSE_FOCUS:
        ev->areas = a;                   /* bits 1..5 are areas */
        break;
    case IPT_EVENT_START:
    case IPT_EVENT_HOLD_SESSION:
    case IPT_EVENT_ADVANCE_PHASE:
    case IPT_EVENT_ENTER_MAINTENANCE:
        break;
    }
    switch (flags >> 6) {
    case 1:
        ev->value += 1;                  /* a value it may not take */
        break;
    case 2:
        ev->areas |= 0x02;               /* areas it may not take */
        break;
    case 3:
        ev->reserved = 1;
        break;
    default:
        break;
    }
    run->clock = step_clock(run->clock, flags);
    ev->timestamp = run->clock;
}

static void
raw_event(struct run *run, struct ipt_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->type = (int32_t)take32(&run->in);
    ev->value = (int32_t)take32(&run->in);
    ev->timestamp = (int64_t)take64(&run->in);
    ev->areas = take32(&run->in);
    ev->reserved = take32(&run->in);
}

/* What an accepted event must have done, from the snapshots around it. */
static void
check_effect(const struct ipt_event *ev, const struct snapshot *b,
             const struct snapshot *a)
{
    uint32_t focus = b->focus;

    check(a->held == b->held + (ev->type == IPT_EVENT_HOLD_SESSION));
    check(a->planned == (ev->type == IPT_EVENT_RENEGOTIATE_CONTRACT
                             ? (uint32_t)ev->value
                             : b->planned));
    if (ev->type == IPT_EVENT_COMPLETE_TASK)
        check((b->done & IPT_TASK_BIT(ev->value)) == 0 &&
              a->done == (b->done | IPT_TASK_BIT(ev->value)));
    else
        check(a->done == b->done);
    if (ev->type == IPT_EVENT_CHOOSE_FOCUS) {
        focus = ev->areas;
    } else if (ev->type == IPT_EVENT_SET_DISPUTE_STAGE) {
        check(a->stage_status == IPT_OK && a->stage == ev->value);
        if (ev->value == IPT_DISPUTE_DISSOLUTION)
            focus = (b->focus & ~DISPUTE) | TRANSITION;
    }
    check(a->focus == focus);
    if (ev->type != IPT_EVENT_SET_DISPUTE_STAGE &&
        (ev->type != IPT_EVENT_CHOOSE_FOCUS ||
         ((b->focus ^ ev->areas) & DISPUTE) == 0))
        check(a->stage_status == b->stage_status && a->stage == b->stage);
    if (ev->type == IPT_EVENT_DISCONTINUE)
        check(a->end_status == IPT_OK && a->end == ev->value);
    else
        check(a->end_status == b->end_status && a->end == b->end);
    check(a->log_count == b->log_count + 1 &&
          a->log_capacity == b->log_capacity);
    /* the new log entry */
    check(a->last.type == ev->type && a->last.value == ev->value &&
          a->last.timestamp == ev->timestamp && a->last.areas == ev->areas &&
          a->last.session == a->held && a->last.state_before == b->state &&
          a->last.state_after == a->state &&
          a->last.focus_after == a->focus && a->last.reserved == 0);
    check(b->log_count == 0 || ev->timestamp >= b->last.timestamp);
    check(a->rule == IPT_RULE_NONE && a->error[0] == '\0');
}

static void
apply_event(struct run *run, const struct ipt_event *ev)
{
    const uint32_t documented =
        STATUS_BIT(IPT_OK) | STATUS_BIT(IPT_ERR_INVALID_ARGUMENT) |
        STATUS_BIT(IPT_ERR_OUT_OF_RANGE) |
        STATUS_BIT(IPT_ERR_EVENT_NOT_ALLOWED) |
        STATUS_BIT(IPT_ERR_GUARD_FAILED) | STATUS_BIT(IPT_ERR_LOG_FULL);
    struct ipt_course *c = run->course;
    struct snapshot before, after;
    enum ipt_rule rule = (enum ipt_rule)-1;
    char msg[512];
    enum ipt_status checked, applied;
    size_t len;

    take_snapshot(c, &before);
    memset(msg, 'x', sizeof(msg));
    checked = ipt_course_check(c, ev, &rule, msg, sizeof(msg));
    check(memchr(msg, '\0', sizeof(msg)) != NULL);
    take_snapshot(c, &after);
    check(same_snapshot(&before, &after));

    run->obs.calls = 0;
    applied = ipt_course_apply(c, ev);
    check(applied == checked && (unsigned)applied < 32u &&
          (documented & STATUS_BIT(applied)) != 0);
    take_snapshot(c, &after);
    check_invariants(c, &after);
    if (applied == IPT_OK) {
        check(rule == IPT_RULE_NONE && msg[0] == '\0');
        check(run->obs.calls == 1 &&
              memcmp(&run->obs.entry, &after.last, sizeof(after.last)) == 0);
        check_effect(ev, &before, &after);
        if (ev->timestamp > run->clock)
            run->clock = ev->timestamp;
        return;
    }
    check(run->obs.calls == 0 && same_state(&before, &after));
    check(after.rule == (int32_t)rule);
    /* the same message (the course's copy may be cut short) */
    len = strlen(after.error);
    check(len > 0 && strncmp(after.error, msg, len) == 0 &&
          (msg[len] == '\0' || len == sizeof(after.error) - 1));
    /* the rule that goes with the status */
    if (applied == IPT_ERR_EVENT_NOT_ALLOWED)
        check(rule == IPT_RULE_EVENT_ALLOWED_IN_STATE);
    else if (applied == IPT_ERR_GUARD_FAILED)
        check(rule != IPT_RULE_NONE && rule != IPT_RULE_LOG_CAPACITY &&
              rule != IPT_RULE_TIMESTAMP_ORDER &&
              rule != IPT_RULE_EVENT_ALLOWED_IN_STATE);
    else if (applied == IPT_ERR_LOG_FULL)
        check(rule == IPT_RULE_LOG_CAPACITY &&
              before.log_count == before.log_capacity);
    else if (applied == IPT_ERR_OUT_OF_RANGE)
        check(rule == IPT_RULE_NONE || rule == IPT_RULE_TIMESTAMP_ORDER);
    else
        check(rule == IPT_RULE_NONE);
}

/* ---- record operations -------------------------------------------------- */

enum record_op {
    OP_TECHNIQUES,
    OP_AREAS,
    OP_MEASURE,
    OP_CLEAR,
    OP_NOTE
};

struct record_call {
    enum record_op op;
    uint32_t session;
    uint32_t mask;
    struct ipt_measure measure;
    enum ipt_measure_kind kind;
    const uint8_t *note;
    size_t note_length;
};

static uint32_t
pick_session(const struct ipt_course *c, uint8_t byte)
{
    uint32_t held = 0;

    check(ipt_course_get_sessions(c, &held, NULL, NULL) == IPT_OK);
    return byte % (held + 2);
}

static void
shaped_measure(struct reader *in, struct ipt_measure *m)
{
    uint8_t kind = take(in), shape = take(in);
    static const uint32_t counts[4][2] = {
        { 0, 0 }, { 9, 10 }, { 17, 0 }, { 7, 0 }
    };

    memset(m, 0, sizeof(*m));
    m->kind = kind % 5;                   /* 1..3 are measures */
    if (shape & 0x80 || m->kind < 1 || m->kind > 3)
        m->item_count = shape % 22;
    else
        m->item_count = counts[m->kind][shape & 1];
    for (uint32_t i = 0; i < m->item_count && i < IPT_MEASURE_ITEMS_MAX;
         i++) {
        uint8_t v = take(in);
        uint32_t max = 3;

        (void)ipt_measure_item_max((enum ipt_measure_kind)m->kind, i + 1,
                                   &max);
        m->items[i] = (uint8_t)((v & 0x80) ? v % 6 : v % (max + 1));
    }
    m->total = (int32_t)(take(in) % 56) - 2;
    if ((shape & 0x60) == 0x60)
        m->reserved = 1;
}

static enum ipt_status
call_record(struct ipt_course *c, const struct record_call *rc)
{
    switch (rc->op) {
    case OP_TECHNIQUES:
        return ipt_course_record_techniques(c, rc->session, rc->mask);
    case OP_AREAS:
        return ipt_course_record_areas(c, rc->session, rc->mask);
    case OP_MEASURE:
        return ipt_course_record_measure(c, rc->session, &rc->measure);
    case OP_CLEAR:
        return ipt_course_clear_measure(c, rc->session, rc->kind);
    case OP_NOTE:
        return ipt_course_set_note(c, rc->session, (const char *)rc->note,
                                   rc->note_length);
    }
    return IPT_ERR_INVALID_ARGUMENT;
}

/* The session's record after an accepted call, from the one before. */
static void
check_recorded(const struct ipt_course *c, const struct record_call *rc,
               const struct record *b, const struct record *a)
{
    struct record want = *b;
    struct ipt_measure_score score;
    int k;

    switch (rc->op) {
    case OP_TECHNIQUES:
        want.info.techniques = rc->mask;
        break;
    case OP_AREAS:
        want.info.areas = rc->mask;
        break;
    case OP_MEASURE:
        k = rc->measure.kind - 1;
        check(ipt_measure_score(&rc->measure, (enum ipt_hamd_banding)0,
                                &score, NULL, 0) == IPT_OK);
        want.info.measures |= UINT32_C(1) << (unsigned)rc->measure.kind;
        want.measure_status[k] = IPT_OK;
        want.measure[k] = rc->measure;
        want.measure[k].total = score.total;
        break;
    case OP_CLEAR:
        k = (int)rc->kind - 1;
        check(b->measure_status[k] == IPT_OK);
        want.info.measures &= ~(UINT32_C(1) << (unsigned)rc->kind);
        want.measure_status[k] = IPT_ERR_NOT_AVAILABLE;
        memset(&want.measure[k], 0, sizeof(want.measure[k]));
        break;
    case OP_NOTE:
        check(rc->note_length <= IPT_NOTE_MAX_BYTES);
        want.info.note_bytes = (uint32_t)rc->note_length;
        want.note_length = rc->note_length;
        if (rc->note_length > 0)
            memcpy(want.note, rc->note, rc->note_length);
        want.note[rc->note_length] = '\0';
        break;
    }
    check(same_record(&want, a));
    (void)c;
}

static void
record_op(struct run *run, enum record_op op)
{
    uint32_t documented =
        STATUS_BIT(IPT_OK) | STATUS_BIT(IPT_ERR_OUT_OF_RANGE) |
        STATUS_BIT(IPT_ERR_NOT_AVAILABLE) | STATUS_BIT(IPT_ERR_NO_MEMORY);
    struct ipt_course *c = run->course;
    struct snapshot before, after;
    struct records rb, ra;
    struct record_call rc;
    enum ipt_status st;
    uint8_t sel;

    memset(&rc, 0, sizeof(rc));
    rc.op = op;
    rc.session = pick_session(c, take(&run->in));
    switch (op) {
    case OP_TECHNIQUES:
        sel = take(&run->in);
        rc.mask = take32(&run->in);
        if ((sel & 1) == 0)
            rc.mask &= run->technique_mask;
        break;
    case OP_AREAS:
        rc.mask = take(&run->in);
        break;
    case OP_MEASURE:
        shaped_measure(&run->in, &rc.measure);
        documented |= STATUS_BIT(IPT_ERR_INVALID_ARGUMENT) |
                      STATUS_BIT(IPT_ERR_ITEM_COUNT);
        break;
    case OP_CLEAR:
        rc.kind = (enum ipt_measure_kind)(take(&run->in) % 5);
        break;
    case OP_NOTE:
        rc.note_length = take(&run->in);
        if (rc.note_length > run->in.n)
            rc.note_length = run->in.n;
        rc.note = run->in.p;
        run->in.p += rc.note_length;
        run->in.n -= rc.note_length;
        documented |= STATUS_BIT(IPT_ERR_ENCODING);
        break;
    }

    take_snapshot(c, &before);
    take_records(c, rc.session, &rb);
    st = call_record(c, &rc);
    check((unsigned)st < 32u && (documented & STATUS_BIT(st)) != 0);
    take_snapshot(c, &after);
    take_records(c, rc.session, &ra);
    check(same_state(&before, &after));
    check(after.rule == IPT_RULE_NONE);
    check(same_record(&rb.r[0], &ra.r[0]) && same_record(&rb.r[2], &ra.r[2]));
    if (st != IPT_OK) {
        check(after.error[0] != '\0' && same_record(&rb.r[1], &ra.r[1]));
        return;
    }
    check(after.error[0] == '\0' && rb.r[1].status == IPT_OK);
    check_recorded(c, &rc, &rb.r[1], &ra.r[1]);
}

/* ---- the other operations ----------------------------------------------- */

static void
reserve_log(struct run *run)
{
    struct ipt_course *c = run->course;
    uint8_t amount = take(&run->in);
    struct snapshot before, after;
    struct ipt_log_entry first, again;
    uint32_t want;
    enum ipt_status st;

    take_snapshot(c, &before);
    if (amount == 0xFF)
        want = UINT32_C(1048577);
    else if (before.log_capacity + amount * 4u >= 64u)
        want = before.log_capacity + amount * 4u - 64u;
    else
        want = 0;
    if (before.log_count > 0)
        check(ipt_course_log_get(c, 0, &first) == IPT_OK);
    st = ipt_course_reserve_log(c, want);
    take_snapshot(c, &after);
    if (st == IPT_OK) {
        check(after.log_capacity ==
              (want > before.log_capacity ? want : before.log_capacity));
        after.log_capacity = before.log_capacity;
        check(same_state(&before, &after));
        if (before.log_count > 0)
            check(ipt_course_log_get(c, 0, &again) == IPT_OK &&
                  memcmp(&first, &again, sizeof(first)) == 0);
    } else {
        check(st == IPT_ERR_NO_MEMORY ||
              (st == IPT_ERR_OUT_OF_RANGE && want > 1048576));
        check(same_state(&before, &after) && after.error[0] != '\0');
    }
}

/* Saves the course, or returns NULL (not built with JSON, no memory). */
static char *
save(const struct ipt_course *c, size_t *length)
{
    size_t n = 0;
    char *buf;
    enum ipt_status st = ipt_course_save_json(c, NULL, 0, &n);

    if (st == IPT_ERR_NOT_BUILT)
        return NULL;
    check(st == IPT_ERR_BUFFER_TOO_SMALL);
    buf = malloc(n + 1);
    if (buf == NULL)
        return NULL;
    st = ipt_course_save_json(c, buf, n + 1, length);
    check(st == IPT_OK || st == IPT_ERR_NO_MEMORY);
    if (st != IPT_OK) {
        free(buf);
        return NULL;
    }
    check(*length == n && buf[n] == '\0');
    return buf;
}

/* Everything the getters show of two courses is the same. */
static void
check_same_course(const struct ipt_course *a, const struct ipt_course *b)
{
    const struct ipt_profile *pa = NULL, *pb = NULL;
    struct ipt_profile_params qa, qb;
    struct snapshot sa, sb;
    struct record ra, rb;

    take_snapshot(a, &sa);
    take_snapshot(b, &sb);
    check(same_state(&sa, &sb));
    check(ipt_course_get_profile(a, &pa) == IPT_OK &&
          ipt_course_get_profile(b, &pb) == IPT_OK);
    check(strcmp(ipt_profile_name(pa), ipt_profile_name(pb)) == 0);
    memset(&qa, 0, sizeof(qa));
    memset(&qb, 0, sizeof(qb));
    qa.size = qb.size = (uint32_t)sizeof(qa);
    check(ipt_profile_get_params(pa, &qa) == IPT_OK &&
          ipt_profile_get_params(pb, &qb) == IPT_OK &&
          memcmp(&qa, &qb, sizeof(qa)) == 0);
    for (uint32_t i = 0; i < sa.log_count; i++) {
        struct ipt_log_entry ea, eb;

        check(ipt_course_log_get(a, i, &ea) == IPT_OK &&
              ipt_course_log_get(b, i, &eb) == IPT_OK &&
              memcmp(&ea, &eb, sizeof(ea)) == 0);
    }
    for (uint32_t s = 1; s <= sa.held; s++) {
        take_record(a, s, &ra);
        take_record(b, s, &rb);
        check(same_record(&ra, &rb));
    }
}

static void
round_trip(struct run *run)
{
    struct ipt_course *loaded = NULL;
    char msg[256];
    char *doc;
    size_t length = 0, length2 = 0;
    enum ipt_status st;

    doc = save(run->course, &length);
    if (doc == NULL)
        return;
    st = ipt_course_load_json(doc, length, NULL, &loaded, msg, sizeof(msg));
    check(st == IPT_OK || st == IPT_ERR_NO_MEMORY);
    if (st == IPT_OK) {
        check(msg[0] == '\0');
        char *again;

        check_same_course(run->course, loaded);
        again = save(loaded, &length2);
        check(again == NULL ||
              (length2 == length && memcmp(doc, again, length) == 0));
        free(again);
        ipt_course_free(loaded);
    }
    free(doc);
}

static void
export_fhir(struct run *run, uint8_t flags)
{
    struct ipt_fhir_options o;
    size_t length = 0;
    enum ipt_status st;

    memset(&o, 0, sizeof(o));
    o.size = (uint32_t)sizeof(o);
    o.flags = flags & 0x03;
    o.patient_reference = "Patient/example";
    st = ipt_course_export_fhir(run->course, &o, NULL, 0, &length);
    check(st == IPT_ERR_BUFFER_TOO_SMALL || st == IPT_ERR_NOT_BUILT ||
          st == IPT_ERR_NO_MEMORY ||
          ((o.flags & IPT_FHIR_UNIX_SECONDS) != 0 &&
           st == IPT_ERR_OUT_OF_RANGE));
}

/* The calls that only read the course change nothing and accept it. */
static void
read_only(struct run *run)
{
    const struct ipt_course *c = run->course;
    struct ipt_select_context ctx;
    struct ipt_finding findings[4];
    struct ipt_outcome outcome;
    struct snapshot before, after;
    uint32_t count = 0, total = 0;
    enum ipt_status st;

    take_snapshot(c, &before);
    check(ipt_fidelity_check(c, NULL, NULL, 0, &total) == IPT_OK);
    check(ipt_fidelity_check(c, NULL, findings, 4, &count) == IPT_OK &&
          count == total);
    for (int32_t k = IPT_MEASURE_PHQ9; k <= IPT_MEASURE_GAD7; k++) {
        st = ipt_course_outcome(c, (enum ipt_measure_kind)k, NULL, &outcome);
        check(st == IPT_OK || st == IPT_ERR_NO_BASELINE);
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.size = (uint32_t)sizeof(ctx);
    st = ipt_select_context_from_course(c, &ctx);
    check(st == IPT_OK || (st == IPT_ERR_NOT_AVAILABLE && !in_phase(
                                                             before.state)));
    if (st == IPT_OK) {
        struct ipt_suggestion list[8];

        check(ipt_select_techniques(NULL, &ctx, list, 8, &count) == IPT_OK);
    }
    take_snapshot(c, &after);
    check(same_snapshot(&before, &after));
}

static void
misc_op(struct run *run)
{
    uint8_t sub = take(&run->in);

    switch (sub % 4) {
    case 0:
        reserve_log(run);
        break;
    case 1:
        if (run->costly++ < MAX_COSTLY)
            round_trip(run);
        break;
    case 2:
        read_only(run);
        break;
    default:
        if (run->costly++ < MAX_COSTLY)
            export_fhir(run, sub >> 2);
        break;
    }
}

/* ---- set-up ------------------------------------------------------------- */

/* A profile from eight input bytes: as they are, or shaped to pass
 * ipt_profile_check() in most cases. */
static void
profile_params(struct reader *in, int raw, struct ipt_profile_params *p)
{
    uint8_t b[8];

    for (int i = 0; i < 8; i++)
        b[i] = take(in);
    memset(p, 0, sizeof(*p));
    p->size = (uint32_t)sizeof(*p);
    if (raw) {
        p->planned_sessions = b[0];
        p->min_sessions = b[1];
        p->max_sessions = b[2];
        p->initial_last_session = b[3];
        p->termination_sessions = b[4];
        p->ending_notice_sessions = b[5];
        p->max_focal_areas = b[6];
        p->allowed_areas = b[7];
        return;
    }
    p->initial_last_session = 1u + b[3] % 4u;
    p->termination_sessions = 1u + b[4] % 4u;
    p->min_sessions = p->initial_last_session + p->termination_sessions + 1u +
                      b[1] % 8u;
    p->planned_sessions = p->min_sessions + b[0] % 8u;
    p->max_sessions = p->planned_sessions + (b[2] == 0xFF ? 520u : b[2] % 8u);
    if (p->max_sessions > IPT_PROFILE_MAX_SESSIONS)
        p->max_sessions = IPT_PROFILE_MAX_SESSIONS;
    p->ending_notice_sessions = b[5] % (p->termination_sessions + 1u);
    p->allowed_areas = (uint32_t)(b[7] << 1) & 0x3Eu;
    if (p->allowed_areas == 0)
        p->allowed_areas = 0x3Eu;
    p->max_focal_areas = 1u + b[6] % popcount(p->allowed_areas);
}

/* The course's profile: a built-in one, or one of the input's own (NULL
 * in @p own when the library refuses its parameters). */
static const struct ipt_profile *
choose_profile(struct reader *in, struct ipt_profile **own)
{
    const struct ipt_profile *builtin = NULL;
    uint8_t first = take(in);

    *own = NULL;
    check(ipt_profile_builtin_at(first % ipt_profile_builtin_count(),
                                 &builtin) == IPT_OK);
    if (first >= 0x80) {
        struct ipt_profile_params p;
        enum ipt_status checked, made;

        profile_params(in, first >= 0xC0, &p);
        checked = ipt_profile_check(&p, NULL, 0);
        made = ipt_profile_new("fuzzed", &p, NULL, own);
        check(made == checked || made == IPT_ERR_NO_MEMORY);
        check(made == IPT_OK || checked == IPT_ERR_INVALID_PROFILE ||
              made == IPT_ERR_NO_MEMORY);
        if (made == IPT_OK)
            return *own;
        *own = NULL;
    }
    return builtin;
}

static uint32_t
technique_mask(void)
{
    uint32_t mask = 0;

    for (uint32_t i = 0; i < ipt_technique_count(); i++) {
        const struct ipt_technique_info *t = NULL;

        check(ipt_technique_at(i, &t) == IPT_OK);
        mask |= IPT_TECHNIQUE_BIT(t->technique);
    }
    return mask;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ipt_profile *own = NULL;
    const struct ipt_profile *profile;
    struct snapshot s;
    struct run run;

    memset(&run, 0, sizeof(run));
    run.in.p = data;
    run.in.n = size;
    run.technique_mask = technique_mask();
    profile = choose_profile(&run.in, &own);
    if (ipt_course_new(profile, NULL, &run.course) != IPT_OK) {
        ipt_profile_free(own);
        return 0;
    }
    /* the course keeps a copy of its profile */
    ipt_profile_free(own);
    run.obs.course = run.course;
    check(ipt_course_set_observer(run.course, observe, &run.obs) == IPT_OK);
    take_snapshot(run.course, &s);
    check_invariants(run.course, &s);

    for (int ops = 0; run.in.n > 0 && ops < MAX_OPS; ops++) {
        uint8_t op = take(&run.in) % 16;
        struct ipt_event ev;

        if (op <= 8) {
            shaped_event(&run, IPT_EVENT_START + op, &ev);
            apply_event(&run, &ev);
        } else if (op == 9) {
            raw_event(&run, &ev);
            apply_event(&run, &ev);
        } else if (op <= 14) {
            record_op(&run, (enum record_op)(op - 10));
        } else {
            misc_op(&run);
        }
        take_snapshot(run.course, &s);
        check_invariants(run.course, &s);
    }
    ipt_course_free(run.course);
    return 0;
}
