/*
 * schema.h - a compact JSON Schema (draft-07) validator for the project's own schemas.
 *
 * It implements exactly the keywords that schemas/ uses, and refuses at load
 * time any schema that uses something else, so that a schema can never rely on
 * a keyword this engine would silently ignore:
 *
 *   type (a name or an array of names; "integer" is a number without a
 *   fractional part, so 1.0 is an integer), properties, required,
 *   additionalProperties (boolean or schema), patternProperties, enum, const,
 *   items (one schema; the array "tuple" form is refused), minItems, maxItems,
 *   minLength, maxLength (in Unicode code points), minimum, maximum, pattern,
 *   format ("date" is asserted: a real proleptic Gregorian day written
 *   YYYY-MM-DD, see date_parse; every other format is an annotation),
 *   $ref, definitions, anyOf, oneOf, and the boolean schemas true and false.
 *   Annotations: $schema (must name draft-07), $id (root only), title,
 *   description, default, $comment, examples, and the project's own
 *   "x-pattern-text": {"vi": TEXT, "en": TEXT}: what the `pattern` beside it
 *   asks for, in words ("12 digits"), used in the message of a value that does
 *   not match (or has the wrong length) instead of the regular expression,
 *   which is never shown to a user.
 *
 * Restrictions, each a load error rather than a silent difference:
 * - $ref is local: "#" or a JSON pointer "#/..." (with ~0, ~1 and %XX escapes)
 *   that lands on a subschema of the same document (in practice
 *   "#/definitions/NAME").  Draft-07 ignores the keywords beside a $ref, so
 *   only annotations and "definitions" may sit beside one.
 * - $id is accepted at the root only (it would change $ref resolution below).
 * - A chain of $ref/anyOf/oneOf that comes back to itself without descending
 *   into a property or an item (it would never terminate) is refused.
 * - Patterns are compiled with POSIX regcomp(REG_EXTENDED | REG_NOSUB) (or, for
 *   fixed-width patterns of ASCII classes such as "^[0-9]{12}$", matched by a
 *   small built-in matcher with the same meaning).  They must stay within the
 *   common subset of ECMA-262 and POSIX ERE; constructs whose meaning differs
 *   are refused: escapes of letters and digits (\d, \w, \b, \1...), any
 *   backslash inside brackets, "(?", "[]", "[^]", POSIX classes ("[:alpha:]"),
 *   "{" not followed by a digit, non-ASCII bytes inside brackets or before a
 *   quantifier.  Matching is on bytes: "." matches one byte and also a newline
 *   (ECMA-262: one UTF-16 unit, not a newline), so do not bound repetitions of
 *   "." over non-ASCII text.  As in JSON Schema, patterns are not anchored.
 *
 * Thread safety: a loaded schema is immutable; any number of threads may call
 * schema_validate() on it at once (each on its own instance).
 */
#ifndef ADMIT_SCHEMA_H
#define ADMIT_SCHEMA_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "status.h"

/* A compiled schema; opaque. */
struct schema;

/*
 * The bit schema_validate() sets in `node->type` of every string node that
 * validated against `format: "date"`.  cJSON reads its types through a 0xFF
 * mask and cJSON_Delete() ignores this bit, so a marked node stays an ordinary
 * string for cJSON.
 */
#define SCHEMA_DATE_MARK (1 << 12)

/* Largest schema file schema_load() reads. */
#define SCHEMA_MAX_FILE_BYTES (1024 * 1024)

/*
 * Deepest nesting, of schemas inside a schema and of values inside a validated
 * instance; deeper is a load error, respectively an input error.
 */
#define SCHEMA_MAX_DEPTH 128

/*
 * Read the schema file at `path` (at most SCHEMA_MAX_FILE_BYTES) and compile
 * it as schema_compile() does, naming it `path` in errors.
 * Returns ADMIT_OK and *out (caller frees with schema_free), else *out is NULL
 * and: ADMIT_EIO (cannot read, too large), ADMIT_ERULES (not JSON, or not a
 * schema this engine implements; err->path is "line L, column C" or a JSON
 * pointer "#/definitions/vote" into the schema), ADMIT_ENOMEM.
 */
enum admit_status schema_load(const char *path, struct schema **out, struct admit_error *err);

/*
 * Compile the parsed schema `doc`.  `name` (may be NULL) names it in errors.
 * Regexes are compiled and $refs resolved here, so that validation never fails
 * for a reason that is the schema's fault.  The schema keeps its own copy of
 * what it needs: the caller keeps ownership of `doc` and may free it at once.
 * Returns ADMIT_OK and *out (caller frees with schema_free), else *out is NULL
 * and ADMIT_ERULES (with err->file = name, err->path = the JSON pointer of the
 * offending subschema) or ADMIT_ENOMEM.
 */
enum admit_status schema_compile(const cJSON *doc, const char *name, struct schema **out,
                                 struct admit_error *err);

/*
 * schema_compile without the copy: the schema points into `doc`, which must
 * stay unchanged until schema_free.  For a document the caller keeps anyway
 * (the rulebook's dossier schema, whose labels the messages read): copying
 * 73 KB of JSON was a tenth of the schema's cost at every start.
 */
