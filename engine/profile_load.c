/*
 * profile_load.c - reading committee profiles and the "no loosening" checks
 * that need no Lua (docs/profiles.md).  Every violation of a load is
 * collected, so that a committee fixes its files in one pass.
 */
#include "profile_load.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dir_names.h"
#include "i18n.h"
#include "json_member.h"
#include "jsontext.h"
#include "pack_verify.h"
#include "schema.h"

/* Parameter values a profile may give: integers within this bound, so that
 * fractions cross-multiply exactly in long long. */
#define PARAM_VALUE_MAX 1000000000LL

/* A chain deeper than this is refused (it is a mistake, and bounds the walks). */
#define PROFILE_DEPTH_MAX PROFILE_CHAIN_MAX

struct profile_set {
    struct profile **items;
    size_t count, alloc;
};

/* -- small helpers -------------------------------------------------------- */

static void violation(struct strbuf *out, const char *file, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* One line "FILE: KEY: message". */
static void violation(struct strbuf *out, const char *file, const char *key, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    strbuf_addf(out, "%s: %s%s%s\n", file, key ? key : "", key ? ": " : "", msg);
}

/* The profile files of `dir` (*.json but pack.json), sorted.  A folder that
 * cannot be opened gives none, reported by the caller (*missing = 1).
 * Returns -1 when out of memory. */
static int list_profiles(const char *dir, char ***out, size_t *count, int *missing)
{
    int rc = dir_names(dir, ".json", out, count);
    *missing = rc == 1;
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    size_t kept = 0;
    for (size_t i = 0; i < *count; i++) {
        if (strcmp((*out)[i], "pack.json") == 0)
            free((*out)[i]);
        else
            (*out)[kept++] = (*out)[i];
    }
    *count = kept;
    return 0;
}

static void profile_free(struct profile *p)
{
    if (p == NULL)
        return;
    free(p->id);
    free(p->extends);
    free(p->committee);
    free(p->ns);
    free(p->source);
    free(p->file);
    free(p->dir);
    free(p->pack_name);
    free(p->pack_key_id);
    cJSON_Delete(p->doc);
    free(p);
}

void profile_set_free(struct profile_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->count; i++)
        profile_free(set->items[i]);
    free(set->items);
    free(set);
}

size_t profile_set_count(const struct profile_set *set) { return set ? set->count : 0; }

const struct profile *profile_set_at(const struct profile_set *set, size_t i)
{
    return set && i < set->count ? set->items[i] : NULL;
}

const struct profile *profile_set_find(const struct profile_set *set, const char *id)
{
    for (size_t i = 0; set && i < set->count; i++)
        if (strcmp(set->items[i]->id, id) == 0)
            return set->items[i];
    return NULL;
}

size_t profile_chain(const struct profile *p, const struct profile **chain, size_t max)
{
    size_t n = 0;
    for (const struct profile *q = p; q != NULL; q = q->parent)
        n++;
    if (n > max)
        n = max;
    size_t i = n;
    for (const struct profile *q = p; q != NULL && i > 0; q = q->parent)
        chain[--i] = q;
    return n;
}

int profile_in_force(const struct profile *p, admit_day day)
{
    return day >= p->from && day <= p->until;
}

int profile_meets_edition(const struct profile *p, const struct rulebook *book, size_t e)
{
    admit_day start = rulebook_edition(book, e)->from;
    admit_day end = e + 1 < rulebook_edition_count(book) ? rulebook_edition(book, e + 1)->from - 1
                                                         : PROFILE_ALWAYS_UNTIL;
    return start <= p->until && end >= p->from;
}

const cJSON *profile_param_value(const struct profile *p, const struct rulebook *book,
                                 const char *name, size_t e, const struct profile **set_by)
{
    for (const struct profile *q = p; q != NULL; q = q->parent) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(q->params, name);
        if (v != NULL && profile_meets_edition(q, book, e)) {
            *set_by = q;
            return v;
        }
    }
    *set_by = NULL;
    const struct param *param = rulebook_param(book, name);
    return param ? rulebook_param_value(param, e) : NULL;
}

