/*
 * schema.c - compile JSON Schema draft-07 documents and validate instances.
 *
 * A schema document is compiled once into a graph of `struct sch` nodes:
 * property names and string enums hashed, regexes compiled, $refs resolved
 * to node pointers.  Validation then walks instance and graph together without
 * allocating; only a failure is described in words, once, at the end.
 *
 * Why a validator of our own: the engine needs the first violation with a
 * path in result.md notation and a message in the user's language, and date
 * strings turned into day numbers on the way (schema.h, SCHEMA_DATE_MARK).
 * Why so few keywords: every keyword a schema uses must be enforced, so the
 * set is the one schemas/ needs, and anything else is refused at load time.
 */
#include "schema.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "i18n.h"
#include "input.h"
#include "suggest.h"

/* ---------------------------------------------------------------------------
 * Compiled form
 */

/* Instance types as bits; a number with no fractional part is also T_INTEGER. */
enum {
    T_NULL = 1 << 0,
    T_BOOLEAN = 1 << 1,
    T_OBJECT = 1 << 2,
    T_ARRAY = 1 << 3,
    T_NUMBER = 1 << 4,
    T_STRING = 1 << 5,
    T_INTEGER = 1 << 6
};

static const struct {
    const char *name;
    unsigned bit;
    const char *en;  /* with its article, for "expected a string" */
    const char *vi;
} type_names[] = {
    {"null", T_NULL, "null", "null"},
    {"boolean", T_BOOLEAN, "a boolean", "giá trị true/false"},
    {"object", T_OBJECT, "an object", "đối tượng"},
    {"array", T_ARRAY, "an array", "mảng"},
    {"number", T_NUMBER, "a number", "số"},
    {"string", T_STRING, "a string", "chuỗi"},
    {"integer", T_INTEGER, "an integer", "số nguyên"},
};
#define TYPE_COUNT (sizeof type_names / sizeof type_names[0])

/* One byte class repeated exactly `count` times. */
struct atom {
    uint64_t set[2];  /* ASCII bytes the class holds */
    unsigned count;
};

/*
 * A compiled pattern.  Fixed-width patterns of ASCII classes (the usual
 * "^[0-9]{12}$", "^x_"), and anchored ones whose last class repeats
 * ("^[a-z0-9][a-z0-9_-]*$"), are matched by comparing bytes, which means the
 * same in ECMA-262 and POSIX, costs no regexec() call and allocates nothing
 * (glibc's regexec may answer "no match" when memory runs out); the rest go
 * to regexec().
 */
struct pattern {
    const char *source;   /* points into the schema's copy of the document */
    struct atom *atoms;   /* the fixed-width form, or NULL */
    size_t natoms;
    size_t width;         /* bytes a match spans: the sum of the counts */
    int anchored_start;
    int anchored_end;
    int has_re;
    regex_t re;
    struct pattern *alts; /* "^(A|B)$" of fixed-width A, B: each anchored, or NULL */
    size_t nalts;
    int has_tail;         /* "^atoms[class]*$": after the atoms, any number of `tail` */
    struct atom tail;
};

/*
 * 0 when `p` cannot match `text` because its first byte is wrong: a test
 * cheap enough to run inline for every member of an object with "^x_".
 */
static int pattern_may_match(const struct pattern *p, const char *text)
{
    unsigned char c = (unsigned char)text[0];
    if (p->atoms == NULL || !p->anchored_start || p->natoms == 0)
        return 1;
    return c < 0x80 && (p->atoms[0].set[c >> 6] & ((uint64_t)1 << (c & 63))) != 0;
}

/* A property name: from `properties`, `required` or both. */
struct key {
    const char *name;
    struct sch *schema;   /* NULL when the name is only required */
    int req;              /* index into sch.required, -1 when not required */
};

struct patprop {
    struct pattern pattern;
    struct sch *schema;
};

struct sch {
    const cJSON *src;            /* the schema's JSON, in struct schema.doc */
    int boolean;                 /* -1: an object schema; 0, 1: false, true */
    unsigned types;              /* allowed T_ bits; 0: any */
    const char *ref_text;        /* $ref as written */
    struct sch *ref;             /* $ref resolved; the other keywords are annotations */
    struct key *keys;            /* sorted by name, to find duplicates */
    size_t nkeys;
    uint32_t *key_hashes;        /* str_hash() of each key's name */
    int32_t *key_slots;          /* hash index into keys: -1 empty, else an index */
    uint32_t key_mask;           /* slots - 1 */
    const cJSON *properties;     /* names in schema order, for messages */
    const char **required;       /* without duplicates */
    size_t nrequired;
    struct patprop *pats;
    size_t npats;
    struct sch *additional;
    const cJSON *enum_values;
    const char **enum_strings;   /* the string members of enum, hashed as keys are */
    uint32_t *enum_hashes;
    int32_t *enum_slots;
    uint32_t enum_mask;
    const cJSON *const_value;
    struct sch *items;
    int64_t min_items, max_items, min_length, max_length;  /* -1: absent */
    int has_minimum, has_maximum;
    double minimum, maximum;
    struct pattern *pattern;
    const char *pattern_text[2]; /* x-pattern-text: the pattern in words, by enum admit_lang */
    int format_date;
    int date_implies_rest;       /* a valid date meets pattern and lengths too */
    struct sch **any_of;
    size_t nany_of;
    struct sch **one_of;
    size_t none_of;
    int has_date;                /* a date format is reachable from here */
    int visit;                   /* cycle check state */
};

struct schema {
    const cJSON *doc;            /* the document the nodes point into */
    cJSON *owned_doc;            /* doc when it is our copy (schema_compile), else NULL */
    struct sch **nodes;          /* every node, owned; the root first */
    size_t nnodes, cap;
    char name[256];
};

/* ---------------------------------------------------------------------------
 * Small text buffer for messages: appends never overflow, truncation is marked.
 */

struct sbuf {
    char *p;
    size_t size, len;
};

static void sb_init(struct sbuf *b, char *p, size_t size)
{
    b->p = p;
    b->size = size;
    b->len = 0;
    p[0] = '\0';
}

static void sb_mark_truncated(struct sbuf *b)
{
    if (b->size >= 4)
        memcpy(b->p + b->size - 4, "...", 4);
    b->len = b->size - 1;
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= b->size - b->len)
        sb_mark_truncated(b);
    else
        b->len += (size_t)n;
}

