#!/usr/bin/env python3
"""tests/fuzz/run.py - run Pagoda's system-call fuzzer from the host.

    make fuzz SEED=7 CALLS=100000        # calls 0..99999 of seed 7
    make fuzz SEED=7 ONLY=12345          # replay call 12345, printing every
                                         # call of its round up to it
    make fuzz SEED=7 CALLS=1000 FROM=5000 VERBOSE=1 KNOWN=1
    python3 tests/fuzz/run.py --seed 7 --calls 100000 [--from I] [--only I]
                              [--known] [--verbose] [--watchdog MS]
                              [--pick I,J,...]   # only these calls of the range
                              [--mem 32M]        # guest RAM

Boots Pagoda (build/kernel.elf, with build/initrd.cpio, build/tests.cpio
and build/fuzz.cpio) with init=/tests/fuzz and reads its serial log.  The
fuzzer makes its calls in rounds of 200 (tests/fuzz/fuzz.c); when the log
shows a kernel PANIC, this script takes the round that was running, boots
again to replay just that round with every call printed, and reports the
(seed, index) and the call printed last before the panic.  Exit status 0
only if there was no panic, no timeout and the fuzzer said
PASS fuzz_no_leak.  tests/test_fuzz.py uses run() below.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)
from tests.qemu import BUILD, qemu_command, scaled   # noqa: E402

ROUND_CALLS = 200            # as in tests/fuzz/fuzz.h
INITRDS = [os.path.join(BUILD, n) for n in ("initrd.cpio", "tests.cpio", "fuzz.cpio")]
PANIC = re.compile(r"^PANIC", re.MULTILINE)


class Result:
    """One boot of the fuzzer: its log and what it says."""

    def __init__(self, log, exitcode, seconds, timed_out):
        self.log, self.exitcode, self.seconds = log, exitcode, seconds
        self.timed_out = timed_out
        self.status = exitcode >> 1 if exitcode > 0 and exitcode & 1 else None
        self.panic = PANIC.search(log) is not None
        self.passed = re.search(r"^PASS fuzz_no_leak", log, re.MULTILINE) is not None
        m = re.search(r"^fuzz: seed \d+ calls \S+: made (\d+), held back (\d+)", log,
                      re.MULTILINE)
        self.made, self.held_back = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        m = re.search(r"(-?\d+) pages lost", log)
        self.pages_lost = int(m.group(1)) if m else None

    def ok(self):
        return not self.panic and not self.timed_out and self.passed and self.status == 0

    def before_panic(self):
        """The log up to the panic."""
        m = PANIC.search(self.log)
        return self.log[:m.start()] if m else self.log

    def last_round(self):
        """(first, last) call index of the round running when it stopped."""
        rounds = re.findall(r"^fuzz: round \d+ calls (\d+)-(\d+)", self.before_panic(),
                            re.MULTILINE)
        return tuple(map(int, rounds[-1])) if rounds else None

    def last_call(self):
        """The last `fuzz: call I name(...)` line before the panic (verbose runs)."""
        calls = re.findall(r"^fuzz: call (\d+) ([a-z_0-9]+\(.*\))\s*$", self.before_panic(),
                           re.MULTILINE)
        return (int(calls[-1][0]), calls[-1][1]) if calls else None


def run(seed, calls, first=0, verbose=False, known=False, watchdog_ms=2000,
        verbose_from=None, timeout=None, pick=None, mem="128M"):
    """Boot once with the fuzzer as init and return a Result.  pick: make
    only these call indexes (of first .. first+calls-1)."""
    args = ["seed=%d" % seed, "calls=%d" % calls, "from=%d" % first,
            "watchdog=%d" % watchdog_ms]
    if pick:
        args.append("pick=" + ",".join(map(str, pick)))
    if verbose:
        args.append("verbose=1")
    if verbose_from is not None:
        args.append("verbose_from=%d" % verbose_from)
    if known:
        args.append("known=1")
    if timeout is None:        # about 10,000 calls a second under TCG, and hangs
        timeout = scaled(60 + calls / 200)
    with tempfile.TemporaryDirectory(prefix="pagoda-fuzz-") as tmp:
        serial = os.path.join(tmp, "serial.log")
        cmd = qemu_command(append="init=/tests/fuzz -- " + " ".join(args),
                           initrd=INITRDS, serial_file=serial, mem=mem)
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            timed_out = True
        with open(serial, errors="replace") as f:
            log = f.read()
    return Result(log, proc.returncode, time.monotonic() - start, timed_out)


def find_culprit(seed, rnd, known=False):
    """Replay one round (first, last) with every call printed; return
    (Result, (index, call) or None)."""
    first, last = rnd
    replay = run(seed, last - first + 1, first, verbose=True, known=known)
    return replay, (replay.last_call() if replay.panic else None)


def describe_panic(seed, result, known=False):
    """Lines saying where a panic happened, replaying its round to find the call."""
    lines = ["PANIC in the kernel during seed %d" % seed]
    rnd = result.last_round()
    if not rnd:
        return lines + ["(before the first round started)"]
    lines.append("the round of calls %d-%d was running; replaying it..." % rnd)
    replay, culprit = find_culprit(seed, rnd, known)
    if culprit:
        lines.append("panic after call (seed %d, index %d): %s" % (seed, culprit[0], culprit[1]))
        lines.append("replay it with: make fuzz SEED=%d ONLY=%d%s"
                     % (seed, culprit[0], " KNOWN=1" if known else ""))
    else:
        lines.append("the replay of that round alone did not panic: the cause "
                     "needs the rounds before it (make fuzz SEED=%d FROM=%d ...)"
                     % (seed, rnd[0]))
    m = PANIC.search(result.log)
    lines.append("--- the panic ---")
    lines += result.log[m.start():].splitlines()[:12]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--from", dest="first", type=int, default=0)
    ap.add_argument("--only", type=int, help="replay this call: its round up to it")
    ap.add_argument("--known", action="store_true",
                    help="also make the calls tests/fuzz/known.c holds back")
    ap.add_argument("--verbose", action="store_true", help="print every call")
    ap.add_argument("--watchdog", type=int, default=2000, help="ms per round")
    ap.add_argument("--pick", help="I,J,...: make only these calls (with --from/--calls)")
    ap.add_argument("--mem", default="128M", help="guest RAM (QEMU -m)")
    a = ap.parse_args()
    first, calls, verbose = a.first, a.calls, a.verbose
    if a.only is not None:
        first = a.only - a.only % ROUND_CALLS
        calls, verbose = a.only - first + 1, True
    pick = [int(i) for i in a.pick.split(",")] if a.pick else None
    r = run(a.seed, calls, first, verbose=verbose, known=a.known, watchdog_ms=a.watchdog,
            pick=pick, mem=a.mem)
    for line in r.log.splitlines():
        if verbose or not re.match(r"fuzz: round \d+ calls", line):
            print(line)
    if r.panic and not verbose:
        print("\n".join(describe_panic(a.seed, r, a.known)))
    if r.timed_out:
        print("run.py: QEMU did not finish within the timeout: killed")
    print("run.py: seed %d calls %d-%d: %s in %.1f s" % (
        a.seed, first, first + calls - 1,
        "ok" if r.ok() else "PANIC" if r.panic else "FAILED", r.seconds))
    return 0 if r.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
