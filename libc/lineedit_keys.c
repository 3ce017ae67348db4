/*
 * libc/lineedit_keys.c - turn the bytes a terminal sends into keys.
 *
 * Most keys are one byte: printable characters, and control keys (^A is
 * 0x01, Backspace is DEL 0x7f or ^H).  Cursor and editing keys arrive
 * as escape sequences (ECMA-48, and xterm's ctlseqs):
 *
 *   CSI  ESC [ params final    params are bytes 0x30-0x3f ("1;5"),
 *                              then intermediates 0x20-0x2f, then one
 *                              final byte 0x40-0x7e: ESC [ A is Up,
 *                              ESC [ 3 ~ Delete, ESC [ 1 ; 5 C Ctrl-Right
 *   SS3  ESC O final           the same keys in "application" mode
 *   Meta ESC x                 Alt-x (Alt-b, Alt-f, Alt-d)
 *
 * A sequence is read to its end and either becomes a key or is
 * swallowed whole (LE_KEY_IGNORED), so nothing of it is ever inserted
 * into the line or echoed.  A control byte inside a CSI ends it (it is
 * then a key of its own), as a terminal would execute it.
 */
#include "lineedit_impl.h"

enum { LE_DEC_GROUND, LE_DEC_ESC, LE_DEC_CSI, LE_DEC_SS3 };

#define PARAM_MAX 9999           /* parameters saturate: no overflow */

/* The key for a CSI or SS3 final byte with parameters p0 (0 if absent)
 * and p1 (the xterm modifier: 5 = Ctrl, 3 = Alt). */
static int final_key(int final, int p0, int p1)
{
    int ctrl = p1 == 5 || p1 == 3;
    switch (final) {
    case 'A': return LE_KEY_UP;
    case 'B': return LE_KEY_DOWN;
    case 'C': return ctrl ? LE_KEY_WORD_RIGHT : LE_KEY_RIGHT;
    case 'D': return ctrl ? LE_KEY_WORD_LEFT : LE_KEY_LEFT;
    case 'H': return LE_KEY_HOME;
    case 'F': return LE_KEY_END;
    case '~':                    /* VT220 editing keys: ESC [ N ~ */
        switch (p0) {
        case 1: case 7: return LE_KEY_HOME;
        case 4: case 8: return LE_KEY_END;
        case 3: return LE_KEY_DELETE;
        }
    }
    return LE_KEY_IGNORED;
}

/* Alt-x, sent as ESC x. */
static int meta_key(unsigned char c)
{
    switch (c) {
    case 'b': return LE_KEY_WORD_LEFT;
    case 'f': return LE_KEY_WORD_RIGHT;
    case 'd': return LE_KEY_KILL_WORD_RIGHT;
    case LE_DEL: case '\b': return LE_KEY_KILL_WORD_LEFT;
    }
    return LE_KEY_IGNORED;
}

/* One more byte of a CSI's parameters: digits accumulate, ';' starts
 * the next parameter. */
static void csi_param(struct le_decoder *d, unsigned char c)
{
    if (c == ';') {
        d->nparam++;
        return;
    }
    if (c < '0' || c > '9' || d->nparam >= 2)
        return;                  /* '?', '<', ... and extra parameters */
    int *p = &d->param[d->nparam];
    *p = *p * 10 + (c - '0');
    if (*p > PARAM_MAX)
        *p = PARAM_MAX;
}

/* A byte while inside ESC [ ... */
static int csi_byte(struct le_decoder *d, unsigned char c)
{
    if (c >= 0x30 && c <= 0x3f) {
        csi_param(d, c);
        return LE_KEY_PENDING;
    }
    if (c >= 0x20 && c <= 0x2f)
        return LE_KEY_PENDING;   /* intermediate bytes: ignored */
    d->state = LE_DEC_GROUND;
    if (c >= 0x40 && c <= 0x7e)
        return final_key(c, d->param[0], d->param[1]);
    return c == LE_ESC ? le_decode(d, c) : c;   /* a control byte */
}

/* Feed one byte to the decoder: a key, or LE_KEY_PENDING. */
int le_decode(struct le_decoder *d, unsigned char c)
{
    switch (d->state) {
    case LE_DEC_ESC:
        if (c == '[' || c == 'O') {
            d->state = c == '[' ? LE_DEC_CSI : LE_DEC_SS3;
            d->param[0] = d->param[1] = d->nparam = 0;
            return LE_KEY_PENDING;
        }
        if (c == LE_ESC)
            return LE_KEY_PENDING;   /* ESC ESC: still one escape */
        d->state = LE_DEC_GROUND;
        return meta_key(c);
    case LE_DEC_CSI:
        return csi_byte(d, c);
    case LE_DEC_SS3:
        d->state = LE_DEC_GROUND;
        return final_key(c, 0, 0);
    }
    if (c == LE_ESC) {
        d->state = LE_DEC_ESC;
        return LE_KEY_PENDING;
    }
    return c;
}
