/*
 * kernel/main.c - kmain, where C begins.  boot/entry.asm calls it with
 * paging on (the boot map), interrupts off and a small boot stack.
 *
 * The order matters: the console first so everything after can report;
 * the GDT and IDT before anything can fault; physical memory before
 * paging (the page directory needs to know how much RAM to map); paging
 * before the heap (the heap lives in mapped pages).
 */
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/gdt.h"
#include "kernel/irq.h"
#include "kernel/fpu.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/random.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "proc/proc.h"

#define PAGODA_VERSION "0.1"

static void print_banner(void)
{
    uint64_t ram = 0;
    for (int i = 0; i < bootinfo.nranges; i++)
        ram += bootinfo.ranges[i].end - bootinfo.ranges[i].start;
    uint32_t kernel_kib = (uint32_t)(kernel_end - kernel_start) / 1024;
    kprintf("Pagoda %s (i386): %u MiB RAM, %u free frames (%u MiB), "
            "kernel %u KiB at %08x\n",
            PAGODA_VERSION, (uint32_t)(ram >> 20), frames_free(),
            frames_free() / 256, kernel_kib, V2P(kernel_start));
    kprintf("cmdline: %s\n", cmdline_raw());
}

/* The initrd's files now live in the RAM file system: give its modules'
 * memory back (Linux prints "Freeing initrd memory" here). */
static void free_initrd_memory(void)
{
    uint32_t freed = mm_free_initrd(&bootinfo);
    if (freed)
        kprintf("initrd: freed %u KiB\n", freed * 4);
}

/* Run the self-tests named by ktest=..., then power off with the result. */
static void run_ktests(const char *which)
{
    int failed = ktest_run(which);
    power_off(failed == 0 ? POWER_OK : POWER_FAILED);
}

/* init=/bin/prog arg1 arg2 ...: the first program and its arguments. */
static void start_first_process(void)
{
    static char *argv[CMDLINE_MAX_ARGS + 2];
    const char *path = cmdline_get("init");
    if (!path)
        path = "/bin/init";
    int argc = 0;
    argv[argc++] = (char *)path;
    for (int i = 0; i < cmdline_argc(); i++)
        argv[argc++] = (char *)cmdline_arg(i);
    argv[argc] = NULL;
    start_init(path, argv);
}

void kmain(uint32_t magic, uint32_t mbi_pa)
{
    console_init();
    gdt_init();
    idt_init();
    irq_init();
    bootinfo_init(magic, mbi_pa);
    cmdline_parse(bootinfo.cmdline);
    mm_init_frames(&bootinfo);
    paging_init();
    kheap_init();
    timer_init();
    print_banner();
    tsc_init();
    sti();

    const char *which = cmdline_get("ktest");
    if (which)
        run_ktests(which);
    fpu_init();
    random_init();
    syscall_init();
    time_init();
    fs_init();
    free_initrd_memory();
    start_first_process();
}
