/*
 * t_segments - segment selectors and TLS descriptors: hostile values from
 * a program give Linux's answer, and never hurt the kernel.
 *
 * A program may put any 16-bit value in %ds, %es, %fs, %gs and %ss (and,
 * through sigreturn, in the saved %cs and %ss), and may rewrite or clear
 * its TLS descriptors while a segment register still refers to them.  The
 * kernel reloads those registers on every return to user mode, so each
 * such value is a chance for the kernel's own `pop %gs` or `iret` to fault.
 * Linux i386 (arch/x86/kernel/tls.c, arch/x86/entry/entry_32.S) answers:
 *
 *   - set_thread_area and clone(CLONE_SETTLS) take only present 32-bit
 *     data descriptors (or the "empty" and all-zero ones, which clear a
 *     slot); code, conforming, not-present and 16-bit ones are EINVAL;
 *   - a data segment register whose selector no longer works when the
 *     kernel restores it becomes the null selector (%gs on a 32-bit kernel
 *     at the next task switch, the others on the way out of the kernel);
 *     a real CPU then faults on the first access through a null %ds (QEMU's
 *     TCG does not), so the checks read the register instead;
 *   - sigreturn forces RPL 3 on %cs and %ss; if the CPU then refuses them
 *     in `iret`, the process gets a signal: SIGILL (ILL_BADSTK) from a
 *     32-bit kernel, SIGSEGV from a 64-bit one (its bad-iret fixup turns
 *     the fault into a user #GP).
 *
 * Each case that may kill runs in a forked child; the parent checks how
 * the child ended and carries on (the kernel survived).  The program runs
 * natively on a 64-bit kernel too, where the TLS slots are 12-14 instead
 * of 6-8 and the user selectors differ, so it finds slots with entry -1
 * and reads the user %cs and %ds instead of assuming numbers.
 *
 * `t_segments sleep` only sleeps a second and prints a line: the shell
 * test runs the glibc build of it beside Pagoda's own programs.
 */
#include "check.h"
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define NR_exit        1
#define NR_kill        37
#define NR_getpid      20
#define NR_clone       120
#define NR_nanosleep   162
#define NR_set_tls     243
#define NR_get_tls     244

#define CLONE_SETTLS   0x00080000
#define SIGCHLD_NR     17
#ifndef ILL_BADSTK
#define ILL_BADSTK     8
#endif

/* Linux's struct user_desc, with the flags word spelled as a number:
 * seg_32bit 0x1, contents 0x6, read_exec_only 0x8, limit_in_pages 0x10,
 * seg_not_present 0x20, useable 0x40. */
struct udesc {
    uint32_t entry, base, limit, flags;
};
#define F_GLIBC        0x51    /* 32-bit RW data, 4 KiB units, useable */
#define F_EMPTY        0x28    /* read_exec_only + not present: clears */

/* ---------------------------------------------------- raw system calls */

/* Raw int $0x80 calls: the glibc build must not go through %gs while a
 * test has put something else there, and errno is not needed. */
static long sys1(long n, long a)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a) : "memory");
    return r;
}

static long sys2(long n, long a, long b)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b) : "memory");
    return r;
}

static long sys5(long n, long a, long b, long c, long d, long e)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r)
                     : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e) : "memory");
    return r;
}

static void raw_exit(int code) __attribute__((noreturn));
static void raw_exit(int code)
{
    for (;;)
        sys1(NR_exit, code);
}

/* Sleep 2 ms: on Linux this always switches to another task, which is
 * when a 32-bit kernel reloads %gs. */
static void raw_nap(void)
{
    struct { long sec, nsec; } ts = { 0, 2000000 };
    sys2(NR_nanosleep, (long)&ts, 0);
}

static long set_tls(struct udesc *u) { return sys1(NR_set_tls, (long)u); }
static long get_tls(struct udesc *u) { return sys1(NR_get_tls, (long)u); }

/* ------------------------------------------------------ segment access */

#define READ_SEG(reg) ({ uint16_t s_; __asm__ volatile("mov %%" #reg ", %0" : "=r"(s_)); s_; })
#define LOAD_SEG(reg, v) __asm__ volatile("mov %0, %%" #reg : : "r"((uint16_t)(v)) : "memory")

static int is_null(uint16_t sel) { return (sel & 0xFFFC) == 0; }
static uint16_t selector(uint32_t entry) { return (uint16_t)(entry << 3 | 3); }

