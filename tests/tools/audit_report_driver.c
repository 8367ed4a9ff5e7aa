/*
 * audit_report_driver.c - a test binary (built in build/tests/tools, never
 * installed) that drives engine/audit_quota.c and engine/audit_report.c for
 * tests/e2e/audit_report.py before and besides `admit audit`.
 *
 *   audit_report_driver quotas PLAN AS_OF DOSSIERS.jsonl RESULTS.jsonl
 *       print the summary's `quotas` array (JSON) for the records given as
 *       two aligned JSON Lines files: the dossiers and their results
 *   audit_report_driver report SUMMARY.json OUTDIR vi|en [DOSSIERS.jsonl RESULTS.jsonl [PLAN AS_OF]]
 *       through audit_hooks.h as `admit audit` does: count the records of
 *       the two files against PLAN (when given), write report.html,
 *       report.csv and report.xlsx in OUTDIR (inputs named DOSSIERS.jsonl:N,
 *       N the record number), and print the summary with its "quotas"
 *
 * The plan schema is read from $ADMIT_SCHEMAS, else ./schemas.
 * Exit 0 on success, 1 with a message on stderr otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_hooks.h"
#include "audit_quota.h"
#include "audit_report.h"
#include "jsontext.h"
#include "schema.h"

static int fail(const struct admit_error *err)
{
    char buf[2048];
    fprintf(stderr, "audit_report_driver: %s\n", admit_error_format(err, buf, sizeof buf));
    return 1;
}

/* The next non-empty line of `f` parsed, or NULL at the end (or on bad JSON, with *bad set). */
static cJSON *next_json(FILE *f, char **line, size_t *cap, int *bad)
{
    ssize_t n;
    while ((n = getline(line, cap, f)) >= 0) {
        if (n == 0 || (*line)[0] == '\n')
            continue;
        cJSON *doc = cJSON_ParseWithLength(*line, (size_t)n);
        if (doc == NULL)
            *bad = 1;
        return doc;
    }
    return NULL;
}

static int quotas(int argc, char **argv)
{
    struct admit_error err = {0};
    struct schema *schema = NULL;
    struct audit_plan *plan = NULL;
    char schema_path[1100];
    admit_day as_of;
    if (argc != 6 || date_parse(argv[3], strlen(argv[3]), &as_of) != 0) {
        fprintf(stderr, "usage: audit_report_driver quotas PLAN AS_OF DOSSIERS.jsonl RESULTS.jsonl\n");
        return 1;
    }
    /* the source tree's schemas (the tests run from the tree's root) */
    const char *schemas = getenv("ADMIT_SCHEMAS");
    snprintf(schema_path, sizeof schema_path, "%s/plan.schema.json", schemas ? schemas : "schemas");
    if (schema_load(schema_path, &schema, &err) != ADMIT_OK)
        return fail(&err);
    if (audit_plan_load(argv[2], schema, &plan, &err) != ADMIT_OK) {
        schema_free(schema);
        return fail(&err);
    }
    struct audit_quota *q = audit_quota_new(plan, as_of);
    FILE *fd = fopen(argv[4], "r"), *fr = fopen(argv[5], "r");
    char *l1 = NULL, *l2 = NULL;
    size_t c1 = 0, c2 = 0;
    int bad = q == NULL || fd == NULL || fr == NULL, rc = 1;
    while (!bad) {
        cJSON *d = next_json(fd, &l1, &c1, &bad), *r = next_json(fr, &l2, &c2, &bad);
        if (d == NULL || r == NULL) {
            bad |= (d == NULL) != (r == NULL);
            cJSON_Delete(d);
            cJSON_Delete(r);
            break;
        }
        struct audit_record rec;
        struct audit_line view;   /* the result line as the audit reads it */
        bad |= audit_line_from_tree(&view, r) != 0;
        audit_record_from_line(&rec, d, &view);
        bad |= audit_quota_add(q, &rec) != 0;
        audit_line_release(&view);
        cJSON_Delete(d);
        cJSON_Delete(r);
    }
    if (!bad) {
        cJSON *json = audit_quota_json(q);
        char *text = json != NULL ? cJSON_Print(json) : NULL;
        if (text != NULL) {
            puts(text);
            rc = 0;
        }
        free(text);
        cJSON_Delete(json);
    } else {
        fprintf(stderr, "audit_report_driver: cannot read the records\n");
    }
    free(l1);
    free(l2);
    if (fd) fclose(fd);
    if (fr) fclose(fr);
    audit_quota_free(q);
    audit_plan_free(plan);
    schema_free(schema);
    return rc;
}

