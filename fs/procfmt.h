/*
 * fs/procfmt.h - the text formats of /proc, as pure functions.
 *
 * Everything here only formats numbers and strings into a caller's
 * buffer: no kernel state, no allocation.  So the host unit test
 * (tests/unit/test_procfmt.c) checks the exact bytes against Linux's,
 * and fs/proc_*.c gather the numbers.
 *
 * Output goes into a procbuf: a fixed buffer plus a count of the bytes
 * the content needs.  When the content does not fit, writing goes on
 * counting, so the caller learns how big a buffer to retry with.
 */
#ifndef FS_PROCFMT_H
#define FS_PROCFMT_H

#include <stdint.h>
#include "mm/stats.h"

struct procbuf {
    char *data;
    uint32_t size;               /* bytes of data[] */
    uint32_t len;                /* bytes the content needs so far */
};

/* Start writing into data[size]. */
void pb_init(struct procbuf *pb, char *data, uint32_t size);
/* Did everything fit (with room for the NUL that pb_printf adds)? */
int pb_fits(const struct procbuf *pb);
void pb_printf(struct procbuf *pb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pb_write(struct procbuf *pb, const void *bytes, uint32_t n);
void pb_putc(struct procbuf *pb, char c);
/* Spaces until the current line (which began at offset line_start) is
 * `col` characters long; nothing if it already is. */
void pb_pad_to(struct procbuf *pb, uint32_t line_start, uint32_t col);

/* ---- /proc/PID/maps --------------------------------------------------- */

/* Column where a maps name starts (i386: 25 + 6 * sizeof(void *) - 1
 * characters of padding, then one space). */
#define MAPS_NAME_COLUMN 49

/* One maps line: "start-end rwxp offset MA:MI inode", then, if `name`
 * is non-empty, padding to MAPS_NAME_COLUMN and the name; an unnamed
 * line keeps the space after the inode.  `vm_flags` are VM_* bits. */
void procfmt_maps_line(struct procbuf *pb, uint32_t start, uint32_t end,
                       uint32_t vm_flags, uint64_t offset, uint32_t dev_major,
                       uint32_t dev_minor, uint32_t ino, const char *name);

/* ---- smaps, meminfo, status value lines -------------------------------- */

/* "Label:" then `value` right-aligned to end at column 24 (at least one
 * space between), then `unit` (" kB" or "") and a newline: the layout of
 * smaps and meminfo ("Rss:                 676 kB"). */
void procfmt_value_line(struct procbuf *pb, const char *label, uint64_t value,
                        const char *unit);
/* "Label:\t%8lu kB": status's memory lines. */
void procfmt_status_kb(struct procbuf *pb, const char *label, uint32_t kb);

/* A region's or a whole address space's smaps numbers: page counts and
 * Pss (bytes << PSS_SHIFT) added up over regions. */
struct smaps_sum {
    uint32_t size;               /* pages of address space */
    struct region_stats st;
    uint64_t pss_file, pss_shmem; /* Pss that is not anonymous, by kind */
    uint64_t pss_locked;         /* Pss of VM_LOCKED regions: Locked */
};

/* Add one region: `pages` long, with stats `st`; its non-anonymous pages
 * are shared memory if `shmem`, else file pages. */
void smaps_sum_add(struct smaps_sum *sum, const struct region_stats *st,
                   uint32_t pages, int shmem);
/* The 21 value lines of one smaps region, Size to Locked (Swap after
 * Rss, Shared_Dirty and Private_Dirty: pmap -x needs that order). */
void procfmt_smaps_values(struct procbuf *pb, const struct smaps_sum *s);
/* The lines of smaps_rollup: Rss, Pss, Pss_Dirty, Pss_Anon, Pss_File,
 * Pss_Shmem, then Shared_Clean to Locked. */
void procfmt_rollup_values(struct procbuf *pb, const struct smaps_sum *s);
/* "VmFlags: rd wr ... \n" for VM_* flags (each name followed by a space). */
void procfmt_vmflags(struct procbuf *pb, uint32_t vm_flags);

/* ---- status and stat --------------------------------------------------- */

/* A process name as status's Name line shows it: backslash, newline and
 * tab escaped (comm may hold anything but NUL). */
void procfmt_name(struct procbuf *pb, const char *comm);

#define STAT_FIELDS 52
/* /proc/PID/stat: "pid (comm) S" and the numeric fields 4..52, one line.
 * rest[0] is field 4 (ppid); signed values print as such (tpgid -1). */
void procfmt_stat_line(struct procbuf *pb, int pid, const char *comm,
                       char state, const int64_t rest[STAT_FIELDS - 3]);

#endif
