/*
 * test_sandbox.c - the Lua sandbox rules run in (engine/sandbox.c).
 *
 * What a rule can reach (no io, os, debug, load, string.dump, no shared
 * metatable, read-only libraries, one environment per rule file, text-only
 * loading) and what it can spend: every way of running long or allocating
 * without bound must end the call with an error that names the reason,
 * within a second (the requirement, not a benchmark), and leave the
 * sandbox usable for the next call.
 *
 * Timing: the default limits are used in a normal build.  Sanitizers slow
 * the VM down several times, so a sanitized build runs the same cases under
 * smaller limits (still asserting the second) and checks the default-limit
 * loop only in a normal build.  Under valgrind no time is asserted.
 *
 * Every case runs twice: through sandbox_call (counted from the start) and
 * through sandbox_call_rerunnable (uncounted first, run again counted when
 * needed), which must end every call the same way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* The limit: a misbehaving rule ends within a second. */
#define TIME_LIMIT 1.0

/* Limits of the cases: the defaults, or smaller ones when slowed down (main). */
static struct sandbox_limits limits;
static int under_valgrind;
/* The cases' calls go through sandbox_call_rerunnable (the second round). */
static int rerunnable;

/* ------------------------------------------------------------------------ helpers */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int setup(void **state)
{
    struct sandbox *sb = sandbox_new();
    if (sb == NULL)
        return -1;
    *state = sb;
    return 0;
}

static int teardown(void **state)
{
    sandbox_free(*state);
    return 0;
}

/*
 * Load `code` in a new environment and call it with one result under `lim`.
 * Returns sandbox_call's result (0: the result is pushed), or -2 when the
 * code does not load; *secs is the wall time of the call.  The stack is left
 * as it was plus the result.
 */
static int run(struct sandbox *sb, const char *code, const struct sandbox_limits *lim, char *err,
               size_t size, double *secs)
{
    lua_State *L = sandbox_state(sb);
    int top = lua_gettop(L);
    err[0] = '\0';
    sandbox_push_env(sb);
    if (sandbox_load(sb, code, strlen(code), "=test", err, size) != 0) {
        assert_int_equal(lua_gettop(L), top);
        return -2;
    }
    double t0 = now();
    int rc = rerunnable ? sandbox_call_rerunnable(sb, 0, 1, lim, err, size)
                        : sandbox_call(sb, 0, 1, lim, err, size);
    if (secs != NULL)
        *secs = now() - t0;
    assert_int_equal(lua_gettop(L), top + (rc == 0));
    return rc;
}

