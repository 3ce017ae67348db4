"""tests/test_demos.py - the demo programs of docs/demos.md say true things.

Each demo (user/memlayout.c, leakdemo.c, zombiedemo.c, shmdemo.c,
mmapcat.c, mmapdemo.c) runs inside Pagoda, and the test checks every
claim it prints against what the claim is about: the addresses against
the ELF symbol table and the maps lines printed beside them, the memory
numbers against exact page counts, the bytes against the host's own
tools.  The demos are Linux programs, so memlayout, shmdemo, mmapcat and
mmapdemo also run natively on this host and are checked there too.

Run just these with:  /usr/bin/python3 -m pytest tests/test_demos.py -v
"""
import math
import os
import re
import subprocess

import pytest

from tests.qemu import BUILD, ROOT, boot, expect, expect_status, tail
from tests.test_user import INITRDS, program_output, run_native

pytestmark = pytest.mark.usefixtures("kernel_elf")

USER = os.path.join(BUILD, "user")
CROSS = os.environ.get("CROSS", "i686-linux-gnu-")
KIB = 1024

_runs = {}


def pagoda(init, **kw):
    """Boot Pagoda with init=INIT (the tests initrd in), once per command."""
    key = (init, repr(sorted(kw.items())))
    if key not in _runs:
        _runs[key] = boot(append="init=" + init, initrd=INITRDS,
                          timeout=kw.pop("timeout", 60), **kw)
    return _runs[key]


def native(*argv, tmp_path=None):
    """Run build/user/ARGV[0] natively; returns its stdout (status 0)."""
    out = run_native([os.path.join(USER, argv[0])] + list(argv[1:]),
                     str(tmp_path) if tmp_path else None)
    assert out.returncode == 0, "natively: exit %d\n%s%s" % (
        out.returncode, out.stdout, out.stderr)
    return out.stdout


def lines_of(run):
    """The program's lines on Pagoda (boot lines left out)."""
    return program_output(run).splitlines()


# ---------------------------------------------------------------- memlayout

MAPS_LINE = re.compile(r"^([0-9a-f]{8})-([0-9a-f]{8}) (\S{4}) [0-9a-f]{8} \S+ \d+\s*(.*)$")
THING_LINE = re.compile(r"^    ([0-9a-f]{8})  (\S+)\s+(.*)$")


def memlayout_picture(lines):
    """[(region dict, [(addr, label, text)])] from memlayout's output."""
    picture = []
    for line in lines:
        m = MAPS_LINE.match(line)
        if m:
            picture.append(({"start": int(m.group(1), 16), "end": int(m.group(2), 16),
                             "perms": m.group(3), "name": m.group(4).strip()}, []))
            continue
        t = THING_LINE.match(line)
        if t:
            assert picture, "a thing before any region: %r" % line
            picture[-1][1].append((int(t.group(1), 16), t.group(2), t.group(3)))
    return picture


