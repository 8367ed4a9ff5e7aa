/*
 * cmd_validate.c - `admit validate FILE...`: check dossiers without evaluating.
 *
 * Every input error of every file at once (up to VALIDATE_MAX_ERRORS a file),
 * so that a dossier can be corrected in one pass; nothing is evaluated, no
 * rule or plugin is loaded.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fmt_json.h"
#include "paths.h"
#include "strbuf.h"
#include "validate_cli.h"
#include "validate_env.h"
#include "validate_report.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_FORMAT, "dạng kết quả: text, hoặc json (danh sách lỗi {file, path, line, column, "
                     "message, expected})",
     "output: text, or json (a list of errors {file, path, line, column, message, expected})"},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_AS_OF, "ngày đánh giá dùng để tìm phiên bản quy định",
     "evaluation date used to find the edition"},
    {CLI_OPT_RULES, "bộ quy tắc (các phiên bản, nhãn của giá trị)",
     "rulebook (editions, labels of values)"},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "validate",
    "admit validate [tùy chọn] TỆP...   (- để đọc từ đầu vào chuẩn)",
    "admit validate [options] FILE...   (- reads standard input)",
    "Kiểm tra dữ liệu hồ sơ mà không đánh giá: JSON, lược đồ (docs/validate-fmt.md),\n"
    "và có phiên bản quy định áp dụng cho ngày mốc. In mọi lỗi của từng tệp\n"
    "(tối đa 20 lỗi một tệp), hoặc \"hợp lệ\".",
    "Checks dossiers without evaluating them: JSON, the schema (docs/validate-fmt.md),\n"
    "and an edition of the regulations covering the anchor date. Prints every error\n"
    "of each file (at most 20 a file), or \"valid\".",
    "text,json", options,
    "Mã thoát: 0 mọi tệp hợp lệ, 2 có tệp không hợp lệ hoặc sai cách dùng, 3 lỗi bộ máy.",
    "Exit codes: 0 every file valid, 2 a file is invalid or usage error, 3 engine failure.",
};

/* Load what validation needs; prints the error and returns an exit code on failure. */
int validate_cli_env(const struct cli_options *opt, struct validate_env *env)
{
    struct admit_paths defaults;
    struct admit_error err;
    paths_default(&defaults);
    admit_error_clear(&err);
    if (validate_env_load(opt->rules_dir ? opt->rules_dir : defaults.rules, defaults.schemas, env,
                          &err) != ADMIT_OK) {
        cli_print_error(&err);
        return EXIT_ENGINE;
    }
    return 0;
}

int cmd_validate(int argc, char **argv)
{
    struct cli_options opt;
    struct validate_env env;
    cJSON *list = NULL;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count == 0) {
        cli_error("%s", TR("validate: cần ít nhất một tệp hồ sơ (xem admit validate --help)",
                           "validate: at least one dossier file is needed (see admit validate --help)"));
        return EXIT_INPUT;
    }
    code = validate_cli_env(&opt, &env);
    if (code != 0)
        return code;
    if (opt.format == FORMAT_JSON && (list = cJSON_CreateArray()) == NULL)
        goto oom;
    admit_day today = cli_today();
    for (int i = 0; i < opt.arg_count; i++) {
        struct dossier_report report;
        enum admit_status st = validate_dossier_file(&env, opt.args[i], 1, opt.as_of, today, &report,
                                                     NULL);
        if (st == ADMIT_ENOMEM) {
            dossier_report_release(&report);
            goto oom;
        }
        if (st != ADMIT_OK)
            code = EXIT_INPUT;
        if (list != NULL) {
            if (validate_report_json(list, &report) != 0) {
                dossier_report_release(&report);
                goto oom;
            }
        } else {
            struct strbuf out;
            strbuf_init(&out);
            if (st == ADMIT_OK)
                strbuf_addf(&out, "%s: %s\n", report.file, TR("hợp lệ", "valid"));
            else
                validate_report_text(&out, &report, "", 0, 0);
            fputs(out.buf, stdout);
            strbuf_release(&out);
        }
        dossier_report_release(&report);
    }
    if (list != NULL) {
        struct strbuf text;
        strbuf_init(&text);
        int failed = fmt_json(&text, list);
        if (failed == 0)
            fputs(text.buf, stdout);
        strbuf_release(&text);
        if (failed != 0)
            goto oom;
    }
    cJSON_Delete(list);
    validate_env_release(&env);
    return code;
oom:
    cli_error("out of memory");
    cJSON_Delete(list);
    validate_env_release(&env);
    return EXIT_ENGINE;
}
