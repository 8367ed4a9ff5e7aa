/*
 * cmd_audit.c - `admit audit INPUT... --out DIR`: many dossiers in one run
 * (docs/audit.md).  The options of the audit alone are taken out here; the
 * rest are the common ones (cli_parse).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit_output.h"
#include "audit_run.h"
#include "cli.h"

/* A -j above this is a typo rather than a machine. */
#define AUDIT_MAX_THREADS 256

enum progress_mode { PROGRESS_AUTO, PROGRESS_ALWAYS, PROGRESS_NEVER };

struct audit_options {
    const char *out;
    int threads;              /* 0: the number of CPUs */
    int full, resume, force;
    enum progress_mode progress;
    const char *plan;
};

static void usage(void)
{
    fputs(TR("Cách dùng: admit audit [tùy chọn] ĐẦU_VÀO... --out THƯ_MỤC\n"
             "Kiểm tra hàng loạt hồ sơ (rà soát của ban tổ chức): kết quả từng hồ sơ và tổng hợp.\n\n"
             "ĐẦU_VÀO: tệp .jsonl/.ndjson (mỗi dòng một hồ sơ; - là đầu vào chuẩn), thư mục các tệp\n"
             ".json (đệ quy), hoặc cơ sở dữ liệu SQLite có bảng dossiers(id, json).\n\n"
             "  --out THƯ_MỤC       nơi ghi results.jsonl và summary.json (bắt buộc)\n"
             "  -j, --jobs N        số luồng (mặc định: số CPU)\n"
             "  --full              giữ đầy đủ mọi trường của mọi tiêu chí\n"
             "  --resume            chạy tiếp một lần chạy bị ngắt\n"
             "  --force             ghi đè thư mục kết quả không trống\n"
             "  --progress auto|always|never   tiến độ trên stderr (mặc định: khi là terminal)\n"
             "  --as-of NGÀY  --lang vi|en  --rules THƯ_MỤC  --plugins THƯ_MỤC|none\n"
             "  --profile ID  --registry TỆP  --holidays THƯ_MỤC|none\n\n"
             "Mã thoát: 0 chạy xong, mọi bản ghi đều có kết quả; 2 sai cách dùng; 3 lỗi bộ máy\n"
             "hoặc lỗi ghi.  Xem docs/audit.md.\n",
             "Usage: admit audit [options] INPUT... --out DIR\n"
             "Evaluates many dossiers in one run (an organisation department's audit): one result\n"
             "per dossier and the summary figures.\n\n"
             "INPUT: a .jsonl/.ndjson file (one dossier a line; - reads standard input), a folder\n"
             "of .json files (recursively), or a SQLite database with a table dossiers(id, json).\n\n"
             "  --out DIR           where results.jsonl and summary.json go (required)\n"
             "  -j, --jobs N        worker threads (default: the number of CPUs)\n"
             "  --full              keep every member of every rule result\n"
             "  --resume            continue an interrupted run\n"
             "  --force             overwrite a non-empty output folder\n"
             "  --progress auto|always|never   progress on stderr (default: on a terminal)\n"
             "  --as-of DATE  --lang vi|en  --rules DIR  --plugins DIR|none\n"
             "  --profile ID  --registry DB  --holidays DIR|none\n\n"
             "Exit codes: 0 the run completed, every record has its line; 2 usage error;\n"
             "3 engine failure or write error.  See docs/audit.md.\n"),
          stdout);
}

/* The value of option `name` at argv[*i] ("--name V", "--name=V", and for
 * a short `letter` "-j V", "-jV"); NULL when argv[*i] is not that option.
 * *i moves past a separate value; *missing is set when it is absent. */
static const char *option_value(int argc, char **argv, int *i, const char *name, char letter,
                                int *missing)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, name, n) == 0) {
        if (a[2 + n] == '=')
            return a + 3 + n;
        if (a[2 + n] != '\0')
            return NULL;
    } else if (letter && a[0] == '-' && a[1] == letter) {
        if (a[2] != '\0')
            return a + 2;
    } else {
        return NULL;
    }
    if (*i + 1 >= argc) {
        *missing = 1;
        return a;
    }
    return argv[++*i];
}

