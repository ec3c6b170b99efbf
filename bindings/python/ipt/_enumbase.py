# SPDX-License-Identifier: MIT
"""Base classes of the generated enums (see enums.py)."""

import ctypes
import enum


class NamedEnum(enum.IntEnum):
    """An ``enum ipt_*`` whose values have stable names in the library."""

    @classmethod
    def _fns(cls):
        from . import _lib
        base = "ipt_" + cls._c_enum[4:]
        name_fn = getattr(_lib.lib, base + "_name", None)
        from_fn = getattr(_lib.lib, base + "_from_name", None)
        return name_fn, from_fn

    @property
    def ipt_name(self):
        """The library's stable name, e.g. ``"role_dispute"`` (or None if
        the library has no name for it)."""
        name_fn, _ = self._fns()
        if name_fn is None:
            return None
        raw = name_fn(int(self))
        return raw.decode("utf-8") if raw is not None else None

    @classmethod
    def from_name(cls, name):
        """The member the library calls ``name``; raises
        :class:`ipt.UnknownName` for a name the library does not know."""
        from . import _lib
        from .errors import check
        _, from_fn = cls._fns()
        if from_fn is None:
            raise TypeError("%s has no names in libipt" % cls.__name__)
        out = ctypes.c_int(0)
        check(from_fn(_lib.encode(name), ctypes.byref(out)),
              "%s name %r" % (cls.__name__, name))
        return cls(out.value)

    def __str__(self):
        name = self.ipt_name
        return name if name is not None else enum.IntEnum.__str__(self)


class Flag(enum.IntFlag):
    """A bit of an ``enum ipt_*_flag``."""

    @property
    def ipt_name(self):
        from . import _lib
        fn = getattr(_lib.lib, "ipt_" + self._c_enum[4:] + "_name", None)
        if fn is None:
            return None
        raw = fn(int(self))
        return raw.decode("utf-8") if raw is not None else None
