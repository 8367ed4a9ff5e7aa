/*
 * test_vncal.c - the vncal plugin (plugins/vncal) through the plugin host:
 * the lunar calendar, the computed holidays, working days, announced
 * schedules, and the errors for input outside the covered range.
 *
 * Each test makes a mkdtemp() directory holding a copy of
 * $ADMIT_BUILD/plugins/vncal.so (default build/) in a subdirectory of its
 * own, sets the host options as `admit --holidays ...` would, loads it with
 * plugin_set_load_dir and calls its functions with plugin_call_function.
 *
 * Expected lunar dates: the Tết dates and leap months of every year
 * 1968-2100 below were computed independently of the plugin with PyEphem
 * (new moons and solar terms at UTC+7, tests/e2e/vncal_crosscheck.py), and
 * agree with the known dates (Tết 1968-01-29, the famous change to UTC+7;
 * 1985-01-21 and 2007-02-17, where Vietnam and China differ; 2023-01-22;
 * 2024-02-10; 2025-01-29; leap 4th month in 2020, 2nd in 2023, 6th in 2025).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "date.h"
#include "i18n.h"
#include "outcome.h"
#include "plugin.h"
#include "support.h"

/* -- fixture ------------------------------------------------------------ */

struct fixture {
    char dir[64];           /* scratch: schedule folders */
    char plugins[96];       /* dir/plugins: vncal.so alone */
    struct plugin_set *set;
    struct admit_error err;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    if (support_plugin_dir("vncal", fx->dir, sizeof fx->dir, fx->plugins,
                           sizeof fx->plugins) != 0) {
        free(fx);
        return -1;
    }
    i18n_set_lang(ADMIT_LANG_EN);
    plugin_host_clear_options();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    plugin_set_free(fx->set);
    plugin_host_clear_options();
    support_remove_tree(fx->dir);
    free(fx);
    return 0;
}

/* Load the plugin with --holidays `holidays` (NULL: not given) in `lang`.
 * Returns the status; fx->set on success, fx->err otherwise. */
static enum admit_status load(struct fixture *fx, const char *holidays, const char *lang)
{
    assert_int_equal(plugin_host_set_option("holidays", holidays), 0);
    assert_int_equal(plugin_host_set_option("lang", lang), 0);
    return support_load_plugins(fx->plugins, &fx->set, &fx->err);
}

static void load_ok(struct fixture *fx, const char *holidays)
{
    enum admit_status st = load(fx, holidays, "en");
    if (st != ADMIT_OK)
        fail_msg("vncal did not load: %s", fx->err.message);
}

/* A folder fx->dir/name holding one schedule file; its path in dir. */
static void schedule_folder(struct fixture *fx, const char *name, const char *file,
                            const char *text, char *dir, size_t size)
{
    char path[512];
    assert_int_equal(mkdir(support_path(dir, size, fx->dir, name), 0755), 0);
    support_write_text(support_path(path, sizeof path, dir, file), text);
}

/* -- calling ------------------------------------------------------------ */

struct call_result {
    int rc;
    struct admit_value ret;
    char *error;
};

static struct admit_value vint(int64_t n)
{
    struct admit_value v = {.type = ADMIT_VALUE_INT, .as.integer = n};
    return v;
}

static struct admit_value vbool(int b)
{
    struct admit_value v = {.type = ADMIT_VALUE_BOOL, .as.boolean = b};
    return v;
}

static struct admit_value vstr(const char *s)
{
    struct admit_value v = {.type = ADMIT_VALUE_STRING};
    v.as.string.data = s;
    v.as.string.len = strlen(s);
    return v;
}

/* Call vncal.name; the caller releases with done(). */
static struct call_result invoke(struct fixture *fx, const char *name, int argc,
                                 const struct admit_value *argv)
{
    struct call_result r = {0};
    struct plugin_call_env env = {OUTCOME_NO_DAY, OUTCOME_NO_DAY, NULL, NULL};
    const struct plugin_function *f = plugin_set_find_function(fx->set, "vncal", name);
    if (f == NULL)
        fail_msg("vncal.%s is not registered", name);
    r.rc = plugin_call_function(f, &env, argc, argv, &r.ret, &r.error);
    return r;
}

static void done(struct call_result *r)
{
    plugin_value_release(&r->ret);
    free(r->error);
}

