/*
 * test_lua_dossier.c - the dossier as rules see it (engine/lua_dossier.c):
 * values through the proxies, arrays by position, absent arrays as the empty
 * array, one proxy per member however it is reached (index, pairs, ipairs)
 * and whatever was read before (the proxies' cache), read-only, proxies of
 * an earlier evaluation refused (the root among them), the pairs()
 * iterator checking what it is given, the node of a proxy for facts, the
 * ipairs rules are given (lua_dossier_push_ipairs) giving what Lua's gives
 * for every value, an array too long for an item's own user value, names
 * found again by their string (long ones, ones made anew, ones collected),
 * and an object too large for its members' own user values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua_dossier.h"
#include "schema_arrays.h"

static const char SCHEMA[] =
    "{\"properties\": {\"items\": {\"type\": \"array\"},"
    " \"obj\": {\"$ref\": \"#/definitions/obj\"}},"
    " \"definitions\": {\"obj\": {\"properties\": {\"more\": {\"type\": [\"array\", \"null\"]}}}}}";

static const char DOSSIER[] =
    "{\"name\": \"Nguyễn Văn A\", \"n\": 3, \"half\": 2.5, \"flag\": true, \"off\": false,"
    " \"nul\": null, \"obj\": {\"a\": 1, \"b\": \"x\"},"
    " \"list\": [10, null, {\"k\": \"v\"}, [1, 2]]}";

struct fixture {
    lua_State *L;
    cJSON *schema, *first, *second;
};

/* The proxies' setup with the array names schema_array_keys finds in the
 * schema given (a light userdata), as a ruleset makes it. */
static int setup_in_lua(lua_State *L)
{
    size_t count = 0;
    const char **keys = schema_array_keys(lua_touserdata(L, 1), &count);
    if (keys == NULL)
        return luaL_error(L, "out of memory");
    lua_dossier_setup(L, keys, count);
    free(keys);
    /* rules' ipairs, as the ruleset gives it; Lua's kept to compare */
    lua_getglobal(L, "ipairs");
    lua_setglobal(L, "lua_ipairs");
    lua_dossier_push_ipairs(L);
    lua_setglobal(L, "ipairs");
    return 0;
}

/* Push a proxy of `root` as the global `d`. */
static void push_dossier(lua_State *L, const cJSON *root)
{
    lua_dossier_push(L, root);
    lua_setglobal(L, "d");
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->L = luaL_newstate();
    luaL_openlibs(f->L);
    f->schema = cJSON_Parse(SCHEMA);
    f->first = cJSON_Parse(DOSSIER);
    f->second = cJSON_Parse(DOSSIER);
    assert_non_null(f->schema);
    assert_non_null(f->first);
    lua_pushcfunction(f->L, setup_in_lua);
    lua_pushlightuserdata(f->L, f->schema);
    assert_int_equal(lua_pcall(f->L, 1, 0, 0), LUA_OK);
    push_dossier(f->L, f->first);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    lua_close(f->L);
    cJSON_Delete(f->schema);
    cJSON_Delete(f->first);
    cJSON_Delete(f->second);
    free(f);
    return 0;
}

/* Run `code`, a chunk returning a boolean; fail with its error otherwise. */
static void expect_true(lua_State *L, const char *code)
{
    if (luaL_dostring(L, code) != LUA_OK)
        fail_msg("%s: %s", code, lua_tostring(L, -1));
    if (!lua_toboolean(L, -1))
        fail_msg("false: %s", code);
    lua_settop(L, 0);
}

/* Run `code`, which must raise an error whose message contains `needle`. */
static void expect_error(lua_State *L, const char *code, const char *needle)
{
    if (luaL_dostring(L, code) == LUA_OK)
        fail_msg("no error: %s", code);
    const char *message = lua_tostring(L, -1);
    if (message == NULL || strstr(message, needle) == NULL)
        fail_msg("%s: expected \"%s\" in \"%s\"", code, needle, message ? message : "(none)");
    lua_settop(L, 0);
}

