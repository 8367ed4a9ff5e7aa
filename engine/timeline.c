/* timeline.c - dated steps and due dates of one dossier. */
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jsontext.h"
#include "outcome.h"
#include "plugin.h"

const char *timeline_state_name(enum due_state state)
{
    static const char *const names[] = {"done", "late", "overdue", "pending", "not_started",
                                        "no_deadline", "reached", "ahead"};
    return names[state];
}

/* -- steps ------------------------------------------------------------- */

struct step_list {
    struct timeline_step *items;
    size_t count, alloc;
    int failed;
    admit_day as_of;
};

/* The step name of a path: its keys without array indexes ("introducers.signed_on"). */
static void step_name(const char *path, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = path; *p && n + 1 < size; p++) {
        if (*p == '[') {
            p = strchr(p, ']');
            if (p == NULL)
                break;
            continue;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
}

/* Who or what an array item is about: its name, origin, kind... */
static void item_detail(const cJSON *item, char *out, size_t size)
{
    static const char *const keys[] = {"name", "from", "kind", "org", "relation", "form",
                                       "outcome", NULL};
    out[0] = '\0';
    for (int i = 0; keys[i] && cJSON_IsObject(item); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, keys[i]);
        if (cJSON_IsString(v)) {
            snprintf(out, size, "%s", v->valuestring);
            return;
        }
    }
}

static void add_step(struct step_list *list, const cJSON *node, const char *path,
                     const char *detail)
{
    if (list->count == list->alloc) {
        size_t next = list->alloc ? list->alloc * 2 : 32;
        struct timeline_step *grown = realloc(list->items, next * sizeof *grown);
        if (grown == NULL) {
            list->failed = 1;
            return;
        }
        list->items = grown;
        list->alloc = next;
    }
    struct timeline_step *s = &list->items[list->count++];
    s->date = dossier_node_day(node);
    s->planned = s->date > list->as_of;
    snprintf(s->path, sizeof s->path, "%s", path);
    step_name(path, s->what, sizeof s->what);
    snprintf(s->detail, sizeof s->detail, "%s", detail);
}

/*
 * Collect every date below `node`.  The person's own dates (birth, children,
 * union memberships) are facts about the person, not steps of the dossier,
 * and are left out; a former membership's end is kept.
 */
static void collect(struct step_list *list, const cJSON *node, char *path, size_t used,
                    const char *detail, int depth)
{
    if (depth > DOSSIER_MAX_DEPTH)
        return;
    if (dossier_node_is_date(node)) {
        add_step(list, node, path, detail);
        return;
    }
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return;
    int index = 0;
    for (const cJSON *child = node->child; child; child = child->next, index++) {
        if (depth == 0 && strcmp(child->string, "as_of") == 0)
            continue;
        if (depth == 1 && strcmp(path, "candidate") == 0 &&
            strcmp(child->string, "previous_membership") != 0)
            continue;
        size_t end = jsontext_path_push(path, 256, used,
                                        cJSON_IsObject(node) ? child->string : NULL, index);
        if (end >= 256)
            continue;
        path[end] = '\0';
        char item[160];
        if (cJSON_IsArray(node))
            item_detail(child, item, sizeof item);
        collect(list, child, path, end, cJSON_IsArray(node) ? item : detail, depth + 1);
        path[used] = '\0';
    }
}

