/* report_json.c - the result object, keys in result.md's order: built as a tree, or written. */
#include "report_json.h"

#include "profile_load.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "json_print.h"

/*
 * The result is described once (describe_result) to a sink, which either
 * builds its tree (report_json) or writes its text (report_json_text), so
 * that both give the same members in the same order.  The sink_* functions
 * below choose between the two by a test, not through function pointers:
 * inlined, building the tree costs 12 % more than building it by hand did,
 * where calls through pointers cost 40 % more (the audit builds one a
 * record; docs/performance.md, change 66).  Each returns 1, or 0 when out of
 * memory (then the result is dropped).  `key` names the member inside an
 * object; NULL inside an array.
 *
 * The tree: every key is a literal, and many values are names the program
 * holds for its whole run (a status's, a severity's, a verdict's): the tree
 * points at them rather than copying them (cJSON's "CS" keys and string
 * references, which cJSON_Delete leaves alone).  A result has some fifty
 * entries; copying each one's keys and names cost three allocations and
 * three frees an entry.  Values the result owns are copied: the tree
 * outlives the result (admit audit frees the result, then writes the tree).
 */
#define TREE_DEPTH_MAX 8

struct sink {
    struct json_writer *writer;          /* NULL: a tree is built */
    cJSON *root;
    cJSON *open[TREE_DEPTH_MAX];         /* the containers open, outermost first */
    unsigned char is_array[TREE_DEPTH_MAX];
    size_t depth;
};

/* Add `item` to the innermost open container (under `key` in an object),
 * or make it the root; 1, or 0 (the item freed). */
