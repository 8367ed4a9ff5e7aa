/*
 * test_rule_bytecode.c - the shipped rule files' build-time bytecode
 * (engine/rule_bytecode.h) is what compiling their text gives, is used only
 * for exactly that text under that name, and loads through the sandbox to a
 * function that behaves like the compiled text.
 *
 * Run from the repository root (rules/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "rule_bytecode.h"
#include "sandbox.h"
#include "support.h"

struct buf {
    char *data;
    size_t len;
};

static int writer(lua_State *L, const void *p, size_t n, void *ud)
{
    (void)L;
    struct buf *b = ud;
    char *d = realloc(b->data, b->len + n);
    if (d == NULL)
        return 1;
    memcpy(d + b->len, p, n);
    b->data = d;
    b->len += n;
    return 0;
}

static size_t count_lua(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0)
            n++;
    }
    closedir(d);
    return n;
}

/* Every rule file and library of rules/ is in the table, with its text as it
 * is on disk now (make rebuilds the table when a file changes). */
static void test_table_covers_rules(void **state)
{
    (void)state;
    char path[1024];
    assert_int_equal(rule_bytecode_count, count_lua("rules") + count_lua("rules/lib"));
    assert_true(rule_bytecode_count >= 20);
    for (size_t i = 0; i < rule_bytecode_count; i++) {
        const struct rule_bytecode *e = &rule_bytecode_table[i];
        assert_int_equal(e->chunkname[0], '@');
        snprintf(path, sizeof path, "rules/%s", e->chunkname + 1);
        char *text = support_read_file(path, 1u << 24);
        assert_int_equal(strlen(text), e->text_len);
        assert_memory_equal(text, e->text, e->text_len);
        free(text);
    }
}

/* The bytecode is exactly what this process's Lua compiles from the text
 * under that chunk name. */
static void test_code_is_compiled_text(void **state)
{
    (void)state;
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    for (size_t i = 0; i < rule_bytecode_count; i++) {
        const struct rule_bytecode *e = &rule_bytecode_table[i];
        struct buf code = {NULL, 0};
        assert_int_equal(luaL_loadbufferx(L, e->text, e->text_len, e->chunkname, "t"), LUA_OK);
        assert_int_equal(lua_dump(L, writer, &code, 0), 0);
        lua_pop(L, 1);
        if (code.len != e->code_len || memcmp(code.data, e->code, code.len) != 0)
            fail_msg("%s: the built bytecode differs from compiling its text", e->chunkname);
        free(code.data);
    }
    lua_close(L);
}

/* Found only for the same name and every byte of the same text. */
static void test_find_exact(void **state)
{
    (void)state;
    const struct rule_bytecode *e = &rule_bytecode_table[0];
    assert_ptr_equal(rule_bytecode_find(e->chunkname, e->text, e->text_len), e);
    char *copy = malloc(e->text_len);
    assert_non_null(copy);
    memcpy(copy, e->text, e->text_len);
    assert_ptr_equal(rule_bytecode_find(e->chunkname, copy, e->text_len), e);
    copy[e->text_len / 2] ^= 1;
    assert_null(rule_bytecode_find(e->chunkname, copy, e->text_len));
    copy[e->text_len / 2] ^= 1;
    assert_null(rule_bytecode_find(e->chunkname, copy, e->text_len - 1));
    assert_null(rule_bytecode_find("@other.lua", copy, e->text_len));
    assert_null(rule_bytecode_find("=test", "return 1", 8));
    free(copy);
}

/* Through the sandbox, the shipped text loads (from its bytecode) into a
 * function whose errors name the file and line like the compiled text's. */
static void test_sandbox_loads_shipped_text(void **state)
{
    (void)state;
    char err[512];
    struct sandbox *sb = sandbox_new();
    assert_non_null(sb);
    lua_State *L = sandbox_state(sb);
    /* lib/votes.lua is a library: it returns a table of functions */
    const struct rule_bytecode *lib = NULL;
    for (size_t i = 0; i < rule_bytecode_count && lib == NULL; i++)
        if (strncmp(rule_bytecode_table[i].chunkname, "@lib/", 5) == 0)
            lib = &rule_bytecode_table[i];
    assert_non_null(lib);
    sandbox_push_env(sb);
    assert_int_equal(sandbox_load(sb, lib->text, lib->text_len, lib->chunkname, err, sizeof err), 0);
    assert_int_equal(lua_type(L, -1), LUA_TFUNCTION);
    lua_Debug ar;
    lua_pushvalue(L, -1);
    assert_true(lua_getinfo(L, ">S", &ar));
    assert_string_equal(ar.source, lib->chunkname);   /* debug information kept */
    assert_true(ar.lastlinedefined == 0);             /* the main chunk */
    lua_pop(L, 1);
    sandbox_free(sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_covers_rules),
        cmocka_unit_test(test_code_is_compiled_text),
        cmocka_unit_test(test_find_exact),
        cmocka_unit_test(test_sandbox_loads_shipped_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
