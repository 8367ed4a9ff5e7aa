/* Unit tests of suggest.c: distances and the choice of a suggestion. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "suggest.h"

static void distance_counts_each_kind_of_edit(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("check", "check"), 0);
    assert_int_equal(suggest_distance("chek", "check"), 1);      /* insert */
    assert_int_equal(suggest_distance("checkk", "check"), 1);    /* delete */
    assert_int_equal(suggest_distance("xheck", "check"), 1);     /* substitute */
    assert_int_equal(suggest_distance("chekc", "check"), 1);     /* transpose */
    assert_int_equal(suggest_distance("", "abc"), 3);
    assert_int_equal(suggest_distance("kitten", "sitting"), 3);
}

static void distance_refuses_long_words(void **state)
{
    (void)state;
    char longword[80];
    for (size_t i = 0; i < sizeof longword - 1; i++)
        longword[i] = 'a';
    longword[sizeof longword - 1] = '\0';
    assert_true(suggest_distance(longword, "a") == SIZE_MAX);
}

static void closest_picks_the_nearest_within_limit(void **state)
{
    (void)state;
    const char *const commands[] = {"check", "test", "rules", "timeline", "calendar"};
    assert_string_equal(suggest_closest("chekc", commands, 5), "check");
    assert_string_equal(suggest_closest("timelin", commands, 5), "timeline");
    assert_null(suggest_closest("check", commands, 5));       /* exact: nothing to suggest */
    assert_null(suggest_closest("audit", commands, 5));       /* too far from all */
    assert_null(suggest_closest("x", commands, 5));
}

static void closest_ties_go_to_the_first(void **state)
{
    (void)state;
    const char *const words[] = {"cat", "car"};
    assert_string_equal(suggest_closest("cap", words, 2), "cat");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(distance_counts_each_kind_of_edit),
        cmocka_unit_test(distance_refuses_long_words),
        cmocka_unit_test(closest_picks_the_nearest_within_limit),
        cmocka_unit_test(closest_ties_go_to_the_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
