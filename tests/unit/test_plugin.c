/*
 * test_plugin.c - the plugin host: what it refuses and why, and the good
 * path through plugin_call_function, plugin_run_check and the Lua bridge.
 *
 * The test plugins (tests/plugins/NAME.c) are built into $ADMIT_TEST_PLUGINS
 * (default build/tests/plugins).  Each test copies the ones it needs into a
 * fresh mkdtemp() directory, and creates there the files that are not
 * plugins at all (text, empty, symlink, directory, FIFO, foreign ELF).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "dossier.h"
#include "i18n.h"
#include "plugin.h"
#include "plugin_lua.h"
#include "schema.h"
#include "sha256.h"
#include "support.h"

/* -- fixture: one temporary plugin directory per test ------------------- */

struct fixture {
    char dir[64];
    struct plugin_set *set;
    struct admit_error err;
};

/* Lines given to host->log, for the tests of logging and unload order. */
static char log_lines[16][160];
static int log_count;

static void record_log(void *userdata, const char *plugin, int level, const char *line)
{
    (void)userdata;
    if (log_count < 16)
        snprintf(log_lines[log_count++], sizeof log_lines[0], "%s/%d: %s", plugin, level, line);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    if (support_temp_dir(fx->dir, sizeof fx->dir, "plugin") != 0) {
        free(fx);
        return -1;
    }
    i18n_set_lang(ADMIT_LANG_EN);
    log_count = 0;
    plugin_log_handler(record_log, NULL);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    plugin_set_free(fx->set);
    plugin_log_handler(NULL, NULL);
    support_remove_tree(fx->dir);
    free(fx);
    return 0;
}

/* Copy build/tests/plugins/FROM to DIR/TO. */
static void copy_plugin(const struct fixture *fx, const char *from, const char *to)
{
    char src[512], dst[512];
    support_path(src, sizeof src, support_test_plugins_dir(), from);
    support_path(dst, sizeof dst, fx->dir, to);
    if (support_copy_file(src, dst) != 0)
        fail_msg("cannot open %s: build the test plugins first (make %s)", src, src);
}

/* Write `len` bytes of `data` to DIR/name. */
static void write_file(const struct fixture *fx, const char *name, const void *data, size_t len)
{
    char path[512];
    support_write_file(support_path(path, sizeof path, fx->dir, name), data, len);
}

static enum admit_status load(struct fixture *fx)
{
    return support_load_plugins(fx->dir, &fx->set, &fx->err);
}

/* Loading must be refused with ADMIT_EPLUGIN, a message that quotes the
 * entry and contains `remedy`, and err.file naming the directory. */
static void assert_refused(struct fixture *fx, const char *entry, const char *remedy)
{
    char quoted[128];
    enum admit_status status = load(fx);
    if (status != ADMIT_EPLUGIN)
        fail_msg("%s: expected ADMIT_EPLUGIN, got %d: %s", entry, (int)status, fx->err.message);
    assert_null(fx->set);
    assert_int_equal(fx->err.status, ADMIT_EPLUGIN);
    assert_string_equal(fx->err.file, fx->dir);
    snprintf(quoted, sizeof quoted, "\"%s\"", entry);
    if (strstr(fx->err.message, quoted) == NULL || strstr(fx->err.message, remedy) == NULL)
        fail_msg("message does not name %s or say \"%s\": %s", quoted, remedy, fx->err.message);
}

/* -- what the loader refuses -------------------------------------------- */

static void test_text_file(void **state)
{
    struct fixture *fx = *state;
    static const char text[] = "this is not a plugin\n";
    write_file(fx, "notelf.so", text, sizeof text - 1);
    assert_refused(fx, "notelf.so",
                   "is not a shared object (ELF ET_DYN); remove it from the plugin directory "
                   "or rebuild it with -shared -fPIC");
}

static void test_empty_file(void **state)
{
    struct fixture *fx = *state;
    write_file(fx, "empty.so", "", 0);
    assert_refused(fx, "empty.so", "rebuild it with -shared -fPIC");
}

