/* initfail.c - a plugin whose init fails and says why. */
#include "admit_plugin.h"

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "initfail";
    info->version = "1.0.0";
    h->error(plugin, "cannot open %s: %s", "/nonexistent/members.db", "no such file");
    return -1;
}
