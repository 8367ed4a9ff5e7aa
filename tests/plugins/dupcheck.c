/* dupcheck.c - a plugin registering a check id that good.c registers too. */
#include "admit_plugin.h"

static int check_pass(void *userdata, struct admit_call *call,
                      const struct admit_dossier *dossier, struct admit_outcome *outcome)
{
    (void)userdata, (void)call, (void)dossier, (void)outcome;
    return 0;
}

int admit_plugin_init(const struct admit_host *h, struct admit_plugin *plugin,
                      struct admit_plugin_info *info)
{
    static const struct admit_check_desc check = {
        .id = "test.plugin_check", .severity = "eligibility", .procedures = "admission",
        .codes = "ok", .cite = "Test rule 9", .fn = check_pass,
    };
    info->abi_version = ADMIT_PLUGIN_ABI_VERSION;
    info->name = "dupcheck";
    info->version = "1.0.0";
    if (h->register_check(plugin, &check) != 0) {
        h->error(plugin, "could not register test.plugin_check");
        return -1;
    }
    return 0;
}
