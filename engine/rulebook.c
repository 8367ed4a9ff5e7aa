/*
 * rulebook.c - loading and querying editions, parameters and the catalog.
 *
 * The parsed JSON documents are kept: every string of the tables points into
 * them, so nothing is copied and one free releases all.
 */
#include "rulebook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json_member.h"
#include "jsontext.h"
#include "rulebook_files.h"

struct rulebook {
    cJSON *editions_doc, *params_doc, *catalog_doc;
    struct edition *editions;
    struct guidance *guidance;     /* all editions' guidance, one block */
    size_t edition_count;
    struct param *params;          /* sorted by name */
    size_t param_count;
    struct catalog_entry *catalog; /* in catalog order */
    size_t catalog_count;
    struct step *steps[2];         /* admission, recognition: in order */
    size_t step_count[2];
};

/* Index of a procedure bit in `steps`. */
static int procedure_index(unsigned procedure)
{
    return procedure == PROCEDURE_ADMISSION ? 0 : procedure == PROCEDURE_RECOGNITION ? 1 : -1;
}

static const char *const severity_names[] = {"eligibility", "process", "advisory"};

const char *rule_severity_name(enum rule_severity severity)
{
    return severity_names[severity];
}

int rule_severity_parse(const char *name, enum rule_severity *out)
{
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, severity_names[i]) == 0) {
            *out = (enum rule_severity)i;
            return 0;
        }
    }
    return -1;
}

unsigned procedure_parse(const char *name)
{
    if (strcmp(name, "admission") == 0)
        return PROCEDURE_ADMISSION;
    if (strcmp(name, "recognition") == 0)
        return PROCEDURE_RECOGNITION;
    return 0;
}

/* A rulebook data error: file, JSON path, what was expected. */
static enum admit_status bad_data(struct admit_error *err, const char *file, const char *path,
                                  const char *expected)
{
    return admit_error_set(err, ADMIT_ERULES, file, path, TR("cần %s", "expected %s"), expected);
}

static int date_member(const cJSON *obj, const char *key, admit_day *out)
{
    const char *s = json_string_member(obj, key);
    return s != NULL && date_parse(s, strlen(s), out) == 0 ? 0 : -1;
}

static enum admit_status load_editions(struct rulebook *rb, const char *file,
                                       struct admit_error *err)
{
    char path[128];
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(rb->editions_doc, "editions");
    size_t n = (size_t)cJSON_GetArraySize(list), total_guidance = 0, g = 0;
    const cJSON *e;

    if (!cJSON_IsArray(list) || n == 0)
        return bad_data(err, file, "editions", TR("một mảng phiên bản không rỗng",
                                                  "a non-empty array of editions"));
    cJSON_ArrayForEach(e, list)
        total_guidance += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(e, "guidance"));
    rb->editions = calloc(n, sizeof *rb->editions);
    rb->guidance = calloc(total_guidance ? total_guidance : 1, sizeof *rb->guidance);
    if (rb->editions == NULL || rb->guidance == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, file, NULL, "out of memory");
    cJSON_ArrayForEach(e, list) {
        struct edition *ed = &rb->editions[rb->edition_count];
        snprintf(path, sizeof path, "editions[%zu]", rb->edition_count);
        ed->id = json_string_member(e, "id");
        ed->regulation = json_string_member(e, "regulation");
        if (ed->id == NULL || ed->regulation == NULL || date_member(e, "from", &ed->from) != 0)
            return bad_data(err, file, path, TR("id, from (ngày) và regulation",
                                                "id, from (a date) and regulation"));
        if (rb->edition_count > 0 && ed->from <= ed[-1].from)
            return bad_data(err, file, path, TR("các phiên bản theo thứ tự ngày tăng dần",
                                                "editions in increasing date order"));
        ed->guidance = &rb->guidance[g];
        const cJSON *item;
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(e, "guidance")) {
            struct guidance *gd = &rb->guidance[g];
            gd->id = json_string_member(item, "id");
            if (gd->id == NULL || date_member(item, "from", &gd->from) != 0)
                return bad_data(err, file, path, TR("guidance: id và from (ngày)",
                                                    "guidance items with id and from (a date)"));
            if (ed->guidance_count > 0 && gd->from <= gd[-1].from)
                return bad_data(err, file, path, TR("guidance theo thứ tự ngày tăng dần",
                                                    "guidance in increasing date order"));
            g++;
            ed->guidance_count++;
        }
        rb->edition_count++;
    }
    return ADMIT_OK;
}

static int compare_params(const void *a, const void *b)
{
    return strcmp(((const struct param *)a)->name, ((const struct param *)b)->name);
}

