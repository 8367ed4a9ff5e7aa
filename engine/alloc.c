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

/* What an arena keeps of its chunks from one use to the next. */
#define ARENA_KEEP_BYTES ((size_t)512 << 10)

struct alloc_arena_chunk {
    struct alloc_arena_chunk *next;
    size_t size;                /* bytes of data */
    max_align_t data[];         /* blocks, aligned as malloc's */
};

/* The arena this thread's alloc_malloc bumps from (NULL: none), and the
 * first chunk of the last one it used, whose blocks alloc_free skips. */
static _Thread_local struct alloc_arena *routed;
static _Thread_local const struct alloc_arena_chunk *owned;

static int chunk_holds(const struct alloc_arena_chunk *c, const void *p)
{
    return (uintptr_t)p - (uintptr_t)c->data < c->size;
}

static struct alloc_arena_chunk *chunk_new(size_t size)
{
    struct alloc_arena_chunk *c = malloc(sizeof *c + size);
    if (c == NULL)
        return NULL;
    c->next = NULL;
    c->size = size;
    ARENA_NOACCESS(c->data, size);
    return c;
}

static void chunk_free(struct alloc_arena_chunk *c)
{
    ARENA_ACCESS(c->data, c->size);
    free(c);
}

/* Make room for `n` bytes in the chunk after the full one: the next one
 * kept from an earlier use, or a new one. */
static int arena_grow(struct alloc_arena *a, size_t n)
{
    struct alloc_arena_chunk *next = a->cur->next;
    if (next == NULL || next->size < n) {
        struct alloc_arena_chunk *c = chunk_new(a->first->size > n ? a->first->size : n);
        if (c == NULL)
            return -1;
        c->next = next;
        a->cur->next = c;
        next = c;
    }
    a->cur = next;
    a->used = 0;
    return 0;
}

/* Written only on failure; atomic because plugins may allocate from their threads. */
static _Atomic unsigned long failures;

void *alloc_malloc(size_t size)
{
    struct alloc_arena *a = routed;
    if (a != NULL) {
        size_t n = (size + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
        if (n < size || (a->cur->size - a->used < n && arena_grow(a, n) != 0)) {
            failures++;
            return NULL;
        }
        void *block = (char *)a->cur->data + a->used;
        a->used += n;
        ARENA_ACCESS(block, size);
        return block;
    }
    void *p = malloc(size);
    if (p == NULL)
        failures++;
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
    for (const struct alloc_arena_chunk *c = owned; c != NULL; c = c->next)
        if (chunk_holds(c, p))
            return;             /* the arena's: reused from its start next time */
    free(p);
}

void alloc_arena_begin(struct alloc_arena *arena, size_t size)
{
    if (arena->first == NULL)
        arena->first = chunk_new(size);
    routed = NULL;
    if (arena->first == NULL)
        return;
    /* The chunks of earlier uses are kept up to ARENA_KEEP_BYTES, for the
     * next records; beyond, a rare large dossier's are given back. */
    size_t kept = 0;
    for (struct alloc_arena_chunk *c = arena->first; c != NULL; c = c->next) {
        kept += c->size;
        while (c->next != NULL && kept + c->next->size > ARENA_KEEP_BYTES) {
            struct alloc_arena_chunk *drop = c->next;
            c->next = drop->next;
            chunk_free(drop);
        }
        ARENA_NOACCESS(c->data, c->size);
    }
    arena->cur = arena->first;
    arena->used = 0;
    owned = arena->first;
    routed = arena;
}

void alloc_arena_continue(struct alloc_arena *arena)
{
    if (arena->first == NULL)
        return;
    owned = arena->first;
    routed = arena;
}

void alloc_arena_end(void)
{
    routed = NULL;
}

int alloc_arena_holds(const struct alloc_arena *arena, const void *p)
{
    for (const struct alloc_arena_chunk *c = arena->first; c != NULL; c = c->next)
        if (chunk_holds(c, p))
            return 1;
    return 0;
}

void alloc_arena_release(struct alloc_arena *arena)
{
    if (owned == arena->first)
        owned = NULL;
    if (routed == arena)
        routed = NULL;
    for (struct alloc_arena_chunk *c = arena->first, *next; c != NULL; c = next) {
        next = c->next;
        chunk_free(c);
    }
    arena->first = arena->cur = NULL;
    arena->used = 0;
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
