"""tests/test_free.py - free, vmstat, uptime and watch.

Pagoda's free, vmstat and uptime are static i386 Linux programs, so they
run on this host beside Debian's i386 procps 4.0.2 (tests/procps.py) and
must print the same bytes.  Two ways to give both the same input:

- fed: in a private mount namespace (`unshare -m`, needs root) fixed
  files are bind-mounted over /proc/meminfo, stat, vmstat, uptime and
  loadavg, so both read exactly the same numbers, including the edge
  cases of -h's rounding, a missing MemAvailable, swap in use and
  sizes past what a float holds exactly.  Output must be identical;
  only the time of day (uptime, uptime -s) may tick between the two
  runs, so those are retried until a pair falls in the same second.
- live: the host's real /proc, read back to back.  The layout (every
  word that is not a number) must be identical and each number within
  1% or 16 MiB of procps's, since memory moves between two reads; the
  pair is retried up to 10 times and an identical pair passes at once.

In Pagoda: free's columns against /proc/meminfo read by the same shell
line, vmstat -s against meminfo and /proc/stat, uptime's format, and
watch refreshing a command over the serial console until Ctrl-C.
"""
import os
import re
import subprocess

import pytest

from tests.procps import ours, procps
from tests.qemu import Qemu, boot, expect

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FETCH = os.path.join(ROOT, "tools", "procps-i386.sh")
USER = os.path.join(ROOT, "build", "user")

# ---- the fixed /proc files --------------------------------------------------

def meminfo(**kb):
    """A meminfo with Linux 6.1's lines that free and vmstat read."""
    names = ["MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
             "SwapCached", "Active", "Inactive", "HighTotal", "HighFree",
             "LowTotal", "LowFree", "SwapTotal", "SwapFree", "Shmem",
             "SReclaimable", "CommitLimit", "Committed_AS"]
    return "".join("%s:%s%d kB\n" % (n, " " * max(1, 16 - len(n) - len(str(kb[n]))), kb[n])
                   for n in names if n in kb)


MEMINFOS = {
    # What Pagoda prints with 128 MiB (no swap, MemAvailable = MemFree).
    "pagoda": meminfo(MemTotal=127808, MemFree=126236, MemAvailable=126236,
                      Buffers=0, Cached=1320, Shmem=1320, SReclaimable=0,
                      LowTotal=127808, LowFree=126236, HighTotal=0, HighFree=0,
                      SwapTotal=0, SwapFree=0, CommitLimit=63904, Committed_AS=404),
    # A big Linux box, with swap in use and no LowTotal line (64-bit).
    "big": meminfo(MemTotal=24683568, MemFree=22582443, MemAvailable=23650651,
                   Buffers=11877, Cached=1184541, Active=712025, Inactive=970385,
                   SwapTotal=2097148, SwapFree=1048573, Shmem=9509,
                   SReclaimable=189073, CommitLimit=14439931, Committed_AS=3059309),
    # -h's edges: 1023 KiB, 1.25 MiB (a tie: %.1f rounds it to even),
    # 9.95 MiB, 1023.95 MiB and 1 TiB - 1 KiB.
    "edges": meminfo(MemTotal=1073741823, MemFree=1023, MemAvailable=1280,
                     Buffers=10189, Cached=1048524, Shmem=1048575,
                     SReclaimable=3, SwapTotal=1023 * 1024, SwapFree=0,
                     CommitLimit=5, Committed_AS=7),
    # No MemAvailable (before Linux 3.14): procps uses MemFree.
    "old": meminfo(MemTotal=2048000, MemFree=1000000, Buffers=2000,
                   Cached=30000, Shmem=100, SwapTotal=0, SwapFree=0),
    # MemAvailable > MemTotal (a container): procps falls back to MemFree.
    "lxc": meminfo(MemTotal=100000, MemFree=90000, MemAvailable=200000,
                   Buffers=1, Cached=2, Shmem=3, SwapTotal=0, SwapFree=0),
}

STAT = ("cpu  12345 7 6789 98765 43 2 21 5 1300 11\n"
        "cpu0 12345 7 6789 98765 43 2 21 5 1300 11\n"
        "intr 456789 456789 0 0\nctxt 987654\nbtime 1796310000\n"
        "processes 4321\nprocs_running 3\nprocs_blocked 1\n"
        "softirq 0 0 0 0 0 0 0 0 0 0 0\n")
VMSTAT = "nr_free_pages 1000\npgpgin 123456\npgpgout 654321\npswpin 77\npswpout 88\npgfault 999\n"
LOADAVG = "0.15 1.07 12.50 1/99 4321\n"


def unshare_works():
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_unshare = pytest.mark.skipif(not unshare_works(),
                                   reason="unshare -m needs root (the live tests still run)")


