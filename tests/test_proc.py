"""tests/test_proc.py - /proc on Pagoda, in Linux 6.1 i386's formats.

tests/user/t_proc.c runs inside Pagoda: as `t_proc` it checks behaviour
(links, cmdline, stat with a ")" in the name, pftrace, pagemap, zombies,
meminfo against sysinfo) and prints PASS/FAIL lines; as `t_proc dump` it
prints /proc files between "==== PATH" and "==== end" lines, which the
tests here hold to Linux 6.1 i386's formats line by line: the maps
name column (49) and trailing space, status's lines in order with TABs,
smaps' 21 value lines with Swap after Rss, stat's 52 fields, meminfo's
layout.  The dump runs as "/tmp/a b" (an executable copy that `t_proc
copy` makes), so its name has a space.

With PAGODA_LINUXREF=1 the same format checks also run on the dump of
a real i386 Linux (tools/linuxref/run), which shows that the checks
themselves are right.

Run just these with:  /usr/bin/python3 -m pytest tests/test_proc.py -v
"""
import os
import re
import subprocess

import pytest

from tests.qemu import BUILD, ROOT, boot, expect, expect_status, tail

pytestmark = pytest.mark.usefixtures("kernel_elf")

INITRDS = [os.path.join(BUILD, "initrd.cpio"), os.path.join(BUILD, "tests.cpio")]
LINUXREF = os.path.join(ROOT, "tools", "linuxref", "run")

T_PROC_PASSES = """
    self_link exe_link cmdline auxv vmcounters_names pftrace_toggle meminfo_sysinfo
    pagemap_entries proc_listing running_child_maps zombie_files reaped_gone
    stat_fields stat_comm_space deleted_exe deleted_mapping
""".split()

# Every line of /proc/PID/status, in order (task_state and friends in
# Linux's fs/proc/array.c).
STATUS_LABELS = """
    Name Umask State Tgid Ngid Pid PPid TracerPid Uid Gid FDSize Groups NStgid
    NSpid NSpgid NSsid VmPeak VmSize VmLck VmPin VmHWM VmRSS RssAnon RssFile
    RssShmem VmData VmStk VmExe VmLib VmPTE VmSwap HugetlbPages CoreDumping
    THP_enabled Threads SigQ SigPnd ShdPnd SigBlk SigIgn SigCgt CapInh CapPrm
    CapEff CapBnd CapAmb NoNewPrivs Seccomp Seccomp_filters
    Speculation_Store_Bypass SpeculationIndirectBranch Cpus_allowed
    Cpus_allowed_list Mems_allowed Mems_allowed_list voluntary_ctxt_switches
    nonvoluntary_ctxt_switches
""".split()
STATUS_KB = """VmPeak VmSize VmLck VmPin VmHWM VmRSS RssAnon RssFile RssShmem
    VmData VmStk VmExe VmLib VmPTE VmSwap HugetlbPages""".split()

# The value lines of one smaps region, and of the rollup
# (show_smap and __show_smap in Linux's fs/proc/task_mmu.c).
SMAPS_LABELS = """
    Size KernelPageSize MMUPageSize Rss Pss Pss_Dirty Shared_Clean Shared_Dirty
    Private_Clean Private_Dirty Referenced Anonymous LazyFree AnonHugePages
    ShmemPmdMapped FilePmdMapped Shared_Hugetlb Private_Hugetlb Swap SwapPss
    Locked
""".split()
ROLLUP_LABELS = ("Rss Pss Pss_Dirty Pss_Anon Pss_File Pss_Shmem".split()
                 + SMAPS_LABELS[SMAPS_LABELS.index("Shared_Clean"):])

# Every line of /proc/meminfo, in order (meminfo_proc_show in Linux's
# fs/proc/meminfo.c, 32-bit with HIGHMEM).
MEMINFO_LABELS = """
    MemTotal MemFree MemAvailable Buffers Cached SwapCached Active Inactive
    Active(anon) Inactive(anon) Active(file) Inactive(file) Unevictable Mlocked
    HighTotal HighFree LowTotal LowFree SwapTotal SwapFree Zswap Zswapped Dirty
    Writeback AnonPages Mapped Shmem KReclaimable Slab SReclaimable SUnreclaim
    KernelStack PageTables SecPageTables NFS_Unstable Bounce WritebackTmp
    CommitLimit Committed_AS VmallocTotal VmallocUsed VmallocChunk Percpu
    HardwareCorrupted AnonHugePages ShmemHugePages ShmemPmdMapped FileHugePages
    FilePmdMapped HugePages_Total HugePages_Free HugePages_Rsvd HugePages_Surp
    Hugepagesize Hugetlb DirectMap4k DirectMap4M
""".split()

