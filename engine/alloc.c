/* alloc.c - allocation with failure accounting (see alloc.h). */
#include "alloc.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>
#ifdef ADMIT_MIMALLOC
#include <mimalloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_POISON 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_POISON 1
#endif
#endif
#ifdef ARENA_POISON
/* Under AddressSanitizer the arena's free part is poisoned, so a block of
 * a freed dossier read after the next alloc_arena_begin is still caught. */
#include <sanitizer/asan_interface.h>
#define ARENA_NOACCESS(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define ARENA_ACCESS(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ARENA_NOACCESS(p, n) ((void)(p), (void)(n))
#define ARENA_ACCESS(p, n) ((void)(p), (void)(n))
#endif

/* The arena this thread's alloc_malloc bumps from (NULL: none), and the
 * address range of the last one it used, whose blocks alloc_free skips. */
static _Thread_local struct alloc_arena *routed;
static _Thread_local uintptr_t owned_base, owned_size;

/* Written only on failure; atomic because plugins may allocate from their threads. */
static _Atomic unsigned long failures;

void *alloc_malloc(size_t size)
{
    struct alloc_arena *a = routed;
    if (a != NULL) {
        size_t n = (size + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
        if (n >= size && a->size - a->used >= n) {
            void *block = a->base + a->used;
            a->used += n;
            ARENA_ACCESS(block, size);
            return block;
        }
    }
    void *p = malloc(size);
    if (p == NULL)
        failures++;
    if (a != NULL)
        a->spilled++;
    return p;
}

void *alloc_realloc(void *p, size_t size)
{
    void *q = realloc(p, size);
    if (q == NULL && size != 0)
        failures++;
    return q;
}

void alloc_free(void *p)
{
    if ((uintptr_t)p - owned_base < owned_size)
        return;                 /* the arena's: reused from its start next time */
    free(p);
}

void alloc_arena_begin(struct alloc_arena *arena, size_t size)
{
    if (arena->base == NULL) {
        arena->base = malloc(size);
        arena->size = arena->base != NULL ? size : 0;
    }
    arena->used = 0;
    arena->spilled = 0;
    ARENA_NOACCESS(arena->base, arena->size);
    owned_base = (uintptr_t)arena->base;
    owned_size = arena->size;
    routed = arena->base != NULL ? arena : NULL;
}

void alloc_arena_continue(struct alloc_arena *arena)
{
    routed = arena->base != NULL ? arena : NULL;
}

void alloc_arena_end(void)
{
    routed = NULL;
}

int alloc_arena_holds(const struct alloc_arena *arena, const void *p)
{
    return arena->base != NULL && (uintptr_t)p - (uintptr_t)arena->base < arena->size;
}

void alloc_arena_release(struct alloc_arena *arena)
{
    if (arena->base == NULL)
        return;
    if (owned_base == (uintptr_t)arena->base)
        owned_base = owned_size = 0;
    if (routed == arena)
        routed = NULL;
    ARENA_ACCESS(arena->base, arena->size);
    free(arena->base);
    arena->base = NULL;
    arena->size = arena->used = 0;
}

void alloc_note_failure(void)
{
    failures++;
}

unsigned long alloc_failures(void)
{
    return failures;
}

void alloc_install_cjson_hooks(void)
{
    cJSON_Hooks hooks = {alloc_malloc, alloc_free};
    cJSON_InitHooks(&hooks);
}

void alloc_prefer_huge_pages(void)
{
#ifdef ADMIT_MIMALLOC
    /* mimalloc reads the option each time it asks the kernel for memory, and
     * reserves its first arena after main starts: set now, it applies to
     * the whole heap.  A kernel without huge pages ignores the advice. */
    mi_option_enable(mi_option_large_os_pages);
#endif
}
