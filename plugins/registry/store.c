/*
 * store.c - an open member registry: checking that a file is one, and the
 * queries rules need, each a statement prepared once at open.
 *
 * The connection is read-only and serialized (SQLITE_OPEN_FULLMUTEX).  A
 * query is still a bind-step-reset sequence on a shared statement, which
 * SQLite's own mutex does not keep whole when several threads call at once:
 * the store's mutex does.  A writer's lock is waited for at most
 * BUSY_TIMEOUT_MS, then reported as "locked", never waited out.
 */
#define _POSIX_C_SOURCE 200809L

#include "registry.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sqlite_api.h"

/* How long a query waits for another program's write lock. */
#define BUSY_TIMEOUT_MS 1000
/*
 * A query's work is bounded: SQLite calls the progress handler every
 * PROGRESS_STEP virtual-machine instructions; it stops the query when the
 * calling rule's time is up (host->call_expired) or, for any caller, after
 * QUERY_MAX_MS.  A registry whose `memberships` is a view (a recursive CTE
 * that never ends) would otherwise hang the whole run.
 */
#define PROGRESS_STEP 1000
#define QUERY_MAX_MS 5000

/* The first 16 bytes of every SQLite 3 database ("The Database Header" of
 * the SQLite file format): the text and its terminating zero byte. */
static const char sqlite_magic[16] = "SQLite format 3";

/* The columns of registry.md.  The queries read only some of them, but a
 * table without all of them is not a registry export. */
static const char *const required_columns[] = {
    "member_id", "national_id", "full_name", "admitted_on",
    "official_since", "left_on", "left_reason",
};
#define REQUIRED_COLUMNS (sizeof required_columns / sizeof required_columns[0])

static const char standing_sql[] =
    "SELECT official_since, left_on FROM memberships WHERE member_id = ?1";
static const char periods_sql[] =
    "SELECT count(*) FROM memberships WHERE national_id = ?1";

struct registry_store {
    sqlite3 *db;
    sqlite3_stmt *standing;   /* official_since, left_on of each period of a member_id */
    sqlite3_stmt *periods;    /* the number of periods of a national_id */
    pthread_mutex_t lock;     /* held for each bind-step-reset sequence */
    char path[];              /* the file, for messages */
};

/* -- messages ----------------------------------------------------------- */

/* Say what a SQLite result code means for the registry file. */
static void describe_sqlite(const char *path, int rc, char *why, size_t size)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        snprintf(why, size,
                 RTR("tệp sổ đảng viên \"%s\" đang bị chương trình khác khoá (%s); hãy đóng chương trình đang ghi vào tệp, hoặc dùng một bản sao của tệp, rồi chạy lại",
                     "the registry file \"%s\" is locked by another program (%s); close the program that writes to it, or use a copy of the file, and run again"),
                 path, registry_sqlite.sqlite3_errstr(rc));
        break;
    case SQLITE_NOTADB:
        snprintf(why, size,
                 RTR("tệp sổ đảng viên \"%s\" không phải là cơ sở dữ liệu SQLite; --registry cần tệp SQLite xuất từ sổ đảng viên (xem docs/registry.md)",
                     "the registry file \"%s\" is not a SQLite database; --registry takes a SQLite file exported from the member records (see docs/registry.md)"),
                 path);
        break;
    case SQLITE_CORRUPT:
        snprintf(why, size,
                 RTR("tệp sổ đảng viên \"%s\" bị hỏng (%s); hãy xuất lại sổ đảng viên",
                     "the registry file \"%s\" is damaged (%s); export the registry again"),
                 path, registry_sqlite.sqlite3_errstr(rc));
        break;
    case SQLITE_INTERRUPT:
        snprintf(why, size,
                 RTR("truy vấn tệp sổ đảng viên \"%s\" bị dừng vì chạy quá lâu (quá thời hạn của quy tắc, hoặc %d ms); bảng memberships phải là một bảng, không phải một view tốn kém",
                     "the query of the registry file \"%s\" was stopped for running too long (past the rule's time limit, or %d ms); memberships must be a table, not a costly view"),
                 path, QUERY_MAX_MS);
        break;
    case SQLITE_NOMEM:
        snprintf(why, size, "%s", RTR("hết bộ nhớ", "out of memory"));
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_READONLY:
        snprintf(why, size,
                 RTR("không mở được tệp sổ đảng viên \"%s\" (%s); hãy kiểm tra quyền đọc tệp và thư mục chứa nó",
                     "the registry file \"%s\" cannot be opened (%s); check that it and its directory are readable"),
                 path, registry_sqlite.sqlite3_errstr(rc));
        break;
    default:
        snprintf(why, size,
                 RTR("không dùng được tệp sổ đảng viên \"%s\" (SQLite: %s)",
                     "the registry file \"%s\" cannot be used (SQLite: %s)"),
                 path, registry_sqlite.sqlite3_errstr(rc));
        break;
    }
}

