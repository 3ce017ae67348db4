"""tests/test_fuzz.py - a short run of Pagoda's system-call fuzzer.

tests/fuzz/fuzz.c runs as init and makes random system calls (Linux i386
numbers, arguments mixing valid values with NULL, the kernel half, buffers
that run into a hole, read-only pages, wrapping lengths...) in rounds of
200, each in a forked child, with a watchdog; after each round it checks
that MemFree + Slab is back to the page.  tests/fuzz/run.py boots it and,
on a kernel panic, replays the round that was running to name the call.

Here: 10,000 calls on each of two seeds.  Each run must end by itself,
without a panic, with `PASS fuzz_no_leak`, and must have made most of its
calls (a fuzzer that stopped early would prove nothing).  For long runs:
`make fuzz SEED=S CALLS=1000000`.

Run just these with:  /usr/bin/python3 -m pytest tests/test_fuzz.py -v
"""
import re

import pytest

from tests.fuzz import run as fuzz
from tests.qemu import tail

CALLS = 10000
SEEDS = [1, 2]


@pytest.mark.parametrize("seed", SEEDS)
def test_fuzz_short_run(kernel_elf, seed):
    """10,000 fuzzed calls: no panic, no page lost, most calls made."""
    r = fuzz.run(seed, CALLS)
    if r.panic:
        pytest.fail("\n".join(fuzz.describe_panic(seed, r)), pytrace=False)
    assert not r.timed_out, "the run did not finish in time\n" + tail(r.log)
    assert r.passed and r.status == 0, "memory was lost\n" + tail(r.log)
    assert r.pages_lost == 0
    # Rounds end early when a call kills the process (munmap of its own
    # stack, a signal handler at a garbage address...); still, most of
    # the calls must have been made, and few held back as known bugs.
    assert r.made >= CALLS * 0.75, "only %d of %d calls made\n%s" % (
        r.made, CALLS, tail(r.log))
    assert r.held_back <= CALLS * 0.1, "%d calls held back" % r.held_back


def call_lines(log):
    """{index: 'name(args)'} from the `fuzz: call I name(...)` lines."""
    found = {}
    for line in log.splitlines():
        m = re.match(r"fuzz: call (\d+) ([a-z_0-9]+\(.*\))", line)
        if m:
            found.setdefault(int(m.group(1)), m.group(2))
    return found


def test_fuzz_replays_one_call(kernel_elf):
    """Call (seed, index) is the same call however the run is cut: two
    verbose runs of calls 0-999 of seed 7 print the same calls, and a run
    of only the last call reached prints that call again."""
    whole = call_lines(fuzz.run(7, 1000, 0, verbose=True).log)
    again = call_lines(fuzz.run(7, 1000, 0, verbose=True).log)
    assert len(whole) > 500 and whole == again
    last = max(whole)
    alone = call_lines(fuzz.run(7, 1, last, verbose=True).log)
    assert alone == {last: whole[last]}, (alone, whole[last])


def test_panic_is_located():
    """run.py finds the round that was running when the kernel panicked,
    and in a verbose replay the call printed last before the panic (a
    log made up here: no boot needed)."""
    log = "\n".join([
        "fuzz: round 0 calls 0-199",
        "fuzz: round 1 calls 200-399",
        "fuzz: call 200 getpid()",
        "fuzz: call 200 = 5 (0x5)",
        "fuzz: call 201 rt_sigreturn()",
        "",
        "PANIC: general protection fault in kernel mode",
        "fuzz: round 2 calls 400-599",      # (never printed after a panic)
    ])
    r = fuzz.Result(log, 0, 1.0, False)
    assert r.panic and not r.ok()
    assert r.last_round() == (200, 399)
    assert r.last_call() == (201, "rt_sigreturn()")
    quiet = fuzz.Result("fuzz: round 3 calls 600-799\nPANIC: x\n", 0, 1.0, False)
    assert quiet.last_round() == (600, 799) and quiet.last_call() is None
