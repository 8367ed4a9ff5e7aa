/*
 * audit_report_xlsx.c - report.xlsx through libxlsxwriter: sheets for the
 * summary, the records, the rules and the quotas.
 *
 * The workbook is in constant-memory mode: the records sheet is written row
 * by row as records come (audit_xlsx_row) and does not stay in memory; the
 * other sheets are written from the summary at the end.  Strings are
 * written as they are (UTF-8), so Vietnamese text stays intact.
 */
#include "audit_report.h"

#include <stdlib.h>
#include <string.h>

#include "audit_xlsx_lib.h"

#include "json_member.h"
#include "report_words.h"

struct audit_xlsx {
    lxw_workbook *wb;
    lxw_worksheet *summary, *records, *rules, *quotas;
    lxw_format *head, *title, *percent;
    enum admit_lang lang;
    lxw_row_t next_record;
    int failed;
};

static const char *T(const struct audit_xlsx *x, const char *vi, const char *en)
{
    return x->lang == ADMIT_LANG_EN ? en : vi;
}

static void put_text(struct audit_xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                     const char *text, lxw_format *fmt)
{
    if (text == NULL || *text == '\0')
        return;
    if (audit_xlsx_lib.worksheet_write_string(ws, r, c, text, fmt) != LXW_NO_ERROR)
        x->failed = 1;
}

static void put_number(struct audit_xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                       const cJSON *num, lxw_format *fmt)
{
    if (!cJSON_IsNumber(num))
        return;
    if (audit_xlsx_lib.worksheet_write_number(ws, r, c, num->valuedouble, fmt) != LXW_NO_ERROR)
        x->failed = 1;
}

static void put_header(struct audit_xlsx *x, lxw_worksheet *ws, lxw_row_t r,
                       const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_text(x, ws, r, (lxw_col_t)i, names[i], x->head);
}

struct audit_xlsx *audit_xlsx_open(const char *path, const char *tmpdir, enum admit_lang lang)
{
    struct audit_xlsx *x = calloc(1, sizeof *x);
    if (x == NULL)
        return NULL;
    char *dir = strdup(tmpdir);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = dir};
    x->lang = lang;
    x->wb = dir != NULL ? audit_xlsx_lib.workbook_new_opt(path, &options) : NULL;
    free(dir);
    if (x->wb == NULL) {
        free(x);
        return NULL;
    }
    x->summary = audit_xlsx_lib.workbook_add_worksheet(x->wb, T(x, "Tổng hợp", "Summary"));
    x->records = audit_xlsx_lib.workbook_add_worksheet(x->wb, T(x, "Hồ sơ", "Records"));
    x->rules = audit_xlsx_lib.workbook_add_worksheet(x->wb, T(x, "Tiêu chí", "Rules"));
    x->quotas = audit_xlsx_lib.workbook_add_worksheet(x->wb, T(x, "Chỉ tiêu", "Quotas"));
    x->head = audit_xlsx_lib.workbook_add_format(x->wb);
    x->title = audit_xlsx_lib.workbook_add_format(x->wb);
    x->percent = audit_xlsx_lib.workbook_add_format(x->wb);
    if (x->summary == NULL || x->records == NULL || x->rules == NULL || x->quotas == NULL ||
        x->head == NULL || x->title == NULL || x->percent == NULL) {
        audit_xlsx_abandon(x);
        return NULL;
    }
    audit_xlsx_lib.format_set_bold(x->head);
    audit_xlsx_lib.format_set_bg_color(x->head, 0xE6EEFA);
    audit_xlsx_lib.format_set_bottom(x->head, LXW_BORDER_THIN);
    audit_xlsx_lib.format_set_bold(x->title);
    audit_xlsx_lib.format_set_font_size(x->title, 14);
    audit_xlsx_lib.format_set_num_format(x->percent, "0.0");

    static const char *const vi[] = {"Đầu vào", "Hồ sơ", "Thủ tục", "Kết luận", "Ngày mốc chính",
                                     "Ngày quyết định", "Văn bản áp dụng", "Cấp ủy", "Chi bộ",
                                     "Không đạt", "Thiếu", "Cần chấp thuận", "Vi phạm quy trình", "Lỗi"};
    static const char *const en[] = {"Input", "Dossier", "Procedure", "Verdict", "Main anchor",
                                     "Decision date", "Edition", "Committee", "Branch",
                                     "Fail", "Missing", "Needs approval", "Process violations", "Error"};
    put_header(x, x->records, 0, lang == ADMIT_LANG_EN ? en : vi, 14);
    audit_xlsx_lib.worksheet_set_column(x->records, 0, 1, 24, NULL);
    audit_xlsx_lib.worksheet_set_column(x->records, 2, 8, 14, NULL);
    audit_xlsx_lib.worksheet_set_column(x->records, 9, 13, 22, NULL);
    audit_xlsx_lib.worksheet_freeze_panes(x->records, 1, 0);
    x->next_record = 1;
    return x;
}

