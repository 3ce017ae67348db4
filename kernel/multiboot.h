/*
 * kernel/multiboot.h - the structures a multiboot v1 loader hands us
 * (Multiboot Specification 0.6.96, section 3.3).  All addresses inside
 * are physical.
 */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOT_MAGIC 0x2BADB002   /* in eax at entry */

#define MB_INFO_MEMORY   (1u << 0)   /* mem_lower / mem_upper valid */
#define MB_INFO_CMDLINE  (1u << 2)
#define MB_INFO_MODS     (1u << 3)
#define MB_INFO_MEM_MAP  (1u << 6)

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;     /* KiB below 1 MiB / above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

/* One entry of the BIOS memory map.  `size` does not count itself. */
struct multiboot_mmap_entry {
    uint32_t size;
    uint64_t addr;
    uint64_t len;
    uint32_t type;                     /* 1 = available RAM */
} __attribute__((packed));

#define MULTIBOOT_MEMORY_AVAILABLE 1

struct multiboot_module {
    uint32_t mod_start, mod_end;       /* [start, end) physical */
    uint32_t string;                   /* the module's command line */
    uint32_t reserved;
} __attribute__((packed));

#endif