/* -- opening ------------------------------------------------------------ */

/* Read up to `size` bytes from the start of `fd`; the count, or -1. */
static ssize_t read_head(int fd, char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/*
 * What can be said before SQLite sees the file: it exists, is a regular
 * readable file, and is empty (an empty database) or starts with the SQLite
 * header.  0, or -1 with `why`.
 */
static int check_file(const char *path, int *wal, char *why, size_t size)
{
    struct stat st;
    /* the magic, then the page size (2 bytes) and the write and read format
     * versions: 2 in either means the database is in WAL mode */
    unsigned char head[20];

    if (stat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            snprintf(why, size,
                     RTR("không có tệp sổ đảng viên \"%s\"; hãy kiểm tra đường dẫn cho --registry (sổ trống được tạo bằng admit registry init)",
                         "the registry file \"%s\" does not exist; check the path given to --registry (admit registry init creates an empty registry)"),
                     path);
        else
            snprintf(why, size,
                     RTR("không đọc được tệp sổ đảng viên \"%s\" (%s)",
                         "the registry file \"%s\" cannot be read (%s)"),
                     path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(why, size,
                 RTR("\"%s\" là thư mục; --registry cần tệp SQLite của sổ đảng viên",
                     "\"%s\" is a directory; --registry takes the registry's SQLite file"),
                 path);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, size,
                 RTR("\"%s\" không phải là tệp thông thường; --registry cần tệp SQLite của sổ đảng viên",
                     "\"%s\" is not a regular file; --registry takes the registry's SQLite file"),
                 path);
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read_head(fd, (char *)head, sizeof head);
    int saved = errno;
    if (fd >= 0)
        close(fd);
    if (n < 0) {
        snprintf(why, size,
                 RTR("không đọc được tệp sổ đảng viên \"%s\" (%s); hãy cấp quyền đọc cho người dùng này",
                     "the registry file \"%s\" cannot be read (%s); make it readable by this user"),
                 path, strerror(saved));
        return -1;
    }
    if (n > 0 && ((size_t)n < sizeof head || memcmp(head, sqlite_magic, sizeof sqlite_magic) != 0)) {
        describe_sqlite(path, SQLITE_NOTADB, why, size);
        return -1;
    }
    *wal = n > 0 && (head[18] == 2 || head[19] == 2);
    return 0;
}

/*
 * A WAL-mode database is read immutably (below); changes still in its
 * "-wal" file would then be invisible, so such a file is refused.
 * 0, or -1 with `why`.
 */
static int check_no_pending_wal(const char *path, char *why, size_t size)
{
    struct stat st;
    size_t n = strlen(path) + 5;
    char *wal = malloc(n);
    if (wal == NULL) {
        snprintf(why, size, "%s", RTR("hết bộ nhớ", "out of memory"));
        return -1;
    }
    snprintf(wal, n, "%s-wal", path);
    int pending = stat(wal, &st) == 0 && st.st_size > 0;
    free(wal);
    if (!pending)
        return 0;
    snprintf(why, size,
             RTR("tệp sổ đảng viên \"%s\" ở chế độ WAL và tệp \"%s-wal\" còn những thay đổi chưa ghi vào; hãy đóng chương trình đang ghi sổ (hoặc chạy PRAGMA wal_checkpoint), hoặc dùng một bản sao, rồi chạy lại",
                 "the registry file \"%s\" is in WAL mode and \"%s-wal\" holds changes not yet written into it; close the program that writes it (or run PRAGMA wal_checkpoint), or use a copy, and run again"),
             path, path);
    return -1;
}

/*
 * The URI that opens `path` read-only: "file:PATH?mode=ro", with
 * "&immutable=1" when `immutable`.  PATH is percent-encoded except for
 * unreserved characters and '/'.  NULL when out of memory.
 */
static char *open_uri(const char *path, int immutable)
{
    static const char tail_immutable[] = "?mode=ro&immutable=1";
    size_t len = strlen(path);
    char *uri = malloc(5 + 3 * len + sizeof tail_immutable);
    if (uri == NULL)
        return NULL;
    char *p = uri;
    memcpy(p, "file:", 5);
    p += 5;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("/-._~", c) != NULL) {
            *p++ = (char)c;
        } else {
            *p++ = '%';
            *p++ = "0123456789ABCDEF"[c >> 4];
            *p++ = "0123456789ABCDEF"[c & 15];
        }
    }
    strcpy(p, immutable ? tail_immutable : "?mode=ro");
    return uri;
}

