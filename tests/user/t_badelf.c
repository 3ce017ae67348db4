/*
 * t_badelf - execve of malformed ELF files must fail cleanly.
 *
 * The program builds a tiny valid i386 executable in memory (one PT_LOAD
 * page whose code is `exit_group(0)`), checks that it runs, then writes
 * broken variants of it to /tmp (mode 0755) and execve()s each one in a
 * child.  The child reports execve's errno in its exit status (100 + errno),
 * so the parent sees exactly what happened even if the exec went through.
 *
 * On Pagoda every variant must give -1/ENOEXEC (and the kernel prints a
 * one-line "exec PATH: REASON" on the console).  Linux is stricter about
 * the headers than about the segments: for the header checks it gives
 * ENOEXEC too (except for the class byte, which it never looks at: it
 * trusts e_machine), but the segment checks it either does not make (it maps past
 * the end of the file, overlapping segments and ET_DYN without complaint)
 * or makes after the point of no return (then it kills the process).  So,
 * off Pagoda, the segment variants pass with whatever happened, as long as
 * the caller survives; the PASS line says what Linux did.
 *
 * Checks: template_runs, then badelf_<variant> for each variant below.
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>

#include "elf32.h"

#define BASE   0x08048000u
#define CODE   (sizeof(Ehdr) + 2 * sizeof(Phdr))     /* room for two phdrs */
#define SIZE   (CODE + 16)

/* The file: header, two program header slots, then the code. */
static union {
    unsigned char bytes[SIZE];
    struct { Ehdr eh; Phdr ph[2]; unsigned char code[16]; } f;
} elf;

/* exit_group(0):  mov $252, %eax;  xor %ebx, %ebx;  int $0x80 */
static const unsigned char exit0[] = { 0xb8, 0xfc, 0, 0, 0, 0x31, 0xdb, 0xcd, 0x80 };

static void make_template(void)
{
    memset(&elf, 0, sizeof(elf));
    Ehdr *eh = &elf.f.eh;
    memcpy(eh->e_ident, "\x7f" "ELF", 4);
    eh->e_ident[4] = 1;                  /* ELFCLASS32 */
    eh->e_ident[5] = 1;                  /* little-endian */
    eh->e_ident[6] = 1;                  /* EV_CURRENT */
    eh->e_type = 2;                      /* ET_EXEC */
    eh->e_machine = 3;                   /* EM_386 */
    eh->e_version = 1;
    eh->e_entry = BASE + CODE;
    eh->e_phoff = sizeof(Ehdr);
    eh->e_ehsize = sizeof(Ehdr);
    eh->e_phentsize = sizeof(Phdr);
    eh->e_phnum = 1;
    Phdr *ph = &elf.f.ph[0];             /* the whole file, read + execute */
    ph->p_type = 1;                      /* PT_LOAD */
    ph->p_offset = 0;
    ph->p_vaddr = ph->p_paddr = BASE;
    ph->p_filesz = ph->p_memsz = SIZE;
    ph->p_flags = 4 | 1;                 /* PF_R | PF_X */
    ph->p_align = 0x1000;
    memcpy(elf.f.code, exit0, sizeof(exit0));
}

/* A second PT_LOAD segment (read + write) in slot 1. */
static void add_segment(uint32_t off, uint32_t vaddr, uint32_t filesz, uint32_t memsz)
{
    Phdr *ph = &elf.f.ph[1];
    ph->p_type = 1;
    ph->p_offset = off;
    ph->p_vaddr = ph->p_paddr = vaddr;
    ph->p_filesz = filesz;
    ph->p_memsz = memsz;
    ph->p_flags = 4 | 2;
    ph->p_align = 0x1000;
    elf.f.eh.e_phnum = 2;
}

/*
 * Write `len` bytes of the current image to /tmp, execve it in a child and
 * describe the outcome in `what`.  Returns the child's wait status.
 */
