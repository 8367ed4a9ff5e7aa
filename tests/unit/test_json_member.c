/*
 * test_json_member.c - json_member finds what cJSON_GetObjectItemCaseSensitive
 * finds, although it compares first bytes before calling strcmp; and
 * json_text_is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "json_member.h"

/* Names that share first bytes, differ only later or in length, are
 * empty, repeated, or absent: the same member as cJSON's, every time. */
static void test_same_member_as_cjson(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "ab", "abc", "b", "", "ba", "x\xc3\xa1", "xa", "ab"};
    static const char *const asked[] = {"a",  "ab", "abc", "abd", "b", "", "ba", "bb",
                                        "x\xc3\xa1", "xa", "x", "A", "z", "abcd"};
    cJSON *object = cJSON_CreateObject();
    assert_non_null(object);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_non_null(cJSON_AddNumberToObject(object, names[i], (double)i));
    for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++)
        if (json_member(object, asked[i]) != cJSON_GetObjectItemCaseSensitive(object, asked[i]))
            fail_msg("json_member(\"%s\") is not cJSON's member", asked[i]);
    assert_null(json_member(object, "abd"));
    assert_int_equal(json_member(object, "")->valuedouble, 4);
    assert_int_equal(json_member(object, "ab")->valuedouble, 1);   /* the first of two */
    cJSON_Delete(object);
}

/* No object, no name, or an array: nothing, as cJSON gives. */
static void test_nothing_to_find(void **state)
{
    (void)state;
    cJSON *array = cJSON_CreateArray();
    assert_non_null(array);
    assert_non_null(cJSON_AddItemToArray(array, cJSON_CreateNumber(1)) ? array : NULL);
    assert_null(json_member(NULL, "a"));
    assert_null(json_member(array, "a"));
    assert_null(json_member(array, ""));
    cJSON *object = cJSON_CreateObject();
    assert_non_null(object);
    assert_null(json_member(object, "a"));   /* empty */
    assert_non_null(cJSON_AddNumberToObject(object, "a", 1));
    assert_null(json_member(object, NULL));
    cJSON_Delete(object);
    cJSON_Delete(array);
}

static void test_text_is(void **state)
{
    (void)state;
    assert_true(json_text_is("status", "status"));
    assert_true(json_text_is("", ""));
    assert_false(json_text_is("status", "statu"));
    assert_false(json_text_is("statu", "status"));
    assert_false(json_text_is("status", "Status"));
    assert_false(json_text_is("", "s"));
    assert_false(json_text_is("s", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_member_as_cjson),
        cmocka_unit_test(test_nothing_to_find),
        cmocka_unit_test(test_text_is),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
