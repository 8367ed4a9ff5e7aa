/* cmd_test.c - `admit test`: placeholder replaced below. */
#include "cli.h"

int cmd_test(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("test: not built yet");
    return EXIT_ENGINE;
}
