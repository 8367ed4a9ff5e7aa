/*
 * registry_csv.c - checking a member list exported as CSV (registry_csv.h).
 *
 * The order of the checks is the order in which a person reads the file:
 * the encoding and quoting (csvtext), the header, then row by row, field by
 * field from left to right, then what relates two fields of a row.  A
 * duplicate period is found by sorting the good rows, and reported only if
 * it comes before the first row that is bad in itself.
 */
#include "registry_csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "date.h"
#include "i18n.h"
#include "suggest.h"

/* registry.md: member_id is a card number; the plugin's queries take at
 * most 64 bytes. */
#define MEMBER_ID_MAX 64
/* A full name longer than this is not a name. */
#define FULL_NAME_MAX 200

const char *const registry_csv_column_names[REGISTRY_CSV_COLUMNS] = {
    "member_id", "national_id", "full_name", "admitted_on",
    "official_since", "left_on", "left_reason",
};

const char *const registry_csv_reasons[] = {
    "abandoned_activities", "asked_to_leave", "asked_to_leave_family_hardship",
    "serious_disunity", "expelled", "removed", "population_policy", "other",
};
const size_t registry_csv_reason_count = sizeof registry_csv_reasons / sizeof registry_csv_reasons[0];

/* What the reading needs besides the result. */
struct reading {
    const char *name;                      /* the file, for messages */
    const char *text;                      /* the whole text, for positions */
    struct admit_error *err;
    int where[REGISTRY_CSV_COLUMNS];       /* field index of each column */
    size_t header_count;                   /* fields in the header */
};

/* -- errors ------------------------------------------------------------- */

