/* report_text.c - the human report. */
#include "report_text.h"

#include <string.h>

#include "date.h"
#include "report_words.h"
#include "textwidth.h"

/* The terminal's width, or no limit when writing to a file (textwidth.h). */
#define WIDTH textwidth_limit()

enum colour { PLAIN, RED, YELLOW, GREEN, BLUE, DIM, BOLD };

static const char *const ansi[] = {"", "\033[31m", "\033[33m", "\033[32m", "\033[34m",
                                   "\033[2m", "\033[1m"};

static void colour_on(struct strbuf *out, const struct report_text_options *opt, enum colour c)
{
    if (opt->color && c != PLAIN)
        strbuf_puts(out, ansi[c]);
}

static void colour_off(struct strbuf *out, const struct report_text_options *opt, enum colour c)
{
    if (opt->color && c != PLAIN)
        strbuf_puts(out, "\033[0m");
}

/* Characters (not bytes) of UTF-8 text s[0..n). */
static size_t utf8_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* A new line starting with `indent` spaces. */
static void add_line_break(struct strbuf *out, size_t indent)
{
    static const char spaces[] = "\n                ";
    strbuf_add(out, spaces, 1);
    for (; indent > sizeof spaces - 2; indent -= sizeof spaces - 2)
        strbuf_add(out, spaces + 1, sizeof spaces - 2);
    strbuf_add(out, spaces + 1, indent);
}

/*
 * Append `text` wrapped at WIDTH columns; continuation lines start with
 * `indent` spaces.  The current line already holds `column` columns; when
 * `after_prefix` is set the text follows something on it and takes a space.
 */
static void add_wrapped(struct strbuf *out, const char *text, size_t indent, size_t column,
                        int after_prefix)
{
    const char *p = text;
    int line_start = !after_prefix;
    /* Not a terminal (no width): no line is broken, no column is counted. */
    int counted = WIDTH != SIZE_MAX;
    while (*p == ' ')
        p++;
    while (*p) {
        /* The word's end found inline, not by strcspn: a message is some
         * twenty short words, and a call a word cost more than the word. */
        const char *end = p;
        while (*end != '\0' && *end != ' ')
            end++;
        size_t w = counted ? utf8_width(p, (size_t)(end - p)) : 0;
        if (!line_start && column + 1 + w > WIDTH) {
            add_line_break(out, indent);
            column = indent;
            line_start = 1;
        }
        if (!line_start) {
            strbuf_add(out, " ", 1);
            column++;
        }
        strbuf_add(out, p, (size_t)(end - p));
        column += w;
        line_start = 0;
        for (p = end; *p == ' '; p++)
            ;
    }
    strbuf_add(out, "\n", 1);
}

struct section {
    enum rule_status status;
    int process_only;        /* -1 any, 0 eligibility only, 1 process/advisory only */
    enum colour colour;
    const char *mark;
    const char *vi, *en;
};

static const char *hint_text(const struct report_text_options *opt, const char *vi, const char *en)
{
    return opt->lang == ADMIT_LANG_EN ? en : vi;
}

static void add_date_text(struct strbuf *out, admit_day day, const struct report_text_options *opt)
{
    char text[DATE_TEXT_SIZE];
    strbuf_puts(out, opt->lang == ADMIT_LANG_EN ? date_format_iso(day, text)
                                                : date_format_vi(day, text));
}

