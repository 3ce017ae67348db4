/*
 * tests/unit/test_lineedit.c - the line editor's pure logic (libc's
 * lineedit_keys.c, lineedit_line.c, lineedit_history.c,
 * lineedit_complete.c and lineedit_candidates.c): bytes as a terminal
 * sends them go through the key decoder into le_edit, and the line and
 * cursor are checked after each; history and completion at their caps.
 * The terminal side (lineedit.c: raw mode, drawing) is tested by booting
 * Pagoda, tests/test_lineedit.py.
 */
#include "tests/unit/unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "libc/lineedit_keys.c"
#include "libc/lineedit_line.c"
#include "libc/lineedit_history.c"
#include "libc/lineedit_complete.c"
#include "libc/lineedit_candidates.c"

static struct le_history hist;
static struct le_state st;
static struct le_decoder dec;
static enum le_action last_action;

/* A fresh, empty line (history kept unless cleared). */
static void start(void)
{
    memset(&dec, 0, sizeof dec);
    le_state_reset(&st, &hist);
}

/* Type bytes: decode each, apply each key; remember the last action. */
static void type_n(const char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int key = le_decode(&dec, (unsigned char)bytes[i]);
        if (key != LE_KEY_PENDING)
            last_action = le_edit(&st, key);
    }
}

static void type(const char *bytes)
{
    type_n(bytes, strlen(bytes));
}

/* The line is `text` with the cursor before text[pos]. */
#define LINE_IS(want, at)                                                   \
    CHECK(strcmp(st.line.text, want) == 0 && st.line.pos == (size_t)(at) && \
          st.line.len == strlen(want),                                      \
          "line \"%s\" cursor %zu, expected \"%s\" cursor %d",              \
          st.line.text, st.line.pos, want, at)

/* Decode a whole string to its keys; returns how many, in keys[]. */
static int decode_all(const char *bytes, int *keys, int max)
{
    struct le_decoder d = { 0 };
    int n = 0;
    for (; *bytes; bytes++) {
        int k = le_decode(&d, (unsigned char)*bytes);
        if (k != LE_KEY_PENDING && n < max)
            keys[n++] = k;
    }
    return n;
}

/* Each sequence decodes to exactly one key. */
static void test_decode_known(void)
{
    group_begin("decode_known_sequences");
    static const struct { const char *seq; int key; } table[] = {
        { "\x1b[A", LE_KEY_UP }, { "\x1b[B", LE_KEY_DOWN },
        { "\x1b[C", LE_KEY_RIGHT }, { "\x1b[D", LE_KEY_LEFT },
        { "\x1bOA", LE_KEY_UP }, { "\x1bOB", LE_KEY_DOWN },
        { "\x1bOC", LE_KEY_RIGHT }, { "\x1bOD", LE_KEY_LEFT },
        { "\x1b[H", LE_KEY_HOME }, { "\x1b[F", LE_KEY_END },
        { "\x1bOH", LE_KEY_HOME }, { "\x1bOF", LE_KEY_END },
        { "\x1b[1~", LE_KEY_HOME }, { "\x1b[7~", LE_KEY_HOME },
        { "\x1b[4~", LE_KEY_END }, { "\x1b[8~", LE_KEY_END },
        { "\x1b[3~", LE_KEY_DELETE },
        { "\x1b[1;5C", LE_KEY_WORD_RIGHT }, { "\x1b[1;5D", LE_KEY_WORD_LEFT },
        { "\x1b[1;3C", LE_KEY_WORD_RIGHT }, { "\x1b[1;2C", LE_KEY_RIGHT },
        { "\x1b" "b", LE_KEY_WORD_LEFT }, { "\x1b" "f", LE_KEY_WORD_RIGHT },
        { "\x1b" "d", LE_KEY_KILL_WORD_RIGHT }, { "\x1b\x7f", LE_KEY_KILL_WORD_LEFT },
        { "a", 'a' }, { "\x01", LE_CTRL('A') }, { "\x7f", LE_DEL }, { "\r", '\r' },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        int keys[8];
        int n = decode_all(table[i].seq, keys, 8);
        CHECK(n == 1 && keys[0] == table[i].key,
              "entry %zu: %d keys, first %d, expected %d", i, n, n ? keys[0] : -2,
              table[i].key);
    }
    group_end();
}

/* Unknown sequences become one LE_KEY_IGNORED, whatever their length,
 * and the byte after them is a key of its own. */
