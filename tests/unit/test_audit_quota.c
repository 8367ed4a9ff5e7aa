/*
 * test_audit_quota.c - admission plans and the audit's quotas
 * (engine/audit_quota.c): the plan schema and the checks beyond it, what a
 * record contributes (period, evaluation date, committee, procedure,
 * verdict), adjustments, rounding, in-progress and projected counts.
 *
 * Run from the repository root (schemas/plan.schema.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "audit_hooks.h"
#include "audit_quota.h"
#include "date.h"
#include "i18n.h"
#include "schema.h"

static struct schema *plan_schema;

static int setup(void **state)
{
    (void)state;
    struct admit_error err = {0};
    i18n_set_lang(ADMIT_LANG_EN);
    if (schema_load("schemas/plan.schema.json", &plan_schema, &err) != ADMIT_OK) {
        fprintf(stderr, "%s: %s\n", err.file, err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    schema_free(plan_schema);
    return 0;
}

static admit_day day(const char *iso)
{
    admit_day d;
    assert_int_equal(date_parse(iso, strlen(iso), &d), 0);
    return d;
}

static const char *const PLAN =
    "{\"format\": \"admit.plan/1\", \"targets\": ["
    " {\"id\": \"term\", \"committee\": \"du-so\", \"label\": {\"vi\": \"Nhiệm kỳ\", \"en\": \"Term\"},"
    "  \"from\": \"2020-08-03\", \"until\": \"2025-07-31\", \"target\": 30, \"source\": \"Nghị quyết\","
    "  \"adjustments\": [{\"date\": \"2021-06-15\", \"delta\": 15},"
    "                    {\"date\": \"2024-01-10\", \"delta\": -5}]},"
    " {\"id\": \"y2023\", \"committee\": \"du-so\", \"from\": \"2023-01-01\", \"until\": \"2023-12-31\", \"target\": 7},"
    " {\"id\": \"other\", \"committee\": \"du-khac\", \"from\": \"2020-01-01\", \"until\": \"2025-12-31\", \"target\": 0}]}";

static struct audit_plan *plan_of(const char *text, enum admit_status want, const char *path_want,
                                  const char *message_want)
{
    struct admit_error err = {0};
    struct audit_plan *plan = NULL;
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    enum admit_status st = audit_plan_from_json(doc, "plan.json", plan_schema, &plan, &err);
    if (st != want)
        fprintf(stderr, "unexpected: %s %s %s\n", err.file, err.path, err.message);
    assert_int_equal(st, want);
    if (st != ADMIT_OK) {
        assert_null(plan);
        assert_string_equal(err.file, "plan.json");
        assert_string_equal(err.path, path_want);
        assert_non_null(strstr(err.message, message_want));
        cJSON_Delete(doc);
    }
    return plan;
}

/* An admission record of branch `branch` under du-so. */
static struct audit_record record(const char *procedure, const char *verdict, const char *branch,
                                  const char *decision)
{
    struct audit_record r;
    memset(&r, 0, sizeof r);
    r.procedure = procedure;
    r.verdict = verdict;
    r.branch = branch;
    r.committee_path[0] = "tw";
    r.committee_path[1] = "du-so";
    r.committee_path[2] = branch;
    r.committee_count = 3;
    r.decision_day = decision != NULL ? day(decision) : AUDIT_NO_DAY;
    r.earliest_day = AUDIT_NO_DAY;
    return r;
}

static const cJSON *target(const cJSON *quotas, const char *id)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, quotas)
        if (strcmp(cJSON_GetObjectItem(t, "id")->valuestring, id) == 0)
            return t;
    fail_msg("no target %s", id);
    return NULL;
}

static double num(const cJSON *obj, const char *key)
{
    const cJSON *n = cJSON_GetObjectItem(obj, key);
    assert_true(cJSON_IsNumber(n));
    return n->valuedouble;
}

/* ------------------------------------------------------------------ plans */

static void test_plan_valid(void **state)
{
    (void)state;
    struct audit_plan *plan = plan_of(PLAN, ADMIT_OK, NULL, NULL);
    assert_int_equal(audit_plan_count(plan), 3);
    audit_plan_free(plan);
    audit_plan_free(NULL);
}

