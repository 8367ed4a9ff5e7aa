/*
 * messages_image.h - the shipped rulebook's message catalogue, made at build
 * time.
 *
 * Loading the catalogue was the largest part of a cold `admit check` after
 * the digests: 22 message files (100 KB of JSON) parsed strictly, then the
 * dossier schema walked for the names of its enumerations and sections,
 * about a fifth of the start's own instructions (docs/performance.md).  The
 * Makefile runs engine/gen/messages_image_gen.c over rules/ and schemas/ of
 * the source tree: it loads the catalogue exactly as the engine does
 * (messages_load_rulebook, then messages_add_schema_names) and writes every
 * entry, in the catalogue's order, into build/gen/messages_image.c, with the
 * digest of the rulebook's texts it came from (rulebook_files_texts_digest).
 *
 * A ruleset uses the image only when the rulebook it read has that digest:
 * every file of the rulebook and the schema, name and bytes, is then the
 * one the image was made from, and the catalogue loading them would give is
 * the image's.  Any other rulebook (an edited message, another folder whose
 * bytes differ) is loaded from its files as before.
 */
#ifndef ADMIT_MESSAGES_IMAGE_H
#define ADMIT_MESSAGES_IMAGE_H

#include <stddef.h>

#include "messages.h"
#include "sha256.h"

struct messages_image {
    unsigned char texts_digest[SHA256_DIGEST_SIZE];   /* rulebook_files_texts_digest */
    const struct messages_image_entry *entries;       /* in the catalogue's order */
    size_t count;
};

/* The generated image (build/gen/messages_image.c). */
extern const struct messages_image messages_image;

#endif
