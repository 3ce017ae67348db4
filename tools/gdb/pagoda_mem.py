"""tools/gdb/pagoda_mem.py - gdb commands about memory.

    pgdir [ADDR | -p PID]    the mappings of a page directory, as ranges
    regions [PID]            a process's regions, like /proc/PID/maps
    explain [-p PID] ADDR    everything about one user address: its
                             region, PDE, PTE, frame, and what the page-
                             fault handler would do on a read or a write

Loaded by tools/gdb/pagoda.py. Without -p, the commands look at the
current process (the kernel's `current`).
"""
import copy

import gdb

from pagoda_lib import (
    BIG_PAGE, KERNBASE, MMAP_MIN_ADDR, PAGE, PTE_P, PTE_PROTNONE, PTE_PS,
    PTE_U, PTE_W, PTE_G, S_IFMT, S_IFREG, STACK_GUARD_GAP, STACK_LIMIT,
    USER_END, VM_EXEC, VM_GROWSDOWN, VM_READ, VM_SHARED, VM_WRITE,
    PageTableCache, c_string, current_pgdir, decode_entry, frame_info,
    frame_refcount,
    parse_address, phys_to_virt, proc_mm, proc_title, process_arg,
    pte_lookup, read_u32s, region_list, region_perms, region_tree_walk,
    split_pid_option,
    to_int)


# ------------------------------------------------------------------ pgdir

# The flags pgdir compares and shows: RW and US are what both levels
# allow together, so a range is "RW" only if the PDE and PTE agree.
PGDIR_FLAGS = [(PTE_P, "P"), (PTE_W, "RW"), (PTE_U, "US"), (PTE_G, "G")]
PGDIR_MASK = PTE_P | PTE_W | PTE_U | PTE_G


def flag_string(flags, big):
    """Flags as text, e.g. "P RW G 4M"."""
    names = [name for bit, name in PGDIR_FLAGS if flags & bit]
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
            yield virt, pde & 0xFFC00000, BIG_PAGE, pde & PGDIR_MASK, True
            continue
        ptes = read_u32s(phys_to_virt(pde & 0xFFFFF000), 1024)
        for pti, pte in enumerate(ptes):
            if pte & PTE_P:
                flags = (pte & (PTE_P | PTE_G)) | (pte & pde & (PTE_W | PTE_U))
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