/* The report mode: through audit_hooks, as `admit audit` calls it. */
static int report(int argc, char **argv)
{
    struct admit_error err = {0};
    cJSON *summary = NULL;
    struct audit_hooks *hooks = NULL;
    admit_day as_of = 0;
    if ((argc != 5 && argc != 7 && argc != 9) ||
        (argc == 9 && date_parse(argv[8], strlen(argv[8]), &as_of) != 0)) {
        fprintf(stderr, "usage: audit_report_driver report SUMMARY.json OUTDIR vi|en "
                        "[DOSSIERS.jsonl RESULTS.jsonl [PLAN AS_OF]]\n");
        return 1;
    }
    struct audit_report_options opt = {strcmp(argv[4], "en") == 0 ? ADMIT_LANG_EN : ADMIT_LANG_VI, 1, 1, 1};
    const char *schemas = getenv("ADMIT_SCHEMAS");
    i18n_set_lang(opt.lang);
    if (jsontext_read_file(argv[2], &summary, &err) != ADMIT_OK)
        return fail(&err);
    if (audit_hooks_open(argv[3], argc == 9 ? argv[7] : NULL, schemas ? schemas : "schemas", as_of,
                         &opt, &hooks, &err) != ADMIT_OK) {
        cJSON_Delete(summary);
        return fail(&err);
    }
    int rc = 0;
    if (argc >= 7) {
        FILE *fd = fopen(argv[5], "r"), *fr = fopen(argv[6], "r");
        char *l1 = NULL, *l2 = NULL, input[1200];
        size_t c1 = 0, c2 = 0;
        int bad = fd == NULL || fr == NULL, line = 0;
        while (!bad && rc == 0) {
            cJSON *d = next_json(fd, &l1, &c1, &bad), *r = next_json(fr, &l2, &c2, &bad);
            line++;
            if (d == NULL || r == NULL) {
                cJSON_Delete(d);
                cJSON_Delete(r);
                break;
            }
            snprintf(input, sizeof input, "%s:%d", argv[5], line);
            struct audit_line view;
            if (audit_line_from_tree(&view, r) != 0) {
                fprintf(stderr, "audit_report_driver: out of memory\n");
                rc = 1;
            } else if (audit_hooks_record(hooks, input, d, &view, &err) != ADMIT_OK) {
                rc = fail(&err);
            }
            audit_line_release(&view);
            cJSON_Delete(d);
            cJSON_Delete(r);
        }
        if (bad) {
            fprintf(stderr, "audit_report_driver: cannot read the records\n");
            rc = 1;
        }
        free(l1);
        free(l2);
        if (fd) fclose(fd);
        if (fr) fclose(fr);
    }
    if (rc == 0 && audit_hooks_finish(hooks, summary, &err) != ADMIT_OK)
        rc = fail(&err);
    if (rc == 0) {
        char *text = cJSON_Print(summary);   /* the summary as the audit writes it */
        if (text != NULL)
            puts(text);
        rc = text == NULL;
        free(text);
    }
    audit_hooks_free(hooks);
    cJSON_Delete(summary);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "quotas") == 0)
        return quotas(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "report") == 0)
        return report(argc, argv);
    fprintf(stderr, "usage: audit_report_driver quotas|report ...\n");
    return 1;
}
