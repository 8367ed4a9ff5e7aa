/* messages.c - message catalog and template expansion. */
#include "messages.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "jsontext.h"
#include "strbuf.h"

struct message {
    const char *code;
    const char *text[2];     /* indexed by enum admit_lang */
};

struct messages {
    cJSON **docs;            /* the parsed files; texts point into them */
    size_t doc_count;
    struct message *items;   /* sorted by code */
    size_t count;
};

static int compare_messages(const void *a, const void *b)
{
    return strcmp(((const struct message *)a)->code, ((const struct message *)b)->code);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json names of `dir`, sorted, so loading order does not depend on readdir. */
static enum admit_status list_json(const char *dir, char ***names, size_t *count,
                                   struct admit_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0, cap = 0;
    char **list = NULL;

    *names = NULL;
    *count = 0;
    if (d == NULL)
        return admit_error_set(err, ADMIT_ERULES, dir, NULL, "%s",
                               TR("không mở được thư mục thông điệp",
                                  "cannot open the messages directory"));
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(list, cap * sizeof *list);
            if (grown == NULL)
                goto oom;
            list = grown;
        }
        list[n] = strdup(e->d_name);
        if (list[n] == NULL)
            goto oom;
        n++;
    }
    closedir(d);
    if (n > 0)   /* qsort and bsearch want a non-NULL array even when empty */
        qsort(list, n, sizeof *list, compare_names);
    *names = list;
    *count = n;
    return ADMIT_OK;
oom:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
}

static enum admit_status add_file(struct messages *m, const char *path, struct admit_error *err)
{
    cJSON *doc = NULL;
    enum admit_status status = jsontext_read_file(path, &doc, err);
    if (status != ADMIT_OK)
        return status == ADMIT_ENOMEM ? status : (err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES);
    m->docs[m->doc_count++] = doc;
    if (!cJSON_IsObject(doc))
        return admit_error_set(err, ADMIT_ERULES, path, NULL, "%s",
                               TR("cần một đối tượng {mã: {vi, en}}",
                                  "expected an object {code: {vi, en}}"));
    size_t n = (size_t)cJSON_GetArraySize(doc);
    struct message *grown = realloc(m->items, (m->count + n + 1) * sizeof *m->items);
    if (grown == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, path, NULL, "out of memory");
    m->items = grown;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, doc) {
        if (entry->string[0] == '$')
            continue;   /* "$comment" */
        const cJSON *vi = cJSON_GetObjectItemCaseSensitive(entry, "vi");
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(entry, "en");
        if (!cJSON_IsString(vi) || !cJSON_IsString(en) || vi->valuestring[0] == '\0' ||
            en->valuestring[0] == '\0')
            return admit_error_set(err, ADMIT_ERULES, path, entry->string, "%s",
                                   TR("cần cả hai văn bản \"vi\" và \"en\" không rỗng",
                                      "expected both non-empty texts \"vi\" and \"en\""));
        struct message *msg = &m->items[m->count++];
        msg->code = entry->string;
        msg->text[ADMIT_LANG_VI] = vi->valuestring;
        msg->text[ADMIT_LANG_EN] = en->valuestring;
    }
    return ADMIT_OK;
}

enum admit_status messages_load(const char *dir, struct messages **out, struct admit_error *err)
{
    enum admit_status status;
    char **names = NULL;
    size_t count = 0;
    struct messages *m = calloc(1, sizeof *m);

