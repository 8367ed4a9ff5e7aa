/* audit_summary.c - adding up the audit's figures (docs/audit.md). */
#include "audit_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "json_member.h"
#include "result.h"

struct audit_summary {
    long long records, evaluated, input_errors, engine_errors;
    /* Maps as cJSON objects, keys in first-seen order (sorted on output
     * where the order means nothing: years, committees, editions). */
    cJSON *verdicts, *procedures, *rules, *process, *by_year, *by_committee, *by_edition;
};

int audit_facts_init(struct audit_facts *f, const struct dossier *d, const struct rulebook *book,
                     admit_day as_of, admit_day today)
{
    memset(f, 0, sizeof *f);
    if (d == NULL)
        return 0;
    struct eval_options opt = {as_of, today, ADMIT_LANG_VI, {0}, NULL, 0};
    admit_day anchor = eval_main_anchor(d, eval_as_of(d, &opt));
    int y, m, day;
    date_to_ymd(anchor, &y, &m, &day);
    f->year = y;
    int e = rulebook_edition_at(book, anchor);
    if (e >= 0)
        snprintf(f->edition, sizeof f->edition, "%s", rulebook_edition(book, (size_t)e)->id);
    const cJSON *path = dossier_lookup(d, "organisation.committee_path", NULL);
    if (cJSON_IsArray(path)) {
        f->committees = cJSON_Duplicate(path, 1);
        if (f->committees == NULL)
            return -1;
    }
    return 0;
}

void audit_facts_release(struct audit_facts *f)
{
    cJSON_Delete(f->committees);
    f->committees = NULL;
}

/* A map of verdict counts with every verdict at 0. */
static cJSON *verdict_map(void)
{
    cJSON *m = cJSON_CreateObject();
    for (int v = 0; m != NULL && v < VERDICT_COUNT; v++)
        if (cJSON_AddNumberToObject(m, verdict_name((enum verdict)v), 0) == NULL) {
            cJSON_Delete(m);
            return NULL;
        }
    return m;
}

static cJSON *status_map(void)
{
    cJSON *m = cJSON_CreateObject();
    for (int st = 0; m != NULL && st < RULE_STATUS_COUNT; st++)
        if (cJSON_AddNumberToObject(m, rule_status_name((enum rule_status)st), 0) == NULL) {
            cJSON_Delete(m);
            return NULL;
        }
    return m;
}

struct audit_summary *audit_summary_new(void)
{
    struct audit_summary *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->verdicts = verdict_map();
    s->procedures = cJSON_CreateObject();
    s->rules = cJSON_CreateObject();
    s->process = cJSON_CreateObject();
    s->by_year = cJSON_CreateObject();
    s->by_committee = cJSON_CreateObject();
    s->by_edition = cJSON_CreateObject();
    if (!s->verdicts || !s->procedures || !s->rules || !s->process || !s->by_year ||
        !s->by_committee || !s->by_edition) {
        audit_summary_free(s);
        return NULL;
    }
    return s;
}

void audit_summary_free(struct audit_summary *s)
{
    if (s == NULL)
        return;
    cJSON_Delete(s->verdicts);
    cJSON_Delete(s->procedures);
    cJSON_Delete(s->rules);
    cJSON_Delete(s->process);
    cJSON_Delete(s->by_year);
    cJSON_Delete(s->by_committee);
    cJSON_Delete(s->by_edition);
    free(s);
}

/* map[key] += 1, the key added at 0 first when absent. */
static int bump(cJSON *map, const char *key)
{
    cJSON *n = json_member(map, key);
    if (n == NULL && (n = cJSON_AddNumberToObject(map, key, 0)) == NULL)
        return -1;
    cJSON_SetNumberValue(n, n->valuedouble + 1);
    return 0;
}

/*
 * map[key], trying first the member after *hint (NULL: the first member) and
 * leaving *hint on what was found.  A record's results come in the same
 * order as every record's, and the rules map grows in that order, so the
 * next rule is nearly always the member after the last one: a record's 48
 * rules cost 48 comparisons instead of about 1 200.
 */
static cJSON *find_hinted(cJSON *map, const char *key, cJSON **hint)
{
    cJSON *next = *hint != NULL ? (*hint)->next : map->child;
    cJSON *found = next != NULL && next->string != NULL && json_text_is(next->string, key)
                       ? next
                       : json_member(map, key);
    if (found != NULL)
        *hint = found;
    return found;
}

/* map[key][sub] += 1, map[key] made by `make` when absent; `hint` as for
 * find_hinted, or NULL. */
static int bump2(cJSON *map, const char *key, const char *sub, cJSON *(*make)(void), cJSON **hint)
{
    cJSON *inner = hint != NULL ? find_hinted(map, key, hint)
                                : json_member(map, key);
    if (inner == NULL) {
        inner = make();
        if (inner == NULL)
            return -1;
        cJSON_AddItemToObject(map, key, inner);
        if (hint != NULL)
            *hint = inner;
    }
    return bump(inner, sub);
}

