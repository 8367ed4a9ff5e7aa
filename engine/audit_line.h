/*
 * audit_line.h - what the audit's summary, quotas and reports read of a
 * record's line of results.jsonl.
 *
 * A line is written from its record's result, or kept from an earlier run
 * (--resume) and read back.  Both give the same view: audit_line_from_result
 * gives, member for member, what audit_line_from_tree gives for the line
 * written from that result (a brief line's passing entries say no more than
 * their rule and status, so their view has no severity, edition or hint
 * either).  A resumed run therefore adds up exactly as an uninterrupted one,
 * and a fresh record's line is written as text without a tree made only to
 * be read (docs/performance.md, change 77).
 *
 * The view points into what it was made from (the result, or the line's
 * tree), which must outlive it; only its entries are its own.
 */
#ifndef ADMIT_AUDIT_LINE_H
#define ADMIT_AUDIT_LINE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "result.h"

/* One criterion's member of "results".  A text absent from the line, or
 * null in it, is NULL. */
struct audit_line_entry {
    const char *rule;
    const char *status;
    const char *severity;
    const char *edition;
    admit_day earliest;       /* hint.earliest, or OUTCOME_NO_DAY */
};

struct audit_line {
    int input_error;          /* the line is an input error's ("input_error" present) */
    const char *dossier;
    const char *procedure;
    const char *verdict;      /* none in an input error's line */
    const char *as_of;        /* the evaluation date, YYYY-MM-DD */
    const char *error_path;   /* an input error's "path" and "message" */
    const char *error_message;
    struct audit_line_entry *entries;   /* owned, with the text of as_of from a result */
    size_t count;
};

/* The view of the line written from `r` (brief without --full).  0, or -1
 * when out of memory (nothing to release then). */
int audit_line_from_result(struct audit_line *line, const struct result *r, int brief);

/* The view of a line read back as a tree.  0, or -1 when out of memory. */
int audit_line_from_tree(struct audit_line *line, const cJSON *tree);

/* Free the entries; the view is then empty.  An empty view may be released. */
void audit_line_release(struct audit_line *line);

#endif
