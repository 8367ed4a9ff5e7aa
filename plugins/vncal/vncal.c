/*
 * vncal.c - the vncal plugin: the Vietnamese lunar calendar, public
 * holidays and working days, for rules (plugins.vncal.*) and for
 * `admit calendar`.
 *
 * Everything is computed at load time into read-only tables (lunar.h,
 * workdays.h), so the functions are pure lookups, safe on any thread.
 * Which days are off depends on the holidays folder chosen when the plugin
 * loads (host option "holidays"):
 *   - absent or empty: the folder shipped beside the plugin file,
 *     vncal-holidays/ (found with dladdr);
 *   - "none": the computed default alone;
 *   - anything else: that folder.
 * A folder that cannot be read, or a bad file in it, fails the load.
 */
#define _GNU_SOURCE /* dladdr */

#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit_plugin.h"
#include "civil.h"
#include "holidays.h"
#include "lunar.h"
#include "schedule.h"
#include "workdays.h"

#define VNCAL_VERSION "1.0.0"

/* The folder of shipped schedules, beside the plugin file. */
#define SHIPPED_FOLDER "vncal-holidays"

struct vncal {
    struct lunar_calendar cal;
    struct schedule sched;
    struct workdays work;
    int english;
    struct vncal *next;
};

static const struct admit_host *host;

/* Every loaded instance, newest first; shutdown frees the newest.  (One
 * file loaded twice in a process shares these statics.) */
static struct vncal *instances;

#define TR(ctx, en, vi) ((ctx)->english ? (en) : (vi))

/* -- the context ----------------------------------------------------------- */

static void vncal_free(struct vncal *ctx)
{
    if (ctx == NULL)
        return;
    workdays_release(&ctx->work);
    schedule_release(&ctx->sched);
    lunar_calendar_release(&ctx->cal);
    free(ctx);
}

static void vncal_shutdown(void)
{
    struct vncal *ctx = instances;
    if (ctx != NULL) {
        instances = ctx->next;
        vncal_free(ctx);
    }
}

/* The shipped folder: SHIPPED_FOLDER in the directory of this plugin's
 * file.  Returns 0, or -1 when the file cannot be found or the path does
 * not fit. */
