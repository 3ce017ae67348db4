/*
 * tests/user/elf32.h - the ELF32 header and program header, written out
 * here because Pagoda's libc has no <elf.h> (the field names are the
 * ELF specification's).  Used by t_exec and t_badelf.
 */
#ifndef TESTS_USER_ELF32_H
#define TESTS_USER_ELF32_H

#include <stdint.h>

typedef struct {
    unsigned char e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Ehdr;

typedef struct {
    uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} Phdr;

#endif
