/*
 * holidays.c - the computed default: the statutory holidays of a year and
 * the compensatory days they give.
 */
#include "holidays.h"

#include "civil.h"

/* The years whose Tết is 4 days (the Labour Code 2012 took effect on
 * 2013-05-01, after that year's Tết). */
#define LAST_YEAR_OF_SHORT_TET 2013

/* The first year with a second day for 2 Sep (Labour Code 2019). */
#define FIRST_YEAR_OF_TWO_DAY_NATIONAL 2021

struct list {
    struct holiday *items;
    size_t count;
};

static int is_off(const struct list *l, int32_t day)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].day == day)
            return 1;
    return 0;
}

/* Add a day off unless the day is off already. */
static void add(struct list *l, int32_t day, enum holiday_kind kind, const char *name)
{
    if (is_off(l, day) || l->count >= HOLIDAYS_MAX_PER_YEAR)
        return;
    l->items[l->count].day = day;
    l->items[l->count].kind = kind;
    l->items[l->count].name = name;
    l->count++;
}

/* Sort a year's days off by date.  An insertion sort: the list is short
 * (HOLIDAYS_MAX_PER_YEAR at most) and mostly in order already, and qsort's
 * call of a comparison function per step cost more than half of building
 * the working-day table at every start.  The days are distinct (add), so
 * any sort gives this one order. */
static void sort_by_day(struct list *l)
{
    for (size_t i = 1; i < l->count; i++) {
        struct holiday item = l->items[i];
        size_t j = i;
        for (; j > 0 && l->items[j - 1].day > item.day; j--)
            l->items[j] = l->items[j - 1];
        l->items[j] = item;
    }
}

/* The day added to 2 Sep, by the weekday of 2 Sep (index 1 Monday). */
static int32_t national_day_companion(int32_t sep2)
{
    static const int offset[8] = {0, +1, -1, +1, +1, -1, -1, +1};
    return sep2 + offset[civil_weekday(sep2)];
}

size_t holidays_default(const struct lunar_calendar *cal, int year, struct holiday *out)
{
    struct list l = {out, 0};
    struct lunar_date tet_date = {year, 1, 1, 0}, hung_date = {year, 3, 10, 0};
    int32_t tet, hung;
    if (year < HOLIDAYS_FIRST_YEAR || year > HOLIDAYS_LAST_YEAR ||
        lunar_to_day(cal, &tet_date, &tet) != LUNAR_FOUND ||
        lunar_to_day(cal, &hung_date, &hung) != LUNAR_FOUND)
        return 0;

    add(&l, civil_from_ymd(year, 1, 1), HOLIDAY_PUBLIC, HOLIDAY_NEW_YEAR);
    int tet_days = year <= LAST_YEAR_OF_SHORT_TET ? 3 : 4;  /* after the last day of the year */
    for (int i = -1; i < tet_days; i++)
        add(&l, tet + i, HOLIDAY_PUBLIC, HOLIDAY_TET);
    add(&l, hung, HOLIDAY_PUBLIC, HOLIDAY_HUNG_KINGS);
    add(&l, civil_from_ymd(year, 4, 30), HOLIDAY_PUBLIC, HOLIDAY_REUNIFICATION);
    add(&l, civil_from_ymd(year, 5, 1), HOLIDAY_PUBLIC, HOLIDAY_LABOUR);
    int32_t sep2 = civil_from_ymd(year, 9, 2);
    add(&l, sep2, HOLIDAY_PUBLIC, HOLIDAY_NATIONAL);
    if (year >= FIRST_YEAR_OF_TWO_DAY_NATIONAL)
        add(&l, national_day_companion(sep2), HOLIDAY_PUBLIC, HOLIDAY_NATIONAL);
    sort_by_day(&l);

    /* Compensatory days, in the order of the holidays that give them. */
    size_t statutory = l.count;
    for (size_t i = 0; i < statutory; i++) {
        if (!civil_is_weekend(l.items[i].day))
            continue;
        int32_t day = l.items[i].day + 1;
        while (civil_is_weekend(day) || is_off(&l, day))
            day++;
        add(&l, day, HOLIDAY_COMPENSATORY, HOLIDAY_COMPENSATION);
    }
    sort_by_day(&l);
    return l.count;
}

const char *holidays_kind_name(enum holiday_kind kind)
{
    switch (kind) {
    case HOLIDAY_PUBLIC:
        return "holiday";
    case HOLIDAY_COMPENSATORY:
        return "compensatory";
    case HOLIDAY_ANNOUNCED:
        return "announced";
    }
    return "holiday";
}
