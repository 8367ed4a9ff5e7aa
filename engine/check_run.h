/*
 * check_run.h - one dossier's text through the ruleset, and its JSON answer:
 * the code `admit check --format json` and `admit serve`'s POST /v1/check
 * share, so that both answer byte for byte the same JSON for the same
 * dossier and options.
 */
#ifndef ADMIT_CHECK_RUN_H
#define ADMIT_CHECK_RUN_H

#include <stddef.h>

#include "alloc.h"
#include "cli_run.h"
#include "dossier.h"
#include "eval.h"
#include "report_json.h"
#include "result.h"
#include "ruleset.h"

/*
 * Parse, validate and evaluate `text` (read as `name`) with `forced`, or
 * when NULL the ruleset the run chooses for it (cli_run_select), its
 * committee extension validated.  With an `arena` (alloc.h; NULL: none),
 * the dossier's tree is made in it, begun again for this dossier: the trees
 * it held before must no longer be in use.
 * Returns the result, an input-error result when the dossier cannot be
 * used, or NULL: out of memory (then a missing candidate name is counted by
 * alloc_note_failure) or, with *code set, the chosen profile's rules did not
 * load (printed).  *used gets the ruleset that answered (run->main for an
 * input error); *candidate the candidate's name or NULL (free it); *report
 * every input error of the dossier (release with dossier_report_release).
 * Thread-safe for distinct runs; an eager run (cli_run_open) never loads.
 */
struct result *check_run_text(struct cli_run *run, struct ruleset *forced, struct alloc_arena *arena,
                              const char *name, const char *text, size_t len,
                              const struct eval_options *eopt, char **candidate,
                              struct dossier_report *report, struct ruleset **used, int *code);

/*
 * Fill `rctx` for results of `rs`: its digest, plugins, and the profile
 * chain applied, whose names go into `names` (PROFILE_CHAIN_MAX + 1 entries).
 */
void check_run_context(struct report_context *rctx, const struct ruleset *rs, const char **names);

/*
 * The result as `admit check --format json` prints it for one dossier
 * (cJSON_Print, without the final newline), every input error of `report`
 * listed under input_error.errors when there are several.  NULL when out of
 * memory; caller frees.
 */
char *check_run_json(const struct result *r, const struct report_context *rctx,
                     const struct dossier_report *report);

#endif
