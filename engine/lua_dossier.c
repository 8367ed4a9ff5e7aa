/* lua_dossier.c - lazy read-only proxies over the dossier's JSON tree. */
#include "lua_dossier.h"

#include <stdint.h>
#include <string.h>

#include <lauxlib.h>

#include "dossier.h"
#include "json_member.h"

static const char PROXY_META[] = "admit.dossier.node";
static const char EPOCH[] = "admit.dossier.epoch";

/* The upvalues of the metamethods (lua_dossier_setup): what they would
 * otherwise look up by name in the registry at every read of a field. */
enum { UP_META = 1, UP_ARRAY_KEYS, UP_EMPTY_ARRAY, UP_COUNT = UP_EMPTY_ARRAY };
#define UP(i) lua_upvalueindex(i)

/* The longest array whose items are cached in user values of their proxy,
 * one each, and the largest object whose members are (two each); Lua allows
 * fewer than USHRT_MAX user values. */
#define ITEM_SLOTS_MAX 1024
#define MEMBER_SLOTS_MAX 256

/* In a proxy's cache, the value of a key the node does not have. */
static const char ABSENT = 0;

/* A proxy: the node, and for arrays an index of its items (cJSON arrays are
 * linked lists; rules index them by position).  A rule can keep a proxy in
 * its file's globals past the evaluation, when the dossier behind it may be
 * freed: each proxy records the evaluation it belongs to (`born`, a value of
 * the state's counter `epoch`, bumped by lua_dossier_push) and is refused
 * afterwards.
 *
 * What was read is kept in the proxy's user values ("slotted"): item i of
 * an array in user value i; member j of an object (from 0, in document
 * order) in user value j + 1, and the name it was read by in user value
 * count + j + 1, whose text `names[j]` points at.  A rule's names are Lua
 * strings, and Lua keeps one string for each short text: a name read again
 * is found by comparing addresses, with no hashing and no strcmp; the
 * string is kept in the user value so that its address cannot be another
 * string's while the proxy lives.  A longer array or a larger object
 * (ITEM_SLOTS_MAX, MEMBER_SLOTS_MAX) has one user value instead, a table
 * made on its first read: position or name -> value.  The
 * rules of one dossier read the same fields again and again (every rule the
 * candidate's dates, the vote, the introducers); the dossier cannot change
 * while it is evaluated, so a value looked up once in the JSON tree is the
 * one every later lookup would give, and a member that is an object or an
 * array is the same proxy however it is reached (index or pairs). */
struct proxy {
    const cJSON *node;
    const lua_Integer *epoch;   /* NULL: valid in every evaluation (the empty array) */
    lua_Integer born;
    int is_array;               /* the node is an array, or NULL (the empty array) */
    int slotted;                /* what was read is in user values, not in a table */
    size_t count;               /* an array's items; an object's members */
    const char **names;         /* a slotted object's: the text member j was read by; NULL */
    const cJSON *items[];       /* an array's items; a slotted object's members */
};

static int proxy_current(const struct proxy *p)
{
    return p->epoch == NULL || *p->epoch == p->born;
}

static struct proxy *current_proxy(lua_State *L, struct proxy *p)
{
    if (!proxy_current(p))
        luaL_error(L, "a dossier value kept from an earlier evaluation was used; "
                      "dossier values are valid only while the check they were given to runs");
    return p;
}

/*
 * The proxy that a metamethod of the proxies' metatable was called for.
 * The Lua VM calls __index, __len, __pairs and __tostring with the value
 * whose metatable holds them, and rules cannot reach that metatable
 * (__metatable), so argument 1 is a proxy: checking its type again at every
 * field a rule reads was a fifth of the cost of a read.
 */
static struct proxy *self_proxy(lua_State *L)
{
    return current_proxy(L, lua_touserdata(L, 1));
}

/* The proxy at `index`, which anything may be (the iterator pairs() returns
 * can be called with any value): its metatable must be the proxies'. */
static struct proxy *check_proxy(lua_State *L, int index)
{
    struct proxy *p = lua_touserdata(L, index);
    int is_proxy = p != NULL && lua_getmetatable(L, index);
    if (is_proxy) {
        is_proxy = lua_rawequal(L, -1, UP(UP_META));
        lua_pop(L, 1);
    }
    if (!is_proxy)
        luaL_typeerror(L, index, PROXY_META);
    return current_proxy(L, p);
}

