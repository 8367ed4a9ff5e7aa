/* lua_ctx.c - the rule context and outcome values. */
#include "lua_ctx.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "alloc.h"
#include "i18n.h"
#include "lua_dossier.h"
#include "sandbox.h"

/* The outcome metatable's name (luaL_newmetatable): its __name, which Lua's
 * errors about an outcome show. */
static const char OUTCOME_META[] = "admit.ctx.outcome";

/*
 * ctx in one Lua state (lua_ctx_setup): a userdata the registry keeps.
 * What the engine's calls use lives in the registry's array part (refs):
 * a rule is evaluated with a dozen of them, and an array read is a fraction
 * of a lookup by light key (lua_rawgetp, 3 % of a batch's instructions).
 * ctx's C functions hold the same as upvalues.  It also keeps what they
 * read: the rulebook, and the fields of the rule being evaluated (those
 * rules do not see, such as its declared parameters, stay here rather than
 * in the fields table).
 */
struct lua_ctx {
    lua_State *L;
    int fields_ref;            /* the table ctx reads from */
    int proxy_ref;             /* ctx as rules see it */
    int keys_ref;              /* KEYS as Lua strings */
    int outcome_meta_ref;      /* the metatable of outcomes */
    const struct rulebook *rb;
    struct lua_ctx_fields current;
    /* The fields table shows `current` (and `shown_guidance`) when
     * `shown_valid`: a field is written only when it changes (rules are
     * evaluated one after the other for one dossier, and most fields stay the
     * same from rule to rule). */
    const char *shown_guidance;
    int shown_valid;
};

/*
 * The strings ctx's C code uses as keys and values, made Lua strings once
 * per state in the KEYS table (from 1, in this order): the fields ctx
 * shows, an outcome's fields and statuses.  Pushed from there, a key is an
 * array read, where lua_pushstring would look its text up again (a strcmp)
 * at each of some 450 uses a dossier.
 */
static const char *const KEYS[] = {
    "rule",   "procedure", "as_of", "main_anchor", "anchor",   "edition",        "guidance",
    "status", "code",      "facts", "hint",        "paths",    "earliest",       "latest",
    "pass",   "fail",      "warn",  "missing",     "ok",       "needs_approval", "not_applicable",
};
enum {
    KEY_RULE = 1, KEY_PROCEDURE, KEY_AS_OF, KEY_MAIN_ANCHOR, KEY_ANCHOR, KEY_EDITION, KEY_GUIDANCE,
    KEY_STATUS, KEY_CODE, KEY_FACTS, KEY_HINT, KEY_PATHS, KEY_EARLIEST, KEY_LATEST,
    KEY_PASS, KEY_FAIL, KEY_WARN, KEY_MISSING, KEY_OK, KEY_NEEDS_APPROVAL, KEY_NOT_APPLICABLE,
    KEY_END
};
/* ctx's functions find the KEYS table, their struct lua_ctx and the
 * outcome metatable as their upvalues. */
#define UPVALUE_KEYS lua_upvalueindex(1)
#define UPVALUE_CTX lua_upvalueindex(2)
#define UPVALUE_OUTCOME_META lua_upvalueindex(3)

/* Facts nest at most this deep (a fact is a value, not a document). */
#define FACTS_MAX_DEPTH 8
/*
 * What leaves a rule is bounded: a table shared 100 times at each of four
 * levels is tiny in Lua and a gigabyte once written out.  Facts hold at most
 * FACTS_MAX_VALUES values (every value counted each time it is reached,
 * dossier parts included) and FACTS_MAX_BYTES bytes of keys and strings;
 * an outcome names at most MISSING_MAX paths of at most PATH_MAX_BYTES.
 */
#define FACTS_MAX_VALUES 10000
#define FACTS_MAX_BYTES (256 * 1024)
#define MISSING_MAX 256
#define PATH_MAX_BYTES 512

/* What to_json has spent of the bounds above. */
struct facts_budget {
    long values;
    size_t bytes;
    int build;      /* 0: check the facts only (to_json gives a value standing for each) */
};

/* What to_json gives for a checked value when it builds none: its kind,
 * which the caller tests (facts must be an object), never its contents. */
static cJSON checked_scalar = {.type = cJSON_NULL};
static cJSON checked_array = {.type = cJSON_Array};
static cJSON checked_object = {.type = cJSON_Object};

/* `built` when building, else the value standing for one of its kind. */
#define MADE(b, built, checked) ((b)->build ? (built) : (checked))