static void test_plan_refused(void **state)
{
    (void)state;
    plan_of("{\"format\": \"admit.plan/1\", \"targets\": []}", ADMIT_EINPUT, "targets", "at least 1");
    plan_of("{\"format\": \"admit.plan/2\", \"targets\": []}", ADMIT_EINPUT, "format", "admit.plan/1");
    plan_of("{\"format\": \"admit.plan/1\", \"targets\": [{\"id\": \"a\", \"committee\": \"c\","
            " \"from\": \"2023-01-01\", \"until\": \"2023-13-01\", \"target\": 1}]}",
            ADMIT_EINPUT, "targets[0].until", "date");
    plan_of("{\"format\": \"admit.plan/1\", \"targets\": [{\"id\": \"a\", \"committee\": \"c\","
            " \"from\": \"2023-01-01\", \"until\": \"2023-12-31\", \"target\": 1.5}]}",
            ADMIT_EINPUT, "targets[0].target", "integer");
    plan_of("{\"format\": \"admit.plan/1\", \"targets\": [{\"id\": \"a\", \"committee\": \"c\","
            " \"from\": \"2023-01-01\", \"until\": \"2023-12-31\", \"target\": 1, \"goal\": 2}]}",
            ADMIT_EINPUT, "targets[0].goal", "");
    plan_of("{\"format\": \"admit.plan/1\", \"targets\": [{\"id\": \"a\", \"committee\": \"c\","
            " \"from\": \"2023-12-31\", \"until\": \"2023-01-01\", \"target\": 1}]}",
            ADMIT_EINPUT, "targets[0]", "\"until\" (2023-01-01) is before \"from\" (2023-12-31)");
    plan_of("{\"format\": \"admit.plan/1\", \"targets\": ["
            "{\"id\": \"a\", \"committee\": \"c\", \"from\": \"2023-01-01\", \"until\": \"2023-12-31\", \"target\": 1},"
            "{\"id\": \"a\", \"committee\": \"c\", \"from\": \"2024-01-01\", \"until\": \"2024-12-31\", \"target\": 1}]}",
            ADMIT_EINPUT, "targets[1]", "target id \"a\" repeats targets[0]");
}

static void test_plan_load_file(void **state)
{
    (void)state;
    struct admit_error err = {0};
    struct audit_plan *plan = NULL;
    assert_int_equal(audit_plan_load("examples/audit/plan.json", plan_schema, &plan, &err), ADMIT_OK);
    assert_int_equal(audit_plan_count(plan), 2);
    audit_plan_free(plan);
    assert_int_equal(audit_plan_load("examples/audit/no-such-plan.json", plan_schema, &plan, &err), ADMIT_EIO);
    assert_null(plan);
    assert_non_null(strstr(err.file, "no-such-plan.json"));
}

/* ----------------------------------------------------------------- quotas */

static void test_counting(void **state)
{
    (void)state;
    struct audit_plan *plan = plan_of(PLAN, ADMIT_OK, NULL, NULL);
    struct audit_quota *q = audit_quota_new(plan, day("2023-09-23"));
    assert_non_null(q);
    struct audit_record recs[] = {
        record("admission", "eligible", "cb-a", "2020-08-03"),      /* first day of the term */
        record("admission", "eligible", "cb-a", "2020-08-02"),      /* before the term */
        record("admission", "not_eligible", "cb-b", "2023-02-01"),  /* counted, and not eligible */
        record("admission", "eligible", "cb-b", "2023-09-23"),      /* on the evaluation date */
        record("admission", "eligible", "cb-b", "2023-09-24"),      /* after it: a plan, in progress */
        record("recognition", "eligible", "cb-a", "2022-01-01"),    /* not an admission */
        record("admission", "incomplete", NULL, "2021-05-05"),      /* counted whatever the verdict */
    };
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++)
        assert_int_equal(audit_quota_add(q, &recs[i]), 0);
    /* a committee of another path */
    struct audit_record far = record("admission", "eligible", "cb-z", "2022-02-02");
    far.committee_path[1] = "du-khac";
    assert_int_equal(audit_quota_add(q, &far), 0);

    cJSON *quotas = audit_quota_json(q);
    assert_non_null(quotas);
    const cJSON *term = target(quotas, "term"), *y = target(quotas, "y2023"), *other = target(quotas, "other");
    assert_int_equal(num(term, "target"), 30);
    assert_int_equal(num(term, "target_adjusted"), 45);   /* the 2024 adjustment is not yet */
    assert_int_equal(num(term, "admitted"), 4);
    assert_int_equal(num(term, "admitted_not_eligible"), 1);
    assert_true(num(term, "percent") == 13.3);
    assert_true(num(term, "percent_adjusted") == 8.9);
    assert_int_equal(num(term, "in_progress"), 1);
    assert_int_equal(num(term, "projected"), 5);
    assert_string_equal(cJSON_GetObjectItem(term, "from")->valuestring, "2020-08-03");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(term, "label"), "vi")->valuestring, "Nhiệm kỳ");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(term, "adjustments")), 2);

    /* by_branch in byte order, "" for a record without a branch */
    const cJSON *by = cJSON_GetObjectItem(term, "by_branch");
    assert_int_equal(cJSON_GetArraySize(by), 3);
    assert_string_equal(by->child->string, "");
    assert_string_equal(by->child->next->string, "cb-a");
    assert_int_equal(num(by, "cb-a"), 1);
    assert_int_equal(num(by, "cb-b"), 2);

    assert_int_equal(num(y, "admitted"), 2);
    assert_true(num(y, "percent") == 28.6);
    assert_null(cJSON_GetObjectItem(y, "label"));
    assert_null(cJSON_GetObjectItem(y, "adjustments"));

    assert_int_equal(num(other, "admitted"), 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(other, "percent")));   /* a target of 0 */
    cJSON_Delete(quotas);
    audit_quota_free(q);
    audit_plan_free(plan);
}

