/* audit_quota.c - admission plans and the audit's quotas (audit_quota.h). */
#include "audit_quota.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json_member.h"
#include "jsontext.h"

struct adjustment {
    admit_day day;
    long delta;
};

struct target {
    const cJSON *node;            /* the target's object in the plan (label, source, adjustments) */
    const char *id, *committee;
    admit_day from, until;
    long target;
};

struct audit_plan {
    cJSON *doc;                   /* owns every string the targets point to */
    struct target *targets;
    size_t count;
};

struct branch_count {
    const char *branch;           /* borrowed from a record: copied, as records do not outlive adding */
    char *owned;
    long admitted;
};

struct counts {
    long admitted, not_eligible, in_progress, in_time;
    struct branch_count *branches;
    size_t branch_count, branch_alloc;
};

struct audit_quota {
    const struct audit_plan *plan;
    admit_day as_of;
    struct counts *counts;        /* one per target */
};

/* ----------------------------------------------------------------- record */

void audit_record_from_line(struct audit_record *rec, const cJSON *dossier,
                            const struct audit_line *line)
{
    memset(rec, 0, sizeof *rec);
    rec->decision_day = AUDIT_NO_DAY;
    rec->earliest_day = AUDIT_NO_DAY;
    rec->procedure = json_string_member(dossier, "procedure");
    if (rec->procedure == NULL && line != NULL)
        rec->procedure = line->procedure;
    if (line != NULL && !line->input_error)
        rec->verdict = line->verdict;

    const cJSON *org = cJSON_GetObjectItemCaseSensitive(dossier, "organisation");
    rec->branch = json_string_member(cJSON_GetObjectItemCaseSensitive(org, "branch"), "id");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(org, "committee_path");
    const cJSON *item;
    cJSON_ArrayForEach(item, path) {
        if (rec->committee_count == AUDIT_RECORD_MAX_PATH)
            break;
        if (cJSON_IsString(item))
            rec->committee_path[rec->committee_count++] = item->valuestring;
    }
    const cJSON *decision = cJSON_GetObjectItemCaseSensitive(dossier, "decision");
    rec->decision_day = json_day(cJSON_GetObjectItemCaseSensitive(decision, "date"), AUDIT_NO_DAY);

    /* The dossier can go on only when its last time-bound criterion is met. */
    for (size_t i = 0; line != NULL && i < line->count; i++) {
        admit_day day = line->entries[i].earliest;
        if (day != OUTCOME_NO_DAY && (rec->earliest_day == AUDIT_NO_DAY || day > rec->earliest_day))
            rec->earliest_day = day;
    }
}

/* ------------------------------------------------------------------- plan */

void audit_plan_free(struct audit_plan *plan)
{
    if (plan == NULL)
        return;
    cJSON_Delete(plan->doc);
    free(plan->targets);
    free(plan);
}

size_t audit_plan_count(const struct audit_plan *plan)
{
    return plan == NULL ? 0 : plan->count;
}

enum admit_status audit_plan_from_json(cJSON *doc, const char *source, const struct schema *schema,
                                       struct audit_plan **out, struct admit_error *err)
{
    struct audit_plan *plan = NULL;
    enum admit_status st;
    *out = NULL;
    st = schema_validate(schema, doc, err);
    if (st != ADMIT_OK) {
        snprintf(err->file, sizeof err->file, "%s", source);
        return st;
    }
    const cJSON *targets = cJSON_GetObjectItemCaseSensitive(doc, "targets");
    size_t n = (size_t)cJSON_GetArraySize(targets);
    plan = calloc(1, sizeof *plan);
    if (plan == NULL || (plan->targets = calloc(n ? n : 1, sizeof *plan->targets)) == NULL) {
        st = admit_error_set(err, ADMIT_ENOMEM, source, "", "%s", TR("hết bộ nhớ", "out of memory"));
        goto fail;
    }
    const cJSON *t;
    cJSON_ArrayForEach(t, targets) {
        struct target *tg = &plan->targets[plan->count];
        char path[64];
        snprintf(path, sizeof path, "targets[%zu]", plan->count);
        tg->node = t;
        tg->id = json_string_member(t, "id");
        tg->committee = json_string_member(t, "committee");
        tg->from = json_day(cJSON_GetObjectItemCaseSensitive(t, "from"), AUDIT_NO_DAY);
        tg->until = json_day(cJSON_GetObjectItemCaseSensitive(t, "until"), AUDIT_NO_DAY);
        tg->target = (long)cJSON_GetObjectItemCaseSensitive(t, "target")->valuedouble;
        if (tg->until < tg->from) {
            st = admit_error_set(err, ADMIT_EINPUT, source, path,
                                 TR("ngày kết thúc \"until\" (%s) trước ngày bắt đầu \"from\" (%s)",
                                    "\"until\" (%s) is before \"from\" (%s)"),
                                 json_string_member(t, "until"), json_string_member(t, "from"));
            goto fail;
        }
        for (size_t i = 0; i < plan->count; i++) {
            if (strcmp(plan->targets[i].id, tg->id) == 0) {
                st = admit_error_set(err, ADMIT_EINPUT, source, path,
                                     TR("mã chỉ tiêu \"%s\" trùng với targets[%zu]",
                                        "target id \"%s\" repeats targets[%zu]"),
                                     tg->id, i);
                goto fail;
            }
        }
        plan->count++;
    }
    plan->doc = doc;
    *out = plan;
    return ADMIT_OK;
fail:
    if (plan != NULL) {
        free(plan->targets);
        free(plan);
    }
    return st;
}

