/* audit_input.c - streaming the records of every audit input in order. */
#include "audit_input.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "sqlite_lib.h"

/* SQLite's file header (its first 16 bytes). */
static const char sqlite_header[16] = "SQLite format 3";

struct source {
    char *path;
    enum audit_input_kind kind;
    /* JSON Lines: read with read(2) in chunks and split with memchr (a byte
     * at a time through stdio was 4 % of an audit's time) */
    FILE *file;
    long long line;
    char *chunk;                /* CHUNK_BYTES, made when the source opens */
    size_t chunk_len, chunk_pos;
    /* directory: relative names in byte order */
    char **names;
    size_t name_count, name_next;
    /* SQLite (through sqlite_lib, opened with the first database input) */
    sqlite3 *db;
    sqlite3_stmt *stmt;
    long long rows;
};

/* The read size of JSON Lines.  read(2) returns what a pipe has, so records
 * written slowly to standard input are evaluated as they come. */
#define CHUNK_BYTES (64 * 1024)

struct audit_input {
    struct source *sources;
    size_t count, current;
    size_t max_bytes;
    char *line;                 /* the JSON Lines buffer, max_bytes + 1 */
    long long bytes_done, bytes_total;
    long long total;            /* -1: not known */
};

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int audit_input_kind(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return AUDIT_INPUT_JSONL;
    if (stat(path, &st) != 0)
        return -1;
    if (S_ISDIR(st.st_mode))
        return AUDIT_INPUT_DIR;
    if (has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson"))
        return AUDIT_INPUT_JSONL;
    char head[16];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == sizeof head && memcmp(head, sqlite_header, sizeof head) == 0)
        return AUDIT_INPUT_SQLITE;
    return -1;
}

/* -- directories ----------------------------------------------------------- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append every *.json below root/rel to src->names (relative to root).
 * Symbolic links are followed for files, not for directories (no cycles). */
static enum admit_status walk(struct source *src, const char *rel, size_t *alloc,
                              struct admit_error *err)
{
    char dirpath[4096];
    int w = rel[0] ? snprintf(dirpath, sizeof dirpath, "%s/%s", src->path, rel)
                   : snprintf(dirpath, sizeof dirpath, "%s", src->path);
    if (w < 0 || (size_t)w >= sizeof dirpath)
        return admit_error_set(err, ADMIT_EIO, src->path, NULL, "%s",
                               TR("đường dẫn quá dài", "path too long"));
    DIR *dir = opendir(dirpath);
    if (dir == NULL)
        return admit_error_set(err, ADMIT_EIO, dirpath, NULL, "%s (%s)",
                               TR("không đọc được thư mục", "cannot read the directory"),
                               strerror(errno));
    enum admit_status status = ADMIT_OK;
    struct dirent *e;
    while (status == ADMIT_OK && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char child[4096], full[4096];
        int n1 = rel[0] ? snprintf(child, sizeof child, "%s/%s", rel, e->d_name)
                        : snprintf(child, sizeof child, "%s", e->d_name);
        int n2 = snprintf(full, sizeof full, "%s/%s", dirpath, e->d_name);
        if (n1 < 0 || (size_t)n1 >= sizeof child || n2 < 0 || (size_t)n2 >= sizeof full) {
            status = admit_error_set(err, ADMIT_EIO, dirpath, NULL, "%s",
                                     TR("đường dẫn quá dài", "path too long"));
            break;
        }
        struct stat st, lst;
        if (lstat(full, &lst) != 0)
            continue;   /* vanished meanwhile */
        if (S_ISDIR(lst.st_mode)) {
            status = walk(src, child, alloc, err);
            continue;
        }
        if (!has_suffix(e->d_name, ".json") || stat(full, &st) != 0 || S_ISDIR(st.st_mode))
            continue;
        if (src->name_count == *alloc) {
            size_t next = *alloc ? *alloc * 2 : 64;
            char **grown = realloc(src->names, next * sizeof *grown);
            if (grown == NULL) {
                status = admit_error_set(err, ADMIT_ENOMEM, src->path, NULL, "out of memory");
                break;
            }
            src->names = grown;
            *alloc = next;
        }
        src->names[src->name_count] = strdup(child);
        if (src->names[src->name_count] == NULL)
            status = admit_error_set(err, ADMIT_ENOMEM, src->path, NULL, "out of memory");
        else
            src->name_count++;
    }
    closedir(dir);
    return status;
}