class PgdirCommand(gdb.Command):
    """List page mappings as merged ranges.
Usage: pgdir            the page directory in CR3 (the one in use)
       pgdir ADDR       the page directory at virtual address ADDR
       pgdir -p PID     the page directory of process PID"""

    def __init__(self):
        super().__init__("pgdir", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        words = arg.split()
        tree = "--tree" in words
        arg = " ".join(w for w in words if w != "--tree")
        pid, rest = split_pid_option(arg)
        if pid is not None:
            p = process_arg(pid)
            pgdir = to_int(proc_mm(p)["pgdir"])
            where = proc_title(p)
        elif rest:
            pgdir, where = parse_address(rest), rest
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


# ---------------------------------------------------------------- regions

def region_name(mm, start, end, has_file, own_name):
    """The name /proc/PID/maps shows for a region, by the rules of
    procfs_region_name() (fs/proc_mem.c), so gdb, maps, smaps and pftrace
    agree: a file region's path (the one it was mapped by; maps also
    follows renames and adds " (deleted)"), else [heap] for any region
    touching [start_brk, brk], [stack] for the one holding the initial
    stack pointer, else the region's own name ("" when it has none)."""
    if has_file:
        return own_name
    if start <= to_int(mm["brk"]) and end >= to_int(mm["start_brk"]):
        return "[heap]"
    if start <= to_int(mm["start_stack"]) <= end:
        return "[stack]"
    return own_name


class Region:
    """A struct vm_area (mm/region.h) copied into Python ints, named as
    maps names it."""

    def __init__(self, area, mm):
        self.start = to_int(area["start"])
        self.end = to_int(area["end"])
        self.flags = to_int(area["flags"])
        self.file = area["file"]                  # struct inode *, or 0
        self.offset = to_int(area["pgoff"]) * PAGE   # a byte offset (may pass 4 GiB)
        self.file_end = to_int(area["file_end"])
        self.name = region_name(mm, self.start, self.end, to_int(self.file) != 0,
                                c_string(area["name"]))

    def describe(self):
        """One line, as in /proc/PID/maps."""
        return "%08x-%08x %s %08x %s" % (self.start, self.end,
                                         region_perms(self.flags),
                                         self.offset, self.name)


def regions_of(mm):
    return [Region(a, mm) for a in region_list(mm)]


def page_name(pa):
    """"frame 0x00123000 (refcount 2)", for explain."""
    refs, reserved = frame_info(pa)
    if reserved:
        return "frame 0x%08x (reserved: kernel or firmware)" % pa
    return "frame 0x%08x (refcount %s)" % (pa, "?" if refs is None else refs)


class RegionsCommand(gdb.Command):
    """List a process's regions, like /proc/PID/maps.
Usage: regions [PID] [--tree]   (default: the current process; -p PID works too)
Columns: start-end, permissions (r w x, then p private or s shared), the
file offset of start, resident pages (present in the page table) out of
all the region's pages, and the name. Then the heap and stack boundaries
and the process's page-fault counters.
--tree shows the AVL tree of mm/region.c instead: each region indented by
its depth, with its subtree's height and largest free gap (sub_gap), the
numbers the mmap gap search steers by."""

    def __init__(self):
        super().__init__("regions", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        words = arg.split()
        tree = "--tree" in words
        arg = " ".join(w for w in words if w != "--tree")
        pid, rest = split_pid_option(arg)
        if rest and pid is None:
            try:
                pid = int(rest, 0)                 # `regions 2`
            except ValueError:
                raise gdb.GdbError("usage: regions [PID]")
        elif rest:
            raise gdb.GdbError("usage: regions [PID]")
        p = process_arg(pid)
        mm = proc_mm(p)
        if tree:
            self.show_tree(p, mm)
            return
        pgdir = to_int(mm["pgdir"])
        tables = PageTableCache(pgdir)
        regions = regions_of(mm)
        print("%s: %d regions, page directory at 0x%08x"
              % (proc_title(p), len(regions), pgdir))
        print("%-17s %-4s %-8s %9s  %s" % ("start    end", "perm", "offset",
                                          "resident", "name"))
        for r in regions:
            pages = (r.end - r.start) // PAGE
            present = sum(1 for va in range(r.start, r.end, PAGE)
                          if tables.pte(va) & PTE_P)
            print("%08x-%08x %s %08x %9s  %s"
                  % (r.start, r.end, region_perms(r.flags), r.offset,
                     "%d/%d" % (present, pages), r.name))
        print("brk: start_brk 0x%08x, brk 0x%08x; initial stack pointer "
              "0x%08x" % (to_int(mm["start_brk"]), to_int(mm["brk"]),
                          to_int(mm["start_stack"])))
        c = mm["counters"]
        print("page faults: %d (zero-fill %d, file %d, copy-on-write copy %d"
              " / reuse %d, stack growth %d, segfaults %d)"
              % tuple(to_int(c[f]) for f in (
                  "minor_faults", "zero_fills", "file_pages", "cow_copies",
                  "cow_reuses", "stack_grows", "segfaults")))


    @staticmethod
    def show_tree(p, mm):
        """The region tree, one node a line, in address order, indented
        by depth (the root has none)."""
        walked = region_tree_walk(mm["regions"]["root"])
        print("%s: %d regions in a tree of height %d" % (
            proc_title(p), len(walked),
            max([d + 1 for _, d in walked] or [0])))
        print("%-28s %6s %10s  %s" % ("start    end (by depth)", "height",
                                      "sub_gap", "name"))
        for area, depth in walked:
            r = Region(area, mm)
            print("%-28s %6d %10x  %s" % (
                "  " * depth + "%08x-%08x" % (r.start, r.end),
                to_int(area["height"]), to_int(area["sub_gap"]), r.name))


# ---------------------------------------------------------------- explain
#
# The functions below repeat mm/fault.c's decisions in Python, step by
# step, without changing anything. If you change fault.c, change them too.

class RegionTree:
    """A process's regions as mm/region.c searches them: each lookup below
    walks one path down the AVL tree from the root, as the C does."""

    def __init__(self, mm):
        self.mm = mm
        self.root = mm["regions"]["root"]

    def descend(self, keep, addr):
        """The last node on the path from the root that keep(area, addr)
        accepts: going left after a node it accepts, right after one it
        does not (so keep must be true of a prefix of the regions)."""
        best, node = None, self.root
        while to_int(node) != 0:
            area = node.dereference()
            if keep(area, addr):
                best, node = area, area["left"]
            else:
                node = area["right"]
        return Region(best, self.mm) if best is not None else None


def region_next(tree, addr):
    """The first region ending above addr, or None (region_next in
    mm/region.c): a region ends above addr, so do all to its right."""
    return tree.descend(lambda a, x: to_int(a["end"]) > x, addr)


def region_find(tree, addr):
    """The region containing addr, or None (region_find in mm/region.c)."""
    r = region_next(tree, addr)
    return r if r is not None and r.start <= addr else None


def region_prev(tree, addr):
    """The last region starting below addr, or None (region_prev in
    mm/region.c): the mirror image, keeping nodes that start below addr
    and going right after them."""
    best, node = None, tree.root
    while to_int(node) != 0:
        area = node.dereference()
        if to_int(area["start"]) < addr:
            best, node = area, area["right"]
        else:
            node = area["left"]
    return Region(best, tree.mm) if best is not None else None


FP_SHIFT = 10            # fs/file_pages.h: 1024 slots per table


def file_page_frame(inode, index):
    """The frame holding page `index` of a file, or 0 for a hole: the walk
    fp_lookup() (fs/file_pages.c) makes down the file's page table."""
    fp = inode["pages"]
    pa, levels = to_int(fp["root"]), to_int(fp["levels"])
    if not pa or index >= 1 << (FP_SHIFT * levels):
        return 0
    for level in range(levels, 0, -1):
        slot = (index >> (FP_SHIFT * (level - 1))) % (1 << FP_SHIFT)
        pa = read_u32s(phys_to_virt(pa) + 4 * slot, 1)[0]
        if not pa:
            return 0
    return pa


def file_page_plan(r, page, write):
    """What map_file_page() in mm/fault.c would do for `page` of the
    file-backed region r, or None when it falls back to a zero page."""
    inode = r.file.dereference()
    index = (r.offset + (page - r.start)) // PAGE
    size = to_int(inode["size"])
    if r.file_end and page >= r.file_end:
        return None
    # Case 6: a page wholly beyond the file's end (as it is now).
    if index >= (size + PAGE - 1) // PAGE:
        return ("SIGBUS (BUS_ADRERR): page %d lies wholly beyond the end "
                "of %s (%d bytes); do_sigbus() sends it" % (
                    index, r.name or "the file", size))
    cache = file_page_frame(inode, index)
    name = r.name or "the file"
    if cache:
        where = "page %d of %s, in the page cache as %s" % (
            index, name, page_name(cache))
    else:
        where = ("page %d of %s (a hole in the page cache: inode_page() "
                 "first fills it with a zeroed frame)" % (index, name))
    valid = min(r.file_end - page, PAGE) if r.file_end else PAGE
    shared = r.flags & VM_SHARED
    if shared or (not write and valid == PAGE):
        if shared and r.flags & VM_WRITE:
            how = "writable (a shared mapping: writes go to the file)"
        elif r.flags & VM_WRITE:
            how = "read-only, so that a write will copy it (copy-on-write)"
        else:
            how = "read-only"
        return ("file page: map that very frame (%s) %s; its refcount "
                "goes up by one" % (where, how))
    if write:
        why = "a write to a private mapping must not change the file"
    else:
        why = ("this page holds the end of the file's data (file_end "
               "0x%08x), and what follows must read as zero: .data "
               "meets .bss" % r.file_end)
    return ("file page, private copy: copy %d bytes of %s into a new "
            "frame%s, because %s" % (valid, where, ", zero the rest"
                                     if valid < PAGE else "", why))


def fault_plan(regions, pte, addr, write):
    """What fault_in(mm, addr, write) (mm/fault.c) would do, as a list of
    steps; the last one says how it ends. `pte` is the current PTE of
    addr (0 if there is no page table)."""
    steps = []
    if addr >= USER_END:
        return ["SIGSEGV: a kernel address (>= 0x%08x) is never the "
                "program's" % USER_END]
    if addr < MMAP_MIN_ADDR:
        return ["SIGSEGV: no region may cover it: nothing is ever mapped "
                "below MMAP_MIN_ADDR (0x%x), so NULL pointers fault"
                % MMAP_MIN_ADDR]
    r = region_find(regions, addr)
    if r is None:
        r = region_next(regions, addr)
        if r is None:
            return ["SIGSEGV: no region covers it (and none lies above it)"]
        if not r.flags & VM_GROWSDOWN:
            return ["SIGSEGV: no region covers it (the next one above, "
                    "%08x %s, is not a stack)" % (r.start, r.name)]
        new_start = addr & ~(PAGE - 1)
        if r.end - new_start > STACK_LIMIT:
            return ["SIGSEGV: no region covers it, and growing %s down to "
                    "0x%08x would make it larger than %d MiB"
                    % (r.name, new_start, STACK_LIMIT >> 20)]
        below = region_prev(regions, r.start)
        if below is not None and below.end + STACK_GUARD_GAP > new_start:
            return ["SIGSEGV: no region covers it, and growing %s down to "
                    "0x%08x would come within %d MiB of %08x-%08x %s"
                    % (r.name, new_start, STACK_GUARD_GAP >> 20,
                       below.start, below.end, below.name)]
        steps.append("stack growth: %s's start moves down from 0x%08x to "
                     "0x%08x" % (r.name, r.start, new_start))
        r = copy.copy(r)                  # the region as it would be
        r.start = new_start
    if write and not r.flags & VM_WRITE:
        return steps + ["SIGSEGV: the region (%s) does not allow writing"
                        % region_perms(r.flags)]
    if not write and not r.flags & (VM_READ | VM_EXEC):
        return steps + ["SIGSEGV: the region (%s) does not allow reading"
                        % region_perms(r.flags)]

    page = addr & ~(PAGE - 1)
    if pte & PTE_PROTNONE:
        pte = (pte & ~0xFFF) | PTE_P | PTE_U | \
              (PTE_W if r.flags & VM_SHARED and write else 0)
        steps.append("its frame was kept while the region was PROT_NONE: "
                     "present again")
    if pte & PTE_P:
        if write and not pte & PTE_W:
            old = pte & ~0xFFF
            refs = frame_refcount(old)
            if r.flags & VM_SHARED:
                return steps + ["shared region: just set the PTE's RW bit "
                                "(no copy)"]
            if refs == 1:
                return steps + ["copy-on-write reuse: %s has no other user, "
                                "so just set the PTE's RW bit"
                                % page_name(old)]
            return steps + ["copy-on-write copy: %s is shared, so copy it "
                            "into a new frame, map that writable and drop "
                            "one reference to the old" % page_name(old)]
        return steps + ["nothing to do: the page is already present "
                        "(fault_in calls this a spurious fault)"]
    if to_int(r.file) != 0:
        plan = file_page_plan(r, page, write)
        if plan is not None:
            return steps + [plan]
    what = "anonymous" if to_int(r.file) == 0 else "past the file's data"
    return steps + ["demand zero: %s memory, so map a new zeroed frame%s"
                    % (what, " (writable)" if r.flags & VM_WRITE else "")]


def cpu_faults(pde, pte, write):
    """Would a user-mode access fault? Both levels must allow it: present,
    user-accessible, and for a write, writable."""
    both = pde & pte if pte is not None else 0
    if not (pde & PTE_P and pte is not None and pte & PTE_P):
        return "page fault (not present)"
    if not both & PTE_U:
        return "page fault (protection: supervisor-only page)"
    if write and not both & PTE_W:
        return "page fault (protection: write to a read-only page)"
    return None


class ExplainCommand(gdb.Command):
    """Explain one user address of a process.
Usage: explain [-p PID] ADDR     (ADDR: any expression, e.g. $esp, $cr2)
Shows the region that covers ADDR, its PDE and PTE with their bits, the
frame and its reference count, and what would happen on a user-mode read
and on a write: no fault, or which path of the page-fault handler
(mm/fault.c) runs: stack growth, demand zero, file page, copy-on-write
copy or reuse, or SIGSEGV."""

    def __init__(self):
        super().__init__("explain", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        pid, rest = split_pid_option(arg)
        if not rest:
            raise gdb.GdbError("usage: explain [-p PID] ADDR")
        addr = parse_address(rest)
        p = process_arg(pid)
        mm = proc_mm(p)
        pgdir = to_int(mm["pgdir"])
        regions = RegionTree(mm)

        print("0x%08x in %s" % (addr, proc_title(p)))
        r = region_find(regions, addr)
        if addr >= USER_END:
            print("  region: none: this is kernel space (>= 0x%08x)"
                  % USER_END)
        elif r is None:
            print("  region: no region covers it")
        else:
            print("  region: %s" % r.describe())
            print("          %s" % self.region_kind(r))

        pde, pte = pte_lookup(pgdir, addr)
        pdi, pti = addr >> 22, (addr >> 12) & 0x3FF
        print("  PDE %-4d = 0x%08x  %s" % (pdi, pde, decode_entry(pde)))
        if not pde & PTE_P:
            print("           no page table for 0x%08x-0x%08x yet"
                  % (pdi << 22, ((pdi + 1) << 22) - 1))
        elif pde & PTE_PS:
            print("           a 4 MiB page at frame 0x%08x" % (pde & 0xFFC00000))
        else:
            print("           page table at physical 0x%08x"
                  % (pde & 0xFFFFF000))
            print("  PTE %-4d = 0x%08x  %s" % (pti, pte, decode_entry(pte)))
            if pte & PTE_P:
                print("           -> %s, physical address 0x%08x"
                      % (page_name(pte & ~0xFFF), (pte & ~0xFFF) | addr & 0xFFF))
            elif pte & PTE_PROTNONE:
                print("           not present, but keeps %s (PROT_NONE)"
                      % page_name(pte & ~0xFFF))
            else:
                print("           not present")

        for write, what in ((False, "read"), (True, "write")):
            if pde & PTE_PS:
                print("  on a %s: (a kernel 4 MiB page)" % what)
                continue
            fault = cpu_faults(pde, pte, write)
            if fault is None:
                print("  on a %-6s no fault: the CPU uses the page directly"
                      % (what + ":"))
                continue
            steps = fault_plan(regions, pte or 0, addr, write)
            print("  on a %-6s %s -> handle_page_fault -> fault_in:"
                  % (what + ":", fault))
            for step in steps:
                print("      " + step)

    @staticmethod
    def region_kind(r):
        kind = "shared" if r.flags & VM_SHARED else "private"
        if r.flags & VM_GROWSDOWN:
            kind += ", grows down (the stack)"
        if to_int(r.file) == 0:
            return kind + ", anonymous: new pages are zero"
        if not r.file_end:
            return (kind + ", backed by %s from offset 0x%x; pages beyond "
                    "the file's end raise SIGBUS" % (r.name or "a file", r.offset))
        return (kind + ", backed by %s from offset 0x%x; addresses from "
                "0x%08x on read as zero" % (r.name or "a file", r.offset,
                                            r.file_end))


PgdirCommand()
RegionsCommand()
ExplainCommand()
