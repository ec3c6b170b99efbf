# SPDX-License-Identifier: MIT
"""Exceptions: every status code other than IPT_OK becomes an IptError.

``IptError.status`` is the :class:`ipt.Status`, ``.name`` the library's
identifier (``"guard_failed"``) and ``.message`` the library's message: the
course's ipt_course_last_error(), the text of a message buffer, or
ipt_status_message() when the call has nothing more specific.
"""

from .enums import Status, Rule


class IptError(Exception):
    """A libipt call returned a status other than IPT_OK."""

    def __init__(self, status, message=None, context=None):
        from . import _lib
        self.status = Status(status) if status in Status._value2member_map_ \
            else status
        self.name = _lib.text(_lib.lib.ipt_status_name(int(status))) or \
            "unknown"
        if not message:
            message = _lib.text(_lib.lib.ipt_status_message(int(status)))
        self.message = message
        self.context = context
        text = "%s: %s" % (self.name, message)
        if context:
            text = "%s: %s" % (context, text)
        super().__init__(text)


class InvalidArgument(IptError, ValueError):
    pass


class OutOfRange(IptError, ValueError):
    pass


class NoMemory(IptError, MemoryError):
    pass


class UnknownName(IptError, KeyError):
    def __str__(self):  # KeyError would repr() the message
        return IptError.__str__(self)


class InvalidProfile(IptError, ValueError):
    pass


class EventNotAllowed(IptError):
    """The event is never accepted in the course's current state."""

    def __init__(self, status, message=None, context=None, rule=Rule.NONE):
        super().__init__(status, message, context)
        self.rule = rule


class GuardFailed(IptError):
    """A protocol rule refused the event; ``.rule`` is the :class:`Rule`."""

    def __init__(self, status, message=None, context=None, rule=Rule.NONE):
        super().__init__(status, message, context)
        self.rule = rule


class BufferTooSmall(IptError):
    pass


class LogFull(IptError):
    pass


class NotAvailable(IptError):
    pass


class Unsupported(IptError):
    pass


class Busy(IptError):
    pass


class ItemCount(IptError, ValueError):
    pass


class NoBaseline(IptError):
    pass


class IoError(IptError, OSError):
    def __str__(self):
        return IptError.__str__(self)


class FormatError(IptError, ValueError):
    pass


class VersionError(IptError):
    pass


class HistoryError(IptError):
    pass


class NotBuilt(IptError):
    pass


class EncodingError(IptError, ValueError):
    pass


class Cancelled(IptError):
    pass


class SystemError_(IptError):
    pass


ERRORS = {
    Status.INVALID_ARGUMENT: InvalidArgument,
    Status.OUT_OF_RANGE: OutOfRange,
    Status.NO_MEMORY: NoMemory,
    Status.UNKNOWN_NAME: UnknownName,
    Status.INVALID_PROFILE: InvalidProfile,
    Status.EVENT_NOT_ALLOWED: EventNotAllowed,
    Status.GUARD_FAILED: GuardFailed,
    Status.BUFFER_TOO_SMALL: BufferTooSmall,
    Status.LOG_FULL: LogFull,
    Status.NOT_AVAILABLE: NotAvailable,
    Status.UNSUPPORTED: Unsupported,
    Status.BUSY: Busy,
    Status.ITEM_COUNT: ItemCount,
    Status.NO_BASELINE: NoBaseline,
    Status.IO: IoError,
    Status.FORMAT: FormatError,
    Status.VERSION: VersionError,
    Status.HISTORY: HistoryError,
    Status.NOT_BUILT: NotBuilt,
    Status.ENCODING: EncodingError,
    Status.CANCELLED: Cancelled,
    Status.SYSTEM: SystemError_,
}


def error_for(status, message=None, context=None, **extra):
    """The exception object for a failed status."""
    cls = ERRORS.get(status, IptError)
    if cls in (GuardFailed, EventNotAllowed):
        return cls(status, message, context, **extra)
    return cls(status, message, context)


def check(status, context=None, message=None, **extra):
    """Raise the exception for @p status unless it is IPT_OK."""
    if status != Status.OK:
        raise error_for(status, message, context, **extra)


__all__ = ["IptError", "check"] + [c.__name__ for c in ERRORS.values()]
