/* dupname.c - a plugin that calls itself "good", like good.c. */
#include "admit_plugin.h"

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    (void)h, (void)plugin;
    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "good";
    info->version = "9.9.9";
    return 0;
}
