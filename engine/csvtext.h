/*
 * csvtext.h - a spreadsheet's CSV export read into rows of fields, with the
 * position of every field for messages.
 *
 * The text is checked first: UTF-8 (a leading UTF-8 byte order mark, as
 * Excel writes it, is skipped; a UTF-16 one is named), no zero bytes.  The
 * fields are then split by libcsv in strict mode (RFC 4180 quoting: commas,
 * doubled quotes and line breaks inside quotes; a quote inside an unquoted
 * field or text after a closing quote is an error).  What libcsv adds to
 * RFC 4180, and this module keeps: spaces and tabs around an unquoted field
 * are dropped, blank lines are skipped, and CR LF, LF or a lone CR end a row.
 */
#ifndef ADMIT_CSVTEXT_H
#define ADMIT_CSVTEXT_H

#include <stddef.h>

/* One field: `text` is a terminated copy of its `len` bytes ("" for an
 * empty field, quoted or not); `offset` is the byte of the text where the
 * field starts (its opening quote, or its first character after the
 * spaces dropped), and `line`, `column` the same place as csvtext_locate
 * gives it. */
struct csvtext_field {
    char *text;
    size_t len;
    size_t offset;
    int line;
    int column;
};

struct csvtext_row {
    struct csvtext_field *fields;
    size_t count;
};

/* The rows of a text, in order.  Caller frees with csvtext_free. */
struct csvtext {
    struct csvtext_row *rows;
    size_t count;
};

enum csvtext_result {
    CSVTEXT_OK = 0,
    CSVTEXT_UTF16,          /* starts with a UTF-16 byte order mark */
    CSVTEXT_NOT_UTF8,       /* a byte sequence that is not UTF-8 at *where */
    CSVTEXT_ZERO_BYTE,      /* a zero byte at *where */
    CSVTEXT_BAD_QUOTE,      /* a quote inside an unquoted field, or text after a
                               closing quote, at *where */
    CSVTEXT_UNTERMINATED,   /* a quoted field never closed; *where is its quote */
    CSVTEXT_NOMEM
};

/*
 * Split the `len` bytes of `text` (terminated one byte past them, as
 * input_read's buffers are) into rows.  Returns CSVTEXT_OK and *out
 * (caller frees with csvtext_free), or another result with *out NULL and
 * *where the byte offset the result is about (0 when it is about none).
 */
enum csvtext_result csvtext_parse(const char *text, size_t len, struct csvtext **out,
                                  size_t *where);

/* Free a result of csvtext_parse; NULL is allowed. */
void csvtext_free(struct csvtext *csv);

/*
 * The line and column (both from 1) of byte `offset` of `text`: lines end at
 * LF, CR LF or a lone CR; columns count characters, not bytes, and a leading
 * byte order mark is not one.  `text` must be terminated by a zero byte at
 * or after `offset` (input_read's buffers are).
 */
void csvtext_locate(const char *text, size_t offset, int *line, int *column);

#endif
