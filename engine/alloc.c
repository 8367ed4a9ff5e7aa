/* alloc.c - allocation with failure accounting (see alloc.h). */
#include "alloc.h"

#include <stdlib.h>

#include <cjson/cJSON.h>
#ifdef ADMIT_MIMALLOC
#include <mimalloc.h>
#endif

/* Written only on failure; atomic because plugins may allocate from their threads. */
static _Atomic unsigned long failures;

void *alloc_malloc(size_t size)
{
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
    free(p);
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
