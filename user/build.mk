# user/build.mk - the user programs, $(B)/user/NAME for every user/NAME.c
# and for every directory user/NAME/ of .c files (a program too big for
# one file, like the shell: user/sh/*.c with its header), and the initial
# ramdisk $(B)/initrd.cpio that holds them in /bin
# together with the files under user/rootfs/.
#
# Included by the top-level Makefile after libc/build.mk (it uses
# LIBC_CFLAGS, LIBC_LDFLAGS, LIBC_LIBGCC, LIBC_A and LIBC_CRT0 from
# there).  Adds the ramdisk to ALL_EXTRA; `make initrd` builds just the
# ramdisk and `make user` just the programs.
#
# Programs are static i386 ELF executables at the classic address
# 0x08048000, so they also run directly on an x86 Linux host.

USER_SINGLE := $(patsubst user/%.c,$(B)/user/%,$(wildcard user/*.c))
USER_DIRS   := $(patsubst user/%/,%,$(filter-out user/rootfs/,$(sort $(dir $(wildcard user/*/*.c)))))
USER_PROGS  := $(USER_SINGLE) $(patsubst %,$(B)/user/%,$(USER_DIRS))
USER_OBJS   := $(patsubst user/%.c,$(B)/user/obj/%.o,$(wildcard user/*.c user/*/*.c))
USER_TREE   := $(shell find user/rootfs 2>/dev/null)

# Warnings stop the build (-Werror), except for programs that are buggy
# on purpose: user/buggy_*.c, or every program with `make USER_WERROR=0`
# (then `touch` the file, or make does not rebuild it).  docs/students.md.
USER_WERROR ?= 1
USER_CFLAGS := $(if $(filter 0,$(USER_WERROR)),$(filter-out -Werror,$(LIBC_CFLAGS)),$(LIBC_CFLAGS))
USER_BUGGY_OBJS := $(filter $(B)/user/obj/buggy_%.o,$(USER_OBJS))

$(USER_OBJS): $(B)/user/obj/%.o: user/%.c
	@mkdir -p $(dir $@)
	$(CC) $(if $(filter $@,$(USER_BUGGY_OBJS)),$(filter-out -Werror,$(USER_CFLAGS)),$(USER_CFLAGS)) -c $< -o $@

# crt0 first (it has _start), then the program, then the libraries.
$(USER_SINGLE): $(B)/user/%: $(B)/user/obj/%.o $(LIBC_CRT0) $(LIBC_A)
	$(CC) $(LIBC_LDFLAGS) -o $@ $(LIBC_CRT0) $< $(LIBC_A) $(LIBC_LIBGCC)

# A program from a directory: all of user/NAME/*.c linked together.
define USER_DIR_PROG
$(B)/user/$(1): $(patsubst user/%.c,$(B)/user/obj/%.o,$(wildcard user/$(1)/*.c)) $(LIBC_CRT0) $(LIBC_A)
	$$(CC) $$(LIBC_LDFLAGS) -o $$@ $$(LIBC_CRT0) $$(filter $(B)/user/obj/%,$$^) $$(LIBC_A) $$(LIBC_LIBGCC)
endef
$(foreach d,$(USER_DIRS),$(eval $(call USER_DIR_PROG,$(d))))

$(B)/initrd.cpio: $(USER_PROGS) $(USER_TREE) tools/mkinitrd
	STRIP=$(CROSS)strip tools/mkinitrd $@ --bin $(USER_PROGS) --tree user/rootfs

user: $(USER_PROGS)
initrd: $(B)/initrd.cpio

ALL_EXTRA += $(B)/initrd.cpio

.PHONY: user initrd

-include $(USER_OBJS:.o=.d)