const struct profile *profile_set_select(const struct profile_set *set,
                                         const cJSON *committee_path, admit_day day)
{
    const struct profile *best = NULL;
    int best_at = -1, at = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, committee_path) {
        if (cJSON_IsString(c))
            for (size_t i = 0; set && i < set->count; i++) {
                const struct profile *p = set->items[i];
                if (strcmp(p->committee, c->valuestring) == 0 && profile_in_force(p, day) &&
                    at >= best_at) {
                    best = p;
                    best_at = at;
                }
            }
        at++;
    }
    return best;
}

/* -- reading one file ----------------------------------------------------- */

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s != NULL)
        snprintf(s, n, "%s/%s", dir, name);
    return s;
}

/*
 * Read `dir/name`, validate it against the profile schema and add it to the
 * set.  A file that is not a valid profile is reported and skipped.
 * Returns -1 when out of memory.
 */
static int read_profile(struct profile_set *set, const struct schema *schema, const char *dir,
                        const char *name, struct strbuf *out)
{
    char *path = join(dir, name);
    cJSON *doc = NULL;
    struct admit_error e;
    if (path == NULL)
        return -1;
    admit_error_clear(&e);
    if (jsontext_read_file(path, &doc, &e) != ADMIT_OK) {
        char line[ADMIT_ERROR_MAX + 600];
        strbuf_addf(out, "%s\n", admit_error_format(&e, line, sizeof line));
        free(path);
        return e.status == ADMIT_ENOMEM ? -1 : 0;
    }
    struct schema_issues issues = {0};
    enum admit_status st = schema_validate_all(schema, doc, NULL, &issues, &e);
    for (size_t i = 0; i < issues.count; i++)
        violation(out, path, issues.items[i].path[0] ? issues.items[i].path : NULL, "%s",
                  issues.items[i].message);
    schema_issues_release(&issues);
    if (st != ADMIT_OK) {
        cJSON_Delete(doc);
        free(path);
        return st == ADMIT_ENOMEM ? -1 : 0;
    }
    struct profile *p = calloc(1, sizeof *p);
    if (p == NULL) {
        cJSON_Delete(doc);
        free(path);
        return -1;
    }
    p->doc = doc;
    p->file = path;
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(doc, "title");
    const cJSON *in_force = cJSON_GetObjectItemCaseSensitive(doc, "in_force");
    const char *id = json_string_member(doc, "id"), *ns = json_string_member(doc, "namespace");
    const char *committee = json_string_member(doc, "committee"), *source = json_string_member(doc, "source");
    p->id = strdup(id);
    p->extends = strdup(json_string_member(doc, "extends"));
    p->committee = strdup(committee ? committee : id);
    p->ns = strdup(ns ? ns : id);
    p->source = source ? strdup(source) : NULL;
    p->dir = strdup(dir);
    p->title_vi = json_string_member(title, "vi");
    p->title_en = json_string_member(title, "en");
    p->from = json_day(json_member(in_force, "from"), PROFILE_ALWAYS_FROM);
    p->until = json_day(json_member(in_force, "until"), PROFILE_ALWAYS_UNTIL);
    p->params = cJSON_GetObjectItemCaseSensitive(doc, "params");
    p->rules = cJSON_GetObjectItemCaseSensitive(doc, "rules");
    p->messages = cJSON_GetObjectItemCaseSensitive(doc, "messages");
    p->disable = cJSON_GetObjectItemCaseSensitive(doc, "disable");
    p->mandatory = cJSON_GetObjectItemCaseSensitive(doc, "mandatory");
    p->extension_schema = json_string_member(doc, "extension_schema");
    if (!p->id || !p->extends || !p->committee || !p->ns || (source && !p->source) || !p->dir) {
        profile_free(p);
        return -1;
    }
    if (set->count == set->alloc) {
        size_t next = set->alloc ? 2 * set->alloc : 16;
        struct profile **grown = realloc(set->items, next * sizeof *grown);
        if (grown == NULL) {
            profile_free(p);
            return -1;
        }
        set->items = grown;
        set->alloc = next;
    }
    set->items[set->count++] = p;
    return 0;
}

/* -- the checks ------------------------------------------------------------ */

/* Who fixed a value: a profile id or "central". */
static const char *who(const struct profile *p)
{
    return p ? p->id : "central";
}

enum value_kind { KIND_NONE, KIND_INTEGER, KIND_FRACTION, KIND_BOOLEAN };

