/* messages.c - message catalog and template expansion. */
#include "messages.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dir_names.h"
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
    char **owned;            /* codes and texts copied from the dossier schema */
    size_t owned_count;
};

static int compare_messages(const void *a, const void *b)
{
    return strcmp(((const struct message *)a)->code, ((const struct message *)b)->code);
}

/* The *.json names of `dir`, sorted, so loading order does not depend on readdir. */
/* The .json files of `dir`, sorted (dir_names). */
static enum admit_status list_json(const char *dir, char ***names, size_t *count,
                                   struct admit_error *err)
{
    int rc = dir_names(dir, ".json", names, count);
    if (rc < 0)
        return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    if (rc > 0)
        return admit_error_set(err, ADMIT_ERULES, dir, NULL, "%s",
                               TR("không mở được thư mục thông điệp",
                                  "cannot open the messages directory"));
    return ADMIT_OK;
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

/* Sort the codes for bsearch; a code defined twice is an error naming `where`. */
static enum admit_status sort_and_check(struct messages *m, const char *where,
                                        struct admit_error *err)
{
    if (m->count > 0)
        qsort(m->items, m->count, sizeof *m->items, compare_messages);
    for (size_t i = 1; i < m->count; i++)
        if (strcmp(m->items[i - 1].code, m->items[i].code) == 0)
            return admit_error_set(err, ADMIT_ERULES, where, m->items[i].code, "%s",
                                   TR("mã thông điệp được định nghĩa hai lần",
                                      "message code defined twice"));
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
    dir_names_free(names, count);
    if (status == ADMIT_OK)
        status = sort_and_check(m, dir, err);
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
    for (size_t i = 0; i < m->owned_count; i++)
        free(m->owned[i]);
    free(m->owned);
    free(m);
}

/* -- names from the dossier schema --------------------------------------- */

/* The name one enumeration gives a value, kept for the unqualified code. */
struct flat_label {
    const char *value, *vi, *en;
    int conflict;              /* another enumeration names the value differently */
};

struct schema_names {
    struct messages *m;
    const char *file;          /* the schema's path, for errors */
    size_t first;              /* m->items from here on come from the schema */
    char where[512];           /* JSON pointer into the schema, for errors */
    struct flat_label *flat;
    size_t flat_count;
};

static enum admit_status names_oom(const struct schema_names *n, struct admit_error *err)
{
    return admit_error_set(err, ADMIT_ENOMEM, n->file, NULL, "out of memory");
}

/* A copy of `text` that the catalog owns; NULL when out of memory. */
static char *own(struct messages *m, const char *text)
{
    char **grown = realloc(m->owned, (m->owned_count + 1) * sizeof *m->owned);
    if (grown == NULL)
        return NULL;
    m->owned = grown;
    char *copy = strdup(text);
    if (copy != NULL)
        m->owned[m->owned_count++] = copy;
    return copy;
}

/*
 * Add code `code` with its two texts.  The same code given twice by the
 * schema with the same texts is one code (the field "method" of two vote
 * kinds); with other texts it is an error.
 */
static enum admit_status add_name(struct schema_names *n, const char *code, const char *vi,
                                  const char *en, struct admit_error *err)
{
    struct messages *m = n->m;
    for (size_t i = n->first; i < m->count; i++) {
        if (strcmp(m->items[i].code, code) != 0)
            continue;
        if (strcmp(m->items[i].text[ADMIT_LANG_VI], vi) == 0 &&
            strcmp(m->items[i].text[ADMIT_LANG_EN], en) == 0)
            return ADMIT_OK;
        return admit_error_set(err, ADMIT_ERULES, n->file, n->where,
                               TR("\"%s\" được đặt hai tên khác nhau trong lược đồ",
                                  "\"%s\" is given two different names in the schema"),
                               code);
    }
    struct message *grown = realloc(m->items, (m->count + 1) * sizeof *m->items);
    if (grown == NULL)
        return names_oom(n, err);
    m->items = grown;
    struct message *msg = &m->items[m->count];
    msg->code = own(m, code);
    msg->text[ADMIT_LANG_VI] = own(m, vi);
    msg->text[ADMIT_LANG_EN] = own(m, en);
    if (msg->code == NULL || msg->text[ADMIT_LANG_VI] == NULL || msg->text[ADMIT_LANG_EN] == NULL)
        return names_oom(n, err);
    m->count++;
    return ADMIT_OK;
}

static void note_flat(struct schema_names *n, const char *value, const char *vi, const char *en,
                      int *oom)
{
    for (size_t i = 0; i < n->flat_count; i++) {
        struct flat_label *f = &n->flat[i];
        if (strcmp(f->value, value) == 0) {
            f->conflict |= strcmp(f->vi, vi) != 0 || strcmp(f->en, en) != 0;
            return;
        }
    }
    struct flat_label *grown = realloc(n->flat, (n->flat_count + 1) * sizeof *n->flat);
    if (grown == NULL) {
        *oom = 1;
        return;
    }
    n->flat = grown;
    n->flat[n->flat_count++] = (struct flat_label){value, vi, en, 0};
}

/* A non-empty string member `key` of `obj`, or NULL. */
static const char *text_member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

/*
 * The "x-labels" of the enumeration `values` of field `field`: exactly one
 * {"vi", "en"} per value other than null, nothing else.
 */
static enum admit_status add_labels(struct schema_names *n, const cJSON *values,
                                    const cJSON *labels, const char *field,
                                    struct admit_error *err)
{
    const cJSON *v;
    char code[320];
    int oom = 0;
    if (!cJSON_IsArray(values))
        return admit_error_set(err, ADMIT_ERULES, n->file, n->where, "%s",
                               TR("\"x-labels\" chỉ đặt bên cạnh \"enum\"",
                                  "\"x-labels\" belongs beside an \"enum\""));
    cJSON_ArrayForEach(v, values) {
        if (!cJSON_IsString(v))
            continue;
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(labels, v->valuestring);
        const char *vi = text_member(label, "vi"), *en = text_member(label, "en");
        if (!cJSON_IsObject(labels) || vi == NULL || en == NULL)
            return admit_error_set(err, ADMIT_ERULES, n->file, n->where,
                                   TR("giá trị \"%s\" chưa có tên trong \"x-labels\" (cần \"vi\" và \"en\")",
                                      "the value \"%s\" has no name in \"x-labels\" (\"vi\" and \"en\" needed)"),
                                   v->valuestring);
        int len = snprintf(code, sizeof code, "label.%s.%s", field, v->valuestring);
        if (len < 0 || (size_t)len >= sizeof code)
            return admit_error_set(err, ADMIT_ERULES, n->file, n->where, "%s",
                                   TR("tên trường hoặc giá trị quá dài", "field or value name too long"));
        enum admit_status status = add_name(n, code, vi, en, err);
        if (status != ADMIT_OK)
            return status;
        note_flat(n, v->valuestring, vi, en, &oom);
        if (oom)
            return names_oom(n, err);
    }
    cJSON_ArrayForEach(v, labels) {
        int known = 0;
        const cJSON *value;
        cJSON_ArrayForEach(value, values)
            known |= cJSON_IsString(value) && strcmp(value->valuestring, v->string) == 0;
        if (!known)
            return admit_error_set(err, ADMIT_ERULES, n->file, n->where,
                                   TR("\"x-labels\" đặt tên cho \"%s\", không phải giá trị của \"enum\"",
                                      "\"x-labels\" names \"%s\", which is not a value of the \"enum\""),
                                   v->string);
    }
    return ADMIT_OK;
}

/*
 * Every enumeration below `node`, the field that holds it being `field`
 * (array items and anyOf branches keep their field's name).  `used` is the
 * length of n->where, the pointer to `node`.
 */
static enum admit_status walk_schema(struct schema_names *n, const cJSON *node, const char *field,
                                     size_t used, int depth, struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    if (!cJSON_IsObject(node) || depth > 64)
        return ADMIT_OK;   /* the schema compiler has refused anything deeper */
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(node, "enum");
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(node, "x-labels");
    const cJSON *value;
    int named = 0;   /* an enumeration of strings: its values need names */
    cJSON_ArrayForEach(value, values) {
        named |= cJSON_IsString(value);
    }
    if (labels != NULL || named)
        status = add_labels(n, values, labels, field, err);
    for (const cJSON *kw = node->child; kw != NULL && status == ADMIT_OK; kw = kw->next) {
        int by_name = strcmp(kw->string, "properties") == 0 ||
                      strcmp(kw->string, "definitions") == 0 ||
                      strcmp(kw->string, "patternProperties") == 0;
        int same_field = strcmp(kw->string, "items") == 0 || strcmp(kw->string, "anyOf") == 0 ||
                         strcmp(kw->string, "oneOf") == 0;
        if (!by_name && !same_field)
            continue;
        if (cJSON_IsObject(kw) && !by_name) {   /* items: one schema */
            snprintf(n->where + used, sizeof n->where - used, "/%s", kw->string);
            status = walk_schema(n, kw, field, strlen(n->where), depth + 1, err);
            n->where[used] = '\0';
            continue;
        }
        int i = 0;
        for (const cJSON *child = kw->child; child != NULL && status == ADMIT_OK;
             child = child->next, i++) {
            if (by_name)
                snprintf(n->where + used, sizeof n->where - used, "/%s/%s", kw->string,
                         child->string);
            else
                snprintf(n->where + used, sizeof n->where - used, "/%s/%d", kw->string, i);
            status = walk_schema(n, child, by_name ? child->string : field, strlen(n->where),
                                 depth + 1, err);
            n->where[used] = '\0';
        }
    }
    return status;
}

/* "section.<key>" from the "title" and "x-title-en" of each top-level field. */
static enum admit_status add_sections(struct schema_names *n, const cJSON *schema,
                                      struct admit_error *err)
{
    const cJSON *field;
    char code[320];
    cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(schema, "properties")) {
        const char *vi = text_member(field, "title"), *en = text_member(field, "x-title-en");
        if (vi == NULL && en == NULL)
            continue;
        snprintf(n->where, sizeof n->where, "/properties/%s", field->string);
        if (vi == NULL || en == NULL)
            return admit_error_set(err, ADMIT_ERULES, n->file, n->where, "%s",
                                   TR("cần cả \"title\" (tiếng Việt) và \"x-title-en\"",
                                      "expected both \"title\" (Vietnamese) and \"x-title-en\""));
        int len = snprintf(code, sizeof code, "section.%s", field->string);
        if (len < 0 || (size_t)len >= sizeof code)
            return admit_error_set(err, ADMIT_ERULES, n->file, n->where, "%s",
                                   TR("tên trường quá dài", "field name too long"));
        enum admit_status status = add_name(n, code, vi, en, err);
        if (status != ADMIT_OK)
            return status;
    }
    n->where[0] = '\0';
    return ADMIT_OK;
}

