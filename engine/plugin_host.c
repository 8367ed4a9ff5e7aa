/*
 * plugin_host.c - the host side a plugin talks to: the functions of the
 * table in plugins/admit_plugin.h (registration, calls, dossier reading,
 * outcomes, dates), the options given to plugins and the log handler.
 *
 * Registration happens only while engine/plugin.c runs a plugin's init;
 * every other host function works on the call it is given, which lives on
 * the caller's stack, so concurrent calls share nothing written here.
 */
#include "plugin_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier.h"
#include "i18n.h"

static plugin_log_fn log_handler;
static void *log_userdata;

void plugin_log_handler(plugin_log_fn fn, void *userdata)
{
    log_handler = fn;
    log_userdata = userdata;
}

/* -- small helpers ------------------------------------------------------ */

char *plugin_host_copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

/* [a-z][a-z0-9_]* of at most `max` bytes. */
int plugin_host_is_lower_identifier(const char *s, size_t max)
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

int plugin_host_is_lua_keyword(const char *s)
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
    return i <= NAME_MAX_LEN && !plugin_host_is_lua_keyword(s);
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
        if (!plugin_host_is_lower_identifier(word, max))
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

/* Record why init refuses; `input` marks the user's input at fault (exit 2). */
static void record_refusal(struct admit_plugin *plugin, int input, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void record_refusal(struct admit_plugin *plugin, int input, const char *fmt, va_list ap)
{
    /* Outside init the plugin may run on several threads: nothing to write. */
    if (plugin == NULL || !plugin->loading || fmt == NULL)
        return;
    vsnprintf(plugin->init_error, sizeof plugin->init_error, fmt, ap);
    plugin->init_input_error = input;
}

static void host_error(struct admit_plugin *plugin, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void host_error(struct admit_plugin *plugin, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_refusal(plugin, 0, fmt, ap);
    va_end(ap);
}

/* host_error for a refusal that is the user's input's fault (exit 2). */
static void host_input_error(struct admit_plugin *plugin, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void host_input_error(struct admit_plugin *plugin, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_refusal(plugin, 1, fmt, ap);
    va_end(ap);
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
    char *name = plugin_host_copy_string(desc->name);
    if (name == NULL)
        return registration_fail(plugin, "%s", TR("hết bộ nhớ", "out of memory"));
    set->functions[set->nfunctions++] = (struct plugin_function){
        .plugin = NULL, .name = name, .fn = desc->fn, .userdata = desc->userdata,
        .pure = desc->pure != 0,
    };
    return 0;
}

void plugin_host_check_release(struct plugin_check *c)
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
        .id = plugin_host_copy_string(desc->id),
        .severity = plugin_host_copy_string(desc->severity),
        .procedures = plugin_host_copy_string(desc->procedures),
        .codes = plugin_host_copy_string(desc->codes),
        .cite = plugin_host_copy_string(desc->cite),
        .fn = desc->fn,
        .userdata = desc->userdata,
    };
    if (c.id == NULL || c.severity == NULL || c.procedures == NULL || c.codes == NULL ||
        c.cite == NULL) {
        plugin_host_check_release(&c);
        return registration_fail(plugin, "%s", TR("hết bộ nhớ", "out of memory"));
    }
    set->checks[set->nchecks++] = c;
    return 0;
}

/* -- host functions: calls ---------------------------------------------- */

/* Fail the call; the first message is kept. */
void plugin_host_call_fail(struct admit_call *call, const char *fmt, ...)
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

/*
 * The limits of the rule calling a plugin on this thread (plugin_host_set_expiry).
 * Thread-local: every Lua state runs on one thread at a time, and states on
 * other threads have their own.
 */
static _Thread_local struct plugin_expiry current_expiry;

struct plugin_expiry plugin_host_set_expiry(struct plugin_expiry expiry)
{
    struct plugin_expiry previous = current_expiry;
    current_expiry = expiry;
    return previous;
}

static int host_call_expired(const struct admit_call *call)
{
    (void)call;
    return current_expiry.expired != NULL && current_expiry.expired(current_expiry.arg);
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
        plugin_host_call_fail(call, "%s", TR("call_return_string nhận NULL", "call_return_string was given NULL"));
        return -1;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        plugin_host_call_fail(call, "%s", TR("hết bộ nhớ", "out of memory"));
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
        plugin_host_call_fail(o->call, TR("outcome_set: trạng thái %d không tồn tại",
                              "outcome_set: there is no status %d"), (int)status);
        return;
    }
    if (code != NULL && strlen(code) >= OUTCOME_CODE_MAX) {
        plugin_host_call_fail(o->call, TR("outcome_set: mã \"%.40s...\" quá dài", "outcome_set: code \"%.40s...\" is too long"),
                  code);
        return;
    }
    outcome_set(o->out, map[status], code);
    o->status_set = 1;
}

