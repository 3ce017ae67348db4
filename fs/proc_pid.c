/*
 * fs/proc_pid.c - the files of /proc/PID other than the address-space
 * ones (fs/proc_mem.c): status, stat, statm, cmdline, comm, environ,
 * auxv, the exe/cwd/root links, and Pagoda's vmcounters and pftrace.
 *
 * Layouts are Linux 6.1's (fs/proc/array.c; proc(5)).  Pagoda has no users,
 * capabilities, threads or namespaces, so those lines show what Linux
 * shows for a root process with one thread.  A zombie has no memory:
 * status loses its Umask and Vm lines, stat's memory fields are 0.
 */
#include "fs/fdtable.h"
#include "fs/path.h"
#include "fs/procfs.h"
#include "fs/tty.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "proc/proc.h"

#define KB(pages)   ((pages) * (PAGE_SIZE / 1024))
#define ARGS_MAX    EXEC_ARGS_LIMIT  /* bytes of argv or envp shown: all exec allows */
#define AUXV_MAX    64               /* auxv pairs shown */

/* ---- process state ------------------------------------------------------- */

/* The one-letter state ps shows, and status's longer form. */
static char state_letter(const struct proc *p)
{
    switch (p->state) {
    case PROC_SLEEPING: return 'S';
    case PROC_STOPPED:  return 'T';
    case PROC_ZOMBIE:   return 'Z';
    default:            return 'R';
    }
}

/* status's State line. */
static const char *state_name(const struct proc *p)
{
    switch (p->state) {
    case PROC_SLEEPING: return "S (sleeping)";
    case PROC_STOPPED:  return "T (stopped)";
    case PROC_ZOMBIE:   return "Z (zombie)";
    default:            return "R (running)";
    }
}

/* PPid: 0 for init, which has no parent. */
static int parent_pid(const struct proc *p)
{
    return p->parent ? p->parent->pid : 0;
}

/* Signal masks: bit sig-1 set for each ignored / caught signal. */
static uint64_t sig_mask(const struct proc *p, int caught)
{
    uint64_t mask = 0;
    for (int sig = 1; sig <= NSIG; sig++) {
        uint32_t h = p->sig.action[sig].handler;
        if (caught ? h > SIG_IGN : h == SIG_IGN)
            mask |= 1ull << (sig - 1);
    }
    return mask;
}

