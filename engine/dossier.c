/*
 * dossier.c - from bytes to a validated dossier.
 *
 * The schema is the single statement of the format: this module adds only
 * what a schema cannot say (strict JSON, see jsontext.c) and picks out the
 * few top-level values the engine itself needs.
 */
#include "dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"
#include "json_member.h"
#include "jsontext.h"
#include "outcome.h"
#include "schema.h"

/* Line and column out of jsontext's "line L, column C" (or "dòng L, cột C"); 0 if not that. */
static void where_numbers(const char *where, int *line, int *column)
{
    int n[2] = {0, 0}, k = 0;
    const char *p = where;
    *line = *column = 0;
    if (strncmp(p, "line ", 5) != 0 && strncmp(p, "dòng ", strlen("dòng ")) != 0)
        return;
    while (*p != '\0' && k < 2) {
        if (*p >= '0' && *p <= '9') {
            while (*p >= '0' && *p <= '9' && n[k] < 100000000)
                n[k] = n[k] * 10 + (*p++ - '0');
            k++;
        } else {
            p++;
        }
    }
    if (k == 2) {
        *line = n[0];
        *column = n[1];
    }
}

static enum admit_status report_one(struct dossier_report *report, const struct admit_error *e,
                                    int from_text)
{
    report->items = calloc(1, sizeof *report->items);
    if (report->items == NULL)
        return ADMIT_ENOMEM;
    struct dossier_issue *is = &report->items[0];
    if (from_text)
        where_numbers(e->path, &is->line, &is->column);
    if (is->line == 0)
        snprintf(is->path, sizeof is->path, "%s", e->path);
    snprintf(is->message, sizeof is->message, "%s", e->message);
    report->count = report->total = 1;
    return ADMIT_EINPUT;
}

/*
 * The steps shared by dossier_parse_report and dossier_parse_tree: strict
 * JSON, then every schema violation.  On ADMIT_OK *root is the validated tree.
 */
static enum admit_status parse_checked(const struct schema *schema,
                                       const struct schema_report_options *opt,
                                       const char *source, const char *text, size_t len,
                                       cJSON **root, struct dossier_report *report,
                                       struct admit_error *err)
{
    static const struct jsontext_limits limits = {DOSSIER_MAX_DEPTH, 1000};
    struct admit_error local;
    struct schema_issues issues = {NULL, 0, 0};
    enum admit_status status;