def fed(tmp_path, argv, mem="pagoda", uptime="3725.51 100.00\n"):
    """Run argv with the fixed files mounted over /proc's; return its
    stdout, stderr and exit status together."""
    files = {"meminfo": MEMINFOS[mem], "stat": STAT, "vmstat": VMSTAT,
             "uptime": uptime, "loadavg": LOADAVG}
    script = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        script.append("mount --bind %s /proc/%s" % (tmp_path / name, name))
    script.append('exec "$@"')
    r = subprocess.run(["unshare", "-m", "sh", "-c", " && ".join(script), "sh", *argv],
                       capture_output=True, text=True, timeout=60)
    # A usage message is compared by its first line only: ours lists
    # just the options we have.
    first = r.stderr.split("\n", 1)[0] if r.stderr else ""
    return r.stdout + ("\n[stderr]\n" + first if first else "") + \
        ("\n[exit %d]" % r.returncode if r.returncode else "")


def both(tmp_path, prog, args, **kw):
    """Ours and procps's output of `prog args` on the same fixed /proc."""
    mine = fed(tmp_path, [os.path.join(USER, prog), *args], **kw)
    theirs = fed(tmp_path, [FETCH, prog, *args], **kw)
    # getopt's messages name the program by argv[0], a path for both.
    theirs = re.sub(r"^\S*/usr/bin/%s:" % prog, prog + ":", theirs, flags=re.MULTILINE)
    mine = re.sub(r"^\S*/build/user/%s:" % prog, prog + ":", mine, flags=re.MULTILINE)
    return mine, theirs


FREE_OPTIONS = ["", "-b", "-k", "-m", "-g", "--kilo", "--mega", "--giga", "--tera",
                "--tebi", "--pebi", "-h", "-h --si", "-hw", "-w", "-t", "-l", "-v",
                "-hltvw", "--si -m", "--si", "--si -t", "--human --wide --total", "-b -t -l",
                "-m -g", "-x", "-c 0", "-s 0", "-s x"]


@needs_unshare
@pytest.mark.parametrize("mem", sorted(MEMINFOS))
@pytest.mark.parametrize("opts", FREE_OPTIONS)
def test_free_fed(tmp_path, procps_tree, mem, opts):
    """free prints what procps's free prints for the same meminfo, byte
    for byte, errors and exit status included."""
    mine, theirs = both(tmp_path, "free", opts.split(), mem=mem)
    assert mine == theirs


@needs_unshare
def test_free_repeat_fed(tmp_path, procps_tree):
    """-s 0.2 -c 3: three tables with a blank line between them."""
    mine, theirs = both(tmp_path, "free", ["-s", "0.2", "-c", "3"])
    assert mine == theirs
    assert mine.count("Mem:") == 3


VMSTAT_OPTIONS = ["", "-a", "-w", "-a -w", "-s", "-S k -s", "-S M", "-S m -s", "-Sb -s",
                  "-n", "1 2", "-a 1 3", "-S x", "0", "-q"]


@needs_unshare
@pytest.mark.parametrize("mem", ["pagoda", "big"])
@pytest.mark.parametrize("opts", VMSTAT_OPTIONS)
def test_vmstat_fed(tmp_path, procps_tree, mem, opts):
    """vmstat (the since-boot line, later lines from deltas, -a, -w, -s,
    -S's units) prints what procps's does for the same /proc."""
    mine, theirs = both(tmp_path, "vmstat", opts.split(), mem=mem)
    assert mine == theirs


UPTIMES = ["0.00 0.00", "59.99 1", "60.00 1", "60.01 1", "3599.99 1", "3600.50 1",
           "3725.51 1", "86400.00 1", "90061.00 1", "700000.00 1", "34560000.00 1",
           "400000000.00 1"]


@needs_unshare
@pytest.mark.parametrize("up", UPTIMES)
def test_uptime_fed(tmp_path, procps_tree, up):
    """uptime and uptime -p as procps for uptimes at each unit's edge;
    uptime -s likewise (the clock is read by both, so a pair that
    straddles a second is run again, up to 5 times)."""
    for args in ([], ["-p"], ["-s"]):
        for _ in range(5):
            mine, theirs = both(tmp_path, "uptime", args, uptime=up + "\n")
            if mine == theirs:
                break
        assert mine == theirs, "uptime %s" % " ".join(args)


# ---- the host's live /proc ------------------------------------------------

NUMBER = re.compile(r"^\d+$")


