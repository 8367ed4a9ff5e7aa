/* cli.c - option parsing and loading shared by the subcommands. */
#include "cli.h"
#include "validate_report.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "config_file.h"
#include "outcome.h"
#include "paths.h"
#include "suggest.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("admit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_input_error(const char *input, const char *path, const char *message)
{
    if (path != NULL && path[0] != '\0')
        cli_error("%s: %s: %s", input, path, message);
    else
        cli_error("%s: %s", input, message);
}

void cli_input_errors(const char *input, const char *path, const char *message,
                      const struct dossier_report *report)
{
    if (report == NULL || report->count == 0) {
        cli_input_error(input, path, message);
        return;
    }
    struct strbuf lines;
    strbuf_init(&lines);
    validate_report_text(&lines, report, "admit: ", 0, 0);
    fputs(lines.buf, stderr);
    strbuf_release(&lines);
}

void cli_print_error(const struct admit_error *err)
{
    char line[ADMIT_ERROR_MAX + 600];
    admit_error_format(err, line, sizeof line);
    /* "out of memory" is what the user (and the fault-injection test) looks
     * for, whatever words the failing call used ("Cannot allocate memory",
     * also inside a plugin's own report) */
    int nomem = err->status == ADMIT_ENOMEM || strstr(line, strerror(ENOMEM)) != NULL;
    if (nomem && strstr(line, "out of memory") == NULL && strstr(line, "hết bộ nhớ") == NULL)
        cli_error("%s (%s)", line, TR("hết bộ nhớ", "out of memory"));
    else
        cli_error("%s", line);
}

static int output_errno;

int cli_output_failed(void)
{
    if (!ferror(stdout))
        return 0;
    if (output_errno == 0)
        output_errno = errno != 0 ? errno : EIO;
    return 1;
}

int cli_output_errno(void)
{
    return output_errno;
}

