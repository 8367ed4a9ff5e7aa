/* audit_compare.c - the records a proposed profile would decide otherwise (audit_compare.h). */
#include "audit_compare.h"

#include <stdlib.h>
#include <string.h>

#include "audit_output.h"
#include "json_member.h"
#include "json_print.h"

struct audit_compare {
    struct audit_results file;   /* compare.jsonl, complete lines only */
    char *profile;
    long long flipped;
    cJSON *by_rule;              /* {rule: n}, in first-seen order */
};

enum admit_status audit_compare_open(struct audit_compare **out, const char *dir,
                                     const char *profile, struct admit_error *err)
{
    struct audit_compare *c = calloc(1, sizeof *c);
    *out = NULL;
    if (c == NULL || (c->profile = strdup(profile)) == NULL ||
        (c->by_rule = cJSON_CreateObject()) == NULL) {
        if (c != NULL) {
            free(c->profile);
            free(c);
        }
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    }
    enum admit_status status = audit_lines_open(&c->file, dir, AUDIT_COMPARE_NAME, 0, err);
    if (status != ADMIT_OK) {
        audit_compare_finish(c, NULL, NULL);
        return status;
    }
    *out = c;
    return ADMIT_OK;
}

/* The status of `rule` in a result line's "results", or NULL. */
static const char *status_of(const cJSON *line, const char *rule)
{
    const cJSON *entry;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(line, "results")) {
        const char *id = json_string_member(entry, "rule");
        if (id != NULL && strcmp(id, rule) == 0)
            return json_string_member(entry, "status");
    }
    return NULL;
}

static int same(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Add [status, proposed] for `rule` to `rules` when they differ and it is not there yet. */
static int add_difference(cJSON *rules, const char *rule, const cJSON *selected,
                          const cJSON *proposed)
{
    const char *was = status_of(selected, rule), *now = status_of(proposed, rule);
    if (same(was, now) || cJSON_GetObjectItemCaseSensitive(rules, rule) != NULL)
        return 0;
    cJSON *pair = cJSON_AddArrayToObject(rules, rule);
    cJSON *a = was ? cJSON_CreateString(was) : cJSON_CreateNull();
    cJSON *b = now ? cJSON_CreateString(now) : cJSON_CreateNull();
    if (pair == NULL || a == NULL || b == NULL) {
        cJSON_Delete(a);
        cJSON_Delete(b);
        return -1;
    }
    cJSON_AddItemToArray(pair, a);
    cJSON_AddItemToArray(pair, b);
    return 0;
}

int audit_compare_record(const char *input, const cJSON *selected, const cJSON *proposed,
                         cJSON **out)
{
    *out = NULL;
    const char *verdict = json_string_member(selected, "verdict");
    if (verdict == NULL)   /* an input error as selected: nothing to compare */
        return 0;
    const char *proposed_verdict = json_string_member(proposed, "verdict");
    if (proposed_verdict == NULL)
        proposed_verdict = "input_error";
    if (strcmp(verdict, proposed_verdict) == 0)
        return 0;
    cJSON *obj = cJSON_CreateObject();
    cJSON *rules = NULL;
    const char *dossier = json_string_member(selected, "dossier");
    int failed = obj == NULL || cJSON_AddStringToObject(obj, "input", input) == NULL ||
                 (dossier ? cJSON_AddStringToObject(obj, "dossier", dossier)
                          : cJSON_AddNullToObject(obj, "dossier")) == NULL ||
                 cJSON_AddStringToObject(obj, "verdict", verdict) == NULL ||
                 cJSON_AddStringToObject(obj, "proposed_verdict", proposed_verdict) == NULL ||
                 (rules = cJSON_AddObjectToObject(obj, "rules")) == NULL;
    /* the rules in the selected order, then those only the proposal has */
    const cJSON *entry;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(selected, "results")) {
        const char *id = json_string_member(entry, "rule");
        failed |= !failed && id != NULL && add_difference(rules, id, selected, proposed) != 0;
    }
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(proposed, "results")) {
        const char *id = json_string_member(entry, "rule");
        failed |= !failed && id != NULL && add_difference(rules, id, selected, proposed) != 0;
    }
    if (failed) {
        cJSON_Delete(obj);
        return -1;
    }
    *out = obj;
    return 0;
}

enum admit_status audit_compare_add(struct audit_compare *c, const cJSON *record,
                                    struct admit_error *err)
{
    if (record == NULL)
        return ADMIT_OK;
    char *line = json_print_compact(record);
    if (line == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, c->file.path, NULL, "out of memory");
    enum admit_status status = audit_results_add(&c->file, line, err);
    free(line);
    if (status != ADMIT_OK)
        return status;
    c->flipped++;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(record, "rules")) {
        cJSON *n = cJSON_GetObjectItemCaseSensitive(c->by_rule, rule->string);
        if (n != NULL)
            cJSON_SetNumberValue(n, n->valuedouble + 1);
        else if (cJSON_AddNumberToObject(c->by_rule, rule->string, 1) == NULL)
            return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    }
    return ADMIT_OK;
}

enum admit_status audit_compare_finish(struct audit_compare *c, cJSON *summary,
                                       struct admit_error *err)
{
    struct admit_error ignored;
    enum admit_status status = audit_results_close(&c->file, err ? err : &ignored);
    if (summary != NULL && status == ADMIT_OK) {
        cJSON *obj = cJSON_AddObjectToObject(summary, "compare");
        if (obj == NULL || cJSON_AddStringToObject(obj, "profile", c->profile) == NULL ||
            cJSON_AddNumberToObject(obj, "flipped", (double)c->flipped) == NULL) {
            status = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
        } else {
            cJSON_AddItemToObject(obj, "by_rule", c->by_rule);
            c->by_rule = NULL;
        }
    }
    cJSON_Delete(c->by_rule);
    free(c->profile);
    free(c);
    return status;
}
