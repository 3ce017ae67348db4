#!/usr/bin/env python3
"""tests/badelf/mkcorpus.py - write the malformed-ELF corpus.

    python3 tests/badelf/mkcorpus.py OUTDIR

writes one file per case below into OUTDIR (with the case's mode), a
directory `dir_not_a_file`, and OUTDIR/expected.txt: one line per case,

    NAME LINUX PAGODA   # what is wrong with it

where LINUX is what execve of the file does natively on this host's
Linux (measured, and checked again by tests/test_badelf_corpus.py on
every run) and PAGODA what Pagoda must do.  An outcome is an errno name
(execve returned -1: ENOEXEC, EACCES, ENOENT, EIO, EINVAL, ENOMEM), or
`exit0` (the program ran and exited 0), or a signal name (the exec went
past the point of no return, then the process was killed).

Pagoda checks every segment before it tears down the old program, so
where Linux kills the process after the point of no return (a segment it
cannot map) or runs a file that is plainly broken, Pagoda refuses the
exec with ENOEXEC and the caller lives on: those lines say `stricter`.
Where the 64-bit host differs from a real i386 Linux (there a 32-bit
process may use all 4 GiB), the line says `host:`; with PAGODA_LINUXREF=1
tests/test_badelf_corpus.py also runs the corpus on i386 Linux 6.1 and
lists the four files that differ there, and why.

Every file starts from one template: a valid static i386 executable of
one read+execute PT_LOAD page whose code is exit_group(0).  The 13 cases
of tests/user/t_badelf.c are not repeated here.
"""
import os
import struct
import sys

BASE = 0x08048000
EHDR = 52
PHDR = 32
PHOFF = EHDR
CODE = 0xC0                     # room for 4 program headers before the code
SIZE = 0x100
EXIT0 = bytes([0xb8, 0xfc, 0, 0, 0, 0x31, 0xdb, 0xcd, 0x80])   # exit_group(0)

PT_LOAD, PT_INTERP, PT_NOTE, PT_PHDR, PT_TLS = 1, 3, 4, 6, 7
PT_DYNAMIC, PT_GNU_STACK = 2, 0x6474e551
PF_X, PF_W, PF_R = 1, 2, 4


def ehdr(**f):
    """An ELF32 header; keyword arguments override the template's fields."""
    v = dict(ident=b"\x7fELF\x01\x01\x01" + bytes(9), type=2, machine=3,
             version=1, entry=BASE + CODE, phoff=PHOFF, shoff=0, flags=0,
             ehsize=EHDR, phentsize=PHDR, phnum=1, shentsize=40, shnum=0,
             shstrndx=0)
    v.update(f)
    return struct.pack("<16sHHIIIIIHHHHHH", v["ident"], v["type"], v["machine"],
                       v["version"], v["entry"], v["phoff"], v["shoff"], v["flags"],
                       v["ehsize"], v["phentsize"], v["phnum"], v["shentsize"],
                       v["shnum"], v["shstrndx"])


def phdr(type=PT_LOAD, offset=0, vaddr=BASE, filesz=SIZE, memsz=SIZE,
         flags=PF_R | PF_X, align=0x1000):
    return struct.pack("<IIIIIIII", type, offset, vaddr, vaddr, filesz, memsz,
                       flags, align)


def image(header=None, phdrs=None, size=SIZE, at=PHOFF, extra=()):
    """The file: header, program headers at `at`, the code at CODE, and
    (offset, bytes) pieces from `extra`, in a file of `size` bytes."""
    data = bytearray(max(size, CODE + len(EXIT0)))
    data[0:EHDR] = header if header is not None else ehdr()
    table = b"".join(phdrs if phdrs is not None else [phdr()])
    data[at:at + len(table)] = table
    data[CODE:CODE + len(EXIT0)] = EXIT0
    for off, piece in extra:
        data[off:off + len(piece)] = piece
    return bytes(data[:size])


def ident(cls=1, data=1, version=1):
    return b"\x7fELF" + bytes([cls, data, version]) + bytes(9)


INTERP_AT = 0xA0                 # where a PT_INTERP string goes


