/*
 * fs/procfmt.c - /proc's text formats (see fs/procfmt.h).  The layouts
 * are Linux 6.1's on i386, byte for byte (fs/proc/task_mmu.c, array.c and
 * meminfo.c in Linux; proc(5) describes them).
 */
#include <stdarg.h>
#include "fs/procfmt.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/region.h"

/* Bytes per page and per KiB, for page counts shown in kB. */
#define KB_PER_PAGE 4

/* An empty buffer over data[size]. */
void pb_init(struct procbuf *pb, char *data, uint32_t size)
{
    pb->data = data;
    pb->size = size;
    pb->len = 0;
    if (size)
        data[0] = '\0';
}

/* The content fits only if the terminating NUL does too. */
int pb_fits(const struct procbuf *pb)
{
    return pb->len < pb->size;
}

/* Format at the end; past the buffer only the length keeps growing. */
void pb_printf(struct procbuf *pb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    uint32_t room = pb->len < pb->size ? pb->size - pb->len : 0;
    int n = vsnprintf(room ? pb->data + pb->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        pb->len += (uint32_t)n;
}

/* Raw bytes (NULs included, for cmdline and auxv). */
void pb_write(struct procbuf *pb, const void *bytes, uint32_t n)
{
    if (pb->len < pb->size && n < pb->size - pb->len)
        memcpy(pb->data + pb->len, bytes, n);
    pb->len += n;
}

/* One character. */
void pb_putc(struct procbuf *pb, char c)
{
    pb_write(pb, &c, 1);
}

/* Pad with spaces up to column `col` of the line. */
void pb_pad_to(struct procbuf *pb, uint32_t line_start, uint32_t col)
{
    while (pb->len - line_start < col)
        pb_putc(pb, ' ');
}

/* v in hex, at least `digits` digits (as %0*x), at p; returns the end. */
static char *put_hex(char *p, uint64_t v, int digits)
{
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v & 0xf];
        v >>= 4;
    } while (v);
    while (n < digits--)
        *p++ = '0';
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* v in decimal (as %u) at p; returns the end. */
static char *put_dec(char *p, uint32_t v)
{
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* Linux's show_vma_header_prefix plus the name: the prefix ends in a
 * space; with a name, spaces fill up to column 48 and one more space
 * separates the name.  The prefix is
 *     "%08x-%08x %c%c%c%c %08llx %02x:%02x %u "
 * (the offset is 64 bits: a 32-bit program can map a file beyond 4 GiB;
 * 's' is VM_MAYSHARE, so a read-only MAP_SHARED mapping shows it)
 * built by hand: maps has a line per region, and with tens of thousands
 * of regions a printf per line would be most of the cost. */
void procfmt_maps_line(struct procbuf *pb, uint32_t start, uint32_t end,
                       uint32_t vm_flags, uint64_t offset, uint32_t dev_major,
                       uint32_t dev_minor, uint32_t ino, const char *name)
{
    char head[64], *p = head;
    uint32_t line = pb->len;
    p = put_hex(p, start, 8);
    *p++ = '-';
    p = put_hex(p, end, 8);
    *p++ = ' ';
    *p++ = (vm_flags & VM_READ) ? 'r' : '-';
    *p++ = (vm_flags & VM_WRITE) ? 'w' : '-';
    *p++ = (vm_flags & VM_EXEC) ? 'x' : '-';
    *p++ = (vm_flags & VM_MAYSHARE) ? 's' : 'p';
    *p++ = ' ';
    p = put_hex(p, offset, 8);
    *p++ = ' ';
    p = put_hex(p, dev_major, 2);
    *p++ = ':';
    p = put_hex(p, dev_minor, 2);
    *p++ = ' ';
    p = put_dec(p, ino);
    *p++ = ' ';
    pb_write(pb, head, (uint32_t)(p - head));
    if (name && name[0]) {
        pb_pad_to(pb, line, MAPS_NAME_COLUMN - 1);
        pb_putc(pb, ' ');
        pb_write(pb, name, (uint32_t)strlen(name));
    }
    pb_putc(pb, '\n');
}

/* Linux pads short labels to 16 characters and prints the value 8 wide;
 * a longer label ("HardwareCorrupted:") gets one space and whatever
 * width still ends the number at column 24. */
void procfmt_value_line(struct procbuf *pb, const char *label, uint64_t value,
                        const char *unit)
{
    uint32_t line = pb->len;
    pb_printf(pb, "%s:", label);
    uint32_t used = pb->len - line;
    int width = 8;
    if (used < 16) {
        pb_pad_to(pb, line, 16);
    } else {
        pb_putc(pb, ' ');
        width = used + 1 < 24 ? 24 - (int)(used + 1) : 1;
    }
    pb_printf(pb, "%*llu%s\n", width, (unsigned long long)value, unit);
}

/* status's memory lines: a TAB, then the kB in 8 columns. */
void procfmt_status_kb(struct procbuf *pb, const char *label, uint32_t kb)
{
    pb_printf(pb, "%s:\t%8u kB\n", label, kb);
}

/* Pss and friends are bytes << PSS_SHIFT: to kB. */
static uint64_t pss_kb(uint64_t pss)
{
    return (pss >> PSS_SHIFT) >> 10;
}

/* Add a region's counts; its non-anonymous Pss goes to file or shmem. */
void smaps_sum_add(struct smaps_sum *sum, const struct region_stats *st,
                   uint32_t pages, int shmem)
{
    struct region_stats *t = &sum->st;
    sum->size += pages;
    t->resident += st->resident;
    t->shared_clean += st->shared_clean;
    t->shared_dirty += st->shared_dirty;
    t->private_clean += st->private_clean;
    t->private_dirty += st->private_dirty;
    t->referenced += st->referenced;
    t->anonymous += st->anonymous;
    t->pss += st->pss;
    t->pss_dirty += st->pss_dirty;
    t->pss_anon += st->pss_anon;
    if (shmem)
        sum->pss_shmem += st->pss - st->pss_anon;
    else
        sum->pss_file += st->pss - st->pss_anon;
}

/* The lines from Shared_Clean to Locked, common to smaps and the
 * rollup.  Nothing is ever swapped or huge: those are 0; Locked is the
 * Pss of mlocked regions, as Linux's pss_locked. */
static void shared_to_locked(struct procbuf *pb, const struct smaps_sum *s)
{
    const struct region_stats *st = &s->st;
    procfmt_value_line(pb, "Shared_Clean", st->shared_clean * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "Shared_Dirty", st->shared_dirty * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "Private_Clean", st->private_clean * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "Private_Dirty", st->private_dirty * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "Referenced", st->referenced * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "Anonymous", st->anonymous * KB_PER_PAGE, " kB");
    static const char *const zeros[] = {
        "LazyFree", "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
        "Shared_Hugetlb", "Private_Hugetlb", "Swap", "SwapPss",
    };
    for (uint32_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
        procfmt_value_line(pb, zeros[i], 0, " kB");
    procfmt_value_line(pb, "Locked", pss_kb(s->pss_locked), " kB");
}

/* One region's 21 lines, in Linux 6.1's order. */
void procfmt_smaps_values(struct procbuf *pb, const struct smaps_sum *s)
{
    procfmt_value_line(pb, "Size", (uint64_t)s->size * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "KernelPageSize", 4, " kB");
    procfmt_value_line(pb, "MMUPageSize", 4, " kB");
    procfmt_value_line(pb, "Rss", s->st.resident * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "Pss", pss_kb(s->st.pss), " kB");
    procfmt_value_line(pb, "Pss_Dirty", pss_kb(s->st.pss_dirty), " kB");
    shared_to_locked(pb, s);
}

/* The rollup: Rss and Pss by kind, then the common lines. */
void procfmt_rollup_values(struct procbuf *pb, const struct smaps_sum *s)
{
    procfmt_value_line(pb, "Rss", s->st.resident * KB_PER_PAGE, " kB");
    procfmt_value_line(pb, "Pss", pss_kb(s->st.pss), " kB");
    procfmt_value_line(pb, "Pss_Dirty", pss_kb(s->st.pss_dirty), " kB");
    procfmt_value_line(pb, "Pss_Anon", pss_kb(s->st.pss_anon), " kB");
    procfmt_value_line(pb, "Pss_File", pss_kb(s->pss_file), " kB");
    procfmt_value_line(pb, "Pss_Shmem", pss_kb(s->pss_shmem), " kB");
    shared_to_locked(pb, s);
}

/* Linux's two-letter names, in its order (show_smap_vma_flags).  "mr mw
 * me ms" are what
 * mprotect may still grant (the VM_MAY* bits: a MAP_SHARED mapping of a
 * read-only descriptor has "ms" but neither "sh" nor "mw"); "ac"
 * (accounted) is every private region that is or was writable
 * (VM_ACCOUNT: RELRO keeps it after mprotect makes it read-only). */
void procfmt_vmflags(struct procbuf *pb, uint32_t f)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { VM_READ, "rd" }, { VM_WRITE, "wr" }, { VM_EXEC, "ex" },
        { VM_SHARED, "sh" }, { VM_MAYREAD, "mr" }, { VM_MAYWRITE, "mw" },
        { VM_MAYEXEC, "me" }, { VM_MAYSHARE, "ms" }, { VM_GROWSDOWN, "gd" },
        { VM_LOCKED, "lo" }, { VM_SEQ_READ, "sr" }, { VM_RAND_READ, "rr" }, { VM_DONTCOPY, "dc" },
        { VM_ACCOUNT, "ac" }, { VM_NORESERVE, "nr" }, { VM_WIPEONFORK, "wf" },
        { VM_DONTDUMP, "dd" }, { VM_HUGEPAGE, "hg" }, { VM_NOHUGEPAGE, "nh" },
        { VM_MERGEABLE, "mg" },
    };
    pb_printf(pb, "VmFlags: ");
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (f & names[i].bit)
            pb_printf(pb, "%s ", names[i].name);
    pb_printf(pb, "\n");
}

/* Linux escapes these three in Name (seq_escape_str with "\n\\" and
 * ESCAPE_SPACE's tab); everything else, spaces included, goes as is. */
void procfmt_name(struct procbuf *pb, const char *comm)
{
    for (const char *c = comm; *c; c++) {
        if (*c == '\\')
            pb_printf(pb, "\\\\");
        else if (*c == '\n')
            pb_printf(pb, "\\n");
        else if (*c == '\t')
            pb_printf(pb, "\\t");
        else
            pb_putc(pb, *c);
    }
}

/* comm goes in as it is, ")" and spaces included: readers split at the
 * last ")" (proc(5)). */
void procfmt_stat_line(struct procbuf *pb, int pid, const char *comm,
                       char state, const int64_t rest[STAT_FIELDS - 3])
{
    pb_printf(pb, "%d (%s) %c", pid, comm, state);
    for (int i = 0; i < STAT_FIELDS - 3; i++)
        pb_printf(pb, " %lld", (long long)rest[i]);
    pb_putc(pb, '\n');
}
