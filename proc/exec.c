/*
 * proc/exec.c - execve: replace the current program with a new one.
 *
 * exec builds a new address space and maps almost nothing:
 *   - each PT_LOAD segment becomes a file-backed region (text r-x,
 *     rodata r--, data rw- as a private copy-on-write view of the file);
 *     the part of a segment beyond the file's bytes (.bss) is an
 *     anonymous zero-filled region;
 *   - [heap] will start at the page after the last segment (brk), or
 *     up to 32 MiB above it;
 *   - [stack] ends at 0xC0000000, or up to 8 MiB below it; only the
 *     pages holding the arguments, environment and auxiliary vector are
 *     present;
 *   - mmap's search starts below 0xB8000000, or up to 1 MiB below that.
 * The "or"s are address-space layout randomisation, on unless norandmaps
 * or personality(ADDR_NO_RANDOMIZE) says otherwise (proc/aslr.c).
 * Everything else arrives on first touch, through mm/fault.c.
 *
 * Until the new address space is complete nothing of the old program is
 * touched, so a failing exec returns an error to a program that is still
 * intact.
 */
#include "proc/proc.h"
#include "proc/aslr.h"
#include "proc/elf.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/random.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"

#define STACK_EXTRA   (128u << 10)   /* initial [stack]: arguments + 128 KiB */

/* The auxiliary vector's types (Linux include/uapi/linux/auxvec.h). */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31
#define AT_MINSIGSTKSZ 51
#define NAUXV 20

#define MINSIGSTKSZ_I386 0x5a0       /* what Linux reports: frame + FPU area */

/* AT_HWCAP: CPUID leaf 1's EDX, as Linux gives it. */
static uint32_t cpu_features(void)
{
    uint32_t r[4];
    cpuid(1, r);
    return r[3];
}

/* One region per PT_LOAD (two when it has .bss beyond its file bytes). */
static int map_segments(struct mm *mm, const struct elf_image *img,
                        struct inode *file, const char *path)
{
    for (int i = 0; i < img->nload; i++) {
        const struct elf32_phdr *ph = &img->load[i];
        uint32_t flags = ((ph->flags & PF_R) ? VM_READ : 0) |
                         ((ph->flags & PF_W) ? VM_WRITE : 0) |
                         ((ph->flags & PF_X) ? VM_EXEC : 0);
        uintptr_t start = PAGE_ROUND_DOWN(ph->vaddr);
        uintptr_t file_end = ph->vaddr + ph->filesz;
        uintptr_t mem_end = PAGE_ROUND_UP(ph->vaddr + ph->memsz);
        uintptr_t file_pages_end = ph->filesz ? PAGE_ROUND_UP(file_end) : start;
        /* Only a segment with a .bss tail has bytes past its file part
         * that must read as zero (Linux's padzero); the last page of text
         * or rodata is the page cache's own, whatever follows in the file. */
        uint32_t zero_from = ph->memsz > ph->filesz ? file_end : 0;
        int err = 0;
        if (file_pages_end > start)
            err = mm_add_region(mm, start, file_pages_end, flags, file,
                                ph->offset / PAGE_SIZE, zero_from, path);
        if (!err && mem_end > file_pages_end)
            err = mm_add_region(mm, file_pages_end, mem_end, flags, NULL, 0, 0, "");
        if (err)
            return err;
        if ((ph->flags & PF_X) && !mm->start_code) {
            mm->start_code = ph->vaddr;
            mm->end_code = file_end;
        }
        mm->start_data = ph->vaddr;
        if (file_end > mm->end_data)
            mm->end_data = file_end;
        if (mem_end > mm->start_brk)
            mm->start_brk = mm->brk = mem_end;
    }
    return 0;
}

/* Arguments gathered in kernel memory before the old program goes. */
struct exec_args {
    int argc, envc;
    uint32_t strings_size;
    char *strings;             /* argv strings then envp strings, NUL-separated */
};

/* Count the strings of v and add their sizes to *bytes, each string
 * and its pointer counted against EXEC_ARGS_LIMIT. */
static int count_strings(char *const v[], int *n, uint32_t *bytes)
{
    for (*n = 0; v && v[*n]; (*n)++) {
        uint32_t len = strlen(v[*n]) + 1;
        if (len > MAX_ARG_STRLEN)
            return -E2BIG;
        *bytes += len + sizeof(char *);
        if (*bytes > EXEC_ARGS_LIMIT)
            return -E2BIG;
    }
    return 0;
}