def close_enough(mine, theirs, unit_bytes):
    """Same words; numbers within 1% or 16 MiB (in the output's unit)."""
    a, b = mine.split(), theirs.split()
    if len(a) != len(b):
        return False
    slack = 16 * 1024 * 1024 // unit_bytes
    for x, y in zip(a, b):
        if NUMBER.match(x) and NUMBER.match(y):
            if abs(int(x) - int(y)) > max(int(y) // 100, slack):
                return False
        elif x != y:
            return False
    return True


@pytest.fixture(scope="module")
def procps_tree():
    from tests.procps import procps_root
    return procps_root()


@pytest.mark.parametrize("opts,unit", [([], 1024), (["-b"], 1), (["-m", "-w", "-t"], 1 << 20),
                                        (["-s"], 1024)], ids=["free", "free -b", "free -mwt", "vmstat -s"])
def test_live(procps_tree, opts, unit):
    """On this host's real /proc: free's and vmstat -s's layout exactly as
    procps's, numbers within the stated slack (see the file's header)."""
    prog = "vmstat" if opts == ["-s"] else "free"
    for _ in range(10):
        mine, theirs = ours(prog, *opts), procps(prog, *opts)
        if mine == theirs:
            return
    if prog == "vmstat":               # ticks and counters move: words only
        assert [w for w in mine.split() if not NUMBER.match(w)] == \
               [w for w in theirs.split() if not NUMBER.match(w)]
        return
    assert close_enough(mine, theirs, unit), "ours:\n%s\nprocps:\n%s" % (mine, theirs)


def test_live_uptime(procps_tree):
    """uptime and uptime -p on this host: identical, but for the clock or
    a minute ticking over between the two runs (tried up to 5 times)."""
    for args in ([], ["-p"]):
        for _ in range(5):
            mine, theirs = ours("uptime", *args), procps("uptime", *args)
            if mine == theirs:
                break
        assert mine == theirs
    assert re.match(r"^ \d\d:\d\d:\d\d up .*,  0 user,  load average: "
                    r"\d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$", ours("uptime"))


# ---- in Pagoda ---------------------------------------------------------------

def table(text, label):
    """The numbers after `label` (e.g. "Mem:") in free's output."""
    m = re.search(r"^%s\s+(.*?)\r?$" % re.escape(label), text, re.MULTILINE)
    assert m, "no %s line in:\n%s" % (label, text)
    return [int(v) for v in m.group(1).split()]


def test_in_pagoda():
    """free's columns are /proc/meminfo's: total, shared and buff/cache
    exactly (nothing changes them between the two reads), used + free =
    total (Pagoda's MemAvailable is MemFree), free within 64 kB of the
    MemFree that `cat` saw just before; free -b is free * 1024; vmstat -s's
    totals are meminfo's and its forks /proc/stat's processes or more."""
    run = boot(append='init=/bin/sh -c "cat /proc/meminfo; echo ==free; free; '
                      'echo ==bytes; free -b; echo ==vmstat; vmstat; echo ==sum; vmstat -s; '
                      'echo ==stat; cat /proc/stat; echo ==uptime; uptime; uptime -p; echo ==end"')
    expect(run, r"^==end\r?$")
    log = run.log.replace("\r", "")
    info = {m.group(1): int(m.group(2))
            for m in re.finditer(r"^(\w+(?:\(\w+\))?):\s+(\d+)", log, re.MULTILINE)}
    part = lambda a, b: log.split("==%s\n" % a, 1)[1].split("==%s\n" % b, 1)[0]
    total, used, free, shared, cache, avail = table(part("free", "bytes"), "Mem:")
    assert total == info["MemTotal"]
    assert shared == info["Shmem"]
    assert cache == info["Buffers"] + info["Cached"] + info["SReclaimable"]
    assert used + free == total and avail == free
    assert abs(free - info["MemFree"]) <= 64
    assert table(part("free", "bytes"), "Swap:") == [0, 0, 0]
    assert table(part("bytes", "vmstat"), "Mem:")[0] == total * 1024
    vm = part("vmstat", "sum").splitlines()
    assert vm[0].startswith("procs -----------memory----------")
    r, b, swpd, vfree, buff, vcache = [int(x) for x in vm[2].split()[:6]]
    assert r >= 1 and b == 0 and swpd == 0 and buff == 0 and vcache == cache
    sums = part("sum", "stat")
    assert re.search(r"^ +%d K total memory$" % total, sums, re.MULTILINE)
    assert re.search(r"^ +%d K swap cache$" % cache, sums, re.MULTILINE)
    forks = int(re.search(r"^ +(\d+) forks$", sums, re.MULTILINE).group(1))
    processes = int(re.search(r"^processes (\d+)$", part("stat", "uptime"), re.MULTILINE).group(1))
    assert 1 <= forks <= processes
    up = part("uptime", "end")
    assert re.search(r"^ \d\d:\d\d:\d\d up 0 min,  0 user,  load average: "
                     r"\d\.\d\d, \d\.\d\d, \d\.\d\d$", up, re.MULTILINE)
    assert re.search(r"^up 0 minutes$", up, re.MULTILINE)


def test_watch_in_pagoda():
    """watch -n 0.5 over the serial console: at least three refreshes,
    each a cleared screen, the header with the command and the host's
    name and the command's output; Ctrl-C ends it and the shell prompts
    again."""
    q = Qemu(append="init=/bin/sh", interactive=True)
    try:
        start = q.wait_for(r"\$ $").end
        q.send('watch -n 0.5 "echo tick; cat /proc/uptime"')
        seen = start
        for _ in range(3):
            seen = q.wait_for(r"\x1b\[H\x1b\[2JEvery 0\.5s: echo tick; cat /proc/uptime +"
                              r"\S+: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}", start=seen).end
            seen = q.wait_for(r"^tick\r?$", start=seen).end
            seen = q.wait_for(r"^\d+\.\d\d \d+\.\d\d\r?$", start=seen).end
        q.send_bytes(b"\x03")
        q.wait_for(r"\x1b\[\?25h", start=seen)
        q.wait_for(r"\$ $", start=seen)
        q.send("exit")
        q.finish()
    finally:
        q.kill()
