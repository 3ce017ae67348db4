"""tests/test_badptr.py - bad pointers, call by call, against Linux.

tests/badptr/t_badptr.c passes each pointer-taking system call NULL, a
kernel-half address, a buffer that runs into an unmapped page and (where
the kernel writes) a read-only page, and prints one `CELL call kind RESULT`
line per case.  The same binary runs natively on this host (the oracle)
and as init on Pagoda; the lines must be the same, one by one, except for
the differences listed below.

Run just these with:  /usr/bin/python3 -m pytest tests/test_badptr.py -v
"""
import os
import re
import subprocess

import pytest

from tests.qemu import BUILD, boot, expect, tail

PROG = os.path.join(BUILD, "tests", "t_badptr")
INITRDS = [os.path.join(BUILD, n) for n in ("initrd.cpio", "fuzz.cpio")]

# Differences that are not bugs: Pagoda's own choices.  (cell -> Pagoda's
# answer, why.)  A regex on "call kind".
BY_DESIGN = {
    r"statx/\S+ \S+": ("-1 ENOSYS", "Pagoda has no statx (fs/sys_stat.c): "
                       "glibc falls back to fstatat64"),
}

# KNOWN FAILURES today, each fixed by another part of issue 7 (or
# reported to the owner of the code): cell -> (Pagoda's answer now, who
# fixes it).  While an entry is here, the cell may give either that answer
# or Linux's; delete the entry when the fix lands, and the cell must then
# give Linux's answer.
# (An answer of None accepts a wait4 cell whose child was not reaped.)
KNOWN = {}


def _known(pattern, answer, why):
    KNOWN[pattern] = (answer, why)


_known("futex/wake rdonly", "ok", "issue 7 item 8 (abi): futex on a page "
       "Linux does not take (EFAULT)")
_known("futex/wait rdonly", "-1 EAGAIN", "issue 7 item 8 (abi): futex on a "
       "page Linux does not take (EFAULT)")


def cells(text):
    """[(call, kind, result)] from the CELL lines, in order."""
    return re.findall(r"^CELL (\S+) (\S+) (.+?)\r?$", text, re.MULTILINE)


def key(call, kind):
    """A cell's name, with wait4's reaped/not-reaped folded into the result."""
    return re.sub(r"\((not-)?reaped\)", "", call) + " " + kind


def table(rows):
    """{cell: result}; wait4 cells carry reaped/not-reaped in their result."""
    out = {}
    for call, kind, result in rows:
        m = re.search(r"\(((?:not-)?reaped)\)", call)
        out[key(call, kind)] = result + (" " + m.group(1) if m else "")
    return out


@pytest.fixture(scope="module")
def native():
    if not os.path.exists(PROG):
        pytest.fail("%s does not exist: run `make`" % PROG, pytrace=False)
    out = subprocess.run([PROG], capture_output=True, text=True, errors="replace",
                         timeout=120, cwd="/")
    assert out.returncode == 0 and "CELL-DONE" in out.stdout, out.stdout + out.stderr
    return table(cells(out.stdout))


@pytest.fixture(scope="module")
def pagoda():
    run = boot(append="init=/tests/t_badptr", initrd=INITRDS, timeout=120)
    assert not re.search(r"PANIC|page fault at", run.log), tail(run.log)
    expect(run, r"^CELL-DONE\r?$")
    expect(run, r"^init exited with status 0\r?$")
    return table(cells(run.log))


def allowed(cell, linux, got):
    """Is `got` acceptable for this cell on Pagoda?  (and why, if not Linux's)"""
    if got == linux:
        return True, None
    for pattern, (answer, why) in BY_DESIGN.items():
        if re.fullmatch(pattern, cell) and got == answer:
            return True, "by design: " + why
    if cell in KNOWN:
        answer, why = KNOWN[cell]
        wait4 = cell.startswith("wait4/status") and got.endswith("not-reaped")
        if got == answer or (answer is None and wait4):
            return True, "known failure: " + why
    return False, None


def test_same_cells(native, pagoda):
    """Both runs try the same calls in the same order."""
    assert list(native) == list(pagoda)
    assert len(native) >= 200


def test_bad_pointers_as_linux(native, pagoda):
    """Each cell gives Linux's answer, apart from the listed differences."""
    wrong, noted = [], []
    for cell, linux in native.items():
        ok, why = allowed(cell, linux, pagoda.get(cell))
        if not ok:
            wrong.append("%-28s Linux: %-14s Pagoda: %s" % (cell, linux, pagoda.get(cell)))
        elif why:
            noted.append("%-28s %s" % (cell, why))
    print("\n".join(noted))
    assert not wrong, "cells that differ from Linux:\n" + "\n".join(wrong)


def test_known_lists_are_needed(native):
    """Every entry of the lists above names a cell that exists (so a
    misspelt entry cannot hide a failure)."""
    missing = [c for c in KNOWN if c not in native]
    missing += [p for p in BY_DESIGN if not any(re.fullmatch(p, c) for c in native)]
    assert not missing, missing


# tools/linuxref/run boots a real i386 Linux 6.1 in QEMU and runs the same
# binary there: there 0xC0000000 is the kernel's, as on Pagoda.  Opt in
# with PAGODA_LINUXREF=1 (make test-linuxref).
LINUXREF = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "tools", "linuxref", "run")


@pytest.mark.skipif(os.environ.get("PAGODA_LINUXREF") != "1",
                    reason="set PAGODA_LINUXREF=1 to compare with i386 Linux in QEMU")
def test_native_is_i386_linux(native):
    """The oracle holds: a real i386 Linux gives every cell the answer this
    64-bit host gives (measured: all of them the same)."""
    out = subprocess.run([LINUXREF, PROG], capture_output=True, text=True,
                         errors="replace", timeout=600)
    assert "linux-ref: exit status 0" in out.stdout, out.stdout + out.stderr
    i386 = table(cells(out.stdout))
    differ = ["%s: host %s, i386 %s" % (c, native[c], i386.get(c))
              for c in native if i386.get(c) != native[c]]
    assert not differ and len(i386) == len(native), "\n".join(differ)
