/*
 * fs/proc_mem.c - the address-space files of /proc/PID: maps, smaps,
 * smaps_rollup and pagemap; the sizes status, statm and stat share; and
 * the paths of mapped files (maps' names, the exe link).
 *
 * How pages are classified (mm/stats.h gives the per-page facts):
 *   anonymous  a frame that is not the file's page-cache frame: zero
 *              fills, copy-on-write copies (also inside file regions);
 *   file       a page-cache frame mapped by a private region (text,
 *              read-only data);
 *   shmem      a page-cache frame mapped by a shared region (MAP_SHARED
 *              of a /dev/shm or other file).
 * A zombie has no address space: its files are empty.
 */
#include "fs/path.h"
#include "fs/procfs.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "mm/stats.h"
#include "mm/uaccess.h"
#include "proc/proc.h"

#define PAGEMAP_BYTES  (USER_END / PAGE_SIZE * 8)   /* one entry per user page */
#define PM_PRESENT     (1ull << 63)
#define PM_SWAP        (1ull << 62)                  /* never: there is no swap */
#define PM_FILE        (1ull << 61)                  /* file page or shared anon */
#define PM_EXCLUSIVE   (1ull << 56)                  /* mapped exactly once */
#define PM_PFN_MASK    ((1ull << 55) - 1)

/* ---- file names ------------------------------------------------------ */

/* Search the tree below `dir` (whose path is buf[0..len)) for a name of
 * `target`, leaving its path in buf.  Depth-limited; /proc is skipped. */
static int find_name(struct inode *dir, struct inode *target, char *buf,
                     uint32_t size, uint32_t len, int depth)
{
    if (depth > 16 || dir->proc)
        return -ENOENT;
    for (struct dentry *d = dir->first; d; d = d->next) {
        uint32_t n = (uint32_t)strlen(d->name);
        if (len + 1 + n + 1 > size)
            continue;
        buf[len] = '/';
        memcpy(buf + len + 1, d->name, n + 1);
        if (d->inode == target)
            return 0;
        if (S_ISDIR(d->inode->mode) &&
            find_name(d->inode, target, buf, size, len + 1 + n, depth + 1) == 0)
            return 0;
    }
    buf[len] = '\0';
    return -ENOENT;
}

/* Does absolute `path` name `target` directly: every component an
 * existing entry, no symlink or "..", as Linux's d_path would spell it? */
static int names_directly(const char *path, struct inode *target)
{
    char name[NAME_MAX + 1];
    struct inode *ip = fs_root();
    if (*path != '/')
        return 0;
    for (;;) {
        int len = path_next(&path, name);
        if (len < 0)
            return 0;
        if (len == 0)
            return ip == target;
        if (!S_ISDIR(ip->mode) || ip->proc || name_is_dots(name))
            return 0;
        struct dentry *d = ramfs_find(ip, name);
        if (!d)
            return 0;
        ip = d->inode;
    }
}

/* The region's own name (exec's path) when it names the file directly;
 * else wherever the file is found in the tree (the path may have gone
 * through a symlink, such as /proc/self/exe, or the file was renamed). */
int procfs_region_path(const struct vm_area *r, char *buf, uint32_t size)
{
    if (!r->file || size < 2)
        return -ENOENT;
    buf[0] = '\0';
    if (r->file->nlink == 0 && r->file->deleted_path)
        snprintf(buf, size, "%s", r->file->deleted_path);
    else if (names_directly(r->name, r->file))
        snprintf(buf, size, "%s", r->name);
    else if (find_name(fs_root(), r->file, buf, size, 0, 0) < 0)
        snprintf(buf, size, "%s", r->name);
    if (!buf[0])
        return -ENOENT;          /* a nameless file (shared anonymous memory) */
    if (r->file->nlink == 0) {
        uint32_t len = (uint32_t)strlen(buf);
        snprintf(buf + len, size - len, " (deleted)");
    }
    return 0;
}

