/*
 * alloc.h - the engine's out-of-memory policy (docs/architecture.md, "Out of
 * memory").
 *
 * Every allocation failure must end the command with exit 3 and "out of
 * memory", never with wrong output.  Most code sees a NULL and reports
 * ADMIT_ENOMEM itself; libraries that fold an allocation failure into some
 * other answer (cJSON returns NULL both for bad JSON and for no memory) are
 * given this module's allocator, which counts failures, so that the caller
 * can tell the two apart: take alloc_failures() before the call, compare
 * after.
 */
#ifndef ADMIT_ALLOC_H
#define ADMIT_ALLOC_H

#include <stddef.h>

/* malloc and free that count failed allocations. */
void *alloc_malloc(size_t size);
void *alloc_realloc(void *p, size_t size);
void alloc_free(void *p);

/* Record an allocation failure seen elsewhere: an ADMIT_ENOMEM error
 * report (admit_error_set), a strbuf that could not grow, Lua's own
 * "not enough memory" after its retry. */
void alloc_note_failure(void);

/*
 * The number of allocation failures so far (alloc_malloc, alloc_realloc,
 * alloc_note_failure).  A command takes it before producing a result and
 * compares before printing: a difference means the result may be incomplete
 * (a cJSON_Add* that failed, a fact dropped), and the command ends with
 * exit 3 and "out of memory" instead of printing it.
 */
unsigned long alloc_failures(void);

/*
 * Ask the process's allocator to back its heap with the kernel's 2 MiB pages
 * where the kernel allows them (transparent huge pages in "madvise" mode):
 * a cold `admit check` touches about 1.3 MiB of fresh heap, which in 4 KiB
 * pages cost some 440 page faults, about a tenth of its CPU time; in 2 MiB
 * pages, one or two (docs/performance.md, change 27).  Call it first in main, before
 * the heap grows.  Does nothing when the build does not link mimalloc (the
 * sanitizers keep their own allocator) or when valgrind or a preloaded
 * allocator replaces malloc.
 */
void alloc_prefer_huge_pages(void);

/* Route cJSON's allocations through alloc_malloc/alloc_free (cJSON_InitHooks).
 * Called once at start, before any cJSON call. */
void alloc_install_cjson_hooks(void);

/*
 * A bump arena for the cJSON trees of one record at a time (its dossier's,
 * and its result line's when the audit compares it with a proposal).  A dossier's tree is a thousand small blocks (a node,
 * its key and its text each), made at once and done with at once: from an
 * arena they cost a pointer bump each and nothing to free, in memory the
 * previous record left warm in the cache, where the allocator's free lists
 * hand out blocks freed long before (docs/performance.md, changes 60-62).
 *
 * Between alloc_arena_begin (or _continue) and alloc_arena_end, the calling
 * thread's allocations through alloc_malloc (cJSON's, through its hooks) are
 * bumped off the arena, which grows by another chunk when one is full: a
 * tree made then is wholly in the arena (alloc_arena_holds of its root), or
 * wholly outside it when cJSON's hooks are not installed.  alloc_free of a
 * block of the thread's last arena does nothing; a tree in an arena is
 * never freed node by node, but with the arena: the next alloc_arena_begin
 * on it, or alloc_arena_release.  Contract: no tree of an arena is used
 * after that; an arena is begun again or released on the thread that used
 * it last, or once that thread has ended.  alloc_realloc is not routed
 * (cJSON does not call it with these hooks).
 */
struct alloc_arena_chunk;

struct alloc_arena {
    struct alloc_arena_chunk *first;   /* NULL until the first begin; kept from one to the next */
    struct alloc_arena_chunk *cur;     /* the chunk being filled */
    size_t used;                       /* bytes of `cur` handed out */
};

#define ALLOC_ARENA_INIT {NULL, NULL, 0}

/* Reuse the arena from its start, its first chunk of `size` bytes made the
 * first time (the chunks it grew by are kept for the next use, up to 512 KiB
 * in all; a larger use's others are given back), and route this thread's
 * alloc_malloc into it.  Without memory for the first chunk,
 * nothing is routed: allocations go to malloc as usual. */
void alloc_arena_begin(struct alloc_arena *arena, size_t size);

/* Route this thread's alloc_malloc into `arena` again, after what it holds
 * (a second tree for the same record). */
void alloc_arena_continue(struct alloc_arena *arena);

/* Stop routing this thread's allocations (its arena's blocks stay valid). */
void alloc_arena_end(void);

/* Whether `p` is a block of `arena`. */
int alloc_arena_holds(const struct alloc_arena *arena, const void *p);

/* Give the arena's memory back; its blocks must no longer be in use. */
void alloc_arena_release(struct alloc_arena *arena);

#endif
