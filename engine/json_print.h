/*
 * json_print.h - cJSON trees printed as cJSON prints them, faster.
 *
 * Every result admit writes (a check's JSON, a line of an audit's
 * results.jsonl, a served result) is a cJSON tree turned into text.
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

#endif
