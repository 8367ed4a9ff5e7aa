/*
 * Unit tests of csvtext.c and registry_csv.c: splitting a spreadsheet's CSV
 * export with positions, and checking it as a member list, with the exact
 * line:column and message of each kind of bad row.
 *
 * Run from the repository root (schemas/dossier.schema.json).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cJSON.h>

#include "csvtext.h"
#include "i18n.h"
#include "input.h"
#include "registry_csv.h"

#define HEADER "member_id,national_id,full_name,admitted_on,official_since,left_on,left_reason\n"

static int english(void **state)
{
    (void)state;
    i18n_set_lang(ADMIT_LANG_EN);
    return 0;
}

/* -- csvtext ------------------------------------------------------------ */

static struct csvtext *parse_ok(const char *text)
{
    struct csvtext *csv = NULL;
    size_t where = 0;
    enum csvtext_result r = csvtext_parse(text, strlen(text), &csv, &where);
    if (r != CSVTEXT_OK)
        fail_msg("csvtext_parse gave %d at %zu for \"%s\"", (int)r, where, text);
    return csv;
}

/* The line:column of a field, as "L:C". */
static const char *position(const char *text, size_t offset)
{
    static char buf[32];
    int line, column;
    csvtext_locate(text, offset, &line, &column);
    snprintf(buf, sizeof buf, "%d:%d", line, column);
    return buf;
}

/* Every field's line and column are those csvtext_locate finds. */
static void assert_positions_agree(const char *text, const struct csvtext *csv)
{
    for (size_t r = 0; r < csv->count; r++) {
        for (size_t i = 0; i < csv->rows[r].count; i++) {
            const struct csvtext_field *f = &csv->rows[r].fields[i];
            int line, column;
            csvtext_locate(text, f->offset, &line, &column);
            assert_int_equal(f->line, line);
            assert_int_equal(f->column, column);
        }
    }
}

static void quoting_follows_rfc4180(void **state)
{
    (void)state;
    const char *text = "a,\"b, c\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,\"\"\nlast,row,y\n";
    struct csvtext *csv = parse_ok(text);
    assert_int_equal(csv->count, 3);
    assert_int_equal(csv->rows[0].count, 3);
    assert_string_equal(csv->rows[0].fields[1].text, "b, c");
    assert_string_equal(csv->rows[0].fields[2].text, "say \"hi\"");
    assert_string_equal(csv->rows[1].fields[0].text, "two\nlines");
    assert_string_equal(csv->rows[1].fields[2].text, "");
    assert_int_equal(csv->rows[1].fields[2].len, 0);
    /* A line break inside quotes counts for the rows after it. */
    assert_string_equal(position(text, csv->rows[1].fields[0].offset), "2:1");
    assert_string_equal(position(text, csv->rows[1].fields[1].offset), "3:8");
    assert_string_equal(position(text, csv->rows[2].fields[1].offset), "4:6");
    assert_positions_agree(text, csv);
    csvtext_free(csv);
}

static void line_ends_bom_and_blank_lines(void **state)
{
    (void)state;
    /* BOM, CRLF, a blank line, spaces around an unquoted field, no final
     * line break. */
    const char *text = "\xEF\xBB\xBFh1,h2\r\n\r\n  x  ,\"Trần\"\r\nz,w";
    struct csvtext *csv = parse_ok(text);
    assert_int_equal(csv->count, 3);
    assert_string_equal(csv->rows[0].fields[0].text, "h1");   /* no BOM in the name */
    assert_string_equal(csv->rows[1].fields[0].text, "x");
    assert_string_equal(csv->rows[1].fields[1].text, "Trần");
    assert_string_equal(position(text, csv->rows[0].fields[0].offset), "1:1");
    assert_string_equal(position(text, csv->rows[1].fields[0].offset), "3:3");
    assert_string_equal(position(text, csv->rows[1].fields[1].offset), "3:7");
    assert_string_equal(position(text, csv->rows[2].fields[1].offset), "4:3");
    assert_positions_agree(text, csv);
    /* A lone CR ends a line too. */
    struct csvtext *cr = parse_ok("a,b\rc,d\r");
    assert_int_equal(cr->count, 2);
    assert_int_equal(cr->rows[1].fields[1].line, 2);
    assert_int_equal(cr->rows[1].fields[1].column, 3);
    csvtext_free(cr);
    csvtext_free(csv);
}