/* An ELF header of type ET_EXEC: a program, refused before dlopen. */
static void test_elf_executable(void **state)
{
    struct fixture *fx = *state;
    unsigned char h[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    h[16] = 2;      /* e_type ET_EXEC, little-endian */
    h[18] = 0x3e;   /* e_machine x86-64 */
    h[20] = 1;      /* e_version */
    write_file(fx, "exec.so", h, sizeof h);
    assert_refused(fx, "exec.so", "is not a shared object (ELF ET_DYN)");
}

static void test_elf_32bit(void **state)
{
    struct fixture *fx = *state;
    if (sizeof(void *) != 8)
        skip();
    unsigned char h[52] = {0x7f, 'E', 'L', 'F', 1, 1, 1};
    h[16] = 3;      /* e_type ET_DYN */
    h[18] = 3;      /* e_machine i386 */
    write_file(fx, "old32.so", h, sizeof h);
    assert_refused(fx, "old32.so", "was built for a 32-bit machine; this admit is 64-bit");
}

/* A real position-independent program passes the header check (it is
 * ET_DYN) and is refused by dlopen() or for lack of the entry symbol. */
static void test_program_copy(void **state)
{
    struct fixture *fx = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/true.so", fx->dir);
    if (support_copy_file("/bin/true", path) != 0)
        skip();
    assert_int_equal(load(fx), ADMIT_EPLUGIN);
    assert_non_null(strstr(fx->err.message, "\"true.so\""));
    assert_true(strstr(fx->err.message, "cannot be loaded") != NULL ||
                strstr(fx->err.message, "is not a shared object") != NULL ||
                strstr(fx->err.message, "does not define admit_plugin_init") != NULL);
}

static void test_symlink(void **state)
{
    struct fixture *fx = *state;
    char target[512], link[512];
    snprintf(target, sizeof target, "%s/good.so", support_test_plugins_dir());
    snprintf(link, sizeof link, "%s/link.so", fx->dir);
    assert_int_equal(symlink(target, link), 0);
    assert_refused(fx, "link.so",
                   "is a symbolic link; the plugin directory takes regular files only: "
                   "copy the plugin file itself there");
}

static void test_directory(void **state)
{
    struct fixture *fx = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/dir.so", fx->dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_refused(fx, "dir.so", "is a directory, not a plugin file; remove or rename it");
}

static void test_fifo(void **state)
{
    struct fixture *fx = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/fifo.so", fx->dir);
    assert_int_equal(mkfifo(path, 0644), 0);
    assert_refused(fx, "fifo.so", "is not a regular file; remove it from the plugin directory");
}

static void test_unreadable(void **state)
{
    struct fixture *fx = *state;
    if (geteuid() == 0)
        skip();  /* root reads anything */
    copy_plugin(fx, "good.so", "locked.so");
    char path[512];
    snprintf(path, sizeof path, "%s/locked.so", fx->dir);
    assert_int_equal(chmod(path, 0), 0);
    assert_refused(fx, "locked.so", "make it readable by this user");
}

static void test_no_entry(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "noentry.so", "noentry.so");
    assert_refused(fx, "noentry.so",
                   "does not define admit_plugin_init, so it is not an admit plugin; remove it "
                   "from the plugin directory or define admit_plugin_init");
}

static void test_bad_abi(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "badabi.so", "badabi.so");
    assert_refused(fx, "badabi.so",
                   "was built for plugin ABI 2; this admit implements ABI 1: rebuild the plugin "
                   "against this admit's plugins/admit_plugin.h");
}

static void test_no_abi(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "noabi.so", "noabi.so");
    assert_refused(fx, "noabi.so",
                   "does not declare its plugin ABI (info->abi_version is 0); set it to "
                   "ADMIT_PLUGIN_ABI_VERSION");
}

static void test_init_fails(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "initfail.so", "initfail.so");
    assert_refused(fx, "initfail.so",
                   "failed to start: cannot open /nonexistent/members.db: no such file; fix what "
                   "the plugin reports or remove it from the plugin directory");
}

static void test_bad_name(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "badname.so", "badname.so");
    assert_refused(fx, "badname.so",
                   "gives the invalid name \"Bad-Name\"; a plugin name must match [a-z][a-z0-9_]*");
    assert_non_null(strstr(fx->err.message, "fix info->name and rebuild"));
}

