/*
 * test_audit_report.c - the audit's reports (engine/audit_report*.c) on
 * hand-made summary trees: the HTML page (escaping, no script or outside
 * reference, the figures in both languages, missing or mistyped members),
 * the CSV rows (quoting, rule lists, input errors), rows filled from a
 * dossier and its result, and the files: written together, owner-only,
 * renamed only when complete, nothing left by an abandoned report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "audit_report.h"
#include "i18n.h"
#include "support.h"

static const char *const SUMMARY =
    "{\"format\": \"admit.audit/1\", \"inputs\": [\"a<b>.jsonl\"], \"as_of\": \"2023-09-23\","
    " \"ruleset\": \"sha256:00\", \"records\": 5, \"evaluated\": 4, \"input_errors\": 1,"
    " \"verdicts\": {\"eligible\": 2, \"not_eligible\": 1, \"incomplete\": 1, \"error\": 0},"
    " \"procedures\": {\"admission\": 3, \"recognition\": 1},"
    " \"rules\": {\"age.min\": {\"pass\": 3, \"fail\": 1}, \"decision.deadline\": {\"pass\": 2, \"fail\": 2}},"
    " \"process_violations\": {\"decision.deadline\": 2},"
    " \"by_year\": {\"2022\": {\"eligible\": 1, \"not_eligible\": 1}, \"2023\": {\"eligible\": 1, \"incomplete\": 1}},"
    " \"by_committee\": {\"du-so\": {\"eligible\": 2, \"not_eligible\": 1, \"incomplete\": 1},"
    "                   \"cb-<x>&\\\"\": {\"eligible\": 1}},"
    " \"by_edition\": {\"2021\": {\"eligible\": 2, \"not_eligible\": 1, \"incomplete\": 1}},"
    " \"quotas\": [{\"id\": \"term\", \"committee\": \"du-so\", \"from\": \"2020-08-03\", \"until\": \"2025-07-31\","
    "   \"target\": 30, \"target_adjusted\": 45, \"admitted\": 32, \"percent\": 106.7, \"percent_adjusted\": 71.1,"
    "   \"admitted_not_eligible\": 1, \"by_branch\": {\"cb-a\": 30, \"cb-b\": 2}, \"in_progress\": 4, \"projected\": 36,"
    "   \"label\": {\"vi\": \"Chỉ tiêu nhiệm kỳ\", \"en\": \"Term target\"},"
    "   \"adjustments\": [{\"date\": \"2021-06-15\", \"delta\": 15, \"source\": \"giao bổ sung\"}]}],"
    " \"run\": {\"started\": \"2023-09-23T08:00:00Z\", \"seconds\": 1, \"threads\": 2}}";

static char *html_of(const char *summary_text, enum admit_lang lang)
{
    cJSON *s = cJSON_Parse(summary_text);
    assert_non_null(s);
    struct strbuf sb;
    strbuf_init(&sb);
    audit_report_html(&sb, s, lang);
    cJSON_Delete(s);
    assert_false(sb.failed);
    return strbuf_detach(&sb);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ------------------------------------------------------------------- html */

static void test_html_figures_vi(void **state)
{
    (void)state;
    char *page = html_of(SUMMARY, ADMIT_LANG_VI);
    assert_non_null(strstr(page, "<html lang=\"vi\">"));
    assert_non_null(strstr(page, "106,7\xC2\xA0%"));
    assert_non_null(strstr(page, "71,1\xC2\xA0%"));
    assert_non_null(strstr(page, "Chỉ tiêu nhiệm kỳ"));
    assert_non_null(strstr(page, "23/09/2023"));
    assert_non_null(strstr(page, "15/06/2021: +15"));
    assert_non_null(strstr(page, "KHÔNG ĐỦ ĐIỀU KIỆN"));        /* report_words */
    /* the failing criteria leave the process rule to its own chart */
    char *failing = strstr(page, "Tiêu chí không đạt");
    char *process = strstr(page, "Vi phạm quy trình");
    assert_non_null(failing);
    assert_non_null(process);
    assert_true(failing < process);
    char *between = strndup(failing, (size_t)(process - failing));
    assert_non_null(strstr(between, "age.min"));
    assert_null(strstr(between, "decision.deadline"));
    free(between);
    assert_non_null(strstr(process, "decision.deadline"));
    free(page);
}

