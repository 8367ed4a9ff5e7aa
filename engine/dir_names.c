/* dir_names.c - a folder's files with a suffix, sorted (dir_names.h). */
#include "dir_names.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int dir_names(const char *dir, const char *suffix, char ***names, size_t *count)
{
    size_t n = 0, cap = 0, slen = strlen(suffix);
    char **list = NULL;
    struct dirent *e;

    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL && errno == ENOMEM) {
        alloc_note_failure();
        return -1;
    }
    if (d == NULL)
        return 1;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= slen || strcmp(e->d_name + len - slen, suffix) != 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **grown = realloc(list, cap * sizeof *list);
            if (grown == NULL)
                goto oom;
            list = grown;
        }
        if ((list[n] = strdup(e->d_name)) == NULL)
            goto oom;
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(list, n, sizeof *list, compare_names);
    *names = list;
    *count = n;
    return 0;
oom:
    closedir(d);
    dir_names_free(list, n);
    alloc_note_failure();
    return -1;
}

void dir_names_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
