/*
 * t_shmem - shared mappings stay shared across fork.
 *
 *   shmem_anon_shared     MAP_SHARED|MAP_ANONYMOUS: a child's write to a page
 *                         the parent touched before fork is seen by the parent
 *   shmem_anon_untouched  ...and to a page nobody touched before fork
 *   shmem_private_copy    MAP_PRIVATE|MAP_ANONYMOUS: the child's write is not seen
 *   shmem_file_shared     MAP_SHARED of a /tmp file: a child's store is seen by
 *                         read() in the parent (one page cache)
 *   shmem_maps_name       the anonymous shared region is "/dev/zero (deleted)"
 *   shmem_eacces          MAP_SHARED + PROT_WRITE of a read-only descriptor: EACCES
 */
#include "vmcheck.h"
#include <sys/mman.h>

static int child_writes(volatile char *p, char value)
{
    pid_t pid = fork();
    if (pid == 0) {
        *p = value;
        _exit(0);
    }
    int st;
    wait_for(pid, &st);
    return exited_with(st, 0);
}

static int maps_has(const char *text)
{
    char buf[8192];
    int fd = open("/proc/self/maps", O_RDONLY), n = 0, r;
    while (fd >= 0 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
        n += r;
    if (fd >= 0)
        close(fd);
    buf[n] = '\0';
    return strstr(buf, text) != NULL;
}

int main(void)
{
    char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED || private == MAP_FAILED)
        return fail("shmem_anon_shared", "mmap: %s", strerror(errno)), finish();
    shared[0] = 'p';                             /* present before fork */
    private[0] = 'p';
    CHECK("shmem_anon_shared", child_writes(shared, 'c') && shared[0] == 'c',
          "parent sees '%c'", shared[0]);
    CHECK("shmem_anon_untouched", child_writes(shared + PAGE, 'u') && shared[PAGE] == 'u',
          "parent sees %d", shared[PAGE]);
    CHECK("shmem_private_copy", child_writes(private, 'c') && private[0] == 'p',
          "parent sees '%c'", private[0]);
    CHECK("shmem_maps_name", maps_has("/dev/zero (deleted)"),
          "no /dev/zero (deleted) line in /proc/self/maps");

    const char *path = "/tmp/t_shmem.file";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char zeros[PAGE] = { 0 }, got = 0;
    write(fd, zeros, PAGE);
    char *file = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int ok = file != MAP_FAILED && child_writes(file + 100, 'f');
    pread(fd, &got, 1, 100);
    CHECK("shmem_file_shared", ok && got == 'f', "read() sees %d", got);
    close(fd);

    fd = open(path, O_RDONLY);
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("shmem_eacces", p == MAP_FAILED && errno == EACCES,
          "mmap returned %p, errno %d", p, errno);
    close(fd);
    unlink(path);
    return finish();
}
