/*
 * jsontext.c - strict JSON parsing on top of cJSON.
 *
 * A first pass over the bytes checks encoding, control characters and depth
 * with exact positions (cJSON reports only an offset, and accepts some of
 * these).  cJSON then parses; a walk over the tree checks keys, numbers and
 * array lengths with JSON paths.
 */
#include "jsontext.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "i18n.h"
#include "input.h"

/* Line and column (both from 1, columns in characters) of byte `offset`. */
static void locate(const char *text, size_t offset, int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            (*line)++;
            *column = 1;
        } else if ((c & 0xC0) != 0x80) {
            (*column)++;   /* count characters, not continuation bytes */
        }
    }
}

static enum admit_status error_at(struct admit_error *err, const char *text, size_t offset,
                                  const char *source, const char *what)
{
    int line, column;
    char where[64];
    locate(text, offset, &line, &column);
    snprintf(where, sizeof where, TR("dòng %d, cột %d", "line %d, column %d"), line, column);
    return admit_error_set(err, ADMIT_EINPUT, source, where, "%s", what);
}

/*
 * Length of the well-formed UTF-8 sequence at s[0..avail), or 0 when it is
 * not one (overlong forms, surrogates and code points above U+10FFFF are not).
 */
static size_t utf8_sequence(const unsigned char *s, size_t avail)
{
    if (s[0] < 0x80)
        return 1;
    size_t n;
    unsigned cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        cp = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        cp = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/*
 * What the byte-level pass must look at, by byte: everything else (letters,
 * digits, punctuation, white space between values) is skipped in a tight
 * loop, which is most of a dossier.  Inside a string: the quote that ends
 * it, an escape, a control character, a byte of a multi-byte sequence.
 * Outside: a quote, brackets (depth), NUL, a multi-byte sequence.
 */
enum { STOP_IN_STRING = 1, STOP_OUTSIDE = 2 };

#define BYTE_STOPS(c)                                                                  \
    ((((c) < 0x20 || (c) >= 0x80 || (c) == '"' || (c) == '\\') ? STOP_IN_STRING : 0) | \
     (((c) >= 0x80 || (c) == '"' || (c) == '[' || (c) == '{' || (c) == ']' ||          \
       (c) == '}' || (c) == 0) ? STOP_OUTSIDE : 0))
#define STOPS4(c) BYTE_STOPS(c), BYTE_STOPS((c) + 1), BYTE_STOPS((c) + 2), BYTE_STOPS((c) + 3)
#define STOPS16(c) STOPS4(c), STOPS4((c) + 4), STOPS4((c) + 8), STOPS4((c) + 12)
#define STOPS64(c) STOPS16(c), STOPS16((c) + 16), STOPS16((c) + 32), STOPS16((c) + 48)

static const unsigned char byte_stops[256] = {STOPS64(0), STOPS64(64), STOPS64(128), STOPS64(192)};

/*
 * The first byte at or after s[i] that the byte pass must look at (a `stop`
 * of byte_stops), or len.  With SSE2 (every x86-64), sixteen bytes are
 * tested at once: a dossier's runs of plain bytes are short (a key, a date,
 * the indentation between two values), and testing them a byte at a time
 * was most of the pass's instructions; a test of a whole run costs about
 * what one byte's did.  Signed, a byte from 0x80 is negative: "less than
 * 0x20" takes in both the control characters and the bytes of multi-byte
 * sequences, "less than 1" NUL and those bytes; c | 0x20 is '{' only for
 * '[' and '{', '}' only for ']' and '}'.
 */
static size_t skip_plain(const unsigned char *s, size_t i, size_t len, unsigned char stop)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    if (stop == STOP_IN_STRING) {
        const __m128i below_space = _mm_set1_epi8(0x20), backslash = _mm_set1_epi8('\\');
        for (; i + 16 <= len; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i hit = _mm_or_si128(_mm_cmplt_epi8(v, below_space),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                    _mm_cmpeq_epi8(v, backslash)));
            unsigned mask = (unsigned)_mm_movemask_epi8(hit);
            if (mask != 0)
                return i + (size_t)__builtin_ctz(mask);
        }
    } else {
        const __m128i one = _mm_set1_epi8(1), case_bit = _mm_set1_epi8(0x20);
        const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
        for (; i + 16 <= len; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i folded = _mm_or_si128(v, case_bit);
            __m128i hit = _mm_or_si128(
                _mm_or_si128(_mm_cmplt_epi8(v, one), _mm_cmpeq_epi8(v, quote)),
                _mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)));
            unsigned mask = (unsigned)_mm_movemask_epi8(hit);
            if (mask != 0)
                return i + (size_t)__builtin_ctz(mask);
        }
    }