static admit_day ymd(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

/* The value of a call that must succeed with an integer. */
static int64_t call_int(struct fixture *fx, const char *name, int argc,
                        const struct admit_value *argv)
{
    struct call_result r = invoke(fx, name, argc, argv);
    if (r.rc != 0)
        fail_msg("vncal.%s failed: %s", name, r.error ? r.error : "(no message)");
    if (r.ret.type != ADMIT_VALUE_INT)
        fail_msg("vncal.%s: not an integer (type %d)", name, (int)r.ret.type);
    int64_t v = r.ret.as.integer;
    done(&r);
    return v;
}

static int call_bool(struct fixture *fx, const char *name, int argc,
                     const struct admit_value *argv)
{
    struct call_result r = invoke(fx, name, argc, argv);
    if (r.rc != 0)
        fail_msg("vncal.%s failed: %s", name, r.error ? r.error : "(no message)");
    assert_int_equal(r.ret.type, ADMIT_VALUE_BOOL);
    int v = r.ret.as.boolean;
    done(&r);
    return v;
}

/* A string result, copied into buf. */
static const char *call_str(struct fixture *fx, const char *name, int argc,
                            const struct admit_value *argv, char *buf, size_t size)
{
    struct call_result r = invoke(fx, name, argc, argv);
    if (r.rc != 0)
        fail_msg("vncal.%s failed: %s", name, r.error ? r.error : "(no message)");
    assert_int_equal(r.ret.type, ADMIT_VALUE_STRING);
    snprintf(buf, size, "%s", r.ret.as.string.data);
    done(&r);
    return buf;
}

/* A call that must fail with a message containing `expect`. */
static void call_fails(struct fixture *fx, const char *name, int argc,
                       const struct admit_value *argv, const char *expect)
{
    struct call_result r = invoke(fx, name, argc, argv);
    if (r.rc == 0)
        fail_msg("vncal.%s succeeded; expected an error with \"%s\"", name, expect);
    assert_non_null(r.error);
    if (strstr(r.error, expect) == NULL)
        fail_msg("vncal.%s: \"%s\" does not contain \"%s\"", name, r.error, expect);
    done(&r);
}

static const char *lunar_of(struct fixture *fx, admit_day day, char buf[32])
{
    struct admit_value a = vint(day);
    return call_str(fx, "lunar", 1, &a, buf, 32);
}

static int is_leap(struct fixture *fx, admit_day day)
{
    struct admit_value a = vint(day);
    return call_bool(fx, "lunar_leap", 1, &a);
}

/* solar(y, m, d, leap): the day, or OUTCOME_NO_DAY for nil. */
static admit_day solar(struct fixture *fx, int y, int m, int d, int leap)
{
    struct admit_value a[4] = {vint(y), vint(m), vint(d), vbool(leap)};
    struct call_result r = invoke(fx, "solar", 4, a);
    if (r.rc != 0)
        fail_msg("vncal.solar(%d, %d, %d, %d) failed: %s", y, m, d, leap, r.error);
    admit_day day = r.ret.type == ADMIT_VALUE_INT ? (admit_day)r.ret.as.integer : OUTCOME_NO_DAY;
    if (r.ret.type != ADMIT_VALUE_INT)
        assert_int_equal(r.ret.type, ADMIT_VALUE_NIL);
    done(&r);
    return day;
}

static int working(struct fixture *fx, admit_day day)
{
    struct admit_value a = vint(day);
    return call_bool(fx, "is_working_day", 1, &a);
}

static admit_day add_days(struct fixture *fx, admit_day day, int64_t n)
{
    struct admit_value a[2] = {vint(day), vint(n)};
    return (admit_day)call_int(fx, "add_working_days", 2, a);
}

static int64_t count_days(struct fixture *fx, admit_day from, admit_day to)
{
    struct admit_value a[2] = {vint(from), vint(to)};
    return call_int(fx, "working_days", 2, a);
}

/* The holidays(year) text. */
static char *holidays_text(struct fixture *fx, int year)
{
    struct admit_value a = vint(year);
    struct call_result r = invoke(fx, "holidays", 1, &a);
    if (r.rc != 0)
        fail_msg("vncal.holidays(%d) failed: %s", year, r.error);
    assert_int_equal(r.ret.type, ADMIT_VALUE_STRING);
    char *text = strdup(r.ret.as.string.data);
    done(&r);
    assert_non_null(text);
    return text;
}

static void assert_contains(const char *text, const char *part)
{
    if (strstr(text, part) == NULL)
        fail_msg("\"%s\" not found in:\n%s", part, text);
}

static void assert_lacks(const char *text, const char *part)
{
    if (strstr(text, part) != NULL)
        fail_msg("\"%s\" unexpectedly found in:\n%s", part, text);
}

/* -- the lunar calendar --------------------------------------------------- */

/* Tết (lunar 1/1) of every year 1968-2100, at UTC+7. */
static const struct {
    int year, month, day;
} tet[] = {
    {1968, 1, 29}, {1969, 2, 16}, {1970, 2, 6}, {1971, 1, 27}, {1972, 2, 15}, {1973, 2, 3}, 
    {1974, 1, 23}, {1975, 2, 11}, {1976, 1, 31}, {1977, 2, 18}, {1978, 2, 7}, {1979, 1, 28}, 
    {1980, 2, 16}, {1981, 2, 5}, {1982, 1, 25}, {1983, 2, 13}, {1984, 2, 2}, {1985, 1, 21}, 
    {1986, 2, 9}, {1987, 1, 29}, {1988, 2, 17}, {1989, 2, 6}, {1990, 1, 27}, {1991, 2, 15}, 
    {1992, 2, 4}, {1993, 1, 23}, {1994, 2, 10}, {1995, 1, 31}, {1996, 2, 19}, {1997, 2, 7}, 
    {1998, 1, 28}, {1999, 2, 16}, {2000, 2, 5}, {2001, 1, 24}, {2002, 2, 12}, {2003, 2, 1}, 
    {2004, 1, 22}, {2005, 2, 9}, {2006, 1, 29}, {2007, 2, 17}, {2008, 2, 7}, {2009, 1, 26}, 
    {2010, 2, 14}, {2011, 2, 3}, {2012, 1, 23}, {2013, 2, 10}, {2014, 1, 31}, {2015, 2, 19}, 
    {2016, 2, 8}, {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5}, {2020, 1, 25}, {2021, 2, 12}, 
    {2022, 2, 1}, {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17}, {2027, 2, 6}, 
    {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 2}, {2031, 1, 23}, {2032, 2, 11}, {2033, 1, 31}, 
    {2034, 2, 19}, {2035, 2, 8}, {2036, 1, 28}, {2037, 2, 15}, {2038, 2, 4}, {2039, 1, 24}, 
    {2040, 2, 12}, {2041, 2, 1}, {2042, 1, 22}, {2043, 2, 10}, {2044, 1, 30}, {2045, 2, 17}, 
    {2046, 2, 6}, {2047, 1, 26}, {2048, 2, 14}, {2049, 2, 2}, {2050, 1, 23}, {2051, 2, 11}, 
    {2052, 2, 1}, {2053, 2, 18}, {2054, 2, 8}, {2055, 1, 28}, {2056, 2, 15}, {2057, 2, 4}, 
    {2058, 1, 24}, {2059, 2, 12}, {2060, 2, 2}, {2061, 1, 21}, {2062, 2, 9}, {2063, 1, 29}, 
    {2064, 2, 17}, {2065, 2, 5}, {2066, 1, 26}, {2067, 2, 14}, {2068, 2, 3}, {2069, 1, 23}, 
    {2070, 2, 11}, {2071, 1, 31}, {2072, 2, 19}, {2073, 2, 7}, {2074, 1, 27}, {2075, 2, 15}, 
    {2076, 2, 5}, {2077, 1, 24}, {2078, 2, 12}, {2079, 2, 2}, {2080, 1, 22}, {2081, 2, 9}, 
    {2082, 1, 29}, {2083, 2, 17}, {2084, 2, 6}, {2085, 1, 26}, {2086, 2, 14}, {2087, 2, 3}, 
    {2088, 1, 24}, {2089, 2, 10}, {2090, 1, 30}, {2091, 2, 18}, {2092, 2, 7}, {2093, 1, 27}, 
    {2094, 2, 15}, {2095, 2, 5}, {2096, 1, 25}, {2097, 2, 12}, {2098, 2, 1}, {2099, 1, 21}, 
    {2100, 2, 9}, };

/* The leap months 1968-2100: lunar year, the month repeated, first day. */
static const struct {
    int lunar_year, month, y, m, d;
} leap_months[] = {
    {1968, 7, 1968, 8, 24}, {1971, 5, 1971, 6, 23}, {1974, 4, 1974, 5, 22}, {1976, 8, 1976, 9, 24}, 
    {1979, 6, 1979, 7, 24}, {1982, 4, 1982, 5, 23}, {1985, 2, 1985, 3, 21}, {1987, 7, 1987, 8, 24}, 
    {1990, 5, 1990, 6, 23}, {1993, 3, 1993, 4, 22}, {1995, 8, 1995, 9, 24}, {1998, 5, 1998, 6, 24}, 
    {2001, 4, 2001, 5, 23}, {2004, 2, 2004, 3, 21}, {2006, 7, 2006, 8, 24}, {2009, 5, 2009, 6, 23}, 
    {2012, 4, 2012, 5, 21}, {2014, 9, 2014, 10, 24}, {2017, 6, 2017, 7, 23}, {2020, 4, 2020, 5, 23}, 
    {2023, 2, 2023, 3, 22}, {2025, 6, 2025, 7, 25}, {2028, 5, 2028, 6, 23}, {2031, 3, 2031, 4, 21}, 
    {2033, 11, 2033, 12, 22}, {2036, 6, 2036, 7, 23}, {2039, 5, 2039, 6, 22}, {2042, 2, 2042, 3, 22}, 
    {2044, 7, 2044, 8, 23}, {2047, 5, 2047, 6, 23}, {2050, 3, 2050, 4, 21}, {2052, 8, 2052, 9, 23}, 
    {2055, 6, 2055, 7, 24}, {2058, 4, 2058, 5, 22}, {2061, 3, 2061, 4, 20}, {2063, 7, 2063, 8, 24}, 
    {2066, 5, 2066, 6, 23}, {2069, 4, 2069, 5, 21}, {2071, 8, 2071, 9, 24}, {2074, 6, 2074, 7, 24}, 
    {2077, 4, 2077, 5, 22}, {2080, 3, 2080, 4, 20}, {2082, 7, 2082, 8, 24}, {2085, 5, 2085, 6, 22}, 
    {2088, 4, 2088, 5, 21}, {2090, 8, 2090, 9, 24}, {2093, 6, 2093, 7, 23}, {2096, 4, 2096, 5, 22}, 
    {2099, 2, 2099, 3, 22}, };

static void test_tet_every_year(void **state)
{
    struct fixture *fx = *state;
    char buf[32], want[32];
    load_ok(fx, "none");
    for (size_t i = 0; i < sizeof tet / sizeof tet[0]; i++) {
        admit_day day = ymd(tet[i].year, tet[i].month, tet[i].day);
        snprintf(want, sizeof want, "%04d-01-01", tet[i].year);
        if (strcmp(lunar_of(fx, day, buf), want) != 0)
            fail_msg("%04d-%02d-%02d: lunar %s, expected %s", tet[i].year, tet[i].month,
                     tet[i].day, buf, want);
        assert_false(is_leap(fx, day));
        assert_int_equal(solar(fx, tet[i].year, 1, 1, 0), day);
        /* The day before ends the previous lunar year: 29 or 30 of month 12. */
        if (day - 1 >= ymd(1968, 1, 1)) {
            lunar_of(fx, day - 1, buf);
            snprintf(want, sizeof want, "%04d-12-", tet[i].year - 1);
            if (strncmp(buf, want, 8) != 0 || (strcmp(buf + 8, "29") != 0 && strcmp(buf + 8, "30") != 0))
                fail_msg("the day before Tết %d is lunar %s", tet[i].year, buf);
        }
    }
    assert_int_equal(sizeof tet / sizeof tet[0], 2100 - 1968 + 1);
}

static void test_leap_months(void **state)
{
    struct fixture *fx = *state;
    char buf[32], want[32];
    load_ok(fx, "none");
    for (size_t i = 0; i < sizeof leap_months / sizeof leap_months[0]; i++) {
        admit_day start = ymd(leap_months[i].y, leap_months[i].m, leap_months[i].d);
        snprintf(want, sizeof want, "%04d-%02d-01", leap_months[i].lunar_year, leap_months[i].month);
        if (strcmp(lunar_of(fx, start, buf), want) != 0 || !is_leap(fx, start))
            fail_msg("%04d-%02d-%02d: lunar %s (leap %d), expected leap %s", leap_months[i].y,
                     leap_months[i].m, leap_months[i].d, buf, is_leap(fx, start), want);
        /* The day before is in the ordinary month of the same number. */
        assert_false(is_leap(fx, start - 1));
        assert_int_equal(solar(fx, leap_months[i].lunar_year, leap_months[i].month, 1, 1), start);
        assert_true(solar(fx, leap_months[i].lunar_year, leap_months[i].month, 1, 0) < start - 28);
    }
    /* Named cases: 2020 leap 4, 2023 leap 2, 2025 leap 6. */
    assert_int_equal(solar(fx, 2020, 4, 1, 1), ymd(2020, 5, 23));
    assert_int_equal(solar(fx, 2023, 2, 1, 1), ymd(2023, 3, 22));
    assert_int_equal(solar(fx, 2025, 6, 1, 1), ymd(2025, 7, 25));
    /* A year without one, and a month another year repeats. */
    assert_int_equal(solar(fx, 2024, 4, 1, 1), OUTCOME_NO_DAY);
    assert_int_equal(solar(fx, 2021, 2, 1, 1), OUTCOME_NO_DAY);
    /* Every leap month of the range, and no other. */
    int leaps = 0;
    for (admit_day d = ymd(1968, 1, 1); d <= ymd(2100, 12, 31); d++)
        if (strcmp(lunar_of(fx, d, buf) + 8, "01") == 0 && is_leap(fx, d))
            leaps++;
    assert_int_equal(leaps, (int)(sizeof leap_months / sizeof leap_months[0]));
}

/* Where the meridian of UTC+7 gives another date than China's UTC+8. */
static void test_differs_from_china(void **state)
{
    struct fixture *fx = *state;
    char buf[32];
    load_ok(fx, "none");
    /* Tết: Vietnam's first, China's the next day (1985: a month later). */
    assert_string_equal(lunar_of(fx, ymd(1968, 1, 29), buf), "1968-01-01");
    assert_string_equal(lunar_of(fx, ymd(1968, 1, 30), buf), "1968-01-02");
    assert_string_equal(lunar_of(fx, ymd(1969, 2, 16), buf), "1969-01-01");
    assert_string_equal(lunar_of(fx, ymd(1985, 1, 21), buf), "1985-01-01");
    assert_string_equal(lunar_of(fx, ymd(1985, 2, 20), buf), "1985-02-01");
    assert_string_equal(lunar_of(fx, ymd(2007, 2, 17), buf), "2007-01-01");
    assert_string_equal(lunar_of(fx, ymd(2007, 2, 18), buf), "2007-01-02");
    assert_string_equal(lunar_of(fx, ymd(2030, 2, 2), buf), "2030-01-01");
    assert_string_equal(lunar_of(fx, ymd(2053, 2, 18), buf), "2053-01-01");
    /* Leap months: China had a leap 10th month in 1984, Vietnam a leap
     * 2nd month in 1985; 1987: leap 7th here, 6th there. */
    assert_int_equal(solar(fx, 1984, 10, 1, 1), OUTCOME_NO_DAY);
    assert_int_equal(solar(fx, 1985, 2, 1, 1), ymd(1985, 3, 21));
    assert_int_equal(solar(fx, 1987, 6, 1, 1), OUTCOME_NO_DAY);
    assert_int_equal(solar(fx, 1987, 7, 1, 1), ymd(1987, 8, 24));
    /* 1995 and 2031: the leap month begins a day earlier in Vietnam. */
    assert_int_equal(solar(fx, 1995, 8, 1, 1), ymd(1995, 9, 24));
    assert_int_equal(solar(fx, 2031, 3, 1, 1), ymd(2031, 4, 21));
}

/* Every day of the range goes to a lunar date and back. */
static void test_round_trip(void **state)
{
    struct fixture *fx = *state;
    char buf[32];
    load_ok(fx, "none");
    for (admit_day d = ymd(1968, 1, 1); d <= ymd(2100, 12, 31); d++) {
        int y, m, dd;
        lunar_of(fx, d, buf);
        assert_int_equal(sscanf(buf, "%4d-%2d-%2d", &y, &m, &dd), 3);
        assert_true(dd >= 1 && dd <= 30);
        if (solar(fx, y, m, dd, is_leap(fx, d)) != d)
            fail_msg("day %d: lunar %s does not go back", (int)d, buf);
    }
    assert_string_equal(lunar_of(fx, ymd(1968, 1, 1), buf), "1967-12-02");
    assert_int_equal(solar(fx, 1967, 12, 2, 0), ymd(1968, 1, 1));
    lunar_of(fx, ymd(2100, 12, 31), buf);
    assert_int_equal(strncmp(buf, "2100-12-", 8), 0);
    /* Day 30 of a 29-day month does not exist. */
    assert_int_equal(solar(fx, 2023, 1, 30, 0), OUTCOME_NO_DAY);
    assert_int_equal(solar(fx, 2023, 1, 29, 0), ymd(2023, 2, 19));
}

static void test_can_chi(void **state)
{
    struct fixture *fx = *state;
    static const struct {
        int year;
        const char *name;
    } cases[] = {
        {2007, "Đinh Hợi"}, {2024, "Giáp Thìn"}, {2025, "Ất Tỵ"}, {2026, "Bính Ngọ"},
        {1968, "Mậu Thân"}, {1984, "Giáp Tý"},   {2100, "Canh Thân"}, {2023, "Quý Mão"},
    };
    char buf[64];
    load_ok(fx, "none");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct admit_value a = vint(cases[i].year);
        assert_string_equal(call_str(fx, "can_chi", 1, &a, buf, sizeof buf), cases[i].name);
    }
    struct admit_value zero = vint(0);
    call_fails(fx, "can_chi", 1, &zero, "outside 1 to 9999");
}