/* How many signals are pending (SigQ). */
static int popcount64(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* ---- status ---------------------------------------------------------------- */

/* The memory block: Vm* and Rss* lines, Linux's task_mem(). */
static void status_memory(struct procbuf *pb, struct proc *p)
{
    struct mm *mm = p->mm;
    struct proc_mem_usage u;
    procfs_mem_usage(p, &u);
    uint32_t rss = u.anon + u.file + u.shmem;
    uint32_t text = PAGE_ROUND_UP(mm->end_code) - PAGE_ROUND_DOWN(mm->start_code);
    uint32_t exe_kb = text / 1024;
    if (exe_kb > KB(u.exec))
        exe_kb = KB(u.exec);
    /* The peaks are high-water marks kept as the sizes grow (mm/region.c
     * for the size, mm_rss_add for the resident set), so they are exact;
     * Linux's status also shows the larger of mark and current size. */
    uint32_t peak = mm_hiwater_vm(mm) > u.size ? mm_hiwater_vm(mm) : u.size;
    uint32_t hwm = mm->hiwater_rss > rss ? mm->hiwater_rss : rss;
    procfmt_status_kb(pb, "VmPeak", KB(peak));
    procfmt_status_kb(pb, "VmSize", KB(u.size));
    procfmt_status_kb(pb, "VmLck", KB(mm_locked_pages(mm)));
    procfmt_status_kb(pb, "VmPin", 0);
    procfmt_status_kb(pb, "VmHWM", KB(hwm));
    procfmt_status_kb(pb, "VmRSS", KB(rss));
    procfmt_status_kb(pb, "RssAnon", KB(u.anon));
    procfmt_status_kb(pb, "RssFile", KB(u.file));
    procfmt_status_kb(pb, "RssShmem", KB(u.shmem));
    procfmt_status_kb(pb, "VmData", KB(u.data));
    procfmt_status_kb(pb, "VmStk", KB(u.stack));
    procfmt_status_kb(pb, "VmExe", exe_kb);
    procfmt_status_kb(pb, "VmLib", KB(u.exec) - exe_kb);
    procfmt_status_kb(pb, "VmPTE", KB(u.page_tables));
    procfmt_status_kb(pb, "VmSwap", 0);
    procfmt_status_kb(pb, "HugetlbPages", 0);
    pb_printf(pb, "CoreDumping:\t0\nTHP_enabled:\t0\n");
}

/* Every line of Linux's status, in its order. */
static void show_status(struct procbuf *pb, struct proc *p)
{
    int zombie = p->mm == NULL;
    pb_printf(pb, "Name:\t");
    procfmt_name(pb, p->name);
    pb_putc(pb, '\n');
    if (!zombie)
        pb_printf(pb, "Umask:\t%04o\n", fs_umask);
    pb_printf(pb, "State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
              "TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
              "FDSize:\t%d\nGroups:\t \nNStgid:\t%d\nNSpid:\t%d\n"
              "NSpgid:\t%d\nNSsid:\t%d\n",
              state_name(p), p->pid, p->pid, parent_pid(p),
              p->files ? NOFILE : 0, p->pid, p->pid, p->pgid, p->sid);
    if (!zombie)
        status_memory(pb, p);
    pb_printf(pb, "Threads:\t1\nSigQ:\t%d/%d\n", popcount64(p->sig.pending), NSIG);
    pb_printf(pb, "SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
              "SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
              0ull, (unsigned long long)p->sig.pending,
              (unsigned long long)p->sig.blocked,
              (unsigned long long)sig_mask(p, 0), (unsigned long long)sig_mask(p, 1));
    pb_printf(pb, "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
              "CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
              "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n"
              "Seccomp_filters:\t0\nSpeculation_Store_Bypass:\tvulnerable\n"
              "SpeculationIndirectBranch:\talways enabled\n"
              "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n"
              "Mems_allowed:\t1\nMems_allowed_list:\t0\n");
    pb_printf(pb, "voluntary_ctxt_switches:\t%u\nnonvoluntary_ctxt_switches:\t%u\n",
              p->usage.nvcsw, p->usage.nivcsw);
}

/* ---- stat and statm -------------------------------------------------------- */

/* The 52 fields of stat (do_task_stat in Linux's fs/proc/array.c;
 * proc(5)); memory ones are 0 without mm. */
static void show_stat(struct procbuf *pb, struct proc *p)
{
    struct mm *mm = p->mm;
    struct proc_mem_usage u;
    procfs_mem_usage(p, &u);
    uint32_t low = (uint32_t)p->sig.pending;
    int64_t f[STAT_FIELDS - 3] = { 0 };
#define F(n) f[(n) - 4]
    F(4) = parent_pid(p);
    F(5) = p->pgid;
    F(6) = p->sid;
    if (p->ctty && tty_session() == p->sid) {    /* the console, 5:1 */
        F(7) = (5 << 8) | 1;
        F(8) = tty_foreground_pgrp();
    } else {
        F(8) = -1;                               /* tpgid: no terminal */
    }
    struct proc_usage self;
    cputime_self(p, &self);
    F(10) = self.minflt;
    F(11) = p->cusage.minflt;
    F(12) = self.majflt;
    F(13) = p->cusage.majflt;
    F(14) = ns_to_clock_t(self.utime);
    F(15) = ns_to_clock_t(self.stime);
    F(16) = ns_to_clock_t(p->cusage.utime);
    F(17) = ns_to_clock_t(p->cusage.stime);
    F(18) = 20;                                  /* priority */
    F(20) = 1;                                   /* threads */
    F(22) = ns_to_clock_t(p->start_time);
    F(23) = (int64_t)u.size * PAGE_SIZE;
    F(24) = u.anon + u.file + u.shmem;
    F(25) = 4294967295ll;                        /* rsslim: unlimited */
    if (mm) {
        F(26) = mm->start_code;
        F(27) = mm->end_code;
        F(28) = mm->start_stack;
        F(45) = mm->start_data;
        F(46) = mm->end_data;
        F(47) = mm->start_brk;
        F(48) = mm->arg_start;
        F(49) = mm->arg_end;
        F(50) = mm->env_start;
        F(51) = mm->env_end;
    }
    F(31) = low;
    F(32) = (uint32_t)p->sig.blocked;
    F(33) = (uint32_t)sig_mask(p, 0);
    F(34) = (uint32_t)sig_mask(p, 1);
    F(35) = p->state != PROC_RUNNING && p->state != PROC_RUNNABLE;  /* wchan */
    F(38) = SIGCHLD;                             /* exit_signal */
    F(52) = p->state == PROC_ZOMBIE ? p->wait_status : 0;
#undef F
    procfmt_stat_line(pb, p->pid, p->name, state_letter(p), f);
}

/* statm: size resident shared text lib data dt, in pages. */
static void show_statm(struct procbuf *pb, struct proc *p)
{
    struct mm *mm = p->mm;
    struct proc_mem_usage u;
    procfs_mem_usage(p, &u);
    uint32_t text = mm ? (PAGE_ROUND_UP(mm->end_code) -
                          PAGE_ROUND_DOWN(mm->start_code)) / PAGE_SIZE : 0;
    pb_printf(pb, "%u %u %u %u 0 %u 0\n", u.size, u.anon + u.file + u.shmem,
              u.file + u.shmem, text, u.data + u.stack);
}

/* ---- strings from the process's memory ------------------------------------- */

/* Copy [start, end) of p's memory, as far as it is readable. */
static void show_memory_range(struct procbuf *pb, struct proc *p,
                              uint32_t start, uint32_t end)
{
    if (!p->mm || end <= start)
        return;
    if (end - start > ARGS_MAX)
        end = start + ARGS_MAX;
    char *chunk = kmalloc(PAGE_SIZE);
    if (!chunk)
        return;
    for (uint32_t at = start; at < end;) {
        uint32_t n = PAGE_SIZE - (at & (PAGE_SIZE - 1));
        if (n > end - at)
            n = end - at;
        if (mm_copy_in(p->mm, chunk, at, n) < 0)
            break;
        pb_write(pb, chunk, n);
        at += n;
    }
    kfree(chunk);
}

/* setproctitle's case (Linux's get_mm_proctitle): the bytes from
 * arg_start up to and including the first NUL, which may lie in the
 * environment area that follows the arguments. */
static void show_proctitle(struct procbuf *pb, struct proc *p, uint32_t end)
{
    char c;
    for (uint32_t at = p->mm->arg_start; at < end && at - p->mm->arg_start < ARGS_MAX; at++) {
        if (mm_copy_in(p->mm, &c, at, 1) < 0)
            return;
        pb_putc(pb, c);
        if (c == '\0')
            return;
    }
}

/* argv strings, each with its NUL, as exec left them, or as the program
 * rewrote them: if the argument area's last byte is no longer a NUL, the
 * program has written a longer title over it, and Linux shows that up
 * to its NUL, running on into the environment (get_mm_cmdline). */
static void show_cmdline(struct procbuf *pb, struct proc *p)
{
    struct mm *mm = p->mm;
    if (!mm || mm->arg_end <= mm->arg_start)
        return;
    uint32_t env_end = mm->env_start == mm->arg_end && mm->env_end >= mm->env_start
                       ? mm->env_end : mm->arg_end;
    char last;
    if (mm_copy_in(mm, &last, mm->arg_end - 1, 1) == 0 && last != '\0')
        show_proctitle(pb, p, env_end);
    else
        show_memory_range(pb, p, mm->arg_start, mm->arg_end);
}

/* The environment strings, as exec left them. */
static void show_environ(struct procbuf *pb, struct proc *p)
{
    if (p->mm)
        show_memory_range(pb, p, p->mm->env_start, p->mm->env_end);
}

/* The auxiliary vector, found on the initial stack after argv and envp:
 * (type, value) pairs of 32-bit words up to and including AT_NULL. */
static void show_auxv(struct procbuf *pb, struct proc *p)
{
    struct mm *mm = p->mm;
    uint32_t w, at;
    if (!mm || mm_copy_in(mm, &w, mm->start_stack, 4) < 0)
        return;
    at = mm->start_stack + 4 + (w + 1) * 4;        /* past argc, argv, NULL */
    for (int i = 0; i < 4096; i++, at += 4)        /* past envp and its NULL */
        if (mm_copy_in(mm, &w, at, 4) < 0 || w == 0)
            break;
    at += 4;
    for (int i = 0; i < AUXV_MAX; i++, at += 8) {
        uint32_t pair[2];
        if (mm_copy_in(mm, pair, at, 8) < 0)
            return;
        pb_write(pb, pair, 8);
        if (pair[0] == 0)
            return;
    }
}

/* The name (exec's basename, or PR_SET_NAME's), and a newline. */
static void show_comm(struct procbuf *pb, struct proc *p)
{
    pb_printf(pb, "%s\n", p->name);
}

/* personality: personality(2)'s value, as Linux prints it (fs/proc/
 * base.c, proc_pid_personality): 00040000 under setarch -R. */
static void show_personality(struct procbuf *pb, struct proc *p)
{
    pb_printf(pb, "%08x\n", p->personality);
}

/* ---- Pagoda's own files ------------------------------------------------------ */

/* The page-fault counters, one `name value` line each (a format the
 * demos and tests parse: keep the names). */
void procfs_show_counters(struct procbuf *pb, const struct vm_counters *c)
{
    pb_printf(pb, "minor_faults %u\nmajor_faults %u\nzero_fill %u\n"
              "file_pages %u\ncow_copies %u\ncow_reuses %u\n"
              "stack_grows %u\nsegfaults %u\n",
              c->minor_faults, c->major_faults, c->zero_fills, c->file_pages,
              c->cow_copies, c->cow_reuses, c->stack_grows, c->segfaults);
}

/* This process's counters; a zombie has none. */
static void show_vmcounters(struct procbuf *pb, struct proc *p)
{
    if (p->mm)
        procfs_show_counters(pb, &p->mm->counters);
}

/* "1\n" while the fault log is on, else "0\n". */
static void show_pftrace(struct procbuf *pb, struct proc *p)
{
    pb_printf(pb, "%d\n", p->mm ? p->mm->pftrace != 0 : 0);
}

/* "1" turns the fault log of the process on, "0" off (a newline may
 * follow). */
static long write_pftrace(struct proc *p, const char *kbuf, uint32_t n)
{
    if (!p->mm)
        return -ESRCH;
    if (n == 0 || (kbuf[0] != '0' && kbuf[0] != '1') ||
        (n > 1 && !(n == 2 && kbuf[1] == '\n')))
        return -EINVAL;
    p->mm->pftrace = kbuf[0] == '1';
    return n;
}

/* ---- the OOM killer's view ---------------------------------------------- */

#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_SCORE_ADJ_MAX 1000

/* oom_score: Linux's oom_badness (mm/oom_kill.c) scaled as proc_oom_score
 * does (fs/proc/base.c): the pages the process would free, its resident
 * pages plus its page tables, plus oom_score_adj thousandths of all RAM
 * (no swap), then (1000 + badness * 1000 / RAM) * 2 / 3, a value in
 * 0..1333.  init, zombies and oom_score_adj -1000 are never chosen: 0. */
static void show_oom_score(struct procbuf *pb, struct proc *p)
{
    long total = (long)frames_total();
    long points = 0;
    if (p->mm && p->pid != 1 && p->oom_score_adj != OOM_SCORE_ADJ_MIN && total > 0) {
        struct proc_mem_usage u;
        procfs_mem_usage(p, &u);
        long badness = (long)(u.anon + u.file + u.shmem + u.page_tables);
        badness += (long)p->oom_score_adj * (total / 1000);
        points = (1000 + badness * 1000 / total) * 2 / 3;
        if (points < 0)
            points = 0;
    }
    pb_printf(pb, "%ld\n", points);
}

static void show_oom_score_adj(struct procbuf *pb, struct proc *p)
{
    pb_printf(pb, "%d\n", p->oom_score_adj);
}

/* A decimal, 0x hex or 0 octal integer with an optional sign, spaces
 * around it (Linux's kstrtoint(strstrip(buf), 0, ...)): 0, -EINVAL for
 * anything else, -ERANGE past an int. */
static int parse_int(const char *s, int *out)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && s[1]) {
        base = 8;
        s++;
    }
    long long v = 0;
    const char *digits = s;
    for (; *s; s++) {
        int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
              : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : 99;
        if (d >= base)
            break;
        v = v * base + d;
        if (v > 0x80000000ll)
            return -ERANGE;
    }
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (*s || s == digits)
        return -EINVAL;
    if (neg)
        v = -v;
    if (v > 0x7fffffffll)
        return -ERANGE;
    *out = (int)v;
    return 0;
}

