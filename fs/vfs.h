/*
 * fs/vfs.h - inodes, and what the rest of the kernel asks of the file
 * system.
 *
 * Pagoda has one file system, an in-memory tree (fs/ramfs.c), mounted as
 * the root; the initrd is unpacked into it at boot.  An inode is a file
 * of any type: a regular file, a directory, a symbolic link, a character
 * device, or a pipe.  Two counts keep it alive:
 *
 *   nlink     how many directory entries name it (a directory also
 *             counts its own "." and each subdirectory's "..");
 *   refcount  how many in-memory users hold it: open files, current
 *             directories, the exec loader, a lookup in progress.
 *
 * The inode and its data are freed when both reach zero, so a file that
 * is unlinked while open lives until it is closed.
 *
 * A regular file's data is kept page by page in physical frames, found
 * through the file's own two-level page table (fs/file_pages.h), so a
 * hole costs nothing.  Those frames are the page cache: read(), write()
 * and mmap() all use the same frames, so they always agree.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include <stdint.h>
#include "fs/file_pages.h"
#include "fs/stat.h"

#define NAME_MAX 255             /* bytes in one path component */
#define PATH_MAX 4096            /* bytes in a path, NUL included */
#define MAX_FILE_SIZE 0x7fffffffu

struct dentry;
struct pipe;
struct proc_entry;

struct inode {
    uint32_t ino;                /* inode number, unique, never reused */
    uint32_t mode;               /* S_IFxxx type | permission bits */
    uint32_t nlink;
    uint32_t refcount;
    uint32_t size;               /* bytes (a symlink: its target's length) */
    uint32_t rdev;               /* a character device's number */
    uint32_t atime, mtime, ctime; /* seconds since 1970 */

    /* regular files and symlinks: the data, one frame per page */
    struct file_pages pages;     /* page index -> frame; holes cost nothing */

    /* directories */
    struct dentry *first, *last; /* entries, oldest first */
    uint32_t next_pos;           /* getdents position for the next entry */
    struct inode *parent;        /* "..": holds a reference */

    /* pipes */
    struct pipe *pipe;

    /* nameless files (fs/anon_inode.h): "[timerfd]", and their operations */
    const char *anon_name;
    const struct file_operations *anon_ops;

    /* /proc files (fs/procfs.c) */
    const struct proc_entry *proc;   /* what it shows; NULL elsewhere */
    int proc_pid;                    /* whose: a pid, or 0 for the system */

    /* A mount point: another file system's root sits on this directory
     * (/proc), so it cannot be removed or renamed (-EBUSY). */
    int mounted;
    /* Shared anonymous memory's nameless file: like Linux's internal shm
     * mount, not held to the file system's size limit. */
    int unlimited;
    /* Open files that may write a regular file: exec of it is then
     * -ETXTBSY (Linux's i_writecount). */
    uint32_t writers;
    /* The path a file had when its last name was removed while it was
     * still open or mapped (kmalloc'd; NULL if it never had one): maps
     * and /proc/PID/fd show it with " (deleted)", as Linux's d_path does. */
    char *deleted_path;
};

/* One name in a directory. */
struct dentry {
    struct dentry *next;
    struct inode *inode;         /* counted in inode->nlink */
    uint32_t pos;                /* its getdents position; increasing */
    char name[];                 /* NUL-terminated */
};

/* ---- the kernel's interface -------------------------------------------- */

/* Build the root, /dev, /tmp, /proc and /dev/shm, unpack the initrd
 * modules from bootinfo and start console input. */
void fs_init(void);

/* The root directory.  No reference is taken: inode_get() it to keep it,
 * e.g. for the first process's cwd. */
struct inode *fs_root(void);

/* Find the inode `kpath` names (a kernel string), relative to the current
 * process's cwd (the root when there is no current process), following
 * symbolic links.  On success *out holds a new reference.  Returns 0,
 * -ENOENT, -ENOTDIR, -ENAMETOOLONG or -ELOOP. */
int vfs_lookup(const char *kpath, struct inode **out);

void inode_get(struct inode *ip);
/* Drop a reference; frees the inode when it has no users and no names. */
void inode_put(struct inode *ip);

/* Read up to n bytes at `off` into a kernel buffer.  Returns the bytes
 * read (0 at or beyond EOF) or -EISDIR/-EINVAL for non-files. */
