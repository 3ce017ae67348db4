/*
 * memlayout - the textbook picture of a process, printed from life.
 *
 * Every C course draws the same diagram: text at the bottom, then
 * data, bss and the heap growing up, the stack at the top growing down,
 * and shared libraries and other mappings in between.  This program
 * makes one of each kind of thing - an initialised global, an
 * uninitialised static, a string literal, a small and a large malloc'd
 * block, a local variable, two functions, argv and envp - and prints
 * /proc/self/maps from the top down with each thing's address under
 * the region it lies in.
 *
 * It is an ordinary Linux program: run it natively too and compare.
 * Usage: memlayout [ARG...]   (the arguments show up as argv strings)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "procmaps.h"

#define MAX_REGIONS 64
#define SMALL_BYTES 16
#define LARGE_BYTES (1024 * 1024)    /* past malloc's threshold: an mmap */
#define KERNEL_BASE 0xC0000000ul     /* where an i386 kernel's 1 GiB starts */

int global_init = 42;                /* .data: the 42 is stored in the file */
static int static_uninit;            /* .bss: zero, not stored in the file */
static char big_bss[64 * 1024];      /* .bss past data's last page */
static const char *literal = "a string literal";    /* the chars: .rodata */

/* One thing whose address is shown. */
struct thing {
    unsigned long addr;
    const char *label;               /* a short token, e.g. "global_init" */
    char what[96];                   /* what it is, in C */
};

static struct thing things[16];
static int nthings;

static void add(const void *addr, const char *label, const char *what)
{
    struct thing *t = &things[nthings++];
    t->addr = (unsigned long)addr;
    t->label = label;
    snprintf(t->what, sizeof(t->what), "%s", what);
}

/* A function that is not main: its code is in text too. */
__attribute__((noinline)) static int function(int x)
{
    return x * 2 + static_uninit;
}

/* Higher addresses first, as the picture is drawn. */
static int by_address_down(const void *a, const void *b)
{
    unsigned long x = ((const struct thing *)a)->addr;
    unsigned long y = ((const struct thing *)b)->addr;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* What the textbook calls a region r, from its maps line (below is the
 * region under it, or NULL). */
static const char *kind_of(const struct maps_region *r,
                           const struct maps_region *below, const char *self)
{
    if (strcmp(r->name, "[stack]") == 0)
        return "the stack, grows down";
    if (strcmp(r->name, "[heap]") == 0)
        return "the heap (brk), grows up";
    if (r->name[0] == '[')
        return "set up by the kernel";
    if (r->name[0] == '\0' && below && below->end == r->start &&
        strcmp(below->name, self) == 0 && below->perms[1] == 'w')
        return "bss past the file's last page: zero-filled, anonymous";
    if (r->name[0] == '\0')
        return "anonymous: an mmap";
    if (strcmp(r->name, self) != 0)
        return "a mapped file";
    if (r->perms[2] == 'x')
        return "text: the program's code";
    if (r->perms[1] == 'w')
        return "data, and the bss that shares its page";
    if (r->offset == 0)
        return "the ELF header, read-only";
    return "read-only data";
}

/* The top line: what lies above the highest region. */
static void print_top(void)
{
    struct utsname u;
    if (uname(&u) == 0 && strcmp(u.machine, "x86_64") == 0)
        printf("(a 64-bit kernel runs this 32-bit program: its user space "
               "goes up to 4 GiB, the kernel is above that)\n");
    else
        printf("%08lx-ffffffff  the kernel's 1 GiB: in every page table, "
               "not in maps, no access from user mode\n", KERNEL_BASE);
}

/* Print every region from the top down, each thing under its region. */
static void print_picture(const struct maps_region *regions, int n, const char *self)
{
    int next = 0;                            /* things are sorted down too */
    for (int i = n - 1; i >= 0; i--) {
        const struct maps_region *r = &regions[i];
        printf("%s\n      (%s)\n", r->line, kind_of(r, i ? &regions[i - 1] : NULL, self));
        for (; next < nthings && things[next].addr >= r->start; next++)
            if (things[next].addr < r->end)
                printf("    %08lx  %-14s %s\n", things[next].addr,
                       things[next].label, things[next].what);
            else
                printf("    %08lx  %-14s %s  (in no region!)\n",
                       things[next].addr, things[next].label, things[next].what);
    }
}

int main(int argc, char **argv, char **envp)
{
    int local = function(3);
    char *small = malloc(SMALL_BYTES);
    char *large = malloc(LARGE_BYTES);
    if (!small || !large) {
        perror("memlayout: malloc");
        return 1;
    }
    big_bss[0] = 1;
    char what[96];
    add(argv[0], "argv[0]", "the program's name, copied onto the stack by exec");
    if (envp[0]) {
        snprintf(what, sizeof(what), "\"%.40s\", an environment string", envp[0]);
        add(envp[0], "envp[0]", what);
    }
    if (argc > 1)
        add(argv[1], "argv[1]", "the first argument");
    snprintf(what, sizeof(what), "int local = %d; in main's stack frame", local);
    add(&local, "local", what);
    add(large, "large_malloc", "malloc(1 MiB): too big for the heap, its own mmap");
    add(small, "small_malloc", "malloc(16): a block of the brk heap");
    add(big_bss, "big_bss", "static char big_bss[64 KiB]; (bss)");
    add(&static_uninit, "static_uninit", "static int static_uninit; (bss: zero)");
    snprintf(what, sizeof(what), "int global_init = %d; (data)", global_init);
    add(&global_init, "global_init", what);
    snprintf(what, sizeof(what), "\"%s\" (read-only data)", literal);
    add(literal, "literal", what);
    add((void *)main, "main", "the code of main()");
    add((void *)function, "function", "the code of function()");
    qsort(things, nthings, sizeof(things[0]), by_address_down);

    static struct maps_region regions[MAX_REGIONS];
    int n = maps_read("/proc/self/maps", regions, MAX_REGIONS);
    if (n <= 0) {
        perror("memlayout: /proc/self/maps");
        return 1;
    }
    /* The program's own file: the region that holds main. */
    const char *self = "";
    for (int i = 0; i < n; i++)
        if (regions[i].start <= (unsigned long)main && (unsigned long)main < regions[i].end)
            self = regions[i].name;

    printf("memlayout (pid %d): where a C program's things live, "
           "high addresses first\n\n", (int)getpid());
    print_top();
    print_picture(regions, n, self);
    return 0;
}
