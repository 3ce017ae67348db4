/*
 * fs/inode.c - inode life cycle (allocation, reference counts, freeing),
 * the file system clock, and stat.
 */
#include "fs/vfs.h"
#include "fs/ramfs.h"
#include "fs/pipe.h"
#include "fs/procfs.h"
#include "kernel/errno.h"
#include "kernel/rtc.h"
#include "kernel/timer.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "proc/proc.h"

#define RAMFS_DEV  MKDEV(0, 1)   /* st_dev of the tree's files: anonymous devices */
#define PROCFS_DEV MKDEV(0, 2)   /* ... and of /proc's */

static uint32_t next_ino = 1;    /* the root gets 1, as on tmpfs */
static uint32_t boot_epoch;      /* the wall-clock time at tick 0 */
uint32_t fs_umask = 022;

/* Read the date once from the real-time clock; from then on the clock
 * ticks tell the time. */
void fs_clock_init(void)
{
    boot_epoch = rtc_read_epoch() - timer_ticks() / HZ;
}

/* Time stamps: seconds since 1970, as Linux's. */
uint32_t fs_now(void)
{
    return boot_epoch + timer_ticks() / HZ;
}

/* A fresh inode with one reference (the caller's) and no names yet. */
struct inode *inode_alloc(uint32_t mode)
{
    struct inode *ip = kzalloc(sizeof *ip);
    if (!ip)
        return NULL;
    ip->ino = next_ino++;
    ip->mode = mode;
    ip->refcount = 1;
    ip->next_pos = 2;            /* 0 and 1 are "." and ".." */
    ip->atime = ip->mtime = ip->ctime = fs_now();
    return ip;
}

/* One more in-memory user of the inode. */
void inode_get(struct inode *ip)
{
    ip->refcount++;
}

/* Called when an inode has neither names nor users. */
static void inode_free(struct inode *ip)
{
    if (ip->pipe)
        pipe_free(ip->pipe);
    ramfs_evict(ip);
    kfree(ip->deleted_path);
    kfree(ip);
}

/* Drop a reference.  The inode goes when nothing uses it and no
 * directory names it (an unlinked file lives until its last close). */
void inode_put(struct inode *ip)
{
    if (!ip)
        return;
    ip->refcount--;
    if (ip->refcount == 0 && ip->nlink == 0)
        inode_free(ip);
}

/* Two file systems: /proc and everything else. */
uint32_t inode_dev(const struct inode *ip)
{
    return ip->proc ? PROCFS_DEV : RAMFS_DEV;
}

/* Only the tree's regular files have pages to map. */
int inode_mmap_check(const struct inode *ip)
{
    if (ip->proc)
        return procfs_mmap_check(ip);
    return S_ISREG(ip->mode) ? 0 : -ENODEV;
}

/* Kernel reads and writes go straight to the file's frames. */
long inode_read(struct inode *ip, void *kbuf, uint32_t off, uint32_t n)
{
    if (S_ISDIR(ip->mode))
        return -EISDIR;
    if (!S_ISREG(ip->mode) && !S_ISLNK(ip->mode))
        return -EINVAL;
    return ramfs_read(ip, kbuf, off, n, 0);
}

/* Kernel writes, like inode_read: only files and symlinks hold data. */
long inode_write(struct inode *ip, const void *kbuf, uint32_t off, uint32_t n)
{
    if (S_ISDIR(ip->mode))
        return -EISDIR;
    if (!S_ISREG(ip->mode) && !S_ISLNK(ip->mode))
        return -EINVAL;
    return ramfs_write(ip, kbuf, off, n, 0);
}

/* Root may read and write anything, but runs only what someone may run:
 * a directory, a device or a 0644 file is -EACCES. */
int inode_exec_permission(const struct inode *ip)
{
    if (!S_ISREG(ip->mode) || !(ip->mode & S_IXUGO))
        return -EACCES;
    return ip->writers ? -ETXTBSY : 0;
}

/* A process runs `ip` when its text region maps it (what /proc/PID/exe
 * shows).  Looking through the process table costs NPROC lookups, only
 * when a regular file is opened for writing or truncated by name. */
int inode_write_permission(const struct inode *ip)
{
    if (!S_ISREG(ip->mode))
        return 0;
    for (int i = 0; i < NPROC; i++) {
        struct mm *mm = proc_table[i].mm;
        if (proc_table[i].state == PROC_UNUSED || !mm)
            continue;
        struct vm_area *text = mm_find_region(mm, mm->start_code);
        if (text && text->file == ip)
            return -ETXTBSY;
    }
    return 0;
}

/* Everything is owned by root (uid 0, gid 0). */
void inode_stat(const struct inode *ip, struct stat64 *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = inode_dev(ip);
    st->st_ino_low = ip->ino;
    st->st_ino = ip->ino;
    st->st_mode = ip->mode;
    st->st_nlink = ip->nlink;
    st->st_rdev = ip->rdev;
    st->st_size = ip->size;
    st->st_blksize = PAGE_SIZE;
    st->st_blocks = (uint64_t)ramfs_pages_used(ip) * (PAGE_SIZE / 512);
    st->st_atime = ip->atime;
    st->st_mtime = ip->mtime;
    st->st_ctime = ip->ctime;
}
