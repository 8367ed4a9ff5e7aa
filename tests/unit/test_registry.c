/*
 * test_registry.c - the registry plugin (plugins/registry) through the
 * plugin host, against real SQLite files.
 *
 * Each test makes a mkdtemp() directory holding a copy of
 * $ADMIT_BUILD/plugins/registry.so (default build/) in a subdirectory of
 * its own, so that no other plugin of the build takes part, and the
 * registry files it needs, written with the SQLite C API.  The plugin is
 * loaded with plugin_set_load_dir after plugin_host_set_option("registry",
 * FILE) and ("lang", ...), as `admit check --registry FILE` does.
 *
 * Run from the source tree: the schema is read from schemas/registry.sql.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "date.h"
#include "i18n.h"
#include "outcome.h"
#include "plugin.h"
#include "support.h"

/* -- fixture ------------------------------------------------------------ */

struct fixture {
    char dir[64];           /* the registry files */
    char plugins[96];       /* dir/plugins: registry.so alone */
    struct plugin_set *set;
    struct admit_error err;
};

/* The rows most tests use; the introducer dates of admission-2023.json. */
static const char good_rows[] =
    /* official since 2012-05-19 */
    "INSERT INTO memberships VALUES ('DV-0012345', '001080000001', 'Trần Văn Bình',"
    " '2011-05-19', '2012-05-19', NULL, NULL);"
    /* probationary */
    "INSERT INTO memberships VALUES ('DV-0023456', '001090000002', 'Phạm Thị Lan',"
    " '2022-08-01', NULL, NULL, NULL);"
    /* left on 2020-06-30 */
    "INSERT INTO memberships VALUES ('DV-0045678', '001075000004', 'Nguyễn Thị Hoa',"
    " '2005-01-10', '2006-01-10', '2020-06-30', 'removed');"
    /* two periods, the same national_id under two card numbers */
    "INSERT INTO memberships VALUES ('DV-0000111', '001070000005', 'Hoàng Văn Dũng',"
    " '2000-03-01', '2001-03-01', '2010-07-01', 'abandoned_activities');"
    "INSERT INTO memberships VALUES ('DV-0056789', '001070000005', 'Hoàng Văn Dũng',"
    " '2018-04-01', '2019-04-01', NULL, NULL);";

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

/* Run SQL on the database at `path` (created when absent). */
static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *message = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("%s: %s", path, message != NULL ? message : "?");
    sqlite3_close(db);
}

/* A registry with the DDL of schemas/registry.sql and `rows`. */
static void make_registry(const char *path, const char *rows)
{
    char *ddl = support_read_file("schemas/registry.sql", 65535);
    exec_sql(path, ddl);
    free(ddl);
    if (rows != NULL)
        exec_sql(path, rows);
}

/* Load the plugin with --registry `registry` (NULL: none) and --lang `lang`. */
static enum admit_status load(struct fixture *fx, const char *registry, const char *lang)
{
    assert_int_equal(plugin_host_set_option("registry", registry), 0);
    assert_int_equal(plugin_host_set_option("lang", lang), 0);
    return support_load_plugins(fx->plugins, &fx->set, &fx->err);
}

/* Loading must fail as an input error whose message names `path` and says `what`. */
static void assert_input_error(struct fixture *fx, const char *path, const char *lang,
                               const char *what)
{
    char quoted[300];
    enum admit_status status = load(fx, path, lang);
    if (status != ADMIT_EINPUT)
        fail_msg("%s: expected ADMIT_EINPUT, got %d: %s", path, (int)status, fx->err.message);
    assert_null(fx->set);
    assert_int_equal(fx->err.status, ADMIT_EINPUT);
    assert_string_equal(fx->err.file, "");
    snprintf(quoted, sizeof quoted, "\"%s\"", path);
    if (strstr(fx->err.message, quoted) == NULL || strstr(fx->err.message, what) == NULL)
        fail_msg("message does not name %s or say \"%s\": %s", quoted, what, fx->err.message);
}

