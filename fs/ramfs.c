/*
 * fs/ramfs.c - the in-memory file system that holds every file.
 *
 * A directory is a list of dentries in creation order.  Each entry gets
 * an increasing position number when it is added; getdents remembers the
 * position to continue from, so removing entries while a program lists a
 * directory (rm -r does) never makes it skip the others.
 *
 * A regular file's (or symlink's) bytes live in whole physical frames,
 * page i holding bytes [i*4096, (i+1)*4096), found through the file's own
 * two-level page table (fs/file_pages.h).  A missing page is a hole that
 * reads as zeros and costs nothing; read() never fills one, write() and
 * a fault on a mapping do (as Linux's tmpfs, mm/shmem.c: a fault
 * allocates, a read copies zeros).  Bytes of a frame past the end of the
 * file are kept zero, so growing a file (truncate, or a write past EOF)
 * exposes zeros.  All files together may hold at most half of RAM, like
 * tmpfs's default size; beyond it writes get -ENOSPC.  Shared anonymous
 * memory's files are not counted (Linux keeps them on an internal mount
 * without a limit).
 */
#include "fs/file_pages.h"
#include "fs/path.h"
#include "fs/procfs.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/truncate.h"
#include "mm/uaccess.h"

static uint32_t cached_pages;     /* frames holding file data, all files */
static uint32_t limited_pages;    /* of those, the ones the size limit counts */

#define DIRENT_SIZE 20           /* what a directory's size grows by per entry
                                  * (tmpfs's convention; only ls -l sees it) */

/* ---- directories ------------------------------------------------------- */

/* Look `name` up in `dir` by walking its list. */
struct dentry *ramfs_find(struct inode *dir, const char *name)
{
    if (dir->proc)
        return procfs_find(dir, name);   /* /proc makes its names up */
    for (struct dentry *d = dir->first; d; d = d->next)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

/* Entries are kept in increasing `pos` order, so the first one at or
 * after `pos` is where a listing continues. */
struct dentry *ramfs_entry_at(struct inode *dir, uint32_t pos)
{
    for (struct dentry *d = dir->first; d; d = d->next)
        if (d->pos >= pos)
            return d;
    return NULL;
}

/* A dentry for `name`, not yet in any directory. */
static struct dentry *dentry_alloc(const char *name)
{
    size_t len = strlen(name);
    struct dentry *d = kmalloc(sizeof *d + len + 1);
    if (d) {
        d->next = NULL;
        d->inode = NULL;
        d->pos = 0;
        memcpy(d->name, name, len + 1);
    }
    return d;
}

/* Append `d`, naming `ip`, to `dir`: the inode gains a link. */
static void dir_insert(struct inode *dir, struct dentry *d, struct inode *ip)
{
    d->inode = ip;
    d->pos = dir->next_pos++;
    d->next = NULL;
    if (dir->last)
        dir->last->next = d;
    else
        dir->first = d;
    dir->last = d;
    ip->nlink++;
    dir->size += DIRENT_SIZE;
    dir->mtime = dir->ctime = ip->ctime = fs_now();
}

/* A file is losing its last name: remember the path it had, for maps and
 * /proc/PID/fd to show as "PATH (deleted)" while it is still in use.
 * Without memory for it, those show Linux's "/memfd:" form instead. */
static void remember_deleted_path(struct inode *dir, struct dentry *d)
{
    struct inode *ip = d->inode;
    if (S_ISDIR(ip->mode) || ip->nlink != 1 || ip->refcount == 0)
        return;
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return;
    int len = inode_path(dir, path, PATH_MAX);
    if (len >= 0 && (uint32_t)len + strlen(d->name) + 2 <= PATH_MAX) {
        snprintf(path + len, PATH_MAX - len, "%s%s", len > 1 ? "/" : "", d->name);
        kfree(ip->deleted_path);
        ip->deleted_path = kmalloc(strlen(path) + 1);
        if (ip->deleted_path)
            memcpy(ip->deleted_path, path, strlen(path) + 1);
    }
    kfree(path);
}

/* Take `d` out of `dir` and free it: its inode loses a link (the caller
 * holds a reference, so the inode is not freed under it). */
static void dir_remove(struct inode *dir, struct dentry *d)
{
    remember_deleted_path(dir, d);
    struct dentry **pp = &dir->first, *prev = NULL;
    while (*pp != d) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    *pp = d->next;
    if (dir->last == d)
        dir->last = prev;
    d->inode->nlink--;
    d->inode->ctime = fs_now();
    dir->size -= DIRENT_SIZE;
    dir->mtime = dir->ctime = fs_now();
    kfree(d);
}

/* Checks shared by everything that adds a name to `dir`.  Nothing can
 * be made in /proc: a name there exists already, or is -ENOENT (as
 * Linux's proc lookups answer for a missing name). */
static int dir_can_add(struct inode *dir, const char *name)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    if (dir->nlink == 0)
        return -ENOENT;          /* the directory itself was removed */
    if (ramfs_find(dir, name))
        return -EEXIST;
    if (dir->proc)
        return -ENOENT;
    return 0;
}

/* Create a named inode.  A new directory starts with two links (its
 * name and its own "."), and its parent gains one for the new "..". */
int ramfs_create(struct inode *dir, const char *name, uint32_t mode,
                 uint32_t rdev, struct inode **out)
{
    int err = dir_can_add(dir, name);
    if (err)
        return err;
    struct dentry *d = dentry_alloc(name);
    struct inode *ip = d ? inode_alloc(mode) : NULL;
    if (!ip) {
        kfree(d);
        return -ENOMEM;
    }
    ip->rdev = rdev;
    dir_insert(dir, d, ip);
    if (S_ISDIR(mode)) {
        ip->nlink++;
        ip->size = 2 * DIRENT_SIZE;
        ip->parent = dir;
        inode_get(dir);
        dir->nlink++;
    }
    *out = ip;
    return 0;
}

/* A hard link: another name for an existing file, on the same file
 * system.  (A ramfs name for a /proc inode would outlive the process the
 * inode shows, and procfs frees it then.)  Linux's order of checks. */
int ramfs_link(struct inode *dir, const char *name, struct inode *ip)
{
    int err = dir_can_add(dir, name);
    if (err)
        return err;
    if (inode_dev(ip) != inode_dev(dir))
        return -EXDEV;
    if (S_ISDIR(ip->mode))
        return -EPERM;           /* Linux never hard-links directories */
    if (ip->nlink == 0)
        return -ENOENT;          /* it was unlinked meanwhile */
    struct dentry *d = dentry_alloc(name);
    if (!d)
        return -ENOMEM;
    dir_insert(dir, d, ip);
    return 0;
}

/* Remove a name.  The inode goes when its last name and user are gone:
 * holding a reference across the removal lets inode_put decide. */
int ramfs_unlink(struct inode *dir, const char *name)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    struct dentry *d = ramfs_find(dir, name);
    if (!d)
        return -ENOENT;
    struct inode *ip = d->inode;
    if (S_ISDIR(ip->mode))
        return -EISDIR;
    if (dir->proc)
        return -EPERM;           /* /proc's names are not in dir's list */
    inode_get(ip);
    dir_remove(dir, d);
    inode_put(ip);
    return 0;
}

