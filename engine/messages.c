/* messages.c - message catalog and template expansion. */
#include "messages.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "decimal.h"
#include "dir_names.h"
#include "jsontext.h"
#include "strbuf.h"

struct message {
    const char *code;
    const char *text[2];     /* indexed by enum admit_lang */
};

/* A slot of a code_index: empty when `code` is NULL. */
struct code_slot {
    const char *code;
    uint32_t hash;           /* hash_code(code, strlen(code)) */
    size_t item;             /* the code's place in the array indexed */
};

/*
 * A hash table of codes (open addressing, linear probing), never more than
 * half full so that a probe always ends on an empty slot.  It keeps pointers
 * to the codes, which must outlive it, and the place of each in an array
 * that may grow (the places stay valid; pointers into it would not).
 */
struct code_index {
    struct code_slot *slots;
    size_t size;             /* 0 or a power of two */
    size_t used;
};

struct messages {
    cJSON **docs;            /* the parsed files; texts point into them */
    size_t doc_count;
    struct message *items;   /* in the order loaded; codes unique once checked */
    size_t count, capacity;
    struct code_index index; /* every code of items, for messages_find */
    char **owned;            /* blocks of a code and its texts copied from the dossier schema */
    size_t owned_count, owned_capacity;
};

/*
 * `array` (*capacity elements of `size` bytes) with room for `needed`: grown
 * by doubling, so that adding one element at a time costs linear time in
 * all; never NULL unless out of memory, when `array` is left as it was.
 */
static void *reserve(void *array, size_t *capacity, size_t needed, size_t size)
{
    if (array != NULL && needed <= *capacity)
        return array;
    size_t grown = *capacity > 16 ? *capacity : 16;
    while (grown < needed) {
        if (grown > SIZE_MAX / 2 / size)
            return NULL;
        grown *= 2;
    }
    void *moved = realloc(array, grown * size);
    if (moved != NULL)
        *capacity = grown;
    return moved;
}

/*
 * The hash of the `len` bytes of `code`, eight at a time.  Which hash does
 * not change an answer (code_index compares the codes themselves), only how
 * many slots a lookup probes: codes share long prefixes ("label.", a rule's
 * id), so every byte must reach the low bits the slot is chosen by.
 */
static uint32_t hash_code(const char *code, size_t len)
{
    const uint64_t odd = 0x9E3779B97F4A7C15u;   /* 2^64 / golden ratio */
    uint64_t hash = len * odd;
    for (; len >= 8; code += 8, len -= 8) {
        uint64_t word;
        memcpy(&word, code, 8);
        hash = (hash ^ word) * odd;
        hash ^= hash >> 32;
    }
    if (len > 0) {
        uint64_t word = 0;
        memcpy(&word, code, len);
        hash = (hash ^ word) * odd;
    }
    hash ^= hash >> 33;   /* the finaliser of MurmurHash3 */
    hash *= 0xFF51AFD7ED558CCDu;
    hash ^= hash >> 33;
    return (uint32_t)hash;
}

/*
 * The slot of the code made of the `len` bytes at `code` (none of them NUL;
 * no terminator needed), whose hash_code is `hash`, or NULL when the index
 * lacks it.
 */
static const struct code_slot *index_find(const struct code_index *ix, const char *code,
                                          size_t len, uint32_t hash)
{
    if (ix->size == 0)
        return NULL;
    for (size_t i = hash & (ix->size - 1);; i = (i + 1) & (ix->size - 1)) {
        const struct code_slot *slot = &ix->slots[i];
        if (slot->code == NULL)
            return NULL;
        if (slot->hash == hash && strncmp(slot->code, code, len) == 0 && slot->code[len] == '\0')
            return slot;
    }
}

/* Put `slot` in the first empty slot of its probe sequence. */
static void index_place(struct code_slot *slots, size_t size, struct code_slot slot)
{
    size_t i = slot.hash & (size - 1);
    while (slots[i].code != NULL)
        i = (i + 1) & (size - 1);
    slots[i] = slot;
}

/* Room for `count` codes in all; -1 when out of memory (the index unchanged). */
static int index_reserve(struct code_index *ix, size_t count)
{
    size_t size = ix->size > 0 ? ix->size : 64;
    while (size / 2 < count) {
        if (size > SIZE_MAX / 2 / sizeof *ix->slots)
            return -1;
        size *= 2;
    }
    if (size == ix->size)
        return 0;
    struct code_slot *slots = calloc(size, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < ix->size; i++)
        if (ix->slots[i].code != NULL)
            index_place(slots, size, ix->slots[i]);
    free(ix->slots);
    ix->slots = slots;
    ix->size = size;
    return 0;
}

