/*
 * audit_report.c - the audit's report files, written atomically
 * (audit_report.h); the formats are audit_report_html.c, audit_report_csv.c
 * and audit_report_xlsx.c.
 */
#include "audit_report.h"
#include "audit_xlsx_lib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_member.h"

enum { F_HTML, F_CSV, F_XLSX, F_COUNT };

static const char *const file_names[F_COUNT] = {"report.html", "report.csv", "report.xlsx"};

struct audit_report {
    struct audit_report_options opt;
    char *final[F_COUNT], *temp[F_COUNT];   /* NULL for a file not written */
    FILE *csv;
    struct audit_xlsx *xlsx;
    struct strbuf line;
    struct strbuf rules[AUDIT_RULE_COLUMNS];   /* the row's rule columns, reused */
    int finished;
};

/* ------------------------------------------------------------------- rows */

/* The most frequent edition among the eligibility rules (those that use the
 * main anchor); the first one seen wins a tie.  Counts over a small set. */
static const char *main_edition(const struct audit_line *line)
{
    const char *names[16];
    int counts[16], n = 0, best = -1;
    for (size_t k = 0; k < line->count; k++) {
        const char *sev = line->entries[k].severity, *ed = line->entries[k].edition;
        if (ed == NULL || sev == NULL || strcmp(sev, "eligibility") != 0)
            continue;
        int i = 0;
        while (i < n && strcmp(names[i], ed) != 0)
            i++;
        if (i == n) {
            if (n == 16)
                continue;
            names[n] = ed;
            counts[n++] = 0;
        }
        counts[i]++;
    }
    for (int i = 0; i < n; i++)
        if (best < 0 || counts[i] > counts[best])
            best = i;
    return best < 0 ? NULL : names[best];
}

/* The view of a record with no line at all: nothing known. */
static const struct audit_line no_line;

void audit_report_row_from_line(struct audit_report_row *row, const char *input,
                                const cJSON *dossier, const struct audit_line *line)
{
    if (line == NULL)
        line = &no_line;
    memset(row, 0, sizeof *row);
    row->input = input;
    row->line = line;
    const char *procedure = json_string_member(dossier, "procedure");
    if (procedure != NULL && strcmp(procedure, "recognition") == 0) {
        const cJSON *prob = json_member(dossier, "probation");
        const cJSON *votes = json_member(prob, "branch_votes");
        row->main_anchor = json_string_member(cJSON_GetArrayItem(votes, 0), "date");
        row->decision_date = json_string_member(json_member(prob, "decision"), "date");
    } else {
        row->main_anchor = json_string_member(json_member(dossier, "branch_vote"), "date");
        row->decision_date = json_string_member(json_member(dossier, "decision"), "date");
    }
    if (row->main_anchor == NULL && !line->input_error)
        row->main_anchor = line->as_of;
    row->edition = main_edition(line);

    const cJSON *org = json_member(dossier, "organisation");
    row->branch = json_string_member(json_member(org, "branch"), "id");
    const cJSON *path = json_member(org, "committee_path");
    int n = cJSON_GetArraySize(path);
    const cJSON *tail = n > 0 ? cJSON_GetArrayItem(path, n - 1) : NULL;
    const char *last = cJSON_IsString(tail) ? tail->valuestring : NULL;
    if (last != NULL && row->branch != NULL && strcmp(last, row->branch) == 0 && n > 1) {
        const cJSON *above = cJSON_GetArrayItem(path, n - 2);
        row->committee = cJSON_IsString(above) ? above->valuestring : NULL;
    } else {
        row->committee = last;
    }
}

void audit_report_rule_columns(const struct audit_line *line,
                               struct strbuf lists[AUDIT_RULE_COLUMNS])
{
    for (size_t i = 0; line != NULL && i < line->count; i++) {
        const char *status = line->entries[i].status, *rule = line->entries[i].rule;
        const char *severity = line->entries[i].severity;
        if (status == NULL || rule == NULL)
            continue;
        int column;
        if (json_text_is(status, "fail"))
            column = severity != NULL && json_text_is(severity, "process") ? AUDIT_COL_PROCESS
                                                                           : AUDIT_COL_FAIL;
        else if (json_text_is(status, "missing"))
            column = AUDIT_COL_MISSING;
        else if (json_text_is(status, "needs_approval"))
            column = AUDIT_COL_NEEDS_APPROVAL;
        else if (json_text_is(status, "error"))
            column = AUDIT_COL_ERROR;
        else
            continue;
        if (lists[column].len > 0)
            strbuf_puts(&lists[column], ";");
        strbuf_puts(&lists[column], rule);
    }
}

/* ------------------------------------------------------------------ files */

static enum admit_status io_error(struct admit_error *err, const char *file)
{
    return admit_error_set(err, ADMIT_EIO, file, "", TR("không ghi được tệp: %s", "cannot write the file: %s"),
                           strerror(errno ? errno : EIO));
}

static enum admit_status no_memory(struct admit_error *err)
{
    return admit_error_set(err, ADMIT_ENOMEM, "", "", "%s", TR("hết bộ nhớ", "out of memory"));
}

static char *join(const char *dir, const char *prefix, const char *name)
{
    size_t n = strlen(dir) + strlen(prefix) + strlen(name) + 8;
    char *s = malloc(n);
    if (s != NULL)
        snprintf(s, n, "%s/%s%s%s", dir, prefix, name, *prefix ? ".tmp" : "");
    return s;
}

/* Create `path` for writing, readable by its owner only whatever the umask. */
static FILE *create_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    if (fchmod(fd, 0600) != 0) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL)
        close(fd);
    return f;
}

