"""tests/test_aslr.py - address-space layout randomisation, as Linux does it.

A static glibc program (`/tests/glibc/t_aslr maps`: tests/user/t_aslr.c
built with glibc) uses its heap, maps one anonymous page and prints
/proc/self/maps.  Its layout on Pagoda is checked against Linux 6.1
i386's rules, written out below as measured on Debian's 6.1 686 kernel
(the same binary, the same QEMU), in both modes:

  randomised (the default)         norandmaps / ADDR_NO_RANDOMIZE
  5 program lines at 0x08048000    the same
  the bss: one unnamed rw-p line   the bss: rw-p, [heap]
  one [heap] line, starting up to  a second [heap] line, starting
    32 MiB above the bss             right at the bss's end
  the mmap area's top (its first    the mmap area's top: 0xB8000000
    mapping's end: Linux's vDSO,
    Pagoda's mmap'd page) within
    1 MiB below 0xB8000000
  [stack]: 132 KiB, its top        [stack]: bffdf000-c0000000
    within 8 MiB below 0xC0000000

With PAGODA_LINUXREF=1 the same binary also runs on that Linux
(tools/linuxref/run) in both modes, and the line kinds,
names, order and alignment must match Pagoda's (Linux's [vvar] and
[vdso] lines left out: Pagoda has no vDSO), and t_aslr's checks must
pass there with the same PASS names as on Pagoda.

Also here: the norandmaps boot option turns randomisation off for every
program (t_aslr's norandmaps mode), and the pftrace and maps names of a
region agree.

Run just these with:  /usr/bin/python3 -m pytest tests/test_aslr.py -v
"""
import os
import re
import subprocess

import pytest

from tests.qemu import BUILD, boot, expect, expect_status, tail
from tests.test_user import INITRDS, LINUXREF

pytestmark = pytest.mark.usefixtures("kernel_elf")

PAGE = 4096
MIB = 1 << 20
PROGRAM = os.path.join(BUILD, "tests", "glibc", "t_aslr")

# Linux 6.1 i386's ranges (proc/aslr.c names the rules and their sources).
STACK_TOP = 0xC0000000          # TASK_SIZE
STACK_RANDOM = 8 * MIB          # STACK_RND_MASK 0x7ff pages
MMAP_BASE = 0xB8000000          # TASK_SIZE - 128 MiB
MMAP_RANDOM = 1 * MIB           # mmap_rnd_bits 8: 256 pages
BRK_RANDOM = 32 * MIB           # arch_randomize_brk
STACK_SIZE = 132 * 1024         # the argument page + 128 KiB


def parse_maps(text):
    """[(start, end, perms, inode, name)] of the maps between the markers."""
    body = re.search(r"^maps begin\r?\n(.*?)^maps end", text,
                     re.MULTILINE | re.DOTALL)
    assert body, tail(text)
    regions = []
    for line in body.group(1).replace("\r\n", "\n").splitlines():
        m = re.match(r"^([0-9a-f]{8})-([0-9a-f]{8}) (\S{4}) [0-9a-f]{8} "
                     r"[0-9a-f]{2}:[0-9a-f]{2} (\d+) ?\s*(.*)$", line)
        assert m, "not a maps line: %r" % line
        regions.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3),
                        int(m.group(4)), m.group(5)))
    return regions


def without_vdso(regions):
    return [r for r in regions if r[4] not in ("[vvar]", "[vdso]")]


def mmap_top(regions):
    """Where the top-down mmap area begins: the end of the first thing
    mmap placed (Linux's vDSO, else the one page t_aslr maps)."""
    vdso = [r for r in regions if r[4] == "[vdso]"]
    if vdso:
        return vdso[0][1]
    _, _, _, mmaps, _ = split_layout(regions)
    return max(r[1] for r in mmaps)


def split_layout(regions):
    """The program's file lines, the bss, the [heap] lines, the anonymous
    mmaps and [stack], in maps order."""
    regions = without_vdso(regions)
    files = [r for r in regions if r[3] != 0]
    assert files and regions[:len(files)] == files, regions
    rest = regions[len(files):]
    assert rest and rest[-1][4] == "[stack]", regions
    bss, rest = rest[0], rest[1:-1]
    heaps = [r for r in rest if r[4] == "[heap]"]
    mmaps = [r for r in rest if r[4] != "[heap]"]
    return files, bss, heaps, mmaps, regions[-1]