/* oom_score_adj: -1000..1000, else EINVAL (Linux's oom_score_adj_write:
 * at most 12 bytes are looked at). */
static long write_oom_score_adj(struct proc *p, const char *kbuf, uint32_t n)
{
    char buf[13];
    uint32_t len = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, kbuf, len);
    buf[len] = '\0';
    int adj;
    int err = parse_int(buf, &adj);
    if (err < 0)
        return err;
    if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
        return -EINVAL;
    p->oom_score_adj = adj;
    return len;
}

/* mounts (and /proc/mounts): the root file system and /proc, as Linux
 * shows an initramfs root and procfs. */
static void show_mounts(struct procbuf *pb, struct proc *p)
{
    (void)p;
    pb_printf(pb, "rootfs / rootfs rw 0 0\n"
                  "proc /proc proc rw,relatime 0 0\n");
}

/* ---- symlinks ------------------------------------------------------------ */

/* exe: the file of the region holding the start of the program's code. */
static int link_exe(struct proc *p, char *buf, uint32_t size)
{
    if (!p->mm)
        return -ENOENT;
    struct vm_area *r = mm_find_region(p->mm, p->mm->start_code);
    if (!r || procfs_region_path(r, buf, size) < 0)
        return -ENOENT;
    return (int)strlen(buf);
}

