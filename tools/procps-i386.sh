#!/usr/bin/env bash
# tools/procps-i386.sh - Debian's i386 procps (pmap, ps, top, free, vmstat,
# uptime, watch), unpacked beside the project, to compare Pagoda's tools with.
#
#   tools/procps-i386.sh                 fetch it (once) and print its root
#   tools/procps-i386.sh PROG [ARG...]   run PROG (pmap, ps, top, ...) from it
#
# Pagoda's tools are static i386 Linux programs, so the tests run them on
# this host against live i386 processes, next to the real procps, and
# compare the output.  The host's own amd64 procps is no use for that: it
# prints 16-digit addresses where an i386 system prints 8.  So we take the
# i386 packages with `apt-get download` (no installation, nothing changes
# on the host but apt's package lists), unpack them under the cache
# directory, and run each program through the i386 dynamic loader with the
# unpacked libraries on its path.
set -euo pipefail

CACHE=${PAGODA_PROCPS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pagoda-procps-i386}
ROOT=$CACHE/root
# procps and what its binaries load (ldd on bookworm's i386 packages).
PACKAGES=(procps libproc2-0 libc6 libncursesw6 libtinfo6 libsystemd0
          libcap2 libgcrypt20 liblz4-1 liblzma5 libzstd1 libgpg-error0)

fetch() {
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    # apt knows i386 packages only once i386 is a foreign architecture.
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        "${sudo[@]}" dpkg --add-architecture i386
        "${sudo[@]}" apt-get update -q >&2
    fi
    local debs=$CACHE/debs
    rm -rf "$debs" "$ROOT.new"
    mkdir -p "$debs" "$ROOT.new"
    local names=()
    for p in "${PACKAGES[@]}"; do names+=("$p:i386"); done
    if ! (cd "$debs" && apt-get download -q "${names[@]}" >&2); then
        # An old package list names versions the mirror no longer has.
        "${sudo[@]}" apt-get update -q >&2
        (cd "$debs" && apt-get download -q "${names[@]}" >&2)
    fi
    for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$ROOT.new"; done
    rm -rf "$ROOT" && mv "$ROOT.new" "$ROOT"
}

[ -x "$ROOT/lib/i386-linux-gnu/ld-linux.so.2" ] && [ -x "$ROOT/usr/bin/pmap" ] || fetch >&2

if [ $# -eq 0 ]; then
    echo "$ROOT"
    exit 0
fi

prog=$1; shift
path=$ROOT/usr/bin/$prog
[ -x "$path" ] || path=$ROOT/bin/$prog
[ -x "$path" ] || { echo "procps-i386.sh: no program $prog" >&2; exit 127; }
exec "$ROOT/lib/i386-linux-gnu/ld-linux.so.2" \
     --library-path "$ROOT/lib/i386-linux-gnu:$ROOT/usr/lib/i386-linux-gnu" \
     "$path" "$@"
