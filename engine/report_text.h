/*
 * report_text.h - the report a branch secretary reads.
 *
 * The verdict first, then what blocks the dossier (failures, missing
 * evidence, approvals needed, rule errors), each with its reason, citation
 * and, for time-based findings, the date to come back; then process findings
 * and advisories; with `verbose` everything that passed.  Lines fit 80
 * columns.  Colour only when asked (the caller decides: terminal, NO_COLOR).
 */
#ifndef ADMIT_REPORT_TEXT_H
#define ADMIT_REPORT_TEXT_H

#include "i18n.h"
#include "result.h"
#include "strbuf.h"

struct report_text_options {
    int verbose;             /* also list passes and not_applicable */
    int color;               /* ANSI colours */
    enum admit_lang lang;
    const char *candidate;   /* the candidate's name, or NULL */
};

/* Append the report of `r` to `out`. */
void report_text(struct strbuf *out, const struct result *r,
                 const struct report_text_options *opt);

#endif
