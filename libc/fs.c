/*
 * libc/fs.c - system call wrappers for the file system: stat, mkdir,
 * unlink, chdir, getcwd, access, rename, readlink.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libc/libc.h"

/* struct stat must be byte for byte Linux's i386 struct stat64
 * (arch/x86/include/uapi/asm/stat.h), since the kernel fills it in
 * directly. */
_Static_assert(sizeof(struct stat) == 96, "struct stat is not stat64");
_Static_assert(offsetof(struct stat, st_mode) == 16, "st_mode");
_Static_assert(offsetof(struct stat, st_rdev) == 32, "st_rdev");
_Static_assert(offsetof(struct stat, st_size) == 44, "st_size");
_Static_assert(offsetof(struct stat, st_blocks) == 56, "st_blocks");
_Static_assert(offsetof(struct stat, st_mtim) == 72, "st_mtim");
_Static_assert(offsetof(struct stat, st_ino) == 88, "st_ino");

/* Every stat call is fstatat64, as in glibc: the kernel has one path. */
int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    return __sysret(sys4(SYS_fstatat64, dirfd, (long)path, (long)st, flags));
}

/* Status of the file a path names, following symbolic links. */
int stat(const char *path, struct stat *st)
{
    return fstatat(AT_FDCWD, path, st, 0);
}

/* Like stat, but a symbolic link describes itself. */
int lstat(const char *path, struct stat *st)
{
    return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

/* Status of an open file: an empty path with AT_EMPTY_PATH means "fd
 * itself". */
int fstat(int fd, struct stat *st)
{
    return fstatat(fd, "", st, AT_EMPTY_PATH);
}

/* Create a directory. */
int mkdir(const char *path, mode_t mode)
{
    return __sysret(sys2(SYS_mkdir, (long)path, mode));
}

/* Remove an empty directory. */
int rmdir(const char *path)
{
    return __sysret(sys1(SYS_rmdir, (long)path));
}

/* Remove a name (not a directory). */
int unlink(const char *path)
{
    return __sysret(sys1(SYS_unlink, (long)path));
}

/* Remove a file or an empty directory, whichever path names. */
int remove(const char *path)
{
    if (unlink(path) == 0)
        return 0;
    if (errno == EISDIR)
        return rmdir(path);
    return -1;
}

/* Change a name, replacing the target if it exists. */
int rename(const char *from, const char *to)
{
    return __sysret(sys2(SYS_rename, (long)from, (long)to));
}

/* Change the current directory. */
int chdir(const char *path)
{
    return __sysret(sys1(SYS_chdir, (long)path));
}

/* Copy the current directory's path into buf.  The system call returns
 * the length including the NUL; the C function returns buf.  With
 * buf == NULL we allocate a PATH_MAX buffer, as glibc does. */
char *getcwd(char *buf, size_t size)
{
    char *mine = NULL;
    if (buf == NULL) {
        size = size ? size : 4096;
        buf = mine = malloc(size);
        if (!buf)
            return NULL;
    }
    if (__sysret(sys2(SYS_getcwd, (long)buf, size)) < 0) {
        free(mine);
        return NULL;
    }
    return buf;
}

/* Can we access path with the given mode (F_OK, R_OK, W_OK, X_OK)? */
int access(const char *path, int mode)
{
    return __sysret(sys2(SYS_access, (long)path, mode));
}

/* Give a file a second name. */
int link(const char *from, const char *to)
{
    return __sysret(sys2(SYS_link, (long)from, (long)to));
}

/* Make path a symbolic link that points at target. */
int symlink(const char *target, const char *path)
{
    return __sysret(sys2(SYS_symlink, (long)target, (long)path));
}

/* Write a file's data out to the disk before returning. */
int fsync(int fd)
{
    return __sysret(sys1(SYS_fsync, fd));
}

/* The target of a symbolic link, without a terminating NUL. */
ssize_t readlink(const char *path, char *buf, size_t size)
{
    return __sysret(sys3(SYS_readlink, (long)path, (long)buf, size));
}

/* Change a file's permission bits. */
int chmod(const char *path, mode_t mode)
{
    return __sysret(sys2(SYS_chmod, (long)path, mode));
}

/* Set the file creation mask; returns the old one (never fails). */
mode_t umask(mode_t mask)
{
    return sys1(SYS_umask, mask);
}