int cli_out_of_memory(void)
{
    if (alloc_failures() == 0)
        return 0;
    cli_error("%s", TR("hết bộ nhớ", "out of memory"));
    return 1;
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

/* -- the options ------------------------------------------------------------ */

/* An option, described once for every command that accepts it. */
struct option_def {
    const char *name;          /* long name */
    char short_name;           /* 0: none */
    const char *arg_vi, *arg_en;   /* NULL: takes no value */
    const char *valid_vi, *valid_en;   /* what a valid value is (NULL: any; "": formats) */
    const char *vi, *en;       /* the common description */
};

static const struct option_def option_defs[CLI_OPT_END] = {
    [CLI_OPT_FORMAT] = {"format", 0, "DẠNG", "FORMAT", "", "",
                        "dạng kết quả (mặc định text)", "output format (default text)"},
    [CLI_OPT_LANG] = {"lang", 0, "vi|en", "vi|en", "vi, en", "vi, en",
                      "ngôn ngữ (mặc định vi, hoặc biến ADMIT_LANG)",
                      "language (default vi, or ADMIT_LANG)"},
    [CLI_OPT_AS_OF] = {"as-of", 0, "NGÀY", "DATE", "một ngày YYYY-MM-DD", "a date YYYY-MM-DD",
                       "ngày đánh giá YYYY-MM-DD (mặc định: as_of của hồ sơ, hoặc hôm nay)",
                       "evaluation date YYYY-MM-DD (default: the dossier's as_of, or today)"},
    [CLI_OPT_DATE] = {"date", 0, "NGÀY", "DATE", "một ngày YYYY-MM-DD", "a date YYYY-MM-DD",
                      "xem quy tắc tại ngày này, YYYY-MM-DD (mặc định hôm nay)",
                      "the rules in force on this date, YYYY-MM-DD (default today)"},
    [CLI_OPT_VERBOSE] = {"verbose", 'v', NULL, NULL, NULL, NULL,
                         "liệt kê cả các tiêu chí đạt", "also list the criteria that are met"},
    [CLI_OPT_COLOR] = {"color", 0, "auto|always|never", "auto|always|never",
                       "auto, always, never", "auto, always, never",
                       "tô màu; auto: chỉ trên terminal và khi không có NO_COLOR",
                       "colours; auto: on a terminal only, and not with NO_COLOR"},
    [CLI_OPT_RULES] = {"rules", 0, "THƯ_MỤC", "DIR", NULL, NULL,
                       "bộ quy tắc (mặc định: bộ đã cài đặt, hoặc rules/ của mã nguồn)",
                       "rulebook (default: the installed one, or rules/ of the source tree)"},
    [CLI_OPT_PLUGINS] = {"plugins", 0, "THƯ_MỤC|none", "DIR|none", NULL, NULL,
                         "thư mục plugin; none: không nạp plugin nào",
                         "plugin directory; none: load no plugin"},
    [CLI_OPT_PROFILE] = {"profile", 0, "ID", "ID", NULL, NULL,
                         "hồ sơ cấp ủy áp dụng cho mọi hồ sơ (central: chỉ bộ quy tắc trung ương; "
                         "mặc định: theo organisation.committee_path)",
                         "committee profile for every dossier (central: the central rulebook alone; "
                         "default: from organisation.committee_path)"},
    [CLI_OPT_REGISTRY] = {"registry", 0, "TỆP", "DB", NULL, NULL,
                          "sổ đảng viên (SQLite) để đối chiếu (docs/registry.md)",
                          "member registry (SQLite) to check against (docs/registry.md)"},
    [CLI_OPT_HOLIDAYS] = {"holidays", 0, "THƯ_MỤC|none", "DIR|none", NULL, NULL,
                          "lịch nghỉ đã công bố (YYYY.tsv), hoặc biến ADMIT_HOLIDAYS; none: chỉ "
                          "ngày nghỉ theo luật",
                          "announced schedules (YYYY.tsv), or ADMIT_HOLIDAYS; none: the law's "
                          "days off only"},
    [CLI_OPT_COVERAGE_MIN] = {"coverage-min", 0, "N", "N", "một số từ 0 đến 100",
                              "a number from 0 to 100",
                              "thất bại khi độ phủ dưới N phần trăm",
                              "fail when coverage is below N percent"},
    [CLI_OPT_COVERAGE_STATE] = {"coverage-state", 0, "TỆP", "FILE", NULL, NULL,
                                "cộng dồn độ phủ qua nhiều lần chạy (vd. có và không có --registry)",
                                "add up coverage over several runs (e.g. with and without "
                                "--registry)"},
    [CLI_OPT_LEAP] = {"leap", 0, NULL, NULL, NULL, NULL,
                      "(solar) ngày âm lịch thuộc tháng nhuận",
                      "(solar) the lunar date is in the leap month"},
    [CLI_OPT_WRITE] = {"write", 'w', NULL, NULL, NULL, NULL,
                       "ghi đè tệp thay vì in ra", "rewrite the file instead of printing"},
    [CLI_OPT_STAGE] = {"stage", 0, "BƯỚC", "STEP", NULL, NULL,
                       "hồ sơ đến bước này của thủ tục", "the dossier up to this step of the procedure"},
    [CLI_OPT_PROFILES] = {"profiles", 0, "THƯ_MỤC", "DIR", NULL, NULL,
                          "thêm một thư mục (hoặc gói đã ký) hồ sơ cấp ủy; lặp lại được",
                          "add a folder (or signed pack) of committee profiles; repeatable"},
    [CLI_OPT_TRUST] = {"trust", 0, "THƯ_MỤC", "DIR", NULL, NULL,
                       "thư mục khóa công khai tin cậy (*.pub của minisign) để xác minh gói",
                       "folder of trusted public keys (minisign *.pub) to verify packs"},
    [CLI_OPT_REQUIRE_SIGNED] = {"require-signed", 0, NULL, NULL, NULL, NULL,
                                "chỉ nhận hồ sơ cấp ủy từ gói đã ký và xác minh",
                                "accept only committee profiles from signed, verified packs"},
    [CLI_OPT_OUTPUT] = {"output", 'o', "TỆP", "FILE", NULL, NULL,
                        "ghi vào TỆP (không ghi đè tệp đã có) thay vì in ra",
                        "write FILE (never overwrites a file) instead of printing"},
    [CLI_OPT_LISTEN] = {"listen", 0, "ĐỊA_CHỈ:CỔNG", "ADDR:PORT", "ĐỊA_CHỈ_IPv4:CỔNG",
                        "IPV4_ADDRESS:PORT",
                        "địa chỉ lắng nghe (mặc định 127.0.0.1:8640; cổng 0: cổng trống bất kỳ)",
                        "address to listen on (default 127.0.0.1:8640; port 0: any free port)"},
    [CLI_OPT_THREADS] = {"threads", 0, "N", "N", "một số từ 1 đến 256", "a number from 1 to 256",
                         "số luồng đánh giá (mặc định: số CPU)",
                         "evaluation workers (default: the number of CPUs)"},
    [CLI_OPT_TOKEN_FILE] = {"token-file", 0, "TỆP", "FILE", NULL, NULL,
                            "tệp chứa mã truy cập; yêu cầu phải gửi Authorization: Bearer MÃ",
                            "file holding the access token; requests must send "
                            "Authorization: Bearer TOKEN"},
    [CLI_OPT_INSECURE] = {"insecure", 0, NULL, NULL, NULL, NULL,
                          "cho phép địa chỉ không phải loopback mà không có --token-file",
                          "allow a non-loopback address without --token-file"},
    [CLI_OPT_TLS_CERT] = {"tls-cert", 0, "TỆP", "FILE", NULL, NULL,
                          "chứng chỉ TLS (PEM): phục vụ HTTPS, cùng --tls-key",
                          "TLS certificate (PEM): serve HTTPS, with --tls-key"},
    [CLI_OPT_TLS_KEY] = {"tls-key", 0, "TỆP", "FILE", NULL, NULL,
                         "khóa riêng TLS (PEM, không mật khẩu), cùng --tls-cert",
                         "TLS private key (PEM, unencrypted), with --tls-cert"},
    [CLI_OPT_OUT] = {"out", 0, "THƯ_MỤC", "DIR", NULL, NULL,
                     "thư mục kết quả (bắt buộc; tạo nếu chưa có)",
                     "output folder (required; created when absent)"},
    [CLI_OPT_JOBS] = {"jobs", 'j', "N", "N", "một số từ 1 đến 256", "a number from 1 to 256",
                      "số luồng đánh giá (mặc định: số CPU)",
                      "worker threads (default: the number of CPUs)"},
    [CLI_OPT_FULL] = {"full", 0, NULL, NULL, NULL, NULL,
                      "giữ mọi trường của mọi tiêu chí trong results.jsonl",
                      "keep every member of every rule result in results.jsonl"},
    [CLI_OPT_RESUME] = {"resume", 0, NULL, NULL, NULL, NULL,
                        "chạy tiếp một lần chạy bị ngắt, giữ các dòng đã ghi",
                        "continue an interrupted run, keeping the lines written"},
    [CLI_OPT_FORCE] = {"force", 0, NULL, NULL, NULL, NULL,
                       "ghi đè thư mục kết quả không trống", "overwrite a non-empty output folder"},
    [CLI_OPT_PLAN] = {"plan", 0, "TỆP", "FILE", NULL, NULL,
                      "kế hoạch kết nạp (admit.plan/1): chỉ tiêu theo cấp ủy và giai đoạn",
                      "admission plan (admit.plan/1): targets per committee and period"},
    [CLI_OPT_COMPARE_PROFILE] = {"compare-profile", 0, "ID", "ID", NULL, NULL,
                                 "đánh giá lại mỗi hồ sơ theo hồ sơ cấp ủy đề xuất này; các hồ sơ "
                                 "đổi kết luận ghi vào compare.jsonl",
                                 "evaluate every dossier again under this proposed profile; those "
                                 "whose verdict changes go to compare.jsonl"},
    [CLI_OPT_PROGRESS] = {"progress", 0, "auto|always|never", "auto|always|never",
                          "auto, always, never", "auto, always, never",
                          "tiến độ trên stderr; auto: chỉ trên terminal",
                          "progress on stderr; auto: on a terminal only"},
};

/* getopt_long's value for an option: its id, above the characters. */
#define OPT_VALUE(id) (256 + (int)(id))
#define OPT_HELP (-2)

/* The --format values of `formats` ("text,json"): *out, or -1. */
static int parse_format(const char *value, const char *formats, enum output_format *out)
{
    static const char *const names[] = {"text", "json", "jsonl", "html"};   /* enum order */
    size_t len = strlen(value);
    for (const char *p = formats; *p;) {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, value, n) == 0) {
            for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                if (strcmp(names[i], value) == 0) {
                    *out = (enum output_format)i;
                    return 0;
                }
        }
        p += n + (p[n] == ',');
    }
    return -1;
}