static void test_duplicate_name(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "good.so", "good.so");
    copy_plugin(fx, "dupname.so", "dupname.so");
    /* dupname.so comes first in name order, so good.so is the second "good". */
    assert_refused(fx, "good.so",
                   "has the same name \"good\" as \"dupname.so\", already loaded; remove one of "
                   "them from the plugin directory");
}

/* A failed registration refuses the plugin even when init returns 0. */
static void test_bad_registration(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "badreg.so", "badreg.so");
    assert_refused(fx, "badreg.so",
                   "made a bad registration: function name \"not-a-name\" is not a Lua name");
}

static void test_duplicate_check(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "good.so", "good.so");
    copy_plugin(fx, "dupcheck.so", "dupcheck.so");
    assert_refused(fx, "good.so",
                   "check \"test.plugin_check\" is already registered by plugin \"dupcheck\"");
}

/* One refused file unloads the plugins loaded before it (shutdown first). */
static void test_all_or_nothing(void **state)
{
    struct fixture *fx = *state;
    static const char text[] = "#!/bin/sh\n";
    copy_plugin(fx, "good.so", "good.so");
    write_file(fx, "zz.so", text, sizeof text - 1);
    assert_refused(fx, "zz.so", "is not a shared object");
    assert_int_equal(log_count, 2);
    assert_string_equal(log_lines[0], "good.so/0: good ready with 9 functions");
    assert_string_equal(log_lines[1], "good/0: good shutdown");
}

static void test_message_in_vietnamese(void **state)
{
    struct fixture *fx = *state;
    i18n_set_lang(ADMIT_LANG_VI);
    copy_plugin(fx, "badabi.so", "badabi.so");
    assert_refused(fx, "badabi.so",
                   "được biên dịch cho ABI plugin 2; admit này dùng ABI 1: hãy biên dịch lại plugin");
}

static void test_missing_directory(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/none", fx->dir);
    assert_int_equal(plugin_set_load_dir(path, &fx->set, &fx->err), ADMIT_EIO);
    assert_null(fx->set);
    assert_string_equal(fx->err.file, path);
    assert_non_null(strstr(fx->err.message, "the plugin directory cannot be read"));
    assert_non_null(strstr(fx->err.message, "check --plugins"));

    /* The default directory may be absent. */
    assert_int_equal(plugin_set_load_default(path, &fx->set, &fx->err), ADMIT_OK);
    assert_non_null(fx->set);
    assert_int_equal(plugin_set_count(fx->set), 0);
}

/* -- what it loads ------------------------------------------------------ */

static void test_empty_and_ignored(void **state)
{
    struct fixture *fx = *state;
    static const char text[] = "not a plugin\n";
    write_file(fx, ".hidden.so", text, sizeof text - 1);  /* dot file */
    write_file(fx, "README", text, sizeof text - 1);
    write_file(fx, "good.so.1", text, sizeof text - 1);
    write_file(fx, "x.c", text, sizeof text - 1);
    assert_int_equal(load(fx), ADMIT_OK);
    assert_int_equal(plugin_set_count(fx->set), 0);
    assert_int_equal(plugin_set_function_count(fx->set), 0);
    assert_int_equal(plugin_set_check_count(fx->set), 0);

    struct plugin_set *empty = NULL;
    assert_int_equal(plugin_set_empty(&empty, NULL), ADMIT_OK);
    assert_int_equal(plugin_set_count(empty), 0);
    plugin_set_free(empty);
    plugin_set_free(NULL);
}

