/* cmd_check.c - `admit check FILE...`: evaluate dossiers and report. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "check_run.h"
#include "json_print.h"
#include "profile_load.h"
#include "cli.h"
#include "dossier.h"
#include "eval.h"
#include "input.h"
#include "report_html.h"
#include "report_json.h"
#include "report_text.h"
#include "validate_report.h"
#include "verdict_tally.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_FORMAT, "dạng báo cáo: text (cho người đọc), json (một kết quả, hoặc một mảng khi có "
                     "nhiều tệp), jsonl (mỗi kết quả một dòng), html (trang để in)",
     "report format: text (for people), json (one result, or an array for several files), "
     "jsonl (one result per line), html (a page to print)"},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_AS_OF, NULL, NULL},
    {CLI_OPT_VERBOSE, NULL, NULL},
    {CLI_OPT_COLOR, NULL, NULL},
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
    "check",
    "admit check [tùy chọn] TỆP...   (- để đọc từ đầu vào chuẩn)",
    "admit check [options] FILE...   (- reads standard input)",
    "Kiểm tra hồ sơ theo quy định và cho biết từng tiêu chí đạt hay không, vì sao.",
    "Checks dossiers against the rulebook and says, per criterion, pass or fail and why.",
    "text,json,jsonl,html", options,
    "Mã thoát: 0 đủ điều kiện, 1 không đủ hoặc thiếu hồ sơ, 2 dữ liệu sai, 3 lỗi bộ máy.",
    "Exit codes: 0 eligible, 1 not eligible or incomplete, 2 invalid input, 3 engine failure.",
};

/* Evaluate one input into a result (an input-error result when it cannot be);
 * *report gets every input error of the dossier (release it); *used the
 * ruleset that evaluated it; NULL with *code set when a profile's rules do
 * not load (printed), else NULL when out of memory. */
static struct result *check_one(struct cli_run *run, struct alloc_arena *arena, const char *path,
                                const struct eval_options *eopt, char **candidate,
                                struct dossier_report *report, struct ruleset **used, int *code)
{
    const char *name = input_display_name(path);
    struct admit_error err;
    struct result *r = NULL;
    char *text = NULL;
    size_t len = 0;

    admit_error_clear(&err);
    *candidate = NULL;
    memset(report, 0, sizeof *report);
    *used = run->main;
    *code = 0;
    if (input_read(path, DOSSIER_MAX_BYTES, &text, &len, &err) == ADMIT_OK)
        r = check_run_text(run, NULL, arena, name, text, len, eopt, candidate, report, used, code);
    else if (err.status == ADMIT_ENOMEM)
        r = NULL;   /* not the input's fault: the caller says "out of memory" */
    else
        r = result_new_input_error(name, NULL, err.path, err.message);
    free(text);
    return r;
}

/*
 * Append one dossier to the printed page on stdout (docs/report-html.md):
 * several files make one page, one sheet per dossier.  An input error is a
 * sheet of the page too (the caller puts its errors on stderr, as the page
 * usually goes to a file the secretary opens later).  Returns 0, or EXIT_ENGINE when out of
 * memory.
 */
static int write_html(const struct result *r, const struct report_context *rctx,
                      const char *candidate, const struct report_html_options *hopt)
{
    struct strbuf out;
    strbuf_init(&out);
    int failed = report_html_result(&out, r, rctx, candidate, hopt) != 0;
    if (failed)
        cli_error("%s: out of memory", r->input);
    else
        fputs(out.buf, stdout);
    strbuf_release(&out);
    return failed ? EXIT_ENGINE : 0;
}

