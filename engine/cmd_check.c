/* cmd_check.c - `admit check FILE...`: evaluate dossiers and report. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "dossier.h"
#include "eval.h"
#include "input.h"
#include "profile_load.h"
#include "report_html.h"
#include "report_json.h"
#include "report_text.h"
#include "validate_report.h"

static void usage(void)
{
    fputs(TR("Cách dùng: admit check [tùy chọn] TỆP...   (- để đọc từ đầu vào chuẩn)\n"
             "Kiểm tra hồ sơ theo quy định và cho biết từng tiêu chí đạt hay không, vì sao.\n\n"
             "  --format text|json|html   dạng báo cáo (mặc định text; html: trang để in)\n"
             "  --lang vi|en         ngôn ngữ (mặc định vi, hoặc biến ADMIT_LANG)\n"
             "  --as-of NGÀY         ngày đánh giá YYYY-MM-DD (mặc định: as_of của hồ sơ, hoặc hôm nay)\n"
             "  -v, --verbose        liệt kê cả các tiêu chí đạt\n"
             "  --color auto|always|never   tô màu (NO_COLOR được tôn trọng)\n"
             "  --rules THƯ_MỤC      bộ quy tắc (mặc định: bộ đã cài đặt hoặc rules/ của mã nguồn)\n"
             "  --plugins THƯ_MỤC|none   thư mục plugin\n"
             "  --profile ID         hồ sơ cấp ủy áp dụng (mặc định: theo organisation.committee_path)\n  --profiles THƯ_MỤC   thêm một thư mục hồ sơ cấp ủy (lặp lại được)\n"
             "  --registry TỆP       sổ đảng viên để đối chiếu (docs/registry.md)\n\n"
             "Mã thoát: 0 đủ điều kiện, 1 không đủ hoặc thiếu hồ sơ, 2 dữ liệu sai, 3 lỗi bộ máy.\n",
             "Usage: admit check [options] FILE...   (- reads standard input)\n"
             "Checks dossiers against the rulebook and says, per criterion, pass or fail and why.\n\n"
             "  --format text|json|html   report format (default text; html: a page to print)\n"
             "  --lang vi|en         language (default vi, or ADMIT_LANG)\n"
             "  --as-of DATE         evaluation date YYYY-MM-DD (default: the dossier's as_of, or today)\n"
             "  -v, --verbose        also list the criteria that are met\n"
             "  --color auto|always|never   colours (NO_COLOR is honoured)\n"
             "  --rules DIR          rulebook (default: the installed one, or rules/ of the source tree)\n"
             "  --plugins DIR|none   plugin directory\n"
             "  --profile ID         committee profile (default: from organisation.committee_path)\n  --profiles DIR       a folder of committee profiles (repeatable)\n"
             "  --registry DB        member registry to check against (docs/registry.md)\n\n"
             "Exit codes: 0 eligible, 1 not eligible or incomplete, 2 invalid input, 3 engine failure.\n"),
          stdout);
}

/*
 * The rulesets of a run: the one --profile names (or central), and, without
 * --profile, one per profile a dossier selects (docs/profiles.md,
 * "Selection"), loaded the first time it is needed.
 */
struct run_rulesets {
    const struct cli_options *opt;
    const struct profile_set *set;
    int choose;                      /* 1: select per dossier */
    struct ruleset *central;
    struct ruleset **by_profile;     /* indexed like the set */
};

/* The ruleset for dossier `d` (its committee path at its main anchor). */
static struct ruleset *ruleset_for(struct run_rulesets *runs, const struct dossier *d,
                                   admit_day as_of, int *code)
{
    *code = 0;
    if (!runs->choose || d == NULL)
        return runs->central;
    admit_day anchor = eval_main_anchor(d, as_of != OUTCOME_NO_DAY ? as_of : cli_today());
    const struct profile *p = profile_set_select(
        runs->set, dossier_lookup(d, "organisation.committee_path", NULL), anchor);
    if (p == NULL)
        return runs->central;
    size_t i = 0;
    while (profile_set_at(runs->set, i) != p)
        i++;
    if (runs->by_profile[i] == NULL)
        *code = cli_load_ruleset_for(runs->opt, p, &runs->by_profile[i]);
    return runs->by_profile[i];
}

