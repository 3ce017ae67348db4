/*
 * fs/file_pages.h - a page table for a file: which frame holds each page
 * of a regular file's data.
 *
 * It is built like the x86's own two-level page table (Intel SDM vol. 3,
 * 4.3 "32-bit paging"), with a file's page number in place of a linear
 * address:
 *
 *   page index:  | dir slot (10 bits) | table slot (10 bits) |
 *
 *   root --> +--------+            a directory: one 4 KiB frame, 1024 slots
 *            | table -+--> +-------+  a table: one 4 KiB frame, 1024 slots
 *            |   0    |    | frame |  the physical address of a data page
 *            |  ...   |    |   0   |  a hole: reads as zeros
 *            +--------+    +-------+
 *
 * Tables are allocated on demand and freed when they empty, so a hole
 * costs nothing.  And, as in Linux's radix tree (lib/radix-tree.c), the
 * tree is only as tall as the file's last page needs:
 *
 *   0 levels   root is the frame of page 0 itself     (a one-page file)
 *   1 level    root is a table: pages 0..1023         (files up to 4 MiB)
 *   2 levels   root is a directory of tables          (up to 4 GiB)
 *
 * so a small file costs its data frames alone, and a file with one byte
 * at 2 GiB - 1 costs one data frame, one table and the directory.  A tree
 * grows a level by putting its old root in slot 0 of a new one, and
 * shrinks back when only slot 0 is left.  The slots hold physical
 * addresses, as page-table entries do; the kernel reaches a table through
 * its direct map (P2V).
 */
#ifndef FS_FILE_PAGES_H
#define FS_FILE_PAGES_H

#include <stdint.h>

#define FP_SLOTS      1024       /* slots in the directory and in a table */
#define FP_DIR_SHIFT  10         /* page index >> 10 = its directory slot */

#define FP_MAX_LEVELS 2

struct file_pages {
    uint32_t root;               /* physical address (see levels); 0 = empty */
    uint32_t levels;             /* 0, 1 or 2: how many tables deep */
    uint32_t present;            /* data frames held (st_blocks) */
    uint32_t tables;             /* table frames held, directory included */
};

/* The frame holding page `index`, or 0 for a hole.  Never allocates. */
uint32_t fp_lookup(const struct file_pages *fp, uint32_t index);
/* Record that `frame` (nonzero) holds page `index`, which must be a hole,
 * allocating the directory and the table on the way.  The table takes
 * over the caller's reference to the frame.  0, or -ENOMEM (nothing
 * changed), or -EFBIG beyond 4 GiB. */
int fp_insert(struct file_pages *fp, uint32_t index, uint32_t frame);
/* Drop every data frame at page `first` or after it (frame_put), and the
 * tables left empty: truncation.  Returns the data frames dropped. */
uint32_t fp_truncate(struct file_pages *fp, uint32_t first);
/* Table frames held by all files together (meminfo counts them as Slab,
 * where Linux's radix-tree nodes are). */
uint32_t fp_all_tables(void);

#endif
