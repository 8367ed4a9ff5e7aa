/*
 * fmt_json.h - the normal form of a JSON document, for `admit fmt`.
 *
 * Two-space indent, one member or item per line, "key": value, empty
 * containers as {} and [], UTF-8 written as is (only quotes, backslashes and
 * control characters are escaped), every string (keys too) in Unicode NFC
 * (libutf8proc), numbers as cJSON reads them back (shortest of %.15g and
 * %.17g that round-trips), a final newline.  Member order is the tree's:
 * order it first (schema_order_keys).  The form is a fixed point: printing the
 * parse of the output gives the output again.
 */
#ifndef ADMIT_FMT_JSON_H
#define ADMIT_FMT_JSON_H

#include <cjson/cJSON.h>

#include "strbuf.h"

/*
 * Append `node` in normal form to `out`.  Returns 0, or -1 when out of memory
 * or a string is not valid UTF-8 (out is then incomplete).
 */
int fmt_json(struct strbuf *out, const cJSON *node);

/*
 * `text` in Unicode NFC, as a new string (caller frees), or NULL when out of
 * memory or `text` is not valid UTF-8.
 */
char *fmt_nfc(const char *text);

#endif