/* -- opening ---------------------------------------------------------------- */

static enum admit_status open_source(struct audit_input *in, struct source *src,
                                     struct admit_error *err)
{
    if (src->kind == AUDIT_INPUT_JSONL) {
        struct stat st;
        if (strcmp(src->path, "-") == 0) {
            src->file = stdin;
            in->bytes_total = -1;
        } else {
            src->file = fopen(src->path, "rb");
            if (src->file == NULL)
                return admit_error_set(err, ADMIT_EIO, src->path, NULL, "%s (%s)",
                                       TR("không đọc được tệp", "cannot read the file"),
                                       strerror(errno));
            if (in->bytes_total >= 0 && fstat(fileno(src->file), &st) == 0 && S_ISREG(st.st_mode))
                in->bytes_total += st.st_size;
            else
                in->bytes_total = -1;
        }
        in->total = -1;
        src->chunk = malloc(CHUNK_BYTES);
        if (src->chunk == NULL)
            return admit_error_set(err, ADMIT_ENOMEM, src->path, NULL, "out of memory");
        return ADMIT_OK;
    }
    if (src->kind == AUDIT_INPUT_DIR) {
        size_t alloc = 0;
        enum admit_status status = walk(src, "", &alloc, err);
        if (status != ADMIT_OK)
            return status;
        if (src->name_count > 1)
            qsort(src->names, src->name_count, sizeof *src->names, compare_names);
        if (in->total >= 0)
            in->total += (long long)src->name_count;
        return ADMIT_OK;
    }
    /* SQLite: the library is loaded now, by the first database input (a
     * missing libsqlite3 is the installation's fault: ADMIT_EIO, exit 3);
     * the file read-only, and the table checked by preparing the query. */
    char why[512];
    if (sqlite_lib_open(why, sizeof why) != 0)
        return admit_error_set(err, ADMIT_EIO, src->path, NULL, "%s", why);
    sqlite3_stmt *count = NULL;
    if (sqlite_lib.sqlite3_open_v2(src->path, &src->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite_lib.sqlite3_prepare_v2(src->db, "SELECT count(*) FROM dossiers", -1, &count,
                                      NULL) != SQLITE_OK ||
        sqlite_lib.sqlite3_step(count) != SQLITE_ROW ||
        sqlite_lib.sqlite3_prepare_v2(src->db, "SELECT id, json FROM dossiers ORDER BY id", -1,
                                      &src->stmt, NULL) != SQLITE_OK) {
        enum admit_status status = admit_error_set(
            err, ADMIT_EINPUT, src->path, NULL, "%s: %s",
            TR("không dùng được cơ sở dữ liệu (cần bảng dossiers(id, json))",
               "cannot use the database (a table dossiers(id, json) is expected)"),
            src->db ? sqlite_lib.sqlite3_errmsg(src->db) : "out of memory");
        sqlite_lib.sqlite3_finalize(count);
        return status;
    }
    src->rows = sqlite_lib.sqlite3_column_int64(count, 0);
    sqlite_lib.sqlite3_finalize(count);
    if (in->total >= 0)
        in->total += src->rows;
    return ADMIT_OK;
}

enum admit_status audit_input_open(char *const *paths, size_t count, size_t max_bytes,
                                   struct audit_input **out, struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    struct audit_input *in = calloc(1, sizeof *in);
    *out = NULL;
    if (in == NULL || (in->sources = calloc(count ? count : 1, sizeof *in->sources)) == NULL ||
        (in->line = malloc(max_bytes + 2)) == NULL) {
        audit_input_free(in);
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    }
    in->max_bytes = max_bytes;
    int stdin_seen = 0;
    for (size_t i = 0; i < count; i++) {
        int kind = audit_input_kind(paths[i]);
        struct stat st;
        if (kind < 0) {
            status = stat(paths[i], &st) != 0
                         ? admit_error_set(err, ADMIT_EUSAGE, paths[i], NULL, "%s (%s)",
                                           TR("không có tệp hay thư mục này",
                                              "no such file or directory"), strerror(errno))
                         : admit_error_set(err, ADMIT_EUSAGE, paths[i], NULL, "%s",
                                           TR("không phải đầu vào hợp lệ: cần tệp .jsonl/.ndjson, "
                                              "thư mục hoặc cơ sở dữ liệu SQLite",
                                              "not an audit input: a .jsonl/.ndjson file, a "
                                              "directory or a SQLite database is expected"));
            goto done;
        }
        if (strcmp(paths[i], "-") == 0 && stdin_seen++) {
            status = admit_error_set(err, ADMIT_EUSAGE, "-", NULL, "%s",
                                     TR("chỉ đọc đầu vào chuẩn một lần",
                                        "standard input can be read only once"));
            goto done;
        }
        in->sources[i].kind = (enum audit_input_kind)kind;
        in->sources[i].path = strdup(paths[i]);
        in->count = i + 1;
        if (in->sources[i].path == NULL) {
            status = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
            goto done;
        }
        status = open_source(in, &in->sources[i], err);
        if (status != ADMIT_OK)
            goto done;
    }
done:
    if (status != ADMIT_OK) {
        audit_input_free(in);
        return status;
    }
    *out = in;
    return ADMIT_OK;
}

/* -- reading ---------------------------------------------------------------- */

/* origin = a + sep + b, cut with "..." when it does not fit. */
static void set_origin(struct audit_input_record *rec, const char *a, const char *sep, const char *b)
{
    int w = snprintf(rec->origin, sizeof rec->origin, "%s%s%s", a, sep, b);
    if (w < 0 || (size_t)w >= sizeof rec->origin)
        memcpy(rec->origin + sizeof rec->origin - 4, "...", 4);
}

/* The record cannot be read: `what`, with the size limit when `limit`. */
static int record_error(struct audit_input_record *rec, const char *what, size_t limit)
{
    char msg[256];
    if (limit)
        snprintf(msg, sizeof msg, "%s %zu %s", what, limit, TR("byte", "bytes"));
    else
        snprintf(msg, sizeof msg, "%s", what);
    rec->error = strdup(msg);
    return rec->error != NULL ? 1 : -1;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* The next non-blank line of a JSON Lines stream; 0 at its end. */
static int next_line(struct audit_input *in, struct source *src, struct audit_input_record *rec,
                     struct admit_error *err)
{
    const char *name = strcmp(src->path, "-") == 0 ? "<stdin>" : src->path;
    for (;;) {
        size_t n = 0;
        int over = 0, any = 0, ended = 0;
        while (!ended) {
            if (src->chunk_pos == src->chunk_len) {
                ssize_t got = read(fileno(src->file), src->chunk, CHUNK_BYTES);
                if (got < 0 && errno == EINTR)
                    continue;
                if (got < 0) {
                    admit_error_set(err, ADMIT_EIO, name, NULL, "%s (%s)",
                                    TR("lỗi khi đọc tệp", "read error"), strerror(errno));
                    return -1;
                }
                if (got == 0)
                    break;
                src->chunk_len = (size_t)got;
                src->chunk_pos = 0;
            }
            /* this chunk's part of the line: up to its '\n' or its end */
            const char *start = src->chunk + src->chunk_pos;
            size_t avail = src->chunk_len - src->chunk_pos;
            const char *newline = memchr(start, '\n', avail);
            size_t take = newline != NULL ? (size_t)(newline - start) : avail;
            size_t room = in->max_bytes - n, kept = take < room ? take : room;
            memcpy(in->line + n, start, kept);
            n += kept;
            over |= take > room;
            ended = newline != NULL;
            any = 1;
            src->chunk_pos += take + (size_t)ended;
            in->bytes_done += (long long)(take + (size_t)ended);
        }
        if (!any)
            return 0;
        src->line++;
        if (!over && blank(in->line, n))
            continue;   /* skipped, but its number is used */
        char number[32];
        snprintf(number, sizeof number, "%lld", src->line);
        set_origin(rec, name, ":", number);
        if (over)
            return record_error(rec, TR("dòng quá dài: tối đa", "line too long: at most"),
                                in->max_bytes);
        rec->text = malloc(n + 1);
        if (rec->text == NULL) {
            admit_error_set(err, ADMIT_ENOMEM, name, NULL, "out of memory");
            return -1;
        }
        memcpy(rec->text, in->line, n);
        rec->text[n] = '\0';
        rec->len = n;
        return 1;
    }
}

/* The next file of a directory; 0 after the last. */
static int next_file(struct audit_input *in, struct source *src, struct audit_input_record *rec,
                     struct admit_error *err)
{
    char full[4096];
    if (src->name_next == src->name_count)
        return 0;
    const char *rel = src->names[src->name_next++];
    int trailing = has_suffix(src->path, "/");
    int w = snprintf(full, sizeof full, trailing ? "%s%s" : "%s/%s", src->path, rel);
    if (w < 0 || (size_t)w >= sizeof full) {
        admit_error_set(err, ADMIT_EIO, src->path, NULL, "path too long");
        return -1;
    }
    set_origin(rec, full, "", "");
    FILE *f = fopen(full, "rb");
    if (f == NULL) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s (%s)", TR("không đọc được tệp", "cannot read the file"),
                 strerror(errno));
        rec->error = strdup(msg);
        return rec->error != NULL ? 1 : -1;
    }
    size_t n = fread(in->line, 1, in->max_bytes + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return record_error(rec, TR("lỗi khi đọc tệp", "read error"), 0);
    if (n > in->max_bytes)
        return record_error(rec, TR("dữ liệu quá lớn: tối đa", "input too large: at most"),
                            in->max_bytes);
    rec->text = malloc(n + 1);
    if (rec->text == NULL) {
        admit_error_set(err, ADMIT_ENOMEM, full, NULL, "out of memory");
        return -1;
    }
    memcpy(rec->text, in->line, n);
    rec->text[n] = '\0';
    rec->len = n;
    return 1;
}

/* The next row of a database; 0 after the last. */
static int next_row(struct audit_input *in, struct source *src, struct audit_input_record *rec,
                    struct admit_error *err)
{
    int rc = sqlite_lib.sqlite3_step(src->stmt);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW) {
        admit_error_set(err, ADMIT_EIO, src->path, NULL, "%s: %s",
                        TR("lỗi khi đọc cơ sở dữ liệu", "database read error"),
                        sqlite_lib.sqlite3_errmsg(src->db));
        return -1;
    }
    const unsigned char *id = sqlite_lib.sqlite3_column_text(src->stmt, 0);
    set_origin(rec, src->path, "#", id ? (const char *)id : "NULL");
    const unsigned char *json = sqlite_lib.sqlite3_column_text(src->stmt, 1);
    size_t n = (size_t)sqlite_lib.sqlite3_column_bytes(src->stmt, 1);
    if (json == NULL)
        return record_error(rec, TR("cột json rỗng (NULL)", "the json column is NULL"), 0);
    if (n > in->max_bytes)
        return record_error(rec, TR("dữ liệu quá lớn: tối đa", "input too large: at most"),
                            in->max_bytes);
    rec->text = malloc(n + 1);
    if (rec->text == NULL) {
        admit_error_set(err, ADMIT_ENOMEM, src->path, NULL, "out of memory");
        return -1;
    }
    memcpy(rec->text, json, n);
    rec->text[n] = '\0';
    rec->len = n;
    return 1;
}

