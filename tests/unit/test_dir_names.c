/* test_dir_names.c - a folder's files with a suffix, sorted (engine/dir_names.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "dir_names.h"
#include "support.h"

static void test_sorted_with_suffix(void **state)
{
    (void)state;
    char dir[256], path[512];
    assert_int_equal(support_temp_dir(dir, sizeof dir, "dirnames"), 0);
    /* byte order, whatever the order of creation; not the suffix alone, no dot files */
    const char *files[] = {"b.json", "A.json", "a.json", ".hidden.json", ".json", "c.lua", "d.json.bak"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        support_write_text(support_path(path, sizeof path, dir, files[i]), "{}");
    assert_int_equal(mkdir(support_path(path, sizeof path, dir, "sub.json"), 0700), 0);
    char **names = NULL;
    size_t count = 0;
    assert_int_equal(dir_names(dir, ".json", &names, &count), 0);
    /* a folder named like a file is listed too: the caller reads it and says what it is */
    assert_int_equal(count, 4);
    assert_string_equal(names[0], "A.json");
    assert_string_equal(names[1], "a.json");
    assert_string_equal(names[2], "b.json");
    assert_string_equal(names[3], "sub.json");
    dir_names_free(names, count);
    assert_int_equal(dir_names(dir, ".lua", &names, &count), 0);
    assert_int_equal(count, 1);
    assert_string_equal(names[0], "c.lua");
    dir_names_free(names, count);
    assert_int_equal(dir_names(dir, ".none", &names, &count), 0);
    assert_int_equal(count, 0);
    assert_null(names);
    support_remove_tree(dir);
}

static void test_missing_folder(void **state)
{
    (void)state;
    char **names = (char **)1;
    size_t count = 7;
    errno = 0;
    assert_int_equal(dir_names("/nonexistent/admit-dir-names", ".json", &names, &count), 1);
    assert_int_equal(errno, ENOENT);
    assert_null(names);
    assert_int_equal(count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_with_suffix),
        cmocka_unit_test(test_missing_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
