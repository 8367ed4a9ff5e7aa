/*
 * validate_cli.h - what `admit validate` and `admit fmt` share on the command line.
 */
#ifndef ADMIT_VALIDATE_CLI_H
#define ADMIT_VALIDATE_CLI_H

#include "cli.h"
#include "validate_env.h"

/*
 * Load the schema, messages and editions for the options (--rules).  Returns
 * 0 with *env (release with validate_env_release), else prints the error and
 * returns EXIT_ENGINE.
 */
int validate_cli_env(const struct cli_options *opt, struct validate_env *env);

#endif
