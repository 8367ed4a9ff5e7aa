/*
 * audit_hooks.h - everything `admit audit` does beside results.jsonl and
 * summary.json, behind four calls: the quotas of `--plan FILE`
 * (audit_quota.h) and the three reports (audit_report.h).
 *
 *     audit_hooks_open(out_dir, plan, schemas, as_of, &opt, &h, &err);  -- before the records
 *     for each record, in input order (kept by --resume or evaluated now):
 *         audit_hooks_record(h, input, dossier, line, &err);
 *     audit_hooks_finish(h, summary, &err);   -- fills summary "quotas", writes the reports
 *     write summary.json;
 *     audit_hooks_free(h);
 *
 * `dossier` is the record's dossier tree (NULL for an input error), `result`
 * its results.jsonl line as a tree (compact, full or input_error form): the
 * quotas need the dossier's committee path, branch and decision date, which
 * a result does not hold.  Both are borrowed for the call only.  Memory
 * stays bounded by the plan and the branches, not by the records.
 */
#ifndef ADMIT_AUDIT_HOOKS_H
#define ADMIT_AUDIT_HOOKS_H

#include <cjson/cJSON.h>

#include "audit_report.h"
#include "date.h"
#include "status.h"

struct audit_hooks;

/*
 * Start: load and check the plan when `plan` is not NULL (against
 * SCHEMAS/plan.schema.json), and open the reports `opt` asks for in
 * `out_dir` (none when opt is NULL).  `as_of` is the run's evaluation date.
 * Returns ADMIT_OK with *out (free with audit_hooks_free), ADMIT_EINPUT for a
 * plan that is not valid, ADMIT_EIO for a file that cannot be read or
 * written, ADMIT_ENOMEM; err names the file, the JSON path and the reason.
 */
enum admit_status audit_hooks_open(const char *out_dir, const char *plan, const char *schemas,
                                   admit_day as_of, const struct audit_report_options *opt,
                                   struct audit_hooks **out, struct admit_error *err);

/* Count one record for the quotas and add its report row: `line` is the
 * view of its result line (audit_line.h).  `input` is FILE:LINE, FILE or
 * DB#id.  ADMIT_EIO on a write error, ADMIT_ENOMEM. */
enum admit_status audit_hooks_record(struct audit_hooks *h, const char *input, const cJSON *dossier,
                                     const struct audit_line *line, struct admit_error *err);

/*
 * Replace the summary's "quotas" with the plan's figures (an empty array
 * without a plan), then write the reports from the summary and rename them
 * into place.  ADMIT_EIO, ADMIT_ENOMEM.
 */
enum admit_status audit_hooks_finish(struct audit_hooks *h, cJSON *summary, struct admit_error *err);

/* Free; the reports of an unfinished run are removed.  NULL does nothing. */
void audit_hooks_free(struct audit_hooks *h);

#endif
