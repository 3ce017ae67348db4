/*
 * tests/unit/fs_stubs.h - a pretend kernel for the fs/ unit tests.
 *
 * Include it first, then the fs/ sources under test.  It provides:
 *   - physical memory: TEST_FRAMES fake frames with reference counts;
 *     "physical addresses" are (index + 1) * 4096 and P2V maps them into
 *     one host buffer (frames come back full of 0xAA, as real frames are
 *     not zeroed);
 *   - kmalloc/kfree on the host heap;
 *   - user memory: copy_*_user are memcpy, except that any address below
 *     4096 faults with -EFAULT;
 *   - a current process, a clock, sleep_on (which reports a signal, so a
 *     test never blocks), and recorders for wakeups, signals, console
 *     output and kernel messages.
 */
#ifndef TESTS_UNIT_FS_STUBS_H
#define TESTS_UNIT_FS_STUBS_H

#define UNIT_PANIC_STUB
#include "tests/unit/unit.h"

#include <stdarg.h>
#include "kernel/errno.h"
#include "kernel/bootinfo.h"
#include "kernel/console.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/region.h"
#include "mm/uaccess.h"
#include "proc/syscalls.h"
#undef NSIG                      /* the host's <signal.h> came with unit.h */
#undef SIG_DFL
#undef SIG_IGN
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"

/* ---- frames -------------------------------------------------------------- */

#define TEST_FRAMES 2048
static uint8_t *test_mem;
static uint32_t test_refs[TEST_FRAMES];
static int test_frames_left = -1;        /* >= 0: fail after that many */

#undef P2V
#undef V2P
#define P2V(pa) ((void *)(test_mem + ((uint32_t)(pa) - PAGE_SIZE)))

UNIT_FN void test_mem_init(void)
{
    if (!test_mem)
        test_mem = aligned_alloc(PAGE_SIZE, (size_t)TEST_FRAMES * PAGE_SIZE);
}

UNIT_FN uint32_t frame_index(uint32_t pa)
{
    if (pa == 0 || pa % PAGE_SIZE || pa / PAGE_SIZE > TEST_FRAMES)
        panic("bad frame address %#x", pa);
    return pa / PAGE_SIZE - 1;
}

uint32_t frame_alloc(void)
{
    test_mem_init();
    if (test_frames_left == 0)
        return 0;
    for (uint32_t i = 0; i < TEST_FRAMES; i++) {
        if (test_refs[i] == 0) {
            test_refs[i] = 1;
            memset(test_mem + (size_t)i * PAGE_SIZE, 0xAA, PAGE_SIZE);
            if (test_frames_left > 0)
                test_frames_left--;
            return (i + 1) * PAGE_SIZE;
        }
    }
    return 0;
}

void frame_get(uint32_t pa)
{
    test_refs[frame_index(pa)]++;
}

void frame_put(uint32_t pa)
{
    uint32_t i = frame_index(pa);
    if (test_refs[i] == 0)
        panic("frame_put of a free frame %#x", pa);
    test_refs[i]--;
}

uint32_t frame_refcount(uint32_t pa)
{
    return test_refs[frame_index(pa)];
}

/* The test's processes have no address spaces: no region is ever found
 * (fs/inode.c asks, for ETXTBSY). */
struct vm_area *region_find(const struct region_list *list, uintptr_t addr)
{
    (void)list, (void)addr;
    return NULL;
}

/* Usable RAM, as frames_total() says it: the file system may fill half. */
static uint32_t test_frames_total = TEST_FRAMES;

uint32_t frames_total(void)
{
    return test_frames_total;
}

/* Frames in use now: a test compares before and after to find leaks. */
UNIT_FN uint32_t frames_in_use(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < TEST_FRAMES; i++)
        n += test_refs[i] != 0;
    return n;
}

/* ---- heap ------------------------------------------------------------------ */

static long test_heap_blocks;            /* allocated minus freed */

void *kmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p)
        test_heap_blocks++;
    return p;
}

void *kzalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (p)
        test_heap_blocks++;
    return p;
}

void kfree(void *ptr)
{
    if (ptr)
        test_heap_blocks--;
    free(ptr);
}

/* ---- mappings --------------------------------------------------------------- */

/* ramfs_truncate tells mm (mm/truncate.h); no process maps anything here,
 * so the stub only records the call. */
#include "mm/truncate.h"
static uint32_t test_truncated_to = 0xFFFFFFFFu;
void mm_truncate_file(struct inode *file, uint32_t size)
{
    (void)file;
    test_truncated_to = size;
}

/* ---- user memory ------------------------------------------------------------ */

