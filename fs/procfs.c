/*
 * fs/procfs.c - /proc's tree: looking names up, listing directories,
 * and opening, reading and writing the generated files (see
 * fs/procfs.h).  What each file says is in fs/proc_pid.c, fs/proc_mem.c
 * and fs/proc_sys.c.
 */
#include "fs/procfs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"
#include "proc/proc.h"

#define PID_POS_BASE   1024          /* getdents position of pid N: base + N */
#define FIRST_BUFFER   4096          /* a snapshot's first try; grown as needed */
#define MAX_SNAPSHOT   (4u << 20)    /* no /proc text is ever this long */

/* /proc itself and /proc/PID: the directories procfs fills. */
static const struct proc_entry root_entry = {
    .name = "proc", .mode = S_IFDIR | 0555,
};
static const struct proc_entry pid_dir_entry = {
    .name = "pid", .mode = S_IFDIR | 0555,
};

/* Every inode procfs has handed out, each named by a dentry chained
 * through dentry->next; the cache holds one reference to each inode. */
static struct dentry *cache;

/* An open file's text, made when it was opened. */
struct snapshot {
    uint32_t len;
    char data[];
};

/* ---- processes ------------------------------------------------------ */

/* A live or zombie process; embryos (mid-fork) are not shown. */
struct proc *procfs_proc(int pid)
{
    if (pid <= 0)
        return NULL;
    struct proc *p = proc_find(pid);
    return (p && p->state != PROC_EMBRYO) ? p : NULL;
}

/* A process's inode outlives the process when something holds it (an
 * open file, a cwd): it then stands for nothing. */
int procfs_stale(const struct inode *ip)
{
    return ip->proc && ip->proc_pid && !procfs_proc(ip->proc_pid);
}

/* "123" -> 123; -1 for anything that is not a pid as Linux spells it
 * (digits only, no leading zero). */
static int parse_pid(const char *name)
{
    if (name[0] < '1' || name[0] > '9')
        return -1;
    int pid = 0;
    for (const char *c = name; *c; c++) {
        if (*c < '0' || *c > '9' || pid > 100000000)
            return -1;
        pid = pid * 10 + (*c - '0');
    }
    return pid;
}

/* ---- the inode cache ------------------------------------------------ */

/* Let go of the inodes of processes that are gone: a name no longer
 * holds them (nlink 0), so the last user frees them. */
static void cache_sweep(void)
{
    struct dentry **pp = &cache;
    while (*pp) {
        struct dentry *d = *pp;
        struct inode *ip = d->inode;
        if (ip->proc_pid == 0 || procfs_proc(ip->proc_pid)) {
            pp = &d->next;
            continue;
        }
        *pp = d->next;
        ip->nlink = 0;
        inode_put(ip);
        kfree(d);
    }
}

/* The cached dentry for entry e of process pid (0: the system), made on
 * first use.  A directory's parent is `dir`, for "..". */
static struct dentry *cache_get(struct inode *dir, const struct proc_entry *e, int pid)
{
    for (struct dentry *d = cache; d; d = d->next)
        if (d->inode->proc == e && d->inode->proc_pid == pid)
            return d;
    char name[16];
    const char *shown = e->name;
    if (e == &pid_dir_entry) {
        snprintf(name, sizeof name, "%d", pid);
        shown = name;
    }
    size_t len = strlen(shown);
    struct dentry *d = kmalloc(sizeof *d + len + 1);
    struct inode *ip = d ? inode_alloc(e->mode) : NULL;
    if (!ip) {
        kfree(d);
        return NULL;
    }
    memcpy(d->name, shown, len + 1);
    ip->proc = e;
    ip->proc_pid = pid;
    ip->nlink = S_ISDIR(e->mode) ? 2 : 1;
    if (S_ISDIR(e->mode)) {
        ip->parent = dir;
        inode_get(dir);
    }
    d->inode = ip;
    d->pos = 0;
    d->next = cache;
    cache = d;
    return d;
}

