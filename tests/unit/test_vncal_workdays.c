/*
 * test_vncal_workdays.c - vncal's table of working days (workdays.c) gives
 * the answers of a straightforward day-by-day reference built here.
 *
 * The table is a bitset with a running count per 64-day word, built a word
 * at a time from seven weekday masks (plugins/vncal/workdays.h).  The
 * reference is what the table replaced: a byte a day (Monday to Friday by
 * civil_is_weekend, then each year's days off and make-up days) and the
 * running count of every day; workdays_add is checked against walks a day
 * at a time, and a sample of the counts too.  Each check runs with no
 * announced schedule (--holidays none), with the shipped schedules
 * (plugins/vncal/holidays: the tests run from the repository root) and
 * with a schedule made here that changes the first and the last days of
 * the range (a make-up Saturday in the first week, the last day off).
 *
 * Linked with the plugin's sources and its generated lunar table
 * (Makefile), like test_vncal_table.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "vncal/civil.h"
#include "vncal/holidays.h"
#include "vncal/lunar.h"
#include "vncal/schedule.h"
#include "vncal/workdays.h"

/* The shipped schedules, from the repository root. */
#define SHIPPED_SCHEDULES "plugins/vncal/holidays"

/* -- the reference ------------------------------------------------------ */

struct reference {
    int32_t first_day, last_day;
    size_t days;
    uint8_t *working;   /* per day from first_day: 1 for a working day */
    int64_t *through;   /* through[i]: working days in first_day .. first_day+i */
    int64_t total;
};

static int ref_working(const struct reference *r, int32_t day)
{
    return r->working[day - r->first_day];
}

/* Build the reference as the byte-a-day table was built. */
static void reference_init(struct reference *r, const struct lunar_calendar *cal,
                           const struct schedule *sched)
{
    r->first_day = civil_from_ymd(HOLIDAYS_FIRST_YEAR, 1, 1);
    r->last_day = civil_from_ymd(HOLIDAYS_LAST_YEAR, 12, 31);
    r->days = (size_t)(r->last_day - r->first_day + 1);
    r->working = malloc(r->days);
    r->through = malloc(r->days * sizeof *r->through);
    assert_non_null(r->working);
    assert_non_null(r->through);
    for (size_t i = 0; i < r->days; i++)
        r->working[i] = !civil_is_weekend(r->first_day + (int32_t)i);
    for (int y = HOLIDAYS_FIRST_YEAR; y <= HOLIDAYS_LAST_YEAR; y++) {
        const struct schedule_year *announced = schedule_find(sched, y);
        if (announced != NULL) {
            for (size_t i = 0; i < announced->count; i++)
                r->working[announced->entries[i].day - r->first_day] =
                    (uint8_t)!announced->entries[i].off;
            continue;
        }
        struct holiday off[HOLIDAYS_MAX_PER_YEAR];
        size_t n = holidays_default(cal, y, off);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++)
            r->working[off[i].day - r->first_day] = 0;
    }
    int64_t sum = 0;
    for (size_t i = 0; i < r->days; i++) {
        sum += r->working[i];
        r->through[i] = sum;
    }
    r->total = sum;
}

static void reference_release(struct reference *r)
{
    free(r->working);
    free(r->through);
}

static int64_t ref_count(const struct reference *r, int32_t a, int32_t b)
{
    return r->through[b - r->first_day] - r->through[a - r->first_day];
}

/* The count of (a, b] one day at a time; minus that of (b, a]. */
static int64_t count_by_walking(const struct reference *r, int32_t a, int32_t b)
{
    int64_t n = 0;
    for (int32_t day = a + 1; day <= b; day++)
        n += ref_working(r, day);
    for (int32_t day = b + 1; day <= a; day++)
        n -= ref_working(r, day);
    return n;
}

/* Walk from `day` a day at a time (step +1 or -1) to the end of the range,
 * writing the k-th working day met to found[k - 1], at most `limit` of
 * them.  Returns how many were written. */