static void put_fact(struct admit_outcome *o, const char *key, cJSON *item)
{
    if (item == NULL) {
        plugin_host_call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
        return;
    }
    cJSON *facts = outcome_facts(o->out);
    cJSON_DeleteItemFromObjectCaseSensitive(facts, key);
    if (facts == NULL || !cJSON_AddItemToObject(facts, key, item)) {
        cJSON_Delete(item);
        plugin_host_call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
    }
}

static void host_outcome_fact(struct admit_outcome *o, const char *key,
                              const struct admit_value *value)
{
    if (o == NULL)
        return;
    if (key == NULL || key[0] == '\0' || value == NULL) {
        plugin_host_call_fail(o->call, "%s", TR("outcome_fact: thiếu khoá hoặc giá trị",
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
            plugin_host_call_fail(o->call, TR("outcome_fact \"%s\": chuỗi NULL", "outcome_fact \"%s\": NULL string"), key);
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
        plugin_host_call_fail(o->call, TR("outcome_fact \"%s\": kiểu giá trị %d không tồn tại",
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
        plugin_host_call_fail(o->call, "%s", TR("outcome_fact_date: thiếu khoá", "outcome_fact_date: no key"));
        return;
    }
    if (!day_in_range(day)) {
        plugin_host_call_fail(o->call, TR("outcome_fact_date \"%s\": %ld không phải là ngày",
                              "outcome_fact_date \"%s\": %ld is not a date"), key, (long)day);
        return;
    }
    if (outcome_fact_date(o->out, key, day) != 0)
        plugin_host_call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
}

static void host_outcome_missing(struct admit_outcome *o, const char *path)
{
    if (o == NULL)
        return;
    if (path == NULL || path[0] == '\0') {
        plugin_host_call_fail(o->call, "%s", TR("outcome_missing: thiếu đường dẫn", "outcome_missing: no path"));
        return;
    }
    if (outcome_add_missing(o->out, path) != 0)
        plugin_host_call_fail(o->call, "%s", TR("hết bộ nhớ", "out of memory"));
}

static void host_outcome_hint(struct admit_outcome *o, const char *kind, int32_t day)
{
    if (o == NULL)
        return;
    if (!day_in_range(day)) {
        plugin_host_call_fail(o->call, TR("outcome_hint: %ld không phải là ngày", "outcome_hint: %ld is not a date"),
                  (long)day);
        return;
    }
    if (kind != NULL && strcmp(kind, "earliest") == 0)
        o->out->earliest = day;
    else if (kind != NULL && strcmp(kind, "latest") == 0)
        o->out->latest = day;
    else
        plugin_host_call_fail(o->call, TR("outcome_hint: loại \"%s\" không tồn tại (earliest hoặc latest)",
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
    /* The same value again changes nothing, so that admit serve can reload
     * its rule set while evaluations read the options. */
    if (value != NULL && host_options[i].value != NULL && strcmp(value, host_options[i].value) == 0)
        return 0;
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

const struct admit_host plugin_host_table = {
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
    .call_expired = host_call_expired,
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