/* Remove an empty directory: it loses its name and its ".", and the
 * parent loses the "..". */
int ramfs_rmdir(struct inode *dir, const char *name)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    struct dentry *d = ramfs_find(dir, name);
    if (!d)
        return -ENOENT;
    struct inode *ip = d->inode;
    if (!S_ISDIR(ip->mode))
        return -ENOTDIR;
    if (dir->proc)
        return -EPERM;
    if (ip->mounted)
        return -EBUSY;           /* /proc: a file system sits on it */
    if (ip->first)
        return -ENOTEMPTY;
    inode_get(ip);
    dir_remove(dir, d);
    ip->nlink = 0;
    dir->nlink--;
    inode_put(ip);
    return 0;
}

/* Is `ip` the directory `dir` or one of its ancestors?  (Moving a
 * directory below itself would cut it off from the tree.) */
static int is_ancestor(struct inode *ip, struct inode *dir)
{
    for (struct inode *a = dir;; a = a->parent) {
        if (a == ip)
            return 1;
        if (a->parent == a || a->parent == NULL)
            return 0;
    }
}

/* rename(2): if the new name exists it is replaced, and the checks are
 * Linux's: a directory replaces only an empty directory, a file only a
 * non-directory. */
int ramfs_rename(struct inode *odir, const char *oname,
                 struct inode *ndir, const char *nname)
{
    if (!S_ISDIR(odir->mode) || !S_ISDIR(ndir->mode))
        return -ENOTDIR;
    if (inode_dev(odir) != inode_dev(ndir))
        return -EXDEV;
    struct dentry *od = ramfs_find(odir, oname);
    if (!od)
        return -ENOENT;
    if (ndir->nlink == 0)
        return -ENOENT;
    struct inode *ip = od->inode;
    struct dentry *nd = ramfs_find(ndir, nname);
    if (!nd && ndir->proc)
        return -ENOENT;          /* /proc has no new names to give */
    if (nd && nd->inode == ip)
        return 0;                /* two names of one file: nothing to do */
    if (S_ISDIR(ip->mode) && is_ancestor(ip, ndir))
        return -EINVAL;
    if (nd) {
        struct inode *victim = nd->inode;
        if (S_ISDIR(ip->mode) && !S_ISDIR(victim->mode))
            return -ENOTDIR;
        if (!S_ISDIR(ip->mode) && S_ISDIR(victim->mode))
            return -EISDIR;
    }
    if (odir->proc || ndir->proc)
        return -EPERM;
    if (ip->mounted || (nd && nd->inode->mounted))
        return -EBUSY;           /* /proc stays where it is mounted */
    if (nd && S_ISDIR(nd->inode->mode) && nd->inode->first)
        return -ENOTEMPTY;
    struct dentry *newd = dentry_alloc(nname);
    if (!newd)
        return -ENOMEM;

