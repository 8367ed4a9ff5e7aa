/*
 * test_validate.c - every input error at once (schema_validate_all,
 * dossier_parse_report, jsontext_locate), "did you mean", labels, patterns in
 * words, day-first dates, and the normal form of `admit fmt` (fmt_json,
 * schema_order_keys).
 *
 * Run from the repository root (schemas/, examples/, rules/).
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

#include "dossier.h"
#include "fmt_json.h"
#include "i18n.h"
#include "jsontext.h"
#include "messages.h"
#include "schema.h"
#include "strbuf.h"
#include "support.h"
#include "validate_report.h"

#define DOSSIER_SCHEMA "schemas/dossier.schema.json"
#define ADMISSION "examples/admission-2023.json"

/* ------------------------------------------------------------------ helpers */

static struct schema *compile_text(const char *text)
{
    struct admit_error err;
    struct schema *s = NULL;
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    enum admit_status st = schema_compile(doc, "test", &s, &err);
    cJSON_Delete(doc);
    if (st != ADMIT_OK)
        support_print_error("compile", &err);
    assert_int_equal(st, ADMIT_OK);
    return s;
}

/* Validate `text` against `s` collecting at most `max` issues. */
static enum admit_status collect(const struct schema *s, const char *text, size_t max,
                                 const struct schema_report_options *base,
                                 struct schema_issues *out, cJSON **doc)
{
    struct admit_error err;
    struct schema_report_options opt = {max, NULL, NULL};
    if (base != NULL) {
        opt = *base;
        opt.max = max;
    }
    *doc = cJSON_Parse(text);
    assert_non_null(*doc);
    return schema_validate_all(s, *doc, &opt, out, &err);
}

static void print_issues(const struct schema_issues *is)
{
    for (size_t i = 0; i < is->count; i++)
        print_message("  %s: %s\n", is->items[i].path, is->items[i].message);
}

/* The admission example with one change at `path` (a key of an object at
 * `parent`), as text. */
static char *admission_with(const char *parent, const char *key, cJSON *value)
{
    char *text = support_read_file(ADMISSION, 1u << 20);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    assert_non_null(doc);
    cJSON *obj = parent[0] ? cJSON_GetObjectItemCaseSensitive(doc, parent) : doc;
    assert_non_null(obj);
    if (value == NULL)
        cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    else if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL)
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, value);
    else
        cJSON_AddItemToObject(obj, key, value);
    text = cJSON_Print(doc);
    cJSON_Delete(doc);
    return text;
}

static int setup(void **state)
{
    (void)state;
    i18n_set_lang(ADMIT_LANG_EN);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    i18n_set_lang(ADMIT_LANG_VI);
    return 0;
}

/* ---------------------------------------------------------- collecting */

static void test_every_error_in_document_order(void **state)
{
    (void)state;
    struct schema_issues is;
    cJSON *doc = NULL;
    struct schema *s = compile_text(
        "{\"type\":\"object\",\"required\":[\"a\",\"z\"],\"additionalProperties\":false,"
        "\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"enum\":[\"x\",\"y\"]},"
        "\"c\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},\"z\":{}}}");
    assert_int_equal(collect(s, "{\"b\":\"q\",\"c\":[1,\"two\",3,4.5],\"d\":1}", 20, NULL, &is, &doc),
                     ADMIT_EINPUT);
    print_issues(&is);
    assert_int_equal(is.count, 6);
    assert_int_equal(is.total, 6);
    assert_string_equal(is.items[0].path, "b");
    assert_string_equal(is.items[0].message, "\"q\" is not one of: x, y");
    assert_string_equal(is.items[0].expected, "x, y");
    assert_string_equal(is.items[1].path, "c[1]");
    assert_string_equal(is.items[1].message, "expected an integer, got a string");
    assert_string_equal(is.items[2].path, "c[3]");
    assert_string_equal(is.items[3].path, "d");
    assert_int_equal(is.items[3].at_key, 1);
    assert_string_equal(is.items[4].message, "required key \"a\" is missing");
    assert_string_equal(is.items[5].message, "required key \"z\" is missing");
    assert_string_equal(is.items[5].path, "");
    schema_issues_release(&is);
    cJSON_Delete(doc);

    /* a valid instance: no issue */
    assert_int_equal(collect(s, "{\"a\":\"\",\"z\":0}", 20, NULL, &is, &doc), ADMIT_OK);
    assert_int_equal(is.count, 0);
    assert_int_equal(is.total, 0);
    schema_issues_release(&is);
    cJSON_Delete(doc);
    schema_free(s);
}

