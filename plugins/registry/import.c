/*
 * import.c - filling a registry with checked membership periods, all or
 * nothing: `admit registry import FILE.csv --registry DB`.
 *
 * The engine reads and checks the spreadsheet (engine/registry_csv.c) and
 * hands the rows over in one call of the plugin function
 *
 *   import(db, source, line, column, member_id, national_id, full_name,
 *          admitted_on, official_since, left_on, left_reason, line, ...)
 *
 * nine values per row: where the row is in `source` (the CSV file, for
 * messages), then the seven columns of schemas/registry.sql, each a string
 * or nil (NULL).  It returns the number of rows written.  A registry that
 * does not exist is created first (as by init) and removed again if the
 * import fails.  Every row is inserted inside one transaction, which a
 * failure rolls back: the file is then as it was.  A row whose (member_id,
 * admitted_on) the registry already holds fails the import, naming the
 * row's line and column in `source`.
 */
#define _POSIX_C_SOURCE 200809L

#include "registry.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite_api.h"

/* Values per row, and the seven columns among them. */
#define ROW_VALUES 9
#define ROW_COLUMNS 7

/* How long the import waits for another program's lock. */
#define BUSY_TIMEOUT_MS 1000

static const char insert_sql[] =
    "INSERT INTO memberships (member_id, national_id, full_name, admitted_on, official_since,"
    " left_on, left_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* What the import is doing, for messages. */
struct import {
    struct admit_call *call;
    const char *path;     /* the registry */
    const char *source;   /* the CSV file */
    sqlite3 *db;
};

/* A terminated copy of string value v, or NULL after failing the call. */
static char *copy_string(struct admit_call *call, const struct admit_value *v)
{
    char *s = malloc(v->as.string.len + 1);
    if (s == NULL) {
        registry_host->call_error(call, "%s", RTR("hết bộ nhớ", "out of memory"));
        return NULL;
    }
    memcpy(s, v->as.string.data, v->as.string.len);
    s[v->as.string.len] = '\0';
    return s;
}

/* The arguments have the shape the header comment gives; 0, or -1 after
 * failing the call. */
static int check_arguments(struct admit_call *call, int argc, const struct admit_value *argv)
{
    int ok = argc >= 2 && (argc - 2) % ROW_VALUES == 0;
    for (int i = 0; ok && i < 2; i++)
        ok = argv[i].type == ADMIT_VALUE_STRING && argv[i].as.string.len > 0 &&
             memchr(argv[i].as.string.data, '\0', argv[i].as.string.len) == NULL;
    for (int i = 2; ok && i < argc; i++) {
        int k = (i - 2) % ROW_VALUES;
        if (k < 2)
            ok = argv[i].type == ADMIT_VALUE_INT && argv[i].as.integer > 0 &&
                 argv[i].as.integer <= INT_MAX;
        else
            ok = argv[i].type == ADMIT_VALUE_NIL ||
                 (argv[i].type == ADMIT_VALUE_STRING && argv[i].as.string.len <= INT_MAX);
    }
    if (ok)
        return 0;
    registry_host->call_error(call, "%s",
                              RTR("import: cần (tệp sổ, tệp nguồn, rồi mỗi dòng 9 giá trị: dòng, cột và 7 cột của sổ)",
                                  "import: expects (registry file, source file, then 9 values per row: line, column and the 7 registry columns)"));
    return -1;
}

/* Fail the call with what SQLite said about the registry. */
static void sqlite_error(const struct import *im, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        registry_host->call_error(im->call,
                                  RTR("tệp sổ đảng viên \"%s\" đang bị chương trình khác khoá (%s); hãy đóng chương trình đó rồi chạy lại; chưa ghi gì",
                                      "the registry file \"%s\" is locked by another program (%s); close that program and run again; nothing was written"),
                                  im->path, registry_sqlite.sqlite3_errstr(rc));
        break;
    case SQLITE_NOTADB:
        registry_host->call_error(im->call,
                                  RTR("tệp \"%s\" không phải là cơ sở dữ liệu SQLite; --registry cần một sổ đảng viên (admit registry init tạo sổ trống)",
                                      "\"%s\" is not a SQLite database; --registry takes a member registry (admit registry init creates an empty one)"),
                                  im->path);
        break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        registry_host->call_error(im->call,
                                  RTR("không ghi được vào tệp sổ đảng viên \"%s\" (%s); hãy kiểm tra quyền ghi tệp và thư mục chứa nó",
                                      "the registry file \"%s\" cannot be written (%s); check that it and its directory are writable"),
                                  im->path, registry_sqlite.sqlite3_errstr(rc));
        break;
    default:
        registry_host->call_error(im->call,
                                  RTR("không ghi được vào tệp sổ đảng viên \"%s\" (SQLite: %s); chưa ghi gì",
                                      "the registry file \"%s\" cannot be written (SQLite: %s); nothing was written"),
                                  im->path,
                                  im->db != NULL ? registry_sqlite.sqlite3_errmsg(im->db)
                                                 : registry_sqlite.sqlite3_errstr(rc));
        break;
    }
}

