/* rulebook_files.c - the rulebook's files, read once (see rulebook_files.h). */
#include "rulebook_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_names.h"
#include "i18n.h"
#include "input.h"
#include "jsontext.h"

/* A file the digest covers is read whole up to this size (a larger one is
 * refused by its loader, and by the digest as before). */
#define RULEBOOK_FILE_MAX (16u << 20)

/* The folders of the groups under the rules folder, and their suffixes. */
static const struct {
    const char *dir, *suffix;
} group_dirs[] = {
    [RULEBOOK_DATA] = {"", ".json"},
    [RULEBOOK_MESSAGES] = {"messages", ".json"},
    [RULEBOOK_RULES] = {"", ".lua"},
    [RULEBOOK_LIBS] = {"lib", ".lua"},
};
#define LISTED_GROUPS (sizeof group_dirs / sizeof group_dirs[0])

struct rulebook_files {
    struct rulebook_file *items;   /* in the digest's order, by group */
    size_t count;
    int complete;                  /* every file was read: `digest` holds them all */
    struct sha256 digest;          /* the files hashed, when complete (rulebook_files_hash) */
    size_t first[RULEBOOK_SCHEMA + 2];   /* items of group g: first[g] .. first[g + 1] */
    char rules_dir[1024], schemas_dir[1024];
};

static enum admit_status out_of_memory(struct admit_error *err)
{
    return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
}

/* The folder `file`'s name (rel) is relative to. */
static const char *folder_of(const struct rulebook_files *f, const struct rulebook_file *file)
{
    return file->group == RULEBOOK_SCHEMA ? f->schemas_dir : f->rules_dir;
}

/* Add one file to a digest: its name as the digest names it, its
 * terminator, then its text. */
static void hash_text(struct sha256 *h, const char *rel, const char *text, size_t len)
{
    sha256_update(h, rel, strlen(rel) + 1);
    sha256_update(h, text, len);
}

enum admit_status rulebook_files_hash_file(struct sha256 *h, const char *dir, const char *rel,
                                           struct admit_error *err)
{
    char path[2100], *text = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    enum admit_status status = input_read(path, RULEBOOK_FILE_MAX, &text, &len, err);
    if (status != ADMIT_OK)
        return status;
    hash_text(h, rel, text, len);
    free(text);
    return ADMIT_OK;
}

/* Append a file of `group` named `name`, read if it can be. */
static enum admit_status add_file(struct rulebook_files *f, size_t *alloc,
                                  enum rulebook_group group, const char *name,
                                  struct admit_error *err)
{
    if (f->count == *alloc) {
        size_t next = *alloc ? *alloc * 2 : 64;
        struct rulebook_file *grown = realloc(f->items, next * sizeof *grown);
        if (grown == NULL)
            return out_of_memory(err);
        f->items = grown;
        *alloc = next;
    }
    struct rulebook_file *file = &f->items[f->count];
    const char *dir = group == RULEBOOK_SCHEMA ? "" : group_dirs[group].dir;
    size_t dir_len = strlen(dir), name_len = strlen(name);
    memset(file, 0, sizeof *file);
    file->group = group;
    file->name = strdup(name);
    file->rel = malloc(dir_len + 1 + name_len + 1);
    if (file->name == NULL || file->rel == NULL) {
        free(file->name);
        free(file->rel);
        return out_of_memory(err);
    }
    if (dir_len > 0)
        snprintf(file->rel, dir_len + 1 + name_len + 1, "%s/%s", dir, name);
    else
        memcpy(file->rel, name, name_len + 1);
    f->count++;

    char path[2100];
    struct admit_error ignored;
    snprintf(path, sizeof path, "%s/%s", folder_of(f, file), file->rel);
    enum admit_status status = input_read(path, RULEBOOK_FILE_MAX, &file->text, &file->len,
                                          &ignored);
    if (status == ADMIT_ENOMEM)
        return out_of_memory(err);
    if (status != ADMIT_OK)
        file->text = NULL;   /* its loader, or the digest, reads it and says why */
    return ADMIT_OK;
}