/* The sandbox still runs ordinary code (after a call that failed). */
static void assert_still_works(struct sandbox *sb)
{
    char err[512];
    lua_State *L = sandbox_state(sb);
    int rc = run(sb, "local t = {} for i = 1, 100 do t[i] = ('x'):rep(i) end "
                     "return #t[100] + select(2, ('a-b'):gsub('-', '+'))", &limits, err, sizeof err,
                 NULL);
    if (rc != 0)
        print_error("the sandbox no longer works: %s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(lua_tointeger(L, -1), 101);
    lua_pop(L, 1);
}

/* `code` returns true. */
static void expect_true(struct sandbox *sb, const char *code)
{
    char err[512];
    lua_State *L = sandbox_state(sb);
    int rc = run(sb, code, &limits, err, sizeof err, NULL);
    if (rc != 0)
        print_error("%s\n  failed: %s\n", code, err);
    assert_int_equal(rc, 0);
    if (!lua_toboolean(L, -1))
        print_error("%s\n  gave %s, expected true\n", code, luaL_tolstring(L, -1, NULL));
    assert_true(lua_toboolean(L, -1));
    lua_settop(L, 0);
}

/*
 * `code` fails under `lim` with a message containing `needle`, within the
 * time limit, and the sandbox works afterwards.  Returns the wall time.
 */
static double expect_error_limits(struct sandbox *sb, const char *code, const char *needle,
                                  const struct sandbox_limits *lim)
{
    char err[512];
    double secs = 0;
    int rc = run(sb, code, lim, err, sizeof err, &secs);
    if (rc != -1)
        print_error("%s\n  %s, expected an error containing \"%s\"\n", code,
                    rc == 0 ? "succeeded" : err, needle);
    assert_int_equal(rc, -1);
    if (strstr(err, needle) == NULL)
        print_error("%s\n  failed with \"%s\", expected \"%s\"\n", code, err, needle);
    assert_non_null(strstr(err, needle));
    print_message("  %-60.60s %6.3f s: %s\n", code, secs, err);
    if (!under_valgrind) {
        if (secs >= TIME_LIMIT)
            print_error("%s\n  took %.3f s\n", code, secs);
        assert_true(secs < TIME_LIMIT);
    }
    assert_still_works(sb);
    return secs;
}

static double expect_error(struct sandbox *sb, const char *code, const char *needle)
{
    return expect_error_limits(sb, code, needle, &limits);
}

/* -------------------------------------------------------------- what is reachable */

static void test_unsafe_globals_absent(void **state)
{
    static const char *const names[] = {"io", "os", "package", "debug", "load", "loadstring",
                                        "dofile", "loadfile", "print", "rawset", "require",
                                        "coroutine", "_G", "module", "setfenv", "getfenv",
                                        "newproxy", NULL};
    struct sandbox *sb = *state;
    char code[128];
    for (int i = 0; names[i] != NULL; i++) {
        snprintf(code, sizeof code, "return %s == nil", names[i]);
        expect_true(sb, code);
    }
    expect_true(sb, "return string.dump == nil and math.random == nil and math.randomseed == nil");
    expect_true(sb, "return rawget(string, 'dump') == nil and ('').dump == nil");
    /* what rules need is there */
    expect_true(sb, "return type(pairs) == 'function' and type(pcall) == 'function' and "
                    "type(setmetatable) == 'function' and type(string.format) == 'function' and "
                    "type(table.concat) == 'function' and type(utf8.char) == 'function' and "
                    "math.floor(2.5) == 2");
}

static void test_unsafe_calls_raise(void **state)
{
    struct sandbox *sb = *state;
    expect_error(sb, "return io.open('/etc/passwd')", "attempt to index a nil value (global 'io')");
    expect_error(sb, "return os.execute('true')", "attempt to index a nil value (global 'os')");
    expect_error(sb, "return debug.getregistry()", "attempt to index a nil value (global 'debug')");
    expect_error(sb, "return load('return 1')()", "attempt to call a nil value (global 'load')");
    expect_error(sb, "return require('io')", "attempt to call a nil value (global 'require')");
    expect_error(sb, "return string.dump(print)", "attempt to call a nil value (field 'dump')");
    expect_error(sb, "return ('').dump(function() end)", "attempt to call a nil value (field 'dump')");
    expect_error(sb, "return math.random(6)", "attempt to call a nil value (field 'random')");
    expect_error(sb, "return collectgarbage('collect')", "not available to rules");
    expect_error(sb, "return collectgarbage()", "not available to rules");
    expect_error(sb, "return collectgarbage('stop')", "not available to rules");
    expect_true(sb, "return type(collectgarbage('count')) == 'number'");
}

static void test_string_metatable_hidden(void **state)
{
    struct sandbox *sb = *state;
    expect_true(sb, "return getmetatable('') == false");
    expect_true(sb, "return getmetatable(string) == false and getmetatable(math) == false");
    expect_true(sb, "return getmetatable(_ENV) == false");
    expect_error(sb, "getmetatable('').__index = {}", "attempt to index a boolean value");
    expect_error(sb, "setmetatable(_ENV, nil)", "cannot change a protected metatable");
    expect_error(sb, "setmetatable(string, {})", "cannot change a protected metatable");
    expect_error(sb, "setmetatable('', {})", "bad argument #1 to 'setmetatable'");
    /* strings' methods are the guarded library */
    expect_true(sb, "return ('x'):rep(3) == 'xxx' and ('abc'):upper() == 'ABC'");
}

static void test_libraries_read_only(void **state)
{
    struct sandbox *sb = *state;
    expect_error(sb, "string.rep = nil", "attempt to modify a read-only table (field 'rep')");
    expect_error(sb, "string.evil = true", "read-only table (field 'evil')");
    expect_error(sb, "math.pi = 3", "read-only table (field 'pi')");
    expect_error(sb, "table.insert = nil", "read-only table (field 'insert')");
    expect_error(sb, "utf8.len = nil", "read-only table (field 'len')");
    expect_true(sb, "return rawset == nil");
    /* the real tables are not reachable through the proxies */
    expect_true(sb, "return rawget(string, 'rep') == nil and next(string) == nil");
    expect_true(sb, "return string.rep('ab', 2) == 'abab' and math.pi > 3.14");
}

static void test_environments_separate(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    char err[256];

    /* a global set in one environment is not seen by another */
    expect_true(sb, "secret = 42 string_alias = string return secret == 42");
    expect_true(sb, "return secret == nil and string_alias == nil");
    /* nor does shadowing a library in one environment change another's */
    expect_true(sb, "string = {rep = function() return 'pwned' end} return string.rep() == 'pwned'");
    expect_true(sb, "return string.rep('x', 2) == 'xx' and ('x'):rep(2) == 'xx'");

    /* a shared global is read in every environment; shadowing it is local */
    lua_pushinteger(L, 7);
    sandbox_set_global(sb, "shared");
    expect_true(sb, "local seen = shared shared = 8 return seen == 7 and shared == 8");
    expect_true(sb, "return shared == 7");

    /* two environments of the same sandbox, both kept alive */
    sandbox_push_env(sb);
    assert_int_equal(sandbox_load(sb, "x = 'a' return function() return x end", 38, "=a", err,
                                  sizeof err), 0);
    assert_int_equal(sandbox_call(sb, 0, 1, &limits, err, sizeof err), 0);
    sandbox_push_env(sb);
    assert_int_equal(sandbox_load(sb, "x = 'b' return function() return x end", 38, "=b", err,
                                  sizeof err), 0);
    assert_int_equal(sandbox_call(sb, 0, 1, &limits, err, sizeof err), 0);
    assert_int_equal(sandbox_call(sb, 0, 1, &limits, err, sizeof err), 0);   /* b's */
    assert_string_equal(lua_tostring(L, -1), "b");
    lua_pop(L, 1);
    assert_int_equal(sandbox_call(sb, 0, 1, &limits, err, sizeof err), 0);   /* a's */
    assert_string_equal(lua_tostring(L, -1), "a");
    lua_pop(L, 1);
    assert_int_equal(lua_gettop(L), 0);
}

static void test_bytecode_refused(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    char err[256];
    size_t len;

    /* bytecode made by an ordinary Lua state with every library */
    lua_State *plain = luaL_newstate();
    assert_non_null(plain);
    luaL_openlibs(plain);
    assert_int_equal(luaL_dostring(plain, "return string.dump(function() return 42 end)"), LUA_OK);
    const char *bytecode = lua_tolstring(plain, -1, &len);
    assert_non_null(bytecode);
    assert_true(len > 4 && bytecode[0] == LUA_SIGNATURE[0]);

    sandbox_push_env(sb);
    assert_int_equal(sandbox_load(sb, bytecode, len, "=bytecode", err, sizeof err), -1);
    print_message("  bytecode: %s\n", err);
    assert_non_null(strstr(err, "binary chunk"));
    assert_int_equal(lua_gettop(L), 0);   /* the environment was popped */
    lua_close(plain);

    /* the same function as text loads */
    sandbox_push_env(sb);
    assert_int_equal(sandbox_load(sb, "return 42", 9, "=text", err, sizeof err), 0);
    assert_int_equal(sandbox_call(sb, 0, 1, &limits, err, sizeof err), 0);
    assert_int_equal(lua_tointeger(L, -1), 42);
    lua_pop(L, 1);
}

/* -------------------------------------------------------------- what a call can spend */

static void test_infinite_loop(void **state)
{
    struct sandbox *sb = *state;
    char budget[64];
    snprintf(budget, sizeof budget, "instruction budget of %ld exceeded", limits.instructions);
    expect_error(sb, "while true do end", budget);
    expect_error(sb, "local i = 0 repeat i = i + 1 until false", budget);
    expect_error(sb, "local function f() return f() end return f()", budget);
    /* a long loop within the budget is fine */
    expect_true(sb, "local x = 0 for i = 1, 1e5 do x = x + i end return x == 5000050000");
}

/* The default budget itself ends a loop within a second (the shipped value). */
static void test_default_budget_within_a_second(void **state)
{
    struct sandbox *sb = *state;
    if (SANITIZED || under_valgrind) {
        print_message("  skipped: timing of the default budget is asserted in a normal build\n");
        skip();
    }
    expect_error_limits(sb, "while true do end", "instruction budget of 20000000 exceeded",
                        &sandbox_default_limits);
    expect_error_limits(sb, "local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end",
                        "memory cap", &sandbox_default_limits);
}

static void test_pcall_cannot_swallow_limits(void **state)
{
    struct sandbox *sb = *state;
    expect_error(sb, "while true do pcall(function() while true do end end) end",
                 "instruction budget");
    expect_error(sb, "while true do xpcall(function() while true do end end, "
                     "function(m) return m end) end", "instruction budget");
    /* a message handler that loops itself: an error raised by the count hook
     * reaches it while Lua has hooks disabled, so it must not run at all */
    expect_error(sb, "xpcall(function() while true do end end, function() while true do end end) "
                     "return 'escaped'", "instruction budget");
    /* an error object whose __tostring loops, turned into the message */
    expect_error(sb, "error(setmetatable({}, {__tostring = function() while true do end end}))",
                 "instruction budget");
    /* a to-be-closed variable whose __close loops runs under the budget too */
    expect_error(sb, "local x <close> = setmetatable({}, {__close = function() while true do end "
                     "end}) while true do end", "instruction budget");
    expect_error(sb, "local ok, e = pcall(function() local t = {} while true do t[#t + 1] = "
                     "('x'):rep(1000) .. #t end end) return 'escaped'", "memory cap");
    /* ordinary errors are still caught by pcall */
    expect_true(sb, "local ok, e = pcall(error, 'boom') return ok == false and e == 'boom'");
    expect_true(sb, "local ok, e = xpcall(error, function(m) return 'handled ' .. m end, 'x') "
                    "return ok == false and e == 'handled x'");
}

static void test_unbounded_allocation(void **state)
{
    struct sandbox *sb = *state;
    size_t before = sandbox_memory(sb);
    expect_error(sb, "local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end",
                 "memory cap");
    expect_error(sb, "local s = 'x' while true do s = s .. s end", "memory cap");
    expect_error(sb, "local t = {} for i = 1, math.maxinteger do t[i] = i end", "memory cap");
    /* what the failed calls allocated was given back */
    assert_true(sandbox_memory(sb) < before + (1u << 20));
}

/* Work done in C is charged: loops of calls that are each allowed end. */
static void test_work_in_c_is_charged(void **state)
{
    struct sandbox *sb = *state;
    char code[256];
    /* each concatenation copies a quarter of the memory cap (8 MB by default)
     * and becomes garbage at once: only the bytes charged end the loop */
    snprintf(code, sizeof code, "local s = ('x'):rep(%zu) while true do local t = s .. s end",
             limits.memory / 8);
    expect_error(sb, code, "instruction budget");
    snprintf(code, sizeof code, "local s = ('x'):rep(%zu) while true do local t = s:upper() end",
             limits.memory / 32);
    expect_error(sb, code, "instruction budget");
    /* each match is allowed, the loop is not */
    expect_error(sb, "local s = ('a'):rep(3000) for _ = 1, 1e9 do s:match('(.-)*$') end",
                 "instruction budget");
    expect_error(sb, "local s = ('x'):rep(1e6) for _ = 1, 1e9 do s:find('y', 1, true) end",
                 "instruction budget");
    /* table.move walks its range in C, holes included */
    expect_error(sb, "table.move({}, 1, math.maxinteger // 2, 2)", "instruction budget");
    expect_true(sb, "local t = table.move({1, 2, 3}, 1, 3, 2) return #t == 4 and t[4] == 3");
}

static void test_finalizers_refused(void **state)
{
    struct sandbox *sb = *state;
    /* a finalizer would run after the call, without budget */
    expect_error(sb, "setmetatable({}, {__gc = function() while true do end end})",
                 "__gc is not available to rules");
    expect_error(sb, "setmetatable({}, {__gc = true})", "__gc is not available to rules");
    /* a __gc added later does not make the object finalizable (Lua 5.4 manual, 2.5.3) */
    expect_true(sb, "local mt = {} local t = setmetatable({}, mt) "
                    "mt.__gc = function() while true do end end return getmetatable(t) == mt");
    assert_still_works(sb);
    lua_gc(sandbox_state(sb), LUA_GCCOLLECT);   /* would hang if it were finalized */
    /* other metatables are fine */
    expect_true(sb, "local t = setmetatable({}, {__index = function(_, k) return k .. '!' end}) "
                    "return t.hi == 'hi!'");
}

static void test_string_rep(void **state)
{
    struct sandbox *sb = *state;
    expect_error(sb, "return string.rep('x', 1e10)", "string.rep result too large");
    expect_error(sb, "return ('x'):rep(1e10)", "string.rep result too large");
    expect_error(sb, "return string.rep('', 1e15, ',')", "string.rep result too large");
    expect_error(sb, "return string.rep('ab', math.maxinteger)", "string.rep result too large");
    /* an empty string repeated is empty: no work, no error */
    double t0 = now();
    expect_true(sb, "return string.rep('', 1e15) == '' and string.rep('x', -5) == ''");
    if (!under_valgrind)
        assert_true(now() - t0 < TIME_LIMIT);
    expect_true(sb, "return string.rep('ab', 3, ',') == 'ab,ab,ab'");
}

static void test_pathological_patterns(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    char err[512];
    double secs;

    expect_error(sb, "return string.find(string.rep('a', 5000), '.-.-.-.-.-b')", "too costly");
    expect_error(sb, "return string.match(string.rep('a', 5000), '(.-)(.-)(.-)b')", "too costly");
    expect_error(sb, "return string.gsub(string.rep('a', 5000), '.-.-.-b', 'x')", "too costly");
    expect_error(sb, "for w in string.gmatch(string.rep('a', 5000), '.-.-.-b') do end",
                 "too costly");
    /* gmatch has no anchor: its '^' is a literal tried at every start */
    expect_error(sb, "for w in ('^'):rep(2000):gmatch('^.-.-b') do end", "too costly");
    expect_error(sb, "return ('a'):rep(1e5):find('%b()%b()%b()')", "too costly");
    /* a literal pattern is a byte search: the needle's length counts */
    expect_error(sb, "return ('a'):rep(1e6):find(('a'):rep(5e5) .. 'b', 1, true)", "too costly");
    expect_error(sb, "return ('a'):rep(1e6):find(('a'):rep(5e5) .. 'b')", "too costly");
    expect_error(sb, "return ('a'):rep(1e6):match(('a'):rep(5e5) .. 'b')", "too costly");

    /* allowed but expensive: it ends quickly, refused or without a match */
    int rc = run(sb, "return ('a'):rep(3000):match('(.-)*$')", &limits, err, sizeof err, &secs);
    print_message("  ('a'):rep(3000):match('(.-)*$') %6.3f s: %s\n", secs,
                  rc == 0 ? "no match" : err);
    if (rc == 0) {
        assert_true(lua_isnil(L, -1));
        lua_pop(L, 1);
    } else {
        assert_non_null(strstr(err, "instruction budget"));
    }
    if (!under_valgrind)
        assert_true(secs < TIME_LIMIT);
    assert_still_works(sb);
}

static void test_normal_patterns(void **state)
{
    struct sandbox *sb = *state;
    expect_true(sb, "local y, m, d = ('2023-05-10'):match('^(%d+)-(%d+)-(%d+)$') "
                    "return y == '2023' and m == '05' and d == '10'");
    expect_true(sb, "local s = ('x'):rep(1e6) .. 'needle' "
                    "return s:find('needle', 1, true) == 1e6 + 1");
    expect_true(sb, "local n = 0 for w in ('a b  c'):gmatch('%S+') do n = n + 1 end return n == 3");
    expect_true(sb, "return (('a-b-c'):gsub('-', '+')) == 'a+b+c'");
    expect_true(sb, "return ('f(a(b)c)'):match('%b()') == '(a(b)c)'");
    expect_true(sb, "return ('THE (quick) fox'):find('%f[%a]%a+%f[%A]') == 1");
    expect_true(sb, "return ('hello'):find('l+') == 3 and ('x.y'):find('.', 1, true) == 2");
}

/* A rule that raises: the error comes back with its position; non-strings too. */
static void test_errors_reported(void **state)
{
    struct sandbox *sb = *state;
    expect_error(sb, "error('boom')", "test:1: boom");
    expect_error(sb, "local t = nil return t.x", "attempt to index a nil value (local 't')");
    expect_error(sb, "error({})", "(error object is a table value)");
    expect_error(sb, "error(setmetatable({}, {__tostring = function() return 'custom' end}))",
                 "custom");
    char err[256];
    assert_int_equal(run(sb, "return (", &limits, err, sizeof err, NULL), -2);
    assert_non_null(strstr(err, "test:1:"));
    assert_still_works(sb);
}

/* -------------------------------------------------------------- nested calls */

/* inner(): run `while true do end` in a call of its own with small limits. */
static int inner_call(lua_State *L)
{
    static const char code[] = "while true do end";
    static const struct sandbox_limits small = {1000 * 1000, 1u << 20, 0};
    struct sandbox *sb = sandbox_of(L);
    char err[256];
    sandbox_push_env(sb);
    if (sandbox_load(sb, code, sizeof code - 1, "=inner", err, sizeof err) != 0)
        return luaL_error(L, "%s", err);
    if (sandbox_call(sb, 0, 0, &small, err, sizeof err) == 0)
        return luaL_error(L, "the inner loop ended");
    lua_pushstring(L, err);
    return 1;
}

/* After an inner call used up its budget, the outer call goes on under its own. */
static void test_nested_calls(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    char err[256];
    lua_pushcfunction(L, inner_call);
    sandbox_set_global(sb, "inner");
    int rc = run(sb, "local msg = inner() local t = {} "
                     "for i = 1, 1000 do t[i] = ('y'):rep(100) .. i end return msg .. '|' .. #t",
                 &limits, err, sizeof err, NULL);
    if (rc != 0)
        print_error("outer call: %s\n", err);
    assert_int_equal(rc, 0);
    assert_string_equal(lua_tostring(L, -1), "instruction budget of 1000000 exceeded|1000");
    lua_pop(L, 1);
    /* the outer call's own limit still holds */
    expect_error(sb, "inner() while true do end", "instruction budget");
}

/*
 * Work neither the count hook nor the charges see (comparing huge strings,
 * each comparison a few milliseconds of C) is ended by the clock backstop.
 */
static void test_time_backstop(void **state)
{
    struct sandbox *sb = *state;
    const struct sandbox_limits lim = {1000L * 1000 * 1000, 64u << 20, 300};
    expect_error_limits(sb,
                        "local a = ('x'):rep(6000000) .. 'a' local b = ('x'):rep(6000000) .. 'b' "
                        "local n = 0 while true do if a == b then n = n + 1 end end",
                        "time limit of 300 ms exceeded", &lim);
}

/*
 * The watchdog: one VM instruction comparing two 16 MiB strings takes
 * about a millisecond, and the count hook looks at the clock only every 1000
 * instructions (a third of a second of such comparisons).  The watchdog makes the
 * next instruction raise as soon as the deadline passes.
 */
static void test_watchdog_on_time(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    const struct sandbox_limits lim = {1000L * 1000 * 1000, 64u << 20, 20};
    char err[512];
    struct timespec c0, c1;
    /* CPU time of this thread, not wall time: on a loaded machine the wall
     * clock passes without the call running, but what the call burns after
     * its deadline is what the watchdog saves (the count hook alone lets
     * about 250 comparisons of 16 MiB, a quarter of a second, run past it). */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    int rc = run(sb, "local a = ('x'):rep(1024):rep(16 * 1024) for i = 1, 1e9 do local _ = a < a end",
                 &lim, err, sizeof err, NULL);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    print_message("  comparisons of 16 MiB under a 20 ms clock: %.3f s of CPU: %s\n", cpu, err);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "time limit of 20 ms exceeded"));
    if (!SANITIZED && !under_valgrind) {
        if (cpu >= 0.15)
            print_error("the call ran %.3f s of CPU for a 20 ms limit\n", cpu);
        assert_true(cpu < 0.15);
    }
    lua_settop(L, 0);
    assert_still_works(sb);
}

