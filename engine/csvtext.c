/*
 * csvtext.c - CSV text into rows of fields with positions (csvtext.h).
 *
 * libcsv reports fields and rows through callbacks but not where they are.
 * The text is therefore fed to it one byte at a time: a callback that fires
 * while byte i is parsed ended a field at byte i, so the next field starts
 * after it, once the spaces and blank lines libcsv skips are passed.  In
 * strict mode libcsv stops at the offending byte, which gives the position
 * of a quoting error exactly.
 */
#include "csvtext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <utf8proc.h>

/* libcsv grows a field's buffer by this many bytes at a time. */
#define FIELD_BLOCK 1024

struct reader {
    struct csvtext *csv;
    struct csvtext_row row;   /* the row being read */
    size_t row_cap;           /* room in row.fields */
    size_t rows_cap;          /* room in csv->rows */
    size_t start;             /* where the next field starts */
    int start_line;           /* its line and column */
    int start_column;
    int line;                 /* the line and column of the byte after the */
    int column;               /* current one, counted as csvtext_locate does */
    int open;                 /* a field has begun since the last callback */
    int fired;                /* a callback ran for the current byte */
    int nomem;                /* a callback ran out of memory */
};

static void on_field(void *data, size_t len, void *userdata)
{
    struct reader *r = userdata;
    r->fired = 1;
    if (r->nomem)
        return;
    if (r->row.count == r->row_cap) {
        size_t cap = r->row_cap ? r->row_cap * 2 : 8;
        struct csvtext_field *f = realloc(r->row.fields, cap * sizeof *f);
        if (f == NULL) {
            r->nomem = 1;
            return;
        }
        r->row.fields = f;
        r->row_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        r->nomem = 1;
        return;
    }
    if (len > 0)
        memcpy(copy, data, len);
    copy[len] = '\0';
    r->row.fields[r->row.count++] =
        (struct csvtext_field){copy, len, r->start, r->start_line, r->start_column};
}

static void on_row(int terminator, void *userdata)
{
    struct reader *r = userdata;
    (void)terminator;
    r->fired = 1;
    if (r->nomem)
        return;
    struct csvtext *csv = r->csv;
    if (csv->count == r->rows_cap) {
        size_t cap = r->rows_cap ? r->rows_cap * 2 : 64;
        struct csvtext_row *rows = realloc(csv->rows, cap * sizeof *rows);
        if (rows == NULL) {
            r->nomem = 1;
            return;
        }
        csv->rows = rows;
        r->rows_cap = cap;
    }
    csv->rows[csv->count++] = r->row;
    r->row = (struct csvtext_row){NULL, 0};
    r->row_cap = 0;
}

static void row_release(struct csvtext_row *row)
{
    for (size_t i = 0; i < row->count; i++)
        free(row->fields[i].text);
    free(row->fields);
}

void csvtext_free(struct csvtext *csv)
{
    if (csv == NULL)
        return;
    for (size_t i = 0; i < csv->count; i++)
        row_release(&csv->rows[i]);
    free(csv->rows);
    free(csv);
}

/* Count byte i of `text` into the reader's line and column: the position
 * of byte i + 1, as csvtext_locate counts (the text is terminated, so
 * text[i + 1] may be read). */
static void advance(struct reader *r, const char *text, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (c == '\n' || (c == '\r' && text[i + 1] != '\n')) {
        r->line++;
        r->column = 1;
    } else if (c != '\r' && (c & 0xC0) != 0x80) {
        r->column++;
    }
}

/* The next field starts at byte i + 1. */
static void start_after(struct reader *r, size_t i)
{
    r->start = i + 1;
    r->start_line = r->line;
    r->start_column = r->column;
}

/* Where the text proper starts: after a UTF-8 byte order mark. */
static size_t body_start(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The encoding checks; CSVTEXT_OK or the first problem, at *where. */
static enum csvtext_result check_encoding(const char *text, size_t len, size_t *where)
{
    if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0)) {
        *where = 0;
        return CSVTEXT_UTF16;
    }
    for (size_t i = body_start(text, len); i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        *where = i;
        if (n <= 0)
            return CSVTEXT_NOT_UTF8;
        if (cp == 0)
            return CSVTEXT_ZERO_BYTE;
        i += (size_t)n;
    }
    return CSVTEXT_OK;
}

enum csvtext_result csvtext_parse(const char *text, size_t len, struct csvtext **out,
                                  size_t *where)
{
    struct csv_parser parser;
    struct reader r;
    enum csvtext_result result;

    *out = NULL;
    *where = 0;
    result = check_encoding(text, len, where);
    if (result != CSVTEXT_OK)
        return result;

    memset(&r, 0, sizeof r);
    r.csv = calloc(1, sizeof *r.csv);
    if (r.csv == NULL || csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(r.csv);
        return CSVTEXT_NOMEM;
    }
    csv_set_blk_size(&parser, FIELD_BLOCK);
    r.start = body_start(text, len);
    r.line = r.start_line = 1;
    r.column = r.start_column = 1;
    for (size_t i = r.start; i < len && result == CSVTEXT_OK; i++) {
        unsigned char c = (unsigned char)text[i];
        r.fired = 0;
        if (csv_parse(&parser, text + i, 1, on_field, on_row, &r) != 1) {
            *where = i;
            result = csv_error(&parser) == CSV_EPARSE ? CSVTEXT_BAD_QUOTE : CSVTEXT_NOMEM;
            break;
        }
        advance(&r, text, i);
        if (r.nomem) {
            result = CSVTEXT_NOMEM;
        } else if (r.fired) {
            start_after(&r, i);
            r.open = 0;
        } else if (!r.open) {
            /* libcsv skips spaces before a field and blank lines. */
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                start_after(&r, i);
            else
                r.open = 1;
        }
    }
    if (result == CSVTEXT_OK && csv_fini(&parser, on_field, on_row, &r) != 0) {
        *where = r.start;
        result = CSVTEXT_UNTERMINATED;
    }
    if (result == CSVTEXT_OK && r.nomem)
        result = CSVTEXT_NOMEM;
    csv_free(&parser);
    row_release(&r.row);
    if (result != CSVTEXT_OK) {
        csvtext_free(r.csv);
        return result;
    }
    *out = r.csv;
    return CSVTEXT_OK;
}

void csvtext_locate(const char *text, size_t offset, int *line, int *column)
{
    size_t i = 0;
    *line = 1;
    *column = 1;
    if (offset >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n' || (c == '\r' && text[i + 1] != '\n')) {
            (*line)++;
            *column = 1;
        } else if (c != '\r' && (c & 0xC0) != 0x80) {
            (*column)++;   /* characters, not continuation bytes */
        }
    }
}
