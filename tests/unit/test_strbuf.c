/*
 * test_strbuf.c - growable strings (engine/strbuf.c), the status enum and
 * error reports (engine/status.c) and the language choice (engine/i18n.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "status.h"
#include "strbuf.h"

/* ------------------------------------------------------------------------ i18n (first: the default) */

static void test_default_language(void **state)
{
    (void)state;
    /* Nothing has set the language yet in this process: Vietnamese. */
    assert_int_equal(i18n_lang(), ADMIT_LANG_VI);
    assert_string_equal(TR("có", "yes"), "có");
    i18n_set_lang(ADMIT_LANG_EN);
    assert_int_equal(i18n_lang(), ADMIT_LANG_EN);
    assert_string_equal(TR("có", "yes"), "yes");
    i18n_set_lang(ADMIT_LANG_VI);
    assert_int_equal(i18n_lang(), ADMIT_LANG_VI);
    assert_string_equal(i18n_code(ADMIT_LANG_VI), "vi");
    assert_string_equal(i18n_code(ADMIT_LANG_EN), "en");
}

static void test_i18n_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        enum admit_lang lang;
    } good[] = {
        {"vi", ADMIT_LANG_VI}, {"en", ADMIT_LANG_EN}, {"EN", ADMIT_LANG_EN},
        {"Vi", ADMIT_LANG_VI}, {"en_US.UTF-8", ADMIT_LANG_EN}, {"vi_VN.UTF-8", ADMIT_LANG_VI},
        {"en-GB", ADMIT_LANG_EN}, {"en.UTF-8", ADMIT_LANG_EN}, {"vi_VN", ADMIT_LANG_VI},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        enum admit_lang lang = good[i].lang == ADMIT_LANG_VI ? ADMIT_LANG_EN : ADMIT_LANG_VI;
        if (i18n_parse(good[i].text, &lang) != 0 || lang != good[i].lang) {
            print_error("i18n_parse(\"%s\") refused or wrong\n", good[i].text);
            fail();
        }
    }
    static const char *const bad[] = {"fr", "e", "", "eng", "english", "ven", "C", "POSIX",
                                      "fr_FR.UTF-8", "e_", "_en", " en", "vi "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        enum admit_lang lang = ADMIT_LANG_EN;
        if (i18n_parse(bad[i], &lang) != -1) {
            print_error("i18n_parse(\"%s\") accepted\n", bad[i]);
            fail();
        }
        assert_int_equal(lang, ADMIT_LANG_EN);   /* untouched */
    }
    enum admit_lang lang = ADMIT_LANG_EN;
    assert_int_equal(i18n_parse(NULL, &lang), -1);
}

/* ------------------------------------------------------------------------ strbuf */

static void test_strbuf_init_release(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    assert_non_null(sb.buf);
    assert_string_equal(sb.buf, "");
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.failed, 0);
    strbuf_release(&sb);
    assert_non_null(sb.buf);
    assert_int_equal(sb.len, 0);
    strbuf_puts(&sb, "x");
    strbuf_release(&sb);
    assert_string_equal(sb.buf, "");
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);   /* twice is fine */
}

static void test_strbuf_appends(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "Người ");
    strbuf_add(&sb, "vào Đảng!!!", strlen("vào Đảng"));
    strbuf_addf(&sb, ": %d tuổi %s", 18, "đủ");
    assert_string_equal(sb.buf, "Người vào Đảng: 18 tuổi đủ");
    assert_int_equal(sb.len, strlen("Người vào Đảng: 18 tuổi đủ"));
    /* Empty appends change nothing. */
    strbuf_puts(&sb, "");
    strbuf_add(&sb, "ignored", 0);
    strbuf_addf(&sb, "%s", "");
    assert_int_equal(sb.len, strlen("Người vào Đảng: 18 tuổi đủ"));
    strbuf_release(&sb);

    /* Sizes in decimal, as %zu writes them. */
    strbuf_init(&sb);
    const size_t sizes[] = {0, 7, 10, 99, 12345, (size_t)-1};
    struct strbuf expected;
    strbuf_init(&expected);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        strbuf_add_size(&sb, sizes[i]);
        strbuf_puts(&sb, ",");
        strbuf_addf(&expected, "%zu,", sizes[i]);
    }
    assert_string_equal(sb.buf, expected.buf);
    assert_string_equal(sb.buf, "0,7,10,99,12345,18446744073709551615,");
    strbuf_release(&expected);
    strbuf_release(&sb);

    /* Bytes, NUL included, are kept; the buffer stays terminated after them. */
    strbuf_init(&sb);
    strbuf_add(&sb, "a\0b", 3);
    assert_int_equal(sb.len, 3);
    assert_memory_equal(sb.buf, "a\0b", 4);
    strbuf_release(&sb);
}

