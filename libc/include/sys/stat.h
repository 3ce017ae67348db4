/*
 * sys/stat.h - file status.  struct stat has exactly the layout of
 * Linux's struct stat64 (96 bytes), so the fstatat64 system call fills
 * it in directly.
 */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include <time.h>

struct stat {
    dev_t st_dev;                   /*  0: device holding the file */
    unsigned int __pad0;            /*  8 */
    unsigned long __st_ino;         /* 12: low 32 bits of st_ino */
    mode_t st_mode;                 /* 16: type and permissions */
    nlink_t st_nlink;               /* 20: number of hard links */
    uid_t st_uid;                   /* 24: owner */
    gid_t st_gid;                   /* 28: group */
    dev_t st_rdev;                  /* 32: device number, for devices */
    unsigned int __pad3;            /* 40 */
    off_t st_size;                  /* 44: size in bytes */
    blksize_t st_blksize;           /* 52: preferred I/O size */
    blkcnt_t st_blocks;             /* 56: 512-byte blocks allocated */
    struct timespec st_atim;        /* 64: last access */
    struct timespec st_mtim;        /* 72: last modification */
    struct timespec st_ctim;        /* 80: last status change */
    ino_t st_ino;                   /* 88: inode number */
};

#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec

/* The file type, in the top bits of st_mode. */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

/* Permission bits. */
#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_IRWXU 0700
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXG 0070
#define S_IRGRP 0040
#define S_IWGRP 0020
#define S_IXGRP 0010
#define S_IRWXO 0007
#define S_IROTH 0004
#define S_IWOTH 0002
#define S_IXOTH 0001

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int fstatat(int dirfd, const char *path, struct stat *st, int flags);
int mkdir(const char *path, mode_t mode);
int chmod(const char *path, mode_t mode);
mode_t umask(mode_t mask);

#endif