static void add_entry(struct strbuf *out, const struct result_entry *e, const struct section *s,
                      const struct report_text_options *opt)
{
    strbuf_puts(out, "  ");
    colour_on(out, opt, s->colour);
    strbuf_puts(out, s->mark);
    colour_off(out, opt, s->colour);
    strbuf_puts(out, " ");
    colour_on(out, opt, BOLD);
    strbuf_puts(out, e->rule);
    colour_off(out, opt, BOLD);
    strbuf_puts(out, ":");
    add_wrapped(out, e->message, 6, 4 + utf8_width(e->rule, strlen(e->rule)) + 1, 1);
    const cJSON *first_path = cJSON_GetArrayItem(e->missing, 0);
    if (e->status == RULE_MISSING && first_path != NULL &&
        strstr(e->message, first_path->valuestring) == NULL) {   /* not already said */
        struct strbuf paths;
        strbuf_init(&paths);
        strbuf_puts(&paths, hint_text(opt, "Cần bổ sung:", "Needed:"));
        const cJSON *p;
        cJSON_ArrayForEach(p, e->missing) {
            strbuf_puts(&paths, " ");
            strbuf_puts(&paths, p->valuestring);
        }
        strbuf_puts(out, "      ");
        add_wrapped(out, paths.buf, 8, 6, 0);
        strbuf_release(&paths);
    }
    if (e->earliest != OUTCOME_NO_DAY || e->latest != OUTCOME_NO_DAY) {
        int pending = e->status == RULE_PENDING;   /* a step to come: dates of the step */
        strbuf_puts(out, "      ");
        colour_on(out, opt, BLUE);
        if (e->earliest != OUTCOME_NO_DAY) {
            strbuf_puts(out, pending ? hint_text(opt, "Sớm nhất từ ngày: ", "Not before: ")
                                     : hint_text(opt, "Sớm nhất đạt vào: ", "Met from: "));
            add_date_text(out, e->earliest, opt);
        } else {
            strbuf_puts(out, pending ? hint_text(opt, "Hạn chót: ", "Due by: ")
                                     : hint_text(opt, "Còn đạt đến hết: ", "Met until: "));
            add_date_text(out, e->latest, opt);
        }
        colour_off(out, opt, BLUE);
        strbuf_puts(out, "\n");
    }
    if (e->cite != NULL && e->status != RULE_PASS && e->status != RULE_NOT_APPLICABLE &&
        e->status != RULE_PENDING) {
        struct strbuf cite;
        strbuf_init(&cite);
        strbuf_puts(&cite, hint_text(opt, "Căn cứ:", "Source:"));
        strbuf_puts(&cite, " ");
        strbuf_puts(&cite, e->cite);
        strbuf_puts(out, "      ");
        colour_on(out, opt, DIM);
        add_wrapped(out, cite.buf, 8, 6, 0);
        colour_off(out, opt, DIM);
        strbuf_release(&cite);
    }
}

/* Rules of the catalog not yet encoded: listed together, by id only. */
static int not_yet_encoded(const struct result_entry *e)
{
    return strcmp(e->code, "not_yet_encoded") == 0;
}

static int matches(const struct result_entry *e, const struct section *s)
{
    if (e->status != s->status || not_yet_encoded(e))
        return 0;
    if (s->process_only == 0)
        return e->severity == SEVERITY_ELIGIBILITY;
    if (s->process_only == 1)
        return e->severity != SEVERITY_ELIGIBILITY;
    return 1;
}

static void add_section(struct strbuf *out, const struct result *r, const struct section *s,
                        const struct report_text_options *opt)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        n += matches(&r->entries[i], s);
    if (n == 0)
        return;
    strbuf_puts(out, "\n");
    colour_on(out, opt, s->colour);
    strbuf_puts(out, opt->lang == ADMIT_LANG_EN ? s->en : s->vi);
    strbuf_puts(out, " (");
    strbuf_add_size(out, n);
    strbuf_puts(out, ")");
    colour_off(out, opt, s->colour);
    strbuf_puts(out, "\n");
    for (size_t i = 0; i < r->count; i++)
        if (matches(&r->entries[i], s))
            add_entry(out, &r->entries[i], s, opt);
}

static void add_unencoded(struct strbuf *out, const struct result *r,
                          const struct report_text_options *opt)
{
    struct strbuf ids;
    size_t n = 0;
    strbuf_init(&ids);
    for (size_t i = 0; i < r->count; i++) {
        if (!not_yet_encoded(&r->entries[i]))
            continue;
        strbuf_addf(&ids, "%s%s", n ? ", " : "", r->entries[i].rule);
        n++;
    }
    if (n > 0) {
        strbuf_puts(out, "\n");
        colour_on(out, opt, DIM);
        size_t start = out->len;
        strbuf_addf(out, "%s (%zu):", hint_text(opt, "Chưa được mã hóa, chưa kiểm tra",
                                                 "Not yet encoded, not checked"), n);
        add_wrapped(out, ids.buf, 2, utf8_width(out->buf + start, out->len - start), 1);
        colour_off(out, opt, DIM);
    }
    strbuf_release(&ids);
}

static void add_input_error(struct strbuf *out, const struct result *r,
                            const struct report_text_options *opt)
{
    struct strbuf text;
    const char *label = report_words_input_error(opt->lang);
    colour_on(out, opt, RED);
    strbuf_puts(out, label);
    colour_off(out, opt, RED);
    strbuf_init(&text);
    strbuf_addf(&text, ": %s", r->input);
    if (r->error_path[0])
        strbuf_addf(&text, ": %s", r->error_path);
    strbuf_addf(&text, ": %s", r->error_message);
    /* the ": " right after the label stays on its line */
    add_wrapped(out, text.buf, 2, utf8_width(label, strlen(label)), 0);
    strbuf_release(&text);
}

/*
 * The verdict in the secretary's words.  `ready` names the step the dossier
 * may go on to (result.md, "Steps"), per procedure.
 */
