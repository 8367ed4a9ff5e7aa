/*
 * test_date.c - day numbers and the rulebook's date arithmetic (engine/date.c).
 *
 * Conversions are checked against a naive calendar walk (one day at a time,
 * month lengths from the Gregorian leap rule), month arithmetic and ages
 * against the figures of rulebook.md, "Date arithmetic".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"

/* ------------------------------------------------------------------------ helpers */

/* The day number of a literal "YYYY-MM-DD"; fails the test when it does not parse. */
static admit_day day_of(const char *text)
{
    admit_day day = 0;
    if (date_parse(text, strlen(text), &day) != 0) {
        print_error("date_parse refused \"%s\"\n", text);
        fail();
    }
    return day;
}

/* Assert that `day` is the date `want` ("YYYY-MM-DD"), printing both when not. */
static void check_day(admit_day day, const char *want, const char *what)
{
    char text[DATE_TEXT_SIZE];
    date_format_iso(day, text);
    if (strcmp(text, want) != 0) {
        print_error("%s: got %s (day %ld), expected %s\n", what, text, (long)day, want);
        fail();
    }
}

/* An independent leap rule and month lengths for the naive walk. */
static int naive_leap(int y)
{
    if (y % 400 == 0)
        return 1;
    if (y % 100 == 0)
        return 0;
    return y % 4 == 0;
}

static int naive_days_in_month(int y, int m)
{
    switch (m) {
    case 2:
        return naive_leap(y) ? 29 : 28;
    case 4: case 6: case 9: case 11:
        return 30;
    default:
        return 31;
    }
}

static void naive_next(int *y, int *m, int *d)
{
    if (++*d > naive_days_in_month(*y, *m)) {
        *d = 1;
        if (++*m > 12) {
            *m = 1;
            ++*y;
        }
    }
}

/* Check y-m-d <-> `expect` both ways, and that the ISO text round-trips. */
static void check_round_trip(int y, int m, int d, admit_day expect)
{
    admit_day got = date_from_ymd(y, m, d);
    int ry, rm, rd;
    if (got != expect) {
        print_error("date_from_ymd(%04d-%02d-%02d) = %ld, expected %ld\n", y, m, d, (long)got,
                    (long)expect);
        fail();
    }
    date_to_ymd(expect, &ry, &rm, &rd);
    if (ry != y || rm != m || rd != d) {
        print_error("date_to_ymd(%ld) = %04d-%02d-%02d, expected %04d-%02d-%02d\n", (long)expect,
                    ry, rm, rd, y, m, d);
        fail();
    }
    if (!date_valid(y, m, d)) {
        print_error("date_valid(%04d-%02d-%02d) = 0\n", y, m, d);
        fail();
    }
}

/* ------------------------------------------------------------------------ conversions */

static void test_known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(date_from_ymd(2000, 2, 29), 11016);
    assert_int_equal(date_from_ymd(1900, 1, 1), -25567);
    assert_int_equal(date_from_ymd(2023, 6, 1), 19509);
    assert_int_equal(date_from_ymd(1, 1, 1), -719162);
    assert_int_equal(date_from_ymd(9999, 12, 31), 2932896);
}

/* Every day from 1900-01-01 to 2200-12-31, one after the other. */
static void test_round_trip_1900_2200(void **state)
{
    (void)state;
    int y = 1900, m = 1, d = 1;
    admit_day expect = date_from_ymd(1900, 1, 1);
    long days = 0;
    while (y <= 2200) {
        check_round_trip(y, m, d, expect);
        naive_next(&y, &m, &d);
        expect++;
        days++;
    }
    /* 301 years of which 73 are leap (1900, 2100 and 2200 are not). */
    assert_int_equal(days, 301L * 365 + 73);
    assert_int_equal(expect, date_from_ymd(2201, 1, 1));
}

/* Day numbers before year 1 (proleptic, date.h: any day number splits):
 * every day of years -801 to 0, where the era arithmetic divides negative
 * numbers (floor division), one after the other, ending on 0001-01-01. */
