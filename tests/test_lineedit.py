r"""tests/test_lineedit.py - the shell's line editor, typed at the console.

One Pagoda boot (init=/bin/sh) serves every test here: each types keys
through QEMU's serial port as a terminal would send them (escape
sequences for the arrows, Home, End, Delete; control bytes for ^A ^C ^L
...) and checks what a student would see.  The raw serial bytes are run
through tests/terminal.py's Screen, which interprets CR, ESC [ K and the
cursor movements, so the assertions read the screen: the row the command
was edited on, and the command's output below it.  The tests share the
shell, so each starts at a fresh prompt and leaves one behind; the last
one ends the shell with ^D.  The editing logic itself is unit-tested in
tests/unit/test_lineedit.c; the keys are listed in docs/console.md.

Run just these:  /usr/bin/python3 -m pytest tests/test_lineedit.py -v
"""
import os
import time

import pytest

from tests.qemu import BUILD, Qemu, expect, scaled, tail
from tests.terminal import Screen

pytestmark = pytest.mark.usefixtures("kernel_elf")

INITRDS = [os.path.join(BUILD, "initrd.cpio"), os.path.join(BUILD, "tests.cpio")]
PROMPT = "$ "
LEFT, RIGHT, UP, DOWN = b"\x1b[D", b"\x1b[C", b"\x1b[A", b"\x1b[B"
HOME, END, DELETE = b"\x1b[H", b"\x1b[F", b"\x1b[3~"


def ctrl(c):
    """The byte Ctrl-<c> sends."""
    return bytes([ord(c.upper()) & 0x1f])


class Console:
    """The booted shell, seen as a screen."""

    def __init__(self):
        for path in INITRDS:
            if not os.path.exists(path):
                pytest.fail("%s is missing: run `make` first" % path,
                            pytrace=False)
        self.q = Qemu(append="init=/bin/sh", initrd=INITRDS, interactive=True,
                      timeout=120)
        self.q.wait_for(r"^\$ ")
        self.at_prompt()

    def at_prompt(self):
        """The shell waits at a fresh prompt: screens start there."""
        self.mark = self.raw_len() - len(PROMPT)

    def raw(self):
        """Every byte the serial port has sent so far."""
        with open(self.q.serial, "rb") as f:
            return f.read()

    def raw_len(self):
        return len(self.raw())

    def screen(self, since=0):
        """The screen the bytes from offset `since` draw (since: a prompt
        at the start of a row)."""
        return Screen(cols=80).feed(self.raw()[since:])

    def send(self, *keys):
        """Type keys, a few bytes apart from each other as a person would."""
        for k in keys:
            self.q.send_bytes(k)
            time.sleep(0.02)

    def wait(self, check, what, since, timeout=20):
        """Wait until check(screen) is true for the screen drawn since
        `since`; fail showing that screen if it does not come."""
        deadline = time.monotonic() + scaled(timeout)
        while True:
            s = self.screen(since)
            if check(s):
                return s
            if time.monotonic() > deadline or self.q.proc.poll() is not None:
                pytest.fail("waited for %s; the screen shows:\n%s\n--- log ---\n%s"
                            % (what, s.text(), tail(self.q.read_log())),
                            pytrace=False)
            time.sleep(0.05)

    def command(self, *keys):
        """Type keys ending in Enter; wait for the prompt after the
        command's output; return the screen's rows from the edited line
        on: [edited line, output rows..., next prompt]."""
        since = self.mark
        self.send(*keys)
        s = self.wait(lambda s: len(s.lines()) >= 2 and s.lines()[-1] == "$"
                      and s.cursor[1] == 2, "the next prompt", since)
        self.at_prompt()
        return s.lines()


@pytest.fixture(scope="module")
def con():
    c = Console()
    yield c
    c.q.kill()


def test_plain_line_unchanged(con):
    """A line typed with no editing keys is echoed as the shell always
    echoed it: the raw serial bytes hold the line as typed."""
    start = con.mark
    rows = con.command(b"echo plain\r")
    assert rows == ["$ echo plain", "plain", "$"], rows
    assert con.raw()[start:] == b"$ echo plain\r\nplain\r\n$ "