enum admit_status messages_add_schema_names(struct messages *m, const cJSON *schema,
                                            const char *file, struct admit_error *err)
{
    struct schema_names n = {.m = m, .file = file, .first = m->count};
    enum admit_status status = walk_schema(&n, schema, "", 0, 0, err);
    if (status == ADMIT_OK)
        status = add_sections(&n, schema, err);
    for (size_t i = 0; i < n.flat_count && status == ADMIT_OK; i++) {
        char code[320];
        const struct flat_label *f = &n.flat[i];
        int len = snprintf(code, sizeof code, "label.%s", f->value);
        if (!f->conflict && len > 0 && (size_t)len < sizeof code)
            status = add_name(&n, code, f->vi, f->en, err);
    }
    free(n.flat);
    if (status == ADMIT_OK)
        status = sort_and_check(m, file, err);
    return status;
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

/*
 * The code keys below are written with memcpy, their lengths known, not with
 * snprintf (whose format parsing cost more than the lookup, for every outcome
 * of every dossier).  A key longer than its buffer is not looked up, as when
 * snprintf cut it: a cut key could name another message.
 */

const char *messages_for_rule(const struct messages *m, const char *rule, const char *code,
                              enum admit_lang lang)
{
    char full[192];
    size_t rule_len = strlen(rule), code_len = strlen(code);
    const char *text = NULL;
    if (rule_len + 1 + code_len < sizeof full) {
        memcpy(full, rule, rule_len);
        full[rule_len] = '.';
        memcpy(full + rule_len + 1, code, code_len + 1);
        text = messages_find(m, full, lang);
    }
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

/*
 * The text of an enumeration value held by fact `key`: code
 * "label.<key>.<value>" (the name the field's enumeration gives it), else
 * "label.<value>", else the value.
 */
static const char *label_of(const struct message_vars *vars, const char *key, const char *value,
                            enum admit_lang lang)
{
    static const char prefix[] = "label.";
    const size_t prefix_len = sizeof prefix - 1;
    char code[320];
    const char *text = NULL;
    if (vars == NULL || vars->catalog == NULL)
        return value;
    size_t key_len = strlen(key), value_len = strlen(value);
    memcpy(code, prefix, prefix_len);
    if (prefix_len + key_len + 1 + value_len < sizeof code) {
        memcpy(code + prefix_len, key, key_len);
        code[prefix_len + key_len] = '.';
        memcpy(code + prefix_len + key_len + 1, value, value_len + 1);
        text = messages_find(vars->catalog, code, lang);
    }
    if (text == NULL && prefix_len + value_len < sizeof code) {
        memcpy(code + prefix_len, value, value_len + 1);
        text = messages_find(vars->catalog, code, lang);
    }
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
    static const char prefix[] = "section.";
    const size_t prefix_len = sizeof prefix - 1;
    char code[160];
    const char *text = NULL;
    size_t key_len = strcspn(path, ".[");
    if (vars != NULL && vars->catalog != NULL && prefix_len + key_len < sizeof code) {
        memcpy(code, prefix, prefix_len);
        memcpy(code + prefix_len, path, key_len);
        code[prefix_len + key_len] = '\0';
        text = messages_find(vars->catalog, code, lang);
    }
    if (text != NULL)
        strbuf_addf(sb, "%s (%s)", text, path);
    else
        strbuf_puts(sb, path);
}

/* A fact's value as text; lists are joined with ", ". */
static void add_value(struct strbuf *sb, const char *key, const cJSON *v, const char *filter,
                      enum admit_lang lang, const struct message_vars *vars)
{
    if (cJSON_IsString(v)) {
        admit_day day;
        const char *s = v->valuestring;
        if (strcmp(filter, "date") == 0 && lang == ADMIT_LANG_VI &&
            date_parse(s, strlen(s), &day) == 0) {
            char text[DATE_TEXT_SIZE];
            strbuf_puts(sb, date_format_vi(day, text));
        } else if (strcmp(filter, "label") == 0) {
            strbuf_puts(sb, label_of(vars, key, s, lang));
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
            add_value(sb, key, item, filter, lang, vars);
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
            add_value(sb, key, vars->missing, filter, lang, vars);
            return;
        }
    }
    if (var != NULL) {
        strbuf_puts(sb, var);
        return;
    }
    const cJSON *v = facts ? cJSON_GetObjectItemCaseSensitive(facts, key) : NULL;
    if (v != NULL)
        add_value(sb, key, v, filter, lang, vars);
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
