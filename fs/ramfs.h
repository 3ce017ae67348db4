/*
 * fs/ramfs.h - the in-memory file system: directories of dentries, and
 * file data in page frames.  Every function works on inodes and single
 * names; turning paths into inodes is fs/path.c's job.
 *
 * `user` arguments say whether a buffer is a user pointer (copied with
 * copy_to_user/copy_from_user) or a kernel pointer.
 */
#ifndef FS_RAMFS_H
#define FS_RAMFS_H

#include <stdint.h>
#include "fs/vfs.h"

/* The entry called `name` in `dir`, or NULL. */
struct dentry *ramfs_find(struct inode *dir, const char *name);
/* The first entry at getdents position `pos` or after it, or NULL. */
struct dentry *ramfs_entry_at(struct inode *dir, uint32_t pos);

/* Make a new inode of `mode` (regular, directory, device, symlink) named
 * `name` in `dir`.  *out gets a reference.  -EEXIST, -ENOENT (dir was
 * removed), -ENOTDIR, -ENOMEM. */
int ramfs_create(struct inode *dir, const char *name, uint32_t mode,
                 uint32_t rdev, struct inode **out);
/* Add another name for the non-directory `ip`: -EXDEV if it lives on
 * another file system (/proc), -EPERM for a directory. */
int ramfs_link(struct inode *dir, const char *name, struct inode *ip);
/* Remove a non-directory's name (-EISDIR for a directory). */
int ramfs_unlink(struct inode *dir, const char *name);
/* Remove an empty directory (-ENOTDIR, -ENOTEMPTY; -EBUSY for a mount
 * point). */
int ramfs_rmdir(struct inode *dir, const char *name);
/* Move `oname` in `odir` to `nname` in `ndir`, replacing what is there;
 * -EXDEV between file systems, -EBUSY if either is a mount point. */
int ramfs_rename(struct inode *odir, const char *oname,
                 struct inode *ndir, const char *nname);

/* File data. */
long ramfs_read(struct inode *ip, void *buf, uint32_t off, uint32_t n, int user);
long ramfs_write(struct inode *ip, const void *buf, uint32_t off, uint32_t n,
                 int user);
int ramfs_truncate(struct inode *ip, uint32_t size);
/* Frames in use for the file's data (for st_blocks). */
uint32_t ramfs_pages_used(const struct inode *ip);
/* Release everything an inode owns: called as it is freed. */
void ramfs_evict(struct inode *ip);

#endif
