/* json_libs_jsonc.c - json-c's half of json_libs (see json_libs.h). */
#include <json_object.h>
#include <json_tokener.h>

#include "json_libs.h"

static struct json_tokener *tok, *tok_strict;

int bench_jsonc_init(void)
{
    tok = json_tokener_new();
    tok_strict = json_tokener_new();
    if (tok == NULL || tok_strict == NULL)
        return -1;
    json_tokener_set_flags(tok_strict, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    return 0;
}

void bench_jsonc_done(void)
{
    json_tokener_free(tok);
    json_tokener_free(tok_strict);
}

static int parse_with(struct json_tokener *t, const char *text, size_t len, const char **why)
{
    json_tokener_reset(t);
    struct json_object *root = json_tokener_parse_ex(t, text, (int)len);
    if (root == NULL) {
        *why = json_tokener_error_desc(json_tokener_get_error(t));
        return -1;
    }
    int type = (int)json_object_get_type(root);
    json_object_put(root);
    return type;
}

int bench_jsonc(const char *text, size_t len, int strict, const char **why)
{
    return parse_with(strict ? tok_strict : tok, text, len, why);
}

int bench_jsonc_newtok(const char *text, size_t len, const char **why)
{
    struct json_tokener *t = json_tokener_new();
    if (t == NULL) {
        *why = "out of memory";
        return -1;
    }
    int type = parse_with(t, text, len, why);
    json_tokener_free(t);
    return type;
}
