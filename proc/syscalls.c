/*
 * proc/syscalls.c - the process system calls, and the table listing
 * every call proc/ implements.
 */
#include "kernel/version.h"
#include "proc/pgrp.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/tsc.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define PATH_MAX   4096
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define RLIMIT_STACK 3
#define RLIMIT_MEMLOCK 8
#define MLOCK_LIMIT (8u << 20)          /* Linux's default: 8 MiB */


static long sys_getpid(void) { return current->pid; }
static long sys_gettid(void) { return current->pid; }
static long sys_getppid(void) { return current->parent ? current->parent->pid : 0; }
static long sys_sched_yield(void) { yield(); return 0; }

/* Pagoda has one user, root: every id is 0. */
static long sys_getuid32(void) { return 0; }
static long sys_getgid32(void) { return 0; }
static long sys_geteuid32(void) { return 0; }
static long sys_getegid32(void) { return 0; }
static long sys_getuid(void) { return 0; }
static long sys_getgid(void) { return 0; }
static long sys_geteuid(void) { return 0; }
static long sys_getegid(void) { return 0; }

/* A kernel copy of argv or envp while it is read: the strings back to
 * back, and where each one starts.  Both arrays grow as needed. */
struct arg_copy {
    char *strings;
    uint32_t bytes, cap;
    uint32_t *offsets;
    uint32_t n, ncap;
};

/* Replace *block (used bytes kept) by one of `cap` bytes. */
static int grow_block(void **block, uint32_t used, uint32_t cap)
{
    void *b = kmalloc(cap);
    if (!b)
        return -ENOMEM;
    if (used)
        memcpy(b, *block, used);
    kfree(*block);
    *block = b;
    return 0;
}

/* Room for `need` more bytes of strings and one more offset. */
static int arg_copy_reserve(struct arg_copy *c, uint32_t need)
{
    if (c->bytes + need > c->cap) {
        uint32_t cap = c->cap ? c->cap : 1024;
        while (cap < c->bytes + need)
            cap *= 2;
        if (grow_block((void **)&c->strings, c->bytes, cap) < 0)
            return -ENOMEM;
        c->cap = cap;
    }
    if (c->n + 1 > c->ncap) {
        uint32_t ncap = c->ncap ? c->ncap * 2 : 64;
        if (grow_block((void **)&c->offsets, c->n * sizeof(uint32_t),
                       ncap * sizeof(uint32_t)) < 0)
            return -ENOMEM;
        c->ncap = ncap;
    }
    return 0;
}

/* Append the user string ustr, paying for it (and its NUL) out of
 * *budget.  Its length is not known in advance: try with a small room
 * and double it until the NUL fits, up to MAX_ARG_STRLEN or the budget
 * (then -E2BIG).  Returns 0, -E2BIG, -EFAULT or -ENOMEM. */
static long copy_one_string(struct arg_copy *c, const char *ustr, uint32_t *budget)
{
    for (uint32_t room = 256;; room *= 2) {
        uint32_t max = room;
        if (max > MAX_ARG_STRLEN)
            max = MAX_ARG_STRLEN;
        if (max > *budget)
            max = *budget;
        if (arg_copy_reserve(c, max) < 0)
            return -ENOMEM;
        long len = strncpy_from_user(c->strings + c->bytes, ustr, max);
        if (len >= 0) {
            c->offsets[c->n] = c->bytes;
            c->bytes += len + 1;
            *budget -= len + 1;
            return 0;
        }
        if (len != -ENAMETOOLONG)
            return len;
        if (max == MAX_ARG_STRLEN || max == *budget)
            return -E2BIG;
    }
}

/* Copy a NULL-terminated array of user strings into one kernel block:
 * the pointer array, then the strings.  Each string and its pointer are
 * paid for out of *budget, which argv and envp share (EXEC_ARGS_LIMIT,
 * as Linux). */
