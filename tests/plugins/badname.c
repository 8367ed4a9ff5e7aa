/* badname.c - a plugin whose name rules could not write as plugins.NAME. */
#include "admit_plugin.h"

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    (void)h, (void)plugin;
    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "Bad-Name";
    info->version = "1.0.0";
    return 0;
}
