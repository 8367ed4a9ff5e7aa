/* lua_dossier.c - lazy read-only proxies over the dossier's JSON tree. */
#include "lua_dossier.h"

#include <stdint.h>
#include <string.h>

#include <lauxlib.h>

#include "dossier.h"

static const char PROXY_META[] = "admit.dossier.node";
static const char ARRAY_KEYS[] = "admit.dossier.array_keys";
static const char EMPTY_ARRAY[] = "admit.dossier.empty_array";
static const char EPOCH[] = "admit.dossier.epoch";

/* A proxy: the node, and for arrays an index of its items (cJSON arrays are
 * linked lists; rules index them by position).  A rule can keep a proxy in
 * its file's globals past the evaluation, when the dossier behind it may be
 * freed: each proxy records the evaluation it belongs to (`born`, a value of
 * the state's counter `epoch`, bumped by lua_dossier_push) and is refused
 * afterwards. */
struct proxy {
    const cJSON *node;
    const lua_Integer *epoch;   /* NULL: valid in every evaluation (the empty array) */
    lua_Integer born;
    size_t count;
    const cJSON *items[];
};

static int proxy_current(const struct proxy *p)
{
    return p->epoch == NULL || *p->epoch == p->born;
}

static struct proxy *check_proxy(lua_State *L, int index)
{
    struct proxy *p = luaL_checkudata(L, index, PROXY_META);
    if (!proxy_current(p))
        luaL_error(L, "a dossier value kept from an earlier evaluation was used; "
                      "dossier values are valid only while the check they were given to runs");
    return p;
}

const cJSON *lua_dossier_node(lua_State *L, int index)
{
    struct proxy *p = luaL_testudata(L, index, PROXY_META);
    return p != NULL && proxy_current(p) ? p->node : NULL;
}

/* Push a new proxy for an object or array node (NULL: an empty array) of
 * the evaluation counted by `epoch`. */
static void new_proxy(lua_State *L, const cJSON *node, const lua_Integer *epoch)
{
    size_t count = 0;
    if (node != NULL && cJSON_IsArray(node))
        for (const cJSON *c = node->child; c; c = c->next)
            count++;
    struct proxy *p = lua_newuserdatauv(L, sizeof *p + count * sizeof p->items[0], 1);
    p->node = node;
    p->epoch = epoch;
    p->born = epoch != NULL ? *epoch : 0;
    p->count = count;
    count = 0;
    if (node != NULL && cJSON_IsArray(node))
        for (const cJSON *c = node->child; c; c = c->next)
            p->items[count++] = c;
    luaL_setmetatable(L, PROXY_META);
}

/*
 * Push the Lua value of `child`, a member of the proxy at index 1 reached by
 * the key at index 2.  Objects and arrays are cached in the parent's user
 * value so that repeated reads return the same proxy.
 */
static void push_child(lua_State *L, const cJSON *child)
{
    switch (child->type & 0xFF) {
    case cJSON_False:
        lua_pushboolean(L, 0);
        return;
    case cJSON_True:
        lua_pushboolean(L, 1);
        return;
    case cJSON_Number: {
        double v = child->valuedouble;
        if (v >= -9007199254740992.0 && v <= 9007199254740992.0 && v == (double)(int64_t)v)
            lua_pushinteger(L, (lua_Integer)v);
        else
            lua_pushnumber(L, v);
        return;
    }
    case cJSON_String:
        if (dossier_node_is_date(child))
            lua_pushinteger(L, dossier_node_day(child));
        else
            lua_pushstring(L, child->valuestring);
        return;
    case cJSON_Array:
    case cJSON_Object:
        break;
    default:
        lua_pushnil(L);
        return;
    }
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) {   /* the cache */
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 1);
    }
    if (lua_rawgetp(L, -1, child) != LUA_TUSERDATA) {
        lua_pop(L, 1);
        new_proxy(L, child, ((const struct proxy *)lua_touserdata(L, 1))->epoch);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, -3, child);
    }
    lua_remove(L, -2);   /* drop the cache */
}

static int proxy_index(lua_State *L)
{
    struct proxy *p = check_proxy(L, 1);
    const cJSON *child = NULL;
    if (p->node != NULL && cJSON_IsArray(p->node)) {
        int isnum;
        lua_Integer i = lua_tointegerx(L, 2, &isnum);
        if (isnum && i >= 1 && (size_t)i <= p->count)
            child = p->items[i - 1];
    } else if (p->node != NULL && lua_type(L, 2) == LUA_TSTRING) {
        child = cJSON_GetObjectItemCaseSensitive(p->node, lua_tostring(L, 2));
    }
    if (child != NULL && !cJSON_IsNull(child)) {
        push_child(L, child);
        return 1;
    }
    /* Absent or null: an empty array for array-typed keys, else nil. */
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_getfield(L, LUA_REGISTRYINDEX, ARRAY_KEYS);
        lua_pushvalue(L, 2);
        int is_array = lua_rawget(L, -2) == LUA_TBOOLEAN;
        lua_pop(L, 2);
        if (is_array) {
            lua_getfield(L, LUA_REGISTRYINDEX, EMPTY_ARRAY);
            return 1;
        }
    }
    lua_pushnil(L);
    return 1;
}

