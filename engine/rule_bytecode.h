/*
 * rule_bytecode.h - the shipped rulebook's Lua files, compiled at build time.
 *
 * Compiling the rule files was about a fifth of a cold `admit check`
 * (docs/performance.md).  The Makefile runs engine/gen/rule_bytecode_gen.c
 * over the .lua files of rules/ and rules/lib/ in the source tree: for each file it
 * stores the exact text, its chunk name ("@age.lua", "@lib/votes.lua") and
 * the bytecode Lua compiles from that text under that name (debug
 * information kept, so messages and line numbers are the same).  The table
 * is compiled into admit itself.
 *
 * sandbox_load uses an entry only when the chunk name and every byte of the
 * text it was given equal the entry's: the function it loads is then the one
 * compiling that text would give.  Bytecode is never read from a file or
 * from a user; any other text (an edited rule, another rulebook, a profile)
 * is compiled as before.
 */
#ifndef ADMIT_RULE_BYTECODE_H
#define ADMIT_RULE_BYTECODE_H

#include <stddef.h>

struct rule_bytecode {
    const char *chunkname;
    const char *text;            /* the source, exactly as it was compiled */
    size_t text_len;
    const char *code;            /* lua_dump of luaL_loadbufferx(text, chunkname, "t") */
    size_t code_len;
};

/* The generated table (build/gen/rule_bytecode_table.c). */
extern const struct rule_bytecode rule_bytecode_table[];
extern const size_t rule_bytecode_count;

/* The entry compiled from exactly `len` bytes at `text` under `chunkname`,
 * or NULL. */
const struct rule_bytecode *rule_bytecode_find(const char *chunkname, const char *text, size_t len);

#endif
