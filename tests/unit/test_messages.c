/*
 * test_messages.c - the message catalog and its templates (engine/messages.c).
 *
 * Loading is tested on temporary directories written by each test (removed by
 * the teardown) and on the real rules/messages/ (run from the repository root).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "i18n.h"
#include "jsontext.h"
#include "messages.h"
#include "status.h"
#include "support.h"

#define REAL_MESSAGES "rules/messages"

/* ------------------------------------------------------------------------ fixture */

struct fixture {
    char dir[64];
    struct messages *m;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    if (support_temp_dir(fx->dir, sizeof fx->dir, "test") != 0) {
        free(fx);
        return -1;
    }
    i18n_set_lang(ADMIT_LANG_EN);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    support_remove_tree(fx->dir);
    messages_free(fx->m);
    free(fx);
    i18n_set_lang(ADMIT_LANG_VI);
    return 0;
}

static void write_file(const struct fixture *fx, const char *name, const char *text)
{
    char path[256];
    support_write_text(support_path(path, sizeof path, fx->dir, name), text);
}

/* Load fx->dir, which must succeed. */
static void load_ok(struct fixture *fx)
{
    struct admit_error err;
    admit_error_clear(&err);
    if (messages_load(fx->dir, &fx->m, &err) != ADMIT_OK) {
        support_print_error("messages_load", &err);
        fail();
    }
    assert_non_null(fx->m);
}

/* Load fx->dir, which must fail with ADMIT_ERULES; returns the error. */
static struct admit_error load_refused(struct fixture *fx)
{
    struct admit_error err;
    admit_error_clear(&err);
    struct messages *m = (struct messages *)&m;   /* must be reset to NULL */
    enum admit_status status = messages_load(fx->dir, &m, &err);
    if (status != ADMIT_ERULES) {
        print_error("expected ADMIT_ERULES, got %d\n", status);
        support_print_error("error", &err);
        if (status == ADMIT_OK)
            messages_free(m);
        fail();
    }
    assert_null(m);
    assert_int_equal(err.status, ADMIT_ERULES);
    return err;
}

/* Render with `lang`, compare with `want`, free. */
static void check_render(const char *template_text, enum admit_lang lang, const cJSON *facts,
                         const struct message_vars *vars, const char *want)
{
    char *got = messages_render(template_text, lang, facts, vars);
    assert_non_null(got);
    if (strcmp(got, want) != 0) {
        print_error("template \"%s\" (%s): got \"%s\", expected \"%s\"\n", template_text,
                    i18n_code(lang), got, want);
        free(got);
        fail();
    }
    free(got);
}

/* ------------------------------------------------------------------------ loading */

static const char good_a[] =
    "{\n"
    "  \"$comment\": \"skipped\",\n"
    "  \"too_young\": {\"vi\": \"Chưa đủ tuổi\", \"en\": \"Too young\"},\n"
    "  \"age.min.too_young\": {\"vi\": \"Chưa đủ 18 tuổi\", \"en\": \"Under 18\"}\n"
    "}\n";
static const char good_b[] =
    "{\"missing\": {\"vi\": \"Thiếu: {missing}\", \"en\": \"Missing: {missing}\"}}";

static void test_load_good(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", good_a);
    write_file(fx, "b.json", good_b);
    /* Only visible *.json files are read. */
    write_file(fx, "notes.txt", "not json at all");
    write_file(fx, ".hidden.json", "not json either");
    write_file(fx, "b.json.orig", "{");
    load_ok(fx);
    assert_int_equal(messages_count(fx->m), 3);
    assert_string_equal(messages_find(fx->m, "too_young", ADMIT_LANG_VI), "Chưa đủ tuổi");
    assert_string_equal(messages_find(fx->m, "too_young", ADMIT_LANG_EN), "Too young");
    assert_string_equal(messages_find(fx->m, "age.min.too_young", ADMIT_LANG_EN), "Under 18");
    assert_string_equal(messages_find(fx->m, "missing", ADMIT_LANG_VI), "Thiếu: {missing}");
    assert_null(messages_find(fx->m, "$comment", ADMIT_LANG_EN));
    assert_null(messages_find(fx->m, "too_old", ADMIT_LANG_EN));
    assert_null(messages_find(fx->m, "", ADMIT_LANG_EN));
    assert_null(messages_find(fx->m, "Too_young", ADMIT_LANG_EN));
}

static void test_load_empty_directory(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx);
    assert_int_equal(messages_count(fx->m), 0);
    assert_null(messages_find(fx->m, "missing", ADMIT_LANG_VI));
    assert_null(messages_for_rule(fx->m, "age.min", "ok", ADMIT_LANG_VI));
}

static void test_load_missing_language(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", good_a);
    write_file(fx, "c.json", "{\"ok\": {\"vi\": \"Đạt\", \"en\": \"Passed\"},\n"
                             " \"half\": {\"vi\": \"Chỉ tiếng Việt\"}}");
    struct admit_error err = load_refused(fx);
    char want[128];
    snprintf(want, sizeof want, "%s/c.json", fx->dir);
    assert_string_equal(err.file, want);
    assert_string_equal(err.path, "half");
    assert_non_null(strstr(err.message, "\"en\""));
}

static void test_load_empty_text(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "c.json", "{\"blank\": {\"vi\": \"\", \"en\": \"Text\"}}");
    struct admit_error err = load_refused(fx);
    assert_string_equal(err.path, "blank");
    assert_non_null(strstr(err.file, "c.json"));
}

static void test_load_text_not_string(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "c.json", "{\"num\": {\"vi\": \"Số\", \"en\": 3}}");
    struct admit_error err = load_refused(fx);
    assert_string_equal(err.path, "num");
    write_file(fx, "c.json", "{\"flat\": \"just a string\"}");
    err = load_refused(fx);
    assert_string_equal(err.path, "flat");
}

static void test_load_code_in_two_files(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", good_a);
    write_file(fx, "z.json", "{\"other\": {\"vi\": \"Khác\", \"en\": \"Other\"},\n"
                             " \"too_young\": {\"vi\": \"Trẻ\", \"en\": \"Young\"}}");
    struct admit_error err = load_refused(fx);
    assert_string_equal(err.path, "too_young");
    assert_non_null(strstr(err.file, fx->dir));
    assert_non_null(strstr(err.message, "defined twice"));
}

