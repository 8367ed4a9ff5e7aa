/*
 * civil.h - Gregorian dates as day numbers, for the vncal plugin.
 *
 * A plugin cannot link the engine's date module, and the tables vncal
 * builds at load time are needed before any host call could convert, so
 * the plugin keeps its own conversion.  Day numbers are those of the plugin
 * ABI: days since 1970-01-01 in the proleptic Gregorian calendar.
 */
#ifndef VNCAL_CIVIL_H
#define VNCAL_CIVIL_H

#include <stdint.h>

/* Days of the ISO week: 1 Monday ... 7 Sunday. */
enum { CIVIL_SATURDAY = 6, CIVIL_SUNDAY = 7 };

/* 1 when y-m-d is a real day of years 1 to 9999, else 0. */
int civil_valid(int y, int m, int d);

/* Days in month m (1-12) of year y; 0 for another month. */
int civil_days_in_month(int y, int m);

/* The day number of y-m-d; y-m-d must be valid (civil_valid). */
int32_t civil_from_ymd(int y, int m, int d);

/* Split a day number into year, month (1-12) and day (1-31). */
void civil_to_ymd(int32_t day, int *y, int *m, int *d);

/* The ISO weekday of a day number: 1 Monday ... 7 Sunday. */
int civil_weekday(int32_t day);

/* 1 for Saturday and Sunday. */
int civil_is_weekend(int32_t day);

/* The Julian Day (UT) at 00:00 UTC of a day number. */
double civil_julian_day(int32_t day);

#endif
