/*
 * test_messages_image.c - the shipped catalogue's build-time image
 * (engine/messages_image.h) is the catalogue the engine loads from the
 * source tree's rulebook, entry for entry and in order, and a catalogue made
 * from entries (messages_from_entries) answers as a loaded one does.
 *
 * Run from the repository root (rules/, schemas/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "messages.h"
#include "messages_image.h"
#include "messages_rulebook.h"
#include "rulebook_files.h"
#include "support.h"

/* The catalogue of the source tree's rulebook, loaded from its files as a
 * ruleset without the image loads it; *files_out keeps the files read. */
static struct messages *load_from_files(struct rulebook_files **files_out)
{
    struct admit_error err;
    struct rulebook_files *files = NULL;
    struct messages *m = NULL;
    cJSON *schema = NULL;
    admit_error_clear(&err);
    if (rulebook_files_read("rules", "schemas", &files, &err) != ADMIT_OK ||
        messages_load_rulebook(files, "rules/messages", &m, &err) != ADMIT_OK ||
        rulebook_files_json(files, RULEBOOK_SCHEMA, "dossier.schema.json",
                            "schemas/dossier.schema.json", &schema, &err) != ADMIT_OK ||
        messages_add_schema_names(m, schema, "schemas/dossier.schema.json", &err) != ADMIT_OK) {
        support_print_error("rules/ (run from the repository root)", &err);
        fail();
    }
    cJSON_Delete(schema);
    *files_out = files;
    return m;
}

/* The image was made from these very files: same digest of their texts,
 * and every entry equal to the loaded catalogue's, in the same order. */
static void test_image_is_the_loaded_catalogue(void **state)
{
    (void)state;
    struct rulebook_files *files;
    struct messages *m = load_from_files(&files);
    unsigned char digest[SHA256_DIGEST_SIZE];

    assert_int_equal(rulebook_files_texts_digest(files, digest), 0);
    assert_memory_equal(digest, messages_image.texts_digest, sizeof digest);
    assert_int_equal(messages_count(m), messages_image.count);
    size_t labels = 0, sections = 0;   /* the schema's names are in it too */
    for (size_t i = 0; i < messages_image.count; i++) {
        labels += strncmp(messages_image.entries[i].code, "label.", 6) == 0;
        sections += strncmp(messages_image.entries[i].code, "section.", 8) == 0;
        struct messages_image_entry loaded;
        messages_entry(m, i, &loaded);
        const struct messages_image_entry *image = &messages_image.entries[i];
        if (strcmp(loaded.code, image->code) != 0 || strcmp(loaded.vi, image->vi) != 0 ||
            strcmp(loaded.en, image->en) != 0) {
            print_error("entry %zu: loaded \"%s\", image \"%s\"\n", i, loaded.code, image->code);
            fail();
        }
    }
    assert_true(labels > 0 && sections > 0 && labels + sections < messages_image.count);
    messages_free(m);
    rulebook_files_free(files);
}

/* The digest of the texts names the bytes: it is the ruleset digest's start
 * finished, and stays the same when asked twice (the files' own state is not
 * consumed). */
static void test_texts_digest_repeats(void **state)
{
    (void)state;
    struct admit_error err;
    struct rulebook_files *files = NULL;
    unsigned char a[SHA256_DIGEST_SIZE], b[SHA256_DIGEST_SIZE], c[SHA256_DIGEST_SIZE];
    struct sha256 h;

    admit_error_clear(&err);
    assert_int_equal(rulebook_files_read("rules", "schemas", &files, &err), ADMIT_OK);
    assert_int_equal(rulebook_files_texts_digest(files, a), 0);
    assert_int_equal(rulebook_files_texts_digest(files, b), 0);
    assert_memory_equal(a, b, sizeof a);
    assert_int_equal(rulebook_files_hash(files, &h, &err), ADMIT_OK);
    sha256_final(&h, c);
    assert_memory_equal(a, c, sizeof a);
    rulebook_files_free(files);
}

/* A catalogue made from the image finds every code's two texts and the
 * rule-specific or generic template a rule asks for, as the loaded one. */
static void test_from_entries_answers_alike(void **state)
{
    (void)state;
    struct admit_error err;
    struct rulebook_files *files;
    struct messages *loaded = load_from_files(&files), *made = NULL;

    admit_error_clear(&err);
    assert_int_equal(messages_from_entries(messages_image.entries, messages_image.count, "image",
                                           &made, &err),
                     ADMIT_OK);
    assert_int_equal(messages_count(made), messages_count(loaded));
    for (size_t i = 0; i < messages_image.count; i++) {
        const char *code = messages_image.entries[i].code;
        for (int lang = ADMIT_LANG_VI; lang <= ADMIT_LANG_EN; lang++)
            assert_string_equal(messages_find(made, code, (enum admit_lang)lang),
                                messages_find(loaded, code, (enum admit_lang)lang));
    }
    assert_null(messages_find(made, "no.such.code", ADMIT_LANG_VI));
    assert_string_equal(messages_for_rule(made, "age.min", "ok", ADMIT_LANG_EN),
                        messages_for_rule(loaded, "age.min", "ok", ADMIT_LANG_EN));
    messages_free(made);
    messages_free(loaded);
    rulebook_files_free(files);
}

/* Codes given twice are refused as a loaded catalogue refuses them. */
static void test_from_entries_duplicate(void **state)
{
    (void)state;
    static const struct messages_image_entry twice[] = {
        {"b.code", "b vi", "b en"}, {"a.code", "a vi", "a en"}, {"b.code", "again", "again"}};
    struct admit_error err;
    struct messages *m = (struct messages *)&err;   /* must be set to NULL */

    admit_error_clear(&err);
    assert_int_equal(messages_from_entries(twice, 3, "image", &m, &err), ADMIT_ERULES);
    assert_null(m);
    assert_string_equal(err.file, "image");
    assert_string_equal(err.path, "b.code");
}

/* A committee profile's message file is added to an image's catalogue as
 * to a loaded one: its codes found, a code the catalogue holds refused. */
static void test_from_entries_then_add(void **state)
{
    (void)state;
    static const struct messages_image_entry some[] = {{"x.ok", "được", "fine"}};
    char dir[64], path[128];
    struct admit_error err;
    struct messages *m = NULL;

    admit_error_clear(&err);
    assert_int_equal(support_temp_dir(dir, sizeof dir, "image"), 0);
    snprintf(path, sizeof path, "%s/extra.json", dir);
    support_write_text(path, "{\"y.ok\": {\"vi\": \"thêm\", \"en\": \"more\"}}");
    assert_int_equal(messages_from_entries(some, 1, "image", &m, &err), ADMIT_OK);
    assert_int_equal(messages_add(m, path, &err), ADMIT_OK);
    assert_string_equal(messages_find(m, "y.ok", ADMIT_LANG_VI), "thêm");
    assert_string_equal(messages_find(m, "x.ok", ADMIT_LANG_EN), "fine");
    assert_int_equal(messages_count(m), 2);
    support_write_text(path, "{\"x.ok\": {\"vi\": \"lại\", \"en\": \"again\"}}");
    assert_int_equal(messages_add(m, path, &err), ADMIT_ERULES);
    assert_string_equal(err.path, "x.ok");
    messages_free(m);
    support_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_is_the_loaded_catalogue),
        cmocka_unit_test(test_texts_digest_repeats),
        cmocka_unit_test(test_from_entries_answers_alike),
        cmocka_unit_test(test_from_entries_duplicate),
        cmocka_unit_test(test_from_entries_then_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
