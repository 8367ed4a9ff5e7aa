/*
 * test_jsontext.c - strict parsing of untrusted JSON text (engine/jsontext.c).
 *
 * Every refusal is checked for its status, the place it names (err.path:
 * "line L, column C" for the text, a JSON path for the tree) and its message,
 * in English and in Vietnamese.
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

#include "i18n.h"
#include "jsontext.h"
#include "status.h"
#include "support.h"

static const struct jsontext_limits limits = {8, 100};

/* The case being checked, named in failure reports. */
static const char *current_case = "";

/* ------------------------------------------------------------------------ helpers */

/* Parse `len` bytes that must be accepted; caller frees with cJSON_Delete. */
static cJSON *parse_ok_len(const char *text, size_t len, const struct jsontext_limits *lim)
{
    cJSON *root = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    enum admit_status status = jsontext_parse(text, len, "test.json", lim, &root, &err);
    if (status != ADMIT_OK) {
        support_print_error("refused a valid document", &err);
        fail();
    }
    assert_non_null(root);
    return root;
}

static cJSON *parse_ok(const char *text)
{
    return parse_ok_len(text, strlen(text), &limits);
}

/*
 * Parse `len` bytes that must be refused with ADMIT_EINPUT, naming the source
 * "test.json" and the place `where`; the message must contain `message`.
 */
static void expect_refused_len(const char *text, size_t len, const struct jsontext_limits *lim,
                               const char *where, const char *message)
{
    cJSON *root = (cJSON *)&root;   /* must be reset to NULL */
    struct admit_error err;
    admit_error_clear(&err);
    enum admit_status status = jsontext_parse(text, len, "test.json", lim, &root, &err);
    if (status != ADMIT_EINPUT) {
        print_error("%s: expected refusal at \"%s\" (%s), got status %d\n", current_case, where,
                    message, status);
        support_print_error("error", &err);
        cJSON_Delete(status == ADMIT_OK ? root : NULL);
        fail();
    }
    assert_null(root);
    assert_int_equal(err.status, ADMIT_EINPUT);
    assert_string_equal(err.file, "test.json");
    if (strcmp(err.path, where) != 0 || strstr(err.message, message) == NULL) {
        print_error("%s: expected \"%s\" at \"%s\"\n", current_case, message, where);
        support_print_error("got", &err);
        fail();
    }
}

static void expect_refused(const char *text, const char *where, const char *message)
{
    expect_refused_len(text, strlen(text), &limits, where, message);
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

/* ------------------------------------------------------------------------ valid documents */

static void test_valid_documents(void **state)
{
    (void)state;
    cJSON *root = parse_ok("{\n  \"name\": \"Nguyễn Thị Ánh\",\n  \"n\": -12.5e1,\n"
                           "  \"flags\": [true, false, null],\n  \"esc\": \"a\\\"b\\\\c\\n\\u00e9\","
                           "\n  \"emoji\": \"\xF0\x9F\x98\x80\", \"pair\": \"\\ud83d\\ude00\","
                           "\n  \"nested\": {\"a\": [[], {}]}, \"del\": \"\x7F\"\r\n}\r\n");
    assert_true(cJSON_IsObject(root));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "name")->valuestring,
                        "Nguyễn Thị Ánh");
    assert_true(cJSON_GetObjectItemCaseSensitive(root, "n")->valuedouble == -125.0);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "flags")), 3);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "esc")->valuestring,
                        "a\"b\\c\n\xC3\xA9");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "emoji")->valuestring,
                        "\xF0\x9F\x98\x80");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "pair")->valuestring,
                        "\xF0\x9F\x98\x80");
    cJSON_Delete(root);

    /* Scalars at the root. */
    static const char *const scalars[] = {"0", "\"x\"", "true", "null", " [ ] ", "1.7976931348623157e308"};
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
        cJSON_Delete(parse_ok(scalars[i]));
}

/* Exactly `len` bytes are parsed: the text need not be terminated. */
static void test_length_not_terminator(void **state)
{
    (void)state;
    static const char buf[] = "[1, 2]{garbage";
    cJSON *root = parse_ok_len(buf, 6, &limits);
    assert_int_equal(cJSON_GetArraySize(root), 2);
    cJSON_Delete(root);
    expect_refused_len(buf, 7, &limits, "line 1, column 7", "unexpected text after the JSON value");
}

