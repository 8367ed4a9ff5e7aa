/*
 * sha256.c - SHA-256 for admit's digests, computed by Nettle (sha256_*);
 * this file only adds hex digits and file reading.
 *
 * Nettle rather than libsodium: Nettle's compression function uses the
 * CPU's SHA extensions when it has them (chosen at run time), about 4x
 * faster than libsodium's portable code here, and every start hashes the
 * rulebook and the plugins (some 500 KB) for the digests a result carries
 * (docs/performance.md).  Nettle is already in the process through
 * libmicrohttpd's GnuTLS.
 */
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "i18n.h"

/* <nettle/sha2.h> maps these names to its own functions; here they are
 * this module's, which call Nettle's by their real names. */
#undef sha256_init
#undef sha256_update
#undef sha256_digest

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((struct sha256 *)0)->state),
               "struct sha256 must hold Nettle's struct sha256_ctx");
_Static_assert(_Alignof(struct sha256_ctx) <= 8, "struct sha256 is 8-byte aligned");
/* SHA256_DIGEST_SIZE is defined by both headers, alike (32): a different
 * definition would not compile. */

static struct sha256_ctx *nettle_ctx(struct sha256 *ctx)
{
    return (struct sha256_ctx *)(void *)ctx->state;
}

void sha256_init(struct sha256 *ctx)
{
    nettle_sha256_init(nettle_ctx(ctx));
}

void sha256_update(struct sha256 *ctx, const void *data, size_t len)
{
    if (len > 0)
        nettle_sha256_update(nettle_ctx(ctx), len, data);
}

void sha256_final(struct sha256 *ctx, unsigned char digest[SHA256_DIGEST_SIZE])
{
    nettle_sha256_digest(nettle_ctx(ctx), SHA256_DIGEST_SIZE, digest);
}

void sha256_digest_hex(const unsigned char digest[SHA256_DIGEST_SIZE],
                       char out[SHA256_HEX_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0x0f];
    }
    out[2 * SHA256_DIGEST_SIZE] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE])
{
    struct sha256 ctx;
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, digest);
    sha256_digest_hex(digest, out);
}

int sha256_fd(int fd, char out[SHA256_HEX_SIZE])
{
    struct sha256 ctx;
    unsigned char buf[16384];
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        sha256_update(&ctx, buf, (size_t)n);
    }
    sha256_final(&ctx, digest);
    sha256_digest_hex(digest, out);
    return 0;
}

enum admit_status sha256_file(const char *path, char out[SHA256_HEX_SIZE],
                              struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    char hex[SHA256_HEX_SIZE];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        status = admit_error_set(err, ADMIT_EIO, path, NULL, "%s: %s",
                                 TR("không đọc được tệp", "cannot read the file"),
                                 strerror(errno));
        goto done;
    }
    if (sha256_fd(fd, hex) != 0) {
        status = admit_error_set(err, ADMIT_EIO, path, NULL, "%s: %s",
                                 TR("không đọc được tệp", "cannot read the file"),
                                 strerror(errno));
        goto done;
    }
    memcpy(out, hex, sizeof hex);
done:
    if (fd >= 0)
        close(fd);
    return status;
}
