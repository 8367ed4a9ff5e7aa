/*
 * profile_load.h - committee profiles (admit.profile/1, docs/profiles.md):
 * finding them, validating them and refusing any that loosens the rules.
 *
 * Every check that needs no Lua is made here, when the profiles load and
 * before any dossier is read, and every violation of the load is reported
 * (one line each, naming the profile file, the key, the ancestor or
 * `central` that fixed the value, and why).  What needs the rule files run
 * (a rule id outside the namespace, a disabled rule that is not inherited, a
 * mandatory rule that is not registered) is checked by ruleset_load when it
 * applies a chain.
 */
#ifndef ADMIT_PROFILE_LOAD_H
#define ADMIT_PROFILE_LOAD_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "rulebook.h"
#include "status.h"
#include "strbuf.h"

struct profile {
    char *id, *extends, *committee, *ns, *source;
    char *file;                  /* the JSON file, as found (named in messages) */
    char *dir;                   /* its folder: rule, message, schema files are relative to it */
    const char *title_vi, *title_en;
    admit_day from, until;       /* in_force; DATE_ALWAYS_FROM / DATE_ALWAYS_UNTIL when open */
    cJSON *doc;                  /* the parsed file; the pointers below point into it */
    const cJSON *params, *rules, *messages, *disable, *mandatory;
    const char *extension_schema; /* relative path, or NULL */
    const struct profile *parent; /* NULL: central */
    size_t depth;                 /* 1 for a child of central */
    /* The signed pack it came from (NULL when none). */
    char *pack_name, *pack_key_id;
    long pack_revision;
};

#define PROFILE_ALWAYS_FROM  (-2147483647)
#define PROFILE_ALWAYS_UNTIL 2147483647

/* The deepest chain accepted (central's children have depth 1). */
#define PROFILE_CHAIN_MAX 32

struct profile_set;

/* Where profiles come from: folders given with --profiles in order, then the shipped ones. */
struct profile_sources {
    const char *const *dirs;
    size_t dir_count;
    const char *shipped_dir;      /* rules/profiles; may be missing */
    const char *schemas_dir;      /* profile.schema.json */
    /* Signed packs: a folder holding pack.json is verified before loading
     * (pack_verify.h) against the keys of these folders. */
    const char *const *trust_dirs;
    size_t trust_count;
    int require_signed;           /* 1: only profiles of verified packs (the shipped examples are not loaded) */
    const char *unverified_dir;   /* admit pack build: the folder being built, loaded unverified */
};

/*
 * Load every profile of `src` and check them against `book`.  Returns
 * ADMIT_OK and *out (free with profile_set_free); ADMIT_ERULES with every
 * violation, one line each, in `violations` (err names the first); other
 * statuses (ADMIT_ENOMEM) in err.
 */
enum admit_status profile_set_load(const struct profile_sources *src, const struct rulebook *book,
                                   struct profile_set **out, struct strbuf *violations,
                                   struct admit_error *err);

void profile_set_free(struct profile_set *set);

size_t profile_set_count(const struct profile_set *set);
const struct profile *profile_set_at(const struct profile_set *set, size_t i);

/* The profile called `id`, or NULL. */
const struct profile *profile_set_find(const struct profile_set *set, const char *id);

/*
 * The chain from central's child down to `p` (root first) in `chain`, which
 * holds at least p->depth entries.  Returns the count.
 */
size_t profile_chain(const struct profile *p, const struct profile **chain, size_t max);

/*
 * The profile for a dossier: the deepest committee of `committee_path` (an
 * array of strings, may be NULL) that has a profile in force on `day`; NULL
 * for central.
 */
const struct profile *profile_set_select(const struct profile_set *set,
                                         const cJSON *committee_path, admit_day day);

/* 1 when `p` is in force on `day`. */
int profile_in_force(const struct profile *p, admit_day day);

/* 1 when p's in_force period meets edition `e` of `book`. */
int profile_meets_edition(const struct profile *p, const struct rulebook *book, size_t e);

/*
 * The value of parameter `name` in edition `e` under `p` (NULL: central) and
 * who set it (*set_by: the profile, or NULL for central).
 */
const cJSON *profile_param_value(const struct profile *p, const struct rulebook *book,
                                 const char *name, size_t e, const struct profile **set_by);

/*
 * Validate the dossier's x_<namespace> objects of `p` and its ancestors
 * against their extension schemas.  ADMIT_EINPUT with err->path from the
 * dossier's root ("x_daihoc.terms[0].grade") on a violation.
 */
enum admit_status profile_validate_extensions(const struct profile *p, cJSON *root,
                                              struct admit_error *err);

#endif
