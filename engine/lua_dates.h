/*
 * lua_dates.h - the `dates` module of rules: engine/date.c for Lua.
 *
 * Dates are day numbers (integers).  Functions raise a Lua error for a
 * wrong argument, naming the function and the argument.
 */
#ifndef ADMIT_LUA_DATES_H
#define ADMIT_LUA_DATES_H

#include <lua.h>

/* Push the (unprotected) module table.  [-0, +1] */
void lua_dates_push(lua_State *L);

#endif
