/*
 * test_json_print.c - json_print.c gives the bytes cJSON's printers give
 * (engine/json_print.h): on every JSON file of the project (results the
 * examples expect, rule cases, the rulebook, the schemas) and on the edge
 * cases of numbers, strings and empty containers, compact and formatted;
 * and so does json_writer, writing the same values without a tree.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "dir_names.h"
#include "json_print.h"
#include "support.h"

/* Write `item` through a json_writer: containers opened and closed, or at
 * every other level given whole to json_writer_tree (`whole_at` 0 or 1),
 * strings and numbers one by one, the rest whole. */
static void write_item(struct json_writer *w, const char *key, const cJSON *item, int depth,
                       int whole_at)
{
    if ((cJSON_IsObject(item) || cJSON_IsArray(item)) && depth % 2 != whole_at) {
        json_writer_open(w, key, cJSON_IsArray(item));
        for (const cJSON *c = item->child; c != NULL; c = c->next)
            write_item(w, c->string, c, depth + 1, whole_at);
        json_writer_close(w);
    } else if (cJSON_IsString(item)) {
        json_writer_string(w, key, item->valuestring);
    } else if (cJSON_IsNumber(item)) {
        json_writer_number(w, key, item->valuedouble);
    } else {
        json_writer_tree(w, key, item);
    }
}

/* The writer gives what the printers give, both forms, both ways of writing. */
static void expect_same_written(const cJSON *item, const char *what)
{
    for (int formatted = 0; formatted <= 1; formatted++)
        for (int whole_at = 0; whole_at <= 1; whole_at++) {
            struct json_writer w;
            json_writer_init(&w, formatted);
            write_item(&w, NULL, item, 0, whole_at);
            char *ours = json_writer_finish(&w);
            char *theirs = formatted ? json_print_formatted(item) : json_print_compact(item);
            if (ours == NULL || theirs == NULL || strcmp(ours, theirs) != 0)
                fail_msg("%s, written %s:\n  writer  %s\n  printer %s", what,
                         formatted ? "formatted" : "compact", ours ? ours : "(null)",
                         theirs ? theirs : "(null)");
            free(ours);
            free(theirs);
        }
}

/* Both printers, both forms, and the writer must agree on `item`. */
static void expect_same(const cJSON *item, const char *what)
{
    char *ours = json_print_compact(item), *theirs = cJSON_PrintUnformatted(item);
    if (ours == NULL || theirs == NULL || strcmp(ours, theirs) != 0)
        fail_msg("%s, compact:\n  ours   %s\n  cJSON  %s", what, ours ? ours : "(null)",
                 theirs ? theirs : "(null)");
    free(ours);
    cJSON_free(theirs);
    ours = json_print_formatted(item);
    theirs = cJSON_Print(item);
    if (ours == NULL || theirs == NULL || strcmp(ours, theirs) != 0)
        fail_msg("%s, formatted:\n  ours   %s\n  cJSON  %s", what, ours ? ours : "(null)",
                 theirs ? theirs : "(null)");
    free(ours);
    cJSON_free(theirs);
    expect_same_written(item, what);
}

static void expect_same_text(const char *json)
{
    cJSON *item = cJSON_Parse(json);
    assert_non_null(item);
    expect_same(item, json);
    cJSON_Delete(item);
}

static void test_numbers(void **state)
{
    (void)state;
    static const double numbers[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, -2.25, 1e-7, 1e300,
                                     -1e300, 123456789.0, 2147483647.0, 2147483648.0,
                                     -2147483648.0, -2147483649.0, 9007199254740993.0,
                                     1.0 / 3.0, 2.0 / 3.0, 100.0, 1e21, 5e-324, 17.999999999999996,
                                     999999999999999.0, 1e15, -999999999999999.0, 0.30000000000000004,
                                     4.35, 1e-320, 12345.678};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        cJSON *n = cJSON_CreateNumber(numbers[i]);
        char what[64];
        snprintf(what, sizeof what, "number %.17g", numbers[i]);
        expect_same(n, what);
        cJSON_Delete(n);
    }
    cJSON *n = cJSON_CreateNumber(NAN);
    expect_same(n, "NaN");
    cJSON_SetNumberValue(n, INFINITY);
    expect_same(n, "infinity");
    cJSON_SetNumberValue(n, -INFINITY);
    expect_same(n, "-infinity");
    cJSON_Delete(n);
}

static void test_strings(void **state)
{
    (void)state;
    static const char *const texts[] = {"", "plain", "say \"hi\"", "back\\slash", "a/b",
                                        "tab\there", "new\nline", "\r\b\f", "\x01\x1f\x7f",
                                        "Trần Văn Ánh", "ký tự \xe2\x80\xa8 đặc biệt"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        cJSON *s = cJSON_CreateString(texts[i]);
        expect_same(s, texts[i]);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, texts[i], cJSON_CreateString(texts[i]));
        expect_same(o, texts[i]);
        cJSON_Delete(o);
        cJSON_Delete(s);
    }
}

