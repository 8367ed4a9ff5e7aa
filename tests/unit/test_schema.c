/*
 * test_schema.c - the JSON Schema validator (engine/schema.c).
 *
 * (a) The official JSON-Schema-Test-Suite (draft7) for every keyword the
 *     validator implements: a group whose schema uses anything else must be
 *     refused at load (and is counted as skipped), every other case must agree
 *     with the suite.  (b) Error paths and messages, date marking, load errors,
 *     and the project's schemas against the example dossiers.
 *
 * Run from the repository root (paths schemas/, examples/).
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <regex.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "i18n.h"
#include "schema.h"
#include "status.h"
#include "support.h"

#define SUITE_DIR "/usr/share/json-schema-test-suite/tests/draft7/"
#define DOSSIER_SCHEMA "schemas/dossier.schema.json"
#define RESULT_SCHEMA "schemas/result.schema.json"

static const char *const examples[] = {"examples/admission-2023.json", "examples/recognition-2024.json"};

/* ------------------------------------------------------------------------ helpers */

/* The most a test reads of one file (support_read_file). */
#define READ_LIMIT (1u << 20)

static cJSON *read_json(const char *path)
{
    char *text = support_read_file(path, READ_LIMIT);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (doc == NULL)
        print_error("%s is not valid JSON\n", path);
    assert_non_null(doc);
    return doc;
}

static void print_err(const struct admit_error *err)
{
    char line[2048];
    print_message("error: %s\n", admit_error_format(err, line, sizeof line));
}

/* Compile schema text; fails the test when it does not load. */
static struct schema *compile_text(const char *text)
{
    struct admit_error err;
    struct schema *s = NULL;
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    enum admit_status st = schema_compile(doc, "test", &s, &err);
    cJSON_Delete(doc);
    if (st != ADMIT_OK)
        print_err(&err);
    assert_int_equal(st, ADMIT_OK);
    return s;
}

/* Load error expected: returns the status, err filled. */
static enum admit_status compile_fails(const char *text, struct admit_error *err)
{
    struct schema *s = NULL;
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    admit_error_clear(err);
    enum admit_status st = schema_compile(doc, "test", &s, err);
    cJSON_Delete(doc);
    if (st == ADMIT_OK)
        print_error("schema loaded but should not: %s\n", text);
    assert_null(s);
    return st;
}

/* Validate instance text against s; returns the status, err filled. */
static enum admit_status check_text(const struct schema *s, const char *text, struct admit_error *err)
{
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    admit_error_clear(err);
    enum admit_status st = schema_validate(s, doc, err);
    cJSON_Delete(doc);
    return st;
}

static void expect_error(const struct schema *s, cJSON *doc, const char *path, const char *message)
{
    struct admit_error err;
    admit_error_clear(&err);
    enum admit_status st = schema_validate(s, doc, &err);
    if (st != ADMIT_EINPUT || strcmp(err.path, path) != 0 || strcmp(err.message, message) != 0) {
        print_error("expected %s: %s\n", path, message);
        print_err(&err);
    }
    assert_int_equal(st, ADMIT_EINPUT);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, message);
}

/*
 * A schema compiled borrowing its document validates as one compiled from a
 * copy, $refs and patterns included, and schema_free leaves the document to
 * its owner (valgrind and ASan see a double free or a leak otherwise).
 */
static void test_borrowed_document(void **state)
{
    (void)state;
    cJSON *doc = cJSON_Parse("{\"type\": \"object\", \"required\": [\"id\"],"
                             " \"properties\": {\"id\": {\"$ref\": \"#/definitions/code\"}},"
                             " \"definitions\": {\"code\": {\"type\": \"string\","
                             " \"pattern\": \"^[A-Z]+$\"}}}");
    assert_non_null(doc);
    struct schema *borrowed = NULL, *copied = NULL;
    struct admit_error err;
    assert_int_equal(schema_compile_borrowing(doc, "test", &borrowed, &err), ADMIT_OK);
    assert_int_equal(schema_compile(doc, "test", &copied, &err), ADMIT_OK);
    static const char *const instances[] = {"{\"id\": \"ABC\"}", "{\"id\": \"abc\"}",
                                            "{}", "{\"id\": 3}"};
    for (size_t i = 0; i < sizeof instances / sizeof instances[0]; i++) {
        struct admit_error e1, e2;
        enum admit_status s1 = check_text(borrowed, instances[i], &e1);
        enum admit_status s2 = check_text(copied, instances[i], &e2);
        assert_int_equal(s1, s2);
        if (s1 != ADMIT_OK) {
            assert_string_equal(e1.path, e2.path);
            assert_string_equal(e1.message, e2.message);
        }
    }
    assert_int_equal(check_text(borrowed, instances[0], &err), ADMIT_OK);
    assert_int_equal(check_text(borrowed, instances[1], &err), ADMIT_EINPUT);
    schema_free(borrowed);
    schema_free(copied);
    cJSON_Delete(doc);
}

/* ---------------------------------------------------------------- the test suite */

/*
 * Does this schema use something the validator refuses?  Mirrors schema.h:
 * unknown keywords, non-local $refs, $id below the root, keywords beside a
 * $ref, "items" as an array.  (The suite's patterns are all portable.)
 */
