"""tests/test_user.py - user programs on Pagoda, with Linux as the oracle.

The self-checking programs in tests/user/ (built by tests/user/build.mk
into build/tests/ and packed under /tests in build/tests.cpio) each print
`PASS name` or `FAIL name: why` per check and exit 0 only if all passed.
Each one boots as init (`init=/tests/NAME`): the kernel prints
`init exited with status N` when it ends and powers off with N.

The same binaries are static i386 Linux programs, so this host runs them
directly: that is the oracle.  For the programs whose behaviour does not
depend on being pid 1 or on Pagoda's limits, the set of PASS names on
Pagoda must equal the set natively on Linux.  Each program is also built
with glibc (build/tests/glibc/NAME) and run on Pagoda, and the bundled
programs (hello, echo, cat, ls) must print the same as natively.  With
PAGODA_LINUXREF=1 the PASS sets are also compared with a real i386 Linux
kernel (tools/linuxref/run).

Run just these with:  /usr/bin/python3 -m pytest tests/test_user.py -v
"""
import os
import re
import resource
import shutil
import subprocess

import pytest

from tests.qemu import ROOT, BUILD, boot, expect, expect_status, tail

pytestmark = pytest.mark.usefixtures("kernel_elf")   # fail early if unbuilt

INITRDS = [os.path.join(BUILD, "initrd.cpio"), os.path.join(BUILD, "tests.cpio")]
TESTS = os.path.join(BUILD, "tests")                  # the programs, on the host
TREE = os.path.join(ROOT, "tests", "user", "tree")    # /tests/tree on Pagoda
NATIVE_TIMEOUT = 120                                  # seconds, per native run
# The environment Pagoda's init gets (proc/init.c); native runs get it too.
INIT_ENV = {"HOME": "/", "PATH": "/bin", "TERM": "linux"}