/* -- calling the plugin's functions ------------------------------------- */

/* An evaluation context, as a rule's call has. */
static const struct plugin_call_env *rule_env(void)
{
    static struct plugin_call_env env;
    env.as_of = date_from_ymd(2026, 11, 27);
    env.anchor = date_from_ymd(2023, 5, 10);
    env.edition = "2021";
    env.dossier = NULL;
    return &env;
}

static struct admit_value str(const char *s)
{
    struct admit_value v = {.type = ADMIT_VALUE_STRING};
    v.as.string.data = s;
    v.as.string.len = strlen(s);
    return v;
}

static struct admit_value day(int y, int m, int d)
{
    struct admit_value v = {.type = ADMIT_VALUE_INT};
    v.as.integer = date_from_ymd(y, m, d);
    return v;
}

static const struct plugin_function *function(const struct fixture *fx, const char *name)
{
    const struct plugin_function *f = plugin_set_find_function(fx->set, "registry", name);
    if (f == NULL)
        fail_msg("plugins.registry.%s is not registered", name);
    return f;
}

/* official_on(member_id, day) as a string; fails the test on an error. */
static char *official_on(const struct fixture *fx, const char *member_id, int y, int m, int d)
{
    struct admit_value argv[2] = {str(member_id), day(y, m, d)}, ret;
    char *error = NULL;
    if (plugin_call_function(function(fx, "official_on"), rule_env(), 2, argv, &ret, &error) != 0)
        fail_msg("official_on(%s): %s", member_id, error);
    assert_int_equal(ret.type, ADMIT_VALUE_STRING);
    return (char *)ret.as.string.data;   /* a host copy, terminated */
}

static void assert_standing(const struct fixture *fx, const char *member_id, int y, int m, int d,
                            const char *expected)
{
    char *got = official_on(fx, member_id, y, m, d);
    if (strcmp(got, expected) != 0)
        fail_msg("official_on(%s, %04d-%02d-%02d): expected %s, got %s", member_id, y, m, d,
                 expected, got);
    free(got);
}

/* Call `name` expecting failure; the message must contain `what`. */
static void assert_call_fails(const struct fixture *fx, const char *name,
                              const struct plugin_call_env *env, int argc,
                              const struct admit_value *argv, const char *what)
{
    struct admit_value ret;
    char *error = NULL;
    assert_int_equal(plugin_call_function(function(fx, name), env, argc, argv, &ret, &error), -1);
    assert_int_equal(ret.type, ADMIT_VALUE_NIL);
    assert_non_null(error);
    if (strstr(error, what) == NULL)
        fail_msg("%s: expected a message with \"%s\", got: %s", name, what, error);
    free(error);
}

static int64_t periods(const struct fixture *fx, const char *national_id)
{
    struct admit_value arg = str(national_id), ret;
    char *error = NULL;
    if (plugin_call_function(function(fx, "periods"), rule_env(), 1, &arg, &ret, &error) != 0)
        fail_msg("periods(%s): %s", national_id, error);
    assert_int_equal(ret.type, ADMIT_VALUE_INT);
    return ret.as.integer;
}

static int available(const struct fixture *fx)
{
    struct admit_value ret;
    char *error = NULL;
    assert_int_equal(plugin_call_function(function(fx, "available"), rule_env(), 0, NULL, &ret,
                                          &error), 0);
    assert_int_equal(ret.type, ADMIT_VALUE_BOOL);
    return ret.as.boolean;
}

/* -- a good registry ---------------------------------------------------- */

static void test_identity(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    assert_int_equal(plugin_set_count(fx->set), 1);
    assert_string_equal(plugin_set_name(fx->set, 0), "registry");
    assert_string_equal(plugin_set_version(fx->set, 0), "1.0.0");
    assert_int_equal(plugin_set_check_count(fx->set), 0);
    assert_true(available(fx));
}

