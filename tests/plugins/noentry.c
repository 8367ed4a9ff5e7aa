/* noentry.c - a shared object that is not an admit plugin: no entry symbol. */
int noentry_answer(void);

int noentry_answer(void)
{
    return 42;
}
