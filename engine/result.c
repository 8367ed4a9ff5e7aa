/* result.c - results, counts and verdicts. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

const char *verdict_name(enum verdict verdict)
{
    static const char *const names[VERDICT_COUNT] = {"eligible", "not_eligible", "incomplete",
                                                     "error", "ready"};
    return names[verdict];
}

static char *copy_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

struct result *result_new(const char *input)
{
    struct result *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->as_of = OUTCOME_NO_DAY;
    r->input = strdup(input);
    if (r->input == NULL) {
        free(r);
        return NULL;
    }
    return r;
}

struct result *result_new_input_error(const char *input, const char *dossier, const char *path,
                                      const char *message)
{
    struct result *r = result_new(input);
    if (r == NULL)
        return NULL;
    r->input_error = 1;
    r->dossier = copy_or_null(dossier);
    r->error_path = strdup(path ? path : "");
    r->error_message = strdup(message);
    if ((dossier && !r->dossier) || !r->error_path || !r->error_message) {
        result_free(r);
        return NULL;
    }
    return r;
}

void result_free(struct result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->count; i++) {
        struct result_entry *e = &r->entries[i];
        free(e->rule);   /* with edition and cite */
        free(e->message);
        cJSON_Delete(e->facts);
        cJSON_Delete(e->missing);
    }
    free(r->entries);
    free(r->dossier);
    free(r->procedure);
    free(r->next_step);
    free(r->input);
    free(r->error_path);
    free(r->error_message);
    free(r);
}

int result_add(struct result *r, const char *rule, enum rule_severity severity,
               const char *edition, const char *cite, char *message_owned,
               struct outcome *outcome)
{
    if (r->count == r->alloc) {
        size_t next = r->alloc ? r->alloc * 2 : 64;
        struct result_entry *grown = realloc(r->entries, next * sizeof *grown);
        if (grown == NULL)
            goto oom;
        r->entries = grown;
        r->alloc = next;
    }
    struct result_entry *e = &r->entries[r->count];
    memset(e, 0, sizeof *e);
    /* The three texts in one block: a check makes some fifty entries a
     * dossier, and three copies each were a tenth of its calls to malloc. */
    size_t rule_size = strlen(rule) + 1, edition_size = edition ? strlen(edition) + 1 : 0;
    size_t cite_size = cite ? strlen(cite) + 1 : 0;
    char *block = malloc(rule_size + edition_size + cite_size);
    if (block == NULL)
        goto oom;
    e->rule = memcpy(block, rule, rule_size);
    if (edition != NULL)
        e->edition = memcpy(block + rule_size, edition, edition_size);
    if (cite != NULL)
        e->cite = memcpy(block + rule_size + edition_size, cite, cite_size);
    e->status = outcome->status;
    e->severity = severity;
    memcpy(e->code, outcome->code, sizeof e->code);
    e->message = message_owned;
    e->facts = outcome->facts;
    e->missing = outcome->missing;
    e->earliest = outcome->earliest;
    e->latest = outcome->latest;
    outcome->facts = outcome->missing = NULL;
    r->count++;
    return 0;
oom:
    free(message_owned);
    return -1;
}

int result_set_next_step(struct result *r, const char *step)
{
    char *copy = copy_or_null(step);
    if (step != NULL && copy == NULL)
        return -1;
    free(r->next_step);
    r->next_step = copy;
    return 0;
}

void result_finish(struct result *r)
{
    int error = 0, fail = 0, incomplete = 0, pending = 0;
    memset(r->counts, 0, sizeof r->counts);
    for (size_t i = 0; i < r->count; i++) {
        const struct result_entry *e = &r->entries[i];
        r->counts[e->status]++;
        if (e->status == RULE_ERROR)
            error = 1;
        if (e->status == RULE_PENDING)
            pending = 1;   /* of any severity: a step still to come */
        if (e->severity != SEVERITY_ELIGIBILITY)
            continue;   /* process and advisory findings never change the verdict */
        if (e->status == RULE_FAIL)
            fail = 1;
        else if (e->status == RULE_MISSING || e->status == RULE_NEEDS_APPROVAL)
            incomplete = 1;
    }
    r->verdict = error ? VERDICT_ERROR
               : fail ? VERDICT_NOT_ELIGIBLE
               : incomplete ? VERDICT_INCOMPLETE
               : pending ? VERDICT_READY
               : VERDICT_ELIGIBLE;
}

int result_exit_code(const struct result *r)
{
    if (r->input_error)
        return 2;
    switch (r->verdict) {
    case VERDICT_ELIGIBLE:
    case VERDICT_READY:        return 0;
    case VERDICT_NOT_ELIGIBLE:
    case VERDICT_INCOMPLETE:   return 1;
    case VERDICT_ERROR:        return 3;
    }
    return 3;
}