/* -- holidays (computed default) ----------------------------------------- */

static void test_compensatory_days(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx, "none");
    /* 2023: Hùng Kings on Saturday 29 Apr, 30 Apr on Sunday: 2 and 3 May off. */
    assert_false(working(fx, ymd(2023, 5, 1)));
    assert_false(working(fx, ymd(2023, 5, 2)));
    assert_false(working(fx, ymd(2023, 5, 3)));
    assert_true(working(fx, ymd(2023, 5, 4)));
    char *text = holidays_text(fx, 2023);
    assert_contains(text, "2023-04-29\tGiỗ Tổ Hùng Vương\tholiday\n");
    assert_contains(text, "2023-04-30\tNgày Giải phóng miền Nam\tholiday\n");
    assert_contains(text, "2023-05-01\tQuốc tế Lao động\tholiday\n");
    assert_contains(text, "2023-05-02\tNghỉ bù\tcompensatory\n");
    assert_contains(text, "2023-05-03\tNghỉ bù\tcompensatory\n");
    /* 1 Jan 2023 a Sunday: Monday 2 Jan off. */
    assert_contains(text, "2023-01-01\tTết Dương lịch\tholiday\n");
    assert_contains(text, "2023-01-02\tNghỉ bù\tcompensatory\n");
    /* 2 Sep 2023 a Saturday: Friday 1 Sep joins it, Monday 4 Sep makes up. */
    assert_contains(text, "2023-09-01\tQuốc khánh\tholiday\n");
    assert_contains(text, "2023-09-02\tQuốc khánh\tholiday\n");
    assert_contains(text, "2023-09-04\tNghỉ bù\tcompensatory\n");
    free(text);
    /* 1 Jan 2017 a Sunday too. */
    assert_false(working(fx, ymd(2017, 1, 2)));
    assert_true(working(fx, ymd(2017, 1, 3)));
    /* 1 Jan 2022 a Saturday: Monday 3 Jan. */
    assert_false(working(fx, ymd(2022, 1, 3)));
    assert_true(working(fx, ymd(2022, 1, 4)));
}