static void test_round_trip_before_year_1(void **state)
{
    (void)state;
    assert_int_equal(date_from_ymd(0, 3, 1), -719468);
    assert_int_equal(date_from_ymd(0, 1, 1), -719528);   /* year 0 is a leap year */
    assert_int_equal(date_from_ymd(-1, 12, 31), -719529);
    int y = -801, m = 1, d = 1;
    admit_day expect = date_from_ymd(-801, 1, 1);
    while (y < 1) {
        admit_day got = date_from_ymd(y, m, d);
        int ry, rm, rd;
        date_to_ymd(expect, &ry, &rm, &rd);
        if (got != expect || ry != y || rm != m || rd != d) {
            print_error("%d-%02d-%02d: date_from_ymd %ld, date_to_ymd(%ld) %d-%02d-%02d\n", y, m,
                        d, (long)got, (long)expect, ry, rm, rd);
            fail();
        }
        naive_next(&y, &m, &d);
        expect++;
    }
    assert_int_equal(expect, -719162);   /* 0001-01-01 */
}

/* Every day of years 1-3 and 9997-9999, and the first of every month in between. */
static void test_round_trip_extremes(void **state)
{
    (void)state;
    int y = 1, m = 1, d = 1;
    admit_day expect = -719162;
    while (y <= 3) {
        check_round_trip(y, m, d, expect);
        naive_next(&y, &m, &d);
        expect++;
    }
    y = 9997, m = 1, d = 1;
    expect = date_from_ymd(9997, 1, 1);
    while (y <= 9999) {
        check_round_trip(y, m, d, expect);
        naive_next(&y, &m, &d);
        expect++;
    }
    assert_int_equal(expect - 1, 2932896);   /* ended on 9999-12-31 */

    /* The firsts of months: consecutive ones are a month length apart. */
    admit_day prev = date_from_ymd(1, 1, 1);
    for (y = 1; y <= 9999; y++) {
        for (m = 1; m <= 12; m++) {
            if (y == 1 && m == 1)
                continue;
            int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
            admit_day first = prev + naive_days_in_month(py, pm);
            check_round_trip(y, m, 1, first);
            prev = first;
        }
    }
}

static void test_valid_and_month_lengths(void **state)
{
    (void)state;
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(2100, 2), 28);
    assert_int_equal(date_days_in_month(2023, 4), 30);
    assert_int_equal(date_days_in_month(2023, 12), 31);
    assert_int_equal(date_days_in_month(2023, 0), 0);
    assert_int_equal(date_days_in_month(2023, 13), 0);

    assert_true(date_valid(1, 1, 1));
    assert_true(date_valid(9999, 12, 31));
    assert_true(date_valid(2024, 2, 29));
    assert_false(date_valid(0, 12, 31));
    assert_false(date_valid(10000, 1, 1));
    assert_false(date_valid(2023, 2, 29));
    assert_false(date_valid(2023, 4, 31));
    assert_false(date_valid(2023, 0, 1));
    assert_false(date_valid(2023, 13, 1));
    assert_false(date_valid(2023, 1, 0));
    assert_false(date_valid(2023, 1, 32));

    /* Every month's length, in a common and a leap year: its last day is
     * valid, the day after is not. */
    static const int common[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        for (int y = 2023; y <= 2024; y++) {
            int last = common[m - 1] + (m == 2 && y == 2024);
            assert_int_equal(date_days_in_month(y, m), last);
            assert_true(date_valid(y, m, last));
            assert_false(date_valid(y, m, last + 1));
        }
    }
    assert_int_equal(date_days_in_month(2023, -1), 0);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(date_weekday(day_of("1970-01-01")), 4);   /* Thursday */
    assert_int_equal(date_weekday(day_of("1969-12-31")), 3);   /* Wednesday */
    assert_int_equal(date_weekday(day_of("1969-12-28")), 7);   /* Sunday */
    assert_int_equal(date_weekday(day_of("2000-01-01")), 6);   /* Saturday */
    assert_int_equal(date_weekday(day_of("2024-01-01")), 1);   /* Monday */
    assert_int_equal(date_weekday(day_of("2023-06-14")), 3);   /* Wednesday */
    assert_int_equal(date_weekday(day_of("2025-09-02")), 2);   /* Tuesday */
    assert_int_equal(date_weekday(day_of("1945-09-02")), 7);   /* Sunday */
    assert_int_equal(date_weekday(day_of("0001-01-01")), 1);   /* Monday (proleptic) */
    assert_int_equal(date_weekday(day_of("9999-12-31")), 5);   /* Friday */

    /* Seven consecutive days cover 1..7 once each, before and after 1970. */
    admit_day starts[] = {day_of("1900-01-01"), day_of("1969-12-29"), day_of("2024-02-26")};
    for (size_t s = 0; s < sizeof starts / sizeof starts[0]; s++) {
        int seen = 0;
        for (int i = 0; i < 7; i++) {
            int w = date_weekday(starts[s] + i);
            assert_in_range(w, 1, 7);
            seen |= 1 << w;
        }
        assert_int_equal(seen, 0xFE);
    }
}

