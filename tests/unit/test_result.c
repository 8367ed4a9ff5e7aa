/*
 * test_result.c - results, verdicts and exit codes (engine/result.c) and the
 * outcome of one rule (engine/outcome.c), against result.md.
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

#include "date.h"
#include "outcome.h"
#include "result.h"
#include "rulebook.h"

/* ------------------------------------------------------------------------ helpers */

/* Add an entry with `status` and `severity` to `r`; fails the test when out of memory. */
static void add_entry(struct result *r, const char *rule, enum rule_status status,
                      enum rule_severity severity)
{
    struct outcome out;
    outcome_init(&out);
    outcome_set(&out, status, "code");
    char *message = strdup("message");
    assert_non_null(message);
    assert_int_equal(result_add(r, rule, severity, "2021", "cite", message, &out), 0);
    outcome_release(&out);
}

/* The verdict of result.md, "Verdict", written out from the spec's list. */
static enum verdict spec_verdict(const enum rule_status *status, const enum rule_severity *severity,
                                 size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (status[i] == RULE_ERROR)
            return VERDICT_ERROR;
    for (size_t i = 0; i < n; i++)
        if (severity[i] == SEVERITY_ELIGIBILITY && status[i] == RULE_FAIL)
            return VERDICT_NOT_ELIGIBLE;
    for (size_t i = 0; i < n; i++)
        if (severity[i] == SEVERITY_ELIGIBILITY &&
            (status[i] == RULE_MISSING || status[i] == RULE_NEEDS_APPROVAL))
            return VERDICT_INCOMPLETE;
    for (size_t i = 0; i < n; i++)
        if (status[i] == RULE_PENDING)
            return VERDICT_READY;
    return VERDICT_ELIGIBLE;
}

/* Build a result of `n` entries, finish it and return its verdict. */
static enum verdict verdict_of(const enum rule_status *status, const enum rule_severity *severity,
                               size_t n)
{
    struct result *r = result_new("test.json");
    assert_non_null(r);
    for (size_t i = 0; i < n; i++) {
        char rule[32];
        snprintf(rule, sizeof rule, "rule.%zu", i);
        add_entry(r, rule, status[i], severity[i]);
    }
    result_finish(r);
    enum verdict v = r->verdict;
    result_free(r);
    return v;
}

#define E SEVERITY_ELIGIBILITY
#define P SEVERITY_PROCESS
#define A SEVERITY_ADVISORY

/* ------------------------------------------------------------------------ verdicts */

static void test_verdict_names(void **state)
{
    (void)state;
    assert_string_equal(verdict_name(VERDICT_ELIGIBLE), "eligible");
    assert_string_equal(verdict_name(VERDICT_NOT_ELIGIBLE), "not_eligible");
    assert_string_equal(verdict_name(VERDICT_INCOMPLETE), "incomplete");
    assert_string_equal(verdict_name(VERDICT_ERROR), "error");
    assert_string_equal(verdict_name(VERDICT_READY), "ready");
}