static void test_national_day_companion(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx, "none");
    /* 2020: 2 Sep alone (a Wednesday). */
    assert_false(working(fx, ymd(2020, 9, 2)));
    assert_true(working(fx, ymd(2020, 9, 1)));
    assert_true(working(fx, ymd(2020, 9, 3)));
    /* 2021 Thu: 3 Sep.  2022 Fri: 1 Sep.  2024 Mon: 3 Sep.  2025 Tue: 1 Sep. */
    assert_false(working(fx, ymd(2021, 9, 3)));
    assert_true(working(fx, ymd(2021, 9, 1)));
    assert_false(working(fx, ymd(2022, 9, 1)));
    assert_true(working(fx, ymd(2022, 9, 5)));
    assert_false(working(fx, ymd(2024, 9, 3)));
    assert_true(working(fx, ymd(2024, 8, 30)));
    assert_true(working(fx, ymd(2024, 9, 4)));
    assert_false(working(fx, ymd(2025, 9, 1)));
    assert_true(working(fx, ymd(2025, 9, 3)));
    /* 2026 Wed: 3 Sep; 2027 Thu: 3 Sep; 2029 Sun: 3 Sep and a day for Sunday. */
    assert_false(working(fx, ymd(2026, 9, 3)));
    assert_true(working(fx, ymd(2026, 9, 1)));
    assert_false(working(fx, ymd(2029, 9, 3)));
    assert_false(working(fx, ymd(2029, 9, 4)));
    assert_true(working(fx, ymd(2029, 9, 5)));
    char *text = holidays_text(fx, 2029);
    assert_contains(text, "2029-09-03\tQuốc khánh\tholiday\n");
    assert_contains(text, "2029-09-04\tNghỉ bù\tcompensatory\n");
    free(text);
}

