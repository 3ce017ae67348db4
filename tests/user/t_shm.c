/*
 * t_shm - POSIX shared memory objects: shm_open and shm_unlink (files
 * in /dev/shm, as glibc makes them), the same on Pagoda as on Linux.
 *
 *   shm_dev_shm            /dev/shm is a directory, mode 1777
 *   shm_create             shm_open(O_CREAT|O_EXCL) makes /dev/shm/NAME, mode 0600
 *   shm_cloexec            its descriptor has FD_CLOEXEC
 *   shm_excl_eexist        O_CREAT|O_EXCL of an existing name: EEXIST
 *   shm_missing_enoent     opening a name that does not exist: ENOENT
 *   shm_name_einval        "", "/", "//", "a/b", "/a/": EINVAL
 *   shm_name_dot_einval    "." and ".." (directories): EINVAL
 *   shm_name_255           a 255-byte name works
 *   shm_name_256           a 256-byte name: ENAMETOOLONG
 *   shm_leading_slashes    "//NAME" and "NAME" are "/NAME"
 *   shm_nofollow_eloop     a symlink in /dev/shm is not followed: ELOOP
 *   shm_two_opens_share    two opens, two MAP_SHARED mappings: one memory
 *   shm_other_process      a child that opens the name itself sees and
 *                          changes the parent's bytes
 *   shm_maps_name          maps names the region /dev/shm/NAME
 *   shm_unlink_ok          shm_unlink removes /dev/shm/NAME
 *   shm_unlink_enoent      ...a second time: ENOENT
 *   shm_unlink_bad_name    a name with a '/' inside: ENOENT (glibc's answer)
 *   shm_mapping_outlives   the mapping and descriptor still work after unlink
 */
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PAGE 4096

static char name[64];     /* "/t_shm.PID": a fresh name per run */

/* The errno of shm_open(n, flags), or 0 if it succeeded (then closed). */
static int open_errno(const char *n, int flags)
{
    errno = 0;
    int fd = shm_open(n, flags, 0600);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    return errno;
}

/* Same for shm_unlink. */
static int unlink_errno(const char *n)
{
    errno = 0;
    return shm_unlink(n) == 0 ? 0 : errno;
}

/* Does /proc/self/maps have a line ending in `path`? */
static int maps_names(const char *path)
{
    static char buf[16384];
    int fd = open("/proc/self/maps", O_RDONLY), n = 0, r;
    while (fd >= 0 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
        n += r;
    if (fd >= 0)
        close(fd);
    buf[n] = '\0';
    char want[128];
    snprintf(want, sizeof(want), " %s\n", path);
    return strstr(buf, want) != NULL;
}

static void check_names(void)
{
    const char *bad[] = { "", "/", "//", "a/b", "/a/" };
    int ok = 1;
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int e = open_errno(bad[i], O_RDWR | O_CREAT);
        if (e != EINVAL) {
            fail("shm_name_einval", "\"%s\": %s", bad[i], strerror(e));
            ok = 0;
        }
    }
    if (ok)
        pass("shm_name_einval");
    int dot = open_errno(".", O_RDWR | O_CREAT), dotdot = open_errno("/..", O_RDWR);
    CHECK("shm_name_dot_einval", dot == EINVAL && dotdot == EINVAL,
          "\".\": %s, \"/..\": %s", strerror(dot), strerror(dotdot));

    char n255[258], n256[258];
    n255[0] = n256[0] = '/';
    memset(n255 + 1, 'x', 255);
    n255[256] = '\0';
    memset(n256 + 1, 'y', 256);
    n256[257] = '\0';
    int e255 = open_errno(n255, O_RDWR | O_CREAT | O_EXCL);
    int gone = unlink_errno(n255);
    CHECK("shm_name_255", e255 == 0 && gone == 0, "open: %s, unlink: %s",
          strerror(e255), strerror(gone));
    int e256 = open_errno(n256, O_RDWR | O_CREAT);
    CHECK("shm_name_256", e256 == ENAMETOOLONG, "%s", strerror(e256));
}

/* Two descriptors of one object, mapped separately, are one memory; a
 * child that opens the name on its own shares it too. */