/* The first word of the segment %gs / %fs refers to. */
static uint32_t gs_word(void)
{
    uint32_t v;
    __asm__ volatile("movl %%gs:0, %0" : "=r"(v));
    return v;
}

/* Allocate a TLS slot (entry -1) for a flat-ish data segment at base:
 * returns the entry number, or -errno. */
static long tls_alloc(uint32_t base, uint32_t limit, uint32_t flags)
{
    struct udesc u = { (uint32_t)-1, base, limit, flags };
    long r = set_tls(&u);
    return r < 0 ? r : (long)u.entry;
}

static long tls_clear(uint32_t entry)
{
    struct udesc u = { entry, 0, 0, F_EMPTY };
    return set_tls(&u);
}

/* A flat 4 GiB RW data segment, like the user %ds, in a new TLS slot. */
static long tls_alloc_flat(void) { return tls_alloc(0, 0xFFFFF, F_GLIBC); }

/* The exit status a killed child shows; -1 if it exited. */
static int killed_by(int st) { return WIFSIGNALED(st) ? WTERMSIG(st) : -1; }

/* Did a 64-bit kernel run us?  (Its iret failures are SIGSEGV.) */
static int kernel_is_64bit(void)
{
    struct utsname u;
    return uname(&u) == 0 && strcmp(u.machine, "x86_64") == 0;
}

/* Run fn in a child and return its wait status. */
static int in_child(void (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        raw_exit(0);
    }
    int st = 0;
    if (pid < 0 || wait_for(pid, &st) != pid)
        return -1;
    return st;
}

/* ------------------------------------------ set_thread_area's answers */

struct tls_case {
    const char *name;
    uint32_t base, limit, flags;
    long want;                  /* 0 or -errno */
};

static const struct tls_case tls_cases[] = {
    { "tls_data_ok",            0x1000, 0xFFFFF, 0x51, 0 },
    { "tls_readonly_data_ok",   0x1000, 0xFFFFF, 0x59, 0 },
    { "tls_expand_down_ok",     0x1000, 0xFFFFF, 0x53, 0 },
    { "tls_bytes_limit_ok",     0x1000, 0x00FFF, 0x41, 0 },
    { "tls_16bit_einval",       0x1000, 0xFFFFF, 0x50, -EINVAL },
    { "tls_code_einval",        0x1000, 0xFFFFF, 0x55, -EINVAL },
    { "tls_code_readonly_einval", 0x1000, 0xFFFFF, 0x5D, -EINVAL },
    { "tls_conforming_einval",  0x1000, 0xFFFFF, 0x57, -EINVAL },
    { "tls_not_present_einval", 0x1000, 0xFFFFF, 0x71, -EINVAL },
    { "tls_not_present_zero_einval", 0, 0, 0x21, -EINVAL },
    { "tls_16bit_zero_base_einval", 0, 0, 0x40, -EINVAL },
};

/* Each descriptor of the table, asked for with entry -1. */
static void check_tls_table(void)
{
    for (unsigned i = 0; i < sizeof(tls_cases) / sizeof(tls_cases[0]); i++) {
        const struct tls_case *c = &tls_cases[i];
        struct udesc u = { (uint32_t)-1, c->base, c->limit, c->flags };
        long r = set_tls(&u);
        if (r == 0)
            tls_clear(u.entry);
        CHECK(c->name, r == c->want, "flags 0x%x: got %ld, want %ld", c->flags, r, c->want);
    }
}

/* All 128 flag words, with a real base and with base = limit = 0: only
 * present 32-bit data is accepted, plus the two clears at base 0.  Each
 * accepted segment is loaded into %fs and its slot then cleared under it:
 * %fs must come back null. */