/* Twice in one file is a duplicate key of the JSON text. */
static void test_load_code_twice_in_one_file(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", "{\"x\": {\"vi\": \"A\", \"en\": \"A\"},\n"
                             " \"x\": {\"vi\": \"B\", \"en\": \"B\"}}");
    struct admit_error err = load_refused(fx);
    assert_non_null(strstr(err.file, "a.json"));
    assert_string_equal(err.path, "x");
}

static void test_load_not_an_object(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "list.json", "[{\"vi\": \"A\", \"en\": \"A\"}]");
    struct admit_error err = load_refused(fx);
    char want[128];
    snprintf(want, sizeof want, "%s/list.json", fx->dir);
    assert_string_equal(err.file, want);
    assert_non_null(strstr(err.message, "expected an object"));
}

static void test_load_bad_json(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", good_a);
    write_file(fx, "broken.json", "{\n  \"x\": {\"vi\": \"A\", \"en\": \"A\"},\n}");
    struct admit_error err = load_refused(fx);
    assert_non_null(strstr(err.file, "broken.json"));
    assert_string_equal(err.path, "line 3, column 1");
}

/*
 * messages_load_texts takes the texts it is given, in the order given, and
 * names the folder's files in its errors; an entry without a text is read
 * from the folder.
 */
static void test_load_texts(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err;
    /* on disk: other texts, so that what was read from the list shows */
    write_file(fx, "a.json", "{\"x\": {\"vi\": \"disk\", \"en\": \"disk\"}}");
    write_file(fx, "b.json", "{\"y\": {\"vi\": \"B đĩa\", \"en\": \"B disk\"}}");
    static const char given[] = "{\"x\": {\"vi\": \"đã đọc\", \"en\": \"read\"}}";
    struct messages_file files[] = {{"a.json", given, sizeof given - 1}, {"b.json", NULL, 0}};
    admit_error_clear(&err);
    assert_int_equal(messages_load_texts(fx->dir, files, 2, &fx->m, &err), ADMIT_OK);
    assert_string_equal(messages_find(fx->m, "x", ADMIT_LANG_EN), "read");
    assert_string_equal(messages_find(fx->m, "y", ADMIT_LANG_EN), "B disk");
    messages_free(fx->m);
    fx->m = NULL;

    /* a text that is not valid: the error names the file in the folder, its line */
    static const char broken[] = "{\n  \"x\": {\"vi\": \"A\", \"en\": \"A\"},\n}";
    struct messages_file bad[] = {{"a.json", broken, sizeof broken - 1}};
    struct messages *m = (struct messages *)&m;
    admit_error_clear(&err);
    assert_int_equal(messages_load_texts(fx->dir, bad, 1, &m, &err), ADMIT_ERULES);
    assert_null(m);
    assert_non_null(strstr(err.file, "a.json"));
    assert_non_null(strstr(err.file, fx->dir));
    assert_string_equal(err.path, "line 3, column 1");

    /* a code given by two of the listed files */
    struct messages_file twice[] = {{"a.json", given, sizeof given - 1},
                                    {"c.json", given, sizeof given - 1}};
    admit_error_clear(&err);
    assert_int_equal(messages_load_texts(fx->dir, twice, 2, &m, &err), ADMIT_ERULES);
    assert_string_equal(err.path, "x");
}

static void test_load_missing_directory(void **state)
{
    struct fixture *fx = *state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/none", fx->dir);
    struct messages *m = (struct messages *)&m;
    struct admit_error err;
    admit_error_clear(&err);
    assert_int_equal(messages_load(dir, &m, &err), ADMIT_ERULES);
    assert_null(m);
    assert_string_equal(err.file, dir);
}

/* Of several codes defined twice, the first in strcmp order is named, whatever
 * the order the files define them in. */
static void test_load_first_duplicate_named(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", "{\"b_twice\": {\"vi\": \"B\", \"en\": \"B\"},\n"
                             " \"a_twice\": {\"vi\": \"A\", \"en\": \"A\"},\n"
                             " \"c_twice\": {\"vi\": \"C\", \"en\": \"C\"}}");
    write_file(fx, "z.json", "{\"c_twice\": {\"vi\": \"C\", \"en\": \"C\"},\n"
                             " \"b_twice\": {\"vi\": \"B\", \"en\": \"B\"},\n"
                             " \"a_twice\": {\"vi\": \"A\", \"en\": \"A\"},\n"
                             " \"once\": {\"vi\": \"O\", \"en\": \"O\"}}");
    struct admit_error err = load_refused(fx);
    assert_string_equal(err.path, "a_twice");
    assert_string_equal(err.file, fx->dir);
    /* three times: the same code named */
    write_file(fx, "z.json", "{\"b_twice\": {\"vi\": \"B\", \"en\": \"B\"}}");
    write_file(fx, "y.json", "{\"b_twice\": {\"vi\": \"B\", \"en\": \"B\"}}");
    write_file(fx, "a.json", "{\"b_twice\": {\"vi\": \"B\", \"en\": \"B\"}}");
    err = load_refused(fx);
    assert_string_equal(err.path, "b_twice");
}

/* A committee profile's file adds its codes; one the catalog holds is refused. */
static void test_add_profile_file(void **state)
{
    struct fixture *fx = *state;
    char path[256];
    struct admit_error err;
    write_file(fx, "a.json", good_a);
    load_ok(fx);
    support_path(path, sizeof path, fx->dir, "profile.json.txt");
    support_write_text(path, "{\"local.rule.ok\": {\"vi\": \"Đạt\", \"en\": \"Passed\"}}");
    admit_error_clear(&err);
    assert_int_equal(messages_add(fx->m, path, &err), ADMIT_OK);
    assert_int_equal(messages_count(fx->m), 3);
    assert_string_equal(messages_for_rule(fx->m, "local.rule", "ok", ADMIT_LANG_EN), "Passed");
    assert_string_equal(messages_find(fx->m, "too_young", ADMIT_LANG_EN), "Too young");
    assert_string_equal(messages_find(fx->m, "age.min.too_young", ADMIT_LANG_VI),
                        "Chưa đủ 18 tuổi");
    support_path(path, sizeof path, fx->dir, "again.json.txt");
    support_write_text(path, "{\"z\": {\"vi\": \"Z\", \"en\": \"Z\"},\n"
                             " \"too_young\": {\"vi\": \"Trẻ\", \"en\": \"Young\"},\n"
                             " \"local.rule.ok\": {\"vi\": \"Đạt\", \"en\": \"Passed\"}}");
    admit_error_clear(&err);
    assert_int_equal(messages_add(fx->m, path, &err), ADMIT_ERULES);
    assert_string_equal(err.file, path);
    assert_string_equal(err.path, "local.rule.ok");
    assert_non_null(strstr(err.message, "defined twice"));
}

