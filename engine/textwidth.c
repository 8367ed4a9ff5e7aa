/* textwidth.c - the width human-readable output wraps to. */
#include "textwidth.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

static size_t width = 80;

void textwidth_set(size_t columns)
{
    width = columns != 0 && columns < TEXTWIDTH_MIN ? TEXTWIDTH_MIN : columns;
}

size_t textwidth(void)
{
    return width;
}

size_t textwidth_limit(void)
{
    return width == 0 ? SIZE_MAX : width;
}

size_t textwidth_detect(void)
{
    const char *env = getenv("COLUMNS");
    if (env != NULL && env[0] != '\0') {
        char *end;
        unsigned long n = strtoul(env, &end, 10);
        if (*end == '\0' && n > 0 && n < 100000 && env[0] != '-' && env[0] != '+')
            return (size_t)n;
    }
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}
