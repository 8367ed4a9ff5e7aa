/*
 * validate_report.h - every input error of a dossier, for people and tools.
 *
 * Shared by `admit validate`, `admit fmt` and `admit check`: the lines
 * "FILE:LINE:COLUMN: PATH: MESSAGE" (the parts that are known), with the
 * rest counted ("… and 12 more"), and the JSON list
 * {file, path, line, column, message, expected?}.
 */
#ifndef ADMIT_VALIDATE_REPORT_H
#define ADMIT_VALIDATE_REPORT_H

#include <cjson/cJSON.h>

#include "dossier.h"
#include "messages.h"
#include "strbuf.h"

/* Errors shown for one file by default: enough to fix a dossier in one go,
 * few enough to read. */
#define VALIDATE_MAX_ERRORS 20

/*
 * schema_label_fn over a message catalog (`ctx` is a const struct messages *):
 * the text of code "label.<field>.<value>", else "label.<value>", in the
 * current language, or NULL.
 */
const char *validate_label(void *ctx, const char *field, const char *value);

/* Report options naming enumeration values from `catalog` (may be NULL). */
struct schema_report_options validate_report_options(const struct messages *catalog);

/*
 * Append one line per error of `report` to `out`, each starting with
 * `indent`, then "… và N lỗi khác" / "… and N more" when errors were left
 * out.  The first `skip` errors are not written (they were shown elsewhere).
 * With `width` > 0, an error longer than `width` characters is wrapped at
 * spaces, continued under `indent` and four spaces (for reports on a
 * terminal); 0 keeps each error on one line (for tools and editors).
 */
void validate_report_text(struct strbuf *out, const struct dossier_report *report,
                          const char *indent, size_t skip, size_t width);

/*
 * Append the errors of `report` to the JSON array `list` as objects
 * {file, path, line, column, message, expected} (line and column null when
 * unknown, expected only when there is one).  Returns 0, -1 when out of memory.
 */
int validate_report_json(cJSON *list, const struct dossier_report *report);

/* Add a single error (a file that cannot be read, a date no edition covers)
 * to `report`.  Returns 0, -1 when out of memory. */
int validate_report_add(struct dossier_report *report, const char *path, const char *message);

#endif
