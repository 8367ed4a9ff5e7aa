/*
 * paths.h - where admit finds its rules, schemas and plugins by default.
 *
 * From the source tree (the binary is build/admit, ./admit links to it, and
 * rules/ sits in the parent of the binary's directory): rules/ and schemas/
 * of the tree, and the plugins built beside the binary (build/plugins).
 * Installed: $(PREFIX)/share/admit/{rules,schemas} and
 * $(PREFIX)/lib/admit/plugins, found from the binary's directory
 * (PREFIX/bin), else the PREFIX fixed at build time.
 */
#ifndef ADMIT_PATHS_H
#define ADMIT_PATHS_H

#include <stddef.h>

struct admit_paths {
    char rules[1024];
    char schemas[1024];
    char plugins[1024];
    int in_tree;          /* 1: found from the source tree */
};

/* Fill `p` with the default locations.  Never fails: the installed paths are
 * the fallback. */
void paths_default(struct admit_paths *p);

#endif
