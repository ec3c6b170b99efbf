# SPDX-License-Identifier: MIT
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def json_built():
    """Whether this libipt was built with JSON support (jansson)."""
    import ipt

    course = ipt.Course(ipt.Profile.builtin("standard"))
    try:
        course.save_json()
    except ipt.errors.NotBuilt:
        return False
    return True
