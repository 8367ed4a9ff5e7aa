/* test_sha256.c - SHA-256 against the FIPS 180-4 example vectors (NIST CAVP). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sha256.h"

static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                             "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

static void test_empty(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex(NULL, 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* 56 bytes: the length no longer fits in the first block's padding. */
static void test_448_bits(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    sha256_hex(msg448, strlen(msg448), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    sha256_hex(msg896, strlen(msg896), hex);
    assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', fed in pieces of 1000 as the message is usually given. */
static void test_million_a(void **state)
{
    (void)state;
    char piece[1000];
    struct sha256 ctx;
    unsigned char digest[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    memset(piece, 'a', sizeof piece);
    sha256_init(&ctx);
    for (int i = 0; i < 1000; i++)
        sha256_update(&ctx, piece, sizeof piece);
    sha256_final(&ctx, digest);
    sha256_digest_hex(digest, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every split of the 896-bit message into two updates, and fixed chunk sizes
 * around the block size, give the same digest as one update. */
static void test_split_updates(void **state)
{
    (void)state;
    static const char want[] = "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
    size_t len = strlen(msg896);
    unsigned char digest[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    struct sha256 ctx;

    for (size_t cut = 0; cut <= len; cut++) {
        sha256_init(&ctx);
        sha256_update(&ctx, msg896, cut);
        sha256_update(&ctx, msg896 + cut, len - cut);
        sha256_final(&ctx, digest);
        sha256_digest_hex(digest, hex);
        assert_string_equal(hex, want);
    }
    static const size_t chunks[] = {1, 3, 7, 55, 56, 63, 64, 65, 100};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        sha256_init(&ctx);
        for (size_t off = 0; off < len; off += chunks[c]) {
            size_t n = len - off < chunks[c] ? len - off : chunks[c];
            sha256_update(&ctx, msg896 + off, n);
        }
        sha256_final(&ctx, digest);
        sha256_digest_hex(digest, hex);
        assert_string_equal(hex, want);
    }
}

static void test_file(void **state)
{
    (void)state;
    char path[] = "/tmp/admit-sha256-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, msg448, strlen(msg448)), (ssize_t)strlen(msg448));
    close(fd);

    char hex[SHA256_HEX_SIZE];
    struct admit_error err;
    admit_error_clear(&err);
    assert_int_equal(sha256_file(path, hex, &err), ADMIT_OK);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    unlink(path);

    /* The error path: the file is gone, the report names it. */
    memcpy(hex, "untouched", 10);
    assert_int_equal(sha256_file(path, hex, &err), ADMIT_EIO);
    assert_int_equal(err.status, ADMIT_EIO);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "No such file"));
    assert_string_equal(hex, "untouched");
    assert_int_equal(sha256_file(path, hex, NULL), ADMIT_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_abc),
        cmocka_unit_test(test_448_bits),
        cmocka_unit_test(test_896_bits),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_split_updates),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
