# tests/user/build.mk - the self-checking test programs that run inside
# Pagoda, and the second initrd module that carries them.
#
# Included by the top-level Makefile after libc/build.mk and user/build.mk
# (it uses LIBC_CFLAGS, LIBC_LDFLAGS, LIBC_LIBGCC, LIBC_A and LIBC_CRT0).
#
#   $(B)/tests/t_NAME         tests/user/t_NAME.c built with Pagoda's libc
#   $(B)/tests/glibc/t_NAME   the same source built with glibc (-static):
#                             the tests are plain POSIX, so this shows that
#                             they are right, natively, independently of our libc
#   $(B)/tests/glibc_hello    tests/glibc/glibc_hello.c, a glibc program
#   $(B)/tests.cpio           all of the above under /tests, plus the small
#                             tree tests/user/tree as /tests/tree
#
# The kernel unpacks its initrd modules in order, later entries replacing
# earlier ones, so tests boot with `-initrd build/initrd.cpio,build/tests.cpio`.
# `make tests-user` builds just this; `make bench` runs tools/bench.sh.

TESTS_USER_SRC   := $(wildcard tests/user/t_*.c)
TESTS_USER_NAMES := $(patsubst tests/user/%.c,%,$(TESTS_USER_SRC))
TESTS_USER_PROGS := $(TESTS_USER_NAMES:%=$(B)/tests/%)
TESTS_USER_OBJS  := $(TESTS_USER_NAMES:%=$(B)/tests/obj/%.o)
TESTS_GLIBC_PROGS := $(TESTS_USER_NAMES:%=$(B)/tests/glibc/%) $(B)/tests/glibc_hello
TESTS_TREE       := $(shell find tests/user/tree -type f 2>/dev/null)
TESTS_USER_HDRS  := $(wildcard tests/user/*.h)

# glibc builds: static, -O2, -D_FILE_OFFSET_BITS=64 so off_t is 64 bits as
# in our libc.  -Wall without -Werror: glibc's headers mark read() and
# friends warn_unused_result, and the tests ignore some results on purpose.
TESTS_GLIBC_CFLAGS := -m32 -static -O2 -g -Wall -D_FILE_OFFSET_BITS=64

$(TESTS_USER_OBJS): $(B)/tests/obj/%.o: tests/user/%.c $(TESTS_USER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -c $< -o $@

# Linked exactly like the bundled programs (user/build.mk): crt0 first.
$(TESTS_USER_PROGS): $(B)/tests/%: $(B)/tests/obj/%.o $(LIBC_CRT0) $(LIBC_A)
	$(CC) $(LIBC_LDFLAGS) -o $@ $(LIBC_CRT0) $< $(LIBC_A) $(LIBC_LIBGCC)

$(B)/tests/glibc/%: tests/user/%.c $(TESTS_USER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(TESTS_GLIBC_CFLAGS) $< -o $@

$(B)/tests/glibc_hello: tests/glibc/glibc_hello.c
	@mkdir -p $(dir $@)
	$(CC) $(TESTS_GLIBC_CFLAGS) $< -o $@

# The archive: stage /tests (programs without their debug sections, which
# gdb reads from build/tests/ on the host) and pack it with cpio, every
# entry owned by root, directories first.
$(B)/tests.cpio: $(TESTS_USER_PROGS) $(TESTS_GLIBC_PROGS) $(TESTS_TREE)
	@rm -rf $(B)/tests/root
	@mkdir -p $(B)/tests/root/tests/glibc
	cp $(TESTS_USER_PROGS) $(B)/tests/glibc_hello $(B)/tests/root/tests/
	cp $(TESTS_USER_NAMES:%=$(B)/tests/glibc/%) $(B)/tests/root/tests/glibc/
	cp -R tests/user/tree $(B)/tests/root/tests/tree
	$(CROSS)strip --strip-debug $(B)/tests/root/tests/t_* \
	    $(B)/tests/root/tests/glibc_hello $(B)/tests/root/tests/glibc/*
	cd $(B)/tests/root && export LC_ALL=C && \
	    { find . -mindepth 1 -type d | sort; find . -mindepth 1 ! -type d | sort; } | \
	    sed 's|^\./||' | cpio --quiet -o -H newc -R 0:0 > ../../tests.cpio.tmp
	mv $(B)/tests.cpio.tmp $@

tests-user: $(B)/tests.cpio

ALL_EXTRA += $(B)/tests.cpio

# make bench: the VM benchmark, Pagoda against Linux (tools/bench.sh).
# BENCH_RUNS=N runs each side N times, interleaved.
bench: $(B)/kernel.elf $(B)/initrd.cpio
	tools/bench.sh

.PHONY: tests-user bench

-include $(TESTS_USER_OBJS:.o=.d)
