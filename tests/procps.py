"""tests/procps.py - Debian's i386 procps beside Pagoda's tools, on this host.

Pagoda's pmap, ps, top, free, vmstat and uptime are static i386 Linux
programs, so they run natively here.  These helpers run the real procps
(tools/procps-i386.sh fetches and unpacks it once) and ours on the same
live i386 process, so a test can demand identical output:

    from tests.procps import procps, ours, live_process
    with live_process("build/user/memlayout", "--wait") as pid:
        assert ours("pmap", "-x", str(pid)) == procps("pmap", "-x", str(pid))

Every run has a timeout.  A failure to fetch procps fails the test with
apt's message (it needs Debian's package mirror, as `make test` does).
"""
import contextlib
import os
import signal
import subprocess
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FETCH = os.path.join(ROOT, "tools", "procps-i386.sh")
USER = os.path.join(ROOT, "build", "user")
TIMEOUT = 30


def procps_root():
    """The unpacked procps tree, fetched on first use."""
    r = subprocess.run([FETCH], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        pytest.fail("tools/procps-i386.sh could not fetch Debian's i386 "
                    "procps:\n" + r.stderr[-3000:], pytrace=False)
    return r.stdout.strip()


def _run(argv, env=None):
    r = subprocess.run(argv, capture_output=True, text=True,
                       timeout=TIMEOUT, env=env)
    return r.stdout + (("\n[stderr]\n" + r.stderr) if r.stderr else "") + \
        ("" if r.returncode == 0 else "\n[exit %d]" % r.returncode)


def procps(prog, *args, env=None):
    """What Debian's i386 procps PROG prints (stdout, then any stderr)."""
    procps_root()
    return _run([FETCH, prog, *args], env=env)


def ours(prog, *args, env=None):
    """What Pagoda's build/user/PROG prints when run natively on this host."""
    return _run([os.path.join(USER, prog), *args], env=env)


@contextlib.contextmanager
def live_process(path, *args, settle=0.3):
    """Start an i386 program, give it `settle` seconds to set itself up,
    yield its pid, and kill it afterwards."""
    p = subprocess.Popen([path, *args], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(settle)
        assert p.poll() is None, "%s exited at once (status %s)" % (path, p.returncode)
        yield p.pid
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=TIMEOUT)
