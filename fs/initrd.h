/*
 * fs/initrd.h - unpacking the initrd modules into the root file system.
 */
#ifndef FS_INITRD_H
#define FS_INITRD_H

#include <stdint.h>

/* Unpack every module in bootinfo.modules, in order. */
void initrd_unpack_all(void);
/* Unpack one module: one or more concatenated newc cpio archives.  Later
 * entries replace earlier ones of the same path.  A malformed archive
 * stops this module with a one-line message.  Returns the number of
 * entries applied, or -1 if the module was malformed. */
int initrd_unpack(const uint8_t *buf, uint32_t len, int module);

#endif
