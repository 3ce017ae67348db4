/*
 * kernel/syscall.h - system calls: Linux's i386 numbers and how each
 * folder lists the calls it implements.
 *
 * A program puts the call number in eax and up to six arguments in ebx,
 * ecx, edx, esi, edi, ebp, then executes `int $0x80`.  The result comes
 * back in eax: a value >= 0, or -ERRNO.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

typedef long (*syscall_fn)(long, long, long, long, long, long);

/* One call: its number, name, handler and, for strace=1, how to print
 * each argument: d signed, u unsigned, x hex, p pointer, s user string. */
struct syscall_entry {
    int nr;
    const char *name;
    syscall_fn fn;
    const char *args;
};

/* SYSCALL(read, "dpu") names sys_read with NR_read. */
#define SYSCALL(name, args) \
    { NR_##name, #name, (syscall_fn)(void *)sys_##name, args }

/* Each folder's table, e.g. fs/syscalls.c, ended by an entry with fn 0. */
extern const struct syscall_entry fs_syscalls[];
extern const struct syscall_entry proc_syscalls[];
extern const struct syscall_entry mm_syscalls[];
extern const struct syscall_entry kernel_syscalls[];   /* kernel/random.c */
extern const struct syscall_entry power_syscalls[];    /* kernel/power.c */

struct trapframe;

void syscall_init(void);
/* Run the call the trap frame asks for; its result goes into tf->eax. */
void syscall_dispatch(struct trapframe *tf);

/* Linux i386 system-call numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
#define NR_restart_syscall   0
#define NR_exit              1
#define NR_fork              2
#define NR_read              3
#define NR_write             4
#define NR_open              5
#define NR_close             6
#define NR_waitpid           7
#define NR_creat             8
#define NR_link              9
#define NR_unlink           10
#define NR_execve           11
#define NR_chdir            12
#define NR_time             13
#define NR_getuid           24
#define NR_getgid           47
#define NR_geteuid          49
#define NR_getegid          50
#define NR_lseek            19
#define NR_getpid           20
#define NR_alarm            27
#define NR_settimeofday     79
#define NR_stime            25
#define NR_setitimer       104
#define NR_getitimer       105
#define NR_pause            29
#define NR_access           33
#define NR_sync             36
#define NR_reboot           88
#define NR_kill             37
#define NR_rename           38
#define NR_mkdir            39
#define NR_rmdir            40
#define NR_dup              41
#define NR_pipe             42
#define NR_times            43
#define NR_brk              45
#define NR_signal           48
#define NR_ioctl            54
#define NR_fcntl            55
#define NR_setpgid          57
#define NR_umask            60
#define NR_dup2             63
#define NR_getppid          64
#define NR_getpgrp          65
#define NR_setsid           66
#define NR_sigaction        67
#define NR_setrlimit        75
#define NR_getrlimit        76
#define NR_getrusage        77
#define NR_gettimeofday     78
#define NR_symlink          83
#define NR_readlink         85
#define NR_mmap             90
#define NR_munmap           91
#define NR_truncate         92
#define NR_ftruncate        93
#define NR_stat            106
#define NR_lstat           107
#define NR_fstat           108
#define NR_wait4           114
#define NR_waitid          284
#define NR_sysinfo         116
#define NR_fsync           118
#define NR_sigreturn       119
#define NR_clone           120
#define NR_uname           122
#define NR_mprotect        125
#define NR_sigprocmask     126
#define NR_getpgid         132
#define NR_personality     136
#define NR_llseek          140
#define NR_getdents        141
#define NR_readv           145
#define NR_writev          146
#define NR_getsid          147
#define NR_msync           144
#define NR_mlock           150
#define NR_munlock         151
#define NR_mlockall        152
#define NR_munlockall      153
#define NR_sched_yield     158
#define NR_nanosleep       162
#define NR_mremap          163
#define NR_poll            168
#define NR_select           82
#define NR__newselect      142
#define NR_pselect6        308
#define NR_ppoll           309
#define NR_pselect6_time64 413
#define NR_ppoll_time64    414
#define NR_prctl           172
#define NR_rt_sigreturn    173
#define NR_rt_sigaction    174
#define NR_rt_sigprocmask  175
#define NR_rt_sigpending   176
#define NR_rt_sigtimedwait 177
#define NR_rt_sigqueueinfo 178
#define NR_rt_sigsuspend   179
#define NR_pread64         180
#define NR_pwrite64        181
#define NR_getcwd          183
#define NR_sigaltstack     186
#define NR_vfork           190
#define NR_ugetrlimit      191
#define NR_mmap2           192
#define NR_truncate64      193
#define NR_ftruncate64     194
#define NR_stat64          195
#define NR_lstat64         196
#define NR_fstat64         197
#define NR_getuid32        199
#define NR_getgid32        200
#define NR_geteuid32       201
#define NR_getegid32       202
#define NR_mincore         218
#define NR_getdents64      220
#define NR_fcntl64         221
#define NR_gettid          224
#define NR_madvise         219
#define NR_tkill           238
#define NR_futex           240
#define NR_set_thread_area 243
#define NR_get_thread_area 244
#define NR_exit_group      252
#define NR_set_tid_address 258
#define NR_timer_create    259
#define NR_timer_settime   260
#define NR_timer_gettime   261
#define NR_timer_getoverrun 262
#define NR_timer_delete    263
#define NR_clock_settime   264
#define NR_clock_gettime   265
#define NR_clock_getres    266
#define NR_clock_nanosleep 267
#define NR_tgkill          270
#define NR_openat          295
#define NR_mkdirat         296
#define NR_fstatat64       300
#define NR_unlinkat        301
#define NR_set_robust_list 311
#define NR_timerfd_create  322
#define NR_timerfd_settime 325
#define NR_timerfd_gettime 326
#define NR_dup3            330
#define NR_pipe2           331
#define NR_prlimit64       340
#define NR_getrandom       355
#define NR_mlock2          376
#define NR_statx           383
#define NR_rseq            386
#define NR_clock_gettime64 403
#define NR_clone3          435
#define NR_MAX             450

#endif
