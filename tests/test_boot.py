"""tests/test_boot.py - boot the kernel under QEMU and check what it says.

Each test is independent; run one alone with e.g.
    /usr/bin/python3 -m pytest tests -v -k panic
"""
import os
import re
import shutil
import socket
import subprocess

import pytest

from tests.qemu import (ROOT, KERNEL, ISO, Qemu, boot, expect, expect_status,
                         scaled, tail)

pytestmark = pytest.mark.usefixtures("kernel_elf")   # fail early if unbuilt

KERNBASE = 0xC0000000
READELF = shutil.which("i686-linux-gnu-readelf") or "readelf"


def readelf(*flags):
    return subprocess.run([READELF, "-W", *flags, KERNEL], check=True,
                          capture_output=True, text=True).stdout


def kernel_symbols():
    """{name: (value, type)} for the kernel's own symbols: FUNC, OBJECT and
    NOTYPE symbols that live in a section (not ABS or UND)."""
    syms = {}
    for line in readelf("-s").splitlines():
        f = line.split()
        # Num: Value Size Type Bind Vis Ndx Name
        if len(f) == 8 and f[0].endswith(":") and f[6].isdigit() \
                and f[3] in ("FUNC", "OBJECT", "NOTYPE"):
            syms[f[7]] = (int(f[1], 16), f[3])
    return syms


# ------------------------------------------------------------- boot tests

def test_kernel_boot_banner():
    """(a) -kernel boot: banner, cmdline line, clean power off."""
    run = boot(append="hello=pagoda init=/bin/true")
    expect(run, r"^Pagoda ")
    # The loader may put the kernel's file name before the arguments.
    expect(run, r"^cmdline: .*hello=pagoda")
    expect(run, r"Pagoda: power off \(status 0\)")
    expect_status(run, 0)


def test_iso_boot_banner():
    """(b) GRUB boots build/pagoda.iso and the kernel prints its banner."""
    if not os.path.isfile(ISO):
        pytest.skip("build/pagoda.iso does not exist (run `make iso`)")
    # GRUB loads the kernel and the initrd; init then starts the shell,
    # which waits for a user: stop once init has run /etc/rc.
    run = boot(iso=True, until=r"^Welcome to Pagoda")
    expect(run, r"^Pagoda ")
    expect(run, r"^cmdline: ")
    expect(run, r"^initrd: module 0: \d+ entries")


def test_ktest_all():
    """(c) in-kernel self-tests all pass."""
    run = boot(append="ktest=all")
    for name in ("frames", "paging", "kmalloc", "fs", "mm_enomem"):
        expect(run, r"^PASS %s\b" % name)
    failures = re.findall(r"^FAIL.*$", run.log, re.MULTILINE)
    assert not failures, "self-tests failed:\n" + "\n".join(failures) \
        + "\n--- log tail ---\n" + tail(run.log)
    expect(run, r"^ktest: 5 passed, 0 failed")
    expect_status(run, 0)


def test_ktest_panic():
    """(d) a deliberate panic prints registers and a symbolic backtrace."""
    run = boot(append="ktest=panic")
    expect(run, r"^PANIC: ")
    after = run.log[expect(run, r"^backtrace:").end():]
    funcs = {n for n, (v, t) in kernel_symbols().items() if t == "FUNC"}
    named = [w for w in re.findall(r"\w+", after) if w in funcs]
    assert named, ("backtrace names no kernel function\n--- log tail ---\n"
                   + tail(run.log))
    expect_status(run, 0x7F)


def test_ktest_bad_selector_panics():
    """A #GP in kernel code outside trap_return's five fixed-up
    instructions is still a panic: kernel/fixup.c catches only the faults
    it expects (ktest=badsel loads selector 0xfff8 into %fs)."""
    run = boot(append="ktest=badsel")
    expect(run, r"^PANIC: general protection fault in kernel mode")
    after = run.log[expect(run, r"^backtrace:").end():]
    assert "ktest_badsel" in after, tail(run.log)
    expect_status(run, 0x7F)


# ------------------------------------------------------------- ELF layout