static void sb_putc(struct sbuf *b, char c)
{
    if (b->len + 1 >= b->size) {
        sb_mark_truncated(b);
        return;
    }
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

/*
 * Append `text` in double quotes, escaping quotes, backslashes and control
 * characters, cut after `max` bytes (at a UTF-8 character boundary) with "...".
 */
static void sb_quote(struct sbuf *b, const char *text, size_t max)
{
    size_t i = 0;
    sb_putc(b, '"');
    for (; text[i] != '\0'; i++) {
        unsigned char c = (unsigned char)text[i];
        if (i >= max && (c & 0xC0) != 0x80) {
            sb_printf(b, "...");
            break;
        }
        if (c == '"' || c == '\\')
            sb_printf(b, "\\%c", c);
        else if (c == '\n')
            sb_printf(b, "\\n");
        else if (c == '\t')
            sb_printf(b, "\\t");
        else if (c < 0x20)
            sb_printf(b, "\\u%04x", c);
        else
            sb_putc(b, (char)c);
    }
    sb_putc(b, '"');
}

/* Append a JSON value briefly: strings quoted, containers printed and cut. */
static void sb_value(struct sbuf *b, const cJSON *v, int quote_strings)
{
    if (cJSON_IsString(v)) {
        if (quote_strings)
            sb_quote(b, v->valuestring ? v->valuestring : "", 64);
        else
            sb_printf(b, "%s", v->valuestring ? v->valuestring : "");
    } else if (cJSON_IsNumber(v)) {
        sb_printf(b, "%.15g", v->valuedouble);
    } else if (cJSON_IsNull(v)) {
        sb_printf(b, "null");
    } else if (cJSON_IsBool(v)) {
        sb_printf(b, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else {
        char *text = cJSON_PrintUnformatted(v);
        if (text == NULL) {
            sb_printf(b, "%s", cJSON_IsArray(v) ? "[...]" : "{...}");
            return;
        }
        if (strlen(text) > 64)
            memcpy(text + 60, "...", 4);
        sb_printf(b, "%s", text);
        free(text);
    }
}

/* ---------------------------------------------------------------------------
 * Paths: find a node in a document and name it.  Only used to report an
 * error, so the linear search costs nothing on the success path and no path
 * is built while validating.
 */

struct seg {
    const char *key;  /* NULL for an array item */
    int index;
};

#define PATH_MAX_SEGS (3 * SCHEMA_MAX_DEPTH + 8)

static int find_node(const cJSON *cur, const cJSON *target, struct seg *segs, int depth,
                     int *found_depth)
{
    if (cur == target) {
        *found_depth = depth;
        return 1;
    }
    if (depth >= PATH_MAX_SEGS || !(cJSON_IsObject(cur) || cJSON_IsArray(cur)))
        return 0;
    int i = 0;
    for (const cJSON *c = cur->child; c != NULL; c = c->next, i++) {
        segs[depth].key = cJSON_IsObject(cur) ? (c->string ? c->string : "") : NULL;
        segs[depth].index = i;
        if (find_node(c, target, segs, depth + 1, found_depth))
            return 1;
    }
    return 0;
}

enum path_style { PATH_DOTTED, PATH_POINTER };

/*
 * Write the path of `target` inside `root` into buf: result.md notation
 * ("a.b[0].c", empty for the root) or a JSON pointer ("#/a/b/0/c").
 */
static void node_path(const cJSON *root, const cJSON *target, enum path_style style, char *buf,
                      size_t size)
{
    struct seg segs[PATH_MAX_SEGS];
    int depth = 0;
    struct sbuf b;
    sb_init(&b, buf, size);
    if (style == PATH_POINTER)
        sb_putc(&b, '#');
    if (!find_node(root, target, segs, 0, &depth))
        return;
    for (int i = 0; i < depth; i++) {
        if (style == PATH_DOTTED) {
            if (segs[i].key == NULL)
                sb_printf(&b, "[%d]", segs[i].index);
            else
                sb_printf(&b, "%s%s", i > 0 ? "." : "", segs[i].key);
            continue;
        }
        sb_putc(&b, '/');
        if (segs[i].key == NULL) {
            sb_printf(&b, "%d", segs[i].index);
            continue;
        }
        for (const char *k = segs[i].key; *k != '\0'; k++) {
            if (*k == '~')
                sb_printf(&b, "~0");
            else if (*k == '/')
                sb_printf(&b, "~1");
            else
                sb_putc(&b, *k);
        }
    }
}

/* ---------------------------------------------------------------------------
 * Patterns
 */

/*
 * NULL when `p` keeps to the common subset of ECMA-262 and POSIX ERE (see
 * schema.h), else why not.  Everything refused here would compile on one
 * side with another meaning than on the other, or not at all.
 */
static const char *pattern_unportable(const char *p)
{
    int in_bracket = 0;
    for (size_t i = 0; p[i] != '\0'; i++) {
        unsigned char c = (unsigned char)p[i];
        if (in_bracket) {
            if (c == '\\')
                return TR("dấu \\ trong [...]", "a backslash inside [...]");
            if (c == '[' && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '='))
                return TR("lớp POSIX [: :], [. .] hoặc [= =]", "a POSIX class [: :], [. .] or [= =]");
            if (c >= 0x80)
                return TR("ký tự ngoài ASCII trong [...]", "a non-ASCII character inside [...]");
            if (c == ']')
                in_bracket = 0;
            continue;
        }
        if (c == '\\') {
            unsigned char e = (unsigned char)p[i + 1];
            if (e == '\0')
                return TR("dấu \\ ở cuối", "a trailing backslash");
            if (isalnum(e) || e >= 0x80)
                return TR("thoát chữ hoặc số (\\d, \\w, \\1...)",
                          "an escaped letter or digit (\\d, \\w, \\1...)");
            i++;
            continue;
        }
        if (c == '[') {
            size_t j = i + 1;
            if (p[j] == '^')
                j++;
            if (p[j] == ']')
                return TR("\"[]\" hoặc \"[^]\"", "\"[]\" or \"[^]\"");
            in_bracket = 1;
            i = j - 1;
            continue;
        }
        if (c == '(' && p[i + 1] == '?')
            return TR("\"(?\"", "\"(?\"");
        if (c == '{' && !isdigit((unsigned char)p[i + 1]))
            return TR("\"{\" không theo sau bởi chữ số", "\"{\" not followed by a digit");
        if (c >= 0x80) {
            size_t j = i + 1;
            while (((unsigned char)p[j] & 0xC0) == 0x80)
                j++;
            if (p[j] == '*' || p[j] == '+' || p[j] == '?' || p[j] == '{')
                return TR("ký tự ngoài ASCII trước lượng từ",
                          "a non-ASCII character before a quantifier");
            i = j - 1;
        }
    }
    if (in_bracket)
        return TR("thiếu \"]\"", "a missing \"]\"");
    return NULL;
}

static void atom_add(struct atom *a, unsigned char lo, unsigned char hi)
{
    for (unsigned c = lo; c <= hi; c++)
        a->set[c >> 6] |= (uint64_t)1 << (c & 63);
}

/*
 * Parse `src` as an optional "^", atoms (an ASCII character, an escaped
 * punctuation character, or a bracket of ASCII characters and ranges), each
 * optionally followed by "{n}", and an optional final "$".
 * Returns 0 with pat's fixed-width form filled, 1 when `src` is not of this
 * form, -1 when out of memory.
 */
static int parse_fixed_width(const char *src, struct pattern *pat)
{
    size_t n = strlen(src), i = 0, natoms = 0, width = 0;
    int start = 0, end = 0;
    struct atom *atoms = calloc(n + 1, sizeof *atoms);
    if (atoms == NULL)
        return -1;
    if (src[i] == '^') {
        start = 1;
        i++;
    }
    while (src[i] != '\0') {
        unsigned char c = (unsigned char)src[i];
        struct atom a = {{0, 0}, 1};
        if (c == '$' && src[i + 1] == '\0') {
            end = 1;
            break;
        }
        if (c == '[') {
            i++;
            if (src[i] == '^' || src[i] == ']')
                goto not_fixed;
            while (src[i] != '\0' && src[i] != ']') {
                unsigned char lo = (unsigned char)src[i], hi = lo;
                if (lo >= 0x80 || lo == '\\' || lo == '[')
                    goto not_fixed;
                if (src[i + 1] == '-' && src[i + 2] != '\0' && src[i + 2] != ']') {
                    hi = (unsigned char)src[i + 2];
                    if (hi >= 0x80 || hi == '\\' || hi == '[' || hi < lo)
                        goto not_fixed;
                    i += 3;
                } else {
                    i++;
                }
                atom_add(&a, lo, hi);
            }
            if (src[i] != ']')
                goto not_fixed;
            i++;
        } else if (c == '\\') {
            unsigned char e = (unsigned char)src[i + 1];
            if (e == '\0' || e >= 0x80 || isalnum(e))
                goto not_fixed;
            atom_add(&a, e, e);
            i += 2;
        } else if (c >= 0x80 || strchr(".()*+?{}|^$[]", c) != NULL) {
            goto not_fixed;
        } else {
            atom_add(&a, c, c);
            i++;
        }
        if (src[i] == '{') {
            unsigned count = 0;
            i++;
            if (!isdigit((unsigned char)src[i]))
                goto not_fixed;
            while (isdigit((unsigned char)src[i])) {
                count = count * 10 + (unsigned)(src[i] - '0');
                if (count > 4096)
                    goto not_fixed;
                i++;
            }
            if (src[i] != '}' || count == 0)
                goto not_fixed;
            i++;
            a.count = count;
        } else if ((src[i] == '*' || src[i] == '+') && start && strcmp(src + i + 1, "$") == 0) {
            /* the last class repeated, anchored at both ends */
            if (src[i] == '+')
                atoms[natoms++] = a, width += a.count;
            pat->has_tail = 1;
            pat->tail = a;
            end = 1;
            break;
        } else if (src[i] == '*' || src[i] == '+' || src[i] == '?') {
            goto not_fixed;
        }
        atoms[natoms++] = a;
        width += a.count;
    }
    pat->atoms = atoms;
    pat->natoms = natoms;
    pat->width = width;
    pat->anchored_start = start;
    pat->anchored_end = end;
    return 0;
not_fixed:
    free(atoms);
    return 1;
}

static int fixed_match_at(const struct pattern *p, const unsigned char *s)
{
    for (size_t i = 0; i < p->natoms; i++) {
        const struct atom *a = &p->atoms[i];
        for (unsigned k = 0; k < a->count; k++, s++) {
            if (*s >= 0x80 || !(a->set[*s >> 6] & ((uint64_t)1 << (*s & 63))))
                return 0;
        }
    }
    return 1;
}

static void pattern_release(struct pattern *p);

/*
 * "^(A|B|…)$" where every alternative is of the fixed-width form: each is
 * parsed as "^A$", so that alternatives of fixed widths ("^([0-9]{9}|
 * [0-9]{12})$") are matched by comparing bytes too, with no regcomp() (whose
 * glibc 2.36 frees twice when an allocation fails inside it).  Returns as
 * parse_fixed_width.
 */
static int parse_fixed_alternatives(const char *src, struct pattern *pat)
{
    size_t n = strlen(src);
    if (n < 5 || strncmp(src, "^(", 2) != 0 || strcmp(src + n - 2, ")$") != 0)
        return 1;
    const char *inner = src + 2, *stop = src + n - 2;
    size_t count = 1;
    for (const char *c = inner; c < stop; c++) {
        if (*c == '(' || *c == ')' || *c == '\\')
            return 1;   /* nested groups and escapes are left to regcomp */
        count += *c == '|';
    }
    struct pattern *alts = calloc(count, sizeof *alts);
    char *one = malloc(n + 1);
    int r = alts == NULL || one == NULL ? -1 : 0;
    size_t k = 0;
    for (const char *c = inner; r == 0 && k < count; k++) {
        size_t len = strcspn(c, "|");
        if (c + len > stop)
            len = (size_t)(stop - c);
        snprintf(one, n + 1, "^%.*s$", (int)len, c);
        r = parse_fixed_width(one, &alts[k]);
        c += len + 1;
    }
    free(one);
    if (r != 0) {
        for (size_t i = 0; alts != NULL && i < count; i++)
            pattern_release(&alts[i]);
        free(alts);
        return r;
    }
    pat->alts = alts;
    pat->nalts = count;
    return 0;
}

/* 1 match, 0 no match, -1 the regex library failed (out of memory). */
static int pattern_match(const struct pattern *p, const char *text)
{
    if (p->alts != NULL) {
        for (size_t i = 0; i < p->nalts; i++) {
            int m = pattern_match(&p->alts[i], text);
            if (m != 0)
                return m;
        }
        return 0;
    }
    if (p->atoms == NULL) {
        int rc = regexec(&p->re, text, 0, NULL, 0);
        if (rc == 0)
            return 1;
        return rc == REG_NOMATCH ? 0 : -1;
    }
    const unsigned char *s = (const unsigned char *)text;
    /* a NUL is in no class, so matching stops at the end of a short text */
    if (p->has_tail) {
        size_t len = strlen(text);
        if (len < p->width || !fixed_match_at(p, s))
            return 0;
        for (size_t i = p->width; i < len; i++) {
            if (s[i] >= 0x80 || !(p->tail.set[s[i] >> 6] & ((uint64_t)1 << (s[i] & 63))))
                return 0;
        }
        return 1;
    }
    if (p->anchored_start)
        return fixed_match_at(p, s) && (!p->anchored_end || s[p->width] == '\0');
    size_t len = strlen(text);
    if (len < p->width)
        return 0;
    if (p->anchored_end)
        return fixed_match_at(p, s + len - p->width);
    for (size_t off = 0; off + p->width <= len; off++) {
        if (fixed_match_at(p, s + off))
            return 1;
    }
    return 0;
}

static void pattern_release(struct pattern *p)
{
    for (size_t i = 0; i < p->nalts; i++)
        pattern_release(&p->alts[i]);
    free(p->alts);
    p->alts = NULL;
    p->nalts = 0;
    free(p->atoms);
    p->atoms = NULL;
    if (p->has_re)
        regfree(&p->re);
    p->has_re = 0;
}

/* ---------------------------------------------------------------------------
 * String sets: property names and string enums are looked up through a small
 * open-addressing hash table (load at most 1/2), so that a lookup costs one
 * pass over the instance's string and, in the usual case, one strcmp().
 */

/*
 * The length and three bytes (first, middle, last), mixed: a dossier's keys
 * and codes are short names that differ there, and hashing every byte
 * (FNV-1a) cost more than the rest of a lookup.  Names that collide only
 * cost a probe and a strcmp more; the tables are the schema's, whatever the
 * instance holds.
 */
static uint32_t str_hash(const char *s)
{
    size_t n = strlen(s);
    uint32_t h = (uint32_t)n * 0x9E3779B1u;
    if (n > 0)
        h ^= (unsigned char)s[0] * 0x85EBCA77u ^ (unsigned char)s[n / 2] * 0xC2B2AE3Du ^
             (unsigned char)s[n - 1] * 0x27D4EB2Fu;
    return h ^ (h >> 15);
}

/*
 * Build the table of n strings with the given hashes: *slots (caller frees)
 * of *mask + 1 entries.  Returns 0, or -1 when out of memory.
 */
static int index_build(const uint32_t *hashes, size_t n, int32_t **slots, uint32_t *mask)
{
    size_t cap = 4;
    while (cap < 2 * n)
        cap *= 2;
    *slots = malloc(cap * sizeof **slots);
    if (*slots == NULL)
        return -1;
    for (size_t i = 0; i < cap; i++)
        (*slots)[i] = -1;
    *mask = (uint32_t)(cap - 1);
    for (size_t k = 0; k < n; k++) {
        uint32_t i = hashes[k] & *mask;
        while ((*slots)[i] >= 0)
            i = (i + 1) & *mask;
        (*slots)[i] = (int32_t)k;
    }
    return 0;
}

/* ---------------------------------------------------------------------------
 * Compilation
 */

struct compiler {
    struct schema *sc;
    struct admit_error *err;
};

static enum admit_status load_error(struct compiler *cc, const cJSON *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report a schema that cannot be used, naming the JSON pointer of `at`. */
static enum admit_status load_error(struct compiler *cc, const cJSON *at, const char *fmt, ...)
{
    char path[256], msg[ADMIT_ERROR_MAX];
    node_path(cc->sc->doc, at, PATH_POINTER, path, sizeof path);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof msg)
        memcpy(msg + sizeof msg - 4, "...", 4);
    return admit_error_set(cc->err, ADMIT_ERULES, cc->sc->name, path, "%s", msg);
}

static enum admit_status no_memory(struct compiler *cc)
{
    return admit_error_set(cc->err, ADMIT_ENOMEM, cc->sc->name, NULL, "%s",
                           TR("hết bộ nhớ", "out of memory"));
}

/* Allocate a node for `src`, owned by the schema from the start. */
static struct sch *node_new(struct compiler *cc, const cJSON *src)
{
    struct schema *sc = cc->sc;
    if (sc->nnodes == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 64;
        struct sch **nodes = realloc(sc->nodes, cap * sizeof *nodes);
        if (nodes == NULL)
            return NULL;
        sc->nodes = nodes;
        sc->cap = cap;
    }
    struct sch *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->src = src;
    s->boolean = -1;
    s->min_items = s->max_items = s->min_length = s->max_length = -1;
    sc->nodes[sc->nnodes++] = s;
    return s;
}

static void node_free(struct sch *s)
{
    free(s->keys);
    free(s->key_hashes);
    free(s->key_slots);
    free(s->enum_strings);
    free(s->enum_hashes);
    free(s->enum_slots);
    free(s->required);
    for (size_t i = 0; i < s->npats; i++)
        pattern_release(&s->pats[i].pattern);
    free(s->pats);
    if (s->pattern != NULL)
        pattern_release(s->pattern);
    free(s->pattern);
    free(s->any_of);
    free(s->one_of);
    free(s);
}

static enum admit_status compile_schema(struct compiler *cc, const cJSON *json, int depth,
                                        struct sch **out);

enum kw {
    KW_TYPE, KW_PROPERTIES, KW_REQUIRED, KW_ADDITIONAL, KW_PATTERN_PROPERTIES, KW_ENUM,
    KW_CONST, KW_ITEMS, KW_MIN_ITEMS, KW_MAX_ITEMS, KW_MIN_LENGTH, KW_MAX_LENGTH,
    KW_MINIMUM, KW_MAXIMUM, KW_PATTERN, KW_FORMAT, KW_REF, KW_DEFINITIONS, KW_ANY_OF,
    KW_ONE_OF, KW_SCHEMA, KW_ID, KW_ANNOTATION, KW_PATTERN_TEXT
};

#define DRAFT7 "http://json-schema.org/draft-07/schema#"

static const struct {
    const char *name;
    enum kw kw;
} keywords[] = {
    {"type", KW_TYPE}, {"properties", KW_PROPERTIES}, {"required", KW_REQUIRED},
    {"additionalProperties", KW_ADDITIONAL}, {"patternProperties", KW_PATTERN_PROPERTIES},
    {"enum", KW_ENUM}, {"const", KW_CONST}, {"items", KW_ITEMS}, {"minItems", KW_MIN_ITEMS},
    {"maxItems", KW_MAX_ITEMS}, {"minLength", KW_MIN_LENGTH}, {"maxLength", KW_MAX_LENGTH},
    {"minimum", KW_MINIMUM}, {"maximum", KW_MAXIMUM}, {"pattern", KW_PATTERN},
    {"format", KW_FORMAT}, {"$ref", KW_REF}, {"definitions", KW_DEFINITIONS},
    {"anyOf", KW_ANY_OF}, {"oneOf", KW_ONE_OF}, {"$schema", KW_SCHEMA}, {"$id", KW_ID},
    {"title", KW_ANNOTATION}, {"description", KW_ANNOTATION}, {"default", KW_ANNOTATION},
    {"$comment", KW_ANNOTATION}, {"examples", KW_ANNOTATION},
    {"x-pattern-text", KW_PATTERN_TEXT},
    /* the dossier schema's own annotations: English texts, enumeration labels, the
     * steps of each procedure (read by messages.c, cmd_init.c and
     * docs/gen/dossier_guide.py, never by validation) */
    {"x-description-en", KW_ANNOTATION}, {"x-title-en", KW_ANNOTATION}, {"x-labels", KW_ANNOTATION},
    {"x-steps", KW_ANNOTATION},
};

static int keyword_lookup(const char *name, enum kw *out)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        if (strcmp(keywords[i].name, name) == 0) {
            *out = keywords[i].kw;
            return 0;
        }
    }
    return -1;
}