    *out = NULL;
    if (m == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
    status = list_json(dir, &names, &count, err);
    if (status == ADMIT_OK) {
        m->docs = calloc(count ? count : 1, sizeof *m->docs);
        if (m->docs == NULL)
            status = admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
    }
    for (size_t i = 0; i < count && status == ADMIT_OK; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        status = add_file(m, path, err);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (status == ADMIT_OK) {
        if (m->count > 0)
            qsort(m->items, m->count, sizeof *m->items, compare_messages);
        for (size_t i = 1; i < m->count; i++)
            if (strcmp(m->items[i - 1].code, m->items[i].code) == 0)
                status = admit_error_set(err, ADMIT_ERULES, dir, m->items[i].code, "%s",
                                         TR("mã thông điệp được định nghĩa hai lần",
                                            "message code defined twice"));
    }
    if (status != ADMIT_OK) {
        messages_free(m);
        return status;
    }
    *out = m;
    return ADMIT_OK;
}

void messages_free(struct messages *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->doc_count; i++)
        cJSON_Delete(m->docs[i]);
    free(m->docs);
    free(m->items);
    free(m);
}

size_t messages_count(const struct messages *m)
{
    return m->count;
}

const char *messages_find(const struct messages *m, const char *code, enum admit_lang lang)
{
    struct message key = {.code = code};
    if (m->count == 0)
        return NULL;
    const struct message *found =
        bsearch(&key, m->items, m->count, sizeof *m->items, compare_messages);
    return found ? found->text[lang] : NULL;
}

const char *messages_for_rule(const struct messages *m, const char *rule, const char *code,
                              enum admit_lang lang)
{
    char full[192];
    int n = snprintf(full, sizeof full, "%s.%s", rule, code);
    const char *text = NULL;
    if (n > 0 && (size_t)n < sizeof full)
        text = messages_find(m, full, lang);
    return text ? text : messages_find(m, code, lang);
}

/* Months as "17 tuổi 11 tháng" / "17 years 11 months". */
static void add_age(struct strbuf *sb, double months_value, enum admit_lang lang)
{
    long months = (long)months_value, years = months / 12, rest = months % 12;
    if (lang == ADMIT_LANG_EN) {
        strbuf_addf(sb, "%ld year%s", years, years == 1 ? "" : "s");
        if (rest)
            strbuf_addf(sb, " %ld month%s", rest, rest == 1 ? "" : "s");
    } else {
        strbuf_addf(sb, "%ld tuổi", years);
        if (rest)
            strbuf_addf(sb, " %ld tháng", rest);
    }
}

/* The text of an enumeration value: code "label.<value>", else the value. */
static const char *label_of(const struct message_vars *vars, const char *value,
                            enum admit_lang lang)
{
    char code[160];
    const char *text = NULL;
    int n = snprintf(code, sizeof code, "label.%s", value);
    if (vars != NULL && vars->catalog != NULL && n > 0 && (size_t)n < sizeof code)
        text = messages_find(vars->catalog, code, lang);
    return text != NULL ? text : value;
}

/*
 * A JSON path named by the dossier section it is in, for a secretary:
 * "branch_vote.date" -> "Nghị quyết chi bộ (branch_vote.date)", from code
 * "section.<first key>"; the bare path when there is no such code.
 */
static void add_section(struct strbuf *sb, const struct message_vars *vars, const char *path,
                        enum admit_lang lang)
{
    char code[160];
    const char *text = NULL;
    int n = snprintf(code, sizeof code, "section.%.*s", (int)strcspn(path, ".["), path);
    if (vars != NULL && vars->catalog != NULL && n > 0 && (size_t)n < sizeof code)
        text = messages_find(vars->catalog, code, lang);
    if (text != NULL)
        strbuf_addf(sb, "%s (%s)", text, path);
    else
        strbuf_puts(sb, path);
}

/* A fact's value as text; lists are joined with ", ". */
static void add_value(struct strbuf *sb, const cJSON *v, const char *filter, enum admit_lang lang,
                      const struct message_vars *vars)
{
    if (cJSON_IsString(v)) {
        admit_day day;
        const char *s = v->valuestring;
        if (strcmp(filter, "date") == 0 && lang == ADMIT_LANG_VI &&
            date_parse(s, strlen(s), &day) == 0) {
            char text[DATE_TEXT_SIZE];
            strbuf_puts(sb, date_format_vi(day, text));
        } else if (strcmp(filter, "label") == 0) {
            strbuf_puts(sb, label_of(vars, s, lang));
        } else if (strcmp(filter, "section") == 0) {
            add_section(sb, vars, s, lang);
        } else {
            strbuf_puts(sb, s);
        }
    } else if (cJSON_IsNumber(v)) {
        if (strcmp(filter, "age") == 0)
            add_age(sb, v->valuedouble, lang);
        else if (fabs(v->valuedouble) < 9e15 && v->valuedouble == floor(v->valuedouble))
            strbuf_addf(sb, "%lld", (long long)v->valuedouble);
        else
            strbuf_addf(sb, "%g", v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        strbuf_puts(sb, cJSON_IsTrue(v) ? (lang == ADMIT_LANG_EN ? "yes" : "có")
                                        : (lang == ADMIT_LANG_EN ? "no" : "không"));
    } else if (cJSON_IsArray(v)) {
        const cJSON *item;
        int first = 1;
        cJSON_ArrayForEach(item, v) {
            if (!first)
                strbuf_puts(sb, ", ");
            first = 0;
            add_value(sb, item, filter, lang, vars);
        }
    } else {
        strbuf_puts(sb, "—");
    }
}

/* Insert the value named `key`, or the placeholder itself when unknown. */
static void expand(struct strbuf *sb, const char *key, const char *filter, enum admit_lang lang,
                   const cJSON *facts, const struct message_vars *vars, const char *raw,
                   size_t raw_len)
{
    const char *var = NULL;
    if (vars != NULL) {
        if (strcmp(key, "rule") == 0)
            var = vars->rule;
        else if (strcmp(key, "edition") == 0)
            var = vars->edition;
        else if (strcmp(key, "procedure") == 0)
            var = vars->procedure;
        else if (strcmp(key, "error") == 0)
            var = vars->error;
        else if (strcmp(key, "missing") == 0 && vars->missing != NULL) {
            add_value(sb, vars->missing, filter, lang, vars);
            return;
        }
    }
    if (var != NULL) {
        strbuf_puts(sb, var);
        return;
    }
    const cJSON *v = facts ? cJSON_GetObjectItemCaseSensitive(facts, key) : NULL;
    if (v != NULL)
        add_value(sb, v, filter, lang, vars);
    else
        strbuf_add(sb, raw, raw_len);
}

char *messages_render(const char *template_text, enum admit_lang lang, const cJSON *facts,
                      const struct message_vars *vars)
{
    struct strbuf sb;
    const char *p = template_text;
    strbuf_init(&sb);
    while (*p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (open == NULL || close == NULL || close - open > 96) {
            size_t n = open && !close ? strlen(p) : (open ? (size_t)(open - p) + 1 : strlen(p));
            strbuf_add(&sb, p, n);
            p += n;
            continue;
        }
        strbuf_add(&sb, p, (size_t)(open - p));
        char key[97], *bar;
        size_t n = (size_t)(close - open - 1);
        memcpy(key, open + 1, n);
        key[n] = '\0';
        bar = strchr(key, '|');
        if (bar != NULL)
            *bar = '\0';
        expand(&sb, key, bar ? bar + 1 : "", lang, facts, vars, open, (size_t)(close - open) + 1);
        p = close + 1;
    }
    return strbuf_detach(&sb);
}

enum admit_status messages_add(struct messages *m, const char *path, struct admit_error *err)
{
    cJSON **grown = realloc(m->docs, (m->doc_count + 1) * sizeof *m->docs);
    if (grown == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, path, NULL, "out of memory");
    m->docs = grown;
    enum admit_status status = add_file(m, path, err);
    if (status != ADMIT_OK)
        return status;
    if (m->count > 0)
        qsort(m->items, m->count, sizeof *m->items, compare_messages);
    for (size_t i = 1; i < m->count; i++)
        if (strcmp(m->items[i - 1].code, m->items[i].code) == 0)
            return admit_error_set(err, ADMIT_ERULES, path, m->items[i].code, "%s",
                                   TR("mã thông điệp được định nghĩa hai lần",
                                      "message code defined twice"));
    return ADMIT_OK;
}
