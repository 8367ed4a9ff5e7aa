/*
 * rulebook_files.h - the rulebook's files, read once.
 *
 * A ruleset's digest covers every file of the rulebook (ruleset.h), and the
 * loaders read most of the same files again: each was read twice at every
 * start, and the digest named the bytes of the second reading, not those
 * loaded.  Here they are read once, in the digest's order, and the loaders
 * take their text from this snapshot, so the digest names exactly what was
 * loaded, and the workers of an audit or a server (ruleset_load_sharing)
 * load the same bytes without reading a file.
 *
 * It is a cache, not a gate: a file that cannot be read is left out, and
 * its loader reads it itself and says why it cannot (the same error as
 * before); only running out of memory fails here.
 */
#ifndef ADMIT_RULEBOOK_FILES_H
#define ADMIT_RULEBOOK_FILES_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "sha256.h"
#include "status.h"

/* The groups of files, in the digest's order: the .json files of rules/,
 * those of rules/messages/, the .lua files of rules/, those of rules/lib/
 * (each group sorted by name), then schemas/dossier.schema.json. */
enum rulebook_group { RULEBOOK_DATA, RULEBOOK_MESSAGES, RULEBOOK_RULES, RULEBOOK_LIBS,
                      RULEBOOK_SCHEMA };

struct rulebook_file {
    enum rulebook_group group;
    char *name;          /* "age.lua", "age.json": the name in its folder */
    char *rel;           /* as the digest names it: "messages/age.json", "lib/votes.lua",
                            "dossier.schema.json" */
    char *text;          /* NULL: could not be read (its loader will say why), or let go
                            (rulebook_files_drop) */
    size_t len;
};

struct rulebook_files;

/* Read the files of `rules_dir` and schemas_dir/dossier.schema.json.
 * ADMIT_OK and *out (free with rulebook_files_free), or ADMIT_ENOMEM. */
enum admit_status rulebook_files_read(const char *rules_dir, const char *schemas_dir,
                                      struct rulebook_files **out, struct admit_error *err);

void rulebook_files_free(struct rulebook_files *files);

/* The files of `group`, in order: *count of them from the returned one. */
const struct rulebook_file *rulebook_files_group(const struct rulebook_files *files,
                                                 enum rulebook_group group, size_t *count);

/* The file `name` of `group` that could be read, if its text is at most
 * `max` bytes (what its loader allows), else NULL. */
const struct rulebook_file *rulebook_files_find(const struct rulebook_files *files,
                                               enum rulebook_group group, const char *name,
                                               size_t max);

/*
 * Start the digest `h` (sha256_init is not needed) with every file as
 * ruleset digests are made: the name as the digest names it and its
 * terminator, then the text.  When every file could be read they were hashed
 * then, and `h` continues from there; else a file that could not be read is
 * read now (the error is its reading's: ADMIT_EIO and such).
 */
enum admit_status rulebook_files_hash(const struct rulebook_files *files, struct sha256 *h,
                                      struct admit_error *err);

/*
 * The digest of the rulebook's texts alone (every file, as rulebook_files_hash
 * starts the ruleset's digest, finished there: no profile), into `out`.
 * Returns 0, or -1 when some file could not be read at first (no digest is
 * made then: the caller loads from the files, which say what is wrong).
 * Tells whether a rulebook is byte for byte the one a build-time image was
 * made from (rulebook_image.h).
 */
int rulebook_files_texts_digest(const struct rulebook_files *files,
                                unsigned char out[SHA256_DIGEST_SIZE]);

/*
 * Add the file `rel` of folder `dir` to the digest `h` as the rulebook's are
 * added (its name, its terminator, its text): a committee profile's files.
 * ADMIT_OK, or the error of reading it.
 */
enum admit_status rulebook_files_hash_file(struct sha256 *h, const char *dir, const char *rel,
                                           struct admit_error *err);

/*
 * Let go of the texts of `group` once they are loaded: their bytes are in
 * the digest already (kept when some file could not be read, as the digest
 * then reads the files at the end).  rulebook_files_find no longer finds them.
 */
void rulebook_files_drop(struct rulebook_files *files, enum rulebook_group group);

/*
 * Parse file `name` of `group` (at `path`) as jsontext_read_file does, from
 * the snapshot when it is there, else from the disk; `files` may be NULL.
 */
enum admit_status rulebook_files_json(const struct rulebook_files *files,
                                      enum rulebook_group group, const char *name,
                                      const char *path, cJSON **out, struct admit_error *err);

#endif
