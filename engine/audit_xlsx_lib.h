/*
 * audit_xlsx_lib.h - the functions of libxlsxwriter that report.xlsx calls
 * (audit_report_xlsx.c), bound when an audit first writes a workbook
 * (lazy_lib.h): every other command starts without loading libxlsxwriter and
 * the OpenSSL library it links.
 *
 * Call audit_xlsx_lib_open() before the first use, then call through the
 * table: audit_xlsx_lib.workbook_new_opt(...).
 */
#ifndef ADMIT_AUDIT_XLSX_LIB_H
#define ADMIT_AUDIT_XLSX_LIB_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "lazy_lib.h"

#define AUDIT_XLSX_FUNCTIONS(X)                                                 \
    X(format_set_bg_color) X(format_set_bold) X(format_set_bottom)              \
    X(format_set_font_size) X(format_set_num_format) X(workbook_add_format)     \
    X(workbook_add_worksheet) X(workbook_close) X(workbook_new_opt)             \
    X(worksheet_freeze_panes) X(worksheet_set_column) X(worksheet_write_number) \
    X(worksheet_write_string)

LAZY_LIB_TABLE(audit_xlsx_table, AUDIT_XLSX_FUNCTIONS);

/* Filled by audit_xlsx_lib_open; read-only afterwards. */
extern struct audit_xlsx_table audit_xlsx_lib;

/* Loads libxlsxwriter: 0, or -1 with the reason in err, in the user's language
 * (lazy_lib_open). */
int audit_xlsx_lib_open(char *err, size_t errlen);

#endif