/* "text, json" from "text,json", into buf. */
static const char *list_text(const char *formats, char *buf, size_t size)
{
    size_t o = 0;
    for (const char *p = formats; *p && o + 3 < size; p++) {
        buf[o++] = *p;
        if (*p == ',')
            buf[o++] = ' ';
    }
    buf[o] = '\0';
    return buf;
}

/* A command's accepted options: true for each id it lists. */
static void accepted_ids(const struct cli_option_use *uses, int accepted[CLI_OPT_END])
{
    memset(accepted, 0, CLI_OPT_END * sizeof accepted[0]);
    for (size_t i = 0; uses != NULL && uses[i].id != CLI_OPT_END; i++)
        accepted[uses[i].id] = 1;
}

/* Say what is wrong with an option getopt_long did not accept. */
static void unknown_option(const char *cmd, const char *given, int optopt_char,
                           const struct option *options)
{
    char shortopt[3] = {'-', (char)optopt_char, '\0'};
    char word[96];
    const char *candidates[CLI_OPT_END + 1];
    size_t n = 0;

    if (optopt_char >= 256 || optopt_char == OPT_HELP) {   /* "--leap=3" */
        snprintf(word, sizeof word, "%s", given);
        word[strcspn(word, "=")] = '\0';
        cli_error(TR("%s: tùy chọn \"%s\" không nhận giá trị (xem admit %s --help)",
                     "%s: option \"%s\" takes no value (see admit %s --help)"),
                  cmd, word, cmd);
        return;
    }
    if (optopt_char != 0) {   /* a short option, alone or in a bundle ("-vx"): "-x" */
        cli_error(TR("%s: tùy chọn không hợp lệ \"%s\" (xem admit %s --help)",
                     "%s: unknown option \"%s\" (see admit %s --help)"),
                  cmd, shortopt, cmd);
        return;
    }
    /* "--formt=xml": the name is "formt". */
    snprintf(word, sizeof word, "%s", given + strspn(given, "-"));
    word[strcspn(word, "=")] = '\0';
    for (size_t i = 0; options[i].name != NULL; i++)
        candidates[n++] = options[i].name;
    const char *near = suggest_closest(word, candidates, n);
    for (size_t i = 0; near == NULL && i < CLI_OPT_END; i++) {
        if (strcmp(option_defs[i].name, word) == 0) {
            cli_error(TR("%s: tùy chọn \"--%s\" không dùng được với lệnh này (xem admit %s --help)",
                         "%s: option \"--%s\" does not apply to this command (see admit %s --help)"),
                      cmd, word, cmd);
            return;
        }
    }
    if (near != NULL)
        cli_error(TR("%s: tùy chọn không hợp lệ \"%s\"; có phải \"--%s\"? (xem admit %s --help)",
                     "%s: unknown option \"%s\"; did you mean \"--%s\"? (see admit %s --help)"),
                  cmd, given, near, cmd);
    else
        cli_error(TR("%s: tùy chọn không hợp lệ \"%s\" (xem admit %s --help)",
                     "%s: unknown option \"%s\" (see admit %s --help)"),
                  cmd, given, cmd);
}

