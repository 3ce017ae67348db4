/*
 * t_sharedtext - two runs of one program share their text.
 *
 * The program execs itself as a child and both compare the physical frame
 * behind main's code (read from /proc/self/pagemap): the page cache holds
 * each page of /tests/t_sharedtext once, and both map that same frame.
 * A private data page, once written, is each process's own.
 *
 *   sharedtext_same_frame    the text page is the same frame in both
 *   sharedtext_last_page     so is the last page of text, which the file
 *                            shares with what follows (rodata or data):
 *                            exec maps the page cache's page, as Linux does,
 *                            not a private copy
 *   sharedtext_private_data  a written data page is a different frame
 */
#include "vmcheck.h"

extern char etext[];             /* the end of text (the linker's symbol) */

static char data_page[PAGE] __attribute__((aligned(4096))) = { 1 };

int main(int argc, char **argv)
{
    data_page[0] = 2;                            /* make it our own copy */
    long long text = frame_of((void *)main), data = frame_of(data_page);
    const volatile char *text_end = (const char *)((unsigned long)etext - 1);
    (void)*text_end;                             /* fault the last text page in */
    long long last = frame_of((void *)text_end);
    if (argc > 1) {                              /* the child: report */
        say("%lld %lld %lld\n", text, data, last);
        return 0;
    }
    if (text < 0)
        return say("SKIP sharedtext_same_frame: /proc/self/pagemap unreadable\n"), 0;
    int out[2];
    pipe(out);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        char *child_argv[] = { argv[0], "child", NULL };
        execv(argv[0], child_argv);
        _exit(127);
    }
    close(out[1]);
    char buf[100] = "";
    int n = read(out[0], buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = '\0';
    int st;
    wait_for(pid, &st);
    long long ctext = -1, cdata = -1, clast = -1;
    char *end;
    ctext = strtoll(buf, &end, 10);
    cdata = strtoll(end, &end, 10);
    clast = strtoll(end, NULL, 10);
    CHECK("sharedtext_same_frame", ctext == text,
          "parent's text frame %lld, child's %lld", text, ctext);
    CHECK("sharedtext_last_page", clast == last && last > 0,
          "parent's last text frame %lld, child's %lld", last, clast);
    CHECK("sharedtext_private_data", cdata != data && cdata > 0,
          "parent's data frame %lld, child's %lld", data, cdata);
    return finish();
}
