/* strbuf.c - growable strings. */
#include "strbuf.h"

#include "alloc.h"
#include "decimal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty_string[1];

void strbuf_init(struct strbuf *sb)
{
    sb->buf = empty_string;
    sb->len = sb->alloc = 0;
    sb->failed = 0;
}

void strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    sb->failed = 0;
    if (sb->alloc)
        sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
    if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb);
}

/* Make room for `extra` more bytes and the terminator. */
static int grow(struct strbuf *sb, size_t extra)
{
    if (sb->failed)
        return -1;
    if (sb->len + extra + 1 <= sb->alloc)
        return 0;
    size_t want = sb->alloc ? sb->alloc : 64;
    while (want < sb->len + extra + 1)
        want *= 2;
    char *p = realloc(sb->alloc ? sb->buf : NULL, want);
    if (p == NULL) {
        sb->failed = 1;
        alloc_note_failure();
        return -1;
    }
    if (!sb->alloc)
        p[0] = '\0';
    sb->buf = p;
    sb->alloc = want;
    return 0;
}

void strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
    if (grow(sb, len) != 0)
        return;
    memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_add_size(struct strbuf *sb, size_t n)
{
    char digits[DECIMAL_MAX], *end = digits + sizeof digits;
    const char *start = decimal_digits(n, end);
    strbuf_add(sb, start, (size_t)(end - start));
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(sb, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *strbuf_detach(struct strbuf *sb)
{
    char *s = NULL;
    if (!sb->failed)
        s = sb->alloc ? sb->buf : strdup("");
    else if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb);
    return s;
}