static void test_in_progress_and_projected(void **state)
{
    (void)state;
    struct audit_plan *plan = plan_of(PLAN, ADMIT_OK, NULL, NULL);
    struct audit_quota *q = audit_quota_new(plan, day("2023-09-23"));
    struct audit_record ready = record("admission", "eligible", "cb-a", NULL);
    struct audit_record waiting = record("admission", "incomplete", "cb-a", NULL);
    waiting.earliest_day = day("2024-03-01");                 /* after 2023, within the term */
    struct audit_record refused = record("admission", "not_eligible", "cb-a", NULL);
    struct audit_record unreadable = record("admission", NULL, "cb-a", NULL);
    assert_int_equal(audit_quota_add(q, &ready), 0);
    assert_int_equal(audit_quota_add(q, &waiting), 0);
    assert_int_equal(audit_quota_add(q, &refused), 0);
    assert_int_equal(audit_quota_add(q, &unreadable), 0);
    cJSON *quotas = audit_quota_json(q);
    const cJSON *term = target(quotas, "term"), *y = target(quotas, "y2023");
    assert_int_equal(num(term, "admitted"), 0);
    assert_int_equal(num(term, "in_progress"), 2);
    assert_int_equal(num(term, "projected"), 2);
    assert_int_equal(num(y, "in_progress"), 2);
    assert_int_equal(num(y, "projected"), 1);                 /* 2024-03-01 is after the year */
    assert_true(num(y, "percent") == 0.0);
    cJSON_Delete(quotas);
    audit_quota_free(q);
    audit_plan_free(plan);
}

static void test_order_does_not_matter(void **state)
{
    (void)state;
    struct audit_plan *plan = plan_of(PLAN, ADMIT_OK, NULL, NULL);
    struct audit_record recs[] = {
        record("admission", "eligible", "cb-c", "2021-01-01"),
        record("admission", "eligible", "cb-a", "2022-01-01"),
        record("admission", "eligible", "cb-b", "2023-03-01"),
    };
    char *texts[2];
    for (int pass = 0; pass < 2; pass++) {
        struct audit_quota *q = audit_quota_new(plan, day("2023-09-23"));
        for (size_t i = 0; i < 3; i++)
            assert_int_equal(audit_quota_add(q, &recs[pass == 0 ? i : 2 - i]), 0);
        cJSON *quotas = audit_quota_json(q);
        texts[pass] = cJSON_PrintUnformatted(quotas);
        cJSON_Delete(quotas);
        audit_quota_free(q);
    }
    assert_string_equal(texts[0], texts[1]);
    free(texts[0]);
    free(texts[1]);
    audit_plan_free(plan);
}

static void test_percent_rounding(void **state)
{
    (void)state;
    assert_true(audit_quota_percent(32, 30) == 106.7);
    assert_true(audit_quota_percent(32, 45) == 71.1);
    assert_true(audit_quota_percent(6, 7) == 85.7);
    assert_true(audit_quota_percent(1, 16) == 6.3);            /* 6.25: half up */
    assert_true(audit_quota_percent(1, 8) == 12.5);
    assert_true(audit_quota_percent(0, 5) == 0.0);
    assert_true(audit_quota_percent(2, 3) == 66.7);
}