    *root = NULL;
    memset(report, 0, sizeof *report);
    snprintf(report->file, sizeof report->file, "%s", source);
    if (err == NULL)
        err = &local;
    admit_error_clear(err);
    if (len > DOSSIER_MAX_BYTES) {
        admit_error_set(err, ADMIT_EINPUT, source, NULL,
                        TR("hồ sơ quá lớn: tối đa %d byte", "dossier too large: at most %d bytes"),
                        DOSSIER_MAX_BYTES);
        return report_one(report, err, 0) == ADMIT_ENOMEM ? ADMIT_ENOMEM : ADMIT_EINPUT;
    }
    status = jsontext_parse(text, len, source, &limits, root, err);
    if (status == ADMIT_EINPUT)
        return report_one(report, err, 1);
    if (status != ADMIT_OK)
        return status;
    status = schema_validate_all(schema, *root, opt, &issues, err);
    if (status == ADMIT_EINPUT) {
        report->items = calloc(issues.count, sizeof *report->items);
        if (report->items == NULL) {
            status = admit_error_set(err, ADMIT_ENOMEM, source, NULL, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < issues.count; i++) {
            struct dossier_issue *is = &report->items[i];
            const struct schema_issue *si = &issues.items[i];
            memcpy(is->path, si->path, sizeof is->path);
            memcpy(is->message, si->message, sizeof is->message);
            memcpy(is->expected, si->expected, sizeof is->expected);
            if (jsontext_locate(text, len, *root, si->node, si->at_key, &is->line, &is->column) != 0)
                is->line = is->column = 0;
        }
        report->count = issues.count;
        report->total = issues.total;
        admit_error_set(err, ADMIT_EINPUT, source, report->items[0].path, "%s",
                        report->items[0].message);
    } else if (status != ADMIT_OK && err->file[0] == '\0') {
        snprintf(err->file, sizeof err->file, "%s", source);
    }
done:
    schema_issues_release(&issues);
    if (status != ADMIT_OK) {
        cJSON_Delete(*root);
        *root = NULL;
    }
    return status;
}

enum admit_status dossier_parse_tree(const struct schema *schema,
                                     const struct schema_report_options *opt, const char *source,
                                     const char *text, size_t len, cJSON **root,
                                     struct dossier_report *report, struct admit_error *err)
{
    return parse_checked(schema, opt, source, text, len, root, report, err);
}

enum admit_status dossier_parse_report(const struct schema *schema,
                                       const struct schema_report_options *opt,
                                       const char *source, const char *text, size_t len,
                                       struct dossier **out, struct dossier_report *report,
                                       struct admit_error *err)
{
    cJSON *root = NULL;
    struct dossier *d = NULL;
    *out = NULL;
    enum admit_status status = parse_checked(schema, opt, source, text, len, &root, report, err);
    if (status != ADMIT_OK)
        return status;
    d = calloc(1, sizeof *d);
    if (d == NULL) {
        cJSON_Delete(root);
        return admit_error_set(err, ADMIT_ENOMEM, source, NULL, "out of memory");
    }
    /* The schema guarantees these keys and their types. */
    d->root = root;
    d->id = cJSON_GetObjectItemCaseSensitive(root, "id")->valuestring;
    d->recognition = strcmp(cJSON_GetObjectItemCaseSensitive(root, "procedure")->valuestring,
                            "recognition") == 0;
    const cJSON *as_of = cJSON_GetObjectItemCaseSensitive(root, "as_of");
    d->as_of = dossier_node_is_date(as_of) ? dossier_node_day(as_of) : OUTCOME_NO_DAY;
    snprintf(d->source, sizeof d->source, "%s", source);
    *out = d;
    return ADMIT_OK;
}

enum admit_status dossier_parse_report_in(struct alloc_arena *arena, size_t chunk,
                                          const struct schema *schema,
                                          const struct schema_report_options *opt,
                                          const char *source, const char *text, size_t len,
                                          struct dossier **out, struct dossier_report *report,
                                          struct admit_error *err)
{
    if (arena == NULL)
        return dossier_parse_report(schema, opt, source, text, len, out, report, err);
    alloc_arena_begin(arena, chunk);
    enum admit_status status = dossier_parse_report(schema, opt, source, text, len, out, report,
                                                    err);
    alloc_arena_end();
    if (status == ADMIT_OK && alloc_arena_holds(arena, (*out)->root))
        (*out)->root_in_arena = 1;
    return status;
}

enum admit_status dossier_parse(const struct schema *schema, const char *source,
                                const char *text, size_t len, struct dossier **out,
                                struct admit_error *err)
{
    struct dossier_report report;
    enum admit_status status = dossier_parse_report(schema, NULL, source, text, len, out, &report, err);
    dossier_report_release(&report);
    return status;
}

void dossier_report_release(struct dossier_report *report)
{
    if (report == NULL)
        return;
    free(report->items);
    report->items = NULL;
    report->count = report->total = 0;
}

void dossier_free(struct dossier *dossier)
{
    if (dossier == NULL)
        return;
    if (!dossier->root_in_arena)
        cJSON_Delete(dossier->root);
    free(dossier);
}

const cJSON *dossier_lookup(const struct dossier *dossier, const char *path, int *malformed)
{
    const cJSON *node = dossier->root;
    const char *p = path;
    char key[128];

    if (malformed != NULL)
        *malformed = 0;
    while (*p != '\0' && node != NULL) {
        if (*p == '[') {
            char *end;
            long index = strtol(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || index < 0)
                goto bad;
            node = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, (int)index) : NULL;
            p = end + 1;
        } else {
            if (*p == '.') {
                if (p == path)
                    goto bad;
                p++;
            }
            size_t n = strcspn(p, ".[");
            if (n == 0 || n >= sizeof key)
                goto bad;
            memcpy(key, p, n);
            key[n] = '\0';
            node = cJSON_IsObject(node) ? json_member(node, key) : NULL;
            p += n;
        }
    }
    return node;
bad:
    if (malformed != NULL)
        *malformed = 1;
    return NULL;
}

int dossier_node_is_date(const cJSON *node)
{
    return node != NULL && schema_is_date(node);
}

admit_day dossier_node_day(const cJSON *node)
{
    return schema_date_day(node);
}