static int unsupported(const cJSON *schema, int root, const char **why)
{
    static const char *const plain[] = {
        "type", "required", "enum", "const", "minItems", "maxItems", "minLength", "maxLength",
        "minimum", "maximum", "pattern", "format", "$schema", "title", "description", "default",
        "$comment", "examples", NULL};
    static const char *const maps[] = {"properties", "patternProperties", "definitions", NULL};
    static const char *const lists[] = {"anyOf", "oneOf", NULL};
    if (cJSON_IsBool(schema))
        return 0;
    if (!cJSON_IsObject(schema)) {
        *why = "a schema that is not an object";
        return 1;
    }
    static const char *const beside_ref[] = {
        "$ref", "definitions", "$schema", "$id", "title", "description", "default", "$comment",
        "examples", NULL};
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(schema, "$ref");
    for (const cJSON *kw = schema->child; kw != NULL; kw = kw->next) {
        const char *k = kw->string;
        int known = 0, is_map = 0, is_list = 0, allowed = 0;
        for (int i = 0; beside_ref[i] != NULL; i++)
            allowed |= strcmp(beside_ref[i], k) == 0;
        if (ref != NULL && !allowed) {
            *why = "a keyword beside $ref";
            return 1;
        }
        for (int i = 0; plain[i] != NULL; i++)
            known |= strcmp(plain[i], k) == 0;
        for (int i = 0; maps[i] != NULL; i++)
            is_map |= strcmp(maps[i], k) == 0;
        for (int i = 0; lists[i] != NULL; i++)
            is_list |= strcmp(lists[i], k) == 0;
        if (known)
            continue;
        if (strcmp(k, "$ref") == 0) {
            if (!cJSON_IsString(kw) || kw->valuestring[0] != '#') {
                *why = "a remote $ref";
                return 1;
            }
        } else if (strcmp(k, "$id") == 0) {
            if (!root) {
                *why = "$id below the root";
                return 1;
            }
        } else if (is_map || is_list) {
            for (const cJSON *sub = kw->child; sub != NULL; sub = sub->next) {
                if (unsupported(sub, 0, why))
                    return 1;
            }
        } else if (strcmp(k, "additionalProperties") == 0 || strcmp(k, "items") == 0) {
            if (cJSON_IsArray(kw)) {
                *why = "items as an array";
                return 1;
            }
            if (unsupported(kw, 0, why))
                return 1;
        } else {
            *why = k;
            return 1;
        }
    }
    return 0;
}

struct suite_counts {
    int run, skipped_groups, skipped_cases, failed;
};

static void run_suite_file(const char *file, struct suite_counts *counts)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s.json", SUITE_DIR, file);
    if (access(path, R_OK) != 0) {
        print_error("%s is missing: install json-schema-test-suite (make deps)\n", path);
        fail();
    }
    cJSON *groups = read_json(path);
    for (const cJSON *g = groups->child; g != NULL; g = g->next) {
        const cJSON *desc = cJSON_GetObjectItemCaseSensitive(g, "description");
        const cJSON *schema_json = cJSON_GetObjectItemCaseSensitive(g, "schema");
        const cJSON *tests = cJSON_GetObjectItemCaseSensitive(g, "tests");
        const char *why = NULL;
        struct admit_error err;
        struct schema *s = NULL;
        int skip = unsupported(schema_json, 1, &why);
        enum admit_status st = schema_compile(schema_json, file, &s, &err);
        if (skip) {
            /* the validator must refuse what it does not implement */
            if (st == ADMIT_OK)
                print_error("%s: \"%s\" uses %s but loaded\n", file, desc->valuestring, why);
            assert_int_equal(st, ADMIT_ERULES);
            print_message("skip %s: %s (%s)\n", file, desc->valuestring, err.message);
            counts->skipped_groups++;
            counts->skipped_cases += cJSON_GetArraySize(tests);
            continue;
        }
        if (st != ADMIT_OK) {
            print_error("%s: \"%s\" does not load\n", file, desc->valuestring);
            print_err(&err);
        }
        assert_int_equal(st, ADMIT_OK);
        for (const cJSON *t = tests->child; t != NULL; t = t->next) {
            const cJSON *tdesc = cJSON_GetObjectItemCaseSensitive(t, "description");
            int expected = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "valid"));
            /* a copy: validation marks date nodes */
            cJSON *data = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(t, "data"), 1);
            assert_non_null(data);
            st = schema_validate(s, data, &err);
            cJSON_Delete(data);
            counts->run++;
            if ((st == ADMIT_OK) != expected) {
                counts->failed++;
                print_error("%s: %s: %s: expected %s, got %s%s%s\n", file, desc->valuestring,
                            tdesc->valuestring, expected ? "valid" : "invalid",
                            st == ADMIT_OK ? "valid" : "invalid: ", st == ADMIT_OK ? "" : err.path,
                            st == ADMIT_OK ? "" : err.message);
            }
        }
        schema_free(s);
    }
    cJSON_Delete(groups);
}

static void test_official_suite(void **state)
{
    (void)state;
    static const char *const files[] = {
        "type", "properties", "required", "additionalProperties", "patternProperties", "enum",
        "const", "items", "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum",
        "pattern", "ref", "definitions", "anyOf", "oneOf", "optional/format/date", NULL};
    struct suite_counts counts = {0, 0, 0, 0};
    i18n_set_lang(ADMIT_LANG_EN);
    for (int i = 0; files[i] != NULL; i++)
        run_suite_file(files[i], &counts);
    print_message("JSON-Schema-Test-Suite draft7: %d cases run, %d failed; %d groups (%d cases) skipped\n",
                  counts.run, counts.failed, counts.skipped_groups, counts.skipped_cases);
    assert_int_equal(counts.failed, 0);
    assert_true(counts.run > 200);
}

/* ---------------------------------------------------------------- fixtures */

