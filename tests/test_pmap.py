"""tests/test_pmap.py - Pagoda's pmap prints what Debian's i386 procps pmap
prints, byte for byte, for the same live i386 process on this host.

The live processes are tests/user/t_pmap.c's `--wait` mode (a heap, a
shared anonymous region, a MAP_SHARED /tmp file, PROT_NONE, a region split
by mprotect), built with our libc and with glibc.  Both pmaps read the
same /proc files (rc files too: -n, -N, -c, -C).  The one difference that is not pmap's: the vdso's
page is shared by every process that has touched it, and Debian's
(dynamic, glibc) pmap touches it while ours does not, so in -X and -XX
the vdso row's Pss, Shared_* and Private_* columns and their totals may
differ; those columns of those two rows alone are left out of the
comparison (every other byte must match).  That pmap also
agrees with maps and smaps inside Pagoda is tests/user/t_pmap.c's job.

Run just these with:  /usr/bin/python3 -m pytest tests/test_pmap.py -v
"""
import os
import re

import pytest

from tests.procps import ROOT, live_process, ours, procps

TARGETS = {"ourlibc": os.path.join(ROOT, "build", "tests", "t_pmap"),
           "glibc": os.path.join(ROOT, "build", "tests", "glibc", "t_pmap")}

OPTION_SETS = ["", "-x", "-d", "-X", "-XX", "-q", "-x -q", "-d -q", "-X -q",
               "-XX -q", "-p", "-x -p", "-d -p", "-X -p", "--extended",
               "--device --quiet"]


@pytest.fixture(params=sorted(TARGETS))
def target(request):
    path = TARGETS[request.param]
    if not os.path.exists(path):
        pytest.fail("%s is not built: run `make`" % path, pytrace=False)
    with live_process(path, "--wait") as pid:
        yield pid
    try:
        os.unlink("/tmp/t_pmap.%d" % pid)
    except FileNotFoundError:
        pass


READER_DEPENDENT = re.compile(r"^(Pss|Shared_|Private_)")


def mask_reader_dependent(text, heads):
    """-X/-XX output with the vdso row's and the totals' reader-dependent
    columns (see above) replaced by '*'; heads are the column names."""
    lines = text.split("\n")
    out = []
    for line in lines:
        cells = line.split()
        if line.endswith(" [vdso]") and len(cells) >= len(heads):
            cells = ["*" if READER_DEPENDENT.match(h) else c
                     for h, c in zip(heads, cells)] + cells[len(heads):]
            line = " ".join(cells)
        elif line.endswith("KB ") and cells:
            # The totals line: one number per smaps field column.
            fields = [h for h in heads if h not in
                      ("Address", "Perm", "Offset", "Device", "Inode")]
            cells = ["*" if READER_DEPENDENT.match(h) else c
                     for h, c in zip(fields, cells)] + cells[len(fields):]
            line = " ".join(cells)
        out.append(line)
    return "\n".join(out)


def same_output(args, env=None):
    """Ours and procps's output for args (see above for -X's vdso row)."""
    theirs = procps("pmap", *args, env=env)
    mine = ours("pmap", *args, env=env)
    if any(a.startswith(("-X", "-c", "-C")) for a in args):
        # The headings (absent with -q) from a run without -q.
        loud = ours("pmap", *[a for a in args if a != "-q"], env=env)
        heads = next((l.split() for l in loud.split("\n") if l.startswith(" ") or
                      l.startswith("Address")), None)
        if heads:
            return mask_reader_dependent(mine, heads), mask_reader_dependent(theirs, heads)
    return mine, theirs


@pytest.mark.parametrize("opts", OPTION_SETS)
def test_pmap_same_as_procps(target, opts):
    """One process, each option set: identical output and exit status."""
    mine, theirs = same_output(opts.split() + [str(target)])
    assert mine == theirs


