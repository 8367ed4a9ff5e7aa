/*
 * lunar.h - the Vietnamese lunar calendar (âm lịch), 1968-2100.
 *
 * The calendar is computed, not tabulated: months begin on the day (at
 * UTC+7) of an astronomical new moon; the month in which the December
 * solstice falls is the 11th; a lunar year that has 13 months between two
 * 11th months gets a leap month, the first month of those 13 in which the
 * sun enters no new sign of 30 degrees (a month with no principal term);
 * it repeats the number of the month before it.  Lunar year Y is the one
 * whose first month begins in Gregorian year Y.
 *
 * The conversion is a table of months.  It is computed at build time:
 * lunar_calendar_compute runs in a generator program (gen/lunar_table_gen.c)
 * that writes the table as C source, compiled into the plugin as
 * lunar_table_months; lunar_calendar_init then only points at it, instead
 * of computing some 1,650 new moons at every start.  A unit test
 * (tests/unit/test_vncal_table.c) proves that table equals a computation
 * at run time.  Lookups are read-only and may run on several threads.
 */
#ifndef VNCAL_LUNAR_H
#define VNCAL_LUNAR_H

#include <stddef.h>
#include <stdint.h>

/* The covered range: every day of these Gregorian years. */
#define LUNAR_FIRST_YEAR 1968
#define LUNAR_LAST_YEAR 2100

/* The UTC offset of the calendar's meridian, in hours. */
#define LUNAR_UTC_OFFSET 7

struct lunar_date {
    int year;   /* lunar year */
    int month;  /* 1-12 */
    int day;    /* 1-30 */
    int leap;   /* 1 in a leap month (tháng nhuận) */
};

struct lunar_month {
    int32_t start;   /* day number of its first day */
    int16_t year;
    int8_t month;
    int8_t leap;
    int8_t length;   /* 29 or 30 days */
};

struct lunar_calendar {
    const struct lunar_month *months;  /* in date order */
    size_t count;
    int32_t first_day;           /* LUNAR_FIRST_YEAR-01-01 */
    int32_t last_day;            /* LUNAR_LAST_YEAR-12-31 */
    struct lunar_month *owned;   /* months, when computed here; NULL: the built table */
};

/* The table computed at build time (the generated lunar_table.c), in
 * date order; lunar_table_count entries. */
extern const struct lunar_month lunar_table_months[];
extern const size_t lunar_table_count;

/* The calendar from the table computed at build time (no allocation, never
 * fails); lunar_calendar_release is harmless on it. */
void lunar_calendar_init(struct lunar_calendar *cal);

/* Compute the calendar into `cal` from astronomy (what the generator runs
 * at build time).  Returns 0, or -1 when out of memory (cal is then empty).
 * Release with lunar_calendar_release. */
int lunar_calendar_compute(struct lunar_calendar *cal);

/* Free the table if computed; `cal` may be empty or zeroed. */
void lunar_calendar_release(struct lunar_calendar *cal);

/* The lunar date of day number `day`.  Returns 0, or -1 when the day is
 * outside first_day..last_day. */
int lunar_from_day(const struct lunar_calendar *cal, int32_t day, struct lunar_date *out);

enum lunar_result {
    LUNAR_FOUND = 0,
    LUNAR_NONE,          /* no such day: day 30 of a short month, a leap month the year lacks */
    LUNAR_OUT_OF_RANGE   /* it would fall outside first_day..last_day */
};

/* The day number of a lunar date (month 1-12 and day 1-30: the caller
 * checks).  *out is set only for LUNAR_FOUND. */
enum lunar_result lunar_to_day(const struct lunar_calendar *cal, const struct lunar_date *date,
                               int32_t *out);

/* The sexagenary name of a lunar year, "Can Chi" (e.g. 2007: "Đinh Hợi"),
 * written into buf (32 bytes are enough).  Years 1 to 9999.  Returns buf. */
char *lunar_can_chi(int year, char *buf, size_t size);

#endif
