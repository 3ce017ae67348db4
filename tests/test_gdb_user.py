"""tests/test_gdb_user.py - debugging user programs with gdb.

These tests drive the gdb commands of tools/gdb (break-user, regions,
explain, procs, finish-trap, the trap-frame unwinder) the way a student
would: QEMU boots `init=/bin/hello` with the CPU frozen and a gdb server
(-S -gdb), gdb runs in batch mode with tools/gdb/gdbinit, and at the end
gdb lets the kernel run on, so hello exits and QEMU powers off by itself.

Run just these with
    /usr/bin/python3 -m pytest tests/test_gdb_user.py -v
"""
import os
import math
import re
import struct
import subprocess
import tempfile

import pytest

from tests.qemu import BUILD, ROOT, Qemu, expect_status, scaled
from tests.test_boot import free_port

pytestmark = pytest.mark.usefixtures("kernel_elf")   # fail early if unbuilt

KERNBASE = 0xC0000000
HELLO = os.path.join(BUILD, "user", "hello")
TESTS_CPIO = os.path.join(BUILD, "tests.cpio")
INITRD = os.path.join(BUILD, "initrd.cpio")
GDB_TIMEOUT = 120            # seconds for one whole gdb session

# Python helpers the gdb scripts call (written to a file and sourced). They
# loop over gdb commands so the tests do not depend on exactly how many
# instructions or lines some code has.
HELPERS = r'''
import gdb

def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFF

def label(name):
    return int(gdb.parse_and_eval("(unsigned int)&" + name)) & 0xFFFFFFFF

def show(tag):
    """A line the test parses: registers and where we are."""
    frame = gdb.selected_frame()
    gdb.write("%s eip=%#x cs=%#x esp=%#x func=%s\n"
              % (tag, reg("eip"), reg("cs"), reg("esp"), frame.name()))

def stepi_to_kernel(limit=300):
    """stepi until the CPU enters the kernel by a system call; a page
    fault on the way (a push onto a new stack page, say) is let through
    with finish-trap. Prints what the last stepi printed."""
    for _ in range(limit):
        said = gdb.execute("stepi", to_string=True)
        if reg("eip") == label("trap_stub_14"):
            gdb.execute("finish-trap", to_string=True)
        elif reg("eip") >= 0xC0000000:
            gdb.write(said)
            return
    raise gdb.GdbError("no system call within %d instructions" % limit)

def stepi_to_fault(limit=300):
    """stepi until the CPU takes a page fault; prints what the last stepi
    printed."""
    for _ in range(limit):
        said = gdb.execute("stepi", to_string=True)
        if reg("eip") == label("trap_stub_14"):
            gdb.write(said)
            return
    raise gdb.GdbError("no page fault within %d instructions" % limit)

def step_until(function, limit=80):
    """`step` (by source lines, into calls) until we are in `function`."""
    for _ in range(limit):
        if gdb.selected_frame().name() == function:
            return
        gdb.execute("step", to_string=True)
    raise gdb.GdbError("did not step into %s" % function)

def finish_to_user(limit=10):
    """`finish` frame after frame until the CPU is back in user mode."""
    for _ in range(limit):
        if reg("cs") & 3 == 3:
            return
        gdb.execute("finish", to_string=True)
    raise gdb.GdbError("still in the kernel after %d finishes" % limit)
'''


def elf_entry(path):
    """The entry point in an ELF32 file's header (e_entry, offset 24)."""
    with open(path, "rb") as f:
        header = f.read(28)
    return struct.unpack_from("<I", header, 24)[0]