/* ------------------------------------------------------------------------ lookup */

/* Two codes with the same 32-bit hash (hash_code in messages.c; found by a
 * search over "collide.<n>"): each finds only its own text, and one that is
 * not in the catalog is not found through the other.  Should the hash
 * change, the test still passes but no longer collides: search again. */
static void test_find_same_hash(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", "{\"collide.95083\": {\"vi\": \"một\", \"en\": \"one\"},\n"
                             " \"collide.41467\": {\"vi\": \"ba\", \"en\": \"three\"},\n"
                             " \"collide.134138\": {\"vi\": \"bốn\", \"en\": \"four\"}}");
    load_ok(fx);
    assert_string_equal(messages_find(fx->m, "collide.95083", ADMIT_LANG_EN), "one");
    assert_null(messages_find(fx->m, "collide.260167", ADMIT_LANG_EN));
    assert_null(messages_for_rule(fx->m, "collide", "260167", ADMIT_LANG_EN));
    assert_string_equal(messages_find(fx->m, "collide.41467", ADMIT_LANG_EN), "three");
    assert_string_equal(messages_find(fx->m, "collide.134138", ADMIT_LANG_VI), "bốn");
    messages_free(fx->m);
    fx->m = NULL;
    write_file(fx, "b.json", "{\"collide.260167\": {\"vi\": \"hai\", \"en\": \"two\"}}");
    load_ok(fx);
    assert_string_equal(messages_find(fx->m, "collide.95083", ADMIT_LANG_EN), "one");
    assert_string_equal(messages_find(fx->m, "collide.260167", ADMIT_LANG_EN), "two");
    assert_string_equal(messages_for_rule(fx->m, "collide", "260167", ADMIT_LANG_VI), "hai");
}


static void test_for_rule_order(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "a.json", good_a);
    write_file(fx, "b.json", good_b);
    load_ok(fx);
    /* The rule's own text wins over the generic one. */
    assert_string_equal(messages_for_rule(fx->m, "age.min", "too_young", ADMIT_LANG_EN), "Under 18");
    assert_string_equal(messages_for_rule(fx->m, "age.min", "too_young", ADMIT_LANG_VI),
                        "Chưa đủ 18 tuổi");
    /* Another rule gets the generic text. */
    assert_string_equal(messages_for_rule(fx->m, "age.max", "too_young", ADMIT_LANG_EN), "Too young");
    assert_string_equal(messages_for_rule(fx->m, "intro.count", "missing", ADMIT_LANG_EN),
                        "Missing: {missing}");
    /* Neither: NULL. */
    assert_null(messages_for_rule(fx->m, "age.min", "too_old", ADMIT_LANG_EN));
    /* A rule id too long for the combined code still finds the generic text. */
    char rule[300];
    memset(rule, 'r', sizeof rule - 1);
    rule[sizeof rule - 1] = '\0';
    assert_string_equal(messages_for_rule(fx->m, rule, "too_young", ADMIT_LANG_EN), "Too young");
}

/* "<rule>.<code>" is looked up only when it fits its 192-byte buffer whole:
 * 191 characters are looked up, 192 are not, neither whole (the catalog has
 * it) nor cut (a cut one could name another message: the catalog has exactly
 * the 191-character cut). */
static void test_for_rule_length_limit(void **state)
{
    struct fixture *fx = *state;
    char r186[187], r187[188], text[1024];
    memset(r186, 'r', 186);
    r186[186] = '\0';
    memset(r187, 'r', 187);
    r187[187] = '\0';
    snprintf(text, sizeof text,
             "{\"xyzw\": {\"vi\": \"chung\", \"en\": \"generic\"},\n"
             " \"%s.xyzw\": {\"vi\": \"riêng\", \"en\": \"own, 191 characters\"},\n"
             " \"%s.xyz\": {\"vi\": \"cắt\", \"en\": \"the cut code\"},\n"
             " \"%s.xyzw\": {\"vi\": \"quá dài\", \"en\": \"192 characters\"},\n"
             " \".\": {\"vi\": \"chấm\", \"en\": \"dot\"}}",
             r186, r187, r187);
    write_file(fx, "long.json", text);
    load_ok(fx);
    assert_string_equal(messages_for_rule(fx->m, r186, "xyzw", ADMIT_LANG_EN),
                        "own, 191 characters");
    assert_string_equal(messages_for_rule(fx->m, r187, "xyzw", ADMIT_LANG_EN), "generic");
    assert_string_equal(messages_for_rule(fx->m, r187, "xyz", ADMIT_LANG_EN), "the cut code");
    /* the shortest combination, one character: still looked up */
    assert_string_equal(messages_for_rule(fx->m, "", "", ADMIT_LANG_EN), "dot");
}

/* ------------------------------------------------------------------------ rendering */

static cJSON *sample_facts(void)
{
    cJSON *facts = cJSON_Parse(
        "{\"birth_date\": \"2005-06-14\", \"anchor_date\": \"2023-05-10\", \"age_months\": 215,"
        " \"adult\": 216, \"one\": 13, \"twelve\": 12, \"five\": 5,"
        " \"names\": [\"Lê Văn A\", \"Trần B\", \"C\"], \"dates\": [\"2023-01-02\", \"2023-03-04\"],"
        " \"yes\": true, \"no\": false, \"count\": 3, \"ratio\": 2.5, \"nothing\": null,"
        " \"not_a_date\": \"2023-02-30\", \"empty\": []}");
    assert_non_null(facts);
    return facts;
}