const cJSON *lua_dossier_node(lua_State *L, int index)
{
    struct proxy *p = luaL_testudata(L, index, PROXY_META);
    return p != NULL && proxy_current(p) ? p->node : NULL;
}

/* Push a new proxy for an object or array node (NULL: an empty array) of
 * the evaluation counted by `epoch`, with the metatable at index `meta`. */
static void new_proxy(lua_State *L, const cJSON *node, const lua_Integer *epoch, int meta)
{
    size_t count = 0;
    if (node != NULL)
        for (const cJSON *c = node->child; c; c = c->next)
            count++;
    int is_array = node == NULL || cJSON_IsArray(node);
    int slotted = count <= (is_array ? ITEM_SLOTS_MAX : MEMBER_SLOTS_MAX);
    size_t listed = is_array || slotted ? count : 0;
    size_t named = is_array || !slotted ? 0 : count;
    struct proxy *p = lua_newuserdatauv(
        L, sizeof *p + listed * sizeof p->items[0] + named * sizeof p->names[0],
        slotted ? (int)(listed + named) : 1);
    p->node = node;
    p->epoch = epoch;
    p->born = epoch != NULL ? *epoch : 0;
    p->is_array = is_array;
    p->slotted = slotted;
    p->count = count;
    p->names = named > 0 ? (const char **)(void *)(p->items + listed) : NULL;
    if (listed > 0) {
        count = 0;
        for (const cJSON *c = node->child; c; c = c->next) {
            p->items[count] = c;
            if (named > 0)
                p->names[count] = NULL;
            count++;
        }
    }
    lua_pushvalue(L, meta);
    lua_setmetatable(L, -2);
}

/* Push the cache of the proxy p at index 1 (its user value), made on first
 * use: with room for 64 items of an array longer than ITEM_SLOTS_MAX (rules
 * go through them all), for a few members of an object (rules read a handful of its members; a
 * table sized for all of them cost more to make than the few reads it
 * saved growing). */
static void push_cache(lua_State *L, const struct proxy *p)
{
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        if (p->is_array)
            lua_createtable(L, p->count < 64 ? (int)p->count : 64, 0);
        else
            lua_createtable(L, 0, p->count < 16 ? (int)p->count : 16);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 1);
    }
}

/* Push the Lua value of `child`, a member of the proxy at index 1, from a
 * metamethod: a new proxy for an object or an array (the caller caches it). */
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
        else   /* not lua_pushstring: its cache by address never hits a dossier's text */
            lua_pushlstring(L, child->valuestring, strlen(child->valuestring));
        return;
    case cJSON_Array:
    case cJSON_Object:
        new_proxy(L, child, ((const struct proxy *)lua_touserdata(L, 1))->epoch, UP(UP_META));
        return;
    default:
        lua_pushnil(L);
        return;
    }
}

/* If the cache at index `cache` holds the key on the top of the stack,
 * push its value above the key and return 1 (the metamethods return the
 * top values, the key below need not be removed); else leave the key, return 0. */
static int cache_hit(lua_State *L, int cache)
{
    lua_pushvalue(L, -1);
    int type = lua_rawget(L, cache);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (type == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == &ABSENT) {
        lua_pop(L, 1);
        lua_pushnil(L);
    }
    return 1;
}

/* Push the empty array when the name at `key` is typed as an array, else
 * nil: what an absent or null member reads as. */
static void push_absent(lua_State *L, int key)
{
    lua_pushvalue(L, key);
    if (lua_rawget(L, UP(UP_ARRAY_KEYS)) == LUA_TBOOLEAN)
        lua_pushvalue(L, UP(UP_EMPTY_ARRAY));
    else
        lua_pushnil(L);
    lua_remove(L, -2);
}

/*
 * Replace the key on the top of the stack by the value of `child` (NULL:
 * absent), and remember it in the cache at index `cache`.  `array_key`: the
 * key is a name that may be typed as an array, whose absence reads as the
 * empty array.
 */
static void cache_fill(lua_State *L, int cache, const cJSON *child, int array_key)
{
    if (child != NULL && !cJSON_IsNull(child)) {
        push_child(L, child);
    } else if (array_key) {
        push_absent(L, lua_gettop(L));
    } else {
        lua_pushnil(L);
    }
    /* key value -> cache[key] = value (ABSENT for nil); value */
    lua_pushvalue(L, -2);
    if (lua_isnil(L, -2))
        lua_pushlightuserdata(L, (void *)&ABSENT);
    else
        lua_pushvalue(L, -2);
    lua_rawset(L, cache);
    lua_remove(L, -2);   /* the key */
}

