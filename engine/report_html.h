/*
 * report_html.h - the page a branch secretary prints and attaches to the
 * paper dossier (docs/report-html.md).
 *
 * One self-contained HTML document: UTF-8, inline CSS, no script, nothing
 * fetched from anywhere (no external font, image or link), laid out for A4.
 * Per dossier: the header (id, candidate, procedure, evaluation date), the
 * verdict in the secretary's words (report_words.h), every criterion grouped
 * as the secretary works through them (what blocks, process findings, the
 * coming steps with their due dates, warnings, what is met, what does not
 * apply, then any status this renderer does not know, shown by its name),
 * where the result comes from (engine, ruleset digest, profile chain,
 * holiday schedule, plugins and their digests, time of the run) and room
 * for the signatures.  Every text taken from a result is escaped.
 *
 * Contract for the commands that reuse it (`check --format html`, and one
 * dossier in `serve` and `audit`):
 *
 *   - A page is report_html_begin, then report_html_result (or
 *     report_html_json) once per dossier, then report_html_end; each
 *     dossier after the first starts on a new printed page.
 *     report_html_page does the three for a single dossier.
 *   - Everything is appended to a `struct strbuf`: the caller writes it
 *     where it wants (a FILE*, an HTTP response, a temporary file renamed)
 *     and checks that write.  Out of memory shows as `out->failed` (and,
 *     for the functions that build JSON, a -1 return).
 *   - The renderer reads a result in its published form, `admit.result/1`
 *     (result.md): report_html_result converts `struct result` with
 *     report_json first.  So the page shows exactly what the JSON says, a
 *     caller holding only the JSON (a line of results.jsonl) can render it
 *     with report_html_json, and statuses, verdicts or steps it does not
 *     know are shown by name instead of being dropped.  The input-error
 *     form of a result renders as a page section saying what is wrong.
 *   - Nothing here prints, reads the clock or the environment: the run's
 *     time and the holiday schedule come in the options.
 */
#ifndef ADMIT_REPORT_HTML_H
#define ADMIT_REPORT_HTML_H

#include <time.h>

#include <cjson/cJSON.h>

#include "i18n.h"
#include "report_json.h"
#include "result.h"
#include "strbuf.h"

struct report_html_options {
    enum admit_lang lang;    /* texts of the page; messages are already in the result's language */
    const char *holidays;    /* vncal's holiday schedules as given to the run (--holidays):
                              * NULL the shipped default, "none" the computed days only, or a folder */
    time_t run_time;         /* when the check ran (shown in the provenance); 0: not shown */
};

/*
 * Start a page: doctype, <html lang>, head with the title and the style
 * sheet, <body>.  `dossier` (may be NULL) names the one dossier of the page
 * in its title.
 */
void report_html_begin(struct strbuf *out, const char *dossier,
                       const struct report_html_options *opt);

/*
 * Append the section of one dossier from its `admit.result/1` object
 * `result` (or its input-error form).  `candidate` is the candidate's full
 * name (not part of the result), or NULL.  Members that are absent or of an
 * unexpected type are left out or shown as such; nothing in `result` is
 * trusted to be well-formed HTML.
 */
void report_html_json(struct strbuf *out, const cJSON *result, const char *candidate,
                      const struct report_html_options *opt);

/*
 * The same for `r` with the run's shared data `ctx` (as report_json takes
 * them).  Returns 0, or -1 when out of memory (the result's JSON could not
 * be built: nothing is appended).
 */
int report_html_result(struct strbuf *out, const struct result *r, const struct report_context *ctx,
                       const char *candidate, const struct report_html_options *opt);

/* End the page: </body></html>. */
void report_html_end(struct strbuf *out);

/*
 * A whole page for one dossier: begin, result, end.  Returns 0, or -1 when
 * out of memory.
 */
int report_html_page(struct strbuf *out, const struct result *r, const struct report_context *ctx,
                     const char *candidate, const struct report_html_options *opt);

/*
 * Append `text` with & < > " ' escaped, for element content and quoted
 * attribute values.  Bytes that are not well-formed UTF-8, and control
 * characters other than tab and line feed (and carriage return), become
 * U+FFFD.  NULL appends nothing.
 */
void report_html_escape(struct strbuf *out, const char *text);

#endif
