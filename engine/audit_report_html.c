/*
 * audit_report_html.c - report.html: the audit's figures on one page for
 * the organisation department, from summary.json alone.
 *
 * Self-contained: inline CSS, charts as inline SVG drawn here, no script,
 * no external font, image or link; laid out for A4 portrait.  Every text
 * from the summary (committee ids, rule ids, labels, inputs) is escaped with
 * report_html_escape; verdict and procedure words are report_words.h's.
 * Members absent or of another type are shown as "—" or left out, never
 * trusted.
 */
#include "audit_report.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "json_member.h"
#include "report_html.h"
#include "report_words.h"

struct page {
    struct strbuf *out;
    enum admit_lang lang;
};

static const char *T(const struct page *p, const char *vi, const char *en)
{
    return p->lang == ADMIT_LANG_EN ? en : vi;
}

static long number_of(const cJSON *obj, const char *key)
{
    const cJSON *item = json_member(obj, key);
    return cJSON_IsNumber(item) && item->valuedouble >= 0 && item->valuedouble < 1e15
               ? (long)item->valuedouble : 0;
}

static void esc(const struct page *p, const char *text)
{
    report_html_escape(p->out, text);
}

/* An ISO date as the reader writes it (dd/mm/yyyy in Vietnamese). */
static void add_date(const struct page *p, const char *iso)
{
    admit_day day;
    char text[DATE_TEXT_SIZE];
    if (iso != NULL && date_parse(iso, strlen(iso), &day) == 0)
        strbuf_puts(p->out, p->lang == ADMIT_LANG_EN ? date_format_iso(day, text) : date_format_vi(day, text));
    else
        esc(p, iso != NULL ? iso : "—");
}

/* A percentage with one decimal, "106,7 %" in Vietnamese, "106.7%" in English. */
static void add_percent(const struct page *p, const cJSON *value)
{
    if (!cJSON_IsNumber(value)) {
        strbuf_puts(p->out, "—");
        return;
    }
    long tenths = (long)(value->valuedouble * 10.0 + (value->valuedouble >= 0 ? 0.5 : -0.5));
    long whole = labs(tenths) / 10, frac = labs(tenths) % 10;
    strbuf_addf(p->out, "%s%ld%s%ld%s", tenths < 0 ? "−" : "", whole,
                p->lang == ADMIT_LANG_EN ? "." : ",", frac, p->lang == ADMIT_LANG_EN ? "%" : "\u00a0%");
}

/* --------------------------------------------------------------- verdicts */

static const char *const verdicts[] = {"eligible", "ready", "incomplete", "not_eligible", "error"};
static const char *const verdict_fill[] = {"#2f8a55", "#2f6fb5", "#d9982b", "#b8323a", "#7d838c"};
#define VERDICT_COUNT 5

static const char *verdict_word(const struct page *p, const char *v)
{
    const char *w = report_words_verdict(v, p->lang);
    return w != NULL ? w : v;
}

/* ------------------------------------------------------------------ style */

