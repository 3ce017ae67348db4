"""tools/gdb/pagoda_lib.py - helpers shared by Pagoda's gdb commands.

Nothing here defines a command; tools/gdb/pagoda.py loads the modules
that do (pagoda_mem.py, pagoda_proc.py), and they all use these helpers:

    read_u32s(vaddr, n)      words of guest memory (virtual address)
    register("cr3")          a CPU register, or None
    kernel_var("current")    a kernel global or file-static variable
    procs(), proc_by_pid(n)  the process table
    process_arg(text)        "the process the user means" (pid or current)
    pte_lookup(pgdir, va)    PDE and PTE of one virtual address
    decode_entry(e)          "P RW US A D" for a page table entry
    frame_refcount(pa)       the reference count of a physical frame
    Elf(path)                a tiny reader for ELF headers and symbols

They read the kernel's data structures through gdb: gdb knows their
layout from the kernel's debug information (build/kernel.elf is built
with -g), so `value["field"]` works as `value->field` does in C.
"""
import os
import struct

import gdb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))   # the repo

# ---------------------------------------------------------------- layout
# These mirror the kernel's headers; the comment says which one.

KERNBASE = 0xC0000000        # mm/layout.h KERNEL_VMA: virtual = phys + this
USER_END = KERNBASE          # mm/layout.h: user addresses are below
MMAP_MIN_ADDR = 0x10000      # mm/mm.h: nothing is mapped below 64 KiB
STACK_LIMIT = 8 << 20        # mm/mm.h: the stack may grow to 8 MiB
STACK_GUARD_GAP = 1 << 20    # mm/mm.h: and keeps 1 MiB above the region below
PAGE = 0x1000                # 4 KiB page
BIG_PAGE = 0x400000          # 4 MiB page (PDE with PS set)

# Bits of a page directory / page table entry (mm/paging.h, mm/mm.h).
PTE_P = 0x001                # present
PTE_W = 0x002                # writable
PTE_U = 0x004                # user mode may access
PTE_PWT = 0x008              # write-through
PTE_PCD = 0x010              # cache disabled
PTE_A = 0x020                # accessed: the CPU set it on a use
PTE_D = 0x040                # dirty: the CPU set it on a write
PTE_PS = 0x080               # (PDE only) this entry maps a 4 MiB page
PTE_G = 0x100                # global: survives a CR3 reload in the TLB
PTE_PROTNONE = 0x200         # software bit (mm/mm.h): frame kept, PROT_NONE
# The names are the ones `pgdir` prints: RW is PTE_W, US is PTE_U.
ENTRY_BITS = [(PTE_P, "P"), (PTE_W, "RW"), (PTE_U, "US"), (PTE_PWT, "PWT"),
              (PTE_PCD, "PCD"), (PTE_A, "A"), (PTE_D, "D"), (PTE_PS, "PS"),
              (PTE_G, "G"), (PTE_PROTNONE, "PROTNONE")]

# Region flags (mm/region.h).
VM_READ, VM_WRITE, VM_EXEC = 0x01, 0x02, 0x04
VM_SHARED, VM_GROWSDOWN = 0x08, 0x10
VM_MAYSHARE = 0x800          # mapped MAP_SHARED: 's' in maps, even read-only

S_IFMT, S_IFREG = 0o170000, 0o100000    # file type bits of inode->mode

CR0_PG = 0x80000000          # paging enabled


# ---------------------------------------------------------------- memory

def read_u32s(vaddr, count):
    """Read `count` little-endian 32-bit words at virtual address vaddr
    (through the page tables the CPU uses right now)."""
    mem = gdb.selected_inferior().read_memory(vaddr, 4 * count)
    return struct.unpack("<%dI" % count, bytes(mem))


def read_u32(vaddr):
    return read_u32s(vaddr, 1)[0]


def phys_to_virt(paddr):
    """The kernel maps all physical memory at KERNBASE + physical, in
    every address space, so gdb can read any frame there."""
    return KERNBASE + paddr


def register(name):
    """Value of register $name (e.g. "cr3"), or None if gdb can't read it."""
    try:
        return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFF
    except gdb.error:
        return None


def to_int(value):
    """A gdb.Value (number or pointer) as an unsigned 32-bit Python int."""
    return int(value) & 0xFFFFFFFF


def parse_address(text):
    """Evaluate a gdb expression given to a command ("$esp", "0x8048000",
    "&environ") to an int."""
    try:
        value = gdb.parse_and_eval(text)
        if value.type.code in (gdb.TYPE_CODE_FUNC, gdb.TYPE_CODE_ARRAY):
            value = value.address          # `explain main`: its address
        return to_int(value)
    except gdb.error as e:
        raise gdb.GdbError("cannot evaluate %r: %s" % (text, e))


