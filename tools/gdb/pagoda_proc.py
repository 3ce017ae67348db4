"""tools/gdb/pagoda_proc.py - gdb support for processes and user programs.

    procs                      the process table
    usersyms PROG              load a user program's symbols (build/user/PROG)
    break-user PROG [WHERE]    stop when process PROG reaches WHERE (default:
                               its first instruction, the ELF entry point)
    finish-trap                run until the kernel returns to the program

and three things that work without a command:

  * a frame unwinder ("pagoda-trapframe") that lets `bt` continue from
    the kernel's trap entry (kernel/trapentry.asm) into the user program
    that trapped, using the registers the CPU saved on the kernel stack.
    So inside sys_write, `bt` shows sys_write <- syscall_dispatch <- trap
    <- trap_common <- __syscall6, and `finish` in trap_common goes
    straight back to user space. (gdb stops the backtrace there: see
    docs/debugging.md, "Through the kernel and back".)
  * a frame filter ("pagoda-trap") that shows the right line for a frame
    stopped by a fault, and says why the backtrace ends.
  * notes when gdb stops at the entry of a page fault or system call from
    user space, or in a program whose symbols are not loaded.

Loaded by tools/gdb/pagoda.py.
"""
import os
import struct

import gdb
from gdb.FrameDecorator import FrameDecorator
from gdb.unwinder import Unwinder, register_unwinder

from pagoda_lib import (
    PTE_P, ROOT, Elf, c_string, current_proc, enum_name, kernel_var,
    phys_to_virt, procs, pte_lookup, read_u32, read_u32s, region_list,
    register, to_int)

T_PAGE_FAULT = 14            # kernel/trap.h: the page-fault vector
T_SYSCALL = 0x80             # kernel/trap.h: int $0x80
PROC_NAME_MAX = 16           # proc/proc.h: names are cut to 15 characters

# Where `usersyms hello` looks for the program, relative to the repo.
PROGRAM_DIRS = ["build/user", "build/tests"]


# ------------------------------------------------------------------ procs

