/*
 * fs/pipe.h - pipes: a byte queue between a read end and a write end.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include <stdint.h>

#define PIPE_SIZE 16384          /* bytes a pipe holds */
#define PIPE_BUF  4096           /* writes up to this size are atomic */
#define PIPE_UNIT 4096           /* one of Linux's pipe buffers: a page */
/* Units queued at most: two neighbours always hold more than a page
 * (fs/pipe.c), so a full pipe has fewer than 2 * PIPE_SIZE / PIPE_UNIT + 1. */
#define PIPE_UNITS (2 * PIPE_SIZE / PIPE_UNIT + 2)

struct file;

struct pipe {
    char *buf;                   /* PIPE_SIZE bytes, used as a ring */
    uint32_t head;               /* index of the oldest byte */
    uint32_t count;              /* bytes queued */
    uint32_t readers, writers;   /* open files on each end */
    /* The queued bytes as Linux's pipe buffers would hold them (a ring
     * of units, oldest first, each's unread bytes), and how full the
     * newest one is (its read bytes included): a read or write that
     * runs into a hole transfers whole units only (fs/pipe.c). */
    uint16_t unit[PIPE_UNITS];
    uint32_t unit_head, units;
    uint32_t last_fill;
};

/* A new pipe: *rf reads from it, *wf writes to it.  0 or -ENOMEM. */
int pipe_create(struct file **rf, struct file **wf);
/* Free the pipe of an inode that is being freed. */
void pipe_free(struct pipe *p);

#endif
