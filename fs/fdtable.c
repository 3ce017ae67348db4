/*
 * fs/fdtable.c - file descriptor tables (see fs/fdtable.h).
 */
#include "fs/fdtable.h"
#include "fs/fcntl.h"
#include "fs/file.h"
#include "kernel/errno.h"
#include "mm/kheap.h"
#include "proc/proc.h"
#include "proc/rlimit.h"

/* A table with no descriptors, for the first process. */
struct fdtable *fdtable_create(void)
{
    struct fdtable *t = kzalloc(sizeof *t);
    if (t)
        t->refcount = 1;
    return t;
}

/* fork: copy the slots; the files themselves are shared (one more
 * reference each), so parent and child share positions as on Linux. */
struct fdtable *fdtable_fork(struct fdtable *t)
{
    struct fdtable *n = fdtable_create();
    if (!n || !t)
        return n;
    for (int i = 0; i < NOFILE; i++) {
        if (t->fd[i]) {
            file_get(t->fd[i]);
            n->fd[i] = t->fd[i];
            n->cloexec[i] = t->cloexec[i];
        }
    }
    return n;
}

/* CLONE_FILES: the same table, one more user. */
struct fdtable *fdtable_share(struct fdtable *t)
{
    t->refcount++;
    return t;
}

/* Empty slot i, dropping its file. */
static void slot_close(struct fdtable *t, int i)
{
    struct file *f = t->fd[i];
    t->fd[i] = NULL;
    t->cloexec[i] = 0;
    if (f)
        file_put(f);
}

/* execve: close every descriptor marked close-on-exec. */
void fdtable_exec(struct fdtable *t)
{
    for (int i = 0; i < NOFILE; i++)
        if (t->fd[i] && t->cloexec[i])
            slot_close(t, i);
}

/* Drop one user of the table; the last closes all its descriptors. */
void fdtable_destroy(struct fdtable *t)
{
    if (!t || --t->refcount > 0)
        return;
    for (int i = 0; i < NOFILE; i++)
        slot_close(t, i);
    kfree(t);
}

/* The current process's table, or NULL. */
static struct fdtable *my_table(void)
{
    return current ? current->files : NULL;
}

/* Look up a descriptor of the current process.  The file gets a
 * reference, so it stays valid even if another thread closes fd while
 * the caller sleeps. */
struct file *fd_get(int fd)
{
    struct fdtable *t = my_table();
    if (!t || fd < 0 || fd >= NOFILE || !t->fd[fd])
        return NULL;
    file_get(t->fd[fd]);
    return t->fd[fd];
}

int fd_limit(void)
{
    uint64_t n = current ? rlimit_cur(current, RLIMIT_NOFILE) : NOFILE;
    return n < NOFILE ? (int)n : NOFILE;
}

/* Give `f` the lowest free descriptor >= lowest (Linux's rule, which
 * dup() and open() rely on), below RLIMIT_NOFILE. */
int fd_install(struct file *f, int lowest, int cloexec)
{
    struct fdtable *t = my_table();
    if (lowest < 0 || lowest >= NOFILE)
        return -EINVAL;
    if (!t)
        return -EMFILE;
    for (int i = lowest; i < fd_limit(); i++) {
        if (!t->fd[i]) {
            t->fd[i] = f;
            t->cloexec[i] = cloexec ? 1 : 0;
            return i;
        }
    }
    return -EMFILE;
}

/* Put `f` in slot fd, closing what was there (dup2). */
int fd_install_at(struct file *f, int fd, int cloexec)
{
    struct fdtable *t = my_table();
    if (!t || fd < 0 || fd >= fd_limit())
        return -EBADF;
    struct file *old = t->fd[fd];
    t->fd[fd] = f;
    t->cloexec[fd] = cloexec ? 1 : 0;
    if (old)
        file_put(old);
    return 0;
}

/* close(2) for the current process. */
int fd_close(int fd)
{
    struct fdtable *t = my_table();
    if (!t || fd < 0 || fd >= NOFILE || !t->fd[fd])
        return -EBADF;
    slot_close(t, fd);
    return 0;
}

/* The descriptor's close-on-exec flag (F_GETFD). */
int fd_get_cloexec(int fd)
{
    struct fdtable *t = my_table();
    return t && fd >= 0 && fd < NOFILE ? t->cloexec[fd] : 0;
}

/* Set or clear the close-on-exec flag (F_SETFD, FIOCLEX). */
void fd_set_cloexec(int fd, int on)
{
    struct fdtable *t = my_table();
    if (t && fd >= 0 && fd < NOFILE && t->fd[fd])
        t->cloexec[fd] = on ? 1 : 0;
}

/* Give the current process /dev/console as stdin, stdout and stderr. */
int fs_open_console(void)
{
    if (!current)
        return -EINVAL;
    if (!current->files) {
        current->files = fdtable_create();
        if (!current->files)
            return -ENOMEM;
    }
    struct file *f;
    int err = vfs_open(NULL, "/dev/console", O_RDWR, 0, &f);
    if (err)
        return err;
    file_get(f);
    file_get(f);
    fd_install_at(f, 0, 0);      /* one open file, as after dup2 */
    fd_install_at(f, 1, 0);
    fd_install_at(f, 2, 0);
    return 0;
}