static int64_t walk(const struct reference *r, int32_t day, int step, int32_t *found,
                    int64_t limit)
{
    int64_t k = 0;
    for (day += step; k < limit && day >= r->first_day && day <= r->last_day; day += step)
        if (ref_working(r, day))
            found[k++] = day;
    return k;
}

/* -- comparing ---------------------------------------------------------- */

static void expect_count(const struct workdays *w, const struct reference *r, int32_t a,
                         int32_t b)
{
    if (a < r->first_day || a > r->last_day || b < r->first_day || b > r->last_day)
        return;
    int64_t got = workdays_count(w, a, b), want = ref_count(r, a, b);
    if (got != want)
        fail_msg("workdays_count(%ld, %ld) = %lld, expected %lld", (long)a, (long)b,
                 (long long)got, (long long)want);
}

/* workdays_add(day, n) against the walks from `day`: after[k - 1] is the
 * k-th working day after it (n_after of them found), before[k - 1] the
 * k-th before it. */
static void expect_add(const struct workdays *w, int32_t day, int64_t n, const int32_t *after,
                       int64_t n_after, const int32_t *before, int64_t n_before)
{
    int32_t got = INT32_MIN;
    int rc = workdays_add(w, day, n, &got), want_rc = 0;
    int32_t want = day;
    if (n > 0) {
        want_rc = n <= n_after ? 0 : -1;
        if (want_rc == 0)
            want = after[n - 1];
    } else if (n < 0) {
        want_rc = n >= -n_before ? 0 : -1;
        if (want_rc == 0)
            want = before[-n - 1];
    }
    if (rc != want_rc || (rc == 0 && got != want))
        fail_msg("workdays_add(%ld, %lld) = %d, day %ld; expected %d, day %ld", (long)day,
                 (long long)n, rc, (long)(rc == 0 ? got : 0), want_rc,
                 (long)(want_rc == 0 ? want : 0));
}

/* A day a word's width (64 days) from the start, its neighbours, and the
 * last days: where the bits of one word end and the next begin. */
static const int32_t edge_offsets[] = {0, 1, 2, 62, 63, 64, 65, 127, 128, 129, 191, 192};
static const int32_t end_offsets[] = {0, 1, 2, 27, 28, 29, 30, 31, 63, 64, 65};

