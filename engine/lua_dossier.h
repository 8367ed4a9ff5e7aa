/*
 * lua_dossier.h - the dossier as rules see it: a read-only view of the
 * validated JSON tree, built lazily.
 *
 * Rules index it like tables (d.candidate.birth_date, d.introducers[1],
 * #d.opinions, ipairs, pairs).  Nothing is copied up front: a proxy is made
 * for an object or array when a rule first reaches it and is cached in its
 * parent, so a rule pays only for what it reads.  Dates come as day numbers
 * (parsed once by the validator), JSON null as nil, and an absent or null
 * array as an empty array (dossier.md: "An absent array is an empty array").
 */
#ifndef ADMIT_LUA_DOSSIER_H
#define ADMIT_LUA_DOSSIER_H

#include <stddef.h>

#include <cjson/cJSON.h>
#include <lua.h>

/*
 * Register the proxy metatable in L and remember which property names are
 * arrays: the `array_key_count` names of `array_keys` (the dossier schema's,
 * schema_arrays.h; copied into L).  Call once per state, in protected mode.
 */
void lua_dossier_setup(lua_State *L, const char *const *array_keys, size_t array_key_count);

/*
 * Push a proxy of `root`, which must live until the next push.  Proxies of
 * earlier pushes (a rule may keep one in its globals) are out of date: using
 * one raises an error instead of reading a dossier that may be gone.
 * [-0, +1]
 */
void lua_dossier_push(lua_State *L, const cJSON *root);

/*
 * Push the `ipairs` rules are given (after lua_dossier_setup): Lua's, whose
 * iterator reads a dossier array's items without a call of its __index
 * metamethod for each.  It gives what Lua's gives for every value.
 * [-0, +1]
 */
void lua_dossier_push_ipairs(lua_State *L);

/*
 * If the value at `index` is a dossier proxy, return its node, else NULL.
 * (Lets the engine turn a proxy placed in a rule's facts into JSON.)
 */
const cJSON *lua_dossier_node(lua_State *L, int index);

#endif
