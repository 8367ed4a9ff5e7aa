/* check_run.c - one dossier's text to its result and its JSON (check_run.h). */
#include "check_run.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "json_print.h"
#include "profile_load.h"
#include "validate_report.h"

/* The arena's chunks (alloc.h), less malloc's header: a dossier of 7 KB
 * makes a tree of about 60 KB. */
#define CHECK_ARENA_BYTES (((size_t)64 << 10) - 64)

struct result *check_run_text(struct cli_run *run, struct ruleset *forced, struct alloc_arena *arena,
                              const char *name, const char *text, size_t len,
                              const struct eval_options *eopt, char **candidate,
                              struct dossier_report *report, struct ruleset **used, int *code)
{
    struct ruleset *rs = run->main;
    struct schema_report_options ropt = validate_report_options(ruleset_messages(rs));
    struct admit_error err;
    struct dossier *d = NULL;
    struct result *r = NULL;

    admit_error_clear(&err);
    *candidate = NULL;
    *code = 0;
    memset(report, 0, sizeof *report);
    /* The central schema first: the committee path that chooses the
     * profile is read from a valid dossier only. */
    if (dossier_parse_report_in(arena, CHECK_ARENA_BYTES, ruleset_schema(rs), &ropt, name, text,
                                len, &d, report, &err) == ADMIT_OK &&
        (rs = forced ? forced : cli_run_select(run, d, eopt->as_of, code)) != NULL &&
        profile_validate_extensions(ruleset_profile(rs), d->root, &err) == ADMIT_OK &&
        eval_dossier(rs, d, eopt, &r, &err) == ADMIT_OK) {
        const cJSON *full_name = dossier_lookup(d, "candidate.full_name", NULL);
        if (cJSON_IsString(full_name) && (*candidate = strdup(full_name->valuestring)) == NULL)
            alloc_note_failure();   /* the report would lack the name: not printed */
    } else if (rs == NULL) {
        r = NULL;   /* the profile's rules did not load: printed, *code set */
    } else if (err.status == ADMIT_ENOMEM) {
        r = NULL;   /* not the input's fault: the caller says "out of memory" */
    } else {
        r = result_new_input_error(name, d ? d->id : NULL, err.path, err.message);
    }
    *used = rs != NULL ? rs : run->main;
    dossier_free(d);
    return r;
}

void check_run_context(struct report_context *rctx, const struct ruleset *rs, const char **names)
{
    rctx->ruleset = ruleset_digest(rs);
    rctx->plugins = ruleset_plugins(rs);
    rctx->chain = ruleset_profile(rs);
    rctx->profile = names;
    rctx->profile_count = cli_profile_names(rctx->chain, names, PROFILE_CHAIN_MAX + 1);
}

char *check_run_json(const struct result *r, const struct report_context *rctx,
                     const struct dossier_report *report)
{
    if (!r->input_error)   /* written without a tree */
        return report_json_text(r, rctx, 0, 1);
    /* An input error's tree: every input error, beside the first one that
     * input_error names, is added to it. */
    cJSON *obj = report_json(r, rctx);
    cJSON *ie = cJSON_GetObjectItemCaseSensitive(obj, "input_error");
    cJSON *all = ie != NULL && report->count > 1 ? cJSON_AddArrayToObject(ie, "errors") : NULL;
    if (all != NULL && validate_report_json(all, report) != 0)
        cJSON_DeleteItemFromObjectCaseSensitive(ie, "errors");
    char *s = obj != NULL ? json_print_formatted(obj) : NULL;
    cJSON_Delete(obj);
    return s;
}