# A maps line: start-end perms offset major:minor inode, then either the
# name at column 49 or (unnamed) a trailing space.
MAPS_RE = re.compile(r"^([0-9a-f]{8})-([0-9a-f]{8}) ([r-][w-][x-][ps]) "
                     r"([0-9a-f]{8}) ([0-9a-f]{2,}):([0-9a-f]{2,}) (\d+) (.*)$")
NAME_COLUMN = 49
VALUE_RE = re.compile(r"^([A-Za-z0-9_()]+):( +)(\d+)( kB)?$")


# ------------------------------------------------------------------ helpers

_runs = {}


def pagoda(init):
    """Boot Pagoda once per distinct init command line (tests initrd in)."""
    if init not in _runs:
        _runs[init] = boot(append="init=" + init, initrd=INITRDS, timeout=60)
    return _runs[init]


def lines_of(text):
    """Lines without the console's carriage returns."""
    return text.replace("\r", "").split("\n")


def sections(log):
    """{path: [lines]} of a `t_proc dump` output: each file's text split
    at newlines (so a file ending in a newline ends in "")."""
    text = "\n".join(lines_of(log))
    return {m.group(1): m.group(2).split("\n")
            for m in re.finditer(r"^==== (\S+)\n(.*?)^==== end$", text,
                                 re.MULTILINE | re.DOTALL)}


def pagoda_dump():
    """The dump, run as "/tmp/a b" (a copy of /tests/t_proc) on Pagoda."""
    run = pagoda("/bin/sh -c \"/tests/t_proc copy '/tmp/a b'; '/tmp/a b' dump\"")
    expect_status(run, 0)
    return sections(run.log)


_linux = {}


def linux_dump():
    """The same dump on a real i386 Linux (glibc build), when asked for."""
    if os.environ.get("PAGODA_LINUXREF") != "1":
        pytest.skip("set PAGODA_LINUXREF=1 to check the formats on Linux too")
    if "dump" not in _linux:
        prog = os.path.join(BUILD, "tests", "glibc", "t_proc")
        out = subprocess.run([LINUXREF, prog, "dump"], capture_output=True,
                             errors="replace", timeout=600)
        _linux["dump"] = sections(out.stdout)
    return _linux["dump"]


@pytest.fixture(params=["pagoda", "linux"])
def dump(request):
    """The dumped files, from Pagoda or (PAGODA_LINUXREF=1) from Linux."""
    d = pagoda_dump() if request.param == "pagoda" else linux_dump()
    d["kernel"] = request.param
    return d


def check_maps_line(line):
    """Assert one maps line is in Linux's layout; return its fields."""
    m = MAPS_RE.match(line)
    assert m, "not a maps line: %r" % line
    rest = m.group(8)
    prefix = len(line) - len(rest)            # up to the inode's space
    if rest == "":
        assert line.endswith(" "), "unnamed line without its trailing space"
    elif prefix <= NAME_COLUMN - 1:
        assert line[NAME_COLUMN - 1] == " " and line[NAME_COLUMN] != " ", \
            "the name does not start at column %d: %r" % (NAME_COLUMN, line)
        assert set(line[prefix:NAME_COLUMN]) == {" "}
    else:
        assert rest.startswith(" ") and rest[1] != " "
    return (int(m.group(1), 16), int(m.group(2), 16), m.group(3),
            rest.strip())


def value(lines, label):
    """The number on the `label:` line of a status-like file."""
    for line in lines:
        if line.startswith(label + ":"):
            return int(line.split()[1])
    raise AssertionError("no %s line" % label)


# ------------------------------------------------------------ behaviour

@pytest.mark.parametrize("build", ["t_proc", "glibc/t_proc"])
def test_t_proc_checks(build):
    """t_proc's own checks pass, built with our libc and with glibc."""
    run = pagoda("/tests/" + build)
    fails = re.findall(r"^FAIL .*$", run.log, re.MULTILINE)
    passed = set(re.findall(r"^PASS (\S+)", run.log, re.MULTILINE))
    missing = [n for n in T_PROC_PASSES if n not in passed]
    assert not fails and not missing, "%s\nmissing: %s\n%s" % (
        "\n".join(fails), " ".join(missing), tail(run.log))
    expect_status(run, 0)


def test_pftrace_logs_faults():
    """Writing 1 to /proc/self/pftrace makes the kernel log each fault of
    that process; writing 0 stops it."""
    log = "\n".join(lines_of(pagoda("/tests/t_proc").log))
    m = re.search(r"^pftrace on, pid (\d+)\n(.*?)^pftrace off$", log,
                  re.MULTILINE | re.DOTALL)
    assert m, tail(log)
    traced = re.findall(r"^pftrace: pid %s write [0-9a-f]{8} \[heap\]: zero-fill$"
                        % m.group(1), m.group(2), re.MULTILINE)
    assert len(traced) >= 4, m.group(0)
    after = log[m.end():]
    assert not re.search(r"^pftrace: pid %s " % m.group(1), after, re.MULTILINE)


