/*
 * outcome.h - what one rule says about one dossier.
 *
 * An outcome is built by a rule (Lua, through ctx.pass/ctx.fail/...), by a
 * plugin check (through the host's outcome_* functions) or by the engine
 * itself (not_applicable, error).  The evaluator turns it into a result
 * entry: it adds the rule id, severity, edition, citation and the message
 * rendered from `code`.
 */
#ifndef ADMIT_OUTCOME_H
#define ADMIT_OUTCOME_H

#include <cjson/cJSON.h>

#include "date.h"

enum rule_status {
    RULE_PASS = 0,
    RULE_FAIL,
    RULE_NEEDS_APPROVAL,
    RULE_MISSING,
    RULE_PENDING,        /* a step not yet due: set by the evaluator, never by a rule */
    RULE_WARN,
    RULE_NOT_APPLICABLE,
    RULE_ERROR
};
#define RULE_STATUS_COUNT 8

/* "pass", "fail", ... as in result.md; NULL for an out-of-range value. */
const char *rule_status_name(enum rule_status status);

#define OUTCOME_CODE_MAX 64
#define OUTCOME_NO_DAY INT32_MIN

struct outcome {
    enum rule_status status;
    char code[OUTCOME_CODE_MAX]; /* message code within the rule, e.g. "too_young" */
    cJSON *facts;                /* object, dates as "YYYY-MM-DD"; owned; NULL: none */
    cJSON *missing;              /* array of JSON path strings; owned; NULL: none */
    admit_day earliest;          /* hint, or OUTCOME_NO_DAY */
    admit_day latest;            /* hint, or OUTCOME_NO_DAY */
    char *error;                 /* for RULE_ERROR: what went wrong; owned */
};

/* Start an empty `pass` outcome, without facts or missing paths: each is
 * made when its first is added (outcome_facts, outcome_add_missing).  Most
 * lines of a brief result show neither, and an empty object and an empty
 * array made and freed for each line were 2 of a record's 1 200 cJSON
 * allocations per line (docs/performance.md, change 58). */
void outcome_init(struct outcome *out);

/* The outcome's facts object, made empty if it has none.  NULL when out of
 * memory. */
cJSON *outcome_facts(struct outcome *out);

/* Free what the outcome owns and leave it empty (safe to call twice). */
void outcome_release(struct outcome *out);

/* Set status and code (code may be NULL: keep the current one). */
void outcome_set(struct outcome *out, enum rule_status status, const char *code);

/* Turn the outcome into an `error` whose message is printf-formatted; bytes
 * of the message that are not well-formed UTF-8 become '?'. */
void outcome_set_error(struct outcome *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Add a date fact as "YYYY-MM-DD".  Returns 0, or -1 when out of memory. */
int outcome_fact_date(struct outcome *out, const char *key, admit_day day);

/* Add a missing path.  Returns 0, or -1 when out of memory. */
int outcome_add_missing(struct outcome *out, const char *path);

#endif
