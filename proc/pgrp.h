/*
 * proc/pgrp.h - process groups and sessions (Linux's setpgid(2),
 * setsid(2), credentials(7) "Sessions and process groups").
 *
 * Every process has a group id (pgid) and a session id (sid), both
 * inherited by fork.  A group's id is its leader's pid, a session's the
 * pid of the process that called setsid.  The kernel starts init in
 * group 0 and session 0, as Linux does (measured: /proc/1/stat says
 * pgrp 0, session 0 when init has not called setsid).
 */
#ifndef PROC_PGRP_H
#define PROC_PGRP_H

struct proc;

long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(int pid);

/* POSIX's orphaned process group: no member has a parent in another
 * group of the same session (init's children do not count), so no
 * shell is left to continue it.  An empty group is orphaned. */
int pgrp_is_orphaned(int pgid);
/* Send sig to every live member of group pgid; returns how many. */
int pgrp_signal(int pgid, int sig);
/* Does a live process in group pgid belong to session sid?  -1: no
 * such group; 0: it is in another session; 1: yes. */
int pgrp_in_session(int pgid, int sid);
/* do_exit calls it before reparenting p's children: a session leader
 * hangs up its terminal, and groups this exit orphans that have stopped
 * members get SIGHUP and SIGCONT. */
void pgrp_exit(struct proc *p);

#endif
