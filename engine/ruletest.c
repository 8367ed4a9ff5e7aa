/* ruletest.c - rule test files: patch, evaluate, compare, count. */
#include "ruletest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dossier.h"
#include "i18n.h"
#include "rulebook.h"
#include "jsontext.h"
#include "merge_patch.h"
#include "profile_load.h"
#include "report_json.h"
#include "schema.h"
#include "suggest.h"

/* What the run knows about one rule of the ruleset. */
struct rule_stats {
    const struct rule *rule;
    size_t cases, failed;
    unsigned char *reached;    /* per declared code: reached by an asserted case */
};

struct ruletest {
    struct ruleset *rs;
    struct eval_options base;
    struct schema *file_schema;   /* schemas/rule-test.schema.json, if found */
    struct rule_stats *stats;
    size_t stat_count;
    size_t passed, failed;
    ruletest_resolver resolve;    /* profiles named by cases */
    void *resolve_ctx;
};

void ruletest_set_profiles(struct ruletest *rt, ruletest_resolver resolve, void *ctx)
{
    rt->resolve = resolve;
    rt->resolve_ctx = ctx;
}

enum admit_status ruletest_new(struct ruleset *rs, const struct eval_options *base,
                               const char *file_schema_path, struct ruletest **out,
                               struct admit_error *err)
{
    struct ruletest *rt = calloc(1, sizeof *rt);
    size_t slots = ruleset_slot_count(rs);
    *out = NULL;
    if (rt == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    rt->rs = rs;
    rt->base = *base;
    rt->stats = calloc(slots ? slots : 1, sizeof *rt->stats);
    if (rt->stats == NULL) {
        free(rt);
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    }
    enum admit_status status = schema_load(file_schema_path, &rt->file_schema, err);
    if (status != ADMIT_OK) {
        ruletest_free(rt);
        return status;
    }
    for (size_t i = 0; i < slots; i++) {
        const struct rule *rule = ruleset_slot(rs, i)->rule;
        if (rule == NULL)
            continue;   /* not yet encoded: nothing to cover */
        struct rule_stats *st = &rt->stats[rt->stat_count++];
        st->rule = rule;
        st->reached = calloc(rule->code_count ? rule->code_count : 1, 1);
        if (st->reached == NULL) {
            ruletest_free(rt);
            return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
        }
    }
    *out = rt;
    return ADMIT_OK;
}

void ruletest_free(struct ruletest *rt)
{
    if (rt == NULL)
        return;
    for (size_t i = 0; i < rt->stat_count; i++)
        free(rt->stats[i].reached);
    free(rt->stats);
    schema_free(rt->file_schema);
    free(rt);
}

void ruletest_count_broken_file(struct ruletest *rt)
{
    rt->failed++;
}

void ruletest_totals(const struct ruletest *rt, size_t *passed, size_t *failed)
{
    *passed = rt->passed;
    *failed = rt->failed;
}

static struct rule_stats *stats_for(struct ruletest *rt, const char *id)
{
    for (size_t i = 0; i < rt->stat_count; i++)
        if (strcmp(rt->stats[i].rule->id, id) == 0)
            return &rt->stats[i];
    return NULL;
}

int ruletest_add_rules(struct ruletest *rt, const struct ruleset *rs)
{
    for (size_t i = 0; i < ruleset_slot_count(rs); i++) {
        const struct rule *rule = ruleset_slot(rs, i)->rule;
        if (rule == NULL || rule->origin == NULL || stats_for(rt, rule->id) != NULL)
            continue;
        struct rule_stats *grown = realloc(rt->stats, (rt->stat_count + 1) * sizeof *grown);
        if (grown == NULL)
            return -1;
        rt->stats = grown;
        struct rule_stats *st = &rt->stats[rt->stat_count];
        memset(st, 0, sizeof *st);
        st->rule = rule;
        if ((st->reached = calloc(rule->code_count ? rule->code_count : 1, 1)) == NULL)
            return -1;
        rt->stat_count++;
    }
    return 0;
}

static const struct result_entry *entry_for(const struct result *r, const char *id)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->entries[i].rule, id) == 0)
            return &r->entries[i];
    return NULL;
}

/* Append "expected X, got Y" for two JSON values. */
static void add_difference(struct strbuf *diff, const char *what, const cJSON *expected,
                           const cJSON *actual)
{
    char *e = cJSON_PrintUnformatted(expected);
    char *a = actual ? cJSON_PrintUnformatted(actual) : NULL;
    strbuf_addf(diff, "      %s: %s %s, %s %s\n", what, TR("cần", "expected"), e ? e : "?",
                TR("thực tế", "got"), a ? a : TR("(không có)", "(absent)"));
    free(e);
    free(a);
}

