/*
 * fs/namei.h - operations on names: make, remove, link and rename, each
 * given a base directory for relative paths (the *at() calls' dirfd, or
 * the cwd) and a kernel copy of the path.
 */
#ifndef FS_NAMEI_H
#define FS_NAMEI_H

#include <stdint.h>

struct inode;

int do_mkdirat(struct inode *base, const char *path, uint32_t mode);
/* A non-directory: a regular file, device node or FIFO. */
int do_mknodat(struct inode *base, const char *path, uint32_t mode, uint32_t rdev);
int do_rmdirat(struct inode *base, const char *path);
int do_unlinkat(struct inode *base, const char *path);
int do_renameat(struct inode *obase, const char *opath,
                struct inode *nbase, const char *npath);
/* `follow`: AT_SYMLINK_FOLLOW, link to what a symlink names. */
int do_linkat(struct inode *obase, const char *opath,
              struct inode *nbase, const char *npath, int follow);
int do_symlinkat(const char *target, struct inode *base, const char *path);

#endif
