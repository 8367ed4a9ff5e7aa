/*
 * cmd_pack.c - `admit pack build DIR` (write the manifest of a profile pack)
 * and `admit pack verify DIR` (check its minisign signature and files).
 * admit never signs: the committee signs pack.json with minisign.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"
#include "jsontext.h"
#include "pack_verify.h"
#include "profile_load.h"
#include "sha256.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_TRUST, "(verify) thư mục khóa công khai tin cậy; mặc định $XDG_CONFIG_HOME/admit/trusted-keys, "
                    "rồi /etc/admit/trusted-keys",
     "(verify) folder of trusted public keys; default $XDG_CONFIG_HOME/admit/trusted-keys, "
     "then /etc/admit/trusted-keys"},
    {CLI_OPT_PROFILES, "(build) các thư mục hồ sơ cấp trên mà gói cần",
     "(build) the folders of the ancestor profiles the pack needs"},
    {CLI_OPT_RULES, NULL, NULL},
    {CLI_OPT_PLUGINS, NULL, NULL},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "pack",
    "admit pack build THƯ_MỤC [tùy chọn]\n"
    "admit pack verify THƯ_MỤC [--trust THƯ_MỤC_KHÓA]",
    "admit pack build DIR [options]\n"
    "admit pack verify DIR [--trust KEYDIR]",
    "build: kiểm tra các hồ sơ cấp ủy của thư mục rồi ghi THƯ_MỤC/pack.json (các tệp, SHA-256,\n"
    "kích thước); sau đó cấp ủy ký bằng: minisign -S -s KHÓA -m THƯ_MỤC/pack.json\n"
    "verify: xác minh chữ ký pack.json.minisig bằng các khóa tin cậy (*.pub của minisign)\n"
    "và từng tệp của gói. admit không bao giờ ký.",
    "build: check the committee profiles of DIR, then write DIR/pack.json (files, SHA-256,\n"
    "sizes); the committee then signs it with: minisign -S -s KEY -m DIR/pack.json\n"
    "verify: check pack.json.minisig against the trusted keys (minisign *.pub files) and\n"
    "every file of the pack. admit never signs.",
    NULL, options,
    "Mã thoát: 0 hợp lệ, 2 dùng sai lệnh, 3 gói hoặc hồ sơ cấp ủy không hợp lệ.",
    "Exit codes: 0 valid, 2 usage error, 3 invalid pack or profiles.",
};

/* The previous manifest's name and revision, if any. */
static void previous(const char *dir, char *name, size_t size, long *revision)
{
    char path[1100];
    cJSON *doc = NULL;
    const char *base = strrchr(dir, '/');
    /* a folder name longer than `size` is cut: the name is for people, the
     * revision and the files are what is checked */
    if (snprintf(name, size, "%s", base && base[1] ? base + 1 : dir) >= (int)size)
        name[size - 1] = '\0';
    *revision = 0;
    snprintf(path, sizeof path, "%s/%s", dir, PACK_MANIFEST);
    if (jsontext_read_file(path, &doc, NULL) != ADMIT_OK)
        return;
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(doc, "name");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(doc, "revision");
    if (cJSON_IsString(n) && n->valuestring[0])
        snprintf(name, size, "%s", n->valuestring);
    if (cJSON_IsNumber(r) && r->valuedouble >= 0 && r->valuedouble < 1e9)
        *revision = (long)r->valuedouble;
    cJSON_Delete(doc);
}

