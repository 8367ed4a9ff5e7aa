/*
 * test_report_html.c - the printed report (engine/report_html.c) and the
 * words it shares with the text report (engine/report_words.c): escaping,
 * the page's structure (balanced elements, nothing external, no script),
 * the grouping order, dates, provenance, statuses and verdicts the
 * renderer does not know, the input-error form, English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "outcome.h"
#include "plugin.h"
#include "report_html.h"
#include "report_words.h"
#include "result.h"

/* ------------------------------------------------------------------ helpers */

static const struct report_html_options vi_options = {ADMIT_LANG_VI, NULL, 0};

/* report_html_escape of `text` as a new string; the caller frees it. */
static char *escaped(const char *text)
{
    struct strbuf sb;
    strbuf_init(&sb);
    report_html_escape(&sb, text);
    char *s = strbuf_detach(&sb);
    assert_non_null(s);
    return s;
}

static void assert_escapes(const char *text, const char *expected)
{
    char *s = escaped(text);
    assert_string_equal(s, expected);
    free(s);
}

/* Position of `needle` in `page`; fails the test when absent. */
static size_t position(const char *page, const char *needle)
{
    const char *p = strstr(page, needle);
    if (p == NULL)
        fail_msg("\"%s\" is not in the page", needle);
    return (size_t)(p - page);
}

static void assert_contains(const char *page, const char *needle)
{
    (void)position(page, needle);
}

static void assert_lacks(const char *page, const char *needle)
{
    if (strstr(page, needle) != NULL)
        fail_msg("\"%s\" should not be in the page", needle);
}

/* Elements HTML writes without an end tag. */
static int is_void(const char *name, size_t n)
{
    static const char *const names[] = {"meta", "col", "br", "hr", "img", "link", "input"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && strncmp(names[i], name, n) == 0)
            return 1;
    return 0;
}

/*
 * Every element opened is closed, in order; no '<' or '>' outside a tag
 * (text is escaped); attribute values are quoted without '<' or '>'.
 * Fails the test at the first fault, naming its offset.
 */
static void assert_balanced(const char *page)
{
    const char *stack[256];
    size_t lens[256], depth = 0;
    const char *p = strstr(page, "<!DOCTYPE html>\n");
    assert_ptr_equal(p, page);
    p += strlen("<!DOCTYPE html>\n");
    for (; *p; p++) {
        if (*p == '>')
            fail_msg("stray '>' at offset %zu", (size_t)(p - page));
        if (*p != '<')
            continue;
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (n == 0)
            fail_msg("stray '<' at offset %zu", (size_t)(p - page));
        const char *end = name + n;
        while (*end && *end != '>') {
            if (*end == '<')
                fail_msg("'<' inside a tag at offset %zu", (size_t)(end - page));
            if (*end == '"') {
                const char *q = strchr(end + 1, '"');
                assert_non_null(q);
                end = q;
            }
            end++;
        }
        assert_int_equal(*end, '>');
        if (closing) {
            if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], name, n) != 0)
                fail_msg("</%.*s> at offset %zu does not close the open element", (int)n, name,
                         (size_t)(p - page));
            depth--;
        } else if (!is_void(name, n)) {
            assert_true(depth < 256);
            stack[depth] = name;
            lens[depth++] = n;
        }
        if (!closing && ((n == 5 && strncmp(name, "style", 5) == 0))) {
            const char *close = strstr(end, "</style>");   /* CSS is not markup */
            assert_non_null(close);
            end = close - 1;
        }
        p = end;
    }
    assert_int_equal(depth, 0);
}

/* Nothing a printed page must not have: script, a network reference. */
static void assert_self_contained(const char *page)
{
    assert_lacks(page, "<script");
    assert_lacks(page, "http://");
    assert_lacks(page, "https://");
    assert_lacks(page, "src=");
    assert_lacks(page, "href=");
    assert_lacks(page, "@import");
    assert_lacks(page, "url(");
}

