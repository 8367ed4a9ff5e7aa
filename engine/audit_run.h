/*
 * audit_run.h - the batch engine of `admit audit` (docs/audit.md).
 *
 * The calling thread reads the records in input order and writes
 * results.jsonl in that same order; `threads` workers evaluate, each with its
 * own run (cli_run.h: its own Lua states, the central rulebook and every
 * committee profile's chain, the one each dossier selects applied); between them a bounded reorder window
 * (audit_order) keeps memory independent of the number of records.
 *
 * With `resume`, the complete lines an interrupted run left in
 * results.jsonl are kept: each is checked against its input record (same
 * origin, same dossier id) and counted into the summary from its own text
 * and the record's dossier, without evaluating it again; the run continues
 * after them.  The lines and summary equal those of an uninterrupted run.
 */
#ifndef ADMIT_AUDIT_RUN_H
#define ADMIT_AUDIT_RUN_H

#include <cjson/cJSON.h>

#include "audit_line.h"
#include "date.h"
#include "i18n.h"
#include "report_json.h"
#include "cli_run.h"
#include "ruleset.h"
#include "status.h"

/* Called by the reading thread after each record is written, for progress:
 * records done, their total (-1: unknown), bytes read of JSON Lines inputs and
 * their total size (0: unknown). */
typedef void (*audit_progress_fn)(void *userdata, long long done, long long total,
                                  long long bytes_done, long long bytes_total, int last);

/*
 * Called by the writing thread for every record, in input order, after its
 * line is written (or kept by --resume): `input` its origin, `dossier` its
 * parsed dossier (NULL when it could not be read or validated), `line` the
 * view of its line (audit_line.h).  All borrowed for the call.  Returns ADMIT_OK, or an error
 * in `err` that stops the run.  This is where the quotas and the reports
 * (audit_hooks_record, from another branch) take their rows.
 */
typedef enum admit_status (*audit_record_fn)(void *userdata, const char *input,
                                             const cJSON *dossier,
                                             const struct audit_line *line,
                                             struct admit_error *err);

struct audit_config {
    char *const *inputs;
    size_t input_count;
    const char *out_dir;          /* prepared by audit_output_prepare */
    int threads;                  /* >= 1, one run each */
    struct cli_run *runs;         /* `threads` eager runs (cli_run_open) */
    const struct report_context *rctx;
    int full;                     /* keep every member of every rule result */
    const char *compare_profile;  /* --compare-profile ID (audit_compare.h); NULL: none */
    int resume;
    admit_day as_of;              /* --as-of, or OUTCOME_NO_DAY */
    admit_day today;
    enum admit_lang lang;
    audit_progress_fn progress;   /* NULL: none */
    void *progress_userdata;
    audit_record_fn on_record;    /* NULL: none (the dossiers are then not kept) */
    void *record_userdata;
};

struct audit_totals {
    long long records, evaluated, input_errors, engine_errors;
    long long kept;               /* lines kept by --resume */
};

/*
 * Run the audit: results.jsonl written and closed, *summary the summary tree
 * (caller frees with cJSON_Delete; "run" and "quotas" for the caller to
 * complete) and *totals.  Returns ADMIT_OK; ADMIT_EUSAGE for an input that
 * is not one or kept lines that do not match the inputs; ADMIT_EIO for a
 * read or write error (err names the file); ADMIT_EINTERNAL when records
 * in and lines out differ; ADMIT_ENOMEM.
 */
enum admit_status audit_run(const struct audit_config *cfg, cJSON **summary,
                            struct audit_totals *totals, struct admit_error *err);

#endif
