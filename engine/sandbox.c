/*
 * sandbox.c - the Lua state rules run in.
 *
 * Three protections work together:
 *  - what is reachable: a curated global table, read-only library proxies,
 *    a hidden string metatable, text-only loading;
 *  - how long a call runs: a count hook that charges instructions against a
 *    budget, plus guards on the C string functions whose cost the hook cannot
 *    see (pattern matching, string.rep).  A call with a large budget runs
 *    first without the hook, and again under it when that first run could
 *    have been near its budget (see "Counting when it could matter");
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
#include "rule_bytecode.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"

#include <lauxlib.h>
#include <lualib.h>
#include <utf8proc.h>

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
/* Bytes decoded one by one (UTF-8, number syntax) per instruction charged. */
#define DECODED_PER_INSTRUCTION 2
/* Instructions charged per table element a C function reads and writes
 * through the API (lua_geti/lua_seti cost several VM instructions each). */
#define ELEMENT_COST 4

/* How fast no machine runs Lua's VM: instructions a nanosecond (see
 * "Counting when it could matter").  This machine runs 0.3 to 0.6. */
#define VM_INSTRUCTIONS_PER_NS_MAX 10
/* The shortest window an uncounted run is worth: a smaller budget is counted. */
#define UNCOUNTED_WINDOW_MIN_NS 100000LL
/* How long an uncounted run may go before the watchdog stops it to count
 * (at least its window): the bound on what a looping rule costs twice. */
#define RECOUNT_WAKE_NS 20000000LL

/* ABORT_RECOUNT: an uncounted run must be run again counted. */
enum abort_reason { ABORT_NONE = 0, ABORT_INSTRUCTIONS, ABORT_MEMORY, ABORT_TIME, ABORT_RECOUNT };

/* What the watchdog fired for (the values of `expired`). */
enum { EXPIRED_NOT = 0, EXPIRED_TIME, EXPIRED_RECOUNT };

struct sandbox {
    lua_State *L;
    /* The watchdog (see watchdog_main): a thread of this sandbox only, that
     * sleeps until the deadline of the running call and then makes the next
     * VM instruction raise.  `wd_deadline` and the hook are changed only
     * under `wd_lock`, by the calling thread and the watchdog alike. */
    pthread_mutex_t wd_lock;
    pthread_cond_t wd_cond;
    pthread_t wd_thread;
    int wd_started;         /* the thread runs */
    int wd_quit;            /* sandbox_free asks it to end */
    long long wd_deadline;  /* armed deadline (monotonic ns); 0: none */
    int wd_recount;         /* the armed deadline is an uncounted run's (else the clock's) */
    long long wd_waking_at; /* when the watchdog looks again; 0: only when signalled */
    atomic_int expired;     /* EXPIRED_*: the watchdog fired for the current call */
    size_t used;            /* bytes held by the state */
    size_t limit;           /* allocations beyond this fail */
    long budget;            /* instructions left in the current call */
    int depth;              /* sandbox_call nesting; allocations are charged when > 0 */
    int counting;           /* counted calls running: a call inside one is counted too */
    int count_always;       /* sandbox_count_always: no uncounted runs */
    unsigned long recounts; /* uncounted runs run again counted (sandbox_recounts) */
    long long deadline_ns;  /* monotonic clock deadline of the current call; 0: none */
    long long recount_at;   /* when the watchdog stops the current uncounted run; 0: counted */
    enum abort_reason over_budget; /* what running out of budget is in the current call */
    enum abort_reason aborted;
    int globals_ref;        /* registry ref of the safe globals table */
};

/* Registry key of the metatable of rule environments. */
static const char ENV_META[] = "admit.sandbox.env_meta";
/* Registry key of Lua's own utf8.len (the decoder sandbox_utf8_valid uses). */
static const char UTF8_LEN[] = "admit.sandbox.utf8_len";
/* Registry key of the weak table real table -> read-only proxy (sandbox_protect_deep). */
static const char DEEP_PROXIES[] = "admit.sandbox.deep_proxies";

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
        /* Once over the budget, nothing more: not even an error message (the
         * call's error says which limit).  An uncounted run over its half
         * (ABORT_RECOUNT) only stops; it will run again. */
        if (sb->aborted == ABORT_INSTRUCTIONS || cost >= sb->budget) {
            sb->budget = 0;
            if (sb->aborted == ABORT_NONE)
                sb->aborted = sb->over_budget;
            return NULL;
        }
        sb->budget -= cost;
    }
    /* most blocks are new objects: malloc's path is the short one */
    void *p = ptr == NULL ? malloc(nsize) : realloc(ptr, nsize);
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