static int gather_args(struct exec_args *a, char *const argv[], char *const envp[])
{
    a->strings_size = 0;
    if (count_strings(argv, &a->argc, &a->strings_size) < 0 ||
        count_strings(envp, &a->envc, &a->strings_size) < 0)
        return -E2BIG;
    a->strings_size -= (a->argc + a->envc) * sizeof(char *);   /* strings only */
    a->strings = kmalloc(a->strings_size + 1);
    if (!a->strings)
        return -ENOMEM;
    char *p = a->strings;
    for (int i = 0; i < a->argc; i++)
        p += strlcpy(p, argv[i], MAX_ARG_STRLEN) + 1;
    for (int i = 0; i < a->envc; i++)
        p += strlcpy(p, envp[i], MAX_ARG_STRLEN) + 1;
    return 0;
}

/* Append n pointers to consecutive NUL-terminated strings (user address
 * `u`, kernel copy `k`) and a NULL; returns the address after them. */
static uint32_t put_pointers(uint32_t *words, uint32_t *w, int n, uint32_t u,
                             const char *k)
{
    for (int i = 0; i < n; i++) {
        uint32_t len = strlen(k) + 1;
        words[(*w)++] = u;
        u += len;
        k += len;
    }
    words[(*w)++] = 0;
    return u;
}

/*
 * Lay out the initial stack exactly as Linux does (fs/binfmt_elf.c
 * create_elf_tables), from the stack top down:
 *   4 zero bytes, the exec path (AT_EXECFN), the environment strings, the
 *   argument strings, (arch_align_stack: down by 0..8191 bytes when
 *   randomising, then to 16) "i686", 16 random bytes, and then argc,
 *   argv[], NULL, envp[], NULL, auxv pairs, with %esp = &argc 16-byte
 *   aligned.  [stack] covers the strings' pages and 128 KiB more.
 */
