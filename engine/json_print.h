/*
 * json_print.h - JSON printed as cJSON prints it, faster: from a cJSON
 * tree, or written as it is made (json_writer, below).
 *
 * Every result admit writes (a check's JSON, a line of an audit's
 * results.jsonl, a served result) is text in cJSON's form: an audit's line
 * is its tree printed, a check's or a served answer is written without one.
 * cJSON's printer writes each character through bounds checks and each
 * number through sprintf and sscanf; printing was a twentieth of an audit.
 * These functions give the same bytes as cJSON_PrintUnformatted and
 * cJSON_Print of libcjson 1.7 (tests/unit/test_json_print.c compares them on
 * every result of the examples and on edge cases), so results stay byte for
 * byte what they were.
 */
#ifndef ADMIT_JSON_PRINT_H
#define ADMIT_JSON_PRINT_H

#include <cjson/cJSON.h>

/* The text cJSON_PrintUnformatted(item) gives, or NULL when out of memory;
 * the caller frees it with free(). */
char *json_print_compact(const cJSON *item);

/* The text cJSON_Print(item) gives (tabs, "key":<tab>value), or NULL when
 * out of memory; the caller frees it with free(). */
char *json_print_formatted(const cJSON *item);

/* Text being written: its bytes, how many, the room for them; `failed`
 * once out of memory (or misused: see the writer). */
struct json_text {
    char *buf;
    size_t len, cap;
    int failed;
};

/*
 * A writer: JSON written as it is made, without a tree, in the bytes the
 * functions above give for the tree it describes (tests/unit/test_json_print.c
 * writes every value it prints, tests/unit/test_eval.c every example's
 * result, and compare the bytes).  The text of a result is made
 * once and printed; building its tree first, to print it and free it, was
 * about a third of what `admit check --format json` spent on printing
 * (docs/performance.md, change 66).
 *
 * Inside an object every call names its member (`key`); inside an array
 * and for the outermost value, `key` is not read.  Containers nest at most
 * JSON_WRITER_DEPTH_MAX deep, a tree given to json_writer_tree as deep as
 * it is.  Nothing is checked but that: a member written twice is written
 * twice.
 */
#define JSON_WRITER_DEPTH_MAX 16

struct json_writer {
    struct json_text text;
    int formatted;                 /* as json_print_formatted, else compact */
    size_t depth;                  /* containers open */
    unsigned char is_array[JSON_WRITER_DEPTH_MAX];
    unsigned items[JSON_WRITER_DEPTH_MAX];   /* written so far in each */
};

void json_writer_init(struct json_writer *w, int formatted);

/* Open an object, or an array when `array` is set; json_writer_close ends it. */
void json_writer_open(struct json_writer *w, const char *key, int array);
void json_writer_close(struct json_writer *w);

/* A string (a copy of `value`'s text, escaped), or null when `value` is NULL. */
void json_writer_string(struct json_writer *w, const char *key, const char *value);
void json_writer_number(struct json_writer *w, const char *key, double value);

/* A copy of the tree `value`, printed as the functions above print it. */
void json_writer_tree(struct json_writer *w, const char *key, const cJSON *value);

/* The text written, every container closed, for the caller to free(); NULL
 * when out of memory or a container is still open (then nothing is left to
 * free). */
char *json_writer_finish(struct json_writer *w);

#endif