static void check_tls_flags_sweep(void)
{
    int wrong = 0, accepted = 0, first_wrong = -1;
    for (int zero = 0; zero < 2; zero++)
        for (uint32_t f = 0; f < 0x80; f++) {
            struct udesc u = { (uint32_t)-1, zero ? 0 : 0x1000, zero ? 0 : 0xFFFFF, f };
            int data = (f & 1) && ((f >> 1) & 3) <= 1 && !(f & 0x20);
            int clears = zero && (f == 0 || f == F_EMPTY);
            long want = (data || clears) ? 0 : -EINVAL, r = set_tls(&u);
            if (r == 0 && data && !clears) {
                accepted++;
                LOAD_SEG(fs, selector(u.entry));
                tls_clear(u.entry);
                if (!is_null(READ_SEG(fs)))
                    r = 1;
            }
            if (r != want && wrong++ == 0)
                first_wrong = (int)(f | zero << 8);
        }
    LOAD_SEG(fs, 0);
    if (!wrong)
        PASS_INFO("tls_flags_sweep", "%d data segments accepted", accepted);
    else
        fail("tls_flags_sweep", "%d wrong answers, the first for flags 0x%x%s", wrong,
             first_wrong & 0xFF, first_wrong >> 8 ? " at base 0" : "");
}

/* What get_thread_area says about a slot. */
static int slot_is(uint32_t entry, uint32_t base, uint32_t limit, uint32_t flags)
{
    struct udesc g = { entry, 1, 1, 1 };
    return get_tls(&g) == 0 && g.entry == entry && g.base == base &&
           g.limit == limit && g.flags == flags;
}

static void show_slot(const char *name, uint32_t entry)
{
    struct udesc g = { entry, 0, 0, 0 };
    long r = get_tls(&g);
    fail(name, "get_thread_area(%u) = %ld: base 0x%x limit 0x%x flags 0x%x",
         entry, r, g.base, g.limit, g.flags);
}

/* Clearing, reading back, the entry number's range, EFAULT, ESRCH. */
static void check_tls_slots(void)
{
    long e = tls_alloc(0x12345000, 0xFFFFF, 0x51);
    if (e < 0) {
        fail("tls_alloc", "set_thread_area(-1) = %ld", e);
        return;
    }
    if (slot_is(e, 0x12345000, 0xFFFFF, 0x51)) pass("get_tls_roundtrip"); else show_slot("get_tls_roundtrip", e);
    struct udesc d = { e, 0x2000, 0xFFFFF, 0x53 };
    set_tls(&d);
    if (slot_is(e, 0x2000, 0xFFFFF, 0x53)) pass("get_tls_expand_down"); else show_slot("get_tls_expand_down", e);

    CHECK("tls_empty_clears", tls_clear(e) == 0 && slot_is(e, 0, 0, F_EMPTY), "slot %ld not empty", e);
    struct udesc z = { e, 0x5000, 0xFFFFF, 0x51 };
    set_tls(&z);
    struct udesc zero = { e, 0, 0, 0 };
    CHECK("tls_zero_clears", set_tls(&zero) == 0 && slot_is(e, 0, 0, F_EMPTY),
          "an all-zero user_desc did not clear slot %ld", e);
    /* A cleared slot is free again: entry -1 hands it out. */
    long again = tls_alloc(0x3000, 0xFFFFF, 0x51);
    CHECK("tls_cleared_slot_reused", again == e, "got entry %ld, want %ld", again, e);
    if (again >= 0)
        tls_clear(again);

    struct udesc lo = { 5, 0x1000, 0xFFFFF, 0x51 }, hi = { 15, 0x1000, 0xFFFFF, 0x51 };
    CHECK("tls_entry_range_einval", set_tls(&lo) == -EINVAL && set_tls(&hi) == -EINVAL,
          "entries 5 and 15 accepted");
    struct udesc lo_code = { 5, 0x1000, 0xFFFFF, 0x55 };
    CHECK("tls_entry_range_bad_desc_einval", set_tls(&lo_code) == -EINVAL, "not EINVAL");
    struct udesc glo = { 5, 0, 0, 0 };
    CHECK("get_tls_entry_range_einval", get_tls(&glo) == -EINVAL, "not EINVAL");
    CHECK("tls_efault", sys1(NR_set_tls, 0) == -EFAULT && sys1(NR_get_tls, 0) == -EFAULT &&
          sys1(NR_set_tls, (long)0xC0000000u) == -EFAULT, "NULL or kernel pointer not EFAULT");

    /* entry -1 with the struct on a read-only page: the new entry number
     * cannot be written back, so EFAULT, and the slot stays free. */
    struct udesc *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ro != MAP_FAILED) {
        *ro = (struct udesc){ (uint32_t)-1, 0x7000, 0xFFFFF, 0x51 };
        mprotect(ro, 4096, PROT_READ);
        long r = set_tls(ro);
        CHECK("tls_efault_changes_nothing", r == -EFAULT && slot_is(e, 0, 0, F_EMPTY),
              "set_thread_area = %ld, slot %ld empty: %d", r, e, slot_is(e, 0, 0, F_EMPTY));
        munmap(ro, 4096);
    }

    /* Fill every free slot, then entry -1 is ESRCH. */
    long taken[3];
    int n = 0;
    while (n < 3 && (taken[n] = tls_alloc(0x1000 * (n + 1), 0xFFFFF, 0x51)) >= 0)
        n++;
    long full = tls_alloc(0x9000, 0xFFFFF, 0x51);
    CHECK("tls_full_esrch", n >= 1 && full == -ESRCH, "%d allocated, then %ld", n, full);
    for (int i = 0; i < n; i++)
        tls_clear(taken[i]);
}

