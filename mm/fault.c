/*
 * mm/fault.c - the page-fault handler: the heart of Pagoda's memory.
 *
 * The CPU raises a page fault (vector 14) when a translation fails: the
 * page is not present, or the access breaks the page's U/S or R/W bit.
 * It leaves the faulting address in CR2 and the reason in the error code.
 *
 * Pages are given out lazily, so most faults are not errors but requests.
 * For a user address the handler finds the region that covers it and
 * does exactly one of:
 *
 *   1. stack growth   - the address is just below [stack]: extend it;
 *   2. demand zero    - an anonymous page touched for the first time;
 *   3. file page      - a page of a file-backed region: map the frame of
 *                       the file's page cache (shared, read-only) or, for
 *                       a write to a private region, a private copy;
 *   4. copy-on-write  - a write to a present read-only page of a writable
 *                       private region: copy the frame, or just make it
 *                       writable when we are its only user;
 *   5. SIGSEGV        - no region, or the region forbids the access;
 *   6. SIGBUS         - a page of a file-backed region that lies wholly
 *                       beyond the end of the file (as it is now: also
 *                       after a truncate under the mapping).  The page
 *                       holding the last byte is still mapped, zeros
 *                       after the end.  (Also a hole the file system
 *                       has no room to fill: ENOSPC, as Linux's shmem.)
 *
 * fault_in() does the work for both the CPU's faults and the kernel's own
 * accesses to user memory (mm/uaccess.c), so a system call sees exactly
 * what the program would.
 */
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "lib/format.h"
#include "lib/string.h"
#include "proc/proc.h"

/* What one fault did, for the counters and pftrace. */
enum fault_kind { FAULT_ZERO, FAULT_FILE, FAULT_COW_COPY, FAULT_COW_REUSE,
                  FAULT_SPURIOUS };

static const char *const fault_kind_names[] = {
    "zero-fill", "file page", "copy-on-write copy", "copy-on-write reuse",
    "already present",
};

void pf_describe(uint32_t err, char *buf, int size)
{
    snprintf(buf, size, "%s, %s, %s mode%s",
             (err & PF_PRESENT) ? "protection violation" : "not-present page",
             (err & PF_WRITE) ? "write" : "read",
             (err & PF_USER) ? "user" : "kernel",
             (err & PF_RSVD) ? ", reserved bit set" : "");
}

/* The PTE bits a page of region r gets when first mapped. */
static uint32_t pte_flags_for(const struct vm_area *r, int writable)
{
    if (!(r->flags & (VM_READ | VM_WRITE | VM_EXEC)))
        return PTE_PROTNONE;          /* PROT_NONE: kept, but not present */
    return PTE_P | PTE_U | (writable ? PTE_W : 0);
}

/* 1. Stack growth: may region r (VM_GROWSDOWN) grow down to cover addr?
 * Linux 6.1's rule: any access below the stack may grow it, as long as
 * the stack stays within STACK_LIMIT and keeps a STACK_GUARD_GAP above
 * the next region down.
 * (Not inlined, so that gdb's `break grow_stack` stops here.) */
__attribute__((noinline))
static int grow_stack(struct mm *mm, struct vm_area *r, uintptr_t addr)
{
    uintptr_t new_start = PAGE_ROUND_DOWN(addr);
    if (r->end - new_start > STACK_LIMIT)
        return -EFAULT;
    struct vm_area *below = region_prev(&mm->regions, r->start);
    if (below && below != r && below->end + STACK_GUARD_GAP > new_start)
        return -EFAULT;
    region_expand_down(&mm->regions, r, new_start);
    mm->counters.stack_grows++;
    vm_global_counters.stack_grows++;
    return 0;
}

/* 2. A fresh zeroed frame.
 * (Not inlined, so that gdb's `break map_zero_page` stops here.) */
__attribute__((noinline))
static int map_zero_page(const struct vm_area *r, pte_t *pte)
{
    uint32_t pa = frame_alloc();
    if (!pa)
        return -ENOMEM;
    memset(P2V(pa), 0, PAGE_SIZE);
    *pte = pa | pte_flags_for(r, r->flags & VM_WRITE);
    return FAULT_ZERO;
}

/* The page index in r's file of the page at `page`. */
static uint32_t file_index(const struct vm_area *r, uintptr_t page)
{
    return r->pgoff + (page - r->start) / PAGE_SIZE;
}

