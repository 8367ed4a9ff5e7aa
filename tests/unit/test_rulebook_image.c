/*
 * test_rulebook_image.c - the shipped rulebook's build-time image
 * (engine/rulebook_image.h) is what the engine computes from the source
 * tree's rulebook: the catalogue entry for entry and in order, the schema's
 * array names; and a catalogue made from entries (messages_from_entries)
 * answers as a loaded one does.
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

#include <dirent.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "jsontext.h"
#include "messages.h"
#include "rulebook_image.h"
#include "messages_rulebook.h"
#include "rulebook_files.h"
#include "schema.h"
#include "schema_arrays.h"
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
    assert_memory_equal(digest, rulebook_image.texts_digest, sizeof digest);
    assert_int_equal(messages_count(m), rulebook_image.message_count);
    size_t labels = 0, sections = 0;   /* the schema's names are in it too */
    for (size_t i = 0; i < rulebook_image.message_count; i++) {
        labels += strncmp(rulebook_image.messages[i].code, "label.", 6) == 0;
        sections += strncmp(rulebook_image.messages[i].code, "section.", 8) == 0;
        struct message_text loaded;
        messages_entry(m, i, &loaded);
        const struct message_text *image = &rulebook_image.messages[i];
        if (strcmp(loaded.code, image->code) != 0 || strcmp(loaded.vi, image->vi) != 0 ||
            strcmp(loaded.en, image->en) != 0) {
            print_error("entry %zu: loaded \"%s\", image \"%s\"\n", i, loaded.code, image->code);
            fail();
        }
    }
    assert_true(labels > 0 && sections > 0 && labels + sections < rulebook_image.message_count);
    messages_free(m);
    rulebook_files_free(files);
}

/* The source tree's dossier schema, parsed as the engine parses it. */
static cJSON *read_source_schema(void)
{
    struct admit_error err;
    cJSON *schema = NULL;
    admit_error_clear(&err);
    if (jsontext_read_file("schemas/dossier.schema.json", &schema, &err) != ADMIT_OK) {
        support_print_error("schemas/dossier.schema.json (run from the repository root)", &err);
        fail();
    }
    return schema;
}

/* The image's array names are those schema_array_keys finds in the source
 * tree's dossier schema, in the same order; there are some, and the
 * dossier's introducers are among them. */
static void test_image_array_keys(void **state)
{
    (void)state;
    cJSON *schema = read_source_schema();
    size_t count = 0;
    const char **keys = schema_array_keys(schema, &count);
    assert_non_null(keys);
    assert_true(count > 0);
    assert_int_equal(count, rulebook_image.array_key_count);
    int introducers = 0;
    for (size_t i = 0; i < count; i++) {
        assert_string_equal(keys[i], rulebook_image.array_keys[i]);
        introducers |= strcmp(keys[i], "introducers") == 0;
    }
    assert_true(introducers);
    free(keys);
    cJSON_Delete(schema);
}

/* The image's schema is the source tree's, its annotations stripped, as
 * compact JSON. */
static void test_image_schema_text(void **state)
{
    (void)state;
    cJSON *schema = read_source_schema();
    schema_strip_annotations(schema);
    char *text = cJSON_PrintUnformatted(schema);
    assert_non_null(text);
    assert_int_equal(strlen(text), rulebook_image.schema_text_len);
    assert_string_equal(text, rulebook_image.schema_text);
    assert_null(strstr(text, "\"x-labels\""));
    assert_null(strstr(text, "\"description\""));
    free(text);
    cJSON_Delete(schema);
}

/* Annotations go wherever a schema is, and only there: a property named
 * like an annotation, enum and const values and unknown keywords stay. */
