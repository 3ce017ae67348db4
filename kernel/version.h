/*
 * kernel/version.h - the words uname(2) and /proc/version say about the
 * kernel.  The system name is "Linux" because programs test for it (the
 * ABI is Linux's); the release says which Linux it behaves like.
 */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define UTS_SYSNAME  "Linux"
#define UTS_NODENAME "pagoda"
#define UTS_RELEASE  "6.1.0-pagoda"
#define UTS_VERSION  "#1 Pagoda 0.1"
#define UTS_MACHINE  "i686"
/* /proc/version's "(BY@HOST) (COMPILER)": fixed, so builds are reproducible. */
#define UTS_COMPILE_BY_HOST "pagoda@pagoda"
#define UTS_COMPILER "gcc version " __VERSION__

#endif