/* ------------------------------------------------------------------------ parse and format */

static void test_parse_accepts(void **state)
{
    (void)state;
    admit_day day = 0;
    assert_int_equal(date_parse("2024-02-29", 10, &day), 0);
    assert_int_equal(day, date_from_ymd(2024, 2, 29));
    assert_int_equal(date_parse("2000-02-29", 10, &day), 0);
    assert_int_equal(day, date_from_ymd(2000, 2, 29));
    assert_int_equal(date_parse("0001-01-01", 10, &day), 0);
    assert_int_equal(day, -719162);
    assert_int_equal(date_parse("9999-12-31", 10, &day), 0);
    assert_int_equal(day, 2932896);
    /* Exactly `len` bytes are read: the rest of the buffer does not matter. */
    assert_int_equal(date_parse("2023-06-14T00:00:00", 10, &day), 0);
    assert_int_equal(day, date_from_ymd(2023, 6, 14));
}

static void test_parse_refuses(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2023-02-29", "2023-2-01", "2023-02-01x", "0000-01-01", "2023-13-01", "2023-04-31",
        "2023-00-10", "2023-01-00", "1900-02-29", "2023/01/01", "+023-01-01", " 2023-01-1",
        "2023-01-1 ", "20230101", "", "2023-01-01 ", "２023-01-01", "abcd-ef-gh", "2023-1a-01",
        "2023--1-01",
        /* characters just outside '0'..'9' whose code would still make a real
         * date if read as a digit (':' = '0' + 10, '/' = '0' - 1) */
        "2023-0:-01", "2023-1/-01", "2023-01-0:", "2023-01-1/", "20:3-01-01", "/023-01-01",
        /* one separator wrong */
        "2023/01-01", "2023-01/01", "2023.01-01", "2023-01_01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        admit_day day = 12345;
        if (date_parse(bad[i], strlen(bad[i]), &day) != -1) {
            print_error("date_parse accepted \"%s\"\n", bad[i]);
            fail();
        }
        assert_int_equal(day, 12345);   /* *out untouched */
    }
    /* A good date cut short by len is refused. */
    admit_day day = 0;
    assert_int_equal(date_parse("2023-06-14", 9, &day), -1);
}

static void test_format(void **state)
{
    (void)state;
    char buf[DATE_TEXT_SIZE];
    assert_string_equal(date_format_iso(day_of("2023-06-01"), buf), "2023-06-01");
    assert_string_equal(date_format_vi(day_of("2023-06-01"), buf), "01/06/2023");
    assert_string_equal(date_format_iso(day_of("0001-01-01"), buf), "0001-01-01");
    assert_string_equal(date_format_vi(day_of("0001-01-01"), buf), "01/01/0001");
    assert_string_equal(date_format_vi(day_of("9999-12-31"), buf), "31/12/9999");
    assert_string_equal(date_format_vi(day_of("1969-12-31"), buf), "31/12/1969");
    /* Returns its buffer. */
    assert_ptr_equal(date_format_iso(0, buf), buf);
    assert_string_equal(buf, "1970-01-01");
    assert_ptr_equal(date_format_vi(0, buf), buf);
    /* Outside years 1..9999: placeholders, never a five-digit or negative year. */
    assert_string_equal(date_format_iso(day_of("9999-12-31") + 1, buf), "\?\?\?\?-\?\?-\?\?");
    assert_string_equal(date_format_iso(day_of("0001-01-01") - 1, buf), "\?\?\?\?-\?\?-\?\?");
    assert_string_equal(date_format_vi(day_of("9999-12-31") + 1, buf), "\?\?/\?\?/\?\?\?\?");
    assert_string_equal(date_format_iso(INT32_MIN / 2, buf), "\?\?\?\?-\?\?-\?\?");
}