struct fixture {
    struct schema *dossier;
    struct schema *result;
    cJSON *admission;     /* a fresh copy of examples/admission-2023.json */
};

static int group_setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    struct admit_error err;
    if (fx == NULL)
        return -1;
    if (schema_load(DOSSIER_SCHEMA, &fx->dossier, &err) != ADMIT_OK ||
        schema_load(RESULT_SCHEMA, &fx->result, &err) != ADMIT_OK) {
        print_err(&err);
        return -1;
    }
    *state = fx;
    return 0;
}

static int group_teardown(void **state)
{
    struct fixture *fx = *state;
    schema_free(fx->dossier);
    schema_free(fx->result);
    free(fx);
    return 0;
}

static int setup(void **state)
{
    struct fixture *fx = *state;
    i18n_set_lang(ADMIT_LANG_EN);
    char *text = support_read_file(examples[0], READ_LIMIT);
    fx->admission = cJSON_Parse(text);
    free(text);
    return fx->admission == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    cJSON_Delete(fx->admission);
    fx->admission = NULL;
    i18n_set_lang(ADMIT_LANG_VI);
    return 0;
}

/* Replace the member `key` of the object at `path` ("" root, "candidate", "introducers[0]"). */
static cJSON *at(cJSON *root, const char *path)
{
    cJSON *cur = root;
    char seg[128];
    const char *p = path;
    while (*p != '\0') {
        if (*p == '.')
            p++;
        if (*p == '[') {
            int i = (int)strtol(p + 1, NULL, 10);
            cur = cJSON_GetArrayItem(cur, i);
            p = strchr(p, ']') + 1;
        } else {
            size_t n = strcspn(p, ".[");
            assert_true(n < sizeof seg);
            memcpy(seg, p, n);
            seg[n] = '\0';
            cur = cJSON_GetObjectItemCaseSensitive(cur, seg);
            p += n;
        }
        assert_non_null(cur);
    }
    return cur;
}

static void set(cJSON *root, const char *path, const char *key, cJSON *value)
{
    cJSON *obj = at(root, path);
    assert_non_null(value);
    if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL)
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, value);
    else
        cJSON_AddItemToObject(obj, key, value);
}

/* ---------------------------------------------------------------- dossier schema */

static void test_every_example_validates(void **state)
{
    struct fixture *fx = *state;
    glob_t found;
    assert_int_equal(glob("examples/*.json", 0, NULL, &found), 0);
    assert_true(found.gl_pathc >= 2);
    for (size_t i = 0; i < found.gl_pathc; i++) {
        struct admit_error err;
        cJSON *doc = read_json(found.gl_pathv[i]);
        enum admit_status st = schema_validate(fx->dossier, doc, &err);
        if (st != ADMIT_OK) {
            print_error("%s does not validate\n", found.gl_pathv[i]);
            print_err(&err);
        }
        assert_int_equal(st, ADMIT_OK);
        cJSON_Delete(doc);
    }
    globfree(&found);
}

static void test_examples_validate_with_dates_marked(void **state)
{
    struct fixture *fx = *state;
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        struct admit_error err;
        cJSON *doc = read_json(examples[i]);
        enum admit_status st = schema_validate(fx->dossier, doc, &err);
        if (st != ADMIT_OK)
            print_err(&err);
        assert_int_equal(st, ADMIT_OK);
        const cJSON *birth = at(doc, "candidate.birth_date");
        assert_true(schema_is_date(birth));
        assert_int_equal(schema_date_day(birth), date_from_ymd(1996, 8, 14));
        assert_int_equal((int)birth->valuedouble, date_from_ymd(1996, 8, 14));
        /* still an ordinary string for cJSON */
        assert_true(cJSON_IsString(birth));
        assert_string_equal(cJSON_GetStringValue(birth), "1996-08-14");
        /* inside anyOf [null, vote] and in array items */
        assert_true(schema_is_date(at(doc, "branch_vote.date")));
        assert_int_equal(schema_date_day(at(doc, "branch_vote.date")), date_from_ymd(2023, 5, 10));
        assert_true(schema_is_date(at(doc, "introducers[0].signed_on")));
        assert_true(schema_is_date(at(doc, "mentors[0].reports[1].date")));
        assert_true(schema_is_date(at(doc, "decision.received_on")));
        /* not dates */
        assert_false(schema_is_date(at(doc, "candidate.full_name")));
        assert_false(schema_is_date(at(doc, "id")));
        assert_int_equal(schema_date_day(at(doc, "id")), 0);
        assert_false(schema_is_date(NULL));
        if (strstr(examples[i], "recognition") != NULL) {
            assert_true(schema_is_date(at(doc, "probation.branch_votes[0].date")));
            assert_true(schema_is_date(at(doc, "probation.decision.date")));
        }
        /* printing and freeing ignore the mark */
        char *printed = cJSON_PrintUnformatted(doc);
        assert_non_null(printed);
        assert_non_null(strstr(printed, "\"birth_date\":\"1996-08-14\""));
        free(printed);
        cJSON_Delete(doc);
    }
}

