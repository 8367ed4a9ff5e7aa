/*
 * audit_quota.h - admission plans (`admit.plan/1`, `admit audit --plan FILE`)
 * and the `quotas` array of the audit summary (docs/audit-reports.md).
 *
 * A plan lists targets: admissions a committee expects between two dates,
 * possibly raised or lowered later by a superior committee (adjustments).
 * The audit engine fills one `struct audit_record` per evaluated record and
 * adds it to a `struct audit_quota`; at the end audit_quota_json gives the
 * summary's `quotas`.  Records are added one at a time, so memory grows
 * with the number of targets and branches, never with the number of
 * records, and the order in which records are added does not change the
 * figures.
 *
 * What is counted, for a target of committee C over [from, until] and the
 * run's evaluation date E:
 *   - admitted: admission records whose committee_path contains C and whose
 *     decision day is within [from, until] and <= E (whatever the verdict);
 *     by_branch splits them by the record's branch;
 *   - admitted_not_eligible: those of them whose verdict is "not_eligible";
 *   - target_adjusted: target + the deltas of adjustments dated <= E;
 *   - percent, percent_adjusted: 100 * admitted / target (/ target_adjusted),
 *     rounded half up to one decimal; null when the divisor is 0 or less;
 *   - in_progress: admission records of C with no decision day <= E whose
 *     verdict is not "not_eligible" (an input error has no verdict and is
 *     not counted);
 *   - projected: admitted + those in progress whose earliest day (or E when
 *     they have none) is <= until.
 */
#ifndef ADMIT_AUDIT_QUOTA_H
#define ADMIT_AUDIT_QUOTA_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "audit_line.h"
#include "date.h"
#include "schema.h"
#include "status.h"

/* A day that is not known (no decision yet, no hint). */
#define AUDIT_NO_DAY ((admit_day)INT32_MIN)

/* The longest committee_path a record keeps (the rest is ignored). */
#define AUDIT_RECORD_MAX_PATH 32

/*
 * What the quotas need of one record.  Every pointer is borrowed (from the
 * dossier's tree and the result line's view, which must outlive the call to
 * audit_quota_add); any of them may be NULL.
 */
struct audit_record {
    const char *procedure;        /* "admission", "recognition" (the dossier's `procedure`) */
    const char *verdict;          /* the result's `verdict`; NULL for an input error */
    const char *branch;           /* organisation.branch.id */
    const char *committee_path[AUDIT_RECORD_MAX_PATH]; /* organisation.committee_path */
    size_t committee_count;
    admit_day decision_day;       /* the admission's decision.date, or AUDIT_NO_DAY */
    admit_day earliest_day;       /* the latest `hint.earliest` among the result's rules
                                   * (when every criterion can be met), or AUDIT_NO_DAY */
};

/*
 * Fill `rec` from a dossier (`admit.dossier/1`, validated or not) and the
 * view of its result line (audit_line.h: `admit.result/1`, or its
 * input-error form; may be NULL).  Members absent or of another type are
 * left unknown; dates that do not parse are AUDIT_NO_DAY.  Never fails.
 */
void audit_record_from_line(struct audit_record *rec, const cJSON *dossier,
                            const struct audit_line *line);

/* A parsed plan: its targets in file order. */
struct audit_plan;

/*
 * Read and check a plan file: strict JSON (jsontext), valid against
 * `schema` (schemas/plan.schema.json, loaded by the caller with
 * schema_load), then each target's `from` <= `until` and ids unique.
 * Returns ADMIT_OK with *out (caller frees with audit_plan_free), or
 * ADMIT_EIO / ADMIT_EINPUT with err naming the file, the JSON path and what
 * was expected (in the user's language), or ADMIT_ENOMEM.
 */
enum admit_status audit_plan_load(const char *path, const struct schema *schema,
                                  struct audit_plan **out, struct admit_error *err);

/*
 * The same for a plan already parsed; `doc` is validated (which marks its
 * date nodes) and kept: on success the plan owns it, on failure the caller
 * still does.  `source` names the plan in messages.
 */
enum admit_status audit_plan_from_json(cJSON *doc, const char *source, const struct schema *schema,
                                       struct audit_plan **out, struct admit_error *err);

/* Free a plan; NULL does nothing. */
void audit_plan_free(struct audit_plan *plan);

/* The number of targets of `plan`. */
size_t audit_plan_count(const struct audit_plan *plan);

/* The counters of a run against a plan. */
struct audit_quota;

/*
 * Start counting against `plan` (borrowed: it must outlive the counter) for
 * the evaluation date `as_of`.  Returns NULL when out of memory.
 */
struct audit_quota *audit_quota_new(const struct audit_plan *plan, admit_day as_of);

/* Free the counters; NULL does nothing. */
void audit_quota_free(struct audit_quota *q);

/*
 * Count one record.  Returns 0, or -1 when out of memory (a new branch
 * could not be recorded; the counters are then unchanged).
 */
int audit_quota_add(struct audit_quota *q, const struct audit_record *rec);

/*
 * The summary's `quotas`: an array with one object per target, in plan
 * order: {"id", "committee", "from", "until", "target", "target_adjusted",
 * "admitted", "percent", "percent_adjusted", "admitted_not_eligible",
 * "by_branch" (branch ids in byte order; "" for records without a branch),
 * "in_progress", "projected"}, then the plan's "label", "source" and
 * "adjustments" when it gives them, for the reports.  Returns a new tree (caller frees with cJSON_Delete), or NULL
 * when out of memory.
 */
cJSON *audit_quota_json(const struct audit_quota *q);

/*
 * 100 * part / whole rounded half up to one decimal, as the quotas show it;
 * whole must be > 0 and part >= 0.
 */
double audit_quota_percent(long part, long whole);

#endif
