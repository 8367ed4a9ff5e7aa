/* outcome.c - building and releasing a rule's outcome. */
#include "outcome.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

static const char *const status_names[RULE_STATUS_COUNT] = {
    "pass", "fail", "needs_approval", "missing", "pending", "warn", "not_applicable", "error",
};

const char *rule_status_name(enum rule_status status)
{
    if ((unsigned)status >= RULE_STATUS_COUNT)
        return NULL;
    return status_names[status];
}

void outcome_init(struct outcome *out)
{
    memset(out, 0, sizeof *out);
    out->status = RULE_PASS;
    out->earliest = OUTCOME_NO_DAY;
    out->latest = OUTCOME_NO_DAY;
}

cJSON *outcome_facts(struct outcome *out)
{
    if (out->facts == NULL)
        out->facts = cJSON_CreateObject();
    return out->facts;
}

void outcome_release(struct outcome *out)
{
    cJSON_Delete(out->facts);
    cJSON_Delete(out->missing);
    free(out->error);
    out->facts = out->missing = NULL;
    out->error = NULL;
}

void outcome_set(struct outcome *out, enum rule_status status, const char *code)
{
    out->status = status;
    if (code != NULL) {   /* truncated to the field, like snprintf's "%s" */
        size_t n = strnlen(code, sizeof out->code - 1);
        memcpy(out->code, code, n);
        out->code[n] = '\0';
    }
}

/*
 * Replace every byte of `s` that is not part of well-formed UTF-8 by '?'.
 * An error message quotes what a rule gave (a code, a key, its own error
 * text) and may be cut in the middle of a character; the report is UTF-8.
 */
static void clean_utf8(char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n > 0) {
            i += (size_t)n;
        } else {
            s[i++] = '?';
        }
    }
}

void outcome_set_error(struct outcome *out, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    clean_utf8(buf);
    free(out->error);
    out->error = strdup(buf);
    out->status = RULE_ERROR;
    snprintf(out->code, sizeof out->code, "%s", "error");
}

int outcome_fact_date(struct outcome *out, const char *key, admit_day day)
{
    char text[DATE_TEXT_SIZE];
    cJSON *facts = outcome_facts(out);
    if (facts == NULL)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(facts, key);
    return cJSON_AddStringToObject(facts, key, date_format_iso(day, text)) ? 0 : -1;
}

int outcome_add_missing(struct outcome *out, const char *path)
{
    if (out->missing == NULL && (out->missing = cJSON_CreateArray()) == NULL)
        return -1;
    cJSON *s = cJSON_CreateString(path);
    if (s == NULL)
        return -1;
    cJSON_AddItemToArray(out->missing, s);
    return 0;
}
