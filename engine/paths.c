/* paths.c - default locations, from the running binary. */
#include "paths.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef ADMIT_DATADIR
#define ADMIT_DATADIR "/usr/local/share/admit"
#endif
#ifndef ADMIT_PLUGINDIR
#define ADMIT_PLUGINDIR "/usr/local/lib/admit/plugins"
#endif

/* The directory of the running binary (symlinks resolved), or "" */
static void exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0) {
        buf[0] = '\0';
        return;
    }
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash != NULL)
        *slash = '\0';
}

/* Room for the binary's directory: every path built from it must fit the
 * 1024 bytes of struct admit_paths with the longest suffix added below. */
#define EXE_DIR_MAX 960

void paths_default(struct admit_paths *p)
{
    char dir[EXE_DIR_MAX], probe[EXE_DIR_MAX + 64];
    exe_dir(dir, sizeof dir);
    snprintf(probe, sizeof probe, "%s/../rules/catalog.json", dir);
    p->in_tree = dir[0] != '\0' && access(probe, R_OK) == 0;
    if (p->in_tree) {
        snprintf(p->rules, sizeof p->rules, "%s/../rules", dir);
        snprintf(p->schemas, sizeof p->schemas, "%s/../schemas", dir);
        snprintf(p->plugins, sizeof p->plugins, "%s/plugins", dir);
        return;
    }
    /* Installed under some prefix: PREFIX/bin/admit finds PREFIX/share/admit,
     * whatever PREFIX was when the binary was compiled (make install
     * PREFIX=... after a plain make does not recompile). */
    snprintf(probe, sizeof probe, "%s/../share/admit/rules/catalog.json", dir);
    if (dir[0] != '\0' && access(probe, R_OK) == 0) {
        snprintf(p->rules, sizeof p->rules, "%s/../share/admit/rules", dir);
        snprintf(p->schemas, sizeof p->schemas, "%s/../share/admit/schemas", dir);
        snprintf(p->plugins, sizeof p->plugins, "%s/../lib/admit/plugins", dir);
    } else {
        snprintf(p->rules, sizeof p->rules, "%s/rules", ADMIT_DATADIR);
        snprintf(p->schemas, sizeof p->schemas, "%s/schemas", ADMIT_DATADIR);
        snprintf(p->plugins, sizeof p->plugins, "%s", ADMIT_PLUGINDIR);
    }
}