static long copy_string_array(char *const *uv, char ***out, uint32_t *budget)
{
    struct arg_copy c = { 0 };
    long err = 0;
    for (; uv && !err; c.n++) {
        char *ustr;
        if (copy_from_user(&ustr, &uv[c.n], sizeof(ustr)) < 0)
            err = -EFAULT;
        else if (!ustr)
            break;
        else if (*budget < sizeof(char *))
            err = -E2BIG;
        else {
            *budget -= sizeof(char *);
            err = copy_one_string(&c, ustr, budget);
        }
    }
    char **v = err ? NULL : kmalloc((c.n + 1) * sizeof(char *) + c.bytes);
    if (!err && !v)
        err = -ENOMEM;
    if (!err) {
        char *strings = (char *)(v + c.n + 1);
        if (c.bytes)
            memcpy(strings, c.strings, c.bytes);
        for (uint32_t i = 0; i < c.n; i++)
            v[i] = strings + c.offsets[i];
        v[c.n] = NULL;
    }
    kfree(c.strings);
    kfree(c.offsets);
    *out = v;
    return err;
}

static long sys_execve(const char *upath, char *const *uargv, char *const *uenvp)
{
    char **argv = NULL, **envp = NULL;
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return -ENOMEM;
    long err = strncpy_from_user(path, upath, PATH_MAX);
    uint32_t budget = EXEC_ARGS_LIMIT;
    if (err >= 0 && (err = copy_string_array(uargv, &argv, &budget)) == 0 &&
        (err = copy_string_array(uenvp, &envp, &budget)) == 0)
        err = do_execve(path, argv, envp);
    kfree(path);
    kfree(argv);
    kfree(envp);
    return err;
}

struct new_utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

static long sys_uname(struct new_utsname *ubuf)
{
    struct new_utsname u;
    memset(&u, 0, sizeof(u));
    strlcpy(u.sysname, UTS_SYSNAME, sizeof(u.sysname));  /* what programs test for */
    strlcpy(u.nodename, UTS_NODENAME, sizeof(u.nodename));
    strlcpy(u.release, UTS_RELEASE, sizeof(u.release));
    strlcpy(u.version, UTS_VERSION, sizeof(u.version));
    strlcpy(u.machine, UTS_MACHINE, sizeof(u.machine));
    strlcpy(u.domainname, "(none)", sizeof(u.domainname));
    return copy_to_user(ubuf, &u, sizeof(u));
}

struct sysinfo32 {
    int32_t uptime;
    uint32_t loads[3];
    uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t totalhigh, freehigh, mem_unit;
    char reserved[8];
};

static long sys_sysinfo(struct sysinfo32 *uinfo)
{
    struct sysinfo32 si;
    memset(&si, 0, sizeof(si));
    uint64_t up = ktime_get_ns();          /* seconds, rounded up as Linux's */
    si.uptime = (int32_t)((up + NSEC_PER_SEC - 1) / NSEC_PER_SEC);
    si.totalram = frames_total() * PAGE_SIZE;
    si.freeram = frames_free() * PAGE_SIZE;
    for (int i = 0; i < NPROC; i++)
        si.procs += proc_table[i].state != PROC_UNUSED;
    si.mem_unit = 1;
    return copy_to_user(uinfo, &si, sizeof(si));
}

static long sys_prctl(int option, uint32_t arg2)
{
    char name[PROC_NAME_MAX];
    if (option == PR_SET_NAME) {
        long n = strncpy_from_user(name, (const char *)arg2, sizeof(name));
        if (n == -EFAULT)
            return -EFAULT;
        name[sizeof(name) - 1] = '\0';
        memcpy(current->name, name, sizeof(name));
        return 0;
    }
    if (option == PR_GET_NAME)
        return copy_to_user((void *)arg2, current->name, sizeof(current->name));
    return -EINVAL;
}