/* Many appends, and single appends larger than the buffer, grow it correctly. */
static void test_strbuf_growth(void **state)
{
    (void)state;
    struct strbuf sb;
    char *want = malloc(20001);
    assert_non_null(want);
    strbuf_init(&sb);
    for (size_t i = 0; i < 10000; i++) {
        char c = (char)('a' + i % 26);
        strbuf_add(&sb, &c, 1);
        want[i] = c;
    }
    want[10000] = '\0';
    assert_int_equal(sb.len, 10000);
    assert_string_equal(sb.buf, want);
    assert_true(sb.alloc > sb.len);

    /* One append of 10000 bytes at once, and a formatted one larger than the start size. */
    strbuf_add(&sb, want, 10000);
    assert_int_equal(sb.len, 20000);
    assert_memory_equal(sb.buf + 10000, want, 10000);
    assert_int_equal(sb.buf[20000], '\0');
    strbuf_release(&sb);

    strbuf_init(&sb);
    strbuf_addf(&sb, "%0300d|%s", 7, "end");
    assert_int_equal(sb.len, 304);
    assert_int_equal(sb.buf[299], '7');
    assert_string_equal(sb.buf + 300, "|end");
    strbuf_release(&sb);
    free(want);
}

static void test_strbuf_detach(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s-%d", "rule", 42);
    char *s = strbuf_detach(&sb);
    assert_non_null(s);
    assert_string_equal(s, "rule-42");
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    free(s);

    /* An empty buffer detaches to an empty string the caller can free. */
    s = strbuf_detach(&sb);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);

    /* The buffer is usable again after detaching. */
    strbuf_puts(&sb, "again");
    s = strbuf_detach(&sb);
    assert_string_equal(s, "again");
    free(s);
}

/* After a failed allocation appends do nothing and detach says so (and frees). */
/* reset empties a buffer, keeps its memory, and clears `failed`. */
static void test_strbuf_reset(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_reset(&sb);                       /* the empty string: nothing to write into */
    assert_string_equal(sb.buf, "");
    assert_int_equal(sb.len, 0);
    strbuf_puts(&sb, "tiêu chí");
    char *kept = sb.buf;
    size_t alloc = sb.alloc;
    sb.failed = 1;
    strbuf_reset(&sb);
    assert_string_equal(sb.buf, "");
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.failed, 0);
    assert_ptr_equal(sb.buf, kept);
    assert_int_equal(sb.alloc, alloc);
    strbuf_puts(&sb, "a;b");
    assert_string_equal(sb.buf, "a;b");
    strbuf_release(&sb);
}

static void test_strbuf_failed(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "partial");
    sb.failed = 1;   /* as grow() leaves it when realloc fails */
    strbuf_puts(&sb, " more");
    strbuf_addf(&sb, "%d", 1);
    strbuf_add(&sb, "x", 1);
    assert_string_equal(sb.buf, "partial");
    assert_int_equal(sb.len, 7);
    assert_null(strbuf_detach(&sb));
    assert_int_equal(sb.failed, 0);   /* reset */
    assert_string_equal(sb.buf, "");

    strbuf_init(&sb);
    sb.failed = 1;
    assert_null(strbuf_detach(&sb));
}

/* ------------------------------------------------------------------------ status */

static void test_strerror(void **state)
{
    (void)state;
    static const enum admit_status all[] = {ADMIT_OK, ADMIT_EUSAGE, ADMIT_EINPUT, ADMIT_EIO,
                                            ADMIT_ENOMEM, ADMIT_ERULES, ADMIT_EPLUGIN,
                                            ADMIT_EINTERNAL};
    size_t n = sizeof all / sizeof all[0];
    for (size_t i = 0; i < n; i++) {
        const char *s = admit_strerror(all[i]);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        assert_string_not_equal(s, "unknown status");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(s, admit_strerror(all[j]));
    }
    assert_string_equal(admit_strerror(ADMIT_EINPUT), "invalid input");
    assert_string_equal(admit_strerror((enum admit_status)99), "unknown status");
}

static void test_error_set_and_clear(void **state)
{
    (void)state;
    struct admit_error err;
    admit_error_clear(&err);
    assert_int_equal(err.status, ADMIT_OK);
    assert_string_equal(err.file, "");
    assert_string_equal(err.path, "");
    assert_string_equal(err.message, "");

    enum admit_status s = admit_error_set(&err, ADMIT_EINPUT, "dossier.json", "candidate.birth_date",
                                          "\"%s\" is not a valid date", "1996-02-30");
    assert_int_equal(s, ADMIT_EINPUT);
    assert_int_equal(err.status, ADMIT_EINPUT);
    assert_string_equal(err.file, "dossier.json");
    assert_string_equal(err.path, "candidate.birth_date");
    assert_string_equal(err.message, "\"1996-02-30\" is not a valid date");

    /* NULL file and path leave them empty, replacing what was there. */
    assert_int_equal(admit_error_set(&err, ADMIT_EIO, NULL, NULL, "%s", "gone"), ADMIT_EIO);
    assert_string_equal(err.file, "");
    assert_string_equal(err.path, "");
    assert_string_equal(err.message, "gone");

    /* A NULL report is allowed: only the status comes back. */
    assert_int_equal(admit_error_set(NULL, ADMIT_ERULES, "f", "p", "%s", "m"), ADMIT_ERULES);

    admit_error_clear(&err);
    assert_int_equal(err.status, ADMIT_OK);
    assert_string_equal(err.message, "");
    admit_error_clear(NULL);
}