# Every PASS name each program must print on Pagoda.
EXPECTED = {
    "t_pgrp": """
        setsid_ids setsid_leader_eperm setpgid_leader_eperm tiocgpgrp_no_ctty
        dev_tty_enxio setpgid_bad_esrch setpgid_no_group_eperm setpgid_child
        setpgid_back setpgid_neg_einval kill_group fork_inherits
        kill_empty_group_esrch getsid_esrch child_done
    """.split(),
    "t_timerfd": """
        create_einval settime_einval gettime_errors read_small_einval
        new_disarmed gettime_remaining settime_old_and_disarm nonblock_eagain
        nonblock_flag read_blocks_then_one one_shot_disarmed interval_counts
        poll_abstime_realtime abstime_past_expires cloexec proc_fd_link
        fork_shares libc_wrappers
    """.split(),
    "t_ptimer": """
        ids_from_0 ids_not_reused bad_clock bad_sigevent bad_id settime_einval
        efault getoverrun_unfired gettime_remaining settime_old_value
        settime_zero_disarms signal_fires siginfo_timer default_sigalrm
        abstime_monotonic abstime_realtime abstime_past_fires cputime_fires
        boottime_fires sigev_none_silent overrun_counted cap_eagain
        fork_no_inherit fork_parent_keeps exec_deletes libc_wrappers
    """.split(),
    "t_itimer": """
        initial_disarmed einval_which einval_timeval einval_changes_nothing
        efault real_remaining real_old_value real_interval_kept
        alarm_rounds_up alarm_disarms_real alarm_rounds_down alarm_sets_real
        alarm_under_second real_fires_once real_interval_reloads alarm_fires
        virtual_not_while_sleeping virtual_counts_user virtual_fires
        prof_fires fork_clears fork_parent_keeps exec_keeps settime_einval
        settime_realtime
    """.split(),
    "t_fork": """
        fork_returns memory_copied exit_0 exit_1 exit_42 exit_255
        killed_sigkill killed_sigterm killed_sigsegv waitpid_specific
        wnohang_running kill0_zombie kill0_reaped echild_no_children
        echild_reaped_pid
    """.split(),
    "t_exec": """
        argc_aligned exec_enoent child_argv child_envp child_argc_aligned
        child_auxv_pagesz
        child_auxv_phdr child_auxv_entry child_auxv_random child_auxv_execfn
        exec_child_status exec_same_pid
    """.split(),
    "t_orphan": """
        zombie_kept zombie_status middle_exit_status orphan_reparented
        orphans_reaped zombie_orphan no_children_left
    """.split(),
    "t_fscalls": """
        statfs64_tmp statfs64_proc statfs64_size_einval mknod_fifo
        mknod_eexist mknod_dir_eperm renameat2_noreplace fadvise_bad_advice
    """.split(),
    "t_sigstop": """
        stop_wuntraced stop_reported_once stopped_state_T cont_wcontinued
        cont_then_exit sigchld_cld_stopped sigchld_cld_continued nocldstop
        tstp_stops sigkill_stopped cont_discards_stop waitid_stopped
        waitid_wnowait waitid_wnohang_zero waitid_no_event_einval
        waitid_killed eintr_read restart_read eintr_wait4 restart_wait4
        stop_restarts_read core_bit_limit0 core_bit_set
    """.split(),
    "t_rlimit": """
        bad_resource_einval cur_above_max_einval no_such_pid_esrch
        bad_pointer_efault nofile_above_ceiling_eperm prlimit_roundtrip
        setrlimit32_roundtrip child_inherits nofile_enforced
    """.split(),
    "t_select": """
        select_empty_pipe select_readable select_hangup_readable
        select_closed_ebadf select_negative_einval select_bad_timeval_einval
        select_timeout_left_zero ppoll_timeout ppoll_ready
        ppoll_bad_setsize_einval pselect6_mask_eintr ppoll_mask_eintr
        pselect6_bad_len_einval
    """.split(),
    "t_sigaltstack": """
        default_disabled small_enomem bad_flags_einval bad_pointer_efault
        set_and_query handler_on_altstack flags_onstack_inside
        change_inside_eperm no_onstack_normal_stack fork_keeps
        overflow_handled_on_altstack overflow_without_altstack_dies
    """.split(),
    "t_sigwait": """
        takes_pending no_longer_pending poll_eagain timeout_eagain
        bad_setsize_einval bad_timeout_einval waits_for_sigqueue
        queue_other_code0_eperm queue_no_pid_esrch handler_sees_value
    """.split(),
    "t_pipe": """
        pipe_64k_checksum pipe_read_partial pipe_eof pipe_epipe_ignored
        pipe_sigpipe_kills pipe_pipeline
    """.split(),
    "t_fdinherit": """
        fork_shares_offset fork_parent_appends dup_lowest dup2_target dup2_same
        dup2_replaces dup3_cloexec dup3_same_einval dup_ebadf fcntl_setfd
        fcntl_dupfd fcntl_getfl exec_keeps_plain exec_closes_cloexec
        exec_child_status
    """.split(),
    "t_efault": """
        read_bad write_bad read_null_zero_count pipe_write_bad open_bad_path
        stat_bad_path stat_bad_buf uname_bad pipe_bad execve_bad_path
        execve_bad_argv execve_bad_argv_string execve_bad_envp
        read_cross_unmapped write_cross_unmapped read_cross_untouched_mmap
        read_cross_untouched_brk survived
    """.split(),
    "t_badelf": """
        template_runs badelf_truncated badelf_bad_magic badelf_class64
        badelf_machine_x86_64 badelf_phoff_past_end badelf_phnum_0
        badelf_phnum_60000 badelf_phentsize_40 badelf_segment_into_kernel
        badelf_filesz_gt_memsz badelf_segment_past_eof
        badelf_overlapping_segments badelf_et_dyn
    """.split(),
    "t_forkbomb": """
        forkbomb_limit forkbomb_kill_reap forkbomb_no_children
        forkbomb_fork_again forkbomb_limit_again forkbomb_kill_reap_again
        forkbomb_no_children_again forkbomb_fork_again_again
        forkbomb_same_limit
    """.split(),
    "t_leak": "leak_rounds leak_freeram leak_brk_mmap".split(),
    "t_regions": """
        many_mmaps maps_one_line_each maps_small_reads maps_seek_back
        smaps_one_block_each munmap_all max_map_count_reached
        max_map_count_hole max_map_count_split max_map_count_fixed
        max_map_count_whole
        max_map_count_cleanup
    """.split(),
    "t_aslr": """
        personality_query aslr_stack_varies aslr_mmap_varies aslr_brk_varies
        aslr_random_varies aslr_one_heap aslr_stack_range aslr_mmap_range
        aslr_brk_range personality_inherited at_random_bytes norandom_same
        norandom_brk_after_bss norandom_fixed norandom_two_heaps
        getrandom_bytes getrandom_flags getrandom_zero getrandom_efault
        getrandom_partial exec_many_args
    """.split(),
    "t_segments": """
        tls_data_ok tls_readonly_data_ok tls_expand_down_ok tls_bytes_limit_ok
        tls_16bit_einval tls_code_einval tls_code_readonly_einval
        tls_conforming_einval tls_not_present_einval
        tls_not_present_zero_einval tls_16bit_zero_base_einval tls_flags_sweep
        get_tls_roundtrip get_tls_expand_down tls_empty_clears tls_zero_clears
        tls_cleared_slot_reused tls_entry_range_einval
        tls_entry_range_bad_desc_einval get_tls_entry_range_einval tls_efault
        tls_efault_changes_nothing tls_full_esrch
        gs_slot_cleared_null gs_slot_rebased fs_slot_cleared_null
        es_slot_cleared_null ds_slot_cleared_null ss_slot_cleared_killed
        load_empty_slot_segv load_past_gdt_segv load_kernel_data_segv
        ljmp_tls_data_segv
        sigreturn_gs_past_gdt_null sigreturn_gs_empty_slot_null
        sigreturn_fs_empty_slot_null sigreturn_fs_code_ok
        sigreturn_ds_past_gdt_null sigreturn_ds_empty_slot_null
        sigreturn_ds_zero_null sigreturn_ds_kernel_null
        sigreturn_cs_data_signal sigreturn_ss_code_signal
        sigreturn_cs_rpl_forced sigreturn_bad_fpstate_segv
        sigreturn_sweep_data_selectors
        sigreturn_sweep_cs_ss
        clone_settls_not_present_einval clone_settls_code_einval
        clone_settls_entry_minus1_einval clone_settls_efault
        clone_settls_child_gets_it survived
    """.split(),
    "t_fsnames": """
        link_from_proc link_into_proc rename_from_proc rename_into_proc
        rmdir_proc rename_proc rename_dir_onto_proc rename_file_onto_proc
        proc_still_there proc_no_new_names proc_unlink proc_own_dev proc_mmap
        proc_truncate proc_after_exit_opened proc_after_exit_read
        proc_after_exit_dir proc_after_exit_cwd symlink_40 symlink_40_in_path
        symlink_loop symlink_nofollow exec_no_x exec_dir exec_proc_file
        exec_trailing_slash exec_x_owner_only text_busy_write text_busy_exec
    """.split(),
    "t_fslimits": """
        sparse_size sparse_hole_reads_zero sparse_fault_allocates sparse_cost
        sparse_memory_back fs_full_enospc truncate_negative ftruncate32_2g
        ftruncate_non_lfs pwrite_non_lfs ftruncate_not_file truncate_by_name
        truncate_beyond_max
    """.split(),
    "t_execargs": """
        many_empty_args many_env_strings longest_string string_too_long
        total_1_5_mib total_2_5_mib env_shares_budget e2big_keeps_running
    """.split(),
    "t_partial": """
        file_read_hole file_read_readonly file_read_protnone file_read_efault
        file_write_hole file_write_protnone pread_hole pwrite_hole
        readv_hole readv_null_piece writev_hole readv_maxiov readv_negative_len
        readv_total_capped readv_bad_array
        pipe_write_efault pipe_write_whole_pages pipe_write_merged
        pipe_write_merge_efault pipe_writev_units pipe_read_keeps_buffer
        pipe_read_whole_buffers pipe_read_merged_buffer
        tty_write_chunks tty_writev_chunks
        zero_read_hole null_write_unread proc_read_hole
        futex_efault futex_unaligned futex_eagain futex_enosys futex_bitset_zero
        futex_timeout_checks futex_wake_private futex_wake_shared_efault
        futex_timeout_expires futex_bitset_deadline futex_woken_before_timeout
        readlink_hole_efault
    """.split(),
    "t_mmedge": """
        brk_query brk_wrap brk_below_start brk_grow_shrink brk_gap_page
        brk_stack_gap mmap_hint_stack_gap
        munmap_unaligned munmap_zero munmap_len_wraps munmap_past_top
        munmap_unmapped munmap_split mprotect_unaligned mprotect_zero
        mprotect_len_wraps mprotect_end_wraps mprotect_bad_prot
        mprotect_unmapped mprotect_prefix_hole mprotect_past_top
        mprotect_growsdown_plain
        mmap_ebadf_first mmap_len0 mmap_len_wraps mmap_len_over_top
        mmap_bad_type mmap_fixed_unaligned mmap_fixed_past_top
        mmap_hint_past_top mmap_hint_free
        mmap_hint_taken mmap_hint_unaligned mmap_hint_low mmap_noreplace
        mmap_fixed_replaces mmap_pgoff_overflow mmap_old_offset_unaligned
        mmap_validate_unknown mmap_shared_unknown_ignored mmap_file_growsdown
        mmap_pgoff_4g_maps mmap_pgoff_4g_sigbus mmap_wronly_fd mmap_dir_fd
        may_shared_ro_write may_shared_ro_exec may_shared_ro_flags
        may_private_ro_write may_shared_rw_flags sigbus_partial_page
        sigbus_private sigbus_shared sigbus_syscall_efault
        sigbus_after_truncate sigbus_truncate_partial sigbus_regrow
        mremap_bad_flags mremap_fixed_needs_maymove mremap_unaligned
        mremap_new_zero mremap_unmapped mremap_shrink mremap_grow_in_place
        mremap_grow_blocked mremap_maymove mremap_fixed mremap_overlap
        mremap_fixed_past_top mremap_past_region mremap_dup_private mremap_dup_shared
        mremap_dontunmap mremap_dontunmap_resize madv_bad_advice
        madv_unaligned madv_len_wraps madv_zero madv_unmapped madv_past_top
        madv_dontneed_anon madv_hole madv_harmless madv_remove_anon
        madv_populate_read madv_populate_ro madv_dontneed_private_file
        madv_free_file madv_dontneed_shared msync_bad_flags msync_async_sync
        msync_unaligned msync_len_wraps msync_end_wraps msync_zero
        msync_mapped msync_unmapped msync_past_top madv_random_splits
        madv_normal_merges madv_hint_flags madv_dontfork madv_dofork
        madv_wipeonfork madv_wipeonfork_shared mmap_noreserve_flags realloc_big
    """.split(),
    "t_mlock": """
        mincore_unaligned mincore_zero_len mincore_unmapped mincore_past_top
        mincore_bad_vec mincore_untouched mincore_touched mincore_hole
        mincore_file_cache mincore_file_eof mincore_shared_anon
        mlock_populates mlock_vmlck mlock_smaps munlock_clears mlock_zero_len
        mlock_unaligned_splits munlock_merges mlock_unmapped mlock_hole
        mlock_protnone mlock2_bad_flags mlock2_onfault mlock_fork_child
        mlock_fork_parent map_locked mremap_locked_grows
        map_populate map_populate_file map_growsdown_flags map_growsdown_grows mlockall_bad_flags
        mlockall_current munlockall_clears mlockall_future mlockall_future_brk
        mlockall_future_onfault msync_invalidate_locked msync_sync_locked
        msync_gap_sync msync_gap_async msync_gap_then_locked hwm_grows
        hwm_stays hwm_fork_child peak_grows peak_stays ctxt_voluntary
    """.split(),
    "t_mmap_layout": """
        default_top_down default_fills_highest legacy_personality_kept
        legacy_at_base legacy_bottom_up legacy_fills_lowest legacy_below_stack
    """.split(),
    "t_procfiles": """
        proc_cmdline_line proc_version_banner pid_cmdline_offset
        pid_cmdline_rewritten pid_cmdline_zombie pid_cmdline_large
        pid_cmdline_proctitle proc_mounts_lines
        proc_mounts_is_self fd_lists_open fd_file_path fd_pipe_name
        fd_closed_enoent fd_reopen fd_reopen_unlinked dev_fd_link dev_fd_open
        oom_adj_default oom_adj_write oom_adj_range oom_adj_garbage
        oom_adj_inherited oom_score_small oom_score_adj_max oom_score_adj_min
        urandom_differs random_reads urandom_write urandom_rdev
    """.split(),
    "t_syscalls": """
        ids uname brk mmap mprotect_segv nanosleep clock_monotonic mkdir_rmdir
        getcwd_chdir file_rw unlink_open_file getdents stat_sizes pipe2 dup3
        sigaction_raise sigprocmask_pending siginfo_kill siginfo_sender
    """.split(),
    "t_pmap": """
        pmap_header pmap_plain_rows pmap_plain_total pmap_x_rows pmap_x_total
        pmap_x_known pmap_d_rows pmap_d_footer pmap_q pmap_range
        pmap_two_pids pmap_no_such_pid pmap_bad_pid
    """.split(),
    "t_layout": """
        layout_runs layout_fits_80 layout_top_down layout_boxes layout_kernel
        layout_arrows layout_c_cow layout_c_private layout_c_child
        layout_c_untouched layout_c_by_name layout_bad_args
    """.split(),
    "t_time": """
        busy_loop_is_user_time long_syscalls_are_system_time
        monotonic_covers_cpu_time monotonic_never_backwards
        boottime_is_monotonic realtime_coarse_behind nanosleep_not_early
        poll_timeout_not_early clock_nanosleep_clocks clock_tai clock_getres
        rusage_voluntary_switches status_switches_match_rusage
        times_matches_rusage
        proc_stat_matches_rusage getrusage_einval getrusage_efault
        getrusage_maxrss getrusage_minflt times_counts_ticks times_efault
        starttime_in_the_past zombie_not_counted wait4_rusage_utime
        wait4_rusage_faults children_counted_after_wait times_cutime
        proc_stat_cutime wait4_bad_status_efault wait4_bad_status_reaped
        waitpid_readonly_status_reaped wait4_bad_rusage_status_written
        wait4_bad_rusage_reaped wait4_bad_options_einval
    """.split(),
    "t_shm": """
        shm_dev_shm shm_create shm_cloexec shm_excl_eexist shm_missing_enoent
        shm_name_einval shm_name_dot_einval shm_name_255 shm_name_256
        shm_nofollow_eloop shm_leading_slashes shm_two_opens_share
        shm_other_process shm_maps_name shm_unlink_ok shm_unlink_enoent
        shm_unlink_bad_name shm_mapping_outlives
    """.split(),
}