/* schema_strip_annotations below `json`, `depth` levels down. */
static void strip_annotations(cJSON *json, int depth)
{
    if (depth > SCHEMA_MAX_DEPTH || !cJSON_IsObject(json))
        return;
    cJSON *kw = json->child;
    while (kw != NULL) {
        cJSON *next = kw->next, *sub;
        enum kw id;
        if (keyword_lookup(kw->string, &id) == 0) {
            switch (id) {
            case KW_ANNOTATION:
                cJSON_Delete(cJSON_DetachItemViaPointer(json, kw));
                break;
            case KW_PROPERTIES:             /* objects of schemas */
            case KW_PATTERN_PROPERTIES:
            case KW_DEFINITIONS:
            case KW_ANY_OF:                 /* arrays of schemas */
            case KW_ONE_OF:
                cJSON_ArrayForEach(sub, kw)
                    strip_annotations(sub, depth + 1);
                break;
            case KW_ADDITIONAL:             /* one schema */
            case KW_ITEMS:
                strip_annotations(kw, depth + 1);
                break;
            default:                        /* values, not schemas */
                break;
            }
        }
        kw = next;
    }
}

void schema_strip_annotations(cJSON *doc)
{
    strip_annotations(doc, 0);
}

/* A count keyword (minItems...): a non-negative integer. */
static enum admit_status compile_count(struct compiler *cc, const cJSON *kw, int64_t *out)
{
    double v = kw->valuedouble;
    if (!cJSON_IsNumber(kw) || !isfinite(v) || floor(v) != v || v < 0 || v > 1e15)
        return load_error(cc, kw, TR("\"%s\" phải là số nguyên không âm",
                                     "\"%s\" must be a non-negative integer"), kw->string);
    *out = (int64_t)v;
    return ADMIT_OK;
}

static enum admit_status compile_pattern(struct compiler *cc, const cJSON *at, const char *source,
                                         struct pattern *pat)
{
    const char *why = pattern_unportable(source);
    if (why != NULL)
        return load_error(cc, at, TR("mẫu \"%s\" không dùng được như nhau trong ECMA-262 và POSIX: %s",
                                     "pattern \"%s\" does not mean the same in ECMA-262 and POSIX: %s"),
                          source, why);
    pat->source = source;
    int r = parse_fixed_width(source, pat);
    if (r == 1)
        r = parse_fixed_alternatives(source, pat);
    if (r < 0)
        return no_memory(cc);
    if (r == 0)
        return ADMIT_OK;
    int rc = regcomp(&pat->re, source, REG_EXTENDED | REG_NOSUB);
    if (rc == REG_ESPACE)
        return no_memory(cc);
    if (rc != 0) {
        char why_re[128];
        regerror(rc, &pat->re, why_re, sizeof why_re);
        return load_error(cc, at, TR("mẫu \"%s\" không biên dịch được: %s",
                                     "pattern \"%s\" does not compile: %s"), source, why_re);
    }
    pat->has_re = 1;
    return ADMIT_OK;
}

static enum admit_status compile_type(struct compiler *cc, struct sch *s, const cJSON *kw)
{
    const cJSON *one = kw;
    if (cJSON_IsArray(kw)) {
        one = kw->child;
        if (one == NULL)
            goto bad;
    }
    for (; one != NULL; one = one == kw ? NULL : one->next) {
        size_t i = 0;
        if (!cJSON_IsString(one))
            goto bad;
        while (i < TYPE_COUNT && strcmp(type_names[i].name, one->valuestring) != 0)
            i++;
        if (i == TYPE_COUNT)
            return load_error(cc, kw, TR("kiểu không xác định \"%s\"", "unknown type \"%s\""),
                              one->valuestring);
        s->types |= type_names[i].bit;
    }
    return ADMIT_OK;
bad:
    return load_error(cc, kw, "%s", TR("\"type\" phải là tên kiểu hoặc mảng tên kiểu",
                                       "\"type\" must be a type name or an array of them"));
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const struct key *)a)->name, ((const struct key *)b)->name);
}

static enum admit_status compile_properties(struct compiler *cc, struct sch *s, const cJSON *kw,
                                            int depth)
{
    if (!cJSON_IsObject(kw))
        return load_error(cc, kw, "%s", TR("\"properties\" phải là đối tượng",
                                           "\"properties\" must be an object"));
    size_t n = (size_t)cJSON_GetArraySize(kw);
    s->keys = calloc(n + 1, sizeof *s->keys);
    if (s->keys == NULL)
        return no_memory(cc);
    s->properties = kw;
    for (const cJSON *p = kw->child; p != NULL; p = p->next) {
        struct key *k = &s->keys[s->nkeys];
        k->name = p->string;
        k->req = -1;
        enum admit_status st = compile_schema(cc, p, depth + 1, &k->schema);
        if (st != ADMIT_OK)
            return st;
        s->nkeys++;
    }
    return ADMIT_OK;
}

static enum admit_status compile_required(struct compiler *cc, struct sch *s, const cJSON *kw)
{
    if (!cJSON_IsArray(kw))
        goto bad;
    size_t n = (size_t)cJSON_GetArraySize(kw);
    s->required = calloc(n + 1, sizeof *s->required);
    if (s->required == NULL)
        return no_memory(cc);
    for (const cJSON *r = kw->child; r != NULL; r = r->next) {
        size_t i = 0;
        if (!cJSON_IsString(r))
            goto bad;
        while (i < s->nrequired && strcmp(s->required[i], r->valuestring) != 0)
            i++;
        if (i == s->nrequired)
            s->required[s->nrequired++] = r->valuestring;
    }
    return ADMIT_OK;
bad:
    return load_error(cc, kw, "%s", TR("\"required\" phải là mảng chuỗi",
                                       "\"required\" must be an array of strings"));
}

/*
 * Merge the required names into the sorted key table: a required name that is
 * not a property gets an entry without a schema, so that one lookup per
 * instance member answers both questions.
 */
static enum admit_status finish_keys(struct compiler *cc, struct sch *s)
{
    if (s->nrequired > 0) {
        struct key *keys = realloc(s->keys, (s->nkeys + s->nrequired + 1) * sizeof *keys);
        if (keys == NULL)
            return no_memory(cc);
        s->keys = keys;
        for (size_t r = 0; r < s->nrequired; r++) {
            size_t i = 0;
            while (i < s->nkeys && strcmp(s->keys[i].name, s->required[r]) != 0)
                i++;
            if (i == s->nkeys) {
                s->keys[i].name = s->required[r];
                s->keys[i].schema = NULL;
                s->nkeys++;
            }
            s->keys[i].req = (int)r;
        }
    }
    if (s->nkeys > 1)
        qsort(s->keys, s->nkeys, sizeof *s->keys, key_cmp);
    for (size_t i = 1; i < s->nkeys; i++) {
        if (strcmp(s->keys[i - 1].name, s->keys[i].name) == 0)
            return load_error(cc, s->properties, TR("thuộc tính \"%s\" được khai báo hai lần",
                                                    "property \"%s\" is declared twice"),
                              s->keys[i].name);
    }
    if (s->nkeys == 0)
        return ADMIT_OK;
    s->key_hashes = malloc(s->nkeys * sizeof *s->key_hashes);
    if (s->key_hashes == NULL)
        return no_memory(cc);
    for (size_t i = 0; i < s->nkeys; i++)
        s->key_hashes[i] = str_hash(s->keys[i].name);
    if (index_build(s->key_hashes, s->nkeys, &s->key_slots, &s->key_mask) != 0)
        return no_memory(cc);
    return ADMIT_OK;
}

static enum admit_status compile_enum(struct compiler *cc, struct sch *s, const cJSON *kw)
{
    if (!cJSON_IsArray(kw))
        return load_error(cc, kw, "%s", TR("\"enum\" phải là mảng", "\"enum\" must be an array"));
    s->enum_values = kw;
    size_t n = 0;
    for (const cJSON *v = kw->child; v != NULL; v = v->next)
        n += cJSON_IsString(v) != 0;
    s->enum_strings = calloc(n + 1, sizeof *s->enum_strings);
    s->enum_hashes = calloc(n + 1, sizeof *s->enum_hashes);
    if (s->enum_strings == NULL || s->enum_hashes == NULL)
        return no_memory(cc);
    n = 0;
    for (const cJSON *v = kw->child; v != NULL; v = v->next) {
        if (!cJSON_IsString(v))
            continue;
        s->enum_strings[n] = v->valuestring;
        s->enum_hashes[n++] = str_hash(v->valuestring);
    }
    if (index_build(s->enum_hashes, n, &s->enum_slots, &s->enum_mask) != 0)
        return no_memory(cc);
    return ADMIT_OK;
}

