/*
 * fs/proc_sys.c - the system's files in /proc: meminfo, vmstat, stat,
 * uptime, loadavg, cpuinfo, Pagoda's vmcounters, and the self link.
 *
 * Numbers Pagoda does not have (swap, LRU lists, huge pages, vmalloc)
 * are 0; the lines stay, in Linux 6.1's order, since programs look them
 * up by name and some need them present.
 *
 * CPU time (user, system, idle) is charged at every entry to and exit
 * from the kernel by proc/cputime.c; /proc/stat and /proc/uptime read
 * its totals.  A tick hook keeps Linux's load averages, sampled every 5
 * seconds.
 */
#include "fs/file_pages.h"
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "kernel/version.h"
#include "kernel/x86.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "mm/stats.h"
#include "proc/proc.h"
#include "proc/sched.h"

#define KB(pages)   ((pages) * (PAGE_SIZE / 1024))

/* Load averages in Linux's fixed point (kernel/sched/loadavg.c's
 * constants: exp(-5s/1min), exp(-5s/5min), exp(-5s/15min) << 11). */
#define FSHIFT     11
#define FIXED_1    (1u << FSHIFT)
#define LOAD_FREQ  (5 * HZ + 1)
static const uint32_t load_exp[3] = { 1884, 2014, 2037 };

static uint32_t load_countdown = LOAD_FREQ;
static uint32_t avenrun[3];

/* Processes that want the CPU (running or runnable). */
static uint32_t nr_running(void)
{
    uint32_t n = 0;
    for (int i = 0; i < NPROC; i++)
        if (proc_table[i].state == PROC_RUNNING || proc_table[i].state == PROC_RUNNABLE)
            n++;
    return n;
}

/* One decay step: load = load * e + active * (1 - e). */
static uint32_t calc_load(uint32_t load, uint32_t exp, uint32_t active)
{
    uint32_t newload = load * exp + active * (FIXED_1 - exp);
    if (active >= load)
        newload += FIXED_1 - 1;
    return newload / FIXED_1;
}

/* Every tick: now and then, the load. */
static void procfs_tick(void)
{
    if (--load_countdown == 0) {
        load_countdown = LOAD_FREQ;
        uint32_t active = nr_running() * FIXED_1;
        for (int i = 0; i < 3; i++)
            avenrun[i] = calc_load(avenrun[i], load_exp[i], active);
    }
}

/* Called once at boot, from procfs_init. */
void procfs_sys_init(void)
{
    timer_add_tick_hook(procfs_tick);
}

/* ---- self ------------------------------------------------------------------ */

/* /proc/self -> the reader's pid, relative: /proc/self/x is /proc/PID/x. */
static int link_self(struct proc *p, char *buf, uint32_t size)
{
    (void)p;
    if (!current)
        return -ENOENT;
    return snprintf(buf, size, "%d", current->pid);
}

/* ---- memory ---------------------------------------------------------------- */

/* What all live address spaces add up to. */
struct mm_totals {
    uint32_t page_tables;        /* page tables and directories */
    uint32_t committed;          /* private writable pages (data, stack) */
    uint32_t kernel_stacks;      /* processes holding a kernel stack */
    struct mapped_totals mapped; /* distinct frames mapped */
};

/* Walk the process table once for meminfo and vmstat. */
static void mm_totals(struct mm_totals *t)
{
    struct mm *mms[NPROC];
    int n = 0;
    *t = (struct mm_totals){ 0 };
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proc_table[i];
        if (p->state == PROC_UNUSED)
            continue;
        if (p->kstack)
            t->kernel_stacks++;
        if (!p->mm)
            continue;
        mms[n++] = p->mm;
        t->page_tables += mm_page_tables(p->mm) + 1;
        for (const struct vm_area *r = mm_first_region(p->mm); r;
             r = mm_next_region(p->mm, r)) {
            if ((r->flags & VM_WRITE) && !(r->flags & VM_SHARED))
                t->committed += (r->end - r->start) / PAGE_SIZE;
        }
    }
    mm_mapped_totals(mms, n, &t->mapped);
}

/* meminfo: every line of Linux 6.1, values in kB.  Files live in
 * memory only, like tmpfs, so their pages are both Cached and Shmem. */
