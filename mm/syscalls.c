/*
 * mm/syscalls.c - the memory system calls: brk, mmap2, munmap, mprotect.
 * Each only edits the region list (and drops pages on unmap); pages
 * arrive later, on first touch, through mm/fault.c.
 */
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "proc/proc.h"

#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4
#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_GROWSDOWN  0x100

static uint32_t prot_to_vm(uint32_t prot)
{
    return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
           ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* brk(0) reports the break; brk(x) moves it.  On failure Linux returns
 * the old break, never -ENOMEM, and glibc checks exactly that. */
static long sys_brk(uint32_t addr)
{
    return (long)mm_brk(current->mm, addr);
}

/* Where a new mapping of len bytes goes: MAP_FIXED's address, the hint
 * if that range is free, or the highest free gap below mm->mmap_base.
 * Returns 0 and sets *out, or -errno.  (Addresses above 2 GiB are
 * negative as a long, so the address is not the return value.) */
static int choose_address(struct mm *mm, uintptr_t hint, uint32_t len, uint32_t flags,
                          uintptr_t *out)
{
    if (flags & MAP_FIXED) {
        if ((hint & (PAGE_SIZE - 1)) || hint + len > USER_END || hint + len < hint)
            return -EINVAL;
        if (hint < MMAP_MIN_ADDR)
            return -EPERM;            /* Linux's mmap_min_addr: no page at NULL */
        if (mm_unmap(mm, hint, hint + len) < 0)
            return -ENOMEM;
        *out = hint;
        return 0;
    }
    hint = PAGE_ROUND_DOWN(hint);
    if (hint >= MMAP_MIN_ADDR && hint + len <= USER_END && hint + len > hint &&
        region_range_free(&mm->regions, hint, hint + len)) {
        *out = hint;
        return 0;
    }
    *out = mm_find_free(mm, len);
    return *out ? 0 : -ENOMEM;
}

static long sys_mmap2(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
                      int fd, uint32_t pgoff)
{
    struct mm *mm = current->mm;
    uint32_t type = flags & (MAP_SHARED | MAP_PRIVATE);
    if (len == 0 || (type != MAP_SHARED && type != MAP_PRIVATE))
        return -EINVAL;
    uint32_t size = PAGE_ROUND_UP(len);
    if (size < len || size > USER_END)
        return -ENOMEM;
    if (mm_region_count(mm) > max_map_count)
        return -ENOMEM;               /* before MAP_FIXED unmaps anything, as Linux */
    struct inode *file = NULL, *anon_file = NULL;
    uint32_t offset = pgoff * PAGE_SIZE, file_size = 0;
    const char *name = "";
    if (!(flags & MAP_ANONYMOUS)) {
        struct file *f = fd_get(fd);
        if (!f)
            return -EBADF;
        /* The open file must allow what the mapping will do. */
        int denied = !file_readable(f) ||
                     (type == MAP_SHARED && (prot & PROT_WRITE) && !file_writable(f));
        file = file_inode_of(f);
        file_put(f);                  /* the region takes its own reference */
        int unmappable = file ? inode_mmap_check(file) : -ENODEV;
        if (unmappable)
            return unmappable;        /* not a file with pages (/proc) */
        if (denied)
            return -EACCES;
        file_size = inode_size(file);
    } else if (type == MAP_SHARED) {
        /* Shared anonymous memory is a nameless file, so that fork's
         * children share its pages through the page cache. */
        file = anon_file = vfs_anon_file(size);
        if (!file)
            return -ENOMEM;
        offset = 0;
        file_size = size;
        name = "/dev/zero";
    }
    uintptr_t start;
    int err = choose_address(mm, addr, size, flags, &start);
    uint32_t vm = prot_to_vm(prot) | (type == MAP_SHARED ? VM_SHARED : 0) |
                  ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0);
    uint32_t file_end = 0;
    if (file)
        file_end = file_size > offset ? start + (file_size - offset) : start;
    if (!err)
        err = mm_add_region(mm, start, start + size, vm, file, offset, file_end, name);
    if (anon_file)
        inode_put(anon_file);         /* the region holds its own reference */
    return err < 0 ? err : (long)start;
}

/* The old mmap (90) takes a pointer to its six arguments. */
static long sys_mmap(uint32_t uargs)
{
    uint32_t a[6];
    if (copy_from_user(a, (void *)uargs, sizeof(a)) < 0)
        return -EFAULT;
    if (a[5] & (PAGE_SIZE - 1))
        return -EINVAL;
    return sys_mmap2(a[0], a[1], a[2], a[3], (int)a[4], a[5] / PAGE_SIZE);
}

static long sys_munmap(uint32_t addr, uint32_t len)
{
    uint32_t size = PAGE_ROUND_UP(len);
    if ((addr & (PAGE_SIZE - 1)) || len == 0 || addr + size > USER_END || addr + size < addr)
        return -EINVAL;
    return mm_unmap(current->mm, addr, addr + size);
}

static long sys_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
    uint32_t size = PAGE_ROUND_UP(len);
    if ((addr & (PAGE_SIZE - 1)) || addr + size > USER_END || addr + size < addr)
        return -EINVAL;
    if (size == 0)
        return 0;
    return mm_protect(current->mm, addr, addr + size, prot_to_vm(prot));
}

/* Advice and syncing change nothing for an in-memory page cache. */
static long sys_madvise(void) { return 0; }
static long sys_msync(void) { return 0; }

const struct syscall_entry mm_syscalls[] = {
    SYSCALL(brk, "x"),
    SYSCALL(mmap2, "xuxxdx"),
    SYSCALL(mmap, "p"),
    SYSCALL(munmap, "xu"),
    SYSCALL(mprotect, "xux"),
    SYSCALL(madvise, "xud"),
    SYSCALL(msync, "xux"),
    { 0, 0, 0, 0 },
};