static void test_render_plain_and_dates(void **state)
{
    (void)state;
    cJSON *facts = sample_facts();
    check_render("Sinh ngày {birth_date|date}", ADMIT_LANG_VI, facts, NULL, "Sinh ngày 14/06/2005");
    check_render("Born on {birth_date|date}", ADMIT_LANG_EN, facts, NULL, "Born on 2005-06-14");
    check_render("{birth_date}", ADMIT_LANG_VI, facts, NULL, "2005-06-14");
    check_render("{anchor_date|date}–{birth_date|date}", ADMIT_LANG_VI, facts, NULL,
                 "10/05/2023–14/06/2005");
    /* Not a real date: shown as it is. */
    check_render("{not_a_date|date}", ADMIT_LANG_VI, facts, NULL, "2023-02-30");
    check_render("{dates|date}", ADMIT_LANG_VI, facts, NULL, "02/01/2023, 04/03/2023");
    check_render("{dates|date}", ADMIT_LANG_EN, facts, NULL, "2023-01-02, 2023-03-04");
    check_render("no placeholders", ADMIT_LANG_EN, facts, NULL, "no placeholders");
    check_render("", ADMIT_LANG_EN, facts, NULL, "");
    cJSON_Delete(facts);
}

static void test_render_age(void **state)
{
    (void)state;
    cJSON *facts = sample_facts();
    check_render("{age_months|age}", ADMIT_LANG_VI, facts, NULL, "17 tuổi 11 tháng");
    check_render("{age_months|age}", ADMIT_LANG_EN, facts, NULL, "17 years 11 months");
    check_render("{adult|age}", ADMIT_LANG_VI, facts, NULL, "18 tuổi");
    check_render("{adult|age}", ADMIT_LANG_EN, facts, NULL, "18 years");
    check_render("{one|age}", ADMIT_LANG_EN, facts, NULL, "1 year 1 month");
    check_render("{twelve|age}", ADMIT_LANG_EN, facts, NULL, "1 year");
    check_render("{five|age}", ADMIT_LANG_VI, facts, NULL, "0 tuổi 5 tháng");
    /* Without the filter a number is a number. */
    check_render("{age_months} tháng", ADMIT_LANG_VI, facts, NULL, "215 tháng");
    cJSON_Delete(facts);
    /* Several digits, zero, and what a negative count gives (as "%ld" wrote it). */
    facts = cJSON_Parse("{\"century\": 1210, \"zero\": 0, \"ten\": 120, \"minus\": -5,"
                        " \"minus_more\": -13, \"minus_year\": -12}");
    assert_non_null(facts);
    check_render("{century|age}", ADMIT_LANG_EN, facts, NULL, "100 years 10 months");
    check_render("{century|age}", ADMIT_LANG_VI, facts, NULL, "100 tuổi 10 tháng");
    check_render("{zero|age}", ADMIT_LANG_EN, facts, NULL, "0 years");
    check_render("{zero|age}", ADMIT_LANG_VI, facts, NULL, "0 tuổi");
    check_render("{ten|age}", ADMIT_LANG_EN, facts, NULL, "10 years");
    check_render("{minus|age}", ADMIT_LANG_EN, facts, NULL, "0 years -5 months");
    check_render("{minus_more|age}", ADMIT_LANG_VI, facts, NULL, "-1 tuổi -1 tháng");
    check_render("{minus_more|age}", ADMIT_LANG_EN, facts, NULL, "-1 years -1 months");
    check_render("{minus_year|age}", ADMIT_LANG_EN, facts, NULL, "-1 years");
    cJSON_Delete(facts);
}

static void test_render_values(void **state)
{
    (void)state;
    cJSON *facts = sample_facts();
    check_render("Người giới thiệu: {names}", ADMIT_LANG_VI, facts, NULL,
                 "Người giới thiệu: Lê Văn A, Trần B, C");
    check_render("[{empty}]", ADMIT_LANG_EN, facts, NULL, "[]");
    check_render("{yes}/{no}", ADMIT_LANG_VI, facts, NULL, "có/không");
    check_render("{yes}/{no}", ADMIT_LANG_EN, facts, NULL, "yes/no");
    check_render("{count} of {ratio}", ADMIT_LANG_EN, facts, NULL, "3 of 2.5");
    check_render("({nothing})", ADMIT_LANG_EN, facts, NULL, "(—)");
    cJSON_Delete(facts);
    /* Whole numbers below 9e15 print as integers, from 9e15 on with %g. */
    facts = cJSON_Parse("{\"below\": 8999999999999999, \"limit\": 9000000000000000,"
                        " \"negative\": -8999999999999999}");
    assert_non_null(facts);
    check_render("{below} {limit} {negative}", ADMIT_LANG_EN, facts, NULL,
                 "8999999999999999 9e+15 -8999999999999999");
    cJSON_Delete(facts);
    /* Every digit, zero (also negative zero), one digit, a minus sign. */
    facts = cJSON_Parse("{\"digits\": 1234567890, \"zero\": 0, \"minus_zero\": -0.0,"
                        " \"seven\": 7, \"minus\": -7, \"ten\": 10, \"minus_ten\": -10,"
                        " \"nines\": 9999, \"minus_one\": -1}");
    assert_non_null(facts);
    check_render("{digits} {zero} {minus_zero} {seven} {minus} {ten} {minus_ten} {nines} {minus_one}",
                 ADMIT_LANG_VI, facts, NULL, "1234567890 0 0 7 -7 10 -10 9999 -1");
    cJSON_Delete(facts);
}

static void test_render_vars(void **state)
{
    (void)state;
    cJSON *facts = sample_facts();
    cJSON *missing = cJSON_Parse("[\"awareness_course.issued_on\", \"opinions[from=residence_branch]\"]");
    assert_non_null(missing);
    struct message_vars vars = {.rule = "age.min", .edition = "2021", .procedure = "admission",
                                .missing = missing, .error = "script failed: boom"};
    check_render("{rule} ({edition}, {procedure}): {missing}; {error}", ADMIT_LANG_EN, facts, &vars,
                 "age.min (2021, admission): awareness_course.issued_on, "
                 "opinions[from=residence_branch]; script failed: boom");
    /* Vars and facts mix. */
    check_render("{rule}: {age_months|age}", ADMIT_LANG_VI, facts, &vars, "age.min: 17 tuổi 11 tháng");
    /* Absent vars are kept as placeholders. */
    struct message_vars few = {.rule = "age.max", .procedure = "recognition"};
    check_render("{rule} {edition} {procedure} {missing} {error}", ADMIT_LANG_EN, NULL, &few,
                 "age.max {edition} recognition {missing} {error}");
    /* Without vars, their names are unknown keys. */
    check_render("{rule}", ADMIT_LANG_EN, NULL, NULL, "{rule}");
    cJSON_Delete(missing);
    cJSON_Delete(facts);
}