static void add_style(const struct page *p)
{
    strbuf_puts(p->out,
        "<style>\n"
        "@page{size:A4;margin:14mm 14mm 16mm 16mm;@bottom-right{content:\"");
    strbuf_puts(p->out, T(p, "Trang ", "Page "));
    strbuf_puts(p->out,
        "\" counter(page) \" / \" counter(pages);font:8pt \"Liberation Sans\",Arial,sans-serif;color:#555}}\n"
        ":root{color-scheme:light;--ink:#1b1b1b;--muted:#5b5f66;--rule:#c9ced6;--ok:#1d6b3a;"
        "--bad:#a51d24;--warn:#8a5300;--info:#1f4f8f;--band:#f3f5f8}\n"
        "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
        "body{margin:0;background:#dfe3e8;color:var(--ink);"
        "font:10pt/1.4 \"Liberation Sans\",\"DejaVu Sans\",Arial,sans-serif}\n"
        ".sheet{box-sizing:border-box;background:#fff;max-width:210mm;margin:12px auto;"
        "padding:14mm 14mm 16mm 16mm;box-shadow:0 1px 6px rgba(0,0,0,.25)}\n"
        "header.doc{border-bottom:2px solid var(--ink);padding-bottom:3mm;margin-bottom:4mm}\n"
        ".kicker{margin:0;text-align:center;font-size:8.5pt;letter-spacing:.08em;color:var(--muted);"
        "text-transform:uppercase}\n"
        "h1{margin:1mm 0 2mm;text-align:center;font:bold 16pt \"Times New Roman\",\"Liberation Serif\",serif}\n"
        ".meta{margin:0;text-align:center;color:var(--muted);font-size:9pt}\n"
        "h2{font-size:11pt;margin:6mm 0 2mm;padding-bottom:1mm;border-bottom:1px solid var(--rule);"
        "break-after:avoid}\n"
        "h2 .note{font-weight:normal;font-size:8.5pt;color:var(--muted);margin-left:2mm}\n"
        "section{break-inside:avoid}\n"
        ".cards{display:flex;gap:3mm;margin:0}\n"
        ".card{flex:1;border:1px solid var(--rule);border-top:3px solid var(--c,#5b5f66);padding:2mm 3mm;"
        "background:#fff}\n"
        ".card .n{display:block;font-size:17pt;font-weight:bold}\n"
        ".card .l{display:block;font-size:8.5pt;color:var(--muted)}\n"
        "table{border-collapse:collapse;width:100%;font-size:9pt}\n"
        "th{text-align:left;font-weight:bold;color:var(--muted);font-size:8.5pt;border-bottom:1px solid var(--ink);"
        "padding:1mm 1.5mm}\n"
        "td{border-bottom:1px solid var(--rule);padding:1mm 1.5mm;vertical-align:top}\n"
        "td.name{white-space:nowrap}\n"
        "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
        "tbody tr:nth-child(even) td{background:var(--band)}\n"
        "code{font:8.5pt \"Liberation Mono\",\"DejaVu Sans Mono\",monospace}\n"
        ".quota{border:1px solid var(--rule);padding:2mm 3mm;margin:0 0 3mm;break-inside:avoid}\n"
        ".quota h3{margin:0;font-size:10pt}\n"
        ".quota .sub{margin:0 0 1mm;color:var(--muted);font-size:8.5pt}\n"
        ".quota .facts{margin:1mm 0 0;font-size:9pt}\n"
        ".bad{color:var(--bad);font-weight:bold}.ok{color:var(--ok);font-weight:bold}\n"
        "svg{display:block;width:100%;height:auto}\n"
        "svg text{font-family:\"Liberation Sans\",\"DejaVu Sans\",Arial,sans-serif}\n"
        ".legend{margin:1mm 0 0;font-size:8.5pt;color:var(--muted)}\n"
        ".legend span{display:inline-block;margin-right:4mm}\n"
        ".legend i{display:inline-block;width:3mm;height:3mm;margin-right:1mm;vertical-align:-.3mm}\n"
        ".empty{color:var(--muted);font-style:italic;margin:0}\n"
        "footer.prov{margin-top:6mm;border-top:1px solid var(--rule);padding-top:2mm;font-size:8pt;"
        "color:var(--muted)}\n"
        "footer.prov p{margin:0}\n"
        "@media print{body{background:none}.sheet{margin:0;padding:0;max-width:none;box-shadow:none}}\n"
        "</style>\n");
}

/* --------------------------------------------------------------- sections */

