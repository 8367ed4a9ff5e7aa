/* Unit tests of rule_error.c, textwidth.c and verdict_tally.c: the wording of
 * a rule's error, the text width, the count of verdicts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "i18n.h"
#include "result.h"
#include "rule_error.h"
#include "strbuf.h"
#include "textwidth.h"
#include "verdict_tally.h"

/* Reword `message` from rule `id` in `lang`; returns the new text (caller frees). */
static char *reword(enum admit_lang lang, const char *id, const char *message)
{
    char *m = strdup(message);
    assert_non_null(m);
    i18n_set_lang(lang);
    assert_int_equal(rule_error_reword(id, &m), 0);
    i18n_set_lang(ADMIT_LANG_VI);
    return m;
}

static void expect_reword(enum admit_lang lang, const char *id, const char *message,
                          const char *expected)
{
    char *m = reword(lang, id, message);
    assert_string_equal(m, expected);
    free(m);
}

static void position_becomes_rule_and_line(void **state)
{
    (void)state;
    expect_reword(ADMIT_LANG_EN, "age.min", "age.lua:39: boom", "rule age.min, line 39: boom");
    expect_reword(ADMIT_LANG_VI, "age.min", "age.lua:39: boom", "quy tắc age.min, dòng 39: boom");
    expect_reword(ADMIT_LANG_EN, "x.y", "anchor: lib/dates.lua:7: bad", "anchor: rule x.y, line 7: bad");
}

static void common_lua_errors_in_vietnamese(void **state)
{
    (void)state;
    expect_reword(ADMIT_LANG_VI, "a.b", "a.lua:3: attempt to index a nil value (local 'x')",
                  "quy tắc a.b, dòng 3: truy cập trường của một giá trị nil (local 'x')");
    expect_reword(ADMIT_LANG_EN, "a.b", "a.lua:3: attempt to index a nil value (local 'x')",
                  "rule a.b, line 3: attempt to index a nil value (local 'x')");
    expect_reword(ADMIT_LANG_VI, "a.b", "instruction budget of 20000000 exceeded",
                  "vượt quá giới hạn 20000000 lệnh");
    expect_reword(ADMIT_LANG_VI, "a.b", "memory cap of 32768 KiB exceeded",
                  "vượt quá giới hạn bộ nhớ 32768 KiB");
    expect_reword(ADMIT_LANG_EN, "a.b", "instruction budget of 20000000 exceeded",
                  "instruction budget of 20000000 exceeded");
}

static void other_messages_unchanged(void **state)
{
    (void)state;
    const char *const same[] = {"the plugin failed", "a.lua: no line", "x.lua:12 no colon",
                                "notlua:12: text", "", "instruction budget of many exceeded",
                                "what ever: x.lua:1:no space"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        expect_reword(ADMIT_LANG_VI, "a.b", same[i], same[i]);
}

static void width_limits(void **state)
{
    (void)state;
    textwidth_set(0);
    assert_int_equal(textwidth(), 0);
    assert_true(textwidth_limit() == SIZE_MAX);
    textwidth_set(10);
    assert_int_equal(textwidth(), TEXTWIDTH_MIN);
    textwidth_set(120);
    assert_int_equal(textwidth_limit(), 120);
    setenv("COLUMNS", "72", 1);
    assert_int_equal(textwidth_detect(), 72);
    setenv("COLUMNS", "wide", 1);
    size_t fallback = textwidth_detect();   /* a terminal's width, or 0 in a pipe */
    setenv("COLUMNS", "-5", 1);
    assert_int_equal(textwidth_detect(), fallback);
    unsetenv("COLUMNS");
    textwidth_set(80);
}

static void tally_counts_by_verdict_name(void **state)
{
    (void)state;
    struct verdict_tally t;
    struct strbuf out;
    struct result *r[4];
    for (int i = 0; i < 3; i++) {
        r[i] = result_new("x.json");
        assert_non_null(r[i]);
    }
    r[0]->verdict = VERDICT_ELIGIBLE;
    r[1]->verdict = VERDICT_NOT_ELIGIBLE;
    r[2]->verdict = VERDICT_ELIGIBLE;
    r[3] = result_new_input_error("y.json", NULL, "a.b", "bad");
    assert_non_null(r[3]);
    verdict_tally_init(&t);
    for (int i = 0; i < 4; i++)
        verdict_tally_add(&t, r[i]);
    strbuf_init(&out);
    verdict_tally_text(&t, ADMIT_LANG_VI, &out);
    assert_string_equal(out.buf, "4 hồ sơ: 2 đủ điều kiện, 1 không đủ điều kiện, 1 dữ liệu sai");
    strbuf_release(&out);
    strbuf_init(&out);
    verdict_tally_text(&t, ADMIT_LANG_EN, &out);
    assert_string_equal(out.buf, "4 dossiers: 2 eligible, 1 not eligible, 1 invalid input");
    strbuf_release(&out);
    for (int i = 0; i < 4; i++)
        result_free(r[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(position_becomes_rule_and_line),
        cmocka_unit_test(common_lua_errors_in_vietnamese),
        cmocka_unit_test(other_messages_unchanged),
        cmocka_unit_test(width_limits),
        cmocka_unit_test(tally_counts_by_verdict_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
