/*
 * parse_only.c - the yardstick of the batch ratio (issue 11, `make bench`):
 * cJSON parse-only of every line of a JSON Lines file, one process.
 *
 *     parse_only FILE.jsonl
 *
 * Reads the file whole, then parses each line with cJSON_ParseWithLength and
 * frees it.  bench/audit.py runs it pinned to one core and reads its CPU time
 * (user + sys) from the kernel, like admit audit -j 1's over the same file.
 * Prints the number of lines parsed; exit 1 when a line does not parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse_only FILE.jsonl\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 1 << 20, len = 0, n;
    char *data = malloc(cap);
    while (data != NULL && (n = fread(data + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *more = realloc(data, cap *= 2);
            if (more == NULL)
                free(data);
            data = more;
        }
    }
    fclose(f);
    if (data == NULL) {
        fprintf(stderr, "parse_only: out of memory\n");
        return 2;
    }
    long lines = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - data) : len;
        if (end > at) {
            cJSON *doc = cJSON_ParseWithLength(data + at, end - at);
            if (doc == NULL) {
                fprintf(stderr, "parse_only: line %ld does not parse\n", lines + 1);
                return 1;
            }
            cJSON_Delete(doc);
            lines++;
        }
        at = end + 1;
    }
    free(data);
    printf("%ld\n", lines);
    return 0;
}
