/*
 * fs/syscalls.c - the table of file-system calls, and the helpers every
 * call that takes a path uses.
 */
#include "kernel/syscall.h"
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"

/* Linux numbers that kernel/syscall.h does not list (yet). */
#ifndef NR_chmod
#define NR_chmod       15
#endif
#ifndef NR_fchmod
#define NR_fchmod      94
#endif
#ifndef NR_fchdir
#define NR_fchdir      133
#endif
#ifndef NR_fdatasync
#define NR_fdatasync   148
#endif
#ifndef NR_lchown32
#define NR_lchown32    198
#endif
#ifndef NR_fchown32
#define NR_fchown32    207
#endif
#ifndef NR_chown32
#define NR_chown32     212
#endif
#ifndef NR_fchownat
#define NR_fchownat    298
#endif
#ifndef NR_renameat
#define NR_renameat    302
#endif
#ifndef NR_linkat
#define NR_linkat      303
#endif
#ifndef NR_symlinkat
#define NR_symlinkat   304
#endif
#ifndef NR_readlinkat
#define NR_readlinkat  305
#endif
#ifndef NR_fchmodat
#define NR_fchmodat    306
#endif
#ifndef NR_faccessat
#define NR_faccessat   307
#endif
#ifndef NR_utimensat
#define NR_utimensat   320
#endif

#ifndef NR_mknod
#define NR_mknod         14
#endif
#ifndef NR_statfs
#define NR_statfs        99
#endif
#ifndef NR_fstatfs
#define NR_fstatfs       100
#endif
#ifndef NR_fadvise64
#define NR_fadvise64     250
#endif
#ifndef NR_statfs64
#define NR_statfs64      268
#endif
#ifndef NR_fstatfs64
#define NR_fstatfs64     269
#endif
#ifndef NR_fadvise64_64
#define NR_fadvise64_64  272
#endif
#ifndef NR_mknodat
#define NR_mknodat       297
#endif
#ifndef NR_syncfs
#define NR_syncfs        344
#endif
#ifndef NR_renameat2
#define NR_renameat2     353
#endif

/* Paths are copied whole into the kernel before use, so the program
 * cannot change them half-way through a lookup. */
int getname(const char *upath, char **out)
{
    char *name = kmalloc(PATH_MAX);
    if (!name)
        return -ENOMEM;
    long n = strncpy_from_user(name, upath, PATH_MAX);
    if (n < 0) {
        kfree(name);
        return (int)n;
    }
    *out = name;
    return 0;
}

/* Free a path from getname(). */
void putname(char *name)
{
    kfree(name);
}

/* The start directory of an *at() call (see fs/syscalls.h). */
int at_base(int dirfd, const char *path, struct inode **base)
{
    if (path[0] == '/' || dirfd == AT_FDCWD) {
        *base = path[0] == '/' ? fs_root() : cwd_inode();
        inode_get(*base);
        return 0;
    }
    struct file *f = fd_get(dirfd);
    if (!f)
        return -EBADF;
    int err = 0;
    if (!S_ISDIR(f->inode->mode) && path[0] != '\0')
        err = -ENOTDIR;          /* only AT_EMPTY_PATH may name a file */
    else
        inode_get(*base = f->inode);
    file_put(f);
    return err;
}

/* See fs/syscalls.h. */
int user_lookup_at(int dirfd, const char *upath, int flags, int empty_ok,
                   struct inode **out)
{
    char *path;
    struct inode *base;
    int err = getname(upath, &path);
    if (err)
        return err;
    err = path[0] == '\0' && !empty_ok ? -ENOENT : at_base(dirfd, path, &base);
    if (err == 0) {
        if (path[0] == '\0') {
            *out = base;                 /* AT_EMPTY_PATH: dirfd's own file */
        } else {
            err = path_lookup(base, path, flags, out);
            inode_put(base);
        }
    }
    putname(path);
    return err;
}