def interp(path, filesz=None):
    """A file with a PT_INTERP naming `path` (bytes) before the PT_LOAD."""
    filesz = len(path) if filesz is None else filesz
    return image(ehdr(phnum=2),
                 [phdr(PT_INTERP, INTERP_AT, 0, filesz, filesz, PF_R, 1), phdr()],
                 extra=[(INTERP_AT, path)])


def two_loads(second, first=None):
    return image(ehdr(phnum=2), [first or phdr(), second])


# (name, file bytes, mode, LINUX, PAGODA, what is wrong)
CASES = [
    ("empty", b"", 0o755, "ENOEXEC", "ENOEXEC", "a file of 0 bytes"),
    ("magic_only", b"\x7fELF", 0o755, "ENOEXEC", "ENOEXEC", "4 bytes: the magic only"),
    ("ident_only", ident(), 0o755, "ENOEXEC", "ENOEXEC", "16 bytes: e_ident only"),
    ("header_51", image()[:51], 0o755, "ENOEXEC", "ENOEXEC",
     "one byte short of an ELF header"),
    ("header_only", image()[:EHDR], 0o755, "ENOEXEC", "ENOEXEC",
     "a whole header, and the program header table past the end"),
    ("phdr_cut", image()[:EHDR + 16], 0o755, "ENOEXEC", "ENOEXEC",
     "the only program header cut in half"),
    ("class_none", image(ehdr(ident=ident(cls=0))), 0o755, "exit0", "ENOEXEC",
     "EI_CLASS 0 (Linux trusts e_machine; Pagoda: stricter)"),
    ("data_msb", image(ehdr(ident=ident(data=2))), 0o755, "exit0", "ENOEXEC",
     "EI_DATA big-endian (Linux does not look; Pagoda: stricter)"),
    ("data_none", image(ehdr(ident=ident(data=0))), 0o755, "exit0", "ENOEXEC",
     "EI_DATA 0 (Linux does not look; Pagoda: stricter)"),
    ("ident_version_0", image(ehdr(ident=ident(version=0))), 0o755, "exit0", "ENOEXEC",
     "EI_VERSION 0 (Linux does not look; Pagoda: stricter)"),
    ("e_version_2", image(ehdr(version=2)), 0o755, "exit0", "ENOEXEC",
     "e_version 2 (Linux does not look; Pagoda: stricter)"),
    ("machine_arm", image(ehdr(machine=40)), 0o755, "ENOEXEC", "ENOEXEC", "EM_ARM"),
    ("machine_486", image(ehdr(machine=6)), 0o755, "exit0", "exit0",
     "EM_486, which Linux's elf_check_arch takes as i386"),
    ("type_none", image(ehdr(type=0)), 0o755, "ENOEXEC", "ENOEXEC", "ET_NONE"),
    ("type_rel", image(ehdr(type=1)), 0o755, "ENOEXEC", "ENOEXEC", "ET_REL"),
    ("type_core", image(ehdr(type=4)), 0o755, "ENOEXEC", "ENOEXEC", "ET_CORE"),
    ("ehsize_0", image(ehdr(ehsize=0)), 0o755, "exit0", "exit0",
     "e_ehsize 0 (nobody reads it)"),
    ("phentsize_0", image(ehdr(phentsize=0)), 0o755, "ENOEXEC", "ENOEXEC", "e_phentsize 0"),
    ("phentsize_33", image(ehdr(phentsize=33)), 0o755, "ENOEXEC", "ENOEXEC",
     "e_phentsize one more than an Elf32_Phdr"),
    ("phnum_65535", image(ehdr(phnum=65535)), 0o755, "ENOEXEC", "ENOEXEC",
     "e_phnum 65535 (PN_XNUM): a 2 MiB table"),
    ("phnum_past_eof", image(ehdr(phnum=8)), 0o755, "ENOEXEC", "ENOEXEC",
     "8 program headers, the file ends after 7"),
    ("phoff_wraps", image(ehdr(phoff=0xFFFFFFF0)), 0o755, "ENOEXEC", "ENOEXEC",
     "e_phoff + the table wraps past 4 GiB"),
    ("phoff_odd", image(ehdr(phoff=0x41), at=0x41), 0o755, "exit0", "ENOEXEC",
     "the program headers at an odd offset (Linux reads them anyway; "
     "Pagoda: stricter, e_phoff must be 4-aligned)"),
    ("no_pt_load", image(phdrs=[phdr(PT_NOTE, 0, 0, 0, 0, PF_R, 4)]), 0o755,
     "SIGSEGV", "ENOEXEC", "no PT_LOAD at all (Linux maps nothing and the "
     "entry faults; Pagoda: stricter)"),
    ("load_and_note", image(ehdr(phnum=2), [phdr(), phdr(PT_NOTE, 0, 0, 0, 0, PF_R, 4)]),
     0o755, "exit0", "exit0", "an empty PT_NOTE beside the code (allowed)"),
    ("interp_missing", interp(b"/nonexistent/ld.so\0"), 0o755, "ENOENT", "ENOEXEC",
     "PT_INTERP names a file that does not exist (Pagoda runs static "
     "programs only: any PT_INTERP is ENOEXEC)"),
    ("interp_no_nul", interp(b"/nonexistent/ld.so"), 0o755, "ENOEXEC", "ENOEXEC",
     "PT_INTERP without its NUL"),
    ("interp_huge", interp(b"/x\0", filesz=0x100000), 0o755, "ENOEXEC", "ENOEXEC",
     "PT_INTERP of 1 MiB (Linux: more than PATH_MAX)"),
    ("interp_1", interp(b"\0"), 0o755, "ENOEXEC", "ENOEXEC",
     "PT_INTERP of 1 byte (Linux: fewer than 2)"),
    ("offset_wraps", two_loads(phdr(offset=0xFFFFF000, vaddr=BASE + 0x1000,
                                    filesz=0x2000, memsz=0x2000, flags=PF_R)),
     0o755, "exit0", "ENOEXEC", "p_offset + p_filesz wraps past 4 GiB "
     "(Linux maps it beyond the end of the file and nobody touches it; "
     "Pagoda: stricter)"),
    ("filesz_wraps", image(phdrs=[phdr(filesz=0xFFFFFFFF, memsz=0xFFFFFFFF)]), 0o755,
     "SIGSEGV", "ENOEXEC", "p_filesz and p_memsz 4 GiB - 1 "
     "(Linux: killed after the point of no return; Pagoda: stricter)"),
    ("vaddr_wraps", two_loads(phdr(offset=0, vaddr=0xFFFFF000, filesz=0,
                                   memsz=0x2000, flags=PF_R | PF_W)),
     0o755, "SIGSEGV", "ENOEXEC", "p_vaddr + p_memsz wraps past 4 GiB "
     "(Linux: killed; Pagoda: stricter)"),
    ("vaddr_kernel", two_loads(phdr(offset=0, vaddr=0xC0000000, filesz=0,
                                    memsz=0x1000, flags=PF_R | PF_W)),
     0o755, "exit0", "ENOEXEC", "a segment at 0xC0000000 (host: a 32-bit "
     "process on x86_64 may use all 4 GiB; i386 Linux kills it)"),
    ("bss_to_kernel", image(phdrs=[phdr(memsz=0xC0000000 - BASE)]), 0o755,
     "exit0", "EINVAL", "the bss runs up to 0xC0000000 (host: allowed "
     "below 4 GiB; i386 Linux kills it; Pagoda: stricter, EINVAL)"),
    ("vaddr_0", two_loads(phdr(offset=0, vaddr=0, filesz=0, memsz=0x1000,
                               flags=PF_R | PF_W)),
     0o755, "exit0", "ENOEXEC", "a segment at address 0, below "
     "mmap_min_addr (host: the tests run as root, and mmap_min_addr does "
     "not bind CAP_SYS_RAWIO; Pagoda: stricter)"),
    ("misaligned", two_loads(phdr(offset=0x10, vaddr=BASE + 0x1000, filesz=0x20,
                                  memsz=0x20, flags=PF_R)),
     0o755, "SIGSEGV", "ENOEXEC", "p_offset and p_vaddr disagree modulo the "
     "page size (Linux: the mmap fails, killed; Pagoda: stricter)"),
    ("unsorted_loads", image(ehdr(phnum=2), [phdr(offset=0, vaddr=BASE + 0x2000,
                                                  filesz=0x10, memsz=0x10, flags=PF_R),
                                             phdr()]),
     0o755, "exit0", "ENOEXEC", "two PT_LOADs in descending address order "
     "(the ELF spec wants them sorted; Linux maps them anyway; Pagoda: stricter)"),
    ("entry_unmapped", image(ehdr(entry=0x10000000)), 0o755, "SIGSEGV", "SIGSEGV",
     "the entry point lies in no segment: the first instruction faults"),
    ("entry_0", image(ehdr(entry=0)), 0o755, "SIGSEGV", "SIGSEGV",
     "entry point 0: the first instruction faults"),
    ("entry_kernel", image(ehdr(entry=0xC0000000)), 0o755, "SIGSEGV", "SIGSEGV",
     "entry point in the kernel half: the first instruction faults"),
    ("entry_past_eof", two_loads(phdr(offset=0x1000, vaddr=BASE + 0x1000, filesz=0x100,
                                      memsz=0x100, flags=PF_R | PF_X)),
     0o755, "exit0", "ENOEXEC", "a second segment wholly past the end of the "
     "file (Linux maps it, nobody touches it; Pagoda: stricter)"),
    ("bss_1gib", image(ehdr(phnum=2), [phdr(), phdr(offset=0, vaddr=BASE + 0x1000,
                                                    filesz=0, memsz=0x40000000,
                                                    flags=PF_R | PF_W)]),
     0o755, "exit0", "exit0", "a 1 GiB bss, never touched (allowed)"),
    ("zero_size_load", image(ehdr(phnum=2), [phdr(), phdr(offset=0, vaddr=BASE + 0x1000,
                                                          filesz=0, memsz=0, flags=PF_R)]),
     0o755, "exit0", "exit0", "a PT_LOAD of 0 bytes (allowed)"),
    ("align_3", image(phdrs=[phdr(align=3)]), 0o755, "exit0", "exit0",
     "p_align 3, not a power of two (ET_EXEC: nobody reads it)"),
    ("stack_exec", image(ehdr(phnum=2), [phdr(), phdr(PT_GNU_STACK, 0, 0, 0, 0,
                                                      PF_R | PF_W | PF_X, 16)]),
     0o755, "exit0", "exit0", "PT_GNU_STACK asking for an executable stack"),
    ("garbage_tls_dynamic", image(ehdr(phnum=3), [phdr(), phdr(PT_TLS, 0xFFFF0000, 0, 0x7FFFFFFF,
                                                               0xFFFFFFFF, PF_R, 0x1000),
                                                  phdr(PT_DYNAMIC, 0xFFFFFF00, 0x10, 8, 8,
                                                       PF_R, 4)]),
     0o755, "exit0", "exit0", "nonsense PT_TLS and PT_DYNAMIC in an ET_EXEC "
     "(the kernel does not read them)"),
    ("sections_garbage", image(ehdr(shoff=0xFFFFFFF0, shnum=65535, shstrndx=9999)),
     0o755, "exit0", "exit0", "section headers past the end (the kernel does "
     "not read them)"),
    ("mode_0644", image(), 0o644, "EACCES", "EACCES",
     "a valid program without execute permission"),
    ("mode_0100", image(), 0o100, "exit0", "exit0",
     "execute permission for the owner only (we are root)"),
    ("shebang_missing", b"#!/nonexistent/interpreter\n", 0o755, "ENOENT", "ENOEXEC",
     "#! naming an interpreter that does not exist (Pagoda has no #! "
     "scripts, Linux's binfmt_script: ENOEXEC)"),
    ("text_file", b"just some text\n", 0o755, "ENOEXEC", "ENOEXEC",
     "plain text, mode 0755"),
]

DIRECTORY = ("dir_not_a_file", "EACCES", "EACCES", "a directory")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lines = []
    for name, data, mode, linux, pagoda, why in CASES:
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode)
        lines.append("%s %s %s   # %s" % (name, linux, pagoda, why))
    name, linux, pagoda, why = DIRECTORY
    os.makedirs(os.path.join(out, name), exist_ok=True)
    lines.append("%s %s %s   # %s" % (name, linux, pagoda, why))
    with open(os.path.join(out, "expected.txt"), "w") as f:
        f.write("\n".join(sorted(lines)) + "\n")


if __name__ == "__main__":
    main()