static void test_verdict_examples(void **state)
{
    (void)state;
    assert_int_equal(verdict_of(NULL, NULL, 0), VERDICT_ELIGIBLE);
    {
        enum rule_status s[] = {RULE_PASS, RULE_NOT_APPLICABLE, RULE_WARN, RULE_PASS};
        enum rule_severity v[] = {E, E, E, A};
        assert_int_equal(verdict_of(s, v, 4), VERDICT_ELIGIBLE);
    }
    {   /* error beats everything, whatever the error's severity */
        enum rule_status s[] = {RULE_FAIL, RULE_MISSING, RULE_ERROR};
        enum rule_severity v[] = {E, E, A};
        assert_int_equal(verdict_of(s, v, 3), VERDICT_ERROR);
    }
    {
        enum rule_status s[] = {RULE_PASS, RULE_ERROR};
        enum rule_severity v[] = {E, P};
        assert_int_equal(verdict_of(s, v, 2), VERDICT_ERROR);
    }
    {   /* not_eligible beats incomplete, in either order */
        enum rule_status s[] = {RULE_MISSING, RULE_FAIL, RULE_NEEDS_APPROVAL};
        enum rule_severity v[] = {E, E, E};
        assert_int_equal(verdict_of(s, v, 3), VERDICT_NOT_ELIGIBLE);
    }
    {
        enum rule_status s[] = {RULE_PASS, RULE_NEEDS_APPROVAL};
        enum rule_severity v[] = {E, E};
        assert_int_equal(verdict_of(s, v, 2), VERDICT_INCOMPLETE);
    }
    {
        enum rule_status s[] = {RULE_MISSING, RULE_PASS};
        enum rule_severity v[] = {E, E};
        assert_int_equal(verdict_of(s, v, 2), VERDICT_INCOMPLETE);
    }
    {   /* process and advisory findings never change the verdict */
        enum rule_status s[] = {RULE_FAIL, RULE_MISSING, RULE_NEEDS_APPROVAL, RULE_FAIL, RULE_WARN};
        enum rule_severity v[] = {P, P, P, A, A};
        assert_int_equal(verdict_of(s, v, 5), VERDICT_ELIGIBLE);
    }
    {
        enum rule_status s[] = {RULE_FAIL, RULE_MISSING};
        enum rule_severity v[] = {P, E};
        assert_int_equal(verdict_of(s, v, 2), VERDICT_INCOMPLETE);
    }
    {   /* a step to come: ready, of whatever severity; a process fail does not change it */
        enum rule_status s[] = {RULE_PASS, RULE_PENDING, RULE_FAIL};
        enum rule_severity v[] = {E, P, P};
        assert_int_equal(verdict_of(s, v, 3), VERDICT_READY);
    }
    {   /* incomplete beats ready */
        enum rule_status s[] = {RULE_PENDING, RULE_MISSING};
        enum rule_severity v[] = {E, E};
        assert_int_equal(verdict_of(s, v, 2), VERDICT_INCOMPLETE);
    }
}

/* Every pair of (status, severity) entries, in both orders, against the spec's order. */
static void test_verdict_all_pairs(void **state)
{
    (void)state;
    static const enum rule_severity severities[] = {E, P, A};
    size_t checked = 0;
    for (int s1 = 0; s1 < RULE_STATUS_COUNT; s1++)
        for (int v1 = 0; v1 < 3; v1++)
            for (int s2 = 0; s2 < RULE_STATUS_COUNT; s2++)
                for (int v2 = 0; v2 < 3; v2++) {
                    enum rule_status s[] = {(enum rule_status)s1, (enum rule_status)s2};
                    enum rule_severity v[] = {severities[v1], severities[v2]};
                    enum verdict want = spec_verdict(s, v, 2);
                    enum verdict got = verdict_of(s, v, 2);
                    if (got != want) {
                        print_error("%s/%s + %s/%s: verdict %s, expected %s\n",
                                    rule_status_name(s[0]), rule_severity_name(v[0]),
                                    rule_status_name(s[1]), rule_severity_name(v[1]),
                                    verdict_name(got), verdict_name(want));
                        fail();
                    }
                    checked++;
                }
    assert_int_equal(checked, (RULE_STATUS_COUNT * 3) * (RULE_STATUS_COUNT * 3));
    assert_int_equal(RULE_STATUS_COUNT, 8);
}

/* ------------------------------------------------------------------------ counts and entries */