# Checks that only Pagoda makes (Linux's free memory is not exact: SKIP;
# this 64-bit host gives 32-bit programs a 4 GiB user space and other
# ASLR ranges than i386 Linux: SKIP; tmpfs here is bigger than Pagoda's).
PAGODA_ONLY = {"t_leak": {"leak_freeram", "leak_brk_mmap"},
               "t_sigstop": {"core_bit_set"},
               "t_aslr": {"aslr_stack_range", "aslr_mmap_range", "aslr_brk_range",
                          "norandom_fixed", "norandom_two_heaps"},
               "t_itimer": {"settime_realtime"},
               "t_ptimer": {"cap_eagain"},
               "t_fslimits": {"sparse_cost", "sparse_memory_back",
                              "fs_full_enospc", "truncate_beyond_max"}}

# Checks that hold only on an i386 kernel (Pagoda, Linux i386): this
# 64-bit host adds lengths in 64 bits, so the 4 GiB wraps do not happen,
# and its newer kernel refuses MAP_SHARED|MAP_SYNC.  The program prints
# SKIP for them natively; they are compared with linux-ref instead.
I386_ONLY = {"t_mmedge": {"mprotect_len_wraps", "mprotect_end_wraps",
                          "madv_len_wraps", "msync_len_wraps",
                          "msync_end_wraps", "mmap_shared_unknown_ignored"}}