static enum admit_status load_params(struct rulebook *rb, const char *file,
                                     struct admit_error *err)
{
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(rb->params_doc, "params");
    size_t n = (size_t)cJSON_GetArraySize(all);
    const cJSON *p;

    if (!cJSON_IsObject(all))
        return bad_data(err, file, "params", TR("một đối tượng", "an object"));
    rb->params = calloc(n ? n : 1, sizeof *rb->params);
    if (rb->params == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, file, NULL, "out of memory");
    cJSON_ArrayForEach(p, all) {
        struct param *param = &rb->params[rb->param_count++];
        char path[192];
        snprintf(path, sizeof path, "params.%s", p->string);
        param->name = p->string;
        param->source = json_string_member(p, "source");
        const char *dir = json_string_member(p, "direction");
        if (dir != NULL && strcmp(dir, "up") == 0)
            param->direction = PARAM_UP;
        else if (dir != NULL && strcmp(dir, "down") == 0)
            param->direction = PARAM_DOWN;
        else if (dir != NULL && strcmp(dir, "none") == 0)
            param->direction = PARAM_FIXED;
        else
            return bad_data(err, file, path, "direction: up, down, none");
        param->by_edition = calloc(rb->edition_count, sizeof *param->by_edition);
        if (param->by_edition == NULL)
            return admit_error_set(err, ADMIT_ENOMEM, file, NULL, "out of memory");
        /* A value holds from its edition on, until a later edition's entry. */
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(p, "values"), *v;
        if (!cJSON_IsObject(values))
            return bad_data(err, file, path, TR("values: phiên bản -> giá trị",
                                                "values: edition -> value"));
        cJSON_ArrayForEach(v, values) {
            int from = rulebook_edition_find(rb, v->string);
            if (from < 0) {
                char at[256];
                snprintf(at, sizeof at, "%s.values.%s", path, v->string);
                return bad_data(err, file, at, TR("một phiên bản có trong editions.json",
                                                  "an edition listed in editions.json"));
            }
            for (size_t i = (size_t)from; i < rb->edition_count; i++)
                param->by_edition[i] = cJSON_IsNull(v) ? NULL : v;
            /* later entries are visited later only if ordered: enforce that */
            int next = v->next != NULL ? rulebook_edition_find(rb, v->next->string) : -1;
            if (next >= 0 && next <= from) {   /* an unknown next edition is reported next */
                char at[256];
                snprintf(at, sizeof at, "%s.values", path);
                return bad_data(err, file, at, TR("các phiên bản theo thứ tự",
                                                  "editions in order"));
            }
        }
    }
    qsort(rb->params, rb->param_count, sizeof *rb->params, compare_params);
    return ADMIT_OK;
}

/*
 * "steps": {"admission": [{"id", "event", "skip_when"}...], "recognition": [...]}.
 * A catalog without "steps" (a small test rulebook) has one step per
 * procedure, "preparation" and "probation": every rule is judged as usual and
 * next_step is always null.
 */
static enum admit_status load_steps(struct rulebook *rb, const char *file,
                                    struct admit_error *err)
{
    static const char *const names[] = {"admission", "recognition"};
    static const char *const first[] = {"preparation", "probation"};
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(rb->catalog_doc, "steps");
    for (int p = 0; p < 2 && steps == NULL; p++) {
        rb->steps[p] = calloc(1, sizeof *rb->steps[p]);
        if (rb->steps[p] == NULL)
            return admit_error_set(err, ADMIT_ENOMEM, file, NULL, "out of memory");
        rb->steps[p][0].id = first[p];
        rb->step_count[p] = 1;
    }
    for (int p = 0; p < 2 && steps != NULL; p++) {
        char path[64];
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(steps, names[p]), *s;
        size_t n = (size_t)cJSON_GetArraySize(list);
        snprintf(path, sizeof path, "steps.%s", names[p]);
        if (!cJSON_IsArray(list) || n == 0)
            return bad_data(err, file, path, TR("một mảng bước không rỗng",
                                                "a non-empty array of steps"));
        rb->steps[p] = calloc(n, sizeof *rb->steps[p]);
        if (rb->steps[p] == NULL)
            return admit_error_set(err, ADMIT_ENOMEM, file, NULL, "out of memory");
        cJSON_ArrayForEach(s, list) {
            struct step *st = &rb->steps[p][rb->step_count[p]];
            snprintf(path, sizeof path, "steps.%s[%zu]", names[p], rb->step_count[p]);
            st->id = json_string_member(s, "id");
            st->event = json_string_member(s, "event");
            st->skip_when = json_string_member(s, "skip_when");
            /* The first step is where the procedure starts: no event; every
             * later one is known to have happened by its event's date. */
            if (st->id == NULL || (rb->step_count[p] == 0) != (st->event == NULL))
                return bad_data(err, file, path,
                                TR("id, và event (đường dẫn ngày) cho mọi bước trừ bước đầu",
                                   "id, and event (a date path) on every step but the first"));
            if (rulebook_step_find(rb, 1u << p, st->id) >= 0)
                return bad_data(err, file, path, TR("mã bước không trùng", "a unique step id"));
            rb->step_count[p]++;
        }
    }
    return ADMIT_OK;
}

