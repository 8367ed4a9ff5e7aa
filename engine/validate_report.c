/* validate_report.c - input errors as text lines and as JSON. */
#include "validate_report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

const char *validate_label(void *ctx, const char *field, const char *value)
{
    char code[192];
    const char *text = NULL;
    int n;
    if (ctx == NULL)
        return NULL;
    /* the field's own name for the value first ("other" of an authority is not
     * the "other" of an opinion), then the name every field gives it */
    if (field != NULL) {
        n = snprintf(code, sizeof code, "label.%s.%s", field, value);
        if (n > 0 && (size_t)n < sizeof code)
            text = messages_find(ctx, code, i18n_lang());
    }
    n = snprintf(code, sizeof code, "label.%s", value);
    if (text == NULL && n > 0 && (size_t)n < sizeof code)
        text = messages_find(ctx, code, i18n_lang());
    return text;
}

struct schema_report_options validate_report_options(const struct messages *catalog)
{
    struct schema_report_options opt = {VALIDATE_MAX_ERRORS, NULL, NULL};
    if (catalog != NULL) {
        opt.label = validate_label;
        opt.label_ctx = (void *)(uintptr_t)catalog;  /* the callback only reads it */
    }
    return opt;
}

/* Characters (code points) of s[0..n). */
static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Append `text` + newline, wrapped at spaces within `width` characters. */
static void add_wrapped(struct strbuf *out, const char *text, const char *indent, size_t width)
{
    size_t used = chars(indent, strlen(indent)), first = 1;
    const char *p = text;
    strbuf_puts(out, indent);
    while (*p != '\0') {
        size_t word = strcspn(p, " ");
        size_t w = chars(p, word);
        if (!first && width > 0 && used + 1 + w > width) {
            strbuf_addf(out, "\n%s    ", indent);
            used = chars(indent, strlen(indent)) + 4;
        } else if (!first) {
            strbuf_add(out, " ", 1);
            used++;
        }
        strbuf_add(out, p, word);
        used += w;
        first = 0;
        p += word;
        while (*p == ' ')
            p++;
    }
    strbuf_add(out, "\n", 1);
}

void validate_report_text(struct strbuf *out, const struct dossier_report *report,
                          const char *indent, size_t skip, size_t width)
{
    for (size_t i = skip; i < report->count; i++) {
        const struct dossier_issue *is = &report->items[i];
        struct strbuf line;
        strbuf_init(&line);
        strbuf_puts(&line, report->file);
        if (is->line > 0)
            strbuf_addf(&line, ":%d:%d", is->line, is->column);
        if (is->path[0] != '\0')
            strbuf_addf(&line, ": %s", is->path);
        strbuf_addf(&line, ": %s", is->message);
        if (width == 0)
            strbuf_addf(out, "%s%s\n", indent, line.buf);
        else
            add_wrapped(out, line.buf, indent, width);
        strbuf_release(&line);
    }
    if (report->total > report->count)
        strbuf_addf(out, TR("%s… và %zu lỗi khác\n", "%s… and %zu more\n"), indent,
                    report->total - report->count);
}

int validate_report_json(cJSON *list, const struct dossier_report *report)
{
    for (size_t i = 0; i < report->count; i++) {
        const struct dossier_issue *is = &report->items[i];
        cJSON *e = cJSON_CreateObject();
        if (e == NULL)
            return -1;
        cJSON_AddItemToArray(list, e);
        if (cJSON_AddStringToObject(e, "file", report->file) == NULL ||
            cJSON_AddStringToObject(e, "path", is->path) == NULL ||
            (is->line > 0 ? cJSON_AddNumberToObject(e, "line", is->line)
                          : cJSON_AddNullToObject(e, "line")) == NULL ||
            (is->line > 0 ? cJSON_AddNumberToObject(e, "column", is->column)
                          : cJSON_AddNullToObject(e, "column")) == NULL ||
            cJSON_AddStringToObject(e, "message", is->message) == NULL ||
            (is->expected[0] != '\0' &&
             cJSON_AddStringToObject(e, "expected", is->expected) == NULL))
            return -1;
    }
    return 0;
}

int validate_report_add(struct dossier_report *report, const char *path, const char *message)
{
    struct dossier_issue *items = realloc(report->items, (report->count + 1) * sizeof *items);
    if (items == NULL)
        return -1;
    report->items = items;
    struct dossier_issue *is = &items[report->count];
    memset(is, 0, sizeof *is);
    snprintf(is->path, sizeof is->path, "%s", path != NULL ? path : "");
    snprintf(is->message, sizeof is->message, "%s", message);
    report->count++;
    report->total++;
    return 0;
}