/*
 * Every HOOK_STEP instructions of a counted call; at the next instruction
 * once the watchdog fired, in any call.
 */
static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    struct sandbox *sb = sandbox_of(L);
    int expired = atomic_load(&sb->expired);
    if (expired == EXPIRED_RECOUNT || sb->aborted == ABORT_RECOUNT) {
        sb->aborted = ABORT_RECOUNT;
        luaL_error(L, "run again, counted");
    }
    if (expired != EXPIRED_NOT ||
        (sb->deadline_ns != 0 && (sb->aborted == ABORT_TIME || now_ns() > sb->deadline_ns))) {
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

/* -- the watchdog --------------------------------------------------------- */

/*
 * The count hook looks at the clock only every HOOK_STEP instructions, and a
 * single instruction may run long in C (comparing two 16 MiB strings, a call
 * of a C function).  The watchdog is one thread per sandbox (so per Lua
 * state: no process-wide signal or timer state is shared between sandboxes
 * running on different threads).  It sleeps on a condition variable until
 * the armed deadline; when the deadline passes it sets `expired` and calls
 * lua_sethook(L, count_hook, LUA_MASKCOUNT, 1), which Lua allows from another
 * thread or a signal handler (ldebug.c: the hook fields are set atomically
 * enough and the hook is always checked before being called), so the very
 * next VM instruction runs the hook, which raises "time limit exceeded".
 * The calling thread arms and disarms under the same mutex and restores
 * its own hook under it too, so the watchdog can never set a hook after the
 * call it was armed for has ended.  A C function that never returns to the
 * VM cannot be stopped this way: every C function a rule can reach is
 * therefore charged for its work before it runs or bounded (see below and
 * docs/architecture.md); the watchdog is the backstop for what those
 * estimates get wrong, and plugins poll sandbox_expired().
 */
static void *watchdog_main(void *arg)
{
    struct sandbox *sb = arg;
    pthread_mutex_lock(&sb->wd_lock);
    while (!sb->wd_quit) {
        if (sb->wd_deadline == 0) {
            sb->wd_waking_at = 0;
            pthread_cond_wait(&sb->wd_cond, &sb->wd_lock);
            continue;
        }
        long long deadline = sb->wd_deadline;
        if (now_ns() < deadline) {
            struct timespec ts = {(time_t)(deadline / 1000000000LL),
                                  (long)(deadline % 1000000000LL)};
            sb->wd_waking_at = deadline;
            pthread_cond_timedwait(&sb->wd_cond, &sb->wd_lock, &ts);
            continue;                   /* re-read: the call may have ended */
        }
        atomic_store(&sb->expired, sb->wd_recount ? EXPIRED_RECOUNT : EXPIRED_TIME);
        lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, 1);
        sb->wd_deadline = 0;            /* fired; the caller re-arms */
    }
    pthread_mutex_unlock(&sb->wd_lock);
    return NULL;
}

/*
 * Arm the watchdog for the earlier of `deadline` (the clock's) and
 * `recount_at` (an uncounted run's), 0 meaning none, under wd_lock.  It is
 * woken only when it would otherwise look too late: when it waits for no
 * deadline, or for a later one.  A deadline later than the one it sleeps to,
 * or none, is found when it wakes and re-reads wd_deadline, so the calls of
 * a batch (one per rule, each arming and disarming) cost no system call and
 * no switch to the watchdog's thread.
 */
static void watchdog_arm(struct sandbox *sb, long long deadline, long long recount_at)
{
    sb->wd_recount = recount_at != 0 && (deadline == 0 || recount_at < deadline);
    if (sb->wd_recount)
        deadline = recount_at;
    sb->wd_deadline = deadline;
    if (deadline != 0 && (sb->wd_waking_at == 0 || deadline < sb->wd_waking_at))
        pthread_cond_signal(&sb->wd_cond);
}

/* Start the watchdog the first time a call has a deadline.  0, or -1. */
static int watchdog_start(struct sandbox *sb)
{
    if (sb->wd_started)
        return 0;
    if (pthread_create(&sb->wd_thread, NULL, watchdog_main, sb) != 0)
        return -1;
    sb->wd_started = 1;
    return 0;
}

int sandbox_expired(struct sandbox *sb)
{
    return atomic_load(&sb->expired) != EXPIRED_NOT || sb->aborted == ABORT_TIME ||
           sb->aborted == ABORT_RECOUNT ||
           (sb->deadline_ns != 0 && now_ns() > sb->deadline_ns);
}