/* Push member j of the slotted object proxy p at index 1 through its user
 * value; `key` (a stack index) is the name it is read by. */
static void push_member(lua_State *L, const struct proxy *p, size_t j, int key)
{
    int slot = (int)j + 1;
    int type = lua_getiuservalue(L, 1, slot);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        if (cJSON_IsNull(p->items[j])) {
            push_absent(L, key);
            if (lua_isnil(L, -1)) {
                lua_pushlightuserdata(L, (void *)&ABSENT);
                lua_setiuservalue(L, 1, slot);
                return;
            }
        } else {
            push_child(L, p->items[j]);
        }
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, slot);
    } else if (type == LUA_TLIGHTUSERDATA) {
        lua_pop(L, 1);
        lua_pushnil(L);
    }
}

/* Position of the member named `key` in the slotted object p (its first,
 * as json_member finds it), or p->count; remembered by the string at stack
 * index `key`, whose text `text` is. */
static size_t find_member(lua_State *L, struct proxy *p, const char *text, int key)
{
    for (size_t j = 0; j < p->count; j++)
        if (p->names[j] == text)
            return j;
    for (size_t j = 0; j < p->count && p->items[j]->string != NULL; j++) {
        if (json_text_is(p->items[j]->string, text)) {
            p->names[j] = text;
            lua_pushvalue(L, key);
            lua_setiuservalue(L, 1, (int)(p->count + j + 1));
            return j;
        }
    }
    return p->count;
}

/* Push item i (a Lua index) of the array proxy p at index 1, through its
 * user value or its cache (an item out of range or null is nil, and not
 * cached). */
static void push_item(lua_State *L, const struct proxy *p, lua_Integer i)
{
    if (i < 1 || (size_t)i > p->count) {
        lua_pushnil(L);
        return;
    }
    int cache = 0;   /* the cache table's stack index; 0: user value i */
    int type;
    if (p->slotted) {
        type = lua_getiuservalue(L, 1, (int)i);
    } else {
        push_cache(L, p);
        cache = lua_gettop(L);
        type = lua_rawgeti(L, cache, i);
    }
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        if (cJSON_IsNull(p->items[i - 1])) {
            lua_pushnil(L);
        } else {
            push_child(L, p->items[i - 1]);
            lua_pushvalue(L, -1);
            if (cache != 0)
                lua_rawseti(L, cache, i);
            else
                lua_setiuservalue(L, 1, (int)i);
        }
    }
    if (cache != 0)
        lua_remove(L, cache);
}

/* __index: an array's item by position (a number or a numeric string), an
 * object's member by name; absent or null: nil, or the empty array for a
 * name typed as an array.  The VM calls it with exactly (proxy, key). */
static int proxy_index(lua_State *L)
{
    struct proxy *p = self_proxy(L);
    if (p->is_array) {
        int isnum;
        lua_Integer i = lua_tointegerx(L, 2, &isnum);
        if (isnum) {
            push_item(L, p, i);
        } else {
            /* not a position: only a name typed as an array reads as one */
            if (lua_type(L, 2) == LUA_TSTRING)
                push_absent(L, 2);
            else
                lua_pushnil(L);
        }
        return 1;
    }
    if (lua_type(L, 2) != LUA_TSTRING) {
        lua_pushnil(L);
        return 1;
    }
    if (p->slotted) {
        size_t j = find_member(L, p, lua_tostring(L, 2), 2);
        if (j < p->count)
            push_member(L, p, j, 2);
        else
            push_absent(L, 2);   /* not remembered: rules seldom read a name twice in vain */
        return 1;
    }
    push_cache(L, p);                                             /* 3 */
    lua_pushvalue(L, 2);
    if (!cache_hit(L, 3))
        cache_fill(L, 3, json_member(p->node, lua_tostring(L, 2)), 1);
    return 1;
}

static int proxy_len(lua_State *L)
{
    struct proxy *p = self_proxy(L);
    lua_pushinteger(L, p->is_array ? (lua_Integer)p->count : 0);
    return 1;
}

static int proxy_newindex(lua_State *L)
{
    return luaL_error(L, "the dossier is read-only");
}

/* pairs(): (key, value) of an object in document order, (i, item) of an
 * array, skipping nulls; values through the cache, as __index gives them. */