static void test_decode_unknown(void)
{
    group_begin("decode_unknown_swallowed");
    static const char *unknown[] = {
        "\x1b[15~",           /* F5 */
        "\x1b[200~",          /* bracketed paste start */
        "\x1b[?1;2c",         /* a device attributes report */
        "\x1b[5;9;9;9;9;9~",  /* more parameters than we keep */
        "\x1b[99999999999999~", /* a parameter that would overflow */
        "\x1b[ q",            /* an intermediate byte (DECSCUSR) */
        "\x1bOP",             /* F1 */
        "\x1b[Z",             /* Shift-Tab */
        "\x1bx",              /* Alt-x */
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%sz", unknown[i]);
        int keys[8];
        int n = decode_all(buf, keys, 8);
        CHECK(n == 2 && keys[0] == LE_KEY_IGNORED && keys[1] == 'z',
              "sequence %zu: %d keys (%d, %d)", i, n, keys[0], n > 1 ? keys[1] : -2);
    }
    int keys[8];
    int n = decode_all("\x1b\x1b[A", keys, 8);
    CHECK(n == 1 && keys[0] == LE_KEY_UP, "ESC ESC [ A: %d keys, first %d", n, keys[0]);
    /* A control byte inside a CSI ends it and counts as itself. */
    n = decode_all("\x1b[1\x03x", keys, 8);
    CHECK(n == 2 && keys[0] == LE_CTRL('C') && keys[1] == 'x', "%d keys", n);
    /* Nothing of an unknown sequence reaches the line. */
    start();
    type("ab\x1b[15~\x1b[?1;2c\x1bOP\x1b[200~c");
    LINE_IS("abc", 3);
    group_end();
}

/* Insert, move and delete in the middle of the line. */
static void test_edit_middle(void)
{
    group_begin("edit_in_the_middle");
    start();
    type("echo wrld");
    type("\x1b[D\x1b[D\x1b[D");          /* Left x3: before "rld" */
    LINE_IS("echo wrld", 6);
    type("o");
    LINE_IS("echo world", 7);
    type("\x01");                        /* ^A */
    LINE_IS("echo world", 0);
    type("\x1b[3~\x1b[3~\x1b[3~\x1b[3~\x1b[3~");   /* Delete x5 */
    LINE_IS("world", 0);
    type("\x05");                        /* ^E */
    LINE_IS("world", 5);
    type("\x7f\x08");                    /* DEL and ^H: backspace */
    LINE_IS("wor", 3);
    type("\x1b[H" "[" "\x1b[F" "]" "\x1bOH" "<" "\x1bOF" ">" "\x1b[1~" "(" "\x1b[4~" ")");
    LINE_IS("(<[wor]>)", 9);
    type("\x02\x02\x06");                /* ^B ^B ^F */
    LINE_IS("(<[wor]>)", 8);
    group_end();
}

/* The keys that can do nothing say so (a bell), and change nothing. */
static void test_edges(void)
{
    group_begin("edges_do_nothing");
    start();
    type("\x7f");
    CHECK(last_action == LE_BELL, "backspace on empty: %d", last_action);
    type("\x1b[D");
    CHECK(last_action == LE_BELL, "left at 0: %d", last_action);
    type("ab");
    type("\x1b[C");
    CHECK(last_action == LE_BELL, "right at end: %d", last_action);
    type("\x1b[3~");
    CHECK(last_action == LE_BELL, "delete at end: %d", last_action);
    LINE_IS("ab", 2);
    type("\x04");                        /* ^D on a non-empty line, at end */
    CHECK(last_action == LE_BELL, "^D at end: %d", last_action);
    type("\x01\x04");                    /* ^D deletes under the cursor */
    LINE_IS("b", 0);
    type("\x04");
    LINE_IS("", 0);
    type("\x04");
    CHECK(last_action == LE_EOF, "^D on empty: %d", last_action);
    type("\x03");
    CHECK(last_action == LE_INTERRUPT, "^C: %d", last_action);
    type("\x0c");
    CHECK(last_action == LE_CLEAR_SCREEN, "^L: %d", last_action);
    type("\t");
    CHECK(last_action == LE_COMPLETE, "Tab: %d", last_action);
    type("\r");
    CHECK(last_action == LE_ACCEPT, "CR: %d", last_action);
    type("\n");
    CHECK(last_action == LE_ACCEPT, "LF: %d", last_action);
    type("\x80\xff\x1c\x12");            /* not ASCII; ^\ and ^R unbound */
    LINE_IS("", 0);
    group_end();
}