# Programs whose PASS set on Pagoda (less its PAGODA_ONLY names) must
# equal the native (Linux) one.
COMPARE_WITH_LINUX = ["t_fork", "t_sigwait", "t_sigaltstack", "t_select", "t_rlimit", "t_sigstop", "t_exec", "t_pipe", "t_fdinherit",
                      "t_syscalls", "t_badelf", "t_regions", "t_segments",
                      "t_fsnames", "t_fslimits", "t_time", "t_partial",
                      "t_mmedge", "t_execargs", "t_shm", "t_mlock",
                      "t_mmap_layout", "t_procfiles", "t_pmap", "t_layout",
                      "t_itimer", "t_ptimer", "t_timerfd"]

# Boot timeouts (seconds, before PAGODA_TIMEOUT_SCALE) for the slow ones.
# The programs of tests/user/ that other test files run (with their own
# checks), so they have no EXPECTED entry here: name -> that file.
RUN_ELSEWHERE = {"t_cow": "test_vm.py", "t_enomem": "test_vm.py",
                 "t_forkloop": "test_vm.py", "t_lazy": "test_vm.py",
                 "t_oom": "test_vm.py", "t_proc": "test_proc.py",
                 "t_segv": "test_vm.py", "t_sharedtext": "test_vm.py",
                 "t_shmem": "test_vm.py", "t_stack": "test_vm.py"}


