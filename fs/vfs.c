/*
 * fs/vfs.c - the root of the tree, booting the file system, and the
 * path-based helpers the rest of the kernel uses.
 */
#include <stddef.h>
#include "fs/vfs.h"
#include "fs/syscalls.h"
#include "fs/devices.h"
#include "fs/fcntl.h"
#include "fs/file.h"
#include "fs/initrd.h"
#include "fs/namei.h"
#include "fs/path.h"
#include "fs/procfs.h"
#include "fs/ramfs.h"
#include "fs/tty.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

static struct inode *root;

/* The root directory (borrowed: no reference is taken). */
struct inode *fs_root(void)
{
    return root;
}

/* The root directory is its own parent, and is never freed: it holds a
 * reference to itself through `parent`. */
static void make_root(void)
{
    root = inode_alloc(S_IFDIR | 0755);
    if (!root)
        panic("fs: no memory for the root directory");
    root->nlink = 2;
    root->size = 40;
    root->parent = root;
}

/* Boot the file system: the clock, the root and the standard directories,
 * the device nodes, the initrd contents, then console input. */
void fs_init(void)
{
    fs_clock_init();
    make_root();
    vfs_mkdir("/dev", 0755);
    vfs_mkdir("/dev/shm", 01777);
    vfs_mkdir("/tmp", 01777);
    vfs_mkdir("/proc", 0555);
    procfs_init();
    devices_init();
    initrd_unpack_all();
    tty_init();
    poll_init();
    timerfd_init();
}

/* Look up a kernel path from the cwd (see fs/vfs.h). */
int vfs_lookup(const char *kpath, struct inode **out)
{
    return path_lookup(cwd_inode(), kpath, LOOKUP_FOLLOW, out);
}

/* The kernel's mkdir and mknod: modes are used as given (no umask). */
int vfs_mkdir(const char *kpath, uint32_t mode)
{
    return do_mkdirat(cwd_inode(), kpath, mode);
}

/* The kernel's mknod, for /dev. */
int vfs_mknod(const char *kpath, uint32_t mode, uint32_t rdev)
{
    return do_mknodat(cwd_inode(), kpath, mode, rdev);
}

/* The kernel's symlink. */
int vfs_symlink(const char *target, const char *kpath)
{
    return do_symlinkat(target, cwd_inode(), kpath);
}

/* Create or empty a file and write n bytes to it: 0 or -errno. */
int vfs_write_file(const char *kpath, const void *buf, uint32_t n)
{
    struct file *f;
    int err = vfs_open(NULL, kpath, O_WRONLY | O_CREAT | O_TRUNC, 0644, &f);
    if (err)
        return err;
    long r = S_ISREG(f->inode->mode) ? inode_write(f->inode, buf, 0, n) : -EINVAL;
    file_put(f);
    if (r < 0)
        return (int)r;
    return r == (long)n ? 0 : -ENOSPC;
}