void audit_xlsx_abandon(struct audit_xlsx *x)
{
    if (x == NULL)
        return;
    /* libxlsxwriter frees a workbook only by closing it: the file it writes
     * is the temporary one, removed by the caller */
    audit_xlsx_lib.workbook_close(x->wb);
    free(x);
}

int audit_xlsx_row(struct audit_xlsx *x, const struct audit_report_row *row,
                   const struct strbuf rules[AUDIT_RULE_COLUMNS])
{
    const struct audit_line *line = row->line;
    lxw_row_t r = x->next_record++;
    const char *verdict = line->verdict;
    const char *procedure = line->procedure;
    const char *vw = line->input_error ? report_words_input_error(x->lang)
                                       : report_words_verdict(verdict, x->lang);
    const char *pw = report_words_procedure(procedure, x->lang);
    put_text(x, x->records, r, 0, row->input, NULL);
    put_text(x, x->records, r, 1, line->dossier, NULL);
    put_text(x, x->records, r, 2, pw != NULL ? pw : procedure, NULL);
    put_text(x, x->records, r, 3, vw != NULL ? vw : verdict, NULL);
    put_text(x, x->records, r, 4, row->main_anchor, NULL);
    put_text(x, x->records, r, 5, row->decision_date, NULL);
    put_text(x, x->records, r, 6, row->edition, NULL);
    put_text(x, x->records, r, 7, row->committee, NULL);
    put_text(x, x->records, r, 8, row->branch, NULL);
    put_text(x, x->records, r, 9, rules[AUDIT_COL_FAIL].buf, NULL);
    put_text(x, x->records, r, 10, rules[AUDIT_COL_MISSING].buf, NULL);
    put_text(x, x->records, r, 11, rules[AUDIT_COL_NEEDS_APPROVAL].buf, NULL);
    put_text(x, x->records, r, 12, rules[AUDIT_COL_PROCESS].buf, NULL);
    if (line->input_error)
        put_text(x, x->records, r, 13, line->error_message, NULL);
    else
        put_text(x, x->records, r, 13, rules[AUDIT_COL_ERROR].buf, NULL);
    return x->failed ? -1 : 0;
}

/* ---------------------------------------------------------------- summary */

static const char *const verdict_names[] = {"eligible", "ready", "not_eligible", "incomplete", "error"};
#define VERDICT_NAMES 5

static lxw_row_t put_pair(struct audit_xlsx *x, lxw_row_t r, const char *label, const cJSON *value)
{
    put_text(x, x->summary, r, 0, label, NULL);
    if (cJSON_IsString(value))
        put_text(x, x->summary, r, 1, value->valuestring, NULL);
    else
        put_number(x, x->summary, r, 1, value, NULL);
    return r + 1;
}

