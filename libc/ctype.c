/*
 * libc/ctype.c - character classes for ASCII.  Values outside 0..127
 * (including EOF) belong to no class.
 */
#include <ctype.h>

/* Upper-case letter A-Z. */
int isupper(int c) { return c >= 'A' && c <= 'Z'; }

/* Lower-case letter a-z. */
int islower(int c) { return c >= 'a' && c <= 'z'; }

/* Letter. */
int isalpha(int c) { return isupper(c) || islower(c); }

/* Decimal digit. */
int isdigit(int c) { return c >= '0' && c <= '9'; }

/* Letter or digit. */
int isalnum(int c) { return isalpha(c) || isdigit(c); }

/* Hexadecimal digit. */
int isxdigit(int c)
{
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Space or tab. */
int isblank(int c) { return c == ' ' || c == '\t'; }

/* White space: space, \t \n \v \f \r. */
int isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Control character: 0-31 and DEL. */
int iscntrl(int c) { return (c >= 0 && c < 32) || c == 127; }

/* Printable, including space. */
int isprint(int c) { return c >= 32 && c < 127; }

/* Printable, not space. */
int isgraph(int c) { return c > 32 && c < 127; }

/* Punctuation: printable, not space, letter or digit. */
int ispunct(int c) { return isgraph(c) && !isalnum(c); }

/* The lower-case form of a letter; anything else is unchanged. */
int tolower(int c) { return isupper(c) ? c - 'A' + 'a' : c; }

/* The upper-case form of a letter; anything else is unchanged. */
int toupper(int c) { return islower(c) ? c - 'a' + 'A' : c; }