/* Everything the table answers against the reference, for one schedule. */
static void compare(const struct schedule *sched)
{
    struct lunar_calendar cal;
    struct workdays w;
    struct reference r;
    lunar_calendar_init(&cal);
    assert_int_equal(workdays_init(&w, &cal, sched), 0);
    reference_init(&r, &cal, sched);
    assert_int_equal(w.first_day, r.first_day);
    assert_int_equal(w.last_day, r.last_day);

    /* Every day's working bit, and the range. */
    for (int32_t day = r.first_day; day <= r.last_day; day++) {
        assert_true(workdays_in_range(&w, day));
        if (workdays_is_working(&w, day) != ref_working(&r, day))
            fail_msg("day %ld: is_working %d, expected %d", (long)day,
                     workdays_is_working(&w, day), ref_working(&r, day));
    }
    assert_false(workdays_in_range(&w, r.first_day - 1));
    assert_false(workdays_in_range(&w, r.last_day + 1));
    assert_int_equal(workdays_count(&w, r.first_day, r.last_day),
                     r.total - ref_working(&r, r.first_day));

    /* Counts from every day to its neighbours, a word's width and a year
     * away (both ways, and to itself), and to both ends of the range. */
    static const int32_t deltas[] = {0, 1, 2, 6, 7, 63, 64, 65, 128, 365, 366, 1000};
    for (int32_t a = r.first_day; a <= r.last_day; a++) {
        for (size_t i = 0; i < sizeof deltas / sizeof deltas[0]; i++) {
            expect_count(&w, &r, a, a + deltas[i]);
            expect_count(&w, &r, a, a - deltas[i]);
        }
        expect_count(&w, &r, a, r.first_day);
        expect_count(&w, &r, a, r.last_day);
        expect_count(&w, &r, r.first_day, a);
        expect_count(&w, &r, r.last_day, a);
    }
    /* Every pair of edge days: the range's first and last words, and the
     * first and last day of every year (across years, both ways). */
    int32_t edges[2 * (HOLIDAYS_LAST_YEAR - HOLIDAYS_FIRST_YEAR + 1) + 32];
    size_t n_edges = 0;
    for (size_t i = 0; i < sizeof edge_offsets / sizeof edge_offsets[0]; i++)
        edges[n_edges++] = r.first_day + edge_offsets[i];
    for (size_t i = 0; i < sizeof end_offsets / sizeof end_offsets[0]; i++)
        edges[n_edges++] = r.last_day - end_offsets[i];
    for (int y = HOLIDAYS_FIRST_YEAR; y <= HOLIDAYS_LAST_YEAR; y++) {
        edges[n_edges++] = civil_from_ymd(y, 1, 1);
        edges[n_edges++] = civil_from_ymd(y, 12, 31);
    }
    for (size_t i = 0; i < n_edges; i++)
        for (size_t j = 0; j < n_edges; j++)
            expect_count(&w, &r, edges[i], edges[j]);
    /* Pairs anywhere (a fixed sequence, the same at every run); some of
     * them counted a day at a time, which checks the reference too. */
    uint32_t seed = 20231;
    for (int i = 0; i < 100000; i++) {
        seed = seed * 1103515245u + 12345u;
        int32_t a = r.first_day + (int32_t)((seed >> 8) % r.days);
        seed = seed * 1103515245u + 12345u;
        int32_t b = r.first_day + (int32_t)((seed >> 8) % r.days);
        expect_count(&w, &r, a, b);
        if (i % 50 == 0)
            assert_int_equal(ref_count(&r, a, b), count_by_walking(&r, a, b));
    }

    /* workdays_add: from every day, 1 to 12 and a word's width each way;
     * from the edge days and every 61st day, a spread of n from 1 to
     * beyond any count, each way, and the last n with an answer and the
     * first without; from the days of the range's first and last words,
     * every n from the first without an answer before to the first after. */
    int32_t *after = malloc(r.days * sizeof *after), *before = malloc(r.days * sizeof *before);
    assert_non_null(after);
    assert_non_null(before);
    static const int64_t near[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 63, 64, 65};
    for (int32_t day = r.first_day; day <= r.last_day; day++) {
        int64_t n_after = walk(&r, day, +1, after, 65), n_before = walk(&r, day, -1, before, 65);
        expect_add(&w, day, 0, after, n_after, before, n_before);
        for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
            expect_add(&w, day, near[i], after, n_after, before, n_before);
            expect_add(&w, day, -near[i], after, n_after, before, n_before);
        }
    }
    const int64_t spread[] = {1,         2,       3,       5,         7,
                              22,        63,      64,      65,        250,
                              1000,      5000,    12345,   r.total - 1, r.total,
                              r.total + 1, r.total + 2, (int64_t)r.days, INT32_MAX,
                              (int64_t)INT32_MAX + 1, INT64_MAX};
    size_t n_ends = sizeof edge_offsets / sizeof edge_offsets[0] +
                    sizeof end_offsets / sizeof end_offsets[0];
    for (size_t e = 0; e <= n_edges + r.days / 61; e++) {
        int32_t day = e < n_edges ? edges[e] : r.first_day + (int32_t)((e - n_edges) * 61);
        int64_t n_after = walk(&r, day, +1, after, (int64_t)r.days);
        int64_t n_before = walk(&r, day, -1, before, (int64_t)r.days);
        for (size_t i = 0; i < sizeof spread / sizeof spread[0]; i++) {
            expect_add(&w, day, spread[i], after, n_after, before, n_before);
            expect_add(&w, day, -spread[i], after, n_after, before, n_before);
        }
        expect_add(&w, day, INT64_MIN, after, n_after, before, n_before);
        expect_add(&w, day, n_after, after, n_after, before, n_before);
        expect_add(&w, day, n_after + 1, after, n_after, before, n_before);
        expect_add(&w, day, -n_before, after, n_after, before, n_before);
        expect_add(&w, day, -n_before - 1, after, n_after, before, n_before);
        if (e < n_ends)
            for (int64_t n = -n_before - 1; n <= n_after + 1; n++)
                expect_add(&w, day, n, after, n_after, before, n_before);
    }
    free(after);
    free(before);
    /* From a day out of range, even by 0 days. */
    int32_t out = 0;
    assert_int_equal(workdays_add(&w, r.first_day - 1, 0, &out), -1);
    assert_int_equal(workdays_add(&w, r.first_day - 1, 1, &out), -1);
    assert_int_equal(workdays_add(&w, r.last_day + 1, -1, &out), -1);

    /* Each year's days off in date order, inside the year. */
    for (int y = HOLIDAYS_FIRST_YEAR; y <= HOLIDAYS_LAST_YEAR; y++) {
        size_t count;
        const struct holiday *off = workdays_days_off(&w, y, &count);
        for (size_t i = 0; i < count; i++) {
            assert_in_range(off[i].day, civil_from_ymd(y, 1, 1), civil_from_ymd(y, 12, 31));
            assert_false(ref_working(&r, off[i].day));
            if (i > 0)
                assert_true(off[i - 1].day < off[i].day);
        }
    }

    reference_release(&r);
    workdays_release(&w);
    assert_null(w.working);
    lunar_calendar_release(&cal);
}