def unlisted_programs(folder, expected, elsewhere):
    """The t_*.c programs in `folder` that no test runs: in neither
    `expected` nor `elsewhere`, or listed elsewhere in a test file that
    never names them. Sorted, as (name, why)."""
    tests_dir = os.path.join(ROOT, "tests")
    found = []
    for source in sorted(os.listdir(folder)):
        name, ext = os.path.splitext(source)
        if not (name.startswith("t_") and ext == ".c") or name in expected:
            continue
        if name not in elsewhere:
            found.append((name, "has no EXPECTED entry in tests/test_user.py"))
            continue
        path = os.path.join(tests_dir, elsewhere[name])
        with open(path) if os.path.exists(path) else open(os.devnull) as f:
            if not re.search(r"\b%s\b" % name, f.read()):
                found.append((name, "is not run by tests/%s" % elsewhere[name]))
    return found


TIMEOUTS = {"t_leak": 240, "t_forkbomb": 120}

# The malformed files t_badelf execs: /tmp/t_badelf.PID.NAME.
BADELF_VARIANTS = """
    truncated bad_magic class64 machine_x86_64 phoff_past_end phnum_0
    phnum_60000 phentsize_40 segment_into_kernel filesz_gt_memsz
    segment_past_eof overlapping_segments et_dyn
""".split()


