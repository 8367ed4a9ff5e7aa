/*
 * pack_verify.h - signed profile packs (docs/profiles.md, "Signed packs").
 *
 * A pack is a folder of profiles with a manifest pack.json and its minisign
 * signature pack.json.minisig.  Verification, with libsodium: the
 * signature's key id names a trusted public key (*.pub in minisign's format
 * in a trusted-keys folder); the Ed25519 signature over pack.json (the
 * prehashed "ED" form: over its BLAKE2b-512; the legacy "Ed" form: over the
 * bytes) and the global signature over the trusted comment verify; every
 * listed file has its SHA-256 and size, and no other file is present.
 * admit never signs: keys and signatures are made with the minisign tool.
 */
#ifndef ADMIT_PACK_VERIFY_H
#define ADMIT_PACK_VERIFY_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "status.h"

struct pack_info {
    char name[128];
    long revision;
    char key_id[17];          /* as minisign prints it: 16 upper-case hex digits */
    char trusted_comment[256];
};

/* The two files of a pack besides its content. */
#define PACK_MANIFEST "pack.json"
#define PACK_SIGNATURE "pack.json.minisig"

/* 1 when `dir` holds a pack.json. */
int pack_present(const char *dir);

/*
 * Verify the pack in `dir` against the public keys of the `trust_count`
 * folders `trust`.  Returns ADMIT_OK and *info, else ADMIT_ERULES with err
 * naming the pack (err->file: the file at fault) and the reason;
 * ADMIT_ENOMEM.
 */
enum admit_status pack_verify(const char *dir, const char *const *trust, size_t trust_count,
                              struct pack_info *info, struct admit_error *err);

/*
 * Every regular file under `dir` except the pack's two files, as relative
 * paths sorted bytewise, in *out (free each and the array).  A symbolic link
 * or other special file is an error (ADMIT_ERULES naming it).
 */
enum admit_status pack_list_files(const char *dir, char ***out, size_t *count,
                                  struct admit_error *err);

#endif
