/*
 * ruleset.c - loading the rulebook into a sandbox.
 *
 * Rule files run once, at load, and only register rules through `rule{}`;
 * the checks they register are kept as Lua references and called later by
 * eval.c.  Everything a registration declares is checked here, so that an
 * inconsistency stops the load instead of surfacing in some dossier.
 */
#include "ruleset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "i18n.h"
#include "input.h"
#include "lua_ctx.h"
#include "lua_dates.h"
#include "lua_dossier.h"
#include "messages_rulebook.h"
#include "plugin_lua.h"
#include "profile_load.h"
#include "rulebook_files.h"
#include "rulebook_image.h"
#include "schema.h"
#include "schema_arrays.h"
#include "sha256.h"

/* Rule and library files are small; a larger one is a mistake. */
#define RULE_FILE_MAX (1u << 20)

static const char LIB_CACHE[] = "admit.ruleset.libs";

struct ruleset {
    struct ruleset_paths paths;
    struct rulebook *book;
    struct messages *messages;
    struct schema *schema;
    cJSON *schema_doc;
    const char *const *array_keys; /* the names the schema types as arrays (schema_arrays.h) */
    size_t array_key_count;
    const char **own_array_keys;   /* array_keys when computed here, to free; NULL: the image's */
    struct plugin_set *plugins;
    struct sandbox *sandbox;
    struct lua_ctx *ctx;         /* ctx in the sandbox's state */
    struct plugin_lua_env *plugin_env;   /* where plugin calls find their rule's env */
    struct rule **rules;          /* registration order */
    size_t rule_count, rule_alloc;
    struct ruleset_slot *slots;
    size_t slot_count;
    char digest[7 + SHA256_HEX_SIZE];
    const struct ruleset *data_of; /* book, messages, schema and files borrowed from it; NULL: own */
    struct rulebook_files *files;  /* the rulebook's files as read once (rulebook_files.h) */
};

/* -- rules ---------------------------------------------------------------- */

static void rule_free(struct ruleset *rs, struct rule *r)
{
    if (r == NULL)
        return;
    free(r->id);
    free(r->file);
    for (size_t i = 0; i < r->code_count; i++)
        free(r->codes[i]);
    free(r->codes);
    for (size_t i = 0; i < r->param_count; i++)
        free(r->params[i]);
    free(r->params);
    if (r->cite_by_edition != NULL)
        for (size_t i = 0; i < rulebook_edition_count(rs->book); i++)
            free(r->cite_by_edition[i]);
    free(r->cite_by_edition);
    free(r);
}

int rule_has_code(const struct rule *rule, const char *code)
{
    for (size_t i = 0; i < rule->code_count; i++)
        if (strcmp(rule->codes[i], code) == 0)
            return 1;
    return 0;
}

static struct rule *find_rule(const struct ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->rule_count; i++)
        if (strcmp(rs->rules[i]->id, id) == 0)
            return rs->rules[i];
    return NULL;
}

static int append_rule(struct ruleset *rs, struct rule *r)
{
    if (rs->rule_count == rs->rule_alloc) {
        size_t next = rs->rule_alloc ? rs->rule_alloc * 2 : 64;
        struct rule **grown = realloc(rs->rules, next * sizeof *grown);
        if (grown == NULL)
            return -1;
        rs->rules = grown;
        rs->rule_alloc = next;
    }
    rs->rules[rs->rule_count++] = r;
    return 0;
}

/* Check that `id` with this severity and these procedures matches the catalog. */
static const char *catalog_mismatch(const struct ruleset *rs, const char *id,
                                    enum rule_severity severity, unsigned procedures)
{
    int at = rulebook_catalog_find(rs->book, id);
    if (at < 0)
        return TR("không có trong rules/catalog.json", "is not in rules/catalog.json");
    const struct catalog_entry *c = rulebook_catalog_at(rs->book, (size_t)at);
    if (c->severity != severity)
        return TR("có mức độ khác với rules/catalog.json", "has another severity in rules/catalog.json");
    if (c->procedures != procedures)
        return TR("có thủ tục khác với rules/catalog.json", "has other procedures in rules/catalog.json");
    return NULL;
}

/* Both texts of a code exist (as "<id>.<code>" or generic). */
static int has_texts(const struct ruleset *rs, const char *id, const char *code)
{
    return messages_for_rule(rs->messages, id, code, ADMIT_LANG_VI) != NULL &&
           messages_for_rule(rs->messages, id, code, ADMIT_LANG_EN) != NULL;
}

/* Read a string field of the spec table at 1, or raise. */
static const char *spec_string(lua_State *L, const char *field, const char *id)
{
    if (lua_getfield(L, 1, field) != LUA_TSTRING)
        luaL_error(L, TR("quy tắc%s%s: trường \"%s\" phải là chuỗi",
                      "rule%s%s: field \"%s\" must be a string"), id ? " " : "", id ? id : "",
                   field);
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1);   /* the spec table keeps the string alive */
    return s;
}

/* A reference to the function field (checked before), or LUA_NOREF. */
static int spec_function(lua_State *L, const char *field)
{
    if (lua_getfield(L, 1, field) == LUA_TNIL) {
        lua_pop(L, 1);
        return LUA_NOREF;
    }
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

/*
 * A profile rule may give its citation as one text (the committee's
 * document, whatever the edition): make it the per-edition table.
 */
static void profile_rule_prepare(lua_State *L, const struct rulebook *book)
{
    if (lua_getfield(L, 1, "cite") != LUA_TSTRING) {
        lua_pop(L, 1);
        return;
    }
    lua_createtable(L, 0, (int)rulebook_edition_count(book));
    for (size_t e = 0; e < rulebook_edition_count(book); e++) {
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, rulebook_edition(book, e)->id);
    }
    lua_pushliteral(L, "cite");
    lua_insert(L, -2);
    lua_rawset(L, 1);
    lua_pop(L, 1);
}

