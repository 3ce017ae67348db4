/* kernel/vga.h - the 80x25 VGA text screen, a mirror of the serial console. */
#ifndef KERNEL_VGA_H
#define KERNEL_VGA_H

void vga_init(void);
void vga_putc(char c);

#endif