static void test_render_verbatim(void **state)
{
    (void)state;
    cJSON *facts = sample_facts();
    check_render("x {nope} y", ADMIT_LANG_EN, facts, NULL, "x {nope} y");
    check_render("{nope|date} {nope|age}", ADMIT_LANG_VI, facts, NULL, "{nope|date} {nope|age}");
    check_render("{}", ADMIT_LANG_EN, facts, NULL, "{}");
    check_render("open { brace", ADMIT_LANG_EN, facts, NULL, "open { brace");
    check_render("{count} then {", ADMIT_LANG_EN, facts, NULL, "3 then {");
    check_render("{", ADMIT_LANG_EN, facts, NULL, "{");
    check_render("a } b {count}", ADMIT_LANG_EN, facts, NULL, "a } b 3");
    check_render("{{count}}", ADMIT_LANG_EN, facts, NULL, "{{count}}");
    /* A placeholder longer than any key is text, and what follows is still expanded. */
    char long_key[256];
    snprintf(long_key, sizeof long_key, "{%0120d} {count}", 0);
    char want[256];
    snprintf(want, sizeof want, "{%0120d} 3", 0);
    check_render(long_key, ADMIT_LANG_EN, facts, NULL, want);
    /* The longest key is 95 characters: {<95>} is expanded, {<96>} is text;
     * after a "{" left as text, the next "{" still opens a placeholder. */
    char k95[96], k96[97], tmpl[256], want95[256];
    memset(k95, 'k', 95);
    k95[95] = '\0';
    memset(k96, 'k', 96);
    k96[96] = '\0';
    cJSON *keys = cJSON_CreateObject();
    assert_non_null(keys);
    assert_non_null(cJSON_AddStringToObject(keys, k95, "V95"));
    assert_non_null(cJSON_AddStringToObject(keys, k96, "V96"));
    snprintf(tmpl, sizeof tmpl, "<{%s}>", k95);
    check_render(tmpl, ADMIT_LANG_EN, keys, NULL, "<V95>");
    snprintf(tmpl, sizeof tmpl, "<{%s}>", k96);
    check_render(tmpl, ADMIT_LANG_EN, keys, NULL, tmpl);
    snprintf(tmpl, sizeof tmpl, "<{{%s}>", k95);
    snprintf(want95, sizeof want95, "<{V95>");
    check_render(tmpl, ADMIT_LANG_EN, keys, NULL, want95);
    cJSON_Delete(keys);
    /* UTF-8 text around placeholders is preserved byte for byte. */
    check_render("Người vào Đảng — “{names}” ✓ 😀", ADMIT_LANG_VI, facts, NULL,
                 "Người vào Đảng — “Lê Văn A, Trần B, C” ✓ 😀");
    cJSON_Delete(facts);
}

/* {key|label}: the text of code "label.<value>" from the catalog, else the value itself. */
static void test_render_label(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "labels.json",
               "{\"label.provincial_standing_committee\": {\"vi\": \"Ban Thường vụ Tỉnh ủy\","
               " \"en\": \"provincial standing committee\"},"
               " \"label.youth_union\": {\"vi\": \"Đoàn Thanh niên\", \"en\": \"Youth Union\"}}");
    load_ok(fx);
    cJSON *facts = cJSON_Parse("{\"level\": \"provincial_standing_committee\","
                               " \"orgs\": [\"youth_union\", \"trade_union\"],"
                               " \"other\": \"district_standing_committee\"}");
    assert_non_null(facts);
    struct message_vars vars = {.rule = "age.max", .procedure = "admission", .catalog = fx->m};
    check_render("Cấp: {level|label}", ADMIT_LANG_VI, facts, &vars, "Cấp: Ban Thường vụ Tỉnh ủy");
    check_render("Level: {level|label}", ADMIT_LANG_EN, facts, &vars,
                 "Level: provincial standing committee");
    /* Lists are labelled item by item; a value without a label is shown as it is. */
    check_render("{orgs|label}", ADMIT_LANG_VI, facts, &vars, "Đoàn Thanh niên, trade_union");
    check_render("{other|label}", ADMIT_LANG_EN, facts, &vars, "district_standing_committee");
    /* Without a catalog: the value. */
    struct message_vars bare = {.rule = "age.max", .procedure = "admission"};
    check_render("{level|label}", ADMIT_LANG_EN, facts, &bare, "provincial_standing_committee");
    check_render("{level|label}", ADMIT_LANG_EN, facts, NULL, "provincial_standing_committee");
    /* Unknown keys stay verbatim with the filter too. */
    check_render("{nope|label}", ADMIT_LANG_EN, facts, &vars, "{nope|label}");
    cJSON_Delete(facts);
}

/* A label code is looked up only when it fits its 320-byte buffer whole:
 * "label.<key>.<value>" and "label.<value>" of 319 characters are, of 320
 * are not (the catalog holds exactly the 319-character cuts, and the
 * 320-character codes themselves). */
static void test_render_label_length_limit(void **state)
{
    struct fixture *fx = *state;
    char v312[313], w314[315], text[2048];
    memset(v312, 'v', 312);
    v312[312] = '\0';
    memset(w314, 'w', 314);
    w314[314] = '\0';
    snprintf(text, sizeof text,
             "{\"label.k.%.311s\": {\"vi\": \"cắt 1\", \"en\": \"cut 1\"},\n"
             " \"label.%.313s\": {\"vi\": \"cắt 2\", \"en\": \"cut 2\"},\n"
             " \"label.k.%s\": {\"vi\": \"dài 1\", \"en\": \"whole 1\"},\n"
             " \"label.%s\": {\"vi\": \"dài 2\", \"en\": \"whole 2\"}}",
             v312, w314, v312, w314);
    write_file(fx, "labels.json", text);
    load_ok(fx);
    struct message_vars vars = {.rule = "age.max", .procedure = "admission", .catalog = fx->m};
    cJSON *facts = cJSON_CreateObject();
    assert_non_null(facts);

    /* "label.k." + 311 characters = 319: looked up */
    v312[311] = '\0';
    assert_non_null(cJSON_AddStringToObject(facts, "k", v312));
    check_render("{k|label}", ADMIT_LANG_EN, facts, &vars, "cut 1");
    /* + 312 = 320: not looked up, nor is its cut; "label." + 312 = 318 is, and is not there */
    v312[311] = 'v';
    cJSON_DeleteItemFromObject(facts, "k");
    assert_non_null(cJSON_AddStringToObject(facts, "k", v312));
    check_render("{k|label}", ADMIT_LANG_EN, facts, &vars, v312);

    /* "label." + 313 = 319: looked up (after "label.k." + 313 = 321, not looked up) */
    w314[313] = '\0';
    cJSON_DeleteItemFromObject(facts, "k");
    assert_non_null(cJSON_AddStringToObject(facts, "k", w314));
    check_render("{k|label}", ADMIT_LANG_EN, facts, &vars, "cut 2");
    /* "label." + 314 = 320: not looked up */
    w314[313] = 'w';
    cJSON_DeleteItemFromObject(facts, "k");
    assert_non_null(cJSON_AddStringToObject(facts, "k", w314));
    check_render("{k|label}", ADMIT_LANG_EN, facts, &vars, w314);
    cJSON_Delete(facts);
}

