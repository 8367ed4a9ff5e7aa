/* cmd_version.c - `admit version`: what is running, and with which rules and plugins. */
#include <lua.h>
#include <stdlib.h>

#include "admit_plugin.h"
#include "cli.h"
#include "config_file.h"

static const struct cli_option_use options[] = {
    {CLI_OPT_FORMAT, NULL, NULL},
    {CLI_OPT_LANG, NULL, NULL},
    {CLI_OPT_RULES, NULL, NULL},
    {CLI_OPT_PLUGINS, NULL, NULL},
    {CLI_OPT_REGISTRY, "sổ đảng viên cho plugin registry (để nạp nó như lệnh check)",
     "member registry for the registry plugin (to load it as check does)"},
    {CLI_OPT_HOLIDAYS, NULL, NULL},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "version",
    "admit version [tùy chọn]",
    "admit version [options]",
    "Phiên bản bộ máy, phiên bản Lua, phiên bản ABI plugin, mã băm của bộ quy tắc và các\n"
    "plugin đã nạp (tên, phiên bản, sha256, đường dẫn).",
    "The engine version, the Lua version, the plugin ABI version, the rulebook's digest\n"
    "and the loaded plugins (name, version, sha256, path).",
    "text,json", options,
    "Mã thoát: 0 được, 2 dữ liệu sai, 3 bộ quy tắc hoặc plugin không nạp được.",
    "Exit codes: 0 done, 2 invalid input, 3 the rulebook or a plugin does not load.",
};

/* The JSON form: {"format": "admit.version/1", "engine", "lua", "plugin_abi", "rules", "plugins"}. */
char *cmd_version_json(const struct ruleset *rs)
{
    const struct plugin_set *plugins = ruleset_plugins(rs);
    cJSON *doc = cJSON_CreateObject(), *list;
    int ok = doc != NULL && cJSON_AddStringToObject(doc, "format", "admit.version/1") &&
             cJSON_AddStringToObject(doc, "engine", ADMIT_VERSION) &&
             cJSON_AddStringToObject(doc, "lua", LUA_RELEASE) &&
             cJSON_AddNumberToObject(doc, "plugin_abi", ADMIT_PLUGIN_ABI_VERSION) &&
             cJSON_AddStringToObject(doc, "rules", ruleset_digest(rs)) &&
             (list = cJSON_AddArrayToObject(doc, "plugins")) != NULL;
    for (size_t i = 0; ok && i < plugin_set_count(plugins); i++) {
        cJSON *p = cJSON_CreateObject();
        ok = p != NULL && cJSON_AddItemToArray(list, p) &&
             cJSON_AddStringToObject(p, "name", plugin_set_name(plugins, i)) &&
             cJSON_AddStringToObject(p, "version", plugin_set_version(plugins, i)) &&
             cJSON_AddStringToObject(p, "sha256", plugin_set_sha256(plugins, i)) &&
             cJSON_AddStringToObject(p, "path", plugin_set_path(plugins, i));
    }
    char *text = ok ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    return text;
}

static int print_json(const struct ruleset *rs)
{
    char *text = cmd_version_json(rs);
    if (text == NULL) {
        cli_error("%s", TR("hết bộ nhớ", "out of memory"));
        return EXIT_ENGINE;
    }
    puts(text);
    free(text);
    return 0;
}

int cmd_version(int argc, char **argv)
{
    struct cli_options opt;
    struct ruleset *rs = NULL;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count != 0) {
        cli_error(TR("version: không nhận đối số \"%s\" (xem admit version --help)",
                     "version: takes no argument \"%s\" (see admit version --help)"),
                  opt.args[0]);
        return EXIT_INPUT;
    }
    if (opt.format == FORMAT_TEXT)
        printf("admit %s\n%s\nplugin ABI %u\n", ADMIT_VERSION, LUA_RELEASE,
               ADMIT_PLUGIN_ABI_VERSION);
    code = cli_load_ruleset(&opt, &rs);
    if (code != 0)
        return code;
    if (opt.format == FORMAT_JSON) {
        code = print_json(rs);
        ruleset_free(rs);
        return code;
    }
    const struct plugin_set *plugins = ruleset_plugins(rs);
    printf("rules %s\n", ruleset_digest(rs));
    printf("%s %s\n", TR("cấu hình", "config"), config_path() ? config_path() : TR("(không có)", "(none)"));
    for (size_t i = 0; i < plugin_set_count(plugins); i++)
        printf("plugin %s %s sha256:%s %s\n", plugin_set_name(plugins, i),
               plugin_set_version(plugins, i), plugin_set_sha256(plugins, i),
               plugin_set_path(plugins, i));
    if (plugin_set_count(plugins) == 0)
        puts(TR("(không có plugin nào được nạp)", "(no plugins loaded)"));
    ruleset_free(rs);
    return 0;
}