static int build(const struct cli_options *opt, const char *dir)
{
    const struct profile_set *set;
    const struct profile *unused;
    struct admit_error err;
    char **files = NULL, name[128], path[1100], date[DATE_TEXT_SIZE];
    size_t count = 0;
    long revision;
    int code = cli_load_profiles_building(opt, dir, &set, &unused);
    if (code != 0)
        return code;
    /* Every rule file of the folder's profiles must load too. */
    for (size_t i = 0; i < profile_set_count(set); i++) {
        const struct profile *p = profile_set_at(set, i);
        struct ruleset *rs = NULL;
        if (strcmp(p->dir, dir) != 0)
            continue;
        code = cli_load_ruleset_for(opt, p, &rs);
        ruleset_free(rs);
        if (code != 0)
            return EXIT_ENGINE;
    }
    admit_error_clear(&err);
    if (pack_list_files(dir, &files, &count, &err) != ADMIT_OK) {
        cli_print_error(&err);
        return EXIT_ENGINE;
    }
    previous(dir, name, sizeof name, &revision);
    date_format_iso(cli_today(), date);
    cJSON *doc = cJSON_CreateObject(), *ids, *list;
    cJSON_AddStringToObject(doc, "format", "admit.pack/1");
    cJSON_AddStringToObject(doc, "name", name);
    cJSON_AddNumberToObject(doc, "revision", (double)(revision + 1));
    cJSON_AddStringToObject(doc, "created", date);
    ids = cJSON_AddArrayToObject(doc, "profiles");
    for (size_t i = 0; i < profile_set_count(set); i++)
        if (strcmp(profile_set_at(set, i)->dir, dir) == 0)
            cJSON_AddItemToArray(ids, cJSON_CreateString(profile_set_at(set, i)->id));
    list = cJSON_AddArrayToObject(doc, "files");
    for (size_t i = 0; i < count && code == 0; i++) {
        char hex[SHA256_HEX_SIZE];
        char *text = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (input_read(path, 16u << 20, &text, &len, &err) != ADMIT_OK) {
            cli_print_error(&err);
            code = EXIT_ENGINE;
            break;
        }
        sha256_hex(text, len, hex);
        free(text);
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "path", files[i]);
        cJSON_AddStringToObject(f, "sha256", hex);
        cJSON_AddNumberToObject(f, "bytes", (double)len);
        cJSON_AddItemToArray(list, f);
    }
    for (size_t i = 0; i < count; i++)
        free(files[i]);
    free(files);
    char *text = code == 0 ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (code == 0) {
        snprintf(path, sizeof path, "%s/%s", dir, PACK_MANIFEST);
        FILE *f = text ? fopen(path, "w") : NULL;
        if (f == NULL || fputs(text, f) < 0 || fputc('\n', f) < 0 || fclose(f) != 0) {
            cli_error(TR("%s: không ghi được", "%s: cannot be written"), path);
            code = EXIT_ENGINE;
        } else {
            printf(TR("%s: gói \"%s\" bản %ld, %zu tệp.  Ký bằng: minisign -S -s KHÓA -m %s\n",
                      "%s: pack \"%s\" revision %ld, %zu files.  Sign it with: minisign -S -s KEY -m %s\n"),
                   path, name, revision + 1, count, path);
        }
    }
    free(text);
    return code;
}

static int verify(const struct cli_options *opt, const char *dir)
{
    const char *trust[16];
    struct pack_info info;
    struct admit_error err;
    admit_error_clear(&err);
    size_t n = cli_trust_dirs(opt, trust, 16);
    if (pack_verify(dir, trust, n, &info, &err) != ADMIT_OK) {
        char line[ADMIT_ERROR_MAX + 600];
        cli_error("%s %s: %s", TR("gói", "pack"), dir, admit_error_format(&err, line, sizeof line));
        return EXIT_ENGINE;
    }
    printf(TR("%s: gói \"%s\" bản %ld, ký bởi khóa %s: hợp lệ\n",
              "%s: pack \"%s\" revision %ld, signed by key %s: valid\n"),
           dir, info.name, info.revision, info.key_id);
    return 0;
}

int cmd_pack(int argc, char **argv)
{
    struct cli_options opt;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count != 2 || (strcmp(opt.args[0], "build") != 0 && strcmp(opt.args[0], "verify") != 0)) {
        cli_error("%s", TR("pack: cần \"build THƯ_MỤC\" hoặc \"verify THƯ_MỤC\" (xem admit pack --help)",
                           "pack: expected \"build DIR\" or \"verify DIR\" (see admit pack --help)"));
        return EXIT_INPUT;
    }
    /* A trailing slash would make the folder's profiles look foreign. */
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", opt.args[1]);
    for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
        dir[len - 1] = '\0';
    return strcmp(opt.args[0], "build") == 0 ? build(&opt, dir) : verify(&opt, dir);
}
