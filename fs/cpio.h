/*
 * fs/cpio.h - reading "newc" cpio archives (the initramfs format).
 *
 * Each entry is a 110-byte ASCII header ("070701" and thirteen 8-digit
 * hex numbers), the NUL-terminated name, padding to a multiple of 4,
 * the data, and padding to a multiple of 4 again (offsets counted from
 * the start of the buffer).  An entry named "TRAILER!!!" ends an archive;
 * another archive may follow after zero padding.
 */
#ifndef FS_CPIO_H
#define FS_CPIO_H

#include <stdint.h>

#define CPIO_HEADER_SIZE 110

struct cpio_entry {
    const char *name;            /* NUL-terminated, inside the buffer */
    uint32_t ino, mode, uid, gid, nlink, mtime, filesize;
    uint32_t devmajor, devminor, rdevmajor, rdevminor;
    const uint8_t *data;         /* filesize bytes, inside the buffer */
};

#define CPIO_ENTRY   1           /* *e holds an entry */
#define CPIO_TRAILER 0           /* the end of one archive */
#define CPIO_BAD    -1           /* malformed: *why says how */

/* Read the entry at buf[*pos] and move *pos past it. */
int cpio_next(const uint8_t *buf, uint32_t len, uint32_t *pos,
              struct cpio_entry *e, const char **why);
/* After a trailer: skip zero padding.  1 if another archive starts at
 * *pos, 0 if the buffer ends, CPIO_BAD for anything else. */
int cpio_skip_padding(const uint8_t *buf, uint32_t len, uint32_t *pos,
                      const char **why);

#endif