/* ------------------------------------------------------------------------ encoding */

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* Line 3 starts with `  "b": "Trần`: 12 characters (15 bytes) before the bad byte. */
    static const char head[] = "{\n  \"a\": \"Nguyễn\",\n  \"b\": \"Trần";
    static const struct {
        const char *bytes;
        const char *name;
    } bad[] = {
        {"\xC0\xAF", "overlong 0xC0 0xAF"},
        {"\xC1\xBF", "overlong 0xC1 0xBF"},
        {"\xE0\x80\xAF", "overlong three-byte /"},
        {"\xED\xA0\x80", "surrogate U+D800"},
        {"\xED\xBF\xBF", "surrogate U+DFFF"},
        {"\xE1\xBB", "truncated three-byte sequence"},
        {"\xC3", "lone lead byte"},
        {"\x80", "lone continuation byte"},
        {"\xFF", "0xFF"},
        {"\xFE", "0xFE"},
        {"\xF4\x90\x80\x80", "above U+10FFFF"},
        {"\xF5\x80\x80\x80", "lead byte 0xF5"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "%s%s\"\n}\n", head, bad[i].bytes);
        current_case = bad[i].name;
        expect_refused(text, "line 3, column 13", "invalid UTF-8");
    }
    current_case = "";
    /* A sequence cut by the end of the input. */
    expect_refused("\"ab\xE1\xBB", "line 1, column 4", "invalid UTF-8");
    expect_refused("[\"\xE1\xBB\xA3\", \"x\", \xFF]", "line 1, column 12", "invalid UTF-8");
    /* The largest code point and the last before the surrogates are fine. */
    cJSON_Delete(parse_ok("[\"\xF4\x8F\xBF\xBF\", \"\xED\x9F\xBF\", \"\xEE\x80\x80\"]"));
}

static void test_control_characters(void **state)
{
    (void)state;
    expect_refused("{\"a\": \"x\ty\"}", "line 1, column 9", "control character in a string");
    expect_refused("[\n\"Lê\nVăn\"]", "line 2, column 4", "control character in a string");
    expect_refused("[\"\x01\"]", "line 1, column 3", "control character in a string");
    expect_refused("[\"\x1F\"]", "line 1, column 3", "control character in a string");
    /* Outside strings, a tab or CR is white space; NUL is refused anywhere. */
    cJSON_Delete(parse_ok("[\t1,\r\n2]"));
    expect_refused_len("[1]\0", 4, &limits, "line 1, column 4", "NUL byte");
    expect_refused_len("[\"a\0\"]", 6, &limits, "line 1, column 4", "control character in a string");
    /* Escaped forms are fine. */
    cJSON *root = parse_ok("[\"x\\ty\\u0001\"]");
    assert_string_equal(cJSON_GetArrayItem(root, 0)->valuestring, "x\ty\x01");
    cJSON_Delete(root);
}

/* ------------------------------------------------------------------------ structure */

static void test_depth_limit(void **state)
{
    (void)state;
    static const struct jsontext_limits four = {4, 100};
    static const char ok[] = "[{\"a\": [[1]]}]";
    cJSON_Delete(parse_ok_len(ok, strlen(ok), &four));
    static const char deep[] = "[{\"a\": [[\n  [1]]]}]";
    expect_refused_len(deep, strlen(deep), &four, "line 2, column 3",
                       "nested too deeply: at most 4 levels");
    /* Brackets inside strings do not count. */
    static const char quoted[] = "[\"[[[[[[{{{{\", \"\\\"[[[[[\"]";
    cJSON_Delete(parse_ok_len(quoted, strlen(quoted), &four));
    /* Depth is nesting, not the number of containers: many siblings are fine. */
    static const char wide[] = "[[1],[2],[3],[4],[5],[6],[7],[8],[9]]";
    cJSON_Delete(parse_ok_len(wide, strlen(wide), &four));
}

static void test_duplicate_keys_small(void **state)
{
    (void)state;
    expect_refused("{\"a\": 1, \"b\": 2, \"a\": 3}", "a", "key \"a\" appears twice");
    expect_refused("{\"candidate\": {\"full_name\": \"A\", \"birth_date\": \"2005-06-14\",\n"
                   " \"birth_date\": \"1990-01-01\"}}",
                   "candidate.birth_date", "key \"birth_date\" appears twice");
    expect_refused("{\"introducers\": [{\"id\": 1}, {\"id\": 2, \"id\": 3}]}",
                   "introducers[1].id", "key \"id\" appears twice");
    expect_refused("[{}, {\"k\": {\"x\": 1, \"x\": 1}}]", "[1].k.x", "key \"x\" appears twice");
    /* Keys differing in case or by a diacritic are distinct. */
    cJSON_Delete(parse_ok("{\"a\": 1, \"A\": 2, \"á\": 3, \"a \": 4}"));
}