static int compare_steps(const void *a, const void *b)
{
    const struct timeline_step *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* -- working days through vncal --------------------------------------- */

struct calendar {
    const struct plugin_function *add, *count;
    struct plugin_call_env env;
};

static enum admit_status calendar_call(const struct calendar *cal,
                                       const struct plugin_function *f, admit_day a,
                                       int64_t b, int64_t *out, struct admit_error *err)
{
    struct admit_value argv[2] = {{.type = ADMIT_VALUE_INT}, {.type = ADMIT_VALUE_INT}};
    struct admit_value ret;
    char *error = NULL;
    argv[0].as.integer = a;
    argv[1].as.integer = b;
    if (plugin_call_function(f, &cal->env, 2, argv, &ret, &error) != 0) {
        admit_error_set(err, ADMIT_EINPUT, NULL, NULL, "vncal.%s: %s", f->name,
                        error ? error : "out of memory");
        free(error);
        return ADMIT_EINPUT;
    }
    *out = ret.type == ADMIT_VALUE_INT ? ret.as.integer : 0;
    plugin_value_release(&ret);
    return ADMIT_OK;
}

/* -- due dates ---------------------------------------------------------- */

static admit_day date_at(const struct dossier *d, const char *path)
{
    const cJSON *node = dossier_lookup(d, path, NULL);
    return dossier_node_is_date(node) ? dossier_node_day(node) : OUTCOME_NO_DAY;
}

/* A step's date if it happened by `as_of`; a later date is kept as a plan. */
static admit_day happened(admit_day day, admit_day as_of, admit_day *planned)
{
    if (day != OUTCOME_NO_DAY && day > as_of) {
        if (planned != NULL)
            *planned = day;
        return OUTCOME_NO_DAY;
    }
    return day;
}

static int int_at(const struct dossier *d, const char *path, int fallback)
{
    const cJSON *node = dossier_lookup(d, path, NULL);
    return cJSON_IsNumber(node) ? node->valueint : fallback;
}

/* A parameter's integer value in the edition in force on `day`; -1 if none. */
static int param_at(const struct rulebook *book, const char *name, admit_day day,
                    const char **edition)
{
    int ed = rulebook_edition_at(book, day);
    const struct param *p = rulebook_param(book, name);
    const cJSON *v = ed >= 0 && p != NULL ? rulebook_param_value(p, (size_t)ed) : NULL;
    if (edition != NULL)
        *edition = ed >= 0 ? rulebook_edition(book, (size_t)ed)->id : NULL;
    return cJSON_IsNumber(v) ? v->valueint : -1;
}

/* Finish a due item: its state on `as_of` and the working days left. */
static enum admit_status settle(const struct calendar *cal, struct timeline_due *due,
                                admit_day as_of, struct admit_error *err)
{
    if (due->event == OUTCOME_NO_DAY) {
        due->state = DUE_NOT_STARTED;
        return ADMIT_OK;
    }
    if (due->due == OUTCOME_NO_DAY) {
        due->state = DUE_NO_DEADLINE;
        return ADMIT_OK;
    }
    if (due->done != OUTCOME_NO_DAY) {
        due->state = due->done <= due->due ? DUE_DONE : DUE_LATE;
        return ADMIT_OK;
    }
    if (as_of > due->due) {
        due->state = DUE_OVERDUE;
        return ADMIT_OK;
    }
    due->state = DUE_PENDING;
    int64_t left = 0;
    enum admit_status status = ADMIT_OK;
    if (due->working_days >= 0 && as_of < due->due)
        status = calendar_call(cal, cal->count, as_of, due->due, &left, err);
    due->working_days_left = (int)left;
    return status;
}

/* A deadline of `name` working days (+ extension) after `event`. */
static enum admit_status working_day_due(const struct calendar *cal, const struct rulebook *book,
                                         struct timeline_due *due, const char *name,
                                         const char *extension_max, int extension,
                                         struct admit_error *err)
{
    if (due->event == OUTCOME_NO_DAY)
        return ADMIT_OK;
    int base = param_at(book, name, due->event, &due->edition);
    if (base < 0)
        return ADMIT_OK;   /* no deadline in this edition */
    int max = extension_max ? param_at(book, extension_max, due->event, NULL) : 0;
    if (extension > max && max >= 0)
        extension = max;
    due->working_days = base + (extension > 0 ? extension : 0);
    int64_t day;
    enum admit_status status = calendar_call(cal, cal->add, due->event, due->working_days, &day, err);
    due->due = (admit_day)day;
    return status;
}

/* The date of the last recognition vote whose motion passed, or OUTCOME_NO_DAY. */
static admit_day last_passing_vote(const struct dossier *d, const struct rulebook *book,
                                   admit_day as_of)
{
    const cJSON *votes = dossier_lookup(d, "probation.branch_votes", NULL), *v;
    admit_day found = OUTCOME_NO_DAY;
    cJSON_ArrayForEach(v, votes) {
        const cJSON *date = cJSON_GetObjectItemCaseSensitive(v, "date");
        if (!dossier_node_is_date(date) || dossier_node_day(date) > as_of)
            continue;
        const struct param *p = rulebook_param(book, "vote.fraction");
        int ed = rulebook_edition_at(book, dossier_node_day(date));
        const cJSON *fraction = p && ed >= 0 ? rulebook_param_value(p, (size_t)ed) : NULL;
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(fraction, "num");
        const cJSON *den = cJSON_GetObjectItemCaseSensitive(fraction, "den");
        const cJSON *members = cJSON_GetObjectItemCaseSensitive(v, "official_members");
        const cJSON *excluded = cJSON_GetObjectItemCaseSensitive(v, "excluded");
        const cJSON *favour = cJSON_GetObjectItemCaseSensitive(v, "in_favour");
        if (!cJSON_IsNumber(num) || !cJSON_IsNumber(den) || !cJSON_IsNumber(members) ||
            !cJSON_IsNumber(favour))
            continue;
        double denominator = members->valuedouble -
                             (cJSON_IsNumber(excluded) ? excluded->valuedouble : 0);
        if (favour->valuedouble * den->valuedouble >= num->valuedouble * denominator)
            found = dossier_node_day(date);
    }
    return found;
}

static enum admit_status build_due(struct timeline *t, struct ruleset *rs,
                                   const struct calendar *cal, const struct dossier *d,
                                   struct admit_error *err)
{
    const struct rulebook *book = ruleset_book(rs);
    enum admit_status status = ADMIT_OK;
    struct timeline_due *due = t->due;
    admit_day as_of = t->as_of;
    for (int i = 0; i < 5; i++) {
        due[i].event = due[i].due = due[i].done = due[i].opens = due[i].planned = OUTCOME_NO_DAY;
        due[i].working_days = -1;
    }
    t->due_count = 5;

    due[0].what = "decision";
    due[0].event_path = "branch_vote.date";
    due[0].event = happened(date_at(d, "branch_vote.date"), as_of, NULL);
    due[0].done_path = "decision.date";
    due[0].done = happened(date_at(d, "decision.date"), as_of, &due[0].planned);
    status = working_day_due(cal, book, &due[0], "decision.deadline_wd",
                             "decision.extension_max_wd",
                             int_at(d, "decision.extension_working_days", 0), err);

    due[1].what = "ceremony";
    due[1].event_path = "decision.received_on";
    due[1].event = happened(date_at(d, "decision.received_on"), as_of, NULL);
    due[1].done_path = "ceremony.date";
    due[1].done = happened(date_at(d, "ceremony.date"), as_of, &due[1].planned);
    if (status == ADMIT_OK)
        status = working_day_due(cal, book, &due[1], "ceremony.deadline_wd", NULL, 0, err);

    /* Probation ends at the end of add_months(ceremony, 12): the official date. */
    due[2].what = "probation_end";
    due[2].event_path = "ceremony.date";
    due[2].event = due[1].done;
    if (due[2].event != OUTCOME_NO_DAY) {
        int months = param_at(book, "probation.months", due[2].event, &due[2].edition);
        due[2].due = date_add_months(due[2].event, months > 0 ? months : 12);
        if (as_of > due[2].due)
            due[2].done = due[2].due;
    }

    /* The branch considers recognition from the day after, within N working days. */
    due[3].what = "recognition_vote";
    due[3].event_path = "ceremony.date";
    due[3].event = due[2].due;
    due[3].done_path = "probation.branch_votes[0].date";
    due[3].done = happened(date_at(d, "probation.branch_votes[0].date"), as_of, &due[3].planned);
    if (due[3].event != OUTCOME_NO_DAY) {
        due[3].opens = due[3].event + 1;
        if (status == ADMIT_OK)
            status = working_day_due(cal, book, &due[3], "recognition.branch_deadline_wd", NULL, 0,
                                     err);
    }

    due[4].what = "recognition_decision";
    due[4].event_path = "probation.branch_votes[].date";
    due[4].event = happened(last_passing_vote(d, book, as_of), as_of, NULL);
    due[4].done_path = "probation.decision.date";
    due[4].done = happened(date_at(d, "probation.decision.date"), as_of, &due[4].planned);
    if (status == ADMIT_OK)
        status = working_day_due(cal, book, &due[4], "recognition.decision_deadline_wd",
                                 "recognition.decision_extension_max_wd",
                                 int_at(d, "probation.decision.extension_working_days", 0), err);

    for (int i = 0; i < 5 && status == ADMIT_OK; i++) {
        if (i == 2) {   /* a calendar date, not a deadline */
            due[i].state = due[i].event == OUTCOME_NO_DAY ? DUE_NOT_STARTED
                         : t->as_of > due[i].due         ? DUE_REACHED
                                                         : DUE_AHEAD;
            continue;
        }
        status = settle(cal, &due[i], t->as_of, err);
    }
    return status;
}

enum admit_status timeline_build(struct ruleset *rs, const struct dossier *d, admit_day as_of,
                                 struct timeline **out, struct admit_error *err)
{
    const struct plugin_set *plugins = ruleset_plugins(rs);
    struct calendar cal = {plugin_set_find_function(plugins, "vncal", "add_working_days"),
                           plugin_set_find_function(plugins, "vncal", "working_days"),
                           {as_of, as_of, NULL, d}};
    struct step_list steps = {NULL, 0, 0, 0, as_of};
    char path[256] = "";

    *out = NULL;
    if (cal.add == NULL || cal.count == NULL)
        return admit_error_set(err, ADMIT_EPLUGIN, NULL, NULL, "%s",
                               TR("cần plugin lịch vncal để tính ngày làm việc, nhưng plugin "
                                  "này chưa được nạp (xem --plugins)",
                                  "the calendar plugin vncal is needed to count working days, "
                                  "and it is not loaded (see --plugins)"));
    struct timeline *t = calloc(1, sizeof *t);
    if (t == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    t->as_of = as_of;
    collect(&steps, d->root, path, 0, "", 0);
    t->steps = steps.items;
    t->step_count = steps.count;
    if (steps.failed) {
        timeline_free(t);
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    }
    if (t->step_count > 1)   /* qsort(NULL, 0, ...) is undefined */
        qsort(t->steps, t->step_count, sizeof *t->steps, compare_steps);
    enum admit_status status = build_due(t, rs, &cal, d, err);
    if (status != ADMIT_OK) {
        if (err != NULL)
            snprintf(err->file, sizeof err->file, "%s", d->source);
        timeline_free(t);
        return status;
    }
    *out = t;
    return ADMIT_OK;
}

enum admit_status timeline_set_papers(struct timeline *t, const struct ruleset *rs,
                                      const struct result *r)
{
    const struct rulebook *book = ruleset_book(rs);
    unsigned procedure = strcmp(r->procedure, "recognition") == 0 ? PROCEDURE_RECOGNITION
                                                                   : PROCEDURE_ADMISSION;
    const struct step *vote = rulebook_step(book, procedure, 1);
    t->papers_known = 0;
    t->paper_count = 0;
    t->papers_valid_until = OUTCOME_NO_DAY;
    if (r->input_error || r->next_step == NULL || vote == NULL ||
        strcmp(r->next_step, vote->id) != 0)
        return ADMIT_OK;   /* the vote happened: the papers were judged on its day */
    free(t->papers);
    t->papers = calloc(r->count ? r->count : 1, sizeof *t->papers);
    if (t->papers == NULL)
        return ADMIT_ENOMEM;
    t->papers_known = 1;
    /* Entries are in slot order: the slot gives each entry's step. */
    for (size_t i = 0; i < r->count && i < ruleset_slot_count(rs); i++) {
        const struct result_entry *e = &r->entries[i];
        const struct ruleset_slot *slot = ruleset_slot(rs, i);
        if (e->latest == OUTCOME_NO_DAY || e->severity != SEVERITY_ELIGIBILITY ||
            (e->status != RULE_PASS && e->status != RULE_WARN) ||
            rulebook_step_index(book, procedure, slot->step) != 0 ||
            strcmp(slot->id, e->rule) != 0)
            continue;
        t->papers[t->paper_count].rule = e->rule;
        t->papers[t->paper_count++].valid_until = e->latest;
        if (t->papers_valid_until == OUTCOME_NO_DAY || e->latest < t->papers_valid_until)
            t->papers_valid_until = e->latest;
    }
    return ADMIT_OK;
}

void timeline_free(struct timeline *t)
{
    if (t == NULL)
        return;
    free(t->papers);
    free(t->steps);
    free(t);
}
