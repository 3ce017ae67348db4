/*
 * mm/syscalls.c - the memory system calls: brk, mmap2 (and the old mmap),
 * munmap, mprotect, mremap, madvise, msync, mincore, and mlock, mlock2,
 * munlock, mlockall, munlockall (mm/mlock.c does their work).
 *
 * Each only edits the region list (and drops pages on unmap); pages
 * arrive later, on first touch, through mm/fault.c.  Each checks its
 * (address, length) with user_range_check (mm/range.h) and then answers
 * every edge as Linux 6.1 i386 does, in Linux's order of checks: the
 * order decides which error a program sees when several apply.  A call
 * that fails changes nothing.
 */
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "mm/fault.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "mm/range.h"
#include "mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "proc/proc.h"

#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4
#define PROT_SEM       0x8            /* accepted and ignored, as on x86 */
#define PROT_GROWSDOWN 0x01000000     /* mprotect: extend to the start of a stack */
#define PROT_GROWSUP   0x02000000

#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_SHARED_VALIDATE 0x03      /* MAP_SHARED, refusing unknown flags */
#define MAP_TYPE       0x0f
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_FIXED_NOREPLACE 0x100000  /* MAP_FIXED, but -EEXIST over a mapping */
#define MAP_GROWSDOWN  0x100
#define MAP_NORESERVE  0x4000         /* not accounted: no VM_ACCOUNT ("nr", not "ac") */
#define MAP_LOCKED     0x2000         /* mlock the mapping (VM_LOCKED) */
#define MAP_POPULATE   0x8000
/* The flags MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK: every
 * flag up to MAP_HUGE_1GB except MAP_SYNC and MAP_FIXED_NOREPLACE). */
#define LEGACY_MAP_MASK 0x7c07f973u

#define MS_ASYNC       1
#define MS_INVALIDATE  2
#define MS_SYNC        4

#define MLOCK_ONFAULT  1              /* mlock2: lock pages as they fault in */

