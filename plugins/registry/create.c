/*
 * create.c - a new, empty member registry: `admit registry init FILE`.
 *
 * The DDL below is schemas/registry.sql byte for byte (the unit test
 * compares the two databases' schemas).  Each statement is prepared and
 * stepped in turn, inside one transaction.
 */
#define _POSIX_C_SOURCE 200809L

#include "registry.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sqlite_api.h"

static const char registry_ddl[] =
    "CREATE TABLE memberships (\n"
    "  member_id      TEXT NOT NULL,      -- party card number of this period\n"
    "  national_id    TEXT,               -- 12-digit citizen identity number\n"
    "  full_name      TEXT NOT NULL,\n"
    "  admitted_on    TEXT NOT NULL,      -- date of the admission decision, YYYY-MM-DD\n"
    "  official_since TEXT,               -- date probation ended, NULL while probationary\n"
    "  left_on        TEXT,               -- NULL while a member\n"
    "  left_reason    TEXT,               -- same values as previous_membership.reason\n"
    "  PRIMARY KEY (member_id, admitted_on)\n"
    ");\n"
    "CREATE INDEX memberships_national_id ON memberships(national_id);\n";

/* Prepare and step every statement of `sql` in order; a SQLite code. */
static int run_script(sqlite3 *db, const char *sql)
{
    const char *next = sql;
    int rc = SQLITE_OK;
    while (rc == SQLITE_OK && *next != '\0') {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        rc = registry_sqlite.sqlite3_prepare_v2(db, next, -1, &st, &tail);
        if (rc == SQLITE_OK && st != NULL) {   /* NULL: only comments or spaces were left */
            rc = registry_sqlite.sqlite3_step(st);
            rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
        }
        registry_sqlite.sqlite3_finalize(st);
        if (tail == NULL || tail == next)
            break;
        next = tail;
    }
    return rc;
}

int registry_create(const char *path, char *why, size_t size)
{
    /* Before the file is made: a missing SQLite leaves nothing behind. */
    if (registry_sqlite_open(why, size) != 0)
        return -1;
    /* O_EXCL: never overwrite, not even through a symbolic link.  Owner
     * only: a registry holds citizen identity numbers. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            snprintf(why, size,
                     RTR("\"%s\" đã tồn tại; admit registry init không bao giờ ghi đè: hãy chọn tên khác hoặc tự xoá tệp cũ",
                         "\"%s\" already exists; admit registry init never overwrites a file: choose another name or remove the old file yourself"),
                     path);
        else
            snprintf(why, size,
                     RTR("không tạo được tệp sổ đảng viên \"%s\" (%s)",
                         "the registry file \"%s\" cannot be created (%s)"),
                     path, strerror(errno));
        return -1;
    }
    close(fd);

    /* The file exists and is empty: SQLite takes it as an empty database. */
    sqlite3 *db = NULL;
    int rc = registry_sqlite.sqlite3_open_v2(path, &db,
                                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc == SQLITE_OK) {
        registry_sqlite.sqlite3_extended_result_codes(db, 1);
        rc = run_script(db, "BEGIN IMMEDIATE");
    }
    if (rc == SQLITE_OK)
        rc = run_script(db, registry_ddl);
    if (rc == SQLITE_OK)
        rc = run_script(db, "COMMIT");
    if (rc != SQLITE_OK)
        snprintf(why, size,
                 RTR("không tạo được tệp sổ đảng viên \"%s\" (SQLite: %s)",
                     "the registry file \"%s\" cannot be created (SQLite: %s)"),
                 path, registry_sqlite.sqlite3_errstr(rc));
    int closed = registry_sqlite.sqlite3_close(db);
    if (rc == SQLITE_OK && closed != SQLITE_OK) {
        rc = closed;
        snprintf(why, size,
                 RTR("không ghi xong được tệp sổ đảng viên \"%s\" (SQLite: %s)",
                     "the registry file \"%s\" cannot be written completely (SQLite: %s)"),
                 path, registry_sqlite.sqlite3_errstr(rc));
    }
    if (rc != SQLITE_OK) {
        unlink(path);
        return -1;
    }
    return 0;
}