/* ^K ^U ^W Alt-d Alt-Backspace cut, ^Y puts the last cut back. */
static void test_kill_yank(void)
{
    group_begin("kill_and_yank");
    start();
    type("ls -l /bin /tmp");
    type("\x17");                        /* ^W: the blank-separated word */
    LINE_IS("ls -l /bin ", 11);
    type("\x17");
    LINE_IS("ls -l ", 6);
    type("\x19");                        /* ^Y */
    LINE_IS("ls -l /bin ", 11);
    type("\x01\x1b[C\x1b[C\x0b");        /* ^A, Right x2, ^K */
    LINE_IS("ls", 2);
    type("\x19");
    LINE_IS("ls -l /bin ", 11);
    type("\x1b[D\x15");                  /* Left, ^U: all before the cursor */
    LINE_IS(" ", 0);
    type("\x0b");
    LINE_IS("", 0);
    type("cat foo.bar");
    type("\x1b\x7f");                    /* Alt-Backspace: an alnum word */
    LINE_IS("cat foo.", 8);
    type("\x1b" "b" "\x1b" "b");         /* Alt-b x2 */
    LINE_IS("cat foo.", 0);
    type("\x1b" "d");                    /* Alt-d */
    LINE_IS(" foo.", 0);
    type("\x1b" "f");
    LINE_IS(" foo.", 4);
    type("\x1b[1;5D");
    LINE_IS(" foo.", 1);
    type("\x15");                        /* ^U: only " " */
    type("\x19");
    LINE_IS(" foo.", 1);
    group_end();
}

/* Up and Down: newest first, the typed line kept, the ends ring. */
static void test_history_browse(void)
{
    group_begin("history_browse");
    le_history_clear(&hist);
    le_history_add(&hist, "first");
    le_history_add(&hist, "second");
    start();
    type("draft");
    type("\x1b[A");
    LINE_IS("second", 6);
    type("\x10");                        /* ^P */
    LINE_IS("first", 5);
    type("\x1b[A");
    CHECK(last_action == LE_BELL, "Up past the oldest: %d", last_action);
    LINE_IS("first", 5);
    type("X");                           /* edit, then leave: edit dropped */
    type("\x1b[B");
    LINE_IS("second", 6);
    type("\x1b[A");
    LINE_IS("first", 5);
    type("\x0e\x0e");                    /* ^N ^N: back to the draft */
    LINE_IS("draft", 5);
    type("\x1b[B");
    CHECK(last_action == LE_BELL, "Down past the draft: %d", last_action);
    type("\x1bOA");                      /* SS3 Up */
    LINE_IS("second", 6);
    CHECK(strcmp(le_history_get(&hist, 1), "second") == 0 &&
          strcmp(le_history_get(&hist, 2), "first") == 0 &&
          le_history_get(&hist, 3) == NULL && le_history_get(&hist, 0) == NULL,
          "the history itself changed");
    group_end();
}

/* No empty lines, no repeat of the newest; at most 500, oldest out. */
static void test_history_cap(void)
{
    group_begin("history_cap_500");
    le_history_clear(&hist);
    CHECK(le_history_add(&hist, "") == 0, "empty line added");
    CHECK(le_history_add(&hist, "a") == 1 && le_history_add(&hist, "a") == 0,
          "a repeat of the newest was added");
    CHECK(le_history_add(&hist, "b") == 1 && le_history_add(&hist, "a") == 1,
          "an older repeat was refused");
    CHECK(hist.count == 3, "count %d", hist.count);
    le_history_clear(&hist);
    char buf[16];
    for (int i = 0; i < LE_HISTORY_MAX; i++) {
        snprintf(buf, sizeof buf, "cmd %d", i);
        le_history_add(&hist, buf);
    }
    CHECK(hist.count == 500, "count %d after 500", hist.count);
    CHECK(strcmp(le_history_get(&hist, 500), "cmd 0") == 0, "oldest is %s",
          le_history_get(&hist, 500));
    CHECK(le_history_add(&hist, "cmd 500") == 1, "the 501st");
    CHECK(hist.count == 500, "count %d after 501", hist.count);
    CHECK(strcmp(le_history_get(&hist, 500), "cmd 1") == 0, "oldest is %s",
          le_history_get(&hist, 500));
    CHECK(strcmp(le_history_get(&hist, 1), "cmd 500") == 0, "newest is %s",
          le_history_get(&hist, 1));
    start();
    for (int i = 0; i < 500; i++)
        type("\x1b[A");
    LINE_IS("cmd 1", 5);
    type("\x1b[A");
    CHECK(last_action == LE_BELL, "Up at the 500th: %d", last_action);
    le_history_clear(&hist);
    group_end();
}

