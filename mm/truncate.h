/*
 * mm/truncate.h - what the file system tells mm when a file shrinks
 * (kept apart from mm/mm.h so that fs/ramfs.c needs nothing else of mm).
 */
#ifndef MM_TRUNCATE_H
#define MM_TRUNCATE_H

#include <stdint.h>

struct inode;

/* A file shrank to `size` bytes: unmap its pages wholly beyond the new
 * end from every address space (Linux's truncate_pagecache), so that the
 * next touch there raises SIGBUS (mm/truncate.c). */
void mm_truncate_file(struct inode *file, uint32_t size);

#endif
