/*
 * proc/elf.c - ELF header checks.  A program file comes from the user,
 * so every field is checked before exec trusts it: a malformed file gets
 * -ENOEXEC and a reason, never a crash.  Pure logic: the host unit test
 * tests/unit/test_elf.c feeds it broken files.
 */
#include "proc/elf.h"
#include "kernel/errno.h"
#include "mm/layout.h"
#include "mm/mm.h"

#define FAIL(reason) do { *why = (reason); return -ENOEXEC; } while (0)

static int check_ident(const struct elf32_ehdr *eh, const char **why)
{
    const uint8_t *id = eh->ident;
    if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        FAIL("not an ELF file (bad magic)");
    if (id[4] != 1)
        FAIL("not a 32-bit ELF file (class)");
    if (id[5] != 1)
        FAIL("not little-endian (data encoding)");
    if (id[6] != 1 || eh->version != 1)
        FAIL("unknown ELF version");
    if (eh->machine != EM_386 && eh->machine != EM_486)
        FAIL("not an i386 program (machine)");
    if (eh->type == ET_DYN)
        FAIL("position-independent (ET_DYN) programs are not supported yet");
    if (eh->type != ET_EXEC)
        FAIL("not an executable (type)");
    return 0;
}

/* One PT_LOAD segment must fit in the file and in user space. */
static int check_load(const struct elf32_phdr *ph, uint32_t file_size, const char **why)
{
    if (ph->filesz > ph->memsz)
        FAIL("segment's file size exceeds its memory size");
    if (ph->offset + ph->filesz < ph->offset || ph->offset + ph->filesz > file_size)
        FAIL("segment extends past the end of the file (truncated?)");
    if (ph->vaddr + ph->memsz < ph->vaddr || ph->vaddr + ph->memsz > USER_END)
        FAIL("segment reaches kernel space (0xC0000000)");
    if (ph->vaddr < MMAP_MIN_ADDR)
        FAIL("segment below the lowest user address (64 KiB)");
    if ((ph->vaddr - ph->offset) % PAGE_SIZE)
        FAIL("segment's address and file offset disagree modulo the page size");
    return 0;
}

int elf_parse(const void *buf, uint32_t buflen, uint32_t file_size,
              struct elf_image *img, const char **why)
{
    const struct elf32_ehdr *eh = buf;
    if (buflen < sizeof(*eh) || file_size < sizeof(*eh))
        FAIL("file too short for an ELF header");
    if (check_ident(eh, why) < 0)
        return -ENOEXEC;
    if (eh->phentsize != sizeof(struct elf32_phdr))
        FAIL("unexpected program header size");
    if (eh->phnum == 0 || eh->phnum > ELF_MAX_PHNUM)
        FAIL("bad program header count");
    if (eh->phoff % 4)
        FAIL("misaligned program header table");
    uint32_t ph_end = eh->phoff + eh->phnum * sizeof(struct elf32_phdr);
    if (ph_end < eh->phoff || ph_end > buflen || ph_end > file_size)
        FAIL("program headers lie outside the file's first page");

    const struct elf32_phdr *ph = (const void *)((const char *)buf + eh->phoff);
    img->nload = 0;
    img->entry = eh->entry;
    img->phnum = eh->phnum;
    img->phdr_addr = 0;
    for (int i = 0; i < eh->phnum; i++) {
        if (ph[i].type == PT_INTERP)
            FAIL("dynamically linked programs are not supported yet");
        if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
            continue;
        if (check_load(&ph[i], file_size, why) < 0)
            return -ENOEXEC;
        if (img->nload == ELF_MAX_LOAD)
            FAIL("too many loadable segments");
        if (img->nload > 0) {
            const struct elf32_phdr *prev = &img->load[img->nload - 1];
            if (PAGE_ROUND_DOWN(ph[i].vaddr) < PAGE_ROUND_UP(prev->vaddr + prev->memsz))
                FAIL("loadable segments overlap or are out of order");
        } else {
            /* Linux's AT_PHDR: the load address of offset 0 plus e_phoff. */
            img->phdr_addr = ph[i].vaddr - ph[i].offset + eh->phoff;
        }
        img->load[img->nload++] = ph[i];
    }
    if (img->nload == 0)
        FAIL("no loadable segments");
    return 0;
}
