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
import shutil
import subprocess

import pytest

from tests.qemu import BUILD, Qemu, boot, expect, expect_status, tail

pytestmark = pytest.mark.usefixtures("kernel_elf")   # fail early if unbuilt

INITRDS = [os.path.join(BUILD, "initrd.cpio"), os.path.join(BUILD, "tests.cpio")]
PROMPT = r"^\$ "          # the shell's prompt, at the start of a line


class Shell:
    """An interactive shell on a freshly booted Pagoda."""

    def __init__(self, append="init=/bin/sh", extra_initrd=()):
        for path in INITRDS:
            if not os.path.exists(path):
                pytest.fail("%s is missing: run `make` first" % path,
                            pytrace=False)
        self.q = Qemu(append=append, initrd=INITRDS + list(extra_initrd),
                      interactive=True)
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


# ---------------------------------------------------------------------
# The shell language.  Each script below is POSIX sh: our sh (a Linux
# binary) runs it natively on this host beside dash, in an empty
# directory, and both must print the same and exit with the same status.
# A few then run inside Pagoda too (test_constructs_in_pagoda).

SCRIPTS = {
    "if": """
x=3
if [ $x -eq 3 ]; then echo three; elif [ $x = 4 ]; then echo four; else echo other; fi
if false; then echo no; elif true; then echo elif-ok; fi
if false; then echo no; else echo else-ok; fi
if false; then echo no; fi; echo "status $?"
if true
then
  echo multi-line
fi
""",
    "while_until": """
i=0
while [ $i -lt 5 ]; do i=$((i + 1)); echo "i=$i"; done
n=
until [ "$n" = xxx ]; do n=${n}x; echo $n; done
while false; do echo never; done; echo "status $?"
""",
    "for": """
for w in a b "c d"; do echo "w=$w"; done
set -- p "q r" s
for a; do echo "arg $a"; done
for a in; do echo never; done
echo "count $#"
for i in 1 2 3
do
  echo "line $i"
done
""",
    "break_continue": """
for i in 1 2 3 4 5; do
  if [ $i = 2 ]; then continue; fi
  if [ $i = 4 ]; then break; fi
  echo "loop $i"
done
for i in 1 2; do for j in a b c; do if [ $j = b ]; then continue 2; fi; echo "$i$j"; done; done
for i in 1 2; do for j in a b c; do if [ $j = b ]; then break 2; fi; echo "$i$j"; done; done
i=0; while true; do i=$((i+1)); [ $i -ge 3 ] && break; done; echo "broke at $i"
""",
    "case": """
case hello in h*o) echo "case glob";; *) echo no;; esac
case abc in x|a?c) echo alt;; esac
case "a*" in 'a*') echo quoted-star;; esac
case "ab" in 'a*') echo wrong;; a*) echo unquoted-star;; esac
case b in [abc]) echo bracket;; esac
case z in [!abc]) echo negbracket;; esac
case 5 in [0-9]) echo range;; esac
v=x; case $v in (x) echo paren-pattern;; esac
case nothing in a) echo no;; esac; echo "status $?"
case multi in
  m*)
    echo first
    ;;
  *)
    echo second
    ;;
esac
""",
    "functions": """
f() { echo "f: $# [$1] [$2]"; return 7; }
f one "two three"; echo "status $?"
g() {
  local v=inner
  echo "g sees $v"
}
v=outer; g; echo "after g $v"
fact() {
  if [ $1 -le 1 ]; then echo 1; return; fi
  r=$(fact $(($1 - 1)))
  echo $(($1 * r))
}
fact 6
set -- a b c
h() { echo "inside $#"; shift; echo "then $1"; }
h x y; echo "outside $# $1"
early() { for i in 1 2 3; do [ $i = 2 ] && return 5; echo "e$i"; done; }
early; echo "early $?"
""",
    "group_redir_not": """
{ echo g1; echo g2; } | cat
{ echo redir; } > out.txt; cat out.txt
if true; then echo in-if; fi > out2.txt; cat out2.txt
for i in 1 2; do echo "f$i"; done > out3.txt; cat out3.txt
! false && echo negated
! true || echo negated-true
( echo sub; exit 3 ); echo "sub status $?"
""",
    "test": """
test -d / && echo isdir
test -f /nonexistent || echo notfile
test -e / && echo exists
[ -z "" ] && echo empty
[ -n "x" ] && echo nonempty
[ a != b -a 1 -lt 2 ] && echo and
[ a = b -o 1 -lt 2 ] && echo or
[ ! a = b ] && echo not
[ 3 -ge 3 ] && [ 3 -le 3 ] && [ 4 -gt 3 ] && [ 3 -ne 4 ] && echo ints
[ abc ] && echo nonempty-string
[ "" ] || echo empty-string
echo x > f; [ -s f ] && echo nonempty-file; [ -r f ] && [ -w f ] && echo rw
[ -x f ] || echo not-exec
test; echo "no args $?"
""",
    "read": """
echo "one two three" > in.txt
read p1 p2 < in.txt; echo "[$p1] [$p2]"
read a b c d < in.txt; echo "[$a] [$b] [$c] [$d]"
echo l1 > lines.txt; echo l2 >> lines.txt; echo l3 >> lines.txt
while read line; do echo "got $line"; done < lines.txt
echo "x y" | { read u v; echo "$v$u"; }
read none < /dev/null; echo "eof $?"
""",
    "glob": """
: > g1.x; : > g2.x; : > g3.y; : > .hidden.x
mkdir d; : > d/a.c; : > d/b.c
echo *.x
echo g?.*
echo [g]*.y
echo nomatch*.z
echo "*.x" '*'.x
echo d/*.c
echo */*.c
echo .h*
for f in g*; do echo "file $f"; done
: > '[g1.x'; echo [g1.x [ g[
""",
    "arith_params": """
echo $((2 * 3 + 4)) $(( (1+2)*3 )) $((7 / 2)) $((7 % 3)) $((-5 + 2)) $((1 << 4))
echo $((3 > 2)) $((0x10)) $((1 && 0)) $((0 || 5)) $((!0)) $((6 & 3)) $((6 | 3))
x=5; echo $(( x * x )) "$((x-1))" $(($x+1))
: $((y = 42)); echo $y
set -- a b c d; shift 2; echo "$# $1 $*"
true; echo $?; false; echo $?
: ; echo colon $?
""",
    "set_e": """
set -e
false || echo "or is fine"
if false; then :; fi
! true
echo before
false
echo never
""",
    "braces": """
unset u; e=; s=val
echo "${u:-def}" "${e:-edef}" "${e-notused}" "${s:-x}" "${u-dash}"
echo "${s:+alt}" "[${u:+alt}]" "[${e+set-empty}]"
echo "${u:=assigned}" "$u"
echo ${#s} ${#u} "${#e}"
set -- one two three
echo "${1}" "${3:-no}" "${5:-none}" ${#}
for w in ${u2:-a b c}; do echo "w $w"; done
echo "${x:-"quoted word"}"
(: ${zz:?custom message}) 2>/dev/null; echo "status $?"
p=/usr/local/lib/file.tar.gz
echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*} ${p#nomatch} ${p%/*}
x=aaa; echo ${x#a} ${x##a*} [${x%%a*}] ${x%a} "${p##*.}"
f=report.txt; echo "${f%.txt}.md" ${f%"."*}
""",
    "heredoc": """
x=world
cat <<EOF
hello $x
  indented "quotes" 'single'
sum $((1+2)) cmd $(echo sub)
escaped \\$x and \\\\ back
EOF
cat <<'EOF'
no $x expansion $(echo no)
EOF
cat <<-EOF
	tab stripped $x
	EOF
cat <<EOF | cat
piped
EOF
f() {
  cat <<EOF
in function $1
EOF
}
f arg
while read a b; do echo "[$a] [$b]"; done <<EOF
1 2
3 4
EOF
cat <<A; cat <<B
first
A
second
B
cat <<EOF
EOF
echo end
""",
    "eval": """
cmd="echo evaluated"; eval $cmd
eval "y=5; echo \\$((y * 2))"
eval 'for i in 1 2; do echo "e$i"; done'
""",
    "dot": """
echo 'sourced=yes; echo "in dot $#"' > lib.sh
. ./lib.sh
echo "after $sourced"
""",
}