/* "section.<first key>" is looked up only when it fits its 160 bytes whole:
 * a first key of 151 characters is (159), of 152 is not, although the
 * catalog holds its 159-character cut and the 160-character code itself. */
static void test_render_section_length_limit(void **state)
{
    struct fixture *fx = *state;
    char key[153], path[200], text[1024], want[256];
    memset(key, 'p', 152);
    key[152] = '\0';
    snprintf(text, sizeof text,
             "{\"section.%.151s\": {\"vi\": \"Phần P\", \"en\": \"Part P\"},\n"
             " \"section.%s\": {\"vi\": \"Phần dài\", \"en\": \"Long part\"}}",
             key, key);
    write_file(fx, "sections.json", text);
    load_ok(fx);
    struct message_vars vars = {.rule = "age.max", .procedure = "admission", .catalog = fx->m};
    cJSON *facts = cJSON_CreateObject();
    assert_non_null(facts);

    snprintf(path, sizeof path, "%.151s.date", key);
    assert_non_null(cJSON_AddStringToObject(facts, "where", path));
    snprintf(want, sizeof want, "Part P (%s)", path);
    check_render("{where|section}", ADMIT_LANG_EN, facts, &vars, want);

    snprintf(path, sizeof path, "%s[0].date", key);
    cJSON_DeleteItemFromObject(facts, "where");
    assert_non_null(cJSON_AddStringToObject(facts, "where", path));
    check_render("{where|section}", ADMIT_LANG_EN, facts, &vars, path);
    /* Without a catalog, or without vars: the bare path. */
    struct message_vars bare = {.rule = "age.max", .procedure = "admission"};
    check_render("{where|section}", ADMIT_LANG_EN, facts, &bare, path);
    check_render("{where|section}", ADMIT_LANG_EN, facts, NULL, path);
    cJSON_Delete(facts);
}

/* ------------------------------------------------------------------------ names from the schema */

/* Add the names of `schema_text` to fx->m (loaded first); returns the status. */
static enum admit_status add_schema(struct fixture *fx, const char *schema_text,
                                    struct admit_error *err)
{
    cJSON *schema = cJSON_Parse(schema_text);
    assert_non_null(schema);
    admit_error_clear(err);
    enum admit_status status = messages_add_schema_names(fx->m, schema, "s.json", err);
    cJSON_Delete(schema);   /* the catalog keeps copies */
    return status;
}

#define LABELS_SCHEMA                                                                          \
    "{\"properties\": {"                                                                       \
    " \"decision\": {\"title\": \"Quyết định\", \"x-title-en\": \"the decision\","             \
    "  \"properties\": {\"authority\": {\"enum\": [\"grassroots_committee\", \"other\", null]," \
    "   \"x-labels\": {\"grassroots_committee\": {\"vi\": \"Đảng ủy cơ sở\", \"en\": \"the gc\"}," \
    "                  \"other\": {\"vi\": \"cơ quan khác\", \"en\": \"another body\"}}}}},"     \
    " \"opinions\": {\"items\": {\"properties\": {\"from\": {\"enum\": [\"other\", \"youth_union\"]," \
    "   \"x-labels\": {\"other\": {\"vi\": \"tổ chức khác\", \"en\": \"another organisation\"},"  \
    "                  \"youth_union\": {\"vi\": \"Đoàn\", \"en\": \"the Youth Union\"}}}}}}},"   \
    " \"definitions\": {\"body\": {\"enum\": [\"grassroots_committee\"],"                      \
    "  \"x-labels\": {\"grassroots_committee\": {\"vi\": \"Đảng ủy cơ sở\", \"en\": \"the gc\"}}}}}"

/* x-labels give "label.<field>.<value>", and "label.<value>" where all agree. */
static void test_schema_labels(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err;
    write_file(fx, "a.json", "{\"ok\": {\"vi\": \"được\", \"en\": \"fine\"}}");
    load_ok(fx);
    if (add_schema(fx, LABELS_SCHEMA, &err) != ADMIT_OK) {
        support_print_error("messages_add_schema_names", &err);
        fail();
    }
    assert_string_equal(messages_find(fx->m, "label.authority.other", ADMIT_LANG_VI),
                        "cơ quan khác");
    assert_string_equal(messages_find(fx->m, "label.from.other", ADMIT_LANG_EN),
                        "another organisation");
    /* "other" is named two ways: no unqualified code; "grassroots_committee" alike twice */
    assert_null(messages_find(fx->m, "label.other", ADMIT_LANG_VI));
    assert_string_equal(messages_find(fx->m, "label.grassroots_committee", ADMIT_LANG_VI),
                        "Đảng ủy cơ sở");
    assert_string_equal(messages_find(fx->m, "label.body.grassroots_committee", ADMIT_LANG_EN),
                        "the gc");
    assert_string_equal(messages_find(fx->m, "section.decision", ADMIT_LANG_VI), "Quyết định");
    assert_string_equal(messages_find(fx->m, "ok", ADMIT_LANG_EN), "fine");
    assert_int_equal(messages_count(fx->m), 9);

    /* {key|label}: the field's own name first, then the value's */
    cJSON *facts = cJSON_Parse("{\"authority\": \"other\", \"from\": \"other\","
                               " \"competent_body\": \"grassroots_committee\", \"x\": \"other\"}");
    assert_non_null(facts);
    struct message_vars vars = {.rule = "r", .procedure = "admission", .catalog = fx->m};
    check_render("{authority|label}; {from|label}; {competent_body|label}; {x|label}",
                 ADMIT_LANG_VI, facts, &vars,
                 "cơ quan khác; tổ chức khác; Đảng ủy cơ sở; other");
    cJSON *missing = cJSON_Parse("[\"decision.date\"]");
    struct message_vars with_missing = vars;
    with_missing.missing = missing;
    check_render("{missing|section}", ADMIT_LANG_EN, facts, &with_missing,
                 "the decision (decision.date)");
    cJSON_Delete(missing);
    cJSON_Delete(facts);
}