static void test_counts(void **state)
{
    (void)state;
    struct result *r = result_new("batch.jsonl:7");
    assert_non_null(r);
    assert_string_equal(r->input, "batch.jsonl:7");
    assert_int_equal(r->as_of, OUTCOME_NO_DAY);
    assert_int_equal(r->input_error, 0);
    static const enum rule_status statuses[] = {
        RULE_PASS, RULE_PASS, RULE_PASS, RULE_FAIL, RULE_NEEDS_APPROVAL, RULE_MISSING,
        RULE_MISSING, RULE_WARN, RULE_NOT_APPLICABLE, RULE_NOT_APPLICABLE, RULE_NOT_APPLICABLE,
        RULE_NOT_APPLICABLE,
    };
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        add_entry(r, "rule", statuses[i], i == 3 ? P : E);
    result_finish(r);
    assert_int_equal(r->counts[RULE_PASS], 3);
    assert_int_equal(r->counts[RULE_FAIL], 1);
    assert_int_equal(r->counts[RULE_NEEDS_APPROVAL], 1);
    assert_int_equal(r->counts[RULE_MISSING], 2);
    assert_int_equal(r->counts[RULE_WARN], 1);
    assert_int_equal(r->counts[RULE_NOT_APPLICABLE], 4);
    assert_int_equal(r->counts[RULE_ERROR], 0);
    assert_int_equal(r->verdict, VERDICT_INCOMPLETE);   /* the fail is a process one */
    /* Finishing again recounts rather than adds. */
    result_finish(r);
    assert_int_equal(r->counts[RULE_PASS], 3);
    assert_int_equal(r->counts[RULE_NOT_APPLICABLE], 4);
    /* An entry added later is counted by the next finish. */
    add_entry(r, "late", RULE_ERROR, A);
    result_finish(r);
    assert_int_equal(r->counts[RULE_ERROR], 1);
    assert_int_equal(r->verdict, VERDICT_ERROR);
    size_t total = 0;
    for (int i = 0; i < RULE_STATUS_COUNT; i++)
        total += r->counts[i];
    assert_int_equal(total, r->count);
    result_free(r);
}

/* result_add copies strings, takes over facts and missing, and keeps the order. */
static void test_add_takes_over(void **state)
{
    (void)state;
    struct result *r = result_new("in.json");
    assert_non_null(r);
    struct outcome out;
    outcome_init(&out);
    outcome_set(&out, RULE_FAIL, "too_young");
    assert_int_equal(outcome_fact_date(&out, "anchor_date", date_from_ymd(2023, 5, 10)), 0);
    assert_non_null(cJSON_AddNumberToObject(out.facts, "age_months", 215));
    assert_int_equal(outcome_add_missing(&out, "candidate.birth_date"), 0);
    out.earliest = date_from_ymd(2023, 6, 1);
    cJSON *facts = out.facts, *missing = out.missing;

    char rule[] = "age.min", edition[] = "2021", cite[] = "QĐ 24, điểm 1.1.1";
    char *message = strdup("Người vào Đảng chưa đủ 18 tuổi");
    assert_non_null(message);
    assert_int_equal(result_add(r, rule, E, edition, cite, message, &out), 0);
    assert_null(out.facts);
    assert_null(out.missing);
    outcome_release(&out);
    /* The caller's strings may change afterwards. */
    rule[0] = edition[0] = cite[0] = 'X';

    assert_int_equal(r->count, 1);
    const struct result_entry *e = &r->entries[0];
    assert_string_equal(e->rule, "age.min");
    assert_string_equal(e->edition, "2021");
    assert_string_equal(e->cite, "QĐ 24, điểm 1.1.1");
    assert_ptr_equal(e->message, message);
    assert_ptr_equal(e->facts, facts);
    assert_ptr_equal(e->missing, missing);
    assert_string_equal(e->code, "too_young");
    assert_int_equal(e->status, RULE_FAIL);
    assert_int_equal(e->severity, E);
    assert_int_equal(e->earliest, date_from_ymd(2023, 6, 1));
    assert_int_equal(e->latest, OUTCOME_NO_DAY);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(e->facts, "anchor_date")->valuestring,
                        "2023-05-10");
    assert_string_equal(cJSON_GetArrayItem(e->missing, 0)->valuestring, "candidate.birth_date");

    /* No edition and no citation. */
    outcome_init(&out);
    outcome_set(&out, RULE_NOT_APPLICABLE, "procedure");
    assert_int_equal(result_add(r, "off.vote", E, NULL, NULL, strdup("n/a"), &out), 0);
    outcome_release(&out);
    assert_null(r->entries[1].edition);
    assert_null(r->entries[1].cite);

    /* Many entries: the array grows and keeps its order. */
    for (int i = 0; i < 200; i++) {
        char name[32];
        snprintf(name, sizeof name, "rule.%03d", i);
        add_entry(r, name, RULE_PASS, A);
    }
    assert_int_equal(r->count, 202);
    for (int i = 0; i < 200; i++) {
        char name[32];
        snprintf(name, sizeof name, "rule.%03d", i);
        assert_string_equal(r->entries[i + 2].rule, name);
    }
    assert_string_equal(r->entries[0].rule, "age.min");
    result_free(r);
}

