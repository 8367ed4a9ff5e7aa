/*
 * sandbox.c - the Lua state rules run in.
 *
 * Three protections work together:
 *  - what is reachable: a curated global table, read-only library proxies,
 *    a hidden string metatable, text-only loading;
 *  - how long a call runs: a count hook that charges instructions against a
 *    budget, plus guards on the C string functions whose cost the hook cannot
 *    see (pattern matching, string.rep);
 *  - how much a call allocates: the allocator refuses growth past a cap.
 * When a limit is hit the sandbox remembers it (`aborted`), so that the
 * sandbox's own pcall re-raises instead of letting a rule swallow it.
 *
 * Work done in C is invisible to the count hook, so it is charged to the same
 * budget: bytes allocated during a call, the estimated steps of a pattern
 * call, the elements table.move walks.  Otherwise a loop of calls that are
 * each allowed (a 3000-byte match, an 8 MB concatenation) would run for hours
 * on a few instructions per iteration.  Finalizers (__gc) are refused: they
 * would run later, outside any call and its limits.
 */
#include "sandbox.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"

#include <lauxlib.h>
#include <lualib.h>

const struct sandbox_limits sandbox_default_limits = {20 * 1000 * 1000, 32u << 20, 2000};

/* Memory the whole state may hold outside rule calls (rules, libraries, data). */
#define STATE_MEMORY_MAX ((size_t)512 << 20)
/* Instructions between two calls of the count hook. */
#define HOOK_STEP 1000
/* The most work a single pattern call may be expected to do (see pattern_cost). */
#define PATTERN_COST_MAX 5e7
/* The longest string string.rep may build. */
#define REP_MAX ((double)(16u << 20))
/* Bytes allocated, or compared by a plain find, per instruction charged. */
#define BYTES_PER_INSTRUCTION 8

enum abort_reason { ABORT_NONE = 0, ABORT_INSTRUCTIONS, ABORT_MEMORY, ABORT_TIME };

struct sandbox {
    lua_State *L;
    size_t used;            /* bytes held by the state */
    size_t limit;           /* allocations beyond this fail */
    long budget;            /* instructions left in the current call */
    int depth;              /* sandbox_call nesting; allocations are charged when > 0 */
    long long deadline_ns;  /* monotonic clock deadline of the current call; 0: none */
    enum abort_reason aborted;
    int globals_ref;        /* registry ref of the safe globals table */
};

/* Registry key of the metatable of rule environments. */
static const char ENV_META[] = "admit.sandbox.env_meta";

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct sandbox *sb = ud;
    size_t old = ptr != NULL ? osize : 0;   /* for new objects osize is a type tag */
    if (nsize == 0) {
        free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (nsize > old && sb->used + (nsize - old) > sb->limit) {
        sb->aborted = ABORT_MEMORY;
        return NULL;
    }
    if (nsize > old && sb->depth > 0) {
        /* Refuse at once rather than at the next hook: one instruction
         * (a concatenation) may allocate megabytes. */
        long cost = (long)((nsize - old) / BYTES_PER_INSTRUCTION);
        if (sb->aborted == ABORT_INSTRUCTIONS || cost >= sb->budget) {
            sb->budget = 0;
            if (sb->aborted == ABORT_NONE)
                sb->aborted = ABORT_INSTRUCTIONS;
            return NULL;
        }
        sb->budget -= cost;
    }
    void *p = realloc(ptr, nsize);
    if (p != NULL)
        sb->used = sb->used - old + nsize;
    return p;
}

struct sandbox *sandbox_of(lua_State *L)
{
    return *(struct sandbox **)lua_getextraspace(L);
}

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    struct sandbox *sb = sandbox_of(L);
    if (sb->deadline_ns != 0 && (sb->aborted == ABORT_TIME || now_ns() > sb->deadline_ns)) {
        sb->aborted = ABORT_TIME;
        luaL_error(L, "time limit exceeded");
    }
    sb->budget -= HOOK_STEP;
    if (sb->budget <= 0 || sb->aborted != ABORT_NONE) {
        if (sb->aborted == ABORT_NONE)
            sb->aborted = ABORT_INSTRUCTIONS;
        luaL_error(L, "instruction budget exceeded");
    }
}

