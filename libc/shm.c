/*
 * libc/shm.c - POSIX shared memory objects: shm_open and shm_unlink.
 *
 * As in glibc, a shared memory object is just a file in /dev/shm, a
 * directory of the in-memory file system: shm_open("/NAME") opens
 * /dev/shm/NAME, and two processes that open the same name and map it
 * MAP_SHARED share its pages (the file's page cache).  ftruncate sets
 * its size; shm_unlink removes the name, and the memory goes when the
 * last descriptor and mapping are gone.
 *
 * The name rules are glibc's (shm_open(3)): leading slashes are
 * skipped; what is left must be non-empty and hold no other '/'
 * (EINVAL), and be at most NAME_MAX bytes (ENAMETOOLONG).  shm_open
 * adds O_NOFOLLOW and O_CLOEXEC; shm_unlink reports a bad name as
 * ENOENT, as glibc does.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SHM_DIR     "/dev/shm/"
#define SHM_DIR_LEN (sizeof(SHM_DIR) - 1)

/* Build "/dev/shm/NAME" in path (SHM_DIR_LEN + NAME_MAX + 1 bytes).
 * Returns 0, or the errno the name deserves. */
static int shm_path(const char *name, char *path)
{
    while (*name == '/')
        name++;
    size_t len = strnlen(name, NAME_MAX + 1);
    if (len == 0 || memchr(name, '/', len))
        return EINVAL;
    if (len > NAME_MAX)
        return ENAMETOOLONG;
    memcpy(path, SHM_DIR, SHM_DIR_LEN);
    memcpy(path + SHM_DIR_LEN, name, len + 1);
    return 0;
}

/* Open (O_CREAT: create) the shared memory object NAME. */
int shm_open(const char *name, int oflag, mode_t mode)
{
    char path[SHM_DIR_LEN + NAME_MAX + 1];
    int err = shm_path(name, path);
    if (err) {
        errno = err;
        return -1;
    }
    int fd = open(path, oflag | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0 && errno == EISDIR)
        errno = EINVAL;             /* "." or a directory: not an object */
    return fd;
}

/* Remove the name NAME; mappings and open descriptors keep the memory. */
int shm_unlink(const char *name)
{
    char path[SHM_DIR_LEN + NAME_MAX + 1];
    int err = shm_path(name, path);
    if (err) {
        errno = err == EINVAL ? ENOENT : err;
        return -1;
    }
    int r = unlink(path);
    if (r < 0 && errno == EPERM)
        errno = EACCES;
    return r;
}
