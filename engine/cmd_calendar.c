/*
 * cmd_calendar.c - `admit calendar`: the Vietnamese lunar calendar, public
 * holidays and working days, as the vncal plugin computes them
 * (calendar.md).
 *
 * The command loads the plugins as the others do (not the rules, which it
 * does not need), so that it answers with exactly the calendar rules see
 * (the same --holidays folder), and calls vncal's functions with no dossier.  Every failure of a vncal
 * call is about the input (a date outside the covered range, a lunar date
 * that does not exist): exit 2.  No vncal at all: exit 3.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outcome.h"
#include "plugin.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_FORMAT, NULL, NULL},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_HOLIDAYS, NULL, NULL},
    {CLI_OPT_LEAP, NULL, NULL},
    {CLI_OPT_PLUGINS, "thư mục plugin (cần plugin vncal)", "plugin directory (the vncal plugin is needed)"},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "calendar",
    "admit calendar lunar NGÀY\n"
    "admit calendar solar YYYY-MM-DD [--leap]\n"
    "admit calendar holidays NĂM\n"
    "admit calendar add-working-days NGÀY N\n"
    "admit calendar working-days TỪ ĐẾN",
    "admit calendar lunar DATE\n"
    "admit calendar solar YYYY-MM-DD [--leap]\n"
    "admit calendar holidays YEAR\n"
    "admit calendar add-working-days DATE N\n"
    "admit calendar working-days FROM TO",
    "Lịch âm Việt Nam, ngày nghỉ lễ và ngày làm việc (plugin vncal):\n\n"
    "  lunar NGÀY                  ngày âm lịch của một ngày dương lịch\n"
    "  solar YYYY-MM-DD [--leap]   ngày dương lịch của một ngày âm lịch\n"
    "  holidays NĂM                các ngày nghỉ trong năm: ngày, tên, loại\n"
    "  add-working-days NGÀY N     ngày làm việc thứ N sau NGÀY (không tính NGÀY)\n"
    "  working-days TỪ ĐẾN         số ngày làm việc trong (TỪ, ĐẾN]",
    "The Vietnamese lunar calendar, public holidays and working days (vncal plugin):\n\n"
    "  lunar DATE                  the lunar date of a date\n"
    "  solar YYYY-MM-DD [--leap]   the date of a lunar date\n"
    "  holidays YEAR               the days off of a year: date, name, kind\n"
    "  add-working-days DATE N     the N-th working day after DATE (DATE not counted)\n"
    "  working-days FROM TO        the number of working days in (FROM, TO]",
    "text,json", options,
    "Lịch âm tính cho các ngày từ 1968-01-01 đến 2100-12-31; ngày nghỉ và ngày làm việc\n"
    "từ 2007-01-01 đến 2100-12-31.\n"
    "Mã thoát: 0 được, 2 dữ liệu sai hoặc ngoài phạm vi, 3 không có plugin vncal.",
    "The lunar calendar covers 1968-01-01 to 2100-12-31; holidays and working days\n"
    "2007-01-01 to 2100-12-31.\n"
    "Exit codes: 0 done, 2 invalid or out-of-range input, 3 no vncal plugin.",
};

/* -- calling vncal --------------------------------------------------------- */

/*
 * Call vncal.NAME with argv.  Returns 0 with *ret (release it with
 * plugin_value_release), or the exit code after printing why.
 */
static int call(const struct plugin_set *plugins, const char *name, int argc,
                const struct admit_value *argv, struct admit_value *ret)
{
    const struct plugin_function *f = plugin_set_find_function(plugins, "vncal", name);
    struct plugin_call_env env = {OUTCOME_NO_DAY, OUTCOME_NO_DAY, NULL, NULL};
    char *error = NULL;
    if (f == NULL) {
        cli_error(TR("calendar: plugin vncal chưa được nạp (không có vncal.%s); kiểm tra --plugins",
                     "calendar: the vncal plugin is not loaded (no vncal.%s); check --plugins"),
                  name);
        return EXIT_ENGINE;
    }
    if (plugin_call_function(f, &env, argc, argv, ret, &error) != 0) {
        cli_error("calendar: %s", error ? error : TR("hết bộ nhớ", "out of memory"));
        free(error);
        return EXIT_INPUT;
    }
    return 0;
}

static struct admit_value int_value(int64_t n)
{
    struct admit_value v = {.type = ADMIT_VALUE_INT, .as.integer = n};
    return v;
}

/* -- parsing arguments ----------------------------------------------------- */