/* Both formats agree with printf's, for every 37th day of years 1..9999
 * (every year, every digit in every place of the year) and every day of
 * 1999-2001 (every month and day), and date_parse reads the ISO text back. */
static void test_format_every_day(void **state)
{
    (void)state;
    char buf[DATE_TEXT_SIZE], want[32];
    admit_day first = day_of("0001-01-01"), last = day_of("9999-12-31");
    admit_day dense_from = day_of("1999-01-01"), dense_to = day_of("2001-12-31");
    for (admit_day day = first; day <= last;
         day += day >= dense_from && day <= dense_to ? 1 : 37) {
        int y, m, d;
        date_to_ymd(day, &y, &m, &d);
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        if (strcmp(date_format_iso(day, buf), want) != 0)
            fail_msg("day %ld: iso %s, expected %s", (long)day, buf, want);
        admit_day back = 0;
        if (date_parse(buf, strlen(buf), &back) != 0 || back != day)
            fail_msg("day %ld: %s does not parse back", (long)day, buf);
        snprintf(want, sizeof want, "%02d/%02d/%04d", d, m, y);
        if (strcmp(date_format_vi(day, buf), want) != 0)
            fail_msg("day %ld: vi %s, expected %s", (long)day, buf, want);
    }
}

/* ------------------------------------------------------------------------ months */

static void check_add(const char *from, int n, const char *want)
{
    char what[64];
    snprintf(what, sizeof what, "%s %+d months", from, n);
    check_day(date_add_months(day_of(from), n), want, what);
}

static void test_add_months_clamps(void **state)
{
    (void)state;
    check_add("2024-01-31", 1, "2024-02-29");
    check_add("2023-01-31", 1, "2023-02-28");
    check_add("2024-02-29", 12, "2025-02-28");
    check_add("2024-02-29", 48, "2028-02-29");
    check_add("2024-03-31", -1, "2024-02-29");
    check_add("2023-03-31", -1, "2023-02-28");
    check_add("2023-05-31", 1, "2023-06-30");
    check_add("2023-08-31", 1, "2023-09-30");
    check_add("2023-01-30", 1, "2023-02-28");
    check_add("2023-06-30", 1, "2023-07-30");   /* not the 31st: same day of month */
    check_add("1900-01-29", 1, "1900-02-28");   /* 1900 is not leap */
    check_add("2000-01-29", 1, "2000-02-29");   /* 2000 is */
}

static void test_add_months_across_years(void **state)
{
    (void)state;
    check_add("2024-01-15", -1, "2023-12-15");
    check_add("2023-12-31", 2, "2024-02-29");
    check_add("2023-11-30", 3, "2024-02-29");
    check_add("2024-03-31", -13, "2023-02-28");
    check_add("2024-01-31", -11, "2023-02-28");
    check_add("2024-01-31", -12, "2023-01-31");
    check_add("2024-01-31", -25, "2021-12-31");
    check_add("2023-12-14", 13, "2025-01-14");
    check_add("2005-06-14", 216, "2023-06-14");
    check_add("2023-06-14", -216, "2005-06-14");
    check_add("0001-03-31", -1, "0001-02-28");
    check_add("0001-12-31", -11, "0001-01-31");
    check_add("0001-01-01", 12 * 9998 + 11, "9999-12-01");
    check_add("9999-12-31", -(12 * 9998 + 11), "0001-01-31");
}

static void test_add_months_zero_and_inverse(void **state)
{
    (void)state;
    check_add("2024-02-29", 0, "2024-02-29");
    check_add("2023-01-31", 0, "2023-01-31");
    check_add("1969-12-31", 0, "1969-12-31");
    /* For days up to the 28th, adding then subtracting n months is the identity. */
    for (admit_day d = day_of("1999-01-01"); d <= day_of("2001-12-31"); d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        if (dd > 28)
            continue;
        for (int n = -30; n <= 30; n += 7) {
            admit_day there = date_add_months(d, n);
            if (date_add_months(there, -n) != d) {
                char a[DATE_TEXT_SIZE];
                print_error("%s %+d %+d months is not the identity\n", date_format_iso(d, a), n, -n);
                fail();
            }
        }
    }
}

