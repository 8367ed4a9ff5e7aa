/* cmd_test.c - `admit test [PATH...]`: run rule test files and report. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "cli.h"
#include "profile_load.h"
#include "paths.h"
#include "ruletest.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_FORMAT, "dạng kết quả: text, hoặc json (tổng số, độ phủ và báo cáo)",
     "output format: text, or json (totals, coverage and the report)"},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_COVERAGE_MIN, NULL, NULL},
    {CLI_OPT_COVERAGE_STATE, NULL, NULL},
    {CLI_OPT_AS_OF, "ngày hôm nay của các ca không nêu as_of, YYYY-MM-DD",
     "today's date for the cases that give no as_of, YYYY-MM-DD"},
    {CLI_OPT_RULES, "bộ quy tắc được kiểm thử", "the rulebook under test"},
    {CLI_OPT_PLUGINS, NULL, NULL},
    {CLI_OPT_REGISTRY, "sổ đảng viên, cho các ca cần đến nó", "member registry, for the cases that need one"},
    {CLI_OPT_HOLIDAYS, NULL, NULL},
    {CLI_OPT_PROFILE, "bộ quy tắc cho các ca không nêu profile (mặc định central)",
     "the rules for the cases that name no profile (default central)"},
    {CLI_OPT_PROFILES, NULL, NULL},
    {CLI_OPT_TRUST, NULL, NULL},
    {CLI_OPT_REQUIRE_SIGNED, NULL, NULL},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "test",
    "admit test [tùy chọn] [ĐƯỜNG_DẪN...]",
    "admit test [options] [PATH...]",
    "Chạy các tệp kiểm thử quy tắc (tệp .json, hoặc mọi tệp .json trong thư mục) và báo\n"
    "cáo theo từng quy tắc, với độ phủ. Mặc định: tests/rules nếu có ở thư mục hiện tại,\n"
    "nếu không thì các ca kiểm thử được cài đặt kèm bộ quy tắc.",
    "Runs rule test files (a .json file, or every .json file below a folder) and reports\n"
    "per rule, with coverage. Default: tests/rules when the current folder has it, else\n"
    "the test cases installed with the rulebook.",
    "text,json", options,
    "Mã thoát: 0 mọi ca đạt, 1 có ca sai hoặc độ phủ thấp, 2 dữ liệu sai, 3 lỗi bộ máy.",
    "Exit codes: 0 every case passed, 1 a case failed or coverage is low, 2 invalid input,\n"
    "3 engine failure.",
};

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one path: a .json file, or every .json below a directory, sorted. */
static void run_path(struct ruletest *rt, const char *path, struct strbuf *report, int depth)
{
    struct stat st;
    struct admit_error err;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 16) {
        DIR *d = opendir(path);
        struct dirent *e;
        char **names = NULL;
        size_t n = 0, cap = 0;
        while (d != NULL && (e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            char child[2048];
            if (e->d_name[0] == '.')
                continue;
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            int is_dir = stat(child, &st) == 0 && S_ISDIR(st.st_mode);
            if (!is_dir && (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0))
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                char **grown = realloc(names, cap * sizeof *names);
                if (grown == NULL) {
                    alloc_note_failure();   /* files left out: the run ends in exit 3 */
                    break;
                }
                names = grown;
            }
            if ((names[n] = strdup(child)) != NULL)
                n++;
            else
                alloc_note_failure();
        }
        if (d != NULL)
            closedir(d);
        if (n > 1)
            qsort(names, n, sizeof *names, compare_names);
        for (size_t i = 0; i < n; i++) {
            run_path(rt, names[i], report, depth + 1);
            free(names[i]);
        }
        free(names);
        return;
    }
    admit_error_clear(&err);
    if (ruletest_run_file(rt, path, report, &err) != ADMIT_OK) {
        char line[ADMIT_ERROR_MAX + 600];
        strbuf_addf(report, "%s\n  ✗ %s\n", path, admit_error_format(&err, line, sizeof line));
        ruletest_count_broken_file(rt);
    }
}

/*
 * The tests run without a PATH: tests/rules of the current folder (the source
 * tree), else those installed beside the rulebook in use by default
 * (DATADIR/tests/rules beside DATADIR/rules).
 */
static const char *default_tests(const struct admit_paths *defaults, char *buf, size_t size)
{
    struct stat st;
    if (stat("tests/rules", &st) == 0 && S_ISDIR(st.st_mode))
        return "tests/rules";
    int n = snprintf(buf, size, "%s/../tests/rules", defaults->rules);
    return n > 0 && (size_t)n < size ? buf : "tests/rules";
}

/* The JSON form: totals, coverage and the text report. */
static int print_json(size_t passed, size_t failed, double coverage, double coverage_min,
                      const char *report)
{
    cJSON *doc = cJSON_CreateObject();
    int ok = doc != NULL && cJSON_AddStringToObject(doc, "format", "admit.test/1") &&
             cJSON_AddNumberToObject(doc, "passed", (double)passed) &&
             cJSON_AddNumberToObject(doc, "failed", (double)failed) &&
             cJSON_AddNumberToObject(doc, "coverage", coverage) &&
             (coverage_min >= 0 ? cJSON_AddNumberToObject(doc, "coverage_min", coverage_min)
                                : cJSON_AddNullToObject(doc, "coverage_min")) &&
             cJSON_AddStringToObject(doc, "report", report);
    char *text = ok ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (text == NULL) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        return EXIT_ENGINE;
    }
    puts(text);
    free(text);
    return 0;
}

