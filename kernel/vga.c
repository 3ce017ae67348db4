/*
 * kernel/vga.c - VGA text mode: a 80x25 array of (character, colour) cells
 * at physical 0xB8000, reached through the kernel's direct map.
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

void vga_putc(char c)
{
    if (c == '\n') {
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