/* Results are monotonic in n and land on the expected month. */
static void test_add_months_properties(void **state)
{
    (void)state;
    for (admit_day d = day_of("2019-12-25"); d <= day_of("2021-03-05"); d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        admit_day prev = date_add_months(d, -40);
        for (int n = -39; n <= 40; n++) {
            admit_day got = date_add_months(d, n);
            int gy, gm, gd;
            date_to_ymd(got, &gy, &gm, &gd);
            int months = y * 12 + (m - 1) + n;
            int want_day = dd < date_days_in_month(gy, gm) ? dd : date_days_in_month(gy, gm);
            if (got <= prev || gy * 12 + (gm - 1) != months || gd != want_day) {
                char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
                print_error("%s %+d months = %s\n", date_format_iso(d, a), n,
                            date_format_iso(got, b));
                fail();
            }
            prev = got;
        }
    }
}

/* ------------------------------------------------------------------------ ages */

static int age(const char *birth, const char *t, enum date_counting c)
{
    return date_age(day_of(birth), day_of(t), c);
}

static void test_counting_parse(void **state)
{
    (void)state;
    enum date_counting c = DATE_COUNT_YEAR;
    assert_int_equal(date_counting_parse("month", &c), 0);
    assert_int_equal(c, DATE_COUNT_MONTH);
    assert_int_equal(date_counting_parse("day", &c), 0);
    assert_int_equal(c, DATE_COUNT_DAY);
    assert_int_equal(date_counting_parse("year", &c), 0);
    assert_int_equal(c, DATE_COUNT_YEAR);
    assert_int_equal(date_counting_parse("Month", &c), -1);
    assert_int_equal(date_counting_parse("months", &c), -1);
    assert_int_equal(date_counting_parse("", &c), -1);
    assert_int_equal(c, DATE_COUNT_YEAR);
}

static void test_age_month(void **state)
{
    (void)state;
    /* rulebook.md: born 2005-06-14, 216 months on 2023-06-01 (the day of month ignored). */
    assert_int_equal(age("2005-06-14", "2023-05-31", DATE_COUNT_MONTH), 215);
    assert_int_equal(age("2005-06-14", "2023-06-01", DATE_COUNT_MONTH), 216);
    assert_int_equal(age("2005-06-14", "2023-06-13", DATE_COUNT_MONTH), 216);
    assert_int_equal(age("2005-06-14", "2023-05-10", DATE_COUNT_MONTH), 215);
    assert_int_equal(age("2005-06-14", "2005-06-14", DATE_COUNT_MONTH), 0);
    assert_int_equal(age("2005-06-14", "2005-06-01", DATE_COUNT_MONTH), 0);
    assert_int_equal(age("2005-06-14", "2005-05-31", DATE_COUNT_MONTH), -1);
    assert_int_equal(age("1963-12-31", "2023-12-01", DATE_COUNT_MONTH), 720);
    assert_int_equal(age("1963-12-31", "2023-11-30", DATE_COUNT_MONTH), 719);
}

static void test_age_day(void **state)
{
    (void)state;
    assert_int_equal(age("2005-06-14", "2023-06-13", DATE_COUNT_DAY), 215);
    assert_int_equal(age("2005-06-14", "2023-06-14", DATE_COUNT_DAY), 216);
    assert_int_equal(age("2005-06-14", "2023-05-10", DATE_COUNT_DAY), 214);   /* result.md example */
    assert_int_equal(age("2005-06-14", "2005-06-14", DATE_COUNT_DAY), 0);
    assert_int_equal(age("2005-06-14", "2005-06-13", DATE_COUNT_DAY), -1);
    /* Born on a 31st: a month is complete on the last day of a shorter month. */
    assert_int_equal(age("2005-01-31", "2005-02-27", DATE_COUNT_DAY), 0);
    assert_int_equal(age("2005-01-31", "2005-02-28", DATE_COUNT_DAY), 1);
    assert_int_equal(age("2005-01-31", "2005-03-30", DATE_COUNT_DAY), 1);
    assert_int_equal(age("2005-01-31", "2005-03-31", DATE_COUNT_DAY), 2);
    assert_int_equal(age("2005-01-31", "2005-04-30", DATE_COUNT_DAY), 3);
    assert_int_equal(age("2005-08-31", "2023-08-30", DATE_COUNT_DAY), 215);
    assert_int_equal(age("2005-08-31", "2023-08-31", DATE_COUNT_DAY), 216);
    /* Born on 29 February. */
    assert_int_equal(age("2004-02-29", "2005-02-27", DATE_COUNT_DAY), 11);
    assert_int_equal(age("2004-02-29", "2005-02-28", DATE_COUNT_DAY), 12);
    assert_int_equal(age("2004-02-29", "2008-02-28", DATE_COUNT_DAY), 47);
    assert_int_equal(age("2004-02-29", "2008-02-29", DATE_COUNT_DAY), 48);
    assert_int_equal(age("2004-02-29", "2022-02-27", DATE_COUNT_DAY), 215);
    assert_int_equal(age("2004-02-29", "2022-02-28", DATE_COUNT_DAY), 216);
    assert_int_equal(age("2004-02-29", "2022-03-28", DATE_COUNT_DAY), 216);
    assert_int_equal(age("2004-02-29", "2022-03-29", DATE_COUNT_DAY), 217);
}