    inode_get(ip);
    if (nd) {
        if (S_ISDIR(nd->inode->mode))
            ramfs_rmdir(ndir, nname);
        else
            ramfs_unlink(ndir, nname);
    }
    dir_insert(ndir, newd, ip);
    dir_remove(odir, od);
    if (S_ISDIR(ip->mode) && odir != ndir) {
        odir->nlink--;           /* ".." moves from odir to ndir */
        ndir->nlink++;
        inode_get(ndir);
        ip->parent = ndir;
        inode_put(odir);
    }
    inode_put(ip);
    return 0;
}

/* ---- file data ---------------------------------------------------------- */

/* Pages needed to hold `size` bytes. */
static uint32_t pages_for(uint32_t size)
{
    return (uint32_t)(((uint64_t)size + PAGE_SIZE - 1) / PAGE_SIZE);
}

/* The frame of page `index`, or 0 for a hole. */
static uint32_t cached_page(const struct inode *ip, uint32_t index)
{
    return fp_lookup(&ip->pages, index);
}

/* The file system's size limit in pages: like tmpfs's default, half of
 * RAM (mm/shmem.c, shmem_default_max_blocks). */
static uint32_t max_pages(void)
{
    return frames_total() / 2;
}

/* The frame of page `index`, filling a hole with a zeroed frame; 0 when
 * the file system is full or memory is exhausted. */
static uint32_t page_materialise(struct inode *ip, uint32_t index)
{
    uint32_t pa = cached_page(ip, index);
    if (pa)
        return pa;
    if ((!ip->unlimited && limited_pages >= max_pages()) || !(pa = frame_alloc()))
        return 0;
    memset(P2V(pa), 0, PAGE_SIZE);
    if (fp_insert(&ip->pages, index, pa) < 0) {
        frame_put(pa);
        return 0;
    }
    cached_pages++;
    limited_pages += !ip->unlimited;
    return pa;
}

/* Drop the file's pages from `first` on, keeping the counts. */
static void drop_pages(struct inode *ip, uint32_t first)
{
    uint32_t dropped = fp_truncate(&ip->pages, first);
    cached_pages -= dropped;
    if (!ip->unlimited)
        limited_pages -= dropped;
}

/* The page cache's one entry point for mappings (see fs/vfs.h). */
uint32_t inode_page(struct inode *ip, uint32_t index)
{
    if (!S_ISREG(ip->mode) || ip->proc || index >= pages_for(ip->size))
        return 0;
    return page_materialise(ip, index);
}

/* A look at the page cache that never fills holes (see fs/vfs.h). */
uint32_t inode_cached_page(const struct inode *ip, uint32_t index)
{
    return S_ISREG(ip->mode) ? cached_page(ip, index) : 0;
}

/* The page cache's size, kept up to date as frames come and go. */
uint32_t fs_cached_pages(void)
{
    return cached_pages;
}

/* The limit on it (see max_pages). */
uint32_t fs_max_pages(void)
{
    return max_pages();
}

/* The frames counted against that limit (see fs/vfs.h). */
uint32_t fs_used_pages(void)
{
    return limited_pages;
}

/* Zero the bytes from `off` to the end of its page, if that page has a
 * frame: done whenever `off` becomes or stops being the end of file. */
static void zero_page_tail(struct inode *ip, uint32_t off)
{
    uint32_t in = off % PAGE_SIZE;
    uint32_t pa = cached_page(ip, off / PAGE_SIZE);
    if (in && pa)
        memset((char *)P2V(pa) + in, 0, PAGE_SIZE - in);
}

/* Copies in and out of file frames, to user or kernel memory.  Each
 * returns the bytes copied: a user buffer may end in a hole. */
static uint32_t copy_out(void *dst, const void *src, uint32_t n, int user)
{
    if (user)
        return copy_to_user_prefix(dst, src, n);
    memcpy(dst, src, n);
    return n;
}

/* Fill a buffer with zeros, for a hole. */
static uint32_t zero_out(void *dst, uint32_t n, int user)
{
    if (user)
        return clear_user_prefix(dst, n);
    memset(dst, 0, n);
    return n;
}

