/*
 * fs/path.c - path name lookup (see fs/path.h).
 */
#include "fs/path.h"
#include "fs/procfs.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "proc/proc.h"

/* Split off one component (see fs/path.h); repeated slashes count as one. */
int path_next(const char **pathp, char *name)
{
    const char *p = *pathp;
    while (*p == '/')
        p++;
    const char *start = p;
    while (*p && *p != '/')
        p++;
    size_t len = (size_t)(p - start);
    if (len > NAME_MAX)
        return -ENAMETOOLONG;
    memcpy(name, start, len);
    name[len] = '\0';
    *pathp = p;
    return (int)len;
}

/* Only slashes (or nothing) left? */
static int at_end(const char *p)
{
    while (*p == '/')
        p++;
    return *p == '\0';
}

/* A trailing slash says "this must be a directory". */
int path_has_trailing_slash(const char *path)
{
    size_t len = strlen(path);
    if (len == 0 || path[len - 1] != '/')
        return 0;
    for (size_t i = 0; i < len; i++)
        if (path[i] != '/')
            return 1;
    return 0;                    /* "/" and "//" have no component */
}

/* Names that mean an existing directory, never a new entry. */
int name_is_dots(const char *name)
{
    return strcmp(name, "") == 0 || strcmp(name, ".") == 0 ||
           strcmp(name, "..") == 0;
}

/* Where relative paths start: the current directory, or the root. */
struct inode *cwd_inode(void)
{
    if (current && current->cwd)
        return current->cwd;
    return fs_root();
}

static int walk(struct inode *base, const char *path, int flags, int depth,
                struct inode **out);

/* Replace the symlink `link`, found in directory `dir`, by what its
 * target names (relative targets start from `dir`). */
static int follow_link(struct inode *dir, struct inode *link, int depth,
                       struct inode **out)
{
    if (depth >= MAX_LINK_DEPTH)
        return -ELOOP;
    uint32_t size = link->proc ? PATH_MAX - 1 : link->size;
    char *target = kmalloc(size + 1);
    if (!target)
        return -ENOMEM;
    long n = link->proc ? procfs_readlink(link, target, size, 0)
                        : ramfs_read(link, target, 0, size, 0);
    int err;
    if (n <= 0) {
        err = -ENOENT;
    } else {
        target[n] = '\0';
        err = walk(dir, target, LOOKUP_FOLLOW, depth + 1, out);
    }
    kfree(target);
    return err;
}

/* The lookup itself.  *out is not referenced (see fs/path.h). */
static int walk(struct inode *base, const char *path, int flags, int depth,
                struct inode **out)
{
    if (*path == '\0')
        return -ENOENT;
    const char *whole = path;
    struct inode *ip = *path == '/' ? fs_root() : base;
    char *name = kmalloc(NAME_MAX + 1);
    if (!name)
        return -ENOMEM;
    int err = 0;
    for (;;) {
        int len = path_next(&path, name);
        if (len <= 0) {
            err = len;
            break;
        }
        if (!S_ISDIR(ip->mode)) {
            err = -ENOTDIR;
            break;
        }
        struct inode *next;
        if (strcmp(name, ".") == 0) {
            next = ip;
        } else if (strcmp(name, "..") == 0) {
            next = ip->parent ? ip->parent : ip;
        } else {
            struct dentry *d = ramfs_find(ip, name);
            if (!d) {
                err = -ENOENT;
                break;
            }
            next = d->inode;
        }
        /* A trailing slash, like a following component, asks for
         * what the link points to. */
        int last = at_end(path);
        if (S_ISLNK(next->mode) &&
            (!last || *path == '/' || (flags & LOOKUP_FOLLOW))) {
            err = follow_link(ip, next, depth, &next);
            if (err)
                break;
        }
        ip = next;
    }
    kfree(name);
    if (err == 0 && path_has_trailing_slash(whole) && !S_ISDIR(ip->mode))
        err = -ENOTDIR;
    if (err == 0)
        *out = ip;
    return err;
}

/* The referenced result of a walk (see fs/path.h). */
int path_lookup(struct inode *base, const char *path, int flags,
                struct inode **out)
{
    int err = walk(base, path, flags, 0, out);
    if (err == 0)
        inode_get(*out);
    return err;
}

/* Split off the last component and walk to the directory before it
 * (see fs/path.h). */
int path_lookup_parent(struct inode *base, const char *path,
                       struct inode **dir, char *name)
{
    if (*path == '\0')
        return -ENOENT;
    /* Find the last component: [start, end) with trailing slashes cut. */
    size_t end = strlen(path);
    while (end > 0 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (end - start > NAME_MAX)
        return -ENAMETOOLONG;
    memcpy(name, path + start, end - start);
    name[end - start] = '\0';

    struct inode *ip;
    if (start == 0) {
        ip = *path == '/' ? fs_root() : base;
    } else {
        char *prefix = kmalloc(start + 1);
        if (!prefix)
            return -ENOMEM;
        memcpy(prefix, path, start);
        prefix[start] = '\0';
        int err = walk(base, prefix, LOOKUP_FOLLOW, 0, &ip);
        kfree(prefix);
        if (err)
            return err;
    }
    if (!S_ISDIR(ip->mode))
        return -ENOTDIR;
    inode_get(ip);
    *dir = ip;
    return 0;
}

/* Build the path backwards from the end of buf: each step finds the
 * directory's name in its parent. */
int inode_path(struct inode *ip, char *buf, uint32_t size)
{
    struct inode *root = fs_root();
    if (size == 0)
        return -ERANGE;
    uint32_t pos = size;
    buf[--pos] = '\0';
    while (ip != root) {
        struct inode *parent = ip->parent;
        if (ip->nlink == 0 || !parent)
            return -ENOENT;
        struct dentry *d = parent->proc ? procfs_dentry_of(ip) : parent->first;
        while (d && d->inode != ip)
            d = d->next;
        if (!d)
            return -ENOENT;
        uint32_t len = (uint32_t)strlen(d->name);
        if (pos < len + 1)
            return -ERANGE;
        pos -= len;
        memcpy(buf + pos, d->name, len);
        buf[--pos] = '/';
        ip = parent;
    }
    if (pos == size - 1) {       /* the root itself */
        if (pos == 0)
            return -ERANGE;
        buf[--pos] = '/';
    }
    memmove(buf, buf + pos, size - pos);
    return (int)(size - pos - 1);
}
