/* rule_error.c - a rule's run-time error, worded for a result. */
#include "rule_error.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"

/* Lua's common run-time errors, by their opening words. */
static const struct {
    const char *lua, *vi;
} common_errors[] = {
    {"attempt to index a nil value", "truy cập trường của một giá trị nil"},
    {"attempt to call a nil value", "gọi một giá trị nil như một hàm"},
    {"attempt to perform arithmetic on a nil value", "tính toán với một giá trị nil"},
    {"attempt to concatenate a nil value", "nối chuỗi với một giá trị nil"},
    {"attempt to compare", "so sánh hai giá trị không so sánh được:"},
    {"bad argument", "đối số không hợp lệ"},
    {"stack overflow", "tràn ngăn xếp (đệ quy quá sâu)"},
};

/*
 * The sandbox's limits (sandbox.c words them in English for the log): the
 * words before and after the number, and the Vietnamese for them.
 */
static const struct {
    const char *before, *after, *vi_before, *vi_after;
} limits[] = {
    {"instruction budget of ", " exceeded", "vượt quá giới hạn ", " lệnh"},
    {"time limit of ", " ms exceeded", "vượt quá giới hạn thời gian ", " ms"},
    {"memory cap of ", " KiB exceeded", "vượt quá giới hạn bộ nhớ ", " KiB"},
};

/* A sandbox limit message in Vietnamese, or NULL when `m` is not one. */
static char *limit_in_vietnamese(const char *m)
{
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        size_t b = strlen(limits[i].before), n;
        if (strncmp(m, limits[i].before, b) != 0)
            continue;
        n = strspn(m + b, "0123456789");
        if (n == 0 || strcmp(m + b + n, limits[i].after) != 0)
            continue;
        struct strbuf out;
        strbuf_init(&out);
        strbuf_addf(&out, "%s%.*s%s", limits[i].vi_before, (int)n, m + b, limits[i].vi_after);
        return strbuf_detach(&out);
    }
    return NULL;
}

/* The length of "NAME.lua:DIGITS: " at p, or 0. */
static size_t position_length(const char *p)
{
    size_t name = strcspn(p, " :\n");
    if (name < 5 || strncmp(p + name - 4, ".lua", 4) != 0 || p[name] != ':')
        return 0;
    size_t digits = strspn(p + name + 1, "0123456789");
    if (digits == 0 || p[name + 1 + digits] != ':' || p[name + 2 + digits] != ' ')
        return 0;
    return name + digits + 3;
}

int rule_error_reword(const char *rule_id, char **message)
{
    const char *m = *message;
    if (i18n_lang() == ADMIT_LANG_VI) {
        const char *plain = strncmp(m, "anchor: ", 8) == 0    ? m + 8
                            : strncmp(m, "cite_at: ", 9) == 0 ? m + 9
                                                              : m;
        char *vi = limit_in_vietnamese(plain);
        if (vi != NULL) {
            free(*message);
            *message = vi;
            return 0;
        }
    }
    /* The position opens the message, or follows one "what: " (anchor:, cite_at:). */
    size_t at = 0, len = position_length(m);
    if (len == 0) {
        const char *colon = strstr(m, ": ");
        if (colon == NULL || strcspn(m, " ") < (size_t)(colon - m))
            return 0;
        at = (size_t)(colon - m) + 2;
        len = position_length(m + at);
        if (len == 0)
            return 0;
    }
    const char *pos = m + at;
    const char *line = strchr(pos, ':') + 1;
    int line_len = (int)strspn(line, "0123456789");
    const char *text = pos + len;

    struct strbuf out;
    strbuf_init(&out);
    strbuf_add(&out, m, at);
    strbuf_addf(&out, TR("quy tắc %s, dòng %.*s: ", "rule %s, line %.*s: "), rule_id, line_len, line);
    size_t i = 0;
    if (i18n_lang() == ADMIT_LANG_VI)
        for (; i < sizeof common_errors / sizeof common_errors[0]; i++)
            if (strncmp(text, common_errors[i].lua, strlen(common_errors[i].lua)) == 0)
                break;
    if (i18n_lang() == ADMIT_LANG_VI && i < sizeof common_errors / sizeof common_errors[0]) {
        strbuf_puts(&out, common_errors[i].vi);
        strbuf_puts(&out, text + strlen(common_errors[i].lua));
    } else {
        strbuf_puts(&out, text);
    }
    char *copy = strbuf_detach(&out);
    if (copy == NULL)
        return -1;
    free(*message);
    *message = copy;
    return 0;
}