/*
 * Take the audit's own options out of argv (kept in place, *argc shrunk)
 * into *aopt.  Returns 0, or EXIT_INPUT after printing the error.
 */
static int take_audit_options(int *argc, char **argv, struct audit_options *aopt)
{
    int out = 1;
    memset(aopt, 0, sizeof *aopt);
    for (int i = 1; i < *argc; i++) {
        int missing = 0;
        const char *a = argv[i], *v;
        if (strcmp(a, "--") == 0) {   /* the rest are inputs */
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(a, "--full") == 0) {
            aopt->full = 1;
        } else if (strcmp(a, "--resume") == 0) {
            aopt->resume = 1;
        } else if (strcmp(a, "--force") == 0) {
            aopt->force = 1;
        } else if (strncmp(a, "--compare-profile", 17) == 0) {
            cli_error("%s", TR("audit: --compare-profile chưa có: các hồ sơ quy định (profile) "
                               "của cấp ủy chưa được xây dựng",
                               "audit: --compare-profile is not available: committee profiles "
                               "are not built yet"));
            return EXIT_INPUT;
        } else if ((v = option_value(*argc, argv, &i, "out", 0, &missing)) != NULL) {
            if (missing)
                goto no_value;
            aopt->out = v;
        } else if ((v = option_value(*argc, argv, &i, "plan", 0, &missing)) != NULL) {
            if (missing)
                goto no_value;
            aopt->plan = v;
        } else if ((v = option_value(*argc, argv, &i, "jobs", 'j', &missing)) != NULL) {
            char *end;
            if (missing)
                goto no_value;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (errno != 0 || *end != '\0' || end == v || n < 1 || n > AUDIT_MAX_THREADS) {
                cli_error(TR("audit: giá trị không hợp lệ \"%s\" cho --jobs (1 đến %d)",
                             "audit: invalid value \"%s\" for --jobs (1 to %d)"), v,
                          AUDIT_MAX_THREADS);
                return EXIT_INPUT;
            }
            aopt->threads = (int)n;
        } else if ((v = option_value(*argc, argv, &i, "progress", 0, &missing)) != NULL) {
            if (missing)
                goto no_value;
            if (strcmp(v, "auto") == 0)
                aopt->progress = PROGRESS_AUTO;
            else if (strcmp(v, "always") == 0)
                aopt->progress = PROGRESS_ALWAYS;
            else if (strcmp(v, "never") == 0)
                aopt->progress = PROGRESS_NEVER;
            else {
                cli_error(TR("audit: giá trị không hợp lệ \"%s\" cho --progress",
                             "audit: invalid value \"%s\" for --progress"), v);
                return EXIT_INPUT;
            }
        } else {
            argv[out++] = argv[i];
        }
        continue;
no_value:
        cli_error(TR("audit: tùy chọn \"%s\" cần một giá trị", "audit: option \"%s\" needs a value"),
                  a);
        return EXIT_INPUT;
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

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
 * The hooks of the reports (docs/audit.md: quotas, report.html, report.csv,
 * report.xlsx), all in this one place: the quota figures go into the
 * summary tree's "quotas" before it is written, the reports are written from
 * the finished summary.  Their modules (audit_quota.c, audit_report.c) come
 * from another branch; until they are merged, --plan is refused (see
 * cmd_audit) and no report is written.  Returns 0, or an exit code after
 * printing the error.
 */
static int run_report_hooks(const char *out_dir, cJSON *summary, const char *plan)
{
    (void)out_dir, (void)summary, (void)plan;
    return 0;
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
    struct audit_options aopt;
    struct cli_options opt;
    struct ruleset **rulesets = NULL;
    cJSON *summary = NULL;
    int loaded = 0, code = take_audit_options(&argc, argv, &aopt);
    if (code != 0)
        return code;
    code = cli_start("audit", argc, argv, &opt, usage);
    if (code >= 0)
        return code;
    if (opt.arg_count == 0 || aopt.out == NULL) {
        cli_error("%s", opt.arg_count == 0
                            ? TR("audit: cần ít nhất một đầu vào (xem admit audit --help)",
                                 "audit: at least one input is needed (see admit audit --help)")
                            : TR("audit: cần --out THƯ_MỤC", "audit: --out DIR is required"));
        return EXIT_INPUT;
    }
    if (aopt.plan != NULL) {
        cli_error("%s", TR("audit: --plan (chỉ tiêu kết nạp) chưa có trong bản này",
                           "audit: --plan (admission quotas) is not available in this build"));
        return EXIT_INPUT;
    }
    if (aopt.resume && aopt.force) {
        cli_error("%s", TR("audit: --resume và --force loại trừ nhau",
                           "audit: --resume and --force exclude each other"));
        return EXIT_INPUT;
    }
    int threads = aopt.threads;
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus < 1 ? 1 : cpus > AUDIT_MAX_THREADS ? AUDIT_MAX_THREADS : (int)cpus;
    }

    struct admit_error err;
    admit_error_clear(&err);
    if (audit_output_prepare(aopt.out, aopt.force, aopt.resume, &err) != ADMIT_OK) {
        cli_print_error(&err);
        return exit_code_of_status(err.status);
    }
    /* One ruleset per worker: each has its own Lua state.  All are loaded
     * before the first record, and must be the same rulebook. */
    rulesets = calloc((size_t)threads, sizeof *rulesets);
    if (rulesets == NULL) {
        cli_error("out of memory");
        return EXIT_ENGINE;
    }
    for (; loaded < threads; loaded++) {
        code = cli_load_ruleset(&opt, &rulesets[loaded]);
        if (code != 0)
            goto done;
        if (strcmp(ruleset_digest(rulesets[loaded]), ruleset_digest(rulesets[0])) != 0) {
            cli_error("%s", TR("audit: bộ quy tắc thay đổi trong khi nạp",
                               "audit: the rulebook changed while it was loaded"));
            loaded++;
            code = EXIT_ENGINE;
            goto done;
        }
    }

    const char *profile[] = {"central"};
    char engine[64];
    snprintf(engine, sizeof engine, "admit %s", ADMIT_VERSION);
    struct report_context rctx = {engine, ruleset_digest(rulesets[0]), profile, 1,
                                  ruleset_plugins(rulesets[0])};
    struct progress progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    int show = aopt.progress == PROGRESS_ALWAYS ||
               (aopt.progress == PROGRESS_AUTO && isatty(STDERR_FILENO));
    struct audit_config cfg = {opt.args, (size_t)opt.arg_count, aopt.out, threads, rulesets, &rctx,
                               aopt.full, aopt.resume, opt.as_of, cli_today(), i18n_lang(),
                               show ? show_progress : NULL, &progress};
    struct audit_totals totals;
    time_t started = time(NULL);
    enum admit_status status = audit_run(&cfg, &summary, &totals, &err);
    if (status != ADMIT_OK) {
        cli_print_error(&err);
        code = exit_code_of_status(status);
        goto done;
    }
    set_run(summary, started, seconds_since(&progress.start), threads, totals.records);
    code = run_report_hooks(aopt.out, summary, aopt.plan);
    if (code == 0)
        code = write_summary(aopt.out, summary);
    if (code == 0 && totals.engine_errors > 0) {
        cli_error(TR("audit: %lld hồ sơ gặp lỗi bộ máy (kết quả \"error\")",
                     "audit: %lld dossiers met an engine failure (verdict \"error\")"),
                  totals.engine_errors);
        code = EXIT_ENGINE;
    }
done:
    cJSON_Delete(summary);
    for (int i = 0; i < loaded; i++)
        ruleset_free(rulesets[i]);
    free(rulesets);
    return code;
}