static void add_header(const struct page *p, const cJSON *s)
{
    strbuf_puts(p->out, "<header class=\"doc\"><p class=\"kicker\">");
    strbuf_puts(p->out, T(p, "Rà soát hồ sơ kết nạp đảng viên và công nhận đảng viên chính thức",
                          "Audit of admissions and recognitions as official members"));
    strbuf_puts(p->out, "</p><h1>");
    strbuf_puts(p->out, T(p, "BÁO CÁO KẾT QUẢ RÀ SOÁT", "AUDIT REPORT"));
    strbuf_puts(p->out, "</h1><p class=\"meta\">");
    strbuf_puts(p->out, T(p, "Ngày đánh giá: ", "Evaluation date: "));
    add_date(p, json_string_member(s, "as_of"));
    const cJSON *inputs = json_member(s, "inputs"), *in;
    if (cJSON_GetArraySize(inputs) > 0) {
        strbuf_puts(p->out, " · ");
        strbuf_puts(p->out, T(p, "Dữ liệu: ", "Inputs: "));
        int first = 1;
        cJSON_ArrayForEach(in, inputs) {
            if (!cJSON_IsString(in))
                continue;
            strbuf_puts(p->out, first ? "<code>" : ", <code>");
            esc(p, in->valuestring);
            strbuf_puts(p->out, "</code>");
            first = 0;
        }
    }
    strbuf_puts(p->out, "</p></header>\n");
}

static void add_card(const struct page *p, long n, const char *label, const char *colour)
{
    strbuf_addf(p->out, "<div class=\"card\" style=\"--c:%s\"><span class=\"n\">%ld</span><span class=\"l\">",
                colour, n);
    esc(p, label);
    strbuf_puts(p->out, "</span></div>");
}

static void add_cards(const struct page *p, const cJSON *s)
{
    const cJSON *v = json_member(s, "verdicts");
    strbuf_puts(p->out, "<section><div class=\"cards\">");
    add_card(p, number_of(s, "records"), T(p, "bản ghi đã đọc", "records read"), "#1b1b1b");
    for (int i = 0; i < VERDICT_COUNT; i++) {
        if (i == 1 && json_member(v, "ready") == NULL)
            continue;   /* "ready" only when the summary counts it */
        add_card(p, number_of(v, verdicts[i]), verdict_word(p, verdicts[i]), verdict_fill[i]);
    }
    add_card(p, number_of(s, "input_errors"), report_words_input_error(p->lang), "#7d838c");
    strbuf_puts(p->out, "</div>");
    const cJSON *proc = json_member(s, "procedures"), *item;
    if (cJSON_GetArraySize(proc) > 0) {
        strbuf_puts(p->out, "<p class=\"legend\">");
        int first = 1;
        cJSON_ArrayForEach(item, proc) {
            const char *w = report_words_procedure(item->string, p->lang);
            strbuf_puts(p->out, first ? "" : " · ");
            esc(p, w != NULL ? w : item->string);
            strbuf_addf(p->out, ": <b>%ld</b>", cJSON_IsNumber(item) ? (long)item->valuedouble : 0L);
            first = 0;
        }
        strbuf_puts(p->out, "</p>");
    }
    strbuf_puts(p->out, "</section>\n");
}

/* The colours of the verdicts that `shown` marks. */
static void add_legend(const struct page *p, const int shown[VERDICT_COUNT])
{
    strbuf_puts(p->out, "<p class=\"legend\">");
    for (int i = 0; i < VERDICT_COUNT; i++) {
        if (!shown[i])
            continue;
        strbuf_addf(p->out, "<span><i style=\"background:%s\"></i>", verdict_fill[i]);
        esc(p, verdict_word(p, verdicts[i]));
        strbuf_puts(p->out, "</span>");
    }
    strbuf_puts(p->out, "</p>");
}

/* A tick step giving about four to six gridlines up to `max`. */
static long nice_step(long max)
{
    static const long steps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (max / steps[i] <= 5)
            return steps[i];
    long step = 10000;
    while (max / step > 5)
        step *= 10;
    return step;
}

/* Records per regulation edition (of the main anchor), one line. */
static void add_editions(const struct page *p, const cJSON *s)
{
    const cJSON *by = json_member(s, "by_edition"), *e;
    if (cJSON_GetArraySize(by) == 0)
        return;
    strbuf_puts(p->out, "<p class=\"legend\">");
    strbuf_puts(p->out, T(p, "Theo văn bản áp dụng (ấn bản quy định): ", "By edition of the regulation: "));
    int first = 1;
    cJSON_ArrayForEach(e, by) {
        long total = 0, bad = number_of(e, "not_eligible");
        for (int i = 0; i < VERDICT_COUNT; i++)
            total += number_of(e, verdicts[i]);
        strbuf_puts(p->out, first ? "<b>" : " · <b>");
        esc(p, e->string);
        strbuf_addf(p->out, "</b> %ld %s", total, T(p, "hồ sơ", "records"));
        if (bad > 0) {
            strbuf_addf(p->out, " (%ld ", bad);
            esc(p, verdict_word(p, "not_eligible"));
            strbuf_puts(p->out, ")");
        }
        first = 0;
    }
    strbuf_puts(p->out, "</p>");
}

