/*
 * audit_compare.h - `admit audit --compare-profile ID` (docs/audit.md,
 * "Comparing a proposed profile"): every record is evaluated a second time
 * under the proposed profile; the records whose verdict differs are listed
 * in compare.jsonl, in input order, with only the rules whose status
 * differs, and summary.json gets the tally.
 *
 * The workers build each record's comparison (audit_compare_record, pure);
 * the writing thread adds them in order (audit_compare_add).  compare.jsonl
 * is written whole by every run, --resume included: a kept line is compared
 * from its own statuses, so the file equals that of an uninterrupted run.
 */
#ifndef ADMIT_AUDIT_COMPARE_H
#define ADMIT_AUDIT_COMPARE_H

#include <cjson/cJSON.h>

#include "status.h"

struct audit_compare;

/* Create DIR/compare.jsonl (0600, empty) for proposed profile `profile`. */
enum admit_status audit_compare_open(struct audit_compare **out, const char *dir,
                                     const char *profile, struct admit_error *err);

/*
 * The comparison of one record: its line as selected (a result line of
 * results.jsonl, compact or full) against the proposed result.  *out is the
 * compare.jsonl object {input, dossier, verdict, proposed_verdict, rules},
 * or NULL when both verdicts agree or the record is an input error as
 * selected.  A proposed input error (the proposed profile's extension
 * refused the dossier) has proposed_verdict "input_error".  Returns 0, or
 * -1 when out of memory.
 */
int audit_compare_record(const char *input, const cJSON *selected, const cJSON *proposed,
                         cJSON **out);

/* Write one record's comparison (NULL: none) and count it. */
enum admit_status audit_compare_add(struct audit_compare *c, const cJSON *record,
                                    struct admit_error *err);

/*
 * Close compare.jsonl (synced) and add "compare": {profile, flipped,
 * by_rule} to `summary`; by_rule counts, per rule, the listed records whose
 * status of that rule differs.  Frees `c`; with summary NULL it only
 * closes and frees (a failed run).
 */
enum admit_status audit_compare_finish(struct audit_compare *c, cJSON *summary,
                                       struct admit_error *err);

#endif