static enum admit_status compile_pattern_properties(struct compiler *cc, struct sch *s,
                                                    const cJSON *kw, int depth)
{
    if (!cJSON_IsObject(kw))
        return load_error(cc, kw, "%s", TR("\"patternProperties\" phải là đối tượng",
                                           "\"patternProperties\" must be an object"));
    size_t n = (size_t)cJSON_GetArraySize(kw);
    s->pats = calloc(n + 1, sizeof *s->pats);
    if (s->pats == NULL)
        return no_memory(cc);
    for (const cJSON *p = kw->child; p != NULL; p = p->next) {
        struct patprop *pp = &s->pats[s->npats];
        enum admit_status st = compile_pattern(cc, p, p->string, &pp->pattern);
        if (st != ADMIT_OK) {
            pattern_release(&pp->pattern);
            return st;
        }
        s->npats++;
        st = compile_schema(cc, p, depth + 1, &pp->schema);
        if (st != ADMIT_OK)
            return st;
    }
    return ADMIT_OK;
}

/*
 * "x-pattern-text": {"vi": "...", "en": "..."}: what `pattern` (or `format`)
 * asks for, in words, for the user: a regular expression is never shown.
 */
static enum admit_status compile_pattern_text(struct compiler *cc, struct sch *s, const cJSON *kw)
{
    const cJSON *vi = cJSON_GetObjectItemCaseSensitive(kw, "vi");
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(kw, "en");
    if (!cJSON_IsObject(kw) || cJSON_GetArraySize(kw) != 2 || !cJSON_IsString(vi) ||
        !cJSON_IsString(en) || vi->valuestring[0] == '\0' || en->valuestring[0] == '\0')
        return load_error(cc, kw, "%s", TR("\"x-pattern-text\" phải là {\"vi\": chuỗi, \"en\": chuỗi}",
                                           "\"x-pattern-text\" must be {\"vi\": string, \"en\": string}"));
    s->pattern_text[ADMIT_LANG_VI] = vi->valuestring;
    s->pattern_text[ADMIT_LANG_EN] = en->valuestring;
    return ADMIT_OK;
}

/* anyOf, oneOf: a non-empty array of schemas. */
static enum admit_status compile_list(struct compiler *cc, const cJSON *kw, int depth,
                                      struct sch ***out, size_t *count)
{
    if (!cJSON_IsArray(kw) || kw->child == NULL)
        return load_error(cc, kw, TR("\"%s\" phải là mảng lược đồ không rỗng",
                                     "\"%s\" must be a non-empty array of schemas"), kw->string);
    size_t n = (size_t)cJSON_GetArraySize(kw);
    *out = calloc(n, sizeof **out);
    if (*out == NULL)
        return no_memory(cc);
    for (const cJSON *b = kw->child; b != NULL; b = b->next) {
        enum admit_status st = compile_schema(cc, b, depth + 1, &(*out)[*count]);
        if (st != ADMIT_OK)
            return st;
        (*count)++;
    }
    return ADMIT_OK;
}

static enum admit_status compile_keyword(struct compiler *cc, struct sch *s, const cJSON *kw,
                                         enum kw id, int depth)
{
    switch (id) {
    case KW_TYPE:
        return compile_type(cc, s, kw);
    case KW_PROPERTIES:
        return compile_properties(cc, s, kw, depth);
    case KW_REQUIRED:
        return compile_required(cc, s, kw);
    case KW_ADDITIONAL:
        return compile_schema(cc, kw, depth + 1, &s->additional);
    case KW_PATTERN_PROPERTIES:
        return compile_pattern_properties(cc, s, kw, depth);
    case KW_ENUM:
        return compile_enum(cc, s, kw);
    case KW_CONST:
        s->const_value = kw;
        return ADMIT_OK;
    case KW_ITEMS:
        if (cJSON_IsArray(kw))
            return load_error(cc, kw, "%s", TR("\"items\" dạng mảng (tuple) không được hỗ trợ",
                                               "\"items\" as an array (tuple) is not supported"));
        return compile_schema(cc, kw, depth + 1, &s->items);
    case KW_MIN_ITEMS:
        return compile_count(cc, kw, &s->min_items);
    case KW_MAX_ITEMS:
        return compile_count(cc, kw, &s->max_items);
    case KW_MIN_LENGTH:
        return compile_count(cc, kw, &s->min_length);
    case KW_MAX_LENGTH:
        return compile_count(cc, kw, &s->max_length);
    case KW_MINIMUM:
    case KW_MAXIMUM:
        if (!cJSON_IsNumber(kw))
            return load_error(cc, kw, TR("\"%s\" phải là số", "\"%s\" must be a number"), kw->string);
        if (id == KW_MINIMUM) {
            s->has_minimum = 1;
            s->minimum = kw->valuedouble;
        } else {
            s->has_maximum = 1;
            s->maximum = kw->valuedouble;
        }
        return ADMIT_OK;
    case KW_PATTERN:
        if (!cJSON_IsString(kw))
            return load_error(cc, kw, "%s", TR("\"pattern\" phải là chuỗi", "\"pattern\" must be a string"));
        s->pattern = calloc(1, sizeof *s->pattern);
        if (s->pattern == NULL)
            return no_memory(cc);
        return compile_pattern(cc, kw, kw->valuestring, s->pattern);
    case KW_FORMAT:
        if (!cJSON_IsString(kw))
            return load_error(cc, kw, "%s", TR("\"format\" phải là chuỗi", "\"format\" must be a string"));
        s->format_date = strcmp(kw->valuestring, "date") == 0;
        return ADMIT_OK;
    case KW_REF:
        if (!cJSON_IsString(kw))
            return load_error(cc, kw, "%s", TR("\"$ref\" phải là chuỗi", "\"$ref\" must be a string"));
        s->ref_text = kw->valuestring;
        return ADMIT_OK;
    case KW_DEFINITIONS:
        if (!cJSON_IsObject(kw))
            return load_error(cc, kw, "%s", TR("\"definitions\" phải là đối tượng",
                                               "\"definitions\" must be an object"));
        for (const cJSON *d = kw->child; d != NULL; d = d->next) {
            struct sch *unused = NULL;
            enum admit_status st = compile_schema(cc, d, depth + 1, &unused);
            if (st != ADMIT_OK)
                return st;
        }
        return ADMIT_OK;
    case KW_ANY_OF:
        return compile_list(cc, kw, depth, &s->any_of, &s->nany_of);
    case KW_ONE_OF:
        return compile_list(cc, kw, depth, &s->one_of, &s->none_of);
    case KW_SCHEMA: {
        /* another draft would give the same keywords other meanings */
        const char *uri = cJSON_IsString(kw) ? kw->valuestring : "";
        size_t n = strlen(uri);
        int draft7 = strcmp(uri, DRAFT7) == 0 ||
                     (n + 1 == sizeof DRAFT7 - 1 && strncmp(uri, DRAFT7, n) == 0);  /* no "#" */
        if (!draft7)
            return load_error(cc, kw, "%s", TR("\"$schema\" phải là " DRAFT7,
                                               "\"$schema\" must be " DRAFT7));
        return ADMIT_OK;
    }
    case KW_ID:
        if (depth > 0 || !cJSON_IsString(kw))
            return load_error(cc, kw, "%s", TR("\"$id\" chỉ được dùng ở gốc lược đồ, là một chuỗi",
                                               "\"$id\" is only supported at the root, as a string"));
        return ADMIT_OK;
    case KW_ANNOTATION:
        return ADMIT_OK;
    case KW_PATTERN_TEXT:
        return compile_pattern_text(cc, s, kw);
    }
    return ADMIT_OK;
}

/*
 * 1 when every string of the shape date_parse() accepts (10 bytes: 4 digits,
 * "-", 2 digits, "-", 2 digits) matches `p`, like "^[0-9]{4}-[0-9]{2}-[0-9]{2}$":
 * a schema may restate the date's shape for other validators at no cost here.
 */
static int pattern_accepts_dates(const struct pattern *p)
{
    size_t pos = 0;
    if (p->atoms == NULL || !p->anchored_start || !p->anchored_end || p->width != 10)
        return 0;
    for (size_t i = 0; i < p->natoms; i++) {
        for (unsigned k = 0; k < p->atoms[i].count; k++, pos++) {
            const uint64_t *set = p->atoms[i].set;
            if (pos == 4 || pos == 7) {
                if (!(set[0] & ((uint64_t)1 << '-')))
                    return 0;
                continue;
            }
            for (unsigned c = '0'; c <= '9'; c++) {
                if (!(set[0] & ((uint64_t)1 << c)))
                    return 0;
            }
        }
    }
    return 1;
}

/* Keywords that may sit beside $ref: draft-07 ignores every other one there. */
static int allowed_beside_ref(enum kw id)
{
    return id == KW_REF || id == KW_DEFINITIONS || id == KW_SCHEMA || id == KW_ID ||
           id == KW_ANNOTATION;
}

static enum admit_status compile_schema(struct compiler *cc, const cJSON *json, int depth,
                                        struct sch **out)
{
    if (depth > SCHEMA_MAX_DEPTH)
        return load_error(cc, json, TR("lược đồ lồng nhau quá sâu (hơn %d cấp)",
                                       "schema nested too deeply (more than %d levels)"),
                          SCHEMA_MAX_DEPTH);
    struct sch *s = node_new(cc, json);
    if (s == NULL)
        return no_memory(cc);
    *out = s;
    if (cJSON_IsBool(json)) {
        s->boolean = cJSON_IsTrue(json) ? 1 : 0;
        return ADMIT_OK;
    }
    if (!cJSON_IsObject(json))
        return load_error(cc, json, "%s", TR("lược đồ phải là đối tượng hoặc true/false",
                                             "a schema must be an object or a boolean"));
    int has_ref = cJSON_GetObjectItemCaseSensitive(json, "$ref") != NULL;
    for (const cJSON *kw = json->child; kw != NULL; kw = kw->next) {
        enum kw id;
        if (keyword_lookup(kw->string, &id) != 0)
            return load_error(cc, kw, TR("từ khóa \"%s\" không được hỗ trợ",
                                         "unsupported keyword \"%s\""), kw->string);
        for (const cJSON *before = json->child; before != kw; before = before->next) {
            if (strcmp(before->string, kw->string) == 0)
                return load_error(cc, kw, TR("từ khóa \"%s\" xuất hiện hai lần",
                                             "keyword \"%s\" appears twice"), kw->string);
        }
        if (has_ref && !allowed_beside_ref(id))
            return load_error(cc, kw, TR("\"%s\" bên cạnh \"$ref\" bị bỏ qua trong draft-07; không được dùng",
                                         "\"%s\" beside \"$ref\" is ignored by draft-07; not allowed"),
                              kw->string);
        enum admit_status st = compile_keyword(cc, s, kw, id, depth);
        if (st != ADMIT_OK)
            return st;
    }
    s->date_implies_rest = s->format_date &&
                           (s->pattern == NULL || pattern_accepts_dates(s->pattern)) &&
                           (s->max_length < 0 || s->max_length >= 10) && s->min_length <= 10;
    return finish_keys(cc, s);
}

