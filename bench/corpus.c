/* corpus.c - loading the benchmark corpus, timing helpers. */
#include "corpus.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(((const struct corpus_file *)a)->name, ((const struct corpus_file *)b)->name);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        perror(path);
        exit(2);
    }
    long n = ftell(f);
    rewind(f);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(2);
    }
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

size_t corpus_load(const char *dir, const char *program, struct corpus_file **out, size_t *bytes)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct corpus_file *files = NULL;
    size_t count = 0, alloc = 0, total = 0;
    if (d == NULL) {
        perror(dir);
        exit(2);
    }
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        char path[4096];
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        if (count == alloc) {
            alloc = alloc ? 2 * alloc : 256;
            files = realloc(files, alloc * sizeof *files);
            if (files == NULL)
                exit(3);
        }
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        files[count].name = strdup(e->d_name);
        files[count].text = read_all(path, &files[count].len);
        total += files[count].len;
        count++;
    }
    closedir(d);
    if (count == 0) {
        fprintf(stderr, "%s: no *.json in %s\n", program, dir);
        exit(2);
    }
    qsort(files, count, sizeof *files, compare_names);
    *out = files;
    if (bytes != NULL)
        *bytes = total;
    return count;
}