const struct syscall_entry fs_syscalls[] = {
    SYSCALL(read, "dpu"),
    SYSCALL(write, "dpu"),
    SYSCALL(pread64, "dpuuu"),
    SYSCALL(pwrite64, "dpuuu"),
    SYSCALL(readv, "dpd"),
    SYSCALL(writev, "dpd"),
    SYSCALL(lseek, "ddd"),
    SYSCALL(llseek, "duupd"),
    SYSCALL(open, "sxx"),
    SYSCALL(openat, "dsxx"),
    SYSCALL(creat, "sx"),
    SYSCALL(close, "d"),
    SYSCALL(dup, "d"),
    SYSCALL(dup2, "dd"),
    SYSCALL(dup3, "ddx"),
    SYSCALL(pipe, "p"),
    SYSCALL(pipe2, "px"),
    SYSCALL(timerfd_create, "dx"),
    SYSCALL(timerfd_settime, "dxpp"),
    SYSCALL(timerfd_gettime, "dp"),
    SYSCALL(fcntl, "ddx"),
    SYSCALL(fcntl64, "ddx"),
    SYSCALL(ioctl, "dxx"),
    SYSCALL(stat64, "sp"),
    SYSCALL(lstat64, "sp"),
    SYSCALL(fstat64, "dp"),
    SYSCALL(fstatat64, "dspx"),
    SYSCALL(statx, "dsxxp"),
    SYSCALL(getdents64, "dpu"),
    SYSCALL(access, "sd"),
    SYSCALL(faccessat, "dsd"),
    SYSCALL(readlink, "spd"),
    SYSCALL(readlinkat, "dspd"),
    SYSCALL(mkdir, "sx"),
    SYSCALL(mkdirat, "dsx"),
    SYSCALL(rmdir, "s"),
    SYSCALL(unlink, "s"),
    SYSCALL(unlinkat, "dsx"),
    SYSCALL(rename, "ss"),
    SYSCALL(renameat, "dsds"),
    SYSCALL(link, "ss"),
    SYSCALL(linkat, "dsdsx"),
    SYSCALL(symlink, "ss"),
    SYSCALL(symlinkat, "sds"),
    SYSCALL(chdir, "s"),
    SYSCALL(fchdir, "d"),
    SYSCALL(getcwd, "pu"),
    SYSCALL(truncate, "sd"),
    SYSCALL(truncate64, "suu"),
    SYSCALL(ftruncate, "dd"),
    SYSCALL(ftruncate64, "duu"),
    SYSCALL(umask, "x"),
    SYSCALL(fsync, "d"),
    SYSCALL(fdatasync, "d"),
    SYSCALL(sync, ""),
    SYSCALL(chmod, "sx"),
    SYSCALL(fchmod, "dx"),
    SYSCALL(fchmodat, "dsx"),
    SYSCALL(chown32, "sdd"),
    SYSCALL(lchown32, "sdd"),
    SYSCALL(fchown32, "ddd"),
    SYSCALL(fchownat, "dsddx"),
    SYSCALL(utimensat, "dspx"),
    SYSCALL(poll, "pud"),
    SYSCALL(select, "p"),
    SYSCALL(_newselect, "dpppp"),
    SYSCALL(pselect6, "dppppp"),
    SYSCALL(pselect6_time64, "dppppp"),
    SYSCALL(ppoll, "pupxu"),
    SYSCALL(ppoll_time64, "pupxu"),
    SYSCALL(mknod, "sxx"),
    SYSCALL(mknodat, "dsxx"),
    SYSCALL(renameat2, "dsdsx"),
    SYSCALL(statfs, "sp"),
    SYSCALL(fstatfs, "dp"),
    SYSCALL(statfs64, "sup"),
    SYSCALL(fstatfs64, "dup"),
    SYSCALL(fadvise64, "duuud"),
    SYSCALL(fadvise64_64, "duuuud"),
    SYSCALL(syncfs, "d"),
    { 0, 0, 0, 0 },
};
