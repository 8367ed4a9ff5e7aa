/* other.c - a second valid test plugin, to test load and unload order. */
#include "admit_plugin.h"

static const struct admit_host *host;
static struct admit_plugin *self;

/* twice(x): 2 * x for an integer. */
static int fn_twice(void *userdata, struct admit_call *call, int argc,
                    const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata;
    if (argc != 1 || argv[0].type != ADMIT_VALUE_INT) {
        host->call_error(call, "twice expects an integer");
        return -1;
    }
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = 2 * argv[0].as.integer;
    return 0;
}

static void shutdown_other(void)
{
    host->log(self, 0, "other shutdown");
}

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    static const struct admit_function_desc twice = {.name = "twice", .fn = fn_twice, .pure = 1};
    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "other";
    info->version = "0.1";
    info->shutdown = shutdown_other;
    host = h;
    self = plugin;
    return h->register_function(plugin, &twice);
}
