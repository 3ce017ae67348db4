/*
 * false - do nothing, unsuccessfully (exit status 1).
 */

/* Fail. */
int main(void)
{
    return 1;
}
