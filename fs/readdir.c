/*
 * fs/readdir.c - open directories: getdents64.
 *
 * A directory file's position is a ramfs entry position: 0 is ".", 1 is
 * "..", and each entry carries its own increasing number (fs/ramfs.c).
 * Each record's d_off is the position of the record after it, which is
 * what lseek(fd, d_off, SEEK_SET) (telldir/seekdir) expects.
 */
#include "fs/file.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/string.h"
#include "mm/uaccess.h"

#define DIRENT_MAX ((DIRENT64_NAME_OFFSET + NAME_MAX + 1 + 7) & ~7u)

/* The d_type of a mode: Linux keeps the two in step, d_type being the
 * S_IFMT bits shifted down (S_IFDIR 0040000 -> DT_DIR 4). */
static uint8_t dirent_type(uint32_t mode)
{
    return (uint8_t)((mode & S_IFMT) >> 12);
}

/* Append one record at ubuf + *used if it fits in `count`.  Returns 1 if
 * it was added, 0 if it does not fit, or -EFAULT. */
static int put_dirent(char *ubuf, uint32_t count, uint32_t *used,
                      const char *name, struct inode *ip, uint32_t next_pos)
{
    uint32_t namelen = (uint32_t)strlen(name);
    uint32_t reclen = (DIRENT64_NAME_OFFSET + namelen + 1 + 7) & ~7u;
    if (*used + reclen > count)
        return 0;
    char rec[DIRENT_MAX];
    struct linux_dirent64 hdr = {
        .d_ino = ip->ino,
        .d_off = next_pos,
        .d_reclen = (uint16_t)reclen,
        .d_type = dirent_type(ip->mode),
    };
    memset(rec, 0, reclen);
    memcpy(rec, &hdr, sizeof hdr);
    memcpy(rec + DIRENT64_NAME_OFFSET, name, namelen + 1);
    if (copy_to_user(ubuf + *used, rec, reclen) < 0)
        return -EFAULT;
    *used += reclen;
    return 1;
}

/* getdents64 for any directory (/proc's too): ".", "..", then what
 * entry_at finds, one record per entry, until the buffer is full. */
long getdents_fill(struct file *f, char *ubuf, uint32_t count, dir_entry_fn entry_at)
{
    struct inode *dir = f->inode;
    uint32_t used = 0;
    for (;;) {
        uint32_t next = f->pos + 1;
        const char *name;
        struct inode *ip;
        if (f->pos == 0) {
            name = ".", ip = dir;
        } else if (f->pos == 1) {
            name = "..", ip = dir->parent ? dir->parent : dir;
        } else {
            struct dentry *d = entry_at(dir, f->pos, &next);
            if (!d)
                break;                   /* the end */
            name = d->name, ip = d->inode;
        }
        int r = put_dirent(ubuf, count, &used, name, ip, next);
        if (r < 0)
            return used ? (long)used : r;
        if (r == 0)                      /* full: -EINVAL if not even one fit */
            return used ? (long)used : -EINVAL;
        f->pos = next;
    }
    return used;
}

/* A ramfs directory's entry at position pos (or the first after it). */
static struct dentry *ramfs_entry_from(struct inode *dir, uint32_t pos, uint32_t *next)
{
    struct dentry *d = ramfs_entry_at(dir, pos);
    if (d)
        *next = d->pos + 1;
    return d;
}

/* getdents64 on a ramfs directory. */
static long dir_getdents(struct file *f, char *ubuf, uint32_t count)
{
    if (f->inode->nlink == 0)
        return 0;                /* removed: Linux lists nothing */
    return getdents_fill(f, ubuf, count, ramfs_entry_from);
}

/* read() on a directory is an error, as on Linux (/proc's too). */
long dir_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return -EISDIR;
}

const struct file_operations dir_file_ops = {
    .read = dir_read,
    .getdents = dir_getdents,
    .seekable = 1,
};
