/*
 * fs/path.h - turning path names into inodes.
 *
 * A path is a string of components separated by slashes.  One that
 * starts with '/' begins at the root; any other begins at a base
 * directory (the cwd, or an *at() call's directory).  "." stays, ".."
 * goes to the parent (the root's parent is the root), and symbolic links
 * are followed, at most MAXSYMLINKS of them in one lookup (-ELOOP
 * beyond), as Linux counts them (include/linux/namei.h).
 *
 * Lookups never sleep, and Pagoda's kernel is not preemptible, so no
 * inode along the way can disappear while a lookup walks past it.
 */
#ifndef FS_PATH_H
#define FS_PATH_H

#include <stdint.h>

struct inode;

#define LOOKUP_FOLLOW  1         /* follow a symlink in the last component */
#define MAXSYMLINKS    40        /* links one lookup may follow */

/* Copy the next component of *pathp into name[NAME_MAX + 1] and move
 * *pathp past it.  Returns its length, 0 when none is left, or
 * -ENAMETOOLONG.  Pure string work (unit-tested on the host). */
int path_next(const char **pathp, char *name);
/* Does the path end in '/' (after at least one component)? */
int path_has_trailing_slash(const char *path);
/* Is `name` one that never names a new entry: "", "." or ".."? */
int name_is_dots(const char *name);

/* The inode `path` names, starting from `base` for relative paths.
 * *out gets a reference.  0, -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP,
 * -ENOMEM. */
int path_lookup(struct inode *base, const char *path, int flags,
                struct inode **out);
/* The directory that holds the last component of `path` (*dir gets a
 * reference) and that component in name[NAME_MAX + 1]: "" when the path
 * is "/", or "." or ".." as written. */
int path_lookup_parent(struct inode *base, const char *path,
                       struct inode **dir, char *name);

/* The current process's cwd, or the root: no reference taken. */
struct inode *cwd_inode(void);

/* Write the absolute path of directory `ip` into buf[size].  Returns its
 * length (without the NUL), -ENOENT if it was removed, -ERANGE if it does
 * not fit. */
int inode_path(struct inode *ip, char *buf, uint32_t size);

#endif
