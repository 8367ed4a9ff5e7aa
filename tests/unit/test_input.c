/*
 * test_input.c - bounded reads of whole inputs (engine/input.c).
 *
 * Each test gets a fresh temporary directory; the files written there are
 * removed by the teardown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "input.h"
#include "status.h"
#include "support.h"

#define MAX_FILES 8

struct fixture {
    char dir[64];
    char files[MAX_FILES][128];
    int nfiles;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    if (support_temp_dir(fx->dir, sizeof fx->dir, "test") != 0) {
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
    support_remove_tree(fx->dir);
    free(fx);
    i18n_set_lang(ADMIT_LANG_VI);
    return 0;
}

/* Write `len` bytes into a new file `name` of the fixture's directory; returns its path. */
static const char *make_file(struct fixture *fx, const char *name, const char *data, size_t len)
{
    assert_true(fx->nfiles < MAX_FILES);
    char *path = fx->files[fx->nfiles++];
    support_write_file(support_path(path, sizeof fx->files[0], fx->dir, name), data, len);
    return path;
}

/* Read a file that must be accepted; returns the buffer (caller frees). */
static char *read_ok(const char *path, size_t max, size_t *len)
{
    char *data = NULL;
    struct admit_error err;
    admit_error_clear(&err);
    if (input_read(path, max, &data, len, &err) != ADMIT_OK) {
        print_error("input_read(%s, %zu): %s: %s\n", path, max, err.file, err.message);
        fail();
    }
    assert_non_null(data);
    assert_int_equal(data[*len], '\0');
    return data;
}

/* Read a file that must be refused with `status`; returns the error. */
static struct admit_error read_refused(const char *path, size_t max, enum admit_status status)
{
    char *data = (char *)&data;   /* must be reset to NULL */
    size_t len = 99;
    struct admit_error err;
    admit_error_clear(&err);
    enum admit_status got = input_read(path, max, &data, &len, &err);
    if (got != status) {
        print_error("input_read(%s, %zu): expected status %d, got %d (%s)\n", path, max, status,
                    got, err.message);
        if (got == ADMIT_OK)
            free(data);
        fail();
    }
    assert_null(data);
    assert_int_equal(len, 0);
    assert_int_equal(err.status, status);
    return err;
}

static void test_read_small_file(void **state)
{
    struct fixture *fx = *state;
    static const char text[] = "{\"id\": \"Hồ sơ 1\"}\n";
    const char *path = make_file(fx, "small.json", text, sizeof text - 1);
    size_t len = 0;
    char *data = read_ok(path, 1024, &len);
    assert_int_equal(len, sizeof text - 1);
    assert_memory_equal(data, text, len);
    free(data);
}

/* Bytes are kept as they are, NUL bytes included. */
static void test_binary_content(void **state)
{
    struct fixture *fx = *state;
    static const char bytes[] = {'a', '\0', 'b', '\xFF', '\n', '\0'};
    const char *path = make_file(fx, "binary", bytes, sizeof bytes);
    size_t len = 0;
    char *data = read_ok(path, sizeof bytes, &len);
    assert_int_equal(len, sizeof bytes);
    assert_memory_equal(data, bytes, sizeof bytes);
    free(data);
}

static void test_exactly_max_and_one_more(void **state)
{
    struct fixture *fx = *state;
    static const char ten[] = "0123456789";
    const char *path = make_file(fx, "ten", ten, 10);
    size_t len = 0;
    char *data = read_ok(path, 10, &len);
    assert_int_equal(len, 10);
    assert_string_equal(data, ten);
    free(data);

    struct admit_error err = read_refused(path, 9, ADMIT_EINPUT);
    assert_string_equal(err.file, path);
    assert_string_equal(err.path, "");
    if (strstr(err.message, "at most 9 bytes") == NULL) {
        print_error("message: %s\n", err.message);
        fail();
    }
    read_refused(path, 0, ADMIT_EINPUT);

    i18n_set_lang(ADMIT_LANG_VI);
    err = read_refused(path, 9, ADMIT_EINPUT);
    assert_string_equal(err.message, "dữ liệu quá lớn: tối đa 9 byte");
}

/* Inputs larger than the first read chunk: the buffer grows up to the limit and no further. */
static void test_large_file(void **state)
{
    struct fixture *fx = *state;
    size_t size = 100000;
    char *big = malloc(size);
    assert_non_null(big);
    for (size_t i = 0; i < size; i++)
        big[i] = (char)('a' + i % 26);
    const char *path = make_file(fx, "big", big, size);
    size_t len = 0;
    char *data = read_ok(path, size, &len);
    assert_int_equal(len, size);
    assert_memory_equal(data, big, size);
    free(data);
    data = read_ok(path, 4u << 20, &len);
    assert_int_equal(len, size);
    free(data);
    free(big);

    struct admit_error err = read_refused(path, size - 1, ADMIT_EINPUT);
    assert_non_null(strstr(err.message, "at most 99999 bytes"));
    err = read_refused(path, 16384, ADMIT_EINPUT);
    assert_non_null(strstr(err.message, "at most 16384 bytes"));
}

static void test_empty_file(void **state)
{
    struct fixture *fx = *state;
    const char *path = make_file(fx, "empty", "", 0);
    size_t len = 7;
    char *data = read_ok(path, 1024, &len);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);
    /* Even with a limit of zero bytes. */
    data = read_ok(path, 0, &len);
    assert_int_equal(len, 0);
    free(data);
}

static void test_missing_file(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/no-such-file.json", fx->dir);
    struct admit_error err = read_refused(path, 1024, ADMIT_EIO);
    assert_string_equal(err.file, path);
    if (strstr(err.message, "cannot read the file") == NULL ||
        strstr(err.message, "No such file") == NULL) {
        print_error("message: %s\n", err.message);
        fail();
    }
    char line[2048];
    admit_error_format(&err, line, sizeof line);
    assert_non_null(strstr(line, "no-such-file.json: cannot read the file"));
}

/* A directory opens but cannot be read. */
static void test_directory(void **state)
{
    struct fixture *fx = *state;
    struct admit_error err = read_refused(fx->dir, 1024, ADMIT_EIO);
    assert_string_equal(err.file, fx->dir);
}

static void test_stdin(void **state)
{
    struct fixture *fx = *state;
    static const char text[] = "[1, 2, 3]";
    const char *path = make_file(fx, "stdin.json", text, sizeof text - 1);
    assert_string_equal(input_display_name("-"), "<stdin>");
    assert_string_equal(input_display_name(path), path);
    assert_non_null(freopen(path, "rb", stdin));
    size_t len = 0;
    char *data = read_ok("-", 1024, &len);
    assert_int_equal(len, sizeof text - 1);
    assert_string_equal(data, text);
    free(data);

    assert_non_null(freopen(path, "rb", stdin));
    struct admit_error err = read_refused("-", 4, ADMIT_EINPUT);
    assert_string_equal(err.file, "<stdin>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_small_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exactly_max_and_one_more, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stdin, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