static void test_invalid_date(void **state)
{
    struct fixture *fx = *state;
    set(fx->admission, "introducers[0]", "signed_on", cJSON_CreateString("1996-02-30"));
    expect_error(fx->dossier, fx->admission, "introducers[0].signed_on",
                 "\"1996-02-30\" is not a valid date");
    i18n_set_lang(ADMIT_LANG_VI);
    expect_error(fx->dossier, fx->admission, "introducers[0].signed_on",
                 "\"1996-02-30\" không phải là ngày hợp lệ");
    i18n_set_lang(ADMIT_LANG_EN);
    set(fx->admission, "candidate", "birth_date", cJSON_CreateString("14/08/1996"));
    expect_error(fx->dossier, fx->admission, "candidate.birth_date",
                 "\"14/08/1996\" is not a valid date; write it as 1996-08-14");
    set(fx->admission, "candidate", "birth_date", cJSON_CreateString("19960814"));
    expect_error(fx->dossier, fx->admission, "candidate.birth_date",
                 "\"19960814\" is not a valid date; expected YYYY-MM-DD");
}

static void test_unknown_keys(void **state)
{
    struct fixture *fx = *state;
    cJSON *d = fx->admission;
    set(d, "candidate.education", "x_local", cJSON_CreateString("kept"));
    set(d, "", "x_batch", cJSON_CreateObject());
    set(d, "branch_vote", "x_note", cJSON_CreateNumber(1));
    set(d, "mentors[0].reports[0]", "x_", cJSON_CreateNull());
    struct admit_error err;
    enum admit_status st = schema_validate(fx->dossier, d, &err);
    if (st != ADMIT_OK)
        print_err(&err);
    assert_int_equal(st, ADMIT_OK);

    set(d, "candidate.education", "level", cJSON_CreateString("12/12"));
    expect_error(fx->dossier, d, "candidate.education.level",
                 "unknown key \"level\"; allowed: general, diploma, equivalent, keys starting with \"x_\"");
    i18n_set_lang(ADMIT_LANG_VI);
    expect_error(fx->dossier, d, "candidate.education.level",
                 "khóa không hợp lệ \"level\"; các khóa hợp lệ: general, diploma, equivalent, "
                 "các khóa bắt đầu bằng \"x_\"");
    i18n_set_lang(ADMIT_LANG_EN);
    cJSON_DeleteItemFromObjectCaseSensitive(at(d, "candidate.education"), "level");

    /* inside anyOf [null, vote]: the vote's message, not "no alternative matched" */
    set(d, "branch_vote", "quorum", cJSON_CreateTrue());
    expect_error(fx->dossier, d, "branch_vote.quorum",
                 "unknown key \"quorum\"; allowed: date, official_members, excluded, present, "
                 "in_favour, method, keys starting with \"x_\"");
    cJSON_DeleteItemFromObjectCaseSensitive(at(d, "branch_vote"), "quorum");

    set(d, "", "X_upper", cJSON_CreateTrue());
    st = schema_validate(fx->dossier, d, &err);
    assert_int_equal(st, ADMIT_EINPUT);
    assert_string_equal(err.path, "X_upper");
}

static void test_types_enums_required(void **state)
{
    struct fixture *fx = *state;
    cJSON *d = fx->admission;
    set(d, "", "procedure", cJSON_CreateString("foo"));
    expect_error(fx->dossier, d, "procedure", "\"foo\" is not one of: admission, recognition");
    i18n_set_lang(ADMIT_LANG_VI);
    expect_error(fx->dossier, d, "procedure",
                 "\"foo\" không thuộc các giá trị: admission, recognition");
    i18n_set_lang(ADMIT_LANG_EN);
    set(d, "", "procedure", cJSON_CreateNull());
    expect_error(fx->dossier, d, "procedure", "null is not one of: admission, recognition");
    set(d, "", "procedure", cJSON_CreateString("admission"));

    set(d, "", "id", cJSON_CreateNumber(5));
    expect_error(fx->dossier, d, "id", "expected a string, got a number");
    i18n_set_lang(ADMIT_LANG_VI);
    expect_error(fx->dossier, d, "id", "cần chuỗi, nhận được số");
    i18n_set_lang(ADMIT_LANG_EN);
    cJSON_DeleteItemFromObjectCaseSensitive(d, "id");
    expect_error(fx->dossier, d, "", "required key \"id\" is missing");
    i18n_set_lang(ADMIT_LANG_VI);
    expect_error(fx->dossier, d, "", "thiếu khóa bắt buộc \"id\"");
    i18n_set_lang(ADMIT_LANG_EN);
    set(d, "", "id", cJSON_CreateString("X"));

    cJSON_DeleteItemFromObjectCaseSensitive(at(d, "candidate"), "full_name");
    expect_error(fx->dossier, d, "candidate", "required key \"full_name\" is missing");
    set(d, "candidate", "full_name", cJSON_CreateNull());
    expect_error(fx->dossier, d, "candidate.full_name", "expected a string, got null");
    set(d, "candidate", "full_name", cJSON_CreateString("A"));

    set(d, "", "format", cJSON_CreateString("admit.dossier/2"));
    expect_error(fx->dossier, d, "format", "expected \"admit.dossier/1\", got \"admit.dossier/2\"");
    set(d, "", "format", cJSON_CreateString("admit.dossier/1"));

    set(d, "branch_vote", "present", cJSON_CreateNumber(-1));
    expect_error(fx->dossier, d, "branch_vote.present", "-1 is less than the minimum 0");
    set(d, "branch_vote", "present", cJSON_CreateNumber(12.5));
    expect_error(fx->dossier, d, "branch_vote.present", "expected an integer or null, got 12.5");
    set(d, "branch_vote", "present", cJSON_CreateNumber(13.0));  /* 13.0 is an integer */
    struct admit_error err;
    assert_int_equal(schema_validate(fx->dossier, d, &err), ADMIT_OK);

    set(d, "", "branch_vote", cJSON_CreateString("yes"));
    expect_error(fx->dossier, d, "branch_vote", "expected an object or null, got a string");
    set(d, "", "branch_vote", cJSON_CreateNull());
    assert_int_equal(schema_validate(fx->dossier, d, &err), ADMIT_OK);

    set(d, "assessments[3]", "score", cJSON_CreateNumber(10.5));
    expect_error(fx->dossier, d, "assessments[3].score", "10.5 is greater than the maximum 10");
    set(d, "assessments[3]", "score", cJSON_CreateNull());

    /* the 12-digit CCCD, or the 9-digit CMND of 2011-2021 dossiers */
    set(d, "candidate", "national_id", cJSON_CreateString("01234567"));
    expect_error(fx->dossier, d, "candidate.national_id",
                 "\"01234567\" is not in the expected form: 12 digits (citizen identity number) "
                 "or 9 digits (old identity card number)");
    set(d, "candidate", "national_id", cJSON_CreateString("01234567890"));
    expect_error(fx->dossier, d, "candidate.national_id",
                 "\"01234567890\" is not in the expected form: 12 digits (citizen identity number) "
                 "or 9 digits (old identity card number)");
    set(d, "candidate", "national_id", cJSON_CreateString("01234567890a"));
    expect_error(fx->dossier, d, "candidate.national_id",
                 "\"01234567890a\" is not in the expected form: 12 digits (citizen identity number) "
                 "or 9 digits (old identity card number)");
    i18n_set_lang(ADMIT_LANG_VI);
    expect_error(fx->dossier, d, "candidate.national_id",
                 "\"01234567890a\" không đúng dạng: cần 12 chữ số (số CCCD) hoặc 9 chữ số (số CMND cũ)");
    i18n_set_lang(ADMIT_LANG_EN);
    set(d, "candidate", "national_id", cJSON_CreateString("0123456789"));
    expect_error(fx->dossier, d, "candidate.national_id",
                 "\"0123456789\" is not in the expected form: 12 digits (citizen identity number) "
                 "or 9 digits (old identity card number)");
    set(d, "candidate", "national_id", cJSON_CreateString("012345678"));
    assert_int_equal(schema_validate(fx->dossier, d, &err), ADMIT_OK);
    set(d, "candidate", "national_id", cJSON_CreateString("012345678901"));
    assert_int_equal(schema_validate(fx->dossier, d, &err), ADMIT_OK);

    set(d, "", "id", cJSON_CreateString(""));
    expect_error(fx->dossier, d, "id", "\"\" is too short: at least 1 character, got 0");
}