def test_edit_in_the_middle(con):
    """Left/Right, Home/End (both CSI and SS3 forms, ^A/^E), Delete and
    Backspace edit anywhere in the line."""
    rows = con.command(b"cho wrld", LEFT * 3, b"o", HOME, b"e", END, b" !\r")
    assert rows == ["$ echo world !", "world !", "$"], rows
    rows = con.command(b"echo abXYc", LEFT, LEFT, LEFT, DELETE, RIGHT, b"\x7f",
                       b"\x1bOH", RIGHT * 4, b"\x1bOF", b"d\r")
    assert rows == ["$ echo abcd", "abcd", "$"], rows
    rows = con.command(b"echo 1 3", ctrl("a"), RIGHT * 7, b"2 ", ctrl("e"),
                       b"\x1b[1~", ctrl("f"), ctrl("b"), b"\x1b[4~", b" 4\r")
    assert rows == ["$ echo 1 2 3 4", "1 2 3 4", "$"], rows


def test_kill_keys(con):
    """^W cuts a word, ^U the line before the cursor, ^K the rest, ^Y
    puts the last cut back."""
    rows = con.command(b"echo one two three", ctrl("w"), ctrl("w"), b"four\r")
    assert rows == ["$ echo one four", "one four", "$"], rows
    rows = con.command(b"rm -rf nothing", ctrl("u"), b"echo kept", LEFT * 4,
                       ctrl("k"), b"gone ", ctrl("y"), b"\r")
    assert rows == ["$ echo gone kept", "gone kept", "$"], rows


def test_history(con):
    """Up/Down recall earlier lines (newest first); the line being typed
    comes back after the last Down; a recalled line can be edited."""
    con.command(b"echo first\r")
    con.command(b"echo second\r")
    rows = con.command(UP, UP, b"\r")
    assert rows == ["$ echo first", "first", "$"], rows
    rows = con.command(b"echo dr", UP, UP, DOWN, DOWN, b"aft\r")
    assert rows == ["$ echo draft", "draft", "$"], rows
    rows = con.command(UP, ctrl("w"), b"again\r")
    assert rows == ["$ echo again", "again", "$"], rows
    rows = con.command(ctrl("p"), ctrl("p"), ctrl("n"), b"\r")
    assert rows == ["$ echo again", "again", "$"], rows


def test_tab_completes_command(con):
    """Tab completes a command name from $PATH (and a space after it)."""
    since = con.mark
    con.send(b"ech\t")
    con.wait(lambda s: s.lines()[-1] == "$ echo" and s.cursor[1] == 7,
             "'$ echo ' after Tab", since)
    rows = con.command(b"tabbed\r")
    assert rows == ["$ echo tabbed", "tabbed", "$"], rows


def test_tab_completes_path(con):
    """Tab completes a path; a directory gets a '/', and a second Tab
    lists what is in it, in columns, then draws the line again."""
    rows = con.command(b"cat /RE\t\r")
    assert rows[0] == "$ cat /README", rows
    assert "Pagoda's initial ramdisk" in rows[1], rows
    since = con.mark
    con.send(b"ls /b\t")
    con.wait(lambda s: s.lines()[-1] == "$ ls /bin/", "'$ ls /bin/'", since)
    con.send(b"\t")
    s = con.wait(lambda s: len(s.lines()) > 3 and s.lines()[-1] == "$ ls /bin/",
                 "the listing and the line again", since)
    listing = " ".join(s.lines()[1:-1]).split()
    for prog in ("cat", "cowdemo", "echo", "sh", "stackdemo"):
        assert prog in listing, listing
    assert max(len(r) for r in s.lines()) <= 80
    rows = con.command(b"cowd\t\r")       # the rows since "ls /b"
    assert rows[-3:] == ["$ ls /bin/cowdemo", "/bin/cowdemo", "$"], rows


def test_ctrl_c_at_prompt(con):
    """^C abandons the line: ^C is shown, a new prompt comes, $? is 130
    (as in bash), and the next command works."""
    since = con.mark
    con.send(b"sleep 100", ctrl("c"))
    s = con.wait(lambda s: s.lines()[-2:] == ["$ sleep 100^C", "$"],
                 "^C and a new prompt", since, timeout=10)
    con.at_prompt()
    rows = con.command(b"echo $?\r")
    assert rows == ["$ echo $?", "130", "$"], rows
    rows = con.command(b"echo still here\r")
    assert rows == ["$ echo still here", "still here", "$"], rows


