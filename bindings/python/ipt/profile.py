# SPDX-License-Identifier: MIT
"""Protocol profiles (ipt-profile.h)."""

import ctypes
import weakref

from . import _lib
from ._lib import lib, text
from .enums import Area, MeasureKind
from .errors import check

PARAM_FIELDS = [f for f, _ in _lib.ProfileParams._fields_ if f != "size"]


def _areas_mask(areas):
    mask = 0
    for a in areas:
        mask |= 1 << int(Area(a))
    return mask


def areas_from_mask(mask):
    """The set of :class:`Area` members whose bits are set in @p mask."""
    return {a for a in Area if mask & (1 << int(a))}


def _params_struct(params):
    p = _lib.ProfileParams()
    p.size = ctypes.sizeof(p)
    for key, value in params.items():
        if key not in PARAM_FIELDS:
            raise TypeError("unknown profile parameter %r" % key)
        if key == "allowed_areas" and not isinstance(value, int):
            value = _areas_mask(value)
        setattr(p, key, value)
    return p


class Profile:
    """An immutable protocol profile.

    Built-in profiles come from :meth:`builtin` (static, never freed).
    :meth:`new` makes a profile of your own, released with
    ipt_profile_free() when the object is collected.  A course copies its
    profile, so a profile object may go away before its courses.
    """

    __slots__ = ("_ptr", "_owner", "_finalizer", "__weakref__")

    def __init__(self, ptr, owned=False, owner=None):
        self._ptr = ctypes.c_void_p(ptr)
        self._owner = owner     # keeps a course alive for its copy
        self._finalizer = (weakref.finalize(self, lib.ipt_profile_free, ptr)
                           if owned else None)

    @classmethod
    def builtin(cls, name="standard"):
        out = ctypes.c_void_p()
        check(lib.ipt_profile_builtin(_lib.encode(name), ctypes.byref(out)),
              "profile %r" % name)
        return cls(out.value)

    @classmethod
    def builtins(cls):
        """Every built-in profile, in the library's listing order."""
        result = []
        for i in range(lib.ipt_profile_builtin_count()):
            out = ctypes.c_void_p()
            check(lib.ipt_profile_builtin_at(i, ctypes.byref(out)))
            result.append(cls(out.value))
        return result

    @staticmethod
    def check_params(**params):
        """Check parameters; raises :class:`ipt.InvalidProfile` with the
        library's sentence naming the first broken rule."""
        p = _params_struct(params)
        msg = ctypes.create_string_buffer(256)
        st = lib.ipt_profile_check(ctypes.byref(p), msg, len(msg))
        check(st, "profile parameters", msg.value.decode("utf-8"))

    @classmethod
    def new(cls, name, base="standard", **params):
        """A profile of your own: @p base's parameters with @p params
        changed (``allowed_areas`` may be a mask or a list of areas)."""
        if not isinstance(base, Profile):
            base = cls.builtin(base)
        merged = dict(base.params)
        merged.update(params)
        p = _params_struct(merged)
        msg = ctypes.create_string_buffer(256)
        st = lib.ipt_profile_check(ctypes.byref(p), msg, len(msg))
        check(st, "profile %r" % name, msg.value.decode("utf-8"))
        out = ctypes.c_void_p()
        check(lib.ipt_profile_new(_lib.encode(name), ctypes.byref(p), None,
                                  ctypes.byref(out)), "profile %r" % name)
        return cls(out.value, owned=True)

    @property
    def name(self):
        return text(lib.ipt_profile_name(self._ptr))

    @property
    def title(self):
        return text(lib.ipt_profile_title(self._ptr))

    @property
    def source(self):
        return text(lib.ipt_profile_source(self._ptr))

    @property
    def notes(self):
        return text(lib.ipt_profile_notes(self._ptr))

    @property
    def params(self):
        """The parameters as a dict (field names of ipt_profile_params)."""
        p = _lib.ProfileParams()
        p.size = ctypes.sizeof(p)
        check(lib.ipt_profile_get_params(self._ptr, ctypes.byref(p)))
        return {f: getattr(p, f) for f in PARAM_FIELDS}

    @property
    def allowed_areas(self):
        return areas_from_mask(self.params["allowed_areas"])

    def area_label(self, area):
        return text(lib.ipt_profile_area_label(self._ptr, int(area)))

    @property
    def cadence_days(self):
        return lib.ipt_profile_cadence_days(self._ptr)

    @property
    def pre_sessions(self):
        return lib.ipt_profile_pre_sessions(self._ptr)

    @property
    def measures(self):
        mask = lib.ipt_profile_measures(self._ptr)
        return {k for k in MeasureKind if mask & (1 << int(k))}

    def __repr__(self):
        return "<ipt.Profile %r>" % self.name


def as_profile(profile):
    if profile is None:
        return Profile.builtin("standard")
    if isinstance(profile, Profile):
        return profile
    return Profile.builtin(profile)