static void test_error_truncation(void **state)
{
    (void)state;
    struct admit_error err;
    char big[4096];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';

    admit_error_set(&err, ADMIT_EINPUT, big, big, "%s", big);
    assert_int_equal(strlen(err.message), ADMIT_ERROR_MAX - 1);
    assert_string_equal(err.message + ADMIT_ERROR_MAX - 4, "...");
    assert_int_equal(err.message[ADMIT_ERROR_MAX - 5], 'm');
    assert_int_equal(strlen(err.file), sizeof err.file - 1);
    assert_string_equal(err.file + sizeof err.file - 4, "...");
    assert_int_equal(strlen(err.path), sizeof err.path - 1);
    assert_string_equal(err.path + sizeof err.path - 4, "...");

    /* Exactly the room there is: no "...". */
    big[ADMIT_ERROR_MAX - 1] = '\0';
    admit_error_set(&err, ADMIT_EINPUT, NULL, NULL, "%s", big);
    assert_int_equal(strlen(err.message), ADMIT_ERROR_MAX - 1);
    assert_int_equal(err.message[ADMIT_ERROR_MAX - 2], 'm');
    big[ADMIT_ERROR_MAX - 1] = 'm';
    big[sizeof err.file - 1] = '\0';
    admit_error_set(&err, ADMIT_EINPUT, big, NULL, "x");
    assert_int_equal(strlen(err.file), sizeof err.file - 1);
    assert_int_equal(err.file[sizeof err.file - 2], 'm');
    /* One more character than fits: cut with "...". */
    big[sizeof err.file - 1] = 'm';
    big[sizeof err.file] = '\0';
    admit_error_set(&err, ADMIT_EINPUT, big, NULL, "x");
    assert_string_equal(err.file + sizeof err.file - 4, "...");
}

static void test_error_format(void **state)
{
    (void)state;
    struct admit_error err;
    char buf[256];
    admit_error_set(&err, ADMIT_EINPUT, "d.json", "candidate.birth_date", "not a date");
    assert_string_equal(admit_error_format(&err, buf, sizeof buf),
                        "d.json: candidate.birth_date: not a date");
    assert_ptr_equal(admit_error_format(&err, buf, sizeof buf), buf);

    admit_error_set(&err, ADMIT_EIO, "d.json", NULL, "cannot read the file");
    assert_string_equal(admit_error_format(&err, buf, sizeof buf), "d.json: cannot read the file");
    admit_error_set(&err, ADMIT_EINPUT, NULL, "line 2, column 5", "invalid UTF-8");
    assert_string_equal(admit_error_format(&err, buf, sizeof buf), "line 2, column 5: invalid UTF-8");
    admit_error_set(&err, ADMIT_EUSAGE, NULL, NULL, "unknown option");
    assert_string_equal(admit_error_format(&err, buf, sizeof buf), "unknown option");
    admit_error_set(&err, ADMIT_EUSAGE, "f", "p", "%s", "");
    assert_string_equal(admit_error_format(&err, buf, sizeof buf), "f: p");
    admit_error_clear(&err);
    assert_string_equal(admit_error_format(&err, buf, sizeof buf), "");

    /* Too long for the buffer: cut with "...". */
    char small[7];
    admit_error_set(&err, ADMIT_EINPUT, "a", "b", "c");
    assert_string_equal(admit_error_format(&err, small, sizeof small), "a: ...");
    char exact[8];
    assert_string_equal(admit_error_format(&err, exact, sizeof exact), "a: b: c");
    char tiny[10];
    admit_error_set(&err, ADMIT_EINPUT, "rules/params.json", "params.x", "expected an object");
    admit_error_format(&err, tiny, sizeof tiny);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);
    assert_string_equal(tiny, "rules/...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_language),
        cmocka_unit_test(test_i18n_parse),
        cmocka_unit_test(test_strbuf_init_release),
        cmocka_unit_test(test_strbuf_appends),
        cmocka_unit_test(test_strbuf_growth),
        cmocka_unit_test(test_strbuf_detach),
        cmocka_unit_test(test_strbuf_reset),
        cmocka_unit_test(test_strbuf_failed),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_error_set_and_clear),
        cmocka_unit_test(test_error_truncation),
        cmocka_unit_test(test_error_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