static void test_official_on(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);

    /* official since 2012-05-19: before, on the day, long after */
    assert_standing(fx, "DV-0012345", 2012, 5, 18, "not_official");
    assert_standing(fx, "DV-0012345", 2012, 5, 19, "official");
    assert_standing(fx, "DV-0012345", 2023, 2, 25, "official");
    /* probationary: official_since is NULL */
    assert_standing(fx, "DV-0023456", 2023, 2, 25, "not_official");
    /* left on 2020-06-30: official that day, not the day after */
    assert_standing(fx, "DV-0045678", 2020, 6, 30, "official");
    assert_standing(fx, "DV-0045678", 2020, 7, 1, "not_official");
    assert_standing(fx, "DV-0045678", 2023, 2, 25, "not_official");
    /* unknown card numbers, including one that differs only in case */
    assert_standing(fx, "DV-9999999", 2023, 2, 25, "unknown");
    assert_standing(fx, "dv-0012345", 2023, 2, 25, "unknown");
}

/* Two periods under one card number: official in either, not in the gap. */
static void test_readmitted(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"),
                  "INSERT INTO memberships VALUES ('DV-7', NULL, 'A', '2000-03-01', '2001-03-01',"
                  " '2010-07-01', 'abandoned_activities');"
                  "INSERT INTO memberships VALUES ('DV-7', NULL, 'A', '2018-04-01', '2019-04-01',"
                  " NULL, NULL);");
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    assert_standing(fx, "DV-7", 2005, 1, 1, "official");
    assert_standing(fx, "DV-7", 2015, 1, 1, "not_official");
    assert_standing(fx, "DV-7", 2018, 12, 31, "not_official");   /* probationary again */
    assert_standing(fx, "DV-7", 2023, 2, 25, "official");
}

static void test_periods(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    assert_int_equal(periods(fx, "001070000005"), 2);
    assert_int_equal(periods(fx, "001080000001"), 1);
    assert_int_equal(periods(fx, "009999999999"), 0);
}

/* An empty registry, and one with more columns than registry.md, work. */
static void test_empty_and_wider(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    make_registry(support_path(path, sizeof path, fx->dir, "empty.db"), NULL);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    assert_standing(fx, "DV-0012345", 2023, 2, 25, "unknown");
    assert_int_equal(periods(fx, "001080000001"), 0);

    support_path(path, sizeof path, fx->dir, "wider.db");
    make_registry(path, "ALTER TABLE memberships ADD COLUMN branch TEXT;"
                        "INSERT INTO memberships VALUES ('DV-1', NULL, 'A', '2010-01-01',"
                        " '2011-01-01', NULL, NULL, 'Chi bộ 1');");
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    assert_standing(fx, "DV-1", 2023, 2, 25, "official");
}

static void test_bad_arguments(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);

    struct admit_value id_as_int[2] = {{.type = ADMIT_VALUE_INT}, day(2023, 2, 25)};
    assert_call_fails(fx, "official_on", rule_env(), 2, id_as_int,
                      "argument 1 (member_id) must be a non-empty string");
    struct admit_value empty_id[2] = {str(""), day(2023, 2, 25)};
    assert_call_fails(fx, "official_on", rule_env(), 2, empty_id, "argument 1 (member_id)");
    struct admit_value day_as_text[2] = {str("DV-0012345"), str("2023-02-25")};
    assert_call_fails(fx, "official_on", rule_env(), 2, day_as_text,
                      "argument 2 (day) must be a date");
    struct admit_value not_a_day[2] = {str("DV-0012345"), {.type = ADMIT_VALUE_INT}};
    not_a_day[1].as.integer = INT64_C(1) << 40;
    assert_call_fails(fx, "official_on", rule_env(), 2, not_a_day, "must be a date");
    assert_call_fails(fx, "official_on", rule_env(), 1, empty_id, "expects 2 arguments, got 1");
    assert_call_fails(fx, "periods", rule_env(), 0, NULL, "expects 1 arguments, got 0");
    assert_call_fails(fx, "periods", rule_env(), 1, id_as_int, "argument 1 (national_id)");
    assert_call_fails(fx, "available", rule_env(), 1, empty_id, "expects 0 arguments");
}