static void add_entry(struct result *r, const char *rule, enum rule_status status,
                      enum rule_severity severity, const char *cite, const char *message)
{
    struct outcome out;
    outcome_init(&out);
    outcome_set(&out, status, "code");
    if (status == RULE_FAIL)
        out.earliest = date_from_ymd(2023, 6, 1);
    if (status == RULE_MISSING)
        assert_int_equal(outcome_add_missing(&out, "awareness_course.issued_on"), 0);
    char *copy = strdup(message);
    assert_non_null(copy);
    assert_int_equal(result_add(r, rule, severity, "2021", cite, copy, &out), 0);
    outcome_release(&out);
}

/* A dossier with one entry of each kind the engine makes, in an order that
 * is not the page's. */
static struct result *sample_result(void)
{
    struct result *r = result_new("dossier.json");
    assert_non_null(r);
    r->dossier = strdup("DT-2023-<009>");
    r->procedure = strdup("admission");
    assert_non_null(r->dossier);
    assert_non_null(r->procedure);
    r->as_of = date_from_ymd(2023, 5, 10);
    add_entry(r, "elig.citizen", RULE_PASS, SEVERITY_ELIGIBILITY, "Điều lệ Đảng, Điều 1",
              "Người vào Đảng là công dân Việt Nam");
    add_entry(r, "readm.wait", RULE_NOT_APPLICABLE, SEVERITY_ELIGIBILITY, NULL,
              "Không áp dụng: không phải kết nạp lại");
    add_entry(r, "special.note", RULE_WARN, SEVERITY_ADVISORY, NULL, "Cần xem thêm");
    add_entry(r, "decision.deadline", RULE_FAIL, SEVERITY_PROCESS, "Quy định 24, điểm 4.3.1",
              "Quyết định ra muộn");
    add_entry(r, "train.awareness", RULE_MISSING, SEVERITY_ELIGIBILITY, "Hướng dẫn 01, điểm 3.1",
              "Thiếu giấy chứng nhận");
    add_entry(r, "age.min", RULE_FAIL, SEVERITY_ELIGIBILITY, "Quy định 24 \"1.1.1\" & 'x'",
              "Chưa đủ tuổi <script>alert(1)</script>");
    result_finish(r);
    return r;
}

/* The page of sample_result() with `opt`; the caller frees it. */
static char *sample_page(const struct report_html_options *opt, const char *candidate)
{
    struct plugin_set *plugins = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    assert_int_equal(plugin_set_empty(&plugins, &err), ADMIT_OK);
    const char *profile[] = {"central", "tinh-dong-thap"};
    struct report_context ctx = {"admit 0.1.0", "sha256:abc123", profile, 2, plugins, NULL, NULL};
    struct result *r = sample_result();
    struct strbuf sb;
    strbuf_init(&sb);
    assert_int_equal(report_html_page(&sb, r, &ctx, candidate, opt), 0);
    result_free(r);
    plugin_set_free(plugins);
    char *page = strbuf_detach(&sb);
    assert_non_null(page);
    return page;
}

/* The section of the JSON result `text` inside a page; the caller frees it. */
static char *json_page(const char *text, const char *candidate, const struct report_html_options *opt)
{
    cJSON *json = cJSON_Parse(text);
    assert_non_null(json);
    struct strbuf sb;
    strbuf_init(&sb);
    report_html_begin(&sb, NULL, opt);
    report_html_json(&sb, json, candidate, opt);
    report_html_end(&sb);
    cJSON_Delete(json);
    char *page = strbuf_detach(&sb);
    assert_non_null(page);
    return page;
}

/* ------------------------------------------------------------------ escaping */

static void test_escape_specials(void **state)
{
    (void)state;
    assert_escapes("a & b < c > d \" e ' f", "a &amp; b &lt; c &gt; d &quot; e &#39; f");
    assert_escapes("<script>", "&lt;script&gt;");
    assert_escapes("&amp;", "&amp;amp;");   /* escaped once more, never taken as an entity */
    assert_escapes("", "");
    assert_escapes("plain", "plain");
}