/* A call that ended before its deadline leaves no watchdog behind: a later
 * call without a deadline runs as long as its budget allows. */
static void test_watchdog_disarmed_after_call(void **state)
{
    struct sandbox *sb = *state;
    char err[512];
    lua_State *L = sandbox_state(sb);
    const struct sandbox_limits short_clock = {1000L * 1000, 8u << 20, 30};
    const struct sandbox_limits no_clock = {200L * 1000 * 1000, 8u << 20, 0};
    assert_int_equal(run(sb, "return 1", &short_clock, err, sizeof err, NULL), 0);
    lua_settop(L, 0);
    struct timespec pause = {0, 80 * 1000 * 1000};   /* past the first call's deadline */
    nanosleep(&pause, NULL);
    int rc = run(sb, "local n = 0 for i = 1, 3e6 do n = n + i % 3 end return n", &no_clock, err,
                 sizeof err, NULL);
    if (rc != 0)
        print_error("a call without a deadline failed: %s\n", err);
    assert_int_equal(rc, 0);
    lua_settop(L, 0);
    assert_int_equal(sandbox_time_left_ms(sb), -1);
    assert_int_equal(sandbox_expired(sb), 0);
}

/* sandbox_expired, as a plugin call polls it: 0 until the deadline, then 1. */
static int poll_expired(lua_State *L)
{
    struct sandbox *sb = sandbox_of(L);
    long left = sandbox_time_left_ms(sb);
    int before = sandbox_expired(sb);
    double t0 = now();
    while (!sandbox_expired(sb) && now() - t0 < 2.0)
        ;
    lua_pushboolean(L, left > 0 && !before && sandbox_expired(sb));
    lua_pushnumber(L, now() - t0);
    return 2;
}

