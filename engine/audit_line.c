/* audit_line.c - a record's line as the audit's figures read it, from its result or its tree (audit_line.h). */
#include "audit_line.h"

#include <stdlib.h>
#include <string.h>

#include "json_member.h"

/* The day a line's date says, as its readers parse it: a day the line
 * cannot write (outside the years of date.h, written "????-??-??") is none. */
static admit_day day_as_written(admit_day day)
{
    char text[DATE_TEXT_SIZE];
    admit_day back;
    if (day == OUTCOME_NO_DAY ||
        date_parse(date_format_iso(day, text), DATE_TEXT_SIZE - 1, &back) != 0)
        return OUTCOME_NO_DAY;
    return back;
}

int audit_line_from_result(struct audit_line *line, const struct result *r, int brief)
{
    memset(line, 0, sizeof *line);
    line->dossier = r->dossier;
    if (r->input_error) {   /* report_json.c's describe_input_error */
        line->input_error = 1;
        line->error_path = r->error_path;
        line->error_message = r->error_message;
        return 0;
    }
    /* The entries, then the text of as_of, in one block. */
    char *block = malloc(r->count * sizeof *line->entries + DATE_TEXT_SIZE);
    if (block == NULL)
        return -1;
    line->entries = (struct audit_line_entry *)(void *)block;
    line->count = r->count;
    line->procedure = r->procedure;
    line->verdict = verdict_name(r->verdict);
    line->as_of = date_format_iso(r->as_of, block + r->count * sizeof *line->entries);
    for (size_t i = 0; i < r->count; i++) {
        const struct result_entry *e = &r->entries[i];
        struct audit_line_entry *v = &line->entries[i];
        *v = (struct audit_line_entry){e->rule, rule_status_name(e->status), NULL, NULL,
                                       OUTCOME_NO_DAY};
        if (brief && result_status_said_briefly(e->status))
            continue;   /* the line says no more of it (describe_entry) */
        v->severity = rule_severity_name(e->severity);
        v->edition = e->edition;
        v->earliest = day_as_written(e->earliest);
    }
    return 0;
}

int audit_line_from_tree(struct audit_line *line, const cJSON *tree)
{
    memset(line, 0, sizeof *line);
    const cJSON *input_error = json_member(tree, "input_error");
    line->input_error = input_error != NULL;
    line->dossier = json_string_member(tree, "dossier");
    line->procedure = json_string_member(tree, "procedure");
    line->verdict = json_string_member(tree, "verdict");
    line->as_of = json_string_member(tree, "as_of");
    line->error_path = json_string_member(input_error, "path");
    line->error_message = json_string_member(input_error, "message");
    const cJSON *results = json_member(tree, "results"), *item;
    size_t n = 0;
    cJSON_ArrayForEach(item, results)
        n++;
    if (n > 0 && (line->entries = calloc(n, sizeof *line->entries)) == NULL)
        return -1;
    cJSON_ArrayForEach(item, results) {
        struct audit_line_entry *v = &line->entries[line->count++];
        v->rule = json_string_member(item, "rule");
        v->status = json_string_member(item, "status");
        v->severity = json_string_member(item, "severity");
        v->edition = json_string_member(item, "edition");
        v->earliest = json_day(json_member(json_member(item, "hint"), "earliest"), OUTCOME_NO_DAY);
    }
    return 0;
}

void audit_line_release(struct audit_line *line)
{
    free(line->entries);
    memset(line, 0, sizeof *line);
}
