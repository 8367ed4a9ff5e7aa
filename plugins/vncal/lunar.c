/*
 * lunar.c - building and reading the table of lunar months.
 *
 * Which month holds a principal term (the sun crossing a multiple of 30
 * degrees) is decided from the sun's longitude at the local midnights that
 * begin consecutive months: the term falls in the month exactly when the
 * longitude crosses the multiple between those two instants.  This asks
 * for one solar position per month instead of solving for each term.
 *
 * lunar_calendar_compute runs at build time (gen/lunar_table_gen.c); the
 * plugin reads the table it wrote (lunar_builtin.c).  This file must not
 * refer to that table: the generator links it before the table exists.
 */
#include "lunar.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "astro.h"
#include "civil.h"

/* New moons computed: from a little before the first month the range
 * needs (the 11th month of LUNAR_FIRST_YEAR - 1) to a little after the
 * 11th month that closes the range's last lunar year. */
#define FIRST_NEW_MOON_YEAR (LUNAR_FIRST_YEAR - 1)
#define LAST_NEW_MOON_YEAR (LUNAR_LAST_YEAR + 2)

struct new_moon {
    int32_t day;        /* local day of the new moon */
    double longitude;   /* the sun at the local midnight that begins that day */
};

/* The Julian Day (UT) of the local midnight that begins day number `day`. */
static double local_midnight(int32_t day)
{
    return civil_julian_day(day) - LUNAR_UTC_OFFSET / 24.0;
}

/* The local day number of a JDE. */
static int32_t local_day(double jde)
{
    double jd = astro_tt_to_ut(jde) + LUNAR_UTC_OFFSET / 24.0;
    return (int32_t)floor(jd - civil_julian_day(0));
}

/* The sun's longitude at `jde`, exact enough to tell on which side of a
 * multiple of 30 degrees it is: the quick formula, unless it is too close
 * to such a multiple to decide. */
static double sun_at(double jde)
{
    double quick = astro_sun_longitude_fast(jde);
    double to_mark = fmod(quick, 30.0);
    if (to_mark > 2 * ASTRO_FAST_ERROR && to_mark < 30.0 - 2 * ASTRO_FAST_ERROR)
        return quick;
    return astro_sun_longitude(jde);
}

/* 1 when the sun's longitude, going from `from` to `to` (degrees, the
 * short way forward), reaches `mark` (from <= mark < to). */
static int crosses(double from, double to, double mark)
{
    double span = fmod(to - from + 360.0, 360.0);
    double ahead = fmod(mark - from + 360.0, 360.0);
    return ahead < span;
}

static int holds_principal_term(const struct new_moon *nm, size_t i)
{
    return floor(nm[i].longitude / 30.0) != floor(nm[i + 1].longitude / 30.0);
}

static int holds_solstice(const struct new_moon *nm, size_t i)
{
    return crosses(nm[i].longitude, nm[i + 1].longitude, 270.0);
}

/* Number the months of one lunar cycle: nm[a] is an 11th month and nm[b]
 * the next one; writes b - a entries at out. */
static void number_cycle(const struct new_moon *nm, size_t a, size_t b, struct lunar_month *out)
{
    int y, m, d;
    size_t leap_at = 0;  /* offset of the leap month from a; 0: none */
    civil_to_ymd(nm[a].day, &y, &m, &d);
    if (b - a == 13) {
        for (size_t j = 1; j < 13 && leap_at == 0; j++)
            if (!holds_principal_term(nm, a + j))
                leap_at = j;
    }
    for (size_t j = 0; j < b - a; j++) {
        size_t index = leap_at != 0 && j >= leap_at ? j - 1 : j;  /* 0: the 11th month */
        struct lunar_month *lm = &out[j];
        lm->start = nm[a + j].day;
        lm->length = (int8_t)(nm[a + j + 1].day - nm[a + j].day);
        lm->month = (int8_t)((10 + index) % 12 + 1);
        lm->leap = (int8_t)(leap_at != 0 && j == leap_at);
        /* The 11th and 12th months end the lunar year the solstice's
         * Gregorian year began; the others belong to the next one. */
        lm->year = (int16_t)(index < 2 ? y : y + 1);
    }
}

