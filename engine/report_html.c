/*
 * report_html.c - the printed report (report_html.h, docs/report-html.md).
 *
 * The page is built from the result's JSON form so that it never depends on
 * how `struct result` is laid out: a status, verdict or step name it does
 * not know is printed by name, never indexed into a table.
 */
#include "report_html.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "date.h"
#include "json_member.h"
#include "report_words.h"

/* ------------------------------------------------------------------ texts */

static const char *T(const struct report_html_options *opt, const char *vi, const char *en)
{
    return opt->lang == ADMIT_LANG_EN ? en : vi;
}

void report_html_escape(struct strbuf *out, const char *text)
{
    if (text == NULL)
        return;
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), i = 0, run = 0;   /* bytes [i - run, i) are copied as they are */
    while (i < len) {
        const char *entity = NULL;
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = 1;
        switch (s[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default:
            n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
            /* Not UTF-8, or a control character HTML refuses: replace it. */
            if (n < 1 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                (cp >= 0x7F && cp <= 0x9F)) {
                entity = "\xEF\xBF\xBD";
                n = n < 1 ? 1 : n;
            }
        }
        if (entity == NULL) {
            i += (size_t)n;
            run += (size_t)n;
            continue;
        }
        strbuf_add(out, text + i - run, run);
        strbuf_puts(out, entity);
        i += (size_t)n;
        run = 0;
    }
    strbuf_add(out, text + i - run, run);
}

/* "<tag class="cls">escaped text</tag>" */
static void add_element(struct strbuf *out, const char *tag, const char *cls, const char *text)
{
    strbuf_addf(out, "<%s class=\"%s\">", tag, cls);
    report_html_escape(out, text);
    strbuf_addf(out, "</%s>", tag);
}

/* An ISO date as the reader writes it (dd/mm/yyyy in Vietnamese, the ISO
 * form in English, as the text report does); text that is not a date is
 * shown as it is. */
static void add_date(struct strbuf *out, const char *iso, const struct report_html_options *opt)
{
    admit_day day;
    char text[DATE_TEXT_SIZE];
    if (iso != NULL && date_parse(iso, strlen(iso), &day) == 0)
        strbuf_puts(out, opt->lang == ADMIT_LANG_EN ? date_format_iso(day, text)
                                                    : date_format_vi(day, text));
    else
        report_html_escape(out, iso ? iso : "—");
}

/* ------------------------------------------------------------------ words */

#define FIND(table, name, opt) \
    report_words_find(table, sizeof table / sizeof table[0], name, (opt)->lang)

/* The short label of a status on a criterion's badge; NULL when unknown. */
static const char *status_words(const char *status, const struct report_html_options *opt)
{
    static const struct report_word statuses[] = {
        {"pass", "Đạt", "Met"},
        {"fail", "Không đạt", "Not met"},
        {"needs_approval", "Cần đồng ý", "Needs consent"},
        {"pending", "Chưa đến bước", "Pending"},
        {"missing", "Thiếu", "Missing"},
        {"warn", "Lưu ý", "Warning"},
        {"not_applicable", "Không áp dụng", "N/A"},
        {"error", "Lỗi", "Error"},
    };
    return FIND(statuses, status, opt);
}

/* A step of the procedure (result.md, "Steps"); NULL when unknown. */
static const char *step_words(const char *step, const struct report_html_options *opt)
{
    static const struct report_word steps[] = {
        {"preparation", "chuẩn bị hồ sơ", "preparing the dossier"},
        {"probation", "thời gian dự bị", "probation"},
        {"branch_vote", "chi bộ họp xét, biểu quyết", "the branch meeting and vote"},
        {"grassroots_vote", "đảng ủy cơ sở xét, biểu quyết", "the grassroots committee's vote"},
        {"decision", "cấp ủy có thẩm quyền ra quyết định", "the competent committee's decision"},
        {"ceremony", "lễ kết nạp", "the admission ceremony"},
    };
    return FIND(steps, step, opt);
}

/* What the verdict means, under its words. */
static const char *verdict_explanation(const char *verdict, const struct report_html_options *opt)
{
    static const struct report_word explanations[] = {
        {"eligible", "Hồ sơ đáp ứng mọi tiêu chí đã kiểm tra.",
         "The dossier meets every criterion checked."},
        {"not_eligible", "Có tiêu chí về điều kiện, tiêu chuẩn không đạt (xem mục “Không đạt”).",
         "A criterion of eligibility is not met (see “Not met”)."},
        {"incomplete", "Hồ sơ còn thiếu giấy tờ hoặc văn bản đồng ý của cấp trên (xem bên dưới).",
         "Evidence or a higher committee's consent is still missing (see below)."},
        {"ready", "Mọi việc cần có đến nay đều đạt; hồ sơ có thể chuyển sang bước tiếp theo.",
         "Everything due so far is in order; the dossier may go on to the next step."},
        {"error", "Có quy tắc không chạy được nên kết quả chưa dùng được; báo cho người quản trị.",
         "Some rules could not run, so this result cannot be relied on; tell the administrator."},
    };
    return FIND(explanations, verdict, opt);
}

