/*
 * hello - the first program of every C textbook.
 */
#include <stdio.h>

/* Say hello. */
int main(void)
{
    printf("Hello, world!\n");
    return 0;
}
