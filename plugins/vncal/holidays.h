/*
 * holidays.h - Vietnam's public holidays as the Labour Code sets them: the
 * computed default used for a year that has no announced schedule.
 *
 *   2007-2013  1 Jan; Tết: the last day of the lunar year and the first 3
 *              days; Hùng Kings (10th day of the 3rd lunar month); 30 Apr;
 *              1 May; 2 Sep                      (Labour Code 1994/2007, Art. 73)
 *   2014-2020  the same with Tết 5 days: the last day and the first 4
 *                                                (Labour Code 2012, Art. 115)
 *   from 2021  and one day adjacent to 2 Sep     (Labour Code 2019, Art. 112)
 *
 * The day adjacent to 2 Sep joins the holiday to a weekend where it can
 * (2 Sep on Mon: 3 Sep; Tue: 1; Wed: 3; Thu: 3; Fri: 1; Sat: 1; Sun: 3).
 * A holiday on a Saturday or Sunday gives a compensatory day off; they are
 * taken in date order, each on the first day after its holiday that is
 * neither a weekend day nor already off.  Two holidays on one day (the Hùng
 * Kings' day can fall on 30 Apr or 1 May) are one day off, under the first
 * name, with no extra day: the law provides none.
 */
#ifndef VNCAL_HOLIDAYS_H
#define VNCAL_HOLIDAYS_H

#include <stddef.h>
#include <stdint.h>

#include "lunar.h"

/* The years the holiday rules cover. */
#define HOLIDAYS_FIRST_YEAR 2007
#define HOLIDAYS_LAST_YEAR 2100

/* Room enough for one year of the computed default. */
#define HOLIDAYS_MAX_PER_YEAR 32

enum holiday_kind {
    HOLIDAY_PUBLIC = 0,    /* "holiday": a day the law names */
    HOLIDAY_COMPENSATORY,  /* "compensatory": for a holiday on a weekend */
    HOLIDAY_ANNOUNCED      /* "announced": a day off of an announced schedule */
};

struct holiday {
    int32_t day;
    enum holiday_kind kind;
    const char *name;      /* static, or owned by the schedule it came from */
};

/* Names of the holidays, in Vietnamese. */
#define HOLIDAY_NEW_YEAR "Tết Dương lịch"
#define HOLIDAY_TET "Tết Nguyên đán"
#define HOLIDAY_HUNG_KINGS "Giỗ Tổ Hùng Vương"
#define HOLIDAY_REUNIFICATION "Ngày Giải phóng miền Nam"
#define HOLIDAY_LABOUR "Quốc tế Lao động"
#define HOLIDAY_NATIONAL "Quốc khánh"
#define HOLIDAY_COMPENSATION "Nghỉ bù"

/*
 * The computed days off of `year` (HOLIDAYS_FIRST_YEAR..LAST_YEAR), in
 * date order, written to out (room for HOLIDAYS_MAX_PER_YEAR).  `cal`
 * gives the lunar dates.  Returns the number written, or 0 for a year
 * outside the range.
 */
size_t holidays_default(const struct lunar_calendar *cal, int year, struct holiday *out);

/* "holiday", "compensatory" or "announced". */
const char *holidays_kind_name(enum holiday_kind kind);

#endif
