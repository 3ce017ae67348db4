"""tests/test_coreutils.py - head, tail, wc and grep, the small tools the
course's command lines pipe through (`pmap -x PID | tail -1`,
`grep heap /proc/PID/maps`).

They are Linux programs, so each is run natively on this host beside GNU
coreutils and GNU grep on the same input, and must print the same bytes
and exit with the same status.  One boot then checks that a pipeline of
them works inside Pagoda on its own /proc.
"""
import os
import subprocess

import pytest

from tests.qemu import BUILD, boot, expect

USER = os.path.join(BUILD, "user")

TEXT = b"foo\nbar\nFoo bar\nbaz*\n[x]\n\nabcabc\nlast line without newline"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("coreutils")
    text = d / "text"
    text.write_bytes(TEXT)
    numbers = d / "numbers"
    numbers.write_bytes(b"".join(b"%d\n" % i for i in range(1, 2001)))
    return str(text), str(numbers)


def run(argv, stdin):
    r = subprocess.run(argv, input=stdin, capture_output=True, timeout=30)
    return r.stdout, r.stderr, r.returncode


CASES = [
    ("head", []), ("head", ["-3"]), ("head", ["-n", "0"]), ("head", ["-c", "5"]),
    ("head", ["-n", "2", "TEXT", "NUMBERS"]), ("head", ["-n", "x"]),
    ("tail", []), ("tail", ["-1"]), ("tail", ["-n", "+3"]), ("tail", ["-c", "7"]),
    ("tail", ["-n", "3", "TEXT", "-", "NUMBERS"]), ("tail", ["-n", "0"]),
    ("tail", ["-c", "+4"]), ("tail", ["NOFILE"]),
    ("wc", []), ("wc", ["-l"]), ("wc", ["-w", "TEXT"]), ("wc", ["TEXT", "NUMBERS"]),
    ("wc", ["-c", "TEXT", "-"]), ("wc", ["-lw", "NOFILE", "TEXT"]),
    ("grep", ["foo"]), ("grep", ["-i", "foo"]), ("grep", ["-v", "a"]),
    ("grep", ["-c", "^$"]), ("grep", ["-n", "b.r", "TEXT", "NUMBERS"]),
    ("grep", ["^1[0-9]*5$", "NUMBERS"]), ("grep", ["-F", "baz*"]), ("grep", ["baz\\*"]),
    ("grep", ["\\[x\\]"]), ("grep", ["[^a-z]"]), ("grep", ["-l", "7", "TEXT", "NUMBERS"]),
    ("grep", ["-q", "nomatch"]), ("grep", ["x", "NOFILE"]), ("grep", ["-h", "99", "TEXT", "NUMBERS"]),
    ("grep", ["a*c$"]), ("grep", ["-e", "-v"]),
]


@pytest.mark.parametrize("prog,args", CASES, ids=["%s %s" % (p, " ".join(a)) for p, a in CASES])
def test_same_as_gnu(files, prog, args):
    """Ours and GNU's print the same stdout and exit the same way (GNU's
    error messages name the program by its path, so stderr is compared
    only for being empty or not)."""
    text, numbers = files
    argv = [{"TEXT": text, "NUMBERS": numbers, "NOFILE": "/no/such/file"}.get(a, a)
            for a in args]
    ours = run([os.path.join(USER, prog)] + argv, TEXT)
    gnu = run([prog] + argv, TEXT)
    assert ours[0] == gnu[0], "stdout differs:\nours %r\ngnu  %r" % (ours[0], gnu[0])
    assert ours[2] == gnu[2], "exit status %d, GNU's %d" % (ours[2], gnu[2])
    assert bool(ours[1]) == bool(gnu[1]), "stderr: ours %r, GNU's %r" % (ours[1], gnu[1])


def test_pipeline_in_pagoda():
    """In Pagoda: the maps of a process piped through grep, wc and tail.
    The shell's own maps have exactly one [stack] line; `tail -1` of them
    is that line; head -1 is the first text line at 0x08048000."""
    run_ = boot(append='init=/bin/sh -c "grep -c stack /proc/self/maps; '
                       'cat /proc/self/maps | tail -1; head -1 /proc/self/maps; '
                       'grep -v -c zzz /proc/self/maps | wc -l; echo end"')
    expect(run_, r"^1\r?$")
    expect(run_, r"^[0-9a-f]{8}-[0-9a-f]{8} rw-p 00000000 00:00 0 +\[stack\]\r?$")
    expect(run_, r"^08048000-[0-9a-f]{8} r--p 00000000 [0-9a-f]{2}:[0-9a-f]{2} \d+ +/bin/head\r?$")
    expect(run_, r"^end\r?$")