static enum value_kind kind_of(const cJSON *v)
{
    if (cJSON_IsBool(v))
        return KIND_BOOLEAN;
    if (cJSON_IsNumber(v))
        return KIND_INTEGER;
    if (cJSON_IsObject(v) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(v, "num")) &&
        cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(v, "den")))
        return KIND_FRACTION;
    return KIND_NONE;
}

/* The kind of a parameter: that of its first value in any edition. */
static enum value_kind param_kind(const struct rulebook *book, const struct param *param)
{
    for (size_t e = 0; e < rulebook_edition_count(book); e++) {
        const cJSON *v = rulebook_param_value(param, e);
        if (v != NULL)
            return kind_of(v);
    }
    return KIND_NONE;
}

static const char *kind_name(enum value_kind k)
{
    switch (k) {
    case KIND_INTEGER: return TR("một số nguyên", "an integer");
    case KIND_FRACTION: return TR("một phân số {num, den}", "a fraction {num, den}");
    case KIND_BOOLEAN: return TR("true hoặc false", "true or false");
    default: return "?";
    }
}

/* The value as a numerator and denominator (booleans as 0/1). */
static void as_fraction(const cJSON *v, long long *num, long long *den)
{
    if (cJSON_IsBool(v)) {
        *num = cJSON_IsTrue(v);
        *den = 1;
    } else if (cJSON_IsNumber(v)) {
        *num = (long long)v->valuedouble;
        *den = 1;
    } else {
        *num = (long long)cJSON_GetObjectItemCaseSensitive(v, "num")->valuedouble;
        *den = (long long)cJSON_GetObjectItemCaseSensitive(v, "den")->valuedouble;
    }
}

static void value_text(const cJSON *v, char *buf, size_t size)
{
    long long num, den;
    as_fraction(v, &num, &den);
    if (cJSON_IsBool(v))
        snprintf(buf, size, "%s", num ? "true" : "false");
    else if (cJSON_IsNumber(v))
        snprintf(buf, size, "%lld", num);
    else
        snprintf(buf, size, "%lld/%lld", num, den);
}

static int in_range(const cJSON *v)
{
    long long num, den;
    if (cJSON_IsNumber(v) && (v->valuedouble > PARAM_VALUE_MAX || v->valuedouble < -PARAM_VALUE_MAX))
        return 0;
    if (kind_of(v) == KIND_FRACTION) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(v, "num");
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(v, "den");
        if (n->valuedouble > PARAM_VALUE_MAX || d->valuedouble > PARAM_VALUE_MAX)
            return 0;
    }
    as_fraction(v, &num, &den);
    return den > 0;
}

/* 1 when `next` is as tight as `old` or tighter in `direction` (exact for fractions). */
static int tightens(const cJSON *next, const cJSON *old, enum param_direction direction)
{
    long long a, b, c, d;
    as_fraction(next, &a, &b);
    as_fraction(old, &c, &d);
    long long left = a * d, right = c * b;   /* a/b vs c/d, b and d > 0 */
    return direction == PARAM_UP ? left >= right : left <= right;
}