static void test_cap(void **state)
{
    (void)state;
    struct schema_issues is;
    cJSON *doc = NULL;
    struct schema *s = compile_text("{\"items\":{\"type\":\"string\"}}");
    assert_int_equal(collect(s, "[1,2,3,4,5,6,7,\"ok\",9]", 3, NULL, &is, &doc), ADMIT_EINPUT);
    assert_int_equal(is.count, 3);
    assert_int_equal(is.total, 8);
    assert_string_equal(is.items[2].path, "[2]");

    /* the text report names the rest */
    struct dossier_report rep = {"f.json", NULL, 0, 0};
    struct strbuf out;
    rep.items = calloc(is.count, sizeof *rep.items);
    assert_non_null(rep.items);
    for (size_t i = 0; i < is.count; i++) {
        snprintf(rep.items[i].path, sizeof rep.items[i].path, "%s", is.items[i].path);
        snprintf(rep.items[i].message, sizeof rep.items[i].message, "%s", is.items[i].message);
        rep.items[i].line = 1;
        rep.items[i].column = (int)(2 + 2 * i);
    }
    rep.count = is.count;
    rep.total = is.total;
    strbuf_init(&out);
    validate_report_text(&out, &rep, "", 0, 0);
    assert_string_equal(out.buf, "f.json:1:2: [0]: expected a string, got a number\n"
                                 "f.json:1:4: [1]: expected a string, got a number\n"
                                 "f.json:1:6: [2]: expected a string, got a number\n"
                                 "… and 5 more\n");
    strbuf_release(&out);
    i18n_set_lang(ADMIT_LANG_VI);
    strbuf_init(&out);
    validate_report_text(&out, &rep, "  ", 2, 0);
    assert_non_null(strstr(out.buf, "  f.json:1:6: [2]:"));
    assert_null(strstr(out.buf, "[1]"));
    assert_non_null(strstr(out.buf, "  … và 5 lỗi khác\n"));
    strbuf_release(&out);
    i18n_set_lang(ADMIT_LANG_EN);

    /* wrapped for a terminal: no line over the width, continuations indented */
    strbuf_init(&out);
    validate_report_text(&out, &rep, "  ", 0, 30);
    assert_string_equal(out.buf, "  f.json:1:2: [0]: expected a\n"
                                 "      string, got a number\n"
                                 "  f.json:1:4: [1]: expected a\n"
                                 "      string, got a number\n"
                                 "  f.json:1:6: [2]: expected a\n"
                                 "      string, got a number\n"
                                 "  … and 5 more\n");
    strbuf_release(&out);

    cJSON *list = cJSON_CreateArray();
    assert_int_equal(validate_report_json(list, &rep), 0);
    assert_int_equal(cJSON_GetArraySize(list), 3);
    const cJSON *first = cJSON_GetArrayItem(list, 0);
    assert_string_equal(cJSON_GetObjectItem(first, "file")->valuestring, "f.json");
    assert_int_equal(cJSON_GetObjectItem(first, "column")->valueint, 2);
    assert_null(cJSON_GetObjectItem(first, "expected"));
    cJSON_Delete(list);
    dossier_report_release(&rep);
    assert_null(rep.items);

    schema_issues_release(&is);
    cJSON_Delete(doc);
    schema_free(s);
}

