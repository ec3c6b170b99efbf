# SPDX-License-Identifier: MIT
"""Every public C function is bound or deliberately left out; the
generated enums match the headers."""
import glob
import os
import re
import subprocess
import sys

import ipt
from ipt import _lib

from conftest import REPO

# Functions of the C API that the package does not wrap, and why.
UNWRAPPED = {
    "ipt_io_default": "custom I/O tables (struct ipt_io_ops) are not "
                      "exposed: Course.save_file() and load_file() pass "
                      "NULL, which selects this same default table",
}


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def header_functions():
    names = set()
    paths = glob.glob(os.path.join(REPO, "include", "ipt", "*.h"))
    paths.append(os.path.join(REPO, "include", "ipt", "ipt-version.h.in"))
    for path in paths:
        if path.endswith("ipt-export.h"):
            continue
        text = strip_comments(open(path, encoding="utf-8").read())
        for m in re.finditer(r"\bIPT_API\b([^;]*?)\b(ipt_\w+)\s*\(", text):
            names.add(m.group(2))
    return names


def test_headers_parsed():
    names = header_functions()
    assert "ipt_course_apply" in names and "ipt_version" in names
    assert len(names) > 100


def test_every_function_wrapped_or_listed():
    declared = header_functions()
    bound = set(_lib.PROTOTYPES)
    missing = declared - bound - set(UNWRAPPED)
    assert not missing, "neither wrapped nor in UNWRAPPED: %s" % sorted(
        missing)
    assert not bound - declared, "bound but not declared: %s" % sorted(
        bound - declared)
    assert not set(UNWRAPPED) & bound


def test_every_prototype_has_types():
    for name in _lib.PROTOTYPES:
        fn = getattr(_lib.lib, name)
        assert fn.argtypes is not None, name


def test_bound_functions_reachable_from_package():
    """Each bound C function is called somewhere in the package."""
    src = ""
    for path in glob.glob(os.path.join(os.path.dirname(ipt.__file__),
                                       "*.py")):
        if not path.endswith("_lib.py"):
            src += open(path, encoding="utf-8").read()
    src += open(_lib.__file__, encoding="utf-8").read().split(
        "PROTOTYPES = {")[0]
    call_buffer_users = {"ipt_course_save_json", "ipt_course_export_fhir",
                         "ipt_machine_diagram", "ipt_suggestion_explain",
                         "ipt_sim_totals_json"}
    unreached = []
    for name in _lib.PROTOTYPES:
        if name in src or name in call_buffer_users:
            continue
        if name.endswith("_name") or name.endswith("_from_name"):
            continue        # reached through NamedEnum by the enum's name
        unreached.append(name)
    assert not unreached, unreached


def test_generated_enums_match_headers():
    gen = os.path.join(REPO, "bindings", "python", "tools", "gen_enums.py")
    out = subprocess.run([sys.executable, gen], check=True,
                         capture_output=True, text=True).stdout
    committed = open(os.path.join(REPO, "bindings", "python", "ipt",
                                  "enums.py"), encoding="utf-8").read()
    assert out == committed, "run tools/gen_enums.py"


def test_enum_name_functions_exist():
    for c_enum, cls in ipt.enums.C_ENUMS.items():
        if issubclass(cls, ipt.enums.NamedEnum):
            assert hasattr(_lib.lib, "ipt_" + c_enum[4:] + "_name"), c_enum