static int try_exec(const char *name, size_t len, char *what, size_t whatlen)
{
    char path[80];
    snprintf(path, sizeof(path), "/tmp/t_badelf.%d.%s", (int)getpid(), name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd < 0 || write(fd, elf.bytes, len) != (ssize_t)len) {
        snprintf(what, whatlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    close(fd);                           /* (exec of a file open for writing: ETXTBSY) */
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { path, NULL };
        execve(path, argv, (char *[]){ NULL });
        _exit(100 + errno);
    }
    int st = -1;
    wait_for(pid, &st);
    unlink(path);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 100 + ENOEXEC)
        snprintf(what, whatlen, "ENOEXEC");
    else if (WIFEXITED(st) && WEXITSTATUS(st) > 100)
        snprintf(what, whatlen, "-1/%s", strerror(WEXITSTATUS(st) - 100));
    else if (WIFEXITED(st))
        snprintf(what, whatlen, "the exec went through, the program exited %d",
                 WEXITSTATUS(st));
    else
        snprintf(what, whatlen, "the process was killed by signal %d", WTERMSIG(st));
    return st;
}

/*
 * One malformed variant: `strict` means Linux too must say ENOEXEC (the
 * header checks).  Pagoda must always say ENOEXEC.
 */
static void variant(const char *name, size_t len, int strict, int pagoda)
{
    char full[64], what[120];
    snprintf(full, sizeof(full), "badelf_%s", name);
    int st = try_exec(name, len, what, sizeof(what));
    int enoexec = exited_with(st, 100 + ENOEXEC);
    if (enoexec)
        pass(full);
    else if (!strict && !pagoda && st != -1)
        PASS_INFO(full, "Linux: %s", what);
    else
        fail(full, "wanted -1/ENOEXEC, got: %s", what);
    make_template();                     /* undo the damage for the next one */
}

int main(void)
{
    int pagoda = on_pagoda();
    char what[120];

    make_template();
    int st = try_exec("valid", SIZE, what, sizeof(what));
    CHECK("template_runs", exited_with(st, 0), "the valid template: %s", what);

    /* Header problems: everyone says ENOEXEC. */
    variant("truncated", 40, 1, pagoda);
    elf.f.eh.e_ident[1] = 'X';
    variant("bad_magic", SIZE, 1, pagoda);
    elf.f.eh.e_ident[4] = 2;             /* ELFCLASS64 (Linux checks only e_machine) */
    variant("class64", SIZE, 0, pagoda);
    elf.f.eh.e_machine = 62;             /* EM_X86_64 */
    variant("machine_x86_64", SIZE, 1, pagoda);
    elf.f.eh.e_phoff = 0x10000;          /* far past the end of the file */
    variant("phoff_past_end", SIZE, 1, pagoda);
    elf.f.eh.e_phnum = 0;
    variant("phnum_0", SIZE, 1, pagoda);
    elf.f.eh.e_phnum = 60000;
    variant("phnum_60000", SIZE, 1, pagoda);
    elf.f.eh.e_phentsize = 40;           /* not sizeof(Elf32_Phdr) */
    variant("phentsize_40", SIZE, 1, pagoda);

    /* Segment problems: Pagoda refuses them all before the point of no
     * return; Linux does not (see the top of the file). */
    add_segment(0, 0xBFFFF000, 0, 0x2000);            /* reaches 0xC0000000 */
    variant("segment_into_kernel", SIZE, 0, pagoda);
    elf.f.ph[0].p_memsz = 16;                         /* filesz SIZE > memsz */
    variant("filesz_gt_memsz", SIZE, 0, pagoda);
    add_segment(0x1000, BASE + 0x1000, 0x100, 0x100); /* data past EOF */
    variant("segment_past_eof", SIZE, 0, pagoda);
    add_segment(0, BASE, SIZE, SIZE);                 /* same page as segment 0 */
    variant("overlapping_segments", SIZE, 0, pagoda);
    elf.f.eh.e_type = 3;                              /* ET_DYN */
    variant("et_dyn", SIZE, 0, pagoda);

    reap_all();
    return finish();
}