enum admit_status schema_compile_borrowing(const cJSON *doc, const char *name,
                                           struct schema **out, struct admit_error *err);

/*
 * Remove from `doc` every annotation of every schema in it: the keywords
 * compiling ignores (title, description, default, $comment, examples and the
 * dossier schema's x-description-en, x-title-en, x-labels, x-steps), found
 * where compiling finds schemas (properties, patternProperties, definitions,
 * additionalProperties, items, anyOf, oneOf), never inside an enum, a const
 * or a property's name.  A document that compiled before compiles after to a
 * validator accepting and refusing the same instances, with the same errors:
 * the rulebook image carries the dossier schema so (rulebook_image.h), a
 * quarter of its 73 KB, parsed at every start.
 */
void schema_strip_annotations(cJSON *doc);

/* Free a schema; NULL is allowed. */
void schema_free(struct schema *s);

/*
 * Validate `instance` against `s`.
 * Returns ADMIT_OK, or ADMIT_EINPUT with the first violation found (objects in
 * document order: a member's own violations, then missing required keys):
 * err->path is the instance path in result.md notation ("introducers[0].signed_on",
 * empty for the root) and err->message says what is wrong and what was
 * expected, in the user's language (i18n.h).  Where anyOf/oneOf fails, the
 * message is the one of the alternative that came furthest (for "X or null",
 * the X), or "expected an object or null, got a string" when every alternative
 * failed on the type.  ADMIT_ENOMEM if the regex library runs out of memory;
 * ADMIT_EINTERNAL for a NULL argument.  Nothing is allocated on success.
 *
 * Side effect: every string node that validates against a `format: "date"`
 * subschema that took part in the successful validation gets SCHEMA_DATE_MARK
 * in node->type and its day number (date.h) in node->valueint and
 * node->valuedouble.  Subschemas of an anyOf/oneOf alternative that did not
 * validate leave no mark: alternatives are tried without marking, and only
 * those that validated are applied again with marking (the last alternative
 * left is applied with marking directly, as its failure fails the whole).
 * After a failed validation some date nodes may be marked: discard or
 * ignore the instance.  Marks are never removed, so validate an instance
 * against one schema only.
 */
enum admit_status schema_validate(const struct schema *s, cJSON *instance, struct admit_error *err);

/*
 * Every violation at once, for `admit validate` and input errors.
 *
 * Violations are reported in document order, one per value (the first check
 * that fails on it: a wrong type says nothing about the value's enumeration),
 * every unknown key and every missing required key of an object.  An anyOf or
 * oneOf that fails is one violation source: its most useful alternative (as
 * in schema_validate) is reported with all of its own violations; when every
 * alternative failed on the type, one "expected X or null" is reported.
 */

/* The label of an enumeration value ("grassroots_committee" -> "Đảng ủy cơ sở")
 * of the member `field` (NULL for an array item: the value alone names it),
 * or NULL when it has none.  The returned text must outlive the call. */
typedef const char *(*schema_label_fn)(void *ctx, const char *field, const char *value);

struct schema_report_options {
    size_t max;               /* violations kept; 0 means 20.  All are counted. */
    schema_label_fn label;    /* names enumeration values beside the values; may be NULL */
    void *label_ctx;
};

struct schema_issue {
    const cJSON *node;        /* the value at fault; for an unknown key, the member */
    int at_key;               /* 1: the member's key itself is at fault (unknown key) */
    char path[256];           /* result.md notation, "" for the root */
    char message[ADMIT_ERROR_MAX];   /* what is wrong and what was expected */
    char expected[512];       /* what was expected alone ("YYYY-MM-DD", "male, female"), or "" */
};

struct schema_issues {
    struct schema_issue *items;  /* `count` of them, in document order */
    size_t count;
    size_t total;                /* violations found, >= count */
};

/*
 * Validate `instance` against `s`, collecting violations into *out (caller
 * releases with schema_issues_release, also after an error).  Returns ADMIT_OK
 * (no violation, out->count 0), ADMIT_EINPUT (out->count >= 1), ADMIT_ENOMEM,
 * ADMIT_EINTERNAL for a NULL argument (err filled for the last two).  The
 * issues point into `instance` (node): free it after them.  Date marking as
 * schema_validate.  `opt` may be NULL (defaults).
 */
enum admit_status schema_validate_all(const struct schema *s, cJSON *instance,
                                      const struct schema_report_options *opt,
                                      struct schema_issues *out, struct admit_error *err);

/* Free the issues; the struct is left empty. */
void schema_issues_release(struct schema_issues *issues);

/*
 * Reorder the members of every object of `instance` into the order of the
 * schema's `properties` (following $ref, items, additionalProperties,
 * patternProperties, and of anyOf/oneOf the first alternative that declares
 * properties and allows an object); members the schema does not name (x_
 * keys) follow in their own order.  For `admit fmt`, on a valid instance.
 */
void schema_order_keys(const struct schema *s, cJSON *instance);

/* 1 when `node` is a string that schema_validate() marked as a date, else 0 (NULL too). */
int schema_is_date(const cJSON *node);

/* The day number (days since 1970-01-01) of a marked date node; 0 for others. */
int32_t schema_date_day(const cJSON *node);

#endif
