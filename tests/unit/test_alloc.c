/*
 * test_alloc.c - the record arena of alloc.h: what alloc_malloc gives while
 * an arena is routed, what alloc_free does with it, the chunks it grows by,
 * malloc when nothing is routed, and cJSON trees made in it.  Under
 * AddressSanitizer the arena's unused part is poisoned, and a block of malloc
 * freed wrongly or not at all would be reported, so these cases also check
 * that nothing of the arena reaches free() and nothing of malloc is dropped.
 */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "alloc.h"

/* Blocks come from the arena, aligned as malloc's are, one after the other,
 * after a continue too; freeing them does nothing; the next begin starts
 * again from the start. */
static void test_blocks_from_the_arena(void **state)
{
    (void)state;
    struct alloc_arena a = ALLOC_ARENA_INIT;
    alloc_arena_begin(&a, 4096);
    char *x = alloc_malloc(1), *y = alloc_malloc(40), *z = alloc_malloc(16);
    alloc_arena_end();
    assert_true(alloc_arena_holds(&a, x) && alloc_arena_holds(&a, y) && alloc_arena_holds(&a, z));
    assert_int_equal((uintptr_t)x % alignof(max_align_t), 0);
    assert_int_equal((uintptr_t)y % alignof(max_align_t), 0);
    assert_int_equal((uintptr_t)z % alignof(max_align_t), 0);
    assert_true(y > x && z > y && (size_t)(y - x) < 64);
    memset(y, 'y', 40);                  /* usable, also under ASan */
    /* a second tree goes on after the first, which stays as it was */
    alloc_arena_continue(&a);
    char *w = alloc_malloc(8);
    alloc_arena_end();
    assert_true(alloc_arena_holds(&a, w) && w > z);
    assert_memory_equal(y, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", 40);
    alloc_free(x);
    alloc_free(y);
    alloc_free(z);
    alloc_free(w);
    alloc_arena_begin(&a, 4096);
    assert_ptr_equal(alloc_malloc(8), x);
    alloc_arena_end();
    alloc_arena_release(&a);
    assert_null(a.first);
}

/* A full chunk is followed by another (as large as a block needs), kept for
 * the next uses up to 512 KiB in all; nothing routed, a block is malloc's
 * and alloc_free frees it. */
static void test_chunks_and_malloc(void **state)
{
    (void)state;
    struct alloc_arena a = ALLOC_ARENA_INIT;
    alloc_arena_begin(&a, 256);
    char *small = alloc_malloc(200);
    char *next = alloc_malloc(100);      /* 208 used: no room for 112 more */
    char *huge = alloc_malloc(1000);     /* larger than a chunk */
    alloc_arena_end();
    char *after = alloc_malloc(8);
    assert_true(alloc_arena_holds(&a, small) && alloc_arena_holds(&a, next) &&
                alloc_arena_holds(&a, huge));
    assert_false(alloc_arena_holds(&a, after));
    memset(huge, 'h', 1000);
    memset(next, 'n', 100);
    alloc_free(huge);                    /* nothing: the arena's */
    alloc_free(next);
    alloc_free(after);                   /* leaked or double-freed: ASan says so */
    /* the next use runs through the same chunks */
    alloc_arena_begin(&a, 256);
    assert_ptr_equal(alloc_malloc(200), small);
    assert_ptr_equal(alloc_malloc(100), next);
    assert_ptr_equal(alloc_malloc(1000), huge);
    char *big = alloc_malloc(600 << 10);
    alloc_arena_end();
    assert_true(alloc_arena_holds(&a, big));
    memset(big, 'b', 600 << 10);
    /* a chunk past 512 KiB in all is given back; the others stay */
    alloc_arena_begin(&a, 256);
    alloc_arena_end();
    assert_false(alloc_arena_holds(&a, big));
    assert_true(alloc_arena_holds(&a, huge));
    alloc_arena_release(&a);
    /* after release nothing is the arena's: a block of malloc is freed */
    char *later = alloc_malloc(16);
    assert_non_null(later);
    alloc_free(later);
}

/* Two arenas used in turn on one thread, as a worker's records are: each
 * keeps its blocks while the other is begun, and a block of malloc freed
 * meanwhile is still freed. */
static void test_two_arenas(void **state)
{
    (void)state;
    struct alloc_arena a = ALLOC_ARENA_INIT, b = ALLOC_ARENA_INIT;
    alloc_arena_begin(&a, 1024);
    char *in_a = alloc_malloc(32);
    alloc_arena_end();
    memcpy(in_a, "kept while b is used", 21);
    alloc_arena_begin(&b, 1024);
    char *in_b = alloc_malloc(32);
    alloc_arena_end();
    assert_true(alloc_arena_holds(&a, in_a) && !alloc_arena_holds(&a, in_b));
    assert_true(alloc_arena_holds(&b, in_b) && !alloc_arena_holds(&b, in_a));
    char *plain = alloc_malloc(24);
    alloc_free(plain);
    assert_string_equal(in_a, "kept while b is used");
    alloc_arena_release(&a);
    alloc_arena_release(&b);
}

/* A dossier-like tree parsed in the arena reads as parsed; a value added
 * once routing ended is malloc's; the next parse reuses the same memory. */
static void test_cjson_tree_in_the_arena(void **state)
{
    (void)state;
    static const char text[] =
        "{\"id\":\"D-1\",\"candidate\":{\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n A\","
        "\"birth_date\":\"2000-01-02\"},\"opinions\":[{\"date\":\"2023-05-06\"},1,true,null]}";
    alloc_install_cjson_hooks();
    struct alloc_arena a = ALLOC_ARENA_INIT;
    cJSON *first_root = NULL;
    for (int round = 0; round < 3; round++) {
        alloc_arena_begin(&a, 64 << 10);
        cJSON *root = cJSON_ParseWithLength(text, sizeof text - 1);
        alloc_arena_end();
        assert_non_null(root);
        assert_true(alloc_arena_holds(&a, root));
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(root, "candidate"), "name");
        assert_true(alloc_arena_holds(&a, name) && alloc_arena_holds(&a, name->valuestring));
        assert_string_equal(name->valuestring, "Nguy\xe1\xbb\x85n V\xc4\x83n A");
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "opinions")), 4);
        cJSON *added = cJSON_CreateString("after the parse");
        assert_false(alloc_arena_holds(&a, added));
        cJSON_Delete(added);
        if (round == 0)
            first_root = root;
        else
            assert_ptr_equal(root, first_root);   /* the same memory, reused */
        cJSON_Delete(root);                        /* frees nothing of the arena */
    }
    alloc_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_from_the_arena),
        cmocka_unit_test(test_chunks_and_malloc),
        cmocka_unit_test(test_two_arenas),
        cmocka_unit_test(test_cjson_tree_in_the_arena),
    };
    return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