static void test_expired_for_plugins(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    char err[512];
    const struct sandbox_limits lim = {1000L * 1000, 8u << 20, 60};
    lua_pushcfunction(L, poll_expired);
    int rc = sandbox_call(sb, 0, 2, &lim, err, sizeof err);
    assert_int_equal(rc, 0);
    assert_true(lua_toboolean(L, -2));
    if (!under_valgrind)
        assert_true(lua_tonumber(L, -1) < 0.5);
    lua_settop(L, 0);
    assert_int_equal(sandbox_expired(sb), 0);
}

/* Every C function whose work grows with its arguments is charged for it. */
static void test_c_functions_charged(void **state)
{
    struct sandbox *sb = *state;
    static const char *const loops[] = {
        "local t = {} for i = 1, 1e5 do t[i] = -i end while true do table.sort(t) end",
        "local s = ('a'):rep(1e5) local t = {} for i = 1, 100 do t[i] = s end "
        "while true do table.sort(t) end",
        "local t = {} for i = 1, 1e4 do t[i] = '' end while true do table.concat(t) end",
        "local t = {} while true do table.unpack(t, 1, 1e4) end",
        "local t = {} for i = 1, 1e4 do t[i] = i end "
        "while true do table.insert(t, 1, 0) table.remove(t, 1) end",
        "local it = ('a'):rep(1e5):gmatch('b') while true do it() end",
        "local s = ('a'):rep(1e4) while true do s:gsub('', ('%0'):rep(1e3)) end",
        "local s = ('a'):rep(1e4) while true do s:byte(1, -1) end",
        "local s = ('a'):rep(1e5) while true do utf8.len(s) end",
        "local s = ('a'):rep(1e5) while true do utf8.offset(s, 1e5) end",
        "local s = ('a'):rep(1e4) while true do utf8.codepoint(s, 1, -1) end",
        "local s = 'a' .. ('\\x80'):rep(1e5) local f = utf8.codes(s) while true do f(s, 1) end",
        "local s = (' '):rep(1e5) .. '1' while true do tonumber(s) end",
        "local f = ('b'):rep(1e4) while true do string.packsize(f) end",
        "local a, b = ('a'):rep(1e6), ('a'):rep(1e6) while true do rawequal(a, b) end",
        "local t = {} for i = 1, 1e4 do t[i] = 65 end while true do string.char(table.unpack(t)) end",
        NULL,
    };
    for (int i = 0; loops[i] != NULL; i++)
        expect_error(sb, loops[i], "instruction budget");
    /* A single call too costly for the whole budget is refused before it runs:
     * n elements with 4 (n log2 n + n) above the budget. */
    char code[128];
    snprintf(code, sizeof code,
             "local t = {} for i = 1, %ld do t[i] = i end table.sort(t) return 1",
             limits.instructions * 3 / 200);
    expect_error(sb, code, "instruction budget");
}