long inode_read(struct inode *ip, void *kbuf, uint32_t off, uint32_t n);
/* Write n bytes from a kernel buffer at `off`, growing the file. */
long inode_write(struct inode *ip, const void *kbuf, uint32_t off, uint32_t n);

/* The physical frame holding page `index` of a regular file, allocating
 * a zeroed frame for a hole inside the file (as Linux's shmem_fault does
 * for a read fault too); 0 at or beyond EOF, when the file system is full
 * (fs_max_pages) or memory is exhausted -- a fault on a file mapping gets
 * SIGBUS on Linux in all three cases.  The inode keeps its own reference: a caller that
 * maps the frame takes another with frame_get(). */
uint32_t inode_page(struct inode *ip, uint32_t index);

/* The frame holding page `index` of a regular file, or 0 for a hole or
 * beyond EOF.  Unlike inode_page it never allocates: for /proc, which
 * must only look. */
uint32_t inode_cached_page(const struct inode *ip, uint32_t index);
/* Frames holding file data, in all files: the page cache (meminfo). */
uint32_t fs_cached_pages(void);
/* The most frames all files together may hold: half of RAM, as tmpfs's
 * default size; writes beyond it get -ENOSPC.  Shared anonymous memory
 * (vfs_anon_file) is not counted, as on Linux. */
uint32_t fs_max_pages(void);
/* Of those, the frames the files count against that limit now (statfs). */
uint32_t fs_used_pages(void);

/* An unnamed file of `size` zero bytes backing shared anonymous memory;
 * one reference, NULL if out of memory (fs/ramfs.c). */
struct inode *vfs_anon_file(uint32_t size);

/* Create (or truncate) `kpath` and fill it with n bytes: for tests. */
int vfs_write_file(const char *kpath, const void *buf, uint32_t n);

/* Kernel-side tree building, relative to the cwd like vfs_lookup. */
int vfs_mkdir(const char *kpath, uint32_t mode);
int vfs_mknod(const char *kpath, uint32_t mode, uint32_t rdev);
int vfs_symlink(const char *target, const char *kpath);

/* Accessors. */
static inline uint32_t inode_size(const struct inode *ip) { return ip->size; }
static inline uint32_t inode_mode(const struct inode *ip) { return ip->mode; }
static inline uint32_t inode_type(const struct inode *ip) { return ip->mode & S_IFMT; }
static inline uint32_t inode_ino(const struct inode *ip) { return ip->ino; }
static inline uint32_t inode_rdev(const struct inode *ip) { return ip->rdev; }
static inline int inode_is_dir(const struct inode *ip) { return S_ISDIR(ip->mode); }
static inline int inode_is_reg(const struct inode *ip) { return S_ISREG(ip->mode); }
/* The device the file system lives on (st_dev): ramfs is (0, 1), /proc
 * (0, 2).  Names never cross it: link() and rename() between two devices
 * are -EXDEV, so a ramfs directory only ever names ramfs inodes. */
uint32_t inode_dev(const struct inode *ip);
/* May `ip` be mapped?  0; -ENODEV for a /proc/PID file, -EIO for one of
 * /proc's own files, as on Linux; -ENODEV for anything not a regular
 * file. */
int inode_mmap_check(const struct inode *ip);

/* May `ip` be executed?  0, or -EACCES unless it is a regular file with
 * at least one execute bit: Linux's rule for root, who runs everything
 * on Pagoda (fs/exec.c do_open_execat, fs/namei.c generic_permission);
 * -ETXTBSY while a file is open to write it. */
int inode_exec_permission(const struct inode *ip);
/* May `ip` be written (opened for writing, truncated)?  0, or -ETXTBSY
 * while it is the program a process runs, as on Linux. */
int inode_write_permission(const struct inode *ip);

/* Fill a Linux struct stat64 for `ip`. */
void inode_stat(const struct inode *ip, struct stat64 *st);

/* ---- inside fs/ ---------------------------------------------------------- */

/* A new inode of `mode` with one reference and no names (fs/inode.c). */
struct inode *inode_alloc(uint32_t mode);
/* The file system's clock: seconds since 1970 (fs_clock_init reads the
 * real-time clock once, at boot). */
void fs_clock_init(void);
uint32_t fs_now(void);
/* The process-wide file creation mask (umask). */
extern uint32_t fs_umask;

/* In-kernel self-test, for the ktest table (fs/selftest.c). */
const char *ktest_fs(void);

#endif