static uint32_t prot_to_vm(uint32_t prot)
{
    return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
           ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* brk(0) reports the break; brk(x) moves it.  On failure Linux returns
 * the old break, never -ENOMEM, and glibc checks exactly that. */
static long sys_brk(uint32_t addr)
{
    struct mm *mm = current->mm;
    uint32_t old = mm->brk;
    uint32_t now = mm_brk(mm, addr);
    if (now > old && (mm->def_flags & VM_LOCKED) && !(mm->def_flags & VM_LOCKONFAULT))
        mm_populate(mm, PAGE_ROUND_UP(old), PAGE_ROUND_UP(now));   /* mlockall(MCL_FUTURE) */
    return (long)now;
}

/* What mmap2 maps: the file (a reference held) or NULL, and the VM_*
 * bits the descriptor allows (Linux's do_mmap switch on MAP_TYPE). */
struct mmap_source {
    struct inode *file;
    uint32_t vm;
    const char *name;
};

/* The checks of a file mapping, in Linux's order; fills in src. */
static int mmap_file_checks(struct file *f, uint32_t prot, uint32_t flags,
                            struct mmap_source *src)
{
    uint32_t type = flags & MAP_TYPE;
    if (type == MAP_SHARED)
        flags &= LEGACY_MAP_MASK;     /* unknown flags silently ignored */
    if (type == MAP_SHARED || type == MAP_SHARED_VALIDATE) {
        if (flags & ~LEGACY_MAP_MASK)
            return -EOPNOTSUPP;
        if ((prot & PROT_WRITE) && !file_writable(f))
            return -EACCES;
        src->vm |= VM_SHARED | VM_MAYSHARE;
        if (!file_writable(f))        /* may never write the file */
            src->vm &= ~(VM_MAYWRITE | VM_SHARED);
    } else if (type != MAP_PRIVATE) {
        return -EINVAL;
    }
    if (!file_readable(f))
        return -EACCES;
    struct inode *ip = file_inode_of(f);
    int unmappable = ip ? inode_mmap_check(ip) : -ENODEV;
    if (unmappable)
        return unmappable;            /* not a file with pages (/proc) */
    if (flags & MAP_GROWSDOWN)
        return -EINVAL;
    src->file = ip;
    return 0;
}

/* The checks of an anonymous mapping; a shared one is backed by a
 * nameless file, so that fork's children share its pages through the
 * page cache. */
static int mmap_anon_checks(uint32_t size, uint32_t flags, struct mmap_source *src)
{
    uint32_t type = flags & MAP_TYPE;
    if (type == MAP_PRIVATE)
        return 0;
    if (type != MAP_SHARED)
        return -EINVAL;               /* MAP_SHARED_VALIDATE is for files only */
    if (flags & MAP_GROWSDOWN)
        return -EINVAL;
    src->file = vfs_anon_file(size);
    if (!src->file)
        return -ENOMEM;
    src->vm |= VM_SHARED | VM_MAYSHARE;
    src->name = "/dev/zero";
    return 0;
}

/* Linux's get_unmapped_area checks for the address a mapping of size
 * bytes will get: MAP_FIXED's own (which must fit below TASK_SIZE, be
 * aligned and not be below mmap_min_addr), or a free range chosen from
 * the hint.  0 and *out, or -errno. */
static int mmap_address(struct mm *mm, uintptr_t addr, uint32_t size, uint32_t flags,
                        uintptr_t *out)
{
    uintptr_t start = addr;
    if (!(flags & MAP_FIXED)) {
        if (addr && PAGE_ROUND_DOWN(addr) < MMAP_MIN_ADDR)
            addr = MMAP_MIN_ADDR;     /* Linux's round_hint_to_min */
        start = mm_get_unmapped_area(mm, addr, size);
        if (!start)
            return -ENOMEM;
    }
    if (!user_range_fits(start, size))
        return -ENOMEM;
    if (start & (PAGE_SIZE - 1))
        return -EINVAL;
    if (start < MMAP_MIN_ADDR)
        return -EPERM;                /* Linux's mmap_min_addr: no page at NULL */
    if ((flags & MAP_FIXED_NOREPLACE) && !region_range_free(&mm->regions, start, start + size))
        return -EEXIST;
    *out = start;
    return 0;
}

/* MAP_POPULATE: fault the pages in now; as on Linux, failures are not
 * the call's (the pages will fault again when touched). */
static void mmap_populate(struct mm *mm, uintptr_t start, uint32_t size, uint32_t vm)
{
    if (!(vm & (VM_READ | VM_WRITE)))
        return;
    for (uint32_t off = 0; off < size; off += PAGE_SIZE)
        if (fault_in(mm, start + off, (vm & VM_WRITE) != 0) < 0)
            return;
}

/* Put the new region in.  With MAP_FIXED whatever was there goes first;
 * the region slots are reserved before, so that once the old mappings
 * are gone the new one cannot fail. */
static int mmap_install(struct mm *mm, uintptr_t start, uint32_t size, uint32_t flags,
                        const struct mmap_source *src, uint32_t pgoff)
{
    if (region_reserve(&mm->regions, 3) < 0)
        return -ENOMEM;
    if ((flags & MAP_FIXED) && mm_unmap(mm, start, start + size) < 0)
        return -ENOMEM;
    return mm_add_region(mm, start, start + size, src->vm, src->file, pgoff, 0,
                         src->name);
}

/* mmap2: pgoff is the file position in pages, so a 32-bit program can
 * map a file beyond 4 GiB.  Linux's order: the descriptor (EBADF), the
 * length (EINVAL for 0, ENOMEM if it rounds past 4 GiB), the file
 * position (EOVERFLOW), max_map_count (ENOMEM), the address, the type and
 * the descriptor's access (EINVAL, EACCES, ENODEV). */
static long sys_mmap2(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
                      int fd, uint32_t pgoff)
{
    struct mm *mm = current->mm;
    struct file *f = NULL;
    if (!(flags & MAP_ANONYMOUS) && !(f = fd_get(fd)))
        return -EBADF;
    struct user_range r;
    user_range_check(addr, len, &r);
    struct mmap_source src = { NULL, prot_to_vm(prot) | VM_MAY_RWX, "" };
    uintptr_t start = 0;
    int err = 0;
    if (flags & MAP_FIXED_NOREPLACE)
        flags |= MAP_FIXED;
    if (r.empty)
        err = -EINVAL;
    else if (r.len_wraps)
        err = -ENOMEM;
    else if (pgoff + r.size / PAGE_SIZE < pgoff)
        err = -EOVERFLOW;             /* checked before MAP_ANONYMOUS drops pgoff */
    else if (mm_region_count(mm) > max_map_count)
        err = -ENOMEM;                /* before MAP_FIXED unmaps anything, as Linux */
    else
        err = mmap_address(mm, addr, r.size, flags, &start);
    if (!err && (flags & MAP_GROWSDOWN))
        src.vm |= VM_GROWSDOWN;
    if (!err && (flags & MAP_NORESERVE))
        src.vm |= VM_NORESERVE;
    if (!err && (flags & MAP_LOCKED))
        src.vm |= VM_LOCKED;
    if (!err)
        err = f ? mmap_file_checks(f, prot, flags, &src)
                : mmap_anon_checks(r.size, flags, &src);
    if (!f)
        pgoff = 0;
    if (!err)
        err = mmap_install(mm, start, r.size, flags, &src, pgoff);
    uint32_t vm = src.vm | mm->def_flags;
    if (!err && ((flags & MAP_POPULATE) || (vm & VM_LOCKED_MASK) == VM_LOCKED))
        mmap_populate(mm, start, r.size, src.vm);   /* Linux's *populate = len */
    if (src.file && !f)
        inode_put(src.file);          /* the region holds its own reference */
    if (f)
        file_put(f);
    return err < 0 ? err : (long)start;
}

/* The old mmap (90) takes a pointer to its six arguments, the last a
 * byte offset that must be page aligned. */
static long sys_mmap(uint32_t uargs)
{
    uint32_t a[6];
    if (copy_from_user(a, (void *)uargs, sizeof(a)) < 0)
        return -EFAULT;
    if (a[5] & (PAGE_SIZE - 1))
        return -EINVAL;
    return sys_mmap2(a[0], a[1], a[2], a[3], (int)a[4], a[5] / PAGE_SIZE);
}

/* munmap: every edge is EINVAL (unaligned, empty, past TASK_SIZE);
 * unmapping nothing is not an error. */
static long sys_munmap(uint32_t addr, uint32_t len)
{
    struct user_range r;
    user_range_check(addr, len, &r);
    if (r.unaligned || r.empty || r.past_user)
        return -EINVAL;
    return mm_unmap(current->mm, addr, r.end);
}

/* mprotect: unaligned is EINVAL, empty 0, a wrapping end ENOMEM; past
 * TASK_SIZE is a hole like any other (the prefix changes, then ENOMEM).
 * PROT_GROWSDOWN extends the range down to the start of the stack. */
static long sys_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
    uint32_t grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
    prot &= ~grows;
    if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    struct user_range r;
    user_range_check(addr, len, &r);
    if (r.unaligned)
        return -EINVAL;
    if (r.empty)
        return 0;
    if (r.end_wraps)
        return -ENOMEM;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
        return -EINVAL;
    struct mm *mm = current->mm;
    const struct vm_area *first = region_next(&mm->regions, addr);
    if (!first)
        return -ENOMEM;
    if (grows & PROT_GROWSUP)         /* no region grows up on x86 */
        return first->start > addr ? -ENOMEM : -EINVAL;
    if (grows & PROT_GROWSDOWN) {
        if (first->start >= r.end)
            return -ENOMEM;
        if (!(first->flags & VM_GROWSDOWN))
            return -EINVAL;
        addr = first->start;
    }
    return mm_protect(mm, addr, r.end, prot_to_vm(prot));
}

