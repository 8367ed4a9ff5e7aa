/*
 * workdays.h - working days, 2007-2100.
 *
 * A working day is Monday to Friday and not a day off, or a make-up
 * working day of an announced schedule.  The days off of a year are those
 * of its announced schedule when there is one (it replaces the computed
 * default for the whole year), else the computed default (holidays.h).
 *
 * The calendar is built once (workdays_init) into a bitset of the working
 * days with a running count per 64-day word (6 448 bytes for the 34 333
 * days; a byte and a count per day were 171 KB, 41 pages first touched at
 * every start), so that counting working days takes a population count and
 * adding them a binary search over the words and then within one word;
 * afterwards it is read-only and may be used from several threads.
 */
#ifndef VNCAL_WORKDAYS_H
#define VNCAL_WORKDAYS_H

#include <stddef.h>
#include <stdint.h>

#include "holidays.h"
#include "lunar.h"
#include "schedule.h"

struct workdays {
    int32_t first_day;          /* HOLIDAYS_FIRST_YEAR-01-01 */
    int32_t last_day;           /* HOLIDAYS_LAST_YEAR-12-31 */
    /* Day first_day+i is a working day when bit i % 64 of working[i / 64]
     * is set; the bits after last_day in the last word are 0. */
    uint64_t *working;
    size_t words;               /* of working */
    int32_t *before;            /* before[k]: working days in words 0..k-1; k = 0..words */
    struct holiday *days_off;   /* every year's days off, in date order */
    size_t *year_start;         /* days_off index of each year's first; one more at the end */
};

/*
 * Build the calendar from the lunar calendar and the announced schedules
 * (`sched` may be empty).  Notes of announced days are borrowed from
 * `sched`, which must outlive `w`.  Returns 0, or -1 when out of memory
 * (w is then empty).  Release with workdays_release.
 */
int workdays_init(struct workdays *w, const struct lunar_calendar *cal,
                  const struct schedule *sched);

/* Free the tables; `w` may be empty or zeroed. */
void workdays_release(struct workdays *w);

/* 1 when `day` is in first_day..last_day. */
int workdays_in_range(const struct workdays *w, int32_t day);

/* 1 for a working day; the day must be in range. */
int workdays_is_working(const struct workdays *w, int32_t day);

/*
 * The n-th working day after `day` (`day` itself not counted); for n < 0
 * the |n|-th working day before it; `day` for n = 0.  Returns 0 and *out,
 * or -1 when `day` or the answer is out of range.
 */
int workdays_add(const struct workdays *w, int32_t day, int64_t n, int32_t *out);

/* The number of working days in (a, b]; minus that of (b, a] when b < a.
 * Both days must be in range. */
int64_t workdays_count(const struct workdays *w, int32_t a, int32_t b);

/* The days off of `year` (HOLIDAYS_FIRST_YEAR..LAST_YEAR) in date order,
 * and their number in *count. */
const struct holiday *workdays_days_off(const struct workdays *w, int year, size_t *count);

#endif
