/*
 * libc/libc.h - private declarations shared by the C library's own
 * files: the raw system call entry and a few internal hooks.  User
 * programs never include this.
 */
#ifndef LIBC_LIBC_H
#define LIBC_LIBC_H

#include <sys/syscall.h>

/* libc/trap.asm: load eax = nr and ebx, ecx, edx, esi, edi, ebp =
 * a..f, execute int $0x80 and return eax unchanged: a result, or
 * -errno in [-4095, -1]. */
long __syscall6(long nr, long a, long b, long c, long d, long e, long f);

/* Shorthands for calls with fewer arguments. */
static inline long sys0(long nr)
{ return __syscall6(nr, 0, 0, 0, 0, 0, 0); }
static inline long sys1(long nr, long a)
{ return __syscall6(nr, a, 0, 0, 0, 0, 0); }
static inline long sys2(long nr, long a, long b)
{ return __syscall6(nr, a, b, 0, 0, 0, 0); }
static inline long sys3(long nr, long a, long b, long c)
{ return __syscall6(nr, a, b, c, 0, 0, 0); }
static inline long sys4(long nr, long a, long b, long c, long d)
{ return __syscall6(nr, a, b, c, d, 0, 0); }
static inline long sys5(long nr, long a, long b, long c, long d, long e)
{ return __syscall6(nr, a, b, c, d, e, 0); }

/* libc/syscall.c: turn a raw result into the C convention: -errno
 * becomes -1 with errno set, anything else is returned as it is. */
long __sysret(long raw);

/* libc/stdio.c: flush every open stream (called by exit). */
void __stdio_flush_all(void);

#endif
