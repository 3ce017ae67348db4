#!/usr/bin/env bash
# tools/qemu.sh - boot Pagoda under QEMU, interactively.
#
# Usage: tools/qemu.sh [options] [-- extra QEMU arguments]
#   --iso            boot build/pagoda.iso through GRUB instead of -kernel
#   --append "ARGS"  kernel command line, e.g. --append "ktest=all"
#   --initrd FILE    pass FILE as a multiboot module (may be repeated;
#                    default: build/initrd.cpio, the standard image)
#   --gdb            freeze the CPU at reset and wait for gdb (make gdb)
#   --log-int        log interrupts and CPU resets to build/qemu-int.log
#   --mem SIZE       guest RAM (default 128M)
#
# Kernel options (--append): init=/bin/PROG ARGS (the first program),
#   pftrace=1 (log every page fault), strace=1 (every system call),
#   cow=0 (fork copies eagerly), norandmaps (fixed addresses),
#   ktest=all (in-kernel self-tests); see README.md.
# Examples:
#   tools/qemu.sh --append "pftrace=1 init=/bin/cowdemo"
#   tools/qemu.sh --initrd build/initrd.cpio --initrd build/tests.cpio \
#                 --append init=/tests/t_cow </dev/null
#   tools/qemu.sh --iso              (after make iso: GRUB's menu)
#
# The serial port is this terminal. Quit QEMU with Ctrl-A then x.
# Set PAGODA_KVM=1 to use KVM instead of TCG (the default emulator).
#
# Exit status: the kernel's power-off status (0 = success), decoded from
# QEMU's isa-debug-exit code (v << 1) | 1; QEMU's own code otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."            # run from the repo root

iso=0 gdb=0 logint=0 mem=128M append=""
initrds=() extra=()

die() { echo "qemu.sh: $*" >&2; exit 2; }

# The help is this file's header comment: every line from the second up
# to the first one that is not a comment, without its "# ". (A fixed
# line range cut the help off whenever the header grew.)
usage() { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --iso)      iso=1 ;;
        --append)   [ $# -ge 2 ] || die "--append needs a value"; append=$2; shift ;;
        --initrd)   [ $# -ge 2 ] || die "--initrd needs a file"; initrds+=("$2"); shift ;;
        --gdb)      gdb=1 ;;
        --log-int)  logint=1 ;;
        --mem)      [ $# -ge 2 ] || die "--mem needs a size"; mem=$2; shift ;;
        --)         shift; extra=("$@"); break ;;
        -h|--help)  usage; exit 0 ;;
        *)          die "unknown option $1 (try --help)" ;;
    esac
    shift
done

args=(
    -m "$mem"
    -no-reboot                        # a triple fault stops QEMU (no reboot loop)
    -display none                     # no window: everything goes to serial
    -serial mon:stdio                 # COM1 + QEMU monitor on this terminal
    -device isa-debug-exit,iobase=0xf4,iosize=4   # lets the kernel power off with a status
)

if [ "${PAGODA_KVM:-0}" = 1 ]; then
    args+=(-accel kvm)
else
    args+=(-accel tcg)
fi

if [ "$iso" = 1 ]; then
    [ -f build/pagoda.iso ] || die "build/pagoda.iso is missing: run 'make iso'"
    [ -z "$append" ] && [ ${#initrds[@]} -eq 0 ] ||
        die "--append/--initrd only work with -kernel; the ISO uses boot/grub.cfg"
    args+=(-cdrom build/pagoda.iso)
else
    [ -f build/kernel.elf ] || die "build/kernel.elf is missing: run 'make'"
    args+=(-kernel build/kernel.elf -append "$append")
    if [ ${#initrds[@]} -eq 0 ] && [ -f build/initrd.cpio ]; then
        initrds=(build/initrd.cpio)
    fi
    if [ ${#initrds[@]} -gt 0 ]; then
        for f in "${initrds[@]}"; do
            [ -f "$f" ] || die "initrd $f does not exist"
            case "$f" in *,*) die "initrd name $f must not contain a comma" ;; esac
        done
        # QEMU takes several multiboot modules as one comma-separated list.
        args+=(-initrd "$(IFS=,; echo "${initrds[*]}")")
    fi
fi

if [ "$gdb" = 1 ]; then
    port=$(tools/gdbport.sh)
    args+=(-S -gdb "tcp:127.0.0.1:$port")   # -S: CPU waits for gdb; only local connections
    echo "qemu.sh: CPU frozen; waiting for gdb on port $port."
    echo "qemu.sh: in another terminal run 'make gdb' (Ctrl-A x quits QEMU)."
fi

if [ "$logint" = 1 ]; then
    mkdir -p build
    args+=(-d int,cpu_reset -D build/qemu-int.log)
    echo "qemu.sh: logging interrupts and resets to build/qemu-int.log"
fi

set +e
qemu-system-i386 "${args[@]}" "${extra[@]}"
code=$?
set -e

# isa-debug-exit makes QEMU exit with (v << 1) | 1; turn that back into v.
if [ $((code & 1)) = 1 ]; then
    echo "qemu.sh: QEMU exit code $code = kernel status $((code >> 1))" >&2
    exit $((code >> 1))
fi
exit "$code"
