"""tests/test_unit.py - run the host-side unit tests built by `make unit`.

Each executable in build/unit/ (from tests/unit/test_*.c, compiled with
AddressSanitizer and UBSan) is its own pytest case, so
    /usr/bin/python3 -m pytest tests -v -k test_kmalloc
runs just one. A binary passes when it exits with 0 and prints no FAIL line.
"""
import os
import re
import subprocess

import pytest

from tests.qemu import ROOT, scaled

UNIT_DIR = os.path.join(ROOT, "build", "unit")


def unit_binaries():
    """Names of the executables in build/unit/, or ["(none)"] if none."""
    try:
        names = sorted(n for n in os.listdir(UNIT_DIR)
                       if os.path.isfile(os.path.join(UNIT_DIR, n))
                       and os.access(os.path.join(UNIT_DIR, n), os.X_OK))
    except FileNotFoundError:
        names = []
    return names or ["(none)"]


@pytest.mark.parametrize("name", unit_binaries())
def test_unit(name):
    if name == "(none)":
        pytest.fail("no unit test binaries in build/unit/: run `make unit`",
                    pytrace=False)
    try:
        out = subprocess.run([os.path.join(UNIT_DIR, name)], cwd=ROOT,
                             stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=scaled(60))
    except subprocess.TimeoutExpired:
        pytest.fail("%s did not finish within 60 s" % name, pytrace=False)
    text = out.stdout + out.stderr
    fails = re.findall(r"^.*\bFAIL\b.*$", text, re.MULTILINE)
    assert out.returncode == 0 and not fails, \
        "%s exited with %d\n%s" % (name, out.returncode, text[-4000:])
