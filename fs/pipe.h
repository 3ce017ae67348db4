/*
 * fs/pipe.h - pipes: a byte queue between a read end and a write end.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include <stdint.h>

#define PIPE_SIZE 16384          /* bytes a pipe holds */
#define PIPE_BUF  4096           /* writes up to this size are atomic */

struct file;

struct pipe {
    char *buf;                   /* PIPE_SIZE bytes, used as a ring */
    uint32_t head;               /* index of the oldest byte */
    uint32_t count;              /* bytes queued */
    uint32_t readers, writers;   /* open files on each end */
};

/* A new pipe: *rf reads from it, *wf writes to it.  0 or -ENOMEM. */
int pipe_create(struct file **rf, struct file **wf);
/* Free the pipe of an inode that is being freed. */
void pipe_free(struct pipe *p);

#endif
