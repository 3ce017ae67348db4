"""tests/conftest.py - shared pytest setup for the Pagoda test suite.

Run the suite with `make test` (it builds everything first), or by hand:
    /usr/bin/python3 -m pytest tests -v            # everything
    /usr/bin/python3 -m pytest tests -v -k panic   # only tests matching "panic"
"""
import os
import sys

import pytest

# Make the repo root importable, so tests can say `from tests.qemu import boot`.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture(scope="session")
def kernel_elf():
    """Path of build/kernel.elf; fails clearly when it has not been built."""
    path = os.path.join(ROOT, "build", "kernel.elf")
    if not os.path.isfile(path):
        pytest.fail("build/kernel.elf does not exist: run `make` first "
                    "(or `make test`, which builds everything)", pytrace=False)
    return path
