/*
 * fs/initrd.c - unpack the initrd modules GRUB or QEMU loaded into the
 * root file system, as Linux unpacks an initramfs.
 *
 * Directories, regular files (with hard links) and symbolic links are
 * made; device nodes, FIFOs and sockets are skipped (fs_init makes /dev).
 * Missing parent directories are made too (mode 0755).  File times come
 * from the archive.
 */
#include "fs/initrd.h"
#include "fs/cpio.h"
#include "fs/path.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/bootinfo.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/layout.h"

/* A newc archive stores a file with several names as several entries
 * with the same (ino, dev), the data only in the last one.  While one
 * archive is unpacked, this table remembers which inode each such file
 * became, holding a reference to it. */
struct link_entry {
    uint32_t ino, devmajor, devminor;
    struct inode *ip;
};

struct link_table {
    struct link_entry *v;
    uint32_t n, cap;
};

/* The inode an earlier entry with the same (ino, dev) became, or NULL. */
static struct inode *links_find(struct link_table *t, const struct cpio_entry *e)
{
    for (uint32_t i = 0; i < t->n; i++)
        if (t->v[i].ino == e->ino && t->v[i].devmajor == e->devmajor &&
            t->v[i].devminor == e->devminor)
            return t->v[i].ip;
    return NULL;
}

/* Remember `ip` for `e`, taking over the caller's reference. */
static void links_add(struct link_table *t, const struct cpio_entry *e,
                      struct inode *ip)
{
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? 2 * t->cap : 16;
        struct link_entry *v = kmalloc(cap * sizeof *v);
        if (!v) {
            inode_put(ip);       /* the other names become separate files */
            return;
        }
        if (t->v)
            memcpy(v, t->v, t->n * sizeof *v);
        kfree(t->v);
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = (struct link_entry){ e->ino, e->devmajor, e->devminor, ip };
}

