"""tests/test_initrd.py - the initrd image and how the kernel reads it.

build/initrd.cpio is a standard newc cpio archive (tools/mkinitrd): the
host's `cpio -t` must list it.  The kernel unpacks every module in order,
later entries replacing earlier ones, so a test can add or override files
with a second archive without rebuilding the image.
"""
import os
import subprocess

import pytest

from tests.qemu import BUILD, boot, expect, expect_status

pytestmark = pytest.mark.usefixtures("kernel_elf")

INITRD = os.path.join(BUILD, "initrd.cpio")


def cpio_list(path):
    with open(path, "rb") as f:
        out = subprocess.run(["cpio", "-t", "--quiet"], stdin=f,
                             capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_cpio_lists_the_image():
    """`cpio -t` reads the image; it holds the programs in /bin and the
    students' files."""
    names = cpio_list(INITRD)
    for name in ("bin/init", "bin/sh", "bin/ls", "bin/cowdemo", "etc/rc", "README"):
        assert name in names, "%s not in the initrd: %s" % (name, sorted(names))


def make_archive(tmp_path, files):
    """A newc archive of {path: text}, made with the host's cpio."""
    root = tmp_path / "root"
    for name, text in files.items():
        (root / os.path.dirname(name)).mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    out = tmp_path / "extra.cpio"
    with open(out, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root,
                       input="\n".join(names).encode(), stdout=f, check=True)
    return str(out)


def test_later_module_replaces_earlier(tmp_path):
    """A second module adds a new file and replaces /etc/motd."""
    extra = make_archive(tmp_path, {"etc/motd": "replaced motd\n",
                                    "extra/new.txt": "a new file\n"})
    run = boot(append='init=/bin/sh -c "cat /etc/motd /extra/new.txt"',
               initrd=[INITRD, extra])
    expect(run, r"^initrd: module 1: \d+ entries")
    expect(run, r"^replaced motd$")
    expect(run, r"^a new file$")
    expect_status(run, 0)
