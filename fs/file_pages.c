/*
 * fs/file_pages.c - a file's page table, one to two levels tall (see
 * fs/file_pages.h).  tests/unit/test_fs.c checks it against a flat array
 * of pages.
 */
#include "fs/file_pages.h"
#include "kernel/errno.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/layout.h"

static uint32_t all_tables;      /* table frames of every file together */

/* The slots of the table (or directory) at physical address pa. */
static uint32_t *slots(uint32_t pa)
{
    return (uint32_t *)P2V(pa);
}

/* Pages a tree this many levels deep covers: 1, 1024, 1024 * 1024. */
static uint32_t span(uint32_t levels)
{
    return 1u << (FP_DIR_SHIFT * levels);
}

/* A zeroed frame for a table, or 0. */
static uint32_t table_alloc(struct file_pages *fp)
{
    uint32_t pa = frame_alloc();
    if (pa) {
        memset(P2V(pa), 0, PAGE_SIZE);
        fp->tables++;
        all_tables++;
    }
    return pa;
}

/* Give a table's frame back. */
static void table_free(struct file_pages *fp, uint32_t pa)
{
    frame_put(pa);
    fp->tables--;
    all_tables--;
}

/* The kernel's memory in file page tables, for meminfo. */
uint32_t fp_all_tables(void)
{
    return all_tables;
}

/* The slot within a table at `level` (1: the bottom) for page `index`. */
static uint32_t slot_of(uint32_t index, uint32_t level)
{
    return (index >> (FP_DIR_SHIFT * (level - 1))) % FP_SLOTS;
}

/* Walk down from the root, one table per level. */
uint32_t fp_lookup(const struct file_pages *fp, uint32_t index)
{
    if (!fp->root || index >= span(fp->levels))
        return 0;
    uint32_t pa = fp->root;
    for (uint32_t level = fp->levels; level > 0 && pa; level--)
        pa = slots(pa)[slot_of(index, level)];
    return pa;
}

/* While the root is a table whose only used slot is slot 0, that slot
 * becomes the root: the tree is never taller than its last page needs. */
static void shrink(struct file_pages *fp)
{
    while (fp->levels > 0 && fp->root) {
        uint32_t *t = slots(fp->root);
        for (int i = 1; i < FP_SLOTS; i++)
            if (t[i])
                return;
        uint32_t child = t[0];
        table_free(fp, fp->root);
        fp->root = child;
        fp->levels--;
    }
    if (!fp->root)
        fp->levels = 0;
}

/* Make the tree tall enough for `index`: an empty tree just takes the
 * depth; a full one gets a new root with the old one in slot 0. */
static int grow(struct file_pages *fp, uint32_t index)
{
    while (index >= span(fp->levels)) {
        if (!fp->root) {
            fp->levels++;
            continue;
        }
        uint32_t top = table_alloc(fp);
        if (!top)
            return -ENOMEM;
        slots(top)[0] = fp->root;
        fp->root = top;
        fp->levels++;
    }
    return 0;
}

/* Grow, then walk down making the missing tables.  With two levels at
 * most, only the last table made can fail, and then shrink() takes away
 * the level grow() may have added: the file is as it was. */
int fp_insert(struct file_pages *fp, uint32_t index, uint32_t frame)
{
    if (index >= span(FP_MAX_LEVELS))
        return -EFBIG;
    if (grow(fp, index) < 0) {
        shrink(fp);
        return -ENOMEM;
    }
    if (fp->levels == 0) {
        fp->root = frame;
        fp->present++;
        return 0;
    }
    if (!fp->root && !(fp->root = table_alloc(fp))) {
        fp->levels = 0;
        return -ENOMEM;
    }
    uint32_t *t = slots(fp->root);
    for (uint32_t level = fp->levels; level > 1; level--) {
        uint32_t *slot = &t[slot_of(index, level)];
        if (!*slot && !(*slot = table_alloc(fp))) {
            shrink(fp);
            return -ENOMEM;
        }
        t = slots(*slot);
    }
    t[slot_of(index, 1)] = frame;
    fp->present++;
    return 0;
}

/* Is every slot of a table empty? */
static int table_empty(const uint32_t *t)
{
    for (int i = 0; i < FP_SLOTS; i++)
        if (t[i])
            return 0;
    return 1;
}

/* Drop the pages at `first` and after in the subtree `*slot` of `level`
 * levels (0: a data frame), whose first page is `base`; a table left
 * empty is freed and its slot cleared.  Returns the data frames dropped. */
static uint32_t truncate_subtree(struct file_pages *fp, uint32_t *slot,
                                 uint32_t level, uint32_t base, uint32_t first)
{
    if (!*slot || base + span(level) <= first)
        return 0;                        /* empty, or wholly kept */
    if (level == 0) {
        frame_put(*slot);
        *slot = 0;
        fp->present--;
        return 1;
    }
    uint32_t dropped = 0, *t = slots(*slot);
    for (uint32_t i = 0; i < FP_SLOTS; i++)
        dropped += truncate_subtree(fp, &t[i], level - 1,
                                    base + i * span(level - 1), first);
    if (table_empty(t)) {
        table_free(fp, *slot);
        *slot = 0;
    }
    return dropped;
}

/* Truncation: walk the tree dropping pages from `first` on, then let it
 * shrink to the depth its remaining pages need. */
uint32_t fp_truncate(struct file_pages *fp, uint32_t first)
{
    uint32_t dropped = truncate_subtree(fp, &fp->root, fp->levels, 0, first);
    shrink(fp);
    return dropped;
}