def test_ctrl_c_kills_command_not_shell(con):
    """While a command runs the terminal is cooked again: ^C is SIGINT
    for the command (status 130), and the shell survives."""
    since = con.mark
    con.send(b"sleep 30\r")
    con.wait(lambda s: s.text().splitlines()[-1] == "$ sleep 30", "the command", since)
    time.sleep(1)                        # let sleep start: ^C must find it
    start = time.monotonic()
    con.send(ctrl("c"))
    con.wait(lambda s: s.lines()[-1] == "$", "the prompt", since, timeout=10)
    assert time.monotonic() - start < 10, "sleep was not interrupted"
    con.at_prompt()
    rows = con.command(b"echo $?\r")
    assert rows == ["$ echo $?", "130", "$"], rows
    # A shell that execs the command gives it the default action too.
    since = con.mark
    con.send(b"sh -c 'exec sleep 30'\r")
    con.wait(lambda s: s.text().splitlines()[-1] == "$ sh -c 'exec sleep 30'",
             "the command", since)
    time.sleep(1)
    start = time.monotonic()
    con.send(ctrl("c"))
    con.wait(lambda s: s.lines()[-1] == "$", "the prompt", since, timeout=10)
    assert time.monotonic() - start < 10, "exec'd sleep was not interrupted"
    con.at_prompt()
    rows = con.command(b"echo $?\r")
    assert rows == ["$ echo $?", "130", "$"], rows


def test_command_reads_cooked_terminal(con):
    """A command started from the editor finds the terminal as it was:
    canonical mode with echo, so cat gets whole lines and ^D ends it."""
    since = con.mark
    con.send(b"cat\r")
    time.sleep(0.5)
    con.send(b"typed to cat\r")
    con.wait(lambda s: s.text().splitlines()[-2:] == ["typed to cat"] * 2,
             "the kernel's echo, then cat's copy", since)
    con.send(ctrl("d"))
    con.wait(lambda s: s.lines()[-1] == "$", "the prompt after cat", since)
    con.at_prompt()


def test_ctrl_l_clears_screen(con):
    """^L clears the screen and draws the prompt and the line at the top."""
    since = con.mark
    con.send(b"echo after clear", ctrl("l"))
    s = con.wait(lambda s: s.lines() and s.lines()[0] == "$ echo after clear",
                 "the line alone at the top", since)
    assert s.text() == "$ echo after clear", s.text()
    rows = con.command(b"\r")
    assert rows[-2:] == ["after clear", "$"], rows


def test_unknown_escapes_not_echoed(con):
    """Function keys, bracketed-paste marks, Alt-letters and other
    sequences the editor does not know are swallowed whole: nothing of
    them is inserted or echoed."""
    start = con.raw_len()
    rows = con.command(b"echo a", b"\x1b[15~", b"\x1bOP", b"\x1b[200~",
                       b"\x1b[?1;2c", b"\x1bx", b"\x1b[1;2Z", b"b\r")
    assert rows == ["$ echo ab", "ab", "$"], rows
    out = con.raw()[start:]
    for junk in (b"15~", b"OP", b"200~", b"?1", b"^[", b"\x1bx", b"Z"):
        assert junk not in out, (junk, out)
    assert Screen().feed(out).unknown == []


def test_long_line_scrolls_in_one_row(con):
    """A line longer than the 80 columns stays on one row, scrolled to
    keep the cursor in view, and is edited correctly at both ends."""
    body = b"a" * 100 + b"Z"
    since = con.mark
    con.send(b"echo " + body)
    s = con.wait(lambda s: s.lines()[-1].endswith("aZ"), "the end of the line", since)
    assert len(s.lines()[-1]) <= 79 and s.lines()[-1].startswith("$ ")
    con.send(HOME)
    s = con.wait(lambda s: s.lines()[-1].startswith("$ echo aaa") and s.cursor[1] == 2,
                 "the start of the line, cursor after the prompt", since)
    assert len(s.lines()[-1]) <= 79
    start = con.mark
    rows = con.command(RIGHT * 5, b"B", END, b"!\r")
    line = "echo B" + body.decode() + "!"
    # On Enter the whole line is written out once, wrapping at 80, and
    # the output (the same text less "echo ") follows it.
    assert "".join(rows[-5:-3]) == "$ " + line, rows
    assert "".join(rows[-3:-1]) == line[5:], rows
    assert all(len(r) <= 80 for r in rows), rows
    assert ("\r$ " + line + "\r\n").encode() in con.raw()[start:]