#endif
    while (i < len && !(byte_stops[s[i]] & stop))
        i++;
    return i;
}

/*
 * The byte-level pass: encoding, control characters in strings, depth.
 * *unfinished is set when the text ends inside a string or an open array or
 * object, or holds only white space: if cJSON fails, it ran out of text.
 */
static enum admit_status scan_text(const char *text, size_t len, const char *source,
                                   const struct jsontext_limits *limits, int *unfinished,
                                   struct admit_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t depth = 0, i = 0;
    int in_string = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    size_t first = i;   /* seen: some ASCII byte other than white space */
    while (i < len) {
        i = skip_plain(s, i, len, in_string ? STOP_IN_STRING : STOP_OUTSIDE);
        if (i == len)
            break;
        unsigned char c = s[i];
        if (c >= 0x80) {
            size_t n = utf8_sequence(s + i, len - i);
            if (n == 0)
                return error_at(err, text, i, source,
                                TR("dữ liệu không phải UTF-8 hợp lệ", "invalid UTF-8"));
            i += n;
            continue;
        }
        if (in_string) {
            if (c == '\\' && i + 1 < len && s[i + 1] < 0x80) {   /* an escape is ASCII */
                /* cJSON decodes \u0000 into a NUL byte that ends the C string:
                 * "X\u0000-REVOKED" would read as "X".  Refuse it. */
                if (s[i + 1] == 'u' && i + 6 <= len && memcmp(s + i + 2, "0000", 4) == 0)
                    return error_at(err, text, i, source,
                                    TR("\\u0000 (ký tự NUL) không được phép trong chuỗi: "
                                       "cần một ký tự khác NUL",
                                       "\\u0000 (the NUL character) is not allowed in a string: "
                                       "expected a character other than NUL"));
                i += 2;
                continue;
            }
            if (c == '"')
                in_string = 0;
            else if (c < 0x20)
                return error_at(err, text, i, source,
                                TR("ký tự điều khiển trong chuỗi (cần viết dạng \\n, \\t, ...)",
                                   "control character in a string (write it as \\n, \\t, ...)"));
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > limits->max_depth) {
                char what[128];
                snprintf(what, sizeof what, TR("lồng nhau quá sâu: tối đa %zu cấp",
                                               "nested too deeply: at most %zu levels"),
                         limits->max_depth);
                return error_at(err, text, i, source, what);
            }
        } else if (c == ']' || c == '}') {
            if (depth > 0)
                depth--;
        } else if (c == '\0') {
            return error_at(err, text, i, source, TR("byte NUL trong dữ liệu", "NUL byte in the input"));
        }
        i++;
    }
    int seen = 0;
    for (i = first; i < len && !seen; i++)   /* stops at once but after multi-byte text */
        seen = s[i] < 0x80 && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n');
    *unfinished = in_string || depth > 0 || !seen;
    return ADMIT_OK;
}

size_t jsontext_path_push(char *buf, size_t size, size_t used, const char *key, int index)
{
    int n;
    if (used >= size)
        return size;
    if (key != NULL)
        n = snprintf(buf + used, size - used, "%s%s", used ? "." : "", key);
    else
        n = snprintf(buf + used, size - used, "[%d]", index);
    if (n < 0 || (size_t)n >= size - used)
        return size;
    return used + (size_t)n;
}

static int compare_keys(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(x->string, y->string);
}

/*
 * The first duplicated key among the members of `object`, or NULL.  Small
 * objects are compared pairwise; large ones are sorted (an attacker's object
 * with many keys must not cost quadratic time).
 */
static const char *duplicate_key(const cJSON *object, size_t count, int *oom)
{
    const cJSON *child;
    if (count <= 16) {
        for (child = object->child; child; child = child->next)
            for (const cJSON *other = child->next; other; other = other->next)
                if (child->string[0] == other->string[0] &&   /* most differ there */
                    strcmp(child->string, other->string) == 0)
                    return child->string;
        return NULL;
    }
    const cJSON **keys = malloc(count * sizeof *keys);
    const char *found = NULL;
    if (keys == NULL) {
        *oom = 1;
        return NULL;
    }
    size_t n = 0;
    for (child = object->child; child; child = child->next)
        keys[n++] = child;
    qsort(keys, n, sizeof *keys, compare_keys);
    for (size_t i = 1; i < n && !found; i++)
        if (strcmp(keys[i - 1]->string, keys[i]->string) == 0)
            found = keys[i]->string;
    free(keys);
    return found;
}

/*
 * The tree-level pass.  The way down is kept as a trail of nodes and array
 * indexes, and turned into a JSON path only when something is wrong: building
 * a path string for every node cost as much as parsing.
 */
