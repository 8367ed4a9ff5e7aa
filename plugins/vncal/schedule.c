/*
 * schedule.c - reading announced schedules.
 *
 * The files are the audit's evidence of which days were off, so nothing in
 * them is guessed at: a line that is not exactly a date, a kind and an
 * optional note is an error that names the file and the line, and the
 * plugin then refuses to load rather than count days with a broken file.
 */
#define _POSIX_C_SOURCE 200809L

#include "schedule.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"

/* Longest path of a schedule file. */
#define PATH_SIZE 4096

#define TR(english, en, vi) ((english) ? (en) : (vi))

struct reader {
    int english;
    char *err;
    size_t size;
};

static int fail(const struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write the message; returns -1 for `return fail(...)`. */
static int fail(const struct reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->size, fmt, ap);
    va_end(ap);
    return -1;
}

/* -- one file -------------------------------------------------------------- */

static int is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Parse exactly "YYYY-MM-DD".  Returns 0 and the day number, else -1. */
static int parse_date(const char *s, size_t n, int32_t *day, int *year)
{
    if (n != 10 || s[4] != '-' || s[7] != '-' || !is_digits(s, 4) || !is_digits(s + 5, 2) ||
        !is_digits(s + 8, 2))
        return -1;
    int y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
    if (!civil_valid(y, m, d))
        return -1;
    *day = civil_from_ymd(y, m, d);
    *year = y;
    return 0;
}

