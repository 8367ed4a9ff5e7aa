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
 * The registry field holding the `struct plugin_call_env *` (a light
 * userdata) of the rule being evaluated.  The evaluator sets it before each
 * rule (plugin_lua_set_env); a plugin function called while it is absent or
 * NULL raises an error.
 */
#define PLUGIN_LUA_ENV_KEY "admit.plugin_env"

/*
 * Push a table { [plugin name] = { [function name] = function } } of every
 * function in `set`.  The table and its inner tables are read-only: an
 * assignment raises an error and getmetatable() gives "locked".  pairs()
 * lists their contents.
 *
 * Calling plugins.NAME.FN(...) converts each argument (nil, boolean,
 * integer, float or string; anything else is an error naming the argument),
 * calls the function with the environment of PLUGIN_LUA_ENV_KEY and returns
 * its one result, or raises "plugins.NAME.FN: message" when it fails.
 *
 * The functions point into `set`: it must outlive every use of them.
 * Stack: [-0, +1].  It allocates, so it may raise a memory error: call it
 * from a protected function.
 */
void plugin_lua_push(lua_State *L, const struct plugin_set *set);

/*
 * Set (or, with NULL, clear) the environment of the next plugin calls:
 * stores `env` under PLUGIN_LUA_ENV_KEY.  `env` must stay valid while it is
 * set.  Stack: [-0, +0].  Once plugin_lua_push has run on L the field
 * exists, and this does not allocate nor raise.
 */
void plugin_lua_set_env(lua_State *L, const struct plugin_call_env *env);

#endif