static void test_tet_spans(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx, "none");
    /* 2013 (Labour Code 1994): 4 days, Sat 9 Feb - Tue 12 Feb; Sat and Sun
     * give Wed 13 and Thu 14. */
    char *text = holidays_text(fx, 2013);
    assert_contains(text, "2013-02-09\tTết Nguyên đán\tholiday\n");
    assert_contains(text, "2013-02-12\tTết Nguyên đán\tholiday\n");
    assert_lacks(text, "2013-02-13\tTết");
    assert_contains(text, "2013-02-13\tNghỉ bù\tcompensatory\n");
    assert_contains(text, "2013-02-14\tNghỉ bù\tcompensatory\n");
    assert_contains(text, "2013-04-19\tGiỗ Tổ Hùng Vương\tholiday\n");
    assert_lacks(text, "2013-09-03");
    free(text);
    assert_true(working(fx, ymd(2013, 2, 15)));
    /* 2014 (Labour Code 2012): 5 days, Thu 30 Jan - Mon 3 Feb, then 4 and 5 Feb. */
    text = holidays_text(fx, 2014);
    assert_contains(text, "2014-01-30\tTết Nguyên đán\tholiday\n");
    assert_contains(text, "2014-02-03\tTết Nguyên đán\tholiday\n");
    assert_contains(text, "2014-02-04\tNghỉ bù\tcompensatory\n");
    assert_contains(text, "2014-02-05\tNghỉ bù\tcompensatory\n");
    free(text);
    assert_true(working(fx, ymd(2014, 2, 6)));
    /* 2007: the first year, Tết Sat 17 Feb. */
    text = holidays_text(fx, 2007);
    assert_contains(text, "2007-02-16\tTết Nguyên đán\tholiday\n");
    assert_contains(text, "2007-02-19\tTết Nguyên đán\tholiday\n");
    assert_lacks(text, "2007-02-20\tTết");
    free(text);
}

/* -- working days ---------------------------------------------------------- */

