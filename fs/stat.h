/*
 * fs/stat.h - Linux's file types, mode bits, device numbers and the
 * records stat64 and getdents64 hand to programs (i386 layouts).
 */
#ifndef FS_STAT_H
#define FS_STAT_H

#include <stdint.h>

/* The file type lives in the top bits of a mode. */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)

#define S_IALLUGO 07777          /* setuid, setgid, sticky and rwxrwxrwx */
#define S_IXUGO   00111          /* any execute bit */

/* Device numbers: Linux's 32-bit encoding of (major, minor). */
#define MKDEV(major, minor) \
    ((uint32_t)(((minor) & 0xff) | ((major) << 8) | (((minor) & ~0xffu) << 12)))
#define MAJOR(dev) ((uint32_t)(((dev) >> 8) & 0xfff))
#define MINOR(dev) ((uint32_t)(((dev) & 0xff) | (((dev) >> 12) & 0xfff00)))

/* struct stat64 for stat64, lstat64, fstat64 and fstatat64: 96 bytes. */
struct stat64 {
    uint64_t st_dev;
    uint32_t pad1;
    uint32_t st_ino_low;         /* Linux's __st_ino */
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint32_t pad2;
    int64_t  st_size;
    uint32_t st_blksize;
    uint64_t st_blocks;          /* 512-byte units */
    uint32_t st_atime, st_atime_nsec;
    uint32_t st_mtime, st_mtime_nsec;
    uint32_t st_ctime, st_ctime_nsec;
    uint64_t st_ino;             /* the 64-bit inode number glibc reads */
} __attribute__((packed));

_Static_assert(sizeof(struct stat64) == 96, "struct stat64 is 96 bytes");

/* getdents64 records: a 19-byte header, then the NUL-terminated name,
 * the whole padded to 8 bytes. */
#define DIRENT64_NAME_OFFSET 19
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t  d_off;              /* position of the next record */
    uint16_t d_reclen;
    uint8_t  d_type;
    char     d_name[];
} __attribute__((packed));

_Static_assert(sizeof(struct linux_dirent64) == DIRENT64_NAME_OFFSET,
               "linux_dirent64 header is 19 bytes");

#endif