/* Compare the expectations of one case with its result; differences go to diff. */
static void compare(struct ruletest *rt, const cJSON *expect, const struct result *r,
                    const cJSON *json, struct strbuf *diff)
{
    const cJSON *verdict = cJSON_GetObjectItemCaseSensitive(expect, "verdict"), *item;
    const cJSON *chain = cJSON_GetObjectItemCaseSensitive(expect, "profile");
    if (chain != NULL) {   /* the profile chain applied, as in the result */
        const cJSON *got = cJSON_GetObjectItemCaseSensitive(json, "profile");
        if (!cJSON_Compare(chain, got, 1))
            add_difference(diff, "profile", chain, got);
    }
    if (cJSON_IsString(verdict) && strcmp(verdict->valuestring, verdict_name(r->verdict)) != 0) {
        cJSON *got = cJSON_CreateString(verdict_name(r->verdict));
        add_difference(diff, "verdict", verdict, got);
        cJSON_Delete(got);
    }
    /* next_step: a step name, or null when every step has happened */
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(expect, "next_step");
    if (next != NULL && (cJSON_IsNull(next) ? r->next_step != NULL
                         : r->next_step == NULL || strcmp(next->valuestring, r->next_step) != 0)) {
        cJSON *got = r->next_step ? cJSON_CreateString(r->next_step) : cJSON_CreateNull();
        add_difference(diff, "next_step", next, got);
        cJSON_Delete(got);
    }
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(expect, "rules")) {
        const struct result_entry *e = entry_for(r, item->string);
        struct rule_stats *st = stats_for(rt, item->string);
        char what[160];
        snprintf(what, sizeof what, "%s", item->string);
        if (e == NULL) {
            strbuf_addf(diff, "      %s: %s\n", item->string,
                        TR("không có quy tắc này", "no such rule"));
            continue;
        }
        if (strcmp(item->valuestring, rule_status_name(e->status)) != 0) {
            cJSON *got = cJSON_CreateString(rule_status_name(e->status));
            add_difference(diff, what, item, got);
            cJSON_Delete(got);
            strbuf_addf(diff, "        %s\n", e->message);
        }
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(expect, "codes"), item->string);
        if (cJSON_IsString(code) && strcmp(code->valuestring, e->code) != 0) {
            cJSON *got = cJSON_CreateString(e->code);
            snprintf(what, sizeof what, "%s code", item->string);
            add_difference(diff, what, code, got);
            cJSON_Delete(got);
        }
        for (size_t k = 0; st != NULL && k < st->rule->code_count; k++)
            if (strcmp(st->rule->codes[k], e->code) == 0)
                st->reached[k] = 1;
    }
    /* cite: the exact citation, or {"contains": text} for a part of it */
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(expect, "cite")) {
        const struct result_entry *e = entry_for(r, item->string);
        const char *got = e != NULL && e->cite != NULL ? e->cite : NULL;
        const cJSON *part = cJSON_GetObjectItemCaseSensitive(item, "contains");
        int ok = cJSON_IsString(item) ? got != NULL && strcmp(item->valuestring, got) == 0
                 : cJSON_IsString(part) ? got != NULL && strstr(got, part->valuestring) != NULL
                                         : 0;
        if (!ok) {
            char what[160];
            cJSON *actual = got ? cJSON_CreateString(got) : NULL;
            snprintf(what, sizeof what, "%s cite", item->string);
            add_difference(diff, what, item, actual);
            cJSON_Delete(actual);
        }
    }
    /* facts, hint and missing: partial comparisons against the JSON result */
    static const char *const parts[] = {"facts", "hint", "missing"};
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(json, "results");
    for (int p = 0; p < 3; p++) {
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(expect, parts[p])) {
            const cJSON *actual_entry = NULL, *entry;
            cJSON_ArrayForEach(entry, results) {
                const cJSON *rule = cJSON_GetObjectItemCaseSensitive(entry, "rule");
                if (cJSON_IsString(rule) && strcmp(rule->valuestring, item->string) == 0)
                    actual_entry = entry;
            }
            const cJSON *actual = cJSON_GetObjectItemCaseSensitive(actual_entry, parts[p]);
            char what[256];
            if (p == 2) {   /* missing: the whole list */
                snprintf(what, sizeof what, "%s missing", item->string);
                if (!cJSON_Compare(item, actual, 1))
                    add_difference(diff, what, item, actual);
                continue;
            }
            const cJSON *key;
            cJSON_ArrayForEach(key, item) {
                const cJSON *got = cJSON_GetObjectItemCaseSensitive(actual, key->string);
                snprintf(what, sizeof what, "%s %s.%s", item->string, parts[p], key->string);
                /* null: the result has no such fact or hint (a rule's nil is
                 * never written, so a top-level null cannot be a value) */
                int ok = cJSON_IsNull(key) ? got == NULL || cJSON_IsNull(got)
                                           : cJSON_Compare(key, got, 1);
                if (!ok)
                    add_difference(diff, what, key, got);
            }
        }
    }
}