struct trail {
    const cJSON *node[JSONTEXT_TRAIL_MAX];
    int index[JSONTEXT_TRAIL_MAX];
    size_t depth;
};

/* The JSON path of the trail's last node, plus `key` when not NULL. */
static void trail_path(const struct trail *t, const char *key, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 1; i < t->depth && used < size; i++) {
        const cJSON *parent = t->node[i - 1];
        used = jsontext_path_push(buf, size, used,
                                  cJSON_IsObject(parent) ? t->node[i]->string : NULL, t->index[i]);
    }
    if (key != NULL && used < size)
        used = jsontext_path_push(buf, size, used, key, 0);
    if (used >= size)
        buf[size - 1] = '\0';   /* shown shortened */
}

static enum admit_status walk_error(const struct trail *t, const char *key, const char *source,
                                    struct admit_error *err, enum admit_status status,
                                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static enum admit_status walk_error(const struct trail *t, const char *key, const char *source,
                                    struct admit_error *err, enum admit_status status,
                                    const char *fmt, ...)
{
    char path[256], message[512];
    va_list ap;
    trail_path(t, key, path, sizeof path);
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return admit_error_set(err, status, source, path, "%s", message);
}

/* cJSON's type tests, without a call into the shared library for each of
 * the tree's nodes (they read the same byte of `type`). */
static int node_type(const cJSON *node)
{
    return node->type & 0xFF;
}

static enum admit_status walk_tree(struct trail *t, const char *source,
                                   const struct jsontext_limits *limits, struct admit_error *err)
{
    const cJSON *node = t->node[t->depth - 1];
    enum admit_status status = ADMIT_OK;
    int type = node_type(node);
    if (type == cJSON_Number && !isfinite(node->valuedouble))
        return walk_error(t, NULL, source, err, ADMIT_EINPUT, "%s",
                          TR("số vượt quá giới hạn", "number out of range"));
    if (type != cJSON_Array && type != cJSON_Object)
        return ADMIT_OK;
    if (t->depth >= JSONTEXT_TRAIL_MAX)   /* the byte pass bounds depth well below */
        return walk_error(t, NULL, source, err, ADMIT_EINPUT, "%s",
                          TR("lồng nhau quá sâu", "nested too deeply"));

    size_t count = 0;
    for (const cJSON *child = node->child; child; child = child->next)
        count++;
    if (type == cJSON_Array && count > limits->max_items)
        return walk_error(t, NULL, source, err, ADMIT_EINPUT,
                          TR("mảng có %zu phần tử, tối đa %zu", "array has %zu items, at most %zu"),
                          count, limits->max_items);
    if (type == cJSON_Object) {
        int oom = 0;
        const char *dup = duplicate_key(node, count, &oom);
        if (oom)
            return walk_error(t, NULL, source, err, ADMIT_ENOMEM, "out of memory");
        if (dup != NULL)
            return walk_error(t, dup, source, err, ADMIT_EINPUT,
                              TR("khóa \"%s\" xuất hiện hai lần", "key \"%s\" appears twice"), dup);
    }
    int index = 0;
    for (const cJSON *child = node->child; child && status == ADMIT_OK; child = child->next) {
        t->node[t->depth] = child;
        t->index[t->depth] = index++;
        t->depth++;
        status = walk_tree(t, source, limits, err);
        t->depth--;
    }
    return status;
}

static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

enum admit_status jsontext_parse(const char *text, size_t len, const char *source,
                                 const struct jsontext_limits *limits, cJSON **out,
                                 struct admit_error *err)
{
    enum admit_status status;
    const char *end = NULL;
    cJSON *root = NULL;
    int unfinished = 0;

    *out = NULL;
    status = scan_text(text, len, source, limits, &unfinished, err);
    if (status != ADMIT_OK)
        return status;
    /* cJSON resets a global error position on every parse: one parse at a
     * time, so that admit audit's worker threads do not race on it (the
     * tree is built under the lock, the checks below run outside it). */
    pthread_mutex_lock(&parse_lock);
    unsigned long failures = alloc_failures();
    root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    int out_of_memory = root == NULL && alloc_failures() != failures;
    pthread_mutex_unlock(&parse_lock);
    if (out_of_memory)   /* not the text's fault */
        return admit_error_set(err, ADMIT_ENOMEM, source, NULL, "%s",
                               TR("hết bộ nhớ", "out of memory"));
    if (root == NULL) {
        size_t offset = end != NULL && end >= text ? (size_t)(end - text) : 0;
        /* cJSON reports running out of text as an error at the last byte. */
        if (len == 0 || offset >= len || (unfinished && offset + 1 >= len))
            return error_at(err, text, len, source,
                            TR("JSON bị cắt cụt hoặc rỗng", "truncated or empty JSON"));
        return error_at(err, text, offset, source,
                        TR("JSON không hợp lệ ở đây", "invalid JSON here"));
    }
    size_t rest = (size_t)(end - text);
    while (rest < len && strchr(" \t\r\n", text[rest]) != NULL && text[rest] != '\0')
        rest++;
    if (rest < len) {
        cJSON_Delete(root);
        return error_at(err, text, rest, source,
                        TR("có dữ liệu thừa sau giá trị JSON", "unexpected text after the JSON value"));
    }
    struct trail *trail = malloc(sizeof *trail);
    if (trail == NULL) {
        cJSON_Delete(root);
        return admit_error_set(err, ADMIT_ENOMEM, source, NULL, "out of memory");
    }
    trail->node[0] = root;
    trail->index[0] = 0;
    trail->depth = 1;
    status = walk_tree(trail, source, limits, err);
    free(trail);
    if (status != ADMIT_OK) {
        cJSON_Delete(root);
        return status;
    }
    *out = root;
    return ADMIT_OK;
}

enum admit_status jsontext_parse_file(const char *path, const char *text, size_t len, cJSON **out,
                                      struct admit_error *err)
{
    static const struct jsontext_limits limits = {64, 100000};
    return jsontext_parse(text, len, path, &limits, out, err);
}

enum admit_status jsontext_read_file(const char *path, cJSON **out, struct admit_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    enum admit_status status = input_read(path, JSONTEXT_FILE_MAX, &text, &len, err);
    if (status == ADMIT_OK)
        status = jsontext_parse_file(path, text, len, out, err);
    free(text);
    return status;
}

/* ---------------------------------------------------------------------------
 * Finding a node in the text again (for line:column in validation errors).
 */

static size_t skip_space(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n'))
        i++;
    return i;
}

/* Past the string starting at t[i] == '"'. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len && t[i] != '"'; i++) {
        if (t[i] == '\\')
            i++;
    }
    return i < len ? i + 1 : len;
}

/* Past the value starting at t[i] (already valid JSON). */
static size_t skip_value(const char *t, size_t len, size_t i)
{
    size_t depth = 0;
    do {
        if (i >= len)
            return len;
        char c = t[i];
        if (c == '"') {
            i = skip_string(t, len, i);
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            depth--;
            i++;
        } else if (depth > 0) {
            i++;   /* separators and scalars inside a container */
        } else {
            while (i < len && strchr(",}] \t\r\n", t[i]) == NULL)
                i++;
        }
    } while (depth > 0);
    return i;
}

/* The positions (child indexes) from root down to node; -1 if not found. */
static int chain_to(const cJSON *cur, const cJSON *target, int *chain, int depth, int *found)
{
    if (cur == target) {
        *found = depth;
        return 0;
    }
    if (depth >= JSONTEXT_TRAIL_MAX || !(cJSON_IsObject(cur) || cJSON_IsArray(cur)))
        return -1;
    int i = 0;
    for (const cJSON *c = cur->child; c != NULL; c = c->next, i++) {
        chain[depth] = i;
        if (chain_to(c, target, chain, depth + 1, found) == 0)
            return 0;
    }
    return -1;
}

int jsontext_locate(const char *text, size_t len, const cJSON *root, const cJSON *node, int at_key,
                    int *line, int *column)
{
    int chain[JSONTEXT_TRAIL_MAX], depth = 0;
    const cJSON *cur = root;
    size_t i = skip_space(text, len, 0), key_at = 0;
    if (root == NULL || node == NULL || chain_to(root, node, chain, 0, &depth) != 0)
        return -1;
    for (int d = 0; d < depth; d++) {
        int object = cJSON_IsObject(cur);
        if (i >= len || text[i] != (object ? '{' : '['))
            return -1;
        i = skip_space(text, len, i + 1);
        for (int k = 0;; k++) {
            if (object) {
                if (i >= len || text[i] != '"')
                    return -1;
                key_at = i;
                i = skip_space(text, len, skip_string(text, len, i));
                if (i >= len || text[i] != ':')
                    return -1;
                i = skip_space(text, len, i + 1);
            }
            if (k == chain[d])
                break;
            i = skip_space(text, len, skip_value(text, len, i));
            if (i >= len || text[i] != ',')
                return -1;
            i = skip_space(text, len, i + 1);
        }
        cur = cJSON_GetArrayItem(cur, chain[d]);
    }
    locate(text, at_key && depth > 0 && node->string != NULL ? key_at : i, line, column);
    return 0;
}
