/*
 * audit_output.h - the files of `admit audit --out DIR` (docs/audit.md,
 * "Outputs"): the folder (0700), results.jsonl written with complete lines
 * only, and whole files written to a temporary name and renamed (0600),
 * whatever the umask.  Every error names the file.
 */
#ifndef ADMIT_AUDIT_OUTPUT_H
#define ADMIT_AUDIT_OUTPUT_H

#include <stdio.h>

#include "status.h"
#include "strbuf.h"

#define AUDIT_RESULTS_NAME "results.jsonl"
#define AUDIT_SUMMARY_NAME "summary.json"
#define AUDIT_COMPARE_NAME "compare.jsonl"

/*
 * Make `dir` ready: created 0700 when absent.  A directory that holds
 * anything is refused (ADMIT_EUSAGE) unless `force` or `resume`.
 */
enum admit_status audit_output_prepare(const char *dir, int force, int resume,
                                       struct admit_error *err);

/* results.jsonl being written: complete lines only. */
struct audit_results {
    char path[4096];
    int fd;
    struct strbuf buf;         /* complete lines not yet written */
    long long kept;            /* lines kept from an interrupted run (--resume) */
    FILE *kept_file;           /* reads the kept lines back, in order; NULL when none */
    long long kept_read;
};

/*
 * Open DIR/results.jsonl.  Without `resume` it is created empty (0600).  With
 * `resume`, an incomplete last line is cut off and the complete lines are
 * kept: r->kept counts them and audit_results_next_kept reads them back.
 */
enum admit_status audit_results_open(struct audit_results *r, const char *dir, int resume,
                                     struct admit_error *err);

/* The same for another file of lines, DIR/NAME (compare.jsonl). */
enum admit_status audit_lines_open(struct audit_results *r, const char *dir, const char *name,
                                   int resume, struct admit_error *err);

/* The next kept line (without its newline) into *line (caller frees), or
 * 0 when none is left; -1 with err on a read error. */
int audit_results_next_kept(struct audit_results *r, char **line, size_t *len,
                            struct admit_error *err);

/* Append one line (`line` without newline); written out in blocks. */
enum admit_status audit_results_add(struct audit_results *r, const char *line,
                                    struct admit_error *err);

/* Write what is buffered, sync, and close.  Returns the first error. */
enum admit_status audit_results_close(struct audit_results *r, struct admit_error *err);

/* Write `len` bytes as DIR/NAME through a temporary file and a rename, 0600. */
enum admit_status audit_output_write_file(const char *dir, const char *name, const char *data,
                                          size_t len, struct admit_error *err);

#endif