/* Verdicts by year: stacked columns. */
static void add_by_year(const struct page *p, const cJSON *s)
{
    const cJSON *by_year = json_member(s, "by_year"), *year;
    int n = cJSON_GetArraySize(by_year);
    strbuf_puts(p->out, "<section><h2>");
    strbuf_puts(p->out, T(p, "Kết luận theo năm", "Verdicts by year"));
    strbuf_puts(p->out, "<span class=\"note\">");
    strbuf_puts(p->out, T(p, "năm của ngày mốc chính (chi bộ xét)", "year of the main anchor (branch vote)"));
    strbuf_puts(p->out, "</span></h2>");
    if (n == 0) {
        strbuf_addf(p->out, "<p class=\"empty\">%s</p></section>\n", T(p, "Không có hồ sơ.", "No records."));
        return;
    }
    long max = 1;
    int shown[VERDICT_COUNT] = {0};
    cJSON_ArrayForEach(year, by_year) {
        long total = 0;
        for (int i = 0; i < VERDICT_COUNT; i++) {
            total += number_of(year, verdicts[i]);
            shown[i] |= number_of(year, verdicts[i]) > 0;
        }
        if (total > max)
            max = total;
    }
    long step = nice_step(max);
    long top = (max + step - 1) / step * step;
    const int W = 640, H = 200, left = 36, bottom = 22, plot_h = H - bottom - 8;
    double slot = (double)(W - left - 4) / n;
    double bar = slot * 0.6 > 60 ? 60 : slot * 0.6;
    strbuf_addf(p->out, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", W, H,
                T(p, "Kết luận theo năm", "Verdicts by year"));
    for (long t = 0; t <= top; t += step) {
        double y = 8 + plot_h - (double)plot_h * t / top;
        strbuf_addf(p->out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"0.6\"/>"
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\" fill=\"#5b5f66\">%ld</text>",
                    left, W - 4, y, y, t == 0 ? "#1b1b1b" : "#d5d9df", left - 4, y + 3, t);
    }
    int k = 0;
    cJSON_ArrayForEach(year, by_year) {
        double x = left + slot * k + (slot - bar) / 2;
        double y = 8 + plot_h;
        long total = 0;
        for (int i = 0; i < VERDICT_COUNT; i++) {
            long c = number_of(year, verdicts[i]);
            if (c == 0)
                continue;
            double h = (double)plot_h * c / top;
            y -= h;
            strbuf_addf(p->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        "<title>", x, y, bar, h, verdict_fill[i]);
            esc(p, year->string);
            strbuf_puts(p->out, ": ");
            esc(p, verdict_word(p, verdicts[i]));
            strbuf_addf(p->out, " %ld</title></rect>", c);
            total += c;
        }
        strbuf_addf(p->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\" "
                    "font-weight=\"bold\">%ld</text>", x + bar / 2, y - 3, total);
        strbuf_addf(p->out, "<text x=\"%.1f\" y=\"%d\" font-size=\"9.5\" text-anchor=\"middle\">",
                    x + bar / 2, H - 7);
        esc(p, year->string);
        strbuf_puts(p->out, "</text>");
        k++;
    }
    strbuf_puts(p->out, "</svg>");
    add_legend(p, shown);
    add_editions(p, s);
    strbuf_puts(p->out, "</section>\n");
}

/* Horizontal bars of {name: count}, largest first, at most `limit`. */
struct bar {
    const char *name;
    long n;
};