/* ----------------------------- segment registers that stop being valid */

static volatile uint32_t target[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
static volatile uint32_t sink;

/* %gs refers to a slot that is then cleared: after the kernel restores it
 * (on a 32-bit kernel at the next task switch), %gs is null. */
static void gs_cleared(void)
{
    long e = tls_alloc((uint32_t)&target[0], 0xFFFFF, F_GLIBC);
    if (e < 0)
        raw_exit(10);
    uint16_t saved = READ_SEG(gs);
    LOAD_SEG(gs, selector(e));
    uint32_t before = gs_word();
    tls_clear(e);
    raw_nap();
    uint16_t after = READ_SEG(gs);
    LOAD_SEG(gs, saved);
    if (before != 0x11111111)
        raw_exit(11);
    raw_exit(is_null(after) ? 0 : 12);
}

/* The slot %gs refers to gets a new base: after the next task switch
 * %gs:0 reads from the new base. */
static void gs_rebased(void)
{
    long e = tls_alloc((uint32_t)&target[0], 0xFFFFF, F_GLIBC);
    if (e < 0)
        raw_exit(10);
    uint16_t saved = READ_SEG(gs);
    LOAD_SEG(gs, selector(e));
    struct udesc u = { e, (uint32_t)&target[2], 0xFFFFF, F_GLIBC };
    set_tls(&u);
    raw_nap();
    uint32_t word = gs_word();
    uint16_t sel = READ_SEG(gs);
    LOAD_SEG(gs, saved);
    raw_exit(word == 0x33333333 && sel == selector(e) ? 0 : 11);
}

/* %fs refers to a slot that is then cleared: %fs is null when the system
 * call returns. */
static void fs_cleared(void)
{
    long e = tls_alloc_flat();
    if (e < 0)
        raw_exit(10);
    LOAD_SEG(fs, selector(e));
    tls_clear(e);
    uint16_t after = READ_SEG(fs);
    raw_exit(is_null(after) ? 0 : 11);
}

/* %es likewise (glibc does not use %es for anything we call here). */
static void es_cleared(void)
{
    long e = tls_alloc_flat();
    if (e < 0)
        raw_exit(10);
    uint16_t saved = READ_SEG(es);
    LOAD_SEG(es, selector(e));
    tls_clear(e);
    raw_nap();
    uint16_t after = READ_SEG(es);
    LOAD_SEG(es, saved);
    raw_exit(is_null(after) ? 0 : 11);
}

/*
 * Exit with the status "is %ds null?" (0 = null), touching no memory on
 * the way: with a null %ds a real CPU faults on the first data access
 * (QEMU's TCG does not check), so the test reads the register itself.
 * This is the tail of an asm block that has just made a system call.
 */
#define EXIT_WITH_DS_NULLNESS \
    "mov %%ds, %%ebx\n\t"                /* status = ds & ~RPL */ \
    "and $0xfffc, %%ebx\n\t" \
    "mov $1, %%eax\n\t"                  /* exit(status) */ \
    "int $0x80\n\t"

/* %ds refers to a slot that is then cleared: %ds comes back null. */
static void ds_cleared(void)
{
    long e = tls_alloc_flat();
    if (e < 0)
        raw_exit(10);
    static struct udesc u;
    u = (struct udesc){ e, 0, 0, F_EMPTY };
    __asm__ volatile("mov %w1, %%ds\n\t"
                     "int $0x80\n\t"          /* set_thread_area(&u): clear it */
                     EXIT_WITH_DS_NULLNESS
                     : : "a"(NR_set_tls), "r"(selector(e)), "b"(&u) : "memory");
    raw_exit(20);
}

/* %ss refers to a slot that is then cleared: the kernel's iret fails. */
static void ss_cleared(void)
{
    long e = tls_alloc_flat();
    if (e < 0)
        raw_exit(10);
    struct udesc u = { e, 0, 0, F_EMPTY };
    uint16_t old_ss = READ_SEG(ss);
    long r;
    __asm__ volatile("mov %w2, %%ss\n\t"
                     "int $0x80\n\t"
                     "mov %w3, %%ss\n\t"      /* only reached if iret worked */
                     : "=a"(r) : "a"(NR_set_tls), "r"(selector(e)), "r"(old_ss), "b"(&u)
                     : "memory");
    raw_exit(20);
}

/* Loading selectors that are not usable from user mode is the program's
 * own #GP: SIGSEGV. */
static void load_empty_slot(void)
{
    long e = tls_alloc_flat();
    if (e < 0)
        raw_exit(10);
    tls_clear(e);
    LOAD_SEG(fs, selector(e));
    raw_exit(20);
}

static void load_past_gdt(void) { LOAD_SEG(fs, 0xFFFB); raw_exit(20); }
static void load_kernel_data(void) { LOAD_SEG(fs, 0x6B); raw_exit(20); }

/* A far jump to a TLS data segment: not code, #GP. */
static void jump_to_tls(void)
{
    long e = tls_alloc_flat();
    if (e < 0)
        raw_exit(10);
    struct { uint32_t off; uint16_t sel; } __attribute__((packed)) far = { 0, selector(e) };
    __asm__ volatile("ljmp *%0" : : "m"(far));
    raw_exit(20);
}

static void check_live_selectors(void)
{
    int st = in_child(gs_cleared);
    CHECK("gs_slot_cleared_null", exited_with(st, 0), "child: %s", wstr(st));
    st = in_child(gs_rebased);
    CHECK("gs_slot_rebased", exited_with(st, 0), "child: %s", wstr(st));
    st = in_child(fs_cleared);
    CHECK("fs_slot_cleared_null", exited_with(st, 0), "child: %s", wstr(st));
    st = in_child(es_cleared);
    CHECK("es_slot_cleared_null", exited_with(st, 0), "child: %s", wstr(st));
    st = in_child(ds_cleared);
    CHECK("ds_slot_cleared_null", exited_with(st, 0), "child: %s", wstr(st));
    int iret_sig = kernel_is_64bit() ? SIGSEGV : SIGILL;
    st = in_child(ss_cleared);
    CHECK("ss_slot_cleared_killed", killed_by(st) == iret_sig, "child: %s, want signal %d",
          wstr(st), iret_sig);
    st = in_child(load_empty_slot);
    CHECK("load_empty_slot_segv", killed_by(st) == SIGSEGV, "child: %s", wstr(st));
    st = in_child(load_past_gdt);
    CHECK("load_past_gdt_segv", killed_by(st) == SIGSEGV, "child: %s", wstr(st));
    st = in_child(load_kernel_data);
    CHECK("load_kernel_data_segv", killed_by(st) == SIGSEGV, "child: %s", wstr(st));
    st = in_child(jump_to_tls);
    CHECK("ljmp_tls_data_segv", killed_by(st) == SIGSEGV, "child: %s", wstr(st));
}

/* --------------------------------------- sigreturn with bad selectors */

/* The kernel's sigcontext inside the rt frame's ucontext (at +20). */
enum { SC_GS = 0, SC_FS = 1, SC_ES = 2, SC_DS = 3, SC_CS = 15, SC_SS = 18, SC_FPSTATE = 19 };
#define UC_MCONTEXT_WORDS 5

static volatile int edit_field;           /* which sigcontext word to set */
static volatile uint32_t edit_value;
static volatile uint16_t glibc_gs;        /* %gs to put back afterwards */
static volatile int iret_signal, iret_code;

static void edit_context(int sig, siginfo_t *info, void *ctx)
{
    (void)sig; (void)info;
    uint32_t *sc = (uint32_t *)ctx + UC_MCONTEXT_WORDS;
    sc[edit_field] = edit_value;
}

/* After the bad iret, the signal arrives with the kernel's selectors. */
static void on_iret_signal(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    raw_exit(sig == SIGILL ? (info->si_code == ILL_BADSTK && info->si_addr == NULL ? 40 : 41)
                           : sig == SIGSEGV ? 42 : 43);
}

/* Send ourselves SIGUSR1 with edit_context as the handler, which stores
 * edit_value in the saved register; return the four data selectors as
 * they are after sigreturn. */
static void sigreturn_with(int field, uint32_t value, uint16_t seg[4])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = edit_context;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    edit_field = field;
    edit_value = value;
    glibc_gs = READ_SEG(gs);
    sys2(NR_kill, sys1(NR_getpid, 0), SIGUSR1);
    seg[0] = READ_SEG(gs);
    seg[1] = READ_SEG(fs);
    seg[2] = READ_SEG(es);
    seg[3] = READ_SEG(ds);
    LOAD_SEG(gs, glibc_gs);
}

