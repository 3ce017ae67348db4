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

/* A symlink met during a walk: its target followed by the rest of the
 * path still to walk, in a new kmalloc'd string that replaces *buf (the
 * old one may hold `rest`, so it is freed only after the copy). */
static int splice_link(struct inode *link, const char *rest, char **buf)
{
    uint32_t size = link->proc ? PATH_MAX - 1 : link->size;
    uint32_t rest_len = (uint32_t)strlen(rest);
    char *path = kmalloc(size + rest_len + 1);
    if (!path)
        return -ENOMEM;
    long n = link->proc ? procfs_readlink(link, path, size, 0)
                        : ramfs_read(link, path, 0, size, 0);
    if (n <= 0) {
        kfree(path);
        return n < 0 && n != -EINVAL ? (int)n : -ENOENT;
    }
    memcpy(path + n, rest, rest_len + 1);
    kfree(*buf);
    *buf = path;
    return 0;
}

/* The lookup itself, one component at a time.  A symlink is replaced by
 * its target spliced in front of what is left of the path, and the walk
 * goes on from the link's directory (or the root, for an absolute
 * target): a loop, not a recursion, so the kernel stack does not grow
 * with the links.  At most MAXSYMLINKS links in all (Linux's
 * nd->total_link_count).  *out is not referenced (see fs/path.h). */
static int walk(struct inode *base, const char *path, int flags,
                struct inode **out)
{
    if (*path == '\0')
        return -ENOENT;
    int must_be_dir = path_has_trailing_slash(path);
    struct inode *ip = *path == '/' ? fs_root() : base;
    char *name = kmalloc(NAME_MAX + 1), *spliced = NULL;
    if (!name)
        return -ENOMEM;
    int err = 0, links = 0;
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
        if (procfs_stale(ip)) {
            err = -ESRCH;        /* a directory of a reaped process */
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
            if (++links > MAXSYMLINKS) {
                err = -ELOOP;
                break;
            }
            struct inode *jump = next->proc ? procfs_link_inode(next) : NULL;
            if (jump) {              /* /proc/PID/fd/N: the open file itself */
                ip = jump;
                continue;
            }
            err = splice_link(next, path, &spliced);
            if (err)
                break;
            path = spliced;
            must_be_dir |= path_has_trailing_slash(path);   /* "d/" targets */
            if (*path == '/')
                ip = fs_root();
            continue;            /* ip stays: a relative target starts there */
        }
        ip = next;
    }
    kfree(name);
    kfree(spliced);
    if (err == 0 && must_be_dir && !S_ISDIR(ip->mode))
        err = -ENOTDIR;
    if (err == 0)
        *out = ip;
    return err;
}

/* The referenced result of a walk (see fs/path.h). */
int path_lookup(struct inode *base, const char *path, int flags,
                struct inode **out)
{
    int err = walk(base, path, flags, out);
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
        int err = walk(base, prefix, LOOKUP_FOLLOW, &ip);
        kfree(prefix);
        if (err)
            return err;
    }
    if (!S_ISDIR(ip->mode))
        return -ENOTDIR;
    if (procfs_stale(ip))
        return -ESRCH;
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
