/*
 * fs/devices.c - character devices: which driver a device number means,
 * /dev/null, /dev/zero, /dev/random and /dev/urandom, and the /dev nodes
 * made at boot (and /dev/fd, a symlink to /proc/self/fd).
 *
 * Numbers are Linux's: major 1 is memory devices (null 3, zero 5,
 * random 8, urandom 9), major 5 the terminal (tty 0, console 1).
 */
#include "fs/devices.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/random.h"
#include "mm/uaccess.h"

/* /dev/null: reads find end of file, writes vanish. */
static long null_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return 0;
}

/* Writes to /dev/null and /dev/zero succeed and go nowhere. */
static long null_write(struct file *f, const char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)f, (void)ubuf, (void)pos;
    return n;
}

/* /dev/zero: reads give zeros, as many as fit before a hole in the
 * buffer; writes vanish (without the buffer being read, as on Linux). */
static long zero_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)f, (void)pos;
    uint32_t done = clear_user_prefix(ubuf, n);
    return done || n == 0 ? (long)done : -EFAULT;
}

/* /dev/random and /dev/urandom: kernel/random.c's ChaCha20 stream.  The
 * generator is seeded before the first process runs, so, as on Linux
 * since 5.6, neither ever blocks and both give the same stream. */
static long random_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)f, (void)pos;
    return random_read_user((uint32_t)(uintptr_t)ubuf, n);
}

/* Writes are mixed into the generator (crediting no entropy), as Linux's
 * write_pool does. */
static long random_write(struct file *f, const char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)f, (void)pos;
    return random_write_user((uint32_t)(uintptr_t)ubuf, n);
}

static const struct file_operations random_ops = {
    .read = random_read,
    .write = random_write,
    .seekable = 1,
};

static const struct file_operations null_ops = {
    .read = null_read,
    .write = null_write,
    .seekable = 1,
};

static const struct file_operations zero_ops = {
    .read = zero_read,
    .write = null_write,
    .seekable = 1,
};

/* The driver of a device number; NULL makes open() fail with ENXIO. */
const struct file_operations *chrdev_ops(uint32_t rdev)
{
    if (rdev == DEV_NULL)
        return &null_ops;
    if (rdev == DEV_ZERO)
        return &zero_ops;
    if (rdev == DEV_RANDOM || rdev == DEV_URANDOM)
        return &random_ops;
    if (rdev == DEV_TTY)
        return &ctty_file_ops;
    if (rdev == DEV_CONSOLE)
        return &console_file_ops;
    return NULL;
}

/* The device nodes every system has, in /dev (which must exist). */
void devices_init(void)
{
    vfs_mknod("/dev/null", S_IFCHR | 0666, DEV_NULL);
    vfs_mknod("/dev/zero", S_IFCHR | 0666, DEV_ZERO);
    vfs_mknod("/dev/random", S_IFCHR | 0666, DEV_RANDOM);
    vfs_mknod("/dev/urandom", S_IFCHR | 0666, DEV_URANDOM);
    vfs_symlink("/proc/self/fd", "/dev/fd");
    vfs_mknod("/dev/tty", S_IFCHR | 0666, DEV_TTY);
    vfs_mknod("/dev/console", S_IFCHR | 0600, DEV_CONSOLE);
}