/* "X or null": every error of the X, nothing about the null. */
static void test_alternatives_report_the_best_branch(void **state)
{
    (void)state;
    struct schema_issues is;
    cJSON *doc = NULL;
    struct schema *s = compile_text(
        "{\"properties\":{\"v\":{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"object\","
        "\"additionalProperties\":false,\"properties\":{\"n\":{\"minimum\":0},"
        "\"m\":{\"enum\":[\"card\",\"show_of_hands\"]}}}]}}}");
    assert_int_equal(collect(s, "{\"v\":{\"n\":-1,\"m\":\"crd\",\"k\":1}}", 20, NULL, &is, &doc),
                     ADMIT_EINPUT);
    print_issues(&is);
    assert_int_equal(is.count, 3);
    assert_string_equal(is.items[0].path, "v.n");
    assert_string_equal(is.items[0].message, "-1 is less than the minimum 0");
    assert_string_equal(is.items[1].message,
                        "\"crd\" is not one of: card, show_of_hands; did you mean \"card\"?");
    assert_string_equal(is.items[2].path, "v.k");
    for (size_t i = 0; i < is.count; i++)
        assert_null(strstr(is.items[i].message, "null"));
    schema_issues_release(&is);
    cJSON_Delete(doc);

    /* every alternative failed on the type: one merged error */
    assert_int_equal(collect(s, "{\"v\":\"text\"}", 20, NULL, &is, &doc), ADMIT_EINPUT);
    assert_int_equal(is.count, 1);
    assert_string_equal(is.items[0].message, "expected an object or null, got a string");
    assert_string_equal(is.items[0].expected, "an object or null");
    schema_issues_release(&is);
    cJSON_Delete(doc);
    schema_free(s);
}

/* ------------------------------------------------- did you mean, labels */

/* Names "male" of the field "gender" only: the validator must pass the field. */
static const char *test_label(void *ctx, const char *field, const char *value)
{
    (void)ctx;
    return field != NULL && strcmp(field, "gender") == 0 && strcmp(value, "male") == 0 ? "nam" : NULL;
}

static void test_did_you_mean_and_labels(void **state)
{
    (void)state;
    struct schema_issues is;
    cJSON *doc = NULL;
    struct schema *s = compile_text(
        "{\"additionalProperties\":false,\"properties\":{\"gender\":{\"enum\":[\"male\",\"female\"]},"
        "\"birth_date\":{}}}");
    struct schema_report_options labels = {0, test_label, NULL};
    assert_int_equal(collect(s, "{\"gendr\":1,\"birthdate\":2,\"zzzzzzzz\":3,\"gender\":\"femal\"}", 20,
                             &labels, &is, &doc),
                     ADMIT_EINPUT);
    print_issues(&is);
    assert_int_equal(is.count, 4);
    assert_string_equal(is.items[0].message,
                        "unknown key \"gendr\" (did you mean \"gender\"?); allowed: gender, birth_date");
    assert_non_null(strstr(is.items[1].message, "(did you mean \"birth_date\"?)"));
    assert_null(strstr(is.items[2].message, "did you mean"));
    assert_string_equal(is.items[3].message,
                        "\"femal\" is not one of: male (nam), female; did you mean \"female\"?");
    schema_issues_release(&is);
    cJSON_Delete(doc);
    i18n_set_lang(ADMIT_LANG_VI);
    assert_int_equal(collect(s, "{\"gender\":\"mal\"}", 20, &labels, &is, &doc), ADMIT_EINPUT);
    assert_string_equal(is.items[0].message,
                        "\"mal\" không thuộc các giá trị: male (nam), female; có phải \"male\"?");
    schema_issues_release(&is);
    cJSON_Delete(doc);
    i18n_set_lang(ADMIT_LANG_EN);
    schema_free(s);
}

