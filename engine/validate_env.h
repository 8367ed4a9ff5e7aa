/*
 * validate_env.h - checking dossiers without evaluating them.
 *
 * What `admit validate` and `admit fmt` need, and nothing more: the dossier
 * schema, the message catalog (for the labels of enumeration values) and the
 * rulebook's editions (a dossier whose main anchor date no edition covers
 * cannot be evaluated, so it is reported here too).  No Lua state, no plugin.
 */
#ifndef ADMIT_VALIDATE_ENV_H
#define ADMIT_VALIDATE_ENV_H

#include "date.h"
#include "dossier.h"
#include "messages.h"
#include "rulebook.h"
#include "schema.h"

struct validate_env {
    cJSON *schema_doc;         /* the document `schema` points into */
    struct schema *schema;
    struct messages *messages;
    struct rulebook *book;
};

/*
 * Load the schema from `schemas_dir`/dossier.schema.json, the messages from
 * `rules_dir`/messages and the rulebook from `rules_dir`.  Returns ADMIT_OK,
 * or the loader's error (ADMIT_ERULES, ADMIT_EIO, ADMIT_ENOMEM) with env
 * left empty.  Release with validate_env_release.
 */
enum admit_status validate_env_load(const char *rules_dir, const char *schemas_dir,
                                    struct validate_env *env, struct admit_error *err);

void validate_env_release(struct validate_env *env);

/*
 * Check the dossier at `path` ("-" for standard input): readable, strict JSON,
 * every schema violation, and, when `editions` is set, an edition covering its
 * main anchor (evaluated at `as_of`, or the dossier's as_of, or `today`).  *report always receives
 * the file's name and its errors (release with dossier_report_release).
 * Returns ADMIT_OK (no error; *out, when not NULL, gets the dossier: caller
 * frees with dossier_free), ADMIT_EINPUT (errors in *report), or ADMIT_ENOMEM.
 */
enum admit_status validate_dossier_file(const struct validate_env *env, const char *path,
                                        int editions, admit_day as_of, admit_day today,
                                        struct dossier_report *report, struct dossier **out);

#endif