static void test_age_year(void **state)
{
    (void)state;
    assert_int_equal(age("1963-12-31", "2022-12-31", DATE_COUNT_YEAR), 59);
    assert_int_equal(age("1963-12-31", "2023-01-01", DATE_COUNT_YEAR), 60);
    assert_int_equal(age("1963-01-01", "2023-12-31", DATE_COUNT_YEAR), 60);
    assert_int_equal(age("2005-06-14", "2023-01-01", DATE_COUNT_YEAR), 18);
    assert_int_equal(age("2004-02-29", "2004-12-31", DATE_COUNT_YEAR), 0);
    assert_int_equal(age("2004-02-29", "2003-12-31", DATE_COUNT_YEAR), -1);
}

/* The day-counted age agrees with its definition: the largest n with add_months(birth, n) <= t. */
static void test_age_day_definition(void **state)
{
    (void)state;
    static const char *const births[] = {"2004-02-29", "2005-01-31", "2005-06-14", "2004-03-31",
                                         "2003-12-30", "2005-02-28"};
    for (size_t b = 0; b < sizeof births / sizeof births[0]; b++) {
        admit_day birth = day_of(births[b]);
        for (admit_day t = birth; t <= birth + 3 * 366; t++) {
            int n = date_age(birth, t, DATE_COUNT_DAY);
            if (date_add_months(birth, n) > t || date_add_months(birth, n + 1) <= t) {
                char a[DATE_TEXT_SIZE];
                print_error("born %s: day age %d on %s breaks its definition\n", births[b], n,
                            date_format_iso(t, a));
                fail();
            }
        }
    }
}

static void check_reached(const char *birth, int n, enum date_counting c, const char *want)
{
    char what[96];
    snprintf(what, sizeof what, "born %s, %d reached (counting %d)", birth, n, (int)c);
    check_day(date_age_reached(day_of(birth), n, c), want, what);
}

static void test_age_reached(void **state)
{
    (void)state;
    check_reached("2005-06-14", 216, DATE_COUNT_MONTH, "2023-06-01");
    check_reached("2005-06-14", 216, DATE_COUNT_DAY, "2023-06-14");
    check_reached("2005-06-14", 18, DATE_COUNT_YEAR, "2023-01-01");
    check_reached("2004-02-29", 216, DATE_COUNT_MONTH, "2022-02-01");
    check_reached("2004-02-29", 216, DATE_COUNT_DAY, "2022-02-28");
    check_reached("2004-02-29", 48, DATE_COUNT_DAY, "2008-02-29");
    check_reached("2004-02-29", 18, DATE_COUNT_YEAR, "2022-01-01");
    check_reached("2005-01-31", 1, DATE_COUNT_DAY, "2005-02-28");
    check_reached("2005-01-31", 1, DATE_COUNT_MONTH, "2005-02-01");
    check_reached("1963-12-31", 720, DATE_COUNT_MONTH, "2023-12-01");
    check_reached("1963-12-31", 60, DATE_COUNT_YEAR, "2023-01-01");
}

