/*
 * fs/file.h - open files.
 *
 * A struct file is one open() of an inode: the position, the open flags
 * and the operations for that kind of file.  File descriptors (fs/fdtable.h)
 * point to files; dup() and fork() make several descriptors share one file,
 * and with it the position.  The file is closed when its last descriptor
 * goes.
 */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <stdint.h>

struct file;
struct inode;
struct uio;

#define MAX_RW_COUNT 0x7ffff000u /* Linux's cap on one transfer (a page under 2 GiB) */

/* Poll bits (Linux's). */
#define POLLIN     0x001
#define POLLPRI    0x002
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

/* What a kind of file does.  Buffers are user pointers.  `pos` is the
 * position to use (the file's own, or pread's); operations on files
 * without positions ignore it.  A NULL operation means "not supported". */
struct file_operations {
    /* A new open file is being set up (NULL: nothing to do); -errno
     * makes open() fail. */
    int (*open)(struct file *f);
    long (*read)(struct file *f, char *ubuf, uint32_t n, uint32_t *pos);
    long (*write)(struct file *f, const char *ubuf, uint32_t n, uint32_t *pos);
    /* Instead of read/write, for kinds that must see a whole request
     * (every piece of a readv/writev) at once: pipes and terminals
     * (fs/uio.h says why). */
    long (*read_iov)(struct file *f, const struct uio *u, uint32_t *pos);
    long (*write_iov)(struct file *f, const struct uio *u, uint32_t *pos);
    long (*ioctl)(struct file *f, uint32_t cmd, unsigned long arg);
    /* The POLL* bits that hold now; NULL means always readable/writable. */
    int (*poll)(struct file *f);
    /* Directory listings, in linux_dirent64 records. */
    long (*getdents)(struct file *f, char *ubuf, uint32_t count);
    /* The last reference is going away. */
    void (*release)(struct file *f);
    int seekable;                /* lseek and pread work (else -ESPIPE) */
};

struct file {
    uint32_t refcount;
    uint32_t flags;              /* O_ACCMODE, O_APPEND, O_NONBLOCK, ... */
    uint32_t pos;
    struct inode *inode;         /* holds a reference */
    const struct file_operations *ops;
    void *private;               /* the kind's own data (a /proc snapshot) */
};

/* A new file open on `ip` (taking a reference to it) with `flags`;
 * -ENXIO for a device nobody drives, -ENOMEM. */
int file_alloc(struct inode *ip, uint32_t flags, struct file **out);
void file_get(struct file *f);
/* Drop a reference; the last one releases the file. */
void file_put(struct file *f);

static inline struct inode *file_inode_of(struct file *f) { return f->inode; }
static inline int file_readable(const struct file *f)
{
    return (f->flags & 3) != 1;      /* not O_WRONLY */
}
static inline int file_writable(const struct file *f)
{
    return (f->flags & 3) != 0;      /* O_WRONLY or O_RDWR */
}

/* May `f` be read (write 0) or written (1)?  0, -EBADF for the wrong
 * access mode, -EINVAL if its kind cannot do it: Linux's first checks. */
long file_rw_check(const struct file *f, int write);
/* Read into / write from the request's pieces (checked: inside user
 * space, total <= MAX_RW_COUNT) at *pos, moving it by what was done.
 * Returns the bytes transferred before the first short piece or hole,
 * -EFAULT when a hole came before any byte, or the kind's error. */
long file_transfer(struct file *f, int write, const struct uio *u, uint32_t *pos);
/* The POLL* bits that hold for `f` now. */
int file_poll(struct file *f);

/* Open `path` relative to `base` (a directory; NULL = the cwd), as
 * open(2) would with `flags` and `mode` (fs/open.c). */
int vfs_open(struct inode *base, const char *path, uint32_t flags,
             uint32_t mode, struct file **out);

/* Everything changes that may end a poll() calls poll_wakeup(). */
void poll_wakeup(void);
extern char poll_chan;           /* poll() sleeps on its address */

/* The operations of each kind of file. */
extern const struct file_operations ramfs_file_ops;   /* fs/file.c */
extern const struct file_operations dir_file_ops;     /* fs/readdir.c */
extern const struct file_operations pipe_file_ops;    /* fs/pipe.c */
extern const struct file_operations console_file_ops; /* fs/console.c */
extern const struct file_operations ctty_file_ops;    /* /dev/tty, fs/console.c */
/* getdents64 for any kind of directory (fs/readdir.c): ".", "..", then
 * the entries entry_at gives for positions >= 2, as many as fit; the
 * file position moves past each.  entry_at returns the entry at (or
 * after) `pos` and the position after it, or NULL at the end.  Returns
 * the bytes used, 0 at the end, -EINVAL if not even one record fits. */
struct dentry;
typedef struct dentry *(*dir_entry_fn)(struct inode *dir, uint32_t pos, uint32_t *next);
long getdents_fill(struct file *f, char *ubuf, uint32_t count, dir_entry_fn entry_at);
/* read() on a directory: -EISDIR, as on Linux. */
long dir_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos);
/* A character device's operations, or NULL (fs/devices.c). */
const struct file_operations *chrdev_ops(uint32_t rdev);

#endif
