/*
 * mm/memmap.c - turns the bootloader's memory map into free frames.
 *
 * Reserved forever: the first MiB (BIOS data, VGA memory, ROMs), the
 * kernel image, the multiboot modules (the initrd) and the frame table
 * itself, which we place right after whichever of those ends last.
 */
#include "mm/frame.h"
#include "mm/layout.h"
#include "kernel/panic.h"

#define LOW_MEMORY_END   0x100000u          /* first MiB */
#define BOOT_MAPPED_END  (64u << 20)        /* boot/entry.asm maps 64 MiB */

void mm_init_frames(const struct boot_info *bi)
{
    uint64_t top = 0;
    for (int i = 0; i < bi->nranges; i++)
        if (bi->ranges[i].end > top)
            top = bi->ranges[i].end;
    if (top > LOWMEM_MAX)
        top = LOWMEM_MAX;                   /* high memory is not used */
    uint32_t nframes = (uint32_t)(top >> PAGE_SHIFT);

    struct mem_range reserved[BOOT_MAX_MODULES + 3];
    int nres = 0;
    reserved[nres++] = (struct mem_range){ 0, LOW_MEMORY_END };
    reserved[nres++] = (struct mem_range){ V2P(kernel_start), V2P(kernel_end) };
    uint32_t table_pa = V2P(kernel_end);
    for (int i = 0; i < bi->nmodules; i++) {
        reserved[nres++] = (struct mem_range){ bi->modules[i].start, bi->modules[i].end };
        if (bi->modules[i].end > table_pa)
            table_pa = bi->modules[i].end;
    }
    table_pa = PAGE_ROUND_UP(table_pa);
    uint32_t table_size = PAGE_ROUND_UP(nframes * sizeof(struct page));
    if (table_pa + table_size > BOOT_MAPPED_END)
        panic("frame table at %08x does not fit below %u MiB: modules too large?",
              table_pa, BOOT_MAPPED_END >> 20);
    reserved[nres++] = (struct mem_range){ table_pa, table_pa + table_size };

    frames_init(P2V(table_pa), nframes);
    frames_release_ranges(bi->ranges, bi->nranges, reserved, nres);
}