/* Free what to_json gave (nothing to free for a checked value). */
static void discard(const struct facts_budget *b, cJSON *value)
{
    if (b->build)
        cJSON_Delete(value);
}

/* A key and its length (facts are read for every outcome: no strlen, no
 * strcmp call for each of the words below). */
struct key_word {
    const char *text;
    size_t len;
};
#define KEY_WORD(text) {text, sizeof text - 1}

int lua_ctx_is_date_key(const char *key)
{
    static const struct key_word exact[] = {KEY_WORD("date"), KEY_WORD("since"),
                                            KEY_WORD("until"), KEY_WORD("earliest"),
                                            KEY_WORD("latest")};
    static const struct key_word suffixes[] = {KEY_WORD("_date"), KEY_WORD("_on"),
                                               KEY_WORD("_since"), KEY_WORD("_until"),
                                               KEY_WORD("_from"), KEY_WORD("_due")};
    size_t len = strlen(key);
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (len == exact[i].len && memcmp(key, exact[i].text, len) == 0)
            return 1;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (len > suffixes[i].len &&
            memcmp(key + len - suffixes[i].len, suffixes[i].text, suffixes[i].len) == 0)
            return 1;
    return 0;
}

/* Push a parameter value (JSON) as Lua: numbers, strings, booleans, tables. */
static void push_json(lua_State *L, const cJSON *v, int depth)
{
    if (cJSON_IsNumber(v)) {
        if (v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 9e15)
            lua_pushinteger(L, (lua_Integer)v->valuedouble);
        else
            lua_pushnumber(L, v->valuedouble);
    } else if (cJSON_IsString(v)) {
        lua_pushstring(L, v->valuestring);
    } else if (cJSON_IsBool(v)) {
        lua_pushboolean(L, cJSON_IsTrue(v));
    } else if ((cJSON_IsObject(v) || cJSON_IsArray(v)) && depth < FACTS_MAX_DEPTH) {
        const cJSON *c;
        int i = 1, count = 0;
        cJSON_ArrayForEach(c, v)
            count++;
        /* made at its size: grown one member at a time it was resized
         * at each power of two (a parameter is read at every call) */
        if (cJSON_IsArray(v))
            lua_createtable(L, count, 0);
        else
            lua_createtable(L, 0, count);
        cJSON_ArrayForEach(c, v) {
            push_json(L, c, depth + 1);
            if (cJSON_IsArray(v))
                lua_rawseti(L, -2, i++);
            else
                lua_setfield(L, -2, c->string);
        }
    } else {
        lua_pushnil(L);
    }
}

/* ctx.param(name) -> the value for the current edition, or nil. */
static int ctx_param(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const struct lua_ctx *ctx = lua_touserdata(L, UPVALUE_CTX);
    const struct lua_ctx_fields *f = &ctx->current;
    const struct param *p = rulebook_param(ctx->rb, name);
    if (p == NULL)
        return luaL_error(L, "ctx.param: unknown parameter \"%s\"", name);
    size_t i = 0;
    while (i < f->declared_count && strcmp(f->declared[i], name) != 0)
        i++;
    if (i == f->declared_count)
        return luaL_error(L, "ctx.param: rule %s reads \"%s\" without declaring it in its params",
                          f->rule, name);
    const cJSON *override = cJSON_GetObjectItemCaseSensitive(f->params, name);
    if (override != NULL) {
        push_json(L, override, 0);
        return 1;
    }
    int edition = f->edition;
    if (edition < 0)
        lua_pushnil(L);
    else
        push_json(L, rulebook_param_value(p, (size_t)edition), 0);
    return 1;
}

/* table[KEYS[key]] = the value on the top (popped), raw; `table` and `keys`
 * (the KEYS table) are absolute or pseudo-indices. */
static void set_key(lua_State *L, int table, int keys, int key)
{
    lua_rawgeti(L, keys, key);
    lua_insert(L, -2);
    lua_rawset(L, table);
}

/*
 * An outcome of ctx.pass, ctx.fail, ...: a userdata of a struct outcome_box
 * whose user values hold what the rule gave, read when the check returns.
 * Not a table: every rule makes one for every dossier, and a table of four
 * fields cost about 2 000 instructions to make (its hash part, a rawset a
 * field) and a lookup a field to read; a userdata is one block, its values
 * are stored and read by position.  Rules read its fields as they would a
 * table's (outcome.code: __index) and cannot change them (__newindex).
 */
