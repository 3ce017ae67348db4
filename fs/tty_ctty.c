/*
 * fs/tty_ctty.c - the console as a controlling terminal: which session
 * owns it, which process group is in the foreground, and the job
 * control rules of Linux's drivers/tty/tty_jobctrl.c (credentials(7),
 * termios(3) "The controlling terminal").
 *
 * A session leader without a terminal acquires the console with
 * TIOCSCTTY.  Opening /dev/console does not make it the controlling
 * terminal (Linux's tty_open treats 5:1 as O_NOCTTY); /dev/tty opens it
 * for a process that has it.  Only the foreground group may read; a
 * background reader gets SIGTTIN, a background writer SIGTTOU when
 * TOSTOP is set, or EIO if it ignores the signal (reads) or its group
 * is orphaned.  A process has the console as its terminal when its
 * `ctty` flag is set (inherited by fork, cleared by setsid).
 */
#include "fs/tty.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"
#include "proc/pgrp.h"
#include "proc/proc.h"
#include "proc/signal.h"

static struct {
    int session;                 /* the owning session; 0: none */
    int pgrp;                    /* the foreground process group */
} ctty;

int tty_foreground_pgrp(void) { return ctty.session ? ctty.pgrp : 0; }
int tty_session(void) { return ctty.session; }

/* Is the console current's controlling terminal? */
static int is_mine(void)
{
    return current->ctty && ctty.session && current->sid == ctty.session;
}

/* With no session owning the console (init and the shells it starts
 * never took it), Pagoda keeps its old behaviour: every process but
 * init gets the signal, so ^C still works without job control.  Linux
 * would send nothing. */
void tty_signal_foreground(int sig)
{
    if (ctty.session) {
        if (ctty.pgrp > 0)
            pgrp_signal(ctty.pgrp, sig);
        return;
    }
    for (int i = 0; i < NPROC; i++)
        if (proc_table[i].state != PROC_UNUSED && proc_table[i].pid > 1)
            signal_send(&proc_table[i], sig);
}

/* A caller outside the foreground group asks to act: Linux's
 * __tty_check_change.  Blocked or ignored, the act is allowed; an
 * orphaned group gets EIO; otherwise the group gets sig. */
static long check_change(int sig)
{
    if (!is_mine() || ctty.pgrp <= 0 || current->pgid == ctty.pgrp)
        return 0;
    if (signal_ignored_or_blocked(current, sig))
        return 0;
    if (pgrp_is_orphaned(current->pgid))
        return -EIO;
    pgrp_signal(current->pgid, sig);
    return -EINTR;
}

long tty_check_write(void)
{
    return check_change(SIGTTOU);
}

/* Reading is different: a blocked or ignored SIGTTIN makes it EIO
 * (Linux's tty_check_change with SIGTTIN, n_tty_read's job_control). */
long tty_check_read(void)
{
    if (!is_mine() || ctty.pgrp <= 0 || current->pgid == ctty.pgrp)
        return 0;
    if (signal_ignored_or_blocked(current, SIGTTIN) ||
        pgrp_is_orphaned(current->pgid))
        return -EIO;
    pgrp_signal(current->pgid, SIGTTIN);
    return -EINTR;
}

int tty_open_ctty(void)
{
    return is_mine() ? 0 : -ENXIO;
}

/* Every process of the session loses the terminal. */
static void release(void)
{
    for (int i = 0; i < NPROC; i++)
        if (proc_table[i].sid == ctty.session)
            proc_table[i].ctty = 0;
    ctty.session = ctty.pgrp = 0;
}

void tty_session_hangup(int sid)
{
    if (!ctty.session || ctty.session != sid)
        return;
    int fg = ctty.pgrp;
    release();
    if (fg > 0) {
        pgrp_signal(fg, SIGHUP);
        pgrp_signal(fg, SIGCONT);
    }
}

/* TIOCSCTTY: a session leader without a terminal takes the console; if
 * another session has it, only with arg 1 (root steals it). */
static long set_ctty(unsigned long arg)
{
    if (current->pid == current->sid && ctty.session == current->sid)
        return 0;
    if (current->pid != current->sid || current->ctty)
        return -EPERM;
    if (ctty.session) {
        if (arg != 1)
            return -EPERM;
        release();
    }
    ctty.session = current->sid;
    ctty.pgrp = current->pgid;
    current->ctty = 1;
    return 0;
}

/* TIOCNOTTY: the session leader hangs the terminal up for its whole
 * session (SIGHUP and SIGCONT to the foreground group); anyone else
 * just stops having it. */
static long give_up_ctty(void)
{
    if (!is_mine())
        return -ENOTTY;
    if (current->pid == current->sid)
        tty_session_hangup(current->sid);
    else
        current->ctty = 0;
    return 0;
}

/* TIOCSPGRP: Linux's tiocspgrp, checks in its order. */
static long set_pgrp(void *uarg)
{
    long err = check_change(SIGTTOU);
    if (err == -EIO)
        return -ENOTTY;
    if (err)
        return err;
    int pgrp;
    if (copy_from_user(&pgrp, uarg, sizeof pgrp) < 0)
        return -EFAULT;
    if (pgrp < 0)
        return -EINVAL;
    if (!is_mine())
        return -ENOTTY;
    int in = pgrp_in_session(pgrp, current->sid);
    if (in < 0)
        return -ESRCH;
    if (in == 0)
        return -EPERM;
    ctty.pgrp = pgrp;
    return 0;
}

long tty_ctty_ioctl(uint32_t cmd, unsigned long arg, int *handled)
{
    void *uarg = (void *)arg;
    int v;
    *handled = 1;
    switch (cmd) {
    case TIOCSCTTY:
        return set_ctty(arg);
    case TIOCNOTTY:
        return give_up_ctty();
    case TIOCGPGRP:
        if (!is_mine())
            return -ENOTTY;
        v = ctty.pgrp;
        return copy_to_user(uarg, &v, sizeof v);
    case TIOCSPGRP:
        return set_pgrp(uarg);
    case TIOCGSID:
        if (!is_mine())
            return -ENOTTY;
        v = ctty.session;
        return copy_to_user(uarg, &v, sizeof v);
    }
    *handled = 0;
    return -ENOTTY;
}