/* The charged functions still do their work. */
static void test_charged_functions_work(void **state)
{
    struct sandbox *sb = *state;
    expect_true(sb, "local t = {3, 1, 2} table.sort(t) local u = {'b', 'c', 'a'} "
                    "table.sort(u, function(x, y) return x > y end) "
                    "return table.concat(t, ',') == '1,2,3' and table.concat(u) == 'cba'");
    expect_true(sb, "local t = {1, 2, 3} table.insert(t, 1, 0) table.insert(t, 4) "
                    "local r = table.remove(t, 1) return r == 0 and #t == 4 and t[4] == 4 "
                    "and select('#', table.unpack(t)) == 4 and table.pack(1, 2).n == 2");
    expect_true(sb, "local out = {} for w in ('a bb ccc'):gmatch('%a+') do out[#out + 1] = w end "
                    "local it = ('x'):gmatch('y') "
                    "return table.concat(out, '/') == 'a/bb/ccc' and it() == nil and it() == nil");
    expect_true(sb, "local n = 0 for p, c in utf8.codes('h\\u{1EA1}x') do n = n + 1 end "
                    "return n == 3 and utf8.len('\\u{1EA1}') == 1 and utf8.offset('ab', 2) == 2 "
                    "and utf8.codepoint('A') == 65 and utf8.char(72, 105) == 'Hi'");
    expect_true(sb, "return ('abc'):byte(1, -1) == 97 and select('#', ('abc'):byte(1, -1)) == 3 "
                    "and string.char(104, 105) == 'hi' and tonumber(' 12 ') == 12 "
                    "and string.packsize('i4') == 4 and string.unpack('i4', string.pack('i4', 7)) "
                    "== 7 and rawequal('ab', 'a' .. 'b') and math.max(1, 5, 3) == 5 "
                    "and math.min(4, 2) == 2 and select(2, 'a', 'b') == 'b' "
                    "and ('a-b'):gsub('-', '%0%0') == 'a--b'");
}