static void test_good_plugin(void **state)
{
    struct fixture *fx = *state;
    char path[512], hex[SHA256_HEX_SIZE];
    copy_plugin(fx, "good.so", "good.so");
    enum admit_status status = load(fx);
    if (status != ADMIT_OK)
        fail_msg("load: %s", fx->err.message);
    assert_int_equal(plugin_set_count(fx->set), 1);
    assert_string_equal(plugin_set_name(fx->set, 0), "good");
    assert_string_equal(plugin_set_version(fx->set, 0), "1.2.3");
    snprintf(path, sizeof path, "%s/good.so", fx->dir);
    assert_string_equal(plugin_set_path(fx->set, 0), path);
    assert_int_equal(sha256_file(path, hex, NULL), ADMIT_OK);
    assert_string_equal(plugin_set_sha256(fx->set, 0), hex);

    assert_int_equal(plugin_set_function_count(fx->set), 9);
    const struct plugin_function *add = plugin_set_function(fx->set, 0);
    assert_string_equal(add->plugin, "good");
    assert_string_equal(add->name, "add");
    assert_int_equal(add->pure, 1);
    assert_ptr_equal(plugin_set_find_function(fx->set, "good", "add"), add);
    assert_int_equal(plugin_set_find_function(fx->set, "good", "fail")->pure, 0);
    assert_null(plugin_set_find_function(fx->set, "good", "nope"));
    assert_null(plugin_set_find_function(fx->set, "other", "add"));

    assert_int_equal(plugin_set_check_count(fx->set), 3);
    const struct plugin_check *c = plugin_set_find_check(fx->set, "test.plugin_check");
    assert_non_null(c);
    assert_ptr_equal(c, plugin_set_check(fx->set, 0));
    assert_string_equal(c->plugin, "good");
    assert_string_equal(c->severity, "eligibility");
    assert_string_equal(c->procedures, "admission");
    assert_string_equal(c->codes, "ok,no_birth_date,too_few_introducers");
    assert_string_equal(c->cite, "Test rule 1.1");
    assert_string_equal(plugin_set_find_check(fx->set, "test.no_outcome")->procedures,
                        "admission,recognition");
    assert_null(plugin_set_find_check(fx->set, "test.nope"));

    /* Logged during init under its file name (no accepted name yet). */
    assert_int_equal(log_count, 1);
    assert_string_equal(log_lines[0], "good.so/0: good ready with 9 functions");
}

/* Name order in, reverse order out; functions in load order. */
static void test_order(void **state)
{
    struct fixture *fx = *state;
    copy_plugin(fx, "other.so", "b-other.so");
    copy_plugin(fx, "minimal.so", "c-minimal.so");
    copy_plugin(fx, "good.so", "a-good.so");
    assert_int_equal(load(fx), ADMIT_OK);
    assert_int_equal(plugin_set_count(fx->set), 3);
    assert_string_equal(plugin_set_name(fx->set, 0), "good");
    assert_string_equal(plugin_set_name(fx->set, 1), "other");
    assert_string_equal(plugin_set_name(fx->set, 2), "minimal");
    assert_int_equal(plugin_set_function_count(fx->set), 11);
    assert_string_equal(plugin_set_function(fx->set, 9)->name, "twice");
    assert_string_equal(plugin_set_function(fx->set, 9)->plugin, "other");
    assert_string_equal(plugin_set_function(fx->set, 10)->name, "days_between");

    log_count = 0;
    plugin_set_free(fx->set);
    fx->set = NULL;
    assert_int_equal(log_count, 2);
    assert_string_equal(log_lines[0], "other/0: other shutdown");
    assert_string_equal(log_lines[1], "good/0: good shutdown");
}

/* -- calling functions -------------------------------------------------- */

static const struct plugin_function *load_good_function(struct fixture *fx, const char *name)
{
    copy_plugin(fx, "good.so", "good.so");
    if (load(fx) != ADMIT_OK)
        fail_msg("load: %s", fx->err.message);
    const struct plugin_function *f = plugin_set_find_function(fx->set, "good", name);
    assert_non_null(f);
    return f;
}

static struct admit_value int_value(int64_t i)
{
    struct admit_value v = {.type = ADMIT_VALUE_INT, .as.integer = i};
    return v;
}