/* 1 when --lang was given: the configuration file's lang then does not apply. */
static int lang_on_command_line;

/* Store one option's value; -1 when the value is not valid. */
static int apply_option(enum cli_option_id id, const char *value, const char *formats,
                        struct cli_options *opt)
{
    switch (id) {
    case CLI_OPT_FORMAT:
        return parse_format(value, formats, &opt->format);
    case CLI_OPT_AS_OF:
    case CLI_OPT_DATE:
        return date_parse(value, strlen(value), &opt->as_of) == 0 ? 0 : -1;
    case CLI_OPT_LANG: {
        enum admit_lang lang;
        if (i18n_parse(value, &lang) != 0)
            return -1;
        i18n_set_lang(lang);
        lang_on_command_line = 1;
        return 0;
    }
    case CLI_OPT_COLOR:
        return parse_color(value, &opt->color);
    case CLI_OPT_COVERAGE_MIN: {
        char *end;
        opt->coverage_min = strtod(value, &end);
        return value[0] != '\0' && *end == '\0' && opt->coverage_min >= 0 &&
                       opt->coverage_min <= 100 ? 0 : -1;
    }
    case CLI_OPT_COVERAGE_STATE:
        opt->coverage_state = value;
        return 0;
    case CLI_OPT_RULES:
        opt->rules_dir = value;
        return 0;
    case CLI_OPT_PLUGINS:
        opt->plugins_dir = value;
        return 0;
    case CLI_OPT_PROFILE:
        opt->profile = value;
        return 0;
    case CLI_OPT_REGISTRY:
        opt->registry = value;
        return 0;
    case CLI_OPT_HOLIDAYS:
        opt->holidays = value;
        return 0;
    case CLI_OPT_LEAP:
        opt->leap = 1;
        return 0;
    case CLI_OPT_VERBOSE:
        opt->verbose = 1;
        return 0;
    case CLI_OPT_WRITE:
        opt->write = 1;
        return 0;
    case CLI_OPT_STAGE:
        opt->stage = value;
        return 0;
    case CLI_OPT_OUTPUT:
        opt->output = value;
        return 0;
    case CLI_OPT_LISTEN:
        opt->listen = value;
        return 0;
    case CLI_OPT_THREADS: {
        char *end;
        long n = strtol(value, &end, 10);
        if (value[0] == '\0' || *end != '\0' || n < 1 || n > 256)
            return -1;
        opt->threads = (int)n;
        return 0;
    }
    case CLI_OPT_TOKEN_FILE:
        opt->token_file = value;
        return 0;
    case CLI_OPT_INSECURE:
        opt->insecure = 1;
        return 0;
    case CLI_OPT_TLS_CERT:
        opt->tls_cert = value;
        return 0;
    case CLI_OPT_TLS_KEY:
        opt->tls_key = value;
        return 0;
    case CLI_OPT_OUT:
        opt->out_dir = value;
        return 0;
    case CLI_OPT_COMPARE_PROFILE:
        opt->compare_profile = value;
        return 0;
    case CLI_OPT_PLAN:
        opt->plan = value;
        return 0;
    case CLI_OPT_JOBS: {
        char *end;
        errno = 0;
        long n = strtol(value, &end, 10);
        if (errno != 0 || end == value || *end != '\0' || n < 1 || n > 256)
            return -1;
        opt->jobs = (int)n;
        return 0;
    }
    case CLI_OPT_FULL:
        opt->full = 1;
        return 0;
    case CLI_OPT_RESUME:
        opt->resume = 1;
        return 0;
    case CLI_OPT_FORCE:
        opt->force = 1;
        return 0;
    case CLI_OPT_PROGRESS:
        if (strcmp(value, "auto") == 0)
            opt->progress = 0;
        else if (strcmp(value, "always") == 0)
            opt->progress = 1;
        else if (strcmp(value, "never") == 0)
            opt->progress = -1;
        else
            return -1;
        return 0;
    case CLI_OPT_PROFILES:
        if (opt->profile_dir_count == (int)(sizeof opt->profile_dirs / sizeof opt->profile_dirs[0]))
            return -1;
        opt->profile_dirs[opt->profile_dir_count++] = value;
        return 0;
    case CLI_OPT_TRUST:
        if (opt->trust_count == (int)(sizeof opt->trust_dirs / sizeof opt->trust_dirs[0]))
            return -1;
        opt->trust_dirs[opt->trust_count++] = value;
        return 0;
    case CLI_OPT_REQUIRE_SIGNED:
        opt->require_signed = 1;
        return 0;
    case CLI_OPT_END:
        break;
    }
    return -1;
}

