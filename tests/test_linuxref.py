"""tests/test_linuxref.py - the Linux-reference runner itself.

tools/linuxref/run boots Debian's i386 Linux 6.1 in QEMU and runs one
program there; the comparisons in test_user.py and test_proc.py and
`make bench` rely on it.  These tests check what they rely on: the
arguments arrive intact (spaces and newlines included), --dir trees and
LINUXREF_APPEND reach the guest, and the program's exit status or signal
is reported, both as a console line and as the runner's own exit status.

They boot Linux (about 5-30 s each), so they run only with
PAGODA_LINUXREF=1:  make linuxref-check   (or make test-linuxref).
"""
import os
import shutil
import subprocess

import pytest

from tests.qemu import BUILD, ROOT

RUN = os.path.join(ROOT, "tools", "linuxref", "run")

pytestmark = pytest.mark.skipif(
    os.environ.get("PAGODA_LINUXREF") != "1",
    reason="set PAGODA_LINUXREF=1 to boot the Linux reference kernel")


def linuxref(*args, append=None):
    """Run tools/linuxref/run ARGS; returns (exit status, console lines)."""
    env = dict(os.environ)
    env.pop("LINUXREF_APPEND", None)
    if append:
        env["LINUXREF_APPEND"] = append
    out = subprocess.run([RUN] + list(args), capture_output=True, text=True,
                         errors="replace", env=env, timeout=600)
    return out.returncode, out.stdout.replace("\r", "").split("\n"), out.stderr


def test_arguments_and_exit_status():
    """echo prints its arguments as given (one has a space, one a newline);
    exit status 0 is reported and returned."""
    rc, lines, err = linuxref(os.path.join(BUILD, "user", "echo"),
                              "a b", "c\nd", "e")
    assert "a b c" in lines and "d e" in lines, lines + [err]
    assert "linux-ref: exit status 0" in lines, lines + [err]
    assert rc == 0, (rc, err)


def test_dir_and_kernel_options(tmp_path):
    """A --dir tree is in the guest's /, and LINUXREF_APPEND's words are
    on the kernel command line."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "f.txt").write_text("from the host\n")
    rc, lines, err = linuxref("--dir", str(tmp_path), os.path.join(BUILD, "user", "cat"),
                              "/data/f.txt", "/proc/cmdline", append="norandmaps")
    assert "from the host" in lines, lines + [err]
    cmdline = [l for l in lines if l.startswith("console=ttyS0")]
    assert cmdline and "norandmaps" in cmdline[0].split(), lines
    assert rc == 0, (rc, err)


def test_nonzero_exit_status():
    """false exits 1: reported, and the runner exits 1."""
    rc, lines, err = linuxref(os.path.join(BUILD, "user", "false"))
    assert "linux-ref: exit status 1" in lines, lines + [err]
    assert rc == 1, (rc, err)


def test_killed_by_signal(tmp_path):
    """A program killed by SIGSEGV: reported as signal 11, runner exit 139.
    (sh runs /bin/kill, which --dir brings in.)"""
    (tmp_path / "bin").mkdir()
    shutil.copy(os.path.join(BUILD, "user", "kill"), str(tmp_path / "bin" / "kill"))
    rc, lines, err = linuxref("--dir", str(tmp_path), os.path.join(BUILD, "user", "sh"),
                              "-c", "kill -11 $$")
    assert "linux-ref: killed by signal 11" in lines, lines + [err]
    assert rc == 128 + 11, (rc, err)


def test_missing_program():
    """A program that does not exist is refused before anything boots."""
    rc, lines, err = linuxref(os.path.join(BUILD, "no-such-program"))
    assert rc == 2 and "no such program" in err, (rc, err)