static void test_call_function(void **state)
{
    struct fixture *fx = *state;
    const struct plugin_function *add = load_good_function(fx, "add");
    struct plugin_call_env env = {.as_of = 19000, .anchor = 19500, .edition = "2021"};
    struct admit_value argv[3] = {int_value(2), int_value(3)};
    struct admit_value ret;
    char *error = NULL;

    assert_int_equal(plugin_call_function(add, &env, 2, argv, &ret, &error), 0);
    assert_null(error);
    assert_int_equal(ret.type, ADMIT_VALUE_INT);
    assert_int_equal(ret.as.integer, 5);

    /* The plugin's own error, copied for the caller. */
    assert_int_equal(plugin_call_function(add, &env, 1, argv, &ret, &error), -1);
    assert_int_equal(ret.type, ADMIT_VALUE_NIL);
    assert_string_equal(error, "add expects two integers, got 1 arguments");
    free(error);

    const struct plugin_function *f = plugin_set_find_function(fx->set, "good", "fail");
    assert_int_equal(plugin_call_function(f, &env, 0, NULL, &ret, &error), -1);
    assert_string_equal(error, "registry file \"members.db\" is locked");
    free(error);

    /* Strings: a copy the caller owns, embedded NUL kept, terminated. */
    f = plugin_set_find_function(fx->set, "good", "echo");
    static const char bytes[] = "xin ch\xc3\xa0o\0!";
    argv[0].type = ADMIT_VALUE_STRING;
    argv[0].as.string.data = bytes;
    argv[0].as.string.len = sizeof bytes - 1;
    assert_int_equal(plugin_call_function(f, &env, 1, argv, &ret, &error), 0);
    assert_int_equal(ret.type, ADMIT_VALUE_STRING);
    assert_int_equal(ret.as.string.len, sizeof bytes - 1);
    assert_true(ret.as.string.data != bytes);
    assert_memory_equal(ret.as.string.data, bytes, sizeof bytes);
    plugin_value_release(&ret);
    assert_int_equal(ret.type, ADMIT_VALUE_NIL);

    argv[0].type = ADMIT_VALUE_NUMBER;
    argv[0].as.number = 2.5;
    assert_int_equal(plugin_call_function(f, &env, 1, argv, &ret, &error), 0);
    assert_int_equal(ret.type, ADMIT_VALUE_NUMBER);
    assert_true(ret.as.number == 2.5);
    argv[0].type = ADMIT_VALUE_BOOL;
    argv[0].as.boolean = 7;  /* any non-zero is true, and comes back as 1 */
    assert_int_equal(plugin_call_function(f, &env, 1, argv, &ret, &error), 0);
    assert_int_equal(ret.type, ADMIT_VALUE_BOOL);
    assert_int_equal(ret.as.boolean, 1);
    assert_int_equal(plugin_call_function(f, &env, 0, NULL, &ret, &error), 0);
    assert_int_equal(ret.type, ADMIT_VALUE_NIL);

    /* The call context. */
    f = plugin_set_find_function(fx->set, "good", "anchor");
    assert_int_equal(plugin_call_function(f, &env, 0, NULL, &ret, &error), 0);
    assert_int_equal(ret.as.integer, 19500);

    /* A string built at run time with call_return_string. */
    f = plugin_set_find_function(fx->set, "good", "greet");
    argv[0].type = ADMIT_VALUE_STRING;
    argv[0].as.string.data = "Lan!!!";
    argv[0].as.string.len = 3;
    assert_int_equal(plugin_call_function(f, &env, 1, argv, &ret, &error), 0);
    assert_string_equal(ret.as.string.data, "hello, Lan (2021)");
    plugin_value_release(&ret);
    env.edition = NULL;
    assert_int_equal(plugin_call_function(f, &env, 1, argv, &ret, &error), 0);
    assert_string_equal(ret.as.string.data, "hello, Lan ()");
    plugin_value_release(&ret);

    /* The host's dates. */
    f = plugin_set_find_function(fx->set, "good", "ymd");
    argv[0] = int_value(2024), argv[1] = int_value(2), argv[2] = int_value(29);
    assert_int_equal(plugin_call_function(f, &env, 3, argv, &ret, &error), 0);
    assert_int_equal(ret.as.integer, date_from_ymd(2024, 2, 29));
    argv[0] = int_value(2023);
    assert_int_equal(plugin_call_function(f, &env, 3, argv, &ret, &error), 0);
    assert_int_equal(ret.as.integer, ADMIT_NO_DAY);

    /* Failures the host reports itself. */
    f = plugin_set_find_function(fx->set, "good", "silent");
    assert_int_equal(plugin_call_function(f, &env, 0, NULL, &ret, &error), -1);
    assert_string_equal(error, "the plugin failed without saying why");
    free(error);
    f = plugin_set_find_function(fx->set, "good", "badtype");
    assert_int_equal(plugin_call_function(f, &env, 0, NULL, &ret, &error), -1);
    assert_string_equal(error, "the plugin returned the unknown value type 42");
    free(error);
    f = plugin_set_find_function(fx->set, "good", "nothing");
    assert_int_equal(plugin_call_function(f, NULL, 0, NULL, &ret, &error), -1);
    assert_string_equal(error, "plugin called outside an evaluation");
    free(error);
}

