/*
 * proc/elf.h - reading and checking ELF32 executables (the System V ABI,
 * "ELF" chapter, and its i386 supplement).
 */
#ifndef PROC_ELF_H
#define PROC_ELF_H

#include <stdint.h>

#define ELF_MAX_LOAD  16       /* PT_LOAD segments we accept */
#define ELF_MAX_PHNUM 64

struct elf32_ehdr {
    uint8_t  ident[16];        /* 0x7f 'E' 'L' 'F', class, data, version, ... */
    uint16_t type;             /* ET_EXEC */
    uint16_t machine;          /* EM_386 */
    uint32_t version;
    uint32_t entry;            /* first instruction */
    uint32_t phoff;            /* program header table offset */
    uint32_t shoff;
    uint32_t flags;
    uint16_t ehsize;
    uint16_t phentsize;
    uint16_t phnum;
    uint16_t shentsize, shnum, shstrndx;
};

struct elf32_phdr {
    uint32_t type;             /* PT_LOAD, ... */
    uint32_t offset;           /* where the bytes are in the file */
    uint32_t vaddr;            /* where they go in memory */
    uint32_t paddr;
    uint32_t filesz;           /* bytes from the file */
    uint32_t memsz;            /* bytes in memory (the rest is zero: .bss) */
    uint32_t flags;            /* PF_R | PF_W | PF_X */
    uint32_t align;
};

#define ET_EXEC    2
#define ET_DYN     3
#define EM_386     3
#define EM_486     6          /* Linux's elf_check_arch takes it as i386 too */
#define PT_LOAD    1
#define PT_INTERP  3
#define PF_X       1
#define PF_W       2
#define PF_R       4

/* What exec needs to know, once the headers are checked. */
struct elf_image {
    uint32_t entry;
    uint32_t phdr_addr;        /* AT_PHDR: where the headers are in memory */
    uint32_t phnum;
    int nload;
    struct elf32_phdr load[ELF_MAX_LOAD];   /* PT_LOAD, ascending vaddr */
};

/* Check the headers in `buf` (the first `buflen` bytes of a file of
 * `file_size` bytes) and fill `img`.  Returns 0, or -ENOEXEC with *why
 * set to a one-line reason. */
int elf_parse(const void *buf, uint32_t buflen, uint32_t file_size,
              struct elf_image *img, const char **why);

#endif
