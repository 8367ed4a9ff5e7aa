/*
 * lazy_lib.c - see lazy_lib.h.
 */
#include "lazy_lib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The message in the caller's language (lazy_lib.h: no engine i18n here). */
#define LAZY_TR(english, vi, en) ((english) ? (en) : (vi))

/* A function pointer is stored through a void * that dlsym returned: POSIX
 * requires the two to have the same size and representation. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function and object pointers differ");

int lazy_lib_open(const char *soname, const struct lazy_symbol *symbols, size_t count,
                  int english, char *err, size_t errlen)
{
    void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(err, errlen,
                 LAZY_TR(english, "không nạp được thư viện %s (%s); cài gói Debian chứa nó",
                         "cannot load the library %s (%s); install the Debian package that has it"),
                 soname, why != NULL ? why : "?");
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        dlerror();
        void *address = dlsym(handle, symbols[i].name);
        if (address == NULL) {
            snprintf(err, errlen,
                     LAZY_TR(english, "thư viện %s thiếu hàm %s: phiên bản không hợp",
                             "the library %s lacks the function %s: a version that does not fit"),
                     soname, symbols[i].name);
            return -1;
        }
        memcpy(symbols[i].slot, &address, sizeof address);
    }
    return 0;
}