/* -- the plugin of docs/writing-plugins.md ------------------------------ */

/* The guide shows tests/plugins/minimal.c verbatim, and it works. */
static void test_minimal_plugin(void **state)
{
    struct fixture *fx = *state;
    char *doc = support_read_file("docs/writing-plugins.md", 65535);
    char *code = support_read_file("tests/plugins/minimal.c", 65535);
    if (strstr(doc, code) == NULL)
        fail_msg("docs/writing-plugins.md does not show tests/plugins/minimal.c as it is");
    free(doc);
    free(code);

    copy_plugin(fx, "minimal.so", "minimal.so");
    assert_int_equal(load(fx), ADMIT_OK);
    const struct plugin_function *f = plugin_set_find_function(fx->set, "minimal", "days_between");
    assert_non_null(f);
    assert_int_equal(f->pure, 1);
    struct plugin_call_env env = {.as_of = 0, .anchor = 0};
    struct admit_value argv[2] = {int_value(date_from_ymd(2023, 1, 1)),
                                  int_value(date_from_ymd(2024, 1, 1))};
    struct admit_value ret;
    char *error = NULL;
    assert_int_equal(plugin_call_function(f, &env, 2, argv, &ret, &error), 0);
    assert_int_equal(ret.as.integer, 365);
    assert_int_equal(plugin_call_function(f, &env, 1, argv, &ret, &error), -1);
    assert_string_equal(error, "expected two dates");
    free(error);
}

/* -- the Lua bridge ----------------------------------------------------- */

/* Run `chunk` in L; its results stay on the stack.  Fails the test with
 * Lua's message when the chunk raises. */
static void run_lua(lua_State *L, const char *chunk, int nresults)
{
    if (luaL_loadstring(L, chunk) != LUA_OK || lua_pcall(L, 0, nresults, 0) != LUA_OK)
        fail_msg("%s: %s", chunk, lua_tostring(L, -1));
}

/* Run `chunk`, which must raise; returns its message (on the stack)
 * without the position prefix '[string "..."]:LINE: ' that Lua adds. */
static const char *lua_error_of(lua_State *L, const char *chunk)
{
    assert_int_equal(luaL_loadstring(L, chunk), LUA_OK);
    if (lua_pcall(L, 0, 0, 0) == LUA_OK)
        fail_msg("%s: no error", chunk);
    const char *message = lua_tostring(L, -1);
    const char *prefix = "[string \"";
    if (strncmp(message, prefix, strlen(prefix)) == 0) {
        const char *end = strstr(message, "\"]:");
        assert_non_null(end);
        end += 3;
        while (*end >= '0' && *end <= '9')
            end++;
        assert_true(end[0] == ':' && end[1] == ' ');
        return end + 2;
    }
    return message;
}

