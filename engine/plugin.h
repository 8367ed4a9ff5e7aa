/*
 * plugin.h - the plugin host: loading native plugins and calling them.
 *
 * A `struct plugin_set` owns every plugin loaded from one directory, in file
 * name order, with what each registered (functions for rules, whole checks).
 * It is built once per process, before any evaluation, and is read-only
 * afterwards: several threads may call plugin functions and checks of the
 * same set at once.  plugins/admit_plugin.h is the ABI seen from the plugin
 * side; docs/writing-plugins.md is the guide for plugin authors.
 *
 * Loading refuses (ADMIT_EPLUGIN) anything it cannot trust to be a plugin
 * built for this admit, with a message in the user's language that names
 * the file and says what to do.  One refused file fails the whole load:
 * rules must never run with part of the plugins they expect.  A plugin
 * whose init refuses because of the user's input (host->input_error: the
 * file --registry names is not a registry) fails the load as ADMIT_EINPUT.
 */
#ifndef ADMIT_PLUGIN_HOST_H
#define ADMIT_PLUGIN_HOST_H

#include <stddef.h>

#include "admit_plugin.h"
#include "date.h"
#include "outcome.h"
#include "sha256.h"
#include "status.h"

struct dossier;
struct plugin_set;

/* A function a plugin registered.  Read-only; lives as long as its set. */
struct plugin_function {
    const char *plugin;     /* the plugin's name */
    const char *name;       /* the function's name: rules call plugins.PLUGIN.NAME */
    admit_function_fn fn;
    void *userdata;
    int pure;               /* 1: the result depends only on the arguments */
};

/* A check a plugin registered; the strings are host-owned copies of the
 * plugin's descriptor.  Read-only; lives as long as its set. */
struct plugin_check {
    const char *plugin;      /* the name of the plugin that registered it */
    const char *id;          /* rule id, e.g. "intro.registry" */
    const char *severity;    /* "eligibility" | "process" | "advisory" */
    const char *procedures;  /* "admission", "recognition" or both, comma-separated */
    const char *codes;       /* message codes, comma-separated */
    const char *cite;
    admit_check_fn fn;
    void *userdata;
};

/* What a plugin call may know about the evaluation it is part of.  The
 * caller owns it; it must outlive the call. */
struct plugin_call_env {
    admit_day as_of;                 /* evaluation date */
    admit_day anchor;                /* the rule's anchor date */
    const char *edition;             /* edition id, or NULL */
    const struct dossier *dossier;   /* the dossier evaluated; NULL for none */
};

/*
 * Load every plugin of `dir`: each directory entry whose name ends in ".so"
 * and does not start with a dot, in strcmp() order of the names.  Other
 * names (README, *.c) are ignored.  An entry named *.so that is a symbolic
 * link, a directory or anything but a regular file is refused, not skipped:
 * the user put it there expecting it to load.
 *
 * Before dlopen() each file must be readable and start with an ELF header of
 * type ET_DYN for this machine's word size and byte order.  Then its SHA-256
 * is taken, it is opened with RTLD_NOW | RTLD_LOCAL and its
 * admit_plugin_init is called.  The plugin is refused when the symbol is
 * missing, init fails, its ABI version is 0 or newer than
 * ADMIT_PLUGIN_ABI_VERSION, its name is not [a-z][a-z0-9_]* or its version
 * is empty, a registration failed, or its name or a check id is already
 * taken by a plugin loaded before it.  The directory must be trusted:
 * loading a plugin runs its code.
 *
 * Returns ADMIT_OK and *out (caller frees with plugin_set_free); else *out
 * is NULL, every plugin loaded so far is closed again, and `err` (may be
 * NULL) is filled: ADMIT_EPLUGIN for a refused file (err->file is `dir`,
 * the message quotes the entry name), ADMIT_EIO when `dir` cannot be read
 * (err->file is `dir`), ADMIT_EINPUT when a plugin's init failed after
 * host->input_error (err->file is empty, the message is the plugin's, which
 * names the input at fault), ADMIT_ENOMEM.
 */
enum admit_status plugin_set_load_dir(const char *dir, struct plugin_set **out,
                                      struct admit_error *err);

/*
 * The same, except that a `dir` that does not exist gives an empty set: for
 * the default plugin directory, which an installation need not have.
 */
enum admit_status plugin_set_load_default(const char *dir, struct plugin_set **out,
                                          struct admit_error *err);

