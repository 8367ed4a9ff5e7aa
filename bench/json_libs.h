/*
 * json_libs.h - the parse + free functions json_libs.c times, one file per
 * library (jansson's and json-c's headers cannot be included together: both
 * declare json_object, json_type, json_object_get...).
 *
 * Each function parses `len` bytes of `text` (not necessarily terminated),
 * frees the tree and returns a small number taken from it (the root's type),
 * or -1 with *why set when the text does not parse.
 */
#ifndef BENCH_JSON_LIBS_H
#define BENCH_JSON_LIBS_H

#include <stddef.h>

/* json_libs_jansson.c: json_loadb(flags) + json_decref. */
int bench_jansson(const char *text, size_t len, size_t flags, const char **why);
extern const size_t bench_jansson_reject_duplicates;   /* JSON_REJECT_DUPLICATES */

/* json_libs_jsonc.c: json_tokener_parse_ex + json_object_put. */
int bench_jsonc_init(void);        /* the two shared tokeners; 0 on success */
void bench_jsonc_done(void);
int bench_jsonc(const char *text, size_t len, int strict, const char **why);  /* reused tokener */
int bench_jsonc_newtok(const char *text, size_t len, const char **why);       /* one per call */

#endif
