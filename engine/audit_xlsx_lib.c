/*
 * audit_xlsx_lib.c - see audit_xlsx_lib.h.  ADMIT_XLSX_SONAME, the library's
 * soname, is read by the Makefile from the library the build compiles against.
 */
#include "audit_xlsx_lib.h"

#include "i18n.h"

#ifndef ADMIT_XLSX_SONAME
#error "ADMIT_XLSX_SONAME (libxlsxwriter's soname) is set by the Makefile"
#endif

struct audit_xlsx_table audit_xlsx_lib;

int audit_xlsx_lib_open(char *err, size_t errlen)
{
#define AUDIT_XLSX_SYMBOL(f) LAZY_LIB_SYMBOL(audit_xlsx_lib, f)
    static const struct lazy_symbol symbols[] = {AUDIT_XLSX_FUNCTIONS(AUDIT_XLSX_SYMBOL)};
#undef AUDIT_XLSX_SYMBOL
    return lazy_lib_open(ADMIT_XLSX_SONAME, symbols, sizeof symbols / sizeof symbols[0],
                         i18n_lang() == ADMIT_LANG_EN, err, errlen);
}
