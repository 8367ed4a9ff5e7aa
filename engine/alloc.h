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

#endif
