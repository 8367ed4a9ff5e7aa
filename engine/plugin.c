/*
 * plugin.c - the plugin host: loading native plugins and the host side of
 * plugins/admit_plugin.h.
 *
 * Loading is all-or-nothing and happens before any evaluation, on one
 * thread.  Afterwards a set is read-only; every call gets its own
 * `struct admit_call` on the caller's stack, so concurrent calls share
 * nothing the host writes.
 */
#include "plugin.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier.h"
#include "i18n.h"

/* Longest plugin name and version accepted (they go into every result). */
#define NAME_MAX_LEN 64
#define VERSION_MAX_LEN 64
/* Room for a message a plugin gives during init. */
#define PLUGIN_MESSAGE_MAX 512

/* -- host-side state ---------------------------------------------------- */

/* One loaded plugin; also the handle its init receives, so its address
 * stays fixed for the life of the set (a plugin may keep it for log()). */
struct admit_plugin {
    char *path;                 /* dir/file, owned */
    char *file;                 /* the entry name, for messages; owned */
    char *name;                 /* copied from info once accepted; owned */
    char *version;              /* likewise */
    char sha256[SHA256_HEX_SIZE];
    void *handle;               /* from dlopen */
    void (*shutdown)(void);
    struct plugin_set *set;     /* where registrations go */
    int loading;                /* inside admit_plugin_init: may register */
    int registration_failed;
    char registration_error[PLUGIN_MESSAGE_MAX];  /* the first failure */
    char init_error[PLUGIN_MESSAGE_MAX];          /* host->error, the last */
    int init_input_error;       /* that message came from host->input_error */
};

struct plugin_set {
    struct admit_plugin **plugins;  /* in load order; owned */
    size_t count, alloc;
    struct plugin_function *functions;
    size_t nfunctions, afunctions;
    struct plugin_check *checks;
    size_t nchecks, achecks;
};

/* The handle of a dossier given to a check. */
struct admit_dossier {
    const struct dossier *dossier;
};

/* One call of a function or check. */
struct admit_call {
    const struct plugin_call_env *env;
    int failed;
    char error[ADMIT_ERROR_MAX];    /* the first failure of the call */
    char *string;                   /* call_return_string's copy; owned */
};

/* The outcome a check builds, tied to its call for error reports. */
struct admit_outcome {
    struct outcome *out;
    struct admit_call *call;
    int status_set;                 /* outcome_set was called */
};

static plugin_log_fn log_handler;
static void *log_userdata;

void plugin_log_handler(plugin_log_fn fn, void *userdata)
{
    log_handler = fn;
    log_userdata = userdata;
}

/* -- small helpers ------------------------------------------------------ */

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

