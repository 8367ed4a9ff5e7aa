/* report_json.c - building the result object, keys in result.md's order. */
#include "report_json.h"

#include "profile_load.h"

#include <string.h>

#include "date.h"

/*
 * Every key below is a literal, and many values are names the program holds
 * for its whole run (a status's, a severity's, a verdict's): the tree points
 * at them rather than copying them (cJSON's "CS" keys and string
 * references, which cJSON_Delete leaves alone).  A result has some fifty
 * entries; copying each one's keys and names cost three allocations and
 * three frees an entry.  Values the result owns are copied: the tree
 * outlives the result (admit audit frees the result, then writes the tree).
 */

/* obj[key] = item, key a literal; the item, or NULL (then freed). */
static cJSON *add_item(cJSON *obj, const char *key, cJSON *item)
{
    if (item == NULL || !cJSON_AddItemToObjectCS(obj, key, item)) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

/* obj[key] = a copy of value. */
static cJSON *add_string(cJSON *obj, const char *key, const char *value)
{
    return add_item(obj, key, cJSON_CreateString(value));
}

/* obj[key] = name, a string that outlives every tree (a literal). */
static cJSON *add_name(cJSON *obj, const char *key, const char *name)
{
    return name != NULL ? add_item(obj, key, cJSON_CreateStringReference(name)) : NULL;
}

static cJSON *add_date(cJSON *obj, const char *key, admit_day day)
{
    char text[DATE_TEXT_SIZE];
    return add_string(obj, key, date_format_iso(day, text));
}

static cJSON *add_string_or_null(cJSON *obj, const char *key, const char *value)
{
    return add_item(obj, key, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

static int add_entry(cJSON *list, const struct result_entry *e, int brief)
{
    cJSON *item = cJSON_CreateObject();
    if (item == NULL)
        return -1;
    cJSON_AddItemToArray(list, item);
    int ok = add_string(item, "rule", e->rule) &&
             add_name(item, "status", rule_status_name(e->status));
    if (brief && (e->status == RULE_PASS || e->status == RULE_NOT_APPLICABLE))
        return ok ? 0 : -1;
    ok = ok && add_name(item, "severity", rule_severity_name(e->severity)) &&
             add_string_or_null(item, "edition", e->edition) &&
             add_string_or_null(item, "cite", e->cite) &&
             add_string(item, "message", e->message);
    if (!ok)
        return -1;
    if (add_item(item, "facts", e->facts != NULL ? cJSON_Duplicate(e->facts, 1)
                                                 : cJSON_CreateObject()) == NULL)
        return -1;
    if (e->earliest != OUTCOME_NO_DAY || e->latest != OUTCOME_NO_DAY) {
        cJSON *hint = add_item(item, "hint", cJSON_CreateObject());
        if (hint == NULL)
            return -1;
        if (e->earliest != OUTCOME_NO_DAY && !add_date(hint, "earliest", e->earliest))
            return -1;
        if (e->latest != OUTCOME_NO_DAY && !add_date(hint, "latest", e->latest))
            return -1;
    }
    return add_item(item, "missing", e->missing != NULL ? cJSON_Duplicate(e->missing, 1)
                                                        : cJSON_CreateArray()) != NULL ? 0 : -1;
}

static cJSON *input_error_json(const struct result *r)
{
    cJSON *obj = cJSON_CreateObject(), *error;
    if (obj == NULL)
        return NULL;
    int ok = add_name(obj, "format", "admit.result/1") &&
             add_string_or_null(obj, "dossier", r->dossier) &&
             add_string(obj, "input", r->input) &&
             (error = add_item(obj, "input_error", cJSON_CreateObject())) != NULL &&
             add_string(error, "path", r->error_path) &&
             add_string(error, "message", r->error_message);
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
    int ok = add_name(obj, "format", "admit.result/1") &&
             add_string(obj, "dossier", r->dossier) &&
             add_string(obj, "procedure", r->procedure) &&
             add_name(obj, "verdict", verdict_name(r->verdict)) &&
             add_date(obj, "as_of", r->as_of) &&
             (list = add_item(obj, "profile", cJSON_CreateArray())) != NULL;
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
            ok = (packs = add_item(obj, "packs", cJSON_CreateArray())) != NULL;
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= links[k]->pack_name && strcmp(links[k]->pack_name, links[i]->pack_name) == 0 &&
                    strcmp(links[k]->pack_key_id, links[i]->pack_key_id) == 0;
        cJSON *pk = ok && !seen ? cJSON_CreateObject() : NULL;
        if (pk != NULL) {
            cJSON_AddItemToArray(packs, pk);
            ok = add_string(pk, "name", links[i]->pack_name) &&
                 add_item(pk, "revision", cJSON_CreateNumber((double)links[i]->pack_revision)) &&
                 add_string(pk, "key_id", links[i]->pack_key_id);
        }
    }
    ok = ok && add_string(obj, "ruleset", ctx->ruleset) &&
         add_string(obj, "engine", ctx->engine) &&
         (list = add_item(obj, "plugins", cJSON_CreateArray())) != NULL;
    for (size_t i = 0; ok && i < plugin_set_count(ctx->plugins); i++) {
        cJSON *p = cJSON_CreateObject();
        ok = p != NULL;
        if (ok) {
            cJSON_AddItemToArray(list, p);
            ok = add_string(p, "name", plugin_set_name(ctx->plugins, i)) &&
                 add_string(p, "version", plugin_set_version(ctx->plugins, i)) &&
                 add_string(p, "sha256", plugin_set_sha256(ctx->plugins, i));
        }
    }
    ok = ok && (list = add_item(obj, "results", cJSON_CreateArray())) != NULL;
    for (size_t i = 0; ok && i < r->count; i++)
        ok = add_entry(list, &r->entries[i], brief) == 0;
    ok = ok && add_string_or_null(obj, "next_step", r->next_step);
    cJSON *counts = ok ? add_item(obj, "counts", cJSON_CreateObject()) : NULL;
    ok = counts != NULL;
    for (int s = 0; ok && s < RULE_STATUS_COUNT; s++)
        ok = add_item(counts, rule_status_name((enum rule_status)s),
                      cJSON_CreateNumber((double)r->counts[s])) != NULL;
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
