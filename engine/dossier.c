/*
 * dossier.c - from bytes to a validated dossier.
 *
 * The schema is the single statement of the format: this module adds only
 * what a schema cannot say (strict JSON, see jsontext.c) and picks out the
 * few top-level values the engine itself needs.
 */
#include "dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jsontext.h"
#include "outcome.h"
#include "schema.h"

enum admit_status dossier_parse(const struct schema *schema, const char *source,
                                const char *text, size_t len, struct dossier **out,
                                struct admit_error *err)
{
    static const struct jsontext_limits limits = {DOSSIER_MAX_DEPTH, 1000};
    enum admit_status status;
    struct dossier *d = NULL;
    cJSON *root = NULL;

    *out = NULL;
    if (len > DOSSIER_MAX_BYTES)
        return admit_error_set(err, ADMIT_EINPUT, source, NULL,
                               TR("hồ sơ quá lớn: tối đa %d byte", "dossier too large: at most %d bytes"),
                               DOSSIER_MAX_BYTES);
    status = jsontext_parse(text, len, source, &limits, &root, err);
    if (status != ADMIT_OK)
        goto done;
    status = schema_validate(schema, root, err);
    if (status != ADMIT_OK) {
        if (err != NULL)
            snprintf(err->file, sizeof err->file, "%s", source);
        goto done;
    }
    d = calloc(1, sizeof *d);
    if (d == NULL) {
        status = admit_error_set(err, ADMIT_ENOMEM, source, NULL, "out of memory");
        goto done;
    }
    /* The schema guarantees these keys and their types. */
    d->root = root;
    d->id = cJSON_GetObjectItemCaseSensitive(root, "id")->valuestring;
    d->recognition = strcmp(cJSON_GetObjectItemCaseSensitive(root, "procedure")->valuestring,
                            "recognition") == 0;
    const cJSON *as_of = cJSON_GetObjectItemCaseSensitive(root, "as_of");
    d->as_of = dossier_node_is_date(as_of) ? dossier_node_day(as_of) : OUTCOME_NO_DAY;
    snprintf(d->source, sizeof d->source, "%s", source);
    root = NULL;
    *out = d;
done:
    cJSON_Delete(root);
    return status;
}

void dossier_free(struct dossier *dossier)
{
    if (dossier == NULL)
        return;
    cJSON_Delete(dossier->root);
    free(dossier);
}

const cJSON *dossier_lookup(const struct dossier *dossier, const char *path, int *malformed)
{
    const cJSON *node = dossier->root;
    const char *p = path;
    char key[128];

    if (malformed != NULL)
        *malformed = 0;
    while (*p != '\0' && node != NULL) {
        if (*p == '[') {
            char *end;
            long index = strtol(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || index < 0)
                goto bad;
            node = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, (int)index) : NULL;
            p = end + 1;
        } else {
            if (*p == '.') {
                if (p == path)
                    goto bad;
                p++;
            }
            size_t n = strcspn(p, ".[");
            if (n == 0 || n >= sizeof key)
                goto bad;
            memcpy(key, p, n);
            key[n] = '\0';
            node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, key) : NULL;
            p += n;
        }
    }
    return node;
bad:
    if (malformed != NULL)
        *malformed = 1;
    return NULL;
}

int dossier_node_is_date(const cJSON *node)
{
    return node != NULL && schema_is_date(node);
}

admit_day dossier_node_day(const cJSON *node)
{
    return schema_date_day(node);
}
