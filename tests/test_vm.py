"""tests/test_vm.py - virtual memory: regions, the page-fault handler,
copy-on-write fork, lazy heap and stack growth, demand paging.

The programs are in tests/user/ (t_cow, t_lazy, t_stack, t_segv,
t_sharedtext, t_forkloop, t_oom, t_shmem, t_enomem); each boots as init on Pagoda and prints
PASS/FAIL lines.  The behaviour Linux shares is also checked by running
the same binary natively on this host (the counts that need Pagoda's
/proc/self/vmcounters or exact free memory print SKIP there).

Run just these with:  /usr/bin/python3 -m pytest tests/test_vm.py -v
"""
import os
import re

import pytest

from tests.qemu import BUILD, boot, expect, expect_status, tail
from tests.test_user import INITRDS, fail_lines, pass_names, run_native

pytestmark = pytest.mark.usefixtures("kernel_elf")

# Every PASS name each program must print on Pagoda (a 128 MiB guest).
EXPECTED = {
    "t_cow": "cow_child_isolated cow_parent_isolated cow_fork_cheap "
             "cow_copies_16M cow_reuse".split(),
    "t_lazy": "lazy_sbrk_1G lazy_sbrk_free lazy_zeroed lazy_zero_fill "
              "lazy_shrink".split(),
    "t_stack": "stack_4M stack_beyond_8M stack_far_read".split(),
    "t_segv": "segv_null segv_kernel segv_text segv_rodata segv_handler".split(),
    "t_sharedtext": "sharedtext_same_frame sharedtext_last_page sharedtext_private_data".split(),
    "t_forkloop": "forkloop_all_exited forkloop_no_leak".split(),
    "t_oom": "oom_killed oom_recovered oom_fork_works".split(),
    "t_shmem": "shmem_anon_shared shmem_anon_untouched shmem_private_copy "
               "shmem_maps_name shmem_file_shared shmem_eacces".split(),
    "t_enomem": "enomem_fork enomem_exec enomem_recovers".split(),
}

# What Linux must agree on (run natively on this host).
NATIVE = {
    "t_cow": "cow_child_isolated cow_parent_isolated".split(),
    "t_lazy": "lazy_sbrk_1G lazy_zeroed".split(),
    "t_stack": "stack_4M stack_beyond_8M stack_far_read".split(),
    "t_segv": "segv_null segv_kernel segv_text segv_rodata segv_handler".split(),
    "t_sharedtext": "sharedtext_same_frame sharedtext_last_page sharedtext_private_data".split(),
    "t_forkloop": ["forkloop_all_exited"],
    "t_shmem": "shmem_anon_shared shmem_anon_untouched shmem_private_copy "
               "shmem_maps_name shmem_file_shared shmem_eacces".split(),
}

# Guest RAM for the programs that need more than the default 128 MiB:
# t_cow touches 64 MiB and then copies 16 MiB of it, and the tests initrd
# (over 20 MiB, held once as the module and once in the file system)
# leaves too little of 128 MiB for that.
MEM = {"t_cow": "192M"}

_runs = {}


def pagoda(name, append=""):
    """Boot Pagoda with /tests/NAME as init (once per command line)."""
    key = (name, append)
    if key not in _runs:
        _runs[key] = boot(append=(append + " init=/tests/" + name).strip(),
                          initrd=INITRDS, timeout=120, mem=MEM.get(name, "128M"))
    return _runs[key]


def check_passes(run, name, expected):
    fails = fail_lines(run.log)
    missing = [n for n in expected if n not in pass_names(run.log)]
    if fails or missing:
        pytest.fail("%s: %d FAIL line(s), missing PASS: %s\n%s\n%s"
                    "--- last lines of the log ---\n%s"
                    % (name, len(fails), " ".join(missing) or "-",
                       "\n".join(fails), run.describe(), tail(run.log)),
                    pytrace=False)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_vm_on_pagoda(name):
    """Each VM program passes every check as init on Pagoda."""
    run = pagoda(name)
    check_passes(run, name, EXPECTED[name])
    expect(run, r"^init exited with status 0$")
    expect_status(run, 0)


@pytest.mark.parametrize("name", sorted(NATIVE))
def test_vm_native_linux(name, tmp_path):
    """The behaviour Pagoda shares with Linux, checked on this host."""
    out = run_native([os.path.join(BUILD, "tests", name)], tmp_path)
    missing = [n for n in NATIVE[name] if n not in pass_names(out.stdout)]
    assert not fail_lines(out.stdout) and not missing, \
        "natively: missing %s\n%s" % (missing, out.stdout)


def test_segfault_lines():
    """Each bad access ends with Linux's console line and its own error
    code: 4 = not present, read, user; 5 = present (supervisor-only),
    read, user; 7 = present (read-only), write, user."""
    run = pagoda("t_segv")
    line = r"^t_segv\[\d+\]: segfault at %s ip [0-9a-f]{8} sp [0-9a-f]{8} error %d$"
    expect(run, line % ("0", 4))                  # NULL read
    expect(run, line % ("c0000000", 5))           # kernel memory
    expect(run, line % ("8[0-9a-f]{6}", 7))       # write to text / rodata


def test_stack_limit_line():
    """Growing the stack past 8 MiB is a segfault below the limit."""
    run = pagoda("t_stack")
    m = expect(run, r"^t_stack\[\d+\]: segfault at ([0-9a-f]+) .* error 6$")
    assert int(m.group(1), 16) < 0xC0000000 - 8 * 1024 * 1024, m.group(0)


def test_oom_message_and_shell_survives():
    """An out-of-memory hog is killed with Linux's message, and the shell
    that started it goes on working."""
    # One line, so that the echo runs after t_oom however long it takes
    # (a line typed while it runs would be echoed early, and its output
    # would then follow the next prompt on the same line).
    run = boot(append="init=/bin/sh", initrd=INITRDS, timeout=120,
               input_lines=["/tests/t_oom; echo shell-alive", "exit"])
    expect(run, r"^Out of memory: Killed process \d+ \(t_oom\)$")
    expect(run, r"^PASS oom_killed$")
    expect(run, r"^shell-alive$")
    expect_status(run, 0)


def test_pftrace_shows_cow():
    """pftrace=1 logs each fault: a student can watch copy-on-write."""
    run = pagoda("t_cow", append="pftrace=1")
    expect(run, r"^pftrace: pid \d+ write [0-9a-f]{8} .*: copy-on-write copy$")
    expect(run, r"^pftrace: pid \d+ write [0-9a-f]{8} .*: copy-on-write reuse$")
    expect(run, r"^pftrace: pid \d+ (read|write) [0-9a-f]{8} \[stack\]: zero-fill$")
    expect(run, r"^pftrace: pid \d+ read [0-9a-f]{8} /tests/t_cow: file page$")


def test_shell_reports_segfault():
    """A program the shell runs dies of SIGSEGV: the kernel prints its
    segfault line, the shell says `Segmentation fault` and $? is 139."""
    run = boot(append='init=/bin/sh -c "stackdemo 9000; echo status $?"',
               initrd=INITRDS, timeout=60)
    expect(run, r"^stackdemo\[\d+\]: segfault at [0-9a-f]+ ip [0-9a-f]{8} sp [0-9a-f]{8} error 6$")
    expect(run, r"^Segmentation fault")
    expect(run, r"^status 139$")
    expect_status(run, 0)
