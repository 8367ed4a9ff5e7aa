/*
 * test_vncal_table.c - the lunar table compiled into vncal.so equals the
 * calendar computed at run time.
 *
 * vncal's table of lunar months is computed at build time by
 * plugins/vncal/gen/lunar_table_gen.c, which runs lunar_calendar_compute
 * and writes build/gen/vncal_lunar_table.c (Makefile).  This test links the
 * same lunar.c, astro.c and civil.c with that generated table and compares,
 * month by month, the table the plugin uses (lunar_calendar_init) with a
 * fresh lunar_calendar_compute in this process, and lookups through both.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "vncal/lunar.h"

static void test_table_equals_computation(void **state)
{
    (void)state;
    struct lunar_calendar built, computed;
    lunar_calendar_init(&built);
    assert_int_equal(lunar_calendar_compute(&computed), 0);
    assert_ptr_equal(built.months, lunar_table_months);
    assert_null(built.owned);
    assert_non_null(computed.owned);
    assert_int_equal(built.first_day, computed.first_day);
    assert_int_equal(built.last_day, computed.last_day);
    assert_int_equal(built.count, computed.count);
    /* 133 years of about 12.37 months. */
    assert_in_range(built.count, 1640, 1660);
    for (size_t i = 0; i < computed.count; i++) {
        const struct lunar_month *a = &built.months[i], *b = &computed.months[i];
        if (a->start != b->start || a->year != b->year || a->month != b->month ||
            a->leap != b->leap || a->length != b->length)
            fail_msg("month %zu: table {%ld, %d, %d, %d, %d}, computed {%ld, %d, %d, %d, %d}", i,
                     (long)a->start, a->year, a->month, a->leap, a->length, (long)b->start,
                     b->year, b->month, b->leap, b->length);
    }
    lunar_calendar_release(&computed);
    lunar_calendar_release(&built);
    assert_null(computed.months);
}

/* Every day of the range converts alike through both, and back. */
static void test_lookups_agree(void **state)
{
    (void)state;
    struct lunar_calendar built, computed;
    lunar_calendar_init(&built);
    assert_int_equal(lunar_calendar_compute(&computed), 0);
    for (int32_t day = built.first_day; day <= built.last_day; day++) {
        struct lunar_date a, b;
        int32_t back;
        assert_int_equal(lunar_from_day(&built, day, &a), 0);
        assert_int_equal(lunar_from_day(&computed, day, &b), 0);
        if (a.year != b.year || a.month != b.month || a.day != b.day || a.leap != b.leap)
            fail_msg("day %ld differs", (long)day);
        assert_int_equal(lunar_to_day(&built, &a, &back), LUNAR_FOUND);
        assert_int_equal(back, day);
    }
    struct lunar_date tet2007 = {2007, 1, 1, 0};
    int32_t day;
    assert_int_equal(lunar_to_day(&built, &tet2007, &day), LUNAR_FOUND);
    struct lunar_date got;
    assert_int_equal(lunar_from_day(&computed, day, &got), 0);
    assert_int_equal(got.month, 1);
    assert_int_equal(got.day, 1);
    lunar_calendar_release(&computed);
    lunar_calendar_release(&built);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_equals_computation),
        cmocka_unit_test(test_lookups_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
