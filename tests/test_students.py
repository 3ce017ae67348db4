"""tests/test_students.py - what docs/students.md tells students to do.

  * user/buggy_*.c build without -Werror (their warnings print, the build
    goes on), and `make USER_WERROR=0` builds every program that way;
  * a segfault's console line gives an ip that addr2line turns into the
    very line of the bug.

Run just these with
    /usr/bin/python3 -m pytest tests/test_students.py -v
"""
import os
import re
import subprocess

import pytest

from tests.qemu import BUILD, ROOT, boot, expect

pytestmark = pytest.mark.usefixtures("kernel_elf")   # fail early if unbuilt

ADDR2LINE = "addr2line"


def compile_command(obj, *make_args):
    """The compiler command make would run for build/user/obj/OBJ (a dry
    run, -n, forced, -B: nothing is built)."""
    out = subprocess.run(["make", "-n", "-B", *make_args,
                          "build/user/obj/%s" % obj],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    line = [l for l in out.stdout.splitlines() if " -c user/" in l]
    assert line, out.stdout
    return line[0].split()


def test_werror_only_off_for_buggy_programs():
    """-Werror is on for user/hello.c, off for user/buggy_null.c, and off
    for every program with USER_WERROR=0."""
    assert "-Werror" in compile_command("hello.o")
    assert "-Werror" not in compile_command("buggy_null.o")
    assert "-Werror" not in compile_command("hello.o", "USER_WERROR=0")
    assert "-Wall" in compile_command("buggy_null.o")    # warnings still shown


def test_segfault_line_to_source_line():
    """buggy_null dies with Linux's segfault line; addr2line on its ip
    names sum() and the line of user/buggy_null.c that follows NULL."""
    run = boot(append="init=/bin/buggy_null")
    line = expect(run, r"^buggy_null\[1\]: segfault at 0 ip ([0-9a-f]{8}) "
                       r"sp [0-9a-f]{8} error 4$")
    expect(run, r"^init killed by signal 11$")
    out = subprocess.run([ADDR2LINE, "-f", "-e",
                          os.path.join(BUILD, "user", "buggy_null"),
                          line.group(1)],
                         capture_output=True, text=True, check=True)
    func, where = out.stdout.split()
    assert func == "sum", out.stdout
    path, number = where.rsplit(":", 1)
    assert path.endswith("user/buggy_null.c"), where
    with open(os.path.join(ROOT, "user", "buggy_null.c")) as f:
        source = f.read().splitlines()
    assert "n is NULL" in source[int(number) - 1], (where, source)