/* Charge `units` instructions of work done in C; raise when the budget runs out. */
static void charge(lua_State *L, double units)
{
    struct sandbox *sb = sandbox_of(L);
    if (sb->depth == 0)
        return;
    if (units >= (double)sb->budget) {
        sb->budget = 0;
        if (sb->aborted == ABORT_NONE)
            sb->aborted = ABORT_INSTRUCTIONS;
        luaL_error(L, "instruction budget exceeded");
    }
    sb->budget -= (long)units;
}

/* -- guarded base functions --------------------------------------------- */

/* After a protected call inside the sandbox: re-raise a limit, else report. */
static int finish_pcall(lua_State *L, int status, int base)
{
    struct sandbox *sb = sandbox_of(L);
    if (sb->aborted != ABORT_NONE)
        return lua_error(L);            /* a rule may not swallow its own limit */
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, base);
    return lua_gettop(L) - base + 1;
}

static int safe_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    return finish_pcall(L, status, 1);
}

/*
 * The message handler safe_xpcall installs: the rule's own (upvalue 1), but
 * not once a limit was hit.  An error raised by the count hook reaches the
 * handler while Lua still has hooks disabled, so the rule's handler would
 * run with no budget at all.
 */
static int guarded_handler(lua_State *L)
{
    if (sandbox_of(L)->aborted != ABORT_NONE)
        return 1;                        /* the message as it is */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int safe_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, 1);     /* function */
    lua_rotate(L, 3, 1);     /* stack: f, handler, f, args... */
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    return finish_pcall(L, status, 3);
}