/* [a-z][a-z0-9_]* of at most `max` bytes. */
static int is_lower_identifier(const char *s, size_t max)
{
    if (s == NULL || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    size_t i = 1;
    for (; s[i] != '\0'; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return i <= max;
}

static int is_lua_keyword(const char *s)
{
    static const char *const keywords[] = {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    };
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
        if (strcmp(s, keywords[k]) == 0)
            return 1;
    }
    return 0;
}

/* A name rules can write after a dot: plugins.NAME.FN. */
static int is_lua_name(const char *s)
{
    if (s == NULL || s[0] == '\0' || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    size_t i = 0;
    for (; s[i] != '\0'; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return 0;
    }
    return i <= NAME_MAX_LEN && !is_lua_keyword(s);
}

/* "topic.name": lower identifiers joined by dots, at least two. */
static int is_check_id(const char *s)
{
    if (s == NULL || strlen(s) > 128)
        return 0;
    int parts = 0;
    const char *p = s;
    for (;;) {
        if (!(*p >= 'a' && *p <= 'z'))
            return 0;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
            p++;
        parts++;
        if (*p == '\0')
            return parts >= 2;
        if (*p != '.')
            return 0;
        p++;
    }
}

/*
 * A comma-separated list of lower identifiers, each at most `max` bytes;
 * with `allowed` (NULL-terminated) every item must be one of them.  No
 * empty item, no repeated item.
 */
static int is_word_list(const char *s, size_t max, const char *const *allowed)
{
    if (s == NULL || s[0] == '\0')
        return 0;
    const char *p = s;
    while (1) {
        size_t n = strcspn(p, ",");
        char word[NAME_MAX_LEN + 1];
        if (n == 0 || n > max || n > NAME_MAX_LEN)
            return 0;
        memcpy(word, p, n);
        word[n] = '\0';
        if (!is_lower_identifier(word, max))
            return 0;
        if (allowed != NULL) {
            size_t k = 0;
            while (allowed[k] != NULL && strcmp(allowed[k], word) != 0)
                k++;
            if (allowed[k] == NULL)
                return 0;
        }
        /* Repeated item: the same word, delimited, earlier in the list. */
        for (const char *q = s; q < p; q += strcspn(q, ",") + 1) {
            if (strcspn(q, ",") == n && memcmp(q, word, n) == 0)
                return 0;
        }
        if (p[n] == '\0')
            return 1;
        p += n + 1;
    }
}

/* Day numbers of 0001-01-01 and 9999-12-31, the dates admit knows. */
static int day_in_range(int32_t day)
{
    return day >= date_from_ymd(DATE_YEAR_MIN, 1, 1) && day <= date_from_ymd(DATE_YEAR_MAX, 12, 31);
}

/* -- host functions: init ----------------------------------------------- */

static void host_error(struct admit_plugin *plugin, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void host_error(struct admit_plugin *plugin, const char *fmt, ...)
{
    /* Outside init the plugin may run on several threads: nothing to write. */
    if (plugin == NULL || !plugin->loading || fmt == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(plugin->init_error, sizeof plugin->init_error, fmt, ap);
    va_end(ap);
    plugin->init_input_error = 0;
}

/* host_error for a refusal that is the user's input's fault (exit 2). */
static void host_input_error(struct admit_plugin *plugin, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void host_input_error(struct admit_plugin *plugin, const char *fmt, ...)
{
    if (plugin == NULL || !plugin->loading || fmt == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(plugin->init_error, sizeof plugin->init_error, fmt, ap);
    va_end(ap);
    plugin->init_input_error = 1;
}

static void host_log(struct admit_plugin *plugin, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void host_log(struct admit_plugin *plugin, int level, const char *fmt, ...)
{
    plugin_log_fn fn = log_handler;
    if (fn == NULL || plugin == NULL || fmt == NULL)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* Before init returns the plugin has no accepted name yet. */
    fn(log_userdata, plugin->name != NULL ? plugin->name : plugin->file, level, line);
}

static void *host_alloc(size_t size)
{
    return malloc(size > 0 ? size : 1);
}

static void host_free(void *ptr)
{
    free(ptr);
}

/* Record why a registration failed (the first reason is kept) and give -1. */
static int registration_fail(struct admit_plugin *plugin, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int registration_fail(struct admit_plugin *plugin, const char *fmt, ...)
{
    if (!plugin->registration_failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(plugin->registration_error, sizeof plugin->registration_error, fmt, ap);
        va_end(ap);
    }
    plugin->registration_failed = 1;
    return -1;
}

static int host_register_function(struct admit_plugin *plugin,
                                  const struct admit_function_desc *desc)
{
    if (plugin == NULL || !plugin->loading)
        return -1;
    if (desc == NULL)
        return registration_fail(plugin, "%s", TR("register_function nhận NULL",
                                                  "register_function was given NULL"));
    if (!is_lua_name(desc->name))
        return registration_fail(plugin,
                                 TR("tên hàm \"%s\" không phải là tên Lua hợp lệ (chữ, số, _; không phải từ khoá)",
                                    "function name \"%s\" is not a Lua name (letters, digits, _; not a keyword)"),
                                 desc->name != NULL ? desc->name : "(null)");
    if (desc->fn == NULL)
        return registration_fail(plugin, TR("hàm \"%s\" không có con trỏ fn",
                                            "function \"%s\" has no fn"), desc->name);

    struct plugin_set *set = plugin->set;
    for (size_t i = 0; i < set->nfunctions; i++) {
        /* Functions of earlier plugins already carry their plugin's name;
         * this plugin's do not yet (plugin == NULL). */
        if (set->functions[i].plugin == NULL && strcmp(set->functions[i].name, desc->name) == 0)
            return registration_fail(plugin, TR("hàm \"%s\" được đăng ký hai lần",
                                                "function \"%s\" is registered twice"), desc->name);
    }
    if (set->nfunctions == set->afunctions) {
        size_t n = set->afunctions ? 2 * set->afunctions : 8;
        struct plugin_function *grown = realloc(set->functions, n * sizeof *grown);
        if (grown == NULL)
            return registration_fail(plugin, "%s", TR("hết bộ nhớ", "out of memory"));
        set->functions = grown;
        set->afunctions = n;
    }
    char *name = copy_string(desc->name);
    if (name == NULL)
        return registration_fail(plugin, "%s", TR("hết bộ nhớ", "out of memory"));
    set->functions[set->nfunctions++] = (struct plugin_function){
        .plugin = NULL, .name = name, .fn = desc->fn, .userdata = desc->userdata,
        .pure = desc->pure != 0,
    };
    return 0;
}

static void check_release(struct plugin_check *c)
{
    free((char *)c->id);
    free((char *)c->severity);
    free((char *)c->procedures);
    free((char *)c->codes);
    free((char *)c->cite);
    memset(c, 0, sizeof *c);
}

static int host_register_check(struct admit_plugin *plugin, const struct admit_check_desc *desc)
{
    static const char *const severities[] = {"eligibility", "process", "advisory", NULL};
    static const char *const procedures[] = {"admission", "recognition", NULL};

    if (plugin == NULL || !plugin->loading)
        return -1;
    if (desc == NULL)
        return registration_fail(plugin, "%s", TR("register_check nhận NULL",
                                                  "register_check was given NULL"));
    if (!is_check_id(desc->id))
        return registration_fail(plugin,
                                 TR("mã kiểm tra \"%s\" không có dạng chủ_đề.tên (chữ thường, số, _)",
                                    "check id \"%s\" is not topic.name (lowercase letters, digits, _)"),
                                 desc->id != NULL ? desc->id : "(null)");
    if (desc->severity == NULL || strchr(desc->severity, ',') != NULL ||
        !is_word_list(desc->severity, NAME_MAX_LEN, severities))
        return registration_fail(plugin,
                                 TR("kiểm tra \"%s\": severity phải là eligibility, process hoặc advisory",
                                    "check \"%s\": severity must be eligibility, process or advisory"),
                                 desc->id);
    if (!is_word_list(desc->procedures, NAME_MAX_LEN, procedures))
        return registration_fail(plugin,
                                 TR("kiểm tra \"%s\": procedures phải là \"admission\", \"recognition\" hoặc \"admission,recognition\"",
                                    "check \"%s\": procedures must be \"admission\", \"recognition\" or \"admission,recognition\""),
                                 desc->id);
    if (!is_word_list(desc->codes, OUTCOME_CODE_MAX - 1, NULL))
        return registration_fail(plugin,
                                 TR("kiểm tra \"%s\": codes phải là danh sách mã cách nhau bằng dấu phẩy ([a-z][a-z0-9_]*)",
                                    "check \"%s\": codes must be a comma-separated list of codes ([a-z][a-z0-9_]*)"),
                                 desc->id);
    if (desc->cite == NULL || desc->cite[0] == '\0')
        return registration_fail(plugin, TR("kiểm tra \"%s\" không có trích dẫn (cite)",
                                            "check \"%s\" has no citation (cite)"), desc->id);
    if (desc->fn == NULL)
        return registration_fail(plugin, TR("kiểm tra \"%s\" không có con trỏ fn",
                                            "check \"%s\" has no fn"), desc->id);

    struct plugin_set *set = plugin->set;
    for (size_t i = 0; i < set->nchecks; i++) {
        if (strcmp(set->checks[i].id, desc->id) != 0)
            continue;
        if (set->checks[i].plugin == NULL)
            return registration_fail(plugin, TR("kiểm tra \"%s\" được đăng ký hai lần",
                                                "check \"%s\" is registered twice"), desc->id);
        return registration_fail(plugin, TR("kiểm tra \"%s\" đã được plugin \"%s\" đăng ký",
                                            "check \"%s\" is already registered by plugin \"%s\""),
                                 desc->id, set->checks[i].plugin);
    }
    if (set->nchecks == set->achecks) {
        size_t n = set->achecks ? 2 * set->achecks : 8;
        struct plugin_check *grown = realloc(set->checks, n * sizeof *grown);
        if (grown == NULL)
            return registration_fail(plugin, "%s", TR("hết bộ nhớ", "out of memory"));
        set->checks = grown;
        set->achecks = n;
    }
    struct plugin_check c = {
        .plugin = NULL,
        .id = copy_string(desc->id),
        .severity = copy_string(desc->severity),
        .procedures = copy_string(desc->procedures),
        .codes = copy_string(desc->codes),
        .cite = copy_string(desc->cite),
        .fn = desc->fn,
        .userdata = desc->userdata,
    };
    if (c.id == NULL || c.severity == NULL || c.procedures == NULL || c.codes == NULL ||
        c.cite == NULL) {
        check_release(&c);
        return registration_fail(plugin, "%s", TR("hết bộ nhớ", "out of memory"));
    }
    set->checks[set->nchecks++] = c;
    return 0;
}

/* -- host functions: calls ---------------------------------------------- */

/* Fail the call; the first message is kept. */
static void call_fail(struct admit_call *call, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void call_fail(struct admit_call *call, const char *fmt, ...)
{
    if (call->failed)
        return;
    call->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(call->error, sizeof call->error, fmt, ap);
    va_end(ap);
}

static void host_call_error(struct admit_call *call, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void host_call_error(struct admit_call *call, const char *fmt, ...)
{
    if (call == NULL || call->failed)
        return;
    call->failed = 1;
    if (fmt == NULL) {
        call->error[0] = '\0';
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(call->error, sizeof call->error, fmt, ap);
    va_end(ap);
}

static int32_t host_call_as_of(const struct admit_call *call)
{
    return call != NULL && call->env != NULL ? call->env->as_of : ADMIT_NO_DAY;
}

static int32_t host_call_anchor(const struct admit_call *call)
{
    return call != NULL && call->env != NULL ? call->env->anchor : ADMIT_NO_DAY;
}

static const char *host_call_edition(const struct admit_call *call)
{
    if (call == NULL || call->env == NULL || call->env->edition == NULL)
        return "";
    return call->env->edition;
}

static int host_call_return_string(struct admit_call *call, struct admit_value *ret,
                                   const char *data, size_t len)
{
    if (call == NULL || ret == NULL)
        return -1;
    if (data == NULL && len > 0) {
        call_fail(call, "%s", TR("call_return_string nhận NULL", "call_return_string was given NULL"));
        return -1;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        call_fail(call, "%s", TR("hết bộ nhớ", "out of memory"));
        return -1;
    }
    if (len > 0)
        memcpy(copy, data, len);
    copy[len] = '\0';
    free(call->string);
    call->string = copy;
    ret->type = ADMIT_VALUE_STRING;
    ret->as.string.data = copy;
    ret->as.string.len = len;
    return 0;
}

/* -- host functions: the dossier ---------------------------------------- */

/* The node at `path`; *malformed set for a path that cannot be read. */
static const cJSON *lookup(const struct admit_dossier *dossier, const char *path, int *malformed)
{
    *malformed = 0;
    if (path == NULL) {
        *malformed = 1;
        return NULL;
    }
    if (dossier == NULL || dossier->dossier == NULL)
        return NULL;
    return dossier_lookup(dossier->dossier, path, malformed);
}

static int host_dossier_get(const struct admit_dossier *dossier, const char *path,
                            struct admit_value *out)
{
    int malformed;
    const cJSON *node = lookup(dossier, path, &malformed);
    if (out == NULL)
        return -1;
    memset(out, 0, sizeof *out);
    out->type = ADMIT_VALUE_NIL;
    if (malformed)
        return -1;
    if (node == NULL)
        return 0;
    if (cJSON_IsString(node) && node->valuestring != NULL) {
        if (dossier_node_is_date(node)) {
            out->type = ADMIT_VALUE_INT;
            out->as.integer = dossier_node_day(node);
        } else {
            out->type = ADMIT_VALUE_STRING;
            out->as.string.data = node->valuestring;
            out->as.string.len = strlen(node->valuestring);
        }
    } else if (cJSON_IsNumber(node)) {
        double v = node->valuedouble;
        /* Whole numbers in int64 range are integers, as in Lua 5.4. */
        if (v == floor(v) && v >= -9223372036854775808.0 && v < 9223372036854775808.0) {
            out->type = ADMIT_VALUE_INT;
            out->as.integer = (int64_t)v;
        } else {
            out->type = ADMIT_VALUE_NUMBER;
            out->as.number = v;
        }
    } else if (cJSON_IsBool(node)) {
        out->type = ADMIT_VALUE_BOOL;
        out->as.boolean = cJSON_IsTrue(node) ? 1 : 0;
    }
    /* null, objects and arrays stay NIL. */
    return 0;
}

static size_t host_dossier_count(const struct admit_dossier *dossier, const char *path)
{
    int malformed;
    const cJSON *node = lookup(dossier, path, &malformed);
    if (malformed || !cJSON_IsArray(node))
        return 0;
    int n = cJSON_GetArraySize(node);
    return n > 0 ? (size_t)n : 0;
}

/* -- host functions: outcomes ------------------------------------------- */

static void host_outcome_set(struct admit_outcome *o, enum admit_outcome_status status,
                             const char *code)
{
    static const enum rule_status map[] = {
        [ADMIT_OUTCOME_PASS] = RULE_PASS,
        [ADMIT_OUTCOME_FAIL] = RULE_FAIL,
        [ADMIT_OUTCOME_MISSING] = RULE_MISSING,
        [ADMIT_OUTCOME_NEEDS_APPROVAL] = RULE_NEEDS_APPROVAL,
        [ADMIT_OUTCOME_WARN] = RULE_WARN,
        [ADMIT_OUTCOME_NOT_APPLICABLE] = RULE_NOT_APPLICABLE,
    };
    if (o == NULL)
        return;
    if ((unsigned)status >= sizeof map / sizeof map[0]) {
        call_fail(o->call, TR("outcome_set: trạng thái %d không tồn tại",
                              "outcome_set: there is no status %d"), (int)status);
        return;
    }
    if (code != NULL && strlen(code) >= OUTCOME_CODE_MAX) {
        call_fail(o->call, TR("outcome_set: mã \"%.40s...\" quá dài", "outcome_set: code \"%.40s...\" is too long"),
                  code);
        return;
    }
    outcome_set(o->out, map[status], code);
    o->status_set = 1;
}

static void put_fact(struct admit_outcome *o, const char *key, cJSON *item)
{
    if (item == NULL) {
        call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
        return;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(o->out->facts, key);
    if (!cJSON_AddItemToObject(o->out->facts, key, item)) {
        cJSON_Delete(item);
        call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
    }
}

static void host_outcome_fact(struct admit_outcome *o, const char *key,
                              const struct admit_value *value)
{
    if (o == NULL)
        return;
    if (key == NULL || key[0] == '\0' || value == NULL) {
        call_fail(o->call, "%s", TR("outcome_fact: thiếu khoá hoặc giá trị",
                                    "outcome_fact: no key or no value"));
        return;
    }
    cJSON *item = NULL;
    switch (value->type) {
    case ADMIT_VALUE_NIL:
        item = cJSON_CreateNull();
        break;
    case ADMIT_VALUE_BOOL:
        item = cJSON_CreateBool(value->as.boolean != 0);
        break;
    case ADMIT_VALUE_INT:
        item = cJSON_CreateNumber((double)value->as.integer);
        break;
    case ADMIT_VALUE_NUMBER:
        item = cJSON_CreateNumber(value->as.number);
        break;
    case ADMIT_VALUE_STRING: {
        /* cJSON wants a terminated string; the value is counted. */
        size_t len = value->as.string.len;
        if (value->as.string.data == NULL && len > 0) {
            call_fail(o->call, TR("outcome_fact \"%s\": chuỗi NULL", "outcome_fact \"%s\": NULL string"), key);
            return;
        }
        char *text = malloc(len + 1);
        if (text == NULL)
            break;
        if (len > 0)
            memcpy(text, value->as.string.data, len);
        text[len] = '\0';
        item = cJSON_CreateString(text);
        free(text);
        break;
    }
    default:
        call_fail(o->call, TR("outcome_fact \"%s\": kiểu giá trị %d không tồn tại",
                              "outcome_fact \"%s\": there is no value type %d"), key, (int)value->type);
        return;
    }
    put_fact(o, key, item);
}

static void host_outcome_fact_date(struct admit_outcome *o, const char *key, int32_t day)
{
    if (o == NULL)
        return;
    if (key == NULL || key[0] == '\0') {
        call_fail(o->call, "%s", TR("outcome_fact_date: thiếu khoá", "outcome_fact_date: no key"));
        return;
    }
    if (!day_in_range(day)) {
        call_fail(o->call, TR("outcome_fact_date \"%s\": %ld không phải là ngày",
                              "outcome_fact_date \"%s\": %ld is not a date"), key, (long)day);
        return;
    }
    if (outcome_fact_date(o->out, key, day) != 0)
        call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
}

static void host_outcome_missing(struct admit_outcome *o, const char *path)
{
    if (o == NULL)
        return;
    if (path == NULL || path[0] == '\0') {
        call_fail(o->call, "%s", TR("outcome_missing: thiếu đường dẫn", "outcome_missing: no path"));
        return;
    }
    if (outcome_add_missing(o->out, path) != 0)
        call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
}

static void host_outcome_hint(struct admit_outcome *o, const char *kind, int32_t day)
{
    if (o == NULL)
        return;
    if (!day_in_range(day)) {
        call_fail(o->call, TR("outcome_hint: %ld không phải là ngày", "outcome_hint: %ld is not a date"),
                  (long)day);
        return;
    }
    if (kind != NULL && strcmp(kind, "earliest") == 0)
        o->out->earliest = day;
    else if (kind != NULL && strcmp(kind, "latest") == 0)
        o->out->latest = day;
    else
        call_fail(o->call, TR("outcome_hint: loại \"%s\" không tồn tại (earliest hoặc latest)",
                              "outcome_hint: there is no kind \"%s\" (earliest or latest)"),
                  kind != NULL ? kind : "(null)");
}

/* -- host functions: dates ---------------------------------------------- */

static int32_t host_date_from_ymd(int y, int m, int d)
{
    return date_valid(y, m, d) ? date_from_ymd(y, m, d) : ADMIT_NO_DAY;
}

static void host_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
    int yy = 0, mm = 0, dd = 0;
    if (day_in_range(day))
        date_to_ymd(day, &yy, &mm, &dd);
    if (y != NULL)
        *y = yy;
    if (m != NULL)
        *m = mm;
    if (d != NULL)
        *d = dd;
}

/* -- options given to plugins ------------------------------------------ */

struct host_option {
    char *key, *value;
};
static struct host_option *host_options;
static size_t host_option_count;

int plugin_host_set_option(const char *key, const char *value)
{
    size_t i;
    for (i = 0; i < host_option_count && strcmp(host_options[i].key, key) != 0; i++)
        ;
    if (i == host_option_count) {
        if (value == NULL)
            return 0;
        struct host_option *grown = realloc(host_options, (i + 1) * sizeof *grown);
        if (grown == NULL)
            return -1;
        host_options = grown;
        host_options[i].key = strdup(key);
        host_options[i].value = NULL;
        if (host_options[i].key == NULL)
            return -1;
        host_option_count++;
    }
    char *copy = value != NULL ? strdup(value) : NULL;
    if (value != NULL && copy == NULL)
        return -1;
    free(host_options[i].value);
    host_options[i].value = copy;
    return 0;
}

void plugin_host_clear_options(void)
{
    for (size_t i = 0; i < host_option_count; i++) {
        free(host_options[i].key);
        free(host_options[i].value);
    }
    free(host_options);
    host_options = NULL;
    host_option_count = 0;
}

static const char *host_option(struct admit_plugin *plugin, const char *key)
{
    (void)plugin;
    for (size_t i = 0; key != NULL && i < host_option_count; i++)
        if (strcmp(host_options[i].key, key) == 0)
            return host_options[i].value;
    return NULL;
}

static const struct admit_host host_table = {
    .abi_version = ADMIT_PLUGIN_ABI_VERSION,
    .size = sizeof(struct admit_host),
    .error = host_error,
    .log = host_log,
    .alloc = host_alloc,
    .free = host_free,
    .register_function = host_register_function,
    .register_check = host_register_check,
    .dossier_get = host_dossier_get,
    .dossier_count = host_dossier_count,
    .call_as_of = host_call_as_of,
    .call_anchor = host_call_anchor,
    .call_edition = host_call_edition,
    .call_error = host_call_error,
    .outcome_set = host_outcome_set,
    .outcome_fact = host_outcome_fact,
    .outcome_fact_date = host_outcome_fact_date,
    .outcome_missing = host_outcome_missing,
    .outcome_hint = host_outcome_hint,
    .date_from_ymd = host_date_from_ymd,
    .date_to_ymd = host_date_to_ymd,
    .call_return_string = host_call_return_string,
    .option = host_option,
    .input_error = host_input_error,
};

/* -- loading ------------------------------------------------------------ */

/* ELF header fields (the System V gABI, "ELF Header"). */
#define ELF_HEADER_MAX 64          /* an ELF64 header; ELF32's is 52 */
#define ELF_CLASS_OFFSET 4         /* EI_CLASS: 1 = 32-bit, 2 = 64-bit */
#define ELF_DATA_OFFSET 5          /* EI_DATA: 1 = little-endian, 2 = big-endian */
#define ELF_TYPE_OFFSET 16         /* e_type, 2 bytes in the file's byte order */
#define ELF_TYPE_DYN 3             /* ET_DYN: a shared object */

enum elf_verdict { ELF_OK, ELF_NOT_SHARED, ELF_WRONG_CLASS, ELF_WRONG_ORDER };

static enum elf_verdict elf_check(const unsigned char *h, size_t n)
{
    static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};
    const union { uint16_t word; unsigned char bytes[2]; } probe = {.word = 1};
    int host_class = sizeof(void *) == 8 ? 2 : 1;
    int host_data = probe.bytes[0] == 1 ? 1 : 2;

    if (n < ELF_TYPE_OFFSET + 2 || memcmp(h, magic, sizeof magic) != 0)
        return ELF_NOT_SHARED;
    int cls = h[ELF_CLASS_OFFSET], data = h[ELF_DATA_OFFSET];
    if ((cls != 1 && cls != 2) || (data != 1 && data != 2) || n < (cls == 2 ? 64u : 52u))
        return ELF_NOT_SHARED;
    unsigned type = data == 1 ? (unsigned)h[ELF_TYPE_OFFSET] | (unsigned)h[ELF_TYPE_OFFSET + 1] << 8
                              : (unsigned)h[ELF_TYPE_OFFSET] << 8 | (unsigned)h[ELF_TYPE_OFFSET + 1];
    if (type != ELF_TYPE_DYN)
        return ELF_NOT_SHARED;
    if (cls != host_class)
        return ELF_WRONG_CLASS;
    if (data != host_data)
        return ELF_WRONG_ORDER;
    return ELF_OK;
}

/* Read up to `size` bytes; the count read, or -1. */
static ssize_t read_up_to(int fd, unsigned char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/*
 * Check the file before anything of it runs, and hash it.  Reading through
 * one descriptor opened with O_NOFOLLOW, and comparing it with the lstat()
 * of the directory entry, makes sure the checks are about the entry itself.
 */
static enum admit_status inspect_file(const char *dir, const char *entry, const char *path,
                                      char sha256[SHA256_HEX_SIZE], struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    struct stat st, fst;
    unsigned char header[ELF_HEADER_MAX];
    int fd = -1;

    if (lstat(path, &st) != 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
    if (S_ISLNK(st.st_mode)) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" là liên kết tượng trưng; thư mục plugin chỉ nhận tệp thật: hãy sao chép chính tệp plugin vào thay cho liên kết",
                                    "\"%s\" is a symbolic link; the plugin directory takes regular files only: copy the plugin file itself there instead of a link"),
                                 entry);
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" là thư mục, không phải tệp plugin; hãy xoá hoặc đổi tên nó",
                                    "\"%s\" is a directory, not a plugin file; remove or rename it"),
                                 entry);
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" không phải là tệp thông thường; hãy xoá nó khỏi thư mục plugin",
                                    "\"%s\" is not a regular file; remove it from the plugin directory"),
                                 entry);
        goto done;
    }
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc cho người dùng này hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable by this user or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
    if (fstat(fd, &fst) != 0 || fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" bị thay đổi trong khi nạp; hãy chạy lại",
                                    "\"%s\" changed while it was being loaded; run again"),
                                 entry);
        goto done;
    }
    ssize_t n = read_up_to(fd, header, sizeof header);
    if (n < 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
    switch (elf_check(header, (size_t)n)) {
    case ELF_OK:
        break;
    case ELF_NOT_SHARED:
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" không phải là thư viện dùng chung (ELF ET_DYN); hãy xoá nó khỏi thư mục plugin hoặc biên dịch lại với -shared -fPIC",
                                    "\"%s\" is not a shared object (ELF ET_DYN); remove it from the plugin directory or rebuild it with -shared -fPIC"),
                                 entry);
        goto done;
    case ELF_WRONG_CLASS:
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" được biên dịch cho máy %d bit; admit này là %d bit: hãy biên dịch lại plugin trên máy này",
                                    "\"%s\" was built for a %d-bit machine; this admit is %d-bit: rebuild the plugin on this machine"),
                                 entry, sizeof(void *) == 8 ? 32 : 64, (int)sizeof(void *) * 8);
        goto done;
    case ELF_WRONG_ORDER:
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" được biên dịch cho máy có thứ tự byte khác; hãy biên dịch lại plugin trên máy này",
                                    "\"%s\" was built for a machine of the other byte order; rebuild the plugin on this machine"),
                                 entry);
        goto done;
    }
    if (lseek(fd, 0, SEEK_SET) != 0 || sha256_fd(fd, sha256) != 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
done:
    if (fd >= 0)
        close(fd);
    return status;
}

