/*
 * test_audit_line.c - the view the audit's summary, quotas and reports read
 * of a record's line (engine/audit_line.h): made from the result, it is the
 * view of the line written from that result and read back, member for
 * member, brief and full, for results with every status, severity, edition
 * or none, and hints of every shape; and an input error's.
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

#include "audit_line.h"
#include "outcome.h"
#include "plugin.h"
#include "report_json.h"
#include "result.h"

static void add_entry(struct result *r, const char *rule, enum rule_status status,
                      enum rule_severity severity, const char *edition, admit_day earliest,
                      admit_day latest)
{
    struct outcome out;
    outcome_init(&out);
    outcome_set(&out, status, "code");
    out.earliest = earliest;
    out.latest = latest;
    char *message = strdup("Thông điệp \"có\" ngoặc");
    assert_non_null(message);
    assert_int_equal(result_add(r, rule, severity, edition, "Điều 1", message, &out), 0);
    outcome_release(&out);
}

/* Every status, the three severities, an edition or none, and hints: none,
 * earliest alone, latest alone, both, and one past the years a line can
 * write (written "????-??-??", read back as no day). */
static struct result *sample(void)
{
    struct result *r = result_new("in.jsonl:7");
    assert_non_null(r);
    r->dossier = strdup("DT \"7\"");
    r->procedure = strdup("admission");
    assert_non_null(r->dossier);
    assert_non_null(r->procedure);
    r->as_of = date_from_ymd(2024, 2, 29);
    admit_day d1 = date_from_ymd(2024, 6, 1), d2 = date_from_ymd(2025, 1, 15);
    admit_day past = date_from_ymd(9999, 12, 31) + 40;
    add_entry(r, "elig.citizen", RULE_PASS, SEVERITY_ELIGIBILITY, "2021", OUTCOME_NO_DAY,
              OUTCOME_NO_DAY);
    add_entry(r, "age.min", RULE_PASS, SEVERITY_ELIGIBILITY, "2021", d1, OUTCOME_NO_DAY);
    add_entry(r, "readm.wait", RULE_NOT_APPLICABLE, SEVERITY_ELIGIBILITY, NULL, d1, d2);
    add_entry(r, "special.note", RULE_WARN, SEVERITY_ADVISORY, NULL, OUTCOME_NO_DAY, d2);
    add_entry(r, "decision.deadline", RULE_FAIL, SEVERITY_PROCESS, "2016", OUTCOME_NO_DAY,
              OUTCOME_NO_DAY);
    add_entry(r, "train.awareness", RULE_MISSING, SEVERITY_ELIGIBILITY, "2016", d1, d2);
    add_entry(r, "age.max", RULE_NEEDS_APPROVAL, SEVERITY_ELIGIBILITY, "2021", d2,
              OUTCOME_NO_DAY);
    add_entry(r, "probation.time", RULE_PENDING, SEVERITY_PROCESS, NULL, past, OUTCOME_NO_DAY);
    add_entry(r, "intro.count", RULE_ERROR, SEVERITY_ELIGIBILITY, "2021", OUTCOME_NO_DAY,
              OUTCOME_NO_DAY);
    result_finish(r);
    return r;
}

static void assert_same_text(const char *a, const char *b, const char *what, size_t i)
{
    if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
        fail_msg("%s of entry %zu: from the result %s, from the line %s", what, i,
                 a ? a : "(none)", b ? b : "(none)");
}

