/* config_file.c - options set once by a committee's deployment (config_file.h). */
#include "config_file.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "jsontext.h"

static cJSON *config_doc;     /* kept for the process: options point into it */
static char config_file[1100];
static int config_read;

static void release(void)
{
    cJSON_Delete(config_doc);
    config_doc = NULL;
}

const char *config_path(void)
{
    return config_file[0] ? config_file : NULL;
}

/* The first configuration file that exists, or "" */
static void find(void)
{
    const char *env = getenv("ADMIT_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char user[1100] = "";
    struct stat st;
    if (xdg != NULL && xdg[0] == '/')
        snprintf(user, sizeof user, "%s/admit/config.json", xdg);
    else if (home != NULL && home[0] != '\0')
        snprintf(user, sizeof user, "%s/.config/admit/config.json", home);
    const char *candidates[] = {env, user, "/etc/admit/config.json"};
    for (size_t i = 0; i < 3; i++)
        if (candidates[i] != NULL && candidates[i][0] != '\0' && stat(candidates[i], &st) == 0) {
            snprintf(config_file, sizeof config_file, "%s", candidates[i]);
            return;
        }
}

static int bad(const char *key, const char *expected)
{
    cli_error(TR("%s: %s: cần %s", "%s: %s: expected %s"), config_file, key, expected);
    return -1;
}

int config_apply(struct cli_options *opt, int lang_given)
{
    if (!config_read) {
        struct admit_error err;
        config_read = 1;
        find();
        if (config_file[0] == '\0')
            return 0;
        if (jsontext_read_file(config_file, &config_doc, &err) != ADMIT_OK) {
            cli_print_error(&err);
            config_file[0] = '\0';
            return -1;
        }
        atexit(release);
        if (!cJSON_IsObject(config_doc))
            return bad("(root)", TR("một đối tượng JSON", "a JSON object"));
    }
    if (config_doc == NULL)
        return 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, config_doc) {
        const char *k = item->string;
        int is_text = cJSON_IsString(item) && item->valuestring[0] != '\0';
        if (strcmp(k, "profiles") == 0) {
            if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) > 16)
                return bad(k, TR("một danh sách thư mục", "a list of folders"));
            const cJSON *d;
            cJSON_ArrayForEach(d, item)
                if (!cJSON_IsString(d) || d->valuestring[0] == '\0')
                    return bad(k, TR("một danh sách thư mục", "a list of folders"));
            if (opt->profile_dir_count == 0)
                cJSON_ArrayForEach(d, item)
                    opt->profile_dirs[opt->profile_dir_count++] = d->valuestring;
        } else if (strcmp(k, "trust") == 0) {
            if (!is_text)
                return bad(k, TR("một thư mục", "a folder"));
            if (opt->trust_count == 0)
                opt->trust_dirs[opt->trust_count++] = item->valuestring;
        } else if (strcmp(k, "require_signed") == 0) {
            if (!cJSON_IsBool(item))
                return bad(k, "true/false");
            opt->require_signed |= cJSON_IsTrue(item);
        } else if (strcmp(k, "registry") == 0 || strcmp(k, "holidays") == 0 ||
                   strcmp(k, "profile") == 0) {
            if (!is_text)
                return bad(k, TR("một chuỗi", "a string"));
            const char **slot = k[0] == 'r' ? &opt->registry : k[0] == 'h' ? &opt->holidays : &opt->profile;
            if (*slot == NULL)
                *slot = item->valuestring;
        } else if (strcmp(k, "lang") == 0) {
            enum admit_lang lang;
            if (!is_text || i18n_parse(item->valuestring, &lang) != 0)
                return bad(k, "\"vi\" / \"en\"");
            if (!lang_given)
                i18n_set_lang(lang);
        } else if (strcmp(k, "$comment") != 0) {
            cli_error(TR("%s: khóa không hợp lệ \"%s\"; các khóa hợp lệ: profiles, trust, require_signed, "
                         "registry, holidays, lang, profile",
                         "%s: unknown key \"%s\"; allowed: profiles, trust, require_signed, registry, "
                         "holidays, lang, profile"),
                      config_file, k);
            return -1;
        }
    }
    return 0;
}
