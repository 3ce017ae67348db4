/*
 * fs/procfs.h - /proc: files generated from the kernel's state.
 *
 * /proc is a directory of the one ramfs tree, marked as procfs's root at
 * boot.  Every name below it is looked up dynamically (fs/procfs.c):
 *
 *   /proc/meminfo, stat, ...   the system's files (fs/proc_sys.c)
 *   /proc/self                 a symlink to the reader's own PID directory
 *   /proc/PID/                 one directory per process in proc_table
 *   /proc/PID/status, maps...  the process's files (fs/proc_pid.c,
 *                              fs/proc_mem.c)
 *
 * Each name found is an ordinary struct inode whose `proc` says which
 * entry it shows and `proc_pid` for whom.  procfs keeps the inodes it
 * made in a cache, holding one reference to each, so a lookup always
 * finds the same inode; the cache lets go of a process's inodes once the
 * process is gone (anything still open on them keeps them alive).
 *
 * A small file's text is produced when it is opened, into a kernel
 * buffer: a snapshot that read() and lseek() then walk through, as
 * Linux's seq_file effectively gives for small files.  maps and smaps,
 * which have a record per region and so may be megabytes long, are
 * produced a record at a time as they are read (show_record, as Linux's
 * seq_file does for them).  pagemap, being large and binary, is computed
 * at each read.
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <stdint.h>
#include "fs/procfmt.h"

struct proc;
struct inode;
struct dentry;
struct file_operations;

/* The longest record a show_record may write: an smaps block (about
 * 1 KiB) whose name is a whole path. */
#define PROC_RECORD_MAX (4096 + 4096)

/* One kind of /proc file or directory. */
struct proc_entry {
    const char *name;
    uint32_t mode;                     /* S_IFREG | 0444, S_IFDIR | 0555, ... */
    /* Regular files: write the content for process p (NULL for the
     * system's files) into pb. */
    void (*show)(struct procbuf *pb, struct proc *p);
    /* Or one record at a time, generated as it is read (maps and smaps:
     * a record per region, so the text has no size limit and costs
     * O(1) kernel memory): write the first record after position *at
     * into pb and move *at past it; 0 when there is none.  A record
     * must fit in PROC_RECORD_MAX bytes. */
    int (*show_record)(struct procbuf *pb, struct proc *p, uintptr_t *at);
    /* Or read live at `pos` (pagemap): bytes copied to ubuf, 0 at EOF. */
    long (*read)(struct proc *p, char *ubuf, uint32_t n, uint32_t pos);
    /* Writable files: take n bytes from a kernel buffer. */
    long (*write)(struct proc *p, const char *kbuf, uint32_t n);
    /* Symlinks: the target into buf[size]; its length, or -errno. */
    int (*link)(struct proc *p, char *buf, uint32_t size);
    /* Or, for /proc/PID/fd/N: the target of descriptor `fd`. */
    int (*fd_link)(struct proc *p, int fd, char *buf, uint32_t size);
    int fd;                            /* that descriptor's number */
    /* Directories: what they hold (or, with fd_dir, /proc/PID/fd). */
    int fd_dir;
    const struct proc_entry *children;
    int nchildren;
};

/* ---- the rest of fs/ ------------------------------------------------- */

/* Make the directory /proc (which must exist) procfs's root. */
void procfs_init(void);
/* The entry `name` in procfs directory `dir` (a cached dentry, which
 * stays valid while its process lives), or NULL. */
struct dentry *procfs_find(struct inode *dir, const char *name);
/* The dentry that names procfs inode ip (for getcwd), or NULL. */
struct dentry *procfs_dentry_of(struct inode *ip);
/* Is `ip` a /proc/PID inode whose process is gone (reaped)?  Linux then
 * answers -ESRCH to walks through it, reads of it and fchdir to it. */
int procfs_stale(const struct inode *ip);
/* The target of a procfs symlink, like ramfs_read at offset 0: n bytes
 * at most into buf (a user pointer if `user`); length or -errno. */
