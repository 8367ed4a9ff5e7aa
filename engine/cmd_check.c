/* cmd_check.c - `admit check FILE...`: evaluate dossiers and report. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "dossier.h"
#include "eval.h"
#include "input.h"
#include "report_json.h"
#include "report_text.h"

static void usage(void)
{
    fputs(TR("Cách dùng: admit check [tùy chọn] TỆP...   (- để đọc từ đầu vào chuẩn)\n"
             "Kiểm tra hồ sơ theo quy định và cho biết từng tiêu chí đạt hay không, vì sao.\n\n"
             "  --format text|json   dạng báo cáo (mặc định text)\n"
             "  --lang vi|en         ngôn ngữ (mặc định vi, hoặc biến ADMIT_LANG)\n"
             "  --as-of NGÀY         ngày đánh giá YYYY-MM-DD (mặc định: as_of của hồ sơ, hoặc hôm nay)\n"
             "  -v, --verbose        liệt kê cả các tiêu chí đạt\n"
             "  --color auto|always|never   tô màu (NO_COLOR được tôn trọng)\n"
             "  --rules THƯ_MỤC      bộ quy tắc (mặc định: bộ đã cài đặt hoặc rules/ của mã nguồn)\n"
             "  --plugins THƯ_MỤC|none   thư mục plugin\n"
             "  --profile ID         hồ sơ quy định của cấp ủy (hiện có: central)\n"
             "  --registry TỆP       sổ đảng viên để đối chiếu (docs/registry.md)\n\n"
             "Mã thoát: 0 đủ điều kiện, 1 không đủ hoặc thiếu hồ sơ, 2 dữ liệu sai, 3 lỗi bộ máy.\n",
             "Usage: admit check [options] FILE...   (- reads standard input)\n"
             "Checks dossiers against the rulebook and says, per criterion, pass or fail and why.\n\n"
             "  --format text|json   report format (default text)\n"
             "  --lang vi|en         language (default vi, or ADMIT_LANG)\n"
             "  --as-of DATE         evaluation date YYYY-MM-DD (default: the dossier's as_of, or today)\n"
             "  -v, --verbose        also list the criteria that are met\n"
             "  --color auto|always|never   colours (NO_COLOR is honoured)\n"
             "  --rules DIR          rulebook (default: the installed one, or rules/ of the source tree)\n"
             "  --plugins DIR|none   plugin directory\n"
             "  --profile ID         committee profile (available: central)\n"
             "  --registry DB        member registry to check against (docs/registry.md)\n\n"
             "Exit codes: 0 eligible, 1 not eligible or incomplete, 2 invalid input, 3 engine failure.\n"),
          stdout);
}

/* Evaluate one input into a result (an input-error result when it cannot be). */
static struct result *check_one(struct ruleset *rs, const char *path,
                                const struct eval_options *eopt, char **candidate)
{
    const char *name = input_display_name(path);
    struct admit_error err;
    struct dossier *d = NULL;
    struct result *r = NULL;
    char *text = NULL;
    size_t len = 0;

    admit_error_clear(&err);
    *candidate = NULL;
    if (input_read(path, DOSSIER_MAX_BYTES, &text, &len, &err) == ADMIT_OK &&
        dossier_parse(ruleset_schema(rs), name, text, len, &d, &err) == ADMIT_OK &&
        eval_dossier(rs, d, eopt, &r, &err) == ADMIT_OK) {
        const cJSON *full_name = dossier_lookup(d, "candidate.full_name", NULL);
        if (cJSON_IsString(full_name) && (*candidate = strdup(full_name->valuestring)) == NULL)
            alloc_note_failure();   /* the report would lack the name: not printed */
    } else if (err.status == ADMIT_ENOMEM) {
        r = NULL;   /* not the input's fault: the caller says "out of memory" */
    } else {
        r = result_new_input_error(name, d ? d->id : NULL, err.path, err.message);
    }
    free(text);
    dossier_free(d);
    return r;
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
    code = cli_load_ruleset(&opt, &rs);
    if (code != 0)
        return code;

    const char *profile[] = {"central"};
    char engine[64];
    snprintf(engine, sizeof engine, "admit %s", ADMIT_VERSION);
    struct report_context rctx = {engine, ruleset_digest(rs), profile, 1, ruleset_plugins(rs)};
    struct eval_options eopt = {opt.as_of, cli_today(), i18n_lang(), sandbox_default_limits, NULL};
    /* Several results form a JSON array, written one result at a time so
     * that a long list never sits in memory whole. */
    int as_array = opt.format == FORMAT_JSON && opt.arg_count > 1;
    int worst = 0, printed = 0, oom = 0;

    for (int i = 0; i < opt.arg_count; i++) {
        char *candidate = NULL;
        struct result *r = check_one(rs, opt.args[i], &eopt, &candidate);
        if (r == NULL || cli_out_of_memory()) {
            if (r == NULL)
                cli_error("%s", TR("hết bộ nhớ", "out of memory"));
            result_free(r);
            free(candidate);
            worst = EXIT_ENGINE;
            break;
        }
        int rc = result_exit_code(r);
        worst = rc > worst ? rc : worst;
        if (opt.format == FORMAT_JSON) {
            cJSON *obj = report_json(r, &rctx);
            char *s = obj != NULL ? cJSON_Print(obj) : NULL;
            /* never drop a result, or a member of one, silently */
            if (s == NULL || cli_out_of_memory()) {
                if (s == NULL)
                    cli_error("%s: %s", opt.args[i], TR("hết bộ nhớ", "out of memory"));
                worst = EXIT_ENGINE;
                oom = 1;
            } else {
                fputs(as_array ? (printed++ ? ",\n" : "[\n") : "", stdout);
                fputs(s, stdout);
                fputs(as_array ? "" : "\n", stdout);
            }
            free(s);
            cJSON_Delete(obj);
        } else {
            struct strbuf out;
            struct report_text_options topt = {opt.verbose, opt.color, i18n_lang(), candidate};
            strbuf_init(&out);
            if (i > 0)
                strbuf_puts(&out, "\n────────────────────────────────────────\n\n");
            report_text(&out, r, &topt);
            if (cli_out_of_memory()) {
                worst = EXIT_ENGINE;
                oom = 1;
            } else {
                fputs(out.buf, stdout);
            }
            strbuf_release(&out);
        }
        free(candidate);
        result_free(r);
        if (oom)
            break;   /* the next results would be refused too */
        if (cli_output_failed()) {   /* main reports it; the other files would be lost too */
            worst = EXIT_ENGINE;
            break;
        }
    }
    if (as_array && printed)
        fputs("\n]\n", stdout);
    ruleset_free(rs);
    return worst;
}
