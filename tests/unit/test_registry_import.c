/*
 * Unit tests of the registry plugin's function import
 * (plugins/registry/import.c), called through the plugin host as
 * `admit registry import` calls it: rows written in one transaction, a
 * registry created when absent and removed again when the import fails,
 * a period already held refused with the row's place in the CSV file,
 * rollback of the rows before it, calls from a rule and malformed
 * arguments refused.
 *
 * Run from the repository root (schemas/registry.sql).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "i18n.h"
#include "outcome.h"
#include "plugin.h"
#include "support.h"

#define ROW_VALUES 9

struct fixture {
    char dir[64];
    char plugins[96];
    struct plugin_set *set;
    struct admit_error err;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    if (support_plugin_dir("registry", fx->dir, sizeof fx->dir, fx->plugins,
                           sizeof fx->plugins) != 0) {
        free(fx);
        return -1;
    }
    i18n_set_lang(ADMIT_LANG_EN);
    if (plugin_host_set_option("lang", "en") != 0 ||
        support_load_plugins(fx->plugins, &fx->set, &fx->err) != ADMIT_OK) {
        support_remove_tree(fx->dir);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    plugin_set_free(fx->set);
    plugin_host_clear_options();
    support_remove_tree(fx->dir);
    free(fx);
    return 0;
}

static struct admit_value str(const char *s)
{
    struct admit_value v = {.type = ADMIT_VALUE_STRING};
    v.as.string.data = s;
    v.as.string.len = strlen(s);
    return v;
}

static struct admit_value num(int64_t n)
{
    struct admit_value v = {.type = ADMIT_VALUE_INT};
    v.as.integer = n;
    return v;
}

static const struct admit_value nil = {.type = ADMIT_VALUE_NIL};

/* Row values: line, column, then the seven columns (NULL: nil). */
static void put_row(struct admit_value *v, int line, const char *member_id,
                    const char *national_id, const char *name, const char *admitted,
                    const char *official, const char *left, const char *reason)
{
    const char *cols[7] = {member_id, national_id, name, admitted, official, left, reason};
    v[0] = num(line);
    v[1] = num(1);
    for (int i = 0; i < 7; i++)
        v[2 + i] = cols[i] != NULL ? str(cols[i]) : nil;
}

static int call_import(struct fixture *fx, const struct plugin_call_env *env, int argc,
                       const struct admit_value *argv, int64_t *written, char **error)
{
    const struct plugin_function *f = plugin_set_find_function(fx->set, "registry", "import");
    assert_non_null(f);
    struct admit_value ret;
    *error = NULL;
    int rc = plugin_call_function(f, env, argc, argv, &ret, error);
    if (rc == 0) {
        assert_int_equal(ret.type, ADMIT_VALUE_INT);
        *written = ret.as.integer;
        plugin_value_release(&ret);
    }
    return rc;
}

static const struct plugin_call_env cli_env = {OUTCOME_NO_DAY, OUTCOME_NO_DAY, NULL, NULL};

static int64_t count_rows(const char *path, const char *where)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM memberships WHERE %s", where);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void creates_and_fills(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    struct admit_value argv[2 + 2 * ROW_VALUES];
    int64_t written = 0;
    char *error = NULL;
    struct stat st;

    support_path(path, sizeof path, fx->dir, "new.db");
    argv[0] = str(path);
    argv[1] = str("m.csv");
    put_row(argv + 2, 2, "DV-1", "001080000001", "Trần Văn Bình", "2011-05-19", "2012-05-19", NULL, NULL);
    put_row(argv + 2 + ROW_VALUES, 3, "DV-2", NULL, "Lê Văn Cường", "2005-01-10", "2006-01-10",
            "2020-06-30", "removed");
    if (call_import(fx, &cli_env, 2 + 2 * ROW_VALUES, argv, &written, &error) != 0)
        fail_msg("import failed: %s", error);
    assert_int_equal(written, 2);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(count_rows(path, "1"), 2);
    assert_int_equal(count_rows(path, "member_id = 'DV-2' AND left_reason = 'removed'"), 1);
    assert_int_equal(count_rows(path, "member_id = 'DV-1' AND left_on IS NULL AND left_reason IS NULL"), 1);
    assert_int_equal(count_rows(path, "national_id IS NULL"), 1);

    /* Into the same registry: a new period, then one it holds.  Refused
     * with the held row's place; the new period is rolled back. */
    put_row(argv + 2, 7, "DV-3", NULL, "An", "2015-01-01", NULL, NULL, NULL);
    put_row(argv + 2 + ROW_VALUES, 8, "DV-1", NULL, "Trần Văn Bình", "2011-05-19", NULL, NULL, NULL);
    assert_int_equal(call_import(fx, &cli_env, 2 + 2 * ROW_VALUES, argv, &written, &error), -1);
    assert_non_null(error);
    assert_non_null(strstr(error, "m.csv:8:1: member_id: DV-1 with admitted_on 2011-05-19 is already in the registry"));
    free(error);
    assert_int_equal(count_rows(path, "1"), 2);
    assert_int_equal(count_rows(path, "member_id = 'DV-3'"), 0);
}