int lunar_calendar_compute(struct lunar_calendar *cal)
{
    struct new_moon *nm = NULL;
    struct lunar_month *months = NULL;
    size_t *elevenths = NULL;
    int rc = -1;
    double from = astro_ut_to_tt(civil_julian_day(civil_from_ymd(FIRST_NEW_MOON_YEAR, 10, 1)));
    double to = astro_ut_to_tt(civil_julian_day(civil_from_ymd(LAST_NEW_MOON_YEAR, 3, 1)));
    int k_first = astro_new_moon_index(from), k_last = astro_new_moon_index(to);
    size_t n = (size_t)(k_last - k_first + 1), count = 0, total = 0;

    cal->months = NULL;
    cal->owned = NULL;
    cal->count = 0;
    cal->first_day = civil_from_ymd(LUNAR_FIRST_YEAR, 1, 1);
    cal->last_day = civil_from_ymd(LUNAR_LAST_YEAR, 12, 31);
    nm = malloc(n * sizeof *nm);
    elevenths = malloc(n * sizeof *elevenths);
    if (nm == NULL || elevenths == NULL)
        goto done;
    for (size_t i = 0; i < n; i++) {
        nm[i].day = local_day(astro_new_moon(k_first + (int)i));
        nm[i].longitude = sun_at(astro_ut_to_tt(local_midnight(nm[i].day)));
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (holds_solstice(nm, i))
            elevenths[count++] = i;
    if (count < 2)
        goto done;
    total = elevenths[count - 1] - elevenths[0];
    months = malloc(total * sizeof *months);
    if (months == NULL)
        goto done;
    for (size_t c = 0; c + 1 < count; c++)
        number_cycle(nm, elevenths[c], elevenths[c + 1], months + (elevenths[c] - elevenths[0]));
    cal->months = cal->owned = months;
    cal->count = total;
    rc = 0;
done:
    free(nm);
    free(elevenths);
    return rc;
}

void lunar_calendar_release(struct lunar_calendar *cal)
{
    free(cal->owned);
    cal->owned = NULL;
    cal->months = NULL;
    cal->count = 0;
}

/* The index of the last month that starts on or before `day`, or -1. */
static long month_index(const struct lunar_calendar *cal, int32_t day)
{
    long lo = 0, hi = (long)cal->count - 1, found = -1;
    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        if (cal->months[mid].start <= day) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

int lunar_from_day(const struct lunar_calendar *cal, int32_t day, struct lunar_date *out)
{
    if (day < cal->first_day || day > cal->last_day)
        return -1;
    long i = month_index(cal, day);
    if (i < 0)
        return -1;
    const struct lunar_month *lm = &cal->months[i];
    out->year = lm->year;
    out->month = lm->month;
    out->day = (int)(day - lm->start) + 1;
    out->leap = lm->leap;
    return 0;
}

/* Months in table order: the year, then the month, a leap month after the
 * month it repeats. */
static long ordinal(long year, int month, int leap)
{
    return year * 32 + month * 2 + (leap ? 1 : 0);
}

enum lunar_result lunar_to_day(const struct lunar_calendar *cal, const struct lunar_date *date,
                               int32_t *out)
{
    long key = ordinal(date->year, date->month, date->leap);
    long lo = 0, hi = (long)cal->count - 1;
    if (cal->count == 0)
        return LUNAR_OUT_OF_RANGE;
    const struct lunar_month *first = &cal->months[0], *last = &cal->months[cal->count - 1];
    if (key < ordinal(first->year, first->month, first->leap) ||
        key > ordinal(last->year, last->month, last->leap))
        return LUNAR_OUT_OF_RANGE;
    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        const struct lunar_month *lm = &cal->months[mid];
        long here = ordinal(lm->year, lm->month, lm->leap);
        if (here == key) {
            if (date->day < 1 || date->day > lm->length)
                return LUNAR_NONE;
            int32_t day = lm->start + date->day - 1;
            if (day < cal->first_day || day > cal->last_day)
                return LUNAR_OUT_OF_RANGE;
            *out = day;
            return LUNAR_FOUND;
        }
        if (here < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return LUNAR_NONE;
}

char *lunar_can_chi(int year, char *buf, size_t size)
{
    static const char *const stems[10] = {"Giáp", "Ất",  "Bính", "Đinh", "Mậu",
                                          "Kỷ",   "Canh", "Tân", "Nhâm", "Quý"};
    static const char *const branches[12] = {"Tý",  "Sửu", "Dần",  "Mão", "Thìn", "Tỵ",
                                             "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"};
    /* Year 4 was Giáp Tý, the first of a cycle of sixty. */
    int stem = ((year - 4) % 10 + 10) % 10;
    int branch = ((year - 4) % 12 + 12) % 12;
    snprintf(buf, size, "%s %s", stems[stem], branches[branch]);
    return buf;
}