/* A line holds LE_LINE_MAX bytes; more are refused, nothing changes. */
static void test_line_cap(void)
{
    group_begin("line_cap_4095");
    static char big[LE_LINE_MAX + 2];
    memset(big, 'x', LE_LINE_MAX);
    big[LE_LINE_MAX] = '\0';
    start();
    type(big);
    CHECK(st.line.len == LE_LINE_MAX && st.line.pos == LE_LINE_MAX, "len %zu", st.line.len);
    type("y");
    CHECK(last_action == LE_BELL && st.line.len == LE_LINE_MAX &&
          st.line.text[LE_LINE_MAX] == '\0' && !strchr(st.line.text, 'y'),
          "the 4096th byte: action %d, len %zu", last_action, st.line.len);
    type("\x17\x19\x19");                /* cut all, yank twice: one fits */
    CHECK(st.line.len == LE_LINE_MAX && last_action == LE_BELL, "yank: len %zu", st.line.len);
    big[LE_LINE_MAX] = 'z';
    big[LE_LINE_MAX + 1] = '\0';
    le_line_set(&st.line, big);          /* set cuts to the cap */
    CHECK(st.line.len == LE_LINE_MAX && st.line.text[LE_LINE_MAX - 1] == 'x',
          "set: len %zu", st.line.len);
    group_end();
}

/* Candidates, added by hand. */
static void add_all(struct lineedit_completions *c, const char **words)
{
    for (; *words; words++)
        lineedit_add_completion(c, *words);
    le_completions_sort(c);
}

/* Tab's replacement of the word before the cursor. */
static void test_complete_apply(void)
{
    group_begin("complete_apply");
    static struct lineedit_completions c;
    CHECK(le_word_start("ls -l /bi", 9) == 6, "word start %zu", le_word_start("ls -l /bi", 9));
    CHECK(le_word_start("a|cowd", 6) == 2 && le_word_start("x;y", 3) == 2 &&
          le_word_start("(sl", 3) == 1 && le_word_start("cat<RE", 6) == 4 &&
          le_word_start("", 0) == 0, "operators end words");

    start();
    type("cowd");
    add_all(&c, (const char *[]){ "cowdemo", NULL });
    CHECK(le_complete_apply(&st.line, 0, &c) == LE_COMPLETED, "unique");
    LINE_IS("cowdemo ", 8);
    le_completions_free(&c);

    start();
    type("ls /b");
    add_all(&c, (const char *[]){ "/bin/", NULL });
    le_complete_apply(&st.line, 3, &c);
    LINE_IS("ls /bin/", 8);              /* a directory: no space */
    le_completions_free(&c);

    start();
    type("s x");
    type("\x1b[D\x1b[D");                /* the cursor after "s" */
    add_all(&c, (const char *[]){ "stackdemo", "segvdemo", "setarch", "sh", "sleep", NULL });
    CHECK(c.count == 5 && strcmp(c.word[0], "segvdemo") == 0, "sorted: %s", c.word[0]);
    CHECK(le_complete_apply(&st.line, 0, &c) == LE_AMBIGUOUS, "nothing to add");
    LINE_IS("s x", 1);
    le_completions_free(&c);
    add_all(&c, (const char *[]){ "segvdemo", "setarch", "segvdemo", NULL });
    CHECK(c.count == 2, "repeats kept: %d", c.count);
    CHECK(le_complete_apply(&st.line, 0, &c) == LE_COMPLETED, "prefix");
    LINE_IS("se x", 2);                  /* the text after the cursor stays */
    le_completions_free(&c);
    CHECK(le_complete_apply(&st.line, 0, &c) == LE_NO_MATCH, "no candidates");

    size_t len;
    const char *d = le_completion_display("/bin/", &len);
    CHECK(len == 4 && strncmp(d, "bin/", 4) == 0, "display /bin/: %.*s", (int)len, d);
    d = le_completion_display("/bin/ls", &len);
    CHECK(len == 2 && strncmp(d, "ls", 2) == 0, "display /bin/ls: %.*s", (int)len, d);
    d = le_completion_display("README", &len);
    CHECK(len == 6 && d[0] == 'R', "display README");
    group_end();
}

/* At most 1024 candidates, and a completion that would overflow the
 * line changes nothing. */