static void check_params(const struct profile *p, const struct rulebook *book, struct strbuf *out)
{
    const cJSON *v;
    char key[256], now[64], before[64];
    cJSON_ArrayForEach(v, p->params) {
        snprintf(key, sizeof key, "params.%s", v->string);
        const struct param *param = rulebook_param(book, v->string);
        if (param == NULL) {
            violation(out, p->file, key, "%s",
                      TR("không có tham số này trong rules/params.json",
                         "no such parameter in rules/params.json"));
            continue;
        }
        if (param->direction == PARAM_FIXED) {
            violation(out, p->file, key,
                      TR("central cố định tham số này (hướng —): hồ sơ cấp ủy không được đổi",
                         "fixed by central (direction —): a profile cannot set it"));
            continue;
        }
        enum value_kind kind = param_kind(book, param);
        if (kind == KIND_NONE)   /* unset centrally in every edition: integer by default */
            kind = cJSON_IsBool(v) ? KIND_BOOLEAN : kind_of(v);
        if (kind_of(v) != kind || !in_range(v)) {
            violation(out, p->file, key, TR("cần %s (kiểu của tham số)", "expected %s (the parameter's type)"),
                      kind_name(kind));
            continue;
        }
        value_text(v, now, sizeof now);
        /* One line per value replaced, naming every edition where it holds. */
        char editions[256] = "", last[64] = "";
        const struct profile *last_by = NULL;
        for (size_t e = 0; e <= rulebook_edition_count(book); e++) {
            const struct profile *set_by = NULL;
            const cJSON *old = NULL;
            int loosens = 0;
            if (e < rulebook_edition_count(book) && profile_meets_edition(p, book, e)) {
                old = profile_param_value(p->parent, book, v->string, e, &set_by);
                loosens = old != NULL && kind_of(old) == kind && !tightens(v, old, param->direction);
            }
            if (loosens) {
                value_text(old, before, sizeof before);
                if (editions[0] && set_by == last_by && strcmp(before, last) == 0) {
                    size_t used = strlen(editions);
                    snprintf(editions + used, sizeof editions - used, ", %s", rulebook_edition(book, e)->id);
                    continue;
                }
            }
            if (editions[0])
                violation(out, p->file, key,
                          TR("%s nới lỏng giá trị %s của %s (ấn bản %s; hướng %s: %s)",
                             "%s loosens %s's %s (edition %s; direction %s: %s)"),
                          now, i18n_lang() == ADMIT_LANG_EN ? who(last_by) : last,
                          i18n_lang() == ADMIT_LANG_EN ? last : who(last_by), editions,
                          param->direction == PARAM_UP ? "up" : "down",
                          param->direction == PARAM_UP
                              ? TR("chỉ giá trị cao hơn mới chặt hơn", "only higher values tighten")
                              : TR("chỉ giá trị thấp hơn mới chặt hơn", "only lower values tighten"));
            editions[0] = '\0';
            if (loosens) {
                snprintf(editions, sizeof editions, "%s", rulebook_edition(book, e)->id);
                snprintf(last, sizeof last, "%s", before);
                last_by = set_by;
            }
        }
    }
}

/* 1 when `id` belongs to namespace `ns` ("ns.name"). */
static int in_namespace(const char *id, const char *ns)
{
    size_t n = strlen(ns);
    return strncmp(id, ns, n) == 0 && id[n] == '.' && id[n + 1] != '\0';
}

/* 1 when `ns` is a topic of the central rulebook ("age" of "age.min"). */
static int central_topic(const struct rulebook *book, const char *ns)
{
    for (size_t i = 0; i < rulebook_catalog_count(book); i++)
        if (in_namespace(rulebook_catalog_at(book, i)->id, ns))
            return 1;
    return 0;
}

/* 1 when `id` ("age.min", "age.other") lies in a topic of the central rulebook. */
static int central_topic_of(const struct rulebook *book, const char *id)
{
    const char *dot = strchr(id, '.');
    char topic[128];
    if (dot == NULL || (size_t)(dot - id) >= sizeof topic)
        return 0;
    snprintf(topic, sizeof topic, "%.*s", (int)(dot - id), id);
    return central_topic(book, topic);
}

static int listed(const cJSON *list, const char *id)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
        if (cJSON_IsString(item) && strcmp(item->valuestring, id) == 0)
            return 1;
    return 0;
}

static void check_disable(const struct profile *p, const struct rulebook *book, struct strbuf *out)
{
    const cJSON *d;
    int i = 0;
    char key[64];
    cJSON_ArrayForEach(d, p->disable) {
        const char *rule = json_string_member(d, "rule");
        snprintf(key, sizeof key, "disable[%d].rule", i++);
        const struct profile *owner = NULL;
        for (const struct profile *q = p->parent; q != NULL && owner == NULL; q = q->parent)
            if (in_namespace(rule, q->ns))
                owner = q;
        if (rulebook_catalog_find(book, rule) >= 0 || (owner == NULL && central_topic_of(book, rule))) {
            violation(out, p->file, key,
                      TR("%s là quy tắc của central: mọi quy tắc trung ương đều bắt buộc, không được tắt",
                         "%s is a central rule: central rules are all mandatory and cannot be disabled"),
                      rule);
        } else if (owner == NULL) {
            violation(out, p->file, key,
                      TR("%s không phải quy tắc của một hồ sơ cấp trên (chỉ tắt được quy tắc được kế thừa)",
                         "%s is not a rule of an ancestor profile (only inherited rules can be disabled)"),
                      rule);
        } else if (listed(owner->mandatory, rule)) {
            violation(out, p->file, key,
                      TR("%s bắt buộc theo %s (mandatory): cấp dưới không được tắt",
                         "%s is mandatory in %s: descendants cannot disable it"),
                      rule, owner->id);
        }
    }
}