def run_native(shell, script, tmp_path, name):
    """Run script with shell in a fresh directory; (stdout, status)."""
    work = tmp_path / name
    work.mkdir()
    path = work / "script.sh"
    path.write_text(script)
    r = subprocess.run([shell, "script.sh"], cwd=work, capture_output=True,
                       text=True, timeout=30, stdin=subprocess.DEVNULL)
    return r.stdout, r.returncode


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_script_matches_dash(name, tmp_path):
    """Our sh and dash print the same for each script, and exit alike."""
    dash = shutil.which("dash")
    if not dash:
        pytest.skip("dash is not installed")
    ours = os.path.join(BUILD, "user", "sh")
    got = run_native(ours, SCRIPTS[name], tmp_path, "ours")
    want = run_native(dash, SCRIPTS[name], tmp_path, "dash")
    assert got == want, "ours: %r\ndash: %r" % (got, want)
    assert got[0].strip(), "the script printed nothing"


def test_scripts_in_pagoda_match_native(tmp_path):
    """Every script above, run by sh inside Pagoda (from an extra initrd
    holding /scripts), prints what it printed natively (where it matched
    dash) and exits with the same status."""
    tree = tmp_path / "tree"
    (tree / "scripts").mkdir(parents=True)
    for name, text in SCRIPTS.items():
        (tree / "scripts" / (name + ".sh")).write_text(text)
    cpio = str(tmp_path / "scripts.cpio")
    subprocess.run([os.path.join(os.path.dirname(BUILD), "tools", "mkinitrd"),
                    cpio, "--tree", str(tree)], check=True)
    ours = os.path.join(BUILD, "user", "sh")
    sh = Shell(extra_initrd=[cpio])
    for name in sorted(SCRIPTS):
        out, status = run_native(ours, SCRIPTS[name], tmp_path, name)
        got = sh.run("mkdir /tmp/%s; cd /tmp/%s; sh /scripts/%s.sh; echo status=$?; cd /"
                     % (name, name, name), timeout=60)
        assert got == out + "status=%d\n" % status, name
    run = sh.exit()
    expect_status(run, 0)