/* Fill err for line:column: path "LINE:COLUMN". */
static enum admit_status bad_line_column(const struct reading *rd, int line, int column,
                                         const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static enum admit_status bad_line_column(const struct reading *rd, int line, int column,
                                         const char *fmt, va_list ap)
{
    char where[48], message[ADMIT_ERROR_MAX];
    snprintf(where, sizeof where, "%d:%d", line, column);
    vsnprintf(message, sizeof message, fmt, ap);
    return admit_error_set(rd->err, ADMIT_EINPUT, rd->name, where, "%s", message);
}

/* The error is about byte `offset` of the text (found by scanning it: for
 * the few errors that are not about a field). */
static enum admit_status bad_at(const struct reading *rd, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum admit_status bad_at(const struct reading *rd, size_t offset, const char *fmt, ...)
{
    int line, column;
    va_list ap;
    csvtext_locate(rd->text, offset, &line, &column);
    va_start(ap, fmt);
    enum admit_status status = bad_line_column(rd, line, column, fmt, ap);
    va_end(ap);
    return status;
}

/* The error is about field `f`, where it starts. */
static enum admit_status bad_field(const struct reading *rd, const struct csvtext_field *f,
                                   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum admit_status bad_field(const struct reading *rd, const struct csvtext_field *f,
                                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum admit_status status = bad_line_column(rd, f->line, f->column, fmt, ap);
    va_end(ap);
    return status;
}

static enum admit_status text_error(const struct reading *rd, enum csvtext_result result,
                                    size_t where)
{
    switch (result) {
    case CSVTEXT_UTF16:
        return bad_at(rd, where, "%s",
                      TR("tệp được mã hoá UTF-16; hãy lưu bảng tính dạng \"CSV UTF-8 (Comma delimited) (*.csv)\"",
                         "the file is encoded in UTF-16; save the spreadsheet as \"CSV UTF-8 (Comma delimited) (*.csv)\""));
    case CSVTEXT_NOT_UTF8:
        return bad_at(rd, where, "%s",
                      TR("văn bản không phải UTF-8 (có thể là Windows-1258 hay TCVN3 khi lưu dạng \"CSV\" thường); hãy lưu bảng tính dạng \"CSV UTF-8 (Comma delimited) (*.csv)\"",
                         "the text is not UTF-8 (perhaps Windows-1258 or TCVN3, as a plain \"CSV\" save writes it); save the spreadsheet as \"CSV UTF-8 (Comma delimited) (*.csv)\""));
    case CSVTEXT_ZERO_BYTE:
        return bad_at(rd, where, "%s",
                      TR("có byte 0: đây không phải tệp văn bản CSV",
                         "a zero byte: this is not a CSV text file"));
    case CSVTEXT_BAD_QUOTE:
        return bad_at(rd, where, "%s",
                      TR("dấu nháy kép (\") không đúng chỗ: ô có dấu nháy phải được bao trong nháy kép và nhân đôi dấu nháy bên trong (\"như \"\"thế này\"\"\")",
                         "a quote (\") out of place: a field holding quotes must be enclosed in quotes, with the quotes inside doubled (\"like \"\"this\"\"\")"));
    case CSVTEXT_UNTERMINATED:
        return bad_at(rd, where, "%s",
                      TR("ô bắt đầu bằng dấu nháy kép ở đây không bao giờ được đóng lại",
                         "the quoted field starting here is never closed"));
    case CSVTEXT_NOMEM:
    case CSVTEXT_OK:
        break;
    }
    return admit_error_set(rd->err, ADMIT_ENOMEM, rd->name, NULL, "%s",
                           TR("hết bộ nhớ", "out of memory"));
}

/* -- the header --------------------------------------------------------- */

static int column_of(const char *name)
{
    for (int c = 0; c < REGISTRY_CSV_COLUMNS; c++) {
        if (strcasecmp(name, registry_csv_column_names[c]) == 0)
            return c;
    }
    return -1;
}

/* Append `word` to the ", "-separated list in buf. */
static void list_add(char *buf, size_t size, const char *word)
{
    size_t used = strlen(buf);
    int n = snprintf(buf + used, size - used, "%s%s", used > 0 ? ", " : "", word);
    if (n < 0 || (size_t)n >= size - used)
        buf[used] = '\0';   /* keep the list whole rather than cut a name */
}

static enum admit_status read_header(struct reading *rd, const struct csvtext_row *header,
                                     struct registry_csv *csv)
{
    const char *missing_names[REGISTRY_CSV_COLUMNS];
    char missing[256] = "";
    size_t n_missing = 0;

    for (int c = 0; c < REGISTRY_CSV_COLUMNS; c++)
        rd->where[c] = -1;
    rd->header_count = header->count;
    for (size_t i = 0; i < header->count; i++) {
        const struct csvtext_field *f = &header->fields[i];
        int c = column_of(f->text);
        if (c < 0)
            continue;
        if (rd->where[c] >= 0)
            return bad_field(rd, f,
                             TR("%s: cột này có hai lần trong dòng tiêu đề (cột thứ %d và %zu)",
                                "%s: this column appears twice in the header (fields %d and %zu)"),
                             registry_csv_column_names[c], rd->where[c] + 1, i + 1);
        rd->where[c] = (int)i;
    }
    for (int c = 0; c < REGISTRY_CSV_COLUMNS; c++) {
        if (rd->where[c] < 0) {
            missing_names[n_missing++] = registry_csv_column_names[c];
            list_add(missing, sizeof missing, registry_csv_column_names[c]);
        }
    }
    /* A misspelt column is the likeliest reason for a missing one: name it. */
    for (size_t i = 0; i < header->count && n_missing > 0; i++) {
        const struct csvtext_field *f = &header->fields[i];
        if (column_of(f->text) >= 0)
            continue;
        const char *near = suggest_closest(f->text, missing_names, n_missing);
        if (near != NULL)
            return bad_field(rd, f,
                             TR("cột \"%.60s\" không phải cột của sổ đảng viên; có phải là %s? (thiếu các cột: %s)",
                                "the column \"%.60s\" is not a registry column; did you mean %s? (missing columns: %s)"),
                             f->text, near, missing);
    }
    if (n_missing > 0)
        return bad_at(rd, header->count > 0 ? header->fields[0].offset : 0,
                      TR("dòng tiêu đề thiếu các cột: %s; dòng đầu tiên phải ghi tên các cột member_id, national_id, full_name, admitted_on, official_since, left_on, left_reason (thứ tự tuỳ ý)",
                         "the header lacks the columns: %s; the first line must name the columns member_id, national_id, full_name, admitted_on, official_since, left_on, left_reason (in any order)"),
                      missing);
    for (size_t i = 0; i < header->count; i++) {
        if (column_of(header->fields[i].text) < 0)
            list_add(csv->ignored, sizeof csv->ignored,
                     header->fields[i].text[0] != '\0' ? header->fields[i].text : "\"\"");
    }
    return ADMIT_OK;
}

/* -- fields ------------------------------------------------------------- */

static int all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return len > 0;
}

/* "19/05/2012", "19-5-2012", "19.05.2012": 0 and the date, else -1. */
static int parse_day_first(const char *s, admit_day *out)
{
    int d = 0, m = 0, y = 0, nd = 0, nm = 0, ny = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && nd < 3)
        d = d * 10 + (*p++ - '0'), nd++;
    char sep = *p;
    if ((sep != '/' && sep != '-' && sep != '.') || nd == 0 || nd > 2)
        return -1;
    p++;
    while (*p >= '0' && *p <= '9' && nm < 3)
        m = m * 10 + (*p++ - '0'), nm++;
    if (*p != sep || nm == 0 || nm > 2)
        return -1;
    p++;
    while (*p >= '0' && *p <= '9' && ny < 5)
        y = y * 10 + (*p++ - '0'), ny++;
    if (*p != '\0' || ny != 4 || !date_valid(y, m, d))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

static enum admit_status check_date(const struct reading *rd, const struct csvtext_field *f,
                                    const char *column)
{
    admit_day day;
    char iso[DATE_TEXT_SIZE];

    if (date_parse(f->text, f->len, &day) == 0)
        return ADMIT_OK;
    if (parse_day_first(f->text, &day) == 0)
        return bad_field(rd, f,
                         TR("%s: \"%s\" không phải ngày dạng YYYY-MM-DD; hãy viết %s",
                            "%s: \"%s\" is not a date YYYY-MM-DD; write it as %s"),
                         column, f->text, date_format_iso(day, iso));
    if (all_digits(f->text, f->len) && f->len <= 6)
        return bad_field(rd, f,
                         TR("%s: \"%s\" là một số, không phải ngày (bảng tính ghi ngày thành số khi ô không ở dạng văn bản); hãy định dạng cột là Văn bản (Text) và viết ngày dạng YYYY-MM-DD, ví dụ 2012-05-19",
                            "%s: \"%s\" is a number, not a date (spreadsheets write dates as numbers when the cell is not text); format the column as Text and write the date as YYYY-MM-DD, e.g. 2012-05-19"),
                         column, f->text);
    if (f->len == 10 && f->text[4] == '-' && f->text[7] == '-' && all_digits(f->text, 4))
        return bad_field(rd, f,
                         TR("%s: \"%s\" không phải ngày có thật", "%s: \"%s\" is not a real date"),
                         column, f->text);
    return bad_field(rd, f,
                     TR("%s: \"%.40s\" không phải ngày; cần ngày dạng YYYY-MM-DD, ví dụ 2012-05-19",
                        "%s: \"%.40s\" is not a date; expected YYYY-MM-DD, e.g. 2012-05-19"),
                     column, f->text);
}

static enum admit_status check_member_id(const struct reading *rd, const struct csvtext_field *f)
{
    for (size_t i = 0; i < f->len; i++) {
        unsigned char c = (unsigned char)f->text[i];
        if (c <= ' ' || c == 0x7F)
            return bad_field(rd, f,
                             TR("member_id: \"%.40s\" có khoảng trắng hoặc ký tự điều khiển; số thẻ đảng viên được so sánh đúng từng ký tự",
                                "member_id: \"%.40s\" holds a space or a control character; card numbers are compared character by character"),
                             f->text);
    }
    if (f->len > MEMBER_ID_MAX)
        return bad_field(rd, f,
                         TR("member_id: dài %zu byte, tối đa %d", "member_id: %zu bytes long, at most %d"),
                         f->len, MEMBER_ID_MAX);
    return ADMIT_OK;
}

static enum admit_status check_national_id(const struct reading *rd, const struct csvtext_field *f)
{
    if (all_digits(f->text, f->len) && (f->len == 12 || f->len == 9))
        return ADMIT_OK;
    if (strchr(f->text, 'E') != NULL || strchr(f->text, 'e') != NULL)
        return bad_field(rd, f,
                         TR("national_id: \"%.40s\" là một số bảng tính đã viết lại dạng luỹ thừa; hãy định dạng cột là Văn bản (Text) và nhập lại đủ 12 chữ số",
                            "national_id: \"%.40s\" is a number the spreadsheet rewrote in exponent form; format the column as Text and type the 12 digits again"),
                         f->text);
    if (all_digits(f->text, f->len) && (f->len == 10 || f->len == 11))
        return bad_field(rd, f,
                         TR("national_id: \"%s\" có %zu chữ số, cần 12; bảng tính bỏ các số 0 ở đầu khi cột không ở dạng Văn bản (Text)",
                            "national_id: \"%s\" has %zu digits, 12 expected; spreadsheets drop the leading zeros when the column is not Text"),
                         f->text, f->len);
    return bad_field(rd, f,
                     TR("national_id: \"%.40s\" không phải số định danh: cần 12 chữ số (căn cước công dân) hoặc 9 chữ số (chứng minh nhân dân cũ), hoặc để trống",
                        "national_id: \"%.40s\" is not an identity number: expected 12 digits (citizen identity card) or 9 digits (old identity card), or nothing"),
                     f->text);
}

/* full_name: some text without control characters, stored in NFC. */
static enum admit_status check_full_name(const struct reading *rd, struct csvtext_field *f)
{
    for (size_t i = 0; i < f->len; i++) {
        unsigned char c = (unsigned char)f->text[i];
        if (c < ' ' || c == 0x7F)
            return bad_field(rd, f,
                             TR("full_name: họ tên có ký tự điều khiển (xuống dòng, tab)",
                                "full_name: the name holds a control character (a line break, a tab)"));
    }
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)f->text);
    if (nfc == NULL)
        return admit_error_set(rd->err, ADMIT_ENOMEM, rd->name, NULL, "%s",
                               TR("hết bộ nhớ", "out of memory"));
    free(f->text);
    f->text = (char *)nfc;
    f->len = strlen(f->text);
    if (utf8proc_decompose((const utf8proc_uint8_t *)f->text, (utf8proc_ssize_t)f->len, NULL, 0,
                           UTF8PROC_STABLE) > FULL_NAME_MAX)
        return bad_field(rd, f,
                         TR("full_name: dài hơn %d ký tự", "full_name: longer than %d characters"),
                         FULL_NAME_MAX);
    return ADMIT_OK;
}

