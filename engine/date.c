/*
 * date.c - day numbers and the rulebook's month arithmetic.
 *
 * The conversion between y-m-d and day numbers counts in 400-year eras
 * starting on 1 March, so that the leap day is the last day of a year and
 * needs no special case.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int date_valid(int y, int m, int d)
{
    return y >= DATE_YEAR_MIN && y <= DATE_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

/* Floor division for possibly negative numerators. */
static int floor_div(int a, int b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

admit_day date_from_ymd(int y, int m, int d)
{
    int year = m <= 2 ? y - 1 : y;          /* years start on 1 March */
    int era = floor_div(year, 400);
    int year_of_era = year - era * 400;                       /* 0..399 */
    int month_from_march = m > 2 ? m - 3 : m + 9;             /* 0..11 */
    int day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  /* 719468: 0000-03-01 to 1970-01-01 */
}

void date_to_ymd(admit_day day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = floor_div(z, 146097);
    int day_of_era = z - era * 146097;                                      /* 0..146096 */
    int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                       day_of_era / 146096) / 365;                          /* 0..399 */
    int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int month_from_march = (5 * day_of_year + 2) / 153;                     /* 0..11 */
    *d = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    *m = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
    *y = year_of_era + era * 400 + (*m <= 2);
}

/* Read `n` decimal digits; -1 if any is not a digit. */
static int read_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int date_parse(const char *text, size_t len, admit_day *out)
{
    if (len != 10 || text[4] != '-' || text[7] != '-')
        return -1;
    int y = read_digits(text, 4), m = read_digits(text + 5, 2), d = read_digits(text + 8, 2);
    if (!date_valid(y, m, d))   /* read_digits' -1 is no year, month or day either */
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

/* Write `value` (0 <= value < 10^width) as `width` decimal digits at `out`;
 * returns the byte after them.  Dates are formatted for every fact and
 * message of every result: snprintf's format parsing was 5 % of a batch. */
static char *put_digits(char *out, int value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

char *date_format_iso(admit_day day, char buf[DATE_TEXT_SIZE])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX) {
        memcpy(buf, "\?\?\?\?-\?\?-\?\?", DATE_TEXT_SIZE);
        return buf;
    }
    char *p = put_digits(buf, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, d, 2);
    *p = '\0';
    return buf;
}

char *date_format_vi(admit_day day, char buf[DATE_TEXT_SIZE])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX) {
        memcpy(buf, "?\?/?\?/????", DATE_TEXT_SIZE);
        return buf;
    }
    char *p = put_digits(buf, d, 2);
    *p++ = '/';
    p = put_digits(p, m, 2);
    *p++ = '/';
    p = put_digits(p, y, 4);
    *p = '\0';
    return buf;
}

int date_weekday(admit_day day)
{
    /* 1970-01-01 was a Thursday (4). */
    int r = (day + 3) % 7;
    if (r < 0)
        r += 7;
    return r + 1;
}

admit_day date_add_months(admit_day day, int n)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    int months = y * 12 + (m - 1) + n;
    int ny = floor_div(months, 12);
    int nm = months - ny * 12 + 1;
    int last = date_days_in_month(ny, nm);
    return date_from_ymd(ny, nm, d < last ? d : last);
}

int date_counting_parse(const char *text, enum date_counting *out)
{
    if (strcmp(text, "month") == 0)
        *out = DATE_COUNT_MONTH;
    else if (strcmp(text, "day") == 0)
        *out = DATE_COUNT_DAY;
    else if (strcmp(text, "year") == 0)
        *out = DATE_COUNT_YEAR;
    else
        return -1;
    return 0;
}

int date_age(admit_day birth, admit_day t, enum date_counting counting)
{
    int by, bm, bd, ty, tm, td;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(t, &ty, &tm, &td);
    switch (counting) {
    case DATE_COUNT_YEAR:
        return ty - by;
    case DATE_COUNT_MONTH:
        return (ty - by) * 12 + (tm - bm);
    case DATE_COUNT_DAY: {
        int n = (ty - by) * 12 + (tm - bm);
        /* The month count is at most one too many: step back once if needed. */
        if (date_add_months(birth, n) > t)
            n--;
        return n;
    }
    }
    return 0;
}

admit_day date_age_reached(admit_day birth, int months, enum date_counting counting)
{
    int y, m, d;
    date_to_ymd(birth, &y, &m, &d);
    switch (counting) {
    case DATE_COUNT_YEAR:
        return date_from_ymd(y + months, 1, 1);
    case DATE_COUNT_MONTH: {
        admit_day reached = date_add_months(birth, months);
        int ry, rm, rd;
        date_to_ymd(reached, &ry, &rm, &rd);
        return date_from_ymd(ry, rm, 1);
    }
    case DATE_COUNT_DAY:
        return date_add_months(birth, months);
    }
    return birth;
}