long sandbox_time_left_ms(struct sandbox *sb)
{
    if (sb->deadline_ns == 0)
        return -1;
    if (sandbox_expired(sb))
        return 0;
    return (long)((sb->deadline_ns - now_ns()) / 1000000LL) + 1;
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
            sb->aborted = sb->over_budget;
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
enum pattern_kind { PATTERN_MATCH = 0, PATTERN_FIND, PATTERN_GMATCH, PATTERN_GSUB };

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

static int guarded_gmatch_step(lua_State *L);

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
    /* gsub reads its replacement string once per match, and every position
     * may match (an empty pattern): charge that walk too, an instruction a
     * byte (each "%0" is a call that appends the capture). */
    if (kind == PATTERN_GSUB && lua_type(L, 3) == LUA_TSTRING)
        cost += ((double)slen + 1) * (1 + (double)lua_rawlen(L, 3));
    charge(L, cost);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    if (kind == PATTERN_GMATCH) {        /* wrap the iterator (see guarded_gmatch_step) */
        lua_settop(L, 1);
        lua_pushboolean(L, 0);
        lua_pushcclosure(L, guarded_gmatch_step, 2);
        return 1;
    }
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

/*
 * What a charged C function costs, decided from its arguments before it runs
 * (the upvalue 2 of guarded_call).  Each is a count of elementary steps
 * (elements walked, bytes scanned / BYTES_PER_INSTRUCTION); bytes a function
 * allocates are charged by the allocator on top.
 */
enum cost_kind {
    COST_MOVE,          /* table.move(a, f, e, t): e - f + 1 */
    COST_SORT,          /* table.sort(t [, lt]): n log2 n comparisons, longer for strings */
    COST_CONCAT,        /* table.concat(t, sep, i, j): j - i + 1 */
    COST_INSERT,        /* table.insert(t, pos, v): the elements shifted */
    COST_REMOVE,        /* table.remove(t, pos): the elements shifted */
    COST_UNPACK,        /* table.unpack(t, i, j): j - i + 1 values pushed */
    COST_ARGS,          /* string.char, utf8.char, table.pack, select, math.max/min: n args */
    COST_BYTES,         /* string.byte / utf8.codepoint (s, i, j): the bytes of the range */
    COST_SCAN,          /* utf8.len, utf8.offset, tonumber: the subject scanned */
    COST_PACK,          /* string.pack/packsize/unpack: format and data scanned */
    COST_RAWEQUAL       /* rawequal: two long strings are compared byte by byte */
};

/* Lua's posrelat: a string position, negative from the end, clamped to 0..len+1. */
static double string_pos(lua_Integer pos, size_t len)
{
    if (pos >= 0)
        return (double)pos;
    if ((double)-pos > (double)len)
        return 0;
    return (double)len + (double)pos + 1;
}

/*
 * `#t` for the value at 1 (calls __len, which the hook counts).  The table
 * library also takes values with metamethods (a dossier array); anything
 * else counts 0 and the real function raises its own error.
 */
static double table_len(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TTABLE) {
        if (luaL_getmetafield(L, 1, "__len") == LUA_TNIL)
            return 0;
        lua_pop(L, 1);
    }
    return (double)luaL_len(L, 1);
}