/* Every way the schema's names can be incomplete or inconsistent is refused. */
static void test_schema_labels_refused(void **state)
{
    struct fixture *fx = *state;
    static const struct {
        const char *schema, *where, *message;
    } cases[] = {
        {"{\"properties\": {\"g\": {\"enum\": [\"male\", \"female\", null],"
         " \"x-labels\": {\"male\": {\"vi\": \"nam\", \"en\": \"male\"}}}}}",
         "/properties/g", "the value \"female\" has no name in \"x-labels\""},
        {"{\"properties\": {\"g\": {\"enum\": [\"male\"]}}}",
         "/properties/g", "the value \"male\" has no name"},
        {"{\"properties\": {\"g\": {\"enum\": [\"male\"],"
         " \"x-labels\": {\"male\": {\"vi\": \"\", \"en\": \"male\"}}}}}",
         "/properties/g", "the value \"male\" has no name"},
        {"{\"properties\": {\"g\": {\"enum\": [\"male\"],"
         " \"x-labels\": {\"male\": {\"vi\": \"nam\", \"en\": \"male\"},"
         "                \"mail\": {\"vi\": \"thư\", \"en\": \"mail\"}}}}}",
         "/properties/g", "\"x-labels\" names \"mail\", which is not a value"},
        {"{\"properties\": {\"g\": {\"type\": \"string\","
         " \"x-labels\": {\"male\": {\"vi\": \"nam\", \"en\": \"male\"}}}}}",
         "/properties/g", "\"x-labels\" belongs beside an \"enum\""},
        {"{\"properties\": {\"a\": {\"properties\": {\"g\": {\"enum\": [\"m\"],"
         "   \"x-labels\": {\"m\": {\"vi\": \"nam\", \"en\": \"male\"}}}}},"
         " \"b\": {\"items\": {\"properties\": {\"g\": {\"enum\": [\"m\"],"
         "   \"x-labels\": {\"m\": {\"vi\": \"nữ\", \"en\": \"female\"}}}}}}}}",
         "/properties/b/items/properties/g", "\"label.g.m\" is given two different names"},
        /* two codes named two ways: the first met is named */
        {"{\"properties\": {\"a\": {\"properties\": {\"h\": {\"enum\": [\"x\"],"
         "   \"x-labels\": {\"x\": {\"vi\": \"X\", \"en\": \"X\"}}},"
         "  \"g\": {\"enum\": [\"m\"], \"x-labels\": {\"m\": {\"vi\": \"nam\", \"en\": \"male\"}}}}},"
         " \"b\": {\"properties\": {\"g\": {\"enum\": [\"m\"],"
         "   \"x-labels\": {\"m\": {\"vi\": \"nữ\", \"en\": \"female\"}}},"
         "  \"h\": {\"enum\": [\"x\"], \"x-labels\": {\"x\": {\"vi\": \"Y\", \"en\": \"Y\"}}}}}}}",
         "/properties/b/properties/g", "\"label.g.m\" is given two different names"},
        {"{\"properties\": {\"s\": {\"title\": \"Phần\"}}}",
         "/properties/s", "expected both \"title\" (Vietnamese) and \"x-title-en\""},
        {"{\"properties\": {\"s\": {\"title\": \"Phần\", \"x-title-en\": \"part\"}}}",
         "section.s", "message code defined twice"},
    };
    write_file(fx, "a.json", "{\"section.s\": {\"vi\": \"phần\", \"en\": \"part\"}}");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct admit_error err;
        messages_free(fx->m);
        fx->m = NULL;
        load_ok(fx);
        enum admit_status status = add_schema(fx, cases[i].schema, &err);
        if (status != ADMIT_ERULES || strcmp(err.path, cases[i].where) != 0 ||
            strstr(err.message, cases[i].message) == NULL) {
            print_error("case %zu: status %d, path \"%s\", message \"%s\"; expected \"%s\" at %s\n",
                        i, status, err.path, err.message, cases[i].message, cases[i].where);
            fail();
        }
        assert_string_equal(err.file, "s.json");
    }
}

/* A schema of `fields` fields f<i>, each an enumeration of v0 and v<i> named
 * "<vi_prefix><i>"/"<en_prefix><i>" (v0 alike everywhere), then, when
 * `clash` is not NULL, a field f1 under "late" naming v1 `clash`. */
static char *many_fields_schema(int fields, const char *clash)
{
    size_t size = (size_t)fields * 200 + 512;
    char *text = malloc(size);
    assert_non_null(text);
    size_t used = (size_t)snprintf(text, size, "{\"properties\": {");
    for (int i = 1; i <= fields; i++)
        used += (size_t)snprintf(text + used, size - used,
                                 "%s\"f%d\": {\"enum\": [\"v0\", \"v%d\"], \"x-labels\": {"
                                 "\"v0\": {\"vi\": \"không\", \"en\": \"zero\"}, "
                                 "\"v%d\": {\"vi\": \"tên %d\", \"en\": \"name %d\"}}}",
                                 i > 1 ? ", " : "", i, i, i, i, i);
    if (clash != NULL)
        used += (size_t)snprintf(text + used, size - used,
                                 ", \"late\": {\"properties\": {\"f1\": {\"enum\": [\"v1\"],"
                                 " \"x-labels\": {\"v1\": %s}}}}", clash);
    snprintf(text + used, size - used, "}}");
    return text;
}

/* Many names (the schema's codes compared by a hash table that grows): the
 * same code named alike twice is one code, named otherwise an error at the
 * second place, after hundreds of others. */