/*
 * getopt_long takes a unique prefix for the whole name ("--out" for
 * "--output"), so a misspelt or abridged option would be read as another one.
 * Only whole names are accepted: find the first long option (before "--")
 * that is not exactly one of `options`.  Returns its argv index, or 0.
 */
static int first_inexact_option(int argc, char **argv, const struct option *options,
                                const char *shorts)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (a[0] == '-' && a[1] != '-' && a[1] != '\0' && a[2] == '\0') {
            const char *s = strchr(shorts, a[1]);
            if (s != NULL && s[1] == ':')
                i++;   /* "-o FILE": the value may start with "--" */
            continue;
        }
        if (strncmp(a, "--", 2) != 0)
            continue;
        size_t len = strcspn(a + 2, "=");
        size_t j = 0;
        while (options[j].name != NULL &&
               (strlen(options[j].name) != len || strncmp(options[j].name, a + 2, len) != 0))
            j++;
        if (options[j].name == NULL)
            return i;
        if (options[j].has_arg == required_argument && a[2 + len] != '=')
            i++;   /* its value, whatever it looks like */
    }
    return 0;
}

/* Parse argv against the options `accepted` marks: EXIT_INPUT after printing
 * the error of a bad option, else 0 (cli_begin answers --help). */
static int parse_options(const char *cmd, const int accepted[CLI_OPT_END], const char *formats,
                         int argc, char **argv, struct cli_options *opt)
{
    struct option options[CLI_OPT_END + 2];
    char shorts[2 * CLI_OPT_END + 3] = ":h";
    size_t n = 0;
    int c, longindex = 0;

    for (size_t i = 0; i < CLI_OPT_END; i++) {
        if (!accepted[i])
            continue;
        const struct option_def *d = &option_defs[i];
        options[n++] = (struct option){d->name, d->arg_vi ? required_argument : no_argument, NULL,
                                       OPT_VALUE(i)};
        if (d->short_name != 0) {   /* "o:" when it takes a value */
            size_t len = strlen(shorts);
            shorts[len++] = d->short_name;
            if (d->arg_vi != NULL)
                shorts[len++] = ':';
            shorts[len] = '\0';
        }
    }
    options[n++] = (struct option){"help", no_argument, NULL, OPT_HELP};
    options[n] = (struct option){NULL, 0, NULL, 0};

    memset(opt, 0, sizeof *opt);
    lang_on_command_line = 0;
    opt->as_of = OUTCOME_NO_DAY;
    opt->holidays = getenv("ADMIT_HOLIDAYS");
    opt->coverage_min = -1;
    parse_color("auto", &opt->color);
    int inexact = first_inexact_option(argc, argv, options, shorts);
    if (inexact > 0) {
        unknown_option(cmd, argv[inexact], 0, options);
        return EXIT_INPUT;
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shorts, options, &longindex)) != -1) {
        enum cli_option_id id = CLI_OPT_END;
        if (c == 'h' || c == OPT_HELP) {
            opt->help = 1;
            continue;
        }
        for (size_t i = 0; i < CLI_OPT_END; i++)
            if (accepted[i] && (c == OPT_VALUE(i) || (c != 0 && c == option_defs[i].short_name)))
                id = (enum cli_option_id)i;
        if (c == ':') {
            cli_error(TR("%s: tùy chọn \"%s\" cần một giá trị", "%s: option \"%s\" needs a value"),
                      cmd, argv[optind - 1]);
            return EXIT_INPUT;
        }
        if (id == CLI_OPT_END) {
            unknown_option(cmd, argv[optind - 1], optopt, options);
            return EXIT_INPUT;
        }
        if (apply_option(id, optarg, formats, opt) != 0) {
            /* Name the option, not argv[optind - 1]: with "--as-of DATE" that is the value. */
            const struct option_def *d = &option_defs[id];
            char valid[128];
            const char *what = d->valid_vi == NULL ? NULL
                               : d->valid_vi[0] == '\0' ? list_text(formats, valid, sizeof valid)
                                                        : TR(d->valid_vi, d->valid_en);
            cli_error(TR("%s: --%s: \"%s\" không hợp lệ; dùng %s",
                         "%s: --%s: \"%s\" is not valid; use %s"),
                      cmd, d->name, optarg, what ? what : "?");
            return EXIT_INPUT;
        }
    }
    opt->args = argv + optind;
    opt->arg_count = argc - optind;
    /* The configuration file (docs/profiles.md) fills what the command line
     * and the environment (ADMIT_LANG, ADMIT_HOLIDAYS) left unset. */
    if (config_apply(opt, lang_on_command_line || getenv("ADMIT_LANG") != NULL) != 0)
        return EXIT_INPUT;
    return 0;
}

