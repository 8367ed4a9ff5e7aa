/* json_libs_jansson.c - jansson's half of json_libs (see json_libs.h). */
#include <jansson.h>

#include "json_libs.h"

const size_t bench_jansson_reject_duplicates = JSON_REJECT_DUPLICATES;

int bench_jansson(const char *text, size_t len, size_t flags, const char **why)
{
    static json_error_t e;   /* single-threaded benchmark */
    json_t *root = json_loadb(text, len, flags, &e);
    if (root == NULL) {
        *why = e.text;
        return -1;
    }
    int type = (int)json_typeof(root);
    json_decref(root);
    return type;
}