enum { UV_CODE = 1, UV_FACTS, UV_HINT, UV_PATHS, UV_COUNT = UV_PATHS };
struct outcome_box {
    int status_key;   /* KEY_PASS, KEY_FAIL, ... */
    int code_key;     /* the default code (KEYS) when UV_CODE is nil */
};

/* Build an outcome (pushed): `status` and `default_code` are KEYS indexes,
 * default_code 0 when the rule must give a code. */
static int make_outcome(lua_State *L, int status, int code_arg, int facts_arg, int hint_arg,
                        int default_code)
{
    lua_settop(L, 4);   /* absent arguments are nil, and the outcome lands above them */
    int has_code = code_arg && !lua_isnoneornil(L, code_arg);
    if (has_code)
        luaL_checkstring(L, code_arg);
    else if (default_code == 0)
        return luaL_error(L, "ctx.%s: a message code is required", KEYS[status - 1]);
    if (facts_arg && !lua_isnoneornil(L, facts_arg))
        luaL_checktype(L, facts_arg, LUA_TTABLE);
    if (hint_arg && !lua_isnoneornil(L, hint_arg))
        luaL_checktype(L, hint_arg, LUA_TTABLE);
    struct outcome_box *box = lua_newuserdatauv(L, sizeof *box, UV_COUNT);
    box->status_key = status;
    box->code_key = default_code;
    if (has_code) {
        /* the code as text (a number is converted in place), cut at a zero
         * byte as lua_pushstring would */
        size_t len;
        const char *code = lua_tolstring(L, code_arg, &len);
        if (strlen(code) == len)
            lua_pushvalue(L, code_arg);
        else
            lua_pushstring(L, code);
        lua_setiuservalue(L, -2, UV_CODE);
    }
    if (facts_arg && lua_istable(L, facts_arg)) {
        lua_pushvalue(L, facts_arg);
        lua_setiuservalue(L, -2, UV_FACTS);
    }
    if (hint_arg && lua_istable(L, hint_arg)) {
        lua_pushvalue(L, hint_arg);
        lua_setiuservalue(L, -2, UV_HINT);
    }
    lua_pushvalue(L, UPVALUE_OUTCOME_META);
    lua_setmetatable(L, -2);
    return 1;
}

/* The status an outcome's KEY_PASS, KEY_FAIL, ... stands for. */
static enum rule_status status_of_key(int key)
{
    switch (key) {
    case KEY_PASS:
        return RULE_PASS;
    case KEY_FAIL:
        return RULE_FAIL;
    case KEY_NEEDS_APPROVAL:
        return RULE_NEEDS_APPROVAL;
    case KEY_MISSING:
        return RULE_MISSING;
    case KEY_WARN:
        return RULE_WARN;
    default:
        return RULE_NOT_APPLICABLE;   /* make_outcome is given no other */
    }
}

/* Push the code of the outcome at `index`: the rule's, else the default. */
static void push_code(lua_State *L, int index, const struct outcome_box *box, int keys)
{
    if (lua_getiuservalue(L, index, UV_CODE) == LUA_TNIL && box->code_key != 0) {
        lua_pop(L, 1);
        lua_rawgeti(L, keys, box->code_key);
    }
}

/* outcome.status, .code, .facts, .hint, .paths for the rule that made it,
 * as the table an outcome used to be showed them; any other key is nil.
 * Upvalue 1: the KEYS table. */
static int outcome_index(lua_State *L)
{
    static const int fields[] = {KEY_STATUS, KEY_CODE, KEY_FACTS, KEY_HINT, KEY_PATHS};
    static const int values[] = {0, UV_CODE, UV_FACTS, UV_HINT, UV_PATHS};
    const struct outcome_box *box = lua_touserdata(L, 1);   /* the VM passes the outcome */
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        lua_rawgeti(L, lua_upvalueindex(1), fields[i]);
        int same = lua_rawequal(L, 2, -1);
        lua_pop(L, 1);
        if (!same)
            continue;
        if (fields[i] == KEY_STATUS)
            lua_rawgeti(L, lua_upvalueindex(1), box->status_key);
        else if (fields[i] == KEY_CODE)
            push_code(L, 1, box, lua_upvalueindex(1));
        else
            lua_getiuservalue(L, 1, values[i]);
        return 1;
    }
    lua_pushnil(L);
    return 1;
}

static int outcome_newindex(lua_State *L)
{
    return luaL_error(L, TR("không sửa được kết quả của ctx.*; hãy tạo kết quả mới",
                            "an outcome of ctx.* cannot be changed; make a new one"));
}

