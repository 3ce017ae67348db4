r"""tests/test_shell.py - drive the shell through the serial console.

Each test boots `init=/bin/sh`, which reads the console interactively and
prompts with "$ ".  The test types one command at a time (tests/qemu.py,
Qemu(interactive=True)): it sends the line, waits for the console to echo
it, then for the next prompt, and takes what came in between as the
command's output.  The last command is `exit`, so init ends and QEMU
powers off with the shell's status.  Every wait has a timeout.

Run just these with:  /usr/bin/python3 -m pytest tests/test_shell.py -v
"""
import os
import re

import pytest

from tests.qemu import BUILD, Qemu, boot, expect, expect_status, tail

pytestmark = pytest.mark.usefixtures("kernel_elf")   # fail early if unbuilt

INITRDS = [os.path.join(BUILD, "initrd.cpio"), os.path.join(BUILD, "tests.cpio")]
PROMPT = r"^\$ "          # the shell's prompt, at the start of a line


class Shell:
    """An interactive shell on a freshly booted Pagoda."""

    def __init__(self):
        for path in INITRDS:
            if not os.path.exists(path):
                pytest.fail("%s is missing: run `make` first" % path,
                            pytrace=False)
        self.q = Qemu(append="init=/bin/sh", initrd=INITRDS, interactive=True)
        self.pos = self.q.wait_for(PROMPT).end    # where unread output starts

    def type(self, line):
        """Type a line and wait for its echo; returns when it was seen."""
        self.q.send(line)
        echo = self.q.wait_for(re.escape(line) + r"\r?\n", start=self.pos)
        self.pos = echo.end
        return echo.seconds

    def run(self, line, timeout=None):
        """Type a command, wait for the next prompt, return the output in
        between (with \r\n turned into \n)."""
        self.type(line)
        prompt = self.q.wait_for(PROMPT, timeout=timeout, start=self.pos)
        out = self.q.read_log()[self.pos:prompt.end - len(prompt.text)]
        self.pos = prompt.end
        return out.replace("\r\n", "\n")

    def wait_for(self, pattern, timeout=None):
        """Wait for pattern in output not read yet (does not consume it)."""
        return self.q.wait_for(pattern, timeout=timeout, start=self.pos)

    def exit(self, command="exit"):
        """Type `exit` and wait for the machine to power off."""
        self.q.send(command)
        return self.q.finish()


def without_job_notices(text):
    """Drop the shell's job lines ("[2] 14" when a job starts, "[2] Done"
    when it ends), which come at times of their own."""
    return re.sub(r"^\[\d+\].*\n", "", text, flags=re.MULTILINE)


def test_pipeline():
    """echo | cat, and a three-stage pipeline."""
    sh = Shell()
    assert sh.run("echo hello world | cat") == "hello world\n"
    assert sh.run("echo one  two | cat | cat") == "one two\n"
    run = sh.exit()
    expect(run, r"^init exited with status 0")
    expect_status(run, 0)


def test_redirection():
    """> creates or truncates, >> appends, < reads."""
    sh = Shell()
    assert sh.run("echo abc > /tmp/f") == ""
    assert sh.run("cat /tmp/f") == "abc\n"
    assert sh.run("echo def >> /tmp/f") == ""
    assert sh.run("cat /tmp/f") == "abc\ndef\n"
    assert sh.run("cat < /tmp/f") == "abc\ndef\n"
    assert sh.run("echo new > /tmp/f") == ""
    assert sh.run("cat /tmp/f") == "new\n"
    run = sh.exit()
    expect_status(run, 0)


def test_background_job():
    """`CMD &` returns a prompt at once: a later command's output comes
    before the job ends.  `wait` then waits for the job."""
    sh = Shell()
    started = sh.type("sleep 3 && echo job-done &")
    after = sh.run("echo after")
    assert after == "after\n", after
    # The job's line must come after everything read so far, "after"
    # included (sh.wait_for looks only at output not read yet).
    done = sh.wait_for(r"job-done\r?\n", timeout=30)
    assert done.seconds - started >= 2.9, \
        "the job ended %.2f s after it started (it sleeps 3 s)" % (
            done.seconds - started)
    sh.pos = done.end
    assert without_job_notices(sh.run("echo next")) == "next\n"

    # `wait` with a job running blocks until the job is finished: the
    # prompt after it comes at least 2 s after the job was typed.
    job_typed = sh.type("sleep 2 &")
    sh.pos = sh.wait_for(PROMPT).end
    sh.type("wait")
    prompt = sh.wait_for(PROMPT, timeout=30)
    assert prompt.seconds - job_typed >= 1.9, \
        "wait returned %.2f s after the 2 s job started" % (
            prompt.seconds - job_typed)
    sh.pos = prompt.end
    assert without_job_notices(sh.run("echo waited")) == "waited\n"
    run = sh.exit()
    expect_status(run, 0)


def test_exit_status():
    """`exit 3` ends init with status 3, and the kernel says so."""
    sh = Shell()
    assert sh.run("echo bye") == "bye\n"
    run = sh.exit("exit 3")
    expect(run, r"^init exited with status 3")
    expect_status(run, 3)


def test_scripted_session():
    """The simple way to type at the console: boot() with input_lines,
    typed line_delay seconds apart, ending with exit."""
    run = boot(append="init=/bin/sh", initrd=INITRDS, line_delay=0.3,
               input_lines=["echo first | cat", "echo second > /tmp/s",
                            "cat /tmp/s", "exit 0"])
    log = run.log.replace("\r\n", "\n")
    assert re.search(r"^first\n.*^second\n", log, re.MULTILINE | re.DOTALL), \
        tail(log)
    expect_status(run, 0)


def test_ctrl_c_interrupts_foreground():
    """^C at the console sends SIGINT to the foreground command (sleep),
    which dies at once; the shell, which ignores SIGINT, prompts again."""
    sh = Shell()
    sh.type("sleep 30")
    sh.q.send_bytes(b"\x03")                  # Ctrl-C
    prompt = sh.wait_for(PROMPT, timeout=10)    # far sooner than 30 s
    sh.pos = prompt.end
    out = sh.run("echo after-interrupt")
    assert "after-interrupt" in out, out
    run = sh.exit()
    expect_status(run, 0)
