/*
 * cmd_audit.c - `admit audit INPUT... --out DIR`: many dossiers in one run
 * (docs/audit.md).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit_hooks.h"
#include "audit_output.h"
#include "audit_run.h"
#include "check_run.h"
#include "cli.h"
#include "paths.h"
#include "profile_load.h"

/* A -j above this is a typo rather than a machine (cli.c checks 1 to 256). */
#define AUDIT_MAX_THREADS 256

static const struct cli_option_use options[] = {
    {CLI_OPT_OUT, NULL, NULL},
    {CLI_OPT_JOBS, NULL, NULL},
    {CLI_OPT_FULL, NULL, NULL},
    {CLI_OPT_RESUME, NULL, NULL},
    {CLI_OPT_FORCE, NULL, NULL},
    {CLI_OPT_PROGRESS, NULL, NULL},
    {CLI_OPT_PLAN, NULL, NULL},
    {CLI_OPT_COMPARE_PROFILE, NULL, NULL},
    {CLI_OPT_AS_OF, "ngày đánh giá YYYY-MM-DD (mặc định: as_of của từng hồ sơ, hoặc hôm nay)",
     "evaluation date YYYY-MM-DD (default: each dossier's as_of, or today)"},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_RULES, NULL, NULL},
    {CLI_OPT_PLUGINS, NULL, NULL},
    {CLI_OPT_PROFILE, NULL, NULL},
    {CLI_OPT_PROFILES, NULL, NULL},
    {CLI_OPT_TRUST, NULL, NULL},
    {CLI_OPT_REQUIRE_SIGNED, NULL, NULL},
    {CLI_OPT_REGISTRY, NULL, NULL},
    {CLI_OPT_HOLIDAYS, NULL, NULL},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "audit",
    "admit audit [tùy chọn] ĐẦU_VÀO... --out THƯ_MỤC",
    "admit audit [options] INPUT... --out DIR",
    "Kiểm tra hàng loạt hồ sơ (rà soát của ban tổ chức): results.jsonl có kết quả từng\n"
    "hồ sơ theo thứ tự đầu vào, summary.json có các số liệu tổng hợp. ĐẦU_VÀO: tệp\n"
    ".jsonl/.ndjson (mỗi dòng một hồ sơ; - là đầu vào chuẩn), thư mục các tệp .json\n"
    "(đệ quy), hoặc cơ sở dữ liệu SQLite có bảng dossiers(id, json).",
    "Evaluates many dossiers in one run (an organisation department's audit):\n"
    "results.jsonl holds one result per dossier in input order, summary.json the\n"
    "figures. INPUT: a .jsonl/.ndjson file (one dossier a line; - reads standard\n"
    "input), a folder of .json files (recursively), or a SQLite database with a\n"
    "table dossiers(id, json).",
    NULL, options,
    "Mã thoát: 0 chạy xong, mọi bản ghi đều có dòng kết quả; 2 sai cách dùng; 3 lỗi bộ\n"
    "máy (một hồ sơ có kết quả error) hoặc lỗi đọc, ghi. Xem docs/audit.md.",
    "Exit codes: 0 the run completed, every record has its line; 2 usage error;\n"
    "3 engine failure (a dossier with the verdict error) or a read or write error.\n"
    "See docs/audit.md.",
};

/* -- progress --------------------------------------------------------------- */