/* Decode one %XX-escaped, ~-escaped JSON pointer token into seg; -1 if malformed. */
static int pointer_token(const char **pp, char *seg, size_t size)
{
    const char *p = *pp;
    size_t n = 0;
    while (*p != '\0' && *p != '/') {
        char c = *p++;
        if (c == '%') {
            int v = 0;
            for (int k = 0; k < 2; k++, p++) {
                int h = *p;
                if (h >= '0' && h <= '9')
                    v = v * 16 + (h - '0');
                else if (h >= 'a' && h <= 'f')
                    v = v * 16 + (h - 'a' + 10);
                else if (h >= 'A' && h <= 'F')
                    v = v * 16 + (h - 'A' + 10);
                else
                    return -1;
            }
            if (v == 0)
                return -1;
            c = (char)v;
        }
        if (n + 1 >= size)
            return -1;
        seg[n++] = c;
    }
    seg[n] = '\0';
    /* JSON pointer unescaping, after the URI fragment's percent-decoding */
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        if (seg[r] == '~') {
            if (seg[r + 1] == '0')
                seg[w++] = '~';
            else if (seg[r + 1] == '1')
                seg[w++] = '/';
            else
                return -1;
            r++;
        } else {
            seg[w++] = seg[r];
        }
    }
    seg[w] = '\0';
    *pp = p;
    return 0;
}

/* The node a local $ref ("#", "#/definitions/x") points to, or NULL. */
static const cJSON *resolve_pointer(const cJSON *root, const char *ref)
{
    char seg[256];
    if (ref[0] != '#')
        return NULL;
    const char *p = ref + 1;
    const cJSON *cur = root;
    while (*p == '/') {
        p++;
        if (pointer_token(&p, seg, sizeof seg) != 0)
            return NULL;
        if (cJSON_IsObject(cur)) {
            cur = cJSON_GetObjectItemCaseSensitive(cur, seg);
        } else if (cJSON_IsArray(cur)) {
            char *end = NULL;
            if (!isdigit((unsigned char)seg[0]) || (seg[0] == '0' && seg[1] != '\0'))
                return NULL;
            errno = 0;
            long i = strtol(seg, &end, 10);
            if (*end != '\0' || errno != 0 || i > 1000000)
                return NULL;
            cur = cJSON_GetArrayItem(cur, (int)i);
        } else {
            return NULL;
        }
        if (cur == NULL)
            return NULL;
    }
    return *p == '\0' ? cur : NULL;
}

static enum admit_status resolve_refs(struct compiler *cc)
{
    struct schema *sc = cc->sc;
    for (size_t i = 0; i < sc->nnodes; i++) {
        struct sch *s = sc->nodes[i];
        if (s->ref_text == NULL)
            continue;
        const cJSON *target = resolve_pointer(sc->doc, s->ref_text);
        for (size_t j = 0; target != NULL && j < sc->nnodes; j++) {
            if (sc->nodes[j]->src == target) {
                s->ref = sc->nodes[j];
                break;
            }
        }
        if (s->ref == NULL && s->ref_text[0] != '#')
            return load_error(cc, cJSON_GetObjectItemCaseSensitive(s->src, "$ref"),
                              TR("\"$ref\" \"%s\": chỉ hỗ trợ tham chiếu trong cùng tài liệu "
                                 "(\"#\", \"#/definitions/TÊN\")",
                                 "\"$ref\" \"%s\": only references inside the document "
                                 "(\"#\", \"#/definitions/NAME\") are supported"),
                              s->ref_text);
        if (s->ref == NULL)
            return load_error(cc, cJSON_GetObjectItemCaseSensitive(s->src, "$ref"),
                              TR("\"$ref\" \"%s\" không trỏ tới một lược đồ trong tài liệu này",
                                 "\"$ref\" \"%s\" does not point to a schema in this document"),
                              s->ref_text);
    }
    return ADMIT_OK;
}

/*
 * 1 when a chain of $ref/anyOf/oneOf edges, which do not descend into the
 * instance, leads from `s` back to a node on the current chain: validating
 * it would never end.  Deep chains are refused too, to bound the recursion.
 */
static int loops(struct sch *s, int depth)
{
    if (s->visit == 2)
        return 0;
    if (s->visit == 1 || depth > 4 * SCHEMA_MAX_DEPTH)
        return 1;
    s->visit = 1;
    if (s->ref != NULL && loops(s->ref, depth + 1))
        return 1;
    for (size_t i = 0; i < s->nany_of; i++) {
        if (loops(s->any_of[i], depth + 1))
            return 1;
    }
    for (size_t i = 0; i < s->none_of; i++) {
        if (loops(s->one_of[i], depth + 1))
            return 1;
    }
    s->visit = 2;
    return 0;
}

static int reaches_date(const struct sch *s)
{
    if (s->format_date || (s->ref != NULL && s->ref->has_date) ||
        (s->additional != NULL && s->additional->has_date) || (s->items != NULL && s->items->has_date))
        return 1;
    for (size_t i = 0; i < s->nkeys; i++) {
        if (s->keys[i].schema != NULL && s->keys[i].schema->has_date)
            return 1;
    }
    for (size_t i = 0; i < s->npats; i++) {
        if (s->pats[i].schema->has_date)
            return 1;
    }
    for (size_t i = 0; i < s->nany_of; i++) {
        if (s->any_of[i]->has_date)
            return 1;
    }
    for (size_t i = 0; i < s->none_of; i++) {
        if (s->one_of[i]->has_date)
            return 1;
    }
    return 0;
}

/*
 * has_date to a fixed point.  Nodes are stored parents first, so one pass in
 * reverse order settles everything except what $refs bring back up.
 */
static void propagate_dates(struct schema *sc)
{
    int changed = 1;
    while (changed) {
        changed = 0;
        for (size_t i = sc->nnodes; i-- > 0;) {
            struct sch *s = sc->nodes[i];
            if (!s->has_date && reaches_date(s)) {
                s->has_date = 1;
                changed = 1;
            }
        }
    }
}

/*
 * Compile `doc` (not NULL), which the schema owns when `owned` is it (freed
 * with the schema, or here on failure) and borrows when `owned` is NULL.
 */
static enum admit_status compile(const cJSON *doc, cJSON *owned, const char *name,
                                 struct schema **out, struct admit_error *err)
{
    struct compiler cc = {NULL, err};
    struct sch *root = NULL;
    enum admit_status st = ADMIT_OK;
    *out = NULL;
    cc.sc = calloc(1, sizeof *cc.sc);
    if (cc.sc == NULL) {
        cJSON_Delete(owned);
        return admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    }
    snprintf(cc.sc->name, sizeof cc.sc->name, "%s", name ? name : "");
    cc.sc->doc = doc;
    cc.sc->owned_doc = owned;
    st = compile_schema(&cc, cc.sc->doc, 0, &root);
    if (st != ADMIT_OK)
        goto done;
    st = resolve_refs(&cc);
    if (st != ADMIT_OK)
        goto done;
    for (size_t i = 0; i < cc.sc->nnodes; i++) {
        if (loops(cc.sc->nodes[i], 0)) {
            st = load_error(&cc, cc.sc->nodes[i]->src, "%s",
                            TR("$ref/anyOf/oneOf quay lại chính nó mà không đi vào giá trị nào",
                               "$ref/anyOf/oneOf lead back here without descending into a value"));
            goto done;
        }
    }
    propagate_dates(cc.sc);
    *out = cc.sc;
    cc.sc = NULL;
done:
    schema_free(cc.sc);
    return st;
}

/* No document to compile: the caller's mistake. */
static enum admit_status no_document(const char *name, struct schema **out,
                                     struct admit_error *err)
{
    *out = NULL;
    return admit_error_set(err, ADMIT_EINTERNAL, name, NULL, "schema_compile: no document");
}

enum admit_status schema_compile(const cJSON *doc, const char *name, struct schema **out,
                                 struct admit_error *err)
{
    if (doc == NULL)
        return no_document(name, out, err);
    cJSON *copy = cJSON_Duplicate(doc, 1);
    if (copy == NULL) {
        *out = NULL;
        return admit_error_set(err, ADMIT_ENOMEM, name, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    }
    return compile(copy, copy, name, out, err);
}

enum admit_status schema_compile_borrowing(const cJSON *doc, const char *name,
                                           struct schema **out, struct admit_error *err)
{
    return doc == NULL ? no_document(name, out, err) : compile(doc, NULL, name, out, err);
}

enum admit_status schema_load(const char *path, struct schema **out, struct admit_error *err)
{
    enum admit_status st = ADMIT_OK;
    char *buf = NULL;
    cJSON *doc = NULL;
    size_t n = 0;
    *out = NULL;
    /* A buffer the file's size, not the largest a schema may be: a 1 MiB
     * block took a 2 MiB page of its own (alloc_prefer_huge_pages), which
     * the kernel zeroes whole, for a 16 KB file. */
    st = input_read(path, SCHEMA_MAX_FILE_BYTES, &buf, &n, err);
    if (st == ADMIT_EINPUT)   /* too large: a broken installation, not bad input */
        st = admit_error_set(err, ADMIT_EIO, path, NULL,
                             TR("tệp lớn hơn %d byte", "file larger than %d bytes"),
                             SCHEMA_MAX_FILE_BYTES);
    if (st != ADMIT_OK)
        goto done;
    const char *end = NULL;
    unsigned long failures = alloc_failures();
    doc = cJSON_ParseWithLengthOpts(buf, n, &end, 0);
    if (doc == NULL && alloc_failures() != failures) {   /* not the file's fault */
        st = admit_error_set(err, ADMIT_ENOMEM, path, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
        goto done;
    }
    if (doc == NULL) {
        int line = 1, col = 1;
        for (const char *p = buf; end != NULL && p < end && p < buf + n; p++) {
            if (*p == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)*p & 0xC0) != 0x80) {
                col++;
            }
        }
        char where[64];
        snprintf(where, sizeof where, TR("dòng %d, cột %d", "line %d, column %d"), line, col);
        st = admit_error_set(err, ADMIT_ERULES, path, where, "%s",
                             TR("không phải JSON hợp lệ", "not valid JSON"));
        goto done;
    }
    st = compile(doc, doc, path, out, err);   /* the schema keeps the document */
    doc = NULL;
done:
    cJSON_Delete(doc);
    free(buf);
    return st;
}

void schema_free(struct schema *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->nnodes; i++)
        node_free(s->nodes[i]);
    free(s->nodes);
    cJSON_Delete(s->owned_doc);
    free(s);
}

/* ---------------------------------------------------------------------------
 * Validation
 */

enum fail_kind {
    F_FALSE, F_TYPE, F_REQUIRED, F_UNKNOWN_KEY, F_ENUM, F_CONST, F_MIN_ITEMS, F_MAX_ITEMS,
    F_MIN_LENGTH, F_MAX_LENGTH, F_MINIMUM, F_MAXIMUM, F_PATTERN, F_DATE, F_ONE_OF_MANY,
    F_DEPTH, F_NOMEM
};

/*
 * The first violation, described by pointers only: it is put into words once,
 * by describe(), if it is the one finally reported.
 */
struct failure {
    enum fail_kind kind;
    const struct sch *s;   /* the schema whose keyword failed */
    const cJSON *node;     /* where (for F_UNKNOWN_KEY: the member) */
    const char *key;       /* F_REQUIRED: the missing key */
    unsigned types;        /* F_TYPE: the types expected */
    size_t count;          /* items or characters found; F_ONE_OF_MANY: the first match */
    size_t other;          /* F_ONE_OF_MANY: the second match */
    int depth;             /* how deep the check that failed was: ranks anyOf alternatives */
};

/*
 * Every violation, for schema_validate_all(): the first `max` are kept, all
 * are counted.  `stop` is set by a failure after which the walk cannot go on
 * (too deep, out of memory).
 */
