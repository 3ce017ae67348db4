/*
 * libc/getopt.c - parsing command-line options the POSIX way.
 *
 * optstring lists the option letters; a letter followed by ':' takes an
 * argument, either joined ("-ofile") or as the next word ("-o file").
 * Options may be grouped ("-la").  Parsing stops at the first word that
 * is not an option, or after "--".
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;                    /* the argument of the last option */
int optind = 1;                  /* the next argv element to look at */
int opterr = 1;                  /* print messages about bad options */
int optopt;                      /* the option letter that was bad */

static int nextchar;             /* position inside a group like -la */

/* Return the next option letter from argv, '?' for an unknown option or
 * a missing argument (':' instead if optstring starts with ':'), or -1
 * when the options are over (argv[optind] is then the first operand). */
int getopt(int argc, char *const argv[], const char *optstring)
{
    int quiet = optstring[0] == ':';
    if (optind == 0) {                  /* optind = 0 asks for a reset */
        optind = 1;
        nextchar = 0;
    }
    if (nextchar == 0) {
        if (optind >= argc || argv[optind][0] != '-' || argv[optind][1] == '\0')
            return -1;
        if (strcmp(argv[optind], "--") == 0) {
            optind++;
            return -1;
        }
        nextchar = 1;
    }
    const char *word = argv[optind];
    int c = (unsigned char)word[nextchar++];
    const char *spec = c != ':' ? strchr(optstring, c) : NULL;
    if (word[nextchar] == '\0') {       /* the group is used up */
        optind++;
        nextchar = 0;
    }
    if (!spec) {
        optopt = c;
        if (opterr && !quiet)
            fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
        return '?';
    }
    optarg = NULL;
    if (spec[1] == ':') {
        if (nextchar != 0) {            /* joined: -ofile */
            optarg = (char *)word + nextchar;
            optind++;
            nextchar = 0;
        } else if (optind < argc) {     /* separate: -o file */
            optarg = argv[optind++];
        } else {
            optopt = c;
            if (opterr && !quiet)
                fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
            return quiet ? ':' : '?';
        }
    }
    return c;
}
