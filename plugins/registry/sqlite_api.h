/*
 * sqlite_api.h - the functions of libsqlite3 the registry plugin calls,
 * bound when the plugin first opens, creates or imports into a registry file
 * (engine/lazy_lib.h): a plugin that every command loads no longer makes every
 * start map and relocate libsqlite3 (0.3 ms of a cold `admit check`,
 * docs/performance.md), and a check without --registry never loads it.
 *
 * Call registry_sqlite_open() before the first use (registry_store_open,
 * registry_create and import do), then call through the table:
 * registry_sqlite.sqlite3_step(st).  The types and constants (SQLITE_OK,
 * SQLITE_STATIC …) are the library's own (sqlite3.h).  The engine binds its
 * own table for the audit's database input (engine/sqlite_lib.h); both open
 * the same soname, hence one copy of SQLite in the process.
 */
#ifndef ADMIT_REGISTRY_SQLITE_API_H
#define ADMIT_REGISTRY_SQLITE_API_H

#include <stddef.h>

#include <sqlite3.h>

/* The engine's, compiled into registry.so (Makefile); it uses nothing else
 * of the engine. */
#include "../../engine/lazy_lib.h"
#include "registry.h"

#define REGISTRY_SQLITE_FUNCTIONS(X)                                                  \
    X(sqlite3_bind_null) X(sqlite3_bind_text) X(sqlite3_busy_timeout)                 \
    X(sqlite3_clear_bindings) X(sqlite3_close) X(sqlite3_column_bytes)                \
    X(sqlite3_column_int64) X(sqlite3_column_text) X(sqlite3_column_type)             \
    X(sqlite3_db_config) X(sqlite3_errmsg) X(sqlite3_errstr) X(sqlite3_exec)          \
    X(sqlite3_extended_result_codes) X(sqlite3_finalize) X(sqlite3_open_v2)           \
    X(sqlite3_prepare_v2) X(sqlite3_prepare_v3) X(sqlite3_progress_handler)           \
    X(sqlite3_reset) X(sqlite3_step) X(sqlite3_stricmp) X(sqlite3_threadsafe)

LAZY_LIB_TABLE(registry_sqlite_table, REGISTRY_SQLITE_FUNCTIONS);

/* Filled once by the first registry_sqlite_open that succeeds, never written
 * again: the threads that query a store call through it without a lock. */
extern REGISTRY_INTERNAL struct registry_sqlite_table registry_sqlite;

/*
 * Loads libsqlite3 unless already loaded: 0, or -1 with `why` (of `size`
 * bytes) saying which library or function is missing, in the plugin's
 * language.  Safe from several threads at once (a load or a call may run
 * beside another load of the plugin); a failure is tried again next time.
 */
REGISTRY_INTERNAL int registry_sqlite_open(char *why, size_t size);

#endif