/* A relative path that stays inside the profile's folder and names a file. */
static void check_file(const struct profile *p, const char *key, const char *rel, struct strbuf *out)
{
    struct stat st;
    if (strstr(rel, "..") != NULL || rel[0] == '/') {
        violation(out, p->file, key, TR("\"%s\" phải nằm trong thư mục của hồ sơ",
                                        "\"%s\" must stay inside the profile's folder"), rel);
        return;
    }
    char *path = join(p->dir, rel);
    if (path != NULL && (stat(path, &st) != 0 || !S_ISREG(st.st_mode)))
        violation(out, p->file, key, TR("không có tệp %s", "no file %s"), path);
    free(path);
}

/* Message files: both texts of each code, codes in the namespace. */
static void check_messages(const struct profile *p, struct strbuf *out)
{
    const cJSON *m;
    int i = 0;
    char key[64];
    cJSON_ArrayForEach(m, p->messages) {
        snprintf(key, sizeof key, "messages[%d]", i++);
        size_t before = out->len;
        check_file(p, key, m->valuestring, out);
        if (out->len != before)
            continue;
        char *path = join(p->dir, m->valuestring);
        cJSON *doc = NULL;
        struct admit_error e;
        if (path == NULL)
            continue;
        if (jsontext_read_file(path, &doc, &e) != ADMIT_OK) {
            char line[ADMIT_ERROR_MAX + 600];
            strbuf_addf(out, "%s\n", admit_error_format(&e, line, sizeof line));
        } else if (!cJSON_IsObject(doc)) {
            violation(out, path, NULL, "%s", TR("cần một đối tượng {mã: {vi, en}}",
                                                "expected an object {code: {vi, en}}"));
        } else {
            const cJSON *entry;
            cJSON_ArrayForEach(entry, doc) {
                if (entry->string[0] == '$')
                    continue;
                const char *vi = json_string_member(entry, "vi"), *en = json_string_member(entry, "en");
                if (!vi || !en || !vi[0] || !en[0])
                    violation(out, path, entry->string, "%s",
                              TR("cần cả hai văn bản \"vi\" và \"en\" không rỗng",
                                 "expected both non-empty texts \"vi\" and \"en\""));
                else if (!in_namespace(entry->string, p->ns))
                    violation(out, path, entry->string,
                              TR("mã thông điệp phải thuộc không gian tên \"%s.\" của hồ sơ",
                                 "message codes must be in the profile's namespace \"%s.\""),
                              p->ns);
            }
        }
        cJSON_Delete(doc);
        free(path);
    }
}

static void check_profile(const struct profile *p, const struct rulebook *book, struct strbuf *out)
{
    const cJSON *item;
    int i = 0;
    char key[64];
    if (p->from > p->until)
        violation(out, p->file, "in_force", "%s",
                  TR("\"until\" trước \"from\"", "\"until\" is before \"from\""));
    if (central_topic(book, p->ns))
        violation(out, p->file, "namespace",
                  TR("\"%s\" là không gian tên của central", "\"%s\" is a namespace of central"),
                  p->ns);
    for (const struct profile *q = p->parent; q != NULL; q = q->parent)
        if (strcmp(q->ns, p->ns) == 0)
            violation(out, p->file, "namespace",
                      TR("\"%s\" đã là không gian tên của %s", "\"%s\" is already the namespace of %s"),
                      p->ns, q->id);
    check_params(p, book, out);
    check_disable(p, book, out);
    cJSON_ArrayForEach(item, p->mandatory) {
        snprintf(key, sizeof key, "mandatory[%d]", i++);
        if (!in_namespace(item->valuestring, p->ns))
            violation(out, p->file, key,
                      TR("%s không phải quy tắc của hồ sơ này (không gian tên \"%s.\")",
                         "%s is not a rule of this profile (namespace \"%s.\")"),
                      item->valuestring, p->ns);
    }
    i = 0;
    cJSON_ArrayForEach(item, p->rules) {
        snprintf(key, sizeof key, "rules[%d]", i++);
        check_file(p, key, item->valuestring, out);
    }
    check_messages(p, out);
    if (p->extension_schema != NULL) {
        size_t before = out->len;
        check_file(p, "extension_schema", p->extension_schema, out);
        char *path = join(p->dir, p->extension_schema);
        struct schema *s = NULL;
        struct admit_error e;
        if (out->len == before && path != NULL && schema_load(path, &s, &e) != ADMIT_OK) {
            char line[ADMIT_ERROR_MAX + 600];
            strbuf_addf(out, "%s\n", admit_error_format(&e, line, sizeof line));
        }
        schema_free(s);
        free(path);
    }
}

