/*
 * plugin_lua.h - plugin functions as seen from rules: `plugins.NAME.FN(...)`.
 *
 * The bridge between Lua values and the plugin ABI's `struct admit_value`.
 * Plugins never see Lua; rules never see C pointers.
 */
#ifndef ADMIT_PLUGIN_LUA_H
#define ADMIT_PLUGIN_LUA_H

#include <lua.h>

#include "plugin.h"

/*
 * Where the evaluator puts the `struct plugin_call_env` of the rule being
 * evaluated (plugin_lua_set_env): one per Lua state, made by
 * plugin_lua_push and valid as long as the state.  A plugin function called
 * while it holds none raises an error.
 */
struct plugin_lua_env;

/*
 * Push a table { [plugin name] = { [function name] = function } } of every
 * function in `set`.  The table and its inner tables are read-only: an
 * assignment raises an error and getmetatable() gives "locked".  pairs()
 * lists their contents.
 *
 * Calling plugins.NAME.FN(...) converts each argument (nil, boolean,
 * integer, float or string; anything else is an error naming the argument),
 * calls the function with the environment the returned place holds and returns
 * its one result, or raises "plugins.NAME.FN: message" when it fails.
 *
 * The functions point into `set`: it must outlive every use of them.
 * Stack: [-0, +1].  It allocates, so it may raise a memory error: call it
 * once per state, from a protected function.
 */
struct plugin_lua_env *plugin_lua_push(lua_State *L, const struct plugin_set *set);

/*
 * Set (or, with NULL, clear) the environment of the next plugin calls of
 * the state `where` belongs to.  `env` must stay valid while it is set.  A
 * plain store: it touches no Lua value, and neither allocates nor raises
 * (the evaluator sets it twice for every rule).
 */
void plugin_lua_set_env(struct plugin_lua_env *where, const struct plugin_call_env *env);

#endif
