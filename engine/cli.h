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

/* --format values; a command accepts those its cli_command names. */
enum output_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JSONL, FORMAT_HTML };

/*
 * Every option a command may accept.  cli.c describes each once (its long
 * name, argument, common description and valid values); a command lists the
 * ones it accepts, and both its parser and its --help come from that list,
 * so that they cannot drift apart.
 */
enum cli_option_id {
    CLI_OPT_FORMAT, CLI_OPT_LANG, CLI_OPT_AS_OF, CLI_OPT_DATE, CLI_OPT_VERBOSE, CLI_OPT_COLOR,
    CLI_OPT_RULES, CLI_OPT_PLUGINS, CLI_OPT_PROFILE, CLI_OPT_REGISTRY, CLI_OPT_HOLIDAYS,
    CLI_OPT_COVERAGE_MIN, CLI_OPT_COVERAGE_STATE, CLI_OPT_LEAP, CLI_OPT_WRITE,
    CLI_OPT_STAGE, CLI_OPT_OUTPUT, CLI_OPT_PROFILES, CLI_OPT_TRUST, CLI_OPT_REQUIRE_SIGNED,
    CLI_OPT_LISTEN, CLI_OPT_THREADS, CLI_OPT_TOKEN_FILE, CLI_OPT_INSECURE, CLI_OPT_TLS_CERT,
    CLI_OPT_TLS_KEY,
    CLI_OPT_OUT, CLI_OPT_JOBS, CLI_OPT_FULL, CLI_OPT_RESUME, CLI_OPT_FORCE, CLI_OPT_PROGRESS,
    CLI_OPT_PLAN, CLI_OPT_COMPARE_PROFILE,
    CLI_OPT_END   /* ends a command's list; -h/--help is always accepted */
};

/* One option of a command, with its own description (NULL: the common one). */
struct cli_option_use {
    enum cli_option_id id;
    const char *vi, *en;
};

/*
 * A command's interface: what `admit CMD --help` prints and what its parser
 * accepts.  Texts come in both languages; `usage` holds one synopsis per line
 * ("admit check [tùy chọn] TỆP..."), `about` a paragraph and `more` what
 * follows the options (exit codes, notes), both wrapped by hand at 80
 * columns, `more` may be NULL.  `formats` lists the --format values,
 * comma-separated, the first being the default.
 */
struct cli_command {
    const char *name;
    const char *usage_vi, *usage_en;
    const char *about_vi, *about_en;
    const char *formats;
    const struct cli_option_use *options;
    const char *more_vi, *more_en;
};

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
    const char *stage;          /* admit init --stage STEP */
    const char *output;         /* admit init -o FILE */
    const char *listen;         /* admit serve --listen ADDR:PORT */
    int threads;                /* admit serve --threads N; 0 when unset */
    const char *token_file;     /* admit serve --token-file FILE */
    int insecure;               /* admit serve --insecure */
    const char *tls_cert;       /* admit serve --tls-cert FILE (PEM) */
    const char *tls_key;        /* admit serve --tls-key FILE (PEM) */
    const char *out_dir;        /* admit audit --out DIR */
    int jobs;                   /* admit audit -j N; 0: the number of CPUs */
    int full, resume, force;    /* admit audit --full, --resume, --force */
    int progress;               /* admit audit --progress: 0 auto, 1 always, -1 never */
    const char *plan;           /* admit audit --plan FILE (admit.plan/1) */
    const char *compare_profile;   /* admit audit --compare-profile ID */
    char **args;                /* positional arguments */
    int arg_count;
};

/*
 * Parse the options of command `cmd` (argv[0] is the command's name), and
 * answer --help.  Returns -1 when the command goes on, else the exit code to
 * return at once: 0 after --help, EXIT_INPUT after a bad option (printed).
 */
int cli_begin(const struct cli_command *cmd, int argc, char **argv, struct cli_options *opt);

/* Print `cmd`'s help (what --help prints) to `to`. */
void cli_usage(const struct cli_command *cmd, FILE *to);

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
 * The one way a command reports an input that cannot be used (a dossier that
 * cannot be read, parsed or validated): "admit: INPUT: PATH: MESSAGE" on
 * stderr, PATH left out when empty or NULL.
 */