/*
 * A case's "params" may only name parameters of the rulebook: a misspelled
 * name would be ignored by ctx.param and the case would pass without
 * testing what it says.  Each unknown name goes to diff, with the closest
 * known name.
 */
static void check_params(const struct ruletest *rt, const cJSON *params, struct strbuf *diff)
{
    const struct rulebook *book = ruleset_book(rt->rs);
    size_t n = rulebook_param_count(book);
    const cJSON *p;
    cJSON_ArrayForEach(p, params) {
        if (p->string == NULL || rulebook_param(book, p->string) != NULL)
            continue;
        const char **names = malloc((n ? n : 1) * sizeof *names);
        const char *near = NULL;
        if (names == NULL) {
            strbuf_puts(diff, "      out of memory\n");
            diff->failed = 1;
            return;
        }
        for (size_t i = 0; i < n; i++)
            names[i] = rulebook_param_at(book, i)->name;
        near = suggest_closest(p->string, names, n);
        strbuf_addf(diff, "      params: %s \"%s\"", TR("không có tham số", "no parameter"),
                    p->string);
        if (near != NULL)
            strbuf_addf(diff, TR(" (có phải \"%s\"?)", " (did you mean \"%s\"?)"), near);
        strbuf_puts(diff, "\n");
        free(names);
    }
}

/* Evaluate the patched dossier text of one case. */
static int run_case(struct ruletest *rt, const char *path, const cJSON *base,
                    const cJSON *defaults, const cJSON *c, struct strbuf *report)
{
    const char *name = cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
    const cJSON *patch = cJSON_GetObjectItemCaseSensitive(c, "patch");
    const cJSON *as_of = cJSON_GetObjectItemCaseSensitive(c, "as_of");
    const cJSON *profile = cJSON_GetObjectItemCaseSensitive(c, "profile");
    struct eval_options opt = rt->base;
    struct ruleset *rs = rt->rs;
    struct admit_error err;
    struct strbuf diff;
    struct dossier *d = NULL;
    struct result *r = NULL;
    cJSON *json = NULL, *doc = cJSON_Duplicate(base, 1);
    /* The file's "expect" is the default of every case; the case's own
     * expectations are merged over it (RFC 7386: null removes a default). */
    cJSON *expect = cJSON_Duplicate(defaults ? defaults : cJSON_GetObjectItemCaseSensitive(c, "expect"), 1);
    if (expect != NULL && defaults != NULL)
        expect = merge_patch_apply(expect, cJSON_GetObjectItemCaseSensitive(c, "expect"));
    char *text = NULL, source[600];

    strbuf_init(&diff);
    admit_error_clear(&err);
    snprintf(source, sizeof source, "%s: %s", path, name);
    opt.params = cJSON_GetObjectItemCaseSensitive(c, "params");
    if (cJSON_IsString(as_of))
        date_parse(as_of->valuestring, strlen(as_of->valuestring), &opt.as_of);
    if (doc != NULL && patch != NULL)
        doc = merge_patch_apply(doc, patch);
    text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    check_params(rt, opt.params, &diff);
    if (diff.len != 0 || diff.failed) {
        /* refused above: nothing to evaluate */
    } else if (text == NULL || expect == NULL) {
        strbuf_puts(&diff, "      out of memory\n");
    } else if (cJSON_IsString(profile) && strcmp(profile->valuestring, "central") != 0 &&
               (rt->resolve == NULL || (rs = rt->resolve(rt->resolve_ctx, profile->valuestring)) == NULL)) {
        strbuf_addf(&diff, "      %s \"%s\"\n", TR("không có profile", "unknown profile"),
                    profile->valuestring);
    } else if (dossier_parse(ruleset_schema(rs), source, text, strlen(text), &d, &err) !=
                   ADMIT_OK ||
               profile_validate_extensions(ruleset_profile(rs), d->root, &err) != ADMIT_OK ||
               eval_dossier(rs, d, &opt, &r, &err) != ADMIT_OK) {
        strbuf_addf(&diff, "      %s: %s%s%s\n", TR("hồ sơ sau khi vá không dùng được",
                                                  "the patched dossier cannot be evaluated"),
                    err.path, err.path[0] ? ": " : "", err.message);
    } else {
        const char *chain_names[PROFILE_CHAIN_MAX + 1];
        const struct profile *links[PROFILE_CHAIN_MAX];
        size_t chain = ruleset_profile(rs) ? profile_chain(ruleset_profile(rs), links, PROFILE_CHAIN_MAX) : 0;
        chain_names[0] = "central";
        for (size_t k = 0; k < chain; k++)
            chain_names[k + 1] = links[k]->id;
        chain++;
        struct report_context ctx = {"admit test", ruleset_digest(rs), chain_names, chain,
                                     ruleset_plugins(rs), ruleset_profile(rs), NULL};
        json = report_json(r, &ctx);
        if (json == NULL)
            strbuf_puts(&diff, "      out of memory\n");
        else
            compare(rt, expect, r, json, &diff);
    }
    int ok = diff.len == 0 && !diff.failed;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(expect, "rules")) {
        struct rule_stats *st = stats_for(rt, rule->string);
        if (st != NULL) {
            st->cases++;
            st->failed += !ok;
        }
    }
    if (ok) {
        rt->passed++;
    } else {
        rt->failed++;
        strbuf_addf(report, "  ✗ %s\n%s", name, diff.buf);
    }
    strbuf_release(&diff);
    cJSON_Delete(json);
    cJSON_Delete(doc);
    cJSON_Delete(expect);
    result_free(r);
    dossier_free(d);
    free(text);
    return ok;
}