/* The labels come from the message catalog's "label.<value>" codes. */
static void test_labels_from_messages(void **state)
{
    (void)state;
    struct messages *m = NULL;
    struct admit_error err;
    cJSON *schema = NULL;
    assert_int_equal(messages_load("rules/messages", &m, &err), ADMIT_OK);
    assert_int_equal(jsontext_read_file("schemas/dossier.schema.json", &schema, &err), ADMIT_OK);
    assert_int_equal(messages_add_schema_names(m, schema, "schemas/dossier.schema.json", &err),
                     ADMIT_OK);
    cJSON_Delete(schema);
    assert_string_equal(validate_label(m, "authority", "grassroots_committee"),
                        "the grassroots committee");
    assert_string_equal(validate_label(m, NULL, "grassroots_committee"), "the grassroots committee");
    i18n_set_lang(ADMIT_LANG_VI);
    assert_string_equal(validate_label(m, "authority", "grassroots_committee"), "Đảng ủy cơ sở");
    /* one value, two fields, two names: the field's own is chosen */
    const char *authority_other = validate_label(m, "authority", "other");
    const char *opinion_other = validate_label(m, "from", "other");
    assert_non_null(authority_other);
    assert_non_null(opinion_other);
    assert_string_not_equal(authority_other, opinion_other);
    i18n_set_lang(ADMIT_LANG_EN);
    assert_null(validate_label(m, "authority", "no_such_value"));
    assert_null(validate_label(NULL, "authority", "grassroots_committee"));
    struct schema_report_options opt = validate_report_options(m);
    assert_int_equal(opt.max, VALIDATE_MAX_ERRORS);
    assert_non_null(opt.label);
    messages_free(m);
}

/* ------------------------------------------------------ dates, patterns */

static void test_day_first_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message, *expected;
    } cases[] = {
        {"15/06/2025", "\"15/06/2025\" is not a valid date; write it as 2025-06-15", "2025-06-15"},
        {"5/6/2025", "\"5/6/2025\" is not a valid date; write it as 2025-06-05", "2025-06-05"},
        {"15-06-2025", "\"15-06-2025\" is not a valid date; write it as 2025-06-15", "2025-06-15"},
        {"15.06.2025", "\"15.06.2025\" is not a valid date; write it as 2025-06-15", "2025-06-15"},
        /* not a real day: no conversion */
        {"31/02/2025", "\"31/02/2025\" is not a valid date; expected YYYY-MM-DD", "YYYY-MM-DD"},
        {"15/06-2025", "\"15/06-2025\" is not a valid date; expected YYYY-MM-DD", "YYYY-MM-DD"},
        {"2025-02-30", "\"2025-02-30\" is not a valid date", "YYYY-MM-DD"},
        {"15/06/25", "\"15/06/25\" is not a valid date; expected YYYY-MM-DD", "YYYY-MM-DD"},
    };
    struct schema *s = compile_text("{\"items\":{\"format\":\"date\"}}");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct schema_issues is;
        cJSON *doc = NULL;
        char text[64];
        snprintf(text, sizeof text, "[\"%s\"]", cases[i].text);
        assert_int_equal(collect(s, text, 20, NULL, &is, &doc), ADMIT_EINPUT);
        assert_string_equal(is.items[0].message, cases[i].message);
        assert_string_equal(is.items[0].expected, cases[i].expected);
        schema_issues_release(&is);
        cJSON_Delete(doc);
    }
    i18n_set_lang(ADMIT_LANG_VI);
    struct schema_issues is;
    cJSON *doc = NULL;
    assert_int_equal(collect(s, "[\"1/12/2024\"]", 20, NULL, &is, &doc), ADMIT_EINPUT);
    assert_string_equal(is.items[0].message, "\"1/12/2024\" không phải là ngày hợp lệ; hãy viết 2024-12-01");
    schema_issues_release(&is);
    cJSON_Delete(doc);
    i18n_set_lang(ADMIT_LANG_EN);
    schema_free(s);
}

