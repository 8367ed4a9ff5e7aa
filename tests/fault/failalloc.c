/*
 * failalloc.c - an LD_PRELOAD shim that makes one allocation fail, for the
 * fault-injection test (tests/e2e/oom.py, docs/architecture.md "Out of
 * memory").
 *
 *   FAILALLOC_AT=N   the Nth call of malloc, calloc or realloc (counted from
 *                    the shim's constructor, that is before main) returns NULL
 *                    with errno ENOMEM; the others succeed.  N = 0: none fails.
 *   FAILALLOC_TRACE=1  print the call stack of the failing call on stderr
 *                    (to find where a mishandled failure comes from).
 *   At exit the shim writes "failalloc: C calls, failed: yes|no" to the file
 *   named by FAILALLOC_REPORT, when set, so that the test knows whether the
 *   failure was reached and how many allocations a run makes.
 *
 * It wraps glibc's own __libc_malloc and friends (no dlsym, which itself
 * allocates).  Not for sanitizer builds: ASan replaces malloc itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static atomic_ulong calls;
static unsigned long fail_at;
static atomic_int failed;
static int armed;

__attribute__((constructor)) static void failalloc_start(void)
{
    const char *at = getenv("FAILALLOC_AT");
    fail_at = at != NULL ? strtoul(at, NULL, 10) : 0;
    armed = 1;
}

/* Whether this call is the one to fail. */
static int fail_now(void)
{
    if (!armed)
        return 0;
    unsigned long n = atomic_fetch_add(&calls, 1) + 1;
    if (fail_at == 0 || n != fail_at)
        return 0;
    atomic_store(&failed, 1);
    if (getenv("FAILALLOC_TRACE") != NULL) {
        void *frames[64];
        int n_frames = backtrace(frames, 64);
        backtrace_symbols_fd(frames, n_frames, 2);
    }
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t size)
{
    return fail_now() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    if (p != NULL && size == 0)   /* a free, not an allocation */
        return __libc_realloc(p, size);
    return fail_now() ? NULL : __libc_realloc(p, size);
}

__attribute__((destructor)) static void failalloc_report(void)
{
    const char *path = getenv("FAILALLOC_REPORT");
    if (path == NULL)
        return;
    char line[96];
    int n = snprintf(line, sizeof line, "failalloc: %lu calls, failed: %s\n",
                     (unsigned long)atomic_load(&calls), atomic_load(&failed) ? "yes" : "no");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        if (n > 0 && write(fd, line, (size_t)n) < 0)
            n = 0;
        close(fd);
    }
}
