/*
 * lua_ctx.h - `ctx`, the evaluation context a rule's check receives, and the
 * outcomes it builds (docs/writing-rules.md).
 *
 * One ctx per Lua state, read-only to rules; the engine sets its fields
 * before each call.  Outcomes are tables carrying a private metatable, so a
 * check cannot return something that merely looks like one.
 */
#ifndef ADMIT_LUA_CTX_H
#define ADMIT_LUA_CTX_H

#include <stddef.h>

#include <lua.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "outcome.h"
#include "rulebook.h"

struct lua_ctx_fields {
    const char *rule;
    int rule_ref;              /* `rule` as a Lua string in the registry, or LUA_NOREF */
    const char *procedure;     /* "admission" | "recognition" */
    admit_day as_of, main_anchor, anchor;
    int edition;               /* edition index, -1 when none */
    admit_day guidance_day;    /* the day the guidance in force is read for */
    const cJSON *params;       /* parameter values that win over the rulebook's
                                  (an object name -> value; NULL: none) */
    char *const *declared;     /* the parameters the rule declared; only these
                                  can be read (so `admit rules show` is complete) */
    size_t declared_count;
};

/* ctx in one Lua state: made by lua_ctx_setup, valid as long as the state. */
struct lua_ctx;

/*
 * Create ctx in L and return it.  `rb` gives editions and parameters and
 * must outlive L.  Call once per state, in protected mode.
 */
struct lua_ctx *lua_ctx_setup(lua_State *L, const struct rulebook *rb);

/* Set the fields the next call sees.  [-0, +0] */
void lua_ctx_set(struct lua_ctx *ctx, const struct lua_ctx_fields *fields);

/* Push ctx on its state's stack.  [-0, +1] */
void lua_ctx_push(struct lua_ctx *ctx);

/*
 * Whether the facts of an outcome with this status and code will be shown:
 * when not, they are checked as ever (facts a rule cannot report make its
 * outcome an error, shown or not) but not built (a brief result, which
 * shows no facts for what passes: eval_options.brief).
 */
typedef int (*lua_ctx_facts_shown)(void *arg, enum rule_status status, const char *code);

/*
 * Turn the value at `index` of ctx's state into `out` (already initialised).
 * Returns 0, or -1 with a message in errbuf when the value is not an outcome built by ctx
 * or its facts cannot be represented.  Does not check the code.  `shown`
 * (may be NULL: always) says whether the facts are built; when not,
 * out->facts stays as it was (none).
 */
int lua_ctx_read_outcome(struct lua_ctx *ctx, int index, struct outcome *out,
                         lua_ctx_facts_shown shown, void *shown_arg, char *errbuf, size_t errsize);

/* 1 when a fact with this key holds a date (the naming convention). */
int lua_ctx_is_date_key(const char *key);

#endif