/* Search the cache: each inode it holds has exactly one name. */
struct dentry *procfs_dentry_of(struct inode *ip)
{
    for (struct dentry *d = cache; d; d = d->next)
        if (d->inode == ip)
            return d;
    return NULL;
}

/* The entry called `name` in a table of entries. */
static const struct proc_entry *entry_named(const struct proc_entry *t, int n,
                                            const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return &t[i];
    return NULL;
}

/* Lookups in /proc and /proc/PID (see fs/procfs.h). */
struct dentry *procfs_find(struct inode *dir, const char *name)
{
    cache_sweep();
    if (dir->proc == &root_entry) {
        const struct proc_entry *e =
            entry_named(procfs_sys_entries, procfs_sys_nentries, name);
        if (e)
            return cache_get(dir, e, 0);
        int pid = parse_pid(name);
        return procfs_proc(pid) ? cache_get(dir, &pid_dir_entry, pid) : NULL;
    }
    if (dir->proc == &pid_dir_entry && procfs_proc(dir->proc_pid)) {
        const struct proc_entry *e =
            entry_named(procfs_pid_entries, procfs_pid_nentries, name);
        return e ? cache_get(dir, e, dir->proc_pid) : NULL;
    }
    struct proc *p = dir->proc ? procfs_proc(dir->proc_pid) : NULL;
    if (p && dir->proc->fd_dir) {
        int fd = procfs_fd_lookup(p, name);
        return fd >= 0 ? cache_get(dir, procfs_fd_entry(fd), dir->proc_pid) : NULL;
    }
    return NULL;
}

/* Mark the directory made by fs_init as the root of /proc. */
void procfs_init(void)
{
    struct inode *ip;
    if (vfs_lookup("/proc", &ip) < 0)
        return;
    ip->proc = &root_entry;
    ip->mounted = 1;             /* procfs's root covers the directory */
    inode_put(ip);               /* its name in / keeps it */
    procfs_sys_init();
}

/* ---- symlinks -------------------------------------------------------- */

/* Ask the entry for its target (which may depend on who asks, as
 * self does) and copy it out without a NUL, as readlink does. */
long procfs_readlink(struct inode *ip, void *buf, uint32_t n, int user)
{
    if (!ip->proc || (!ip->proc->link && !ip->proc->fd_link))
        return -EINVAL;
    struct proc *p = procfs_proc(ip->proc_pid);
    if (ip->proc_pid && !p)
        return -ENOENT;
    char *target = kmalloc(PATH_MAX);
    if (!target)
        return -ENOMEM;
    long len = ip->proc->fd_link ? ip->proc->fd_link(p, ip->proc->fd, target, PATH_MAX)
                                 : ip->proc->link(p, target, PATH_MAX);
    if (len >= 0) {
        if ((uint32_t)len > n)
            len = n;
        if (user && copy_to_user(buf, target, (uint32_t)len) < 0)
            len = -EFAULT;
        else if (!user)
            memcpy(buf, target, (uint32_t)len);
    }
    kfree(target);
    return len;
}

/* ---- directories ---------------------------------------------------- */

/* The entry at getdents position `pos` of directory `dir` (or after it,
 * for pids that are gone): its dentry and the position after it. */