@pytest.mark.parametrize("text", ["if true; then fi", "while true; do done",
                                  "for i in 1; do done", "if ; then :; fi",
                                  "{ }", "case x in", "done", ")"])
def test_syntax_errors_like_dash(text, tmp_path):
    """Malformed constructs are syntax errors (status 2, nothing run) in
    our sh as in dash."""
    ours = subprocess.run([os.path.join(BUILD, "user", "sh"), "-c", text + "; echo ran"],
                          capture_output=True, text=True, timeout=10)
    assert ours.returncode == 2 and ours.stdout == "", ours
    assert "syntax error" in ours.stderr, ours.stderr
    if shutil.which("dash"):
        dash = subprocess.run(["dash", "-c", text + "; echo ran"],
                              capture_output=True, text=True, timeout=10)
        assert dash.returncode == 2 and dash.stdout == "", dash


def test_ctrl_c_stops_a_loop():
    """^C during a loop at the prompt stops the whole loop (the command
    dies of SIGINT and the rest of the line is abandoned), not just the
    command running at that moment."""
    sh = Shell()
    sh.type("while true; do sleep 5; done; echo not-reached")
    sh.q.send_bytes(b"\x03")
    prompt = sh.wait_for(PROMPT, timeout=10)
    assert "not-reached" not in sh.q.read_log()[sh.pos:prompt.end]
    sh.pos = prompt.end
    assert sh.run("echo alive") == "alive\n"
    run = sh.exit()
    expect_status(run, 0)


def test_constructs_in_pagoda():
    """The same constructs typed at Pagoda's console, one line each, and
    a multi-line for loop with the continuation prompt."""
    sh = Shell()
    assert sh.run("if [ 1 -lt 2 ]; then echo yes; else echo no; fi") == "yes\n"
    assert sh.run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done") == "1\n2\n3\n"
    assert sh.run("for w in a b c; do echo -n $w; done; echo") == "abc\n"
    assert sh.run("case pagoda in p*a) echo matched;; esac") == "matched\n"
    assert sh.run("sq() { echo $(($1 * $1)); }; sq 7; sq 12") == "49\n144\n"
    assert sh.run("cd /bin; echo c*; cd /") == "cat cowdemo\n"
    assert sh.run("{ echo one; echo two; } | cat") == "one\ntwo\n"
    # A construct over several lines: "> " until it is complete.
    for line in ["for i in 1 2 3", "do"]:
        sh.type(line)
        sh.pos = sh.wait_for(r"> ").end
    sh.type("echo n$i")
    sh.pos = sh.wait_for(r"> ").end
    out = sh.run("done")
    assert out == "n1\nn2\nn3\n", out
    # A script file with multi-line constructs.
    for line in ["echo 'f() {' > /tmp/s.sh", "echo '  echo in-f $1' >> /tmp/s.sh",
                 "echo '}' >> /tmp/s.sh", "echo 'for x in p q; do f $x; done' >> /tmp/s.sh"]:
        assert sh.run(line) == ""
    assert sh.run("sh /tmp/s.sh") == "in-f p\nin-f q\n"
    run = sh.exit()
    expect_status(run, 0)


def test_dollar_dollar_is_the_shell():
    """$$ is the shell's own pid (here init's: 1) in a pipeline's child,
    in ( ) and in $( ), as POSIX says; a child sh's $PPID is it too."""
    sh = Shell()
    assert sh.run("echo $$") == "1\n"
    assert sh.run("echo $$ | cat") == "1\n"
    assert sh.run("(echo $$)") == "1\n"
    assert sh.run("echo $(echo $$)") == "1\n"
    assert sh.run("sh -c 'echo $PPID'") == "1\n"
    # and a child shell has a $$ of its own
    out = sh.run("sh -c 'echo $$'")
    assert re.fullmatch(r"\d+\n", out) and out != "1\n", out
    run = sh.exit()
    expect_status(run, 0)


def test_poweroff_builtin():
    """poweroff switches the machine off through reboot(2): the kernel
    says so and QEMU exits by itself with status 0."""
    sh = Shell()
    run = sh.exit("poweroff")
    expect(run, r"^reboot: Power down")
    expect_status(run, 0)


def test_exit_of_login_shell_powers_off():
    """With the usual /bin/init, `exit 5` at the console's shell ends
    init with status 5 and the machine powers off; a script's exit (sh
    -c) only ends the script."""
    sh = Shell(append="")
    assert sh.run("sh -c 'exit 4'; echo still-here $?") == "still-here 4\n"
    run = sh.exit("exit 5")
    expect(run, r"^init exited with status 5")
    expect_status(run, 5)