static void test_values(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    expect_true(L, "return d.name == 'Nguyễn Văn A' and d.n == 3 and math.type(d.n) == 'integer'");
    expect_true(L, "return d.half == 2.5 and d.flag == true and d.off == false");
    expect_true(L, "return d.nul == nil and d.missing == nil and d[1] == nil and d[true] == nil");
    expect_true(L, "return d.obj.a == 1 and d.obj.b == 'x' and #d.obj == 0");
    /* read twice: the cached value is the value */
    expect_true(L, "local a, b = d.name, d.name return a == b and d.missing == nil and d.nul == nil");
    expect_true(L, "return tostring(d) == 'dossier object' and tostring(d.list) == 'dossier array (4 items)'");
}

static void test_arrays(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    expect_true(L, "return #d.list == 4 and d.list[1] == 10 and d.list[2] == nil");
    expect_true(L, "return d.list[3].k == 'v' and d.list[4][2] == 2 and #d.list[4] == 2");
    expect_true(L, "return d.list[0] == nil and d.list[5] == nil and d.list[-1] == nil");
    /* a position given as a float or a numeric string is the same item */
    expect_true(L, "return d.list[3.0] == d.list[3] and d.list['3'] == d.list[3] and d.list[1.5] == nil");
    expect_true(L, "return d.list.k == nil");
    /* ipairs stops at the null item, pairs skips it */
    expect_true(L, "local n = 0 for _ in ipairs(d.list) do n = n + 1 end return n == 1");
    expect_true(L, "local s = 0 for i in pairs(d.list) do s = s + i end return s == 1 + 3 + 4");
}

static void test_absent_arrays(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    /* a name typed as an array in the schema reads as the empty array */
    expect_true(L, "return #d.items == 0 and tostring(d.items) == 'dossier array (0 items)'");
    expect_true(L, "return d.items == d.obj.more and d.items[1] == nil and next({}) == nil");
    expect_true(L, "local n = 0 for _ in pairs(d.items) do n = n + 1 end return n == 0");
    /* any other absent name is nil */
    expect_true(L, "return d.obj.items == d.items and d.obj.other == nil");
}

static void test_one_proxy_per_member(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    expect_true(L, "return d.obj == d.obj and d.list[3] == d.list[3]");
    expect_true(L,
        "local seen = {} for k, v in pairs(d) do seen[k] = v end "
        "return seen.obj == d.obj and seen.list == d.list and seen.name == d.name and seen.nul == nil");
    expect_true(L, "local t = {} for i, v in ipairs(d.list[4]) do t[i] = v end return t[1] == 1 and t[2] == 2");
    /* pairs first, then index: the same proxies */
    expect_true(L, "local v for i, x in pairs(d.list) do if i == 4 then v = x end end return v == d.list[4]");
    /* members in document order */
    expect_true(L, "local ks = {} for k in pairs(d.obj) do ks[#ks + 1] = k end return ks[1] == 'a' and ks[2] == 'b' and #ks == 2");
}

static void test_read_only_and_checked(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    expect_error(L, "d.name = 'B'", "read-only");
    expect_error(L, "d.obj.a = 2", "read-only");
    expect_true(L, "return getmetatable(d) == 'dossier'");
    /* the iterator pairs() gives can be called with anything */
    expect_error(L, "local f = pairs(d) return f({}, nil)", "admit.dossier.node expected");
    expect_error(L, "local f = pairs(d) return f(io.stdout, nil)", "admit.dossier.node expected");
    /* the root is a proxy as the others are */
    expect_error(L, "return rawget(d, 'name')", "got admit.dossier.node");
    expect_error(L, "return next(d)", "got admit.dossier.node");
    expect_true(L, "return type(d) == 'userdata' and rawequal(d, d)");
    expect_true(L, "local f, s = pairs(d.obj) local k, v = f(s, nil) return k == 'a' and v == 1");
}

static void test_earlier_evaluation_refused(void **state)
{
    struct fixture *f = *state;
    lua_State *L = f->L;
    expect_true(L, "kept, kept_list = d.obj, d.list return kept.a == 1");
    /* the root, with names read (cached) and not (absent, or an array) */
    expect_true(L, "root = d return root.name == 'Nguyễn Văn A' and root.n == 3");
    push_dossier(L, f->second);
    expect_error(L, "return root.name", "earlier evaluation");
    expect_error(L, "return root.flag", "earlier evaluation");
    expect_error(L, "return root.missing", "earlier evaluation");
    expect_error(L, "return root.items", "earlier evaluation");
    expect_error(L, "return #root", "earlier evaluation");
    expect_error(L, "for _ in pairs(root) do end", "earlier evaluation");
    expect_error(L, "return kept.a", "earlier evaluation");
    expect_error(L, "return #kept_list", "earlier evaluation");
    expect_error(L, "for _ in pairs(kept) do end", "earlier evaluation");
    /* the new dossier's proxies are new ones, with their own cache */
    expect_true(L, "return d.obj ~= kept and d.obj.a == 1 and d.name == 'Nguyễn Văn A'");
    /* the empty array belongs to no evaluation */
    expect_true(L, "return #d.items == 0");
}

