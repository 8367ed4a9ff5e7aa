/*
 * audit_report_csv.c - report.csv: one row per record (RFC 4180, UTF-8,
 * header row, CRLF line ends), the columns audit.md lists.
 */
#include "audit_report.h"

#include <string.h>


/* A field, quoted when it holds a comma, a quote, a line end or leading or
 * trailing space (quotes doubled).  A leading = + - @ is kept as it is: the
 * file is data, not a formula sheet (report.xlsx is for spreadsheets). */
static void add_field(struct strbuf *out, const char *text, int last)
{
    if (text != NULL) {
        size_t n = strlen(text);
        int quote = strpbrk(text, ",\"\r\n") != NULL ||
                    (n > 0 && (text[0] == ' ' || text[n - 1] == ' '));
        if (!quote) {
            strbuf_puts(out, text);
        } else {
            strbuf_puts(out, "\"");
            for (const char *p = text; *p; p++) {
                if (*p == '"')
                    strbuf_puts(out, "\"");
                strbuf_add(out, p, 1);
            }
            strbuf_puts(out, "\"");
        }
    }
    strbuf_puts(out, last ? "\r\n" : ",");
}

void audit_report_csv_header(struct strbuf *out)
{
    strbuf_puts(out, "input,dossier,procedure,verdict,main_anchor,decision_date,edition,committee,"
                     "branch,fail,missing,needs_approval,process_violations,error\r\n");
}

void audit_report_csv_row(struct strbuf *out, const struct audit_report_row *row,
                          const struct strbuf rules[AUDIT_RULE_COLUMNS])
{
    const struct audit_line *line = row->line;
    add_field(out, row->input, 0);
    add_field(out, line->dossier, 0);
    add_field(out, line->procedure, 0);
    add_field(out, line->input_error ? "input_error" : line->verdict, 0);
    add_field(out, row->main_anchor, 0);
    add_field(out, row->decision_date, 0);
    add_field(out, row->edition, 0);
    add_field(out, row->committee, 0);
    add_field(out, row->branch, 0);
    /* fail: the failures other than process ones, which have their column */
    add_field(out, rules[AUDIT_COL_FAIL].buf, 0);
    add_field(out, rules[AUDIT_COL_MISSING].buf, 0);
    add_field(out, rules[AUDIT_COL_NEEDS_APPROVAL].buf, 0);
    add_field(out, rules[AUDIT_COL_PROCESS].buf, 0);
    if (line->input_error) {
        /* the input error's place and message, for the one who fixes the file */
        const char *path = line->error_path, *msg = line->error_message;
        struct strbuf e;
        strbuf_init(&e);
        if (path != NULL && *path)
            strbuf_addf(&e, "%s: ", path);
        strbuf_puts(&e, msg != NULL ? msg : "");
        if (e.failed)
            out->failed = 1;
        add_field(out, e.buf, 1);
        strbuf_release(&e);
    } else {
        add_field(out, rules[AUDIT_COL_ERROR].buf, 1);
    }
}