static int cmp_bar(const void *a, const void *b)
{
    const struct bar *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->name, y->name);
}

static void add_bars(const struct page *p, struct bar *bars, size_t n, size_t limit, const char *fill)
{
    qsort(bars, n, sizeof *bars, cmp_bar);
    if (n > limit)
        n = limit;
    long max = n > 0 && bars[0].n > 0 ? bars[0].n : 1;
    const int W = 640, row = 17, label = 170;
    strbuf_addf(p->out, "<svg viewBox=\"0 0 %d %zu\" role=\"img\">", W, n * row + 4);
    for (size_t i = 0; i < n; i++) {
        double w = (double)(W - label - 50) * bars[i].n / max;
        size_t y = i * row + 2;
        strbuf_addf(p->out, "<text x=\"%d\" y=\"%zu\" font-size=\"9.5\" text-anchor=\"end\" "
                    "font-family=\"Liberation Mono,DejaVu Sans Mono,monospace\">", label - 6, y + 11);
        esc(p, bars[i].name);
        strbuf_addf(p->out, "</text><rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                    "<text x=\"%.1f\" y=\"%zu\" font-size=\"9.5\" font-weight=\"bold\">%ld</text>",
                    label, y + 1, w < 1 ? 1 : w, row - 5, fill, label + (w < 1 ? 1 : w) + 4, y + 11, bars[i].n);
    }
    strbuf_puts(p->out, "</svg>");
}

/* Rules that failed (eligibility: the process ones are shown below). */
static void add_failing_rules(const struct page *p, const cJSON *s)
{
    const cJSON *rules = json_member(s, "rules"), *process = json_member(s, "process_violations"), *rule;
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(rules);
    struct bar *bars = calloc(cap ? cap : 1, sizeof *bars);
    if (bars == NULL) {
        p->out->failed = 1;
        return;
    }
    cJSON_ArrayForEach(rule, rules) {
        long fail = number_of(rule, "fail");
        if (rule->string != NULL && fail > 0 && json_member(process, rule->string) == NULL)
            bars[n++] = (struct bar){rule->string, fail};
    }
    strbuf_puts(p->out, "<section><h2>");
    strbuf_puts(p->out, T(p, "Tiêu chí không đạt", "Failing criteria"));
    strbuf_puts(p->out, "<span class=\"note\">");
    strbuf_puts(p->out, T(p, "số hồ sơ không đạt từng tiêu chí (10 tiêu chí nhiều nhất)",
                          "dossiers failing each criterion (the 10 most frequent)"));
    strbuf_puts(p->out, "</span></h2>");
    if (n == 0)
        strbuf_addf(p->out, "<p class=\"empty\">%s</p>",
                    T(p, "Không hồ sơ nào có tiêu chí không đạt.", "No dossier fails a criterion."));
    else
        add_bars(p, bars, n, 10, "#b8323a");
    strbuf_puts(p->out, "</section>\n");
    free(bars);
}

static void add_process(const struct page *p, const cJSON *s)
{
    const cJSON *process = json_member(s, "process_violations"), *item;
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(process);
    struct bar *bars = calloc(cap ? cap : 1, sizeof *bars);
    if (bars == NULL) {
        p->out->failed = 1;
        return;
    }
    cJSON_ArrayForEach(item, process)
        if (item->string != NULL && cJSON_IsNumber(item) && item->valuedouble > 0 && item->valuedouble < 1e15)
            bars[n++] = (struct bar){item->string, (long)item->valuedouble};
    strbuf_puts(p->out, "<section><h2>");
    strbuf_puts(p->out, T(p, "Vi phạm quy trình", "Process violations"));
    strbuf_puts(p->out, "<span class=\"note\">");
    strbuf_puts(p->out, T(p, "bước làm trễ hạn hoặc sai thẩm quyền; không làm thay đổi kết luận",
                          "late or unauthorised steps; they do not change the verdict"));
    strbuf_puts(p->out, "</span></h2>");
    if (n == 0)
        strbuf_addf(p->out, "<p class=\"empty\">%s</p>",
                    T(p, "Không có vi phạm quy trình.", "No process violation."));
    else
        add_bars(p, bars, n, 10, "#d9982b");
    strbuf_puts(p->out, "</section>\n");
    free(bars);
}