/* The units the call about to run costs (see enum cost_kind). */
static double call_cost(lua_State *L, enum cost_kind kind)
{
    size_t len = 0;
    double n;
    switch (kind) {
    case COST_MOVE: {
        lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
        return e >= f ? ELEMENT_COST * ((double)e - (double)f + 1) : 0;
    }
    case COST_SORT: {
        n = table_len(L);
        if (n < 2)
            return 0;
        double compares = ELEMENT_COST * (n * log2(n) + n);
        if (!lua_isnoneornil(L, 2) || lua_type(L, 1) != LUA_TTABLE)
            return compares;            /* the order function's (__index's) work is counted */
        /* Without one, strings are compared in C (strcoll): as long as the
         * longest of them each time.  Charge the scan before doing it. */
        charge(L, n);
        size_t longest = 0;
        for (lua_Integer i = 1; i <= (lua_Integer)n; i++) {
            if (lua_rawgeti(L, 1, i) == LUA_TSTRING && lua_rawlen(L, -1) > longest)
                longest = lua_rawlen(L, -1);
            lua_pop(L, 1);
        }
        return compares * (1 + (double)longest / BYTES_PER_INSTRUCTION);
    }
    case COST_CONCAT: {
        n = table_len(L);
        lua_Integer i = luaL_optinteger(L, 3, 1);
        double j = lua_isnoneornil(L, 4) ? n : (double)luaL_checkinteger(L, 4);
        return j >= (double)i ? ELEMENT_COST * (j - (double)i + 1) : 0;
    }
    case COST_INSERT:
        n = table_len(L);
        if (lua_gettop(L) != 3 || !lua_isinteger(L, 2))
            return 1;
        return n - (double)lua_tointeger(L, 2) + 2 > 1
                   ? ELEMENT_COST * (n - (double)lua_tointeger(L, 2) + 2) : 1;
    case COST_REMOVE:
        n = table_len(L);
        if (lua_isnoneornil(L, 2) || !lua_isinteger(L, 2))
            return 1;
        return n - (double)lua_tointeger(L, 2) + 1 > 1
                   ? ELEMENT_COST * (n - (double)lua_tointeger(L, 2) + 1) : 1;
    case COST_UNPACK: {
        lua_Integer i = luaL_optinteger(L, 2, 1);
        double j = lua_isnoneornil(L, 3) ? table_len(L) : (double)luaL_checkinteger(L, 3);
        return j >= (double)i ? 2 * (j - (double)i + 1) : 0;
    }
    case COST_ARGS:
        return (double)lua_gettop(L);
    case COST_BYTES: {
        luaL_checklstring(L, 1, &len);
        double i = string_pos(luaL_optinteger(L, 2, 1), len);
        double j = string_pos(luaL_optinteger(L, 3, (lua_Integer)i), len);
        if (i < 1)
            i = 1;
        if (j > (double)len)
            j = (double)len;
        return j >= i ? j - i + 1 : 0;
    }
    case COST_SCAN:
        if (lua_type(L, 1) == LUA_TSTRING)
            len = lua_rawlen(L, 1);
        return 1 + (double)len / DECODED_PER_INSTRUCTION;
    case COST_PACK: {
        size_t data = 0;
        luaL_checklstring(L, 1, &len);
        if (lua_type(L, 2) == LUA_TSTRING)
            data = lua_rawlen(L, 2);     /* string.unpack's data */
        return 1 + (double)len + (double)data / BYTES_PER_INSTRUCTION;
    }
    case COST_RAWEQUAL:
        if (lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING)
            len = lua_rawlen(L, 1);
        return 1 + (double)len / BYTES_PER_INSTRUCTION;
    }
    return 1;
}

/* Charge the work of a C function (upvalue 1) by its kind (upvalue 2), then call it. */
static int guarded_call(lua_State *L)
{
    charge(L, call_cost(L, (enum cost_kind)lua_tointeger(L, lua_upvalueindex(2))));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/*
 * The iterator utf8.codes returns skips every continuation byte from the
 * position it is given before decoding: called by hand on a string of
 * continuation bytes it scans the whole string each time.  Charge the bytes
 * it will skip.  Upvalue 1: the real iterator.
 */
static int guarded_codes_step(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_Integer n = luaL_checkinteger(L, 2);
    size_t k = 0;
    if (n >= 0)
        for (size_t i = (size_t)n; i < len && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            k++;
    charge(L, 1 + (double)k / DECODED_PER_INSTRUCTION);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* utf8.codes(s): the real one, with its iterator replaced by the charged one. */
static int guarded_codes(lua_State *L)
{
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, 3);                   /* iterator, s, 0 */
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, guarded_codes_step, 1);
    lua_replace(L, -4);
    return 3;
}

/*
 * The iterator string.gmatch returns: once exhausted, Lua's rescans the
 * whole subject on every further call, though the pattern was charged once.
 * This one remembers that it is done (upvalue 2) and then answers nil at
 * once.  Upvalue 1: the real iterator.
 */
static int guarded_gmatch_step(lua_State *L)
{
    if (lua_toboolean(L, lua_upvalueindex(2)))
        return 0;
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, LUA_MULTRET);
    if (lua_gettop(L) == 0 || lua_isnil(L, 1)) {
        lua_pushboolean(L, 1);
        lua_replace(L, lua_upvalueindex(2));
    }
    return lua_gettop(L);
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

/* -- deeply read-only tables (shared modules) ------------------------------ */

static void push_deep_proxy(lua_State *L);

/* __index of a deep proxy: the real table's value (upvalue 1), tables as proxies. */
static int deep_index(lua_State *L)
{
    lua_settop(L, 2);
    lua_gettable(L, lua_upvalueindex(1));
    push_deep_proxy(L);
    return 1;
}

/* __len of a deep proxy: the length of the real table. */
static int deep_len(lua_State *L)
{
    lua_len(L, lua_upvalueindex(1));
    return 1;
}

/* The `next` of a deep proxy's __pairs: the real table's (upvalue 1), values as proxies. */
static int deep_next(lua_State *L)
{
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 2);
    if (!lua_next(L, 3))
        return 0;
    push_deep_proxy(L);
    return 2;
}

