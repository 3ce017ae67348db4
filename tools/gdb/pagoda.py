"""tools/gdb/pagoda.py - gdb commands for looking inside Pagoda.

Loaded by tools/gdb/gdbinit (so `make gdb` has them). Commands:

    pagoda-connect [PORT]      attach to QEMU's gdb server (default: our port)
  memory (tools/gdb/pagoda_mem.py):
    pgdir [ADDR | -p PID]      the mappings of a page directory
    regions [PID]              a process's regions, like /proc/PID/maps
    explain [-p PID] ADDR      one user address: region, PDE, PTE, frame, and
                               what the page-fault handler would do
  processes and programs (tools/gdb/pagoda_proc.py):
    procs                      the process table
    usersyms PROG              load a user program's symbols
    break-user PROG [WHERE]    stop when program PROG gets to WHERE

At every stop gdb also loads the symbols of the program the current
process runs (build/user/NAME for /bin/NAME, build/tests/NAME for
/tests/NAME), or warns when it has none; `set pagoda-follow-symbols off`
turns that off (pagoda_proc.py, follow_running_program).

`help explain` prints a command's help; `help user-defined` lists them all.
docs/debugging.md shows them at work.

Adding a command: write a class like RegionsCommand in pagoda_mem.py (a
docstring, which is its help text, and an invoke() method) and create
one instance at the bottom of the file. The helpers in pagoda_lib.py
(reading memory, kernel variables, processes, page tables, ELF files)
are meant to be shared by such commands.
"""
import importlib
import os
import subprocess
import sys

import gdb

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)          # so `import pagoda_lib` finds our files

# Load (or, when this file is sourced again after an edit, reload) the
# modules; each one registers its commands as it runs.
for name in ("pagoda_lib", "pagoda_mem", "pagoda_proc"):
    if name in sys.modules:
        importlib.reload(sys.modules[name])
    else:
        importlib.import_module(name)


class ConnectCommand(gdb.Command):
    """Attach to QEMU's gdb server. Usage: pagoda-connect [PORT] (default: the port tools/gdbport.sh prints)."""

    def __init__(self):
        super().__init__("pagoda-connect", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        port = arg.strip()
        if not port:
            script = os.path.join(HERE, "..", "gdbport.sh")
            port = subprocess.check_output(["sh", script], text=True).strip()
        print("connecting to QEMU on 127.0.0.1:%s "
              "(start it with `make qemu-gdb`)" % port)
        gdb.execute("target remote 127.0.0.1:%s" % port)


ConnectCommand()