long procfs_readlink(struct inode *ip, void *buf, uint32_t n, int user);
/* mmap of a /proc file: -ENODEV for /proc/PID's, -EIO for the system's
 * (Linux's seq files have no mmap; proc_reg_mmap says -EIO). */
int procfs_mmap_check(const struct inode *ip);
/* The operations of an open procfs inode (file or directory). */
const struct file_operations *procfs_ops(struct inode *ip);

/* ---- inside /proc's files -------------------------------------------- */

/* The process a /proc file is about, if it is still in proc_table
 * (zombies included); NULL for system files and departed processes. */
struct proc *procfs_proc(int pid);
/* The path of the file a region maps, as maps shows it: the region's
 * own name (exec's path) when it names the file directly, else the
 * file's place in the tree, else the region's name; " (deleted)" is
 * added once the file has no name left.  0, or -ENOENT if there is no
 * name at all. */
struct vm_area;
int procfs_region_path(const struct vm_area *r, char *buf, uint32_t size);
/* The name of region r of mm everywhere a name is shown (maps, smaps,
 * pftrace): the file's path, [heap], [stack], or the region's own name
 * ("" for an unnamed one).  buf[size] holds a path if needed. */
struct mm;
const char *procfs_region_name(const struct mm *mm, const struct vm_area *r,
                               char *buf, uint32_t size);

/* The path that names an open file's inode, as /proc/PID/fd/N shows it:
 * a file's or directory's place in the tree (" (deleted)" once it has
 * none), "pipe:[INO]" for a pipe, /proc/... for a /proc file.  Its
 * length, or -errno. */
int procfs_file_path(struct inode *ip, char *buf, uint32_t size);

/* fs/proc_fd.c: /proc/PID/fd, a directory of one symlink per open
 * descriptor, named by its number. */
/* The entry of descriptor fd (0 <= fd < NOFILE) in that directory. */
const struct proc_entry *procfs_fd_entry(int fd);
/* The descriptor named `name` ("0", "17") if p has it open, else -1. */
int procfs_fd_lookup(struct proc *p, const char *name);
/* The first descriptor >= from that p has open, or -1. */
int procfs_fd_next(struct proc *p, int from);
/* A path walk meeting /proc/PID/fd/N goes straight to the inode the
 * descriptor is open on (Linux's magic links: nd_jump_link), so the
 * file opens even without a name; NULL for other links, and for pipes
 * (whose ends are counted by their own open calls). */
struct inode *procfs_link_inode(struct inode *link);

/* fs/proc_pid.c: the files of /proc/PID. */
extern const struct proc_entry procfs_pid_entries[];
extern const int procfs_pid_nentries;
/* vmcounters' text (per process and system-wide). */
struct vm_counters;
void procfs_show_counters(struct procbuf *pb, const struct vm_counters *c);

/* fs/proc_sys.c: the system's files in /proc, self included. */
extern const struct proc_entry procfs_sys_entries[];
extern const int procfs_sys_nentries;
/* Start counting idle time and load (a timer tick hook). */
void procfs_sys_init(void);

/* fs/proc_mem.c: the address-space files of /proc/PID. */
int procfs_maps_record(struct procbuf *pb, struct proc *p, uintptr_t *at);
int procfs_smaps_record(struct procbuf *pb, struct proc *p, uintptr_t *at);
void procfs_show_smaps_rollup(struct procbuf *pb, struct proc *p);
long procfs_read_pagemap(struct proc *p, char *ubuf, uint32_t n, uint32_t pos);
/* Address-space sizes in pages, shared by status, statm and stat. */
struct proc_mem_usage {
    uint32_t size;                     /* VmSize */
    uint32_t anon, file, shmem;        /* resident, by kind */
    uint32_t data, stack, exec;        /* VmData, VmStk, exec_vm */
    uint32_t page_tables;
};
void procfs_mem_usage(struct proc *p, struct proc_mem_usage *u);

#endif