# -------------------------------------------------------- kernel symbols

def kernel_var(name, filename=None):
    """The kernel variable `name` as a gdb.Value.

    We look it up by symbol rather than with parse_and_eval(name), so a
    local variable of the same name in the function you are stopped in
    cannot hide it. For a `static` variable, give the file it lives in
    (e.g. kernel_var("pages", "mm/frame.c")), since several files may
    have a static of that name."""
    if filename is None:
        sym = gdb.lookup_global_symbol(name)
        if sym is not None:
            return sym.value()
    for sym in gdb.lookup_static_symbols(name):
        if filename is None or sym.symtab.filename.endswith(filename):
            return sym.value()
    raise gdb.GdbError("kernel symbol `%s' not found: is build/kernel.elf "
                       "loaded (gdb `file build/kernel.elf`)?" % name)


def c_string(array):
    """A char array field (e.g. proc->name) as a Python str."""
    raw = bytes(int(array[i]) & 0xFF for i in range(array.type.sizeof))
    return raw.split(b"\0", 1)[0].decode("latin-1")


def enum_name(value, prefix=""):
    """An enum value as text without its prefix: PROC_RUNNING -> RUNNING."""
    text = str(value)
    return text[len(prefix):] if text.startswith(prefix) else text


# ---------------------------------------------------------- processes

def procs():
    """The used slots of proc_table (proc/proc.h), as gdb.Values."""
    table = kernel_var("proc_table")
    low, high = table.type.range()
    result = []
    for i in range(low, high + 1):
        p = table[i]
        if enum_name(p["state"]) != "PROC_UNUSED":
            result.append(p)
    return result


def proc_by_pid(pid):
    for p in procs():
        if int(p["pid"]) == pid:
            return p
    raise gdb.GdbError("no process with pid %d (see `procs`)" % pid)


def current_proc():
    """*current as a gdb.Value, or None while the scheduler is idle
    (current == NULL) or before the first process exists."""
    cur = kernel_var("current")
    if to_int(cur) == 0:
        return None
    return cur.dereference()


def proc_title(p):
    return "process %d (%s)" % (int(p["pid"]), c_string(p["name"]))


def split_pid_option(arg):
    """Commands accept `-p PID` to look at another process. Returns
    (pid or None, the rest of the argument string)."""
    words = arg.split()
    if len(words) >= 2 and words[0] == "-p":
        try:
            pid = int(words[1], 0)
        except ValueError:
            raise gdb.GdbError("-p needs a process id, got %r" % words[1])
        return pid, " ".join(words[2:])
    return None, arg.strip()


def process_arg(pid):
    """The process a command should look at: pid's, or the current one."""
    if pid is not None:
        return proc_by_pid(pid)
    p = current_proc()
    if p is None:
        raise gdb.GdbError("no current process: the CPU is in the scheduler "
                           "(current == NULL) or no process exists yet. "
                           "Name one with -p PID (see `procs`).")
    return p


def proc_mm(p):
    """p->mm as a gdb.Value (struct mm), or an error if it has none."""
    mm = p["mm"]
    if to_int(mm) == 0:
        raise gdb.GdbError("%s has no address space (mm == NULL)"
                           % proc_title(p))
    return mm.dereference()


# ------------------------------------------------------------ page tables

def decode_entry(entry):
    """Flag names of a PDE/PTE, e.g. "P RW US A D"."""
    names = [name for bit, name in ENTRY_BITS if entry & bit]
    return " ".join(names) if names else "-"


def pte_lookup(pgdir_virt, va):
    """Walk the two-level page table for virtual address va.

    Returns (pde, pte): pte is None when the PDE is not present (there is
    no page table for this 4 MiB yet) or maps a 4 MiB page."""
    pde = read_u32(pgdir_virt + 4 * (va >> 22))
    if not pde & PTE_P or pde & PTE_PS:
        return pde, None
    table = phys_to_virt(pde & 0xFFFFF000)
    return pde, read_u32(table + 4 * ((va >> 12) & 0x3FF))


class PageTableCache:
    """Reads each page table once (1024 PTEs in one 4 KiB read), for
    commands that look at many pages of the same address space."""

    def __init__(self, pgdir_virt):
        self.pgdir = pgdir_virt
        self.pdes = read_u32s(pgdir_virt, 1024)
        self.tables = {}

    def pte(self, va):
        """The PTE of va, or 0 when there is no page table for it."""
        pdi = va >> 22
        pde = self.pdes[pdi]
        if not pde & PTE_P or pde & PTE_PS:
            return 0
        if pdi not in self.tables:
            self.tables[pdi] = read_u32s(phys_to_virt(pde & 0xFFFFF000), 1024)
        return self.tables[pdi][(va >> 12) & 0x3FF]