/* Check what init told about the plugin, in the order that explains a
 * refusal best: a plugin built for a newer ABI usually fails its own init
 * because this host is too old, and the ABI is the thing to report. */
static enum admit_status check_info(const struct plugin_set *set, const struct admit_plugin *p,
                                    const struct admit_plugin_info *info, int rc,
                                    const char *dir, struct admit_error *err)
{
    if (info->abi_version > ADMIT_PLUGIN_ABI_VERSION)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" được biên dịch cho ABI plugin %u; admit này dùng ABI %u: hãy biên dịch lại plugin với plugins/admit_plugin.h của admit này",
                                  "\"%s\" was built for plugin ABI %u; this admit implements ABI %u: rebuild the plugin against this admit's plugins/admit_plugin.h"),
                               p->file, (unsigned)info->abi_version, ADMIT_PLUGIN_ABI_VERSION);
    if (p->registration_failed)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" đăng ký sai: %s; hãy sửa plugin và biên dịch lại",
                                  "\"%s\" made a bad registration: %s; fix the plugin and rebuild it"),
                               p->file, p->registration_error);
    /* The user's input is at fault (--registry names a bad file): exit 2,
     * with the plugin's message alone, which names that file. */
    if (rc != 0 && p->init_input_error && p->init_error[0] != '\0')
        return admit_error_set(err, ADMIT_EINPUT, NULL, NULL, "%s", p->init_error);
    if (rc != 0)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" không khởi động được: %s; hãy khắc phục điều plugin báo hoặc xoá nó khỏi thư mục plugin",
                                  "\"%s\" failed to start: %s; fix what the plugin reports or remove it from the plugin directory"),
                               p->file,
                               p->init_error[0] != '\0' ? p->init_error
                                                         : TR("(không nêu lý do)", "(no reason given)"));
    if (info->abi_version == 0)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" không khai báo ABI plugin (info->abi_version là 0); hãy đặt nó bằng ADMIT_PLUGIN_ABI_VERSION trong admit_plugin_init và biên dịch lại",
                                  "\"%s\" does not declare its plugin ABI (info->abi_version is 0); set it to ADMIT_PLUGIN_ABI_VERSION in admit_plugin_init and rebuild"),
                               p->file);
    /* Rules write plugins.NAME: a Lua keyword would not parse there. */
    if (!is_lower_identifier(info->name, NAME_MAX_LEN) || is_lua_keyword(info->name))
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" có tên \"%.64s\" không hợp lệ; tên plugin phải khớp [a-z][a-z0-9_]* (tối đa %d ký tự, không phải từ khoá Lua): hãy sửa info->name và biên dịch lại",
                                  "\"%s\" gives the invalid name \"%.64s\"; a plugin name must match [a-z][a-z0-9_]* (at most %d characters, not a Lua keyword): fix info->name and rebuild"),
                               p->file, info->name != NULL ? info->name : "(null)", NAME_MAX_LEN);
    int version_ok = info->version != NULL && info->version[0] != '\0' &&
                     strlen(info->version) <= VERSION_MAX_LEN;
    for (const char *v = info->version; version_ok && *v != '\0'; v++) {
        if ((unsigned char)*v <= ' ' || *v == 0x7f)
            version_ok = 0;
    }
    if (!version_ok)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" không có phiên bản hợp lệ; hãy đặt info->version (ví dụ \"1.0.0\", tối đa %d ký tự, không có khoảng trắng) và biên dịch lại",
                                  "\"%s\" gives no valid version; set info->version (e.g. \"1.0.0\", at most %d characters, no spaces) and rebuild"),
                               p->file, VERSION_MAX_LEN);
    for (size_t i = 0; i < set->count; i++) {
        if (strcmp(set->plugins[i]->name, info->name) == 0)
            return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                   TR("\"%s\" có cùng tên \"%s\" với \"%s\" đã nạp; hãy xoá một trong hai khỏi thư mục plugin",
                                      "\"%s\" has the same name \"%s\" as \"%s\", already loaded; remove one of them from the plugin directory"),
                                   p->file, info->name, set->plugins[i]->file);
    }
    return ADMIT_OK;
}