static void columns_count_characters(void **state)
{
    (void)state;
    const char *text = "Đỗ Thị Mai,x\n";
    struct csvtext *csv = parse_ok(text);
    assert_string_equal(position(text, csv->rows[0].fields[1].offset), "1:12");
    assert_int_equal(csv->rows[0].fields[1].column, 12);
    csvtext_free(csv);
}

static void expect_parse_error(const char *text, size_t len, enum csvtext_result expected,
                               const char *where)
{
    struct csvtext *csv = (struct csvtext *)1;
    size_t offset = 12345;
    enum csvtext_result r = csvtext_parse(text, len, &csv, &offset);
    assert_int_equal(r, expected);
    assert_null(csv);
    assert_string_equal(position(text, offset), where);
}

static void errors_say_where(void **state)
{
    (void)state;
    const char *quote_inside = "a,b\nc,d\"e\n";
    expect_parse_error(quote_inside, strlen(quote_inside), CSVTEXT_BAD_QUOTE, "2:4");
    const char *after_close = "a,\"b\"x\n";
    expect_parse_error(after_close, strlen(after_close), CSVTEXT_BAD_QUOTE, "1:6");
    const char *open = "a,b\nc,\"never\nclosed\n";
    expect_parse_error(open, strlen(open), CSVTEXT_UNTERMINATED, "2:3");
    const char *latin1 = "a,b\nTr\xe1n,c\n";   /* Windows-1258/Latin-1 byte */
    expect_parse_error(latin1, strlen(latin1), CSVTEXT_NOT_UTF8, "2:3");
    const char utf16[] = "\xFF\xFE" "a\0,\0";
    expect_parse_error(utf16, sizeof utf16 - 1, CSVTEXT_UTF16, "1:1");
    const char zero[] = "a,b\0c\n";
    expect_parse_error(zero, sizeof zero - 1, CSVTEXT_ZERO_BYTE, "1:4");
}

/* -- registry_csv ------------------------------------------------------- */

static struct registry_csv *read_ok(const char *text)
{
    struct registry_csv *csv = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    if (registry_csv_read("m.csv", text, strlen(text), &csv, &err) != ADMIT_OK)
        fail_msg("refused: %s:%s: %s", err.file, err.path, err.message);
    return csv;
}

/* The file is refused at `where` ("L:C") with a message containing `what`. */
static void expect_refused(const char *text, const char *where, const char *what)
{
    struct registry_csv *csv = (struct registry_csv *)1;
    struct admit_error err;
    admit_error_clear(&err);
    enum admit_status s = registry_csv_read("m.csv", text, strlen(text), &csv, &err);
    if (s != ADMIT_EINPUT || strcmp(err.path, where) != 0 || strstr(err.message, what) == NULL)
        fail_msg("expected m.csv:%s: ...%s...; got status %d, %s:%s: %s", where, what, (int)s,
                 err.file, err.path, err.message);
    assert_string_equal(err.file, "m.csv");
    assert_null(csv);
}

static void good_rows_with_nulls(void **state)
{
    (void)state;
    struct registry_csv *csv = read_ok(
        HEADER
        "DV-1,001080000001,Trần Văn Bình,2011-05-19,2012-05-19,,\n"
        ",,,,,,\n"                                   /* a blank row: skipped */
        "DV-2,,\"Lê, Văn \"\"Cường\"\"\",2005-01-10,2006-01-10,2020-06-30,removed\n"
        "DV-3,123456789,An,2022-08-01,\"\",,\n");
    assert_int_equal(csv->count, 3);
    const struct registry_csv_row *r = &csv->rows[0];
    assert_int_equal(r->line, 2);
    assert_string_equal(r->values[REGISTRY_CSV_FULL_NAME], "Trần Văn Bình");
    assert_null(r->values[REGISTRY_CSV_LEFT_ON]);
    assert_null(r->values[REGISTRY_CSV_LEFT_REASON]);
    r = &csv->rows[1];
    assert_int_equal(r->line, 4);
    assert_null(r->values[REGISTRY_CSV_NATIONAL_ID]);
    assert_string_equal(r->values[REGISTRY_CSV_FULL_NAME], "Lê, Văn \"Cường\"");
    assert_string_equal(r->values[REGISTRY_CSV_LEFT_REASON], "removed");
    r = &csv->rows[2];
    assert_string_equal(r->values[REGISTRY_CSV_NATIONAL_ID], "123456789");   /* old 9-digit card */
    assert_null(r->values[REGISTRY_CSV_OFFICIAL_SINCE]);                     /* "" is NULL too */
    assert_string_equal(csv->ignored, "");
    registry_csv_free(csv);
}