static enum admit_status check_reason(const struct reading *rd, const struct csvtext_field *f)
{
    char allowed[256] = "";
    for (size_t i = 0; i < registry_csv_reason_count; i++) {
        if (strcmp(f->text, registry_csv_reasons[i]) == 0)
            return ADMIT_OK;
        list_add(allowed, sizeof allowed, registry_csv_reasons[i]);
    }
    const char *near = suggest_closest(f->text, registry_csv_reasons, registry_csv_reason_count);
    if (near != NULL)
        return bad_field(rd, f,
                         TR("left_reason: \"%.40s\" không phải lý do hợp lệ; có phải là %s?",
                            "left_reason: \"%.40s\" is not a known reason; did you mean %s?"),
                         f->text, near);
    return bad_field(rd, f,
                     TR("left_reason: \"%.40s\" không phải lý do hợp lệ; cần một trong: %s, hoặc để trống",
                        "left_reason: \"%.40s\" is not a known reason; expected one of: %s, or nothing"),
                     f->text, allowed);
}

/* -- rows --------------------------------------------------------------- */

static int row_is_blank(const struct csvtext_row *row)
{
    for (size_t i = 0; i < row->count; i++) {
        if (row->fields[i].len > 0)
            return 0;
    }
    return 1;
}

/* Check the fields of one column of one row and fill out->values. */
static enum admit_status check_field(const struct reading *rd, int c, struct csvtext_field *f,
                                     struct registry_csv_row *out)
{
    const char *name = registry_csv_column_names[c];
    int required = c == REGISTRY_CSV_MEMBER_ID || c == REGISTRY_CSV_FULL_NAME ||
                   c == REGISTRY_CSV_ADMITTED_ON;
    enum admit_status status = ADMIT_OK;