static void test_add_working_days(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx, "none");
    /* Friday + 1 = Monday (calendar.md). */
    assert_int_equal(add_days(fx, ymd(2024, 11, 1), 1), ymd(2024, 11, 4));
    /* From a Saturday, the next Monday is the first. */
    assert_int_equal(add_days(fx, ymd(2024, 11, 2), 1), ymd(2024, 11, 4));
    /* Month and year boundaries (1 Jan 2025 a Wednesday). */
    assert_int_equal(add_days(fx, ymd(2024, 1, 31), 1), ymd(2024, 2, 1));
    assert_int_equal(add_days(fx, ymd(2024, 12, 31), 1), ymd(2025, 1, 2));
    assert_int_equal(add_days(fx, ymd(2024, 12, 30), 2), ymd(2025, 1, 2));
    /* Across Tết 2025 (28 Jan - 1 Feb, and Mon 3 Feb for Saturday 1 Feb). */
    assert_int_equal(add_days(fx, ymd(2025, 1, 24), 1), ymd(2025, 1, 27));
    assert_int_equal(add_days(fx, ymd(2025, 1, 24), 2), ymd(2025, 2, 4));
    assert_int_equal(add_days(fx, ymd(2025, 1, 27), 1), ymd(2025, 2, 4));
    /* 30 working days of 2023 from 1 Jan: Mon 2 Jan (for Sunday 1 Jan), Tết
     * (21-25 Jan) and its compensatory days (26, 27 Jan) skipped: 16 in
     * January, 13 from 1 to 17 Feb, the 30th on Monday 20 Feb. */
    assert_int_equal(add_days(fx, ymd(2023, 1, 1), 30), ymd(2023, 2, 20));
    /* 0 and backwards. */
    assert_int_equal(add_days(fx, ymd(2024, 11, 2), 0), ymd(2024, 11, 2));
    assert_int_equal(add_days(fx, ymd(2024, 11, 4), -1), ymd(2024, 11, 1));
    assert_int_equal(add_days(fx, ymd(2025, 2, 4), -1), ymd(2025, 1, 27));
    assert_int_equal(add_days(fx, ymd(2025, 2, 3), -2), ymd(2025, 1, 24));
    /* The last day of the range. */
    assert_int_equal(add_days(fx, ymd(2100, 12, 30), 1), ymd(2100, 12, 31));
}

static void test_working_days(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx, "none");
    assert_int_equal(count_days(fx, ymd(2024, 11, 1), ymd(2024, 11, 4)), 1);
    assert_int_equal(count_days(fx, ymd(2024, 11, 4), ymd(2024, 11, 1)), -1);
    assert_int_equal(count_days(fx, ymd(2024, 11, 4), ymd(2024, 11, 4)), 0);
    assert_int_equal(count_days(fx, ymd(2025, 1, 24), ymd(2025, 2, 4)), 2);
    /* 2023: 260 weekdays less 11 days off on weekdays. */
    assert_int_equal(count_days(fx, ymd(2022, 12, 31), ymd(2023, 12, 31)), 249);
    /* add and count agree everywhere. */
    for (admit_day d = ymd(2007, 1, 1); d < ymd(2100, 12, 1); d += 37) {
        admit_day end = add_days(fx, d, 10);
        assert_int_equal(count_days(fx, d, end), 10);
        assert_true(working(fx, end));
        assert_int_equal(count_days(fx, d, end - 1), 9);
    }
}

/* -- announced schedules ---------------------------------------------------- */

static const char schedule_2024[] =
    "# a schedule that moves a day off (a test, not the real one)\n"
    "2024-01-01\toff\tTết Dương lịch\n"
    "\n"
    "2024-02-08\toff\tTết Nguyên đán\r\n"
    "2024-02-09\toff\tTết Nguyên đán   # trailing comment\n"
    "2024-04-29\toff\tNghỉ hoán đổi\n"
    "2024-05-04\twork\tLàm bù cho ngày 29/4\n"
    "2024-09-02\toff\n";

static void test_announced_schedule(void **state)
{
    struct fixture *fx = *state;
    char dir[256], readme[256];
    schedule_folder(fx, "hol", "2024.tsv", schedule_2024, dir, sizeof dir);
    support_write_text(support_path(readme, sizeof readme, fx->dir, "hol/README.md"),
                       "not a schedule\n");
    load_ok(fx, dir);
    /* The file's days. */
    assert_false(working(fx, ymd(2024, 4, 29)));
    assert_true(working(fx, ymd(2024, 5, 4)));  /* a Saturday made a working day */
    assert_false(working(fx, ymd(2024, 2, 8)));
    /* The file replaces the whole year: the computed Tết of 2024 is gone. */
    assert_true(working(fx, ymd(2024, 2, 12)));
    assert_true(working(fx, ymd(2024, 4, 30)));
    assert_true(working(fx, ymd(2024, 5, 5)) == 0);  /* Sundays stay off */
    assert_int_equal(add_days(fx, ymd(2024, 5, 3), 1), ymd(2024, 5, 4));
    assert_int_equal(count_days(fx, ymd(2024, 4, 26), ymd(2024, 5, 6)), 6);
    char *text = holidays_text(fx, 2024);
    assert_contains(text, "2024-04-29\tNghỉ hoán đổi\tannounced\n");
    assert_contains(text, "2024-02-09\tTết Nguyên đán\tannounced\n");
    assert_contains(text, "2024-09-02\t\tannounced\n");
    assert_lacks(text, "\tholiday\n");
    assert_lacks(text, "2024-05-04");
    free(text);
    /* Other years keep the computed default. */
    assert_false(working(fx, ymd(2023, 5, 2)));
    /* The same folder from the option "none" is not read. */
    load_ok(fx, "none");
    assert_true(working(fx, ymd(2024, 4, 29)));
    assert_false(working(fx, ymd(2024, 4, 30)));
}

/* Loading with a bad file must fail, naming the file and line. */
static void expect_bad_schedule(struct fixture *fx, const char *folder, const char *file,
                                const char *text, const char *lang, const char *where,
                                const char *what)
{
    char dir[256];
    schedule_folder(fx, folder, file, text, dir, sizeof dir);
    if (load(fx, dir, lang) != ADMIT_EINPUT)
        fail_msg("a folder with %s \"%s\" loaded", file, text);
    if (strstr(fx->err.message, where) == NULL || strstr(fx->err.message, what) == NULL)
        fail_msg("\"%s\" lacks \"%s\" or \"%s\"", fx->err.message, where, what);
    assert_null(fx->set);
}

