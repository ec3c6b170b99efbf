/* SPDX-License-Identifier: MIT */
/*
 * Status codes: one table gives each code its stable name and its message.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define IPT_STATUS_MAP(X)                                                  \
    X(IPT_OK, "ok", "success")                                             \
    X(IPT_ERR_INVALID_ARGUMENT, "invalid_argument",                        \
      "a required pointer is NULL or an argument is malformed")            \
    X(IPT_ERR_OUT_OF_RANGE, "out_of_range",                                \
      "a value lies outside the accepted range")                           \
    X(IPT_ERR_NO_MEMORY, "no_memory", "memory allocation failed")          \
    X(IPT_ERR_UNKNOWN_NAME, "unknown_name", "no value has that name")      \
    X(IPT_ERR_INVALID_PROFILE, "invalid_profile",                          \
      "the profile parameters contradict each other")                      \
    X(IPT_ERR_EVENT_NOT_ALLOWED, "event_not_allowed",                      \
      "the event is not allowed in the course's current state")            \
    X(IPT_ERR_GUARD_FAILED, "guard_failed",                                \
      "a protocol rule for this event is not met")                         \
    X(IPT_ERR_BUFFER_TOO_SMALL, "buffer_too_small",                        \
      "the buffer is too small for the result")                            \
    X(IPT_ERR_LOG_FULL, "log_full", "the course's event log is full")      \
    X(IPT_ERR_NOT_AVAILABLE, "not_available",                              \
      "the value does not exist in the current state")                     \
    X(IPT_ERR_UNSUPPORTED, "unsupported",                                  \
      "the struct uses fields this library version does not know")         \
    X(IPT_ERR_BUSY, "busy",                                                \
      "the course cannot change while its observer runs")                  \
    X(IPT_ERR_ITEM_COUNT, "item_count",                                    \
      "the number of items does not fit the measure")                      \
    X(IPT_ERR_NO_BASELINE, "no_baseline",                                  \
      "there is no baseline measurement")                                  \
    X(IPT_ERR_IO, "io", "a file operation failed")                         \
    X(IPT_ERR_FORMAT, "format", "the document is not a valid course "      \
      "document")                                                          \
    X(IPT_ERR_VERSION, "version",                                          \
      "the document's format version is newer than this library reads")   \
    X(IPT_ERR_HISTORY, "history",                                          \
      "the saved history is refused by the course machine")                \
    X(IPT_ERR_NOT_BUILT, "not_built",                                      \
      "this build of libipt lacks the feature")                            \
    X(IPT_ERR_ENCODING, "encoding", "the text is not valid UTF-8")          \
    X(IPT_ERR_CANCELLED, "cancelled", "the operation was cancelled")       \
    X(IPT_ERR_SYSTEM, "system",                                            \
      "the operating system refused a resource")

static const struct ipt__name status_names[] = {
#define X(code, name, msg) { (int32_t)(code), (name) },
    IPT_STATUS_MAP(X)
#undef X
};

static const struct ipt__name status_messages[] = {
#define X(code, name, msg) { (int32_t)(code), (msg) },
    IPT_STATUS_MAP(X)
#undef X
};

const char *
ipt_status_name(enum ipt_status status)
{
    return ipt__name_of(status_names, IPT__ARRAY_SIZE(status_names),
                        (int32_t)status);
}

const char *
ipt_status_message(enum ipt_status status)
{
    const char *msg = ipt__name_of(status_messages,
                                   IPT__ARRAY_SIZE(status_messages),
                                   (int32_t)status);

    return msg != NULL ? msg : "unknown status code";
}

enum ipt_status
ipt_status_from_name(const char *name, enum ipt_status *out)
{
    int32_t v;
    enum ipt_status st;

    if (out == NULL)
        return IPT_ERR_INVALID_ARGUMENT;
    st = ipt__value_of(status_names, IPT__ARRAY_SIZE(status_names), name, &v);
    if (st == IPT_OK)
        *out = (enum ipt_status)v;
    return st;
}

void
ipt__format(char *buf, uint64_t size, const char *fmt, ...)
{
    va_list ap;

    if (buf == NULL || size == 0)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(buf, ipt__size_clamp(size), fmt, ap);
    va_end(ap);
}

enum ipt_status
ipt__read_sized(const void *in, size_t min_size, void *out, size_t out_size)
{
    const unsigned char *bytes = in;
    uint32_t size;

    memcpy(&size, in, sizeof(size));
    if (size < min_size)
        return IPT_ERR_INVALID_ARGUMENT;
    for (size_t i = out_size; i < size; i++) {
        if (bytes[i] != 0)
            return IPT_ERR_UNSUPPORTED;
    }
    memset(out, 0, out_size);
    memcpy(out, in, size < out_size ? size : out_size);
    size = (uint32_t)out_size;
    memcpy(out, &size, sizeof(size));
    return IPT_OK;
}