/* ------------------------------------------------------------------ page */

/* The style sheet.  Print first: A4, margins, page numbers, no break inside
 * a criterion, colours kept.  On screen the page is shown as a sheet. */
static void add_style(struct strbuf *out, const struct report_html_options *opt)
{
    strbuf_puts(out,
        "<style>\n"
        "@page{size:A4;margin:16mm 15mm 18mm 20mm;"
        "@bottom-right{content:\"");
    strbuf_puts(out, T(opt, "Trang ", "Page "));
    strbuf_puts(out,
        "\" counter(page) \" / \" counter(pages);font:8.5pt \"Liberation Sans\",Arial,sans-serif;"
        "color:#555}}\n"
        ":root{color-scheme:light;--ink:#1b1b1b;--muted:#5b5f66;--rule:#c9ced6;"
        "--ok:#1d6b3a;--ok-bg:#e7f4ec;--bad:#a51d24;--bad-bg:#fbe9ea;--warn:#8a5300;"
        "--warn-bg:#fdf2dc;--info:#1f4f8f;--info-bg:#e6eefa;--na:#6b7078;--na-bg:#f0f1f3}\n"
        "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
        "body{margin:0;background:#dfe3e8;color:var(--ink);"
        "font:10.5pt/1.42 \"Times New Roman\",\"Liberation Serif\",\"Noto Serif\",\"DejaVu Serif\",serif}\n"
        ".sheet{box-sizing:border-box;background:#fff;max-width:210mm;margin:12px auto;"
        "padding:16mm 15mm 18mm 20mm;box-shadow:0 1px 6px rgba(0,0,0,.25)}\n"
        ".sans,.kicker,.ident th,h2,.badge,.verdict .label,.counts,.prov th,.rule,.sig .role"
        "{font-family:\"Liberation Sans\",\"DejaVu Sans\",Arial,sans-serif}\n"
        "header.doc{border-bottom:2px solid var(--ink);padding-bottom:3mm;margin-bottom:4mm}\n"
        ".kicker{margin:0;text-align:center;font-size:8.5pt;letter-spacing:.08em;color:var(--muted);"
        "text-transform:uppercase}\n"
        "h1{margin:1mm 0 3mm;text-align:center;font-size:16pt;letter-spacing:.02em}\n"
        ".ident{width:100%;border-collapse:collapse}\n"
        ".ident th{width:24%;text-align:left;font-weight:normal;color:var(--muted);font-size:9pt;"
        "padding:.6mm 2mm .6mm 0;vertical-align:baseline}\n"
        ".ident td{padding:.6mm 0;vertical-align:baseline;overflow-wrap:anywhere}\n"
        ".ident .id{font-weight:bold}\n"
        ".ident .proc::first-letter{text-transform:uppercase}\n"
        ".verdict{break-inside:avoid;border:1px solid currentColor;border-left-width:6px;"
        "padding:3mm 4mm;margin:0 0 5mm}\n"
        ".verdict .label{margin:0;font-size:8.5pt;text-transform:uppercase;letter-spacing:.08em;"
        "color:var(--muted)}\n"
        ".verdict .words{margin:.5mm 0 1mm;font-size:19pt;font-weight:bold;letter-spacing:.02em}\n"
        ".verdict .why{margin:0;color:var(--ink)}\n"
        ".verdict .next,.verdict .detail{margin:1mm 0 0;color:var(--ink)}\n"
        ".counts{margin:2mm 0 0;font-size:8.5pt;color:var(--muted)}\n"
        ".v-eligible{color:var(--ok);background:var(--ok-bg)}\n"
        ".v-ready{color:var(--info);background:var(--info-bg)}\n"
        ".v-not_eligible,.v-error,.v-input_error{color:var(--bad);background:var(--bad-bg)}\n"
        ".v-incomplete{color:var(--warn);background:var(--warn-bg)}\n"
        ".v-other{color:var(--na);background:var(--na-bg)}\n"
        "section.group{margin:0 0 4mm}\n"
        "h2{font-size:10.5pt;margin:0 0 1.5mm;padding:1mm 0 1mm 2.5mm;border-left:4px solid var(--rule);"
        "break-after:avoid}\n"
        "h2 .n{color:var(--muted);font-weight:normal}\n"
        "h2 .note{display:block;font-weight:normal;font-size:8.5pt;color:var(--muted)}\n"
        ".g-bad h2{border-color:var(--bad)}.g-warn h2{border-color:var(--warn)}"
        ".g-info h2{border-color:var(--info)}.g-ok h2{border-color:var(--ok)}"
        ".g-na h2{border-color:var(--na)}\n"
        "table.crit{width:100%;border-collapse:collapse;table-layout:fixed}\n"
        "table.crit th{font:8pt \"Liberation Sans\",Arial,sans-serif;color:var(--muted);text-align:left;"
        "border-bottom:1px solid var(--ink);padding:.8mm 1.5mm}\n"
        "table.crit td{border-bottom:1px solid var(--rule);padding:1.4mm 1.5mm;vertical-align:top;"
        "overflow-wrap:anywhere}\n"
        "table.crit tr{break-inside:avoid}\n"
        "table.crit col.c-rule{width:25%}table.crit col.c-status{width:15%}"
        "table.crit col.c-reason{width:55%}\n"
        ".by-message .rule{white-space:nowrap}\n"
        ".rule{font-size:8.5pt;font-weight:bold}\n"
        ".sev{display:block;font:8pt \"Liberation Sans\",Arial,sans-serif;color:var(--muted)}\n"
        ".badge{display:inline-block;font-size:8pt;font-weight:bold;padding:.2mm 1.5mm;"
        "border:1px solid currentColor;border-radius:2px;white-space:nowrap}\n"
        ".s-pass{color:var(--ok);background:var(--ok-bg)}\n"
        ".s-fail,.s-error{color:var(--bad);background:var(--bad-bg)}\n"
        ".s-missing,.s-needs_approval,.s-warn{color:var(--warn);background:var(--warn-bg)}\n"
        ".s-pending{color:var(--info);background:var(--info-bg)}\n"
        ".s-not_applicable,.s-other{color:var(--na);background:var(--na-bg)}\n"
        ".msg{margin:0}\n"
        ".detail{margin:.6mm 0 0;font-size:9.5pt}\n"
        ".detail b{font-family:\"Liberation Sans\",Arial,sans-serif;font-size:8.5pt;color:var(--muted);"
        "font-weight:normal}\n"
        ".due{color:var(--info);font-weight:bold}\n"
        ".cite{margin:.6mm 0 0;font-size:9pt;font-style:italic;color:var(--muted)}\n"
        "code{font:8.5pt \"DejaVu Sans Mono\",\"Liberation Mono\",monospace;overflow-wrap:anywhere}\n"
        ".compact td{padding:.8mm 1.5mm;font-size:9.5pt}\n"
        ".compact .cite,.compact .sev{display:none}\n"
        ".compact .rule{font-weight:normal}\n"
        ".prov{break-inside:avoid;margin:5mm 0 0;border-top:1px solid var(--ink);padding-top:2mm}\n"
        ".prov table{width:100%;border-collapse:collapse;font-size:9pt}\n"
        ".prov th{width:24%;text-align:left;font-weight:normal;color:var(--muted);font-size:8.5pt;"
        "padding:.4mm 2mm .4mm 0;vertical-align:top}\n"
        ".prov td{padding:.4mm 0;vertical-align:top;overflow-wrap:anywhere}\n"
        ".prov ul{margin:0;padding:0;list-style:none}\n"
        ".sig{break-inside:avoid;margin:7mm 0 0;display:flex;justify-content:space-between;gap:10mm}\n"
        ".sig div{flex:1;text-align:center}\n"
        ".sig .date{font-style:italic;margin:0 0 1mm}\n"
        ".sig .role{margin:0;font-weight:bold;font-size:10pt;text-transform:uppercase}\n"
        ".sig .how{margin:0;font-style:italic;font-size:9pt}\n"
        ".sig .space{height:24mm}\n"
        ".error-box,.closing{break-inside:avoid}\n"
        "@media print{body{background:#fff}"
        ".sheet{margin:0;padding:0;max-width:none;box-shadow:none}"
        ".sheet+.sheet{break-before:page}}\n"
        "</style>\n");
}