/* lua_dossier_node: the node behind a proxy (facts can hold one), the root
 * included; NULL for anything else, and for a proxy of an earlier push. */
static void test_node_of_a_proxy(void **state)
{
    struct fixture *f = *state;
    lua_State *L = f->L;
    assert_int_equal(luaL_dostring(L, "return d, d.obj, d.list, d.name, {}"), LUA_OK);
    assert_ptr_equal(lua_dossier_node(L, 1), f->first);
    assert_ptr_equal(lua_dossier_node(L, 2), cJSON_GetObjectItemCaseSensitive(f->first, "obj"));
    assert_ptr_equal(lua_dossier_node(L, 3), cJSON_GetObjectItemCaseSensitive(f->first, "list"));
    assert_null(lua_dossier_node(L, 4));
    assert_null(lua_dossier_node(L, 5));
    push_dossier(L, f->second);
    assert_null(lua_dossier_node(L, 1));
    assert_null(lua_dossier_node(L, 2));
    lua_settop(L, 0);
    lua_getglobal(L, "d");
    assert_ptr_equal(lua_dossier_node(L, 1), f->second);
    lua_settop(L, 0);
}

/* ipairs and its iterator give what Lua's give, value for value and error
 * for error, whatever they are given: arrays of the dossier (stopping at a
 * null item), an object, tables plain or with __index, a proxy out of date,
 * not a table at all. */
static void test_ipairs_as_lua(void **state)
{
    struct fixture *f = *state;
    lua_State *L = f->L;
    expect_true(L,
        "local function walk(ip, t) local out = {} "
        "  for i, v in ip(t) do out[#out + 1] = tostring(i) .. '=' .. tostring(v) end "
        "  return table.concat(out, ',') end "
        "local cases = {d.list, d.list[4], d.obj, d, d.items, {1, 2, nil, 4}, {}, "
        "  setmetatable({}, {__index = function(_, i) if i < 3 then return i * 10 end end})} "
        "for n, t in ipairs(cases) do "
        "  if walk(ipairs, t) ~= walk(lua_ipairs, t) then error('case ' .. n) end end "
        "return walk(ipairs, d.list) == '1=10' and walk(ipairs, d.list[4]) == '1=1,2=2'");
    /* the same proxies as by index */
    expect_true(L, "local seen = {} for i, v in ipairs(d.list[4]) do seen[i] = v end "
                   "for _, x in ipairs({d.list}) do return x == d.list and seen[2] == 2 end");
    expect_true(L, "for i, v in ipairs({d.list, d.list}) do if v ~= d.list then return false end end "
                   "local f, s, i = ipairs(d.list) return i == 0 and s == d.list and f == ipairs({})");
    /* the iterator called as a rule may call it */
    expect_true(L, "local f = ipairs(d) local i, v = f({5, 6}, 1) return i == 2 and v == 6");
    expect_true(L, "local f = ipairs(d) local i, v = f(d.list, 0) return i == 1 and v == 10");
    expect_true(L, "local f = ipairs(d) local i, v = f(d.list, 3) return i == 4 and v == d.list[4]");
    expect_true(L, "local f = ipairs(d) return select('#', f(d.list, 4)) == 1");
    /* another userdata is no proxy, whatever its bytes: read as Lua reads it */
    expect_true(L, "local f = ipairs(d) return select('#', f(io.stdout, 0)) == 1");
    memset(lua_newuserdatauv(L, 256, 0), 0xff, 256);
    lua_newtable(L);   /* a metatable, not the proxies' */
    lua_setmetatable(L, -2);
    lua_setglobal(L, "foreign");
    expect_error(L, "local f = ipairs(d) return f(foreign, 0)", "attempt to index a userdata value");
    expect_error(L, "ipairs()", "bad argument #1 to 'ipairs'");
    expect_error(L, "local f = ipairs(d) return f(d.list, 'x')", "number expected");
    expect_error(L, "for _ in ipairs(42) do end", "attempt to index a number value");
    expect_true(L, "kept = d.list return true");
    push_dossier(L, f->second);
    expect_error(L, "for _ in ipairs(kept) do end", "earlier evaluation");
}

