/*
 * sqlite_api.c - see sqlite_api.h.  ADMIT_SQLITE_SONAME, the library's
 * soname, is read by the Makefile from the library the build compiles
 * against (PLUGIN_CPPFLAGS_registry).
 */
#define _POSIX_C_SOURCE 200809L

#include "sqlite_api.h"

#include <pthread.h>
#include <stdio.h>

#ifndef ADMIT_SQLITE_SONAME
#error "ADMIT_SQLITE_SONAME (libsqlite3's soname) is set by the Makefile"
#endif

struct registry_sqlite_table registry_sqlite;

/* lazy_lib_open is not thread-safe: it runs under this lock, and `opened`
 * keeps it from rewriting the table once other threads may call through it. */
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
static int opened;

int registry_sqlite_open(char *why, size_t size)
{
#define REGISTRY_SQLITE_SYMBOL(f) LAZY_LIB_SYMBOL(registry_sqlite, f)
    static const struct lazy_symbol symbols[] = {REGISTRY_SQLITE_FUNCTIONS(REGISTRY_SQLITE_SYMBOL)};
#undef REGISTRY_SQLITE_SYMBOL
    char reason[REGISTRY_MESSAGE_MAX];
    int rc = 0;

    pthread_mutex_lock(&open_lock);
    if (!opened) {
        rc = lazy_lib_open(ADMIT_SQLITE_SONAME, symbols, sizeof symbols / sizeof symbols[0],
                           registry_english, reason, sizeof reason);
        opened = rc == 0;
    }
    pthread_mutex_unlock(&open_lock);
    if (rc != 0)
        snprintf(why, size, RTR("sổ đảng viên cần thư viện SQLite: %s",
                                "the member registry needs the SQLite library: %s"),
                 reason);
    return rc;
}