/* Add `code`, which the index lacks, at place `item`; -1 when out of memory. */
static int index_add(struct code_index *ix, const char *code, uint32_t hash, size_t item)
{
    if (index_reserve(ix, ix->used + 1) != 0)
        return -1;
    index_place(ix->slots, ix->size, (struct code_slot){code, hash, item});
    ix->used++;
    return 0;
}

static void index_free(struct code_index *ix)
{
    free(ix->slots);
    *ix = (struct code_index){NULL, 0, 0};
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

/* Add the message file at `path`, whose text is `text` (len bytes) when not
 * NULL, else read from the file. */
static enum admit_status add_file(struct messages *m, const char *path, const char *text,
                                  size_t len, struct admit_error *err)
{
    cJSON *doc = NULL;
    enum admit_status status = text != NULL ? jsontext_parse_file(path, text, len, &doc, err)
                                            : jsontext_read_file(path, &doc, err);
    if (status != ADMIT_OK)
        return status == ADMIT_ENOMEM ? status : (err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES);
    m->docs[m->doc_count++] = doc;
    if (!cJSON_IsObject(doc))
        return admit_error_set(err, ADMIT_ERULES, path, NULL, "%s",
                               TR("cần một đối tượng {mã: {vi, en}}",
                                  "expected an object {code: {vi, en}}"));
    size_t n = (size_t)cJSON_GetArraySize(doc);
    struct message *items = reserve(m->items, &m->capacity, m->count + n, sizeof *m->items);
    if (items == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, path, NULL, "out of memory");
    m->items = items;
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

/*
 * Add the codes of items[from..count) to m->index, which holds those before
 * them.  A code defined twice is an error naming `where` and, of all the codes
 * defined twice, the first in strcmp order (the one sorting the codes found
 * first).  After an error the catalog is only good for messages_free.
 */
static enum admit_status index_new_codes(struct messages *m, size_t from, const char *where,
                                         struct admit_error *err)
{
    const char *twice = NULL;
    if (index_reserve(&m->index, m->count) != 0)
        return admit_error_set(err, ADMIT_ENOMEM, where, NULL, "out of memory");
    for (size_t i = from; i < m->count; i++) {
        const char *code = m->items[i].code;
        size_t len = strlen(code);
        uint32_t hash = hash_code(code, len);
        if (index_find(&m->index, code, len, hash) != NULL) {
            if (twice == NULL || strcmp(code, twice) < 0)
                twice = code;
        } else if (index_add(&m->index, code, hash, i) != 0) {
            return admit_error_set(err, ADMIT_ENOMEM, where, NULL, "out of memory");
        }
    }
    if (twice != NULL)
        return admit_error_set(err, ADMIT_ERULES, where, twice, "%s",
                               TR("mã thông điệp được định nghĩa hai lần",
                                  "message code defined twice"));
    return ADMIT_OK;
}

/* messages_load, of the listed `files` when not NULL (count of them), else of
 * the folder's listing. */
static enum admit_status load(const char *dir, const struct messages_file *files, size_t count,
                              struct messages **out, struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    char **names = NULL;
    struct messages *m = calloc(1, sizeof *m);

    *out = NULL;
    if (m == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
    if (files == NULL)
        status = list_json(dir, &names, &count, err);
    if (status == ADMIT_OK) {
        m->docs = calloc(count ? count : 1, sizeof *m->docs);
        if (m->docs == NULL)
            status = admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
    }
    for (size_t i = 0; i < count && status == ADMIT_OK; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, files ? files[i].name : names[i]);
        status = add_file(m, path, files ? files[i].text : NULL, files ? files[i].len : 0, err);
    }
    dir_names_free(names, files ? 0 : count);
    if (status == ADMIT_OK)
        status = index_new_codes(m, 0, dir, err);
    if (status != ADMIT_OK) {
        messages_free(m);
        return status;
    }
    *out = m;
    return ADMIT_OK;
}

enum admit_status messages_load(const char *dir, struct messages **out, struct admit_error *err)
{
    return load(dir, NULL, 0, out, err);
}

enum admit_status messages_load_texts(const char *dir, const struct messages_file *files,
                                      size_t count, struct messages **out,
                                      struct admit_error *err)
{
    return load(dir, files, count, out, err);
}

void messages_free(struct messages *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->doc_count; i++)
        cJSON_Delete(m->docs[i]);
    free(m->docs);
    free(m->items);
    index_free(&m->index);
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
    struct code_index named;   /* the codes of m->items from `first` on */
    char where[512];           /* JSON pointer into the schema, for errors */
    struct flat_label *flat;   /* in the order first met */
    size_t flat_count, flat_capacity;
    struct code_index flat_values;   /* flat[].value, placed in flat */
};

static enum admit_status names_oom(const struct schema_names *n, struct admit_error *err)
{
    return admit_error_set(err, ADMIT_ENOMEM, n->file, NULL, "out of memory");
}

/*
 * Copy code `code` and its texts into one block the catalog owns, pointed to
 * by *msg; -1 when out of memory.
 */
static int own_name(struct messages *m, struct message *msg, const char *code, const char *vi,
                    const char *en)
{
    char **owned = reserve(m->owned, &m->owned_capacity, m->owned_count + 1, sizeof *m->owned);
    if (owned == NULL)
        return -1;
    m->owned = owned;
    size_t code_size = strlen(code) + 1, vi_size = strlen(vi) + 1, en_size = strlen(en) + 1;
    char *block = malloc(code_size + vi_size + en_size);
    if (block == NULL)
        return -1;
    m->owned[m->owned_count++] = block;
    msg->code = memcpy(block, code, code_size);
    msg->text[ADMIT_LANG_VI] = memcpy(block + code_size, vi, vi_size);
    msg->text[ADMIT_LANG_EN] = memcpy(block + code_size + vi_size, en, en_size);
    return 0;
}

/*
 * Add code `code` with its two texts.  The same code given twice by the
 * schema with the same texts is one code (the field "method" of two vote
 * kinds); with other texts it is an error.  Only the schema's own codes are
 * compared here (n->named): one also defined by a messages file is found
 * when all are indexed (index_new_codes).
 */
static enum admit_status add_name(struct schema_names *n, const char *code, const char *vi,
                                  const char *en, struct admit_error *err)
{
    struct messages *m = n->m;
    size_t len = strlen(code);
    uint32_t hash = hash_code(code, len);
    const struct code_slot *same = index_find(&n->named, code, len, hash);
    if (same != NULL) {
        const struct message *named = &m->items[same->item];
        if (strcmp(named->text[ADMIT_LANG_VI], vi) == 0 &&
            strcmp(named->text[ADMIT_LANG_EN], en) == 0)
            return ADMIT_OK;
        return admit_error_set(err, ADMIT_ERULES, n->file, n->where,
                               TR("\"%s\" được đặt hai tên khác nhau trong lược đồ",
                                  "\"%s\" is given two different names in the schema"),
                               code);
    }
    struct message *items = reserve(m->items, &m->capacity, m->count + 1, sizeof *m->items);
    if (items == NULL)
        return names_oom(n, err);
    m->items = items;
    struct message *msg = &m->items[m->count];
    if (own_name(m, msg, code, vi, en) != 0 || index_add(&n->named, msg->code, hash, m->count) != 0)
        return names_oom(n, err);
    m->count++;
    return ADMIT_OK;
}

/* Note the name an enumeration gives `value`, for the unqualified "label.<value>". */
static void note_flat(struct schema_names *n, const char *value, const char *vi, const char *en,
                      int *oom)
{
    size_t len = strlen(value);
    uint32_t hash = hash_code(value, len);
    const struct code_slot *seen = index_find(&n->flat_values, value, len, hash);
    if (seen != NULL) {
        struct flat_label *f = &n->flat[seen->item];
        f->conflict |= strcmp(f->vi, vi) != 0 || strcmp(f->en, en) != 0;
        return;
    }
    struct flat_label *flat = reserve(n->flat, &n->flat_capacity, n->flat_count + 1, sizeof *n->flat);
    if (flat == NULL) {
        *oom = 1;
        return;
    }
    n->flat = flat;
    if (index_add(&n->flat_values, value, hash, n->flat_count) != 0) {
        *oom = 1;
        return;
    }
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
    index_free(&n.flat_values);
    index_free(&n.named);
    if (status == ADMIT_OK)
        status = index_new_codes(m, n.first, file, err);
    return status;
}

size_t messages_count(const struct messages *m)
{
    return m->count;
}

/* The template of the code made of the `len` bytes at `code` (index_find), in
 * `lang`, or NULL when the code is unknown. */
static const char *find_text(const struct messages *m, const char *code, size_t len,
                             enum admit_lang lang)
{
    const struct code_slot *slot = index_find(&m->index, code, len, hash_code(code, len));
    return slot != NULL ? m->items[slot->item].text[lang] : NULL;
}

const char *messages_find(const struct messages *m, const char *code, enum admit_lang lang)
{
    return find_text(m, code, strlen(code), lang);
}

/*
 * The code keys below are written with memcpy, their lengths known, not with
 * snprintf (whose format parsing cost more than the lookup, for every outcome
 * of every dossier), and without a terminator (find_text takes the length).
 * A key that with a terminator would not fit its buffer is not looked up, as
 * when snprintf cut it: a cut key could name another message.
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
        memcpy(full + rule_len + 1, code, code_len);
        text = find_text(m, full, rule_len + 1 + code_len, lang);
    }
    return text ? text : find_text(m, code, code_len, lang);
}

/*
 * `value` in decimal, as printf's "%lld" writes it: numbers are written this
 * way for every fact of every message, and strbuf_addf parsed its format
 * each time.
 */
static void add_integer(struct strbuf *sb, long long value)
{
    char digits[DECIMAL_MAX];
    char *end = digits + sizeof digits, *start = decimal_digits(decimal_magnitude(value), end);
    if (value < 0)
        *--start = '-';
    strbuf_add(sb, start, (size_t)(end - start));
}

/* Months as "17 tuổi 11 tháng" / "17 years 11 months". */
static void add_age(struct strbuf *sb, double months_value, enum admit_lang lang)
{
    long months = (long)months_value, years = months / 12, rest = months % 12;
    add_integer(sb, years);
    if (lang == ADMIT_LANG_EN) {
        strbuf_puts(sb, years == 1 ? " year" : " years");
        if (rest) {
            strbuf_puts(sb, " ");
            add_integer(sb, rest);
            strbuf_puts(sb, rest == 1 ? " month" : " months");
        }
    } else {
        strbuf_puts(sb, " tuổi");
        if (rest) {
            strbuf_puts(sb, " ");
            add_integer(sb, rest);
            strbuf_puts(sb, " tháng");
        }
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
        memcpy(code + prefix_len + key_len + 1, value, value_len);
        text = find_text(vars->catalog, code, prefix_len + key_len + 1 + value_len, lang);
    }
    if (text == NULL && prefix_len + value_len < sizeof code) {
        memcpy(code + prefix_len, value, value_len);
        text = find_text(vars->catalog, code, prefix_len + value_len, lang);
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
        text = find_text(vars->catalog, code, prefix_len + key_len, lang);
    }
    if (text != NULL) {   /* "<text> (<path>)" */
        strbuf_puts(sb, text);
        strbuf_puts(sb, " (");
        strbuf_puts(sb, path);
        strbuf_puts(sb, ")");
    } else {
        strbuf_puts(sb, path);
    }
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
            add_integer(sb, (long long)v->valuedouble);
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
    size_t first = m->count;
    enum admit_status status = add_file(m, path, NULL, 0, err);
    if (status != ADMIT_OK)
        return status;
    return index_new_codes(m, first, path, err);
}

/* -- the shipped rulebook's image (rulebook_image.h) ---------------------- */

void messages_entry(const struct messages *m, size_t i, struct message_text *out)
{
    const struct message *msg = &m->items[i];
    *out = (struct message_text){msg->code, msg->text[ADMIT_LANG_VI], msg->text[ADMIT_LANG_EN]};
}

enum admit_status messages_from_entries(const struct message_text *entries, size_t count,
                                        const char *where, struct messages **out,
                                        struct admit_error *err)
{
    struct messages *m = calloc(1, sizeof *m);
    *out = NULL;
    if (m == NULL || (m->items = malloc((count ? count : 1) * sizeof *m->items)) == NULL) {
        messages_free(m);
        return admit_error_set(err, ADMIT_ENOMEM, where, NULL, "out of memory");
    }
    m->capacity = count ? count : 1;
    for (size_t i = 0; i < count; i++)
        m->items[i] = (struct message){entries[i].code, {entries[i].vi, entries[i].en}};
    m->count = count;
    enum admit_status status = index_new_codes(m, 0, where, err);
    if (status != ADMIT_OK) {
        messages_free(m);
        return status;
    }
    *out = m;
    return ADMIT_OK;
}