/* ------------------------------------------------------------------------ exit codes and input errors */

static void test_exit_codes(void **state)
{
    (void)state;
    static const struct {
        enum rule_status status;
        enum rule_severity severity;
        int code;
    } cases[] = {
        {RULE_PASS, E, 0},           {RULE_WARN, A, 0},    {RULE_FAIL, P, 0},
        {RULE_FAIL, E, 1},           {RULE_MISSING, E, 1}, {RULE_NEEDS_APPROVAL, E, 1},
        {RULE_ERROR, A, 3},          {RULE_ERROR, E, 3},
        {RULE_PENDING, E, 0},        {RULE_PENDING, P, 0},   /* ready */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct result *r = result_new("x.json");
        assert_non_null(r);
        add_entry(r, "rule", cases[i].status, cases[i].severity);
        result_finish(r);
        int code = result_exit_code(r);
        if (code != cases[i].code) {
            print_error("%s/%s: exit code %d, expected %d\n", rule_status_name(cases[i].status),
                        rule_severity_name(cases[i].severity), code, cases[i].code);
            result_free(r);
            fail();
        }
        result_free(r);
    }
}

static void test_input_error(void **state)
{
    (void)state;
    struct result *r = result_new_input_error("batch.jsonl:12", "DT-2023-004",
                                              "candidate.birth_date",
                                              "\"1996-02-30\" is not a valid date");
    assert_non_null(r);
    assert_int_equal(r->input_error, 1);
    assert_string_equal(r->input, "batch.jsonl:12");
    assert_string_equal(r->dossier, "DT-2023-004");
    assert_string_equal(r->error_path, "candidate.birth_date");
    assert_string_equal(r->error_message, "\"1996-02-30\" is not a valid date");
    assert_int_equal(r->count, 0);
    assert_int_equal(result_exit_code(r), 2);
    result_free(r);

    /* Unknown dossier id and no path. */
    r = result_new_input_error("broken.json", NULL, NULL, "invalid JSON here");
    assert_non_null(r);
    assert_null(r->dossier);
    assert_string_equal(r->error_path, "");
    assert_int_equal(result_exit_code(r), 2);
    result_free(r);

    result_free(NULL);
}

/* ------------------------------------------------------------------------ outcomes */

static void test_status_names(void **state)
{
    (void)state;
    static const char *const names[] = {"pass", "fail", "needs_approval", "missing", "pending",
                                        "warn", "not_applicable", "error"};
    for (int i = 0; i < RULE_STATUS_COUNT; i++)
        assert_string_equal(rule_status_name((enum rule_status)i), names[i]);
    assert_null(rule_status_name((enum rule_status)RULE_STATUS_COUNT));
    assert_null(rule_status_name((enum rule_status)-1));
}