int procfs_file_path(struct inode *ip, char *buf, uint32_t size)
{
    if (size < 2)
        return -ERANGE;
    if (inode_type(ip) == S_IFIFO)
        return snprintf(buf, size, "pipe:[%u]", inode_ino(ip));
    if (ip->anon_name)
        return snprintf(buf, size, "anon_inode:%s", ip->anon_name);
    if (ip->proc) {                  /* /proc/NAME or /proc/PID/NAME */
        struct dentry *d = procfs_dentry_of(ip);
        if (S_ISDIR(inode_mode(ip)) && ip->proc->fd_dir)
            return snprintf(buf, size, "/proc/%d/fd", ip->proc_pid);
        if (S_ISDIR(inode_mode(ip)) && ip->proc_pid)
            return snprintf(buf, size, "/proc/%d", ip->proc_pid);
        if (S_ISDIR(inode_mode(ip)) || !d)
            return snprintf(buf, size, "/proc");
        if (ip->proc_pid)
            return snprintf(buf, size, "/proc/%d/%s", ip->proc_pid, d->name);
        return snprintf(buf, size, "/proc/%s", d->name);
    }
    if (S_ISDIR(inode_mode(ip)))
        return inode_path(ip, buf, size);
    buf[0] = '\0';
    if (ip->nlink == 0 && ip->deleted_path)
        snprintf(buf, size, "%s", ip->deleted_path);
    else if (find_name(fs_root(), ip, buf, size, 0, 0) < 0 || !buf[0])
        return snprintf(buf, size, "/memfd:[%u] (deleted)", inode_ino(ip));
    if (ip->nlink == 0) {
        uint32_t len = (uint32_t)strlen(buf);
        snprintf(buf + len, size - len, " (deleted)");
    }
    return (int)strlen(buf);
}

/* The one name of region r of mm, wherever Pagoda shows a region's name:
 * maps, smaps and pftrace (tools/gdb's `regions` spells out the same
 * rules in Python).  A file's path, else Linux's rules (fs/proc/
 * task_mmu.c, show_map_vma): [heap] for every region touching
 * [start_brk, brk], [stack] for the one holding the initial stack
 * pointer, else the name the region was made with ("" for none: an
 * anonymous mmap, or the bss when the heap was moved away from it). */
const char *procfs_region_name(const struct mm *mm, const struct vm_area *r,
                               char *buf, uint32_t size)
{
    if (r->file)
        return procfs_region_path(r, buf, size) == 0 ? buf : "";
    if (r->start <= mm->brk && r->end >= mm->start_brk)
        return "[heap]";
    if (r->start <= mm->start_stack && r->end >= mm->start_stack)
        return "[stack]";
    return r->name;
}

/* One maps line (also each smaps block's first line). */
static void maps_line(struct procbuf *pb, struct mm *mm, const struct vm_area *r,
                      char *namebuf)
{
    uint32_t dev = r->file ? inode_dev(r->file) : 0;
    uint64_t offset = r->file ? (uint64_t)r->pgoff << PAGE_SHIFT : 0;
    procfmt_maps_line(pb, r->start, r->end, r->flags, offset,
                      MAJOR(dev), MINOR(dev), r->file ? inode_ino(r->file) : 0,
                      procfs_region_name(mm, r, namebuf, PATH_MAX));
}

/* One region's record: the first region ending above *at (so *at = 0
 * starts at the first), written by `show`; *at moves to its end.  The
 * regions are found again by address on every record, so the file can
 * be read in pieces while the address space changes (as on Linux). */
static int region_record(struct procbuf *pb, struct proc *p, uintptr_t *at,
                         void (*show)(struct procbuf *, struct mm *,
                                      const struct vm_area *, char *))
{
    /* The kernel is not preemptible and a record does not sleep, so one
     * buffer serves every reader. */
    static char namebuf[PATH_MAX];
    struct mm *mm = p->mm;
    const struct vm_area *r = mm ? mm_region_from(mm, *at) : NULL;
    if (!r)
        return 0;
    show(pb, mm, r, namebuf);
    *at = r->end;
    return 1;
}

/* maps: one line per region. */
int procfs_maps_record(struct procbuf *pb, struct proc *p, uintptr_t *at)
{
    return region_record(pb, p, at, maps_line);
}

/* Is region r shared memory (its page-cache pages count as shmem)? */
static int region_is_shmem(const struct vm_area *r)
{
    return r->file && (r->flags & VM_MAYSHARE);
}

/* One smaps block: the maps line, 21 values, THPeligible and VmFlags. */
static void smaps_block(struct procbuf *pb, struct mm *mm, const struct vm_area *r,
                        char *namebuf)
{
    maps_line(pb, mm, r, namebuf);
    struct region_stats st = { 0 };
    mm_region_stats(mm, r, &st);
    struct smaps_sum sum = { 0 };
    smaps_sum_add(&sum, &st, (r->end - r->start) / PAGE_SIZE, region_is_shmem(r));
    if (r->flags & VM_LOCKED)
        sum.pss_locked = st.pss;
    procfmt_smaps_values(pb, &sum);
    pb_printf(pb, "THPeligible:    0\n");
    procfmt_vmflags(pb, r->flags);
}