static void test_array_limits(void **state)
{
    struct fixture *fx = *state;
    cJSON *path = cJSON_CreateArray();
    for (int i = 0; i < 1001; i++)
        cJSON_AddItemToArray(path, cJSON_CreateString("tw"));
    set(fx->admission, "organisation", "committee_path", path);
    expect_error(fx->dossier, fx->admission, "organisation.committee_path", "at most 1000 items, got 1001");
    i18n_set_lang(ADMIT_LANG_VI);
    expect_error(fx->dossier, fx->admission, "organisation.committee_path",
                 "tối đa 1000 phần tử, nhận được 1001");
    i18n_set_lang(ADMIT_LANG_EN);
    cJSON_DeleteItemFromArray(path, 0);
    struct admit_error err;
    assert_int_equal(schema_validate(fx->dossier, fx->admission, &err), ADMIT_OK);

    set(fx->admission, "mentors[0].reports[1]", "rating", cJSON_CreateString("excellent"));
    expect_error(fx->dossier, fx->admission, "mentors[0].reports[1].rating",
                 "\"excellent\" is not one of: good, fair, average, weak, null");
}

static void test_result_schema(void **state)
{
    struct fixture *fx = *state;
    static const char good[] =
        "{\"format\":\"admit.result/1\",\"dossier\":\"X\",\"procedure\":\"admission\","
        "\"verdict\":\"not_eligible\",\"as_of\":\"2026-11-27\",\"profile\":[\"central\"],"
        "\"ruleset\":\"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
        "\"engine\":\"admit 0.3.0\",\"plugins\":[{\"name\":\"vncal\",\"version\":\"1.0.0\","
        "\"sha256\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}],"
        "\"results\":[{\"rule\":\"age.min\",\"status\":\"fail\",\"severity\":\"eligibility\","
        "\"edition\":\"2021\",\"cite\":null,\"message\":\"m\",\"facts\":{\"n\":1},"
        "\"hint\":{\"earliest\":\"2023-06-01\"},\"missing\":[]}],\"next_step\":null,"
        "\"counts\":{\"pass\":0,\"fail\":1,\"needs_approval\":0,\"missing\":0,\"pending\":0,\"warn\":0,"
        "\"not_applicable\":0,\"error\":0}}";
    struct admit_error err;
    enum admit_status st = check_text(fx->result, good, &err);
    if (st != ADMIT_OK)
        print_err(&err);
    assert_int_equal(st, ADMIT_OK);
    st = check_text(fx->result,
                    "{\"format\":\"admit.result/1\",\"dossier\":null,\"input\":\"a.jsonl:3\","
                    "\"input_error\":{\"path\":\"candidate.birth_date\",\"message\":\"bad\"}}", &err);
    assert_int_equal(st, ADMIT_OK);

    cJSON *doc = cJSON_Parse(good);
    set(doc, "results[0]", "status", cJSON_CreateString("passed"));
    expect_error(fx->result, doc, "results[0].status",
                 "\"passed\" is not one of: pass, fail, needs_approval, missing, pending, warn, "
                 "not_applicable, error; did you mean \"pass\"?");
    set(doc, "results[0]", "status", cJSON_CreateString("pass"));
    set(doc, "results[0].hint", "latest", cJSON_CreateString("2023-13-01"));
    expect_error(fx->result, doc, "results[0].hint.latest", "\"2023-13-01\" is not a valid date");
    cJSON_Delete(doc);
}