/* The directory part of `path` ("." when none). */
static void dir_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(buf, size, ".");
    else
        snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

enum admit_status ruletest_run_file(struct ruletest *rt, const char *path, struct strbuf *report,
                                    struct admit_error *err)
{
    cJSON *file = NULL, *base_doc = NULL;
    const cJSON *base, *c;
    enum admit_status status = jsontext_read_file(path, &file, err);
    size_t failed_before = rt->failed;

    if (status != ADMIT_OK)
        goto done;
    status = schema_validate(rt->file_schema, file, err);
    if (status != ADMIT_OK) {
        snprintf(err->file, sizeof err->file, "%s", path);
        goto done;
    }
    base = cJSON_GetObjectItemCaseSensitive(file, "base");
    if (cJSON_IsString(base)) {
        char dir[1024], base_path[2048];
        dir_of(path, dir, sizeof dir);
        if (base->valuestring[0] == '/')   /* an absolute path is used as it is */
            snprintf(base_path, sizeof base_path, "%s", base->valuestring);
        else
            snprintf(base_path, sizeof base_path, "%s/%s", dir, base->valuestring);
        status = jsontext_read_file(base_path, &base_doc, err);
        if (status != ADMIT_OK)
            goto done;
        base = base_doc;
    }
    if (!cJSON_IsObject(base) || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(file, "cases"))) {
        status = admit_error_set(err, ADMIT_EINPUT, path, NULL, "%s",
                                 TR("cần \"base\" (đối tượng hoặc đường dẫn) và \"cases\"",
                                    "expected \"base\" (an object or a path) and \"cases\""));
        goto done;
    }
    strbuf_addf(report, "%s\n", path);
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(file, "cases"))
        run_case(rt, path, base, cJSON_GetObjectItemCaseSensitive(file, "expect"), c, report);
    if (rt->failed == failed_before)
        strbuf_addf(report, "  ✓ %d %s\n",
                    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(file, "cases")),
                    TR("ca đạt", "cases passed"));
done:
    cJSON_Delete(file);
    cJSON_Delete(base_doc);
    return status;
}

double ruletest_summary(const struct ruletest *rt, struct strbuf *report)
{
    size_t rules = 0, covered = 0, codes = 0, reached = 0;
    struct strbuf gaps;
    strbuf_init(&gaps);
    strbuf_addf(report, "\n%s\n", TR("Theo quy tắc:", "Per rule:"));
    for (size_t i = 0; i < rt->stat_count; i++) {
        const struct rule_stats *st = &rt->stats[i];
        rules++;
        covered += st->cases > 0;
        strbuf_addf(report, "  %-26s %3zu %s, %zu %s\n", st->rule->id, st->cases,
                    TR("ca", "cases"), st->failed, TR("lỗi", "failed"));
        for (size_t k = 0; k < st->rule->code_count; k++) {
            codes++;
            reached += st->reached[k];
            if (!st->reached[k])
                strbuf_addf(&gaps, "%s%s.%s", gaps.len ? ", " : "", st->rule->id,
                            st->rule->codes[k]);
        }
        if (st->cases == 0)
            strbuf_addf(&gaps, "%s%s (%s)", gaps.len ? ", " : "", st->rule->id,
                        TR("không có ca nào", "no case"));
    }
    double rule_pct = rules ? 100.0 * (double)covered / (double)rules : 100.0;
    double code_pct = codes ? 100.0 * (double)reached / (double)codes : 100.0;
    strbuf_addf(report, "\n%s: %s %zu/%zu (%.1f%%), %s %zu/%zu (%.1f%%)\n",
                TR("Độ phủ", "Coverage"), TR("quy tắc", "rules"), covered, rules, rule_pct,
                TR("mã thông điệp", "message codes"), reached, codes, code_pct);
    if (gaps.len)
        strbuf_addf(report, "  %s: %s\n", TR("chưa phủ", "not covered"), gaps.buf);
    strbuf_release(&gaps);
    return rule_pct < code_pct ? rule_pct : code_pct;
}