/* A table of {key: {verdict: n}} (by_year, by_committee, by_edition). */
static lxw_row_t put_verdict_table(struct audit_xlsx *x, lxw_row_t r, const char *title,
                                   const cJSON *table)
{
    put_text(x, x->summary, r, 0, title, x->head);
    for (int i = 0; i < VERDICT_NAMES; i++)
        put_text(x, x->summary, r, (lxw_col_t)(i + 1), report_words_verdict(verdict_names[i], x->lang), x->head);
    r++;
    const cJSON *row;
    cJSON_ArrayForEach(row, table) {
        put_text(x, x->summary, r, 0, row->string, NULL);
        for (int i = 0; i < VERDICT_NAMES; i++)
            put_number(x, x->summary, r, (lxw_col_t)(i + 1),
                       json_member(row, verdict_names[i]), NULL);
        r++;
    }
    return r + 1;
}

static void write_summary(struct audit_xlsx *x, const cJSON *s)
{
    lxw_row_t r = 0;
    put_text(x, x->summary, r, 0, T(x, "Kết quả rà soát hồ sơ", "Audit of dossiers"), x->title);
    r += 2;
    r = put_pair(x, r, T(x, "Ngày đánh giá", "Evaluation date"), json_member(s, "as_of"));
    r = put_pair(x, r, T(x, "Bộ quy tắc", "Ruleset"), json_member(s, "ruleset"));
    r = put_pair(x, r, T(x, "Số bản ghi", "Records"), json_member(s, "records"));
    r = put_pair(x, r, T(x, "Đã kiểm tra", "Evaluated"), json_member(s, "evaluated"));
    r = put_pair(x, r, report_words_input_error(x->lang), json_member(s, "input_errors"));
    r++;
    const cJSON *verdicts = json_member(s, "verdicts"), *item;
    put_text(x, x->summary, r, 0, T(x, "Kết luận", "Verdict"), x->head);
    put_text(x, x->summary, r++, 1, T(x, "Số hồ sơ", "Dossiers"), x->head);
    cJSON_ArrayForEach(item, verdicts) {
        const char *w = report_words_verdict(item->string, x->lang);
        r = put_pair(x, r, w != NULL ? w : item->string, item);
    }
    r++;
    put_text(x, x->summary, r, 0, T(x, "Thủ tục", "Procedure"), x->head);
    put_text(x, x->summary, r++, 1, T(x, "Số hồ sơ", "Dossiers"), x->head);
    cJSON_ArrayForEach(item, json_member(s, "procedures")) {
        const char *w = report_words_procedure(item->string, x->lang);
        r = put_pair(x, r, w != NULL ? w : item->string, item);
    }
    r++;
    put_text(x, x->summary, r, 0, T(x, "Vi phạm quy trình", "Process violations"), x->head);
    put_text(x, x->summary, r++, 1, T(x, "Số hồ sơ", "Dossiers"), x->head);
    cJSON_ArrayForEach(item, json_member(s, "process_violations"))
        r = put_pair(x, r, item->string, item);
    r++;
    r = put_verdict_table(x, r, T(x, "Năm", "Year"), json_member(s, "by_year"));
    r = put_verdict_table(x, r, T(x, "Cấp ủy, chi bộ", "Committee, branch"),
                          json_member(s, "by_committee"));
    put_verdict_table(x, r, T(x, "Văn bản áp dụng", "Edition"), json_member(s, "by_edition"));
    audit_xlsx_lib.worksheet_set_column(x->summary, 0, 0, 36, NULL);
    audit_xlsx_lib.worksheet_set_column(x->summary, 1, 5, 18, NULL);
}

static void write_rules(struct audit_xlsx *x, const cJSON *s)
{
    static const char *const statuses[] = {"pass", "fail", "needs_approval", "missing", "warn",
                                           "not_applicable", "error"};
    static const char *const vi[] = {"Tiêu chí", "Đạt", "Không đạt", "Cần chấp thuận", "Thiếu",
                                     "Lưu ý", "Không áp dụng", "Lỗi"};
    static const char *const en[] = {"Rule", "Pass", "Fail", "Needs approval", "Missing", "Warning",
                                     "Not applicable", "Error"};
    put_header(x, x->rules, 0, x->lang == ADMIT_LANG_EN ? en : vi, 8);
    lxw_row_t r = 1;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, json_member(s, "rules")) {
        put_text(x, x->rules, r, 0, rule->string, NULL);
        for (int i = 0; i < 7; i++)
            put_number(x, x->rules, r, (lxw_col_t)(i + 1),
                       json_member(rule, statuses[i]), NULL);
        r++;
    }
    audit_xlsx_lib.worksheet_set_column(x->rules, 0, 0, 26, NULL);
    audit_xlsx_lib.worksheet_set_column(x->rules, 1, 7, 14, NULL);
    audit_xlsx_lib.worksheet_freeze_panes(x->rules, 1, 0);
}