enum admit_status audit_plan_load(const char *path, const struct schema *schema,
                                  struct audit_plan **out, struct admit_error *err)
{
    cJSON *doc = NULL;
    *out = NULL;
    enum admit_status st = jsontext_read_file(path, &doc, err);
    if (st != ADMIT_OK)
        return st;
    st = audit_plan_from_json(doc, path, schema, out, err);
    if (st != ADMIT_OK)
        cJSON_Delete(doc);
    return st;
}

/* ----------------------------------------------------------------- counts */

struct audit_quota *audit_quota_new(const struct audit_plan *plan, admit_day as_of)
{
    struct audit_quota *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    q->plan = plan;
    q->as_of = as_of;
    q->counts = calloc(plan->count ? plan->count : 1, sizeof *q->counts);
    if (q->counts == NULL) {
        free(q);
        return NULL;
    }
    return q;
}

void audit_quota_free(struct audit_quota *q)
{
    if (q == NULL)
        return;
    for (size_t i = 0; i < q->plan->count; i++) {
        for (size_t b = 0; b < q->counts[i].branch_count; b++)
            free(q->counts[i].branches[b].owned);
        free(q->counts[i].branches);
    }
    free(q->counts);
    free(q);
}

static int in_committee(const struct audit_record *rec, const char *committee)
{
    for (size_t i = 0; i < rec->committee_count; i++)
        if (rec->committee_path[i] != NULL && strcmp(rec->committee_path[i], committee) == 0)
            return 1;
    return 0;
}

/* Add one to `branch`'s count (NULL: the branch is not known, shown as ""). */
static int count_branch(struct counts *c, const char *branch)
{
    const char *name = branch != NULL ? branch : "";
    for (size_t i = 0; i < c->branch_count; i++) {
        if (strcmp(c->branches[i].branch, name) == 0) {
            c->branches[i].admitted++;
            return 0;
        }
    }
    if (c->branch_count == c->branch_alloc) {
        size_t alloc = c->branch_alloc ? 2 * c->branch_alloc : 8;
        struct branch_count *grown = realloc(c->branches, alloc * sizeof *grown);
        if (grown == NULL)
            return -1;
        c->branches = grown;
        c->branch_alloc = alloc;
    }
    char *owned = strdup(name);
    if (owned == NULL)
        return -1;
    c->branches[c->branch_count++] = (struct branch_count){owned, owned, 1};
    return 0;
}

int audit_quota_add(struct audit_quota *q, const struct audit_record *rec)
{
    if (rec->procedure == NULL || strcmp(rec->procedure, "admission") != 0)
        return 0;
    int not_eligible = rec->verdict != NULL && strcmp(rec->verdict, "not_eligible") == 0;
    int decided = rec->decision_day != AUDIT_NO_DAY && rec->decision_day <= q->as_of;
    for (size_t i = 0; i < q->plan->count; i++) {
        const struct target *t = &q->plan->targets[i];
        struct counts *c = &q->counts[i];
        if (!in_committee(rec, t->committee))
            continue;
        if (decided) {
            if (rec->decision_day < t->from || rec->decision_day > t->until)
                continue;
            if (count_branch(c, rec->branch) != 0)
                return -1;
            c->admitted++;
            c->not_eligible += not_eligible;
        } else if (rec->verdict != NULL && !not_eligible) {
            admit_day ready = rec->earliest_day != AUDIT_NO_DAY && rec->earliest_day > q->as_of
                                  ? rec->earliest_day : q->as_of;
            c->in_progress++;
            c->in_time += ready <= t->until;
        }
    }
    return 0;
}

