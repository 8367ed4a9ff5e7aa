/*
 * plugin_lua.c - the `plugins` table of rules: Lua values in, plugin call,
 * Lua value out.
 *
 * A plugin call may fail, and a Lua error is a longjmp: whatever the host
 * allocated for the call must be reachable by the garbage collector when
 * the error is raised.  Each call therefore keeps its argument array and
 * the result or error string in one userdata whose __gc frees the strings.
 */
#include "plugin_lua.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sandbox.h"

/* Registry name of the metatable of the per-call userdata. */
#define CALL_BOX_META "admit.plugin_call"

/* Everything one call holds across Lua API calls that may raise. */
struct call_box {
    char *result;                /* a string result being pushed; owned */
    char *error;                 /* a failure message being pushed; owned */
    struct admit_value argv[];   /* the converted arguments */
};

static int call_box_gc(lua_State *L)
{
    struct call_box *box = lua_touserdata(L, 1);
    if (box != NULL) {
        free(box->result);
        free(box->error);
        box->result = box->error = NULL;
    }
    return 0;
}

/* Convert argument `i` of the call into *v, or raise. */
static void to_value(lua_State *L, int i, const struct plugin_function *f, struct admit_value *v)
{
    switch (lua_type(L, i)) {
    case LUA_TNIL:
        v->type = ADMIT_VALUE_NIL;
        break;
    case LUA_TBOOLEAN:
        v->type = ADMIT_VALUE_BOOL;
        v->as.boolean = lua_toboolean(L, i);
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, i)) {
            v->type = ADMIT_VALUE_INT;
            v->as.integer = (int64_t)lua_tointeger(L, i);
        } else {
            v->type = ADMIT_VALUE_NUMBER;
            v->as.number = (double)lua_tonumber(L, i);
        }
        break;
    case LUA_TSTRING:
        /* The string stays on the stack, so its bytes live through the call. */
        v->type = ADMIT_VALUE_STRING;
        v->as.string.data = lua_tolstring(L, i, &v->as.string.len);
        break;
    default:
        luaL_error(L, TR("plugins.%s.%s: đối số %d: cần nil, boolean, số hoặc chuỗi (nhận %s)",
                         "plugins.%s.%s: argument %d: expected nil, boolean, number or string (got %s)"),
                   f->plugin, f->name, i, luaL_typename(L, i));
    }
}

/* plugin_call_env.expired of calls from rules: the sandbox's clock. */
static int lua_plugin_expired(void *arg)
{
    return sandbox_expired(arg);
}

/* A full userdata of the state (it never moves), which every closure below
 * holds and the registry keeps. */
struct plugin_lua_env {
    const struct plugin_call_env *env;
};

/* The closure behind plugins.NAME.FN; upvalue 1 is its plugin_function,
 * upvalue 2 its state's struct plugin_lua_env. */