/* personality(persona): set the execution domain and its flags, return
 * the old value; 0xffffffff only asks (kernel/exec_domain.c).  Linux
 * takes any value; ADDR_NO_RANDOMIZE is the flag Pagoda acts on (at the
 * next exec: see proc/aslr.c).  fork copies it and exec keeps it. */
static long sys_personality(uint32_t persona)
{
    uint32_t old = current->personality;
    if (persona != 0xffffffffu)
        current->personality = persona;
    return (long)old;
}

static long sys_set_tid_address(uint32_t tidptr)
{
    current->clear_child_tid = tidptr;
    return current->pid;
}

const struct syscall_entry proc_syscalls[] = {
    SYSCALL(exit, "d"),
    SYSCALL(exit_group, "d"),
    SYSCALL(fork, ""),
    SYSCALL(vfork, ""),
    SYSCALL(clone, "xxxxx"),
    SYSCALL(execve, "spp"),
    SYSCALL(wait4, "dpxp"),
    SYSCALL(waitpid, "dpx"),
    SYSCALL(waitid, "ddpxp"),
    SYSCALL(sigaltstack, "pp"),
    SYSCALL(rt_sigtimedwait, "pppu"),
    SYSCALL(rt_sigqueueinfo, "ddp"),
    SYSCALL(kill, "dd"),
    SYSCALL(tkill, "dd"),
    SYSCALL(tgkill, "ddd"),
    SYSCALL(getpid, ""),
    SYSCALL(gettid, ""),
    SYSCALL(getppid, ""),
    SYSCALL(getuid32, ""),
    SYSCALL(getgid32, ""),
    SYSCALL(geteuid32, ""),
    SYSCALL(getegid32, ""),
    SYSCALL(getuid, ""),
    SYSCALL(getgid, ""),
    SYSCALL(geteuid, ""),
    SYSCALL(getegid, ""),
    SYSCALL(setpgid, "dd"),
    SYSCALL(getpgid, "d"),
    SYSCALL(getpgrp, ""),
    SYSCALL(setsid, ""),
    SYSCALL(getsid, "d"),
    SYSCALL(sched_yield, ""),
    SYSCALL(uname, "p"),
    SYSCALL(sysinfo, "p"),
    SYSCALL(prctl, "dx"),
    SYSCALL(ugetrlimit, "dp"),
    SYSCALL(getrlimit, "dp"),
    SYSCALL(setrlimit, "dp"),
    SYSCALL(prlimit64, "ddpp"),
    SYSCALL(personality, "x"),
    SYSCALL(set_tid_address, "p"),
    SYSCALL(futex, "pdupxx"),
    SYSCALL(rt_sigaction, "dppu"),
    SYSCALL(rt_sigprocmask, "dppu"),
    SYSCALL(rt_sigsuspend, "pu"),
    SYSCALL(rt_sigpending, "pu"),
    SYSCALL(pause, ""),
    SYSCALL(alarm, "u"),
    SYSCALL(setitimer, "dpp"),
    SYSCALL(getitimer, "dp"),
    SYSCALL(timer_create, "dpp"),
    SYSCALL(timer_settime, "ddpp"),
    SYSCALL(timer_gettime, "dp"),
    SYSCALL(timer_getoverrun, "d"),
    SYSCALL(timer_delete, "d"),
    SYSCALL(sigreturn, ""),
    SYSCALL(rt_sigreturn, ""),
    SYSCALL(set_thread_area, "p"),
    SYSCALL(get_thread_area, "p"),
    SYSCALL(clock_gettime, "dp"),
    SYSCALL(clock_getres, "dp"),
    SYSCALL(clock_settime, "dp"),
    SYSCALL(settimeofday, "pp"),
    SYSCALL(stime, "p"),
    SYSCALL(clock_nanosleep, "ddpp"),
    SYSCALL(nanosleep, "pp"),
    SYSCALL(gettimeofday, "pp"),
    SYSCALL(time, "p"),
    SYSCALL(times, "p"),
    SYSCALL(getrusage, "dp"),
    { 0, 0, 0, 0 },
};