/* ---------------------------------------------------------------- the validator itself */

static void test_marks_only_from_validating_branches(void **state)
{
    (void)state;
    struct admit_error err;
    /* the first alternative fails after its date was seen: no mark */
    struct schema *s = compile_text(
        "{\"anyOf\":[{\"properties\":{\"d\":{\"format\":\"date\"}},\"required\":[\"zzz\"]},"
        "{\"type\":\"object\"}]}");
    cJSON *doc = cJSON_Parse("{\"d\":\"2020-01-01\"}");
    assert_int_equal(schema_validate(s, doc, &err), ADMIT_OK);
    assert_false(schema_is_date(at(doc, "d")));
    cJSON_Delete(doc);
    schema_free(s);

    /* the same with oneOf, the failing alternative last */
    s = compile_text("{\"oneOf\":[{\"type\":\"object\"},"
                     "{\"properties\":{\"d\":{\"format\":\"date\"}},\"required\":[\"zzz\"]}]}");
    doc = cJSON_Parse("{\"d\":\"2020-01-01\"}");
    assert_int_equal(schema_validate(s, doc, &err), ADMIT_OK);
    assert_false(schema_is_date(at(doc, "d")));
    cJSON_Delete(doc);
    schema_free(s);

    /* every alternative that validates marks, not only the first */
    s = compile_text("{\"anyOf\":[{\"type\":\"object\"},{\"properties\":{\"d\":{\"format\":\"date\"}}}]}");
    doc = cJSON_Parse("{\"d\":\"2020-01-01\"}");
    assert_int_equal(schema_validate(s, doc, &err), ADMIT_OK);
    assert_true(schema_is_date(at(doc, "d")));
    assert_int_equal(schema_date_day(at(doc, "d")), date_from_ymd(2020, 1, 1));
    cJSON_Delete(doc);
    schema_free(s);

    /* oneOf: the one alternative that validates marks */
    s = compile_text("{\"oneOf\":[{\"properties\":{\"d\":{\"format\":\"date\"}}},{\"type\":\"array\"}]}");
    doc = cJSON_Parse("{\"d\":\"1970-01-02\",\"e\":\"1970-01-02\"}");
    assert_int_equal(schema_validate(s, doc, &err), ADMIT_OK);
    assert_true(schema_is_date(at(doc, "d")));
    assert_int_equal(schema_date_day(at(doc, "d")), 1);
    assert_false(schema_is_date(at(doc, "e")));
    cJSON_Delete(doc);
    schema_free(s);

    /* through a recursive $ref, at several depths */
    s = compile_text("{\"properties\":{\"d\":{\"format\":\"date\"},\"next\":{\"$ref\":\"#\"}}}");
    doc = cJSON_Parse("{\"d\":\"2000-02-29\",\"next\":{\"next\":{\"d\":\"2000-03-01\"}}}");
    assert_int_equal(schema_validate(s, doc, &err), ADMIT_OK);
    assert_true(schema_is_date(at(doc, "d")));
    assert_int_equal(schema_date_day(at(doc, "next.next.d")), date_from_ymd(2000, 3, 1));
    cJSON_Delete(doc);
    schema_free(s);
}