    out->values[c] = NULL;
    if (f->len == 0) {
        if (required)
            return bad_field(rd, f,
                             TR("%s: ô trống; mỗi dòng phải có member_id, full_name và admitted_on",
                                "%s: empty; every row needs member_id, full_name and admitted_on"),
                             name);
        return ADMIT_OK;
    }
    switch ((enum registry_csv_column)c) {
    case REGISTRY_CSV_MEMBER_ID:
        status = check_member_id(rd, f);
        break;
    case REGISTRY_CSV_NATIONAL_ID:
        status = check_national_id(rd, f);
        break;
    case REGISTRY_CSV_FULL_NAME:
        status = check_full_name(rd, f);
        break;
    case REGISTRY_CSV_ADMITTED_ON:
    case REGISTRY_CSV_OFFICIAL_SINCE:
    case REGISTRY_CSV_LEFT_ON:
        status = check_date(rd, f, name);
        break;
    case REGISTRY_CSV_LEFT_REASON:
        status = check_reason(rd, f);
        break;
    case REGISTRY_CSV_COLUMNS:
        break;
    }
    if (status == ADMIT_OK)
        out->values[c] = f->text;
    return status;
}

/* What relates two fields of a row whose fields are each good. */
static enum admit_status check_row(const struct reading *rd, const struct csvtext_row *row,
                                   const struct registry_csv_row *r)
{
    const char *admitted = r->values[REGISTRY_CSV_ADMITTED_ON];
    static const int after[] = {REGISTRY_CSV_OFFICIAL_SINCE, REGISTRY_CSV_LEFT_ON};
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        const char *v = r->values[after[i]];
        /* YYYY-MM-DD texts compare as their dates do. */
        if (v != NULL && strcmp(v, admitted) < 0)
            return bad_field(rd, &row->fields[rd->where[after[i]]],
                             TR("%s: %s trước ngày kết nạp admitted_on %s",
                                "%s: %s is before the admission date admitted_on %s"),
                             registry_csv_column_names[after[i]], v, admitted);
    }
    if (r->values[REGISTRY_CSV_LEFT_REASON] != NULL && r->values[REGISTRY_CSV_LEFT_ON] == NULL)
        return bad_field(rd, &row->fields[rd->where[REGISTRY_CSV_LEFT_REASON]],
                         TR("left_reason: có lý do ra khỏi Đảng nhưng left_on trống; hãy ghi ngày ra khỏi Đảng",
                            "left_reason: a reason for leaving is given but left_on is empty; write the date the member left"));
    return ADMIT_OK;
}