static void plugin_record_free(struct admit_plugin *p)
{
    if (p == NULL)
        return;
    free(p->path);
    free(p->file);
    free(p->name);
    free(p->version);
    free(p);
}

/* Drop the registrations made after the first `nfunctions` / `nchecks`. */
static void truncate_registrations(struct plugin_set *set, size_t nfunctions, size_t nchecks)
{
    while (set->nfunctions > nfunctions)
        free((char *)set->functions[--set->nfunctions].name);
    while (set->nchecks > nchecks)
        check_release(&set->checks[--set->nchecks]);
}

static enum admit_status load_one(struct plugin_set *set, const char *dir, const char *entry,
                                  struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    struct admit_plugin *p = NULL;
    struct admit_plugin_info info;
    void *handle = NULL;
    int started = 0;                      /* init returned 0: shutdown is due */
    size_t nfunctions = set->nfunctions, nchecks = set->nchecks;
    size_t dlen = strlen(dir);
    const char *sep = dlen > 0 && dir[dlen - 1] == '/' ? "" : "/";

    memset(&info, 0, sizeof info);
    p = calloc(1, sizeof *p);
    if (p == NULL)
        goto nomem;
    p->set = set;
    p->file = copy_string(entry);
    size_t plen = dlen + strlen(sep) + strlen(entry) + 1;
    p->path = malloc(plen);
    if (p->file == NULL || p->path == NULL)
        goto nomem;
    if (snprintf(p->path, plen, "%s%s%s", dir, sep, entry) != (int)plen - 1) {
        status = admit_error_set(err, ADMIT_EINTERNAL, dir, NULL, "plugin path does not fit");
        goto done;
    }
    status = inspect_file(dir, entry, p->path, p->sha256, err);
    if (status != ADMIT_OK)
        goto done;

    dlerror();  /* clear a stale message */
    handle = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không nạp được \"%s\": %s; hãy biên dịch lại nó trên máy này với -shared -fPIC và plugins/admit_plugin.h của admit này",
                                    "\"%s\" cannot be loaded: %s; rebuild it on this machine with -shared -fPIC against this admit's plugins/admit_plugin.h"),
                                 entry, why != NULL ? why : "dlopen");
        goto done;
    }
    /* POSIX guarantees that a symbol's address converts to a function pointer. */
    admit_plugin_init_fn init = (admit_plugin_init_fn)dlsym(handle, ADMIT_PLUGIN_ENTRY);
    if (init == NULL) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" không có hàm %s nên không phải là plugin của admit; hãy xoá nó khỏi thư mục plugin hoặc định nghĩa %s (xem docs/writing-plugins.md)",
                                    "\"%s\" does not define %s, so it is not an admit plugin; remove it from the plugin directory or define %s (see docs/writing-plugins.md)"),
                                 entry, ADMIT_PLUGIN_ENTRY, ADMIT_PLUGIN_ENTRY);
        goto done;
    }

    p->loading = 1;
    int rc = init(&host_table, p, &info);
    p->loading = 0;
    started = rc == 0;
    status = check_info(set, p, &info, rc, dir, err);
    if (status != ADMIT_OK)
        goto done;

    p->name = copy_string(info.name);
    p->version = copy_string(info.version);
    if (p->name == NULL || p->version == NULL)
        goto nomem;
    if (set->count == set->alloc) {
        size_t n = set->alloc ? 2 * set->alloc : 4;
        struct admit_plugin **grown = realloc(set->plugins, n * sizeof *grown);
        if (grown == NULL)
            goto nomem;
        set->plugins = grown;
        set->alloc = n;
    }
    /* The registrations of this plugin now get its name. */
    for (size_t i = nfunctions; i < set->nfunctions; i++)
        set->functions[i].plugin = p->name;
    for (size_t i = nchecks; i < set->nchecks; i++)
        set->checks[i].plugin = p->name;
    p->handle = handle;
    p->shutdown = info.shutdown;
    set->plugins[set->count++] = p;
    handle = NULL;
    p = NULL;
    goto done;