static void failed_import_leaves_no_new_file(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    struct admit_value argv[2 + 2 * ROW_VALUES];
    int64_t written = 0;
    char *error = NULL;

    support_path(path, sizeof path, fx->dir, "twice.db");
    argv[0] = str(path);
    argv[1] = str("m.csv");
    put_row(argv + 2, 2, "DV-1", NULL, "An", "2011-05-19", NULL, NULL, NULL);
    put_row(argv + 2 + ROW_VALUES, 5, "DV-1", NULL, "An", "2011-05-19", NULL, NULL, NULL);
    assert_int_equal(call_import(fx, &cli_env, 2 + 2 * ROW_VALUES, argv, &written, &error), -1);
    assert_non_null(strstr(error, "m.csv:5:1:"));
    free(error);
    assert_int_equal(access(path, F_OK), -1);
}

static void not_a_registry(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    struct admit_value argv[2 + ROW_VALUES];
    int64_t written = 0;
    char *error = NULL;
    sqlite3 *db = NULL;

    /* A SQLite database without the memberships table. */
    support_path(path, sizeof path, fx->dir, "other.db");
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    argv[0] = str(path);
    argv[1] = str("m.csv");
    put_row(argv + 2, 2, "DV-1", NULL, "An", "2011-05-19", NULL, NULL, NULL);
    assert_int_equal(call_import(fx, &cli_env, 2 + ROW_VALUES, argv, &written, &error), -1);
    assert_non_null(strstr(error, "cannot take the rows (SQLite: no such table: memberships)"));
    free(error);
    assert_int_equal(access(path, F_OK), 0);   /* not the import's file: left */
}

static void refused_calls(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    struct admit_value argv[2 + ROW_VALUES];
    int64_t written = 0;
    char *error = NULL;

    support_path(path, sizeof path, fx->dir, "refused.db");
    argv[0] = str(path);
    argv[1] = str("m.csv");
    put_row(argv + 2, 2, "DV-1", NULL, "An", "2011-05-19", NULL, NULL, NULL);

    /* From a rule: an evaluation date is set. */
    struct plugin_call_env rule_env = {date_from_ymd(2023, 5, 10), date_from_ymd(2023, 5, 10), "2021", NULL};
    assert_int_equal(call_import(fx, &rule_env, 2 + ROW_VALUES, argv, &written, &error), -1);
    assert_non_null(strstr(error, "only for the command admit registry import"));
    free(error);

    /* A row cut short, a line that is not a number, a column that is a number. */
    assert_int_equal(call_import(fx, &cli_env, 2 + ROW_VALUES - 1, argv, &written, &error), -1);
    assert_non_null(strstr(error, "9 values per row"));
    free(error);
    argv[2] = str("2");
    assert_int_equal(call_import(fx, &cli_env, 2 + ROW_VALUES, argv, &written, &error), -1);
    free(error);
    argv[2] = num(2);
    argv[4] = num(1);
    assert_int_equal(call_import(fx, &cli_env, 2 + ROW_VALUES, argv, &written, &error), -1);
    free(error);
    assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(creates_and_fills, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_import_leaves_no_new_file, setup, teardown),
        cmocka_unit_test_setup_teardown(not_a_registry, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_calls, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