int audit_input_next(struct audit_input *in, struct audit_input_record *rec, struct admit_error *err)
{
    memset(rec, 0, sizeof *rec);
    while (in->current < in->count) {
        struct source *src = &in->sources[in->current];
        int rc = src->kind == AUDIT_INPUT_JSONL ? next_line(in, src, rec, err)
                 : src->kind == AUDIT_INPUT_DIR ? next_file(in, src, rec, err)
                                                : next_row(in, src, rec, err);
        if (rc != 0)
            return rc;
        in->current++;
    }
    return 0;
}

long long audit_input_total(const struct audit_input *in)
{
    return in->total;
}

void audit_input_bytes(const struct audit_input *in, long long *done, long long *total)
{
    *done = in->bytes_done;
    *total = in->bytes_total > 0 ? in->bytes_total : 0;
}

void audit_input_record_release(struct audit_input_record *rec)
{
    free(rec->text);
    free(rec->error);
    rec->text = NULL;
    rec->error = NULL;
}

void audit_input_free(struct audit_input *in)
{
    if (in == NULL)
        return;
    for (size_t i = 0; i < in->count; i++) {
        struct source *src = &in->sources[i];
        if (src->file != NULL && src->file != stdin)
            fclose(src->file);
        free(src->chunk);
        for (size_t j = 0; j < src->name_count; j++)
            free(src->names[j]);
        free(src->names);
        if (src->db != NULL) {   /* only then was sqlite_lib opened */
            sqlite_lib.sqlite3_finalize(src->stmt);
            sqlite_lib.sqlite3_close(src->db);
        }
        free(src->path);
    }
    free(in->sources);
    free(in->line);
    free(in);
}
