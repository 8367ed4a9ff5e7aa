/*
 * support.h - fixture helpers shared by the unit tests (tests/unit/test_*.c):
 * where the build is, scratch directories, copying, writing and reading
 * files, loading a plugin directory, and printing an engine error.
 *
 * Linked into every unit test by the Makefile.  Functions documented as
 * failing the test use cmocka assertions, so they may be called only from a
 * test or a setup/teardown function run by cmocka; the others return a
 * status instead, for setup functions that report failure by returning -1.
 */
#ifndef ADMIT_TEST_SUPPORT_H
#define ADMIT_TEST_SUPPORT_H

#include <stddef.h>

#include "plugin.h"
#include "status.h"

/* -- where the build is ------------------------------------------------- */

/* The build under test: $ADMIT_BUILD (tests/run.sh sets it), or "build"
 * when it is unset or empty.  Never NULL; not to be freed. */
const char *support_build_dir(void);

/* Where the test plugins (tests/plugins/NAME.c) are built:
 * $ADMIT_TEST_PLUGINS, or "build/tests/plugins" when it is unset or empty.
 * Never NULL; not to be freed. */
const char *support_test_plugins_dir(void);

/* -- paths and scratch directories -------------------------------------- */

/* "dir/name" into `buf` (`size` bytes); returns `buf`.  Fails the test when
 * the path does not fit. */
const char *support_path(char *buf, size_t size, const char *dir, const char *name);

/*
 * Make a new directory /tmp/admit-TAG-XXXXXX (mkdtemp) and put its name into
 * `dir` (`size` bytes).  Returns 0, or -1 when the name does not fit or the
 * directory cannot be made (errno says why).  No cmocka assertion: for
 * setup functions.  The caller removes it with support_remove_tree.
 */
int support_temp_dir(char *dir, size_t size, const char *tag);

/*
 * Remove `dir` with everything in it, down to four levels of subdirectories
 * (a test's scratch tree is never deeper).  Symbolic links are removed, not
 * followed.  Whatever cannot be removed is left: for teardown functions,
 * which must not fail.
 */
void support_remove_tree(const char *dir);

/* -- files -------------------------------------------------------------- */

/*
 * Copy the file `src` to `dst` (created or truncated, mode 0644).  Returns 0,
 * or -1 when `src` cannot be opened (the caller says what is missing).
 * Fails the test when `dst` cannot be written.
 */
int support_copy_file(const char *src, const char *dst);

/* Write `len` bytes of `data` to the file `path` (created or truncated, mode
 * 0644).  Fails the test when the file cannot be created or written whole. */
void support_write_file(const char *path, const void *data, size_t len);

/* support_write_file with the string `text`, without its terminator. */
void support_write_text(const char *path, const char *text);

/*
 * The whole file `path` as a NUL-terminated string; the caller frees it.
 * Fails the test when the file cannot be opened (a path relative to the
 * repository root: the tests run from there) or read, or has `limit` bytes
 * or more.  Never NULL.
 */
char *support_read_file(const char *path, size_t limit);

/* -- plugins ------------------------------------------------------------ */

/*
 * A scratch directory for a test of the build's plugin PLUGIN:
 * /tmp/admit-PLUGIN-XXXXXX into `dir` (`dir_size` bytes), and in it the
 * directory plugins/ (its path into `plugins`, `plugins_size` bytes) holding
 * a copy of support_build_dir()/plugins/PLUGIN.so alone, so that no other
 * plugin of the build takes part.
 *
 * Returns 0, or -1 when a directory cannot be made or the plugin is not
 * built (said on stderr, with the remedy); nothing is left behind then.
 * Fails the test when the copy breaks off.  The caller removes `dir` with
 * support_remove_tree.
 */
int support_plugin_dir(const char *plugin, char *dir, size_t dir_size, char *plugins,
                       size_t plugins_size);

/*
 * Load the plugin directory `dir` afresh: the set in *set (may be NULL) is
 * freed first and `err` is cleared.  Returns plugin_set_load_dir's status,
 * with the new set in *set (caller frees with plugin_set_free) or NULL and
 * `err` filled.
 */
enum admit_status support_load_plugins(const char *dir, struct plugin_set **set,
                                       struct admit_error *err);

/* -- reporting ---------------------------------------------------------- */

/* Print "WHAT: <the error, formatted by admit_error_format>" with cmocka's
 * print_error (stderr), to explain the failure that follows. */
void support_print_error(const char *what, const struct admit_error *err);

#endif
