/*
 * stty - show or change the terminal's settings (termios).
 *
 *   stty                 the settings, as `stty -a` shows them
 *   stty -a              every flag this stty knows, and the special keys
 *   stty size            "ROWS COLUMNS"
 *   stty SETTING...      change them: raw, -raw (or cooked), sane, and
 *                        [-]echo [-]icanon [-]isig [-]iexten [-]echoe
 *                        [-]echoctl [-]opost [-]onlcr [-]icrnl [-]ixon
 *
 * A lesson in the line discipline: `stty -icanon` and every key reaches
 * the program at once; `stty -echo` and typing is not shown; `stty
 * -opost` and a newline no longer returns the cursor to column 0.  The
 * flag names are POSIX's (and GNU stty's); -a's layout follows GNU's
 * but shows only these flags.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/* A flag this stty can show and change: which word of termios, which bit. */
struct flag {
    const char *name;
    int word;                  /* 0 c_iflag, 1 c_oflag, 2 c_cflag, 3 c_lflag */
    tcflag_t bit;
};

static const struct flag flags[] = {
    { "icrnl", 0, ICRNL }, { "ixon", 0, IXON }, { "istrip", 0, ISTRIP },
    { "opost", 1, OPOST }, { "onlcr", 1, ONLCR },
    { "cread", 2, CREAD }, { "hupcl", 2, HUPCL }, { "clocal", 2, CLOCAL },
    { "isig", 3, ISIG }, { "icanon", 3, ICANON }, { "iexten", 3, IEXTEN },
    { "echo", 3, ECHO }, { "echoe", 3, ECHOE }, { "echok", 3, ECHOK },
    { "echonl", 3, ECHONL }, { "echoctl", 3, ECHOCTL }, { "echoke", 3, ECHOKE },
};
#define NFLAGS (sizeof(flags) / sizeof(flags[0]))

static tcflag_t *word_of(struct termios *t, int word)
{
    tcflag_t *words[] = { &t->c_iflag, &t->c_oflag, &t->c_cflag, &t->c_lflag };
    return words[word];
}

/* A special key as stty writes it: ^C, ^? for DEL, <undef> for none. */
static void print_key(const char *name, cc_t c)
{
    if (c == 0)
        printf("%s = <undef>; ", name);
    else if (c == 0x7f)
        printf("%s = ^?; ", name);
    else if (c < 0x20)
        printf("%s = ^%c; ", name, c + '@');
    else
        printf("%s = %c; ", name, c);
}

static void show(struct termios *t)
{
    struct winsize ws = { 24, 80, 0, 0 };
    ioctl(0, TIOCGWINSZ, &ws);
    printf("speed 38400 baud; rows %d; columns %d; line = %d;\n",
           ws.ws_row, ws.ws_col, t->c_line);
    static const struct { const char *name; int index; } keys[] = {
        { "intr", VINTR }, { "quit", VQUIT }, { "erase", VERASE }, { "kill", VKILL },
        { "eof", VEOF }, { "start", VSTART }, { "stop", VSTOP }, { "susp", VSUSP },
        { "werase", VWERASE }, { "lnext", VLNEXT },
    };
    for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        print_key(keys[i].name, t->c_cc[keys[i].index]);
    printf("min = %d; time = %d;\n", t->c_cc[VMIN], t->c_cc[VTIME]);
    for (int word = 0; word < 4; word++) {
        const char *sep = "";
        for (unsigned i = 0; i < NFLAGS; i++) {
            if (flags[i].word != word)
                continue;
            printf("%s%s%s", sep, *word_of(t, word) & flags[i].bit ? "" : "-", flags[i].name);
            sep = " ";
        }
        printf("\n");
    }
}

/* Linux's defaults (the line discipline's settings at boot). */
static void make_sane(struct termios *t)
{
    t->c_iflag = ICRNL | IXON;
    t->c_oflag = OPOST | ONLCR;
    t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

/* Apply one SETTING word; 0, or -1 if it is not one this stty knows. */
static int apply(struct termios *t, const char *word)
{
    if (strcmp(word, "raw") == 0) {
        cfmakeraw(t);
        return 0;
    }
    if (strcmp(word, "-raw") == 0 || strcmp(word, "cooked") == 0 || strcmp(word, "sane") == 0) {
        make_sane(t);
        return 0;
    }
    int off = word[0] == '-';
    for (unsigned i = 0; i < NFLAGS; i++) {
        if (strcmp(word + off, flags[i].name) != 0)
            continue;
        tcflag_t *w = word_of(t, flags[i].word);
        *w = off ? *w & ~flags[i].bit : *w | flags[i].bit;
        return 0;
    }
    return -1;
}

int main(int argc, char **argv)
{
    struct termios t;
    if (tcgetattr(0, &t) < 0) {
        perror("stty: 'standard input'");
        return 1;
    }
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-a") == 0)) {
        show(&t);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "size") == 0) {
        struct winsize ws = { 24, 80, 0, 0 };
        ioctl(0, TIOCGWINSZ, &ws);
        printf("%d %d\n", ws.ws_row, ws.ws_col);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        if (apply(&t, argv[i]) < 0) {
            fprintf(stderr, "stty: invalid argument '%s'\n", argv[i]);
            return 1;
        }
    }
    if (tcsetattr(0, TCSADRAIN, &t) < 0) {
        perror("stty: 'standard input'");
        return 1;
    }
    return 0;
}