nomem:
    status = admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
done:
    if (status != ADMIT_OK) {
        truncate_registrations(set, nfunctions, nchecks);
        if (started && info.shutdown != NULL)
            info.shutdown();
    }
    if (handle != NULL)
        dlclose(handle);
    plugin_record_free(p);
    return status;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_plugin_entry(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".so") == 0;
}

static enum admit_status load_dir(const char *dir, int missing_ok, struct plugin_set **out,
                                  struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    struct plugin_set *set = NULL;
    DIR *d = NULL;
    char **names = NULL;
    size_t count = 0, alloc = 0;

    *out = NULL;
    set = calloc(1, sizeof *set);
    if (set == NULL)
        goto nomem;
    d = opendir(dir);
    if (d == NULL) {
        if (missing_ok && errno == ENOENT)
            goto done;
        status = admit_error_set(err, ADMIT_EIO, dir, NULL,
                                 TR("không đọc được thư mục plugin: %s; hãy kiểm tra --plugins",
                                    "the plugin directory cannot be read: %s; check --plugins"),
                                 strerror(errno));
        goto done;
    }
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (e == NULL) {
            if (errno != 0) {
                status = admit_error_set(err, ADMIT_EIO, dir, NULL,
                                         TR("không đọc được thư mục plugin: %s",
                                            "the plugin directory cannot be read: %s"),
                                         strerror(errno));
                goto done;
            }
            break;
        }
        if (!is_plugin_entry(e->d_name))
            continue;
        if (count == alloc) {
            size_t n = alloc ? 2 * alloc : 16;
            char **grown = realloc(names, n * sizeof *grown);
            if (grown == NULL)
                goto nomem;
            names = grown;
            alloc = n;
        }
        names[count] = copy_string(e->d_name);
        if (names[count] == NULL)
            goto nomem;
        count++;
    }
    if (count > 1)
        qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count; i++) {
        status = load_one(set, dir, names[i], err);
        if (status != ADMIT_OK)
            goto done;
    }
    goto done;