/* A date in the file that is not YYYY-MM-DD is the export's mistake: the
 * call fails naming the member and the value. */
static void test_bad_date_in_file(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"),
                  "INSERT INTO memberships VALUES ('DV-1', NULL, 'A', '2010-01-01',"
                  " '19/05/2012', NULL, NULL);"
                  "INSERT INTO memberships VALUES ('DV-2', NULL, 'B', '2010-01-01',"
                  " '2011-01-01', '2021-02-30', NULL);");
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    struct admit_value a[2] = {str("DV-1"), day(2023, 2, 25)};
    assert_call_fails(fx, "official_on", rule_env(), 2, a,
                      "official_since of member DV-1 is \"19/05/2012\", not a date YYYY-MM-DD");
    struct admit_value b[2] = {str("DV-2"), day(2023, 2, 25)};
    assert_call_fails(fx, "official_on", rule_env(), 2, b, "left_on of member DV-2 is \"2021-02-30\"");
}

/* -- without --registry ------------------------------------------------- */

static void test_no_registry(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(load(fx, NULL, "en"), ADMIT_OK);
    assert_false(available(fx));
    struct admit_value a[2] = {str("DV-0012345"), day(2023, 2, 25)};
    assert_call_fails(fx, "official_on", rule_env(), 2, a, "official_on: no registry (run with --registry DB");
    assert_call_fails(fx, "periods", rule_env(), 1, a, "periods: no registry");

    assert_int_equal(load(fx, NULL, "vi"), ADMIT_OK);
    assert_call_fails(fx, "official_on", rule_env(), 2, a, "không có sổ đảng viên");
}

/* -- files that are not a registry -------------------------------------- */

static void test_missing_file(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    support_path(path, sizeof path, fx->dir, "nope.db");
    assert_input_error(fx, path, "en", "does not exist; check the path given to --registry");
    assert_input_error(fx, path, "vi", "không có tệp sổ đảng viên");
    /* nothing was created by looking */
    assert_int_equal(access(path, F_OK), -1);
}

static void test_text_file(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    support_write_text(support_path(path, sizeof path, fx->dir, "members.csv"),
                       "member_id,full_name\nDV-0012345,Trần Văn Bình\n");
    assert_input_error(fx, path, "en", "is not a SQLite database");
    assert_input_error(fx, path, "vi", "không phải là cơ sở dữ liệu SQLite");
}

/* A SQLite header followed by garbage: SQLite itself says it is no database. */
static void test_damaged_file(void **state)
{
    struct fixture *fx = *state;
    char path[128], junk[4096];
    memset(junk, 'x', sizeof junk);
    memcpy(junk, "SQLite format 3", 16);
    support_write_file(support_path(path, sizeof path, fx->dir, "damaged.db"), junk, sizeof junk);
    assert_input_error(fx, path, "en", "the registry file");
}

static void test_directory(void **state)
{
    struct fixture *fx = *state;
    assert_input_error(fx, fx->plugins, "en", "is a directory");
}

static void test_wrong_schema(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    exec_sql(support_path(path, sizeof path, fx->dir, "other.db"),
             "CREATE TABLE members (id TEXT);");
    assert_input_error(fx, path, "en", "has no table memberships; schemas/registry.sql");
    assert_input_error(fx, path, "vi", "không có bảng memberships");

    exec_sql(support_path(path, sizeof path, fx->dir, "partial.db"),
             "CREATE TABLE memberships (member_id TEXT, full_name TEXT, admitted_on TEXT,"
             " official_since TEXT, left_on TEXT);");
    assert_input_error(fx, path, "en", "lacks the columns: national_id, left_reason");
}