static void test_lua(void **state)
{
    struct fixture *fx = *state;
    load_good_function(fx, "add");
    struct plugin_call_env env = {.as_of = 19000, .anchor = 19500, .edition = "2021"};
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    luaL_openlibs(L);
    struct plugin_lua_env *where = plugin_lua_push(L, fx->set);
    lua_setglobal(L, "plugins");

    /* Errors carry the position of the calling line, as luaL_error does. */
    assert_int_equal(luaL_loadstring(L, "\nlocal x = plugins.good.fail()"), LUA_OK);
    assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_ERRRUN);
    assert_non_null(strstr(lua_tostring(L, -1), "\"]:2: plugins.good."));
    lua_pop(L, 1);

    /* No environment: not inside a rule. */
    assert_string_equal(lua_error_of(L, "return plugins.good.add(2, 3)"),
                        "plugins.good.add: called outside the evaluation of a rule");
    lua_pop(L, 1);

    plugin_lua_set_env(where, &env);
    run_lua(L, "return plugins.good.add(2, 3)", 1);
    assert_true(lua_isinteger(L, -1));
    assert_int_equal(lua_tointeger(L, -1), 5);
    lua_pop(L, 1);

    assert_string_equal(lua_error_of(L, "return plugins.good.fail()"),
                        "plugins.good.fail: registry file \"members.db\" is locked");
    lua_pop(L, 1);
    assert_string_equal(lua_error_of(L, "return plugins.good.echo(1, {})"),
                        "plugins.good.echo: argument 2: expected nil, boolean, number or string "
                        "(got table)");
    lua_pop(L, 1);
    assert_string_equal(lua_error_of(L, "return plugins.good.silent()"),
                        "plugins.good.silent: the plugin failed without saying why");
    lua_pop(L, 1);

    /* Values both ways. */
    run_lua(L, "local e = plugins.good.echo\n"
               "assert(e('a\\0b') == 'a\\0b')\n"
               "assert(math.type(e(7)) == 'integer' and e(7) == 7)\n"
               "assert(math.type(e(2.5)) == 'float' and e(2.5) == 2.5)\n"
               "assert(e(true) == true and e(false) == false)\n"
               "assert(e(nil) == nil and select('#', e()) == 1)\n"
               "assert(plugins.good.anchor() == 19500)\n"
               "assert(plugins.good.greet('Lan') == 'hello, Lan (2021)')\n"
               "assert(plugins.good.nothing() == nil)\n",
            0);

    /* Read-only tables. */
    assert_non_null(strstr(lua_error_of(L, "plugins.evil = {}"), "plugins is read-only"));
    lua_pop(L, 1);
    assert_non_null(strstr(lua_error_of(L, "plugins.good.add = print"), "plugins.good is read-only"));
    lua_pop(L, 1);
    assert_non_null(strstr(lua_error_of(L, "setmetatable(plugins, nil)"), "protected metatable"));
    lua_pop(L, 1);
    run_lua(L, "assert(getmetatable(plugins) == 'locked')\n"
               "assert(getmetatable(plugins.good) == 'locked')\n"
               "local n = 0\n"
               "for name, fn in pairs(plugins.good) do\n"
               "  assert(type(name) == 'string' and type(fn) == 'function'); n = n + 1\n"
               "end\n"
               "assert(n == 9)\n"
               "for name in pairs(plugins) do assert(name == 'good') end\n"
               "assert(plugins.nope == nil and plugins.good.nope == nil)\n",
            0);

    /* Many calls with strings and errors leave nothing behind (ASan/LSan). */
    run_lua(L, "for i = 1, 200 do\n"
               "  assert(plugins.good.greet('n' .. i) == 'hello, n' .. i .. ' (2021)')\n"
               "  assert(not pcall(plugins.good.fail))\n"
               "end\n"
               "collectgarbage()\n",
            0);

    plugin_lua_set_env(where, NULL);
    assert_non_null(strstr(lua_error_of(L, "plugins.good.add(1, 2)"), "called outside"));
    lua_close(L);
}

/* -- running a check against a dossier ---------------------------------- */

/* A schema just big enough to mark the dates the test check reads. */
static const char test_schema[] =
    "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\","
    " \"required\": [\"id\", \"procedure\"],"
    " \"properties\": {\"id\": {\"type\": \"string\"}, \"procedure\": {\"type\": \"string\"},"
    "  \"candidate\": {\"type\": \"object\", \"properties\": {"
    "    \"birth_date\": {\"type\": \"string\", \"format\": \"date\"}}}}}";

static struct dossier *make_dossier(const char *json)
{
    struct admit_error err;
    struct schema *schema = NULL;
    struct dossier *d = NULL;
    cJSON *doc = cJSON_Parse(test_schema);
    assert_non_null(doc);
    if (schema_compile(doc, "test schema", &schema, &err) != ADMIT_OK)
        fail_msg("schema: %s", err.message);
    cJSON_Delete(doc);
    if (dossier_parse(schema, "test.json", json, strlen(json), &d, &err) != ADMIT_OK)
        fail_msg("dossier: %s: %s", err.path, err.message);
    schema_free(schema);
    return d;
}

