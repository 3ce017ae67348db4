#!/usr/bin/env bash
# tools/deps.sh - make sure the Debian packages Pagoda needs are installed.
#
# Fast path: when everything is already installed we only ask dpkg and
# never touch apt. Otherwise we run apt-get (through sudo when not root).
set -euo pipefail

PACKAGES=(
    gcc-i686-linux-gnu       # cross compiler for the 32-bit kernel
    binutils-i686-linux-gnu  # cross ld, objdump, readelf
    libc6-dev-i386-cross     # headers the cross compiler expects
    gcc                      # host compiler for `make unit`
    nasm                     # assembler for boot/*.asm
    qemu-system-x86          # the emulator (qemu-system-i386)
    grub-pc-bin              # GRUB's BIOS modules, for `make iso`
    grub-common              # grub-mkrescue
    xorriso                  # used by grub-mkrescue to write the ISO
    mtools                   # used by grub-mkrescue too
    gdb                      # the debugger
    python3-pytest           # the test suite runner
    cpio                     # packs the initrd
)

# A package counts as present when dpkg says "install ok installed".
missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [ "$status" != "install ok installed" ]; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "deps.sh: missing packages: ${missing[*]}"

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: this is not a Debian/Ubuntu system (no apt-get)." >&2
    echo "deps.sh: install the equivalents of these packages by hand:" >&2
    echo "         ${PACKAGES[*]}" >&2
    exit 1
fi

# Root runs apt-get directly; everyone else goes through sudo.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "deps.sh: not root and no sudo; as root run:" >&2
        echo "         apt-get install ${missing[*]}" >&2
        exit 1
    fi
    SUDO=(sudo)
fi

"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
