/*
 * cli_run.h - the rulesets a command evaluates dossiers with
 * (docs/profiles.md, "Selection"): the one --profile names, else central,
 * and, without --profile, the chain of the committee profile each dossier
 * selects (the deepest committee of organisation.committee_path with a
 * profile in force at the dossier's main anchor).
 *
 * admit check, timeline, audit and serve all choose through here, so that
 * one dossier gets the same rules whichever command reads it.
 */
#ifndef ADMIT_CLI_RUN_H
#define ADMIT_CLI_RUN_H

#include "cli.h"
#include "dossier.h"

struct cli_run {
    const struct cli_options *opt;
    const struct profile_set *set;   /* every profile loaded (cli_load_profiles) */
    int choose;                      /* 1: the dossier's committee chooses */
    struct ruleset *main;            /* --profile's chain, or central */
    struct ruleset **by_profile;     /* indexed like `set`, then central when --profile
                                        names another; NULL until loaded */
    struct ruleset **loaded;         /* by_profile's entries in the order they loaded: freed
                                        in reverse, as plugins must be (serve_pool.h) */
    size_t loaded_count;
};

/*
 * Load the main ruleset and the profiles.  eager: load every profile's
 * ruleset now, so that nothing is loaded later (threads must not load
 * plugins concurrently: audit and serve workers); else each is loaded the
 * first time a dossier needs it.  Errors are printed; returns 0 or the exit
 * code (cli_load_run).
 */
int cli_run_open(struct cli_run *run, const struct cli_options *opt, int eager);

/*
 * Another worker's run, built from the eager run `base`: each ruleset a
 * copy sharing `base`'s rulebook, messages and schema (ruleset_load_sharing),
 * with its own Lua state, rules and plugin instances.  Close it before
 * `base`.  Errors are printed; returns 0 or EXIT_ENGINE.
 */
int cli_run_copy(struct cli_run *run, const struct cli_run *base);

/*
 * The ruleset for dossier `d` (NULL: main) evaluated as of `as_of`
 * (OUTCOME_NO_DAY: today).  NULL with *code set when the chosen profile's
 * rules do not load (printed).
 */
struct ruleset *cli_run_select(struct cli_run *run, const struct dossier *d, admit_day as_of,
                               int *code);

/*
 * The ruleset of profile `id` ("central": the central rulebook), for a
 * request or a comparison naming one.  NULL with *code EXIT_INPUT for an
 * unknown id (not printed: the caller says it in its own terms), or the
 * load's exit code (printed).
 */
struct ruleset *cli_run_profile(struct cli_run *run, const char *id, int *code);

/* Free every ruleset of the run. */
void cli_run_close(struct cli_run *run);

#endif