/* A set without plugins (for --plugins none, and tests).  ADMIT_OK and *out
 * (caller frees with plugin_set_free), or ADMIT_ENOMEM. */
enum admit_status plugin_set_empty(struct plugin_set **out, struct admit_error *err);

/*
 * Shut down and unload the plugins in reverse load order (each plugin's
 * info.shutdown first), and free the set.  NULL is allowed.  Nothing
 * obtained from the set, including Lua closures made by plugin_lua_push,
 * may be used afterwards.
 */
void plugin_set_free(struct plugin_set *set);

/* Number of plugins loaded. */
size_t plugin_set_count(const struct plugin_set *set);

/* Of plugin i (0 <= i < count), in load order: its name, version, the
 * SHA-256 of its file in lowercase hex, and the path it was loaded from.
 * The strings live as long as the set. */
const char *plugin_set_name(const struct plugin_set *set, size_t i);
const char *plugin_set_version(const struct plugin_set *set, size_t i);
const char *plugin_set_sha256(const struct plugin_set *set, size_t i);
const char *plugin_set_path(const struct plugin_set *set, size_t i);

/* The registered functions, plugin by plugin in load order, each plugin's
 * in registration order.  i < plugin_set_function_count(set). */
size_t plugin_set_function_count(const struct plugin_set *set);
const struct plugin_function *plugin_set_function(const struct plugin_set *set, size_t i);

/* Function `name` of plugin `plugin` (neither NULL), or NULL when there is none. */
const struct plugin_function *plugin_set_find_function(const struct plugin_set *set,
                                                       const char *plugin, const char *name);

/* The registered checks, in the same order as functions. */
size_t plugin_set_check_count(const struct plugin_set *set);
const struct plugin_check *plugin_set_check(const struct plugin_set *set, size_t i);

/* Check `id` (not NULL), or NULL when there is none. */
const struct plugin_check *plugin_set_find_check(const struct plugin_set *set, const char *id);

/*
 * Call a plugin function with `argc` arguments (strings in argv are only
 * read during the call).  `env` must not be NULL.
 *
 * Returns 0 with *ret set.  A string result is a host copy, terminated,
 * that the caller frees with plugin_value_release(ret).
 * Returns -1 when the function failed: *ret is NIL and *error is a message
 * from the plugin (or from the host: a bad result type, out of memory) that
 * the caller frees with free(); *error is NULL only when even that message
 * could not be allocated.  The message does not name the function.
 */
int plugin_call_function(const struct plugin_function *f, const struct plugin_call_env *env,
                         int argc, const struct admit_value *argv, struct admit_value *ret,
                         char **error);

/* Free a string that plugin_call_function returned and set *v to NIL;
 * other values are only reset. */
void plugin_value_release(struct admit_value *v);

/*
 * Run a plugin check.  `out` must have been set up with outcome_init; the
 * check fills it.  `env` must not be NULL, nor env->dossier.
 * Returns 0, or -1 when the check failed (it reported an error, gave no
 * outcome, or memory ran out): `out` is then an `error` outcome whose
 * message says why.
 */
int plugin_run_check(const struct plugin_check *c, const struct plugin_call_env *env,
                     struct outcome *out);

/*
 * What host->call_expired answers for plugin calls made on this thread: 1
 * when expired(arg) says so; {NULL, NULL}: never.  The Lua bridge sets it to
 * the calling rule's clock around each call.  Returns the previous setting,
 * to be restored after the call.
 */
struct plugin_expiry {
    int (*expired)(void *arg);
    void *arg;
};
struct plugin_expiry plugin_host_set_expiry(struct plugin_expiry expiry);

/*
 * Settings the user gave for plugins (host->option): `key` = `value`,
 * copied; a NULL value removes the key.  Process-wide, like the language:
 * set them before loading plugins.  Returns 0, or -1 when out of memory.
 */
int plugin_host_set_option(const char *key, const char *value);

/* Forget every setting (tests). */
void plugin_host_clear_options(void);

/*
 * Where host->log lines go.  The handler is called from any thread that
 * runs plugin code, with the plugin's name (its file name while its init
 * runs), the level (0 info, 1 warning) and the formatted line; it must be
 * thread-safe.  NULL (the default) discards the lines.  Set it before
 * loading plugins (it is process-wide, like the language).
 */
typedef void (*plugin_log_fn)(void *userdata, const char *plugin, int level, const char *line);
void plugin_log_handler(plugin_log_fn fn, void *userdata);

#endif