static enum admit_status read_row(struct reading *rd, struct csvtext_row *row,
                                  struct registry_csv_row *out)
{
    if (row->count != rd->header_count) {
        const struct csvtext_field *at = row->count > rd->header_count
                                             ? &row->fields[rd->header_count]
                                             : &row->fields[0];
        return bad_field(rd, at,
                         TR("dòng này có %zu ô, dòng tiêu đề có %zu",
                            "this row has %zu fields, the header has %zu"),
                         row->count, rd->header_count);
    }
    out->line = row->fields[0].line;
    out->id_column = row->fields[rd->where[REGISTRY_CSV_MEMBER_ID]].column;
    /* Left to right, as the row is read. */
    for (size_t i = 0; i < row->count; i++) {
        int c = 0;
        while (c < REGISTRY_CSV_COLUMNS && rd->where[c] != (int)i)
            c++;
        if (c == REGISTRY_CSV_COLUMNS)
            continue;   /* an ignored column */
        enum admit_status status = check_field(rd, c, &row->fields[i], out);
        if (status != ADMIT_OK)
            return status;
    }
    return check_row(rd, row, out);
}

/* -- duplicates --------------------------------------------------------- */

static int compare_period(const void *a, const void *b)
{
    const struct registry_csv_row *x = *(const struct registry_csv_row *const *)a;
    const struct registry_csv_row *y = *(const struct registry_csv_row *const *)b;
    int c = strcmp(x->values[REGISTRY_CSV_MEMBER_ID], y->values[REGISTRY_CSV_MEMBER_ID]);
    if (c == 0)
        c = strcmp(x->values[REGISTRY_CSV_ADMITTED_ON], y->values[REGISTRY_CSV_ADMITTED_ON]);
    if (c == 0)
        c = (x > y) - (x < y);   /* file order among equals */
    return c;
}

/*
 * The first row (in file order) among rows[0..n) whose (member_id,
 * admitted_on) an earlier row has: its index, with *first the index of
 * the earlier row; n when there is none; (size_t)-1 when out of memory.
 */
