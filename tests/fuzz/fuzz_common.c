/* fuzz_common.c - loading and scratch files for the harnesses (fuzz_common.h). */
#include "fuzz_common.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "date.h"
#include "outcome.h"
#include "paths.h"
#include "plugin.h"

/* The directory of the harness binary (BUILD-FUZZ). */
static const char *build_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0] == '\0') {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        if (n <= 0)
            abort();
        dir[n] = '\0';
        char *slash = strrchr(dir, '/');
        if (slash != NULL)
            *slash = '\0';
    }
    return dir;
}

struct ruleset *fuzz_ruleset(void)
{
    static struct ruleset *rs;
    if (rs != NULL)
        return rs;
    static char registry[PATH_MAX + 32];
    const char *env = getenv("FUZZ_REGISTRY");
    snprintf(registry, sizeof registry, "%s/fuzz-registry.db", build_dir());
    alloc_install_cjson_hooks();
    if (plugin_host_set_option("registry", env != NULL ? env : registry) != 0 ||
        plugin_host_set_option("lang", "en") != 0)
        abort();
    struct admit_paths defaults;
    struct admit_error err;
    paths_default(&defaults);
    struct ruleset_paths paths = {defaults.rules, defaults.schemas, defaults.plugins, 0, NULL};
    admit_error_clear(&err);
    i18n_set_lang(ADMIT_LANG_EN);
    if (ruleset_load(&paths, &rs, &err) != ADMIT_OK) {
        char line[ADMIT_ERROR_MAX + 600];
        fprintf(stderr, "fuzz: the ruleset does not load: %s\n",
                admit_error_format(&err, line, sizeof line));
        abort();
    }
    return rs;
}

struct eval_options fuzz_eval_options(void)
{
    struct eval_options opt = {OUTCOME_NO_DAY, 0, ADMIT_LANG_EN, sandbox_default_limits,
                               NULL, 0};
    opt.today = date_from_ymd(2025, 6, 1);
    return opt;
}

const char *fuzz_write_file(const uint8_t *data, size_t size, const char *name)
{
    static char path[PATH_MAX + 64];
    char dir[PATH_MAX + 32], link[PATH_MAX + 32], target[PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/fuzz-tmp", build_dir());
    mkdir(dir, 0755);
    snprintf(link, sizeof link, "%s/examples", dir);
    snprintf(target, sizeof target, "%s/../examples", build_dir());
    if (access(link, F_OK) != 0 && symlink(target, link) != 0)
        abort();
    snprintf(dir, sizeof dir, "%s/fuzz-tmp/a", build_dir());
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/fuzz-tmp/a/b", build_dir());
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/%ld-%s", dir, (long)getpid(), name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    return path;
}