int cli_begin(const struct cli_command *cmd, int argc, char **argv, struct cli_options *opt)
{
    int accepted[CLI_OPT_END];
    accepted_ids(cmd->options, accepted);
    int code = parse_options(cmd->name, accepted, cmd->formats ? cmd->formats : "text", argc, argv,
                             opt);
    if (code != 0)
        return code;
    if (opt->help) {
        cli_usage(cmd, stdout);
        return 0;
    }
    return -1;
}

/* -- help -------------------------------------------------------------------- */

/* Characters (not bytes) of UTF-8 text. */
static size_t text_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

#define HELP_WIDTH 80
#define HELP_COLUMN 30

/* Print `text` from column `column` to HELP_WIDTH, continuing at HELP_COLUMN. */
static void print_description(FILE *to, const char *text, size_t column)
{
    const char *p = text;
    while (*p) {
        size_t word = strcspn(p, " ");
        size_t w = text_width(p, word);
        if (column > HELP_COLUMN && column + 1 + w > HELP_WIDTH) {
            fprintf(to, "\n%*s", HELP_COLUMN, "");
            column = HELP_COLUMN;
        } else if (column > HELP_COLUMN) {
            fputc(' ', to);
            column++;
        }
        fwrite(p, 1, word, to);
        column += w;
        p += word;
        p += strspn(p, " ");
    }
    fputc('\n', to);
}

