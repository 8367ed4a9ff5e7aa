/* minimal.c - the smallest useful admit plugin (docs/writing-plugins.md). */
#include "admit_plugin.h"

static const struct admit_host *host;

/* plugins.minimal.days_between(from, to): the days from one date to another. */
static int days_between(void *userdata, struct admit_call *call, int argc,
                        const struct admit_value *argv, struct admit_value *ret)
{
    (void)userdata;
    if (argc != 2 || argv[0].type != ADMIT_VALUE_INT || argv[1].type != ADMIT_VALUE_INT) {
        host->call_error(call, "expected two dates");
        return -1;
    }
    ret->type = ADMIT_VALUE_INT;
    ret->as.integer = argv[1].as.integer - argv[0].as.integer;
    return 0;
}

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    static const struct admit_function_desc fn = {
        .name = "days_between", .fn = days_between, .userdata = NULL, .pure = 1,
    };

    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "minimal";
    info->version = "1.0.0";
    if (h->abi_version < ADMIT_PLUGIN_ABI_VERSION || h->size < sizeof *h) {
        h->error(plugin, "admit is too old for this plugin");
        return -1;
    }
    host = h;
    return h->register_function(plugin, &fn);
}