/*
 * rule{...}: validate a registration completely, then record it.  Upvalues:
 * the ruleset, the file's topic (its name without ".lua").
 */
static int lua_rule(lua_State *L)
{
    struct ruleset *rs = lua_touserdata(L, lua_upvalueindex(1));
    const char *topic = lua_tostring(L, lua_upvalueindex(2));
    const struct profile *origin = lua_touserdata(L, lua_upvalueindex(3));
    size_t editions = rulebook_edition_count(rs->book);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    if (origin != NULL)
        profile_rule_prepare(L, rs->book);

    const char *id = spec_string(L, "id", NULL);
    size_t tlen = strlen(topic);
    if (strncmp(id, topic, tlen) != 0 || id[tlen] != '.' || id[tlen + 1] == '\0')
        return luaL_error(L, TR("quy tắc %s: mã phải bắt đầu bằng \"%s.\" (tên tệp)",
                                 "rule %s: its id must start with \"%s.\" (the file's name)"), id, topic);
    if (find_rule(rs, id) != NULL)
        return luaL_error(L, TR("quy tắc %s được định nghĩa hai lần", "rule %s is defined twice"), id);

    enum rule_severity severity;
    if (rule_severity_parse(spec_string(L, "severity", id), &severity) != 0)
        return luaL_error(L, TR("quy tắc %s: severity phải là eligibility, process hoặc advisory",
                                 "rule %s: severity must be eligibility, process or advisory"), id);

    unsigned procedures = 0;
    if (lua_getfield(L, 1, "procedures") != LUA_TTABLE)
        return luaL_error(L, TR("quy tắc %s: procedures phải là một danh sách",
                                 "rule %s: procedures must be a list"), id);
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
        unsigned bit = lua_type(L, -1) == LUA_TSTRING ? procedure_parse(lua_tostring(L, -1)) : 0;
        if (bit == 0)
            return luaL_error(L, TR("quy tắc %s: procedures: cần admission hoặc recognition",
                                     "rule %s: procedures: expected admission or recognition"), id);
        procedures |= bit;
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    const char *mismatch = origin == NULL ? catalog_mismatch(rs, id, severity, procedures)
                         : rulebook_catalog_find(rs->book, id) >= 0 ? "is a central rule id" : NULL;
    if (mismatch != NULL)
        return luaL_error(L, TR("quy tắc %s %s", "rule %s %s"), id, mismatch);

    if (lua_getfield(L, 1, "codes") != LUA_TTABLE)
        return luaL_error(L, TR("quy tắc %s: codes phải là danh sách mã thông điệp",
                                 "rule %s: codes must be a list of message codes"), id);
    size_t code_count = lua_rawlen(L, -1);
    for (size_t i = 1; i <= code_count; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING)
            return luaL_error(L, TR("quy tắc %s: codes[%d] không phải chuỗi",
                                     "rule %s: codes[%d] is not a string"), id, (int)i);
        if (!has_texts(rs, id, lua_tostring(L, -1)))
            return luaL_error(L, TR("quy tắc %s: mã thông điệp \"%s\" cần bản vi và bản en "
                                 "(\"%s.%s\" trong rules/messages/%s.json)",
                                 "rule %s: message code \"%s\" needs a vi and an en text "
                                 "(\"%s.%s\" in rules/messages/%s.json)"),
                              id, lua_tostring(L, -1), id, lua_tostring(L, -1), topic);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    size_t param_count = 0;
    int params_type = lua_getfield(L, 1, "params");
    if (params_type != LUA_TNIL && params_type != LUA_TTABLE)
        return luaL_error(L, TR("quy tắc %s: params phải là danh sách tên tham số",
                                 "rule %s: params must be a list of parameter names"), id);
    if (params_type == LUA_TTABLE) {
        param_count = lua_rawlen(L, -1);
        for (size_t i = 1; i <= param_count; i++) {
            if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING ||
                rulebook_param(rs->book, lua_tostring(L, -1)) == NULL)
                return luaL_error(L, TR("quy tắc %s: params[%d] không phải tham số của "
                                        "rules/params.json",
                                        "rule %s: params[%d] is not a parameter of "
                                        "rules/params.json"), id, (int)i);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);

    if (lua_getfield(L, 1, "cite") != LUA_TTABLE)
        return luaL_error(L, TR("quy tắc %s: cite phải là bảng từ phiên bản đến căn cứ",
                                 "rule %s: cite must be a table from edition to citation"), id);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING || rulebook_edition_find(rs->book, lua_tostring(L, -2)) < 0)
            return luaL_error(L, TR("quy tắc %s: cite có khóa không phải phiên bản của "
                                    "rules/editions.json",
                                    "rule %s: cite has a key that is not an edition of "
                                    "rules/editions.json"), id);
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, TR("quy tắc %s: cite[\"%s\"] phải là chuỗi",
                                     "rule %s: cite[\"%s\"] must be a string"), id, lua_tostring(L, -2));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    static const char *const functions[] = {"check", "anchor", "cite_at"};
    for (int i = 0; i < 3; i++) {
        int type = lua_getfield(L, 1, functions[i]);
        if (type != LUA_TFUNCTION && (i == 0 || type != LUA_TNIL))
            return luaL_error(L, TR("quy tắc %s: trường \"%s\" phải là hàm",
                                 "rule %s: field \"%s\" must be a function"), id, functions[i]);
        lua_pop(L, 1);
    }

    /* step: given, else the first step of its procedure; it must be the
     * catalog's (result.md, "Steps"). */
    int at = rulebook_catalog_find(rs->book, id);
    int step_type = lua_getfield(L, 1, "step");
    const char *declared = step_type == LUA_TNIL ? rulebook_first_step(rs->book, procedures)
                         : lua_tostring(L, -1);
    if (step_type != LUA_TNIL && (step_type != LUA_TSTRING ||
                                  rulebook_step_valid(rs->book, procedures, declared) != 0))
        return luaL_error(L, "rule %s: step must be a step of its procedure "
                             "(\"steps\" in rules/catalog.json)", id);
    /* A profile's rule is outside the catalog: its step is the one it
     * declares (the rulebook's copy of the name, which outlives the state). */
    unsigned first = procedures & PROCEDURE_ADMISSION ? PROCEDURE_ADMISSION : PROCEDURE_RECOGNITION;
    const char *step = origin != NULL
        ? rulebook_step(rs->book, first, (size_t)rulebook_step_index(rs->book, first, declared))->id
        : rulebook_catalog_at(rs->book, (size_t)at)->step;
    if (strcmp(declared, step) != 0)
        return luaL_error(L, "rule %s: step \"%s\" is not its step \"%s\" in "
                             "rules/catalog.json", id, declared, step);
    lua_pop(L, 1);

    int unencoded_warn = 0;
    if (lua_getfield(L, 1, "unencoded") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING || strcmp(lua_tostring(L, -1), "warn") != 0)
            return luaL_error(L, TR("quy tắc %s: unencoded, nếu có, phải là \"warn\"",
                                 "rule %s: unencoded must be \"warn\" when given"), id);
        unencoded_warn = 1;
    }
    lua_pop(L, 1);

    /* Everything is valid: record it.  From here on only memory can fail. */
    struct rule *r = calloc(1, sizeof *r);
    int ok = r != NULL;
    if (ok) {
        r->check_ref = r->anchor_ref = r->cite_at_ref = r->id_ref = LUA_NOREF;
        r->id = strdup(id);
        r->file = strdup(topic);
        r->codes = calloc(code_count ? code_count : 1, sizeof *r->codes);
        r->params = calloc(param_count ? param_count : 1, sizeof *r->params);
        r->cite_by_edition = calloc(editions, sizeof *r->cite_by_edition);
        ok = r->id && r->file && r->codes && r->params && r->cite_by_edition;
    }
    if (ok) {
        lua_getfield(L, 1, "codes");
        for (size_t i = 0; ok && i < code_count; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            ok = (r->codes[r->code_count++] = strdup(lua_tostring(L, -1))) != NULL;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        lua_getfield(L, 1, "params");
        for (size_t i = 0; ok && i < param_count; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            ok = (r->params[r->param_count++] = strdup(lua_tostring(L, -1))) != NULL;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        lua_getfield(L, 1, "cite");
        for (size_t e = 0; ok && e < editions; e++) {
            if (lua_getfield(L, -1, rulebook_edition(rs->book, e)->id) == LUA_TSTRING)
                ok = (r->cite_by_edition[e] = strdup(lua_tostring(L, -1))) != NULL;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    if (!ok || append_rule(rs, r) != 0) {
        rule_free(rs, r);
        return luaL_error(L, "%s", TR("hết bộ nhớ", "out of memory"));
    }
    r->severity = severity;
    r->procedures = procedures;
    r->unencoded_warn = unencoded_warn;
    r->origin = origin;
    r->step = step;
    /* References last: a failure above must not leave dangling refs. */
    r->check_ref = spec_function(L, "check");
    r->anchor_ref = spec_function(L, "anchor");
    r->cite_at_ref = spec_function(L, "cite_at");
    lua_pushstring(L, r->id);
    r->id_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/* Load and run a Lua file with a fresh environment; its results stay pushed
 * (nresults).  Raises with the file's own message on error. */
static int lua_require(lua_State *L);

/*
 * Load and run a Lua file (see above).  `cache` names the require cache of
 * a committee profile's files (NULL: central's, through the global
 * `require`): each profile has its own instances of the rules/lib modules,
 * so nothing a profile's rule does to them reaches a central rule or another
 * profile's (docs/profiles.md).
 */
static void run_file(lua_State *L, struct ruleset *rs, const char *path, const char *chunkname,
                     int nresults, const char *topic, const struct profile *origin,
                     const char *cache, const struct rulebook_file *read)
{
    char *text = NULL;
    size_t len = 0;
    struct admit_error err;
    char msg[512];

    if (read != NULL) {                  /* the rulebook's, read once */
        len = read->len;
    } else if (input_read(path, RULE_FILE_MAX, &text, &len, &err) != ADMIT_OK) {
        admit_error_format(&err, msg, sizeof msg);
        luaL_error(L, "%s", msg);
    }
    sandbox_push_env(rs->sandbox);
    if (cache != NULL) {
        lua_pushlightuserdata(L, rs);
        lua_pushstring(L, cache);
        lua_pushcclosure(L, lua_require, 2);
        lua_setfield(L, -2, "require");
    }
    if (topic != NULL) {   /* rule files may register; libraries may not */
        lua_pushlightuserdata(L, rs);
        lua_pushstring(L, topic);
        if (origin != NULL)
            lua_pushlightuserdata(L, (void *)origin);
        else
            lua_pushnil(L);
        lua_pushcclosure(L, lua_rule, 3);
        lua_setfield(L, -2, "rule");
    }
    int failed = sandbox_load(rs->sandbox, read != NULL ? read->text : text, len, chunkname, msg,
                              sizeof msg);
    free(text);
    if (failed)
        luaL_error(L, "%s", msg);
    lua_call(L, 0, nresults);
}

/* require(name): the built-in `dates`, or rules/lib/NAME.lua, loaded once. */
static int lua_require(lua_State *L)
{
    struct ruleset *rs = lua_touserdata(L, lua_upvalueindex(1));
    const char *cache = lua_tostring(L, lua_upvalueindex(2));   /* NULL: central's */
    const char *name = luaL_checkstring(L, 1);
    char path[1024], chunk[256];

    if (cache != NULL && lua_getfield(L, LUA_REGISTRYINDEX, cache) == LUA_TNIL) {
        lua_pop(L, 1);          /* a profile's first require: its own cache, */
        lua_newtable(L);        /* sharing only the read-only built-in `dates` */
        lua_getfield(L, LUA_REGISTRYINDEX, LIB_CACHE);
        lua_getfield(L, -1, "dates");
        lua_setfield(L, -3, "dates");
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, cache);
    } else if (cache == NULL) {
        lua_getfield(L, LUA_REGISTRYINDEX, LIB_CACHE);
    }
    if (lua_getfield(L, -1, name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return luaL_error(L, "require: \"%s\" is not a library name ([a-z0-9_]+)", name);
    snprintf(path, sizeof path, "%s/lib/%s.lua", rs->paths.rules_dir, name);
    snprintf(chunk, sizeof chunk, "@lib/%s.lua", name);
    char file[128];
    snprintf(file, sizeof file, "%s.lua", name);
    run_file(L, rs, path, chunk, 1, NULL, NULL, cache,
             rulebook_files_find(rs->files, RULEBOOK_LIBS, file, RULE_FILE_MAX));
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    sandbox_protect_deep(L);     /* shared by every rule file: no rule may change it */
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, name);   /* cache it */
    return 1;
}

/* Protected set-up of the Lua side: helpers, ctx, dossier proxies, plugins. */
static int setup_lua(lua_State *L)
{
    struct ruleset *rs = lua_touserdata(L, 1);
    lua_newtable(L);
    lua_dates_push(L);
    sandbox_protect_table(L);
    lua_setfield(L, -2, "dates");
    lua_setfield(L, LUA_REGISTRYINDEX, LIB_CACHE);

    lua_pushlightuserdata(L, rs);
    lua_pushcclosure(L, lua_require, 1);
    sandbox_set_global(rs->sandbox, "require");
    rs->plugin_env = plugin_lua_push(L, rs->plugins);
    sandbox_set_global(rs->sandbox, "plugins");

    rs->ctx = lua_ctx_setup(L, rs->book);
    lua_dossier_setup(L, rs->array_keys, rs->array_key_count);
    lua_dossier_push_ipairs(L);
    sandbox_set_global(rs->sandbox, "ipairs");
    return 0;
}

/* Run the rule file `name` of the rules directory. */
static int load_rule_file(lua_State *L)
{
    struct ruleset *rs = lua_touserdata(L, 1);
    const char *name = lua_tostring(L, 2);
    char path[1024], chunk[256], topic[128];
    size_t n = strlen(name) - 4;   /* without ".lua" */
    snprintf(path, sizeof path, "%s/%s", rs->paths.rules_dir, name);
    snprintf(chunk, sizeof chunk, "@%s", name);
    snprintf(topic, sizeof topic, "%.*s", (int)n, name);
    run_file(L, rs, path, chunk, 0, topic, NULL, NULL,
             rulebook_files_find(rs->files, RULEBOOK_RULES, name, RULE_FILE_MAX));
    return 0;
}

/* Run rule file `name` (relative to the profile's folder) of profile upvalue-less
 * argument 3, registering in its namespace. */
static int load_profile_rule_file(lua_State *L)
{
    struct ruleset *rs = lua_touserdata(L, 1);
    const char *name = lua_tostring(L, 2);
    const struct profile *p = lua_touserdata(L, 3);
    char path[1024], chunk[256];
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    snprintf(chunk, sizeof chunk, "@%s/%s", p->id, name);
    char cache[200];
    snprintf(cache, sizeof cache, "%s:%s", LIB_CACHE, p->id);
    run_file(L, rs, path, chunk, 0, p->ns, p, cache, NULL);
    return 0;
}

/* Call `fn(rs, name)` in the sandbox; an error becomes ADMIT_ERULES. */
static enum admit_status call_protected(struct ruleset *rs, lua_CFunction fn, const char *name,
                                        const char *file, struct admit_error *err)
{
    lua_State *L = sandbox_state(rs->sandbox);
    char msg[1024];
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, rs);
    lua_pushstring(L, name ? name : "");
    if (sandbox_call(rs->sandbox, 2, 0, &sandbox_default_limits, msg, sizeof msg) != 0)
        return admit_error_set(err, ADMIT_ERULES, file, NULL, "%s", msg);
    return ADMIT_OK;
}

/* As call_protected, for a profile's rule file. */
static enum admit_status call_profile_file(struct ruleset *rs, const struct profile *p,
                                           const char *name, struct admit_error *err)
{
    lua_State *L = sandbox_state(rs->sandbox);
    char msg[1024], file[1024];
    snprintf(file, sizeof file, "%s/%s", p->dir, name);
    lua_pushcfunction(L, load_profile_rule_file);
    lua_pushlightuserdata(L, rs);
    lua_pushstring(L, name);
    lua_pushlightuserdata(L, (void *)p);
    if (sandbox_call(rs->sandbox, 3, 0, &sandbox_default_limits, msg, sizeof msg) != 0)
        return admit_error_set(err, ADMIT_ERULES, file, NULL, "%s", msg);
    return ADMIT_OK;
}

/* Split "a,b, c" into a new list of strings.  Returns -1 when out of memory. */
static int split_list(const char *text, char ***out, size_t *count)
{
    size_t n = 1;
    for (const char *c = text; *c; c++)
        n += *c == ',';
    char **items = calloc(n, sizeof *items);
    if (items == NULL)
        return -1;
    *count = 0;
    for (const char *p = text; *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (len > 0 && (items[(*count)++] = strndup(p, len)) == NULL)
            return *out = items, -1;
        p += len;
        p += strcspn(p, ",");
    }
    *out = items;
    return 0;
}

/* Register the checks the plugins provide, as rules. */
static enum admit_status add_plugin_checks(struct ruleset *rs, struct admit_error *err)
{
    size_t editions = rulebook_edition_count(rs->book);
    for (size_t i = 0; i < plugin_set_check_count(rs->plugins); i++) {
        const struct plugin_check *c = plugin_set_check(rs->plugins, i);
        char where[128];
        snprintf(where, sizeof where, "plugin %s", c->plugin);
        if (find_rule(rs, c->id) != NULL)
            return admit_error_set(err, ADMIT_EPLUGIN, where, NULL,
                                   TR("kiểm tra %s cũng được định nghĩa trong một tệp quy tắc",
                                      "check %s is also defined by a rule file"), c->id);
        struct rule *r = calloc(1, sizeof *r);
        char **procs = NULL;
        size_t nprocs = 0;
        if (r == NULL)
            return admit_error_set(err, ADMIT_ENOMEM, where, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
        r->check_ref = r->anchor_ref = r->cite_at_ref = r->id_ref = LUA_NOREF;
        r->plugin = c;
        r->id = strdup(c->id);
        r->file = strdup(where);
        r->cite_by_edition = calloc(editions, sizeof *r->cite_by_edition);
        int ok = r->id && r->file && r->cite_by_edition &&
                 split_list(c->codes, &r->codes, &r->code_count) == 0 &&
                 split_list(c->procedures, &procs, &nprocs) == 0;
        for (size_t e = 0; ok && e < editions; e++)
            ok = (r->cite_by_edition[e] = strdup(c->cite)) != NULL;
        for (size_t p = 0; p < nprocs; p++) {
            r->procedures |= procedure_parse(procs[p]);
            free(procs[p]);
        }
        free(procs);
        if (!ok || append_rule(rs, r) != 0) {
            rule_free(rs, r);
            return admit_error_set(err, ADMIT_ENOMEM, where, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
        }
        const char *problem = NULL;
        int at = rulebook_catalog_find(rs->book, c->id);
        /* A plugin declares no step: the catalog's, else the first one. */
        r->step = at >= 0 ? rulebook_catalog_at(rs->book, (size_t)at)->step
                          : rulebook_first_step(rs->book, r->procedures);
        if (rule_severity_parse(c->severity, &r->severity) != 0 || r->procedures == 0)
            problem = TR("có mức độ hoặc thủ tục không hợp lệ", "has an invalid severity or procedures");
        else if (at >= 0)
            problem = catalog_mismatch(rs, c->id, r->severity, r->procedures);
        for (size_t k = 0; !problem && k < r->code_count; k++)
            if (!has_texts(rs, c->id, r->codes[k]))
                problem = TR("khai báo mã thông điệp thiếu bản vi hoặc en",
                             "declares a message code without vi and en texts");
        if (problem != NULL)
            return admit_error_set(err, ADMIT_EPLUGIN, where, NULL, TR("kiểm tra %s %s", "check %s %s"), c->id, problem);
    }
    return ADMIT_OK;
}

/* -- committee profiles (docs/profiles.md) --------------------------------- */

/* The chain applied, root first; returns its length. */
static size_t chain_of(const struct ruleset *rs, const struct profile **chain)
{
    return rs->paths.profile ? profile_chain(rs->paths.profile, chain, PROFILE_CHAIN_MAX) : 0;
}

/* Parameters (in the editions each profile's in_force period meets) and messages. */
static enum admit_status apply_profile_data(struct ruleset *rs, struct admit_error *err)
{
    const struct profile *chain[PROFILE_CHAIN_MAX];
    size_t n = chain_of(rs, chain);
    for (size_t i = 0; i < n; i++) {
        const cJSON *v;
        cJSON_ArrayForEach(v, chain[i]->params)
            for (size_t e = 0; e < rulebook_edition_count(rs->book); e++)
                if (profile_meets_edition(chain[i], rs->book, e))
                    rulebook_param_override(rs->book, v->string, e, v);
        cJSON_ArrayForEach(v, chain[i]->messages) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", chain[i]->dir, v->valuestring);
            enum admit_status status = messages_add(rs->messages, path, err);
            if (status != ADMIT_OK)
                return status;
        }
    }
    return ADMIT_OK;
}

/* Each profile's own rule files, in chain order. */
static enum admit_status load_profile_rules(struct ruleset *rs, struct admit_error *err)
{
    const struct profile *chain[PROFILE_CHAIN_MAX];
    size_t n = chain_of(rs, chain);
    for (size_t i = 0; i < n; i++) {
        const cJSON *v;
        cJSON_ArrayForEach(v, chain[i]->rules) {
            enum admit_status status = call_profile_file(rs, chain[i], v->valuestring, err);
            if (status != ADMIT_OK)
                return status;
        }
    }
    return ADMIT_OK;
}

/* 1 when `a` is a strict ancestor of `p`. */
static int is_ancestor(const struct profile *a, const struct profile *p)
{
    for (const struct profile *q = p->parent; q != NULL; q = q->parent)
        if (q == a)
            return 1;
    return 0;
}

/* Disabled rules must be inherited from an ancestor profile; mandatory ones registered. */
static enum admit_status apply_disables(struct ruleset *rs, struct admit_error *err)
{
    const struct profile *chain[PROFILE_CHAIN_MAX];
    size_t n = chain_of(rs, chain);
    for (size_t i = 0; i < n; i++) {
        const cJSON *d;
        int k = 0;
        cJSON_ArrayForEach(d, chain[i]->disable) {
            const char *id = cJSON_GetObjectItemCaseSensitive(d, "rule")->valuestring;
            struct rule *r = find_rule(rs, id);
            char key[64];
            snprintf(key, sizeof key, "disable[%d].rule", k++);
            if (r == NULL || r->origin == NULL || !is_ancestor(r->origin, chain[i]))
                return admit_error_set(err, ADMIT_ERULES, chain[i]->file, key,
                                       TR("%s không phải quy tắc được kế thừa từ một hồ sơ cấp trên",
                                          "%s is not a rule inherited from an ancestor profile"),
                                       id);
            if (r->disabled_by == NULL) {
                r->disabled_by = chain[i];
                r->disable_reason = cJSON_GetObjectItemCaseSensitive(d, "reason")->valuestring;
            }
        }
        k = 0;
        cJSON_ArrayForEach(d, chain[i]->mandatory) {
            struct rule *r = find_rule(rs, d->valuestring);
            char key[64];
            snprintf(key, sizeof key, "mandatory[%d]", k++);
            if (r == NULL || r->origin != chain[i])
                return admit_error_set(err, ADMIT_ERULES, chain[i]->file, key,
                                       TR("%s không phải quy tắc do hồ sơ này đăng ký",
                                          "%s is not a rule this profile registers"),
                                       d->valuestring);
        }
    }
    return ADMIT_OK;
}

/* Profile rules follow the central ones in chain order, then by id. */
static int compare_slots(const void *a, const void *b)
{
    const struct rule *x = ((const struct ruleset_slot *)a)->rule;
    const struct rule *y = ((const struct ruleset_slot *)b)->rule;
    size_t dx = x->origin ? x->origin->depth : 0, dy = y->origin ? y->origin->depth : 0;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Hash every file of the applied chain into the digest. */
static enum admit_status hash_profiles(struct ruleset *rs, struct sha256 *h, struct admit_error *err)
{
    const struct profile *chain[PROFILE_CHAIN_MAX];
    size_t n = chain_of(rs, chain);
    enum admit_status status = ADMIT_OK;
    for (size_t i = 0; i < n && status == ADMIT_OK; i++) {
        const struct profile *p = chain[i];
        const char *slash = strrchr(p->file, '/');
        const cJSON *lists[] = {p->rules, p->messages}, *v;
        char tag[256];
        snprintf(tag, sizeof tag, "profile:%s", p->id);
        sha256_update(h, tag, strlen(tag) + 1);
        status = rulebook_files_hash_file(h, p->dir, slash ? slash + 1 : p->file, err);
        for (size_t l = 0; l < 2 && status == ADMIT_OK; l++)
            cJSON_ArrayForEach(v, lists[l])
                if (status == ADMIT_OK)
                    status = rulebook_files_hash_file(h, p->dir, v->valuestring, err);
        if (status == ADMIT_OK && p->extension_schema != NULL)
            status = rulebook_files_hash_file(h, p->dir, p->extension_schema, err);
    }
    return status;
}

/* The result lines: the catalog in order, then rules outside it. */
static enum admit_status build_slots(struct ruleset *rs, struct admit_error *err)
{
    size_t catalog = rulebook_catalog_count(rs->book);
    rs->slots = calloc(catalog + rs->rule_count, sizeof *rs->slots);
    if (rs->slots == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    for (size_t i = 0; i < catalog; i++) {
        const struct catalog_entry *c = rulebook_catalog_at(rs->book, i);
        struct ruleset_slot *s = &rs->slots[rs->slot_count++];
        s->id = c->id;
        s->severity = c->severity;
        s->procedures = c->procedures;
        s->step = c->step;
        s->rule = find_rule(rs, c->id);
    }
    size_t first_extra = rs->slot_count;
    for (size_t i = 0; i < rs->rule_count; i++) {
        const struct rule *r = rs->rules[i];
        if (rulebook_catalog_find(rs->book, r->id) >= 0 || r->disabled_by != NULL)
            continue;
        struct ruleset_slot *s = &rs->slots[rs->slot_count++];
        s->id = r->id;
        s->severity = r->severity;
        s->procedures = r->procedures;
        s->step = r->step;
        s->rule = r;
    }
    size_t first_profile = first_extra;
    while (first_profile < rs->slot_count && rs->slots[first_profile].rule->origin == NULL)
        first_profile++;
    if (rs->slot_count - first_profile > 1)
        qsort(rs->slots + first_profile, rs->slot_count - first_profile, sizeof *rs->slots,
              compare_slots);
    return ADMIT_OK;
}

/* The digest of the rulebook: data, messages, rule files, libraries, and the
 * dossier schema, whose labels the reports use (the bytes loaded: read once,
 * rulebook_files.h), then the profiles' files. */
static enum admit_status compute_digest(struct ruleset *rs, struct admit_error *err)
{
    struct sha256 h;
    unsigned char digest[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];

    enum admit_status status = rulebook_files_hash(rs->files, &h, err);
    if (status == ADMIT_OK)
        status = hash_profiles(rs, &h, err);
    sha256_final(&h, digest);
    sha256_digest_hex(digest, hex);
    snprintf(rs->digest, sizeof rs->digest, "sha256:%s", hex);
    return status;
}

/* Whether the rulebook read is the one the build made its image of
 * (rulebook_image.h): the same texts, byte for byte. */
static int is_image_rulebook(const struct rulebook_files *files)
{
    unsigned char digest[SHA256_DIGEST_SIZE];
    return rulebook_files_texts_digest(files, digest) == 0 &&
           memcmp(digest, rulebook_image.texts_digest, sizeof digest) == 0;
}

/* The dossier schema's document (`path` names it in errors): the image's,
 * without annotations, valid JSON that only a lack of memory can fail to
 * parse; else the file as read once. */
static enum admit_status read_schema_doc(struct ruleset *rs, int image, const char *path,
                                         struct admit_error *err)
{
    if (!image)
        return rulebook_files_json(rs->files, RULEBOOK_SCHEMA, "dossier.schema.json", path,
                                   &rs->schema_doc, err);
    rs->schema_doc = cJSON_ParseWithLength(rulebook_image.schema_text,
                                           rulebook_image.schema_text_len);
    return rs->schema_doc != NULL ? ADMIT_OK
                                  : admit_error_set(err, ADMIT_ENOMEM, path, NULL, "%s",
                                                    TR("hết bộ nhớ", "out of memory"));
}

/* The names the schema types as arrays: the image's, else found in the
 * schema's document. */
static enum admit_status set_array_keys(struct ruleset *rs, int image, const char *path,
                                        struct admit_error *err)
{
    if (image) {
        rs->array_keys = rulebook_image.array_keys;
        rs->array_key_count = rulebook_image.array_key_count;
        return ADMIT_OK;
    }
    rs->own_array_keys = schema_array_keys(rs->schema_doc, &rs->array_key_count);
    rs->array_keys = rs->own_array_keys;
    return rs->own_array_keys != NULL ? ADMIT_OK
                                      : admit_error_set(err, ADMIT_ENOMEM, path, NULL, "%s",
                                                        TR("hết bộ nhớ", "out of memory"));
}

/* ruleset_load, or with `base` ruleset_load_sharing. */
static enum admit_status load(const struct ruleset_paths *paths, const struct ruleset *base,
                              struct ruleset **out, struct admit_error *err)
{
    enum admit_status status;
    struct ruleset *rs = calloc(1, sizeof *rs);
    char path[1024];

    *out = NULL;
    if (rs == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    rs->paths = *paths;
    if (base != NULL) {
        /* read-only from here on: shared by every copy, on every thread */
        rs->data_of = base;
        rs->book = base->book;
        rs->messages = base->messages;
        rs->schema = base->schema;
        rs->schema_doc = base->schema_doc;
        rs->array_keys = base->array_keys;
        rs->array_key_count = base->array_key_count;
        rs->files = base->files;
        status = ADMIT_OK;
    } else {
        status = rulebook_files_read(paths->rules_dir, paths->schemas_dir, &rs->files, err);
        if (status == ADMIT_OK)
            status = rulebook_load_files(paths->rules_dir, rs->files, &rs->book, err);
    }
    /* the shipped rulebook: its catalogue, schema and array names from the image */
    int image = status == ADMIT_OK && base == NULL && is_image_rulebook(rs->files);
    if (status == ADMIT_OK && base == NULL) {
        snprintf(path, sizeof path, "%s/messages", paths->rules_dir);
        status = image ? messages_from_entries(rulebook_image.messages, rulebook_image.message_count,
                                               path, &rs->messages, err)
                       : messages_load_rulebook(rs->files, path, &rs->messages, err);
    }
    if (status == ADMIT_OK && base == NULL) {
        snprintf(path, sizeof path, "%s/dossier.schema.json", paths->schemas_dir);
        status = read_schema_doc(rs, image, path, err);
        if (status == ADMIT_OK)
            status = schema_compile_borrowing(rs->schema_doc, path, &rs->schema, err);
        if (status == ADMIT_OK && !image)   /* labels and section names live in the schema */
            status = messages_add_schema_names(rs->messages, rs->schema_doc, path, err);
        if (status == ADMIT_OK)
            status = set_array_keys(rs, image, path, err);
        if (status == ADMIT_EINPUT || status == ADMIT_EIO)
            status = err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES;
        /* loaded, and hashed when read: only the Lua files are read again (by
         * the workers' copies); the memory goes to what is loaded next */
        rulebook_files_drop(rs->files, RULEBOOK_DATA);
        rulebook_files_drop(rs->files, RULEBOOK_MESSAGES);
        rulebook_files_drop(rs->files, RULEBOOK_SCHEMA);
    }
    if (status == ADMIT_OK) {
        if (paths->plugins_dir == NULL)
            status = plugin_set_empty(&rs->plugins, err);
        else if (paths->plugins_optional)
            status = plugin_set_load_default(paths->plugins_dir, &rs->plugins, err);
        else
            status = plugin_set_load_dir(paths->plugins_dir, &rs->plugins, err);
        if (status == ADMIT_EIO)
            status = err ? (err->status = ADMIT_EPLUGIN) : ADMIT_EPLUGIN;
    }
    if (status == ADMIT_OK && base == NULL)   /* the base's data has the profile's already */
        status = apply_profile_data(rs, err);
    if (status == ADMIT_OK && (rs->sandbox = sandbox_new()) == NULL)
        status = admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    if (status == ADMIT_OK)
        status = call_protected(rs, setup_lua, NULL, paths->rules_dir, err);
    const struct rulebook_file *files = NULL;
    size_t file_count = 0;
    if (status == ADMIT_OK)   /* the rule files, as listed when they were read */
        files = rulebook_files_group(rs->files, RULEBOOK_RULES, &file_count);
    if (status == ADMIT_OK && file_count == 0)
        status = admit_error_set(err, ADMIT_ERULES, paths->rules_dir, NULL, "%s",
                                 TR("không có tệp quy tắc .lua nào", "no .lua rule files"));
    for (size_t i = 0; i < file_count && status == ADMIT_OK; i++) {
        snprintf(path, sizeof path, "%s/%s", paths->rules_dir, files[i].name);
        status = call_protected(rs, load_rule_file, files[i].name, path, err);
    }
    if (status == ADMIT_OK)
        status = add_plugin_checks(rs, err);
    if (status == ADMIT_OK)
        status = load_profile_rules(rs, err);
    if (status == ADMIT_OK)
        status = apply_disables(rs, err);
    if (status == ADMIT_OK)
        status = build_slots(rs, err);
    if (status == ADMIT_OK)
        status = compute_digest(rs, err);
    /* the rule files were read again: they must be the base's */
    if (status == ADMIT_OK && base != NULL && strcmp(rs->digest, base->digest) != 0)
        status = admit_error_set(err, ADMIT_ERULES, paths->rules_dir, NULL, "%s",
                                 TR("bộ quy tắc thay đổi trong khi nạp",
                                    "the rulebook changed while it was loaded"));
    if (status != ADMIT_OK) {
        ruleset_free(rs);
        return status;
    }
    *out = rs;
    return ADMIT_OK;
}

enum admit_status ruleset_load(const struct ruleset_paths *paths, struct ruleset **out,
                               struct admit_error *err)
{
    return load(paths, NULL, out, err);
}

enum admit_status ruleset_load_sharing(const struct ruleset_paths *paths, const struct ruleset *base,
                                       struct ruleset **out, struct admit_error *err)
{
    while (base->data_of != NULL)
        base = base->data_of;
    return load(paths, base, out, err);
}

void ruleset_free(struct ruleset *rs)
{
    if (rs == NULL)
        return;
    for (size_t i = 0; i < rs->rule_count; i++)
        rule_free(rs, rs->rules[i]);
    free(rs->rules);
    free(rs->slots);
    sandbox_free(rs->sandbox);       /* before the plugins its closures point into */
    plugin_set_free(rs->plugins);
    if (rs->data_of == NULL) {
        schema_free(rs->schema);
        cJSON_Delete(rs->schema_doc);
        free(rs->own_array_keys);
        messages_free(rs->messages);
        rulebook_free(rs->book);
        rulebook_files_free(rs->files);
    }
    free(rs);
}

const struct rulebook *ruleset_book(const struct ruleset *rs) { return rs->book; }
const struct messages *ruleset_messages(const struct ruleset *rs) { return rs->messages; }
const struct schema *ruleset_schema(const struct ruleset *rs) { return rs->schema; }
const struct plugin_set *ruleset_plugins(const struct ruleset *rs) { return rs->plugins; }
struct sandbox *ruleset_sandbox(struct ruleset *rs) { return rs->sandbox; }
struct lua_ctx *ruleset_ctx(struct ruleset *rs) { return rs->ctx; }
struct plugin_lua_env *ruleset_plugin_env(struct ruleset *rs) { return rs->plugin_env; }
size_t ruleset_slot_count(const struct ruleset *rs) { return rs->slot_count; }
const char *ruleset_digest(const struct ruleset *rs) { return rs->digest; }
size_t ruleset_rule_count(const struct ruleset *rs) { return rs->rule_count; }
const struct profile *ruleset_profile(const struct ruleset *rs) { return rs->paths.profile; }

const struct rule *ruleset_rule_at(const struct ruleset *rs, size_t i)
{
    return i < rs->rule_count ? rs->rules[i] : NULL;
}

const struct ruleset_slot *ruleset_slot(const struct ruleset *rs, size_t i)
{
    return i < rs->slot_count ? &rs->slots[i] : NULL;
}