/* Deeply read-only tables (modules shared by rule files). */
static void test_deep_protect(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    char err[512];
    assert_int_equal(run(sb, "return {a = {b = {1, 2, 3}, s = 'x'}, "
                             "f = function(t) return t.a.b[2] end}", &limits, err, sizeof err,
                         NULL), 0);
    sandbox_protect_deep(L);
    assert_int_equal(sandbox_push_deep_real(L, -1), 1);   /* the table behind it */
    assert_int_equal(lua_getmetatable(L, -1), 0);
    lua_pop(L, 1);
    lua_pushinteger(L, 1);
    assert_int_equal(sandbox_push_deep_real(L, -1), 0);
    lua_pop(L, 1);
    sandbox_set_global(sb, "mod");
    expect_error(sb, "mod.x = 1", "read-only");
    expect_error(sb, "mod.a.s = 'y'", "read-only");
    expect_error(sb, "mod.a.b[1] = 5", "read-only");
    expect_error(sb, "table.insert(mod.a.b, 4)", "read-only");
    expect_error(sb, "for _, v in pairs(mod) do if type(v) == 'table' then v.s = 1 end end",
                 "read-only");
    expect_error(sb, "setmetatable(mod.a, {})", "protected metatable");
    expect_true(sb, "local sum = 0 for _, v in ipairs(mod.a.b) do sum = sum + v end "
                    "local keys = 0 for k in pairs(mod.a) do keys = keys + 1 end "
                    "return sum == 6 and #mod.a.b == 3 and keys == 2 and mod.a == mod.a "
                    "and mod.f(mod) == 2 and getmetatable(mod.a) == false and mod.a.s == 'x'");
}