static int bad_date(const char *text, int lunar)
{
    cli_error(lunar ? TR("calendar: \"%s\" không phải ngày YYYY-MM-DD (lịch âm tính từ 1968-01-01 "
                         "đến 2100-12-31)",
                         "calendar: \"%s\" is not a date YYYY-MM-DD (the lunar calendar covers "
                         "1968-01-01 to 2100-12-31)")
                    : TR("calendar: \"%s\" không phải ngày YYYY-MM-DD (lịch ngày nghỉ tính từ "
                         "2007-01-01 đến 2100-12-31)",
                         "calendar: \"%s\" is not a date YYYY-MM-DD (the holiday calendar covers "
                         "2007-01-01 to 2100-12-31)"),
              text);
    return EXIT_INPUT;
}

/* A whole decimal integer, optionally signed.  Returns 0, else -1. */
static int parse_integer(const char *text, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno != 0 || text[0] == ' ')
        return -1;
    *out = v;
    return 0;
}

/* Exactly "YYYY-MM-DD" with digits, month 1-12 and day 1-30 (a lunar date). */
static int parse_lunar(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 30 ? 0 : -1;
}

/* -- output ---------------------------------------------------------------- */

/* Print a JSON document on one line and free it.  Returns an exit code. */
static int print_json(cJSON *doc)
{
    char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    if (text == NULL) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        return EXIT_ENGINE;
    }
    puts(text);
    free(text);
    return 0;
}

