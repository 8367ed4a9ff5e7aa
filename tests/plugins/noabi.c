/* noabi.c - a plugin that forgets to set info->abi_version. */
#include "admit_plugin.h"

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    (void)h, (void)plugin;
    info->name = "noabi";
    info->version = "1.0.0";
    return 0;
}