static void test_patterns_in_words(void **state)
{
    (void)state;
    struct schema_issues is;
    cJSON *doc = NULL;
    struct schema *s = compile_text(
        "{\"properties\":{\"id\":{\"type\":\"string\",\"minLength\":12,\"maxLength\":12,"
        "\"pattern\":\"^[0-9]{12}$\",\"x-pattern-text\":{\"vi\":\"12 chữ số\",\"en\":\"12 digits\"}},"
        "\"code\":{\"pattern\":\"^(ab|cd)+$\"}},"
        "\"patternProperties\":{\"^x_\":{}},\"additionalProperties\":false}");
    assert_int_equal(collect(s, "{\"id\":\"12ab\",\"code\":\"abx\",\"y\":1}", 20, NULL, &is, &doc),
                     ADMIT_EINPUT);
    print_issues(&is);
    assert_int_equal(is.count, 3);
    /* the length fails first, but the words say more */
    assert_string_equal(is.items[0].message, "\"12ab\" is not in the expected form: 12 digits");
    assert_string_equal(is.items[0].expected, "12 digits");
    assert_string_equal(is.items[1].message, "\"abx\" is not in the required form");
    assert_string_equal(is.items[1].expected, "");
    assert_string_equal(is.items[2].message,
                        "unknown key \"y\"; allowed: id, code, keys starting with \"x_\"");
    /* no regular expression in any message */
    for (size_t i = 0; i < is.count; i++) {
        assert_null(strchr(is.items[i].message, '^'));
        assert_null(strchr(is.items[i].message, '$'));
        assert_null(strchr(is.items[i].expected, '^'));
    }
    schema_issues_release(&is);
    cJSON_Delete(doc);
    i18n_set_lang(ADMIT_LANG_VI);
    assert_int_equal(collect(s, "{\"id\":\"123456789012a\"}", 20, NULL, &is, &doc), ADMIT_EINPUT);
    assert_string_equal(is.items[0].message, "\"123456789012a\" không đúng dạng: cần 12 chữ số");
    schema_issues_release(&is);
    cJSON_Delete(doc);
    i18n_set_lang(ADMIT_LANG_EN);
    schema_free(s);

    /* the annotation is checked at load */
    static const char *const bad[] = {
        "{\"pattern\":\"^a\",\"x-pattern-text\":\"a\"}",
        "{\"pattern\":\"^a\",\"x-pattern-text\":{\"vi\":\"a\"}}",
        "{\"pattern\":\"^a\",\"x-pattern-text\":{\"vi\":\"a\",\"en\":\"\"}}",
        "{\"pattern\":\"^a\",\"x-pattern-text\":{\"vi\":\"a\",\"en\":\"b\",\"fr\":\"c\"}}",
        "{\"$ref\":\"#/definitions/a\",\"x-pattern-text\":{\"vi\":\"a\",\"en\":\"b\"},"
        "\"definitions\":{\"a\":{}}}",
        NULL};
    for (int i = 0; bad[i] != NULL; i++) {
        struct admit_error err;
        struct schema *t = NULL;
        cJSON *d = cJSON_Parse(bad[i]);
        assert_non_null(d);
        assert_int_equal(schema_compile(d, "test", &t, &err), ADMIT_ERULES);
        assert_null(t);
        cJSON_Delete(d);
    }
}

/* The project's schema: its patterns are in words in both languages. */
static void test_dossier_schema_patterns(void **state)
{
    (void)state;
    struct schema *s = NULL;
    struct admit_error err;
    struct dossier *d = NULL;
    struct dossier_report rep;
    assert_int_equal(schema_load(DOSSIER_SCHEMA, &s, &err), ADMIT_OK);
    cJSON *cand = cJSON_CreateObject();
    char *text = NULL;
    cJSON_Delete(cand);
    text = admission_with("candidate", "citizenship", cJSON_CreateString("vn"));
    assert_int_equal(dossier_parse_report(s, NULL, "a.json", text, strlen(text), &d, &rep, &err),
                     ADMIT_EINPUT);
    assert_int_equal(rep.count, 1);
    assert_string_equal(rep.items[0].path, "candidate.citizenship");
    assert_non_null(strstr(rep.items[0].message, "2 capital letters"));
    assert_null(strchr(rep.items[0].message, '^'));
    dossier_report_release(&rep);
    free(text);
    schema_free(s);
}

/* ------------------------------------------------ dossier_parse_report */