static uint32_t bad_value;                  /* set before each child runs */

static void sigreturn_gs(void)
{
    uint16_t s[4];
    sigreturn_with(SC_GS, bad_value, s);
    raw_exit(is_null(s[0]) ? 0 : 11);
}

static void sigreturn_fs(void)
{
    uint16_t s[4];
    sigreturn_with(SC_FS, bad_value, s);
    raw_exit(is_null(s[1]) ? 0 : 11);
}

/* A bad %ds comes back null: the signal is sent, the handler edits the
 * saved %ds, and the first instructions after sigreturn read %ds. */
static void sigreturn_ds(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = edit_context;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    edit_field = SC_DS;
    edit_value = bad_value;
    long pid = sys1(NR_getpid, 0);
    __asm__ volatile("int $0x80\n\t"          /* kill(pid, SIGUSR1) */
                     EXIT_WITH_DS_NULLNESS
                     : : "a"(NR_kill), "b"(pid), "c"(SIGUSR1) : "memory");
    raw_exit(20);
}

static void sigreturn_cs_ss(int field)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_iret_signal;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    uint16_t s[4];
    sigreturn_with(field, bad_value, s);
    raw_exit(20);
}

static void sigreturn_cs(void) { sigreturn_cs_ss(SC_CS); }
static void sigreturn_ss(void) { sigreturn_cs_ss(SC_SS); }

