/*
 * fs/fcntl.h - Linux's i386 flag values for open, the *at calls, fcntl,
 * lseek and access.
 */
#ifndef FS_FCNTL_H
#define FS_FCNTL_H

#define O_ACCMODE   0x3
#define O_RDONLY    0x0
#define O_WRONLY    0x1
#define O_RDWR      0x2
#define O_CREAT     0x40
#define O_EXCL      0x80
#define O_NOCTTY    0x100
#define O_TRUNC     0x200
#define O_APPEND    0x400
#define O_NONBLOCK  0x800
#define O_DSYNC     0x1000
#define O_LARGEFILE 0x8000
#define O_DIRECTORY 0x10000
#define O_NOFOLLOW  0x20000
#define O_CLOEXEC   0x80000

/* The open flags a file remembers (what F_GETFL reports). */
#define O_FILE_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | \
                      O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW)
/* The ones F_SETFL may change. */
#define O_SETFL_FLAGS (O_APPEND | O_NONBLOCK)

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS          0x200
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_GETLK         5
#define F_SETLK         6
#define F_SETLKW        7
#define F_GETLK64       12
#define F_SETLK64       13
#define F_SETLKW64      14
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC      1

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#endif
