/* report_json.c - building the result object, keys in result.md's order. */
#include "report_json.h"

#include "profile_load.h"

#include <string.h>

#include "date.h"

static cJSON *add_date(cJSON *obj, const char *key, admit_day day)
{
    char text[DATE_TEXT_SIZE];
    return cJSON_AddStringToObject(obj, key, date_format_iso(day, text));
}

static cJSON *add_string_or_null(cJSON *obj, const char *key, const char *value)
{
    return value ? cJSON_AddStringToObject(obj, key, value) : cJSON_AddNullToObject(obj, key);
}

static int add_entry(cJSON *list, const struct result_entry *e, int brief)
{
    cJSON *item = cJSON_CreateObject();
    if (item == NULL)
        return -1;
    cJSON_AddItemToArray(list, item);
    int ok = cJSON_AddStringToObject(item, "rule", e->rule) &&
             cJSON_AddStringToObject(item, "status", rule_status_name(e->status));
    if (brief && (e->status == RULE_PASS || e->status == RULE_NOT_APPLICABLE))
        return ok ? 0 : -1;
    ok = ok && cJSON_AddStringToObject(item, "severity", rule_severity_name(e->severity)) &&
             add_string_or_null(item, "edition", e->edition) &&
             add_string_or_null(item, "cite", e->cite) &&
             cJSON_AddStringToObject(item, "message", e->message);
    if (!ok)
        return -1;
    cJSON *facts = cJSON_Duplicate(e->facts, 1);
    if (facts == NULL)
        return -1;
    cJSON_AddItemToObject(item, "facts", facts);
    if (e->earliest != OUTCOME_NO_DAY || e->latest != OUTCOME_NO_DAY) {
        cJSON *hint = cJSON_AddObjectToObject(item, "hint");
        if (hint == NULL)
            return -1;
        if (e->earliest != OUTCOME_NO_DAY && !add_date(hint, "earliest", e->earliest))
            return -1;
        if (e->latest != OUTCOME_NO_DAY && !add_date(hint, "latest", e->latest))
            return -1;
    }
    cJSON *missing = cJSON_Duplicate(e->missing, 1);
    if (missing == NULL)
        return -1;
    cJSON_AddItemToObject(item, "missing", missing);
    return 0;
}

static cJSON *input_error_json(const struct result *r)
{
    cJSON *obj = cJSON_CreateObject(), *error;
    if (obj == NULL)
        return NULL;
    int ok = cJSON_AddStringToObject(obj, "format", "admit.result/1") &&
             add_string_or_null(obj, "dossier", r->dossier) &&
             cJSON_AddStringToObject(obj, "input", r->input) &&
             (error = cJSON_AddObjectToObject(obj, "input_error")) != NULL &&
             cJSON_AddStringToObject(error, "path", r->error_path) &&
             cJSON_AddStringToObject(error, "message", r->error_message);
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *build_result(const struct result *r, const struct report_context *ctx, int brief)
{
    if (r->input_error)
        return input_error_json(r);
    cJSON *obj = cJSON_CreateObject(), *list;
    if (obj == NULL)
        return NULL;
    int ok = cJSON_AddStringToObject(obj, "format", "admit.result/1") &&
             cJSON_AddStringToObject(obj, "dossier", r->dossier) &&
             cJSON_AddStringToObject(obj, "procedure", r->procedure) &&
             cJSON_AddStringToObject(obj, "verdict", verdict_name(r->verdict)) &&
             add_date(obj, "as_of", r->as_of) &&
             (list = cJSON_AddArrayToObject(obj, "profile")) != NULL;
    for (size_t i = 0; ok && i < ctx->profile_count; i++) {
        cJSON *s = cJSON_CreateString(ctx->profile[i]);
        ok = s != NULL;
        if (ok)
            cJSON_AddItemToArray(list, s);
    }
    /* The signed packs the chain's profiles came from (docs/profiles.md). */
    const struct profile *links[PROFILE_CHAIN_MAX];
    size_t links_n = ctx->chain ? profile_chain(ctx->chain, links, PROFILE_CHAIN_MAX) : 0;
    cJSON *packs = NULL;
    for (size_t i = 0; ok && i < links_n; i++) {
        if (links[i]->pack_name == NULL)
            continue;
        if (packs == NULL)
            ok = (packs = cJSON_AddArrayToObject(obj, "packs")) != NULL;
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= links[k]->pack_name && strcmp(links[k]->pack_name, links[i]->pack_name) == 0 &&
                    strcmp(links[k]->pack_key_id, links[i]->pack_key_id) == 0;
        cJSON *pk = ok && !seen ? cJSON_CreateObject() : NULL;
        if (pk != NULL) {
            cJSON_AddItemToArray(packs, pk);
            ok = cJSON_AddStringToObject(pk, "name", links[i]->pack_name) &&
                 cJSON_AddNumberToObject(pk, "revision", (double)links[i]->pack_revision) &&
                 cJSON_AddStringToObject(pk, "key_id", links[i]->pack_key_id);
        }
    }
    ok = ok && cJSON_AddStringToObject(obj, "ruleset", ctx->ruleset) &&
         cJSON_AddStringToObject(obj, "engine", ctx->engine) &&
         (list = cJSON_AddArrayToObject(obj, "plugins")) != NULL;
    for (size_t i = 0; ok && i < plugin_set_count(ctx->plugins); i++) {
        cJSON *p = cJSON_CreateObject();
        ok = p != NULL;
        if (ok) {
            cJSON_AddItemToArray(list, p);
            ok = cJSON_AddStringToObject(p, "name", plugin_set_name(ctx->plugins, i)) &&
                 cJSON_AddStringToObject(p, "version", plugin_set_version(ctx->plugins, i)) &&
                 cJSON_AddStringToObject(p, "sha256", plugin_set_sha256(ctx->plugins, i));
        }
    }
    ok = ok && (list = cJSON_AddArrayToObject(obj, "results")) != NULL;
    for (size_t i = 0; ok && i < r->count; i++)
        ok = add_entry(list, &r->entries[i], brief) == 0;
    ok = ok && add_string_or_null(obj, "next_step", r->next_step);
    cJSON *counts = ok ? cJSON_AddObjectToObject(obj, "counts") : NULL;
    ok = counts != NULL;
    for (int s = 0; ok && s < RULE_STATUS_COUNT; s++)
        ok = cJSON_AddNumberToObject(counts, rule_status_name((enum rule_status)s),
                                     (double)r->counts[s]) != NULL;
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

cJSON *report_json(const struct result *r, const struct report_context *ctx)
{
    return build_result(r, ctx, 0);
}

cJSON *report_json_brief(const struct result *r, const struct report_context *ctx)
{
    return build_result(r, ctx, 1);
}