/* mremap: Linux's argument checks (all EINVAL), then mm_remap. */
static long sys_mremap(uint32_t addr, uint32_t old_len, uint32_t new_len, uint32_t flags,
                       uint32_t new_addr)
{
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
        return -EINVAL;
    struct user_range old, new;
    user_range_check(addr, old_len, &old);
    user_range_check(new_addr, new_len, &new);
    if (old.unaligned || new.size == 0)
        return -EINVAL;               /* a zero new length is nonsense */
    uintptr_t out;
    struct mm *mm = current->mm;
    int err = mm_remap(mm, addr, old.size, new.size, flags, new_addr, &out);
    if (err < 0)
        return err;
    const struct vm_area *moved = mm_find_region(mm, out);
    if (new.size > old.size && moved && (moved->flags & VM_LOCKED_MASK) == VM_LOCKED)
        mm_populate(mm, out + old.size, out + new.size);   /* a locked region grew */
    return (long)out;
}

/* Linux's madvise_behavior_valid: the advice it knows (on i386, without
 * memory-failure injection). */
static int advice_known(int advice)
{
    return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
           (advice >= MADV_FREE && advice <= MADV_COLLAPSE);
}

/* madvise: unknown advice, unaligned, or a length that wraps is EINVAL;
 * empty is 0; gaps make it ENOMEM (after advising what is mapped). */
static long sys_madvise(uint32_t addr, uint32_t len, int advice)
{
    if (!advice_known(advice))
        return -EINVAL;
    struct user_range r;
    user_range_check(addr, len, &r);
    if (r.unaligned || r.len_wraps || r.end_wraps)
        return -EINVAL;
    if (r.empty)
        return 0;
    return mm_madvise(current->mm, addr, r.end, advice);
}

/* msync's walk over [start, end), Linux's: a gap ends it with -ENOMEM
 * at once for MS_SYNC alone, else it is skipped and remembered; a
 * locked region makes MS_INVALIDATE -EBUSY (its pages may not be
 * dropped).  The page cache is the file, so nothing is written back. */