static void test_record_from_line(void **state)
{
    (void)state;
    cJSON *dossier = cJSON_Parse(
        "{\"procedure\": \"admission\", \"organisation\": {\"branch\": {\"id\": \"cb-a\"},"
        " \"committee_path\": [\"tw\", \"du-so\", 7, \"cb-a\"]}, \"decision\": {\"date\": \"2023-06-05\"}}");
    cJSON *result = cJSON_Parse(
        "{\"verdict\": \"incomplete\", \"results\": [{\"hint\": {\"earliest\": \"2023-11-02\"}},"
        " {\"hint\": {\"earliest\": \"2024-01-15\"}}, {\"hint\": {\"earliest\": \"not a date\"}}, {}]}");
    struct audit_record rec;
    struct audit_line line;
    assert_int_equal(audit_line_from_tree(&line, result), 0);
    audit_record_from_line(&rec, dossier, &line);
    audit_line_release(&line);
    assert_string_equal(rec.procedure, "admission");
    assert_string_equal(rec.verdict, "incomplete");
    assert_string_equal(rec.branch, "cb-a");
    assert_int_equal(rec.committee_count, 3);                 /* the number is skipped */
    assert_string_equal(rec.committee_path[2], "cb-a");
    assert_int_equal(rec.decision_day, day("2023-06-05"));
    assert_int_equal(rec.earliest_day, day("2024-01-15"));    /* the latest hint */
    cJSON_Delete(result);

    /* an input error has no verdict; nothing at all leaves every day unknown */
    result = cJSON_Parse("{\"verdict\": \"eligible\", \"input_error\": {\"path\": \"\", \"message\": \"x\"}}");
    assert_int_equal(audit_line_from_tree(&line, result), 0);
    audit_record_from_line(&rec, dossier, &line);
    assert_null(rec.verdict);
    audit_line_release(&line);
    audit_record_from_line(&rec, NULL, NULL);
    assert_null(rec.procedure);
    assert_int_equal(rec.committee_count, 0);
    assert_int_equal(rec.decision_day, AUDIT_NO_DAY);
    assert_int_equal(rec.earliest_day, AUDIT_NO_DAY);
    cJSON_Delete(result);
    cJSON_Delete(dossier);
}

/* audit_hooks: the plan refused before any record; without a plan the
 * summary's quotas become an empty array; with one, they are counted. */
static void test_hooks(void **state)
{
    (void)state;
    struct admit_error err = {0};
    struct audit_hooks *h = NULL;
    assert_int_equal(audit_hooks_open("/tmp", "no-such-plan.json", "schemas", day("2023-09-23"), NULL, &h, &err),
                     ADMIT_EIO);
    assert_null(h);
    assert_non_null(strstr(err.file, "no-such-plan.json"));
    assert_int_equal(audit_hooks_open("/tmp", "examples/audit/plan.json", "no-such-schemas", day("2023-09-23"),
                                      NULL, &h, &err), ADMIT_EIO);
    assert_null(h);

    cJSON *summary = cJSON_Parse("{\"format\": \"admit.audit/1\", \"quotas\": [1, 2]}");
    assert_int_equal(audit_hooks_open("/tmp", NULL, "schemas", day("2023-09-23"), NULL, &h, &err), ADMIT_OK);
    assert_int_equal(audit_hooks_record(h, "x:1", NULL, NULL, &err), ADMIT_OK);
    assert_int_equal(audit_hooks_finish(h, summary, &err), ADMIT_OK);
    audit_hooks_free(h);
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(summary, "quotas")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(summary, "quotas")), 0);

    cJSON *d = cJSON_Parse("{\"procedure\": \"admission\", \"organisation\": {\"committee_path\": "
                           "[\"dang-uy-so-ldtbxh\", \"cb-a\"], \"branch\": {\"id\": \"cb-a\"}},"
                           " \"decision\": {\"date\": \"2023-03-01\"}}");
    cJSON *r = cJSON_Parse("{\"verdict\": \"eligible\"}");
    struct audit_line line;
    assert_int_equal(audit_line_from_tree(&line, r), 0);
    assert_int_equal(audit_hooks_open("/tmp", "examples/audit/plan.json", "schemas", day("2023-09-23"), NULL,
                                      &h, &err), ADMIT_OK);
    assert_int_equal(audit_hooks_record(h, "x:1", d, &line, &err), ADMIT_OK);
    audit_line_release(&line);
    assert_int_equal(audit_hooks_finish(h, summary, &err), ADMIT_OK);
    audit_hooks_free(h);
    const cJSON *quotas = cJSON_GetObjectItem(summary, "quotas");
    assert_int_equal(cJSON_GetArraySize(quotas), 2);
    assert_int_equal(num(target(quotas, "ldtbxh-2023"), "admitted"), 1);
    assert_true(num(target(quotas, "ldtbxh-2023"), "percent") == 14.3);
    cJSON_Delete(d);
    cJSON_Delete(r);
    cJSON_Delete(summary);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_valid),
        cmocka_unit_test(test_plan_refused),
        cmocka_unit_test(test_plan_load_file),
        cmocka_unit_test(test_counting),
        cmocka_unit_test(test_in_progress_and_projected),
        cmocka_unit_test(test_order_does_not_matter),
        cmocka_unit_test(test_percent_rounding),
        cmocka_unit_test(test_record_from_line),
        cmocka_unit_test(test_hooks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
