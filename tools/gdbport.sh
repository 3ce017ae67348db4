#!/bin/sh
# tools/gdbport.sh - print the TCP port QEMU's gdb server uses for this user.
#
# Each user gets their own port (20000 + uid % 10000), so two students on
# one machine do not collide. Set PAGODA_GDB_PORT to override it.
# This is the only place the formula lives: tools/qemu.sh and the gdb
# setup (tools/gdb/pagoda.py) both ask this script.
if [ -n "${PAGODA_GDB_PORT:-}" ]; then
    echo "$PAGODA_GDB_PORT"
else
    echo $((20000 + $(id -u) % 10000))
fi
