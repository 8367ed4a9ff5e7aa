/* schema_arrays.c - see schema_arrays.h. */
#include "schema_arrays.h"

#include <stdlib.h>
#include <string.h>

/* Nesting followed at most, and $ref hops per schema: a schema deeper or
 * more indirect than that names no further arrays. */
#define DEPTH_MAX 64
#define HOPS_MAX 16

/* Resolve a local "$ref" ("#/definitions/NAME") against the document. */
static const cJSON *resolve(const cJSON *doc, const cJSON *schema)
{
    for (int hops = 0; hops < HOPS_MAX && schema != NULL; hops++) {
        const cJSON *ref = cJSON_GetObjectItemCaseSensitive(schema, "$ref");
        if (!cJSON_IsString(ref))
            return schema;
        if (strncmp(ref->valuestring, "#/definitions/", 14) != 0)
            return NULL;
        schema = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(doc, "definitions"), ref->valuestring + 14);
    }
    return schema;
}

static int types_array(const cJSON *doc, const cJSON *schema)
{
    schema = resolve(doc, schema);
    if (schema == NULL)
        return 0;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(schema, "type"), *t;
    if (cJSON_IsString(type) && strcmp(type->valuestring, "array") == 0)
        return 1;
    cJSON_ArrayForEach(t, type)   /* no items unless an array */
        if (cJSON_IsString(t) && strcmp(t->valuestring, "array") == 0)
            return 1;
    static const char *const branches[] = {"anyOf", "oneOf"};
    for (int b = 0; b < 2; b++)
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(schema, branches[b]))
            if (types_array(doc, t))
                return 1;
    return 0;
}

struct keys {
    const char **names;
    size_t count, capacity;
    int oom;
};

static void add(struct keys *k, const char *name)
{
    if (k->count == k->capacity) {
        size_t capacity = k->capacity ? 2 * k->capacity : 16;
        const char **grown = realloc(k->names, capacity * sizeof *grown);
        if (grown == NULL) {
            k->oom = 1;
            return;
        }
        k->names = grown;
        k->capacity = capacity;
    }
    k->names[k->count++] = name;
}

static void collect(struct keys *k, const cJSON *doc, const cJSON *node, int depth)
{
    if (depth > DEPTH_MAX || node == NULL || k->oom)
        return;
    const cJSON *props = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, "properties")
                                              : NULL;
    const cJSON *prop, *child;
    cJSON_ArrayForEach(prop, props)   /* no members unless an object */
        if (types_array(doc, prop))
            add(k, prop->string);
    cJSON_ArrayForEach(child, node)
        if (cJSON_IsObject(child) || cJSON_IsArray(child))
            collect(k, doc, child, depth + 1);
}

const char **schema_array_keys(const cJSON *doc, size_t *count)
{
    struct keys k = {malloc(16 * sizeof *k.names), 0, 16, 0};
    if (k.names == NULL)
        return NULL;
    collect(&k, doc, doc, 0);
    if (k.oom) {
        free(k.names);
        return NULL;
    }
    *count = k.count;
    return k.names;
}