static void columns_by_name_in_any_order(void **state)
{
    (void)state;
    struct registry_csv *csv = read_ok(
        "note,Full_Name,left_reason,left_on,official_since,admitted_on,national_id,MEMBER_ID,\n"
        "\"a, b\",An,,,,2012-05-19,,DV-9,\n");
    assert_int_equal(csv->count, 1);
    const struct registry_csv_row *r = &csv->rows[0];
    assert_string_equal(r->values[REGISTRY_CSV_MEMBER_ID], "DV-9");
    assert_string_equal(r->values[REGISTRY_CSV_ADMITTED_ON], "2012-05-19");
    assert_int_equal(r->id_column, 26);
    assert_string_equal(csv->ignored, "note, \"\"");
    registry_csv_free(csv);
}

static void names_are_stored_in_nfc(void **state)
{
    (void)state;
    /* "Trần" with the vowel, its circumflex and its grave accent apart
     * (NFD, as some Vietnamese keyboards write). */
    struct registry_csv *csv = read_ok(HEADER "DV-1,,Tra\xCC\x82\xCC\x80n,2012-05-19,,,\n");
    assert_string_equal(csv->rows[0].values[REGISTRY_CSV_FULL_NAME], "Tr\xE1\xBA\xA7n");
    registry_csv_free(csv);
}

static void header_problems(void **state)
{
    (void)state;
    expect_refused("member_id,national_id,full_name,admited_on,official_since,left_on,left_reason\n",
                   "1:33", "did you mean admitted_on?");
    expect_refused("member_id,full_name,admitted_on\nDV-1,An,2012-05-19\n", "1:1",
                   "lacks the columns: national_id, official_since, left_on, left_reason");
    expect_refused("member_id,national_id,full_name,admitted_on,official_since,left_on,left_reason,member_id\n",
                   "1:80", "appears twice");
    struct registry_csv *csv = (struct registry_csv *)1;
    struct admit_error err;
    assert_int_equal(registry_csv_read("m.csv", "", 0, &csv, &err), ADMIT_EINPUT);
    assert_non_null(strstr(err.message, "empty"));
}

static void bad_fields_are_located(void **state)
{
    (void)state;
    expect_refused(HEADER "DV-1,001080000001,An,2012-05-19,,,\nDV-2,001080000002,Bình,19/05/2012,,,\n",
                   "3:24", "admitted_on: \"19/05/2012\" is not a date YYYY-MM-DD; write it as 2012-05-19");
    expect_refused(HEADER "DV-1,,An,2012-05-19,2013-5-19,,\n", "2:21", "official_since: \"2013-5-19\" is not a date");
    expect_refused(HEADER "DV-1,,An,2012-02-30,,,\n", "2:10", "is not a real date");
    expect_refused(HEADER "DV-1,,An,41048,,,\n", "2:10", "is a number, not a date");
    expect_refused(HEADER "DV-1,1080000001,An,2012-05-19,,,\n", "2:6", "has 10 digits, 12 expected");
    expect_refused(HEADER "DV-1,1.08E+11,An,2012-05-19,,,\n", "2:6", "exponent form");
    expect_refused(HEADER "DV-1,00108000000X,An,2012-05-19,,,\n", "2:6", "expected 12 digits");
    expect_refused(HEADER "DV-1,,An,2012-05-19,2013-05-19,2014-01-01,expeled\n", "2:43",
                   "left_reason: \"expeled\" is not a known reason; did you mean expelled?");
    expect_refused(HEADER "DV-1,,An,2012-05-19,,2014-01-01,gone\n", "2:33", "expected one of: abandoned_activities");
    expect_refused(HEADER ",,An,2012-05-19,,,\n", "2:1", "member_id: empty");
    expect_refused(HEADER "DV-1,,,2012-05-19,,,\n", "2:7", "full_name: empty");
    expect_refused(HEADER "\"DV 1\",,An,2012-05-19,,,\n", "2:1", "holds a space");
    expect_refused(HEADER "DV-1,,\"An\nB\",2012-05-19,,,\n", "2:7", "control character");
    expect_refused(HEADER "DV-1,,An,2012-05-19,,\n", "2:1", "this row has 6 fields, the header has 7");
    expect_refused(HEADER "DV-1,,An,2012-05-19,,,,x\n", "2:24", "this row has 8 fields");
}