void report_html_begin(struct strbuf *out, const char *dossier,
                       const struct report_html_options *opt)
{
    strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                opt->lang == ADMIT_LANG_EN ? "en" : "vi");
    strbuf_puts(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"admit\">\n<title>");
    strbuf_puts(out, T(opt, "Kết quả kiểm tra hồ sơ", "Dossier check"));
    if (dossier != NULL) {
        strbuf_puts(out, " ");
        report_html_escape(out, dossier);
    }
    strbuf_puts(out, "</title>\n");
    add_style(out, opt);
    strbuf_puts(out, "</head>\n<body>\n");
}

void report_html_end(struct strbuf *out)
{
    strbuf_puts(out, "</body>\n</html>\n");
}

/* The page's heading and the table naming the dossier. */
static void add_header(struct strbuf *out, const cJSON *result, const char *candidate,
                       const struct report_html_options *opt)
{
    const char *procedure = json_string_member(result, "procedure");
    const char *words = report_words_procedure(procedure, opt->lang);
    int recognition = procedure != NULL && strcmp(procedure, "recognition") == 0;

    strbuf_puts(out, "<header class=\"doc\">\n");
    add_element(out, "p", "kicker", T(opt, "Phiếu kiểm tra hồ sơ theo quy định của Đảng",
                                      "Dossier check against the Party's regulations"));
    strbuf_puts(out, "\n<h1>");
    strbuf_puts(out, T(opt, "KẾT QUẢ KIỂM TRA HỒ SƠ", "DOSSIER CHECK REPORT"));
    strbuf_puts(out, "</h1>\n<table class=\"ident\">\n");
    strbuf_addf(out, "<tr><th>%s</th><td class=\"id\">", T(opt, "Mã hồ sơ", "Dossier"));
    report_html_escape(out, json_string_member(result, "dossier"));
    strbuf_puts(out, "</td></tr>\n");
    if (candidate != NULL) {
        strbuf_addf(out, "<tr><th>%s</th><td class=\"id\">",
                    recognition ? T(opt, "Đảng viên dự bị", "Probationary member")
                                : T(opt, "Người vào Đảng", "Candidate"));
        report_html_escape(out, candidate);
        strbuf_puts(out, "</td></tr>\n");
    }
    strbuf_addf(out, "<tr><th>%s</th><td class=\"proc\">", T(opt, "Thủ tục", "Procedure"));
    report_html_escape(out, words != NULL ? words : procedure);
    strbuf_addf(out, "</td></tr>\n<tr><th>%s</th><td>", T(opt, "Ngày đánh giá", "Evaluated as of"));
    add_date(out, json_string_member(result, "as_of"), opt);
    strbuf_puts(out, "</td></tr>\n</table>\n</header>\n");
}