/* Every byte (but NUL) at every place of strings of every length up to three
 * words, and two in a row, as a value and as a key: the printer tests a
 * string shorter than a word byte by byte and a longer one a word at a time
 * (the last word overlapping the one before), then copies it whole when
 * nothing is to be escaped, and must find a byte to escape wherever it
 * falls. */
static void test_escapes_at_every_position(void **state)
{
    (void)state;
    char text[25];
    for (size_t len = 1; len < sizeof text; len++)
        for (int c = 1; c < 256; c++)
            for (size_t at = 0; at < len; at++) {
                memset(text, 'a', len);
                text[len] = '\0';
                text[at] = (char)c;
                if (at + 1 < len)
                    text[at + 1] = (char)(c == 255 ? 1 : c + 1);
                cJSON *s = cJSON_CreateString(text);
                cJSON *o = cJSON_CreateObject();
                cJSON_AddNumberToObject(o, text, 1);
                char what[64];
                snprintf(what, sizeof what, "byte 0x%02x at %zu of %zu", (unsigned)c, at, len);
                expect_same(s, what);
                expect_same(o, what);
                cJSON_Delete(o);
                cJSON_Delete(s);
            }
}

static void test_shapes(void **state)
{
    (void)state;
    expect_same_text("{}");
    expect_same_text("[]");
    expect_same_text("null");
    expect_same_text("[true, false, null]");
    expect_same_text("{\"a\": {}, \"b\": [], \"c\": [{}], \"d\": [[]], \"e\": {\"f\": {\"g\": {}}}}");
    expect_same_text("[{\"a\": 1, \"b\": [1, 2, {\"c\": [3]}]}, [], {}]");
    expect_same_text("{\"results\": [{\"rule\": \"age.min\", \"status\": \"fail\","
                     " \"facts\": {\"months\": 215, \"ratio\": 0.666}, \"missing\": []}],"
                     " \"next_step\": null}");
    /* Deeper than the row of tabs a key is written with at once, keys at
     * every depth. */
    cJSON *deep = cJSON_CreateObject(), *at = deep;
    for (int i = 0; i < 24; i++) {
        cJSON_AddNumberToObject(at, "n", i);
        cJSON *inner = cJSON_CreateObject();
        cJSON_AddItemToObject(at, i % 2 ? "inner" : "a \"quoted\" key", inner);
        at = inner;
    }
    expect_same(deep, "24 objects deep");
    cJSON_Delete(deep);
    cJSON *raw = cJSON_CreateRaw("{\"pre\":1}");
    expect_same(raw, "raw");
    cJSON_Delete(raw);
}

/* Every .json file of `dir` (relative to the source tree). */
static size_t compare_dir(const char *dir)
{
    char **names = NULL, path[512];
    size_t count = 0;
    assert_int_equal(dir_names(dir, ".json", &names, &count), 0);
    for (size_t i = 0; i < count; i++) {
        char *text = support_read_file(support_path(path, sizeof path, dir, names[i]), 1u << 22);
        cJSON *item = cJSON_Parse(text);
        if (item == NULL)
            fail_msg("%s is not JSON", path);
        expect_same(item, path);
        cJSON_Delete(item);
        free(text);
    }
    dir_names_free(names, count);
    return count;
}

static void test_project_files(void **state)
{
    (void)state;
    static const char *const dirs[] = {"examples", "examples/expected", "rules",
                                       "rules/messages", "schemas", "tests/rules"};
    size_t files = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        files += compare_dir(dirs[i]);
    assert_true(files >= 80);   /* the folders were found: this compared something */
}

/* Misused, the writer gives no text rather than wrong text. */
static void test_writer_misuse(void **state)
{
    (void)state;
    struct json_writer w;
    json_writer_init(&w, 1);
    json_writer_open(&w, NULL, 0);
    json_writer_string(&w, "a", "b");
    assert_null(json_writer_finish(&w));   /* left open */

    json_writer_init(&w, 0);
    json_writer_open(&w, NULL, 1);
    json_writer_close(&w);
    json_writer_close(&w);                 /* one close too many */
    assert_null(json_writer_finish(&w));

    json_writer_init(&w, 0);
    for (int i = 0; i <= JSON_WRITER_DEPTH_MAX; i++)
        json_writer_open(&w, "k", 0);      /* one level too deep */
    for (int i = 0; i <= JSON_WRITER_DEPTH_MAX; i++)
        json_writer_close(&w);
    assert_null(json_writer_finish(&w));

    json_writer_init(&w, 0);
    for (int i = 0; i < JSON_WRITER_DEPTH_MAX; i++)
        json_writer_open(&w, "k", i % 2);  /* as deep as it goes */
    for (int i = 0; i < JSON_WRITER_DEPTH_MAX; i++)
        json_writer_close(&w);
    char *text = json_writer_finish(&w);
    assert_non_null(text);
    assert_string_equal(text, "{\"k\":[{\"k\":[{\"k\":[{\"k\":[{\"k\":[{\"k\":[{\"k\":[{\"k\":[]}]}]}]}]}]}]}]}");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_escapes_at_every_position),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_project_files),
        cmocka_unit_test(test_writer_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