def gdb_session(script, append="norandmaps init=/bin/hello", initrd=None):
    """Boot QEMU frozen with a gdb server, run gdb in batch mode with
    tools/gdb/gdbinit, the HELPERS and then `script` (gdb commands, one a
    line), and return (everything gdb printed, the finished Run).  By
    default the kernel runs with norandmaps, so the stack ends at
    0xC0000000 as under gdb's disable-randomization on Linux."""
    if not os.path.exists(HELLO) or not os.path.exists(INITRD):
        pytest.fail("build/user/hello or build/initrd.cpio is missing: "
                    "run `make`", pytrace=False)
    # gdb reads hello's symbols from build/user/hello, QEMU runs the copy in
    # the initrd: if they differ, breakpoints land in the wrong places.
    if os.path.getmtime(HELLO) > os.path.getmtime(INITRD):
        pytest.fail("build/user/hello is newer than build/initrd.cpio: "
                    "run `make`", pytrace=False)
    port = free_port()
    qemu = Qemu(append=append, initrd=initrd, timeout=GDB_TIMEOUT,
                extra_args=["-S", "-gdb", "tcp:127.0.0.1:%d" % port])
    try:
        with tempfile.TemporaryDirectory(prefix="pagoda-gdb-") as tmp:
            helpers = os.path.join(tmp, "helpers.py")
            commands = os.path.join(tmp, "commands.gdb")
            with open(helpers, "w") as f:
                f.write(HELPERS)
            with open(commands, "w") as f:
                f.write(script)
            # Each -ex runs even if the one before failed; a -x script
            # would stop at its first error. So: one -ex per line.
            cmd = ["gdb", "-batch", "-nx", "-x", "tools/gdb/gdbinit",
                   "-ex", "source " + helpers]
            for line in script.strip().splitlines():
                cmd += ["-ex", line.strip()]
            env = dict(os.environ, PAGODA_GDB_PORT=str(port))
            try:
                out = subprocess.run(cmd, cwd=ROOT, env=env,
                                     stdin=subprocess.DEVNULL,
                                     capture_output=True, text=True,
                                     timeout=scaled(GDB_TIMEOUT))
            except subprocess.TimeoutExpired as e:
                said = e.stdout or b""
                if isinstance(said, bytes):
                    said = said.decode(errors="replace")
                pytest.fail("gdb timed out; it said:\n%s" % said,
                            pytrace=False)
        text = out.stdout + out.stderr
        return text, qemu.finish()
    finally:
        qemu.kill()


def section(text, tag):
    """The gdb output between `echo ==TAG==` and the next marker."""
    found = re.search(r"^==%s==\n(.*?)(?=^==\w+==$|\Z)" % tag, text,
                      re.MULTILINE | re.DOTALL)
    assert found, "no section %s in the gdb output:\n%s" % (tag, text)
    return found.group(1)


def shown(text, tag):
    """The registers show(tag) printed, as a dict of ints (and func)."""
    found = re.search(r"^%s eip=(\S+) cs=(\S+) esp=(\S+) func=(\S+)$" % tag,
                      text, re.MULTILINE)
    assert found, "no %s line in the gdb output:\n%s" % (tag, text)
    eip, cs, esp, func = found.groups()
    return {"eip": int(eip, 16), "cs": int(cs, 16), "esp": int(esp, 16),
            "func": func}


# ------------------------------------------------- (a) break-user

def test_break_user_stops_at_entry():
    """(a) `break-user hello` stops at hello's first instruction (the ELF
    entry point, _start) in user mode, with current->name == "hello";
    after `continue` hello runs to the end and the kernel powers off."""
    text, run = gdb_session("""
        break-user hello
        continue
        python show("STOP")
        echo ==NAME==\\n
        print current->name
        continue
    """)
    stop = shown(text, "STOP")
    assert re.search(r"^Breakpoint 1, _start \(\)", text, re.MULTILINE), text
    assert stop["eip"] == elf_entry(HELLO), text
    assert stop["eip"] < KERNBASE and stop["cs"] & 3 == 3, stop
    assert '"hello' in section(text, "NAME"), text
    assert "Hello, world!" in run.log
    expect_status(run, 0)