/* Not a selector, but the same frame: an fpstate pointer that cannot be
 * read makes the whole frame bad, and Linux sends SIGSEGV (SI_KERNEL,
 * si_addr 0) instead of resuming with the old FPU state. */
static void on_bad_frame(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    raw_exit(sig == SIGSEGV && info->si_code == 0x80 /* SI_KERNEL */ &&
             info->si_addr == NULL ? 50 : 51);
}

static void sigreturn_fpstate(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_bad_frame;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    uint16_t s[4];
    sigreturn_with(SC_FPSTATE, bad_value, s);
    raw_exit(20);
}

/* A child that sigreturns with `value` in one saved register. */
static int sigreturn_child(void (*fn)(void), uint32_t value)
{
    bad_value = value;
    return in_child(fn);
}

static void check_sigreturn(void)
{
    uint16_t user_cs = READ_SEG(cs), user_ds = READ_SEG(ds);
    int iret_code_want = kernel_is_64bit() ? 42 : 40;
    long e = tls_alloc_flat();                 /* a slot, then emptied */
    uint16_t empty = e >= 0 ? selector(e) : 0xFFFB;
    if (e >= 0)
        tls_clear(e);

    int st = sigreturn_child(sigreturn_gs, 0xFFFB);
    CHECK("sigreturn_gs_past_gdt_null", exited_with(st, 0), "child: %s", wstr(st));
    st = sigreturn_child(sigreturn_gs, empty);
    CHECK("sigreturn_gs_empty_slot_null", exited_with(st, 0), "child: %s", wstr(st));
    st = sigreturn_child(sigreturn_fs, empty);
    CHECK("sigreturn_fs_empty_slot_null", exited_with(st, 0), "child: %s", wstr(st));
    st = sigreturn_child(sigreturn_fs, user_cs);
    CHECK("sigreturn_fs_code_ok", exited_with(st, 11), "child: %s (a readable code segment "
          "is a valid %%fs)", wstr(st));
    st = sigreturn_child(sigreturn_ds, 0xFFFB);
    CHECK("sigreturn_ds_past_gdt_null", exited_with(st, 0), "child: %s", wstr(st));
    st = sigreturn_child(sigreturn_ds, empty);
    CHECK("sigreturn_ds_empty_slot_null", exited_with(st, 0), "child: %s", wstr(st));
    st = sigreturn_child(sigreturn_ds, 0);
    CHECK("sigreturn_ds_zero_null", exited_with(st, 0), "child: %s", wstr(st));
    st = sigreturn_child(sigreturn_ds, 0x68);     /* i386's kernel data, RPL 0 */
    CHECK("sigreturn_ds_kernel_null", exited_with(st, 0), "child: %s", wstr(st));
    st = sigreturn_child(sigreturn_cs, user_ds);
    CHECK("sigreturn_cs_data_signal", exited_with(st, iret_code_want), "child: %s, want exit %d",
          wstr(st), iret_code_want);
    st = sigreturn_child(sigreturn_ss, user_cs);
    CHECK("sigreturn_ss_code_signal", exited_with(st, iret_code_want), "child: %s, want exit %d",
          wstr(st), iret_code_want);
    st = sigreturn_child(sigreturn_fpstate, 0x10);
    CHECK("sigreturn_bad_fpstate_segv", exited_with(st, 50), "child: %s, want exit 50", wstr(st));
    st = sigreturn_child(sigreturn_cs, user_cs & ~3);
    CHECK("sigreturn_cs_rpl_forced", exited_with(st, 20), "child: %s (RPL 0 %%cs not made 3)",
          wstr(st));
}