/* One target: bar against the target and the adjusted target. */
static void add_quota(const struct page *p, const cJSON *q)
{
    const cJSON *label = json_member(q, "label");
    const char *title = json_string_member(label, p->lang == ADMIT_LANG_EN ? "en" : "vi");
    long target = number_of(q, "target"), adjusted = number_of(q, "target_adjusted");
    long admitted = number_of(q, "admitted"), projected = number_of(q, "projected");
    strbuf_puts(p->out, "<div class=\"quota\"><h3>");
    esc(p, title != NULL ? title : json_string_member(q, "id"));
    strbuf_puts(p->out, "</h3><p class=\"sub\"><code>");
    esc(p, json_string_member(q, "committee"));
    strbuf_puts(p->out, "</code> · ");
    add_date(p, json_string_member(q, "from"));
    strbuf_puts(p->out, " – ");
    add_date(p, json_string_member(q, "until"));
    const char *source = json_string_member(q, "source");
    if (source != NULL) {
        strbuf_puts(p->out, " · ");
        esc(p, source);
    }
    strbuf_puts(p->out, "</p>");

    long scale = target;
    if (adjusted > scale) scale = adjusted;
    if (admitted > scale) scale = admitted;
    if (projected > scale) scale = projected;
    if (scale <= 0) scale = 1;
    const int W = 640, x0 = 4, plot = W - 8;
    double wa = (double)plot * admitted / scale, wp = (double)plot * projected / scale;
    strbuf_addf(p->out, "<svg viewBox=\"0 0 %d 46\" role=\"img\">", W);
    strbuf_addf(p->out, "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"16\" fill=\"#eef0f3\"/>", x0, plot);
    if (projected > admitted)
        strbuf_addf(p->out, "<rect x=\"%d\" y=\"10\" width=\"%.1f\" height=\"16\" fill=\"#a9c4e6\"/>", x0, wp);
    strbuf_addf(p->out, "<rect x=\"%d\" y=\"10\" width=\"%.1f\" height=\"16\" fill=\"#1f4f8f\"/>", x0, wa);
    /* markers: the target, then the adjusted target when it differs */
    long marks[2] = {target, adjusted};
    const char *names[2] = {T(p, "chỉ tiêu giao", "planned"), T(p, "sau điều chỉnh", "adjusted")};
    for (int i = 0; i < 2; i++) {
        if (i == 1 && adjusted == target)
            break;
        double x = x0 + (double)plot * marks[i] / scale;
        const char *anchor = x > W - 80 ? "end" : x < 80 ? "start" : "middle";
        strbuf_addf(p->out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"5\" y2=\"31\" stroke=\"#1b1b1b\" stroke-width=\"2\"/>"
                    "<text x=\"%.1f\" y=\"42\" font-size=\"9\" text-anchor=\"%s\">", x, x, x, anchor);
        esc(p, names[i]);
        strbuf_addf(p->out, " %ld</text>", marks[i]);
    }
    strbuf_addf(p->out, "<text x=\"%.1f\" y=\"22\" font-size=\"9.5\" font-weight=\"bold\" fill=\"%s\" "
                "text-anchor=\"%s\">%ld</text>", wa > 30 ? x0 + wa - 4 : x0 + wa + 4,
                wa > 30 ? "#fff" : "#1b1b1b", wa > 30 ? "end" : "start", admitted);
    strbuf_puts(p->out, "</svg>");

    strbuf_puts(p->out, "<p class=\"facts\">");
    strbuf_addf(p->out, "%s <b>%ld</b> = <b>", T(p, "Đã kết nạp", "Admitted"), admitted);
    add_percent(p, json_member(q, "percent"));
    strbuf_addf(p->out, "</b> %s %ld", T(p, "chỉ tiêu giao", "of the planned"), target);
    if (adjusted != target) {
        strbuf_puts(p->out, ", <b>");
        add_percent(p, json_member(q, "percent_adjusted"));
        strbuf_addf(p->out, "</b> %s %ld", T(p, "chỉ tiêu sau điều chỉnh", "of the adjusted"), adjusted);
    }
    long bad = number_of(q, "admitted_not_eligible");
    strbuf_addf(p->out, " · <span class=\"%s\">%s: %ld</span>", bad > 0 ? "bad" : "ok",
                T(p, "kết nạp khi chưa đủ điều kiện", "admitted while not eligible"), bad);
    strbuf_addf(p->out, " · %s: %ld · %s: %ld", T(p, "đang xét", "in progress"), number_of(q, "in_progress"),
                T(p, "dự kiến đến hết kỳ", "projected by the end"), projected);
    const cJSON *adj;
    cJSON_ArrayForEach(adj, json_member(q, "adjustments")) {
        const cJSON *delta = json_member(adj, "delta");
        strbuf_puts(p->out, "<br>");
        strbuf_puts(p->out, T(p, "Điều chỉnh ngày ", "Adjusted on "));
        add_date(p, json_string_member(adj, "date"));
        strbuf_addf(p->out, ": %+ld", cJSON_IsNumber(delta) ? (long)delta->valuedouble : 0L);
        if (json_string_member(adj, "source") != NULL) {
            strbuf_puts(p->out, " (");
            esc(p, json_string_member(adj, "source"));
            strbuf_puts(p->out, ")");
        }
    }
    strbuf_puts(p->out, "</p>");

    const cJSON *by_branch = json_member(q, "by_branch"), *b;
    if (cJSON_GetArraySize(by_branch) > 0) {
        strbuf_puts(p->out, "<p class=\"legend\">");
        strbuf_puts(p->out, T(p, "Theo chi bộ: ", "By branch: "));
        int first = 1;
        cJSON_ArrayForEach(b, by_branch) {
            strbuf_puts(p->out, first ? "<code>" : ", <code>");
            esc(p, b->string != NULL && b->string[0] ? b->string : "?");
            strbuf_addf(p->out, "</code> %ld", cJSON_IsNumber(b) ? (long)b->valuedouble : 0L);
            first = 0;
        }
        strbuf_puts(p->out, "</p>");
    }
    strbuf_puts(p->out, "</div>");
}

