/*
 * date.h - calendar dates as day numbers, and the rulebook's date arithmetic.
 *
 * A date is an `admit_day`: the number of days since 1970-01-01 in the
 * proleptic Gregorian calendar (negative before).  Day numbers compare and
 * subtract as integers; this is how dates reach rules and plugins.
 *
 * This module is the one place where months are added and ages are counted
 * (rulebook.md, "Date arithmetic"); rules reach it through the `dates` table.
 */
#ifndef ADMIT_DATE_H
#define ADMIT_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t admit_day;

/* Years a date may have: the four-digit years of `YYYY-MM-DD`. */
#define DATE_YEAR_MIN 1
#define DATE_YEAR_MAX 9999

/* Characters of a formatted date, terminator included. */
#define DATE_TEXT_SIZE 11

/* 1 when y-m-d is a real day (y in DATE_YEAR_MIN..MAX), else 0. */
int date_valid(int y, int m, int d);

/* Days in month m (1-12) of year y; 0 for a bad month. */
int date_days_in_month(int y, int m);

/* The day number of a valid y-m-d (not checked: see date_valid). */
admit_day date_from_ymd(int y, int m, int d);

/* Split a day number into year, month (1-12) and day (1-31). */
void date_to_ymd(admit_day day, int *y, int *m, int *d);

/*
 * Parse exactly `len` bytes of `text` as `YYYY-MM-DD`.  Returns 0 and sets
 * *out for a real date, -1 for anything else ("2023-02-29", "2023-2-1",
 * trailing text).
 */
int date_parse(const char *text, size_t len, admit_day *out);

/* Write `YYYY-MM-DD` into buf (DATE_TEXT_SIZE bytes).  Returns buf. */
char *date_format_iso(admit_day day, char buf[DATE_TEXT_SIZE]);

/* Write `DD/MM/YYYY`, the Vietnamese way, into buf.  Returns buf. */
char *date_format_vi(admit_day day, char buf[DATE_TEXT_SIZE]);

/* Day of the week: 1 Monday ... 7 Sunday (ISO 8601). */
int date_weekday(admit_day day);

/*
 * The same day of the month n months later (n may be negative), clamped to
 * the last day of the target month: 2024-01-31 + 1 = 2024-02-29.
 */
admit_day date_add_months(admit_day day, int n);

/* How an age is counted (rulebook.md parameter `age.counting`). */
enum date_counting {
    DATE_COUNT_MONTH, /* (y2-y1)*12 + (m2-m1): the day of the month ignored */
    DATE_COUNT_DAY,   /* the largest n with add_months(birth, n) <= t */
    DATE_COUNT_YEAR   /* y2 - y1, in years */
};

/* Parse "month", "day" or "year".  Returns 0 and sets *out, else -1. */
int date_counting_parse(const char *text, enum date_counting *out);

/*
 * The age at `t` of a person born on `birth`, in full months (in years with
 * DATE_COUNT_YEAR).  Negative when t is before birth.
 */
int date_age(admit_day birth, admit_day t, enum date_counting counting);

/*
 * The first day on which the age counted with `counting` reaches `months`
 * months (years with DATE_COUNT_YEAR): the `earliest` hint of an age limit.
 */
admit_day date_age_reached(admit_day birth, int months, enum date_counting counting);

#endif
