/*
 * kernel/bootinfo.c - reads the multiboot information structure.
 */
#include "kernel/bootinfo.h"
#include "kernel/multiboot.h"
#include "kernel/panic.h"
#include "lib/string.h"
#include "mm/layout.h"

struct boot_info bootinfo;

static void read_memory_map(const struct multiboot_info *mbi)
{
    uint32_t pos = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;
    while (pos < end && bootinfo.nranges < BOOT_MAX_RANGES) {
        const struct multiboot_mmap_entry *e = P2V(pos);
        if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->len > 0) {
            struct mem_range *r = &bootinfo.ranges[bootinfo.nranges++];
            r->start = e->addr;
            r->end = e->addr + e->len;
        }
        pos += e->size + sizeof(e->size);
    }
}

/* Old loaders give only mem_upper: RAM from 1 MiB up, in KiB. */
static void read_mem_upper(const struct multiboot_info *mbi)
{
    bootinfo.nranges = 1;
    bootinfo.ranges[0].start = 0x100000;
    bootinfo.ranges[0].end = 0x100000 + (uint64_t)mbi->mem_upper * 1024;
}

static void read_modules(const struct multiboot_info *mbi)
{
    const struct multiboot_module *m = P2V(mbi->mods_addr);
    for (uint32_t i = 0; i < mbi->mods_count && i < BOOT_MAX_MODULES; i++) {
        bootinfo.modules[i].start = m[i].mod_start;
        bootinfo.modules[i].end = m[i].mod_end;
        bootinfo.nmodules++;
    }
}

/* Is the command line's first word the kernel's own file name?  QEMU's
 * -kernel puts it first ("build/kernel.elf ktest=all"); GRUB 2 passes
 * only what follows the file on its `multiboot` line ("ktest=all").  A
 * file name has a '/' or ends in ".elf"; an option has neither, or an '='. */
static int starts_with_file_name(const char *line)
{
    const char *end = line;
    int slash = 0;
    while (*end && *end != ' ') {
        if (*end == '=')
            return 0;
        slash |= *end == '/';
        end++;
    }
    return slash || (end - line >= 4 && memcmp(end - 4, ".elf", 4) == 0);
}

/* Keep the options, without the loader's file name if it put one first. */
static void copy_cmdline(const char *line)
{
    if (starts_with_file_name(line))
        while (*line && *line != ' ')
            line++;
    while (*line == ' ')
        line++;
    strlcpy(bootinfo.cmdline, line, sizeof(bootinfo.cmdline));
}

void bootinfo_init(uint32_t magic, uint32_t mbi_pa)
{
    if (magic != MULTIBOOT_BOOT_MAGIC)
        panic("not started by a multiboot loader (eax = %08x)", magic);
    const struct multiboot_info *mbi = P2V(mbi_pa);
    if (mbi->flags & MB_INFO_MEM_MAP)
        read_memory_map(mbi);
    else if (mbi->flags & MB_INFO_MEMORY)
        read_mem_upper(mbi);
    else
        panic("the bootloader gave no memory information");
    if (mbi->flags & MB_INFO_MODS)
        read_modules(mbi);
    if (mbi->flags & MB_INFO_CMDLINE)
        copy_cmdline(P2V(mbi->cmdline));
}