static void add_quotas(const struct page *p, const cJSON *s)
{
    const cJSON *quotas = json_member(s, "quotas"), *q;
    if (cJSON_GetArraySize(quotas) == 0)
        return;
    strbuf_puts(p->out, "<section><h2>");
    strbuf_puts(p->out, T(p, "Thực hiện chỉ tiêu kết nạp", "Admission targets"));
    strbuf_puts(p->out, "<span class=\"note\">");
    strbuf_puts(p->out, T(p, "quyết định kết nạp trong kỳ, đến ngày đánh giá; nhạt: dự kiến",
                          "admission decisions in the period up to the evaluation date; light: projected"));
    strbuf_puts(p->out, "</span></h2>");
    cJSON_ArrayForEach(q, quotas)
        add_quota(p, q);
    strbuf_puts(p->out, "</section>\n");
}

static void add_committees(const struct page *p, const cJSON *s)
{
    const cJSON *by = json_member(s, "by_committee"), *c;
    if (cJSON_GetArraySize(by) == 0)
        return;
    strbuf_puts(p->out, "<section><h2>");
    strbuf_puts(p->out, T(p, "Theo cấp ủy và chi bộ", "By committee and branch"));
    strbuf_puts(p->out, "<span class=\"note\">");
    strbuf_puts(p->out, T(p, "mỗi hồ sơ được tính ở mọi cấp trên đường tổ chức của nó",
                          "each record counts under every committee of its path"));
    strbuf_puts(p->out, "</span></h2><table><thead><tr><th>");
    strbuf_puts(p->out, T(p, "Cấp ủy / chi bộ", "Committee / branch"));
    strbuf_puts(p->out, "</th>");
    for (int i = 0; i < VERDICT_COUNT; i++) {
        strbuf_puts(p->out, "<th class=\"n\">");
        esc(p, verdict_word(p, verdicts[i]));
        strbuf_puts(p->out, "</th>");
    }
    strbuf_addf(p->out, "<th class=\"n\">%s</th></tr></thead><tbody>", T(p, "Tổng", "Total"));
    /* the widest committees first (each record counts at every level of its
     * path, so the levels above the branches come first), then by name */
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(by);
    struct bar *order = calloc(cap ? cap : 1, sizeof *order);
    if (order == NULL) {
        p->out->failed = 1;
        return;
    }
    cJSON_ArrayForEach(c, by) {
        long total = 0;
        if (c->string == NULL)
            continue;   /* an array where an object was expected */
        for (int i = 0; i < VERDICT_COUNT; i++)
            total += number_of(c, verdicts[i]);
        order[n++] = (struct bar){c->string, total};
    }
    qsort(order, n, sizeof *order, cmp_bar);
    for (size_t k = 0; k < n; k++) {
        long total = 0;
        c = json_member(by, order[k].name);
        strbuf_puts(p->out, "<tr><td class=\"name\"><code>");
        esc(p, c->string);
        strbuf_puts(p->out, "</code></td>");
        for (int i = 0; i < VERDICT_COUNT; i++) {
            long count = number_of(c, verdicts[i]);
            total += count;
            strbuf_addf(p->out, "<td class=\"n%s\">%ld</td>", i == 3 && count > 0 ? " bad" : "", count);
        }
        strbuf_addf(p->out, "<td class=\"n\"><b>%ld</b></td></tr>", total);
    }
    free(order);
    strbuf_puts(p->out, "</tbody></table></section>\n");
}

