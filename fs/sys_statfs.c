/*
 * fs/sys_statfs.c - statfs, fstatfs, statfs64 and fstatfs64: what a file
 * system holds and how much room is left (df, stat -f).
 *
 * Pagoda has three kinds of file: the tree in memory, /proc, and pipes.
 * The tree answers as tmpfs does (mm/shmem.c, shmem_statfs): it has
 * tmpfs's size limit, half of RAM, so its type is TMPFS_MAGIC rather than
 * ramfs's (which has no limit); blocks are pages, the free ones what the
 * limit still allows; with no inode limit f_files and f_ffree are 0, as
 * tmpfs mounted with nr_inodes=0.  /proc and pipes answer as Linux's
 * simple_statfs: only the type, block size and name length.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/string.h"
#include "mm/uaccess.h"

#define TMPFS_MAGIC      0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC     0x50495045
#define ST_VALID         0x0020  /* f_flags is meaningful */
#define ST_RELATIME      0x0400
#define STATFS_BSIZE     4096

/* struct statfs of i386: 64 bytes, every count 32 bits. */
struct statfs32 {
    uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
};

/* struct statfs64 of i386: 84 bytes, packed (64-bit counts 4-aligned). */
struct statfs64 {
    uint32_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));

_Static_assert(sizeof(struct statfs32) == 64, "i386 struct statfs");
_Static_assert(sizeof(struct statfs64) == 84, "i386 struct statfs64");

/* Fill the 64-bit form for the file system `ip` lives on. */
static void inode_statfs(const struct inode *ip, struct statfs64 *st)
{
    memset(st, 0, sizeof *st);
    st->f_bsize = st->f_frsize = STATFS_BSIZE;
    st->f_namelen = NAME_MAX;
    if (ip->proc) {
        st->f_type = PROC_SUPER_MAGIC;
        st->f_flags = ST_VALID | ST_RELATIME;   /* "rw,relatime" in mounts */
    } else if (ip->pipe) {
        st->f_type = PIPEFS_MAGIC;
        st->f_flags = ST_VALID;
    } else {
        uint32_t max = fs_max_pages(), used = fs_used_pages();
        st->f_type = TMPFS_MAGIC;
        st->f_blocks = max;
        st->f_bfree = st->f_bavail = used < max ? max - used : 0;
        st->f_flags = ST_VALID;                 /* "rw" in mounts */
    }
}

/* The 64-bit form to the user; `size` must be the i386 struct's (84). */
static long statfs64_to_user(const struct inode *ip, uint32_t size, void *ubuf)
{
    if (size != sizeof(struct statfs64))
        return -EINVAL;
    struct statfs64 st;
    inode_statfs(ip, &st);
    return copy_to_user(ubuf, &st, sizeof st);
}

/* The 32-bit form to the user: -EOVERFLOW if a count does not fit. */
static long statfs32_to_user(const struct inode *ip, struct statfs32 *ubuf)
{
    struct statfs64 w;
    inode_statfs(ip, &w);
    if ((w.f_blocks | w.f_bfree | w.f_bavail | w.f_files | w.f_ffree) >> 32)
        return -EOVERFLOW;
    struct statfs32 st = {
        .f_type = w.f_type, .f_bsize = w.f_bsize,
        .f_blocks = (uint32_t)w.f_blocks, .f_bfree = (uint32_t)w.f_bfree,
        .f_bavail = (uint32_t)w.f_bavail, .f_files = (uint32_t)w.f_files,
        .f_ffree = (uint32_t)w.f_ffree, .f_namelen = w.f_namelen,
        .f_frsize = w.f_frsize, .f_flags = w.f_flags,
    };
    return copy_to_user(ubuf, &st, sizeof st);
}

/* statfs64(path, size, buf): follows symlinks, as Linux. */
long sys_statfs64(const char *upath, uint32_t size, void *ubuf)
{
    struct inode *ip;
    int err = user_lookup_at(AT_FDCWD, upath, LOOKUP_FOLLOW, 0, &ip);
    if (err)
        return err;
    long r = statfs64_to_user(ip, size, ubuf);
    inode_put(ip);
    return r;
}

/* fstatfs64(fd, size, buf): any open file, pipes included. */
long sys_fstatfs64(int fd, uint32_t size, void *ubuf)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r = statfs64_to_user(f->inode, size, ubuf);
    file_put(f);
    return r;
}

/* statfs(path, buf): the 32-bit form. */
long sys_statfs(const char *upath, void *ubuf)
{
    struct inode *ip;
    int err = user_lookup_at(AT_FDCWD, upath, LOOKUP_FOLLOW, 0, &ip);
    if (err)
        return err;
    long r = statfs32_to_user(ip, ubuf);
    inode_put(ip);
    return r;
}

/* fstatfs(fd, buf): the 32-bit form of an open file's. */
long sys_fstatfs(int fd, void *ubuf)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r = statfs32_to_user(f->inode, ubuf);
    file_put(f);
    return r;
}
