/*
 * fs/proc_fd.c - /proc/PID/fd: one symbolic link per open descriptor,
 * named by its number, whose target says what the descriptor is open
 * on, in Linux's spelling (fs/proc/fd.c, d_path): a file's path, with
 * " (deleted)" once it has no name; "pipe:[INO]" for a pipe;
 * "/dev/console" for the terminal.  `ls -l /proc/self/fd` and
 * `readlink /proc/PID/fd/1` show them, and opening /proc/self/fd/N
 * (or /dev/fd/N, a symlink to /proc/self/fd) opens what the descriptor
 * is open on, so `cat /dev/fd/0` reads standard input.
 *
 * The directory's entries are a table of NOFILE link entries, one per
 * descriptor number; a lookup or a listing shows only those the process
 * has open at that moment.
 */
#include "fs/procfs.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/stat.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/format.h"
#include "proc/proc.h"

/* The target of p's descriptor fd. */
static int link_fd(struct proc *p, int fd, char *buf, uint32_t size)
{
    if (!p->files || fd < 0 || fd >= NOFILE || !p->files->fd[fd])
        return -ENOENT;
    struct inode *ip = file_inode_of(p->files->fd[fd]);
    return ip ? procfs_file_path(ip, buf, size) : -ENOENT;
}

#define FD_LINK(n) { .name = #n, .mode = S_IFLNK | 0700, .fd_link = link_fd, .fd = n }
#define FD_LINK8(n) FD_LINK(n##0), FD_LINK(n##1), FD_LINK(n##2), FD_LINK(n##3), \
                    FD_LINK(n##4), FD_LINK(n##5), FD_LINK(n##6), FD_LINK(n##7)

/* Descriptors 0..63 (NOFILE): the names are the numbers as written. */
static const struct proc_entry fd_links[NOFILE] = {
    FD_LINK(0), FD_LINK(1), FD_LINK(2), FD_LINK(3), FD_LINK(4), FD_LINK(5),
    FD_LINK(6), FD_LINK(7), FD_LINK(8), FD_LINK(9),
    FD_LINK(10), FD_LINK(11), FD_LINK(12), FD_LINK(13), FD_LINK(14), FD_LINK(15),
    FD_LINK(16), FD_LINK(17), FD_LINK(18), FD_LINK(19),
    FD_LINK(20), FD_LINK(21), FD_LINK(22), FD_LINK(23), FD_LINK(24), FD_LINK(25),
    FD_LINK(26), FD_LINK(27), FD_LINK(28), FD_LINK(29),
    FD_LINK(30), FD_LINK(31), FD_LINK(32), FD_LINK(33), FD_LINK(34), FD_LINK(35),
    FD_LINK(36), FD_LINK(37), FD_LINK(38), FD_LINK(39),
    FD_LINK(40), FD_LINK(41), FD_LINK(42), FD_LINK(43), FD_LINK(44), FD_LINK(45),
    FD_LINK(46), FD_LINK(47), FD_LINK(48), FD_LINK(49),
    FD_LINK(50), FD_LINK(51), FD_LINK(52), FD_LINK(53), FD_LINK(54), FD_LINK(55),
    FD_LINK(56), FD_LINK(57), FD_LINK(58), FD_LINK(59),
    FD_LINK(60), FD_LINK(61), FD_LINK(62), FD_LINK(63),
};
_Static_assert(NOFILE == 64, "fd_links lists one entry per descriptor");

const struct proc_entry *procfs_fd_entry(int fd)
{
    return fd >= 0 && fd < NOFILE ? &fd_links[fd] : NULL;
}

int procfs_fd_lookup(struct proc *p, const char *name)
{
    if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1]))
        return -1;                   /* Linux's names: no sign, no leading 0 */
    int fd = 0;
    for (const char *c = name; *c; c++) {
        if (*c < '0' || *c > '9' || fd >= NOFILE)
            return -1;
        fd = fd * 10 + (*c - '0');
    }
    return fd < NOFILE && p->files && p->files->fd[fd] ? fd : -1;
}

int procfs_fd_next(struct proc *p, int from)
{
    for (int fd = from < 0 ? 0 : from; p->files && fd < NOFILE; fd++)
        if (p->files->fd[fd])
            return fd;
    return -1;
}

struct inode *procfs_link_inode(struct inode *link)
{
    if (!link->proc || !link->proc->fd_link)
        return NULL;
    struct proc *p = procfs_proc(link->proc_pid);
    int fd = link->proc->fd;
    if (!p || !p->files || !p->files->fd[fd])
        return NULL;
    struct inode *ip = file_inode_of(p->files->fd[fd]);
    return ip && inode_type(ip) != S_IFIFO ? ip : NULL;
}
