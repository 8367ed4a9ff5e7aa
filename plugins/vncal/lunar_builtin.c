/*
 * lunar_builtin.c - the lunar calendar from the table computed at build time.
 *
 * Apart from lunar.c because the generator (gen/lunar_table_gen.c) links
 * lunar.c to compute the table that this file refers to.
 */
#include "lunar.h"

#include "civil.h"

void lunar_calendar_init(struct lunar_calendar *cal)
{
    cal->first_day = civil_from_ymd(LUNAR_FIRST_YEAR, 1, 1);
    cal->last_day = civil_from_ymd(LUNAR_LAST_YEAR, 12, 31);
    cal->months = lunar_table_months;
    cal->count = lunar_table_count;
    cal->owned = NULL;
}