static void rows_must_hold_together(void **state)
{
    (void)state;
    expect_refused(HEADER "DV-1,,An,2012-05-19,2011-05-19,,\n", "2:21",
                   "official_since: 2011-05-19 is before the admission date admitted_on 2012-05-19");
    expect_refused(HEADER "DV-1,,An,2012-05-19,,2012-05-18,other\n", "2:22", "left_on: 2012-05-18 is before");
    expect_refused(HEADER "DV-1,,An,2012-05-19,,,other\n", "2:23", "left_reason: a reason for leaving is given but left_on is empty");
    /* The same period twice: the second is named, with the line of the first. */
    expect_refused(HEADER "DV-1,,An,2012-05-19,,,\nDV-2,,B,2012-05-19,,,\n\"DV-1\",,An,2012-05-19,,,\n",
                   "4:1", "member_id: DV-1 with admitted_on 2012-05-19 is already on line 2");
    /* The first bad row wins, whether a duplicate or a bad field. */
    expect_refused(HEADER "DV-1,,An,2012-05-19,,,\nDV-1,,An,2012-05-19,,,\nDV-2,,B,bad,,,\n",
                   "3:1", "already on line 2");
    expect_refused(HEADER "DV-1,,An,2012-05-19,,,\nDV-2,,B,bad,,,\nDV-1,,An,2012-05-19,,,\n",
                   "3:9", "admitted_on: \"bad\"");
    /* A multi-line quoted field in an ignored column moves the lines after it. */
    expect_refused("note," HEADER "\"one\ntwo\",DV-1,,An,2012-05-19,,,\nx,DV-2,,B,2012-13-01,,,\n",
                   "4:11", "admitted_on");
}

static void encoding_problems(void **state)
{
    (void)state;
    expect_refused(HEADER "DV-1,,Tr\xe2n,2012-05-19,,,\n", "2:9", "not UTF-8");
    expect_refused("\xEF\xBB\xBF" HEADER "DV-1,,\"An,2012-05-19,,,\n", "2:7", "never closed");
    expect_refused(HEADER "DV-1,,A\"n,2012-05-19,,,\n", "2:8", "out of place");
}

static void messages_in_vietnamese(void **state)
{
    (void)state;
    i18n_set_lang(ADMIT_LANG_VI);
    expect_refused(HEADER "DV-1,,An,19/05/2012,,,\n", "2:10", "hãy viết 2012-05-19");
    i18n_set_lang(ADMIT_LANG_EN);
}

/* left_reason takes exactly the values of previous_membership.reason. */
static void reasons_match_the_dossier_schema(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    struct admit_error err;
    assert_int_equal(input_read("schemas/dossier.schema.json", 1 << 22, &text, &len, &err), ADMIT_OK);
    cJSON *schema = cJSON_Parse(text);
    free(text);
    assert_non_null(schema);
    const cJSON *props = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(schema, "properties"), "candidate"), "properties");
    const cJSON *reason = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(props, "previous_membership"), "properties"),
        "reason");
    const cJSON *values = cJSON_GetObjectItem(reason, "enum");
    assert_non_null(values);
    size_t n = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, values) {
        if (!cJSON_IsString(v))
            continue;   /* a null allowed by the schema */
        assert_true(n < registry_csv_reason_count);
        assert_string_equal(v->valuestring, registry_csv_reasons[n]);
        n++;
    }
    assert_int_equal(n, registry_csv_reason_count);
    cJSON_Delete(schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoting_follows_rfc4180),
        cmocka_unit_test(line_ends_bom_and_blank_lines),
        cmocka_unit_test(columns_count_characters),
        cmocka_unit_test(errors_say_where),
        cmocka_unit_test(good_rows_with_nulls),
        cmocka_unit_test(columns_by_name_in_any_order),
        cmocka_unit_test(names_are_stored_in_nfc),
        cmocka_unit_test(header_problems),
        cmocka_unit_test(bad_fields_are_located),
        cmocka_unit_test(rows_must_hold_together),
        cmocka_unit_test(encoding_problems),
        cmocka_unit_test(messages_in_vietnamese),
        cmocka_unit_test(reasons_match_the_dossier_schema),
    };
    return cmocka_run_group_tests(tests, english, NULL);
}
