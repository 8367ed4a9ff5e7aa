/*
 * jsontext.h - strict parsing of untrusted JSON text.
 *
 * cJSON parses; this module adds what an auditor's input needs on top:
 * well-formed UTF-8, no raw control characters in strings, a nesting limit,
 * no duplicate keys (a second "birth_date" must not silently win), finite
 * numbers, arrays of bounded length, nothing after the value, and errors
 * that say where: "line L, column C" for the text, a JSON path for the tree.
 */
#ifndef ADMIT_JSONTEXT_H
#define ADMIT_JSONTEXT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "status.h"

/* The deepest nesting jsontext_parse can report paths in (limits above it
 * are refused as too deep). */
#define JSONTEXT_TRAIL_MAX 128

struct jsontext_limits {
    size_t max_depth;   /* nesting of arrays and objects; the root is depth 1 */
    size_t max_items;   /* items of one array */
};

/*
 * Parse `len` bytes of `text` (need not be terminated).  `source` names the
 * input in errors.  On success returns ADMIT_OK and *out (caller frees with
 * cJSON_Delete); else ADMIT_EINPUT or ADMIT_ENOMEM, *out NULL, and `err`
 * with err->path "line L, column C" (syntax, encoding, depth) or the JSON path
 * (duplicate key, array too long, number out of range).
 */
enum admit_status jsontext_parse(const char *text, size_t len, const char *source,
                                 const struct jsontext_limits *limits, cJSON **out,
                                 struct admit_error *err);

/*
 * Append to `buf` (holding `used` bytes, `size` in all) one step of a JSON
 * path: ".key" (or "key" at the start) or "[index]".  Returns the new length,
 * or `size` when it did not fit.
 */
size_t jsontext_path_push(char *buf, size_t size, size_t used, const char *key, int index);

/*
 * Where `node` (a node of `root`, parsed from `text` by jsontext_parse) is
 * written in `text`: line and column (both from 1, columns in characters) of
 * its value, or with `at_key` of its member name.  Members are found by their
 * position, so keys need no decoding (jsontext_parse refuses duplicates).
 * Returns 0, or -1 when node is not in root or the text does not match it.
 */
int jsontext_locate(const char *text, size_t len, const cJSON *root, const cJSON *node, int at_key,
                    int *line, int *column);

/*
 * Read and parse a JSON data file of the engine's own (rules, messages,
 * schemas): at most 4 MiB, 64 levels, 100000 items per array.  Errors as
 * jsontext_parse, or ADMIT_EIO.  Caller frees *out with cJSON_Delete.
 */
enum admit_status jsontext_read_file(const char *path, cJSON **out, struct admit_error *err);

/* The size jsontext_read_file allows. */
#define JSONTEXT_FILE_MAX (4u << 20)

/* The parse of jsontext_read_file, of a text already read from `path`
 * (at most JSONTEXT_FILE_MAX bytes). */
enum admit_status jsontext_parse_file(const char *path, const char *text, size_t len, cJSON **out,
                                      struct admit_error *err);

#endif