static int shipped_folder(char *buf, size_t size)
{
    Dl_info info;
    if (dladdr(&instances, &info) == 0 || info.dli_fname == NULL)
        return -1;
    const char *slash = strrchr(info.dli_fname, '/');
    int n = slash == NULL ? snprintf(buf, size, "./%s", SHIPPED_FOLDER)
                          : snprintf(buf, size, "%.*s/%s", (int)(slash - info.dli_fname),
                                     info.dli_fname, SHIPPED_FOLDER);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Build the tables.  Returns 0, or -1 after host->error(). */
static int vncal_load(struct vncal *ctx, struct admit_plugin *plugin)
{
    char shipped[4096], err[1024];
    const char *option = host->option(plugin, "holidays");
    const char *dir = option;

    lunar_calendar_init(&ctx->cal);
    if (option == NULL || option[0] == '\0') {
        if (shipped_folder(shipped, sizeof shipped) != 0) {
            host->error(plugin, "%s",
                        TR(ctx, "cannot find the folder of shipped holiday schedules; "
                                "use --holidays DIR or --holidays none",
                           "không tìm thấy thư mục lịch nghỉ đi kèm plugin; "
                           "hãy dùng --holidays THƯ_MỤC hoặc --holidays none"));
            return -1;
        }
        dir = shipped;
    } else if (strcmp(option, "none") == 0) {
        dir = NULL;
    }
    if (dir != NULL && schedule_load(dir, HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR, ctx->english,
                                     &ctx->sched, err, sizeof err) != 0) {
        /* A folder the user named is their input (exit 2, result.md); the
         * shipped folder is part of the installation (exit 3). */
        if (dir == option)
            host->input_error(plugin, "%s", err);
        else
            host->error(plugin, "%s", err);
        return -1;
    }
    if (workdays_init(&ctx->work, &ctx->cal, &ctx->sched) != 0) {
        host->error(plugin, "%s", TR(ctx, "out of memory", "hết bộ nhớ"));
        return -1;
    }
    return 0;
}

/* -- arguments and messages ------------------------------------------------ */

/* `day` as YYYY-MM-DD, or as a plain number when it is no date. */
static const char *show_day(int64_t day, char buf[32])
{
    int y, m, d;
    if (day < civil_from_ymd(1, 1, 1) || day > civil_from_ymd(9999, 12, 31)) {
        snprintf(buf, 32, "%" PRId64, day);
        return buf;
    }
    civil_to_ymd((int32_t)day, &y, &m, &d);
    snprintf(buf, 32, "%04d-%02d-%02d", y, m, d);
    return buf;
}

static const char *type_name(enum admit_value_type t)
{
    switch (t) {
    case ADMIT_VALUE_NIL:
        return "nil";
    case ADMIT_VALUE_BOOL:
        return "boolean";
    case ADMIT_VALUE_INT:
        return "integer";
    case ADMIT_VALUE_NUMBER:
        return "number";
    case ADMIT_VALUE_STRING:
        return "string";
    }
    return "value";
}

static int check_argc(const struct vncal *ctx, struct admit_call *call, int argc, int min, int max)
{
    if (argc >= min && argc <= max)
        return 0;
    if (min == max)
        host->call_error(call, TR(ctx, "expected %d arguments, got %d", "cần %d đối số, nhận %d"),
                         min, argc);
    else
        host->call_error(call, TR(ctx, "expected %d to %d arguments, got %d",
                                  "cần từ %d đến %d đối số, nhận %d"),
                         min, max, argc);
    return -1;
}

/* Argument i (from 0) as an integer: an integer, or a float with an
 * integral value.  `what` says what it should be, for the message. */
static int arg_int(const struct vncal *ctx, struct admit_call *call, const struct admit_value *argv,
                   int i, const char *what, int64_t *out)
{
    const struct admit_value *v = &argv[i];
    if (v->type == ADMIT_VALUE_INT) {
        *out = v->as.integer;
        return 0;
    }
    if (v->type == ADMIT_VALUE_NUMBER && v->as.number >= -1e15 && v->as.number <= 1e15 &&
        (double)(int64_t)v->as.number == v->as.number) {
        *out = (int64_t)v->as.number;
        return 0;
    }
    host->call_error(call, TR(ctx, "argument %d must be %s, got %s", "đối số %d phải là %s, nhận %s"),
                     i + 1, what, type_name(v->type));
    return -1;
}

static const char *what_day(const struct vncal *ctx)
{
    return TR(ctx, "a date (day number)", "một ngày (số ngày)");
}

static int lunar_range_error(const struct vncal *ctx, struct admit_call *call, const char *what)
{
    host->call_error(call, TR(ctx, "%s is outside the lunar calendar, which covers %d-01-01 to %d-12-31",
                              "%s nằm ngoài phạm vi lịch âm (từ %d-01-01 đến %d-12-31)"),
                     what, LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR);
    return -1;
}

static int holiday_range_error(const struct vncal *ctx, struct admit_call *call, const char *what)
{
    host->call_error(call, TR(ctx, "%s is outside the holiday calendar, which covers %d-01-01 to %d-12-31",
                              "%s nằm ngoài phạm vi lịch ngày nghỉ (từ %d-01-01 đến %d-12-31)"),
                     what, HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR);
    return -1;
}

/* Argument i as a day of the working-day calendar. */
static int arg_work_day(const struct vncal *ctx, struct admit_call *call,
                        const struct admit_value *argv, int i, int32_t *out)
{
    int64_t day;
    char buf[32];
    if (arg_int(ctx, call, argv, i, what_day(ctx), &day) != 0)
        return -1;
    if (day < ctx->work.first_day || day > ctx->work.last_day)
        return holiday_range_error(ctx, call, show_day(day, buf));
    *out = (int32_t)day;
    return 0;
}

/* Argument i as a day of the lunar calendar's range. */
static int arg_lunar_day(const struct vncal *ctx, struct admit_call *call,
                         const struct admit_value *argv, int i, int32_t *out)
{
    int64_t day;
    char buf[32];
    if (arg_int(ctx, call, argv, i, what_day(ctx), &day) != 0)
        return -1;
    if (day < ctx->cal.first_day || day > ctx->cal.last_day)
        return lunar_range_error(ctx, call, show_day(day, buf));
    *out = (int32_t)day;
    return 0;
}

/* -- the functions --------------------------------------------------------- */

/* add_working_days(day, n): the n-th working day after day. */
static int fn_add_working_days(void *userdata, struct admit_call *call, int argc,
                               const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int32_t day, result;
    int64_t n;
    char buf[32];
    if (check_argc(ctx, call, argc, 2, 2) != 0 || arg_work_day(ctx, call, argv, 0, &day) != 0 ||
        arg_int(ctx, call, argv, 1, TR(ctx, "an integer", "một số nguyên"), &n) != 0)
        return -1;
    if (workdays_add(&ctx->work, day, n, &result) != 0) {
        host->call_error(call, TR(ctx, "%" PRId64 " working days from %s is outside the holiday "
                                       "calendar, which covers %d-01-01 to %d-12-31",
                                  "%" PRId64 " ngày làm việc tính từ %s nằm ngoài phạm vi lịch "
                                  "ngày nghỉ (từ %d-01-01 đến %d-12-31)"),
                         n, show_day(day, buf), HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR);
        return -1;
    }
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = result;
    return 0;
}

/* working_days(a, b): the working days in (a, b]. */
static int fn_working_days(void *userdata, struct admit_call *call, int argc,
                           const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int32_t a, b;
    if (check_argc(ctx, call, argc, 2, 2) != 0 || arg_work_day(ctx, call, argv, 0, &a) != 0 ||
        arg_work_day(ctx, call, argv, 1, &b) != 0)
        return -1;
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = workdays_count(&ctx->work, a, b);
    return 0;
}

/* is_working_day(day) */
static int fn_is_working_day(void *userdata, struct admit_call *call, int argc,
                             const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int32_t day;
    if (check_argc(ctx, call, argc, 1, 1) != 0 || arg_work_day(ctx, call, argv, 0, &day) != 0)
        return -1;
    ret->type = ADMIT_VALUE_BOOL;
    ret->as.boolean = workdays_is_working(&ctx->work, day);
    return 0;
}

/* covers(day): whether working days can be counted on `day` (the holiday
 * calendar's years), so that a rule can say a date is outside them
 * (not_applicable) before asking, instead of failing with an error. */
static int fn_covers(void *userdata, struct admit_call *call, int argc,
                     const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int64_t day;
    if (check_argc(ctx, call, argc, 1, 1) != 0 || arg_int(ctx, call, argv, 0, what_day(ctx), &day) != 0)
        return -1;
    ret->type = ADMIT_VALUE_BOOL;
    ret->as.boolean = day >= ctx->work.first_day && day <= ctx->work.last_day;
    return 0;
}

/* lunar(day): "YYYY-MM-DD" of the lunar date. */
static int fn_lunar(void *userdata, struct admit_call *call, int argc,
                    const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int32_t day;
    struct lunar_date ld;
    char buf[32];
    if (check_argc(ctx, call, argc, 1, 1) != 0 || arg_lunar_day(ctx, call, argv, 0, &day) != 0)
        return -1;
    lunar_from_day(&ctx->cal, day, &ld);
    int n = snprintf(buf, sizeof buf, "%04d-%02d-%02d", ld.year, ld.month, ld.day);
    if (n < 0 || (size_t)n >= sizeof buf) {
        host->call_error(call, "lunar date too long");  /* cannot happen: years have 4 digits */
        return -1;
    }
    return host->call_return_string(call, ret, buf, (size_t)n);
}

/* lunar_leap(day): whether the lunar month of day is a leap month. */
static int fn_lunar_leap(void *userdata, struct admit_call *call, int argc,
                         const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int32_t day;
    struct lunar_date ld;
    if (check_argc(ctx, call, argc, 1, 1) != 0 || arg_lunar_day(ctx, call, argv, 0, &day) != 0)
        return -1;
    lunar_from_day(&ctx->cal, day, &ld);
    ret->type = ADMIT_VALUE_BOOL;
    ret->as.boolean = ld.leap;
    return 0;
}

/* can_chi(lunar_year): e.g. "Đinh Hợi". */
static int fn_can_chi(void *userdata, struct admit_call *call, int argc,
                      const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int64_t year;
    char buf[32];
    if (check_argc(ctx, call, argc, 1, 1) != 0 ||
        arg_int(ctx, call, argv, 0, TR(ctx, "a year", "một năm"), &year) != 0)
        return -1;
    if (year < 1 || year > 9999) {
        host->call_error(call, TR(ctx, "year %" PRId64 " is outside 1 to 9999",
                                  "năm %" PRId64 " nằm ngoài khoảng 1 đến 9999"),
                         year);
        return -1;
    }
    lunar_can_chi((int)year, buf, sizeof buf);
    return host->call_return_string(call, ret, buf, strlen(buf));
}

/* solar(y, m, d[, leap]): the day of a lunar date, nil when there is none. */
static int fn_solar(void *userdata, struct admit_call *call, int argc,
                    const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int64_t y, m, d;
    int leap = 0;
    int32_t day;
    char what[64];
    if (check_argc(ctx, call, argc, 3, 4) != 0 ||
        arg_int(ctx, call, argv, 0, TR(ctx, "a lunar year", "một năm âm lịch"), &y) != 0 ||
        arg_int(ctx, call, argv, 1, TR(ctx, "a lunar month (1-12)", "một tháng âm lịch (1-12)"),
                &m) != 0 ||
        arg_int(ctx, call, argv, 2, TR(ctx, "a lunar day (1-30)", "một ngày âm lịch (1-30)"),
                &d) != 0)
        return -1;
    if (argc == 4) {
        if (argv[3].type == ADMIT_VALUE_BOOL) {
            leap = argv[3].as.boolean != 0;
        } else if (argv[3].type != ADMIT_VALUE_NIL) {
            host->call_error(call, TR(ctx, "argument 4 must be a boolean (leap month), got %s",
                                      "đối số 4 phải là boolean (tháng nhuận), nhận %s"),
                             type_name(argv[3].type));
            return -1;
        }
    }
    if (m < 1 || m > 12 || d < 1 || d > 30) {
        host->call_error(call, TR(ctx, "%" PRId64 "-%" PRId64 "-%" PRId64 " is not a lunar date "
                                       "(month 1-12, day 1-30)",
                                  "%" PRId64 "-%" PRId64 "-%" PRId64 " không phải ngày âm lịch "
                                  "(tháng 1-12, ngày 1-30)"),
                         y, m, d);
        return -1;
    }
    struct lunar_date ld = {(int)(y < -100000 ? -100000 : y > 100000 ? 100000 : y), (int)m, (int)d,
                            leap};
    switch (lunar_to_day(&ctx->cal, &ld, &day)) {
    case LUNAR_FOUND:
        ret->type = ADMIT_VALUE_INT;
        ret->as.integer = day;
        return 0;
    case LUNAR_NONE:
        return 0;  /* nil: no such day */
    case LUNAR_OUT_OF_RANGE:
        break;
    }
    snprintf(what, sizeof what, TR(ctx, "lunar %04" PRId64 "-%02" PRId64 "-%02" PRId64 "%s",
                                   "ngày âm lịch %04" PRId64 "-%02" PRId64 "-%02" PRId64 "%s"),
             y, m, d, leap ? TR(ctx, " (leap)", " (nhuận)") : "");
    return lunar_range_error(ctx, call, what);
}

/* holidays(year): "YYYY-MM-DD\tname\tkind\n" for each day off of year. */
static int fn_holidays(void *userdata, struct admit_call *call, int argc,
                       const struct admit_value *argv, struct admit_value *ret)
{
    const struct vncal *ctx = userdata;
    int64_t year;
    size_t count, size = 1, used = 0;
    if (check_argc(ctx, call, argc, 1, 1) != 0 ||
        arg_int(ctx, call, argv, 0, TR(ctx, "a year", "một năm"), &year) != 0)
        return -1;
    if (year < HOLIDAYS_FIRST_YEAR || year > HOLIDAYS_LAST_YEAR) {
        host->call_error(call, TR(ctx, "year %" PRId64 " is outside the holiday calendar, which "
                                       "covers %d to %d",
                                  "năm %" PRId64 " nằm ngoài phạm vi lịch ngày nghỉ (từ %d đến %d)"),
                         year, HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR);
        return -1;
    }
    const struct holiday *days = workdays_days_off(&ctx->work, (int)year, &count);
    for (size_t i = 0; i < count; i++)
        size += 10 + 1 + strlen(days[i].name) + 1 + strlen(holidays_kind_name(days[i].kind)) + 1;
    char *text = malloc(size);
    if (text == NULL) {
        host->call_error(call, "%s", TR(ctx, "out of memory", "hết bộ nhớ"));
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        char date[32];
        int n = snprintf(text + used, size - used, "%s\t%s\t%s\n", show_day(days[i].day, date),
                         days[i].name, holidays_kind_name(days[i].kind));
        if (n < 0 || (size_t)n >= size - used)
            break;  /* cannot happen: size counts every byte */
        used += (size_t)n;
    }
    int rc = host->call_return_string(call, ret, text, used);
    free(text);
    return rc;
}

/* -- entry point ----------------------------------------------------------- */

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    static const struct {
        const char *name;
        admit_function_fn fn;
    } functions[] = {
        {"add_working_days", fn_add_working_days},
        {"working_days", fn_working_days},
        {"is_working_day", fn_is_working_day},
        {"covers", fn_covers},
        {"lunar", fn_lunar},
        {"lunar_leap", fn_lunar_leap},
        {"can_chi", fn_can_chi},
        {"solar", fn_solar},
        {"holidays", fn_holidays},
    };
    struct vncal *ctx = NULL;

    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "vncal";
    info->version = VNCAL_VERSION;
    info->shutdown = vncal_shutdown;
    if (h->abi_version < ADMIT_PLUGIN_ABI_VERSION || h->size < sizeof *h) {
        h->error(plugin, "admit is too old for this plugin (it needs plugin ABI %u)",
                 ADMIT_PLUGIN_ABI_VERSION);
        return -1;
    }
    host = h;
    ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) {
        h->error(plugin, "out of memory");
        return -1;
    }
    const char *lang = h->option(plugin, "lang");
    ctx->english = lang != NULL && strcmp(lang, "en") == 0;
    if (vncal_load(ctx, plugin) != 0)
        goto failed;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        /* Pure: the answers depend only on the arguments and on the
         * holidays folder, which is fixed when the plugin loads. */
        struct admit_function_desc desc = {.name = functions[i].name, .fn = functions[i].fn,
                                           .userdata = ctx, .pure = 1};
        if (h->register_function(plugin, &desc) != 0)
            goto failed;
    }
    ctx->next = instances;
    instances = ctx;
    return 0;
failed:
    vncal_free(ctx);
    return -1;
}
