/*
 * civil.c - Gregorian day numbers.
 *
 * Counting is done in 400-year eras (146097 days) that start on 1 March, so
 * that the leap day is the last day of the counted year and the month
 * lengths from March on follow the fixed pattern 31 30 31 30 31 (the
 * "153 days per 5 months" rule).
 */
#include "civil.h"

/* Days from 0000-03-01 to 1970-01-01. */
#define DAYS_TO_EPOCH 719468

/* Julian Day at 00:00 UTC on 1970-01-01. */
#define JD_EPOCH 2440587.5

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int civil_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int civil_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && d >= 1 && d <= civil_days_in_month(y, m);
}

int32_t civil_from_ymd(int y, int m, int d)
{
    /* Move January and February to the end of the previous counted year. */
    int year = m <= 2 ? y - 1 : y;
    int era = year / 400;                          /* years here are >= 0 */
    int year_of_era = year - era * 400;            /* 0..399 */
    int month_from_march = m > 2 ? m - 3 : m + 9;  /* 0..11 */
    int day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return (int32_t)(era * 146097 + day_of_era - DAYS_TO_EPOCH);
}

void civil_to_ymd(int32_t day, int *y, int *m, int *d)
{
    int64_t z = (int64_t)day + DAYS_TO_EPOCH;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int day_of_era = (int)(z - era * 146097);                          /* 0..146096 */
    int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                       day_of_era / 146096) / 365;                     /* 0..399 */
    int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int month_from_march = (5 * day_of_year + 2) / 153;                /* 0..11 */
    *d = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    *m = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
    *y = (int)(era * 400) + year_of_era + (*m <= 2 ? 1 : 0);
}

int civil_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (4). */
    int64_t r = ((int64_t)day + 3) % 7;
    if (r < 0)
        r += 7;
    return (int)r + 1;
}

int civil_is_weekend(int32_t day)
{
    return civil_weekday(day) >= CIVIL_SATURDAY;
}

double civil_julian_day(int32_t day)
{
    return JD_EPOCH + (double)day;
}
