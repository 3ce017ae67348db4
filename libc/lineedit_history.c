/*
 * libc/lineedit_history.c - the lines typed before, for Up and Down.
 *
 * A list of at most LE_HISTORY_MAX malloc'd lines, oldest first, kept in
 * memory only (nothing is saved to a file).  As bash does with
 * HISTCONTROL=ignoredups, a line equal to the newest is not added again,
 * and empty lines are never added.
 */
#include <stdlib.h>
#include <string.h>

#include "lineedit_impl.h"

/* Add a line (see lineedit_impl.h): 1 added, 0 skipped, -1 no memory. */
int le_history_add(struct le_history *h, const char *line)
{
    if (line[0] == '\0')
        return 0;
    if (h->count > 0 && strcmp(h->entry[h->count - 1], line) == 0)
        return 0;
    char *copy = strdup(line);
    if (!copy)
        return -1;
    if (h->count == LE_HISTORY_MAX) {
        free(h->entry[0]);
        memmove(h->entry, h->entry + 1, (LE_HISTORY_MAX - 1) * sizeof(char *));
        h->count--;
    }
    h->entry[h->count++] = copy;
    return 1;
}

/* The line `back` steps into the past: 1 is the newest. */
const char *le_history_get(const struct le_history *h, int back)
{
    if (back < 1 || back > h->count)
        return NULL;
    return h->entry[h->count - back];
}

/* Free every line. */
void le_history_clear(struct le_history *h)
{
    for (int i = 0; i < h->count; i++)
        free(h->entry[i]);
    h->count = 0;
}