static void test_html_self_contained_and_escaped(void **state)
{
    (void)state;
    char *page = html_of(SUMMARY, ADMIT_LANG_EN);
    assert_null(strstr(page, "<script"));
    assert_null(strstr(page, "http:"));
    assert_null(strstr(page, "https:"));
    assert_null(strstr(page, "url("));
    assert_null(strstr(page, "cb-<x>"));
    assert_non_null(strstr(page, "cb-&lt;x&gt;&amp;&quot;"));
    assert_non_null(strstr(page, "a&lt;b&gt;.jsonl"));
    assert_int_equal(count(page, "<svg"), count(page, "</svg>"));
    assert_int_equal(count(page, "<section"), count(page, "</section>"));
    assert_int_equal(count(page, "<table"), count(page, "</table>"));
    assert_non_null(strstr(page, "106.7%"));
    assert_non_null(strstr(page, "Term target"));
    assert_non_null(strstr(page, "2023-09-23"));
    free(page);
}

static void test_html_empty_and_mistyped(void **state)
{
    (void)state;
    char *page = html_of("{}", ADMIT_LANG_VI);
    assert_non_null(strstr(page, "Không có hồ sơ."));
    assert_null(strstr(page, "Thực hiện chỉ tiêu"));          /* no plan, no section */
    assert_non_null(strstr(page, "</html>"));
    free(page);
    page = html_of("{\"by_year\": [1, {}], \"by_committee\": [1, {\"eligible\": 2}], \"rules\": [{\"fail\": 3}],"
                   " \"process_violations\": [4], \"by_edition\": [5], \"procedures\": [6], \"inputs\": {\"a\": 1}}",
                   ADMIT_LANG_VI);
    assert_non_null(strstr(page, "</html>"));
    assert_non_null(strstr(page, "Không có vi phạm quy trình."));
    free(page);
    page = html_of("{\"by_year\": \"x\", \"quotas\": [{\"target\": \"30\", \"percent\": \"a\"}, 7],"
                   " \"verdicts\": [], \"rules\": {\"r\": {\"fail\": -4}}, \"by_committee\": {\"c\": 3},"
                   " \"records\": 1e300}", ADMIT_LANG_EN);
    assert_non_null(strstr(page, "</html>"));
    assert_non_null(strstr(page, "Admission targets"));
    assert_non_null(strstr(page, "No dossier fails a criterion."));
    free(page);
}

/* -------------------------------------------------------------------- csv */

static const char *const RESULT =
    "{\"format\": \"admit.result/1\", \"dossier\": \"D, \\\"1\\\"\", \"procedure\": \"admission\","
    " \"verdict\": \"not_eligible\", \"as_of\": \"2023-09-23\", \"results\": ["
    "  {\"rule\": \"age.min\", \"status\": \"fail\", \"severity\": \"eligibility\", \"edition\": \"2021\"},"
    "  {\"rule\": \"edu.min\", \"status\": \"missing\", \"severity\": \"eligibility\", \"edition\": \"2021\"},"
    "  {\"rule\": \"intro.count\", \"status\": \"missing\", \"severity\": \"eligibility\", \"edition\": \"2016\"},"
    "  {\"rule\": \"decision.deadline\", \"status\": \"fail\", \"severity\": \"process\", \"edition\": \"2016\"},"
    "  {\"rule\": \"age.max\", \"status\": \"needs_approval\", \"severity\": \"eligibility\", \"edition\": \"2021\"}]}";

static const char *const DOSSIER =
    "{\"procedure\": \"admission\", \"organisation\": {\"branch\": {\"id\": \"cb-a\"},"
    " \"committee_path\": [\"tw\", \"du-so\", \"cb-a\"]},"
    " \"branch_vote\": {\"date\": \"2023-05-10\"}, \"decision\": {\"date\": \"2023-06-05\"}}";

/* The five rule columns of a row, in the result's order, in one pass. */
static void columns_of(const char *result_json, struct strbuf lists[AUDIT_RULE_COLUMNS])
{
    cJSON *r = cJSON_Parse(result_json);
    struct audit_line line;
    assert_int_equal(audit_line_from_tree(&line, r), 0);
    for (int c = 0; c < AUDIT_RULE_COLUMNS; c++)
        strbuf_init(&lists[c]);
    audit_report_rule_columns(&line, lists);
    audit_line_release(&line);
    cJSON_Delete(r);
}

static void release_columns(struct strbuf lists[AUDIT_RULE_COLUMNS])
{
    for (int c = 0; c < AUDIT_RULE_COLUMNS; c++)
        strbuf_release(&lists[c]);
}

