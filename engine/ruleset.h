/*
 * ruleset.h - everything loaded once per process to evaluate dossiers: the
 * rulebook data, the messages, the dossier schema, the plugins, and a Lua
 * sandbox holding the registered rules.
 *
 * Loading fails as a whole (ADMIT_ERULES / ADMIT_EPLUGIN) when any piece is
 * inconsistent: a rule not in the catalog or with another severity, a
 * message code without both texts, a citation for an unknown edition, a rule
 * defined twice.  A loaded ruleset is used by one thread at a time (its Lua
 * state is not shared).
 */
#ifndef ADMIT_RULESET_H
#define ADMIT_RULESET_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "messages.h"
#include "plugin.h"
#include "rulebook.h"
#include "sandbox.h"
#include "status.h"

struct schema;
struct profile;
struct lua_ctx;
struct plugin_lua_env;

struct ruleset_paths {
    const char *rules_dir;     /* rules/ */
    const char *schemas_dir;   /* schemas/ (dossier.schema.json) */
    const char *plugins_dir;   /* NULL: no plugins */
    int plugins_optional;      /* 1: a missing plugins_dir is an empty set */
    const struct profile *profile;   /* the committee profile applied, with its
                                        ancestors (profile_load.h); NULL: central */
};

/* A registered rule, written in Lua or provided by a plugin. */
struct rule {
    char *id;
    char *file;                /* "age.lua", or "plugin NAME" */
    enum rule_severity severity;
    unsigned procedures;       /* PROCEDURE_* bits */
    char **codes;
    size_t code_count;
    char **params;             /* the parameters the rule reads (declared) */
    size_t param_count;
    char **cite_by_edition;    /* per edition index; NULL: not encoded there */
    int unencoded_warn;        /* an unencoded edition gives warn, not not_applicable */
    const char *step;          /* its step (result.md, "Steps"); points into the rulebook */
    int check_ref;             /* Lua registry references; LUA_NOREF when absent */
    int anchor_ref;
    int cite_at_ref;
    int id_ref;                /* the id as a Lua string (ctx.rule); LUA_NOREF: none */
    const struct plugin_check *plugin;   /* a plugin's check, or NULL */
    const struct profile *origin;        /* the profile that added it; NULL: central */
    const struct profile *disabled_by;   /* NULL, or the profile that disabled it */
    const char *disable_reason;          /* its reason (points into the profile) */
};

/* One line of the results: a catalog id (rule NULL: not yet encoded), or a
 * rule outside the catalog (a plugin's own check). */
struct ruleset_slot {
    const char *id;
    enum rule_severity severity;
    unsigned procedures;
    const char *step;          /* the step the line checks; never NULL */
    const struct rule *rule;
};

struct ruleset;

/*
 * Load a ruleset.  Returns ADMIT_OK and *out (caller frees with ruleset_free),
 * else an error naming the file and what is wrong.
 */
enum admit_status ruleset_load(const struct ruleset_paths *paths, struct ruleset **out,
                               struct admit_error *err);

/*
 * Another copy of `base` for another thread: its own sandbox (Lua state),
 * rules and plugin instances, built from the rule files of `paths` (those
 * `base` was loaded with),
 * while the rulebook, the messages and the dossier schema are `base`'s,
 * neither read nor parsed again.  Those are read-only after loading, so
 * copies may evaluate on several threads at once.  The copy's digest must
 * be `base`'s (ADMIT_ERULES when the files changed in between).  `base`
 * must outlive the copy (free copies first).
 */
enum admit_status ruleset_load_sharing(const struct ruleset_paths *paths, const struct ruleset *base,
                                       struct ruleset **out, struct admit_error *err);

void ruleset_free(struct ruleset *rs);

const struct rulebook *ruleset_book(const struct ruleset *rs);
const struct messages *ruleset_messages(const struct ruleset *rs);
const struct schema *ruleset_schema(const struct ruleset *rs);
const struct plugin_set *ruleset_plugins(const struct ruleset *rs);
struct sandbox *ruleset_sandbox(struct ruleset *rs);
/* ctx in the sandbox's state (lua_ctx.h). */
struct lua_ctx *ruleset_ctx(struct ruleset *rs);
/* Where plugin calls from its rules find their environment (plugin_lua.h). */
struct plugin_lua_env *ruleset_plugin_env(struct ruleset *rs);

/* The result lines, in catalog order then the extra rules. */
size_t ruleset_slot_count(const struct ruleset *rs);
const struct ruleset_slot *ruleset_slot(const struct ruleset *rs, size_t i);

/* Every registered rule, disabled ones included (registration order). */
size_t ruleset_rule_count(const struct ruleset *rs);
const struct rule *ruleset_rule_at(const struct ruleset *rs, size_t i);

/* The profile applied (NULL: central). */
const struct profile *ruleset_profile(const struct ruleset *rs);

/* 1 when `code` is one the rule declared. */
int rule_has_code(const struct rule *rule, const char *code);

/* "sha256:<hex>" over every file of the rulebook, in a fixed order. */
const char *ruleset_digest(const struct ruleset *rs);

#endif
