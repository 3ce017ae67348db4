/*
 * fs/anon_inode.c - nameless files with their own operations (see
 * fs/anon_inode.h).  The inode lives only as long as its open file.
 */
#include "fs/anon_inode.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/errno.h"

int anon_inode_file(const char *name, const struct file_operations *ops,
                    void *priv, uint32_t flags, struct file **out)
{
    struct inode *ip = inode_alloc(0600);
    if (!ip)
        return -ENOMEM;
    ip->anon_name = name;
    ip->anon_ops = ops;
    int err = file_alloc(ip, flags, out);
    inode_put(ip);               /* the file holds it now */
    if (err == 0)
        (*out)->private = priv;
    return err;
}
