/*
 * result.h - the result of evaluating one dossier (result.md).
 *
 * A result owns its entries; entries own their texts and JSON values.  An
 * input that could not be evaluated is a result too (`input_error` set), so
 * that a list of results keeps every input in its place.
 */
#ifndef ADMIT_RESULT_H
#define ADMIT_RESULT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "outcome.h"
#include "rulebook.h"

enum verdict {
    VERDICT_ELIGIBLE = 0,
    VERDICT_NOT_ELIGIBLE,
    VERDICT_INCOMPLETE,
    VERDICT_ERROR,
    VERDICT_READY            /* in order so far, a step of the procedure still to come */
};
#define VERDICT_COUNT 5

/* "eligible", "not_eligible", "incomplete", "error", "ready". */
const char *verdict_name(enum verdict verdict);

struct result_entry {
    char *rule;              /* one block of memory with `edition` and `cite` (result_add) */
    enum rule_status status;
    enum rule_severity severity;
    char code[OUTCOME_CODE_MAX]; /* the message code, e.g. "too_young" */
    char *edition;           /* NULL: no edition applies; else in `rule`'s block */
    char *cite;              /* NULL: none; else in `rule`'s block */
    char *message;           /* NULL for a pass or not_applicable entry of an evaluation
                                with eval_options.brief (no brief result prints it) */
    cJSON *facts;            /* object; NULL: none (written as {}) */
    cJSON *missing;          /* array of strings; NULL: none (written as []) */
    admit_day earliest;      /* OUTCOME_NO_DAY when absent */
    admit_day latest;
};

struct result {
    char *dossier;           /* the dossier id; NULL when unknown (input error) */
    char *procedure;         /* "admission" | "recognition" */
    char *input;             /* "FILE" or "FILE:LINE" */
    enum verdict verdict;
    admit_day as_of;
    char *next_step;         /* the first step not yet happened (result.md, "Steps");
                                NULL when every step has happened; owned */
    struct result_entry *entries;
    size_t count, alloc;
    size_t counts[RULE_STATUS_COUNT];
    /* For an input that could not be evaluated: */
    int input_error;
    char *error_path;
    char *error_message;
};

/* A new empty result for `input`.  NULL when out of memory. */
struct result *result_new(const char *input);

/* An input-error result (dossier id may be NULL).  NULL when out of memory. */
struct result *result_new_input_error(const char *input, const char *dossier, const char *path,
                                      const char *message);

void result_free(struct result *r);

/*
 * Append an entry, taking over the outcome's facts and missing list (the
 * outcome is left empty).  Strings are copied.  Returns 0, or -1 when out of
 * memory.
 */
int result_add(struct result *r, const char *rule, enum rule_severity severity,
               const char *edition, const char *cite, char *message_owned,
               struct outcome *outcome);

/* Set next_step to a copy of `step` (NULL: none).  Returns 0, or -1 when out of memory. */
int result_set_next_step(struct result *r, const char *step);

/* Compute counts and the verdict from the entries (result.md, "Verdict"). */
void result_finish(struct result *r);

/*
 * Whether a brief result (eval_options.brief; the audit's lines without
 * --full) says no more of an entry with this status than its rule and its
 * status: no message, facts or hint.  Its entries that pass or do not apply.
 * One rule for the evaluation that leaves their messages out, the writer of
 * the brief line and the audit's view of that line (audit_line.h).
 */
static inline int result_status_said_briefly(enum rule_status status)
{
    return status == RULE_PASS || status == RULE_NOT_APPLICABLE;
}

/* Exit-code contribution of one result (result.md, "Exit codes"). */
int result_exit_code(const struct result *r);

#endif
