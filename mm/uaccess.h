/*
 * mm/uaccess.h - the one safe way for the kernel to touch user memory.
 *
 * A system call's pointer arguments come from the user and may be
 * anything: NULL, a kernel address, unmapped, read-only.  These functions
 * check every page against the current process's address space (making
 * lazy pages present as a user access would) and return -EFAULT instead
 * of faulting in the kernel.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stddef.h>
#include <stdint.h>

/* 0 on success, -EFAULT if any byte is not accessible. */
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
/* Copy a NUL-terminated string of at most max-1 characters.  Returns its
 * length, -EFAULT, or -ENAMETOOLONG if no NUL came within max bytes. */
long strncpy_from_user(char *dst, const char *usrc, size_t max);
/* Clear n user bytes; 0 or -EFAULT. */
int clear_user(void *udst, size_t n);

/* The partial copies of read() and write(): as much of the buffer as the
 * program can access, from its start, stopping at the first page it
 * cannot (unmapped, PROT_NONE, or read-only for a copy into it).  They
 * return the bytes copied: n when all were, 0 when even the first page
 * was bad or the range leaves user space. */
size_t copy_to_user_prefix(void *udst, const void *src, size_t n);
size_t copy_from_user_prefix(void *dst, const void *usrc, size_t n);
size_t clear_user_prefix(void *udst, size_t n);

/* Does [uaddr, uaddr + n) lie inside user space, without wrapping?
 * (Linux's access_ok: read and write check it before anything else.) */
int access_ok(const void *uaddr, size_t n);

#endif