/* ctx.pass(facts [, code [, hint]]): a `latest` hint says until when it holds. */
static int ctx_pass(lua_State *L)
{
    return make_outcome(L, KEY_PASS, 2, 1, 3, KEY_OK);
}

/* ctx.fail(code, facts [, hint]) and its siblings with the same shape. */
static int ctx_fail(lua_State *L)
{
    return make_outcome(L, KEY_FAIL, 1, 2, 3, 0);
}

static int ctx_needs_approval(lua_State *L)
{
    return make_outcome(L, KEY_NEEDS_APPROVAL, 1, 2, 3, 0);
}

static int ctx_warn(lua_State *L)
{
    return make_outcome(L, KEY_WARN, 1, 2, 3, 0);
}

static int ctx_not_applicable(lua_State *L)
{
    return make_outcome(L, KEY_NOT_APPLICABLE, 1, 2, 0, 0);
}

/* ctx.missing(paths [, facts [, code [, hint]]]): paths is a list of strings
 * or one string; a `latest` hint tells by when a step not yet done is due. */
static int ctx_missing(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING) {
        lua_createtable(L, 1, 0);
        lua_pushvalue(L, 1);
        lua_rawseti(L, -2, 1);
        lua_replace(L, 1);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (n == 0)
        return luaL_error(L, "ctx.missing: at least one JSON path is required");
    if (n > MISSING_MAX)
        return luaL_error(L, TR("ctx.missing: %d đường dẫn, nhiều nhất là %d",
                                "ctx.missing: %d paths, at most %d are allowed"),
                          (int)(n > INT32_MAX ? INT32_MAX : n), MISSING_MAX);
    /* Copied into a plain table: what the rule's table says now, read under
     * its limits, is what is reported (no metamethod runs afterwards). */
    lua_createtable(L, (int)n, 0);
    int copy = lua_gettop(L);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, 1, i) != LUA_TSTRING)
            return luaL_error(L, "ctx.missing: path %d is not a string", (int)i);
        lua_rawseti(L, copy, i);
    }
    lua_replace(L, 1);
    make_outcome(L, KEY_MISSING, 3, 2, 4, KEY_MISSING);
    lua_pushvalue(L, 1);      /* the paths */
    lua_setiuservalue(L, -2, UV_PATHS);
    return 1;
}

struct lua_ctx *lua_ctx_setup(lua_State *L, const struct rulebook *rb)
{
    static const luaL_Reg functions[] = {
        {"param", ctx_param},
        {"pass", ctx_pass},
        {"fail", ctx_fail},
        {"needs_approval", ctx_needs_approval},
        {"warn", ctx_warn},
        {"missing", ctx_missing},
        {"not_applicable", ctx_not_applicable},
        {NULL, NULL},
    };
    struct lua_ctx *ctx = lua_newuserdatauv(L, sizeof *ctx, 0);
    memset(ctx, 0, sizeof *ctx);
    ctx->L = L;
    ctx->rb = rb;
    ctx->current.edition = -1;
    int self = lua_gettop(L);

    _Static_assert(sizeof KEYS / sizeof KEYS[0] == KEY_END - 1, "KEYS and its enum differ");
    lua_createtable(L, KEY_END - 1, 0);
    for (int i = 1; i < KEY_END; i++) {
        lua_pushstring(L, KEYS[i - 1]);
        lua_rawseti(L, -2, i);
    }
    int keys = lua_gettop(L);

    luaL_newmetatable(L, OUTCOME_META);
    lua_pushliteral(L, "outcome");
    lua_setfield(L, -2, "__metatable");
    lua_pushvalue(L, keys);
    lua_pushcclosure(L, outcome_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, outcome_newindex);
    lua_setfield(L, -2, "__newindex");
    int meta = lua_gettop(L);