static void print_option(FILE *to, const char *left, const char *description)
{
    size_t w = text_width(left, strlen(left));
    fputs(left, to);
    if (w + 1 >= HELP_COLUMN) {
        fprintf(to, "\n%*s", HELP_COLUMN, "");
        w = HELP_COLUMN;
    }
    fprintf(to, "%*s", (int)(HELP_COLUMN - w), "");
    print_description(to, description, HELP_COLUMN);
}

void cli_usage(const struct cli_command *cmd, FILE *to)
{
    const char *usage = TR(cmd->usage_vi, cmd->usage_en);
    const char *label = TR("Cách dùng: ", "Usage: ");
    size_t indent = text_width(label, strlen(label));
    for (const char *line = usage; *line;) {
        size_t n = strcspn(line, "\n");
        fprintf(to, "%*s%.*s\n", line == usage ? 0 : (int)indent, line == usage ? label : "", (int)n,
                line);
        line += n + (line[n] == '\n');
    }
    fprintf(to, "%s\n\n%s\n", TR(cmd->about_vi, cmd->about_en), TR("Tùy chọn:", "Options:"));
    for (size_t i = 0; cmd->options != NULL && cmd->options[i].id != CLI_OPT_END; i++) {
        const struct cli_option_use *use = &cmd->options[i];
        const struct option_def *d = &option_defs[use->id];
        char left[128], formats[64];
        const char *arg = TR(d->arg_vi, d->arg_en);
        if (use->id == CLI_OPT_FORMAT) {
            snprintf(formats, sizeof formats, "%s", cmd->formats ? cmd->formats : "text");
            for (char *p = formats; *p; p++)
                *p = *p == ',' ? '|' : *p;
            arg = formats;
        }
        if (d->short_name != 0)
            snprintf(left, sizeof left, "  -%c, --%s%s%s", d->short_name, d->name, arg ? " " : "",
                     arg ? arg : "");
        else
            snprintf(left, sizeof left, "  --%s%s%s", d->name, arg ? " " : "", arg ? arg : "");
        print_option(to, left, use->vi != NULL ? TR(use->vi, use->en) : TR(d->vi, d->en));
    }
    print_option(to, "  -h, --help", TR("in trợ giúp này", "print this help"));
    if (cmd->more_vi != NULL)
        fprintf(to, "\n%s\n", TR(cmd->more_vi, cmd->more_en));
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
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
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

int cli_load_ruleset_for(const struct cli_options *opt, const struct profile *profile,
                         struct ruleset **out)
{
    return cli_load_ruleset_like(opt, profile, NULL, out);
}

int cli_load_ruleset_like(const struct cli_options *opt, const struct profile *profile,
                          const struct ruleset *base, struct ruleset **out)
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
    if ((base != NULL ? ruleset_load_sharing(&paths, base, out, &err)
                      : ruleset_load(&paths, out, &err)) != ADMIT_OK) {
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
    return cli_load_run(opt, &set, out);
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