UNIT_FN int bad_user(const void *p)
{
    return (uintptr_t)p < PAGE_SIZE;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
    if (n && bad_user(usrc))
        return -EFAULT;
    memcpy(dst, usrc, n);
    return 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
    if (n && bad_user(udst))
        return -EFAULT;
    memcpy(udst, src, n);
    return 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
    if (bad_user(usrc))
        return -EFAULT;
    size_t len = strnlen(usrc, max);
    if (len == max)
        return -ENAMETOOLONG;
    memcpy(dst, usrc, len + 1);
    return (long)len;
}

int clear_user(void *udst, size_t n)
{
    if (n && bad_user(udst))
        return -EFAULT;
    memset(udst, 0, n);
    return 0;
}

/* The prefix copies: a stand-in buffer is bad from its start or not at
 * all, so they copy everything or nothing. */
size_t copy_to_user_prefix(void *udst, const void *src, size_t n)
{
    return copy_to_user(udst, src, n) < 0 ? 0 : n;
}

size_t copy_from_user_prefix(void *dst, const void *usrc, size_t n)
{
    return copy_from_user(dst, usrc, n) < 0 ? 0 : n;
}

size_t clear_user_prefix(void *udst, size_t n)
{
    return clear_user(udst, n) < 0 ? 0 : n;
}

/* Host pointers are all "user space"; only a wrapping range is not. */
int access_ok(const void *uaddr, size_t n)
{
    return (uintptr_t)uaddr + n >= (uintptr_t)uaddr;
}

/* ---- processes, time, signals ---------------------------------------------- */

static struct proc test_proc;
struct proc *current = &test_proc;
static uint32_t test_ticks;
static int test_sleeps, test_wakeups, test_last_signal, test_fg_signal;

uint32_t timer_ticks(void) { return test_ticks; }
uint64_t ktime_get_ns(void) { return (uint64_t)test_ticks * 10000000; }
void timer_add_tick_hook(void (*hook)(void)) { (void)hook; }
/* The tests run with every limit unlimited (proc/rlimit.c is not here). */
uint64_t rlimit_cur(const struct proc *p, int resource) { (void)p; (void)resource; return ~0ull; }
/* fs/timerfd.c's deadlines: relative to the stub clock (the wall clock
 * and the boot clock are the same here). */
uint64_t time_deadline(int clk, const struct timespec32 *ts, int absolute)
{
    (void)clk;
    uint64_t ns = (uint64_t)ts->sec * 1000000000u + (uint32_t)ts->nsec;
    return absolute ? ns : ktime_get_ns() + ns;
}
uint32_t rtc_read_epoch(void) { return 1700000000u; }

int sleep_on(void *chan)
{
    (void)chan;
    test_sleeps++;
    return -EINTR;               /* as if a signal came: never block */
}

void wakeup(void *chan)
{
    (void)chan;
    test_wakeups++;
}

void yield(void) {}
void signal_send(struct proc *p, int sig) { (void)p; test_last_signal = sig; }
void signal_mask_set_temporarily(uint64_t mask) { (void)mask; }
void signal_mask_restore(int interrupted) { (void)interrupted; }
int signal_pending(struct proc *p) { (void)p; return 0; }
void tty_signal_foreground(int sig) { test_fg_signal = sig; }
long tty_check_read(void) { return 0; }
long tty_check_write(void) { return 0; }
long tty_ctty_ioctl(uint32_t cmd, unsigned long arg, int *handled) { (void)cmd, (void)arg; *handled = 0; return -ENOTTY; }
int tty_open_ctty(void) { return 0; }

/* ---- console, messages, devices -------------------------------------------- */

static char test_console[65536];
static size_t test_console_len;
static char test_kmsg[8192];
static size_t test_kmsg_len;

void console_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len && test_console_len < sizeof test_console - 1; i++)
        test_console[test_console_len++] = buf[i];
    test_console[test_console_len] = '\0';
}

/* Raw output (OPOST or ONLCR off) is captured in the same buffer and
 * counted apart, so a test can tell which way the bytes went. */
static size_t test_console_raw_bytes;
void console_write_raw(const char *buf, size_t len)
{
    test_console_raw_bytes += len;
    console_write(buf, len);
}

UNIT_FN void console_clear(void)
{
    test_console_len = 0;
    test_console[0] = '\0';
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(test_kmsg + test_kmsg_len, sizeof test_kmsg - test_kmsg_len,
                      fmt, ap);
    va_end(ap);
    if (n > 0)
        test_kmsg_len += (size_t)n;
    if (test_kmsg_len >= sizeof test_kmsg)
        test_kmsg_len = sizeof test_kmsg - 1;
    return n;
}

UNIT_FN void kmsg_clear(void)
{
    test_kmsg_len = 0;
    test_kmsg[0] = '\0';
}

void irq_register(int irq, void (*handler)(void)) { (void)irq, (void)handler; }
void serial_enable_rx_irq(void) {}
int serial_getc(void) { return -1; }
struct boot_info bootinfo;

#endif