static void write_quotas(struct audit_xlsx *x, const cJSON *s)
{
    static const char *const keys[] = {"target", "target_adjusted", "admitted", "percent",
                                       "percent_adjusted", "admitted_not_eligible", "in_progress",
                                       "projected"};
    static const char *const vi[] = {"Mã", "Chỉ tiêu", "Cấp ủy", "Từ ngày", "Đến ngày", "Chỉ tiêu giao",
                                     "Chỉ tiêu sau điều chỉnh", "Đã kết nạp", "% chỉ tiêu giao",
                                     "% chỉ tiêu điều chỉnh", "Kết nạp không đủ điều kiện",
                                     "Đang xét", "Dự kiến"};
    static const char *const en[] = {"Id", "Target", "Committee", "From", "Until", "Planned",
                                     "Adjusted target", "Admitted", "% of planned",
                                     "% of adjusted", "Admitted not eligible", "In progress",
                                     "Projected"};
    const cJSON *quotas = json_member(s, "quotas"), *q;
    put_header(x, x->quotas, 0, x->lang == ADMIT_LANG_EN ? en : vi, 13);
    lxw_row_t r = 1;
    cJSON_ArrayForEach(q, quotas) {
        const cJSON *label = json_member(q, "label");
        put_text(x, x->quotas, r, 0, json_string_member(q, "id"), NULL);
        put_text(x, x->quotas, r, 1, json_string_member(label, x->lang == ADMIT_LANG_EN ? "en" : "vi"), NULL);
        put_text(x, x->quotas, r, 2, json_string_member(q, "committee"), NULL);
        put_text(x, x->quotas, r, 3, json_string_member(q, "from"), NULL);
        put_text(x, x->quotas, r, 4, json_string_member(q, "until"), NULL);
        for (int i = 0; i < 8; i++)
            put_number(x, x->quotas, r, (lxw_col_t)(5 + i), json_member(q, keys[i]),
                       i == 3 || i == 4 ? x->percent : NULL);
        r++;
    }
    /* admitted per branch, under the targets */
    r++;
    put_text(x, x->quotas, r, 0, T(x, "Mã", "Id"), x->head);
    put_text(x, x->quotas, r, 1, T(x, "Chi bộ", "Branch"), x->head);
    put_text(x, x->quotas, r++, 2, T(x, "Đã kết nạp", "Admitted"), x->head);
    cJSON_ArrayForEach(q, quotas) {
        const cJSON *b;
        cJSON_ArrayForEach(b, json_member(q, "by_branch")) {
            put_text(x, x->quotas, r, 0, json_string_member(q, "id"), NULL);
            put_text(x, x->quotas, r, 1, b->string, NULL);
            put_number(x, x->quotas, r++, 2, b, NULL);
        }
    }
    audit_xlsx_lib.worksheet_set_column(x->quotas, 0, 2, 24, NULL);
    audit_xlsx_lib.worksheet_set_column(x->quotas, 3, 12, 14, NULL);
}

int audit_xlsx_finish(struct audit_xlsx *x, const cJSON *summary)
{
    write_summary(x, summary);
    write_rules(x, summary);
    write_quotas(x, summary);
    int failed = x->failed;
    if (audit_xlsx_lib.workbook_close(x->wb) != LXW_NO_ERROR)
        failed = 1;
    free(x);
    return failed ? -1 : 0;
}