/* An array longer than an item's own user value allows (1024 items) keeps
 * its items in a table: read by index, ipairs and pairs alike. */
static void test_long_array(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    cJSON *root = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(root, "long");
    for (int i = 1; i <= 1500; i++)
        cJSON_AddItemToArray(list, i == 1200 ? cJSON_CreateObject() : cJSON_CreateNumber(i));
    push_dossier(L, root);
    expect_true(L, "return #d.long == 1500 and d.long[1] == 1 and d.long[1500] == 1500 "
                   "and d.long[1200] == d.long[1200] and d.long[1501] == nil");
    expect_true(L, "local n, s = 0, 0 for i, v in ipairs(d.long) do n = n + 1 "
                   "if i ~= 1200 then s = s + v end end return n == 1500 and s == 1500 * 1501 // 2 - 1200");
    expect_true(L, "local n = 0 for i, v in pairs(d.long) do n = n + 1 "
                   "if i == 1200 and v ~= d.long[1200] then return false end end return n == 1500");
    lua_settop(L, 0);
    cJSON_Delete(root);
}

/* A member is found again by the string that read it; a long name (Lua
 * does not keep one string per long text), a name made anew, or one read
 * after the garbage collector freed the string that read it first, find
 * the same member, and a name no member has is nil however often read. */
static void test_names_found_again(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    cJSON *root = cJSON_CreateObject();
    const char *long_name = "a_member_name_longer_than_forty_bytes_of_text";
    cJSON_AddItemToObject(root, long_name, cJSON_CreateObject());
    cJSON_AddNumberToObject(root, "short", 7);
    cJSON_AddNullToObject(root, "items");   /* typed as an array: the empty array */
    cJSON_AddNullToObject(root, "gone");
    push_dossier(L, root);
    expect_true(L, "local a = d['a_member_name_longer_than_forty_bytes_of_text'] "
                   "local b = d[('a_member_name_longer_than_forty_bytes_of_'):sub(1) .. 'text'] "
                   "return a == b and type(a) == 'userdata'");
    expect_true(L, "for i = 1, 200 do local k = 'sh' .. ('o'):rep(i % 2) .. 'rt' "
                   "  local v = d[k] if (i % 2 == 1) ~= (v == 7) then return false end end "
                   "collectgarbage() collectgarbage() "
                   "for i = 1, 200 do local t = 'x' .. i end "
                   "return d['sh' .. 'ort'] == 7 and d.short == 7");
    expect_true(L, "return d.items == d.items and #d.items == 0 and d.gone == nil and d.gone == nil "
                   "and d.none == nil and d.none == nil");
    expect_true(L, "local n = 0 for k, v in pairs(d) do n = n + 1 "
                   "if k == 'short' and v ~= 7 then return false end end return n == 2");
    lua_settop(L, 0);
    cJSON_Delete(root);
}

/* An object larger than its members' own user values allow (256 members)
 * keeps what was read in a table: read by name and by pairs alike. */
static void test_large_object(void **state)
{
    lua_State *L = ((struct fixture *)*state)->L;
    cJSON *root = cJSON_CreateObject();
    char name[32];
    for (int i = 1; i <= 300; i++) {
        snprintf(name, sizeof name, "m%d", i);
        cJSON_AddItemToObject(root, name, i == 150 ? cJSON_CreateArray() : cJSON_CreateNumber(i));
    }
    push_dossier(L, root);
    expect_true(L, "return d.m1 == 1 and d.m300 == 300 and d.m150 == d.m150 and d.m301 == nil");
    expect_true(L, "local n, same = 0, false for k, v in pairs(d) do n = n + 1 "
                   "if k == 'm150' then same = v == d.m150 end end return n == 300 and same");
    lua_settop(L, 0);
    cJSON_Delete(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arrays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absent_arrays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_proxy_per_member, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_and_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_earlier_evaluation_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_node_of_a_proxy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipairs_as_lua, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_array, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_found_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_object, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
