/*
 * tests/user/t_pgrp.c - process groups and sessions: setpgid's and
 * setsid's rules, fork's inheritance, kill of a group, and a session
 * without a terminal (TIOCGPGRP ENOTTY, /dev/tty ENXIO).  Everything
 * runs in a child that first makes its own session, so the checks hold
 * the same natively and on Pagoda, whatever started the test.
 */
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* In a fresh session: every check. */
static void in_session(void)
{
    pid_t me = getpid();
    CHECK("setsid_ids", getsid(0) == me && getpgrp() == me && getpgid(0) == me,
          "sid %d pgrp %d, pid %d", getsid(0), getpgrp(), me);
    errno = 0;
    CHECK("setsid_leader_eperm", setsid() == -1 && errno == EPERM, "errno %d", errno);
    CHECK("setpgid_leader_eperm", setpgid(0, 0) == -1 && errno == EPERM, "errno %d", errno);
    int pg;
    errno = 0;
    CHECK("tiocgpgrp_no_ctty", ioctl(1, TIOCGPGRP, &pg) == -1 && errno == ENOTTY,
          "errno %d", errno);
    errno = 0;
    CHECK("dev_tty_enxio", open("/dev/tty", O_RDWR) == -1 && errno == ENXIO,
          "errno %d", errno);

    int p[2];
    if (pipe(p) < 0) { fail("pipe", "errno %d", errno); return; }
    pid_t c = fork();
    if (c == 0) {
        char b;
        close(p[1]);
        int ok = getsid(0) == me;     /* the parent may move our group */
        read(p[0], &b, 1);             /* wait for the parent's checks */
        _exit(ok ? 0 : 1);
    }
    close(p[0]);
    int inherited = getpgid(c) == me;
    errno = 0;
    CHECK("setpgid_bad_esrch", setpgid(1, 0) == -1 && errno == ESRCH, "errno %d", errno);
    CHECK("setpgid_no_group_eperm", setpgid(c, 1) == -1 && errno == EPERM, "errno %d", errno);
    CHECK("setpgid_child", setpgid(c, c) == 0 && getpgid(c) == c && getsid(c) == me,
          "pgid %d sid %d", getpgid(c), getsid(c));
    CHECK("setpgid_back", setpgid(c, me) == 0 && getpgid(c) == me, "pgid %d", getpgid(c));
    CHECK("setpgid_neg_einval", setpgid(c, -1) == -1 && errno == EINVAL, "errno %d", errno);
    setpgid(c, c);
    CHECK("kill_group", kill(-c, 0) == 0, "errno %d", errno);
    write(p[1], "x", 1);
    int st;
    waitpid(c, &st, 0);
    CHECK("fork_inherits", inherited && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "pgid inherited %d, status %#x", inherited, st);
    errno = 0;
    CHECK("kill_empty_group_esrch", kill(-c, 0) == -1 && errno == ESRCH, "errno %d", errno);
    CHECK("getsid_esrch", getsid(c) == -1 && errno == ESRCH, "errno %d", errno);
}

int main(void)
{
    pid_t c = fork();
    if (c == 0) {
        if (setsid() < 0) { fail("setsid", "errno %d", errno); _exit(1); }
        in_session();
        _exit(finish());
    }
    int st;
    waitpid(c, &st, 0);
    CHECK("child_done", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
    return finish();
}