static void add_provenance(const struct page *p, const cJSON *s)
{
    const cJSON *run = json_member(s, "run");
    strbuf_puts(p->out, "<footer class=\"prov\"><p>");
    strbuf_puts(p->out, T(p, "Bộ quy tắc: ", "Ruleset: "));
    strbuf_puts(p->out, "<code>");
    esc(p, json_string_member(s, "ruleset") != NULL ? json_string_member(s, "ruleset") : "—");
    strbuf_puts(p->out, "</code></p><p>");
    strbuf_addf(p->out, "%s %ld · %s %ld · %s %ld", T(p, "Bản ghi:", "Records:"), number_of(s, "records"),
                T(p, "đã kiểm tra:", "evaluated:"), number_of(s, "evaluated"),
                T(p, "không hợp lệ:", "invalid:"), number_of(s, "input_errors"));
    if (json_string_member(run, "started") != NULL) {
        strbuf_puts(p->out, " · ");
        strbuf_puts(p->out, T(p, "chạy lúc ", "run at "));
        esc(p, json_string_member(run, "started"));
    }
    strbuf_puts(p->out, "</p><p>");
    strbuf_puts(p->out, T(p, "Báo cáo do admit lập từ summary.json; chi tiết từng hồ sơ trong results.jsonl và report.csv.",
                          "Made by admit from summary.json; each record's details are in results.jsonl and report.csv."));
    strbuf_puts(p->out, "</p></footer>\n");
}

void audit_report_html(struct strbuf *out, const cJSON *summary, enum admit_lang lang)
{
    struct page page = {out, lang}, *p = &page;
    strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
                lang == ADMIT_LANG_EN ? "en" : "vi");
    strbuf_puts(out, T(p, "Báo cáo rà soát", "Audit report"));
    if (json_string_member(summary, "as_of") != NULL) {
        strbuf_puts(out, " ");
        add_date(p, json_string_member(summary, "as_of"));
    }
    strbuf_puts(out, "</title>\n");
    add_style(p);
    strbuf_puts(out, "</head><body><main class=\"sheet\">\n");
    add_header(p, summary);
    add_cards(p, summary);
    add_quotas(p, summary);
    add_by_year(p, summary);
    add_failing_rules(p, summary);
    add_process(p, summary);
    add_committees(p, summary);
    add_provenance(p, summary);
    strbuf_puts(out, "</main></body></html>\n");
}