struct collector {
    struct failure *items;
    size_t count, max, total;
    int stop;
};

/*
 * Record a violation in *f and, when collecting, in `col` too.  Returns -1,
 * so that checks can write `return fail(...)`.
 */
static int fail(struct failure *f, struct collector *col, enum fail_kind kind, const struct sch *s,
                const cJSON *node, int depth)
{
    f->kind = kind;
    f->s = s;
    f->node = node;
    f->depth = depth;
    if (col != NULL) {
        if (col->count < col->max)
            col->items[col->count++] = *f;
        col->total++;
        if (kind == F_DEPTH || kind == F_NOMEM)
            col->stop = 1;
    }
    return -1;
}

/*
 * After a failed check inside a loop over members or items: go on to the
 * next one when collecting (0), else stop (-1).
 */
static int keep_going(const struct collector *col)
{
    return col != NULL && !col->stop ? 0 : -1;
}

static unsigned instance_type(const cJSON *node)
{
    switch (node->type & 0xFF) {
    case cJSON_NULL:
        return T_NULL;
    case cJSON_False:
    case cJSON_True:
        return T_BOOLEAN;
    case cJSON_Number: {
        double v = node->valuedouble;
        return isfinite(v) && floor(v) == v ? T_NUMBER | T_INTEGER : T_NUMBER;
    }
    case cJSON_String:
        return T_STRING;
    case cJSON_Array:
        return T_ARRAY;
    case cJSON_Object:
        return T_OBJECT;
    default:
        return 0;
    }
}

/* JSON equality as JSON Schema defines it: numbers by value, objects unordered. */
static int json_equal(const cJSON *a, const cJSON *b)
{
    int ta = a->type & 0xFF, tb = b->type & 0xFF;
    if (ta != tb)
        return 0;
    switch (ta) {
    case cJSON_Number:
        return a->valuedouble == b->valuedouble;
    case cJSON_String:
        return strcmp(a->valuestring ? a->valuestring : "", b->valuestring ? b->valuestring : "") == 0;
    case cJSON_Array: {
        const cJSON *x = a->child, *y = b->child;
        for (; x != NULL && y != NULL; x = x->next, y = y->next) {
            if (!json_equal(x, y))
                return 0;
        }
        return x == NULL && y == NULL;
    }
    case cJSON_Object: {
        if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
            return 0;
        for (const cJSON *x = a->child; x != NULL; x = x->next) {
            const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
            if (y == NULL || !json_equal(x, y))
                return 0;
        }
        return 1;
    }
    default:
        return 1;  /* null, true, false: the type says it all */
    }
}

static int in_enum(const struct sch *s, const cJSON *node)
{
    if (cJSON_IsString(node)) {
        const char *text = node->valuestring ? node->valuestring : "";
        uint32_t h = str_hash(text);
        for (uint32_t i = h & s->enum_mask;; i = (i + 1) & s->enum_mask) {
            int32_t k = s->enum_slots[i];
            if (k < 0)
                return 0;
            if (s->enum_hashes[k] == h && strcmp(s->enum_strings[k], text) == 0)
                return 1;
        }
    }
    for (const cJSON *v = s->enum_values->child; v != NULL; v = v->next) {
        if (json_equal(v, node))
            return 1;
    }
    return 0;
}

