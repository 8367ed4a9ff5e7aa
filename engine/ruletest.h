/*
 * ruletest.h - running rule test files (cli.md, "Rule test cases").
 *
 * A test file holds a base dossier and cases; each case patches the base
 * (JSON Merge Patch), is evaluated like `admit check` would, and is compared
 * with what it expects.  The run accumulates per-rule counts and coverage:
 * which rules were asserted by some case, and which message codes of each
 * rule some asserted case reached.
 */
#ifndef ADMIT_RULETEST_H
#define ADMIT_RULETEST_H

#include "eval.h"
#include "ruleset.h"
#include "strbuf.h"

struct ruletest;

/*
 * A new run over `rs` evaluating with `base` options (as_of, today, lang);
 * test files are validated against the schema at `file_schema_path`
 * (schemas/rule-test.schema.json).  Returns ADMIT_OK and *out (free with
 * ruletest_free), or the error loading that schema.
 */
enum admit_status ruletest_new(struct ruleset *rs, const struct eval_options *base,
                               const char *file_schema_path, struct ruletest **out,
                               struct admit_error *err);

void ruletest_free(struct ruletest *rt);

/*
 * Cases naming "profile": ID run with the ruleset `resolve` gives for ID
 * (NULL: an unknown profile, a failing case).  The rulesets stay the
 * caller's.
 */
typedef struct ruleset *(*ruletest_resolver)(void *ctx, const char *profile);
void ruletest_set_profiles(struct ruletest *rt, ruletest_resolver resolve, void *ctx);

/* Count the profile rules of `rs` in the coverage too (once each).  Returns -1 when out of memory. */
int ruletest_add_rules(struct ruletest *rt, const struct ruleset *rs);

/*
 * Run the cases of one test file, appending a report of each case (failing
 * ones with the differences) to `report`.  Returns ADMIT_OK when the file
 * could be run (its cases may still fail), else ADMIT_EINPUT / ADMIT_EIO with
 * `err` naming the file and what is wrong with it (the file then counts as
 * one failure).
 */
enum admit_status ruletest_run_file(struct ruletest *rt, const char *path, struct strbuf *report,
                                    struct admit_error *err);

/* Count one failure that is not a case (a test file that cannot be run). */
void ruletest_count_broken_file(struct ruletest *rt);

/* Cases passed and failed so far. */
void ruletest_totals(const struct ruletest *rt, size_t *passed, size_t *failed);

/*
 * Coverage across several runs (e.g. one without and one with --registry):
 * ruletest_merge_state adds what an earlier run of the same ruleset recorded
 * in `path` (a missing file, or one for another ruleset digest, adds
 * nothing); ruletest_save_state writes the union back.  ADMIT_OK, or
 * ADMIT_EIO / ADMIT_EINPUT naming the file.
 */
enum admit_status ruletest_merge_state(struct ruletest *rt, const char *path,
                                       struct admit_error *err);
enum admit_status ruletest_save_state(const struct ruletest *rt, const char *path,
                                      struct admit_error *err);

/*
 * Append the per-rule counts and the coverage to `report`, and return the
 * coverage in percent: the smaller of the share of encoded rules asserted by
 * some case and the share of their message codes reached.
 */
double ruletest_summary(const struct ruletest *rt, struct strbuf *report);

#endif
