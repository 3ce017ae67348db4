# Pagoda's build.  `make` builds the kernel; `make run` boots it in QEMU;
# `make test` runs every test.  Both install missing packages first.

CROSS   ?= i686-linux-gnu-
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
NM      := $(CROSS)nm
NASM    := nasm
HOSTCC  ?= gcc
PYTHON  ?= /usr/bin/python3
B       := build
# `make Q=` shows every command in full.
Q       ?= @

# ---- the kernel ------------------------------------------------------------
KCFLAGS := -m32 -march=i686 -ffreestanding -O2 -g -Wall -Wextra -Werror \
           -std=gnu11 -fno-pie -fno-pic -fno-stack-protector \
           -fno-omit-frame-pointer -fno-strict-aliasing \
           -fno-asynchronous-unwind-tables -mgeneral-regs-only \
           -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
           -I. -MMD -MP
KLDFLAGS := -m elf_i386 -T linker.ld -nostdlib --build-id=none -z noexecstack
LIBGCC  := $(shell $(CC) -m32 -print-libgcc-file-name)
NASMFLAGS := -f elf32 -g -F dwarf

KSRC_C   := $(wildcard kernel/*.c mm/*.c proc/*.c fs/*.c lib/*.c)
KSRC_ASM := $(wildcard boot/*.asm kernel/*.asm proc/*.asm)
KOBJS    := $(KSRC_ASM:%.asm=$(B)/%.o) $(KSRC_C:%.c=$(B)/%.o)

# The user side: the C library, the bundled programs and the initrd
# (each fragment adds what `all` should build to ALL_EXTRA).
.DEFAULT_GOAL := all
ALL_EXTRA :=
include libc/build.mk
include user/build.mk
include tests/user/build.mk
include tests/fuzz/build.mk

all: $(B)/kernel.elf $(ALL_EXTRA)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/%.o: %.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

# Two links: the first gives the function addresses for the symbol table
# (tools/mksyms.sh); the second adds the table after the code, so the
# addresses stay the same.  The last step checks that they did.
$(B)/kernel.0.elf: $(KOBJS) linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(LIBGCC)

$(B)/ksyms_table.S: $(B)/kernel.0.elf tools/mksyms.sh
	$(Q)NM=$(NM) tools/mksyms.sh $< > $@

$(B)/ksyms_table.o: $(B)/ksyms_table.S
	$(Q)$(CC) -m32 -c $< -o $@

$(B)/kernel.elf: $(B)/kernel.0.elf $(B)/ksyms_table.o
	@echo "  LD      $@"
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(B)/ksyms_table.o $(LIBGCC)
	@NM=$(NM) tools/mksyms.sh $@ | cmp -s - $(B)/ksyms_table.S || \
	  { echo "kernel symbol addresses moved between links"; rm -f $@; exit 1; }

# ---- a bootable GRUB CD image ----------------------------------------------
iso: $(B)/pagoda.iso

$(B)/pagoda.iso: $(B)/kernel.elf $(B)/initrd.cpio boot/grub.cfg
	@rm -rf $(B)/isodir
	@mkdir -p $(B)/isodir/boot/grub
	cp $(B)/kernel.elf $(B)/isodir/boot/kernel.elf
	cp $(B)/initrd.cpio $(B)/isodir/boot/initrd.cpio
	cp boot/grub.cfg $(B)/isodir/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/isodir 2>/dev/null

# ---- host unit tests of pure kernel code -----------------------------------
UNIT_CFLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Werror -I. \
               -fsanitize=address,undefined -fno-sanitize-recover=all -MMD -MP
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)

unit: $(UNIT_BINS)

$(B)/unit/%: tests/unit/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $< -o $@

# ---- running, debugging, testing -------------------------------------------
deps:
	@tools/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	tools/qemu.sh $(QEMU_ARGS)

qemu-gdb: deps
	@$(MAKE) --no-print-directory all
	tools/qemu.sh --gdb $(QEMU_ARGS)

gdb:
	gdb -q -nx -x tools/gdb/gdbinit

test: deps
	@$(MAKE) --no-print-directory all unit iso
	$(PYTHON) -m pytest -v tests

# The same suite, also comparing /proc formats and test programs with a
# real i386 Linux kernel in QEMU (tools/linuxref/run; slower, and its
# first run downloads that kernel).
test-linuxref: deps
	@$(MAKE) --no-print-directory all unit iso
	PAGODA_LINUXREF=1 $(PYTHON) -m pytest -v tests

# Only the Linux-reference runner's own checks (tests/test_linuxref.py).
linuxref-check: deps
	@$(MAKE) --no-print-directory all
	PAGODA_LINUXREF=1 $(PYTHON) -m pytest -v tests/test_linuxref.py

clean:
	rm -rf $(B)

.PHONY: all iso unit deps run qemu-gdb gdb test test-linuxref linuxref-check clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