static const struct key *find_key(const struct sch *s, const char *name)
{
    uint32_t h = str_hash(name);
    for (uint32_t i = h & s->key_mask;; i = (i + 1) & s->key_mask) {
        int32_t k = s->key_slots[i];
        if (k < 0)
            return NULL;
        if (s->key_hashes[k] == h && strcmp(s->keys[k].name, name) == 0)
            return &s->keys[k];
    }
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int validate(const struct sch *s, cJSON *node, int depth, int mark, struct failure *f,
                    struct collector *col);

/* One failure per string: the first check that fails says what is wrong. */
static int check_string(const struct sch *s, cJSON *node, int depth, int mark, struct failure *f,
                        struct collector *col)
{
    const char *text = node->valuestring ? node->valuestring : "";
    /* the date first: its message says more than the pattern's about the same string */
    if (s->format_date) {
        admit_day day;
        if (date_parse(text, strlen(text), &day) != 0)
            return fail(f, col, F_DATE, s, node, depth);
        if (mark) {
            node->type |= SCHEMA_DATE_MARK;
            node->valueint = day;
            node->valuedouble = day;
        }
        if (s->date_implies_rest)
            return 0;
    }
    if (s->min_length >= 0 || s->max_length >= 0) {
        /* count code points only when bytes alone cannot decide (1 to 4 bytes each) */
        size_t bytes = strlen(text);
        int64_t at_least = (int64_t)((bytes + 3) / 4);
        if ((s->max_length >= 0 && (int64_t)bytes > s->max_length) ||
            (s->min_length >= 0 && at_least < s->min_length)) {
            size_t n = utf8_length(text);
            f->count = n;
            /* a pattern said in words tells more than a length */
            if (s->pattern != NULL && s->pattern_text[0] != NULL &&
                (((int64_t)n > s->max_length && s->max_length >= 0) ||
                 ((int64_t)n < s->min_length && s->min_length >= 0)))
                return fail(f, col, F_PATTERN, s, node, depth);
            if (s->max_length >= 0 && (int64_t)n > s->max_length)
                return fail(f, col, F_MAX_LENGTH, s, node, depth);
            if (s->min_length >= 0 && (int64_t)n < s->min_length)
                return fail(f, col, F_MIN_LENGTH, s, node, depth);
        }
    }
    if (s->pattern != NULL) {
        int m = pattern_match(s->pattern, text);
        if (m < 0)
            return fail(f, col, F_NOMEM, s, node, depth);
        if (m == 0)
            return fail(f, col, F_PATTERN, s, node, depth);
    }
    return 0;
}

/*
 * Members in document order, then missing required keys.  When collecting,
 * every member is checked and every missing key reported.
 */
static int check_object(const struct sch *s, cJSON *node, int depth, int mark, struct failure *f,
                        struct collector *col)
{
    uint64_t seen = 0;
    int bad = 0;
    if (s->nkeys == 0 && s->npats == 0 && s->additional == NULL)
        return 0;
    for (cJSON *c = node->child; c != NULL; c = c->next) {
        const char *name = c->string ? c->string : "";
        const struct key *k = s->nkeys ? find_key(s, name) : NULL;
        int matched = 0;
        if (depth + 1 > SCHEMA_MAX_DEPTH)
            return fail(f, col, F_DEPTH, s, c, depth + 1);
        if (k != NULL) {
            if (k->req >= 0 && k->req < 64)
                seen |= (uint64_t)1 << k->req;
            if (k->schema != NULL) {
                matched = 1;
                if (validate(k->schema, c, depth + 1, mark, f, col) != 0) {
                    bad = 1;
                    if (keep_going(col) != 0)
                        return -1;
                }
            }
        }
        for (size_t i = 0; i < s->npats; i++) {
            if (!pattern_may_match(&s->pats[i].pattern, name))
                continue;
            int m = pattern_match(&s->pats[i].pattern, name);
            if (m < 0)
                return fail(f, col, F_NOMEM, s, c, depth);
            if (m == 0)
                continue;
            matched = 1;
            if (validate(s->pats[i].schema, c, depth + 1, mark, f, col) != 0) {
                bad = 1;
                if (keep_going(col) != 0)
                    return -1;
            }
        }
        if (matched || s->additional == NULL || s->additional->boolean == 1)
            continue;
        if (s->additional->boolean == 0)
            fail(f, col, F_UNKNOWN_KEY, s, c, depth);
        else if (validate(s->additional, c, depth + 1, mark, f, col) == 0)
            continue;
        bad = 1;
        if (keep_going(col) != 0)
            return -1;
    }
    for (size_t r = 0; r < s->nrequired; r++) {
        int present = r < 64 ? (int)((seen >> r) & 1)
                             : cJSON_GetObjectItemCaseSensitive(node, s->required[r]) != NULL;
        if (!present) {
            f->key = s->required[r];
            fail(f, col, F_REQUIRED, s, node, depth);
            bad = 1;
            if (keep_going(col) != 0)
                return -1;
        }
    }
    return bad ? -1 : 0;
}

static int check_array(const struct sch *s, cJSON *node, int depth, int mark, struct failure *f,
                       struct collector *col)
{
    int bad = 0;
    if (s->min_items >= 0 || s->max_items >= 0) {
        size_t n = 0;
        for (const cJSON *c = node->child; c != NULL; c = c->next)
            n++;
        f->count = n;
        if (s->max_items >= 0 && (int64_t)n > s->max_items)
            bad = fail(f, col, F_MAX_ITEMS, s, node, depth);
        else if (s->min_items >= 0 && (int64_t)n < s->min_items)
            bad = fail(f, col, F_MIN_ITEMS, s, node, depth);
        if (bad && keep_going(col) != 0)
            return -1;
    }
    if (s->items == NULL)
        return bad;
    for (cJSON *c = node->child; c != NULL; c = c->next) {
        if (depth + 1 > SCHEMA_MAX_DEPTH)
            return fail(f, col, F_DEPTH, s, c, depth + 1);
        if (validate(s->items, c, depth + 1, mark, f, col) != 0) {
            bad = -1;
            if (keep_going(col) != 0)
                return -1;
        }
    }
    return bad;
}

/*
 * Collects the failures of the alternatives of an anyOf/oneOf, to report the
 * most useful one: the deepest (an alternative that got into the value beats
 * one that stopped at its type), at equal depth one that is not about the
 * type; when every alternative failed on the type of this very node, the
 * expected types are merged ("expected an object or null").  Alternatives
 * are always tried for their first failure only; when collecting, the best
 * one is then run again to collect all of its failures, so that "X or null"
 * reports everything wrong with the X and nothing about the null.
 */
struct branches {
    struct failure best;
    const struct sch *best_schema;
    int have;
    int all_type;
    unsigned types;
};

static int shallow(const struct failure *f)
{
    return f->kind == F_TYPE || f->kind == F_FALSE;
}

static void branch_failed(struct branches *br, const struct failure *cur, const cJSON *node,
                          const struct sch *b)
{
    if (cur->kind == F_TYPE && cur->node == node)
        br->types |= cur->types;
    else
        br->all_type = 0;
    if (!br->have || cur->depth > br->best.depth ||
        (cur->depth == br->best.depth && shallow(&br->best) && !shallow(cur))) {
        br->best = *cur;
        br->best_schema = b;
        br->have = 1;
    }
}

static int branches_report(const struct branches *br, cJSON *node, int depth, struct failure *f,
                           struct collector *col)
{
    *f = br->best;
    if (br->all_type && br->types != 0) {
        f->types = br->types;
        return fail(f, col, F_TYPE, NULL, node, depth);
    }
    if (col == NULL)
        return -1;
    if (validate(br->best_schema, node, depth, 0, f, col) == 0) {
        *f = br->best;  /* cannot happen: it failed a moment ago */
        return fail(f, col, f->kind, f->s, f->node, f->depth);
    }
    return -1;
}

/*
 * Marking (schema.h): with `mark` set, this schema must validate for the whole
 * to validate, so marks it leaves are right even if it fails (the whole fails
 * then).  An alternative is tried with `mark` clear and applied again with
 * marking only once it is known to validate, except the last one left, whose
 * failure fails the whole.  Alternatives without a date format are not
 * applied again.
 */
static int check_any_of(const struct sch *s, cJSON *node, int depth, int mark, struct failure *f,
                        struct collector *col)
{
    struct branches br = {.have = 0, .all_type = 1, .types = 0};
    struct failure cur;
    int ok = 0;
    for (size_t i = 0; i < s->nany_of; i++) {
        const struct sch *b = s->any_of[i];
        int direct = mark && !ok && i + 1 == s->nany_of;
        if (ok && !(mark && b->has_date))
            continue;
        if (validate(b, node, depth, direct, &cur, NULL) == 0) {
            ok = 1;
            if (mark && !direct && b->has_date && validate(b, node, depth, 1, &cur, NULL) != 0)
                return fail(f, col, cur.kind, cur.s, cur.node, cur.depth);  /* regex out of memory */
            continue;
        }
        if (cur.kind == F_NOMEM || cur.kind == F_DEPTH)
            return fail(f, col, cur.kind, cur.s, cur.node, cur.depth);
        if (!ok)
            branch_failed(&br, &cur, node, b);
    }
    return ok ? 0 : branches_report(&br, node, depth, f, col);
}

static int check_one_of(const struct sch *s, cJSON *node, int depth, int mark, struct failure *f,
                        struct collector *col)
{
    struct branches br = {.have = 0, .all_type = 1, .types = 0};
    struct failure cur;
    size_t nvalid = 0, winner = 0;
    int winner_marked = 0;
    for (size_t i = 0; i < s->none_of; i++) {
        const struct sch *b = s->one_of[i];
        int direct = mark && nvalid == 0 && i + 1 == s->none_of;
        if (validate(b, node, depth, direct, &cur, NULL) == 0) {
            if (nvalid == 1) {
                f->count = winner + 1;
                f->other = i + 1;
                return fail(f, col, F_ONE_OF_MANY, s, node, depth);
            }
            nvalid = 1;
            winner = i;
            winner_marked = direct;
            continue;
        }
        if (cur.kind == F_NOMEM || cur.kind == F_DEPTH)
            return fail(f, col, cur.kind, cur.s, cur.node, cur.depth);
        branch_failed(&br, &cur, node, b);
    }
    if (nvalid == 0)
        return branches_report(&br, node, depth, f, col);
    if (mark && !winner_marked && s->one_of[winner]->has_date &&
        validate(s->one_of[winner], node, depth, 1, f, col) != 0)
        return -1;
    return 0;
}

/*
 * 0 when `node` validates against `s`; else -1 with *f filled (the first
 * failure) and, when `col` is not NULL, every failure added to it.
 */
static int validate(const struct sch *s, cJSON *node, int depth, int mark, struct failure *f,
                    struct collector *col)
{
    if (s->boolean >= 0)
        return s->boolean ? 0 : fail(f, col, F_FALSE, s, node, depth);
    if (s->ref != NULL)
        return validate(s->ref, node, depth, mark, f, col);  /* its siblings are annotations */
    unsigned type = instance_type(node);
    if (s->types != 0 && (s->types & type) == 0) {
        f->types = s->types;
        return fail(f, col, F_TYPE, s, node, depth);
    }
    if (s->enum_values != NULL && !in_enum(s, node))
        return fail(f, col, F_ENUM, s, node, depth);
    if (s->const_value != NULL && !json_equal(s->const_value, node))
        return fail(f, col, F_CONST, s, node, depth);
    switch (type & ~(unsigned)T_INTEGER) {
    case T_STRING:
        if (check_string(s, node, depth, mark, f, col) != 0)
            return -1;
        break;
    case T_NUMBER:
        if (s->has_minimum && node->valuedouble < s->minimum)
            return fail(f, col, F_MINIMUM, s, node, depth);
        if (s->has_maximum && node->valuedouble > s->maximum)
            return fail(f, col, F_MAXIMUM, s, node, depth);
        break;
    case T_OBJECT:
        if (check_object(s, node, depth, mark, f, col) != 0)
            return -1;
        break;
    case T_ARRAY:
        if (check_array(s, node, depth, mark, f, col) != 0)
            return -1;
        break;
    default:
        break;
    }
    if (s->nany_of > 0 && check_any_of(s, node, depth, mark, f, col) != 0)
        return -1;
    if (s->none_of > 0 && check_one_of(s, node, depth, mark, f, col) != 0)
        return -1;
    return 0;
}

/* ---------------------------------------------------------------------------
 * Messages
 */

static const char *type_word(unsigned bit)
{
    for (size_t i = 0; i < TYPE_COUNT; i++) {
        if (type_names[i].bit == bit)
            return TR(type_names[i].vi, type_names[i].en);
    }
    return "?";
}

/* "a string", "a string or null", "an object, an array or null". */
static void sb_types(struct sbuf *b, unsigned types)
{
    static const unsigned order[] = {T_OBJECT, T_ARRAY, T_STRING, T_NUMBER, T_INTEGER, T_BOOLEAN, T_NULL};
    unsigned list[7];
    size_t n = 0;
    if (types & T_NUMBER)
        types &= ~(unsigned)T_INTEGER;  /* a number covers the integers */
    for (size_t i = 0; i < 7; i++) {
        if (types & order[i])
            list[n++] = order[i];
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sb_printf(b, "%s", i + 1 == n ? TR(" hoặc ", " or ") : ", ");
        sb_printf(b, "%s", type_word(list[i]));
    }
}

/* What the node is, for "got ...": its type, or the number itself where the type matches. */
static void sb_got(struct sbuf *b, const cJSON *node, unsigned expected)
{
    unsigned type = instance_type(node);
    if ((type & T_NUMBER) && (expected & T_INTEGER)) {
        sb_value(b, node, 1);
        return;
    }
    sb_printf(b, "%s", type_word(type & ~(unsigned)T_INTEGER));
}

/* The keys an object of `s` may have, for "allowed: ...". */
static void sb_allowed_keys(struct sbuf *b, const struct sch *s);

/*
 * A pattern in words: its x-pattern-text, else, for a literal prefix such as
 * "^x_", "starting with "x_"".  Returns 0, having written nothing, for any
 * other pattern: the regular expression itself is never shown.
 */
static int sb_pattern_words(struct sbuf *b, const struct pattern *p, const char *const text[2])
{
    if (text != NULL && text[0] != NULL) {
        sb_printf(b, "%s", text[i18n_lang()]);
        return 1;
    }
    int literal = p->atoms != NULL && p->anchored_start && !p->anchored_end && p->natoms > 0;
    for (size_t i = 0; literal && i < p->natoms; i++) {
        const struct atom *a = &p->atoms[i];
        int bits = 0;
        for (int w = 0; w < 2; w++)
            for (uint64_t v = a->set[w]; v != 0; v &= v - 1)
                bits++;
        literal = bits == 1 && a->count == 1;
    }
    if (!literal)
        return 0;
    sb_printf(b, "%s", TR("bắt đầu bằng \"", "starting with \""));
    for (size_t i = 0; i < p->natoms; i++) {
        for (unsigned c = 0; c < 128; c++) {
            if (p->atoms[i].set[c >> 6] & ((uint64_t)1 << (c & 63)))
                sb_putc(b, (char)c);
        }
    }
    sb_putc(b, '"');
    return 1;
}

static void sb_allowed_keys(struct sbuf *b, const struct sch *s)
{
    int listed = 0;
    for (const cJSON *p = s->properties ? s->properties->child : NULL; p != NULL; p = p->next) {
        if (b->len > 600) {
            sb_printf(b, ", ...");
            break;
        }
        sb_printf(b, "%s%s", listed++ ? ", " : "", p->string);
    }
    for (size_t i = 0; i < s->npats; i++) {
        sb_printf(b, "%s%s", listed++ ? ", " : "", TR("các khóa ", "keys "));
        if (!sb_pattern_words(b, &s->pats[i].pattern, NULL))
            sb_printf(b, "%s", TR("theo dạng quy định", "of the required form"));
    }
    if (!listed)
        sb_printf(b, "%s", TR("không có", "none"));
}

/*
 * The declared name closest to `word`, for "did you mean", or NULL.  Words
 * under 3 bytes get no suggestion: one edit away from "q" is every letter.
 */
static const char *closest_key(const struct sch *s, const char *word)
{
    const char *names[256];
    size_t n = 0;
    if (strlen(word) < 3)
        return NULL;
    for (const cJSON *p = s->properties ? s->properties->child : NULL; p != NULL && n < 256;
         p = p->next)
        names[n++] = p->string;
    return suggest_closest(word, names, n);
}

static const char *closest_enum(const struct sch *s, const char *word)
{
    const char *names[256];
    size_t n = 0;
    if (strlen(word) < 3)
        return NULL;
    for (const cJSON *v = s->enum_values->child; v != NULL && n < 256; v = v->next) {
        if (cJSON_IsString(v))
            names[n++] = v->valuestring;
    }
    return suggest_closest(word, names, n);
}

/* The allowed values of an enum, each with its label when it has one. */
static void sb_enum_values(struct sbuf *b, const struct sch *s, const char *field,
                           const struct schema_report_options *opt)
{
    int n = 0;
    for (const cJSON *v = s->enum_values->child; v != NULL; v = v->next) {
        if (b->len > 600) {
            sb_printf(b, ", ...");
            break;
        }
        sb_printf(b, "%s", n++ ? ", " : "");
        sb_value(b, v, 0);
        const char *label = opt != NULL && opt->label != NULL && cJSON_IsString(v)
                                ? opt->label(opt->label_ctx, field, v->valuestring) : NULL;
        if (label != NULL)
            sb_printf(b, " (%s)", label);
    }
}

/*
 * A date written day first ("15/06/2025", "5-6-2025", "15.06.2025") that is a
 * real day: the same day written YYYY-MM-DD into iso, and 1; else 0.
 */
static int day_first_date(const char *t, char iso[DATE_TEXT_SIZE])
{
    int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0};
    char sep = 0;
    size_t i = 0;
    for (int k = 0; k < 3; k++) {
        while (isdigit((unsigned char)t[i]) && digits[k] < 4) {
            part[k] = part[k] * 10 + (t[i] - '0');
            digits[k]++;
            i++;
        }
        if (k < 2) {
            if (t[i] != '/' && t[i] != '-' && t[i] != '.')
                return 0;
            if (sep != 0 && t[i] != sep)
                return 0;
            sep = t[i++];
        }
    }
    if (t[i] != '\0' || digits[0] < 1 || digits[0] > 2 || digits[1] < 1 || digits[1] > 2 ||
        digits[2] != 4 || !date_valid(part[2], part[1], part[0]))
        return 0;
    date_format_iso(date_from_ymd(part[2], part[1], part[0]), iso);
    return 1;
}

static void describe_date(struct sbuf *b, struct sbuf *e, const cJSON *node)
{
    const char *t = node->valuestring ? node->valuestring : "";
    char iso[DATE_TEXT_SIZE];
    int shaped = strlen(t) == 10 && t[4] == '-' && t[7] == '-';
    for (int i = 0; shaped && i < 10; i++)
        shaped = i == 4 || i == 7 || isdigit((unsigned char)t[i]);
    sb_value(b, node, 1);
    sb_printf(b, "%s", TR(" không phải là ngày hợp lệ", " is not a valid date"));
    if (day_first_date(t, iso)) {
        sb_printf(b, TR("; hãy viết %s", "; write it as %s"), iso);
        sb_printf(e, "%s", iso);
        return;
    }
    sb_printf(e, "YYYY-MM-DD");
    if (!shaped)
        sb_printf(b, "%s", TR("; cần dạng YYYY-MM-DD", "; expected YYYY-MM-DD"));
}

/*
 * Put failure `f` into words: the message into buf, what was expected alone
 * into exp (may be empty).  `opt` (may be NULL) names enumeration values.
 */
