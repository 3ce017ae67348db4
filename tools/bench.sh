#!/usr/bin/env bash
# tools/bench.sh - `make bench`: Pagoda's VM benchmark against Linux's.
#
# Runs build/user/vmbench (user/vmbench.c) on Pagoda (init=/bin/vmbench)
# and on a real i386 Linux (tools/linuxref/run), both under QEMU TCG
# with 256 MiB, alternating Pagoda, Linux, Pagoda, Linux... BENCH_RUNS
# times each (default 1), and prints the median of each result:
#
#   benchmark               pagoda        linux   ratio
#   getpid                     ...          ...    1.23
#   regions_10000_mmap/region  ...          ...    0.25
#
# Then the tools (vmbench --tool, user/vmbench.c): pmap_x_1000 (`pmap -x
# PID` of a process with 1,000 regions) and top_b_60 (`top -b -n 1` with
# 60 processes), our tools on Pagoda beside Debian's i386 procps on Linux
# (tools/procps-i386.sh unpacks it; the guest gets its loader, libraries
# and programs through tools/linuxref/run --dir and runs them with
# ld-linux.so.2 --library-path), and the *_ours rows: our same static
# binaries on Linux, a same-binary ratio.  A tool not built yet (no
# build/user/top) shows "-".
#
# ratio = pagoda / linux, so below 1 means Pagoda is faster.  Times are in
# rdtsc cycles as the guest sees them (TCG's virtual TSC).
#
# Environment: BENCH_RUNS (runs per kernel), BENCH_TIMEOUT (seconds per
# run, default 600), LINUXREF_MEM (Linux's RAM, default 256M),
# PAGODA_KVM=1 (use KVM for Pagoda too; not a fair comparison),
# BENCH_ONLY=tools (only pmap_x_1000 and top_b_60).
# Needs build/kernel.elf and build/initrd.cpio (make bench builds them).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-1}
limit=${BENCH_TIMEOUT:-600}
prog=build/user/vmbench
for f in build/kernel.elf build/initrd.cpio "$prog"; do
    [ -f "$f" ] || { echo "bench.sh: $f is missing: run make" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/pagoda-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
accel=tcg; [ "${PAGODA_KVM:-0}" = 1 ] && accel=kvm

# One run on Pagoda: the serial log goes to $1; $2 adds kernel options
# (cow=0 for the eager-copy fork).  The flags are those of tests/qemu.py,
# with 256 MiB.
run_pagoda() {
    timeout "$limit" qemu-system-i386 -accel "$accel" -m 256M -no-reboot \
        -display none -monitor none -serial "file:$1" \
        -device isa-debug-exit,iobase=0xf4,iosize=4 \
        -kernel build/kernel.elf -append "${2:-} init=/bin/vmbench" \
        -initrd build/initrd.cpio </dev/null >/dev/null 2>&1 || true
}

# One run on Linux: tools/linuxref/run prints the guest's console on
# stdout (its first run downloads the kernel).
run_linux() {
    LINUXREF_TIMEOUT=$limit tools/linuxref/run "$prog" >"$1" 2>&1 || true
}

# "bench NAME key=value" lines -> "NAME value" (key median_cycles), or
# "NAME/page value" for cycles_per_page, "NAME/region value" for
# cycles_per_region (regions_10000's phases).  Strips the console's \r.
extract() {
    tr -d '\r' <"$1" | awk '$1 == "bench" {
        for (i = 3; i <= NF; i++) {
            split($i, kv, "=")
            if (kv[1] == "median_cycles") print $2, kv[2]
            else if (kv[1] == "cycles_per_page") print $2 "/page", kv[2]
            else if (kv[1] == "cycles_per_region") print $2 "/region", kv[2]
        }
    }'
}

only=${BENCH_ONLY:-}
for i in $(seq 1 "$runs"); do
    [ "$only" = tools ] && break
    echo "bench.sh: run $i of $runs on Pagoda..." >&2
    run_pagoda "$work/pagoda.$i.log"
    extract "$work/pagoda.$i.log" | sed 's/^/pagoda /' >>"$work/results"
    grep -q '^bench done' "$work/pagoda.$i.log" ||
        { echo "bench.sh: Pagoda run $i did not finish; its log ends:" >&2
          tail -n 15 "$work/pagoda.$i.log" >&2; }
    echo "bench.sh: run $i of $runs on Linux..." >&2
    run_linux "$work/linux.$i.log"
    extract "$work/linux.$i.log" | sed 's/^/linux /' >>"$work/results"
    grep -q '^bench done' <(tr -d '\r' <"$work/linux.$i.log") ||
        { echo "bench.sh: Linux run $i did not finish; its output ends:" >&2
          tail -n 15 "$work/linux.$i.log" >&2; }
done
# ---- the tools ----------------------------------------------------------
procps_root=$(tools/procps-i386.sh 2>/dev/null) || procps_root=
guest=$work/guest
mkdir -p "$guest/ours" "$guest/lib" "$guest/usr/bin" "$guest/usr/lib"
for t in pmap top; do
    [ -x "build/user/$t" ] && cp "build/user/$t" "$guest/ours/$t"