/* For every counting: the reached date has the age, the day before does not. */
static void test_age_reached_is_first_day(void **state)
{
    (void)state;
    static const enum date_counting countings[] = {DATE_COUNT_MONTH, DATE_COUNT_DAY,
                                                   DATE_COUNT_YEAR};
    for (admit_day birth = day_of("2003-12-01"); birth <= day_of("2005-03-31"); birth++) {
        for (size_t c = 0; c < 3; c++) {
            int n = countings[c] == DATE_COUNT_YEAR ? 18 : 216;
            admit_day reached = date_age_reached(birth, n, countings[c]);
            if (date_age(birth, reached, countings[c]) < n ||
                date_age(birth, reached - 1, countings[c]) >= n) {
                char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
                print_error("born %s, counting %d: %d reached on %s, but ages there are %d/%d\n",
                            date_format_iso(birth, a), (int)countings[c], n,
                            date_format_iso(reached, b),
                            date_age(birth, reached - 1, countings[c]),
                            date_age(birth, reached, countings[c]));
                fail();
            }
        }
    }
}

/* ------------------------------------------------------------------------ rulebook boundaries */

/* "N months since d" holds on t iff t >= add_months(d, N). */
static int months_since(admit_day d, int n, admit_day t)
{
    return t >= date_add_months(d, n);
}

static void test_rulebook_boundaries(void **state)
{
    (void)state;
    /* Awareness certificate issued 2018-05-31, valid 60 months: 2023-05-31 is the last valid day. */
    admit_day issued = day_of("2018-05-31");
    admit_day last_valid = date_add_months(issued, 60);
    check_day(last_valid, "2023-05-31", "awareness validity");
    assert_true(day_of("2023-05-31") <= last_valid);
    assert_false(day_of("2023-06-01") <= last_valid);

    /* Probation from the ceremony 2023-06-20: official on 2024-06-20; votes from 2024-06-21. */
    admit_day official = date_add_months(day_of("2023-06-20"), 12);
    check_day(official, "2024-06-20", "end of probation");
    check_day(official + 1, "2024-06-21", "first day after probation");

    /* Introducers: 12 months together since 2022-08-31 holds from 2023-08-31. */
    admit_day since = day_of("2022-08-31");
    assert_false(months_since(since, 12, day_of("2023-08-30")));
    assert_true(months_since(since, 12, day_of("2023-08-31")));
    /* ... and since 2023-02-28: from 2024-02-28 (not the 29th). */
    assert_true(months_since(day_of("2023-02-28"), 12, day_of("2024-02-28")));
    assert_false(months_since(day_of("2023-02-28"), 12, day_of("2024-02-27")));
    /* Freshness: a document within 12 months before the anchor 2024-02-29 is dated >= 2023-02-28. */
    check_day(date_add_months(day_of("2024-02-29"), -12), "2023-02-28", "freshness window");

    /* The same rule as the day-counted age: both say "n full months have passed". */
    for (admit_day d = day_of("2020-01-25"); d <= day_of("2020-03-05"); d++)
        for (admit_day t = d; t <= d + 800; t += 3)
            for (int n = 1; n <= 24; n += 11)
                if (months_since(d, n, t) != (date_age(d, t, DATE_COUNT_DAY) >= n)) {
                    char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];
                    print_error("%d months since %s on %s disagree\n", n,
                                date_format_iso(d, a), date_format_iso(t, b));
                    fail();
                }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_day_numbers),
        cmocka_unit_test(test_round_trip_1900_2200),
        cmocka_unit_test(test_round_trip_extremes),
        cmocka_unit_test(test_round_trip_before_year_1),
        cmocka_unit_test(test_valid_and_month_lengths),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_parse_accepts),
        cmocka_unit_test(test_parse_refuses),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_every_day),
        cmocka_unit_test(test_add_months_clamps),
        cmocka_unit_test(test_add_months_across_years),
        cmocka_unit_test(test_add_months_zero_and_inverse),
        cmocka_unit_test(test_add_months_properties),
        cmocka_unit_test(test_counting_parse),
        cmocka_unit_test(test_age_month),
        cmocka_unit_test(test_age_day),
        cmocka_unit_test(test_age_year),
        cmocka_unit_test(test_age_day_definition),
        cmocka_unit_test(test_age_reached),
        cmocka_unit_test(test_age_reached_is_first_day),
        cmocka_unit_test(test_rulebook_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
