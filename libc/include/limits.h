/*
 * limits.h - the ranges of the integer types (i386: int and long are
 * 32 bits) and a few system limits.
 */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT   8
#define SCHAR_MIN  (-128)
#define SCHAR_MAX  127
#define UCHAR_MAX  255
#define CHAR_MIN   SCHAR_MIN        /* char is signed on i386 */
#define CHAR_MAX   SCHAR_MAX
#define SHRT_MIN   (-32768)
#define SHRT_MAX   32767
#define USHRT_MAX  65535
#define INT_MIN    (-INT_MAX - 1)
#define INT_MAX    2147483647
#define UINT_MAX   4294967295U
#define LONG_MIN   (-LONG_MAX - 1L)
#define LONG_MAX   2147483647L
#define ULONG_MAX  4294967295UL
#define LLONG_MIN  (-LLONG_MAX - 1LL)
#define LLONG_MAX  9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#define SSIZE_MAX  LONG_MAX

#define PATH_MAX   4096             /* bytes in a path, NUL included */
#define NAME_MAX   255              /* bytes in one file name */
#define PIPE_BUF   4096             /* writes this small are atomic */
#define ARG_MAX    131072           /* bytes of argv + envp for execve */

#endif