/* Evaluate one input into a result (an input-error result when it cannot be);
 * *report gets every input error of the dossier (release it); *used is the
 * ruleset that evaluated it. */
static struct result *check_one(struct run_rulesets *runs, const char *path,
                                const struct eval_options *eopt, char **candidate,
                                struct dossier_report *report, struct ruleset **used, int *code)
{
    struct ruleset *rs = runs->central;
    struct schema_report_options ropt = validate_report_options(ruleset_messages(rs));
    const char *name = input_display_name(path);
    struct admit_error err;
    struct dossier *d = NULL;
    struct result *r = NULL;
    char *text = NULL;
    size_t len = 0;

    admit_error_clear(&err);
    *candidate = NULL;
    memset(report, 0, sizeof *report);
    if (input_read(path, DOSSIER_MAX_BYTES, &text, &len, &err) == ADMIT_OK &&
        dossier_parse_report(ruleset_schema(rs), &ropt, name, text, len, &d, report, &err) == ADMIT_OK &&
        (rs = ruleset_for(runs, d, eopt->as_of, code)) != NULL &&
        profile_validate_extensions(ruleset_profile(rs), d->root, &err) == ADMIT_OK &&
        eval_dossier(rs, d, eopt, &r, &err) == ADMIT_OK) {
        const cJSON *full_name = dossier_lookup(d, "candidate.full_name", NULL);
        if (cJSON_IsString(full_name))
            *candidate = strdup(full_name->valuestring);
    } else if (rs == NULL) {
        r = NULL;   /* the profile's rules did not load: reported, *code set */
    } else {
        r = result_new_input_error(name, d ? d->id : NULL, err.path, err.message);
    }
    *used = rs ? rs : runs->central;
    free(text);
    dossier_free(d);
    return r;
}

/*
 * Append one dossier to the printed page on stdout (docs/report-html.md):
 * several files make one page, one sheet per dossier.  An input error is a
 * sheet of the page too, and a line on stderr, as the page usually goes to
 * a file the secretary opens later.  Returns 0, or EXIT_ENGINE when out of
 * memory.
 */