enum admit_status rulebook_files_read(const char *rules_dir, const char *schemas_dir,
                                      struct rulebook_files **out, struct admit_error *err)
{
    struct rulebook_files *f = calloc(1, sizeof *f);
    size_t alloc = 0;
    enum admit_status status = ADMIT_OK;
    *out = NULL;
    if (f == NULL)
        return out_of_memory(err);
    snprintf(f->rules_dir, sizeof f->rules_dir, "%s", rules_dir);
    snprintf(f->schemas_dir, sizeof f->schemas_dir, "%s", schemas_dir);
    for (size_t g = 0; g < LISTED_GROUPS && status == ADMIT_OK; g++) {
        char dir[1100], **names = NULL;
        size_t count = 0;
        snprintf(dir, sizeof dir, "%s%s%s", rules_dir, group_dirs[g].dir[0] ? "/" : "",
                 group_dirs[g].dir);
        f->first[g] = f->count;
        int listed = dir_names(dir, group_dirs[g].suffix, &names, &count);
        if (listed < 0)
            status = out_of_memory(err);
        for (size_t i = 0; i < count && status == ADMIT_OK; i++)
            status = add_file(f, &alloc, (enum rulebook_group)g, names[i], err);
        dir_names_free(names, count);
    }
    f->first[RULEBOOK_SCHEMA] = f->count;
    if (status == ADMIT_OK)
        status = add_file(f, &alloc, RULEBOOK_SCHEMA, "dossier.schema.json", err);
    f->first[RULEBOOK_SCHEMA + 1] = f->count;
    if (status != ADMIT_OK) {
        rulebook_files_free(f);
        return status;
    }
    /* Hashed now, so that a text can be dropped once it is loaded. */
    f->complete = 1;
    for (size_t i = 0; i < f->count; i++)
        f->complete &= f->items[i].text != NULL;
    if (f->complete) {
        sha256_init(&f->digest);
        for (size_t i = 0; i < f->count; i++)
            hash_text(&f->digest, f->items[i].rel, f->items[i].text, f->items[i].len);
    }
    *out = f;
    return ADMIT_OK;
}

void rulebook_files_free(struct rulebook_files *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->count; i++) {
        free(f->items[i].name);
        free(f->items[i].rel);
        free(f->items[i].text);
    }
    free(f->items);
    free(f);
}

const struct rulebook_file *rulebook_files_group(const struct rulebook_files *f,
                                                 enum rulebook_group group, size_t *count)
{
    *count = f->first[group + 1] - f->first[group];
    return f->items + f->first[group];
}

const struct rulebook_file *rulebook_files_find(const struct rulebook_files *f,
                                               enum rulebook_group group, const char *name,
                                               size_t max)
{
    size_t count;
    const struct rulebook_file *files = f != NULL ? rulebook_files_group(f, group, &count) : NULL;
    for (size_t i = 0; files != NULL && i < count; i++)
        if (strcmp(files[i].name, name) == 0)
            return files[i].text != NULL && files[i].len <= max ? &files[i] : NULL;
    return NULL;
}

void rulebook_files_drop(struct rulebook_files *f, enum rulebook_group group)
{
    if (f == NULL || !f->complete)   /* the digest would read them again */
        return;
    for (size_t i = f->first[group]; i < f->first[group + 1]; i++) {
        free(f->items[i].text);
        f->items[i].text = NULL;
    }
}

enum admit_status rulebook_files_hash(const struct rulebook_files *f, struct sha256 *h,
                                      struct admit_error *err)
{
    if (f->complete) {   /* every text was hashed when read: continue from there */
        *h = f->digest;
        return ADMIT_OK;
    }
    sha256_init(h);
    enum admit_status status = ADMIT_OK;
    for (size_t i = 0; i < f->count && status == ADMIT_OK; i++) {
        const struct rulebook_file *file = &f->items[i];
        if (file->text != NULL)
            hash_text(h, file->rel, file->text, file->len);
        else   /* not read at first: read now, or say why not */
            status = rulebook_files_hash_file(h, folder_of(f, file), file->rel, err);
    }
    return status;
}

int rulebook_files_texts_digest(const struct rulebook_files *f,
                                unsigned char out[SHA256_DIGEST_SIZE])
{
    if (!f->complete)
        return -1;
    struct sha256 h = f->digest;   /* the files' own state goes on to the profiles */
    sha256_final(&h, out);
    return 0;
}

enum admit_status rulebook_files_json(const struct rulebook_files *f, enum rulebook_group group,
                                      const char *name, const char *path, cJSON **out,
                                      struct admit_error *err)
{
    const struct rulebook_file *file = rulebook_files_find(f, group, name, JSONTEXT_FILE_MAX);
    if (file == NULL)
        return jsontext_read_file(path, out, err);
    *out = NULL;
    return jsontext_parse_file(path, file->text, file->len, out, err);
}