static struct dentry *entry_at(struct inode *dir, uint32_t pos, uint32_t *next)
{
    if (dir->proc->fd_dir) {             /* the open descriptors, in order */
        struct proc *p = procfs_proc(dir->proc_pid);
        int fd = p ? procfs_fd_next(p, (int)(pos - 2)) : -1;
        if (fd < 0)
            return NULL;
        *next = (uint32_t)fd + 3;
        return cache_get(dir, procfs_fd_entry(fd), dir->proc_pid);
    }
    if (dir->proc == &pid_dir_entry) {
        if (!procfs_proc(dir->proc_pid) || pos - 2 >= (uint32_t)procfs_pid_nentries)
            return NULL;
        *next = pos + 1;
        return cache_get(dir, &procfs_pid_entries[pos - 2], dir->proc_pid);
    }
    if (pos - 2 < (uint32_t)procfs_sys_nentries) {
        *next = pos + 1;
        return cache_get(dir, &procfs_sys_entries[pos - 2], 0);
    }
    /* pids, in increasing order from the one the position names */
    int from = pos > PID_POS_BASE ? (int)(pos - PID_POS_BASE) : 0, best = 0;
    for (int i = 0; i < NPROC; i++) {
        int pid = proc_table[i].pid;
        if (pid >= from && (!best || pid < best) && procfs_proc(pid))
            best = pid;
    }
    if (!best)
        return NULL;
    *next = PID_POS_BASE + (uint32_t)best + 1;
    return cache_get(dir, &pid_dir_entry, best);
}

/* getdents64: ".", "..", then the entries, as many as fit. */
static long procfs_getdents(struct file *f, char *ubuf, uint32_t count)
{
    cache_sweep();
    if (procfs_stale(f->inode))
        return -ENOENT;          /* Linux's answer for a reaped /proc/PID */
    return getdents_fill(f, ubuf, count, entry_at);
}

/* ---- files ------------------------------------------------------------ */

/* Run the entry's show() into a buffer big enough for all of it. */
static struct snapshot *snapshot_make(const struct proc_entry *e, struct proc *p)
{
    uint32_t size = FIRST_BUFFER;
    for (int tries = 0; tries < 4; tries++) {
        struct snapshot *s = kmalloc(sizeof *s + size);
        if (!s)
            return NULL;
        struct procbuf pb;
        pb_init(&pb, s->data, size);
        e->show(&pb, p);
        if (pb_fits(&pb)) {
            s->len = pb.len;
            return s;
        }
        kfree(s);
        if (pb.len >= MAX_SNAPSHOT)
            return NULL;
        size = (pb.len + FIRST_BUFFER) & ~(FIRST_BUFFER - 1);
    }
    return NULL;
}

/* ---- files made of records (maps, smaps) ------------------------------ */

/* Where an open record file is, as Linux's seq_file keeps it: the text of
 * the records around the file position, and where the next record is.
 * Reading on generates the next records; reading backwards starts
 * again from the first.  So a file of any length is read in O(length)
 * with one fixed buffer. */
struct record_cursor {
    uint32_t start;              /* file offset of text[0] */
    uint32_t len;                /* bytes of text held */
    uintptr_t at;                /* the next record comes after this */
    int done;                    /* there are no more */
    char text[PROC_RECORD_MAX];
};

static void cursor_rewind(struct record_cursor *c)
{
    c->start = c->len = 0;
    c->at = 0;
    c->done = 0;
}

/* Replace the text held by the records that follow it, as many as fit
 * whole.  0 when there were none left. */
static int cursor_fill(const struct proc_entry *e, struct proc *p,
                       struct record_cursor *c)
{
    c->start += c->len;
    c->len = 0;
    while (!c->done) {
        uintptr_t at = c->at;
        struct procbuf pb;
        pb_init(&pb, c->text + c->len, PROC_RECORD_MAX - c->len);
        if (!e->show_record(&pb, p, &at)) {
            c->done = 1;
        } else if (pb_fits(&pb)) {
            c->len += pb.len;
            c->at = at;
        } else if (c->len == 0) {
            c->at = at;          /* longer than PROC_RECORD_MAX: left out */
        } else {
            break;               /* it comes first next time */
        }
    }
    return c->len > 0;
}