/* setmetatable without finalizers: a __gc would run outside the rule's call. */
static int safe_setmetatable(lua_State *L)
{
    lua_pushliteral(L, "__gc");
    if (lua_type(L, 2) == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
        return luaL_error(L, "setmetatable: __gc is not available to rules");
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

static int safe_collectgarbage(lua_State *L)
{
    const char *what = luaL_optstring(L, 1, "collect");
    if (strcmp(what, "count") != 0)
        return luaL_error(L, "collectgarbage(\"%s\") is not available to rules", what);
    int kb = lua_gc(L, LUA_GCCOUNT, 0), bytes = lua_gc(L, LUA_GCCOUNTB, 0);
    lua_pushnumber(L, (lua_Number)kb + (lua_Number)bytes / 1024);
    return 1;
}

/* -- guarded string functions ------------------------------------------- */

/* Index just past the single-character class starting at p[i]. */
static size_t class_end(const char *p, size_t len, size_t i)
{
    if (p[i] == '%')
        return i + 2 <= len ? i + 2 : len;
    if (p[i] != '[')
        return i + 1;
    i++;
    if (i < len && p[i] == '^')
        i++;
    do {                             /* the first ']' of a set is a literal */
        if (i >= len)
            return len;
        if (p[i] == '%')
            i++;
        i++;
    } while (i < len && p[i] != ']');
    return i < len ? i + 1 : len;
}

/* What a guarded pattern function is (its second upvalue). */
enum pattern_kind { PATTERN_MATCH = 0, PATTERN_FIND, PATTERN_GMATCH };

/*
 * An upper estimate of the steps Lua's matcher may take: every repeated
 * class ('*', '+', '-') may try each position of the subject, '?' doubles,
 * balances and back-references scan the subject, each item is tried at every
 * step, and an unanchored pattern is tried at every start (gmatch has no
 * anchor: its '^' is a literal).  Lua's matcher backtracks, so this bound is
 * what protects the engine from patterns like ".-.-.-.-x" on a long subject.
 */
static double pattern_cost(const char *p, size_t len, size_t subject_len, int anchorable)
{
    double n = (double)subject_len + 1, cost = 1, items = 0;
    size_t i = 0;
    if (anchorable && len > 0 && p[0] == '^')
        i = 1;
    else
        cost = n;
    while (i < len) {
        items++;
        char c = p[i];
        if (c == '(' || c == ')' || (c == '$' && i + 1 == len)) {
            items--;
            i++;
            continue;
        }
        if (c == '%' && i + 1 < len && p[i + 1] == 'b') {
            cost *= n;
            i += 4;
            continue;
        }
        if (c == '%' && i + 1 < len && p[i + 1] == 'f') {
            i = class_end(p, len, i + 2);
            continue;
        }
        if (c == '%' && i + 1 < len && p[i + 1] >= '0' && p[i + 1] <= '9')
            cost *= n;
        i = class_end(p, len, i);
        if (i < len && (p[i] == '*' || p[i] == '+' || p[i] == '-')) {
            cost *= n;
            i++;
        } else if (i < len && p[i] == '?') {
            cost *= 2;
            i++;
        }
    }
    return cost * (items > 1 ? items : 1);
}

/* Check the subject and pattern at 1 and 2, then call the real function. */
static int guarded_pattern_call(lua_State *L)
{
    size_t slen, plen;
    luaL_checklstring(L, 1, &slen);
    const char *pat = luaL_checklstring(L, 2, &plen);
    lua_Integer kind = lua_tointeger(L, lua_upvalueindex(2));
    int plain = kind == PATTERN_FIND && lua_toboolean(L, 4);   /* find(s, p, init, true) */
    /* A plain find compares bytes: at most the pattern's length per start. */
    double cost = plain ? ((double)slen + 1) * (double)(plen > 0 ? plen : 1)
                              / BYTES_PER_INSTRUCTION
                        : pattern_cost(pat, plen, slen, kind != PATTERN_GMATCH);
    if (cost > PATTERN_COST_MAX)
        return luaL_error(L, "pattern \"%s\" is too costly for a subject of %d bytes",
                          plen > 40 ? "..." : pat, (int)slen);
    charge(L, cost);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int guarded_rep(lua_State *L)
{
    size_t len, seplen = 0;
    luaL_checklstring(L, 1, &len);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &seplen);
    if (n <= 0 || len + seplen == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if ((double)n * (double)(len + seplen) > REP_MAX)
        return luaL_error(L, "string.rep result too large (at most %d bytes)", (int)REP_MAX);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* table.move walks every index of its range, holes included. */
static int guarded_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f)
        charge(L, (double)e - (double)f + 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* -- building the safe environment -------------------------------------- */

static int refuse_write(lua_State *L)
{
    return luaL_error(L, "attempt to modify a read-only table (field '%s')",
                      lua_isstring(L, 2) ? lua_tostring(L, 2) : "?");
}

void sandbox_protect_table(lua_State *L)
{
    lua_newtable(L);                       /* proxy */
    lua_createtable(L, 0, 3);              /* its metatable */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");        /* reads go to the real table */
    lua_pushcfunction(L, refuse_write);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");    /* getmetatable gives false */
    lua_setmetatable(L, -2);
    lua_remove(L, -2);                     /* drop the real table */
}

/* Copy the listed fields of the table at `from` into the table at the top. */
static void copy_fields(lua_State *L, int from, const char *const *names)
{
    for (; *names != NULL; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

/* A copy of library `lib` (on the stack at `from`) without its unsafe parts. */
static void push_string_lib(lua_State *L, int from)
{
    static const char *const plain[] = {"byte", "char", "format", "len", "lower", "pack",
                                        "packsize", "reverse", "sub", "unpack", "upper", NULL};
    static const char *const patterned[] = {"find", "match", "gmatch", "gsub", NULL};
    static const enum pattern_kind kinds[] = {PATTERN_FIND, PATTERN_MATCH, PATTERN_GMATCH,
                                              PATTERN_MATCH};
    lua_newtable(L);
    copy_fields(L, from, plain);
    for (int i = 0; patterned[i] != NULL; i++) {
        lua_getfield(L, from, patterned[i]);
        lua_pushinteger(L, kinds[i]);      /* find alone has a `plain` flag */
        lua_pushcclosure(L, guarded_pattern_call, 2);
        lua_setfield(L, -2, patterned[i]);
    }
    lua_getfield(L, from, "rep");
    lua_pushcclosure(L, guarded_rep, 1);
    lua_setfield(L, -2, "rep");
}

static void build_globals(struct sandbox *sb)
{
    static const char *const base[] = {"assert", "error", "ipairs", "next", "pairs", "rawequal",
                                       "rawget", "rawlen", "select",
                                       "getmetatable", "tonumber", "tostring", "type",
                                       "_VERSION", NULL};
    static const char *const table_fns[] = {"concat", "insert", "move", "pack", "remove",
                                            "sort", "unpack", NULL};
    static const char *const math_fns[] = {"abs", "ceil", "floor", "fmod", "huge", "max",
                                           "maxinteger", "min", "mininteger", "modf", "pi",
                                           "sqrt", "tointeger", "type", "ult", "exp", "log",
                                           "sin", "cos", "tan", "asin", "acos", "atan", NULL};
    static const char *const utf8_fns[] = {"char", "charpattern", "codes", "codepoint", "len",
                                           "offset", NULL};
    lua_State *L = sb->L;
    int g = lua_gettop(L) + 1;

    lua_pushglobaltable(L);                              /* g: the full globals */
    lua_newtable(L);                                     /* g+1: the safe ones */
    copy_fields(L, g, base);
    lua_pushcfunction(L, safe_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, safe_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_pushcfunction(L, safe_collectgarbage);
    lua_setfield(L, -2, "collectgarbage");
    lua_getfield(L, g, "setmetatable");
    lua_pushcclosure(L, safe_setmetatable, 1);
    lua_setfield(L, -2, "setmetatable");

    lua_getfield(L, g, "string");
    push_string_lib(L, lua_gettop(L));
    sandbox_protect_table(L);
    /* Strings' methods ("x"):rep() go through the same guarded table, and
     * the shared string metatable is hidden from rules. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);                                       /* drop metatable and "" */
    lua_setfield(L, g + 1, "string");
    lua_pop(L, 1);                                       /* drop the real string lib */

    const struct { const char *name; const char *const *fns; } libs[] = {
        {"table", table_fns}, {"math", math_fns}, {"utf8", utf8_fns},
    };
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        lua_getfield(L, g, libs[i].name);
        lua_newtable(L);
        copy_fields(L, lua_gettop(L) - 1, libs[i].fns);
        if (strcmp(libs[i].name, "table") == 0) {
            lua_getfield(L, -1, "move");
            lua_pushcclosure(L, guarded_move, 1);
            lua_setfield(L, -2, "move");
        }
        sandbox_protect_table(L);
        lua_setfield(L, g + 1, libs[i].name);
        lua_pop(L, 1);                                   /* drop the real library */
    }
    sb->globals_ref = luaL_ref(L, LUA_REGISTRYINDEX);    /* pops the safe globals */
    lua_pop(L, 1);                                       /* drop the full globals */

    /* Environments read through to the safe globals; their metatable is hidden. */
    lua_createtable(L, 0, 2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->globals_ref);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setfield(L, LUA_REGISTRYINDEX, ENV_META);
}

/* Protected part of sandbox_new: library opening may raise memory errors. */
static int setup_state(lua_State *L)
{
    struct sandbox *sb = lua_touserdata(L, 1);
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_pop(L, 5);
    build_globals(sb);
    return 0;
}

struct sandbox *sandbox_new(void)
{
    struct sandbox *sb = calloc(1, sizeof *sb);
    if (sb == NULL)
        return NULL;
    sb->limit = STATE_MEMORY_MAX;
    sb->L = lua_newstate(sandbox_alloc, sb);
    if (sb->L == NULL) {
        free(sb);
        return NULL;
    }
    *(struct sandbox **)lua_getextraspace(sb->L) = sb;
    lua_pushcfunction(sb->L, setup_state);
    lua_pushlightuserdata(sb->L, sb);
    if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK) {
        sandbox_free(sb);
        return NULL;
    }
    return sb;
}

void sandbox_free(struct sandbox *sb)
{
    if (sb == NULL)
        return;
    if (sb->L != NULL)
        lua_close(sb->L);
    free(sb);
}

lua_State *sandbox_state(struct sandbox *sb)
{
    return sb->L;
}

size_t sandbox_memory(const struct sandbox *sb)
{
    return sb->used;
}

void sandbox_push_env(struct sandbox *sb)
{
    lua_newtable(sb->L);
    luaL_getmetatable(sb->L, ENV_META);
    lua_setmetatable(sb->L, -2);
}

void sandbox_set_global(struct sandbox *sb, const char *name)
{
    lua_State *L = sb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->globals_ref);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);   /* drop the globals table */
}

/* Copy the message at the top of the stack (any value) into errbuf. */
static void copy_message(lua_State *L, char *errbuf, size_t errsize)
{
    const char *msg = lua_tostring(L, -1);
    snprintf(errbuf, errsize, "%s", msg != NULL ? msg : "error object is not a string");
}

int sandbox_load(struct sandbox *sb, const char *text, size_t len, const char *chunkname,
                 char *errbuf, size_t errsize)
{
    lua_State *L = sb->L;
    if (luaL_loadbufferx(L, text, len, chunkname, "t") != LUA_OK) {
        copy_message(L, errbuf, errsize);
        lua_pop(L, 2);                   /* message and environment */
        return -1;
    }
    lua_insert(L, -2);                   /* function below environment */
    if (lua_setupvalue(L, -2, 1) == NULL) /* _ENV := environment (pops it) */
        lua_pop(L, 1);
    return 0;
}

/* Message handler: keep the error's text (with its file:line), as a string. */
static int message_handler(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING)
        return 1;
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
        return 1;
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    return 1;
}

int sandbox_call(struct sandbox *sb, int nargs, int nresults,
                 const struct sandbox_limits *limits, char *errbuf, size_t errsize)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;    /* the function's slot */
    /* Calls nest (eval runs each rule inside one call for the dossier): the
     * outer call's limits come back afterwards, charged with the inner work. */
    long outer_budget = sb->budget;
    size_t outer_limit = sb->limit;
    enum abort_reason outer_aborted = sb->aborted;
    long long outer_deadline = sb->deadline_ns;
    long long deadline = limits->milliseconds > 0 ? now_ns() + limits->milliseconds * 1000000LL : 0;
    if (outer_deadline != 0 && (deadline == 0 || outer_deadline < deadline))
        deadline = outer_deadline;
    lua_Hook outer_hook = lua_gethook(L);
    int outer_mask = lua_gethookmask(L), outer_count = lua_gethookcount(L);
    size_t limit = limits->memory < STATE_MEMORY_MAX - sb->used ? sb->used + limits->memory
                                                                : STATE_MEMORY_MAX;

    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    sb->aborted = ABORT_NONE;
    sb->budget = limits->instructions;
    sb->deadline_ns = deadline;
    sb->limit = limit < outer_limit ? limit : outer_limit;
    sb->depth++;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_sethook(L, outer_hook, outer_mask, outer_count);
    sb->depth--;
    long used = limits->instructions - (sb->budget > 0 ? sb->budget : 0);
    sb->budget = sb->depth > 0 ? outer_budget - used : outer_budget;
    sb->limit = outer_limit;
    sb->deadline_ns = outer_deadline;
    enum abort_reason aborted = sb->aborted;
    sb->aborted = outer_aborted;
    if (status == LUA_OK) {
        lua_remove(L, base);             /* the handler */
        return 0;
    }
    if (aborted == ABORT_INSTRUCTIONS)
        snprintf(errbuf, errsize, "instruction budget of %ld exceeded", limits->instructions);
    else if (aborted == ABORT_TIME)
        snprintf(errbuf, errsize, "time limit of %ld ms exceeded", limits->milliseconds);
    else if (status == LUA_ERRMEM && aborted != ABORT_MEMORY) {
        /* The machine's memory, not the cap (Lua already collected garbage
         * and retried): the whole command fails (alloc.h). */
        alloc_note_failure();
        snprintf(errbuf, errsize, "out of memory");
    } else if (aborted == ABORT_MEMORY || status == LUA_ERRMEM)
        snprintf(errbuf, errsize, "memory cap of %zu KiB exceeded", limits->memory / 1024);
    else
        copy_message(L, errbuf, errsize);
    lua_pop(L, 2);                       /* message and handler */
    lua_gc(L, LUA_GCCOLLECT);            /* give back what the call left behind */
    return -1;
}
