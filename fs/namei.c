/*
 * fs/namei.c - making, removing, linking and renaming names.
 *
 * Each function splits the path into its directory and last name
 * (path_lookup_parent), rejects the names that cannot be created or
 * removed ("/", "." and ".."), then asks ramfs.  Modes are used as
 * given: the system calls apply the umask.
 */
#include "fs/namei.h"
#include "fs/path.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/string.h"

/* mkdir: "/", "." and ".." exist already: -EEXIST (mkdir -p relies on
 * that for "/"). */
int do_mkdirat(struct inode *base, const char *path, uint32_t mode)
{
    char name[NAME_MAX + 1];
    struct inode *dir, *ip;
    int err = path_lookup_parent(base, path, &dir, name);
    if (err)
        return err;
    if (name_is_dots(name)) {
        err = -EEXIST;
    } else {
        err = ramfs_create(dir, name, S_IFDIR | (mode & 01777), 0, &ip);
        if (err == 0)
            inode_put(ip);
    }
    inode_put(dir);
    return err;
}

/* Make a file that is not a directory or symlink: device nodes at boot,
 * regular files. */
int do_mknodat(struct inode *base, const char *path, uint32_t mode, uint32_t rdev)
{
    char name[NAME_MAX + 1];
    struct inode *dir, *ip;
    if (S_ISDIR(mode) || S_ISLNK(mode))
        return -EINVAL;
    int err = path_lookup_parent(base, path, &dir, name);
    if (err)
        return err;
    if (name_is_dots(name) || path_has_trailing_slash(path)) {
        err = -EEXIST;
    } else {
        uint32_t type = (mode & S_IFMT) ? (mode & S_IFMT) : S_IFREG;
        err = ramfs_create(dir, name, type | (mode & S_IALLUGO),
                           rdev, &ip);
        if (err == 0)
            inode_put(ip);
    }
    inode_put(dir);
    return err;
}

/* rmdir: Linux's answers for the special names. */
int do_rmdirat(struct inode *base, const char *path)
{
    char name[NAME_MAX + 1];
    struct inode *dir;
    int err = path_lookup_parent(base, path, &dir, name);
    if (err)
        return err;
    if (strcmp(name, "") == 0)
        err = -EBUSY;            /* the root */
    else if (strcmp(name, ".") == 0)
        err = -EINVAL;
    else if (strcmp(name, "..") == 0)
        err = -ENOTEMPTY;
    else
        err = ramfs_rmdir(dir, name);
    inode_put(dir);
    return err;
}

/* unlink: "name/" must be a directory, so for a file it is -ENOTDIR. */
int do_unlinkat(struct inode *base, const char *path)
{
    char name[NAME_MAX + 1];
    struct inode *dir;
    int err = path_lookup_parent(base, path, &dir, name);
    if (err)
        return err;
    struct dentry *d = ramfs_find(dir, name);
    if (name_is_dots(name))
        err = -EISDIR;
    else if (d && path_has_trailing_slash(path) && !S_ISDIR(d->inode->mode))
        err = -ENOTDIR;
    else
        err = ramfs_unlink(dir, name);
    inode_put(dir);
    return err;
}

/* rename: never between file systems; "." and ".." cannot move; a
 * non-directory cannot take a name written with a trailing slash. */
int do_renameat(struct inode *obase, const char *opath,
                struct inode *nbase, const char *npath)
{
    char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
    struct inode *odir, *ndir;
    int err = path_lookup_parent(obase, opath, &odir, oname);
    if (err)
        return err;
    err = path_lookup_parent(nbase, npath, &ndir, nname);
    if (err) {
        inode_put(odir);
        return err;
    }
    struct dentry *d = ramfs_find(odir, oname);
    if (inode_dev(odir) != inode_dev(ndir))
        err = -EXDEV;            /* Linux checks the mounts first */
    else if (name_is_dots(oname) || name_is_dots(nname))
        err = -EBUSY;
    else if (d && !S_ISDIR(d->inode->mode) &&
             (path_has_trailing_slash(opath) || path_has_trailing_slash(npath)))
        err = -ENOTDIR;
    else
        err = ramfs_rename(odir, oname, ndir, nname);
    inode_put(ndir);
    inode_put(odir);
    return err;
}

/* link: a new name for an existing file (not a directory). */
int do_linkat(struct inode *obase, const char *opath,
              struct inode *nbase, const char *npath, int follow)
{
    char name[NAME_MAX + 1];
    struct inode *ip, *dir;
    int err = path_lookup(obase, opath, follow ? LOOKUP_FOLLOW : 0, &ip);
    if (err)
        return err;
    err = path_lookup_parent(nbase, npath, &dir, name);
    if (err == 0) {
        if (name_is_dots(name) || path_has_trailing_slash(npath))
            err = -EEXIST;
        else
            err = ramfs_link(dir, name, ip);
        inode_put(dir);
    }
    inode_put(ip);
    return err;
}

/* A symlink's target is its data, as written. */
int do_symlinkat(const char *target, struct inode *base, const char *path)
{
    char name[NAME_MAX + 1];
    struct inode *dir, *ip;
    uint32_t len = (uint32_t)strlen(target);
    if (len == 0)
        return -ENOENT;
    int err = path_lookup_parent(base, path, &dir, name);
    if (err)
        return err;
    if (name_is_dots(name) || path_has_trailing_slash(path)) {
        err = -EEXIST;
    } else {
        err = ramfs_create(dir, name, S_IFLNK | 0777, 0, &ip);
        if (err == 0) {
            long n = ramfs_write(ip, target, 0, len, 0);
            if (n != (long)len) {
                ramfs_unlink(dir, name);
                err = n < 0 ? (int)n : -ENOSPC;
            }
            inode_put(ip);
        }
    }
    inode_put(dir);
    return err;
}