static int build_stack(struct mm *mm, const struct exec_args *a, const char *path,
                       const struct elf_image *img, uint32_t stack_top, int randomize,
                       uint32_t *sp_out)
{
    uint32_t top = stack_top - 4;
    uint32_t path_len = strlen(path) + 1;
    uint32_t execfn = top - path_len;
    uint32_t strings = execfn - a->strings_size;      /* argv then envp */
    uint32_t platform = arch_align_stack(strings, randomize) - 5;
    uint32_t random = platform - 16;
    uint32_t nwords = 1 + a->argc + 1 + a->envc + 1 + 2 * NAUXV;
    uint32_t sp = (random - nwords * 4) & ~15u;
    if (stack_top - sp > STACK_LIMIT / 2)
        return -E2BIG;
    uint32_t stack_start = PAGE_ROUND_DOWN(strings) - STACK_EXTRA;
    int err = mm_add_region(mm, stack_start, stack_top, VM_READ | VM_WRITE | VM_GROWSDOWN,
                            NULL, 0, 0, "[stack]");
    if (err)
        return err;

    uint8_t rnd[16];
    get_random_bytes(rnd, sizeof(rnd));
    uint32_t *words = kzalloc(nwords * 4);
    if (!words)
        return -ENOMEM;
    uint32_t w = 0;
    words[w++] = a->argc;
    uint32_t arg_end = put_pointers(words, &w, a->argc, strings, a->strings);
    put_pointers(words, &w, a->envc, arg_end, a->strings + (arg_end - strings));
    const uint32_t aux[NAUXV][2] = {
        { AT_MINSIGSTKSZ, MINSIGSTKSZ_I386 }, { AT_HWCAP, cpu_features() },
        { AT_PAGESZ, PAGE_SIZE }, { AT_CLKTCK, 100 }, { AT_PHDR, img->phdr_addr },
        { AT_PHENT, sizeof(struct elf32_phdr) }, { AT_PHNUM, img->phnum },
        { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, img->entry },
        { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
        { AT_SECURE, 0 }, { AT_RANDOM, random }, { AT_HWCAP2, 0 },
        { AT_EXECFN, execfn }, { AT_PLATFORM, platform }, { AT_NULL, 0 },
    };
    memcpy(&words[w], aux, sizeof(aux));

    err = mm_copy_out(mm, execfn, path, path_len);
    if (!err) err = mm_copy_out(mm, strings, a->strings, a->strings_size);
    if (!err) err = mm_copy_out(mm, platform, "i686", 5);
    if (!err) err = mm_copy_out(mm, random, rnd, sizeof(rnd));
    if (!err) err = mm_copy_out(mm, sp, words, nwords * 4);
    kfree(words);
    mm->start_stack = sp;
    mm->arg_start = strings;
    mm->env_start = mm->arg_end = arg_end;
    mm->env_end = execfn;
    *sp_out = sp;
    return err;
}

/* Choose the new program's layout (randomised or not: proc/aslr.c):
 * the brk start, the mmap base and the stack, which is then built. */
static int place_areas(struct mm *mm, const struct exec_args *a, const char *path,
                       const struct elf_image *img, uint32_t *sp_out)
{
    int randomize = aslr_enabled(current->personality);
    if (randomize)
        mm->start_brk = mm->brk = arch_randomize_brk(mm->brk);
    mm->mmap_legacy = mmap_is_legacy(current->personality);
    mm->mmap_base = mm->mmap_legacy ? arch_mmap_legacy_base(randomize)
                                    : arch_mmap_base(randomize);
    uint32_t stack_top = PAGE_ROUND_UP(arch_align_stack(randomize_stack_top(randomize),
                                                        randomize));
    return build_stack(mm, a, path, img, stack_top, randomize, sp_out);
}

/* Read and check the program's headers. */
static int load_headers(struct inode *ip, const char *path, struct elf_image *img)
{
    static uint8_t page[PAGE_SIZE];
    uint32_t size = inode_size(ip);
    long n = inode_read(ip, page, 0, size < PAGE_SIZE ? size : PAGE_SIZE);
    if (n < 0)
        return (int)n;
    const char *why = "";
    int err = elf_parse(page, (uint32_t)n, size, img, &why);
    if (err)
        kprintf("exec %s: %s\n", path, why);
    return err;
}

/* The point of no return: the new program replaces the old. */
static void commit_exec(struct mm *mm, const char *path, const struct elf_image *img,
                        uint32_t sp)
{
    struct proc *p = current;
    struct mm *old = p->mm;
    p->mm = mm;
    pgdir_switch(mm->pgdir);
    if (old) {
        cputime_mm_gone(p, old);
        mm_destroy(old);
    }
    if (p->files)
        fdtable_exec(p->files);
    signal_exec_reset(&p->sig);
    posix_timers_free(p);              /* timers die at exec (setitimer's stay) */
    proc_set_name(p, path);
    p->did_exec = 1;
    memset(p->tls, 0, sizeof(p->tls));
    for (int i = 0; i < GDT_TLS_COUNT; i++)
        gdt_set_tls(i, p->tls[i]);
    fpu_init_state(p->fpu);
    fpu_restore(p->fpu);

    struct trapframe *tf = p->tf;
    memset(tf, 0, sizeof(*tf));         /* all general registers 0 (edx too) */
    tf->cs = USER_CS;
    tf->ds = tf->es = tf->ss = USER_DS;
    tf->eflags = EFLAGS_IF | 0x2;       /* 0x202, as Linux */
    tf->eip = img->entry;
    tf->esp = sp;
}

int do_execve(const char *path, char *const argv[], char *const envp[])
{
    struct inode *ip;
    int err = vfs_lookup(path, &ip);
    if (err)
        return err;
    struct elf_image img;
    struct exec_args args = { 0 };
    struct mm *mm = NULL;
    uint32_t sp;
    if ((err = inode_exec_permission(ip)) ||     /* EACCES, ETXTBSY */
        (err = load_headers(ip, path, &img)) ||
        (err = gather_args(&args, argv, envp)))
        goto out;
    if (!(mm = mm_create())) {
        err = -ENOMEM;
        goto out;
    }
    if ((err = map_segments(mm, &img, ip, path)) ||
        (err = place_areas(mm, &args, path, &img, &sp)))
        goto out;
    commit_exec(mm, path, &img, sp);
    mm = NULL;
out:
    if (mm)
        mm_destroy(mm);
    kfree(args.strings);
    inode_put(ip);
    return err;
}