def test_pmap_range_same_as_procps(target):
    """-A low,high over the split region (found in maps) and -A low alone."""
    with open("/proc/%d/maps" % target) as f:
        lines = f.read().splitlines()
    starts = [int(l.split("-")[0], 16) for l in lines]
    low, high = starts[len(starts) // 2], starts[-2]
    for opts in (["-A", "%x,%x" % (low, high)], ["-x", "-A", "%x,%x" % (low, high)],
                 ["-d", "--range=%x" % low], ["-A", ",%x" % high]):
        mine, theirs = same_output(opts + [str(target)])
        assert mine == theirs, opts


def test_pmap_several_pids_same_as_procps(target):
    """Two reports in a row (and -X's totals running on, as procps's do)."""
    with live_process(TARGETS["glibc"], "--wait") as other:
        for opts in ([], ["-x"], ["-X"]):
            mine, theirs = same_output(opts + [str(target), str(other), str(target)])
            assert mine == theirs, opts
        os.unlink("/tmp/t_pmap.%d" % other)


def normalise(text):
    """getopt's messages name argv[0]: the two programs' paths differ."""
    return re.sub(r"^\S*/pmap: ", "pmap: ", text, flags=re.MULTILINE)


@pytest.mark.parametrize("args", [
    [], ["abc"], ["0"], ["99999999"], ["-z", "1"], ["--foo", "1"], ["-A"],
    ["--range"], ["-A", "zz", "1"], ["-x", "-d", "1"], ["-x"], ["-V"],
    ["--help"], ["/proc/self"], ["--extended=1", "1"], ["-r", "-q", "99999999"],
])
def test_pmap_errors_same_as_procps(args):
    """Bad usage, no such process, --help and -V: the same text on stdout
    and stderr, and the same exit status (1, 42, 0)."""
    assert normalise(ours("pmap", *args)) == normalise(procps("pmap", *args))


RC_FILE = """# a student's rc file
[Fields Display]
Rss
Perm   # a comment
Pss extra words
Mapping
VmFlags
[Mapping]
ShowPath
[Unknown] trailing
junk
[Fields Display
"""


def rc_env(home):
    """The environment with HOME=home (procps's cache stays where it was)."""
    env = dict(os.environ, HOME=str(home))
    env.setdefault("PAGODA_PROCPS_DIR", os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
        "pagoda-procps-i386"))
    return env


def test_pmap_rc_create_same_as_procps(tmp_path):
    """-n writes ~/.pmaprc, -N FILE writes FILE: the same template, the same
    messages; a second -n refuses to overwrite it."""
    for who in ("mine", "theirs"):
        (tmp_path / who).mkdir()
    run = {"mine": ours, "theirs": procps}
    said = {}
    for who in run:
        env = rc_env(tmp_path / who)
        said[who] = (run[who]("pmap", "-n", env=env), run[who]("pmap", "-n", env=env),
                     run[who]("pmap", "-N", str(tmp_path / who / "rc"), env=env),
                     run[who]("pmap", "-n", "-q", env=env),
                     run[who]("pmap", "-N", "x", "1", env=env))
    assert said["mine"] == said["theirs"]
    assert (tmp_path / "mine" / ".pmaprc").read_text() == \
        (tmp_path / "theirs" / ".pmaprc").read_text()
    assert (tmp_path / "mine" / "rc").read_text() == (tmp_path / "theirs" / "rc").read_text()


def test_pmap_rc_read_same_as_procps(target, tmp_path):
    """-c (~/.pmaprc) and -C FILE: the columns the file lists, ShowPath,
    and the warnings for its bad lines, with their line numbers."""
    (tmp_path / ".pmaprc").write_text(RC_FILE)
    (tmp_path / "fields").write_text("[Fields Display]\nSize\nSwap\nInode\n")
    env = rc_env(tmp_path)
    for opts in (["-c"], ["-c", "-q"], ["-C", str(tmp_path / "fields")],
                 ["-C", str(tmp_path / "fields"), "-p"], ["-C", "/nonexistent"],
                 ["-c", "-x"]):
        mine, theirs = same_output(opts + [str(target)], env=env)
        assert mine == theirs, opts
