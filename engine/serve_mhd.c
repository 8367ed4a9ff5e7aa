/*
 * serve_mhd.c - see serve_mhd.h.  ADMIT_MHD_SONAME, the library's soname, is
 * read by the Makefile from the library the build compiles against.
 */
#include "serve_mhd.h"

#include "i18n.h"

#ifndef ADMIT_MHD_SONAME
#error "ADMIT_MHD_SONAME (libmicrohttpd's soname) is set by the Makefile"
#endif

struct serve_mhd_table serve_mhd;

int serve_mhd_open(char *err, size_t errlen)
{
#define SERVE_MHD_SYMBOL(f) LAZY_LIB_SYMBOL(serve_mhd, f)
    static const struct lazy_symbol symbols[] = {SERVE_MHD_FUNCTIONS(SERVE_MHD_SYMBOL)};
#undef SERVE_MHD_SYMBOL
    return lazy_lib_open(ADMIT_MHD_SONAME, symbols, sizeof symbols / sizeof symbols[0],
                         i18n_lang() == ADMIT_LANG_EN, err, errlen);
}