/*
 * Sweeps: every selector the GDT could answer for (indexes 0-40, past its
 * 32 entries; GDT and LDT; every RPL) and two beyond, through sigreturn.
 * Whatever the CPU makes of each one, the program must get a clean
 * outcome: the value, a null register, or a signal.  A data-register
 * value is tried in the same child over and over; right after sigreturn,
 * before touching memory, the child puts sane selectors back (they are in
 * registers the kernel restores: edx, esi, edi).
 */
#define SWEEP_INDEXES 41

static uint16_t sweep_value(int i)
{
    return i < SWEEP_INDEXES * 8 ? (uint16_t)i : (i == SWEEP_INDEXES * 8 ? 0xFFFB : 0xFFFF);
}
#define SWEEP_VALUES (SWEEP_INDEXES * 8 + 2)

static void sigreturn_then_repair(int field, uint32_t value, uint16_t ds, uint16_t gs,
                                  uint16_t fs)
{
    edit_field = field;
    edit_value = value;
    long pid = sys1(NR_getpid, 0), r;
    __asm__ volatile("int $0x80\n\t"          /* kill(pid, SIGUSR1) */
                     "mov %w4, %%ds\n\t"
                     "mov %w4, %%es\n\t"
                     "mov %w5, %%gs\n\t"
                     "mov %w6, %%fs\n\t"
                     : "=a"(r) : "a"(NR_kill), "b"(pid), "c"(SIGUSR1), "d"(ds), "S"(gs),
                       "D"(fs) : "memory");
}

static void sweep_data_registers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = edit_context;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    uint16_t ds = READ_SEG(ds), gs = READ_SEG(gs), fs = READ_SEG(fs);
    static const int fields[] = { SC_GS, SC_FS, SC_ES, SC_DS };
    for (int f = 0; f < 4; f++)
        for (int i = 0; i < SWEEP_VALUES; i++)
            sigreturn_then_repair(fields[f], sweep_value(i), ds, gs, fs);
    raw_exit(0);
}

/* One child per cs or ss value: it resumes (exit 0) or is signalled. */
static int sweep_field, sweep_sel;

static void sweep_one_cs_ss(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = edit_context;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    uint16_t ss = READ_SEG(ss);
    edit_field = sweep_field;
    edit_value = (uint32_t)sweep_sel;
    long pid = sys1(NR_getpid, 0), r;
    __asm__ volatile("int $0x80\n\t"          /* kill(pid, SIGUSR1) */
                     "mov %w4, %%ss\n\t"       /* a sane stack before using it */
                     : "=a"(r) : "a"(NR_kill), "b"(pid), "c"(SIGUSR1), "d"(ss) : "memory");
    raw_exit(0);
}

