/*
 * user/procmaps.h - reading a process's /proc files for the demo
 * programs: the regions of /proc/PID/maps, one region's counters from
 * /proc/PID/smaps, and single fields of /proc/PID/status and stat.
 *
 * Header-only, like vmcounters.h: every program in user/ is built from
 * its own .c file.  The formats are Linux's (proc(5)), so the demos
 * read Linux's files just as well when they run natively.
 */
#ifndef USER_PROCMAPS_H
#define USER_PROCMAPS_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line of maps: "start-end perms offset dev inode   name". */
struct maps_region {
    unsigned long start, end, offset, inode;
    char perms[5];              /* "r-xp" */
    char dev[16];               /* "00:05" */
    char name[256];             /* "[heap]", a path, or "" */
    char line[384];             /* the whole line, without its newline */
};

/* A region's counters from smaps, in kB. */
struct smaps_counts {
    long size, rss, pss, shared_clean, shared_dirty;
    long private_clean, private_dirty, anonymous, swap, locked;
};

/* Copy the next space-separated word of *s into out (size bytes) and
 * advance *s past it. */
static inline void maps_word(const char **s, char *out, size_t size)
{
    const char *p = *s;
    while (*p == ' ')
        p++;
    size_t n = 0;
    while (*p && *p != ' ' && *p != '\n') {
        if (n + 1 < size)
            out[n++] = *p;
        p++;
    }
    out[n] = '\0';
    *s = p;
}

/* Parse one maps line into *r; returns 0, or -1 if it is not one. */
static inline int maps_parse_line(const char *line, struct maps_region *r)
{
    char *end;
    memset(r, 0, sizeof(*r));
    r->start = strtoul(line, &end, 16);
    if (*end != '-')
        return -1;
    r->end = strtoul(end + 1, &end, 16);
    if (*end != ' ')
        return -1;
    const char *p = end;
    char word[32];
    maps_word(&p, r->perms, sizeof(r->perms));
    maps_word(&p, word, sizeof(word));
    r->offset = strtoul(word, NULL, 16);
    maps_word(&p, r->dev, sizeof(r->dev));
    maps_word(&p, word, sizeof(word));
    r->inode = strtoul(word, NULL, 10);
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, "\n");
    if (n >= sizeof(r->name))
        n = sizeof(r->name) - 1;
    memcpy(r->name, p, n);
    r->name[n] = '\0';
    n = strcspn(line, "\n");
    if (n >= sizeof(r->line))
        n = sizeof(r->line) - 1;
    memcpy(r->line, line, n);
    r->line[n] = '\0';
    return strlen(r->perms) == 4 ? 0 : -1;
}

/* Read up to max regions of the maps file at path into out[], in the
 * file's order (low addresses first).  Returns how many, or -1. */
static inline int maps_read(const char *path, struct maps_region *out, int max)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int n = 0;
    while (n < max && fgets(line, sizeof(line), f))
        if (maps_parse_line(line, &out[n]) == 0)
            n++;
    fclose(f);
    return n;
}

/* The region of maps file path that holds addr, in *r.  Returns 0, or
 * -1 if no region holds it. */
static inline int maps_find(const char *path, unsigned long addr,
                            struct maps_region *r)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int found = -1;
    while (found < 0 && fgets(line, sizeof(line), f))
        if (maps_parse_line(line, r) == 0 && r->start <= addr && addr < r->end)
            found = 0;
    fclose(f);
    return found;
}

/* Store the kB value of an smaps line "Key:   N kB" in its field. */
static inline void smaps_take(const char *line, struct smaps_counts *c)
{
    static const struct { const char *key; size_t offset; } keys[] = {
        { "Size:", offsetof(struct smaps_counts, size) },
        { "Rss:", offsetof(struct smaps_counts, rss) },
        { "Pss:", offsetof(struct smaps_counts, pss) },
        { "Shared_Clean:", offsetof(struct smaps_counts, shared_clean) },
        { "Shared_Dirty:", offsetof(struct smaps_counts, shared_dirty) },
        { "Private_Clean:", offsetof(struct smaps_counts, private_clean) },
        { "Private_Dirty:", offsetof(struct smaps_counts, private_dirty) },
        { "Anonymous:", offsetof(struct smaps_counts, anonymous) },
        { "Swap:", offsetof(struct smaps_counts, swap) },
        { "Locked:", offsetof(struct smaps_counts, locked) },
    };
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        size_t n = strlen(keys[i].key);
        if (strncmp(line, keys[i].key, n) == 0) {
            *(long *)((char *)c + keys[i].offset) = strtol(line + n, NULL, 10);
            return;
        }
    }
}

/* The smaps block of the region that holds addr: its maps line in *r
 * and its counters in *c.  Returns 0, or -1 if no region holds addr. */
static inline int smaps_find(const char *path, unsigned long addr,
                             struct maps_region *r, struct smaps_counts *c)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int state = 0;                 /* 0 looking, 1 inside its block, 2 done */
    memset(c, 0, sizeof(*c));
    while (state < 2 && fgets(line, sizeof(line), f)) {
        struct maps_region here;
        if (maps_parse_line(line, &here) == 0) {   /* a block's first line */
            if (state == 1)
                state = 2;
            else if (here.start <= addr && addr < here.end) {
                *r = here;
                state = 1;
            }
        } else if (state == 1) {
            smaps_take(line, c);
        }
    }
    fclose(f);
    return state ? 0 : -1;
}

/* Copy the value of status field `key` ("State", "PPid", "VmRSS") of
 * the status file at path into out, without the leading tab and the
 * newline.  Returns 0, or -1 if the file or the field is not there. */
static inline int status_field(const char *path, const char *key,
                               char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    size_t n = strlen(key);
    int found = -1;
    while (found < 0 && fgets(line, sizeof(line), f)) {
        if (strncmp(line, key, n) != 0 || line[n] != ':')
            continue;
        const char *v = line + n + 1;
        while (*v == '\t' || *v == ' ')
            v++;
        size_t len = strcspn(v, "\n");
        if (len >= size)
            len = size - 1;
        memcpy(out, v, len);
        out[len] = '\0';
        found = 0;
    }
    fclose(f);
    return found;
}

/* A status field in kB ("VmRSS:   123 kB"), or -1 if it is not there. */
static inline long status_kb(const char *path, const char *key)
{
    char value[64];
    if (status_field(path, key, value, sizeof(value)) < 0)
        return -1;
    return strtol(value, NULL, 10);
}

/* The state letter of /proc/PID/stat (R, S, Z, ...), or 0 if the
 * process is gone.  The name in parentheses may hold spaces and ')',
 * so the state is the word after the last ')'. */
static inline char stat_state(int pid)
{
    char path[32], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' ? paren[2] : 0;
}

#endif
