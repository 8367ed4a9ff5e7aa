/* validate_env.c - the schema, labels and editions, and one dossier checked against them. */
#include "validate_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "i18n.h"
#include "input.h"
#include "jsontext.h"
#include "outcome.h"
#include "validate_report.h"

enum admit_status validate_env_load(const char *rules_dir, const char *schemas_dir,
                                    struct validate_env *env, struct admit_error *err)
{
    char path[2048];
    enum admit_status st;
    char schema_path[2048];
    memset(env, 0, sizeof *env);
    snprintf(schema_path, sizeof schema_path, "%s/dossier.schema.json", schemas_dir);
    st = jsontext_read_file(schema_path, &env->schema_doc, err);
    if (st == ADMIT_OK)
        st = schema_compile_borrowing(env->schema_doc, schema_path, &env->schema, err);
    if (st == ADMIT_OK) {
        snprintf(path, sizeof path, "%s/messages", rules_dir);
        st = messages_load(path, &env->messages, err);
    }
    if (st == ADMIT_OK)   /* the names of values and sections live in the schema */
        st = messages_add_schema_names(env->messages, env->schema_doc, schema_path, err);
    if (st == ADMIT_OK)
        st = rulebook_load(rules_dir, &env->book, err);
    if (st != ADMIT_OK)
        validate_env_release(env);
    return st;
}

void validate_env_release(struct validate_env *env)
{
    schema_free(env->schema);
    cJSON_Delete(env->schema_doc);
    messages_free(env->messages);
    rulebook_free(env->book);
    memset(env, 0, sizeof *env);
}

/* The main anchor must fall in an edition (result.md, exit code 2 otherwise). */
static enum admit_status check_edition(const struct validate_env *env, const struct dossier *d,
                                       admit_day as_of, admit_day today,
                                       struct dossier_report *report)
{
    struct eval_options eo = {as_of, today, i18n_lang(), {0, 0, 0}, NULL, 0};
    admit_day at = eval_as_of(d, &eo);
    admit_day anchor = eval_main_anchor(d, at);
    char when[DATE_TEXT_SIZE], first[DATE_TEXT_SIZE], message[512];
    if (rulebook_edition_count(env->book) == 0 || rulebook_edition_at(env->book, anchor) >= 0)
        return ADMIT_OK;
    const char *path = d->recognition ? "probation.branch_votes[0].date" : "branch_vote.date";
    if (!dossier_node_is_date(dossier_lookup(d, path, NULL)))
        path = d->as_of == at ? "as_of" : "";
    snprintf(message, sizeof message,
             TR("không có phiên bản quy định nào áp dụng cho ngày %s; sớm nhất là %s",
                "no edition covers %s; the earliest is %s"),
             date_format_iso(anchor, when), date_format_iso(rulebook_edition(env->book, 0)->from, first));
    return validate_report_add(report, path, message) == 0 ? ADMIT_EINPUT : ADMIT_ENOMEM;
}

enum admit_status validate_dossier_file(const struct validate_env *env, const char *path,
                                        int editions, admit_day as_of, admit_day today,
                                        struct dossier_report *report, struct dossier **out)
{
    const char *name = input_display_name(path);
    struct schema_report_options opt = validate_report_options(env->messages);
    struct admit_error err;
    struct dossier *d = NULL;
    char *text = NULL;
    size_t len = 0;
    enum admit_status st;

    if (out != NULL)
        *out = NULL;
    memset(report, 0, sizeof *report);
    snprintf(report->file, sizeof report->file, "%s", name);
    admit_error_clear(&err);
    st = input_read(path, DOSSIER_MAX_BYTES, &text, &len, &err);
    if (st != ADMIT_OK) {
        if (st == ADMIT_ENOMEM)
            return st;
        return validate_report_add(report, NULL, err.message) == 0 ? ADMIT_EINPUT : ADMIT_ENOMEM;
    }
    st = dossier_parse_report(env->schema, &opt, name, text, len, &d, report, &err);
    free(text);
    if (st == ADMIT_OK && editions)
        st = check_edition(env, d, as_of, today, report);
    if (st == ADMIT_OK && out != NULL) {
        *out = d;
        d = NULL;
    }
    dossier_free(d);
    return st;
}