static void check_sharing(void)
{
    int a = shm_open(name, O_RDWR, 0), b = shm_open(name + 1, O_RDONLY, 0);
    char slashes[80];
    snprintf(slashes, sizeof(slashes), "/%s", name);
    int c = shm_open(slashes, O_RDONLY, 0);
    struct stat sa, sb, sc;
    CHECK("shm_leading_slashes", a >= 0 && b >= 0 && c >= 0 && fstat(a, &sa) == 0 &&
          fstat(b, &sb) == 0 && fstat(c, &sc) == 0 && sa.st_ino == sb.st_ino &&
          sb.st_ino == sc.st_ino, "fds %d %d %d", a, b, c);
    if (a < 0 || b < 0 || ftruncate(a, 2 * PAGE) < 0) {
        fail("shm_two_opens_share", "open/ftruncate: %s", strerror(errno));
        return;
    }
    char *wa = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, a, 0);
    char *rb = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, b, 0);
    if (wa == MAP_FAILED || rb == MAP_FAILED) {
        fail("shm_two_opens_share", "mmap: %s", strerror(errno));
        return;
    }
    strcpy(wa + PAGE, "written through a");
    CHECK("shm_two_opens_share", wa != rb && strcmp(rb + PAGE, "written through a") == 0,
          "b's mapping holds \"%.20s\"", rb + PAGE);

    pid_t pid = fork();
    if (pid == 0) {                          /* open and map by name alone */
        int fd = shm_open(name, O_RDWR, 0);
        char *p = fd < 0 ? MAP_FAILED :
                  mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED || strcmp(p + PAGE, "written through a") != 0)
            _exit(1);
        strcpy(p, "from the child");
        _exit(0);
    }
    int st;
    wait_for(pid, &st);
    CHECK("shm_other_process", exited_with(st, 0) && strcmp(wa, "from the child") == 0,
          "child %s, parent reads \"%.20s\"", wstr(st), wa);

    char path[80];
    snprintf(path, sizeof(path), "/dev/shm%s", name);
    CHECK("shm_maps_name", maps_names(path), "no line naming %s", path);

    CHECK("shm_unlink_ok", shm_unlink(name) == 0 && access(path, F_OK) < 0 &&
          errno == ENOENT, "%s", strerror(errno));
    int again = unlink_errno(name), bad = unlink_errno("a/b");
    CHECK("shm_unlink_enoent", again == ENOENT, "%s", strerror(again));
    CHECK("shm_unlink_bad_name", bad == ENOENT, "%s", strerror(bad));
    wa[10] = 'X';
    struct stat s;
    CHECK("shm_mapping_outlives", rb[10] == 'X' && fstat(a, &s) == 0 &&
          s.st_size == 2 * PAGE && s.st_nlink == 0,
          "byte '%c', size %lld, nlink %d", rb[10], (long long)s.st_size,
          (int)s.st_nlink);
    munmap(wa, 2 * PAGE);
    munmap(rb, 2 * PAGE);
    close(a);
    close(b);
    close(c);
}

int main(void)
{
    struct stat st;
    CHECK("shm_dev_shm", stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
          (st.st_mode & 07777) == 01777, "mode %o", (unsigned)st.st_mode);

    snprintf(name, sizeof(name), "/t_shm.%d", (int)getpid());
    char path[80];
    snprintf(path, sizeof(path), "/dev/shm%s", name);
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK("shm_create", fd >= 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
          (st.st_mode & 0777) == 0600 && st.st_size == 0,
          "fd %d (%s), mode %o", fd, strerror(errno), (unsigned)st.st_mode);
    CHECK("shm_cloexec", fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
          "F_GETFD %d", fcntl(fd, F_GETFD));
    int e = open_errno(name, O_RDWR | O_CREAT | O_EXCL);
    CHECK("shm_excl_eexist", e == EEXIST, "%s", strerror(e));
    e = open_errno("/t_shm.does-not-exist", O_RDWR);
    CHECK("shm_missing_enoent", e == ENOENT, "%s", strerror(e));
    check_names();

    char link[80];
    snprintf(link, sizeof(link), "/dev/shm/t_shm.link.%d", (int)getpid());
    symlink(path, link);
    e = open_errno(link + 8, O_RDWR);
    unlink(link);
    CHECK("shm_nofollow_eloop", e == ELOOP, "%s", strerror(e));
    if (fd >= 0)
        close(fd);
    check_sharing();
    shm_unlink(name);
    return finish();
}