static const char *weekday_name(admit_day day)
{
    static const char *const vi[7] = {"T2", "T3", "T4", "T5", "T6", "T7", "CN"};
    static const char *const en[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    int w = date_weekday(day) - 1;
    return TR(vi[w], en[w]);
}

static const char *kind_text(const char *kind)
{
    if (strcmp(kind, "holiday") == 0)
        return TR("ngày lễ", "holiday");
    if (strcmp(kind, "compensatory") == 0)
        return TR("nghỉ bù", "compensatory");
    if (strcmp(kind, "announced") == 0)
        return TR("theo lịch công bố", "announced");
    return kind;
}

/* Print the solar and lunar dates of `day`, as text or JSON. */
static int show_day(const struct plugin_set *plugins, admit_day day, enum output_format format)
{
    struct admit_value arg = int_value(day), text = {0}, leap = {0}, can_chi = {0};
    char solar[DATE_TEXT_SIZE];
    int y, m, d, code;

    code = call(plugins, "lunar", 1, &arg, &text);
    if (code == 0)
        code = call(plugins, "lunar_leap", 1, &arg, &leap);
    if (code != 0)
        goto done;
    if (text.type != ADMIT_VALUE_STRING || leap.type != ADMIT_VALUE_BOOL ||
        parse_lunar(text.as.string.data, &y, &m, &d) != 0) {
        cli_error("%s", TR("calendar: vncal.lunar trả về giá trị không như mong đợi", "calendar: vncal.lunar gave an unexpected value"));
        code = EXIT_ENGINE;
        goto done;
    }
    arg = int_value(y);
    code = call(plugins, "can_chi", 1, &arg, &can_chi);
    if (code != 0)
        goto done;
    if (can_chi.type != ADMIT_VALUE_STRING) {
        cli_error("%s", TR("calendar: vncal.can_chi trả về giá trị không như mong đợi", "calendar: vncal.can_chi gave an unexpected value"));
        code = EXIT_ENGINE;
        goto done;
    }
    date_format_iso(day, solar);
    if (format == FORMAT_JSON) {
        cJSON *doc = cJSON_CreateObject(), *lunar;
        if (doc == NULL || !cJSON_AddStringToObject(doc, "solar", solar) ||
            (lunar = cJSON_AddObjectToObject(doc, "lunar")) == NULL ||
            !cJSON_AddNumberToObject(lunar, "year", y) ||
            !cJSON_AddNumberToObject(lunar, "month", m) ||
            !cJSON_AddNumberToObject(lunar, "day", d) ||
            !cJSON_AddBoolToObject(lunar, "leap", leap.as.boolean) ||
            !cJSON_AddStringToObject(doc, "can_chi", can_chi.as.string.data)) {
            cJSON_Delete(doc);
            doc = NULL;
        }
        code = print_json(doc);
    } else {
        printf("%s  %s %s%s  (%s)\n", solar, TR("âm lịch", "lunar"), text.as.string.data,
               leap.as.boolean ? TR(" nhuận", " leap") : "", can_chi.as.string.data);
    }
done:
    plugin_value_release(&text);
    plugin_value_release(&leap);
    plugin_value_release(&can_chi);
    return code;
}

/* -- the subcommands ------------------------------------------------------- */

static int run_lunar(const struct plugin_set *plugins, const struct cli_options *opt)
{
    admit_day day;
    const char *text = opt->args[1];
    if (date_parse(text, strlen(text), &day) != 0)
        return bad_date(text, 1);
    return show_day(plugins, day, opt->format);
}

static int run_solar(const struct plugin_set *plugins, const struct cli_options *opt)
{
    struct admit_value argv[4], ret = {0};
    const char *text = opt->args[1];
    int y, m, d, code;
    if (parse_lunar(text, &y, &m, &d) != 0) {
        cli_error(TR("calendar: \"%s\" không phải ngày âm lịch YYYY-MM-DD (tháng 1-12, ngày 1-30)",
                     "calendar: \"%s\" is not a lunar date YYYY-MM-DD (month 1-12, day 1-30)"),
                  text);
        return EXIT_INPUT;
    }
    argv[0] = int_value(y);
    argv[1] = int_value(m);
    argv[2] = int_value(d);
    argv[3].type = ADMIT_VALUE_BOOL;
    argv[3].as.boolean = opt->leap;
    code = call(plugins, "solar", 4, argv, &ret);
    if (code != 0)
        return code;
    if (ret.type == ADMIT_VALUE_INT)
        return show_day(plugins, (admit_day)ret.as.integer, opt->format);
    /* No such day: say whether the month is missing or only the day. */
    argv[2] = int_value(1);
    code = call(plugins, "solar", 4, argv, &ret);
    if (code != 0)
        return code;
    if (ret.type != ADMIT_VALUE_INT && opt->leap)
        cli_error(TR("calendar: năm âm lịch %d không có tháng %d nhuận",
                     "calendar: lunar year %d has no leap month %d"),
                  y, m);
    else
        cli_error(TR("calendar: ngày âm lịch %s%s không có (tháng đó chỉ có 29 ngày)",
                     "calendar: there is no lunar date %s%s (that month has 29 days)"),
                  text, opt->leap ? TR(" nhuận", " leap") : "");
    return EXIT_INPUT;
}

/* One line of vncal.holidays: "DATE\tNAME\tKIND"; splits it in place. */
static int split_holiday(char *line, char **name, char **kind)
{
    char *tab1 = strchr(line, '\t');
    char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (tab2 == NULL)
        return -1;
    *tab1 = '\0';
    *tab2 = '\0';
    *name = tab1 + 1;
    *kind = tab2 + 1;
    return 0;
}

static int run_holidays(const struct plugin_set *plugins, const struct cli_options *opt)
{
    struct admit_value arg, ret = {0};
    int64_t year;
    int code;
    cJSON *doc = NULL;
    if (parse_integer(opt->args[1], &year) != 0) {
        cli_error(TR("calendar: \"%s\" không phải một năm (lịch ngày nghỉ tính từ 2007 đến 2100)",
                     "calendar: \"%s\" is not a year (the holiday calendar covers 2007 to 2100)"),
                  opt->args[1]);
        return EXIT_INPUT;
    }
    arg = int_value(year);
    code = call(plugins, "holidays", 1, &arg, &ret);
    if (code != 0)
        return code;
    if (ret.type != ADMIT_VALUE_STRING) {
        cli_error("%s", TR("calendar: vncal.holidays trả về giá trị không như mong đợi", "calendar: vncal.holidays gave an unexpected value"));
        return EXIT_ENGINE;
    }
    if (opt->format == FORMAT_JSON && (doc = cJSON_CreateArray()) == NULL) {
        plugin_value_release(&ret);
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        return EXIT_ENGINE;
    }
    /* The host copy is terminated and ours to cut up. */
    char *line = (char *)ret.as.string.data;
    while (line != NULL && *line != '\0') {
        char *next = strchr(line, '\n'), *name, *kind;
        admit_day day;
        if (next != NULL)
            *next++ = '\0';
        if (split_holiday(line, &name, &kind) != 0 || date_parse(line, strlen(line), &day) != 0) {
            cli_error("%s", TR("calendar: vncal.holidays trả về một dòng không như mong đợi", "calendar: vncal.holidays gave an unexpected line"));
            code = EXIT_ENGINE;
            break;
        }
        if (doc != NULL) {
            cJSON *item = cJSON_CreateObject();
            if (item == NULL || !cJSON_AddItemToArray(doc, item) ||
                !cJSON_AddStringToObject(item, "date", line) ||
                !cJSON_AddStringToObject(item, "name", name) ||
                !cJSON_AddStringToObject(item, "kind", kind)) {
                cli_error("%s", TR("hết bộ nhớ", "out of memory"));
                code = EXIT_ENGINE;
                break;
            }
        } else {
            printf("%s %-3s  %s  (%s)\n", line, weekday_name(day), name, kind_text(kind));
        }
        line = next;
    }
    plugin_value_release(&ret);
    if (doc != NULL) {
        if (code != 0) {
            cJSON_Delete(doc);
            return code;
        }
        return print_json(doc);
    }
    return code;
}

static int run_add_working_days(const struct plugin_set *plugins, const struct cli_options *opt)
{
    struct admit_value argv[2], ret = {0};
    admit_day day;
    int64_t n;
    char text[DATE_TEXT_SIZE];
    if (date_parse(opt->args[1], strlen(opt->args[1]), &day) != 0)
        return bad_date(opt->args[1], 0);
    if (parse_integer(opt->args[2], &n) != 0) {
        cli_error(TR("calendar: \"%s\" không phải số nguyên", "calendar: \"%s\" is not an integer"),
                  opt->args[2]);
        return EXIT_INPUT;
    }
    argv[0] = int_value(day);
    argv[1] = int_value(n);
    int code = call(plugins, "add_working_days", 2, argv, &ret);
    if (code != 0)
        return code;
    if (ret.type != ADMIT_VALUE_INT) {
        cli_error("%s", TR("calendar: vncal.add_working_days trả về giá trị không như mong đợi", "calendar: vncal.add_working_days gave an unexpected value"));
        return EXIT_ENGINE;
    }
    date_format_iso((admit_day)ret.as.integer, text);
    if (opt->format == FORMAT_JSON) {
        cJSON *doc = cJSON_CreateObject();
        if (doc != NULL && !cJSON_AddStringToObject(doc, "date", text)) {
            cJSON_Delete(doc);
            doc = NULL;
        }
        return print_json(doc);
    }
    puts(text);
    return 0;
}

static int run_working_days(const struct plugin_set *plugins, const struct cli_options *opt)
{
    struct admit_value argv[2], ret = {0};
    admit_day from, to;
    if (date_parse(opt->args[1], strlen(opt->args[1]), &from) != 0)
        return bad_date(opt->args[1], 0);
    if (date_parse(opt->args[2], strlen(opt->args[2]), &to) != 0)
        return bad_date(opt->args[2], 0);
    argv[0] = int_value(from);
    argv[1] = int_value(to);
    int code = call(plugins, "working_days", 2, argv, &ret);
    if (code != 0)
        return code;
    if (ret.type != ADMIT_VALUE_INT) {
        cli_error("%s", TR("calendar: vncal.working_days trả về giá trị không như mong đợi", "calendar: vncal.working_days gave an unexpected value"));
        return EXIT_ENGINE;
    }
    if (opt->format == FORMAT_JSON) {
        cJSON *doc = cJSON_CreateObject();
        if (doc != NULL && !cJSON_AddNumberToObject(doc, "working_days", (double)ret.as.integer)) {
            cJSON_Delete(doc);
            doc = NULL;
        }
        return print_json(doc);
    }
    printf("%lld\n", (long long)ret.as.integer);
    return 0;
}

int cmd_calendar(int argc, char **argv)
{
    static const struct {
        const char *name;
        int args;  /* after the subcommand */
        int (*run)(const struct plugin_set *, const struct cli_options *);
    } subcommands[] = {
        {"lunar", 1, run_lunar},
        {"solar", 1, run_solar},
        {"holidays", 1, run_holidays},
        {"add-working-days", 2, run_add_working_days},
        {"working-days", 2, run_working_days},
    };
    struct cli_options opt;
    struct plugin_set *plugins = NULL;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count == 0) {
        cli_error("%s", TR("calendar: cần một lệnh: lunar, solar, holidays, add-working-days, "
                           "working-days (xem admit calendar --help)",
                           "calendar: a command is needed: lunar, solar, holidays, "
                           "add-working-days, working-days (see admit calendar --help)"));
        return EXIT_INPUT;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (strcmp(opt.args[0], subcommands[i].name) != 0)
            continue;
        if (opt.arg_count != subcommands[i].args + 1) {
            cli_error(TR("calendar %s: cần %d đối số (xem admit calendar --help)",
                         "calendar %s: expected %d arguments (see admit calendar --help)"),
                      subcommands[i].name, subcommands[i].args);
            return EXIT_INPUT;
        }
        if (opt.leap && subcommands[i].run != run_solar) {
            cli_error("%s", TR("calendar: --leap chỉ dùng với solar",
                               "calendar: --leap goes with solar only"));
            return EXIT_INPUT;
        }
        code = cli_load_plugins(&opt, &plugins);
        if (code != 0)
            return code;
        code = subcommands[i].run(plugins, &opt);
        plugin_set_free(plugins);
        return code;
    }
    cli_error(TR("calendar: không có lệnh \"%s\" (xem admit calendar --help)",
                 "calendar: unknown command \"%s\" (see admit calendar --help)"),
              opt.args[0]);
    return EXIT_INPUT;
}