static void test_row_and_csv(void **state)
{
    (void)state;
    cJSON *d = cJSON_Parse(DOSSIER), *r = cJSON_Parse(RESULT);
    struct audit_line line;
    assert_int_equal(audit_line_from_tree(&line, r), 0);
    struct audit_report_row row;
    audit_report_row_from_line(&row, "in.jsonl:3", d, &line);
    assert_string_equal(row.main_anchor, "2023-05-10");
    assert_string_equal(row.decision_date, "2023-06-05");
    assert_string_equal(row.committee, "du-so");
    assert_string_equal(row.branch, "cb-a");
    assert_string_equal(row.edition, "2021");                  /* 3 of the 4 eligibility rules */
    struct strbuf sb;
    strbuf_init(&sb);
    audit_report_csv_header(&sb);
    struct strbuf lists[AUDIT_RULE_COLUMNS];
    columns_of(RESULT, lists);
    audit_report_csv_row(&sb, &row, lists);
    release_columns(lists);
    assert_string_equal(sb.buf,
        "input,dossier,procedure,verdict,main_anchor,decision_date,edition,committee,branch,fail,missing,"
        "needs_approval,process_violations,error\r\n"
        "in.jsonl:3,\"D, \"\"1\"\"\",admission,not_eligible,2023-05-10,2023-06-05,2021,du-so,cb-a,age.min,"
        "edu.min;intro.count,age.max,decision.deadline,\r\n");
    strbuf_release(&sb);
    audit_line_release(&line);
    cJSON_Delete(r);
    cJSON_Delete(d);
}

static void test_row_recognition_and_input_error(void **state)
{
    (void)state;
    cJSON *d = cJSON_Parse("{\"procedure\": \"recognition\", \"organisation\": {\"committee_path\": [\"du-so\"]},"
                           " \"probation\": {\"branch_votes\": [{\"date\": \"2024-07-05\"}],"
                           " \"decision\": {\"date\": \"2024-08-02\"}}}");
    cJSON *r = cJSON_Parse("{\"format\": \"admit.result/1\", \"dossier\": null, \"input\": \"x.jsonl:9\","
                           " \"input_error\": {\"path\": \"candidate.birth_date\", \"message\": \"not a date\\nhere\"}}");
    struct audit_line line;
    assert_int_equal(audit_line_from_tree(&line, r), 0);
    struct audit_report_row row;
    audit_report_row_from_line(&row, "x.jsonl:9", d, &line);
    assert_string_equal(row.main_anchor, "2024-07-05");
    assert_string_equal(row.decision_date, "2024-08-02");
    assert_string_equal(row.committee, "du-so");               /* no branch: the last of the path */
    assert_null(row.branch);
    assert_null(row.edition);
    struct strbuf sb;
    strbuf_init(&sb);
    struct strbuf lists[AUDIT_RULE_COLUMNS];
    columns_of("{}", lists);
    audit_report_csv_row(&sb, &row, lists);
    assert_string_equal(sb.buf, "x.jsonl:9,,,input_error,2024-07-05,2024-08-02,,du-so,,,,,,"
                                "\"candidate.birth_date: not a date\nhere\"\r\n");
    strbuf_release(&sb);
    /* nothing known at all: empty fields, the verdict left empty */
    audit_report_row_from_line(&row, NULL, NULL, NULL);
    strbuf_init(&sb);
    audit_report_csv_row(&sb, &row, lists);
    assert_string_equal(sb.buf, ",,,,,,,,,,,,,\r\n");
    release_columns(lists);
    strbuf_release(&sb);
    audit_line_release(&line);
    cJSON_Delete(r);
    cJSON_Delete(d);
}

static void test_rule_columns(void **state)
{
    (void)state;
    struct strbuf lists[AUDIT_RULE_COLUMNS];
    columns_of(RESULT, lists);
    assert_string_equal(lists[AUDIT_COL_FAIL].buf, "age.min");
    assert_string_equal(lists[AUDIT_COL_MISSING].buf, "edu.min;intro.count");
    assert_string_equal(lists[AUDIT_COL_NEEDS_APPROVAL].buf, "age.max");
    assert_string_equal(lists[AUDIT_COL_PROCESS].buf, "decision.deadline");
    assert_string_equal(lists[AUDIT_COL_ERROR].buf, "");
    release_columns(lists);
    /* a failure without a severity is not a process violation; errors have
     * their column; pass, warn, pending and malformed entries have none */
    columns_of("{\"results\": [{\"status\": \"fail\", \"rule\": \"a.one\"},"
               " {\"rule\": \"b.two\", \"status\": \"error\", \"severity\": \"process\"},"
               " {\"rule\": \"c.three\", \"status\": \"pass\"}, {\"rule\": \"d.four\", \"status\": \"warn\"},"
               " {\"rule\": \"e.five\", \"status\": \"pending\"}, {\"rule\": 5, \"status\": \"fail\"},"
               " {\"rule\": \"f.six\"}, {\"rule\": \"g.seven\", \"status\": \"fail\", \"severity\": \"process\"},"
               " {\"rule\": \"h.eight\", \"status\": \"fail\", \"severity\": \"eligibility\"},"
               " {\"rule\": \"i.nine\", \"status\": \"error\"}]}", lists);
    assert_string_equal(lists[AUDIT_COL_FAIL].buf, "a.one;h.eight");
    assert_string_equal(lists[AUDIT_COL_PROCESS].buf, "g.seven");
    assert_string_equal(lists[AUDIT_COL_ERROR].buf, "b.two;i.nine");
    assert_string_equal(lists[AUDIT_COL_MISSING].buf, "");
    assert_string_equal(lists[AUDIT_COL_NEEDS_APPROVAL].buf, "");
    release_columns(lists);
    /* no result at all */
    columns_of("{\"format\": \"admit.result/1\"}", lists);
    for (int c = 0; c < AUDIT_RULE_COLUMNS; c++)
        assert_string_equal(lists[c].buf, "");
    release_columns(lists);
}

