"""tests/test_time.py - Pagoda's clock against the host's.

The kernel runs with interrupts off, so timer interrupts that fall due
during a long system call are lost; a clock that counted them would fall
behind.  Pagoda's clock is the TSC, calibrated against the PIT at boot
(kernel/tsc.c).  Here `t_time wall` runs 12 readvs of 128 MiB from
/dev/zero (each many 10 ms ticks long) between two lines that carry
CLOCK_MONOTONIC;
the host notes when each line arrives on the serial port.  The guest's
advance must match the host's within generous bounds: the host sees the
lines up to a poll interval late and may itself be descheduled, so a
factor of 1.5 either way plus a quarter second is allowed.  A clock that
lost the ticks of those system calls advances about ten times too little.

Run just this with:  /usr/bin/python3 -m pytest tests/test_time.py -v
"""
import os
import re

import pytest

from tests.qemu import BUILD, Qemu, tail

pytestmark = pytest.mark.usefixtures("kernel_elf")

INITRDS = [os.path.join(BUILD, "initrd.cpio"), os.path.join(BUILD, "tests.cpio")]
SLACK = 0.25        # seconds: serial polling and host scheduling
FACTOR = 1.5


def stamp(seen):
    """The nanoseconds on a WALL_START / WALL_END line."""
    return int(re.search(r"(\d+)$", seen.text).group(1))


def test_monotonic_keeps_pace_with_the_host_across_long_syscalls():
    q = Qemu(append="init=/tests/t_time wall", initrd=INITRDS, timeout=120)
    start = q.wait_for(r"^WALL_START \d+", timeout=60)
    end = q.wait_for(r"^WALL_END \d+", timeout=120, start=start.end)
    run = q.finish()
    host = end.seconds - start.seconds
    guest = (stamp(end) - stamp(start)) / 1e9
    assert "PASS wall_readvs" in run.log, tail(run.log)
    assert guest >= host / FACTOR - SLACK and guest <= host * FACTOR + SLACK, (
        "across 12 readvs of 128 MiB CLOCK_MONOTONIC advanced %.3f s while "
        "the host saw %.3f s\n%s" % (guest, host, tail(run.log)))
