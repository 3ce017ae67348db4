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

from tests.qemu import (ROOT, KERNEL, ISO, ISO_TIMEOUT, Qemu, boot, expect,
                         expect_status, scaled, tail)

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


GRUB_CFG = os.path.join(ROOT, "boot", "grub.cfg")
DOWN = b"\x1b[B"            # the Down arrow, as a VT100 terminal sends it
GRUB_COUNTDOWN = r"executed automatically in \d+s"


def grub_menu():
    """(timeout, [(title, the multiboot line's options)]) from boot/grub.cfg."""
    with open(GRUB_CFG) as f:
        cfg = f.read()
    timeout = int(re.search(r"^set timeout=(\d+)$", cfg, re.MULTILINE).group(1))
    entries = re.findall(r'^menuentry "([^"]*)" \{\n\s*multiboot /boot/'
                         r'kernel\.elf ?(.*)$', cfg, re.MULTILINE)
    return timeout, entries


def test_grub_menu_entries():
    """boot/grub.cfg: a menu on the serial console with a few seconds'
    timeout, the plain boot first (the default), then one entry each for
    pftrace=1, cow=0 and ktest=all."""
    timeout, entries = grub_menu()
    assert 1 <= timeout <= 10, "timeout=%d is not a few seconds" % timeout
    assert entries and entries[0][1] == "", entries
    assert [opts for _, opts in entries[1:]] == ["pftrace=1", "cow=0",
                                                 "ktest=all"], entries
    with open(GRUB_CFG) as f:
        cfg = f.read()
    for line in ("serial --unit=0 --speed=115200", "set default=0",
                 "terminal_input serial console",
                 "terminal_output serial console"):
        assert re.search("^%s$" % re.escape(line), cfg, re.MULTILINE), line


def select_entry(q, entries, index):
    """Press Down `index` times at GRUB's menu, each once the highlight
    (GRUB's `*`) is on the entry before, then Enter; returns when the
    kernel's banner appears: one key at a time,
    as a student types (GRUB drops keys that come while it redraws)."""
    seen = q.wait_for(GRUB_COUNTDOWN, timeout=ISO_TIMEOUT)
    for i in range(1, index + 1):
        q.send_bytes(DOWN)
        seen = q.wait_for(r"\*" + re.escape(entries[i][0]), start=seen.end,
                          timeout=ISO_TIMEOUT)
    q.send_bytes(b"\r")
    return q.wait_for(r"Pagoda [0-9.]+ \(i386\)", start=seen.end,
                      timeout=ISO_TIMEOUT)


def iso_qemu():
    """QEMU booting build/pagoda.iso with the serial console on a pipe."""
    if not os.path.isfile(ISO):
        pytest.skip("build/pagoda.iso does not exist (run `make iso`)")
    return Qemu(iso=True, interactive=True)


def test_iso_menu_boots_default_by_itself():
    """(b) GRUB boots build/pagoda.iso: untouched, it counts down from its timeout on the serial console
    and boots the first entry: the kernel gets no options and init starts
    the shell (stop there: it waits for a user)."""
    timeout, entries = grub_menu()
    q = iso_qemu()
    try:
        menu = q.wait_for(re.escape(entries[-1][0]), timeout=ISO_TIMEOUT)
        count = q.wait_for(r"executed automatically in %ds" % timeout,
                           start=menu.end, timeout=ISO_TIMEOUT)
        q.wait_for(r"executed automatically in 0s", start=count.end,
                   timeout=ISO_TIMEOUT)
        booting = q.wait_for(r"Booting `%s'" % re.escape(entries[0][0]),
                             start=count.end, timeout=ISO_TIMEOUT)
        cmdline = q.wait_for(r"^cmdline: .*$", start=booting.end,
                             timeout=ISO_TIMEOUT)
        q.wait_for(r"^initrd: module 0: \d+ entries", start=cmdline.end,
                   timeout=ISO_TIMEOUT)
        q.wait_for(r"^Welcome to Pagoda", start=cmdline.end,
                   timeout=ISO_TIMEOUT)
    finally:
        q.kill()
    for _, opts in entries[1:]:
        assert opts not in cmdline.text, cmdline


def test_iso_menu_select_ktest_over_serial():
    """Down three times and Enter on the serial console pick the last
    entry: the kernel runs its self-tests (ktest=all), every one passes,
    and it powers off with status 0."""
    timeout, entries = grub_menu()
    assert entries[3][1] == "ktest=all", entries
    q = iso_qemu()
    try:
        select_entry(q, entries, 3)
        run = q.finish()
    finally:
        q.kill()
    expect(run, r"^cmdline: .*ktest=all")
    expect(run, r"^PASS frames\b")
    expect(run, r"^ktest: \d+ passed, 0 failed")
    expect_status(run, 0)


def test_iso_menu_select_pftrace_over_serial():
    """Down once and Enter pick the pftrace=1 entry: the console shows
    pftrace's line for every page fault from the first process on."""
    _, entries = grub_menu()
    assert entries[1][1] == "pftrace=1", entries
    q = iso_qemu()
    try:
        booted = select_entry(q, entries, 1)
        q.wait_for(r"^cmdline: .*pftrace=1", start=booted.end,
                   timeout=ISO_TIMEOUT)
        q.wait_for(r"^pftrace: pid 1 (read|write) [0-9a-f]{8} /bin/init: ",
                   start=booted.end, timeout=ISO_TIMEOUT)
    finally:
        q.kill()


def test_qemu_sh_help_is_whole():
    """`tools/qemu.sh --help` prints its whole header comment, down to
    the exit status, and names every option the script accepts."""
    script = os.path.join(ROOT, "tools", "qemu.sh")
    out = subprocess.run([script, "--help"], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out
    with open(script) as f:
        lines = f.read().splitlines()[1:]
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(re.sub(r"^# ?", "", line))
    assert out.stdout.splitlines() == header, out.stdout
    assert "Exit status" in out.stdout and "QEMU's own code" in out.stdout
    with open(script) as f:
        accepted = set(re.findall(r"^\s+(--[a-z-]+)\)", f.read(), re.MULTILINE))
    assert accepted >= {"--iso", "--append", "--initrd", "--gdb", "--mem"}
    for option in accepted:
        assert option in out.stdout, "%s is not in the help" % option


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