/* cwd: the current directory's path. */
static int link_cwd(struct proc *p, char *buf, uint32_t size)
{
    return p->cwd ? inode_path(p->cwd, buf, size) : -ENOENT;
}

/* root: there is no chroot, so always "/". */
static int link_root(struct proc *p, char *buf, uint32_t size)
{
    (void)p;
    return (int)strlcpy(buf, "/", size);
}

#define FILE(n, fn)     { .name = n, .mode = S_IFREG | 0444, .show = fn }
#define LINK(n, fn)     { .name = n, .mode = S_IFLNK | 0777, .link = fn }
#define RECORDS(n, fn)  { .name = n, .mode = S_IFREG | 0444, .show_record = fn }

/* In the order `ls -f /proc/self` shows them on Linux, Pagoda's last. */
const struct proc_entry procfs_pid_entries[] = {
    FILE("environ", show_environ),
    FILE("auxv", show_auxv),
    FILE("status", show_status),
    { .name = "personality", .mode = S_IFREG | 0400, .show = show_personality },
    FILE("comm", show_comm),
    FILE("cmdline", show_cmdline),
    FILE("stat", show_stat),
    FILE("statm", show_statm),
    RECORDS("maps", procfs_maps_record),
    LINK("cwd", link_cwd),
    LINK("root", link_root),
    LINK("exe", link_exe),
    { .name = "fd", .mode = S_IFDIR | 0500, .fd_dir = 1 },
    FILE("mounts", show_mounts),
    FILE("oom_score", show_oom_score),
    { .name = "oom_score_adj", .mode = S_IFREG | 0644, .show = show_oom_score_adj,
      .write = write_oom_score_adj },
    RECORDS("smaps", procfs_smaps_record),
    FILE("smaps_rollup", procfs_show_smaps_rollup),
    { .name = "pagemap", .mode = S_IFREG | 0400, .read = procfs_read_pagemap },
    FILE("vmcounters", show_vmcounters),
    { .name = "pftrace", .mode = S_IFREG | 0644, .show = show_pftrace,
      .write = write_pftrace },
};
const int procfs_pid_nentries = sizeof procfs_pid_entries / sizeof procfs_pid_entries[0];