static size_t first_duplicate(const struct registry_csv_row *rows, size_t n, size_t *first)
{
    if (n < 2)
        return n;
    const struct registry_csv_row **sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL)
        return (size_t)-1;
    for (size_t i = 0; i < n; i++)
        sorted[i] = &rows[i];
    qsort(sorted, n, sizeof *sorted, compare_period);
    size_t found = n;
    for (size_t i = 1; i < n; i++) {
        const struct registry_csv_row *a = sorted[i - 1], *b = sorted[i];
        if (strcmp(a->values[REGISTRY_CSV_MEMBER_ID], b->values[REGISTRY_CSV_MEMBER_ID]) != 0 ||
            strcmp(a->values[REGISTRY_CSV_ADMITTED_ON], b->values[REGISTRY_CSV_ADMITTED_ON]) != 0)
            continue;
        /* a is the earliest of its group only if it starts the group; the
         * group's second row in file order is b when a starts it. */
        size_t second = (size_t)(b - rows);
        if (second < found) {
            found = second;
            *first = (size_t)(a - rows);
        }
    }
    free(sorted);
    return found;
}

/* -- reading ------------------------------------------------------------ */

void registry_csv_free(struct registry_csv *csv)
{
    if (csv == NULL)
        return;
    csvtext_free(csv->text);
    free(csv->rows);
    free(csv);
}

enum admit_status registry_csv_read(const char *name, const char *text, size_t len,
                                    struct registry_csv **out, struct admit_error *err)
{
    struct reading rd = {.name = name, .text = text, .err = err};
    enum admit_status status = ADMIT_OK;
    size_t where = 0;
    size_t bad_row = 0;              /* rows checked before the first bad one */
    struct admit_error row_error;

    *out = NULL;
    struct registry_csv *csv = calloc(1, sizeof *csv);
    if (csv == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    enum csvtext_result result = csvtext_parse(text, len, &csv->text, &where);
    if (result != CSVTEXT_OK) {
        status = text_error(&rd, result, where);
        goto done;
    }
    if (csv->text->count == 0) {
        status = admit_error_set(err, ADMIT_EINPUT, name, NULL, "%s",
                                 TR("tệp trống; dòng đầu tiên phải ghi tên các cột member_id, national_id, full_name, admitted_on, official_since, left_on, left_reason",
                                    "the file is empty; its first line must name the columns member_id, national_id, full_name, admitted_on, official_since, left_on, left_reason"));
        goto done;
    }
    status = read_header(&rd, &csv->text->rows[0], csv);
    if (status != ADMIT_OK)
        goto done;

    csv->rows = calloc(csv->text->count, sizeof *csv->rows);
    if (csv->rows == NULL) {
        status = admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
        goto done;
    }
    /* Every row is checked in itself up to the first bad one, whose error
     * is kept aside: a duplicate of an earlier row comes first if it is
     * before it. */
    rd.err = &row_error;
    admit_error_clear(&row_error);
    for (size_t i = 1; i < csv->text->count; i++) {
        struct csvtext_row *row = &csv->text->rows[i];
        if (row_is_blank(row))
            continue;
        status = read_row(&rd, row, &csv->rows[csv->count]);
        if (status != ADMIT_OK)
            break;
        csv->count++;
    }
    rd.err = err;
    bad_row = csv->count;
    size_t first = 0;
    size_t dup = first_duplicate(csv->rows, bad_row, &first);
    if (dup == (size_t)-1) {
        status = admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    } else if (dup < bad_row) {
        const struct registry_csv_row *r = &csv->rows[dup];
        char at[48];
        snprintf(at, sizeof at, "%d:%d", r->line, r->id_column);
        status = admit_error_set(err, ADMIT_EINPUT, name, at,
                                 TR("member_id: %s với admitted_on %s đã có ở dòng %d; mỗi giai đoạn sinh hoạt Đảng chỉ ghi một lần",
                                    "member_id: %s with admitted_on %s is already on line %d; each membership period is written once"),
                                 r->values[REGISTRY_CSV_MEMBER_ID],
                                 r->values[REGISTRY_CSV_ADMITTED_ON], csv->rows[first].line);
    } else if (status != ADMIT_OK) {
        if (err != NULL)
            *err = row_error;
    }

done:
    if (status != ADMIT_OK) {
        registry_csv_free(csv);
        return status;
    }
    *out = csv;
    return ADMIT_OK;
}