void cli_input_error(const char *input, const char *path, const char *message);

struct dossier_report;
/*
 * Every input error of a dossier, in the same words: one line
 * "admit: INPUT:LINE:COLUMN: PATH: MESSAGE" per error of `report` (at most
 * VALIDATE_MAX_ERRORS, then how many more), or the single error
 * input/path/message when the report holds none (a file that cannot be read).
 */
void cli_input_errors(const char *input, const char *path, const char *message,
                      const struct dossier_report *report);

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

/*
 * Forget the profiles loaded so far, so that the next cli_load_profiles
 * reads the folders and packs again (admit serve's SIGHUP).  The old set
 * stays allocated until exit: rulesets loaded with it point into it.
 * Returns 0, or -1 when out of memory (nothing forgotten).  Not
 * thread-safe: call it where the profiles are loaded.
 */
int cli_profiles_reload(void);

/* The trusted-keys folders: --trust, else $XDG_CONFIG_HOME/admit/trusted-keys
 * and /etc/admit/trusted-keys.  Returns the count (at most max). */
size_t cli_trust_dirs(const struct cli_options *opt, const char **dirs, size_t max);

/*
 * The profiles and the ruleset a command runs with: --profile's chain, else
 * central (loaded before the profiles, so that its errors come first).
 * Exit codes as cli_load_ruleset.
 */
int cli_load_run(const struct cli_options *opt, const struct profile_set **set,
                 struct ruleset **out);

/* Load the ruleset for `profile` (NULL: central) with the options' paths. */
int cli_load_ruleset_for(const struct cli_options *opt, const struct profile *profile,
                         struct ruleset **out);

/* The same, as a copy of `base` (ruleset_load_sharing) when it is not NULL. */
int cli_load_ruleset_like(const struct cli_options *opt, const struct profile *profile,
                          const struct ruleset *base, struct ruleset **out);

/* Every profile a name may choose, "central, a, b", appended to out (for errors). */
struct strbuf;
void cli_profile_ids(const struct profile_set *set, struct strbuf *out);

/* The chain's names, "central" first, into names (max entries); returns the count. */
size_t cli_profile_names(const struct profile *p, const char **names, size_t max);

/* Print "admit: " and a formatted error line to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print an engine error report to stderr. */
void cli_print_error(const struct admit_error *err);

/*
 * Whether a write to standard output has failed so far (ferror), for
 * commands that stream many results and should stop at the first failure.
 * The first failure's errno is kept for main's closing message
 * (cli_output_errno).  main checks the output once more after the command.
 */
int cli_output_failed(void);
int cli_output_errno(void);

/*
 * Whether an allocation has failed anywhere so far (alloc.h); if so, prints
 * "out of memory" and returns 1.  Commands call it after building a result
 * and before printing it, so that an incomplete result is never printed.
 */
int cli_out_of_memory(void);

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
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);

struct timeline;
struct dossier;
struct eval_options;
struct result;
/* The timeline of a validated dossier with its papers' validity (what
 * `admit timeline` shows): ADMIT_OK, *out (timeline_free) and *papers, the
 * evaluation the papers come from, which *out points into (result_free it
 * after *out; may be NULL); else err (ADMIT_EINPUT: a date the timeline
 * cannot place, with its path). */
enum admit_status cmd_timeline_build(struct ruleset *rs, const struct dossier *d,
                                     const struct eval_options *eopt, struct timeline **out,
                                     struct result **papers, struct admit_error *err);
/* The JSON of `admit timeline --format json` (admit.timeline/1). */
cJSON *cmd_timeline_json(const struct ruleset *rs, const struct dossier *d,
                         const struct timeline *t);

/* The JSON of `admit rules list|show [ID] --format json` at `day` (show: the
 * full description of each rule; only: that rule alone, an empty "rules"
 * when unknown).  NULL when out of memory. */
cJSON *cmd_rules_json(struct ruleset *rs, admit_day day, int show, const char *only);

/* The JSON of `admit version --format json` (cJSON_Print); NULL when out of
 * memory.  Caller frees. */
char *cmd_version_json(const struct ruleset *rs);
int cmd_audit(int argc, char **argv);
int cmd_pack(int argc, char **argv);

#endif
