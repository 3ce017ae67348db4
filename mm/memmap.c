/*
 * mm/memmap.c - turns the bootloader's memory map into free frames.
 *
 * Reserved forever: the first MiB (BIOS data, VGA memory, ROMs), the
 * kernel image and the frame table itself, which we place right after
 * whichever of the kernel and the multiboot modules ends last.  The
 * modules (the initrd) are reserved only until fs/initrd.c has copied
 * their files into the RAM file system; mm_free_initrd then frees them,
 * as Linux frees the initramfs ("Freeing initrd memory").
 */
#include "mm/frame.h"
#include "mm/layout.h"
#include "kernel/panic.h"

#define LOW_MEMORY_END   0x100000u          /* first MiB */
#define BOOT_MAPPED_END  (64u << 20)        /* boot/entry.asm maps 64 MiB */

static struct mem_range frame_table;     /* where mm_init_frames put it */

/* The ranges that stay reserved for good: low memory, kernel, frame table. */
static int permanent_reserved(struct mem_range *out)
{
    out[0] = (struct mem_range){ 0, LOW_MEMORY_END };
    out[1] = (struct mem_range){ V2P(kernel_start), V2P(kernel_end) };
    out[2] = frame_table;
    return 3;
}

void mm_init_frames(const struct boot_info *bi)
{
    uint64_t top = 0;
    for (int i = 0; i < bi->nranges; i++)
        if (bi->ranges[i].end > top)
            top = bi->ranges[i].end;
    if (top > LOWMEM_MAX)
        top = LOWMEM_MAX;                   /* high memory is not used */
    uint32_t nframes = (uint32_t)(top >> PAGE_SHIFT);

    uint32_t table_pa = V2P(kernel_end);
    for (int i = 0; i < bi->nmodules; i++)
        if (bi->modules[i].end > table_pa)
            table_pa = bi->modules[i].end;
    table_pa = PAGE_ROUND_UP(table_pa);
    uint32_t table_size = PAGE_ROUND_UP(nframes * sizeof(struct page));
    if (table_pa + table_size > BOOT_MAPPED_END)
        panic("frame table at %08x does not fit below %u MiB: modules too large?",
              table_pa, BOOT_MAPPED_END >> 20);
    frame_table = (struct mem_range){ table_pa, table_pa + table_size };

    struct mem_range reserved[BOOT_MAX_MODULES + 3];
    int nres = permanent_reserved(reserved);
    for (int i = 0; i < bi->nmodules; i++)
        reserved[nres++] = (struct mem_range){ bi->modules[i].start, bi->modules[i].end };
    frames_init(P2V(table_pa), nframes);
    frames_release_ranges(bi->ranges, bi->nranges, reserved, nres);
}

/* Free the modules' frames (see the header comment).  Only whole frames
 * inside usable RAM and inside a module are freed.  Returns how many. */
uint32_t mm_free_initrd(const struct boot_info *bi)
{
    struct mem_range modules[BOOT_MAX_MODULES], reserved[3];
    int nres = permanent_reserved(reserved);
    for (int i = 0; i < bi->nmodules; i++) {
        struct mem_range m = { bi->modules[i].start, bi->modules[i].end };
        int in_ram = 0;                 /* a module must lie in usable RAM */
        for (int r = 0; r < bi->nranges && !in_ram; r++)
            in_ram = bi->ranges[r].start <= m.start && m.end <= bi->ranges[r].end;
        modules[i] = in_ram ? m : (struct mem_range){ 0, 0 };
    }
    uint32_t before = frames_total();
    frames_release_ranges(modules, bi->nmodules, reserved, nres);
    return frames_total() - before;
}
