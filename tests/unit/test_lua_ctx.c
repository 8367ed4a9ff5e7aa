/* Unit tests of lua_ctx.c: which fact keys hold dates (the naming convention
 * by which an integer fact is written as an ISO date in results), and facts
 * read without being built (a brief result's) judged as built ones are. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lua_ctx.h"

static void test_date_keys(void **state)
{
    (void)state;
    static const char *const dates[] = {"date",       "since",     "until",        "earliest",
                                        "latest",     "birth_date", "joined_on",   "member_since",
                                        "valid_until", "counted_from", "decision_due", "x_on"};
    static const char *const not_dates[] = {"",        "dat",     "dates",   "update",  "_date",
                                            "_on",     "on",      "sinceX",  "latest_", "due",
                                            "from",    "age_months", "datex", "mandate",
                                            "earliest2", "x_dat"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (!lua_ctx_is_date_key(dates[i]))
            fail_msg("\"%s\" should be a date key", dates[i]);
    for (size_t i = 0; i < sizeof not_dates / sizeof not_dates[0]; i++)
        if (lua_ctx_is_date_key(not_dates[i]))
            fail_msg("\"%s\" should not be a date key", not_dates[i]);
}

static int shown_never(void *arg, enum rule_status status, const char *code)
{
    (void)arg, (void)status, (void)code;
    return 0;
}

static int setup_ctx(lua_State *L)
{
    struct lua_ctx **ctx = lua_touserdata(L, 1);
    *ctx = lua_ctx_setup(L, NULL);   /* no ctx.param here: no rulebook needed */
    lua_ctx_push(*ctx);
    lua_setglobal(L, "ctx");
    return 0;
}

/* Read the outcome `code` returns, building its facts or not: the same
 * verdict on them either way; built facts only when asked. */
static int expect_same_reading(lua_State *L, struct lua_ctx *ctx, const char *code)
{
    struct outcome built, checked;
    char built_error[512] = "", checked_error[512] = "";
    if (luaL_dostring(L, code) != LUA_OK)
        fail_msg("%s: %s", code, lua_tostring(L, -1));
    outcome_init(&built);
    outcome_init(&checked);
    int rc_built = lua_ctx_read_outcome(ctx, -1, &built, NULL, NULL, built_error,
                                        sizeof built_error);
    int rc_checked = lua_ctx_read_outcome(ctx, -1, &checked, shown_never, NULL, checked_error,
                                          sizeof checked_error);
    lua_settop(L, 0);
    if (rc_built != rc_checked || strcmp(built_error, checked_error) != 0)
        fail_msg("%s:\n  built:   %d %s\n  checked: %d %s", code, rc_built, built_error,
                 rc_checked, checked_error);
    if (rc_built == 0) {
        assert_int_equal(built.status, checked.status);
        assert_string_equal(built.code, checked.code);
        assert_int_equal(cJSON_GetArraySize(checked.facts), 0);   /* not built */
    }
    outcome_release(&built);
    outcome_release(&checked);
    return rc_built;
}

static void test_facts_checked_without_building(void **state)
{
    (void)state;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    struct lua_ctx *ctx = NULL;
    lua_pushcfunction(L, setup_ctx);
    lua_pushlightuserdata(L, &ctx);
    assert_int_equal(lua_pcall(L, 1, 0, 0), LUA_OK);
    static const char *const cases[] = {
        "return ctx.pass({a = 1, b = 'x', c = {1, 2, {d = true}}, joined_on = 19000})",
        "return ctx.pass({})",
        "return ctx.pass({n = 0/0, e = {}})",
        "return ctx.not_applicable('procedure', {a = 1})",
        "local t = {} t[1] = 1 t.x = 2 return ctx.pass({t = t})",   /* a list: its items */
        "return ctx.pass({1, 2})",                           /* a list: not named values */
        "return ctx.pass({a = '\\xff'})",                      /* not UTF-8 */
        "return ctx.pass({['\\xc0\\xaf'] = 1})",               /* an overlong key */
        "return ctx.pass({a = 'x\\0y'})",                      /* a zero byte */
        "return ctx.pass({a = setmetatable({}, {})})",       /* a metatable inside */
        "return ctx.pass({a = print})",                      /* a function */
        "local t = {} t.self = t return ctx.pass({t = t})",  /* a cycle */
        "local t = {} for i = 1, 20000 do t[i] = i end return ctx.pass({t = t})",   /* too many */
        "return ctx.pass({s = ('x'):rep(300000)})",          /* too many bytes */
        "local t = {[true] = 1} return ctx.pass({t = t})",   /* a key not a string */
        "return ctx.fail('too_young', {a = '\\xff'})",
    };
    size_t refused = 0, n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++)
        refused += expect_same_reading(L, ctx, cases[i]) != 0;
    assert_int_equal(refused, n - 5);   /* the first five are valid, the others not */
    lua_close(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_keys),
        cmocka_unit_test(test_facts_checked_without_building),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