/* 1 when s[0..n) is well-formed UTF-8 without control characters. */
static int is_text(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        size_t more;
        unsigned min;
        if (c < 0x20 || c == 0x7f)
            return 0;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            more = 1, min = 0x80;
        else if (c >= 0xe0 && c <= 0xef)
            more = 2, min = 0x800;
        else if (c >= 0xf0 && c <= 0xf4)
            more = 3, min = 0x10000;
        else
            return 0;
        if ((size_t)(end - p) <= more)
            return 0;
        unsigned cp = c & (0x3fu >> more);
        for (size_t i = 1; i <= more; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        p += more + 1;
    }
    return 1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

struct parsed {
    struct schedule_entry *entries;
    int *lines;                      /* the line of each entry, for duplicates */
    size_t count, alloc;
};

static int add_entry(struct parsed *p, int32_t day, int off, const char *note, size_t note_len,
                     int line)
{
    if (p->count == p->alloc) {
        size_t alloc = p->alloc ? p->alloc * 2 : 32;
        struct schedule_entry *e = realloc(p->entries, alloc * sizeof *e);
        if (e == NULL)
            return -1;
        p->entries = e;
        int *l = realloc(p->lines, alloc * sizeof *l);
        if (l == NULL)
            return -1;
        p->lines = l;
        p->alloc = alloc;
    }
    char *copy = malloc(note_len + 1);
    if (copy == NULL)
        return -1;
    memcpy(copy, note, note_len);
    copy[note_len] = '\0';
    p->entries[p->count].day = day;
    p->entries[p->count].off = off;
    p->entries[p->count].note = copy;
    p->lines[p->count] = line;
    p->count++;
    return 0;
}

/* Parse one line (without its newline).  Returns 0, or -1 after fail(). */
static int parse_line(const struct reader *r, const char *path, int year, int line,
                      const char *s, size_t n, struct parsed *p)
{
    const char *hash = memchr(s, '#', n);
    if (hash != NULL)
        n = (size_t)(hash - s);
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    while (n > 0 && is_blank(*s))
        s++, n--;
    if (n == 0)
        return 0;

    const char *tab1 = memchr(s, '\t', n);
    size_t date_len = tab1 ? (size_t)(tab1 - s) : n;
    const char *kind = tab1 ? tab1 + 1 : s + n;
    size_t rest = (size_t)(s + n - kind);
    const char *tab2 = memchr(kind, '\t', rest);
    size_t kind_len = tab2 ? (size_t)(tab2 - kind) : rest;
    const char *note = tab2 ? tab2 + 1 : kind + kind_len;
    size_t note_len = (size_t)(s + n - note);
    int32_t day;
    int date_year;

    if (tab1 == NULL)
        return fail(r, TR(r->english, "%s:%d: expected YYYY-MM-DD<TAB>off|work<TAB>note "
                                      "(fields separated by tabs)",
                          "%s:%d: cần dạng YYYY-MM-DD<TAB>off|work<TAB>ghi chú "
                          "(các trường cách nhau bằng dấu tab)"),
                    path, line);
    if (parse_date(s, date_len, &day, &date_year) != 0)
        return fail(r, TR(r->english, "%s:%d: \"%.*s\" is not a date (YYYY-MM-DD)",
                          "%s:%d: \"%.*s\" không phải ngày hợp lệ (YYYY-MM-DD)"),
                    path, line, (int)date_len, s);
    if (date_year != year)
        return fail(r, TR(r->english, "%s:%d: %.*s is not in %d, the year of the file",
                          "%s:%d: ngày %.*s không thuộc năm %d của tệp"),
                    path, line, (int)date_len, s, year);
    int off;
    if (kind_len == 3 && memcmp(kind, "off", 3) == 0)
        off = 1;
    else if (kind_len == 4 && memcmp(kind, "work", 4) == 0)
        off = 0;
    else
        return fail(r, TR(r->english, "%s:%d: \"%.*s\" must be off or work",
                          "%s:%d: \"%.*s\" phải là off hoặc work"),
                    path, line, (int)kind_len, kind);
    while (note_len > 0 && is_blank(*note))
        note++, note_len--;
    if (memchr(note, '\t', note_len) != NULL || !is_text(note, note_len))
        return fail(r, TR(r->english, "%s:%d: the note must be one field of UTF-8 text",
                          "%s:%d: ghi chú phải là một trường văn bản UTF-8"),
                    path, line);
    for (size_t i = 0; i < p->count; i++)
        if (p->entries[i].day == day)
            return fail(r, TR(r->english, "%s:%d: %.*s is already listed on line %d",
                              "%s:%d: ngày %.*s đã có ở dòng %d"),
                        path, line, (int)date_len, s, p->lines[i]);
    if (add_entry(p, day, off, note, note_len, line) != 0)
        return fail(r, "%s", TR(r->english, "out of memory", "hết bộ nhớ"));
    return 0;
}

static int entry_by_day(const void *a, const void *b)
{
    const struct schedule_entry *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static void free_entries(struct schedule_entry *entries, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(entries[i].note);
    free(entries);
}

/* Read at most SCHEDULE_MAX_FILE bytes of `path`.  Returns 0 with *text
 * (caller frees) and *len, or -1 after fail(). */
static int read_file(const struct reader *r, const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;
    int rc = -1;
    if (f == NULL)
        return fail(r, TR(r->english, "%s: cannot be read: %s", "%s: không đọc được: %s"), path,
                    strerror(errno));
    buf = malloc(SCHEDULE_MAX_FILE + 1);
    if (buf == NULL) {
        fail(r, "%s", TR(r->english, "out of memory", "hết bộ nhớ"));
        goto done;
    }
    n = fread(buf, 1, SCHEDULE_MAX_FILE + 1, f);
    if (ferror(f)) {
        fail(r, TR(r->english, "%s: cannot be read: %s", "%s: không đọc được: %s"), path,
             strerror(errno));
        goto done;
    }
    if (n > SCHEDULE_MAX_FILE) {
        fail(r, TR(r->english, "%s: larger than %d bytes", "%s: lớn hơn %d byte"), path,
             SCHEDULE_MAX_FILE);
        goto done;
    }
    *text = buf;
    *len = n;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    fclose(f);
    return rc;
}

/* Load one YYYY.tsv into *out.  Returns 0, or -1 after fail(). */
static int load_file(const struct reader *r, const char *path, int year, struct schedule_year *out)
{
    char *text = NULL;
    size_t len = 0;
    struct parsed p = {0};
    int rc = -1;
    if (read_file(r, path, &text, &len) != 0)
        return -1;
    size_t pos = 0;
    int line = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        if (memchr(text + pos, '\0', end - pos) != NULL) {
            fail(r, TR(r->english, "%s:%d: a NUL byte: this is not a text file",
                       "%s:%d: có byte NUL: đây không phải tệp văn bản"),
                 path, line);
            goto done;
        }
        if (parse_line(r, path, year, line, text + pos, end - pos, &p) != 0)
            goto done;
        pos = end + 1;
    }
    qsort(p.entries, p.count, sizeof *p.entries, entry_by_day);
    out->year = year;
    out->entries = p.entries;
    out->count = p.count;
    p.entries = NULL;
    p.count = 0;
    rc = 0;
done:
    free_entries(p.entries, p.count);
    free(p.lines);
    free(text);
    return rc;
}

/* -- the folder ------------------------------------------------------------ */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The names of dir's entries that end in ".tsv" and do not start with a
 * dot, sorted.  Returns 0 with *names (free each and the array), or -1. */
static int list_schedules(const struct reader *r, const char *dir, char ***names, size_t *count)
{
    DIR *d = opendir(dir);
    char **list = NULL;
    size_t n = 0, alloc = 0;
    if (d == NULL)
        return fail(r, TR(r->english, "holidays folder \"%s\" cannot be read: %s",
                          "không đọc được thư mục lịch nghỉ \"%s\": %s"),
                    dir, strerror(errno));
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (e == NULL)
            break;
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".tsv"))
            continue;
        if (n == alloc) {
            size_t grow = alloc ? alloc * 2 : 16;
            char **bigger = realloc(list, grow * sizeof *bigger);
            if (bigger == NULL)
                goto nomem;
            list = bigger;
            alloc = grow;
        }
        list[n] = strdup(e->d_name);
        if (list[n] == NULL)
            goto nomem;
        n++;
    }
    if (errno != 0) {
        fail(r, TR(r->english, "holidays folder \"%s\" cannot be read: %s",
                   "không đọc được thư mục lịch nghỉ \"%s\": %s"),
             dir, strerror(errno));
        goto failed;
    }
    closedir(d);
    if (n > 1)
        qsort(list, n, sizeof *list, name_cmp);
    *names = list;
    *count = n;
    return 0;