double audit_quota_percent(long part, long whole)
{
    /* tenths = round_half_up(1000 * part / whole), in integers so that
     * 85.75 does not become 85.7 through binary rounding */
    long long tenths = ((long long)part * 2000 + whole) / (2LL * whole);
    return (double)tenths / 10.0;
}

static int add_number(cJSON *obj, const char *key, double value)
{
    return cJSON_AddNumberToObject(obj, key, value) != NULL ? 0 : -1;
}

static int add_percent(cJSON *obj, const char *key, long part, long whole)
{
    if (whole <= 0)
        return cJSON_AddNullToObject(obj, key) != NULL ? 0 : -1;
    return add_number(obj, key, audit_quota_percent(part, whole));
}

static int add_copy(cJSON *obj, const cJSON *from, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(from, key);
    if (item == NULL)
        return 0;
    cJSON *copy = cJSON_Duplicate(item, 1);
    if (copy == NULL)
        return -1;
    /* a date node marked by the schema validator is copied as a plain string */
    copy->type &= 0xFF;
    cJSON_AddItemToObject(obj, key, copy);
    return 0;
}

static int cmp_branch(const void *a, const void *b)
{
    return strcmp(((const struct branch_count *)a)->branch, ((const struct branch_count *)b)->branch);
}

static cJSON *target_json(const struct audit_quota *q, size_t i)
{
    const struct target *t = &q->plan->targets[i];
    const struct counts *c = &q->counts[i];
    char from[DATE_TEXT_SIZE], until[DATE_TEXT_SIZE];
    long adjusted = t->target;
    const cJSON *adj;
    cJSON_ArrayForEach(adj, cJSON_GetObjectItemCaseSensitive(t->node, "adjustments")) {
        if (json_day(cJSON_GetObjectItemCaseSensitive(adj, "date"), AUDIT_NO_DAY) <= q->as_of)
            adjusted += (long)cJSON_GetObjectItemCaseSensitive(adj, "delta")->valuedouble;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *by_branch = cJSON_CreateObject();
    struct branch_count *sorted = NULL;
    if (o == NULL || by_branch == NULL)
        goto fail;
    /* branches in byte order, so the summary does not depend on record order */
    if (c->branch_count > 0) {
        sorted = malloc(c->branch_count * sizeof *sorted);
        if (sorted == NULL)
            goto fail;
        memcpy(sorted, c->branches, c->branch_count * sizeof *sorted);
        qsort(sorted, c->branch_count, sizeof *sorted, cmp_branch);
    }
    for (size_t b = 0; b < c->branch_count; b++)
        if (cJSON_AddNumberToObject(by_branch, sorted[b].branch, (double)sorted[b].admitted) == NULL)
            goto fail;
    free(sorted);
    sorted = NULL;
    if (cJSON_AddStringToObject(o, "id", t->id) == NULL ||
        cJSON_AddStringToObject(o, "committee", t->committee) == NULL ||
        cJSON_AddStringToObject(o, "from", date_format_iso(t->from, from)) == NULL ||
        cJSON_AddStringToObject(o, "until", date_format_iso(t->until, until)) == NULL ||
        add_number(o, "target", (double)t->target) != 0 ||
        add_number(o, "target_adjusted", (double)adjusted) != 0 ||
        add_number(o, "admitted", (double)c->admitted) != 0 ||
        add_percent(o, "percent", c->admitted, t->target) != 0 ||
        add_percent(o, "percent_adjusted", c->admitted, adjusted) != 0 ||
        add_number(o, "admitted_not_eligible", (double)c->not_eligible) != 0)
        goto fail;
    cJSON_AddItemToObject(o, "by_branch", by_branch);
    by_branch = NULL;
    if (add_number(o, "in_progress", (double)c->in_progress) != 0 ||
        add_number(o, "projected", (double)(c->admitted + c->in_time)) != 0 ||
        add_copy(o, t->node, "label") != 0 || add_copy(o, t->node, "source") != 0 ||
        add_copy(o, t->node, "adjustments") != 0)
        goto fail;
    return o;
fail:
    free(sorted);
    cJSON_Delete(by_branch);
    cJSON_Delete(o);
    return NULL;
}

cJSON *audit_quota_json(const struct audit_quota *q)
{
    cJSON *arr = cJSON_CreateArray();
    if (arr == NULL)
        return NULL;
    for (size_t i = 0; i < q->plan->count; i++) {
        cJSON *o = target_json(q, i);
        if (o == NULL) {
            cJSON_Delete(arr);
            return NULL;
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}
