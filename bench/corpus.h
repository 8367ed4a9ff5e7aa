/*
 * corpus.h - what the benchmarks share: the corpus in memory, a clock, a
 * median.  Benchmarks exit on any error: they measure, they do not recover.
 */
#ifndef ADMIT_BENCH_CORPUS_H
#define ADMIT_BENCH_CORPUS_H

#include <stddef.h>

struct corpus_file {
    char *name;     /* the file name within the corpus directory */
    char *text;     /* its bytes, NUL-terminated one past len */
    size_t len;
};

/*
 * Read every *.json file of `dir` into memory, sorted by name, and return
 * their number; *bytes (when not NULL) receives their total size.  `program`
 * names the caller in error messages.  Exits with status 2 on a read error or
 * an empty corpus.  The files live until the process ends.
 */
size_t corpus_load(const char *dir, const char *program, struct corpus_file **out, size_t *bytes);

/* Seconds on the monotonic clock. */
double bench_now(void);

/* The median of the n values of v (sorted in place). */
double bench_median(double *v, size_t n);

#endif