static void test_bad_schedules(void **state)
{
    struct fixture *fx = *state;
    expect_bad_schedule(fx, "a", "2024.tsv", "2024-01-01\toff\tok\n2024-13-01\toff\tx\n", "en",
                        "a/2024.tsv:2:", "\"2024-13-01\" is not a date");
    expect_bad_schedule(fx, "b", "2024.tsv", "2023-05-01\toff\n", "en", "b/2024.tsv:1:",
                        "is not in 2024");
    expect_bad_schedule(fx, "c", "2024.tsv", "# x\n2024-05-01\tholiday\tx\n", "en",
                        "c/2024.tsv:2:", "\"holiday\" must be off or work");
    expect_bad_schedule(fx, "d", "2024.tsv", "2024-05-01 off Labour Day\n", "en", "d/2024.tsv:1:",
                        "separated by tabs");
    expect_bad_schedule(fx, "e", "2024.tsv", "2024-05-01\toff\n# c\n2024-05-01\twork\n", "en",
                        "e/2024.tsv:3:", "already listed on line 1");
    expect_bad_schedule(fx, "f", "24.tsv", "", "en", "f/24.tsv", "named YYYY.tsv");
    expect_bad_schedule(fx, "g", "2006.tsv", "", "en", "g/2006.tsv", "from 2007 to 2100");
    expect_bad_schedule(fx, "h", "2024.tsv", "2024-05-01\toff\ta\tb\n", "en", "h/2024.tsv:1:",
                        "one field");
    expect_bad_schedule(fx, "i", "2024.tsv", "2024-05-01\toff\t\xc3\x28\n", "en", "i/2024.tsv:1:",
                        "UTF-8");
    expect_bad_schedule(fx, "j", "2024.tsv", "2024-5-1\toff\n", "vi", "j/2024.tsv:1:",
                        "không phải ngày hợp lệ");
    /* A folder that does not exist. */
    char missing[256];
    snprintf(missing, sizeof missing, "%s/nowhere", fx->dir);
    assert_int_equal(load(fx, missing, "en"), ADMIT_EINPUT);   /* the user's input: exit 2 */
    assert_non_null(strstr(fx->err.message, "nowhere\" cannot be read"));
    /* A good file beside is not enough: the bad one still fails the load. */
    char dir[256], path[256];
    schedule_folder(fx, "k", "2024.tsv", schedule_2024, dir, sizeof dir);
    support_write_text(support_path(path, sizeof path, fx->dir, "k/2025.tsv"),
                       "2025-01-01\toff\n2025-01-02\toops\n");
    assert_int_equal(load(fx, dir, "en"), ADMIT_EINPUT);
    assert_non_null(strstr(fx->err.message, "k/2025.tsv:2:"));
}

/* Without the option, the folder shipped beside the plugin file is used. */
static void test_shipped_folder(void **state)
{
    struct fixture *fx = *state;
    char shipped[256], path[300];
    assert_int_equal(load(fx, NULL, "en"), ADMIT_EPLUGIN);
    assert_non_null(strstr(fx->err.message, "vncal-holidays\" cannot be read"));
    snprintf(shipped, sizeof shipped, "%s/vncal-holidays", fx->plugins);
    assert_int_equal(mkdir(shipped, 0755), 0);
    load_ok(fx, NULL);
    assert_false(working(fx, ymd(2024, 2, 12)));  /* computed default: Tết */
    plugin_set_free(fx->set);
    fx->set = NULL;
    support_write_text(support_path(path, sizeof path, shipped, "2024.tsv"), schedule_2024);
    load_ok(fx, NULL);
    assert_true(working(fx, ymd(2024, 2, 12)));
    assert_false(working(fx, ymd(2024, 4, 29)));
    /* An empty option means the same as none given. */
    load_ok(fx, "");
    assert_false(working(fx, ymd(2024, 4, 29)));
    unlink(path);
}

/*
 * The schedules shipped in plugins/vncal/holidays (installed as
 * $ADMIT_BUILD/plugins/vncal-holidays): each keeps every statutory holiday
 * of its year off, and has as many working days as the computed default
 * (the government moves days off, it does not add or remove them).
 */
static void test_shipped_schedules(void **state)
{
    struct fixture *fx = *state;
    char shipped[512];
    int years[128], count = 0;
    snprintf(shipped, sizeof shipped, "%s/plugins/vncal-holidays", support_build_dir());
    DIR *d = opendir(shipped);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        int y;
        char rest[8];
        if (sscanf(e->d_name, "%4d%7s", &y, rest) == 2 && strcmp(rest, ".tsv") == 0 && count < 128)
            years[count++] = y;
    }
    closedir(d);
    for (int i = 0; i < count; i++) {
        int y = years[i];
        load_ok(fx, "none");
        char *text = holidays_text(fx, y);
        int64_t by_law = count_days(fx, ymd(y - 1, 12, 31), ymd(y, 12, 31));
        load_ok(fx, shipped);
        int64_t announced = count_days(fx, ymd(y - 1, 12, 31), ymd(y, 12, 31));
        if (announced != by_law)
            fail_msg("%d.tsv: %lld working days, the law's default %lld", y, (long long)announced,
                     (long long)by_law);
        for (char *line = text; *line != '\0';) {
            char *nl = strchr(line, '\n');
            int yy, mm, dd;
            assert_non_null(nl);
            *nl = '\0';
            assert_int_equal(sscanf(line, "%4d-%2d-%2d", &yy, &mm, &dd), 3);
            if (strstr(line, "\tholiday") != NULL && working(fx, ymd(yy, mm, dd)))
                fail_msg("%d.tsv: the holiday \"%s\" is a working day", y, line);
            line = nl + 1;
        }
        free(text);
    }
    print_message("%d shipped schedules checked\n", count);
}

/* -- errors ----------------------------------------------------------------- */