static int proxy_len(lua_State *L)
{
    struct proxy *p = check_proxy(L, 1);
    lua_pushinteger(L, (lua_Integer)p->count);
    return 1;
}

static int proxy_newindex(lua_State *L)
{
    return luaL_error(L, "the dossier is read-only");
}

/* pairs(): (key, value) of an object in document order, (i, item) of an array. */
static int proxy_next(lua_State *L)
{
    struct proxy *p = check_proxy(L, 1);
    const cJSON *child;
    if (p->node == NULL)
        return 0;
    if (cJSON_IsArray(p->node)) {
        lua_Integer i = lua_isnil(L, 2) ? 0 : luaL_checkinteger(L, 2);
        for (i++; (size_t)i <= p->count; i++) {
            if (cJSON_IsNull(p->items[i - 1]))
                continue;
            lua_pushinteger(L, i);
            push_child(L, p->items[i - 1]);
            return 2;
        }
        return 0;
    }
    child = p->node->child;
    if (!lua_isnil(L, 2)) {
        const char *key = luaL_checkstring(L, 2);
        while (child != NULL && strcmp(child->string, key) != 0)
            child = child->next;
        child = child != NULL ? child->next : NULL;
    }
    while (child != NULL && cJSON_IsNull(child))
        child = child->next;
    if (child == NULL)
        return 0;
    lua_pushstring(L, child->string);
    push_child(L, child);
    return 2;
}

static int proxy_pairs(lua_State *L)
{
    check_proxy(L, 1);
    lua_pushcfunction(L, proxy_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int proxy_tostring(lua_State *L)
{
    struct proxy *p = check_proxy(L, 1);
    if (p->node == NULL || cJSON_IsArray(p->node))
        lua_pushfstring(L, "dossier array (%d items)", (int)p->count);
    else
        lua_pushstring(L, "dossier object");
    return 1;
}

/* Resolve a local "$ref" ("#/definitions/NAME") against the document. */
static const cJSON *resolve(const cJSON *doc, const cJSON *schema)
{
    for (int hops = 0; hops < 16 && schema != NULL; hops++) {
        const cJSON *ref = cJSON_GetObjectItemCaseSensitive(schema, "$ref");
        if (!cJSON_IsString(ref))
            return schema;
        if (strncmp(ref->valuestring, "#/definitions/", 14) != 0)
            return NULL;
        schema = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(doc, "definitions"), ref->valuestring + 14);
    }
    return schema;
}

static int types_array(const cJSON *doc, const cJSON *schema)
{
    schema = resolve(doc, schema);
    if (schema == NULL)
        return 0;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(schema, "type"), *t;
    if (cJSON_IsString(type) && strcmp(type->valuestring, "array") == 0)
        return 1;
    cJSON_ArrayForEach(t, type)   /* no items unless an array */
        if (cJSON_IsString(t) && strcmp(t->valuestring, "array") == 0)
            return 1;
    static const char *const branches[] = {"anyOf", "oneOf"};
    for (int b = 0; b < 2; b++)
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(schema, branches[b]))
            if (types_array(doc, t))
                return 1;
    return 0;
}

/* Collect into the table at the top every property name typed as an array. */
static void collect_array_keys(lua_State *L, const cJSON *doc, const cJSON *node, int depth)
{
    if (depth > 64 || node == NULL)
        return;
    const cJSON *props = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, "properties")
                                              : NULL;
    const cJSON *prop, *child;
    cJSON_ArrayForEach(prop, props) {   /* no members unless an object */
        if (types_array(doc, prop)) {
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, prop->string);
        }
    }
    cJSON_ArrayForEach(child, node)
        if (cJSON_IsObject(child) || cJSON_IsArray(child))
            collect_array_keys(L, doc, child, depth + 1);
}

void lua_dossier_setup(lua_State *L, const cJSON *schema_doc)
{
    static const luaL_Reg methods[] = {
        {"__index", proxy_index},       {"__len", proxy_len},
        {"__newindex", proxy_newindex}, {"__pairs", proxy_pairs},
        {"__tostring", proxy_tostring}, {NULL, NULL},
    };
    luaL_newmetatable(L, PROXY_META);
    luaL_setfuncs(L, methods, 0);
    lua_pushliteral(L, "dossier");
    lua_setfield(L, -2, "__metatable");   /* rules cannot reach the metatable */
    lua_pop(L, 1);

    lua_newtable(L);
    collect_array_keys(L, schema_doc, schema_doc, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, ARRAY_KEYS);

    new_proxy(L, NULL, NULL);
    lua_setfield(L, LUA_REGISTRYINDEX, EMPTY_ARRAY);

    lua_Integer *epoch = lua_newuserdatauv(L, sizeof *epoch, 0);   /* never moves */
    *epoch = 0;
    lua_setfield(L, LUA_REGISTRYINDEX, EPOCH);
}

void lua_dossier_push(lua_State *L, const cJSON *root)
{
    lua_getfield(L, LUA_REGISTRYINDEX, EPOCH);
    lua_Integer *epoch = lua_touserdata(L, -1);
    lua_pop(L, 1);   /* the registry keeps it */
    if (epoch != NULL)
        ++*epoch;    /* every proxy of an earlier push is out of date */
    new_proxy(L, root, epoch);
}