/* An empty file is an empty SQLite database: no table memberships. */
static void test_empty_file(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    support_write_text(support_path(path, sizeof path, fx->dir, "empty.db"), "");
    assert_input_error(fx, path, "en", "has no table memberships");
}

/* Another connection holds an exclusive lock: the load waits a little,
 * then refuses, saying the file is locked. */
static void test_locked(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    sqlite3 *writer = NULL;
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    assert_int_equal(sqlite3_open(path, &writer), SQLITE_OK);
    assert_int_equal(sqlite3_exec(writer, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    assert_input_error(fx, path, "en", "is locked by another program");
    assert_int_equal(sqlite3_exec(writer, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);

    /* Locked after the load: the call fails (the rule reports `error`),
     * and works again once the lock is gone. */
    assert_int_equal(sqlite3_exec(writer, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    struct admit_value a[2] = {str("DV-0012345"), day(2023, 2, 25)};
    assert_call_fails(fx, "official_on", rule_env(), 2, a, "is locked by another program");
    assert_call_fails(fx, "periods", rule_env(), 1, a, "is locked");
    assert_int_equal(sqlite3_exec(writer, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(writer);
    assert_standing(fx, "DV-0012345", 2023, 2, 25, "official");
}

/* The plugin only reads: the file's bytes do not change. */
static void test_read_only(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    struct stat before, after;
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    assert_int_equal(chmod(path, 0444), 0);
    assert_int_equal(stat(path, &before), 0);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    assert_standing(fx, "DV-0012345", 2023, 2, 25, "official");
    plugin_set_free(fx->set);
    fx->set = NULL;
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_size, after.st_size);
    assert_int_equal(before.st_mtime, after.st_mtime);
}

/* -- init --------------------------------------------------------------- */

/* sqlite_master of a database, one line per object, in name order. */
static char *schema_of(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    size_t used = 0, size = 8192;
    char *text = calloc(1, size);
    assert_non_null(text);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_master"
                                            " ORDER BY name", -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int n = snprintf(text + used, size - used, "%s|%s|%s|%s\n", sqlite3_column_text(st, 0),
                         sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
                         sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3)
                                                    : "");
        assert_true(n > 0 && (size_t)n < size - used);
        used += (size_t)n;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return text;
}

static void test_init(void **state)
{
    struct fixture *fx = *state;
    char path[128], reference[128];
    struct plugin_call_env cli_env = {OUTCOME_NO_DAY, OUTCOME_NO_DAY, NULL, NULL};
    struct admit_value arg, ret;
    char *error = NULL;
    struct stat st;

    assert_int_equal(load(fx, NULL, "en"), ADMIT_OK);
    arg = str(support_path(path, sizeof path, fx->dir, "new.db"));
    assert_int_equal(plugin_call_function(function(fx, "init"), &cli_env, 1, &arg, &ret, &error), 0);
    assert_int_equal(ret.type, ADMIT_VALUE_BOOL);
    assert_true(ret.as.boolean);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);   /* it will hold identity numbers */

    /* The same objects, with the same SQL, as schemas/registry.sql gives. */
    make_registry(support_path(reference, sizeof reference, fx->dir, "reference.db"), NULL);
    char *made = schema_of(path), *expected = schema_of(reference);
    assert_non_null(strstr(made, "table|memberships|memberships|CREATE TABLE memberships ("));
    assert_non_null(strstr(made, "index|memberships_national_id|memberships|"));
    assert_string_equal(made, expected);
    free(made);
    free(expected);

    /* Never overwritten: the second init fails, the file stays. */
    exec_sql(path, "INSERT INTO memberships VALUES ('DV-1', NULL, 'A', '2010-01-01',"
                   " '2011-01-01', NULL, NULL);");
    assert_call_fails(fx, "init", &cli_env, 1, &arg, "already exists; admit registry init never overwrites");
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    assert_standing(fx, "DV-1", 2023, 2, 25, "official");

    /* Nor through a symbolic link to a file that does not exist yet. */
    char link[128], target[128];
    support_path(target, sizeof target, fx->dir, "target.db");
    assert_int_equal(symlink(target, support_path(link, sizeof link, fx->dir, "link.db")), 0);
    arg = str(link);
    assert_call_fails(fx, "init", &cli_env, 1, &arg, "already exists");
    assert_int_equal(access(target, F_OK), -1);

    /* A directory that does not exist. */
    arg = str(support_path(path, sizeof path, fx->dir, "no/such/dir.db"));
    assert_call_fails(fx, "init", &cli_env, 1, &arg, "cannot be created (No such file or directory)");

    /* Not from a rule: a call with an evaluation date is refused. */
    arg = str(support_path(path, sizeof path, fx->dir, "from-rule.db"));
    assert_call_fails(fx, "init", rule_env(), 1, &arg, "only for the command admit registry init");
    assert_int_equal(access(path, F_OK), -1);
}

/* -- one plugin file, two sets ------------------------------------------ */

static void test_two_sets(void **state)
{
    struct fixture *fx = *state;
    char path[128], other[128];
    struct plugin_set *second = NULL;
    struct admit_error err;
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    make_registry(support_path(other, sizeof other, fx->dir, "other.db"), NULL);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);

    /* The same file loaded again shares the open registry... */
    admit_error_clear(&err);
    assert_int_equal(plugin_set_load_dir(fx->plugins, &second, &err), ADMIT_OK);
    const struct plugin_function *f = plugin_set_find_function(second, "registry", "official_on");
    assert_non_null(f);
    struct admit_value argv[2] = {str("DV-0012345"), day(2023, 2, 25)}, ret;
    char *error = NULL;
    assert_int_equal(plugin_call_function(f, rule_env(), 2, argv, &ret, &error), 0);
    assert_string_equal(ret.as.string.data, "official");
    plugin_value_release(&ret);

    /* ...which stays open until the last set is freed. */
    plugin_set_free(second);
    assert_standing(fx, "DV-0012345", 2023, 2, 25, "official");

    /* A second load with another registry while the first is alive is refused. */
    assert_int_equal(plugin_host_set_option("registry", other), 0);
    admit_error_clear(&err);
    second = NULL;
    assert_int_equal(plugin_set_load_dir(fx->plugins, &second, &err), ADMIT_EPLUGIN);
    assert_null(second);
    assert_non_null(strstr(err.message, "already loaded with another registry"));
    assert_standing(fx, "DV-0012345", 2023, 2, 25, "official");
}

/* -- threads ------------------------------------------------------------ */

struct worker {
    const struct fixture *fx;
    int mismatches;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    static const struct {
        const char *id;
        const char *expected;
    } cases[] = {
        {"DV-0012345", "official"},
        {"DV-0023456", "not_official"},
        {"DV-9999999", "unknown"},
        {"DV-0056789", "official"},
    };
    const struct plugin_function *f = plugin_set_find_function(w->fx->set, "registry", "official_on");
    for (int i = 0; i < 400; i++) {
        struct admit_value argv[2] = {str(cases[i % 4].id), day(2023, 2, 25)}, ret;
        char *error = NULL;
        if (plugin_call_function(f, rule_env(), 2, argv, &ret, &error) != 0) {
            free(error);
            w->mismatches++;
            continue;
        }
        if (strcmp(ret.as.string.data, cases[i % 4].expected) != 0)
            w->mismatches++;
        plugin_value_release(&ret);
    }
    return NULL;
}

static void test_threads(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    pthread_t threads[4];
    struct worker workers[4];
    make_registry(support_path(path, sizeof path, fx->dir, "members.db"), good_rows);
    assert_int_equal(load(fx, path, "en"), ADMIT_OK);
    for (int i = 0; i < 4; i++) {
        workers[i] = (struct worker){fx, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(workers[i].mismatches, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_official_on, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readmitted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periods, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_wider, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_date_in_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_registry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