def check_common(regions):
    """What both modes share: the program's 5 lines from 0x08048000, the
    bss right after the data, the page mmap'd below the stack, [stack]."""
    files, bss, heaps, mmaps, stack = split_layout(regions)
    assert [r[2] for r in files] == ["r--p", "r-xp", "r--p", "r--p", "rw-p"], files
    assert files[0][0] == 0x08048000, files
    assert all(a[1] == b[0] for a, b in zip(files, files[1:])), "contiguous: %s" % files
    assert bss[0] == files[-1][1] and bss[2] == "rw-p" and bss[3] == 0, bss
    assert mmaps and all(r[2] == "rw-p" and r[4] == "" for r in mmaps), mmaps
    assert all(r[0] % PAGE == 0 and r[1] % PAGE == 0 for r in regions), regions
    assert all(a[1] <= b[0] for a, b in zip(regions, regions[1:])), "sorted: %s" % regions
    assert stack[2] == "rw-p" and stack[1] - stack[0] == STACK_SIZE, stack
    return files, bss, heaps, mmaps, stack


def check_randomised(regions):
    files, bss, heaps, mmaps, stack = check_common(regions)
    assert bss[4] == "", "the bss is unnamed when the heap moved: %s" % (bss,)
    assert len(heaps) == 1, "one [heap] line: %s" % heaps
    assert bss[1] < heaps[0][0] < bss[1] + BRK_RANDOM, (bss, heaps)
    top = mmap_top(regions)
    assert MMAP_BASE - MMAP_RANDOM < top <= MMAP_BASE and top % PAGE == 0, "%08x" % top
    assert STACK_TOP - STACK_RANDOM <= stack[1] <= STACK_TOP, stack
    return heaps[0][0], top, stack[1]


def check_fixed(regions):
    files, bss, heaps, mmaps, stack = check_common(regions)
    assert bss[4] == "[heap]", "the bss touches start_brk: %s" % (bss,)
    assert len(heaps) == 1 and heaps[0][0] == bss[1], (bss, heaps)
    assert mmap_top(regions) == MMAP_BASE, "%08x" % mmap_top(regions)
    assert (stack[0], stack[1]) == (STACK_TOP - STACK_SIZE, STACK_TOP), stack


def shape(regions):
    """What must match Linux exactly: each line's perms and name, in order,
    and whether it is a file (addresses vary, or sit under a vDSO)."""
    return [(r[2], r[3] != 0, r[4].replace("/tests/glibc/t_aslr", "PROGRAM")
             .replace("/bin/t_aslr", "PROGRAM")) for r in without_vdso(regions)]


_runs = {}


def pagoda_maps(append):
    if append not in _runs:
        _runs[append] = boot(append=append + " init=/tests/glibc/t_aslr maps",
                             initrd=INITRDS, timeout=60)
    run = _runs[append]
    expect(run, r"^init exited with status 0$")
    return parse_maps(run.log)


def test_layout_randomised():
    """By default: one [heap] line above an unnamed bss, and the heap,
    the mmap base and the stack top inside Linux's ranges."""
    check_randomised(pagoda_maps(""))


def test_layout_varies_between_boots():
    """Two boots (the generator is seeded afresh each time) give two
    different layouts."""
    a = check_randomised(pagoda_maps(""))
    b = check_randomised(pagoda_maps("pftrace=0"))     # a second boot
    assert a != b, "the same heap, mmap base and stack top twice: %s" % (a,)


def test_layout_norandmaps():
    """norandmaps: Linux's fixed layout, the bss and the brk area both
    [heap], the mmap area from 0xB8000000 down, the stack below 0xC0000000."""
    check_fixed(pagoda_maps("norandmaps"))


def test_norandmaps_fixes_every_exec():
    """Booted with norandmaps, a program that asks for nothing gets the
    fixed layout in every exec (t_aslr norandmaps)."""
    run = boot(append="norandmaps init=/tests/t_aslr -- norandmaps",
               initrd=INITRDS, timeout=60)
    expect(run, r"^PASS norandmaps_fixed$")
    expect_status(run, 0)


@pytest.mark.parametrize("cpu, source", [
    (None, r"RDTSC jitter \(no RDRAND\)"),        # QEMU's default qemu32
    ("max", r"RDRAND and RDTSC jitter"),           # TCG's RDRAND
])
def test_entropy_sources(cpu, source):
    """The generator is seeded from RDRAND when CPUID offers it, and from
    RDTSC jitter always; programs run either way."""
    extra = ["-cpu", cpu] if cpu else []
    run = boot(append="init=/tests/glibc/t_aslr", initrd=INITRDS, timeout=60,
               extra_args=extra)
    expect(run, r"^random: ChaCha20 seeded from %s\r?$" % source)
    expect(run, r"^PASS getrandom_bytes$")
    expect_status(run, 0)


def test_norandmaps_is_not_an_argument():
    """`norandmaps` is the kernel's switch, not an argument for init."""
    run = boot(append="norandmaps init=/bin/echo x", initrd=INITRDS, timeout=60)
    expect(run, r"^x\r?$")
    expect_status(run, 0)