static int deep_pairs(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushcclosure(L, deep_next, 1);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/*
 * Replace a table at the top of the stack by its read-only proxy (the same
 * proxy every time, so identities hold); any other value stays.  [-1, +1]
 */
static void push_deep_proxy(lua_State *L)
{
    if (lua_type(L, -1) != LUA_TTABLE)
        return;
    lua_getfield(L, LUA_REGISTRYINDEX, DEEP_PROXIES);
    lua_pushvalue(L, -2);
    if (lua_rawget(L, -2) != LUA_TNIL) {            /* known: a proxy, or a proxied table */
        lua_replace(L, -3);
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    int real = lua_gettop(L) - 1, cache = real + 1;
    lua_newtable(L);                                /* the proxy */
    lua_createtable(L, 0, 5);                       /* its metatable */
    lua_pushvalue(L, real);
    lua_pushcclosure(L, deep_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, refuse_write);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, deep_len, 1);
    lua_setfield(L, -2, "__len");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, deep_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, real);                         /* cache[real] = proxy */
    lua_pushvalue(L, -2);
    lua_rawset(L, cache);
    lua_pushvalue(L, -1);                           /* cache[proxy] = proxy */
    lua_pushvalue(L, -1);
    lua_rawset(L, cache);
    lua_replace(L, real);
    lua_pop(L, 1);                                  /* the cache */
}

void sandbox_protect_deep(lua_State *L)
{
    push_deep_proxy(L);
}

int sandbox_push_deep_real(lua_State *L, int index)
{
    index = lua_absindex(L, index);
    if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index))
        return 0;
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    if (lua_tocfunction(L, -1) != deep_index || lua_getupvalue(L, -1, 1) == NULL) {
        lua_pop(L, 2);
        return 0;
    }
    lua_replace(L, -3);                  /* the real table over the metatable */
    lua_pop(L, 1);
    return 1;
}

size_t sandbox_utf8_invalid_at(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {   /* ASCII: what utf8proc would accept, one byte */
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return i;
        i += (size_t)n;
    }
    return len;
}

void sandbox_utf8_clean(char *s)
{
    size_t len = strlen(s), at;
    while ((at = sandbox_utf8_invalid_at(s, len)) < len) {
        s[at] = '?';
    }
}