/* "24 đạt · 1 không đạt · ..." from the counts object, in its order; zero
 * counts are left out but for "pass". */
static void add_counts(struct strbuf *out, const cJSON *counts,
                       const struct report_html_options *opt)
{
    const cJSON *c;
    int first = 1;
    if (!cJSON_IsObject(counts))
        return;
    strbuf_puts(out, "<p class=\"counts\">");
    cJSON_ArrayForEach(c, counts) {
        if (!cJSON_IsNumber(c) || c->string == NULL ||
            (c->valuedouble == 0 && strcmp(c->string, "pass") != 0))
            continue;
        const char *words = report_words_status_counted(c->string, opt->lang);
        strbuf_addf(out, "%s%.0f ", first ? "" : " · ", c->valuedouble);
        report_html_escape(out, words != NULL ? words : c->string);
        first = 0;
    }
    strbuf_puts(out, "</p>\n");
}

/* The next step's words, or its name when unknown. */
static void add_step(struct strbuf *out, const char *step, const struct report_html_options *opt)
{
    const char *words = step_words(step, opt);
    report_html_escape(out, words != NULL ? words : step);
}

static void add_verdict(struct strbuf *out, const cJSON *result,
                        const struct report_html_options *opt)
{
    const char *verdict = json_string_member(result, "verdict");
    const char *next = json_string_member(result, "next_step");
    const char *words = verdict != NULL && strcmp(verdict, "ready") == 0
                            ? report_words_ready(json_string_member(result, "procedure"), next, opt->lang)
                            : report_words_verdict(verdict, opt->lang);
    const char *why = verdict_explanation(verdict, opt);

    strbuf_addf(out, "<section class=\"verdict v-%s\">\n",
                words != NULL ? verdict : "other");   /* a known name is a safe class */
    add_element(out, "p", "label", T(opt, "Kết luận", "Verdict"));
    strbuf_puts(out, "\n");
    add_element(out, "p", "words", words != NULL ? words : verdict != NULL ? verdict : "?");
    strbuf_puts(out, "\n");
    if (why != NULL) {
        add_element(out, "p", "why", why);
        strbuf_puts(out, "\n");
    }
    if (next != NULL) {
        strbuf_addf(out, "<p class=\"next\">%s <strong>", T(opt, "Bước tiếp theo:", "Next step:"));
        add_step(out, next, opt);
        strbuf_puts(out, "</strong></p>\n");
    }
    add_counts(out, cJSON_GetObjectItemCaseSensitive(result, "counts"), opt);
    strbuf_puts(out, "</section>\n");
}

/* ------------------------------------------------------------------ criteria */

enum severity_filter { ANY, ELIGIBILITY, NOT_ELIGIBILITY };

/*
 * How a group shows its criteria: one row each with everything; one row
 * each, smaller and without citations (a long list of little interest);
 * one row per reason with the criteria it applies to (what does not apply
 * is mostly "not for this procedure", said once instead of twenty times).
 */
enum layout { FULL, COMPACT, BY_MESSAGE };

/*
 * A group of criteria on the page.  `status` NULL is the last group: every
 * entry no other group took (a status this renderer does not know).
 */
struct group {
    const char *status;
    enum severity_filter severity;
    const char *cls;            /* g-bad, g-warn, g-info, g-ok, g-na */
    enum layout layout;
    const char *vi, *en;
    const char *note_vi, *note_en;
};