static inline int tree_add(struct sink *t, const char *key, cJSON *item)
{
    if (item == NULL)
        return 0;
    if (t->depth == 0) {   /* the root, the one value outside every container */
        if (t->root != NULL) {
            cJSON_Delete(item);
            return 0;
        }
        t->root = item;
        return 1;
    }
    cJSON *parent = t->open[t->depth - 1];
    if (!(t->is_array[t->depth - 1] ? cJSON_AddItemToArray(parent, item)
                                    : cJSON_AddItemToObjectCS(parent, key, item))) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

static inline int sink_ok(const struct sink *s)
{
    return !s->writer->text.failed;
}

static inline int sink_open(struct sink *s, const char *key, int array)
{
    if (s->writer != NULL) {
        json_writer_open(s->writer, key, array);
        return sink_ok(s);
    }
    cJSON *item = array ? cJSON_CreateArray() : cJSON_CreateObject();
    if (s->depth == TREE_DEPTH_MAX) {
        cJSON_Delete(item);
        return 0;
    }
    if (!tree_add(s, key, item))
        return 0;
    s->is_array[s->depth] = (unsigned char)(array != 0);
    s->open[s->depth++] = item;
    return 1;
}

static inline int sink_close(struct sink *s)
{
    if (s->writer != NULL) {
        json_writer_close(s->writer);
        return sink_ok(s);
    }
    return s->depth > 0 ? (s->depth--, 1) : 0;
}

/* `value` NULL: null.  `name`: a string that outlives every tree (a
 * literal, a status's name), which a tree may point at. */
static inline int sink_string(struct sink *s, const char *key, const char *value, int name)
{
    if (s->writer != NULL) {
        json_writer_string(s->writer, key, value);
        return sink_ok(s);
    }
    return tree_add(s, key, value == NULL ? cJSON_CreateNull()
                            : name        ? cJSON_CreateStringReference(value)
                                          : cJSON_CreateString(value));
}

static inline int sink_number(struct sink *s, const char *key, double value)
{
    if (s->writer != NULL) {
        json_writer_number(s->writer, key, value);
        return sink_ok(s);
    }
    return tree_add(s, key, cJSON_CreateNumber(value));
}

/* A copy of `value`. */
static inline int sink_tree(struct sink *s, const char *key, const cJSON *value)
{
    if (s->writer != NULL) {
        json_writer_tree(s->writer, key, value);
        return sink_ok(s);
    }
    return tree_add(s, key, cJSON_Duplicate(value, 1));
}

/* How a string member is written: a copy of text the result or the context
 * owns, which must be there; the same or null; a name (see struct sink). */
enum text_kind { TEXT, TEXT_OR_NULL, NAME };

static inline int put_text(struct sink *s, const char *key, const char *value, enum text_kind kind)
{
    if (value == NULL && kind != TEXT_OR_NULL)
        return 0;   /* as when out of memory: no result lacks what it must show */
    return sink_string(s, key, value, kind == NAME);
}

static int put_date(struct sink *s, const char *key, admit_day day)
{
    char text[DATE_TEXT_SIZE];
    return put_text(s, key, date_format_iso(day, text), TEXT);
}

/* {} or [] */
static int put_empty(struct sink *s, const char *key, int array)
{
    return sink_open(s, key, array) && sink_close(s);
}

static int describe_entry(struct sink *s, const struct result_entry *e, int brief)
{
    int ok = sink_open(s, NULL, 0) && put_text(s, "rule", e->rule, TEXT) &&
             put_text(s, "status", rule_status_name(e->status), NAME);
    if (brief && result_status_said_briefly(e->status))
        return ok && sink_close(s);
    ok = ok && put_text(s, "severity", rule_severity_name(e->severity), NAME) &&
         put_text(s, "edition", e->edition, TEXT_OR_NULL) &&
         put_text(s, "cite", e->cite, TEXT_OR_NULL) &&
         put_text(s, "message", e->message, TEXT) &&
         (e->facts != NULL ? sink_tree(s, "facts", e->facts) : put_empty(s, "facts", 0));
    if (ok && (e->earliest != OUTCOME_NO_DAY || e->latest != OUTCOME_NO_DAY)) {
        ok = sink_open(s, "hint", 0) &&
             (e->earliest == OUTCOME_NO_DAY || put_date(s, "earliest", e->earliest)) &&
             (e->latest == OUTCOME_NO_DAY || put_date(s, "latest", e->latest)) && sink_close(s);
    }
    return ok && (e->missing != NULL ? sink_tree(s, "missing", e->missing)
                                     : put_empty(s, "missing", 1)) &&
           sink_close(s);
}

static int describe_input_error(struct sink *s, const struct result *r)
{
    return sink_open(s, NULL, 0) && put_text(s, "format", "admit.result/1", NAME) &&
           put_text(s, "dossier", r->dossier, TEXT_OR_NULL) && put_text(s, "input", r->input, TEXT) &&
           sink_open(s, "input_error", 0) && put_text(s, "path", r->error_path, TEXT) &&
           put_text(s, "message", r->error_message, TEXT) && sink_close(s) && sink_close(s);
}

/* The signed packs the chain's profiles came from (docs/profiles.md), each
 * once. */
static int describe_packs(struct sink *s, const struct report_context *ctx)
{
    const struct profile *links[PROFILE_CHAIN_MAX];
    size_t links_n = ctx->chain ? profile_chain(ctx->chain, links, PROFILE_CHAIN_MAX) : 0;
    int ok = 1, open = 0;
    for (size_t i = 0; ok && i < links_n; i++) {
        if (links[i]->pack_name == NULL)
            continue;
        if (!open)
            ok = open = sink_open(s, "packs", 1);
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= links[k]->pack_name && strcmp(links[k]->pack_name, links[i]->pack_name) == 0 &&
                    strcmp(links[k]->pack_key_id, links[i]->pack_key_id) == 0;
        if (ok && !seen)
            ok = sink_open(s, NULL, 0) && put_text(s, "name", links[i]->pack_name, TEXT) &&
                 sink_number(s, "revision", (double)links[i]->pack_revision) &&
                 put_text(s, "key_id", links[i]->pack_key_id, TEXT) && sink_close(s);
    }
    return ok && (!open || sink_close(s));
}

static int describe_result(struct sink *s, const struct result *r,
                           const struct report_context *ctx, int brief)
{
    if (r->input_error)
        return describe_input_error(s, r);
    char as_of[DATE_TEXT_SIZE];
    int ok = sink_open(s, NULL, 0) && put_text(s, "format", "admit.result/1", NAME) &&
             put_text(s, "dossier", r->dossier, TEXT) &&
             (ctx->input == NULL || put_text(s, "input", ctx->input, TEXT)) &&
             put_text(s, "procedure", r->procedure, TEXT) &&
             put_text(s, "verdict", verdict_name(r->verdict), NAME) &&
             put_text(s, "as_of", date_format_iso(r->as_of, as_of), TEXT) &&
             sink_open(s, "profile", 1);
    for (size_t i = 0; ok && i < ctx->profile_count; i++)
        ok = put_text(s, NULL, ctx->profile[i], TEXT);
    ok = ok && sink_close(s) && describe_packs(s, ctx) &&
         put_text(s, "ruleset", ctx->ruleset, TEXT) && put_text(s, "engine", ctx->engine, TEXT) &&
         sink_open(s, "plugins", 1);
    for (size_t i = 0; ok && i < plugin_set_count(ctx->plugins); i++)
        ok = sink_open(s, NULL, 0) && put_text(s, "name", plugin_set_name(ctx->plugins, i), TEXT) &&
             put_text(s, "version", plugin_set_version(ctx->plugins, i), TEXT) &&
             put_text(s, "sha256", plugin_set_sha256(ctx->plugins, i), TEXT) && sink_close(s);
    ok = ok && sink_close(s) && sink_open(s, "results", 1);
    for (size_t i = 0; ok && i < r->count; i++)
        ok = describe_entry(s, &r->entries[i], brief);
    ok = ok && sink_close(s) && put_text(s, "next_step", r->next_step, TEXT_OR_NULL) &&
         sink_open(s, "counts", 0);
    for (int st = 0; ok && st < RULE_STATUS_COUNT; st++)
        ok = sink_number(s, rule_status_name((enum rule_status)st), (double)r->counts[st]);
    return ok && sink_close(s) && sink_close(s);
}

static cJSON *build_result(const struct result *r, const struct report_context *ctx, int brief)
{
    struct sink t = {NULL, NULL, {NULL}, {0}, 0};
    if (!describe_result(&t, r, ctx, brief)) {
        cJSON_Delete(t.root);
        return NULL;
    }
    return t.root;
}

char *report_json_text(const struct result *r, const struct report_context *ctx, int brief,
                       int formatted)
{
    struct json_writer w;
    json_writer_init(&w, formatted);
    struct sink t = {&w, NULL, {NULL}, {0}, 0};
    if (!describe_result(&t, r, ctx, brief))
        w.text.failed = 1;   /* json_writer_finish frees what was written */
    return json_writer_finish(&w);
}

cJSON *report_json(const struct result *r, const struct report_context *ctx)
{
    return build_result(r, ctx, 0);
}

cJSON *report_json_brief(const struct result *r, const struct report_context *ctx)
{
    return build_result(r, ctx, 1);
}