nomem:
    status = admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
done:
    if (d != NULL)
        closedir(d);
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (status == ADMIT_OK)
        *out = set;
    else
        plugin_set_free(set);
    return status;
}

enum admit_status plugin_set_load_dir(const char *dir, struct plugin_set **out,
                                      struct admit_error *err)
{
    return load_dir(dir, 0, out, err);
}

enum admit_status plugin_set_load_default(const char *dir, struct plugin_set **out,
                                          struct admit_error *err)
{
    return load_dir(dir, 1, out, err);
}

enum admit_status plugin_set_empty(struct plugin_set **out, struct admit_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    return ADMIT_OK;
}

void plugin_set_free(struct plugin_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = set->count; i-- > 0;) {
        struct admit_plugin *p = set->plugins[i];
        if (p->shutdown != NULL)
            p->shutdown();
        dlclose(p->handle);
        plugin_record_free(p);
    }
    truncate_registrations(set, 0, 0);
    free(set->plugins);
    free(set->functions);
    free(set->checks);
    free(set);
}

/* -- accessors ---------------------------------------------------------- */

size_t plugin_set_count(const struct plugin_set *set)
{
    return set->count;
}

const char *plugin_set_name(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->name;
}

const char *plugin_set_version(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->version;
}

const char *plugin_set_sha256(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->sha256;
}