def test_elf_higher_half():
    """(e) every kernel symbol and LOAD segment lives in the higher half."""
    syms = kernel_symbols()
    low = ["%s = 0x%08x" % (n, v) for n, (v, t) in syms.items()
           if v < KERNBASE and n != "start_phys"]
    assert not low, "symbols below 0xC0000000:\n" + "\n".join(low)

    # start_phys (the physical entry point) may be ABS: use the full table.
    start = re.search(r"\s([0-9a-f]{8})\s.*\sstart_phys$", readelf("-s"),
                      re.MULTILINE)
    assert start, "no start_phys symbol"
    start_phys = int(start.group(1), 16)
    assert start_phys < KERNBASE, "start_phys 0x%x is not physical" % start_phys

    segs = [(int(v, 16), int(p, 16), int(m, 16)) for v, p, m in re.findall(
        r"^\s*LOAD\s+\S+\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+\S+\s+0x([0-9a-f]+)",
        readelf("-l"), re.MULTILINE)]
    assert segs, "no LOAD segments"
    for virt, phys, _ in segs:
        assert virt >= 0xC0100000, "LOAD VirtAddr 0x%08x < 0xC0100000" % virt
        assert phys >= 0x00100000, "LOAD PhysAddr 0x%08x < 1 MiB" % phys
        assert phys == virt - KERNBASE, \
            "LOAD PhysAddr 0x%08x != VirtAddr 0x%08x - 0xC0000000" % (phys, virt)

    # GRUB 2 looks for the ELF entry point among the segments' *virtual*
    # addresses ("entry point isn't in a segment" otherwise) and jumps to
    # the matching physical address; QEMU's -kernel accepts either. So the
    # entry must be the virtual address whose physical address is start_phys.
    entry = int(re.search(r"Entry point address:\s+0x([0-9a-f]+)",
                          readelf("-h")).group(1), 16)
    seg = [s for s in segs if s[0] <= entry < s[0] + s[2]]
    assert seg, ("ELF entry 0x%x is in no segment's virtual range: GRUB "
                 "refuses it; use ENTRY(start), not ENTRY(start_phys)" % entry)
    assert entry - seg[0][0] + seg[0][1] == start_phys, \
        "ELF entry 0x%x does not lead to start_phys 0x%x" % (entry, start_phys)


# -------------------------------------------------------------------- gdb

def free_port():
    """A TCP port nobody is listening on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_gdb(commands, use_gdbinit=False):
    """Boot QEMU frozen (-S) with a gdb server, run gdb in batch mode with
    `commands` (each one an -ex), and return (gdb output, Run)."""
    port = free_port()
    qemu = Qemu(append="init=/bin/true",
                extra_args=["-S", "-gdb", "tcp:127.0.0.1:%d" % port])
    try:
        if use_gdbinit:      # the same setup students get from `make gdb`
            cmd = ["gdb", "-batch", "-nx", "-x", "tools/gdb/gdbinit"]
        else:
            cmd = ["gdb", "-batch", "-nx", "-ex", "file " + KERNEL,
                   "-ex", "target remote 127.0.0.1:%d" % port]
        for c in commands:
            cmd += ["-ex", c]
        env = dict(os.environ, PAGODA_GDB_PORT=str(port))  # for gdbinit
        try:
            out = subprocess.run(cmd, cwd=ROOT, env=env,
                                 stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True,
                                 timeout=scaled(60))
        except subprocess.TimeoutExpired as e:
            said = e.stdout or b""          # bytes here, even with text=True
            if isinstance(said, bytes):
                said = said.decode(errors="replace")
            pytest.fail("gdb timed out; it said:\n%s" % said, pytrace=False)
        text = out.stdout + out.stderr
        return text, qemu.finish()
    finally:
        qemu.kill()


def test_gdb_break_kmain():
    """(f) gdb stops at kmain, `bt` shows it, and the kernel then powers off."""
    text, run = run_gdb(["break kmain", "continue", "bt", "continue"])
    assert re.search(r"Breakpoint 1, .*kmain", text), text
    assert re.search(r"^#0\s+kmain", text, re.MULTILINE), text
    expect_status(run, 0)


def test_gdb_pgdir():
    """(g) the pgdir command (tools/gdb/pagoda.py) shows the kernel's
    global, supervisor-only mapping at 0xC0000000."""
    text, run = run_gdb(["break power_off", "continue", "pgdir", "continue"],
                        use_gdbinit=True)
    line = re.search(r"^\s*c0000000-[0-9a-f]+ -> [0-9a-f]+\s+\S+\s+(.*)$",
                     text, re.MULTILINE)
    assert line, "no kernel range starting at c0000000:\n" + text
    flags = line.group(1).split()
    assert "P" in flags and "G" in flags and "US" not in flags, line.group(0)
    expect_status(run, 0)
