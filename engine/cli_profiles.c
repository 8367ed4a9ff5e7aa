/*
 * cli_profiles.c - the committee profiles a command runs with: loaded once
 * per process from the --profiles folders and rules/profiles, every
 * violation printed before any dossier is read (docs/profiles.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "alloc.h"
#include "paths.h"
#include "profile_load.h"
#include "strbuf.h"

static struct profile_set *loaded;
static struct rulebook *loaded_book;

/* Sets replaced by cli_profiles_reload: the rulesets of an older serve
 * generation still point into them, and live until exit. */
struct retired_profiles {
    struct profile_set *set;
    struct rulebook *book;
    struct retired_profiles *older;
};
static struct retired_profiles *retired;

static void release_profiles(void)
{
    profile_set_free(loaded);
    rulebook_free(loaded_book);
    loaded = NULL;
    loaded_book = NULL;
    while (retired != NULL) {
        struct retired_profiles *r = retired;
        retired = r->older;
        profile_set_free(r->set);
        rulebook_free(r->book);
        free(r);
    }
}

int cli_profiles_reload(void)
{
    if (loaded == NULL)
        return 0;
    struct retired_profiles *r = malloc(sizeof *r);
    if (r == NULL)
        return -1;
    *r = (struct retired_profiles){loaded, loaded_book, retired};
    retired = r;
    loaded = NULL;
    loaded_book = NULL;
    return 0;
}

/* The folders of trusted keys: --trust, else the defaults (docs/profiles.md). */
size_t cli_trust_dirs(const struct cli_options *opt, const char **dirs, size_t max)
{
    static char user[1100];
    size_t n = 0;
    for (int i = 0; i < opt->trust_count && n < max; i++)
        dirs[n++] = opt->trust_dirs[i];
    if (n > 0)
        return n;
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg != NULL && xdg[0] == '/')
        snprintf(user, sizeof user, "%s/admit/trusted-keys", xdg);
    else if (home != NULL && home[0] != '\0')
        snprintf(user, sizeof user, "%s/.config/admit/trusted-keys", home);
    if (user[0] && n < max)
        dirs[n++] = user;
    if (n < max)
        dirs[n++] = "/etc/admit/trusted-keys";
    return n;
}

int cli_load_profiles(const struct cli_options *opt, const struct profile_set **set,
                      const struct profile **out)
{
    return cli_load_profiles_building(opt, NULL, set, out);
}

int cli_load_profiles_building(const struct cli_options *opt, const char *building,
                               const struct profile_set **set, const struct profile **out)
{
    struct admit_paths defaults;
    struct admit_error err;
    char shipped[1100];

    *out = NULL;
    *set = NULL;
    paths_default(&defaults);
    admit_error_clear(&err);
    const char *rules = opt->rules_dir ? opt->rules_dir : defaults.rules;
    if (loaded == NULL) {
        struct strbuf violations;
        if (rulebook_load(rules, &loaded_book, &err) != ADMIT_OK) {
            cli_print_error(&err);
            return EXIT_ENGINE;
        }
        snprintf(shipped, sizeof shipped, "%s/profiles", rules);
        const char *trust[16], *dirs[20];
        size_t ndirs = 0;
        for (int i = 0; i < opt->profile_dir_count; i++)
            dirs[ndirs++] = opt->profile_dirs[i];
        if (building != NULL)
            dirs[ndirs++] = building;
        struct profile_sources src = {dirs, ndirs, shipped, defaults.schemas, trust,
                                      cli_trust_dirs(opt, trust, 16), opt->require_signed, building};
        strbuf_init(&violations);
        unsigned long failures = alloc_failures();
        enum admit_status status = profile_set_load(&src, loaded_book, &loaded, &violations, &err);
        if (status != ADMIT_OK && alloc_failures() != failures) {
            /* a violation seen while memory ran out may be false: say only that */
            profile_set_free(loaded);
            loaded = NULL;
            cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        } else if (status != ADMIT_OK) {
            if (violations.len > 0) {
                /* every violation, one line each */
                for (char *line = violations.buf; *line;) {
                    char *nl = strchr(line, '\n');
                    if (nl != NULL)
                        *nl = '\0';
                    cli_error("%s", line);
                    line = nl ? nl + 1 : line + strlen(line);
                }
            } else {
                cli_print_error(&err);
            }
        }
        if (status != ADMIT_OK) {
            strbuf_release(&violations);
            rulebook_free(loaded_book);
            loaded_book = NULL;
            return EXIT_ENGINE;
        }
        strbuf_release(&violations);
        static int registered;
        if (!registered++)
            atexit(release_profiles);
    }
    *set = loaded;
    if (opt->profile != NULL && strcmp(opt->profile, "central") != 0) {
        *out = profile_set_find(loaded, opt->profile);
        if (*out == NULL) {
            struct strbuf known;
            strbuf_init(&known);
            cli_profile_ids(loaded, &known);
            cli_error(TR("không có hồ sơ cấp ủy (profile) \"%s\"; hiện có: %s",
                         "unknown profile \"%s\"; available: %s"),
                      opt->profile, known.buf);
            strbuf_release(&known);
            return EXIT_INPUT;
        }
    }
    return 0;
}

void cli_profile_ids(const struct profile_set *set, struct strbuf *out)
{
    strbuf_puts(out, "central");
    for (size_t i = 0; i < profile_set_count(set); i++)
        strbuf_addf(out, ", %s", profile_set_at(set, i)->id);
}

size_t cli_profile_names(const struct profile *p, const char **names, size_t max)
{
    const struct profile *chain[PROFILE_CHAIN_MAX];
    size_t n = p ? profile_chain(p, chain, PROFILE_CHAIN_MAX) : 0, k = 0;
    if (max > 0)
        names[k++] = "central";
    for (size_t i = 0; i < n && k < max; i++)
        names[k++] = chain[i]->id;
    return k;
}

int cli_load_run(const struct cli_options *opt, const struct profile_set **set,
                 struct ruleset **out)
{
    const struct profile *profile = NULL;
    int code;
    *out = NULL;
    /* Without a profile named, the central rulebook loads first: its own
     * errors come before any about the profiles. */
    if (opt->profile == NULL || strcmp(opt->profile, "central") == 0) {
        code = cli_load_ruleset_for(opt, NULL, out);
        if (code == 0 && (code = cli_load_profiles(opt, set, &profile)) != 0) {
            ruleset_free(*out);
            *out = NULL;
        }
        return code;
    }
    code = cli_load_profiles(opt, set, &profile);
    return code != 0 ? code : cli_load_ruleset_for(opt, profile, out);
}
