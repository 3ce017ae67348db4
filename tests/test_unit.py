"""tests/test_unit.py - run the host-side unit tests built by `make unit`.

Each tests/unit/test_NAME.c is compiled (with AddressSanitizer and UBSan)
into build/unit/test_NAME and is its own pytest case, so
    /usr/bin/python3 -m pytest tests -v -k test_kmalloc
runs just one. A binary passes when it exits with 0 and prints no FAIL line.
"""
import glob
import os
import re
import subprocess

import pytest

from tests.qemu import ROOT, scaled

UNIT_DIR = os.path.join(ROOT, "build", "unit")


def unit_tests():
    """Names of the unit tests: one per tests/unit/test_*.c source."""
    sources = glob.glob(os.path.join(ROOT, "tests", "unit", "test_*.c"))
    return sorted(os.path.basename(s)[:-2] for s in sources)


@pytest.mark.skipif(not unit_tests(), reason="no tests/unit/test_*.c yet")
@pytest.mark.parametrize("name", unit_tests())
def test_unit(name):
    binary = os.path.join(UNIT_DIR, name)
    if not os.access(binary, os.X_OK):
        pytest.fail("build/unit/%s does not exist: run `make unit`" % name,
                    pytrace=False)
    try:
        out = subprocess.run([binary], cwd=ROOT, stdin=subprocess.DEVNULL,
                             capture_output=True, text=True,
                             timeout=scaled(60))
    except subprocess.TimeoutExpired:
        pytest.fail("%s did not finish within 60 s" % name, pytrace=False)
    text = out.stdout + out.stderr
    fails = re.findall(r"^.*\bFAIL\b.*$", text, re.MULTILINE)
    if out.returncode != 0 or fails:
        pytest.fail("%s: exit code %d, %d FAIL line(s); its output ends:\n%s"
                    % (name, out.returncode, len(fails), text[-4000:]),
                    pytrace=False)


def test_libc_native():
    """libc/test/libctest.c, our C library's self-test, run natively on
    this host (it is a static i386 Linux program): it prints a FAIL line
    for each failed check and ends with "N passed, 0 failed"."""
    binary = os.path.join(ROOT, "build", "libc", "test", "libctest")
    if not os.access(binary, os.X_OK):
        pytest.fail("build/libc/test/libctest does not exist: run `make`",
                    pytrace=False)
    out = subprocess.run([binary], cwd=ROOT, stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=scaled(60))
    text = out.stdout + out.stderr
    summary = re.search(r"^(\d+) passed, (\d+) failed$", text, re.MULTILINE)
    assert out.returncode == 0 and summary and summary.group(2) == "0" \
        and int(summary.group(1)) > 250, text[-4000:]
