/*
 * t_fdinherit - file descriptors across fork and exec, dup and fcntl.
 *
 * Checks:
 *   fork_shares_offset  a file opened before fork has ONE offset: the child
 *                       writes 10 bytes, the parent's offset moves to 10
 *   fork_parent_appends the parent's next write lands after the child's
 *   dup_lowest          dup() returns the lowest free descriptor
 *   dup2_target         dup2(fd, 20) gives 20, without FD_CLOEXEC
 *   dup2_same           dup2(fd, fd) returns fd and changes nothing
 *   dup2_replaces       dup2 onto an open fd closes the old file silently
 *   dup3_cloexec        dup3(fd, 21, O_CLOEXEC) sets FD_CLOEXEC
 *   dup3_same_einval    dup3(fd, fd, 0) is EINVAL
 *   dup_ebadf           dup of a closed fd is EBADF
 *   fcntl_setfd         F_SETFD FD_CLOEXEC / F_GETFD round trip
 *   fcntl_dupfd         F_DUPFD 30 gives the lowest free fd >= 30, no cloexec;
 *                       F_DUPFD_CLOEXEC sets the flag
 *   fcntl_getfl         F_GETFL reports O_RDWR for an O_RDWR file
 *   exec_keeps_plain    (in the exec'd child) fds without FD_CLOEXEC are open,
 *                       share the offset, and read the expected bytes
 *   exec_closes_cloexec (in the exec'd child) O_CLOEXEC, F_SETFD and dup3'd
 *                       cloexec fds are closed: EBADF
 *   exec_child_status   the exec'd child exited 0
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <fcntl.h>
#include <stdlib.h>

static char path[64];

static off_t where(int fd) { return lseek(fd, 0, SEEK_CUR); }
static int fdflags(int fd) { return fcntl(fd, F_GETFD); }

/* Is fd closed (fcntl says EBADF)? */
static int is_closed(int fd)
{
    errno = 0;
    return fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

/* The exec'd half: argv = self --child PLAIN CLOEXEC1 CLOEXEC2 CLOEXEC3 DUPED */
static int child(char **argv)
{
    int plain = atoi(argv[2]), c1 = atoi(argv[3]), c2 = atoi(argv[4]);
    int c3 = atoi(argv[5]), duped = atoi(argv[6]);
    /* plain and duped share one offset, which the parent left at 5; the
     * file holds "0123456789ABCDE". */
    char buf[8] = "";
    int ok = !is_closed(plain) && !is_closed(duped) && where(plain) == 5 &&
             read(plain, buf, 3) == 3 && memcmp(buf, "567", 3) == 0 && where(duped) == 8;
    CHECK("exec_keeps_plain", ok, "plain %d duped %d: open %d/%d, offset %ld, read \"%s\"",
          plain, duped, !is_closed(plain), !is_closed(duped), (long)where(plain), buf);
    CHECK("exec_closes_cloexec", is_closed(c1) && is_closed(c2) && is_closed(c3),
          "cloexec fds %d %d %d: closed %d %d %d", c1, c2, c3, is_closed(c1),
          is_closed(c2), is_closed(c3));
    return finish();
}

static void check_fork_offset(int fd)
{
    pid_t pid = fork();
    if (pid == 0) {
        write(fd, "0123456789", 10);
        _exit(0);
    }
    int st;
    wait_for(pid, &st);
    off_t off = where(fd);
    CHECK("fork_shares_offset", off == 10, "parent's offset is %ld after the child wrote 10",
          (long)off);
    write(fd, "ABCDE", 5);
    char buf[32] = "";
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    CHECK("fork_parent_appends", n == 15 && memcmp(buf, "0123456789ABCDE", 15) == 0,
          "file holds %d bytes \"%s\"", (int)n, buf);
}

static void check_dups(int fd)
{
    /* The lowest free descriptor: close one below fd and dup into it. */
    int low = dup(fd);                    /* some fd */
    int low2 = dup(fd);                   /* the next one */
    close(low);
    int again = dup(fd);
    CHECK("dup_lowest", again == low, "closed %d, dup gave %d", low, again);
    close(again);
    close(low2);

    int d20 = dup2(fd, 20);
    CHECK("dup2_target", d20 == 20 && fdflags(20) == 0, "dup2 gave %d, flags %d",
          d20, fdflags(20));
    CHECK("dup2_same", dup2(20, 20) == 20 && fdflags(20) == 0, "dup2(20, 20) failed");

    int other = open(path, O_RDONLY);     /* another open file (offset 0) at 22 */
    dup2(other, 22);
    close(other);
    int r = dup2(fd, 22);                 /* replaces it silently */
    CHECK("dup2_replaces", r == 22 && where(22) == where(fd),
          "dup2 over an open fd gave %d", r);

    int d21 = dup3(fd, 21, O_CLOEXEC);
    CHECK("dup3_cloexec", d21 == 21 && fdflags(21) == FD_CLOEXEC,
          "dup3 gave %d, flags %d", d21, fdflags(21));
    errno = 0;
    r = dup3(fd, fd, 0);
    CHECK("dup3_same_einval", r == -1 && errno == EINVAL, "dup3(fd, fd) gave %d (%s)",
          r, strerror(errno));
    errno = 0;
    r = dup(45);
    CHECK("dup_ebadf", r == -1 && errno == EBADF, "dup(closed) gave %d (%s)", r,
          strerror(errno));
    close(20); close(21); close(22);

    int f = dup(fd);
    int ok = fdflags(f) == 0 && fcntl(f, F_SETFD, FD_CLOEXEC) == 0 &&
             fdflags(f) == FD_CLOEXEC && fcntl(f, F_SETFD, 0) == 0 && fdflags(f) == 0;
    CHECK("fcntl_setfd", ok, "F_SETFD/F_GETFD round trip failed");
    close(f);

    int d30 = fcntl(fd, F_DUPFD, 30);
    int d31 = fcntl(fd, F_DUPFD, 30);     /* 30 is taken now: 31 */
    int dc = fcntl(fd, F_DUPFD_CLOEXEC, 30);
    CHECK("fcntl_dupfd", d30 == 30 && d31 == 31 && fdflags(30) == 0 && dc == 32 &&
          fdflags(dc) == FD_CLOEXEC, "F_DUPFD gave %d, %d; F_DUPFD_CLOEXEC %d flags %d",
          d30, d31, dc, fdflags(dc));
    close(d30); close(d31); close(dc);

    int fl = fcntl(fd, F_GETFL);
    CHECK("fcntl_getfl", fl >= 0 && (fl & O_ACCMODE) == O_RDWR, "F_GETFL gave %#x", fl);
}

int main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "--child") == 0)
        return child(argv);

    snprintf(path, sizeof(path), "/tmp/t_fdinherit.%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fail("open", "%s: %s", path, strerror(errno));
        return finish();
    }
    check_fork_offset(fd);
    check_dups(fd);

    /* Descriptors for the exec'd child: three with FD_CLOEXEC set three
     * ways, and two plain ones sharing fd's offset, which we leave at 5. */
    lseek(fd, 5, SEEK_SET);
    int c1 = open(path, O_RDONLY | O_CLOEXEC);
    int c2 = open(path, O_RDONLY);
    fcntl(c2, F_SETFD, FD_CLOEXEC);
    int c3 = dup3(fd, 40, O_CLOEXEC);
    int duped = dup(c3);                  /* dup clears FD_CLOEXEC */
    char a[5][12];
    int nums[5] = { fd, c1, c2, c3, duped };
    for (int i = 0; i < 5; i++)
        snprintf(a[i], sizeof(a[i]), "%d", nums[i]);
    char *cargv[] = { argv[0], "--child", a[0], a[1], a[2], a[3], a[4], NULL };
    pid_t pid = fork();
    if (pid == 0) {
        execve(argv[0], cargv, (char *[]){ NULL });
        say("FAIL exec_child_status: execve(%s): %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int st = -1;
    wait_for(pid, &st);
    CHECK("exec_child_status", exited_with(st, 0), "child %s", wstr(st));
    unlink(path);
    reap_all();
    return finish();
}