int cmd_check(int argc, char **argv)
{
    struct cli_options opt;
    struct cli_run run;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count == 0) {
        cli_error("%s", TR("check: cần ít nhất một tệp hồ sơ (xem admit check --help)",
                           "check: at least one dossier file is needed (see admit check --help)"));
        return EXIT_INPUT;
    }
    code = cli_run_open(&run, &opt, 0);
    if (code != 0)
        return code;

    const char *profile[PROFILE_CHAIN_MAX + 1];
    char engine[64];
    snprintf(engine, sizeof engine, "admit %s", ADMIT_VERSION);
    struct report_context rctx = {.engine = engine};
    /* The text report without -v shows no message, facts or citation of
     * what passes or does not apply, only their counts: those entries are
     * evaluated as for a brief result, which makes none of the three
     * (eval.h; the same outcome, the same errors). */
    int brief = opt.format == FORMAT_TEXT && !opt.verbose;
    struct eval_options eopt = {opt.as_of, cli_today(), i18n_lang(), sandbox_default_limits, NULL,
                                brief};
    /* Several results form a JSON array, written one result at a time so
     * that a long list never sits in memory whole. */
    int as_array = opt.format == FORMAT_JSON && opt.arg_count > 1;
    int worst = 0;
    int oom = 0;          /* out of memory: nothing more is printed (exit 3) */
    int json_items = 0;   /* results of the JSON array written so far */
    struct report_html_options hopt = {i18n_lang(), opt.holidays, time(NULL)};
    int html_open = 0;   /* the page's head is written with the first result */
    struct verdict_tally tally;
    int printed = 0;   /* text reports printed so far */
    verdict_tally_init(&tally);
    /* Each dossier's tree, and the tree of a JSON answer to an input error
     * (the others are written without one: report_json_text), in one arena
     * begun again for the next dossier once this one is printed
     * (docs/performance.md, changes 63 and 66): a dossier's tree is a
     * thousand small blocks made and done with at once. */
    struct alloc_arena arena = ALLOC_ARENA_INIT;

    for (int i = 0; i < opt.arg_count; i++) {
        char *candidate = NULL;
        struct dossier_report report;
        struct ruleset *used;
        int load_code;
        struct result *r = check_one(&run, &arena, opt.args[i], &eopt, &candidate, &report, &used,
                                     &load_code);
        if (r == NULL || cli_out_of_memory()) {
            if (r == NULL && load_code == 0)
                cli_error("%s", TR("hết bộ nhớ", "out of memory"));
            result_free(r);
            free(candidate);
            dossier_report_release(&report);
            worst = load_code != 0 ? load_code : EXIT_ENGINE;
            oom = load_code == 0;
            break;
        }
        check_run_context(&rctx, used, profile);
        int rc = result_exit_code(r);
        worst = rc > worst ? rc : worst;
        verdict_tally_add(&tally, r);
        if (opt.format == FORMAT_JSONL) {   /* one compact result per line */
            char *s = report_json_text(r, &rctx, 0, 0);
            if (s == NULL || cli_out_of_memory()) {   /* never drop a result silently */
                if (s == NULL)
                    cli_error("%s: %s", opt.args[i], TR("hết bộ nhớ", "out of memory"));
                oom = 1;
            } else {
                puts(s);
            }
            free(s);
        } else if (opt.format == FORMAT_TEXT && r->input_error) {
            cli_input_errors(r->input, r->error_path, r->error_message, &report);
        } else if (opt.format == FORMAT_JSON) {
            alloc_arena_continue(&arena);
            char *s = check_run_json(r, &rctx, &report);
            alloc_arena_end();
            /* never drop a result, or a member of one, silently */
            if (s == NULL || cli_out_of_memory()) {
                if (s == NULL)
                    cli_error("%s: %s", opt.args[i], TR("hết bộ nhớ", "out of memory"));
                oom = 1;
            } else {
                fputs(as_array ? (json_items++ ? ",\n" : "[\n") : "", stdout);
                fputs(s, stdout);
                fputs(as_array ? "" : "\n", stdout);
            }
            free(s);
        } else if (opt.format == FORMAT_HTML) {
            if (!html_open) {
                struct strbuf head;
                strbuf_init(&head);
                report_html_begin(&head, opt.arg_count == 1 ? r->dossier : NULL, &hopt);
                fputs(head.buf, stdout);
                strbuf_release(&head);
                html_open = 1;
            }
            if (r->input_error)   /* a sheet of the page, and the errors on stderr */
                cli_input_errors(r->input, r->error_path, r->error_message, &report);
            rc = write_html(r, &rctx, candidate, &hopt);
            worst = rc > worst ? rc : worst;
            oom = rc == EXIT_ENGINE || cli_out_of_memory();
        } else {
            struct strbuf out;
            struct report_text_options topt = {opt.verbose, opt.color, i18n_lang(), candidate};
            strbuf_init(&out);
            if (printed > 0)
                strbuf_puts(&out, "\n────────────────────────────────────────\n\n");
            report_text(&out, r, &topt);
            if (cli_out_of_memory()) {
                oom = 1;
            } else {
                fputs(out.buf, stdout);
                printed++;
            }
            strbuf_release(&out);
        }
        free(candidate);
        dossier_report_release(&report);
        result_free(r);
        if (oom) {   /* the next results would be refused too */
            worst = EXIT_ENGINE;
            break;
        }
        if (cli_output_failed()) {   /* main reports it; the other files would be lost too */
            worst = EXIT_ENGINE;
            break;
        }
    }
    alloc_arena_release(&arena);
    if (as_array && json_items > 0)
        fputs("\n]\n", stdout);
    if (html_open && !oom) {
        struct strbuf tail;
        strbuf_init(&tail);
        report_html_end(&tail);
        fputs(tail.buf, stdout);
        strbuf_release(&tail);
    }
    if (opt.format == FORMAT_TEXT && opt.arg_count > 1 && !oom) {
        struct strbuf total;
        strbuf_init(&total);
        verdict_tally_text(&tally, i18n_lang(), &total);
        printf("%s%s\n", printed > 0 ? "\n" : "", total.buf);
        strbuf_release(&total);
    }
    cli_run_close(&run);
    return worst;
}