/* read() of a record file at *pos. */
static long records_read(const struct proc_entry *e, struct proc *p,
                         struct record_cursor *c, char *ubuf, uint32_t n,
                         uint32_t pos)
{
    if (pos < c->start)
        cursor_rewind(c);
    uint32_t done = 0;
    while (done < n) {
        uint32_t at = pos + done;
        if (at >= c->start + c->len) {
            if (!cursor_fill(e, p, c))
                break;
            continue;
        }
        uint32_t off = at - c->start, k = c->len - off;
        if (k > n - done)
            k = n - done;
        if (copy_to_user(ubuf + done, c->text + off, k) < 0)
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return done;
}

/* open(): check the process is still there and take the snapshot (or
 * set up the record cursor). */
static int procfs_open(struct file *f)
{
    const struct proc_entry *e = f->inode->proc;
    struct proc *p = procfs_proc(f->inode->proc_pid);
    if (f->inode->proc_pid && !p)
        return -ENOENT;
    if (file_writable(f) && !e->write)
        return -EACCES;
    if (e->show_record) {
        struct record_cursor *c = kmalloc(sizeof *c);
        if (!c)
            return -ENOMEM;
        cursor_rewind(c);
        f->private = c;
        return 0;
    }
    if (!e->show)
        return 0;
    f->private = snapshot_make(e, p);
    return f->private ? 0 : -ENOMEM;
}

/* read(): from the snapshot, or live for files without one.  Once the
 * process is reaped, Linux's seq files say -ESRCH and pagemap EOF. */
static long procfs_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    const struct proc_entry *e = f->inode->proc;
    long r;
    if (e->read || e->show_record) {
        struct proc *p = procfs_proc(f->inode->proc_pid);
        if (!p)
            r = e->read ? 0 : -ESRCH;    /* reaped: pagemap EOF, maps -ESRCH */
        else if (e->read)
            r = e->read(p, ubuf, n, *pos);
        else
            r = records_read(e, p, f->private, ubuf, n, *pos);
    } else if (procfs_stale(f->inode)) {
        return -ESRCH;
    } else {
        struct snapshot *s = f->private;
        if (!s || *pos >= s->len)
            return 0;
        r = s->len - *pos < n ? s->len - *pos : n;
        r = copy_to_user_prefix(ubuf, s->data + *pos, (uint32_t)r);
        if (r == 0)                       /* the buffer starts in a hole */
            return -EFAULT;
    }
    if (r > 0)
        *pos += (uint32_t)r;
    return r;
}

/* write(): the whole buffer goes to the entry at once (they are short
 * commands such as "1\n"). */
static long procfs_write(struct file *f, const char *ubuf, uint32_t n, uint32_t *pos)
{
    const struct proc_entry *e = f->inode->proc;
    struct proc *p = procfs_proc(f->inode->proc_pid);
    char kbuf[32];
    (void)pos;
    if (!e->write)
        return -EINVAL;
    if (f->inode->proc_pid && !p)
        return -ESRCH;
    if (n > sizeof kbuf)
        return -EINVAL;
    if (copy_from_user(kbuf, ubuf, n) < 0)
        return -EFAULT;
    return e->write(p, kbuf, n);
}

/* The last close: drop the snapshot. */
static void procfs_release(struct file *f)
{
    kfree(f->private);
    f->private = NULL;
}

static const struct file_operations procfs_file_ops = {
    .open = procfs_open,
    .read = procfs_read,
    .write = procfs_write,
    .release = procfs_release,
    .seekable = 1,
};

static const struct file_operations procfs_dir_ops = {
    .read = dir_read,
    .getdents = procfs_getdents,
    .seekable = 1,
};

/* The system's files are /proc entries of their own (proc_create), the
 * others seq files of a process: Linux answers mmap differently. */
int procfs_mmap_check(const struct inode *ip)
{
    return ip->proc_pid == 0 && S_ISREG(ip->mode) ? -EIO : -ENODEV;
}

/* Directories list, files read from their snapshot. */
const struct file_operations *procfs_ops(struct inode *ip)
{
    if (S_ISDIR(ip->mode))
        return &procfs_dir_ops;
    if (S_ISREG(ip->mode))
        return &procfs_file_ops;
    return NULL;                 /* symlinks are never opened themselves */
}