/* Does the page at `page` lie wholly beyond the end of r's file?  The
 * file's size now, not when it was mapped (Linux's filemap_fault). */
static int beyond_eof(const struct vm_area *r, uintptr_t page)
{
    uint32_t size = inode_size(r->file);
    uint32_t pages = size / PAGE_SIZE + (size % PAGE_SIZE != 0);
    return file_index(r, page) >= pages;
}

/* 3. A page of a file-backed region.  The file's page cache holds each
 * page once; every process mapping it maps that same frame, so two runs
 * of one program share their text.  A private region gets its own copy
 * when it writes (at once, for a write fault; later, through COW, for a
 * read) or when the page straddles file_end, whose tail must read as
 * zero (the last page of .data, which holds the start of .bss).
 * (Not inlined, so that gdb's `break map_file_page` stops here.) */
__attribute__((noinline))
static int map_file_page(const struct vm_area *r, uintptr_t page, int write, pte_t *pte)
{
    if (r->file_end && page >= r->file_end)
        return map_zero_page(r, pte);  /* past exec's file_end: zeros */
    if (beyond_eof(r, page))
        return FAULT_SIGBUS;           /* case 6: do_sigbus sends it */
    uint32_t cache = inode_page(r->file, file_index(r, page));
    if (!cache)                        /* no frame for a hole: out of memory */
        return frames_free() ? FAULT_SIGBUS : -ENOMEM;   /* or the fs is full */
    uint32_t valid = PAGE_SIZE;
    if (r->file_end && r->file_end - page < PAGE_SIZE)
        valid = r->file_end - page;
    int shared = r->flags & VM_SHARED;
    if (shared || (!write && valid == PAGE_SIZE)) {
        frame_get(cache);
        *pte = cache | pte_flags_for(r, shared && (r->flags & VM_WRITE));
        return FAULT_FILE;
    }
    uint32_t copy = frame_alloc();
    if (!copy)
        return -ENOMEM;
    memcpy(P2V(copy), P2V(cache), valid);
    memset((char *)P2V(copy) + valid, 0, PAGE_SIZE - valid);
    *pte = copy | pte_flags_for(r, r->flags & VM_WRITE);
    return FAULT_FILE;
}

/* 4. Copy-on-write: a write hit a present, read-only page of a writable
 * region.  After fork both processes map the same frame read-only; the
 * first to write gets its own copy.  If nobody else holds the frame any
 * more (the other side already copied, or exited), there is nothing to
 * copy: just make it writable.
 * (Not inlined, so that gdb's `break copy_on_write` stops here.) */
__attribute__((noinline))
static int copy_on_write(const struct vm_area *r, pte_t *pte)
{
    uint32_t old = PTE_ADDR(*pte);
    if ((r->flags & VM_SHARED) || frame_refcount(old) == 1) {
        *pte |= PTE_W;
        return (r->flags & VM_SHARED) ? FAULT_SPURIOUS : FAULT_COW_REUSE;
    }
    uint32_t copy = frame_alloc();
    if (!copy)
        return -ENOMEM;
    memcpy(P2V(copy), P2V(old), PAGE_SIZE);
    *pte = copy | PTE_P | PTE_U | PTE_W;
    frame_put(old);
    return FAULT_COW_COPY;
}

/* Count a fault for the process and for the whole system (/proc's
 * vmcounters files). */
static void count_fault(struct mm *mm, enum fault_kind kind)
{
    struct vm_counters *c[2] = { &mm->counters, &vm_global_counters };
    for (int i = 0; i < 2; i++) {
        c[i]->minor_faults++;
        if (kind == FAULT_ZERO) c[i]->zero_fills++;
        if (kind == FAULT_FILE) c[i]->file_pages++;
        if (kind == FAULT_COW_COPY) c[i]->cow_copies++;
        if (kind == FAULT_COW_REUSE) c[i]->cow_reuses++;
    }
}

/* pftrace: one console line per fault, for processes that asked.  The
 * region's name is the one maps shows (none for an unnamed region). */
static void trace_fault(struct mm *mm, uintptr_t addr, int write,
                        const struct vm_area *r, enum fault_kind kind)
{
    static char path[PATH_MAX];      /* one CPU, no preemption: one buffer */
    if (!mm->pftrace)
        return;
    const char *name = procfs_region_name(mm, r, path, sizeof(path));
    kprintf("pftrace: pid %d %s %08x%s%s: %s\n", current ? current->pid : 0,
            write ? "write" : "read", (uint32_t)addr, name[0] ? " " : "", name,
            fault_kind_names[kind]);
}

