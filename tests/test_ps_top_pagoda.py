r"""tests/test_ps_top_pagoda.py - ps and top inside Pagoda, on its console.

Each test boots `init=/bin/sh` (tests/test_shell.py's Shell), starts a
`sleep 100 &` to look at, and checks that what ps and top print are the
kernel's own numbers: /proc/PID/status's VmSize and VmRSS, statm's
pages, meminfo's MemTotal, the count of processes.  The full-screen top
is driven over the serial port: it must redraw, take a key, and give the
terminal back on `q`.  (Their output beside Linux's procps:
tests/test_ps_top.py.)

Run just these:  /usr/bin/python3 -m pytest tests/test_ps_top_pagoda.py -v
"""
import re
import struct

import pytest

from tests.test_shell import PROMPT, Shell

pytestmark = pytest.mark.usefixtures("kernel_elf")


def f32(x):
    """x rounded to a C float, as top computes %MEM."""
    return struct.unpack("f", struct.pack("f", x))[0]


def status_kb(status, name):
    return int(re.search(r"^%s:\s+(\d+) kB" % name, status, re.M).group(1))


def sleeper(sh):
    """Start `sleep 100 &`; its pid."""
    sh.run("sleep 100 &")
    pid = sh.run("ps -C sleep -o pid=").split()
    assert len(pid) == 1, pid
    return int(pid[0])


def test_ps_and_top_show_the_kernels_numbers():
    sh = Shell()
    pid = sleeper(sh)
    status = sh.run("cat /proc/%d/status" % pid)
    size, resident, share = map(int, sh.run("cat /proc/%d/statm" % pid).split()[:3])
    total = status_kb(sh.run("cat /proc/meminfo"), "MemTotal")
    vmsize, vmrss = status_kb(status, "VmSize"), status_kb(status, "VmRSS")

    # ps -o: VSZ and RSS are status's VmSize and VmRSS
    out = sh.run("ps -o pid,vsz,rss,comm -p %d" % pid)
    assert out == ("  PID    VSZ   RSS COMMAND\n%5d %6d %5d sleep\n"
                   % (pid, vmsize, vmrss)), out

    # ps aux: the sleep's line, %MEM in truncated tenths of MemTotal
    aux = sh.run("ps aux")
    assert aux.startswith("USER       PID %CPU %MEM    VSZ   RSS TTY      STAT "
                          "START   TIME COMMAND\n"), aux
    permille = vmrss * 1000 // total
    line = next(l for l in aux.splitlines() if l.split()[1] == str(pid))
    words = line.split(None, 10)
    assert words[0] == "root" and words[3] == "%d.%d" % (permille // 10, permille % 10)
    assert words[4:8] == [str(vmsize), str(vmrss), "?", "S"], line
    assert words[10] == "sleep 100", line
    assert re.fullmatch(r"\d\d:\d\d", words[8]) and words[9] == "0:00", line

    # top -b -p: VIRT/RES/SHR are statm's pages in KiB, %MEM a float
    top = sh.run("top -b -n 1 -p %d" % pid)
    lines = top.splitlines()
    assert re.fullmatch(r"top - \d\d:\d\d:\d\d up .*,  0 user,  load average: "
                        r"\d+\.\d\d, \d+\.\d\d, \d+\.\d\d", lines[0]), top
    assert lines[1] == ("Tasks:   1 total,   0 running,   1 sleeping,   0 stopped,"
                        "   0 zombie"), top
    assert lines[3].startswith("MiB Mem : %9s" % ("%.1f " % (total / 1024))), top
    assert lines[5] == "" and lines[6].split() == [
        "PID", "USER", "PR", "NI", "VIRT", "RES", "SHR", "S", "%CPU", "%MEM",
        "TIME+", "COMMAND"], top
    pmem = f32(f32(resident * 4) * f32(100.0 / f32(total)))
    assert lines[7].split() == [str(pid), "root", "20", "0", str(size * 4),
                                str(resident * 4), str(share * 4), "S", "0.0",
                                "%.1f" % pmem, "0:00.00", "sleep"], top
    assert len(lines) == 8, top

    # top -b over everything counts what ps -e lists (each sees itself)
    everyone = sh.run("ps -e --no-headers").splitlines()
    top = sh.run("top -b -n 1")
    count = int(re.search(r"^Tasks: +(\d+) total", top, re.M).group(1))
    assert count == len(everyone) and count >= 3, (everyone, top)
    sh.exit()


def test_top_full_screen_redraws_sorts_and_quits():
    """top on the console: frames drawn from the top of the screen, again
    every second; M takes effect; q ends it and the shell's terminal
    (echo, canonical input) is back."""
    sh = Shell()
    sleeper(sh)
    sh.type("top -d 1")
    start = sh.pos
    sh.q.wait_for(r"Tasks:(.|\n)*Tasks:", start=start, timeout=30)  # two frames
    screen = sh.q.read_log()[start:]
    assert "\x1b[H" in screen and "\x1b[?25l" in screen
    assert re.search(r"PID USER +PR +NI +VIRT +RES +SHR S +%CPU +%MEM +TIME\+ COMMAND",
                     screen)
    seen = len(sh.q.read_log())
    sh.q.send_bytes(b"M")
    sh.q.wait_for(r"Tasks:", start=seen, timeout=30)
    sh.q.send_bytes(b"q")
    prompt = sh.q.wait_for(PROMPT, start=seen, timeout=30)
    sh.pos = prompt.end
    assert "\x1b[?25h" in sh.q.read_log()[seen:]
    assert sh.run("echo restored") == "restored\n"
    sh.exit()
