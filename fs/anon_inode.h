/*
 * fs/anon_inode.h - files with no name and no file system: timerfd (and
 * later eventfd, epoll, signalfd).  Each is an inode of no type (mode
 * 0600, as Linux's anon_inode shows) carrying its own file operations;
 * /proc/PID/fd shows it as "anon_inode:NAME".
 */
#ifndef FS_ANON_INODE_H
#define FS_ANON_INODE_H

#include <stdint.h>

struct file;
struct file_operations;

/* A new open file of kind `name` (e.g. "[timerfd]", kept by pointer),
 * with operations `ops`, f->private = priv and open flags `flags`.
 * 0 or -ENOMEM. */
int anon_inode_file(const char *name, const struct file_operations *ops,
                    void *priv, uint32_t flags, struct file **out);

#endif