/*
 * The table `memberships` (or a view of that name) exists and has every
 * required column; names compare as SQLite compares them, ignoring case.
 * Reading the schema is the first read of the file, so this is also where
 * a file that is not a database, or is locked, shows.  0, or -1 with `why`.
 */
static int check_schema(struct registry_store *s, char *why, size_t size)
{
    sqlite3_stmt *st = NULL;
    int found[REQUIRED_COLUMNS] = {0};
    int columns = 0;
    int rc = registry_sqlite.sqlite3_prepare_v2(s->db, "PRAGMA table_info(memberships)", -1, &st,
                                                NULL);
    while (rc == SQLITE_OK) {
        rc = registry_sqlite.sqlite3_step(st);
        if (rc != SQLITE_ROW)
            break;
        rc = SQLITE_OK;
        /* cid, name, type, ... */
        const char *name = (const char *)registry_sqlite.sqlite3_column_text(st, 1);
        columns++;
        for (size_t i = 0; name != NULL && i < REQUIRED_COLUMNS; i++) {
            if (registry_sqlite.sqlite3_stricmp(name, required_columns[i]) == 0)
                found[i] = 1;
        }
    }
    registry_sqlite.sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        describe_sqlite(s->path, rc, why, size);
        return -1;
    }
    if (columns == 0) {
        snprintf(why, size,
                 RTR("tệp sổ đảng viên \"%s\" không có bảng memberships; cấu trúc của sổ ở schemas/registry.sql (admit registry init tạo sổ trống)",
                     "the registry file \"%s\" has no table memberships; schemas/registry.sql gives its layout (admit registry init creates an empty registry)"),
                 s->path);
        return -1;
    }
    char absent[200] = "";
    size_t used = 0;
    for (size_t i = 0; i < REQUIRED_COLUMNS; i++) {
        if (found[i])
            continue;
        int n = snprintf(absent + used, sizeof absent - used, "%s%s", used > 0 ? ", " : "",
                         required_columns[i]);
        if (n > 0 && (size_t)n < sizeof absent - used)
            used += (size_t)n;
    }
    if (used > 0) {
        snprintf(why, size,
                 RTR("bảng memberships của tệp sổ đảng viên \"%s\" thiếu cột: %s; cấu trúc đúng ở schemas/registry.sql",
                     "the memberships table of the registry file \"%s\" lacks the columns: %s; schemas/registry.sql gives the layout"),
                 s->path, absent);
        return -1;
    }
    return 0;
}