/* The rulesets of every profile loaded, for cases naming "profile". */
struct test_profiles {
    const struct profile_set *set;
    struct ruleset **rulesets;   /* indexed like the set */
};

static struct ruleset *resolve_profile(void *ctx, const char *id)
{
    struct test_profiles *tp = ctx;
    for (size_t i = 0; i < profile_set_count(tp->set); i++)
        if (strcmp(profile_set_at(tp->set, i)->id, id) == 0)
            return tp->rulesets[i];
    return NULL;
}

/* Load every profile's ruleset and count its rules in the coverage. */
static int load_test_profiles(const struct cli_options *opt, struct ruletest *rt,
                              struct test_profiles *tp)
{
    const struct profile *forced;
    int code = cli_load_profiles(opt, &tp->set, &forced);
    if (code != 0)
        return code;
    tp->rulesets = calloc(profile_set_count(tp->set) + 1, sizeof *tp->rulesets);
    if (tp->rulesets == NULL)
        return EXIT_ENGINE;
    for (size_t i = 0; i < profile_set_count(tp->set); i++) {
        code = cli_load_ruleset_for(opt, profile_set_at(tp->set, i), &tp->rulesets[i]);
        if (code != 0)
            return code;
        if (ruletest_add_rules(rt, tp->rulesets[i]) != 0) {
            cli_error("out of memory");
            return EXIT_ENGINE;
        }
    }
    ruletest_set_profiles(rt, resolve_profile, tp);
    return 0;
}

static void free_test_profiles(struct test_profiles *tp)
{
    for (size_t i = 0; tp->rulesets != NULL && i < profile_set_count(tp->set); i++)
        ruleset_free(tp->rulesets[i]);
    free(tp->rulesets);
}

int cmd_test(int argc, char **argv)
{
    struct cli_options opt;
    struct ruleset *rs = NULL;
    struct ruletest *rt = NULL;
    struct admit_error err;
    struct admit_paths defaults;
    char schema[1200];
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    code = cli_load_ruleset(&opt, &rs);
    if (code != 0)
        return code;
    paths_default(&defaults);
    snprintf(schema, sizeof schema, "%s/rule-test.schema.json", defaults.schemas);
    struct eval_options eopt = {opt.as_of, cli_today(), i18n_lang(), sandbox_default_limits, NULL, 0};
    admit_error_clear(&err);
    if (ruletest_new(rs, &eopt, schema, &rt, &err) != ADMIT_OK) {
        cli_print_error(&err);
        ruleset_free(rs);
        return EXIT_ENGINE;
    }
    struct test_profiles tp = {NULL, NULL};
    code = load_test_profiles(&opt, rt, &tp);
    if (code != 0) {
        free_test_profiles(&tp);
        ruletest_free(rt);
        ruleset_free(rs);
        return code;
    }
    struct strbuf report;
    strbuf_init(&report);
    char tests_dir[1200];
    if (opt.arg_count == 0)
        run_path(rt, default_tests(&defaults, tests_dir, sizeof tests_dir), &report, 0);
    for (int i = 0; i < opt.arg_count; i++)
        run_path(rt, opt.args[i], &report, 0);
    if (cli_out_of_memory()) {   /* before the coverage state is written from it */
        strbuf_release(&report);
        ruletest_free(rt);
        ruleset_free(rs);
        return EXIT_ENGINE;
    }
    if (opt.coverage_state != NULL &&
        ruletest_merge_state(rt, opt.coverage_state, &err) != ADMIT_OK) {
        cli_print_error(&err);
        code = EXIT_INPUT;
    }
    if (opt.coverage_state != NULL && code == 0 &&
        ruletest_save_state(rt, opt.coverage_state, &err) != ADMIT_OK) {
        cli_print_error(&err);
        code = EXIT_INPUT;
    }
    double coverage = ruletest_summary(rt, &report);
    size_t passed, failed;
    ruletest_totals(rt, &passed, &failed);
    /* A case that ran out of memory would read as failed (or a report line
     * be missing): the run proves nothing, and nothing is printed. */
    if (cli_out_of_memory()) {
        strbuf_release(&report);
        ruletest_free(rt);
        ruleset_free(rs);
        return EXIT_ENGINE;
    }
    int low = opt.coverage_min >= 0 && coverage + 1e-9 < opt.coverage_min;
    if (low)
        strbuf_addf(&report, TR("Độ phủ %.1f%% thấp hơn mức tối thiểu %.1f%%\n",
                                "Coverage %.1f%% is below the minimum %.1f%%\n"),
                    coverage, opt.coverage_min);
    if (opt.format == FORMAT_JSON) {
        int json_code = print_json(passed, failed, coverage, opt.coverage_min, report.buf);
        code = code != 0 ? code : json_code;
    } else {
        fputs(report.buf, stdout);
        printf("%zu passed, %zu failed\n", passed, failed);
    }
    strbuf_release(&report);
    ruletest_free(rt);
    free_test_profiles(&tp);
    ruleset_free(rs);
    return code != 0 ? code : failed > 0 || low ? EXIT_NOT_ELIGIBLE : 0;
}
