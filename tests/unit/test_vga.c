/*
 * tests/unit/test_vga.c - kernel/vga.c on a screen in host memory: text,
 * newlines and scrolling, and the ANSI sequences the console's programs
 * send (the line editor's redraw: CR, ESC [ K, ESC [ N C; ^L's ESC [ H
 * ESC [ 2 J), with every other sequence swallowed, not shown.
 */
#include <stdint.h>

#include "kernel/x86.h"
#include "mm/layout.h"

/* The screen lives in this array; port writes (the cursor) do nothing. */
static uint16_t fake_vga[80 * 25];
#undef P2V
#define P2V(pa) ((void *)fake_vga)
#define outb(port, v) ((void)(port), (void)(v))

#include "kernel/vga.c"

#include "tests/unit/unit.h"

/* Feed a string to the screen. */
static void put(const char *s)
{
    while (*s)
        vga_putc(*s++);
}

/* Row r of the screen as text, trailing blanks cut. */
static const char *row_text(int r)
{
    static char buf[81];
    for (int i = 0; i < 80; i++)
        buf[i] = (char)(fake_vga[r * 80 + i] & 0xff);
    int n = 80;
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    return buf;
}

static void test_text(void)
{
    group_begin("vga_text_and_scroll");
    vga_init();
    put("one\ntwo\r2");
    CHECK(strcmp(row_text(0), "one") == 0, "row 0: %s", row_text(0));
    CHECK(strcmp(row_text(1), "2wo") == 0, "row 1: %s", row_text(1));
    for (int i = 0; i < 30; i++)
        put("x\n");
    CHECK(row == 24 && col == 0, "cursor %d,%d after scrolling", row, col);
    CHECK(strcmp(row_text(23), "x") == 0, "row 23: %s", row_text(23));
    group_end();
}

static void test_editor_redraw(void)
{
    group_begin("vga_line_editor_redraw");
    vga_init();
    put("$ echo wrld\r$ echo world\x1b[K\r\x1b[9C");
    CHECK(strcmp(row_text(0), "$ echo world") == 0, "row 0: %s", row_text(0));
    CHECK(row == 0 && col == 9, "cursor %d,%d", row, col);
    put("\r$ ls\x1b[K");                 /* a shorter line: the rest erased */
    CHECK(strcmp(row_text(0), "$ ls") == 0, "row 0: %s", row_text(0));
    put("\x1b[3D" "X");
    CHECK(strcmp(row_text(0), "$Xls") == 0, "row 0: %s", row_text(0));
    put("\n\nabc\x1b[2A" "Y" "\x1b[B" "Z");
    CHECK(strcmp(row_text(0), "$XlY") == 0, "row 0: %s", row_text(0));
    CHECK(strcmp(row_text(1), "    Z") == 0, "row 1: %s", row_text(1));
    CHECK(strcmp(row_text(2), "abc") == 0, "row 2: %s", row_text(2));
    put("\x1b[H\x1b[2J$ ");               /* ^L */
    CHECK(strcmp(row_text(0), "$") == 0 && row_text(2)[0] == '\0' && row == 0 && col == 2,
          "after clear: %s, cursor %d,%d", row_text(0), row, col);
    put("\x1b[5;10Hq\x1b[99;99H");
    CHECK(strcmp(row_text(4), "         q") == 0 && row == 24 && col == 79,
          "row 4: %s, cursor %d,%d", row_text(4), row, col);
    put("\x1b[1;1H" "abcdef" "\x1b[3D\x1b[J");
    CHECK(strcmp(row_text(0), "abc") == 0, "erase below: row 0 %s", row_text(0));
    CHECK(row_text(4)[0] == '\0', "erase below: row 4 %s", row_text(4));
    group_end();
}

static void test_unknown_swallowed(void)
{
    group_begin("vga_unknown_sequences_swallowed");
    vga_init();
    put("a\x1b[15~b\x1b[?25lc\x1b[1;31md\x1b" "7e\x1b[200~f");
    CHECK(strcmp(row_text(0), "abcdef") == 0, "row 0: %s", row_text(0));
    put("\x1b[1\nz");                    /* a control byte ends a sequence */
    CHECK(row == 1 && strcmp(row_text(1), "z") == 0, "row 1: %s", row_text(1));
    put("\x1b[99999999999C");            /* a huge count: the last column */
    CHECK(row == 1 && col == 79, "cursor %d,%d", row, col);
    group_end();
}

int main(void)
{
    test_text();
    test_editor_redraw();
    test_unknown_swallowed();
    return unit_exit();
}