/* The view of `r` is the view of its line, written as the audit writes it. */
static void assert_view_of_line(const struct result *r, int brief)
{
    struct plugin_set *plugins = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    assert_int_equal(plugin_set_empty(&plugins, &err), ADMIT_OK);
    const char *profile[] = {"central"};
    struct report_context ctx = {"admit test", "sha256:00", profile, 1, plugins, NULL,
                                 "in.jsonl:7"};
    char *text = report_json_text(r, &ctx, brief, 0);
    assert_non_null(text);
    cJSON *tree = cJSON_Parse(text);
    assert_non_null(tree);
    if (!r->input_error)   /* the line names its record right after the dossier */
        assert_non_null(strstr(text, "\"dossier\":\"DT \\\"7\\\"\",\"input\":\"in.jsonl:7\","));

    struct audit_line ours, theirs;
    assert_int_equal(audit_line_from_result(&ours, r, brief), 0);
    assert_int_equal(audit_line_from_tree(&theirs, tree), 0);
    assert_int_equal(ours.input_error, theirs.input_error);
    assert_same_text(ours.dossier, theirs.dossier, "dossier", 0);
    assert_same_text(ours.procedure, theirs.procedure, "procedure", 0);
    assert_same_text(ours.verdict, theirs.verdict, "verdict", 0);
    assert_same_text(ours.as_of, theirs.as_of, "as_of", 0);
    assert_same_text(ours.error_path, theirs.error_path, "error path", 0);
    assert_same_text(ours.error_message, theirs.error_message, "error message", 0);
    assert_int_equal(ours.count, theirs.count);
    for (size_t i = 0; i < ours.count; i++) {
        const struct audit_line_entry *a = &ours.entries[i], *b = &theirs.entries[i];
        assert_same_text(a->rule, b->rule, "rule", i);
        assert_same_text(a->status, b->status, "status", i);
        assert_same_text(a->severity, b->severity, "severity", i);
        assert_same_text(a->edition, b->edition, "edition", i);
        if (a->earliest != b->earliest)
            fail_msg("earliest of entry %zu: %d from the result, %d from the line", i,
                     (int)a->earliest, (int)b->earliest);
    }
    audit_line_release(&ours);
    audit_line_release(&theirs);
    assert_null(ours.entries);
    cJSON_Delete(tree);
    free(text);
    plugin_set_free(plugins);
}

static void test_evaluated(void **state)
{
    (void)state;
    struct result *r = sample();
    assert_view_of_line(r, 0);
    assert_view_of_line(r, 1);

    /* what the brief line leaves out is not in the view either */
    struct audit_line brief;
    assert_int_equal(audit_line_from_result(&brief, r, 1), 0);
    assert_int_equal(brief.count, 9);
    assert_null(brief.entries[1].edition);                 /* a pass */
    assert_int_equal(brief.entries[1].earliest, OUTCOME_NO_DAY);
    assert_null(brief.entries[2].severity);                /* not applicable */
    assert_string_equal(brief.entries[5].edition, "2016"); /* missing: said in full */
    assert_int_equal(brief.entries[5].earliest, date_from_ymd(2024, 6, 1));
    assert_int_equal(brief.entries[7].earliest, OUTCOME_NO_DAY);   /* past year 9999 */
    assert_string_equal(brief.as_of, "2024-02-29");
    audit_line_release(&brief);
    result_free(r);

    /* no criterion at all */
    r = result_new("in.jsonl:7");
    assert_non_null(r);
    r->dossier = strdup("DT \"7\"");
    r->procedure = strdup("recognition");
    r->as_of = date_from_ymd(2024, 2, 29);
    result_finish(r);
    assert_view_of_line(r, 1);
    result_free(r);
}

static void test_input_error(void **state)
{
    (void)state;
    struct result *r = result_new_input_error("in.jsonl:7", NULL, "candidate.birth_date",
                                              "không phải một ngày");
    assert_non_null(r);
    assert_view_of_line(r, 1);
    struct audit_line line;
    assert_int_equal(audit_line_from_result(&line, r, 0), 0);
    assert_true(line.input_error);
    assert_null(line.verdict);
    assert_null(line.dossier);
    assert_string_equal(line.error_path, "candidate.birth_date");
    assert_int_equal(line.count, 0);
    audit_line_release(&line);
    result_free(r);

    /* A line read back that says more or less than admit writes: read as it is. */
    cJSON *odd = cJSON_Parse("{\"verdict\": \"eligible\", \"input_error\": {\"message\": 3},"
                             " \"results\": [{\"rule\": 5, \"status\": \"fail\", \"hint\":"
                             " {\"earliest\": \"2024-13-01\"}}, 7]}");
    assert_int_equal(audit_line_from_tree(&line, odd), 0);
    assert_true(line.input_error);
    assert_string_equal(line.verdict, "eligible");
    assert_null(line.error_message);
    assert_int_equal(line.count, 2);
    assert_null(line.entries[0].rule);
    assert_string_equal(line.entries[0].status, "fail");
    assert_int_equal(line.entries[0].earliest, OUTCOME_NO_DAY);
    assert_null(line.entries[1].status);
    audit_line_release(&line);
    cJSON_Delete(odd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evaluated),
        cmocka_unit_test(test_input_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