/* Copy the listed fields of the table at `from` into the table at the top. */
static void copy_fields(lua_State *L, int from, const char *const *names)
{
    for (; *names != NULL; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

/* The C functions charged through guarded_call, by library. */
static const struct charged { const char *lib, *name; enum cost_kind kind; } charged_fns[] = {
    {"_G", "rawequal", COST_RAWEQUAL}, {"_G", "select", COST_ARGS},
    {"_G", "tonumber", COST_SCAN},
    {"string", "byte", COST_BYTES},    {"string", "char", COST_ARGS},
    {"string", "pack", COST_PACK},     {"string", "packsize", COST_PACK},
    {"string", "unpack", COST_PACK},
    {"table", "concat", COST_CONCAT},  {"table", "insert", COST_INSERT},
    {"table", "move", COST_MOVE},      {"table", "pack", COST_ARGS},
    {"table", "remove", COST_REMOVE},  {"table", "sort", COST_SORT},
    {"table", "unpack", COST_UNPACK},
    {"math", "max", COST_ARGS},        {"math", "min", COST_ARGS},
    {"utf8", "char", COST_ARGS},       {"utf8", "codepoint", COST_BYTES},
    {"utf8", "len", COST_SCAN},        {"utf8", "offset", COST_SCAN},
};

/* Replace the functions of `lib` in the table at the top by their charged wrappers. */
static void wrap_charged(lua_State *L, const char *lib)
{
    for (size_t i = 0; i < sizeof charged_fns / sizeof charged_fns[0]; i++) {
        if (strcmp(charged_fns[i].lib, lib) != 0)
            continue;
        lua_getfield(L, -1, charged_fns[i].name);
        lua_pushinteger(L, charged_fns[i].kind);
        lua_pushcclosure(L, guarded_call, 2);
        lua_setfield(L, -2, charged_fns[i].name);
    }
}

/* A copy of library `lib` (on the stack at `from`) without its unsafe parts. */
static void push_string_lib(lua_State *L, int from)
{
    static const char *const plain[] = {"byte", "char", "format", "len", "lower", "pack",
                                        "packsize", "reverse", "sub", "unpack", "upper", NULL};
    static const char *const patterned[] = {"find", "match", "gmatch", "gsub", NULL};
    static const enum pattern_kind kinds[] = {PATTERN_FIND, PATTERN_MATCH, PATTERN_GMATCH,
                                              PATTERN_GSUB};
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
    wrap_charged(L, "string");
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
    wrap_charged(L, "_G");

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
        wrap_charged(L, libs[i].name);
        if (strcmp(libs[i].name, "utf8") == 0) {
            lua_getfield(L, -1, "codes");
            lua_pushcclosure(L, guarded_codes, 1);
            lua_setfield(L, -2, "codes");
            /* The real utf8.len, for sandbox_utf8_valid. */
            lua_getfield(L, -2, "len");
            lua_setfield(L, LUA_REGISTRYINDEX, UTF8_LEN);
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

    lua_newtable(L);                                     /* see push_deep_proxy */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, DEEP_PROXIES);
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
    sb->over_budget = ABORT_INSTRUCTIONS;
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0) {
        free(sb);
        return NULL;
    }
    /* The deadlines are CLOCK_MONOTONIC times (now_ns). */
    int bad = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
              pthread_cond_init(&sb->wd_cond, &attr) != 0;
    pthread_condattr_destroy(&attr);
    if (bad) {
        free(sb);
        return NULL;
    }
    if (pthread_mutex_init(&sb->wd_lock, NULL) != 0) {
        pthread_cond_destroy(&sb->wd_cond);
        free(sb);
        return NULL;
    }
    sb->L = lua_newstate(sandbox_alloc, sb);
    if (sb->L == NULL) {
        pthread_mutex_destroy(&sb->wd_lock);
        pthread_cond_destroy(&sb->wd_cond);
        free(sb);
        return NULL;
    }
    *(struct sandbox **)lua_getextraspace(sb->L) = sb;
    /* Generational collection: what a rule makes (outcomes, facts, the
     * dossier's proxies) dies with its dossier, while the rulebook's tables
     * live as long as the state.  The incremental collector went through
     * those at every cycle and reused memory its sweep freed long before,
     * cold in the cache; a young collection reuses it warm.  Measured: the
     * same instructions within 0.4 %, about 5 % less CPU for a batch
     * (docs/performance.md, change 54), the same peak memory.  Limits are
     * unaffected: the budget charges allocations, not collections, and the
     * memory cap counts what the state holds, garbage included, which a
     * young collection every 20 % of growth keeps closer to what is live
     * than an incremental cycle every 100 %. */
    lua_gc(sb->L, LUA_GCGEN, 0, 0);
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
    if (sb->wd_started) {
        pthread_mutex_lock(&sb->wd_lock);
        sb->wd_quit = 1;
        pthread_cond_signal(&sb->wd_cond);
        pthread_mutex_unlock(&sb->wd_lock);
        pthread_join(sb->wd_thread, NULL);
    }
    if (sb->L != NULL)
        lua_close(sb->L);
    pthread_mutex_destroy(&sb->wd_lock);
    pthread_cond_destroy(&sb->wd_cond);
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
    sandbox_utf8_clean(errbuf);          /* a rule's text, maybe cut mid-character */
}

int sandbox_load(struct sandbox *sb, const char *text, size_t len, const char *chunkname,
                 char *errbuf, size_t errsize)
{
    lua_State *L = sb->L;
    /* The shipped rule files were compiled at build time: the same text
     * under the same name loads its bytecode, from this binary only
     * (rule_bytecode.h); should that fail (a Lua library of another
     * bytecode format), the text is compiled as for any other file. */
    const struct rule_bytecode *built = rule_bytecode_find(chunkname, text, len);
    if (built != NULL) {
        if (luaL_loadbufferx(L, built->code, built->code_len, chunkname, "b") == LUA_OK)
            goto loaded;
        lua_pop(L, 1);
    }
    if (luaL_loadbufferx(L, text, len, chunkname, "t") != LUA_OK) {
        copy_message(L, errbuf, errsize);
        lua_pop(L, 2);                   /* message and environment */
        return -1;
    }
loaded:
    lua_insert(L, -2);                   /* function below environment */
    if (lua_setupvalue(L, -2, 1) == NULL) /* _ENV := environment (pops it) */
        lua_pop(L, 1);
    return 0;
}

/* Message handler: keep the error's text (with its file:line), as a string. */
static int message_handler(lua_State *L)
{
    /* A limit is reported by its own message, and a run stopped to be run
     * again counted reports nothing: nothing to make. */
    if (sandbox_of(L)->aborted != ABORT_NONE || lua_type(L, 1) == LUA_TSTRING)
        return 1;
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
        return 1;
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    return 1;
}

/*
 * Counting when it could matter.
 *
 * A count hook makes Lua call luaG_traceexec before every VM instruction,
 * not only every HOOK_STEP (ldebug.c): 6.6 % of a batch's instructions.  A
 * call whose budget B is large therefore runs first uncounted, with no hook,
 * and its result is kept only when the counted run could not have ended
 * otherwise:
 *  - it took less than B / 2 / VM_INSTRUCTIONS_PER_NS_MAX ns of wall time
 *    (its window; 1 ms for the default budget), so it ran fewer than B / 2
 *    VM instructions: no machine runs Lua's VM at 10 instructions a
 *    nanosecond (this one runs 0.3 to 0.6), and wall time is at least the
 *    CPU time it measures;
 *  - the work done in C that the budget charges (charge(), sandbox_alloc)
 *    stayed under the other half of B.
 * Within both, the counted run would have run the same instructions and
 * charges, under B, to the same end: the same results, the same error, the
 * memory cap hit at the same allocation (but for the few hundred bytes of
 * Lua stack that calling a hook may add: luaD_hook checks the stack).
 * Otherwise (too long, too much charged, or stopped by the watchdog at
 * recount_at because it ran on) the call runs again from its start,
 * counted, and that run's result is the call's: a loop is stopped at the
 * same instruction on every machine, as before.  Calls inside a counted
 * call are counted too, so that the outer budget sees all their
 * instructions.  Only calls whose caller says they may run twice
 * (sandbox_call_rerunnable: eval's calls of rules' functions) run
 * uncounted.  What a second run can see of the first: what a rule kept in
 * its upvalues (docs/writing-rules.md asks rules not to keep state between
 * calls), and a plugin function called twice with the same arguments
 * (docs/writing-plugins.md: a function called from a rule changes nothing
 * that a later call reads).  A call whose budget is too small for a useful
 * window (UNCOUNTED_WINDOW_MIN_NS), or with no watchdog, is counted at once.
 *
 * The window, in ns, of a call with these limits in `sb`; 0: count it.
 */
static long long uncounted_window(struct sandbox *sb, const struct sandbox_limits *limits)
{
    if (sb->counting > 0 || sb->count_always || limits->instructions == LONG_MAX)
        return 0;
    long long window = (long long)(limits->instructions / 2 / VM_INSTRUCTIONS_PER_NS_MAX);
    if (window < UNCOUNTED_WINDOW_MIN_NS || watchdog_start(sb) != 0)
        return 0;
    return window;
}

enum { CALL_RUN_AGAIN = -2 };

/*
 * One run of sandbox_call's call: counted when `window` is 0, else
 * uncounted, returning CALL_RUN_AGAIN (nothing pushed, the function and
 * arguments consumed) when its result cannot be kept.  A budget of LONG_MAX
 * (eval's call for a dossier, which runs the rules' calls) is no limit:
 * that call is never counted.
 */
static int run_call(struct sandbox *sb, int nargs, int nresults,
                    const struct sandbox_limits *limits, long long window,
                    char *errbuf, size_t errsize)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;    /* the function's slot */
    int counted = window == 0 && limits->instructions != LONG_MAX;
    /* Calls nest (eval runs each rule inside one call for the dossier): the
     * outer call's limits come back afterwards, charged with the inner work. */
    long outer_budget = sb->budget;
    size_t outer_limit = sb->limit;
    enum abort_reason outer_aborted = sb->aborted, outer_over_budget = sb->over_budget;
    long long outer_deadline = sb->deadline_ns, outer_recount_at = sb->recount_at;
    /* The clock only for a deadline or a window: not for eval's call for a
     * dossier, which has neither. */
    long long start = window != 0 || limits->milliseconds > 0 ? now_ns() : 0;
    long long deadline = limits->milliseconds > 0 ? start + limits->milliseconds * 1000000LL : 0;
    if (outer_deadline != 0 && (deadline == 0 || outer_deadline < deadline))
        deadline = outer_deadline;
    long long recount_at = 0;
    if (window != 0)
        recount_at = start + (window > RECOUNT_WAKE_NS ? window : RECOUNT_WAKE_NS);
    lua_Hook outer_hook = lua_gethook(L);
    int outer_mask = lua_gethookmask(L), outer_count = lua_gethookcount(L);
    size_t limit = limits->memory < STATE_MEMORY_MAX - sb->used ? sb->used + limits->memory
                                                                : STATE_MEMORY_MAX;
    /* Uncounted, the budget is the half of B left for the charges. */
    long budget = window != 0 ? limits->instructions - window * VM_INSTRUCTIONS_PER_NS_MAX
                              : limits->instructions;

    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    sb->aborted = ABORT_NONE;
    sb->over_budget = window != 0 ? ABORT_RECOUNT : ABORT_INSTRUCTIONS;
    sb->budget = budget;
    sb->deadline_ns = deadline;
    sb->recount_at = recount_at;
    sb->limit = limit < outer_limit ? limit : outer_limit;
    sb->depth++;
    sb->counting += counted;
    /* Without a thread the count hook still looks at the clock. */
    if (deadline != 0)
        (void)watchdog_start(sb);
    int outer_expired = atomic_load(&sb->expired);
    pthread_mutex_lock(&sb->wd_lock);
    watchdog_arm(sb, deadline, recount_at);
    atomic_store(&sb->expired, EXPIRED_NOT);
    lua_sethook(L, counted ? count_hook : NULL, counted ? LUA_MASKCOUNT : 0,
                counted ? HOOK_STEP : 0);
    pthread_mutex_unlock(&sb->wd_lock);
    int status = lua_pcall(L, nargs, nresults, base);
    pthread_mutex_lock(&sb->wd_lock);
    int fired = atomic_load(&sb->expired);
    watchdog_arm(sb, outer_deadline, outer_recount_at);
    atomic_store(&sb->expired, outer_expired);
    lua_sethook(L, outer_hook, outer_mask, outer_count);
    pthread_mutex_unlock(&sb->wd_lock);
    long long end = window != 0 || (status != LUA_OK && deadline != 0) ? now_ns() : 0;
    sb->counting -= counted;
    sb->depth--;
    long used = budget - (sb->budget > 0 ? sb->budget : 0);
    sb->budget = sb->depth > 0 ? outer_budget - used : outer_budget;
    sb->limit = outer_limit;
    sb->deadline_ns = outer_deadline;
    sb->recount_at = outer_recount_at;
    sb->over_budget = outer_over_budget;
    enum abort_reason aborted = sb->aborted;
    sb->aborted = outer_aborted;
    if (window != 0 && (aborted == ABORT_RECOUNT || fired == EXPIRED_RECOUNT ||
                        end - start >= window)) {
        lua_settop(L, base - 1);         /* the handler and the results or message */
        return CALL_RUN_AGAIN;
    }
    /* A plain error raised once the clock ran out (a plugin call that saw
     * the deadline and failed) is the time limit; a limit hit first stays. */
    if (status != LUA_OK && aborted == ABORT_NONE &&
        (fired != EXPIRED_NOT || (deadline != 0 && end > deadline)))
        aborted = ABORT_TIME;
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

int sandbox_call(struct sandbox *sb, int nargs, int nresults,
                 const struct sandbox_limits *limits, char *errbuf, size_t errsize)
{
    return run_call(sb, nargs, nresults, limits, 0, errbuf, errsize);
}

int sandbox_call_rerunnable(struct sandbox *sb, int nargs, int nresults,
                            const struct sandbox_limits *limits, char *errbuf, size_t errsize)
{
    lua_State *L = sb->L;
    long long window = uncounted_window(sb, limits);
    if (window == 0)
        return run_call(sb, nargs, nresults, limits, 0, errbuf, errsize);
    /* Keep the function and its arguments for a second run. */
    int base = lua_gettop(L) - nargs;
    for (int i = 0; i <= nargs; i++)
        lua_pushvalue(L, base + i);
    int rc = run_call(sb, nargs, nresults, limits, window, errbuf, errsize);
    if (rc != CALL_RUN_AGAIN) {
        lua_rotate(L, base, -(nargs + 1));   /* the copies above the results */
        lua_pop(L, nargs + 1);
        return rc;
    }
    sb->recounts++;
    return run_call(sb, nargs, nresults, limits, 0, errbuf, errsize);
}

void sandbox_count_always(struct sandbox *sb, int always)
{
    sb->count_always = always;
}

unsigned long sandbox_recounts(const struct sandbox *sb)
{
    return sb->recounts;
}