static void check_sweeps(void)
{
    int st = in_child(sweep_data_registers);
    CHECK("sigreturn_sweep_data_selectors", exited_with(st, 0), "child: %s", wstr(st));

    int resumed = 0, signalled = 0, other = 0;
    uint16_t user_cs = READ_SEG(cs), user_ss = READ_SEG(ss);
    for (sweep_field = SC_CS; sweep_field <= SC_SS; sweep_field += SC_SS - SC_CS)
        for (int index = 0; index < SWEEP_INDEXES; index++)
            for (int ti = 0; ti < 2; ti++) {
                sweep_sel = index << 3 | ti << 2 | 3;
                if (kernel_is_64bit() && sweep_field == SC_CS && sweep_sel == 0x33)
                    continue;           /* a 64-bit kernel's 64-bit code segment */
                st = in_child(sweep_one_cs_ss);
                int good = sweep_sel == (sweep_field == SC_CS ? user_cs : user_ss);
                if (exited_with(st, 0))
                    resumed++;
                else if (killed_by(st) == SIGILL || killed_by(st) == SIGSEGV)
                    signalled++;
                else
                    other++;
                if (good && !exited_with(st, 0))
                    other++;
            }
    if (other == 0 && resumed >= 2 && signalled > 0)
        PASS_INFO("sigreturn_sweep_cs_ss", "%d resumed, %d signalled", resumed, signalled);
    else
        fail("sigreturn_sweep_cs_ss", "%d resumed, %d signalled, %d otherwise",
             resumed, signalled, other);
}

/* ------------------------------------------------- clone(CLONE_SETTLS) */

/* Raw clone like fork (no new stack), installing *u in the child. */
static long clone_tls(struct udesc *u)
{
    return sys5(NR_clone, SIGCHLD_NR | CLONE_SETTLS, 0, 0, (long)u, 0);
}

/* The answer of a clone that must fail: no child may exist after it. */
static long clone_must_fail(struct udesc *u)
{
    long r = clone_tls(u);
    if (r == 0)
        raw_exit(0);                           /* a child that should not be */
    if (r > 0) {
        int st;
        wait_for(r, &st);
    }
    return r;
}

static void check_clone_settls(void)
{
    long e = tls_alloc(0xA000, 0xFFFFF, F_GLIBC);
    if (e < 0) {
        fail("clone_settls", "no TLS slot: %ld", e);
        return;
    }
    struct udesc np = { e, 0xB000, 0xFFFFF, 0x71 }, code = { e, 0xB000, 0xFFFFF, 0x55 };
    struct udesc any = { (uint32_t)-1, 0xB000, 0xFFFFF, F_GLIBC };
    long r = clone_must_fail(&np);
    CHECK("clone_settls_not_present_einval", r == -EINVAL, "clone = %ld", r);
    r = clone_must_fail(&code);
    CHECK("clone_settls_code_einval", r == -EINVAL, "clone = %ld", r);
    r = clone_must_fail(&any);
    CHECK("clone_settls_entry_minus1_einval", r == -EINVAL, "clone = %ld", r);
    r = clone_must_fail(NULL);
    CHECK("clone_settls_efault", r == -EFAULT, "clone = %ld", r);

    struct udesc good = { e, 0xB000, 0xFFFFF, F_GLIBC };
    r = clone_tls(&good);
    if (r == 0)
        raw_exit(slot_is(e, 0xB000, 0xFFFFF, F_GLIBC) ? 0 : 1);
    int st = -1;
    if (r > 0)
        wait_for(r, &st);
    CHECK("clone_settls_child_gets_it", r > 0 && exited_with(st, 0) &&
          slot_is(e, 0xA000, 0xFFFFF, F_GLIBC), "clone = %ld, child %s", r, wstr(st));
    tls_clear(e);
}

/* --------------------------------------------------------------- main */

/* The kernel still works: a child runs and exits with its status. */
static void kernel_survived(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    int st = 0;
    CHECK("survived", pid > 0 && wait_for(pid, &st) == pid && exited_with(st, 7),
          "fork after the cases: %s", wstr(st));
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "sleep") == 0) {
        sleep(1);
        say("t_segments slept\n");
        return 0;
    }
    check_tls_table();
    check_tls_flags_sweep();
    check_tls_slots();
    check_live_selectors();
    check_sigreturn();
    check_sweeps();
    check_clone_settls();
    kernel_survived();
    return finish();
}
