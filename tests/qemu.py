"""tests/qemu.py - the one helper that boots Pagoda under QEMU for a test.

    from tests.qemu import boot, expect
    run = boot(append="ktest=all")
    expect(run, r"PASS frames")
    assert run.status == 0

The serial port (COM1) is written to a file in a temporary directory and
returned as run.log. The kernel powers off through QEMU's isa-debug-exit
device, so QEMU exits with code (v << 1) | 1, where v is the kernel's status;
run.status is that v (None when QEMU exited some other way).

Every boot has a timeout (30 s for -kernel, 90 s for the ISO), multiplied by
the environment variable PAGODA_TIMEOUT_SCALE (e.g. 3 on a slow machine).
On a timeout QEMU is killed and the test fails showing the end of the log.
"""
import os
import re
import subprocess
import tempfile
import threading
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "kernel.elf")
ISO = os.path.join(BUILD, "pagoda.iso")
INITRD = os.path.join(BUILD, "initrd.cpio")

KERNEL_TIMEOUT = 30   # seconds, for -kernel boots
ISO_TIMEOUT = 90      # seconds, for GRUB ISO boots
TAIL_LINES = 60       # lines of log shown when something fails


def scaled(seconds):
    """Scale a timeout by PAGODA_TIMEOUT_SCALE (default 1)."""
    return seconds * float(os.environ.get("PAGODA_TIMEOUT_SCALE", "1"))


def tail(text, lines=TAIL_LINES):
    """The last `lines` lines of text, for failure messages, without the
    terminal escape codes GRUB prints."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    return "\n".join(text.splitlines()[-lines:])


class Run:
    """What a finished boot left behind."""

    def __init__(self, log, exitcode, stderr):
        self.log = log            # everything the kernel printed on COM1
        self.exitcode = exitcode  # QEMU's process exit code
        self.stderr = stderr      # QEMU's own messages (errors, warnings)
        # isa-debug-exit: QEMU exits with (v << 1) | 1. Any odd code is a
        # kernel status; 0 means ACPI shutdown or a triple fault. But QEMU
        # also exits with 1 when it cannot start (and says why), and a
        # negative code means it was killed by a signal.
        qemu_error = re.search(r"^qemu-system-i386: (?!warning)", stderr,
                               re.MULTILINE)
        if exitcode > 0 and exitcode & 1 and not qemu_error:
            self.status = exitcode >> 1
        else:
            self.status = None

    def describe(self):
        """Exit code, status and QEMU's own output, for failure messages."""
        text = "QEMU exit code %d (kernel status %r)" % (self.exitcode,
                                                       self.status)
        if self.exitcode == 0:
            text += ("\n  exit code 0 = ACPI power off or a triple fault"
                     " (-no-reboot); tools/qemu.sh --log-int shows which")
        return text + "\n--- QEMU said ---\n" + (self.stderr or "(nothing)\n")

    def __repr__(self):
        return "Run(exitcode=%d, status=%r)" % (self.exitcode, self.status)


