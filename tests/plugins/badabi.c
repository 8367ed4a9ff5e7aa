/*
 * badabi.c - a plugin built for a future ABI 2: it says so in info and, as
 * a plugin should, refuses a host older than what it was built for.
 */
#include "admit_plugin.h"

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    info->abi_version = 2;
    info->name = "badabi";
    info->version = "2.0.0";
    if (h->abi_version < 2) {
        h->error(plugin, "this plugin needs plugin ABI 2, the host has %u", (unsigned)h->abi_version);
        return -1;
    }
    return 0;
}
