/*
 * test_alloc.c - the dossier arena of alloc.h: what alloc_malloc gives while
 * an arena is routed, what alloc_free does with it, the fall back to malloc
 * when it is full or not routed, and a cJSON tree made in it.  Under
 * AddressSanitizer a block the arena did not hand out stays poisoned, and a
 * malloc'd block freed wrongly would be reported, so these cases also check
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

static int in_arena(const struct alloc_arena *a, const void *p)
{
    return (uintptr_t)p >= (uintptr_t)a->base && (uintptr_t)p < (uintptr_t)a->base + a->size;
}

/* Blocks come from the arena, aligned as malloc's are, one after the other,
 * after a continue too; freeing them does nothing; the next begin starts
 * again from the start. */
static void test_blocks_from_the_arena(void **state)
{
    (void)state;
    struct alloc_arena a = {NULL, 0, 0, 0};
    alloc_arena_begin(&a, 4096);
    assert_non_null(a.base);
    char *x = alloc_malloc(1), *y = alloc_malloc(40), *z = alloc_malloc(16);
    alloc_arena_end();
    assert_true(in_arena(&a, x) && in_arena(&a, y) && in_arena(&a, z));
    assert_ptr_equal(x, a.base);
    assert_int_equal((uintptr_t)y % alignof(max_align_t), 0);
    assert_int_equal((uintptr_t)z % alignof(max_align_t), 0);
    assert_true(y > x && z > y);
    memset(y, 'y', 40);                  /* usable, also under ASan */
    /* a second tree goes on after the first, which stays as it was */
    alloc_arena_continue(&a);
    char *w = alloc_malloc(8);
    alloc_arena_end();
    assert_true(in_arena(&a, w) && w > z);
    assert_memory_equal(y, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", 40);
    assert_int_equal(a.spilled, 0);
    alloc_free(x);
    alloc_free(y);
    alloc_free(z);
    alloc_free(w);
    alloc_arena_begin(&a, 4096);
    assert_ptr_equal(alloc_malloc(8), a.base);
    alloc_arena_end();
    alloc_arena_release(&a);
    assert_null(a.base);
}

/* A block the arena has no room for, and any block once routing ended,
 * comes from malloc and is freed by alloc_free. */
static void test_malloc_beyond_and_after(void **state)
{
    (void)state;
    struct alloc_arena a = {NULL, 0, 0, 0};
    alloc_arena_begin(&a, 256);
    char *small = alloc_malloc(200);
    char *big = alloc_malloc(100);       /* 208 used: no room for 112 more */
    char *huge = alloc_malloc(1000);
    alloc_arena_end();
    char *after = alloc_malloc(8);
    assert_true(in_arena(&a, small));
    assert_false(in_arena(&a, big));
    assert_false(in_arena(&a, huge));
    assert_false(in_arena(&a, after));
    assert_int_equal(a.spilled, 2);      /* the two routed ones only */
    assert_true(alloc_arena_holds(&a, small));
    assert_false(alloc_arena_holds(&a, big) || alloc_arena_holds(&a, after));
    memset(huge, 'h', 1000);
    alloc_free(big);                     /* leaked or double-freed: ASan says so */
    alloc_free(huge);
    alloc_free(after);
    alloc_free(small);
    alloc_arena_release(&a);
    /* after release nothing is the arena's: a block of malloc is freed */
    char *later = alloc_malloc(16);
    assert_non_null(later);
    alloc_free(later);
}

/* A dossier-like tree parsed in the arena reads as parsed, is deleted
 * without freeing its blocks, and the next parse reuses the same memory. */
static void test_cjson_tree_in_the_arena(void **state)
{
    (void)state;
    static const char text[] =
        "{\"id\":\"D-1\",\"candidate\":{\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n A\","
        "\"birth_date\":\"2000-01-02\"},\"opinions\":[{\"date\":\"2023-05-06\"},1,true,null]}";
    alloc_install_cjson_hooks();
    struct alloc_arena a = {NULL, 0, 0, 0};
    cJSON *first_root = NULL;
    for (int round = 0; round < 3; round++) {
        alloc_arena_begin(&a, 64 << 10);
        cJSON *root = cJSON_ParseWithLength(text, sizeof text - 1);
        alloc_arena_end();
        assert_non_null(root);
        assert_true(in_arena(&a, root));
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(root, "candidate"), "name");
        assert_true(in_arena(&a, name) && in_arena(&a, name->valuestring));
        assert_string_equal(name->valuestring, "Nguy\xe1\xbb\x85n V\xc4\x83n A");
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "opinions")), 4);
        /* a value added once routing ended is malloc's, and freed with the tree */
        assert_non_null(cJSON_AddStringToObject(root, "added", "after the parse"));
        assert_false(in_arena(&a, cJSON_GetObjectItemCaseSensitive(root, "added")));
        if (round == 0)
            first_root = root;
        else
            assert_ptr_equal(root, first_root);   /* the same memory, reused */
        cJSON_Delete(root);
    }
    alloc_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_from_the_arena),
        cmocka_unit_test(test_malloc_beyond_and_after),
        cmocka_unit_test(test_cjson_tree_in_the_arena),
    };
    return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
