/* json_print.c - JSON printed as cJSON prints it, from a tree or as it is written (see json_print.h). */
#include "json_print.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "decimal.h"

/* The text is written straight into its buffer (struct json_text): the
 * room a value needs is reserved once, then filled without a call per byte
 * (a result is a few thousand bytes of short strings). */

static int grow(struct json_text *o, size_t extra)
{
    if (o->failed)
        return -1;
    size_t want = o->cap ? o->cap : 1024;
    while (want < o->len + extra + 1) {
        if (want > ((size_t)-1) / 4) {
            o->failed = 1;
            return -1;
        }
        want *= 2;
    }
    char *p = realloc(o->buf, want);
    if (p == NULL) {
        alloc_note_failure();
        o->failed = 1;
        return -1;
    }
    o->buf = p;
    o->cap = want;
    return 0;
}

/* Room for `extra` more bytes and a terminator: 0, or -1 (out->failed). */
static inline int reserve(struct json_text *o, size_t extra)
{
    return o->len + extra + 1 <= o->cap ? 0 : grow(o, extra);
}

/* Inline: most calls put one or two bytes of a literal, which the compiler
 * then stores without calling memcpy. */
static inline void put(struct json_text *o, const char *data, size_t len)
{
    if (reserve(o, len) == 0) {
        memcpy(o->buf + o->len, data, len);
        o->len += len;
    }
}

/* How cJSON writes each byte of a string: 0 as it is, else the letter of
 * its two-character escape, or 'u' for \u00XX. */
#define ESC_CONTROL(c) ((c) == '\b' ? 'b' : (c) == '\f' ? 'f' : (c) == '\n' ? 'n' : \
                        (c) == '\r' ? 'r' : (c) == '\t' ? 't' : 'u')
#define ESCAPE(c) ((c) < 0x20 ? ESC_CONTROL(c) : (c) == '"' ? '"' : (c) == '\\' ? '\\' : 0)
#define ESC4(c) ESCAPE(c), ESCAPE((c) + 1), ESCAPE((c) + 2), ESCAPE((c) + 3)
#define ESC16(c) ESC4(c), ESC4((c) + 4), ESC4((c) + 8), ESC4((c) + 12)
#define ESC64(c) ESC16(c), ESC16((c) + 16), ESC16((c) + 32), ESC16((c) + 48)
static const char escape_of[256] = {ESC64(0), ESC64(64), ESC64(128), ESC64(192)};

/*
 * Whether any of the 8 bytes in `x` must be escaped: a control character
 * (below 0x20), a quote or a backslash.  Bytes from 0x80 (UTF-8) never are.
 * The tests are the exact "has a byte below n" and "has a zero byte" of
 * word-at-a-time string code: a result's text is mostly plain, copied
 * 8 bytes at a time.
 */