done
if [ -n "$procps_root" ]; then
    cp -a "$procps_root/lib/." "$guest/lib/"
    cp -a "$procps_root/usr/lib/." "$guest/usr/lib/"
    cp "$procps_root/usr/bin/pmap" "$procps_root/usr/bin/top" "$guest/usr/bin/"
    [ -d "$procps_root/etc" ] && cp -a "$procps_root/etc" "$guest/"
    # top needs the terminal's description even in batch mode
    # (terminfo files are the same on every architecture).
    mkdir -p "$guest/lib/terminfo/d"
    cp /lib/terminfo/d/dumb "$guest/lib/terminfo/d/" 2>/dev/null || true
fi
ld=(/lib/i386-linux-gnu/ld-linux.so.2 --library-path /lib/i386-linux-gnu:/usr/lib/i386-linux-gnu)
pmap_x=(regions=1000 -x PID)
top_b=(procs=60 -b -n 1)
# --tool NAME SETUP PROGRAM ARGS: SETUP and ARGS from the arrays above.
tool() { local name=$1 prog=$2; shift 2; printf '%s\n' --tool "$name" "$1" "$prog"; shift; printf '%s\n' "$@"; }
# On Pagoda our tools are the only ones: each runs in a boot of its own
# (a process with 1,000 regions slows later ones down: see the report),
# and its time stands in both its row and its _ours row.
mapfile -t pagoda_pmap < <(tool pmap_x_1000 /bin/pmap "${pmap_x[@]}")
mapfile -t pagoda_top < <(tool top_b_60 /bin/top "${top_b[@]}")
mapfile -t linux_tools < <(tool pmap_x_1000 "${ld[0]}" "${pmap_x[0]}" "${ld[@]:1}" /usr/bin/pmap "${pmap_x[@]:1}"
                           tool pmap_x_1000_ours /ours/pmap "${pmap_x[@]}"
                           tool top_b_60 "${ld[0]}" "${top_b[0]}" "${ld[@]:1}" /usr/bin/top "${top_b[@]:1}"
                           tool top_b_60_ours /ours/top "${top_b[@]}")
for i in $(seq 1 "$runs"); do
    echo "bench.sh: tools, run $i of $runs on Pagoda..." >&2
    for t in pmap top; do
        eval 'args=("${pagoda_'$t'[@]}")'
        log=$work/ptools.$t.$i.log
        timeout "$limit" qemu-system-i386 -accel "$accel" -m 256M -no-reboot \
            -display none -monitor none -serial "file:$log" \
            -device isa-debug-exit,iobase=0xf4,iosize=4 \
            -kernel build/kernel.elf -append "init=/bin/vmbench ${args[*]}" \
            -initrd build/initrd.cpio </dev/null >/dev/null 2>&1 || true
        extract "$log" | awk '{ print "pagoda", $1, $2; print "pagoda", $1 "_ours", $2 }' \
            >>"$work/results"
        grep -h '^bench .* failed' <(tr -d '\r' <"$log") >&2 || true
    done
    echo "bench.sh: tools, run $i of $runs on Linux..." >&2
    LINUXREF_TIMEOUT=$limit tools/linuxref/run --dir "$guest" "$prog" "${linux_tools[@]}" \
        >"$work/ltools.$i.log" 2>&1 || true
    extract "$work/ltools.$i.log" | sed 's/^/linux /' >>"$work/results"
    grep -h '^bench .* failed' <(tr -d '\r' <"$work/ltools.$i.log") >&2 || true
done
touch "$work/results"

# The table: the median over the runs of each benchmark on each kernel,
# in the order vmbench prints them.
awk '
    function med(list,    v, n, i, j, t) {
        n = split(list, v, " ")
        if (n == 0) return ""
        for (i = 1; i <= n; i++)             # insertion sort, numerically
            for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
                t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
            }
        return v[int((n + 1) / 2)]
    }
    {
        if (!($2 in seen)) { seen[$2] = 1; order[++count] = $2 }
        vals[$1, $2] = vals[$1, $2] " " $3
    }
    END {
        printf "%-28s %14s %14s %8s\n", "benchmark", "pagoda", "linux", "ratio"
        for (i = 1; i <= count; i++) {
            name = order[i]
            p = med(vals["pagoda", name]); l = med(vals["linux", name])
            ratio = (p != "" && l != "" && l + 0 > 0) ? sprintf("%.2f", p / l) : "-"
            printf "%-28s %14s %14s %8s\n", name, p == "" ? "-" : p,
                   l == "" ? "-" : l, ratio
        }
    }' "$work/results"

# Copy-on-write against copying at once: the same benchmark on Pagoda
# booted with cow=0, which makes fork copy every private page (as xv6).
[ "$only" = tools ] && exit 0
echo "bench.sh: one run on Pagoda with cow=0 (eager fork)..." >&2
run_pagoda "$work/eager.log" "cow=0"
cow=$(extract "$work/pagoda.1.log" | awk '$1 == "fork_64M" {print $2}')
eager=$(extract "$work/eager.log" | awk '$1 == "fork_64M" {print $2}')
if [ -n "$cow" ] && [ -n "$eager" ]; then
    awk -v c="$cow" -v e="$eager" 'BEGIN {
        printf "fork_64M copy-on-write %d, eager copy (cow=0) %d: COW is %.1fx faster\n", c, e, e / c }'
fi