enum registry_open_result registry_store_open(const char *path, struct registry_store **out,
                                              char *why, size_t size)
{
    *out = NULL;
    /* SQLite is loaded by the first registry opened (sqlite_api.h); a
     * missing library is the installation's fault, not the file's. */
    if (registry_sqlite_open(why, size) != 0)
        return REGISTRY_BROKEN;
    if (!registry_sqlite.sqlite3_threadsafe()) {
        snprintf(why, size, "%s",
                 RTR("thư viện SQLite được biên dịch không hỗ trợ đa luồng",
                     "the SQLite library was built without thread support"));
        return REGISTRY_BROKEN;
    }
    int wal = 0;
    if (check_file(path, &wal, why, size) != 0 || (wal && check_no_pending_wal(path, why, size) != 0))
        return REGISTRY_BAD_INPUT;

    size_t n = strlen(path) + 1;
    struct registry_store *s = calloc(1, sizeof *s + n);
    if (s == NULL || pthread_mutex_init(&s->lock, NULL) != 0) {
        free(s);
        snprintf(why, size, "%s", RTR("hết bộ nhớ", "out of memory"));
        return REGISTRY_BROKEN;
    }
    memcpy(s->path, path, n);

    /* A reader of a WAL-mode database creates "-wal" and "-shm" files beside
     * it, and cannot open it at all in a folder it may not write: such a
     * database is opened immutable (no locks, no side files).  A
     * rollback-journal database needs no side file to be read, and keeps
     * its locks, so that a writer's lock is seen (BUSY_TIMEOUT_MS). */
    char *uri = open_uri(path, wal);
    if (uri == NULL) {
        registry_store_close(s);
        snprintf(why, size, "%s", RTR("hết bộ nhớ", "out of memory"));
        return REGISTRY_BROKEN;
    }
    int rc = registry_sqlite.sqlite3_open_v2(
        uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc == SQLITE_OK) {
        registry_sqlite.sqlite3_extended_result_codes(s->db, 1);
        registry_sqlite.sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
        /* The file comes from elsewhere: its views and triggers may not call
         * functions with side effects, and nothing may damage it. */
#ifdef SQLITE_DBCONFIG_TRUSTED_SCHEMA
        registry_sqlite.sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
#endif
#ifdef SQLITE_DBCONFIG_DEFENSIVE
        registry_sqlite.sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
#endif
    } else {
        describe_sqlite(path, rc, why, size);
    }
    if (rc == SQLITE_OK && check_schema(s, why, size) != 0)
        rc = SQLITE_ERROR;
    if (rc == SQLITE_OK) {
        rc = registry_sqlite.sqlite3_prepare_v3(s->db, standing_sql, -1, SQLITE_PREPARE_PERSISTENT,
                                                &s->standing, NULL);
        if (rc == SQLITE_OK)
            rc = registry_sqlite.sqlite3_prepare_v3(s->db, periods_sql, -1,
                                                    SQLITE_PREPARE_PERSISTENT, &s->periods, NULL);
        if (rc != SQLITE_OK)
            describe_sqlite(path, rc, why, size);
    }
    if (rc != SQLITE_OK) {
        int nomem = (rc & 0xff) == SQLITE_NOMEM;
        registry_store_close(s);
        return nomem ? REGISTRY_BROKEN : REGISTRY_BAD_INPUT;
    }
    *out = s;
    return REGISTRY_OPENED;
}

