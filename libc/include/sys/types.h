/*
 * sys/types.h - the basic system data types of Pagoda's C library.
 *
 * Sizes follow the Linux i386 ABI that the kernel implements: file
 * offsets, inode numbers and device numbers are 64 bits wide (the
 * "stat64" world), times and sizes are 32 bits.
 */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>

typedef int ssize_t;                /* a size or -1 */
typedef int pid_t;                  /* process id */
typedef unsigned int uid_t;         /* user id */
typedef unsigned int gid_t;         /* group id */
typedef unsigned int mode_t;        /* file type and permission bits */
typedef unsigned int nlink_t;       /* link count */
typedef long long off_t;            /* file offset or size, in bytes */
typedef unsigned long long ino_t;   /* inode number */
typedef unsigned long long dev_t;   /* device number */
typedef long blksize_t;             /* preferred I/O block size */
typedef long long blkcnt_t;         /* count of 512-byte blocks */
typedef long time_t;                /* seconds since 1970-01-01 UTC */
typedef long suseconds_t;           /* microseconds */
typedef unsigned int useconds_t;    /* microseconds, unsigned */
typedef int clockid_t;              /* clock id for clock_gettime */
typedef int timer_t;                /* a POSIX timer: the kernel's id */
typedef long clock_t;               /* clock ticks (times) */

#endif