/* ------------------------------------------------------------------ files */

static int file_mode(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static size_t entries(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    unsigned long n = 0;
    assert_int_equal(fscanf(p, "%lu", &n), 1);
    pclose(p);
    return n;
}

static void test_files(void **state)
{
    (void)state;
    char dir[256];
    struct admit_error err = {0};
    struct audit_report *rep = NULL;
    struct audit_report_options opt = {ADMIT_LANG_VI, 1, 1, 1};
    assert_int_equal(support_temp_dir(dir, sizeof dir, "auditreport"), 0);
    mode_t old = umask(0);                                     /* the files stay private anyway */

    /* an abandoned report leaves nothing */
    assert_int_equal(audit_report_open(dir, &opt, &rep, &err), ADMIT_OK);
    audit_report_free(rep);
    assert_int_equal(entries(dir), 0);

    cJSON *s = cJSON_Parse(SUMMARY), *d = cJSON_Parse(DOSSIER), *r = cJSON_Parse(RESULT);
    struct audit_line line;
    assert_int_equal(audit_line_from_tree(&line, r), 0);
    assert_int_equal(audit_report_open(dir, &opt, &rep, &err), ADMIT_OK);
    struct audit_report_row row;
    audit_report_row_from_line(&row, "in.jsonl:1", d, &line);
    for (int i = 0; i < 3; i++)
        assert_int_equal(audit_report_add(rep, &row, &err), ADMIT_OK);
    assert_int_equal(file_mode(dir, "report.csv"), -1);        /* not before finish */
    assert_int_equal(audit_report_finish(rep, s, &err), ADMIT_OK);
    audit_report_free(rep);
    umask(old);
    assert_int_equal(entries(dir), 3);
    assert_int_equal(file_mode(dir, "report.html"), 0600);
    assert_int_equal(file_mode(dir, "report.csv"), 0600);
    assert_int_equal(file_mode(dir, "report.xlsx"), 0600);

    char path[512];
    char head[4] = {0};
    snprintf(path, sizeof path, "%s/report.xlsx", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(head, 1, 2, f), 2);
    fclose(f);
    assert_string_equal(head, "PK");                           /* a zip container */
    snprintf(path, sizeof path, "%s/report.csv", dir);
    f = fopen(path, "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_int_equal(count(buf, "\r\n"), 4);                   /* header + 3 rows */

    /* a second report abandoned keeps the first one in place */
    assert_int_equal(audit_report_open(dir, &opt, &rep, &err), ADMIT_OK);
    audit_report_free(rep);
    assert_int_equal(entries(dir), 3);

    /* a summary of the wrong shapes still gives the three files */
    cJSON *odd = cJSON_Parse("{\"verdicts\": [1], \"by_year\": {\"2020\": 3}, \"rules\": [{\"fail\": 1}],"
                             " \"quotas\": [7, {\"by_branch\": [1], \"label\": 3}], \"procedures\": \"x\"}");
    assert_int_equal(audit_report_open(dir, &opt, &rep, &err), ADMIT_OK);
    assert_int_equal(audit_report_add(rep, &(struct audit_report_row){0}, &err), ADMIT_OK);
    assert_int_equal(audit_report_finish(rep, odd, &err), ADMIT_OK);
    audit_report_free(rep);
    assert_int_equal(entries(dir), 3);
    cJSON_Delete(odd);
    cJSON_Delete(s);
    cJSON_Delete(d);
    audit_line_release(&line);
    cJSON_Delete(r);
    support_remove_tree(dir);

    /* a folder that does not exist: an I/O error naming the file */
    i18n_set_lang(ADMIT_LANG_EN);
    assert_int_equal(audit_report_open("/nonexistent-admit-dir", &opt, &rep, &err), ADMIT_EIO);
    assert_null(rep);
    assert_non_null(strstr(err.file, "/nonexistent-admit-dir/"));
    assert_non_null(strstr(err.message, "cannot write"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_figures_vi),
        cmocka_unit_test(test_html_self_contained_and_escaped),
        cmocka_unit_test(test_html_empty_and_mistyped),
        cmocka_unit_test(test_row_and_csv),
        cmocka_unit_test(test_row_recognition_and_input_error),
        cmocka_unit_test(test_rule_columns),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