def test_ctrl_d_ends_shell(con):
    """^D on an empty line is the end of input: the shell exits (its
    status, 0 after `true`), init reports it and the machine powers off."""
    con.command(b"true\r")
    con.send(b"abc", ctrl("d"), ctrl("u"))   # ^D with text: only a delete
    time.sleep(0.5)
    con.send(ctrl("d"))
    run = con.q.finish(timeout=scaled(30))
    expect(run, r"^init exited with status 0")


# ---- the same editor on Linux: build/user/sh is a Linux binary ----------

SH = os.path.join(BUILD, "user", "sh")


def native_session(steps):
    """Run build/user/sh on this host under a pseudo-terminal (Linux's own
    line discipline).  steps: (keys, rows) pairs: type the keys, then wait
    until the screen's rows (the empty ones left out) are `rows`.  Returns
    the Screen and the termios local flags seen after each step (read
    through the pty's master)."""
    import pty
    import select
    import termios
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(SH, [SH], {"PATH": os.path.dirname(SH), "HOME": "/tmp"})
    raw, flags = b"", []
    try:
        for keys, want in steps:
            os.write(fd, keys)
            deadline = time.monotonic() + scaled(10)
            while True:
                if select.select([fd], [], [], 0.05)[0]:
                    raw += os.read(fd, 4096)
                s = Screen().feed(raw)
                if [r for r in s.lines() if r] == want:
                    break
                assert time.monotonic() < deadline, \
                    "waited for %r; screen:\n%s" % (want, s.text())
            time.sleep(0.2)              # the settings follow the output
            flags.append(termios.tcgetattr(fd)[3])
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return Screen().feed(raw), flags


@pytest.mark.skipif(not os.path.exists(SH), reason="build/user/sh not built")
def test_native_linux_terminal():
    """On Linux's pty line discipline the editor draws the same screen,
    holds the terminal raw (no ICANON, ECHO, ISIG) only while a line is
    typed, and gives it back cooked to the command it runs."""
    import termios
    rows = ["$"]
    steps = [(b"", rows[:])]
    rows[-1:] = ["$ echo world", "world", "$"]
    steps.append((b"cho wrld" + LEFT * 3 + b"o" + HOME + b"e\r", rows[:]))
    rows[-1:] = ["$ sleep 2"]
    steps.append((b"sleep 2\r", rows[:]))
    rows[-1:] = ["$ sleep 2", "$"]
    steps.append((b"", rows[:]))         # wait for sleep to end
    rows[-1:] = ["$ sleep 100^C", "$"]
    steps.append((b"sleep 100\x03", rows[:]))
    rows[-1:] = ["$ echo $?", "130", "$"]
    steps.append((b"echo $?\r", rows[:]))
    s, flags = native_session(steps)
    cooked = termios.ICANON | termios.ECHO | termios.ISIG
    assert flags[0] & cooked == 0, "at the first prompt the terminal is raw"
    assert flags[2] & cooked == cooked, "while sleep 2 runs it is cooked"
    assert flags[5] & cooked == 0, "raw again at the prompt"
    assert s.unknown == []


@pytest.mark.skipif(not os.path.exists(SH), reason="build/user/sh not built")
def test_not_a_terminal_reads_plainly():
    """With standard input a pipe (no terminal) nothing is drawn: `sh -i`
    prints its bare prompts and runs the lines as they come, byte by byte
    (cat gets the rest of the input)."""
    import subprocess
    out = subprocess.run([SH, "-i"], input=b"echo one\ncat\ntwo\n",
                         capture_output=True, timeout=scaled(10))
    assert out.stdout == b"one\ntwo\n", out
    assert out.stderr == b"$ $ $ \n", out.stderr
