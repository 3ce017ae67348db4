/*
 * fcntl.h - open() flags, fcntl() commands and the *at() constants, with
 * the Linux i386 values.
 */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>

#define O_RDONLY     0x00000
#define O_WRONLY     0x00001
#define O_RDWR       0x00002
#define O_ACCMODE    0x00003
#define O_CREAT      0x00040
#define O_EXCL       0x00080
#define O_NOCTTY     0x00100
#define O_TRUNC      0x00200
#define O_APPEND     0x00400
#define O_NONBLOCK   0x00800
#define O_LARGEFILE  0x08000
#define O_DIRECTORY  0x10000
#define O_NOFOLLOW   0x20000
#define O_CLOEXEC    0x80000

#define F_DUPFD          0     /* dup to the lowest fd >= arg */
#define F_GETFD          1     /* get the FD_CLOEXEC flag */
#define F_SETFD          2
#define F_GETFL          3     /* get the open flags */
#define F_SETFL          4
#define F_DUPFD_CLOEXEC  1030
#define FD_CLOEXEC       1

#define AT_FDCWD             (-100) /* relative paths start at the cwd */
#define AT_SYMLINK_NOFOLLOW  0x100
#define AT_REMOVEDIR         0x200
#define AT_EMPTY_PATH        0x1000

int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);

#endif
