/*
 * json_member.h - a JSON object's member by name (and its text), and texts
 * compared: for the paths every record takes, and for every reader of JSON
 * that wants a member's text or nothing.
 *
 * cJSON_GetObjectItemCaseSensitive calls strcmp for every member it passes.
 * A batch reads objects by name some 2 000 times a record (the dossier's
 * proxies, the audit's summary and reports reading each result entry's
 * rule, status and severity), and strcmp's calls cost more CPU than their
 * instructions show (docs/performance.md, changes 56 and 57): most names
 * passed on the way differ in their first byte, compared here inline first.
 */
#ifndef ADMIT_JSON_MEMBER_H
#define ADMIT_JSON_MEMBER_H

#include <string.h>

#include <cjson/cJSON.h>

#include "date.h"

/* 1 when `text` (a name or a string value; neither is NULL) is `wanted`. */
static inline int json_text_is(const char *text, const char *wanted)
{
    return text[0] == wanted[0] && strcmp(text, wanted) == 0;
}

/*
 * The member of `object` named `key`, as cJSON_GetObjectItemCaseSensitive
 * finds it: the first with that name; NULL when absent, when `object` or
 * `key` is NULL, or past a member without a name (an array's items).
 */
static inline cJSON *json_member(const cJSON *object, const char *key)
{
    if (object == NULL || key == NULL)
        return NULL;
    for (cJSON *c = object->child; c != NULL && c->string != NULL; c = c->next)
        if (json_text_is(c->string, key))
            return c;
    return NULL;
}

/* The text of `object`'s member `key` when it is a string; NULL when it is
 * absent or not a string (json_member's rules). */
static inline const char *json_string_member(const cJSON *object, const char *key)
{
    const cJSON *item = json_member(object, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* The day a date node says ("YYYY-MM-DD"); `none` when the node is NULL,
 * not a string, or not a day. */
static inline admit_day json_day(const cJSON *node, admit_day none)
{
    admit_day day;
    if (!cJSON_IsString(node) || node->valuestring == NULL ||
        date_parse(node->valuestring, strlen(node->valuestring), &day) != 0)
        return none;
    return day;
}

#endif