    luaL_newlibtable(L, functions);            /* the fields table */
    lua_pushvalue(L, keys);                    /* UPVALUE_KEYS */
    lua_pushvalue(L, self);                    /* UPVALUE_CTX */
    lua_pushvalue(L, meta);                    /* UPVALUE_OUTCOME_META */
    luaL_setfuncs(L, functions, 3);
    lua_pushvalue(L, -1);
    ctx->fields_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    sandbox_protect_table(L);                  /* ctx as rules see it */
    ctx->proxy_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ctx->outcome_meta_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ctx->keys_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    luaL_ref(L, LUA_REGISTRYINDEX);            /* ctx itself, kept as long as L */
    return ctx;
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

void lua_ctx_set(struct lua_ctx *ctx, const struct lua_ctx_fields *f)
{
    lua_State *L = ctx->L;
    const struct rulebook *rb = ctx->rb;
    const struct edition *ed = f->edition >= 0 ? rulebook_edition(rb, (size_t)f->edition) : NULL;
    const char *guidance = ed ? rulebook_guidance_at(rb, (size_t)f->edition, f->guidance_day)
                              : NULL;
    const struct lua_ctx_fields was_fields = ctx->current, *was = &was_fields;
    int all = !ctx->shown_valid;
    ctx->current = *f;
    /* invalid until every write below is done: pushing may raise (memory) */
    ctx->shown_valid = 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->fields_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->keys_ref);
    int keys = lua_gettop(L), fields = keys - 1;
    if (all || !same_text(was->rule, f->rule)) {
        if (f->rule_ref != LUA_NOREF)
            lua_rawgeti(L, LUA_REGISTRYINDEX, f->rule_ref);   /* no lookup of its text */
        else
            lua_pushstring(L, f->rule);
        set_key(L, fields, keys, KEY_RULE);
    }
    if (all || !same_text(was->procedure, f->procedure)) {
        lua_pushstring(L, f->procedure);
        set_key(L, fields, keys, KEY_PROCEDURE);
    }
    if (all || was->as_of != f->as_of) {
        lua_pushinteger(L, f->as_of);
        set_key(L, fields, keys, KEY_AS_OF);
    }
    if (all || was->main_anchor != f->main_anchor) {
        lua_pushinteger(L, f->main_anchor);
        set_key(L, fields, keys, KEY_MAIN_ANCHOR);
    }
    if (all || was->anchor != f->anchor) {
        lua_pushinteger(L, f->anchor);
        set_key(L, fields, keys, KEY_ANCHOR);
    }
    if (all || was->edition != f->edition) {
        if (ed != NULL)
            lua_pushstring(L, ed->id);
        else
            lua_pushnil(L);
        set_key(L, fields, keys, KEY_EDITION);
    }
    if (all || !same_text(ctx->shown_guidance, guidance)) {
        if (guidance != NULL)
            lua_pushstring(L, guidance);
        else
            lua_pushnil(L);
        set_key(L, fields, keys, KEY_GUIDANCE);
    }
    lua_pop(L, 2);
    ctx->shown_guidance = guidance;
    ctx->shown_valid = 1;
}

void lua_ctx_push(struct lua_ctx *ctx)
{
    lua_rawgeti(ctx->L, LUA_REGISTRYINDEX, ctx->proxy_ref);
}