static void show_meminfo(struct procbuf *pb, struct proc *p)
{
    (void)p;
    struct mm_totals t;
    mm_totals(&t);
    uint32_t total = KB(frames_total()), free = KB(frames_free());
    uint32_t cached = KB(fs_cached_pages());
    uint32_t slab = KB(kernel_heap_pages() + fp_all_tables());
    uint32_t lowmem_4m = (frames_count() + 1023) / 1024;   /* 4 MiB pages */
    const struct { const char *label; uint32_t kb; } lines[] = {
        { "MemTotal", total }, { "MemFree", free }, { "MemAvailable", free },
        { "Buffers", 0 }, { "Cached", cached }, { "SwapCached", 0 },
        { "Active", 0 }, { "Inactive", 0 }, { "Active(anon)", 0 },
        { "Inactive(anon)", 0 }, { "Active(file)", 0 }, { "Inactive(file)", 0 },
        { "Unevictable", 0 }, { "Mlocked", 0 }, { "HighTotal", 0 },
        { "HighFree", 0 }, { "LowTotal", total }, { "LowFree", free },
        { "SwapTotal", 0 }, { "SwapFree", 0 }, { "Zswap", 0 }, { "Zswapped", 0 },
        { "Dirty", 0 }, { "Writeback", 0 }, { "AnonPages", KB(t.mapped.anon) },
        { "Mapped", KB(t.mapped.file) }, { "Shmem", cached },
        { "KReclaimable", 0 }, { "Slab", slab }, { "SReclaimable", 0 },
        { "SUnreclaim", slab }, { "KernelStack", t.kernel_stacks * KSTACK_SIZE / 1024 },
        { "PageTables", KB(t.page_tables) }, { "SecPageTables", 0 },
        { "NFS_Unstable", 0 }, { "Bounce", 0 }, { "WritebackTmp", 0 },
        { "CommitLimit", total / 2 }, { "Committed_AS", KB(t.committed) },
        { "VmallocTotal", 0 }, { "VmallocUsed", 0 }, { "VmallocChunk", 0 },
        { "Percpu", 0 }, { "HardwareCorrupted", 0 }, { "AnonHugePages", 0 },
        { "ShmemHugePages", 0 }, { "ShmemPmdMapped", 0 }, { "FileHugePages", 0 },
        { "FilePmdMapped", 0 },
    };
    for (uint32_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        procfmt_value_line(pb, lines[i].label, lines[i].kb, " kB");
    procfmt_value_line(pb, "HugePages_Total", 0, "");
    procfmt_value_line(pb, "HugePages_Free", 0, "");
    procfmt_value_line(pb, "HugePages_Rsvd", 0, "");
    procfmt_value_line(pb, "HugePages_Surp", 0, "");
    procfmt_value_line(pb, "Hugepagesize", 4096, " kB");
    procfmt_value_line(pb, "Hugetlb", 0, " kB");
    /* The kernel maps RAM's first 4 MiB with 4 KiB pages, the rest with
     * 4 MiB pages (mm/paging.c). */
    procfmt_value_line(pb, "DirectMap4k", 4096, " kB");
    procfmt_value_line(pb, "DirectMap4M", lowmem_4m ? (lowmem_4m - 1) * 4096 : 0, " kB");
}

/* vmstat: the counters Pagoda has, under Linux's names and in its order
 * (pages, except nr_kernel_stack which Linux gives in kB). */
static void show_vmstat(struct procbuf *pb, struct proc *p)
{
    (void)p;
    struct mm_totals t;
    mm_totals(&t);
    const struct vm_counters *c = &vm_global_counters;
    pb_printf(pb, "nr_free_pages %u\nnr_anon_pages %u\nnr_mapped %u\n"
              "nr_file_pages %u\nnr_shmem %u\nnr_kernel_stack %u\n"
              "nr_page_table_pages %u\npgfault %u\npgmajfault %u\npgreuse %u\n",
              frames_free(), t.mapped.anon, t.mapped.file, fs_cached_pages(),
              fs_cached_pages(), t.kernel_stacks * KSTACK_SIZE / 1024,
              t.page_tables, c->minor_faults + c->major_faults, c->major_faults,
              c->cow_reuses);
}

/* The system-wide fault counters, in the per-process format. */
static void show_vmcounters(struct procbuf *pb, struct proc *p)
{
    (void)p;
    procfs_show_counters(pb, &vm_global_counters);
}

/* ---- time and load ------------------------------------------------------------ */

/* stat: the cpu lines (ticks: user nice system idle iowait irq softirq
 * steal guest guest_nice), then interrupts and process counts. */
static void show_stat(struct procbuf *pb, struct proc *p)
{
    (void)p;
    uint32_t user = ns_to_clock_t(cputime_total_user());
    uint32_t system = ns_to_clock_t(cputime_total_system());
    uint32_t idle = ns_to_clock_t(cputime_total_idle());
    uint32_t irqs = timer_interrupts();                 /* only the timer is counted */
    pb_printf(pb, "cpu  %u 0 %u %u 0 0 0 0 0 0\n", user, system, idle);
    pb_printf(pb, "cpu0 %u 0 %u %u 0 0 0 0 0 0\n", user, system, idle);
    pb_printf(pb, "intr %u %u", irqs, irqs);
    for (int irq = 1; irq < 16; irq++)
        pb_printf(pb, " 0");
    pb_printf(pb, "\nctxt %u\nbtime %u\nprocesses %d\nprocs_running %u\n"
              "procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
              sched_context_switches(), fs_now() - timer_ticks() / HZ,
              proc_last_pid(), nr_running());
}

/* uptime: seconds since boot and seconds idle, to the hundredth
 * (cut, not rounded, as Linux's fs/proc/uptime.c). */
static void show_uptime(struct procbuf *pb, struct proc *p)
{
    (void)p;
    uint32_t up = ns_to_clock_t(ktime_get_ns()), idle = ns_to_clock_t(cputime_total_idle());
    pb_printf(pb, "%u.%02u %u.%02u\n", up / HZ, up % HZ, idle / HZ, idle % HZ);
}

/* loadavg: "1min 5min 15min running/total lastpid". */
static void show_loadavg(struct procbuf *pb, struct proc *p)
{
    (void)p;
    uint32_t total = 0;
    for (int i = 0; i < NPROC; i++)
        total += proc_table[i].state != PROC_UNUSED;
    for (int i = 0; i < 3; i++) {
        uint32_t a = avenrun[i] + FIXED_1 / 200;          /* round to 0.01 */
        pb_printf(pb, "%u.%02u ", a >> FSHIFT, ((a & (FIXED_1 - 1)) * 100) >> FSHIFT);
    }
    pb_printf(pb, "%u/%u %d\n", nr_running(), total, proc_last_pid());
}

/* ---- cpuinfo ---------------------------------------------------------------- */

/* Linux's names for CPUID leaf 1's EDX bits (NULL: not shown). */
static const char *const edx_flags[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL,
    "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL,
    "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};

/* A short cpuinfo: who made the CPU, which one, and its feature flags. */
static void show_cpuinfo(struct procbuf *pb, struct proc *p)
{
    (void)p;
    uint32_t r[4], vendor[4] = { 0 }, name[13] = { 0 };
    cpuid(0, r);
    uint32_t max_leaf = r[0];
    vendor[0] = r[1], vendor[1] = r[3], vendor[2] = r[2];
    cpuid(1, r);
    uint32_t sig = r[0], ecx = r[2], edx = r[3];
    uint32_t family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
    if (family == 0xf)
        family += (sig >> 20) & 0xff;
    if (family == 6 || family >= 0xf)
        model += ((sig >> 16) & 0xf) << 4;
    cpuid(0x80000000u, r);
    if (r[0] >= 0x80000004u)
        for (uint32_t i = 0; i < 3; i++)
            cpuid(0x80000002u + i, &name[i * 4]);
    pb_printf(pb, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\n"
              "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n"
              "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\n"
              "wp\t\t: yes\nflags\t\t:",
              (char *)vendor, family, model, (char *)name, sig & 0xf, max_leaf);
    for (int bit = 0; bit < 32; bit++)
        if ((edx & (1u << bit)) && edx_flags[bit])
            pb_printf(pb, " %s", edx_flags[bit]);
    pb_printf(pb, " cpuid%s%s\n\n", (ecx & 1) ? " pni" : "",
              (ecx & (1u << 31)) ? " hypervisor" : "");
}

/* cmdline: the kernel command line as the boot loader gave it. */
static void show_cmdline(struct procbuf *pb, struct proc *p)
{
    (void)p;
    pb_printf(pb, "%s\n", cmdline_raw());
}

/* version: Linux's linux_banner, "SYSNAME version RELEASE (BY@HOST)
 * (COMPILER) VERSION", with uname's words (kernel/version.h). */
static void show_version(struct procbuf *pb, struct proc *p)
{
    (void)p;
    pb_printf(pb, "%s version %s (%s) (%s) %s\n", UTS_SYSNAME, UTS_RELEASE,
              UTS_COMPILE_BY_HOST, UTS_COMPILER, UTS_VERSION);
}

/* mounts: Linux's is a symlink to self/mounts. */
static int link_mounts(struct proc *p, char *buf, uint32_t size)
{
    (void)p;
    return (int)strlcpy(buf, "self/mounts", size);
}

#define FILE(n, fn)     { .name = n, .mode = S_IFREG | 0444, .show = fn }

/* Linux lists /proc's files by name length, then name; then self. */
const struct proc_entry procfs_sys_entries[] = {
    FILE("stat", show_stat),
    { .name = "mounts", .mode = S_IFLNK | 0777, .link = link_mounts },
    FILE("uptime", show_uptime),
    FILE("vmstat", show_vmstat),
    FILE("cmdline", show_cmdline),
    FILE("cpuinfo", show_cpuinfo),
    FILE("loadavg", show_loadavg),
    FILE("meminfo", show_meminfo),
    FILE("version", show_version),
    FILE("vmcounters", show_vmcounters),
    { .name = "self", .mode = S_IFLNK | 0777, .link = link_self },
};
const int procfs_sys_nentries = sizeof procfs_sys_entries / sizeof procfs_sys_entries[0];