# ------------------------------------------------------------------ helpers

def pass_names(text):
    """The names in the `PASS name [(detail)]` lines of text."""
    return set(re.findall(r"^PASS (\S+)", text, re.MULTILINE))


def fail_lines(text):
    return re.findall(r"^FAIL .*$", text, re.MULTILINE)


def require_built(path):
    if not os.path.exists(path):
        pytest.fail("%s does not exist: run `make` first (tests/user/build.mk "
                    "builds it)" % os.path.relpath(path, ROOT), pytrace=False)


@pytest.fixture(scope="session")
def tests_cpio():
    for path in INITRDS:
        require_built(path)


def no_core_files():
    """preexec_fn for native runs: the SIGSEGV checks must not dump core."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_native(argv, tmp_path=None):
    """Run a program natively on this host; returns the CompletedProcess
    (stdout and stderr as text, with undecodable bytes replaced)."""
    require_built(argv[0])
    try:
        return subprocess.run(argv, capture_output=True, timeout=NATIVE_TIMEOUT,
                              env=INIT_ENV, cwd=tmp_path or "/",
                              preexec_fn=no_core_files, errors="replace")
    except subprocess.TimeoutExpired as e:
        pytest.fail("%s did not finish natively within %d s; output so far:\n%s"
                    % (argv, NATIVE_TIMEOUT, e.stdout), pytrace=False)


_pagoda_runs = {}


def pagoda_run(init_args):
    """Boot Pagoda with init=INIT_ARGS (the tests initrd included) and
    return the Run; each distinct command line boots once per session."""
    if init_args not in _pagoda_runs:
        name = os.path.basename(init_args.split()[0])
        _pagoda_runs[init_args] = boot(append="init=" + init_args,
                                       initrd=INITRDS,
                                       timeout=TIMEOUTS.get(name, 60))
    return _pagoda_runs[init_args]


def check_self_test(run, name, where):
    """A self-checking program's run: no FAIL, every expected PASS, exit 0
    as init."""
    fails = fail_lines(run.log)
    missing = [n for n in EXPECTED[name] if n not in pass_names(run.log)]
    if fails or missing:
        pytest.fail("%s %s: %d FAIL line(s), %d expected PASS line(s) missing\n"
                    "%s\nmissing: %s\n%s--- last lines of the log ---\n%s"
                    % (name, where, len(fails), len(missing), "\n".join(fails),
                       " ".join(missing) or "-", run.describe(), tail(run.log)),
                    pytrace=False)
    expect(run, r"^init exited with status 0$")
    expect_status(run, 0)


# ------------------------------------------------- the programs on Pagoda

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_on_pagoda(tests_cpio, name):
    """tests/user/NAME.c, built with our libc, as init on Pagoda."""
    check_self_test(pagoda_run("/tests/" + name), name, "on Pagoda")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_glibc_build_on_pagoda(tests_cpio, name):
    """The same program built with glibc (-static) passes on Pagoda too."""
    check_self_test(pagoda_run("/tests/glibc/" + name), name,
                    "(glibc build) on Pagoda")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_native_linux(name, tmp_path):
    """The program itself is right: natively on Linux every check passes
    (Pagoda-only checks print SKIP there)."""
    out = run_native([os.path.join(TESTS, name)], str(tmp_path))
    fails = fail_lines(out.stdout)
    want = (set(EXPECTED[name]) - PAGODA_ONLY.get(name, set())
            - I386_ONLY.get(name, set()))
    missing = sorted(want - pass_names(out.stdout))
    assert not fails and not missing and out.returncode == 0, \
        "natively: exit %d, FAIL lines %s, missing %s\n%s%s" % (
            out.returncode, fails, missing, out.stdout, out.stderr)


@pytest.mark.parametrize("name", COMPARE_WITH_LINUX)
def test_same_as_linux(tests_cpio, name, tmp_path):
    """The same binary passes the same checks on Pagoda as on Linux."""
    native = pass_names(run_native([os.path.join(TESTS, name)],
                                   str(tmp_path)).stdout)
    pagoda = (pass_names(pagoda_run("/tests/" + name).log) -
              PAGODA_ONLY.get(name, set()) - I386_ONLY.get(name, set()))
    assert pagoda == native, (
        "PASS lines differ.\n  only on Linux:  %s\n  only on Pagoda: %s"
        % (sorted(native - pagoda), sorted(pagoda - native)))


# tools/linuxref/run boots a real i386 Linux (Debian's 686 kernel) in
# QEMU and runs one program there: a slower, closer oracle than this
# 64-bit host.  Opt in with PAGODA_LINUXREF=1.
LINUXREF = os.path.join(ROOT, "tools", "linuxref", "run")
# Programs that run one of our tools (found in /bin there, as on Pagoda).
LINUXREF_TOOLS = {"t_pmap": ["pmap"], "t_layout": ["layout"]}


@pytest.mark.skipif(os.environ.get("PAGODA_LINUXREF") != "1",
                    reason="set PAGODA_LINUXREF=1 to compare with i386 Linux "
                           "in QEMU (about 5 s a program)")
@pytest.mark.parametrize("name", COMPARE_WITH_LINUX)
def test_same_as_i386_linux(tests_cpio, name, tmp_path):
    """The same binary passes the same checks on Pagoda as on a real i386
    Linux kernel."""
    extra = []
    if name in LINUXREF_TOOLS:               # the tools the test runs, in /bin
        bindir = tmp_path / "root" / "bin"
        bindir.mkdir(parents=True)
        for tool in LINUXREF_TOOLS[name]:
            shutil.copy(os.path.join(BUILD, "user", tool), str(bindir / tool))
        extra = ["--dir", str(tmp_path / "root")]
    out = subprocess.run([LINUXREF] + extra + [os.path.join(TESTS, name)],
                         capture_output=True, text=True, errors="replace",
                         timeout=600)
    assert "linux-ref: exit status 0" in out.stdout, out.stdout + out.stderr
    linux = pass_names(out.stdout)
    pagoda = (pass_names(pagoda_run("/tests/" + name).log) -
              PAGODA_ONLY.get(name, set()))
    assert pagoda == linux, (
        "PASS lines differ.\n  only on Linux:  %s\n  only on Pagoda: %s"
        % (sorted(linux - pagoda), sorted(pagoda - linux)))


def test_badelf_console_messages(tests_cpio):
    """For each malformed ELF the kernel prints one line
    `exec PATH: REASON` on the console, and nothing else goes wrong."""
    log = pagoda_run("/tests/t_badelf").log
    said = {}
    for m in re.finditer(r"^exec /tmp/t_badelf\.\d+\.(\w+): (.+)$", log,
                         re.MULTILINE):
        said.setdefault(m.group(1), []).append(m.group(2))
    missing = [v for v in BADELF_VARIANTS if v not in said]
    repeated = [v for v, reasons in said.items() if len(reasons) != 1]
    assert not missing and not repeated and "valid" not in said, (
        "exec messages: missing for %s, repeated for %s, valid template "
        "complained: %s\n%s" % (missing, repeated, said.get("valid"), tail(log)))
    assert not re.search(r"panic|Oops|page fault at", log, re.IGNORECASE), tail(log)


# ---------------------------------- ordinary programs, Pagoda vs natively

def program_output(run):
    """What the init program printed: the log without the kernel's boot
    lines and its power-off lines, with \\r\\n turned into \\n."""
    text = run.log.replace("\r\n", "\n")
    lines = text.split("\n")
    # Skip the boot banner, up to and including the last "initrd:" line.
    start = max((i + 1 for i, l in enumerate(lines)
                 if l.startswith("initrd:") or l.startswith("cmdline:")),
                default=0)
    end = next((i for i, l in enumerate(lines)
                if i >= start and l.startswith("init exited with status")),
               len(lines))
    out = "\n".join(lines[start:end])
    return out + "\n" if out else ""


# (init command line on Pagoda, the same command natively)
SAME_OUTPUT = {
    "hello": ("/bin/hello", ["user/hello"]),
    "echo": ('/bin/echo a "b c"  d', ["user/echo", "a", "b c", "d"]),
    "cat": ("/bin/cat /tests/tree/beta.txt /tests/tree/alpha",
            ["user/cat", TREE + "/beta.txt", TREE + "/alpha"]),
    "ls": ("/bin/ls /tests/tree", ["user/ls", TREE]),
    "ls_sub": ("/bin/ls /tests/tree/sub", ["user/ls", TREE + "/sub"]),
}


@pytest.mark.parametrize("case", sorted(SAME_OUTPUT))
def test_same_output_as_linux(tests_cpio, case):
    """A bundled program prints exactly what it prints natively."""
    init, native_argv = SAME_OUTPUT[case]
    native_argv = [os.path.join(BUILD, native_argv[0])] + native_argv[1:]
    native = run_native(native_argv)
    assert native.returncode == 0, native.stderr
    run = pagoda_run(init)
    expect(run, r"^init exited with status 0$")
    assert program_output(run) == native.stdout, (
        "Pagoda printed\n%r\nLinux printed\n%r" % (program_output(run),
                                                   native.stdout))


def test_glibc_hello(tests_cpio):
    """A glibc program (stdio, malloc up to 1 MiB, fork + wait, a file in
    /tmp) prints on Pagoda exactly what it prints natively."""
    prog = os.path.join(TESTS, "glibc_hello")
    native = run_native([prog, "first arg"])
    assert native.returncode == 0 and "glibc_hello done" in native.stdout, \
        native.stdout + native.stderr
    run = pagoda_run('/tests/glibc_hello "first arg"')
    expect(run, r"^init exited with status 0$")
    assert program_output(run) == native.stdout, (
        "Pagoda printed\n%s\nLinux printed\n%s" % (program_output(run),
                                                   native.stdout))


def test_glibc_tls_beside_pagoda_programs(tests_cpio):
    """Static glibc programs keep their TLS selector in %gs (0x33, GDT slot
    6) while Pagoda's own programs run with a null %gs and an empty slot 6.
    With two glibc programs sleeping in the background beside /bin/sleep,
    the kernel switches between them and idles many times; before the
    kernel loaded null %fs/%gs on entry, the first interrupt taken while
    idle reloaded a stale 0x33 and panicked in trap_return."""
    run = boot(append='init=/bin/sh -c "/tests/glibc/t_segments sleep & '
                      '/tests/glibc/t_segments sleep & /bin/sleep 2; wait; '
                      'echo all-done"',
               initrd=INITRDS)
    assert len(re.findall(r"^t_segments slept$", run.log, re.MULTILINE)) == 2, \
        tail(run.log)
    expect(run, r"^all-done$")
    expect(run, r"^init exited with status 0$")
    expect_status(run, 0)
    assert not re.search(r"PANIC|general protection", run.log), tail(run.log)


def test_init_ignores_kill():
    """As on Linux, pid 1 ignores signals from kill() for which it has no
    handler: `kill -9 1` does not stop the machine."""
    run = boot(append='init=/bin/sh -c "kill -9 1; kill -TERM 1; echo init-survived"',
               initrd=INITRDS)
    expect(run, r"^init-survived$")
    expect(run, r"^init exited with status 0$")
    expect_status(run, 0)


# -------------------------------------------- every test program is run

def test_every_test_program_is_listed():
    """Adding tests/user/t_NAME.c adds a program to build/tests.cpio, but
    only an EXPECTED entry here (its PASS names) makes the suite run and
    check it: a t_*.c that no test runs fails the suite."""
    missing = unlisted_programs(os.path.join(ROOT, "tests", "user"),
                                EXPECTED, RUN_ELSEWHERE)
    assert not missing, "\n".join(
        "tests/user/%s.c %s: add `\"%s\": \"\"\"PASS names...\"\"\".split()` to "
        "EXPECTED" % (name, why, name) for name, why in missing)


def test_unlisted_program_is_caught(tmp_path):
    """The check above can fail: a new t_new.c with no entry is reported,
    and so is one listed as run elsewhere by a file that never names it."""
    for name in ("t_fork.c", "t_new.c", "t_other.c", "helper.c"):
        (tmp_path / name).write_text("int main(void) { return 0; }\n")
    found = unlisted_programs(str(tmp_path), {"t_fork": []},
                              {"t_other": "test_boot.py"})
    assert found == [("t_new", "has no EXPECTED entry in tests/test_user.py"),
                     ("t_other", "is not run by tests/test_boot.py")], found
