/* audit_hooks.c - quotas and reports of `admit audit` in one place (audit_hooks.h). */
#include "audit_hooks.h"

#include <stdio.h>
#include <stdlib.h>

#include "audit_quota.h"
#include "i18n.h"
#include "schema.h"

struct audit_hooks {
    struct audit_plan *plan;      /* NULL without --plan */
    struct audit_quota *quota;
    struct audit_report *report;  /* NULL when no report is asked for */
};

static enum admit_status no_memory(struct admit_error *err)
{
    return admit_error_set(err, ADMIT_ENOMEM, "", "", "%s", TR("hết bộ nhớ", "out of memory"));
}

enum admit_status audit_hooks_open(const char *out_dir, const char *plan, const char *schemas,
                                   admit_day as_of, const struct audit_report_options *opt,
                                   struct audit_hooks **out, struct admit_error *err)
{
    enum admit_status st = ADMIT_OK;
    struct audit_hooks *h = calloc(1, sizeof *h);
    *out = NULL;
    if (h == NULL)
        return no_memory(err);
    if (plan != NULL) {
        char path[1200];
        struct schema *schema = NULL;
        snprintf(path, sizeof path, "%s/plan.schema.json", schemas);
        st = schema_load(path, &schema, err);
        if (st == ADMIT_OK)
            st = audit_plan_load(plan, schema, &h->plan, err);
        schema_free(schema);
        if (st != ADMIT_OK)
            goto fail;
        h->quota = audit_quota_new(h->plan, as_of);
        if (h->quota == NULL) {
            st = no_memory(err);
            goto fail;
        }
    }
    if (opt != NULL && (opt->html || opt->csv || opt->xlsx)) {
        st = audit_report_open(out_dir, opt, &h->report, err);
        if (st != ADMIT_OK)
            goto fail;
    }
    *out = h;
    return ADMIT_OK;
fail:
    audit_hooks_free(h);
    return st;
}

enum admit_status audit_hooks_record(struct audit_hooks *h, const char *input, const cJSON *dossier,
                                     const struct audit_line *line, struct admit_error *err)
{
    if (h->quota != NULL) {
        struct audit_record rec;
        audit_record_from_line(&rec, dossier, line);
        if (audit_quota_add(h->quota, &rec) != 0)
            return no_memory(err);
    }
    if (h->report != NULL) {
        struct audit_report_row row;
        audit_report_row_from_line(&row, input, dossier, line);
        return audit_report_add(h->report, &row, err);
    }
    return ADMIT_OK;
}

enum admit_status audit_hooks_finish(struct audit_hooks *h, cJSON *summary, struct admit_error *err)
{
    cJSON *quotas = h->quota != NULL ? audit_quota_json(h->quota) : cJSON_CreateArray();
    if (quotas == NULL)
        return no_memory(err);
    if (cJSON_HasObjectItem(summary, "quotas")) {
        if (!cJSON_ReplaceItemInObjectCaseSensitive(summary, "quotas", quotas)) {
            cJSON_Delete(quotas);
            return no_memory(err);
        }
    } else if (!cJSON_AddItemToObject(summary, "quotas", quotas)) {
        cJSON_Delete(quotas);
        return no_memory(err);
    }
    if (h->report != NULL)
        return audit_report_finish(h->report, summary, err);
    return ADMIT_OK;
}

void audit_hooks_free(struct audit_hooks *h)
{
    if (h == NULL)
        return;
    audit_report_free(h->report);
    audit_quota_free(h->quota);
    audit_plan_free(h->plan);
    free(h);
}
