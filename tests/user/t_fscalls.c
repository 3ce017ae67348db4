/*
 * tests/user/t_fscalls.c - statfs64, mknod, renameat2 and fadvise64_64
 * through raw syscalls, with Linux's errno edges.  Paths live in /tmp;
 * the statfs checks hold on any file system (natively /tmp may be ext4).
 */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* i386 struct statfs64: 84 bytes, packed. */
struct statfs64_i386 {
    unsigned type, bsize;
    unsigned long long blocks, bfree, bavail, files, ffree;
    int fsid[2];
    unsigned namelen, frsize, flags, spare[4];
} __attribute__((packed));

#define NR_mknod 14
#define NR_statfs64 268
#define NR_fadvise64_64 272
#define NR_renameat2 353

int main(void)
{
    struct statfs64_i386 s;
    char fifo[64];
    snprintf(fifo, sizeof fifo, "/tmp/t_fscalls.%d", (int)getpid());
    long r = syscall(NR_statfs64, "/tmp", 84, &s);
    CHECK("statfs64_tmp", r == 0 && s.bsize == 4096 && s.namelen == 255 &&
          s.bfree <= s.blocks, "r=%ld bsize=%u namelen=%u", r, s.bsize, s.namelen);
    r = syscall(NR_statfs64, "/proc", 84, &s);
    CHECK("statfs64_proc", r == 0 && s.type == 0x9fa0, "r=%ld type=%x", r, s.type);
    errno = 0;
    r = syscall(NR_statfs64, "/tmp", 83, &s);
    CHECK("statfs64_size_einval", r == -1 && errno == EINVAL, "r=%ld errno=%d", r, errno);
    r = syscall(NR_mknod, fifo, S_IFIFO | 0644, 0);
    struct stat st;
    CHECK("mknod_fifo", r == 0 && stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode),
          "r=%ld errno=%d", r, errno);
    errno = 0;
    r = syscall(NR_mknod, fifo, S_IFIFO | 0644, 0);
    CHECK("mknod_eexist", r == -1 && errno == EEXIST, "r=%ld errno=%d", r, errno);
    errno = 0;
    r = syscall(NR_mknod, "/tmp/t_fscalls.dir", S_IFDIR | 0755, 0);
    CHECK("mknod_dir_eperm", r == -1 && errno == EPERM, "r=%ld errno=%d", r, errno);
    errno = 0;
    r = syscall(NR_renameat2, AT_FDCWD, fifo, AT_FDCWD, fifo, 1);
    CHECK("renameat2_noreplace", r == -1 && errno == EEXIST, "r=%ld errno=%d", r, errno);
    errno = 0;
    int fd = open("/proc/self/stat", O_RDONLY);
    r = syscall(NR_fadvise64_64, fd, 0, 0, 0, 0, 9);
    CHECK("fadvise_bad_advice", r == -1 && errno == EINVAL, "r=%ld errno=%d", r, errno);
    close(fd);
    unlink(fifo);
    return finish();
}