def test_pagemap_same_text_frame_in_two_runs():
    """Two runs of one program map the same page-cache frame for their text."""
    run = pagoda('/bin/sh -c "/tests/t_proc frame; /tests/t_proc frame"')
    frames = re.findall(r"^frame (-?\d+)\r?$", run.log, re.MULTILINE)
    assert len(frames) == 2 and int(frames[0]) > 0 and frames[0] == frames[1], \
        tail(run.log)


# -------------------------------------------------------------- formats

def test_maps(dump):
    lines = dump["/proc/self/maps"][:-1]
    assert dump["/proc/self/maps"][-1] == "", "maps ends with a newline"
    fields = [check_maps_line(line) for line in lines]
    for (s0, e0, _, _), (s1, e1, _, _) in zip(fields, fields[1:]):
        assert s0 < e0 <= s1 < e1, "sorted, not overlapping"
    names = [f[3] for f in fields]
    assert "[heap]" in names and "[stack]" in names
    for line, (_, _, _, name) in zip(lines, fields):
        if not name:
            assert line.endswith(" 0 "), "anonymous: inode 0, trailing space"
    if dump["kernel"] == "pagoda":
        assert names[0] == "/tmp/a b" and fields[0][0] == 0x08048000
        # The stack is last; ASLR puts its top up to 8 MiB below 0xC0000000
        # (tests/test_aslr.py checks the layout in detail).
        top = fields[-1][1]
        assert names[-1] == "[stack]" and 0xBF800000 <= top <= 0xC0000000 and \
            top % 4096 == 0, "%08x" % top


def smaps_blocks(lines):
    """[(header, [value lines], thp line, vmflags line)] of smaps."""
    blocks, i = [], 0
    while i < len(lines) and lines[i]:
        n = len(SMAPS_LABELS)
        blocks.append((lines[i], lines[i + 1:i + 1 + n], lines[i + 1 + n],
                       lines[i + 2 + n]))
        i += n + 3
    return blocks


def check_value_line(line, label, unit=" kB"):
    """Assert `label:` then the number ending at column 24 (Linux pads the
    label to 16 and prints %8lu; a longer label gets one space and %5lu),
    then the unit; return the number."""
    m = VALUE_RE.match(line)
    assert m and m.group(1) == label, "expected %s, got %r" % (label, line)
    assert (m.group(4) or "") == unit, line
    digits = len(m.group(3))
    if len(label) + 1 <= 16:
        spaces = 16 - len(label) - 1 + max(0, 8 - digits)
    else:
        spaces = 1 + max(0, 24 - len(label) - 2 - digits)
    assert len(m.group(2)) == spaces, "value must end at column 24: %r" % line
    return int(m.group(3))


def test_smaps(dump):
    lines = dump["/proc/self/smaps"]
    maps = dump["/proc/self/maps"][:-1]
    blocks = smaps_blocks(lines)
    assert [b[0] for b in blocks] == maps, "one block per maps line, same headers"
    total_rss = 0
    for header, values, thp, flags in blocks:
        start, end, perms, _ = check_maps_line(header)
        got = {}
        for line, label in zip(values, SMAPS_LABELS):
            got[label] = check_value_line(line, label)
        assert [v.split(":")[0] for v in values] == SMAPS_LABELS
        assert SMAPS_LABELS.index("Swap") > SMAPS_LABELS.index("Private_Dirty")
        assert got["Size"] == (end - start) // 1024
        assert got["Rss"] <= got["Size"] and got["Pss"] <= got["Rss"]
        assert got["Rss"] == (got["Shared_Clean"] + got["Shared_Dirty"] +
                              got["Private_Clean"] + got["Private_Dirty"])
        total_rss += got["Rss"]
        assert thp == "THPeligible:    0"
        assert re.match(r"^VmFlags:( [a-z]{2})+ $", flags), flags
        want = ["rd"] * (perms[0] == "r") + ["wr"] * (perms[1] == "w") + \
            ["ex"] * (perms[2] == "x") + ["sh"] * (perms[3] == "s")
        assert flags.split()[1:1 + len(want)] == want, (header, flags)
    rollup = dump["/proc/self/smaps_rollup"]
    assert len(rollup) == len(ROLLUP_LABELS) + 2 and rollup[-1] == ""
    start, end, perms, name = check_maps_line(rollup[0])
    assert (perms, name) == ("---p", "[rollup]")
    assert start == check_maps_line(maps[0])[0] and end == check_maps_line(maps[-1])[1]
    got = {label: check_value_line(line, label)
           for line, label in zip(rollup[1:], ROLLUP_LABELS)}
    if dump["kernel"] == "pagoda":        # Linux's counters move meanwhile
        assert got["Rss"] == total_rss