/* Link every profile to its parent; report missing parents and cycles. */
static void link_parents(struct profile_set *set, struct strbuf *out)
{
    for (size_t i = 0; i < set->count; i++) {
        struct profile *p = set->items[i];
        if (strcmp(p->extends, "central") != 0) {
            p->parent = profile_set_find(set, p->extends);
            if (p->parent == NULL)
                violation(out, p->file, "extends",
                          TR("không có hồ sơ cấp trên \"%s\"", "no parent profile \"%s\""),
                          p->extends);
        }
    }
    for (size_t i = 0; i < set->count; i++) {
        struct profile *p = set->items[i];
        size_t depth = 0;
        const struct profile *q = p;
        while (q != NULL && depth <= PROFILE_DEPTH_MAX) {
            depth++;
            q = q->parent;
            if (q == p)
                break;
        }
        if (q == p || depth > PROFILE_DEPTH_MAX) {
            violation(out, p->file, "extends",
                      TR("chuỗi \"extends\" lặp vòng hoặc sâu quá %d cấp",
                         "the \"extends\" chain is a cycle or deeper than %d levels"),
                      PROFILE_DEPTH_MAX);
            p->depth = 0;
        } else {
            p->depth = depth;
        }
    }
}

/* 1 when p's chain reaches central through profiles that all linked. */
static int chain_ok(const struct profile *p)
{
    if (p->depth == 0)
        return 0;
    for (const struct profile *q = p; q != NULL; q = q->parent)
        if (q->parent == NULL && strcmp(q->extends, "central") != 0)
            return 0;
    return 1;
}

static enum admit_status read_dir(struct profile_set *set, const struct schema *schema,
                                  const char *dir, int required, const struct profile_sources *src,
                                  struct strbuf *out, struct admit_error *err)
{
    char **names;
    size_t count;
    int missing;
    struct pack_info pack;
    int from_pack = 0;
    if (pack_present(dir) && (src->unverified_dir == NULL || strcmp(dir, src->unverified_dir) != 0)) {
        struct admit_error e;
        admit_error_clear(&e);
        enum admit_status st = pack_verify(dir, src->trust_dirs, src->trust_count, &pack, &e);
        if (st == ADMIT_ENOMEM)
            return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
        if (st != ADMIT_OK) {
            char line[ADMIT_ERROR_MAX + 600];
            strbuf_addf(out, "%s %s: %s\n", TR("gói", "pack"), dir, admit_error_format(&e, line, sizeof line));
            return ADMIT_OK;   /* none of its profiles is loaded */
        }
        from_pack = 1;
    }
    if (src->require_signed && !from_pack) {
        violation(out, dir, NULL, "%s",
                  TR("không phải gói đã ký và xác minh (--require-signed)",
                     "not a signed and verified pack (--require-signed)"));
        return ADMIT_OK;
    }
    if (list_profiles(dir, &names, &count, &missing) != 0)
        return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
    if (missing && required)
        violation(out, dir, NULL, "%s", TR("không mở được thư mục hồ sơ cấp ủy",
                                           "cannot open the profiles folder"));
    for (size_t i = 0; i < count; i++) {
        size_t before = set->count;
        if (read_profile(set, schema, dir, names[i], out) != 0) {
            for (size_t k = i; k < count; k++)
                free(names[k]);
            free(names);
            return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
        }
        if (set->count > before) {
            struct profile *p = set->items[set->count - 1];
            if (from_pack) {
                p->pack_name = strdup(pack.name);
                p->pack_key_id = strdup(pack.key_id);
                p->pack_revision = pack.revision;
                if (p->pack_name == NULL || p->pack_key_id == NULL) {
                    for (size_t k = i; k < count; k++)
                        free(names[k]);
                    free(names);
                    return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
                }
            }
            size_t n = strlen(names[i]) - 5;
            if (strncmp(p->id, names[i], n) != 0 || p->id[n] != '\0')
                violation(out, p->file, "id",
                          TR("\"%s\" phải trùng tên tệp (không có .json)",
                             "\"%s\" must equal the file name without .json"),
                          p->id);
            if (strcmp(p->id, "central") == 0)
                violation(out, p->file, "id", "%s",
                          TR("\"central\" là bộ quy tắc trung ương, không phải tên hồ sơ",
                             "\"central\" is the central rulebook, not a profile id"));
            for (size_t k = 0; k < before; k++)
                if (strcmp(set->items[k]->id, p->id) == 0)
                    violation(out, p->file, "id",
                              TR("\"%s\" cũng là id của %s", "\"%s\" is also the id of %s"), p->id,
                              set->items[k]->file);
        }
        free(names[i]);
    }
    free(names);
    return ADMIT_OK;
}