static enum admit_status load_catalog(struct rulebook *rb, const char *file,
                                      struct admit_error *err)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(rb->catalog_doc, "rules"), *r;
    size_t n = (size_t)cJSON_GetArraySize(list);

    if (!cJSON_IsArray(list) || n == 0)
        return bad_data(err, file, "rules", TR("một mảng quy tắc không rỗng",
                                               "a non-empty array of rules"));
    rb->catalog = calloc(n, sizeof *rb->catalog);
    if (rb->catalog == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, file, NULL, "out of memory");
    cJSON_ArrayForEach(r, list) {
        struct catalog_entry *c = &rb->catalog[rb->catalog_count];
        char path[64];
        snprintf(path, sizeof path, "rules[%zu]", rb->catalog_count);
        c->id = json_string_member(r, "id");
        const char *sev = json_string_member(r, "severity");
        const cJSON *procs = cJSON_GetObjectItemCaseSensitive(r, "procedures"), *pr;
        if (c->id == NULL || sev == NULL || rule_severity_parse(sev, &c->severity) != 0 ||
            !cJSON_IsArray(procs))
            return bad_data(err, file, path, "id, severity, procedures");
        cJSON_ArrayForEach(pr, procs) {
            unsigned bit = cJSON_IsString(pr) ? procedure_parse(pr->valuestring) : 0;
            if (bit == 0)
                return bad_data(err, file, path, "procedures: admission, recognition");
            c->procedures |= bit;
        }
        if (rulebook_catalog_find(rb, c->id) >= 0)
            return bad_data(err, file, path, TR("mã quy tắc không trùng", "a unique rule id"));
        c->step = json_string_member(r, "step");
        if (c->step == NULL)
            c->step = rulebook_first_step(rb, c->procedures);
        else if (rulebook_step_valid(rb, c->procedures, c->step) != 0)
            return bad_data(err, file, path,
                            TR("step: một bước của thủ tục của quy tắc (steps)",
                               "step: a step of the rule's procedure (steps)"));
        rb->catalog_count++;
    }
    return ADMIT_OK;
}

enum admit_status rulebook_load(const char *dir, struct rulebook **out, struct admit_error *err)
{
    return rulebook_load_files(dir, NULL, out, err);
}

enum admit_status rulebook_load_files(const char *dir, const struct rulebook_files *files,
                                      struct rulebook **out, struct admit_error *err)
{
    enum admit_status status;
    struct rulebook *rb = calloc(1, sizeof *rb);
    char editions[1024], params[1024], catalog[1024];

