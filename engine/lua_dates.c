/* lua_dates.c - date arithmetic for rules; the arithmetic itself is date.c. */
#include "lua_dates.h"

#include <string.h>

#include <lauxlib.h>

#include "date.h"

/* A day number argument; years outside 1..9999 are refused. */
static admit_day check_day(lua_State *L, int arg)
{
    lua_Integer v = luaL_checkinteger(L, arg);
    luaL_argcheck(L, v >= date_from_ymd(DATE_YEAR_MIN, 1, 1) &&
                     v <= date_from_ymd(DATE_YEAR_MAX, 12, 31), arg, "date out of range");
    return (admit_day)v;
}

static enum date_counting check_counting(lua_State *L, int arg)
{
    enum date_counting counting;
    const char *name = luaL_optstring(L, arg, "month");
    if (date_counting_parse(name, &counting) != 0)
        luaL_argerror(L, arg, "expected \"month\", \"day\" or \"year\"");
    return counting;
}

/* dates.add_months(d, n) -> the same day n months later, clamped. */
static int l_add_months(lua_State *L)
{
    admit_day d = check_day(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n > -120000 && n < 120000, 2, "too many months");
    admit_day r = date_add_months(d, (int)n);
    lua_pushinteger(L, r);
    return 1;
}

/* dates.age(birth, t [, counting]) -> full months (years with "year"). */
static int l_age(lua_State *L)
{
    admit_day birth = check_day(L, 1), t = check_day(L, 2);
    lua_pushinteger(L, date_age(birth, t, check_counting(L, 3)));
    return 1;
}

/* dates.age_reached(birth, n [, counting]) -> first day the age reaches n. */
static int l_age_reached(lua_State *L)
{
    admit_day birth = check_day(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 0 && n < 12000, 2, "age out of range");
    lua_pushinteger(L, date_age_reached(birth, (int)n, check_counting(L, 3)));
    return 1;
}

/* dates.from_ymd(y, m, d) -> day number; an impossible date is an error. */
static int l_from_ymd(lua_State *L)
{
    lua_Integer y = luaL_checkinteger(L, 1), m = luaL_checkinteger(L, 2),
                d = luaL_checkinteger(L, 3);
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || !date_valid((int)y, (int)m, (int)d))
        return luaL_error(L, "dates.from_ymd: %d-%d-%d is not a valid date", (int)y, (int)m,
                          (int)d);
    lua_pushinteger(L, date_from_ymd((int)y, (int)m, (int)d));
    return 1;
}

/* dates.ymd(d) -> y, m, d */
static int l_ymd(lua_State *L)
{
    int y, m, d;
    date_to_ymd(check_day(L, 1), &y, &m, &d);
    lua_pushinteger(L, y);
    lua_pushinteger(L, m);
    lua_pushinteger(L, d);
    return 3;
}

/* dates.parse("YYYY-MM-DD") -> day number; anything else is an error. */
static int l_parse(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    admit_day d;
    if (date_parse(s, len, &d) != 0)
        return luaL_error(L, "dates.parse: \"%s\" is not a valid YYYY-MM-DD date", s);
    lua_pushinteger(L, d);
    return 1;
}

/* dates.format(d) -> "YYYY-MM-DD" */
static int l_format(lua_State *L)
{
    char text[DATE_TEXT_SIZE];
    lua_pushstring(L, date_format_iso(check_day(L, 1), text));
    return 1;
}

/* dates.weekday(d) -> 1 (Monday) .. 7 (Sunday) */
static int l_weekday(lua_State *L)
{
    lua_pushinteger(L, date_weekday(check_day(L, 1)));
    return 1;
}

void lua_dates_push(lua_State *L)
{
    static const luaL_Reg functions[] = {
        {"add_months", l_add_months}, {"age", l_age}, {"age_reached", l_age_reached},
        {"from_ymd", l_from_ymd},     {"ymd", l_ymd}, {"parse", l_parse},
        {"format", l_format},         {"weekday", l_weekday}, {NULL, NULL},
    };
    luaL_newlib(L, functions);
}