static void test_strip_only_annotations(void **state)
{
    (void)state;
    cJSON *doc = cJSON_Parse(
        "{\"title\": \"t\", \"x-steps\": {}, \"type\": \"object\","
        " \"properties\": {\"title\": {\"type\": \"string\", \"description\": \"d\"},"
        "   \"kind\": {\"enum\": [\"description\", {\"title\": 1}], \"x-labels\": {}},"
        "   \"list\": {\"type\": \"array\", \"items\": {\"$comment\": \"c\", \"const\": {\"default\": 2}}}},"
        " \"patternProperties\": {\"^x_\": {\"examples\": [1]}},"
        " \"additionalProperties\": {\"x-title-en\": \"e\"},"
        " \"definitions\": {\"a\": {\"anyOf\": [{\"title\": \"a1\", \"type\": \"null\"}],"
        "   \"oneOf\": [{\"x-description-en\": \"o\"}]}},"
        " \"x-unknown\": {\"title\": \"kept\"}}");
    assert_non_null(doc);
    schema_strip_annotations(doc);
    char *text = cJSON_PrintUnformatted(doc);
    assert_string_equal(text,
        "{\"type\":\"object\","
        "\"properties\":{\"title\":{\"type\":\"string\"},"
        "\"kind\":{\"enum\":[\"description\",{\"title\":1}]},"
        "\"list\":{\"type\":\"array\",\"items\":{\"const\":{\"default\":2}}}},"
        "\"patternProperties\":{\"^x_\":{}},"
        "\"additionalProperties\":{},"
        "\"definitions\":{\"a\":{\"anyOf\":[{\"type\":\"null\"}],\"oneOf\":[{}]}},"
        "\"x-unknown\":{\"title\":\"kept\"}}");
    free(text);
    cJSON_Delete(doc);
}

/* Both schemas' verdict on `instance` (validated on copies): the same
 * status and issues, message for message.  Returns 0 when alike. */
static int validate_alike(const struct schema *full, const struct schema *image,
                          const cJSON *instance)
{
    cJSON *a = cJSON_Duplicate(instance, 1), *b = cJSON_Duplicate(instance, 1);
    struct schema_issues ia = {0}, ib = {0};
    struct admit_error ea, eb;
    admit_error_clear(&ea);
    admit_error_clear(&eb);
    enum admit_status sa = schema_validate_all(full, a, NULL, &ia, &ea);
    enum admit_status sb = schema_validate_all(image, b, NULL, &ib, &eb);
    int differ = sa != sb || ia.count != ib.count || ia.total != ib.total ||
                 strcmp(ea.message, eb.message) != 0 || strcmp(ea.path, eb.path) != 0;
    for (size_t i = 0; !differ && i < ia.count; i++)
        differ = strcmp(ia.items[i].path, ib.items[i].path) != 0 ||
                 strcmp(ia.items[i].message, ib.items[i].message) != 0 ||
                 strcmp(ia.items[i].expected, ib.items[i].expected) != 0 ||
                 ia.items[i].at_key != ib.items[i].at_key;
    if (!differ) {   /* and the values as validated (dates marked alike) */
        char *pa = cJSON_PrintUnformatted(a), *pb = cJSON_PrintUnformatted(b);
        differ = pa == NULL || pb == NULL || strcmp(pa, pb) != 0;
        free(pa);
        free(pb);
    }
    schema_issues_release(&ia);
    schema_issues_release(&ib);
    cJSON_Delete(a);
    cJSON_Delete(b);
    return differ;
}

/* Link `item`, detached from `parent`, back before `next` (NULL: last).
 * (Debian's cJSON 1.7.15 refuses cJSON_InsertItemInArray of a detached
 * item before any member but the first.) */
static void put_back(cJSON *parent, cJSON *item, cJSON *next)
{
    if (next == NULL) {
        assert_true(cJSON_AddItemToArray(parent, item));   /* keeps the key */
        return;
    }
    item->next = next;
    item->prev = next->prev;   /* the last member, when next is the first */
    next->prev = item;
    if (next == parent->child)
        parent->child = item;
    else
        item->prev->next = item;
}

/* Every value of `node` (a part of `root`) replaced in turn by values of
 * other types, every member removed, an unknown member added to every
 * object: each variant of `root` validated by both schemas alike.
 * Counts the variants in *variants. */