/* Copy bytes to be written into a file frame. */
static uint32_t copy_in(void *dst, const void *src, uint32_t n, int user)
{
    if (user)
        return copy_from_user_prefix(dst, src, n);
    memcpy(dst, src, n);
    return n;
}

/* Read up to n bytes at `off`, page by page; holes read as zeros and
 * stay holes.  Returns the count, or -EFAULT if nothing could be copied. */
long ramfs_read(struct inode *ip, void *buf, uint32_t off, uint32_t n, int user)
{
    if (off >= ip->size)
        return 0;
    if (n > ip->size - off)
        n = ip->size - off;
    uint32_t done = 0;
    while (done < n) {
        uint32_t pos = off + done, in = pos % PAGE_SIZE;
        uint32_t chunk = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
        uint32_t pa = cached_page(ip, pos / PAGE_SIZE);
        char *dst = (char *)buf + done;
        uint32_t got = pa ? copy_out(dst, (char *)P2V(pa) + in, chunk, user)
                          : zero_out(dst, chunk, user);
        done += got;
        if (got < chunk)                  /* the buffer ran into a hole */
            return done ? (long)done : -EFAULT;
    }
    return done;
}

/* Write n bytes at `off`, giving holes frames as needed and growing the
 * file.  Returns the count, -EFBIG past the size limit, -ENOSPC when the
 * file system is full or out of frames, or -EFAULT, each only if nothing
 * was written. */
long ramfs_write(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
                 int user)
{
    if (n == 0)
        return 0;
    if (off >= MAX_FILE_SIZE)
        return -EFBIG;
    if (n > MAX_FILE_SIZE - off)
        n = MAX_FILE_SIZE - off;
    if (off > ip->size)
        zero_page_tail(ip, ip->size);

    uint32_t done = 0;
    while (done < n) {
        uint32_t pos = off + done, in = pos % PAGE_SIZE;
        uint32_t chunk = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
        uint32_t pa = page_materialise(ip, pos / PAGE_SIZE);
        if (!pa) {
            if (done == 0)
                return -ENOSPC;
            break;
        }
        char *page = (char *)P2V(pa);
        uint32_t got = copy_in(page + in, (const char *)buf + done, chunk, user);
        done += got;
        if (off + done > ip->size)
            ip->size = off + done;
        if (got < chunk) {                /* the buffer ran into a hole */
            if (done == 0)
                return -EFAULT;
            break;
        }
    }
    ip->mtime = ip->ctime = fs_now();
    return done;
}

/* Set the size: shrinking frees the frames past the end (and the tables
 * left empty) and zeroes the tail of the new last page; growing leaves a
 * hole, which costs nothing. */
int ramfs_truncate(struct inode *ip, uint32_t size)
{
    if (!S_ISREG(ip->mode))
        return -EINVAL;
    if (ip->proc)
        return 0;                /* a /proc file has no size to set (Linux: 0) */
    if (size > MAX_FILE_SIZE)
        return -EFBIG;
    if (size < ip->size) {
        mm_truncate_file(ip, size);      /* mappings beyond the end: SIGBUS */
        drop_pages(ip, pages_for(size));
        zero_page_tail(ip, size);
    } else if (size > ip->size) {
        zero_page_tail(ip, ip->size);
    }
    ip->size = size;
    ip->mtime = ip->ctime = fs_now();
    return 0;
}

/* The frames holding data (holes excluded), counted as they come and go. */
uint32_t ramfs_pages_used(const struct inode *ip)
{
    return ip->pages.present;
}

/* The inode is being freed: give back its frames and page table, any
 * leftover entries and its hold on the parent directory. */
void ramfs_evict(struct inode *ip)
{
    drop_pages(ip, 0);
    while (ip->first) {
        struct dentry *d = ip->first;
        ip->first = d->next;
        kfree(d);
    }
    ip->last = NULL;
    if (ip->parent && ip->parent != ip)
        inode_put(ip->parent);
    ip->parent = NULL;
}

/* An unnamed regular file of `size` zero bytes: the backing object of
 * MAP_SHARED|MAP_ANONYMOUS memory (Linux calls it "/dev/zero (deleted)").
 * Its pages live in its page cache, so every process mapping it (the
 * parent and children of a fork) sees the same frames; with no name
 * (nlink 0) it is freed when the last mapping drops its reference.
 * Returns it with one reference, or NULL when out of memory. */
struct inode *vfs_anon_file(uint32_t size)
{
    struct inode *ip = inode_alloc(S_IFREG | 0600);
    if (ip)
        ip->unlimited = 1;
    if (ip && ramfs_truncate(ip, size) < 0) {
        inode_put(ip);
        return NULL;
    }
    return ip;
}