def test_break_user_ignores_other_programs():
    """(a) The breakpoint is conditional on the process name: set for
    `ls` at hello's own entry address, it never stops hello."""
    text, run = gdb_session("""
        break-user ls *0x%x
        continue
    """ % elf_entry(HELLO))
    assert 'stops only in process "ls"' in text, text
    assert not re.search(r"^Breakpoint 1,", text, re.MULTILINE), text
    assert "Hello, world!" in run.log
    expect_status(run, 0)


# ------------------------------------- (b)-(d) a system call, step by step

@pytest.fixture(scope="module")
def syscall_session():
    """One gdb session for (b), (c) and (d): stop at hello's first system
    call in libc (__syscall6), look at memory there, stepi through
    `int $0x80` into the kernel, step to syscall_dispatch, look around,
    and `finish` back out to user space."""
    return gdb_session("""
        break-user hello __syscall6
        continue
        python show("USER")
        echo ==PROCS==\\n
        procs
        echo ==REGIONS==\\n
        regions
        echo ==REGION_TREE==\\n
        regions --tree
        echo ==EXPLAIN_SP==\\n
        explain $esp
        echo ==EXPLAIN_0==\\n
        explain 0
        echo ==ENTRY==\\n
        python stepi_to_kernel()
        python show("ENTRY")
        bt
        echo ==DISPATCH==\\n
        python step_until("syscall_dispatch")
        python show("DISPATCH")
        bt
        echo ==BACK==\\n
        python finish_to_user()
        python show("BACK")
        echo ==END==\\n
        delete
        continue
    """)


def test_syscall_step_into_kernel(syscall_session):
    """(b) stepi over `int $0x80` lands in the kernel's trap entry; step
    reaches syscall_dispatch, and `bt` shows it called by trap and
    trap_common, and below them the user code that trapped (the trap-frame
    unwinder); `finish` goes back out to the instruction after the int."""
    text, run = syscall_session
    user = shown(text, "USER")
    assert user["func"] == "__syscall6" and user["cs"] & 3 == 3, user

    entry = section(text, "ENTRY")
    assert shown(text, "ENTRY")["func"] == "trap_stub_128", entry
    assert re.search(r"^\[pagoda\] system call \d+ \(\w+\) from hello",
                     text, re.MULTILINE), text
    assert re.search(r"^#0\s+trap_stub_128", entry, re.MULTILINE), entry
    after_int = re.search(r"^#1\s+0x([0-9a-f]+) in __syscall6", entry,
                          re.MULTILINE)
    assert after_int, entry

    dispatch = section(text, "DISPATCH")
    assert shown(text, "DISPATCH")["eip"] >= KERNBASE, dispatch
    frames = re.findall(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\w+)", dispatch,
                        re.MULTILINE)
    names = [name for _, name in frames]
    assert names[:3] == ["syscall_dispatch", "trap", "trap_common"], dispatch
    assert "__syscall6" in names, dispatch

    back = shown(text, "BACK")
    assert back["cs"] & 3 == 3, back
    assert back["eip"] == int(after_int.group(1), 16), (back, entry)
    assert "Hello, world!" in run.log
    expect_status(run, 0)


def test_regions_lists_hello(syscall_session):
    """(c) `regions` lists hello's text (r-x, /bin/hello) with some pages
    resident, and its stack."""
    text, _ = syscall_session
    regions = section(text, "REGIONS")
    assert re.search(r"^process 1 \(hello\)", regions, re.MULTILINE), regions
    text_line = re.search(r"^[0-9a-f]{8}-[0-9a-f]{8} r-xp [0-9a-f]{8}\s+"
                          r"(\d+)/(\d+)\s+/bin/hello$", regions, re.MULTILINE)
    assert text_line, regions
    assert 1 <= int(text_line.group(1)) <= int(text_line.group(2)), regions
    assert re.search(r"^[0-9a-f]{8}-c0000000 rw-p [0-9a-f]{8}\s+\d+/\d+\s+"
                     r"\[stack\]$", regions, re.MULTILINE), regions
    # norandmaps: the bss ends at start_brk, so it is [heap], as in maps.
    assert re.search(r"^[0-9a-f]{8}-[0-9a-f]{8} rw-p 00000000\s+\d+/\d+\s+"
                     r"\[heap\]$", regions, re.MULTILINE), regions