def test_setarch_R():
    """`setarch -R` (ADDR_NO_RANDOMIZE) fixes the layout of what it runs,
    and `setarch` alone does not."""
    run = boot(append='init=/bin/sh -c "setarch i686 -R /tests/glibc/t_aslr maps; '
                      'cat /proc/self/personality"', initrd=INITRDS, timeout=60)
    check_fixed(parse_maps(run.log))
    expect(run, r"^00000000\r?$")        # the shell itself: unchanged
    expect_status(run, 0)


def test_legacy_va_layout():
    """legacy_va_layout=1 on the command line gives every program the
    legacy layout (mmap bottom-up from 0x40000000: tests/user/t_mmap_layout.c),
    without any personality flag."""
    run = boot(append="legacy_va_layout=1 norandmaps init=/tests/t_mmap_layout legacy",
               initrd=INITRDS, timeout=60)
    for name in ("legacy_at_base", "legacy_bottom_up", "legacy_fills_lowest",
                 "legacy_below_stack"):
        expect(run, r"^PASS %s\b" % name)
    expect_status(run, 0)


def test_setarch_L():
    """`setarch -L` (ADDR_COMPAT_LAYOUT) gives what it runs the legacy
    layout: its first mapping lands at 0x40000000 with -R."""
    run = boot(append='init=/bin/sh -c "setarch -L -R /tests/t_mmap_layout legacy"',
               initrd=INITRDS, timeout=60)
    expect(run, r"^PASS legacy_at_base\b")
    expect_status(run, 0)


def test_pftrace_and_maps_agree_on_names():
    """The bss is unnamed in maps under ASLR, and pftrace names its
    faults the same way (no "[anon]"); the brk area is [heap] in both."""
    run = boot(append="pftrace=1 init=/tests/glibc/t_aslr maps",
               initrd=INITRDS, timeout=60)
    regions = parse_maps(run.log)
    _, bss, heaps, _, _ = split_layout(regions)
    assert "[anon]" not in run.log
    faults = re.findall(r"^pftrace: pid \d+ (?:read|write) ([0-9a-f]{8})(.*): ",
                        run.log, re.MULTILINE)
    in_bss = [name for a, name in faults if bss[0] <= int(a, 16) < bss[1]]
    in_heap = [name for a, name in faults if heaps[0][0] <= int(a, 16) < heaps[0][1]]
    assert in_bss and all(n == "" for n in in_bss), in_bss
    assert in_heap and all(n == " [heap]" for n in in_heap), in_heap


# ---------------------------------------------------- against i386 Linux

def linuxref_maps(append):
    env = dict(os.environ, LINUXREF_APPEND=append)
    out = subprocess.run([LINUXREF, PROGRAM, "maps"], capture_output=True,
                         text=True, errors="replace", timeout=600, env=env)
    assert "linux-ref: exit status 0" in out.stdout, out.stdout + out.stderr
    return parse_maps(out.stdout)


@pytest.mark.skipif(os.environ.get("PAGODA_LINUXREF") != "1",
                    reason="set PAGODA_LINUXREF=1 to compare with i386 Linux "
                           "in QEMU (about 30 s a boot)")
@pytest.mark.parametrize("mode", ["", "norandmaps"])
def test_same_layout_as_i386_linux(mode):
    """The same binary's maps on Linux follows the same rules, and its
    lines (perms, names, order) are Pagoda's."""
    linux = linuxref_maps(mode)
    if mode:
        check_fixed(linux)
    else:
        check_randomised(linux)
    pagoda = pagoda_maps(mode)
    assert shape(pagoda) == shape(linux), "Pagoda:\n%s\nLinux:\n%s" % (
        "\n".join(map(str, pagoda)), "\n".join(map(str, linux)))


@pytest.mark.skipif(os.environ.get("PAGODA_LINUXREF") != "1",
                    reason="set PAGODA_LINUXREF=1 to compare with i386 Linux "
                           "in QEMU (about 30 s a boot)")
def test_t_aslr_same_as_i386_linux():
    """t_aslr's checks, the ranges included, pass on i386 Linux exactly as
    on Pagoda: the same PASS names (the 64-bit host skips the ranges)."""
    out = subprocess.run([LINUXREF, PROGRAM], capture_output=True, text=True,
                         errors="replace", timeout=600)
    assert "linux-ref: exit status 0" in out.stdout, out.stdout + out.stderr
    linux = set(re.findall(r"^PASS (\S+)", out.stdout, re.MULTILINE))
    run = boot(append="init=/tests/glibc/t_aslr", initrd=INITRDS, timeout=60)
    pagoda = set(re.findall(r"^PASS (\S+)", run.log, re.MULTILINE))
    assert pagoda == linux, "only on Linux: %s, only on Pagoda: %s" % (
        sorted(linux - pagoda), sorted(pagoda - linux))
