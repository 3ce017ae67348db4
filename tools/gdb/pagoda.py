"""tools/gdb/pagoda.py - gdb commands for looking inside Pagoda.

Loaded by tools/gdb/gdbinit (so `make gdb` has them). Commands:

    pagoda-connect [PORT]   attach to QEMU's gdb server (default: our port)
    pgdir [ADDR]            list the page mappings of the current page
                            directory (or of the one at virtual ADDR)

`help pgdir` prints a command's help; `help user-defined` lists them all.

Adding a command: write a class like PgdirCommand (a docstring, which is
its help text, and an invoke() method), then create one instance at the
bottom of this file. The helpers below (read_u32s, register, walk, ...)
are meant to be shared by such commands.
"""
import os
import struct
import subprocess

import gdb

HERE = os.path.dirname(os.path.abspath(__file__))

KERNBASE = 0xC0000000        # virtual address of physical address 0
PAGE = 0x1000                # 4 KiB page
BIG_PAGE = 0x400000          # 4 MiB page (PDE with PS set)

# Bits of a page directory / page table entry.
PTE_P = 0x001                # present
PTE_RW = 0x002               # writable
PTE_US = 0x004               # user mode may access
PTE_PS = 0x080               # (PDE only) this entry maps a 4 MiB page
PTE_G = 0x100                # global: survives a CR3 reload in the TLB
FLAG_NAMES = [(PTE_P, "P"), (PTE_RW, "RW"), (PTE_US, "US"), (PTE_G, "G")]
FLAG_MASK = PTE_P | PTE_RW | PTE_US | PTE_G   # the bits we show and compare

CR0_PG = 0x80000000          # paging enabled


# ---------------------------------------------------------------- helpers

def read_u32s(vaddr, count):
    """Read `count` little-endian 32-bit words at virtual address vaddr."""
    mem = gdb.selected_inferior().read_memory(vaddr, 4 * count)
    return struct.unpack("<%dI" % count, bytes(mem))


def phys_to_virt(paddr):
    """The kernel maps all physical memory at KERNBASE + physical."""
    return KERNBASE + paddr


def register(name):
    """Value of register $name (e.g. "cr3"), or None if gdb can't read it."""
    try:
        return int(gdb.parse_and_eval("$" + name)) & 0xFFFFFFFF
    except gdb.error:
        return None


def symbol(name):
    """Value of the kernel global `name` as an int, or None if unknown."""
    try:
        return int(gdb.parse_and_eval(name)) & 0xFFFFFFFF
    except gdb.error:
        return None


def flag_string(flags, big):
    """Flags as text, e.g. "P RW G 4M"."""
    names = [name for bit, name in FLAG_NAMES if flags & bit]
    if big:
        names.append("4M")
    return " ".join(names)


def size_string(size):
    """4096 -> "4K", 4 MiB -> "4M"."""
    if size % (1 << 20) == 0:
        return "%dM" % (size >> 20)
    return "%dK" % (size >> 10)


def walk(pgdir_virt):
    """Yield (virt, phys, size, flags, big) for each present page.

    For 4 KiB pages RW and US must be allowed by both the PDE and the PTE,
    so the flags shown are the ones that really apply.
    """
    pdes = read_u32s(pgdir_virt, 1024)
    for pdi, pde in enumerate(pdes):
        if not pde & PTE_P:
            continue
        virt = pdi * BIG_PAGE
        if pde & PTE_PS:
            yield virt, pde & 0xFFC00000, BIG_PAGE, pde & FLAG_MASK, True
            continue
        ptes = read_u32s(phys_to_virt(pde & 0xFFFFF000), 1024)
        for pti, pte in enumerate(ptes):
            if pte & PTE_P:
                flags = (pte & (PTE_P | PTE_G)) | (pte & pde & (PTE_RW | PTE_US))
                yield virt + pti * PAGE, pte & 0xFFFFF000, PAGE, flags, False


def merge(mappings):
    """Join pages that are contiguous (virtually and physically) and have
    the same flags into ranges [virt, phys, size, flags, big]. A range
    never crosses KERNBASE, so user and kernel ranges stay apart."""
    ranges = []
    for virt, phys, size, flags, big in mappings:
        last = ranges[-1] if ranges else None
        if (last and last[0] + last[2] == virt and last[1] + last[2] == phys
                and last[3] == flags and last[4] == big and virt != KERNBASE):
            last[2] += size
        else:
            ranges.append([virt, phys, size, flags, big])
    return ranges


def current_pgdir():
    """(virtual address of the active page directory, where it came from).

    The CPU's CR3 is the truth (QEMU lets gdb read it); the kernel global
    current_pgdir is what the kernel believes. We prefer CR3 and warn if
    the two disagree.
    """
    cr0, cr3 = register("cr0"), register("cr3")
    known = symbol("current_pgdir")
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


# --------------------------------------------------------------- commands

class PgdirCommand(gdb.Command):
    """List page mappings as merged ranges. Usage: pgdir [ADDR] (ADDR: virtual address of a page directory; default: the current one)."""

    def __init__(self):
        super().__init__("pgdir", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if arg.strip():
            pgdir, where = int(gdb.parse_and_eval(arg)) & 0xFFFFFFFF, arg
        else:
            pgdir, where = current_pgdir()
        try:
            ranges = merge(walk(pgdir))
        except gdb.MemoryError as e:
            raise gdb.GdbError("cannot read page tables: %s" % e)

        print("page directory at 0x%08x (%s)" % (pgdir, where))
        print("  %-17s    %-8s  %5s  %s" % ("virtual", "physical", "size",
                                            "flags"))
        for title, user in (("user space", True), ("kernel space", False)):
            print(title + ":")
            part = [r for r in ranges if (r[0] < KERNBASE) == user]
            for virt, phys, size, flags, big in part:
                print("  %08x-%08x -> %08x  %5s  %s"
                      % (virt, virt + size, phys,
                         size_string(size), flag_string(flags, big)))
            if not part:
                print("  (nothing mapped)")


class ConnectCommand(gdb.Command):
    """Attach to QEMU's gdb server. Usage: pagoda-connect [PORT] (default: the port tools/gdbport.sh prints)."""

    def __init__(self):
        super().__init__("pagoda-connect", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        port = arg.strip()
        if not port:
            script = os.path.join(HERE, "..", "gdbport.sh")
            port = subprocess.check_output(["sh", script], text=True).strip()
        print("connecting to QEMU on 127.0.0.1:%s "
              "(start it with `make qemu-gdb`)" % port)
        gdb.execute("target remote 127.0.0.1:%s" % port)


PgdirCommand()
ConnectCommand()
