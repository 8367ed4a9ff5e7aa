#include "suggest.h"

#include <stdint.h>
#include <string.h>

#define SUGGEST_MAX_LEN 64

size_t suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
        return SIZE_MAX;
    /* Three rows of the dynamic-programming table: i-2, i-1 and i. */
    size_t rows[3][SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        rows[1][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t *cur = rows[(i + 1) % 3], *prev = rows[i % 3], *prev2 = rows[(i + 2) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;           /* substitute or keep */
            if (prev[j] + 1 < best)
                best = prev[j] + 1;                     /* delete */
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;                  /* insert */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;                /* transpose */
            cur[j] = best;
        }
    }
    return rows[(la + 1) % 3][lb];
}

const char *suggest_closest(const char *word, const char *const *candidates, size_t n)
{
    size_t len = strlen(word);
    size_t limit = len / 3;
    if (limit < 1)
        limit = 1;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = suggest_distance(word, candidates[i]);
        if (d == 0 || d >= best_distance)
            continue;
        best = candidates[i];
        best_distance = d;
    }
    return best;
}
