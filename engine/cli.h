/*
 * cli.h - the command-line layer shared by the subcommands.
 *
 * The cmd_*.c modules and main.c are the only code that prints and decides
 * exit codes; everything below them reports through enum admit_status.
 */
#ifndef ADMIT_CLI_H
#define ADMIT_CLI_H

#include <stdio.h>

#include "date.h"
#include "i18n.h"
#include "ruleset.h"

#define ADMIT_VERSION "0.1.0"

/* Exit codes (result.md). */
enum {
    EXIT_ELIGIBLE = 0,
    EXIT_NOT_ELIGIBLE = 1,
    EXIT_INPUT = 2,
    EXIT_ENGINE = 3
};

enum output_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML };   /* html: admit check only */

struct cli_options {
    const char *rules_dir;      /* NULL: default */
    const char *plugins_dir;    /* NULL: default; "none": no plugins */
    const char *profile;        /* NULL: chosen from the dossier */
    const char *profile_dirs[16];   /* --profiles DIR, in the order given */
    int profile_dir_count;
    const char *trust_dirs[8];      /* --trust DIR: trusted minisign public keys */
    int trust_count;
    int require_signed;             /* --require-signed */
    const char *registry;       /* --registry DB, for the registry plugin */
    const char *holidays;       /* --holidays DIR|none (or ADMIT_HOLIDAYS), for vncal */
    int leap;                   /* admit calendar solar --leap */
    enum output_format format;
    admit_day as_of;            /* OUTCOME_NO_DAY unless --as-of */
    int verbose;
    int color;                  /* resolved: 1 to colour stdout */
    double coverage_min;        /* admit test --coverage-min; -1 when unset */
    const char *coverage_state; /* admit test --coverage-state FILE */
    int help;
    int write;                  /* admit fmt -w: rewrite the file in place */
    char **args;                /* positional arguments */
    int arg_count;
};

/*
 * Parse the options of subcommand `cmd` (argv[0] is the subcommand).  Prints
 * a usage error and returns EXIT_INPUT on a bad option; else 0.
 */
int cli_parse(const char *cmd, int argc, char **argv, struct cli_options *opt);

/*
 * Parse the options of `cmd` and answer --help with `usage`.  Returns -1
 * when the command goes on, else the exit code to return at once (0 after
 * --help, EXIT_INPUT after a bad option).
 */
int cli_start(const char *cmd, int argc, char **argv, struct cli_options *opt,
              void (*usage)(void));

/*
 * Load the ruleset the options name.  Prints the error and returns its exit
 * code (EXIT_ENGINE for a rulebook or plugin that does not load) on failure;
 * else 0 with *out.
 */
int cli_load_ruleset(const struct cli_options *opt, struct ruleset **out);

/*
 * Load only the plugins the options name (for commands that need no rules:
 * calendar, registry init).  Exit codes as cli_load_ruleset.
 */
int cli_load_plugins(const struct cli_options *opt, struct plugin_set **out);

/*
 * Committee profiles (cli_profiles.c): load the profiles the options name
 * (--profiles folders, then rules/profiles) once per process; every
 * violation is printed and the exit code returned (EXIT_ENGINE), else 0.
 * *out is the profile --profile names (NULL: central or chosen per dossier).
 */
struct profile;
struct profile_set;
int cli_load_profiles(const struct cli_options *opt, const struct profile_set **set,
                      const struct profile **out);

/* As cli_load_profiles, adding the folder `building` (admit pack build) unverified. */
int cli_load_profiles_building(const struct cli_options *opt, const char *building,
                               const struct profile_set **set, const struct profile **out);

/* The trusted-keys folders: --trust, else $XDG_CONFIG_HOME/admit/trusted-keys
 * and /etc/admit/trusted-keys.  Returns the count (at most max). */
size_t cli_trust_dirs(const struct cli_options *opt, const char **dirs, size_t max);

/* Load the ruleset for `profile` (NULL: central) with the options' paths. */
int cli_load_ruleset_for(const struct cli_options *opt, const struct profile *profile,
                         struct ruleset **out);

/* The chain's names, "central" first, into names (max entries); returns the count. */
size_t cli_profile_names(const struct profile *p, const char **names, size_t max);

/* Print "admit: " and a formatted error line to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print an engine error report to stderr. */
void cli_print_error(const struct admit_error *err);

/* Today's date in the machine's time zone. */
admit_day cli_today(void);

/* The subcommands; argv[0] is the subcommand's name. */
int cmd_check(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_registry(int argc, char **argv);
/* admit registry import (opt->args: "import", FILE); from cmd_registry. */
int cmd_registry_import(const struct cli_options *opt);
int cmd_rules(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_pack(int argc, char **argv);

#endif
