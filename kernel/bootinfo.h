/*
 * kernel/bootinfo.h - what the bootloader told us, copied out of the
 * multiboot structures at the very start (the memory they occupy is
 * handed out as free frames later).
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdint.h>

#define BOOT_MAX_RANGES  32
#define BOOT_MAX_MODULES 8

struct mem_range {
    uint64_t start, end;          /* physical [start, end) */
};

struct boot_module {
    uint32_t start, end;          /* physical [start, end) */
};

struct boot_info {
    int nranges;                  /* usable RAM from the BIOS memory map */
    struct mem_range ranges[BOOT_MAX_RANGES];
    int nmodules;                 /* initrd images, in load order */
    struct boot_module modules[BOOT_MAX_MODULES];
    char cmdline[1024];
};

extern struct boot_info bootinfo;

/* Fill `bootinfo` from the multiboot information at physical `mbi_pa`. */
void bootinfo_init(uint32_t magic, uint32_t mbi_pa);

#endif
