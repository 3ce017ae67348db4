/*
 * fs/fdtable.h - a process's file descriptors.
 *
 * Descriptor n is slot n of the table: a pointer to an open file (shared
 * with other slots and processes after dup and fork) and its own
 * close-on-exec flag.  Threads made with CLONE_FILES share one table,
 * hence its reference count.
 */
#ifndef FS_FDTABLE_H
#define FS_FDTABLE_H

#include <stdint.h>

#define NOFILE 64                /* descriptors per process */

struct file;
struct inode;

struct fdtable {
    uint32_t refcount;           /* processes using this table */
    struct file *fd[NOFILE];     /* each holds a reference to its file */
    uint8_t cloexec[NOFILE];     /* FD_CLOEXEC */
};

/* An empty table, or NULL when out of memory. */
struct fdtable *fdtable_create(void);
/* fork: a new table with the same files (each file gains a reference;
 * positions stay shared, as on Linux). */
struct fdtable *fdtable_fork(struct fdtable *t);
/* CLONE_FILES: one more user of the same table. */
struct fdtable *fdtable_share(struct fdtable *t);
/* execve: close the descriptors marked close-on-exec. */
void fdtable_exec(struct fdtable *t);
/* A user is done with the table; the last one closes every descriptor. */
void fdtable_destroy(struct fdtable *t);

/* ---- the current process's descriptors ---- */

/* The file open as `fd`, with a new reference the caller must drop
 * with file_put(); NULL if fd is not open. */
struct file *fd_get(int fd);
/* How many descriptors the process may use: RLIMIT_NOFILE, which is
 * never more than the table (getrlimit says NOFILE): descriptor numbers
 * stay below it. */
int fd_limit(void);
/* Put `f` in the lowest free slot >= `lowest`, taking over the caller's
 * reference.  Returns the descriptor, -EMFILE, or -EINVAL if lowest is
 * out of range. */
int fd_install(struct file *f, int lowest, int cloexec);
/* Put `f` in slot `fd` (closing what was there), taking over the
 * caller's reference.  0 or -EBADF. */
int fd_install_at(struct file *f, int fd, int cloexec);
/* close(2): 0 or -EBADF. */
int fd_close(int fd);
int fd_get_cloexec(int fd);
void fd_set_cloexec(int fd, int on);

/* Open /dev/console as descriptors 0, 1 and 2 of the current process
 * (creating its table if it has none).  0 or -errno. */
int fs_open_console(void);

#endif
