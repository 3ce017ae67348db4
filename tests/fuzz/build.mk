# tests/fuzz/build.mk - the system-call fuzzer and the malformed-ELF
# corpus, and the initrd module that carries both.
#
# Included by the top-level Makefile after tests/user/build.mk (it uses
# LIBC_CFLAGS, LIBC_LDFLAGS, LIBC_LIBGCC, LIBC_A and LIBC_CRT0).
#
#   $(B)/tests/fuzz/fuzz   tests/fuzz/*.c + forkcall.asm, with Pagoda's libc
#   $(B)/badelf/           the corpus tests/badelf/mkcorpus.py writes
#                          (one malformed ELF32 file per case, and
#                          expected.txt: what Linux and Pagoda do with each)
#   $(B)/tests/t_badptr    tests/badptr/t_badptr.c, with Pagoda's libc (the
#                          same binary runs natively and on Pagoda)
#   $(B)/tests/t_elfcorpus tests/badelf/t_elfcorpus.c, likewise
#   $(B)/fuzz.cpio         /tests/fuzz, /tests/t_badptr, /tests/t_elfcorpus
#                          and /tests/badelf/*: a module after initrd.cpio
#                          (and tests.cpio, which it does not need).  Kept
#                          apart so that tests.cpio, which every test boot
#                          holds in RAM, does not grow.
#
#   make fuzz SEED=S CALLS=N [FROM=I] [ONLY=I] [KNOWN=1] [VERBOSE=1] [PICK=I,J,...]
#       boot Pagoda with the fuzzer as init (tests/fuzz/run.py says how)

FUZZ_SRC   := $(wildcard tests/fuzz/*.c)
FUZZ_OBJS  := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/fuzz/obj/%.o) \
              $(B)/tests/fuzz/obj/forkcall.o
FUZZ_PROG  := $(B)/tests/fuzz/fuzz
BADELF_DIR := $(B)/badelf

$(B)/tests/fuzz/obj/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(B)/tests/fuzz/obj/forkcall.o: tests/fuzz/forkcall.asm
	@mkdir -p $(dir $@)
	$(NASM) $(LIBC_NASMFLAGS) $< -o $@

$(FUZZ_PROG): $(FUZZ_OBJS) $(LIBC_CRT0) $(LIBC_A)
	$(CC) $(LIBC_LDFLAGS) -o $@ $(LIBC_CRT0) $(FUZZ_OBJS) $(LIBC_A) $(LIBC_LIBGCC)

# The two table programs: built like tests/user/build.mk's, check.h from there.
FUZZ_TABLE_PROGS := $(B)/tests/t_badptr $(B)/tests/t_elfcorpus

$(B)/tests/obj/t_badptr.o: tests/badptr/t_badptr.c $(TESTS_USER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -Itests/user -c $< -o $@

$(B)/tests/obj/t_elfcorpus.o: tests/badelf/t_elfcorpus.c $(TESTS_USER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -Itests/user -c $< -o $@

$(FUZZ_TABLE_PROGS): $(B)/tests/%: $(B)/tests/obj/%.o $(LIBC_CRT0) $(LIBC_A)
	$(CC) $(LIBC_LDFLAGS) -o $@ $(LIBC_CRT0) $< $(LIBC_A) $(LIBC_LIBGCC)

# The corpus is generated, never committed: the stamp file stands for it.
$(BADELF_DIR)/expected.txt: tests/badelf/mkcorpus.py
	@rm -rf $(BADELF_DIR)
	$(PYTHON) tests/badelf/mkcorpus.py $(BADELF_DIR)

$(B)/fuzz.cpio: $(FUZZ_PROG) $(FUZZ_TABLE_PROGS) $(BADELF_DIR)/expected.txt
	@rm -rf $(B)/fuzz/root
	@mkdir -p $(B)/fuzz/root/tests
	cp $(FUZZ_PROG) $(B)/fuzz/root/tests/fuzz
	cp $(FUZZ_TABLE_PROGS) $(B)/fuzz/root/tests/
	$(CROSS)strip --strip-debug $(B)/fuzz/root/tests/fuzz $(B)/fuzz/root/tests/t_*
	cp -p -R $(BADELF_DIR) $(B)/fuzz/root/tests/badelf
	cd $(B)/fuzz/root && export LC_ALL=C && \
	    { find . -mindepth 1 -type d | sort; find . -mindepth 1 ! -type d | sort; } | \
	    sed 's|^\./||' | cpio --quiet -o -H newc -R 0:0 > ../../fuzz.cpio.tmp
	mv $(B)/fuzz.cpio.tmp $@

ALL_EXTRA += $(B)/fuzz.cpio

fuzz: $(B)/kernel.elf $(B)/initrd.cpio $(B)/tests.cpio $(B)/fuzz.cpio
	$(PYTHON) tests/fuzz/run.py --seed $(or $(SEED),1) --calls $(or $(CALLS),20000) \
	    $(if $(FROM),--from $(FROM)) $(if $(ONLY),--only $(ONLY)) \
	    $(if $(KNOWN),--known) $(if $(VERBOSE),--verbose) $(if $(PICK),--pick $(PICK))

.PHONY: fuzz

-include $(FUZZ_OBJS:.o=.d) $(B)/tests/obj/t_badptr.d $(B)/tests/obj/t_elfcorpus.d