int audit_summary_add(struct audit_summary *s, const struct audit_line *line,
                      const struct audit_facts *f)
{
    s->records++;
    const char *verdict = line->verdict;
    if (line->input_error || verdict == NULL) {
        s->input_errors++;
        return 0;
    }
    s->evaluated++;
    if (strcmp(verdict, "error") == 0)
        s->engine_errors++;
    const char *procedure = line->procedure;
    if (bump(s->verdicts, verdict) != 0 || (procedure && bump(s->procedures, procedure) != 0))
        return -1;
    cJSON *hint = NULL;
    for (size_t i = 0; i < line->count; i++) {
        const struct audit_line_entry *e = &line->entries[i];
        if (e->rule == NULL || e->status == NULL)
            continue;
        if (bump2(s->rules, e->rule, e->status, status_map, &hint) != 0)
            return -1;
        if (json_text_is(e->status, "fail") && e->severity && json_text_is(e->severity, "process") &&
            bump(s->process, e->rule) != 0)
            return -1;
    }
    if (f->year > 0) {
        char year[16];
        snprintf(year, sizeof year, "%04d", f->year);
        if (bump2(s->by_year, year, verdict, verdict_map, NULL) != 0)
            return -1;
    }
    if (f->edition[0] && bump2(s->by_edition, f->edition, verdict, verdict_map, NULL) != 0)
        return -1;
    /* A committee named twice in one path counts the record once. */
    const cJSON *c, *prev;
    cJSON_ArrayForEach(c, f->committees) {
        int seen = 0;
        for (prev = f->committees ? f->committees->child : NULL; prev != c; prev = prev->next)
            seen |= cJSON_IsString(prev) && cJSON_IsString(c) &&
                    strcmp(prev->valuestring, c->valuestring) == 0;
        if (!seen && cJSON_IsString(c) && bump2(s->by_committee, c->valuestring, verdict,
                                                verdict_map, NULL) != 0)
            return -1;
    }
    return 0;
}

void audit_summary_counts(const struct audit_summary *s, long long *records, long long *evaluated,
                          long long *input_errors, long long *engine_errors)
{
    *records = s->records;
    *evaluated = s->evaluated;
    *input_errors = s->input_errors;
    *engine_errors = s->engine_errors;
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

/* A copy of `map` with its keys in byte order. */
static cJSON *sorted_copy(const cJSON *map)
{
    int n = cJSON_GetArraySize(map);
    cJSON *copy = cJSON_Duplicate(map, 1);
    cJSON **items = n > 0 ? malloc((size_t)n * sizeof *items) : NULL;
    if (copy == NULL || (n > 0 && items == NULL)) {
        cJSON_Delete(copy);
        free(items);
        return NULL;
    }
    int i = 0;
    while (copy->child != NULL)
        items[i++] = cJSON_DetachItemViaPointer(copy, copy->child);
    if (n > 1)
        qsort(items, (size_t)n, sizeof *items, compare_keys);
    for (i = 0; i < n; i++) {
        items[i]->prev = items[i]->next = NULL;
        cJSON_AddItemToArray(copy, items[i]);   /* keeps items[i]->string */
    }
    free(items);
    return copy;
}

static int add_copy(cJSON *obj, const char *key, const cJSON *map, int sort)
{
    cJSON *copy = sort ? sorted_copy(map) : cJSON_Duplicate(map, 1);
    if (copy == NULL)
        return -1;
    cJSON_AddItemToObject(obj, key, copy);
    return 0;
}

cJSON *audit_summary_json(const struct audit_summary *s, const struct audit_run_info *run)
{
    char day[DATE_TEXT_SIZE];
    cJSON *obj = cJSON_CreateObject(), *inputs, *r;
    int ok = obj != NULL && cJSON_AddStringToObject(obj, "format", "admit.audit/1") &&
             (inputs = cJSON_AddArrayToObject(obj, "inputs")) != NULL;
    for (size_t i = 0; ok && i < run->input_count; i++) {
        cJSON *str = cJSON_CreateString(run->inputs[i]);
        ok = str != NULL;
        if (ok)
            cJSON_AddItemToArray(inputs, str);
    }
    ok = ok && cJSON_AddStringToObject(obj, "as_of", date_format_iso(run->as_of, day)) &&
         cJSON_AddStringToObject(obj, "ruleset", run->ruleset) &&
         cJSON_AddNumberToObject(obj, "records", (double)s->records) &&
         cJSON_AddNumberToObject(obj, "evaluated", (double)s->evaluated) &&
         cJSON_AddNumberToObject(obj, "input_errors", (double)s->input_errors) &&
         add_copy(obj, "verdicts", s->verdicts, 0) == 0 &&
         add_copy(obj, "procedures", s->procedures, 1) == 0 &&
         add_copy(obj, "rules", s->rules, 0) == 0 &&
         add_copy(obj, "process_violations", s->process, 0) == 0 &&
         add_copy(obj, "by_year", s->by_year, 1) == 0 &&
         add_copy(obj, "by_committee", s->by_committee, 1) == 0 &&
         add_copy(obj, "by_edition", s->by_edition, 1) == 0 &&
         cJSON_AddArrayToObject(obj, "quotas") != NULL &&
         (r = cJSON_AddObjectToObject(obj, "run")) != NULL &&
         cJSON_AddStringToObject(r, "started", run->started) &&
         cJSON_AddNumberToObject(r, "seconds", (double)(long long)(run->seconds * 1000 + 0.5) / 1000) &&
         cJSON_AddNumberToObject(r, "threads", run->threads) &&
         cJSON_AddNumberToObject(r, "records_per_second",
                                 run->seconds > 0 ? (double)(long long)(s->records / run->seconds + 0.5)
                                                  : (double)s->records);
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}
