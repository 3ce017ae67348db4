r"""tests/test_tty.py - the console's termios, seen from the serial line.

`stty` (user/stty.c) changes the settings of the console, and the raw
bytes on the serial port show what the line discipline did with them:
with output processing on (OPOST and ONLCR, Linux's default) each LF goes
out as CR LF; with `stty -opost` the bytes go out as written, as Linux's
n_tty does, so full-screen programs in raw mode send their own CRs.
"""
import os

import pytest

from tests.qemu import BUILD, Qemu, scaled

pytestmark = pytest.mark.usefixtures("kernel_elf")


def serial_bytes(append):
    """Boot, wait for the power-off, return the serial port's raw bytes
    (the log helpers turn CR LF into LF, which is what is tested here)."""
    q = Qemu(append=append, initrd=[os.path.join(BUILD, "initrd.cpio")])
    try:
        q.proc.wait(timeout=scaled(30))
        with open(q.serial, "rb") as f:
            return f.read()
    finally:
        q.kill()


def test_opost_off_sends_bare_lf():
    raw = serial_bytes('init=/bin/sh -c "echo one; stty -opost; echo two; '
                       'echo three; stty opost; echo four"')
    assert b"one\r\n" in raw, raw[-400:]
    assert b"\ntwo\nthree\n" in raw and b"two\r" not in raw, raw[-400:]
    assert b"four\r\n" in raw, raw[-400:]


def test_onlcr_off_and_sane():
    """ONLCR alone also turns the mapping off; `stty sane` brings back
    Linux's defaults, which `stty -a` then lists."""
    raw = serial_bytes('init=/bin/sh -c "stty -onlcr; echo bare; stty sane; '
                       'echo mapped; stty -a"')
    assert b"bare\n" in raw and b"bare\r" not in raw, raw[-600:]
    assert b"mapped\r\n" in raw, raw[-600:]
    assert b"opost onlcr\r\n" in raw, raw[-600:]
    assert b"isig icanon iexten echo echoe echok -echonl echoctl echoke\r\n" in raw, raw[-600:]
    assert b"intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D;" in raw, raw[-600:]
