/*
 * lazy_lib.h - a shared library opened when a command first needs it, not at
 * every start.
 *
 * `admit check` starts often and never serves HTTP, writes a spreadsheet nor
 * reads a SQLite file; linking libmicrohttpd (and through it GnuTLS, p11-kit,
 * libgmp …) and libxlsxwriter (with OpenSSL's libcrypto) into the executable
 * made every start map, relocate and initialise them: about 10 ms of CPU, a
 * quarter of a cold check; libsqlite3, linked by the executable and by the
 * registry plugin, cost another 0.3 ms (docs/performance.md).  The code that
 * uses them binds the functions it calls through a table (serve_mhd.h,
 * audit_xlsx_lib.h, sqlite_lib.h; plugins/registry/sqlite_api.h), filled by
 * lazy_lib_open.
 *
 * This file and lazy_lib.c are compiled into the registry plugin too: they
 * use nothing of the engine (not its i18n: the caller says the language).
 */
#ifndef ADMIT_LAZY_LIB_H
#define ADMIT_LAZY_LIB_H

#include <stddef.h>

/* One function to look up: its name, and where its address goes.  The
 * address is stored as the function pointer it is (POSIX guarantees that
 * dlsym's object pointer converts to one). */
struct lazy_symbol {
    const char *name;
    void (**slot)(void);
};

/* Hidden: a plugin that compiles lazy_lib.c keeps it out of its dynamic
 * symbol table (no clash with another copy); harmless in the executable,
 * which exports nothing. */
#if defined(__GNUC__)
#define LAZY_LIB_INTERNAL __attribute__((visibility("hidden")))
#else
#define LAZY_LIB_INTERNAL
#endif

/*
 * Opens `soname` (dlopen, RTLD_NOW | RTLD_LOCAL; the handle stays open until
 * the process ends) and stores the address of every symbol in its slot.
 * Returns 0, or -1 with a message in `err` naming the library and what is
 * missing, in English when `english` is nonzero, else in Vietnamese (the
 * caller's language: the engine's TR, a plugin's --lang; the caller prints it
 * as it is).  Not thread-safe: call it before starting threads, or under a
 * lock that every caller of the same table takes.  Calling it again after a
 * success only looks the symbols up again (rewriting the slots: not while
 * other threads call through them).  The engine and a plugin that open the
 * same soname share one loaded copy of the library.
 */
LAZY_LIB_INTERNAL int lazy_lib_open(const char *soname, const struct lazy_symbol *symbols,
                                    size_t count, int english, char *err, size_t errlen);

/*
 * Declares the table type `struct NAME` of the functions FUNCTIONS lists
 * (an X-macro: FUNCTIONS(X) expands X(f) for each function f), each member
 * named like the function and typed like a pointer to it, from the library's
 * own header: a call reads `table.MHD_start_daemon(...)` and is checked
 * against the library's prototype.  Naming a function in __typeof__ does not
 * make the executable depend on the library.
 */
#define LAZY_LIB_MEMBER(f) __typeof__(&f) f;
#define LAZY_LIB_TABLE(NAME, FUNCTIONS) struct NAME { FUNCTIONS(LAZY_LIB_MEMBER) }

/* An entry of the lazy_symbol array filling the table `table` (an lvalue). */
#define LAZY_LIB_SYMBOL(table, f) {#f, (void (**)(void))(void *)&(table).f},

#endif