const char *plugin_set_path(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->path;
}

size_t plugin_set_function_count(const struct plugin_set *set)
{
    return set->nfunctions;
}

const struct plugin_function *plugin_set_function(const struct plugin_set *set, size_t i)
{
    return &set->functions[i];
}

const struct plugin_function *plugin_set_find_function(const struct plugin_set *set,
                                                       const char *plugin, const char *name)
{
    for (size_t i = 0; i < set->nfunctions; i++) {
        const struct plugin_function *f = &set->functions[i];
        if (strcmp(f->plugin, plugin) == 0 && strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

size_t plugin_set_check_count(const struct plugin_set *set)
{
    return set->nchecks;
}

const struct plugin_check *plugin_set_check(const struct plugin_set *set, size_t i)
{
    return &set->checks[i];
}

const struct plugin_check *plugin_set_find_check(const struct plugin_set *set, const char *id)
{
    for (size_t i = 0; i < set->nchecks; i++) {
        if (strcmp(set->checks[i].id, id) == 0)
            return &set->checks[i];
    }
    return NULL;
}

/* -- calling ------------------------------------------------------------ */

static void call_init(struct admit_call *call, const struct plugin_call_env *env)
{
    call->env = env;
    call->failed = 0;
    call->error[0] = '\0';
    call->string = NULL;
}

static void call_release(struct admit_call *call)
{
    free(call->string);
    call->string = NULL;
}

/* The message of a failed call; a plugin that gave none still gets one. */
static const char *call_message(const struct admit_call *call)
{
    if (call->error[0] != '\0')
        return call->error;
    return TR("plugin báo lỗi mà không nêu lý do", "the plugin failed without saying why");
}

/* Copy the function's result so that nothing of the plugin's memory is
 * used after the call returns. */
static void take_result(struct admit_call *call, const struct admit_value *result,
                        struct admit_value *ret)
{
    switch (result->type) {
    case ADMIT_VALUE_NIL:
        break;
    case ADMIT_VALUE_BOOL:
        ret->type = ADMIT_VALUE_BOOL;
        ret->as.boolean = result->as.boolean != 0;
        break;
    case ADMIT_VALUE_INT:
        ret->type = ADMIT_VALUE_INT;
        ret->as.integer = result->as.integer;
        break;
    case ADMIT_VALUE_NUMBER:
        ret->type = ADMIT_VALUE_NUMBER;
        ret->as.number = result->as.number;
        break;
    case ADMIT_VALUE_STRING: {
        size_t len = result->as.string.len;
        if (result->as.string.data == NULL && len > 0) {
            call_fail(call, "%s", TR("plugin trả về chuỗi NULL", "the plugin returned a NULL string"));
            break;
        }
        char *copy = malloc(len + 1);
        if (copy == NULL) {
            call_fail(call, "%s", TR("hết bộ nhớ", "out of memory"));
            break;
        }
        if (len > 0)
            memcpy(copy, result->as.string.data, len);
        copy[len] = '\0';
        ret->type = ADMIT_VALUE_STRING;
        ret->as.string.data = copy;
        ret->as.string.len = len;
        break;
    }
    default:
        call_fail(call, TR("plugin trả về kiểu giá trị %d không tồn tại",
                           "the plugin returned the unknown value type %d"), (int)result->type);
        break;
    }
}

int plugin_call_function(const struct plugin_function *f, const struct plugin_call_env *env,
                         int argc, const struct admit_value *argv, struct admit_value *ret,
                         char **error)
{
    struct admit_call call;
    struct admit_value result;

    call_init(&call, env);
    memset(&result, 0, sizeof result);
    result.type = ADMIT_VALUE_NIL;
    memset(ret, 0, sizeof *ret);
    ret->type = ADMIT_VALUE_NIL;
    *error = NULL;

    if (env == NULL)
        call_fail(&call, "%s", TR("gọi plugin ngoài lúc đánh giá", "plugin called outside an evaluation"));
    else if (argc < 0 || (argc > 0 && argv == NULL))
        call_fail(&call, "%s", TR("đối số không hợp lệ", "invalid arguments"));
    else if (f->fn(f->userdata, &call, argc, argv, &result) != 0)
        call_fail(&call, "%s", call_message(&call));
    if (!call.failed)
        take_result(&call, &result, ret);

    int rc = 0;
    if (call.failed) {
        plugin_value_release(ret);
        *error = copy_string(call_message(&call));
        rc = -1;
    }
    call_release(&call);
    return rc;
}

void plugin_value_release(struct admit_value *v)
{
    if (v->type == ADMIT_VALUE_STRING)
        free((char *)v->as.string.data);
    memset(v, 0, sizeof *v);
    v->type = ADMIT_VALUE_NIL;
}

int plugin_run_check(const struct plugin_check *c, const struct plugin_call_env *env,
                     struct outcome *out)
{
    struct admit_call call;
    struct admit_dossier dossier = {env != NULL ? env->dossier : NULL};
    struct admit_outcome outcome = {out, &call, 0};

    call_init(&call, env);
    if (env == NULL || env->dossier == NULL)
        call_fail(&call, "%s", TR("kiểm tra chạy mà không có hồ sơ", "check run without a dossier"));
    else if (c->fn(c->userdata, &call, &dossier, &outcome) != 0)
        call_fail(&call, "%s", call_message(&call));
    else if (!call.failed && !outcome.status_set)
        call_fail(&call, "%s", TR("kiểm tra của plugin không đưa ra kết quả (không gọi outcome_set)",
                                  "the plugin check gave no outcome (it did not call outcome_set)"));

    int rc = 0;
    if (call.failed) {
        outcome_set_error(out, "%s", call_message(&call));
        rc = -1;
    }
    call_release(&call);
    return rc;
}