int fault_in(struct mm *mm, uintptr_t addr, int write)
{
    if (addr >= USER_END || addr < MMAP_MIN_ADDR)
        return -EFAULT;
    struct vm_area *r = region_find(&mm->regions, addr);
    if (!r) {
        r = region_next(&mm->regions, addr);
        if (!r || !(r->flags & VM_GROWSDOWN) || grow_stack(mm, r, addr) < 0)
            return -EFAULT;
    }
    if (write ? !(r->flags & VM_WRITE) : !(r->flags & (VM_READ | VM_EXEC)))
        return -EFAULT;

    uintptr_t page = PAGE_ROUND_DOWN(addr);
    pte_t *pte = page_walk_alloc(mm->pgdir, page);
    if (!pte)
        return -ENOMEM;
    int kind;
    if (*pte & PTE_PROTNONE)           /* region was PROT_NONE, now allowed */
        *pte = PTE_ADDR(*pte) | pte_flags_for(r, (r->flags & VM_SHARED) && write);
    if (*pte & PTE_P) {
        kind = (write && !(*pte & PTE_W)) ? copy_on_write(r, pte) : FAULT_SPURIOUS;
    } else {
        kind = r->file ? map_file_page(r, page, write, pte) : map_zero_page(r, pte);
        if (kind >= 0)
            mm_rss_add(mm, 1);         /* a page that had no frame has one */
    }
    if (kind < 0)
        return kind;                   /* -ENOMEM or FAULT_SIGBUS */
    tlb_flush_page(mm->pgdir, page);
    if (kind != FAULT_SPURIOUS)
        count_fault(mm, kind);
    trace_fault(mm, addr, write, r, kind);
    return 0;
}

/* Will SIGSEGV kill the process (no handler of its own)?  Linux prints
 * its segfault line only then (unhandled_signal; init always counts). */
static int segv_unhandled(const struct proc *p)
{
    uint32_t h = p->sig.action[SIGSEGV].handler;
    return p->pid == 1 || h == SIG_DFL || h == SIG_IGN;
}

/* A user program touched memory it may not: print Linux's line (if the
 * signal will kill it) and send SIGSEGV. */
static void user_segfault(struct trapframe *tf, uint32_t addr)
{
    struct mm *mm = current->mm;
    mm->counters.segfaults++;
    vm_global_counters.segfaults++;
    if (segv_unhandled(current))
        kprintf("%s[%d]: segfault at %x ip %08x sp %08x error %x\n",
                current->name, current->pid, addr, tf->eip, tf->esp, tf->err);
    int mapped = region_find(&mm->regions, addr) != NULL;
    signal_force(current, SIGSEGV, mapped ? SEGV_ACCERR : SEGV_MAPERR, addr);
}

/* 6. SIGBUS: the program touched a page of a file mapping beyond the
 * end of the file.  Linux prints nothing for it (only SIGSEGV gets a
 * console line) and sends SIGBUS with BUS_ADRERR and the address.
 * (Not inlined, so that gdb's `break do_sigbus` stops here.) */
__attribute__((noinline))
static void do_sigbus(uint32_t addr)
{
    signal_force(current, SIGBUS, BUS_ADRERR, addr);
}

/* Out of memory while handling a fault: the faulting process is killed
 * and its memory freed when it exits; the kernel carries on. */
static void user_out_of_memory(void)
{
    kprintf("Out of memory: Killed process %d (%s)\n", current->pid, current->name);
    struct sig_origin o = { .code = SI_KERNEL };
    signal_send_from(current, SIGKILL, o);
}

void handle_page_fault(struct trapframe *tf)
{
    uint32_t addr = read_cr2();
    if (trap_from_user(tf)) {
        int err = fault_in(current->mm, addr, tf->err & PF_WRITE);
        if (err == -ENOMEM)
            user_out_of_memory();
        else if (err == FAULT_SIGBUS)
            do_sigbus(addr);
        else if (err < 0)
            user_segfault(tf, addr);
        return;
    }
    /* The kernel reads user memory only through mm/uaccess.c, which
     * never faults: any kernel page fault is a kernel bug. */
    char why[80];
    pf_describe(tf->err, why, sizeof(why));
    panic_trap(tf, "page fault at %08x: %s", addr, why);
}