/* smaps: one block per region. */
int procfs_smaps_record(struct procbuf *pb, struct proc *p, uintptr_t *at)
{
    return region_record(pb, p, at, smaps_block);
}

/* The sum over all regions, under a header spanning them all. */
void procfs_show_smaps_rollup(struct procbuf *pb, struct proc *p)
{
    struct mm *mm = p->mm;
    if (!mm || !mm_first_region(mm))
        return;
    struct smaps_sum sum = { 0 };
    const struct vm_area *r, *last = NULL;
    for (r = mm_first_region(mm); r; r = mm_next_region(mm, r)) {
        struct region_stats st = { 0 };
        mm_region_stats(mm, r, &st);
        smaps_sum_add(&sum, &st, (r->end - r->start) / PAGE_SIZE, region_is_shmem(r));
        if (r->flags & VM_LOCKED)
            sum.pss_locked += st.pss;
        last = r;
    }
    procfmt_maps_line(pb, mm_first_region(mm)->start, last->end, 0, 0, 0, 0, 0,
                      "[rollup]");
    procfmt_rollup_values(pb, &sum);
}

/* Sizes by kind of region and resident pages by kind of page. */
void procfs_mem_usage(struct proc *p, struct proc_mem_usage *u)
{
    *u = (struct proc_mem_usage){ 0 };
    struct mm *mm = p->mm;
    if (!mm)
        return;
    for (const struct vm_area *r = mm_first_region(mm); r; r = mm_next_region(mm, r)) {
        uint32_t pages = (r->end - r->start) / PAGE_SIZE, f = r->flags;
        struct region_stats st = { 0 };
        mm_region_stats(mm, r, &st);
        u->size += pages;
        u->anon += st.anonymous;
        if (region_is_shmem(r))
            u->shmem += st.resident - st.anonymous;
        else
            u->file += st.resident - st.anonymous;
        if (f & VM_GROWSDOWN)
            u->stack += pages;
        else if ((f & VM_WRITE) && !(f & VM_SHARED))
            u->data += pages;
        else if ((f & VM_EXEC) && !(f & VM_WRITE))
            u->exec += pages;
    }
    u->page_tables = mm_page_tables(mm);
}

/* The 64-bit pagemap entry of the page at va. */
static uint64_t pagemap_entry(struct mm *mm, uintptr_t va)
{
    struct page_state ps;
    mm_page_state(mm, mm_find_region(mm, va), va, &ps);
    if (!ps.present)
        return 0;
    uint64_t e = PM_PRESENT | ((uint64_t)(ps.frame >> PAGE_SHIFT) & PM_PFN_MASK);
    if (!ps.anonymous)
        e |= PM_FILE;
    if (ps.mapcount == 1)
        e |= PM_EXCLUSIVE;
    return e;
}

/* pagemap: entries are made for the pages the read covers, a batch at a
 * time; any offset and length work (Linux insists on multiples of 8). */
long procfs_read_pagemap(struct proc *p, char *ubuf, uint32_t n, uint32_t pos)
{
    struct mm *mm = p->mm;
    if (!mm || pos >= PAGEMAP_BYTES)
        return 0;
    if (n > PAGEMAP_BYTES - pos)
        n = PAGEMAP_BYTES - pos;
    uint64_t batch[64];
    uint32_t done = 0;
    while (done < n) {
        uint32_t at = pos + done, first = at / 8;
        uint32_t count = (uint32_t)(sizeof batch / 8);
        if (first + count > PAGEMAP_BYTES / 8)
            count = PAGEMAP_BYTES / 8 - first;
        for (uint32_t i = 0; i < count; i++)
            batch[i] = pagemap_entry(mm, (uintptr_t)(first + i) * PAGE_SIZE);
        uint32_t skip = at % 8, chunk = count * 8 - skip;
        if (chunk > n - done)
            chunk = n - done;
        uint32_t got = copy_to_user_prefix(ubuf + done, (char *)batch + skip, chunk);
        done += got;
        if (got < chunk)                  /* the buffer ran into a hole */
            return done ? (long)done : -EFAULT;
    }
    return done;
}
