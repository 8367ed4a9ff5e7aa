/* cli_run.c - the rulesets a command evaluates with (cli_run.h). */
#include "cli_run.h"

#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "profile_load.h"

static size_t index_of(const struct profile_set *set, const struct profile *p)
{
    size_t i = 0;
    while (profile_set_at(set, i) != p)
        i++;
    return i;
}

/* Slot i of by_profile, loaded with `p`'s chain (NULL: central) if empty. */
static struct ruleset *slot_ruleset(struct cli_run *run, size_t i, const struct profile *p,
                                    int *code)
{
    *code = 0;
    if (run->by_profile[i] == NULL) {
        *code = cli_load_ruleset_for(run->opt, p, &run->by_profile[i]);
        if (*code == 0)
            run->loaded[run->loaded_count++] = run->by_profile[i];
    }
    return run->by_profile[i];
}

static struct ruleset *profile_ruleset(struct cli_run *run, const struct profile *p, int *code)
{
    return slot_ruleset(run, index_of(run->set, p), p, code);
}

/* Whether the central rulebook has a slot of its own: --profile named a
 * profile, so main is that profile's chain. */
static int central_apart(const struct cli_run *run)
{
    return run->opt->profile != NULL && strcmp(run->opt->profile, "central") != 0;
}

/* A copy of `base` (ruleset_load_sharing); failures printed. */
static int copy_of(const struct cli_options *opt, const struct ruleset *base, struct ruleset **out)
{
    return cli_load_ruleset_like(opt, ruleset_profile(base), base, out);
}

/* The run's tables of rulesets, one slot per profile and one for the central
 * rules: 0, or -1 after saying "out of memory" and closing the run. */
static int alloc_slots(struct cli_run *run, size_t count)
{
    run->by_profile = calloc(count + 1, sizeof *run->by_profile);
    run->loaded = calloc(count + 1, sizeof *run->loaded);
    if (run->by_profile == NULL || run->loaded == NULL) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        cli_run_close(run);
        return -1;
    }
    return 0;
}

int cli_run_copy(struct cli_run *run, const struct cli_run *base)
{
    memset(run, 0, sizeof *run);
    run->opt = base->opt;
    run->set = base->set;
    run->choose = base->choose;
    if (alloc_slots(run, profile_set_count(run->set)) != 0)
        return EXIT_ENGINE;
    int code = copy_of(run->opt, base->main, &run->main);
    /* in the base's order of loading, so that plugins are freed in reverse */
    for (size_t k = 0; code == 0 && k < base->loaded_count; k++) {
        size_t i = 0;
        while (base->by_profile[i] != base->loaded[k])
            i++;
        code = copy_of(run->opt, base->loaded[k], &run->by_profile[i]);
        if (code == 0)
            run->loaded[run->loaded_count++] = run->by_profile[i];
    }
    if (code != 0)
        cli_run_close(run);
    return code;
}

int cli_run_open(struct cli_run *run, const struct cli_options *opt, int eager)
{
    memset(run, 0, sizeof *run);
    run->opt = opt;
    int code = cli_load_run(opt, &run->set, &run->main);
    if (code != 0)
        return code;
    size_t count = profile_set_count(run->set);
    run->choose = opt->profile == NULL && count > 0;
    if (alloc_slots(run, count) != 0)
        return EXIT_ENGINE;
    for (size_t i = 0; eager && i < count; i++) {
        if (profile_ruleset(run, profile_set_at(run->set, i), &code) == NULL) {
            cli_run_close(run);
            return code;
        }
    }
    if (eager && central_apart(run) && slot_ruleset(run, count, NULL, &code) == NULL) {
        cli_run_close(run);
        return code;
    }
    return 0;
}

struct ruleset *cli_run_select(struct cli_run *run, const struct dossier *d, admit_day as_of,
                               int *code)
{
    *code = 0;
    if (!run->choose || d == NULL)
        return run->main;
    admit_day anchor = eval_main_anchor(d, as_of != OUTCOME_NO_DAY ? as_of : cli_today());
    const struct profile *p = profile_set_select(
        run->set, dossier_lookup(d, "organisation.committee_path", NULL), anchor);
    return p == NULL ? run->main : profile_ruleset(run, p, code);
}

struct ruleset *cli_run_profile(struct cli_run *run, const char *id, int *code)
{
    *code = 0;
    if (strcmp(id, "central") == 0)
        return central_apart(run) ? slot_ruleset(run, profile_set_count(run->set), NULL, code)
                                  : run->main;
    const struct profile *p = profile_set_find(run->set, id);
    if (p == NULL) {
        *code = EXIT_INPUT;
        return NULL;
    }
    return profile_ruleset(run, p, code);
}

void cli_run_close(struct cli_run *run)
{
    while (run->loaded_count > 0)
        ruleset_free(run->loaded[--run->loaded_count]);
    free(run->loaded);
    free(run->by_profile);
    ruleset_free(run->main);
    memset(run, 0, sizeof *run);
}