static void describe(const struct failure *f, const struct schema_report_options *opt, char *buf,
                     size_t size, char *exp, size_t exp_size)
{
    struct sbuf b, e;
    const struct sch *s = f->s;
    const char *near = NULL;
    sb_init(&b, buf, size);
    sb_init(&e, exp, exp_size);
    switch (f->kind) {
    case F_FALSE:
        sb_printf(&b, "%s", TR("không được phép có giá trị ở đây", "no value is allowed here"));
        break;
    case F_TYPE: {
        char got[96];
        struct sbuf g;
        sb_init(&g, got, sizeof got);
        sb_types(&e, f->types);
        sb_got(&g, f->node, f->types);
        sb_printf(&b, TR("cần %s, nhận được %s", "expected %s, got %s"), exp, got);
        break;
    }
    case F_REQUIRED:
        sb_printf(&b, "%s", TR("thiếu khóa bắt buộc ", "required key "));
        sb_quote(&b, f->key, 64);
        sb_printf(&b, "%s", TR("", " is missing"));
        sb_quote(&e, f->key, 64);
        break;
    case F_UNKNOWN_KEY:
        sb_printf(&b, "%s", TR("khóa không hợp lệ ", "unknown key "));
        sb_quote(&b, f->node->string ? f->node->string : "", 64);
        near = closest_key(s, f->node->string ? f->node->string : "");
        if (near != NULL)
            sb_printf(&b, TR(" (có phải \"%s\"?)", " (did you mean \"%s\"?)"), near);
        sb_allowed_keys(&e, s);
        sb_printf(&b, TR("; các khóa hợp lệ: %s", "; allowed: %s"), exp);
        break;
    case F_ENUM:
        sb_value(&b, f->node, 1);
        sb_enum_values(&e, s, f->node->string, opt);
        sb_printf(&b, TR(" không thuộc các giá trị: %s", " is not one of: %s"), exp);
        if (cJSON_IsString(f->node))
            near = closest_enum(s, f->node->valuestring);
        if (near != NULL)
            sb_printf(&b, TR("; có phải \"%s\"?", "; did you mean \"%s\"?"), near);
        break;
    case F_CONST:
        sb_printf(&b, "%s", TR("cần ", "expected "));
        sb_value(&b, s->const_value, 1);
        sb_printf(&b, "%s", TR(", nhận được ", ", got "));
        sb_value(&b, f->node, 1);
        sb_value(&e, s->const_value, 1);
        break;
    case F_MIN_ITEMS:
        sb_printf(&b, TR("cần ít nhất %lld phần tử%s, nhận được %zu", "at least %lld item%s, got %zu"),
                  (long long)s->min_items, TR("", s->min_items == 1 ? "" : "s"), f->count);
        break;
    case F_MAX_ITEMS:
        sb_printf(&b, TR("tối đa %lld phần tử%s, nhận được %zu", "at most %lld item%s, got %zu"),
                  (long long)s->max_items, TR("", s->max_items == 1 ? "" : "s"), f->count);
        break;
    case F_MIN_LENGTH:
        sb_value(&b, f->node, 1);
        sb_printf(&b, TR(" quá ngắn: cần ít nhất %lld ký tự%s, nhận được %zu",
                         " is too short: at least %lld character%s, got %zu"),
                  (long long)s->min_length, TR("", s->min_length == 1 ? "" : "s"), f->count);
        break;
    case F_MAX_LENGTH:
        sb_value(&b, f->node, 1);
        sb_printf(&b, TR(" quá dài: tối đa %lld ký tự%s, nhận được %zu",
                         " is too long: at most %lld character%s, got %zu"),
                  (long long)s->max_length, TR("", s->max_length == 1 ? "" : "s"), f->count);
        break;
    case F_MINIMUM:
        sb_value(&b, f->node, 1);
        sb_printf(&b, TR(" nhỏ hơn giá trị tối thiểu %.15g", " is less than the minimum %.15g"),
                  s->minimum);
        break;
    case F_MAXIMUM:
        sb_value(&b, f->node, 1);
        sb_printf(&b, TR(" lớn hơn giá trị tối đa %.15g", " is greater than the maximum %.15g"),
                  s->maximum);
        break;
    case F_PATTERN:
        sb_value(&b, f->node, 1);
        if (sb_pattern_words(&e, s->pattern, s->pattern_text))
            sb_printf(&b, TR(" không đúng dạng: cần %s", " is not in the expected form: %s"), exp);
        else
            sb_printf(&b, "%s", TR(" không đúng dạng quy định", " is not in the required form"));
        break;
    case F_DATE:
        describe_date(&b, &e, f->node);
        break;
    case F_ONE_OF_MANY:
        sb_printf(&b, TR("khớp với nhiều hơn một phương án (%zu và %zu)",
                         "matches more than one alternative (%zu and %zu)"), f->count, f->other);
        break;
    case F_DEPTH:
        sb_printf(&b, TR("lồng nhau quá sâu (hơn %d cấp)", "nested too deeply (more than %d levels)"),
                  SCHEMA_MAX_DEPTH);
        break;
    case F_NOMEM:
        sb_printf(&b, "%s", TR("hết bộ nhớ khi so khớp mẫu", "out of memory while matching a pattern"));
        break;
    }
}

enum admit_status schema_validate(const struct schema *s, cJSON *instance, struct admit_error *err)
{
    struct failure f;
    char path[256], msg[ADMIT_ERROR_MAX], exp[512];
    if (s == NULL || instance == NULL || s->nnodes == 0)
        return admit_error_set(err, ADMIT_EINTERNAL, NULL, NULL, "schema_validate: no schema or instance");
    memset(&f, 0, sizeof f);
    if (validate(s->nodes[0], instance, 0, 1, &f, NULL) == 0)
        return ADMIT_OK;
    describe(&f, NULL, msg, sizeof msg, exp, sizeof exp);
    node_path(instance, f.node, PATH_DOTTED, path, sizeof path);
    return admit_error_set(err, f.kind == F_NOMEM ? ADMIT_ENOMEM : ADMIT_EINPUT, NULL, path, "%s", msg);
}

enum admit_status schema_validate_all(const struct schema *s, cJSON *instance,
                                      const struct schema_report_options *opt,
                                      struct schema_issues *out, struct admit_error *err)
{
    struct failure f;
    struct collector col = {NULL, 0, 20, 0, 0};
    enum admit_status st = ADMIT_OK;
    memset(out, 0, sizeof *out);
    if (s == NULL || instance == NULL || s->nnodes == 0)
        return admit_error_set(err, ADMIT_EINTERNAL, NULL, NULL,
                               "schema_validate_all: no schema or instance");
    if (opt != NULL && opt->max > 0)
        col.max = opt->max;
    col.items = calloc(col.max, sizeof *col.items);
    if (col.items == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    memset(&f, 0, sizeof f);
    if (validate(s->nodes[0], instance, 0, 1, &f, &col) == 0)
        goto done;
    if (col.count == 0) {   /* every failure is recorded; keep the first one anyway */
        col.items[0] = f;
        col.count = col.total = 1;
    }
    out->items = calloc(col.count, sizeof *out->items);
    if (out->items == NULL) {
        st = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
        goto done;
    }
    for (size_t i = 0; i < col.count; i++) {
        struct schema_issue *is = &out->items[i];
        const struct failure *fi = &col.items[i];
        is->node = fi->node;
        is->at_key = fi->kind == F_UNKNOWN_KEY;
        describe(fi, opt, is->message, sizeof is->message, is->expected, sizeof is->expected);
        node_path(instance, fi->node, PATH_DOTTED, is->path, sizeof is->path);
        if (fi->kind == F_NOMEM)
            st = admit_error_set(err, ADMIT_ENOMEM, NULL, is->path, "%s", is->message);
    }
    out->count = col.count;
    out->total = col.total;
    if (st == ADMIT_OK)
        st = ADMIT_EINPUT;
done:
    free(col.items);
    return st;
}

void schema_issues_release(struct schema_issues *issues)
{
    if (issues == NULL)
        return;
    free(issues->items);
    memset(issues, 0, sizeof *issues);
}

/* ---------------------------------------------------------------------------
 * Key order, for `admit fmt`
 */

/* The subschema that describes an object here: follows $ref and alternatives. */
static const struct sch *object_schema(const struct sch *s, int depth)
{
    if (s == NULL || s->boolean >= 0 || depth > 4 * SCHEMA_MAX_DEPTH)
        return NULL;
    if (s->ref != NULL)
        return object_schema(s->ref, depth + 1);
    if (s->types != 0 && !(s->types & T_OBJECT))
        return NULL;
    if (s->properties != NULL)
        return s;
    for (size_t i = 0; i < s->nany_of; i++) {
        const struct sch *o = object_schema(s->any_of[i], depth + 1);
        if (o != NULL)
            return o;
    }
    for (size_t i = 0; i < s->none_of; i++) {
        const struct sch *o = object_schema(s->one_of[i], depth + 1);
        if (o != NULL)
            return o;
    }
    return NULL;
}

/* The subschema that describes the items of an array here. */
static const struct sch *items_schema(const struct sch *s, int depth)
{
    if (s == NULL || s->boolean >= 0 || depth > 4 * SCHEMA_MAX_DEPTH)
        return NULL;
    if (s->ref != NULL)
        return items_schema(s->ref, depth + 1);
    if (s->items != NULL)
        return s->items;
    for (size_t i = 0; i < s->nany_of; i++) {
        const struct sch *o = items_schema(s->any_of[i], depth + 1);
        if (o != NULL)
            return o;
    }
    for (size_t i = 0; i < s->none_of; i++) {
        const struct sch *o = items_schema(s->one_of[i], depth + 1);
        if (o != NULL)
            return o;
    }
    return NULL;
}

/* The schema a member named `name` of an object of `o` follows, or NULL. */
static const struct sch *member_schema(const struct sch *o, const char *name)
{
    const struct key *k = o->nkeys ? find_key(o, name) : NULL;
    if (k != NULL && k->schema != NULL)
        return k->schema;
    for (size_t i = 0; i < o->npats; i++) {
        if (pattern_match(&o->pats[i].pattern, name) == 1)
            return o->pats[i].schema;
    }
    return o->additional;
}

static void order_keys(const struct sch *s, cJSON *node, int depth)
{
    if (s == NULL || depth > SCHEMA_MAX_DEPTH)
        return;
    if (cJSON_IsArray(node)) {
        const struct sch *items = items_schema(s, 0);
        for (cJSON *c = node->child; c != NULL; c = c->next)
            order_keys(items, c, depth + 1);
        return;
    }
    if (!cJSON_IsObject(node))
        return;
    const struct sch *o = object_schema(s, 0);
    if (o == NULL)
        return;
    /* Detach the declared members in schema order, then put back what is left. */
    cJSON *sorted = NULL, *last = NULL;
    for (const cJSON *p = o->properties->child; p != NULL; p = p->next) {
        cJSON *m = cJSON_DetachItemFromObjectCaseSensitive(node, p->string);
        if (m == NULL)
            continue;
        m->prev = last;
        m->next = NULL;
        if (last == NULL)
            sorted = m;
        else
            last->next = m;
        last = m;
    }
    if (sorted != NULL) {
        last->next = node->child;
        if (node->child != NULL)
            node->child->prev = last;
        node->child = sorted;
        /* cJSON keeps the last item in child->prev */
        cJSON *tail = sorted;
        while (tail->next != NULL)
            tail = tail->next;
        sorted->prev = tail;
    }
    for (cJSON *c = node->child; c != NULL; c = c->next)
        order_keys(member_schema(o, c->string ? c->string : ""), c, depth + 1);
}

void schema_order_keys(const struct schema *s, cJSON *instance)
{
    if (s == NULL || instance == NULL || s->nnodes == 0)
        return;
    order_keys(s->nodes[0], instance, 0);
}

int schema_is_date(const cJSON *node)
{
    return node != NULL && (node->type & SCHEMA_DATE_MARK) != 0 && cJSON_IsString(node);
}

int32_t schema_date_day(const cJSON *node)
{
    return schema_is_date(node) ? (int32_t)node->valueint : 0;
}
