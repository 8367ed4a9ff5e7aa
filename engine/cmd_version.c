/* cmd_version.c - `admit version`. */
#include <lua.h>

#include "admit_plugin.h"
#include "cli.h"
#include "config_file.h"

int cmd_version(int argc, char **argv)
{
    struct cli_options opt;
    struct ruleset *rs = NULL;
    int code = cli_parse("version", argc, argv, &opt);
    if (code != 0)
        return code;
    printf("admit %s\n%s\nplugin ABI %u\n", ADMIT_VERSION, LUA_RELEASE, ADMIT_PLUGIN_ABI_VERSION);
    code = cli_load_ruleset(&opt, &rs);
    if (code != 0)
        return code;
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