def qemu_command(append="", initrd=None, iso=False, mem="128M",
                 extra_args=(), serial_file=None, serial_stdio=False):
    """The QEMU command line for one test boot (serial goes to serial_file,
    or with serial_stdio=True to QEMU's stdin and stdout, for tests that
    type at the console)."""
    accel = "kvm" if os.environ.get("PAGODA_KVM") == "1" else "tcg"
    cmd = ["qemu-system-i386",
           "-accel", accel,
           "-m", mem,
           "-no-reboot",                      # triple fault ends QEMU
           "-display", "none",
           "-monitor", "none",
           "-serial", "stdio" if serial_stdio else "file:" + serial_file,
           "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
    if iso:
        cmd += ["-cdrom", ISO]
    else:
        cmd += ["-kernel", KERNEL, "-append", append]
        if initrd is None and os.path.exists(INITRD):
            initrd = INITRD                        # the standard image
        if initrd:
            if isinstance(initrd, str):
                initrd = [initrd]
            cmd += ["-initrd", ",".join(initrd)]   # several multiboot modules
    return cmd + list(extra_args)


class Seen:
    """What Qemu.wait_for() found: the matching text, the log offset just
    after it, and when (seconds since QEMU started)."""

    def __init__(self, text, end, seconds):
        self.text, self.end, self.seconds = text, end, seconds

    def __repr__(self):
        return "Seen(%r at %.2f s)" % (self.text, self.seconds)


# Text that means the boot is stuck for good (GRUB failed and waits for a
# key): stop waiting at once instead of running into the timeout.
GIVE_UP = r"Press any key to continue|Failed to boot both default"


class Qemu:
    r"""A QEMU started in the background; finish() waits for it to exit.

    Most tests just call boot(); the gdb tests start QEMU frozen (-S),
    drive it with gdb, then call finish().

    With interactive=True the serial port is QEMU's stdio: the output
    still lands in the log file, and send() types a line at the console.
    A test then alternates send() and wait_for() (or boot() feeds a list
    of lines with input_lines=...):

        q = Qemu(append="init=/bin/sh", interactive=True)
        seen = q.wait_for(r"\$ $")             # the prompt
        q.send("echo hi")
        q.wait_for(r"^hi\r?$", start=seen.end)
        q.send("exit")
        run = q.finish()
    """

    def __init__(self, append="", initrd=None, iso=False, timeout=None,
                 mem="128M", extra_args=(), interactive=False):
        if timeout is None:
            timeout = ISO_TIMEOUT if iso else KERNEL_TIMEOUT
        self.timeout = scaled(timeout)
        self.tmp = tempfile.TemporaryDirectory(prefix="pagoda-test-")
        self.serial = os.path.join(self.tmp.name, "serial.log")
        self.output = os.path.join(self.tmp.name, "qemu.out")
        self.cmd = qemu_command(append, initrd, iso, mem, extra_args,
                                self.serial, serial_stdio=interactive)
        self.started = time.monotonic()
        with open(self.output, "w") as out:     # QEMU's own messages
            if interactive:                     # serial on stdin/stdout
                with open(self.serial, "wb") as log:
                    self.proc = subprocess.Popen(self.cmd, cwd=ROOT,
                                                 stdin=subprocess.PIPE,
                                                 stdout=log, stderr=out)
            else:
                self.proc = subprocess.Popen(self.cmd, cwd=ROOT,
                                             stdin=subprocess.DEVNULL,
                                             stdout=out, stderr=out)

    def read(self, path):
        try:
            with open(path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def read_log(self):
        """The serial output so far."""
        return self.read(self.serial)

    def kill(self):
        """Stop QEMU (if still running) and clean up."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.close_input()
        self.tmp.cleanup()

    # ---- typing at the console (interactive=True) ----

    def send(self, line):
        """Type `line` and Enter at the serial console.  Returns False if
        QEMU has already gone away."""
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, ValueError, OSError):
            return False

    def send_bytes(self, data):
        """Type raw bytes (e.g. b"\\x03", Ctrl-C) with no Enter."""
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, ValueError, OSError):
            return False

    def close_input(self):
        """Close the console's input (if there is one)."""
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def wait_for(self, pattern, timeout=None, start=0):
        """Wait until the log, from offset `start` on, matches the regex
        `pattern` (searched line by line).  Returns a Seen: .text (what
        matched), .end (the log offset just after it, to pass as the next
        `start`) and .seconds (when it was seen, since QEMU started).  On a
        timeout, or if QEMU exits first, kill QEMU and fail the test
        showing the end of the log."""
        timeout = scaled(timeout if timeout is not None else KERNEL_TIMEOUT)
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.read_log()[start:], re.MULTILINE)
            if found:
                return Seen(found.group(0), start + found.end(),
                            time.monotonic() - self.started)
            exited = self.proc.poll() is not None
            if exited or time.monotonic() > deadline:
                log, out = self.read_log(), self.read(self.output)
                self.kill()
                pytest.fail("waited for %r in the serial log; %s.\n"
                            "--- QEMU said ---\n%s"
                            "--- last %d lines of serial log ---\n%s"
                            % (pattern, "QEMU exited" if exited else
                               "not there after %.0f s" % timeout,
                               out or "(nothing)\n", TAIL_LINES, tail(log)),
                            pytrace=False)
            time.sleep(0.05)

    def finish(self, timeout=None, until=None):
        """Wait for QEMU to exit and return a Run. On a timeout, or when
        the log shows GIVE_UP, kill QEMU and fail the test.  If the log
        matches `until`, stop QEMU and return at once."""
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout
        why = None
        while self.proc.poll() is None:
            if until and re.search(until, self.read_log(), re.MULTILINE):
                self.proc.kill()
                self.proc.wait()
                break
            if time.monotonic() > deadline:
                why = "QEMU did not exit within %.0f s" % timeout
            elif re.search(GIVE_UP, self.read_log()):
                why = "the boot is stuck (%r)" % GIVE_UP
            if why:
                log, out = self.read_log(), self.read(self.output)
                self.kill()
                pytest.fail("%s: killed it.\ncommand: %s\n"
                            "--- QEMU said ---\n%s"
                            "--- last %d lines of serial log ---\n%s"
                            % (why, " ".join(self.cmd), out or "(nothing)\n",
                               TAIL_LINES, tail(log)), pytrace=False)
            time.sleep(0.05)
        run = Run(self.read_log(), self.proc.returncode,
                  self.read(self.output))
        self.close_input()
        self.tmp.cleanup()
        return run


def boot(append="", initrd=None, iso=False, timeout=None, mem="128M",
         extra_args=(), until=None, input_lines=None, line_delay=0.5):
    """Boot Pagoda, wait until QEMU exits, return a Run (.log, .exitcode,
    .status).  With `until` (a regex), stop QEMU as soon as the log
    matches it instead (for boots that would go on, like the interactive
    shell); status is then None.

    With input_lines (a list of strings), the lines are typed at the
    serial console one by one, line_delay seconds apart (scaled by
    PAGODA_TIMEOUT_SCALE; the guest echoes and runs each line), the first
    once the kernel has printed its banner."""
    if input_lines is None:
        return Qemu(append, initrd, iso, timeout, mem,
                    extra_args).finish(until=until)
    q = Qemu(append, initrd, iso, timeout, mem, extra_args, interactive=True)

    def feed():
        # Wait (up to the boot timeout) for the banner, then type.
        deadline = time.monotonic() + q.timeout
        while "Pagoda" not in q.read_log() and time.monotonic() < deadline:
            if q.proc.poll() is not None:
                return
            time.sleep(0.05)
        for line in input_lines:
            time.sleep(scaled(line_delay))
            if not q.send(line):
                return

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    return q.finish(until=until)


def expect(run, pattern, regex=True):
    """Assert that pattern (a regex, searched line by line, or a plain
    string with regex=False) occurs in run.log; return the re.Match (or
    True). On failure show the end of the log and QEMU's own output."""
    if regex:
        found = re.search(pattern, run.log, re.MULTILINE)
    else:
        found = pattern in run.log
    if not found:
        pytest.fail("expected %r in the serial log; it is not there.\n%s"
                    "--- last %d lines of serial log ---\n%s"
                    % (pattern, run.describe(), TAIL_LINES, tail(run.log)),
                    pytrace=False)
    return found


def expect_status(run, status):
    """Assert the kernel powered off with `status`, showing the log if not."""
    if run.status != status:
        pytest.fail("expected kernel status %r, got %r.\n%s"
                    "--- last %d lines of serial log ---\n%s"
                    % (status, run.status, run.describe(), TAIL_LINES,
                       tail(run.log)), pytrace=False)
