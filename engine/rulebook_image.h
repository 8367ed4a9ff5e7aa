/*
 * rulebook_image.h - what loading the shipped rulebook computes, made at
 * build time.
 *
 * After the digests, the largest part of a cold `admit check` was turning
 * the rulebook's JSON into the engine's tables: the message catalogue (22
 * files, 100 KB, parsed strictly, then the dossier schema walked for the
 * names of its enumerations and sections) and the walk of the schema for
 * the properties that are arrays, about a quarter of the start's own
 * instructions (docs/performance.md).  The Makefile runs
 * engine/gen/rulebook_image_gen.c over rules/ and schemas/ of the source
 * tree: it computes both with the engine's own code (messages_load_rulebook
 * and messages_add_schema_names; schema_arrays) and writes them into
 * build/gen/rulebook_image.c, with the digest of the rulebook's texts they
 * came from (rulebook_files_texts_digest).  The dossier schema itself comes
 * as compact JSON without its annotations (schema_strip_annotations): 16 KB
 * to parse instead of 73, compiling to the same validator.  The generator
 * also parses every JSON file of the rulebook strictly, so that an image is
 * only made of a rulebook that loads.
 *
 * A ruleset uses the image only when the rulebook it read has that digest:
 * every file of the rulebook and the schema, name and bytes, is then the
 * one the image was made from, and what loading them would give is the
 * image's.  Any other rulebook (an edited message, another folder whose
 * bytes differ) is loaded from its files as before.
 */
#ifndef ADMIT_RULEBOOK_IMAGE_H
#define ADMIT_RULEBOOK_IMAGE_H

#include <stddef.h>

#include "messages.h"
#include "sha256.h"

struct rulebook_image {
    unsigned char texts_digest[SHA256_DIGEST_SIZE];   /* rulebook_files_texts_digest */
    const struct message_text *messages;              /* the catalogue, in its order */
    size_t message_count;
    const char *const *array_keys;                    /* schema_array_keys of the schema */
    size_t array_key_count;
    const char *schema_text;                          /* the dossier schema without its */
    size_t schema_text_len;                           /* annotations, as compact JSON */
};

/* The generated image (build/gen/rulebook_image.c). */
extern const struct rulebook_image rulebook_image;

#endif