def test_status(dump):
    lines = dump["/proc/self/status"]
    assert lines[-1] == ""
    lines = lines[:-1]
    assert [line.split(":")[0] for line in lines] == STATUS_LABELS
    for line in lines:
        label, _, rest = line.partition(":")
        assert rest.startswith("\t"), "TAB after %s: %r" % (label, line)
        if label in STATUS_KB:
            assert re.match(r"^\t[ \d]{7}\d kB$", rest), line
    assert "Groups:\t " in lines, "Groups has a trailing space"
    assert re.match(r"^State:\t[RS] \((running|sleeping)\)$", lines[2])
    assert re.match(r"^Uid:\t\d+\t\d+\t\d+\t\d+$", lines[8])
    assert re.match(r"^SigBlk:\t[0-9a-f]{16}$", lines[STATUS_LABELS.index("SigBlk")])
    if dump["kernel"] == "pagoda":
        assert lines[0] == "Name:\ta b"
        rss = value(lines, "VmRSS")
        assert rss == value(lines, "RssAnon") + value(lines, "RssFile") + \
            value(lines, "RssShmem") and rss > 0
        maps = [check_maps_line(line) for line in dump["/proc/self/maps"][:-1]]
        assert value(lines, "VmSize") == sum(e - s for s, e, _, _ in maps) // 1024
        stack = [e - s for s, e, _, n in maps if n == "[stack]"]
        assert value(lines, "VmStk") == stack[0] // 1024


def test_stat_and_statm(dump):
    stat = dump["/proc/self/stat"]
    assert len(stat) == 2 and stat[1] == ""
    line = stat[0]
    comm = line[line.index("(") + 1:line.rindex(")")]
    fields = [line.split()[0], comm] + line[line.rindex(")") + 2:].split(" ")
    assert len(fields) == 52, line
    assert all(re.match(r"^-?\d+$", f) for f in fields[3:]), line
    assert fields[2] in "RS"
    statm = dump["/proc/self/statm"]
    assert len(statm) == 2 and re.match(r"^\d+( \d+){6}$", statm[0]), statm
    if dump["kernel"] == "pagoda":
        assert comm == "a b"
        status = dump["/proc/self/status"]
        size, resident, shared, text, lib, data, dt = map(int, statm[0].split())
        assert size * 4 == value(status, "VmSize")
        assert resident * 4 == value(status, "VmRSS")
        assert shared * 4 == value(status, "RssFile") + value(status, "RssShmem")
        assert data * 4 == value(status, "VmData") + value(status, "VmStk")
        assert (lib, dt) == (0, 0)
        assert int(fields[22]) == size * 4096 and int(fields[23]) == resident
        maps = [check_maps_line(line) for line in dump["/proc/self/maps"][:-1]]
        stack = [(s, e) for s, e, _, n in maps if n == "[stack]"][0]
        assert stack[0] <= int(fields[27]) < stack[1], "startstack in [stack]"


def test_meminfo(dump):
    lines = dump["/proc/meminfo"]
    assert lines[-1] == ""
    lines = lines[:-1]
    assert [line.split(":")[0] for line in lines] == MEMINFO_LABELS
    for line, label in zip(lines, MEMINFO_LABELS):
        unit = "" if label.startswith("HugePages_") else " kB"
        check_value_line(line, label, unit)
    total, free = value(lines, "MemTotal"), value(lines, "MemFree")
    assert 0 < free <= total and value(lines, "Hugepagesize") == 4096


def test_system_files(dump):
    stat = dump["/proc/stat"]
    assert re.match(r"^cpu  \d+( \d+){9}$", stat[0]), stat[0]
    assert re.match(r"^cpu0 \d+( \d+){9}$", stat[1]), stat[1]
    keys = [line.split(" ")[0] for line in stat if line]
    assert keys == ["cpu", "cpu0", "intr", "ctxt", "btime", "processes",
                    "procs_running", "procs_blocked", "softirq"]
    uptime = dump["/proc/uptime"]
    assert re.match(r"^\d+\.\d\d \d+\.\d\d$", uptime[0]) and uptime[1:] == [""]
    load = dump["/proc/loadavg"]
    assert re.match(r"^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+$", load[0]), load
    vmstat = {line.split(" ")[0]: line.split(" ")[1]
              for line in dump["/proc/vmstat"] if line}
    for name in ("nr_free_pages", "nr_anon_pages", "nr_mapped", "nr_file_pages",
                 "pgfault", "pgmajfault"):
        assert name in vmstat and vmstat[name].isdigit()
    if dump["kernel"] == "pagoda":           # read a moment apart: close
        free = value(dump["/proc/meminfo"], "MemFree")
        assert abs(int(vmstat["nr_free_pages"]) * 4 - free) <= 256