void registry_store_close(struct registry_store *s)
{
    if (s == NULL)
        return;
    registry_sqlite.sqlite3_finalize(s->standing);
    registry_sqlite.sqlite3_finalize(s->periods);
    registry_sqlite.sqlite3_close(s->db);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* -- queries ------------------------------------------------------------ */

/* "YYYY-MM-DD" (exactly) as a day number; 0, or -1 for anything else. */
static int parse_day(const unsigned char *t, int n, int32_t *day)
{
    if (n != 10 || t[4] != '-' || t[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && !(t[i] >= '0' && t[i] <= '9'))
            return -1;
    }
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    int d = (t[8] - '0') * 10 + (t[9] - '0');
    int32_t v = registry_host->date_from_ymd(y, m, d);
    if (v == ADMIT_NO_DAY)
        return -1;
    *day = v;
    return 0;
}

/* Column `col` of the current row of the standing query as a day number,
 * ADMIT_NO_DAY for NULL.  0, or -1 with `why` for a value that is not a
 * YYYY-MM-DD date. */
static int column_day(const struct registry_store *s, int col, const char *member_id,
                      size_t len, int32_t *day, char *why, size_t size)
{
    sqlite3_stmt *st = s->standing;
    *day = ADMIT_NO_DAY;
    if (registry_sqlite.sqlite3_column_type(st, col) == SQLITE_NULL)
        return 0;
    const unsigned char *text = registry_sqlite.sqlite3_column_text(st, col);
    if (text != NULL && parse_day(text, registry_sqlite.sqlite3_column_bytes(st, col), day) == 0)
        return 0;
    snprintf(why, size,
             RTR("tệp sổ đảng viên \"%s\": %s của đảng viên %.*s là \"%.32s\", không phải ngày dạng YYYY-MM-DD; hãy sửa dữ liệu xuất ra",
                 "the registry file \"%s\": %s of member %.*s is \"%.32s\", not a date YYYY-MM-DD; correct the export"),
             s->path, col == 0 ? "official_since" : "left_on", (int)len, member_id,
             text != NULL ? (const char *)text : "");
    return -1;
}

/* The progress handler's state: the call, and when the query started. */
struct query_limit {
    const struct admit_call *call;
    struct timespec start;
};

static long elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* Nonzero stops the query (SQLITE_INTERRUPT). */
static int progress(void *arg)
{
    const struct query_limit *q = arg;
    if (q->call != NULL && ADMIT_HOST_HAS(registry_host, call_expired) &&
        registry_host->call_expired(q->call))
        return 1;
    return elapsed_ms(&q->start) > QUERY_MAX_MS;
}

/* Install the progress handler for one query; under s->lock (the handler is per connection). */
static void limit_query(struct registry_store *s, struct query_limit *q,
                        const struct admit_call *call)
{
    q->call = call;
    clock_gettime(CLOCK_MONOTONIC, &q->start);
    registry_sqlite.sqlite3_progress_handler(s->db, PROGRESS_STEP, progress, q);
}

int registry_store_standing(struct registry_store *s, const struct admit_call *call,
                            const char *member_id, size_t len, int32_t day,
                            enum registry_standing *out, char *why, size_t size)
{
    int rows = 0, official = 0, failed = 0;
    struct query_limit limit;

    pthread_mutex_lock(&s->lock);
    limit_query(s, &limit, call);
    int rc = registry_sqlite.sqlite3_bind_text(s->standing, 1, member_id, (int)len,
                                               SQLITE_STATIC);
    while (rc == SQLITE_OK) {
        rc = registry_sqlite.sqlite3_step(s->standing);
        if (rc != SQLITE_ROW)
            break;
        rc = SQLITE_OK;
        int32_t since, left;
        if (column_day(s, 0, member_id, len, &since, why, size) != 0 ||
            column_day(s, 1, member_id, len, &left, why, size) != 0) {
            failed = 1;
            break;
        }
        rows++;
        /* registry.md: official on `day` in a period that made the member
         * official by then and that they had not left before it. */
        if (since != ADMIT_NO_DAY && since <= day && (left == ADMIT_NO_DAY || left >= day))
            official = 1;
    }
    if (!failed && rc != SQLITE_DONE) {
        describe_sqlite(s->path, rc, why, size);
        failed = 1;
    }
    registry_sqlite.sqlite3_reset(s->standing);
    registry_sqlite.sqlite3_clear_bindings(s->standing);
    registry_sqlite.sqlite3_progress_handler(s->db, 0, NULL, NULL);
    pthread_mutex_unlock(&s->lock);

    if (failed)
        return -1;
    *out = rows == 0 ? REGISTRY_UNKNOWN : official ? REGISTRY_OFFICIAL : REGISTRY_NOT_OFFICIAL;
    return 0;
}

int registry_store_periods(struct registry_store *s, const struct admit_call *call,
                           const char *national_id, size_t len, int64_t *out, char *why,
                           size_t size)
{
    struct query_limit limit;

    pthread_mutex_lock(&s->lock);
    limit_query(s, &limit, call);
    int rc = registry_sqlite.sqlite3_bind_text(s->periods, 1, national_id, (int)len,
                                               SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = registry_sqlite.sqlite3_step(s->periods);
    if (rc == SQLITE_ROW)
        *out = registry_sqlite.sqlite3_column_int64(s->periods, 0);
    else
        describe_sqlite(s->path, rc, why, size);
    registry_sqlite.sqlite3_reset(s->periods);
    registry_sqlite.sqlite3_clear_bindings(s->periods);
    registry_sqlite.sqlite3_progress_handler(s->db, 0, NULL, NULL);
    pthread_mutex_unlock(&s->lock);
    return rc == SQLITE_ROW ? 0 : -1;
}