def test_regions_names_like_maps_with_aslr():
    """With randomisation the heap moves away from the bss: `regions`
    leaves the bss unnamed, as maps and pftrace do (one naming rule)."""
    text, _ = gdb_session("""
        break-user hello main
        continue
        echo ==REGIONS==\\n
        regions
        echo ==END==\\n
        kill
    """, append="init=/bin/hello")
    regions = section(text, "REGIONS")
    brk = re.search(r"^brk: start_brk 0x([0-9a-f]{8})", regions, re.MULTILINE)
    bss = re.search(r"^([0-9a-f]{8})-([0-9a-f]{8}) rw-p 00000000\s+\d+/\d+ *(.*)$",
                    regions, re.MULTILINE)
    assert brk and bss, regions
    if int(bss.group(2), 16) != int(brk.group(1), 16):     # 8191 times in 8192
        assert bss.group(3) == "", regions
    else:
        assert bss.group(3) == "[heap]", regions


def test_regions_tree(syscall_session):
    """(c) `regions --tree` shows the same regions as the AVL tree of
    mm/region.c: in address order, the root unindented, each subtree's
    height at most 1 + its depth below the root allows, and the tree's
    height within the AVL bound for that many regions."""
    text, _ = syscall_session
    plain = section(text, "REGIONS")
    tree = section(text, "REGION_TREE")
    head = re.search(r"^process 1 \(hello\): (\d+) regions in a tree of height "
                     r"(\d+)$", tree, re.MULTILINE)
    assert head, tree
    count, height = int(head.group(1)), int(head.group(2))
    nodes = re.findall(r"^( *)([0-9a-f]{8})-([0-9a-f]{8})\s+(\d+)\s+([0-9a-f]+)",
                       tree, re.MULTILINE)
    assert len(nodes) == count >= 4, tree
    starts = [int(n[1], 16) for n in nodes]
    assert starts == sorted(starts), tree
    listed = re.findall(r"^([0-9a-f]{8})-[0-9a-f]{8} [r-][w-][x-][ps]", plain,
                        re.MULTILINE)
    assert [int(a, 16) for a in listed] == starts, (plain, tree)
    depths = [len(n[0]) // 2 for n in nodes]
    assert depths.count(0) == 1, tree                 # one root
    for (indent, _, _, h, _), d in zip(nodes, depths):
        assert d + int(h) <= height, tree             # subtree fits below
    # AVL: n regions need height at most 1.44 log2(n + 2).
    assert height <= 1.45 * math.log2(count + 2), tree


def test_explain_stack_and_null(syscall_session):
    """(d) `explain $esp` finds the [stack] region and a present page;
    `explain 0` finds no region and predicts SIGSEGV."""
    text, _ = syscall_session
    sp = section(text, "EXPLAIN_SP")
    assert re.search(r"region: [0-9a-f]{8}-c0000000 rw-p .*\[stack\]", sp), sp
    assert re.search(r"PTE\s+\d+\s+= 0x[0-9a-f]{8}  P RW US", sp), sp
    assert re.search(r"frame 0x[0-9a-f]{8} \(refcount 1\)", sp), sp
    assert re.search(r"on a read:\s+no fault", sp), sp
    assert re.search(r"on a write:\s+no fault", sp), sp

    null = section(text, "EXPLAIN_0")
    assert "no region" in null, null
    assert re.search(r"on a read: .*\n\s+SIGSEGV", null), null
    assert re.search(r"on a write: .*\n\s+SIGSEGV", null), null


def test_procs_shows_hello(syscall_session):
    """`procs` lists hello as pid 1, running, marked current."""
    text, _ = syscall_session
    procs = section(text, "PROCS")
    assert re.search(r"^\*\s+1\s+0\s+RUNNING\s+hello\s", procs,
                     re.MULTILINE), procs


# ------------------------------------------------------ a page fault

def test_page_fault_explained_then_handled():
    """From hello's entry, stepi until the CPU takes a page fault. At the
    fault, `explain $cr2` predicts a page-fault path (not SIGSEGV) and
    the [pagoda] note says what happened; `finish-trap` returns to the
    faulting instruction with the page now present, so the same access
    no longer faults."""
    text, run = gdb_session("""
        break-user hello
        continue
        python stepi_to_fault()
        python show("FAULT")
        python gdb.write("CR2=%#x ERR=%#x\\n" % (reg("cr2"), int(gdb.parse_and_eval("*(unsigned int *)$esp")) & 0xFFFFFFFF))
        python gdb.write("USER_EIP=%#x\\n" % (int(gdb.parse_and_eval("current->tf->eip")) & 0xFFFFFFFF))
        echo ==BEFORE==\\n
        explain $cr2
        echo ==AFTER==\\n
        finish-trap
        python show("RESUMED")
        explain $cr2
        echo ==END==\\n
        delete
        continue
    """)
    fault = re.search(r"^CR2=(\S+) ERR=(\S+)$", text, re.MULTILINE)
    user_eip = re.search(r"^USER_EIP=(\S+)$", text, re.MULTILINE)
    assert fault and user_eip, text
    write = int(fault.group(2), 16) & 2          # error code bit 1: a write
    access = "write" if write else "read"
    note = re.search(r"^\[pagoda\] page fault: hello\[1\] touched (\S+) ",
                     text, re.MULTILINE)
    assert note and int(note.group(1), 16) == int(fault.group(1), 16), text

    before = section(text, "BEFORE")
    outcome = re.search(r"on a %s:\s+page fault .*\n\s+(.*)" % access, before)
    assert outcome, before
    assert re.match(r"(demand zero|file page|copy-on-write|stack growth)",
                    outcome.group(1)), before

    resumed = shown(text, "RESUMED")
    assert resumed["cs"] & 3 == 3, resumed
    assert resumed["eip"] == int(user_eip.group(1), 16), text
    after = section(text, "AFTER")
    assert re.search(r"on a %s:\s+no fault" % access, after), after
    expect_status(run, 0)


# ---------------------------------------------------- copy-on-write

def fault_c_line(pattern):
    """The line number in mm/fault.c of the first line matching pattern."""
    with open(os.path.join(ROOT, "mm", "fault.c")) as f:
        for number, line in enumerate(f, 1):
            if re.search(pattern, line):
                return number
    pytest.fail("no line matching %r in mm/fault.c" % pattern, pytrace=False)


def test_explain_copy_on_write():
    """Stopped in copy_on_write (mm/fault.c) while t_cow's parent writes to
    a page it shares with its child after fork, `explain $cr2` predicts
    copy-on-write, and `procs` shows both processes."""
    if not os.path.exists(TESTS_CPIO):
        pytest.skip("build/tests.cpio is not built")
    line = fault_c_line(r"frame_refcount\(old\) == 1")
    text, _ = gdb_session("""
        break mm/fault.c:%d
        continue
        echo ==PROCS==\\n
        procs
        echo ==EXPLAIN==\\n
        explain $cr2
        echo ==END==\\n
        kill
    """ % line, append="init=/tests/t_cow", initrd=[INITRD, TESTS_CPIO])
    assert re.search(r"^Breakpoint 1, copy_on_write", text, re.MULTILINE), \
        text
    procs = section(text, "PROCS")
    assert len(re.findall(r"^.\s+\d+\s+\d+\s+\w+\s+t_cow\s", procs,
                          re.MULTILINE)) >= 2, procs
    explain = section(text, "EXPLAIN")
    assert re.search(r"region: \S+ rw-p", explain), explain
    assert re.search(r"PTE\s+\d+\s+= 0x[0-9a-f]{8}  P US", explain), explain
    assert re.search(r"on a write: page fault \(protection.*\n\s+"
                     r"copy-on-write (copy|reuse)", explain), explain


# ------------------------------------- a fault the kernel expects (fixup)

def test_backtrace_through_a_fixed_up_fault():
    """A fault in trap_return (t_segments clears the TLS slot its %fs
    uses) is a trap inside a trap: `bt` from fixup_exception shows the
    kernel's own trap (trap_common), the trap_return instruction that
    faulted, and then the user program, which runs on to the end."""
    text, run = gdb_session("""
        break fixup_exception
        continue
        echo ==BT==\\n
        bt
        echo ==END==\\n
        delete
        continue
    """, append="init=/tests/t_segments",
        initrd=[INITRD, TESTS_CPIO])
    bt = section(text, "BT")
    names = re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\w+) ", bt, re.MULTILINE)
    assert names[:3] == ["fixup_exception", "trap", "trap_common"], bt
    assert re.match(r"trap_return_pop_[gfed]s$", names[3]), bt
    user = re.search(r"^#4\s+0x([0-9a-f]+) in ", bt, re.MULTILINE)
    assert user and int(user.group(1), 16) < KERNBASE, bt
    assert "init exited with status 0" in run.log
    expect_status(run, 0)


