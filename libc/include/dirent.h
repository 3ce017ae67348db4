/*
 * dirent.h - reading directories: opendir, readdir, closedir.  A struct
 * dirent has the layout of the kernel's linux_dirent64 record, so
 * readdir returns pointers straight into the getdents64 buffer.
 */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>

struct dirent {
    ino_t d_ino;                 /* inode number */
    off_t d_off;                 /* position of the next entry */
    unsigned short d_reclen;     /* length of this record */
    unsigned char d_type;        /* DT_DIR, DT_REG... */
    char d_name[256];            /* NUL-terminated name */
};

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK    10
#define DT_SOCK   12

typedef struct DIR DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *dir);
void rewinddir(DIR *dir);
int closedir(DIR *dir);
int dirfd(DIR *dir);

/* The raw system call: fill buf with linux_dirent64 records. */
ssize_t getdents64(int fd, void *buf, size_t size);

#endif
