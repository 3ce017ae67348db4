/*
 * echo - print the arguments, separated by spaces, and a newline.
 *
 *   echo [-n] [ARG...]      -n: no newline at the end
 */
#include <stdio.h>
#include <string.h>

/* Print the arguments. */
int main(int argc, char **argv)
{
    int newline = 1, i = 1;
    while (i < argc && strcmp(argv[i], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (int first = i; i < argc; i++) {
        if (i > first)
            putchar(' ');
        fputs(argv[i], stdout);
    }
    if (newline)
        putchar('\n');
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