static int run(sqlite3 *db, const char *sql)
{
    return registry_sqlite.sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Bind the seven columns of row `r` to the insert statement. */
static int bind_row(sqlite3_stmt *st, const struct admit_value *r)
{
    int rc = SQLITE_OK;
    for (int c = 0; rc == SQLITE_OK && c < ROW_COLUMNS; c++) {
        const struct admit_value *v = &r[2 + c];
        if (v->type == ADMIT_VALUE_NIL)
            rc = registry_sqlite.sqlite3_bind_null(st, c + 1);
        else
            rc = registry_sqlite.sqlite3_bind_text(st, c + 1, v->as.string.data,
                                                   (int)v->as.string.len, SQLITE_STATIC);
    }
    return rc;
}

/* Insert every row; 0, or -1 after failing the call. */
static int insert_rows(struct import *im, int rows, const struct admit_value *argv)
{
    sqlite3_stmt *st = NULL;
    int rc = registry_sqlite.sqlite3_prepare_v2(im->db, insert_sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        /* No table memberships, a column missing, a view: not a registry
         * this import can fill. */
        registry_host->call_error(im->call,
                                  RTR("tệp sổ đảng viên \"%s\" không nhận được các dòng (SQLite: %s); cấu trúc của sổ ở schemas/registry.sql",
                                      "the registry file \"%s\" cannot take the rows (SQLite: %s); schemas/registry.sql gives its layout"),
                                  im->path, registry_sqlite.sqlite3_errmsg(im->db));
        registry_sqlite.sqlite3_finalize(st);
        return -1;
    }
    for (int i = 0; i < rows; i++) {
        const struct admit_value *r = &argv[i * ROW_VALUES];
        rc = bind_row(st, r);
        if (rc == SQLITE_OK)
            rc = registry_sqlite.sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        registry_sqlite.sqlite3_reset(st);
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
            const struct admit_value *id = &r[2], *admitted = &r[5];
            registry_host->call_error(im->call,
                                      RTR("%s:%d:%d: member_id: %.*s với admitted_on %.*s đã có trong sổ đảng viên \"%s\"; chưa ghi gì",
                                          "%s:%d:%d: member_id: %.*s with admitted_on %.*s is already in the registry \"%s\"; nothing was written"),
                                      im->source, (int)r[0].as.integer, (int)r[1].as.integer,
                                      (int)id->as.string.len, id->as.string.data,
                                      (int)admitted->as.string.len, admitted->as.string.data,
                                      im->path);
            break;
        }
        if (rc != SQLITE_OK) {
            sqlite_error(im, rc);
            break;
        }
    }
    registry_sqlite.sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Open the registry, insert inside one transaction, commit; 0, or -1 after
 * failing the call with the file as it was. */
static int import_rows(struct import *im, int rows, const struct admit_value *argv)
{
    int rc = registry_sqlite.sqlite3_open_v2(im->path, &im->db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        registry_sqlite.sqlite3_extended_result_codes(im->db, 1);
        registry_sqlite.sqlite3_busy_timeout(im->db, BUSY_TIMEOUT_MS);
        /* The file may come from elsewhere: its triggers and views may not
         * call functions with side effects. */
#ifdef SQLITE_DBCONFIG_TRUSTED_SCHEMA
        registry_sqlite.sqlite3_db_config(im->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
#endif
#ifdef SQLITE_DBCONFIG_DEFENSIVE
        registry_sqlite.sqlite3_db_config(im->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
#endif
        rc = run(im->db, "BEGIN IMMEDIATE");
    }
    if (rc != SQLITE_OK) {
        sqlite_error(im, rc);
        return -1;
    }
    if (insert_rows(im, rows, argv) != 0) {
        run(im->db, "ROLLBACK");
        return -1;
    }
    rc = run(im->db, "COMMIT");
    if (rc != SQLITE_OK) {
        sqlite_error(im, rc);
        run(im->db, "ROLLBACK");
        return -1;
    }
    return 0;
}

int registry_fn_import(void *userdata, struct admit_call *call, int argc,
                       const struct admit_value *argv, struct admit_value *ret)
{
    char why[REGISTRY_MESSAGE_MAX];
    struct import im = {call, NULL, NULL, NULL};
    struct stat st;
    int created = 0, rc = -1;

    (void)userdata;
    if (registry_host->call_as_of(call) != ADMIT_NO_DAY) {
        registry_host->call_error(call, "%s",
                                  RTR("import: chỉ dùng cho lệnh admit registry import, không dùng trong quy tắc",
                                      "import: only for the command admit registry import, not for rules"));
        return -1;
    }
    if (check_arguments(call, argc, argv) != 0)
        return -1;
    /* SQLite, for the registry created below or written into (sqlite_api.h). */
    if (registry_sqlite_open(why, sizeof why) != 0) {
        registry_host->call_error(call, "%s", why);
        return -1;
    }
    char *path = copy_string(call, &argv[0]);
    char *source = path != NULL ? copy_string(call, &argv[1]) : NULL;
    if (source == NULL)
        goto done;
    im.path = path;
    im.source = source;

    if (stat(path, &st) != 0 && errno == ENOENT) {
        if (registry_create(path, why, sizeof why) != 0) {
            registry_host->call_error(call, "%s", why);
            goto done;
        }
        created = 1;
    } else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        registry_host->call_error(call,
                                  RTR("\"%s\" không phải là tệp thông thường; --registry cần tệp SQLite của sổ đảng viên",
                                      "\"%s\" is not a regular file; --registry takes the registry's SQLite file"),
                                  path);
        goto done;
    }
    rc = import_rows(&im, (argc - 2) / ROW_VALUES, argv + 2);
    if (registry_sqlite.sqlite3_close(im.db) != SQLITE_OK && rc == 0) {
        sqlite_error(&im, SQLITE_IOERR);
        rc = -1;
    }
    if (rc != 0 && created)
        unlink(path);
    if (rc == 0) {
        ret->type = ADMIT_VALUE_INT;
        ret->as.integer = (argc - 2) / ROW_VALUES;
    }

done:
    free(path);
    free(source);
    return rc;
}
