/*
 * plugin_internal.h - internal to engine/plugin.c and engine/plugin_host.c;
 * no other file includes it.  The public API is engine/plugin.h.
 *
 * The host side (plugin_host.c: the functions of plugins/admit_plugin.h's
 * host table) and the loader (plugin.c: loading sets and calling into them)
 * share the state below and the few host-side pieces the loader needs.
 */
#ifndef ADMIT_PLUGIN_INTERNAL_H
#define ADMIT_PLUGIN_INTERNAL_H

#include <stddef.h>

#include "plugin.h"

/* Longest plugin name and version accepted (they go into every result). */
#define NAME_MAX_LEN 64
#define VERSION_MAX_LEN 64
/* Room for a message a plugin gives during init. */
#define PLUGIN_MESSAGE_MAX 512

/* -- host-side state ---------------------------------------------------- */

/* One loaded plugin; also the handle its init receives, so its address
 * stays fixed for the life of the set (a plugin may keep it for log()). */
struct admit_plugin {
    char *path;                 /* dir/file, owned */
    char *file;                 /* the entry name, for messages; owned */
    char *name;                 /* copied from info once accepted; owned */
    char *version;              /* likewise */
    char sha256[SHA256_HEX_SIZE];
    void *handle;               /* from dlopen */
    void (*shutdown)(void);
    struct plugin_set *set;     /* where registrations go */
    int loading;                /* inside admit_plugin_init: may register */
    int registration_failed;
    char registration_error[PLUGIN_MESSAGE_MAX];  /* the first failure */
    char init_error[PLUGIN_MESSAGE_MAX];          /* host->error, the last */
    int init_input_error;       /* that message came from host->input_error */
};

struct plugin_set {
    struct admit_plugin **plugins;  /* in load order; owned */
    size_t count, alloc;
    struct plugin_function *functions;
    size_t nfunctions, afunctions;
    struct plugin_check *checks;
    size_t nchecks, achecks;
};

/* The handle of a dossier given to a check. */
struct admit_dossier {
    const struct dossier *dossier;
};

/* One call of a function or check. */
struct admit_call {
    const struct plugin_call_env *env;
    int failed;
    char error[ADMIT_ERROR_MAX];    /* the first failure of the call */
    char *string;                   /* call_return_string's copy; owned */
};

/* The outcome a check builds, tied to its call for error reports. */
struct admit_outcome {
    struct outcome *out;
    struct admit_call *call;
    int status_set;                 /* outcome_set was called */
};

/* -- from plugin_host.c, for the loader --------------------------------- */

/* The table every plugin's init receives; lives for the whole process. */
extern const struct admit_host plugin_host_table;

/* A malloc'd copy of `s` (not NULL); caller frees; NULL when out of memory. */
char *plugin_host_copy_string(const char *s);

/* 1 when `s` is [a-z][a-z0-9_]* of at most `max` bytes; 0 otherwise and
 * for NULL. */
int plugin_host_is_lower_identifier(const char *s, size_t max);

/* 1 when `s` (not NULL) is a Lua keyword: a name rules could not write
 * after a dot. */
int plugin_host_is_lua_keyword(const char *s);

/* Free the strings a registered check owns and zero it. */
void plugin_host_check_release(struct plugin_check *c);

/* Fail the call; the first message is kept. */
void plugin_host_call_fail(struct admit_call *call, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