nomem:
    fail(r, "%s", TR(r->english, "out of memory", "hết bộ nhớ"));
failed:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return -1;
}

int schedule_load(const char *dir, int first_year, int last_year, int english,
                  struct schedule *out, char *err, size_t size)
{
    struct reader r = {english, err, size};
    char **names = NULL;
    size_t count = 0;
    int rc = -1;
    out->years = NULL;
    out->count = 0;
    if (list_schedules(&r, dir, &names, &count) != 0)
        return -1;
    if (count > 0) {
        out->years = calloc(count, sizeof *out->years);
        if (out->years == NULL) {
            fail(&r, "%s", TR(english, "out of memory", "hết bộ nhớ"));
            goto done;
        }
    }
    for (size_t i = 0; i < count; i++) {
        char path[PATH_SIZE];
        int n = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (n < 0 || (size_t)n >= sizeof path) {
            fail(&r, TR(english, "%s/%s: path too long", "%s/%s: đường dẫn quá dài"), dir,
                 names[i]);
            goto done;
        }
        int year = is_digits(names[i], 4) && strcmp(names[i] + 4, ".tsv") == 0
                       ? digits_value(names[i], 4)
                       : 0;
        if (year < first_year || year > last_year) {
            fail(&r, TR(english, "%s: a schedule file must be named YYYY.tsv, for a year from %d to %d",
                        "%s: tệp lịch nghỉ phải có tên YYYY.tsv, với năm từ %d đến %d"),
                 path, first_year, last_year);
            goto done;
        }
        if (load_file(&r, path, year, &out->years[out->count]) != 0)
            goto done;
        out->count++;
    }
    rc = 0;
done:
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (rc != 0)
        schedule_release(out);
    return rc;
}

void schedule_release(struct schedule *s)
{
    for (size_t i = 0; i < s->count; i++)
        free_entries(s->years[i].entries, s->years[i].count);
    free(s->years);
    s->years = NULL;
    s->count = 0;
}

const struct schedule_year *schedule_find(const struct schedule *s, int year)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->years[i].year == year)
            return &s->years[i];
    return NULL;
}
