# libc/build.mk - the C library for user programs: $(B)/libc/libc.a and
# the program entry code $(B)/libc/crt0.o.
#
# Included by the top-level Makefile, before user/build.mk.  Uses CC,
# CROSS (the tool prefix, for ar), NASM and B from there.
#
# Flags, beyond the kernel's usual ones:
#  -ffreestanding  there is no C library underneath us: we are it.  It
#                  also implies -fno-builtin, so gcc never turns our own
#                  code into calls to the function being defined (say,
#                  malloc + memset into calloc, inside calloc), and it
#                  makes gcc's <stdint.h> self-contained.
#  -fno-strict-aliasing  readdir() views a char buffer as struct dirent.
#  -nostdinc -isystem <gcc>/include -Ilibc/include
#                  only our headers, plus gcc's stddef/stdarg/stdint.
#  -I.             for the shared kernel sources lib/string.c and
#                  lib/format.c, which are compiled into libc.a.

LIBC_A    := $(B)/libc/libc.a
LIBC_CRT0 := $(B)/libc/crt0.o

LIBC_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -g -Wall -Wextra -Werror \
               -ffreestanding -fno-stack-protector -fno-pie -fno-pic \
               -fno-omit-frame-pointer -fno-strict-aliasing \
               -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
               -Ilibc/include -I. -MMD -MP
LIBC_NASMFLAGS := -f elf32 -g -F dwarf

# How programs are linked: static, not position-independent, at the
# classic i386 address; crt0 first, the C library, then libgcc (64-bit
# division and the like).
LIBC_LDFLAGS := -m32 -nostdlib -static -no-pie \
                -Wl,-Ttext-segment=0x08048000 -Wl,--build-id=none \
                -Wl,-z,noexecstack
LIBC_LIBGCC  := $(shell $(CC) -m32 -print-libgcc-file-name)

LIBC_C_OBJS   := $(patsubst %.c,$(B)/%.o,$(wildcard libc/*.c))
LIBC_ASM_OBJS := $(B)/libc/trap.o $(B)/libc/sigreturn.o
LIBC_LIB_OBJS := $(B)/libc/lib/string.o $(B)/libc/lib/format.o
LIBC_OBJS     := $(LIBC_C_OBJS) $(LIBC_ASM_OBJS) $(LIBC_LIB_OBJS)

# Static pattern rules, so the top Makefile's kernel rule for
# $(B)/%.o never builds these with kernel flags.
$(LIBC_C_OBJS): $(B)/libc/%.o: libc/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(LIBC_LIB_OBJS): $(B)/libc/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(LIBC_ASM_OBJS) $(LIBC_CRT0): $(B)/libc/%.o: libc/%.asm
	@mkdir -p $(dir $@)
	$(NASM) $(LIBC_NASMFLAGS) $< -o $@

$(LIBC_A): $(LIBC_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $(LIBC_OBJS)

libc: $(LIBC_A) $(LIBC_CRT0)

# `make libc-check` runs the library's self-test natively on the host
# (the host runs i386 Linux binaries directly).
LIBC_TEST := $(B)/libc/test/libctest

$(LIBC_TEST).o: libc/test/libctest.c
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(LIBC_TEST): $(LIBC_TEST).o $(LIBC_CRT0) $(LIBC_A)
	$(CC) $(LIBC_LDFLAGS) -o $@ $(LIBC_CRT0) $< $(LIBC_A) $(LIBC_LIBGCC)

libc-check: $(LIBC_TEST)
	$(LIBC_TEST)

# Built with everything, so `make test` runs it (tests/test_unit.py).
ALL_EXTRA += $(LIBC_TEST)

.PHONY: libc libc-check

-include $(LIBC_OBJS:.o=.d) $(LIBC_TEST).d