static void mutate_and_compare(const struct schema *full, const struct schema *image, cJSON *root,
                               cJSON *node, size_t *variants)
{
    /* other types, bounds (a long string, a long array, large numbers), dates */
    static char long_string[4099], long_array[2 * 1001 + 2];   /* 1001 items */
    if (long_string[0] == '\0') {
        memset(long_string, 'a', sizeof long_string - 1);
        long_string[0] = long_string[sizeof long_string - 2] = '"';
        for (size_t i = 0; i + 2 < sizeof long_array; i += 2)
            memcpy(long_array + i, i == 0 ? "[0" : ",0", 2);
        long_array[sizeof long_array - 2] = ']';
    }
    const char *const replacements[] = {"null", "\"x\"", "12", "-1.5", "1e9", "-1e9", "true",
                                        "[]", "{}", "\"2020-02-30\"", "\"1990-01-01\"",
                                        long_string, long_array};
    for (size_t r = 0; r < sizeof replacements / sizeof replacements[0]; r++) {
        cJSON *now = cJSON_Parse(replacements[r]);
        assert_non_null(now);
        cJSON tmp = *node;   /* swap the node's content, keep its place and key */
        node->type = now->type;
        node->valuestring = now->valuestring;
        node->valueint = now->valueint;
        node->valuedouble = now->valuedouble;
        node->child = now->child;
        if (validate_alike(full, image, root) != 0) {
            char *text = cJSON_PrintUnformatted(root);
            print_error("validated differently: %s\n", text);
            free(text);
            fail();
        }
        (*variants)++;
        node->type = tmp.type;
        node->valuestring = tmp.valuestring;
        node->valueint = tmp.valueint;
        node->valuedouble = tmp.valuedouble;
        node->child = tmp.child;
        cJSON_Delete(now);
    }
    if (cJSON_IsObject(node)) {
        cJSON_AddNumberToObject(node, "zz_unknown", 1);
        assert_int_equal(validate_alike(full, image, root), 0);
        cJSON_Delete(cJSON_DetachItemFromObjectCaseSensitive(node, "zz_unknown"));
        (*variants)++;
    }
    for (cJSON *child = node->child; child != NULL; child = child->next) {
        if (cJSON_IsObject(node)) {   /* without this member, then put back in its place */
            cJSON *next = child->next;
            cJSON_DetachItemViaPointer(node, child);
            assert_int_equal(validate_alike(full, image, root), 0);
            (*variants)++;
            put_back(node, child, next);
        }
        mutate_and_compare(full, image, root, child, variants);
    }
}

/* The validator compiled from the image's schema accepts and refuses
 * exactly what the full schema's does, with the same messages: on every
 * example dossier and thousands of variants of them. */
static void test_image_schema_validates_alike(void **state)
{
    (void)state;
    struct admit_error err;
    cJSON *full_doc = read_source_schema(), *image_doc = NULL;
    struct schema *full = NULL, *image = NULL;
    size_t variants = 0, dossiers = 0;

    admit_error_clear(&err);
    image_doc = cJSON_ParseWithLength(rulebook_image.schema_text, rulebook_image.schema_text_len);
    assert_non_null(image_doc);
    assert_int_equal(schema_compile(full_doc, "full", &full, &err), ADMIT_OK);
    assert_int_equal(schema_compile(image_doc, "image", &image, &err), ADMIT_OK);

    DIR *d = opendir("examples");
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[512];
        cJSON *dossier = NULL;
        snprintf(path, sizeof path, "examples/%s", e->d_name);
        if (jsontext_read_file(path, &dossier, &err) != ADMIT_OK)
            continue;   /* not every example is a dossier */
        assert_int_equal(validate_alike(full, image, dossier), 0);
        mutate_and_compare(full, image, dossier, dossier, &variants);
        cJSON_Delete(dossier);
        dossiers++;
    }
    closedir(d);
    assert_true(dossiers >= 5);
    assert_true(variants > 1000);
    schema_free(full);
    schema_free(image);
    cJSON_Delete(full_doc);
    cJSON_Delete(image_doc);
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
    assert_int_equal(messages_from_entries(rulebook_image.messages, rulebook_image.message_count, "image",
                                           &made, &err),
                     ADMIT_OK);
    assert_int_equal(messages_count(made), messages_count(loaded));
    for (size_t i = 0; i < rulebook_image.message_count; i++) {
        const char *code = rulebook_image.messages[i].code;
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
    static const struct message_text twice[] = {
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
    static const struct message_text some[] = {{"x.ok", "được", "fine"}};
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
        cmocka_unit_test(test_image_array_keys),
        cmocka_unit_test(test_image_schema_text),
        cmocka_unit_test(test_strip_only_annotations),
        cmocka_unit_test(test_image_schema_validates_alike),
        cmocka_unit_test(test_texts_digest_repeats),
        cmocka_unit_test(test_from_entries_answers_alike),
        cmocka_unit_test(test_from_entries_duplicate),
        cmocka_unit_test(test_from_entries_then_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
