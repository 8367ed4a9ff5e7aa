/*
 * workdays.c - the table of working days and the counts over it.
 */
#include "workdays.h"

#include <stdlib.h>

#include "civil.h"

#define YEARS (HOLIDAYS_LAST_YEAR - HOLIDAYS_FIRST_YEAR + 1)

/* Append the days off of one year to w->days_off at *used; mark them. */
static void fill_year(struct workdays *w, const struct lunar_calendar *cal,
                      const struct schedule *sched, int year, size_t *used)
{
    const struct schedule_year *announced = schedule_find(sched, year);
    if (announced != NULL) {
        for (size_t i = 0; i < announced->count; i++) {
            const struct schedule_entry *e = &announced->entries[i];
            w->working[e->day - w->first_day] = (uint8_t)!e->off;
            if (e->off) {
                struct holiday *h = &w->days_off[(*used)++];
                h->day = e->day;
                h->kind = HOLIDAY_ANNOUNCED;
                h->name = e->note;
            }
        }
        return;
    }
    size_t n = holidays_default(cal, year, w->days_off + *used);
    for (size_t i = 0; i < n; i++)
        w->working[w->days_off[*used + i].day - w->first_day] = 0;
    *used += n;
}

int workdays_init(struct workdays *w, const struct lunar_calendar *cal,
                  const struct schedule *sched)
{
    size_t capacity = (size_t)YEARS * HOLIDAYS_MAX_PER_YEAR, used = 0;
    w->first_day = civil_from_ymd(HOLIDAYS_FIRST_YEAR, 1, 1);
    w->last_day = civil_from_ymd(HOLIDAYS_LAST_YEAR, 12, 31);
    size_t days = (size_t)(w->last_day - w->first_day + 1);
    /* An announced year may have up to 366 days off. */
    for (size_t i = 0; i < sched->count; i++)
        capacity += sched->years[i].count;
    w->working = malloc(days);
    w->before = malloc((days + 1) * sizeof *w->before);
    w->days_off = malloc(capacity * sizeof *w->days_off);
    w->year_start = malloc((YEARS + 1) * sizeof *w->year_start);
    if (w->working == NULL || w->before == NULL || w->days_off == NULL || w->year_start == NULL) {
        workdays_release(w);
        return -1;
    }
    for (size_t i = 0; i < days; i++)
        w->working[i] = !civil_is_weekend(w->first_day + (int32_t)i);
    for (int y = HOLIDAYS_FIRST_YEAR; y <= HOLIDAYS_LAST_YEAR; y++) {
        w->year_start[y - HOLIDAYS_FIRST_YEAR] = used;
        fill_year(w, cal, sched, y, &used);
    }
    w->year_start[YEARS] = used;
    w->before[0] = 0;
    for (size_t i = 0; i < days; i++)
        w->before[i + 1] = w->before[i] + w->working[i];
    return 0;
}

void workdays_release(struct workdays *w)
{
    free(w->working);
    free(w->before);
    free(w->days_off);
    free(w->year_start);
    w->working = NULL;
    w->before = NULL;
    w->days_off = NULL;
    w->year_start = NULL;
}

int workdays_in_range(const struct workdays *w, int32_t day)
{
    return day >= w->first_day && day <= w->last_day;
}

int workdays_is_working(const struct workdays *w, int32_t day)
{
    return w->working[day - w->first_day];
}

/* The working days from first_day up to and including `day`. */
static int64_t through(const struct workdays *w, int32_t day)
{
    return w->before[day - w->first_day + 1];
}

int workdays_add(const struct workdays *w, int32_t day, int64_t n, int32_t *out)
{
    if (!workdays_in_range(w, day))
        return -1;
    if (n == 0) {
        *out = day;
        return 0;
    }
    /* The wanted day is the rank-th working day of the table (from 1):
     * after `day`, count on from the working days up to it; before it,
     * back from those strictly before it. */
    int64_t total = w->before[w->last_day - w->first_day + 1];
    if (n > total || n < -total)
        return -1;
    int64_t rank = n > 0 ? through(w, day) + n : w->before[day - w->first_day] + n + 1;
    if (rank < 1 || rank > total)
        return -1;
    /* The first day whose running count reaches rank. */
    int32_t lo = w->first_day, hi = w->last_day;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (through(w, mid) >= rank)
            hi = mid;
        else
            lo = mid + 1;
    }
    *out = lo;
    return 0;
}

int64_t workdays_count(const struct workdays *w, int32_t a, int32_t b)
{
    return through(w, b) - through(w, a);
}

const struct holiday *workdays_days_off(const struct workdays *w, int year, size_t *count)
{
    if (year < HOLIDAYS_FIRST_YEAR || year > HOLIDAYS_LAST_YEAR) {
        *count = 0;
        return NULL;
    }
    size_t from = w->year_start[year - HOLIDAYS_FIRST_YEAR];
    *count = w->year_start[year - HOLIDAYS_FIRST_YEAR + 1] - from;
    return w->days_off + from;
}