/* The UTF-8 check of what leaves a rule. */
static void test_utf8_checks(void **state)
{
    (void)state;
    assert_int_equal(sandbox_utf8_invalid_at("abc", 3), 3);
    assert_int_equal(sandbox_utf8_invalid_at("h\xe1\xba\xa1", 4), 4);      /* ạ */
    assert_int_equal(sandbox_utf8_invalid_at("\xff\xfe", 2), 0);
    assert_int_equal(sandbox_utf8_invalid_at("a\xc3", 2), 1);              /* cut short */
    assert_int_equal(sandbox_utf8_invalid_at("\xc0\xaf", 2), 0);           /* overlong */
    assert_int_equal(sandbox_utf8_invalid_at("x\xed\xa0\x80", 4), 1);      /* surrogate */
    assert_int_equal(sandbox_utf8_invalid_at("\xf4\x90\x80\x80", 4), 0);   /* > U+10FFFF */
    /* ASCII runs (NUL included) are skipped byte by byte, the rest decoded */
    assert_int_equal(sandbox_utf8_invalid_at("abcdefgh\x80", 9), 8);
    assert_int_equal(sandbox_utf8_invalid_at("ab\0cd\xc3\xa1x\xc3", 9), 8);
    assert_int_equal(sandbox_utf8_invalid_at("ab\0cd\xc3\xa1x", 8), 8);
    assert_int_equal(sandbox_utf8_invalid_at("Tr\xe1\xba\xa7n A \xe1\xba", 11), 9);
    char text[] = "ok \xff h\xe1\xba\xa1 \xe1\xba";
    sandbox_utf8_clean(text);
    assert_string_equal(text, "ok ? h\xe1\xba\xa1 ??");
}


/* ------------------------------------------------- uncounted runs, run again */

/*
 * Run `code` (which reads the budget as the global B) through
 * sandbox_call_rerunnable, then counted from the start: the same result or
 * the same error.  Returns how many calls ran again.
 */
static unsigned long expect_same_both_ways(struct sandbox *sb, const char *code)
{
    lua_State *L = sandbox_state(sb);
    char err[2][256], result[2][256];
    int rc[2];
    unsigned long ran_again = 0;
    lua_pushinteger(L, limits.instructions);
    sandbox_set_global(sb, "B");
    int save = rerunnable;
    for (int counted = 0; counted < 2; counted++) {
        unsigned long before = sandbox_recounts(sb);
        rerunnable = !counted;
        sandbox_count_always(sb, counted);
        rc[counted] = run(sb, code, &limits, err[counted], sizeof err[counted], NULL);
        snprintf(result[counted], sizeof result[counted], "%s",
                 rc[counted] == 0 ? luaL_tolstring(L, -1, NULL) : err[counted]);
        lua_settop(L, 0);
        if (!counted)
            ran_again = sandbox_recounts(sb) - before;
        else
            assert_int_equal(sandbox_recounts(sb), before);
    }
    sandbox_count_always(sb, 0);
    rerunnable = save;
    if (rc[0] != rc[1] || strcmp(result[0], result[1]) != 0)
        print_error("%s\n  uncounted first: %d %s\n  counted: %d %s\n", code, rc[0], result[0],
                    rc[1], result[1]);
    assert_int_equal(rc[0], rc[1]);
    assert_string_equal(result[0], result[1]);
    return ran_again;
}

