/*
 * sqlite_lib.c - see sqlite_lib.h.  ADMIT_SQLITE_SONAME, the library's
 * soname, is read by the Makefile from the library the build compiles against.
 */
#include "sqlite_lib.h"

#include "i18n.h"

#ifndef ADMIT_SQLITE_SONAME
#error "ADMIT_SQLITE_SONAME (libsqlite3's soname) is set by the Makefile"
#endif

struct sqlite_lib_table sqlite_lib;

int sqlite_lib_open(char *err, size_t errlen)
{
#define SQLITE_LIB_SYMBOL(f) LAZY_LIB_SYMBOL(sqlite_lib, f)
    static const struct lazy_symbol symbols[] = {SQLITE_LIB_FUNCTIONS(SQLITE_LIB_SYMBOL)};
#undef SQLITE_LIB_SYMBOL
    return lazy_lib_open(ADMIT_SQLITE_SONAME, symbols, sizeof symbols / sizeof symbols[0],
                         i18n_lang() == ADMIT_LANG_EN, err, errlen);
}