/* Objects with more than 16 keys take the sorted path. */
static void test_duplicate_keys_large(void **state)
{
    (void)state;
    char text[1024];
    size_t used = 0;
    used += (size_t)snprintf(text + used, sizeof text - used, "{\"outer\": {\"big\": {");
    for (int i = 0; i < 40; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s\"k%02d\": %d",
                                 i ? ", " : "", i, i);
    char no_dup[1100];
    snprintf(no_dup, sizeof no_dup, "%s}}}", text);
    cJSON *root = parse_ok(no_dup);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
                         cJSON_GetObjectItemCaseSensitive(root, "outer"), "big")), 40);
    cJSON_Delete(root);

    char dup[1100];
    snprintf(dup, sizeof dup, "%s, \"k27\": 0}}}", text);
    expect_refused(dup, "outer.big.k27", "key \"k27\" appears twice");
    /* A duplicate at the very start and the very end of the key order. */
    snprintf(dup, sizeof dup, "%s, \"k00\": 0}}}", text);
    expect_refused(dup, "outer.big.k00", "key \"k00\" appears twice");
    snprintf(dup, sizeof dup, "%s, \"k39\": 0}}}", text);
    expect_refused(dup, "outer.big.k39", "key \"k39\" appears twice");
}

static void test_array_limit(void **state)
{
    (void)state;
    static const struct jsontext_limits three = {8, 3};
    static const char ok[] = "{\"x\": {\"list\": [1, 2, 3]}}";
    cJSON_Delete(parse_ok_len(ok, strlen(ok), &three));
    static const char long_list[] = "{\"x\": {\"list\": [1, 2, 3, 4]}}";
    expect_refused_len(long_list, strlen(long_list), &three, "x.list",
                       "array has 4 items, at most 3");
    static const char in_array[] = "[[], [1, 2], [[1, 2, 3, 4, 5]]]";
    expect_refused_len(in_array, strlen(in_array), &three, "[2][0]",
                       "array has 5 items, at most 3");
    static const char root_list[] = "[0, 0, 0, 0]";
    expect_refused_len(root_list, strlen(root_list), &three, "", "array has 4 items, at most 3");
    /* Objects are not bound by max_items. */
    static const char object[] = "{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}";
    cJSON_Delete(parse_ok_len(object, strlen(object), &three));
}

static void test_trailing_garbage(void **state)
{
    (void)state;
    expect_refused("{} x", "line 1, column 4", "unexpected text after the JSON value");
    expect_refused("{\"a\": \"Đảng\"}\n\n  ]", "line 3, column 3",
                   "unexpected text after the JSON value");
    expect_refused("[1] [2]", "line 1, column 5", "unexpected text after the JSON value");
    /* Trailing white space is fine. */
    cJSON_Delete(parse_ok("{}\n \t\r\n"));
}

static void test_empty_and_truncated(void **state)
{
    (void)state;
    expect_refused_len("", 0, &limits, "line 1, column 1", "truncated or empty JSON");
    expect_refused(" \n ", "line 2, column 2", "truncated or empty JSON");
    expect_refused("{\n  \"a\": [1,\n", "line 3, column 1", "truncated or empty JSON");
    /* An unterminated string is shown where it starts. */
    expect_refused("{\"name\": \"Trần", "line 1, column 11", "invalid JSON here");
    expect_refused("{\"a\": 1", "line 1, column 8", "truncated or empty JSON");
    /* An error inside the text is shown where it is, not at the end. */
    expect_refused("[1, 2,]", "line 1, column 7", "invalid JSON here");
    expect_refused("{\"a\": tru}", "line 1, column 7", "invalid JSON here");
    expect_refused("{\"a\": 1]", "line 1, column 8", "invalid JSON here");
    expect_refused("[\n  'x'\n]", "line 2, column 3", "invalid JSON here");
}

/*
 * The byte pass skips ordinary bytes in a tight loop and stops only at the
 * bytes that matter; each kind of stop, after a long run of skipped bytes,
 * inside and outside strings, must still be found at its own column.
 */
