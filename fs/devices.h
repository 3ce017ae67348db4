/*
 * fs/devices.h - character device numbers and the /dev nodes.
 */
#ifndef FS_DEVICES_H
#define FS_DEVICES_H

#include "fs/stat.h"

#define DEV_NULL    MKDEV(1, 3)
#define DEV_ZERO    MKDEV(1, 5)
#define DEV_RANDOM  MKDEV(1, 8)
#define DEV_URANDOM MKDEV(1, 9)
#define DEV_TTY     MKDEV(5, 0)
#define DEV_CONSOLE MKDEV(5, 1)

/* Make /dev/null, /dev/zero, /dev/tty and /dev/console. */
void devices_init(void);

#endif
