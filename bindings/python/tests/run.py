#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run the binding's pytest suite; exit 77 (skip, for meson) when pytest
is not installed."""
import os
import sys

try:
    import pytest
except ImportError:
    print("pytest is not installed (Debian: python3-pytest); skipping")
    sys.exit(77)

here = os.path.dirname(os.path.abspath(__file__))
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", here] + sys.argv[1:]))
