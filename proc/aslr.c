/*
 * proc/aslr.c - address-space layout randomisation, with Linux 6.1
 * i386's ranges and rules for a static ET_EXEC program.
 *
 * The program itself stays where its ELF headers put it (0x08048000 for
 * an ET_EXEC file); three places move, each by a fresh random amount at
 * every exec:
 *
 *   the stack top   0xC0000000 minus 0..2047 pages (STACK_RND_MASK),
 *                   then arch_align_stack: 0..8191 bytes lower, rounded
 *                   up to a page (fs/binfmt_elf.c randomize_stack_top,
 *                   fs/exec.c setup_arg_pages).  Below the argument
 *                   strings arch_align_stack shuffles once more, so
 *                   AT_RANDOM and the first %esp move inside the page.
 *   the mmap base   0xC0000000 minus the room kept for the stack (the
 *                   stack limit + its largest random shift + the 1 MiB
 *                   guard gap, clamped to [128 MiB, 5/6 of user space]),
 *                   minus 0..255 pages (mmap_rnd_bits = 8, the 32-bit
 *                   default) (arch/x86/mm/mmap.c mmap_base).
 *   the brk start   the page after the bss plus 0..8191 pages: up to
 *                   32 MiB (arch/x86/kernel/process.c arch_randomize_brk,
 *                   mm/util.c randomize_page).
 *
 * So with randomisation the bss is an unnamed anonymous region on its
 * own and [heap] starts somewhere above it; without it, start_brk is the
 * end of the bss, and the bss and the brk area are both [heap] (maps
 * names every region touching [start_brk, brk] so).
 *
 * The legacy layout (legacy_va_layout=1 on the command line, or a
 * personality with ADDR_COMPAT_LAYOUT: `setarch -L`) keeps the stack and
 * the heap where they are but searches for mmap's free ranges bottom-up
 * from TASK_UNMAPPED_BASE = 0x40000000 (plus the same random pages),
 * as Linux i386 did before 2.6.9 and the textbook pictures still draw.
 *
 * Randomisation is off, and the layout is the fixed one every earlier
 * Pagoda had (stack top 0xC0000000, mmap base 0xB8000000, heap right
 * after the bss), when the kernel command line says `norandmaps` (Linux:
 * randomize_va_space = 0), or for programs exec'd by a process whose
 * personality has ADDR_NO_RANDOMIZE (`setarch -R`, gdb's
 * disable-randomization).
 */
#include "proc/aslr.h"
#include "kernel/cmdline.h"
#include "kernel/random.h"
#include "mm/layout.h"
#include "mm/mm.h"

#define STACK_TOP        USER_END
#define STACK_RND_MASK   0x7ffu          /* pages (arch/x86/include/asm/elf.h, ia32) */
#define STACK_ALIGN_RND  8192u           /* arch_align_stack's byte range */
#define MMAP_RND_BITS    8               /* CONFIG_ARCH_MMAP_RND_BITS_MIN, 32-bit */
#define MMAP_GAP_MIN     (128u << 20)    /* SIZE_128M: at least this for the stack */
#define MMAP_GAP_MAX     (USER_END / 6 * 5)
#define BRK_RND_RANGE    0x02000000u     /* arch_randomize_brk: 32 MiB */

/* Linux's PF_RANDOMIZE test in load_elf_binary. */
int aslr_enabled(uint32_t personality)
{
    return !(personality & ADDR_NO_RANDOMIZE) && !cmdline_has("norandmaps");
}

/* fs/binfmt_elf.c randomize_stack_top: 0..STACK_RND_MASK pages down. */
uint32_t randomize_stack_top(int randomize)
{
    uint32_t shift = 0;
    if (randomize)
        shift = (get_random_u32() & STACK_RND_MASK) << PAGE_SHIFT;
    return PAGE_ROUND_UP(STACK_TOP) - shift;
}

/* arch/x86/kernel/process.c arch_align_stack: 0..8191 bytes down, then
 * 16-byte aligned (only the alignment without randomisation). */
uint32_t arch_align_stack(uint32_t sp, int randomize)
{
    if (randomize)
        sp -= get_random_u32() % STACK_ALIGN_RND;
    return sp & ~0xfu;
}

/* The most randomize_stack_top can take off the stack top. */
static uint32_t stack_maxrandom_size(int randomize)
{
    return randomize ? STACK_RND_MASK << PAGE_SHIFT : 0;
}

/* The random part of either mmap base: 0..2^MMAP_RND_BITS - 1 pages
 * (arch_rnd). */
static uint32_t mmap_rnd(int randomize)
{
    if (!randomize)
        return 0;
    return (get_random_u32() & ((1u << MMAP_RND_BITS) - 1)) << PAGE_SHIFT;
}

/* arch/x86/mm/mmap.c mmap_base: below the room kept for the stack,
 * 0..2^MMAP_RND_BITS - 1 pages lower. */
uint32_t arch_mmap_base(int randomize)
{
    uint32_t gap = STACK_LIMIT;
    uint32_t pad = stack_maxrandom_size(randomize) + STACK_GUARD_GAP;
    if (gap + pad > gap)
        gap += pad;
    if (gap < MMAP_GAP_MIN)
        gap = MMAP_GAP_MIN;
    else if (gap > MMAP_GAP_MAX)
        gap = MMAP_GAP_MAX;
    return PAGE_ROUND_UP(USER_END - gap - mmap_rnd(randomize));
}

int mmap_is_legacy(uint32_t personality)
{
    return (personality & ADDR_COMPAT_LAYOUT) || cmdline_get_int("legacy_va_layout", 0) == 1;
}

/* __TASK_UNMAPPED_BASE: PAGE_ALIGN(TASK_SIZE / 3), 0x40000000 on i386. */
uint32_t arch_mmap_legacy_base(int randomize)
{
    return PAGE_ROUND_UP(USER_END / 3) + mmap_rnd(randomize);
}

/* Linux's randomize_page(start, range): a page-aligned address in
 * [start, start + range), start rounded up to a page first. */
static uint32_t randomize_page(uint32_t start, uint32_t range)
{
    if (start & (PAGE_SIZE - 1)) {
        range -= PAGE_ROUND_UP(start) - start;
        start = PAGE_ROUND_UP(start);
    }
    if (start > 0xffffffffu - range)
        range = 0xffffffffu - start;
    range >>= PAGE_SHIFT;
    if (range == 0)
        return start;
    return start + ((get_random_u32() % range) << PAGE_SHIFT);
}

/* arch/x86/kernel/process.c arch_randomize_brk: within 32 MiB above. */
uint32_t arch_randomize_brk(uint32_t brk)
{
    return randomize_page(brk, BRK_RND_RANGE);
}
