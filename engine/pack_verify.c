/*
 * pack_verify.c - verifying a signed pack (pack_verify.h).  The minisign
 * formats are read here; the cryptography is libsodium's.
 */
#include "pack_verify.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "i18n.h"
#include "input.h"
#include "jsontext.h"
#include "sha256.h"

#define PACK_MANIFEST_MAX (1u << 20)
#define PACK_FILES_MAX 1000
#define PACK_DEPTH_MAX 8

int pack_present(const char *dir)
{
    char path[1100];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, PACK_MANIFEST);
    return stat(path, &st) == 0;
}

/* -- listing ---------------------------------------------------------------- */

struct names {
    char **items;
    size_t count, alloc;
};

static int add_name(struct names *n, const char *name)
{
    if (n->count == n->alloc) {
        size_t next = n->alloc ? 2 * n->alloc : 32;
        char **grown = realloc(n->items, next * sizeof *grown);
        if (grown == NULL)
            return -1;
        n->items = grown;
        n->alloc = next;
    }
    if ((n->items[n->count] = strdup(name)) == NULL)
        return -1;
    n->count++;
    return 0;
}

static enum admit_status walk(const char *root, const char *rel, int depth, struct names *out,
                              struct admit_error *err)
{
    char path[2048];
    snprintf(path, sizeof path, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(path);
    struct dirent *e;
    enum admit_status status = ADMIT_OK;
    if (d == NULL)
        return admit_error_set(err, ADMIT_ERULES, path, NULL, "%s",
                               TR("không mở được thư mục của gói", "cannot open the pack's folder"));
    while (status == ADMIT_OK && (e = readdir(d)) != NULL) {
        char child[1024], full[3100];
        struct stat st;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", root, child);
        if (!rel[0] && (strcmp(e->d_name, PACK_MANIFEST) == 0 || strcmp(e->d_name, PACK_SIGNATURE) == 0))
            continue;
        if (lstat(full, &st) != 0)
            status = admit_error_set(err, ADMIT_ERULES, full, NULL, "%s", TR("không đọc được", "cannot be read"));
        else if (S_ISDIR(st.st_mode) && depth < PACK_DEPTH_MAX)
            status = walk(root, child, depth + 1, out, err);
        else if (!S_ISREG(st.st_mode))
            status = admit_error_set(err, ADMIT_ERULES, full, NULL, "%s",
                                     TR("không phải tệp thường (liên kết hoặc thư mục quá sâu): gói không được chứa",
                                        "not a regular file (a link, or a folder too deep): a pack may not hold it"));
        else if (out->count >= PACK_FILES_MAX)
            status = admit_error_set(err, ADMIT_ERULES, root, NULL, "%s",
                                     TR("gói có quá 1000 tệp", "the pack holds more than 1000 files"));
        else if (add_name(out, child) != 0)
            status = admit_error_set(err, ADMIT_ENOMEM, root, NULL, "out of memory");
    }
    closedir(d);
    return status;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum admit_status pack_list_files(const char *dir, char ***out, size_t *count,
                                  struct admit_error *err)
{
    struct names n = {0};
    enum admit_status status = walk(dir, "", 0, &n, err);
    if (status != ADMIT_OK) {
        for (size_t i = 0; i < n.count; i++)
            free(n.items[i]);
        free(n.items);
        return status;
    }
    if (n.count > 1)
        qsort(n.items, n.count, sizeof *n.items, compare_names);
    *out = n.items;
    *count = n.count;
    return ADMIT_OK;
}

/* -- minisign formats ------------------------------------------------------- */

/* Line `index` (from 0) of `text`, without its end, into buf.  Returns its length or -1. */
static int line_at(const char *text, int index, char *buf, size_t size)
{
    const char *p = text;
    for (int i = 0; i < index; i++) {
        p = strchr(p, '\n');
        if (p == NULL)
            return -1;
        p++;
    }
    size_t len = strcspn(p, "\r\n");
    if (len >= size)
        return -1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return (int)len;
}

static int decode(const char *b64, unsigned char *out, size_t want)
{
    size_t len = 0;
    if (sodium_base642bin(out, want, b64, strlen(b64), NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    return len == want ? 0 : -1;
}

static void key_id_text(const unsigned char id[8], char out[17])
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | id[i];
    snprintf(out, 17, "%016" PRIX64, v);
}

/* Find the public key whose id is `id` in the trusted folders; 0 and pk when found. */
static int find_key(const char *const *trust, size_t trust_count, const unsigned char id[8],
                    unsigned char pk[32])
{
    for (size_t t = 0; t < trust_count; t++) {
        DIR *d = opendir(trust[t]);
        struct dirent *e;
        if (d == NULL)
            continue;
        while ((e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            char path[1200], *text = NULL, line[256];
            size_t tlen;
            unsigned char raw[42];
            if (len < 5 || strcmp(e->d_name + len - 4, ".pub") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", trust[t], e->d_name);
            if (input_read(path, 4096, &text, &tlen, NULL) != ADMIT_OK)
                continue;
            int ok = line_at(text, 1, line, sizeof line) > 0 && decode(line, raw, sizeof raw) == 0 &&
                     raw[0] == 'E' && raw[1] == 'd' && memcmp(raw + 2, id, 8) == 0;
            free(text);
            if (ok) {
                memcpy(pk, raw + 10, 32);
                closedir(d);
                return 0;
            }
        }
        closedir(d);
    }
    return -1;
}

/* -- the manifest ---------------------------------------------------------- */

static enum admit_status check_manifest(const char *dir, const char *manifest_path, cJSON *doc,
                                        struct pack_info *info, struct admit_error *err)
{
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(doc, "format");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(doc, "name");
    const cJSON *revision = cJSON_GetObjectItemCaseSensitive(doc, "revision");
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(doc, "files");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, "admit.pack/1") != 0)
        return admit_error_set(err, ADMIT_ERULES, manifest_path, "format", "%s",
                               TR("cần \"admit.pack/1\"", "expected \"admit.pack/1\""));
    if (!cJSON_IsString(name) || name->valuestring[0] == '\0' || strlen(name->valuestring) >= sizeof info->name)
        return admit_error_set(err, ADMIT_ERULES, manifest_path, "name", "%s",
                               TR("cần tên gói (chuỗi)", "expected the pack's name (a string)"));
    if (!cJSON_IsNumber(revision) || revision->valuedouble != (double)(long)revision->valuedouble ||
        revision->valuedouble < 0)
        return admit_error_set(err, ADMIT_ERULES, manifest_path, "revision", "%s",
                               TR("cần một số nguyên", "expected an integer"));
    if (!cJSON_IsArray(files))
        return admit_error_set(err, ADMIT_ERULES, manifest_path, "files", "%s",
                               TR("cần danh sách tệp", "expected the list of files"));
    snprintf(info->name, sizeof info->name, "%s", name->valuestring);
    info->revision = (long)revision->valuedouble;

    char **present = NULL;
    size_t present_count = 0;
    enum admit_status status = pack_list_files(dir, &present, &present_count, err);
    if (status != ADMIT_OK)
        return status;
    unsigned char *listed = calloc(present_count + 1, 1);
    const cJSON *f;
    int index = 0;
    if (listed == NULL)
        status = admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "out of memory");
    cJSON_ArrayForEach(f, files) {
        if (status != ADMIT_OK)
            break;
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(f, "path");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(f, "sha256");
        const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(f, "bytes");
        char where[64];
        snprintf(where, sizeof where, "files[%d]", index++);
        if (!cJSON_IsString(path) || !cJSON_IsString(sha) || !cJSON_IsNumber(bytes)) {
            status = admit_error_set(err, ADMIT_ERULES, manifest_path, where, "%s",
                                     TR("cần {path, sha256, bytes}", "expected {path, sha256, bytes}"));
            break;
        }
        size_t at = 0;
        while (at < present_count && strcmp(present[at], path->valuestring) != 0)
            at++;
        char full[1200], hex[SHA256_HEX_SIZE];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", dir, path->valuestring);
        if (at == present_count) {
            status = admit_error_set(err, ADMIT_ERULES, full, NULL, "%s",
                                     TR("tệp được liệt kê trong pack.json không có trong gói",
                                        "listed in pack.json but absent from the pack"));
        } else if (stat(full, &st) != 0 || (double)st.st_size != bytes->valuedouble) {
            status = admit_error_set(err, ADMIT_ERULES, full, NULL,
                                     TR("kích thước khác với pack.json (%.0f byte): tệp đã bị sửa",
                                        "size differs from pack.json (%.0f bytes): the file was changed"),
                                     bytes->valuedouble);
        } else if (sha256_file(full, hex, err) != ADMIT_OK) {
            status = err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES;
        } else if (strcmp(hex, sha->valuestring) != 0) {
            status = admit_error_set(err, ADMIT_ERULES, full, NULL, "%s",
                                     TR("SHA-256 khác với pack.json: tệp đã bị sửa",
                                        "SHA-256 differs from pack.json: the file was changed"));
        } else {
            listed[at] = 1;
        }
    }
    for (size_t i = 0; status == ADMIT_OK && i < present_count; i++)
        if (!listed[i]) {
            char full[1200];
            snprintf(full, sizeof full, "%s/%s", dir, present[i]);
            status = admit_error_set(err, ADMIT_ERULES, full, NULL, "%s",
                                     TR("tệp không được liệt kê trong pack.json",
                                        "not listed in pack.json"));
        }
    for (size_t i = 0; i < present_count; i++)
        free(present[i]);
    free(present);
    free(listed);
    return status;
}

enum admit_status pack_verify(const char *dir, const char *const *trust, size_t trust_count,
                              struct pack_info *info, struct admit_error *err)
{
    char manifest_path[1100], sig_path[1100], line[512], comment[512];
    char *manifest = NULL, *sig = NULL;
    size_t manifest_len = 0, sig_len = 0;
    unsigned char raw[74], global[64], pk[32];
    enum admit_status status;

    memset(info, 0, sizeof *info);
    if (sodium_init() < 0)
        return admit_error_set(err, ADMIT_EINTERNAL, dir, NULL, "libsodium does not initialise");
    snprintf(manifest_path, sizeof manifest_path, "%s/%s", dir, PACK_MANIFEST);
    snprintf(sig_path, sizeof sig_path, "%s/%s", dir, PACK_SIGNATURE);
    status = input_read(manifest_path, PACK_MANIFEST_MAX, &manifest, &manifest_len, err);
    if (status == ADMIT_OK)
        status = input_read(sig_path, 4096, &sig, &sig_len, err);
    if (status != ADMIT_OK) {
        free(manifest);
        return status == ADMIT_ENOMEM ? status : (err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES);
    }
    if (line_at(sig, 0, line, sizeof line) < 0 || strncmp(line, "untrusted comment:", 18) != 0 ||
        line_at(sig, 1, line, sizeof line) < 0 || decode(line, raw, sizeof raw) != 0 ||
        line_at(sig, 2, comment, sizeof comment) < 0 || strncmp(comment, "trusted comment: ", 17) != 0 ||
        line_at(sig, 3, line, sizeof line) < 0 || decode(line, global, sizeof global) != 0 ||
        raw[0] != 'E' || (raw[1] != 'D' && raw[1] != 'd')) {
        status = admit_error_set(err, ADMIT_ERULES, sig_path, NULL, "%s",
                                 TR("không phải chữ ký minisign (Ed25519)", "not a minisign (Ed25519) signature"));
        goto done;
    }
    key_id_text(raw + 2, info->key_id);
    snprintf(info->trusted_comment, sizeof info->trusted_comment, "%.*s",
             (int)sizeof info->trusted_comment - 1, comment + 17);
    if (find_key(trust, trust_count, raw + 2, pk) != 0) {
        status = admit_error_set(err, ADMIT_ERULES, sig_path, NULL,
                                 TR("khóa %s không có trong các khóa tin cậy (--trust)",
                                    "key %s is not among the trusted keys (--trust)"),
                                 info->key_id);
        goto done;
    }
    int bad;
    if (raw[1] == 'D') {   /* prehashed: the signature is over BLAKE2b-512 of the file */
        unsigned char hash[crypto_generichash_BYTES_MAX];
        crypto_generichash(hash, sizeof hash, (const unsigned char *)manifest, manifest_len, NULL, 0);
        bad = crypto_sign_verify_detached(raw + 10, hash, sizeof hash, pk) != 0;
    } else {
        bad = crypto_sign_verify_detached(raw + 10, (const unsigned char *)manifest, manifest_len, pk) != 0;
    }
    if (bad) {
        status = admit_error_set(err, ADMIT_ERULES, manifest_path, NULL,
                                 TR("chữ ký không hợp lệ với khóa %s: pack.json đã bị sửa sau khi ký, hoặc chữ ký sai",
                                    "the signature does not verify with key %s: pack.json changed after signing, or a bad signature"),
                                 info->key_id);
        goto done;
    }
    size_t clen = strlen(comment + 17);
    unsigned char *signed_comment = malloc(64 + clen);
    if (signed_comment == NULL) {
        status = admit_error_set(err, ADMIT_ENOMEM, sig_path, NULL, "out of memory");
        goto done;
    }
    memcpy(signed_comment, raw + 10, 64);
    memcpy(signed_comment + 64, comment + 17, clen);
    bad = crypto_sign_verify_detached(global, signed_comment, 64 + clen, pk) != 0;
    free(signed_comment);
    if (bad) {
        status = admit_error_set(err, ADMIT_ERULES, sig_path, NULL, "%s",
                                 TR("chữ ký của dòng \"trusted comment\" không hợp lệ",
                                    "the signature of the trusted comment does not verify"));
        goto done;
    }
    cJSON *doc = NULL;
    static const struct jsontext_limits limits = {16, PACK_FILES_MAX};
    status = jsontext_parse(manifest, manifest_len, manifest_path, &limits, &doc, err);
    if (status == ADMIT_OK)
        status = check_manifest(dir, manifest_path, doc, info, err);
    else if (status != ADMIT_ENOMEM)
        status = err ? (err->status = ADMIT_ERULES) : ADMIT_ERULES;
    cJSON_Delete(doc);
done:
    free(manifest);
    free(sig);
    return status;
}