static int call_function(lua_State *L)
{
    const struct plugin_function *f = lua_touserdata(L, lua_upvalueindex(1));
    const struct plugin_lua_env *where = lua_touserdata(L, lua_upvalueindex(2));
    const struct plugin_call_env *env = where->env;
    int argc = lua_gettop(L);

    if (env == NULL)
        return luaL_error(L, TR("plugins.%s.%s: gọi ngoài lúc đánh giá một quy tắc",
                                "plugins.%s.%s: called outside the evaluation of a rule"),
                          f->plugin, f->name);

    struct call_box *box = lua_newuserdatauv(L, sizeof *box + (size_t)argc * sizeof box->argv[0], 0);
    box->result = box->error = NULL;
    luaL_setmetatable(L, CALL_BOX_META);                     /* box at argc + 1 */
    for (int i = 1; i <= argc; i++)
        to_value(L, i, f, &box->argv[i - 1]);

    /* The call runs under the rule's limits: the plugin polls the time left
     * through host->call_expired (e.g. the registry's SQLite progress handler). */
    struct plugin_expiry outer = plugin_host_set_expiry((struct plugin_expiry){lua_plugin_expired,
                                                                               sandbox_of(L)});
    struct admit_value ret;
    int failed = plugin_call_function(f, env, argc, box->argv, &ret, &box->error);
    plugin_host_set_expiry(outer);
    if (failed != 0) {
        /* Like luaL_error: the position of the calling rule first. */
        luaL_where(L, 1);                                    /* push "file:line: " */
        lua_pushfstring(L, "plugins.%s.%s: %s", f->plugin, f->name,
                        box->error != NULL ? box->error : TR("hết bộ nhớ", "out of memory"));
        free(box->error);
        box->error = NULL;
        lua_concat(L, 2);                                    /* the message */
        return lua_error(L);
    }
    switch (ret.type) {
    case ADMIT_VALUE_BOOL:
        lua_pushboolean(L, ret.as.boolean);
        break;
    case ADMIT_VALUE_INT:
        lua_pushinteger(L, (lua_Integer)ret.as.integer);
        break;
    case ADMIT_VALUE_NUMBER:
        lua_pushnumber(L, (lua_Number)ret.as.number);
        break;
    case ADMIT_VALUE_STRING:
        /* Owned by the box while the push may raise. */
        box->result = (char *)ret.as.string.data;
        lua_pushlstring(L, box->result, ret.as.string.len);
        free(box->result);
        box->result = NULL;
        break;
    default:
        lua_pushnil(L);
        break;
    }
    return 1;
}

/* __newindex of a read-only table; upvalue 1 is the table's name. */
static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, TR("%s chỉ đọc", "%s is read-only"),
                      lua_tostring(L, lua_upvalueindex(1)));
}

/* A `next` that does not depend on the global one (rules' globals vary). */
static int readonly_next(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1))
        return 2;
    lua_pushnil(L);
    return 1;
}

/* __pairs of a read-only table: iterate the table behind it (upvalue 1). */
static int readonly_pairs(lua_State *L)
{
    lua_pushcfunction(L, readonly_next);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

/*
 * Replace the table on top of the stack with an empty proxy that reads
 * through to it: __newindex fires on every assignment only because the
 * proxy itself stays empty.  `name` is used in the error message.
 */
static void make_readonly(lua_State *L, const char *name)
{
    lua_newtable(L);                                  /* proxy */
    lua_createtable(L, 0, 4);                         /* its metatable */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, readonly_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);                          /* pops the metatable */
    lua_remove(L, -2);                                /* drop the real table */
}

struct plugin_lua_env *plugin_lua_push(lua_State *L, const struct plugin_set *set)
{
    if (luaL_newmetatable(L, CALL_BOX_META)) {        /* push box metatable */
        lua_pushcfunction(L, call_box_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);                                    /* drop box metatable */

    struct plugin_lua_env *where = lua_newuserdatauv(L, sizeof *where, 0);
    where->env = NULL;
    int slot = lua_gettop(L);
    lua_pushvalue(L, slot);
    luaL_ref(L, LUA_REGISTRYINDEX);                   /* kept, functions or none */

    size_t nplugins = plugin_set_count(set), nfunctions = plugin_set_function_count(set);
    lua_createtable(L, 0, (int)nplugins);             /* plugins */
    for (size_t i = 0; i < nplugins; i++) {
        const char *name = plugin_set_name(set, i);
        lua_newtable(L);                              /* plugins[name] */
        for (size_t k = 0; k < nfunctions; k++) {
            const struct plugin_function *f = plugin_set_function(set, k);
            if (strcmp(f->plugin, name) != 0)
                continue;
            /* Lua only stores the pointer; the closure never writes through it. */
            lua_pushlightuserdata(L, (void *)f);
            lua_pushvalue(L, slot);
            lua_pushcclosure(L, call_function, 2);
            lua_setfield(L, -2, f->name);
        }
        char label[96];                               /* names are at most 64 bytes */
        snprintf(label, sizeof label, "plugins.%s", name);
        make_readonly(L, label);
        lua_setfield(L, -2, name);                    /* pops plugins[name] */
    }
    make_readonly(L, "plugins");
    lua_remove(L, slot);
    return where;
}

void plugin_lua_set_env(struct plugin_lua_env *where, const struct plugin_call_env *env)
{
    where->env = env;
}
