"""tests/test_ps_top.py - Pagoda's ps and top beside Debian's i386 procps.

Our ps and top are static i386 Linux programs, so they run on this host
next to procps-ng 4.0.2's (tests/procps.py).  Each test starts live i386
processes (Pagoda's own sleep), runs both tools on them and demands the
same output, column for column.  Only the fields that change between two
reads are masked, by column: CPU times and shares (TIME, TIME+, %CPU, C),
the clock, uptime and load average, and free memory.  A host has many
processes, so the forms that list them all (ps aux, ps -ef, top) are
compared on the header and the lines of the test's own pids.

The same tools inside Pagoda: tests/test_ps_top_pagoda.py.
Run just these:  /usr/bin/python3 -m pytest tests/test_ps_top.py -v
"""
import contextlib
import os
import re

import pytest

from tests.procps import USER, live_process, ours, procps

SLEEP = os.path.join(USER, "sleep")

# Environment for both tools: no COLUMNS/LINES, the C locale, UTC.
ENV = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
ENV.update(LC_ALL="C", TZ="UTC")

VOLATILE = {"TIME", "TIME+", "%CPU", "C", "ELAPSED"}


@contextlib.contextmanager
def sleepers(n=2):
    """n live i386 processes (Pagoda's sleep), their pids."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(live_process(SLEEP, str(100 + i)))
               for i in range(n)]


def both(prog, *args):
    """(ours, procps's) output of prog with args."""
    return ours(prog, *args, env=ENV), procps(prog, *args, env=ENV)


def mask_columns(text, volatile=VOLATILE, last_free=True):
    """Replace the values of the volatile columns by '*'.  Columns are
    the header's words; a row's words are matched to them left to right,
    the last column taking the rest of the line (a command)."""
    lines = text.splitlines()
    heads = lines[0].split()
    out = [lines[0]]
    for line in lines[1:]:
        words = line.split(None, len(heads) - 1) if last_free else line.split()
        out.append(" ".join("*" if i < len(heads) and heads[i] in volatile
                            else w for i, w in enumerate(words)))
    return "\n".join(out)


def own_lines(text, pids, pid_column=0):
    """The header and the lines whose pid column is one of pids."""
    lines = text.splitlines()
    keep = [lines[0]]
    for line in lines[1:]:
        words = line.split()
        if len(words) > pid_column and words[pid_column] in {str(p) for p in pids}:
            keep.append(line)
    return "\n".join(keep)


# ---- ps ------------------------------------------------------------------

@pytest.mark.parametrize("form", [
    ["-p", "{pids}"],
    ["-f", "-p", "{pids}"],
    ["u", "-p", "{pids}"],
    ["-o", "pid,stat,args", "-p", "{pids}"],
    ["-o", "pid,ppid,comm,args,user,uid,vsz,rss,sz,%mem,pmem,stat,s,state,"
           "tty,nlwp,maj_flt,min_flt,start,stime,lstart,time,etime,%cpu",
     "-p", "{pids}"],
    ["-o", "pid=PROCESS,comm=,rss:9", "-p", "{pids}"],
    ["--no-headers", "-o", "pid,comm", "-p", "{pids}"],
    ["-o", "pid,vsz,rss,comm", "--sort", "-pid", "-p", "{pids}"],
    ["-o", "comm,pid", "-p", "{pids}"],          # comm cut to 15 before pid
    ["-p", "999999"],                            # nothing: header, status 1
])
def test_ps_same_as_procps(form):
    """ps with a pid list prints what procps's ps prints (bar CPU time)."""
    with sleepers() as pids:
        args = [a.replace("{pids}", ",".join(map(str, pids))) for a in form]
        mine, theirs = both("ps", *args)
    if "--no-headers" in args:
        assert mine == theirs
    else:
        assert mask_columns(mine) == mask_columns(theirs)
        assert mine.count("\n") == theirs.count("\n")


def test_ps_C_selects_by_name():
    """ps -C NAME lists the processes of that name, as procps."""
    with sleepers(3) as pids:
        mine, theirs = both("ps", "-C", "sleep", "-o", "pid,comm")
    assert own_lines(mine, pids) == own_lines(theirs, pids)
    assert len(own_lines(mine, pids).splitlines()) == 1 + 3


@pytest.mark.parametrize("form,pid_column", [
    (["aux"], 1), (["-ef"], 1), (["-e"], 0), (["ax"], 0), (["x"], 0), (["-A", "-o", "pid,vsz,rss,comm"], 0),
])
def test_ps_everything_same_for_our_pids(form, pid_column):
    """ps aux / -ef / -e: the header and our processes' lines match."""
    with sleepers() as pids:
        mine, theirs = both("ps", *form)
    a, b = own_lines(mine, pids, pid_column), own_lines(theirs, pids, pid_column)
    assert mask_columns(a) == mask_columns(b)
    assert len(a.splitlines()) == 1 + len(pids)


def test_ps_values_are_the_kernels():
    """ps -o pid,vsz,rss is status's VmSize and VmRSS; %mem is RSS over
    MemTotal in tenths of a percent, truncated (procps's pr_pmem)."""
    with sleepers(1) as (pid,):
        out = ours("ps", "--no-headers", "-o", "pid,vsz,rss,pmem", "-p", str(pid), env=ENV)
        status = open("/proc/%d/status" % pid).read()
        meminfo = open("/proc/meminfo").read()
    vmsize = int(re.search(r"VmSize:\s+(\d+)", status).group(1))
    vmrss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    total = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    permille = vmrss * 1000 // total
    assert out.split() == [str(pid), str(vmsize), str(vmrss),
                           "%d.%d" % (permille // 10, permille % 10)]


# ---- top -----------------------------------------------------------------

def mask_top(text):
    """Mask what changes between two frames taken a moment apart: the
    clock, uptime and load, the CPU shares, free/used/cached memory and
    each task's %CPU and TIME+."""
    out = []
    for line in text.splitlines():
        if line.startswith("top - "):
            line = re.sub(r"\d", "#", line)
        elif line.startswith("%Cpu(s):"):
            line = re.sub(r" *[\d.]+", "#", line)
        elif line.startswith("MiB Mem :"):
            total = line[:line.index("total")]
            line = total + re.sub(r" *[\d.]+", "#", line[len(total):])
        elif line.startswith("MiB Swap:"):
            head = line[:line.index("used.")]
            line = head + re.sub(r" *[\d.]+", "#", line[len(head):])
        out.append(line)
    text = "\n".join(out)
    lines = text.split("\n")
    try:
        h = next(i for i, l in enumerate(lines) if l.lstrip().startswith("PID "))
    except StopIteration:
        return text
    for i in range(h + 1, len(lines)):
        if not lines[i] or lines[i].startswith("top - "):
            break
        line = lines[i]
        # %CPU is at 47-51 and TIME+ at 59-67 when PID is 5 wide
        lines[i] = line[:47] + "*****" + line[52:59] + "*********" + line[68:]
    return "\n".join(lines)


@pytest.mark.parametrize("form", [
    ["-b", "-n", "1", "-p", "{pids}"],
    ["-b", "-n", "1", "-p", "{pids}", "-o", "%MEM"],
    ["-b", "-n", "1", "-p", "{pids}", "-o", "PID"],
    ["-b", "-n", "1", "-p", "{pids}", "-w", "100"],
    ["-b", "-n", "1", "-p", "{pids}", "-w", "76"],    # COMMAND cut with '+'
    ["-b", "-n", "2", "-d", "0.3", "-p", "{pids}"],
])
def test_top_batch_same_as_procps(form):
    """top -b prints procps's frames, byte for byte but for the masks."""
    with sleepers() as pids:
        args = [a.replace("{pids}", ",".join(map(str, pids))) for a in form]
        mine, theirs = both("top", *args)
    assert mask_top(mine) == mask_top(theirs)
    assert mine.count("\n") == theirs.count("\n")
    assert re.search(r"^Tasks:   2 total,   0 running,   2 sleeping,   0 stopped,"
                     r"   0 zombie$", mine, re.MULTILINE)


def test_top_batch_whole_system():
    """top -b -n 1 over every process: the same summary shape, and the
    rows of our pids match procps's."""
    with sleepers() as pids:
        mine, theirs = both("top", "-b", "-n", "1")
    assert mask_top(mine).splitlines()[:7] != []
    for a, b in zip(mask_top(mine).splitlines()[:7], mask_top(theirs).splitlines()[:7]):
        if a.startswith("Tasks:"):
            continue                            # the host's tasks come and go
        assert a == b
    rows = lambda t: sorted(l for l in mask_top(t).splitlines()
                            if l[:5].strip() in {str(p) for p in pids})
    assert rows(mine) == rows(theirs) and len(rows(mine)) == len(pids)


def test_top_rejects_unknown_field():
    """top -o XYZ: procps's message and status 1."""
    mine, theirs = both("top", "-b", "-n", "1", "-o", "XYZ")
    assert mine == theirs
    assert "unrecognized field name 'XYZ'" in mine


def zombie_child(pid):
    """The pid of pid's zombie child."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open("/proc/%s/stat" % entry).read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] == "Z" and int(fields[1]) == pid:
                return int(entry)
    raise AssertionError("no zombie child of %d" % pid)


def test_zombie_same_as_procps():
    """A zombie: ps shows state Z, no memory, [name] <defunct> for args;
    top lists it with 0 memory; both as procps (and top -p keeps the
    order the pids were given in)."""
    sh = os.path.join(USER, "sh")
    with live_process(sh, "-c", "%s 0 & exec %s 100" % (SLEEP, SLEEP), settle=0.5) as pid:
        z = zombie_child(pid)
        for form in (["-o", "pid,stat,comm,args,vsz,rss,%mem,nlwp", "-p", "%d,%d" % (pid, z)],
                     ["-f", "-p", "%d,%d" % (pid, z)], ["u", "-p", "%d,%d" % (pid, z)]):
            mine, theirs = both("ps", *form)
            assert mask_columns(mine) == mask_columns(theirs)
        assert "[sleep] <defunct>" in mine
        for order in ("%d,%d" % (z, pid), "%d,%d" % (pid, z)):
            mine, theirs = both("top", "-b", "-n", "1", "-p", order)
            assert mask_top(mine) == mask_top(theirs)
            assert "1 zombie" in mine
