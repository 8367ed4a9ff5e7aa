/* cli.c - option parsing and loading shared by the subcommands. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config_file.h"
#include "outcome.h"
#include "paths.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("admit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_print_error(const struct admit_error *err)
{
    char line[ADMIT_ERROR_MAX + 600];
    cli_error("%s", admit_error_format(err, line, sizeof line));
}

admit_day cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Resolve --color auto|always|never with NO_COLOR and the terminal. */
static int parse_color(const char *mode, int *color)
{
    const char *no_color = getenv("NO_COLOR");
    if (strcmp(mode, "always") == 0)
        *color = 1;
    else if (strcmp(mode, "never") == 0)
        *color = 0;
    else if (strcmp(mode, "auto") == 0)
        *color = isatty(STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0');
    else
        return -1;
    return 0;
}

int cli_parse(const char *cmd, int argc, char **argv, struct cli_options *opt)
{
    enum { OPT_RULES = 256, OPT_PLUGINS, OPT_PROFILE, OPT_FORMAT, OPT_AS_OF, OPT_LANG,
           OPT_COLOR, OPT_COVERAGE_MIN, OPT_REGISTRY, OPT_HOLIDAYS, OPT_LEAP,
           OPT_COVERAGE_STATE, OPT_PROFILES, OPT_TRUST, OPT_REQUIRE_SIGNED };
    static const struct option options[] = {
        {"rules", required_argument, NULL, OPT_RULES},
        {"plugins", required_argument, NULL, OPT_PLUGINS},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"profiles", required_argument, NULL, OPT_PROFILES},
        {"trust", required_argument, NULL, OPT_TRUST},
        {"require-signed", no_argument, NULL, OPT_REQUIRE_SIGNED},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"date", required_argument, NULL, OPT_AS_OF},
        {"lang", required_argument, NULL, OPT_LANG},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"coverage-min", required_argument, NULL, OPT_COVERAGE_MIN},
        {"coverage-state", required_argument, NULL, OPT_COVERAGE_STATE},
        {"registry", required_argument, NULL, OPT_REGISTRY},
        {"holidays", required_argument, NULL, OPT_HOLIDAYS},
        {"leap", no_argument, NULL, OPT_LEAP},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"write", no_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    int c, longindex = 0, lang_given = getenv("ADMIT_LANG") != NULL;
    memset(opt, 0, sizeof *opt);
    opt->as_of = OUTCOME_NO_DAY;
    opt->holidays = getenv("ADMIT_HOLIDAYS");
    opt->coverage_min = -1;
    parse_color("auto", &opt->color);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":vhw", options, &longindex)) != -1) {
        switch (c) {
        case OPT_RULES:
            opt->rules_dir = optarg;
            break;
        case OPT_PLUGINS:
            opt->plugins_dir = optarg;
            break;
        case OPT_PROFILE:
            opt->profile = optarg;
            break;
        case OPT_PROFILES:
            if (opt->profile_dir_count == (int)(sizeof opt->profile_dirs / sizeof opt->profile_dirs[0]))
                goto bad_value;
            opt->profile_dirs[opt->profile_dir_count++] = optarg;
            break;
        case OPT_TRUST:
            if (opt->trust_count == (int)(sizeof opt->trust_dirs / sizeof opt->trust_dirs[0]))
                goto bad_value;
            opt->trust_dirs[opt->trust_count++] = optarg;
            break;
        case OPT_REQUIRE_SIGNED:
            opt->require_signed = 1;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0)
                opt->format = FORMAT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                opt->format = FORMAT_JSON;
            else if (strcmp(optarg, "html") == 0 && strcmp(cmd, "check") == 0)
                opt->format = FORMAT_HTML;   /* the printed report (docs/report-html.md) */
            else
                goto bad_value;
            break;
        case OPT_AS_OF:
            if (date_parse(optarg, strlen(optarg), &opt->as_of) != 0)
                goto bad_value;
            break;
        case OPT_LANG: {
            enum admit_lang lang;
            if (i18n_parse(optarg, &lang) != 0)
                goto bad_value;
            i18n_set_lang(lang);
            lang_given = 1;
            break;
        }
        case OPT_COLOR:
            if (parse_color(optarg, &opt->color) != 0)
                goto bad_value;
            break;
        case OPT_COVERAGE_MIN: {
            char *end;
            opt->coverage_min = strtod(optarg, &end);
            if (*end != '\0' || opt->coverage_min < 0 || opt->coverage_min > 100)
                goto bad_value;
            break;
        }
        case OPT_COVERAGE_STATE:
            opt->coverage_state = optarg;
            break;
        case OPT_REGISTRY:
            opt->registry = optarg;
            break;
        case OPT_HOLIDAYS:
            opt->holidays = optarg;
            break;
        case OPT_LEAP:
            opt->leap = 1;
            break;
        case 'v':
            opt->verbose = 1;
            break;
        case 'h':
            opt->help = 1;
            break;
        case 'w':
            opt->write = 1;
            break;
        case ':':
            cli_error(TR("%s: tùy chọn \"%s\" cần một giá trị", "%s: option \"%s\" needs a value"),
                      cmd, argv[optind - 1]);
            return EXIT_INPUT;
        default: {
            /* A short option inside a bundle ("-vx") is named alone ("-x"). */
            char shortopt[3] = {'-', (char)optopt, '\0'};
            cli_error(TR("%s: tùy chọn không hợp lệ \"%s\" (xem admit %s --help)",
                         "%s: unknown option \"%s\" (see admit %s --help)"),
                      cmd, optopt != 0 ? shortopt : argv[optind - 1], cmd);
            return EXIT_INPUT;
        }
        }
        continue;