void report_text(struct strbuf *out, const struct result *r,
                 const struct report_text_options *opt)
{
    static const struct section blocking[] = {
        {RULE_ERROR, -1, RED, "!", "Lỗi khi chạy quy tắc", "Rule errors"},
        {RULE_FAIL, 0, RED, "✗", "Không đạt", "Not met"},
        {RULE_MISSING, 0, YELLOW, "?", "Thiếu hồ sơ", "Missing evidence"},
        {RULE_NEEDS_APPROVAL, 0, YELLOW, "…", "Cần văn bản đồng ý của cấp trên",
         "Needs a higher committee's consent"},
        {RULE_FAIL, 1, YELLOW, "✗", "Vi phạm quy trình (không ảnh hưởng kết luận)",
         "Process findings (do not change the verdict)"},
        {RULE_MISSING, 1, YELLOW, "?", "Bước quy trình chưa có", "Process steps not yet done"},
        {RULE_NEEDS_APPROVAL, 1, YELLOW, "…", "Bước quy trình cần đồng ý",
         "Process steps needing consent"},
        {RULE_WARN, -1, YELLOW, "!", "Lưu ý", "Warnings"},
        {RULE_PENDING, -1, BLUE, "→", "Các bước tiếp theo", "Coming steps"},
    };
    static const struct section verbose[] = {
        {RULE_PASS, -1, GREEN, "✓", "Đạt", "Met"},
        {RULE_NOT_APPLICABLE, -1, DIM, "-", "Không áp dụng", "Not applicable"},
    };
    static const enum colour verdict_colour[VERDICT_COUNT] = {GREEN, RED, YELLOW, RED, GREEN};
    /* The last line: how many of each, in this order, in the page's words. */
    static const enum rule_status tally[] = {
        RULE_PASS, RULE_FAIL, RULE_MISSING, RULE_NEEDS_APPROVAL,
        RULE_PENDING, RULE_WARN, RULE_NOT_APPLICABLE, RULE_ERROR,
    };
    char text[DATE_TEXT_SIZE];

    if (r->input_error) {
        add_input_error(out, r, opt);
        return;
    }
    int en = opt->lang == ADMIT_LANG_EN;
    struct strbuf line;
    strbuf_init(&line);
    /* Strings put one after the other: a check of many files writes these
     * lines for each, and formatting them cost more than the rest of a
     * short report. */
    strbuf_puts(&line, en ? "Dossier " : "Hồ sơ ");
    strbuf_puts(&line, r->dossier);
    if (opt->candidate != NULL) {
        strbuf_puts(&line, " — ");
        strbuf_puts(&line, opt->candidate);
    }
    strbuf_puts(&line, " (");
    strbuf_puts(&line, report_words_procedure(strcmp(r->procedure, "recognition") == 0
                                                  ? "recognition" : "admission",
                                              opt->lang));
    strbuf_puts(&line, ")");
    add_wrapped(out, line.buf, 2, 0, 0);
    strbuf_release(&line);
    strbuf_puts(out, en ? "Verdict: " : "Kết luận: ");
    colour_on(out, opt, BOLD);
    colour_on(out, opt, verdict_colour[r->verdict]);
    strbuf_puts(out, r->verdict == VERDICT_READY
                         ? report_words_ready(r->procedure, r->next_step, opt->lang)
                         : report_words_verdict(verdict_name(r->verdict), opt->lang));
    colour_off(out, opt, verdict_colour[r->verdict]);
    strbuf_puts(out, en ? "\nEvaluated as of " : "\nNgày đánh giá: ");
    strbuf_puts(out, en ? date_format_iso(r->as_of, text) : date_format_vi(r->as_of, text));
    strbuf_puts(out, "\n");

    for (size_t i = 0; i < sizeof blocking / sizeof blocking[0]; i++)
        add_section(out, r, &blocking[i], opt);
    if (opt->verbose)
        for (size_t i = 0; i < sizeof verbose / sizeof verbose[0]; i++)
            add_section(out, r, &verbose[i], opt);
    add_unencoded(out, r, opt);

    strbuf_puts(out, "\n");
    strbuf_init(&line);
    for (size_t i = 0; i < sizeof tally / sizeof tally[0]; i++) {
        if (i > 0)
            strbuf_puts(&line, ", ");
        strbuf_add_size(&line, r->counts[tally[i]]);
        strbuf_puts(&line, " ");
        strbuf_puts(&line, report_words_status_counted(rule_status_name(tally[i]), opt->lang));
    }
    add_wrapped(out, line.buf, 2, 0, 0);
    strbuf_release(&line);
    if (!opt->verbose && r->counts[RULE_PASS] > 0)
        strbuf_puts(out, en ? "(-v lists what was met)\n" : "(-v để xem cả các tiêu chí đạt)\n");
}