static void test_escape_utf8(void **state)
{
    (void)state;
    assert_escapes("Trần Văn Nam — Điều 1.2", "Trần Văn Nam — Điều 1.2");
    assert_escapes("tab\tline\nend\r", "tab\tline\nend\r");
    /* A lone continuation byte, a truncated sequence, an overlong '<'. */
    assert_escapes("a\x80z", "a\xEF\xBF\xBDz");
    assert_escapes("a\xE1\xBA", "a\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_escapes("\xC0\xBC", "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* Control characters HTML refuses: C0 but whitespace, DEL, C1. */
    assert_escapes("a\x01" "b\x7F" "c\xC2\x85" "d", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d");
}

static void test_escape_null(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_puts(&sb, "x");
    report_html_escape(&sb, NULL);
    assert_string_equal(sb.buf, "x");
    strbuf_release(&sb);
}

/* ------------------------------------------------------------------ words */

static void test_words(void **state)
{
    (void)state;
    assert_string_equal(report_words_verdict("eligible", ADMIT_LANG_VI), "ĐỦ ĐIỀU KIỆN");
    assert_string_equal(report_words_verdict("not_eligible", ADMIT_LANG_VI), "KHÔNG ĐỦ ĐIỀU KIỆN");
    assert_string_equal(report_words_verdict("incomplete", ADMIT_LANG_VI), "CHƯA ĐỦ HỒ SƠ");
    assert_string_equal(report_words_verdict("ready", ADMIT_LANG_VI), "SẴN SÀNG cho bước tiếp theo");
    assert_string_equal(report_words_verdict("error", ADMIT_LANG_VI), "LỖI KHI KIỂM TRA");
    assert_string_equal(report_words_verdict("ready", ADMIT_LANG_EN), "READY for the next step");
    /* ready is said for the next step, the general words for an unknown one */
    assert_string_equal(report_words_ready("admission", "branch_vote", ADMIT_LANG_VI),
                        "SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp");
    assert_string_equal(report_words_ready("recognition", "decision", ADMIT_LANG_EN),
                        "READY for the decision on recognition as an official member");
    assert_string_equal(report_words_ready("admission", "nowhere", ADMIT_LANG_EN),
                        "READY for the next step");
    assert_string_equal(report_words_ready(NULL, NULL, ADMIT_LANG_VI), "SẴN SÀNG cho bước tiếp theo");
    assert_null(report_words_verdict("maybe", ADMIT_LANG_VI));
    assert_null(report_words_verdict(NULL, ADMIT_LANG_VI));
    /* Every verdict the engine names has its words. */
    for (int v = 0; v < VERDICT_COUNT; v++) {
        assert_non_null(report_words_verdict(verdict_name((enum verdict)v), ADMIT_LANG_VI));
        assert_non_null(report_words_verdict(verdict_name((enum verdict)v), ADMIT_LANG_EN));
    }
    assert_string_equal(report_words_procedure("recognition", ADMIT_LANG_VI),
                        "công nhận đảng viên chính thức");
    assert_string_equal(report_words_procedure("admission", ADMIT_LANG_EN), "admission");
    assert_null(report_words_procedure("other", ADMIT_LANG_EN));
    assert_string_equal(report_words_input_error(ADMIT_LANG_VI), "HỒ SƠ KHÔNG HỢP LỆ");
}

/* ------------------------------------------------------------------ the page */

static void test_page_structure(void **state)
{
    (void)state;
    char *page = sample_page(&vi_options, "Trần Văn <Nam>");
    assert_balanced(page);
    assert_self_contained(page);
    assert_contains(page, "<html lang=\"vi\">");
    assert_contains(page, "<meta charset=\"utf-8\">");
    assert_contains(page, "@page{size:A4;");
    assert_contains(page, "break-inside:avoid");
    assert_contains(page, "print-color-adjust:exact");
    size_t len = strlen(page);
    assert_true(len > 17 && strcmp(page + len - 8, "</html>\n") == 0);
    /* Header, escaped: id in the title and the table, the candidate. */
    assert_contains(page, "<title>Kết quả kiểm tra hồ sơ DT-2023-&lt;009&gt;</title>");
    assert_contains(page, ">DT-2023-&lt;009&gt;</td>");
    assert_contains(page, "Trần Văn &lt;Nam&gt;");
    assert_contains(page, "<td class=\"proc\">kết nạp</td>");
    assert_contains(page, ">10/05/2023<");
    /* Message and citation escaped, never markup. */
    assert_contains(page, "Chưa đủ tuổi &lt;script&gt;alert(1)&lt;/script&gt;");
    assert_contains(page, "Quy định 24 &quot;1.1.1&quot; &amp; &#39;x&#39;");
    free(page);
}

static void test_page_order(void **state)
{
    (void)state;
    char *page = sample_page(&vi_options, NULL);
    /* Verdict first, then what blocks, process, warnings, passes, n/a,
     * provenance, signatures. */
    size_t verdict = position(page, "KHÔNG ĐỦ ĐIỀU KIỆN");
    size_t fail = position(page, ">Không đạt <span class=\"n\">(1)</span>");
    size_t missing = position(page, ">Thiếu hồ sơ <span class=\"n\">(1)</span>");
    size_t process = position(page, ">Vi phạm quy trình <span class=\"n\">(1)</span>");
    size_t warn = position(page, ">Lưu ý <span class=\"n\">(1)</span>");
    size_t pass = position(page, ">Đạt <span class=\"n\">(1)</span>");
    size_t na = position(page, ">Không áp dụng <span class=\"n\">(1)</span>");
    size_t prov = position(page, "Thông tin về lần kiểm tra");
    size_t sig = position(page, "Người kiểm tra");
    assert_true(verdict < fail && fail < missing && missing < process && process < warn &&
                warn < pass && pass < na && na < prov && prov < sig);
    /* Each entry in its group. */
    assert_true(position(page, ">age.min<") > fail && position(page, ">age.min<") < missing);
    assert_true(position(page, ">train.awareness<") > missing);
    assert_true(position(page, ">decision.deadline<") > process);
    assert_true(position(page, ">elig.citizen<") > pass);
    assert_true(position(page, ">readm.wait<") > na);
    /* The earliest date, the missing path, the edition. */
    assert_contains(page, "Sớm nhất đạt vào:</b> <span class=\"due\">01/06/2023</span>");
    assert_contains(page, "Cần bổ sung:</b> <code>awareness_course.issued_on</code>");
    assert_contains(page, "(quy định bản 2021)");
    assert_contains(page, "Bí thư chi bộ");
    assert_contains(page, "(ký, ghi rõ họ tên)");
    assert_lacks(page, "Kết quả khác");   /* every status is known */
    free(page);
}

static void test_page_provenance(void **state)
{
    (void)state;
    char *page = sample_page(&vi_options, NULL);
    assert_contains(page, ">admit 0.1.0<");
    assert_contains(page, "<code>sha256:abc123</code>");
    assert_contains(page, "central → tinh-dong-thap");
    assert_contains(page, "không dùng (plugin vncal không được nạp)");
    assert_lacks(page, "Thời điểm kiểm tra");   /* run_time 0: not shown */
    free(page);

    /* With vncal: the default schedule, "none", a folder (escaped). */
    const char *with_vncal =
        "{\"format\":\"admit.result/1\",\"dossier\":\"X\",\"procedure\":\"admission\","
        "\"verdict\":\"eligible\",\"as_of\":\"2024-01-02\",\"profile\":[\"central\"],"
        "\"ruleset\":\"sha256:r\",\"engine\":\"admit 0.1.0\",\"plugins\":[{\"name\":\"vncal\","
        "\"version\":\"1.0.0\",\"sha256\":\"d1g3st\"}],\"results\":[],\"counts\":{\"pass\":0}}";
    struct report_html_options opt = vi_options;
    page = json_page(with_vncal, NULL, &opt);
    assert_contains(page, "mặc định");
    assert_contains(page, "vncal 1.0.0 <code>sha256:d1g3st</code>");
    free(page);
    opt.holidays = "none";
    page = json_page(with_vncal, NULL, &opt);
    assert_contains(page, "--holidays none");
    assert_lacks(page, "mặc định");
    free(page);
    opt.holidays = "/srv/<lịch>";
    page = json_page(with_vncal, NULL, &opt);
    assert_contains(page, "<code>/srv/&lt;lịch&gt;</code>");
    free(page);

    /* The run's time, in the machine's zone, with its offset. */
    assert_int_equal(setenv("TZ", "UTC", 1), 0);
    tzset();
    opt.run_time = (time_t)1700000000;   /* 2023-11-14 22:13:20 UTC */
    page = json_page(with_vncal, NULL, &opt);
    assert_contains(page, "14/11/2023 22:13:20 (UTC+00:00)");
    free(page);
    opt.lang = ADMIT_LANG_EN;
    page = json_page(with_vncal, NULL, &opt);
    assert_contains(page, "2023-11-14 22:13:20 (UTC+00:00)");
    free(page);
}

/* What the engine of tomorrow may say: pending, ready, next_step, and a
 * status no one knows yet. */
static void test_unknown_and_new_names(void **state)
{
    (void)state;
    const char *text =
        "{\"format\":\"admit.result/1\",\"dossier\":\"CT-2025-006\",\"procedure\":\"admission\","
        "\"verdict\":\"ready\",\"as_of\":\"2025-03-01\",\"profile\":[\"central\"],"
        "\"ruleset\":\"sha256:r\",\"engine\":\"admit 0.2.0\",\"plugins\":[],"
        "\"results\":["
        "{\"rule\":\"decision.deadline\",\"status\":\"pending\",\"severity\":\"process\","
        "\"cite\":\"QĐ 24\",\"message\":\"Chưa đến bước quyết định\",\"hint\":{\"latest\":\"2025-06-30\"},"
        "\"missing\":[]},"
        "{\"rule\":\"prob.duration\",\"status\":\"pending\",\"severity\":\"eligibility\","
        "\"message\":\"Chưa hết dự bị\",\"hint\":{\"earliest\":\"2025-04-01\"}},"
        "{\"rule\":\"odd.rule\",\"status\":\"frobnicated<b>\",\"severity\":\"novel\","
        "\"message\":\"?\"},"
        "{\"rule\":\"no.status\",\"message\":\"no status at all\"},"
        "{\"rule\":\"train.awareness\",\"status\":\"missing\",\"severity\":\"eligibility\","
        "\"message\":\"Thiếu hồ sơ: giấy chứng nhận (awareness_course)\",\"missing\":[\"awareness_course\"]},"
        "{\"rule\":\"elig.citizen\",\"status\":\"pass\",\"severity\":\"eligibility\",\"message\":\"ok\"}"
        "],\"next_step\":\"branch_vote\","
        "\"counts\":{\"pass\":1,\"pending\":2,\"fail\":0,\"brand_new\":3}}";
    char *page = json_page(text, "Lê Thị Hoa", &vi_options);
    assert_balanced(page);
    assert_self_contained(page);
    assert_contains(page, "SẴN SÀNG");
    assert_contains(page, "class=\"verdict v-ready\"");
    assert_contains(page, "Bước tiếp theo: <strong>chi bộ họp xét, biểu quyết</strong>");
    size_t coming = position(page, ">Các bước tiếp theo <span class=\"n\">(2)</span>");
    size_t pass = position(page, ">Đạt <span class=\"n\">(1)</span>");
    size_t other = position(page, ">Kết quả khác <span class=\"n\">(2)</span>");
    assert_true(coming < pass && pass < other);
    assert_contains(page, "Hạn chót:</b> <span class=\"due\">30/06/2025</span>");
    assert_contains(page, "Sớm nhất từ ngày:</b> <span class=\"due\">01/04/2025</span>");
    assert_contains(page, "<span class=\"badge s-pending\">Chưa đến bước</span>");
    assert_contains(page, "<span class=\"badge s-other\">frobnicated&lt;b&gt;</span>");
    assert_true(position(page, ">odd.rule<") > other && position(page, ">no.status<") > other);
    assert_contains(page, "1 đạt · 2 chờ bước sau · 3 brand_new");
    /* A path the message already names is not said twice. */
    assert_contains(page, "(awareness_course)</p>");
    assert_lacks(page, "Cần bổ sung");
    free(page);

    /* An unknown verdict and step, shown by name; members missing or of the
     * wrong type are no crash. */
    page = json_page("{\"verdict\":\"maybe<i>\",\"next_step\":\"vote<2>\",\"results\":{},"
                     "\"counts\":[],\"profile\":7,\"plugins\":\"x\",\"as_of\":\"soon\"}",
                     NULL, &vi_options);
    assert_balanced(page);
    assert_contains(page, "class=\"verdict v-other\"");
    assert_contains(page, ">maybe&lt;i&gt;<");
    assert_contains(page, "<strong>vote&lt;2&gt;</strong>");
    assert_contains(page, ">soon<");
    free(page);
    page = json_page("{}", NULL, &vi_options);
    assert_balanced(page);
    free(page);
}

static void test_input_error(void **state)
{
    (void)state;
    struct result *r = result_new_input_error("bad<1>.json", NULL, "candidate.birth_date",
                                              "không phải ngày hợp lệ: \"2023-02-30\"");
    assert_non_null(r);
    struct report_context ctx = {"admit 0.1.0", "sha256:x", NULL, 0, NULL, NULL, NULL};
    struct strbuf sb;
    strbuf_init(&sb);
    assert_int_equal(report_html_page(&sb, r, &ctx, NULL, &vi_options), 0);
    result_free(r);
    char *page = strbuf_detach(&sb);
    assert_balanced(page);
    assert_contains(page, "HỒ SƠ KHÔNG HỢP LỆ");
    assert_contains(page, "<code>bad&lt;1&gt;.json</code>");
    assert_contains(page, "<code>candidate.birth_date</code>");
    assert_contains(page, "không phải ngày hợp lệ: &quot;2023-02-30&quot;");
    assert_lacks(page, "Bí thư chi bộ");   /* nothing was checked: nothing to sign */
    free(page);
}

static void test_english(void **state)
{
    (void)state;
    struct report_html_options opt = {ADMIT_LANG_EN, NULL, 0};
    char *page = sample_page(&opt, "Tran Van Nam");
    assert_balanced(page);
    assert_contains(page, "<html lang=\"en\">");
    assert_contains(page, "NOT ELIGIBLE");
    assert_contains(page, ">2023-05-10<");
    assert_contains(page, "Met from:</b> <span class=\"due\">2023-06-01</span>");
    assert_contains(page, "Branch secretary");
    assert_contains(page, "Page \" counter(page)");
    assert_lacks(page, "Bí thư");
    assert_lacks(page, "KHÔNG ĐỦ");
    free(page);
}

/* Several dossiers: one page, one sheet each, in order. */
static void test_several(void **state)
{
    (void)state;
    const char *a = "{\"dossier\":\"A-1\",\"verdict\":\"eligible\",\"results\":[]}";
    const char *b = "{\"dossier\":\"B-2\",\"input\":\"b.json\",\"input_error\":{\"path\":\"\","
                    "\"message\":\"bad JSON\"}}";
    cJSON *ja = cJSON_Parse(a), *jb = cJSON_Parse(b);
    assert_non_null(ja);
    assert_non_null(jb);
    struct strbuf sb;
    strbuf_init(&sb);
    report_html_begin(&sb, NULL, &vi_options);
    report_html_json(&sb, ja, NULL, &vi_options);
    report_html_json(&sb, jb, NULL, &vi_options);
    report_html_end(&sb);
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    char *page = strbuf_detach(&sb);
    assert_balanced(page);
    assert_contains(page, "<title>Kết quả kiểm tra hồ sơ</title>");
    assert_contains(page, ".sheet+.sheet{break-before:page}");
    size_t first = position(page, "<article class=\"sheet\">");
    size_t second = position(page + first + 1, "<article class=\"sheet\">") + first + 1;
    assert_true(position(page, "A-1") > first && position(page, "A-1") < second);
    assert_true(position(page, "bad JSON") > second);
    assert_lacks(page, "Vị trí:");   /* an empty path is not shown */
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_specials),
        cmocka_unit_test(test_escape_utf8),
        cmocka_unit_test(test_escape_null),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_page_structure),
        cmocka_unit_test(test_page_order),
        cmocka_unit_test(test_page_provenance),
        cmocka_unit_test(test_unknown_and_new_names),
        cmocka_unit_test(test_input_error),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_several),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