static void test_messages_of_alternatives(void **state)
{
    (void)state;
    struct admit_error err;
    struct schema *s = compile_text("{\"oneOf\":[{\"type\":\"integer\"},{\"minimum\":0}]}");
    assert_int_equal(check_text(s, "5", &err), ADMIT_EINPUT);
    assert_string_equal(err.message, "matches more than one alternative (1 and 2)");
    assert_int_equal(check_text(s, "-1", &err), ADMIT_OK);
    assert_int_equal(check_text(s, "-1.5", &err), ADMIT_EINPUT);
    schema_free(s);

    s = compile_text("{\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"string\",\"format\":\"date\"}]}}}");
    assert_int_equal(check_text(s, "{\"a\":\"2021-02-29\"}", &err), ADMIT_EINPUT);
    assert_string_equal(err.path, "a");
    assert_string_equal(err.message, "\"2021-02-29\" is not a valid date");
    assert_int_equal(check_text(s, "{\"a\":[1]}", &err), ADMIT_EINPUT);
    assert_string_equal(err.message, "expected a string or null, got an array");
    i18n_set_lang(ADMIT_LANG_VI);
    assert_int_equal(check_text(s, "{\"a\":[1]}", &err), ADMIT_EINPUT);
    assert_string_equal(err.message, "cần chuỗi hoặc null, nhận được mảng");
    i18n_set_lang(ADMIT_LANG_EN);
    schema_free(s);

    s = compile_text("{\"items\":{\"additionalProperties\":false,\"properties\":{\"k\":true}}}");
    assert_int_equal(check_text(s, "[{}, {\"k\":1,\"a\\\"b\":2}]", &err), ADMIT_EINPUT);
    assert_string_equal(err.path, "[1].a\"b");
    assert_string_equal(err.message, "unknown key \"a\\\"b\"; allowed: k");
    schema_free(s);

    s = compile_text("{\"properties\":{\"a\":false}}");
    assert_int_equal(check_text(s, "{\"a\":0}", &err), ADMIT_EINPUT);
    assert_string_equal(err.path, "a");
    assert_string_equal(err.message, "no value is allowed here");
    schema_free(s);

    s = compile_text("{\"minItems\":2,\"items\":{\"maxLength\":2}}");
    assert_int_equal(check_text(s, "[\"ab\"]", &err), ADMIT_EINPUT);
    assert_string_equal(err.message, "at least 2 items, got 1");
    /* lengths are counted in code points */
    assert_int_equal(check_text(s, "[\"áé\",\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"]", &err), ADMIT_OK);
    assert_int_equal(check_text(s, "[\"áé\",\"ááá\"]", &err), ADMIT_EINPUT);
    assert_string_equal(err.path, "[1]");
    assert_string_equal(err.message, "\"ááá\" is too long: at most 2 characters, got 3");
    schema_free(s);
}

static void test_date_with_other_keywords(void **state)
{
    (void)state;
    struct admit_error err;
    /* a pattern that every date matches is implied; others still apply */
    struct schema *s = compile_text("{\"format\":\"date\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\","
                                    "\"maxLength\":10}");
    assert_int_equal(check_text(s, "\"2001-01-01\"", &err), ADMIT_OK);
    assert_int_equal(check_text(s, "\"2001-02-29\"", &err), ADMIT_EINPUT);
    assert_int_equal(check_text(s, "7", &err), ADMIT_OK);  /* formats apply to strings only */
    schema_free(s);
    s = compile_text("{\"format\":\"date\",\"pattern\":\"^19\"}");
    assert_int_equal(check_text(s, "\"1999-12-31\"", &err), ADMIT_OK);
    assert_int_equal(check_text(s, "\"2001-01-01\"", &err), ADMIT_EINPUT);
    assert_string_equal(err.message, "\"2001-01-01\" is not in the expected form: starting with \"19\"");
    schema_free(s);
    s = compile_text("{\"format\":\"date\",\"pattern\":\"^[0-9]{4}-[0-1][0-9]-[0-9]{2}$\"}");
    assert_int_equal(check_text(s, "\"2001-12-01\"", &err), ADMIT_OK);
    schema_free(s);
    s = compile_text("{\"format\":\"date\",\"maxLength\":9}");
    assert_int_equal(check_text(s, "\"2001-01-01\"", &err), ADMIT_EINPUT);
    assert_string_equal(err.message, "\"2001-01-01\" is too long: at most 9 characters, got 10");
    schema_free(s);
    /* other formats are annotations */
    s = compile_text("{\"format\":\"email\"}");
    assert_int_equal(check_text(s, "\"not an email\"", &err), ADMIT_OK);
    schema_free(s);
}

static void test_patterns(void **state)
{
    (void)state;
    /* fixed-width patterns are matched without regexec(): compare with it */
    static const char *const patterns[] = {
        "^x_", "ab", "b$", "^[a-c]{2}x$", "[0-9]{2}", "^[0-9]{12}$", "^sha256:[0-9a-f]{4}$",
        "a\\.b", "^$", "[-a]", "^[A-Z]{2}$", "a+b", "^(ab|c)d*$",
        /* anchored, the last class repeated: matched without regexec() too */
        "^[a-z0-9][a-z0-9_-]*$", "^[A-Za-z0-9_][A-Za-z0-9_./-]*$", "^a[0-9]+$", "^[a-c]*$",
        "^x_[a-z]*$", NULL};
    static const char *const texts[] = {
        "", "x_", "ax_", "x_y", "ab", "cab", "abc", "b", "acx", "abx", "ccx", "ccx\n", "12", "a12b",
        "012345678901", "012345678901\n", "01234567890", "sha256:0a9f", "sha256:0A9F", "a.b", "axb",
        "-", "VN", "vn", "VNM", "aab", "abdd", "cd", "ád", "a-b_c", "-abc", "a1", "a", "a12",
        "x_abc", "x_aBc", "Ab.c/d", "daihoc/students.lua", "ab\n", "ab c", "x_á", NULL};
    for (int i = 0; patterns[i] != NULL; i++) {
        regex_t re;
        char text[256];
        snprintf(text, sizeof text, "{\"pattern\":\"%s\"}", patterns[i]);
        /* JSON needs the backslash doubled */
        if (strchr(patterns[i], '\\') != NULL)
            snprintf(text, sizeof text, "{\"pattern\":\"a\\\\.b\"}");
        struct schema *s = compile_text(text);
        assert_int_equal(regcomp(&re, patterns[i], REG_EXTENDED | REG_NOSUB), 0);
        for (int j = 0; texts[j] != NULL; j++) {
            struct admit_error err;
            cJSON *str = cJSON_CreateString(texts[j]);
            int ours = schema_validate(s, str, &err) == ADMIT_OK;
            int posix = regexec(&re, texts[j], 0, NULL, 0) == 0;
            if (ours != posix)
                print_error("pattern %s on \"%s\": %d, regexec %d\n", patterns[i], texts[j], ours, posix);
            assert_int_equal(ours, posix);
            cJSON_Delete(str);
        }
        regfree(&re);
        schema_free(s);
    }
}

static void test_load_errors(void **state)
{
    (void)state;
    struct admit_error err;
    assert_int_equal(compile_fails("{\"type\":\"object\",\"allOf\":[{}]}", &err), ADMIT_ERULES);
    assert_string_equal(err.path, "#/allOf");
    assert_string_equal(err.message, "unsupported keyword \"allOf\"");
    assert_string_equal(err.file, "test");
    assert_int_equal(compile_fails("{\"definitions\":{\"a/b\":{\"exclusiveMinimum\":1}}}", &err),
                     ADMIT_ERULES);
    assert_string_equal(err.path, "#/definitions/a~1b/exclusiveMinimum");
    i18n_set_lang(ADMIT_LANG_VI);
    assert_int_equal(compile_fails("{\"not\":{}}", &err), ADMIT_ERULES);
    assert_string_equal(err.message, "từ khóa \"not\" không được hỗ trợ");
    i18n_set_lang(ADMIT_LANG_EN);
    assert_int_equal(compile_fails("{\"$ref\":\"other.json#/a\"}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"$ref\":\"#/definitions/none\"}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"properties\":{\"a\":{\"$ref\":\"#\",\"maxItems\":2}}}", &err),
                     ADMIT_ERULES);
    assert_string_equal(err.path, "#/properties/a/maxItems");
    assert_int_equal(compile_fails("{\"items\":[{}]}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"properties\":{\"a\":{\"$id\":\"x\"}}}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}", &err),
                     ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"$schema\":\"http://json-schema.org/\"}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"$schema\":\"\"}", &err), ADMIT_ERULES);
    schema_free(compile_text("{\"$schema\":\"http://json-schema.org/draft-07/schema\"}"));
    assert_int_equal(compile_fails("{\"type\":\"date\"}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"minLength\":-1}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"maxItems\":1.5}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"anyOf\":[]}", &err), ADMIT_ERULES);
    assert_int_equal(compile_fails("{\"properties\":{\"a\":3}}", &err), ADMIT_ERULES);
    /* a loop that never descends into the instance */
    assert_int_equal(compile_fails("{\"definitions\":{\"a\":{\"$ref\":\"#/definitions/b\"},"
                                   "\"b\":{\"anyOf\":[{\"$ref\":\"#/definitions/a\"}]}}}", &err),
                     ADMIT_ERULES);
    /* patterns that mean something else in ECMA-262 and POSIX, or do not compile */
    static const char *const bad_patterns[] = {
        "\\\\d+", "[\\\\w]", "(?=a)", "[[:alpha:]]", "[]a]", "a{,2}", "\\\\1", "á+", "[á]", "(", NULL};
    for (int i = 0; bad_patterns[i] != NULL; i++) {
        char text[128];
        snprintf(text, sizeof text, "{\"patternProperties\":{\"%s\":{}}}", bad_patterns[i]);
        assert_int_equal(compile_fails(text, &err), ADMIT_ERULES);
        assert_non_null(strstr(err.message, "pattern"));
    }
    /* the recursion "#" is fine when it descends */
    schema_free(compile_text("{\"items\":{\"$ref\":\"#\"}}"));
}