static const struct group groups[] = {
    {"error", ANY, "g-bad", FULL, "Lỗi khi chạy quy tắc", "Rule errors",
     "Kết quả của các tiêu chí này chưa biết", "The outcome of these criteria is not known"},
    {"fail", ELIGIBILITY, "g-bad", FULL, "Không đạt", "Not met", NULL, NULL},
    {"missing", ELIGIBILITY, "g-warn", FULL, "Thiếu hồ sơ", "Missing evidence", NULL, NULL},
    {"needs_approval", ELIGIBILITY, "g-warn", FULL, "Cần văn bản đồng ý của cấp trên",
     "Needs a higher committee's consent", NULL, NULL},
    {"fail", NOT_ELIGIBILITY, "g-warn", FULL, "Vi phạm quy trình", "Process findings",
     "Không ảnh hưởng kết luận, nhưng cần ghi nhận", "They do not change the verdict, but count"},
    {"missing", NOT_ELIGIBILITY, "g-warn", FULL, "Bước quy trình chưa có", "Process steps not yet done",
     NULL, NULL},
    {"needs_approval", NOT_ELIGIBILITY, "g-warn", FULL, "Bước quy trình cần đồng ý",
     "Process steps needing consent", NULL, NULL},
    {"pending", ANY, "g-info", FULL, "Các bước tiếp theo", "Coming steps",
     "Chưa đến lúc làm; hạn (nếu có) ghi ở từng bước", "Not due yet; the due date, if any, is given"},
    {"warn", ANY, "g-warn", FULL, "Lưu ý", "Warnings", "Không ảnh hưởng kết luận",
     "They do not change the verdict"},
    {"pass", ANY, "g-ok", COMPACT, "Đạt", "Met", NULL, NULL},
    {"not_applicable", ANY, "g-na", BY_MESSAGE, "Không áp dụng", "Not applicable", NULL, NULL},
    {NULL, ANY, "g-na", FULL, "Kết quả khác", "Other results",
     "Trạng thái mà trang này chưa biết, ghi nguyên tên", "Statuses this page does not know, by name"},
};
#define GROUP_COUNT (sizeof groups / sizeof groups[0])

static int group_matches(const struct group *g, const cJSON *entry)
{
    const char *status = json_string_member(entry, "status");
    const char *severity = json_string_member(entry, "severity");
    int eligibility = severity != NULL && strcmp(severity, "eligibility") == 0;
    if (g->status == NULL || status == NULL || strcmp(status, g->status) != 0)
        return 0;
    return g->severity == ANY || (g->severity == ELIGIBILITY) == eligibility;
}

/* The group of an entry: the first that matches, else the last. */
static const struct group *group_of(const cJSON *entry)
{
    for (size_t i = 0; i + 1 < GROUP_COUNT; i++)
        if (group_matches(&groups[i], entry))
            return &groups[i];
    return &groups[GROUP_COUNT - 1];
}

static void add_severity(struct strbuf *out, const char *severity,
                         const struct report_html_options *opt)
{
    static const struct report_word severities[] = {
        {"eligibility", "điều kiện, tiêu chuẩn", "eligibility"},
        {"process", "quy trình", "process"},
        {"advisory", "khuyến nghị", "advisory"},
    };
    const char *words = FIND(severities, severity, opt);
    if (severity == NULL)
        return;
    add_element(out, "span", "sev", words != NULL ? words : severity);
}

/* The hint's dates: what they mean depends on the status. */
static void add_hint(struct strbuf *out, const cJSON *entry, const struct report_html_options *opt)
{
    const cJSON *hint = cJSON_GetObjectItemCaseSensitive(entry, "hint");
    const char *status = json_string_member(entry, "status");
    int pending = status != NULL && strcmp(status, "pending") == 0;
    const char *earliest = json_string_member(hint, "earliest");
    const char *latest = json_string_member(hint, "latest");

    if (earliest != NULL) {
        strbuf_addf(out, "<p class=\"detail\"><b>%s</b> <span class=\"due\">",
                    pending ? T(opt, "Sớm nhất từ ngày:", "Not before:")
                            : T(opt, "Sớm nhất đạt vào:", "Met from:"));
        add_date(out, earliest, opt);
        strbuf_puts(out, "</span></p>\n");
    }
    if (latest != NULL) {
        strbuf_addf(out, "<p class=\"detail\"><b>%s</b> <span class=\"due\">",
                    pending ? T(opt, "Hạn chót:", "Due by:") : T(opt, "Còn đạt đến hết:", "Met until:"));
        add_date(out, latest, opt);
        strbuf_puts(out, "</span></p>\n");
    }
}

/* The missing paths, unless the message already names every one of them
 * (as the text report does: "Thiếu hồ sơ: ... (awareness_course)"). */
