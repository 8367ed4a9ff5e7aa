/*
 * sandbox.h - a Lua state in which untrusted rule code can run.
 *
 * The state has only the safe parts of the standard library (design.md,
 * "Lua sandbox"): base without load/dofile/loadfile/print/rawset and with
 * collectgarbage("count") only, string without dump and with guarded
 * pattern functions and rep, table, math without random, utf8.  The library
 * tables are read-only and shared; each rule file gets its own global
 * environment on top of them.  Source is loaded as text only.
 *
 * Calls into the sandbox run under an instruction budget, a memory cap and
 * a wall clock; exceeding one ends the call with an error that a rule cannot
 * catch (pcall inside the sandbox re-raises it).  Work done in C that the
 * count hook cannot see is charged to the budget before it runs: bytes
 * allocated, the estimated steps of pattern functions, the elements
 * table.sort/concat/insert/remove/move/unpack walk, the bytes string.byte,
 * utf8.* and tonumber scan.  The clock is a watchdog thread per sandbox that
 * makes the next VM instruction raise once the deadline passes (see
 * sandbox.c); nothing is shared between sandboxes, which may run on
 * different threads (one thread per sandbox at a time).  setmetatable
 * refuses a metatable with __gc (a finalizer would run outside the call and
 * its limits).
 */
#ifndef ADMIT_SANDBOX_H
#define ADMIT_SANDBOX_H

#include <stddef.h>

#include <lua.h>

#include "status.h"

struct sandbox_limits {
    long instructions;      /* VM instructions per call */
    size_t memory;          /* bytes a call may allocate beyond what the state holds */
    long milliseconds;      /* wall-clock backstop per call; 0: none */
};

/*
 * Defaults: 20 million instructions (well under a second), 32 MiB, and a
 * 2-second backstop.  The instruction budget is what limits rules, the same
 * on every machine; the clock only catches work whose cost neither the
 * count hook nor the charges on C functions see (comparing huge strings),
 * and ends such a call with an error, never with a verdict.
 */
extern const struct sandbox_limits sandbox_default_limits;

struct sandbox;

/* A new sandbox.  Returns NULL when out of memory.  Free with sandbox_free. */
struct sandbox *sandbox_new(void);

void sandbox_free(struct sandbox *sb);

/* The Lua state (owned by the sandbox). */
lua_State *sandbox_state(struct sandbox *sb);

/* The sandbox that owns `L`. */
struct sandbox *sandbox_of(lua_State *L);

/*
 * Push a new global environment for one rule file: a table whose reads fall
 * back to the safe globals.  [-0, +1]
 */
void sandbox_push_env(struct sandbox *sb);

/*
 * Add a read-only global visible to every environment (e.g. "dates").
 * Pops the value.  [-1, +0]
 */
void sandbox_set_global(struct sandbox *sb, const char *name);

/*
 * Make the table at the top of the stack read-only: it is replaced by a proxy
 * whose writes raise an error and whose metatable is hidden.  [-1, +1]
 */
void sandbox_protect_table(lua_State *L);

/*
 * Load `len` bytes of Lua source (text only: bytecode is refused) named
 * `chunkname` ("@rules/age.lua"), with the table at the top of the stack as
 * its environment.  When the name and text are exactly those of a shipped
 * rule file, the bytecode compiled from that text at build time is loaded
 * from the binary instead (rule_bytecode.h): the same function, faster.  Pops the environment and pushes the function on success.
 * Returns 0, or -1 with a message in `errbuf`.  [-1, +0|+1]
 */
int sandbox_load(struct sandbox *sb, const char *text, size_t len, const char *chunkname,
                 char *errbuf, size_t errsize);

/*
 * Call the function below `nargs` arguments at the top of the stack, as
 * lua_pcall with `nresults`, under `limits`.  Calls may nest (a C function
 * running in a call may call again): the inner call gets its own budget and
 * at most the outer call's memory, and the outer call is charged with what
 * the inner one used.  Returns 0 with the results pushed, or -1 with nothing
 * pushed and a one-line message in `errbuf` that says what happened
 * ("instruction budget of 20000000 exceeded", "memory cap of 32768 KiB
 * exceeded", or the error raised with its file:line).
 */
int sandbox_call(struct sandbox *sb, int nargs, int nresults,
                 const struct sandbox_limits *limits, char *errbuf, size_t errsize);

/*
 * As sandbox_call, for a call that may run twice: the caller promises that
 * it changes nothing outside the Lua state that a second run from its start
 * would see (eval's calls of rules' functions).  When its budget is large
 * it runs first without the count hook, and again counted when that run's
 * result cannot be kept (sandbox.c, "Counting when it could matter"): the
 * result is the counted run's in every case, only cheaper.
 * sandbox_count_always(sb, 1) counts every call from the start (the tests
 * compare both ways); sandbox_recounts says how many calls ran twice.
 */
int sandbox_call_rerunnable(struct sandbox *sb, int nargs, int nresults,
                            const struct sandbox_limits *limits, char *errbuf, size_t errsize);
void sandbox_count_always(struct sandbox *sb, int always);
unsigned long sandbox_recounts(const struct sandbox *sb);

/*
 * Make the value at the top of the stack deeply read-only (modules returned
 * by require): a table is replaced by a proxy whose reads give proxies of
 * its nested tables, whose writes raise, whose metatable is hidden, and
 * that supports # and pairs (not next or rawget).  The same table always
 * gives the same proxy.  Other values stay as they are.  [-1, +1]
 */
void sandbox_protect_deep(lua_State *L);

/* When the value at `index` is such a proxy, push the table behind it and
 * return 1; else push nothing and return 0.  Raw: runs no metamethod. */
int sandbox_push_deep_real(lua_State *L, int index);

/*
 * 1 once the wall-clock deadline of the current call has passed (or the
 * watchdog fired); 0 outside calls with a deadline.  For C code that runs
 * long inside a call (plugin calls poll it).  Only from the thread that
 * runs the call.
 */
int sandbox_expired(struct sandbox *sb);

/* Milliseconds left before the current call's deadline; -1: no deadline. */
long sandbox_time_left_ms(struct sandbox *sb);

/* The offset of the first byte of s[0..len) that is not well-formed UTF-8
 * (overlong forms and surrogates are not), or len. */
size_t sandbox_utf8_invalid_at(const char *s, size_t len);

/* Replace each byte of the string that is not well-formed UTF-8 by '?'. */
void sandbox_utf8_clean(char *s);

/* Bytes the state holds now. */
size_t sandbox_memory(const struct sandbox *sb);

#endif
