/*
 * workdays.c - the table of working days and the counts over it.
 *
 * The table is a bitset, one bit a day from first_day, in 64-day words,
 * with the number of working days before each word (workdays.h).  It is
 * built a word at a time: 64 is 1 more than a multiple of 7, so each word
 * starts one weekday later than the one before, and its Monday-to-Friday
 * bits are one of seven masks.  The days off and make-up days are then set
 * bit by bit, and the words counted.
 */
#include "workdays.h"

#include <stdlib.h>

#include "civil.h"

#define YEARS (HOLIDAYS_LAST_YEAR - HOLIDAYS_FIRST_YEAR + 1)

#define WORD_DAYS 64

/* The set bits of x (portable: no builtin, no CPU instruction needed). */
static int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (int)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* The position (0..63) of the rank-th set bit of x, counted from bit 0 and
 * from 1; x must have at least rank set bits. */
static int select_bit(uint64_t x, int rank)
{
    int at = 0;
    for (int width = WORD_DAYS / 2; width > 0; width /= 2) {
        uint64_t low = x & ((UINT64_C(1) << width) - 1);
        int n = popcount64(low);
        if (n < rank) {
            rank -= n;
            x >>= width;
            at += width;
        } else {
            x = low;
        }
    }
    return at;
}

/* Mark Monday to Friday of every day in the table, and nothing after
 * last_day. */
static void mark_weekdays(struct workdays *w, size_t days)
{
    /* Bit j set when day j of a word starting on a Monday is Monday to
     * Friday.  The mask of a word starting `offset` days after a Monday
     * takes bit j from bit j + offset of it, or, for the last `offset`
     * bits, from bit j + offset - 7 (a week earlier: the same weekday). */
    uint64_t from_monday = 0;
    for (int j = 0; j < WORD_DAYS; j += 7)
        from_monday |= UINT64_C(0x1f) << j;
    int offset = civil_weekday(w->first_day) - 1;  /* 0 Monday ... 6 Sunday */
    for (size_t k = 0; k < w->words; k++) {
        w->working[k] = (from_monday >> offset) | (from_monday << (7 - offset));
        offset = (offset + WORD_DAYS) % 7;
    }
    if (days % WORD_DAYS != 0)
        w->working[w->words - 1] &= (UINT64_C(1) << (days % WORD_DAYS)) - 1;
}

static void set_working(struct workdays *w, int32_t day, int working)
{
    size_t i = (size_t)(day - w->first_day);
    uint64_t bit = UINT64_C(1) << (i % WORD_DAYS);
    if (working)
        w->working[i / WORD_DAYS] |= bit;
    else
        w->working[i / WORD_DAYS] &= ~bit;
}

/* Append the days off of one year to w->days_off at *used; mark them. */
static void fill_year(struct workdays *w, const struct lunar_calendar *cal,
                      const struct schedule *sched, int year, size_t *used)
{
    const struct schedule_year *announced = schedule_find(sched, year);
    if (announced != NULL) {
        for (size_t i = 0; i < announced->count; i++) {
            const struct schedule_entry *e = &announced->entries[i];
            set_working(w, e->day, !e->off);
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
        set_working(w, w->days_off[*used + i].day, 0);
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
    w->words = (days + WORD_DAYS - 1) / WORD_DAYS;
    w->working = malloc(w->words * sizeof *w->working);
    w->before = malloc((w->words + 1) * sizeof *w->before);
    w->days_off = malloc(capacity * sizeof *w->days_off);
    w->year_start = malloc((YEARS + 1) * sizeof *w->year_start);
    if (w->working == NULL || w->before == NULL || w->days_off == NULL || w->year_start == NULL) {
        workdays_release(w);
        return -1;
    }
    mark_weekdays(w, days);
    for (int y = HOLIDAYS_FIRST_YEAR; y <= HOLIDAYS_LAST_YEAR; y++) {
        w->year_start[y - HOLIDAYS_FIRST_YEAR] = used;
        fill_year(w, cal, sched, y, &used);
    }
    w->year_start[YEARS] = used;
    w->before[0] = 0;
    for (size_t k = 0; k < w->words; k++)
        w->before[k + 1] = w->before[k] + popcount64(w->working[k]);
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
    w->words = 0;
}

int workdays_in_range(const struct workdays *w, int32_t day)
{
    return day >= w->first_day && day <= w->last_day;
}

int workdays_is_working(const struct workdays *w, int32_t day)
{
    size_t i = (size_t)(day - w->first_day);
    return (int)((w->working[i / WORD_DAYS] >> (i % WORD_DAYS)) & 1);
}

/* The working days from first_day up to and including `day`. */
static int64_t through(const struct workdays *w, int32_t day)
{
    size_t i = (size_t)(day - w->first_day);
    uint64_t up_to_day = w->working[i / WORD_DAYS] & ~UINT64_C(0) >> (WORD_DAYS - 1 - i % WORD_DAYS);
    return w->before[i / WORD_DAYS] + popcount64(up_to_day);
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
    int64_t total = w->before[w->words];
    if (n > total || n < -total)
        return -1;
    int64_t rank = n > 0 ? through(w, day) + n
                         : through(w, day) - workdays_is_working(w, day) + n + 1;
    if (rank < 1 || rank > total)
        return -1;
    /* The word holding it: the first whose running count reaches rank;
     * then the bit within that word. */
    size_t lo = 0, hi = w->words - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->before[mid + 1] >= rank)
            hi = mid;
        else
            lo = mid + 1;
    }
    int bit = select_bit(w->working[lo], (int)(rank - w->before[lo]));
    *out = w->first_day + (int32_t)(lo * WORD_DAYS) + bit;
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
