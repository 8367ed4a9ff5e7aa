/*
 * audit_summary.h - the figures of summary.json (`admit.audit/1`), added up
 * one record at a time in input order (docs/audit.md, "summary.json").
 *
 * A record contributes its results.jsonl line (its view, audit_line.h: the
 * brief or full form, or the input_error form) and the facts of its dossier
 * that the line does not hold (struct audit_facts).  Both are the same
 * whether the record was evaluated now or its line was kept by --resume, so
 * a resumed run adds up exactly as an uninterrupted one.
 */
#ifndef ADMIT_AUDIT_SUMMARY_H
#define ADMIT_AUDIT_SUMMARY_H

#include <cjson/cJSON.h>

#include "audit_line.h"
#include "date.h"
#include "dossier.h"
#include "rulebook.h"

/* What summary.json needs of a dossier beside its result line. */
struct audit_facts {
    int year;                 /* year of the main anchor; 0: no dossier */
    char edition[64];         /* edition in force on the main anchor; "": none */
    cJSON *committees;        /* copy of committee_path (array of strings) or NULL; owned */
};

/* Fill `f` from a validated dossier (NULL: an input error, nothing known).
 * `as_of` is the run's --as-of or OUTCOME_NO_DAY, `today` the day of the run.
 * Returns 0, or -1 when out of memory. */
int audit_facts_init(struct audit_facts *f, const struct dossier *d, const struct rulebook *book,
                     admit_day as_of, admit_day today);
void audit_facts_release(struct audit_facts *f);

struct audit_summary;

/* A new empty summary.  NULL when out of memory. */
struct audit_summary *audit_summary_new(void);
void audit_summary_free(struct audit_summary *s);

/* Count one record: `line` is the view of its result line.  Returns 0, or
 * -1 when out of memory. */
int audit_summary_add(struct audit_summary *s, const struct audit_line *line,
                      const struct audit_facts *f);

/* records, evaluated, input_errors so far. */
void audit_summary_counts(const struct audit_summary *s, long long *records, long long *evaluated,
                          long long *input_errors, long long *engine_errors);

/* What the run adds to the figures. */
struct audit_run_info {
    char *const *inputs;
    size_t input_count;
    admit_day as_of;          /* the evaluation date of the run (--as-of, else today) */
    const char *ruleset;      /* digest */
    const char *started;      /* "YYYY-MM-DDTHH:MM:SSZ" */
    double seconds;
    int threads;
};

/* The summary.json tree (format admit.audit/1), keys in the order of
 * docs/audit.md; "quotas" is an empty array for the quota hook to fill.
 * Caller frees with cJSON_Delete; NULL when out of memory. */
cJSON *audit_summary_json(const struct audit_summary *s, const struct audit_run_info *run);

#endif