static void test_run_check(void **state)
{
    struct fixture *fx = *state;
    load_good_function(fx, "add");
    const struct plugin_check *c = plugin_set_find_check(fx->set, "test.plugin_check");
    struct dossier *d = make_dossier(
        "{\"id\": \"T-1\", \"procedure\": \"admission\","
        " \"candidate\": {\"birth_date\": \"2000-01-02\", \"full_name\": \"Nguy\xe1\xbb\x85n V\xc4\x83n A\"},"
        " \"introducers\": [{\"member_id\": \"M001\"}, {\"member_id\": \"M002\"}]}");
    struct plugin_call_env env = {.as_of = 19000, .anchor = date_from_ymd(2023, 5, 10),
                                  .edition = "2021", .dossier = d};
    struct outcome out;
    char *facts;

    outcome_init(&out);
    assert_int_equal(plugin_run_check(c, &env, &out), 0);
    assert_int_equal(out.status, RULE_PASS);
    assert_string_equal(out.code, "ok");
    facts = cJSON_PrintUnformatted(out.facts);
    assert_string_equal(facts, "{\"birth_date\":\"2000-01-02\",\"introducers\":2,"
                               "\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n A\",\"first_introducer\":\"M001\"}");
    free(facts);
    assert_int_equal(out.earliest, OUTCOME_NO_DAY);
    outcome_release(&out);
    dossier_free(d);

    /* One introducer: fail, with a hint. */
    d = make_dossier("{\"id\": \"T-2\", \"procedure\": \"admission\","
                     " \"candidate\": {\"birth_date\": \"2000-01-02\"},"
                     " \"introducers\": [{\"member_id\": \"M001\"}]}");
    env.dossier = d;
    outcome_init(&out);
    assert_int_equal(plugin_run_check(c, &env, &out), 0);
    assert_int_equal(out.status, RULE_FAIL);
    assert_string_equal(out.code, "too_few_introducers");
    assert_int_equal(out.earliest, date_from_ymd(2023, 6, 9));
    facts = cJSON_PrintUnformatted(out.facts);
    assert_string_equal(facts, "{\"birth_date\":\"2000-01-02\",\"introducers\":1}");
    free(facts);
    outcome_release(&out);
    dossier_free(d);

    /* No birth date (and a null introducers array): missing. */
    d = make_dossier("{\"id\": \"T-3\", \"procedure\": \"admission\", \"candidate\": {},"
                     " \"introducers\": null}");
    env.dossier = d;
    outcome_init(&out);
    assert_int_equal(plugin_run_check(c, &env, &out), 0);
    assert_int_equal(out.status, RULE_MISSING);
    assert_string_equal(out.code, "no_birth_date");
    char *missing = cJSON_PrintUnformatted(out.missing);
    assert_string_equal(missing, "[\"candidate.birth_date\"]");
    free(missing);
    outcome_release(&out);

    /* A check that gives no outcome is an error, never a silent pass. */
    outcome_init(&out);
    assert_int_equal(plugin_run_check(plugin_set_find_check(fx->set, "test.no_outcome"), &env, &out), -1);
    assert_int_equal(out.status, RULE_ERROR);
    assert_string_equal(out.error, "the plugin check gave no outcome (it did not call outcome_set)");
    outcome_release(&out);

    /* Misuse of the outcome functions fails the check. */
    outcome_init(&out);
    assert_int_equal(plugin_run_check(plugin_set_find_check(fx->set, "test.bad_hint"), &env, &out), -1);
    assert_int_equal(out.status, RULE_ERROR);
    assert_string_equal(out.error, "outcome_hint: there is no kind \"soonest\" (earliest or latest)");
    outcome_release(&out);

    /* No dossier. */
    env.dossier = NULL;
    outcome_init(&out);
    assert_int_equal(plugin_run_check(c, &env, &out), -1);
    assert_int_equal(out.status, RULE_ERROR);
    outcome_release(&out);
    dossier_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_text_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elf_executable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elf_32bit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_program_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_abi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_abi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_registration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_message_in_vietnamese, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_good_plugin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call_function, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minimal_plugin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lua, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_check, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