static void add_missing(struct strbuf *out, const cJSON *entry, const struct report_html_options *opt)
{
    const cJSON *missing = cJSON_GetObjectItemCaseSensitive(entry, "missing");
    const char *message = json_string_member(entry, "message");
    const cJSON *p;
    int n = 0, said = message != NULL;
    cJSON_ArrayForEach(p, missing)
        said = said && cJSON_IsString(p) && strstr(message, p->valuestring) != NULL;
    if (said)
        return;
    cJSON_ArrayForEach(p, missing) {
        if (!cJSON_IsString(p))
            continue;
        if (n++ == 0)
            strbuf_addf(out, "<p class=\"detail\"><b>%s</b> ", T(opt, "Cần bổ sung:", "Needed:"));
        else
            strbuf_puts(out, ", ");
        strbuf_puts(out, "<code>");
        report_html_escape(out, p->valuestring);
        strbuf_puts(out, "</code>");
    }
    if (n > 0)
        strbuf_puts(out, "</p>\n");
}

static void add_row(struct strbuf *out, const cJSON *entry, const struct report_html_options *opt)
{
    const char *status = json_string_member(entry, "status");
    const char *words = status_words(status, opt);
    const char *cite = json_string_member(entry, "cite");
    const char *edition = json_string_member(entry, "edition");

    strbuf_puts(out, "<tr><td>");
    add_element(out, "span", "rule", json_string_member(entry, "rule"));
    add_severity(out, json_string_member(entry, "severity"), opt);
    /* A known status names its own class; another is shown by its name. */
    strbuf_addf(out, "</td><td><span class=\"badge s-%s\">", words != NULL ? status : "other");
    report_html_escape(out, words != NULL ? words : status != NULL ? status : "?");
    strbuf_puts(out, "</span></td><td>");
    add_element(out, "p", "msg", json_string_member(entry, "message"));
    strbuf_puts(out, "\n");
    add_hint(out, entry, opt);
    add_missing(out, entry, opt);
    if (cite != NULL || edition != NULL) {
        strbuf_puts(out, "<p class=\"cite\">");
        if (cite != NULL) {
            strbuf_addf(out, "%s ", T(opt, "Căn cứ:", "Source:"));
            report_html_escape(out, cite);
        }
        if (edition != NULL) {
            strbuf_addf(out, "%s(%s ", cite != NULL ? " " : "",
                        T(opt, "quy định bản", "regulations of"));
            report_html_escape(out, edition);
            strbuf_puts(out, ")");
        }
        strbuf_puts(out, "</p>");
    }
    strbuf_puts(out, "</td></tr>\n");
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The rows of a BY_MESSAGE group: each reason once, in the order of its
 * first criterion, with every criterion of the group that gives it. */
static void add_rows_by_message(struct strbuf *out, const cJSON *results, const struct group *g)
{
    const cJSON *entry, *other;
    cJSON_ArrayForEach(entry, results) {
        const char *message = json_string_member(entry, "message");
        int seen = 0;
        if (group_of(entry) != g)
            continue;
        for (other = results->child; other != entry && !seen; other = other->next)
            seen = group_of(other) == g && same_text(json_string_member(other, "message"), message);
        if (seen)
            continue;
        strbuf_puts(out, "<tr><td>");
        report_html_escape(out, message);
        strbuf_puts(out, "</td><td>");
        int n = 0;
        for (other = entry; other != NULL; other = other->next) {
            if (group_of(other) != g || !same_text(json_string_member(other, "message"), message))
                continue;
            strbuf_puts(out, n++ ? ", " : "");
            add_element(out, "span", "rule", json_string_member(other, "rule"));
        }
        strbuf_puts(out, "</td></tr>\n");
    }
}

static void add_group(struct strbuf *out, const cJSON *results, const struct group *g,
                      const struct report_html_options *opt)
{
    const cJSON *entry;
    size_t n = 0;
    cJSON_ArrayForEach(entry, results)
        n += group_of(entry) == g;
    if (n == 0)
        return;
    strbuf_addf(out, "<section class=\"group %s\">\n<h2>", g->cls);
    strbuf_puts(out, T(opt, g->vi, g->en));
    strbuf_addf(out, " <span class=\"n\">(%zu)</span>", n);
    if (g->note_vi != NULL)
        add_element(out, "span", "note", T(opt, g->note_vi, g->note_en));
    if (g->layout == BY_MESSAGE) {
        strbuf_addf(out, "</h2>\n<table class=\"crit compact by-message\">\n"
                         "<colgroup><col class=\"c-reason\"><col></colgroup>\n"
                         "<thead><tr><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                    T(opt, "Lý do", "Reason"), T(opt, "Tiêu chí", "Criteria"));
        add_rows_by_message(out, results, g);
        strbuf_puts(out, "</tbody>\n</table>\n</section>\n");
        return;
    }
    strbuf_addf(out, "</h2>\n<table class=\"crit%s\">\n"
                     "<colgroup><col class=\"c-rule\"><col class=\"c-status\"><col></colgroup>\n"
                     "<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                g->layout == COMPACT ? " compact" : "", T(opt, "Tiêu chí", "Criterion"),
                T(opt, "Kết quả", "Result"), T(opt, "Lý do và căn cứ", "Reason and source"));
    cJSON_ArrayForEach(entry, results)
        if (group_of(entry) == g)
            add_row(out, entry, opt);
    strbuf_puts(out, "</tbody>\n</table>\n</section>\n");
}

/* ------------------------------------------------------------------ provenance */

static void add_prov_row_start(struct strbuf *out, const char *label)
{
    strbuf_addf(out, "<tr><th>%s</th><td>", label);
}

/* vncal's holiday schedules as the run used them. */
static void add_holidays(struct strbuf *out, const cJSON *plugins,
                         const struct report_html_options *opt)
{
    const cJSON *p;
    int vncal = 0;
    cJSON_ArrayForEach(p, plugins) {
        const char *name = json_string_member(p, "name");
        vncal |= name != NULL && strcmp(name, "vncal") == 0;
    }
    add_prov_row_start(out, T(opt, "Lịch ngày nghỉ (vncal)", "Holiday schedule (vncal)"));
    if (!vncal)
        strbuf_puts(out, T(opt, "không dùng (plugin vncal không được nạp)",
                           "not used (the vncal plugin is not loaded)"));
    else if (opt->holidays == NULL)
        strbuf_puts(out, T(opt, "mặc định (lịch nghỉ đã công bố đi kèm admit)",
                           "default (the announced schedules shipped with admit)"));
    else if (strcmp(opt->holidays, "none") == 0)
        strbuf_puts(out, T(opt, "chỉ ngày nghỉ tính theo luật (--holidays none)",
                           "the holidays computed from the law only (--holidays none)"));
    else {
        strbuf_puts(out, "<code>");
        report_html_escape(out, opt->holidays);
        strbuf_puts(out, "</code>");
    }
    strbuf_puts(out, "</td></tr>\n");
}

/* The run's time in local time with its offset from UTC. */
static void add_run_time(struct strbuf *out, const struct report_html_options *opt)
{
    struct tm tm;
    char when[64], zone[8];
    if (opt->run_time == 0 || localtime_r(&opt->run_time, &tm) == NULL)
        return;
    if (strftime(when, sizeof when, opt->lang == ADMIT_LANG_EN ? "%Y-%m-%d %H:%M:%S" :
                                                                 "%d/%m/%Y %H:%M:%S", &tm) == 0 ||
        strftime(zone, sizeof zone, "%z", &tm) != 5)
        return;
    add_prov_row_start(out, T(opt, "Thời điểm kiểm tra", "Checked at"));
    strbuf_addf(out, "%s (UTC%.3s:%s)</td></tr>\n", when, zone, zone + 3);
}

static void add_provenance(struct strbuf *out, const cJSON *result,
                           const struct report_html_options *opt)
{
    const cJSON *profile = cJSON_GetObjectItemCaseSensitive(result, "profile");
    const cJSON *plugins = cJSON_GetObjectItemCaseSensitive(result, "plugins");
    const cJSON *item;
    int n = 0;

    strbuf_addf(out, "<section class=\"prov\">\n<h2>%s</h2>\n<table>\n",
                T(opt, "Thông tin về lần kiểm tra", "About this check"));
    add_prov_row_start(out, T(opt, "Phần mềm", "Engine"));
    report_html_escape(out, json_string_member(result, "engine"));
    strbuf_puts(out, "</td></tr>\n");
    add_prov_row_start(out, T(opt, "Bộ quy tắc", "Ruleset"));
    strbuf_puts(out, "<code>");
    report_html_escape(out, json_string_member(result, "ruleset"));
    strbuf_puts(out, "</code></td></tr>\n");
    add_prov_row_start(out, T(opt, "Quy định áp dụng (profile)", "Profile chain"));
    cJSON_ArrayForEach(item, profile) {
        if (!cJSON_IsString(item))
            continue;
        strbuf_puts(out, n++ ? " → " : "");
        report_html_escape(out, item->valuestring);
    }
    strbuf_puts(out, n == 0 ? "—</td></tr>\n" : "</td></tr>\n");
    add_holidays(out, plugins, opt);
    add_prov_row_start(out, T(opt, "Plugin", "Plugins"));
    n = 0;
    cJSON_ArrayForEach(item, plugins) {
        strbuf_puts(out, n++ ? "" : "<ul>");
        strbuf_puts(out, "<li>");
        report_html_escape(out, json_string_member(item, "name"));
        strbuf_puts(out, " ");
        report_html_escape(out, json_string_member(item, "version"));
        strbuf_puts(out, " <code>sha256:");
        report_html_escape(out, json_string_member(item, "sha256"));
        strbuf_puts(out, "</code></li>");
    }
    strbuf_puts(out, n ? "</ul></td></tr>\n" : T(opt, "không có</td></tr>\n", "none</td></tr>\n"));
    add_run_time(out, opt);
    strbuf_puts(out, "</table>\n</section>\n");
}

static void add_signatures(struct strbuf *out, const struct report_html_options *opt)
{
    const char *date = T(opt, "……, ngày …… tháng …… năm ……", "Date: ……………………");
    strbuf_puts(out, "<section class=\"sig\">\n<div>");
    add_element(out, "p", "date", date);
    add_element(out, "p", "role", T(opt, "Người kiểm tra", "Checked by"));
    add_element(out, "p", "how", T(opt, "(ký, ghi rõ họ tên)", "(signature and full name)"));
    strbuf_puts(out, "<div class=\"space\"></div></div>\n<div>");
    add_element(out, "p", "date", date);
    add_element(out, "p", "role", T(opt, "Bí thư chi bộ", "Branch secretary"));
    add_element(out, "p", "how", T(opt, "(ký, ghi rõ họ tên)", "(signature and full name)"));
    strbuf_puts(out, "<div class=\"space\"></div></div>\n</section>\n");
}

/* ------------------------------------------------------------------ dossier */

static void add_input_error(struct strbuf *out, const cJSON *result, const cJSON *error,
                            const struct report_html_options *opt)
{
    const char *path = json_string_member(error, "path");
    strbuf_puts(out, "<header class=\"doc\">\n");
    add_element(out, "p", "kicker", T(opt, "Phiếu kiểm tra hồ sơ theo quy định của Đảng",
                                      "Dossier check against the Party's regulations"));
    strbuf_addf(out, "\n<h1>%s</h1>\n<table class=\"ident\">\n",
                T(opt, "KẾT QUẢ KIỂM TRA HỒ SƠ", "DOSSIER CHECK REPORT"));
    if (json_string_member(result, "dossier") != NULL) {
        strbuf_addf(out, "<tr><th>%s</th><td class=\"id\">", T(opt, "Mã hồ sơ", "Dossier"));
        report_html_escape(out, json_string_member(result, "dossier"));
        strbuf_puts(out, "</td></tr>\n");
    }
    strbuf_addf(out, "<tr><th>%s</th><td><code>", T(opt, "Tệp", "File"));
    report_html_escape(out, json_string_member(result, "input"));
    strbuf_puts(out, "</code></td></tr>\n</table>\n</header>\n");

    strbuf_puts(out, "<section class=\"verdict v-input_error error-box\">\n");
    add_element(out, "p", "label", T(opt, "Kết luận", "Verdict"));
    strbuf_puts(out, "\n");
    add_element(out, "p", "words", report_words_input_error(opt->lang));
    strbuf_addf(out, "\n<p class=\"why\">%s</p>\n",
                T(opt, "Hồ sơ không đọc được nên chưa kiểm tra tiêu chí nào. Sửa chỗ sai dưới đây "
                       "rồi kiểm tra lại.",
                  "The dossier could not be read, so no criterion was checked. Correct what is "
                  "shown below and check it again."));
    if (path != NULL && path[0] != '\0') {
        strbuf_addf(out, "<p class=\"detail\"><b>%s</b> <code>", T(opt, "Vị trí:", "Where:"));
        report_html_escape(out, path);
        strbuf_puts(out, "</code></p>\n");
    }
    strbuf_addf(out, "<p class=\"detail\"><b>%s</b> ", T(opt, "Lỗi:", "Error:"));
    report_html_escape(out, json_string_member(error, "message"));
    strbuf_puts(out, "</p>\n</section>\n");
}

void report_html_json(struct strbuf *out, const cJSON *result, const char *candidate,
                      const struct report_html_options *opt)
{
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(result, "input_error");
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(result, "results");

    strbuf_puts(out, "<article class=\"sheet\">\n");
    if (cJSON_IsObject(error)) {
        add_input_error(out, result, error, opt);
        strbuf_puts(out, "</article>\n");
        return;
    }
    add_header(out, result, candidate, opt);
    add_verdict(out, result, opt);
    for (size_t i = 0; i < GROUP_COUNT; i++)
        add_group(out, results, &groups[i], opt);
    /* Provenance and signatures stay together: a page with only the
     * signatures on it could be swapped. */
    strbuf_puts(out, "<div class=\"closing\">\n");
    add_provenance(out, result, opt);
    add_signatures(out, opt);
    strbuf_puts(out, "</div>\n");
    strbuf_puts(out, "</article>\n");
}

int report_html_result(struct strbuf *out, const struct result *r, const struct report_context *ctx,
                       const char *candidate, const struct report_html_options *opt)
{
    cJSON *json = report_json(r, ctx);
    if (json == NULL)
        return -1;
    report_html_json(out, json, candidate, opt);
    cJSON_Delete(json);
    return out->failed ? -1 : 0;
}

int report_html_page(struct strbuf *out, const struct result *r, const struct report_context *ctx,
                     const char *candidate, const struct report_html_options *opt)
{
    report_html_begin(out, r->dossier, opt);
    if (report_html_result(out, r, ctx, candidate, opt) != 0)
        return -1;
    report_html_end(out);
    return out->failed ? -1 : 0;
}
