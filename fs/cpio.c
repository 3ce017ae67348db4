/*
 * fs/cpio.c - a careful reader of newc cpio archives (see fs/cpio.h).
 * Every length is checked against the buffer before it is used: a
 * malformed archive gives CPIO_BAD and a reason, never a wild read.
 */
#include "fs/cpio.h"
#include "lib/string.h"

#define CPIO_NAME_MAX 4096

/* Round up to a multiple of 4, in 64 bits so nothing overflows. */
static uint64_t align4(uint64_t x)
{
    return (x + 3) & ~(uint64_t)3;
}

/* Parse 8 hex digits; 0 on success, -1 if any is not a hex digit. */
static int parse_hex8(const uint8_t *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t c = s[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

/* Parse and check one header, its name and its data (see fs/cpio.h). */
int cpio_next(const uint8_t *buf, uint32_t len, uint32_t *pos,
              struct cpio_entry *e, const char **why)
{
    uint64_t at = *pos;
    if (at >= len) {
        *why = "archive ends without TRAILER!!!";
        return CPIO_BAD;
    }
    if (len - at < CPIO_HEADER_SIZE) {
        *why = "truncated header";
        return CPIO_BAD;
    }
    const uint8_t *h = buf + at;
    if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0) {
        *why = "bad magic (not a newc cpio archive)";
        return CPIO_BAD;
    }
    uint32_t f[13];
    for (int i = 0; i < 13; i++) {
        if (parse_hex8(h + 6 + 8 * i, &f[i]) < 0) {
            *why = "bad hex number in header";
            return CPIO_BAD;
        }
    }
    e->ino = f[0];
    e->mode = f[1];
    e->uid = f[2];
    e->gid = f[3];
    e->nlink = f[4];
    e->mtime = f[5];
    e->filesize = f[6];
    e->devmajor = f[7];
    e->devminor = f[8];
    e->rdevmajor = f[9];
    e->rdevminor = f[10];
    uint32_t namesize = f[11];       /* f[12] is the checksum: unused */

    if (namesize == 0 || namesize > CPIO_NAME_MAX) {
        *why = "bad name size";
        return CPIO_BAD;
    }
    uint64_t name_at = at + CPIO_HEADER_SIZE;
    if (name_at + namesize > len) {
        *why = "truncated name";
        return CPIO_BAD;
    }
    if (buf[name_at + namesize - 1] != '\0' ||
        memchr(buf + name_at, '\0', namesize - 1) != NULL) {
        *why = "malformed name";
        return CPIO_BAD;
    }
    e->name = (const char *)buf + name_at;

    uint64_t data_at = align4(name_at + namesize);
    if (data_at > len || e->filesize > len - data_at) {
        *why = "truncated data";
        return CPIO_BAD;
    }
    e->data = buf + data_at;
    uint64_t next = align4(data_at + e->filesize);
    *pos = next > len ? len : (uint32_t)next;
    if (strcmp(e->name, "TRAILER!!!") == 0)
        return CPIO_TRAILER;
    return CPIO_ENTRY;
}

/* Between archives only zeros may come, then a new 4-aligned magic. */
int cpio_skip_padding(const uint8_t *buf, uint32_t len, uint32_t *pos,
                      const char **why)
{
    uint32_t at = *pos;
    while (at < len && buf[at] == 0)
        at++;
    *pos = at;
    if (at == len)
        return 0;
    if (at % 4 == 0 && len - at >= 6 &&
        (memcmp(buf + at, "070701", 6) == 0 || memcmp(buf + at, "070702", 6) == 0))
        return 1;
    *why = "garbage after TRAILER!!!";
    return CPIO_BAD;
}