static int proxy_next(lua_State *L)
{
    struct proxy *p = check_proxy(L, 1);
    const cJSON *child;
    if (p->is_array) {
        lua_Integer i = lua_isnil(L, 2) ? 0 : luaL_checkinteger(L, 2);
        for (i++; (size_t)i <= p->count; i++) {
            if (cJSON_IsNull(p->items[i - 1]))
                continue;
            lua_pushinteger(L, i);
            push_item(L, p, i);
            return 2;
        }
        return 0;
    }
    child = p->node->child;
    size_t j = 0;   /* child's position */
    if (!lua_isnil(L, 2)) {
        const char *key = luaL_checkstring(L, 2);
        while (child != NULL && strcmp(child->string, key) != 0)
            child = child->next, j++;
        child = child != NULL ? child->next : NULL;
        j++;
    }
    while (child != NULL && cJSON_IsNull(child))
        child = child->next, j++;
    if (child == NULL)
        return 0;
    lua_settop(L, 2);
    if (p->slotted) {
        lua_pushstring(L, child->string);                         /* 3 */
        push_member(L, p, j, 3);
        return 2;
    }
    push_cache(L, p);                                             /* 3 */
    lua_pushstring(L, child->string);
    lua_pushvalue(L, -1);
    if (!cache_hit(L, 3))
        cache_fill(L, 3, child, 0);
    return 2;
}

static int proxy_pairs(lua_State *L)
{
    self_proxy(L);
    for (int i = 1; i <= UP_COUNT; i++)
        lua_pushvalue(L, UP(i));
    lua_pushcclosure(L, proxy_next, UP_COUNT);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/*
 * The iterator of the sandbox's ipairs (lua_dossier_push_ipairs), for any
 * value: Lua's own (item i + 1 read as t[i + 1], the loop ending at the
 * first nil) with, for a dossier array of the current evaluation, the item
 * read here instead of through a call of __index for each.  Its upvalue is
 * the proxies' metatable.  Anything else, a proxy out of date included, is
 * read with lua_geti as Lua's iterator does, which raises the same errors.
 */
static int proxy_ipairs_step(lua_State *L)
{
    lua_Integer i = (lua_Integer)((lua_Unsigned)luaL_checkinteger(L, 2) + 1);
    struct proxy *p = lua_touserdata(L, 1);
    int fast = p != NULL && lua_getmetatable(L, 1);
    if (fast) {
        fast = lua_rawequal(L, -1, lua_upvalueindex(1)) && p->is_array && proxy_current(p);
        lua_pop(L, 1);
    }
    lua_pushinteger(L, i);
    if (fast) {
        push_item(L, p, i);
        return lua_isnil(L, -1) ? 1 : 2;
    }
    return lua_geti(L, 1, i) == LUA_TNIL ? 1 : 2;
}

/* ipairs(t): what Lua's gives, with the iterator above (always the same
 * function, upvalue 1). */
static int proxy_ipairs(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

void lua_dossier_push_ipairs(lua_State *L)
{
    luaL_getmetatable(L, PROXY_META);
    lua_pushcclosure(L, proxy_ipairs_step, 1);
    lua_pushcclosure(L, proxy_ipairs, 1);
}

static int proxy_tostring(lua_State *L)
{
    struct proxy *p = self_proxy(L);
    if (p->is_array)
        lua_pushfstring(L, "dossier array (%d items)", (int)p->count);
    else
        lua_pushstring(L, "dossier object");
    return 1;
}

void lua_dossier_setup(lua_State *L, const char *const *array_keys, size_t array_key_count)
{
    static const luaL_Reg methods[] = {
        {"__index", proxy_index},       {"__len", proxy_len},
        {"__newindex", proxy_newindex}, {"__pairs", proxy_pairs},
        {"__tostring", proxy_tostring}, {NULL, NULL},
    };
    luaL_newmetatable(L, PROXY_META);                 /* the metatable */
    lua_pushliteral(L, "dossier");
    lua_setfield(L, -2, "__metatable");   /* rules cannot reach the metatable */
    int meta = lua_gettop(L);
    lua_pushvalue(L, meta);                           /* UP_META */
    lua_createtable(L, 0, (int)array_key_count);      /* UP_ARRAY_KEYS */
    for (size_t i = 0; i < array_key_count; i++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, array_keys[i]);
    }
    new_proxy(L, NULL, NULL, meta);                   /* UP_EMPTY_ARRAY */
    luaL_setfuncs(L, methods, UP_COUNT);
    lua_pop(L, 1);

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
    luaL_getmetatable(L, PROXY_META);
    new_proxy(L, root, epoch, lua_gettop(L));
    lua_remove(L, -2);
}