static void test_dossier_report_lines(void **state)
{
    (void)state;
    struct schema *s = NULL;
    struct admit_error err;
    struct dossier *d = NULL;
    struct dossier_report rep;
    assert_int_equal(schema_load(DOSSIER_SCHEMA, &s, &err), ADMIT_OK);

    /* a syntax error stops the parse: one error, line and column, no path */
    const char *broken = "{\n  \"format\": \"admit.dossier/1\",\n  \"id\": ,\n}";
    assert_int_equal(dossier_parse_report(s, NULL, "b.json", broken, strlen(broken), &d, &rep, &err),
                     ADMIT_EINPUT);
    assert_null(d);
    assert_int_equal(rep.count, 1);
    assert_int_equal(rep.items[0].line, 3);
    assert_string_equal(rep.items[0].path, "");
    assert_string_equal(rep.file, "b.json");
    dossier_report_release(&rep);

    /* schema errors: all of them, each with its place in the text */
    const char *text =
        "{\n"
        "  \"format\": \"admit.dossier/1\",\n"
        "  \"id\": \"x\",\n"
        "  \"procedure\": \"admision\",\n"
        "  \"organisation\": {},\n"
        "  \"candidate\": {\"full_name\": \"A\", \"birth_date\": \"14/08/1996\",\n"
        "                \"gendr\": \"male\"}\n"
        "}\n";
    assert_int_equal(dossier_parse_report(s, NULL, "c.json", text, strlen(text), &d, &rep, &err),
                     ADMIT_EINPUT);
    for (size_t i = 0; i < rep.count; i++)
        print_message("  %d:%d %s: %s\n", rep.items[i].line, rep.items[i].column, rep.items[i].path,
                      rep.items[i].message);
    assert_int_equal(rep.count, 3);
    assert_string_equal(rep.items[0].path, "procedure");
    assert_int_equal(rep.items[0].line, 4);
    assert_int_equal(rep.items[0].column, 16);
    assert_non_null(strstr(rep.items[0].message, "did you mean \"admission\""));
    assert_string_equal(rep.items[1].path, "candidate.birth_date");
    assert_int_equal(rep.items[1].line, 6);
    assert_int_equal(rep.items[1].column, 49);
    assert_string_equal(rep.items[1].expected, "1996-08-14");
    assert_string_equal(rep.items[2].path, "candidate.gendr");
    assert_int_equal(rep.items[2].line, 7);
    assert_int_equal(rep.items[2].column, 17);   /* the key itself */
    /* err holds the first */
    assert_string_equal(err.path, "procedure");
    assert_string_equal(err.file, "c.json");
    dossier_report_release(&rep);

    /* dossier_parse keeps its contract: the first error */
    assert_int_equal(dossier_parse(s, "c.json", text, strlen(text), &d, &err), ADMIT_EINPUT);
    assert_string_equal(err.path, "procedure");

    /* a valid dossier: no error */
    char *good = support_read_file(ADMISSION, 1u << 20);
    assert_int_equal(dossier_parse_report(s, NULL, "g.json", good, strlen(good), &d, &rep, &err),
                     ADMIT_OK);
    assert_non_null(d);
    assert_int_equal(rep.count, 0);
    dossier_report_release(&rep);
    dossier_free(d);
    free(good);
    schema_free(s);
}

static void test_locate(void **state)
{
    (void)state;
    const char *text = "{\"a\": [1, {\"b\": \"x,]}\"}, [ ]],\n  \"c\\\"d\": {\"e\": null}}";
    cJSON *root = cJSON_Parse(text);
    int line = 0, column = 0;
    assert_non_null(root);
    const cJSON *a = cJSON_GetObjectItem(root, "a");
    const cJSON *b = cJSON_GetObjectItem(cJSON_GetArrayItem(a, 1), "b");
    const cJSON *empty = cJSON_GetArrayItem(a, 2);
    const cJSON *e = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "c\"d"), "e");
    assert_int_equal(jsontext_locate(text, strlen(text), root, root, 0, &line, &column), 0);
    assert_int_equal(line, 1);
    assert_int_equal(column, 1);
    assert_int_equal(jsontext_locate(text, strlen(text), root, b, 0, &line, &column), 0);
    assert_int_equal(column, 17);
    assert_int_equal(jsontext_locate(text, strlen(text), root, b, 1, &line, &column), 0);
    assert_int_equal(column, 12);
    assert_int_equal(jsontext_locate(text, strlen(text), root, empty, 0, &line, &column), 0);
    assert_int_equal(column, 26);
    assert_int_equal(jsontext_locate(text, strlen(text), root, e, 0, &line, &column), 0);
    assert_int_equal(line, 2);
    assert_int_equal(column, 17);
    cJSON *other = cJSON_CreateNull();
    assert_int_equal(jsontext_locate(text, strlen(text), root, other, 0, &line, &column), -1);
    cJSON_Delete(other);
    cJSON_Delete(root);
}