class ProcsCommand(gdb.Command):
    """List the process table (proc_table in proc/proc.c).
Usage: procs
Columns: pid, parent's pid, state, name, the page directory, and the user
address the process will resume at (eip saved in its trap frame; for the
current process in user mode, the CPU's eip). A * marks `current`, the
process on the CPU."""

    def __init__(self):
        super().__init__("procs", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        cur = to_int(kernel_var("current"))
        cs = register("cs")
        user_mode = cs is not None and cs & 3 == 3
        print("  %5s %5s  %-9s %-16s %-10s  %s" % ("PID", "PPID", "STATE",
                                                   "NAME", "PGDIR",
                                                   "USER EIP"))
        rows = procs()
        for p in rows:
            parent = p["parent"]
            ppid = int(parent["pid"]) if to_int(parent) else 0
            mm, tf = p["mm"], p["tf"]
            pgdir = "0x%08x" % to_int(mm["pgdir"]) if to_int(mm) else "-"
            eip = "0x%08x" % to_int(tf["eip"]) if to_int(tf) else "-"
            mark = "*" if to_int(p.address) == cur else " "
            if mark == "*" and user_mode:
                eip = "0x%08x" % register("eip")    # running it right now
            print("%s %5d %5d  %-9s %-16s %-10s  %s"
                  % (mark, int(p["pid"]), ppid,
                     enum_name(p["state"], "PROC_"), c_string(p["name"]),
                     pgdir, eip))
        if not rows:
            print("  (no processes yet)")
        if cur == 0:
            print("current = NULL: the CPU is in the scheduler (or not yet "
                  "running processes)")


# -------------------------------------------------------------- usersyms

def find_program(name):
    """The host file with the symbols of program `name`: a path to an
    existing file, or /bin/NAME or NAME, found in PROGRAM_DIRS. The
    initrd's copies are stripped; build/user/NAME keeps the debug info."""
    if os.path.isfile(name):
        return os.path.abspath(name)
    base = os.path.basename(name)
    tried = []
    for folder in PROGRAM_DIRS:
        path = os.path.join(ROOT, folder, base)
        if os.path.isfile(path):
            return path
        tried.append(os.path.join(folder, base))
    raise gdb.GdbError("no program %r: looked for %s. Run `make` first?"
                       % (name, " and ".join(tried)))


# The user program whose symbols gdb has now, and the file's modification
# time then. Every program lives at the same addresses (0x08048000 up), so
# we keep one at a time: two would give every address two names.
loaded_program = None
loaded_mtime = None


def load_user_symbols(name):
    """Load program `name`'s symbols (removing the previous program's);
    returns (host path, Elf). If they are loaded already (and the file has
    not been rebuilt since), leave them: reloading makes gdb re-resolve
    every breakpoint."""
    global loaded_program, loaded_mtime
    path = find_program(name)
    elf = Elf(path)
    if elf.type != 2:                               # ET_EXEC
        raise gdb.GdbError("%s is not a static executable (ET_EXEC)" % path)
    mtime = os.path.getmtime(path)
    if path == loaded_program and mtime == loaded_mtime:
        return path, elf
    if loaded_program is not None:
        try:
            gdb.execute("remove-symbol-file " + loaded_program,
                        to_string=True)
        except gdb.error:
            pass                # already gone (e.g. after a `file` command)
    # No address: add-symbol-file uses the addresses in the file, which
    # are the real ones, since the program is linked at 0x08048000 and
    # loaded exactly there (no relocation).
    gdb.execute("add-symbol-file " + path, to_string=True)
    loaded_program, loaded_mtime = path, mtime
    if "main" not in elf.symbols() and "_start" not in elf.symbols():
        print("warning: %s has no symbol table (stripped?)" % path)
    return path, elf


class UsersymsCommand(gdb.Command):
    """Load a user program's symbols, so gdb knows its functions and lines.
Usage: usersyms PROG     PROG: /bin/hello, hello, or a path to the ELF file
The symbols come from build/user/PROG (or build/tests/PROG), which has the
debug information the initrd's stripped copy lacks. Symbols of the program
loaded before are removed: all programs share the same addresses."""

    def __init__(self):
        super().__init__("usersyms", gdb.COMMAND_USER, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            if loaded_program:
                print("user symbols: %s" % loaded_program)
            else:
                print("no user program's symbols loaded; usage: usersyms PROG")
            return
        path, elf = load_user_symbols(arg.strip())
        print("symbols of %s from %s (entry point 0x%08x)"
              % (arg.strip(), os.path.relpath(path, ROOT), elf.entry))


# --------------------------------------- the running program's symbols

# Where the host keeps, with their debug information, the programs that
# the initrds hold stripped: the path a process exec'd -> the host file.
INITRD_DIRS = [("/tests/glibc/", "build/tests/glibc"), ("/tests/", "build/tests"),
               ("/bin/", "build/user")]


def running_program(p):
    """The path process p exec'd ("/bin/hello"), read from the kernel: the
    name of the region holding the start of its code (mm->start_code),
    which exec names after the path it opened (as /proc/PID/exe)."""
    if to_int(p["mm"]) == 0:
        return None
    mm = p["mm"].dereference()
    code = to_int(mm["start_code"])
    for area in region_list(mm):
        if to_int(area["start"]) <= code < to_int(area["end"]):
            return c_string(area["name"]) or None
    return None


def host_file_for(path):
    """build/user/NAME for /bin/NAME and so on, or None."""
    for prefix, folder in INITRD_DIRS:
        if path.startswith(prefix) and "/" not in path[len(prefix):]:
            host = os.path.join(ROOT, folder, path[len(prefix):])
            return host if os.path.isfile(host) else None
    return None


def follow_running_program():
    """When gdb stops with a process current, make the user symbols gdb
    holds that process's program: load them if we have its file, else
    warn that the loaded ones (if any) belong to another program."""
    p = current_proc()
    if p is None:
        return
    path = running_program(p)
    if path is None:
        return
    host = host_file_for(path)
    who = "%s[%d]" % (c_string(p["name"]), int(p["pid"]))
    if host is None:
        if loaded_program:
            print("[pagoda] warning: the user symbols loaded are %s's, but "
                  "%s runs %s, for which there is no file under build/: "
                  "user addresses will get the wrong names"
                  % (os.path.relpath(loaded_program, ROOT), who, path))
        return
    if host == loaded_program and os.path.getmtime(host) == loaded_mtime:
        return
    load_user_symbols(host)
    print("[pagoda] %s runs %s: loaded its symbols from %s"
          % (who, path, os.path.relpath(host, ROOT)))


# ------------------------------------------------------------ break-user

def page_present(vaddr):
    """Is vaddr's page present in the address space the CPU uses now?"""
    cr3 = register("cr3")
    if cr3 is None:
        return True                    # cannot tell: assume it is
    _, pte = pte_lookup(phys_to_virt(cr3 & 0xFFFFF000), vaddr)
    return pte is not None and bool(pte & PTE_P)


class UserBreakpoint(gdb.Breakpoint):
    """A breakpoint at a user address that stops only in one program.

    QEMU checks breakpoints against the virtual address of the next
    instruction, whatever the address space, so a plain breakpoint at
    0x08049020 would stop in *every* process (they all start there).
    stop() runs each time the CPU gets there and decides whether to
    really stop."""

    def __init__(self, spec, comm):
        super().__init__(spec, gdb.BP_BREAKPOINT)
        self.comm = comm

    def stop(self):
        try:
            cs = register("cs")
            if cs is not None and cs & 3 != 3:
                return False           # kernel mode (a kernel copy of memcpy...)
            p = current_proc()
            if p is None or c_string(p["name"]) != self.comm:
                return False           # another program at the same address
            # The first time a program reaches an instruction, its page is
            # usually not there yet: the CPU will take a page fault, the
            # kernel maps the page and returns to the same instruction, and
            # we get here again. Stop then, so `step` starts cleanly.
            return page_present(register("eip"))
        except gdb.error as e:
            print("break-user: cannot check the process (%s); stopping" % e)
            return True


class BreakUserCommand(gdb.Command):
    """Stop when a user program gets somewhere.
Usage: break-user PROG [WHERE]
  PROG   the program: hello, /bin/hello, or a path to its ELF file
  WHERE  any gdb location in it (main, hello.c:9, *0x8049000); default:
         its first instruction, the ELF entry point (_start)
Loads PROG's symbols (usersyms) and sets a breakpoint that stops only when
the current process's name (current->name) is PROG's name, in user mode,
with the instruction's page present."""

    def __init__(self):
        super().__init__("break-user", gdb.COMMAND_USER,
                         gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        words = arg.split(None, 1)
        if not words:
            raise gdb.GdbError("usage: break-user PROG [WHERE]")
        prog = words[0]
        path, elf = load_user_symbols(prog)
        spec = words[1] if len(words) > 1 else "*0x%x" % elf.entry
        # The kernel names a process after the basename of the path it
        # executed, cut to 15 characters (proc_set_name, proc/proc.c).
        comm = os.path.basename(prog)[:PROC_NAME_MAX - 1]
        # To put a breakpoint on a function after its prologue, gdb reads
        # the function's first instructions. The program's pages are not
        # mapped yet (or another program is), so let gdb read them from
        # the ELF file for this once. (Not always: `x` on a user address
        # should show what the CPU sees, including "cannot access".)
        trusted = gdb.parameter("trust-readonly-sections")
        gdb.execute("set trust-readonly-sections on")
        try:
            bp = UserBreakpoint(spec, comm)
        finally:
            gdb.execute("set trust-readonly-sections %s"
                        % ("on" if trusted else "off"))
        for loc in getattr(bp, "locations", []):
            if loc.address >= 0xC0000000:
                loc.enabled = False    # a kernel function of the same name
        print("breakpoint %d stops only in process \"%s\" (%s)"
              % (bp.number, comm, os.path.relpath(path, ROOT)))


# ----------------------------------------------------- trap-frame unwinder
#
# When a program traps (int $0x80, a page fault, a timer interrupt), the
# CPU switches to the process's kernel stack and pushes the user's ss,
# esp, eflags, cs and eip at its very top; trapentry.asm then pushes the
# rest, building a struct trapframe (kernel/trap.h) at current->tf. gdb
# cannot know this by itself, so normally a backtrace in the kernel ends
# at trap_common. This unwinder tells gdb: "the caller of trap_common is
# the user code whose registers are in current->tf".

class TrapLayout:
    """Addresses and offsets the unwinder needs, read once from the
    kernel's ELF file and debug info (never by evaluating expressions:
    an unwinder must not depend on the frames it is computing)."""

    def __init__(self, kernel_path):
        syms = Elf(kernel_path).symbols()
        # The entry stubs, one per vector, are named trap_stub_N.
        self.labels = sorted((addr, name) for name, addr in syms.items()
                             if name.startswith("trap_stub_") or
                             name in ("trap_common", "trap_return"))
        self.stub = {int(name[10:]): addr for addr, name in self.labels
                     if name.startswith("trap_stub_")}
        self.first = min(self.stub.values())
        self.trap_common = syms["trap_common"]
        self.trap_return = syms["trap_return"]
        self.current = syms["current"]
        self.popad = self.iret = None           # found by find_ends()
        self.after_call = None                  # trap_common's return from trap()
        proc = gdb.lookup_type("struct proc")
        self.proc_tf = field_offset(proc, "tf")
        tf = gdb.lookup_type("struct trapframe")
        self.tf_size = tf.sizeof
        self.tf_offset = {f.name: f.bitpos // 8 for f in tf.fields()}

    def find_ends(self, arch):
        """The addresses of trap_return's popad and iret (if the kernel's
        memory is readable yet: not before paging is on)."""
        try:
            insns = arch.disassemble(self.trap_return, count=10)
            entry = arch.disassemble(self.trap_common, count=16)
        except gdb.MemoryError:
            return
        for insn, following in zip(entry, entry[1:]):
            if insn["asm"].startswith("call"):
                self.after_call = following["addr"]
                break
        for insn in insns:
            if insn["asm"].startswith("popa"):
                self.popad = insn["addr"]
            if insn["asm"].startswith("iret"):
                self.iret = insn["addr"]
                return

    def function_at(self, pc):
        """The label (stub, trap_common, trap_return) pc is in."""
        return max(addr for addr, _ in self.labels if addr <= pc)


def field_offset(struct_type, name):
    for f in struct_type.fields():
        if f.name == name:
            return f.bitpos // 8
    raise gdb.GdbError("struct has no field %s" % name)


class FrameId:
    """What gdb needs to tell one frame from another: a stack address that
    stays the same during the function's life and the function's start."""

    def __init__(self, sp, pc):
        self.sp, self.pc = sp, pc


layout_cache = {}


def trap_layout():
    """The TrapLayout of the kernel gdb has loaded, or None."""
    path = gdb.current_progspace().filename
    if not path:
        return None
    if path not in layout_cache:
        try:
            layout_cache[path] = TrapLayout(path)
        except (gdb.error, gdb.GdbError, KeyError, OSError, ValueError):
            layout_cache[path] = None          # not Pagoda's kernel
    return layout_cache[path]


def forget_layout(event=None):
    layout_cache.clear()


GPRS = ["eax", "ecx", "edx", "ebx", "ebp", "esi", "edi"]


class TrapFrameUnwinder(Unwinder):
    """Unwinds kernel/trapentry.asm into the interrupted user program."""

    def __init__(self):
        super().__init__("pagoda-trapframe")

    def __call__(self, pending_frame):
        lay = trap_layout()
        if lay is None:
            return None
        pc = to_int(pending_frame.read_register("eip"))
        if not lay.first <= pc <= lay.trap_return + 16:
            return None                      # not in trapentry.asm
        if lay.iret is None:
            lay.find_ends(pending_frame.architecture())
        if lay.iret is None or pc > lay.iret:
            return None
        proc = read_u32(lay.current)
        if proc == 0:
            return None                      # the scheduler's idle loop
        tf = read_u32(proc + lay.proc_tf)
        top = tf + lay.tf_size               # top of the kernel stack
        sp = to_int(pending_frame.read_register("esp"))
        if not tf - 0x2000 <= sp <= top:
            return None                      # not on this process's stack
        if pc == lay.after_call and read_u32(sp) != tf:
            # trap()'s argument is not the process's own trap frame: a
            # trap the kernel took itself (say in trap_return, see
            # kernel/fixup.c), nested inside the process's trap.
            return self.kernel_trap(pending_frame, lay, read_u32(sp), pc)
        words = read_u32s(tf, lay.tf_size // 4)

        def saved(name):
            return words[lay.tf_offset[name] // 4]

        if saved("cs") & 3 != 3:
            return None                      # trapped from the kernel itself

        info = pending_frame.create_unwind_info(
            FrameId(gdb.Value(top), gdb.Value(lay.function_at(pc))))

        def put(name, value):
            # A value of the register's own type (eflags is a set of
            # flags, eip a code pointer), made from its 4 bytes.
            reg_type = pending_frame.read_register(name).type
            raw = struct.pack("<I", value & 0xFFFFFFFF)[:reg_type.sizeof]
            info.add_saved_register(name, gdb.Value(raw, reg_type))

        # Pushed by the CPU: valid from the trap's first instruction on.
        put("eip", saved("eip"))
        put("esp", saved("esp"))
        put("eflags", saved("eflags"))
        put("cs", saved("cs") & 0xFFFF)
        put("ss", saved("ss") & 0xFFFF)
        # The general registers: saved by trap_common's pushad, restored
        # by trap_return's popad; before and after that, the CPU still
        # holds the user's values.
        in_trapframe = lay.trap_common < pc <= (lay.popad or lay.trap_return)
        for name in GPRS:
            if in_trapframe:
                put(name, saved(name))
            else:
                put(name, to_int(pending_frame.read_register(name)))
        return info


    def kernel_trap(self, pending_frame, lay, ktf, pc):
        """The caller of trap_common for a trap from ring 0: the kernel
        code whose registers are in the trap frame at ktf.  The CPU pushed
        no esp or ss, so that code's esp is where the frame's esp field
        starts, and its ss is the kernel's."""
        words = read_u32s(ktf, lay.tf_size // 4)

        def saved(name):
            return words[lay.tf_offset[name] // 4]

        esp = ktf + lay.tf_offset["esp"]
        info = pending_frame.create_unwind_info(
            FrameId(gdb.Value(esp), gdb.Value(lay.function_at(pc))))
        for name, value in [("eip", saved("eip")), ("esp", esp),
                            ("eflags", saved("eflags")), ("cs", saved("cs") & 0xFFFF)] + \
                [(name, saved(name)) for name in GPRS]:
            reg_type = pending_frame.read_register(name).type
            raw = struct.pack("<I", value & 0xFFFFFFFF)[:reg_type.sizeof]
            info.add_saved_register(name, gdb.Value(raw, reg_type))
        return info


# ------------------------------------------------------------ finish-trap

class ReturnToUserBreakpoint(gdb.Breakpoint):
    """An internal breakpoint on trap_return's iret that stops only when
    it is about to return to process `proc` in user mode."""

    def __init__(self, iret, proc):
        super().__init__("*0x%x" % iret, gdb.BP_BREAKPOINT, internal=True,
                         temporary=False)
        self.proc = proc
        self.silent = True

    def stop(self):
        if to_int(kernel_var("current")) != self.proc:
            return False
        # iret pops eip, then cs: the cs it will load is at esp + 4.
        return read_u32(register("esp") + 4) & 3 == 3


class FinishTrapCommand(gdb.Command):
    """Run until the kernel returns from this trap to the user program.
Usage: finish-trap
Use it anywhere in the kernel while it handles a system call, page fault
or interrupt from the current process: it stops at the user instruction
the process resumes at. For a system call that is the instruction after
`int $0x80`; for a page fault, the instruction that faulted, which now
runs. (gdb's own `finish` in trap_common does the same in most cases.)"""

    def __init__(self):
        super().__init__("finish-trap", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        cs = register("cs")
        if cs is not None and cs & 3 == 3:
            raise gdb.GdbError("already in user mode")
        p = current_proc()
        if p is None:
            raise gdb.GdbError("no current process: not in a trap from "
                               "user space")
        lay = trap_layout()
        if lay is None:
            raise gdb.GdbError("kernel symbols not loaded")
        if lay.iret is None:
            lay.find_ends(gdb.selected_frame().architecture())
        bp = ReturnToUserBreakpoint(lay.iret, to_int(p.address))
        try:
            gdb.execute("continue")
        finally:
            if bp.is_valid():
                bp.delete()
        # Stopped at our iret (silently), or somewhere else: another
        # breakpoint, or the program ended.
        if register("eip") == lay.iret:
            gdb.execute("stepi")           # execute the iret itself


# ------------------------------------------------------- backtrace filter

def function_name_at(pc):
    """The name of the function containing pc, by exact address."""
    block = gdb.current_progspace().block_for_pc(pc)
    while block is not None and block.function is None:
        block = block.superblock
    if block is not None:
        return block.function.print_name
    text = gdb.execute("info symbol 0x%x" % pc, to_string=True)
    if text.startswith("No symbol"):
        return None
    return text.split(" in section")[0].split(" + ")[0].strip() or None


def symbols_hint(p):
    """A hint to load the symbols of process p's program, or None if they
    are loaded (or we have no file for it)."""
    name = c_string(p["name"])
    if loaded_program and os.path.basename(loaded_program) == name:
        return None
    try:
        find_program(name)
    except gdb.GdbError:
        return None
    return "`usersyms %s` loads the symbols of %s" % (name, name)


class PagodaFrame(FrameDecorator):
    """How `bt` shows a frame.

    With exact=True, the frame was stopped by a fault or an interrupt: its
    eip is the instruction that was about to run, not a return address, so
    we name the function and line of eip itself (for callers gdb looks at
    eip - 1, which is right after a call but not here). And a function
    gdb knows no name for is shown as ?? (gdb 13 prints nothing)."""

    def __init__(self, base, exact):
        super().__init__(base)
        self.exact = exact

    def function(self):
        pc = self.inferior_frame().pc()
        if self.exact:
            name = function_name_at(pc)
            if name:
                return name
        name = super().function()
        if isinstance(name, int):          # no debug info: by symbol table
            name = function_name_at(name)
        return name or "??"

    def line(self):
        if self.exact:
            line = gdb.find_pc_line(self.inferior_frame().pc()).line
            if line:
                return line
        return super().line()


class TrapFrameFilter:
    """Frame filter for `bt`: fixes the line of a frame interrupted by a
    fault or interrupt, and explains where the backtrace stops."""

    def __init__(self):
        self.name = "pagoda-trap"
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        return self.frames(frames)

    @staticmethod
    def frames(frames):
        lay = trap_layout()
        exact, last = False, None
        for decorator in frames:
            frame = decorator.inferior_frame()
            decorator = PagodaFrame(decorator, exact)
            exact = lay is not None and trap_vector(lay, frame) not in (
                None, T_SYSCALL)
            last = frame
            yield decorator
        if last is None or last.pc() >= 0xC0000000:
            return
        if last.unwind_stop_reason() == gdb.FRAME_UNWIND_INNER_ID:
            print("(gdb cannot go on from the kernel's stack into the "
                  "program's, which lies below it: `finish-trap` and then "
                  "`bt` show the program's callers)")
        p = current_proc()
        hint = symbols_hint(p) if p is not None else None
        if hint and function_name_at(last.pc()) is None:
            print("(%s)" % hint)


def trap_vector(lay, frame):
    """The trap vector if `frame` is in trapentry.asm, else None."""
    pc = frame.pc()
    if not lay.first <= pc <= (lay.iret or lay.trap_return):
        return None
    start = lay.function_at(pc)
    for vector, addr in lay.stub.items():
        if addr == start:
            return vector
    proc = read_u32(lay.current)                 # trap_common/trap_return
    if proc == 0:
        return None
    tf = read_u32(proc + lay.proc_tf)
    return read_u32(tf + lay.tf_offset["trapno"])


# ------------------------------------------------------------ stop notes

def syscall_name(nr):
    """The name the kernel's system-call table gives number nr."""
    try:
        entry = kernel_var("table", "kernel/syscall.c")[nr]
        return entry["name"].string() if to_int(entry) else "unknown"
    except (gdb.error, gdb.GdbError, IndexError):
        return "?"


class FollowSymbolsParameter(gdb.Parameter):
    """Whether each stop loads the symbols of the program current runs."""
    set_doc = "Set whether gdb loads the running program's symbols at each stop."
    show_doc = "Show whether gdb loads the running program's symbols at each stop."

    def __init__(self):
        super().__init__("pagoda-follow-symbols", gdb.COMMAND_SUPPORT,
                         gdb.PARAM_BOOLEAN)
        self.value = True

    def get_show_string(self, value):
        return "pagoda-follow-symbols is %s" % value


def on_stop(event):
    """At each stop, load the symbols of the program running (see
    follow_running_program; `set pagoda-follow-symbols off` stops it).
    After a `stepi` or `step` from user space into the kernel, say which
    trap it was: students otherwise land in trapentry.asm not knowing why."""
    lay = trap_layout()
    pc, cs = register("eip"), register("cs")
    if lay is None or pc is None or cs is None:
        return
    try:
        if gdb.parameter("pagoda-follow-symbols"):
            follow_running_program()
        p = current_proc()
        if p is None:
            return
        if cs & 3:                           # stopped in user mode
            hint = symbols_hint(p)
            if hint and function_name_at(pc) is None:
                print("[pagoda] %s" % hint)
            return
        who = "%s[%d]" % (c_string(p["name"]), int(p["pid"]))
        user_eip = to_int(p["tf"]["eip"])
        # At a stub's first instruction the CPU has just pushed eip, cs
        # (after an error code, for a page fault): was cs the user's?
        esp = register("esp")
        if pc == lay.stub.get(T_PAGE_FAULT) and read_u32(esp + 8) & 3 == 3:
            sal = gdb.find_pc_line(user_eip)
            where = function_name_at(user_eip) or "??"
            if sal.symtab is not None:
                where += " (%s:%d)" % (sal.symtab.filename, sal.line)
            print("[pagoda] page fault: %s touched 0x%08x (CR2) at eip "
                  "0x%08x in %s.\n[pagoda] `explain $cr2` tells what the "
                  "kernel will do; `finish-trap` lets it and returns to "
                  "that instruction." % (who, register("cr2") or 0,
                                         user_eip, where))
        elif pc == lay.stub.get(T_SYSCALL) and read_u32(esp + 4) & 3 == 3:
            nr = register("eax")
            print("[pagoda] system call %d (%s) from %s. `bt` shows the "
                  "program below the trap; `finish-trap` returns to it."
                  % (nr, syscall_name(nr), who))
    except (gdb.error, gdb.GdbError):
        pass


FollowSymbolsParameter()
ProcsCommand()
UsersymsCommand()
BreakUserCommand()
FinishTrapCommand()
TrapFrameFilter()
register_unwinder(None, TrapFrameUnwinder(), replace=True)

# Event handlers. If pagoda.py is sourced again, this module is reloaded:
# disconnect the old module's handlers first, or each note would print twice.
for event, handler in getattr(gdb, "_pagoda_handlers", []):
    event.disconnect(handler)
gdb._pagoda_handlers = [(gdb.events.new_objfile, forget_layout),
                        (gdb.events.clear_objfiles, forget_layout),
                        (gdb.events.stop, on_stop)]
for event, handler in gdb._pagoda_handlers:
    event.connect(handler)