static void test_schema_many_names(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err;
    load_ok(fx);
    char *schema = many_fields_schema(300, "{\"vi\": \"tên 1\", \"en\": \"name 1\"}");
    enum admit_status status = add_schema(fx, schema, &err);
    free(schema);
    if (status != ADMIT_OK) {
        support_print_error("messages_add_schema_names", &err);
        fail();
    }
    /* 300 label.f<i>.v0, 300 label.f<i>.v<i>, label.v0, 300 label.v<i> */
    assert_int_equal(messages_count(fx->m), 901);
    assert_string_equal(messages_find(fx->m, "label.f1.v1", ADMIT_LANG_EN), "name 1");
    assert_string_equal(messages_find(fx->m, "label.f300.v300", ADMIT_LANG_VI), "tên 300");
    assert_string_equal(messages_find(fx->m, "label.f300.v0", ADMIT_LANG_EN), "zero");
    assert_string_equal(messages_find(fx->m, "label.v0", ADMIT_LANG_EN), "zero");
    assert_string_equal(messages_find(fx->m, "label.v257", ADMIT_LANG_EN), "name 257");
    assert_null(messages_find(fx->m, "label.v301", ADMIT_LANG_EN));

    messages_free(fx->m);
    fx->m = NULL;
    load_ok(fx);
    schema = many_fields_schema(300, "{\"vi\": \"khác\", \"en\": \"other\"}");
    status = add_schema(fx, schema, &err);
    free(schema);
    assert_int_equal(status, ADMIT_ERULES);
    assert_string_equal(err.path, "/properties/late/properties/f1");
    assert_non_null(strstr(err.message, "\"label.f1.v1\" is given two different names"));
}

/* Codes of the schema also defined by a messages file: the first of them in
 * strcmp order is named, whatever order the schema gives them in. */
static void test_schema_code_in_a_file(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err;
    write_file(fx, "a.json", "{\"section.b\": {\"vi\": \"B\", \"en\": \"B\"},\n"
                             " \"section.a\": {\"vi\": \"A\", \"en\": \"A\"}}");
    load_ok(fx);
    assert_int_equal(add_schema(fx, "{\"properties\": {"
                                    "\"c\": {\"title\": \"C\", \"x-title-en\": \"C\"},"
                                    "\"b\": {\"title\": \"B\", \"x-title-en\": \"B\"},"
                                    "\"a\": {\"title\": \"A\", \"x-title-en\": \"A\"}}}",
                                &err),
                     ADMIT_ERULES);
    assert_string_equal(err.file, "s.json");
    assert_string_equal(err.path, "section.a");
    assert_non_null(strstr(err.message, "defined twice"));
}

/* The real schema names every value of every enumeration and every section. */
static void test_real_schema_names(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err;
    cJSON *schema = NULL;
    admit_error_clear(&err);
    load_ok(fx);
    if (jsontext_read_file("schemas/dossier.schema.json", &schema, &err) != ADMIT_OK ||
        messages_add_schema_names(fx->m, schema, "schemas/dossier.schema.json", &err) !=
            ADMIT_OK) {
        support_print_error("schemas/dossier.schema.json (run from the repository root)", &err);
        cJSON_Delete(schema);
        fail();
    }
    cJSON_Delete(schema);
    /* the names the reports use */
    assert_string_equal(messages_find(fx->m, "label.superior_standing_committee", ADMIT_LANG_VI),
                        "Ban Thường vụ cấp ủy cấp trên");
    assert_string_equal(messages_find(fx->m, "label.authority.other", ADMIT_LANG_VI),
                        "cơ quan khác");
    assert_string_equal(messages_find(fx->m, "label.father", ADMIT_LANG_VI), "cha đẻ");
    assert_non_null(strstr(messages_find(fx->m, "section.branch_vote", ADMIT_LANG_VI), "Mẫu 6-KNĐ"));
    assert_non_null(messages_find(fx->m, "section.probation", ADMIT_LANG_EN));
}

/* ------------------------------------------------------------------------ the real catalog */

/* Every code of every rules/messages/ file is loaded with both its texts. */
static void test_real_messages(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err;
    admit_error_clear(&err);
    if (messages_load(REAL_MESSAGES, &fx->m, &err) != ADMIT_OK) {
        support_print_error(REAL_MESSAGES " (run from the repository root)", &err);
        fail();
    }
    assert_true(messages_count(fx->m) > 0);

    DIR *d = opendir(REAL_MESSAGES);
    assert_non_null(d);
    struct dirent *e;
    size_t codes = 0, files = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[512];
        cJSON *doc = NULL;
        snprintf(path, sizeof path, "%s/%s", REAL_MESSAGES, e->d_name);
        if (jsontext_read_file(path, &doc, &err) != ADMIT_OK) {
            support_print_error(path, &err);
            closedir(d);
            fail();
        }
        files++;
        const cJSON *entry;
        cJSON_ArrayForEach(entry, doc) {
            if (entry->string[0] == '$')
                continue;
            const char *vi = messages_find(fx->m, entry->string, ADMIT_LANG_VI);
            const char *en = messages_find(fx->m, entry->string, ADMIT_LANG_EN);
            const cJSON *want_vi = cJSON_GetObjectItemCaseSensitive(entry, "vi");
            const cJSON *want_en = cJSON_GetObjectItemCaseSensitive(entry, "en");
            if (vi == NULL || en == NULL || vi[0] == '\0' || en[0] == '\0' ||
                !cJSON_IsString(want_vi) || !cJSON_IsString(want_en) ||
                strcmp(vi, want_vi->valuestring) != 0 || strcmp(en, want_en->valuestring) != 0) {
                print_error("%s: code \"%s\" lacks a text\n", path, entry->string);
                cJSON_Delete(doc);
                closedir(d);
                fail();
            }
            codes++;
        }
        cJSON_Delete(doc);
    }
    closedir(d);
    assert_true(files > 0);
    assert_int_equal(codes, messages_count(fx->m));
    /* The generic codes the engine itself emits exist. */
    static const char *const generic[] = {"missing", "error", "procedure", "not_encoded"};
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if (messages_find(fx->m, generic[i], ADMIT_LANG_EN) == NULL) {
            print_error("generic code \"%s\" is not defined\n", generic[i]);
            fail();
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load_good, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_empty_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_missing_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_empty_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_text_not_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_code_in_two_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_code_twice_in_one_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_not_an_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_bad_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_missing_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_first_duplicate_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_profile_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_same_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_for_rule_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_for_rule_length_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_plain_and_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_age, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_vars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_verbatim, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_label, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_label_length_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_section_length_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_labels_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_many_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_code_in_a_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_schema_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_messages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
