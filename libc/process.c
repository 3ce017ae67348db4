/*
 * libc/process.c - system call wrappers for processes: fork, execve,
 * wait, getrusage, kill, ids, uname, sysinfo, sched_yield.  (vfork is in
 * libc/trap.asm; exit is in libc/exit.c.)
 */
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libc/libc.h"

/* Make a copy of this process.  Returns the child's pid in the parent,
 * 0 in the child. */
pid_t fork(void)
{
    return __sysret(sys0(SYS_fork));
}

/* Replace this program with the one in path.  Returns only on error. */
int execve(const char *path, char *const argv[], char *const envp[])
{
    return __sysret(sys3(SYS_execve, (long)path, (long)argv, (long)envp));
}

/* Wait for a child to change state; the most general form.  pid > 0 is
 * that child, -1 any child, 0 or < -1 a process group. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
    return __sysret(sys4(SYS_wait4, pid, (long)status, options, (long)usage));
}

/* The resources this process (RUSAGE_SELF) or its waited-for children
 * (RUSAGE_CHILDREN) have used. */
int getrusage(int who, struct rusage *usage)
{
    return __sysret(sys2(SYS_getrusage, who, (long)usage));
}

/* Wait for one child (or any, pid -1). */
pid_t waitpid(pid_t pid, int *status, int options)
{
    return wait4(pid, status, options, NULL);
}

/* Wait for any child to end. */
pid_t wait(int *status)
{
    return wait4(-1, status, 0, NULL);
}

/* Send a signal.  sig 0 only checks that the process exists. */
int kill(pid_t pid, int sig)
{
    return __sysret(sys2(SYS_kill, pid, sig));
}

/* Our own process id.  Never fails. */
pid_t getpid(void)
{
    return sys0(SYS_getpid);
}

/* Our parent's id (1 once the parent has died). */
pid_t getppid(void)
{
    return sys0(SYS_getppid);
}

/* Our process group. */
pid_t getpgrp(void)
{
    return sys0(SYS_getpgrp);
}

/* Move a process into a process group. */
int setpgid(pid_t pid, pid_t pgid)
{
    return __sysret(sys2(SYS_setpgid, pid, pgid));
}

/* Start a new session, without a controlling terminal. */
pid_t setsid(void)
{
    return __sysret(sys0(SYS_setsid));
}

/* The process group of pid (0: the caller). */
pid_t getpgid(pid_t pid)
{
    return __sysret(sys1(SYS_getpgid, pid));
}

/* The session of pid (0: the caller). */
pid_t getsid(pid_t pid)
{
    return __sysret(sys1(SYS_getsid, pid));
}

/* Our real user id.  The ids use the 32-bit calls, as glibc does;
 * none of them can fail. */
uid_t getuid(void)
{
    return sys0(SYS_getuid32);
}

/* Our effective user id (the one permission checks use). */
uid_t geteuid(void)
{
    return sys0(SYS_geteuid32);
}

/* Our real group id. */
gid_t getgid(void)
{
    return sys0(SYS_getgid32);
}

/* Our effective group id. */
gid_t getegid(void)
{
    return sys0(SYS_getegid32);
}

/* The system's name, release and machine. */
int uname(struct utsname *u)
{
    return __sysret(sys1(SYS_uname, (long)u));
}

/* Uptime, load and memory totals. */
int sysinfo(struct sysinfo *info)
{
    return __sysret(sys1(SYS_sysinfo, (long)info));
}

/* Let another runnable process have the CPU. */
int sched_yield(void)
{
    return __sysret(sys0(SYS_sched_yield));
}