    *out = NULL;
    if (rb == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
    snprintf(editions, sizeof editions, "%s/editions.json", dir);
    snprintf(params, sizeof params, "%s/params.json", dir);
    snprintf(catalog, sizeof catalog, "%s/catalog.json", dir);
    status = rulebook_files_json(files, RULEBOOK_DATA, "editions.json", editions, &rb->editions_doc, err);
    if (status == ADMIT_OK)
        status = load_editions(rb, editions, err);
    if (status == ADMIT_OK)
        status = rulebook_files_json(files, RULEBOOK_DATA, "params.json", params, &rb->params_doc, err);
    if (status == ADMIT_OK)
        status = load_params(rb, params, err);
    if (status == ADMIT_OK)
        status = rulebook_files_json(files, RULEBOOK_DATA, "catalog.json", catalog, &rb->catalog_doc, err);
    if (status == ADMIT_OK)
        status = load_steps(rb, catalog, err);
    if (status == ADMIT_OK)
        status = load_catalog(rb, catalog, err);
    if (status != ADMIT_OK) {
        if (err != NULL && status != ADMIT_ENOMEM)
            err->status = status = ADMIT_ERULES;
        rulebook_free(rb);
        return status;
    }
    *out = rb;
    return ADMIT_OK;
}

void rulebook_free(struct rulebook *rb)
{
    if (rb == NULL)
        return;
    for (size_t i = 0; i < rb->param_count; i++)
        free(rb->params[i].by_edition);
    free(rb->params);
    free(rb->editions);
    free(rb->guidance);
    free(rb->catalog);
    free(rb->steps[0]);
    free(rb->steps[1]);
    cJSON_Delete(rb->editions_doc);
    cJSON_Delete(rb->params_doc);
    cJSON_Delete(rb->catalog_doc);
    free(rb);
}

size_t rulebook_edition_count(const struct rulebook *rb)
{
    return rb->edition_count;
}

const struct edition *rulebook_edition(const struct rulebook *rb, size_t index)
{
    return index < rb->edition_count ? &rb->editions[index] : NULL;
}

int rulebook_edition_at(const struct rulebook *rb, admit_day day)
{
    int found = -1;
    for (size_t i = 0; i < rb->edition_count && rb->editions[i].from <= day; i++)
        found = (int)i;
    return found;
}

int rulebook_edition_find(const struct rulebook *rb, const char *id)
{
    for (size_t i = 0; i < rb->edition_count; i++)
        if (strcmp(rb->editions[i].id, id) == 0)
            return (int)i;
    return -1;
}

const char *rulebook_guidance_at(const struct rulebook *rb, size_t index, admit_day day)
{
    const struct edition *ed = rulebook_edition(rb, index);
    const char *found = NULL;
    for (size_t i = 0; ed != NULL && i < ed->guidance_count && ed->guidance[i].from <= day; i++)
        found = ed->guidance[i].id;
    return found;
}

size_t rulebook_param_count(const struct rulebook *rb)
{
    return rb->param_count;
}

const struct param *rulebook_param_at(const struct rulebook *rb, size_t index)
{
    return index < rb->param_count ? &rb->params[index] : NULL;
}

const struct param *rulebook_param(const struct rulebook *rb, const char *name)
{
    struct param key = {.name = name};
    return bsearch(&key, rb->params, rb->param_count, sizeof *rb->params, compare_params);
}

const cJSON *rulebook_param_value(const struct param *param, size_t edition)
{
    return param->by_edition[edition];
}

size_t rulebook_catalog_count(const struct rulebook *rb)
{
    return rb->catalog_count;
}

const struct catalog_entry *rulebook_catalog_at(const struct rulebook *rb, size_t index)
{
    return index < rb->catalog_count ? &rb->catalog[index] : NULL;
}

int rulebook_catalog_find(const struct rulebook *rb, const char *id)
{
    for (size_t i = 0; i < rb->catalog_count; i++)
        if (strcmp(rb->catalog[i].id, id) == 0)
            return (int)i;
    return -1;
}

size_t rulebook_step_count(const struct rulebook *rb, unsigned procedure)
{
    int p = procedure_index(procedure);
    return p < 0 ? 0 : rb->step_count[p];
}

const struct step *rulebook_step(const struct rulebook *rb, unsigned procedure, size_t index)
{
    int p = procedure_index(procedure);
    return p < 0 || index >= rb->step_count[p] ? NULL : &rb->steps[p][index];
}

int rulebook_step_find(const struct rulebook *rb, unsigned procedure, const char *id)
{
    int p = procedure_index(procedure);
    for (size_t i = 0; p >= 0 && i < rb->step_count[p]; i++)
        if (strcmp(rb->steps[p][i].id, id) == 0)
            return (int)i;
    return -1;
}

int rulebook_step_valid(const struct rulebook *rb, unsigned procedures, const char *id)
{
    if (procedures == (PROCEDURE_ADMISSION | PROCEDURE_RECOGNITION))
        return rulebook_step_find(rb, PROCEDURE_ADMISSION, id) == 0 ||
               rulebook_step_find(rb, PROCEDURE_RECOGNITION, id) == 0 ? 0 : -1;
    return rulebook_step_find(rb, procedures, id) >= 0 ? 0 : -1;
}

int rulebook_step_index(const struct rulebook *rb, unsigned procedure, const char *id)
{
    int at = rulebook_step_find(rb, procedure, id);
    return at < 0 ? 0 : at;
}

const char *rulebook_first_step(const struct rulebook *rb, unsigned procedures)
{
    unsigned bit = procedures & PROCEDURE_ADMISSION ? PROCEDURE_ADMISSION : PROCEDURE_RECOGNITION;
    const struct step *s = rulebook_step(rb, bit, 0);
    return s != NULL ? s->id : NULL;
}

void rulebook_param_override(struct rulebook *rb, const char *name, size_t edition,
                             const cJSON *value)
{
    struct param key = {.name = name};
    struct param *p = bsearch(&key, rb->params, rb->param_count, sizeof *rb->params, compare_params);
    if (p != NULL && edition < rb->edition_count)
        p->by_edition[edition] = value;
}
