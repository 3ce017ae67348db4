/*
 * fs/selftest.c - ktest=fs: ramfs with real page frames.  The host unit
 * tests cover the logic with fake frames; this checks the parts only
 * the real machine has: frames from the frame allocator, reached through
 * the direct map, and their reference counts as a mapping would use them.
 *
 * It works in a private directory, so it runs with or without fs_init.
 */
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/layout.h"

/* The checks, on a file `ip` in directory `dir`. */
static const char *check_file(struct inode *dir, struct inode *ip)
{
    char buf[16];
    if (inode_write(ip, "0123456789", PAGE_SIZE - 4, 10) != 10)
        return "write across a page boundary failed";
    if (ip->size != PAGE_SIZE + 6)
        return "wrong size after write";
    uint32_t pa0 = inode_page(ip, 0), pa1 = inode_page(ip, 1);
    if (!pa0 || !pa1 || inode_page(ip, 2) != 0)
        return "inode_page gave the wrong frames";
    if (memcmp((char *)P2V(pa0) + PAGE_SIZE - 4, "0123", 4) != 0 ||
        memcmp(P2V(pa1), "456789", 6) != 0)
        return "the frames do not hold the written bytes";
    ((char *)P2V(pa0))[0] = 'Z';                 /* as a shared mapping would */
    if (inode_read(ip, buf, 0, 2) != 2 || buf[0] != 'Z' || buf[1] != 0)
        return "read does not see a store into the frame";

    if (ramfs_truncate(ip, PAGE_SIZE) != 0 || frame_refcount(pa1) != 0)
        return "truncate did not free the last page's frame";
    if (ramfs_truncate(ip, 2 * PAGE_SIZE) != 0 ||
        inode_read(ip, buf, PAGE_SIZE, 8) != 8 || memcmp(buf, "\0\0\0\0\0\0\0\0", 8))
        return "growing the file did not read back zeros";

    frame_get(pa0);                              /* a mapping holds the page */
    if (ramfs_unlink(dir, "f") != 0)
        return "unlink failed";
    inode_put(ip);                               /* the last user: freed */
    if (frame_refcount(pa0) != 1)
        return "the mapping's reference was lost when the file went";
    frame_put(pa0);
    return NULL;
}

/* Run the checks on a private directory and free it afterwards. */
const char *ktest_fs(void)
{
    struct inode *dir = inode_alloc(S_IFDIR | 0755), *ip, *sub;
    if (!dir)
        return "no memory";
    dir->nlink = 2;
    dir->parent = dir;
    const char *why = NULL;
    if (ramfs_create(dir, "f", S_IFREG | 0644, 0, &ip) != 0)
        why = "create failed";
    else
        why = check_file(dir, ip);
    if (!why && ramfs_create(dir, "sub", S_IFDIR | 0755, 0, &sub) != 0)
        why = "mkdir failed";
    if (!why) {
        if (sub->nlink != 2 || dir->nlink != 3)
            why = "wrong link counts after mkdir";
        else if (ramfs_rmdir(dir, "sub") != 0 || dir->nlink != 2)
            why = "rmdir failed";
        inode_put(sub);
    }
    dir->nlink = 0;                              /* let the directory go */
    dir->parent = NULL;
    inode_put(dir);
    return why;
}
