/*
 * test_lazy_lib.c - lazy_lib_open: a library and its functions bound at run
 * time, and the errors that name what is missing, in the language the caller
 * asks for; the tables the engine binds (libmicrohttpd for serve,
 * libxlsxwriter for report.xlsx, libsqlite3 for the audit's database input)
 * bind whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit_xlsx_lib.h"
#include "lazy_lib.h"
#include "serve_mhd.h"
#include "sqlite_lib.h"

/* A table over the C library's own functions, which every process has. */
#define LIBC_FUNCTIONS(X) X(strlen) X(abs)
LAZY_LIB_TABLE(libc_table, LIBC_FUNCTIONS);

static void test_binds_and_calls(void **state)
{
    (void)state;
    struct libc_table t = {0};
#define LIBC_SYMBOL(f) LAZY_LIB_SYMBOL(t, f)
    const struct lazy_symbol symbols[] = {LIBC_FUNCTIONS(LIBC_SYMBOL)};
#undef LIBC_SYMBOL
    char err[512] = "";
    assert_int_equal(lazy_lib_open("libc.so.6", symbols, 2, 0, err, sizeof err), 0);
    assert_non_null(t.strlen);
    assert_int_equal(t.strlen("hồ sơ"), strlen("hồ sơ"));
    assert_int_equal(t.abs(-7), 7);
}

static void test_missing_library(void **state)
{
    (void)state;
    void (*slot)(void) = NULL;
    const struct lazy_symbol symbols[] = {{"f", &slot}};
    char err[512] = "";
    assert_int_equal(lazy_lib_open("libadmit-none.so.9", symbols, 1, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot load the library libadmit-none.so.9"));
    assert_non_null(strstr(err, "install the Debian package"));
    assert_null(slot);
    assert_int_equal(lazy_lib_open("libadmit-none.so.9", symbols, 1, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "không nạp được thư viện libadmit-none.so.9"));
}

static void test_missing_function(void **state)
{
    (void)state;
    void (*first)(void) = NULL, (*second)(void) = NULL;
    const struct lazy_symbol symbols[] = {{"strlen", &first}, {"admit_no_such_function", &second}};
    char err[512] = "";
    assert_int_equal(lazy_lib_open("libc.so.6", symbols, 2, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "libc.so.6 lacks the function admit_no_such_function"));
    assert_null(second);
    assert_int_equal(lazy_lib_open("libc.so.6", symbols, 2, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "thư viện libc.so.6 thiếu hàm admit_no_such_function"));
}

/* Every function serve, report.xlsx and the database input call is found in
 * the library this build compiled against: a name missing from the installed
 * version fails here, not when a committee starts its server. */
static void test_engine_tables_bind(void **state)
{
    (void)state;
    char err[512] = "";
    assert_int_equal(serve_mhd_open(err, sizeof err), 0);
    assert_non_null(serve_mhd.MHD_start_daemon);
    assert_non_null(serve_mhd.MHD_queue_response);
    assert_int_equal(audit_xlsx_lib_open(err, sizeof err), 0);
    assert_non_null(audit_xlsx_lib.workbook_new_opt);
    assert_non_null(audit_xlsx_lib.worksheet_write_string);
    assert_int_equal(sqlite_lib_open(err, sizeof err), 0);
    assert_non_null(sqlite_lib.sqlite3_open_v2);
    assert_non_null(sqlite_lib.sqlite3_step);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binds_and_calls),
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_function),
        cmocka_unit_test(test_engine_tables_bind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
