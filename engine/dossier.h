/*
 * dossier.h - one dossier, read, parsed, validated and ready for rules.
 *
 * dossier_load() turns bytes into a `struct dossier` or an input error that
 * names the file, the JSON path (or line:column) and what was expected.  A
 * loaded dossier is immutable; rules and plugins read it concurrently.
 *
 * Every string the schema declares as a date is parsed once, at load time,
 * into a day number kept beside the node (see dossier_node_day).
 */
#ifndef ADMIT_DOSSIER_H
#define ADMIT_DOSSIER_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "schema.h"
#include "status.h"

struct alloc_arena;
struct schema;

/* Hard limits of dossier.md, "Size limits". */
#define DOSSIER_MAX_BYTES (1024 * 1024)
#define DOSSIER_MAX_DEPTH 64

struct dossier {
    cJSON *root;           /* the validated document; owned, unless root_in_arena */
    int root_in_arena;     /* root is wholly in an arena (alloc.h): dossier_free leaves it */
    const char *id;        /* root.id, points into root */
    int recognition;       /* procedure is "recognition" */
    admit_day as_of;       /* root.as_of, or OUTCOME_NO_DAY when absent */
    char source[256];      /* "FILE" or "FILE:LINE", for messages */
};

/*
 * Parse and validate `len` bytes of `text` (not necessarily terminated) as a
 * dossier, against `schema`.  `source` names the input in error messages.
 * On success returns ADMIT_OK and *out (caller frees with dossier_free); else
 * ADMIT_EINPUT or ADMIT_ENOMEM with `err` filled, and *out NULL.
 * `err->path` is the JSON path, or "line L, column C" for a syntax error.
 */
enum admit_status dossier_parse(const struct schema *schema, const char *source,
                                const char *text, size_t len, struct dossier **out,
                                struct admit_error *err);

/* One input error of a dossier (dossier_parse_report). */
struct dossier_issue {
    char path[256];                  /* JSON path in result.md notation, "" for the root or the text */
    int line, column;                /* where in the text, from 1; 0 when not known */
    char message[ADMIT_ERROR_MAX];   /* what is wrong and what was expected */
    char expected[512];              /* what was expected alone, or "" */
};

/* Every input error of one dossier, in document order. */
struct dossier_report {
    char file[256];                  /* the `source` the dossier was read as */
    struct dossier_issue *items;     /* the first `count` errors (at most the `max` asked) */
    size_t count;
    size_t total;                    /* errors found, >= count */
};

/*
 * dossier_parse, reporting every input error instead of the first: a text
 * that is not strict JSON gives one error (parsing stops there); a JSON
 * document gives every schema violation (schema_validate_all; `opt` may be
 * NULL) with its line and column.  Returns ADMIT_OK with *out, or ADMIT_EINPUT
 * with report->count >= 1 and `err` holding the first error, or ADMIT_ENOMEM.
 * The caller releases `report` with dossier_report_release in every case.
 */
enum admit_status dossier_parse_report(const struct schema *schema,
                                       const struct schema_report_options *opt,
                                       const char *source, const char *text, size_t len,
                                       struct dossier **out, struct dossier_report *report,
                                       struct admit_error *err);

/*
 * dossier_parse_report, with the tree made in `arena` (alloc.h) unless it is
 * NULL: the arena is begun again (with chunks of `chunk` bytes), so the trees
 * it held must no longer be in use, and a tree wholly in it is marked
 * root_in_arena, which dossier_free then leaves to the arena.  Only the
 * parse is routed into it: what the caller does next allocates as usual.
 */
enum admit_status dossier_parse_report_in(struct alloc_arena *arena, size_t chunk,
                                          const struct schema *schema,
                                          const struct schema_report_options *opt,
                                          const char *source, const char *text, size_t len,
                                          struct dossier **out, struct dossier_report *report,
                                          struct admit_error *err);

/*
 * Parse and validate the dossier (as dossier_parse_report) and keep the
 * parsed tree: for `admit fmt`, which prints the tree it checked.  On success
 * *root (caller frees with cJSON_Delete).
 */
enum admit_status dossier_parse_tree(const struct schema *schema,
                                     const struct schema_report_options *opt, const char *source,
                                     const char *text, size_t len, cJSON **root,
                                     struct dossier_report *report, struct admit_error *err);

/* Free the report's errors; the struct is left empty.  NULL is allowed. */
void dossier_report_release(struct dossier_report *report);

/* Free a dossier; NULL is allowed. */
void dossier_free(struct dossier *dossier);

/*
 * The node at `path` ("candidate.birth_date", "introducers[0].member_id"),
 * or NULL when absent.  JSON null comes back as a cJSON_NULL node.
 * *malformed (when not NULL) is set to 1 for a path that cannot be read.
 */
const cJSON *dossier_lookup(const struct dossier *dossier, const char *path, int *malformed);

/* 1 when `node` is a string the schema declared as a date. */
int dossier_node_is_date(const cJSON *node);

/* The day number of a date node (see dossier_node_is_date). */
admit_day dossier_node_day(const cJSON *node);

#endif
