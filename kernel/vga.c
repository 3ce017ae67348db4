/*
 * kernel/vga.c - VGA text mode: a 80x25 array of (character, colour) cells
 * at physical 0xB8000, reached through the kernel's direct map.
 *
 * The screen mirrors the serial console, so it understands the few ANSI
 * (ECMA-48) sequences that programs there send to redraw a line or a
 * screen - the line editor (docs/console.md), full-screen tools: ESC [ K
 * and ESC [ J (erase), ESC [ H (cursor to row;col), ESC [ A B C D (cursor
 * up, down, right, left).  Any other sequence is swallowed whole, never
 * shown as characters.
 */
#include "kernel/vga.h"
#include "kernel/x86.h"
#include "mm/layout.h"
#include "lib/string.h"

#define VGA_PHYS    0xB8000
#define VGA_COLS    80
#define VGA_ROWS    25
#define VGA_COLOUR  0x07        /* light grey on black */
#define CRTC_INDEX  0x3D4       /* cursor position registers */
#define CRTC_DATA   0x3D5

static uint16_t *const screen = (uint16_t *)P2V(VGA_PHYS);
static int row, col;

/* Escape sequences: where we are, and the first two numeric parameters. */
enum { ESC_NONE, ESC_SEEN, ESC_CSI };
static int esc_state, esc_param[2], esc_nparam;

static void move_cursor(void)
{
    uint16_t pos = (uint16_t)(row * VGA_COLS + col);
    outb(CRTC_INDEX, 14);
    outb(CRTC_DATA, pos >> 8);
    outb(CRTC_INDEX, 15);
    outb(CRTC_DATA, pos & 0xFF);
}

static void scroll(void)
{
    memmove(screen, screen + VGA_COLS, (VGA_ROWS - 1) * VGA_COLS * 2);
    for (int i = 0; i < VGA_COLS; i++)
        screen[(VGA_ROWS - 1) * VGA_COLS + i] = (VGA_COLOUR << 8) | ' ';
    row = VGA_ROWS - 1;
}

void vga_init(void)
{
    for (int i = 0; i < VGA_ROWS * VGA_COLS; i++)
        screen[i] = (VGA_COLOUR << 8) | ' ';
    row = col = 0;
    move_cursor();
}

/* Blank the cells [from, to) of the screen. */
static void blank(int from, int to)
{
    for (int i = from; i < to; i++)
        screen[i] = (VGA_COLOUR << 8) | ' ';
}

/* Clamp v into [lo, hi]. */
static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The end of ESC [ params final: do what the final byte says. */
static void csi_final(char final)
{
    int n = esc_param[0] > 0 ? esc_param[0] : 1;
    int here = row * VGA_COLS + col;
    switch (final) {
    case 'A': row = clamp(row - n, 0, VGA_ROWS - 1); break;
    case 'B': row = clamp(row + n, 0, VGA_ROWS - 1); break;
    case 'C': col = clamp(col + n, 0, VGA_COLS - 1); break;
    case 'D': col = clamp(col - n, 0, VGA_COLS - 1); break;
    case 'H':
    case 'f':
        row = clamp(n - 1, 0, VGA_ROWS - 1);
        col = clamp((esc_param[1] > 0 ? esc_param[1] : 1) - 1, 0, VGA_COLS - 1);
        break;
    case 'K':                    /* 0: to the end of the row, 2: all of it */
        if (esc_param[0] == 0)
            blank(here, (row + 1) * VGA_COLS);
        else if (esc_param[0] == 2)
            blank(row * VGA_COLS, (row + 1) * VGA_COLS);
        break;
    case 'J':                    /* 0: to the end of the screen, 2: all */
        if (esc_param[0] == 0)
            blank(here, VGA_ROWS * VGA_COLS);
        else if (esc_param[0] == 2)
            blank(0, VGA_ROWS * VGA_COLS);
        break;
    }
}

/* One byte of an escape sequence: after ESC, a '[' starts a CSI and any
 * other byte ends a two-byte sequence; in a CSI, digits and ';' are
 * parameters, other bytes 0x20-0x3f are skipped, and a byte 0x40-0x7e
 * ends it.  (vga_putc ends it at a control byte, which then acts.) */
static void escape_byte(char c)
{
    if (esc_state == ESC_SEEN) {
        esc_state = c == '[' ? ESC_CSI : ESC_NONE;
        esc_param[0] = esc_param[1] = esc_nparam = 0;
        return;
    }
    if (c >= '0' && c <= '9') {
        if (esc_nparam < 2 && esc_param[esc_nparam] < 1000)
            esc_param[esc_nparam] = esc_param[esc_nparam] * 10 + (c - '0');
    } else if (c == ';') {
        esc_nparam++;
    } else if (c >= 0x40 && c <= 0x7e) {
        esc_state = ESC_NONE;
        csi_final(c);
    } else if ((unsigned char)c > 0x7e) {
        esc_state = ESC_NONE;    /* not a CSI byte: the sequence is over */
    }
}

void vga_putc(char c)
{
    if (esc_state == ESC_CSI && (unsigned char)c < 0x20)
        esc_state = ESC_NONE;    /* a control byte ends a CSI and is done */
    if (esc_state != ESC_NONE) {
        escape_byte(c);
        move_cursor();
        return;
    }
    if (c == 0x1b) {
        esc_state = ESC_SEEN;
    } else if (c == '\n') {
        col = 0;
        row++;
    } else if (c == '\r') {
        col = 0;
    } else if (c == '\b') {
        if (col > 0)
            col--;
        screen[row * VGA_COLS + col] = (VGA_COLOUR << 8) | ' ';
    } else if ((unsigned char)c >= ' ') {
        screen[row * VGA_COLS + col] = (VGA_COLOUR << 8) | (unsigned char)c;
        if (++col == VGA_COLS) {
            col = 0;
            row++;
        }
    }
    if (row == VGA_ROWS)
        scroll();
    move_cursor();
}
