/* cmd_test.c - `admit test [PATH...]`: run rule test files and report. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "profile_load.h"
#include "paths.h"
#include "ruletest.h"

static void usage(void)
{
    fputs(TR("Cách dùng: admit test [tùy chọn] [ĐƯỜNG_DẪN...]\n"
             "Chạy các tệp kiểm thử quy tắc (mặc định: tests/rules) và báo cáo độ phủ.\n\n"
             "  --coverage-min N     thất bại khi độ phủ dưới N phần trăm\n"
             "  --coverage-state TỆP  cộng dồn độ phủ qua nhiều lần chạy (vd. có và không có --registry)\n"
             "  --rules THƯ_MỤC      bộ quy tắc được kiểm thử\n"
             "  --registry TỆP       sổ đảng viên, cho các ca cần đến nó\n"
             "  --lang vi|en, --as-of NGÀY, --plugins THƯ_MỤC|none\n",
             "Usage: admit test [options] [PATH...]\n"
             "Runs rule test files (default: tests/rules) and reports coverage.\n\n"
             "  --coverage-min N     fail when coverage is below N percent\n"
             "  --coverage-state FILE  add up coverage over several runs (e.g. with and without --registry)\n"
             "  --rules DIR          the rulebook under test\n"
             "  --registry DB        member registry, for the cases that need one\n"
             "  --lang vi|en, --as-of DATE, --plugins DIR|none\n"),
          stdout);
}

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
                if (grown == NULL)
                    break;
                names = grown;
            }
            if ((names[n] = strdup(child)) != NULL)
                n++;
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
    int code = cli_start("test", argc, argv, &opt, usage);
    if (code >= 0)
        return code;
    code = cli_load_ruleset(&opt, &rs);
    if (code != 0)
        return code;
    paths_default(&defaults);
    snprintf(schema, sizeof schema, "%s/rule-test.schema.json", defaults.schemas);
    struct eval_options eopt = {opt.as_of, cli_today(), i18n_lang(), sandbox_default_limits, NULL};
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
    if (opt.arg_count == 0)
        run_path(rt, "tests/rules", &report, 0);
    for (int i = 0; i < opt.arg_count; i++)
        run_path(rt, opt.args[i], &report, 0);
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
    fputs(report.buf, stdout);
    strbuf_release(&report);
    int low = opt.coverage_min >= 0 && coverage + 1e-9 < opt.coverage_min;
    if (low)
        printf(TR("Độ phủ %.1f%% thấp hơn mức tối thiểu %.1f%%\n",
                  "Coverage %.1f%% is below the minimum %.1f%%\n"),
               coverage, opt.coverage_min);
    printf("%zu passed, %zu failed\n", passed, failed);
    ruletest_free(rt);
    free_test_profiles(&tp);
    ruleset_free(rs);
    return code != 0 ? code : failed > 0 || low ? EXIT_NOT_ELIGIBLE : 0;
}