struct progress {
    struct timespec start;
    double last;             /* seconds since start of the last update */
    int shown;
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void format_duration(char *buf, size_t size, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

/* At most ten updates a second, and the last one always; on stderr. */
static void show_progress(void *userdata, long long done, long long total, long long bytes_done,
                          long long bytes_total, int last)
{
    struct progress *p = userdata;
    double t = seconds_since(&p->start);
    if (!last && p->shown && t - p->last < 0.1)
        return;
    p->last = t;
    p->shown = 1;
    double rate = t > 0 ? (double)done / t : 0;
    double fraction = total > 0 ? (double)done / (double)total
                      : bytes_total > 0 ? (double)bytes_done / (double)bytes_total : -1;
    char line[160], left[32] = "";
    int n = total >= 0 ? snprintf(line, sizeof line, TR("%lld/%lld bản ghi", "%lld/%lld records"),
                                  done, total)
                       : snprintf(line, sizeof line, TR("%lld bản ghi", "%lld records"), done);
    if (total < 0 && fraction >= 0 && n > 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, " (%.0f%%)", fraction * 100);
    if (n > 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, TR("  %.0f/giây", "  %.0f/s"), rate);
    if (!last && fraction > 0 && fraction < 1 && n > 0 && (size_t)n < sizeof line) {
        format_duration(left, sizeof left, t / fraction - t);
        snprintf(line + n, sizeof line - (size_t)n, TR("  còn %s", "  %s left"), left);
    }
    fprintf(stderr, "\r%-60s%s", line, last ? "\n" : "");
    fflush(stderr);
}

/* -- after the records: quotas, summary, reports ---------------------------- */

/*
 * Everything beside results.jsonl and summary.json goes through audit_hooks
 * (docs/audit-reports.md): the quotas of --plan and the three reports.  Each
 * record's row is taken here, in input order (audit_config.on_record), and
 * the quota figures go into the summary before it is written.
 */
static enum admit_status record_hook(void *userdata, const char *input, const cJSON *dossier,
                                     const struct audit_line *line, struct admit_error *err)
{
    return audit_hooks_record(userdata, input, dossier, line, err);
}

static int write_summary(const char *dir, cJSON *summary)
{
    struct admit_error err;
    char *text = cJSON_Print(summary);
    if (text == NULL) {
        cli_error("%s/%s: out of memory", dir, AUDIT_SUMMARY_NAME);
        return EXIT_ENGINE;
    }
    size_t len = strlen(text);
    char *with_newline = realloc(text, len + 2);
    if (with_newline == NULL) {
        free(text);
        cli_error("%s/%s: out of memory", dir, AUDIT_SUMMARY_NAME);
        return EXIT_ENGINE;
    }
    with_newline[len] = '\n';
    with_newline[len + 1] = '\0';
    enum admit_status status =
        audit_output_write_file(dir, AUDIT_SUMMARY_NAME, with_newline, len + 1, &err);
    free(with_newline);
    if (status != ADMIT_OK) {
        cli_print_error(&err);
        return EXIT_ENGINE;
    }
    return 0;
}

/* Replace the summary's "run" object: when, how long, how many threads. */
static void set_run(cJSON *summary, time_t started, double seconds, int threads,
                    long long records)
{
    char when[32];
    struct tm tm;
    cJSON *run = cJSON_CreateObject();
    gmtime_r(&started, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (run == NULL)
        return;
    cJSON_AddStringToObject(run, "started", when);
    cJSON_AddNumberToObject(run, "seconds", (double)(long long)(seconds * 1000 + 0.5) / 1000);
    cJSON_AddNumberToObject(run, "threads", threads);
    cJSON_AddNumberToObject(run, "records_per_second",
                            seconds > 0 ? (double)(long long)((double)records / seconds + 0.5)
                                        : (double)records);
    cJSON_ReplaceItemInObjectCaseSensitive(summary, "run", run);
}

static int exit_code_of_status(enum admit_status status)
{
    return status == ADMIT_EUSAGE || status == ADMIT_EINPUT ? EXIT_INPUT : EXIT_ENGINE;
}

int cmd_audit(int argc, char **argv)
{
    struct cli_options opt;
    struct cli_run *runs = NULL;
    struct audit_hooks *hooks = NULL;
    cJSON *summary = NULL;
    int loaded = 0, code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count == 0 || opt.out_dir == NULL) {
        cli_error("%s", opt.arg_count == 0
                            ? TR("audit: cần ít nhất một đầu vào (xem admit audit --help)",
                                 "audit: at least one input is needed (see admit audit --help)")
                            : TR("audit: cần --out THƯ_MỤC", "audit: --out DIR is required"));
        return EXIT_INPUT;
    }
    if (opt.resume && opt.force) {
        cli_error("%s", TR("audit: --resume và --force loại trừ nhau",
                           "audit: --resume and --force exclude each other"));
        return EXIT_INPUT;
    }
    int threads = opt.jobs;
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus < 1 ? 1 : cpus > AUDIT_MAX_THREADS ? AUDIT_MAX_THREADS : (int)cpus;
    }

    struct admit_error err;
    admit_error_clear(&err);
    if (audit_output_prepare(opt.out_dir, opt.force, opt.resume, &err) != ADMIT_OK) {
        cli_print_error(&err);
        return exit_code_of_status(err.status);
    }
    /* One run per worker: each has its own Lua states, with every profile's
     * chain (eager: no worker ever loads).  All are loaded before the first
     * record, and must be the same rulebook. */
    runs = calloc((size_t)threads, sizeof *runs);
    if (runs == NULL) {
        cli_error("out of memory");
        return EXIT_ENGINE;
    }
    for (; loaded < threads; loaded++) {
        /* the first loads the rule set, the others copy it (cli_run_copy) */
        code = loaded == 0 ? cli_run_open(&runs[0], &opt, 1) : cli_run_copy(&runs[loaded], &runs[0]);
        if (code != 0)
            goto done;
        if (strcmp(ruleset_digest(runs[loaded].main), ruleset_digest(runs[0].main)) != 0) {
            cli_error("%s", TR("audit: bộ quy tắc thay đổi trong khi nạp",
                               "audit: the rulebook changed while it was loaded"));
            loaded++;
            code = EXIT_ENGINE;
            goto done;
        }
    }

    /* The proposed profile must exist before the first record. */
    if (opt.compare_profile != NULL && cli_run_profile(&runs[0], opt.compare_profile, &code) == NULL) {
        if (code == EXIT_INPUT)
            cli_error(TR("audit: --compare-profile: không có hồ sơ cấp ủy (profile) \"%s\"",
                         "audit: --compare-profile: unknown profile \"%s\""),
                      opt.compare_profile);
        goto done;
    }
    /* The plan is checked, and the reports opened, before the first record. */
    struct admit_paths paths;
    paths_default(&paths);
    struct audit_report_options report_opt = {i18n_lang(), 1, 1, 1};
    admit_day run_day = opt.as_of != OUTCOME_NO_DAY ? opt.as_of : cli_today();
    if (audit_hooks_open(opt.out_dir, opt.plan, paths.schemas, run_day, &report_opt, &hooks,
                         &err) != ADMIT_OK) {
        cli_print_error(&err);
        code = exit_code_of_status(err.status);
        goto done;
    }

    const char *profile[PROFILE_CHAIN_MAX + 1];
    char engine[64];
    snprintf(engine, sizeof engine, "admit %s", ADMIT_VERSION);
    struct report_context rctx = {.engine = engine};
    check_run_context(&rctx, runs[0].main, profile);
    struct progress progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    int show = opt.progress > 0 || (opt.progress == 0 && isatty(STDERR_FILENO));
    struct audit_config cfg = {opt.args, (size_t)opt.arg_count, opt.out_dir, threads, runs, &rctx,
                               opt.full, opt.compare_profile, opt.resume, opt.as_of, cli_today(), i18n_lang(),
                               show ? show_progress : NULL, &progress,
                               record_hook, hooks};
    struct audit_totals totals;
    time_t started = time(NULL);
    enum admit_status status = audit_run(&cfg, &summary, &totals, &err);
    if (status != ADMIT_OK) {
        if (progress.shown)   /* end the progress line before the error */
            fputc('\n', stderr);
        cli_print_error(&err);
        code = exit_code_of_status(status);
        goto done;
    }
    set_run(summary, started, seconds_since(&progress.start), threads, totals.records);
    if (audit_hooks_finish(hooks, summary, &err) != ADMIT_OK) {   /* quotas, then reports */
        cli_print_error(&err);
        code = exit_code_of_status(err.status);
        goto done;
    }
    code = write_summary(opt.out_dir, summary);
    if (code == 0 && totals.engine_errors > 0) {
        cli_error(TR("audit: %lld hồ sơ gặp lỗi bộ máy (kết quả \"error\")",
                     "audit: %lld dossiers met an engine failure (verdict \"error\")"),
                  totals.engine_errors);
        code = EXIT_ENGINE;
    }
done:
    audit_hooks_free(hooks);
    cJSON_Delete(summary);
    for (int i = loaded; i-- > 0;)   /* plugins are freed in reverse order of loading */
        cli_run_close(&runs[i]);
    free(runs);
    return code;
}
