/*
 * sha256.h - SHA-256 (FIPS 180-4, computed by Nettle), for the file
 * digests a result reports.
 *
 * Plugins are identified in every result by the SHA-256 of their file, and
 * rule packs by a digest of their contents.  This module has no state beyond
 * the context the caller owns, so contexts may be used from several threads
 * as long as each thread has its own.
 */
#ifndef ADMIT_SHA256_H
#define ADMIT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define SHA256_DIGEST_SIZE 32
/* Characters of a hex digest, terminator included. */
#define SHA256_HEX_SIZE 65

/* A running hash: Nettle's struct sha256_ctx, kept opaque here because
 * <nettle/sha2.h> defines macros named sha256_init and sha256_update
 * (sha256.c checks that it fits).  Embed it anywhere; it owns no memory. */
struct sha256 {
    _Alignas(8) unsigned char state[128];
};

/* Start a hash. */
void sha256_init(struct sha256 *ctx);

/* Add `len` bytes at `data` (may be NULL when len is 0).  Any split of a
 * message into updates gives the same digest. */
void sha256_update(struct sha256 *ctx, const void *data, size_t len);

/* Finish: write the 32-byte digest.  The context must be re-initialised
 * with sha256_init before it is used again. */
void sha256_final(struct sha256 *ctx, unsigned char digest[SHA256_DIGEST_SIZE]);

/* Write the 64 lowercase hex digits of a digest, terminated, into `out`. */
void sha256_digest_hex(const unsigned char digest[SHA256_DIGEST_SIZE],
                       char out[SHA256_HEX_SIZE]);

/* The hex digest of `len` bytes at `data`, into `out`. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE]);

/*
 * The hex digest of everything that can be read from the open descriptor
 * `fd`, from its current offset to its end.  The descriptor stays open.
 * Returns 0, or -1 with errno set by read(2).
 */
int sha256_fd(int fd, char out[SHA256_HEX_SIZE]);

/*
 * The hex digest of the file at `path`.  Returns ADMIT_OK, or ADMIT_EIO with
 * `err` (may be NULL) naming the file and the system's reason.  `out` is
 * left untouched on error.
 */
enum admit_status sha256_file(const char *path, char out[SHA256_HEX_SIZE],
                              struct admit_error *err);

#endif