PAGE_RESERVED = 0x1          # mm/frame.h: never handed out (kernel, BIOS)


def frame_info(pa):
    """(reference count, reserved?) of the frame at physical address pa,
    from the frame allocator's `struct page` array (mm/frame.c), or
    (None, False) if pa is beyond the frames it manages."""
    pfn = pa >> 12
    if pfn >= to_int(kernel_var("nframes", "mm/frame.c")):
        return None, False
    page = kernel_var("pages", "mm/frame.c")[pfn]
    return to_int(page["refcount"]), bool(to_int(page["flags"]) & PAGE_RESERVED)


def frame_refcount(pa):
    """The reference count of the frame at pa (None if unknown)."""
    return frame_info(pa)[0]


def current_pgdir():
    """(virtual address of the active page directory, where it came from).

    The CPU's CR3 is the truth (QEMU lets gdb read it); the kernel global
    current_pgdir is what the kernel believes. We prefer CR3 and warn if
    the two disagree.
    """
    cr0, cr3 = register("cr0"), register("cr3")
    try:
        known = to_int(kernel_var("current_pgdir"))
    except gdb.GdbError:
        known = None
    if cr0 is not None and not cr0 & CR0_PG:
        raise gdb.GdbError("paging is off (CR0.PG = 0): addresses are "
                           "physical. Try again after paging is enabled.")
    if cr3 is not None:
        virt = phys_to_virt(cr3 & 0xFFFFF000)
        if known and known != virt:
            print("warning: CR3 says 0x%08x but current_pgdir = 0x%08x"
                  % (virt, known))
        return virt, "CR3 = 0x%08x" % cr3
    if known:
        return known, "current_pgdir"
    raise gdb.GdbError("no page directory: CR3 unreadable and "
                       "current_pgdir is NULL or unknown")


# ------------------------------------------------------------- regions

def region_tree_walk(node, depth=0):
    """The regions of the subtree at `node` (a struct vm_area *), in
    address order, each as (vm_area, depth): an in-order walk of the AVL
    tree of mm/region.c (left subtree, the node, right subtree), with an
    explicit stack so that a deep tree costs no Python recursion."""
    out, stack = [], []
    while stack or to_int(node) != 0:
        if to_int(node) != 0:
            stack.append((node, depth))
            node, depth = node["left"], depth + 1
            continue
        node, depth = stack.pop()
        area = node.dereference()
        out.append((area, depth))
        node, depth = area["right"], depth + 1
    return out


def region_list(mm):
    """The regions of a struct mm (mm/region.h), in address order, read
    from its region tree."""
    regions = mm["regions"]
    walked = region_tree_walk(regions["root"])
    count = to_int(regions["count"])
    if len(walked) != count:
        print("warning: the region tree has %d nodes but count is %d"
              % (len(walked), count))
    return [area for area, _ in walked]


def region_perms(flags):
    """"r-xp" as in /proc/PID/maps: p = private, s = shared."""
    return ("r" if flags & VM_READ else "-") + \
           ("w" if flags & VM_WRITE else "-") + \
           ("x" if flags & VM_EXEC else "-") + \
           ("s" if flags & VM_MAYSHARE else "p")


# ----------------------------------------------------------------- ELF

class Elf:
    """Just enough of an ELF32 reader for our programs: the entry point,
    the type, and the symbol table (name -> address)."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = f.read()
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 1:        # EI_CLASS 1 = 32-bit
            raise gdb.GdbError("%s is not a 32-bit ELF file" % path)
        # Elf32_Ehdr: e_type (2 bytes at 16), e_entry (24), e_shoff (32),
        # e_shentsize, e_shnum (46, 48).
        self.type, = struct.unpack_from("<H", d, 16)
        self.entry, = struct.unpack_from("<I", d, 24)
        self.shoff, = struct.unpack_from("<I", d, 32)
        self.shentsize, self.shnum = struct.unpack_from("<HH", d, 46)

    def symbols(self):
        """{name: value} from the .symtab section (empty if stripped)."""
        d, result = self.data, {}
        sections = [struct.unpack_from("<IIIIIIIIII", d,
                                       self.shoff + i * self.shentsize)
                    for i in range(self.shnum)]
        for sh in sections:
            if sh[1] != 2:                      # sh_type SHT_SYMTAB
                continue
            offset, size, link = sh[4], sh[5], sh[6]
            strtab = sections[link][4]
            for pos in range(offset, offset + size, 16):
                name_off, value = struct.unpack_from("<II", d, pos)
                end = d.index(b"\0", strtab + name_off)
                name = d[strtab + name_off:end].decode("latin-1")
                if name:
                    result.setdefault(name, value)
        return result