def elf_symbols(path):
    """{name: address} of the symbols in an ELF file (nm)."""
    out = subprocess.run([CROSS + "nm", path], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms.setdefault(parts[2], int(parts[0], 16))
    return syms


def elf_section(path, name):
    """(start, end) of section NAME (readelf -S)."""
    out = subprocess.run([CROSS + "readelf", "-SW", path], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        m = re.search(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]{8}) [0-9a-f]+ ([0-9a-f]+)", line)
        if m and m.group(1) == name:
            start = int(m.group(2), 16)
            return start, start + int(m.group(3), 16)
    raise AssertionError("no section %s in %s" % (name, path))


def check_memlayout(lines, program):
    """Every claim of memlayout's picture, for the run of `program`."""
    picture = memlayout_picture(lines)
    assert picture, "no maps lines in:\n" + "\n".join(lines)
    starts = [r["start"] for r, _ in picture]
    assert starts == sorted(starts, reverse=True), "regions not high to low"
    for (upper, _), (lower, _) in zip(picture, picture[1:]):
        assert lower["end"] <= upper["start"], "regions overlap"
    where = {}
    for region, things in picture:
        addrs = [a for a, _, _ in things]
        assert addrs == sorted(addrs, reverse=True), "things not high to low"
        for addr, label, text in things:
            assert region["start"] <= addr < region["end"], (
                "%s at %08x is not in %08x-%08x" % (label, addr, region["start"],
                                                    region["end"]))
            where[label] = (addr, region, text)
    want = {"argv[0]", "argv[1]", "envp[0]", "local", "large_malloc",
            "small_malloc", "big_bss", "static_uninit", "global_init",
            "literal", "main", "function"}
    assert set(where) == want, "things: %s" % sorted(where)
    self_name = where["main"][1]["name"]
    for label in ("argv[0]", "argv[1]", "envp[0]", "local"):
        assert where[label][1]["name"] == "[stack]", label
    assert where["small_malloc"][1]["name"] == "[heap]"
    big = where["large_malloc"][1]
    assert big["name"] == "" and big["perms"] == "rw-p" and \
        big["end"] - big["start"] >= 1024 * KIB
    assert where["main"][1]["perms"] == "r-xp" == where["function"][1]["perms"]
    assert where["global_init"][1]["name"] == self_name
    assert where["global_init"][1]["perms"] == "rw-p"
    assert where["literal"][1]["name"] == self_name
    assert where["literal"][1]["perms"] == "r--p"
    for label in ("big_bss", "static_uninit"):         # bss: rw, in or after data
        assert where[label][1]["perms"] == "rw-p"
        assert where[label][1]["name"] in (self_name, ""), label
    # The addresses are the ELF file's: the program is not relocated.
    syms = elf_symbols(program)
    for label in ("main", "function", "global_init", "static_uninit", "big_bss"):
        assert where[label][0] == syms[label], "%s: %08x, nm says %08x" % (
            label, where[label][0], syms[label])
    lo, hi = elf_section(program, ".rodata")
    assert lo <= where["literal"][0] < hi, "the literal is not in .rodata"
    assert "argone" not in where["argv[0]"][2]
    return where


def test_memlayout_on_pagoda():
    """memlayout's picture on Pagoda: every thing in the region it names,
    at its ELF address, under the kernel's 1 GiB."""
    run = pagoda("/bin/memlayout argone")
    expect(run, r"^init exited with status 0$")
    lines = lines_of(run)
    assert any(l.startswith("c0000000-ffffffff  the kernel's 1 GiB") for l in lines), \
        tail(run.log)
    where = check_memlayout(lines, os.path.join(USER, "memlayout"))
    assert where["main"][1]["name"] == "/bin/memlayout"
    assert all(r["end"] <= 0xC0000000 for r, _ in memlayout_picture(lines))
    assert 'envp[0]        "HOME=/", an environment string' in program_output(run)


def test_memlayout_native():
    """The same claims hold natively on Linux (a 64-bit kernel here)."""
    lines = native("memlayout", "argone").splitlines()
    assert lines[2].startswith("(a 64-bit kernel runs this 32-bit program"), lines[2]
    where = check_memlayout(lines, os.path.join(USER, "memlayout"))
    assert where["main"][1]["name"] == os.path.join(USER, "memlayout")


# ---------------------------------------------------------------- leakdemo

STEP = re.compile(r"^step (\d+): leaked (\d+) KiB so far; VmData (\d+) kB, VmRSS (\d+) kB$")


def test_leakdemo_grows_by_the_leak():
    """Each step leaks exactly 64 KiB (64 records of 1 KiB, all written):
    after the first step, which also makes the heap's first pages,
    VmData and VmRSS grow by exactly 64 kB a step."""
    run = pagoda("/bin/leakdemo -k 64 -n 6 -s 0")
    expect(run, r"^leakdemo: pid 1 leaks 64 KiB every 0 s")
    expect(run, r'^watch it: watch -n 1 "pmap -x 1 \| tail -1"$')
    steps = [tuple(map(int, m.groups())) for m in
             (STEP.match(l) for l in lines_of(run)) if m]
    assert [s[0] for s in steps] == list(range(7)), tail(run.log)
    assert [s[1] for s in steps] == [64 * i for i in range(7)]
    assert steps[1][2] - steps[0][2] >= 64 and steps[1][3] - steps[0][3] >= 64
    for before, after in zip(steps[1:], steps[2:]):
        assert after[2] - before[2] == 64, "VmData: %s -> %s" % (before, after)
        assert after[3] - before[3] == 64, "VmRSS: %s -> %s" % (before, after)
    expect_status(run, 0)


def test_leakdemo_seen_from_outside():
    """Another process sees the leak in /proc/PID/status while it runs:
    VmRSS grows between two looks, by whole steps of 256 kB."""
    run = pagoda('/bin/sh -c "leakdemo -q -k 256 -n 20 -s 1 & sleep 2; '
                 'grep VmRSS /proc/$!/status; sleep 2; grep VmRSS /proc/$!/status; '
                 'kill $!; echo done"', timeout=90)
    expect(run, r"^done$")
    rss = [int(x) for x in re.findall(r"^VmRSS:\s+(\d+) kB", run.log, re.MULTILINE)]
    assert len(rss) == 2, tail(run.log)
    assert rss[1] > rss[0] and (rss[1] - rss[0]) % 256 == 0, rss
    assert not re.search(r"^step ", run.log, re.MULTILINE), "-q printed steps"


# ---------------------------------------------------------------- zombiedemo

def test_zombiedemo():
    """Run from the shell under the real init: the child is S with its
    1 MiB, then Z with no Vm lines and an empty maps; exit gives back
    its memory and wait the last 8 KiB (its kernel stack); the orphan
    gets PPid 1, is not ours to wait for, and init reaps it."""
    run = pagoda("/bin/init --once", input_lines=["zombiedemo; exit"], timeout=90)
    log = run.log.replace("\r\n", "\n")
    child = int(expect(run, r"^1\. child (\d+) is alive and has touched 1 MiB").group(1))
    c = r"   /proc/%d/" % child
    assert re.search(r"^%sstatus  State:\tS \(sleeping\)$" % c, log, re.M), tail(log)
    rss = int(re.search(r"^%sstatus  VmRSS:\t(\d+) kB$" % c, log, re.M).group(1))
    assert rss >= 1024, rss
    assert re.search(r"^%sstat    state Z$" % c, log, re.M)
    assert re.search(r"^%sstatus  State:\tZ \(zombie\)$" % c, log, re.M)
    assert re.search(r"^%sstatus  VmRSS: \(no such line\)$" % c, log, re.M)
    assert re.search(r"^%smaps    0 bytes" % c, log, re.M)
    freed = int(re.search(r"exit gave back (-?\d+) KiB", log).group(1))
    assert freed >= 1024, "exit gave back only %d KiB" % freed
    assert re.search(r"^3\. the parent waits: waitpid = %d, exit status 7$" % child,
                     log, re.M)
    assert re.search(r"^   /proc/%d: gone$" % child, log, re.M)
    stack = int(re.search(r"wait gave back (-?\d+) KiB", log).group(1))
    assert stack == 8, "wait gave back %d KiB, not the 8 KiB kernel stack" % stack
    m = re.search(r"^4\. middle process (\d+) forked (\d+) and exited; we reaped \1$",
                  log, re.M)
    assert m, tail(log)
    orphan = int(m.group(2))
    assert re.search(r"^   /proc/%d/status  PPid:\t1$" % orphan, log, re.M)
    assert re.search(r"^   adopted by pid 1 \(init\)$", log, re.M)
    assert re.search(r"^   waitpid\(%d\) here: No child processes" % orphan, log, re.M)
    assert re.search(r"^   orphan %d: my parent is now 1; exiting$" % orphan, log, re.M)
    assert re.search(r"^   %d exited and its new parent reaped it: /proc/%d is gone$"
                     % (orphan, orphan), log, re.M)
    expect_status(run, 0)


# ---------------------------------------------------------------- shmdemo

def check_shmdemo(text):
    """A and B map one object and each reads the other's words."""
    maps = dict(re.findall(r"^([AB]):   ([0-9a-f]{8}-[0-9a-f]{8} rw-s .*/dev/shm/shmdemo)$",
                           text, re.M))
    assert set(maps) == {"A", "B"}, text
    start = {k: int(v[:8], 16) for k, v in maps.items()}
    inode = {k: v.split()[4] for k, v in maps.items()}
    assert inode["A"] == inode["B"], "two objects? %s" % maps
    pid = {k: int(p) for k, p in re.findall(r"^([AB]) \(pid (\d+)\): mapped at", text, re.M)}
    a_wrote = re.search(r'^B: my region holds: "hello B, this is A \(pid (\d+)\), '
                        r'writing at 0x([0-9a-f]+)"$', text, re.M)
    b_wrote = re.search(r'^A: my region holds: "hello A, this is B \(pid (\d+)\), '
                        r'writing at 0x([0-9a-f]+)"$', text, re.M)
    assert a_wrote and b_wrote, text
    assert int(a_wrote.group(1)) == pid["A"] and int(b_wrote.group(1)) == pid["B"]
    assert int(a_wrote.group(2), 16) == start["A"] + 2 * 4096   # B's region, in A
    assert int(b_wrote.group(2), 16) == start["B"] + 4096       # A's region, in B
    for who in "AB":
        assert re.search(r"^%s: smaps: Rss 12 kB: shared 12 kB \(Shared_Clean \d+, "
                         r"Shared_Dirty \d+\), private 0 kB$" % who, text, re.M), text
    assert re.search(r"^A: B exited with status 0; removed /dev/shm/shmdemo$", text, re.M)


def test_shmdemo_on_pagoda():
    """The lab on Pagoda: two programs, one /dev/shm object, each reads
    what the other wrote; all 12 kB resident and shared in both."""
    run = pagoda("/bin/sh -c shmdemo")
    check_shmdemo(program_output(run))
    expect_status(run, 0)


def test_shmdemo_native():
    """The same lab natively on Linux, leaving nothing in /dev/shm."""
    check_shmdemo(native("shmdemo"))
    assert not os.path.exists("/dev/shm/shmdemo")


# ---------------------------------------------------------------- mmapcat

def hexdump_c(path):
    return subprocess.run(["hexdump", "-C", path], capture_output=True,
                          text=True, check=True).stdout


def test_mmapcat_native(tmp_path):
    """Natively: mmapcat prints each file's bytes, and -x exactly what
    hexdump -C prints (runs of equal lines as one *)."""
    files = {"one": b"x", "line": b"hello\n", "sixteen": bytes(range(16)),
             "zeros": bytes(100) + b"tail", "bin": bytes(range(256)) * 40 + b"\x7f"}
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        out = subprocess.run([os.path.join(USER, "mmapcat"), str(path)],
                             capture_output=True, timeout=30)
        assert out.returncode == 0 and out.stdout == data, name
        assert native("mmapcat", "-x", str(path)) == hexdump_c(str(path)), name
    program = os.path.join(USER, "mmapcat")
    assert native("mmapcat", "-x", program) == hexdump_c(program)


def test_mmapcat_on_pagoda():
    """On Pagoda: the bytes of a file, hexdump -C's format, the three
    errors, and with -v: every page of the file resident once its bytes
    were copied out, none when they went to /dev/null (which never reads
    its buffer, so no page was ever touched)."""
    run = pagoda('/bin/sh -c "mmapcat /etc/motd; mmapcat -x /tests/tree/beta.txt; '
                 'mmapcat /nope; echo status $?; mmapcat /tmp; echo status $?; '
                 'cat /dev/null > /tmp/empty; mmapcat /tmp/empty; echo status $?; '
                 'cat /bin/sh /bin/sh > /tmp/big; mmapcat -v /tmp/big > /tmp/copy; '
                 'echo status $?; mmapcat -v /tmp/big > /dev/null"')
    out = program_output(run)
    with open(os.path.join(ROOT, "user", "rootfs", "etc", "motd")) as f:
        motd = f.read()
    assert out.startswith(motd), out
    assert hexdump_c(os.path.join(ROOT, "tests", "user", "tree", "beta.txt")) in out
    assert "mmapcat: /nope: No such file or directory\nstatus 1\n" in out
    assert "mmapcat: /tmp: Is a directory\nstatus 1\n" in out
    assert ("mmapcat: /tmp/empty: empty file, nothing to map (mmap of 0 bytes "
            "is EINVAL)\nstatus 0\n") in out
    m = re.search(r"^mmapcat: /tmp/big: (\d+) bytes mapped at 0x([0-9a-f]+), "
                  r"data\[0\] to data\[(\d+)\]$", out, re.M)
    assert m, out
    size = int(m.group(1))
    assert int(m.group(3)) == size - 1
    assert re.search(r"^mmapcat:   %s-[0-9a-f]{8} r--p 00000000 .* /tmp/big$"
                     % m.group(2).zfill(8), out, re.M), out
    pages = math.ceil(size / 4096)
    resident = [(int(a), int(b), int(c)) for a, b, c in re.findall(
        r"^mmapcat:   resident: (\d+) of (\d+) pages \(smaps Rss (\d+) kB\)", out, re.M)]
    assert resident == [(pages, pages, 4 * pages), (0, pages, 0)], (resident, size)
    assert "status 0\nmmapcat: /tmp/big" in out
    expect_status(run, 0)


# ---------------------------------------------------------------- mmapdemo

MAPPINGS = ["anon private", "anon shared", "file private", "file shared"]
TABLE_ROW = re.compile(r"^  (anon private|anon shared|file private|file shared)\s+"
                       r"([0-9a-f]{8})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S{4})$")


def mmapdemo_tables(text):
    """{heading: {mapping: (kbytes, rss, shared_dirty, private_dirty, mode)}}."""
    tables, heading = {}, None
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            heading = line[:-1]
            tables[heading] = {}
        m = TABLE_ROW.match(line)
        if m and heading:
            tables[heading][m.group(1)] = (int(m.group(3)), int(m.group(4)),
                                           int(m.group(5)), int(m.group(6)), m.group(7))
    return tables


# (Rss, Shared_Dirty, Private_Dirty) per step and mapping, in kB.  The
# private mappings are the same on both kernels: after fork both pages
# are shared copy-on-write, and after the child's write page 0 is private
# in each process.  The shared mappings differ: Linux's fork does not
# copy the page tables of a shared mapping (the child faults its pages in
# from the page cache when it touches them: copy_page_range() skips a
# vma without anon_vma), while Pagoda's mm_fork copies every PTE.
BEFORE = {m: (8, 0, 8) for m in MAPPINGS}
COMMON = {
    "in the parent, before fork": BEFORE,
    "in the parent, after fork (the child has not written yet)":
        {"anon private": (8, 8, 0), "file private": (8, 8, 0)},
    "in the child, after it wrote 'C' into page 0 of each":
        {"anon private": (8, 4, 4), "file private": (8, 4, 4)},
    "in the parent, after the child's write":
        {"anon private": (8, 4, 4), "file private": (8, 4, 4)},
}
SHARED = {
    "pagoda": {
        "in the parent, after fork (the child has not written yet)": (8, 8, 0),
        "in the child, after it wrote 'C' into page 0 of each": (8, 8, 0),
        "in the parent, after the child's write": (8, 8, 0),
    },
    "linux": {
        "in the parent, after fork (the child has not written yet)": (8, 0, 8),
        "in the child, after it wrote 'C' into page 0 of each": (4, 4, 0),
        "in the parent, after the child's write": (8, 4, 4),
    },
}


def check_mmapdemo(text, kernel):
    tables = mmapdemo_tables(text)
    assert set(COMMON) <= set(tables), "tables: %s\n%s" % (sorted(tables), text)
    for heading, rows in COMMON.items():
        table = tables[heading]
        assert sorted(table) == sorted(MAPPINGS), heading
        for mapping in MAPPINGS:
            kbytes, rss, sd, pd, mode = table[mapping]
            assert kbytes == 8 and mode == ("rw-s" if "shared" in mapping else "rw-p")
            want = rows.get(mapping) or SHARED[kernel][heading]
            assert (rss, sd, pd) == want, "%s, %s: Rss/Shared_Dirty/Private_Dirty " \
                "%s, want %s" % (heading, mapping, (rss, sd, pd), want)
    outcome = re.findall(r"^  (anon private|anon shared|file private|file shared)"
                         r"\s+(\S)\s+(\S)\s+(\S)$", text, re.M)
    assert outcome == [("anon private", "C", "P", "-"), ("anon shared", "C", "C", "-"),
                       ("file private", "C", "P", "f"), ("file shared", "C", "C", "C")], \
        outcome
    assert "private mappings kept the parent's 'P', shared ones show the child's 'C'" \
        in text


def test_mmapdemo_on_pagoda():
    """Private vs shared across fork on Pagoda, with exact smaps counts."""
    run = pagoda("/bin/mmapdemo")
    check_mmapdemo(program_output(run), "pagoda")
    expect_status(run, 0)


def test_mmapdemo_native(tmp_path):
    """The same on Linux: who sees what is the same; only the counts of
    the shared mappings after fork differ (see SHARED)."""
    check_mmapdemo(native("mmapdemo", tmp_path=tmp_path), "linux")
