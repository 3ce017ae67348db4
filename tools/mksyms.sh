#!/bin/sh
# tools/mksyms.sh KERNEL.ELF - print an assembly file holding the kernel's
# function symbols, sorted by address, for backtraces (kernel/ksyms.c).
set -e
nm=${NM:-i686-linux-gnu-nm}
"$nm" -n --defined-only "$1" | awk '
    $2 ~ /^[tT]$/ { addr[n] = $1; name[n] = $3; n++ }
    END {
        print "    .section .ksyms, \"a\""
        print "    .globl ksyms_count, ksyms_table, ksyms_names"
        print "    .balign 4"
        print "ksyms_count:"
        print "    .long " n
        print "ksyms_table:"
        off = 0
        for (i = 0; i < n; i++) {
            print "    .long 0x" addr[i] ", " off
            off += length(name[i]) + 1
        }
        print "ksyms_names:"
        for (i = 0; i < n; i++)
            print "    .asciz \"" name[i] "\""
    }'
