/*
 * audit_report.h - the audit's reports: report.html, report.csv and
 * report.xlsx in the output folder of `admit audit` (docs/audit-reports.md).
 *
 * How the audit engine calls it, in one place:
 *
 *     struct audit_report *rep;
 *     audit_report_open(dir, &opt, &rep, &err);          -- before the first record
 *     for each record, in input order:
 *         struct audit_report_row row;
 *         audit_report_row_from_line(&row, input, dossier, line);
 *         row.main_anchor = ...; row.edition = ...;     -- what the engine knows better
 *         audit_report_add(rep, &row, &err);
 *     audit_report_finish(rep, summary, &err);           -- summary.json's tree, quotas included
 *     audit_report_free(rep);
 *
 * Per-record rows (report.csv, the xlsx "records" sheet) are streamed as
 * records come, so memory does not grow with the number of records; the
 * figures (report.html, the other sheets) come from the summary alone.
 * Every file is written under a temporary name in `dir` (created 0600) and
 * renamed by audit_report_finish only when all three are complete;
 * audit_report_free without a successful finish removes the temporary files
 * and leaves any earlier report in place.
 *
 * The HTML page is self-contained (inline CSS and SVG, no script, nothing
 * fetched), printable on A4, in the options' language; the verdict and
 * procedure words are those of report_words.h.  Nothing here prints or reads
 * the clock: the run's time is in the summary's `run`.
 */
#ifndef ADMIT_AUDIT_REPORT_H
#define ADMIT_AUDIT_REPORT_H

#include <cjson/cJSON.h>

#include "audit_line.h"
#include "i18n.h"
#include "status.h"
#include "strbuf.h"

struct audit_report_options {
    enum admit_lang lang;         /* texts of the reports (messages keep the results' language) */
    int html, csv, xlsx;          /* which files to write (all three: 1, 1, 1) */
};

/*
 * One row of report.csv: the record's columns (audit.md).  Every pointer is
 * borrowed for the duration of audit_report_add; any may be NULL (empty
 * cell).  Dates are YYYY-MM-DD.
 */
struct audit_report_row {
    const char *input;            /* FILE:LINE, FILE or DB#id */
    const struct audit_line *line;   /* its result line (admit.result/1 or its input-error form) */
    const char *main_anchor;
    const char *decision_date;
    const char *edition;          /* the edition of the main anchor */
    const char *committee;        /* the committee directly above the branch */
    const char *branch;
};

/*
 * Fill `row` from the record's input name, its dossier (may be NULL, e.g. for
 * an input error) and the view of its result line (NULL: none): the main anchor as
 * rulebook.md defines it (branch vote, else the result's evaluation date),
 * the decision date, the committee above the branch in committee_path, the
 * branch id, and as edition the most frequent edition among the rules that
 * use the main anchor (the eligibility rules).  Pointers into `dossier` and
 * `line`.
 */
void audit_report_row_from_line(struct audit_report_row *row, const char *input,
                                const cJSON *dossier, const struct audit_line *line);

struct audit_report;

/*
 * Start the reports in `dir` (which must exist).  Returns ADMIT_OK with *out,
 * or ADMIT_EIO (err names the file) / ADMIT_ENOMEM.
 */
enum admit_status audit_report_open(const char *dir, const struct audit_report_options *opt,
                                    struct audit_report **out, struct admit_error *err);

/* Append one record's row.  ADMIT_EIO on a write error (err names the file). */
enum admit_status audit_report_add(struct audit_report *rep, const struct audit_report_row *row,
                                   struct admit_error *err);

/*
 * Write the figures from `summary` (`admit.audit/1`), close every file and
 * rename them into place.  ADMIT_EIO on a write error, ADMIT_ENOMEM.
 */
enum admit_status audit_report_finish(struct audit_report *rep, const cJSON *summary,
                                      struct admit_error *err);

/* Close and free; temporary files of an unfinished report are removed.  NULL does nothing. */
void audit_report_free(struct audit_report *rep);

/* ----------------------------------------------- per format (audit_report_*.c) */

/* The whole HTML page for `summary` appended to `out` (out->failed when out of memory). */
void audit_report_html(struct strbuf *out, const cJSON *summary, enum admit_lang lang);

/* The rule columns of a row (report.csv, the xlsx records sheet), in order. */
enum audit_rule_column {
    AUDIT_COL_FAIL,            /* fail, severity other than process */
    AUDIT_COL_MISSING,
    AUDIT_COL_NEEDS_APPROVAL,
    AUDIT_COL_PROCESS,         /* fail with severity process: process_violations */
    AUDIT_COL_ERROR,
    AUDIT_RULE_COLUMNS
};

/*
 * Append to lists[c] the ids of the rules of `line` that belong to column
 * c, joined by ";" in the result's order; one pass over the results (a
 * record's row has five such columns, in two reports).  `lists` are
 * initialised strbufs.
 */
void audit_report_rule_columns(const struct audit_line *line,
                               struct strbuf lists[AUDIT_RULE_COLUMNS]);

/* The CSV header line, and one record's line (RFC 4180, CRLF line ends). */
void audit_report_csv_header(struct strbuf *out);
void audit_report_csv_row(struct strbuf *out, const struct audit_report_row *row,
                          const struct strbuf rules[AUDIT_RULE_COLUMNS]);

/* The xlsx workbook, opaque to the caller (audit_report_xlsx.c). */
struct audit_xlsx;
struct audit_xlsx *audit_xlsx_open(const char *path, const char *tmpdir, enum admit_lang lang);
int audit_xlsx_row(struct audit_xlsx *x, const struct audit_report_row *row,
                   const struct strbuf rules[AUDIT_RULE_COLUMNS]);   /* 0 or -1 */
int audit_xlsx_finish(struct audit_xlsx *x, const cJSON *summary);              /* 0 or -1; frees x */
void audit_xlsx_abandon(struct audit_xlsx *x);                                  /* frees x; NULL ok */

#endif