static int compare_members(const void *a, const void *b)
{
    return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

/*
 * Put the members of `obj` in key order.  Lua's table order changes from run
 * to run (string hashes are seeded), and results must be reproducible.
 */
static int sort_members(cJSON *obj)
{
    size_t n = (size_t)cJSON_GetArraySize(obj), i = 0;
    if (n < 2)
        return 0;
    cJSON **members = malloc(n * sizeof *members);
    if (members == NULL) {
        alloc_note_failure();   /* the command ends in "out of memory" (alloc.h) */
        return -1;
    }
    for (cJSON *c = obj->child; c; c = c->next)
        members[i++] = c;
    qsort(members, n, sizeof *members, compare_members);
    for (i = 0; i < n; i++) {
        members[i]->prev = i > 0 ? members[i - 1] : members[n - 1];  /* cJSON: head->prev is the tail */
        members[i]->next = i + 1 < n ? members[i + 1] : NULL;
    }
    obj->child = members[0];
    free(members);
    return 0;
}

/* 1 when the table at `index` (absolute) has no entries at all. */
static int is_empty_table(lua_State *L, int index)
{
    lua_pushnil(L);
    if (lua_next(L, index) == 0)
        return 1;
    lua_pop(L, 2);   /* the first key and value */
    return 0;
}

/* Count `n` values and `bytes` bytes against the budget; -1 with a message when over. */
static int spend(struct facts_budget *b, long n, size_t bytes, char *errbuf, size_t errsize)
{
    b->values += n;
    b->bytes += bytes;
    if (b->values > FACTS_MAX_VALUES) {
        snprintf(errbuf, errsize, TR("facts quá lớn: hơn %d giá trị (bảng dùng chung được tính "
                                     "mỗi lần xuất hiện)",
                                     "facts too large: more than %d values (a shared table "
                                     "counts each time it appears)"),
                 FACTS_MAX_VALUES);
        return -1;
    }
    if (b->bytes > FACTS_MAX_BYTES) {
        snprintf(errbuf, errsize, TR("facts quá lớn: hơn %d KiB văn bản",
                                     "facts too large: more than %d KiB of text"),
                 FACTS_MAX_BYTES / 1024);
        return -1;
    }
    return 0;
}

/* Spend the values and text of a dossier subtree, stopping once over budget. */
static int spend_node(const cJSON *node, struct facts_budget *b, char *errbuf, size_t errsize)
{
    size_t bytes = (node->string ? strlen(node->string) : 0) +
                   (cJSON_IsString(node) && node->valuestring ? strlen(node->valuestring) : 0);
    if (spend(b, 1, bytes, errbuf, errsize) != 0)
        return -1;
    for (const cJSON *c = node->child; c != NULL; c = c->next)
        if (spend_node(c, b, errbuf, errsize) != 0)
            return -1;
    return 0;
}

/* Check that a string leaving the rule is UTF-8; `what` names it in the message. */
static int check_text(const char *s, size_t len, const char *what, char *errbuf, size_t errsize)
{
    size_t at = sandbox_utf8_invalid_at(s, len);
    if (at == len)
        return 0;
    snprintf(errbuf, errsize, TR("%s không phải UTF-8 hợp lệ (byte %zu)",
                                 "%s is not valid UTF-8 (byte %zu)"), what, at + 1);
    return -1;
}

/*
 * Convert the Lua value at `index` to JSON; `key` decides date formatting.
 * Raw accesses only (no metamethod of the rule runs here); every value and
 * byte is counted against `b`, every string checked for UTF-8.
 */
static cJSON *to_json(lua_State *L, int index, const char *key, int depth,
                      struct facts_budget *b, char *errbuf, size_t errsize)
{
    index = lua_absindex(L, index);
    switch (lua_type(L, index)) {
    case LUA_TBOOLEAN:
        if (spend(b, 1, 0, errbuf, errsize) != 0)
            return NULL;
        return MADE(b, cJSON_CreateBool(lua_toboolean(L, index)), &checked_scalar);
    case LUA_TSTRING: {
        size_t len;
        const char *text = lua_tolstring(L, index, &len);
        if (spend(b, 1, len, errbuf, errsize) != 0)
            return NULL;
        if (sandbox_utf8_invalid_at(text, len) != len) {
            /* the fact's name is formatted only for the message */
            char what[96];
            snprintf(what, sizeof what, "fact \"%.40s\"", key);
            check_text(text, len, what, errbuf, errsize);
            return NULL;
        }
        if (strlen(text) != len) {
            snprintf(errbuf, errsize, TR("fact \"%.40s\" chứa byte 0", "fact \"%.40s\" holds a zero byte"),
                     key);
            return NULL;
        }
        return MADE(b, cJSON_CreateString(text), &checked_scalar);
    }
    case LUA_TNUMBER:
        if (spend(b, 1, 0, errbuf, errsize) != 0)
            return NULL;
        if (!b->build)
            return &checked_scalar;   /* which number it is matters only when built */
        if (lua_isinteger(L, index)) {
            lua_Integer v = lua_tointeger(L, index);
            if (lua_ctx_is_date_key(key) && v > INT32_MIN && v < INT32_MAX) {
                char text[DATE_TEXT_SIZE];
                return MADE(b, cJSON_CreateString(date_format_iso((admit_day)v, text)),
                            &checked_scalar);
            }
            return MADE(b, cJSON_CreateNumber((double)v), &checked_scalar);
        } else {
            double v = lua_tonumber(L, index);
            return MADE(b, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(),
                        &checked_scalar);
        }
    case LUA_TUSERDATA: {
        const cJSON *node = lua_dossier_node(L, index);
        if (node != NULL) {
            if (spend_node(node, b, errbuf, errsize) != 0)
                return NULL;
            return MADE(b, cJSON_Duplicate(node, 1),
                        cJSON_IsArray(node) ? &checked_array : &checked_object);
        }
        break;
    }
    case LUA_TTABLE: {
        if (depth >= FACTS_MAX_DEPTH) {
            snprintf(errbuf, errsize, TR("facts lồng sâu hơn %d mức (hoặc có vòng lặp)",
                                         "facts nest deeper than %d levels (or hold a cycle)"),
                     FACTS_MAX_DEPTH);
            return NULL;
        }
        if (spend(b, 1, 0, errbuf, errsize) != 0)
            return NULL;
        /* A table of a shared module is reported as the table behind its
         * read-only proxy; any other metatable could make the table say one
         * thing to the rule and another here, so it is refused. */
        if (sandbox_push_deep_real(L, index)) {
            cJSON *real = to_json(L, -1, key, depth, b, errbuf, errsize);
            lua_pop(L, 1);
            return real;
        }
        if (lua_getmetatable(L, index)) {
            lua_pop(L, 1);
            snprintf(errbuf, errsize, TR("fact \"%.40s\" là bảng có metatable; facts chỉ gồm "
                                         "bảng thường", "fact \"%.40s\" is a table with a "
                                         "metatable; facts are plain tables"), key);
            return NULL;
        }
        lua_Integer n = (lua_Integer)lua_rawlen(L, index);
        /* Lua cannot tell an empty list from an empty record: inside facts an
         * empty table is written as an empty list, the common case. */
        if (n == 0 && depth > 0 && is_empty_table(L, index))
            return MADE(b, cJSON_CreateArray(), &checked_array);
        cJSON *out = n > 0 ? MADE(b, cJSON_CreateArray(), &checked_array)
                           : MADE(b, cJSON_CreateObject(), &checked_object);
        if (out == NULL)
            return NULL;
        if (n > 0) {
            for (lua_Integer i = 1; i <= n; i++) {
                lua_rawgeti(L, index, i);
                cJSON *item = to_json(L, -1, key, depth + 1, b, errbuf, errsize);
                lua_pop(L, 1);
                if (item == NULL) {
                    discard(b, out);
                    return NULL;
                }
                if (b->build)
                    cJSON_AddItemToArray(out, item);
            }
            return out;
        }
        lua_pushnil(L);
        while (lua_next(L, index) != 0) {
            size_t klen;
            if (lua_type(L, -2) != LUA_TSTRING) {
                snprintf(errbuf, errsize, TR("khóa của facts phải là chuỗi",
                                             "facts keys must be strings"));
                lua_pop(L, 2);
                discard(b, out);
                return NULL;
            }
            const char *k = lua_tolstring(L, -2, &klen);
            if (spend(b, 0, klen, errbuf, errsize) != 0 ||
                check_text(k, klen, TR("một khóa của facts", "a facts key"), errbuf,
                           errsize) != 0) {
                lua_pop(L, 2);
                discard(b, out);
                return NULL;
            }
            cJSON *item = to_json(L, -1, k, depth + 1, b, errbuf, errsize);
            if (item == NULL) {
                lua_pop(L, 2);
                discard(b, out);
                return NULL;
            }
            if (b->build)
                cJSON_AddItemToObject(out, k, item);
            lua_pop(L, 1);
        }
        if (b->build && sort_members(out) != 0) {
            discard(b, out);
            return NULL;
        }
        return out;
    }
    default:
        break;
    }
    snprintf(errbuf, errsize, TR("fact \"%.40s\" là một %s, không thể báo cáo",
                                 "fact \"%.40s\" is a %s, which cannot be reported"), key,
             luaL_typename(L, index));
    return NULL;
}

/* Push t[KEYS[key]] of the table at `index`, raw, with the KEYS table
 * at `keys`.  Returns its type. */
static int raw_field(lua_State *L, int index, int keys, int key)
{
    lua_rawgeti(L, keys, key);
    return lua_rawget(L, index);
}

/* Read hint.earliest / hint.latest into *day (a day number or nil), raw. */
static int read_hint(lua_State *L, int hint, int keys, int key, admit_day *day, char *errbuf,
                     size_t errsize)
{
    const char *name = KEYS[key - 1];
    int type = raw_field(L, hint, keys, key);
    int ok = 1;
    if (type != LUA_TNIL) {
        int isint;
        lua_Integer v = lua_tointegerx(L, -1, &isint);
        ok = type == LUA_TNUMBER && isint && v > INT32_MIN && v < INT32_MAX;
        if (ok)
            *day = (admit_day)v;
        else
            snprintf(errbuf, errsize, TR("hint.%s không phải ngày (số ngày)",
                                         "hint.%s is not a date (day number)"), name);
    }
    lua_pop(L, 1);
    return ok ? 0 : -1;
}

/*
 * Reads only with raw accesses, so that no metamethod of a rule's table runs
 * here, outside the sandbox's protected call.
 */
int lua_ctx_read_outcome(struct lua_ctx *ctx, int index, struct outcome *out,
                         lua_ctx_facts_shown shown, void *shown_arg, char *errbuf, size_t errsize)
{
    lua_State *L = ctx->L;
    int rc = -1;
    int top = lua_gettop(L);
    struct facts_budget budget = {0, 0, 1};
    index = lua_absindex(L, index);
    if (!lua_getmetatable(L, index)) {
        snprintf(errbuf, errsize, "check returned a %s, not an outcome of ctx.pass/ctx.fail/...",
                 luaL_typename(L, index));
        goto done;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->outcome_meta_ref);
    if (!lua_rawequal(L, -1, -2) || lua_type(L, index) != LUA_TUSERDATA) {
        snprintf(errbuf, errsize, "check returned a value that is not an outcome of ctx.*");
        goto done;
    }
    const struct outcome_box *box = lua_touserdata(L, index);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->keys_ref);
    int keys = lua_gettop(L);
    enum rule_status status = status_of_key(box->status_key);
    push_code(L, index, box, keys);
    size_t code_len = 0;
    const char *code = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &code_len) : NULL;
    if (code == NULL || code_len == 0 || code_len >= OUTCOME_CODE_MAX ||
        strlen(code) != code_len ||
        check_text(code, code_len, TR("mã thông điệp", "the message code"), errbuf,
                   errsize) != 0) {
        if (code == NULL || code_len == 0 || code_len >= OUTCOME_CODE_MAX || strlen(code) != code_len)
            snprintf(errbuf, errsize, TR("mã thông điệp phải là chuỗi từ 1 đến %d byte",
                                         "the message code must be a string of 1 to %d bytes"),
                     OUTCOME_CODE_MAX - 1);
        goto done;
    }
    outcome_set(out, status, code);
    if (lua_getiuservalue(L, index, UV_FACTS) == LUA_TTABLE) {
        errbuf[0] = '\0';
        budget.build = shown == NULL || shown(shown_arg, status, out->code);
        cJSON *facts = to_json(L, -1, "", 0, &budget, errbuf, errsize);
        if (facts == NULL) {
            if (errbuf[0] == '\0')   /* cJSON or sort_members: counted (alloc.h) */
                snprintf(errbuf, errsize, "%s", TR("hết bộ nhớ", "out of memory"));
            goto done;
        }
        if (!cJSON_IsObject(facts)) {
            discard(&budget, facts);
            snprintf(errbuf, errsize, "facts must be a table of named values");
            goto done;
        }
        if (budget.build) {
            cJSON_Delete(out->facts);
            out->facts = facts;
        }
    }
    if (lua_getiuservalue(L, index, UV_HINT) == LUA_TTABLE) {
        int hint = lua_gettop(L);
        if (lua_getmetatable(L, hint)) {
            snprintf(errbuf, errsize, TR("hint là bảng có metatable; hint phải là bảng thường",
                                         "hint is a table with a metatable; it must be a plain "
                                         "table"));
            goto done;
        }
        if (read_hint(L, hint, keys, KEY_EARLIEST, &out->earliest, errbuf, errsize) != 0 ||
            read_hint(L, hint, keys, KEY_LATEST, &out->latest, errbuf, errsize) != 0)
            goto done;
    }
    if (lua_getiuservalue(L, index, UV_PATHS) == LUA_TTABLE) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        if (n > MISSING_MAX) {
            snprintf(errbuf, errsize, TR("%d đường dẫn thiếu, nhiều nhất là %d",
                                         "%d missing paths, at most %d are allowed"),
                     (int)(n > INT32_MAX ? INT32_MAX : n), MISSING_MAX);
            goto done;
        }
        for (lua_Integer i = 1; i <= n; i++) {
            size_t len;
            if (lua_rawgeti(L, -1, i) != LUA_TSTRING) {
                snprintf(errbuf, errsize, "missing path %d is not a string", (int)i);
                goto done;
            }
            const char *path = lua_tolstring(L, -1, &len);
            if (len == 0 || len > PATH_MAX_BYTES || strlen(path) != len) {
                snprintf(errbuf, errsize, TR("đường dẫn thiếu %d phải dài từ 1 đến %d byte",
                                             "missing path %d must be 1 to %d bytes long"),
                         (int)i, PATH_MAX_BYTES);
                goto done;
            }
            if (check_text(path, len, TR("đường dẫn thiếu", "a missing path"), errbuf,
                           errsize) != 0)
                goto done;
            if (outcome_add_missing(out, path) != 0) {
                snprintf(errbuf, errsize, "out of memory");
                goto done;
            }
            lua_pop(L, 1);
        }
    }
    rc = 0;
done:
    lua_settop(L, top);
    return rc;
}