/* The archive ended: drop the references and empty the table. */
static void links_forget(struct link_table *t)
{
    for (uint32_t i = 0; i < t->n; i++)
        inode_put(t->v[i].ip);
    kfree(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

/* Archive names are relative to the root, often written "./x" or "/x". */
static const char *clean_name(const char *name)
{
    for (;;) {
        if (name[0] == '/')
            name++;
        else if (name[0] == '.' && name[1] == '/')
            name += 2;
        else
            return name;
    }
}

/* Walk to the directory that holds the last component of `path`, making
 * missing directories on the way (like mkdir -p).  *dir gets a reference
 * and `name` the last component. */
static int parent_dir(const char *path, struct inode **dir, char *name)
{
    struct inode *ip = fs_root();
    inode_get(ip);
    const char *p = path;
    for (;;) {
        int len = path_next(&p, name);
        int err = len < 0 ? len : len == 0 ? -EINVAL : 0;
        if (err == 0 && strcmp(name, "..") == 0)
            err = -EINVAL;       /* never climb out of the root */
        if (err) {
            inode_put(ip);
            return err;
        }
        const char *rest = p;
        while (*rest == '/')
            rest++;
        if (*rest == '\0') {
            *dir = ip;
            return 0;
        }
        if (strcmp(name, ".") == 0)
            continue;
        struct inode *next;
        err = path_lookup(ip, name, LOOKUP_FOLLOW, &next);
        if (err == -ENOENT)
            err = ramfs_create(ip, name, S_IFDIR | 0755, 0, &next);
        inode_put(ip);
        if (err)
            return err;
        if (!S_ISDIR(next->mode)) {
            inode_put(next);
            return -ENOTDIR;
        }
        ip = next;
    }
}

/* Remove what an earlier entry put at `name`, so this one replaces it.
 * A non-empty directory cannot go (-ENOTEMPTY). */
static int remove_old(struct inode *dir, const char *name)
{
    struct dentry *d = ramfs_find(dir, name);
    if (!d)
        return 0;
    if (S_ISDIR(d->inode->mode))
        return ramfs_rmdir(dir, name);
    return ramfs_unlink(dir, name);
}

/* A directory entry: make it, or just take the archive's mode and time
 * if it exists already. */
static int put_dir(struct inode *dir, const char *name, const struct cpio_entry *e)
{
    struct dentry *d = ramfs_find(dir, name);
    if (d && S_ISDIR(d->inode->mode)) {
        d->inode->mode = S_IFDIR | (e->mode & S_IALLUGO);
        d->inode->mtime = e->mtime;
        return 0;
    }
    int err = remove_old(dir, name);
    if (err)
        return err;
    struct inode *ip;
    err = ramfs_create(dir, name, S_IFDIR | (e->mode & S_IALLUGO), 0, &ip);
    if (err == 0) {
        ip->mtime = e->mtime;
        inode_put(ip);
    }
    return err;
}

/* Copy the entry's data into the (empty) file. */
static int fill(struct inode *ip, const struct cpio_entry *e)
{
    long n = ramfs_write(ip, e->data, 0, e->filesize, 0);
    if (n != (long)e->filesize)
        return n < 0 ? (int)n : -ENOSPC;
    ip->mtime = e->mtime;
    return 0;
}

/* A regular file: a new inode, or another name of one made earlier in
 * this archive (nlink > 1), whose data may come with this entry. */
static int put_file(struct inode *dir, const char *name,
                    const struct cpio_entry *e, struct link_table *links)
{
    struct inode *ip = e->nlink > 1 ? links_find(links, e) : NULL;
    int err;
    if (ip) {                    /* another name of a file already made */
        struct dentry *d = ramfs_find(dir, name);
        if (!d || d->inode != ip) {
            if ((err = remove_old(dir, name)) != 0)
                return err;
            if ((err = ramfs_link(dir, name, ip)) != 0)
                return err;
        }
        if (e->filesize == 0)
            return 0;
        ramfs_truncate(ip, 0);
        return fill(ip, e);
    }
    if ((err = remove_old(dir, name)) != 0)
        return err;
    err = ramfs_create(dir, name, S_IFREG | (e->mode & S_IALLUGO), 0, &ip);
    if (err)
        return err;
    err = fill(ip, e);
    if (err == 0 && e->nlink > 1)
        links_add(links, e, ip);
    else
        inode_put(ip);
    return err;
}

/* A symlink's data is its target. */
static int put_symlink(struct inode *dir, const char *name,
                       const struct cpio_entry *e)
{
    if (e->filesize == 0 || e->filesize >= PATH_MAX)
        return -EINVAL;
    int err = remove_old(dir, name);
    if (err)
        return err;
    struct inode *ip;
    err = ramfs_create(dir, name, S_IFLNK | 0777, 0, &ip);
    if (err)
        return err;
    err = fill(ip, e);
    if (err)
        ramfs_unlink(dir, name);
    inode_put(ip);
    return err;
}

/* Put one archive entry into the tree. */
static int apply_entry(const struct cpio_entry *e, struct link_table *links)
{
    const char *path = clean_name(e->name);
    uint32_t type = e->mode & S_IFMT;
    if (*path == '\0' || strcmp(path, ".") == 0)
        return 0;                /* the root itself */
    if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK)
        return 0;                /* devices, FIFOs, sockets: skipped */
    char name[NAME_MAX + 1];
    struct inode *dir;
    int err = parent_dir(path, &dir, name);
    if (err)
        return err;
    if (name_is_dots(name))
        err = -EINVAL;
    else if (type == S_IFDIR)
        err = put_dir(dir, name, e);
    else if (type == S_IFREG)
        err = put_file(dir, name, e, links);
    else
        err = put_symlink(dir, name, e);
    inode_put(dir);
    return err;
}

/* Unpack one module (see fs/initrd.h), archive after archive. */
int initrd_unpack(const uint8_t *buf, uint32_t len, int module)
{
    struct link_table links = { NULL, 0, 0 };
    uint32_t pos = 0;
    int applied = 0, result;
    if (len == 0)
        return 0;
    for (;;) {
        struct cpio_entry e;
        const char *why;
        uint32_t where = pos;
        int r = cpio_next(buf, len, &pos, &e, &why);
        if (r == CPIO_ENTRY) {
            int err = apply_entry(&e, &links);
            if (err)
                kprintf("initrd: module %d: %s: error %d, skipped\n",
                        module, e.name, -err);
            else
                applied++;
            continue;
        }
        if (r == CPIO_TRAILER) {
            links_forget(&links);
            r = cpio_skip_padding(buf, len, &pos, &why);
            if (r == 1)
                continue;        /* another archive follows */
            if (r == 0) {
                result = applied;
                break;
            }
            where = pos;
        }
        kprintf("initrd: module %d: %s at offset %u; rest of module ignored\n",
                module, why, where);
        result = -1;
        break;
    }
    links_forget(&links);
    return result;
}

/* Unpack every module the boot loader gave us, in order, reading each
 * through the kernel's direct map of physical memory. */
void initrd_unpack_all(void)
{
    for (int i = 0; i < bootinfo.nmodules; i++) {
        const struct boot_module *m = &bootinfo.modules[i];
        if (m->end <= m->start)
            continue;
        if (m->end > LOWMEM_MAX) {
            kprintf("initrd: module %d is above the direct map; ignored\n", i);
            continue;
        }
        int n = initrd_unpack(P2V(m->start), m->end - m->start, i);
        if (n >= 0)
            kprintf("initrd: module %d: %d entries\n", i, n);
    }
}