static void test_outcome_init_and_set(void **state)
{
    (void)state;
    struct outcome out;
    memset(&out, 0x5A, sizeof out);
    outcome_init(&out);
    assert_int_equal(out.status, RULE_PASS);
    assert_string_equal(out.code, "");
    assert_null(out.facts);     /* none until the first is added */
    assert_null(out.missing);
    assert_int_equal(out.earliest, OUTCOME_NO_DAY);
    assert_int_equal(out.latest, OUTCOME_NO_DAY);
    assert_null(out.error);

    outcome_set(&out, RULE_FAIL, "too_young");
    assert_int_equal(out.status, RULE_FAIL);
    assert_string_equal(out.code, "too_young");
    outcome_set(&out, RULE_MISSING, NULL);   /* keeps the code */
    assert_int_equal(out.status, RULE_MISSING);
    assert_string_equal(out.code, "too_young");
    /* A code longer than the field is cut, never overflows. */
    char long_code[200];
    memset(long_code, 'c', sizeof long_code - 1);
    long_code[sizeof long_code - 1] = '\0';
    outcome_set(&out, RULE_WARN, long_code);
    assert_int_equal(strlen(out.code), OUTCOME_CODE_MAX - 1);

    /* Facts and missing paths made by the first added, then kept. */
    cJSON *facts = outcome_facts(&out);
    assert_true(cJSON_IsObject(facts));
    assert_null(facts->child);
    assert_ptr_equal(outcome_facts(&out), facts);
    assert_int_equal(outcome_fact_date(&out, "anchor_date", date_from_ymd(2023, 5, 10)), 0);
    assert_ptr_equal(out.facts, facts);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(facts, "anchor_date")->valuestring,
                        "2023-05-10");
    assert_int_equal(outcome_add_missing(&out, "introducers[0].signed_on"), 0);
    assert_int_equal(outcome_add_missing(&out, "opinions[from=residence_branch]"), 0);
    assert_int_equal(cJSON_GetArraySize(out.missing), 2);
    assert_string_equal(cJSON_GetArrayItem(out.missing, 1)->valuestring,
                        "opinions[from=residence_branch]");

    outcome_release(&out);
    assert_null(out.facts);
    assert_null(out.missing);
    assert_null(out.error);
    outcome_release(&out);   /* safe twice */
}

static void test_outcome_set_error(void **state)
{
    (void)state;
    struct outcome out;
    outcome_init(&out);
    outcome_set(&out, RULE_FAIL, "too_young");
    outcome_set_error(&out, "rules/age.lua:%d: attempt to index a nil value (%s)", 42, "field 'x'");
    assert_int_equal(out.status, RULE_ERROR);
    assert_string_equal(out.code, "error");
    assert_string_equal(out.error, "rules/age.lua:42: attempt to index a nil value (field 'x')");
    /* A second error replaces the first (the sanitizer build would see a leak). */
    outcome_set_error(&out, "time budget of %d ms exceeded", 500);
    assert_string_equal(out.error, "time budget of 500 ms exceeded");
    /* A very long message is cut, not overflowed. */
    char huge[3000];
    memset(huge, 'e', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    outcome_set_error(&out, "%s", huge);
    assert_non_null(out.error);
    assert_true(strlen(out.error) > 0 && strlen(out.error) < sizeof huge - 1);
    outcome_release(&out);
    assert_null(out.error);
}

static void test_outcome_fact_date(void **state)
{
    (void)state;
    struct outcome out;
    outcome_init(&out);
    assert_int_equal(outcome_fact_date(&out, "birth_date", date_from_ymd(2005, 6, 14)), 0);
    assert_int_equal(outcome_fact_date(&out, "leap", date_from_ymd(2024, 2, 29)), 0);
    assert_int_equal(outcome_fact_date(&out, "early", date_from_ymd(1, 1, 1)), 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(out.facts, "birth_date")->valuestring,
                        "2005-06-14");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(out.facts, "leap")->valuestring,
                        "2024-02-29");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(out.facts, "early")->valuestring,
                        "0001-01-01");
    /* Setting a fact again replaces it: one key, the new value. */
    assert_int_equal(outcome_fact_date(&out, "birth_date", date_from_ymd(2005, 6, 15)), 0);
    assert_int_equal(cJSON_GetArraySize(out.facts), 3);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(out.facts, "birth_date")->valuestring,
                        "2005-06-15");
    outcome_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict_names),
        cmocka_unit_test(test_verdict_examples),
        cmocka_unit_test(test_verdict_all_pairs),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_add_takes_over),
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_input_error),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_outcome_init_and_set),
        cmocka_unit_test(test_outcome_set_error),
        cmocka_unit_test(test_outcome_fact_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