static int write_all(FILE *f, struct strbuf *sb)
{
    if (sb->failed)
        return -1;
    if (sb->len > 0 && fwrite(sb->buf, 1, sb->len, f) != sb->len)
        return -1;
    strbuf_release(sb);
    strbuf_init(sb);
    return 0;
}

enum admit_status audit_report_open(const char *dir, const struct audit_report_options *opt,
                                    struct audit_report **out, struct admit_error *err)
{
    int want[F_COUNT] = {opt->html, opt->csv, opt->xlsx};
    struct audit_report *rep = calloc(1, sizeof *rep);
    *out = NULL;
    if (rep == NULL)
        return no_memory(err);
    rep->opt = *opt;
    strbuf_init(&rep->line);
    for (int c = 0; c < AUDIT_RULE_COLUMNS; c++)
        strbuf_init(&rep->rules[c]);
    for (int i = 0; i < F_COUNT; i++) {
        if (!want[i])
            continue;
        rep->final[i] = join(dir, "", file_names[i]);
        rep->temp[i] = join(dir, ".", file_names[i]);
        if (rep->final[i] == NULL || rep->temp[i] == NULL) {
            audit_report_free(rep);
            return no_memory(err);
        }
    }
    if (opt->csv) {
        rep->csv = create_private(rep->temp[F_CSV]);
        audit_report_csv_header(&rep->line);
        if (rep->csv == NULL || write_all(rep->csv, &rep->line) != 0) {
            enum admit_status st = io_error(err, rep->temp[F_CSV]);
            audit_report_free(rep);
            return st;
        }
    }
    if (opt->xlsx) {
        /* libxlsxwriter keeps its row data in temporary files: in `dir`,
         * which holds the personal data already, not in /tmp */
        char why[512];
        if (audit_xlsx_lib_open(why, sizeof why) != 0) {
            audit_report_free(rep);
            return admit_error_set(err, ADMIT_EIO, "", "", "%s", why);
        }
        rep->xlsx = audit_xlsx_open(rep->temp[F_XLSX], dir, opt->lang);
        if (rep->xlsx == NULL) {
            enum admit_status st = io_error(err, rep->temp[F_XLSX]);
            audit_report_free(rep);
            return st;
        }
    }
    *out = rep;
    return ADMIT_OK;
}

enum admit_status audit_report_add(struct audit_report *rep, const struct audit_report_row *row,
                                   struct admit_error *err)
{
    if (rep->csv == NULL && rep->xlsx == NULL)
        return ADMIT_OK;
    struct audit_report_row known = *row;   /* a row without a line: nothing known of it */
    if (known.line == NULL)
        known.line = &no_line;
    row = &known;
    for (int c = 0; c < AUDIT_RULE_COLUMNS; c++)
        strbuf_reset(&rep->rules[c]);
    audit_report_rule_columns(row->line, rep->rules);
    for (int c = 0; c < AUDIT_RULE_COLUMNS; c++)
        if (rep->rules[c].failed)
            return no_memory(err);
    if (rep->csv != NULL) {
        audit_report_csv_row(&rep->line, row, rep->rules);
        if (rep->line.failed)
            return no_memory(err);
        if (write_all(rep->csv, &rep->line) != 0)
            return io_error(err, rep->temp[F_CSV]);
    }
    if (rep->xlsx != NULL && audit_xlsx_row(rep->xlsx, row, rep->rules) != 0)
        return io_error(err, rep->temp[F_XLSX]);
    return ADMIT_OK;
}

enum admit_status audit_report_finish(struct audit_report *rep, const cJSON *summary,
                                      struct admit_error *err)
{
    if (rep->opt.html) {
        struct strbuf page;
        strbuf_init(&page);
        audit_report_html(&page, summary, rep->opt.lang);
        if (page.failed) {
            strbuf_release(&page);
            return no_memory(err);
        }
        FILE *f = create_private(rep->temp[F_HTML]);
        int bad = f == NULL || write_all(f, &page) != 0;
        bad |= f != NULL && fclose(f) != 0;
        strbuf_release(&page);
        if (bad)
            return io_error(err, rep->temp[F_HTML]);
    }
    if (rep->csv != NULL) {
        int bad = fflush(rep->csv) != 0 || fsync(fileno(rep->csv)) != 0;
        bad |= fclose(rep->csv) != 0;
        rep->csv = NULL;
        if (bad)
            return io_error(err, rep->temp[F_CSV]);
    }
    if (rep->xlsx != NULL) {
        struct audit_xlsx *x = rep->xlsx;
        rep->xlsx = NULL;
        if (audit_xlsx_finish(x, summary) != 0 || chmod(rep->temp[F_XLSX], 0600) != 0)
            return io_error(err, rep->temp[F_XLSX]);
    }
    for (int i = 0; i < F_COUNT; i++)
        if (rep->temp[i] != NULL && rename(rep->temp[i], rep->final[i]) != 0)
            return io_error(err, rep->final[i]);
    rep->finished = 1;
    return ADMIT_OK;
}

void audit_report_free(struct audit_report *rep)
{
    if (rep == NULL)
        return;
    if (rep->csv != NULL)
        fclose(rep->csv);
    audit_xlsx_abandon(rep->xlsx);
    for (int i = 0; i < F_COUNT; i++) {
        if (!rep->finished && rep->temp[i] != NULL)
            unlink(rep->temp[i]);
        free(rep->temp[i]);
        free(rep->final[i]);
    }
    strbuf_release(&rep->line);
    for (int c = 0; c < AUDIT_RULE_COLUMNS; c++)
        strbuf_release(&rep->rules[c]);
    free(rep);
}