enum admit_status profile_set_load(const struct profile_sources *src, const struct rulebook *book,
                                   struct profile_set **out, struct strbuf *violations,
                                   struct admit_error *err)
{
    struct profile_set *set = calloc(1, sizeof *set);
    struct schema *schema = NULL;
    char path[1024];
    enum admit_status status;

    *out = NULL;
    if (set == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
    /* The schema is read only when there is a profile to check (an installed
     * layout without profiles needs none). */
    size_t files = 0;
    for (size_t i = 0; i <= src->dir_count; i++) {
        const char *dir = i < src->dir_count ? src->dirs[i] : src->require_signed ? NULL : src->shipped_dir;
        char **names;
        size_t count;
        int missing;
        if (dir != NULL && list_profiles(dir, &names, &count, &missing) == 0) {
            files += count;
            for (size_t k = 0; k < count; k++)
                free(names[k]);
            free(names);
        }
    }
    status = ADMIT_OK;
    if (files > 0) {
        snprintf(path, sizeof path, "%s/profile.schema.json", src->schemas_dir);
        status = schema_load(path, &schema, err);
        if (status != ADMIT_OK && status != ADMIT_ENOMEM)
            status = err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES;
    }
    for (size_t i = 0; i < src->dir_count && status == ADMIT_OK; i++)
        status = read_dir(set, schema, src->dirs[i], 1, src, violations, err);
    if (status == ADMIT_OK && src->shipped_dir != NULL && !src->require_signed)
        status = read_dir(set, schema, src->shipped_dir, 0, src, violations, err);
    schema_free(schema);
    if (status == ADMIT_OK) {
        link_parents(set, violations);
        for (size_t i = 0; i < set->count; i++)
            if (chain_ok(set->items[i]))
                check_profile(set->items[i], book, violations);
    }
    if (status == ADMIT_OK && violations->len > 0) {
        const char *nl = strchr(violations->buf, '\n');
        status = admit_error_set(err, ADMIT_ERULES, NULL, NULL, "%.*s",
                                 (int)(nl ? nl - violations->buf : (long)violations->len),
                                 violations->buf);
    }
    if (status != ADMIT_OK) {
        profile_set_free(set);
        return status;
    }
    *out = set;
    return ADMIT_OK;
}

enum admit_status profile_validate_extensions(const struct profile *p, cJSON *root,
                                              struct admit_error *err)
{
    for (const struct profile *q = p; q != NULL; q = q->parent) {
        if (q->extension_schema == NULL)
            continue;
        char key[128];
        snprintf(key, sizeof key, "x_%s", q->ns);
        cJSON *ext = cJSON_GetObjectItemCaseSensitive(root, key);
        if (ext == NULL)
            continue;   /* absent: the profile's rules say what is missing */
        char *path = join(q->dir, q->extension_schema);
        struct schema *s = NULL;
        if (path == NULL)
            return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "out of memory");
        enum admit_status status = schema_load(path, &s, err);
        if (status == ADMIT_OK) {
            status = schema_validate(s, ext, err);
            if (status == ADMIT_EINPUT) {   /* the path from the dossier's root */
                char full[sizeof err->path + sizeof key + 2];
                snprintf(full, sizeof full, "%s%s%s", key,
                         err->path[0] && err->path[0] != '[' ? "." : "", err->path);
                snprintf(err->path, sizeof err->path, "%.*s", (int)sizeof err->path - 1, full);
            }
        } else if (status != ADMIT_ENOMEM) {
            status = err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES;
        }
        schema_free(s);
        free(path);
        if (status != ADMIT_OK)
            return status;
    }
    return ADMIT_OK;
}