static void test_complete_caps(void)
{
    group_begin("complete_caps");
    static struct lineedit_completions c;
    char w[16];
    for (int i = 0; i < LE_COMPLETIONS_MAX + 5; i++) {
        snprintf(w, sizeof w, "w%04d", i);
        lineedit_add_completion(&c, w);
    }
    CHECK(c.count == 1024 && c.full, "count %d full %d", c.count, c.full);
    le_completions_free(&c);
    CHECK(c.count == 0 && !c.full, "freed");

    static char big[LE_LINE_MAX + 1];
    memset(big, 'x', LE_LINE_MAX - 3);
    big[LE_LINE_MAX - 3] = '\0';
    start();
    type(big);
    type(" ab");                         /* exactly full */
    add_all(&c, (const char *[]){ "abc", NULL });
    CHECK(le_complete_apply(&st.line, LE_LINE_MAX - 2, &c) == LE_NO_MATCH, "overflow");
    CHECK(st.line.len == LE_LINE_MAX && st.line.text[LE_LINE_MAX - 1] == 'b', "changed");
    le_completions_free(&c);
    group_end();
}

/* Candidates from a real directory: paths, hidden files, $PATH. */
static void test_candidates(void)
{
    group_begin("candidates_from_files");
    char dir[] = "/tmp/pagoda-lineedit-XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL, "mkdtemp");
    char p[256];
    static const char *files[] = { "alpha", "alpine.sh", ".hidden", "beta" };
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        FILE *f = fopen(p, "w");
        REQUIRE(f != NULL, "create %s", p);
        fclose(f);
        chmod(p, i == 1 ? 0755 : 0644);
    }
    snprintf(p, sizeof p, "%s/alps", dir);
    mkdir(p, 0755);

    static struct lineedit_completions c;
    snprintf(p, sizeof p, "%s/al", dir);
    lineedit_complete_paths(&c, p);
    le_completions_sort(&c);
    CHECK(c.count == 3, "%d paths for al", c.count);
    if (c.count == 3) {
        CHECK(strcmp(c.word[2] + strlen(dir), "/alps/") == 0, "dir: %s", c.word[2]);
        CHECK(strcmp(c.word[0] + strlen(dir), "/alpha") == 0, "file: %s", c.word[0]);
    }
    le_completions_free(&c);

    snprintf(p, sizeof p, "%s/", dir);
    lineedit_complete_paths(&c, p);
    CHECK(c.count == 4, "%d entries without the hidden one", c.count);
    le_completions_free(&c);
    snprintf(p, sizeof p, "%s/.h", dir);
    lineedit_complete_paths(&c, p);
    CHECK(c.count == 1, "%d for .h", c.count);
    le_completions_free(&c);

    /* Commands: only executable regular files, from each PATH entry. */
    char path[300];
    snprintf(path, sizeof path, "/nonexistent:%s:%s", dir, dir);
    lineedit_complete_commands(&c, "al", path);
    le_completions_sort(&c);
    CHECK(c.count == 1 && strcmp(c.word[0], "alpine.sh") == 0, "%d commands, first %s",
          c.count, c.count ? c.word[0] : "-");
    le_completions_free(&c);

    /* Relative paths come back relative, as typed. */
    char cwd[256];
    REQUIRE(getcwd(cwd, sizeof cwd) != NULL, "getcwd");
    REQUIRE(chdir(dir) == 0, "chdir");
    lineedit_complete_paths(&c, "be");
    CHECK(c.count == 1 && strcmp(c.word[0], "beta") == 0, "relative: %s",
          c.count ? c.word[0] : "-");
    le_completions_free(&c);
    lineedit_complete_default("cat al", 4, 6, &c);
    CHECK(c.count == 3, "default, an argument: %d paths", c.count);
    le_completions_free(&c);
    CHECK(chdir(cwd) == 0, "chdir back");

    CHECK(lineedit_command_position("ls", 0) && lineedit_command_position("a | b", 4) &&
          lineedit_command_position("a;b", 2) && lineedit_command_position("a && b", 5) &&
          lineedit_command_position("( b", 2) && !lineedit_command_position("ls b", 3),
          "command positions");

    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/alps", dir);
    rmdir(p);
    rmdir(dir);
    group_end();
}

int main(void)
{
    test_decode_known();
    test_decode_unknown();
    test_edit_middle();
    test_edges();
    test_kill_yank();
    test_history_browse();
    test_history_cap();
    test_line_cap();
    test_complete_apply();
    test_complete_caps();
    test_candidates();
    le_history_clear(&hist);
    return unit_exit();
}