/*
 * Calls near their budget: a loop of three quarters of it ends (run again
 * counted: it ran past its window), one of five quarters is stopped by the
 * budget, charges of more than half the budget in a few instructions are
 * counted again and end under it, a quick call keeps its first result.
 */
static void test_run_again_counted(void **state)
{
    struct sandbox *sb = *state;
    /* a while loop of 4 VM instructions an iteration */
    assert_true(expect_same_both_ways(sb, "local i, n = 0, B * 3 // 16 "
                                          "while i < n do i = i + 1 end return i") >= 1);
    assert_true(expect_same_both_ways(sb, "local i, n = 0, B * 5 // 16 "
                                          "while i < n do i = i + 1 end return i") >= 1);
    /* a lazy pattern over a subject of n bytes is charged about n * n */
    assert_true(expect_same_both_ways(sb, "local n = math.floor(math.sqrt(B * 0.35)) "
                                          "local s = ('a'):rep(n) local k = 0 "
                                          "for i = 1, 2 do if s:find('a.-b') == nil then k = k + 1 end end "
                                          "return k") >= 1);
    assert_true(expect_same_both_ways(sb, "while true do end") >= 1);
    assert_true(expect_same_both_ways(sb, "while true do pcall(function() while true do end end) end")
                >= 1);
    assert_true(expect_same_both_ways(sb, "local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end")
                >= 1);
    /* quick calls: the same, whether or not a busy machine made one run again */
    (void)expect_same_both_ways(sb, "return ('%d'):format(B)");
    (void)expect_same_both_ways(sb, "error('plain')");
    (void)expect_same_both_ways(sb, "return #('x'):rep(1000)");
    assert_still_works(sb);
}

/* rerun(): a long loop in a rerunnable call of its own; its result. */
static int rerunnable_inner(lua_State *L)
{
    char code[128], err[256];
    snprintf(code, sizeof code, "local i = 0 while i < %ld do i = i + 1 end return i",
             limits.instructions * 3 / 16);
    struct sandbox *sb = sandbox_of(L);
    sandbox_push_env(sb);
    if (sandbox_load(sb, code, strlen(code), "=rerun", err, sizeof err) != 0 ||
        sandbox_call_rerunnable(sb, 0, 1, &limits, err, sizeof err) != 0)
        return luaL_error(L, "%s", err);
    return 1;
}

/* Inside a counted call a rerunnable call is counted too (its instructions
 * count against the outer budget), so it never runs twice. */
static void test_counted_inside_counted(void **state)
{
    struct sandbox *sb = *state;
    lua_State *L = sandbox_state(sb);
    char err[256];
    lua_pushcfunction(L, rerunnable_inner);
    sandbox_set_global(sb, "rerun");
    unsigned long before = sandbox_recounts(sb);
    int save = rerunnable;
    rerunnable = 0;
    int rc = run(sb, "return rerun()", &limits, err, sizeof err, NULL);
    rerunnable = save;
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(lua_tointeger(L, -1), limits.instructions * 3 / 16);
    lua_pop(L, 1);
    assert_int_equal(sandbox_recounts(sb), before);
    /* the outer budget sees the inner call's instructions (three quarters of its own) */
    expect_error(sb, "local n = 0 while true do rerun() n = n + 1 end", "instruction budget");
}

int main(void)
{
    const char *preload = getenv("LD_PRELOAD");
    under_valgrind = preload != NULL && strstr(preload, "vgpreload") != NULL;
    limits = sandbox_default_limits;
    if (SANITIZED || under_valgrind) {
        /* Slowed down several times: smaller limits keep the second. */
        limits.instructions = 4 * 1000 * 1000;
        limits.memory = 8u << 20;
    }
    if (under_valgrind) {
        /* Tens of times slower, more on a busy machine: the wall-clock
         * backstop would end calls that these cases expect the instruction
         * budget or the memory limit to end.  The cases about the clock set
         * their own limits. */
        limits.milliseconds = 120 * 1000;
    }
    print_message("limits: %ld instructions, %zu KiB%s\n", limits.instructions,
                  limits.memory / 1024,
                  under_valgrind ? " (valgrind: times not asserted)"
                                 : SANITIZED ? " (sanitized build)" : "");

    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unsafe_globals_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsafe_calls_raise, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_metatable_hidden, setup, teardown),
        cmocka_unit_test_setup_teardown(test_libraries_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_environments_separate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bytecode_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_infinite_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_budget_within_a_second, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pcall_cannot_swallow_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unbounded_allocation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_work_in_c_is_charged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finalizers_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_rep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pathological_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normal_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_backstop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watchdog_on_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watchdog_disarmed_after_call, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expired_for_plugins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_c_functions_charged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_charged_functions_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_protect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utf8_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_again_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counted_inside_counted, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name("sandbox, counted calls", tests, NULL, NULL);
    rerunnable = 1;
    failed += cmocka_run_group_tests_name("sandbox, rerunnable calls", tests, NULL, NULL);
    return failed;
}