static inline int word_needs_escape(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    return ((((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
             ((backslash - ones) & ~backslash)) & highs) != 0;
}

/*
 * Whether any of the `len` bytes at `s` must be escaped: whole words while 8
 * bytes are left, the last ones as the word that ends the text (some bytes
 * tested twice), and a text shorter than a word a byte at a time through
 * the table, without a branch per byte.  Most of a result's strings are
 * keys and codes of a few bytes ("rule", "pass"): tested, then copied by
 * one memcpy, they cost less than copied and tested a byte at a time
 * (docs/performance.md, change 76).
 */
static inline int text_needs_escape(const unsigned char *s, size_t len)
{
    uint64_t word;
    if (len < 8) {
        unsigned char any = 0;
        for (size_t i = 0; i < len; i++)
            any |= (unsigned char)escape_of[s[i]];
        return any != 0;
    }
    for (size_t i = 0; i + 8 < len; i += 8) {
        memcpy(&word, s + i, 8);
        if (word_needs_escape(word))
            return 1;
    }
    memcpy(&word, s + len - 8, 8);
    return word_needs_escape(word);
}

/* A text with something to escape, written byte by byte (rare: a message
 * quoting a name, a fact holding a newline). */
static char *put_escaped(char *p, const unsigned char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        char e = escape_of[c];
        if (e == 0) {
            *p++ = (char)c;
        } else if (e != 'u') {
            p[0] = '\\';
            p[1] = e;
            p += 2;
        } else {
            memcpy(p, "\\u00", 4);
            p[4] = hex[c >> 4];
            p[5] = hex[c & 0xF];
            p += 6;
        }
    }
    return p;
}

static void put_string(struct json_text *o, const char *text)
{
    const unsigned char *s = (const unsigned char *)(text != NULL ? text : "");
    size_t len = strlen((const char *)s);
    int plain = !text_needs_escape(s, len);
    if (reserve(o, (plain ? len : 6 * len) + 2) != 0)   /* escaped: \u00XX a byte at worst */
        return;
    char *p = o->buf + o->len;
    *p++ = '"';
    if (plain) {
        memcpy(p, s, len);
        p += len;
    } else {
        p = put_escaped(p, s, len);
    }
    *p++ = '"';
    o->len = (size_t)(p - o->buf);
}

/* cJSON's test that a number read back is the one printed (not exact: to
 * within the larger's DBL_EPSILON). */
static int same_double(double a, double b)
{
    double larger = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= larger * DBL_EPSILON;
}

/* cJSON's rule: %1.15g, or %1.17g when that does not read back as the same
 * number; NaN and infinities as null.  An integer below 10^15 is what %1.15g
 * writes, digit for digit (no exponent, no rounding): written here directly,
 * as most numbers of a result are. */
static void put_number(struct json_text *out, double d)
{
    char text[32];
    if (isnan(d) || isinf(d)) {
        put(out, "null", 4);
        return;
    }
    if (fabs(d) < 1e15 && d == floor(d)) {
        char *end = text + sizeof text;
        char *p = decimal_digits(decimal_magnitude((long long)d), end);
        if (signbit(d))
            *--p = '-';   /* -0 included, as %g writes it */
        put(out, p, (size_t)(end - p));
        return;
    }
    double back = 0;
    int n = snprintf(text, sizeof text, "%1.15g", d);
    if (sscanf(text, "%lg", &back) != 1 || !same_double(back, d))
        n = snprintf(text, sizeof text, "%1.17g", d);
    if (n > 0 && (size_t)n < sizeof text)
        put(out, text, (size_t)n);
    else
        out->failed = 1;
}

static void put_tabs(struct json_text *out, size_t depth)
{
    if (reserve(out, depth) == 0) {
        memset(out->buf + out->len, '\t', depth);
        out->len += depth;
    }
}

/*
 * A member's key: the comma after the member before it (unless `first`), in
 * a formatted object the line and the `depth` tabs, the key and the colon.
 * Keys are names ("rule", "status", a fact's name), some forty a criterion:
 * with nothing to escape in the key and the tabs within a row of KEY_TABS
 * (one store, of which `depth` are kept), all of it is written in one go
 * into room reserved once.
 */
static const char key_tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
#define KEY_TABS (sizeof key_tabs - 1)

static inline void put_key(struct json_text *o, const char *key, int first, int formatted,
                           size_t depth)
{
    if (key == NULL)   /* as put_string writes it */
        key = "";
    size_t klen = strlen(key);
    if (depth > KEY_TABS || text_needs_escape((const unsigned char *)key, klen)) {
        if (!first)
            put(o, formatted ? ",\n" : ",", formatted ? 2 : 1);
        if (formatted)
            put_tabs(o, depth);
        put_string(o, key);
        put(o, formatted ? ":\t" : ":", formatted ? 2 : 1);
        return;
    }
    if (reserve(o, KEY_TABS + klen + 6) != 0)
        return;
    char *p = o->buf + o->len;
    if (!first)
        *p++ = ',';
    if (formatted) {
        if (!first)
            *p++ = '\n';
        memcpy(p, key_tabs, KEY_TABS);
        p += depth;
    }
    *p++ = '"';
    memcpy(p, key, klen);
    p += klen;
    *p++ = '"';
    *p++ = ':';
    if (formatted)
        *p++ = '\t';
    o->len = (size_t)(p - o->buf);
}

static void put_value(struct json_text *out, const cJSON *item, int formatted, size_t depth)
{
    switch (item->type & 0xFF) {
    case cJSON_NULL:
        put(out, "null", 4);
        return;
    case cJSON_False:
        put(out, "false", 5);
        return;
    case cJSON_True:
        put(out, "true", 4);
        return;
    case cJSON_Number:
        put_number(out, item->valuedouble);
        return;
    case cJSON_Raw:
        if (item->valuestring == NULL)
            out->failed = 1;   /* cJSON prints nothing at all then */
        else
            put(out, item->valuestring, strlen(item->valuestring));
        return;
    case cJSON_String:
        put_string(out, item->valuestring);
        return;
    case cJSON_Array:
        put(out, "[", 1);
        for (const cJSON *c = item->child; c != NULL; c = c->next) {
            put_value(out, c, formatted, depth + 1);
            if (c->next != NULL)
                put(out, formatted ? ", " : ",", formatted ? 2 : 1);
        }
        put(out, "]", 1);
        return;
    case cJSON_Object:
        put(out, formatted ? "{\n" : "{", formatted ? 2 : 1);
        for (const cJSON *c = item->child; c != NULL; c = c->next) {
            put_key(out, c->string, c == item->child, formatted, depth + 1);
            put_value(out, c, formatted, depth + 1);
        }
        if (formatted && item->child != NULL)
            put(out, "\n", 1);
        if (formatted)
            put_tabs(out, depth);
        put(out, "}", 1);
        return;
    default:   /* an invalid type: cJSON prints nothing */
        out->failed = 1;
        return;
    }
}

static char *print(const cJSON *item, int formatted)
{
    struct json_text out = {NULL, 0, 0, 0};
    if (item == NULL)
        return NULL;
    put_value(&out, item, formatted, 0);
    if (!out.failed && reserve(&out, 0) == 0) {
        out.buf[out.len] = '\0';
        return out.buf;
    }
    free(out.buf);
    return NULL;
}

/* -- the writer ------------------------------------------------------------ */

/* What comes before an item: the comma after the one before it, and in a
 * formatted object the line and tabs of a member (put_value writes the
 * same); then a member's key. */
static void writer_item(struct json_writer *w, const char *key)
{
    struct json_text *o = &w->text;
    if (w->depth == 0)
        return;
    int first = w->items[w->depth - 1]++ == 0;
    if (w->is_array[w->depth - 1]) {
        if (!first)
            put(o, w->formatted ? ", " : ",", w->formatted ? 2 : 1);
        return;
    }
    put_key(o, key, first, w->formatted, w->depth);
}

/* A check's result is some 20 KB formatted: room for all of it at once,
 * rather than from 1 KB up in five copies (a compact line takes less). */
#define WRITER_FIRST_ROOM 32768

void json_writer_init(struct json_writer *w, int formatted)
{
    memset(w, 0, sizeof *w);
    w->formatted = formatted;
    (void)grow(&w->text, WRITER_FIRST_ROOM - 1);   /* out of memory: failed, seen at the end */
}

void json_writer_open(struct json_writer *w, const char *key, int array)
{
    struct json_text *o = &w->text;
    if (w->depth == JSON_WRITER_DEPTH_MAX) {
        o->failed = 1;
        return;
    }
    writer_item(w, key);
    if (array)
        put(o, "[", 1);
    else
        put(o, w->formatted ? "{\n" : "{", w->formatted ? 2 : 1);
    w->is_array[w->depth] = (unsigned char)(array != 0);
    w->items[w->depth] = 0;
    w->depth++;
}

void json_writer_close(struct json_writer *w)
{
    struct json_text *o = &w->text;
    if (w->depth == 0) {
        o->failed = 1;
        return;
    }
    w->depth--;
    if (w->is_array[w->depth]) {
        put(o, "]", 1);
        return;
    }
    if (w->formatted) {
        if (w->items[w->depth] > 0)
            put(o, "\n", 1);
        put_tabs(o, w->depth);
    }
    put(o, "}", 1);
}

void json_writer_string(struct json_writer *w, const char *key, const char *value)
{
    writer_item(w, key);
    if (value != NULL)
        put_string(&w->text, value);
    else
        put(&w->text, "null", 4);
}

void json_writer_number(struct json_writer *w, const char *key, double value)
{
    writer_item(w, key);
    put_number(&w->text, value);
}

void json_writer_tree(struct json_writer *w, const char *key, const cJSON *value)
{
    writer_item(w, key);
    put_value(&w->text, value, w->formatted, w->depth);
}

char *json_writer_finish(struct json_writer *w)
{
    struct json_text *o = &w->text;
    if (!o->failed && w->depth == 0 && reserve(o, 0) == 0) {
        o->buf[o->len] = '\0';
        return o->buf;
    }
    free(o->buf);
    memset(o, 0, sizeof *o);
    return NULL;
}

char *json_print_compact(const cJSON *item)
{
    return print(item, 0);
}

char *json_print_formatted(const cJSON *item)
{
    return print(item, 1);
}
