/*
 * support.c - fixture helpers shared by the unit tests; contracts in
 * support.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

/* How many levels of subdirectories support_remove_tree goes down. */
#define REMOVE_DEPTH 4

static const char *env_or(const char *name, const char *fallback)
{
    const char *value = getenv(name);
    return value != NULL && value[0] != '\0' ? value : fallback;
}

const char *support_build_dir(void)
{
    return env_or("ADMIT_BUILD", "build");
}

const char *support_test_plugins_dir(void)
{
    return env_or("ADMIT_TEST_PLUGINS", "build/tests/plugins");
}

const char *support_path(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        fail_msg("the path %s/%s does not fit in %zu bytes", dir, name, size);
    return buf;
}

int support_temp_dir(char *dir, size_t size, const char *tag)
{
    int n = snprintf(dir, size, "/tmp/admit-%s-XXXXXX", tag);
    if (n < 0 || (size_t)n >= size)
        return -1;
    return mkdtemp(dir) == NULL ? -1 : 0;
}

/* `levels`: how many levels of subdirectories below `dir` may still be
 * entered.  An entry that unlink() refuses is taken for a directory. */
static void remove_tree(const char *dir, int levels)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
            char path[512];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (n < 0 || (size_t)n >= sizeof path)
                continue;   /* not a name this suite makes */
            if (unlink(path) != 0 && levels > 0)
                remove_tree(path, levels - 1);
        }
        closedir(d);
    }
    rmdir(dir);
}

void support_remove_tree(const char *dir)
{
    remove_tree(dir, REMOVE_DEPTH);
}

int support_copy_file(const char *src, const char *dst)
{
    char buf[8192];
    int in = open(src, O_RDONLY);
    if (in < 0)
        return -1;
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(out >= 0);
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        assert_true(n >= 0);
        if (n == 0)
            break;
        assert_int_equal(write(out, buf, (size_t)n), n);
    }
    close(in);
    close(out);
    return 0;
}

void support_write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fail_msg("cannot create %s: %s", path, strerror(errno));
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

void support_write_text(const char *path, const char *text)
{
    support_write_file(path, text, strlen(text));
}

char *support_read_file(const char *path, size_t limit)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        fail_msg("cannot open %s (run the tests from the repository root)", path);
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (;;) {
        if (cap - len < 2) {   /* room for one more byte and the terminator */
            cap *= 2;
            char *bigger = realloc(buf, cap);
            assert_non_null(bigger);
            buf = bigger;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, fp);
        len += n;
        if (len >= limit) {
            fclose(fp);
            free(buf);
            fail_msg("%s has %zu bytes or more, more than the test reads", path, limit);
        }
        if (n == 0)
            break;
    }
    int broken = ferror(fp);
    fclose(fp);
    if (broken) {
        free(buf);
        fail_msg("cannot read %s", path);
    }
    buf[len] = '\0';
    return buf;
}

int support_plugin_dir(const char *plugin, char *dir, size_t dir_size, char *plugins,
                       size_t plugins_size)
{
    char src[512], dst[512];
    int rc = -1;
    if (support_temp_dir(dir, dir_size, plugin) != 0)
        return -1;
    int n = snprintf(plugins, plugins_size, "%s/plugins", dir);
    int s = snprintf(src, sizeof src, "%s/plugins/%s.so", support_build_dir(), plugin);
    int d = snprintf(dst, sizeof dst, "%s/%s.so", plugins, plugin);
    if (n < 0 || (size_t)n >= plugins_size || s < 0 || (size_t)s >= sizeof src || d < 0 ||
        (size_t)d >= sizeof dst || mkdir(plugins, 0755) != 0)
        goto done;
    if (support_copy_file(src, dst) != 0) {
        fprintf(stderr, "cannot open %s: build the plugins first (make)\n", src);
        goto done;
    }
    rc = 0;
done:
    if (rc != 0)
        support_remove_tree(dir);   /* nothing left behind */
    return rc;
}

enum admit_status support_load_plugins(const char *dir, struct plugin_set **set,
                                       struct admit_error *err)
{
    plugin_set_free(*set);
    *set = NULL;
    admit_error_clear(err);
    return plugin_set_load_dir(dir, set, err);
}

void support_print_error(const char *what, const struct admit_error *err)
{
    char line[2048];
    print_error("%s: %s\n", what, admit_error_format(err, line, sizeof line));
}