static void test_byte_pass_stops(void **state)
{
    (void)state;
    current_case = "stops after long runs";
    expect_refused("{\"note\": \"abcdefghijklmnop\tq\"}", "line 1, column 27", "control character");
    expect_refused("{\"abcdefghij\": 1, \"k\": [1, 2, 3]}\n\x01", "line 2, column 1",
                   "unexpected text after the JSON value");
    expect_refused("{\"note\": \"Trần Văn Ánh \\u0000 x\"}", "line 1, column 24", "\\u0000");
    expect_refused_len("{\"a\": 12345678, \"b\": \0}", 22, &limits, "line 1, column 22",
                       "NUL byte");
    expect_refused("{\"a\": \"xyz\xc3\"}", "line 1, column 11", "invalid UTF-8");
    expect_refused("[[[[[[[[[1]]]]]]]]]", "line 1, column 9", "nested too deeply");
    /* an escaped quote does not end the string, an escaped backslash does not escape */
    cJSON_Delete(parse_ok("{\"a\": \"say \\\"hi\\\" \\\\\", \"b\": \"]{\"}"));
    /* a multi-byte character where a value should start is shown where it is */
    expect_refused(" \xc3\xa9 ", "line 1, column 2", "invalid JSON here");
    expect_refused(" \xc3\xa9 1", "line 1, column 2", "invalid JSON here");
}

/*
 * The byte pass tests sixteen bytes at once where it can (SSE2): every kind
 * of stop, at every offset of a run from 0 to 40 bytes (inside a block of
 * sixteen, at its edges, in the bytes left after the last whole block), is
 * found at its own column, and what is not a stop is passed over.
 */
static void test_byte_pass_every_offset(void **state)
{
    (void)state;
    char text[1024], where[64];   /* nine brackets after 40 spaces each: 379 bytes */
    struct { const char *bytes, *message; } in_string[] = {
        {"\t", "control character"}, {"\x01", "control character"},
        {"\x1f", "control character"}, {"\xc3(", "invalid UTF-8"}, {"\xff", "invalid UTF-8"},
        {"\\u0000", "\\u0000"},
    };
    current_case = "stops at every offset";
    for (int k = 0; k <= 40; k++) {
        char run[64];
        memset(run, 'a', (size_t)k);
        run[k] = '\0';
        for (size_t c = 0; c < sizeof in_string / sizeof in_string[0]; c++) {
            snprintf(text, sizeof text, "{\"note\": \"%s%s tail of the note\"}", run,
                     in_string[c].bytes);
            snprintf(where, sizeof where, "line 1, column %d", 11 + k);
            expect_refused(text, where, in_string[c].message);
        }
        /* outside strings: a NUL, and the ninth bracket, after k spaces */
        snprintf(text, sizeof text, "[1,%s", run);
        memset(text + 3, ' ', (size_t)k);
        size_t len = strlen(text);
        expect_refused_len(text, len + 1, &limits,
                           (snprintf(where, sizeof where, "line 1, column %d", 4 + k), where),
                           "NUL byte");
        snprintf(text, sizeof text, "%s", "");
        for (int depth = 0; depth < 9; depth++) {
            strcat(text, "[");
            memset(text + strlen(text), ' ', (size_t)k);
            text[(depth + 1) * (k + 1)] = '\0';
        }
        strcat(text, "1]]]]]]]]]");
        snprintf(where, sizeof where, "line 1, column %d", 8 * (k + 1) + 1);
        expect_refused(text, where, "nested too deeply");
        /* passed over: an escaped quote, multi-byte text, brackets in a string */
        snprintf(text, sizeof text, "{\"note\": \"%s\\\"[]{}\u00e9\\\\%s\", \"n\": [%s1]}", run, run,
                 run);
        memset(strrchr(text, '[') + 1, ' ', (size_t)k);
        cJSON *root = parse_ok(text);
        char expected[256];
        snprintf(expected, sizeof expected, "%s\"[]{}\u00e9\\%s", run, run);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "note")->valuestring, expected);
        assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "n"), 0)->valueint,
                         1);
        cJSON_Delete(root);
    }
}

static void test_number_out_of_range(void **state)
{
    (void)state;
    expect_refused("1e999", "", "number out of range");
    expect_refused("{\"a\": {\"b\": [1, -1e999]}}", "a.b[1]", "number out of range");
    expect_refused("{\"votes\": {\"present\": 1e400}}", "votes.present", "number out of range");
    /* Large but finite, and tiny (underflow to zero) numbers are fine. */
    cJSON *root = parse_ok("[1e308, 1e-400]");
    assert_true(cJSON_GetArrayItem(root, 0)->valuedouble == 1e308);
    cJSON_Delete(root);
}