bad_value:
        /* Name the option, not argv[optind - 1]: with "--as-of DATE" that is the value. */
        cli_error(TR("%s: giá trị không hợp lệ \"%s\" cho --%s", "%s: invalid value \"%s\" for --%s"),
                  cmd, optarg, options[longindex].name);
        return EXIT_INPUT;
    }
    opt->args = argv + optind;
    opt->arg_count = argc - optind;
    /* The configuration file fills what the command line and the
     * environment (ADMIT_LANG, ADMIT_HOLIDAYS) left unset. */
    if (config_apply(opt, lang_given) != 0)
        return EXIT_INPUT;
    return 0;
}

/* The plugin directory the options name: NULL for --plugins none. */
static const char *plugins_dir(const struct cli_options *opt, const struct admit_paths *defaults)
{
    if (opt->plugins_dir != NULL && strcmp(opt->plugins_dir, "none") == 0)
        return NULL;
    return opt->plugins_dir ? opt->plugins_dir : defaults->plugins;
}

/* What plugins read through host->option, set before they load. */
static int set_plugin_options(const struct cli_options *opt)
{
    if (plugin_host_set_option("registry", opt->registry) != 0 ||
        plugin_host_set_option("holidays", opt->holidays) != 0 ||
        plugin_host_set_option("lang", i18n_code(i18n_lang())) != 0) {
        cli_error("out of memory");
        return EXIT_ENGINE;
    }
    return 0;
}

/* A setting for a plugin that is not loaded would be silently ignored: refuse it. */
static int check_plugin_options(const struct cli_options *opt, const struct plugin_set *set)
{
    const struct { const char *plugin, *option, *given; } needs[] = {
        {"registry", "--registry", opt->registry}, {"vncal", "--holidays", opt->holidays},
    };
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++) {
        int loaded = 0;
        for (size_t p = 0; p < plugin_set_count(set); p++)
            loaded |= strcmp(plugin_set_name(set, p), needs[i].plugin) == 0;
        if (needs[i].given != NULL && !loaded) {
            cli_error(TR("%s cần plugin \"%s\", nhưng plugin này chưa được nạp (xem --plugins)",
                         "%s needs the \"%s\" plugin, which is not loaded (see --plugins)"),
                      needs[i].option, needs[i].plugin);
            return EXIT_INPUT;
        }
    }
    return 0;
}

static int exit_code_of(const struct admit_error *err)
{
    return err->status == ADMIT_EUSAGE || err->status == ADMIT_EINPUT ? EXIT_INPUT : EXIT_ENGINE;
}

int cli_start(const char *cmd, int argc, char **argv, struct cli_options *opt,
              void (*usage)(void))
{
    int code = cli_parse(cmd, argc, argv, opt);
    if (code != 0)
        return code;
    if (opt->help) {
        usage();
        return 0;
    }
    return -1;
}

int cli_load_ruleset_for(const struct cli_options *opt, const struct profile *profile,
                         struct ruleset **out)
{
    struct admit_paths defaults;
    struct admit_error err;
    struct ruleset_paths paths;

    paths_default(&defaults);
    admit_error_clear(&err);
    paths.rules_dir = opt->rules_dir ? opt->rules_dir : defaults.rules;
    /* The schemas are the engine's contract, not the rulebook's: --rules
     * changes the rules only. */
    paths.schemas_dir = defaults.schemas;
    paths.plugins_dir = plugins_dir(opt, &defaults);
    paths.plugins_optional = opt->plugins_dir == NULL;
    paths.profile = profile;
    int code = set_plugin_options(opt);
    if (code != 0)
        return code;
    if (ruleset_load(&paths, out, &err) != ADMIT_OK) {
        cli_print_error(&err);
        return exit_code_of(&err);
    }
    code = check_plugin_options(opt, ruleset_plugins(*out));
    if (code != 0) {
        ruleset_free(*out);
        *out = NULL;
    }
    return code;
}

int cli_load_ruleset(const struct cli_options *opt, struct ruleset **out)
{
    const struct profile_set *set;
    const struct profile *profile;
    int code = cli_load_profiles(opt, &set, &profile);
    return code != 0 ? code : cli_load_ruleset_for(opt, profile, out);
}

int cli_load_plugins(const struct cli_options *opt, struct plugin_set **out)
{
    struct admit_paths defaults;
    struct admit_error err;
    enum admit_status status;

    paths_default(&defaults);
    admit_error_clear(&err);
    int code = set_plugin_options(opt);
    if (code != 0)
        return code;
    const char *dir = plugins_dir(opt, &defaults);
    if (dir == NULL)
        status = plugin_set_empty(out, &err);
    else if (opt->plugins_dir == NULL)
        status = plugin_set_load_default(dir, out, &err);
    else
        status = plugin_set_load_dir(dir, out, &err);
    if (status != ADMIT_OK) {
        cli_print_error(&err);
        return status == ADMIT_EIO ? EXIT_ENGINE : exit_code_of(&err);
    }
    code = check_plugin_options(opt, *out);
    if (code != 0) {
        plugin_set_free(*out);
        *out = NULL;
    }
    return code;
}