enum admit_status ruletest_merge_state(struct ruletest *rt, const char *path,
                                       struct admit_error *err)
{
    cJSON *state = NULL;
    if (access(path, F_OK) != 0)
        return ADMIT_OK;   /* the first run */
    enum admit_status status = jsontext_read_file(path, &state, err);
    if (status != ADMIT_OK)
        return status;
    const cJSON *digest = cJSON_GetObjectItemCaseSensitive(state, "ruleset"), *rule;
    if (!cJSON_IsString(digest) || strcmp(digest->valuestring, ruleset_digest(rt->rs)) != 0) {
        cJSON_Delete(state);   /* recorded for another rulebook: stale */
        return ADMIT_OK;
    }
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(state, "rules")) {
        struct rule_stats *st = stats_for(rt, rule->string);
        const cJSON *cases = cJSON_GetObjectItemCaseSensitive(rule, "cases"), *code;
        if (st == NULL)
            continue;
        /* Whole numbers of a plausible size only: converting 1e300 to size_t is
         * undefined behaviour, and a fraction is no count. */
        if (cases != NULL && (!cJSON_IsNumber(cases) || !(cases->valuedouble >= 0) ||
                              cases->valuedouble > 1e12 ||
                              cases->valuedouble != (double)(long long)cases->valuedouble)) {
            char where[300];
            snprintf(where, sizeof where, "rules.%s.cases", rule->string);
            cJSON_Delete(state);
            return admit_error_set(err, ADMIT_EINPUT, path, where, "%s",
                                   TR("cần một số nguyên từ 0 đến 10^12",
                                      "expected a whole number from 0 to 10^12"));
        }
        if (cases != NULL)
            st->cases += (size_t)cases->valuedouble;
        cJSON_ArrayForEach(code, cJSON_GetObjectItemCaseSensitive(rule, "reached"))
            for (size_t k = 0; cJSON_IsString(code) && k < st->rule->code_count; k++)
                if (strcmp(st->rule->codes[k], code->valuestring) == 0)
                    st->reached[k] = 1;
    }
    cJSON_Delete(state);
    return ADMIT_OK;
}

enum admit_status ruletest_save_state(const struct ruletest *rt, const char *path,
                                      struct admit_error *err)
{
    cJSON *state = cJSON_CreateObject(), *rules;
    enum admit_status status = ADMIT_OK;
    char *text = NULL;
    FILE *f = NULL;
    if (state == NULL || !cJSON_AddStringToObject(state, "ruleset", ruleset_digest(rt->rs)) ||
        (rules = cJSON_AddObjectToObject(state, "rules")) == NULL)
        goto oom;
    for (size_t i = 0; i < rt->stat_count; i++) {
        const struct rule_stats *st = &rt->stats[i];
        cJSON *entry = cJSON_AddObjectToObject(rules, st->rule->id), *reached;
        if (entry == NULL || !cJSON_AddNumberToObject(entry, "cases", (double)st->cases) ||
            (reached = cJSON_AddArrayToObject(entry, "reached")) == NULL)
            goto oom;
        for (size_t k = 0; k < st->rule->code_count; k++)
            if (st->reached[k])
                cJSON_AddItemToArray(reached, cJSON_CreateString(st->rule->codes[k]));
    }
    text = cJSON_Print(state);
    if (text == NULL)
        goto oom;
    f = fopen(path, "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
        status = admit_error_set(err, ADMIT_EIO, path, NULL, "%s",
                                 TR("không ghi được tệp", "cannot write the file"));
    goto done;
oom:
    status = admit_error_set(err, ADMIT_ENOMEM, path, NULL, "out of memory");
done:
    free(text);
    cJSON_Delete(state);
    return status;
}
