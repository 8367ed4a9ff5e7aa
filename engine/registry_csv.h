/*
 * registry_csv.h - a member list exported from a spreadsheet (CSV), checked
 * row by row before anything is written to a registry (docs/registry.md,
 * "Importing from a spreadsheet").
 *
 * The first row names the columns; the seven columns of the registry must
 * all be there, in any order (names compared ignoring case); any other
 * column, or one without a name, is ignored.  Each row must be a complete,
 * consistent membership period: dates YYYY-MM-DD and real, national_id of
 * 12 digits (or the 9 of an old identity card), left_reason among the
 * values of previous_membership.reason, official_since and left_on not
 * before admitted_on, left_reason only with left_on, each (member_id,
 * admitted_on) once.  Empty fields of the nullable columns are NULL; rows
 * whose fields are all empty (spreadsheets export them) are skipped.
 *
 * The first bad row stops the reading: the error names the file, the line
 * and column of the bad field, the column's name and what was expected.
 */
#ifndef ADMIT_REGISTRY_CSV_H
#define ADMIT_REGISTRY_CSV_H

#include <stddef.h>

#include "csvtext.h"
#include "status.h"

/* The registry's columns, in the order of schemas/registry.sql. */
enum registry_csv_column {
    REGISTRY_CSV_MEMBER_ID,
    REGISTRY_CSV_NATIONAL_ID,
    REGISTRY_CSV_FULL_NAME,
    REGISTRY_CSV_ADMITTED_ON,
    REGISTRY_CSV_OFFICIAL_SINCE,
    REGISTRY_CSV_LEFT_ON,
    REGISTRY_CSV_LEFT_REASON,
    REGISTRY_CSV_COLUMNS
};

/* Their names, indexed by enum registry_csv_column. */
extern const char *const registry_csv_column_names[REGISTRY_CSV_COLUMNS];

/* The values left_reason may take: those of previous_membership.reason in
 * schemas/dossier.schema.json (a unit test compares the two lists). */
extern const char *const registry_csv_reasons[];
extern const size_t registry_csv_reason_count;

/* One membership period, checked. */
struct registry_csv_row {
    int line;                                 /* the line where the row starts */
    int id_column;                            /* the column of its member_id field */
    const char *values[REGISTRY_CSV_COLUMNS]; /* NULL for an empty nullable field;
                                                 full_name in Unicode NFC */
};

/* The periods of a file.  Caller frees with registry_csv_free. */
struct registry_csv {
    struct csvtext *text;            /* owns the strings the rows point to */
    struct registry_csv_row *rows;
    size_t count;
    char ignored[256];               /* the ignored columns' names, ", "-separated,
                                        "" when none (cut at 255 bytes) */
};

/*
 * Read and check the CSV `text` (`len` bytes, terminated one byte past:
 * input_read's buffers are) from the file `name` (used in messages).
 * Returns ADMIT_OK and *out (caller frees), or, with *out NULL:
 * ADMIT_EINPUT with err->file `name`, err->path "LINE:COLUMN" (empty when
 * the problem is the whole file) and err->message starting with the
 * column's name; ADMIT_ENOMEM.
 */
enum admit_status registry_csv_read(const char *name, const char *text, size_t len,
                                    struct registry_csv **out, struct admit_error *err);

/* Free a result of registry_csv_read; NULL is allowed. */
void registry_csv_free(struct registry_csv *csv);

#endif