static void test_vietnamese_messages(void **state)
{
    (void)state;
    i18n_set_lang(ADMIT_LANG_VI);
    expect_refused("{\n  \"a\": \"\xC0\xAF\"}", "dòng 2, cột 9", "dữ liệu không phải UTF-8 hợp lệ");
    expect_refused("{} x", "dòng 1, cột 4", "có dữ liệu thừa sau giá trị JSON");
    expect_refused("", "dòng 1, cột 1", "JSON bị cắt cụt hoặc rỗng");
    expect_refused("[1, 2,]", "dòng 1, cột 7", "JSON không hợp lệ ở đây");
    expect_refused("{\"a\": 1, \"a\": 2}", "a", "khóa \"a\" xuất hiện hai lần");
    expect_refused("[1e999]", "[0]", "số vượt quá giới hạn");
    expect_refused("[\"\t\"]", "dòng 1, cột 3", "ký tự điều khiển trong chuỗi");
    static const struct jsontext_limits one = {1, 2};
    expect_refused_len("[[1]]", 5, &one, "dòng 1, cột 2", "lồng nhau quá sâu: tối đa 1 cấp");
    expect_refused_len("[1, 2, 3]", 9, &one, "", "mảng có 3 phần tử, tối đa 2");
}

/* ------------------------------------------------------------------------ paths */

static void test_path_push(void **state)
{
    (void)state;
    char buf[16] = "";
    size_t used = jsontext_path_push(buf, sizeof buf, 0, "candidate", 0);
    assert_int_equal(used, 9);
    assert_string_equal(buf, "candidate");
    used = jsontext_path_push(buf, sizeof buf, used, "kids", 0);
    assert_string_equal(buf, "candidate.kids");
    assert_int_equal(used, 14);
    /* "[3]" needs 3 more bytes and the terminator: 18 > 16. */
    assert_int_equal(jsontext_path_push(buf, sizeof buf, used, NULL, 3), sizeof buf);

    used = jsontext_path_push(buf, sizeof buf, 0, NULL, 12);
    assert_string_equal(buf, "[12]");
    assert_int_equal(used, 4);
    used = jsontext_path_push(buf, sizeof buf, used, "id", 0);
    assert_string_equal(buf, "[12].id");
    used = jsontext_path_push(buf, sizeof buf, used, NULL, 0);
    assert_string_equal(buf, "[12].id[0]");
    assert_int_equal(used, 10);
    /* Exactly filling the buffer (15 characters + terminator) fits. */
    used = jsontext_path_push(buf, sizeof buf, used, "abcd", 0);
    assert_int_equal(used, 15);
    assert_string_equal(buf, "[12].id[0].abcd");
    /* A full buffer takes nothing more. */
    assert_int_equal(jsontext_path_push(buf, sizeof buf, sizeof buf, "x", 0), sizeof buf);
    assert_int_equal(jsontext_path_push(buf, sizeof buf, sizeof buf + 3, NULL, 1), sizeof buf);
}

/* ------------------------------------------------------------------------ files */

static char tmpdir[64];

static int file_setup(void **state)
{
    setup(state);
    return support_temp_dir(tmpdir, sizeof tmpdir, "test");
}

static int file_teardown(void **state)
{
    support_remove_tree(tmpdir);
    return teardown(state);
}

static void test_read_file(void **state)
{
    (void)state;
    char path[128];
    cJSON *root = NULL;
    struct admit_error err;
    admit_error_clear(&err);

    snprintf(path, sizeof path, "%s/good.json", tmpdir);
    support_write_text(path, "{\"vi\": \"Chi bộ\", \"en\": \"Branch\"}\n");
    if (jsontext_read_file(path, &root, &err) != ADMIT_OK) {
        support_print_error("good.json", &err);
        fail();
    }
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "vi")->valuestring, "Chi bộ");
    cJSON_Delete(root);

    snprintf(path, sizeof path, "%s/dup.json", tmpdir);
    support_write_text(path, "{\n \"x\": 1,\n \"x\": 2\n}\n");
    root = (cJSON *)&root;
    assert_int_equal(jsontext_read_file(path, &root, &err), ADMIT_EINPUT);
    assert_null(root);
    assert_string_equal(err.file, path);
    assert_string_equal(err.path, "x");
    assert_non_null(strstr(err.message, "appears twice"));
}

static void test_read_file_missing(void **state)
{
    (void)state;
    char path[128];
    cJSON *root = (cJSON *)&root;
    struct admit_error err;
    admit_error_clear(&err);
    snprintf(path, sizeof path, "%s/absent.json", tmpdir);
    enum admit_status status = jsontext_read_file(path, &root, &err);
    if (status != ADMIT_EIO) {
        support_print_error("absent.json", &err);
        fail();
    }
    assert_null(root);
    assert_int_equal(err.status, ADMIT_EIO);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "cannot read the file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_length_not_terminator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_control_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_keys_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_keys_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_byte_pass_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_byte_pass_every_offset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_out_of_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vietnamese_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_push, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_file, file_setup, file_teardown),
        cmocka_unit_test_setup_teardown(test_read_file_missing, file_setup, file_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