static int write_html(const struct result *r, const struct report_context *rctx,
                      const char *candidate, const struct report_html_options *hopt)
{
    struct strbuf out;
    strbuf_init(&out);
    if (r->input_error)
        cli_error("%s: %s%s%s", r->input, r->error_path, r->error_path[0] ? ": " : "",
                  r->error_message);
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
    struct ruleset *rs = NULL;
    int code = cli_start("check", argc, argv, &opt, usage);
    if (code >= 0)
        return code;
    if (opt.arg_count == 0) {
        cli_error("%s", TR("check: cần ít nhất một tệp hồ sơ (xem admit check --help)",
                           "check: at least one dossier file is needed (see admit check --help)"));
        return EXIT_INPUT;
    }
    const struct profile_set *set;
    const struct profile *forced;
    code = cli_load_profiles(&opt, &set, &forced);
    if (code == 0)
        code = cli_load_ruleset_for(&opt, forced, &rs);
    if (code != 0)
        return code;
    struct run_rulesets runs = {&opt, set, opt.profile == NULL && profile_set_count(set) > 0, rs,
                                calloc(profile_set_count(set) + 1, sizeof(struct ruleset *))};
    if (runs.by_profile == NULL) {
        cli_error("out of memory");
        ruleset_free(rs);
        return EXIT_ENGINE;
    }

    const char *profile[PROFILE_CHAIN_MAX + 1];
    char engine[64];
    snprintf(engine, sizeof engine, "admit %s", ADMIT_VERSION);
    struct report_context rctx = {engine, ruleset_digest(rs), profile, 1, ruleset_plugins(rs), NULL};
    struct eval_options eopt = {opt.as_of, cli_today(), i18n_lang(), sandbox_default_limits, NULL};
    /* Several results form a JSON array, written one result at a time so
     * that a long list never sits in memory whole. */
    int as_array = opt.format == FORMAT_JSON && opt.arg_count > 1;
    int worst = 0;
    struct report_html_options hopt = {i18n_lang(), opt.holidays, time(NULL)};
    int html_open = 0;   /* the page's head is written with the first result */
    if (as_array)
        fputs("[\n", stdout);

    for (int i = 0; i < opt.arg_count; i++) {
        char *candidate = NULL;
        struct dossier_report report;
        struct ruleset *used = rs;
        int load_code = 0;
        struct result *r = check_one(&runs, opt.args[i], &eopt, &candidate, &report, &used,
                                     &load_code);
        if (r == NULL) {
            if (load_code == 0)
                cli_error("out of memory");
            worst = EXIT_ENGINE;
            dossier_report_release(&report);
            free(candidate);
            break;
        }
        rctx.ruleset = ruleset_digest(used);
        rctx.profile_count = cli_profile_names(ruleset_profile(used), profile, PROFILE_CHAIN_MAX + 1);
        rctx.chain = ruleset_profile(used);
        int rc = result_exit_code(r);
        worst = rc > worst ? rc : worst;
        if (opt.format == FORMAT_JSON) {
            cJSON *obj = report_json(r, &rctx);
            /* every input error, beside the first one that input_error names */
            cJSON *ie = r->input_error ? cJSON_GetObjectItemCaseSensitive(obj, "input_error") : NULL;
            cJSON *all = ie != NULL && report.count > 1 ? cJSON_AddArrayToObject(ie, "errors") : NULL;
            if (all != NULL && validate_report_json(all, &report) != 0)
                cJSON_DeleteItemFromObjectCaseSensitive(ie, "errors");
            char *s = obj != NULL ? cJSON_Print(obj) : NULL;
            if (s == NULL) {   /* never drop a result silently */
                cli_error("%s: out of memory", opt.args[i]);
                worst = EXIT_ENGINE;
            } else {
                fputs(as_array && i > 0 ? ",\n" : "", stdout);
                fputs(s, stdout);
                fputs(as_array ? "" : "\n", stdout);
            }
            free(s);
            cJSON_Delete(obj);
        } else if (opt.format == FORMAT_HTML) {
            if (!html_open) {
                struct strbuf head;
                strbuf_init(&head);
                report_html_begin(&head, opt.arg_count == 1 ? r->dossier : NULL, &hopt);
                fputs(head.buf, stdout);
                strbuf_release(&head);
                html_open = 1;
            }
            rc = write_html(r, &rctx, candidate, &hopt);
            worst = rc > worst ? rc : worst;
        } else {
            struct strbuf out;
            struct report_text_options topt = {opt.verbose, opt.color, i18n_lang(), candidate};
            strbuf_init(&out);
            if (i > 0)
                strbuf_puts(&out, "\n────────────────────────────────────────\n\n");
            report_text(&out, r, &topt);
            if (r->input_error)   /* the first error is in the report already */
                validate_report_text(&out, &report, "  ", 1, 80);
            fputs(out.buf, stdout);
            strbuf_release(&out);
        }
        free(candidate);
        dossier_report_release(&report);
        result_free(r);
    }
    if (as_array)
        fputs("\n]\n", stdout);
    if (html_open) {
        struct strbuf tail;
        strbuf_init(&tail);
        report_html_end(&tail);
        fputs(tail.buf, stdout);
        strbuf_release(&tail);
    }
    for (size_t k = 0; k < profile_set_count(set); k++)
        ruleset_free(runs.by_profile[k]);
    free(runs.by_profile);
    ruleset_free(rs);
    return worst;
}
