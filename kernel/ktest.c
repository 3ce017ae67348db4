/*
 * kernel/ktest.c - runs the self-tests.
 */
#include "kernel/ktest.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "lib/string.h"
#include "fs/vfs.h"

static const char *ktest_panic(void)
{
    panic("ktest: deliberate panic (ktest=panic)");
}

/* Kernel code loading a bad selector anywhere but trap_return is a bug:
 * the fixup table (kernel/fixup.c) must not hide it, so this panics. */
static const char *ktest_badsel(void)
{
    __asm__ volatile("mov %w0, %%fs" : : "r"(0xFFF8) : "memory");
    return "loading selector 0xfff8 did not fault";
}

static const struct ktest tests[] = {
    { "frames", ktest_frames, 1 },
    { "paging", ktest_paging, 1 },
    { "kmalloc", ktest_kmalloc, 1 },
    { "fs", ktest_fs, 1 },
    { "mm_enomem", ktest_mm_enomem, 1 },
    { "panic", ktest_panic, 0 },
    { "badsel", ktest_badsel, 0 },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int ktest_run(const char *which)
{
    int all = strcmp(which, "all") == 0, ran = 0, failed = 0;
    for (int i = 0; i < NTESTS; i++) {
        if (all ? !tests[i].in_all : strcmp(which, tests[i].name) != 0)
            continue;
        const char *why = tests[i].fn();
        ran++;
        if (why) {
            failed++;
            kprintf("FAIL %s: %s\n", tests[i].name, why);
        } else {
            kprintf("PASS %s\n", tests[i].name);
        }
    }
    if (ran == 0) {
        kprintf("ktest: no test named '%s'\n", which);
        return -1;
    }
    kprintf("ktest: %d passed, %d failed\n", ran - failed, failed);
    return failed;
}
