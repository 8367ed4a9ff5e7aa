/*
 * report_json.h - results as `admit.result/1` JSON (result.md).
 */
#ifndef ADMIT_REPORT_JSON_H
#define ADMIT_REPORT_JSON_H

#include <cjson/cJSON.h>

#include "plugin.h"
#include "result.h"

/* What every result of a run shares. */
struct profile;

struct report_context {
    const char *engine;          /* "admit 0.1.0" */
    const char *ruleset;         /* "sha256:..." */
    const char *const *profile;  /* the profile chain applied, root first */
    size_t profile_count;
    const struct plugin_set *plugins;
    const struct profile *chain;   /* the profile applied (NULL: central): its packs are listed */
    const char *input;           /* the audit's record ("FILE:LINE"), written after "dossier";
                                    NULL: none (an input error names its input itself) */
};

/*
 * The result object for `r` (or its input-error form).  Returns a new tree
 * the caller frees with cJSON_Delete, or NULL when out of memory.
 */
cJSON *report_json(const struct result *r, const struct report_context *ctx);

/* The same, with the entries that pass or do not apply giving only their
 * rule and status: the audit's results.jsonl without --full (audit.md). */
cJSON *report_json_brief(const struct result *r, const struct report_context *ctx);

/*
 * The text json_print_formatted (`formatted`) or json_print_compact would
 * give for report_json's tree (report_json_brief's when `brief`), written
 * without making the tree.  The caller frees it; NULL when out of memory.
 */
char *report_json_text(const struct result *r, const struct report_context *ctx, int brief,
                       int formatted);

#endif
