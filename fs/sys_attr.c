/*
 * fs/sys_attr.c - changing what is stored about a file: its size,
 * permission bits, owner and times; the umask; and the sync calls,
 * which have nothing to do for a file system that lives in memory.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"

#define UTIME_NOW  ((1 << 30) - 1)
#define UTIME_OMIT ((1 << 30) - 2)

/* The inode behind a descriptor, referenced. */
static int fd_inode(int fd, struct inode **out)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    *out = f->inode;
    inode_get(*out);
    file_put(f);
    return 0;
}

/* The largest length a file opened without O_LARGEFILE may be given
 * (Linux's MAX_NON_LFS). */
#define MAX_NON_LFS 0x7fffffff

/*
 * The truncate calls, in Linux's order of checks (fs/open.c): a negative
 * length is -EINVAL before anything else; then the file must be a
 * regular one (-EISDIR for a directory by name, -EINVAL otherwise); a
 * length past what the file system holds is -EFBIG.  Pagoda's files hold
 * at most MAX_FILE_SIZE = 2 GiB - 1 bytes: Linux's tmpfs takes more, so
 * there Pagoda's answer is -EFBIG where Linux's is 0.
 */
static long truncate_inode(struct inode *ip, int64_t len)
{
    if (S_ISDIR(ip->mode))
        return -EISDIR;
    if (!S_ISREG(ip->mode))
        return -EINVAL;
    if (len > MAX_FILE_SIZE)
        return -EFBIG;
    return ramfs_truncate(ip, (uint32_t)len);
}

/* truncate(2) by name. */
static long truncate_path(const char *upath, int64_t len)
{
    if (len < 0)
        return -EINVAL;
    struct inode *ip;
    int err = user_lookup_at(AT_FDCWD, upath, LOOKUP_FOLLOW, 0, &ip);
    if (err)
        return err;
    long r = S_ISREG(ip->mode) ? inode_write_permission(ip) : 0;
    if (r == 0)
        r = truncate_inode(ip, len);
    inode_put(ip);
    return r;
}

/* truncate: a 32-bit length. */
long sys_truncate(const char *path, int32_t len)
{
    return truncate_path(path, len);
}

/* truncate64: the length in two halves, low first. */
long sys_truncate64(const char *path, uint32_t lo, uint32_t hi)
{
    return truncate_path(path, (int64_t)((uint64_t)hi << 32 | lo));
}

/* ftruncate needs a regular file open for writing; without O_LARGEFILE
 * it stays below 2 GiB (-EINVAL, as Linux's do_sys_ftruncate). */
static long truncate_fd(int fd, int64_t len)
{
    if (len < 0)
        return -EINVAL;
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r;
    if (!S_ISREG(f->inode->mode) || !file_writable(f))
        r = -EINVAL;
    else if (!(f->flags & O_LARGEFILE) && len > MAX_NON_LFS)
        r = -EINVAL;
    else
        r = truncate_inode(f->inode, len);
    file_put(f);
    return r;
}

/* ftruncate: a 32-bit length. */
long sys_ftruncate(int fd, int32_t len)
{
    return truncate_fd(fd, len);
}

/* ftruncate64: the length in two halves, low first. */
long sys_ftruncate64(int fd, uint32_t lo, uint32_t hi)
{
    return truncate_fd(fd, (int64_t)((uint64_t)hi << 32 | lo));
}

/* Set the mask for new files; returns the old one. */
long sys_umask(int mask)
{
    uint32_t old = fs_umask;
    fs_umask = (uint32_t)mask & 0777;
    return old;
}

/* Data is in memory only: syncing succeeds at once. */
long sys_fsync(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

/* fdatasync: like fsync. */
long sys_fdatasync(int fd)
{
    return sys_fsync(fd);
}

/* sync: nothing is ever dirty. */
long sys_sync(void)
{
    return 0;
}

/* Change the permission bits, keeping the type. */
static long chmod_inode(struct inode *ip, int mode)
{
    ip->mode = (ip->mode & S_IFMT) | ((uint32_t)mode & S_IALLUGO);
    ip->ctime = fs_now();
    inode_put(ip);
    return 0;
}

/* fchmodat: follows symlinks (Linux cannot chmod a link itself). */
long sys_fchmodat(int dirfd, const char *path, int mode)
{
    struct inode *ip;
    int err = user_lookup_at(dirfd, path, LOOKUP_FOLLOW, 0, &ip);
    return err ? err : chmod_inode(ip, mode);
}

/* chmod: fchmodat from the cwd. */
long sys_chmod(const char *path, int mode)
{
    return sys_fchmodat(AT_FDCWD, path, mode);
}

/* fchmod: on an open file. */
long sys_fchmod(int fd, int mode)
{
    struct inode *ip;
    int err = fd_inode(fd, &ip);
    return err ? err : chmod_inode(ip, mode);
}

/* Every file belongs to root, and root may give it to root: the chown
 * calls only check that the file exists. */
long sys_fchownat(int dirfd, const char *path, int uid, int gid, int flags)
{
    (void)uid, (void)gid;
    struct inode *ip;
    int follow = flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW;
    int err = user_lookup_at(dirfd, path, follow, flags & AT_EMPTY_PATH, &ip);
    if (err == 0)
        inode_put(ip);
    return err;
}

/* chown32: following symlinks. */
long sys_chown32(const char *path, int uid, int gid)
{
    return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

/* lchown32: the link itself. */
long sys_lchown32(const char *path, int uid, int gid)
{
    return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

/* fchown32: on an open file. */
long sys_fchown32(int fd, int uid, int gid)
{
    (void)uid, (void)gid;
    struct inode *ip;
    int err = fd_inode(fd, &ip);
    if (err == 0)
        inode_put(ip);
    return err;
}

/* One of utimensat's two timespecs (32-bit seconds and nanoseconds):
 * UTIME_NOW means now, UTIME_OMIT leaves the time alone. */
static void set_time(uint32_t *field, const int32_t ts[2])
{
    if (ts[1] == UTIME_OMIT)
        return;
    *field = ts[1] == UTIME_NOW ? fs_now() : (uint32_t)ts[0];
}

/* utimensat(dirfd, path, times[2], flags); a NULL path means dirfd's own
 * file (futimens), NULL times means now for both.  As Linux, a NULL path
 * with AT_FDCWD is a path read from address 0: -EFAULT. */
long sys_utimensat(int dirfd, const char *upath, const int32_t *utimes, int flags)
{
    int32_t ts[4] = { 0, UTIME_NOW, 0, UTIME_NOW };
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if (utimes && copy_from_user(ts, utimes, sizeof ts) < 0)
        return -EFAULT;
    for (int i = 0; i < 2; i++)
        if (ts[2 * i + 1] != UTIME_NOW && ts[2 * i + 1] != UTIME_OMIT &&
            (ts[2 * i + 1] < 0 || ts[2 * i + 1] >= 1000000000))
            return -EINVAL;
    if (!upath && dirfd == AT_FDCWD)
        return -EFAULT;
    struct inode *ip;
    int follow = flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW;
    int err = upath ? user_lookup_at(dirfd, upath, follow, flags & AT_EMPTY_PATH, &ip)
                    : fd_inode(dirfd, &ip);
    if (err)
        return err;
    set_time(&ip->atime, ts);
    set_time(&ip->mtime, ts + 2);
    ip->ctime = fs_now();
    inode_put(ip);
    return 0;
}

/* syncfs: like fsync, for the file system of an open file. */
long sys_syncfs(int fd)
{
    return sys_fsync(fd);
}
