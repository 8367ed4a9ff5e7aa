/*
 * sqlite_lib.h - the functions of libsqlite3 that the audit's database input
 * calls (audit_input.c), bound when an audit first opens a SQLite input
 * (lazy_lib.h): every other start skips loading libsqlite3, which cost a
 * cold `admit check` 0.3 ms of CPU (docs/performance.md).
 *
 * Call sqlite_lib_open() before the first use, then call through the table:
 * sqlite_lib.sqlite3_open_v2(...).  The types and constants (SQLITE_OK,
 * SQLITE_OPEN_READONLY …) are the library's own (sqlite3.h).  The registry
 * plugin binds its own table (plugins/registry/sqlite_api.h); both open the
 * same library, hence one copy of SQLite in the process.
 */
#ifndef ADMIT_SQLITE_LIB_H
#define ADMIT_SQLITE_LIB_H

#include <stddef.h>

#include <sqlite3.h>

#include "lazy_lib.h"

#define SQLITE_LIB_FUNCTIONS(X)                                                 \
    X(sqlite3_close) X(sqlite3_column_bytes) X(sqlite3_column_int64)            \
    X(sqlite3_column_text) X(sqlite3_errmsg) X(sqlite3_finalize)                \
    X(sqlite3_open_v2) X(sqlite3_prepare_v2) X(sqlite3_step)

LAZY_LIB_TABLE(sqlite_lib_table, SQLITE_LIB_FUNCTIONS);

/* Filled by sqlite_lib_open; read-only afterwards. */
extern struct sqlite_lib_table sqlite_lib;

/* Loads libsqlite3: 0, or -1 with the reason in err, in the user's language
 * (lazy_lib_open).  Before the audit's threads start. */
int sqlite_lib_open(char *err, size_t errlen);

#endif