# ------------------------------------- the running program's symbols

def test_symbols_follow_the_running_program():
    """Two programs, one after the other in the same process: setarch,
    which execs hello. Stopped in the kernel in each (execve for setarch,
    write for hello), gdb has loaded the symbols of the program current
    runs, read from the kernel (mm->start_code's region), without a
    usersyms: `bt` names each program's own functions."""
    text, run = gdb_session("""
        break sys_execve
        break sys_write
        continue
        echo ==FIRST==\\n
        usersyms
        info line main
        continue
        echo ==SECOND==\\n
        usersyms
        info line main
        bt
        echo ==END==\\n
        delete
        continue
    """, append="norandmaps init=/bin/setarch -R /bin/hello")
    first, second = section(text, "FIRST"), section(text, "SECOND")
    assert re.search(r"^\[pagoda\] setarch\[1\] runs /bin/setarch: loaded "
                     r"its symbols from build/user/setarch$", text,
                     re.MULTILINE), text
    assert re.search(r"^user symbols: .*/build/user/setarch$", first,
                     re.MULTILINE), first
    assert re.search(r'^Line \d+ of "user/setarch\.c"', first,
                     re.MULTILINE), first
    assert re.search(r"^\[pagoda\] hello\[1\] runs /bin/hello: loaded its "
                     r"symbols from build/user/hello$", text, re.MULTILINE), text
    assert re.search(r"^user symbols: .*/build/user/hello$", second,
                     re.MULTILINE), second
    assert re.search(r'^Line \d+ of "user/hello\.c"', second,
                     re.MULTILINE), second
    assert "<stdout_buf>" in second, second     # hello's data, by name
    assert "Hello, world!" in run.log
    expect_status(run, 0)


def test_symbols_follower_can_be_turned_off():
    """`set pagoda-follow-symbols off` keeps the symbols loaded by hand
    (ls's, while hello runs); turned on again, the next stop (one
    stepi) loads hello's."""
    text, run = gdb_session("""
        set pagoda-follow-symbols off
        usersyms ls
        break sys_write
        continue
        echo ==OFF==\\n
        usersyms
        set pagoda-follow-symbols on
        stepi
        echo ==ON==\\n
        usersyms
        echo ==END==\\n
        delete
        continue
    """)
    assert re.search(r"^user symbols: .*/build/user/ls$", section(text, "OFF"),
                     re.MULTILINE), text
    assert re.search(r"^user symbols: .*/build/user/hello$",
                     section(text, "ON"), re.MULTILINE), text
    expect_status(run, 0)
