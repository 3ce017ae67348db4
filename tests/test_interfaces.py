"""tests/test_interfaces.py - the kernel's folders meet only through their
public headers (docs/ARCHITECTURE.md, "The folders").

These read the source, not the build: they fail the moment a file starts
reaching into mm/'s insides, so the rule holds without anyone having to
remember it.
"""
import glob
import os
import re

from tests.qemu import ROOT

# What other folders may include from mm/ (mm/mm.h says why).
MM_PUBLIC = {"mm.h", "uaccess.h", "layout.h", "kheap.h", "frame.h", "stats.h",
             "region.h", "truncate.h"}
OTHER_FOLDERS = ["boot", "kernel", "proc", "fs", "lib"]


def sources(folders):
    """(path relative to ROOT, text) for every .c and .h file in folders."""
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(ROOT, folder, "*.[ch]"))):
            with open(path, encoding="utf-8") as f:
                yield os.path.relpath(path, ROOT), f.read()


def code_lines(text):
    """(line number, line) for the lines of C text, comments blanked."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)),
                  text, flags=re.DOTALL)
    for n, line in enumerate(text.split("\n"), 1):
        yield n, re.sub(r"//.*", "", line)


def test_other_folders_include_only_mm_public_headers():
    """Outside mm/, only mm/mm.h, mm/uaccess.h and the stand-alone
    headers of MM_PUBLIC are included; never mm/fault.h, mm/paging.h or
    mm/kstack.h directly."""
    bad = []
    for path, text in sources(OTHER_FOLDERS):
        for n, line in code_lines(text):
            m = re.match(r'\s*#\s*include\s+"mm/([\w.]+)"', line)
            if m and m.group(1) not in MM_PUBLIC:
                bad.append("%s:%d: %s" % (path, n, line.strip()))
    assert not bad, "mm/ internals included:\n" + "\n".join(bad)


def test_other_folders_walk_regions_through_the_iterator():
    """Outside mm/, nobody touches struct mm's region set (mm->regions):
    regions are walked with mm_first_region/mm_next_region and looked up
    with mm_find_region/mm_region_from."""
    bad = []
    for path, text in sources(OTHER_FOLDERS):
        for n, line in code_lines(text):
            if re.search(r"(->|\.)regions\b", line):
                bad.append("%s:%d: %s" % (path, n, line.strip()))
    assert not bad, "region set used directly:\n" + "\n".join(bad)


def test_only_region_c_changes_the_tree():
    """The tree's links and subtree facts are written only by
    mm/region.c (everyone else changes regions through its functions)."""
    assign = r"\s*(=[^=]|\+\+|--|[-+|&]=)"
    patterns = [
        r"(->|\.)(height|sub_start|sub_end|sub_gap)" + assign,     # subtree facts
        r"\b(r|a|area|vma|below|upper)->(left|right|prev|next)" + assign,
        r"regions\.(root|first|last|count)" + assign,             # the set itself
    ]
    bad = []
    for path, text in sources(["mm"] + OTHER_FOLDERS):
        if path == os.path.join("mm", "region.c"):
            continue
        for n, line in code_lines(text):
            if any(re.search(p, line) for p in patterns):
                bad.append("%s:%d: %s" % (path, n, line.strip()))
    assert not bad, "region tree written outside mm/region.c:\n" + "\n".join(bad)


def test_fault_in_is_declared_in_fault_h():
    """fault_in() belongs to mm/fault.h (mm/uaccess.c and mm/fault.c use
    it), not to the public mm/mm.h."""
    with open(os.path.join(ROOT, "mm", "fault.h"), encoding="utf-8") as f:
        assert re.search(r"^int fault_in\(", f.read(), re.MULTILINE)
    with open(os.path.join(ROOT, "mm", "mm.h"), encoding="utf-8") as f:
        assert "fault_in(" not in "".join(l for _, l in code_lines(f.read()))
