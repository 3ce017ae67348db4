r"""tests/terminal.py - what a terminal would show for a byte stream.

Tests that type at Pagoda's console (the line editor, full-screen
programs) get back the raw bytes of the serial port: text mixed with
carriage returns, backspaces and ANSI escape sequences.  Screen turns
them into the rows a VT100-style terminal (xterm) would display, so a
test can assert on what a student sees:

    s = Screen(cols=80)
    s.feed(b"$ echo wrld\r$ echo world\x1b[K\r\x1b[7C")
    s.lines()        # ['$ echo world']
    s.cursor         # (0, 7)

Understood: printable text (wrapping at the right margin, xterm's way:
the wrap happens when the next character comes), CR, LF, BS, TAB, BEL
(ignored), and CSI sequences ESC [ params final for cursor movement
(A B C D, H and f with row;col), erasing (K with 0/1/2, J with 0/1/2)
and SGR (m, ignored).  The screen has no bottom: rows are never scrolled
away, so everything since the last ESC [ 2 J stays inspectable.  Any
other escape sequence is recorded in .unknown (a test can require it to
stay empty: nothing the terminal would not understand was sent).
"""
import re

CSI_RE = re.compile(rb"\x1b\[([0-9;?]*)([ -/]*)([@-~])")


class Screen:
    """The rows a terminal shows, and where its cursor is."""

    def __init__(self, cols=80):
        self.cols = cols
        self.rows = [[]]
        self.row, self.col = 0, 0
        self.pending_wrap = False
        self.unknown = []             # escape sequences not understood

    @property
    def cursor(self):
        return (self.row, self.col)

    def lines(self):
        """The rows as strings, trailing blanks removed."""
        return ["".join(r).rstrip() for r in self.rows]

    def text(self):
        """All rows, joined by newlines, trailing empty rows dropped."""
        return "\n".join(self.lines()).rstrip("\n")

    def _row(self, n):
        while len(self.rows) <= n:
            self.rows.append([])
        return self.rows[n]

    def _put(self, ch):
        if self.pending_wrap:
            self.row, self.col = self.row + 1, 0
            self.pending_wrap = False
        r = self._row(self.row)
        while len(r) < self.col:
            r.append(" ")
        if self.col < len(r):
            r[self.col] = ch
        else:
            r.append(ch)
        if self.col == self.cols - 1:
            self.pending_wrap = True       # xterm: wrap on the next char
        else:
            self.col += 1

    def _csi(self, params, final):
        nums = [int(p) if p.isdigit() else 0
                for p in params.lstrip("?").split(";")] if params else []
        n = nums[0] if nums and nums[0] > 0 else 1
        self.pending_wrap = False
        if final == "A":
            self.row = max(0, self.row - n)
        elif final == "B":
            self.row += n
        elif final == "C":
            self.col = min(self.cols - 1, self.col + n)
        elif final == "D":
            self.col = max(0, self.col - n)
        elif final in "Hf":
            r = nums[0] if nums and nums[0] > 0 else 1
            c = nums[1] if len(nums) > 1 and nums[1] > 0 else 1
            self.row, self.col = r - 1, min(self.cols - 1, c - 1)
        elif final == "K":
            self._erase_in_row(nums[0] if nums else 0)
        elif final == "J":
            self._erase_in_screen(nums[0] if nums else 0)
        elif final == "m":
            pass
        else:
            self.unknown.append("ESC[" + params + final)

    def _erase_in_row(self, mode):
        r = self._row(self.row)
        if mode == 0:
            del r[self.col:]
        elif mode == 1:
            for i in range(min(self.col + 1, len(r))):
                r[i] = " "
        else:
            r.clear()

    def _erase_in_screen(self, mode):
        if mode == 2:
            self.rows = [[] for _ in self.rows]
            return
        self._erase_in_row(mode)
        if mode == 0:
            del self.rows[self.row + 1:]
        else:
            for i in range(self.row):
                self.rows[i] = []

    def feed(self, data):
        """Interpret bytes (or a str) as the terminal would."""
        if isinstance(data, str):
            data = data.encode("latin-1")
        i = 0
        while i < len(data):
            b = data[i]
            if b == 0x1b:
                m = CSI_RE.match(data, i)
                if m:
                    self._csi(m.group(1).decode(), m.group(3).decode())
                    i = m.end()
                    continue
                self.unknown.append(repr(data[i:i + 3]))
                i += 2 if i + 1 < len(data) else 1
                continue
            if b == 0x0d:
                self.col, self.pending_wrap = 0, False
            elif b == 0x0a:
                self.row, self.pending_wrap = self.row + 1, False
                self._row(self.row)
            elif b == 0x08:
                self.col, self.pending_wrap = max(0, self.col - 1), False
            elif b == 0x09:
                self.col = min(self.cols - 1, (self.col // 8 + 1) * 8)
            elif b == 0x07:
                pass
            elif b >= 0x20:
                self._put(chr(b))
            i += 1
        return self