/* -- the tests ---------------------------------------------------------- */

static void test_no_schedule(void **state)
{
    (void)state;
    struct schedule none = {NULL, 0};
    compare(&none);
}

static void test_shipped_schedules(void **state)
{
    (void)state;
    struct schedule sched;
    char err[512];
    if (schedule_load(SHIPPED_SCHEDULES, HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR, 1, &sched, err,
                      sizeof err) != 0)
        fail_msg("%s", err);
    assert_true(sched.count > 0);
    compare(&sched);
    schedule_release(&sched);
}

/* 2007-01-01 is a Monday and 2100-12-31 a Friday: the first and the last
 * bits of the table change, and the make-up weekend days set bits the
 * weekday masks leave clear. */
static void test_schedule_at_the_ends(void **state)
{
    (void)state;
    char note[] = "";
    struct schedule_entry first[] = {
        {civil_from_ymd(2007, 1, 1), 1, note},   /* Monday off */
        {civil_from_ymd(2007, 1, 2), 1, note},   /* Tuesday off */
        {civil_from_ymd(2007, 1, 6), 0, note},   /* Saturday worked */
        {civil_from_ymd(2007, 1, 7), 0, note},   /* Sunday worked */
        {civil_from_ymd(2007, 3, 5), 1, note},   /* Monday, the first word's last day */
    };
    struct schedule_entry last[] = {
        {civil_from_ymd(2100, 12, 25), 0, note}, /* Saturday worked */
        {civil_from_ymd(2100, 12, 26), 0, note}, /* Sunday worked */
        {civil_from_ymd(2100, 12, 30), 1, note}, /* Thursday off */
        {civil_from_ymd(2100, 12, 31), 1, note}, /* Friday off: the last day */
    };
    struct schedule_year years[] = {
        {2007, first, sizeof first / sizeof first[0]},
        {2100, last, sizeof last / sizeof last[0]},
    };
    struct schedule sched = {years, 2};
    assert_int_equal(civil_weekday(first[0].day), 1);
    assert_int_equal(civil_weekday(last[3].day), 5);
    compare(&sched);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_schedule),
        cmocka_unit_test(test_shipped_schedules),
        cmocka_unit_test(test_schedule_at_the_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