static void test_schema_load_files(void **state)
{
    (void)state;
    struct admit_error err;
    struct schema *s = NULL;
    char path[] = "/tmp/test_schema_XXXXXX";
    assert_int_equal(schema_load("/nonexistent/schema.json", &s, &err), ADMIT_EIO);
    assert_null(s);
    assert_string_equal(err.file, "/nonexistent/schema.json");

    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs("{\n  \"type\": \"object\",\n  \"properties\": {,}\n}\n", fp);
    fclose(fp);
    assert_int_equal(schema_load(path, &s, &err), ADMIT_ERULES);
    /* cJSON reports the position at or just after the offending character */
    assert_int_equal(strncmp(err.path, "line 3, column 1", 16), 0);
    assert_string_equal(err.message, "not valid JSON");

    support_write_text(path, "{\"type\": \"object\", \"required\": [\"a\"]}");
    assert_int_equal(schema_load(path, &s, &err), ADMIT_OK);
    assert_int_equal(check_text(s, "{}", &err), ADMIT_EINPUT);
    assert_string_equal(err.message, "required key \"a\" is missing");
    schema_free(s);
    schema_free(NULL);
    unlink(path);
}

static void test_depth_limit(void **state)
{
    (void)state;
    struct admit_error err;
    struct schema *s = compile_text("{\"items\":{\"$ref\":\"#\"}}");
    cJSON *doc = cJSON_CreateArray(), *cur = doc;
    for (int i = 0; i < SCHEMA_MAX_DEPTH + 10; i++) {
        cJSON *inner = cJSON_CreateArray();
        cJSON_AddItemToArray(cur, inner);
        cur = inner;
    }
    assert_int_equal(schema_validate(s, doc, &err), ADMIT_EINPUT);
    assert_non_null(strstr(err.message, "nested too deeply"));
    assert_int_equal(strncmp(err.path, "[0][0][0]", 9), 0);
    assert_int_equal(schema_validate(NULL, doc, &err), ADMIT_EINTERNAL);
    cJSON_Delete(doc);
    schema_free(s);
}

/* Validation is repeatable: a validated (and date-marked) tree validates
 * again, with the same marks.  (Its speed is measured by make bench.) */
static void test_repeated_validation(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err;
    for (int i = 0; i < 100; i++)
        assert_int_equal(schema_validate(fx->dossier, fx->admission, &err), ADMIT_OK);
    const cJSON *birth = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(fx->admission, "candidate"), "birth_date");
    assert_true(schema_is_date(birth));
    assert_int_equal(schema_date_day(birth), date_from_ymd(1996, 8, 14));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_official_suite),
        cmocka_unit_test(test_borrowed_document),
        cmocka_unit_test_setup_teardown(test_every_example_validates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_examples_validate_with_dates_marked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_types_enums_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_result_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marks_only_from_validating_branches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_of_alternatives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_date_with_other_keywords, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_load_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
