"""tests/test_badelf_corpus.py - execve of every file of the malformed-ELF
corpus, natively and on Pagoda.

tests/badelf/mkcorpus.py writes the corpus (build/badelf/, packed under
/tests/badelf in build/fuzz.cpio) and expected.txt, which records for each
file what Linux does with it (measured on this host) and what Pagoda must
do.  tests/badelf/t_elfcorpus execs each file in a child and prints
`ELF name OUTCOME`.  Here:

  - natively, every outcome must still be the recorded Linux one (so the
    table stays true of the host it was measured on);
  - on Pagoda, every outcome must be the recorded Pagoda one, the caller
    must survive them all, and the kernel must not panic;
  - every line where Pagoda and Linux differ must say why (`stricter`:
    Pagoda refuses before the point of no return; `host:`: the 64-bit
    host differs from i386 Linux; or a feature Pagoda does not have).

Run just these with:  /usr/bin/python3 -m pytest tests/test_badelf_corpus.py -v
"""
import os
import re
import shutil
import subprocess

import pytest

from tests.qemu import BUILD, boot, expect, tail

CORPUS = os.path.join(BUILD, "badelf")
RUNNER = os.path.join(BUILD, "tests", "t_elfcorpus")
INITRDS = [os.path.join(BUILD, n) for n in ("initrd.cpio", "fuzz.cpio")]

# KNOWN FAILURES on Pagoda today: file -> (what Pagoda does now, the issue
# item that fixes it).  Delete an entry when its fix lands; the test then
# insists on the expected outcome.  While an entry is here, either outcome
# passes (so the fix landing does not break this test).
# (Empty now: mode_0644, EACCES, came with issue 7 item 8.)
KNOWN_PAGODA = {}


def expected():
    """{name: (linux, pagoda, why)} from expected.txt."""
    path = os.path.join(CORPUS, "expected.txt")
    if not os.path.exists(path):
        pytest.fail("%s does not exist: run `make`" % path, pytrace=False)
    table = {}
    with open(path) as f:
        for line in f:
            fields, _, why = line.partition("#")
            name, linux, pagoda = fields.split()
            table[name] = (linux, pagoda, why.strip())
    return table


def outcomes(text):
    """{name: outcome} from the `ELF name OUTCOME` lines."""
    return dict(re.findall(r"^ELF (\S+) (\S+)\r?$", text, re.MULTILINE))


def test_corpus_is_documented():
    """Each file where Pagoda's answer differs from Linux's says why."""
    undocumented = [n for n, (linux, pagoda, why) in expected().items()
                    if linux != pagoda and not re.search(
                        r"stricter|host:|Pagoda (runs|has)", why)]
    assert not undocumented, undocumented
    assert len(expected()) >= 50


def test_corpus_native():
    """Natively, each file does exactly what expected.txt says Linux does."""
    if not os.path.exists(RUNNER):
        pytest.fail("%s does not exist: run `make`" % RUNNER, pytrace=False)
    out = subprocess.run([RUNNER, CORPUS], capture_output=True, text=True,
                         errors="replace", timeout=300, cwd="/")
    got = outcomes(out.stdout)
    table = expected()
    wrong = {n: (got.get(n), linux) for n, (linux, _, _) in table.items()
             if got.get(n) != linux}
    assert not wrong, "natively (got, recorded): %s\n%s" % (wrong, out.stdout)
    assert "survived" in out.stdout and out.returncode == 0


def test_corpus_on_pagoda():
    """On Pagoda each file does what expected.txt says, the caller survives
    all of them, and the kernel never panics."""
    run = boot(append="init=/tests/t_elfcorpus /tests/badelf", initrd=INITRDS,
               timeout=120)
    assert not re.search(r"PANIC|page fault at", run.log), tail(run.log)
    expect(run, r"^survived\r?$")
    expect(run, r"^init exited with status 0\r?$")
    got = outcomes(run.log)
    table = expected()
    wrong, known = {}, []
    for name, (linux, pagoda, why) in sorted(table.items()):
        if got.get(name) == pagoda:
            continue
        if name in KNOWN_PAGODA and got.get(name) == KNOWN_PAGODA[name][0]:
            known.append("%s: %s (%s)" % (name, got[name], KNOWN_PAGODA[name][1]))
            continue
        wrong[name] = (got.get(name), pagoda)
    for line in known:
        print("known failure:", line)
    assert not wrong, "on Pagoda (got, expected): %s\n%s" % (wrong, tail(run.log))
    assert re.search(r"^ELF-DONE %d\r?$" % len(table), run.log, re.MULTILINE)


# tools/linuxref/run: the same runner and corpus on a real i386 Linux 6.1
# (256 MiB) in QEMU.  Opt in with PAGODA_LINUXREF=1 (make test-linuxref).
# Where it differs from this 64-bit host (measured), and why:
I386_DIFFERS = {
    "vaddr_kernel": ("SIGSEGV", "i386 user space ends at 0xC0000000: the "
                                "segment cannot be mapped, after the point of no return"),
    "bss_to_kernel": ("SIGSEGV", "the same for a bss that reaches 0xC0000000"),
    "offset_wraps": ("SIGSEGV", "a 32-bit kernel refuses the file offset "
                                "(EOVERFLOW) after the point of no return"),
    "bss_1gib": ("SIGSEGV", "1 GiB of bss is more than the guest's 256 MiB: "
                            "the overcommit heuristic refuses it"),
}
LINUXREF = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "tools", "linuxref", "run")


@pytest.mark.skipif(os.environ.get("PAGODA_LINUXREF") != "1",
                    reason="set PAGODA_LINUXREF=1 to compare with i386 Linux in QEMU")
def test_corpus_i386_linux(tmp_path):
    """On i386 Linux each file does what it does on this host, except the
    few listed in I386_DIFFERS, which do what is listed there."""
    shutil.copytree(CORPUS, str(tmp_path / "badelf"), symlinks=True)
    out = subprocess.run([LINUXREF, "--dir", str(tmp_path), RUNNER, "/badelf"],
                         capture_output=True, text=True, errors="replace", timeout=600)
    assert "linux-ref: exit status 0" in out.stdout, out.stdout + out.stderr
    got = outcomes(out.stdout)
    wrong = {}
    for name, (linux, _, _) in expected().items():
        want = I386_DIFFERS.get(name, (linux,))[0]
        if got.get(name) != want:
            wrong[name] = (got.get(name), want)
    assert not wrong, "on i386 Linux (got, expected): %s" % wrong