/* ------------------------------------------------------------ fmt */

static void test_normal_form(void **state)
{
    (void)state;
    struct strbuf out;
    /* "Nguyễn" decomposed (NFD): e + circumflex + tilde */
    cJSON *doc = cJSON_Parse("{\"b\":[],\"a\":{},\"n\":\"Nguye\xcc\x82\xcc\x83n\",\"l\":[1,2.5,true,null],"
                             "\"q\":\"a\\\"b\\\\c\\n\\u0001/\",\"big\":12345678901234567890,\"f\":0.1}");
    assert_non_null(doc);
    strbuf_init(&out);
    assert_int_equal(fmt_json(&out, doc), 0);
    assert_string_equal(out.buf,
                        "{\n"
                        "  \"b\": [],\n"
                        "  \"a\": {},\n"
                        "  \"n\": \"Nguy\xe1\xbb\x85n\",\n"
                        "  \"l\": [\n"
                        "    1,\n"
                        "    2.5,\n"
                        "    true,\n"
                        "    null\n"
                        "  ],\n"
                        "  \"q\": \"a\\\"b\\\\c\\n\\u0001/\",\n"
                        "  \"big\": 1.2345678901234567e+19,\n"
                        "  \"f\": 0.1\n"
                        "}\n");
    /* a fixed point */
    cJSON *back = cJSON_Parse(out.buf);
    struct strbuf again;
    strbuf_init(&again);
    assert_int_equal(fmt_json(&again, back), 0);
    assert_string_equal(again.buf, out.buf);
    strbuf_release(&again);
    cJSON_Delete(back);
    strbuf_release(&out);
    cJSON_Delete(doc);

    char *nfc = fmt_nfc("Nguye\xcc\x82\xcc\x83n");
    assert_string_equal(nfc, "Nguy\xe1\xbb\x85n");
    free(nfc);
    assert_null(fmt_nfc("\xff"));
}

static void test_schema_key_order(void **state)
{
    (void)state;
    struct schema *s = compile_text(
        "{\"properties\":{\"z\":{},\"a\":{\"anyOf\":[{\"type\":\"null\"},{\"$ref\":\"#/definitions/o\"}]},"
        "\"list\":{\"type\":[\"array\",\"null\"],\"items\":{\"$ref\":\"#/definitions/o\"}}},"
        "\"definitions\":{\"o\":{\"type\":\"object\",\"properties\":{\"second\":{},\"first\":{}}}}}");
    cJSON *doc = cJSON_Parse("{\"x_1\":1,\"list\":[{\"first\":1,\"x_k\":0,\"second\":2}],"
                             "\"a\":{\"first\":1,\"second\":2},\"z\":0,\"x_0\":0}");
    assert_non_null(doc);
    schema_order_keys(s, doc);
    char *text = cJSON_PrintUnformatted(doc);
    assert_string_equal(text, "{\"z\":0,\"a\":{\"second\":2,\"first\":1},"
                              "\"list\":[{\"second\":2,\"first\":1,\"x_k\":0}],\"x_1\":1,\"x_0\":0}");
    free(text);
    /* the tree is still well linked: the last item is found from the first */
    assert_string_equal(doc->child->prev->string, "x_0");
    assert_non_null(cJSON_GetObjectItem(doc, "x_0"));
    cJSON_Delete(doc);
    schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_error_in_document_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alternatives_report_the_best_branch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_did_you_mean_and_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_from_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_day_first_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patterns_in_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier_schema_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier_report_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normal_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_key_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