static void test_out_of_range(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx, "none");
    struct admit_value before = vint(ymd(1967, 12, 31)), after = vint(ymd(2101, 1, 1));
    call_fails(fx, "lunar", 1, &before, "1967-12-31 is outside the lunar calendar, which covers "
                                        "1968-01-01 to 2100-12-31");
    call_fails(fx, "lunar", 1, &after, "1968-01-01 to 2100-12-31");
    call_fails(fx, "lunar_leap", 1, &after, "1968-01-01 to 2100-12-31");
    struct admit_value y2006 = vint(2006), y2101 = vint(2101);
    call_fails(fx, "holidays", 1, &y2006, "year 2006 is outside the holiday calendar, which "
                                          "covers 2007 to 2100");
    call_fails(fx, "holidays", 1, &y2101, "2007 to 2100");
    struct admit_value d2006 = vint(ymd(2006, 12, 31));
    call_fails(fx, "is_working_day", 1, &d2006, "2006-12-31 is outside the holiday calendar, "
                                                "which covers 2007-01-01 to 2100-12-31");
    struct admit_value wd[2] = {vint(ymd(2024, 1, 1)), vint(ymd(2101, 1, 1))};
    call_fails(fx, "working_days", 2, wd, "2101-01-01 is outside");
    struct admit_value add[2] = {vint(ymd(2100, 12, 29)), vint(5)};
    call_fails(fx, "add_working_days", 2, add, "2007-01-01 to 2100-12-31");
    struct admit_value back[2] = {vint(ymd(2007, 1, 2)), vint(-5)};
    call_fails(fx, "add_working_days", 2, back, "2007-01-01 to 2100-12-31");
    struct admit_value huge[2] = {vint(ymd(2024, 1, 1)), vint(INT64_MAX)};
    call_fails(fx, "add_working_days", 2, huge, "outside");
    /* covers() answers where the counting functions fail: rules ask it
     * first and report not_applicable (rules/lib/deadlines.lua) */
    struct admit_value edge[4] = {vint(ymd(2006, 12, 31)), vint(ymd(2007, 1, 1)),
                                  vint(ymd(2100, 12, 31)), vint(ymd(2101, 1, 1))};
    assert_false(call_bool(fx, "covers", 1, &edge[0]));
    assert_true(call_bool(fx, "covers", 1, &edge[1]));
    assert_true(call_bool(fx, "covers", 1, &edge[2]));
    assert_false(call_bool(fx, "covers", 1, &edge[3]));
    assert_false(call_bool(fx, "covers", 1, &huge[1]));
    struct admit_value s1[4] = {vint(1967), vint(11), vint(1), vbool(0)};
    call_fails(fx, "solar", 4, s1, "1968-01-01 to 2100-12-31");
    struct admit_value s2[3] = {vint(2101), vint(12), vint(1)};
    call_fails(fx, "solar", 3, s2, "1968-01-01 to 2100-12-31");
    struct admit_value s3[3] = {vint(1900), vint(1), vint(1)};
    call_fails(fx, "solar", 3, s3, "1968-01-01 to 2100-12-31");
    /* Vietnamese messages with lang vi. */
    assert_int_equal(load(fx, "none", "vi"), ADMIT_OK);
    call_fails(fx, "lunar", 1, &before, "nằm ngoài phạm vi lịch âm (từ 1968-01-01 đến 2100-12-31)");
    call_fails(fx, "holidays", 1, &y2006, "năm 2006 nằm ngoài phạm vi lịch ngày nghỉ");
}

static void test_bad_arguments(void **state)
{
    struct fixture *fx = *state;
    load_ok(fx, "none");
    struct admit_value text = vstr("2024-01-01");
    call_fails(fx, "lunar", 1, &text, "argument 1 must be a date (day number), got string");
    call_fails(fx, "lunar", 0, NULL, "expected 1 argument");
    struct admit_value month13[3] = {vint(2024), vint(13), vint(1)};
    call_fails(fx, "solar", 3, month13, "2024-13-1 is not a lunar date");
    struct admit_value leap_text[4] = {vint(2024), vint(1), vint(1), vstr("yes")};
    call_fails(fx, "solar", 4, leap_text, "argument 4 must be a boolean");
    struct admit_value n_text[2] = {vint(ymd(2024, 1, 1)), vstr("3")};
    call_fails(fx, "add_working_days", 2, n_text, "argument 2 must be an integer");
    /* A date as a float with a whole value is accepted (Lua 5.4 may give one). */
    struct admit_value f = {.type = ADMIT_VALUE_NUMBER, .as.number = (double)ymd(2007, 2, 17)};
    char buf[32];
    assert_string_equal(call_str(fx, "lunar", 1, &f, buf, sizeof buf), "2007-01-01");
    f.as.number += 0.5;
    call_fails(fx, "lunar", 1, &f, "must be a date");
    /* solar's leap argument may be nil. */
    struct admit_value nil_leap[4] = {vint(2007), vint(1), vint(1), {.type = ADMIT_VALUE_NIL}};
    assert_int_equal(call_int(fx, "solar", 4, nil_leap), ymd(2007, 2, 17));
}

static void test_registration(void **state)
{
    struct fixture *fx = *state;
    static const char *const names[] = {"add_working_days", "working_days", "is_working_day",
                                        "lunar", "lunar_leap", "can_chi", "solar", "holidays"};
    load_ok(fx, "none");
    assert_int_equal(plugin_set_count(fx->set), 1);
    assert_string_equal(plugin_set_name(fx->set, 0), "vncal");
    assert_string_equal(plugin_set_version(fx->set, 0), "1.0.0");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct plugin_function *f = plugin_set_find_function(fx->set, "vncal", names[i]);
        assert_non_null(f);
        assert_int_equal(f->pure, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_registration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tet_every_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leap_months, setup, teardown),
        cmocka_unit_test_setup_teardown(test_differs_from_china, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_can_chi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compensatory_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_national_day_companion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tet_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_working_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_working_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_announced_schedule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_schedules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_schedules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
