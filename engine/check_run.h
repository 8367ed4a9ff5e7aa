/*
 * check_run.h - one dossier's text through the ruleset, and its JSON answer:
 * the code `admit check --format json` and `admit serve`'s POST /v1/check
 * share, so that both answer byte for byte the same JSON for the same
 * dossier and options.
 */
#ifndef ADMIT_CHECK_RUN_H
#define ADMIT_CHECK_RUN_H

#include <stddef.h>

#include "dossier.h"
#include "eval.h"
#include "report_json.h"
#include "result.h"
#include "ruleset.h"

/*
 * Parse, validate and evaluate `text` (read as `name`).  Returns the result,
 * an input-error result when the dossier cannot be used, or NULL when out of
 * memory (then a missing candidate name is counted by alloc_note_failure).  *candidate gets the candidate's name or NULL (free it); *report
 * every input error of the dossier (release with dossier_report_release).
 * Thread-safe for distinct rulesets.
 */
struct result *check_run_text(struct ruleset *rs, const char *name, const char *text, size_t len,
                              const struct eval_options *eopt, char **candidate,
                              struct dossier_report *report);

/*
 * The result as `admit check --format json` prints it for one dossier
 * (cJSON_Print, without the final newline), every input error of `report`
 * listed under input_error.errors when there are several.  NULL when out of
 * memory; caller frees.
 */
char *check_run_json(const struct result *r, const struct report_context *rctx,
                     const struct dossier_report *report);

#endif
