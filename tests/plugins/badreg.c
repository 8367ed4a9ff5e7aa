/*
 * badreg.c - a plugin that ignores a failed registration (a function name
 * Lua cannot use) and returns 0 anyway: the host must still refuse it.
 */
#include "admit_plugin.h"

static int fn_nothing(void *userdata, struct admit_call *call, int argc,
                      const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata, (void)call, (void)argc, (void)argv, (void)ret;
    return 0;
}

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    static const struct admit_function_desc fn = {.name = "not-a-name", .fn = fn_nothing};
    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "badreg";
    info->version = "1.0.0";
    (void)h->register_function(plugin, &fn);
    return 0;
}