static int msync_walk(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags)
{
    int unmapped = 0;
    for (;;) {
        const struct vm_area *r = region_next(&mm->regions, start);
        if (!r)
            return -ENOMEM;
        if (start < r->start) {
            if (flags == MS_SYNC)
                return -ENOMEM;
            start = r->start;
            if (start >= end)
                return -ENOMEM;
            unmapped = -ENOMEM;
        }
        if ((flags & MS_INVALIDATE) && (r->flags & VM_LOCKED))
            return -EBUSY;
        start = r->end;
        if (start >= end)
            return unmapped;
    }
}

/* msync: unknown flags, unaligned, or both MS_ASYNC and MS_SYNC: EINVAL;
 * a wrapping end ENOMEM, but a length that rounds to 0 is an empty range
 * (0); then the walk above. */
static long sys_msync(uint32_t addr, uint32_t len, uint32_t flags)
{
    if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
        return -EINVAL;
    struct user_range r;
    user_range_check(addr, len, &r);
    if (r.unaligned || ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    if (r.empty || r.len_wraps)
        return 0;
    if (r.end_wraps)
        return -ENOMEM;
    return msync_walk(current->mm, addr, r.end, flags);
}

/* mincore: the start must be aligned (EINVAL) and the range inside user
 * space (ENOMEM), the vector too (EFAULT); then a byte per page. */
static long sys_mincore(uint32_t addr, uint32_t len, uint8_t *vec)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if (!access_ok((void *)addr, len))
        return -ENOMEM;
    uint32_t pages = len / PAGE_SIZE + (len % PAGE_SIZE != 0);
    if (!access_ok(vec, pages))
        return -EFAULT;
    return mm_mincore(current->mm, addr, pages, vec);
}

/* mlock's range: the start rounded down to a page, the length (plus
 * what that added) rounded up, as Linux does; a range that wraps past
 * 4 GiB is EINVAL. */
static int lock_range(uint32_t addr, uint32_t len, uintptr_t *start, uintptr_t *end)
{
    uint32_t off = addr & (PAGE_SIZE - 1);
    uint32_t size = (len + off + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    *start = addr - off;
    *end = *start + size;
    return *end < *start ? -EINVAL : 0;
}

/* Linux's do_mlock: root has CAP_IPC_LOCK, so RLIMIT_MEMLOCK does not
 * apply (see mm/mlock.c). */
static long do_mlock(uint32_t addr, uint32_t len, uint32_t lock)
{
    uintptr_t start, end;
    int err = lock_range(addr, len, &start, &end);
    return err < 0 ? err : mm_mlock(current->mm, start, end, lock);
}

static long sys_mlock(uint32_t addr, uint32_t len)
{
    return do_mlock(addr, len, VM_LOCKED);
}

/* mlock2: mlock with flags; MLOCK_ONFAULT locks pages as they arrive. */
static long sys_mlock2(uint32_t addr, uint32_t len, uint32_t flags)
{
    if (flags & ~MLOCK_ONFAULT)
        return -EINVAL;
    return do_mlock(addr, len, VM_LOCKED | ((flags & MLOCK_ONFAULT) ? VM_LOCKONFAULT : 0));
}

static long sys_munlock(uint32_t addr, uint32_t len)
{
    uintptr_t start, end;
    int err = lock_range(addr, len, &start, &end);
    return err < 0 ? err : mm_mlock(current->mm, start, end, 0);
}

/* mlockall: some flag, only known ones, and not MCL_ONFAULT alone. */
static long sys_mlockall(uint32_t flags)
{
    if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
        return -EINVAL;
    return mm_mlockall(current->mm, (int)flags);
}

static long sys_munlockall(void)
{
    return mm_mlockall(current->mm, 0);
}

const struct syscall_entry mm_syscalls[] = {
    SYSCALL(brk, "x"),
    SYSCALL(mmap2, "xuxxdx"),
    SYSCALL(mmap, "p"),
    SYSCALL(munmap, "xu"),
    SYSCALL(mprotect, "xux"),
    SYSCALL(mremap, "xuuxx"),
    SYSCALL(madvise, "xud"),
    SYSCALL(msync, "xux"),
    SYSCALL(mincore, "xup"),
    SYSCALL(mlock, "xu"),
    SYSCALL(mlock2, "xux"),
    SYSCALL(munlock, "xu"),
    SYSCALL(mlockall, "x"),
    SYSCALL(munlockall, ""),
    { 0, 0, 0, 0 },
};
